"""The locked-down Voilà server: what runs inside the child process ``kinerja_survey.apps.serve`` starts.

Only this process imports it (``python -m kinerja_survey.apps.serve NOTEBOOK ...``).  On top of
Voilà it adds, for every app:

* **a gate before the kernel**: the rater app looks the link's token up (``Store.open_link``,
  by its hash) in the HTTP handler, *before* a kernel is started or taken from the preheated pool;
  an unknown, revoked, not-yet-open or closed link gets a small escaped HTML page (``lang="id"``)
  and no kernel.  ``?template=``/``?theme=`` are refused.  Caps on pages (kernels handed out) in
  total and per client address answer "server penuh" instead of starting one more kernel.
* **kernels bound to their page**: the page response sets an HttpOnly, SameSite=Strict cookie
  holding a random per-page secret; the kernel websocket, ``/api/kernels/<id>`` and Voilà's
  shutdown beacon only work for the kernel that cookie was issued for.  The shutdown beacon is
  accepted without Voilà's ``_xsrf`` field (the SameSite cookie is the CSRF protection), so a
  closed page frees its kernel at once.
* **the request reaches its kernel only**: Voilà's ``/voila/query/<kernel id>`` websocket (open to
  anyone who knows a kernel id) is switched off.  Each kernel gets a random key in its
  environment, and asks ``/ks-query/<kernel id>`` with that key for its page's query string.
* **a reaper**: a kernel whose page has not connected within ``connect_timeout`` seconds of its
  last request (the page response, then its scripts and styles), or
  whose page has been gone (no websocket) for ``gone_timeout`` seconds, is shut down; an open
  page keeps its kernel.
* **hardening**: ``Referrer-Policy: no-referrer``, a Content-Security-Policy allowing only the
  server itself (no ``'unsafe-eval'``), kernel ``error``/``stderr`` messages (tracebacks) not
  forwarded to the browser, logs rotated and with query strings and secrets masked, the admin
  secret compared in constant time, wrong guesses slowed per client address (the right secret
  always logs in; ``ThrottledIdentityProvider``) and ``?token=<secret>`` redirected away after
  login, kernels started without any secret but those their app needs (``serve.KERNEL_SECRETS``),
  ``X-Real-IP``/``X-Forwarded-For`` believed from the trusted proxy only (``ClientAddress``).
* **page templates compiled once** per process instead of once per page (``SharedTemplateCode``).
* **kernels forked** (rater app, ``fork_kernels``) from a process that has already imported them
  (``kinerja_survey.apps.forkserver``), started here and ended with this process.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import logging.handlers
import os
import re
import secrets
import sys
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlencode

import jinja2
import tornado.web
import voila.handler as voila_handler
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import PeriodicCallback
from traitlets import Bool, Float, Int, List, Unicode
from voila.app import Voila
from voila.exporter import VoilaExporter
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.voila_identity_provider import VoilaLoginHandler

from ..i18n import resolve_lang, t
from . import accounts as acc
from . import limits
from .serve import ADMIN_SECRET_ENV, scrubbed_env

FORKSERVER_ENV = "KINERJA_FORKSERVER"
LOG_FILE_ENV = "KINERJA_SURVEY_LOG_FILE"
HEALTH_PATH = "/ks-health"
QUERY_PATH = "/ks-query/"
KERNEL_ID_ENV = "KINERJA_KERNEL_ID"
KERNEL_KEY_ENV = "KINERJA_KERNEL_KEY"
QUERY_URL_ENV = "KINERJA_QUERY_URL"
KEY_HEADER = "X-Kinerja-Kernel-Key"
PAGE_COOKIE_PREFIX = "ks_p_"
ROUTE_COOKIE = "ks_route"
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5

# the server itself only: inline scripts/styles are Voilà's own page; connect-src 'self' covers
# the same-origin websocket; nothing from another origin, no framing, no plugins
def csp(allow_eval: bool = True) -> str:
    """The Content-Security-Policy of every response; ``'unsafe-eval'`` only where ``allow_eval``
    (``LockedVoila.allow_eval``: what still needs it is measured in docs/security.md)."""
    script = "'self' 'unsafe-inline'" + (" 'unsafe-eval'" if allow_eval else "")
    return (f"default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


CSP = csp(False)
# one app per process: LockedVoila.initialize sets the policy of its app here
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer",
                    "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}

log = logging.getLogger("kinerja_survey.server")


# --------------------------------------------------------------------------------------------
# Logs: rotated, no query strings, no secrets
# --------------------------------------------------------------------------------------------
_QUERY_RE = re.compile(r"(/[^\s'\"?]*)\?[^\s'\"]*")
_PARAM_RE = re.compile(r"\b(token|key|_xsrf|password)=[^&\s'\"]+", re.IGNORECASE)


class RedactingFormatter(logging.Formatter):
    """Masks query strings (``/path?…``), ``token=``/``key=`` values and the given secrets."""

    def __init__(self, fmt=None, secrets_=()):
        super().__init__(fmt or "[%(asctime)s %(levelname)s %(name)s] %(message)s")
        self.secrets = [s for s in secrets_ if s]

    def format(self, record):
        text = super().format(record)
        text = _QUERY_RE.sub(r"\1?[…]", text)
        text = _PARAM_RE.sub(r"\1=[…]", text)
        for s in self.secrets:
            text = text.replace(s, "[…]")
        return text


def setup_logging(app_log: logging.Logger, secrets_=(), log_file: str | None = None,
                  level: int = logging.WARNING) -> logging.Handler:
    """One handler for the whole process: rotated file (``log_file``) or stderr, redacting."""
    if log_file:
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                                                       encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(secrets_=secrets_))
    handler.setLevel(level)
    root = logging.getLogger()
    for lg in (root, app_log):
        for h in list(lg.handlers):
            lg.removeHandler(h)
    root.addHandler(handler)
    app_log.addHandler(handler)
    app_log.propagate = False
    return handler


def log_request(handler) -> None:
    """Access log: status, method, path (never the query string), time."""
    status = handler.get_status()
    level = logging.DEBUG if status < 400 else (logging.WARNING if status < 500 else logging.ERROR)
    logging.getLogger("tornado.access").log(level, "%d %s %s %.1fms", status, handler.request.method,
                                            handler.request.path, 1000.0 * handler.request.request_time())


# --------------------------------------------------------------------------------------------
# Who owns which kernel
# --------------------------------------------------------------------------------------------
@dataclass
class KernelInfo:
    key: str                      # the kernel's own secret for /ks-query
    cookie: str = ""              # page cookie name (empty: still in the pool)
    secret_hash: str = ""         # sha256 of the page cookie's value
    client: str = ""
    handed_at: float = 0.0
    connections: int = 0
    ever_connected: bool = False
    gone_since: float = 0.0
    account: str = ""             # the account logged in to the page (private apps), for its kernel


def _digest(value: str) -> str:
    import hashlib
    return hashlib.sha256(value.encode()).hexdigest()


class Registry:
    """Per-process book of kernels, their keys, their pages and pending query strings."""

    def __init__(self):
        self.kernels: dict[str, KernelInfo] = {}
        self.payloads: dict[str, dict] = {}
        self.waiters: dict[str, asyncio.Future] = {}
        self.pending: dict[str, int] = defaultdict(int)   # admitted pages not yet bound, per client
        self.by_cookie: dict[str, str] = {}                 # page cookie name -> kernel id

    # -- kernels ------------------------------------------------------------------------------
    def new_kernel(self, kernel_id: str) -> str:
        key = secrets.token_urlsafe(32)
        self.kernels[kernel_id] = KernelInfo(key=key)
        return key

    def forget(self, kernel_id: str) -> None:
        info = self.kernels.pop(kernel_id, None)
        if info is not None and info.cookie:
            self.by_cookie.pop(info.cookie, None)
        self.payloads.pop(kernel_id, None)
        fut = self.waiters.pop(kernel_id, None)
        if fut is not None and not fut.done():
            fut.cancel()

    # -- pages --------------------------------------------------------------------------------
    def pages(self, client: str | None = None) -> int:
        bound = sum(1 for k in self.kernels.values() if k.cookie and (client is None or k.client == client))
        pending = self.pending.get(client, 0) if client is not None else sum(self.pending.values())
        return bound + pending

    def bind(self, kernel_id: str, cookie: str, secret: str, client: str, account: str = "") -> None:
        info = self.kernels.get(kernel_id)
        if info is None:  # started outside our manager: refuse everything for it
            info = self.kernels[kernel_id] = KernelInfo(key=secrets.token_urlsafe(32))
        # handed_at stays 0 while the page is still being sent: under a burst, rendering alone can
        # take longer than connect_timeout (see ``sent``)
        info.cookie, info.secret_hash, info.client, info.handed_at = cookie, _digest(secret), client, 0.0
        info.account = account
        self.by_cookie[cookie] = kernel_id

    def touch(self, cookie_names) -> None:
        """A request carrying page cookies (the page loading its scripts): its kernels' clocks restart."""
        now = None
        for name in cookie_names:
            kid = self.by_cookie.get(name)
            info = self.kernels.get(kid) if kid else None
            if info is not None and info.handed_at:
                now = now or time.monotonic()
                info.handed_at = now

    def sent(self, kernel_id: str) -> None:
        """The page response is complete (or abandoned): the connect_timeout clock starts now."""
        info = self.kernels.get(kernel_id)
        if info is not None and info.cookie and not info.handed_at:
            info.handed_at = time.monotonic()

    def owns(self, handler, kernel_id: str) -> bool:
        info = self.kernels.get(kernel_id)
        if info is None or not info.cookie:
            return False
        value = handler.get_cookie(info.cookie)
        return bool(value) and hmac.compare_digest(_digest(value), info.secret_hash)

    def connected(self, kernel_id: str) -> None:
        info = self.kernels.get(kernel_id)
        if info is not None:
            info.connections += 1
            info.ever_connected = True

    def disconnected(self, kernel_id: str) -> None:
        info = self.kernels.get(kernel_id)
        if info is not None:
            info.connections = max(0, info.connections - 1)
            if info.connections == 0:
                info.gone_since = time.monotonic()

    def expired(self, connect_timeout: float, gone_timeout: float) -> list[str]:
        """Kernels handed to a page that never connected in time, or whose page is gone."""
        now = time.monotonic()
        out = []
        for kid, info in self.kernels.items():
            if not info.cookie or info.connections:
                continue
            never = not info.ever_connected and info.handed_at and now - info.handed_at > connect_timeout
            gone = info.ever_connected and now - info.gone_since > gone_timeout
            if never or gone:
                out.append(kid)
        return out

    # -- the request's query string, for its kernel only ------------------------------------
    def deliver(self, kernel_id: str, payload: dict) -> None:
        info = self.kernels.get(kernel_id)
        # the page's account goes with its request: a preheated kernel learns who is logged in here
        payload = {**payload, acc.ACCOUNT_ENV: info.account if info is not None else ""}
        fut = self.waiters.pop(kernel_id, None)
        if fut is not None and not fut.done():
            fut.set_result(payload)
        else:
            self.payloads[kernel_id] = payload

    async def wait_payload(self, kernel_id: str) -> dict:
        if kernel_id in self.payloads:
            return self.payloads.pop(kernel_id)
        fut = asyncio.get_running_loop().create_future()
        old = self.waiters.get(kernel_id)
        if old is not None and not old.done():
            old.cancel()
        self.waiters[kernel_id] = fut
        return await fut


