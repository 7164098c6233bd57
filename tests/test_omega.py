"""Omega hierarchical (analysis.omega) against psych::omega.

Reference values: R 4.2.2, psych 2.2.9, GPArotation 2022.10.2.

(1) psych's ``bfi`` (25 personality items, 2,800 people; 2,436 complete cases), exported with::

        d <- bfi[, 1:25]; d <- d[complete.cases(d), ]; d$id <- seq_len(nrow(d))
        write.csv(d, "tests/data/bfi25_complete.csv", row.names = FALSE)
        om <- omega(d[, 1:25], nfactors = 5, fm = "minres", rotate = "oblimin", plot = FALSE)
        print(c(om$omega_h, om$omega.tot, om$ECV, om$alpha), digits = 12)
        om3 <- omega(d[, 1:15], nfactors = 3, fm = "minres", rotate = "oblimin", plot = FALSE)

(2) a simulated BerAKHLAK cycle (tests/data/berakhlak_forms.csv from make_berakhlak_forms.py: 600
    (ratee, rater) forms x 21 items, 7 values), wide by form in R::

        d <- read.csv("tests/data/berakhlak_forms.csv")
        w <- reshape(d[, c("ratee", "rater", "item", "rating")], idvar = c("ratee", "rater"),
                     timevar = "item", direction = "wide")
        x <- w[, sort(grep("^rating", names(w), value = TRUE))]
        om <- omega(x, nfactors = 7, fm = "minres", rotate = "oblimin", plot = FALSE)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import analysis
from kinerja_survey.analysis import mcdonald_omega, omega_hierarchical
from kinerja_survey.frames import AnalysisError

DATA = Path(__file__).parent / "data"

BFI5 = {"omega_h": 0.469855969148, "omega_total": 0.878976050043, "ecv": 0.245385319954, "alpha": 0.822945645295}
BFI5_G = [0.14290327591, 0.36467656901, 0.42245214698, 0.31986107856, 0.45004967115,
          0.26263369220, 0.26372606935, 0.23650314054, 0.32414937595, 0.35072989953,
          0.35429296123, 0.49774619184, 0.44354616981, 0.49455737813, 0.43404975607,
          0.22204271897, 0.21837227853, 0.22026825381, 0.35739977720, 0.20763788146,
          0.25918216468, 0.12107919373, 0.32996703480, 0.04630746749, 0.13534747635]
BFI5_REFLECTED = ["A1", "C4", "C5", "E1", "E2", "N1", "N2", "N3", "N4", "N5", "O2", "O4", "O5"]
BFI3 = {"omega_h": 0.549003624246, "omega_total": 0.853952325274, "ecv": 0.428221564517}
BFI3_G = [0.2292124388, 0.5101283117, 0.5773538769, 0.4025473304, 0.5535966106, 0.2095573721,
          0.2269025043, 0.2115165608, 0.2556377744, 0.2876998283, 0.3966190192, 0.5105517147,
          0.4764259217, 0.5621779888, 0.4251684642]
BERAKHLAK = {"omega_h": 0.796378365047, "omega_total": 0.931226414432, "ecv": 0.515792847996,
             "alpha": 0.898292005883}
BERAKHLAK_G = [0.4590779349, 0.5022679172, 0.5912363508, 0.5302761250, 0.5954396950, 0.3485205111,
               0.4355590898, 0.4253023664, 0.5041953710, 0.4417917657, 0.4539182372, 0.6698942073,
               0.6259319133, 0.4450940410, 0.5089730223, 0.4631471206, 0.4361466128, 0.6280764790,
               0.6609864261, 0.5928638057, 0.4400008291]


@pytest.fixture(scope="module")
def bfi_long() -> pd.DataFrame:
    d = pd.read_csv(DATA / "bfi25_complete.csv")
    long = d.melt(id_vars="id", var_name="item", value_name="rating")
    long["trait"] = long["item"].str[0]
    return long


def test_bfi_five_factors_matches_psych(bfi_long):
    out = omega_hierarchical(bfi_long, "trait", targets="id", raters=None)
    row = out.iloc[0]
    for k, v in BFI5.items():
        assert row[k] == pytest.approx(v, abs=1e-4), k
    assert (row["n"], row["n_items"], row["n_factors"]) == (2436, 25, 5)
    load = out.attrs["loadings"]
    np.testing.assert_allclose(load["g"].to_numpy(), BFI5_G, atol=1e-4)
    assert out.attrs["reflected"] == BFI5_REFLECTED
    # every factor named after the trait it measures
    assert set(out.attrs["omega_group"].index) == {"g", "A", "C", "E", "N", "O"}
    assert np.allclose(load["h2"] + load["u2"], 1.0)


def test_bfi_three_factors_matches_psych(bfi_long):
    sub = bfi_long[bfi_long["trait"].isin(["A", "C", "E"])]
    out = omega_hierarchical(sub, "trait", targets="id", raters=None)
    for k, v in BFI3.items():
        assert out.iloc[0][k] == pytest.approx(v, abs=1e-4), k
    np.testing.assert_allclose(out.attrs["loadings"]["g"].to_numpy(), BFI3_G, atol=1e-4)
    # a mapping gives the same as a column
    mapping = dict(zip(sub["item"], sub["trait"], strict=False))
    again = omega_hierarchical(sub.drop(columns="trait"), mapping, targets="id", raters=None)
    assert again.iloc[0]["omega_h"] == pytest.approx(out.iloc[0]["omega_h"], abs=1e-12)


def test_berakhlak_forms_matches_psych():
    d = pd.read_csv(DATA / "berakhlak_forms.csv")
    out = omega_hierarchical(d)  # forms are (ratee, rater); groups = competency
    for k, v in BERAKHLAK.items():
        assert out.iloc[0][k] == pytest.approx(v, abs=1e-4), k
    np.testing.assert_allclose(out.attrs["loadings"]["g"].to_numpy(), BERAKHLAK_G, atol=1e-4)
    assert out.iloc[0]["n"] == 600 and out.iloc[0]["n_factors"] == 7
    # omega_h <= omega_total, and omega_total is close to the one-factor omega of the same items
    assert out.iloc[0]["omega_h"] < out.iloc[0]["omega_total"]
    one = mcdonald_omega(d)["omega_total"].iloc[0]
    assert one < out.iloc[0]["omega_total"] and abs(one - out.iloc[0]["omega_total"]) < 0.05
    # each group-factor column loads on its own value's items
    load = out.attrs["loadings"].set_index("item")
    for value in d["competency"].unique():
        own = load.loc[load["group"] == value, value]
        assert (own > 0.25).all(), value


def test_bad_input_is_named():
    d = pd.read_csv(DATA / "berakhlak_forms.csv")
    with pytest.raises(AnalysisError, match="competency"):
        omega_hierarchical(d.drop(columns="competency"))
    with pytest.raises(AnalysisError, match="groups"):
        omega_hierarchical(d, groups=3)
    with pytest.raises(AnalysisError):
        omega_hierarchical(d, n_factors=20)
    twice = pd.concat([d, d.iloc[:1]], ignore_index=True)
    with pytest.raises(AnalysisError, match=str(len(d))):
        omega_hierarchical(twice)
    mixed = d.copy()
    mixed.loc[0, "competency"] = "loyal"
    with pytest.raises(AnalysisError):
        omega_hierarchical(mixed)


def test_exported():
    assert "omega_hierarchical" in analysis.__all__
