"""The analysis views of the store: the ratings of a cycle (one query with explicit options),
comments, "cannot assess" counts, declined forms, response rates and pending raters
(``RatingsPart``).

:meth:`RatingsPart.ratings` is the only place that joins answers to forms, items and people:
``Store.ratings_frame`` (the roster's raters), ``Store.stakeholder_ratings_frame`` (the
*pemangku kepentingan*), ``cycle.load_results`` and the trends of ``cycle.periods`` all read it,
so they see the same answers.  A stakeholder's rater key is ``pk-<stakeholder id>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from ._lazy import pd
from .database import Database
from .schema import (
    answers,
    assignments,
    competencies,
    employees,
    items,
    response_comments,
    responses,
)
from .stakeholders import STAKEHOLDER_PREFIX

if TYPE_CHECKING:
    from .cycles import CyclesPart

RATINGS_COLUMNS = ["ratee", "rater", "relationship", "competency", "item", "rating"]


def rater_key(rater):
    """The rater as the ratings frame names them: the NIP of a colleague (``rater``, an alias of
    ``employees`` outer-joined on ``assignments.rater_id``), ``pk-<id>`` for a stakeholder."""
    return sa.func.coalesce(rater.c.nip, sa.literal(STAKEHOLDER_PREFIX) + sa.cast(assignments.c.stakeholder_id, sa.String))


class RatingsPart:
    """Read-only views for analysis and HR.

    Built with the shared ``Database`` and the ``CyclesPart`` (assignments and the roster).
    """

    def __init__(self, db: Database, cycles: CyclesPart):
        self.db = db
        self.engine = db.engine
        self.cycles = cycles

    def ratings(self, cycle_id: int, *, roster: bool = True, stakeholders: bool = False,
                include_drafts: bool = False, include_not_applicable: bool = False,
                include_declined: bool = False) -> pd.DataFrame:
        """The answers of a cycle as a ratings frame (``kinerja_survey.frames``): ``ratee, rater,
        relationship, competency, item, rating``, keyed by NIP (a stakeholder as ``pk-<id>``).

        Parameters
        ----------
        roster
            Answers of raters on the roster (colleagues, supervisors, self).
        stakeholders
            Answers of stakeholders (*pemangku kepentingan*, relationship ``stakeholder``); they
            come after the roster's answers.
        include_drafts
            Also the answers of forms saved as a draft (default: submitted forms only).
        include_not_applicable
            Also the "cannot assess" answers, with ``rating`` NaN (default: never a rating).
        include_declined
            Also declined forms (they carry no answers: declining removes them; default: left out).

        Answers are ordered by form (roster first), then competency and item position.
        """
        rater, ratee = employees.alias("rater"), employees.alias("ratee")
        statuses = ["submitted", "draft"] if include_drafts else ["submitted"]
        q = (sa.select(ratee.c.nip.label("ratee"), rater_key(rater).label("rater"), assignments.c.relationship,
                       competencies.c.code.label("competency"), items.c.code.label("item"),
                       answers.c.value.label("rating"))
             .select_from(answers)
             .join(responses, responses.c.id == answers.c.response_id)
             .join(assignments, assignments.c.id == responses.c.assignment_id)
             .join(items, items.c.id == answers.c.item_id)
             .join(competencies, competencies.c.id == items.c.competency_id)
             .outerjoin(rater, rater.c.id == assignments.c.rater_id)
             .join(ratee, ratee.c.id == assignments.c.ratee_id)
             .where(assignments.c.cycle_id == cycle_id).where(responses.c.status.in_(statuses))
             .order_by(assignments.c.stakeholder_id.is_not(None), assignments.c.id, competencies.c.position,
                       items.c.position))
        if not roster:
            q = q.where(assignments.c.stakeholder_id.is_not(None))
        if not stakeholders:
            q = q.where(assignments.c.rater_id.is_not(None))
        if not include_not_applicable:
            q = q.where(answers.c.not_applicable == sa.false()).where(answers.c.value.is_not(None))
        if not include_declined:
            q = q.where(responses.c.declined_reason.is_(None))
        df = self.db.frame(q)
        df["rating"] = df["rating"].astype(float)
        return df[RATINGS_COLUMNS]

    def ratings_frame(self, cycle_id: int, *, include_drafts: bool = False) -> pd.DataFrame:
        """Submitted answers of the roster's raters (:meth:`ratings` with its defaults).

        Unanswered items of a submitted form cannot occur (submit requires all); drafts are left
        out unless ``include_drafts``.  "Cannot assess" answers are not ratings and never appear
        (see ``not_applicable_counts``); a declined form has no answers at all.
        """
        return self.ratings(cycle_id, include_drafts=include_drafts)

    def stakeholder_ratings_frame(self, cycle_id: int) -> pd.DataFrame:
        """Submitted stakeholder answers as a ratings frame: rater ``pk-<id>``, relationship
        ``stakeholder`` (empty frame with the columns when there are none)."""
        return self.ratings(cycle_id, roster=False, stakeholders=True)

    def comments_frame(self, cycle_id: int) -> pd.DataFrame:
        """Submitted comments: ratee, rater, relationship, competency (``""`` for the overall comment), text.
        A stakeholder's comments have the rater key ``pk-<id>`` (as in ``stakeholder_ratings_frame``)."""
        rater, ratee = employees.alias("rater"), employees.alias("ratee")
        who = rater_key(rater)
        base = (sa.select(ratee.c.nip.label("ratee"), who.label("rater"), assignments.c.relationship,
                          responses.c.id.label("response_id"), responses.c.overall_comment)
                .join(assignments, assignments.c.id == responses.c.assignment_id)
                .outerjoin(rater, rater.c.id == assignments.c.rater_id)
                .join(ratee, ratee.c.id == assignments.c.ratee_id)
                .where(assignments.c.cycle_id == cycle_id).where(responses.c.status == "submitted"))
        with self.engine.connect() as conn:
            resp = pd.read_sql(base, conn)
            comp = pd.read_sql(sa.select(response_comments.c.response_id, competencies.c.code.label("competency"),
                                         response_comments.c.text)
                               .join(competencies, competencies.c.id == response_comments.c.competency_id)
                               .where(response_comments.c.response_id.in_(resp["response_id"].tolist() or [-1])), conn)
        comp = comp.merge(resp[["response_id", "ratee", "rater", "relationship"]], on="response_id")
        overall = resp[resp["overall_comment"].str.strip() != ""].assign(competency="", text=lambda d: d["overall_comment"])
        cols = ["ratee", "rater", "relationship", "competency", "text"]
        return pd.concat([comp[cols], overall[cols]], ignore_index=True)

    def not_applicable_counts(self, cycle_id: int, by: str = "rater") -> pd.DataFrame:
        """How often "cannot assess" was answered in submitted forms, ``by`` ``"rater"`` or ``"ratee"``.

        Columns: ``nip``, ``nama``, ``not_applicable`` (answers "Tidak dapat menilai"), ``rated``
        (answers with a value) and ``share`` (not_applicable / both); one row per person with at
        least one submitted answer of either kind.
        """
        if by not in ("rater", "ratee"):
            raise ValueError("by must be 'rater' or 'ratee'")
        person = employees.alias("person")
        key = assignments.c.rater_id if by == "rater" else assignments.c.ratee_id
        na = sa.func.sum(sa.case((answers.c.not_applicable, 1), else_=0))
        q = (sa.select(person.c.nip, person.c.name.label("nama"), na.label("not_applicable"),
                       sa.func.count().label("total"))
             .select_from(answers)
             .join(responses, responses.c.id == answers.c.response_id)
             .join(assignments, assignments.c.id == responses.c.assignment_id)
             .join(person, person.c.id == key)
             .where(assignments.c.cycle_id == cycle_id).where(responses.c.status == "submitted")
             .group_by(person.c.nip, person.c.name).order_by(person.c.nip))
        df = self.db.frame(q)
        df["not_applicable"] = df["not_applicable"].astype(int)
        df["rated"] = df["total"].astype(int) - df["not_applicable"]
        df["share"] = (df["not_applicable"] / df["total"].astype(float)).round(4)
        return df[["nip", "nama", "not_applicable", "rated", "share"]]

    def declines_frame(self, cycle_id: int) -> pd.DataFrame:
        """Forms declined by their rater, for HR: ``rater``, ``rater_nama``, ``ratee``, ``ratee_nama``,
        ``relationship``, ``reason``, ``at`` (UTC), oldest first."""
        rater, ratee = employees.alias("rater"), employees.alias("ratee")
        q = (sa.select(rater.c.nip.label("rater"), rater.c.name.label("rater_nama"), ratee.c.nip.label("ratee"),
                       ratee.c.name.label("ratee_nama"), assignments.c.relationship,
                       responses.c.declined_reason.label("reason"), responses.c.submitted_at.label("at"))
             .join(assignments, assignments.c.id == responses.c.assignment_id)
             .join(rater, rater.c.id == assignments.c.rater_id)
             .join(ratee, ratee.c.id == assignments.c.ratee_id)
             .where(assignments.c.cycle_id == cycle_id).where(responses.c.declined_reason.is_not(None))
             .order_by(responses.c.submitted_at, responses.c.id))
        return self.db.frame(q)

    def response_rates(self, cycle_id: int, by: str = "unit") -> pd.DataFrame:
        """Invited vs submitted forms per rater group, ``by`` ``"unit"`` (the ratee's unit) or ``"ratee"``."""
        from ..frames import RELATIONSHIPS  # not needed by the rater's kernel

        a = self.cycles.assignments_frame(cycle_id)
        emp = self.cycles.employees_frame(active_only=False)
        a = a.merge(emp[["employee_id", "nama", "unit_kerja"]], left_on="ratee_id", right_on="employee_id")
        key = {"unit": ["unit_kerja"], "ratee": ["ratee", "nama", "unit_kerja"]}.get(by)
        if key is None:
            raise ValueError("by must be 'unit' or 'ratee'")
        a["submitted"] = a["status"].eq("submitted")
        table = a.pivot_table(index=key, columns="relationship", values="submitted", aggfunc=["size", "sum"], fill_value=0)
        out = pd.DataFrame(index=table.index)
        for rel in RELATIONSHIPS:
            if ("size", rel) in table.columns:
                out[f"{rel}_invited"] = table[("size", rel)].astype(int)
                out[f"{rel}_submitted"] = table[("sum", rel)].astype(int)
        out["invited"] = a.groupby(key).size()
        out["submitted"] = a.groupby(key)["submitted"].sum().astype(int)
        out["rate"] = (out["submitted"] / out["invited"]).round(4)
        return out.reset_index()

    def pending_raters(self, cycle_id: int) -> pd.DataFrame:
        """Raters with forms not yet submitted (for reminders): nip, nama, unit, pending, total."""
        a = self.cycles.assignments_frame(cycle_id)
        emp = self.cycles.employees_frame(active_only=False)
        g = a.assign(pending=~a["status"].isin(["submitted", "declined"])).groupby("rater_id").agg(
            pending=("pending", "sum"), total=("pending", "size"))
        g = g[g["pending"] > 0].reset_index().merge(emp[["employee_id", "nip", "nama", "unit_kerja"]],
                                                    left_on="rater_id", right_on="employee_id")
        return g[["nip", "nama", "unit_kerja", "pending", "total"]].sort_values(["unit_kerja", "nama"]).reset_index(drop=True)


