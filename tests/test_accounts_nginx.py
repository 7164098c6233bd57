"""Single sign-on through a real nginx (``auth_request``), with the configuration of
``docs/deployment.md`` as written there (only ports, certificate and log paths replaced).

A small SSO stand-in (what oauth2-proxy's ``/oauth2/auth`` does: 202 with the user's name in
``X-Auth-Request-User`` for a known session cookie, 401 otherwise) runs in the test.  Through nginx
the SSO's user opens the admin app without a password, by their account's role; nginx replaces any
``X-Remote-User`` the browser sends; and the same header sent straight to the app by a peer that is
not the trusted proxy is ignored.

Needs Debian ``nginx`` and ``openssl``.
"""

from __future__ import annotations

import http.client
import http.server
import os
import re
import shutil
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest
from test_browser import free_port
from test_nginx import run_nginx

from kinerja_survey.apps.serve import start_app
from kinerja_survey.i18n import t
from kinerja_survey.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOC = Path(__file__).resolve().parents[1] / "docs" / "deployment.md"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PROXY = "127.0.0.2"  # the block's proxy_bind: the app's trusted proxy
SESSIONS = {"sesi-ops": "sso.ops", "sesi-pim": "sso.pim", "sesi-asing": "bukan.akun"}


def doc_config() -> str:
    blocks = re.findall(r"```nginx\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    block = [b for b in blocks if "tests/test_accounts_nginx.py runs this block" in b]
    assert len(block) == 1, "docs/deployment.md must hold exactly one SSO nginx block"
    return block[0]


class _SSO(http.server.BaseHTTPRequestHandler):
    """oauth2-proxy's ``/oauth2/auth`` in miniature: the session cookie ``sso`` names the user."""

    def do_GET(self):
        cookie = self.headers.get("Cookie") or ""
        match = re.search(r"(?:^|;\s*)sso=([\w-]+)", cookie)
        user = SESSIONS.get(match.group(1)) if match else None
        self.send_response(202 if user else 401)
        if user:
            self.send_header("X-Auth-Request-User", user)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _get(port: int, path: str, headers: dict | None = None, *, tls: bool = True) -> tuple[int, dict, str]:
    if tls:
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=120, context=ctx)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sso(tmp_path_factory):
    if NGINX is None or shutil.which("openssl") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx and openssl are needed in CI")
        pytest.skip("nginx/openssl not available")
    tmp = tmp_path_factory.mktemp("sso")
    store = Store(tmp / "k.sqlite")
    store.create_account("sso.ops", "kata-sandi-sso-ops-01", roles="operator", display_name="Operator SSO", actor="uji")
    store.create_account("sso.pim", "kata-sandi-sso-pim-01", roles="pimpinan", actor="uji")
    stub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SSO)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    app_port, nginx_port = free_port(), free_port()
    admin = start_app("admin", store.url, port=app_port, pool_size=0, secret="uji-rahasia-sso-0123456789abcdef",
                      user_header="X-Remote-User", trusted_proxy=PROXY, log_path=tmp / "admin.log")
    proc = None
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
                       check=True, capture_output=True)
        block = doc_config()
        swaps = {"listen 443 ssl;": f"listen 127.0.0.1:{nginx_port} ssl;",
                 "/etc/ssl/certs/kinerja-admin.pem": str(tmp / "cert.pem"),
                 "/etc/ssl/private/kinerja-admin.key": str(tmp / "key.pem"),
                 "/var/log/nginx/kinerja-admin.log": str(tmp / "access.log"),
                 "http://127.0.0.1:8867;": f"http://127.0.0.1:{app_port};",
                 "http://127.0.0.1:4180/": f"http://127.0.0.1:{stub.server_address[1]}/"}
        for old, new in swaps.items():
            assert old in block, old
            block = block.replace(old, new)
        (tmp / "sso.conf").write_text(block)
        proc = run_nginx(NGINX, tmp, "sso.conf", worker_connections=256)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if _get(nginx_port, "/")[0] == 401:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield store, admin, nginx_port, tmp
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(20)
        admin.stop()
        stub.shutdown()
        store.dispose()


def test_the_sso_user_opens_the_app_by_their_accounts_role(sso):
    store, _admin, port, tmp = sso
    assert _get(port, "/")[0] == 401  # no SSO session: nginx refuses, the app sees nothing
    status, _headers, body = _get(port, "/", {"Cookie": "sso=sesi-ops"})
    assert status == 200 and "kernelId" in body  # logged in by the SSO, no password asked
    status, _headers, body = _get(port, "/", {"Cookie": "sso=sesi-pim"})
    assert status == 403 and t("account.page_refused", "id") in body  # pimpinan: not the admin app
    status, headers, _body = _get(port, "/", {"Cookie": "sso=sesi-asing"})  # the SSO knows them, the store does not
    assert status in (302, 303) and "/login" in headers["Location"]
    store.set_account_active("sso.ops", False, actor="uji")
    try:
        status, headers, _body = _get(port, "/", {"Cookie": "sso=sesi-ops"})
        assert status in (302, 303) and "/login" in headers["Location"]  # disabled: the SSO alone is not enough
    finally:
        store.set_account_active("sso.ops", True, actor="uji")
    assert "user=sso.ops" in (tmp / "access.log").read_text()


def test_a_user_header_from_the_browser_or_another_peer_is_ignored(sso):
    _store, admin, port, _tmp = sso
    # through nginx: the browser's own X-Remote-User is replaced by the SSO's user
    status, _headers, body = _get(port, "/", {"Cookie": "sso=sesi-pim", "X-Remote-User": "sso.ops"})
    assert status == 403 and t("account.page_refused", "id") in body
    assert _get(port, "/", {"X-Remote-User": "sso.ops"})[0] == 401  # no SSO session: refused by nginx
    # straight to the app from 127.0.0.1, which is not the trusted proxy: the header counts for nothing
    status, headers, _body = _get(admin.port, "/", {"X-Remote-User": "sso.ops"}, tls=False)
    assert status in (302, 303) and "/login" in headers["Location"]
