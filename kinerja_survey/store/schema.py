"""The survey database's tables, as they are at the current schema version.

Queries use these definitions; ``migrations`` creates them step by step from frozen per-step
definitions, and ``tests/test_store.py`` checks that a migrated database has exactly these
tables and columns.

Tables: ``units``, ``employees``, ``instruments`` / ``competencies`` / ``items``, ``cycles``,
``rater_links`` (one personal link per rater per cycle, stored as a SHA-256 hash only),
``assignments`` (rater, ratee, relationship), ``responses`` with ``answers`` and
``response_comments``, ``hasil_kerja`` (the work-results rating used for the predikat),
``audit_log`` and (version 2) ``predikat_overrides``.  Version 3 adds ``cycles.hr_contact``,
``instruments.not_applicable_json`` (which relationships may answer "cannot assess"),
``responses.version`` (bumped by every save: a stale copy cannot overwrite newer answers) and
``responses.declined_reason`` (a whole form declined), and lets an answer be *not applicable*
(``answers.value`` NULL with ``answers.not_applicable`` true). Version 5 (closing a cycle) adds
``org_predikat``, ``publications`` (versioned result snapshots) and ``keberatan``.
Version 6 adds ``cycle_members`` (each person's unit and jabatan when the cycle's assignments
were drawn, so trends follow a NIP across a mutasi), version 7 ``stakeholders`` (raters outside the
roster, *pemangku kepentingan*, each with a link of their own; their assignments have
``stakeholder_id`` instead of ``rater_id``), version 8 ``dev_dialogs`` / ``dev_actions`` (dialog
kinerja and the development plan, through the supervisor's and the employee's own links) and
``settings`` (HR's suggestion library), and version 9 ``feedback_notes`` / ``feedback_versions``
(continuous feedback during the period, every edit kept).  Version 10 adds ``export_log`` and
version 11 ``accounts`` (the people who log in to the private apps: username, roles, an argon2
password hash, never the password).
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 11
CYCLE_STATUSES = ("draft", "open", "closed")
MAX_COMMENT_CHARS = 4000

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)
units = sa.Table(
    "units", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("path", sa.String(500), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
)
employees = sa.Table(
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
instruments = sa.Table(
    "instruments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(50), nullable=False),
    sa.Column("name_json", sa.Text, nullable=False),
    sa.Column("scale_low", sa.Integer, nullable=False),
    sa.Column("scale_high", sa.Integer, nullable=False),
    sa.Column("labels_json", sa.Text, nullable=False),
    sa.Column("require_overall_comment", sa.Boolean, nullable=False),
    sa.Column("not_applicable_json", sa.Text, nullable=True),
)
competencies = sa.Table(
    "competencies", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
    sa.Column("code", sa.String(50), nullable=False),
    sa.Column("name_json", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.UniqueConstraint("instrument_id", "code"),
)
items = sa.Table(
    "items", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
    sa.Column("competency_id", sa.Integer, sa.ForeignKey("competencies.id"), nullable=False),
    sa.Column("code", sa.String(50), nullable=False),
    sa.Column("text_json", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.UniqueConstraint("instrument_id", "code"),
)
cycles = sa.Table(
    "cycles", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    sa.Column("hr_contact", sa.Text, nullable=True),
    sa.CheckConstraint("status in ('draft', 'open', 'closed')", name="cycle_status"),
    # version 4 (HR operations): the moment (UTC) after which answers are refused; NULL: end of period_end
    sa.Column("deadline", sa.DateTime, nullable=True),
)
rater_links = sa.Table(
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
    sa.Column("rater_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=True),  # NULL: a stakeholder
    sa.Column("ratee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
    sa.Column("relationship", sa.String(12), nullable=False),
    sa.Column("stakeholder_id", sa.Integer, sa.ForeignKey("stakeholders.id"), nullable=True),
    sa.UniqueConstraint("cycle_id", "rater_id", "ratee_id"),
    sa.CheckConstraint("relationship in ('self', 'supervisor', 'peer', 'subordinate', 'stakeholder')",
                       name="relationship_kind"),
    sa.CheckConstraint("(rater_id IS NULL) = (stakeholder_id IS NOT NULL)", name="rater_or_stakeholder"),
    sa.CheckConstraint("(relationship = 'stakeholder') = (stakeholder_id IS NOT NULL)", name="stakeholder_kind"),
)
responses = sa.Table(
    "responses", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False, unique=True),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("overall_comment", sa.Text, nullable=False, server_default=""),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("submitted_at", sa.DateTime, nullable=True),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("declined_reason", sa.Text, nullable=True),
    sa.CheckConstraint("status in ('draft', 'submitted')", name="response_status"),
)
answers = sa.Table(
    "answers", metadata,
    sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id"), primary_key=True),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), primary_key=True),
    sa.Column("value", sa.Integer, nullable=True),
    sa.Column("not_applicable", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.CheckConstraint("(not_applicable AND value IS NULL) OR (NOT not_applicable AND value IS NOT NULL)",
                       name="answer_value_or_na"),
)
response_comments = sa.Table(
    "response_comments", metadata,
    sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id"), primary_key=True),
    sa.Column("competency_id", sa.Integer, sa.ForeignKey("competencies.id"), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
)
hasil_kerja = sa.Table(
    "hasil_kerja", metadata,
    sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), primary_key=True),
    sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), primary_key=True),
    sa.Column("rating", sa.String(30), nullable=False),
    sa.Column("source", sa.String(30), nullable=False),
)
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("detail_json", sa.Text, nullable=False),
)
sa.Index("ix_assignments_rater", assignments.c.cycle_id, assignments.c.rater_id)

predikat_overrides = sa.Table(
    "predikat_overrides", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
    sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
    sa.Column("predikat", sa.String(30), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)
sa.Index("ix_predikat_overrides_cycle", predikat_overrides.c.cycle_id, predikat_overrides.c.employee_id)
sa.Index("ix_assignments_ratee", assignments.c.cycle_id, assignments.c.ratee_id)

# --- version 4: HR operations (contacts, the link vault, the outbox of invitations and reminders) ---
employee_contacts = sa.Table(
    "employee_contacts", metadata,
    sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, server_default=""),
    sa.Column("phone", sa.String(20), nullable=False, server_default=""),
)
link_vault = sa.Table(
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
# -- version 5: closing a cycle (organisation predikat, publication snapshots, keberatan) ----------
org_predikat = sa.Table(
    "org_predikat", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
    sa.Column("unit", sa.String(500), nullable=False, server_default=""),  # "" = the whole organisation
    sa.Column("predikat", sa.String(30), nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)
publications = sa.Table(
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
keberatan = sa.Table(
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

# --- version 6: the roster as it was in each cycle (trends follow a NIP across a mutasi) ------
cycle_members = sa.Table(
    "cycle_members", metadata,
    sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), primary_key=True),
    sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), primary_key=True),
    sa.Column("unit_path", sa.String(500), nullable=False),
    sa.Column("jabatan", sa.String(300), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)

# --- version 7: stakeholders, raters outside the roster, each with a link of their own --------
stakeholders = sa.Table(
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
sa.Index("ix_stakeholders_cycle", stakeholders.c.cycle_id, stakeholders.c.ratee_id)

# --- version 8: dialog kinerja, development plans, HR settings ---------------------------------
ACTION_KINDS = ("pelatihan", "coaching", "mentoring", "penugasan")
ACTION_STATUSES = ("direncanakan", "berjalan", "selesai", "batal")

dev_dialogs = sa.Table(
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
dev_actions = sa.Table(
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

# --- version 9: continuous feedback, short notes during the period, every edit a new version ---
feedback_notes = sa.Table(
    "feedback_notes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
    sa.Column("employee_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("employees.id"), nullable=False),
    sa.Column("author_role", sa.String(12), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("author_role in ('supervisor', 'peer')", name="feedback_author_role"),
)
sa.Index("ix_feedback_notes_employee", feedback_notes.c.cycle_id, feedback_notes.c.employee_id)
feedback_versions = sa.Table(
    "feedback_versions", metadata,
    sa.Column("note_id", sa.Integer, sa.ForeignKey("feedback_notes.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("value_code", sa.String(50), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)

# --- version 10: the export log (UU 27/2022 Pelindungan Data Pribadi: who exported what, when, for how many) ---
export_log = sa.Table(
    "export_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("what", sa.String(100), nullable=False),
    sa.Column("target", sa.Text, nullable=False, server_default=""),
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("detail_json", sa.Text, nullable=False, server_default="{}"),
)

# --- version 11: accounts of the private apps (admin, calibration, dashboard) --------------------
#: the roles an account may hold: operator kepegawaian (admin app), Tim Penilai Kinerja
#: (calibration), pimpinan (dashboard and meeting mode, read only), analis (fairness exports)
ACCOUNT_ROLES = ("operator", "tim", "pimpinan", "analis")

accounts = sa.Table(
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
)
