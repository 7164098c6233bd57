"""Issue 23 on the scenario agencies: leaders get a full 360°.

Each agency's roster file is imported with ``cycle.import_roster`` into a real SQLite store and
assigned with the defaults (``cycle.assign``: peers 3-5, cap 12).  Every leader who can have a
full 360° has one -- the top person rated by at least 3 direct reports, each head with enough
same-level heads rated by at least 3 of them -- and ``cycle.coverage_review`` names everyone
else with a cause and a fix, and every rater over the cap with why.
"""

from collections import Counter

import pytest
from click.testing import CliRunner

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.collect.assignment import CAUSES, OrgChart
from kinerja_survey.i18n import Msg, t
from kinerja_survey.store import Store
from kinerja_survey.store.schema import hasil_kerja

from .agencies import badan, bkpsdm, dinas

ACTOR = "siti"


def _assigned(tmp_path, agency, **kwargs):
    path = agency.write(tmp_path / agency.filename)
    store = Store(f"sqlite:///{tmp_path / 'k.sqlite'}", create=True)
    uc.import_roster(store, path, actor=ACTOR)
    cid = uc.create_cycle(store, "Perilaku 2026", "2026-01-01", "2026-12-31", actor=ACTOR)
    made = uc.assign(store, cid, actor=ACTOR, seed=2026, **kwargs)
    return store, cid, made


@pytest.mark.parametrize("make", [bkpsdm, dinas, badan], ids=["bkpsdm", "dinas", "badan"])
def test_every_leader_who_can_have_a_full_360_has_one(tmp_path, make):
    store, cid, made = _assigned(tmp_path, make())
    try:
        emp = store.employees_frame()
        chart = OrgChart(emp)
        a = store.assignments_frame(cid)
        got = Counter(zip(a["ratee"], a["relationship"]))
        tops = [n for n in chart.nips if chart.is_top(n)]
        assert len(tops) == 1
        top = tops[0]
        # the Kepala Badan / Dinas: rated by at least 3 of her direct reports
        assert len(chart.reports[top]) >= 3 and got[(top, "subordinate")] >= 3
        for head in chart.heads - {top}:
            assert got[(head, "supervisor")] == 1
            if len(chart.reports[head]) >= 3:
                assert got[(head, "subordinate")] >= 3, head
            peers = a[(a["ratee"] == head) & (a["relationship"] == "peer")]["rater"]
            assert set(peers) <= chart.heads  # heads are rated by heads
            assert len(chart.peer_pool(head)) >= 3 and len(peers) >= 3, head
        # the Kepala Bidang and the Sekretaris rate each other
        second = [h for h in chart.heads if chart.atasan[h] == top]
        for head in second:
            peers = set(a[(a["ratee"] == head) & (a["relationship"] == "peer")]["rater"])
            assert peers <= set(second)

        review = uc.coverage_review(store, cid)
        short = review.short
        assert set(short["kode"]) <= set(CAUSES)
        assert all(isinstance(c, Msg) and c.render("id") and c.render("en") for c in short["sebab"])
        # the top person: her atasan is outside the roster, and the fix says how to add the Sekda
        mine = short[short["nip"] == top]
        sup = mine[mine["kode"] == "supervisor_outside"]
        assert len(sup) == 1
        assert "tambah-pemangku" in sup.iloc[0]["saran"].render("id") and "Sekda" in sup.iloc[0]["saran"].render("id")
        # nobody below a minimum goes unnamed
        named = set(zip(short["nip"], short["kelompok"].map(lambda m: m.render("id"))))
        for n in chart.nips:
            for rel, need in (("supervisor", 1), ("peer", 3), ("subordinate", 3)):
                if rel == "subordinate" and not chart.reports.get(n):
                    continue
                if got[(n, rel)] < need:
                    assert (n, t(f"cycle.rel_{rel}", "id")) in named, (n, rel)
        # the coverage table by level counts every employee once
        assert review.by_level["pegawai"].sum() == len(emp)
        assert (review.by_level["lengkap"] <= review.by_level["pegawai"]).all()
        # every rater over the cap is named, with why
        load = a.groupby("rater").size()
        assert set(review.overloaded["nip"]) == set(load[load > 12].index)
        assert set(review.overloaded["nip"]) == set(made.plan.overloads["rater"])
        assert all(line for line in review.lines("en"))
    finally:
        store.dispose()


