"""Backups: a whole copy of the survey database with a manifest, restored only when it checks.

A backup file is a ZIP archive of two members:

``manifest.json``
    ``{"format": "kinerja-survey-cadangan", "format_version": 1, "dialect": "sqlite" | "postgresql",
    "schema_version": 10, "created_at": "2026-12-07T20:45:00Z" (UTC), "program_version": "...",
    "payload": "database.sqlite" | "database.pgdump", "bytes": n, "sha256": "<hex of the payload>",
    "tables": {"answers": 5040, ...}}`` -- the row count of every table *in the copy*.
``database.sqlite`` / ``database.pgdump``
    SQLite: a copy made with SQLite's online backup API (``sqlite3.Connection.backup``, all pages
    in one step under one read transaction: a consistent snapshot while the rater kernels keep
    writing in WAL mode), then ``PRAGMA integrity_check`` on the copy.  PostgreSQL: ``pg_dump
    --format=custom`` run on a snapshot exported by a REPEATABLE READ transaction
    (``pg_export_snapshot()``), the same transaction that counts the rows, so the manifest's counts
    are exactly those of the dump.

``restore`` refuses a file that is not a ZIP, was cut short, has no or a foreign manifest, whose
payload does not match its checksum or whose schema is newer than this program; all of that is
checked before anything is written.  It restores into a *new* database; a database that already
holds tables is replaced only with ``replace=True`` (the CLI's ``--ganti`` plus a confirmation).
SQLite: the payload is checked (integrity, row counts against the manifest) as a temporary file
beside the target and then renamed over it (atomic).  PostgreSQL: ``pg_restore
--single-transaction`` into the target database (created when it does not exist), then the row
counts are compared with the manifest.

``upgrade`` is what ``kinerja-survey siapkan``/``jalankan`` call before migrating an existing
database: a backup first, then ``Store.migrate``; a failed migration (one transaction, rolled back)
leaves the old database as it was and says how to go back.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

import sqlalchemy as sa

from .errors import StoreError, translate_db_error
from .schema import SCHEMA_VERSION, schema_version

FORMAT = "kinerja-survey-cadangan"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
BACKUP_DIR_ENV = "KINERJA_SURVEY_BACKUP_DIR"
PG_BIN_ENV = "KINERJA_SURVEY_PG_BIN"


class BackupError(StoreError):
    """A backup that cannot be made or a file that cannot be restored (message for people)."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _url(url_or_path) -> sa.engine.URL:
    text = str(url_or_path)
    return sa.engine.make_url(text if "://" in text else f"sqlite:///{Path(text)}")


def _dialect(url: sa.engine.URL) -> str:
    name = url.get_backend_name()
    if name not in PAYLOADS:
        raise BackupError("backup.dialect_unsupported", dialect=name)
    return name


def _sqlite_file(url: sa.engine.URL) -> Path:
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        raise BackupError("backup.dialect_unsupported", dialect="sqlite (memori)")
    return Path(db)


# -- PostgreSQL tools ---------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """The path of ``pg_dump``/``pg_restore``: ``$KINERJA_SURVEY_PG_BIN``, else ``PATH``, else the
    newest ``/usr/lib/postgresql/<n>/bin`` (Debian puts them there, off the PATH)."""
    folder = os.environ.get(PG_BIN_ENV)
    if folder and (Path(folder) / name).exists():
        return str(Path(folder) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise BackupError("backup.pg_tool_missing", tool=name, env=PG_BIN_ENV)


def _pg_env_and_dsn(url: sa.engine.URL) -> tuple[dict, str]:
    """libpq connection string without the password (which goes in ``PGPASSWORD``, not argv)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return env, plain.render_as_string(hide_password=False)


def _run(args: list[str], env: dict, what: str) -> None:
    done = subprocess.run(args, check=False, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError("backup.tool_failed", tool=what, error=(done.stderr or done.stdout).strip()[-800:])


# -- counting ------------------------------------------------------------------------------------
def _counts(conn) -> dict[str, int]:
    """Rows of every table of the database (``schema_version`` too), by name."""
    names = sorted(sa.inspect(conn).get_table_names())
    return {name: int(conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar()) for name in names}


def _version(conn) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)


def _sqlite_counts(path: Path) -> tuple[dict[str, int], int, str]:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            check = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            return _counts(conn), _version(conn), check
    except sa.exc.DatabaseError as exc:
        return {}, 0, str(exc.orig)
    finally:
        engine.dispose()


