"""HR operations on the store: deadlines, mid-cycle changes of assignments, contacts, the link
vault and the outbox of invitations and reminders (``HRPart``).

* **Deadline**: ``cycles.deadline`` (UTC, naive) is the moment after which a save is refused
  (``DeadlinePassed``); NULL means the end of ``period_end`` in the installation's time zone
  (``KINERJA_SURVEY_UTC_OFFSET`` hours, default 7 = WIB; ``i18n.utc_offset``, re-exported here).  ``set_deadline`` extends it with a
  reason; ``reopen_cycle`` reopens a closed (not published) cycle with a reason.
* **Mid-cycle changes**: ``add_assignment``, ``remove_assignment`` and ``replace_rater`` change one
  form each, in one transaction, with the reason and the acting person in the audit log.
  Removing a form deletes its answers (the audit log keeps that it happened and how many answers
  went); ``replace_rater(..., keep_answers=True)`` keeps a *submitted* form of the old rater.
* **Contacts** (``employee_contacts``): e-mail and phone from the roster's optional columns.
* **Link vault** (``link_vault``): each personal link encrypted by the use-case layer with a key
  derived from the installation secret, so reminders can carry the link (see docs/security.md).
* **Outbox** (``outbox``): one row per (cycle, rater, channel, sequence number), claimed *before*
  sending, so nothing is sent twice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..i18n import UTC_OFFSET_ENV, Localized, local_time, t, utc_offset, zone_name  # noqa: F401 - re-exported
from ._lazy import pd
from .common import (
    cycle_row,
    employee_id,
    is_published,
    require_actor,
    require_reason,
    status_word,
)
from .errors import StoreError
from .schema import (
    answers,
    assignments,
    cycles,
    employee_contacts,
    employees,
    link_vault,
    outbox,
    rater_links,
    response_comments,
    responses,
    units,
)

if TYPE_CHECKING:
    from .cycles import CyclesPart
    from .database import Database


class DeadlinePassed(StoreError):
    """A save after the cycle's deadline: nothing was stored."""


def _as_datetime(value) -> dt.datetime:
    """A date, datetime or ISO text as a naive datetime, without pandas (the rater's kernel reads
    deadlines and never imports pandas)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value.strip())
    return pd.Timestamp(value).to_pydatetime()


def end_of_day_utc(day) -> dt.datetime:
    """The last moment of ``day`` (a date) in the installation's zone, as naive UTC (exclusive end)."""
    day = _as_datetime(day).date()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time()) - utc_offset()


def format_deadline(moment: dt.datetime, lang: str | None = None) -> str:
    """``"31-12-2026 pukul 23.59 WIB"`` for a deadline (exclusive end, naive UTC); in English
    ``"31-12-2026 at 23:59 WIB"``."""
    local = local_time(moment) - dt.timedelta(minutes=1) if local_time(moment).time() == dt.time() else local_time(moment)
    return t("store.deadline_at", lang, date=f"{local:%d-%m-%Y}", hh=f"{local:%H}", mm=f"{local:%M}", zone=zone_name())


class DeadlineText(Localized):
    """A deadline in a message, rendered in the reader's language (``format_deadline``)."""

    __slots__ = ("moment",)

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def render(self, lang: str | None = None) -> str:
        return format_deadline(self.moment, lang)


