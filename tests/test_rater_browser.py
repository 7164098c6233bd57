"""The rater app as a person uses it (issue 10): a real Voilà server on 127.0.0.1 (one for the whole
module), headless Debian chromium at 360x740, 390x844 and 1366x768, every outcome checked in the
database.

Covers: no sideways scrolling, 44 px tap targets, whole scale labels, tapping a task card opens the
form, arrow keys and a visible focus ring, "Tidak dapat menilai" and declining a form down to the
database and the scores, a kernel killed mid-form (banner, inputs disabled, nothing silently lost,
reload restores what is stored), two tabs of one link (the older one is told and reloads), an
axe-core scan (no serious or critical violation) and a page that is Indonesian and loads nothing
from outside the server.

Screenshots go to ``$KINERJA_SCREENSHOT_DIR`` or ``out/screenshots/`` (gitignored).  axe-core comes
from ``tests/js`` (``npm ci`` there; ``.ci/run`` does it).
"""

from __future__ import annotations

import os
import re
import signal
import time
import urllib.request
from itertools import pairwise
from pathlib import Path

import pytest
from test_browser import TIMEOUT_MS, _unavailable, browser, free_port  # noqa: F401 - the one Chromium fixture

from kinerja_survey.analysis import score_cycle
from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.i18n import t
from kinerja_survey.store import NOT_APPLICABLE, Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [(360, 740), (390, 844), (1366, 768)]
HR_CONTACT = "Bagian Kepegawaian <b>BKD</b>, telp. 0274-123456"


@pytest.fixture(scope="module")
def shots() -> Path:
    path = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or ROOT / "out" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Site:
    def __init__(self, store, result, server):
        self.store, self.result, self.server = store, result, server
        self.cycle_id = result.cycle_id
        self.items = [i.code for i in store.instrument(self.cycle_id).items]
        self.used: set[str] = set()

    def url(self, token: str) -> str:
        return f"{self.server.base_url}?token={token}"

    def claim(self, need=lambda tasks: True) -> str:
        """A rater token not used by another test whose task list passes ``need``."""
        for token in self.result.links["token"]:
            if token in self.used:
                continue
            tasks = self.store.rater_tasks(self.store.open_link(token))
            if (tasks["status"] == "pending").all() and need(tasks):
                self.used.add(token)
                return token
        pytest.fail("no unused rater fits; enlarge the demo")

    def tasks(self, token: str):
        return self.store.rater_tasks(self.store.open_link(token))

    def saved(self, token: str, aid: int) -> dict:
        return self.store.load_response(self.store.open_link(token), aid)


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):  # noqa: F811
    """A 40-person demo, nothing answered yet, served by one rater server for the whole module."""
    tmp = tmp_path_factory.mktemp("rater-site")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=40, seed=11, submit_rate=0.0, draft_rate=0.0)
    store.set_hr_contact(result.cycle_id, HR_CONTACT, actor="penguji")
    server = start_app("rater", store.url, port=free_port(), pool_size=2, log_path=tmp / "rater.log")
    yield Site(store, result, server)
    server.stop()
    store.dispose()


def open_page(browser, url: str, width: int = 390, height: int = 844):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.wait_for_selector(".ks-task, .ks-form, .ks-denied-message")
    return page


def no_sideways_scroll(page) -> bool:
    """Nothing to scroll sideways: not the document, not Voilà's scrolling #rendered_cells, and no
    visible element of the app reaching past the right edge of the screen."""
    return page.evaluate("""() => {
        const cells = document.getElementById('rendered_cells');
        const wide = [...document.querySelectorAll('.ks-app *')].filter(e => e.offsetParent !== null
                       && e.getBoundingClientRect().right > window.innerWidth + 0.5);
        return document.documentElement.scrollWidth <= window.innerWidth
               && (!cells || cells.scrollWidth <= cells.clientWidth) && wide.length === 0;
    }""")


def tap(page, selector: str) -> None:
    """A finger on the middle of the element (whatever element is on top there receives it)."""
    box = page.locator(selector).first.bounding_box()
    page.mouse.click(box["x"] + min(box["width"] / 2, 40), box["y"] + box["height"] / 2)


def open_task(page, aid: int) -> None:
    tap(page, f".ks-task-{aid} .ks-task-name")
    page.wait_for_selector(".ks-form")
    page.wait_for_selector(".ks-submit")


