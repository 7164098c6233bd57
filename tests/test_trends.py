"""Trends across cycles (analysis.trends): reliable change against each cycle's measurement error.

Three generated periods share the people's true scores (``demo.simulate_ratings`` with fixed
``true_score`` / ``competency_effect``); a known part of the people get a true change, the
others none.  The flags must find the changed people (power) and flag the stable ones at about
the stated 5% (false-positive rate).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kinerja_survey.analysis.reliability import icc_nested, scale_scores, spearman_brown
from kinerja_survey.analysis.trends import (NAIK, STABIL, TURUN, PeriodScores, period_scores, person_sem,
                                            score_trends, trend_summary, unit_trends)
from kinerja_survey.demo import demo_assignments, generate_organisation, simulate_ratings

COMPS = ["ADA", "AKU", "BER", "HAR", "KOL", "KOM", "LOY"]


@pytest.fixture(scope="module")
def three_periods():
    """1500 people, three periods; 30% get +0.8 per period on the latent scale, the rest stay.
    The instrument (item easiness) is the same in every period; raters' leniency is drawn anew."""
    emp = generate_organisation(1500, seed=3)
    asg = demo_assignments(emp, seed=3)
    rng = np.random.default_rng(5)
    ratees = sorted(asg["ratee"].unique())
    true = pd.Series(rng.normal(0, 0.45, len(ratees)), index=ratees)
    comp = pd.DataFrame(rng.normal(0, 0.25, (len(ratees), len(COMPS))), index=ratees, columns=COMPS)
    changed = pd.Series(rng.random(len(ratees)) < 0.3, index=ratees)
    easy = pd.Series(rng.normal(0, 0.15, 21), index=[f"{c}{i}" for c in ("BER", "AKU", "KOM", "HAR", "LOY", "ADA", "KOL")
                                                     for i in (1, 2, 3)])
    periods = {}
    for p in range(3):
        shifted = true + np.where(changed, 0.8 * p, 0.0)
        sim = simulate_ratings(asg, seed=100 + p, true_score=shifted, competency_effect=comp,
                               easiness=easy, centre=3.2)
        periods[f"P{p + 1}"] = period_scores(sim.ratings)
    return periods, changed, sim.ratings


def test_period_reliability_equals_icc_nested(three_periods):
    """ICC(1), MSB, MSW and k0 are icc_nested's (Shrout & Fleiss 1979 case 1, validated there
    against their Table 2 and pingouin) on the rater means of the other raters."""
    _, _, ratings = three_periods
    others = ratings[ratings["relationship"].astype(str) != "self"]
    ps = period_scores(ratings)
    rel = ps.reliability.set_index("competency")
    overall = icc_nested(scale_scores(others), ratings="score").iloc[0]
    by_comp = scale_scores(others, by="competency")
    for col in ("ICC1", "MSB", "MSW", "k0"):
        assert rel.loc["overall", col] == pytest.approx(overall[col], abs=1e-9)
    for code in COMPS:
        ref = icc_nested(by_comp[by_comp["competency"].astype(str) == code], ratings="score").iloc[0]
        for col in ("ICC1", "MSB", "MSW", "k0"):
            assert rel.loc[code, col] == pytest.approx(ref[col], abs=1e-9), (code, col)
    # the person's score is the mean of the rater means, k the number of raters
    s = ps.scores[ps.scores["competency"] == "overall"].set_index("ratee")
    ref = scale_scores(others).groupby("ratee", observed=True)["score"].agg(["mean", "size"])
    assert np.allclose(s["score"], ref.loc[s.index, "mean"], atol=1e-12)
    assert (s["k"] == ref.loc[s.index, "size"]).all()


