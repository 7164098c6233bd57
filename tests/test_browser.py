"""End to end: real Voilà servers (``kinerja_survey.apps.serve``) on 127.0.0.1, driven by headless
Debian chromium through Python playwright, checked in the database.

Needs ``/usr/bin/chromium`` (``.ci/run`` installs it from Debian; never ``playwright install``).
Without it the tests are skipped, except under CI (``CI=true``) where that is a failure.
Screenshots go to ``$KINERJA_SCREENSHOT_DIR`` when set (else the test's temp dir).
"""

from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.i18n import t
from kinerja_survey.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 90_000


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("python playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    path = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    """A demo database and the rater app served from it (two preheated kernels)."""
    tmp = tmp_path_factory.mktemp("site")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=30, seed=8, submit_rate=0.3, draft_rate=0.2)
    server = start_app("rater", store.url, port=free_port(), pool_size=2, log_path=tmp / "rater.log")
    pending = list(result.links.loc[result.links["status"] == "pending", "token"])
    yield store, result, server, pending
    server.stop()
    store.dispose()


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


LOGIN_PASSWORD = "kata-sandi-uji-peramban-01"


def log_in(page, server, store, username: str, roles: str, display_name: str = ""):
    """Log ``page`` in to the private app ``server`` through its login form, with the account
    ``username`` (created with ``roles`` when missing); the app's page follows."""
    if store.account(username) is None:
        store.create_account(username, LOGIN_PASSWORD, roles=roles, display_name=display_name, actor="uji")
    page.goto(server.base_url + "login")
    page.fill("#username", username)
    page.fill("#password", LOGIN_PASSWORD)
    page.click("button[type=submit]")
    return page


def login_page(browser, server, store, username: str, roles: str, display_name: str = ""):
    """A new page logged in to ``server`` (:func:`log_in`)."""
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    return log_in(page, server, store, username, roles, display_name)


def open_first_form(page):
    page.wait_for_selector(".ks-task")
    page.locator(".ks-open").first.click()
    page.wait_for_selector(".ks-form")
    page.wait_for_selector(".ks-submit")


def click_value(page, code: str, value: int):
    radio = page.locator(f".ks-choice-{code} input[type=radio]").nth(value - 1)
    radio.evaluate("e => e.scrollIntoView({block: 'center'})")  # the sticky bar covers the bottom edge
    radio.click()
    page.locator(f".ks-choice-{code} input[type=radio]:checked").wait_for()


def status_of(store, cycle_id, assignment_id) -> str:
    return store.assignments_frame(cycle_id).set_index("assignment_id").at[assignment_id, "status"]


def first_assignment(store, token) -> int:
    return int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])


def test_rater_answers_everything_and_submits(site, browser, shots):
    store, result, server, pending = site
    token = pending.pop()
    aid = first_assignment(store, token)
    items = [i.code for i in store.instrument(result.cycle_id).items]
    page = open_page(browser, f"{server.base_url}?token={token}")
    page.wait_for_selector(".ks-task")
    page.screenshot(path=str(shots / "tasks.png"))
    open_first_form(page)
    # nothing is pre-selected: no radio of any item is checked
    assert page.locator(".ks-choice").count() == len(items)
    assert page.locator(".ks-choice input[type=radio]").count() >= 5 * len(items)
    assert page.locator(".ks-choice input[type=radio]:checked").count() == 0
    page.screenshot(path=str(shots / "form-unanswered.png"))
    values = {code: 1 + (k * 2) % 5 for k, code in enumerate(items)}
    for code, value in values.items():
        click_value(page, code, value)
    page.locator(".ks-comment-BER textarea").fill("Pelayanan cepat.")
    page.locator(".ks-submit").click()
    page.wait_for_selector(".ks-msg-ok")
    page.screenshot(path=str(shots / "form-submitted.png"))
    assert status_of(store, result.cycle_id, aid) == "submitted"
    saved = store.load_response(store.open_link(token), aid)
    assert saved["answers"] == values and saved["comments"] == {"BER": "Pelayanan cepat."}
    # locked in the page too: the choices are disabled
    assert page.locator(".ks-choice input[type=radio]").count() >= 5 * len(items)
    assert page.locator(".ks-choice input:not([disabled])").count() == 0
    page.close()


