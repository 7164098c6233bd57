"""The results dashboard on a projector: real Voilà server, real headless Chromium at 1366x768.

The first chart must be visible without scrolling, tab labels whole, no developer text on
screen, the response table's percentage column on screen.  The screenshot is kept in
``$KINERJA_SCREENSHOT_DIR`` (else the test's temp dir) for a person to look at.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest
from test_browser import log_in  # the login form, as HR uses it

from kinerja_survey import cycle as uc
from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.present.labels import column_label
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
DEVELOPER_TEXT = ("unit_kerja", "combined", "mean_self", "mean_others", "kinerja_survey", "results_app",
                  "rating_perilaku", "ICC1", "Cronbach alpha", "groups_used", "overall")


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (two sync playwright sessions cannot run in one thread)."""
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
def dashboard(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("dash-browser")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=120, seed=1)
    uc.close_cycle(store, result.cycle_id, actor="tester")
    uc.create_cycle(store, "Periode berikutnya (belum ada jawaban)", "2027-01-01", "2027-12-31", actor="tester")
    server = start_app("results", store.url, port=free_port(), pool_size=0, secret="rahasia-dasbor-uji-0123",
                       log_path=tmp / "results.log")
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp)
    shots.mkdir(parents=True, exist_ok=True)
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(TIMEOUT_MS)
        log_in(page, server, store, "pimpinan.uji", "pimpinan")
        page.locator("img.ks-chart").first.wait_for()
        yield store, page, shots
        page.close()
    finally:
        server.stop()
        store.dispose()


def test_first_chart_is_above_the_fold_at_1366x768(dashboard):
    store, page, shots = dashboard
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots / "dasbor-1366x768.png"))
    assert page.evaluate("window.scrollY") == 0
    box = page.locator("img.ks-chart").first.bounding_box()
    assert box is not None and box["height"] > 200
    assert box["y"] >= 0 and box["y"] + box["height"] <= 768, box  # the whole chart, without scrolling
    # it opened on the newest cycle WITH results (the newer empty one is not the opening view)
    body = page.inner_text("body")
    assert "Penilaian Perilaku Kerja 2026" in body and "belum memiliki penilaian" not in body
    assert not [w for w in DEVELOPER_TEXT if w in body], body[:2000]


def test_tab_labels_are_whole_and_every_tab_is_indonesian(dashboard):
    _, page, shots = dashboard
    labels = page.locator(".lm-TabBar-tabLabel, .p-TabBar-tabLabel")
    n = labels.count()
    assert n == 6
    for i in range(n):
        label = labels.nth(i)
        cut = label.evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert not cut, label.inner_text()
    assert [labels.nth(i).inner_text() for i in range(n)] == [
        "Ringkasan predikat", "Kompetensi per unit", "Reliabilitas", "Tingkat respons", "Daftar pegawai",
        "Tren antarperiode"]
    page.get_by_text("Tren antarperiode", exact=True).click()
    page.get_by_text("Tren antarperiode (skor keseluruhan per unit)").wait_for()
    assert not [w for w in DEVELOPER_TEXT if w in page.inner_text("body")]
    page.get_by_text("Reliabilitas", exact=True).click()
    page.get_by_text("Seberapa dapat dipercaya skor ini?").wait_for()
    text = page.inner_text("body")
    assert any(w in text for w in ("baik", "cukup", "rendah")) and "Artinya" in text
    assert not [w for w in DEVELOPER_TEXT if w in text]
    page.screenshot(path=str(shots / "dasbor-reliabilitas.png"))
    page.get_by_text("Tingkat respons", exact=True).click()
    header = page.locator("th", has_text="Respons").first
    header.wait_for()
    box = header.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1366  # the percentage column is on screen
    assert page.locator("td:visible").nth(1).inner_text().endswith("%")
    page.get_by_text("Ringkasan predikat", exact=True).click()


# --- issue 21: the dashboard on a wide screen, a laptop and a phone ------------------------------

@pytest.fixture(scope="module")
def agency_dashboard(tmp_path_factory, browser):
    """The two-period 57-person agency of ``test_dashboard`` served by a real Voilà server."""
    from test_dashboard import two_period_agency

    tmp = tmp_path_factory.mktemp("agency-browser")
    store, first, second, missing = two_period_agency(tmp / "k.sqlite")
    server = start_app("results", store.url, port=free_port(), pool_size=0, secret="rahasia-dasbor-uji-0123",
                       log_path=tmp / "results.log")
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp)
    shots.mkdir(parents=True, exist_ok=True)

    def open_at(width: int, height: int):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(TIMEOUT_MS)
        log_in(page, server, store, "pimpinan.uji", "pimpinan")
        page.locator("img.ks-chart").first.wait_for()
        page.wait_for_timeout(500)
        return page

    try:
        yield store, (first, second, missing), open_at, shots
    finally:
        server.stop()
        store.dispose()


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_the_dashboard_fills_the_screen(agency_dashboard, width, height):
    store, (first, second, missing), open_at, shots = agency_dashboard
    page = open_at(width, height)
    try:
        page.screenshot(path=str(shots / f"dasbor-{width}x{height}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        tabs = _box(page, ".ks-tabs")
        assert tabs["width"] >= 0.9 * width, tabs  # the whole width, not a 1340 px column
        body = page.inner_text("body")
        # the period's real state; the people outside the chart counted, with the reason (meeting mode: no name)
        periods = page.locator("select").first.inner_text().replace("\xa0", " ")  # option texts keep their spaces
        assert "(01/2027-12/2027) [ditutup, belum diumumkan]" in periods and "2026 [diumumkan]" in periods
        assert "57 pegawai dinilai" in body and "1 pegawai tidak masuk grafik: belum ada rating hasil kerja" in body
        assert missing not in body
        charts = page.locator("img.ks-chart")
        if width >= 1900:  # the predikat chart, its table and the self-vs-others chart side by side
            first_chart, second_chart = charts.nth(0).bounding_box(), charts.nth(1).bounding_box()
            assert abs(first_chart["y"] - second_chart["y"]) < 40 and second_chart["x"] > first_chart["x"] + 600
        page.get_by_text("Tren antarperiode", exact=True).click()
        page.get_by_text("Tren antarperiode (skor keseluruhan per unit)").wait_for()
        counts = page.evaluate("""labels => {
            const table = [...document.querySelectorAll('.ks-dash table')].find(
                t => [...t.querySelectorAll('th')].some(th => th.innerText.trim() === labels[1]));
            const heads = [...table.querySelectorAll('th')].map(th => th.innerText.trim());
            return [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.children]
                .filter((td, i) => labels.includes(heads[i])).map(td => td.innerText.trim()));
        }""", [column_label(c, "id") for c in ("n", "naik", "turun")])
        assert counts and all(re.fullmatch(r"\d*", c) for c in counts), counts  # "5", never "5,00"
        assert any(c not in ("", "0") for c in counts)
        page.screenshot(path=str(shots / f"dasbor-tren-{width}x{height}.png"))
    finally:
        page.close()


def test_the_dashboard_on_a_phone_has_no_sideways_scrolling(agency_dashboard):
    store, (first, second, missing), open_at, shots = agency_dashboard
    page = open_at(360, 740)
    try:
        page.screenshot(path=str(shots / "dasbor-360x740.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.evaluate("document.body.scrollWidth") <= 360
        chart = _box(page, "img.ks-chart")
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 360
        for selector in ("select", ".ks-tabs"):
            box = _box(page, selector)
            assert box["x"] + box["width"] <= 360 + 1, (selector, box)
        assert "1 pegawai tidak masuk grafik" in page.inner_text("body")
    finally:
        page.close()
