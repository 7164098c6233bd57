"""Periods through the use-case layer and the store (SQLite and PostgreSQL): a six-monthly cycle
made from the previous one, a mutasi between them, trends that follow the NIP, the CLI."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from conftest import cli_as

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.demo import simulate_ratings
from kinerja_survey.store import Store


def answer_all(store, cycle_id, links, *, seed=0, true=None):
    """Every form of the cycle answered and submitted through the raters' own links."""
    token = dict(zip(links["nip"], links["token"]))
    uc.extend_deadline(store, cycle_id, "2099-12-31", reason="uji: periode yang sudah lewat diisi", actor="budi")
    asg = store.assignments_frame(cycle_id)
    sim = simulate_ratings(asg[["rater", "ratee", "relationship"]], store.instrument(cycle_id), seed=seed,
                           missing_rate=0.0, true_score=true)
    wide = sim.ratings.pivot_table(index=["rater", "ratee"], columns="item", values="rating", observed=True)
    for row in asg.itertuples(index=False):
        values = {item: int(v) for item, v in wide.loc[(row.rater, row.ratee)].items()}
        store.save_response(token[row.rater], int(row.assignment_id), values, submit=True)
    return sim


def test_period_kind_and_next_period():
    assert uc.period_kind("2026-01-01", "2026-06-30") == "semesteran"
    assert uc.period_kind("2026-07-01", "2026-12-31") == "semesteran"
    assert uc.period_kind("2026-01-01", "2026-12-31") == "tahunan"
    assert uc.period_kind("2026-01-01", "2026-03-31") == "triwulanan"
    assert uc.period_kind("2026-01-01", "2026-02-10") == "lainnya"
    assert uc.next_period("2026-01-01", "2026-06-30") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert uc.next_period("2026-07-01", "2026-12-31") == (dt.date(2027, 1, 1), dt.date(2027, 6, 30))
    assert uc.next_period("2026-01-01", "2026-12-31") == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))


@pytest.fixture
def two_semesters(store, small_roster):
    """Semester I on the roster, then a mutasi (one person moves unit, one leaves), then
    semester II made from semester I; both answered and closed."""
    uc.import_roster(store, small_roster, actor="budi")
    c1 = uc.create_cycle(store, "Semester I 2026", "2026-01-01", "2026-06-30", actor="budi")
    made = uc.assign(store, c1, seed=1, actor="budi")
    uc.open_cycle(store, c1, actor="budi")
    answer_all(store, c1, made.links, seed=11)
    uc.close_cycle(store, c1, actor="budi")
    roster = small_roster.copy()
    staff = roster[roster["jenis_jabatan"].isin(["Pelaksana", "Fungsional"])]
    mover = staff.iloc[0]
    other_unit = staff[staff["unit_kerja"] != mover["unit_kerja"]].iloc[0]
    roster.loc[roster["nip"] == mover["nip"], ["unit_kerja", "atasan_nip"]] = [other_unit["unit_kerja"],
                                                                                other_unit["atasan_nip"]]
    leaver = staff.iloc[-1]["nip"]
    roster = roster[roster["nip"] != leaver]
    uc.import_roster(store, roster, actor="budi")
    nxt = uc.create_next_cycle(store, c1, actor="budi", seed=2)
    uc.open_cycle(store, nxt.cycle_id, actor="budi")
    answer_all(store, nxt.cycle_id, nxt.assigned.links, seed=12)
    uc.close_cycle(store, nxt.cycle_id, actor="budi")
    return dict(c1=c1, c2=nxt.cycle_id, mover=mover["nip"], old_unit=mover["unit_kerja"],
                new_unit=other_unit["unit_kerja"], leaver=leaver)


