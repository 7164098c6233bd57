"""Issue 23: the calibration list of the Tim Penilai Kinerja (``cycle.CalibrationState.table``,
``apps.calibration``), its flags, the basis of the rating perilaku (raw or fair) and the one
severity computation on displayable ratings (``analysis.fairness.displayable_rater_effects``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.fairness import SEVERITY_MIN, displayable_rater_effects
from kinerja_survey.analysis.predikat import rating_perilaku
from kinerja_survey.analysis.scoring import ScoringConfig, displayable_ratings, score_cycle
from kinerja_survey.cycle.calibration import (FLAGS, apply_perilaku_source, cycle_ratees, perilaku_source,
                                              perilaku_source_history, set_perilaku_source, tim_present)
from kinerja_survey.demo import demo_data, open_demo_cycle, simulate_ratings
from kinerja_survey.store import Store, StoreError

ACTOR = "hr"


def planted_cycle(store, n: int = 24, seed: int = 5, alone: bool = False):
    """A closed demo cycle whose atasan with the most staff answers every form with 1 or 2:
    ``(cycle_id, harsh_nip, links)``.  ``alone``: one of her staff keeps only two peers'
    answers (a hidden group), so the atasan alone decides that person's score."""
    demo = open_demo_cycle(store, n, seed=seed, actor=ACTOR)
    cid = demo.cycle_id
    asg = store.assignments_frame(cid)
    sup = asg[asg["relationship"] == "supervisor"]
    harsh = sup["rater"].value_counts().index[0]
    sim = simulate_ratings(asg[["rater", "ratee", "relationship"]], store.instrument(cid), seed=seed,
                           missing_rate=0.0, leniency_sd=0.1)
    wide = sim.ratings.pivot_table(index=["rater", "ratee"], columns="item", values="rating", observed=True)
    token = dict(zip(demo.links["nip"], demo.links["token"]))
    rng = np.random.default_rng(seed)
    skip = set()
    if alone:
        ratee = sorted(sup.loc[sup["rater"] == harsh, "ratee"])[0]
        peers = asg[(asg["ratee"] == ratee) & (asg["relationship"] == "peer")]
        skip = set(peers["assignment_id"].iloc[2:])
        assert len(peers) >= 3 and not ((asg["rater"] != ratee) & (asg["relationship"] == "subordinate")
                                        & (asg["ratee"] == ratee)).any()
    for row in asg.itertuples(index=False):
        if row.assignment_id in skip:
            continue
        values = {item: int(v) for item, v in wide.loc[(row.rater, row.ratee)].items()}
        if row.rater == harsh:
            values = {item: int(rng.integers(1, 3)) for item in values}
        store.save_response(token[row.rater], int(row.assignment_id), values, submit=True)
    uc.close_cycle(store, cid, actor=ACTOR)
    nips = cycle_ratees(store, cid)
    hk = ["Diatas Ekspektasi" if k % 3 == 0 else "Sesuai Ekspektasi" for k in range(len(nips))]
    uc.import_hasil_kerja(store, cid, pd.DataFrame({"nip": nips, "rating": hk}), actor=ACTOR)
    uc.set_org_predikat(store, cid, "Baik", actor=ACTOR)
    return cid, harsh, demo.links


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "k.sqlite")
    yield s
    s.dispose()


# --- analysis: the one severity computation ---------------------------------------------------------

def test_fair_weighted_score_removes_exact_rater_effects():
    """On an exactly additive design (rating = mu + a_j + b_r + c_i, no noise) the severity-adjusted
    weighted score is the score an average rater gives: mu + a_j + mean_i c_i (the "fair average",
    Linacre 1989), to 1e-9, whatever the groups' weights."""
    ratees = {"A": 0.5, "B": -0.4, "C": 0.1, "D": -0.2}
    raters = {"s1": -0.6, "s2": 0.3, "p1": 0.2, "p2": -0.1, "p3": 0.15, "p4": 0.05}
    items = {"I1": 0.1, "I2": -0.1, "I3": 0.05}
    rows = []
    for k, (j, a) in enumerate(ratees.items()):
        boss = "s1" if k < 2 else "s2"
        peers = [p for p in ("p1", "p2", "p3", "p4") if p != f"p{k + 1}"]
        for r, rel in [(boss, "supervisor")] + [(p, "peer") for p in peers]:
            for i, c in items.items():
                rows.append((j, r, rel, "C", i, 3.0 + a + raters[r] + c))
    df = pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "competency", "item", "rating"])
    fit = displayable_rater_effects(df)
    expected = pd.Series({j: 3.0 + a + np.mean(list(items.values())) for j, a in ratees.items()})
    assert np.allclose(fit.fair_weighted.reindex(expected.index), expected, atol=1e-9)
    # severity = -b, centred over raters: s1 (b = -0.6) is the harshest
    sev = fit.effects.raters.set_index("rater")["severity"]
    b = pd.Series(raters)
    assert np.allclose(sev.reindex(b.index), -(b - b.mean()), atol=1e-9)
    # the raw weighted score carries the atasan's severity; the fair one does not
    raw = score_cycle(df)["combined"]
    assert raw["A"] < expected["A"] and abs(raw["C"] - expected["C"]) > 0.05


