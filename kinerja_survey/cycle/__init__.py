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

The package is one layer split by concern: ``core`` (roster, cycles, assignments, links,
results); later concerns (calibration and publishing, HR operations, periods) live in sibling
modules and are re-exported here.  ``actor`` is the person acting (an account name, never a
constant such as "cli"): it goes to the audit log.  Personal links are built by one rule, :func:`link_url`.
"""

from .core import (DEFAULT_RATER_URL, RATER_URL_ENV, Assigned, CycleError, CycleResults, analysis_tables, assign,
                   close_cycle, create_cycle, cycle_title, export_workbook, fairness_tables, import_roster, link_url,
                   links_with_urls, load_results, open_cycle, rater_url, reissue_links, score_table, set_status,
                   write_reports)
from .periods import (FINISHED, PERIOD_KINDS, TALENT_CRITERIA, NextCycle, TalentPool, create_next_cycle,
                      export_talent_pool, export_trends, next_period, period_kind, talent_pool, trend_cycles,
                      trend_tables)
from .stakeholders import STAKEHOLDER_COLUMNS, add_stakeholders
from .development import (DEFAULT_DIALOG_URL, DIALOG_URL_ENV, SUGGESTIONS_SETTING, action_progress,
                          current_suggestions, dialog_url, export_training_needs, import_suggestions,
                          issue_dialog_links, suggested_actions, training_needs)

__all__ = [
    "DEFAULT_RATER_URL", "RATER_URL_ENV", "Assigned", "CycleError", "CycleResults", "analysis_tables", "assign",
    "close_cycle", "create_cycle", "cycle_title", "export_workbook", "fairness_tables", "import_roster", "link_url",
    "links_with_urls", "load_results", "open_cycle", "rater_url", "reissue_links", "score_table", "set_status",
    "write_reports",
    # periods
    "FINISHED", "NextCycle", "PERIOD_KINDS", "TALENT_CRITERIA", "TalentPool", "create_next_cycle",
    "export_talent_pool", "export_trends", "next_period", "period_kind", "talent_pool", "trend_cycles", "trend_tables",
    # stakeholders
    "STAKEHOLDER_COLUMNS", "add_stakeholders",
    # development
    "DEFAULT_DIALOG_URL", "DIALOG_URL_ENV", "SUGGESTIONS_SETTING", "action_progress", "current_suggestions",
    "dialog_url", "export_training_needs", "import_suggestions", "issue_dialog_links", "suggested_actions",
    "training_needs",
]
