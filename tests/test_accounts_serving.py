"""Accounts against real private Voilà servers on 127.0.0.1 (``apps.voila_server``): the admin
secret only for the first account, a login per role, wrong guesses slowed per client and per
account without a lockout, the kernel learning who is logged in, and the secret never left in a URL.

Browser parts use Debian chromium through playwright, like ``tests/test_browser.py``.
"""

from __future__ import annotations

import html
import re
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from test_browser import TIMEOUT_MS, browser, free_port  # noqa: F401 - the browser fixture
from test_serving import _login_cookie, _request

from kinerja_survey.apps.accounts import SETUP_ACTOR, SETUP_PATH
from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.i18n import t
from kinerja_survey.store import Store

pytestmark = pytest.mark.browser

SECRET = "uji-rahasia-akun-0123456789abcdef"
PASSWORD = "kata-sandi-uji-0123"


def _xsrf(port: int, path: str = "/login") -> str:
    _status, headers = _request(port, path)
    return re.search(r"_xsrf=([^;]+)", ";".join(headers.get_all("Set-Cookie") or [])).group(1)


def _post(port: int, path: str, fields: dict, xsrf: str, cookie: str = "", source: str = "127.0.0.1"):
    cookies = f"_xsrf={xsrf}" + (f"; {cookie}" if cookie else "")
    return _request(port, path, method="POST", body=urlencode({**fields, "_xsrf": xsrf}),
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies}, source=source)


def _body(port: int, path: str, cookie: str = "", method: str = "GET", body: str | None = None,
          headers: dict | None = None) -> tuple[int, str]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body, {**(headers or {}), **({"Cookie": cookie} if cookie else {})})
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _cookie(headers) -> str:
    return _login_cookie(headers).split(";")[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("akun")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=20, seed=5, submit_rate=0.3, draft_rate=0.2)
    yield store, result, tmp
    store.dispose()


def test_the_admin_secret_creates_the_first_operator_and_then_never_logs_in_again(tmp_path):
    """No account: ``?token=<secret>`` logs in (303 to the page without it) and that login opens
    only the first-account page; there the operator account is made (audited) and logged in.
    From then on the secret logs in nowhere -- in the URL or in the login form -- and the old
    secret login is sent back to the login form."""
    store = Store(tmp_path / "kosong.sqlite")
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, secret=SECRET, log_path=tmp_path / "a.log",
                      log_level="INFO")
    try:
        assert _request(admin.port, SETUP_PATH)[0] in (302, 303)  # not logged in: to the login form
        status, headers = _request(admin.port, f"/?token={SECRET}&lang=en")
        assert status == 303 and headers["Location"] == "/?lang=en" and _cookie(headers)
        setup_cookie = _cookie(headers)
        status, headers = _request(admin.port, "/", headers={"Cookie": setup_cookie})
        assert status == 303 and headers["Location"] == SETUP_PATH  # the secret opens the setup page only
        status, page = _body(admin.port, SETUP_PATH, setup_cookie)
        assert status == 200 and t("account.setup_title", "id") in page and SECRET not in page
        xsrf = _xsrf(admin.port)
        fields = {"username": "operator.satu", "display_name": "Operator Satu", "password": PASSWORD}
        status, _ = _post(admin.port, SETUP_PATH, {**fields, "password2": "lain-sekali-0123"}, xsrf, setup_cookie)
        assert status == 400 and not store.has_accounts()
        status, _ = _post(admin.port, SETUP_PATH, {**fields, "password": "pendek", "password2": "pendek"}, xsrf,
                          setup_cookie)
        assert status == 400 and not store.has_accounts()
        status, headers = _post(admin.port, SETUP_PATH, {**fields, "password2": PASSWORD}, xsrf, setup_cookie)
        assert status == 303 and _cookie(headers)
        operator_cookie = _cookie(headers)
        made = store.account("operator.satu")
        assert made["roles"] == ("operator",) and made["created_by"] == SETUP_ACTOR
        assert store.audit_frame().query("action == 'account_created'")["actor"].tolist() == [SETUP_ACTOR]
        assert _request(admin.port, "/", headers={"Cookie": operator_cookie})[0] == 200  # the account's page
        # the setup page is gone, for the old secret login and everyone else
        assert _request(admin.port, SETUP_PATH, headers={"Cookie": setup_cookie})[0] == 403
        status, _ = _post(admin.port, SETUP_PATH, {**fields, "username": "kedua", "password2": PASSWORD}, xsrf,
                          setup_cookie)
        assert status == 403 and store.account("kedua") is None
        # the old secret login: back to the login form, cookie cleared
        status, headers = _request(admin.port, "/", headers={"Cookie": setup_cookie})
        assert status in (302, 303) and "/login" in headers["Location"]
        # the secret in the URL no longer logs in, and does not travel on to the login page's address
        status, headers = _request(admin.port, f"/?token={SECRET}")
        assert status == 302 and not _login_cookie(headers)
        assert "/login" in headers["Location"] and SECRET not in headers["Location"]
        assert "token" not in headers["Location"]
        # nor in the login form: refused in Indonesian, not counted as a guess
        status, page_headers = _post(admin.port, "/login", {"password": SECRET}, xsrf)
        assert status == 403 and not _login_cookie(page_headers)
        status, page = _body(admin.port, "/login", method="POST", body=urlencode({"password": SECRET, "_xsrf": xsrf}),
                             headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"_xsrf={xsrf}"})
        assert status == 403 and t("account.secret_retired", "id") in page
        text = (tmp_path / "a.log").read_text()
        assert SECRET not in text and PASSWORD not in text and "Traceback" not in text
    finally:
        admin.stop()
        store.dispose()


