"""The ``Store``: SQLAlchemy Core over SQLite (default) or any database URL (PostgreSQL).

Every write runs in one transaction: it lands whole or not at all.  SQLite files are opened in
WAL mode with foreign keys on and a busy timeout, so several Voilà kernels can write at once.
The schema is versioned (``schema_version``) and migrated forward by ``migrate``
(``kinerja_survey.store.migrations``).

Privacy: the audit log records employee *ids*, never a NIP or a name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import numbers
import os
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event

from ..collect.instrument import DEFAULT_NOT_APPLICABLE, Instrument, berakhlak, from_dict
from .errors import (AccessDenied, IncompleteResponse, ResponseLocked, StaleResponse, StoreError, StoreFileGone,
                     translate_db_error)
from .hr import HRMixin
from .calibration import CalibrationMixin
from .migrations import MIGRATIONS
from .development import DevelopmentMixin
from .feedback import FeedbackMixin
from .periods import PeriodsMixin
from .stakeholders import StakeholderMixin
from .schema import (
    CYCLE_STATUSES,
    MAX_COMMENT_CHARS,
    SCHEMA_VERSION,
    answers,
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
    response_comments,
    responses,
    schema_version,
    units,
)


from ._lazy import pd  # noqa: E402 - pandas on first use (not in the rater kernel)

DEFAULT_DB_ENV = "KINERJA_SURVEY_DB"
#: the answer "Tidak dapat menilai" (cannot assess) in ``save_response``/``load_response``: stored as
#: ``answers.value`` NULL with ``not_applicable`` true, never a rating (``ratings_frame`` leaves it out)
NOT_APPLICABLE = "na"
MIN_DECLINE_CHARS = 5


def hash_token(token: str) -> str:
    # surrogatepass: a token with a lone surrogate (malformed input) hashes instead of crashing
    return hashlib.sha256(str(token).encode("utf-8", "surrogatepass")).hexdigest()


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_MAX_ID = 2**31 - 1  # INTEGER primary keys on PostgreSQL


def clean_text(text) -> str:
    """A comment as stored: C0 control characters other than tab/newline removed (PostgreSQL
    cannot store NUL; the others are invisible copy-paste debris), lone surrogates replaced by
    U+FFFD (not encodable), surrounding whitespace stripped.  HTML is kept as typed: escaping
    is the job of whatever displays it."""
    text = "" if text is None else str(text)
    return _SURROGATES.sub("\ufffd", _CONTROL_CHARS.sub("", text)).strip()


def _whole_number(value) -> int | None:
    """``value`` as an int when it is a real whole number (int, integral float, Fraction ...), else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    try:
        return int(value) if float(value).is_integer() else None
    except OverflowError:
        return None


def new_token() -> str:
    """An unguessable link token: 192 bits from one ``secrets`` call (URL-safe base64).

    A token never begins with ``-`` or ``_``: a spreadsheet reads a leading ``-`` as a formula,
    so such a token would reach the links file with a protective apostrophe.  A leading ``-``
    or ``_`` becomes ``A`` or ``B`` (still 24 bytes of base64; about 0.05 bit less entropy).
    """
    token = secrets.token_urlsafe(24)
    if token[0] in "-_":
        token = "AB"["-_".index(token[0])] + token[1:]
    return token


def default_url() -> str:
    return os.environ.get(DEFAULT_DB_ENV) or "sqlite:///data/kinerja.sqlite"


def _as_url(path_or_url) -> str:
    s = str(path_or_url)
    return s if "://" in s else f"sqlite:///{Path(s)}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


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