def test_severity_and_fair_scores_do_not_depend_on_hidden_groups():
    """Anonymity: changing only the answers of rater groups under their threshold changes no
    severity, z, flag, fair score or fair weighted score (``displayable_ratings`` first)."""
    _emp, sim = demo_data(40, seed=3)
    df = sim.ratings.copy()
    df["ratee"] = df["ratee"].astype(str)
    df["rater"] = df["rater"].astype(str)
    df["relationship"] = df["relationship"].astype(str)
    shown = displayable_ratings(df)
    hidden = ~df.index.isin(shown.index)
    assert hidden.sum() > 0
    other = df.copy()
    other.loc[hidden, "rating"] = np.where(other.loc[hidden, "rating"].notna(), 1.0, np.nan)
    a, b = displayable_rater_effects(df), displayable_rater_effects(other)
    pd.testing.assert_frame_equal(a.effects.raters, b.effects.raters)
    pd.testing.assert_frame_equal(a.effects.ratees, b.effects.ratees)
    pd.testing.assert_series_equal(a.fair_weighted, b.fair_weighted)


def test_the_flag_needs_z_and_a_whole_scale_point():
    _emp, sim = demo_data(60, seed=4)
    fit = displayable_rater_effects(sim.ratings)
    r = fit.effects.raters
    assert (r["flag"] == ((r["z"].abs() > 2.5) & (r["severity"].abs() >= SEVERITY_MIN))).all()
    loose = displayable_rater_effects(sim.ratings, min_severity=0.0).effects.raters
    assert (loose["flag"] == (loose["z"].abs() > 2.5)).all() and loose["flag"].sum() >= r["flag"].sum()


# --- the fair-score option ---------------------------------------------------------------------------

def test_fair_source_changes_the_rating_exactly_where_the_fair_score_crosses_a_band_edge():
    cuts = ScoringConfig().perilaku_cuts
    combined = pd.Series([2.90, 2.95, 3.10, 4.20, 4.30, 3.50, np.nan], index=list("abcdefg"))
    fair = pd.Series([3.05, 2.99, 2.95, 4.26, 4.40, 3.60, 3.0], index=list("abcdefg"))
    scores = pd.DataFrame({"combined": combined, "rating_perilaku": rating_perilaku(combined, cuts),
                           "rating_hasil_kerja": ["Sesuai Ekspektasi"] * 7})
    scores["predikat_usulan"] = scores["predikat"] = ["Kurang/Misconduct", "Kurang/Misconduct", "Baik", "Baik",
                                                      "Baik", "Baik", None]
    scores["predikat_alasan"] = ["", "", "", "", "", "", ""]
    scores.loc["e", "predikat"], scores.loc["e", "predikat_alasan"] = "Butuh Perbaikan", "keputusan Tim rapat"
    out = apply_perilaku_source(scores, fair, cuts)
    crossed = rating_perilaku(fair, cuts) != rating_perilaku(combined, cuts)
    changed = out["rating_perilaku"] != scores["rating_perilaku"]
    assert list(changed[changed].index) == ["a", "c", "d", "g"] == list(crossed[crossed].index)
    assert out.at["a", "predikat_usulan"] == "Baik" and out.at["c", "predikat_usulan"] == "Kurang/Misconduct"
    assert out.at["e", "predikat"] == "Butuh Perbaikan"  # a decision stays
    assert out.at["b", "rating_perilaku"] == scores.at["b", "rating_perilaku"]


def test_the_basis_is_chosen_before_opening_and_a_later_change_needs_a_reason(store):
    demo = open_demo_cycle(store, 12, seed=2, actor=ACTOR)  # already open
    cid0 = uc.create_cycle(store, "Periode berikut", "2027-01-01", "2027-12-31", actor=ACTOR)
    assert perilaku_source(store, cid0) == "raw"
    assert set_perilaku_source(store, cid0, "fair", actor="Kepala BKPSDM") == "fair"  # draft: no reason
    assert perilaku_source(store, cid0) == "fair"
    cid = demo.cycle_id
    with pytest.raises(StoreError, match="minimal 10 karakter"):
        set_perilaku_source(store, cid, "fair", actor="siti")
    assert perilaku_source(store, cid) == "raw"
    with pytest.raises(uc.CycleError, match="tidak dikenal"):
        set_perilaku_source(store, cid, "adil", actor="siti", reason="salah ketik nilai dasar")
    set_perilaku_source(store, cid, "fair", actor="siti", reason="Keputusan rapat pimpinan 3 Desember")
    hist = perilaku_source_history(store, cid)
    assert [(h["source"], h["actor"], h["status"], h["reason"]) for h in hist] == [
        ("fair", "siti", "open", "Keputusan rapat pimpinan 3 Desember")]
    audit = store.audit_frame()
    mine = audit[audit["detail_json"].astype(str).str.contains(f"perilaku_source:{cid}")]
    assert len(mine) == 1 and mine.iloc[0]["actor"] == "siti"


