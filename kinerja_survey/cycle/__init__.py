"""The use cases of a survey cycle: the one layer every front end calls.

The CLI, the admin app, the dashboard, the reports and the exports do not assemble anything
themselves: they call these functions, which read and write through a ``Store`` and put a
cycle's results together once (``load_results``).  The flow of a cycle::

    import_roster(store, "pegawai.xlsx", actor="budi")        # collect: roster
    cid = create_cycle(store, "Perilaku 2026", "2026-01-01", "2026-12-31", actor="budi")
    made = assign(store, cid, seed=2026, actor="budi")        # assignments + personal links
    open_cycle(store, cid, actor="budi")                      # raters answer in the rater app
    close_cycle(store, cid, actor="budi")
    results = load_results(store, cid)                        # scores, predikat (overrides applied), ...
    export_workbook(results, "hasil.xlsx")
    write_reports(results, "laporan/", unit="BKD / Bidang Mutasi")

The package is one layer split by concern; the use cases are re-exported here:

``core``          roster, cycles, assignments and links, and a cycle's results (``load_results``)
``hr``            HR operations on a running cycle: deadlines, changes mid-cycle, review, reminders
``vault``         personal links kept encrypted so that reminders can carry them
``calibration``   closing a cycle: hasil kerja, organisation predikat, calibration, publication
``keberatan``     keberatan (objection) to a published predikat
``periods``       periods: a cycle made from the previous one, trends, the talent pool
``development``   dialog kinerja, development plans, training needs, the suggestion library
``stakeholders``  stakeholder raters (*pemangku kepentingan*) from outside the roster
``national``      the anonymised national file (``ekspor-anonim``) and the pooled analysis of many agencies
``feedback``      continuous feedback: the counts of notes and the peer-notes setting
``privacy``       personal data (UU 27/2022): access export, correction, retention, the export log
``timing``        warnings before a step whose moment does not fit (closing early, a period far off)
``outputs``       the outputs of the use cases in the output registry (``present.registry``): kind, command,
                  app downloads
``accounts``      accounts and roles of the private apps: who may open which app, the CLI's actor
                  (used as a module: ``from kinerja_survey.cycle import accounts``)

``actor`` is the person acting (an account name, never a constant such as "cli"): it goes to the
audit log.  Personal links are built by one rule, :func:`link_url`.
"""

from .core import (DEFAULT_RATER_URL, PER_RATEE_RELIABILITY, RATER_URL_ENV, Assigned, CycleError, CycleResults,
                   ProvisionalError, status_text,
                   analysis_tables, assign, close_cycle, create_cycle, cycle_ratings, cycle_title, export_workbook, fairness_tables,
                   import_roster, info_table, latest_cycle_with_results, link_url, links_with_urls, load_results,
                   meeting_min_group, open_cycle, per_ratee_reliability, rater_url, reissue_links, score_table,
                   set_status, write_reports, write_tables_to, distribution_tables)
# the public address of the links (issue 21)
from .core import (CYCLE_ADDRESS_SETTING, PUBLIC_ADDRESS_SETTING, address_source, check_address, is_loopback,
                   link_base, public_address, set_public_address)

# closing a cycle: hasil kerja, organisation predikat, calibration, publication, keberatan
from .calibration import (DECISION_DAYS, KEBERATAN_DAYS, CalibrationState, HasilKerjaImport, PublishCheck,
                          apply_published, has_predikat, hasil_kerja_missing, no_predikat_reason, import_hasil_kerja, is_published, org_predikat,
                          org_predikat_or_default, publish, publish_check, published_people, result_status,
                          set_org_predikat, left_out_of_grid)
from .keberatan import (add_working_days, decide_keberatan, explain_keberatan, file_keberatan, keberatan_deadline,
                        keberatan_status)

# periods, stakeholders, development (issue 15)
from .periods import (FINISHED, PERIOD_KINDS, TALENT_CRITERIA, NextCycle, TalentPool, create_next_cycle,
                      export_talent_pool, export_trends, next_period, period_kind, talent_pool, trend_cycles,
                      trend_tables, unit_trend_table)
from .stakeholders import STAKEHOLDER_COLUMNS, add_stakeholders
from .feedback import feedback_summary, peer_feedback_enabled, set_peer_feedback
from .development import (SUGGESTIONS_SETTING, action_progress, current_suggestions, export_training_needs,
                          import_suggestions,
                          issue_dialog_links, suggested_actions, training_needs)