class Store(HRMixin, CalibrationMixin, PeriodsMixin, StakeholderMixin, DevelopmentMixin, FeedbackMixin):
    """A survey database.  ``Store("data/x.sqlite")`` or ``Store("postgresql+psycopg://...")``."""

    def __init__(self, path_or_url=None, *, create: bool = True, busy_timeout: float = 30.0):
        url = _as_url(path_or_url or default_url())
        self.url = url
        if not isinstance(busy_timeout, numbers.Real) or not 0 <= busy_timeout <= 3600:
            raise ValueError(f"busy_timeout must be a number of seconds in [0, 3600], got {busy_timeout!r}")
        self.busy_timeout = float(busy_timeout)
        # hide_parameters: SQL logging and error texts never carry NIPs, names or answers
        kwargs = {"hide_parameters": True}
        parsed = sa.engine.make_url(url)
        self._sqlite = parsed.get_backend_name() == "sqlite"
        self._db_file, self._file_id = None, None  # SQLite file and its (device, inode), see _check_file
        if self._sqlite:
            db_path = parsed.database
            if db_path and db_path != ":memory:" and not db_path.startswith("file:"):
                self._db_file = os.path.abspath(db_path)
            if db_path and db_path != ":memory:":
                if create:
                    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
                elif not Path(db_path).exists():
                    raise StoreError("store.db_missing", path=db_path)
            kwargs["connect_args"] = {"timeout": self.busy_timeout}
        elif parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("psycopg", "psycopg2"):
            # wait at most busy_timeout for a row/table lock or a connection, then StoreUnavailable
            kwargs["connect_args"] = {"options": f"-c lock_timeout={int(self.busy_timeout * 1000)}",
                                      "connect_timeout": max(2, int(self.busy_timeout))}
            kwargs["pool_pre_ping"] = True  # survive a server restart between two saves
        self.engine = sa.create_engine(url, **kwargs)
        if self._sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas(int(self.busy_timeout * 1000)))
        event.listen(self.engine, "handle_error", translate_db_error)
        if create:
            self.migrate()

    # -- schema -----------------------------------------------------------------------------
    def migrate(self) -> int:
        """Bring the schema to ``SCHEMA_VERSION``; returns the version now in force.

        An up-to-date database is only read (so a read-only copy still opens); otherwise the steps
        run in one write transaction, serialised between processes (SQLite ``BEGIN IMMEDIATE``,
        PostgreSQL advisory lock), so several app processes may start at once.
        """
        with self.engine.connect() as conn:
            if sa.inspect(conn).has_table("schema_version"):
                current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
                if current == SCHEMA_VERSION:
                    return SCHEMA_VERSION
        with self.transaction() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(4711360)"))
            schema_version.create(conn, checkfirst=True)
            current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
            if current > SCHEMA_VERSION:
                raise StoreError("store.schema_newer", current=current, version=SCHEMA_VERSION)
            for version in range(current + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](conn)
                conn.execute(schema_version.insert().values(version=version, applied_at=_now()))
        return SCHEMA_VERSION

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """A write transaction: commits on success, rolls back on any exception.

        On SQLite it starts with ``BEGIN IMMEDIATE``, taking the write lock first (waiting up to
        ``busy_timeout``): a deferred transaction that read before writing would fail at once
        with SQLITE_BUSY when another process committed in between.
        """
        with self.engine.begin() as conn:
            if self._sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                self._check_file()
            yield conn

    def _check_file(self) -> None:
        """Refuse to write when the SQLite file was deleted or replaced since first use: the open
        connections would otherwise keep writing into the old, unlinked file (``StoreFileGone``)."""
        if self._db_file is None:
            return
        try:
            st = os.stat(self._db_file)
            now = (st.st_dev, st.st_ino)
        except FileNotFoundError:
            now = None
        if self._file_id is None and now is not None:
            self._file_id = now
        elif now != self._file_id:
            raise StoreFileGone(f"{self._db_file}: {self._file_id} -> {now}")

    def dispose(self) -> None:
        self.engine.dispose()

    # -- audit ------------------------------------------------------------------------------
    @staticmethod
    def _audit(conn, actor: str, action: str, **detail) -> None:
        conn.execute(audit_log.insert().values(at=_now(), actor=actor, action=action,
                                               detail_json=json.dumps(detail, default=str, sort_keys=True)))

    def audit_frame(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(sa.select(audit_log).order_by(audit_log.c.id), conn)

    # -- roster -----------------------------------------------------------------------------
    def import_roster(self, source, *, actor: str = "admin", sheet=0) -> dict:
        """Validate and import a roster (path, ``(name, bytes)`` or DataFrame).

        All or nothing: any bad row raises ``roster.RosterError`` listing every bad row, and the
        database is unchanged.  Employees already present are updated; those missing from the new
        roster are marked inactive (their history stays).  Returns counts.
        """
        from ..collect.roster import load_roster, unit_paths

        frame = load_roster(source, sheet=sheet)
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
            self._save_contacts(conn, frame, ids)  # store.hr: optional e-mail / phone columns
            counts = {"added": added, "updated": updated, "deactivated": len(gone), "units": len(unit_ids)}
            self._audit(conn, actor, "import_roster", **counts)
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
        with self.engine.connect() as conn:
            df = pd.read_sql(q, conn)
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
                     *, hr_contact: str | None = None, actor: str = "admin") -> int:
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
                                                      status="draft", instrument_id=iid, created_at=_now(),
                                                      hr_contact=_contact(hr_contact))).inserted_primary_key[0]
            self._audit(conn, actor, "create_cycle", cycle_id=cid)
        return cid

    def set_cycle_status(self, cycle_id: int, status: str, *, actor: str = "admin") -> None:
        """draft -> open -> closed (closing is final; reopening a closed cycle is refused)."""
        if status not in CYCLE_STATUSES:
            raise StoreError("store.status_unknown", status=status, choices=", ".join(CYCLE_STATUSES))
        with self.transaction() as conn:
            # FOR UPDATE: wait for saves in flight (they hold FOR SHARE), so none lands after closed_at
            cur = self._cycle_row(conn, cycle_id, lock=True).status
            allowed = {("draft", "open"), ("open", "closed"), ("draft", "closed")}
            if (cur, status) not in allowed:
                raise StoreError("store.status_change", current=cur, status=status)
            conn.execute(cycles.update().where(cycles.c.id == cycle_id).values(
                status=status, closed_at=_now() if status == "closed" else None))
            self._audit(conn, actor, f"cycle_{status}", cycle_id=cycle_id)

    def open_cycle(self, cycle_id: int, *, actor: str = "admin") -> None:
        self.set_cycle_status(cycle_id, "open", actor=actor)

    def close_cycle(self, cycle_id: int, *, actor: str = "admin") -> None:
        self.set_cycle_status(cycle_id, "closed", actor=actor)

    @staticmethod
    def _cycle_row(conn, cycle_id, lock: bool = False):
        q = sa.select(cycles).where(cycles.c.id == cycle_id)
        row = conn.execute(q.with_for_update() if lock else q).first()
        if row is None:
            raise StoreError("store.cycle_missing", id=cycle_id)
        return row

    def set_hr_contact(self, cycle_id: int, contact: str | None, *, actor: str = "admin") -> None:
        """Set (or clear with ``None``/``""``) the HR contact raters see in this cycle."""
        with self.transaction() as conn:
            self._cycle_row(conn, cycle_id)
            conn.execute(cycles.update().where(cycles.c.id == cycle_id).values(hr_contact=_contact(contact)))
            self._audit(conn, actor, "set_hr_contact", cycle_id=cycle_id)

    def cycle(self, cycle_id: int) -> dict:
        with self.engine.connect() as conn:
            return dict(self._cycle_row(conn, cycle_id)._mapping)

    def cycles_frame(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(sa.select(cycles).order_by(cycles.c.id), conn)

    def instrument(self, cycle_id: int) -> Instrument:
        """The cycle's instrument, rebuilt from its stored copy."""
        with self.engine.connect() as conn:
            return self._instrument(conn, self._cycle_row(conn, cycle_id).instrument_id)

    def _instrument_parts(self, conn, instrument_id: int) -> tuple[Instrument, dict, dict]:
        """(instrument, item code -> id, competency code -> id), cached per Store: a cycle's stored
        instrument copy is never modified, so each save need not read it again (5 fewer queries)."""
        cache = self.__dict__.setdefault("_instrument_cache", {})
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
    def add_assignments(self, cycle_id: int, plan: pd.DataFrame, *, actor: str = "admin") -> pd.DataFrame:
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
            cyc = self._cycle_row(conn, cycle_id)
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
            links = self._issue_links(conn, cycle_id, need)
            self._audit(conn, actor, "add_assignments", cycle_id=cycle_id, assignments=len(new_rows), links=len(need))
        return self._links_frame(cycle_id, links)

    def _issue_links(self, conn, cycle_id: int, rater_ids) -> dict[int, str]:
        tokens = {rid: new_token() for rid in rater_ids}
        if tokens:
            conn.execute(rater_links.insert(), [
                dict(cycle_id=cycle_id, rater_id=rid, token_hash=hash_token(tok), created_at=_now())
                for rid, tok in tokens.items()])
        return tokens

    def _links_frame(self, cycle_id: int, tokens: dict[int, str]) -> pd.DataFrame:
        emp = self.employees_frame(active_only=False).set_index("employee_id")
        load = self.assignments_frame(cycle_id).groupby("rater_id").size()
        rows = [dict(nip=emp.at[rid, "nip"], nama=emp.at[rid, "nama"], unit_kerja=emp.at[rid, "unit_kerja"],
                     token=tok, n_ratees=int(load.get(rid, 0))) for rid, tok in tokens.items()]
        return pd.DataFrame(rows, columns=["nip", "nama", "unit_kerja", "token", "n_ratees"])

    def reissue_link(self, cycle_id: int, nip: str, *, actor: str = "admin") -> str:
        """Revoke a rater's current link and return a new plain token (e.g. a lost or leaked link)."""
        with self.transaction() as conn:
            rid = conn.execute(sa.select(employees.c.id).where(employees.c.nip == str(nip))).scalar()
            if rid is None:
                raise StoreError("store.not_in_roster", nip=nip)
            conn.execute(rater_links.update().where(rater_links.c.cycle_id == cycle_id)
                         .where(rater_links.c.rater_id == rid).where(rater_links.c.revoked_at.is_(None))
                         .values(revoked_at=_now()))
            token = self._issue_links(conn, cycle_id, [rid])[rid]
            self._audit(conn, actor, "reissue_link", cycle_id=cycle_id, employee_id=rid)
        return token

    def revoke_link(self, cycle_id: int, nip: str, *, actor: str = "admin") -> None:
        with self.transaction() as conn:
            rid = conn.execute(sa.select(employees.c.id).where(employees.c.nip == str(nip))).scalar()
            if rid is None:
                raise StoreError("store.not_in_roster", nip=nip)
            conn.execute(rater_links.update().where(rater_links.c.cycle_id == cycle_id)
                         .where(rater_links.c.rater_id == rid).where(rater_links.c.revoked_at.is_(None))
                         .values(revoked_at=_now()))
            self._audit(conn, actor, "revoke_link", cycle_id=cycle_id, employee_id=rid)

    def assignments_frame(self, cycle_id: int) -> pd.DataFrame:
        """All assignments of a cycle with NIPs and response status (pending/draft/submitted/declined)."""
        rater, ratee = employees.alias("rater"), employees.alias("ratee")
        q = (sa.select(assignments.c.id.label("assignment_id"), assignments.c.rater_id, assignments.c.ratee_id,
                       rater.c.nip.label("rater"), ratee.c.nip.label("ratee"), assignments.c.relationship,
                       _status_expr().label("status"))
             .join(rater, rater.c.id == assignments.c.rater_id)
             .join(ratee, ratee.c.id == assignments.c.ratee_id)
             .outerjoin(responses, responses.c.assignment_id == assignments.c.id)
             .where(assignments.c.cycle_id == cycle_id).order_by(assignments.c.id))
        with self.engine.connect() as conn:
            return pd.read_sql(q, conn)

    # -- the rater's side -------------------------------------------------------------------------
    def open_link(self, token: str) -> RaterSession:
        """Resolve a plain token; raises ``AccessDenied`` (unknown / revoked / not_open / closed)."""
        with self.engine.connect() as conn:
            return self._session_in(conn, token)

    def _rater_tasks_query(self, session: RaterSession):
        return (sa.select(assignments.c.id.label("assignment_id"), employees.c.name.label("ratee_name"),
                          employees.c.jabatan.label("ratee_jabatan"), assignments.c.relationship,
                          _status_expr().label("status"))
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

    def _owned_assignment(self, conn, session: RaterSession, assignment_id: int):
        if (isinstance(assignment_id, bool) or not isinstance(assignment_id, numbers.Integral)
                or not 1 <= int(assignment_id) <= _MAX_ID):
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
            self._owned_assignment(conn, session, assignment_id)
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
            session = self._session_in(conn, token, lock=True)
            asg = self._owned_assignment(conn, session, assignment_id)
            cyc = self._cycle_row(conn, session.cycle_id)
            self._check_deadline(cyc)  # store.hr: a save after the deadline is refused, nothing stored
            inst, item_ids, comp_ids = self._instrument_parts(conn, cyc.instrument_id)
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
                whole = _whole_number(value)
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
            now = _now()
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
        reason = clean_text(reason)
        if len(reason) < MIN_DECLINE_CHARS:
            raise StoreError("store.decline_reason_short", min=MIN_DECLINE_CHARS)
        if len(reason) > MAX_COMMENT_CHARS:
            raise StoreError("store.reason_too_long", n=len(reason), max=MAX_COMMENT_CHARS)
        with self.transaction() as conn:
            session = self._session_in(conn, token, lock=True)
            asg = self._owned_assignment(conn, session, assignment_id)
            if asg.relationship == "self":
                raise StoreError("store.self_no_decline")
            resp = conn.execute(sa.select(responses).where(responses.c.assignment_id == asg.id)).first()
            if resp is not None and resp.status == "submitted":
                raise ResponseLocked()
            stored_version = 0 if resp is None else int(resp.version)
            if version is not None and int(version) != stored_version:
                raise StaleResponse(stored_version, int(version))
            now = _now()
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
            self._audit(conn, session.actor, "decline_response", assignment_id=asg.id)
        return {"status": "declined", "response_id": rid, "version": values["version"], "saved_at": now}

    def _session_in(self, conn, token: str, lock: bool = False) -> RaterSession:
        """The link's session; ``lock`` (inside a save) holds FOR SHARE on the link and cycle rows
        until commit, so a concurrent close or revoke waits for the save or the save sees it
        (PostgreSQL READ COMMITTED; SQLite's BEGIN IMMEDIATE serialises anyway)."""
        if not isinstance(token, str) or not 16 <= len(token) <= 128:
            raise AccessDenied("unknown")
        q = (sa.select(rater_links.c.id, rater_links.c.cycle_id, rater_links.c.rater_id, rater_links.c.revoked_at,
                       cycles.c.status, cycles.c.name.label("cycle_name"), employees.c.name.label("rater_name"))
             .join(cycles, cycles.c.id == rater_links.c.cycle_id)
             .join(employees, employees.c.id == rater_links.c.rater_id)
             .where(rater_links.c.token_hash == hash_token(token)))
        row = conn.execute(q.with_for_update(read=True, of=[rater_links, cycles]) if lock else q).first()
        if row is None:
            # not a colleague's link: perhaps a stakeholder's (store.stakeholders), which opens the
            # same form about the one employee it was issued for
            return self._stakeholder_rater_session(conn, token, lock)
        if row.revoked_at is not None:
            raise AccessDenied("revoked")
        if row.status != "open":
            raise AccessDenied("closed" if row.status == "closed" else "not_open")
        return RaterSession(row.id, row.cycle_id, row.rater_id, row.rater_name, row.cycle_name)

    # -- hasil kerja ------------------------------------------------------------------------------
    def set_hasil_kerja(self, cycle_id: int, ratings: pd.DataFrame, *, source: str = "skp", actor: str = "admin") -> int:
        """Store Rating Hasil Kerja per employee (columns ``nip, rating``), e.g. from an SKP export."""
        from ..vocab import normalise_rating  # not needed by the rater's kernel

        with self.transaction() as conn:
            self._cycle_row(conn, cycle_id)
            self._refuse_if_published(conn, cycle_id, "store.what_hasil_kerja")
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
            self._audit(conn, actor, "set_hasil_kerja", cycle_id=cycle_id, rows=len(rows), source=source)
        return len(rows)

    # -- predikat overrides -----------------------------------------------------------------------
    def override_predikat(self, cycle_id: int, nip: str, predikat: str, reason: str, actor: str) -> int:
        """Record a manual change of an employee's predikat kinerja (e.g. after the Tim Penilai
        Kinerja's review, PermenPANRB 6/2022) and return its id.

        Overrides are appended, never edited: the newest per employee is in force
        (``predikat_overrides``), the history stays.  ``reason`` and ``actor`` (the admin account)
        are required.  The audit log records the action with the employee's *id* and the
        override id -- not the NIP, the name or the reason text (which may name people).
        """
        from ..vocab import LabelError, normalise_predikat  # not needed by the rater's kernel

        try:
            label = normalise_predikat(predikat)
        except LabelError as exc:
            raise StoreError.from_error(exc) from None
        if not isinstance(label, str):
            raise StoreError("store.predikat_required")
        reason = clean_text(reason)
        if len(reason) < 10:
            raise StoreError("store.override_reason_short")
        if len(reason) > MAX_COMMENT_CHARS:
            raise StoreError("store.reason_too_long", n=len(reason), max=MAX_COMMENT_CHARS)
        actor = clean_text(actor)
        if not actor or len(actor) > 100:
            raise StoreError("store.admin_actor_required")
        with self.transaction() as conn:
            self._cycle_row(conn, cycle_id)
            self._refuse_if_published(conn, cycle_id, "store.what_predikat")
            eid = conn.execute(sa.select(employees.c.id).where(employees.c.nip == str(nip))).scalar()
            if eid is None:
                raise StoreError("store.employee_missing")
            oid = conn.execute(predikat_overrides.insert().values(
                cycle_id=cycle_id, employee_id=eid, predikat=label, reason=reason, actor=actor,
                at=_now())).inserted_primary_key[0]
            self._audit(conn, actor, "override_predikat", cycle_id=cycle_id, employee_id=eid, override_id=oid,
                        predikat=label)
        return oid

    def predikat_overrides(self, cycle_id: int, *, history: bool = False) -> pd.DataFrame:
        """Overrides of a cycle: ``nip, predikat, reason, actor, at`` (newest per employee, or all)."""
        q = (sa.select(predikat_overrides.c.id, employees.c.nip, predikat_overrides.c.predikat,
                       predikat_overrides.c.reason, predikat_overrides.c.actor, predikat_overrides.c.at)
             .join(employees, employees.c.id == predikat_overrides.c.employee_id)
             .where(predikat_overrides.c.cycle_id == cycle_id).order_by(predikat_overrides.c.id))
        with self.engine.connect() as conn:
            df = pd.read_sql(q, conn)
        if not history:
            df = df.drop_duplicates("nip", keep="last")
        return df.drop(columns="id").reset_index(drop=True)

    def hasil_kerja_frame(self, cycle_id: int) -> pd.DataFrame:
        q = (sa.select(employees.c.nip, hasil_kerja.c.rating, hasil_kerja.c.source)
             .join(employees, employees.c.id == hasil_kerja.c.employee_id).where(hasil_kerja.c.cycle_id == cycle_id))
        with self.engine.connect() as conn:
            return pd.read_sql(q, conn)

    # -- analysis views -----------------------------------------------------------------------------
    def ratings_frame(self, cycle_id: int, *, include_drafts: bool = False) -> pd.DataFrame:
        """Submitted answers of a cycle as the ratings frame (``kinerja_survey.frames``), keyed by NIP.

        Unanswered items of a submitted form cannot occur (submit requires all); drafts are left
        out unless ``include_drafts``.  "Cannot assess" answers are not ratings and never appear
        (see ``not_applicable_counts``); a declined form has no answers at all.
        """
        rater, ratee = employees.alias("rater"), employees.alias("ratee")
        statuses = ["submitted", "draft"] if include_drafts else ["submitted"]
        q = (sa.select(ratee.c.nip.label("ratee"), rater.c.nip.label("rater"), assignments.c.relationship,
                       competencies.c.code.label("competency"), items.c.code.label("item"),
                       answers.c.value.label("rating"))
             .select_from(answers)
             .join(responses, responses.c.id == answers.c.response_id)
             .join(assignments, assignments.c.id == responses.c.assignment_id)
             .join(items, items.c.id == answers.c.item_id)
             .join(competencies, competencies.c.id == items.c.competency_id)
             .join(rater, rater.c.id == assignments.c.rater_id)
             .join(ratee, ratee.c.id == assignments.c.ratee_id)
             .where(assignments.c.cycle_id == cycle_id).where(responses.c.status.in_(statuses))
             .where(answers.c.not_applicable == sa.false()).where(answers.c.value.is_not(None))
             .order_by(assignments.c.id, competencies.c.position, items.c.position))
        with self.engine.connect() as conn:
            df = pd.read_sql(q, conn)
        df["rating"] = df["rating"].astype(float)
        return df

    def comments_frame(self, cycle_id: int) -> pd.DataFrame:
        """Submitted comments: ratee, rater, relationship, competency (``""`` for the overall comment), text.
        A stakeholder's comments have the rater key ``pk-<id>`` (as in ``stakeholder_ratings_frame``)."""
        from .stakeholders import STAKEHOLDER_PREFIX

        rater, ratee = employees.alias("rater"), employees.alias("ratee")
        who = sa.func.coalesce(rater.c.nip, sa.literal(STAKEHOLDER_PREFIX)
                               + sa.cast(assignments.c.stakeholder_id, sa.String))
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
        with self.engine.connect() as conn:
            df = pd.read_sql(q, conn)
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
        with self.engine.connect() as conn:
            return pd.read_sql(q, conn)

    def response_rates(self, cycle_id: int, by: str = "unit") -> pd.DataFrame:
        """Invited vs submitted forms per rater group, ``by`` ``"unit"`` (the ratee's unit) or ``"ratee"``."""
        from ..frames import RELATIONSHIPS  # not needed by the rater's kernel

        a = self.assignments_frame(cycle_id)
        emp = self.employees_frame(active_only=False)
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
        a = self.assignments_frame(cycle_id)
        emp = self.employees_frame(active_only=False)
        g = a.assign(pending=~a["status"].isin(["submitted", "declined"])).groupby("rater_id").agg(
            pending=("pending", "sum"), total=("pending", "size"))
        g = g[g["pending"] > 0].reset_index().merge(emp[["employee_id", "nip", "nama", "unit_kerja"]],
                                                    left_on="rater_id", right_on="employee_id")
        return g[["nip", "nama", "unit_kerja", "pending", "total"]].sort_values(["unit_kerja", "nama"]).reset_index(drop=True)


def _status_expr():
    """A form's status as raters and HR see it: pending (no row), draft, submitted or declined."""
    return sa.case((responses.c.declined_reason.is_not(None), "declined"),
                   else_=sa.func.coalesce(responses.c.status, "pending"))


def _contact(text) -> str | None:
    text = clean_text(text)
    if len(text) > 500:
        raise StoreError("store.hr_contact_too_long", n=len(text), max=500)
    return text or None


def _sqlite_pragmas(busy_ms: int = 30000):
    def on_connect(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")  # an accepted submission survives power loss
        cur.close()
    return on_connect