def test_the_badan_heads_rate_each_other_over_the_cap_and_review_says_why(tmp_path):
    """The Badan's heads have 12-20 direct reports: their supervisor forms alone exceed the cap of
    12.  Before issue 23 they got no peers and the Kepala Badan no subordinates; now coverage
    wins and the review says, for each, that the supervisor forms reached the cap."""
    store, cid, made = _assigned(tmp_path, badan())
    try:
        review = uc.coverage_review(store, cid)
        over = review.overloaded
        assert len(over) > 20
        reasons = {m.render("id") for m in over["sebab"]}
        assert all("formulir atasan wajib" in r for r in reasons)
        assert all(f"Batas beban terlampaui untuk {n}" in line
                   for n, line in zip(over["nama"], review.lines("id")[len(review.short):]))
        assert set(review.short["kode"]) == {"supervisor_outside", "no_peers_at_level"}  # only the top person
    finally:
        store.dispose()


def test_peers_across_units_close_the_small_units_gap(tmp_path):
    store, cid, made = _assigned(tmp_path, bkpsdm())
    try:
        before = uc.coverage_review(store, cid).short
        assert (before["kode"] == "unit_too_small").sum() > 0
        fixes = " ".join(m.render("id") for m in before.loc[before["kode"] == "unit_too_small", "saran"])
        assert "izinkan rekan lintas unit" in fixes and "--rekan-lintas-unit" in fixes
    finally:
        store.dispose()
    other = tmp_path / "lintas"
    other.mkdir()
    store, cid, made = _assigned(other, bkpsdm(), cross_units=True)
    try:
        after = uc.coverage_review(store, cid)
        assert uc.assign_options(store, cid)["cross_units"] is True
        assert set(after.short["kode"]) == {"supervisor_outside", "no_peers_at_level"}
        assert set(after.short["nip"]) == {n for n in OrgChart(store.employees_frame()).nips
                                           if OrgChart(store.employees_frame()).is_top(n)}
    finally:
        store.dispose()


def test_review_names_a_peer_removed_by_hand_and_a_cap_reached(tmp_path):
    """After a swap in the review, the cause is "not assigned" (candidates are free); with every
    candidate at the cap, "cap reached" and the fix names the cap to ask for."""
    store, cid, _made = _assigned(tmp_path, dinas())
    try:
        a = store.assignments_frame(cid)
        chart = OrgChart(store.employees_frame())
        head = next(h for h in sorted(chart.heads) if not chart.is_top(h))
        peer = a[(a["ratee"] == head) & (a["relationship"] == "peer")]["rater"].iloc[0]
        n_peers = ((a["ratee"] == head) & (a["relationship"] == "peer")).sum()
        for rater in a[(a["ratee"] == head) & (a["relationship"] == "peer")]["rater"].iloc[: n_peers - 2]:
            uc.review_change(store, cid, "remove", ratee=head, rater=rater, reason="mutasi pegawai", actor=ACTOR)
        row = uc.coverage_review(store, cid).short.set_index(["nip", "kode"])
        assert (head, "not_assigned") in row.index
        assert "tetapkan-penilai" in row.loc[(head, "not_assigned"), "saran"].render("id")
        # judged by a cap every candidate has reached
        uc.hr.keep_assign_options(store, cid, actor=ACTOR, max_load=1)
        row = uc.coverage_review(store, cid).short.set_index(["nip", "kode"])
        assert (head, "cap_reached") in row.index
        assert "--maks-beban" in row.loc[(head, "cap_reached"), "saran"].render("id")
        assert row.loc[(head, "cap_reached"), "sebab"].render("id") == "batas beban tercapai"
        assert peer
    finally:
        store.dispose()