def deadline_of(row) -> dt.datetime:
    """A cycle row's deadline: its own, else the end of ``period_end``."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    deadline = mapping.get("deadline")
    if deadline is not None and deadline == deadline:  # a frame's empty cell (NaT != NaT) is no deadline either
        return _as_datetime(deadline)
    return end_of_day_utc(mapping["period_end"])


def check_deadline(cyc, now: dt.datetime) -> None:
    """Raise ``DeadlinePassed`` when ``now`` (naive UTC) is past the cycle row's deadline (called
    inside a save, so nothing is stored)."""
    limit = deadline_of(cyc)
    if now >= limit:
        raise DeadlinePassed("store.deadline_passed", deadline=DeadlineText(limit))


def save_contacts(conn, frame: pd.DataFrame, ids: dict) -> int:
    """Store ``email`` / ``no_hp`` of an imported roster (only when the roster has the column);
    ``ids`` maps NIP to employee id.  Runs in the roster import's transaction."""
    cols = [c for c in ("email", "no_hp") if c in frame.columns]
    if not cols:
        return 0
    have = {r.employee_id for r in conn.execute(sa.select(employee_contacts.c.employee_id))}
    n = 0
    for rec in frame.to_dict("records"):
        eid = ids[rec["nip"]]
        values = {}
        if "email" in cols:
            values["email"] = str(rec.get("email") or "")
        if "no_hp" in cols:
            values["phone"] = str(rec.get("no_hp") or "")
        if eid in have:
            conn.execute(employee_contacts.update().where(employee_contacts.c.employee_id == eid).values(**values))
        else:
            conn.execute(employee_contacts.insert().values(employee_id=eid, **values))
        n += 1
    return n


