"""Who is logged in to a private app (admin, calibration, dashboard), for the server and its kernels.

The server side (``voila_server``) logs a person in with an account of the store
(``cycle.accounts.login``: argon2id, role per app), or, behind nginx with single sign-on, with the
account named by the proxy's user header (``LockedVoila.user_header``, believed from the trusted
proxy only).  While no account exists the admin secret logs in to :data:`SETUP_PATH`, a page that
creates the first operator account, and nothing else; once an account exists the secret no longer
logs in.

The kernel side: the server hands the page's kernel the logged-in username in
``$KINERJA_SURVEY_ACCOUNT`` (:data:`ACCOUNT_ENV`): in the environment of a kernel started for the
request, and in the request a preheated kernel receives (``/ks-query``, ``apps.voila``).
:func:`logged_in_account` reads it; the apps record it as the actor (audit log, berita acara,
calibration change log) and show it read only instead of a typed name.
"""

from __future__ import annotations

import os

import jinja2

#: the logged-in account's username, in the environment of the page's kernel
ACCOUNT_ENV = "KINERJA_SURVEY_ACCOUNT"
#: the page that creates the first operator account (the admin secret's only use)
SETUP_PATH = "/ks-setup"
#: the login of the admin secret while no account exists: not a valid account name (parentheses)
SETUP_USER = "(rahasia-admin)"
#: the actor the first account's creation is recorded under
SETUP_ACTOR = "rahasia admin (pemasangan)"


def logged_in_account() -> str:
    """The username of the account logged in to this page, or ``""`` (no login: a test, a notebook,
    plain Voilà).  Call after ``apps.voila.request_params`` (a preheated kernel learns it with the request)."""
    return (os.environ.get(ACCOUNT_ENV) or "").strip()[:100]


_STYLE = """<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f7fa;color:#1f2933}
main{box-sizing:border-box;max-width:28rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.25rem;margin:0 0 1rem}
p{line-height:1.5;overflow-wrap:anywhere}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input[type=text],input[type=password]{box-sizing:border-box;width:100%;min-height:44px;font-size:1rem;padding:.5rem}
button{min-height:44px;min-width:8rem;margin-top:1rem;font-size:1rem}
.ks-login-error{color:#9b1c1c;font-weight:600}
</style>"""

_ENV = jinja2.Environment(autoescape=True)

#: the head both pages share: phone-sized, no referrer beyond this site, the one style
_HEAD = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{{ title }}</title>
""" + _STYLE + """
</head>
<body>
"""

LOGIN_PAGE = _ENV.from_string(_HEAD + """<main class="ks-login">
<h1>{{ title }}</h1>
{% if message %}<p class="ks-login-error" role="alert">{{ message }}</p>{% endif %}
<p>{{ intro }}</p>
<form method="post" action="{{ action }}">
<input type="hidden" name="_xsrf" value="{{ xsrf }}">
<input type="hidden" name="next" value="{{ next }}">
<label for="username">{{ username_label }}</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" value="{{ username }}">
<label for="password">{{ password_label }}</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<button type="submit">{{ submit }}</button>
</form>
</main>
</body>
</html>
""")

SETUP_PAGE = _ENV.from_string(_HEAD + """<main class="ks-setup">
<h1>{{ title }}</h1>
{% if message %}<p class="ks-login-error" role="alert">{{ message }}</p>{% endif %}
<p>{{ intro }}</p>
<form method="post" action="{{ action }}">
<input type="hidden" name="_xsrf" value="{{ xsrf }}">
<label for="username">{{ username_label }}</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" value="{{ username }}">
<label for="display_name">{{ display_label }}</label>
<input type="text" id="display_name" name="display_name" autocomplete="name" value="{{ display_name }}">
<label for="password">{{ password_label }}</label>
<input type="password" id="password" name="password" autocomplete="new-password">
<label for="password2">{{ again_label }}</label>
<input type="password" id="password2" name="password2" autocomplete="new-password">
<button type="submit">{{ submit }}</button>
</form>
</main>
</body>
</html>
""")


#: the login and first-account pages only: a form posted under ``no-referrer`` carries ``Origin: null``,
#: which Jupyter's origin check refuses; ``same-origin`` sends the server's own origin and nothing
#: to anyone else (the pages' URLs hold no secret: ``next`` loses any ``token``)
FORM_REFERRER_POLICY = "same-origin"


def render_login(handler, *, message: str = "", username: str = "", next_url: str = "/") -> str:
    """The login page (username and password; the admin secret goes in the password field while
    no account exists), in the request's language."""
    from ..i18n import resolve_lang, t

    lang = resolve_lang(handler.get_query_argument("lang", None))
    return LOGIN_PAGE.render(lang=lang, title=t("account.login_title", lang), intro=t("account.login_intro", lang),
                             message=message, action=handler.base_url.rstrip("/") + "/login",
                             xsrf=handler.xsrf_token.decode(), next=next_url, username=username,
                             username_label=t("account.h_username", lang),
                             password_label=t("account.password_prompt", lang), submit=t("account.login_submit", lang))


def render_setup(handler, *, message: str = "", username: str = "", display_name: str = "") -> str:
    """The page creating the first operator account."""
    from ..i18n import resolve_lang, t
    from ..store.accounts import MIN_PASSWORD_CHARS

    lang = resolve_lang(handler.get_query_argument("lang", None))
    return SETUP_PAGE.render(lang=lang, title=t("account.setup_title", lang),
                             intro=t("account.setup_intro", lang, min=MIN_PASSWORD_CHARS), message=message,
                             action=handler.base_url.rstrip("/") + SETUP_PATH, xsrf=handler.xsrf_token.decode(),
                             username=username, display_name=display_name,
                             username_label=t("account.h_username", lang), display_label=t("account.h_display_name", lang),
                             password_label=t("account.password_prompt", lang),
                             again_label=t("account.password_again", lang), submit=t("account.setup_submit", lang))
