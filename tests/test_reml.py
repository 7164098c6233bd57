"""REML variance components (analysis.reml) against lme4.

Reference values: R 4.2.2, lme4 1.1.31, on tests/data/reml_cycle.csv (written by
tests/data/make_reml_cycle.py: 60 ratees, 40 raters, 2-7 raters per ratee, 5 items, 8% missing)::

    d <- read.csv("tests/data/reml_cycle.csv")
    pairs <- aggregate(rating ~ ratee + rater, data = d, FUN = mean)
    ctl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5))
    m1 <- lmer(rating ~ 1 + (1 | ratee) + (1 | rater), data = pairs, REML = TRUE, control = ctl)
    m2 <- lmer(rating ~ 1 + (1 | ratee) + (1 | rater) + (1 | item) + (1 | ratee:rater), data = d,
               REML = TRUE, control = ctl)
    print(as.data.frame(VarCorr(m1))[, c("grp", "vcov")], digits = 15); REMLcrit(m1); fixef(m1)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import analysis
from kinerja_survey.analysis import (
    d_study,
    d_study_items,
    variance_components,
    variance_components_reml,
)
from kinerja_survey.frames import AnalysisError

DATA = Path(__file__).parent / "data" / "reml_cycle.csv"

# lme4 m1 (pair means)
LME4_PAIR = {"ratee": 0.380993078938120, "rater": 0.209870080548447, "residual": 0.136608045937575}
LME4_PAIR_CRIT = 460.924273290207
LME4_PAIR_MU = 3.52412146081458
# lme4 m2 (item design)
LME4_ITEM = {"ratee_rater": 0.0797848127565214, "ratee": 0.3808173671995814, "rater": 0.2126381006843199,
             "item": 0.1310659176745682, "residual": 0.2446088773081843}
LME4_ITEM_CRIT = 2233.47601576462
LME4_ITEM_MU = 3.52099964138085


@pytest.fixture(scope="module")
def cycle() -> pd.DataFrame:
    return pd.read_csv(DATA)


@pytest.fixture(scope="module")
def pairs(cycle) -> pd.DataFrame:
    return cycle.groupby(["ratee", "rater"], as_index=False)["rating"].mean()


def test_pair_design_matches_lme4(pairs):
    out = variance_components_reml(pairs)
    est = out.set_index("component")["estimate"]
    assert list(out["component"]) == ["ratee", "rater", "residual"]
    for c, v in LME4_PAIR.items():
        assert est[c] == pytest.approx(v, abs=1e-5)
    assert out.attrs["deviance"] == pytest.approx(LME4_PAIR_CRIT, abs=1e-6)
    assert out.attrs["mean"] == pytest.approx(LME4_PAIR_MU, abs=1e-6)
    assert out.attrs["method"] == "REML" and out.attrs["converged"]
    assert out["share"].sum() == pytest.approx(1.0)


def test_item_design_matches_lme4(cycle):
    out = variance_components_reml(cycle, items="item")
    est = out.set_index("component")["estimate"]
    assert list(out["component"]) == ["ratee", "rater", "item", "ratee_rater", "residual"]
    for c, v in LME4_ITEM.items():
        assert est[c] == pytest.approx(v, abs=1e-5)
    assert out.attrs["deviance"] == pytest.approx(LME4_ITEM_CRIT, abs=1e-6)
    assert out.attrs["mean"] == pytest.approx(LME4_ITEM_MU, abs=1e-6)
    assert out.attrs["n_items"] == 5 and out.attrs["n_ratings"] == len(cycle)


def test_method_dispatch_and_henderson_differs(pairs):
    reml = variance_components(pairs, method="reml")
    direct = variance_components_reml(pairs)
    pd.testing.assert_frame_equal(reml, direct)
    h3 = variance_components(pairs)
    assert h3.attrs["method"] == "Henderson III"
    # unbalanced: the estimators differ (which is why lme4 users see other numbers)
    assert abs(h3["estimate"].iloc[1] - reml["estimate"].iloc[1]) > 1e-4
    with pytest.raises(AnalysisError, match="method"):
        variance_components(pairs, method="ml")


def test_balanced_complete_equals_anova():
    """Shrout & Fleiss (1979) Table 2: BMS 11.24, JMS 32.49, EMS 1.02 (6 ratees x 4 judges)."""
    sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    df = pd.DataFrame([(t, j, x) for t, row in enumerate(sf) for j, x in enumerate(row)],
                      columns=["ratee", "rater", "rating"])
    reml = variance_components_reml(df).set_index("component")["estimate"]
    h3 = variance_components(df).set_index("component")["estimate"]
    np.testing.assert_allclose(reml.to_numpy(), h3.to_numpy(), atol=1e-6)


def test_d_study_from_either_design(pairs, cycle):
    d = d_study(variance_components_reml(pairs), [1, 4])
    v = LME4_PAIR
    assert d["phi"].iloc[1] == pytest.approx(v["ratee"] / (v["ratee"] + (v["rater"] + v["residual"]) / 4), abs=1e-5)
    di = d_study_items(variance_components_reml(cycle, items="item"), k=[1, 4], n_items=[5, 21])
    assert list(zip(di["k"], di["n_items"], strict=True)) == [(1, 5), (1, 21), (4, 5), (4, 21)]
    w = LME4_ITEM
    rel = w["ratee_rater"] / 4 + w["residual"] / (4 * 21)
    ab = rel + w["rater"] / 4 + w["item"] / 21
    row = di.iloc[3]
    assert row["g_coef"] == pytest.approx(w["ratee"] / (w["ratee"] + rel), abs=1e-5)
    assert row["phi"] == pytest.approx(w["ratee"] / (w["ratee"] + ab), abs=1e-5)
    assert (np.diff(di["phi"].to_numpy()[[0, 2]]) > 0).all()


def test_bad_input_is_named(pairs):
    with pytest.raises(AnalysisError, match="rating"):
        variance_components_reml(pairs.drop(columns="rating"))
    twice = pd.concat([pairs, pairs.iloc[:1]], ignore_index=True)
    with pytest.raises(AnalysisError):
        variance_components_reml(twice)
    bad = pairs.astype({"rating": object})
    bad.loc[3, "rating"] = "x"
    with pytest.raises(AnalysisError, match="3"):
        variance_components_reml(bad)
    with pytest.raises(AnalysisError):
        d_study_items(variance_components_reml(pairs))


def test_exported():
    assert "variance_components_reml" in analysis.__all__ and "d_study_items" in analysis.__all__
