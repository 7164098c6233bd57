"""Store methods for dialog kinerja and development plans, and HR's settings.

After the results of a cycle, each rated employee with a supervisor (atasan) gets a *dialog*:
one row of ``dev_dialogs`` with two links, the supervisor's and the employee's (SHA-256 hashes
only).  Through the supervisor's link the dialogue is recorded -- its date, notes and one to
three actions (``dev_actions``: competency, kind pelatihan/coaching/mentoring/penugasan,
description, due date, status); through the employee's link it is read and acknowledged.  An
edit by the supervisor after the acknowledgement clears it: the employee acknowledges what is
recorded now, not an earlier text.  The audit log records ids, never notes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa

from ..i18n import Msg
from ._lazy import pd
from .common import check_token_shape, clean_text, cycle_row, hash_token, is_published, new_token
from .database import Database
from .errors import AccessDenied, StoreError
from .schema import (
    ACTION_KINDS,
    ACTION_STATUSES,
    MAX_COMMENT_CHARS,
    assignments,
    competencies,
    cycles,
    dev_actions,
    dev_dialogs,
    employees,
    settings,
    units,
)

MAX_ACTIONS = 3
ROLES = ("atasan", "pegawai")


class DialogAccessDenied(AccessDenied):
    """A dialog link used for the other party's step (``not_supervisor`` / ``not_employee``)."""

    KEYS = {**AccessDenied.KEYS, "not_supervisor": "store.dialog_not_supervisor",
            "not_employee": "store.dialog_not_employee"}


@dataclass(frozen=True)
class DialogSession:
    """What a dialog link opens: one dialog, as the supervisor (``atasan``) or the employee (``pegawai``)."""

    dialog_id: int
    role: str
    cycle_id: int
    employee_id: int
    employee_name: str
    supervisor_name: str
    cycle_name: str