__all__ = [
    "DECISION_DAYS", "KEBERATAN_DAYS", "CalibrationState", "HasilKerjaImport", "hasil_kerja_missing",
    "import_hasil_kerja", "is_published", "left_out_of_grid", "org_predikat", "org_predikat_or_default", "publish", "published_people",
    "result_status", "set_org_predikat", "PublishCheck", "publish_check", "apply_published", "has_predikat", "no_predikat_reason", "add_working_days", "decide_keberatan", "explain_keberatan",
    "file_keberatan", "keberatan_deadline", "keberatan_status",
    "DEFAULT_RATER_URL", "RATER_URL_ENV", "Assigned", "CycleError", "CycleResults", "analysis_tables", "assign",
    "close_cycle", "create_cycle", "cycle_ratings", "cycle_title", "distribution_tables", "export_workbook", "fairness_tables", "import_roster", "link_url",
    "links_with_urls", "load_results", "open_cycle", "rater_url", "reissue_links", "score_table", "set_status",
    "write_reports", "ProvisionalError", "info_table", "latest_cycle_with_results", "meeting_min_group",
    "per_ratee_reliability", "write_tables_to", "PER_RATEE_RELIABILITY", "status_text",
]

# HR operations (issue 13): deadlines, safe roster/assignment runs, mid-cycle changes, review, reminders
from . import hr  # noqa: E402
from .hr import (  # noqa: E402
    AssignPreview, ConfirmationRequired, CoverageReview, ReminderPolicy, assign_options, coverage_review, RosterPreview, SmtpConfig, add_rater, assign_checked,
    deadline_info, deadline_line, describe_change, due_messages, extend_deadline, import_roster_checked,
    outbox_table, pending_table, percent, preview_assign, preview_roster, reissue_link, remove_rater, reopen_cycle, replace_rater,
    review_change, review_locked, review_table, revoke_link, send_email, whatsapp_messages, whatsapp_url)

__all__ += [
    "hr", "AssignPreview", "ConfirmationRequired", "CoverageReview", "assign_options", "coverage_review", "ReminderPolicy", "RosterPreview", "SmtpConfig", "add_rater",
    "assign_checked", "deadline_info", "deadline_line", "describe_change", "due_messages", "extend_deadline",
    "import_roster_checked", "outbox_table", "pending_table", "percent", "preview_assign", "preview_roster", "reissue_link",
    "remove_rater", "reopen_cycle", "replace_rater", "review_change", "review_locked", "review_table",
    "revoke_link", "send_email", "whatsapp_messages", "whatsapp_url",
    # periods
    "FINISHED", "NextCycle", "PERIOD_KINDS", "TALENT_CRITERIA", "TalentPool", "create_next_cycle",
    "export_talent_pool", "export_trends", "next_period", "period_kind", "talent_pool", "trend_cycles", "trend_tables", "unit_trend_table",
    # stakeholders
    "STAKEHOLDER_COLUMNS", "add_stakeholders",
    # continuous feedback
    "feedback_summary", "peer_feedback_enabled", "set_peer_feedback",
    # development
    "SUGGESTIONS_SETTING", "action_progress", "current_suggestions", "export_training_needs", "import_suggestions", "issue_dialog_links", "suggested_actions",
    "training_needs",
]

# personal data (issue 27): access, correction, retention, export log
from . import privacy  # noqa: E402
from .privacy import (  # noqa: E402
    apply_retention, correct_personal_data, export_log_frame, export_personal_data, last_backup, personal_data,
    preview_retention, record_export, retention_years, set_retention_years)

__all__ += ["privacy", "apply_retention", "correct_personal_data", "export_log_frame", "export_personal_data",
            "last_backup", "personal_data", "preview_retention", "record_export", "retention_years",
            "set_retention_years"]

# warnings before a step whose moment does not fit today (issue 21)
from .timing import (FUTURE_DAYS, PAST_DAYS, close_warning, cycle_period_warning, local_today,  # noqa: E402
                     period_warning, status_warning)

__all__ += ["CYCLE_ADDRESS_SETTING", "PUBLIC_ADDRESS_SETTING", "address_source", "check_address", "is_loopback",
            "link_base", "public_address", "set_public_address",
            "FUTURE_DAYS", "PAST_DAYS", "close_warning", "cycle_period_warning", "local_today", "period_warning",
            "status_warning"]

# the output registry (issue 22): every output of the use cases, with its kind
from . import outputs  # noqa: E402,F401
