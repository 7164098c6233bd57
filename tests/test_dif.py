"""Item bias (analysis.dif) against MASS::polr, and on planted DIF.

Reference values: R 4.2.2, MASS 7.3-58.2, psych 2.2.9.  psych's ``bfi`` agreeableness items A1-A5
by gender (1 = male, 2 = female), complete cases (2,709 people), exported with::

    d <- bfi[, c("A1", "A2", "A3", "A4", "A5", "gender")]; d <- d[complete.cases(d), ]
    d$id <- seq_len(nrow(d)); write.csv(d, "tests/data/bfi_agreeableness.csv", row.names = FALSE)
    d$total <- rowSums(d[, c("A1", "A2", "A3", "A4", "A5")]); d$g <- as.numeric(d$gender == 2)
    ctl <- list(reltol = 1e-14, maxit = 10000)
    y <- factor(d$A1, ordered = TRUE)           # and likewise A2
    m1 <- polr(y ~ total, data = d, Hess = TRUE, control = ctl)
    m2 <- polr(y ~ total + g, data = d, Hess = TRUE, control = ctl)
    m3 <- polr(y ~ total * g, data = d, Hess = TRUE, control = ctl)
    print(c(logLik(m1), logLik(m2), logLik(m3)), digits = 15)
    print(coef(m2), digits = 15); print(m2$zeta, digits = 15); print(coef(m3), digits = 15)
    print(sqrt(diag(vcov(m2)))["g"], digits = 15)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kinerja_survey import analysis
from kinerja_survey.analysis import item_bias
from kinerja_survey.analysis.dif import ordinal_logit
from kinerja_survey.frames import AnalysisError

DATA = Path(__file__).parent / "data" / "bfi_agreeableness.csv"

POLR = {
    "A1": {"loglik": (-4241.25955018920, -4198.43929800826, -4198.22682623553),
           "m2": (0.0164610058539775, -0.6815044287932697),
           "zeta2": (-0.835451653358690, 0.419957852096463, 1.127334838280883, 2.033733113044846,
                     3.446261929268657),
           "m3": (0.0244051660301068, -0.4107061107996862, -0.0131688131393675),
           "se_g": 0.0739071348019027},
    "A2": {"loglik": (-3168.74482070925, -3143.90832937748, -3143.90305200951),
           "m2": (0.423632787424401, 0.552096618144167),
           "zeta2": (3.78163028781665, 5.50975661503668, 6.45176179442733, 8.25445464417970,
                     10.47245902288837),
           "m3": (0.42227603478815973, 0.50688992430031576, 0.00220620012487183),
           "se_g": 0.0784237604609481},
}


@pytest.fixture(scope="module")
def bfi() -> pd.DataFrame:
    return pd.read_csv(DATA)


@pytest.fixture(scope="module")
def bfi_long(bfi) -> pd.DataFrame:
    return bfi.melt(id_vars=["id", "gender"], var_name="item", value_name="rating")


def test_ordinal_logit_matches_polr(bfi):
    d = bfi.assign(total=bfi[["A1", "A2", "A3", "A4", "A5"]].sum(axis=1), g=(bfi["gender"] == 2) * 1.0)
    for item, ref in POLR.items():
        m1 = ordinal_logit(d[item], d[["total"]])
        m2 = ordinal_logit(d[item], d[["total", "g"]])
        m3 = ordinal_logit(d[item], np.column_stack([d["total"], d["g"], d["total"] * d["g"]]))
        got = (m1["loglik"], m2["loglik"], m3["loglik"])
        np.testing.assert_allclose(got, ref["loglik"], rtol=0, atol=1e-6)
        np.testing.assert_allclose(m2["beta"], ref["m2"], rtol=0, atol=1e-6)
        np.testing.assert_allclose(m2["zeta"], ref["zeta2"], rtol=0, atol=1e-6)
        np.testing.assert_allclose(m3["beta"], ref["m3"], rtol=0, atol=1e-6)
        assert m2["se"][1] == pytest.approx(ref["se_g"], abs=1e-6)
        assert m1["converged"] and m2["converged"] and m3["converged"]


def test_item_bias_table_matches_polr(bfi_long):
    out = item_bias(bfi_long, group="gender", targets="id", raters=None).set_index("item")
    assert list(out.index) == ["A1", "A2", "A3", "A4", "A5"]
    for item, ref in POLR.items():
        row = out.loc[item]
        np.testing.assert_allclose(row[["loglik_1", "loglik_2", "loglik_3"]].to_numpy(float), ref["loglik"], atol=1e-6)
        assert row["coef"] == pytest.approx(ref["m2"][1], abs=1e-6)
        assert row["coef_se"] == pytest.approx(ref["se_g"], abs=1e-6)
        ll1, ll2, ll3 = ref["loglik"]
        assert row["chi2_uniform"] == pytest.approx(2 * (ll2 - ll1), abs=1e-6)
        assert row["chi2_nonuniform"] == pytest.approx(2 * (ll3 - ll2), abs=1e-6)
        assert row["chi2_total"] == pytest.approx(2 * (ll3 - ll1), abs=1e-6)
        assert row["p_total"] == pytest.approx(stats.chi2.sf(2 * (ll3 - ll1), 2), rel=1e-6)
    # Benjamini-Hochberg as R p.adjust(method = "BH") / scipy
    np.testing.assert_allclose(out["p_adjusted"], stats.false_discovery_control(out["p_total"].to_numpy()), rtol=1e-12)
    # Nagelkerke and McFadden from the log-likelihoods (null model = the item's margins)
    y = bfi_long[bfi_long["item"] == "A1"]["rating"]
    n = len(y)
    counts = y.value_counts().to_numpy()
    ll0 = float((counts * np.log(counts / n)).sum())
    ll1, _, ll3 = POLR["A1"]["loglik"]
    nag = [(1 - np.exp(2 * (ll0 - ll) / n)) / (1 - np.exp(2 * ll0 / n)) for ll in (ll1, ll3)]
    assert out.loc["A1", "r2_total"] == pytest.approx(nag[1] - nag[0], abs=1e-9)
    assert out.loc["A1", "mcfadden_total"] == pytest.approx((1 - ll3 / ll0) - (1 - ll1 / ll0), abs=1e-9)
    # women answer A2 higher than men with the same total (positive log-odds), as in R
    assert out.loc["A2", "odds_ratio"] > 1


def _cycle(n_ratees=1500, dif=-1.2, seed=5):
    """A 360-degree cycle: each ratee rated by 3 raters on 6 items; item 'kolaboratif_1' rated lower
    for women at the same level (planted uniform DIF), item 'loyal_1' is null."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["L", "P"], size=n_ratees)
    true = rng.normal(size=n_ratees)
    items = ["akuntabel_1", "kompeten_1", "harmonis_1", "kolaboratif_1", "loyal_1", "adaptif_1"]
    rows = []
    for t in range(n_ratees):
        for r in range(3):
            rel = "supervisor" if r == 0 else "peer"
            lenient = rng.normal(scale=0.3)
            for it in items:
                z = 3.3 + 0.8 * true[t] + lenient + rng.normal(scale=0.6)
                if it == "kolaboratif_1" and sex[t] == "P":
                    z += dif
                rows.append((f"T{t}", f"T{t}R{r}", rel, it, int(np.clip(np.round(z), 1, 5)), sex[t]))
    return pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "item", "rating", "sex"])


