"""Rating Hasil Kerja files, as e-Kinerja / SIASN exports them, read and checked row by row.

``read_hasil_kerja(source, roster_nips, cycle_nips)`` maps the header spellings of the exports
(``NIP``, ``NIP Baru``, ``Rating Hasil Kerja``, ``Hasil Kerja``, ``Predikat Hasil Kerja`` ...)
onto ``nip, rating``, normalises the labels (``vocab.normalise_rating``: ``"di atas
ekspektasi"``, ``"Diatas"`` ...) and checks every row: unknown NIP (not in the roster), NIP not
rated in the cycle, unknown or empty label, a NIP twice.  It never stops at the first problem:
``HasilKerjaError`` carries every bad row, and only a file without errors reaches the store.

Row numbers are the spreadsheet's own: the header is row 1, the first person row 2.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ..errors import KinerjaError
from ..i18n import Msg
from ..vocab import normalise_rating
from .nip import normalise_nip
from .roster import RosterError, RowError, read_table

_ALIASES = {
    "nip": ["nip", "nip baru", "nip pegawai", "nomor induk pegawai", "nip/nippk", "nip/ni pppk", "ni pppk",
            "nip pns"],
    "rating": ["rating", "rating hasil kerja", "hasil kerja", "rating hasil", "nilai hasil kerja",
               "predikat hasil kerja", "rating kinerja hasil kerja", "rating hk", "hasil kerja pegawai",
               "rating skp", "capaian hasil kerja"],
}


class HasilKerjaError(RosterError):
    """The hasil kerja file has errors; ``errors`` lists every one (row, field, message)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors, source=Msg("collect.source_hasil_kerja"))


def _key(header) -> str:
    s = unicodedata.normalize("NFKC", str(header)).strip().lower()
    return re.sub(r"\s+", " ", re.sub(r"[_\-.:]", " ", s)).strip()


def read_hasil_kerja(source, roster_nips, cycle_nips=None, *, sheet=0) -> pd.DataFrame:
    """Read and check a hasil kerja file; returns ``nip, rating, row`` (canonical labels).

    Parameters
    ----------
    source : path, ``(name, bytes)`` or DataFrame
        CSV (``,`` or ``;``) or XLSX.
    roster_nips : iterable of str
        Every NIP in the roster.
    cycle_nips : iterable of str, optional
        NIPs rated in the cycle; a NIP outside it is an error.

    Raises
    ------
    HasilKerjaError
        Every bad row (and missing columns), nothing returned.
    """
    table = read_table(source, sheet=sheet, check_header=None)
    lookup = {_key(a): canon for canon, aliases in _ALIASES.items() for a in aliases}
    mapping, errors = {}, []
    for col in table.columns:
        canon = lookup.get(_key(col))
        if canon is None:
            continue
        if canon in mapping.values():
            errors.append(RowError(1, str(col), Msg("collect.column_twice_any", canon=canon)))
            continue
        mapping[col] = canon
    for need in ("nip", "rating"):
        if need not in mapping.values():
            errors.append(RowError(1, need, Msg("collect.column_missing", column=need,
                                                columns=", ".join(map(str, table.columns)))))
    if errors:
        raise HasilKerjaError(errors)
    frame = table.rename(columns=mapping)[["nip", "rating"]]
    roster = {str(n) for n in roster_nips}
    in_cycle = None if cycle_nips is None else {str(n) for n in cycle_nips}
    rows, seen = [], {}
    for pos, (raw_nip, raw_rating) in enumerate(zip(frame["nip"], frame["rating"]), start=2):
        nip = normalise_nip(raw_nip)
        label_text = "" if raw_rating is None or (isinstance(raw_rating, float) and raw_rating != raw_rating) \
            else str(raw_rating).strip()
        if not nip and not label_text:
            continue  # an empty line
        ok = True
        if not nip:
            errors.append(RowError(pos, "nip", Msg("collect.nip_empty")))
            ok = False
        elif nip not in roster:
            errors.append(RowError(pos, "nip", Msg("collect.nip_not_in_roster", nip=nip)))
            ok = False
        elif in_cycle is not None and nip not in in_cycle:
            errors.append(RowError(pos, "nip", Msg("collect.nip_not_rated", nip=nip)))
            ok = False
        elif nip in seen:
            errors.append(RowError(pos, "nip", Msg("collect.hk_nip_twice", nip=nip, row=seen[nip])))
            ok = False
        if nip:
            seen.setdefault(nip, pos)
        label = None
        if not label_text:
            errors.append(RowError(pos, "rating", Msg("collect.hk_rating_empty")))
            ok = False
        else:
            try:
                label = normalise_rating(label_text)
            except KinerjaError as exc:  # vocab.LabelError
                errors.append(RowError(pos, "rating", exc.as_msg()))
                ok = False
        if ok:
            rows.append({"nip": nip, "rating": label, "row": pos})
    if errors:
        raise HasilKerjaError(errors)
    if not rows:
        raise HasilKerjaError([RowError(0, "nip", Msg("collect.no_rows"))])
    return pd.DataFrame(rows, columns=["nip", "rating", "row"])
