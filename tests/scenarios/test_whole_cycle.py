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

import time

import pytest
from test_browser import TIMEOUT_MS, browser, free_port, shots  # noqa: F401 - fixtures
from test_hr import Sink, smtp_server  # noqa: F401 - the SMTP server fixture

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.predikat import KUADRAN
from kinerja_survey.apps.serve import start_app
from kinerja_survey.store import DeadlinePassed

from .agencies import badan, bkpsdm, dinas
from .cycle_driver import WholeCycle, answer

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}
VOILA_ERROR = "There was an error when executing cell"


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
    same = [n for n in sorted(emp.index) if n not in taken and emp.at[n, "jenis_jabatan"] == emp.at[old, "jenis_jabatan"]]
    return {"late": late, "phone": phone, "old": old, "ratee": ratee, "new": same[0]}


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
    if pages:
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
    until = scn.today + __import__("datetime").timedelta(days=7)
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
    if pages:
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
    if pages:
        pages.admin_tabs("tutup")
    override = scn.close_and_calibrate(seed=23)
    if pages and pages.calibration:
        pages.calibration_view()
    scn.publish()
    final = scn.check_results(analysis="analisis-umumkan", reports=[override])
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
    final = scn.check_results(analysis="analisis-keberatan", reports=[target, override])
    assert final.at[target, "rating_hasil_kerja"] == new_hk
    assert final.at[target, "predikat"] == KUADRAN[(new_hk, before["rating_perilaku"])]
    if len(changes):
        assert final.at[target, "predikat"] != before["predikat"]
    if pages:
        pages.employee_page(tokens[target], final.loc[target])
    links = scn.dialog()
    if pages:
        pages.dialog(links)
        pages.admin_tabs("umumkan")
    times["dialog"] = time.perf_counter() - began
    scn.next_period(seed=24)
    import pandas as pd

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
    assert len(scn.steps) >= 18
    return times


# --------------------------------------------------------------------------------------------
# the agencies
# --------------------------------------------------------------------------------------------
def test_dinas_whole_cycle_through_the_cli(tmp_path, smtp_server):  # noqa: F811
    scn = WholeCycle(dinas(), tmp_path, "https://penilaian.disdikbud.sukamajukab.go.id", smtp=smtp_server.config)
    times = whole_cycle(scn, smtp_server)
    print("dinas", {k: round(v, 1) for k, v in times.items()})


def test_badan_600_whole_cycle_through_the_cli(tmp_path, smtp_server):  # noqa: F811
    scn = WholeCycle(badan(), tmp_path, "https://penilaian.bapenda.nusaraya.go.id", smtp=smtp_server.config)
    times = whole_cycle(scn, smtp_server)
    print("badan", {k: round(v, 1) for k, v in times.items()})
