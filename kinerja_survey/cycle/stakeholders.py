"""Stakeholder raters (*pemangku kepentingan*): people outside the roster rate an employee.

Another agency's officer or a member of the public served is added per ratee with a contact and
gets a link of their own; their answers form the group ``stakeholder`` with its own anonymity
threshold (default 3) and weight (default 0: shown beside the score, not in it, until HR sets a
weight in ``ScoringConfig``)::

    links = add_stakeholders(store, cid, pd.DataFrame({"nip": [...], "nama": [...], "kontak": [...],
                                                       "instansi": [...]}), actor="budi")
    results = load_results(store, cid, ScoringConfig(weights={..., "stakeholder": 0.1}))
"""

from __future__ import annotations

import pandas as pd

from ..collect.nip import normalise_nip
from ..collect.roster import RowError
from ..errors import KinerjaError
from ..i18n import Join, Msg
from ..store import Store, StoreError
from .core import CycleError, link_base, link_url

STAKEHOLDER_COLUMNS = ("nip", "nama", "kontak")


def add_stakeholders(store: Store, cycle_id: int, table: pd.DataFrame, *, actor: str,
                     base_url: str | None = None) -> pd.DataFrame:
    """Add stakeholder raters from a table ``nip`` (the employee rated), ``nama``, ``kontak``
    (e-mail or phone) and optional ``instansi``; returns ``stakeholder_id, nip, nama, kontak,
    token, tautan`` (the plain links: send each once, only hashes are stored).

    Every row is checked first; a bad row raises ``CycleError`` naming the row and nothing is
    added.
    """
    missing = [c for c in STAKEHOLDER_COLUMNS if c not in table.columns]
    if missing:
        raise CycleError("cycle.sh_columns", cols=", ".join(missing))
    roster = set(store.employees_frame()["nip"].astype(str))
    rows, errors = [], []
    for n, rec in enumerate(table.to_dict("records"), start=2):
        try:
            nip = normalise_nip(rec["nip"])
        except ValueError as exc:
            errors.append(RowError(n, "nip", exc.as_msg() if isinstance(exc, KinerjaError) else str(exc)))
            continue
        if nip not in roster:
            errors.append(RowError(n, "nip", Msg("cycle.sh_ratee", nip=nip)))
        for col in ("nama", "kontak"):
            if not str(rec.get(col) or "").strip():
                errors.append(RowError(n, col, Msg("collect.required")))
        rows.append((nip, str(rec.get("nama") or ""), str(rec.get("kontak") or ""), str(rec.get("instansi") or "")))
    if errors:
        raise CycleError("cycle.sh_not_imported", lines=Join(errors, "\n"))
    base = link_base(store, cycle_id, base_url)
    out = []
    added = []
    try:
        for nip, name, contact, org in rows:
            made = store.add_stakeholder(cycle_id, nip, name, contact, org, actor=actor)
            added.append(made["stakeholder_id"])
            out.append({"stakeholder_id": made["stakeholder_id"], "nip": nip, "nama": name, "kontak": contact,
                        "token": made["token"], "tautan": link_url(base, made["token"])})
    except StoreError as exc:
        for sid in added:  # no half import: the links already made stop working
            store.revoke_stakeholder_link(sid, actor=actor)
        raise CycleError("cycle.sh_row", row=len(added) + 2, error=exc) from None
    return pd.DataFrame(out, columns=["stakeholder_id", "nip", "nama", "kontak", "token", "tautan"])


__all__ = ["STAKEHOLDER_COLUMNS", "add_stakeholders"]