def test_each_private_app_takes_the_accounts_of_its_roles_and_refuses_the_others(demo, tmp_path):
    """The admin app admits operators, the calibration view the Tim Penilai Kinerja, the dashboard
    pimpinan and analis; a right password with a wrong role gets an Indonesian refusal (403) and
    no login; a disabled account, even with a login cookie from before, no longer opens a page."""
    store, _result, _tmp = demo
    people = {"ops": "operator", "tpk": "tim", "pim": "pimpinan", "ana": "analis"}
    for name, role in people.items():
        if store.account(name) is None:
            store.create_account(name, PASSWORD, roles=role, actor="uji")
    opens = {"admin": {"ops"}, "calibration": {"tpk"}, "results": {"pim", "ana"}}
    for app, admitted in opens.items():
        server = start_app(app, store.url, port=free_port(), pool_size=0, secret=SECRET,
                           log_path=tmp_path / f"{app}.log")
        try:
            xsrf = _xsrf(server.port)
            for name in people:
                status, headers = _post(server.port, "/login", {"username": name, "password": PASSWORD}, xsrf)
                if name in admitted:
                    assert status == 302 and _cookie(headers), (app, name)
                    assert _request(server.port, "/", headers={"Cookie": _cookie(headers)})[0] == 200, (app, name)
                else:
                    assert status == 403 and not _login_cookie(headers), (app, name)
            status, page = _body(server.port, "/login", method="POST",
                                 body=urlencode({"username": "ops" if app != "admin" else "pim", "password": PASSWORD,
                                                 "_xsrf": xsrf}),
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Cookie": f"_xsrf={xsrf}"})
            assert status == 403 and "tidak berhak membuka aplikasi ini" in page
            if app == "results":  # disabled after login: the next page load refuses the cookie
                status, headers = _post(server.port, "/login", {"username": "ana", "password": PASSWORD}, xsrf)
                cookie = _cookie(headers)
                store.set_account_active("ana", False, actor="uji")
                try:
                    status, headers = _request(server.port, "/", headers={"Cookie": cookie})
                    assert status == 303 and "/login" in headers["Location"]
                    assert _post(server.port, "/login", {"username": "ana", "password": PASSWORD}, xsrf)[0] == 401
                finally:
                    store.set_account_active("ana", True, actor="uji")
        finally:
            server.stop()


def test_wrong_passwords_are_slowed_per_account_and_per_client_and_never_lock_out_the_owner(demo, tmp_path):
    """50 wrong passwords for one account from 127.0.0.1 (at once, as a script would): the owner's
    right password, sent next from the same address, logs in at once.  Wrong guesses naming that
    account are answered late and 429 from the 10th on, also from another address (per account);
    a wrong guess for another account from another address is answered at once."""
    store, _result, _tmp = demo
    if store.account("ops") is None:
        store.create_account("ops", PASSWORD, roles="operator", actor="uji")
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, secret=SECRET,
                      log_path=tmp_path / "admin.log", log_level="INFO")
    try:
        xsrf = _xsrf(admin.port)
        with ThreadPoolExecutor(50) as pool:
            codes = list(pool.map(lambda i: _post(admin.port, "/login", {"username": "ops",
                                                                          "password": f"tebakan-{i:02d}-xxxxxx"}, xsrf),
                                  range(50)))
        assert {c for c, _ in codes} <= {401, 429} and 429 in {c for c, _ in codes}
        assert not any(_login_cookie(h) for _, h in codes)
        started = time.monotonic()
        status, headers = _post(admin.port, "/login", {"username": "ops", "password": PASSWORD}, xsrf)
        assert status == 302 and _cookie(headers) and time.monotonic() - started < 2.0  # the owner: at once
        # per account: another address guessing this account waits the longest delay and gets 429
        started = time.monotonic()
        assert _post(admin.port, "/login", {"username": "ops", "password": "salah-lagi-1234"}, xsrf,
                     source="127.0.0.3")[0] == 429
        assert time.monotonic() - started >= 2.5
        # another account from another address: answered at once, 401
        started = time.monotonic()
        assert _post(admin.port, "/login", {"username": "tpk", "password": "salah-lagi-1234"}, xsrf,
                     source="127.0.0.4")[0] == 401
        assert time.monotonic() - started < 2.0
        text = (tmp_path / "admin.log").read_text()
        assert "429 POST /login" in text and PASSWORD not in text and "tebakan" not in text
    finally:
        admin.stop()


