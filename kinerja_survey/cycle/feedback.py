"""Continuous feedback for HR: the counts of notes (never their texts) and the peer-notes setting.

Supervisors (and peers, when HR enables it) write the notes through their own rater links
(``apps.feedback``, ``store.feedback``); HR sees how many notes each unit received per BerAKHLAK
value, so that it can follow up where no feedback is given at all.
"""

from __future__ import annotations

import pandas as pd

from ..store import Store
from ..store.feedback import PEER_FEEDBACK_SETTING


def feedback_summary(store: Store, cycle_id: int) -> pd.DataFrame:
    """Notes per unit and value: ``unit_kerja, value_code, atasan, rekan, pegawai`` (notes by
    supervisors, by peers, and the number of people they are about); the texts are never read."""
    store.cycle(cycle_id)  # an unknown cycle is an error, not an empty table
    counts = store.feedback_counts(cycle_id)
    cols = ["unit_kerja", "value_code", "atasan", "rekan", "pegawai"]
    if counts.empty:
        return pd.DataFrame(columns=cols)
    wide = counts.pivot_table(index=["unit_kerja", "value_code"], columns="author_role", values="n",
                              aggfunc="sum", fill_value=0)
    people = counts.groupby(["unit_kerja", "value_code"])["nip"].nunique()
    out = pd.DataFrame({"atasan": wide.get("supervisor", 0), "rekan": wide.get("peer", 0), "pegawai": people})
    return out.reset_index().astype({"atasan": int, "rekan": int, "pegawai": int})[cols]


def peer_feedback_enabled(store: Store) -> bool:
    return bool(store.setting(PEER_FEEDBACK_SETTING, False))


def set_peer_feedback(store: Store, enabled: bool, *, actor: str) -> None:
    """Allow (or stop) peers writing feedback notes; recorded in the audit log with ``actor``."""
    store.set_setting(PEER_FEEDBACK_SETTING, bool(enabled), actor=actor)


__all__ = ["feedback_summary", "peer_feedback_enabled", "set_peer_feedback"]
