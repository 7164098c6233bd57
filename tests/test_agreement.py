"""Tests of the statistics beside rwg: agreement indices, per-ratee reliability, omega, variance
components (G-study), the source convergence table and the Krippendorff bootstrap.

Reference sources (each test names its own):
- [ML27] R 4.2.2 (Debian bookworm), package multilevel 2.7 (Bliese): ad.m, awg, rwg.j.lindell,
  rwg.j, rwg, run once on AGREE below (script in the test docstrings); numbers pasted here, R is
  not needed to run the tests.
- [LS08] LeBreton & Senter (2008), Organizational Research Methods 11(4), Table 2: null
  variances for 5 options: uniform 2.00, slight skew 1.34, moderate skew 0.90, heavy skew 0.44,
  triangular 1.32, normal 1.04 (James, Demaree & Wolf 1984).
- [BFD99] Burke, Finkelstein & Dusig (1999); Burke & Dunlap (2002): AD cut-off c/6.
- [SF79] Shrout & Fleiss (1979) Table 1/2 (WMS 6.26); [PG] pingouin 0.7.0 intraclass_corr.
- [LN68] Lord & Novick (1968) eq. 3.8.4: SEM = SD sqrt(1 - rho).
- [PSY] R 4.2.2, psych 2.2.9 (GPArotation 2022.10.2) on pingouin's "cronbach_alpha" data set
  reshaped wide (w, 15 subjects x Q1..Q10):
    r <- cor(w, use = "pairwise"); f <- fa(r, nfactors = 1, fm = "pa", min.err = 1e-14, max.iter = 1e5)
    1 - sum(f$uniquenesses) / sum(r)                          # 0.680102235292797 (PA to convergence)
    omega(w, nfactors = 1, flip = FALSE, plot = FALSE)$omega.tot   # 0.680101486787822 (minres, optim)
    omega(w[, 1:3], nfactors = 1, flip = FALSE, plot = FALSE)$omega.tot  # 0.833748109871484
    closed form for 3 items, l_i^2 = r_ij r_ik / r_jk: sum(l)^2 / (sum(l)^2 + sum(1 - l^2))  # 0.833748150537878
- [H3R] Henderson's method III written out in R 4.2.2 with dense projections (MASS 7.3.58.2 ginv),
  independent of our sparse solver: with P0, P1, P2 the projections on 1, [1 Zp], [1 Zp Zr],
  solve A s = q with q = (y'(P1-P0)y, y'(P2-P1)y, y'(I-P2)y) and A the traces
  tr(Z'(Pi-Pj)Z) and rank differences (Searle, Casella & McCulloch 1992, 5.5):
    SF79 data:       2.55555555555555 5.24444444444445 1.01944444444444
    VC_UNBALANCED:   0.0809478945413694 0.0031770031416779 0.80513076391355
- [K11] Krippendorff (2011) worked example, 4 coders x 12 units: nominal .743, ordinal .815,
  interval .849, ratio .797 (also in tests/test_reliability.py).
- [HK07] Hayes & Krippendorff (2007); Krippendorff (2006) bootstrap algorithm: m_u(m_u-1)/2 pairs
  per unit drawn from o_ck / n, each weighing 2 delta^2 / (m_u - 1), D_e fixed.
- [LME4] lme4 1.1.31, lmer(rating ~ 1 + (1 | ratee) + (1 | rater), REML = TRUE) on SF79:
  ratee 2.55556283776760, rater 5.24445076710829, residual 1.01944336523908 (REML = ANOVA for
  balanced data; lme4's optimiser stops at ~1e-5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import demo
from kinerja_survey.analysis.agreement import (
    NULL_DISTRIBUTIONS,
    ad_index,
    agreement_indices,
    awg,
    null_variance,
    rwg_star_j,
    source_convergence,
)
from kinerja_survey.analysis.generalizability import d_study, variance_components
from kinerja_survey.analysis.reliability import (
    cronbach_by_competency,
    icc_nested,
    krippendorff_alpha,
    krippendorff_bootstrap,
    mcdonald_omega,
    omega_by_competency,
    ratee_reliability,
    rwg,
    rwg_j,
    sem,
    spearman_brown,
)

# 8 ratees, 2-7 raters, 3 items, 1-5 scale (drawn once with numpy seed 16, then frozen here)
AGREE = {
    "T0": {"q1": [4, 5], "q2": [5, 2], "q3": [3, 4]},
    "T1": {"q1": [1, 1, 1], "q2": [3, 2, 4], "q3": [2, 4, 4]},
    "T2": {"q1": [1, 1, 2, 2], "q2": [3, 3, 1, 1], "q3": [1, 2, 1, 3]},
    "T3": {"q1": [4, 1, 2, 1, 2], "q2": [2, 1, 4, 4, 4], "q3": [3, 4, 2, 4, 3]},
    "T4": {"q1": [2, 4, 4, 4, 3, 1], "q2": [3, 2, 4, 3, 3, 3], "q3": [1, 1, 2, 3, 1, 3]},
    "T5": {"q1": [3, 2, 2], "q2": [5, 3, 5], "q3": [4, 5, 2]},
    "T6": {"q1": [3, 5, 4, 5, 5, 3, 5], "q2": [5, 5, 3, 5, 5, 3, 4], "q3": [5, 4, 5, 5, 3, 5, 3]},
    "T7": {"q1": [2, 2, 2, 3], "q2": [3, 1, 3, 1], "q3": [1, 2, 1, 2]},
}


def agree_long() -> pd.DataFrame:
    rows = [(t, f"{t}_r{j}", q, float(x)) for t, qs in AGREE.items() for q, xs in qs.items() for j, x in enumerate(xs)]
    return pd.DataFrame(rows, columns=["ratee", "rater", "item", "rating"])


# R (multilevel 2.7): d <- wide AGREE (one row per rater, columns q1..q3); x <- d[, c("q1","q2","q3")]
R_AD_MEAN = [0.833333333333333, 0.518518518518518, 0.75, 0.88, 0.722222222222222, 0.814814814814815,
             0.816326530612245, 0.625]                                      # ad.m(x, d$ratee, type="mean")
R_AD_MEDIAN = [0.833333333333333, 0.444444444444444, 0.75, 0.8, 0.722222222222222, 0.666666666666667,
               0.714285714285714, 0.583333333333333]                        # ad.m(x, d$ratee, type="median")
R_AWG = [np.nan, 0.736507936507936, 0.333333333333333, 0.372390572390572, 0.518713450292398, 0.5,
         0.339130434782610, 0.612121212121212]                              # awg(x, d$ratee, range=c(1,5))
R_LINDELL_2 = [0.0833333333333334, 0.6111111111111112, 0.5694444444444444, 0.3, 0.5055555555555555,
               0.3333333333333334, 0.5476190476190477, 0.6805555555555556]  # rwg.j.lindell(x, d$ratee, ranvar=2)
R_LINDELL_134 = [-0.36815920398009938, 0.41956882255389716, 0.35737976782752912, -0.04477611940298498,
                 0.26202321724709787, 0.00497512437810954, 0.32480454868514574,
                 0.52321724709784423]                                       # rwg.j.lindell(x, d$ratee, ranvar=1.34)
R_RWGJ_090 = [0.0, 0.320388349514563, 0.119318181818182, 0.0, 0.0, 0.0, 0.0, 0.55078125]  # rwg.j(x, d$ratee, ranvar=0.90)
R_RWG_Q1_044 = [0.0, 1.0, 0.242424242424242, 0.0, 0.0, 0.242424242424242, 0.0, 0.431818181818182]  # rwg(x$q1, d$ratee, ranvar=0.44)


# ------------------------------------------------------------------------------------------
# 1. agreement indices
# ------------------------------------------------------------------------------------------

def test_null_variances_match_lebreton_senter_table():
    # [LS08] Table 2, 5 response options
    published = {"uniform": 2.00, "slight_skew": 1.34, "moderate_skew": 0.90, "heavy_skew": 0.44,
                 "triangular": 1.32, "normal": 1.04}
    for name, value in published.items():
        assert null_variance(name) == pytest.approx(value, abs=1e-12), name
        assert sum(NULL_DISTRIBUTIONS[name]) == pytest.approx(1.0, abs=1e-12)
    assert null_variance("uniform", 7) == pytest.approx(4.0)   # (49 - 1)/12
    assert null_variance(1.5) == 1.5
    with pytest.raises(ValueError, match="hanya didefinisikan untuk skala 5"):
        null_variance("slight_skew", 7)
    with pytest.raises(ValueError, match="tidak dikenal"):
        null_variance("skewed")
    with pytest.raises(ValueError, match="positif"):
        null_variance(-1)


def test_ad_index_equals_r_multilevel():
    # [ML27] ad.m, type = "mean" and "median"
    df = agree_long()
    m = ad_index(df)
    np.testing.assert_allclose(m["ad"], R_AD_MEAN, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ad_index(df, center="median")["ad"], R_AD_MEDIAN, rtol=0, atol=1e-12)
    # [BFD99] practical cut-off c/6 = 5/6 on a 5-point scale
    assert (m["cutoff"] == 5 / 6).all()
    assert m.set_index("ratee").loc["T3", "agree"] == False
    assert m.set_index("ratee").loc["T7", "agree"] == True
    assert ad_index(df, 7)["cutoff"].iloc[0] == pytest.approx(7 / 6)


def test_ad_index_generic_path_equals_count_path():
    # non-integer answers go through the sorting path; AD scales linearly with the answers
    df = agree_long()
    half = df.assign(rating=df["rating"] * 0.5 + 0.25)
    for center, ref in (("mean", R_AD_MEAN), ("median", R_AD_MEDIAN)):
        np.testing.assert_allclose(ad_index(half, center=center)["ad"], np.array(ref) * 0.5, atol=1e-12)


def test_awg_equals_r_multilevel():
    # [ML27] awg(x, d$ratee, range = c(1, 5)); T0 (2 raters, every item mean outside the
    # admissible range) is NA in R, T1 has an item with all answers at L = 1 (awg = 1)
    out = awg(agree_long())
    np.testing.assert_allclose(out["awg"], R_AWG, rtol=0, atol=1e-12, equal_nan=True)
    # Brown & Hauenstein (2005) by hand, one item: M = 4, s2 = 2/3, k = 4
    one = pd.DataFrame({"ratee": "a", "rater": list("wxyz"), "item": "q", "rating": [4, 4, 5, 3]})
    assert awg(one)["awg"].iloc[0] == pytest.approx(1 - 2 * (2 / 3) / ((6 * 4 - 16 - 5) * 4 / 3), abs=1e-12)


def test_rwg_star_j_equals_r_multilevel_with_named_nulls():
    # [ML27] rwg.j.lindell with ranvar 2 (uniform) and 1.34 (slight skew [LS08])
    df = agree_long()
    np.testing.assert_allclose(rwg_star_j(df)["rwg_star_j"], R_LINDELL_2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(rwg_star_j(df, null="slight_skew")["rwg_star_j"], R_LINDELL_134, atol=1e-12)
    np.testing.assert_allclose(rwg_star_j(df, null=1.34)["rwg_star_j"], R_LINDELL_134, atol=1e-12)


def test_rwg_and_rwg_j_take_a_named_null():
    # [ML27] rwg.j(x, grp, ranvar = 0.90) (moderate skew) and rwg(x$q1, grp, ranvar = 0.44) (heavy)
    df = agree_long()
    np.testing.assert_allclose(rwg_j(df, null="moderate_skew")["rwg_j"], R_RWGJ_090, atol=1e-12)
    np.testing.assert_allclose(rwg(df[df["item"] == "q1"], null="heavy_skew")["rwg"], R_RWG_Q1_044, atol=1e-12)
    # the default stays the uniform null, and a name equals its number
    pd.testing.assert_frame_equal(rwg_j(df), rwg_j(df, null="uniform"))
    pd.testing.assert_frame_equal(rwg_j(df, null="moderate_skew"), rwg_j(df, null=0.9))
    with pytest.raises(ValueError, match="tidak keduanya"):
        rwg_j(df, null="uniform", expected_variance=2.0)


def test_agreement_indices_one_pass_equals_single_functions_and_by():
    df = agree_long()
    df["competency"] = df["item"].map({"q1": "A", "q2": "A", "q3": "B"})
    allx = agreement_indices(df).set_index("ratee")
    assert allx["n_raters"].tolist() == [2, 3, 4, 5, 6, 3, 7, 4]
    np.testing.assert_allclose(allx["rwg_j"], rwg_j(df).set_index("ratee")["rwg_j"], atol=1e-12)
    by = agreement_indices(df, by="competency")
    assert set(by["competency"]) == {"A", "B"}
    b = by[by["competency"] == "B"].set_index("ratee")
    single = agreement_indices(df[df["item"] == "q3"]).set_index("ratee")
    np.testing.assert_allclose(b["ad_mean"], single["ad_mean"], atol=1e-12)
    np.testing.assert_allclose(b["awg"], single["awg"], atol=1e-12, equal_nan=True)
    assert (b["n_items"] == 1).all()


def test_agreement_indices_missing_answers_and_bad_input():
    df = agree_long()
    df.loc[0, "rating"] = np.nan  # T0 q1 has one answer left: the item drops out of T0
    t0 = agreement_indices(df).set_index("ratee").loc["T0"]
    assert t0["n_items"] == 2
    with pytest.raises(ValueError, match="lebih dari sekali"):
        agreement_indices(pd.concat([df, df.iloc[[3]]]))
    with pytest.raises(ValueError, match="scale_points"):
        awg(df, scale_points=1)
    with pytest.raises(ValueError, match="center"):
        ad_index(df, center="mode")
    with pytest.raises(ValueError, match="data tidak memuat kolom: item"):
        awg(df.drop(columns="item"))


# ------------------------------------------------------------------------------------------
# 2. per-ratee reliability and SEM
# ------------------------------------------------------------------------------------------

SF_TABLE1 = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
UNBALANCED = {"A": [4, 5, 5], "B": [2, 3], "C": [3, 3, 4, 5], "D": [1, 2, 2, 1, 3], "E": [5]}


def test_ratee_reliability_balanced_equals_pingouin_icc1k():
    import pingouin as pg

    df = pd.DataFrame([(f"T{t}", f"J{j}", float(x)) for t, row in enumerate(SF_TABLE1) for j, x in enumerate(row)],
                      columns=["ratee", "rater", "rating"])
    out = ratee_reliability(df)
    ref = pg.intraclass_corr(df, "ratee", "rater", "rating").set_index("Type")
    assert (out["k"] == 4).all() and (out["group"] == "overall").all()
    # [PG] ICC(1,k), to 1e-9; [SF79] Table 2: WMS = 6.26, SEM of a 4-rater mean = sqrt(WMS / 4)
    np.testing.assert_allclose(out["reliability"], ref.loc["ICC(1,k)", "ICC"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(out["SEM"], np.sqrt(112.75 / 18 / 4), atol=1e-12)  # SSW = 112.75 on 18 df
    assert out["SEM"].iloc[0] == pytest.approx(np.sqrt(6.26 / 4), abs=1e-3)
    np.testing.assert_allclose(out["mean"], np.mean(SF_TABLE1, axis=1), atol=1e-12)


def test_ratee_reliability_unbalanced_exact_arithmetic():
    """Exact rational one-way ANOVA: sigma2_W = MSW, sigma2_B = (MSB - MSW)/k0 [SF79]."""
    from fractions import Fraction as Fr

    df = pd.DataFrame([(t, f"{t}{j}", x) for t, xs in UNBALANCED.items() for j, x in enumerate(xs)],
                      columns=["ratee", "rater", "rating"])
    out = ratee_reliability(df).set_index("ratee")
    groups = {t: [Fr(x) for x in xs] for t, xs in UNBALANCED.items()}
    allx = [x for xs in groups.values() for x in xs]
    N, a = len(allx), len(groups)
    grand = sum(allx) / N
    msb = sum(len(xs) * (sum(xs) / len(xs) - grand) ** 2 for xs in groups.values()) / (a - 1)
    msw = sum(sum((x - sum(xs) / len(xs)) ** 2 for x in xs) for xs in groups.values()) / (N - a)
    k0 = (N - Fr(sum(len(xs) ** 2 for xs in groups.values()), N)) / (a - 1)
    s2b = (msb - msw) / k0
    for t, xs in groups.items():
        k = len(xs)
        assert out.loc[t, "k"] == k
        assert out.loc[t, "reliability"] == pytest.approx(float(s2b / (s2b + msw / k)), abs=1e-12)
        assert out.loc[t, "SEM"] == pytest.approx(float(msw / k) ** 0.5, abs=1e-12)
        # SEM_k = SD_k sqrt(1 - rho_k) with SD_k^2 = s2B + s2W/k [LN68]
        assert out.loc[t, "SEM"] == pytest.approx(sem(out.loc[t, "reliability"], float(s2b + msw / k) ** 0.5),
                                                  abs=1e-12)
    icc1 = icc_nested(df).iloc[0]["ICC1"]
    np.testing.assert_allclose(out["reliability"], spearman_brown(icc1, out["k"].to_numpy()), atol=1e-12)


def test_ratee_reliability_by_group_and_errors():
    rows = [("a", "s1", "supervisor", 4.0), ("b", "s1", "supervisor", 3.0), ("c", "s2", "supervisor", 5.0),
            ("a", "p1", "peer", 4.0), ("a", "p2", "peer", 5.0), ("b", "p1", "peer", 2.0), ("b", "p3", "peer", 3.0),
            ("b", "p4", "peer", 2.0), ("c", "p2", "peer", 5.0), ("c", "p5", "peer", 4.0)]
    df = pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "score"])
    out = ratee_reliability(df, ratings="score", group="relationship")
    sup = out[out["group"] == "supervisor"]
    assert len(sup) == 3 and sup["reliability"].isna().all() and sup["SEM"].isna().all()
    peer = out[out["group"] == "peer"].set_index("ratee")
    icc1 = icc_nested(df[df["relationship"] == "peer"], ratings="score").iloc[0]["ICC1"]
    assert peer.loc["b", "k"] == 3
    assert peer.loc["b", "reliability"] == pytest.approx(spearman_brown(icc1, 3), abs=1e-12)
    with pytest.raises(ValueError, match="lebih dari sekali"):
        ratee_reliability(pd.concat([df, df.iloc[[0]]]), ratings="score")


def test_sem_formula_and_checks():
    # [LN68] SD 10, reliability .91 -> 3; a reliability of 1 has no error; negative -> NaN
    assert sem(0.91, 10) == pytest.approx(3.0, abs=1e-12)
    np.testing.assert_allclose(sem(np.array([1.0, 0.75, -0.1]), 2.0), [0.0, 1.0, np.nan], atol=1e-12)
    s = sem(pd.Series([0.5, 0.84], index=["x", "y"]), 1.0)
    assert list(s.index) == ["x", "y"] and s["y"] == pytest.approx(0.4)
    with pytest.raises(ValueError, match="lebih dari 1"):
        sem(1.2, 1)
    with pytest.raises(ValueError, match="negatif"):
        sem(0.5, -1)


# ------------------------------------------------------------------------------------------
# 3. McDonald's omega
# ------------------------------------------------------------------------------------------

def test_omega_equals_r_psych():
    import pingouin as pg

    df = pg.read_dataset("cronbach_alpha")
    out = mcdonald_omega(df, "Items", "Subj", "Scores").iloc[0]
    assert (out["n_subjects"], out["n_items"]) == (15, 10)
    # [PSY] principal axes iterated to convergence: the same ULS fixed point, to 1e-9
    assert out["omega_total"] == pytest.approx(0.680102235292797, abs=1e-9)
    # [PSY] psych::omega itself stops its optimiser earlier: agreement to 1e-6
    assert out["omega_total"] == pytest.approx(0.680101486787822, abs=1e-6)
    three = mcdonald_omega(df[df["Items"].isin(["Q1", "Q2", "Q3"])], "Items", "Subj", "Scores").iloc[0]
    assert three["omega_total"] == pytest.approx(0.833748150537878, abs=1e-12)   # [PSY] closed form
    assert three["omega_total"] == pytest.approx(0.833748109871484, abs=1e-6)    # [PSY] psych::omega


def test_omega_three_items_closed_form_and_alpha_bound():
    """Just-identified one-factor model (McDonald 1999): lambda_1^2 = r12 r13 / r23, exact fit."""
    rng = np.random.default_rng(3)
    f = rng.normal(size=400)
    X = np.column_stack([0.8 * f, 0.6 * f, 0.4 * f]) + rng.normal(size=(400, 3)) * [0.6, 0.8, 0.9]
    df = pd.DataFrame([(s, f"i{j}", X[s, j]) for s in range(400) for j in range(3)], columns=["subj", "item", "x"])
    out = mcdonald_omega(df, "item", "subj", "x").iloc[0]
    r = np.corrcoef(X, rowvar=False)
    lam = np.sqrt([r[0, 1] * r[0, 2] / r[1, 2], r[0, 1] * r[1, 2] / r[0, 2], r[0, 2] * r[1, 2] / r[0, 1]])
    omega = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum())
    assert out["omega_total"] == pytest.approx(omega, abs=1e-12)
    assert out["min_loading"] == pytest.approx(lam.min(), abs=1e-9)
    # unequal loadings: omega > standardised alpha
    k, rbar = 3, (r.sum() - 3) / 6
    assert out["omega_total"] > k * rbar / (1 + (k - 1) * rbar)


def test_omega_by_competency_sits_beside_alpha():
    sim = demo.simulate_ratings(demo.synthetic_assignments(150, seed=4), seed=4).ratings
    om = omega_by_competency(sim)
    cron = cronbach_by_competency(sim)
    np.testing.assert_allclose(om["alpha"], cron["alpha"], atol=1e-12)
    assert om["competency"].tolist() == cron["competency"].tolist()
    for comp in ("BER", "LOY"):
        one = mcdonald_omega(sim[sim["competency"] == comp])
        assert om.set_index("competency").loc[comp, "omega_total"] == pytest.approx(one["omega_total"].iloc[0],
                                                                                    abs=1e-12)
    assert (om["note"] == "").all()


def test_omega_small_or_constant_input_is_noted():
    df = pd.DataFrame({"ratee": "a", "rater": ["r1", "r1", "r2", "r2"], "item": ["q1", "q2"] * 2,
                       "rating": [4.0, 4.0, 3.0, 5.0]})
    out = mcdonald_omega(df).iloc[0]
    assert np.isnan(out["omega_total"]) and "minimal 3 item" in out["note"]
    with pytest.raises(ValueError, match="nan_policy"):
        mcdonald_omega(df, nan_policy="drop")


# ------------------------------------------------------------------------------------------
# 4. variance components (G-study) and D-study
# ------------------------------------------------------------------------------------------

VC_UNBALANCED = [
    ('p0', 'r5', 1.996842768395639), ('p0', 'r7', 4.805355866673118), ('p0', 'r3', 4.346374572364011),
    ('p1', 'r4', 3.794132496655526), ('p1', 'r3', 4.428422241315797), ('p1', 'r1', 4.346712986612447),
    ('p2', 'r0', 3.707543249034911), ('p2', 'r7', 4.118091537643158), ('p2', 'r4', 3.7428077593811295),
    ('p2', 'r2', 4.608142180518343), ('p2', 'r1', 4.024397094700629), ('p3', 'r2', 1.7109867540323274),
    ('p3', 'r0', 2.825227907944838), ('p3', 'r7', 3.4778095884236464), ('p4', 'r1', 2.6879792373077187),
    ('p4', 'r3', 4.022394992873002), ('p4', 'r0', 5.54277160749233), ('p4', 'r6', 4.746702996201846),
    ('p5', 'r5', 4.467464744222741), ('p5', 'r0', 4.1090140878215475), ('p5', 'r4', 2.772647945755426),
    ('p6', 'r6', 2.6552483769392228), ('p6', 'r4', 2.901730032147783), ('p7', 'r0', 4.391166954282328),
    ('p7', 'r6', 4.420848304566563), ('p7', 'r5', 2.9817697726096926), ('p7', 'r2', 4.8316522837854405),
    ('p8', 'r0', 4.9144672031287815), ('p8', 'r3', 4.87993654538452), ('p8', 'r1', 3.0512511096655843),
    ('p9', 'r6', 2.492626952834807), ('p9', 'r5', 3.4995845328470807), ('p9', 'r1', 2.833250383120198),
    ('p9', 'r0', 3.2355056117302254), ('p10', 'r1', 2.98918541676243), ('p10', 'r5', 4.552243827179593),
    ('p10', 'r6', 4.353446516208141), ('p10', 'r4', 4.39588307077756), ('p10', 'r3', 4.054784289948721),
    ('p11', 'r0', 2.369150767564899), ('p11', 'r7', 3.7048369198968008), ('p11', 'r5', 5.183789036587255),
    ('p11', 'r3', 5.579765017417847), ('p11', 'r2', 3.959756634091511),
]


def sf_frame() -> pd.DataFrame:
    return pd.DataFrame([(t, j, float(x)) for t, row in enumerate(SF_TABLE1) for j, x in enumerate(row)],
                        columns=["ratee", "rater", "rating"])


def test_variance_components_balanced_equals_anova_r_and_lme4():
    out = variance_components(sf_frame()).set_index("component")
    # exact ANOVA (SF79 Table 2 mean squares from SS: BMS = 56.2083/5, JMS = 97.4583/3, EMS = 15.2917/15)
    bms, jms, ems = 56.208333333333336 / 5, 97.45833333333333 / 3, 15.291666666666666 / 15
    np.testing.assert_allclose(out["estimate"], [(bms - ems) / 4, (jms - ems) / 6, ems], rtol=0, atol=1e-12)
    assert out.loc["ratee", "estimate"] == pytest.approx((11.24 - 1.02) / 4, abs=0.005)   # [SF79] rounded MS
    np.testing.assert_allclose(out["estimate"], [2.55555555555555, 5.24444444444445, 1.01944444444444],
                               atol=1e-12)  # [H3R]
    np.testing.assert_allclose(out["estimate"], [2.55556283776760, 5.24445076710829, 1.01944336523908],
                               atol=2e-5)   # [LME4] REML, optimiser precision
    assert out["share"].sum() == pytest.approx(1.0)
    assert out.loc["rater", "share"] == pytest.approx(5.244444444444 / (2.555555555556 + 5.244444444444 + 1.019444444444),
                                                      abs=1e-9)
    assert out.attrs["n_components"] == 1 and out.attrs["k_harmonic"] == pytest.approx(4.0)


def test_variance_components_unbalanced_equals_dense_r_and_statsmodels():
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    df = pd.DataFrame(VC_UNBALANCED, columns=["ratee", "rater", "rating"])
    out = variance_components(df).set_index("component")
    np.testing.assert_allclose(out["estimate"], [0.0809478945413694, 0.0031770031416779, 0.80513076391355],
                               rtol=0, atol=1e-9)  # [H3R]
    # the sums of squares are the sequential (type I) ones of statsmodels OLS y ~ ratee + rater
    ref = sm.stats.anova_lm(smf.ols("rating ~ C(ratee) + C(rater)", df).fit(), typ=1)
    np.testing.assert_allclose(out["ss"], ref["sum_sq"].to_numpy(), rtol=0, atol=1e-9)
    np.testing.assert_array_equal(out["df"], ref["df"].to_numpy())


def test_variance_components_recover_simulated_leniency():
    """Known generating model: rater SD 0.6 (variance .36) on top of ratee SD 0.5 (.25), error .49."""
    rng = np.random.default_rng(11)
    n_p, n_r = 3000, 600
    p_eff, r_eff = rng.normal(0, 0.5, n_p), rng.normal(0, 0.6, n_r)
    rows_p = np.repeat(np.arange(n_p), 6)
    rows_r = (rows_p * 7 + np.tile(np.arange(6), n_p) * 101) % n_r
    y = 3.5 + p_eff[rows_p] + r_eff[rows_r] + rng.normal(0, 0.7, len(rows_p))
    df = pd.DataFrame({"ratee": rows_p, "rater": rows_r, "rating": y}).drop_duplicates(["ratee", "rater"])
    out = variance_components(df).set_index("component")["estimate"]
    assert out["ratee"] == pytest.approx(0.25, abs=0.04)
    assert out["rater"] == pytest.approx(0.36, abs=0.07)
    assert out["residual"] == pytest.approx(0.49, abs=0.03)


def test_d_study_equals_mcgraw_wong_average_icc():
    import pingouin as pg

    comp = variance_components(sf_frame())
    ref = pg.intraclass_corr(sf_frame(), "ratee", "rater", "rating").set_index("Type")["ICC"]
    d = d_study(comp, [1, 4]).set_index("k")
    # [PG] balanced crossed design: E rho^2 = ICC(C,k), Phi = ICC(A,k); k = 1 the single-rater forms
    assert d.loc[4, "g_coef"] == pytest.approx(ref["ICC(C,k)"], abs=1e-9)
    assert d.loc[4, "phi"] == pytest.approx(ref["ICC(A,k)"], abs=1e-9)
    assert d.loc[1, "g_coef"] == pytest.approx(ref["ICC(C,1)"], abs=1e-9)
    assert d.loc[1, "phi"] == pytest.approx(ref["ICC(A,1)"], abs=1e-9)
    assert d.loc[4, "sem_absolute"] == pytest.approx(np.sqrt((5.244444444444445 + 1.0194444444444444) / 4), abs=1e-9)
    with pytest.raises(ValueError, match="k harus"):
        d_study(comp, 0)
    with pytest.raises(ValueError, match="variance_components"):
        d_study(pd.DataFrame({"x": [1]}))


def test_variance_components_checks_its_input():
    df = sf_frame()
    with pytest.raises(ValueError, match="lebih dari sekali"):
        variance_components(pd.concat([df, df.iloc[[0]]]))
    nested = pd.DataFrame({"ratee": ["a", "a", "b", "b"], "rater": ["x", "y", "z", "w"], "rating": [1.0, 2, 3, 4]})
    with pytest.raises(ValueError, match="derajat bebas residual"):
        variance_components(nested)
    with pytest.raises(ValueError, match="minimal 2"):
        variance_components(df[df["ratee"] == 0])


# ------------------------------------------------------------------------------------------
# 5. convergence between sources
# ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cycle300() -> pd.DataFrame:
    return demo.simulate_ratings(demo.synthetic_assignments(300, seed=3), seed=3).ratings


def _source_means(df: pd.DataFrame) -> pd.DataFrame:
    """Independent pandas computation: rater means, then the mean per ratee and source."""
    rater = df.groupby(["ratee", "rater", "relationship"], observed=True)["rating"].mean().reset_index()
    return rater.groupby(["ratee", "relationship"], observed=True)["rating"].mean().unstack("relationship")


def test_source_convergence_equals_scipy_and_pingouin(cycle300):
    import pingouin as pg
    import scipy.stats as st

    out = source_convergence(cycle300)
    assert len(out) == 8 * 6  # 7 competencies + ALL, 6 pairs
    for comp in ("ALL", "KOM"):
        sub = cycle300 if comp == "ALL" else cycle300[cycle300["competency"] == comp]
        means = _source_means(sub)
        got = out[out["competency"] == comp].set_index(["source_a", "source_b"])
        for a, b in (("self", "supervisor"), ("self", "peer"), ("peer", "supervisor"), ("subordinate", "supervisor")):
            pair = means[[a, b]].dropna()
            ref = st.pearsonr(pair[a], pair[b])
            lo, hi = ref.confidence_interval(0.95)
            row = got.loc[(a, b)]
            assert row["n"] == len(pair)
            # scipy.stats.pearsonr (Fisher-z interval), to 1e-9
            assert row["r"] == pytest.approx(ref.statistic, abs=1e-12)
            assert row["CI_lower"] == pytest.approx(lo, abs=1e-9) and row["CI_upper"] == pytest.approx(hi, abs=1e-9)
            assert row["pval"] == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-300)
            # pingouin.corr prints the interval to two decimals
            pgr = pg.corr(pair[a], pair[b]).iloc[0]
            assert row["r"] == pytest.approx(pgr["r"], abs=1e-9)
            np.testing.assert_allclose([row["CI_lower"], row["CI_upper"]], pgr["CI95"], atol=0.005)


def test_source_convergence_small_and_missing_sources(cycle300):
    few = cycle300[cycle300["ratee"].isin(cycle300["ratee"].unique()[:3])]
    out = source_convergence(few, by=None)
    assert (out["n"] <= 3).all() and out["r"].isna().all()
    no_sub = source_convergence(cycle300[cycle300["relationship"] != "subordinate"], by=None)
    row = no_sub.set_index(["source_a", "source_b"]).loc[("subordinate", "supervisor")]
    assert row["n"] == 0 and np.isnan(row["r"])
    ci90 = source_convergence(cycle300, by=None, confidence=0.90).iloc[0]
    ci95 = source_convergence(cycle300, by=None).iloc[0]
    assert ci95["CI_lower"] < ci90["CI_lower"] < ci90["r"] < ci90["CI_upper"] < ci95["CI_upper"]
    with pytest.raises(ValueError, match="pasangan"):
        source_convergence(cycle300, pairs=[("self", "self")])
    with pytest.raises(ValueError, match="confidence harus di antara 0 dan 1"):
        source_convergence(cycle300, confidence=95)


# ------------------------------------------------------------------------------------------
# 6. Krippendorff's alpha bootstrap
# ------------------------------------------------------------------------------------------

K11_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
]


def k11_long() -> pd.DataFrame:
    return pd.DataFrame([(u, c, x) for c, row in enumerate(K11_DATA) for u, x in enumerate(row)],
                        columns=["unit", "coder", "value"])


@pytest.mark.parametrize(("level", "published"), [("nominal", .743), ("ordinal", .815), ("interval", .849),
                                                  ("ratio", .797)])
def test_bootstrap_covers_the_k11_point_estimate(level, published):
    import krippendorff

    b, reps = krippendorff_bootstrap(k11_long(), "unit", "coder", "value", level=level, n_boot=2000,
                                     random_state=7, return_replicates=True)
    row = b.iloc[0]
    assert row["alpha"] == pytest.approx(published, abs=0.0005)  # [K11]
    assert row["alpha"] == pytest.approx(krippendorff.alpha(np.array(K11_DATA), level_of_measurement=level),
                                         abs=1e-12)
    assert row["alpha"] == pytest.approx(krippendorff_alpha(k11_long(), "unit", "coder", "value", level=level),
                                         abs=1e-12)
    assert -1 <= row["CI_lower"] < row["alpha"] < row["CI_upper"] <= 1
    assert len(reps) == 2000 and reps.min() >= -1 and reps.max() <= 1
    assert row["p_below_0.667"] == pytest.approx((reps < 0.667).mean()) and row["p_below_0.8"] >= row["p_below_0.667"]
    assert row["n_pairable"] == 40


def test_bootstrap_is_deterministic_and_seeded():
    df = k11_long()
    a, ra = krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=500, random_state=42, return_replicates=True)
    b, rb = krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=500, random_state=42, return_replicates=True)
    _, rc = krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=500, random_state=43, return_replicates=True)
    pd.testing.assert_frame_equal(a, b)
    np.testing.assert_array_equal(ra, rb)
    assert not np.array_equal(ra, rc)
    _, rg = krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=500, random_state=np.random.default_rng(42),
                                   return_replicates=True)
    np.testing.assert_array_equal(rg, ra)


def test_bootstrap_equals_pair_by_pair_algorithm_in_distribution():
    """[HK07] drawn pair by pair, unit by unit (the algorithm as published) vs our grouped draws."""
    df = k11_long()
    M = np.array(K11_DATA)
    values = np.arange(1, 6, dtype=float)
    # coincidence matrix and D_e for interval data, written out
    o = np.zeros((5, 5))
    sizes = []
    for u in range(M.shape[1]):
        col = M[:, u][~np.isnan(M[:, u])]
        if len(col) < 2:
            continue
        sizes.append(len(col))
        for i in range(len(col)):
            for j in range(len(col)):
                if i != j:
                    o[int(col[i]) - 1, int(col[j]) - 1] += 1 / (len(col) - 1)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    d = (values[:, None] - values[None, :]) ** 2
    de = (np.outer(n_c, n_c) * d).sum() / (n - 1)
    rng = np.random.default_rng(5)
    p = (o / n).ravel()
    naive = []
    for _ in range(4000):
        dev = 0.0
        for m in sizes:
            cells = rng.choice(25, size=m * (m - 1) // 2, p=p)
            dev += 2 / (m - 1) * d.ravel()[cells].sum()
        naive.append(1 - dev / de)
    naive = np.array(naive)
    _, ours = krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=20000, random_state=5,
                                     return_replicates=True)
    assert 1 - (o * d).sum() / de == pytest.approx(0.849, abs=0.0005)
    assert ours.mean() == pytest.approx(naive.mean(), abs=4 * naive.std() / np.sqrt(len(naive)))
    assert ours.std() == pytest.approx(naive.std(), rel=0.06)
    # unbiased: E[alpha*] = alpha
    assert ours.mean() == pytest.approx(0.8491, abs=4 * ours.std() / np.sqrt(len(ours)))


@pytest.mark.parametrize("normal_pairs", [1, 10**9])
def test_bootstrap_paths_for_many_values_agree_in_distribution(monkeypatch, normal_pairs):
    """Above 200 distinct values: normal limit (big classes) or pair-by-pair draws (small ones)."""
    from kinerja_survey.analysis import krippendorff as kripp_module

    df = k11_long()
    _, exact = krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=20000, random_state=1,
                                      return_replicates=True)
    monkeypatch.setattr(kripp_module, "MAX_BOOT_VALUES", 2)
    monkeypatch.setattr(kripp_module, "_NORMAL_PAIRS", normal_pairs)
    _, other = krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=20000, random_state=2,
                                      return_replicates=True)
    assert other.mean() == pytest.approx(exact.mean(), abs=5 * exact.std() / np.sqrt(20000))
    assert other.std() == pytest.approx(exact.std(), rel=0.05)


def test_bootstrap_checks_its_input():
    df = k11_long()
    with pytest.raises(ValueError, match="n_boot"):
        krippendorff_bootstrap(df, "unit", "coder", "value", n_boot=0)
    with pytest.raises(ValueError, match="confidence harus di antara 0 dan 1"):
        krippendorff_bootstrap(df, "unit", "coder", "value", confidence=1.5)
    with pytest.raises(ValueError, match="level"):
        krippendorff_bootstrap(df, "unit", "coder", "value", level="metric")
    empty = df.assign(value=np.nan)
    out = krippendorff_bootstrap(empty, "unit", "coder", "value", n_boot=10).iloc[0]
    assert np.isnan(out["alpha"]) and np.isnan(out["CI_lower"])


def test_docstring_examples():
    import doctest

    from kinerja_survey.analysis import agreement, generalizability
    for module in (agreement, generalizability):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted >= 4 and result.failed == 0


# ------------------------------------------------------------------------------------------
# the new tables of reliability_report
# ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report300(cycle300):
    from kinerja_survey.analysis.reliability import reliability_report

    return reliability_report(cycle300)


def test_report_keeps_its_tables_and_adds_the_new_ones(report300):
    old = {"icc", "cronbach", "rwg_j", "agreement", "krippendorff", "summary"}
    new = {"agreement_indices", "agreement_ratee", "ratee_reliability", "omega", "var_components", "d_study",
           "convergence"}
    issue26 = {"g_study_reml", "g_study_items", "d_study_items", "omega_hierarchical", "omega_loadings"}
    assert set(report300) == old | new | issue26  # no bootstrap unless asked
    # every key fits an Excel sheet name with the exports' "reliabilitas_" prefix (31 characters)
    assert max(len(f"reliabilitas_{k}") for k in [*report300, "kripp_bootstrap"]) <= 31
    measures = set(report300["summary"]["measure"])
    assert {"ICC(1)", "Cronbach alpha", "McDonald omega", "AD(M) rata-rata",
            "porsi varians kelonggaran penilai"} <= measures


def test_report_new_tables_equal_the_public_functions(cycle300, report300):
    from kinerja_survey.analysis.reliability import scale_scores

    others = cycle300[cycle300["relationship"] != "self"]
    scores = scale_scores(others)
    ind = agreement_indices(others).set_index("ratee")
    got = report300["agreement_ratee"].set_index("ratee")
    for col in ("rwg_j", "rwg_star_j", "ad_mean", "ad_median", "awg"):
        np.testing.assert_allclose(got[col], ind.loc[got.index, col], atol=1e-12, equal_nan=True, err_msg=col)
    summary = report300["agreement_indices"].set_index("competency")
    assert summary.loc["ALL", "mean_ad_mean"] == pytest.approx(ind["ad_mean"].mean(), abs=1e-12)
    comp = agreement_indices(others, by="competency")
    ber = comp[comp["competency"] == "BER"]
    assert summary.loc["BER", "mean_awg"] == pytest.approx(ber["awg"].mean(), abs=1e-12)
    assert summary.loc["BER", "share_ad_agree"] == pytest.approx(ber["ad_agree"].mean(), abs=1e-12)

    rr = ratee_reliability(scores, ratings="score").set_index("ratee")
    got = report300["ratee_reliability"].set_index("ratee")
    np.testing.assert_allclose(got["reliability"], rr.loc[got.index, "reliability"], atol=1e-12)
    np.testing.assert_allclose(got["SEM"], rr.loc[got.index, "SEM"], atol=1e-12)

    om = omega_by_competency(cycle300)
    np.testing.assert_allclose(report300["omega"]["omega_total"], om["omega_total"], atol=1e-12)
    np.testing.assert_allclose(report300["omega"]["alpha"], report300["cronbach"]["alpha"], atol=0)

    vc = variance_components(scores, ratings="score")
    np.testing.assert_allclose(report300["var_components"]["estimate"], vc["estimate"], rtol=1e-9)
    np.testing.assert_allclose(report300["d_study"]["phi"], d_study(vc, range(1, 11))["phi"], rtol=1e-9)

    conv = source_convergence(cycle300)
    pd.testing.assert_frame_equal(report300["convergence"][conv.columns].reset_index(drop=True), conv,
                                  check_exact=False, atol=1e-12, rtol=0)


def test_report_bootstrap_on_request_and_null(cycle300, report300):
    from kinerja_survey.analysis.reliability import reliability_report, scale_scores

    a = reliability_report(cycle300, bootstrap=True, n_boot=300, random_state=3)
    b = reliability_report(cycle300, bootstrap=True, n_boot=300, random_state=3)
    boot = a["kripp_bootstrap"].set_index("data")
    pd.testing.assert_frame_equal(a["kripp_bootstrap"], b["kripp_bootstrap"])
    kr = report300["krippendorff"].set_index("data")["alpha"]
    for data in ("item", "scale_score"):
        assert boot.loc[data, "alpha"] == pytest.approx(kr[data], abs=1e-12)
        assert boot.loc[data, "CI_lower"] < kr[data] < boot.loc[data, "CI_upper"]
    others = cycle300[cycle300["relationship"] != "self"]
    scores = scale_scores(others)
    one = krippendorff_bootstrap(scores, ratings="score", n_boot=300, random_state=9).iloc[0]
    assert one["alpha"] == pytest.approx(kr["scale_score"], abs=1e-12)
    # the tables without randomness are the same with and without the bootstrap
    pd.testing.assert_frame_equal(a["omega"], report300["omega"])
    skew = reliability_report(cycle300, null="slight_skew")
    np.testing.assert_allclose(skew["rwg_j"]["rwg_j"], rwg_j(others, null="slight_skew")["rwg_j"], atol=1e-12)
    with pytest.raises(ValueError, match="n_boot"):
        reliability_report(cycle300, bootstrap=True, n_boot=0)


def test_report_on_a_tiny_nested_cycle_marks_the_g_study_not_estimable():
    from kinerja_survey.analysis.reliability import reliability_report

    rows = []
    for t in ("A", "B", "C"):
        for j, rel in enumerate(("self", "supervisor", "peer", "peer")):
            rater = t if rel == "self" else f"{t}-{j}"  # every other rater rates one ratee only
            for q, comp in (("Q1", "BER"), ("Q2", "BER"), ("Q3", "BER")):
                rows.append((t, rater, rel, comp, q, float(1 + (ord(t) + j + int(q[1])) % 5)))
    df = pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "competency", "item", "rating"])
    rep = reliability_report(df)
    vc = rep["var_components"]
    assert vc["estimate"].isna().all() and "derajat bebas" in vc["note"].iloc[0]
    assert rep["d_study"]["phi"].isna().all()
    assert len(rep["ratee_reliability"]) == 3
    assert "porsi varians kelonggaran penilai" not in set(rep["summary"]["measure"])
