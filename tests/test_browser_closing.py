"""End to end in headless Chromium: the calibration view (Voilà, 127.0.0.1, admin secret) records a
decided predikat with its reason; after publication the employee's personal link opens their own
results at 360 px and files a keberatan."""

from __future__ import annotations

import pytest
from conftest import calibrated_demo
from test_browser import TIMEOUT_MS, browser, free_port, login_page, open_page, shots  # noqa: F401 - fixtures

from kinerja_survey import cycle as uc
from kinerja_survey.apps.serve import start_app
from kinerja_survey.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def closed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("closing")
    store = Store(tmp / "k.sqlite")
    demo = calibrated_demo(store, 20, seed=11)
    yield store, demo, tmp
    store.dispose()


def test_calibration_view_records_a_change_then_the_employee_sees_it(closed, browser, shots):  # noqa: F811
    store, demo, tmp = closed
    cid = demo.cycle_id
    cal = start_app("calibration", store.url, port=free_port(), pool_size=0, secret="rahasia-kalibrasi-uji-0123",
                    log_path=tmp / "calibration.log")
    try:
        assert cal.host == "127.0.0.1"
        page = open_page(browser, cal.base_url)  # no secret: login page, nothing else
        assert "/login" in page.url and page.locator(".ks-grid").count() == 0
        page.close()
        page = login_page(browser, cal, store, "ketua.tpk", "tim", "Ketua Tim Penilai Kinerja")
        page.wait_for_selector(".ks-grid")
        body = page.inner_text("body")
        assert "Predikat organisasi: Baik" in body and "HASIL SEMENTARA" in body
        assert not any(n in body for n in store.employees_frame()["nip"])
        page.screenshot(path=str(shots / "kalibrasi-kuadran.png"), full_page=True)
        page.get_by_text("Penetapan", exact=True).click()
        person = page.locator(".ks-cal-person select")
        first = person.locator("option").first.get_attribute("value")
        person.select_option(index=0)
        page.locator(".ks-cal-predikat select").select_option(label="Butuh Perbaikan")
        page.locator("textarea").fill("Capaian SKP triwulan IV di bawah target unit")
        recorder = page.locator(".ks-cal-recorder input")  # "Dicatat oleh": the account, read only
        assert recorder.input_value() == "ketua.tpk" and recorder.is_disabled()
        page.locator(".ks-cal-save").click()
        page.locator(".ks-cal-msg.ok").wait_for()
        page.get_by_text("Perubahan tercatat").wait_for()
        page.screenshot(path=str(shots / "kalibrasi-penetapan.png"), full_page=True)
        page.close()
    finally:
        cal.stop()
    assert first is not None
    ov = store.predikat_overrides(cid)
    assert len(ov) == 1 and ov["predikat"][0] == "Butuh Perbaikan"
    assert ov["reason"][0] == "Capaian SKP triwulan IV di bawah target unit"
    assert ov["actor"][0] == "ketua.tpk"  # the logged-in account, never a typed name
    nip = ov["nip"][0]

    # publish; the person's own link opens their results at 360 px and files a keberatan
    with pytest.raises(uc.CycleError, match="Pengumuman ditolak"):  # the check first (kurva, people without predikat)
        uc.publish(store, cid, actor="hr")
    uc.publish(store, cid, actor="hr", force=True, reason="Uji: diumumkan meskipun kurva distribusi belum terpenuhi")
    rater = start_app("rater", store.url, port=free_port(), pool_size=0, log_path=tmp / "rater.log")
    try:
        token = demo.links.set_index("nip")["token"][nip]
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(rater.base_url + f"?token={token}")
        page.wait_for_selector(".ks-emp-frame")
        page.get_by_text("Hasil penilaian saya").first.wait_for()
        frame = page.frame_locator(".ks-emp-frame")
        frame.get_by_text("Predikat usulan").wait_for()
        assert "Butuh Perbaikan" in frame.locator(".predikat").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("a.ks-download").get_attribute("href").startswith("data:application/pdf;base64,")
        box = page.locator(".ks-emp button").first.bounding_box()
        assert box["height"] >= 44
        page.locator(".ks-emp textarea").fill("Capaian triwulan IV saya belum diperhitungkan")
        page.get_by_role("button", name="Ajukan keberatan").click()
        page.locator(".ks-keb-status").wait_for()
        page.screenshot(path=str(shots / "hasil-saya-360.png"), full_page=True)
        page.close()
    finally:
        rater.stop()
    keb = store.keberatan_frame(cid)
    assert keb["nip"].tolist() == [nip] and keb["status"][0] == "diajukan"
