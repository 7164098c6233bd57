"""Store errors: every refusal and database fault reaches a person as a ``StoreError`` whose
message is ready to show (Bahasa Indonesia by default, English with ``message("en")``; the texts
are in ``kinerja_survey/locale/store.py``).

Database faults are translated from the driver's exception by ``translate_db_error`` (an engine
``handle_error`` hook): ``StoreUnavailable`` (busy/locked past ``busy_timeout``, server
unreachable), ``StoreReadOnly`` and ``StoreFull``; the failed transaction left nothing behind.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import KinerjaError


class StoreError(KinerjaError):
    """A store operation was refused; ``str(exc)`` is ready to show (Bahasa Indonesia), ``exc.message("en")``
    in English.  ``StoreError(key, **fields)`` with a key of ``locale/store.py``."""

    @classmethod
    def from_error(cls, err: KinerjaError) -> StoreError:
        """The same message (key and fields) as a ``StoreError``, e.g. for a ``vocab.LabelError``."""
        return cls(err.key, **err.fields)


class AccessDenied(StoreError):
    """A rater link does not open: ``reason`` is ``unknown``, ``revoked``, ``not_open`` or ``closed``."""

    #: reason -> the i18n key of its message (the rater app's refusal texts)
    KEYS = {"unknown": "denied_unknown", "revoked": "denied_revoked", "not_open": "denied_not_open",
            "closed": "denied_closed"}

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(self.KEYS[reason])


class IncompleteResponse(StoreError):
    """Submit refused: ``missing`` lists the unanswered item codes (or ``overall_comment``)."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__("store.incomplete", n=len(self.missing), items=", ".join(self.missing))


class ResponseLocked(StoreError):
    """The form was submitted already and can no longer be changed."""

    def __init__(self, key: str = "store.locked", /, **fields):
        super().__init__(key, **fields)


class StaleResponse(StoreError):
    """A save carried an older ``version`` than the stored form: another tab or device saved (or
    submitted) it since this copy was loaded.  Nothing was written; reload to see the newer answers."""

    def __init__(self, stored_version: int, given_version: int):
        self.stored_version, self.given_version = stored_version, given_version
        super().__init__("store.stale")


class _DatabaseFault(StoreError):
    """A database-level failure, translated from the driver's exception.

    Nothing of the failed operation was written (its transaction was rolled back); ``detail``
    keeps the driver's text for the admin.
    """

    KEY = ""

    def __init__(self, detail: str = "", key: str | None = None):
        self.detail = detail
        super().__init__(key or self.KEY)


class StoreUnavailable(_DatabaseFault):
    """The database is busy or locked longer than the timeout, or the server cannot be reached."""

    KEY = "store.unavailable"


class StoreReadOnly(_DatabaseFault):
    """The database (file, disk or server) accepts reads only."""

    KEY = "store.read_only"


class StoreFull(_DatabaseFault):
    """The disk (or the database's size limit) is full."""

    KEY = "store.full"


class StoreNotADatabase(_DatabaseFault):
    """The file is not a database (``SQLITE_NOTADB``) or is damaged (``SQLITE_CORRUPT``)."""

    KEY = "store.not_a_database"


class StoreFileGone(_DatabaseFault):
    """The SQLite file this store opened was deleted or replaced (another inode) while in use."""

    KEY = "store.file_gone"


# SQLite primary result codes and PostgreSQL SQLSTATEs -> what the user is told
_SQLITE_FAULTS = {5: StoreUnavailable, 6: StoreUnavailable, 14: StoreUnavailable,  # BUSY, LOCKED, CANTOPEN
                  8: StoreReadOnly, 13: StoreFull,  # READONLY, FULL
                  11: StoreNotADatabase, 26: StoreNotADatabase}  # CORRUPT, NOTADB
_PG_FAULTS = {"25006": StoreReadOnly, "53100": StoreFull, "55P03": StoreUnavailable, "57014": StoreUnavailable,
              "40001": StoreUnavailable, "40P01": StoreUnavailable, "53300": StoreUnavailable,
              "57P01": StoreUnavailable, "57P02": StoreUnavailable, "57P03": StoreUnavailable}


def translate_db_error(ctx) -> None:
    """``handle_error`` hook: raise the matching ``StoreError`` subclass for a database fault.

    Constraint violations (``IntegrityError``) and programming errors pass through unchanged.
    """
    orig = ctx.original_exception
    fault = None
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        fault = _SQLITE_FAULTS.get(code & 0xFF)
    else:
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if state:
            fault = _PG_FAULTS.get(state) or (StoreUnavailable if state.startswith("08") else None)
        elif isinstance(ctx.sqlalchemy_exception, sa.exc.OperationalError):
            fault = StoreUnavailable  # no SQLSTATE: the connection itself failed
    if fault is not None:
        key = "store.cantopen" if code is not None and code & 0xFF == 14 else None
        raise fault(str(orig).strip(), key) from ctx.sqlalchemy_exception

