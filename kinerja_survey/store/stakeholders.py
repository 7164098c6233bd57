"""Store methods for stakeholder raters (*pemangku kepentingan*): people outside the roster.

Another agency's officer or a member of the public served rates one employee through a link of
their own.  A stakeholder is a row of ``stakeholders`` (name, organisation, contact, the link's
SHA-256 hash) and one assignment with ``relationship = 'stakeholder'`` and ``stakeholder_id``
instead of ``rater_id``.  The roster's own queries (``ratings_frame``, ``assignments_frame``,
``rater_tasks``) join raters to ``employees`` and so never see these rows: a cycle's existing
results are unchanged; ``RatingsPart.ratings(..., stakeholders=True)`` (``store.ratings``) gives
their answers as a ratings frame (rater key ``pk-<id>``, relationship ``stakeholder``).  The audit log records stakeholder ids, never a name or a contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ._lazy import pd
from .common import check_token_shape, clean_text, cycle_row, hash_token, new_token
from .database import Database
from .errors import AccessDenied, StoreError
from .schema import assignments, cycles, employees, responses, stakeholders

if TYPE_CHECKING:
    from .responses import ResponsesPart

STAKEHOLDER_PREFIX = "pk-"
_CONTACT = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$|^\+?[0-9 ()\-]{6,20}$")


@dataclass(frozen=True)
class StakeholderSession:
    """What a valid stakeholder link opens: one form about one employee (nothing else)."""

    stakeholder_id: int
    cycle_id: int
    assignment_id: int
    stakeholder_name: str
    ratee_name: str
    ratee_jabatan: str
    cycle_name: str


def stakeholder_session(conn, token, lock: bool = False) -> StakeholderSession:
    """Resolve a stakeholder's plain token in ``conn``; ``lock`` (inside a save) holds FOR SHARE on
    the stakeholder and cycle rows.  ``AccessDenied`` (unknown/revoked/not_open/closed)."""
    check_token_shape(token)
    ratee = employees.alias("ratee")
    q = (sa.select(stakeholders.c.id, stakeholders.c.cycle_id, stakeholders.c.name, stakeholders.c.revoked_at,
                   assignments.c.id.label("assignment_id"), cycles.c.status, cycles.c.name.label("cycle_name"),
                   ratee.c.name.label("ratee_name"), ratee.c.jabatan.label("ratee_jabatan"))
         .join(assignments, assignments.c.stakeholder_id == stakeholders.c.id)
         .join(cycles, cycles.c.id == stakeholders.c.cycle_id)
         .join(ratee, ratee.c.id == stakeholders.c.ratee_id)
         .where(stakeholders.c.token_hash == hash_token(token)))
    row = conn.execute(q.with_for_update(read=True, of=[stakeholders, cycles]) if lock else q).first()
    if row is None:
        raise AccessDenied("unknown")
    if row.revoked_at is not None:
        raise AccessDenied("revoked")
    if row.status != "open":
        raise AccessDenied("closed" if row.status not in ("draft",) else "not_open")
    return StakeholderSession(row.id, row.cycle_id, row.assignment_id, row.name, row.ratee_name,
                              row.ratee_jabatan, row.cycle_name)


class StakeholdersPart:
    """Stakeholder raters with links of their own.  Built with the shared ``Database`` and the
    ``ResponsesPart`` (a stakeholder's form is saved and loaded like a colleague's)."""

    def __init__(self, db: Database, responses: ResponsesPart):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction
        self.responses = responses

    def add_stakeholder(self, cycle_id: int, ratee_nip: str, name: str, contact: str, organisation: str = "",
                        *, actor: str) -> dict:
        """Add a stakeholder rater for one employee and return ``{"stakeholder_id", "token"}``
        (the plain token: hand it over once, only its hash is stored).

        ``contact`` is an e-mail address or a telephone number (to send the link to).

        Raises
        ------
        StoreError
            Closed cycle, unknown or inactive employee, empty or too long name, bad contact.
        """

        name, organisation, contact = clean_text(name), clean_text(organisation), clean_text(contact)
        if not name or len(name) > 200:
            raise StoreError("store.sh_name")
        if len(organisation) > 300:
            raise StoreError("store.sh_org_long")
        if not _CONTACT.match(contact):
            raise StoreError("store.sh_contact", contact=contact)
        token = new_token()
        with self.transaction() as conn:
            cyc = cycle_row(conn, cycle_id)
            if cyc.status not in ("draft", "open"):
                raise StoreError("store.sh_closed")
            row = conn.execute(sa.select(employees.c.id, employees.c.active)
                               .where(employees.c.nip == str(ratee_nip))).first()
            if row is None or not row.active:
                raise StoreError("store.sh_ratee", nip=ratee_nip)
            sid = conn.execute(stakeholders.insert().values(
                cycle_id=cycle_id, ratee_id=row.id, name=name, organisation=organisation, contact=contact,
                token_hash=hash_token(token), created_at=self.db.now())).inserted_primary_key[0]
            conn.execute(assignments.insert().values(cycle_id=cycle_id, rater_id=None, ratee_id=row.id,
                                                     relationship="stakeholder", stakeholder_id=sid))
            self.db.audit(conn, actor, "add_stakeholder", cycle_id=cycle_id, employee_id=row.id, stakeholder_id=sid)
        return {"stakeholder_id": sid, "token": token}

    def reissue_stakeholder_link(self, stakeholder_id: int, *, actor: str) -> str:
        """A new link for a stakeholder (lost or leaked); the old one stops working."""

        token = new_token()
        with self.transaction() as conn:
            done = conn.execute(stakeholders.update().where(stakeholders.c.id == int(stakeholder_id))
                                .values(token_hash=hash_token(token), revoked_at=None))
            if done.rowcount == 0:
                raise StoreError("store.sh_missing")
            self.db.audit(conn, actor, "reissue_stakeholder_link", stakeholder_id=int(stakeholder_id))
        return token

    def revoke_stakeholder_link(self, stakeholder_id: int, *, actor: str) -> None:

        with self.transaction() as conn:
            conn.execute(stakeholders.update().where(stakeholders.c.id == int(stakeholder_id))
                         .values(revoked_at=self.db.now()))
            self.db.audit(conn, actor, "revoke_stakeholder_link", stakeholder_id=int(stakeholder_id))

    def stakeholders_frame(self, cycle_id: int) -> pd.DataFrame:
        """``stakeholder_id, ratee (NIP), nama (ratee), name, organisation, contact, status
        (pending/draft/submitted), revoked``: for HR to follow up; not for meetings."""
        q = (sa.select(stakeholders.c.id.label("stakeholder_id"), employees.c.nip.label("ratee"),
                       employees.c.name.label("nama"), stakeholders.c.name, stakeholders.c.organisation,
                       stakeholders.c.contact, sa.func.coalesce(responses.c.status, "pending").label("status"),
                       stakeholders.c.revoked_at.is_not(None).label("revoked"))
             .join(employees, employees.c.id == stakeholders.c.ratee_id)
             .join(assignments, assignments.c.stakeholder_id == stakeholders.c.id)
             .outerjoin(responses, responses.c.assignment_id == assignments.c.id)
             .where(stakeholders.c.cycle_id == cycle_id).order_by(stakeholders.c.id))
        return self.db.frame(q)

    # -- the stakeholder's side ---------------------------------------------------------------
    def open_stakeholder_link(self, token: str) -> StakeholderSession:
        """Resolve a stakeholder's plain token; ``AccessDenied`` (unknown/revoked/not_open/closed)."""
        with self.engine.connect() as conn:
            return stakeholder_session(conn, token)

    def load_stakeholder_response(self, token: str) -> dict:
        """The saved state of the stakeholder's one form (as ``Store.load_response``)."""
        session = self.responses.open_link(token)
        return self.responses.load_response(session, self.open_stakeholder_link(token).assignment_id)

    def save_stakeholder_response(self, token: str, answers_in: dict, comments_in: dict | None = None,
                                  overall_comment: str = "", *, submit: bool = False,
                                  version: int | None = None) -> dict:
        """Save a draft or submit the stakeholder's one form: ``Store.save_response`` on it (the same
        rules: whole numbers on the scale, known codes, comment length, submit needs every item, a
        submitted form is locked, a stale version refused, the deadline enforced)."""
        aid = self.open_stakeholder_link(token).assignment_id
        return self.responses.save_response(token, aid, answers_in, comments_in, overall_comment, submit=submit,
                                  version=version)
