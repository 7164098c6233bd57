"""Storing: the survey database (SQLite by default, PostgreSQL for many users).

``schema`` holds the tables as they are now, ``migrations`` the frozen per-version steps,
``errors`` the ``StoreError`` family with messages for people, and ``core`` the ``Store`` whose
methods each run in one transaction.  Everything public is re-exported here::

    from kinerja_survey.store import Store, StoreError
"""

from .core import (
                     DEFAULT_DB_ENV,
                     RaterSession,
                     Store,
                     clean_text,
                     default_url,
                     hash_token,
                     new_token,
)
from .errors import (
                     AccessDenied,
                     IncompleteResponse,
                     ResponseLocked,
                     StoreError,
                     StoreFull,
                     StoreReadOnly,
                     StoreUnavailable,
)
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

__all__ = [
    "AccessDenied", "CYCLE_STATUSES", "DEFAULT_DB_ENV", "IncompleteResponse", "MAX_COMMENT_CHARS", "MIGRATIONS",
    "RaterSession", "ResponseLocked", "SCHEMA_VERSION", "Store", "StoreError", "StoreFull", "StoreReadOnly",
    "StoreUnavailable", "answers", "assignments", "audit_log", "clean_text", "competencies", "cycle_members", "cycles", "dev_actions", "dev_dialogs", "feedback_notes", "feedback_versions",
    "default_url", "employees", "hash_token", "hasil_kerja", "instruments", "items", "metadata", "new_token",
    "predikat_overrides", "rater_links", "response_comments", "responses", "schema_version", "settings", "stakeholders", "units",
]
