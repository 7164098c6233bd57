"""Tests of kinerja_survey.analysis.reliability against published values, pingouin and krippendorff.

Reference sources (each test names its own):
- [SF79] Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
  reliability. Psychological Bulletin 86(2), 420-428. Table 1 (6 targets x 4 judges), Table 2
  (ANOVA: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02; ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71,
  ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91).
- [PG] pingouin 0.7.0: intraclass_corr, cronbach_alpha, anova and their docstring values
  (cronbach_alpha dataset 0.5917188485995826; cronbach_wide_missing pairwise 0.732660835214447,
  listwise 0.8016949152542373, documented there as R psych::alpha(use="pairwise" /
  "complete.obs")).
- [K11] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Worked example with
  4 coders x 12 units and missing values: nominal .743, ordinal .815, interval .849, ratio .797.
- [KP] the `krippendorff` package 0.9.0 (krippendorff.alpha), exact equality on random data.
- [JDW84] James, Demaree & Wolf (1984), J. Appl. Psych. 69, 85-98: rwg = 1 - s2/sEU2,
  sEU2 = (A^2-1)/12 (= 2 for A = 5), rwg(J) formula, truncation at 0; same in R
  multilevel::rwg / rwg.j (Bliese, manual v2.7).
- [SB] Spearman (1910), Brown (1910): rho* = m rho / (1 + (m-1) rho).
"""

from __future__ import annotations

import doctest
from fractions import Fraction

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy.stats import f as fdist

from kinerja_survey import demo
from kinerja_survey.analysis import consistency, reliability
from kinerja_survey.analysis import krippendorff as kripp_module
from kinerja_survey.analysis.reliability import (
    cronbach_alpha,
    cronbach_by_competency,
    icc_nested,
    icc_panel,
    krippendorff_alpha,
    raters_needed,
    reliability_report,
    rwg,
    rwg_j,
    scale_scores,
    spearman_brown,
)

SF_TABLE1 = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
K11_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
]


def sf_long(cols=("ratee", "rater", "rating")) -> pd.DataFrame:
    return pd.DataFrame(
        [(f"T{t}", f"J{j}", float(x)) for t, row in enumerate(SF_TABLE1) for j, x in enumerate(row)],
        columns=list(cols),
    )


def matrix_long(M: np.ndarray, unit="unit", coder="coder", value="value") -> pd.DataFrame:
    """coders x units matrix (krippendorff package layout) to long format."""
    c, u = np.indices(M.shape)
    return pd.DataFrame({unit: u.ravel(), coder: c.ravel(), value: np.asarray(M, float).ravel()})


@pytest.fixture
def pg_full_precision():
    old = pg.options.copy()
    pg.options["round"] = None
    pg.options["round.column.CI95"] = None
    yield
    pg.options.clear()
    pg.options.update(old)


@pytest.fixture(scope="module")
def small_cycle() -> pd.DataFrame:
    return demo.simulate_ratings(demo.synthetic_assignments(300, seed=5), seed=5).ratings


# ------------------------------------------------------------------------------------------
# icc_panel
# ------------------------------------------------------------------------------------------

def test_icc_panel_reproduces_shrout_fleiss_table2():
    # [SF79] Table 2, values printed to two decimals
    out = icc_panel(sf_long(("t", "j", "x")), "t", "j", "x").set_index("Type")
    expected = {"ICC(1,1)": .17, "ICC(A,1)": .29, "ICC(C,1)": .71,
                "ICC(1,k)": .44, "ICC(A,k)": .62, "ICC(C,k)": .91}
    for typ, val in expected.items():
        assert out.loc[typ, "ICC"] == pytest.approx(val, abs=0.005), typ


@pytest.mark.parametrize("dataset", ["icc", "shrout_fleiss"])
def test_icc_panel_equals_pingouin(dataset, pg_full_precision):
    # [PG] pingouin.intraclass_corr: same layout, values to 1e-9
    if dataset == "icc":
        df, cols = pg.read_dataset("icc"), ("Wine", "Judge", "Scores")
    else:
        df, cols = sf_long(("t", "j", "x")), ("t", "j", "x")
    ours = icc_panel(df, *cols)
    ref = pg.intraclass_corr(df, *cols)
    assert list(ours.columns) == list(ref.columns)
    assert ours["Type"].tolist() == ref["Type"].tolist()
    for col in ("ICC", "F", "pval"):
        np.testing.assert_allclose(ours[col], ref[col], rtol=0, atol=1e-9)
    assert ours["df1"].tolist() == ref["df1"].tolist()
    np.testing.assert_allclose(ours["df2"].astype(float), ref["df2"].astype(float), atol=1e-9)
    np.testing.assert_allclose(np.vstack(ours["CI95"]), np.vstack(ref["CI95"]), atol=1e-9)