REGISTRY = Registry()


class QueryHub:
    """Stands in for Voilà's ``RequestInfoSocketHandler.send_updates``: keeps the request for its kernel."""

    @classmethod
    def send_updates(cls, msg: dict) -> None:
        REGISTRY.deliver(msg["kernel_id"], msg["payload"])


voila_handler.RequestInfoSocketHandler = QueryHub  # VoilaHandler hands the preheated kernel its request here


class KinerjaKernelManager(AsyncMappingKernelManager):
    """Every kernel gets an id chosen here and a random key in its environment (for ``/ks-query``).

    Its zmq context is sized for ``LockedVoila.max_kernels`` (``limits.sized_context``): libzmq's
    default of 1,023 sockets would otherwise fail every page past ~170."""

    def _context_default(self):
        import zmq.asyncio

        self._created_context = True
        app = self.parent
        sockets = limits.zmq_sockets_needed(getattr(app, "max_kernels", 0) or 0, 8)
        return limits.sized_context(zmq.asyncio.Context(), sockets)

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        kernel_id = kernel_id or str(uuid.uuid4())
        key = REGISTRY.new_kernel(kernel_id)
        app = self.parent
        # no secret but those this app's kernels need (LockedVoila.kernel_secrets); never the admin secret
        env = scrubbed_env(kwargs.get("env") or os.environ,
                           keep=[k for k in getattr(app, "kernel_secrets", ()) if k != ADMIN_SECRET_ENV])
        env[KERNEL_ID_ENV] = kernel_id
        env[KERNEL_KEY_ENV] = key
        # only a kernel started for a logged-in page (_BindingKernelManager) knows an account
        env[acc.ACCOUNT_ENV] = str(kwargs.pop("ks_account", "") or "")
        host = app.ip if app.ip not in ("", "0.0.0.0", "::", "localhost") else "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        env[QUERY_URL_ENV] = f"http://{host}:{app.port}{app.server_url.rstrip('/')}{QUERY_PATH}{kernel_id}"
        env.pop(FORKSERVER_ENV, None)
        if getattr(app, "forkserver_path", ""):
            env[FORKSERVER_ENV] = app.forkserver_path  # read by the launcher (share/kernels/python3)
        kwargs["env"] = env
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        except BaseException:
            REGISTRY.forget(kernel_id)
            raise

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            REGISTRY.forget(kernel_id)