def _date(value, what) -> dt.date:
    """A date from a ``date``/``datetime`` or an ISO text ``YYYY-MM-DD`` (pandas-free: the dialog is
    saved from the rater's kernel, which never imports pandas)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    if not text or text.lower() in ("nan", "nat", "none"):
        raise StoreError("store.date_required", what=what)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise StoreError("store.date_unreadable", what=what, value=value) from None


class DevelopmentPart:
    """Dialog kinerja, development plans and settings.  Built with the shared ``Database``; needs
    no other part."""

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction

    # -- HR: dialogs and their links ------------------------------------------------------------
    def create_dialogs(self, cycle_id: int, nips=None, *, actor: str) -> pd.DataFrame:
        """A dialog for every rated employee of the cycle (or the given NIPs) who has an atasan
        and none yet; returns ``nip, nama, atasan_nip, atasan_nama, token_atasan,
        token_pegawai`` (plain tokens, handed out once).  Only for a published cycle: before that
        the results the dialogue discusses may still change (``store.dialog_not_published``)."""

        boss = employees.alias("boss")
        with self.transaction() as conn:
            cycle_row(conn, cycle_id)
            if not is_published(conn, cycle_id):
                raise StoreError("store.dialog_not_published", id=cycle_id)
            q = (sa.select(employees.c.id, employees.c.nip, employees.c.name, boss.c.id.label("boss_id"),
                           boss.c.nip.label("boss_nip"), boss.c.name.label("boss_name"))
                 .join(boss, boss.c.id == employees.c.atasan_id)
                 .where(employees.c.id.in_(sa.select(assignments.c.ratee_id)
                                           .where(assignments.c.cycle_id == cycle_id))))
            if nips is not None:
                q = q.where(employees.c.nip.in_([str(n) for n in nips]))
            people = conn.execute(q.order_by(employees.c.id)).all()
            have = {r[0] for r in conn.execute(sa.select(dev_dialogs.c.employee_id)
                                               .where(dev_dialogs.c.cycle_id == cycle_id))}
            rows = []
            now = self.db.now()
            for p in people:
                if p.id in have:
                    continue
                t_boss, t_emp = new_token(), new_token()
                conn.execute(dev_dialogs.insert().values(
                    cycle_id=cycle_id, employee_id=p.id, supervisor_id=p.boss_id,
                    supervisor_token_hash=hash_token(t_boss), employee_token_hash=hash_token(t_emp), created_at=now))
                rows.append(dict(nip=p.nip, nama=p.name, atasan_nip=p.boss_nip, atasan_nama=p.boss_name,
                                 token_atasan=t_boss, token_pegawai=t_emp))
            self.db.audit(conn, actor, "create_dialogs", cycle_id=cycle_id, dialogs=len(rows))
        return pd.DataFrame(rows, columns=["nip", "nama", "atasan_nip", "atasan_nama", "token_atasan", "token_pegawai"])

    # -- either side ----------------------------------------------------------------------------
    def _dialog_session(self, conn, token, lock: bool = False) -> DialogSession:

        check_token_shape(token)
        emp, boss = employees.alias("emp"), employees.alias("boss")
        h = hash_token(token)
        q = (sa.select(dev_dialogs.c.id, dev_dialogs.c.cycle_id, dev_dialogs.c.employee_id,
                       dev_dialogs.c.supervisor_token_hash, emp.c.name.label("emp_name"),
                       boss.c.name.label("boss_name"), cycles.c.name.label("cycle_name"))
             .join(emp, emp.c.id == dev_dialogs.c.employee_id)
             .join(boss, boss.c.id == dev_dialogs.c.supervisor_id)
             .join(cycles, cycles.c.id == dev_dialogs.c.cycle_id)
             .where(sa.or_(dev_dialogs.c.supervisor_token_hash == h, dev_dialogs.c.employee_token_hash == h)))
        row = conn.execute(q.with_for_update(of=[dev_dialogs]) if lock else q).first()
        if row is None:
            raise AccessDenied("unknown")
        role = "atasan" if row.supervisor_token_hash == h else "pegawai"
        return DialogSession(row.id, role, row.cycle_id, row.employee_id, row.emp_name, row.boss_name, row.cycle_name)

    def open_dialog_link(self, token: str) -> DialogSession:
        """Resolve a dialog link (either side); ``AccessDenied("unknown")`` otherwise."""
        with self.engine.connect() as conn:
            return self._dialog_session(conn, token)

    def dialog(self, token: str) -> dict:
        """The dialog as its two parties see it: ``held_on, notes, employee_note,
        acknowledged_at, updated_at`` and ``actions`` (list of dicts, in order)."""
        with self.engine.connect() as conn:
            s = self._dialog_session(conn, token)
            row = conn.execute(sa.select(dev_dialogs).where(dev_dialogs.c.id == s.dialog_id)).one()
            acts = conn.execute(sa.select(dev_actions).where(dev_actions.c.dialog_id == s.dialog_id)
                                .order_by(dev_actions.c.position)).all()
        return {"role": s.role, "employee_name": s.employee_name, "supervisor_name": s.supervisor_name,
                "cycle_name": s.cycle_name, "held_on": row.held_on, "notes": row.notes,
                "employee_note": row.employee_note, "acknowledged_at": row.acknowledged_at,
                "updated_at": row.updated_at,
                "actions": [dict(id=a.id, position=a.position, competency=a.competency, kind=a.kind,
                                 description=a.description, due_on=a.due_on, status=a.status) for a in acts]}

    # -- the supervisor's side ------------------------------------------------------------------
    def save_dialog(self, token: str, held_on, notes: str, actions: list[dict]) -> dict:
        """Record (or correct) the dialogue through the supervisor's link: its date, notes and 1-3
        actions ``{competency, kind, description, due_on, status}`` (status default
        ``direncanakan``).  Replaces the recorded actions; clears an earlier acknowledgement.

        Raises
        ------
        AccessDenied
            Not the supervisor's link (the employee cannot record).
        StoreError
            Bad date, no or more than 3 actions, unknown competency (of the cycle's instrument),
            kind or status, due date before the dialogue, texts too long.  Names the action.
        """

        held = _date(held_on, Msg("store.what_dialog_date"))
        notes = clean_text(notes)
        if len(notes) > MAX_COMMENT_CHARS:
            raise StoreError("store.dialog_notes_long", max=MAX_COMMENT_CHARS)
        if not isinstance(actions, (list, tuple)) or not 1 <= len(actions) <= MAX_ACTIONS:
            raise StoreError("store.plan_size", max=MAX_ACTIONS)
        with self.transaction() as conn:
            s = self._dialog_session(conn, token, lock=True)
            if s.role != "atasan":
                raise DialogAccessDenied("not_supervisor")
            iid = cycle_row(conn, s.cycle_id).instrument_id
            codes = {r[0] for r in conn.execute(sa.select(competencies.c.code)
                                                 .where(competencies.c.instrument_id == iid))}
            rows = []
            now = self.db.now()
            for n, act in enumerate(actions, start=1):
                what = Msg("store.what_action", n=n)
                if not isinstance(act, dict):
                    raise StoreError("store.action_unknown_entry", what=what)
                comp = str(act.get("competency") or "").strip()
                if comp not in codes:
                    raise StoreError("store.action_competency", what=what, code=comp)
                kind = str(act.get("kind") or "").strip().lower()
                if kind not in ACTION_KINDS:
                    raise StoreError("store.action_kind", what=what, kind=kind, choices=", ".join(ACTION_KINDS))
                status = str(act.get("status") or "direncanakan").strip().lower()
                if status not in ACTION_STATUSES:
                    raise StoreError("store.action_status", what=what, status=status, choices=", ".join(ACTION_STATUSES))
                desc = clean_text(act.get("description"))
                if not desc or len(desc) > 1000:
                    raise StoreError("store.action_description", what=what)
                due = _date(act.get("due_on"), Msg("store.what_action_due", n=n))
                if due < held:
                    raise StoreError("store.action_due_early", what=what, due=due, held=held)
                rows.append(dict(dialog_id=s.dialog_id, position=n, competency=comp, kind=kind, description=desc,
                                 due_on=due, status=status, updated_at=now))
            conn.execute(dev_actions.delete().where(dev_actions.c.dialog_id == s.dialog_id))
            conn.execute(dev_actions.insert(), rows)
            conn.execute(dev_dialogs.update().where(dev_dialogs.c.id == s.dialog_id).values(
                held_on=held, notes=notes, updated_at=now, acknowledged_at=None))
            self.db.audit(conn, "atasan", "save_dialog", dialog_id=s.dialog_id, actions=len(rows))
        return {"dialog_id": s.dialog_id, "actions": len(rows)}

    def set_action_status(self, token: str, position: int, status: str) -> None:
        """The supervisor updates the status of action ``position`` (1-3) during the period;
        the acknowledgement stays (the plan is unchanged)."""

        status = str(status).strip().lower()
        if status not in ACTION_STATUSES:
            raise StoreError("store.status_unknown_choices", status=status, choices=", ".join(ACTION_STATUSES))
        with self.transaction() as conn:
            s = self._dialog_session(conn, token, lock=True)
            if s.role != "atasan":
                raise DialogAccessDenied("not_supervisor")
            done = conn.execute(dev_actions.update().where(dev_actions.c.dialog_id == s.dialog_id)
                                .where(dev_actions.c.position == int(position)).values(status=status, updated_at=self.db.now()))
            if done.rowcount == 0:
                raise StoreError("store.action_missing", n=position)
            self.db.audit(conn, "atasan", "set_action_status", dialog_id=s.dialog_id, position=int(position),
                        status=status)

    # -- the employee's side --------------------------------------------------------------------
    def acknowledge_dialog(self, token: str, note: str = "") -> dt.datetime:
        """The employee acknowledges the recorded dialogue (with an optional note of their own)."""

        note = clean_text(note)
        if len(note) > MAX_COMMENT_CHARS:
            raise StoreError("store.ack_note_long", max=MAX_COMMENT_CHARS)
        with self.transaction() as conn:
            s = self._dialog_session(conn, token, lock=True)
            if s.role != "pegawai":
                raise DialogAccessDenied("not_employee")
            row = conn.execute(sa.select(dev_dialogs.c.held_on).where(dev_dialogs.c.id == s.dialog_id)).one()
            if row.held_on is None:
                raise StoreError("store.dialog_not_held")
            now = self.db.now()
            conn.execute(dev_dialogs.update().where(dev_dialogs.c.id == s.dialog_id)
                         .values(acknowledged_at=now, employee_note=note))
            self.db.audit(conn, "pegawai", "acknowledge_dialog", dialog_id=s.dialog_id)
        return now

    # -- HR views -------------------------------------------------------------------------------
    def dev_actions_frame(self, cycle_id: int | None = None) -> pd.DataFrame:
        """Every recorded action: ``cycle_id, nip, nama, unit_kerja (current), atasan_nip,
        held_on, acknowledged, position, competency, kind, description, due_on, status``."""
        emp, boss = employees.alias("emp"), employees.alias("boss")
        q = (sa.select(dev_dialogs.c.cycle_id, emp.c.nip, emp.c.name.label("nama"), units.c.path.label("unit_kerja"),
                       boss.c.nip.label("atasan_nip"), dev_dialogs.c.held_on,
                       dev_dialogs.c.acknowledged_at.is_not(None).label("acknowledged"), dev_actions.c.position,
                       dev_actions.c.competency, dev_actions.c.kind, dev_actions.c.description, dev_actions.c.due_on,
                       dev_actions.c.status)
             .select_from(dev_actions)
             .join(dev_dialogs, dev_dialogs.c.id == dev_actions.c.dialog_id)
             .join(emp, emp.c.id == dev_dialogs.c.employee_id)
             .join(boss, boss.c.id == dev_dialogs.c.supervisor_id)
             .join(units, units.c.id == emp.c.unit_id)
             .order_by(dev_dialogs.c.cycle_id, emp.c.nip, dev_actions.c.position))
        if cycle_id is not None:
            q = q.where(dev_dialogs.c.cycle_id == cycle_id)
        return self.db.frame(q)

    def dialogs_frame(self, cycle_id: int) -> pd.DataFrame:
        """Per dialog: ``nip, atasan_nip, held_on, acknowledged, n_actions`` (for follow-up)."""
        emp, boss = employees.alias("emp"), employees.alias("boss")
        n = (sa.select(sa.func.count()).where(dev_actions.c.dialog_id == dev_dialogs.c.id)
             .correlate(dev_dialogs).scalar_subquery())
        q = (sa.select(emp.c.nip, boss.c.nip.label("atasan_nip"), dev_dialogs.c.held_on,
                       dev_dialogs.c.acknowledged_at.is_not(None).label("acknowledged"), n.label("n_actions"))
             .join(emp, emp.c.id == dev_dialogs.c.employee_id)
             .join(boss, boss.c.id == dev_dialogs.c.supervisor_id)
             .where(dev_dialogs.c.cycle_id == cycle_id).order_by(emp.c.nip))
        return self.db.frame(q)

    # -- settings ---------------------------------------------------------------------------------
    def set_setting(self, key: str, value, *, actor: str) -> None:
        """Store a setting (JSON-serialisable value), replacing the previous one."""

        text = json.dumps(value, ensure_ascii=False)
        with self.transaction() as conn:
            conn.execute(settings.delete().where(settings.c.key == key))
            conn.execute(settings.insert().values(key=key, value=text, actor=actor, updated_at=self.db.now()))
            self.db.audit(conn, actor, "set_setting", key=key)

    def setting(self, key: str, default=None):
        with self.engine.connect() as conn:
            text = conn.execute(sa.select(settings.c.value).where(settings.c.key == key)).scalar()
        return default if text is None else json.loads(text)