def test_icc_panel_wine_published_rounded_values():
    # [PG] intraclass_corr docstring (wine data): ICC(1,1) 0.728, ICC(C,k) 0.915, F 11.680
    out = icc_panel(pg.read_dataset("icc"), "Wine", "Judge", "Scores").set_index("Type")
    assert round(out.loc["ICC(1,1)", "ICC"], 3) == 0.728
    assert round(out.loc["ICC(C,k)", "ICC"], 3) == 0.915
    assert round(out.loc["ICC(1,1)", "F"], 3) == 11.680


def test_icc_panel_ignores_row_order_and_id_types(pg_full_precision):
    df = pg.read_dataset("icc")
    base = icc_panel(df, "Wine", "Judge", "Scores")
    shuffled = df.sample(frac=1, random_state=3).reset_index(drop=True)
    shuffled["Wine"] = shuffled["Wine"].map(lambda w: f"wine-{w}").astype("category")
    shuffled["Judge"] = shuffled["Judge"].astype(str)
    other = icc_panel(shuffled, "Wine", "Judge", "Scores")
    np.testing.assert_allclose(base["ICC"], other["ICC"], atol=1e-12)


def test_icc_panel_unbalanced_data_raise_with_count_and_pointer():
    df = pg.read_dataset("icc")
    df = df.drop(index=df.index[[0, 5]])  # two ratings of two different wines removed
    with pytest.raises(ValueError, match=r"2 dari 8 Wine tidak memiliki skor.*icc_nested"):
        icc_panel(df, "Wine", "Judge", "Scores")
    df = pg.read_dataset("icc")
    df.loc[3, "Scores"] = np.nan
    with pytest.raises(ValueError, match=r"1 dari 8 Wine"):
        icc_panel(df, "Wine", "Judge", "Scores")


def test_icc_panel_rejects_duplicates_and_bad_input():
    df = pg.read_dataset("icc")
    with pytest.raises(ValueError, match="memiliki 2 skor dari Judge 'A'; icc_panel memerlukan tepat satu skor"):
        icc_panel(pd.concat([df, df.iloc[[0]]]), "Wine", "Judge", "Scores")
    with pytest.raises(ValueError, match="icc_panel: data tidak memuat kolom: Score"):
        icc_panel(df, "Wine", "Judge", "Score")
    bad = df.astype({"Scores": object})
    bad.loc[2, "Scores"] = "tinggi"
    with pytest.raises(ValueError, match=r"baris 2: Scores 'tinggi' bukan angka"):
        icc_panel(bad, "Wine", "Judge", "Scores")


# ------------------------------------------------------------------------------------------
# icc_nested
# ------------------------------------------------------------------------------------------

def test_icc_nested_balanced_matches_shrout_fleiss_anova_and_pingouin(pg_full_precision):
    out = icc_nested(sf_long()).iloc[0]
    # [SF79] Table 2: BMS = 11.24, WMS = 6.26; ICC(1,1) = .17, ICC(1,4) = .44
    assert out["MSB"] == pytest.approx(11.24, abs=0.005)
    assert out["MSW"] == pytest.approx(6.26, abs=0.005)
    assert out["ICC1"] == pytest.approx(0.17, abs=0.005)
    assert out["ICC1k"] == pytest.approx(0.44, abs=0.005)
    assert out["k0"] == 4
    # [PG] the one-way rows of pingouin.intraclass_corr, to 1e-9
    ref = pg.intraclass_corr(sf_long(), "ratee", "rater", "rating").set_index("Type")
    for ours, typ in (("ICC1", "ICC(1,1)"), ("ICC1k", "ICC(1,k)")):
        assert out[ours] == pytest.approx(ref.loc[typ, "ICC"], abs=1e-9)
        assert out[f"{ours}_lower"] == pytest.approx(ref.loc[typ, "CI95"][0], abs=1e-9)
        assert out[f"{ours}_upper"] == pytest.approx(ref.loc[typ, "CI95"][1], abs=1e-9)
    assert out["F"] == pytest.approx(ref.loc["ICC(1,1)", "F"], abs=1e-9)
    assert out["pval"] == pytest.approx(ref.loc["ICC(1,1)", "pval"], abs=1e-12)
    assert (out["df1"], out["df2"]) == (5, 18)