# -- backup --------------------------------------------------------------------------------------
def backup(url_or_path, out_path) -> dict:
    """Write a backup of the database at ``url_or_path`` to ``out_path``; returns its manifest.

    Consistent while others write (see the module docstring); ``out_path`` must not exist yet
    (``backup.exists``), it appears whole or not at all (written beside it, then renamed), readable
    by its owner only (mode 0600).
    """
    from .. import __version__

    url, out = _url(url_or_path), Path(out_path)
    dialect = _dialect(url)
    if out.exists():
        raise BackupError("backup.exists", path=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cadangan-", dir=out.parent) as tmp:
        payload = Path(tmp) / PAYLOADS[dialect]
        if dialect == "sqlite":
            tables, version, created = _backup_sqlite(_sqlite_file(url), payload)
        else:
            tables, version, created = _backup_postgres(url, payload)
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "dialect": dialect,
                    "schema_version": version, "created_at": created.isoformat() + "Z",
                    "program_version": __version__, "payload": payload.name,
                    "bytes": payload.stat().st_size, "sha256": _sha256(payload), "tables": tables}
        partial = Path(tmp) / "cadangan.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
            zf.write(payload, payload.name)
        os.chmod(partial, 0o600)  # every person's data: readable by the service account only
        os.replace(partial, out)
    return manifest


def _backup_sqlite(source: Path, payload: Path) -> tuple[dict, int, dt.datetime]:
    if not source.exists():
        raise StoreError("store.db_missing", path=source)
    created = _utcnow()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(payload)
    try:
        src.backup(dst)  # pages=-1: every page in one step, one read transaction (one snapshot)
        dst.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
    finally:
        dst.close()
        src.close()
    tables, version, check = _sqlite_counts(payload)
    if check != "ok":
        raise BackupError("backup.copy_damaged", error=check)
    return tables, version, created


