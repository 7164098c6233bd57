"""The administrator's part of the store: the roster, cycles and their instruments, assignments
and rater links, hasil kerja and predikat overrides (``CyclesPart``).

Each write runs in one transaction of the shared ``Database`` and names the person acting in the
audit log (employee *ids* only, never a NIP or a name).
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from ..collect.instrument import (
    DEFAULT_NOT_APPLICABLE,
    Instrument,
    berakhlak,
    from_dict,
)
from ._lazy import pd
from .common import (
    clean_text,
    cycle_row,
    employee_id,
    hash_token,
    new_token,
    refuse_if_published,
    require_actor,
    require_reason,
    status_word,
)
from .database import Database
from .errors import StoreError
from .hr import save_contacts
from .responses import form_status
from .schema import (
    CYCLE_STATUSES,
    assignments,
    audit_log,
    competencies,
    cycles,
    employees,
    hasil_kerja,
    instruments,
    items,
    predikat_overrides,
    rater_links,
    responses,
    units,
)

MAX_CONTACT_CHARS = 500


def _contact(text) -> str | None:
    text = clean_text(text)
    if len(text) > MAX_CONTACT_CHARS:
        raise StoreError("store.hr_contact_too_long", n=len(text), max=MAX_CONTACT_CHARS)
    return text or None


class CyclesPart:
    """Roster, cycles, instruments, assignments and links, hasil kerja and overrides.

    Built with the shared ``Database``; needs no other part.
    """

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction
        self._instrument_cache: dict[int, tuple] = {}

    def audit_frame(self) -> pd.DataFrame:
        return self.db.frame(sa.select(audit_log).order_by(audit_log.c.id))

    # -- roster -----------------------------------------------------------------------------
    def import_roster(self, frame: pd.DataFrame, *, actor: str) -> dict:
        """Import a roster already parsed and validated by ``collect.roster.load_roster`` (the
        store reads no files: ``cycle.import_roster`` parses and then calls this).

        All or nothing.  Employees already present are updated; those missing from the new
        roster are marked inactive (their history stays).  Returns counts.

        Raises
        ------
        StoreError
            ``frame`` is not a parsed roster (``store.roster_not_parsed``: e.g. a path was passed).
        """
        from ..collect.roster import ROSTER_COLUMNS, unit_paths

        actor = require_actor(actor)
        if not isinstance(frame, pd.DataFrame) or set(ROSTER_COLUMNS) - set(frame.columns):
            raise StoreError("store.roster_not_parsed", what=type(frame).__name__)
        with self.transaction() as conn:
            unit_ids = {r.path: r.id for r in conn.execute(sa.select(units.c.path, units.c.id))}
            for path, parent, name in unit_paths(frame):
                if path not in unit_ids:
                    unit_ids[path] = conn.execute(units.insert().values(
                        path=path, name=name, parent_id=unit_ids.get(parent) if parent else None)).inserted_primary_key[0]
            rows_now = conn.execute(sa.select(employees.c.nip, employees.c.id, employees.c.active)).all()
            existing = {r.nip: r.id for r in rows_now}
            was_active = {r.nip for r in rows_now if r.active}
            added = updated = 0
            ids = {}
            for rec in frame.itertuples(index=False):
                values = dict(name=rec.nama, jabatan=rec.jabatan, jenis_jabatan=rec.jenis_jabatan,
                              golongan=rec.golongan, gender=rec.jenis_kelamin, unit_id=unit_ids[rec.unit_kerja],
                              atasan_id=None, active=True)
                if rec.nip in existing:
                    conn.execute(employees.update().where(employees.c.id == existing[rec.nip]).values(**values))
                    ids[rec.nip] = existing[rec.nip]
                    updated += 1
                else:
                    ids[rec.nip] = conn.execute(employees.insert().values(nip=rec.nip, **values)).inserted_primary_key[0]
                    added += 1
            for rec in frame.itertuples(index=False):
                if rec.atasan_nip:
                    conn.execute(employees.update().where(employees.c.id == ids[rec.nip]).values(atasan_id=ids[rec.atasan_nip]))
            gone = [i for nip, i in existing.items() if nip not in ids and nip in was_active]
            if gone:
                conn.execute(employees.update().where(employees.c.id.in_(gone)).values(active=False, atasan_id=None))
            save_contacts(conn, frame, ids)  # store.hr: optional e-mail / phone columns
            counts = {"added": added, "updated": updated, "deactivated": len(gone), "units": len(unit_ids)}
            self.db.audit(conn, actor, "import_roster", **counts)
        return counts

    def employees_frame(self, *, active_only: bool = True) -> pd.DataFrame:
        """The roster in the import layout (``roster.ROSTER_COLUMNS``) plus ``employee_id``."""
        boss = employees.alias("boss")
        q = (sa.select(employees.c.id.label("employee_id"), employees.c.nip, employees.c.name.label("nama"),
                       employees.c.jabatan, employees.c.jenis_jabatan, employees.c.golongan,
                       units.c.path.label("unit_kerja"), boss.c.nip.label("atasan_nip"),
                       employees.c.gender.label("jenis_kelamin"))
             .join(units, units.c.id == employees.c.unit_id)
             .outerjoin(boss, boss.c.id == employees.c.atasan_id)
             .order_by(employees.c.id))
        if active_only:
            q = q.where(employees.c.active == sa.true())
        df = self.db.frame(q)
        df["atasan_nip"] = df["atasan_nip"].fillna("")
        from ..collect.roster import ROSTER_COLUMNS

        return df[["employee_id"] + ROSTER_COLUMNS]

    # -- instruments and cycles -------------------------------------------------------------
    def _save_instrument(self, conn, inst: Instrument) -> int:
        iid = conn.execute(instruments.insert().values(
            code=inst.code, name_json=json.dumps(inst.name), scale_low=inst.scale.low,
            scale_high=inst.scale.high, labels_json=json.dumps({k: list(v) for k, v in inst.scale.labels.items()}),
            require_overall_comment=inst.require_overall_comment,
            not_applicable_json=json.dumps(list(inst.not_applicable_for)))).inserted_primary_key[0]
        for cpos, comp in enumerate(inst.competencies):
            cid = conn.execute(competencies.insert().values(
                instrument_id=iid, code=comp.code, name_json=json.dumps(comp.name), position=cpos)).inserted_primary_key[0]
            conn.execute(items.insert(), [
                dict(instrument_id=iid, competency_id=cid, code=it.code, text_json=json.dumps(it.text), position=ipos)
                for ipos, it in enumerate(comp.items)])
        return iid

    def create_cycle(self, name: str, period_start, period_end, instrument: Instrument | None = None,
                     *, hr_contact: str | None = None, actor: str) -> int:
        """A new survey cycle in status ``draft`` with its own copy of the instrument.

        ``hr_contact`` is what raters are shown to reach HR (e.g. "Bagian Kepegawaian, ext. 123").
        """
        start, end = pd.Timestamp(period_start).date(), pd.Timestamp(period_end).date()
        if end < start:
            raise StoreError("store.period_order", end=end, start=start)
        if not str(name).strip():
            raise StoreError("store.cycle_name_required")
        with self.transaction() as conn:
            iid = self._save_instrument(conn, instrument or berakhlak())
            cid = conn.execute(cycles.insert().values(name=str(name).strip(), period_start=start, period_end=end,
                                                      status="draft", instrument_id=iid, created_at=self.db.now(),
                                                      hr_contact=_contact(hr_contact))).inserted_primary_key[0]
            self.db.audit(conn, actor, "create_cycle", cycle_id=cid)
        return cid

    def set_cycle_status(self, cycle_id: int, status: str, *, actor: str) -> None:
        """draft -> open -> closed (closing is final; reopening a closed cycle is refused)."""
        if status not in CYCLE_STATUSES:
            raise StoreError("store.status_unknown", status=status, choices=", ".join(CYCLE_STATUSES))
        with self.transaction() as conn:
            # FOR UPDATE: wait for saves in flight (they hold FOR SHARE), so none lands after closed_at
            cur = cycle_row(conn, cycle_id, lock=True).status
            allowed = {("draft", "open"), ("open", "closed"), ("draft", "closed")}
            if (cur, status) not in allowed:
                raise StoreError("store.status_change", current=status_word(cur), status=status_word(status))
            conn.execute(cycles.update().where(cycles.c.id == cycle_id).values(
                status=status, closed_at=self.db.now() if status == "closed" else None))
            self.db.audit(conn, actor, f"cycle_{status}", cycle_id=cycle_id)

    def open_cycle(self, cycle_id: int, *, actor: str) -> None:
        self.set_cycle_status(cycle_id, "open", actor=actor)

    def close_cycle(self, cycle_id: int, *, actor: str) -> None:
        self.set_cycle_status(cycle_id, "closed", actor=actor)

    def set_hr_contact(self, cycle_id: int, contact: str | None, *, actor: str) -> None:
        """Set (or clear with ``None``/``""``) the HR contact raters see in this cycle."""
        with self.transaction() as conn:
            cycle_row(conn, cycle_id)
            conn.execute(cycles.update().where(cycles.c.id == cycle_id).values(hr_contact=_contact(contact)))
            self.db.audit(conn, actor, "set_hr_contact", cycle_id=cycle_id)

    def cycle(self, cycle_id: int) -> dict:
        with self.engine.connect() as conn:
            return dict(cycle_row(conn, cycle_id)._mapping)

    def cycles_frame(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(sa.select(cycles).order_by(cycles.c.id), conn)

    def instrument(self, cycle_id: int) -> Instrument:
        """The cycle's instrument, rebuilt from its stored copy."""
        with self.engine.connect() as conn:
            return self._instrument(conn, cycle_row(conn, cycle_id).instrument_id)

    def instrument_parts(self, conn, instrument_id: int) -> tuple[Instrument, dict, dict]:
        """(instrument, item code -> id, competency code -> id), cached per Store: a cycle's stored
        instrument copy is never modified, so each save need not read it again (5 fewer queries)."""
        cache = self._instrument_cache
        if instrument_id not in cache:
            item_ids = dict(conn.execute(sa.select(items.c.code, items.c.id)
                                         .where(items.c.instrument_id == instrument_id)).all())
            comp_ids = dict(conn.execute(sa.select(competencies.c.code, competencies.c.id)
                                         .where(competencies.c.instrument_id == instrument_id)).all())
            cache[instrument_id] = (self._instrument(conn, instrument_id), item_ids, comp_ids)
        return cache[instrument_id]

    @staticmethod
    def _instrument(conn, instrument_id: int) -> Instrument:
        inst = conn.execute(sa.select(instruments).where(instruments.c.id == instrument_id)).one()
        comps = conn.execute(sa.select(competencies).where(competencies.c.instrument_id == instrument_id)
                             .order_by(competencies.c.position)).all()
        its = conn.execute(sa.select(items).where(items.c.instrument_id == instrument_id)
                           .order_by(items.c.position)).all()
        return from_dict({
            "code": inst.code, "name": json.loads(inst.name_json),
            "require_overall_comment": inst.require_overall_comment,
            "not_applicable": (list(DEFAULT_NOT_APPLICABLE) if inst.not_applicable_json is None
                               else json.loads(inst.not_applicable_json)),
            "scale": {"low": inst.scale_low, "high": inst.scale_high, "labels": json.loads(inst.labels_json)},
            "competencies": [{"code": c.code, "name": json.loads(c.name_json),
                              "items": [{"code": i.code, "text": json.loads(i.text_json)}
                                        for i in its if i.competency_id == c.id]} for c in comps],
        }, "stored instrument")

    # -- assignments and links ------------------------------------------------------------------
    def add_assignments(self, cycle_id: int, plan: pd.DataFrame, *, actor: str) -> pd.DataFrame:
        """Store rater assignments (columns ``rater, ratee, relationship`` as NIPs) and create links.

        Every rater without a link in this cycle gets one.  Returns the *plain* links of the raters
        that got a new one (columns ``nip, nama, unit_kerja, token, n_ratees``): export them once,
        they are not stored (only their SHA-256 hash is).  All or nothing.
        """
        from ..frames import RELATIONSHIPS  # not needed by the rater's kernel

        missing_cols = {"rater", "ratee", "relationship"} - set(plan.columns)
        if missing_cols:
            raise StoreError("store.plan_columns", cols=", ".join(sorted(missing_cols)))
        with self.transaction() as conn:
            cyc = cycle_row(conn, cycle_id)
            if cyc.status == "closed":
                raise StoreError("store.closed_no_assign")
            emp = {r.nip: (r.id, r.name, r.active) for r in conn.execute(
                sa.select(employees.c.nip, employees.c.id, employees.c.name, employees.c.active))}
            rows = []
            for n, rec in enumerate(plan.itertuples(index=False), start=1):
                rel = str(rec.relationship)
                if rel not in RELATIONSHIPS:
                    raise StoreError("store.plan_rel_unknown", row=n, rel=rel)
                for who in (rec.rater, rec.ratee):
                    if str(who) not in emp or not emp[str(who)][2]:
                        raise StoreError("store.plan_not_in_roster", row=n, nip=who)
                if (rel == "self") != (str(rec.rater) == str(rec.ratee)):
                    raise StoreError("store.plan_self", row=n)
                rows.append(dict(cycle_id=cycle_id, rater_id=emp[str(rec.rater)][0],
                                 ratee_id=emp[str(rec.ratee)][0], relationship=rel))
            have = {(r.rater_id, r.ratee_id) for r in conn.execute(
                sa.select(assignments.c.rater_id, assignments.c.ratee_id).where(assignments.c.cycle_id == cycle_id))}
            seen = set()
            new_rows = []
            for r in rows:
                key = (r["rater_id"], r["ratee_id"])
                if key in seen:
                    raise StoreError("store.plan_duplicate")
                seen.add(key)
                if key not in have:
                    new_rows.append(r)
            if new_rows:
                conn.execute(assignments.insert(), new_rows)
            linked = {r.rater_id for r in conn.execute(
                sa.select(rater_links.c.rater_id).where(rater_links.c.cycle_id == cycle_id)
                .where(rater_links.c.revoked_at.is_(None)))}
            need = sorted({r["rater_id"] for r in rows} - linked)
            links = self.issue_links(conn, cycle_id, need)
            self.db.audit(conn, actor, "add_assignments", cycle_id=cycle_id, assignments=len(new_rows), links=len(need))
        return self._links_frame(cycle_id, links)

    def issue_links(self, conn, cycle_id: int, rater_ids) -> dict[int, str]:
        tokens = {rid: new_token() for rid in rater_ids}
        if tokens:
            conn.execute(rater_links.insert(), [
                dict(cycle_id=cycle_id, rater_id=rid, token_hash=hash_token(tok), created_at=self.db.now())
                for rid, tok in tokens.items()])
        return tokens

    def _links_frame(self, cycle_id: int, tokens: dict[int, str]) -> pd.DataFrame:
        emp = self.employees_frame(active_only=False).set_index("employee_id")
        load = self.assignments_frame(cycle_id).groupby("rater_id").size()
        rows = [dict(nip=emp.at[rid, "nip"], nama=emp.at[rid, "nama"], unit_kerja=emp.at[rid, "unit_kerja"],
                     token=tok, n_ratees=int(load.get(rid, 0))) for rid, tok in tokens.items()]
        return pd.DataFrame(rows, columns=["nip", "nama", "unit_kerja", "token", "n_ratees"])

    def _revoke(self, conn, cycle_id: int, nip: str) -> int:
        """Revoke the rater's active links in the cycle; returns the rater's employee id."""
        rid = employee_id(conn, nip)
        conn.execute(rater_links.update().where(rater_links.c.cycle_id == cycle_id)
                     .where(rater_links.c.rater_id == rid).where(rater_links.c.revoked_at.is_(None))
                     .values(revoked_at=self.db.now()))
        return rid

    def reissue_link(self, cycle_id: int, nip: str, *, actor: str) -> str:
        """Revoke a rater's current link and return a new plain token (e.g. a lost or leaked link)."""
        with self.transaction() as conn:
            rid = self._revoke(conn, cycle_id, nip)
            token = self.issue_links(conn, cycle_id, [rid])[rid]
            self.db.audit(conn, actor, "reissue_link", cycle_id=cycle_id, employee_id=rid)
        return token

    def revoke_link(self, cycle_id: int, nip: str, *, actor: str) -> None:
        with self.transaction() as conn:
            rid = self._revoke(conn, cycle_id, nip)
            self.db.audit(conn, actor, "revoke_link", cycle_id=cycle_id, employee_id=rid)

    def assignments_frame(self, cycle_id: int) -> pd.DataFrame:
        """All assignments of a cycle with NIPs and response status (pending/draft/submitted/declined)."""
        rater, ratee = employees.alias("rater"), employees.alias("ratee")
        q = (sa.select(assignments.c.id.label("assignment_id"), assignments.c.rater_id, assignments.c.ratee_id,
                       rater.c.nip.label("rater"), ratee.c.nip.label("ratee"), assignments.c.relationship,
                       form_status().label("status"))
             .join(rater, rater.c.id == assignments.c.rater_id)
             .join(ratee, ratee.c.id == assignments.c.ratee_id)
             .outerjoin(responses, responses.c.assignment_id == assignments.c.id)
             .where(assignments.c.cycle_id == cycle_id).order_by(assignments.c.id))
        return self.db.frame(q)

    # -- hasil kerja ------------------------------------------------------------------------------
    def set_hasil_kerja(self, cycle_id: int, ratings: pd.DataFrame, *, source: str = "skp", actor: str) -> int:
        """Store Rating Hasil Kerja per employee (columns ``nip, rating``), e.g. from an SKP export."""
        from ..vocab import normalise_rating  # not needed by the rater's kernel

        with self.transaction() as conn:
            cycle_row(conn, cycle_id)
            refuse_if_published(conn, cycle_id, "store.what_hasil_kerja")
            ids = dict(conn.execute(sa.select(employees.c.nip, employees.c.id)).all())
            rows = []
            for n, rec in enumerate(ratings.itertuples(index=False), start=2):
                if str(rec.nip) not in ids:
                    raise StoreError("store.hk_not_in_roster", row=n, nip=rec.nip)
                try:
                    label = normalise_rating(rec.rating)
                except ValueError as exc:
                    raise StoreError("store.hk_row", row=n, error=exc) from None
                if not isinstance(label, str):
                    raise StoreError("store.hk_empty", row=n, nip=rec.nip)
                rows.append(dict(cycle_id=cycle_id, employee_id=ids[str(rec.nip)], rating=label, source=source))
            conn.execute(hasil_kerja.delete().where(hasil_kerja.c.cycle_id == cycle_id)
                         .where(hasil_kerja.c.employee_id.in_([r["employee_id"] for r in rows])))
            if rows:
                conn.execute(hasil_kerja.insert(), rows)
            self.db.audit(conn, actor, "set_hasil_kerja", cycle_id=cycle_id, rows=len(rows), source=source)
        return len(rows)

    # -- predikat overrides -----------------------------------------------------------------------
    def override_predikat(self, cycle_id: int, nip: str, predikat: str, reason: str, *, actor: str) -> int:
        """Record a manual change of an employee's predikat kinerja (e.g. after the Tim Penilai
        Kinerja's review, PermenPANRB 6/2022) and return its id.

        Overrides are appended, never edited: the newest per employee is in force
        (``predikat_overrides``), the history stays.  ``reason`` (the store's one reason rule,
        ``common.require_reason``) and ``actor`` (the admin account) are required.  The audit log
        records the action with the employee's *id* and the override id -- not the NIP, the name or the reason text (which may name people).
        """
        from ..vocab import (  # not needed by the rater's kernel
            LabelError,
            normalise_predikat,
        )

        try:
            label = normalise_predikat(predikat)
        except LabelError as exc:
            raise StoreError.from_error(exc) from None
        if not isinstance(label, str):
            raise StoreError("store.predikat_required")
        reason = require_reason(reason, "store.what_override_reason")
        actor = require_actor(actor)
        with self.transaction() as conn:
            cycle_row(conn, cycle_id)
            refuse_if_published(conn, cycle_id, "store.what_predikat")
            eid = conn.execute(sa.select(employees.c.id).where(employees.c.nip == str(nip))).scalar()
            if eid is None:
                raise StoreError("store.employee_missing")
            oid = conn.execute(predikat_overrides.insert().values(
                cycle_id=cycle_id, employee_id=eid, predikat=label, reason=reason, actor=actor,
                at=self.db.now())).inserted_primary_key[0]
            self.db.audit(conn, actor, "override_predikat", cycle_id=cycle_id, employee_id=eid, override_id=oid,
                        predikat=label)
        return oid

    def predikat_overrides(self, cycle_id: int, *, history: bool = False) -> pd.DataFrame:
        """Overrides of a cycle: ``nip, predikat, reason, actor, at`` (newest per employee, or all)."""
        q = (sa.select(predikat_overrides.c.id, employees.c.nip, predikat_overrides.c.predikat,
                       predikat_overrides.c.reason, predikat_overrides.c.actor, predikat_overrides.c.at)
             .join(employees, employees.c.id == predikat_overrides.c.employee_id)
             .where(predikat_overrides.c.cycle_id == cycle_id).order_by(predikat_overrides.c.id))
        df = self.db.frame(q)
        if not history:
            df = df.drop_duplicates("nip", keep="last")
        return df.drop(columns="id").reset_index(drop=True)

    def hasil_kerja_frame(self, cycle_id: int) -> pd.DataFrame:
        q = (sa.select(employees.c.nip, hasil_kerja.c.rating, hasil_kerja.c.source)
             .join(employees, employees.c.id == hasil_kerja.c.employee_id).where(hasil_kerja.c.cycle_id == cycle_id))
        return self.db.frame(q)

