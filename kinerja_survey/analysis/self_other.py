"""Self-other agreement: how a person's self-rating compares with the other raters'.

self_other_agreement   self vs others, Atwater & Yammarino categories
blind_spots            per item: blind spots and hidden strengths

Only rater groups at or above their anonymity threshold (``DEFAULT_MIN_RATERS``) count as others.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import analysis_error, check_ratings_frame, renamed_parameters
from ..i18n import Msg
from .checks import OTHERS, check_positive_int, form_means

__all__ = ["DEFAULT_MIN_RATERS", "SOA_LABELS", "SPOT_LABELS", "blind_spots", "self_other_agreement"]

DEFAULT_MIN_RATERS = {"supervisor": 1, "peer": 3, "subordinate": 3, "others": 4}

SOA_LABELS = {
    "over_estimator": Msg("analysis.soa_over"),
    "in_agreement_good": Msg("analysis.soa_good"),
    "in_agreement_poor": Msg("analysis.soa_poor"),
    "under_estimator": Msg("analysis.soa_under"),
}
SPOT_LABELS = {"blind_spot": Msg("analysis.spot_blind"), "hidden_strength": Msg("analysis.spot_hidden")}


# --------------------------------------------------------------------------------------------
# self-other agreement
# --------------------------------------------------------------------------------------------
def _min_raters(min_raters: dict | None) -> dict:
    out = dict(DEFAULT_MIN_RATERS)
    if min_raters:
        unknown = set(min_raters) - set(out)
        if unknown:
            raise analysis_error("an_min_raters_keys", bad=sorted(unknown), choices=sorted(out))
        for key, val in min_raters.items():
            out[key] = check_positive_int(val, f"min_raters[{key!r}]")
    return out


def _displayable_others(forms: pd.DataFrame, thresholds: dict) -> pd.DataFrame:
    """Forms of other raters in groups that reach their threshold, per ratee (groups under it dropped)."""
    others = forms[forms["relationship"] != "self"]
    n_group = others.groupby(["ratee", "relationship"])["rater"].transform("size")
    need = others["relationship"].map(thresholds)
    return others[n_group >= need]


@renamed_parameters(ratings="data")
def self_other_agreement(
    data: pd.DataFrame,
    *,
    min_raters: dict | None = None,
    cut_sd: float = 0.5,
    good_cut: float | None = None,
) -> pd.DataFrame:
    """Self-other agreement per ratee with the Atwater & Yammarino categories.

    ``self`` = mean of the ratee's self-ratings; ``others`` = mean over the displayable other
    raters of each rater's mean (every rater weighs the same).  A relationship group is
    displayable only when it has at least ``min_raters[group]`` raters (default supervisor 1, peer
    3, subordinate 3); a group under its threshold is **dropped, not folded** into others; the
    combined others score is shown only with at least ``min_raters["others"]`` (default 4) raters.

    With ``d = self - others`` and ``s = sd(d)`` over ratees (ddof=1)::

        d >  cut_sd * s                      over_estimator   (Menilai diri terlalu tinggi)
        d < -cut_sd * s                      under_estimator  (Menilai diri terlalu rendah)
        |d| <= cut_sd * s, others >= cut     in_agreement_good
        |d| <= cut_sd * s, others <  cut     in_agreement_poor

    where ``cut`` is ``good_cut`` or, by default, the median of ``others`` over the categorised
    ratees.

    Returns
    -------
    DataFrame
        ``ratee, self, others, n_others, groups, d, category, kategori, status``; ``status`` says
        (in Bahasa Indonesia) why a ratee is not categorised.

    References
    ----------
    * Atwater, L. E., & Yammarino, F. J. (1992). Does self-other agreement on leadership
      perceptions moderate the validity of leadership and performance predictions?
      *Personnel Psychology*, 45, 141-164.
    * Atwater, L. E., & Yammarino, F. J. (1997). Self-other rating agreement. *Research in
      Personnel and Human Resources Management*, 15, 121-174.
    * Fleenor, J. W., McCauley, C. D., & Brutus, S. (1996). Self-other rating agreement and leader
      effectiveness. *Leadership Quarterly*, 7(4), 487-506.
    """
    if not (isinstance(cut_sd, (int, float)) and cut_sd >= 0):
        raise analysis_error("an_non_negative", name="cut_sd", value=repr(cut_sd))
    th = _min_raters(min_raters)
    df = check_ratings_frame(data)
    forms = form_means(df)
    ratees = pd.Index(sorted(df["ratee"].astype(str).unique()), name="ratee")
    self_score = forms[forms["relationship"] == "self"].groupby("ratee")["rating"].mean()
    shown = _displayable_others(forms, th)
    g = shown.groupby("ratee")
    others = g["rating"].mean()
    n_others = g["rater"].size()
    groups = g["relationship"].agg(lambda s: "+".join(r for r in OTHERS if r in set(s)))
    out = pd.DataFrame(index=ratees)
    out["self"] = self_score.reindex(ratees)
    out["n_others"] = n_others.reindex(ratees).fillna(0).astype(int)
    out["others"] = others.reindex(ratees).where(out["n_others"] >= th["others"])
    out["groups"] = groups.reindex(ratees).fillna("")
    out["d"] = out["self"] - out["others"]
    ok = out["d"].notna()
    out["category"] = pd.Series(pd.NA, index=ratees, dtype=object)
    out["status"] = ""
    out["status"] = out["status"].astype(object)
    out.loc[out["self"].isna(), "status"] = Msg("analysis.no_self")
    out.loc[out["self"].notna() & out["others"].isna(), "status"] = Msg("analysis.few_others", n=th["others"])
    if ok.sum() >= 2:
        s = out.loc[ok, "d"].std(ddof=1)
        cut = cut_sd * s
        gc = float(out.loc[ok, "others"].median()) if good_cut is None else float(good_cut)
        d, o = out["d"], out["others"]
        cat = np.select(
            [ok & (d > cut), ok & (d < -cut), ok & (o >= gc), ok],
            ["over_estimator", "under_estimator", "in_agreement_good", "in_agreement_poor"], default="")
        out["category"] = pd.Series(cat, index=ratees).replace("", pd.NA)
    elif ok.any():
        out.loc[ok, "status"] = Msg("analysis.few_for_category")
    out["kategori"] = out["category"].map(SOA_LABELS)
    return out.reset_index()[["ratee", "self", "others", "n_others", "groups", "d", "category", "kategori",
                              "status"]]


@renamed_parameters(ratings="data")
def blind_spots(
    data: pd.DataFrame,
    *,
    gap: float = 1.0,
    quantile: float = 0.25,
    min_raters: dict | None = None,
    all_items: bool = False,
) -> pd.DataFrame:
    """Blind spots and hidden strengths per ratee x item.

    For each item, ``self`` is the ratee's own rating and ``others`` the mean rating of the
    displayable other raters (the same anonymity rule as :func:`self_other_agreement`; items
    with fewer than ``min_raters["others"]`` answers from them are skipped).  With
    ``gap_i = self_i - others_i`` and ``q_lo``, ``q_hi`` the ``quantile`` and ``1 - quantile``
    quantiles of the ratee's own ``others_i`` over items:

    * **blind spot** (*titik buta*): ``gap_i >= gap`` and ``others_i <= q_lo`` - the ratee rates
      themself high on one of the items others rate lowest;
    * **hidden strength** (*kekuatan tersembunyi*): ``gap_i <= -gap`` and ``others_i >= q_hi``.

    The rule follows the usual 360-degree report convention (e.g. Center for Creative
    Leadership's Benchmarks; Fleenor, Taylor & Chappelow, 2008, *Leveraging the Impact of
    360-Degree Feedback*), made explicit: a gap of a full scale point on an item that is
    among the ratee's lowest (highest) quarter by others' view.

    Returns
    -------
    DataFrame
        ``ratee, item, competency, self, others, n_others, gap, type, label`` - only flagged
        rows unless ``all_items=True``.
    """
    if not (isinstance(gap, (int, float)) and gap > 0):
        raise analysis_error("an_positive", name="gap", value=repr(gap))
    if not (isinstance(quantile, (int, float)) and 0 < quantile < 0.5):
        raise analysis_error("an_between", name="quantile", low=0, high=0.5, value=repr(quantile))
    th = _min_raters(min_raters)
    df = check_ratings_frame(data).dropna(subset=["rating"])
    for c in ("rater", "ratee", "item", "competency", "relationship"):
        df[c] = df[c].astype(str)
    forms = form_means(df)
    shown = _displayable_others(forms, th)[["rater", "ratee"]]
    oth = df.merge(shown, on=["rater", "ratee"])
    per_item = oth.groupby(["ratee", "item"]).agg(others=("rating", "mean"), n_others=("rating", "size"))
    per_item = per_item[per_item["n_others"] >= th["others"]]
    selfs = df[df["relationship"] == "self"].groupby(["ratee", "item"])["rating"].mean().rename("self")
    out = per_item.join(selfs, how="inner").reset_index()
    comp = df.drop_duplicates("item").set_index("item")["competency"]
    out["competency"] = out["item"].map(comp)
    out["gap"] = out["self"] - out["others"]
    g = out.groupby("ratee")["others"]
    q_lo = out["ratee"].map(g.quantile(quantile))
    q_hi = out["ratee"].map(g.quantile(1 - quantile))
    eps = 1e-12
    blind = (out["gap"] >= gap - eps) & (out["others"] <= q_lo + eps)
    hidden = (out["gap"] <= -gap + eps) & (out["others"] >= q_hi - eps)
    out["type"] = np.select([blind, hidden], ["blind_spot", "hidden_strength"], default="")
    out["type"] = out["type"].replace("", pd.NA)
    out["label"] = out["type"].map(SPOT_LABELS)
    out = out[["ratee", "item", "competency", "self", "others", "n_others", "gap", "type", "label"]]
    if not all_items:
        out = out[out["type"].notna()]
    return out.sort_values(["ratee", "item"], kind="stable").reset_index(drop=True)
