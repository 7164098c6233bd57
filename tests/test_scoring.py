"""Tests of kinerja_survey.analysis.scoring.

Combined 360 means have no external reference implementation: expected values are computed by
hand below (exact fractions in comments, as an analyst would in a spreadsheet), cross-checked
against a plain pandas two-step groupby, and constrained by invariance properties (hypothesis).
The anonymity rules follow DOMAIN.md (360 practice): peer/subordinate >= 3, all others >= 4, a
group under threshold dropped, never folded into "others".
"""

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja_survey.analysis import scoring
from kinerja_survey.analysis.scoring import (
    OVERALL,
    ScoringConfig,
    combined_scores,
    group_means,
    score_cycle,
)
from kinerja_survey.collect.instrument import berakhlak
from kinerja_survey.demo import simulate_ratings, synthetic_assignments

ITEMS = {"X1": "X", "X2": "X", "Y1": "Y", "Y2": "Y"}
nan = np.nan


def make_frame(spec):
    """spec: {ratee: [(rater, relationship, [X1, X2, Y1, Y2])]} -> ratings frame."""
    rows = []
    for ratee, raters in spec.items():
        for rater, rel, values in raters:
            for (item, comp), v in zip(ITEMS.items(), values):
                rows.append((ratee, rater, rel, comp, item, v))
    return pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "competency", "item", "rating"])


# The analyst's sheet.  Ratee A: self, 1 supervisor, 3 peers, 2 subordinates (under threshold 3).
SHEET = {
    "A": [
        ("A", "self", [4, 5, 3, 4]),
        ("S", "supervisor", [4, 4, 5, nan]),
        ("P1", "peer", [3, 4, 4, 4]),
        ("P2", "peer", [5, nan, 2, 2]),
        ("P3", "peer", [2, nan, 4, 5]),
        ("B1", "subordinate", [1, 1, 1, 1]),
        ("B2", "subordinate", [2, 2, 2, nan]),
    ],
    # Ratee B: self and supervisor only
    "B": [
        ("B", "self", [3, 3, 3, 3]),
        ("S", "supervisor", [2, 3, 4, 5]),
    ],
}
# Hand computation, ratee A (rater means first, then mean over raters):
#   self        X = 9/2 = 4.5          Y = 7/2 = 3.5           overall = 16/4 = 4
#   supervisor  X = 8/2 = 4            Y = 5 (Y2 missing)      overall = 13/3
#   peers       P1: X 3.5, Y 4, all 15/4;  P2: X 5, Y 2, all 9/3 = 3;  P3: X 2, Y 4.5, all 11/3
#               X = (3.5+5+2)/3 = 3.5  Y = (4+2+4.5)/3 = 3.5   overall = (15/4+3+11/3)/3 = 125/36
#               (the pooled item mean would be 35/10 = 3.5 and the mean of competency means 3.5:
#                both differ from the rater-first 125/36 = 3.47222...)
#   subordinates B1: 1, 1, 1;  B2: X 2, Y 2, all 2  ->  X 1.5, Y 1.5, overall 1.5 (n = 2, hidden)
#   combined (0.5 sup + 0.3 peer) / 0.8, subordinates suppressed:
#       X = (2 + 1.05)/0.8 = 3.8125;  Y = (2.5 + 1.05)/0.8 = 4.4375
#       overall = (0.5*13/3 + 0.3*125/36)/0.8 = (13/6 + 25/24)/0.8 = (77/24)/0.8 = 385/96
#   others (supervisor + 3 peers pooled, n = 4): X = (4 + 3*3.5)/4 = 3.625; Y = (5 + 10.5)/4 = 3.875;
#       overall = (13/3 + 3*125/36)/4 = (52/12 + 125/12)/4 = 177/48
# Ratee B: supervisor X = 2.5, Y = 4.5, overall 3.5 = combined; others n = 1 < 4 -> hidden.
TOL = 1e-12


