"""The PermenPANRB 6/2022 vocabulary: rating and predikat labels and their accepted spellings.

A base module (no analysis): the store checks hasil kerja and overrides against it, the
collecting code reads e-Kinerja/SIASN exports with it, and ``analysis.predikat`` computes with it.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

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

def _key(label) -> str:
    return re.sub(r"[\s_\-./]+", "", str(label).strip().lower())


_RATING_ALIASES = {
    "dibawahekspektasi": DIBAWAH, "dibawah": DIBAWAH,
    "sesuaiekspektasi": SESUAI, "sesuai": SESUAI,
    "diatasekspektasi": DIATAS, "diatas": DIATAS,
}
_PREDIKAT_ALIASES = {
    "sangatbaik": SANGAT_BAIK, "baik": BAIK, "butuhperbaikan": BUTUH_PERBAIKAN,
    "kurangmisconduct": KURANG, "kurang": KURANG, "misconduct": KURANG, "sangatkurang": SANGAT_KURANG,
}
_ORG_ALIASES = {
    "istimewa": "Istimewa", "baik": "Baik", "butuhperbaikan": "Butuh Perbaikan",
    "butuhperbaikancukup": "Butuh Perbaikan", "cukup": "Butuh Perbaikan",
    "kurang": "Kurang", "sangatkurang": "Sangat Kurang",
}


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _canonical(value, aliases: dict, what: str, allowed) -> str:
    """The canonical label of ``value``; ``what`` is the i18n key naming the kind of label."""
    if isinstance(value, str):
        found = aliases.get(_key(value))
        if found is not None:
            return found
    raise LabelError("vocab.unknown", what=Msg(what), value=repr(value), choices=", ".join(allowed))


def _as_series(values, name: str) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (pd.Index, np.ndarray, list, tuple)):
        return pd.Series(list(values), name=name, dtype=object)
    raise LabelError("vocab.not_values", name=name, got=type(values).__name__)


def _labels(values, aliases: dict, what: str, allowed, name: str) -> pd.Series:
    """Canonical labels of a Series/array-like (object dtype, NaN where missing)."""
    s = _as_series(values, name)
    obj = s.astype(object)
    uniq = pd.unique(obj[obj.notna()])
    mapping = {u: _canonical(u, aliases, what, allowed) for u in uniq}
    return pd.Series(obj.map(mapping).to_numpy(dtype=object), index=s.index, name=s.name, dtype=object)


def normalise_rating(label):
    """Canonical spelling of a rating label (``"di atas ekspektasi"`` -> ``"Diatas Ekspektasi"``).

    Short forms ``"Diatas"``, ``"Sesuai"``, ``"Dibawah"`` are accepted.  Scalars or Series.
    """
    if np.ndim(label) == 0 and not isinstance(label, pd.Series):
        return np.nan if _missing(label) else _canonical(label, _RATING_ALIASES, "vocab.what_rating", RATING_LABELS)
    out = _labels(label, _RATING_ALIASES, "vocab.what_rating", RATING_LABELS, "rating")
    return _finish(out, label)


def normalise_predikat(label):
    """Canonical spelling of an employee predikat (``"kurang"`` -> ``"Kurang/Misconduct"``)."""
    if np.ndim(label) == 0 and not isinstance(label, pd.Series):
        return np.nan if _missing(label) else _canonical(label, _PREDIKAT_ALIASES, "vocab.what_predikat",
                                                          PREDIKAT_LABELS)
    out = _labels(label, _PREDIKAT_ALIASES, "vocab.what_predikat", PREDIKAT_LABELS, "predikat")
    return _finish(out, label)


def _finish(out: pd.Series, template):
    """Return ``out`` as a Series (str dtype) when the input was a Series, else as an ndarray."""
    if isinstance(template, pd.Series):
        return pd.Series(out.to_numpy(dtype=object), index=template.index, name=out.name)
    return out.to_numpy(dtype=object)

