"""The admin app loads on databases in every state a first real cycle passes through (issue 21).

The states are built through the use cases (``kinerja_survey.cycle``), as the CLI builds them:
deadline extended or not, one period or a second one made from the first (``create_next_cycle``,
the CLI's ``buat-periode --dari-periode``), the first period open / closed / calibrated (organisation
predikat and one predikat changed) / published.  For each, every one of the eleven tabs is built,
every tab's refresh ran for every period, and no message is shown.  In Chromium through a real
Voilà server (``-m browser``), four of the states -- every value of every factor, the NaT sequence
first -- have every tab of every period clicked, no message and no Voilà error on the page.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import logging
import shutil

import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.apps.admin import AdminApp
from kinerja_survey.demo import build_demo
from kinerja_survey.errors import KinerjaError
from kinerja_survey.i18n import t
from kinerja_survey.store import Store, format_deadline
from test_browser import browser  # noqa: F401 - the one Chromium fixture of the browser tests

STAGES = ("open", "closed", "calibrated", "published")
TABS = ("cycles", "roster", "assign", "monitor", "reminders", "review", "changes", "closing", "periods", "coverage",
        "privacy")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A 30-person demo agency with one open cycle, built once; each state works on a copy."""
    path = tmp_path_factory.mktemp("states-template") / "demo.sqlite"
    store = Store(path)
    result = build_demo(store, n_employees=30, seed=4)
    store.dispose()
    return path, result.cycle_id


def build_state(src, dst, cycle_id: int, *, extended: bool, stage: str, several: bool) -> Store:
    """A copy of the demo database brought into one state through the use cases."""
    shutil.copyfile(src, dst)
    store = Store(dst)
    if extended:
        later = store.cycle_deadline(cycle_id).date() + dt.timedelta(days=20)
        uc.extend_deadline(store, cycle_id, later, reason="Banyak penilai sedang dinas luar", actor="hr")
    if stage != "open":
        uc.close_cycle(store, cycle_id, actor="hr")
    if stage in ("calibrated", "published"):
        uc.set_org_predikat(store, cycle_id, "Baik", actor="hr")
        meeting = uc.CalibrationState(store, cycle_id, actor="tim-penilai")  # the calibration meeting's use case
        meeting.change(str(meeting.results.people["nip"].iloc[0]), "Butuh Perbaikan", "Capaian SKP di bawah target unit")
    if stage == "published":
        uc.publish(store, cycle_id, actor="hr", force=True,  # the demo cycle misses the kurva
                   reason="Uji: kurva distribusi agensi contoh belum terpenuhi")
    if several:
        uc.create_next_cycle(store, cycle_id, actor="hr")
    return store


def problems(app: AdminApp) -> list[str]:
    """Every message the app shows about a failure (the top line and each tab's own line)."""
    texts = [app.alert.value] + [app.tab_alerts[name].value for name in TABS]
    return [html.unescape(v) for v in texts if v] + sorted(app.broken_tabs)


@pytest.fixture(autouse=True)
def _acting_person(monkeypatch):
    monkeypatch.setenv("KINERJA_SURVEY_ACTOR", "Petugas Uji")


@pytest.mark.parametrize(("extended", "stage", "several"), list(itertools.product((False, True), STAGES, (False, True))))
def test_every_tab_renders_in_every_state(demo_file, tmp_path, caplog, extended, stage, several):
    src, cid = demo_file
    store = build_state(src, tmp_path / "k.sqlite", cid, extended=extended, stage=stage, several=several)
    try:
        with caplog.at_level(logging.ERROR, logger="kinerja_survey.apps"):
            app = AdminApp(store, rater_url="https://penilaian.example.go.id/")
            assert len(app.tabs.children) == len(TABS) == len(app.tab_alerts)
            assert all(len(tab.children) > 1 for tab in app.tabs.children)  # the alert line and the tab's widgets
            ids = [value for _label, value in app.cycle_select.options]
            assert ids == ([cid, cid + 1] if several else [cid])
            for each in ids:  # every period selected: each tab refreshed for it
                app.cycle_select.value = each
                assert problems(app) == [], (each, problems(app))
        assert caplog.text == ""
        # every period's deadline is shown; the period made from another has its period end
        table = html.unescape(app.cycles_table.value)
        for each in ids:
            assert format_deadline(store.cycle_deadline(each)) in table
        app.cycle_select.value = cid
        status = uc.result_status(store, cid, "id")
        assert html.escape(status) in app.closing.hk_missing.value
    finally:
        store.dispose()


