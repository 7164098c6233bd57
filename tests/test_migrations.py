"""Every migration step from every earlier schema version, with data (SQLite and PostgreSQL).

For each version 1..SCHEMA_VERSION-1 a database is built with the frozen steps up to that version
and filled, through plain SQL on the tables as they were, with a cycle and rows in every table
that version has.  ``store.backup.upgrade`` (what ``siapkan``/``jalankan`` call) then takes a
backup and migrates it; every row of every old table must be there unchanged (the columns it had),
the Store must read the cycle (answers, comments, hasil kerja), and the backup must hold the old
version whole.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from kinerja_survey.store import MIGRATIONS, SCHEMA_VERSION, schema_version
from kinerja_survey.store import backup as bk

T = "'2026-01-02 08:00:00'"

# (first version, SQL) -- each row written by the program of that version or later
ROWS = [
    (1, ("INSERT INTO units (id, path, name, parent_id) VALUES (1, 'Badan', 'Badan', NULL), (2, 'Badan / Bidang', "
        "'Bidang', 1)")),
    (1, ("INSERT INTO employees (id, nip, name, jabatan, jenis_jabatan, golongan, gender, unit_id, atasan_id, active) "
        "VALUES (1, '197501012000031001', 'Budi Santoso', 'Kepala', 'struktural', 'IV/c', 'L', 1, NULL, true), "
        "(2, '198402022010012002', 'Sari Dewi', 'Analis', 'fungsional', 'III/b', 'P', 2, 1, true), "
        "(3, '199003032015031003', 'Tono Wijaya', 'Pengelola', 'pelaksana', 'II/c', 'L', 2, 1, false)")),
    (1, ("INSERT INTO instruments (id, code, name_json, scale_low, scale_high, labels_json, require_overall_comment) "
        "VALUES (1, 'X', '{\"id\": \"X\"}', 1, 5, '{}', false)")),
    (1, ("INSERT INTO competencies (id, instrument_id, code, name_json, position) VALUES "
        "(1, 1, 'BER', '{\"id\": \"Berorientasi\"}', 1)")),
    (1, ("INSERT INTO items (id, instrument_id, competency_id, code, text_json, position) VALUES "
        "(1, 1, 1, 'BER1', '{}', 1), (2, 1, 1, 'BER2', '{}', 2)")),
    (1, (f"INSERT INTO cycles (id, name, period_start, period_end, status, instrument_id, created_at, closed_at) "
        f"VALUES (1, 'Perilaku 2025', '2025-01-01', '2025-12-31', 'closed', 1, {T}, {T})")),
    (1, (f"INSERT INTO rater_links (id, cycle_id, rater_id, token_hash, created_at) VALUES "
        f"(1, 1, 1, 'h1', {T}), (2, 1, 2, 'h2', {T}), (3, 1, 3, 'h3', {T})")),
    (1, ("INSERT INTO assignments (id, cycle_id, rater_id, ratee_id, relationship) VALUES "
        "(1, 1, 1, 2, 'supervisor'), (2, 1, 2, 2, 'self'), (3, 1, 3, 2, 'peer')")),
    (1, (f"INSERT INTO responses (id, assignment_id, status, overall_comment, updated_at, submitted_at) VALUES "
        f"(1, 1, 'submitted', 'Baik sekali', {T}, {T}), (2, 2, 'submitted', '', {T}, {T}), "
        f"(3, 3, 'draft', '', {T}, NULL)")),
    (1, ("INSERT INTO answers (response_id, item_id, value) VALUES (1, 1, 4), (1, 2, 5), (2, 1, 3), (2, 2, 4), "
        "(3, 1, 2)")),
    (1, "INSERT INTO response_comments (response_id, competency_id, text) VALUES (1, 1, 'Teliti')"),
    (1, "INSERT INTO hasil_kerja (cycle_id, employee_id, rating, source) VALUES (1, 2, 'Sesuai Ekspektasi', 'skp')"),
    (1, f"INSERT INTO audit_log (id, at, actor, action, detail_json) VALUES (1, {T}, 'admin', 'create_cycle', '{{}}')"),
    (2, (f"INSERT INTO predikat_overrides (id, cycle_id, employee_id, predikat, reason, actor, at) VALUES "
        f"(1, 1, 2, 'Baik', 'kalibrasi', 'admin', {T})")),
    (4, "INSERT INTO employee_contacts (employee_id, email, phone) VALUES (2, 'sari@contoh.go.id', '6281200000')"),
    (4, (f"INSERT INTO outbox (id, cycle_id, employee_id, channel, seq, kind, address, status, actor, created_at) "
        f"VALUES (1, 1, 2, 'email', 1, 'invitation', 'sari@contoh.go.id', 'sent', 'admin', {T})")),
    (5, f"INSERT INTO org_predikat (id, cycle_id, unit, predikat, actor, at) VALUES (1, 1, '', 'Baik', 'admin', {T})"),
    (5, (f"INSERT INTO keberatan (id, cycle_id, employee_id, predikat_awal, reason, filed_at, filed_by, decide_by, "
        f"status) VALUES (1, 1, 2, 'Baik', 'Tidak sesuai', {T}, 'pegawai', '2026-02-01', 'diajukan')")),
    (6, (f"INSERT INTO cycle_members (cycle_id, employee_id, unit_path, jabatan, at) VALUES "
        f"(1, 2, 'Badan / Bidang', 'Analis', {T})")),
    (7, (f"INSERT INTO stakeholders (id, cycle_id, ratee_id, name, organisation, contact, token_hash, created_at) "
        f"VALUES (1, 1, 2, 'Mitra', 'Dinas', 'mitra@contoh.id', 's1', {T})")),
    (8, f"INSERT INTO settings (key, value, actor, updated_at) VALUES ('retention_years', '6', 'admin', {T})"),
    (8, (f"INSERT INTO dev_dialogs (id, cycle_id, employee_id, supervisor_id, supervisor_token_hash, "
        f"employee_token_hash, notes, created_at) VALUES (1, 1, 2, 1, 'd1', 'd2', 'Rencana', {T})")),
    (9, (f"INSERT INTO feedback_notes (id, cycle_id, employee_id, author_id, author_role, created_at) VALUES "
        f"(1, 1, 2, 1, 'supervisor', {T})")),
    (9, f"INSERT INTO feedback_versions (note_id, version, value_code, text, at) VALUES (1, 1, 'BER', 'Bagus', {T})"),
    (10, (f"INSERT INTO export_log (id, at, actor, what, target, people, detail_json) VALUES "
          f"(1, {T}, 'admin', 'cli.links', 'tautan.csv', 3, '{{}}')")),
]


def _build(url: str, version: int) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        schema_version.create(conn)
        for step in range(1, version + 1):
            MIGRATIONS[step](conn)
            conn.execute(schema_version.insert().values(version=step, applied_at=dt.datetime(2026, 1, 1)))
        for since, sql in ROWS:
            if since <= version:
                conn.execute(sa.text(sql))
    engine.dispose()


def _snapshot(url: str) -> dict[str, tuple[list[str], set]]:
    """Every table: its columns and the set of its rows (values as text, so types compare)."""
    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as conn:
        for name in sa.inspect(conn).get_table_names():
            cols = sorted(c["name"] for c in sa.inspect(conn).get_columns(name))
            rows = conn.execute(sa.text(f'SELECT {", ".join(cols)} FROM "{name}"')).all()
            out[name] = (cols, rows)
    engine.dispose()
    return out


def _norm(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _rows(cols_now, rows_now, cols_then) -> set:
    index = [cols_now.index(c) for c in cols_then]
    return {tuple(_norm(r[i]) for i in index) for r in rows_now}


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_step_from_an_older_version_with_data(store_url, tmp_path, version):
    _build(store_url, version)
    before = _snapshot(store_url)
    assert "accounts" not in before and sum(len(rows) for _, rows in before.values()) >= 20

    store, taken = bk.upgrade(store_url, folder=tmp_path / "pra")
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert taken is not None and bk.read_manifest(taken)["schema_version"] == version
        after = _snapshot(store_url)
        for name, (cols, rows) in before.items():
            if name == "schema_version":
                continue
            now_cols, now_rows = after[name]
            assert set(cols) <= set(now_cols), name
            assert _rows(now_cols, now_rows, cols) == {tuple(_norm(v) for v in r) for r in rows}, name
        assert {r[cols.index("version")] for r in after["schema_version"][1]
                for cols in [after["schema_version"][0]]} == set(range(1, SCHEMA_VERSION + 1))
        # the program reads the old cycle: submitted answers only, the overall comment, hasil kerja
        ratings = store.ratings_frame(1)
        assert sorted(zip(ratings["rater"], ratings["item"], ratings["rating"])) == [
            ("197501012000031001", "BER1", 4.0), ("197501012000031001", "BER2", 5.0),
            ("198402022010012002", "BER1", 3.0), ("198402022010012002", "BER2", 4.0)]
        comments = store.comments_frame(1)
        assert sorted(comments["text"]) == ["Baik sekali", "Teliti"]
        assert store.hasil_kerja_frame(1)["rating"].tolist() == ["Sesuai Ekspektasi"]
        with store.engine.connect() as conn:  # step 3: every old answer is a rating, none "cannot assess"
            assert conn.execute(sa.text("SELECT count(*) FROM answers WHERE not_applicable")).scalar() == 0
        if version >= 2:
            assert store.predikat_overrides(1)["predikat"].tolist() == ["Baik"]
        # step 11: no account yet (the admin secret still opens the first login)
        assert not store.has_accounts() and store.verify_account("operator", "kata-sandi-migrasi-1") is None
    finally:
        store.dispose()
    # the backup restores the old version whole
    restored = tmp_path / "kembali.sqlite"
    if sa.engine.make_url(store_url).get_backend_name() == "sqlite":
        bk.restore(taken, restored)
        old = _snapshot(f"sqlite:///{restored}")
        assert {n: len(r) for n, (_c, r) in old.items()} == {n: len(r) for n, (_c, r) in before.items()}
