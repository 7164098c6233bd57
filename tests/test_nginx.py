"""Scale-out behind a real nginx: two rater servers sharing one PostgreSQL database, with the nginx
configuration of ``docs/deployment.md`` used as it is written there (only ports, certificate and
log paths are replaced).  A burst of raters is split across both servers, every form is submitted
through the real page, and every submission is in the database; nginx's per-address rate limit on
page loads answers 429.

Needs Debian ``nginx`` and ``openssl`` (``.ci/run`` installs nginx), chromium and PostgreSQL.
"""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import PG_URL, _pg_store
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, free_port

from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

DOC = Path(__file__).resolve().parents[1] / "docs" / "deployment.md"
BURST = int(os.environ.get("KS_NGINX_BURST", "6"))


def _need(what: str, ok: bool):
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"needed in CI: {what}")
        pytest.skip(f"{what} not available")


def doc_config() -> str:
    """The nginx block of docs/deployment.md that the test runs."""
    blocks = re.findall(r"```nginx\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    block = [b for b in blocks if "tests/test_nginx.py runs this block" in b]
    assert len(block) == 1, "docs/deployment.md must hold exactly one tested nginx block"
    return block[0]


def local_config(block: str, tmp: Path, nginx_port: int, ports: list[int]) -> str:
    """The doc's block with this test's ports and paths; everything else as written."""
    out = block.replace("127.0.0.1:8866", f"127.0.0.1:{ports[0]}").replace("127.0.0.1:8876", f"127.0.0.1:{ports[1]}")
    swaps = {"listen 443 ssl;": f"listen 127.0.0.1:{nginx_port} ssl;",
             "/etc/ssl/certs/penilaian.pem": str(tmp / "cert.pem"),
             "/etc/ssl/private/penilaian.key": str(tmp / "key.pem"),
             "/var/log/nginx/penilaian.log": str(tmp / "access.log")}
    for old, new in swaps.items():
        assert old in out, old
        out = out.replace(old, new)
    return out


def run_nginx(nginx: str, tmp: Path, site_conf: str, worker_connections: int = 512) -> subprocess.Popen:
    """Debian's nginx in the foreground with its files in ``tmp``: ``site_conf`` (a file in ``tmp``)
    included in the http block, the config checked with ``nginx -t`` first."""
    temp = "\n".join(f"    {k}_temp_path {tmp / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        f"events {{ worker_connections {worker_connections}; }}\nhttp {{\n{temp}\n    include {tmp / site_conf};\n}}\n")
    subprocess.run([nginx, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], check=True, capture_output=True)
    return subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    _need("nginx (apt-get install nginx)", nginx is not None)
    _need("openssl", shutil.which("openssl") is not None)
    _need(CHROMIUM, Path(CHROMIUM).exists())
    _need("PostgreSQL (KINERJA_TEST_PG_URL)", bool(PG_URL))
    tmp = tmp_path_factory.mktemp("nginx")
    admin, name, url = _pg_store()
    store = Store(url)
    result = build_demo(store, n_employees=30, seed=21, submit_rate=0.0, draft_rate=0.0)
    ports = [free_port(), free_port()]
    servers = [start_app("rater", url, port=ports[i], pool_size=1, route=f"r{i + 1}", behind_proxy=True,
                         log_path=tmp / f"rater{i + 1}.log", wait=False) for i in range(2)]
    proc = None
    try:
        for s in servers:
            s.wait_ready(120, preheated=1)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
                       check=True, capture_output=True)
        port = free_port()
        (tmp / "kinerja.conf").write_text(local_config(doc_config(), tmp, port, ports))
        proc = run_nginx(nginx, tmp, "kinerja.conf")
        base = f"https://127.0.0.1:{port}/"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and get(base)[0] != 403:  # nginx up: "unknown link" from a server
            time.sleep(0.2)
        yield store, result, servers, base, tmp
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(20)
        for s in servers:
            s.stop()
        store.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


_NO_VERIFY = ssl.create_default_context()
_NO_VERIFY.check_hostname = False
_NO_VERIFY.verify_mode = ssl.CERT_NONE


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=_NO_VERIFY) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def test_a_burst_is_split_across_two_servers_and_nothing_is_lost(cluster):
    from playwright.sync_api import sync_playwright

    store, result, _servers, base, tmp = cluster
    links = result.links.drop_duplicates("token").head(BURST)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts, pages = [], []
        for token in links["token"]:  # every rater in their own browser, all arriving at once
            ctx = browser.new_context(ignore_https_errors=True, viewport={"width": 1000, "height": 900})
            page = ctx.new_page()
            page.set_default_timeout(TIMEOUT_MS * 2)
            page.goto(base + f"?token={token}", wait_until="commit")
            contexts.append(ctx)
            pages.append(page)
        routes = []
        expected = {}
        for token, ctx, page in zip(links["token"], contexts, pages, strict=True):
            page.wait_for_selector(".ks-task")
            routes.append({c["name"]: c["value"] for c in ctx.cookies()}.get("ks_route"))
            aid = int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])
            page.locator(".ks-open").first.click()
            page.wait_for_selector(".ks-submit")
            for block in page.locator(".ks-choice").all():
                radio = block.locator("input[type=radio]").nth(3)
                radio.evaluate("e => e.scrollIntoView({block: 'center'})")  # the sticky bar covers the bottom
                radio.click()
            page.locator(".ks-submit").click()
            expected[aid] = token
        for page in pages:
            page.wait_for_selector(".ks-msg-ok")
        browser.close()
    assert sorted(set(routes)) == ["r1", "r2"], routes  # both servers took part
    statuses = store.assignments_frame(result.cycle_id).set_index("assignment_id")["status"]
    assert all(statuses[aid] == "submitted" for aid in expected)  # nothing lost
    for aid, token in expected.items():
        assert set(store.load_response(store.open_link(token), aid)["answers"].values()) == {4}
    log = (tmp / "access.log").read_text()
    assert "GET /" in log and "token=" not in log  # nginx logs paths only


def test_nginx_rate_limits_page_loads_per_address(cluster):
    _store, _result, servers, base, _tmp = cluster
    time.sleep(6)  # let the burst's budget refill
    before = [s.health()["pages"] for s in servers]
    codes = [get(base + f"?token=tebakan-{i:03d}-xxxxxxxxxxxx", timeout=10)[0] for i in range(40)]
    assert codes.count(429) >= 20  # 2/s with a burst of 10: most of 40 rapid loads refused by nginx
    assert set(codes) <= {403, 429}  # the rest reached a server and got "unknown link", no kernel
    assert [s.health()["pages"] for s in servers] <= before  # and no kernel was handed out for them
