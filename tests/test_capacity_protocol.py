"""The load generator speaks the page's protocol (issue 24), and a short load run loses nothing.

* ``test_generator_sends_what_chromium_sends``: one rater form filled in headless Chromium, its
  kernel-websocket frames recorded (playwright ``websocket`` events), and the same form filled by
  ``benchmarks/page_protocol.PageClient`` (what ``benchmarks/bench_capacity.py``'s Locust users
  run): the same requests, the same subprotocol and frame kind, and the same message types in the
  same order, each naming the same kind of widget.  When the app or Voilà/ipywidgets change what
  the page sends, this fails and the generator must follow.
* ``test_short_load_run_loses_nothing``: ``bench_capacity.py`` with 30 simulated raters for 60 s
  against a real rater server: no error, no lost answer (every save the page confirmed is in
  the database), forms sent.  The targets themselves are measured by the full run
  (``docs/capacity.md``), not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_browser import TIMEOUT_MS, _unavailable, browser, free_port  # noqa: F401 - the Chromium fixture

from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from page_protocol import SUBPROTOCOL, PageClient, decode_frame, describe

PING = "comm_msg:update:value@ks-ping"
COMMENT = "Kerja sama tim sangat baik."


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("capacity-protocol")
    store = Store(tmp / "demo.sqlite")
    result = build_demo(store, n_employees=12, seed=11, submit_rate=0.0, draft_rate=0.0)
    server = start_app("rater", store.url, port=free_port(), pool_size=1, log_path=tmp / "rater.log")
    yield store, list(result.links["token"]), server
    server.stop()
    store.dispose()


class Recorder:
    """What one Chromium page sends on its kernel websocket, named with ``describe``."""

    def __init__(self):
        self.urls: list[str] = []
        self.protocols: list[str] = []
        self.sent: list[tuple[dict, bool]] = []     # (message, was binary)
        self.classes: dict[str, list] = {}           # comm_id -> _dom_classes, from what the kernel sent

    def attach(self, page):
        def on_ws(ws):
            self.urls.append(ws.url)
            ws.on("framesent", lambda payload: self.sent.append((decode_frame(payload)[1], isinstance(payload, bytes))))
            ws.on("framereceived", self._received)
        page.on("websocket", on_ws)

    def _received(self, payload):
        _channel, msg = decode_frame(payload)
        content = msg.get("content") or {}
        data = content.get("data") or {}
        if msg["header"]["msg_type"] == "comm_open":
            self.classes[content["comm_id"]] = (data.get("state") or {}).get("_dom_classes") or []
        elif data.get("method") == "update_states":
            for mid, entry in data["states"].items():
                self.classes[mid] = entry["state"].get("_dom_classes") or []

    def names(self) -> list[str]:
        return [describe(m, self.classes.get) for m, _binary in self.sent]


def _collapse(names: list[str]) -> list[str]:
    """Runs of the same message (21 item choices) kept as one, pings left out."""
    out = []
    for n in names:
        if n != PING and (not out or out[-1] != n):
            out.append(n)
    return out


@pytest.mark.browser
@pytest.mark.slow
def test_generator_sends_what_chromium_sends(site, browser):  # noqa: F811
    store, tokens, server = site
    rec = Recorder()
    http = []
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(TIMEOUT_MS)
    rec.attach(page)
    page.on("request", lambda r: http.append(r.url) if "/voila/static/" not in r.url
            and "/labextensions/" not in r.url else None)
    page.goto(server.base_url + f"?token={tokens[0]}")
    page.wait_for_selector(".ks-task")
    page.locator(".ks-open").first.click()
    page.wait_for_selector(".ks-submit")
    for choice in page.locator(".ks-choice").all():
        choice.locator("input[type=radio]").nth(2).check()
        page.wait_for_timeout(50)
    page.locator(".ks-overall textarea").fill(COMMENT)
    page.locator(".ks-overall textarea").press("Tab")  # continuous_update off: sent on change
    page.wait_for_selector(".ks-save-status [data-saved-at]")
    page.locator("button.ks-save").click()
    page.wait_for_timeout(500)
    page.locator("button.ks-submit").click()
    page.wait_for_selector(".ks-msg-ok")
    page.wait_for_timeout(300)
    page.close()
    chromium = rec.names()

    client = PageClient(server.base_url)
    try:
        client.open(tokens[1])
        client.open_form(client.pending_tasks()[0])
        for code in client.items():
            client.answer(code, 2)
        client.comment(COMMENT)
        client.save()
        client.submit()
        generator = [describe(m, client.classes_of) for m in client.sent]
        aid = client.form.assignment_id
    finally:
        client.close(beacon=False)

    # the same requests: the page, the kernel model, one kernel websocket with the v1 subprotocol and binary frames
    assert any("?token=" in u for u in http) and any("/api/kernels/" in u for u in http)
    assert len(rec.urls) == 1 and "/channels?session_id=" in rec.urls[0]
    assert all(binary for _m, binary in rec.sent), "Chromium sends v1 binary frames: so must the generator"
    assert SUBPROTOCOL == "v1.kernel.websocket.jupyter.org"
    # the same messages in the same order (item choices are 21 of one kind; pings come by time)
    assert _collapse(generator) == _collapse(chromium), (chromium, generator)
    assert _collapse(chromium) == [
        "kernel_info_request", "comm_open:jupyter.widget.control", "comm_msg:request_states", "comm_close",
        "comm_msg:custom:click@ks-open", "comm_msg:update:index@ks-choice", "comm_msg:update:value@ks-overall",
        "comm_msg:custom:click@ks-save", "comm_msg:custom:click@ks-submit"]
    assert chromium.count("comm_msg:update:index@ks-choice") == generator.count("comm_msg:update:index@ks-choice") == 21
    assert PING in chromium and PING in generator
    # the control comm is opened with the same metadata (ipywidgets refuses another protocol major)
    meta = [m.get("metadata") for m, _b in rec.sent if m["header"]["msg_type"] == "comm_open"]
    assert meta == [m["metadata"] for m in client.sent if m["header"]["msg_type"] == "comm_open"]
    # and what the generator did is what the database holds
    state = store.load_response(store.open_link(tokens[1]), aid)
    assert state["status"] == "submitted" and state["answers"] == client.form.answers
    assert state["overall_comment"] == COMMENT


@pytest.mark.slow
def test_short_load_run_loses_nothing(tmp_path):
    import importlib.util

    if importlib.util.find_spec("locust") is None:  # not imported here: it patches the process (gevent)
        _unavailable("locust is not installed (pip install -e '.[test]')")
    out = tmp_path / "capacity.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_capacity.py"), "--users", "30",
                           "--spawn-rate", "10", "--duration", "60", "--think", "1.0", "--employees", "60",
                           "--json", str(out)], check=False, capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text())
    assert figures["error_count"] == 0, (figures["errors"], proc.stdout)
    assert figures["lost_answers"] == 0, figures["lost_examples"]
    assert figures["answers_checked"] > 100 and figures["steps"]["save"]["n"] > 100, proc.stdout
    assert figures["steps"]["link→form"]["n"] >= 30 and figures["max_pages_seen"] >= 20, proc.stdout
