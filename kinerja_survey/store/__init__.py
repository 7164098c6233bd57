"""Storing: the survey database (SQLite by default, PostgreSQL for many users).

The ``Store`` (``core``) is a façade over parts, each in its own module and each built with the
shared ``Database`` and the parts it needs (nothing probes another part or calls its private
methods):

* ``core``: ``Store``, handing each public method to its part
* ``database``: ``Database``, the engine, transactions, schema migration, audit log and the clock
  (``Store(url, clock=...)``)
* ``common``: the helpers every part shares: ``clean_text``, the reason rule
  (``require_reason``), the actor rule (``require_actor``), tokens, cycle and employee lookups
* ``cycles``: roster import (a parsed frame), cycles, instruments, assignments and links,
  hasil kerja, predikat overrides
* ``responses``: the rater's side (link, tasks, load / save / submit / decline a form)
* ``ratings``: the one ratings query (with options) and the other analysis views
* ``hr``: deadlines, mid-cycle changes, contacts, link vault, outbox
* ``calibration``: organisation predikat, publication, keberatan
* ``periods``: roster snapshots per cycle
* ``development``: dialog kinerja, development actions, settings
* ``feedback``: continuous feedback notes
* ``stakeholders``: stakeholder raters (pemangku kepentingan)
* ``accounts``: accounts of the private apps (argon2id password hashes, roles)
* ``backup``: backup files (a manifest with row counts and a checksum), restore, and the
  backup taken before a database is migrated
* ``schema``: the tables as they are now; ``migrations``: the frozen per-version steps
* ``errors``: the ``StoreError`` family with messages for people
* ``_lazy``: pandas imported on first use (the rater's kernel never loads it)

Everything public is re-exported here::

    from kinerja_survey.store import Store, StoreError
"""

from .accounts import AccountsPart, check_username
from .common import (
                     MAX_REASON_CHARS,
                     MIN_REASON_CHARS,
                     require_actor,
                     require_reason,
                     utc_now,
)
from .core import (
                     DEFAULT_DB_ENV,
                     NOT_APPLICABLE,
                     RaterSession,
                     Store,
                     clean_text,
                     default_url,
                     hash_token,
                     new_token,
)
from .database import Database
from .errors import (
                     AccessDenied,
                     IncompleteResponse,
                     ResponseLocked,
                     StaleResponse,
                     StoreError,
                     StoreFileGone,
                     StoreFull,
                     StoreReadOnly,
                     StoreUnavailable,
)
from .hr import (
                     DeadlinePassed,
                     HRPart,
                     deadline_of,
                     end_of_day_utc,
                     format_deadline,
                     local_time,
                     zone_name,
)
from .migrations import MIGRATIONS
from .schema import (
                     ACCOUNT_ROLES,
                     CYCLE_STATUSES,
                     MAX_COMMENT_CHARS,
                     SCHEMA_VERSION,
                     accounts,
                     answers,
                     assignments,
                     audit_log,
                     competencies,
                     cycle_members,
                     cycles,
                     dev_actions,
                     dev_dialogs,
                     employee_contacts,
                     export_log,
                     employees,
                     feedback_notes,
                     feedback_versions,
                     hasil_kerja,
                     instruments,
                     items,
                     keberatan,
                     link_vault,
                     metadata,
                     org_predikat,
                     outbox,
                     predikat_overrides,
                     publications,
                     rater_links,
                     response_comments,
                     responses,
                     schema_version,
                     settings,
                     stakeholders,
                     units,
)

__all__ = [
                     "CYCLE_STATUSES",
                     "DEFAULT_DB_ENV",
                     "MAX_COMMENT_CHARS",
                     "MIGRATIONS",
                     "NOT_APPLICABLE",
                     "SCHEMA_VERSION",
                     "AccessDenied",
                     "IncompleteResponse",
                     "RaterSession",
                     "ResponseLocked",
                     "StaleResponse",
                     "Store",
                     "StoreError",
                     "StoreFileGone",
                     "StoreFull",
                     "StoreReadOnly",
                     "StoreUnavailable",
                     "answers",
                     "assignments",
                     "audit_log",
                     "clean_text",
                     "competencies",
                     "cycle_members",
                     "cycles",
                     "default_url",
                     "dev_actions",
                     "dev_dialogs",
                     "employees",
                     "export_log",
                     "feedback_notes",
                     "feedback_versions",
                     "hash_token",
                     "hasil_kerja",
                     "instruments",
                     "items",
                     "keberatan",
                     "metadata",
                     "new_token",
                     "org_predikat",
                     "predikat_overrides",
                     "publications",
                     "rater_links",
                     "response_comments",
                     "responses",
                     "schema_version",
                     "settings",
                     "stakeholders",
                     "units",
]
# HR operations (store.hr)
__all__ += ["DeadlinePassed", "HRPart", "deadline_of", "employee_contacts", "end_of_day_utc", "format_deadline",
            "link_vault", "local_time", "outbox", "zone_name"]
# the shared pieces (store.common, store.database)
__all__ += ["MAX_REASON_CHARS", "MIN_REASON_CHARS", "Database", "require_actor", "require_reason", "utc_now"]
# accounts of the private apps (store.accounts)
__all__ += ["ACCOUNT_ROLES", "AccountsPart", "accounts", "check_username"]
