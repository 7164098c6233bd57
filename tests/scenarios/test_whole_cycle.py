"""Whole cycles of the three scenario agencies (issue 21), from roster import to the next period's
trend, driven through the ``kinerja-survey`` CLI (``cycle_driver.WholeCycle``) and, where a person
does the step, through the apps in headless Chromium.

Each cycle: a period that ended yesterday (its deadline passed while a rater was late); most forms
answered in time; the late rater refused, the deadline extended with a reason; a rater replaced
after a mutasi; invitations over e-mail to a real SMTP server (aiosmtpd on 127.0.0.1) and over
WhatsApp, every link on the public address; the late rater, the new rater and the rest answer;
closing, hasil kerja from an e-Kinerja export, the organisation predikat, calibration with an
override, berita acara, publication (its check, then with a reason); a keberatan decided by
changing the rating hasil kerja (the final predikat is the matrix of the final ratings, the same in
the report, the dashboard, the analysis workbook and the published results); dialog links; the
next period made from the first, answered and closed; the trend of both.  After every step every
output so far is checked (``WholeCycle.check_outputs``).

* BKPSDM (57, SIMPEG DUK XLSX): the installation's public address; the raters in Chromium at
  390 px (the late rater refused then submitting after the extension; a rater who saves a draft,
  comes back and submits), the admin app's tabs at 1366 px, the calibration view recording the
  override, the employee page showing the final result, the dialog page of supervisor and employee.
* Dinas (80, SIASN CSV with +62 numbers): the address given to ``tetapkan-penilai --url-dasar``;
  CLI with e-mail and WhatsApp, the employee page and the dialog page in Chromium.
* Badan (600, SIMPEG DUK XLSX): CLI only, and the admin app's first tabs in Chromium.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest
from test_admin_states import VOILA_ERROR
from test_browser import TIMEOUT_MS, browser, free_port, log_in, shots  # noqa: F401 - fixtures
from test_hr import smtp_server  # noqa: F401 - the SMTP server fixture
from test_rater_browser import open_task, pick, press

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.predikat import KUADRAN
from kinerja_survey.apps.serve import start_app
from kinerja_survey.i18n import t
from kinerja_survey.store import DeadlinePassed

from .agencies import badan, bkpsdm, dinas
from .cycle_driver import WholeCycle, answer

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}


def roles(scn: WholeCycle) -> dict:
    """Who plays which part: a late rater, a rater replaced after a mutasi (old -> new for one
    ratee), a rater who answers on the phone in two sittings."""
    store = scn.store()
    try:
        asg = store.assignments_frame(1)
        emp = store.employees_frame().set_index("nip")
    finally:
        store.dispose()
    load = asg.groupby("rater").size()
    staff = [n for n in sorted(load.index) if emp.at[n, "atasan_nip"] and load[n] >= 3]
    late, phone = staff[0], staff[1]
    peer = asg[(asg["relationship"] == "peer") & ~asg["rater"].isin([late, phone]) & ~asg["ratee"].isin([late, phone])]
    old, ratee = peer.iloc[0]["rater"], peer.iloc[0]["ratee"]
    taken = set(asg.loc[asg["ratee"] == ratee, "rater"]) | {ratee, late, phone, old}
    free = [n for n in sorted(emp.index) if n not in taken]
    same = [n for n in free if emp.at[n, "jenis_jabatan"] == emp.at[old, "jenis_jabatan"]]  # the successor's post
    return {"late": late, "phone": phone, "old": old, "ratee": ratee, "new": (same or free)[0]}


def whole_cycle(scn: WholeCycle, smtp, *, pages=None) -> dict:
    """The whole cycle of one agency; ``pages`` holds the browser steps (None: store/CLI only)."""
    times = {}
    began = time.perf_counter()
    scn.start(url_dasar=scn.agency.key == "dinas")
    who = roles(scn)
    tokens = scn.links()
    waiting = {who["late"], who["phone"]}
    n = scn.answer_in_time(1, lambda r, e: r in waiting or (r, e) == (who["old"], who["ratee"]), seed=21,
                           tokens=tokens)
    assert n > 0
    scn.run("status", "1")
    scn.step("jawaban tepat waktu")
    # the late rater: the deadline has passed, nothing is stored
    if pages and "raters" in pages.screens:
        pages.late_refused(tokens[who["late"]])
    else:
        store = scn.store()
        try:
            aid = int(store.rater_tasks(store.open_link(tokens[who["late"]]))["assignment_id"].iloc[0])
            with pytest.raises(DeadlinePassed):
                store.save_response(tokens[who["late"]], aid, {i.code: 3 for i in store.instrument(1).items},
                                    submit=True)
        finally:
            store.dispose()
    scn.run("batas-waktu", "1")
    until = scn.today + dt.timedelta(days=7)
    out = scn.run("batas-waktu", "1", "--sampai", until, "--alasan", "Banyak pegawai dinas luar akhir tahun")
    assert f"{until:%d-%m-%Y} pukul 23.59 WIB" in out
    scn.step("batas-waktu")
    # mutasi: the old rater's unanswered form goes to the new rater
    scn.run("ganti-penilai", "1", who["ratee"], who["old"], who["new"], "--alasan",
            "Mutasi ke Dinas Kesehatan per 1 Desember", "--ya")
    store = scn.store()
    try:
        asg = store.assignments_frame(1)
        assert not ((asg["rater"] == who["old"]) & (asg["ratee"] == who["ratee"])).any()
        assert ((asg["rater"] == who["new"]) & (asg["ratee"] == who["ratee"])).sum() == 1
    finally:
        store.dispose()
    scn.step("ganti-penilai")
    times["sampai pengingat"] = time.perf_counter() - began
    scn.remind(smtp)
    # the late rater and the phone rater answer after the extension; the new rater too
    if pages and "raters" in pages.screens:
        pages.rater_submits(tokens[who["late"]])
        pages.phone_draft_then_submit(tokens[who["phone"]])
    store = scn.store()
    try:
        answer(store, 1, tokens, seed=22)
        assert (store.assignments_frame(1)["status"] == "submitted").all()
    finally:
        store.dispose()
    out = scn.run("status", "1")
    assert "(100,0%)" in out
    scn.step("semua menjawab")
    times["jawaban"] = time.perf_counter() - began
    override = scn.close_and_calibrate(seed=23)
    if pages and "calibration" in pages.screens:
        pages.calibration_view()
    big = len(scn.agency.people) > 100  # the Badan: one analysis workbook (after the keberatan), to keep CI short
    scn.publish(exports=not big)
    final = scn.check_results(analysis=None if big else "analisis-umumkan", reports=[] if big else [override])
    assert final.at[override, "predikat"] == "Butuh Perbaikan"
    times["umumkan"] = time.perf_counter() - began
    # a keberatan: the rating hasil kerja goes up one step, the predikat follows the matrix
    up = {"Dibawah Ekspektasi": "Sesuai Ekspektasi", "Sesuai Ekspektasi": "Diatas Ekspektasi"}
    moving = final[(final.index != override) & final["rating_hasil_kerja"].isin(list(up))]
    changes = moving[[KUADRAN[(up[h], p)] != k for h, p, k in zip(moving["rating_hasil_kerja"],
                                                                   moving["rating_perilaku"], moving["predikat"])]]
    target = (changes if len(changes) else moving).index[0]
    before = final.loc[target]
    new_hk = up[before["rating_hasil_kerja"]]
    version = scn.keberatan(target, new_hk)
    assert version == 2
    final = scn.check_results(analysis="analisis-keberatan", reports=[target] if big else [target, override])
    assert final.at[target, "rating_hasil_kerja"] == new_hk
    assert final.at[target, "predikat"] == KUADRAN[(new_hk, before["rating_perilaku"])]
    if len(changes):
        assert final.at[target, "predikat"] != before["predikat"]
    if pages and "employee" in pages.screens:
        pages.employee_page(tokens[target], final.loc[target])
    links = scn.dialog()
    if pages and "dialog" in pages.screens:
        pages.dialog(links)
    if pages and "admin" in pages.screens:
        pages.admin_tabs("umumkan")
    times["dialog"] = time.perf_counter() - began
    scn.next_period(seed=24)

    # the trend: each person's period-1 score is the documented trend score (the mean of the other
    # raters' means over the displayable answers, ``analysis.trends.period_scores``), computed here
    trend = pd.read_excel(scn.out / "tren.xlsx", sheet_name="tren_ringkas", dtype={"NIP/kode": str}).set_index("NIP/kode")
    store = scn.store()
    try:
        shown = uc.load_results(store, 1).shown_ratings
        cycles = store.cycles_frame()
    finally:
        store.dispose()
    others = shown[shown["relationship"].astype(str).isin(["supervisor", "peer", "subordinate"])]
    expected = others.groupby(["ratee", "rater"], observed=True)["rating"].mean().groupby(level="ratee").mean()
    first = f"skor {cycles.set_index('id').at[1, 'name']}"
    assert set(trend.index) == set(expected.index) and trend[first].notna().all()
    assert (trend.loc[expected.index, first] - expected).abs().max() < 1e-9
    assert set(trend["tren"].dropna()) <= {"naik", "turun", "stabil"}
    times["tren"] = time.perf_counter() - began
    print(scn.agency.key, "slowest commands:", [(round(d, 1), c) for d, c in sorted(scn.durations)[-8:]])
    assert len(scn.steps) >= 18
    return times


# --------------------------------------------------------------------------------------------
# the steps a person does in an app, in Chromium
# --------------------------------------------------------------------------------------------
ADMIN_TABS = ("tab_cycles", "tab_roster", "tab_assign", "dash.tab_respons", "tab_reminders", "tab_review",
              "tab_changes", "closing.tab", "tab_periods", "hr.tab_coverage", "privacy.tab")


#: the steps done in an app: raters (the late one, the phone one), calibration, employee, dialog, admin
SCREENS = ("raters", "calibration", "employee", "dialog", "admin")


class Pages:
    """The apps of one agency's cycle, served from its database on 127.0.0.1; every page's text is
    kept in ``scn.shown`` for the checks after each step."""

    def __init__(self, scn: WholeCycle, browser, shots, screens=SCREENS, *, tabs: int = len(ADMIN_TABS)):  # noqa: F811
        self.scn, self.browser, self.shots = scn, browser, shots
        self.screens, self.tabs = set(screens), tabs
        self.servers: dict[str, object] = {}

    def server(self, app: str):
        if app not in self.servers:
            self.servers[app] = start_app(app, str(self.scn.db), port=free_port(), pool_size=1 if app == "rater" else 0,
                                          log_path=self.scn.root / "logs" / f"{app}.log")
        return self.servers[app]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        for log in (self.scn.root / "logs").glob("*.log"):  # a traceback goes to the log, never to a page
            text = log.read_text("utf-8", errors="replace")
            assert "unexpected error in an app callback" not in text and "NaTType" not in text, log

    def page(self, url: str, viewport=PHONE):
        page = self.browser.new_page(viewport=viewport)
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        return page

    def private(self, app: str, username: str, roles: str, display_name: str = ""):
        """A page of a private app at 1366x768, logged in with an account of ``roles`` (made when
        missing, as HR does with ``kinerja-survey akun buat``)."""
        page = self.browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(TIMEOUT_MS)
        store = self.scn.store()
        try:
            log_in(page, self.server(app), store, username, roles, display_name)
        finally:
            store.dispose()
        return page

    def keep(self, page, name: str, *, shot: bool = True) -> str:
        """The page's text, kept for the checks, and a screenshot."""
        body = page.inner_text("body")
        self.scn.shown.append((name, body))
        if shot:
            page.screenshot(path=str(self.shots / f"{self.scn.agency.key}-{name}.png"), full_page=True)
        assert VOILA_ERROR not in body and "Traceback" not in body, (name, body[:500])
        return body

    def rater(self, token: str):
        page = self.page(f"{self.server('rater').base_url}?token={token}")
        page.wait_for_selector(".ks-task")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        return page

    def items(self) -> list[str]:
        store = self.scn.store()
        try:
            return [i.code for i in store.instrument(1).items]
        finally:
            store.dispose()

    def saved(self, token: str, aid: int) -> dict:
        store = self.scn.store()
        try:
            return store.load_response(store.open_link(token), aid)
        finally:
            store.dispose()

    def first_pending(self, token: str) -> int:
        store = self.scn.store()
        try:
            tasks = store.rater_tasks(store.open_link(token))
        finally:
            store.dispose()
        return int(tasks.loc[tasks["status"] == "pending", "assignment_id"].iloc[0])

    # -- the rater app ----------------------------------------------------------------------------
    def late_refused(self, token: str) -> None:
        """After the deadline the task list says so; an answer is not stored."""
        page = self.rater(token)
        body = self.keep(page, "penilai-terlambat")
        assert "sudah lewat" in body and "WIB" in body
        aid = self.first_pending(token)
        open_task(page, aid)
        pick(page, self.items()[0], 3)
        page.wait_for_selector(".ks-msg-error")
        assert "sudah lewat" in page.inner_text(".ks-msg-error")
        self.keep(page, "penilai-terlambat-ditolak")
        assert self.saved(token, aid)["answers"] == {}
        page.close()

    def rater_submits(self, token: str) -> None:
        """The late rater, after the extension: every item of the first form, submitted."""
        aid = self.first_pending(token)
        page = self.rater(token)
        assert "sudah lewat" not in self.keep(page, "penilai-terlambat-diperpanjang")
        open_task(page, aid)
        for k, code in enumerate(self.items()):
            pick(page, code, k % 5)
        press(page, ".ks-submit")
        page.wait_for_selector(".ks-msg-ok")
        self.keep(page, "penilai-terlambat-terkirim")
        assert self.saved(token, aid)["status"] == "submitted"
        page.close()

    def phone_draft_then_submit(self, token: str) -> None:
        """A rater on a 390 px phone answers three items (saved as a draft), leaves, comes back,
        finds them, answers the rest and submits."""
        aid = self.first_pending(token)
        items = self.items()
        page = self.rater(token)
        open_task(page, aid)
        for code in items[:3]:
            pick(page, code, 3)
        deadline = time.monotonic() + 30
        while self.saved(token, aid)["answers"] != dict.fromkeys(items[:3], 4):
            assert time.monotonic() < deadline, "the draft was not saved"
            page.wait_for_timeout(200)
        assert self.saved(token, aid)["status"] == "draft"
        self.keep(page, "penilai-draf")
        page.close()
        page = self.rater(token)
        open_task(page, aid)
        checked = page.evaluate("[...document.querySelectorAll('.ks-choice')].map(c => "
                                "[...c.querySelectorAll('input')].findIndex(e => e.checked))")
        assert checked[:3] == [3, 3, 3] and all(c == -1 for c in checked[3:])
        for code in items[3:]:
            pick(page, code, 4)
        press(page, ".ks-submit")
        page.wait_for_selector(".ks-msg-ok")
        self.keep(page, "penilai-terkirim")
        saved = self.saved(token, aid)
        assert saved["status"] == "submitted" and saved["answers"] == dict.fromkeys(items[:3], 4) | dict.fromkeys(items[3:], 5)
        page.close()

    # -- HR's apps -------------------------------------------------------------------------------------
    def admin_tabs(self, moment: str) -> None:
        """The admin app at 1366 px: every tab (or the first ``tabs``) drawn, no message, no error."""
        page = self.private("admin", "operator.kepegawaian", "operator", "Operator Kepegawaian")
        page.wait_for_selector(".ks-admin")
        page.locator(".ks-admin table, .ks-tab-failed").first.wait_for()
        tabs = page.locator(".ks-admin .lm-TabBar-tab, .ks-admin .p-TabBar-tab")
        for i, key in enumerate(ADMIN_TABS[:self.tabs]):
            assert tabs.nth(i).inner_text().strip() in t(key, "id")
            tabs.nth(i).click()
            page.wait_for_timeout(150)
            assert page.locator(".ks-tab-failed").count() == 0, key
            assert page.locator(".ks-msg-error:visible").count() == 0, key
            self.keep(page, f"admin-{moment}-{i}", shot=i in (0, self.tabs - 1))
        tabs.first.click()
        assert "WIB" in page.locator(".ks-admin table").first.inner_text()
        page.close()

    def calibration_view(self) -> None:
        """The calibration view (meeting mode: codes, no names) records a second decided predikat
        with its reason."""
        store = self.scn.store()
        try:
            before = set(store.predikat_overrides(1)["nip"])
        finally:
            store.dispose()
        page = self.private("calibration", "ketua.tpk", "tim", "Ketua Tim Penilai Kinerja")
        page.wait_for_selector(".ks-grid")
        self.keep(page, "kalibrasi-kuadran")
        page.get_by_text("Penetapan", exact=True).click()
        select = page.locator(".ks-cal-person select")
        labels = select.locator("option").all_inner_texts()
        chosen = [i for i, lab in enumerate(labels) if lab.replace("\xa0", " ").endswith("usulan Baik, ditetapkan Baik")]
        assert chosen, labels[:5]
        select.select_option(index=chosen[0])
        page.locator(".ks-cal-predikat select").select_option(label="Butuh Perbaikan")
        page.locator("textarea").first.fill("Target kinerja unit tidak tercapai pada triwulan IV")
        page.locator(".ks-cal-save").click()
        page.locator(".ks-cal-msg.ok").wait_for()
        page.get_by_text("Perubahan tercatat").wait_for()
        self.keep(page, "kalibrasi-penetapan")
        page.close()
        store = self.scn.store()
        try:
            ov = store.predikat_overrides(1)
        finally:
            store.dispose()
        new = ov[~ov["nip"].isin(before)]
        assert len(new) == 1 and new["predikat"].iloc[0] == "Butuh Perbaikan"
        assert new["reason"].iloc[0] == "Target kinerja unit tidak tercapai pada triwulan IV"
        assert new["actor"].iloc[0] == "ketua.tpk"  # the logged-in account, never a typed name

    # -- after publication ---------------------------------------------------------------------------
    def employee_page(self, token: str, final) -> None:
        """The employee's own link at 390 px shows the final result (after the keberatan)."""
        page = self.page(f"{self.server('rater').base_url}?token={token}")
        page.wait_for_selector(".ks-emp-frame")
        frame = page.frame_locator(".ks-emp-frame")
        frame.get_by_text("Predikat kinerja").first.wait_for()
        shown = frame.locator(".predikat").inner_text()
        assert final["predikat"] in shown and final["rating_hasil_kerja"] in shown, shown
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        self.keep(page, "pegawai-hasil")
        page.close()

    def dialog(self, links) -> None:
        """The supervisor records the dialogue and one action; the employee acknowledges."""
        me = links.iloc[0]
        token = me["tautan_atasan"].split("token=")[1]
        page = self.page(f"{self.server('rater').base_url}?token={token}")
        page.wait_for_selector(".ks-dlg-save")
        today = self.scn.today
        page.locator(".ks-dlg-date input").fill(f"{today:%Y-%m-%d}")
        page.locator(".ks-dlg-notes textarea").fill("Dibahas umpan balik 360 dan capaian hasil kerja.")
        page.locator(".ks-dlg-kind-0 select").select_option("coaching")
        page.locator(".ks-dlg-description-0 textarea").fill("Coaching bulanan oleh atasan langsung")
        page.locator(".ks-dlg-due-0 input").fill(f"{today + dt.timedelta(days=60):%Y-%m-%d}")
        page.locator(".ks-dlg-save").click()
        page.wait_for_selector(".ks-msg-ok")
        self.keep(page, "dialog-atasan")
        page.close()
        token = me["tautan_pegawai"].split("token=")[1]
        page = self.page(f"{self.server('rater').base_url}?token={token}")
        page.wait_for_selector(".ks-dlg-actions")
        assert "Coaching bulanan oleh atasan langsung" in page.locator(".ks-dlg-actions").inner_text()
        page.locator(".ks-dlg-note textarea").fill("Setuju.")
        page.locator(".ks-dlg-ack").click()
        page.wait_for_selector(".ks-msg-ok")
        self.keep(page, "dialog-pegawai")
        page.close()
        store = self.scn.store()
        try:
            d = store.dialog(token)
        finally:
            store.dispose()
        assert d["acknowledged_at"] is not None and str(d["held_on"]) == f"{today:%Y-%m-%d}"


