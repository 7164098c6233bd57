"""The library of development suggestions per competency (``data/saran_pengembangan.yaml``).

HR may replace it with its own YAML file ``{competency code: [suggestion, ...]}``; reports
suggest from it for each ratee's weakest competencies.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

SUGGESTIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "saran_pengembangan.yaml"


@lru_cache(maxsize=8)
def _load_suggestions_cached(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return parse_suggestions(data, path)


def parse_suggestions(data, source: str = "tabel saran") -> dict[str, tuple[str, ...]]:
    """Check a suggestion table ``{competency code: [suggestion, ...]}`` (e.g. read from YAML)
    and return it with stripped texts; ``ValueError`` naming ``source`` and the code otherwise."""
    if not isinstance(data, dict):
        raise ValueError(f"{source}: tabel saran harus berupa peta kode kompetensi -> daftar saran")
    out = {}
    for code, items in data.items():
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
            raise ValueError(f"{source}: saran untuk {code!r} harus berupa daftar teks")
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
    ValueError
        The file is not a mapping of codes to lists of texts.
    """
    return dict(_load_suggestions_cached(str(path or SUGGESTIONS_FILE)))
