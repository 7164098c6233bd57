"""Store methods for closing a cycle: organisation predikat, publication, keberatan.

``CalibrationPart`` holds these.  Each method runs in one transaction and
writes the audit log with the acting person (employee *ids* only, never a NIP or a name).

* ``org_predikat`` rows are appended, never edited: the newest per cycle and unit is in force.
* ``publications`` hold versioned snapshots of a cycle's published results: version 1 when HR
  publishes, one more for every keberatan decision.  Once a cycle is published its hasil kerja,
  organisation predikat and predikat can change only through a keberatan decision.
* ``keberatan`` (objections, PermenPANRB 6/2022): filed by the employee, explained by the
  Pejabat Penilai (the atasan), decided by the atasan of the Pejabat Penilai.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import sqlalchemy as sa

from ..errors import KinerjaError
from ..i18n import DEFAULT_LANG, local_time, t
from ..vocab import normalise_org_predikat as _org_label
from ._lazy import pd
from .common import (
    check_token_shape,
    clean_text,
    cycle_row,
    employee_id,
    hash_token,
    is_published,
    refuse_if_published,
    require_actor,
    require_reason,
    status_word,
)
from .database import Database
from .errors import AccessDenied, StoreError
from .schema import (
    cycles,
    employees,
    keberatan,
    org_predikat,
    predikat_overrides,
    publications,
    rater_links,
)

KEBERATAN_DECISIONS = ("tetap", "ubah")


# --- working days (PermenPANRB 6/2022 windows); ``cycle.keberatan`` re-exports these ----------------

@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset:
    import holidays

    return frozenset(holidays.country_holidays("ID", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not an Indonesian public holiday (``holidays``, country ID)."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (a date or datetime; ``start`` itself not counted).

    >>> add_working_days(dt.date(2027, 8, 13), 1)  # Friday; Monday 16 is a working day
    datetime.date(2027, 8, 16)
    >>> add_working_days(dt.date(2027, 8, 16), 1)  # 17 August: Hari Kemerdekaan
    datetime.date(2027, 8, 18)
    """
    # a moment (the publication) counts from its day in the installation's zone, not its UTC day
    day = local_time(start).date() if isinstance(start, dt.datetime) else pd.Timestamp(start).date()
    left = int(n)
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def _fmt(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def normalise_org_predikat(label) -> str:
    """Canonical organisation predikat (``"cukup"`` -> ``"Butuh Perbaikan"``); ``StoreError`` otherwise."""
    try:
        return _org_label(label)
    except KinerjaError as exc:  # vocab.LabelError
        raise StoreError.from_error(exc) from None


class CalibrationPart:
    """Organisation predikat, publication snapshots and keberatan.  Built with the shared
    ``Database``; needs no other part."""

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction

    # -- published state --------------------------------------------------------------------
    def is_published(self, cycle_id: int) -> bool:
        with self.engine.connect() as conn:
            return is_published(conn, cycle_id)

    # -- organisation predikat ----------------------------------------------------------------
    def set_org_predikat(self, cycle_id: int, predikat: str, *, unit: str = "", actor: str) -> int:
        """Record the organisation's (or one unit's) predikat for a cycle; the newest is in force."""
        label = normalise_org_predikat(predikat)
        actor = require_actor(actor)
        unit = clean_text(unit)
        with self.transaction() as conn:
            cycle_row(conn, cycle_id)
            refuse_if_published(conn, cycle_id, "store.what_org_predikat")
            oid = conn.execute(org_predikat.insert().values(cycle_id=cycle_id, unit=unit, predikat=label,
                                                            actor=actor, at=self.db.now())).inserted_primary_key[0]
            self.db.audit(conn, actor, "set_org_predikat", cycle_id=cycle_id, unit=unit, predikat=label)
        return oid

    def org_predikat_frame(self, cycle_id: int, *, history: bool = False) -> pd.DataFrame:
        """``unit, predikat, actor, at`` of a cycle (newest per unit, or every record)."""
        q = (sa.select(org_predikat.c.id, org_predikat.c.unit, org_predikat.c.predikat, org_predikat.c.actor,
                       org_predikat.c.at).where(org_predikat.c.cycle_id == cycle_id).order_by(org_predikat.c.id))
        df = self.db.frame(q)
        if not history:
            df = df.drop_duplicates("unit", keep="last")
        return df.drop(columns="id").reset_index(drop=True)

    def org_predikat(self, cycle_id: int, unit: str | None = None) -> str | None:
        """The predikat in force for ``unit`` (its own, else its nearest parent's, else the
        organisation's), or None when none is recorded."""
        current = self.org_predikat_frame(cycle_id)
        by_unit = dict(zip(current["unit"], current["predikat"]))
        parts = str(unit or "").split(" / ") if unit else []
        for k in range(len(parts), 0, -1):
            found = by_unit.get(" / ".join(parts[:k]))
            if found:
                return found
        return by_unit.get("")

    # -- publication ----------------------------------------------------------------------------
    def publish_cycle(self, cycle_id: int, snapshot: dict, *, keberatan_days: int, decision_days: int,
                      note: str = "", forced_reason: str | None = None, actor: str) -> int:
        """Freeze a closed cycle's results as version 1 (``snapshot``: JSON-able dict).

        ``forced_reason``: the reason HR gives for publishing although the publish check
        (``cycle.publish_check``) failed; required to be 10-4000 characters, kept in the snapshot
        (``forced_reason``, read by the berita acara) and in the audit log.
        """
        actor = require_actor(actor)
        if forced_reason is not None:
            forced_reason = require_reason(forced_reason, "store.what_publish_reason")
            snapshot = {**snapshot, "forced_reason": forced_reason}
        for name, value in (("keberatan_days", keberatan_days), ("decision_days", decision_days)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 90:
                raise StoreError("store.days_range", name=name, value=repr(value))
        with self.transaction() as conn:
            row = cycle_row(conn, cycle_id, lock=True)
            if row.status != "closed":
                raise StoreError("store.publish_not_closed", id=cycle_id, status=status_word(row.status))
            if is_published(conn, cycle_id):
                raise StoreError("store.already_published", id=cycle_id)
            conn.execute(publications.insert().values(
                cycle_id=cycle_id, version=1, note=clean_text(note), keberatan_days=keberatan_days,
                decision_days=decision_days, snapshot_json=json.dumps(snapshot, default=str, sort_keys=True),
                actor=actor, at=self.db.now()))
            self.db.audit(conn, actor, "publish_cycle", cycle_id=cycle_id, version=1,
                          **({"forced": forced_reason} if forced_reason is not None else {}))
        return 1

    def publications_frame(self, cycle_id: int) -> pd.DataFrame:
        """Every published version: ``version, at, actor, note, keberatan_days, decision_days``."""
        q = (sa.select(publications.c.version, publications.c.at, publications.c.actor, publications.c.note,
                       publications.c.keberatan_days, publications.c.decision_days)
             .where(publications.c.cycle_id == cycle_id).order_by(publications.c.version))
        return self.db.frame(q)

    def snapshot(self, cycle_id: int, version: int | None = None) -> dict | None:
        """A published version's snapshot (the newest by default) with ``version`` and ``at``
        added; None when the cycle is not published."""
        q = sa.select(publications).where(publications.c.cycle_id == cycle_id)
        q = (q.where(publications.c.version == version) if version is not None
             else q.order_by(publications.c.version.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            return None
        out = json.loads(row.snapshot_json)
        out.update(version=row.version, at=row.at, actor=row.actor, keberatan_days=row.keberatan_days,
                   decision_days=row.decision_days)
        return out

    def first_published_at(self, cycle_id: int) -> dt.datetime | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(publications.c.at).where(publications.c.cycle_id == cycle_id)
                                .where(publications.c.version == 1)).scalar()

    # -- the employee's link after publication -----------------------------------------------------
    def open_results_link(self, token: str) -> dict:
        """What a personal link opens once its cycle is published: the employee's *own* results.

        Returns ``{"cycle_id", "employee_id", "nip", "nama", "cycle_name"}``.  Raises
        ``AccessDenied`` (unknown / revoked / closed: not published) otherwise; it opens no form.
        """
        check_token_shape(token)
        q = (sa.select(rater_links.c.cycle_id, rater_links.c.rater_id, rater_links.c.revoked_at,
                       cycles.c.name.label("cycle_name"), employees.c.nip, employees.c.name)
             .join(cycles, cycles.c.id == rater_links.c.cycle_id)
             .join(employees, employees.c.id == rater_links.c.rater_id)
             .where(rater_links.c.token_hash == hash_token(token)))
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
            if row is None:
                raise AccessDenied("unknown")
            if row.revoked_at is not None:
                raise AccessDenied("revoked")
            if not is_published(conn, row.cycle_id):
                raise AccessDenied("closed")
        return {"cycle_id": row.cycle_id, "employee_id": row.rater_id, "nip": row.nip, "nama": row.name,
                "cycle_name": row.cycle_name}

    # -- keberatan ----------------------------------------------------------------------------------
    def file_keberatan(self, cycle_id: int, nip: str, reason: str, *, actor: str, received=None) -> int:
        """An employee's objection to their published predikat (one per employee and cycle).

        The window is checked here, on the store's clock (``Database.now``): a keberatan is filed
        no later than ``keberatan_days`` working days after the publication (version 1); its
        decision is due ``decision_days`` working days after the filing (``decide_by``).
        ``received``: the day a keberatan handed in on paper was received (not after today, not
        before the publication); the window is checked on that day.  Refused for a person without
        a predikat in the published results.
        """
        reason = require_reason(reason, "store.what_keberatan_reason")
        actor = require_actor(actor)
        today = local_time(self.db.now()).date()  # the installation's day, not the UTC one
        day = today if received is None else pd.Timestamp(received).date()
        if day > today:
            raise StoreError("store.keberatan_future", date=_fmt(day))
        with self.transaction() as conn:
            cycle_row(conn, cycle_id)
            first = conn.execute(sa.select(publications).where(publications.c.cycle_id == cycle_id)
                                 .where(publications.c.version == 1)).first()
            if first is None:
                raise StoreError("store.keberatan_after_publish")
            deadline = add_working_days(first.at, first.keberatan_days)
            if day > deadline:
                raise StoreError("store.keberatan_late", date=_fmt(deadline), days=first.keberatan_days)
            if day < local_time(first.at).date():
                raise StoreError("store.keberatan_after_publish")
            emp = conn.execute(sa.select(employees).where(
                employees.c.id == employee_id(conn, nip, missing="store.employee_missing"))).one()
            person = self._published_person(conn, cycle_id, emp.nip)
            if person is None or not isinstance(person.get("predikat"), str) or not person.get("predikat"):
                raise StoreError("store.keberatan_no_predikat")
            if conn.execute(sa.select(keberatan.c.id).where(keberatan.c.cycle_id == cycle_id)
                            .where(keberatan.c.employee_id == emp.id)).first() is not None:
                raise StoreError("store.keberatan_twice")
            penilai = emp.atasan_id
            atasan_penilai = None
            if penilai is not None:
                atasan_penilai = conn.execute(sa.select(employees.c.atasan_id)
                                              .where(employees.c.id == penilai)).scalar()
            kid = conn.execute(keberatan.insert().values(
                cycle_id=cycle_id, employee_id=emp.id, penilai_id=penilai, atasan_penilai_id=atasan_penilai,
                predikat_awal=str(person["predikat"]), reason=reason, filed_at=self.db.now(), filed_by=actor,
                decide_by=add_working_days(day, first.decision_days), status="diajukan")).inserted_primary_key[0]
            self.db.audit(conn, actor, "file_keberatan", cycle_id=cycle_id, employee_id=emp.id, keberatan_id=kid,
                          **({"received": day.isoformat()} if received is not None else {}))
        return kid

    @staticmethod
    def _published_person(conn, cycle_id: int, nip: str) -> dict | None:
        """The person's entry in the newest published snapshot (None when absent)."""
        last = conn.execute(sa.select(publications.c.snapshot_json).where(publications.c.cycle_id == cycle_id)
                            .order_by(publications.c.version.desc()).limit(1)).scalar()
        if last is None:
            return None
        return next((p for p in json.loads(last).get("people", []) if str(p.get("nip")) == str(nip)), None)

    @staticmethod
    def _undecided_keberatan(conn, keberatan_id: int):
        """The keberatan's row, locked for the change; refused when missing or already decided."""
        row = conn.execute(sa.select(keberatan).where(keberatan.c.id == int(keberatan_id)).with_for_update()).first()
        if row is None:
            raise StoreError("store.keberatan_missing", id=keberatan_id)
        if row.status == "diputuskan":
            raise StoreError("store.keberatan_decided")
        return row

    def explain_keberatan(self, keberatan_id: int, explanation: str, *, actor: str) -> None:
        """The Pejabat Penilai's explanation (tanggapan) of a keberatan."""
        explanation = require_reason(explanation, "store.what_explanation")
        actor = require_actor(actor)
        with self.transaction() as conn:
            row = self._undecided_keberatan(conn, keberatan_id)
            conn.execute(keberatan.update().where(keberatan.c.id == row.id).values(
                explanation=explanation, explained_by=actor, explained_at=self.db.now(), status="dijelaskan"))
            self.db.audit(conn, actor, "explain_keberatan", cycle_id=row.cycle_id, keberatan_id=row.id)

    def decide_keberatan(self, keberatan_id: int, decision: str, reason: str, *, predikat: str | None = None,
                         hasil_kerja: str | None = None, perilaku: str | None = None, matrix: dict | None = None,
                         actor: str) -> int:
        """The decision of the atasan of the Pejabat Penilai: ``"tetap"`` (confirm) or ``"ubah"``
        (change the rating hasil kerja, the rating perilaku and/or the predikat).  Writes a new
        published version; returns its number.

        The final values of the person, in the new snapshot: ``rating_hasil_kerja`` and
        ``rating_perilaku`` (the new ones where given, else the published ones), and ``predikat``:
        the given one, else ``matrix[(hasil kerja, perilaku)]`` (the PermenPANRB 6/2022 kuadran,
        ``analysis.predikat.KUADRAN``, handed in by ``cycle.keberatan``: the store does not import
        the analysis).  A predikat other than the matrix's is an override with the decision's
        reason (``predikat_alasan`` and a ``predikat_overrides`` row).  Refused after
        ``decide_by`` (store clock), for ``"tetap"`` with a change, and for ``"ubah"`` that
        changes nothing.
        """
        if decision not in KEBERATAN_DECISIONS:
            raise StoreError("store.decision_value", value=repr(decision))
        reason = require_reason(reason, "store.what_decision_reason")
        actor = require_actor(actor)
        from ..vocab import normalise_predikat, normalise_rating

        try:
            new_hk = None if hasil_kerja in (None, "") else normalise_rating(hasil_kerja)
            new_pr = None if perilaku in (None, "") else normalise_rating(perilaku)
            new_pk = None if predikat in (None, "") else normalise_predikat(predikat)
        except KinerjaError as exc:  # vocab.LabelError
            raise StoreError.from_error(exc) from None
        given = [v for v in (new_hk, new_pr, new_pk) if isinstance(v, str)]
        if decision == "tetap" and given:
            raise StoreError("store.keep_with_change")
        if decision == "ubah" and not given:
            raise StoreError("store.new_predikat_required")
        today = local_time(self.db.now()).date()
        with self.transaction() as conn:
            row = self._undecided_keberatan(conn, keberatan_id)
            if row.status != "dijelaskan":
                raise StoreError("store.explanation_missing")
            if row.decide_by is not None and today > pd.Timestamp(row.decide_by).date():
                raise StoreError("store.decision_late", date=_fmt(pd.Timestamp(row.decide_by).date()))
            last = conn.execute(sa.select(publications).where(publications.c.cycle_id == row.cycle_id)
                                .order_by(publications.c.version.desc()).limit(1).with_for_update()).first()
            snap = json.loads(last.snapshot_json)
            nip = conn.execute(sa.select(employees.c.nip).where(employees.c.id == row.employee_id)).scalar()
            person = next((p for p in snap.get("people", []) if str(p.get("nip")) == str(nip)), {"nip": nip})
            old = {k: person.get(k) for k in ("rating_hasil_kerja", "rating_perilaku", "predikat")}
            final = dict(old)
            record = t("store.record_keberatan_reason", DEFAULT_LANG, reason=reason)
            if decision == "ubah":
                final["rating_hasil_kerja"] = new_hk or old["rating_hasil_kerja"]
                final["rating_perilaku"] = new_pr or old["rating_perilaku"]
                from_matrix = (matrix or {}).get((final["rating_hasil_kerja"], final["rating_perilaku"]))
                if new_pk is not None:
                    final["predikat"] = new_pk
                elif new_hk is not None or new_pr is not None:
                    if from_matrix is None:
                        raise StoreError("store.keberatan_no_matrix")
                    final["predikat"] = from_matrix
                if final == old:
                    raise StoreError("store.new_predikat_same")
                if final["predikat"] != old["predikat"] or final["predikat"] != from_matrix:
                    conn.execute(predikat_overrides.insert().values(
                        cycle_id=row.cycle_id, employee_id=row.employee_id, predikat=final["predikat"],
                        reason=record, actor=actor, at=self.db.now()))
                person.update(final)
                person["predikat_alasan"] = record if final["predikat"] != from_matrix else ""
                person["keberatan_alasan"] = record
            person["keberatan"] = "dikabulkan" if decision == "ubah" else "ditolak"
            version = last.version + 1
            person["keberatan_versi"] = version
            conn.execute(publications.insert().values(
                cycle_id=row.cycle_id, version=version, note=t("store.record_keberatan_note", DEFAULT_LANG, id=row.id),
                keberatan_days=last.keberatan_days, decision_days=last.decision_days,
                snapshot_json=json.dumps(snap, default=str, sort_keys=True), actor=actor, at=self.db.now()))
            conn.execute(keberatan.update().where(keberatan.c.id == row.id).values(
                decision=decision, predikat_akhir=final["predikat"], decision_reason=reason, decided_by=actor,
                decided_at=self.db.now(), status="diputuskan", version=version))
            changed = {k: v for k, v in final.items() if v != old[k]}
            self.db.audit(conn, actor, "decide_keberatan", cycle_id=row.cycle_id, keberatan_id=row.id,
                          decision=decision, version=version, **changed)
        return version

    def keberatan_frame(self, cycle_id: int) -> pd.DataFrame:
        """Every keberatan of a cycle with the NIPs and names of the employee, the Pejabat Penilai
        and the atasan of the Pejabat Penilai."""
        emp, pen, atp = employees.alias("emp"), employees.alias("pen"), employees.alias("atp")
        q = (sa.select(keberatan.c.id, emp.c.nip, emp.c.name.label("nama"), pen.c.nip.label("penilai_nip"),
                       pen.c.name.label("penilai_nama"), atp.c.nip.label("atasan_penilai_nip"),
                       atp.c.name.label("atasan_penilai_nama"), keberatan.c.predikat_awal, keberatan.c.reason,
                       keberatan.c.filed_at, keberatan.c.filed_by, keberatan.c.decide_by, keberatan.c.status,
                       keberatan.c.explanation, keberatan.c.explained_by, keberatan.c.explained_at,
                       keberatan.c.decision, keberatan.c.predikat_akhir, keberatan.c.decision_reason,
                       keberatan.c.decided_by, keberatan.c.decided_at, keberatan.c.version)
             .join(emp, emp.c.id == keberatan.c.employee_id)
             .outerjoin(pen, pen.c.id == keberatan.c.penilai_id)
             .outerjoin(atp, atp.c.id == keberatan.c.atasan_penilai_id)
             .where(keberatan.c.cycle_id == cycle_id).order_by(keberatan.c.id))
        return self.db.frame(q)
