"""Accounts and roles of the private apps: who may open which app, and who is recorded as acting.

=============================  =================================================================
role (``store.ACCOUNT_ROLES``)  opens
=============================  =================================================================
``operator``                   the admin app (operator kepegawaian)
``tim``                        the calibration view (Tim Penilai Kinerja)
``pimpinan``                   the dashboard, meeting mode included (read only)
``analis``                     the dashboard, for its fairness exports (read only)
=============================  =================================================================

An atasan deciding a keberatan acts through their own link, without an account.  One account
may hold several roles.

``login(store, username, password, app)``
    The account when the credentials are right, the account active and one of its roles opens
    ``app``; ``AccountError("account.wrong_role")`` when the credentials are right but the role
    is not; None otherwise (a wrong password and an unknown account are not told apart).
``create_first_account``
    The one account the admin secret may create (an operator), only while no account exists.
``cli_actor``
    Who the command line records as acting (see ``docs/security.md``, "Siapa yang bertindak").
"""

from __future__ import annotations

import pandas as pd

from ..errors import KinerjaError
from ..store import ACCOUNT_ROLES

#: app (``apps.serve.PRIVATE_APPS``) -> the roles that open it
APP_ROLES = {"admin": ("operator",), "calibration": ("tim",), "results": ("pimpinan", "analis")}

__all__ = ["ACCOUNT_ROLES", "APP_ROLES", "DEMO_ACCOUNTS", "AccountError", "accounts_table", "cli_actor",
           "create_account", "create_first_account", "demo_accounts", "login", "may_open"]


class AccountError(KinerjaError):
    """A login or account step refused; the message is ready to show (``locale/cli.py``)."""


def may_open(account: dict | None, app: str) -> bool:
    """Whether ``account`` (a :meth:`Store.account` dict) is active and holds a role that opens ``app``."""
    if not account or not account.get("active"):
        return False
    return bool(set(account.get("roles", ())) & set(APP_ROLES.get(app, ())))


def login(store, username, password, app: str) -> dict | None:
    """The account for these credentials if it may open ``app``; None for wrong credentials (or a
    disabled account); ``AccountError("account.wrong_role")`` for right credentials and a role
    that does not open ``app``."""
    account = store.verify_account(username, password)
    if account is None:
        return None
    if not may_open(account, app):
        raise AccountError("account.wrong_role", username=account["username"], roles=", ".join(account["roles"]))
    return account


def create_account(store, username, password, *, roles, display_name: str = "", actor: str) -> dict:
    """A new active account (``Store.create_account``; audited with ``actor``)."""
    return store.create_account(username, password, roles=roles, display_name=display_name, actor=actor)


#: the demo's accounts: username, roles
#: (the display name is the catalog's ``account.demo_<role>``, in the installation's language)
DEMO_ACCOUNTS = (("operator.demo", ("operator",)), ("tim.demo", ("tim",)), ("pimpinan.demo", ("pimpinan",)),
                 ("analis.demo", ("analis",)))


def demo_accounts(store, *, actor: str) -> list[tuple[str, str, str]]:
    """One account per role for the demo organisation, each with a new random password (20
    characters from :func:`secrets.token_urlsafe`); returns ``(username, roles, password)`` to be
    handed to the person running the demo (``kinerja-survey demo --akun FILE``, mode 600)."""
    import secrets

    from ..i18n import t

    made = []
    for username, roles in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(15)
        create_account(store, username, password, roles=roles, display_name=t(f"account.demo_{roles[0]}"),
                       actor=actor)
        made.append((username, ",".join(roles), password))
    return made


def create_first_account(store, username, password, *, display_name: str = "", actor: str) -> dict:
    """The first account, an operator, made through the admin secret; refused once any account exists."""
    return store.create_account(username, password, roles="operator", display_name=display_name, actor=actor,
                                first=True)


def accounts_table(store) -> pd.DataFrame:
    """Every account for a listing: username, display name, roles, active, created (local time) and by whom."""
    from ..i18n import fmt_time

    def when(moment):
        return "" if moment is None else fmt_time(moment)

    rows = [{"username": a["username"], "display_name": a["display_name"], "roles": ", ".join(a["roles"]),
             "active": a["active"], "created_at": when(a["created_at"]), "created_by": a["created_by"],
             "disabled_at": when(a["disabled_at"])} for a in store.accounts_list()]
    return pd.DataFrame(rows, columns=["username", "display_name", "roles", "active", "created_at", "created_by",
                                       "disabled_at"])


def cli_actor(named: str | None, os_user: str) -> str:
    """The actor the command line records: the operating-system login that ran the command (the
    server authenticated it), with the name given by ``--petugas`` in front when it differs:
    ``"budi (os: kinerja)"``.  At most 100 characters; the OS login is always kept whole."""
    os_user = (os_user or "").strip()
    named = (named or "").strip()
    if not named or named == os_user:
        return os_user[:100]
    tail = f" (os: {os_user})" if os_user else ""
    return named[: max(1, 100 - len(tail))] + tail