def test_planted_dif_is_flagged_and_null_item_is_not():
    d = _cycle()
    out = item_bias(d, group="sex").set_index("item")
    assert out.loc["kolaboratif_1", "flagged"] and out.loc["kolaboratif_1", "dif_class"] in ("B", "C")
    assert out.loc["kolaboratif_1", "coef"] < -0.8  # women rated lower at the same total
    assert out.loc["kolaboratif_1", "p_adjusted"] < 1e-10
    assert out.loc["kolaboratif_1", "chi2_uniform"] > 10 * out.loc["kolaboratif_1", "chi2_nonuniform"]
    assert not out.loc["loyal_1", "flagged"] and out.loc["loyal_1", "dif_class"] == "A"
    assert out.loc["loyal_1", "r2_total"] < 0.01
    assert out["n"].iloc[0] == 1500 * 3  # forms are (ratee, rater)
    # purification: the biased item leaves the matching total of the others
    pur = item_bias(d, group="sex", purify=True)
    assert pur.attrs["anchor_items"] == ["adaptif_1", "akuntabel_1", "harmonis_1", "kompeten_1", "loyal_1"]
    assert pur.attrs["purify_rounds"] >= 2
    pur = pur.set_index("item")
    assert pur.loc["kolaboratif_1", "flagged"] and not pur.loc["loyal_1", "flagged"]
    # without the contaminated total the other items' apparent (opposite) DIF shrinks
    others = ["akuntabel_1", "kompeten_1", "harmonis_1", "loyal_1", "adaptif_1"]
    assert pur.loc[others, "chi2_uniform"].sum() < out.loc[others, "chi2_uniform"].sum()


