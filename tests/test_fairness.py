"""Tests for kinerja_survey.analysis.fairness.

Reference values and their sources are cited next to each test.  Exact-arithmetic cases are
hand-computed; the many-facet model is checked against an independent dense least-squares fit
(numpy.linalg.lstsq on the dummy-coded design) and against the known generating model of
``demo.simulate_ratings``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import scipy.stats as st

from kinerja_survey.analysis import fairness as F
from kinerja_survey.demo import simulate_ratings, synthetic_assignments

COLS = ["ratee", "rater", "relationship", "competency", "item", "rating"]


def frame(rows):
    return pd.DataFrame(rows, columns=COLS)


# ------------------------------------------------------------------------------------------
# rater_effects
# ------------------------------------------------------------------------------------------
MU, A, B, C_ = 3.0, {"J1": 0.6, "J2": 0.0, "J3": -0.6}, {"R1": 0.3, "R2": -0.1, "R3": -0.2}, {"I1": 0.1, "I2": -0.1}


def noise_free(drop=()):
    rows = [(j, r, "peer", "K", i, MU + a + b + c)
            for j, a in A.items() for r, b in B.items() for i, c in C_.items() if (j, r, i) not in drop]
    return frame(rows)


def test_rater_effects_exact_recovery_noise_free_unbalanced():
    # Hand-checkable: rating = 3 + a_j + b_r + c_i with sum-to-zero effects, some answers missing
    # (unbalanced).  A least-squares fit must return the generating effects exactly.
    df = noise_free(drop={("J1", "R1", "I2"), ("J2", "R3", "I1"), ("J3", "R2", "I1"), ("J3", "R2", "I2")})
    fit = F.rater_effects(df, tol=1e-14)
    sev = fit.raters.set_index("rater")["severity"]
    for r, b in B.items():
        assert sev[r] == pytest.approx(-b, abs=1e-10)
    fair = fit.ratees.set_index("ratee")["fair_score"]
    for j, a in A.items():
        assert fair[j] == pytest.approx(MU + a, abs=1e-10)
    easy = fit.items.set_index("item")["easiness"]
    for i, c in C_.items():
        assert easy[i] == pytest.approx(c, abs=1e-10)
    assert fit.grand_mean == pytest.approx(MU, abs=1e-10)
    assert fit.sigma == pytest.approx(0.0, abs=1e-9)
    assert fit.n_components == 1
    # raw means are biased by who rated whom: J3 lost its answers from lenient-ish R2 (b=-0.1)
    raw = fit.ratees.set_index("ratee")["raw_mean"]
    assert raw["J3"] == pytest.approx(MU - 0.6 + (0.3 - 0.2) / 2, abs=1e-12)
    assert fit.ratees.set_index("ratee").loc["J3", "n_raters"] == 2


def _random_design(seed=3, n_ratee=12, n_rater=10, n_item=4):
    rng = np.random.default_rng(seed)
    rows = []
    for j in range(n_ratee):
        for r in rng.choice(n_rater, size=rng.integers(3, 6), replace=False):
            for i in range(n_item):
                if rng.random() < 0.9:
                    rows.append((f"J{j:02d}", f"R{r:02d}", "peer", "K", f"I{i}", float(rng.integers(1, 6))))
    return frame(rows)


def test_rater_effects_matches_numpy_lstsq_dummy_coding():
    # Independent reference: dense least squares on the full dummy-coded design
    # [ratee | rater | item] (rank deficient; numpy.linalg.lstsq returns the minimum-norm
    # solution).  Estimable functions agree whatever the constraint, so the reference is mapped to
    # our constraints: rater and item effects centred, the ratee effects absorbing the shifts.
    df = _random_design()
    fit = F.rater_effects(df, tol=1e-13)
    j, ratees = pd.factorize(df.ratee, sort=True)
    k, raters = pd.factorize(df.rater, sort=True)
    i, items = pd.factorize(df["item"], sort=True)
    J, R, I, N = len(ratees), len(raters), len(items), len(df)
    X = np.zeros((N, J + R + I))
    X[np.arange(N), j] = 1
    X[np.arange(N), J + k] = 1
    X[np.arange(N), J + R + i] = 1
    sol, *_ = np.linalg.lstsq(X, df.rating.to_numpy(), rcond=None)
    a, b, c = sol[:J], sol[J:J + R], sol[J + R:]
    fair_ref = a + b.mean() + c.mean()
    np.testing.assert_allclose(fit.ratees["fair_score"], fair_ref, atol=1e-8)
    np.testing.assert_allclose(fit.raters["severity"], -(b - b.mean()), atol=1e-8)
    np.testing.assert_allclose(fit.items["easiness"], c - c.mean(), atol=1e-8)
    resid = df.rating.to_numpy() - X @ sol
    rank = np.linalg.matrix_rank(X)
    assert fit.df_resid == N - rank
    assert fit.sigma == pytest.approx(np.sqrt(resid @ resid / (N - rank)), rel=1e-9)


def test_rater_effects_matches_statsmodels_ols():
    # Cross-check with statsmodels OLS, treatment coding: C(ratee)[T.x] = a_x - a_first.
    smf = pytest.importorskip("statsmodels.formula.api")
    df = _random_design(seed=5)
    fit = F.rater_effects(df, tol=1e-13)
    res = smf.ols("rating ~ C(ratee) + C(rater) + C(item)", data=df).fit()
    fair = fit.ratees.set_index("ratee")["fair_score"]
    for x in fair.index[1:]:
        assert fair[x] - fair.iloc[0] == pytest.approx(res.params[f"C(ratee)[T.{x}]"], abs=1e-8)
    sev = fit.raters.set_index("rater")["severity"]
    for x in sev.index[1:]:
        assert -(sev[x] - sev.iloc[0]) == pytest.approx(res.params[f"C(rater)[T.{x}]"], abs=1e-8)
    assert fit.sigma**2 == pytest.approx(res.scale, rel=1e-9)


def test_rater_effects_standard_errors_balanced_by_hand():
    # Complete crossed design: every one of R raters rates every one of J ratees, so
    # info_r = J - J/R and info_j = R - R/J; form residual SD from df = J*R - (J + R - 1).
    rng = np.random.default_rng(0)
    J, R = 6, 4
    rows = [(f"J{j}", f"R{r}", "peer", "K", f"I{i}", float(rng.integers(1, 6)))
            for j in range(J) for r in range(R) for i in range(3)]
    df = frame(rows)
    fit = F.rater_effects(df, tol=1e-13)
    assert fit.df_form == J * R - (J + R - 1)
    np.testing.assert_allclose(fit.raters["se"], fit.sigma_form / np.sqrt(J - J / R), rtol=1e-12)
    np.testing.assert_allclose(fit.ratees["se"], fit.sigma_form / np.sqrt(R - R / J), rtol=1e-12)
    # form residuals by hand: form mean minus (fair + rater effect + mean item effect of the form)
    form_mean = df.groupby(["ratee", "rater"]).rating.mean()
    fair = fit.ratees.set_index("ratee")["fair_score"]
    lenient = -fit.raters.set_index("rater")["severity"]
    e = np.array([m - fair[jj] - lenient[rr] for (jj, rr), m in form_mean.items()])
    assert fit.sigma_form == pytest.approx(np.sqrt(e @ e / fit.df_form), rel=1e-9)
    z = fit.raters["severity"] / fit.raters["se"]
    np.testing.assert_allclose(fit.raters["z"], z)
    assert (fit.raters["flag"] == (z.abs() > 2)).all()


@pytest.fixture(scope="module")
def sim2k():
    # ~2,000 ratees x ~8 other raters x 21 items (~330,000 answers), known leniency.
    return simulate_ratings(synthetic_assignments(2000, seed=11), seed=12, leniency_sd=0.4)


def test_rater_effects_recovers_simulated_leniency(sim2k):
    fit = F.rater_effects(sim2k.ratings)
    sev = fit.raters.set_index("rater")["severity"]
    truth = -sim2k.leniency.reindex(sev.index)
    assert np.corrcoef(sev, truth)[0, 1] > 0.9
    rt = fit.ratees.set_index("ratee")
    true = sim2k.true_score.reindex(rt.index)
    r_fair = np.corrcoef(rt["fair_score"], true)[0, 1]
    r_raw = np.corrcoef(rt["raw_mean"], true)[0, 1]
    assert r_fair > r_raw + 0.02
    # standard errors are calibrated: standardised errors have SD near 1
    zerr = (sev - (truth - truth.mean())) / fit.raters.set_index("rater")["se"]
    assert 0.8 < zerr.std() < 1.3
    assert len(fit.ratees) == 2000 and fit.n_components == 1


def test_rater_effects_both_preconditioners_give_the_same_solution(sim2k):
    # the synthetic design is chain-like: Jacobi alone needs many iterations, ILU a few dozen
    jac = F.rater_effects(sim2k.ratings, jacobi_budget=100_000, tol=1e-12)
    ilu = F.rater_effects(sim2k.ratings, jacobi_budget=1, tol=1e-12)
    assert jac.preconditioner == "jacobi" and ilu.preconditioner == "ilu"
    assert ilu.iterations < jac.iterations
    np.testing.assert_allclose(ilu.raters["severity"], jac.raters["severity"], atol=1e-7)
    np.testing.assert_allclose(ilu.ratees["fair_score"], jac.ratees["fair_score"], atol=1e-7)
    # and the ILU path also reproduces the dense least-squares reference on a small design
    df = _random_design(seed=8)
    a, b = F.rater_effects(df, jacobi_budget=1, tol=1e-13), F.rater_effects(df, tol=1e-13)
    np.testing.assert_allclose(a.ratees["fair_score"], b.ratees["fair_score"], atol=1e-9)


def test_rater_effects_ignores_self_ratings_by_default():
    df = noise_free()
    selfs = frame([(j, j, "self", "K", i, 5.0) for j in A for i in C_])
    a = F.rater_effects(df)
    b = F.rater_effects(pd.concat([df, selfs], ignore_index=True))
    pd.testing.assert_frame_equal(a.ratees, b.ratees)
    with_self = F.rater_effects(pd.concat([df, selfs], ignore_index=True), relationships=["self", "peer"])
    assert len(with_self.raters) == len(a.raters) + 3


def test_rater_effects_categorical_input_same_as_strings(sim2k):
    sub = sim2k.ratings[sim2k.ratings.ratee.isin(sim2k.ratings.ratee.cat.categories[:200])]
    a = F.rater_effects(sub)
    b = F.rater_effects(sub.astype({c: str for c in ("ratee", "rater", "relationship", "competency", "item")}))
    pd.testing.assert_frame_equal(a.raters, b.raters, check_exact=False, atol=1e-9)


def test_rater_effects_disconnected_design_warns_or_raises():
    df1 = noise_free()
    df2 = noise_free().assign(ratee=lambda d: "X" + d.ratee, rater=lambda d: "Y" + d.rater,
                              rating=lambda d: d.rating - 1.0)
    df = pd.concat([df1, df2], ignore_index=True)
    with pytest.raises(ValueError, match="tidak terhubung: 2 komponen"):
        F.rater_effects(df, disconnected="raise")
    with pytest.warns(UserWarning, match=r"komponen 1: 3 pegawai, mis. XJ1"):
        fit = F.rater_effects(df)
    assert fit.n_components == 2
    # rater effects are centred within each component; each component recovers its own truth
    sums = fit.raters.groupby("component")["severity"].sum()
    np.testing.assert_allclose(sums, 0, atol=1e-10)
    sev = fit.raters.set_index("rater")["severity"]
    assert sev["YR1"] == pytest.approx(-0.3, abs=1e-9)
    fair = fit.ratees.set_index("ratee")["fair_score"]
    assert fair["XJ1"] == pytest.approx(MU - 1 + 0.6, abs=1e-9)


def test_rater_effects_isolated_ratee_has_infinite_se():
    # a ratee whose only rater rates nobody else cannot be compared with anyone
    df = pd.concat([noise_free(), frame([("Z", "Q", "peer", "K", "I1", 4.0), ("Z", "Q", "peer", "K", "I2", 3.0)])])
    with pytest.warns(UserWarning):
        fit = F.rater_effects(df)
    assert np.isinf(fit.ratees.set_index("ratee").loc["Z", "se"])
    assert np.isinf(fit.raters.set_index("rater").loc["Q", "se"])


def test_rater_effects_rejects_bad_arguments():
    df = noise_free()
    with pytest.raises(ValueError, match="disconnected"):
        F.rater_effects(df, disconnected="ignore")
    with pytest.raises(ValueError, match="tidak ada jawaban dari hubungan supervisor"):
        F.rater_effects(df, relationships=["supervisor"])
    with pytest.raises(ValueError, match="hubungan tidak dikenal"):
        F.rater_effects(df, relationships=["boss"])
    with pytest.raises(ValueError, match="tidak memuat kolom|lacks column"):
        F.rater_effects(df.drop(columns="item"))


# ------------------------------------------------------------------------------------------
# response styles
# ------------------------------------------------------------------------------------------
def test_halo_hand_computed():
    # Rater A: ratee X competency means (4, 4) -> sd 0; ratee Y (3, 5) -> sd sqrt(2); mean 0.70711.
    # Rater B: ratee X (2, 5) -> sd 3/sqrt(2) = 2.12132; ratee Y (4, 2) -> sqrt(2); mean 1.76777.
    rows = []
    for rater, ratee, (m1, m2) in [("A", "X", (4, 4)), ("A", "Y", (3, 5)), ("B", "X", (2, 5)), ("B", "Y", (4, 2))]:
        rows += [(ratee, rater, "peer", "K1", "K1a", m1), (ratee, rater, "peer", "K1", "K1b", m1),
                 (ratee, rater, "peer", "K2", "K2a", m2 - 1), (ratee, rater, "peer", "K2", "K2b", m2 + 1)]
    out = F.halo(frame(rows)).set_index("rater")
    assert out.loc["A", "competency_sd"] == pytest.approx(np.sqrt(2) / 2, abs=1e-12)
    assert out.loc["B", "competency_sd"] == pytest.approx((3 / np.sqrt(2) + np.sqrt(2)) / 2, abs=1e-12)
    assert out.loc["A", "n_forms"] == 2
    # median = 1.23744; A is not below half of it, nothing flagged
    assert not out["flag"].any()
    # only two competencies and 4 forms: r of (4,3,2,4) with (4,5,5,2)
    r = np.corrcoef([4, 3, 2, 4], [4, 5, 5, 2])[0, 1]
    assert F.halo(frame(rows)).attrs["mean_intercompetency_r"] == pytest.approx(r, abs=1e-12)
    assert F.mean_intercompetency_r(frame(rows)) == pytest.approx(r, abs=1e-12)


def test_halo_flags_raters_who_do_not_differentiate(sim2k):
    df = sim2k.ratings[sim2k.ratings.ratee.isin(sim2k.ratings.ratee.cat.categories[:300])].copy()
    # make one rater give the same score to every competency of every ratee
    victim = df.loc[df.relationship == "peer", "rater"].iloc[0]
    df.loc[df.rater == victim, "rating"] = 4.0
    out = F.halo(df).set_index("rater")
    assert out.loc[victim, "competency_sd"] == 0
    assert out.loc[victim, "flag"]
    assert out["flag"].mean() < 0.2


def test_central_tendency_hand_computed():
    vals_a = [3, 3, 3, 4, 2, 3]  # 4 of 6 at the midpoint, sd of the answers
    vals_b = [1, 5, 5, 1, 3, 4]
    rows = [("X", "A", "peer", "K", f"I{n}", v) for n, v in enumerate(vals_a)]
    rows += [("X", "B", "peer", "K", f"I{n}", v) for n, v in enumerate(vals_b)]
    out = F.central_tendency(frame(rows)).set_index("rater")
    assert out.loc["A", "share_midpoint"] == pytest.approx(4 / 6)
    assert out.loc["A", "sd"] == pytest.approx(np.std(vals_a, ddof=1), abs=1e-12)
    assert out.loc["B", "share_extreme"] == pytest.approx(4 / 6)
    assert bool(out.loc["A", "flag"]) and not bool(out.loc["B", "flag"])
    # on a 1-4 scale the midpoint 2.5 is not a scale point
    rows4 = [("X", "A", "peer", "K", f"I{n}", v) for n, v in enumerate([1, 2, 3, 4])]
    assert np.isnan(F.central_tendency(frame(rows4), scale=(1, 4))["share_midpoint"].iloc[0])
    with pytest.raises(ValueError, match="rating 4 di luar skala 1-3"):
        F.central_tendency(frame(rows4), scale=(1, 3))
    with pytest.raises(ValueError, match="scale"):
        F.central_tendency(frame(rows4), scale=(5, 1))


def _wide_to_frame(matrix, prefix="P"):
    rows = []
    for p, row in enumerate(matrix):
        for n, v in enumerate(row):
            rows.append((f"{prefix}{p}", "R", "peer", "K", f"I{n:02d}", v))
    return frame(rows)


def test_longstring_matches_careless_documentation_example():
    # careless::longstring documentation example (Yentes & Wilhelm, careless 1.2.2):
    # d <- matrix(rep(1:10,10), 10, 10, byrow=T); for(i in 1:10) d[i, 1:i] <- i
    # row i has a longest string of identical answers of length i (row 1: 1; row 10: 10).
    d = np.tile(np.arange(1, 11, dtype=float), (10, 1))
    for i in range(1, 11):
        d[i - 1, :i] = i
    out = F.careless_responses(_wide_to_frame(d)).set_index("ratee").sort_index()
    assert out["longstring"].tolist() == list(range(1, 11))
    assert out.loc["P9", "straight_line"] and not out.loc["P8", "straight_line"]
    # average run length (Meade & Craig 2012): row 3 (3,3,3,4,...,10) has 8 runs of 10 answers
    assert out.loc["P2", "longstring_avg"] == pytest.approx(10 / 8)


def test_irv_matches_curran_2016_example():
    # IRV = SD (ddof=1) of a person's answers (Dunn et al., 2018, p. 108); test data of
    # careless::irv's unit test, taken from Curran (2016): rows (3 x10), (1..5, 1..5), (1 x5, 5 x5)
    # IRV = 0, sqrt(20/9) = 1.4907120, sqrt(40/9) = 2.1081851.
    d = [[3] * 10, [1, 2, 3, 4, 5] * 2, [1] * 5 + [5] * 5]
    out = F.careless_responses(_wide_to_frame(d)).set_index("ratee").sort_index()
    np.testing.assert_allclose(out["irv"], [0.0, np.sqrt(20 / 9), np.sqrt(40 / 9)], atol=1e-12)
    assert out["straight_line"].tolist() == [True, False, False]
    assert out["longstring"].tolist() == [10, 1, 5]
    # default flag: straight line, or a run of at least half the items (5 of 10), or IRV == 0
    assert out["flag"].tolist() == [True, False, True]


def test_careless_skips_missing_and_uses_item_order():
    # answers in form order I00..I04 = 4, 4, NaN, 4, 2 -> run of three 4s across the gap
    df = _wide_to_frame([[4, 4, np.nan, 4, 2]])
    out = F.careless_responses(df)
    assert out.loc[0, "longstring"] == 3 and out.loc[0, "n_items"] == 4
    # with a different form order the run is broken
    out2 = F.careless_responses(df, item_order=["I00", "I04", "I01", "I02", "I03"])
    assert out2.loc[0, "longstring"] == 2
    with pytest.raises(ValueError, match="tidak ada dalam item_order"):
        F.careless_responses(df, item_order=["I00"])
    # a form with a single answer is never flagged (no response style to see)
    one = F.careless_responses(_wide_to_frame([[4, np.nan, np.nan, np.nan, np.nan]]))
    assert one.loc[0, "n_items"] == 1 and not one.loc[0, "flag"] and np.isnan(one.loc[0, "irv"])


# ------------------------------------------------------------------------------------------
# self-other agreement and blind spots
# ------------------------------------------------------------------------------------------
def soa_frame(spec):
    """spec: ratee -> (self mean, [(relationship, mean), ...]); two items per form with mean +- 0.5."""
    rows = []
    for ratee, (self_mean, others) in spec.items():
        forms = [("self", ratee, self_mean)] + [(rel, f"{ratee}-{n}", m) for n, (rel, m) in enumerate(others)]
        for rel, rater, m in forms:
            rows += [(ratee, rater, rel, "K", "I1", m - 0.5), (ratee, rater, rel, "K", "I2", m + 0.5)]
    return frame(rows)


def test_self_other_agreement_categories_hand_computed():
    peers4 = lambda m: [("peer", m)] * 4
    spec = {
        "A": (4.5, peers4(3.0)),  # d = 1.5
        "B": (3.0, peers4(3.5)),  # d = -0.5
        "C": (4.0, peers4(4.0)),  # d = 0
        "D": (3.0, peers4(3.0)),  # d = 0
        "E": (2.0, peers4(3.5)),  # d = -1.5
        "F": (4.0, [("peer", 4.0)] * 2 + [("supervisor", 3.0)]),  # 2 peers dropped: not categorised
        "G": (4.0, [("peer", 3.0)] * 3 + [("supervisor", 4.0)]),  # sup + 3 peers = 4 raters, d = 0.75
    }
    out = F.self_other_agreement(soa_frame(spec)).set_index("ratee")
    assert out.loc["G", "others"] == pytest.approx(3.25)
    assert out.loc["G", "groups"] == "supervisor+peer"
    d = np.array([1.5, -0.5, 0, 0, -1.5, 0.75])  # A B C D E G
    # sum d^2 = 5.3125, mean = 0.041667, var = (5.3125 - 6 * 0.041667^2) / 5 = 1.0604167, cut = 0.5 * 1.0297654
    cut = 0.5 * np.std(d, ddof=1)
    assert out["d"].dropna().to_numpy() == pytest.approx(d)
    # others for categorised ratees: 3, 3.5, 4, 3, 3.5, 3.25 -> median 3.375
    expected = {"A": "over_estimator", "B": "in_agreement_good", "C": "in_agreement_good",
                "D": "in_agreement_poor", "E": "under_estimator", "G": "over_estimator"}
    assert cut == pytest.approx(0.5148827, abs=1e-7)  # |d_B| = 0.5 is inside: in agreement, others 3.5 >= 3.375
    for k, v in expected.items():
        assert out.loc[k, "category"] == v
    assert out.loc["A", "kategori"] == "Menilai diri terlalu tinggi"
    assert pd.isna(out.loc["F", "category"])
    assert out.loc["F", "n_others"] == 1 and "< 4" in out.loc["F", "status"]
    # a configurable good/poor cut
    out2 = F.self_other_agreement(soa_frame(spec), good_cut=2.5).set_index("ratee")
    assert out2.loc["D", "category"] == "in_agreement_good"
    # a lower peer threshold lets F's two peers count (then 3 others: still under 4)
    out3 = F.self_other_agreement(soa_frame(spec), min_raters={"peer": 2, "others": 3}).set_index("ratee")
    assert out3.loc["F", "others"] == pytest.approx((4 + 4 + 3) / 3)
    with pytest.raises(ValueError, match="kunci tidak dikenal"):
        F.self_other_agreement(soa_frame(spec), min_raters={"peers": 2})


def test_blind_spots_hand_computed():
    # 4 items; 4 peers rate them (2, 3, 4, 5) on average; self rates (4, 3, 4, 3).
    # quantiles of others' item means: q25 = 2.75, q75 = 4.25.
    # I1: gap +2 and others 2 <= 2.75 -> blind spot; I4: gap -2 and 5 >= 4.25 -> hidden strength.
    rows = []
    others_mean = {"I1": 2, "I2": 3, "I3": 4, "I4": 5}
    self_vals = {"I1": 4, "I2": 3, "I3": 4, "I4": 3}
    for item, m in others_mean.items():
        for p, delta in enumerate([-1, 1, 0, 0]):
            v = min(max(m + delta, 1), 5) if m < 5 else 5
            rows.append(("X", f"P{p}", "peer", "K", item, float(v)))
        rows.append(("X", "X", "self", "K", item, float(self_vals[item])))
    df = frame(rows)
    allrows = F.blind_spots(df, all_items=True).set_index("item")
    assert allrows["others"].tolist() == [2, 3, 4, 5]
    out = F.blind_spots(df).set_index("item")
    assert out["type"].to_dict() == {"I1": "blind_spot", "I4": "hidden_strength"}
    assert out.loc["I1", "label"] == "Titik buta" and out.loc["I1", "gap"] == 2
    # with only 3 peers the others group is not displayable: nothing is reported
    assert F.blind_spots(df[df.rater != "P3"], all_items=True).empty


# ------------------------------------------------------------------------------------------
# group differences, adverse impact
# ------------------------------------------------------------------------------------------
def test_group_differences_welch_t_matches_pingouin_documented_example():
    # pingouin.ttest docstring, example 5 (Welch, unequal n): T = 1.996537, dof = 31.567592,
    # p = 0.054561, cohen_d = 0.673518 (pingouin 0.7.0; matches R t.test(var.equal = FALSE)).
    np.random.seed(123)
    x = np.random.normal(loc=7, size=20)
    np.random.seed(123)
    y = np.random.normal(loc=6.5, size=15)
    scores = pd.DataFrame({"g": ["a"] * 20 + ["b"] * 15, "v": np.r_[x, y]})
    out = F.group_differences(scores, "g", "v").iloc[0]
    assert out["test"] == "welch_t" and out["groups"] == "a vs b"
    assert out["statistic"] == pytest.approx(1.996537, abs=1e-6)
    assert out["dof1"] == pytest.approx(31.567592, abs=1e-6)
    assert out["p_unc"] == pytest.approx(0.054561, abs=1e-6)
    # Hedges g = d * (1 - 3 / (4 (n1 + n2) - 9)) with the documented d
    assert out["effect"] == pytest.approx(0.673518 * (1 - 3 / (4 * 35 - 9)), abs=1e-6)
    # Hedges & Olkin (1985, p. 86) interval, computed by hand
    g = out["effect"]
    se = np.sqrt(35 / (20 * 15) + g**2 / (2 * 35))
    tc = st.t.ppf(0.975, 33)
    assert out["ci_low"] == pytest.approx(g - tc * se, abs=1e-12)
    assert out["ci_high"] == pytest.approx(g + tc * se, abs=1e-12)
    # single test: corrected p equals the raw one
    assert out["p_corr"] == pytest.approx(out["p_unc"])


def test_group_differences_mann_whitney_matches_pingouin_documented_example():
    # pingouin.mwu docstring: U = 97, p = 0.0055604599321374135 (= scipy.stats.mannwhitneyu,
    # continuity correction, two-sided).
    np.random.seed(123)
    x = np.random.uniform(low=0, high=1, size=20)
    y = np.random.uniform(low=0.2, high=1.2, size=20)
    scores = pd.DataFrame({"g": ["a"] * 20 + ["b"] * 20, "v": np.r_[x, y]})
    out = F.group_differences(scores, "g", "v", parametric=False).iloc[0]
    assert out["test"] == "mann_whitney"
    assert out["statistic"] == 97.0
    assert out["p_unc"] == pytest.approx(0.0055604599321374135, abs=1e-12)


def test_group_differences_welch_anova_and_kruskal_match_published_values():
    # pingouin "anova" dataset (pain threshold by hair colour; McClave & Dietrich).
    # Welch ANOVA: F = 5.890115, ddof2 = 8.329841, p = 0.018813, np2 = 0.575962 (pingouin.welch_anova
    # docstring; R oneway.test gives F = 5.8901, denom df = 8.3298, p = 0.01881).
    # Kruskal-Wallis: H = 10.58863, p = 0.014172 (pingouin.kruskal docstring; R kruskal.test
    # prints chi-squared = 10.589, df = 3, p = 0.01417).
    df = pg.read_dataset("anova")
    w = F.group_differences(df, "Hair color", "Pain threshold", min_people=4).iloc[0]
    assert w["test"] == "welch_anova" and w["n_groups"] == 4
    assert w["statistic"] == pytest.approx(5.890115, abs=1e-6)
    assert w["dof2"] == pytest.approx(8.329841, abs=1e-6)
    assert w["p_unc"] == pytest.approx(0.018813, abs=1e-6)
    assert w["effect"] == pytest.approx(0.575962, abs=1e-6)
    k = F.group_differences(df, "Hair color", "Pain threshold", min_people=4, parametric=False).iloc[0]
    assert k["statistic"] == pytest.approx(10.58863, abs=5e-6)  # printed to 5 decimals
    assert k["p_unc"] == pytest.approx(0.014172, abs=1e-6)
    groups = [g["Pain threshold"].to_numpy() for _, g in df.groupby("Hair color")]
    assert k["statistic"] == pytest.approx(st.kruskal(*groups).statistic, rel=1e-12)
    assert k["effect"] == pytest.approx((k["statistic"] - 3) / (19 - 4), rel=1e-12)
    # the default threshold of 5 suppresses the 4-member group; 3 groups remain
    s = F.group_differences(df, "Hair color", "Pain threshold").iloc[0]
    assert s["suppressed"] == "Light Brunette" and s["n_groups"] == 3 and s["n"] == 15


def test_group_differences_multiple_comparison_correction_and_suppression():
    rng = np.random.default_rng(1)
    n = 60
    scores = pd.DataFrame({
        "v": rng.normal(size=n),
        "sex": rng.choice(["L", "P"], n),
        "unit": rng.choice(["U1", "U2", "U3"], n),
        "tiny": ["A"] * 57 + ["B"] * 3,
    })
    scores.loc[scores.sex == "P", "v"] += 1.0
    out = F.group_differences(scores, ["sex", "unit", "tiny"], "v").set_index("factor")
    p = out.loc[["sex", "unit"], "p_unc"].to_numpy()
    # Holm (1979) by hand for two p-values
    lo, hi = np.argmin(p), np.argmax(p)
    holm = np.empty(2)
    holm[lo] = min(1, 2 * p[lo])
    holm[hi] = min(1, max(holm[lo], p[hi]))
    np.testing.assert_allclose(out.loc[["sex", "unit"], "p_corr"], holm)
    assert out.loc["tiny", "suppressed"] == "B" and np.isnan(out.loc["tiny", "p_unc"])
    assert "kurang dari 2 kelompok" in out.loc["tiny", "status"]
    bh = F.group_differences(scores, ["sex", "unit"], "v", padjust="fdr_bh").set_index("factor")
    np.testing.assert_allclose(bh["p_corr"], pg.multicomp(list(p), method="fdr_bh")[1])
    with pytest.raises(ValueError, match="padjust"):
        F.group_differences(scores, "sex", "v", padjust="tukey")
    with pytest.raises(ValueError, match="tidak memuat kolom|lacks column"):
        F.group_differences(scores, "golongan", "v")
    desc = F.group_descriptives(scores, ["tiny"], "v").set_index("group")
    assert desc.loc["A", "n"] == 57 and desc.loc["A", "mean"] == pytest.approx(scores.v[:57].mean())
    assert desc.loc["B", "suppressed"] and np.isnan(desc.loc["B", "mean"]) and np.isnan(desc.loc["B", "n"])
    assert desc.loc["B", "status"] == "disembunyikan (n < 5)"


def test_four_fifths_hand_computed():
    # A: 10 of 20 Sangat Baik (0.50, reference); B: 3 of 10 (0.30, ratio 0.6 < 0.8, flagged);
    # C: 9 of 20 (0.45, ratio 0.9); D: 2 members, suppressed.
    pred = (["Sangat Baik"] * 10 + ["Baik"] * 10 + ["Sangat Baik"] * 3 + ["Baik"] * 7
            + ["Sangat Baik"] * 9 + ["Butuh Perbaikan"] * 11 + ["Sangat Baik"] * 2)
    grp = ["A"] * 20 + ["B"] * 10 + ["C"] * 20 + ["D"] * 2
    out = F.four_fifths(pred, grp).set_index("group")
    assert out.loc["A", "rate"] == 0.5 and out.loc["A", "reference"]
    assert out.loc["B", "impact_ratio"] == pytest.approx(0.6) and out.loc["B", "flag"]
    assert out.loc["C", "impact_ratio"] == pytest.approx(0.9) and not out.loc["C", "flag"]
    assert out.loc["D", "suppressed"] and np.isnan(out.loc["D", "rate"]) and not out.loc["D", "flag"]
    # DataFrame + column names form, and Baik counted favourable too: A 20/20, B 10/10, C 9/20
    df = pd.DataFrame({"p": pred, "g": grp})
    out2 = F.four_fifths("p", "g", ("Sangat Baik", "Baik"), data=df).set_index("group")
    assert out2.loc["C", "impact_ratio"] == pytest.approx(0.45)
    with pytest.raises(ValueError, match="tidak sama panjang"):
        F.four_fifths(pred, grp[:-1])


# ------------------------------------------------------------------------------------------
# relationship bias
# ------------------------------------------------------------------------------------------
def bias_data(n_ratees=8, bonus=0.5, seed=0):
    rng = np.random.default_rng(seed)
    emp, rows = [], []
    for j in range(n_ratees):
        unit = f"Org / B{j % 2}"
        emp.append((f"J{j}", unit, "L" if j % 3 else "P"))
        for p in range(4):
            same = p < 2
            rater = f"J{(j + 2 * (p + 1)) % n_ratees}" if same else f"J{(j + 2 * p + 1) % n_ratees}"
            base = 3.0 + rng.normal(0, 0.3) + (bonus if same else 0.0)
            rows += [(f"J{j}", rater, "peer", "K", f"I{i}", base) for i in range(2)]
    employees = pd.DataFrame(emp, columns=["nip", "unit_kerja", "jenis_kelamin"])
    return frame(rows), employees


def test_relationship_bias_within_ratee_paired_test():
    df, emp = bias_data()
    out = F.relationship_bias(df, emp, by=["unit_kerja", "jenis_kelamin"]).set_index("attribute")
    # by hand: per ratee, mean of same-unit forms minus mean of other-unit forms
    unit = emp.set_index("nip")["unit_kerja"]
    forms = df.groupby(["ratee", "rater"]).rating.mean().reset_index()
    forms["same"] = forms.ratee.map(unit) == forms.rater.map(unit)
    per = forms.groupby(["ratee", "same"]).rating.mean().unstack()
    diff = per[True] - per[False]
    row = out.loc["unit_kerja"]
    assert row["n_ratees"] == 8
    assert row["mean_diff"] == pytest.approx(diff.mean(), abs=1e-12)
    ref = st.ttest_rel(per[True], per[False])
    assert row["T"] == pytest.approx(ref.statistic, rel=1e-10)
    assert row["p_unc"] == pytest.approx(ref.pvalue, rel=1e-10)
    half = st.t.ppf(0.975, 7) * diff.std(ddof=1) / np.sqrt(8)
    assert row["ci_low"] == pytest.approx(diff.mean() - half, abs=1e-9)
    assert row["cohen_dz"] == pytest.approx(diff.mean() / diff.std(ddof=1), abs=1e-12)
    assert row["mean_same"] > row["mean_different"]
    assert row["n_forms_same"] == 16 and row["n_forms_different"] == 16
    # too few ratees with both kinds of rater: suppressed
    small = F.relationship_bias(df, emp, min_people=9).iloc[0]
    assert "disembunyikan" in small["status"] and np.isnan(small["mean_diff"])
    with pytest.raises(ValueError, match="employees tidak memuat kolom"):
        F.relationship_bias(df, emp, by="golongan")


def test_relationship_cells_suppress_small_cells():
    df, emp = bias_data()
    out = F.relationship_cells(df, emp, "jenis_kelamin")
    assert set(out.columns) >= {"rater_group", "ratee_group", "n_raters", "mean_rating", "suppressed"}
    small = out[out.suppressed]
    assert small["mean_rating"].isna().all()
    big = out[~out.suppressed].iloc[0]
    forms = df.groupby(["ratee", "rater"]).rating.mean().reset_index()
    g = emp.set_index("nip")["jenis_kelamin"]
    sel = forms[(forms.rater.map(g) == big.rater_group) & (forms.ratee.map(g) == big.ratee_group)]
    assert big["mean_rating"] == pytest.approx(sel.rating.mean()) and big["n_raters"] >= 3


def test_unit_depth_cuts_the_unit_path():
    df, emp = bias_data()
    # at depth 1 everybody is in "Org": no different-unit pair exists
    out = F.relationship_bias(df, emp, unit_depth=1).iloc[0]
    assert out["n_forms_different"] == 0 and out["n_ratees"] == 0


# ------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------
def test_fairness_report_on_demo_organisation():
    from kinerja_survey.demo import demo_data
    employees, sim = demo_data(150, seed=4)
    emp = employees.assign(predikat=np.where(np.arange(len(employees)) % 4 == 0, "Sangat Baik", "Baik"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the demo design is connected
        rep = F.fairness_report(sim.ratings, emp)
    for key in ("summary", "raters", "fair_scores", "items", "halo", "central_tendency", "careless", "self_other",
                "blind_spots", "group_differences", "group_descriptives", "four_fifths", "relationship_bias",
                "relationship_cells"):
        assert isinstance(rep[key], pd.DataFrame), key
    assert len(rep["fair_scores"]) == len(employees)
    assert set(rep["group_differences"]["factor"]) == {"jenis_kelamin", "golongan_ruang", "jenis_jabatan", "unit"}
    sev = rep["raters"].set_index("rater")["severity"]
    assert np.corrcoef(sev, -sim.leniency.reindex(sev.index))[0, 1] > 0.8
    summ = rep["summary"].set_index("measure")["value"]
    assert summ["components"] == 1 and summ["ratees"] == len(employees)
    with pytest.warns(DeprecationWarning, match="dict config"), \
            pytest.raises(ValueError, match="kunci konfigurasi keadilan tidak dikenal"):
        F.fairness_report(sim.ratings, emp, {"min_grup": 3})


def test_fairness_notebook_runs_on_a_demo_store(tmp_path, monkeypatch):
    # The notebook is thin (imports, calls, display): run its code cells in-process on a demo store.
    import json
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    from kinerja_survey.demo import build_demo
    from kinerja_survey.store import Store

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    build_demo(Store(url), n_employees=80, seed=3)
    monkeypatch.setenv("KINERJA_SURVEY_DB", url)
    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "fairness.ipynb").read_text())
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert 6 <= len(cells) <= 10
    assert not any(line.lstrip().startswith(("def ", "class ", "for ", "while ")) for c in cells for line in c.splitlines())
    shown = []
    ns = {"display": shown.append}
    for src in cells:
        exec(compile(src, "fairness.ipynb", "exec"), ns)  # noqa: S102 (the repository's own notebook)
    assert isinstance(ns["report"]["raters"], pd.DataFrame) and len(shown) >= 6
    import matplotlib.pyplot as plt

    plt.close("all")


def test_fairness_item_bias_equals_item_bias_per_group_and_hides_small_groups():
    """Issue 26: the ``item_bias`` table is :func:`analysis.dif.item_bias` (Zumbo 1999 ordinal logistic
    regression, checked against MASS::polr in tests/test_dif.py) per factor of ``dif_by``: the ratee's
    gender, golongan, jenis jabatan and unit from the roster (other raters' forms), supervisor vs peer
    forms; unit groups under ``min_people`` ratees are left out, and an item made harder for one
    gender is found (class C)."""
    from kinerja_survey.analysis.dif import item_bias
    from kinerja_survey.demo import demo_data

    employees, sim = demo_data(150, seed=4)
    ratings = sim.ratings.copy()
    sex = employees.set_index("nip")["jenis_kelamin"].astype(str)
    women = ratings["ratee"].astype(str).map(sex).eq("P").to_numpy() & (ratings["item"] == "KOL2").to_numpy()
    ratings.loc[women, "rating"] = (ratings.loc[women, "rating"] - 2).clip(lower=1)
    rep = F.fairness_report(ratings, employees)
    dif = rep["item_bias"]
    assert list(dif.columns[:3]) == ["factor", "dif_reference", "dif_groups"]
    assert set(dif["factor"]) == {"jenis_kelamin", "golongan_ruang", "jenis_jabatan", "unit", "relationship"}
    assert (dif.groupby("factor").size() == 21).all()
    # gender, computed here by hand from the roster: the other raters' forms, the ratee's gender
    others = ratings[(ratings["relationship"] != "self") & ratings["rating"].notna()]
    direct = item_bias(others.assign(sex=others["ratee"].astype(str).map(sex).to_numpy()), "sex")
    got = dif[dif["factor"] == "jenis_kelamin"].reset_index(drop=True)
    assert got["dif_reference"].iloc[0] == "L" and got["dif_groups"].iloc[0] == "L, P"
    for col in ("chi2_uniform", "chi2_nonuniform", "chi2_total", "p_adjusted", "r2_total", "mcfadden_total",
                "odds_ratio"):
        np.testing.assert_allclose(got[col], direct[col], rtol=1e-10, atol=1e-12, err_msg=col)
    np.testing.assert_allclose(got["log_odds"], direct["coef"], rtol=1e-10)
    assert list(got["dif_class"]) == list(direct["dif_class"]) and list(got["flag"]) == list(direct["flagged"])
    assert got.set_index("item").loc["KOL2", "dif_class"] == "C"
    assert got.set_index("item").loc["KOL2", "log_odds"] < 0  # P (focal) rated lower at the same total
    # supervisor vs peer: only those forms
    rel = dif[dif["factor"] == "relationship"]
    direct = item_bias(ratings[ratings["relationship"].isin(["supervisor", "peer"]) & ratings["rating"].notna()],
                       "relationship")
    np.testing.assert_allclose(rel["chi2_total"], direct["chi2_total"], rtol=1e-10)
    assert rel["dif_groups"].iloc[0] == "peer, supervisor"
    # units: only units of at least min_people ratees are compared
    unit = F.unit_at_depth(employees["unit_kerja"], 2)
    sizes = pd.Series(unit.to_numpy(), index=employees["nip"].astype(str)).reindex(
        others["ratee"].astype(str).unique()).value_counts()
    shown = dif.loc[dif["factor"] == "unit", "dif_groups"].iloc[0].split(", ")
    assert (sizes < 5).any() and set(shown) == set(sizes.index[sizes >= 5])  # the head alone is left out
    cfg = F.FairnessConfig(min_people=21, dif_by=("unit",))
    shown = F.fairness_report(ratings, employees, cfg)["item_bias"]["dif_groups"].iloc[0].split(", ")
    assert set(shown) == set(sizes.index[sizes >= 21]) and len(shown) < (sizes >= 5).sum()
    few = F.fairness_report(ratings, employees, F.FairnessConfig(min_people=10_000))
    assert set(few["item_bias"]["factor"]) == {"relationship"}  # no group of people that large
    assert "item_bias" not in F.fairness_report(ratings, employees, F.FairnessConfig(dif_by=()))