def _backup_postgres(url: sa.engine.URL, payload: Path) -> tuple[dict, int, dt.datetime]:
    tool = pg_tool("pg_dump")
    env, dsn = _pg_env_and_dsn(url)
    engine = sa.create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as conn:
            snapshot = conn.execute(sa.text("SELECT pg_export_snapshot()")).scalar()
            created = _utcnow()
            tables, version = _counts(conn), _version(conn)
            # the dump sees exactly the snapshot the counts were taken in (the transaction stays open)
            _run([tool, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={payload}", f"--dbname={dsn}"], env, "pg_dump")
            conn.rollback()
    finally:
        engine.dispose()
    return tables, version, created


# -- reading a backup ----------------------------------------------------------------------------
def read_manifest(path) -> dict:
    """The manifest of the backup file ``path``, after checking that the file is whole: a ZIP whose
    members pass their CRC, a manifest of this program's format and a payload matching its size and
    SHA-256 (streamed from the archive, nothing extracted).  Raises ``BackupError`` with a message
    naming what is wrong; reads, writes nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("backup.missing", path=path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if MANIFEST not in names:
                raise BackupError("backup.foreign", path=path)
            try:
                manifest = json.loads(zf.read(MANIFEST))
            except ValueError:
                raise BackupError("backup.foreign", path=path) from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError("backup.foreign", path=path)
            if manifest.get("format_version") != FORMAT_VERSION or manifest.get("dialect") not in PAYLOADS:
                raise BackupError("backup.foreign", path=path)
            if manifest.get("payload") not in names:
                raise BackupError("backup.partial", path=path)
            bad = zf.testzip()
            if bad is not None:
                raise BackupError("backup.damaged", path=path, member=bad)
            digest, size = hashlib.sha256(), 0
            with zf.open(manifest["payload"]) as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
            if size != manifest.get("bytes") or digest.hexdigest() != manifest.get("sha256"):
                raise BackupError("backup.checksum", path=path)
    except (zipfile.BadZipFile, zlib.error):
        raise BackupError("backup.damaged", path=path, member="ZIP") from None
    except (EOFError, OSError, zipfile.LargeZipFile) as exc:
        raise BackupError("backup.damaged", path=path, member=str(exc)) from None
    version = manifest.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError("backup.foreign", path=path)
    if version > SCHEMA_VERSION:
        raise BackupError("backup.newer", version=version, program=SCHEMA_VERSION)
    return manifest


def _extract_checked(path: Path, manifest: dict, folder: Path) -> Path:
    """The payload extracted into ``folder``, its size and checksum compared with the manifest."""
    with zipfile.ZipFile(path) as zf:
        target = Path(zf.extract(manifest["payload"], folder))
    if target.stat().st_size != manifest.get("bytes") or _sha256(target) != manifest.get("sha256"):
        raise BackupError("backup.checksum", path=path)
    return target


def has_tables(url_or_path) -> bool:
    """Whether the database at ``url_or_path`` exists and holds any table (a live database)."""
    url = _url(url_or_path)
    if _dialect(url) == "sqlite":
        file = _sqlite_file(url)
        if not file.exists() or file.stat().st_size == 0:
            return False
    engine = sa.create_engine(url)
    if _dialect(url) == "sqlite":  # a file that is not a database: a message (PostgreSQL: see below)
        sa.event.listen(engine, "handle_error", translate_db_error)
    try:
        with engine.connect() as conn:
            return bool(sa.inspect(conn).get_table_names())
    except sa.exc.OperationalError:  # a PostgreSQL database that does not exist yet
        return False
    finally:
        engine.dispose()


def restore(path, url_or_path, *, replace: bool = False) -> dict:
    """Restore the backup file ``path`` into the database ``url_or_path``; returns the manifest.

    Everything about the file is checked first (:func:`read_manifest`, the payload's checksum);
    a target holding tables is refused (``backup.target_live``) unless ``replace``.  The restored
    database's row counts must equal the manifest's (``backup.counts``).
    """
    path, url = Path(path), _url(url_or_path)
    dialect = _dialect(url)
    manifest = read_manifest(path)
    if manifest["dialect"] != dialect:
        raise BackupError("backup.dialect_mismatch", backup=manifest["dialect"], target=dialect)
    if not replace and has_tables(url):
        raise BackupError("backup.target_live", target=url.render_as_string(hide_password=True))
    if dialect == "sqlite":
        _restore_sqlite(path, manifest, _sqlite_file(url))
    else:
        _restore_postgres(path, manifest, url, replace)
    return manifest


def _mismatch(expected: dict, found: dict) -> str:
    names = sorted(set(expected) | set(found))
    return ", ".join(f"{n}: {expected.get(n, '-')} ≠ {found.get(n, '-')}" for n in names
                     if expected.get(n) != found.get(n))


def _restore_sqlite(path: Path, manifest: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pulihkan-", dir=target.parent) as tmp:
        copy = _extract_checked(path, manifest, Path(tmp))
        tables, version, check = _sqlite_counts(copy)
        if check != "ok":
            raise BackupError("backup.copy_damaged", error=check)
        if tables != manifest["tables"] or version != manifest["schema_version"]:
            raise BackupError("backup.counts", detail=_mismatch(manifest["tables"], tables))
        for suffix in ("-wal", "-shm", "-journal"):  # an old WAL must never be replayed onto the copy
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(copy, target)


def _restore_postgres(path: Path, manifest: dict, url: sa.engine.URL, replace: bool) -> None:
    tool = pg_tool("pg_restore")
    with tempfile.TemporaryDirectory(prefix="kinerja-pulihkan-") as tmp:
        dump = _extract_checked(path, manifest, Path(tmp))
        _ensure_pg_database(url)
        env, dsn = _pg_env_and_dsn(url)
        args = [tool, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", f"--dbname={dsn}"]
        if replace:
            args += ["--clean", "--if-exists"]
        _run(args + [str(dump)], env, "pg_restore")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = _counts(conn)
    finally:
        engine.dispose()
    if tables != manifest["tables"]:
        raise BackupError("backup.counts", detail=_mismatch(manifest["tables"], tables))


def _ensure_pg_database(url: sa.engine.URL) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist (through ``postgres``)."""
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}).first()
            if not exists:
                quoted = '"' + str(url.database).replace('"', '""') + '"'
                conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
    finally:
        admin.dispose()


# -- upgrades ------------------------------------------------------------------------------------
def stored_version(url_or_path) -> int:
    """The schema version of an existing database, 0 for a new or empty one (read only)."""
    if not has_tables(url_or_path):
        return 0
    engine = sa.create_engine(_url(url_or_path))
    try:
        with engine.connect() as conn:
            return _version(conn)
    finally:
        engine.dispose()


def backup_folder(url_or_path) -> Path:
    """Where automatic backups go: ``$KINERJA_SURVEY_BACKUP_DIR``, else ``cadangan/`` beside a SQLite
    file, else ``cadangan/`` in the working folder."""
    if os.environ.get(BACKUP_DIR_ENV):
        return Path(os.environ[BACKUP_DIR_ENV])
    url = _url(url_or_path)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "cadangan"
    return Path("cadangan").resolve()


def upgrade(url_or_path, *, folder=None):
    """Migrate the database to ``SCHEMA_VERSION`` after taking a backup; returns ``(store, backup
    path or None)``.

    A new database (version 0) or an up-to-date one is opened without a backup.  Otherwise the
    backup ``pra-pembaruan-v<old>-<UTC time>.zip`` goes to ``folder`` (:func:`backup_folder`) and
    the migration runs in one transaction: when it fails, the database keeps its old version and
    ``backup.migration_failed`` names the backup and the command that brings it back.
    """
    from .core import Store

    old = stored_version(url_or_path)
    if old == 0 or old >= SCHEMA_VERSION:  # new, up to date, or newer (Store refuses: store.schema_newer)
        return Store(url_or_path), None
    folder = Path(folder) if folder is not None else backup_folder(url_or_path)
    stamp = _utcnow().strftime("%Y%m%dT%H%M%SZ")
    out = folder / f"pra-pembaruan-v{old}-{stamp}.zip"
    backup(url_or_path, out)
    store = Store(url_or_path, create=False)
    try:
        store.migrate()
    except Exception as exc:
        store.dispose()
        now = stored_version(url_or_path)
        error = exc if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
        raise BackupError("backup.migration_failed", old=old, now=now, new=SCHEMA_VERSION, path=out,
                          error=error) from exc
    return store, out
