"""Issue 23 in headless Chromium at 1366x768: the Tim Penilai Kinerja calibrates from the list --
meeting mode off (the Tim works with names), sort, filter to the rows of a planted harsh atasan,
take the flag's suggestion with the keyboard, decide it with a reason, and read the kurva after;
the berita acara holds the decision.  No sideways scrolling at any step."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kinerja_survey.apps.serve import start_app
from kinerja_survey.store import Store

from test_browser import TIMEOUT_MS, browser, free_port, log_in, shots  # noqa: F401 - fixtures
from test_calibration_view import planted_cycle

pytestmark = pytest.mark.browser
SECRET = "rahasia-kalibrasi-uji-0123"
REASON = "Atasan menilai sangat keras; saran skor adil dipakai Tim"


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kalibrasi")
    store = Store(tmp / "k.sqlite")
    cid, harsh, _links = planted_cycle(store)
    yield store, cid, harsh, tmp
    store.dispose()


def _until(check, seconds: float = 60) -> None:
    """Wait until ``check()`` is true (the page's CSP forbids playwright's string predicates)."""
    import time

    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.2)


def _chosen(page, widget: str) -> str:
    """The text of the chosen option of a dropdown widget (ipywidgets' option values are indices)."""
    text = page.locator(f"{widget} select").evaluate("e => e.selectedIndex < 0 ? '' : e.options[e.selectedIndex].text")
    return text.replace("\xa0", " ").strip()


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_the_tim_sorts_filters_decides_a_flagged_row_and_reads_the_kurva(planted, browser, shots):  # noqa: F811
    store, cid, harsh, tmp = planted
    names = store.employees_frame().set_index("nip")["nama"]
    cal = start_app("calibration", store.url, port=free_port(), pool_size=0, secret=SECRET,
                    log_path=tmp / "calibration.log")
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(TIMEOUT_MS)
        log_in(page, cal, store, "ketua.tpk", "tim", "Ketua Tim Penilai Kinerja")
        page.wait_for_selector(".ks-grid")
        _no_sideways_scroll(page)
        # meeting mode off with the keyboard (the Tim works with names)
        meeting = page.get_by_label("Mode rapat (nama disembunyikan)")
        meeting.focus()
        page.keyboard.press("Space")
        page.get_by_text("Penetapan", exact=True).click()
        page.locator(".ks-list").wait_for()
        page.locator(".ks-list").get_by_text(names[harsh]).first.wait_for()
        _no_sideways_scroll(page)
        total = page.locator(".ks-list tbody tr").count()
        assert total > 10
        # sort by weighted score, ascending: the harsh atasan's staff (low scores) come first
        page.locator(".ks-cal-f-sort select").select_option(label="Skor tertimbang")
        page.get_by_label("Menurun").uncheck()
        _until(lambda: _chosen(page, ".ks-cal-f-sort") == "Skor tertimbang")
        # filter: only the rows of a very harsh/lenient atasan
        page.locator(".ks-cal-f-flag select").select_option(label="Atasan sangat keras/lunak")
        _until(lambda: page.locator(".ks-list tbody tr").count() < total)
        rows = page.locator(".ks-list tbody tr")
        flagged = rows.count()
        assert flagged >= 3
        body = page.locator(".ks-list").inner_text()
        assert "Atasan sangat keras/lunak" in body and f"{names[harsh]}, keparahan" in body and "saran " in body
        assert "Skor tertimbang" in body and "Skor adil ± SE" in body and "Penilai (A/R/B)" in body
        shown = page.locator(".ks-cal-shown").inner_text()
        assert f"{flagged} dari {total} pegawai" in shown
        page.screenshot(path=str(shots / "kalibrasi-daftar-1366.png"))
        # the first row is chosen; "Ditetapkan" starts at its usulan; the suggestion by keyboard
        who = _chosen(page, ".ks-cal-person")
        detail = page.locator(".ks-cal-flags").inner_text()  # the chosen person's full reasons
        assert f"Atasan {names[harsh]}: keras" in detail and "Saran:" in detail
        usulan = _chosen(page, ".ks-cal-predikat")
        assert f"usulan {usulan}," in who
        page.locator(".ks-cal-suggest").focus()
        page.keyboard.press("Enter")
        page.get_by_text("Saran dipasang di pilihan").wait_for()
        decided = _chosen(page, ".ks-cal-predikat")
        assert store.predikat_overrides(cid).empty  # a suggestion is never applied without a decision
        page.locator(".ks-cal-tim input").fill("Sekretaris, Kepala Bidang Mutasi")
        page.locator("textarea").first.fill(REASON)
        page.locator(".ks-cal-save").focus()
        page.keyboard.press("Enter")
        page.locator(".ks-cal-msg.ok").wait_for()
        # the kurva after counts the decision
        kurva = page.locator(".ks-kurva")
        kurva.scroll_into_view_if_needed()
        after = {r.split("\t")[0]: r.split("\t")[1:] for r in kurva.inner_text().splitlines()[1:]}
        _no_sideways_scroll(page)
        page.screenshot(path=str(shots / "kalibrasi-kurva-1366.png"), full_page=True)
        page.close()
    finally:
        cal.stop()
    ov = store.predikat_overrides(cid)
    assert who.startswith(names[ov["nip"][0]] + " – ")
    assert ov["predikat"].tolist() == [decided] and ov["reason"][0] == REASON
    before_n = int(after[decided][0].split()[0])
    after_n = int(after[decided][1].split()[0])
    assert after_n == before_n + (decided != usulan)
    from kinerja_survey.cycle.calibration import berita_acara_data
    from kinerja_survey.present.berita_acara import write_berita_acara

    data = berita_acara_data(store, cid, actor="siti")
    assert data.peserta == ["Sekretaris", "Kepala Bidang Mutasi"]
    path = write_berita_acara(data, tmp / "ba.xlsx")
    changes = pd.read_excel(io.BytesIO(path.read_bytes()), sheet_name="perubahan")
    assert REASON in changes.to_string()
