"""Store errors: every refusal and database fault reaches a person as a ``StoreError`` whose
message is ready to show (Bahasa Indonesia by default, through ``kinerja_survey.i18n``).

Database faults are translated from the driver's exception by ``translate_db_error`` (an engine
``handle_error`` hook): ``StoreUnavailable`` (busy/locked past ``busy_timeout``, server
unreachable), ``StoreReadOnly`` and ``StoreFull``; the failed transaction left nothing behind.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import KinerjaError


class StoreError(KinerjaError):
    """A store operation was refused; the message is ready to show to the user (Bahasa Indonesia)."""


class AccessDenied(StoreError):
    """A rater link does not open: ``reason`` is ``unknown``, ``revoked``, ``not_open`` or ``closed``."""

    MESSAGES = {
        "unknown": "Tautan penilaian tidak dikenal. Periksa kembali tautan yang Anda terima.",
        "revoked": "Tautan penilaian ini sudah tidak berlaku. Hubungi admin kepegawaian untuk tautan baru.",
        "not_open": "Periode penilaian belum dibuka.",
        "closed": "Periode penilaian sudah ditutup. Terima kasih.",
    }

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


class IncompleteResponse(StoreError):
    """Submit refused: ``missing`` lists the unanswered item codes (or ``overall_comment``)."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__(f"Masih ada {len(self.missing)} isian yang belum dijawab: {', '.join(self.missing)}")


class ResponseLocked(StoreError):
    """The form was submitted already and can no longer be changed."""


class StaleResponse(StoreError):
    """A save carried an older ``version`` than the stored form: another tab or device saved (or
    submitted) it since this copy was loaded.  Nothing was written; reload to see the newer answers."""

    MESSAGE = ("Formulir ini sudah diubah di tab atau perangkat lain sejak halaman ini dibuka. "
               "Perubahan terakhir Anda di halaman ini BELUM tersimpan. Muat ulang formulir untuk melihat "
               "jawaban terbaru, lalu lanjutkan dari sana.")

    def __init__(self, stored_version: int, given_version: int):
        self.stored_version, self.given_version = stored_version, given_version
        super().__init__(self.MESSAGE)


class _DatabaseFault(StoreError):
    """A database-level failure, translated from the driver's exception.

    Nothing of the failed operation was written (its transaction was rolled back); ``detail``
    keeps the driver's text for the admin.
    """

    MESSAGE = ""

    def __init__(self, detail: str = "", message: str | None = None):
        self.detail = detail
        super().__init__(message or self.MESSAGE)


class StoreUnavailable(_DatabaseFault):
    """The database is busy or locked longer than the timeout, or the server cannot be reached."""

    MESSAGE = ("Basis data sedang sibuk/terkunci oleh proses lain atau server basis data tidak dapat dihubungi. "
               "Data Anda BELUM tersimpan; coba simpan lagi sebentar lagi. Jika terus berulang, hubungi admin "
               "kepegawaian.")


class StoreReadOnly(_DatabaseFault):
    """The database (file, disk or server) accepts reads only."""

    MESSAGE = ("Basis data hanya dapat dibaca (read-only), sehingga perubahan tidak dapat disimpan. Data Anda "
               "BELUM tersimpan. Hubungi admin kepegawaian untuk memeriksa izin berkas atau server basis data.")


class StoreFull(_DatabaseFault):
    """The disk (or the database's size limit) is full."""

    MESSAGE = ("Penyimpanan basis data penuh. Data Anda BELUM tersimpan. Hubungi admin kepegawaian untuk "
               "mengosongkan ruang disk, lalu simpan lagi.")


class StoreFileGone(_DatabaseFault):
    """The SQLite file this store opened was deleted or replaced (another inode) while in use."""

    MESSAGE = ("Berkas basis data telah dihapus atau diganti sejak aplikasi dibuka. Data Anda BELUM tersimpan. "
               "Hubungi admin kepegawaian; setelah basis data dipulihkan, muat ulang halaman dan simpan lagi.")


# SQLite primary result codes and PostgreSQL SQLSTATEs -> what the user is told
_SQLITE_FAULTS = {5: StoreUnavailable, 6: StoreUnavailable, 14: StoreUnavailable,  # BUSY, LOCKED, CANTOPEN
                  8: StoreReadOnly, 13: StoreFull}  # READONLY, FULL
_CANTOPEN_MESSAGE = ("Berkas basis data tidak dapat dibuka: periksa bahwa folder dan berkasnya ada dan boleh "
                     "ditulisi (SQLite perlu membuat berkas -wal/-shm di folder yang sama). Data Anda BELUM "
                     "tersimpan. Hubungi admin kepegawaian.")
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
        message = _CANTOPEN_MESSAGE if code is not None and code & 0xFF == 14 else None
        raise fault(str(orig).strip(), message) from ctx.sqlalchemy_exception