class HRPart:
    """HR operations.  Built with the shared ``Database`` and the ``CyclesPart`` (which issues
    a new rater's link)."""

    def __init__(self, db: Database, cycles: CyclesPart):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction
        self.cycles = cycles

    # -- deadline ---------------------------------------------------------------------------
    def cycle_deadline(self, cycle_id: int) -> dt.datetime:
        """The moment (naive UTC) after which the cycle's forms are no longer saved."""
        with self.engine.connect() as conn:
            return deadline_of(cycle_row(conn, cycle_id))

    def deadline_text(self, cycle_id: int, lang: str | None = None) -> str:
        """The deadline as raters read it: ``"31-12-2026 pukul 23.59 WIB"`` (for the rater app)."""
        return format_deadline(self.cycle_deadline(cycle_id), lang)

    def set_deadline(self, cycle_id: int, deadline: dt.datetime, *, reason: str, actor: str) -> dt.datetime:
        """Set the deadline (naive UTC).  On an open or closed cycle it may only move later
        (an extension); a reason is always required and goes to the audit log."""
        why = require_reason(reason, "store.what_deadline_reason")
        new = pd.Timestamp(deadline).to_pydatetime().replace(tzinfo=None)
        with self.transaction() as conn:
            row = cycle_row(conn, cycle_id, lock=True)
            old = deadline_of(row)
            if row.status not in ("draft", "open", "closed"):
                raise StoreError("store.status_no_deadline", status=status_word(row.status))
            if row.status != "draft" and new <= old:
                raise StoreError("store.deadline_not_later", new=DeadlineText(new), old=DeadlineText(old))
            conn.execute(cycles.update().where(cycles.c.id == cycle_id).values(deadline=new))
            self.db.audit(conn, actor, "set_deadline", cycle_id=cycle_id, old=old.isoformat(), new=new.isoformat(),
                        reason=why)
        return new

    def reopen_cycle(self, cycle_id: int, *, reason: str, actor: str, deadline: dt.datetime | None = None) -> None:
        """Reopen a closed cycle that is not published, with a reason (and a new deadline when
        the old one has passed)."""
        why = require_reason(reason, "store.what_reopen_reason")
        with self.transaction() as conn:
            row = cycle_row(conn, cycle_id, lock=True)
            published = is_published(conn, cycle_id)
            if row.status != "closed" or published:
                raise StoreError("store.reopen_only_closed", status=status_word(row.status))
            new = pd.Timestamp(deadline).to_pydatetime().replace(tzinfo=None) if deadline is not None else None
            limit = new or deadline_of(row)
            if limit <= self.db.now():
                raise StoreError("store.reopen_deadline_passed", deadline=DeadlineText(limit))
            values = {"status": "open", "closed_at": None}
            if new is not None:
                values["deadline"] = new
            conn.execute(cycles.update().where(cycles.c.id == cycle_id).values(**values))
            self.db.audit(conn, actor, "cycle_reopen", cycle_id=cycle_id, reason=why,
                        deadline=limit.isoformat())

    # -- mid-cycle changes ----------------------------------------------------------------------
    @staticmethod
    def _changeable(row) -> None:
        if row.status not in ("draft", "open"):
            raise StoreError("store.status_no_assign", status=status_word(row.status))

    def _form(self, conn, cycle_id: int, rater_id: int, ratee_id: int):
        q = (sa.select(assignments.c.id, assignments.c.relationship,
                       sa.func.coalesce(responses.c.status, "pending").label("status"),
                       responses.c.id.label("response_id"))
             .outerjoin(responses, responses.c.assignment_id == assignments.c.id)
             .where(assignments.c.cycle_id == cycle_id).where(assignments.c.rater_id == rater_id)
             .where(assignments.c.ratee_id == ratee_id))
        return conn.execute(q).first()

    def form_state(self, cycle_id: int, rater_nip: str, ratee_nip: str) -> dict | None:
        """One form's state for a preview: ``relationship, status`` (pending/draft/submitted),
        ``answers`` (how many stored); None when there is no such form."""
        with self.engine.connect() as conn:
            rater = employee_id(conn, rater_nip)
            ratee = employee_id(conn, ratee_nip)
            form = self._form(conn, cycle_id, rater, ratee)
            if form is None:
                return None
            n = 0
            if form.response_id is not None:
                n = conn.execute(sa.select(sa.func.count()).select_from(answers)
                                 .where(answers.c.response_id == form.response_id)).scalar()
        return {"relationship": form.relationship, "status": form.status, "answers": int(n)}

    def _delete_form(self, conn, form) -> int:
        n = 0
        if form.response_id is not None:
            n = conn.execute(answers.delete().where(answers.c.response_id == form.response_id)).rowcount
            conn.execute(response_comments.delete().where(response_comments.c.response_id == form.response_id))
            conn.execute(responses.delete().where(responses.c.id == form.response_id))
        conn.execute(assignments.delete().where(assignments.c.id == form.id))
        return int(n)

    def _add_form(self, conn, cycle_id: int, rater_id: int, ratee_id: int, relationship: str) -> str | None:
        from ..frames import RELATIONSHIPS

        if relationship not in RELATIONSHIPS:
            raise StoreError("store.rel_unknown", rel=relationship, choices=", ".join(RELATIONSHIPS))
        if (relationship == "self") != (rater_id == ratee_id):
            raise StoreError("store.self_pair")
        if self._form(conn, cycle_id, rater_id, ratee_id) is not None:
            raise StoreError("store.already_rates")
        conn.execute(assignments.insert().values(cycle_id=cycle_id, rater_id=rater_id, ratee_id=ratee_id,
                                                 relationship=relationship))
        linked = conn.execute(sa.select(rater_links.c.id).where(rater_links.c.cycle_id == cycle_id)
                              .where(rater_links.c.rater_id == rater_id)
                              .where(rater_links.c.revoked_at.is_(None))).first()
        if linked is None:
            return self.cycles.issue_links(conn, cycle_id, [rater_id])[rater_id]
        return None

    def add_assignment(self, cycle_id: int, rater_nip: str, ratee_nip: str, relationship: str, *,
                       reason: str, actor: str) -> str | None:
        """Add one form (a late rater).  Returns the rater's new plain token when they had no
        link in this cycle yet, else None (their existing link now shows the new form)."""
        why = require_reason(reason, "store.what_change_reason")
        with self.transaction() as conn:
            self._changeable(cycle_row(conn, cycle_id, lock=True))
            rater, ratee = employee_id(conn, rater_nip, active=True), employee_id(conn, ratee_nip, active=True)
            token = self._add_form(conn, cycle_id, rater, ratee, relationship)
            self.db.audit(conn, actor, "add_assignment", cycle_id=cycle_id, rater_id=rater, ratee_id=ratee,
                        relationship=relationship, new_link=token is not None, reason=why)
        return token

    def remove_assignment(self, cycle_id: int, rater_nip: str, ratee_nip: str, *, reason: str, actor: str) -> dict:
        """Remove one form and whatever was answered on it (draft or submitted).  Returns
        ``status`` (what the form was) and ``answers`` (how many answers were deleted)."""
        why = require_reason(reason, "store.what_change_reason")
        with self.transaction() as conn:
            self._changeable(cycle_row(conn, cycle_id, lock=True))
            rater = employee_id(conn, rater_nip)
            ratee = employee_id(conn, ratee_nip)
            form = self._form(conn, cycle_id, rater, ratee)
            if form is None:
                raise StoreError("store.no_form", rater=rater_nip, ratee=ratee_nip)
            n = self._delete_form(conn, form)
            self.db.audit(conn, actor, "remove_assignment", cycle_id=cycle_id, rater_id=rater, ratee_id=ratee,
                        relationship=form.relationship, status=form.status, answers_deleted=n, reason=why)
        return {"status": form.status, "answers": n, "relationship": form.relationship}

    def replace_rater(self, cycle_id: int, ratee_nip: str, old_nip: str, new_nip: str, *, keep_answers: bool,
                      reason: str, actor: str) -> dict:
        """Replace the rater of one form (e.g. after a mutasi).  The new rater gets a form with the
        same relationship.  The old form is deleted with its answers, except a *submitted* form
        when ``keep_answers`` (it stays and counts).  Returns ``kept`` (bool), ``status`` of the
        old form, ``answers`` deleted, ``token`` (the new rater's new link, or None)."""
        why = require_reason(reason, "store.what_change_reason")
        with self.transaction() as conn:
            self._changeable(cycle_row(conn, cycle_id, lock=True))
            ratee = employee_id(conn, ratee_nip)
            old = employee_id(conn, old_nip)
            new = employee_id(conn, new_nip, active=True)
            form = self._form(conn, cycle_id, old, ratee)
            if form is None:
                raise StoreError("store.no_form", rater=old_nip, ratee=ratee_nip)
            if form.relationship == "self":
                raise StoreError("store.self_no_move")
            kept = bool(keep_answers) and form.status == "submitted"
            n = 0 if kept else self._delete_form(conn, form)
            token = self._add_form(conn, cycle_id, new, ratee, form.relationship)
            self.db.audit(conn, actor, "replace_rater", cycle_id=cycle_id, ratee_id=ratee, old_rater_id=old,
                        new_rater_id=new, relationship=form.relationship, old_status=form.status,
                        old_answers_kept=kept, answers_deleted=n, reason=why)
        return {"kept": kept, "status": form.status, "answers": n, "token": token,
                "relationship": form.relationship}

    def link_state(self, cycle_id: int) -> pd.DataFrame:
        """Every rater of a cycle with ``nip, nama, link`` (``aktif`` / ``dicabut`` / ``tidak ada``)."""
        q = (sa.select(employees.c.nip, employees.c.name.label("nama"),
                       sa.func.count(rater_links.c.id).label("links"),
                       sa.func.count(rater_links.c.id).filter(rater_links.c.revoked_at.is_(None)).label("active"))
             .select_from(employees)
             .join(rater_links, rater_links.c.rater_id == employees.c.id)
             .where(rater_links.c.cycle_id == cycle_id).group_by(employees.c.nip, employees.c.name))
        df = self.db.frame(q)
        df["link"] = ["aktif" if a else "dicabut" for a in df["active"]]
        return df[["nip", "nama", "link"]]

    # -- contacts ---------------------------------------------------------------------------------
    def contacts_frame(self) -> pd.DataFrame:
        """``nip, nama, unit_kerja, email, no_hp`` of every active employee (empty strings when unknown)."""
        q = (sa.select(employees.c.id.label("employee_id"), employees.c.nip, employees.c.name.label("nama"),
                       units.c.path.label("unit_kerja"),
                       sa.func.coalesce(employee_contacts.c.email, "").label("email"),
                       sa.func.coalesce(employee_contacts.c.phone, "").label("no_hp"))
             .join(units, units.c.id == employees.c.unit_id)
             .outerjoin(employee_contacts, employee_contacts.c.employee_id == employees.c.id)
             .order_by(employees.c.id))
        return self.db.frame(q)

    # -- link vault ---------------------------------------------------------------------------------
    def vault_put(self, sealed: dict[str, str]) -> int:
        """Keep sealed (encrypted) tokens: ``{token_hash: token_enc}``.  Returns how many were kept."""
        if not sealed:
            return 0
        with self.transaction() as conn:
            ids = dict(conn.execute(sa.select(rater_links.c.token_hash, rater_links.c.id)
                                    .where(rater_links.c.token_hash.in_(list(sealed)))).all())
            rows = [dict(link_id=ids[h], token_enc=enc) for h, enc in sealed.items() if h in ids]
            if rows:
                conn.execute(link_vault.insert(), rows)
        return len(rows)

    def vault_links(self, cycle_id: int) -> pd.DataFrame:
        """Active links of a cycle with their sealed token: ``employee_id, nip, token_enc`` (None
        when the link was issued before the vault existed or outside the use-case layer)."""
        q = (sa.select(rater_links.c.rater_id.label("employee_id"), employees.c.nip, link_vault.c.token_enc)
             .join(employees, employees.c.id == rater_links.c.rater_id)
             .outerjoin(link_vault, link_vault.c.link_id == rater_links.c.id)
             .where(rater_links.c.cycle_id == cycle_id).where(rater_links.c.revoked_at.is_(None)))
        return self.db.frame(q)

    # -- outbox -------------------------------------------------------------------------------------
    def outbox_frame(self, cycle_id: int) -> pd.DataFrame:
        """Every message of a cycle: ``id, nip, nama, channel, seq, kind, address, status, error,
        actor, created_at, sent_at``."""
        q = (sa.select(outbox.c.id, employees.c.nip, employees.c.name.label("nama"), outbox.c.employee_id,
                       outbox.c.channel, outbox.c.seq, outbox.c.kind, outbox.c.address, outbox.c.status,
                       outbox.c.error, outbox.c.actor, outbox.c.created_at, outbox.c.sent_at)
             .join(employees, employees.c.id == outbox.c.employee_id)
             .where(outbox.c.cycle_id == cycle_id).order_by(outbox.c.id))
        return self.db.frame(q)

    def outbox_claim(self, cycle_id: int, employee_id: int, channel: str, seq: int, kind: str, address: str, *,
                     actor: str, status: str = "sending", now: dt.datetime | None = None) -> int | None:
        """Claim the slot (cycle, rater, channel, seq) before sending.  Returns the row id, or None
        when the slot is taken (already sent or being sent); a ``failed`` slot is claimed again."""
        actor = require_actor(actor)
        at = now or self.db.now()
        with self.transaction() as conn:
            row = conn.execute(sa.select(outbox.c.id, outbox.c.status).where(outbox.c.cycle_id == cycle_id)
                               .where(outbox.c.employee_id == int(employee_id)).where(outbox.c.channel == channel)
                               .where(outbox.c.seq == int(seq)).with_for_update()).first()
            if row is not None:
                if row.status != "failed":
                    return None
                conn.execute(outbox.update().where(outbox.c.id == row.id).values(
                    status=status, kind=kind, address=address[:254], actor=actor, created_at=at, error="",
                    sent_at=at if status != "sending" else None))
                return row.id
            try:
                with conn.begin_nested():
                    return conn.execute(outbox.insert().values(
                        cycle_id=cycle_id, employee_id=int(employee_id), channel=channel, seq=int(seq), kind=kind,
                        address=address[:254], status=status, actor=actor, created_at=at,
                        sent_at=at if status != "sending" else None)).inserted_primary_key[0]
            except sa.exc.IntegrityError:  # a concurrent sender took it first
                return None

    def outbox_done(self, message_id: int, *, ok: bool, error: str = "", now: dt.datetime | None = None) -> None:
        """Record the outcome of a claimed message (``sent`` or ``failed`` with the error text)."""
        with self.transaction() as conn:
            conn.execute(outbox.update().where(outbox.c.id == message_id).values(
                status="sent" if ok else "failed", error=str(error)[:1000], sent_at=(now or self.db.now()) if ok else None))