# --- the calibration list ----------------------------------------------------------------------------

def test_the_list_flags_a_planted_harsh_atasan_with_reasons_and_suggestions(store):
    cid, harsh, _links = planted_cycle(store, alone=True)
    state = uc.CalibrationState(store, cid, actor="Tim", meeting_mode=False)
    table = state.table()
    assert list(state.flagged_raters()["rater"]) == [harsh]
    shown = state.results.shown_ratings
    staff = set(shown[(shown["rater"].astype(str) == harsh)
                      & (shown["relationship"].astype(str) == "supervisor")]["ratee"].astype(str))
    flagged = table[table["tanda"].map(lambda f: "severe_atasan" in f)]
    assert set(flagged["nip"]) == staff and len(staff) >= 3
    for r in flagged.itertuples(index=False):
        assert set(r.tanda) <= set(FLAGS) and len(r.alasan_tanda) == len(r.tanda)
        assert r.skor_tertimbang_adil > r.skor_tertimbang and r.predikat_saran
        assert r.predikat == r.predikat_usulan  # "Ditetapkan" starts at the usulan; nothing applied
    # the weights used are the renormalised ones of the groups in the score
    for r in table.itertuples(index=False):
        if r.bobot:
            assert abs(sum(r.bobot.values()) - 1) < 1e-12
    # a group of one decides: the score rests on a single rater (the planted person whose peers are hidden)
    one = table[table["tanda"].map(lambda f: "one_rater" in f)]
    alone = sorted(staff)[0]
    assert alone in set(one["nip"])
    for r in one.itertuples(index=False):
        assert len(r.bobot) == 1 and sum((r.n_supervisor, r.n_peer, r.n_subordinate)) >= 1
    sc = state.results.scores
    single = [n for n in table["nip"] if str(sc.at[n, "groups_used"]) == "supervisor" and sc.at[n, "n_supervisor"] == 1]
    assert set(one["nip"]) == set(single)
    row = table.set_index("nip").loc[alone]
    assert {"one_rater", "severe_atasan"} <= set(row["tanda"])
    assert any("1 penilai" in m.render("id") and "1 rater" in m.render("en") for m in row["alasan_tanda"])
    # meeting mode: pseudonyms, no jabatan
    state.meeting_mode = True
    masked = state.table()
    assert masked["pegawai"].str.startswith("P-").all() and (masked["jabatan"] == "").all()


def test_the_app_sorts_filters_and_decides_a_suggestion_with_a_reason(store):
    from kinerja_survey.apps.calibration import CalibrationApp, filter_table

    cid, _harsh, _links = planted_cycle(store)
    app = CalibrationApp(store, cid, actor="Ketua Tim Penilai", meeting_mode=False)
    rows = app.rows
    # sort: flagged first by default; by weighted score ascending
    first = rows[rows["nip"] == app.person.options[0][1]].iloc[0]
    assert len(first["tanda"]) == rows["tanda"].map(len).max()
    by_score = filter_table(rows, sort="skor", descending=False)
    assert by_score["skor_tertimbang"].dropna().is_monotonic_increasing
    # filters: flag, usulan, unit, jenis jabatan
    app.f_flag.value = "severe_atasan"
    assert {v for _, v in app.person.options} == set(rows[rows["tanda"].map(lambda f: "severe_atasan" in f)]["nip"])
    assert "ks-flagged" in app.table_html.value
    level = app.f_level.options[-1][1]
    app.f_level.value = level
    assert all(rows.set_index("nip").at[v, "level"] == level for _, v in app.person.options)
    app.f_level.value = ""
    # "Ditetapkan" starts at the person's usulan; the suggestion goes into the choice but is not saved
    nip = app.person.value
    row = rows.set_index("nip").loc[nip]
    assert app.predikat.value == row["predikat_usulan"]
    app.use_suggestion.click()
    assert app.predikat.value == row["predikat_saran"] and store.predikat_overrides(cid).empty
    app.participants.value = "Sekretaris, Kepala Bidang Mutasi"
    app.reason.value = "Atasan menilai sangat keras; saran skor adil dipakai"
    assert app.change()
    ov = store.predikat_overrides(cid)
    assert ov["nip"].tolist() == [nip] and ov["predikat"].tolist() == [row["predikat_saran"]]
    assert tim_present(store, cid) == ["Sekretaris", "Kepala Bidang Mutasi"]
    # the kurva after counts the decision (when it moved a band)
    if row["predikat_saran"] != row["predikat_usulan"]:
        assert "ks-up" in app.kurva.value and "ks-down" in app.kurva.value
    # the berita acara carries the Tim, the change with its reason, and the basis
    files = app.make_minutes()
    import io

    head = pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name="berita_acara")
    text = " ".join(head.astype(str).to_numpy().ravel())
    assert "Sekretaris, Kepala Bidang Mutasi" in text and "skor tertimbang mentah" in text
    ch = pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name="perubahan")
    assert "Atasan menilai sangat keras; saran skor adil dipakai" in ch.to_string()