def pick(page, code: str, index: int) -> None:
    """Click a scale's ``index``-th choice, scrolled to the middle of the screen first (as a person
    scrolls to what they read; the sticky bar covers the bottom edge)."""
    radio = page.locator(f".ks-choice-{code} input[type=radio]").nth(index)
    radio.evaluate("e => e.scrollIntoView({block: 'center'})")
    radio.click()


def press(page, selector: str) -> None:
    """Click an element of the form's body, scrolled to the middle of the screen first."""
    loc = page.locator(selector)
    loc.evaluate("e => e.scrollIntoView({block: 'center'})")
    loc.click()


def wait_saved_count(page, store_check, timeout_s: float = 30.0) -> None:
    """Wait (letting the page run) until ``store_check()`` is true of the database."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if store_check():
            return
        page.wait_for_timeout(200)
    raise AssertionError("the database did not reach the expected state")


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(selector, """els => els.filter(e => e.offsetParent !== null).map(e => {
        const r = e.getBoundingClientRect();
        return {text: e.textContent.trim(), x: r.left, y: r.top, w: r.width, h: r.height, right: r.right,
                cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1};
    })""")


# --------------------------------------------------------------------------------------------
# layout at phone and desktop widths
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("width, height", WIDTHS, ids=[f"{w}x{h}" for w, h in WIDTHS])
def test_layout_tap_targets_and_whole_labels(site, browser, shots, width, height):  # noqa: F811
    token = site.claim(lambda d: d["relationship"].isin(["peer", "subordinate"]).any())
    tasks = site.tasks(token)
    page = open_page(browser, site.url(token), width, height)
    page.screenshot(path=str(shots / f"tasks-{width}.png"), full_page=True)
    assert no_sideways_scroll(page)
    body = page.inner_text("body")
    assert "Batas pengisian: 31-12-2026 pukul 23.59 WIB" in body  # the cycle's deadline (end of period_end)
    assert "Bagian Kepegawaian <b>BKD</b>" in body  # escaped: shown as typed, no bold element
    buttons = boxes(page, ".ks-open")
    assert len(buttons) == len(tasks)
    for b in buttons:
        assert b["w"] >= 44 and b["h"] >= 44 and b["right"] <= width and not b["cut"], b
    assert {b["text"] for b in buttons} == {t("open_pending", "id", name=n) for n in tasks["ratee_name"]}
    # the whole card opens the form: a tap on the person's name
    target = tasks[tasks["relationship"].isin(["peer", "subordinate"])].iloc[0]
    open_task(page, int(target["assignment_id"]))
    assert target["ratee_name"] in page.inner_text(".ks-form h2")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / f"form-{width}.png"))
    assert no_sideways_scroll(page)
    assert page.locator(".ks-choice input:checked").count() == 0
    assert page.inner_text(".ks-progress-text") == f"0/{len(site.items)} terjawab"
    # every scale label whole and tappable; "Tidak dapat menilai" offered to a peer/subordinate
    labels = boxes(page, ".ks-choice .widget-radio-box label")
    scale = site.store.instrument(site.cycle_id).scale
    expected = [f"{v} · {scale.label(v)}" for v in scale.points] + [t("not_applicable", "id")]
    assert [lab["text"] for lab in labels[:6]] == expected
    assert len(labels) == 6 * len(site.items)
    for lab in labels:
        assert lab["h"] >= 44 and lab["w"] >= 44 and not lab["cut"] and lab["right"] <= width, lab
    first = labels[:6]
    if width >= 1000:
        assert len({round(lab["y"]) for lab in first}) == 1  # one row
    else:
        assert all(b["y"] >= a["y"] + a["h"] - 1 for a, b in pairwise(first))  # a vertical list
    for box in boxes(page, ".ks-app textarea"):
        assert box["x"] >= 0 and box["right"] <= width, box
    bar = boxes(page, ".ks-bar .jupyter-button")
    assert {b["text"] for b in bar} >= {t("submit", "id"), t("back", "id")}
    for b in bar:
        assert b["h"] >= 44 and b["w"] >= 44 and b["right"] <= width and not b["cut"], b
    if width >= 1000:
        # keyboard: one Tab stop per scale, the arrow keys choose within it, a visible focus ring
        code = site.items[0]
        page.locator(f".ks-choice-{code} input[type=radio]").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => document.querySelector('.ks-choice-{code} input:checked') !== null")
        assert page.evaluate(f"[...document.querySelectorAll('.ks-choice-{code} input')].findIndex(e => e.checked)") == 1
        ring = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineWidth")
        assert float(ring.replace("px", "")) >= 3
        page.keyboard.press("Tab")
        assert page.evaluate(f"document.activeElement.closest('.ks-choice-{site.items[1]}') !== null")
        aid = int(target["assignment_id"])
        wait_saved_count(page, lambda: site.saved(token, aid)["answers"] == {code: 2})
        assert page.inner_text(".ks-progress-text") == f"1/{len(site.items)} terjawab"
    page.close()


# --------------------------------------------------------------------------------------------
# "Tidak dapat menilai", submit, "Berikutnya", declining a form
# --------------------------------------------------------------------------------------------
def test_not_applicable_submit_next_and_decline_reach_the_database(site, browser, shots):  # noqa: F811
    def fits(d):
        others = d[d["relationship"].isin(["peer", "subordinate"])]
        return len(others) >= 2
    token = site.claim(fits)
    tasks = site.tasks(token)
    others = tasks[tasks["relationship"].isin(["peer", "subordinate"])]
    first, second = int(others["assignment_id"].iloc[0]), int(others["assignment_id"].iloc[1])
    page = open_page(browser, site.url(token))
    open_task(page, first)
    na_items = {site.items[2], site.items[10]}
    for code in site.items:
        pick(page, code, 5 if code in na_items else 3)
    wait_saved_count(page, lambda: len(site.saved(token, first)["answers"]) == len(site.items))
    done = f"{len(site.items)}/{len(site.items)} terjawab"  # the counter follows the last click's round-trip
    page.wait_for_function(f"() => document.querySelector('.ks-progress-text').innerText.trim() === '{done}'")
    assert page.inner_text(".ks-progress-text") == done
    page.locator(".ks-submit").click()
    page.wait_for_selector(".ks-msg-ok")
    page.screenshot(path=str(shots / "form-submitted-390.png"))
    saved = site.saved(token, first)
    assert saved["status"] == "submitted"
    assert {c for c, v in saved["answers"].items() if v == NOT_APPLICABLE} == na_items
    frame = site.store.ratings_frame(site.cycle_id)
    asg = site.store.assignments_frame(site.cycle_id).set_index("assignment_id")
    mine = frame[(frame["rater"] == asg.at[first, "rater"]) & (frame["ratee"] == asg.at[first, "ratee"])]
    assert len(mine) == len(site.items) - 2 and not set(mine["item"]) & na_items and (mine["rating"] == 4).all()
    assert score_cycle(frame).loc[asg.at[first, "ratee"]].notna().any()
    counts = site.store.not_applicable_counts(site.cycle_id).set_index("nip")
    assert counts.at[asg.at[first, "rater"], "not_applicable"] == 2
    # "Berikutnya" opens the next person not done yet
    nxt = page.locator(".ks-next")
    assert nxt.is_visible()
    expected_next = site.store.rater_tasks(site.store.open_link(token))
    nxt.click()
    page.wait_for_function("() => document.querySelector('.ks-form h2') && !document.querySelector('.ks-msg-ok')")
    title = page.inner_text(".ks-form h2")
    assert asg.at[first, "ratee"] not in title and any(n in title for n in expected_next["ratee_name"])
    # decline the second peer/subordinate form with a reason
    page.locator(".ks-back").click()
    page.wait_for_selector(".ks-task")
    open_task(page, second)
    press(page, ".ks-decline-open")
    page.locator(".ks-decline-reason textarea").fill("Tidak cukup mengenal pekerjaannya")
    press(page, ".ks-decline-confirm")
    page.wait_for_selector(".ks-locked")
    page.screenshot(path=str(shots / "form-declined-390.png"))
    declines = site.store.declines_frame(site.cycle_id)
    mine = declines[(declines["rater"] == asg.at[second, "rater"]) & (declines["ratee"] == asg.at[second, "ratee"])]
    assert list(mine["reason"]) == ["Tidak cukup mengenal pekerjaannya"]
    frame = site.store.ratings_frame(site.cycle_id, include_drafts=True)
    assert frame[(frame["rater"] == asg.at[second, "rater"]) & (frame["ratee"] == asg.at[second, "ratee"])].empty
    page.locator(".ks-back").click()
    page.wait_for_selector(".ks-task")
    assert t("status_declined", "id") in page.inner_text(f".ks-task-{second}")
    page.close()


# --------------------------------------------------------------------------------------------
# the kernel dies mid-form
# --------------------------------------------------------------------------------------------
def _kernel_pids(kernel_id: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if f"kernel-{kernel_id}.json" in cmd:
                pids.append(int(entry.name))
    return pids


def test_kernel_killed_mid_form_shows_the_banner_and_loses_nothing_silently(site, browser, shots):  # noqa: F811
    token = site.claim()
    aid = int(site.tasks(token)["assignment_id"].iloc[0])
    page = open_page(browser, site.url(token))
    open_task(page, aid)
    answered = {code: 3 for code in site.items[:3]}
    for code, value in answered.items():
        pick(page, code, value - 1)
    wait_saved_count(page, lambda: site.saved(token, aid)["answers"] == answered)
    # a refused submit marks the missing items and takes the rater to the first one
    page.locator(".ks-submit").click()
    page.wait_for_selector(".ks-item-missing")
    missing = site.items[3]
    page.wait_for_function(f"() => document.activeElement && document.activeElement.closest('.ks-item-{missing}') !== null")
    top = page.evaluate(f"document.getElementById('ks-q-{missing}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2
    assert "Belum dijawab" in page.inner_text(f".ks-item-{missing}")
    assert site.saved(token, aid)["status"] == "draft"
    page.wait_for_function("() => document.querySelector('.ks-save-status [data-saved-at]').dataset.savedAt !== ''")
    page.wait_for_timeout(500)
    saved_at = page.get_attribute(".ks-save-status [data-saved-at]", "data-saved-at")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", saved_at)
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    pids = _kernel_pids(kernel_id)
    assert pids, "the page's kernel process was not found"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    # an answer after the loss: must not be claimed as stored
    pick(page, site.items[3], 4)
    page.wait_for_selector(".ks-offline-banner", timeout=45_000)
    page.screenshot(path=str(shots / "offline-banner-390.png"))
    banner = page.inner_text(".ks-offline-banner")
    assert "Koneksi ke server terputus" in banner and saved_at in banner and "BELUM tersimpan" in banner
    assert page.locator(".ks-choice input:not([disabled])").count() == 0
    assert page.locator(".ks-save-status").is_hidden()  # nothing says "tersimpan" any more
    assert "tersimpan otomatis pukul" not in page.inner_text("body")
    assert site.saved(token, aid)["answers"] == answered  # the database has exactly what was stored
    page.locator(".ks-offline-reload").click()
    page.wait_for_selector(".ks-task")
    open_task(page, aid)
    checked = page.evaluate("[...document.querySelectorAll('.ks-choice')].map(c => "
                            "[...c.querySelectorAll('input')].findIndex(e => e.checked))")
    assert checked[:4] == [2, 2, 2, -1] and all(c == -1 for c in checked[4:])
    assert "3 jawaban tersimpan" in page.inner_text(".ks-save-status")
    page.close()


# --------------------------------------------------------------------------------------------
# two tabs of the same link
# --------------------------------------------------------------------------------------------
def test_an_older_tab_never_overwrites_newer_answers(site, browser, shots):  # noqa: F811
    token = site.claim(lambda d: (d["relationship"] != "self").any())
    tasks = site.tasks(token)
    aid = int(tasks[tasks["relationship"] != "self"]["assignment_id"].iloc[0])
    old = open_page(browser, site.url(token))
    open_task(old, aid)
    new = open_page(browser, site.url(token))
    open_task(new, aid)
    for code in site.items:
        pick(new, code, 4)
    new.locator(".ks-comment-BER textarea").fill("Sangat membantu.")
    new.locator(".ks-comment-AKU textarea").focus()  # the comment is saved when its field loses focus
    wait_saved_count(new, lambda: (len(site.saved(token, aid)["answers"]) == len(site.items)
                                   and site.saved(token, aid)["comments"] == {"BER": "Sangat membantu."}))
    # one click in the older tab: refused, told, offered a reload
    pick(old, site.items[0], 0)
    old.wait_for_selector(".ks-msg-error")
    old.screenshot(path=str(shots / "stale-tab-390.png"))
    assert "tab atau perangkat lain" in old.inner_text(".ks-message")
    assert "tersimpan pukul" not in old.inner_text(".ks-save-status")
    saved = site.saved(token, aid)
    assert saved["answers"] == {code: 5 for code in site.items} and saved["comments"] == {"BER": "Sangat membantu."}
    old.locator(".ks-reload-form").click()
    old.wait_for_function(f"() => document.querySelectorAll('.ks-choice input:checked').length === {len(site.items)}")
    assert old.locator(".ks-comment-BER textarea").input_value() == "Sangat membantu."
    # submitted in the newer tab: the older one says when, not "pada  "
    new.locator(".ks-submit").click()
    new.wait_for_selector(".ks-msg-ok")
    pick(old, site.items[0], 0)
    old.wait_for_selector(".ks-locked")
    # the moment in the installation zone with its label (i18n.fmt_time: "08-12-2026 07.42 WIB")
    assert re.search(r"sudah dikirim pada \d\d-\d\d-\d{4} \d\d\.\d\d WIB", old.inner_text(".ks-save-status"))
    assert site.saved(token, aid)["answers"] == {code: 5 for code in site.items}
    old.close()
    new.close()


# --------------------------------------------------------------------------------------------
# accessibility scan, language, nothing from outside
# --------------------------------------------------------------------------------------------
def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


def test_axe_finds_no_serious_violation_and_the_page_is_indonesian_and_self_contained(site, browser, shots):  # noqa: F811
    if not AXE.exists():
        _unavailable(f"{AXE} missing: run `npm ci` in tests/js")
    token = site.claim(lambda d: (d["relationship"] != "self").any())
    tasks = site.tasks(token)
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site.url(token))
    page.wait_for_selector(".ks-task")
    assert page.evaluate("document.documentElement.lang") == "id"
    assert page.title() == "Penilaian Perilaku 360°"
    bad = [v for v in _axe(page) if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
    aid = int(tasks[tasks["relationship"] != "self"]["assignment_id"].iloc[0])
    open_task(page, aid)
    bad = [v for v in _axe(page) if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
    page.close()
    base = site.server.base_url.rstrip("/")
    outside = [u for u in requests if not u.startswith((base, "data:", "blob:"))]
    assert outside == []
    with urllib.request.urlopen(site.url(token), timeout=60) as resp:
        source = resp.read().decode()
    assert '<html lang="id">' in source and "<title>Penilaian Perilaku 360°</title>" in source
    assert "Memuat formulir penilaian" in source  # the loading text replaces "Executing 1 of 2"
    assert not re.search(r"""<(link|script)[^>]+(href|src)=["']https?://""", source)