@pytest.fixture
def sheet():
    return make_frame(SHEET)


def test_group_means_hand_computed(sheet):
    gm = group_means(sheet).set_index(["ratee", "relationship", "competency"])
    expected = {
        ("A", "self", "X"): (4.5, 1, 2), ("A", "self", "Y"): (3.5, 1, 2), ("A", "self", OVERALL): (4.0, 1, 4),
        ("A", "supervisor", "X"): (4.0, 1, 2), ("A", "supervisor", "Y"): (5.0, 1, 1),
        ("A", "supervisor", OVERALL): (13 / 3, 1, 3),
        ("A", "peer", "X"): (3.5, 3, 4), ("A", "peer", "Y"): (3.5, 3, 6), ("A", "peer", OVERALL): (125 / 36, 3, 10),
        ("A", "subordinate", "X"): (1.5, 2, 4), ("A", "subordinate", "Y"): (1.5, 2, 3),
        ("A", "subordinate", OVERALL): (1.5, 2, 7),
        ("B", "self", "X"): (3.0, 1, 2), ("B", "self", "Y"): (3.0, 1, 2), ("B", "self", OVERALL): (3.0, 1, 4),
        ("B", "supervisor", "X"): (2.5, 1, 2), ("B", "supervisor", "Y"): (4.5, 1, 2),
        ("B", "supervisor", OVERALL): (3.5, 1, 4),
    }
    assert len(gm) == len(expected)
    for key, (mean, n, answers) in expected.items():
        row = gm.loc[key]
        assert row["mean"] == pytest.approx(mean, abs=TOL), key
        assert (row["n_raters"], row["n_answers"]) == (n, answers), key
    # order: ratee, RELATIONSHIPS order, instrument order with OVERALL last
    flat = group_means(sheet)
    assert flat["relationship"].astype(str).tolist()[:6] == ["self"] * 3 + ["supervisor"] * 3
    assert flat["competency"].astype(str).tolist()[:3] == ["X", "Y", OVERALL]


def test_combined_scores_hand_computed(sheet):
    cs = combined_scores(sheet).set_index(["ratee", "competency"])
    a_all, a_x, a_y = cs.loc[("A", OVERALL)], cs.loc[("A", "X")], cs.loc[("A", "Y")]
    assert a_all["combined"] == pytest.approx(385 / 96, abs=TOL)
    assert a_x["combined"] == pytest.approx(3.8125, abs=TOL)
    assert a_y["combined"] == pytest.approx(4.4375, abs=TOL)
    assert a_all["mean_supervisor"] == pytest.approx(13 / 3, abs=TOL)
    assert a_all["mean_peer"] == pytest.approx(125 / 36, abs=TOL)
    assert a_all["mean_self"] == pytest.approx(4.0, abs=TOL)
    assert np.isnan(a_all["mean_subordinate"]) and a_all["n_subordinate"] == 2
    assert a_all["mean_others"] == pytest.approx(177 / 48, abs=TOL) and a_all["n_others"] == 4
    assert a_x["mean_others"] == pytest.approx(3.625, abs=TOL)
    assert a_y["mean_others"] == pytest.approx(3.875, abs=TOL)
    assert (a_all["groups_used"], a_all["groups_suppressed"]) == ("supervisor, peer", "subordinate")
    assert a_all["note"] == "bawahan disembunyikan (kurang dari 3 penilai); bobot dinormalkan ulang tanpa bawahan"
    b = cs.loc[("B", OVERALL)]
    assert b["combined"] == pytest.approx(3.5, abs=TOL) and np.isnan(b["mean_others"]) and b["n_others"] == 1
    assert b["groups_used"] == "supervisor" and b["groups_suppressed"] == ""
    assert b["note"] == ("gabungan penilai lain disembunyikan (kurang dari 4 penilai); "
                         "bobot dinormalkan ulang tanpa rekan kerja, bawahan")
    assert cs.loc[("B", "Y"), "combined"] == pytest.approx(4.5, abs=TOL)