def test_submit_with_a_missing_item_shows_it_and_stores_no_submission(site, browser, shots):
    store, result, server, pending = site
    token = pending.pop()
    aid = first_assignment(store, token)
    items = [i.code for i in store.instrument(result.cycle_id).items]
    missing = {items[5], items[-1]}
    page = open_page(browser, f"{server.base_url}?token={token}")
    open_first_form(page)
    for code in items:
        if code not in missing:
            click_value(page, code, 4)
    page.locator(".ks-submit").click()
    page.wait_for_selector(".ks-msg-error")
    page.wait_for_selector(".ks-item-missing")
    page.screenshot(path=str(shots / "form-missing.png"), full_page=True)
    marked = {code for code in items if "ks-item-missing" in (page.locator(f".ks-item-{code}").get_attribute("class") or "")}
    assert marked == missing
    text = page.locator(".ks-message").inner_text()
    assert "2 isian" in text
    assert status_of(store, result.cycle_id, aid) == "draft"
    assert set(store.load_response(store.open_link(token), aid)["answers"]) == set(items) - missing
    page.close()


@pytest.mark.parametrize("query, lang", [("token=tautan-yang-tidak-pernah-ada-123", "id"), ("", "id"),
                                         ("token=tautan-yang-tidak-pernah-ada-123&lang=en", "en")])
def test_invalid_token_shows_only_the_friendly_message(site, browser, shots, query, lang):
    _store, result, server, _ = site
    page = open_page(browser, f"{server.base_url}?{query}")
    page.wait_for_selector(".ks-denied-message")
    page.screenshot(path=str(shots / f"denied-{lang}.png"))
    body = page.locator("body").inner_text()
    assert t("denied_unknown", lang) in body
    assert "Traceback" not in body and "Error" not in body
    assert page.locator(".ks-task").count() == 0 and page.locator(".ks-form").count() == 0
    for name in result.links["nama"]:
        assert name not in body
    page.close()


def test_admin_notebook_is_not_served_by_the_rater_server(site):
    _store, result, server, _ = site
    token = result.links["token"].iloc[0]
    for path in ["admin.ipynb", "admin", "voila/render/admin.ipynb", "voila/files/admin.ipynb", "voila/tree",
                 "voila/files/penilaian.ipynb", "penilaian.ipynb", "voila/api/contents/"]:
        for query in ("", f"?token={token}"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(server.base_url + path + query, timeout=30)
            assert err.value.code == 404, path
    assert server.health()["status"] == "ok"


def test_admin_app_needs_a_login_and_loads(site, browser, tmp_path):
    store, result, _, _ = site
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, log_path=tmp_path / "admin.log")
    try:
        assert admin.host == "127.0.0.1" and admin.secret
        page = open_page(browser, admin.base_url)  # no login: the login page, no app
        assert "/login" in page.url and page.locator(".ks-admin").count() == 0
        page.close()
        page = login_page(browser, admin, store, "operator.uji", "operator")
        page.wait_for_selector(".ks-admin")
        page.get_by_text(t("dash.tab_respons", "id"), exact=True).click()
        rates = store.response_rates(result.cycle_id)
        summary = f"{int(rates['submitted'].sum())} dari {int(rates['invited'].sum())} formulir terkirim"
        page.get_by_text(summary).wait_for()
        page.close()
    finally:
        admin.stop()


def test_results_dashboard_is_private_and_shows_the_predikat_distribution(site, browser, tmp_path):
    store, result, _, _ = site
    with pytest.raises(Exception, match="127.0.0.1"):
        start_app("results", store.url, host="0.0.0.0", port=free_port(), pool_size=0, wait=False)
    dash = start_app("results", store.url, port=free_port(), pool_size=0, secret="rahasia-dasbor-uji-0123",
                     log_path=tmp_path / "results.log")
    try:
        assert dash.host == "127.0.0.1"
        page = open_page(browser, dash.base_url)  # no login: login page, no results
        assert "/login" in page.url and page.get_by_text("Distribusi predikat").count() == 0
        page.close()
        page = login_page(browser, dash, store, "pimpinan.uji", "pimpinan")
        page.get_by_text("Ringkasan predikat").wait_for()
        body = page.inner_text("body")
        assert "Mode rapat" in body
        assert not any(nip in body for nip in store.employees_frame()["nip"])  # meeting mode: no NIP on screen
        page.close()
    finally:
        dash.stop()