# --------------------------------------------------------------------------------------------
# the agencies
# --------------------------------------------------------------------------------------------
@pytest.mark.browser
def test_dinas_whole_cycle_through_the_cli_with_two_screens(tmp_path, smtp_server, browser, shots):  # noqa: F811
    scn = WholeCycle(dinas(), tmp_path, "https://penilaian.disdikbud.sukamajukab.go.id", smtp=smtp_server.config)
    pages = Pages(scn, browser, shots, ("employee", "dialog"))
    try:
        times = whole_cycle(scn, smtp_server, pages=pages)
    finally:
        pages.stop()
    print("dinas", {k: round(v, 1) for k, v in times.items()})


@pytest.mark.browser
def test_badan_600_whole_cycle_through_the_cli_and_the_admin_app(tmp_path, smtp_server, browser, shots):  # noqa: F811
    scn = WholeCycle(badan(), tmp_path, "https://penilaian.bapenda.nusaraya.go.id", smtp=smtp_server.config)
    pages = Pages(scn, browser, shots, ("admin",), tabs=4)  # periods, roster, assignments, response at 600 people
    try:
        times = whole_cycle(scn, smtp_server, pages=pages)
    finally:
        pages.stop()
    print("badan", {k: round(v, 1) for k, v in times.items()})


@pytest.mark.browser
def test_bkpsdm_whole_cycle_through_the_cli_and_the_apps(tmp_path, smtp_server, browser, shots):  # noqa: F811
    scn = WholeCycle(bkpsdm(), tmp_path, "https://penilaian.bkpsdm.sukamajukab.go.id", smtp=smtp_server.config)
    pages = Pages(scn, browser, shots)
    try:
        times = whole_cycle(scn, smtp_server, pages=pages)
    finally:
        pages.stop()
    print("bkpsdm", {k: round(v, 1) for k, v in times.items()})
