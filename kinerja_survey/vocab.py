"""The PermenPANRB 6/2022 vocabulary: rating and predikat labels and their accepted spellings.

A base module (no analysis): the store checks hasil kerja and overrides against it, the
collecting code reads e-Kinerja/SIASN exports with it, and ``analysis.predikat`` computes with it.
numpy and pandas are imported inside the functions that need them, so the labels and
``canonical_label`` can be used where they are not loaded (the rater kernel).
"""

from __future__ import annotations

import math
import re

from .errors import KinerjaError
from .i18n import Msg


class LabelError(KinerjaError, ValueError):
    """A rating or predikat label that is not one of the regulation's (message names the choices)."""


DIBAWAH = "Dibawah Ekspektasi"
SESUAI = "Sesuai Ekspektasi"
DIATAS = "Diatas Ekspektasi"
RATING_LABELS = (DIBAWAH, SESUAI, DIATAS)

SANGAT_BAIK = "Sangat Baik"
BAIK = "Baik"
BUTUH_PERBAIKAN = "Butuh Perbaikan"
KURANG = "Kurang/Misconduct"
SANGAT_KURANG = "Sangat Kurang"
PREDIKAT_LABELS = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)

#: Predikat kinerja organisasi (it sets the kurva distribusi), best first.
ORG_PREDIKAT_LABELS = ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")

def label_key(label) -> str:
    """The lookup key of a label: lower case without spaces, underscores, dashes, dots or slashes."""
    return re.sub(r"[\s_\-./]+", "", str(label).strip().lower())


RATING_ALIASES = {
    "dibawahekspektasi": DIBAWAH, "dibawah": DIBAWAH,
    "sesuaiekspektasi": SESUAI, "sesuai": SESUAI,
    "diatasekspektasi": DIATAS, "diatas": DIATAS,
}
PREDIKAT_ALIASES = {
    "sangatbaik": SANGAT_BAIK, "baik": BAIK, "butuhperbaikan": BUTUH_PERBAIKAN,
    "kurangmisconduct": KURANG, "kurang": KURANG, "misconduct": KURANG, "sangatkurang": SANGAT_KURANG,
}
ORG_ALIASES = {
    "istimewa": "Istimewa", "baik": "Baik", "butuhperbaikan": "Butuh Perbaikan",
    "butuhperbaikancukup": "Butuh Perbaikan", "cukup": "Butuh Perbaikan",
    "kurang": "Kurang", "sangatkurang": "Sangat Kurang",
}


def is_missing(value) -> bool:
    """True for None, NA, NaT and float NaN (a missing label)."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def canonical_label(value, aliases: dict, what: str, allowed) -> str:
    """The canonical label of ``value``; ``what`` is the i18n key naming the kind of label."""
    if isinstance(value, str):
        found = aliases.get(label_key(value))
        if found is not None:
            return found
    raise LabelError("vocab.unknown", what=Msg(what), value=repr(value), choices=", ".join(allowed))


def _as_series(values, name: str):
    import numpy as np
    import pandas as pd

    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (pd.Index, np.ndarray, list, tuple)):
        return pd.Series(list(values), name=name, dtype=object)
    raise LabelError("vocab.not_values", name=name, got=type(values).__name__)


def canonical_labels(values, aliases: dict, what: str, allowed, name: str):
    """Canonical labels of a Series/array-like (object dtype, NaN where missing)."""
    import pandas as pd

    s = _as_series(values, name)
    obj = s.astype(object)
    uniq = pd.unique(obj[obj.notna()])
    mapping = {u: canonical_label(u, aliases, what, allowed) for u in uniq}
    return pd.Series(obj.map(mapping).to_numpy(dtype=object), index=s.index, name=s.name, dtype=object)


def normalise_rating(label):
    """Canonical spelling of a rating label (``"di atas ekspektasi"`` -> ``"Diatas Ekspektasi"``).

    Short forms ``"Diatas"``, ``"Sesuai"``, ``"Dibawah"`` are accepted.  Scalars or Series.
    """
    import numpy as np
    import pandas as pd

    if np.ndim(label) == 0 and not isinstance(label, pd.Series):
        return np.nan if is_missing(label) else canonical_label(label, RATING_ALIASES, "vocab.what_rating", RATING_LABELS)
    out = canonical_labels(label, RATING_ALIASES, "vocab.what_rating", RATING_LABELS, "rating")
    return like_input(out, label)


def normalise_predikat(label):
    """Canonical spelling of an employee predikat (``"kurang"`` -> ``"Kurang/Misconduct"``)."""
    import numpy as np
    import pandas as pd

    if np.ndim(label) == 0 and not isinstance(label, pd.Series):
        return np.nan if is_missing(label) else canonical_label(label, PREDIKAT_ALIASES, "vocab.what_predikat",
                                                          PREDIKAT_LABELS)
    out = canonical_labels(label, PREDIKAT_ALIASES, "vocab.what_predikat", PREDIKAT_LABELS, "predikat")
    return like_input(out, label)


def like_input(out, template):
    """Return ``out`` as a Series (str dtype) when the input was a Series, else as an ndarray."""
    import pandas as pd

    if isinstance(template, pd.Series):
        return pd.Series(out.to_numpy(dtype=object), index=template.index, name=out.name)
    return out.to_numpy(dtype=object)


def normalise_org_predikat(label) -> str:
    """Canonical organisation predikat (``"cukup"`` -> ``"Butuh Perbaikan"``); ``LabelError`` otherwise."""
    return canonical_label(label, ORG_ALIASES, "vocab.what_org_predikat", ORG_PREDIKAT_LABELS)
