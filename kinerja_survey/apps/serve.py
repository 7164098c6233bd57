"""Serve the rater and admin apps with Voilà: two separate processes, each serving one notebook.

* The **rater app** (``notebooks/penilaian.ipynb``, default port 8866) is what personal links
  point to (``http://host:8866/?token=...``).  It serves that one notebook at ``/`` and nothing
  else: every other path, the admin notebook included, is a plain 404.
* The **results dashboard** (``notebooks/hasil.ipynb``, default port 8868, started by
  ``kinerja-survey serve`` beside the admin app) is locked down like the admin app, with the
  same secret.
* The **admin app** (``notebooks/admin.ipynb``, default port 8867) listens on 127.0.0.1 only and,
  in addition, asks for a login: an account of the store with the right role (``cycle.accounts``;
  the calibration view and the dashboard likewise), or single sign-on through nginx.  The secret
  (``?token=<secret>``, generated afresh each time unless given) logs in only while no account
  exists, to the page creating the first operator account (``apps.accounts``).  Being a different process on a different port, it cannot be reached
  through the rater server, with or without a rater token.

Both run with tracebacks hidden (``show_tracebacks=False``) and, by default, preheated kernels
(Voilà's ``preheat_kernel``/``pool_size``): a pool of kernels has already imported the app and
waits for the request, so opening a link only builds the form.  The rater app's kernels are
forked from a process that has imported ipykernel, ipywidgets, SQLAlchemy and the app once
(``kinerja_survey.apps.forkserver``), so refilling the pool after a visit does not pay for those
imports again.  Kernels whose page never connects or has gone are shut down (``voila_server``);
the rest are culled after an hour idle.

``python -m kinerja_survey.apps.serve NOTEBOOK [voila options]`` runs one locked-down Voilà server
(``LockedVoila``); ``start_app``/``start_apps`` start them as child processes and wait until they
answer; ``kinerja-survey serve`` is the command users run.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KinerjaError

NOTEBOOKS = {"rater": "penilaian.ipynb", "admin": "admin.ipynb", "results": "hasil.ipynb",
             "calibration": "kalibrasi.ipynb"}
DEFAULT_PORTS = {"rater": 8866, "admin": 8867, "results": 8868, "calibration": 8869}
PRIVATE_APPS = ("admin", "results", "calibration")  # localhost only and behind the admin secret
ADMIN_SECRET_ENV = "KINERJA_SURVEY_ADMIN_SECRET"
PSEUDONYM_SECRET_ENV = "KINERJA_SURVEY_PSEUDONYM_SECRET"  # = present.exports.PSEUDONYM_SECRET_ENV
SMTP_USER_ENV = "KINERJA_SURVEY_SMTP_USER"                # read by cycle.hr.SmtpConfig.from_env
SMTP_PASSWORD_ENV = "KINERJA_SURVEY_SMTP_PASSWORD"
#: Every secret a server process may find in its environment: the one list every scrubbing point
#: uses (``scrubbed_env``: the servers ``start_app`` starts, their kernels, the rater's fork server).
SECRET_ENVS = (ADMIN_SECRET_ENV, PSEUDONYM_SECRET_ENV, SMTP_USER_ENV, SMTP_PASSWORD_ENV)
#: The secrets an app's *kernels* need, passed to its server for them and to nothing else.  The
#: admin app sends reminders (SMTP) and seals/unseals the link vault and writes meeting-mode
#: exports (pseudonym secret); the dashboard and the calibration view show pseudonyms in meeting
#: mode; the rater app (forms, the employee's own results, dialog kinerja) needs none.  The admin
#: secret is never a kernel's: the private servers read it and drop it from what they pass on.
KERNEL_SECRETS = {"rater": (), "admin": (PSEUDONYM_SECRET_ENV, SMTP_USER_ENV, SMTP_PASSWORD_ENV),
                  "results": (PSEUDONYM_SECRET_ENV,), "calibration": (PSEUDONYM_SECRET_ENV,)}
RATER_URL_ENV = "KINERJA_SURVEY_RATER_URL"
#: Whether an app's Content-Security-Policy allows ``'unsafe-eval'`` (measured: docs/security.md).
ALLOW_EVAL = {"rater": False, "admin": False, "results": False, "calibration": False}
HEALTH_PATH = "/ks-health"
LOG_FILE_ENV = "KINERJA_SURVEY_LOG_FILE"
MIN_SECRET_CHARS = 20
RATER_TEMPLATE_ROOT = Path(__file__).resolve().parent / "share"  # voila/templates/kinerja


class ServeError(KinerjaError, RuntimeError):
    """A server could not be started; the message says why (Bahasa Indonesia; ``message("en")``)."""


def fork_preload(db_url: str) -> list[str]:
    """What the rater's fork server imports beyond ipykernel/ipywidgets: the app and the database driver."""
    modules = ["kinerja_survey.apps.rater"]
    if db_url.startswith(("postgresql", "postgres")):
        modules += ["sqlalchemy.dialects.postgresql.psycopg", "psycopg"]
    return modules