@pytest.mark.parametrize("pool", [1, 0], ids=["preheated", "started-for-the-page"])
def test_the_kernel_knows_the_account_and_the_audit_log_names_it(demo, browser, tmp_path, pool):  # noqa: F811
    """Logged in through the form, the admin page's kernel -- a preheated one (told with its
    request, ``/ks-query``) or one started for the page (its environment) -- shows the account
    read only where "Nama petugas" was typed, and a change made in the app is recorded under that
    account; a ``?petugas=`` in the address changes nothing."""
    from test_browser import log_in

    store, _result, _tmp = demo
    name = f"operator.{pool}"
    admin = start_app("admin", store.url, port=free_port(), pool_size=pool, secret=SECRET,
                      log_path=tmp_path / "admin.log")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    before = len(store.audit_frame()) + 1  # and the account's creation
    try:
        log_in(page, admin, store, name, "operator", f"Operator {pool}")
        page.wait_for_selector(".ks-admin")
        if pool:  # the preheated kernel served this page (and the next page starts a refill)
            assert admin.health()["kernels"] >= 1
        account = page.locator(".ks-account input")
        assert account.input_value() == name and account.is_disabled()
        page.goto(admin.base_url + "?petugas=Orang%20Lain")
        page.wait_for_selector(".ks-admin")
        assert page.locator(".ks-account input").input_value() == name
        page.get_by_text(t("tab_assign", "id"), exact=True).click()
        address = f"https://penilaian-{pool}.contoh.go.id"
        page.locator(".widget-text:visible", has_text=t("admin.address", "id")).locator("input").fill(address)
        page.keyboard.press("Tab")
        page.get_by_role("button", name=t("preview", "id")).first.click()
        page.get_by_role("button", name=t("admin.address_save", "id")).click()
        page.get_by_text(address, exact=False).first.wait_for()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and store.setting("public_address") != address:
            time.sleep(0.3)
        log = store.audit_frame().iloc[before:]
        rows = log[log["detail_json"].str.contains('"public_address"', regex=False)]
        assert rows["actor"].tolist() == [name]  # the account, never a typed name
    finally:
        page.close()
        admin.stop()


def test_before_the_first_account_the_other_private_apps_send_to_the_admin_app(tmp_path):
    """The dashboard with no account yet: the secret logs in (303, without it in the address) to a
    notice naming where the first account is made; there is no setup page on this app."""
    store = Store(tmp_path / "kosong.sqlite")
    dash = start_app("results", store.url, port=free_port(), pool_size=0, secret=SECRET,
                     log_path=tmp_path / "results.log")
    try:
        status, headers = _request(dash.port, f"/?token={SECRET}")
        assert status == 303 and headers["Location"] == "/" and _cookie(headers)
        status, page = _body(dash.port, "/", _cookie(headers))
        assert status == 403 and html.unescape(page).count(t("account.setup_elsewhere", "id")) == 1
        assert _request(dash.port, SETUP_PATH, headers={"Cookie": _cookie(headers)})[0] == 404
        assert not store.has_accounts()
    finally:
        dash.stop()
        store.dispose()