def test_three_groups_then_renormalised_when_one_is_missing():
    base = [("S", "supervisor", [4, 4, 4, 4])] + [(f"P{i}", "peer", [3, 3, 3, 3]) for i in range(3)]
    subs = [(f"B{i}", "subordinate", [5, 5, 5, 5]) for i in range(3)]
    full = combined_scores(make_frame({"A": base + subs})).set_index("competency")
    # 0.5*4 + 0.3*3 + 0.2*5 = 2 + 0.9 + 1 = 3.9
    assert full.loc[OVERALL, "combined"] == pytest.approx(3.9, abs=TOL)
    assert full.loc[OVERALL, "note"] == "" and full.loc[OVERALL, "groups_used"] == "supervisor, peer, subordinate"
    # others: (4 + 3*3 + 3*5) / 7 = 28/7 = 4
    assert full.loc[OVERALL, "mean_others"] == pytest.approx(4.0, abs=TOL)
    missing = combined_scores(make_frame({"A": base})).set_index("competency")
    # (0.5*4 + 0.3*3) / 0.8 = 2.9/0.8 = 3.625
    assert missing.loc[OVERALL, "combined"] == pytest.approx(3.625, abs=TOL)
    assert missing.loc[OVERALL, "note"] == "bobot dinormalkan ulang tanpa bawahan"
    no_sup = combined_scores(make_frame({"A": base[1:] + subs})).set_index("competency")
    # (0.3*3 + 0.2*5) / 0.5 = 1.9/0.5 = 3.8
    assert no_sup.loc[OVERALL, "combined"] == pytest.approx(3.8, abs=TOL)


def test_custom_weights_and_self_weight():
    spec = {"A": [("A", "self", [5, 5, 5, 5]), ("S", "supervisor", [2, 2, 2, 2])]
            + [(f"P{i}", "peer", [4, 4, 4, 4]) for i in range(3)]}
    df = make_frame(spec)
    eq = combined_scores(df, ScoringConfig(weights={"supervisor": 1, "peer": 1})).set_index("competency")
    assert eq.loc[OVERALL, "combined"] == pytest.approx(3.0, abs=TOL)  # (2 + 4)/2
    with_self = ScoringConfig(weights={"self": 1, "supervisor": 1, "peer": 2})
    ws = combined_scores(df, with_self).set_index("competency")
    assert ws.loc[OVERALL, "combined"] == pytest.approx((5 + 2 + 8) / 4, abs=TOL)  # 3.75
    assert ws.loc[OVERALL, "groups_used"] == "self, supervisor, peer"
    assert ws.loc[OVERALL, "mean_others"] == pytest.approx((2 + 12) / 4, abs=TOL)  # self never in others


def test_threshold_is_configurable(sheet):
    low = combined_scores(sheet, ScoringConfig(thresholds={"subordinate": 2})).set_index(["ratee", "competency"])
    row = low.loc[("A", OVERALL)]
    assert row["mean_subordinate"] == pytest.approx(1.5, abs=TOL)
    # (0.5*13/3 + 0.3*125/36 + 0.2*1.5) / 1 = 13/6 + 25/24 + 0.3 = 77/24 + 0.3
    assert row["combined"] == pytest.approx(77 / 24 + 0.3, abs=TOL)
    high = combined_scores(sheet, ScoringConfig(thresholds={"peer": 4})).set_index(["ratee", "competency"])
    assert high.loc[("A", OVERALL), "combined"] == pytest.approx(13 / 3, abs=TOL)
    assert high.loc[("A", OVERALL), "groups_suppressed"] == "peer, subordinate"