def test_the_cli_review_lists_causes_fixes_and_the_coverage_table(tmp_path):
    agency = bkpsdm()
    path = agency.write(tmp_path / agency.filename)
    db = tmp_path / "k.sqlite"
    run = CliRunner()
    base = ["--db", str(db), "--petugas", ACTOR]
    assert run.invoke(main, base + ["impor-roster", str(path), "--ya"]).exit_code == 0
    out = run.invoke(main, base + ["buat-periode", "P", "--mulai", "2026-01-01", "--selesai", "2026-12-31"])
    assert out.exit_code == 0, out.output
    out = run.invoke(main, base + ["tetapkan-penilai", "1", "--tautan", str(tmp_path / "t.csv")])
    assert out.exit_code == 0, out.output
    assert "kekurangan penilai" in out.output and "daftar-penilai 1" in out.output
    out = run.invoke(main, base + ["daftar-penilai", "1"])
    assert out.exit_code == 0, out.output
    for text in ("atasan di luar daftar pegawai", "tidak ada rekan setingkat", "unit terlalu kecil",
                 "tambah-pemangku", "izinkan rekan lintas unit", "Cakupan per tingkat jabatan", "JPT Pratama"):
        assert text in out.output, text
    out = run.invoke(main, base + ["--lang", "en", "daftar-penilai", "1"])
    assert "supervisor not in the roster" in out.output and "Coverage by level" in out.output
    # the option exists and is remembered for the review
    out = run.invoke(main, base + ["buat-periode", "Q", "--mulai", "2026-01-01", "--selesai", "2026-12-31"])
    out = run.invoke(main, base + ["tetapkan-penilai", "2", "--rekan-lintas-unit", "--tautan", str(tmp_path / "u.csv")])
    assert out.exit_code == 0, out.output
    out = run.invoke(main, base + ["daftar-penilai", "2"])
    assert "unit terlalu kecil" not in out.output and "atasan di luar daftar pegawai" in out.output


def test_nobody_rated_disappears_from_the_kuadran(tmp_path):
    """The grid's counts plus ``CalibrationState.left_out`` are every person with a rater besides
    themself; each left out has a reason, and ``kalibrasi`` prints them."""
    from kinerja_survey.demo import build_demo

    db = tmp_path / "k.sqlite"
    store = Store(f"sqlite:///{db}", create=True)
    try:
        demo = build_demo(store, n_employees=40, seed=3, submit_rate=0.7, draft_rate=0.05)
        cid = demo.cycle_id
        emp = store.employees_frame()
        gone = emp.sort_values("nip")["employee_id"].iloc[:10].tolist()
        with store.engine.begin() as conn:  # ten people whose hasil kerja has not come in from e-Kinerja
            conn.execute(hasil_kerja.delete().where(hasil_kerja.c.cycle_id == cid)
                         .where(hasil_kerja.c.employee_id.in_(gone)))
        uc.close_cycle(store, cid, actor=ACTOR)
        state = uc.CalibrationState(store, cid, actor=ACTOR, meeting_mode=False)
        a = store.assignments_frame(cid)
        rated = set(a.loc[a["rater"] != a["ratee"], "ratee"])
        left = state.left_out()
        assert int(state.grid().to_numpy().sum()) + len(left) == len(rated)
        assert set(left["nip"]) <= rated and len(left) > 0
        reasons = {m.render("id") for m in left["alasan"]}
        assert any("hasil kerja belum diimpor" in r for r in reasons)
        in_grid = {n for n in rated if n not in set(left["nip"])}
        people = state.people().set_index("nip")
        assert all(people.at[n, "rating_hasil_kerja"] and people.at[n, "rating_perilaku"] for n in in_grid)
        # in meeting mode the lines name people as the grid does: by pseudonym, never by name
        meeting = uc.CalibrationState(store, cid, actor=ACTOR, meeting_mode=True).left_out()
        names = set(store.employees_frame()["nama"])
        assert len(meeting) == len(left) and not set(meeting["pegawai"]) & names
    finally:
        store.dispose()
    out = CliRunner().invoke(main, ["--db", str(db), "--petugas", ACTOR, "kalibrasi", str(cid), "--nama"])
    assert out.exit_code == 0, out.output
    assert t("hr.left_out_head", "id", n=len(left)) in out.output
    assert "hasil kerja belum diimpor" in out.output
