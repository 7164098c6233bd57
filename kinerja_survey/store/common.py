"""What every part of the store shares: the text rule, the reason and actor rules, tokens, and
the few lookups several parts make (a cycle's row, whether it is published, an employee by NIP).

One rule each, so that the parts cannot drift apart again:

* **text** (:func:`clean_text`): C0 control characters other than tab/newline removed, lone
  surrogates replaced, surrounding whitespace stripped.
* **reason** (:func:`require_reason`): at least ``MIN_REASON_CHARS`` (10) and at most
  ``MAX_REASON_CHARS`` characters after cleaning, for every reason the store records (a deadline
  change, a reopened cycle, a changed form, a predikat override, a declined form, a keberatan and
  its explanation and decision).  Too short or too long is refused with a message naming the
  field; nothing is cut silently.  Ten characters is the shortest reason that still says
  something to whoever reads the audit log or the keberatan file later ("mutasi unit",
  "tidak kenal", "cuti besar"); five let "aaaaa" or "oke.." through.
* **actor** (:func:`require_actor`): the person acting is always named: a non-blank text of at
  most ``MAX_ACTOR_CHARS`` characters, else ``store.actor_required``.
* **clock**: a part never reads the time itself; it asks the ``Database`` it was built with
  (``Database.now``, injectable as ``Store(url, clock=...)``), whose default is :func:`utc_now`.

Nothing here imports pandas: the rater's kernel loads it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import numbers
import re
import secrets
from collections.abc import Callable

import sqlalchemy as sa

from ..i18n import Msg
from .errors import AccessDenied, StoreError
from .schema import MAX_COMMENT_CHARS, cycles, employees, publications

#: a cycle's status code -> the catalog key of the word people read (the same keys as
#: ``present.labels.VALUE_KEYS``, which the tables use)
STATUS_KEYS = {"draft": "dash.status_draft", "open": "val.status_open", "closed": "dash.status_closed"}


def status_word(status) -> str:
    """A cycle's status code as the word people read (*draf*, *dibuka*, *ditutup*): an ``i18n.Msg``
    rendered in the reader's language when it is a field of a message; an unknown code unchanged."""
    key = STATUS_KEYS.get(str(status))
    return Msg(key) if key else str(status)

#: a clock: returns the current moment as a naive UTC datetime (how the store keeps every time)
Clock = Callable[[], dt.datetime]

MIN_REASON_CHARS = 10
MAX_REASON_CHARS = MAX_COMMENT_CHARS
MAX_ACTOR_CHARS = 100
MAX_ID = 2**31 - 1  # INTEGER primary keys on PostgreSQL

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def utc_now() -> dt.datetime:
    """The default clock: now, in UTC, naive (the store's convention for every moment)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def clean_text(text) -> str:
    """A text as stored: C0 control characters other than tab/newline removed (PostgreSQL
    cannot store NUL; the others are invisible copy-paste debris), lone surrogates replaced by
    U+FFFD (not encodable), surrounding whitespace stripped.  HTML is kept as typed: escaping
    is the job of whatever displays it."""
    text = "" if text is None else str(text)
    return _SURROGATES.sub("\ufffd", _CONTROL_CHARS.sub("", text)).strip()


def require_reason(text, what: str) -> str:
    """``text`` cleaned (:func:`clean_text`); ``StoreError`` naming the field ``what`` (an i18n
    key) when it is shorter than ``MIN_REASON_CHARS`` or longer than ``MAX_REASON_CHARS``."""
    text = clean_text(text)
    if len(text) < MIN_REASON_CHARS:
        raise StoreError("store.text_required", what=Msg(what), min=MIN_REASON_CHARS)
    if len(text) > MAX_REASON_CHARS:
        raise StoreError("store.text_too_long", what=Msg(what), n=len(text), max=MAX_REASON_CHARS)
    return text


def require_actor(actor) -> str:
    """The person acting, cleaned; ``StoreError("store.actor_required")`` when blank or too long."""
    actor = clean_text(actor)
    if not actor or len(actor) > MAX_ACTOR_CHARS:
        raise StoreError("store.actor_required")
    return actor


def hash_token(token: str) -> str:
    """The SHA-256 hex digest a link token is stored as (never the token itself)."""
    # surrogatepass: a token with a lone surrogate (malformed input) hashes instead of crashing
    return hashlib.sha256(str(token).encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    """An unguessable link token: 192 bits from one ``secrets`` call (URL-safe base64).

    A token never begins with ``-`` or ``_``: a spreadsheet reads a leading ``-`` as a formula,
    so such a token would reach the links file with a protective apostrophe.  A leading ``-``
    or ``_`` becomes ``A`` or ``B`` (still 24 bytes of base64; about 0.05 bit less entropy).
    """
    token = secrets.token_urlsafe(24)
    if token[0] in "-_":
        token = "AB"["-_".index(token[0])] + token[1:]
    return token


def check_token_shape(token) -> None:
    """``AccessDenied("unknown")`` for anything that cannot be a link token (not a text of 16 to
    128 characters), before the database is asked."""
    if not isinstance(token, str) or not 16 <= len(token) <= 128:
        raise AccessDenied("unknown")


def whole_number(value) -> int | None:
    """``value`` as an int when it is a real whole number (int, integral float, Fraction ...), else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    try:
        return int(value) if float(value).is_integer() else None
    except OverflowError:
        return None


def cycle_row(conn, cycle_id, lock: bool = False):
    """The ``cycles`` row (``FOR UPDATE`` when ``lock``); ``store.cycle_missing`` when there is none."""
    q = sa.select(cycles).where(cycles.c.id == cycle_id)
    row = conn.execute(q.with_for_update() if lock else q).first()
    if row is None:
        raise StoreError("store.cycle_missing", id=cycle_id)
    return row


def is_published(conn, cycle_id: int) -> bool:
    """Whether the cycle has a published version (``publications``)."""
    return conn.execute(sa.select(sa.func.count()).select_from(publications)
                        .where(publications.c.cycle_id == cycle_id)).scalar() > 0


def refuse_if_published(conn, cycle_id: int, what: str) -> None:
    """Refuse a change of a published cycle; ``what`` is the i18n key naming what would change."""
    if is_published(conn, cycle_id):
        raise StoreError("store.published_frozen", id=cycle_id, what=Msg(what))


def employee_id(conn, nip, *, active: bool = False, missing: str = "store.not_in_roster") -> int:
    """The id of the employee with ``nip``; ``missing`` (an i18n key with ``nip``) when there is
    none, ``store.not_active`` when ``active`` and the employee left the roster."""
    row = conn.execute(sa.select(employees.c.id, employees.c.active).where(employees.c.nip == str(nip))).first()
    if row is None:
        raise StoreError(missing, nip=nip)
    if active and not row.active:
        raise StoreError("store.not_active", nip=nip)
    return row.id