def test_icc_nested_equals_pingouin_one_way_on_wine(pg_full_precision):
    df = pg.read_dataset("icc")
    out = icc_nested(df, "Wine", "Judge", "Scores").iloc[0]
    ref = pg.intraclass_corr(df, "Wine", "Judge", "Scores").set_index("Type")
    assert out["ICC1"] == pytest.approx(ref.loc["ICC(1,1)", "ICC"], abs=1e-9)
    assert out["ICC1k"] == pytest.approx(ref.loc["ICC(1,k)", "ICC"], abs=1e-9)
    np.testing.assert_allclose([out["ICC1_lower"], out["ICC1_upper"]], ref.loc["ICC(1,1)", "CI95"], atol=1e-9)


UNBALANCED = {"A": [4, 5, 5], "B": [2, 3], "C": [3, 3, 4, 5], "D": [1, 2, 2, 1, 3], "E": [5]}


def test_icc_nested_unbalanced_hand_computation():
    """Exact rational arithmetic of the one-way ANOVA, k0 = (N - sum n_i^2/N)/(a-1) [SF79]."""
    df = pd.DataFrame([(t, f"{t}{j}", x) for t, xs in UNBALANCED.items() for j, x in enumerate(xs)],
                      columns=["ratee", "rater", "rating"])
    out = icc_nested(df).iloc[0]
    groups = {t: [Fraction(x) for x in xs] for t, xs in UNBALANCED.items()}
    allx = [x for xs in groups.values() for x in xs]
    N, a = len(allx), len(groups)
    grand = sum(allx) / N
    means = {t: sum(xs) / len(xs) for t, xs in groups.items()}
    ssb = sum(len(xs) * (means[t] - grand) ** 2 for t, xs in groups.items())
    ssw = sum((x - means[t]) ** 2 for t, xs in groups.items() for x in xs)
    msb, msw = ssb / (a - 1), ssw / (N - a)
    k0 = (N - Fraction(sum(len(xs) ** 2 for xs in groups.values()), N)) / (a - 1)
    assert k0 == Fraction(15 - Fraction(55, 15), 4)  # sizes 3, 2, 4, 5, 1: N = 15, sum n^2 = 55
    icc1 = (msb - msw) / (msb + (k0 - 1) * msw)
    assert out["k0"] == pytest.approx(float(k0), abs=1e-12)
    assert out["MSB"] == pytest.approx(float(msb), abs=1e-12)
    assert out["MSW"] == pytest.approx(float(msw), abs=1e-12)
    assert out["ICC1"] == pytest.approx(float(icc1), abs=1e-12)
    assert out["ICC1k"] == pytest.approx(float((msb - msw) / msb), abs=1e-12)
    # McGraw & Wong (1996) Table 7 case 1 limits with k0, from scipy's F quantiles
    F = float(msb / msw)
    fl = F / fdist.ppf(0.975, a - 1, N - a)
    fu = F * fdist.ppf(0.975, N - a, a - 1)
    assert out["ICC1_lower"] == pytest.approx((fl - 1) / (fl + float(k0) - 1), abs=1e-12)
    assert out["ICC1_upper"] == pytest.approx((fu - 1) / (fu + float(k0) - 1), abs=1e-12)
    assert out["ICC1k_upper"] == pytest.approx(1 - 1 / fu, abs=1e-12)
    # [PG] pingouin's one-way ANOVA gives the same mean squares on the unbalanced data
    aov = pg.anova(data=df, dv="rating", between="ratee", detailed=True)
    assert aov.loc[0, "MS"] == pytest.approx(float(msb), abs=1e-9)
    assert aov.loc[1, "MS"] == pytest.approx(float(msw), abs=1e-9)
    assert out["pval"] == pytest.approx(aov.loc[0, "p_unc"], abs=1e-12)


def test_icc_nested_groups_and_single_rater_groups(small_cycle):
    scores = scale_scores(small_cycle[small_cycle["relationship"] != "self"])
    out = icc_nested(scores, ratings="score", group="relationship").set_index("group")
    assert list(out.index) == ["peer", "subordinate", "supervisor", "overall"]
    sup = out.loc["supervisor"]
    assert np.isnan(sup["ICC1"]) and "satu penilai" in sup["note"]
    for g in ("peer", "subordinate"):
        sub = scores[scores["relationship"] == g]
        alone = icc_nested(sub, ratings="score").iloc[0]
        assert out.loc[g, "ICC1"] == pytest.approx(alone["ICC1"], abs=1e-12)
    overall = icc_nested(scores, ratings="score").iloc[0]
    assert out.loc["overall", "ICC1k"] == pytest.approx(overall["ICC1k"], abs=1e-12)
    assert 0.2 < out.loc["overall", "ICC1"] < 0.9 and out.loc["overall", "note"] == ""


def test_icc_nested_rejects_item_level_input(small_cycle):
    with pytest.raises(ValueError, match="scale_scores"):
        icc_nested(small_cycle)
    with pytest.raises(ValueError, match="icc_nested: data tidak memuat kolom: score"):
        icc_nested(sf_long(), ratings="score")