def test_next_cycle_and_trends_follow_the_nip(store, two_semesters):
    t = two_semesters
    info = store.cycle(t["c2"])
    assert (info["period_start"], info["period_end"]) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert uc.period_kind(info["period_start"], info["period_end"]) == "semesteran"
    # same instrument, new draw for the current roster: the leaver is not in cycle 2
    assert store.instrument(t["c2"]).to_dict() == store.instrument(t["c1"]).to_dict()
    a2 = store.assignments_frame(t["c2"])
    assert t["leaver"] not in set(a2["ratee"]) | set(a2["rater"])
    # the snapshot keeps each cycle's unit
    m1 = store.cycle_members_frame(t["c1"]).set_index("nip")
    m2 = store.cycle_members_frame(t["c2"]).set_index("nip")
    assert m1.loc[t["mover"], "unit_kerja"] == t["old_unit"] and m1.loc[t["mover"], "source"] == "snapshot"
    assert m2.loc[t["mover"], "unit_kerja"] == t["new_unit"]

    tables = uc.trend_tables(store, min_unit_size=3)
    assert list(tables["tren_periode"]["id"]) == [t["c1"], t["c2"]]
    assert set(tables["tren_periode"]["jenis"]) == {"semesteran"}
    tp = tables["tren_pegawai"]
    mine = tp[(tp["nip"] == t["mover"]) & (tp["competency"] == "overall")].set_index("periode")
    assert list(mine.index) == ["Semester I 2026", store.cycle(t["c2"])["name"]]
    assert mine["unit_kerja"].tolist() == [t["old_unit"], t["new_unit"]]
    assert mine["flag"].iloc[0] == "" and mine["flag"].iloc[1] in ("naik", "turun", "stabil")
    assert mine["prev_period"].iloc[1] == "Semester I 2026"
    # the leaver keeps the first cycle's history
    assert (tp["nip"] == t["leaver"]).any() and set(tp.loc[tp["nip"] == t["leaver"], "flag"]) == {""}
    # per-person errors: sem = sqrt(MSW / k) of that cycle
    rel = tables["tren_reliabilitas"].set_index(["cycle_id", "competency"])
    row = mine.iloc[1]
    assert row["sem"] == pytest.approx((rel.loc[(t["c2"], "overall"), "MSW"] / row["k"]) ** 0.5)
    # unit trends: the mover counts in the new unit in cycle 2; small units suppressed
    tu = tables["tren_unit"]
    assert (tu["status"].str.startswith("disembunyikan") == (tu["n"] < 3)).all()
    summary = tables["tren_ringkas"].set_index("nip")
    assert summary.loc[t["mover"], "tren"] == mine["flag"].iloc[1]


def test_talent_pool_needs_consecutive_periods(store, two_semesters, tmp_path):
    """Decided predikat Sangat Baik in both semesters -> in the pool; only in the last one or
    only in the first -> not; the kuadran counts per period add up to the people rated."""
    t = two_semesters
    c1, c2 = t["c1"], t["c2"]
    # people with displayable answers in both periods: a person rated only by a group under its
    # threshold (the head of the agency, by a small group of subordinates) has no trend score,
    # reliability or fair score (issue 22: those come from displayable answers only)
    shown = [uc.load_results(store, cid).shown_ratings for cid in (c1, c2)]
    rated = [set(r.loc[r["relationship"] != "self", "ratee"].astype(str)) for r in shown]
    nips = [n for n in store.assignments_frame(c2)["ratee"].unique() if n != t["leaver"]
            and all(n in r for r in rated)]
    both, last_only, first_only = nips[0], nips[1], nips[2]
    for cid in (c1, c2):
        rated = store.assignments_frame(cid)["ratee"].unique()
        store.set_hasil_kerja(cid, pd.DataFrame({"nip": rated, "rating": "Sesuai Ekspektasi"}), actor="budi")
    reason = "Hasil sidang Tim Penilai Kinerja"
    store.override_predikat(c1, both, "Sangat Baik", reason, actor="budi")
    store.override_predikat(c2, both, "Sangat Baik", reason, actor="budi")
    store.override_predikat(c2, last_only, "Sangat Baik", reason, actor="budi")
    store.override_predikat(c1, first_only, "Sangat Baik", reason, actor="budi")
    tp = uc.talent_pool(store, n_periods=2, criteria={"predikat": ("Sangat Baik",)}, min_unit_size=3)
    assert tp.pool["nip"].tolist() == [both]
    row = tp.pool.iloc[0]
    assert row["streak"] == 2 and row["predikat_Semester I 2026"] == "Sangat Baik"
    assert 0 < row["r_kk"] < 1 and row["sem"] > 0 and pd.notna(row["fair_score"]) and row["fair_se"] > 0
    one = uc.talent_pool(store, n_periods=1, criteria={"predikat": ("Sangat Baik",)}, fair_scores=False)
    assert set(one.pool["nip"]) == {both, last_only}
    k = tp.kuadran
    assert set(k["periode"]) == set(tp.periods["label"])
    for cid in (c1, c2):
        assert k.loc[k["cycle_id"] == cid, "n"].sum() == store.assignments_frame(cid)["ratee"].nunique()
    assert (tp.unit["status"].str.startswith("disembunyikan") == (tp.unit["n_dinilai"] < 3)).all()
    # the dashboard's kuadran across periods: one 3x3 grid per period whose cells add up to the people rated
    from kinerja_survey.apps.dashboard import kuadran_panel

    panel = kuadran_panel(k)
    grids = re.findall(r"<div class='ks-kuadran'>(.*?)</div>", panel, flags=re.S)
    assert len(grids) == 2
    for grid, cid in zip(grids, (c1, c2)):
        cells = [int(v) for v in re.findall(r"<td>(\d+)</td>", grid)]
        rest = re.findall(r"(\d+) pegawai tanpa kuadran", grid)
        assert len(cells) == 9
        assert sum(cells) + sum(map(int, rest)) == store.assignments_frame(cid)["ratee"].nunique()
    with pytest.raises(uc.CycleError, match="butuh 3"):
        uc.talent_pool(store, n_periods=3)
    path = uc.export_talent_pool(store, tmp_path / "talenta.xlsx", meeting_mode=True, n_periods=2,
                                 criteria={"predikat": ("Sangat Baik",)})
    cells = [str(c) for row in openpyxl.load_workbook(path, read_only=True)["talenta"].iter_rows(values_only=True)
             for c in row]
    assert both not in cells and len(cells) > 0


