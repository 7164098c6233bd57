"""Within-ratee agreement beyond rwg: AD indices, awg, r*wg(J) and named null distributions.

The rwg family of :mod:`kinerja_survey.analysis.reliability` compares the raters' variance with
the variance expected when they answer at random (the *null* distribution).  This module adds
what an analyst studying agreement reaches for next (LeBreton & Senter 2008):

Functions
---------
null_variance       the null variance sigma^2_E of a named distribution (uniform, slight /
                    moderate / heavy skew, triangular, normal) or of a number
ad_index            average deviation AD(M) and AD(Md) (Burke, Finkelstein & Dusig 1999),
                    with the c/6 practical cut-off
awg                 awg(1) / awg(J) (Brown & Hauenstein 2005), relative to the maximum variance
                    possible at the observed mean
rwg_star_j          r*wg(J) (Lindell, Brandt & Whitney 1999): 1 - mean item variance / sigma^2_E,
                    without the Spearman-Brown step-up and without truncation
agreement_indices   all of them (and rwg(J)) per ratee in one pass
source_convergence  correlations between rater sources (self, supervisor, peer, subordinate)
                    on ratee-level means, with n and Fisher-z intervals

Every function takes ``data`` (long format: one answer per row) and the column names
``targets, raters, items, ratings`` of :func:`kinerja_survey.analysis.reliability.rwg_j`; missing
answers are ignored item by item (pairwise), so on complete data the values equal R
``multilevel`` (``ad.m``, ``awg``, ``rwg.j.lindell``), which drops raters listwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import analysis_error, renamed_parameters
from .checks import (
    as_list,
    category_codes,
    check_frame,
    check_ids,
    first_duplicate,
    first_rows,
    item_competency,
    numeric_column,
)
from .within_agreement import NULL_DISTRIBUTIONS, null_variance

__all__ = ["NULL_DISTRIBUTIONS", "SOURCE_PAIRS", "ad_index", "agreement_indices", "awg", "null_variance", "rwg_star_j",
           "source_convergence"]

# --------------------------------------------------------------------------------------------
# per (target, item) statistics
# --------------------------------------------------------------------------------------------

def cell_stats(cell: np.ndarray, x: np.ndarray, n_cells: int) -> dict[str, np.ndarray]:
    """n, mean, sample variance, mean |x - mean| and mean |x - median| per cell (x has no NaN).

    Integer answers on a short scale go through a cells x values count table (no sort); other
    values through one lexicographic sort.
    """
    n = np.bincount(cell, minlength=n_cells).astype(np.float64)
    s = np.bincount(cell, weights=x, minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
    lo, hi = (float(x.min()), float(x.max())) if len(x) else (0.0, 0.0)
    if len(x) and hi - lo <= 30 and np.array_equal(x, np.floor(x)):
        V = int(hi - lo) + 1
        C = np.bincount(cell * V + (x - lo).astype(np.int64), minlength=n_cells * V).reshape(n_cells, V)
        vals = lo + np.arange(V, dtype=np.float64)
        cum = np.cumsum(C, axis=1)
        n_int = cum[:, -1]
        lo_i, hi_i = (n_int - 1) // 2, n_int // 2
        med = (vals[(cum > lo_i[:, None]).argmax(axis=1)] + vals[(cum > hi_i[:, None]).argmax(axis=1)]) / 2.0
        Cf = C.astype(np.float64)
        dev = vals[None, :] - mean[:, None]
        ss = np.einsum("cv,cv->c", Cf, np.where(C > 0, dev * dev, 0.0))
        abs_mean = np.einsum("cv,cv->c", Cf, np.where(C > 0, np.abs(dev), 0.0))
        abs_med = np.einsum("cv,cv->c", Cf, np.abs(vals[None, :] - med[:, None]))
    else:
        order = np.lexsort((x, cell))
        xs, cs = x[order], cell[order]
        start = np.concatenate([[0], np.cumsum(n)[:-1]]).astype(np.int64)
        n_int = n.astype(np.int64)
        has = n_int > 0
        med = np.full(n_cells, np.nan)
        med[has] = (xs[start[has] + (n_int[has] - 1) // 2] + xs[start[has] + n_int[has] // 2]) / 2.0
        dev = xs - mean[cs]
        ss = np.bincount(cs, weights=dev * dev, minlength=n_cells)
        abs_mean = np.bincount(cs, weights=np.abs(dev), minlength=n_cells)
        abs_med = np.bincount(cs, weights=np.abs(xs - med[cs]), minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(n >= 2, ss / np.maximum(n - 1, 1), np.nan)
        ad_mean = np.where(n >= 2, abs_mean / n, np.nan)
        ad_median = np.where(n >= 2, abs_med / n, np.nan)
    return {"n": n, "mean": mean, "var": var, "ad_mean": ad_mean, "ad_median": ad_median}


def _awg_items(mean: np.ndarray, var: np.ndarray, n: np.ndarray, low: float, high: float) -> np.ndarray:
    """awg(1) per cell (Brown & Hauenstein 2005), NaN where not defined (as R multilevel::awg)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        max_var = ((high + low) * mean - mean**2 - high * low) * (n / (n - 1.0))
        a = 1.0 - 2.0 * var / max_var
        outside = (mean < (low * (n - 1) + high) / n) | (mean > (high * (n - 1) + low) / n)
    a = np.where(outside, np.nan, a)
    a = np.where((mean == high) | (mean == low), 1.0, a)
    return np.where(n >= 2, a, np.nan)