# ------------------------------------------------------------------------------------------
# Krippendorff's alpha
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("level, published", [("nominal", .743), ("ordinal", .815),
                                              ("interval", .849), ("ratio", .797)])
def test_krippendorff_worked_example(level, published):
    # [K11] published to three decimals; [KP] to 1e-12
    df = matrix_long(np.array(K11_DATA))
    a = krippendorff_alpha(df, "unit", "coder", "value", level=level)
    assert round(a, 3) == published
    assert a == pytest.approx(krippendorff.alpha(np.array(K11_DATA), level_of_measurement=level), abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("level", reliability.LEVELS)
def test_krippendorff_equals_package_on_random_data(seed, level):
    rng = np.random.default_rng(seed)
    n_units, n_coders = 60, 5
    truth = rng.integers(0, 5, n_units)
    M = np.clip(truth[None, :] + rng.integers(-1, 2, (n_coders, n_units)), 0, 6).astype(float)
    M[rng.random(M.shape) < 0.25] = np.nan
    ours = krippendorff_alpha(matrix_long(M), "unit", "coder", "value", level=level)
    assert ours == pytest.approx(krippendorff.alpha(M, level_of_measurement=level), abs=1e-9)


@pytest.mark.parametrize("level", reliability.LEVELS)
def test_krippendorff_sparse_and_closed_form_paths(monkeypatch, level):
    rng = np.random.default_rng(7)
    M = np.round(rng.normal(3, 1, (4, 80)) + rng.normal(0, 1, 80)[None, :], 1) + 5
    M[rng.random(M.shape) < 0.2] = np.nan
    ref = krippendorff.alpha(M, level_of_measurement=level)
    df = matrix_long(M)
    monkeypatch.setattr(kripp_module, "_DENSE_CELLS", 0)  # force the scipy.sparse product
    assert krippendorff_alpha(df, "unit", "coder", "value", level=level) == pytest.approx(ref, abs=1e-9)
    monkeypatch.setattr(kripp_module, "MAX_VALUES", 3)  # force the closed form (interval only)
    if level == "interval":
        assert krippendorff_alpha(df, "unit", "coder", "value", level=level) == pytest.approx(ref, abs=1e-9)
    else:
        with pytest.raises(ValueError, match="terlalu banyak"):
            krippendorff_alpha(df, "unit", "coder", "value", level=level)


def test_krippendorff_nominal_strings_and_multi_column_units(small_cycle):
    df = matrix_long(np.array(K11_DATA))
    labels = {1.0: "sangat kurang", 2.0: "kurang", 3.0: "cukup", 4.0: "baik", 5.0: "sangat baik"}
    df["label"] = df["value"].map(labels)
    assert krippendorff_alpha(df, "unit", "coder", "label", level="nominal") == pytest.approx(0.743421052631579, abs=1e-12)
    with pytest.raises(ValueError, match="memerlukan nilai angka"):
        krippendorff_alpha(df, "unit", "coder", "label", level="ordinal")
    with pytest.raises(ValueError, match=r"targets=\['ratee', 'item'\]"):
        krippendorff_alpha(small_cycle)
    a = krippendorff_alpha(small_cycle, targets=["ratee", "item"])
    assert 0 < a < 1
    with pytest.raises(ValueError, match="level harus salah satu dari"):
        krippendorff_alpha(df, "unit", "coder", "value", level="rasio")


# ------------------------------------------------------------------------------------------
# Cronbach's alpha
# ------------------------------------------------------------------------------------------

def test_cronbach_long_dataset_matches_pingouin_docstring():
    # [PG] pg.cronbach_alpha(data, items="Items", scores="Scores", subject="Subj")
    #      -> (0.5917188485995826, array([0.195, 0.84 ]))
    df = pg.read_dataset("cronbach_alpha")
    out = cronbach_alpha(df, "Items", "Subj", "Scores").iloc[0]
    assert out["alpha"] == pytest.approx(0.5917188485995826, abs=1e-9)
    assert round(out["CI95_lower"], 3) == 0.195 and round(out["CI95_upper"], 3) == 0.840
    ref, _ = pg.cronbach_alpha(data=df, items="Items", scores="Scores", subject="Subj")
    assert out["alpha"] == pytest.approx(ref, abs=1e-12)


def test_cronbach_missing_values_pairwise_and_listwise():
    wide = pg.read_dataset("cronbach_wide_missing")
    long = wide.reset_index().melt(id_vars="index", var_name="item", value_name="x")
    # [PG] docstring, = R psych::alpha(use="pairwise"): 0.732660835214447, CI [0.435, 0.909]
    pw = cronbach_alpha(long, "item", "index", "x").iloc[0]
    assert pw["alpha"] == pytest.approx(0.732660835214447, abs=1e-9)
    assert (round(pw["CI95_lower"], 3), round(pw["CI95_upper"], 3)) == (0.435, 0.909)
    assert pw["n_subjects"] == 12
    # [PG] docstring, = R psych::alpha(use="complete.obs"): 0.8016949152542373
    lw = cronbach_alpha(long, "item", "index", "x", nan_policy="listwise").iloc[0]
    assert lw["alpha"] == pytest.approx(0.8016949152542373, abs=1e-9)
    # Feldt's interval uses the 9 complete subjects (pingouin 0.7 keeps n = 12 there)
    assert lw["n_subjects"] == 9
    a, n, k = lw["alpha"], 9, 11
    assert lw["CI95_lower"] == pytest.approx(1 - (1 - a) * fdist.isf(0.025, n - 1, (n - 1) * (k - 1)), abs=1e-12)
    with pytest.raises(ValueError, match="nan_policy"):
        cronbach_alpha(long, "item", "index", "x", nan_policy="drop")


def test_pairwise_covariance_equals_pandas():
    rng = np.random.default_rng(4)
    W = rng.normal(1000, 0.5, (400, 5))  # large mean: checks the centring
    W[rng.random(W.shape) < 0.3] = np.nan
    np.testing.assert_allclose(consistency._pairwise_cov(W), pd.DataFrame(W).cov().to_numpy(), rtol=1e-9)


def test_cronbach_by_competency_equals_per_scale_alpha(small_cycle):
    out = cronbach_by_competency(small_cycle).set_index("competency")
    assert list(out.index) == sorted(small_cycle["competency"].unique())
    for comp in ("BER", "KOL"):
        sub = small_cycle[small_cycle["competency"] == comp]
        one = cronbach_alpha(sub).iloc[0]
        assert out.loc[comp, "alpha"] == pytest.approx(one["alpha"], abs=1e-12)
        wide = sub.assign(s=sub["ratee"].astype(str) + "|" + sub["rater"].astype(str)).pivot(
            index="s", columns="item", values="rating")
        assert out.loc[comp, "alpha"] == pytest.approx(pg.cronbach_alpha(wide)[0], abs=1e-9)
        assert out.loc[comp, "n_items"] == 3


# ------------------------------------------------------------------------------------------
# rwg, rwg(J)
# ------------------------------------------------------------------------------------------

def test_rwg_hand_cases():
    # [JDW84] 5-point scale: sEU2 = (25 - 1)/12 = 2
    df = pd.DataFrame({
        "ratee": ["a"] * 5 + ["b"] * 4 + ["c"],
        "item": "q1",
        "rating": [4, 4, 5, 4, 3, 1, 5, 1, 5, 3],
    })
    out = rwg(df).set_index("ratee")
    assert out.loc["a", "variance"] == pytest.approx(0.5)      # deviations 0,0,1,0,-1 / (5-1)
    assert out.loc["a", "rwg"] == pytest.approx(1 - 0.5 / 2)    # .75
    assert out.loc["b", "variance"] == pytest.approx(16 / 3)    # larger than 2: truncated
    assert out.loc["b", "rwg"] == 0.0
    assert np.isnan(out.loc["c", "rwg"]) and out.loc["c", "n_raters"] == 1
    seven = rwg(df, scale_points=7).set_index("ratee")  # sEU2 = 48/12 = 4
    assert seven.loc["a", "rwg"] == pytest.approx(1 - 0.5 / 4)
    with pytest.raises(ValueError, match="scale_points"):
        rwg(df, scale_points=1)


def test_rwg_j_formula_and_spearman_brown_identity():
    # three items with sample variances 2/3, 2/3 and 0 among four raters
    items = {"q1": [3, 4, 4, 5], "q2": [2, 3, 4, 3], "q3": [3, 3, 3, 3]}
    df = pd.DataFrame([("a", f"r{j}", q, x) for q, xs in items.items() for j, x in enumerate(xs)],
                      columns=["ratee", "rater", "item", "rating"])
    out = rwg_j(df).iloc[0]
    mean_var = (2 / 3 + 2 / 3 + 0) / 3
    J, q = 3, mean_var / 2
    assert out["mean_variance"] == pytest.approx(mean_var)
    assert out["rwg_j"] == pytest.approx(J * (1 - q) / (J * (1 - q) + q), abs=1e-12)  # [JDW84]
    # rwg(J) is the Spearman-Brown step-up of 1 - mean s2 / sEU2 to J items
    assert out["rwg_j"] == pytest.approx(spearman_brown(1 - q, J), abs=1e-12)
    assert (out["n_raters"], out["n_items"]) == (4, 3)
    noisy = df.assign(rating=np.tile([1, 5, 1, 5], 3).astype(float))
    assert rwg_j(noisy).iloc[0]["rwg_j"] == 0.0  # mean variance 16/3 > 2: truncated [JDW84]


def test_rwg_j_vectorised_equals_naive_groupby(small_cycle):
    others = small_cycle[small_cycle["relationship"] != "self"]
    out = rwg_j(others).set_index("ratee")
    # independent per-ratee computation (pandas groupby var, ddof=1)
    var = others.groupby(["ratee", "item"], observed=True)["rating"].var()
    mv = var.groupby(level="ratee", observed=True).mean()
    J = var.notna().groupby(level="ratee", observed=True).sum()
    q = mv / 2.0
    naive = (J * (1 - q) / (J * (1 - q) + q)).where(q <= 1, 0.0)
    np.testing.assert_allclose(out.loc[naive.index, "rwg_j"], naive, atol=1e-12)
    by = rwg_j(others, by="competency")
    assert set(by["competency"]) == set(others["competency"].unique())
    assert (by["n_items"] <= 3).all()


# ------------------------------------------------------------------------------------------
# Spearman-Brown and raters needed
# ------------------------------------------------------------------------------------------

def test_spearman_brown_textbook_values():
    # [SB] doubling a test of reliability .5 gives 2(.5)/(1+.5) = .6667
    assert spearman_brown(0.5, 2) == pytest.approx(2 / 3)
    assert spearman_brown(0.8, 0.5) == pytest.approx(0.4 / 0.6)
    # [SF79] stepping ICC(1,1) up to 4 judges gives ICC(1,4) (balanced one-way case)
    nested = icc_nested(sf_long()).iloc[0]
    assert spearman_brown(nested["ICC1"], 4) == pytest.approx(nested["ICC1k"], abs=1e-12)
    s = spearman_brown(pd.Series([0.2, 0.5], index=["peer", "subordinate"]), 3)
    assert list(s.index) == ["peer", "subordinate"]
    with pytest.raises(ValueError):
        spearman_brown(1.5, 2)


def test_raters_needed():
    # k = .7(1-.166)/(.166(.3)) = 11.72 -> 12 raters (Shrout & Fleiss ICC(1,1) = .166)
    assert raters_needed(0.166, 0.7) == 12
    # exact inverse: reliability .5 needs k = .8(.5)/(.5(.2)) = 4 raters for .8 (no rounding up)
    assert raters_needed(0.5, 0.8) == 4
    assert spearman_brown(0.5, 4) == pytest.approx(0.8)
    np.testing.assert_array_equal(raters_needed(np.array([0.75, 0.0, -0.1, np.nan]), 0.7),
                                  [1, np.nan, np.nan, np.nan])
    table = pd.DataFrame({"group": ["peer", "subordinate"], "ICC1": [0.3, 0.1]})
    got = raters_needed(table)
    assert got.to_dict() == {"peer": 6.0, "subordinate": 21.0}
    with pytest.raises(ValueError, match="target"):
        raters_needed(0.3, 1.2)


# ------------------------------------------------------------------------------------------
# scale scores and the cycle report
# ------------------------------------------------------------------------------------------

def test_scale_scores_means_over_answered_items():
    rows = [("a", "x", "peer", "BER", "BER1", 4.0), ("a", "x", "peer", "BER", "BER2", np.nan),
            ("a", "x", "peer", "AKU", "AKU1", 2.0), ("a", "y", "self", "BER", "BER1", 5.0),
            ("a", "y", "self", "BER", "BER2", 3.0), ("a", "y", "self", "AKU", "AKU1", np.nan)]
    df = pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "competency", "item", "rating"])
    overall = scale_scores(df).set_index("rater")
    assert overall.loc["x", "score"] == 3.0 and overall.loc["x", "n_items"] == 2
    assert overall.loc["y", "score"] == 4.0 and overall.loc["y", "relationship"] == "self"
    comp = scale_scores(df, by="competency").set_index(["rater", "competency"])
    assert comp.loc[("x", "BER"), "score"] == 4.0
    assert np.isnan(comp.loc[("y", "AKU"), "score"]) and comp.loc[("y", "AKU"), "n_items"] == 0
    bad = df.copy()
    bad.loc[1, "relationship"] = "supervisor"
    with pytest.raises(ValueError, match="relationship"):
        scale_scores(bad)


