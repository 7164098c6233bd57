"""Issue 15's screens end to end, in headless Debian chromium on a real rater-app server
(``apps.serve.start_app("rater")``) on 127.0.0.1: a stakeholder answers through their own link;
a supervisor writes a feedback note that the employee then reads; and the dialog kinerja (the
rater app's link gate knows dialog tokens), headless Debian chromium at phone width; the supervisor records the dialogue and the
plan through their link, the employee acknowledges through theirs; checked in the database."""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

from test_browser import TIMEOUT_MS, browser, free_port, shots  # noqa: F401 - fixtures
from test_rater_browser import boxes, no_sideways_scroll as app_fits, pick, press

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dialog_site(tmp_path_factory, browser):  # noqa: F811
    tmp = tmp_path_factory.mktemp("dialog")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=30, seed=8, submit_rate=0.9, draft_rate=0.0)
    uc.close_cycle(store, result.cycle_id, actor="budi")
    from kinerja_survey.cycle.calibration import cycle_ratees  # dialog links only for published results

    uc.import_hasil_kerja(store, result.cycle_id, pd.DataFrame({"NIP": cycle_ratees(store, result.cycle_id), "Rating Hasil Kerja": "Sesuai"}),
                          actor="budi")
    uc.set_org_predikat(store, result.cycle_id, "Baik", actor="budi")
    uc.publish(store, result.cycle_id, actor="budi", force=True, reason="Uji: dialog kinerja setelah pengumuman")
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


@pytest.fixture(scope="module")
def open_site(tmp_path_factory, browser):  # noqa: F811
    tmp = tmp_path_factory.mktemp("periods-open")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=30, seed=9, submit_rate=0.2, draft_rate=0.0)
    server = start_app("rater", store.url, port=free_port(), pool_size=1, log_path=tmp / "rater.log")
    yield store, result, server
    server.stop()
    store.dispose()


def _targets_ok(page) -> None:
    small = [b for b in boxes(page, ".ks-app button, .ks-app select, .ks-fb textarea") if b["h"] < 44 - 0.5]
    assert not small, small


def test_stakeholder_answers_through_their_own_link_at_360(open_site, browser, shots):  # noqa: F811
    store, result, server = open_site
    ratee = result.links["nip"].iloc[3]
    links = uc.add_stakeholders(store, result.cycle_id, pd.DataFrame(
        {"nip": [ratee], "nama": ["Pak Warga"], "kontak": ["+62 812 1111 2222"]}), actor="budi")
    page = phone_page(browser, f"{server.base_url}?token={links['token'].iloc[0]}")
    page.wait_for_selector(".ks-task")
    assert app_fits(page)
    assert "pemangku kepentingan" in page.inner_text(".ks-app").lower()
    assert page.locator(".ks-fb").count() == 0  # no feedback notes for people outside the roster
    page.locator(".ks-task .ks-open").first.click()
    page.wait_for_selector(".ks-submit")
    assert page.locator(".ks-choice input:checked").count() == 0  # nothing pre-filled
    items = [i.code for i in store.instrument(result.cycle_id).items]
    for k, code in enumerate(items):
        pick(page, code, k % 5)
    press(page, ".ks-bar .ks-submit")
    page.wait_for_selector(".ks-msg-ok")
    assert app_fits(page)
    page.screenshot(path=str(shots / "pemangku-kepentingan-360.png"))
    got = store.stakeholder_ratings_frame(result.cycle_id)
    assert dict(zip(got["item"], got["rating"].astype(int))) == {c: k % 5 + 1 for k, c in enumerate(items)}
    page.close()


def test_supervisor_writes_a_note_the_employee_reads_at_360(open_site, browser, shots):  # noqa: F811
    store, result, server = open_site
    asg = store.assignments_frame(result.cycle_id)
    sup = asg[asg["relationship"] == "supervisor"].iloc[1]
    token = result.links.set_index("nip")["token"]
    page = phone_page(browser, f"{server.base_url}?token={token[sup['rater']]}")
    page.wait_for_selector(".ks-fb-toggle")
    page.locator(".ks-fb-toggle").click()
    page.wait_for_selector(".ks-fb-save")
    assert app_fits(page)
    _targets_ok(page)
    page.locator(".ks-fb-text textarea").fill("Sigap <b>membantu</b> warga di loket.")
    page.locator(".ks-fb-save").click()  # no person chosen: refused, the text kept
    page.wait_for_selector(".ks-fb .ks-msg-error")
    assert page.locator(".ks-fb-text textarea").input_value() == "Sigap <b>membantu</b> warga di loket."
    name = store.employees_frame().set_index("nip").at[sup["ratee"], "nama"]
    ber = next(c for c in store.instrument(result.cycle_id).competencies if c.code == "BER")
    page.locator(".ks-fb-person select").select_option(label=name)  # ipywidgets options are labels
    page.locator(".ks-fb-value select").select_option(label=f"{ber.name['id']} (BER)")
    page.locator(".ks-fb-save").click()
    page.wait_for_selector(".ks-fb .ks-msg-ok")
    page.screenshot(path=str(shots / "umpan-balik-atasan-360.png"))
    notes = store.feedback_given_records(token[sup["rater"]])
    assert [(n["nip"], n["value_code"], n["text"]) for n in notes] == [
        (sup["ratee"], "BER", "Sigap <b>membantu</b> warga di loket.")]
    page.close()

    page = phone_page(browser, f"{server.base_url}?token={token[sup['ratee']]}")
    page.wait_for_selector(".ks-fb-toggle")
    page.locator(".ks-fb-toggle").click()
    page.wait_for_selector(".ks-fb-received")
    assert "Sigap <b>membantu</b> warga di loket." in page.inner_text(".ks-fb-received")  # shown as text
    assert page.locator(".ks-fb-received b:has-text('membantu')").count() == 0
    assert app_fits(page)
    page.close()
