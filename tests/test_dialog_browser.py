"""The dialog kinerja screen end to end: a real rater-app server (``apps.serve.start_app("rater")``,
whose link gate knows dialog tokens) on 127.0.0.1, headless Debian chromium at phone width; the supervisor records the dialogue and the
plan through their link, the employee acknowledges through theirs; checked in the database."""

from __future__ import annotations

import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

from test_browser import TIMEOUT_MS, browser, free_port, shots  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dialog_site(tmp_path_factory, browser):  # noqa: F811
    tmp = tmp_path_factory.mktemp("dialog")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=30, seed=8, submit_rate=0.9, draft_rate=0.0)
    uc.close_cycle(store, result.cycle_id, actor="budi")
    links = uc.issue_dialog_links(store, result.cycle_id, actor="budi")
    server = start_app("rater", store.url, port=free_port(), pool_size=1, log_path=tmp / "dialog.log")
    yield store, links, server
    server.stop()
    store.dispose()


def phone_page(browser, url):  # noqa: F811
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_supervisor_records_and_employee_acknowledges(dialog_site, browser, shots):  # noqa: F811
    store, links, server = dialog_site
    me = links.iloc[0]
    page = phone_page(browser, f"{server.base_url}?token={me['token_atasan']}")
    page.wait_for_selector(".ks-dlg-save")
    assert no_sideways_scroll(page)
    page.locator(".ks-dlg-date input").fill("2026-07-10")
    page.locator(".ks-dlg-notes textarea").fill("Dibahas umpan balik <b>pelayanan</b>.")
    page.locator(".ks-dlg-kind-0 select").select_option("coaching")
    page.locator(".ks-dlg-description-0 textarea").fill("Coaching mingguan oleh atasan")
    page.locator(".ks-dlg-due-0 input").fill("2026-06-01")  # before the dialogue: refused, text kept
    page.locator(".ks-dlg-save").click()
    page.wait_for_selector(".ks-msg-error")
    assert page.locator(".ks-dlg-description-0 textarea").input_value() == "Coaching mingguan oleh atasan"
    assert store.dialog(me["token_atasan"])["held_on"] is None
    page.locator(".ks-dlg-due-0 input").fill("2026-09-30")
    page.locator(".ks-dlg-save").click()
    page.wait_for_selector(".ks-msg-ok")
    page.screenshot(path=str(shots / "dialog-atasan.png"))
    d = store.dialog(me["token_atasan"])
    assert str(d["held_on"]) == "2026-07-10" and d["notes"] == "Dibahas umpan balik <b>pelayanan</b>."
    assert [(a["kind"], a["description"], str(a["due_on"])) for a in d["actions"]] == [
        ("coaching", "Coaching mingguan oleh atasan", "2026-09-30")]
    page.close()

    page = phone_page(browser, f"{server.base_url}?token={me['token_pegawai']}")
    page.wait_for_selector(".ks-dlg-actions")
    assert no_sideways_scroll(page)
    assert "Coaching mingguan oleh atasan" in page.locator(".ks-dlg-actions").inner_text()
    assert page.locator(".ks-dlg-save").count() == 0  # the employee cannot record
    assert page.locator("b:has-text('pelayanan')").count() == 0  # the notes are escaped
    page.locator(".ks-dlg-note textarea").fill("Setuju.")
    page.locator(".ks-dlg-ack").click()
    page.wait_for_selector(".ks-msg-ok")
    page.screenshot(path=str(shots / "dialog-pegawai.png"))
    d = store.dialog(me["token_pegawai"])
    assert d["acknowledged_at"] is not None and d["employee_note"] == "Setuju."
    page.close()

    page = phone_page(browser, f"{server.base_url}?token={'z' * 32}")
    page.wait_for_selector(".ks-denied")
    page.close()