def notebooks_dir() -> Path:
    """The directory holding ``penilaian.ipynb`` and ``admin.ipynb`` (``$KINERJA_SURVEY_NOTEBOOKS`` overrides)."""
    env = os.environ.get("KINERJA_SURVEY_NOTEBOOKS")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "notebooks"
    if not all((path / nb).is_file() for nb in NOTEBOOKS.values()):
        raise ServeError("serve.no_notebooks", path=path, names=", ".join(NOTEBOOKS.values()))
    return path


def absolute_db_url(path_or_url: str) -> str:
    """A database URL that still works from the kernels' working directory (SQLite paths made absolute)."""
    s = str(path_or_url)
    if "://" not in s:
        return f"sqlite:///{Path(s).resolve()}"
    if s.startswith("sqlite:///") and not s.startswith("sqlite:////"):
        rest = s[len("sqlite:///"):]
        if rest and rest != ":memory:":
            return f"sqlite:///{Path(rest).resolve()}"
    return s


# --------------------------------------------------------------------------------------------
# The Voilà server itself (runs in the child process; see kinerja_survey.apps.voila_server)
# --------------------------------------------------------------------------------------------
def _stop_on_signal(signum, frame):
    raise KeyboardInterrupt  # Voilà shuts its kernels down on KeyboardInterrupt


def main(argv=None) -> None:
    """``python -m kinerja_survey.apps.serve NOTEBOOK [voila options]``: one locked-down Voilà server."""
    # a parent started in the background may have left SIGINT ignored; SIGTERM stops cleanly too
    signal.signal(signal.SIGINT, _stop_on_signal)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    from .voila_server import LockedVoila

    LockedVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


def scrubbed_env(env=None, keep=()) -> dict[str, str]:
    """A copy of ``env`` (default ``os.environ``) without the variables of ``SECRET_ENVS``, except
    those named in ``keep``."""
    env = os.environ if env is None else env
    return {k: v for k, v in env.items() if k not in SECRET_ENVS or k in keep}


def write_private_file(path: Path | str, text: str) -> Path:
    """Write ``text`` to a file only its owner can read (mode 600), replacing any old one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def check_admin_secret(secret: str) -> str:
    """The admin secret, if strong enough: at least ``MIN_SECRET_CHARS`` characters, not repetitive."""
    if not isinstance(secret, str) or len(secret) < MIN_SECRET_CHARS or len(set(secret)) < MIN_SECRET_CHARS // 2:
        raise ServeError("serve.weak_secret", n=MIN_SECRET_CHARS)
    return secret


# --------------------------------------------------------------------------------------------
# Starting and stopping the servers (runs in the parent)
# --------------------------------------------------------------------------------------------
@dataclass
class AppServer:
    """A running Voilà child process: ``url`` opens the app (with the admin secret for the admin app)."""

    app: str
    host: str
    port: int
    process: subprocess.Popen
    secret: str = ""
    log_path: Path | None = None
    _log_file: object = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def url(self) -> str:
        return self.base_url + (f"?token={self.secret}" if self.secret else "")

    def health(self, timeout: float = 2.0) -> dict | None:
        try:
            with urllib.request.urlopen(self.base_url.rstrip("/") + HEALTH_PATH, timeout=timeout) as resp:
                return json.loads(resp.read().decode())
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def wait_ready(self, timeout: float = 90.0, preheated: int = 0) -> None:
        """Wait until the server answers (and ``preheated`` kernels are ready); raise ``ServeError`` otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServeError("serve.stopped", app=self.app, code=self.process.returncode, log=self.log_path or "log")
            info = self.health()
            if info is not None and info.get("preheated_ready", 0) >= preheated:
                return
            time.sleep(0.2)
        raise ServeError("serve.not_ready", app=self.app, seconds=f"{timeout:.0f}", log=self.log_path or "log")

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the server and its kernels (SIGTERM, which LockedVoila handles like Ctrl-C; kill after ``timeout``)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # LockedVoila stops its kernels, then exits
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