def test_reliability_report_agrees_with_the_public_functions(small_cycle):
    rep = reliability_report(small_cycle)
    assert set(rep) == {"icc", "cronbach", "rwg_j", "agreement", "krippendorff", "summary",
                        # added with issue 16 (tests/test_agreement.py checks them)
                        "agreement_indices", "agreement_ratee", "ratee_reliability", "omega", "var_components",
                        "d_study", "convergence",
                        # added with issue 26 (test_reliability_report_issue26_tables_equal_the_functions)
                        "g_study_reml", "g_study_items", "d_study_items", "omega_hierarchical", "omega_loadings"}
    others = small_cycle[small_cycle["relationship"] != "self"]
    scores = scale_scores(others)
    icc = icc_nested(scores, ratings="score", group="relationship").set_index("group")
    got = rep["icc"].set_index("group")
    assert list(got.index) == list(icc.index)
    for col in ("ICC1", "ICC1k", "ICC1_lower", "ICC1k_upper", "k0", "F"):
        np.testing.assert_allclose(got[col], icc[col], atol=1e-12, equal_nan=True)
    np.testing.assert_array_equal(got["raters_needed"], raters_needed(icc["ICC1"].to_numpy(), 0.7))
    cron = cronbach_by_competency(small_cycle)
    np.testing.assert_allclose(rep["cronbach"]["alpha"], cron["alpha"], atol=1e-12)
    rj = rwg_j(others).set_index("ratee")
    np.testing.assert_allclose(rep["rwg_j"].set_index("ratee")["rwg_j"], rj.loc[rep["rwg_j"]["ratee"], "rwg_j"], atol=1e-12)
    kr = rep["krippendorff"].set_index("data")["alpha"]
    assert kr["item"] == pytest.approx(krippendorff_alpha(others, targets=["ratee", "item"]), abs=1e-12)
    assert kr["scale_score"] == pytest.approx(krippendorff_alpha(scores, ratings="score"), abs=1e-12)
    agree = rep["agreement"].set_index("competency")
    assert agree.loc["ALL", "mean_rwg_j"] == pytest.approx(rj["rwg_j"].mean(), abs=1e-12)
    assert "penilai" in " ".join(rep["summary"]["reading"])