def test_competency_cell_under_threshold_is_suppressed():
    # three peers overall, but only two answered competency X
    spec = {"A": [("S", "supervisor", [4, 4, 4, 4]), ("P1", "peer", [2, 2, 3, 3]),
                  ("P2", "peer", [2, 2, 3, 3]), ("P3", "peer", [nan, nan, 5, 5])]}
    cs = combined_scores(make_frame(spec)).set_index("competency")
    assert np.isnan(cs.loc["X", "mean_peer"]) and cs.loc["X", "n_peer"] == 2
    assert cs.loc["X", "combined"] == pytest.approx(4.0, abs=TOL)  # supervisor alone
    assert cs.loc["X", "groups_suppressed"] == "peer"
    assert cs.loc["Y", "mean_peer"] == pytest.approx(11 / 3, abs=TOL)
    assert cs.loc[OVERALL, "mean_peer"] == pytest.approx((2.5 + 2.5 + 5) / 3, abs=TOL)


def test_no_weighted_group_displayable():
    spec = {"A": [("A", "self", [4, 4, 4, 4]), ("P1", "peer", [3, 3, 3, 3])]}
    cs = combined_scores(make_frame(spec)).set_index("competency")
    assert np.isnan(cs.loc[OVERALL, "combined"]) and cs.loc[OVERALL, "mean_self"] == 4
    assert "skor gabungan tidak dapat dihitung" in cs.loc[OVERALL, "note"]
    table = score_cycle(make_frame(spec))
    assert pd.isna(table.loc["A", "rating_perilaku"])


def test_differencing_cannot_recover_a_suppressed_group(sheet):
    """Subtracting displayed figures leaves nothing of the hidden subordinates."""
    cs = combined_scores(sheet).set_index(["ratee", "competency"])
    row = cs.loc[("A", OVERALL)]
    # others is the pool of exactly the displayed groups: n_others * others - n_sup * sup - n_peer * peer = 0
    residual = (row["n_others"] * row["mean_others"] - row["n_supervisor"] * row["mean_supervisor"]
                - row["n_peer"] * row["mean_peer"])
    assert abs(residual) < 1e-12 and row["n_others"] == row["n_supervisor"] + row["n_peer"]
    # the combined score is the weighted mean of the displayed groups only
    assert row["combined"] == pytest.approx((0.5 * row["mean_supervisor"] + 0.3 * row["mean_peer"]) / 0.8, abs=TOL)
    # and no displayed number moves when the hidden answers change
    other = sheet.copy()
    hidden = other["relationship"] == "subordinate"
    other.loc[hidden, "rating"] = 5.0
    _assert_same_display(combined_scores(sheet), combined_scores(other))


DISPLAY_NUMBERS = ["combined", "mean_supervisor", "mean_peer", "mean_subordinate", "mean_self", "mean_others",
                   "n_others"]


