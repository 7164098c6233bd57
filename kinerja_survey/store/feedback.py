"""Store methods for continuous feedback: short notes during the period, tagged by BerAKHLAK value.

While a cycle is open, a supervisor (and, when HR enables it, a peer) writes short notes about
the people they rate in that cycle, through their own rater link (``Store.open_link``): the
assignment decides who may write about whom (``supervisor`` always, ``peer`` only when the
setting ``umpan_balik_rekan`` is true).  Each note is tagged with a value (a competency code of
the cycle's instrument, i.e. a BerAKHLAK value).  An edit appends a version
(``feedback_versions``); nothing is overwritten.

Who sees what: the employee sees the notes about them through their own link (a supervisor's
note with the supervisor's name, a peer's without a name); the evaluating official (the
supervisor assignment) sees every note about the person when rating; HR sees only counts
(:meth:`FeedbackPart.feedback_counts`).  The audit log records ids, never the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from ._lazy import pd
from .common import clean_text, cycle_row
from .database import Database
from .errors import StoreError
from .schema import (
    assignments,
    competencies,
    employees,
    feedback_notes,
    feedback_versions,
    units,
)

if TYPE_CHECKING:
    from .development import DevelopmentPart
    from .responses import ResponsesPart

PEER_FEEDBACK_SETTING = "umpan_balik_rekan"
NOTE_COLUMNS = ["note_id", "nip", "nama", "author_role", "author_name", "value_code", "text", "version",
                "created_at", "updated_at"]
MAX_FEEDBACK_CHARS = 1000


class FeedbackPart:
    """Continuous feedback notes, versioned.  Built with the shared ``Database``, the
    ``ResponsesPart`` (a rater link's session and its own forms) and the ``DevelopmentPart``
    (HR's setting whether peers may write)."""

    def __init__(self, db: Database, responses: ResponsesPart, settings: DevelopmentPart):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction
        self.responses = responses
        self.settings = settings

    def _colleague_session(self, conn, token, lock: bool = False):
        """A colleague's rater link; a stakeholder's link (outside the roster) has no feedback notes."""
        session = self.responses.session_in(conn, token, lock=lock)
        if session.rater_id is None:
            raise StoreError("store.fb_stakeholder")
        return session

    def _feedback_role(self, conn, session, employee_id: int) -> str:
        rels = {r[0] for r in conn.execute(
            sa.select(assignments.c.relationship).where(assignments.c.cycle_id == session.cycle_id)
            .where(assignments.c.rater_id == session.rater_id).where(assignments.c.ratee_id == employee_id))}
        if "supervisor" in rels:
            return "supervisor"
        if "peer" in rels and self.settings.setting(PEER_FEEDBACK_SETTING, False):
            return "peer"
        raise StoreError("store.fb_not_allowed")

    def _check_note(self, conn, session, value_code: str, text: str) -> tuple[str, str]:

        iid = cycle_row(conn, session.cycle_id).instrument_id
        codes = {r[0] for r in conn.execute(sa.select(competencies.c.code).where(competencies.c.instrument_id == iid))}
        code = str(value_code or "").strip()
        if code not in codes:
            raise StoreError("store.fb_value_unknown", code=code, choices=", ".join(sorted(codes)))
        text = clean_text(text)
        if not text:
            raise StoreError("store.fb_required")
        if len(text) > MAX_FEEDBACK_CHARS:
            raise StoreError("store.fb_too_long", n=len(text), max=MAX_FEEDBACK_CHARS)
        return code, text

    def feedback_target_records(self, token: str) -> list[dict]:
        """The people this link may write feedback about, ``[{nip, nama, role}]`` (pandas-free:
        the rater app's kernel)."""
        peers = bool(self.settings.setting(PEER_FEEDBACK_SETTING, False))
        with self.engine.connect() as conn:
            s = self._colleague_session(conn, token)
            rels = ["supervisor", "peer"] if peers else ["supervisor"]
            q = (sa.select(employees.c.nip, employees.c.name.label("nama"), assignments.c.relationship.label("role"))
                 .join(employees, employees.c.id == assignments.c.ratee_id)
                 .where(assignments.c.cycle_id == s.cycle_id).where(assignments.c.rater_id == s.rater_id)
                 .where(assignments.c.relationship.in_(rels)).order_by(employees.c.name))
            return [dict(r._mapping) for r in conn.execute(q)]

    def feedback_targets(self, token: str) -> pd.DataFrame:
        """:meth:`feedback_target_records` as a frame: ``nip, nama, role``."""
        return pd.DataFrame(self.feedback_target_records(token), columns=["nip", "nama", "role"])

    def add_feedback(self, token: str, nip: str, value_code: str, text: str) -> int:
        """A new note about employee ``nip`` by the link's owner; returns the note id."""

        with self.transaction() as conn:
            s = self._colleague_session(conn, token, lock=True)
            eid = conn.execute(sa.select(employees.c.id).where(employees.c.nip == str(nip))).scalar()
            if eid is None:
                raise StoreError("store.fb_not_allowed")
            role = self._feedback_role(conn, s, eid)
            code, text = self._check_note(conn, s, value_code, text)
            now = self.db.now()
            nid = conn.execute(feedback_notes.insert().values(cycle_id=s.cycle_id, employee_id=eid,
                                                              author_id=s.rater_id, author_role=role,
                                                              created_at=now)).inserted_primary_key[0]
            conn.execute(feedback_versions.insert().values(note_id=nid, version=1, value_code=code, text=text, at=now))
            self.db.audit(conn, f"employee:{s.rater_id}", "add_feedback", cycle_id=s.cycle_id, note_id=nid,
                        employee_id=eid)
        return nid

    def edit_feedback(self, token: str, note_id: int, value_code: str, text: str) -> int:
        """A new version of one's own note (the earlier ones stay); returns the version number."""

        with self.transaction() as conn:
            s = self._colleague_session(conn, token, lock=True)
            note = conn.execute(sa.select(feedback_notes).where(feedback_notes.c.id == int(note_id))
                                .where(feedback_notes.c.author_id == s.rater_id)
                                .where(feedback_notes.c.cycle_id == s.cycle_id)).first()
            if note is None:
                raise StoreError("store.fb_missing")
            code, text = self._check_note(conn, s, value_code, text)
            last = conn.execute(sa.select(sa.func.max(feedback_versions.c.version))
                                .where(feedback_versions.c.note_id == note.id)).scalar()
            conn.execute(feedback_versions.insert().values(note_id=note.id, version=last + 1, value_code=code,
                                                           text=text, at=self.db.now()))
            self.db.audit(conn, f"employee:{s.rater_id}", "edit_feedback", note_id=note.id, version=last + 1)
        return last + 1

    def _notes(self, conn, cycle_id: int, *, employee_id=None, author_id=None) -> list[dict]:
        """The latest version of each note, oldest first, as records (``NOTE_COLUMNS``); a peer's
        note without its author's name."""
        latest = (sa.select(feedback_versions.c.note_id, sa.func.max(feedback_versions.c.version).label("version"))
                  .group_by(feedback_versions.c.note_id).subquery())
        author, subject = employees.alias("author"), employees.alias("subject")
        q = (sa.select(feedback_notes.c.id.label("note_id"), subject.c.nip, subject.c.name.label("nama"),
                       feedback_notes.c.author_role, author.c.name.label("author_name"), feedback_versions.c.value_code,
                       feedback_versions.c.text, latest.c.version, feedback_notes.c.created_at,
                       feedback_versions.c.at.label("updated_at"))
             .join(latest, latest.c.note_id == feedback_notes.c.id)
             .join(feedback_versions, sa.and_(feedback_versions.c.note_id == latest.c.note_id,
                                              feedback_versions.c.version == latest.c.version))
             .join(author, author.c.id == feedback_notes.c.author_id)
             .join(subject, subject.c.id == feedback_notes.c.employee_id)
             .where(feedback_notes.c.cycle_id == cycle_id).order_by(feedback_notes.c.id))
        if employee_id is not None:
            q = q.where(feedback_notes.c.employee_id == employee_id)
        if author_id is not None:
            q = q.where(feedback_notes.c.author_id == author_id)
        rows = [dict(r._mapping) for r in conn.execute(q)]
        for r in rows:
            if r["author_role"] == "peer":
                r["author_name"] = ""
        return rows

    def feedback_given_records(self, token: str) -> list[dict]:
        """The link owner's own notes (latest versions), as records."""
        with self.engine.connect() as conn:
            s = self._colleague_session(conn, token)
            return self._notes(conn, s.cycle_id, author_id=s.rater_id)

    def feedback_given(self, token: str) -> pd.DataFrame:
        """The link owner's own notes (latest versions): ``NOTE_COLUMNS``."""
        return pd.DataFrame(self.feedback_given_records(token), columns=NOTE_COLUMNS)

    def feedback_received_records(self, token: str) -> list[dict]:
        """The notes about the link's owner (latest versions; peers without a name), as records."""
        with self.engine.connect() as conn:
            s = self._colleague_session(conn, token)
            return [{k: v for k, v in r.items() if k not in ("nip", "nama")}
                    for r in self._notes(conn, s.cycle_id, employee_id=s.rater_id)]

    def feedback_received(self, token: str) -> pd.DataFrame:
        """:meth:`feedback_received_records` as a frame (``NOTE_COLUMNS`` without nip and nama)."""
        return pd.DataFrame(self.feedback_received_records(token),
                            columns=[c for c in NOTE_COLUMNS if c not in ("nip", "nama")])

    def feedback_for_rating_records(self, token: str, assignment_id: int) -> list[dict]:
        """For the evaluating official: every note about the person of ``assignment_id`` (the
        link's own supervisor assignment); empty for any other relationship."""
        with self.engine.connect() as conn:
            s = self._colleague_session(conn, token)
            asg = self.responses.owned_assignment(conn, s, assignment_id)
            if asg.relationship != "supervisor":
                return []
            return self._notes(conn, s.cycle_id, employee_id=asg.ratee_id)

    def feedback_for_rating(self, token: str, assignment_id: int) -> pd.DataFrame:
        """:meth:`feedback_for_rating_records` as a frame (``NOTE_COLUMNS``)."""
        return pd.DataFrame(self.feedback_for_rating_records(token, assignment_id), columns=NOTE_COLUMNS)

    def feedback_history(self, token: str, note_id: int) -> pd.DataFrame:
        """Every version of one's own note: ``version, value_code, text, at``."""
        with self.engine.connect() as conn:
            s = self._colleague_session(conn, token)
            own = conn.execute(sa.select(feedback_notes.c.id).where(feedback_notes.c.id == int(note_id))
                               .where(feedback_notes.c.author_id == s.rater_id)).first()
            if own is None:
                raise StoreError("store.fb_missing")
            return pd.read_sql(sa.select(feedback_versions.c.version, feedback_versions.c.value_code,
                                         feedback_versions.c.text, feedback_versions.c.at)
                               .where(feedback_versions.c.note_id == own.id).order_by(feedback_versions.c.version),
                               conn)

    def feedback_counts(self, cycle_id: int) -> pd.DataFrame:
        """For HR: the number of notes per employee and value (never the texts): ``nip,
        unit_kerja, value_code, author_role, n``."""
        latest = (sa.select(feedback_versions.c.note_id, sa.func.max(feedback_versions.c.version).label("version"))
                  .group_by(feedback_versions.c.note_id).subquery())
        q = (sa.select(employees.c.nip, units.c.path.label("unit_kerja"), feedback_versions.c.value_code,
                       feedback_notes.c.author_role, sa.func.count().label("n"))
             .select_from(feedback_notes)
             .join(latest, latest.c.note_id == feedback_notes.c.id)
             .join(feedback_versions, sa.and_(feedback_versions.c.note_id == latest.c.note_id,
                                              feedback_versions.c.version == latest.c.version))
             .join(employees, employees.c.id == feedback_notes.c.employee_id)
             .join(units, units.c.id == employees.c.unit_id)
             .where(feedback_notes.c.cycle_id == cycle_id)
             .group_by(employees.c.nip, units.c.path, feedback_versions.c.value_code, feedback_notes.c.author_role)
             .order_by(employees.c.nip, feedback_versions.c.value_code))
        return self.db.frame(q)
