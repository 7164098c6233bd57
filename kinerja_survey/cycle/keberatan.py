"""Keberatan (objection) to a published predikat, PermenPANRB 6/2022.

* The employee files a keberatan with a reason within ``keberatan_days`` working days (default
  14) of the publication, from their own personal link (or HR on their behalf).
* The Pejabat Penilai (the employee's atasan) adds an explanation (tanggapan).
* The atasan of the Pejabat Penilai decides within ``decision_days`` working days (default 7)
  of the filing: ``tetap`` (confirm) or ``ubah`` (a new predikat), with a reason.  The decision
  becomes a new published version.

Working days skip weekends and Indonesian public holidays from the maintained ``holidays``
package (country ``"ID"``).  HR sees every keberatan with its deadlines (``keberatan_status``)
and can act on an official's behalf; the audit log names the person acting.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from ..i18n import Msg
from ..store import Store, StoreError
from .core import CycleError

ROLE_EMPLOYEE, ROLE_PENILAI, ROLE_ATASAN = "pegawai", "pejabat_penilai", "atasan_pejabat_penilai"


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset:
    import holidays

    return frozenset(holidays.country_holidays("ID", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not an Indonesian public holiday (``holidays``, country ID)."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (a date or datetime; ``start`` itself not counted).

    >>> add_working_days(dt.date(2027, 8, 13), 1)  # Friday; Monday 16 is a working day
    datetime.date(2027, 8, 16)
    >>> add_working_days(dt.date(2027, 8, 16), 1)  # 17 August: Hari Kemerdekaan
    datetime.date(2027, 8, 18)
    """
    day = pd.Timestamp(start).date()
    left = int(n)
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def _today(today) -> dt.date:
    return pd.Timestamp(today).date() if today is not None else dt.date.today()


def keberatan_deadline(store: Store, cycle_id: int) -> dt.date | None:
    """The last day to file a keberatan (None when the cycle is not published)."""
    at = store.first_published_at(cycle_id)
    if at is None:
        return None
    days = int(store.publications_frame(cycle_id)["keberatan_days"].iloc[0])
    return add_working_days(at, days)


def _fmt(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def file_keberatan(store: Store, cycle_id: int, nip: str, reason: str, *, actor: str, today=None) -> int:
    """File an employee's keberatan against their published predikat.

    Raises ``CycleError`` when the cycle is not published or the window has passed (the message
    names the last day).
    """
    from .calibration import published_people

    deadline = keberatan_deadline(store, cycle_id)
    if deadline is None:
        raise CycleError("cycle.keb_not_published")
    day = _today(today)
    if day > deadline:
        raise CycleError("cycle.keb_late", date=_fmt(deadline),
                         days=int(store.publications_frame(cycle_id)["keberatan_days"].iloc[0]))
    people = published_people(store, cycle_id)
    mine = people[people["nip"].astype(str) == str(nip)]
    if mine.empty or not isinstance(mine["predikat"].iloc[0], str):
        raise CycleError("cycle.keb_no_predikat")
    decision_days = int(store.publications_frame(cycle_id)["decision_days"].iloc[0])
    try:
        return store.file_keberatan(cycle_id, nip, reason, predikat_awal=mine["predikat"].iloc[0],
                                    decide_by=add_working_days(day, decision_days), actor=actor)
    except StoreError as exc:
        raise CycleError(exc.key, **exc.fields) from None


def explain_keberatan(store: Store, keberatan_id: int, explanation: str, *, actor: str) -> None:
    """The Pejabat Penilai's explanation (or HR's on their behalf: say so in ``actor``)."""
    try:
        store.explain_keberatan(keberatan_id, explanation, actor=actor)
    except StoreError as exc:
        raise CycleError(exc.key, **exc.fields) from None


def decide_keberatan(store: Store, keberatan_id: int, decision: str, reason: str, *, predikat: str | None = None,
                     actor: str) -> int:
    """The decision (``"tetap"`` or ``"ubah"`` with ``predikat``); returns the new version number."""
    try:
        return store.decide_keberatan(keberatan_id, decision, reason, predikat=predikat, actor=actor)
    except StoreError as exc:
        raise CycleError(exc.key, **exc.fields) from None


def keberatan_status(store: Store, cycle_id: int, today=None) -> pd.DataFrame:
    """HR's table: every keberatan with its step, deadline and whether it is late.

    Columns ``id, nip, nama, predikat_awal, status, tahap, batas_keputusan, terlambat,
    penilai_nama, atasan_penilai_nama, keputusan, predikat_akhir, versi``.
    """
    k = store.keberatan_frame(cycle_id)
    day = _today(today)
    step = {s: Msg(f"cycle.step_{s}") for s in ("diajukan", "dijelaskan", "diputuskan")}
    out = pd.DataFrame({
        "id": k["id"], "nip": k["nip"], "nama": k["nama"], "predikat_awal": k["predikat_awal"], "status": k["status"],
        "tahap": k["status"].map(step), "batas_keputusan": k["decide_by"],
        "terlambat": [(s != "diputuskan") and day > pd.Timestamp(d).date() for s, d in zip(k["status"], k["decide_by"])],
        "penilai_nama": k["penilai_nama"].fillna(Msg("cycle.keb_nobody")),
        "atasan_penilai_nama": k["atasan_penilai_nama"].fillna(Msg("cycle.keb_nobody")),
        "keputusan": k["decision"].fillna(""), "predikat_akhir": k["predikat_akhir"].fillna(""),
        "versi": k["version"]})
    return out


def roles_for(store: Store, cycle_id: int, nip: str) -> dict[str, pd.DataFrame]:
    """What a person's link may do with keberatan: their own (``pegawai``), those to explain as
    Pejabat Penilai, those to decide as atasan of the Pejabat Penilai."""
    k = store.keberatan_frame(cycle_id)
    nip = str(nip)
    return {ROLE_EMPLOYEE: k[k["nip"].astype(str) == nip],
            ROLE_PENILAI: k[(k["penilai_nip"].astype(str) == nip) & (k["status"] == "diajukan")],
            ROLE_ATASAN: k[(k["atasan_penilai_nip"].astype(str) == nip) & (k["status"] == "dijelaskan")]}
