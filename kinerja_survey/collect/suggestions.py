"""The library of development suggestions per competency (``data/saran_pengembangan.yaml``).

HR may replace it with its own YAML file ``{competency code: [suggestion, ...]}``; reports
suggest from it for each ratee's weakest competencies.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..i18n import Msg
from .instrument import InstrumentError

SUGGESTIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "saran_pengembangan.yaml"


@lru_cache(maxsize=8)
def _load_suggestions_cached(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return parse_suggestions(data, path)


def parse_suggestions(data, source: str | None = None) -> dict[str, tuple[str, ...]]:
    """Check a suggestion table ``{competency code: [suggestion, ...]}`` (e.g. read from YAML)
    and return it with stripped texts; ``InstrumentError`` (a ``ValueError``) naming ``source``
    (default "tabel saran") and the code otherwise."""
    if source is None:
        source = Msg("collect.source_suggestions")
    if not isinstance(data, dict):
        raise InstrumentError("collect.suggestions_not_map", path=source)
    out = {}
    for code, items in data.items():
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
            raise InstrumentError("collect.suggestions_not_list", path=source, code=repr(code))
        out[str(code)] = tuple(s.strip() for s in items)
    return out


def load_suggestions(path=None) -> dict[str, tuple[str, ...]]:
    """Development suggestions per competency code (Bahasa Indonesia).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file ``{competency code: [suggestion, ...]}``; default the built-in BerAKHLAK
        table ``kinerja_survey/data/saran_pengembangan.yaml``.

    Raises
    ------
    InstrumentError
        (a ``ValueError``) The file is not a mapping of codes to lists of texts.
    """
    return dict(_load_suggestions_cached(str(path or SUGGESTIONS_FILE)))