def test_person_sem_is_spearman_brown_and_classical_sem():
    """r_kk is the Spearman-Brown projection of ICC(1); SEM = SD_k sqrt(1 - r_kk) = sqrt(MSW/k)
    (Lord & Novick 1968 ch. 3; the standard error of a mean of k independent views)."""
    var_true, var_error = 0.27, 0.26
    k = np.array([1, 2, 3, 5, 9])
    r_kk, sd_k, sem = person_sem(var_true, var_error, k)
    rho = var_true / (var_true + var_error)
    assert np.allclose(r_kk, spearman_brown(rho, k), atol=1e-12)
    assert np.allclose(sem, sd_k * np.sqrt(1 - r_kk), atol=1e-12)
    assert np.allclose(sem, np.sqrt(var_error / k), atol=1e-12)
    # no true variance: reliability 0, SEM is the SD of the mean
    r0, sd0, sem0 = person_sem(0.0, 0.5, 4)
    assert float(r0) == 0.0 and float(sem0) == pytest.approx(math.sqrt(0.5 / 4))


def test_reliable_change_index_formula():
    """Jacobson & Truax (1991): RCI = (x2 - x1) / S_diff; with each cycle's SEM (Maassen 2004)
    S_diff = sqrt(SEM1^2 + SEM2^2).  Two hand-built cycles: person A moves 3.0 -> 4.0 with
    SEMs sqrt(.26/4) and sqrt(.26/5) -> S_diff = sqrt(.117) = 0.342053, RCI = 2.923527 -> naik; B moves by
    -0.5 -> RCI = -1.461763 -> stabil; C by -1.0 -> turun."""
    rel = pd.DataFrame([{"competency": "overall", "n_targets": 3, "n_raters": 12, "k0": 4.0, "MSB": 1.0,
                         "MSW": 0.26, "ICC1": 0.4, "var_true": 0.2, "var_error": 0.26}])
    p1 = PeriodScores(pd.DataFrame({"ratee": ["A", "B", "C"], "competency": "overall",
                                    "score": [3.0, 3.5, 4.0], "k": [4, 4, 4]}), rel)
    p2 = PeriodScores(pd.DataFrame({"ratee": ["A", "B", "C"], "competency": "overall",
                                    "score": [4.0, 3.0, 3.0], "k": [5, 5, 5]}), rel)
    t = score_trends([("2025", p1), ("2026", p2)]).set_index(["period", "ratee"])
    se = math.sqrt(0.26 / 4 + 0.26 / 5)
    assert se == pytest.approx(0.342053, abs=1e-6)
    assert t.loc[("2026", "A"), "se_diff"] == pytest.approx(se, abs=1e-12)
    assert t.loc[("2026", "A"), "rci"] == pytest.approx(2.923527, abs=1e-6)
    assert t.loc[("2026", "B"), "rci"] == pytest.approx(-1.461763, abs=1e-6)
    assert [t.loc[("2026", r), "flag"] for r in "ABC"] == [NAIK, STABIL, TURUN]
    assert (t.loc["2025", "flag"] == "").all()
    assert t.loc[("2026", "A"), "prev_period"] == "2025"
    # a stricter z turns A's change into "stabil"
    strict = score_trends([("2025", p1), ("2026", p2)], z=3.0).set_index(["period", "ratee"])
    assert strict.loc[("2026", "A"), "flag"] == STABIL
    with pytest.raises(ValueError, match="dua kali"):
        score_trends([("2025", p1), ("2025", p2)])
    with pytest.raises(ValueError, match="z harus"):
        score_trends([("2025", p1)], z=0)