# --------------------------------------------------------------------------------------------
# Handlers
# --------------------------------------------------------------------------------------------
PAGE = jinja2.Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ title }}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f7fa;color:#1f2933}
main{box-sizing:border-box;max-width:36rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.25rem;margin:0 0 1rem}
p{font-size:1rem;line-height:1.5;margin:0;overflow-wrap:anywhere}
</style>
</head>
<body>
<main class="ks-denied">
<h1>{{ title }}</h1>
<p class="ks-denied-message">{{ message }}</p>
</main>
</body>
</html>
""")


def render_notice(handler, status: int, message_key: str, title_key: str = "denied_title") -> None:
    lang = resolve_lang(handler.get_query_argument("lang", None))
    handler.clear()
    handler.set_status(status)
    for name, value in SECURITY_HEADERS.items():
        handler.set_header(name, value)
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", "no-store")
    if status in (429, 503) and not message_key.startswith("service"):
        handler.set_header("Retry-After", "60")
    handler.finish(PAGE.render(lang=lang, title=t(title_key, lang), message=t(message_key, lang)))


_EXTERNAL_LINK = re.compile(r'<link[^>]*\shref="(?:https?:)?//[^"]*"[^>]*>\s*')


def _write_error(self, status_code: int, **kwargs) -> None:
    """Every human-facing error page: a short notice, never a traceback (replaces Jupyter's,
    whose templates are missing under Voilà and logged a 4.7 kB traceback per request)."""
    render_notice(self, status_code, "service_error" if status_code >= 500 else "server_bad_request", "denied_title")


JupyterHandler.write_error = _write_error


class SharedTemplateCode(jinja2.BytecodeCache):
    """Compiled page templates kept for the life of the process.

    Voilà renders every page (and, preheated, every pool kernel's page) with a new exporter and so
    a new jinja ``Environment``, which compiled the ~15 templates of the page again each time (a
    good part of the server's CPU per visit).  A template is still read and checksummed on every
    load; only a changed source is compiled again.  Code compiled for an async environment is
    never handed to a sync one (and extensions must match)."""

    def __init__(self):
        self._code: dict[tuple, bytes] = {}

    @staticmethod
    def _key(bucket) -> tuple:
        env = bucket.environment
        return bucket.key, bucket.checksum, env.is_async, tuple(sorted(env.extensions))

    def load_bytecode(self, bucket) -> None:
        data = self._code.get(self._key(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self._code[self._key(bucket)] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()
_voila_environment = VoilaExporter.environment


def _environment_with_shared_code(self):
    env = _voila_environment.fget(self)
    env.bytecode_cache = TEMPLATE_CODE
    return env


VoilaExporter.environment = property(_environment_with_shared_code)


def _forwarded_client(headers) -> str | None:
    """The client address a proxy passed on: ``X-Real-IP``, else the last ``X-Forwarded-For`` entry
    (the one the proxy itself appended); None unless it is an IP address."""
    import ipaddress

    value = headers.get("X-Real-IP") or (headers.get("X-Forwarded-For") or "").split(",")[-1]
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


class ClientAddress(tornado.web.OutputTransform):
    """``request.remote_ip`` becomes the address the reverse proxy reports, for requests coming
    from the configured proxy (``LockedVoila.trusted_proxy``, with ``behind_proxy``) only: from any
    other peer ``X-Real-IP``/``X-Forwarded-For`` are ignored (Tornado's own ``xheaders`` would
    believe them from anyone).  Runs before the handler, as every transform is built first."""

    proxy = ""  # set by LockedVoila.init_settings through the application settings

    def __init__(self, request):
        super().__init__(request)
        request.ks_peer = request.remote_ip  # the connection's own address (the user header's check)
        proxy = ClientAddress.proxy
        if proxy and request.remote_ip == proxy:
            forwarded = _forwarded_client(request.headers)
            if forwarded:
                request.remote_ip = forwarded


class PageActivity(tornado.web.OutputTransform):
    """Every request carrying a page cookie (scripts, styles, the kernel model) shows the page is
    still loading: a slow page under a burst is not mistaken for one that never connects."""

    def __init__(self, request):
        super().__init__(request)
        try:
            names = [n for n in request.cookies if n.startswith(PAGE_COOKIE_PREFIX)]
        except Exception:  # noqa: BLE001 - a malformed Cookie header: nothing to touch
            names = []
        if names:
            REGISTRY.touch(names)


class _BindingKernelManager:
    """The kernel manager as the page handler sees it: records which kernel the page got."""

    def __init__(self, km, handler):
        self._km, self._handler = km, handler

    def __getattr__(self, name):
        return getattr(self._km, name)

    async def get_rendered_notebook(self, *args, **kwargs):
        result = await self._km.get_rendered_notebook(*args, **kwargs)
        self._handler.bind_kernel(result[2])
        return result

    async def start_kernel(self, *args, **kwargs):
        kwargs["ks_account"] = getattr(self._handler, "_ks_account", "")
        kernel_id = await ensure_async(self._km.start_kernel(*args, **kwargs))
        self._handler.bind_kernel(kernel_id)
        return kernel_id


class GatedVoilaHandler(TornadoVoilaHandler):
    """The notebook page: link checked, caps applied and page cookie set before any kernel."""

    @property
    def kernel_manager(self):
        return _BindingKernelManager(self.settings["kernel_manager"], self)

    def bind_kernel(self, kernel_id: str) -> None:
        if self._ks_page is not None:
            cookie, secret, client = self._ks_page
            REGISTRY.bind(kernel_id, cookie, secret, client, getattr(self, "_ks_account", ""))
            self._ks_bound = kernel_id
            self._release()

    def _release(self) -> None:
        if self._ks_page is not None and not self._ks_released:
            client = self._ks_page[2]
            REGISTRY.pending[client] -= 1
            if REGISTRY.pending[client] <= 0:
                REGISTRY.pending.pop(client, None)
            self._ks_released = True

    def on_finish(self):
        self._release_if_unbound()
        super().on_finish()

    def on_connection_close(self):
        self._release_if_unbound()
        super().on_connection_close()

    def _release_if_unbound(self):
        if getattr(self, "_ks_page", None) is not None:
            self._release()
        if getattr(self, "_ks_bound", None) is not None:
            REGISTRY.sent(self._ks_bound)

    @tornado.web.authenticated
    async def get(self, path=None):
        self._ks_page, self._ks_released, self._ks_bound, self._ks_account = None, False, None, ""
        cfg = self.settings["kinerja"]
        if "template" in self.request.arguments or "theme" in self.request.arguments:
            return render_notice(self, 400, "server_bad_request")
        if self.identity_provider.token and "token" in self.request.query_arguments:
            # logged in by ?token=<secret> (the login cookie is set): the same page without the
            # secret, so that it stays neither in the address bar nor in the history
            rest = [(k, v.decode("utf-8", "replace")) for k, vs in self.request.query_arguments.items()
                    if k != "token" for v in vs]
            self.set_header("Cache-Control", "no-store")
            return self.redirect(self.request.path + (f"?{urlencode(rest)}" if rest else ""), status=303)
        if self.identity_provider.token:  # a private app: who is logged in, and may they open it?
            refused = await self._check_account()
            if refused is not None:
                return refused
        if cfg["check_links"]:
            denied = await self._check_link()
            if denied is not None:
                return render_notice(self, *denied)
        client = self.request.remote_ip or "?"
        # full: the waiting room (limits.WaitingRoom), first come first served, never an error
        admitted, ticket, place = cfg["waiting"].admit(self.get_cookie(limits.WAIT_COOKIE),
                                                       cfg["max_kernels"] - REGISTRY.pages())
        if not admitted:
            log.warning("page waiting: %d pages open (max_kernels), place %d", REGISTRY.pages(), place)
            return limits.render_waiting(self, place, ticket, SECURITY_HEADERS)
        if self.get_cookie(limits.WAIT_COOKIE):
            self.clear_cookie(limits.WAIT_COOKIE, path=self.base_url)
        if REGISTRY.pages(client) >= cfg["max_kernels_per_client"]:
            log.warning("page refused: client at max_kernels_per_client")
            return render_notice(self, 429, "server_too_many", "server_busy_title")
        cookie = PAGE_COOKIE_PREFIX + secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        secure = self.request.protocol == "https"
        self.set_cookie(cookie, secret, path=self.base_url, httponly=True, samesite="Strict", secure=secure)
        if cfg["route"]:
            self.set_cookie(ROUTE_COOKIE, cfg["route"], path="/", httponly=True, samesite="Strict", secure=secure)
        self._ks_page = (cookie, secret, client)
        REGISTRY.pending[client] += 1
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        gen = self.get_generator(path=path)
        async for html in gen:
            self.write(_EXTERNAL_LINK.sub("", html))  # Voilà's template loads Font Awesome from a CDN
            self.flush()

    def get_login_url(self) -> str:
        """The login form, with ``next`` (this page) stripped of any ``token``: a retired or wrong
        secret in the address does not travel on to the login page's address."""
        url = super().get_login_url()
        if "?" in url:
            return url
        return url + "?" + urlencode({"next": _strip_secret(self.request.uri)})

    async def _check_account(self):
        """The page's account (``self._ks_account``), or the answer for a login that does not open
        this app: the admin secret's login goes to the first-account page (admin app, no account
        yet) or to the login form (an account exists); an account disabled since, or without a role
        that opens this app, is refused (``account.page_refused``)."""
        from ..cycle.accounts import may_open

        cfg = self.settings["kinerja"]
        name = getattr(self.current_user, "username", "") or ""
        store = cfg["store"]()
        loop = asyncio.get_running_loop()
        if name == acc.SETUP_USER:
            if await loop.run_in_executor(None, store.has_accounts):
                self.identity_provider.clear_login_cookie(self)
                self.redirect(self.base_url.rstrip("/") + "/login", status=303)
                return True
            if cfg["first_login"]:
                self.redirect(self.base_url.rstrip("/") + acc.SETUP_PATH, status=303)
                return True
            render_notice(self, 403, "account.setup_elsewhere", "account.login_title")
            return True
        account = await loop.run_in_executor(None, store.account, name)
        if account is None or not account["active"]:
            self.identity_provider.clear_login_cookie(self)
            self.redirect(self.base_url.rstrip("/") + "/login", status=303)
            return True
        if not may_open(account, cfg["app_name"]):
            render_notice(self, 403, "account.page_refused", "account.login_title")
            return True
        self._ks_account = account["username"]
        return None

    async def _check_link(self):
        from ..store import AccessDenied, StoreError
        token = self.get_query_argument("token", "")
        if not token:
            return 403, "denied_unknown"
        try:
            store = self.settings["kinerja"]["store"]()
            await asyncio.get_running_loop().run_in_executor(None, _open_link_or_results, store, token)
        except AccessDenied as exc:
            return 403, f"denied_{exc.reason}"
        except StoreError:
            log.warning("link check failed: database unavailable")
            return 503, "server_unavailable"
        return None


def _open_link_or_results(store, token: str) -> None:
    """The gate's question: does this link open anything?  A form while the cycle is open (a
    colleague's or a stakeholder's link), once the cycle is published the employee's own results
    (``Store.open_results_link``), or a dialog kinerja link (``Store.open_dialog_link``)."""
    from ..store import AccessDenied

    try:
        store.open_link(token)
    except AccessDenied as exc:
        if exc.reason == "unknown" and hasattr(store, "open_dialog_link"):
            try:
                store.open_dialog_link(token)
                return
            except AccessDenied:
                raise exc from None
        if exc.reason != "closed" or not hasattr(store, "open_results_link"):
            raise
        store.open_results_link(token)


class PageKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Kernel websocket: only the page holding the kernel's cookie; no tracebacks to the browser."""

    # tracebacks, and (as Voilà does) the notebook's source echoed by execute_input
    DROPPED: ClassVar[frozenset] = frozenset({"error", "execute_input"})

    async def get(self, kernel_id):
        if not REGISTRY.owns(self, kernel_id):
            raise tornado.web.HTTPError(403)
        return await super().get(kernel_id)

    async def open(self, kernel_id):
        REGISTRY.connected(kernel_id)
        self._ks_kernel = kernel_id
        await super().open(kernel_id)

    def on_close(self):
        kid = getattr(self, "_ks_kernel", None)
        if kid is not None:
            REGISTRY.disconnected(kid)
            self._ks_kernel = None
        super().on_close()

    def write_message(self, message, binary=False):
        if _dropped(message, self.DROPPED):
            return None  # a traceback or stderr: it stays in the server, the page shows its own message
        # Voilà's own write_message only drops execute_input (done above): skip its second header parse
        fut = super(VoilaKernelWebsocketHandler, self).write_message(message, binary)
        if fut is not None:  # a page closed mid-write: its WebSocketClosedError is expected, not logged
            fut.add_done_callback(_retrieve)
        return fut


def _retrieve(fut) -> None:
    if not fut.cancelled():
        fut.exception()


def _dropped(message, dropped: frozenset) -> bool:
    """Whether a kernel message on its way to the browser (v1 binary or JSON) is one of ``dropped``
    or ``stderr`` output.  Only the header is parsed, and the content of ``stream`` messages: most
    messages are widget state, parsed here for nothing otherwise."""
    try:
        if isinstance(message, bytes):
            n = int.from_bytes(message[:8], "little")
            offsets = [int.from_bytes(message[8 * (i + 1):8 * (i + 2)], "little") for i in range(n)]
            msg_type = json.loads(message[offsets[1]:offsets[2]]).get("msg_type")
            if msg_type != "stream":
                return msg_type in dropped
            end = offsets[5] if len(offsets) > 5 else len(message)
            content = json.loads(message[offsets[4]:end])
        else:
            if isinstance(message, str):
                message = json.loads(message)
            if not isinstance(message, dict):
                return False
            msg_type = (message.get("header") or {}).get("msg_type")
            if msg_type != "stream":
                return msg_type in dropped
            content = message.get("content")
        return (content or {}).get("name") == "stderr"
    except (ValueError, IndexError, TypeError, AttributeError):
        return False


class PageKernelHandler(KernelHandler):
    """``/api/kernels/<id>``: the model for the owning page only; no deletion over HTTP."""

    async def get(self, kernel_id):
        if not REGISTRY.owns(self, kernel_id):
            raise tornado.web.HTTPError(403)
        return await super().get(kernel_id)

    async def delete(self, kernel_id):
        raise tornado.web.HTTPError(405)


class PageShutdownHandler(VoilaShutdownKernelHandler):
    """Voilà's ``beforeunload`` beacon: frees the page's own kernel at once.

    The beacon carries no usable ``_xsrf`` field; the page cookie (HttpOnly, SameSite=Strict, a
    secret only that page received) authenticates it and is never sent by another site.
    """

    def check_xsrf_cookie(self):
        return None

    async def post(self, kernel_id):
        if not REGISTRY.owns(self, kernel_id):
            raise tornado.web.HTTPError(403)
        await ensure_async(self.kernel_manager.shutdown_kernel(kernel_id))
        self.set_status(204)
        self.finish()


class LogoutHandler(JupyterHandler):
    """``/logout``: forget the login cookie and say so (Jupyter's own needs templates Voilà lacks)."""

    @allow_unauthenticated
    def get(self):
        self.identity_provider.clear_login_cookie(self)
        render_notice(self, 200, "logged_out", "logged_out_title")


class QueryHandler(tornado.web.RequestHandler):
    """``/ks-query/<kernel id>``: a kernel, showing its own key, waits here for its page's request."""

    def check_xsrf_cookie(self):
        return None

    async def get(self, kernel_id):
        info = REGISTRY.kernels.get(kernel_id)
        key = self.request.headers.get(KEY_HEADER, "")
        if info is None or not key or not hmac.compare_digest(info.key, key):
            raise tornado.web.HTTPError(403)
        try:
            payload = await REGISTRY.wait_payload(kernel_id)
        except asyncio.CancelledError:
            raise tornado.web.HTTPError(410) from None
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(payload))

    def on_connection_close(self):
        pass


def _loopback(address: str | None) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


class HealthHandler(tornado.web.RequestHandler):
    """``/ks-health``: the server is up; preheated kernels ready; kernels and pages alive; whether
    the fork server (``kinerja_survey.apps.forkserver``) is running.

    Answers requests from this machine only (404 to anyone else, also through the proxy)."""

    def initialize(self, app):
        self.voila_app = app

    def get(self):
        if not _loopback(self.request.remote_ip):  # through a proxy: the client's address
            raise tornado.web.HTTPError(404)
        km = self.voila_app.kernel_manager
        ready = 0
        for pool in getattr(km, "_pools", {}).values():
            ready += sum(1 for task in pool if task.done() and not task.cancelled() and task.exception() is None)
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        fork = getattr(self.voila_app, "_forkserver", None)
        import resource

        import zmq

        context = getattr(km, "context", None)
        self.finish(json.dumps({"status": "ok", "preheated_ready": ready, "kernels": len(km.list_kernel_ids()),
                                "pages": REGISTRY.pages(), "forkserver": fork is not None and fork.poll() is None,
                                "max_kernels": self.voila_app.max_kernels,
                                "waiting": len(self.settings["kinerja"]["waiting"]),
                                "zmq_max_sockets": context.get(zmq.MAX_SOCKETS) if context is not None else None,
                                "open_files_limit": resource.getrlimit(resource.RLIMIT_NOFILE)[0]}))


def _strip_secret(url: str) -> str:
    """``url`` without any ``token`` parameter (a ``next`` may carry the secret it was opened with)."""
    from urllib.parse import parse_qsl, urlsplit, urlunsplit

    parts = urlsplit(url or "/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "token"]
    return urlunsplit(("", "", parts.path or "/", urlencode(query), ""))


class ThrottledLoginHandler(VoilaLoginHandler):
    """``/login``: an account's username and password (or, while no account exists, the admin
    secret in the password field).  A wrong guess is answered only after its delay
    (``ThrottledIdentityProvider.delay``, per client address and per account named), without
    holding up anyone else; the right credentials always log in at once.  After login the
    redirect carries no secret (``next`` loses any ``token``)."""

    def _render(self, message=None, username: str = ""):
        text = message if isinstance(message, str) else ""
        self.set_header("Cache-Control", "no-store")
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Referrer-Policy", acc.FORM_REFERRER_POLICY)
        self.finish(acc.render_login(self, message=text, username=username,
                                     next_url=_strip_secret(self.get_argument("next", default=self.base_url))))

    @allow_unauthenticated
    def get(self):
        if self.current_user:
            return self.redirect(_strip_secret(self.get_argument("next", default=self.base_url)))
        return self._render()

    def _message(self, key: str, **fields) -> str:
        return t(key, resolve_lang(self.get_query_argument("lang", None)), **fields)

    @allow_unauthenticated
    async def post(self):
        from ..cycle.accounts import AccountError, login

        provider = self.identity_provider
        username = self.get_argument("username", default="").strip()[:100]
        password = self.get_argument("password", default="")
        store = self.settings["kinerja"]["store"]()
        loop = asyncio.get_running_loop()
        user = None
        if username:
            try:
                account = await loop.run_in_executor(None, login, store, username, password,
                                                     self.settings["kinerja"]["app_name"])
            except AccountError as exc:  # the right password, a role that does not open this app
                self.set_status(403)
                return self._render(exc.message(resolve_lang(self.get_query_argument("lang", None))), username)
            if account is not None:
                user = provider.account_user(account)
        elif provider.secret_matches(password):
            if await loop.run_in_executor(None, store.has_accounts):
                self.set_status(403)  # the right secret, but it served its one purpose already
                return self._render(self._message("account.secret_retired"))
            user = provider.setup_user()
        if user is None:
            provider.failed(self, username)
            await asyncio.sleep(provider.delay(self, username))
            self.set_status(429 if provider.over_limit(self, username) else 401)
            return self._render(self._message("account.login_failed"), username)
        self.current_user = user
        provider.set_login_cookie(self, user)
        self._redirect_safe(_strip_secret(self.get_argument("next", default=self.base_url)))


class SetupHandler(JupyterHandler):
    """``/ks-setup`` (admin app): the admin secret's login creates the first operator account here,
    and is then logged in as that account.  Refused once any account exists."""

    def _page(self, status: int = 200, message: str = "", **values) -> None:
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Referrer-Policy", acc.FORM_REFERRER_POLICY)
        self.finish(acc.render_setup(self, message=message, **values))

    async def _allowed(self) -> bool:
        if getattr(self.current_user, "username", "") != acc.SETUP_USER:
            render_notice(self, 403, "account.setup_denied", "account.setup_title")
            return False
        store = self.settings["kinerja"]["store"]()
        if await asyncio.get_running_loop().run_in_executor(None, store.has_accounts):
            self.identity_provider.clear_login_cookie(self)
            render_notice(self, 403, "account.secret_retired", "account.setup_title")
            return False
        return True

    @tornado.web.authenticated
    async def get(self):
        if await self._allowed():
            self._page()

    @tornado.web.authenticated
    async def post(self):
        from ..cycle.accounts import create_first_account
        from ..errors import KinerjaError

        if not await self._allowed():
            return
        lang = resolve_lang(self.get_query_argument("lang", None))
        username = self.get_argument("username", default="")[:100]
        display = self.get_argument("display_name", default="")[:300]
        password = self.get_argument("password", default="")
        if password != self.get_argument("password2", default=""):
            return self._page(400, t("account.password_mismatch", lang), username=username, display_name=display)
        store = self.settings["kinerja"]["store"]()
        try:
            account = await asyncio.get_running_loop().run_in_executor(
                None, lambda: create_first_account(store, username, password, display_name=display,
                                                   actor=acc.SETUP_ACTOR))
        except KinerjaError as exc:
            return self._page(400, exc.message(lang), username=username, display_name=display)
        self.identity_provider.set_login_cookie(self, self.identity_provider.account_user(account))
        self.redirect(self.base_url, status=303)


class ThrottledIdentityProvider(PasswordIdentityProvider):
    """Who is logged in to a private app; wrong guesses slowed per client and per account, never a lockout.

    * **Accounts** (``cycle.accounts.login``, ``ThrottledLoginHandler``): username and password,
      argon2id in the store; the login cookie holds the username, and every page load checks the
      account is still active and holds a role that opens the app (``GatedVoilaHandler``).
    * **The admin secret** (``?token=`` or the password field), compared in constant time, logs in
      only while no account exists, to the first-account page (``SetupHandler``).
    * **Single sign-on** (``LockedVoila.user_header``): the header names an active account, and is
      believed only when the connection comes from ``trusted_proxy`` (nginx ``auth_request``);
      from any other peer it is ignored.
    * The right credentials always log in at once, whatever anyone guessed before (every local
      user and every SSH-tunnelled HR officer reaches the private apps from 127.0.0.1: a lockout
      would let any of them lock HR out).
    * A wrong guess is answered after ``min(max_delay, base_delay * 2**(n-1))`` seconds, ``n`` the
      larger of the wrong guesses from that client address and those naming that account within
      the last ``window`` seconds; from the ``per_client``-th on the answer is 429 instead of 401.
      The delay holds that request only.

    A delay cannot stop many guesses sent at once (each is answered after at most ``max_delay``
    and the right one at once): what keeps a password is its strength (``store.accounts``: 12
    characters at least) and argon2's cost; the delay slows a guesser typing or scripting one at a time."""

    per_client = Int(10, config=True, help="Wrong guesses per client address (or account) per window before 429.")
    window = Float(60.0, config=True, help="Seconds a wrong guess counts against its client and account.")
    base_delay = Float(0.05, config=True, help="Seconds the first wrong guess waits; doubled for each further one.")
    max_delay = Float(3.0, config=True, help="Longest wait for a wrong guess, seconds.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.login_handler_class = ThrottledLoginHandler  # Voilà passes its own; ours adds accounts and the delay
        self._fails: dict[str, deque] = {}

    # -- who ----------------------------------------------------------------------------------
    @staticmethod
    def account_user(account: dict):
        from jupyter_server.auth.identity import User

        return User(username=account["username"], name=account["username"],
                    display_name=account.get("display_name") or account["username"])

    @staticmethod
    def setup_user():
        from jupyter_server.auth.identity import User

        return User(username=acc.SETUP_USER, name=acc.SETUP_USER, display_name=acc.SETUP_USER)

    def _app(self):
        return self.parent if isinstance(self.parent, LockedVoila) else None

    async def _get_user(self, handler):
        if getattr(handler, "_jupyter_current_user", None):
            return handler._jupyter_current_user
        user = await self._header_user(handler)
        return user if user is not None else await super()._get_user(handler)

    async def _header_user(self, handler):
        """Single sign-on: the account the trusted proxy names in ``user_header``; None otherwise
        (no header configured, a header from any other peer, no such active account)."""
        app = self._app()
        if app is None or not self.token or not app.user_header:
            return None
        name = (handler.request.headers.get(app.user_header) or "").strip()
        peer = getattr(handler.request, "ks_peer", handler.request.remote_ip)
        if not name or not app.trusted_proxy or peer != app.trusted_proxy:
            return None
        account = await asyncio.get_running_loop().run_in_executor(None, app.store().account, name)
        return self.account_user(account) if account is not None and account["active"] else None

    # -- wrong guesses --------------------------------------------------------------------------
    @staticmethod
    def _keys(handler, username: str = "") -> list[str]:
        keys = ["client:" + (handler.request.remote_ip or "?")]
        if username:
            keys.append("account:" + username.strip().lower()[:100])
        return keys

    def _recent(self, key: str) -> deque:
        now = time.monotonic()
        for name in [c for c, q in self._fails.items() if not q or now - q[-1] > self.window]:
            del self._fails[name]  # every key whose guesses have all aged out: memory stays bounded
        q = self._fails.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    #: accounts named by wrong guesses remembered at once: a flood of made-up names is bounded
    #: (the client's own key always counts, so such a flood is slowed by its address anyway)
    max_accounts = 10000

    def failed(self, handler, username: str = "") -> None:
        keys = self._keys(handler, username)
        if len(self._fails) >= self.max_accounts and keys[-1] not in self._fails:
            keys = keys[:1]
        for key in keys:
            q = self._recent(key)
            q.append(time.monotonic())
            if len(q) > 4 * self.per_client:
                q.popleft()  # the delay is already at its cap: no need to remember more

    def _count(self, handler, username: str = "") -> int:
        return max(len(self._recent(key)) for key in self._keys(handler, username))

    def over_limit(self, handler, username: str = "") -> bool:
        return self._count(handler, username) >= self.per_client

    def delay(self, handler, username: str = "") -> float:
        n = self._count(handler, username)
        return min(self.max_delay, self.base_delay * 2 ** max(0, n - 1)) if n else 0.0

    # -- the admin secret -------------------------------------------------------------------------
    def secret_matches(self, given) -> bool:
        return bool(self.token) and bool(given) and hmac.compare_digest(str(given).encode(), str(self.token).encode())

    _correct = secret_matches

    async def get_user_token(self, handler):
        if not self.token:
            return None
        given = self.get_token(handler)
        if not given:
            return None
        if not self.secret_matches(given):
            self.failed(handler)
            await asyncio.sleep(self.delay(handler))
            if self.over_limit(handler):
                raise tornado.web.HTTPError(429)
            return None
        app = self._app()
        if app is not None and await asyncio.get_running_loop().run_in_executor(None, app.store().has_accounts):
            return None  # an account exists: the secret no longer logs in
        user = await ensure_async(self.get_user_cookie(handler))
        return user if user is not None else self.setup_user()

    def process_login_form(self, handler):
        """Not used (``ThrottledLoginHandler.post`` logs in); kept refusing, as the base class asks."""
        return


# --------------------------------------------------------------------------------------------
# The application
# --------------------------------------------------------------------------------------------
class LockedVoila(Voila):
    """Voilà serving its one notebook at ``/`` only, gated, hardened (see the module docstring)."""

    name = "kinerja-voila"

    check_links = Bool(False, config=True, help="Look the ?token= up in the database before any kernel (rater app).")
    max_kernels = Int(40, config=True, help="Pages (kernels handed out) open at once, in total; 0: from "
                                            "available memory (limits.default_max_kernels).")
    max_kernels_per_client = Int(10, config=True, help="Pages open at once per client address.")
    connect_timeout = Float(60.0, config=True,
                            help="Seconds a page has to connect to its kernel, counted from the end of its response.")
    gone_timeout = Float(60.0, config=True, help="Seconds a kernel outlives its page's last websocket.")
    reap_interval = Float(5.0, config=True, help="Seconds between reaper runs.")
    behind_proxy = Bool(False, config=True, help="Trust X-Real-IP/X-Forwarded-For from trusted_proxy (nginx).")
    trusted_proxy = Unicode("127.0.0.1", config=True,
                            help="The reverse proxy's address: only its requests' X-Real-IP/X-Forwarded-For count.")
    allow_eval = Bool(False, config=True, help="Allow 'unsafe-eval' for scripts in the Content-Security-Policy.")
    kernel_secrets = List(Unicode(), config=True,
                          help="Secret variables (serve.SECRET_ENVS) this app's kernels inherit; the rest are removed.")
    route = Unicode("", config=True, help="Value of the ks_route cookie (sticky routing at the proxy).")
    fork_kernels = Bool(False, config=True,
                        help="Fork kernels from a process that has imported them (kinerja_survey.apps.forkserver).")
    fork_preload = List(Unicode(), config=True, help="Modules the fork server imports for every kernel.")
    app_name = Unicode("", config=True, help="The private app served (admin, results, calibration): the roles it admits.")
    first_login = Bool(False, config=True,
                       help="While no account exists, the admin secret opens the page creating the first operator.")
    user_header = Unicode("", config=True,
                          help="Single sign-on: the request header naming the account, believed from trusted_proxy only.")

    def initialize(self, argv=None):
        super().initialize(argv)
        secret = os.environ.pop(ADMIN_SECRET_ENV, None)  # not passed on to the kernels
        os.environ.pop(acc.ACCOUNT_ENV, None)  # a kernel learns its page's account, never this process's
        if secret:
            self.token = secret
        self._secret = secret or ""
        level = self.log_level if isinstance(self.log_level, int) else logging.getLevelName(str(self.log_level))
        setup_logging(self.log, secrets_=[self._secret], log_file=os.environ.pop(LOG_FILE_ENV, None),
                      level=level if isinstance(level, int) else logging.WARNING)
        SECURITY_HEADERS["Content-Security-Policy"] = csp(self.allow_eval)
        self.voila_configuration.allow_template_override = "NO"
        self.voila_configuration.allow_theme_override = "NO"
        self.voila_configuration.multi_kernel_manager_class = KinerjaKernelManager
        self.identity_provider_class = ThrottledIdentityProvider
        if self.max_kernels <= 0:  # not given: from available memory (limits.default_max_kernels)
            self.max_kernels, why = limits.default_max_kernels()
            self.log.warning("%s", why)
        limits.raise_open_files(limits.open_files_needed(self.max_kernels, 8))
        self._store = None
        self._forkserver = None
        self.forkserver_path = ""
        if self.fork_kernels:
            self.start_forkserver()
        self.tornado_settings = {**self.tornado_settings, "log_function": log_request,
                                 "headers": dict(SECURITY_HEADERS), "serve_traceback": False,
                                 "kinerja": {"check_links": self.check_links, "max_kernels": self.max_kernels,
                                             "waiting": limits.WaitingRoom(),
                                             "max_kernels_per_client": self.max_kernels_per_client,
                                             "route": self.route, "store": self.store, "app_name": self.app_name,
                                             "first_login": self.first_login}}

    def start_forkserver(self, timeout: float = 30.0) -> None:
        """Start ``kinerja_survey.apps.forkserver`` (it exits when this process does: its stdin is
        our pipe) and wait for its socket; without it, kernels start the ordinary way."""
        import atexit
        import shutil
        import subprocess
        import tempfile

        folder = tempfile.mkdtemp(prefix="kinerja-fork-")  # mode 700: only this user may ask for kernels
        path = os.path.join(folder, "fork.sock")
        env = scrubbed_env()  # the fork server and the rater kernels hold no secret
        env.pop(FORKSERVER_ENV, None)
        cwd = self.root_dir or os.getcwd()
        self._forkserver = subprocess.Popen([sys.executable, "-m", "kinerja_survey.apps.forkserver", path,
                                             *self.fork_preload], stdin=subprocess.PIPE, env=env, cwd=cwd)
        atexit.register(shutil.rmtree, folder, True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._forkserver.poll() is None:
            if os.path.exists(path):
                self.forkserver_path = path
                return
            time.sleep(0.05)
        self.log.warning("fork server not ready: kernels start the ordinary way")

    def init_settings(self):
        settings = super().init_settings()
        settings["transforms"] = [ClientAddress, PageActivity]
        ClientAddress.proxy = self.trusted_proxy if self.behind_proxy else ""  # one app per process
        return settings

    def store(self):
        if self._store is None:
            from ..store import Store
            self._store = Store(os.environ["KINERJA_SURVEY_DB"], create=False)
        return self._store

    def init_handlers(self):
        replace = {TornadoVoilaHandler: GatedVoilaHandler, VoilaKernelWebsocketHandler: PageKernelWebsocketHandler,
                   KernelHandler: PageKernelHandler, VoilaShutdownKernelHandler: PageShutdownHandler}
        handlers = []
        for spec in super().init_handlers():
            pattern, handler = spec[0], spec[1]
            if handler in (AllowListFileHandler, RequestInfoSocketHandler):
                continue  # /voila/files/...: nothing to serve; /voila/query: replaced by /ks-query
            if "/logout" in pattern:
                if not self.token:
                    continue  # no login on the rater app
                handlers.append((pattern, LogoutHandler))
                continue
            if not self.token and "/login" in pattern:
                continue
            if handler is TornadoVoilaHandler:
                spec = (pattern.replace("(.*)", "()"),) + tuple(spec[1:])
            spec = (spec[0], replace.get(handler, handler)) + tuple(spec[2:])
            handlers.append(spec)
        if self.token and self.first_login:
            handlers.insert(0, (acc.SETUP_PATH, SetupHandler))
        handlers.insert(0, (HEALTH_PATH, HealthHandler, {"app": self}))
        handlers.insert(1, (QUERY_PATH + r"([\w-]+)", QueryHandler))
        return handlers

    def listen(self):
        self._reaper = PeriodicCallback(self._reap, 1000 * self.reap_interval)
        self._reaper.start()
        super().listen()

    async def _reap(self):
        for kid in REGISTRY.expired(self.connect_timeout, self.gone_timeout):
            info = REGISTRY.kernels.get(kid)
            reason = "never connected" if info is not None and not info.ever_connected else "page gone"
            self.log.info("Shutting down kernel %s: %s", kid, reason)
            try:
                await ensure_async(self.kernel_manager.shutdown_kernel(kid))
            except Exception:  # noqa: BLE001 - already gone (404), or died: forget it either way
                REGISTRY.forget(kid)
