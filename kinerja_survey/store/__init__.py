"""Storing: the survey database (SQLite by default, PostgreSQL for many users).

``schema`` holds the tables as they are now, ``migrations`` the frozen per-version steps,
``errors`` the ``StoreError`` family with messages for people, and ``core`` the ``Store`` whose
methods each run in one transaction.  ``backup`` writes and restores backup files (a manifest with
row counts and a checksum) and backs a database up before it is migrated.  Everything public is re-exported here::

    from kinerja_survey.store import Store, StoreError
"""

from .core import DEFAULT_DB_ENV, NOT_APPLICABLE, RaterSession, Store, clean_text, default_url, hash_token, new_token
from .errors import (AccessDenied, IncompleteResponse, ResponseLocked, StaleResponse, StoreError, StoreFileGone,
                     StoreFull, StoreReadOnly, StoreUnavailable)
from .hr import DeadlinePassed, HRMixin, deadline_of, end_of_day_utc, format_deadline, local_time, zone_name
from .migrations import MIGRATIONS
from .schema import (
                     CYCLE_STATUSES,
                     MAX_COMMENT_CHARS,
                     SCHEMA_VERSION,
                     answers,
                     assignments,
                     audit_log,
                     competencies,
                     cycle_members,
                     cycles,
                     dev_actions,
                     dev_dialogs,
                     feedback_notes,
                     feedback_versions,
                     employees,
                     hasil_kerja,
                     instruments,
                     items,
                     keberatan,
                     org_predikat,
                     publications,
                     metadata,
                     predikat_overrides,
                     rater_links,
                     response_comments,
                     responses,
                     schema_version,
                     settings,
                     stakeholders,
                     units,
)
from .schema import employee_contacts, export_log, link_vault, outbox

__all__ = [
    "AccessDenied", "CYCLE_STATUSES", "DEFAULT_DB_ENV", "IncompleteResponse", "MAX_COMMENT_CHARS", "MIGRATIONS",
    "NOT_APPLICABLE", "RaterSession", "ResponseLocked", "SCHEMA_VERSION", "StaleResponse", "Store", "StoreError",
    "StoreFileGone", "StoreFull", "StoreReadOnly",
    "StoreUnavailable", "answers", "assignments", "audit_log", "clean_text", "competencies", "cycles",
    "default_url", "employees", "hash_token", "hasil_kerja", "instruments", "items", "keberatan", "metadata", "new_token",
    "org_predikat", "predikat_overrides", "publications", "rater_links", "response_comments", "responses", "schema_version", "units",
    "cycle_members", "dev_actions", "dev_dialogs", "feedback_notes", "feedback_versions", "settings", "stakeholders",
    "export_log",
]
# HR operations (store.hr)
__all__ += ["DeadlinePassed", "HRMixin", "deadline_of", "employee_contacts", "end_of_day_utc", "format_deadline",
            "link_vault", "local_time", "outbox", "zone_name"]
