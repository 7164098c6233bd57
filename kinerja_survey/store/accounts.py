"""Store methods for accounts: the people who log in to the private apps (``accounts``).

An account has a username (lower-case letters, digits, ``.``, ``_``, ``-``; 3 to 64 characters),
a display name, one or more roles of ``ACCOUNT_ROLES`` and a password kept only as an argon2id
hash (``argon2-cffi``'s ``PasswordHasher``, RFC 9106 parameters: the password is never stored,
logged or returned).  An account is disabled, never deleted, so that the audit log's names stay
resolvable.

* :meth:`AccountsPart.verify_account` answers the login question: the account, when the username
  names an *active* account and the password matches, else None.  Argon2's verification compares
  in constant time; an unknown username is verified against a dummy hash, so that the answer
  takes as long whether or not the account exists.
* Every change (created, password reset, disabled, enabled, roles changed) is one transaction with
  its audit-log row naming the actor.

Roles: ``operator`` (operator kepegawaian: the admin app), ``tim`` (Tim Penilai Kinerja: the
calibration view), ``pimpinan`` (the dashboard and meeting mode, read only), ``analis`` (the
fairness exports of the dashboard).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from .common import clean_text, require_actor
from .database import Database
from .errors import StoreError
from .schema import ACCOUNT_ROLES, accounts

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024
MAX_DISPLAY_NAME_CHARS = 200
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")

_HASHER = None
_DUMMY_HASH = None


def _hasher():
    """argon2-cffi's ``PasswordHasher`` (argon2id, RFC 9106 low-memory profile), built on first use."""
    global _HASHER, _DUMMY_HASH
    if _HASHER is None:
        from argon2 import PasswordHasher
        from argon2.profiles import RFC_9106_LOW_MEMORY

        _HASHER = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)
        _DUMMY_HASH = _HASHER.hash("kinerja-survey: no such account")
    return _HASHER


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (with a fresh random salt), after the password rule."""
    return _hasher().hash(check_password(password))


def password_matches(password_hash: str | None, password) -> bool:
    """Whether ``password`` matches ``password_hash`` (constant time; a missing hash is checked
    against a dummy one, so the time does not tell whether an account exists)."""
    from argon2.exceptions import (
        InvalidHashError,
        VerificationError,
        VerifyMismatchError,
    )

    hasher = _hasher()
    if not isinstance(password, str) or not password or len(password) > MAX_PASSWORD_CHARS:
        password = "\x00"  # still pay for one verification
    try:
        ok = hasher.verify(password_hash or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return bool(ok) and password_hash is not None


def check_username(username) -> str:
    """``username`` as stored (stripped, lower case); ``store.account_username`` unless it is
    3 to 64 of a-z 0-9 . _ - starting with a letter or digit."""
    name = clean_text(username).lower()
    if not USERNAME_RE.fullmatch(name):
        raise StoreError("store.account_username", username=clean_text(username)[:70])
    return name


def check_password(password) -> str:
    """``password`` unchanged when it is a text of ``MIN_PASSWORD_CHARS`` to ``MAX_PASSWORD_CHARS``
    characters with at least 5 different ones; else ``store.password_weak``."""
    if (not isinstance(password, str) or not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS
            or len(set(password)) < 5):
        raise StoreError("store.password_weak", min=MIN_PASSWORD_CHARS)
    return password


def check_roles(roles) -> str:
    """The roles as stored: the distinct ``ACCOUNT_ROLES`` given (a text ``"a,b"`` or a list), in
    their canonical order, joined by commas; ``store.account_role_unknown`` / ``store.account_roles_required``."""
    if isinstance(roles, str):
        roles = roles.split(",")
    given = {clean_text(r).lower() for r in (roles or ()) if clean_text(r)}
    unknown = sorted(given - set(ACCOUNT_ROLES))
    if unknown:
        raise StoreError("store.account_role_unknown", role=", ".join(unknown), choices=", ".join(ACCOUNT_ROLES))
    if not given:
        raise StoreError("store.account_roles_required", choices=", ".join(ACCOUNT_ROLES))
    return ",".join(r for r in ACCOUNT_ROLES if r in given)


def _public(row) -> dict:
    return {"username": row.username, "display_name": row.display_name, "roles": tuple(row.roles.split(",")),
            "active": bool(row.active), "created_at": row.created_at, "created_by": row.created_by,
            "password_changed_at": row.password_changed_at, "disabled_at": row.disabled_at}


class AccountsPart:
    """Accounts of the private apps.  Built with the shared ``Database``; needs no other part."""

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine
        self.transaction = db.transaction

    def _row(self, conn, username, lock: bool = False):
        q = sa.select(accounts).where(accounts.c.username == check_username(username))
        row = conn.execute(q.with_for_update() if lock else q).first()
        if row is None:
            raise StoreError("store.account_missing", username=check_username(username))
        return row

    def create_account(self, username: str, password: str, *, roles, display_name: str = "", actor: str,
                       first: bool = False) -> dict:
        """Create an active account; returns it (:meth:`account`).  ``store.account_exists`` when
        the username is taken (also by a disabled account).  ``first``: only when no account
        exists yet (checked in the same transaction; else ``store.account_not_first``), for the
        one account the admin secret may create."""
        actor = require_actor(actor)
        name = check_username(username)
        roles = check_roles(roles)
        display = clean_text(display_name) or name
        if len(display) > MAX_DISPLAY_NAME_CHARS:
            raise StoreError("store.account_display_name_too_long", n=len(display), max=MAX_DISPLAY_NAME_CHARS)
        digest = hash_password(password)
        with self.transaction() as conn:
            if first:
                if conn.dialect.name == "postgresql":  # two first logins at once: one account only
                    conn.execute(sa.text("LOCK TABLE accounts IN EXCLUSIVE MODE"))
                if conn.execute(sa.select(sa.func.count()).select_from(accounts)).scalar():
                    raise StoreError("store.account_not_first")
            if conn.execute(sa.select(accounts.c.id).where(accounts.c.username == name)).first() is not None:
                raise StoreError("store.account_exists", username=name)
            conn.execute(accounts.insert().values(username=name, display_name=display, roles=roles,
                                                  password_hash=digest, active=True, created_at=self.db.now(),
                                                  created_by=actor, password_changed_at=None, disabled_at=None))
            self.db.audit(conn, actor, "account_created", username=name, roles=roles)
            return _public(self._row(conn, name))

    def account(self, username) -> dict | None:
        """The account (without its hash), or None when there is none by that name."""
        try:
            name = check_username(username)
        except StoreError:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(accounts).where(accounts.c.username == name)).first()
        return None if row is None else _public(row)

    def accounts_list(self) -> list[dict]:
        """Every account (active or not), by username, without hashes."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(accounts).order_by(accounts.c.username)).all()
        return [_public(r) for r in rows]

    def has_accounts(self) -> bool:
        """Whether any account exists (active or not): from then on the admin secret no longer logs in."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(accounts)).scalar() > 0

    def verify_account(self, username, password) -> dict | None:
        """The active account ``username`` when ``password`` is its password, else None.

        As long whether the account exists or not (one argon2 verification either way); a
        disabled account never logs in.  A hash made with older parameters is renewed.
        """
        try:
            name = check_username(username)
        except StoreError:
            name = None
        row = None
        if name is not None:
            with self.engine.connect() as conn:
                row = conn.execute(sa.select(accounts).where(accounts.c.username == name)).first()
        if not password_matches(row.password_hash if row is not None else None, password):
            return None
        if not row.active:
            return None
        if _hasher().check_needs_rehash(row.password_hash):
            with self.transaction() as conn:
                conn.execute(accounts.update().where(accounts.c.id == row.id)
                             .values(password_hash=_hasher().hash(password)))
        return _public(row)

    def set_password(self, username, password: str, *, actor: str) -> None:
        """Replace the account's password (a reset by an operator, or the holder's own change)."""
        digest = hash_password(password)
        with self.transaction() as conn:
            row = self._row(conn, username, lock=True)
            conn.execute(accounts.update().where(accounts.c.id == row.id)
                         .values(password_hash=digest, password_changed_at=self.db.now()))
            self.db.audit(conn, actor, "account_password_set", username=row.username)

    def set_account_active(self, username, active: bool, *, actor: str) -> bool:
        """Disable (``active=False``) or enable an account; returns whether anything changed."""
        with self.transaction() as conn:
            row = self._row(conn, username, lock=True)
            if bool(row.active) == bool(active):
                return False
            conn.execute(accounts.update().where(accounts.c.id == row.id)
                         .values(active=bool(active), disabled_at=None if active else self.db.now()))
            self.db.audit(conn, actor, "account_enabled" if active else "account_disabled", username=row.username)
            return True

    def set_account_roles(self, username, roles, *, actor: str) -> None:
        """Replace the account's roles."""
        roles = check_roles(roles)
        with self.transaction() as conn:
            row = self._row(conn, username, lock=True)
            conn.execute(accounts.update().where(accounts.c.id == row.id).values(roles=roles))
            self.db.audit(conn, actor, "account_roles_set", username=row.username, roles=roles, before=row.roles)