def test_cli_create_cycle_from_previous_and_tren(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    store = Store(db)
    uc.import_roster(store, small_roster, actor="budi")
    c1 = uc.create_cycle(store, "Tahun 2025", "2025-01-01", "2025-12-31", actor="budi")
    made = uc.assign(store, c1, seed=1, actor="budi")
    uc.open_cycle(store, c1, actor="budi")
    answer_all(store, c1, made.links, seed=3)
    uc.close_cycle(store, c1, actor="budi")
    runner = CliRunner()
    out = runner.invoke(main, ["--db", str(db), "--petugas", "sari", "buat-periode", "Tahun 2026", "--dari-periode",
                               str(c1)], catch_exceptions=False)
    assert out.exit_code != 0 and "--tautan" in out.output
    links = tmp_path / "tautan2.csv"
    out = runner.invoke(main, ["--db", str(db), "--petugas", "sari", "buat-periode", "Tahun 2026", "--dari-periode",
                               str(c1), "--benih", "5", "--tautan", str(links)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "2026-01-01 s.d. 2026-12-31, tahunan" in out.output
    c2 = int(store.cycles_frame()["id"].max())
    table = pd.read_csv(links, dtype=str)
    assert len(table) == 40 and table["tautan"].str.contains("token=").all()
    assert store.audit_frame()["actor"].iloc[-1] == cli_as("sari")
    uc.open_cycle(store, c2, actor="budi")
    answer_all(store, c2, table, seed=4)
    uc.close_cycle(store, c2, actor="budi")
    xlsx = tmp_path / "tren.xlsx"
    out = runner.invoke(main, ["--db", str(db), "tren", "--keluaran", str(xlsx), "--jenis", "tahunan", "--rapat"],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    assert {"tren_pegawai", "tren_ringkas", "tren_unit", "tren_reliabilitas", "tren_periode"} <= set(wb.sheetnames)
    cells = [str(c) for row in wb["tren_pegawai"].iter_rows(values_only=True) for c in row]
    assert not any(n in cells for n in small_roster["nip"])  # meeting mode: NIPs pseudonymised
    assert "nama" not in cells
    out = runner.invoke(main, ["--db", str(db), "talenta", "--keluaran", str(tmp_path / "t.xlsx"), "--berturut", "2"],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert {"talenta", "kuadran_periode"} <= set(openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames)
    # dialog links, stakeholders, suggestions and training needs from the command line
    from kinerja_survey.cycle.calibration import (
        cycle_ratees,  # dialog links only for published results
    )

    uc.import_hasil_kerja(store, c2, pd.DataFrame({"NIP": cycle_ratees(store, c2), "Rating Hasil Kerja": "Sesuai"}),
                          actor="budi")
    uc.set_org_predikat(store, c2, "Baik", actor="budi")
    uc.publish(store, c2, actor="budi", force=True, reason="Uji: dialog kinerja setelah pengumuman")
    dl = tmp_path / "dialog.csv"
    out = runner.invoke(main, ["--db", str(db), "tautan-dialog", str(c2), "--keluaran", str(dl)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    dlinks = pd.read_csv(dl, dtype=str)
    assert "token_atasan" not in dlinks.columns and dlinks["tautan_pegawai"].str.contains("token=").all()
    pk = tmp_path / "pk.csv"
    pd.DataFrame({"nip": [dlinks["nip"][0]], "nama": ["Pak Amir"], "kontak": ["amir@warga.example.id"]}).to_csv(pk, index=False)
    assert runner.invoke(main, ["--db", str(db), "tambah-pemangku", str(c2), str(pk), "--tautan",
                                str(tmp_path / "pk-links.csv")], catch_exceptions=False).exit_code != 0  # closed
    saran = tmp_path / "saran.yaml"
    saran.write_text("BER: [Magang pelayanan]\n", encoding="utf-8")
    out = runner.invoke(main, ["--db", str(db), "impor-saran", str(saran)], catch_exceptions=False)
    assert out.exit_code == 0 and "1 kompetensi" in out.output
    out = runner.invoke(main, ["--db", str(db), "kebutuhan-pelatihan", str(c2), "--keluaran", str(tmp_path / "kp.xlsx")],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    bad = runner.invoke(main, ["--db", str(db), "tren", "--keluaran", str(tmp_path / "x.xlsx"), "--jenis", "semesteran"],
                        catch_exceptions=False)
    assert bad.exit_code != 0 and "Belum ada periode" in bad.output


def test_trends_and_the_dashboard_tab_follow_the_anonymity_rule(store, two_semesters):
    """Answers of a rater group under its threshold for a person reach no trend figure: every
    such answer of cycle 2 is changed in the database, and every trend table and the dashboard's
    trend tab stay exactly the same."""
    from kinerja_survey.analysis.scoring import ScoringConfig, displayable_ratings
    from kinerja_survey.apps.dashboard import trend_panel

    t = two_semesters
    before = uc.trend_tables(store, min_unit_size=3)
    panel_before = trend_panel(store, None, min_people=3)
    ratings = store.ratings_frame(t["c2"])
    shown = displayable_ratings(ratings, ScoringConfig())
    hidden = ratings.loc[~ratings.index.isin(shown.index)]
    pairs = set(zip(hidden["rater"], hidden["ratee"]))
    assert pairs, "the fixture must have hidden groups, or the test could not fail"
    asg = store.assignments_frame(t["c2"])
    ids = [int(a) for a, r, e in zip(asg["assignment_id"], asg["rater"], asg["ratee"]) if (r, e) in pairs]
    with store.transaction() as conn:
        conn.execute(sa.text("UPDATE answers SET value = 6 - value WHERE value IS NOT NULL AND value <> 3 AND "
                             "response_id IN (SELECT id FROM responses WHERE assignment_id IN :ids)")
                     .bindparams(sa.bindparam("ids", expanding=True)), {"ids": ids})
    after_ratings = store.ratings_frame(t["c2"])
    assert not after_ratings["rating"].equals(ratings["rating"])  # the hidden answers did change
    after = uc.trend_tables(store, min_unit_size=3)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)
    assert trend_panel(store, None, min_people=3) == panel_before
    # the tab: one row per unit and finished cycle, small units with their size only
    table = uc.unit_trend_table(store, min_unit_size=3)
    assert set(table["periode"]) == set(before["tren_periode"]["label"])
    small = table["n"] < 3
    assert table.loc[small, "rerata"].isna().all() and table.loc[~small, "rerata"].notna().all()
    assert "Tren antarperiode" in panel_before and "disembunyikan" in panel_before or not small.any()