def test_admin_roster_import_confirmation_and_link_reissue_in_the_browser(browser, tmp_path, small_roster):
    """HR in Chromium: a partial roster lists the people it would deactivate and changes nothing
    until the confirm button; a reissued link is previewed, confirmed and shown to copy; both are
    recorded under the logged-in account (shown read only where "Nama petugas" was typed)."""
    from kinerja_survey import cycle as uc

    store = Store(tmp_path / "hr.sqlite")
    uc.import_roster(store, small_roster, actor="setup")
    cid = uc.create_cycle(store, "Penilaian Perilaku 2026", "2026-01-01", "2026-12-31", actor="setup")
    made = uc.assign(store, cid, seed=2, actor="setup")
    uc.open_cycle(store, cid, actor="setup")
    partial = small_roster.iloc[:30].copy()
    partial["atasan_nip"] = partial["atasan_nip"].where(partial["atasan_nip"].isin(partial["nip"]), "")
    csv_path = tmp_path / "roster-sebagian.csv"
    partial.to_csv(csv_path, index=False)
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, log_path=tmp_path / "admin.log",
                      rater_url="https://penilaian.contoh.go.id/")
    try:
        page = login_page(browser, admin, store, "dewi.lestari", "operator", "Dewi Lestari")
        page.wait_for_selector(".ks-admin")
        account = page.locator(".ks-account input")  # the account, read only: nothing typed names the actor
        assert account.input_value() == "dewi.lestari" and account.is_disabled()
        page.get_by_text(t("tab_roster", "id"), exact=True).click()
        with page.expect_file_chooser() as chooser:  # ipywidgets' file input is not in the page
            page.locator(".widget-upload", has_text=t("upload_roster", "id")).click()
        chooser.value.set_files(str(csv_path))
        page.locator(".widget-upload", has_text="(1)").wait_for()
        page.get_by_role("button", name=t("import", "id")).click()
        page.get_by_text("akan DINONAKTIFKAN", exact=False).first.wait_for()
        body = page.inner_text("body")
        assert all(nip in body for nip in small_roster["nip"].iloc[30:])
        assert len(store.employees_frame()) == 40  # nothing changed before the confirmation
        page.get_by_role("button", name=t("roster_confirm", "id")).click()
        page.get_by_text("10 dinonaktifkan", exact=False).wait_for()
        assert len(store.employees_frame()) == 30

        nip, old = made.links[["nip", "token"]].iloc[0]
        page.get_by_text(t("tab_reminders", "id"), exact=True).click()
        page.locator(".widget-text:visible", has_text=t("admin.h_rater", "id")).locator("input").fill(nip)
        page.keyboard.press("Tab")
        page.get_by_role("button", name=t("reissue", "id")).click()
        page.get_by_text("langsung tidak berlaku", exact=False).wait_for()
        assert store.open_link(old).cycle_id == cid  # still valid until confirmed
        page.get_by_role("button", name=t("confirm", "id")).click()
        field = page.locator(".ks-new-link input")
        field.wait_for()
        new_link = field.input_value()
        assert new_link.startswith("https://penilaian.contoh.go.id/?token=")
        assert store.open_link(new_link.split("token=", 1)[1]).cycle_id == cid
        with pytest.raises(Exception, match="tidak berlaku"):
            store.open_link(old)
        log = store.audit_frame()
        assert set(log.loc[log["action"].isin(["import_roster", "reissue_link"]), "actor"]) == {"setup", "dewi.lestari"}
        assert log.query("action == 'reissue_link'")["actor"].tolist() == ["dewi.lestari"]
        page.close()
    finally:
        admin.stop()
        store.dispose()
