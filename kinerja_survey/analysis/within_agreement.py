"""Within-ratee agreement rwg and rwg(J) against a named null distribution.

rwg, rwg_j              within-ratee agreement (James, Demaree & Wolf 1984), ``null=`` by name
null_variance           variance of a named null distribution (uniform, slight/moderate/heavy skew)
expected_null_variance, rwg_j_from_variances  the pieces ``reliability_report`` reuses
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import analysis_error, ratings_frame_renamed
from .checks import as_list, category_codes, check_frame, check_ids, group_stats, item_competency, numeric_column

__all__ = ["NULL_DISTRIBUTIONS", "expected_null_variance", "null_variance", "rwg", "rwg_j", "rwg_j_from_variances"]


# --------------------------------------------------------------------------------------------
# rwg and rwg(J)
# --------------------------------------------------------------------------------------------

#: Response probabilities of the named null distributions for a 5-point scale (options 1..5).
#: Their variances are the sigma^2_E of LeBreton & Senter (2008, Table 2; after James, Demaree
#: & Wolf 1984 and Kozlowski & Hults 1987): uniform 2.00, slight skew 1.34, moderate skew 0.90,
#: heavy skew 0.44, triangular 1.32, normal 1.04.
NULL_DISTRIBUTIONS: dict[str, tuple[float, ...]] = {
    "uniform": (0.20, 0.20, 0.20, 0.20, 0.20),
    "slight_skew": (0.05, 0.15, 0.20, 0.35, 0.25),
    "moderate_skew": (0.00, 0.10, 0.15, 0.40, 0.35),
    "heavy_skew": (0.00, 0.00, 0.10, 0.40, 0.50),
    "triangular": (0.11, 0.22, 0.34, 0.22, 0.11),
    "normal": (0.07, 0.24, 0.38, 0.24, 0.07),
}


def null_variance(null="uniform", scale_points: int = 5) -> float:
    """Variance :math:`\\sigma^2_E` of a null (no-agreement) response distribution.

    Parameters
    ----------
    null : str or float
        ``"uniform"`` (any number of options: :math:`(A^2-1)/12`), or, for a 5-point scale,
        ``"slight_skew"``, ``"moderate_skew"``, ``"heavy_skew"``, ``"triangular"``,
        ``"normal"``; or a positive number used as it is.
    scale_points : int
        Number of response options *A*.

    Returns
    -------
    float
        The variance :math:`\\sum_a p_a (a - \\bar a)^2` of the named distribution
        (probabilities in :data:`NULL_DISTRIBUTIONS`).

    Notes
    -----
    Skewed nulls model a response bias (leniency: most answers at the top of the scale).  With
    such a null the expected random variance is smaller, so the same observed variance gives a
    lower rwg: a conservative reading of agreement when raters are known to be lenient
    (James et al. 1984; LeBreton & Senter 2008, Table 2 lists 1.34 / 0.90 / 0.44 for slight /
    moderate / heavy skew on 5 points).  Named skewed distributions are defined here for 5-point
    scales only; for other scales pass the variance as a number.

    References
    ----------
    James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater
    reliability with and without response bias. Journal of Applied Psychology, 69(1), 85-98.
    LeBreton, J. M., & Senter, J. L. (2008). Answers to 20 questions about interrater
    reliability and interrater agreement. Organizational Research Methods, 11(4), 815-852.

    Examples
    --------
    >>> null_variance("uniform"), null_variance("slight_skew"), null_variance("heavy_skew")
    (2.0, 1.34, 0.44)
    >>> null_variance("uniform", scale_points=7)
    4.0
    """
    fn = "null_variance"
    if not isinstance(scale_points, (int, np.integer)) or isinstance(scale_points, bool) or scale_points < 2:
        raise analysis_error("an_int_at_least", name=f"{fn}: scale_points", low=2, value=repr(scale_points))
    if isinstance(null, str):
        if null not in NULL_DISTRIBUTIONS:
            raise analysis_error("an_null_unknown", fn=fn, null=repr(null), choices=", ".join(NULL_DISTRIBUTIONS))
        if null == "uniform":
            return (scale_points**2 - 1) / 12.0
        if scale_points != 5:
            raise analysis_error("an_null_five_only", fn=fn, null=repr(null), scale_points=scale_points)
        p = np.asarray(NULL_DISTRIBUTIONS[null])
        a = np.arange(1, 6, dtype=float)
        m = float(p @ a)
        return round(float(p @ (a - m) ** 2), 12)
    try:
        v = float(null)
    except (TypeError, ValueError):
        raise analysis_error("an_null_type", fn=fn, null=repr(null)) from None
    if not v > 0 or not np.isfinite(v):
        raise analysis_error("an_positive", name=f"{fn}: null", value=repr(null))
    return v


def expected_null_variance(scale_points, expected_variance, fn, null=None) -> float:
    """The null variance sigma^2_EU of rwg: from ``null`` (see :func:`null_variance`), or
    ``expected_variance`` as given, or the uniform (A^2 - 1)/12; AnalysisError when both are given."""
    if null is not None:
        if expected_variance is not None:
            raise analysis_error("an_null_or_expected", fn=fn)
        if not isinstance(scale_points, (int, np.integer)) or scale_points < 2:
            raise analysis_error("an_int_at_least", name=f"{fn}: scale_points", low=2, value=repr(scale_points))
        return null_variance(null, int(scale_points))
    if expected_variance is not None:
        ev = float(expected_variance)
        if not ev > 0:
            raise analysis_error("an_positive", name=f"{fn}: expected_variance", value=repr(expected_variance))
        return ev
    if not isinstance(scale_points, (int, np.integer)) or scale_points < 2:
        raise analysis_error("an_int_at_least", name=f"{fn}: scale_points", low=2, value=repr(scale_points))
    return (scale_points**2 - 1) / 12.0


def _item_variances(t_codes, n_t, i_codes, n_i, x):
    """Per (target, item): number of answers and sample variance (ddof=1; NaN below 2)."""
    ok = ~np.isnan(x)
    cell = t_codes[ok] * n_i + i_codes[ok]
    n, _, ss = group_stats(cell, x[ok], n_t * n_i)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(n >= 2, ss / np.maximum(n - 1, 1), np.nan)
    return n.reshape(n_t, n_i), var.reshape(n_t, n_i)


def rwg_j_from_variances(var: np.ndarray, sigma2: float):
    """rwg(J) per row of a targets x items variance matrix (NaN entries ignored)."""
    J = (~np.isnan(var)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_var = np.where(J > 0, np.nansum(var, axis=1) / np.maximum(J, 1), np.nan)
        r = mean_var / sigma2
        val = J * (1 - r) / (J * (1 - r) + r)
    val = np.where(r > 1, 0.0, val)
    val = np.where(J > 0, val, np.nan)
    return J, mean_var, val


@ratings_frame_renamed(values="ratings")
def rwg(
    data: pd.DataFrame,
    scale_points: int = 5,
    *,
    targets: str = "ratee",
    items: str = "item",
    ratings: str = "rating",
    expected_variance: float | None = None,
    null: str | float | None = None,
) -> pd.DataFrame:
    """Single-item within-ratee agreement rwg (James, Demaree & Wolf 1984), per ratee and item.

    Parameters
    ----------
    data : DataFrame
        Long format; every row is one rater's answer on one item about one target.  Pass only
        the raters whose agreement matters (usually without the self-rating).
    scale_points : int
        Number of response options *A* (5 for the BerAKHLAK scale).
    targets, items, ratings : str
        Column names.
    expected_variance : float, optional
        Null (no-agreement) variance :math:`\\sigma^2_{EU}`; default the uniform
        :math:`(A^2-1)/12`.
    null : str or float, optional
        The null distribution by name (``"uniform"``, ``"slight_skew"``, ``"moderate_skew"``,
        ``"heavy_skew"``, ``"triangular"``, ``"normal"``) or its variance as a number, see
        :func:`null_variance`; not together with ``expected_variance``.

    Returns
    -------
    DataFrame
        One row per (target, item) answered: ``targets, items, n_raters, variance, rwg``.

    Notes
    -----
    :math:`r_{wg} = 1 - s_x^2/\\sigma^2_{EU}`, :math:`s_x^2` the sample variance (n - 1) of the
    answers on the item.  When the observed variance exceeds the expected one, rwg is set to 0
    (James et al.'s convention, also R ``multilevel::rwg``); with fewer than two answers it is
    NaN.  Missing answers are ignored.

    References
    ----------
    James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater
    reliability with and without response bias. Journal of Applied Psychology, 69(1), 85-98.
    """
    fn = "rwg"
    sigma2 = expected_null_variance(scale_points, expected_variance, fn, null)
    data = check_frame(data, [targets, items, ratings], fn)
    check_ids(data, [targets, items], fn)
    x = numeric_column(data, ratings, fn)
    t_codes, t_labels = category_codes(data[targets])
    i_codes, i_labels = category_codes(data[items])
    n, var = _item_variances(t_codes, len(t_labels), i_codes, len(i_labels), x)
    tt, ii = np.nonzero(n > 0)
    v = var[tt, ii]
    with np.errstate(invalid="ignore"):
        r = np.where(v > sigma2, 0.0, 1.0 - v / sigma2)
    return pd.DataFrame({
        targets: np.asarray(t_labels)[tt],
        items: np.asarray(i_labels)[ii],
        "n_raters": n[tt, ii].astype(np.int64),
        "variance": v,
        "rwg": r,
    })


@ratings_frame_renamed(values="ratings")
def rwg_j(
    data: pd.DataFrame,
    scale_points: int = 5,
    *,
    by: str | None = None,
    targets: str = "ratee",
    raters: str = "rater",
    items: str = "item",
    ratings: str = "rating",
    expected_variance: float | None = None,
    null: str | float | None = None,
) -> pd.DataFrame:
    """Multi-item within-ratee agreement rwg(J) (James, Demaree & Wolf 1984), per ratee.

    Parameters
    ----------
    data : DataFrame
        Long format, as for :func:`rwg`.
    scale_points : int
        Number of response options *A*.
    by : str, optional
        ``None``: one rwg(J) per target over all items; ``"competency"`` (or another column
        grouping the items): one per target and competency.
    targets, raters, items, ratings : str
        Column names.
    expected_variance : float, optional
        :math:`\\sigma^2_{EU}`; default :math:`(A^2-1)/12`.
    null : str or float, optional
        Null distribution by name or variance, see :func:`null_variance` (e.g.
        ``null="slight_skew"`` for lenient raters on a 5-point scale: 1.34).

    Returns
    -------
    DataFrame
        ``targets, [by], n_raters, n_items (J), mean_variance, rwg_j``.

    Notes
    -----
    .. math::

        r_{wg(J)} = \\frac{J\\,(1 - \\bar s^2_x/\\sigma^2_{EU})}
                         {J\\,(1 - \\bar s^2_x/\\sigma^2_{EU}) + \\bar s^2_x/\\sigma^2_{EU}}

    with :math:`\\bar s^2_x` the mean of the *J* item variances.  When
    :math:`\\bar s^2_x > \\sigma^2_{EU}` the value is truncated to 0 (James et al. 1984;
    R ``multilevel::rwg.j``).  Missing answers: each item variance uses the raters who answered
    that item and *J* counts the items with at least two answers (pairwise); R
    ``multilevel::rwg.j`` instead drops raters with any unanswered item (listwise), so the two
    agree on complete data.  The computation is one ``bincount`` pass, no loop over targets.

    References
    ----------
    James, L. R., Demaree, R. G., & Wolf, G. (1984). Journal of Applied Psychology, 69, 85-98.
    Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability.
    """
    fn = "rwg_j"
    sigma2 = expected_null_variance(scale_points, expected_variance, fn, null)
    by_cols = as_list(by)
    data = check_frame(data, [targets, raters, items, ratings, *by_cols], fn)
    check_ids(data, [targets, raters, items, *by_cols], fn)
    x = numeric_column(data, ratings, fn)
    t_codes, t_labels = category_codes(data[targets])
    r_codes, r_labels = category_codes(data[raters])
    i_codes, i_labels = category_codes(data[items])
    n_t, n_i = len(t_labels), len(i_labels)
    n, var = _item_variances(t_codes, n_t, i_codes, n_i, x)
    pair = np.unique(t_codes * len(r_labels) + r_codes)
    n_raters = np.bincount(pair // len(r_labels), minlength=n_t)
    if not by_cols:
        J, mv, val = rwg_j_from_variances(var, sigma2)
        keep = n_raters > 0
        return pd.DataFrame({
            targets: np.asarray(t_labels)[keep], "n_raters": n_raters[keep], "n_items": J[keep],
            "mean_variance": mv[keep], "rwg_j": val[keep],
        })
    b_codes, b_labels = category_codes(data[by_cols[0]]) if len(by_cols) == 1 else (None, None)
    if b_codes is None:
        raise analysis_error("an_by_one", fn=fn)
    item_b = item_competency(i_codes, n_i, b_codes, data, fn, items, by_cols[0])
    frames = []
    for b in range(len(b_labels)):
        cols = np.flatnonzero(item_b == b)
        J, mv, val = rwg_j_from_variances(var[:, cols], sigma2)
        present = n[:, cols].sum(axis=1) > 0
        frames.append(pd.DataFrame({
            targets: np.asarray(t_labels)[present], by_cols[0]: b_labels[b],
            "n_raters": n_raters[present], "n_items": J[present],
            "mean_variance": mv[present], "rwg_j": val[present],
        }))
    return pd.concat(frames, ignore_index=True)