def test_rater_side_group_and_reference_level():
    d = _cycle(n_ratees=600, dif=0.0, seed=9)
    out = item_bias(d, group="relationship", reference="supervisor")
    assert out.attrs["reference"] == "supervisor" and out.attrs["levels"] == ["peer", "supervisor"]
    assert list(out.attrs["coefficients"].columns) == ["peer"]
    assert (out["dif_class"] == "A").all()
    flipped = item_bias(d, group="relationship", reference="peer")
    np.testing.assert_allclose(flipped["coef"], -out["coef"], atol=1e-6)
    np.testing.assert_allclose(flipped["chi2_total"], out["chi2_total"], atol=1e-6)


def test_more_than_two_groups():
    d = _cycle(n_ratees=900, seed=11)
    gol = {f"T{t}": ["I", "II", "III", "IV"][t % 4] for t in range(900)}
    d["golongan"] = d["ratee"].map(gol)
    out = item_bias(d, group="golongan")
    assert (out["df_total"] == 6).all()
    assert out.attrs["coefficients"].shape == (6, 3)
    assert out.attrs["reference"] == "I"


def test_external_matching_score(bfi_long):
    total = bfi_long.groupby("id")["rating"].transform("sum")
    a = item_bias(bfi_long.assign(total=total), group="gender", matching="total", targets="id", raters=None)
    b = item_bias(bfi_long, group="gender", targets="id", raters=None)
    np.testing.assert_allclose(a["loglik_3"], b["loglik_3"], atol=1e-9)


def test_bad_input_is_named(bfi_long):
    with pytest.raises(AnalysisError, match="sex"):
        item_bias(bfi_long, group="sex", targets="id", raters=None)
    one = bfi_long.assign(gender=1)
    with pytest.raises(AnalysisError, match="gender"):
        item_bias(one, group="gender", targets="id", raters=None)
    twice = pd.concat([bfi_long, bfi_long.iloc[:1]], ignore_index=True)
    with pytest.raises(AnalysisError, match=str(len(bfi_long))):
        item_bias(twice, group="gender", targets="id", raters=None)
    changes = bfi_long.copy()
    changes.loc[changes.index[changes["id"] == 1][1], "gender"] = 9
    with pytest.raises(AnalysisError, match="gender"):
        item_bias(changes, group="gender", targets="id", raters=None)
    with pytest.raises(AnalysisError):
        item_bias(bfi_long, group="gender", targets="id", raters=None, reference="x")
    with pytest.raises(AnalysisError):
        item_bias(bfi_long, group="gender", targets="id", raters=None, alpha=2)


def test_exported():
    assert "item_bias" in analysis.__all__


def test_forms_with_a_few_missing_answers_get_a_prorated_total():
    d = _cycle(n_ratees=1500, seed=5)
    rng = np.random.default_rng(1)
    holes = d.drop(index=d.index[rng.random(len(d)) < 0.05])  # 5% of answers missing
    out = item_bias(holes, group="sex").set_index("item")
    wide = holes.pivot_table(index=["ratee", "rater"], columns="item", values="rating", observed=True)
    answered = wide.notna().sum(axis=1)
    kept = wide[answered >= 5]  # 6 items: at most one missing (80%)
    complete = int((answered == 6).sum())
    for item in ("kolaboratif_1", "loyal_1"):
        assert out.loc[item, "n"] == int(kept[item].notna().sum()) > complete
    assert out.loc["kolaboratif_1", "dif_class"] in ("B", "C") and out.loc["loyal_1", "dif_class"] == "A"
    # the prorated total (mean of the form's answers x 6 items) is the matching score of model 1
    rows = kept[kept["loyal_1"].notna()]
    m1 = ordinal_logit(rows["loyal_1"], (rows.mean(axis=1) * 6).to_numpy()[:, None])
    assert out.loc["loyal_1", "loglik_1"] == pytest.approx(m1["loglik"], abs=1e-6)
