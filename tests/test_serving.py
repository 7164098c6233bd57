"""The served apps against real Voilà servers on 127.0.0.1: no kernel without a valid link, kernels
freed, every kernel-facing endpoint bound to the page that owns the kernel, hardening.

Each test here is a finding probed against ``kinerja-survey jalankan`` turned into a regression test
(``docs/security.md``, "Serving").  Browser parts use Debian chromium through playwright, like
``tests/test_browser.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from test_browser import TIMEOUT_MS, browser, free_port, log_in  # noqa: F401 - the browser fixture

from kinerja_survey.apps.serve import ServeError, start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.i18n import t
from kinerja_survey.store import Store

pytestmark = pytest.mark.browser

POOL = 1


def fetch(url: str, *, method: str = "GET", headers: dict | None = None, data: bytes | None = None,
          timeout: float = 60):
    """``(status, headers, body)`` of one request (headers: an ``email.message.Message``)."""
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8", "replace")


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def kernel_id_of(html: str) -> str:
    return re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html).group(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A demo database and the rater app with short reaper timeouts and small caps."""
    tmp = tmp_path_factory.mktemp("serving")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=24, seed=11, submit_rate=0.2, draft_rate=0.2)
    server = start_app("rater", store.url, port=free_port(), pool_size=POOL, log_path=tmp / "rater.log",
                       log_level="INFO", connect_timeout=12, gone_timeout=4, max_kernels=4, max_kernels_per_client=2)
    tokens = list(result.links["token"])
    yield store, result, server, tokens, tmp / "rater.log"
    server.stop()
    store.dispose()


def idle(server) -> bool:
    """Only the preheated pool is alive, and it is ready."""
    h = server.health()
    return h is not None and h["kernels"] == POOL and h["pages"] == 0 and h["preheated_ready"] == POOL