def test_deadline_extended_then_next_period_regression(demo_file, tmp_path):
    """Issue 21, as a new user did it: ``batas-waktu 1 --sampai ...`` then ``buat-periode ...
    --dari-periode 1``.  The cycles frame then holds one deadline and one empty cell (NaT), which
    stopped the whole admin app with ``NaTType does not support time``."""
    from kinerja_survey.store import deadline_of

    src, cid = demo_file
    store = build_state(src, tmp_path / "k.sqlite", cid, extended=True, stage="open", several=True)
    try:
        frame = store.cycles_frame()
        assert frame["deadline"].isna().tolist() == [False, True]  # the cell that used to break the app
        rows = frame.to_dict("records")
        assert [deadline_of(r) for r in rows] == [store.cycle_deadline(cid), store.cycle_deadline(cid + 1)]
        app = AdminApp(store)
        assert problems(app) == []
        table = html.unescape(app.cycles_table.value)
        assert table.count(" WIB") == 2 and "NaT" not in table
    finally:
        store.dispose()


def test_a_failing_tab_shows_its_message_and_the_others_work(demo_file, tmp_path, monkeypatch, caplog):
    """A defect while refreshing one tab (here the closing tab) and a refusal while building another
    (the review tab) stay in those tabs: their own message line, the traceback in the log, every
    other tab drawn."""
    from kinerja_survey.apps import closing
    from kinerja_survey.store import StoreError

    src, cid = demo_file
    store = build_state(src, tmp_path / "k.sqlite", cid, extended=False, stage="closed", several=False)

    def broken_refresh(self):
        raise RuntimeError("closing tab defect")

    def refused_build(self):
        raise StoreError("store.locked")

    monkeypatch.setattr(closing.ClosingTab, "refresh", broken_refresh)
    monkeypatch.setattr(AdminApp, "_build_review_tab", refused_build)
    try:
        with caplog.at_level(logging.ERROR, logger="kinerja_survey.apps"):
            app = AdminApp(store, "id")
        shown = {name: html.unescape(app.tab_alerts[name].value) for name in TABS}
        assert t("app.unexpected", "id") in shown["closing"] and "defect" not in shown["closing"]
        assert shown["closing"].startswith("<div class='ks-msg-error ks-tab-failed'>Bagian ini tidak dapat ditampilkan")
        assert t("store.locked", "id") in shown["review"]
        assert app.broken_tabs == {"review"} and len(app.tabs.children[TABS.index("review")].children) == 1
        assert [name for name, text in shown.items() if text] == ["review", "closing"]
        assert app.alert.value == ""  # the app itself still loads
        assert "RuntimeError: closing tab defect" in caplog.text and "Traceback" in caplog.text
        # the other tabs hold their data
        assert "<table" in app.cycles_table.value and "<table" in app.rates_table.value
        assert app.refresh_review is not None and not hasattr(app, "review_table_html")
        # a refresh of the broken-to-build tab is skipped, not retried into a second message
        app.cycle_select.value = cid
        assert t("store.locked", "id") in html.unescape(app.tab_alerts["review"].value)
    finally:
        store.dispose()


def test_a_tab_message_clears_when_its_refresh_works_again(demo_file, tmp_path, monkeypatch):
    from kinerja_survey.apps import closing

    src, cid = demo_file
    store = build_state(src, tmp_path / "k.sqlite", cid, extended=False, stage="open", several=False)
    original = closing.ClosingTab.refresh
    locked = [True]

    def flaky(self):
        if locked[0]:
            raise KinerjaError("store.locked")
        return original(self)

    monkeypatch.setattr(closing.ClosingTab, "refresh", flaky)
    try:
        app = AdminApp(store, "en")
        assert t("admin.tab_failed", "en", message=t("store.locked", "en")) in html.unescape(app.tab_alerts["closing"].value)
        locked[0] = False
        app.refresh_cycles()
        assert app.tab_alerts["closing"].value == "" and app.closing.hk_missing.value
    finally:
        store.dispose()