def _row_mean(M: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(M)
    k = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(k > 0, np.where(ok, M, 0.0).sum(axis=1) / np.maximum(k, 1), np.nan)


def indices_from_items(stats: dict[str, np.ndarray], sigma2: float, scale_points: int) -> dict[str, np.ndarray]:
    """Per-target indices from targets x items matrices of :func:`cell_stats` (NaN = not rated)."""
    var = stats["var"]
    J = (~np.isnan(var)).sum(axis=1)
    mean_var = _row_mean(var)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = mean_var / sigma2
        rwgj = J * (1 - q) / (J * (1 - q) + q)
    rwgj = np.where(q > 1, 0.0, rwgj)
    rwgj = np.where(J > 0, rwgj, np.nan)
    return {
        "n_items": J,
        "mean_variance": mean_var,
        "rwg_j": rwgj,
        "rwg_star_j": 1.0 - q,
        "ad_mean": _row_mean(stats["ad_mean"]),
        "ad_median": _row_mean(stats["ad_median"]),
        "awg": _row_mean(_awg_items(stats["mean"], var, stats["n"], 1.0, float(scale_points))),
    }


def _prepare(data, fn, by, targets, raters, items, values):
    by_cols = as_list(by)
    if len(by_cols) > 1:
        raise analysis_error("an_by_one", fn=fn)
    data = check_frame(data, [targets, raters, items, values, *by_cols], fn)
    check_ids(data, [targets, raters, items, *by_cols], fn)
    x = numeric_column(data, values, fn)
    t_codes, t_labels = category_codes(data[targets])
    r_codes, r_labels = category_codes(data[raters])
    i_codes, i_labels = category_codes(data[items])
    n_t, n_i = len(t_labels), len(i_labels)
    # one code per (target, rater) questionnaire, numbered in order of appearance (hashing, no sort)
    pair = pd.factorize(t_codes.astype(np.int64) * len(r_labels) + r_codes)[0].astype(np.int64)
    first = first_rows(pair)
    i = first_duplicate(pair * n_i + i_codes, len(first) * n_i)
    if i >= 0:
        raise analysis_error("an_answer_twice", fn=fn, row=data.index[i], raters=raters, rater=repr(data[raters].iloc[i]),
                             items=items, item=repr(data[items].iloc[i]), targets=targets,
                             target=repr(data[targets].iloc[i]))
    n_raters = np.bincount(t_codes[first], minlength=n_t)
    ok = ~np.isnan(x)
    stats = cell_stats(t_codes[ok] * n_i + i_codes[ok], x[ok], n_t * n_i)
    stats = {k: v.reshape(n_t, n_i) for k, v in stats.items()}
    if by_cols:
        b_codes, b_labels = category_codes(data[by_cols[0]])
        item_b = item_competency(i_codes, n_i, b_codes, data, fn, items, by_cols[0])
        groups = [(b_labels[b], np.flatnonzero(item_b == b)) for b in range(len(b_labels))]
    else:
        groups = [(None, np.arange(n_i))]
    return t_labels, n_raters, stats, by_cols, groups


def _check_scale(scale_points, fn) -> int:
    if not isinstance(scale_points, (int, np.integer)) or isinstance(scale_points, bool) or scale_points < 2:
        raise analysis_error("an_int_at_least", name=f"{fn}: scale_points", low=2, value=repr(scale_points))
    return int(scale_points)


@renamed_parameters(values="ratings")
def agreement_indices(
    data: pd.DataFrame,
    scale_points: int = 5,
    *,
    null="uniform",
    by: str | None = None,
    targets: str = "ratee",
    raters: str = "rater",
    items: str = "item",
    ratings: str = "rating",
) -> pd.DataFrame:
    """rwg(J), r*wg(J), AD(M), AD(Md) and awg(J) per target in one pass.

    Parameters
    ----------
    data : DataFrame
        Long format, one answer per row (pass only the raters whose agreement matters, usually
        without the self-rating).
    scale_points : int
        Number of response options *c* (5 for BerAKHLAK); options are 1..c.
    null : str or float
        Null distribution of rwg(J) and r*wg(J), see :func:`null_variance`.
    by : str, optional
        A column grouping the items (``"competency"``): one row per target and group.
    targets, raters, items, ratings : str
        Column names.

    Returns
    -------
    DataFrame
        ``targets, [by], n_raters, n_items, mean_variance, rwg_j, rwg_star_j, ad_mean,
        ad_median, ad_cutoff, ad_agree, awg``; ``ad_cutoff`` is *c*/6 and ``ad_agree`` is
        ``ad_mean <= c/6``.  See :func:`ad_index`, :func:`awg`, :func:`rwg_star_j` for the
        formulas.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ratee": "a", "rater": ["r1", "r2", "r3", "r4"], "item": "q1",
    ...                    "rating": [4, 4, 5, 3]})
    >>> agreement_indices(df)[["rwg_j", "ad_mean", "awg"]].round(4).to_dict("records")
    [{'rwg_j': 0.6667, 'ad_mean': 0.5, 'awg': 0.6667}]
    """
    fn = "agreement_indices"
    scale_points = _check_scale(scale_points, fn)
    sigma2 = null_variance(null, scale_points)
    t_labels, n_raters, stats, by_cols, groups = _prepare(data, fn, by, targets, raters, items, ratings)
    frames = []
    for label, cols in groups:
        sub = {k: v[:, cols] for k, v in stats.items()}
        present = sub["n"].sum(axis=1) > 0
        ind = indices_from_items(sub, sigma2, scale_points)
        out = {targets: np.asarray(t_labels)[present]}
        if by_cols:
            out[by_cols[0]] = label
        out["n_raters"] = n_raters[present]
        for k in ("n_items", "mean_variance", "rwg_j", "rwg_star_j", "ad_mean", "ad_median"):
            out[k] = ind[k][present]
        out["ad_cutoff"] = scale_points / 6.0
        out["ad_agree"] = out["ad_mean"] <= scale_points / 6.0
        out["awg"] = ind["awg"][present]
        frames.append(pd.DataFrame(out))
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


@renamed_parameters(values="ratings")
def ad_index(
    data: pd.DataFrame,
    scale_points: int = 5,
    *,
    center: str = "mean",
    by: str | None = None,
    targets: str = "ratee",
    raters: str = "rater",
    items: str = "item",
    ratings: str = "rating",
) -> pd.DataFrame:
    """Average deviation index AD(M) or AD(Md) per target (Burke, Finkelstein & Dusig 1999).

    Parameters
    ----------
    data : DataFrame
        Long format, one answer per row.
    scale_points : int
        Number of response options *c*; sets the practical cut-off *c*/6.
    center : {"mean", "median"}
        Deviations from the item mean, AD(M) (default), or from the item median, AD(Md).
    by : str, optional
        Column grouping the items: one row per target and group.
    targets, raters, items, ratings : str
        Column names.

    Returns
    -------
    DataFrame
        ``targets, [by], n_raters, n_items, ad, cutoff, agree``: ``agree`` is ``ad <= c/6``.

    Notes
    -----
    For item *j* answered by :math:`n_j` raters,

    .. math::

        AD_{M(j)} = \\frac{1}{n_j}\\sum_k |x_{jk} - \\bar x_j|, \\qquad
        AD_{M(J)} = \\frac{1}{J}\\sum_j AD_{M(j)}

    (with the median :math:`Md_j` in place of :math:`\\bar x_j` for AD(Md)).  AD is in the
    units of the scale; 0 is perfect agreement.  Burke & Dunlap (2002) derive *c*/6 as the
    largest AD compatible with practical agreement (0.83 on 5 points).  As R
    ``multilevel::ad.m``, the deviation is divided by :math:`n_j`, and a target with one rater
    has no value.

    References
    ----------
    Burke, M. J., Finkelstein, L. M., & Dusig, M. S. (1999). On average deviation indices for
    estimating interrater agreement. Organizational Research Methods, 2(1), 49-68.
    Burke, M. J., & Dunlap, W. P. (2002). Estimating interrater agreement with the average
    deviation index: a user's guide. Organizational Research Methods, 5(2), 159-172.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ratee": "a", "rater": ["r1", "r2", "r3", "r4"], "item": "q1",
    ...                    "rating": [4, 4, 5, 1]})
    >>> float(ad_index(df)["ad"].iloc[0]), float(ad_index(df, center="median")["ad"].iloc[0])  # mean 3.5, median 4
    (1.25, 1.0)
    """
    fn = "ad_index"
    if center not in ("mean", "median"):
        raise analysis_error("an_one_of", name=f"{fn}: center", choices="'mean', 'median'", value=repr(center))
    scale_points = _check_scale(scale_points, fn)
    out = agreement_indices(data, scale_points, by=by, targets=targets, raters=raters, items=items, ratings=ratings)
    keep = [targets, *as_list(by), "n_raters", "n_items"]
    res = out[keep].copy()
    res["ad"] = out["ad_mean" if center == "mean" else "ad_median"]
    res["cutoff"] = scale_points / 6.0
    res["agree"] = res["ad"] <= scale_points / 6.0
    return res


@renamed_parameters(values="ratings")
def awg(
    data: pd.DataFrame,
    scale_points: int = 5,
    *,
    by: str | None = None,
    targets: str = "ratee",
    raters: str = "rater",
    items: str = "item",
    ratings: str = "rating",
) -> pd.DataFrame:
    """Agreement index awg(J) per target (Brown & Hauenstein 2005).

    Parameters
    ----------
    data : DataFrame
        Long format, one answer per row.
    scale_points : int
        Number of response options; the scale runs from L = 1 to H = ``scale_points``.
    by : str, optional
        Column grouping the items: one row per target and group.
    targets, raters, items, ratings : str
        Column names.

    Returns
    -------
    DataFrame
        ``targets, [by], n_raters, n_items, awg``.

    Notes
    -----
    For an item with mean *M*, sample variance :math:`s^2` and *k* raters,

    .. math::

        a_{wg(1)} = 1 - \\frac{2 s^2}{[(H + L)M - M^2 - HL]\\,[k/(k-1)]}

    the observed variance relative to the largest variance possible at mean *M*, so unlike rwg
    it does not depend on the sample size or on a null distribution, and it ranges from -1 to 1.
    :math:`a_{wg(J)}` is the mean of the item values.  As in R ``multilevel::awg``, an item whose
    mean lies outside :math:`[(L(k-1)+H)/k, (H(k-1)+L)/k]` has no value (Brown & Hauenstein:
    not interpretable), an item whose mean is at L or H has 1, and a target with one rater has
    no value.

    References
    ----------
    Brown, R. D., & Hauenstein, N. M. A. (2005). Interrater agreement reconsidered: an
    alternative to the rwg indices. Organizational Research Methods, 8(2), 165-184.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ratee": "a", "rater": ["r1", "r2", "r3", "r4"], "item": "q1",
    ...                    "rating": [4, 4, 5, 3]})
    >>> round(float(awg(df)["awg"].iloc[0]), 6)  # 1 - 2(2/3) / ((6*4 - 16 - 5) * 4/3)
    0.666667
    """
    fn = "awg"
    scale_points = _check_scale(scale_points, fn)
    out = agreement_indices(data, scale_points, by=by, targets=targets, raters=raters, items=items, ratings=ratings)
    return out[[targets, *as_list(by), "n_raters", "n_items", "awg"]].copy()


@renamed_parameters(values="ratings")
def rwg_star_j(
    data: pd.DataFrame,
    scale_points: int = 5,
    *,
    null="uniform",
    by: str | None = None,
    targets: str = "ratee",
    raters: str = "rater",
    items: str = "item",
    ratings: str = "rating",
) -> pd.DataFrame:
    """r*wg(J) per target (Lindell, Brandt & Whitney 1999).

    Parameters
    ----------
    data : DataFrame
        Long format, one answer per row.
    scale_points : int
        Number of response options *A*.
    null : str or float
        Null distribution, see :func:`null_variance` (``"uniform"`` by default).
    by : str, optional
        Column grouping the items: one row per target and group.
    targets, raters, items, ratings : str
        Column names.

    Returns
    -------
    DataFrame
        ``targets, [by], n_raters, n_items, mean_variance, rwg_star_j``.

    Notes
    -----
    :math:`r^*_{wg(J)} = 1 - \\bar s^2_x / \\sigma^2_E` with :math:`\\bar s^2_x` the mean of the
    *J* item variances.  Unlike rwg(J) it does not grow with the number of items (no
    Spearman-Brown step-up) and it is not truncated: a negative value means more disagreement
    than the null (e.g. two camps of raters).  Equals R ``multilevel::rwg.j.lindell`` on complete
    data.

    References
    ----------
    Lindell, M. K., Brandt, C. J., & Whitney, D. J. (1999). A revised index of interrater
    agreement for multi-item ratings of a single target. Applied Psychological Measurement,
    23(2), 127-135.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ratee": "a", "rater": ["r1", "r2", "r3", "r4"], "item": "q1",
    ...                    "rating": [1, 5, 1, 5]})
    >>> round(float(rwg_star_j(df)["rwg_star_j"].iloc[0]), 6)  # 1 - (16/3)/2
    -1.666667
    """
    fn = "rwg_star_j"
    scale_points = _check_scale(scale_points, fn)
    out = agreement_indices(data, scale_points, null=null, by=by, targets=targets, raters=raters, items=items,
                            ratings=ratings)
    return out[[targets, *as_list(by), "n_raters", "n_items", "mean_variance", "rwg_star_j"]].copy()


# --------------------------------------------------------------------------------------------
# convergence between rater sources
# --------------------------------------------------------------------------------------------

#: Source pairs of the 360-degree convergence table, in reading order.
SOURCE_PAIRS = (("self", "supervisor"), ("self", "peer"), ("peer", "supervisor"), ("subordinate", "supervisor"),
                ("self", "subordinate"), ("peer", "subordinate"))


@renamed_parameters(values="ratings", ci="confidence", min_n="min_people")
def source_convergence(
    data: pd.DataFrame,
    *,
    pairs=SOURCE_PAIRS,
    by: str | None = "competency",
    targets: str = "ratee",
    raters: str = "rater",
    relationship: str = "relationship",
    items: str = "item",
    ratings: str = "rating",
    confidence: float = 0.95,
    min_people: int = 4,
) -> pd.DataFrame:
    """Correlations between rater sources on ratee-level means (the 360-degree convergence table).

    Parameters
    ----------
    data : DataFrame
        Long format (the ratings frame): one answer per row with the rater's ``relationship``.
    pairs : sequence of (str, str)
        Source pairs to correlate; by default self-supervisor, self-peer, peer-supervisor,
        subordinate-supervisor, self-subordinate, peer-subordinate.
    by : str or None
        Column grouping the items (``"competency"``, default): one correlation per group and
        pair, followed by ``"ALL"`` (all items).  ``None``: ``"ALL"`` only.
    targets, raters, relationship, items, ratings : str
        Column names.
    confidence : float
        Confidence level of the Fisher-z interval (default .95).
    min_people : int
        Fewer ratees with both sources than this give NaN (the interval needs n > 3).

    Returns
    -------
    DataFrame
        One row per (group, pair): ``[by], source_a, source_b, n, r, CI_lower, CI_upper, pval``.

    Notes
    -----
    For each ratee and source the score is the mean over that source's raters of each rater's
    mean over the answered items (raters weigh equally, as in the group means of scoring); a
    ratee enters a pair when both sources rated them.  *r* is Pearson's correlation over those
    *n* ratees, the interval :math:`\\tanh(\\operatorname{artanh} r \\pm z_{1-\\gamma/2}/\\sqrt{n-3})`
    (Fisher 1921) and the p-value the two-sided t test of :math:`\\rho = 0` on *n* - 2 degrees of
    freedom, as ``scipy.stats.pearsonr`` and ``pingouin.corr``.  Meta-analytic values to read
    them against (Conway & Huffcutt 1997): self-supervisor .22, self-peer .19, peer-supervisor
    .34, subordinate-supervisor .22.

    References
    ----------
    Conway, J. M., & Huffcutt, A. I. (1997). Psychometric properties of multisource performance
    ratings: a meta-analysis of subordinate, supervisor, peer, and self-ratings. Human
    Performance, 10(4), 331-360.
    Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced from a
    small sample. Metron, 1, 3-32.

    Examples
    --------
    >>> from kinerja_survey import demo
    >>> sim = demo.simulate_ratings(demo.synthetic_assignments(300, seed=3), seed=3)
    >>> t = source_convergence(sim.ratings, by=None)
    >>> t[["source_a", "source_b"]].head(2).to_dict("records")
    [{'source_a': 'self', 'source_b': 'supervisor'}, {'source_a': 'self', 'source_b': 'peer'}]
    """
    fn = "source_convergence"
    if not 0 < float(confidence) < 1:
        raise analysis_error("an_between_0_1", name=f"{fn}: confidence", value=repr(confidence))
    pairs = [tuple(p) for p in pairs]
    if not pairs or any(len(p) != 2 or p[0] == p[1] for p in pairs):
        raise analysis_error("an_pairs", fn=fn, value=repr(pairs))
    by_cols = as_list(by)
    data = check_frame(data, [targets, raters, relationship, items, ratings, *by_cols], fn)
    check_ids(data, [targets, raters, relationship, items, *by_cols], fn)
    x = numeric_column(data, ratings, fn)
    t_codes, t_labels = category_codes(data[targets])
    r_codes, r_labels = category_codes(data[raters])
    s_codes, s_labels = category_codes(data[relationship].astype(str) if not isinstance(
        data[relationship].dtype, pd.CategoricalDtype) else data[relationship])
    s_names = [str(v) for v in s_labels]
    unknown = sorted({s for p in pairs for s in p} - set(s_names))
    n_t, n_r = len(t_labels), len(r_labels)
    if by_cols:
        b_codes, b_labels = category_codes(data[by_cols[0]])
        i_codes, i_labels = category_codes(data[items])
        item_competency(i_codes, len(i_labels), b_codes, data, fn, items, by_cols[0])
        groups = [(b_labels[b], b_codes == b) for b in range(len(b_labels))]
    else:
        groups = []
    groups.append(("ALL", np.ones(len(x), dtype=bool)))
    ok = ~np.isnan(x)
    # rater means per (ratee, rater) and item group, then the mean of the raters per (ratee, source)
    pair = pd.factorize(t_codes.astype(np.int64) * n_r + r_codes)[0].astype(np.int64)
    first = first_rows(pair)
    n_p = len(first)
    p_t, p_s = t_codes[first], s_codes[first]
    means = []
    for label, sel in groups:
        m = sel & ok
        cnt = np.bincount(pair[m], minlength=n_p)
        tot = np.bincount(pair[m], weights=x[m], minlength=n_p)
        with np.errstate(invalid="ignore", divide="ignore"):
            rmean = np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)
        means.append((label, source_means(p_t, p_s, rmean, n_t, len(s_names))))
    rows = convergence_rows(means, s_names, pairs, confidence, min_people, by_cols[0] if by_cols else None)
    out = pd.DataFrame(rows)
    if unknown:
        out.attrs["unknown_sources"] = unknown
    return out