PRIVATE_MAX_KERNELS = 40  # the private apps' cap when none is given (a handful of HR officers)


def _max_kernels(app: str, max_kernels: int | None) -> int:
    """The ``--LockedVoila.max_kernels`` of ``app``: as given; if not, 0 for the rater app (the
    server computes it from available memory, ``limits.default_max_kernels``) and
    ``PRIVATE_MAX_KERNELS`` for the private apps."""
    if max_kernels:
        return int(max_kernels)
    return 0 if app == "rater" else PRIVATE_MAX_KERNELS


def start_app(app: str, db_url: str, *, port: int | None = None, host: str | None = None, preheat: bool = True,
              pool_size: int = 2, fill_delay: float = 5.0, secret: str | None = None,
              rater_url: str | None = None, lang: str | None = None,
              log_path: Path | str | None = None, log_level: str = "WARN", wait: bool = True,
              timeout: float = 90.0, max_kernels: int | None = None, max_kernels_per_client: int = 10,
              connect_timeout: float = 60.0, gone_timeout: float = 60.0, behind_proxy: bool = False,
              route: str = "", fork_kernels: bool = True, login_window: float = 60.0,
              trusted_proxy: str = "127.0.0.1", allow_eval: bool | None = None, user_header: str = "",
              idle_release: float | None = None) -> AppServer:
    """Start one app (``"rater"`` or ``"admin"``) as a Voilà child process.

    Parameters
    ----------
    db_url : str
        Database path or URL; SQLite paths are made absolute for the kernels.
    host : str
        Interface to listen on.  The admin app is always 127.0.0.1; the rater app defaults to
        127.0.0.1 too (put a reverse proxy in front of it, see ``docs/deployment.md``).
    preheat, pool_size : bool, int
        Voilà preheated kernels and how many to keep ready.
    fill_delay : float
        Seconds before a used preheated kernel is replaced (Voilà's default is 1 s).  Starting the
        replacement competes for the CPU with the page being opened; 5 s lets that page finish
        first (on a 2-core server: ~2.3 s instead of ~3.5 s to interactive, under load).
    secret : str, optional
        Private apps only: the secret their URL must carry (default: a fresh random one); at least
        20 characters, else ``ServeError``.
    rater_url : str, optional
        Admin app only: the address the links point to (default ``http://127.0.0.1:8866/``).
    log_path : path, optional
        Where the server's log goes, rotated at 5 MB (5 old files kept); the process's raw output
        goes beside it to ``<log_path>.out``.  Default: the console.
    max_kernels, max_kernels_per_client : int
        Pages (kernels handed out) open at once in total and per client address.  Beyond
        ``max_kernels`` the visitor waits in a waiting room that retries by itself
        (``apps.limits.WaitingRoom``); beyond ``max_kernels_per_client`` gets a "terlalu banyak"
        page.  ``max_kernels`` None or 0: for the rater app computed by the server from available
        memory (``apps.limits.default_max_kernels``, logged with its reasoning); 40 for the
        private apps.  The server's zmq socket
        and open-file limits are raised to what ``max_kernels`` needs.
    connect_timeout, gone_timeout : float
        Seconds a page has to connect to its kernel, and a kernel outlives its page's last websocket.
    behind_proxy, trusted_proxy : bool, str
        Take the client address from ``X-Real-IP`` (else the last ``X-Forwarded-For`` entry), for
        requests whose peer is ``trusted_proxy`` (nginx on the same machine) and for no other.
    route : str
        Sets the ``ks_route`` cookie to this value, for sticky routing at nginx (``docs/deployment.md``).
    login_window : float
        Private apps: seconds a failed guess of the secret counts against its client address.
        Every wrong guess is answered late, later the more that address has failed within the
        window (``ThrottledIdentityProvider``); the right secret always logs in at once.
    user_header : str
        Private apps behind nginx with single sign-on (``auth_request``): the request header naming
        the logged-in account (e.g. ``X-Remote-User``), believed only from ``trusted_proxy``; the
        account must exist and be active (``docs/deployment.md``).  Empty: accounts log in with
        their password only.
    fork_kernels : bool
        Rater app: kernels are forked from a process that has already imported ipykernel,
        ipywidgets, SQLAlchemy and the rater module (``kinerja_survey.apps.forkserver``), so a visit
        does not pay for those imports (~0.4 CPU-s).  Off: every kernel is an ordinary process.
    idle_release : float, optional
        Rater app: seconds without input after which a page saves what is unsaved and gives its
        kernel back; the next touch reloads the same form at the same item (``apps.idle``).
        Default ``apps.idle.DEFAULT_IDLE_RELEASE`` (600 s); 0 = never.
    wait : bool
        Return only once the server answers (and, if preheating, one kernel is ready).
    """
    if app not in NOTEBOOKS:
        raise ValueError(f"app must be one of {sorted(NOTEBOOKS)}, got {app!r}")
    if pool_size < 0:
        raise ValueError("pool_size must be >= 0")
    nb_dir = notebooks_dir()
    port = DEFAULT_PORTS[app] if port is None else int(port)
    if app in PRIVATE_APPS:
        if host not in (None, "127.0.0.1", "localhost"):
            raise ServeError("serve.local_only", app=app)
        host = "127.0.0.1"
        secret = secrets.token_urlsafe(24) if secret is None else check_admin_secret(secret)
    else:
        host = host or "127.0.0.1"
        secret = ""
    env = scrubbed_env(keep=KERNEL_SECRETS[app])  # only the secrets this app's kernels need
    env["KINERJA_SURVEY_DB"] = absolute_db_url(db_url)
    if secret:
        env[ADMIN_SECRET_ENV] = secret
    if lang:
        env["KINERJA_SURVEY_LANG"] = lang
    if app == "rater":
        from .idle import DEFAULT_IDLE_RELEASE, IDLE_RELEASE_ENV

        seconds = DEFAULT_IDLE_RELEASE if idle_release is None else float(idle_release)
        if seconds < 0:
            raise ValueError("idle_release must be >= 0")
        env[IDLE_RELEASE_ENV] = f"{seconds:g}"
    if app == "admin":
        env[RATER_URL_ENV] = rater_url or f"http://127.0.0.1:{DEFAULT_PORTS['rater']}/"
    template = []
    if app == "rater":  # the rater page's own Voilà template (lang="id", no CDN, connection banner)
        # and its kernel launcher (share/kernels/python3: a kernel forked from the fork server)
        env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(RATER_TEMPLATE_ROOT), env.get("JUPYTER_PATH")) if p)
        template = ["--template=kinerja"]
        if fork_kernels:
            template += ["--LockedVoila.fork_kernels=True",
                         f"--LockedVoila.fork_preload={json.dumps(fork_preload(env['KINERJA_SURVEY_DB']))}"]
    preheat = preheat and pool_size > 0
    args = [sys.executable, "-m", "kinerja_survey.apps.serve", str(nb_dir / NOTEBOOKS[app]),
            "--no-browser", f"--port={port}", f"--Voila.ip={host}", "--Voila.port_retries=0",
            f"--Voila.root_dir={nb_dir}", "--show_tracebacks=False", f"--Voila.log_level={log_level}",
            f"--preheat_kernel={preheat}", f"--pool_size={pool_size if preheat else 0}",
            "--MappingKernelManager.cull_idle_timeout=3600", "--MappingKernelManager.cull_interval=300",
            # under a burst of arrivals kernels start slowly and their output lags: wait for it
            # instead of serving an empty page (nbclient's default IOPub wait is 4 s)
            "--VoilaExecutor.iopub_timeout=60", "--VoilaExecutor.startup_timeout=180",
            f"--LockedVoila.check_links={app == 'rater'}", f"--LockedVoila.max_kernels={_max_kernels(app, max_kernels)}",
            f"--LockedVoila.max_kernels_per_client={int(max_kernels_per_client)}",
            f"--LockedVoila.connect_timeout={float(connect_timeout)}",
            f"--LockedVoila.gone_timeout={float(gone_timeout)}", f"--LockedVoila.behind_proxy={bool(behind_proxy)}",
            f"--LockedVoila.trusted_proxy={trusted_proxy}",
            f"--LockedVoila.allow_eval={ALLOW_EVAL[app] if allow_eval is None else bool(allow_eval)}",
            f"--LockedVoila.kernel_secrets={json.dumps(list(KERNEL_SECRETS[app]))}", *template]
    if secret:
        args.append(f"--ThrottledIdentityProvider.window={float(login_window)}")
        args += [f"--LockedVoila.app_name={app}", f"--LockedVoila.first_login={app == 'admin'}"]
        if user_header:
            if not all(c.isalnum() or c == "-" for c in user_header):
                raise ValueError(f"user_header must be a header name (letters, digits, '-'), got {user_header!r}")
            args.append(f"--LockedVoila.user_header={user_header}")
    if route:
        if not route.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"route must be letters, digits, '-' or '_', got {route!r}")
        args.append(f"--LockedVoila.route={route}")
    if preheat:
        args.append(f"--VoilaKernelManager.fill_delay={float(fill_delay)}")
    log_file = None
    env.pop(LOG_FILE_ENV, None)
    if log_path is not None:
        log_path = Path(log_path)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        env[LOG_FILE_ENV] = str(log_path.resolve())
        log_file = open(log_path.with_name(log_path.name + ".out"), "ab")  # noqa: SIM115 - closed in AppServer.stop
    # own process group: Ctrl-C in the terminal reaches the parent, which stops the children itself
    proc = subprocess.Popen(args, env=env, cwd=nb_dir, stdin=subprocess.DEVNULL,
                            stdout=log_file or None, stderr=subprocess.STDOUT if log_file else None,
                            start_new_session=True)
    server = AppServer(app, host, port, proc, secret, log_path, log_file)
    if wait:
        try:
            server.wait_ready(timeout, preheated=1 if preheat else 0)
        except ServeError:
            server.stop()
            raise
    return server