def test_flags_find_changed_people_at_the_stated_error_rate(three_periods):
    """Stable people: false positives near 5% (z = 1.96); changed people (+0.8 latent per
    period, ~1.5 SE_diff): most are flagged "naik", none "turun"."""
    periods, changed, _ = three_periods
    trends = score_trends(periods)
    rated = trends[trends["flag"] != ""]
    assert set(rated["period"]) == {"P2", "P3"}
    overall = rated[rated["competency"] == "overall"]
    is_changed = overall["ratee"].map(changed).astype(bool)
    stable = overall[~is_changed]
    fp = (stable["flag"] != STABIL).mean()
    # ~2000 stable comparisons: a binomial(.05) rate lies in [.035, .065] with > 99% probability
    assert 0.035 <= fp <= 0.065, fp
    # false positives go both ways (no drift)
    assert (stable["flag"] == NAIK).sum() > 0 and (stable["flag"] == TURUN).sum() > 0
    power = (overall[is_changed]["flag"] == NAIK).mean()
    assert power >= 0.8, power
    assert (overall[is_changed]["flag"] == TURUN).sum() == 0
    comp = rated[rated["competency"] != "overall"]
    fp_comp = (comp[~comp["ratee"].map(changed).astype(bool)]["flag"] != STABIL).mean()
    assert 0.03 <= fp_comp <= 0.08, fp_comp


def test_history_follows_the_nip_across_a_move(three_periods):
    """A person who moves unit keeps one history; each cycle's row carries that cycle's unit,
    and unit means count the person in the old unit before the move and the new one after."""
    periods, _, _ = three_periods
    p = {k: periods[k] for k in ("P1", "P2")}
    nip = p["P1"].scores["ratee"].iloc[0]
    others = p["P1"].scores["ratee"].unique()[1:]
    units = pd.concat([
        pd.DataFrame({"period": "P1", "ratee": [nip, *others], "unit_kerja": ["Bidang A"] * (1 + len(others))}),
        pd.DataFrame({"period": "P2", "ratee": [nip, *others], "unit_kerja": ["Bidang B"] + ["Bidang A"] * len(others)}),
    ])
    t = score_trends(p, units=units)
    mine = t[(t["ratee"] == nip) & (t["competency"] == "overall")].set_index("period")
    assert mine.loc["P1", "unit_kerja"] == "Bidang A" and mine.loc["P2", "unit_kerja"] == "Bidang B"
    assert mine.loc["P2", "prev_period"] == "P1" and mine.loc["P2", "flag"] in (NAIK, TURUN, STABIL)
    u = unit_trends(t, min_size=5).set_index(["period", "unit_kerja", "competency"])
    assert u.loc[("P2", "Bidang B", "overall"), "n"] == 1
    assert math.isnan(u.loc[("P2", "Bidang B", "overall"), "mean"])
    assert u.loc[("P2", "Bidang B", "overall"), "status"].startswith("disembunyikan")
    assert u.loc[("P1", "Bidang A", "overall"), "n"] == 1 + len(others)
    ref = t[(t["period"] == "P2") & (t["unit_kerja"] == "Bidang A") & (t["competency"] == "overall")]["score"].mean()
    assert u.loc[("P2", "Bidang A", "overall"), "mean"] == pytest.approx(ref)


def test_trend_summary_wide(three_periods):
    periods, changed, _ = three_periods
    s = trend_summary(score_trends(periods)).set_index("ratee")
    assert list(s.columns[:3]) == ["skor_P1", "skor_P2", "skor_P3"]
    assert set(s["tren"]) <= {NAIK, TURUN, STABIL}
    moved = s.index[s.index.map(changed).astype(bool)]
    assert (s.loc[moved, "n_naik"] >= 1).mean() > 0.9


def test_row_order_does_not_matter(three_periods):
    """Forms found as runs of a frame listed form by form, or by hashing when the rows are mixed:
    the same scores and reliability either way."""
    _, _, ratings = three_periods
    ordered = period_scores(ratings)
    mixed = period_scores(ratings.sample(frac=1, random_state=1))
    m = ordered.scores.merge(mixed.scores, on=["ratee", "competency"])
    assert len(m) == len(ordered.scores) == len(mixed.scores)
    assert np.allclose(m["score_x"], m["score_y"], atol=1e-12) and (m["k_x"] == m["k_y"]).all()
    cols = ["MSB", "MSW", "k0", "ICC1"]
    a = ordered.reliability.set_index("competency")[cols]
    b = mixed.reliability.set_index("competency").loc[a.index, cols]
    assert np.allclose(a.to_numpy(), b.to_numpy(), atol=1e-12)
