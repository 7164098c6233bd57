"""The shared part of the store: the database connection, its transactions, the schema version,
the audit log and the clock.  Every other part is built with one ``Database`` and asks it for
these; none opens a connection or reads the time on its own.

Every write runs in one transaction: it lands whole or not at all.  SQLite files are opened in
WAL mode with foreign keys on and a busy timeout, so several Voilà kernels can write at once.
The schema is versioned (``schema_version``) and migrated forward by :meth:`Database.migrate`
(``kinerja_survey.store.migrations``).

Privacy: the audit log records employee *ids*, never a NIP or a name.
"""

from __future__ import annotations

import datetime as dt
import json
import numbers
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from ._lazy import pd
from .common import Clock, require_actor, utc_now
from .errors import StoreError, StoreFileGone, translate_db_error
from .migrations import MIGRATIONS
from .schema import SCHEMA_VERSION, audit_log, schema_version

DEFAULT_DB_ENV = "KINERJA_SURVEY_DB"


def default_url() -> str:
    return os.environ.get(DEFAULT_DB_ENV) or "sqlite:///data/kinerja.sqlite"


def as_url(path_or_url) -> str:
    """A database URL: a URL as given, a path as a SQLite URL."""
    s = str(path_or_url)
    return s if "://" in s else f"sqlite:///{Path(s)}"


class Database:
    """One survey database: engine, transactions, schema version, audit log and clock.

    Parameters
    ----------
    path_or_url
        A SQLite path or any SQLAlchemy URL (default ``$KINERJA_SURVEY_DB``, else ``data/kinerja.sqlite``).
    create
        Create the file and migrate the schema (else a missing SQLite file is refused).
    busy_timeout
        Seconds to wait for a lock before ``StoreUnavailable``.
    clock
        A callable returning the current moment as naive UTC (default :func:`common.utc_now`);
        tests inject a fixed or moving clock to exercise deadlines and date windows.
    """

    def __init__(self, path_or_url=None, *, create: bool = True, busy_timeout: float = 30.0,
                 clock: Clock | None = None):
        url = as_url(path_or_url or default_url())
        self.url = url
        if not isinstance(busy_timeout, numbers.Real) or not 0 <= busy_timeout <= 3600:
            raise ValueError(f"busy_timeout must be a number of seconds in [0, 3600], got {busy_timeout!r}")
        if clock is not None and not callable(clock):
            raise ValueError(f"clock must be a callable returning a datetime, got {clock!r}")
        self.clock: Clock = clock or utc_now
        self.busy_timeout = float(busy_timeout)
        # hide_parameters: SQL logging and error texts never carry NIPs, names or answers
        kwargs = {"hide_parameters": True}
        parsed = sa.engine.make_url(url)
        self.sqlite = parsed.get_backend_name() == "sqlite"
        self._db_file, self._file_id = None, None  # SQLite file and its (device, inode), see _check_file
        if self.sqlite:
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
        if self.sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas(int(self.busy_timeout * 1000)))
        event.listen(self.engine, "handle_error", translate_db_error)

    def now(self) -> dt.datetime:
        """The current moment from the clock, naive UTC."""
        moment = self.clock()
        return moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment

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
                conn.execute(schema_version.insert().values(version=version, applied_at=self.now()))
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
            if self.sqlite:
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

    def frame(self, query) -> pd.DataFrame:
        """The rows of a ``SELECT`` as a DataFrame (read in its own connection; pandas on first use)."""
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    # -- audit ------------------------------------------------------------------------------
    def audit(self, conn, actor: str, action: str, **detail) -> None:
        """One audit-log row in ``conn``'s transaction: who (``actor``, never blank), what, details."""
        conn.execute(audit_log.insert().values(at=self.now(), actor=require_actor(actor), action=action,
                                               detail_json=json.dumps(detail, default=str, sort_keys=True)))


def _sqlite_pragmas(busy_ms: int = 30000):
    def on_connect(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")  # an accepted submission survives power loss
        cur.close()
    return on_connect