def start_apps(db_url: str, *, rater_port: int = 8866, admin_port: int = 8867, rater_host: str = "127.0.0.1",
               public_url: str | None = None, preheat: bool = True, pool_size: int = 2,
               admin_secret: str | None = None, log_dir: Path | str | None = None,
               log_level: str = "WARN", timeout: float = 120.0, private_options: dict | None = None,
               **rater_options) -> tuple[AppServer, AppServer]:
    """Start both apps (rater, admin) and wait until both answer; returns ``(rater, admin)``.

    ``rater_options`` go to ``start_app`` for the rater app (``max_kernels``, ``behind_proxy``, ...),
    ``private_options`` to the admin app's (``user_header``, ``trusted_proxy``: single sign-on).

    ``public_url`` is the address raters use (behind a proxy); it only shapes the links the admin
    app writes.  Logs go to ``log_dir/rater.log`` and ``log_dir/admin.log`` when given.
    """
    logs = {a: (Path(log_dir) / f"{a}.log" if log_dir else None) for a in NOTEBOOKS}
    rater_url = public_url or f"http://{rater_host}:{rater_port}/"
    rater = start_app("rater", db_url, port=rater_port, host=rater_host, preheat=preheat, pool_size=pool_size,
                      log_path=logs["rater"], log_level=log_level, wait=False, **rater_options)
    try:
        admin = start_app("admin", db_url, port=admin_port, preheat=preheat, pool_size=1 if preheat else 0,
                          secret=admin_secret, rater_url=rater_url, log_path=logs["admin"], log_level=log_level,
                          wait=False, **(private_options or {}))
    except Exception:
        rater.stop()
        raise
    try:
        for server in (rater, admin):
            server.wait_ready(timeout, preheated=1 if preheat else 0)
    except ServeError:
        rater.stop()
        admin.stop()
        raise
    return rater, admin


if __name__ == "__main__":
    main()