def _assert_same_display(a, b):
    def canon(t):
        t = t[["ratee", "competency"] + DISPLAY_NUMBERS].astype({"ratee": str, "competency": str})
        return t.sort_values(["ratee", "competency"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(canon(a), canon(b), check_exact=False, rtol=0, atol=1e-12)


# --- properties ---------------------------------------------------------------------------------

answers = st.one_of(st.just(nan), st.integers(1, 5).map(float))


@st.composite
def designs(draw):
    """One or two ratees, each with optional self/supervisor and 0-5 peers and subordinates."""
    spec = {}
    for ratee in draw(st.sampled_from([["A"], ["A", "B"]])):
        raters = []
        if draw(st.booleans()):
            raters.append((ratee, "self", draw(st.lists(answers, min_size=4, max_size=4))))
        if draw(st.booleans()):
            raters.append((f"{ratee}-S", "supervisor", draw(st.lists(answers, min_size=4, max_size=4))))
        for rel, tag in (("peer", "P"), ("subordinate", "B")):
            for i in range(draw(st.integers(0, 5))):
                raters.append((f"{ratee}-{tag}{i}", rel, draw(st.lists(answers, min_size=4, max_size=4))))
        if not raters:
            raters.append((f"{ratee}-P0", "peer", [3.0, 3.0, 3.0, 3.0]))
        spec[ratee] = raters
    return make_frame(spec)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(designs(), st.data())
def test_hidden_answers_never_reach_a_displayed_figure(df, data):
    """Changing every answer of a group under its threshold changes no displayed number."""
    config = ScoringConfig()
    gm = group_means(df)
    ov = gm[gm["competency"].astype(str) == OVERALL]
    hidden = ov[ov["n_raters"] < ov["relationship"].astype(str).map(config.thresholds)]
    groups = set(zip(hidden["ratee"].astype(str), hidden["relationship"].astype(str)))
    # answered cells of hidden groups get new answers (the missing pattern, hence every n, is kept)
    target = np.array([(r, g) in groups for r, g in zip(df["ratee"], df["relationship"])]) & df["rating"].notna()
    new = data.draw(st.lists(st.integers(1, 5), min_size=len(df), max_size=len(df)))
    changed = df.copy()
    changed.loc[target, "rating"] = np.array(new, dtype=float)[target]
    _assert_same_display(combined_scores(df, config), combined_scores(changed, config))
    pd.testing.assert_frame_equal(score_cycle(df, config).drop(columns=["n_subordinate", "n_peer"]),
                                  score_cycle(changed, config).drop(columns=["n_subordinate", "n_peer"]),
                                  check_exact=False, rtol=0, atol=1e-12)


@SETTINGS
@given(designs())
def test_suppressed_groups_equal_removed_groups(df):
    """Displayed figures equal those computed after deleting the raters of hidden groups."""
    config = ScoringConfig()
    gm = group_means(df)
    ov = gm[gm["competency"].astype(str) == OVERALL]
    hidden = ov[ov["n_raters"] < ov["relationship"].astype(str).map(config.thresholds)]
    drop = set(zip(hidden["ratee"].astype(str), hidden["relationship"].astype(str)))
    keep = [(r, g) not in drop for r, g in zip(df["ratee"], df["relationship"])]
    reduced = df[keep]
    if reduced.empty or set(reduced["ratee"]) != set(df["ratee"]):
        return
    a = combined_scores(df, config)
    b = combined_scores(reduced, config)
    # cells hidden only at competency level stay hidden in both; whole groups hidden vanish from b
    _assert_same_display(a, b)


@SETTINGS
@given(designs(), st.floats(0.01, 100), st.integers(0, 10_000))
def test_invariances(df, factor, seed):
    config = ScoringConfig()
    base = combined_scores(df, config)
    # weights matter only up to a common factor
    scaled = ScoringConfig(weights={g: w * factor for g, w in config.weights.items()})
    pd.testing.assert_series_equal(base["combined"], combined_scores(df, scaled)["combined"], rtol=1e-12, atol=1e-12)
    # row order and rater names do not matter
    rng = np.random.default_rng(seed)
    shuffled = df.sample(frac=1, random_state=seed).reset_index(drop=True)
    names = {r: f"R{rng.integers(1e9)}-{i}" for i, r in enumerate(pd.unique(df["rater"]))}
    shuffled["rater"] = shuffled["rater"].map(names)
    _assert_same_display(base, combined_scores(shuffled, config))
    # categorical input gives the same table as text input
    cat = df.astype({c: "category" for c in ("ratee", "rater", "relationship", "competency", "item")})
    _assert_same_display(base, combined_scores(cat, config))
    # a shift of every answer shifts every mean by the same amount
    shifted = combined_scores(df.assign(rating=df["rating"] + 0.5), config)
    for col in ["combined", "mean_supervisor", "mean_peer", "mean_subordinate", "mean_self", "mean_others"]:
        np.testing.assert_allclose(shifted[col], base[col] + 0.5, rtol=0, atol=1e-12)
    # the combined score lies between the displayed weighted group means
    means = base[["mean_supervisor", "mean_peer", "mean_subordinate"]]
    ok = base["combined"].notna()
    assert (base.loc[ok, "combined"] >= means[ok].min(axis=1) - 1e-12).all()
    assert (base.loc[ok, "combined"] <= means[ok].max(axis=1) + 1e-12).all()


@SETTINGS
@given(designs())
def test_each_rater_weighs_equally(df):
    """A group mean is the plain mean of its raters' own means (rater first, then group)."""
    gm = group_means(df)
    ov = gm[gm["competency"].astype(str) == OVERALL].set_index(["ratee", "relationship"])
    per_rater = df.groupby(["ratee", "relationship", "rater"])["rating"].mean()
    expected = per_rater.groupby(level=["ratee", "relationship"]).agg(["mean", "count"])
    for (ratee, rel), row in ov.iterrows():
        e = expected.loc[(ratee, rel)]
        assert row["n_raters"] == e["count"]
        if e["count"]:
            assert row["mean"] == pytest.approx(e["mean"], abs=1e-12)
        else:
            assert np.isnan(row["mean"])


def test_group_means_match_plain_pandas_on_simulated_cycle():
    sim = simulate_ratings(synthetic_assignments(400, seed=5), berakhlak(), seed=6, missing_rate=0.2)
    df = sim.ratings
    ours = group_means(df).set_index(["ratee", "relationship", "competency"])
    keys = ["ratee", "relationship", "competency"]
    ref = (df.groupby(keys + ["rater"], observed=True)["rating"].mean()
           .groupby(level=keys, observed=True).agg(["mean", "count"]))
    ref_all = (df.groupby(["ratee", "relationship", "rater"], observed=True)["rating"].mean()
               .groupby(level=["ratee", "relationship"], observed=True).agg(["mean", "count"]))
    sub = ours[ours.index.get_level_values("competency") != OVERALL]
    assert len(sub) == len(ref)
    for (r, g, c), row in sub.sample(300, random_state=1).iterrows():
        e = ref.loc[(r, g, c)]
        assert row["n_raters"] == e["count"] and row["mean"] == pytest.approx(e["mean"], abs=1e-12, nan_ok=True)
    ov = ours[ours.index.get_level_values("competency") == OVERALL].droplevel("competency")
    np.testing.assert_allclose(ov["mean"].to_numpy(), ref_all["mean"].reindex(ov.index).to_numpy(), atol=1e-12)
    np.testing.assert_array_equal(ov["n_raters"].to_numpy(), ref_all["count"].reindex(ov.index).to_numpy())


# --- score_cycle -------------------------------------------------------------------------------

def test_score_cycle_table(sheet):
    hk = pd.Series({"A": "di atas ekspektasi", "B": "Dibawah"})
    table = score_cycle(sheet, hasil_kerja=hk)
    assert list(table.index) == ["A", "B"] and table.index.name == "ratee"
    a, b = table.loc["A"], table.loc["B"]
    assert a["combined"] == pytest.approx(385 / 96, abs=TOL)  # 4.0104...
    assert a["combined_X"] == pytest.approx(3.8125, abs=TOL) and a["combined_Y"] == pytest.approx(4.4375, abs=TOL)
    assert a["mean_peer"] == pytest.approx(125 / 36, abs=TOL) and a["n_peer"] == 3
    assert a["mean_others"] == pytest.approx(177 / 48, abs=TOL)
    assert a["rating_perilaku"] == "Sesuai Ekspektasi"  # 3.0 <= 4.0104 < 4.25
    assert a["rating_hasil_kerja"] == "Diatas Ekspektasi" and a["predikat"] == "Baik"
    assert b["rating_perilaku"] == "Sesuai Ekspektasi"  # 3.5
    assert b["predikat"] == "Butuh Perbaikan"  # Dibawah x Sesuai
    assert a["groups_suppressed"] == "subordinate"
    strict = score_cycle(sheet, ScoringConfig(perilaku_cuts=(3.6, 4.0)), hasil_kerja=hk)
    assert strict.loc["A", "rating_perilaku"] == "Diatas Ekspektasi" and strict.loc["A", "predikat"] == "Sangat Baik"
    assert strict.loc["B", "rating_perilaku"] == "Dibawah Ekspektasi" and strict.loc["B", "predikat"] == "Sangat Kurang"
    assert "predikat" not in score_cycle(sheet).columns


def test_score_cycle_hasil_kerja_edge_cases(sheet):
    table = score_cycle(sheet, hasil_kerja=pd.Series({"A": "Sesuai", "Z": "Diatas"}))
    assert table.loc["A", "predikat"] == "Baik" and pd.isna(table.loc["B", "predikat"])
    with pytest.raises(ValueError, match="'Istimewa'"):
        score_cycle(sheet, hasil_kerja=pd.Series({"A": "Istimewa"}))
    with pytest.raises(ValueError, match="lebih dari sekali"):
        score_cycle(sheet, hasil_kerja=pd.Series(["Sesuai", "Diatas"], index=["A", "A"]))
    with pytest.raises(ValueError, match="Series"):
        score_cycle(sheet, hasil_kerja={"A": "Sesuai"})


# --- validation ---------------------------------------------------------------------------------

def test_config_defaults():
    c = ScoringConfig()
    assert c.weights == {"self": 0.0, "supervisor": 0.5, "peer": 0.3, "subordinate": 0.2}
    assert c.thresholds == {"self": 1, "supervisor": 1, "peer": 3, "subordinate": 3}
    assert (c.comment_threshold, c.min_others, c.perilaku_cuts) == (4, 4, (3.0, 4.25))
    assert not c.comments_displayable(3) and c.comments_displayable(4)
    partial = ScoringConfig(weights={"peer": 1}, thresholds={"peer": 5})
    assert partial.weights["supervisor"] == 0 and partial.thresholds == {**c.thresholds, "peer": 5}


@pytest.mark.parametrize("kwargs, message", [
    ({"weights": {"peer": -0.1}}, "'peer'"),
    ({"weights": {"supervisor": 0, "peer": 0}}, "paling sedikit satu"),
    ({"weights": {"peer": float("nan")}}, "'peer'"),
    ({"weights": {"peer": "0.3"}}, "'peer'"),
    ({"weights": {"boss": 1}}, "'boss'"),
    ({"weights": [0.5, 0.5]}, "weights"),
    ({"thresholds": {"peer": 0}}, "'peer'"),
    ({"thresholds": {"peer": 2.5}}, "'peer'"),
    ({"thresholds": {"peer": True}}, "'peer'"),
    ({"min_others": 0}, "min_others"),
    ({"comment_threshold": "4"}, "comment_threshold"),
    ({"perilaku_cuts": (4, 3)}, "cuts"),
])
def test_config_rejects_bad_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ScoringConfig(**kwargs)


def test_bad_frames(sheet):
    with pytest.raises(ValueError, match="rating"):
        group_means(sheet.drop(columns="rating"))
    clash = sheet.copy()
    clash.loc[(clash["rater"] == "P1") & (clash["item"] == "Y2"), "relationship"] = "subordinate"
    with pytest.raises(ValueError, match="penilai P1 menilai A dengan lebih dari satu hubungan"):
        combined_scores(clash)
    reserved = sheet.assign(competency=sheet["competency"].replace({"X": OVERALL}))
    with pytest.raises(ValueError, match="dicadangkan"):
        group_means(reserved)
    with pytest.raises(ValueError, match="kosong"):
        score_cycle(sheet.iloc[:0])
    with pytest.raises(ValueError, match="ScoringConfig"):
        combined_scores(sheet, {"peer": 1})


def test_docstring_examples():
    result = doctest.testmod(scoring)
    assert result.attempted >= 5 and result.failed == 0
