"""Store methods for periods: the roster snapshot of each cycle (``cycle_members``).

A person's unit may change between cycles (mutasi).  When a cycle's assignments are drawn the
unit and jabatan of every active employee are recorded for that cycle, once (the first snapshot
stays: it is the organisation the cycle was run in).  Trends then place each person in the unit
of *that* cycle; a cycle without a snapshot (made before version 3) falls back to the current
roster.
"""

from __future__ import annotations

import sqlalchemy as sa

from ._lazy import pd
from .common import cycle_row
from .database import Database
from .schema import cycle_members, employees, units


class PeriodsPart:
    """Roster snapshots per cycle.  Built with the shared ``Database``; needs no other part."""

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction

    def snapshot_roster(self, cycle_id: int, *, actor: str) -> int:
        """Record the unit and jabatan of every active employee not yet recorded for ``cycle_id``.

        Returns the number of people added to the snapshot.  Those already recorded keep their
        first snapshot.
        """
        with self.transaction() as conn:
            cycle_row(conn, cycle_id)
            have = {r[0] for r in conn.execute(sa.select(cycle_members.c.employee_id)
                                               .where(cycle_members.c.cycle_id == cycle_id))}
            rows = conn.execute(sa.select(employees.c.id, units.c.path, employees.c.jabatan)
                                .join(units, units.c.id == employees.c.unit_id)
                                .where(employees.c.active == sa.true())).all()
            now = self.db.now()
            new = [dict(cycle_id=cycle_id, employee_id=eid, unit_path=path, jabatan=jab, at=now)
                   for eid, path, jab in rows if eid not in have]
            if new:
                conn.execute(cycle_members.insert(), new)
            self.db.audit(conn, actor, "snapshot_roster", cycle_id=cycle_id, members=len(new))
        return len(new)

    def cycle_members_frame(self, cycle_id: int) -> pd.DataFrame:
        """``nip, unit_kerja, jabatan, source`` of everyone in the cycle's snapshot; employees
        without one get their current unit (``source`` ``"snapshot"`` or ``"roster"``)."""
        with self.engine.connect() as conn:
            cycle_row(conn, cycle_id)
            snap = pd.read_sql(sa.select(employees.c.nip, cycle_members.c.unit_path.label("unit_kerja"),
                                         cycle_members.c.jabatan)
                               .join(employees, employees.c.id == cycle_members.c.employee_id)
                               .where(cycle_members.c.cycle_id == cycle_id), conn)
            now = pd.read_sql(sa.select(employees.c.nip, units.c.path.label("unit_kerja"), employees.c.jabatan)
                              .join(units, units.c.id == employees.c.unit_id), conn)
        snap["source"] = "snapshot"
        rest = now[~now["nip"].isin(snap["nip"])].assign(source="roster")
        return pd.concat([snap, rest], ignore_index=True)
