"""Keberatan (objection) to a published predikat, PermenPANRB 6/2022.

* The employee files a keberatan with a reason within ``keberatan_days`` working days (default
  14) of the publication, from their own personal link (or HR on their behalf).
* The Pejabat Penilai (the employee's atasan) adds an explanation (tanggapan).
* The atasan of the Pejabat Penilai decides within ``decision_days`` working days (default 7)
  of the filing: ``tetap`` (confirm) or ``ubah`` (a new rating hasil kerja, rating perilaku
  and/or predikat), with a reason.  The final predikat is the kuadran of the final ratings or an
  override with its reason.  The decision becomes a new published version.
* Both windows are checked by the store on its one clock (``Store(url, clock=...)``).

Working days skip weekends and Indonesian public holidays from the maintained ``holidays``
package (country ``"ID"``).  HR sees every keberatan with its deadlines (``keberatan_status``)
and can act on an official's behalf; the audit log names the person acting.
"""

from __future__ import annotations

import datetime as dt
import pandas as pd

from ..analysis.predikat import KUADRAN
from ..i18n import Msg, local_time
from ..store import Store, StoreError
from ..store.calibration import add_working_days, is_working_day  # noqa: F401 - re-exported
from .core import CycleError

ROLE_EMPLOYEE, ROLE_PENILAI, ROLE_ATASAN = "pegawai", "pejabat_penilai", "atasan_pejabat_penilai"


def _today(store: Store) -> dt.date:
    """Today on the store's clock (``Store(url, clock=...)``), the one clock of every window, in the
    installation's zone (``i18n.local_time``)."""
    return local_time(store.now()).date()


def keberatan_deadline(store: Store, cycle_id: int) -> dt.date | None:
    """The last day to file a keberatan (None when the cycle is not published)."""
    at = store.first_published_at(cycle_id)
    if at is None:
        return None
    days = int(store.publications_frame(cycle_id)["keberatan_days"].iloc[0])
    return add_working_days(at, days)


def _fmt(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def file_keberatan(store: Store, cycle_id: int, nip: str, reason: str, *, actor: str, received=None) -> int:
    """File an employee's keberatan against their published predikat.

    The store checks the window on its clock (``Store.now``): no later than ``keberatan_days``
    working days after the publication; the decision is then due ``decision_days`` working days
    after the filing.  ``received``: the day a keberatan on paper was received (HR records it
    later; not in the future).  Raises ``CycleError`` when the cycle is not published, the
    window has passed (the message names the last day) or the person has no published predikat.
    """
    try:
        return store.file_keberatan(cycle_id, nip, reason, actor=actor, received=received)
    except StoreError as exc:
        raise CycleError(exc.key, **exc.fields) from None


def explain_keberatan(store: Store, keberatan_id: int, explanation: str, *, actor: str) -> None:
    """The Pejabat Penilai's explanation (or HR's on their behalf: say so in ``actor``)."""
    try:
        store.explain_keberatan(keberatan_id, explanation, actor=actor)
    except StoreError as exc:
        raise CycleError(exc.key, **exc.fields) from None


def decide_keberatan(store: Store, keberatan_id: int, decision: str, reason: str, *, predikat: str | None = None,
                     hasil_kerja: str | None = None, perilaku: str | None = None, actor: str) -> int:
    """The decision: ``"tetap"``, or ``"ubah"`` changing the rating hasil kerja, the rating perilaku
    and/or the predikat (each a label; the decision's reason covers every change).  Returns the
    new version number.

    The final predikat is the PermenPANRB 6/2022 kuadran (``analysis.predikat.KUADRAN``) of the
    final ratings, unless ``predikat`` is given: then it is an override carrying the reason.
    Refused after the decision's ``decide_by`` day (store clock).
    """
    try:
        return store.decide_keberatan(keberatan_id, decision, reason, predikat=predikat, hasil_kerja=hasil_kerja,
                                      perilaku=perilaku, matrix=KUADRAN, actor=actor)
    except StoreError as exc:
        raise CycleError(exc.key, **exc.fields) from None


def keberatan_status(store: Store, cycle_id: int) -> pd.DataFrame:
    """HR's table: every keberatan with its step, deadline and whether it is late.

    Columns ``id, nip, nama, predikat_awal, status, tahap, batas_keputusan, terlambat,
    penilai_nama, atasan_penilai_nama, keputusan, predikat_akhir, versi``.
    """
    k = store.keberatan_frame(cycle_id)
    day = _today(store)
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
