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
    """Version 3: ``cycle_members``, each person's unit and jabatan when a cycle's assignments
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


MIGRATIONS = {1: _step1, 2: _step2, 3: _step3}
