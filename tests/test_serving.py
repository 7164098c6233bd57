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
from test_browser import TIMEOUT_MS, browser, free_port  # noqa: F401 - the browser fixture

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


def test_admin_secret_must_be_long_and_guesses_are_limited(tmp_path, site):
    store, _result, _server, _tokens, _ = site
    for bad in ("", "a", "x" * 40, "pendek-sekali"):
        with pytest.raises(ServeError, match="20 karakter"):
            start_app("admin", store.url, port=free_port(), pool_size=0, secret=bad, wait=False)
    secret = "uji-rahasia-admin-0123456789abcdef"
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, secret=secret, log_path=tmp_path / "admin.log",
                      log_level="INFO")
    try:
        base = admin.base_url.rstrip("/")
        codes = [fetch(f"{base}/?token=tebakan-{i:02d}-xxxxxxxxxxxxxxxx", timeout=10)[0] for i in range(14)]
        assert codes[0] in (302, 200, 403) and 429 in codes  # after 10 wrong guesses: refused
        assert fetch(f"{base}/?token={secret}", timeout=10)[0] == 429  # even the right one, for a minute
        status, _, body = fetch(f"{base}/logout", timeout=10)
        assert status == 200 and t("logged_out", "id") in body
        assert fetch(f"{base}/voila/query/00000000-0000-0000-0000-000000000000")[0] == 404
        text = (tmp_path / "admin.log").read_text()
        assert secret not in text and "Traceback" not in text and "tebakan" not in text
    finally:
        admin.stop()


def _post_login(port: int, password: str, xsrf: str, source: str = "127.0.0.1") -> tuple[int, str]:
    """``POST /login`` as the login form sends it, from the loopback address ``source``:
    (status, the login cookie set, if any)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        conn.request("POST", "/login", urlencode({"password": password, "_xsrf": xsrf}),
                     {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"_xsrf={xsrf}"})
        resp = conn.getresponse()
        resp.read()
        return resp.status, next((c for c in resp.headers.get_all("Set-Cookie") or [] if c.startswith("username-")), "")
    finally:
        conn.close()


def test_login_form_guesses_are_limited_per_client_and_in_total_for_a_window(tmp_path, site):
    """The admin app's and dashboards' login form (``POST /login``): after 10 wrong secrets from one
    address within the window every attempt from it is refused (429), the right secret too; another
    address still logs in; 30 wrong secrets from everyone lock every address; once the window has
    passed the right secret works again.  The window is 10 s here (60 s by default)."""
    store, _result, _server, _tokens, _ = site
    secret = "uji-rahasia-login-0123456789abcdef"
    window = 10.0
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, secret=secret, login_window=window,
                      log_path=tmp_path / "admin.log", log_level="INFO")
    try:
        status, headers, form = fetch(f"{admin.base_url}login")
        assert status == 200 and 'name="password"' in form
        xsrf = re.search(r"_xsrf=([^;]+)", headers.get("Set-Cookie")).group(1)
        started = time.monotonic()
        assert [_post_login(admin.port, f"tebakan-{i:02d}", xsrf)[0] for i in range(10)] == [401] * 10
        last_guess = time.monotonic()
        assert _post_login(admin.port, "tebakan-10", xsrf)[0] == 429  # beyond the limit: refused
        assert _post_login(admin.port, secret, xsrf) == (429, "")  # the right secret too: no login cookie
        # per client: another address is not locked out by the first one's guesses
        status, cookie = _post_login(admin.port, secret, xsrf, source="127.0.0.2")
        assert status == 302 and cookie
        # in total: 30 failed guesses from everyone lock every address, even one that never guessed
        for source in ("127.0.0.3", "127.0.0.4"):
            assert [_post_login(admin.port, "salah", xsrf, source)[0] for _ in range(10)] == [401] * 10
        last_guess = time.monotonic()
        assert _post_login(admin.port, secret, xsrf, source="127.0.0.5") == (429, "")
        # all of the above happened within one window (else the lockout could have been missed)
        assert time.monotonic() - started < window
        time.sleep(max(0.0, last_guess + window + 0.5 - time.monotonic()))
        status, cookie = _post_login(admin.port, secret, xsrf)  # the window has passed: the right secret works
        assert status == 302 and cookie
        text = (tmp_path / "admin.log").read_text()
        assert "429 POST /login" in text and secret not in text
    finally:
        admin.stop()


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
        assert fetch(f"http://127.0.0.1:{ports[1]}/?token={secret}")[0] == 200  # it is the admin secret
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
