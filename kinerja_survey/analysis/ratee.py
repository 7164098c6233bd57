"""Reliability of a ratee's mean rating: per-ratee reliability, SEM and projections.

spearman_brown          Spearman-Brown projection of a reliability
raters_needed           raters needed to reach a target reliability of the mean rating
ratee_reliability       reliability and SEM of each ratee's own mean for its own number of raters
sem                     standard error of measurement SD * sqrt(1 - reliability)
ratee_rows              the per-ratee table from integer codes (for ``reliability_report``)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import analysis_error
from .checks import category_codes, check_frame, check_ids, first_duplicate, group_stats, numeric_column
from .icc import oneway_icc

__all__ = ["ratee_reliability", "ratee_rows", "raters_needed", "sem", "spearman_brown"]


# --------------------------------------------------------------------------------------------
# Spearman-Brown
# --------------------------------------------------------------------------------------------

def spearman_brown(reliability, factor):
    """Spearman-Brown projection of a reliability to a test (or panel) ``factor`` times as long.

    :math:`\\rho^* = m\\rho / (1 + (m-1)\\rho)`.  Applied to a single-rater ICC(1) with
    ``factor = k`` it gives the reliability of the mean of *k* raters (ICC(1,k) in a balanced
    design).  Accepts scalars, arrays and Series (vectorised); returns the same shape.

    References
    ----------
    Spearman, C. (1910). Correlation calculated from faulty data. British Journal of
    Psychology, 3, 271-295. Brown, W. (1910). Same journal, 296-322.

    Examples
    --------
    >>> round(spearman_brown(0.5, 2), 6)
    0.666667
    """
    r = _as_float_array(reliability, "spearman_brown", "reliability")
    m = _as_float_array(factor, "spearman_brown", "factor")
    if np.any(m <= 0):
        raise analysis_error("an_factor_positive")
    if np.any((r > 1) | (r < -1)):
        raise analysis_error("an_reliability_range")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = m * r / (1 + (m - 1) * r)
    return _like(out, reliability)


def raters_needed(icc1, target: float = 0.7):
    """Smallest number of raters whose mean reaches reliability ``target``.

    Inverts Spearman-Brown: :math:`k = \\lceil \\rho^*(1-\\rho) / (\\rho(1-\\rho^*)) \\rceil`
    for a single-rater reliability :math:`\\rho` (ICC(1)).  ``NaN`` when :math:`\\rho \\le 0`
    (no number of raters suffices) or :math:`\\rho` is NaN; 1 when :math:`\\rho \\ge` target.

    Parameters
    ----------
    icc1 : float, array-like, Series, or the DataFrame returned by :func:`icc_nested`
        Single-rater reliability; with an ``icc_nested`` table the result is a Series indexed
        by its ``group`` column (one number per rater group).
    target : float
        Desired reliability of the mean rating, in (0, 1).  0.7 by default.

    Examples
    --------
    Shrout & Fleiss (1979): ICC(1,1) = .166 needs 12 raters for a mean with reliability .70.

    >>> int(raters_needed(0.166, 0.7))
    12
    """
    if not 0 < float(target) < 1:
        raise analysis_error("an_between_0_1", name="raters_needed: target", value=repr(target))
    if isinstance(icc1, pd.DataFrame):
        if "ICC1" not in icc1.columns:
            raise analysis_error("an_needs_icc1")
        index = icc1["group"] if "group" in icc1.columns else icc1.index
        return pd.Series(raters_needed(icc1["ICC1"].to_numpy(dtype=float), target),
                         index=pd.Index(index), name="raters_needed")
    r = _as_float_array(icc1, "raters_needed", "icc1")
    if np.any(r > 1):
        raise analysis_error("an_icc1_max")
    with np.errstate(invalid="ignore", divide="ignore"):
        k = target * (1 - r) / (r * (1 - target))
        # guard against 11.0000000001 from rounding before the ceiling
        k = np.ceil(np.round(k, 9))
    k = np.where(r >= target, 1.0, k)
    k = np.where((r <= 0) | np.isnan(r), np.nan, k)
    return _like(k, icc1, name="raters_needed")


def sem(reliability, sd):
    """Standard error of measurement: :math:`SEM = SD\\sqrt{1 - \\rho}`.

    Parameters
    ----------
    reliability : float, array-like or Series
        Reliability :math:`\\rho` of the scores (e.g. ICC(1,k) or :func:`spearman_brown` of ICC(1)
        for a ratee's own number of raters), in [-1, 1]; values below 0 give NaN.
    sd : float, array-like or Series
        Standard deviation of the observed scores (same shape or broadcastable).

    Returns
    -------
    float, ndarray or Series (the shape of ``reliability``)
        The SEM in the units of the scores.  A band of :math:`\\pm 1.96\\,SEM` around an observed
        score holds the true score with about 95% probability (classical test theory), and the
        difference of two scores with the same SEM has standard error :math:`\\sqrt 2\\,SEM`
        (used for trends between periods).

    References
    ----------
    Lord, F. M., & Novick, M. R. (1968). Statistical theories of mental test scores.
    Addison-Wesley (eq. 3.8.4).  Harvill, L. M. (1991). Standard error of measurement.
    Educational Measurement: Issues and Practice, 10(2), 33-41.

    Examples
    --------
    A test with SD 10 and reliability .91 has SEM 10 * sqrt(.09) = 3:

    >>> round(sem(0.91, 10), 6)
    3.0
    """
    fn = "sem"
    r = _as_float_array(reliability, fn, "reliability")
    s = _as_float_array(sd, fn, "sd")
    if np.any(r > 1):
        raise analysis_error("an_reliability_max", fn=fn)
    if np.any(s < 0):
        raise analysis_error("an_non_negative", name=f"{fn}: sd", value=f"{s[s < 0][0]:g}" if s.ndim else f"{float(s):g}")
    with np.errstate(invalid="ignore"):
        out = np.where(r >= 0, s * np.sqrt(np.clip(1.0 - r, 0.0, None)), np.nan)
    return _like(out, reliability, name="sem")


def ratee_reliability(
    data: pd.DataFrame,
    targets: str = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    group: str | None = None,
) -> pd.DataFrame:
    """Reliability and SEM of each ratee's own mean, for that ratee's own number of raters.

    Parameters
    ----------
    data : DataFrame
        Long format, **one score per (target, rater)** as for :func:`icc_nested` (aggregate item
        answers first with :func:`scale_scores`); NaN scores are dropped.
    targets, raters, ratings : str
        Column names.
    group : str, optional
        Column of rater groups (``"relationship"``): each group's ICC(1) is estimated on its
        own and every ratee gets one row per group it has raters in.  Without it all rows form
        one group, ``"overall"``.

    Returns
    -------
    DataFrame
        One row per (target, group): ``targets, group, k, mean, ICC1, reliability, SEM``, where
        ``k`` is the number of raters of this target in the group, ``mean`` their mean score,
        ``ICC1`` the group's single-rater reliability and ``reliability`` / ``SEM`` those of this
        mean.  NaN where the group's ICC(1) cannot be estimated (e.g. one supervisor per ratee).

    Notes
    -----
    From the one-way random-effects ANOVA of :func:`icc_nested` (Shrout & Fleiss 1979, case 1),
    :math:`\\hat\\sigma^2_W = MSW` and :math:`\\hat\\sigma^2_B = (MSB - MSW)/k_0`, so
    :math:`ICC(1) = \\sigma^2_B/(\\sigma^2_B + \\sigma^2_W)`.  The mean of *k* raters has

    .. math::

        \\rho_k = \\frac{k\\,ICC(1)}{1 + (k-1)\\,ICC(1)}
                 = \\frac{\\sigma^2_B}{\\sigma^2_B + \\sigma^2_W/k}, \\qquad
        SEM_k = \\sqrt{\\sigma^2_W / k}

    (Spearman-Brown; :math:`SEM_k = SD_k\\sqrt{1-\\rho_k}` with
    :math:`SD_k^2 = \\sigma^2_B + \\sigma^2_W/k`, see :func:`sem`).  ICC(1,k) of
    :func:`icc_nested` is :math:`\\rho_{k_0}`, the value for a typical ratee; this function gives
    the value for each ratee, so that a ratee with two peers is not read as precisely as one
    with eight.

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Psychological Bulletin, 86(2), 420-428.
    Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability.

    Examples
    --------
    Shrout & Fleiss (1979) Table 1 read as nested ratings; every target has 4 raters, so the
    reliability of each mean is ICC(1,4) = .443:

    >>> import pandas as pd
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> df = pd.DataFrame([(t, j, x) for t, row in enumerate(sf) for j, x in enumerate(row)],
    ...                   columns=["ratee", "rater", "rating"])
    >>> ratee_reliability(df)[["k", "reliability"]].round(3).head(2).to_dict("records")
    [{'k': 4, 'reliability': 0.443}, {'k': 4, 'reliability': 0.443}]
    """
    fn = "ratee_reliability"
    cols = [targets, raters, ratings] + ([group] if group is not None else [])
    data = check_frame(data, cols, fn)
    check_ids(data, cols[:2] + ([group] if group is not None else []), fn)
    x = numeric_column(data, ratings, fn)
    t_codes, t_labels = category_codes(data[targets])
    r_codes, r_labels = category_codes(data[raters])
    n_t = len(t_labels)
    dup = first_duplicate(t_codes * len(r_labels) + r_codes, n_t * len(r_labels))
    if dup >= 0:
        raise analysis_error("an_one_score_twice", fn=fn, row=data.index[dup], raters=raters,
                             rater=repr(data[raters].iloc[dup]), targets=targets, target=repr(data[targets].iloc[dup]))
    ok = ~np.isnan(x)
    if group is None:
        g_codes, g_labels = np.zeros(len(x), dtype=np.int64), pd.Index(["overall"])
    else:
        g_codes, g_labels = category_codes(data[group])
    frames = []
    for g in range(len(g_labels)):
        sel = ok & (g_codes == g)
        frames.append(ratee_rows(t_codes[sel], x[sel], n_t, t_labels, g_labels[g], targets))
    return pd.concat(frames, ignore_index=True)


def ratee_rows(t: np.ndarray, x: np.ndarray, n_t: int, t_labels, label, targets: str) -> pd.DataFrame:
    """Per-target rows of :func:`ratee_reliability` for one group of raters."""
    row = oneway_icc(t, x, n_t, 0.95)
    k, mean, _ = group_stats(t, x, n_t)
    has = k > 0
    icc1, msw = row["ICC1"], row["MSW"]
    kk = k[has]
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = kk * icc1 / (1.0 + (kk - 1.0) * icc1)
        err = np.sqrt(msw / kk) if np.isfinite(icc1) else np.full(len(kk), np.nan)
    return pd.DataFrame({targets: np.asarray(t_labels)[has], "group": label, "k": kk.astype(np.int64),
                         "mean": mean[has], "ICC1": icc1, "reliability": rel, "SEM": err})


def _as_float_array(v, fn, name) -> np.ndarray:
    try:
        return np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        raise analysis_error("an_column_numeric", fn=fn, name=name) from None


def _like(out: np.ndarray, template, name=None):
    if isinstance(template, pd.Series):
        return pd.Series(out, index=template.index, name=name or template.name)
    if np.ndim(out) == 0:
        return float(out)
    return out
