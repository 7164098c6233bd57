"""Versioned schema migrations, each step with its own frozen table definitions.

A step never changes once released: it declares the tables *as they were* at that version in a
fresh ``MetaData`` and creates or alters exactly those, so editing ``schema.py`` today cannot
change what step 1 does to a database created last year.  ``MIGRATIONS`` maps the version a step
brings a database to onto the step (a callable taking a connection); ``Store.migrate`` runs the
missing ones in one transaction.  ``tests/test_store.py`` checks that the steps together yield
exactly the tables and columns of ``schema.py``.
"""

from __future__ import annotations

import sqlalchemy as sa


def _step1(conn) -> None:
    """Version 1: roster, instruments, cycles, links, assignments, responses, hasil kerja, audit log."""
    metadata = sa.MetaData()

    sa.Table(
        "schema_version", metadata,
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("applied_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "units", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.String(500), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
    )
    sa.Table(
        "employees", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nip", sa.String(18), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("jabatan", sa.String(300), nullable=False),
        sa.Column("jenis_jabatan", sa.String(40), nullable=False, server_default=""),
        sa.Column("golongan", sa.String(10), nullable=False, server_default=""),
        sa.Column("gender", sa.String(1), nullable=False, server_default=""),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("atasan_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    sa.Table(
        "instruments", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("name_json", sa.Text, nullable=False),
        sa.Column("scale_low", sa.Integer, nullable=False),
        sa.Column("scale_high", sa.Integer, nullable=False),
        sa.Column("labels_json", sa.Text, nullable=False),
        sa.Column("require_overall_comment", sa.Boolean, nullable=False),
    )
    sa.Table(
        "competencies", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("name_json", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.UniqueConstraint("instrument_id", "code"),
    )
    sa.Table(
        "items", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
        sa.Column("competency_id", sa.Integer, sa.ForeignKey("competencies.id"), nullable=False),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("text_json", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.UniqueConstraint("instrument_id", "code"),
    )
    sa.Table(
        "cycles", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.CheckConstraint("status in ('draft', 'open', 'closed')", name="cycle_status"),
    )
    sa.Table(
        "rater_links", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("rater_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )
    assignments = sa.Table(
        "assignments", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("rater_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("ratee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("relationship", sa.String(12), nullable=False),
        sa.UniqueConstraint("cycle_id", "rater_id", "ratee_id"),
        sa.CheckConstraint("relationship in ('self', 'supervisor', 'peer', 'subordinate')", name="relationship_kind"),
    )
    sa.Table(
        "responses", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False, unique=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("overall_comment", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=True),
        sa.CheckConstraint("status in ('draft', 'submitted')", name="response_status"),
    )
    sa.Table(
        "answers", metadata,
        sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id"), primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    sa.Table(
        "response_comments", metadata,
        sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id"), primary_key=True),
        sa.Column("competency_id", sa.Integer, sa.ForeignKey("competencies.id"), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
    )
    sa.Table(
        "hasil_kerja", metadata,
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), primary_key=True),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), primary_key=True),
        sa.Column("rating", sa.String(30), nullable=False),
        sa.Column("source", sa.String(30), nullable=False),
    )
    sa.Table(
        "audit_log", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("detail_json", sa.Text, nullable=False),
    )
    sa.Index("ix_assignments_rater", assignments.c.cycle_id, assignments.c.rater_id)
    sa.Index("ix_assignments_ratee", assignments.c.cycle_id, assignments.c.ratee_id)
    metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t.name != "schema_version"])


def _step2(conn) -> None:
    """Version 2: ``predikat_overrides`` (appended, never edited; newest per employee in force)."""
    metadata = sa.MetaData()
    sa.Table("cycles", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("employees", metadata, sa.Column("id", sa.Integer, primary_key=True))
    table = sa.Table(
        "predikat_overrides", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("predikat", sa.String(30), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    sa.Index("ix_predikat_overrides_cycle", table.c.cycle_id, table.c.employee_id)
    table.create(conn)


def _step3(conn) -> None:
    """Version 3: ``cycles.hr_contact``, ``instruments.not_applicable_json``, ``responses.version`` and
    ``responses.declined_reason``; ``answers.value`` becomes nullable beside a ``not_applicable`` flag
    (exactly one of the two is set).  SQLite cannot relax a NOT NULL column, so there the answers
    table is rebuilt (copied into the new layout in the same transaction)."""
    add = [("cycles", "hr_contact TEXT"), ("instruments", "not_applicable_json TEXT"),
           ("responses", "version INTEGER NOT NULL DEFAULT 0"), ("responses", "declined_reason TEXT")]
    for table, column in add:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column}")
    check = "(not_applicable AND value IS NULL) OR (NOT not_applicable AND value IS NOT NULL)"
    if conn.dialect.name == "sqlite":
        metadata = sa.MetaData()
        sa.Table("responses", metadata, sa.Column("id", sa.Integer, primary_key=True))
        sa.Table("items", metadata, sa.Column("id", sa.Integer, primary_key=True))
        new = sa.Table(
            "answers_v3", metadata,
            sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id"), primary_key=True),
            sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), primary_key=True),
            sa.Column("value", sa.Integer, nullable=True),
            sa.Column("not_applicable", sa.Boolean, nullable=False, server_default=sa.false()),
            sa.CheckConstraint(check, name="answer_value_or_na"),
        )
        new.create(conn)
        conn.exec_driver_sql("INSERT INTO answers_v3 (response_id, item_id, value, not_applicable) "
                             "SELECT response_id, item_id, value, 0 FROM answers")
        conn.exec_driver_sql("DROP TABLE answers")
        conn.exec_driver_sql("ALTER TABLE answers_v3 RENAME TO answers")
    else:
        conn.exec_driver_sql("ALTER TABLE answers ALTER COLUMN value DROP NOT NULL")
        conn.exec_driver_sql("ALTER TABLE answers ADD COLUMN not_applicable BOOLEAN NOT NULL DEFAULT false")
        conn.exec_driver_sql(f"ALTER TABLE answers ADD CONSTRAINT answer_value_or_na CHECK ({check})")


def _step4(conn) -> None:
    """Version 4 (HR operations): ``cycles.deadline``; ``employee_contacts`` (e-mail, phone from the
    roster); ``link_vault`` (personal links encrypted with the installation key, for reminders);
    ``outbox`` (every invitation and reminder, once per rater, channel and sequence number)."""
    metadata = sa.MetaData()
    sa.Table("cycles", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("employees", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("rater_links", metadata, sa.Column("id", sa.Integer, primary_key=True))
    conn.execute(sa.text("ALTER TABLE cycles ADD COLUMN deadline " + sa.DateTime().compile(dialect=conn.dialect)))
    contacts = sa.Table(
        "employee_contacts", metadata,
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, server_default=""),
        sa.Column("phone", sa.String(20), nullable=False, server_default=""),
    )
    vault = sa.Table(
        "link_vault", metadata,
        sa.Column("link_id", sa.Integer, sa.ForeignKey("rater_links.id"), primary_key=True),
        sa.Column("token_enc", sa.Text, nullable=False),
    )
    outbox = sa.Table(
        "outbox", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("cycle_id", "employee_id", "channel", "seq", name="outbox_once"),
    )
    for table in (contacts, vault, outbox):
        table.create(conn)


def _step5(conn) -> None:
    """Version 5: closing a cycle -- ``org_predikat`` (appended; newest per cycle and unit in
    force), ``publications`` (versioned snapshots of published results) and ``keberatan``."""
    metadata = sa.MetaData()
    sa.Table("cycles", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("employees", metadata, sa.Column("id", sa.Integer, primary_key=True))
    org = sa.Table(
        "org_predikat", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("unit", sa.String(500), nullable=False, server_default=""),
        sa.Column("predikat", sa.String(30), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    pub = sa.Table(
        "publications", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("keberatan_days", sa.Integer, nullable=False),
        sa.Column("decision_days", sa.Integer, nullable=False),
        sa.Column("snapshot_json", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("cycle_id", "version"),
    )
    keb = sa.Table(
        "keberatan", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("penilai_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=True),
        sa.Column("atasan_penilai_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=True),
        sa.Column("predikat_awal", sa.String(30), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("filed_at", sa.DateTime, nullable=False),
        sa.Column("filed_by", sa.String(100), nullable=False),
        sa.Column("decide_by", sa.Date, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("explanation", sa.Text, nullable=True),
        sa.Column("explained_by", sa.String(100), nullable=True),
        sa.Column("explained_at", sa.DateTime, nullable=True),
        sa.Column("decision", sa.String(10), nullable=True),
        sa.Column("predikat_akhir", sa.String(30), nullable=True),
        sa.Column("decision_reason", sa.Text, nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.DateTime, nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.UniqueConstraint("cycle_id", "employee_id"),
        sa.CheckConstraint("status in ('diajukan', 'dijelaskan', 'diputuskan')", name="keberatan_status"),
    )
    for table in (org, pub, keb):
        table.create(conn)



def _step6(conn) -> None:
    """Version 6: ``cycle_members``, each person's unit and jabatan when a cycle's assignments
    were drawn (trends follow a NIP across a mutasi)."""
    metadata = sa.MetaData()
    sa.Table("cycles", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("employees", metadata, sa.Column("id", sa.Integer, primary_key=True))
    table = sa.Table(
        "cycle_members", metadata,
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), primary_key=True),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), primary_key=True),
        sa.Column("unit_path", sa.String(500), nullable=False),
        sa.Column("jabatan", sa.String(300), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    table.create(conn)


_RELATIONSHIP_V1 = "relationship in ('self', 'supervisor', 'peer', 'subordinate')"
_RELATIONSHIP_V7 = "relationship in ('self', 'supervisor', 'peer', 'subordinate', 'stakeholder')"
_RATER_OR_STAKEHOLDER = "(rater_id IS NULL) = (stakeholder_id IS NOT NULL)"
_STAKEHOLDER_KIND = "(relationship = 'stakeholder') = (stakeholder_id IS NOT NULL)"


def _step7(conn) -> None:
    """Version 7: ``stakeholders`` (raters outside the roster, pemangku kepentingan) and their
    assignments: ``assignments.stakeholder_id``, ``rater_id`` nullable, relationship
    ``'stakeholder'`` allowed, exactly one of rater_id / stakeholder_id.

    PostgreSQL alters the constraints in place.  SQLite cannot alter a CHECK constraint, and
    rebuilding ``assignments`` (create a copy, drop, rename) fails inside the migration's
    transaction with foreign keys on (``responses`` references it and PRAGMA foreign_keys
    cannot change inside a transaction); so the table's stored definition is rewritten in
    place, the procedure of the SQLite manual for changing or removing CHECK and NOT NULL
    constraints ("ALTER TABLE", section 7: ``writable_schema``, then ``schema_version`` + 1).
    Every existing row satisfies the new constraints (all have a rater, none a stakeholder).
    """
    metadata = sa.MetaData()
    sa.Table("cycles", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("employees", metadata, sa.Column("id", sa.Integer, primary_key=True))
    table = sa.Table(
        "stakeholders", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("ratee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(300), nullable=False, server_default=""),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )
    sa.Index("ix_stakeholders_cycle", table.c.cycle_id, table.c.ratee_id)
    table.create(conn)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ALTER TABLE assignments ADD COLUMN stakeholder_id INTEGER REFERENCES stakeholders (id)")
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'assignments'").scalar()
        new = sql
        for old, repl in ((_RELATIONSHIP_V1, _RELATIONSHIP_V7), ("rater_id INTEGER NOT NULL", "rater_id INTEGER")):
            if new.count(old) != 1:
                raise RuntimeError(f"migration 7: unexpected assignments definition (no single {old!r})")
            new = new.replace(old, repl)
        new = new.rstrip().rstrip(")").rstrip() + (f", \n\tCONSTRAINT rater_or_stakeholder CHECK ({_RATER_OR_STAKEHOLDER})"
                                                  f", \n\tCONSTRAINT stakeholder_kind CHECK ({_STAKEHOLDER_KIND})\n)")
        version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
        conn.exec_driver_sql("PRAGMA writable_schema = ON")
        try:
            conn.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'assignments'",
                                 (new,))
            conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            conn.exec_driver_sql("PRAGMA writable_schema = OFF")
        bad = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        if bad != "ok":
            raise RuntimeError(f"migration 7: integrity check failed: {bad}")
    else:
        conn.execute(sa.text("ALTER TABLE assignments ADD COLUMN stakeholder_id INTEGER REFERENCES stakeholders (id)"))
        conn.execute(sa.text("ALTER TABLE assignments ALTER COLUMN rater_id DROP NOT NULL"))
        conn.execute(sa.text("ALTER TABLE assignments DROP CONSTRAINT relationship_kind"))
        conn.execute(sa.text(f"ALTER TABLE assignments ADD CONSTRAINT relationship_kind CHECK ({_RELATIONSHIP_V7})"))
        conn.execute(sa.text(f"ALTER TABLE assignments ADD CONSTRAINT rater_or_stakeholder "
                             f"CHECK ({_RATER_OR_STAKEHOLDER})"))
        conn.execute(sa.text(f"ALTER TABLE assignments ADD CONSTRAINT stakeholder_kind CHECK ({_STAKEHOLDER_KIND})"))


def _step8(conn) -> None:
    """Version 8: ``dev_dialogs`` and ``dev_actions`` (dialog kinerja and development plans,
    each dialog with a supervisor's and an employee's link) and ``settings`` (key -> text)."""
    metadata = sa.MetaData()
    sa.Table("cycles", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("employees", metadata, sa.Column("id", sa.Integer, primary_key=True))
    dialogs = sa.Table(
        "dev_dialogs", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("supervisor_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("supervisor_token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("employee_token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("held_on", sa.Date, nullable=True),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("employee_note", sa.Text, nullable=False, server_default=""),
        sa.Column("acknowledged_at", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("cycle_id", "employee_id"),
    )
    actions = sa.Table(
        "dev_actions", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dialog_id", sa.Integer, sa.ForeignKey("dev_dialogs.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("competency", sa.String(50), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("dialog_id", "position"),
        sa.CheckConstraint("kind in ('pelatihan', 'coaching', 'mentoring', 'penugasan')", name="action_kind"),
        sa.CheckConstraint("status in ('direncanakan', 'berjalan', 'selesai', 'batal')", name="action_status"),
    )
    settings = sa.Table(
        "settings", metadata,
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    for table in (dialogs, actions, settings):
        table.create(conn)


def _step9(conn) -> None:
    """Version 9: ``feedback_notes`` and ``feedback_versions`` (continuous feedback; an edit
    appends a version, nothing is overwritten)."""
    metadata = sa.MetaData()
    sa.Table("cycles", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("employees", metadata, sa.Column("id", sa.Integer, primary_key=True))
    notes = sa.Table(
        "feedback_notes", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("author_role", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("author_role in ('supervisor', 'peer')", name="feedback_author_role"),
    )
    sa.Index("ix_feedback_notes_employee", notes.c.cycle_id, notes.c.employee_id)
    versions = sa.Table(
        "feedback_versions", metadata,
        sa.Column("note_id", sa.Integer, sa.ForeignKey("feedback_notes.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("value_code", sa.String(50), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    notes.create(conn)
    versions.create(conn)


def _step10(conn) -> None:
    """Version 10: ``export_log`` (every file of personal data written: who, what, when, how many
    people; UU 27/2022 Pelindungan Data Pribadi)."""
    metadata = sa.MetaData()
    sa.Table(
        "export_log", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("what", sa.String(100), nullable=False),
        sa.Column("target", sa.Text, nullable=False, server_default=""),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("detail_json", sa.Text, nullable=False, server_default="{}"),
    ).create(conn)


def _step11(conn) -> None:
    """Version 11: ``accounts`` (who logs in to the admin app, the calibration view and the
    dashboard: username, display name, roles, an argon2id password hash, active, when created /
    disabled and by whom)."""
    metadata = sa.MetaData()
    sa.Table(
        "accounts", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("roles", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=True),
        sa.Column("disabled_at", sa.DateTime, nullable=True),
    ).create(conn)


MIGRATIONS = {1: _step1, 2: _step2, 3: _step3, 4: _step4, 5: _step5, 6: _step6, 7: _step7, 8: _step8, 9: _step9,
              10: _step10, 11: _step11}