# --- the same states in Chromium through a real Voilà server ---------------------------------------

#: every value of every factor at least once (the NaT sequence first); the 16 states run in Python above
BROWSER_STATES = [(True, "published", True), (False, "open", False), (False, "calibrated", True),
                  (True, "closed", False)]
VOILA_ERROR = "There was an error when executing cell"


@pytest.mark.browser
@pytest.mark.parametrize(("extended", "stage", "several"), BROWSER_STATES)
def test_every_tab_renders_in_the_browser(demo_file, tmp_path, browser, extended, stage, several):  # noqa: F811
    import os
    from pathlib import Path

    from test_browser import TIMEOUT_MS, free_port, log_in

    from kinerja_survey.apps.serve import start_app

    src, cid = demo_file
    store = build_state(src, tmp_path / "k.sqlite", cid, extended=extended, stage=stage, several=several)
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, log_path=tmp_path / "admin.log")
    titles = [t(k, "id") for k in ("tab_cycles", "tab_roster", "tab_assign", "dash.tab_respons", "tab_reminders",
                                   "tab_review", "tab_changes", "closing.tab", "tab_periods", "hr.tab_coverage",
                                   "privacy.tab")]
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        log_in(page, admin, store, "operator.uji", "operator")
        page.wait_for_selector(".ks-admin")
        page.locator(".ks-admin table, .ks-tab-failed").first.wait_for()  # drawn, or a tab says it failed
        n_periods = page.locator(".ks-admin select").first.locator("option").count()
        assert n_periods == (2 if several else 1)
        for period in range(n_periods):
            page.locator(".ks-admin select").first.select_option(index=period)
            for i, title in enumerate(titles):
                tab = page.locator(".ks-admin .lm-TabBar-tab, .ks-admin .p-TabBar-tab").nth(i)
                assert tab.get_attribute("title") == title or tab.inner_text().strip() in title
                tab.click()
                page.wait_for_timeout(150)
                body = page.inner_text("body")
                assert VOILA_ERROR not in body and "Traceback" not in body, (period, title)
                assert page.locator(".ks-tab-failed").count() == 0, (period, title, body[:500])
                assert page.locator(".ks-msg-error:visible").count() == 0, (period, title)
        name = f"admin-{'diperpanjang' if extended else 'tetap'}-{stage}-{'2periode' if several else '1periode'}.png"
        page.locator(".ks-admin .lm-TabBar-tab, .ks-admin .p-TabBar-tab").first.click()
        page.screenshot(path=str(shots / name), full_page=True)
        cycles = page.locator(".ks-admin table").first.inner_text()
        assert cycles.count("WIB") == n_periods and "NaT" not in cycles
        page.close()
    finally:
        admin.stop()
        store.dispose()
    log = (tmp_path / "admin.log").read_text(encoding="utf-8", errors="replace")
    assert "NaTType" not in log and "unexpected error in an app callback" not in log


def test_each_period_says_its_state_in_words(demo_file, tmp_path):
    """The admin's selector and cycles table say *diumumkan* for a published period (its stored
    status stays ``closed``) and *draf* for one just made from it, in the app's language."""
    src, cid = demo_file
    store = build_state(src, tmp_path / "k.sqlite", cid, extended=False, stage="published", several=True)
    try:
        app = AdminApp(store, "id")
        labels = [label for label, _value in app.cycle_select.options]
        assert labels[0].endswith("[diumumkan]") and labels[1].endswith("[draf]")
        cells = re.findall(r"<td>(.*?)</td>", app.cycles_table.value)
        assert cells[5] == "diumumkan" and cells[11] == "draf"
        assert [label for label, _ in AdminApp(store, "en").cycle_select.options][0].endswith("[published]")
    finally:
        store.dispose()