def test_the_app_in_english_has_every_new_label(store):
    from kinerja_survey.apps.calibration import CalibrationApp

    cid, _harsh, _links = planted_cycle(store, n=16, seed=6)
    app = CalibrationApp(store, cid, actor="Chair", meeting_mode=False, lang="en")
    assert "Weighted score" in app.table_html.value and "Fair score ± SE" in app.table_html.value
    assert "Very harsh/lenient supervisor" in app.table_html.value
    assert "Basis of the behaviour rating" in app.source_line.value


def test_the_fair_basis_carries_through_calibration_publication_and_the_berita_acara(store):
    """With the basis "fair" recorded (a reason: the cycle is closed), the calibration's usulan,
    the publish check, the published snapshot and the berita acara take the rating perilaku from
    the fair weighted score; the fair_changes flag still compares with the raw rating."""
    cid, _harsh, _links = planted_cycle(store)
    raw_state = uc.CalibrationState(store, cid, actor="Tim", meeting_mode=False)
    raw = raw_state.table().set_index("nip")
    moved = raw[raw["tanda"].map(lambda f: "fair_changes" in f)]
    assert len(moved) >= 1
    set_perilaku_source(store, cid, "fair", actor="Kepala Badan", reason="Keputusan pimpinan sebelum rapat kalibrasi")
    state = uc.CalibrationState(store, cid, actor="Tim", meeting_mode=False)
    fair = state.table().set_index("nip")
    assert (fair["rating_perilaku"] == raw["rating_perilaku_adil"]).all()
    assert (fair.loc[moved.index, "predikat_usulan"] == moved["predikat_saran"]).all()
    assert fair.loc[moved.index, "tanda"].map(lambda f: "fair_changes" in f).all()
    same = raw.index.difference(moved.index)
    assert (fair.loc[same, "rating_perilaku"] == raw.loc[same, "rating_perilaku"]).all()
    from kinerja_survey.cycle.calibration import berita_acara_data

    data = berita_acara_data(store, cid, actor="siti")
    assert data.perilaku_source == "fair" and "Keputusan pimpinan sebelum rapat kalibrasi" in data.source_history[0]
    dist = data.distribution.set_index("predikat")["usulan"]
    assert dict(dist) == dict(state.distribution().set_index("predikat")["usulan"])
    uc.publish(store, cid, actor="hr", force=True, reason="Uji: kurva belum terpenuhi pada data uji")
    snap = {p["nip"]: p for p in store.snapshot(cid)["people"]}
    assert all(snap[n]["rating_perilaku"] == fair.at[n, "rating_perilaku"] for n in moved.index)


def test_the_workbooks_and_reports_state_the_basis_of_the_rating_perilaku(store):
    """Issue 23: "Reports and the berita acara state which" basis (raw or fair) the rating
    perilaku comes from: the keterangan sheet of every workbook (``cycle.info_table``) and the
    individual report's weights sentence (``report_model.weights_note``)."""
    from kinerja_survey.present.report_model import weights_note

    cid, _harsh, _links = planted_cycle(store)
    raw = uc.load_results(store, cid)
    info = uc.info_table(raw).set_index("keterangan")["nilai"]
    assert info["dasar rating perilaku"] == "skor tertimbang mentah"
    assert weights_note(raw).endswith(" Rating perilaku berdasarkan skor tertimbang mentah.")
    set_perilaku_source(store, cid, "fair", actor="Kepala Badan", reason="Keputusan pimpinan sebelum rapat kalibrasi")
    fair = uc.load_results(store, cid)
    info = uc.info_table(fair, "en").set_index("keterangan")["nilai"]
    assert info["basis of the rating perilaku"] == "fair score (rater severity removed)"
    assert "Rating perilaku berdasarkan skor adil (keparahan penilai dikoreksi)." in weights_note(fair)