def test_junk_requests_start_no_kernel_and_get_a_friendly_page(site):
    store, result, server, tokens, _ = site
    wait_for(lambda: idle(server), 60, "pool ready")
    revoked = tokens.pop()
    store.revoke_link(result.cycle_id, result.links.set_index("token").at[revoked, "nip"], actor="penguji")
    cases = [("", "denied_unknown"), ("?token=", "denied_unknown"), ("?token=tautan-palsu-123", "denied_unknown"),
             (f"?token={revoked}", "denied_revoked"), ("?token=%3Cscript%3Ealert(1)%3C/script%3E", "denied_unknown"),
             (f"?token={tokens[0]}&template=script", "server_bad_request"),
             (f"?token={tokens[0]}&theme=dark", "server_bad_request")]
    for query, key in cases * 3:
        status, headers, body = fetch(server.base_url + query, timeout=10)
        assert status in (400, 403), query
        assert t(key, "id") in body and '<html lang="id">' in body and "<script" not in body, query
        assert headers["Referrer-Policy"] == "no-referrer" and "default-src 'self'" in headers["Content-Security-Policy"]
    # requests abandoned after 0.5 s: nothing either
    for _ in range(5):
        with socket.create_connection((server.host, server.port)) as sock:
            sock.sendall(b"GET /?token=ditinggalkan HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(0.5)
    time.sleep(1)
    h = server.health()
    assert h["kernels"] == POOL and h["pages"] == 0 and h["preheated_ready"] == POOL  # the pool is untouched


def test_denied_page_fits_a_phone(site, browser):  # noqa: F811
    _store, _result, server, _tokens, _ = site
    page = browser.new_page(viewport={"width": 360, "height": 700})
    page.goto(server.base_url + "?token=tidak-ada&lang=en")
    assert page.locator(".ks-denied-message").inner_text() == t("denied_unknown", "en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


def test_kernel_endpoints_need_the_page_that_owns_the_kernel(site):
    _store, _result, server, tokens, _ = site
    wait_for(lambda: idle(server), 60, "pool ready")
    status, headers, html = fetch(server.base_url + f"?token={tokens[1]}")
    assert status == 200
    kid = kernel_id_of(html)
    cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie") or [] if c.startswith("ks_p_")]
    assert len(cookies) == 1 and "HttpOnly" in str(headers) and "SameSite=Strict" in str(headers)
    cookie = cookies[0]
    base = server.base_url.rstrip("/")
    xsrf = {"Cookie": "_xsrf=selbstgemacht", "X-XSRFToken": "selbstgemacht"}
    assert fetch(f"{base}/voila/query/{kid}")[0] == 404  # Voilà's open query websocket is gone
    assert fetch(f"{base}/ks-query/{kid}")[0] == 403  # the kernel's own channel needs its key
    assert fetch(f"{base}/ks-query/{kid}", headers={"X-Kinerja-Kernel-Key": "geraten"})[0] == 403
    assert fetch(f"{base}/api/kernels/{kid}")[0] == 403
    assert fetch(f"{base}/api/kernels/{kid}", method="DELETE", headers=xsrf)[0] in (403, 405)
    assert fetch(f"{base}/voila/api/shutdown/{kid}", method="POST", headers=xsrf, data=b"")[0] == 403
    ws = fetch(f"{base}/api/kernels/{kid}/channels",
               headers={"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert ws[0] == 403
    for path in ("/logout", "/login", "/api/kernels", "/api/sessions"):
        assert fetch(base + path)[0] == 404, path
    # the page that got the kernel: its cookie opens the model and frees the kernel
    assert fetch(f"{base}/api/kernels/{kid}", headers={"Cookie": cookie})[0] == 200
    assert fetch(f"{base}/api/kernels/{kid}", method="DELETE", headers={"Cookie": cookie, **xsrf})[0] == 405
    assert fetch(f"{base}/voila/api/shutdown/{kid}", method="POST", headers={"Cookie": cookie}, data=b"")[0] == 204
    assert fetch(f"{base}/api/kernels/{kid}", headers={"Cookie": cookie})[0] == 403  # gone
    wait_for(lambda: idle(server), 60, "kernel freed, pool refilled")


@pytest.mark.slow
def test_caps_per_client_and_pages_that_never_connect_are_shut_down(site):
    _store, _result, server, tokens, _ = site
    wait_for(lambda: idle(server), 60, "pool ready")
    for token in tokens[2:4]:  # two pages from this address (the cap), neither connects
        assert fetch(server.base_url + f"?token={token}")[0] == 200
    assert server.health()["pages"] == 2
    status, headers, body = fetch(server.base_url + f"?token={tokens[4]}", timeout=10)
    assert status == 429 and t("server_too_many", "id") in body and headers["Retry-After"]
    # connect_timeout (12 s) + reaper interval (5 s): both kernels are shut down
    wait_for(lambda: server.health()["pages"] == 0, 30, "unconnected pages reaped")
    wait_for(lambda: idle(server), 60, "back to the pool only")


@pytest.mark.slow
def test_closed_pages_free_their_kernels_and_open_pages_keep_them(site, browser):  # noqa: F811
    _store, _result, server, tokens, _ = site
    wait_for(lambda: idle(server), 60, "pool ready")
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    csp_errors = []
    kept = context.new_page()
    kept.set_default_timeout(TIMEOUT_MS)
    kept.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    outside = []
    kept.on("request", lambda r: None if r.url.startswith((server.base_url, "data:", "blob:")) else outside.append(r.url))
    kept.goto(server.base_url + f"?token={tokens[5]}")
    kept.wait_for_selector(".ks-task")
    closed = context.new_page()
    closed.set_default_timeout(TIMEOUT_MS)
    closed.goto(server.base_url + f"?token={tokens[6]}")
    closed.wait_for_selector(".ks-task")
    assert server.health()["pages"] == 2
    closed.close(run_before_unload=True)  # Voilà's beacon: the kernel goes at once
    wait_for(lambda: server.health()["pages"] == 1, 20, "closed page's kernel freed")
    time.sleep(12)  # past gone_timeout + a reaper run: the open page keeps its kernel ...
    assert server.health()["pages"] == 1
    kept.locator(".ks-open").first.click()  # ... and still works
    kept.wait_for_selector(".ks-submit")
    assert csp_errors == [] and outside == []  # nothing blocked, nothing fetched from another server
    context.close()  # no beacon: the websocket just goes away -> freed after gone_timeout
    wait_for(lambda: server.health()["pages"] == 0, 30, "page gone, kernel freed")
    wait_for(lambda: idle(server), 60, "back to the pool only")


def test_logs_hold_no_token_no_query_and_no_traceback(site):
    _store, _result, server, tokens, log_path = site
    fetch(server.base_url + "logout")
    fetch(server.base_url + f"?token={tokens[7]}&template=script")
    fetch(server.base_url + "?token=salah-sekali-123")
    text = log_path.read_text()
    assert "GET /" in text  # the access log is there ...
    assert "Traceback" not in text and "?token" not in text  # ... without tracebacks or query strings
    assert not any(tok in text for tok in tokens) and "salah-sekali-123" not in text


def _request(port: int, path: str, *, method: str = "GET", body: str | None = None, headers: dict | None = None,
             source: str = "127.0.0.1"):
    """One request from the loopback address ``source``, redirects not followed:
    ``(status, headers)`` (headers: an ``http.client.HTTPMessage``)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        conn.request(method, path, body, headers or {})
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp.headers
    finally:
        conn.close()


def _login_cookie(headers) -> str:
    return next((c for c in headers.get_all("Set-Cookie") or [] if c.startswith("username-")), "")


def test_admin_secret_must_be_long_and_the_url_keeps_no_secret_after_login(tmp_path, site):
    """``?token=<secret>`` logs in and is answered with a redirect to the same page without it
    (303, login cookie set): the secret stays neither in the address bar nor in the history.
    Wrong secrets in the URL are slowed and, beyond 10 from one address, answered 429 -- the right
    one still logs in at once (the old promise "the right one too is refused for a minute" is
    gone: it let anyone on 127.0.0.1 lock HR out)."""
    from concurrent.futures import ThreadPoolExecutor

    store, _result, _server, _tokens, _ = site
    for bad in ("", "a", "x" * 40, "pendek-sekali"):
        with pytest.raises(ServeError, match="20 karakter"):
            start_app("admin", store.url, port=free_port(), pool_size=0, secret=bad, wait=False)
    secret = "uji-rahasia-admin-0123456789abcdef"
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, secret=secret, log_path=tmp_path / "admin.log",
                      log_level="INFO")
    try:
        with ThreadPoolExecutor(14) as pool:
            codes = list(pool.map(lambda i: _request(admin.port, f"/?token=tebakan-{i:02d}-xxxxxxxxxxxxxxxx")[0],
                                  range(14)))
        assert set(codes) <= {302, 403, 429} and 429 in codes  # beyond 10 wrong guesses: 429
        started = time.monotonic()
        status, headers = _request(admin.port, f"/?token={secret}&lang=en")
        assert time.monotonic() - started < 2.0  # not held up by the guesses before it
        assert status == 303 and _login_cookie(headers)
        location = headers["Location"]
        assert location == "/?lang=en" and secret not in location and "token" not in location
        cookie = _login_cookie(headers).split(";")[0]
        status, headers = _request(admin.port, "/", headers={"Cookie": cookie})
        # no account yet: the cookie alone opens the page creating the first operator account (issue 22)
        assert status == 303 and headers["Location"] == "/ks-setup"
        assert _request(admin.port, "/ks-setup", headers={"Cookie": cookie})[0] == 200
        status, _, body = fetch(f"{admin.base_url}logout", timeout=10)
        assert status == 200 and t("logged_out", "id") in body
        assert fetch(f"{admin.base_url}voila/query/00000000-0000-0000-0000-000000000000")[0] == 404
        text = (tmp_path / "admin.log").read_text()
        assert secret not in text and "Traceback" not in text and "tebakan" not in text
    finally:
        admin.stop()


def _post_login(port: int, password: str, xsrf: str, source: str = "127.0.0.1") -> tuple[int, str]:
    """``POST /login`` as the login form sends it, from the loopback address ``source``:
    (status, the login cookie set, if any)."""
    status, headers = _request(port, "/login", method="POST", body=urlencode({"password": password, "_xsrf": xsrf}),
                               headers={"Content-Type": "application/x-www-form-urlencoded",
                                        "Cookie": f"_xsrf={xsrf}"}, source=source)
    return status, _login_cookie(headers)


def test_wrong_guesses_are_slowed_per_client_and_never_lock_out_the_right_secret(tmp_path, site):
    """The admin app's and dashboards' login form (``POST /login``): 50 wrong secrets from
    127.0.0.1 (sent at once, as a script would) and the right one, sent next from the same
    address, logs in at once.  Wrong guesses are answered late (up to ``max_delay``, 3 s), 429 from
    the 10th on, per client address: another address guessing wrong is answered at once.

    This replaces the earlier promise (10 wrong guesses from an address, or 30 from everyone,
    refused every attempt for a minute, the right secret too): every local user and every
    SSH-tunnelled HR officer comes from 127.0.0.1, so anyone could lock HR out."""
    from concurrent.futures import ThreadPoolExecutor

    store, _result, _server, _tokens, _ = site
    secret = "uji-rahasia-login-0123456789abcdef"
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, secret=secret,
                      log_path=tmp_path / "admin.log", log_level="INFO")
    try:
        status, headers, form = fetch(f"{admin.base_url}login")
        assert status == 200 and 'name="password"' in form
        xsrf = re.search(r"_xsrf=([^;]+)", headers.get("Set-Cookie")).group(1)
        with ThreadPoolExecutor(50) as pool:
            codes = list(pool.map(lambda i: _post_login(admin.port, f"tebakan-{i:02d}", xsrf), range(50)))
        assert {c for c, _ in codes} <= {401, 429} and 429 in {c for c, _ in codes}
        assert not any(cookie for _, cookie in codes)
        started = time.monotonic()
        status, cookie = _post_login(admin.port, secret, xsrf)  # the right secret, from the same address
        assert status == 302 and cookie and time.monotonic() - started < 2.0
        # that address's next wrong guess waits the longest delay and is answered 429 ...
        started = time.monotonic()
        assert _post_login(admin.port, "tebakan-lagi", xsrf)[0] == 429
        assert time.monotonic() - started >= 2.5
        # ... another address's first wrong guess is answered at once (per client)
        started = time.monotonic()
        assert _post_login(admin.port, "salah", xsrf, source="127.0.0.2")[0] == 401
        assert time.monotonic() - started < 2.0
        text = (tmp_path / "admin.log").read_text()
        assert "429 POST /login" in text and secret not in text
    finally:
        admin.stop()


def test_forwarded_addresses_count_from_the_trusted_proxy_only(site):
    """``behind_proxy``: ``X-Real-IP``/``X-Forwarded-For`` name the client only on requests from
    ``trusted_proxy``; from any other peer they are ignored.  Seen through ``/ks-health``, which
    answers this machine's addresses only."""
    store, _result, _server, _tokens, _ = site
    rater = start_app("rater", store.url, port=free_port(), pool_size=0, behind_proxy=True,
                      trusted_proxy="127.0.0.2", fork_kernels=False)
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9"}
    try:
        assert _request(rater.port, "/ks-health", headers=forged)[0] == 200  # untrusted peer: header ignored
        assert _request(rater.port, "/ks-health", headers={"X-Forwarded-For": "127.0.0.1, 203.0.113.9"},
                        source="127.0.0.2")[0] == 404  # the proxy's last entry is the client
        assert _request(rater.port, "/ks-health", headers=forged, source="127.0.0.2")[0] == 404
        assert _request(rater.port, "/ks-health", source="127.0.0.2")[0] == 200  # the proxy itself
    finally:
        rater.stop()


@pytest.mark.slow
def test_serve_command_keeps_the_admin_secret_out_of_its_output(tmp_path, site):
    store, _result, _server, _tokens, _ = site
    cli = [sys.executable, "-c", "from kinerja_survey.cli import main; main()", "--db", store.url, "jalankan"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("KINERJA_SURVEY_ADMIN_SECRET", None)
    for bad in ("", "rahasia"):  # empty or short: refused before anything starts
        done = subprocess.run([*cli, "--rahasia-admin", bad], check=False, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode != 0 and "20 karakter" in done.stderr
    ports = [str(free_port()) for _ in range(2)]
    proc = subprocess.Popen([*cli, "--port-penilai", ports[0], "--port-admin", ports[1], "--port-hasil", "0",
                             "--kernel-siap", "0", "--folder-log", str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)
    lines = []
    try:
        for line in proc.stdout:  # stdout is a pipe here, not a terminal
            lines.append(line)
            if "Ctrl-C" in line:
                break
        secret_file = tmp_path / "admin-url.txt"
        assert secret_file.stat().st_mode & 0o777 == 0o600
        secret = re.search(r"\?token=(\S+)", secret_file.read_text()).group(1)
        assert len(secret) >= 20
        status, headers = _request(int(ports[1]), f"/?token={secret}")  # it is the admin secret: logged in,
        assert status == 303 and _login_cookie(headers) and secret not in headers["Location"]  # sent away from it
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    text = "".join(lines) + out + "".join(p.read_text(errors="replace") for p in tmp_path.glob("*.log*"))
    assert "admin-url.txt" in text and secret not in text


def test_kernel_tracebacks_do_not_reach_the_browser(site):
    """A comm message that makes the widget code raise: the kernel's traceback stays in the server."""
    import uuid

    from websockets.sync.client import connect

    _store, _result, server, tokens, _ = site
    wait_for(lambda: idle(server), 60, "pool ready")
    status, headers, html = fetch(server.base_url + f"?token={tokens[8]}")
    assert status == 200
    cookie = next(c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("ks_p_"))
    kid = kernel_id_of(html)
    model = re.search(r'"model_id":\s*"([0-9a-f]{32})"', html).group(1)
    session, msg_id = uuid.uuid4().hex, uuid.uuid4().hex
    url = f"ws://{server.host}:{server.port}/api/kernels/{kid}/channels?session_id={session}"
    bad = {"header": {"msg_id": msg_id, "username": "", "session": session, "msg_type": "comm_msg", "version": "5.3",
                      "date": "2026-01-01T00:00:00Z"}, "parent_header": {}, "metadata": {}, "channel": "shell",
           "buffers": [], "content": {"comm_id": model, "data": {"method": "update", "buffer_paths": [],
                                                                 "state": {"layout": "IPY_MODEL_nope"}}}}
    received = []
    with connect(url, additional_headers={"Cookie": cookie}, origin=f"http://{server.host}:{server.port}") as ws:
        ws.send(json.dumps(bad))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                received.append(json.loads(ws.recv(timeout=1)))
            except TimeoutError:
                continue
            last = received[-1]
            if last["msg_type"] == "status" and last["parent_header"].get("msg_id") == msg_id \
                    and last["content"]["execution_state"] == "idle":
                break  # the kernel has handled the message (and raised inside it)
        time.sleep(1)
    assert any(m["parent_header"].get("msg_id") == msg_id for m in received)
    text = json.dumps(received)
    assert "Traceback" not in text and "TraitError" not in text
    assert not [m for m in received if m["msg_type"] == "error"
                or (m["msg_type"] == "stream" and m["content"].get("name") == "stderr")]
    fetch(f"{server.base_url}voila/api/shutdown/{kid}", method="POST", headers={"Cookie": cookie}, data=b"")


def test_rater_kernels_are_forked_from_a_fork_server_without_pandas_or_numpy(site):
    """The rater server forks its kernels from one process that has imported them
    (``kinerja_survey.apps.forkserver``): a visit does not pay for imports.  That process holds
    nothing a kernel should not import, so no kernel inherits pandas or numpy either."""
    import psutil

    _store, _result, server, _tokens, _ = site
    wait_for(lambda: idle(server), 60, "pool ready")
    assert server.health()["forkserver"] is True
    forks = [p for p in psutil.Process(server.process.pid).children()
             if "kinerja_survey.apps.forkserver" in " ".join(p.cmdline())]
    assert len(forks) == 1
    assert len(forks[0].children()) == POOL  # the preheated kernels are its children
    maps = Path(f"/proc/{forks[0].pid}/maps").read_text()
    assert "numpy" not in maps and "pandas" not in maps and "yaml" not in maps
    env = Path(f"/proc/{forks[0].pid}/environ").read_bytes().decode(errors="replace")
    assert "KINERJA_SURVEY_ADMIN_SECRET" not in env


def test_the_rater_kernel_never_imports_pandas_numpy_or_yaml(site):
    """What a visit runs in the kernel (import, link, task list, form, submit) without pandas/numpy/yaml:
    ~0.4 CPU-s and ~40 MB less per kernel (``docs/benchmarks.md``)."""
    store, _result, _server, tokens, _ = site
    code = (
        "import sys\n"
        "from kinerja_survey.apps.rater import RaterApp, rater_app_from_request\n"
        "from kinerja_survey.store import Store\n"
        f"store = Store({store.url!r}, create=False)\n"
        f"app = RaterApp(store, {tokens[9]!r})\n"
        "aid = app.tasks[0]['assignment_id']\n"
        "form = app.open_form(aid)\n"
        "for choice in form.items.values():\n"
        "    choice.value = 4\n"
        "form.submit_button.click()\n"
        "assert store.load_response(app.session, aid)['status'] == 'submitted'\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'yaml') if m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


ENV_SECRETS = {"KINERJA_SURVEY_ADMIN_SECRET": "env-rahasia-admin-0123456789abcdef",
               "KINERJA_SURVEY_PSEUDONYM_SECRET": "env-rahasia-pseudonim-0123456789abcdef",
               "KINERJA_SURVEY_SMTP_USER": "env-rahasia-smtp-user@contoh.go.id",
               "KINERJA_SURVEY_SMTP_PASSWORD": "env-rahasia-smtp-sandi-0123456789abcdef"}


def _secrets_in(pid: int, values: dict[str, str]) -> set[str]:
    """The names of ``values`` whose value is in the environment a process started with."""
    env = Path(f"/proc/{pid}/environ").read_bytes().decode("utf-8", "replace")
    return {name for name, value in values.items() if value in env}


def test_secrets_are_only_in_the_processes_that_need_them(site, monkeypatch):
    """``serve``'s servers started from an environment holding every secret (SMTP login,
    pseudonym/vault secret, an admin secret): every process of every tree is read
    (``/proc/<pid>/environ``) once a kernel runs -- a rater page opened, with forked kernels and
    with ordinary ones.  The rater server, its fork server, launchers and kernels hold none; the
    private servers hold the admin secret they were given and what their kernels need
    (``serve.KERNEL_SECRETS``); their kernels hold that and never the admin secret."""
    import psutil

    from kinerja_survey.apps.serve import KERNEL_SECRETS, SECRET_ENVS
    from kinerja_survey.cycle.hr import SmtpConfig
    from kinerja_survey.present.exports import PSEUDONYM_SECRET_ENV

    store, _result, _server, tokens, _ = site
    assert set(ENV_SECRETS) == set(SECRET_ENVS) and PSEUDONYM_SECRET_ENV in SECRET_ENVS
    for name, value in ENV_SECRETS.items():
        monkeypatch.setenv(name, value)
    smtp = SmtpConfig.from_env(host="smtp.contoh.go.id")  # the names the mail code reads are those scrubbed
    assert (smtp.user, smtp.password) == (ENV_SECRETS["KINERJA_SURVEY_SMTP_USER"],
                                          ENV_SECRETS["KINERJA_SURVEY_SMTP_PASSWORD"])
    given = "uji-rahasia-lingkungan-0123456789abcdef"
    every = {**ENV_SECRETS, "given admin secret": given}
    servers = {"rater (forked kernels)": start_app("rater", store.url, port=free_port(), pool_size=1, wait=False),
               "rater (--no-fork-kernels)": start_app("rater", store.url, port=free_port(), pool_size=1,
                                                      fork_kernels=False, wait=False)}
    for app in ("admin", "results", "calibration"):
        servers[app] = start_app(app, store.url, port=free_port(), pool_size=1, secret=given, wait=False)
    try:
        for server in servers.values():
            server.wait_ready(300, preheated=1)
        for i, name in enumerate(("rater (forked kernels)", "rater (--no-fork-kernels)")):
            status, _, body = fetch(servers[name].base_url + f"?token={tokens[3 + i]}", timeout=180)
            assert status == 200 and kernel_id_of(body)  # a page with its kernel
        seen = {}
        for name, server in servers.items():
            app = server.app
            kernel_may = {s for s in KERNEL_SECRETS[app]}
            server_may = kernel_may | ({"given admin secret"} if app != "rater" else set())
            tree = [psutil.Process(server.process.pid), *psutil.Process(server.process.pid).children(recursive=True)]
            assert len(tree) >= 2, name  # the server and at least one kernel
            for proc in tree:
                held = _secrets_in(proc.pid, every)
                allowed = server_may if proc.pid == server.process.pid else kernel_may
                seen[(name, " ".join(proc.cmdline()[1:4]))] = held
                assert held <= allowed, (name, proc.cmdline(), held - allowed)
        kernels_of = {n: h for (n, cmd), h in seen.items() if "kinerja_survey.apps.serve" not in cmd}
        assert kernels_of  # the walk reached the kernels
        # the admin kernel does hold what sending mail and opening the link vault need
        assert any(h == set(KERNEL_SECRETS["admin"]) for (n, cmd), h in seen.items()
                   if n == "admin" and "kinerja_survey.apps.serve" not in cmd)
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A closed, calibrated and published cycle (every colleague answered)."""
    from conftest import calibrated_demo

    from kinerja_survey import cycle as uc

    tmp = tmp_path_factory.mktemp("published")
    store = Store(tmp / "p.sqlite")
    demo = calibrated_demo(store, 20, seed=11)
    uc.publish(store, demo.cycle_id, actor="hr", force=True,  # the demo cycle misses the kurva
               reason="Uji: kurva distribusi agensi contoh belum terpenuhi")
    yield store, demo, tmp
    store.dispose()


CSP_LISTENER = ("document.addEventListener('securitypolicyviolation', e => "
                "console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI))")


def _strict_page(browser, width: int):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.set_default_timeout(TIMEOUT_MS)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "CSP-VIOLATION" in m.text
            or "Content Security Policy" in m.text else None)
    page.add_init_script(CSP_LISTENER)
    return page, violations


def test_employee_results_frame_is_sandboxed_and_renders_without_unsafe_eval(published, browser):  # noqa: F811
    """The employee's own report sits in ``<iframe sandbox="">`` (static HTML: no script, no
    same origin) and still renders at 360 px and 1366 px, under a CSP without ``'unsafe-eval'``
    and with no CSP violation."""
    store, demo, tmp = published
    rater = start_app("rater", store.url, port=free_port(), pool_size=0, fork_kernels=False)
    try:
        assert "'unsafe-eval'" not in fetch(rater.base_url)[1]["Content-Security-Policy"]
        nip = demo.links["nip"].iloc[0]
        token = demo.links.set_index("nip")["token"][nip]
        for width in (360, 1366):
            page, violations = _strict_page(browser, width)
            page.goto(rater.base_url + f"?token={token}")
            page.wait_for_selector(".ks-emp-frame")
            assert page.locator(".ks-emp-frame").get_attribute("sandbox") == ""
            frame = page.frame_locator(".ks-emp-frame")
            frame.get_by_text("Predikat usulan").wait_for()
            assert frame.locator(".predikat").inner_text().strip()
            # the sandboxed frame runs nothing and cannot reach the page: its document is not ours
            assert page.evaluate("document.querySelector('.ks-emp-frame').contentDocument") is None
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(tmp / f"hasil-saya-{width}.png"), full_page=True)
            assert violations == [], violations
            page.close()
    finally:
        rater.stop()


@pytest.mark.slow
def test_private_apps_work_under_a_csp_without_unsafe_eval(published, browser):  # noqa: F811
    """The admin app, the dashboard and the calibration view under their CSP (no ``'unsafe-eval'``):
    after login the URL holds no secret, every tab opens, and no CSP violation is reported."""
    store, _demo, tmp = published
    secret = "uji-rahasia-csp-0123456789abcdef"
    for app, selector in (("results", ".lm-TabBar-tab, .p-TabBar-tab"), ("calibration", ".ks-grid"),
                          ("admin", ".lm-TabBar-tab, .p-TabBar-tab")):
        server = start_app(app, store.url, port=free_port(), pool_size=0, secret=secret, timeout=300)
        try:
            assert "'unsafe-eval'" not in fetch(server.base_url + "login")[1]["Content-Security-Policy"]
            page, violations = _strict_page(browser, 1366)
            log_in(page, server, store, f"akun.{app}", {"results": "pimpinan", "calibration": "tim"}.get(app, "operator"))
            page.wait_for_selector(selector)
            assert secret not in page.url and "token" not in page.url, page.url
            tabs = page.locator(".lm-TabBar-tab, .p-TabBar-tab")
            for k in range(tabs.count()):
                tabs.nth(k).click()
                page.wait_for_timeout(500)
            assert page.locator(".jupyter-widgets").count() > 3
            page.screenshot(path=str(tmp / f"{app}-csp.png"), full_page=True)
            assert violations == [], (app, violations)
            page.close()
        finally:
            server.stop()
