"""Backups and restores (``kinerja_survey.store.backup``, ``kinerja-survey cadangkan/pulihkan``).

* The restore drill: a backup taken while eight processes are submitting forms (real rater
  tokens, ``Store.save_response``) restores every answer whose save returned before the backup
  started, and the restored row counts equal the manifest's; SQLite and PostgreSQL.
* Bad input: a truncated, corrupted, altered or foreign file is refused by ``pulihkan`` with a
  message, and nothing is written.
* A live database is replaced only with ``--ganti`` and a confirmation.
* Upgrades: ``siapkan`` backs up an older database before migrating; a failed migration leaves
  it as it was and names the backup and the command that brings it back.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing as mp
import time
import uuid
import zipfile

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from kinerja_survey.cli import main
from kinerja_survey.demo import open_demo_cycle
from kinerja_survey.store import MIGRATIONS, SCHEMA_VERSION, Store, answers, responses, schema_version
from kinerja_survey.store import backup as bk
from kinerja_survey.store.backup import BackupError

N_WRITERS = 8


def _answers_for(assignment_id: int, codes) -> dict:
    return {code: 1 + (assignment_id * 7 + k * 3) % 5 for k, code in enumerate(codes)}


def _writer(job):
    """Submit each form, a little apart; report (assignment_id, wall time the save returned)."""
    url, forms, codes = job
    store = Store(url, create=False)
    out = []
    try:
        for token, assignment_id in forms:
            store.save_response(token, assignment_id, _answers_for(assignment_id, codes), submit=True)
            out.append((assignment_id, time.time()))
            time.sleep(0.01)
    finally:
        store.dispose()
    return out


def _restored_url(url: str, tmp_path) -> str:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'pulih.sqlite'}"
    return parsed.set(database=parsed.database + "_r").render_as_string(hide_password=False)


def _drop_pg(url: str) -> None:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                     {"n": parsed.database})
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
    admin.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        out = {n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar()
               for n in sa.inspect(conn).get_table_names()}
    engine.dispose()
    return out


def test_restore_drill_backup_while_eight_writers_save(store_url, tmp_path):
    store = Store(store_url)
    demo = open_demo_cycle(store, 40, seed=5, name="Latihan pemulihan")
    store.dispose()
    forms, codes = demo.forms, demo.item_codes
    assert len(forms) > 200
    jobs = [(store_url, forms[k::N_WRITERS], codes) for k in range(N_WRITERS)]
    engine = sa.create_engine(store_url)
    with mp.get_context("spawn").Pool(N_WRITERS) as pool:
        pending = pool.map_async(_writer, jobs, chunksize=1)
        deadline = time.time() + 120
        while time.time() < deadline:  # wait until the writers are well under way
            with engine.connect() as conn:
                if conn.execute(sa.select(sa.func.count()).select_from(responses)).scalar() >= 40:
                    break
            time.sleep(0.05)
        started = time.time()
        manifest = bk.backup(store_url, tmp_path / "cadangan.zip")
        saved = [row for part in pending.get(timeout=300) for row in part]
    engine.dispose()
    before = {a for a, at in saved if at < started}
    after = {a for a, at in saved if at > started}
    assert len(before) >= 40 and after, "the backup must be taken while the writers are saving"

    target = _restored_url(store_url, tmp_path)
    try:
        bk.restore(tmp_path / "cadangan.zip", target)
        assert _counts(target) == manifest["tables"]  # the manifest's counts are the restored database's
        assert manifest["schema_version"] == SCHEMA_VERSION and manifest["dialect"] == sa.engine.make_url(
            store_url).get_backend_name()
        eng = sa.create_engine(target)
        with eng.connect() as conn:
            rows = conn.execute(sa.select(responses.c.assignment_id, responses.c.status, responses.c.id)).all()
            stored = {}
            for r in conn.execute(sa.select(answers.c.response_id, answers.c.value)):
                stored.setdefault(r.response_id, []).append(r.value)
        eng.dispose()
        by_assignment = {r.assignment_id: r for r in rows}
        for assignment_id in before:  # every save that returned before the backup started is whole in it
            row = by_assignment[assignment_id]
            assert row.status == "submitted"
            assert sorted(stored[row.id]) == sorted(_answers_for(assignment_id, codes).values())
        # nothing half-written: every response in the copy has all 21 answers
        assert {len(stored.get(r.id, [])) for r in rows} == {21}
        restored = Store(target, create=False)
        assert len(restored.ratings_frame(demo.cycle_id)) == 21 * len(rows)
        restored.dispose()
    finally:
        _drop_pg(target)


@pytest.fixture
def small_backup(tmp_path):
    db = tmp_path / "asal.sqlite"
    store = Store(db)
    open_demo_cycle(store, 12, seed=3)
    store.dispose()
    path = tmp_path / "cadangan.zip"
    manifest = bk.backup(db, path)
    return db, path, manifest


def _rezip(src, dst, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = change(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)


def _pulihkan(target, path, *extra, input=None):
    return CliRunner().invoke(main, ["--db", str(target), "--petugas", "uji", "pulihkan", str(path), *extra],
                              input=input, catch_exceptions=False)


def test_manifest_names_version_time_counts_and_checksum(small_backup):
    _db, path, manifest = small_backup
    with zipfile.ZipFile(path) as zf:
        stored = json.loads(zf.read("manifest.json"))
        payload = zf.read("database.sqlite")
    assert stored == manifest
    assert set(stored) == {"format", "format_version", "dialect", "schema_version", "created_at", "program_version",
                           "payload", "bytes", "sha256", "tables"}
    import hashlib

    assert stored["sha256"] == hashlib.sha256(payload).hexdigest() and stored["bytes"] == len(payload)
    assert stored["tables"]["employees"] == 12 and stored["tables"]["schema_version"] == SCHEMA_VERSION
    assert path.stat().st_mode & 0o777 == 0o600  # every person's data: the owner only
    assert abs(dt.datetime.fromisoformat(stored["created_at"].rstrip("Z"))
               - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) < dt.timedelta(minutes=5)


@pytest.mark.parametrize("damage", ["truncated", "flipped_byte", "altered_payload", "no_payload", "foreign_zip",
                                    "not_a_zip", "other_manifest"])
def test_a_damaged_partial_or_foreign_file_is_refused_and_nothing_written(small_backup, tmp_path, damage):
    _db, good, manifest = small_backup
    bad = tmp_path / "rusak.zip"
    data = good.read_bytes()
    if damage == "truncated":
        bad.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "flipped_byte":  # inside the compressed payload: the member's CRC no longer holds
        middle = len(data) // 2
        bad.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "altered_payload":  # a valid ZIP whose database differs from the manifest's checksum
        _rezip(good, bad, lambda n, d: d if n == "manifest.json" else d[:-1] + bytes([d[-1] ^ 1]))
    elif damage == "no_payload":
        _rezip(good, bad, lambda n, d: d if n == "manifest.json" else None)
    elif damage == "foreign_zip":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("laporan.csv", "nip,nama\n")
    elif damage == "not_a_zip":
        bad.write_text("SQLite format 3 -- not really")
    elif damage == "other_manifest":
        other = json.dumps({**manifest, "format": "lain"}).encode()
        _rezip(good, bad, lambda n, d: other if n == "manifest.json" else d)
    target = tmp_path / "baru" / "pulih.sqlite"
    result = _pulihkan(target, bad)
    assert result.exit_code == 1
    expected = {"truncated": "rusak atau terpotong", "flipped_byte": "rusak atau terpotong",
                "altered_payload": "checksum", "no_payload": "tidak lengkap", "foreign_zip": "bukan cadangan",
                "not_a_zip": "rusak atau terpotong", "other_manifest": "bukan cadangan"}[damage]
    assert expected in result.output and "Traceback" not in result.output
    assert not target.exists() and not target.parent.exists()  # nothing written, not even the folder
    with pytest.raises(BackupError):
        bk.read_manifest(bad)


def test_a_live_database_is_replaced_only_with_ganti_and_a_confirmation(small_backup, tmp_path):
    _db, path, manifest = small_backup
    live = tmp_path / "hidup.sqlite"
    store = Store(live)
    open_demo_cycle(store, 15, seed=9)
    store.dispose()
    before = live.read_bytes()
    refused = _pulihkan(live, path)
    assert refused.exit_code == 1 and "--ganti" in refused.output
    cancelled = _pulihkan(live, path, "--ganti", input="n\n")
    assert cancelled.exit_code == 1 and "MENGGANTI" in cancelled.output
    assert live.read_bytes() == before
    done = _pulihkan(live, path, "--ganti", input="y\n")
    assert done.exit_code == 0, done.output
    assert _counts(f"sqlite:///{live}") == manifest["tables"]


def test_cadangkan_records_the_backup_and_status_shows_its_age(tmp_path):
    db = tmp_path / "k.sqlite"
    run = lambda *a: CliRunner().invoke(main, ["--db", str(db), "--petugas", "budi", *a], catch_exceptions=False)
    assert run("siapkan").exit_code == 0
    assert "belum pernah ada cadangan" in run("status").output
    out = tmp_path / "cadangan" / "harian.zip"
    result = run("cadangkan", "--keluaran", str(out))
    assert result.exit_code == 0 and "skema versi" in result.output and out.exists()
    again = run("cadangkan", "--keluaran", str(out))
    assert again.exit_code == 1 and "sudah ada" in again.output
    status = run("status").output
    assert "Cadangan terakhir:" in status and "(0.0 jam lalu)" in status and "WIB" in status
    log = run("log-ekspor").output
    assert "cadangan" in log and "budi" in log


def test_postgres_backup_without_pg_dump_says_so(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(bk.PG_BIN_ENV, raising=False)
    monkeypatch.setattr(bk.glob, "glob", lambda pattern: [])
    with pytest.raises(BackupError) as err:
        bk.pg_tool("pg_dump")
    assert "postgresql-client" in str(err.value) and bk.PG_BIN_ENV in str(err.value)


def _version_9_database(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        schema_version.create(conn)
        for version in range(1, 10):
            MIGRATIONS[version](conn)
            conn.execute(schema_version.insert().values(version=version, applied_at=dt.datetime(2026, 1, 1)))
        conn.execute(sa.text("INSERT INTO units (id, path, name) VALUES (1, 'U', 'U')"))
        conn.execute(sa.text("INSERT INTO employees (id, nip, name, jabatan, unit_id) VALUES "
                             "(1, '198401022007121001', 'Ani', 'Analis', 1)"))
    engine.dispose()


def test_siapkan_backs_up_an_older_database_before_migrating(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv(bk.BACKUP_DIR_ENV, str(tmp_path / "pra"))
    _version_9_database(store_url)
    result = CliRunner().invoke(main, ["--db", store_url, "--petugas", "uji", "siapkan"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    taken = list((tmp_path / "pra").glob("pra-pembaruan-v9-*.zip"))
    assert len(taken) == 1 and str(taken[0]) in result.output
    assert bk.read_manifest(taken[0])["schema_version"] == 9
    store = Store(store_url, create=False)
    assert store.schema_version() == SCHEMA_VERSION
    store.dispose()
    again = CliRunner().invoke(main, ["--db", store_url, "--petugas", "uji", "siapkan"], catch_exceptions=False)
    assert again.exit_code == 0 and len(list((tmp_path / "pra").glob("*.zip"))) == 1  # up to date: no new copy


def test_a_failed_migration_leaves_the_old_database_and_says_how_to_go_back(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv(bk.BACKUP_DIR_ENV, str(tmp_path / "pra"))
    _version_9_database(store_url)
    before = _counts(store_url)
    real_step = MIGRATIONS[10]

    def failing_step(conn):  # the real step runs, then the upgrade fails (e.g. a full disk, a bug)
        real_step(conn)
        conn.execute(sa.text("INSERT INTO export_log (at, actor, what, people) VALUES ('2026-01-01', 'x', 'y', 1)"))
        raise RuntimeError("disk penuh")

    monkeypatch.setitem(MIGRATIONS, 10, failing_step)
    result = CliRunner().invoke(main, ["--db", store_url, "--petugas", "uji", "siapkan"], catch_exceptions=False)
    assert result.exit_code == 1
    taken = list((tmp_path / "pra").glob("pra-pembaruan-v9-*.zip"))
    assert len(taken) == 1
    assert "tetap versi 9" in result.output and f"kinerja-survey pulihkan {taken[0]} --ganti" in result.output
    assert _counts(store_url) == before  # untouched: no export_log table, the same rows
    monkeypatch.setitem(MIGRATIONS, 10, real_step)
    # going back: the backup restores into a new database as it was
    target = _restored_url(store_url, tmp_path)
    try:
        bk.restore(taken[0], target)
        assert _counts(target) == before
    finally:
        _drop_pg(target)


def test_a_database_newer_than_the_program_is_refused_without_a_backup(tmp_path, monkeypatch):
    monkeypatch.setenv(bk.BACKUP_DIR_ENV, str(tmp_path / "pra"))
    db = tmp_path / "baru.sqlite"
    Store(db).dispose()
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(schema_version.insert().values(version=SCHEMA_VERSION + 1, applied_at=dt.datetime(2027, 1, 1)))
    engine.dispose()
    result = CliRunner().invoke(main, ["--db", str(db), "--petugas", "uji", "siapkan"], catch_exceptions=False)
    assert result.exit_code == 1 and f"versi {SCHEMA_VERSION + 1}, lebih baru" in result.output
    assert not (tmp_path / "pra").exists()


def test_restore_refuses_a_backup_of_another_kind_of_database(small_backup):
    _db, path, _manifest = small_backup
    with pytest.raises(BackupError) as err:
        bk.restore(path, "postgresql+psycopg://nobody@127.0.0.1:1/x_" + uuid.uuid4().hex[:6])
    assert "jenis yang sama" in str(err.value)


def test_the_readme_backup_section_runs_in_order(tmp_path, monkeypatch):
    """Every `kinerja-survey` line of the README's "Cadangan, pemulihan dan pembaruan" block, in
    order, on a demo database at the default path (``NIP`` replaced by a real one; the
    confirmation of ``--ganti`` answered y)."""
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Cadangan, pemulihan dan pembaruan", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("  #")[0].strip() for line in block.splitlines() if line.startswith("kinerja-survey ")]
    assert len(lines) >= 8
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KINERJA_SURVEY_DB", raising=False)
    monkeypatch.setenv("KINERJA_SURVEY_ACTOR", "Siti Rahma")
    assert CliRunner().invoke(main, ["demo", "--pegawai", "12"], catch_exceptions=False).exit_code == 0
    store = Store("data/kinerja.sqlite")
    nip = store.employees_frame()["nip"].astype(str).iloc[0]
    store.dispose()
    for line in lines:
        args = [nip if a == "NIP" else a for a in shlex.split(line)[1:]]
        out = CliRunner().invoke(main, args, input="y\n", catch_exceptions=False)
        assert out.exit_code == 0, f"{line}\n{out.output}"
    assert Path("data/uji-pulih.sqlite").exists() and Path("data-saya.xlsx").exists()
    log = CliRunner().invoke(main, ["log-ekspor"], catch_exceptions=False).output
    # the restored database is the backup's moment: the backup's own log entry came after it
    assert "data-pribadi" in log and "Siti Rahma" in log and "cadangan" not in log