def test_custom_scale_labels_are_escaped(tmp_path):
    """A custom instrument's labels reach the page as text, never as HTML (widget-level check)."""
    from kinerja_survey.apps.rater import RaterApp
    from kinerja_survey.collect.instrument import berakhlak, from_dict
    from kinerja_survey.demo import open_demo_cycle

    data = berakhlak().to_dict()
    evil = "<img src=x onerror=alert(1)>"
    data["scale"]["labels"] = {"id": [f"{evil}{k}" for k in range(5)]}
    store = Store(tmp_path / "x.sqlite")
    demo = open_demo_cycle(store, 20, seed=2)
    cid = store.create_cycle("Khusus", "2026-01-01", "2026-06-30", from_dict(data), actor="penguji")
    assert cid != demo.cycle_id
    token, aid = demo.forms[0]
    app = RaterApp(store, token)
    app.instrument = from_dict(data)
    form = app.open_form(aid)
    htmls = []
    stack = [form.widget]
    while stack:
        w = stack.pop()
        if hasattr(w, "value") and isinstance(w.value, str) and type(w).__name__ == "HTML":
            htmls.append(w.value)
        stack.extend(getattr(w, "children", ()) or ())
    joined = "\n".join(htmls)
    assert "<img" not in joined and "&lt;img src=x onerror=alert(1)&gt;" in joined
    store.dispose()


# keep this test last in the module: it stops the shared server
def test_server_gone_shows_the_banner(site, browser, shots):  # noqa: F811
    """The websocket itself closes (server stopped): the same honest banner, nothing claimed as saved."""
    token = site.claim()
    aid = int(site.tasks(token)["assignment_id"].iloc[0])
    page = open_page(browser, site.url(token), 360, 740)
    open_task(page, aid)
    pick(page, site.items[0], 1)
    wait_saved_count(page, lambda: site.saved(token, aid)["answers"] == {site.items[0]: 2})
    page.wait_for_function("() => document.querySelector('.ks-save-status [data-saved-at]').dataset.savedAt !== ''")
    page.wait_for_timeout(500)
    saved_at = page.get_attribute(".ks-save-status [data-saved-at]", "data-saved-at")
    site.server.stop()
    page.wait_for_selector(".ks-offline-banner", timeout=45_000)
    page.screenshot(path=str(shots / "offline-server-360.png"))
    assert saved_at in page.inner_text(".ks-offline-banner")
    assert page.locator(".ks-choice input:not([disabled])").count() == 0
    assert page.locator(".ks-offline-reload").bounding_box()["height"] >= 44
    assert no_sideways_scroll(page)
    page.close()