def source_means(ratee: np.ndarray, source: np.ndarray, score: np.ndarray, n_t: int, n_s: int) -> np.ndarray:
    """ratees x sources matrix of the mean of the raters' scores (NaN = source absent)."""
    ok = ~np.isnan(score)
    cell = ratee[ok].astype(np.int64) * n_s + source[ok]
    cnt = np.bincount(cell, minlength=n_t * n_s).reshape(n_t, n_s)
    tot = np.bincount(cell, weights=score[ok], minlength=n_t * n_s).reshape(n_t, n_s)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)


def convergence_rows(means, s_names, pairs, ci, min_n, by_col) -> list[dict]:
    """Rows of :func:`source_convergence`: Pearson r with its Fisher-z CI for each pair of
    sources in ``pairs`` over the ratees x sources ``means`` (a pair with fewer than
    ``max(min_n, 4)`` ratees rated by both keeps only its ``n``)."""
    from scipy import special

    z = special.ndtri(1 - (1 - float(ci)) / 2)
    rows = []
    for label, M in means:
        for a_name, b_name in pairs:
            row = {by_col: label} if by_col else {}
            row.update(source_a=a_name, source_b=b_name, n=0, r=np.nan, CI_lower=np.nan, CI_upper=np.nan,
                       pval=np.nan)
            if a_name in s_names and b_name in s_names:
                u, v = M[:, s_names.index(a_name)], M[:, s_names.index(b_name)]
                both = ~np.isnan(u) & ~np.isnan(v)
                n = int(both.sum())
                row["n"] = n
                if n >= max(min_n, 4):
                    row.update(_pearson_fisher(u[both], v[both], z))
            rows.append(row)
    return rows


def _pearson_fisher(u: np.ndarray, v: np.ndarray, z: float) -> dict:
    from scipy import special

    n = len(u)
    du, dv = u - u.mean(), v - v.mean()
    # einsum, not BLAS dot: no thread start-up for these short vectors on a busy machine
    den = np.sqrt(np.einsum("i,i->", du, du) * np.einsum("i,i->", dv, dv))
    if den == 0:
        return {}
    r = float(np.clip(np.einsum("i,i->", du, dv) / den, -1.0, 1.0))
    zr = np.arctanh(r) if abs(r) < 1 else np.sign(r) * np.inf
    half = z / np.sqrt(n - 3)
    if abs(r) < 1:
        t = r * np.sqrt((n - 2) / (1 - r * r))
        p = float(2 * special.stdtr(n - 2, -abs(t)))
    else:
        p = 0.0
    return {"r": r, "CI_lower": float(np.tanh(zr - half)), "CI_upper": float(np.tanh(zr + half)), "pval": p}