def test_reliability_report_computes_only_the_tables_asked_for(small_cycle):
    """``tables=``: each table alone (or the per-ratee three together) equals the same table of the
    whole report; an unknown name is refused naming the choices."""
    from kinerja_survey.analysis.reliability import REPORT_TABLES

    full = reliability_report(small_cycle)
    assert tuple(full) == REPORT_TABLES
    for name in REPORT_TABLES:
        one = reliability_report(small_cycle, tables=[name])
        assert list(one) == [name]
        pd.testing.assert_frame_equal(one[name], full[name])
    per = reliability_report(small_cycle, tables=("ratee_reliability", "rwg_j", "agreement_ratee"))
    assert list(per) == ["rwg_j", "agreement_ratee", "ratee_reliability"]  # the report's own order
    with pytest.raises(ValueError, match="reliability_report: tables harus salah satu dari icc, cronbach"):
        reliability_report(small_cycle, tables=["icc", "alpha"])


def test_reliability_report_issue26_tables_equal_the_functions(small_cycle):
    """The REML, item-design and omega-hierarchical tables are the statistic functions called
    directly on the same input (their own reference values against lme4 and psych::omega are in
    tests/test_reml.py and tests/test_omega.py)."""
    from kinerja_survey.analysis.generalizability import variance_components
    from kinerja_survey.analysis.omega import omega_hierarchical
    from kinerja_survey.analysis.reml import d_study_items, variance_components_reml

    rep = reliability_report(small_cycle, tables=["g_study_reml", "g_study_items", "d_study_items",
                                                  "omega_hierarchical", "omega_loadings", "var_components"])
    others = small_cycle[small_cycle["relationship"] != "self"]
    scores = scale_scores(others).dropna(subset=["score"])
    g = rep["g_study_reml"]
    assert list(g["method"]) == ["henderson3"] * 3 + ["reml"] * 3
    assert list(g["component"]) == ["ratee", "rater", "residual"] * 2
    h3 = variance_components(scores, ratings="score")
    reml = variance_components(scores, ratings="score", method="reml")
    for col in ("estimate", "variance", "share"):
        np.testing.assert_allclose(g[col].to_numpy()[:3], h3[col].to_numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(g[col].to_numpy()[3:], reml[col].to_numpy(), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(g["variance"].to_numpy()[:3], rep["var_components"]["variance"], atol=1e-15)
    items = variance_components_reml(others.dropna(subset=["rating"]), items="item")
    gi = rep["g_study_items"]
    assert list(gi["component"]) == ["ratee", "rater", "item", "ratee_rater", "residual"]
    np.testing.assert_allclose(gi["variance"], items["variance"], rtol=1e-6, atol=1e-9)
    di = rep["d_study_items"]
    assert list(di["k"]) == list(range(1, 11)) and (di["n_items"] == 21).all()
    pd.testing.assert_frame_equal(di, d_study_items(gi, range(1, 11), 21), rtol=1e-12)
    # the report passes its own questionnaire x item table (questionnaires in order of appearance,
    # not sorted): the minres optimum agrees to its convergence tolerance, not to the last bit
    om = omega_hierarchical(small_cycle)
    row = rep["omega_hierarchical"].iloc[0]
    for col in ("omega_h", "omega_total", "ecv", "omega_limit", "alpha", "n", "n_items", "n_factors"):
        assert row[col] == pytest.approx(om[col].iloc[0], abs=1e-9), col
    assert 0 < row["omega_h"] < row["omega_total"] <= 1
    load = om.attrs["loadings"]
    got = rep["omega_loadings"]
    assert list(got.columns) == ["item", "competency", "g", "h2", "u2", "p2"]
    assert list(got["item"]) == list(load["item"]) and list(got["competency"]) == list(load["group"])
    np.testing.assert_allclose(got[["g", "h2", "u2", "p2"]], load[["g", "h2", "u2", "p2"]], atol=1e-8)
    # plain tables (a DataFrame in attrs breaks pandas' concat and printing)
    assert not any(rep[t].attrs for t in ("g_study_reml", "g_study_items", "omega_hierarchical"))


def test_reliability_report_reml_has_a_size_limit_unless_asked(small_cycle, monkeypatch):
    """Above ITEM_REML_MAX_ANSWERS the default report fits no REML (slow on big cycles): a note per
    row, NaN figures; named in ``tables=`` the tables are fitted at any size."""
    from kinerja_survey.analysis import report

    monkeypatch.setattr(report, "ITEM_REML_MAX_ANSWERS", 1000)
    rep = reliability_report(small_cycle)
    gi = rep["g_study_items"]
    assert gi["variance"].isna().all() and rep["d_study_items"]["g_coef"].isna().all()
    assert "1000" in str(gi["note"].iloc[0]) and "g_study_items" in str(gi["note"].iloc[0])
    g = rep["g_study_reml"].set_index("method")  # method III always, REML rows with the note
    assert g.loc["henderson3", "variance"].notna().all() and g.loc["reml", "variance"].isna().all()
    assert "g_study_reml" in str(g.loc["reml", "note"].iloc[0])
    asked = reliability_report(small_cycle, tables=["d_study_items"])["d_study_items"]
    assert asked["g_coef"].notna().all()
    asked = reliability_report(small_cycle, tables=["g_study_reml"])["g_study_reml"]
    assert asked["variance"].notna().all()
    assert not reliability_report(small_cycle, tables=["summary"]).keys() - {"summary"}


def test_reliability_report_of_three_per_ratee_tables_is_much_cheaper():
    """What ``cycle.per_ratee_reliability`` asks for skips alpha/omega, the coincidences, the
    G-study and the convergence table: at 1500 ratees it takes well under half the whole report."""
    import time

    ratings = demo.simulate_ratings(demo.synthetic_assignments(1500, seed=4), seed=4).ratings
    reliability_report(ratings.head(500), tables=["rwg_j"])  # warm up the imports

    def best(**kw):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            reliability_report(ratings, **kw)
            times.append(time.perf_counter() - start)
        return min(times)

    assert best(tables=("rwg_j", "agreement_ratee", "ratee_reliability")) < 0.5 * best()


def test_reliability_report_recovers_the_leniency_effect():
    """Known generating model: rater leniency lowers single-rater reliability (demo.py)."""
    a = demo.synthetic_assignments(400, seed=8)
    lenient = reliability_report(demo.simulate_ratings(a, seed=8, leniency_sd=0.8).ratings)
    fair = reliability_report(demo.simulate_ratings(a, seed=8, leniency_sd=0.0).ratings)
    icc_l = lenient["icc"].set_index("group").loc["overall", "ICC1"]
    icc_f = fair["icc"].set_index("group").loc["overall", "ICC1"]
    assert icc_f > icc_l + 0.15


def test_reliability_report_checks_its_input(small_cycle):
    with pytest.raises(ValueError, match="reliability_report: data tidak memuat kolom: item"):
        reliability_report(small_cycle.drop(columns="item"))
    bad = small_cycle.head(50).astype({"relationship": str})
    bad.loc[bad.index[0], "relationship"] = "atasan"
    with pytest.raises(ValueError, match="hubungan 'atasan' bukan salah satu dari"):
        reliability_report(bad)


def test_docstring_examples():
    from kinerja_survey.analysis import icc, ratee, report, within_agreement

    attempted = 0
    for module in (reliability, icc, kripp_module, consistency, within_agreement, ratee, report):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 10
