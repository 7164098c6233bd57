"""The rater's part of the store: a link opens a session, the session lists its forms, a form is
loaded, saved as a draft, submitted or declined (``ResponsesPart``).

This is what the rater app's kernel runs for every rater, so nothing here imports pandas or
numpy at module level (``tests/test_serving.py`` checks it).  A stakeholder's link (outside
the roster, ``store.stakeholders``) opens the same kind of session, about its one employee.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ._lazy import pd
from .common import (
    MAX_ID,
    check_token_shape,
    clean_text,
    cycle_row,
    hash_token,
    require_reason,
    whole_number,
)
from .database import Database
from .errors import (
    AccessDenied,
    IncompleteResponse,
    ResponseLocked,
    StaleResponse,
    StoreError,
)
from .hr import check_deadline
from .schema import (
    MAX_COMMENT_CHARS,
    answers,
    assignments,
    competencies,
    cycles,
    employees,
    items,
    rater_links,
    response_comments,
    responses,
)
from .stakeholders import stakeholder_session

if TYPE_CHECKING:
    from .cycles import CyclesPart

#: the answer "Tidak dapat menilai" (cannot assess) in ``save_response``/``load_response``: stored as
#: ``answers.value`` NULL with ``not_applicable`` true, never a rating (``ratings_frame`` leaves it out)
NOT_APPLICABLE = "na"


@dataclass(frozen=True)
class RaterSession:
    """What a valid rater link opens: the rater and the cycle (no other person's data)."""

    link_id: int
    cycle_id: int
    rater_id: int | None  # None for a stakeholder (pemangku kepentingan, outside the roster)
    rater_name: str
    cycle_name: str
    stakeholder_id: int | None = None  # set when the link is a stakeholder's (store.stakeholders)

    @property
    def actor(self) -> str:
        """Who acts, for the audit log: ``rater:<employee id>`` or ``pemangku:<stakeholder id>``."""
        return f"pemangku:{self.stakeholder_id}" if self.stakeholder_id is not None else f"rater:{self.rater_id}"

    def owns(self):
        """The SQL condition selecting this session's assignments (its own forms, nobody else's)."""
        if self.stakeholder_id is not None:
            return assignments.c.stakeholder_id == self.stakeholder_id
        return assignments.c.rater_id == self.rater_id


def form_status():
    """A form's status as raters and HR see it: pending (no row), draft, submitted or declined."""
    return sa.case((responses.c.declined_reason.is_not(None), "declined"),
                   else_=sa.func.coalesce(responses.c.status, "pending"))


def stakeholder_rater_session(conn, token, lock: bool = False) -> RaterSession:
    """A stakeholder's link as a ``RaterSession`` (``rater_id`` None, ``stakeholder_id`` set), so the
    rater app, its saves (versions, "tidak dapat menilai", declining, the deadline) and the link
    gate serve stakeholders unchanged."""
    s = stakeholder_session(conn, token, lock)
    return RaterSession(-s.stakeholder_id, s.cycle_id, None, s.stakeholder_name, s.cycle_name,
                        stakeholder_id=s.stakeholder_id)


class ResponsesPart:
    """Links, forms and answers from the rater's side.

    Built with the shared ``Database`` and the ``CyclesPart`` (the cycle's stored instrument).
    """

    def __init__(self, db: Database, cycles: CyclesPart):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction
        self.cycles = cycles

    # -- the rater's side -------------------------------------------------------------------------
    def open_link(self, token: str) -> RaterSession:
        """Resolve a plain token; raises ``AccessDenied`` (unknown / revoked / not_open / closed)."""
        with self.engine.connect() as conn:
            return self.session_in(conn, token)

    def _rater_tasks_query(self, session: RaterSession):
        return (sa.select(assignments.c.id.label("assignment_id"), employees.c.name.label("ratee_name"),
                          employees.c.jabatan.label("ratee_jabatan"), assignments.c.relationship,
                          form_status().label("status"))
                .join(employees, employees.c.id == assignments.c.ratee_id)
                .outerjoin(responses, responses.c.assignment_id == assignments.c.id)
                .where(assignments.c.cycle_id == session.cycle_id)
                .where(session.owns())
                .order_by(sa.case((assignments.c.relationship == "self", 0), else_=1), employees.c.name))

    def rater_tasks(self, session: RaterSession) -> pd.DataFrame:
        """The people this rater must rate: assignment_id, ratee name, jabatan, relationship, status
        (pending / draft / submitted / declined)."""
        with self.engine.connect() as conn:
            return pd.read_sql(self._rater_tasks_query(session), conn)

    def rater_task_records(self, session: RaterSession) -> list[dict]:
        """``rater_tasks`` as a list of dicts, without pandas (what the rater app's kernel uses)."""
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(self._rater_tasks_query(session))]

    def owned_assignment(self, conn, session: RaterSession, assignment_id: int):
        if (isinstance(assignment_id, bool) or not isinstance(assignment_id, numbers.Integral)
                or not 1 <= int(assignment_id) <= MAX_ID):
            raise StoreError("store.assignment_missing")
        row = conn.execute(sa.select(assignments).where(assignments.c.id == int(assignment_id))
                           .where(session.owns())
                           .where(assignments.c.cycle_id == session.cycle_id)).first()
        if row is None:  # not this rater's: answer exactly as for a missing one
            raise StoreError("store.assignment_missing")
        return row

    def load_response(self, session: RaterSession, assignment_id: int) -> dict:
        """The saved state of one form: ``status`` (pending/draft/submitted/declined), ``answers``
        {item: value or ``NOT_APPLICABLE``}, ``comments`` {competency: text}, ``overall_comment``,
        ``submitted_at``, ``updated_at``, ``declined_reason`` and ``version`` (pass it back to
        ``save_response`` so that a stale copy cannot overwrite newer answers)."""
        with self.engine.connect() as conn:
            self.owned_assignment(conn, session, assignment_id)
            resp = conn.execute(sa.select(responses).where(responses.c.assignment_id == int(assignment_id))).first()
            if resp is None:
                return {"status": "pending", "answers": {}, "comments": {}, "overall_comment": "",
                        "submitted_at": None, "updated_at": None, "declined_reason": None, "version": 0}
            ans = conn.execute(sa.select(items.c.code, answers.c.value, answers.c.not_applicable)
                               .join(items, items.c.id == answers.c.item_id)
                               .where(answers.c.response_id == resp.id)).all()
            com = conn.execute(sa.select(competencies.c.code, response_comments.c.text)
                               .join(competencies, competencies.c.id == response_comments.c.competency_id)
                               .where(response_comments.c.response_id == resp.id)).all()
        status = "declined" if resp.declined_reason is not None else resp.status
        return {"status": status, "answers": {c: (NOT_APPLICABLE if na else int(v)) for c, v, na in ans},
                "comments": {c: t for c, t in com}, "overall_comment": resp.overall_comment,
                "submitted_at": resp.submitted_at, "updated_at": resp.updated_at,
                "declined_reason": resp.declined_reason, "version": int(resp.version)}

    def save_response(self, token: str, assignment_id: int, answers_in: dict, comments_in: dict | None = None,
                      overall_comment: str = "", *, submit: bool = False, version: int | None = None) -> dict:
        """Save a draft (``submit=False``) or submit a form, in one transaction.

        ``answers_in`` maps item code -> value (None = unanswered).  Values must be whole numbers on
        the instrument's scale, item and competency codes must belong to the cycle's instrument, and
        comments are limited to ``MAX_COMMENT_CHARS``.  Submit requires every item (and the overall
        comment when the instrument asks for it) and raises ``IncompleteResponse`` naming the missing
        ones.  A submitted form is locked: submitting it again returns its state unchanged (no
        duplicate row); saving a draft over it raises ``ResponseLocked``.  The link is checked again
        inside the transaction, so a cycle closed mid-form refuses the save.

        An answer may be ``NOT_APPLICABLE`` ("Tidak dapat menilai") when the instrument allows it for
        the assignment's relationship; it completes the item but is never a rating.  ``version`` is the
        ``version`` that ``load_response`` (or the previous save) returned: when the stored form has
        moved on since (another tab saved), nothing is written and ``StaleResponse`` is raised.
        ``None`` skips the check.  Returns ``status``, ``response_id``, ``already``, ``version`` and
        ``saved_at`` (UTC).
        """
        for attempt in range(3):
            try:
                return self._save_response(token, assignment_id, dict(answers_in), dict(comments_in or {}),
                                           "" if overall_comment is None else str(overall_comment), submit,
                                           version)
            except sa.exc.IntegrityError:
                # two kernels saved the same form's first draft at once: the loser retries and
                # then sees the winner's row (the unique assignment_id keeps one row per form)
                if attempt == 2:
                    raise

    def _save_response(self, token, assignment_id, answers_in, comments_in, overall_comment, submit,
                       version=None) -> dict:
        with self.transaction() as conn:
            session = self.session_in(conn, token, lock=True)
            asg = self.owned_assignment(conn, session, assignment_id)
            cyc = cycle_row(conn, session.cycle_id)
            check_deadline(cyc, self.db.now())  # store.hr: a save after the deadline is refused, nothing stored
            inst, item_ids, comp_ids = self.cycles.instrument_parts(conn, cyc.instrument_id)
            clean = {}
            for code, value in answers_in.items():
                if code not in item_ids:
                    raise StoreError("store.item_unknown", code=code)
                if value is None or (isinstance(value, float) and value != value):
                    continue
                if isinstance(value, str) and value == NOT_APPLICABLE:
                    if not inst.allows_not_applicable(asg.relationship):
                        raise StoreError("store.na_not_allowed", code=code)
                    clean[code] = NOT_APPLICABLE
                    continue
                whole = whole_number(value)
                if whole is None:
                    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."
                    raise StoreError("store.item_not_integer", code=code, value=shown, low=inst.scale.low,
                                     high=inst.scale.high)
                if not inst.scale.low <= whole <= inst.scale.high:
                    shown = str(whole) if len(str(whole)) <= 40 else str(whole)[:40] + "..."
                    raise StoreError("store.item_out_of_scale", code=code, value=shown, low=inst.scale.low,
                                     high=inst.scale.high)
                clean[code] = whole
            texts = {}
            for code, text in comments_in.items():
                if code not in comp_ids:
                    raise StoreError("store.competency_unknown", code=code)
                text = clean_text(text)
                if len(text) > MAX_COMMENT_CHARS:
                    raise StoreError("store.comment_too_long", code=code, n=len(text), max=MAX_COMMENT_CHARS)
                if text:
                    texts[code] = text
            overall_comment = clean_text(overall_comment)
            if len(overall_comment) > MAX_COMMENT_CHARS:
                raise StoreError("store.overall_too_long", n=len(overall_comment), max=MAX_COMMENT_CHARS)
            resp = conn.execute(sa.select(responses).where(responses.c.assignment_id == asg.id)).first()
            if resp is not None and resp.status == "submitted":
                if submit and resp.declined_reason is None:
                    return {"status": "submitted", "response_id": resp.id, "already": True,
                            "version": int(resp.version), "saved_at": resp.submitted_at}
                raise ResponseLocked()
            stored_version = 0 if resp is None else int(resp.version)
            if version is not None and int(version) != stored_version:
                raise StaleResponse(stored_version, int(version))
            if submit:
                missing = [i.code for i in inst.items if i.code not in clean]
                if inst.require_overall_comment and not overall_comment.strip():
                    missing.append("overall_comment")
                if missing:
                    raise IncompleteResponse(missing)
            now = self.db.now()
            values = dict(status="submitted" if submit else "draft", overall_comment=overall_comment.strip(),
                          updated_at=now, submitted_at=now if submit else None, version=stored_version + 1)
            if resp is None:
                rid = conn.execute(responses.insert().values(assignment_id=asg.id, **values)).inserted_primary_key[0]
            else:
                rid = resp.id
                # guard against a concurrent submit between our read and this write
                q = responses.update().where(responses.c.id == rid).where(responses.c.status == "draft")
                if version is not None:
                    q = q.where(responses.c.version == stored_version)
                else:  # no version given: still take the stored one (an increment, not a reset)
                    values["version"] = responses.c.version + 1
                if conn.execute(q.values(**values)).rowcount == 0:
                    # a concurrent submit (or, with ``version``, a concurrent save) got in between
                    now_row = conn.execute(sa.select(responses).where(responses.c.id == rid)).first()
                    if now_row.status == "submitted":
                        if submit and now_row.declined_reason is None:
                            return {"status": "submitted", "response_id": rid, "already": True,
                                    "version": int(now_row.version), "saved_at": now_row.submitted_at}
                        raise ResponseLocked()
                    raise StaleResponse(int(now_row.version), stored_version)
                conn.execute(answers.delete().where(answers.c.response_id == rid))
                conn.execute(response_comments.delete().where(response_comments.c.response_id == rid))
            if clean:
                conn.execute(answers.insert(), [
                    dict(response_id=rid, item_id=item_ids[c], value=None if v == NOT_APPLICABLE else v,
                         not_applicable=v == NOT_APPLICABLE) for c, v in clean.items()])
            if texts:
                conn.execute(response_comments.insert(), [dict(response_id=rid, competency_id=comp_ids[c], text=t)
                                                          for c, t in texts.items()])
            new_version = values["version"] if isinstance(values["version"], int) else conn.execute(
                sa.select(responses.c.version).where(responses.c.id == rid)).scalar()
        return {"status": values["status"], "response_id": rid, "already": False, "version": int(new_version),
                "saved_at": now}

    def decline_response(self, token: str, assignment_id: int, reason: str, *, version: int | None = None) -> dict:
        """The rater declines the whole form (e.g. "tidak cukup mengenal"): stored with the reason,
        final like a submission, without any answer (drafted answers and comments are removed), and
        listed for HR by ``declines_frame``.  A self-rating cannot be declined.  ``version`` as in
        ``save_response``.  Returns ``status`` ("declined"), ``response_id`` and ``version``."""
        reason = require_reason(reason, "store.what_decline_reason")
        with self.transaction() as conn:
            session = self.session_in(conn, token, lock=True)
            asg = self.owned_assignment(conn, session, assignment_id)
            if asg.relationship == "self":
                raise StoreError("store.self_no_decline")
            resp = conn.execute(sa.select(responses).where(responses.c.assignment_id == asg.id)).first()
            if resp is not None and resp.status == "submitted":
                raise ResponseLocked()
            stored_version = 0 if resp is None else int(resp.version)
            if version is not None and int(version) != stored_version:
                raise StaleResponse(stored_version, int(version))
            now = self.db.now()
            values = dict(status="submitted", overall_comment="", updated_at=now, submitted_at=now,
                          declined_reason=reason, version=stored_version + 1)
            if resp is None:
                rid = conn.execute(responses.insert().values(assignment_id=asg.id, **values)).inserted_primary_key[0]
            else:
                rid = resp.id
                done = conn.execute(responses.update().where(responses.c.id == rid)
                                    .where(responses.c.status == "draft")
                                    .where(responses.c.version == stored_version).values(**values))
                if done.rowcount == 0:
                    raise StaleResponse(stored_version + 1, stored_version)
                conn.execute(answers.delete().where(answers.c.response_id == rid))
                conn.execute(response_comments.delete().where(response_comments.c.response_id == rid))
            self.db.audit(conn, session.actor, "decline_response", assignment_id=asg.id)
        return {"status": "declined", "response_id": rid, "version": values["version"], "saved_at": now}

    def session_in(self, conn, token: str, lock: bool = False) -> RaterSession:
        """The link's session; ``lock`` (inside a save) holds FOR SHARE on the link and cycle rows
        until commit, so a concurrent close or revoke waits for the save or the save sees it
        (PostgreSQL READ COMMITTED; SQLite's BEGIN IMMEDIATE serialises anyway)."""
        check_token_shape(token)
        q = (sa.select(rater_links.c.id, rater_links.c.cycle_id, rater_links.c.rater_id, rater_links.c.revoked_at,
                       cycles.c.status, cycles.c.name.label("cycle_name"), employees.c.name.label("rater_name"))
             .join(cycles, cycles.c.id == rater_links.c.cycle_id)
             .join(employees, employees.c.id == rater_links.c.rater_id)
             .where(rater_links.c.token_hash == hash_token(token)))
        row = conn.execute(q.with_for_update(read=True, of=[rater_links, cycles]) if lock else q).first()
        if row is None:
            # not a colleague's link: perhaps a stakeholder's (store.stakeholders), which opens the
            # same form about the one employee it was issued for
            return stakeholder_rater_session(conn, token, lock)
        if row.revoked_at is not None:
            raise AccessDenied("revoked")
        if row.status != "open":
            raise AccessDenied("closed" if row.status == "closed" else "not_open")
        return RaterSession(row.id, row.cycle_id, row.rater_id, row.rater_name, row.cycle_name)

