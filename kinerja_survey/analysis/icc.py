"""Intraclass correlations of 360-degree ratings.

icc_nested   one-way ICC(1) and ICC(1,k) for raters nested in ratees, unbalanced (k0)
icc_panel    the six Shrout-Fleiss / McGraw-Wong ICCs for a balanced, complete panel
oneway_icc   the one-way ANOVA table behind ``icc_nested`` from integer group codes (used by
             ``ratee_reliability`` and ``reliability_report``)

Why nested, not crossed: in a 360-degree survey every ratee has *their own* raters (raters are
nested in ratees, and their number differs per ratee), so the appropriate inter-rater
reliability is the one-way random-effects ICC with the unbalanced-design group size ``k0``
(Shrout & Fleiss 1979, case 1; Bliese 2000).  The two-way forms of :func:`icc_panel` need every
target rated by the same raters (a complete panel), as in a calibration exercise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import analysis_error, renamed_parameters
from .checks import (
    category_codes,
    check_frame,
    check_ids,
    combination_codes,
    f_ppf,
    f_sf,
    first_duplicate,
    group_stats,
    numeric_column,
    oneway_icc_from_sums,
)

__all__ = ["icc_nested", "icc_panel", "oneway_icc"]


# --------------------------------------------------------------------------------------------
# one-way ICC for raters nested in ratees (unbalanced)
# --------------------------------------------------------------------------------------------

def oneway_icc(groups: np.ndarray, x: np.ndarray, n_groups: int, ci: float) -> dict:
    """One-way random-effects ANOVA and ICC(1), ICC(1,k) with k0; x has no NaN."""
    n_i, mean_i, ss_i = group_stats(groups, x, n_groups)
    present = n_i > 0
    grand = x.mean() if len(x) else np.nan
    ssb = float((n_i[present] * (mean_i[present] - grand) ** 2).sum())
    return oneway_icc_from_sums(int(present.sum()), int(n_i.sum()), float((n_i[present] ** 2).sum()), ssb,
                                float(ss_i.sum()), ci)


@renamed_parameters(ci="confidence")
def icc_nested(
    data: pd.DataFrame,
    targets: str = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    group: str | None = None,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """One-way random ICC(1) and ICC(1,k) for raters nested in targets, unbalanced designs.

    Parameters
    ----------
    data : DataFrame
        Long format, **one score per (target, rater)**; aggregate item answers first with
        :func:`scale_scores`.  Missing scores (NaN) are dropped.
    targets, raters, ratings : str
        Column names of the rated person, the rater and the score.
    group : str, optional
        Column splitting the raters into groups (e.g. ``"relationship"``).  When given, one row
        per group is returned, followed by a row ``"overall"`` computed on all rows together.
    confidence : float
        Confidence level of the intervals (default .95).

    Returns
    -------
    DataFrame
        One row (or one per group + ``overall``) with ``n_targets`` (a), ``n_ratings`` (N),
        ``k0``, the mean squares ``MSB``/``MSW``, ``F``, ``df1``, ``df2``, ``pval``, ``ICC1``
        and ``ICC1k`` with ``_lower``/``_upper`` confidence limits, and ``note`` (why a value is
        NaN, in Bahasa Indonesia; empty when estimated).

    Notes
    -----
    From the one-way ANOVA of the scores on the targets, with :math:`n_i` ratings of target *i*,
    :math:`N=\\sum n_i` and *a* targets:

    .. math::

        k_0 = \\frac{1}{a-1}\\left(N - \\frac{\\sum_i n_i^2}{N}\\right), \\quad
        ICC(1) = \\frac{MSB - MSW}{MSB + (k_0 - 1) MSW}, \\quad
        ICC(1,k) = \\frac{MSB - MSW}{MSB}

    (Shrout & Fleiss 1979, case 1; the unbalanced group size :math:`k_0` is Snedecor &
    Cochran's, as used by Bliese 2000 and the R package ``ICC``).  With equal :math:`n_i = k`,
    :math:`k_0 = k` and the values equal pingouin's ``ICC(1,1)`` and ``ICC(1,k)``.  ICC(1,k) is
    the reliability of the *mean* of a target's :math:`k_0` ratings (Bliese's ICC(2)).

    Confidence intervals are McGraw & Wong (1996, Table 7, case 1) with :math:`k_0` in place of
    *k*: with :math:`F = MSB/MSW`, :math:`F_L = F / F_{1-\\alpha/2}(a-1, N-a)` and
    :math:`F_U = F \\cdot F_{1-\\alpha/2}(N-a, a-1)`, the limits are
    :math:`(F_{L,U} - 1)/(F_{L,U} + k_0 - 1)` for ICC(1) and :math:`1 - 1/F_{L,U}` for ICC(1,k).
    Targets rated once enter the between-target term only.  A group in which every target has
    a single rater (the supervisor, the self) has no within-target variance: its ICCs are NaN.

    Note that R ``multilevel::ICC1`` uses the *mean* group size N/a instead of :math:`k_0`;
    the two agree for balanced data and ICC(1,k) (``multilevel::ICC2``) does not depend on it.

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
    reliability. Psychological Bulletin, 86(2), 420-428.
    McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some intraclass correlation
    coefficients. Psychological Methods, 1(1), 30-46.
    Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability. In Klein &
    Kozlowski (Eds.), Multilevel theory, research, and methods in organizations (pp. 349-381).

    Examples
    --------
    Shrout & Fleiss (1979) Table 1, read as six targets with four nested ratings each (their
    Table 2: ICC(1,1) = .17, ICC(1,4) = .44):

    >>> import pandas as pd
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> df = pd.DataFrame([(t, j, x) for t, row in enumerate(sf) for j, x in enumerate(row)],
    ...                   columns=["ratee", "rater", "rating"])
    >>> icc_nested(df)[["ICC1", "ICC1k"]].round(3).to_dict("records")
    [{'ICC1': 0.166, 'ICC1k': 0.443}]
    """
    fn = "icc_nested"
    cols = [targets, raters, ratings] + ([group] if group is not None else [])
    data = check_frame(data, cols, fn)
    check_ids(data, [targets, raters] + ([group] if group is not None else []), fn)
    x = numeric_column(data, ratings, fn)
    ok = ~np.isnan(x)
    t_codes, n_t, _ = combination_codes(data, [targets])
    r_codes, n_r, _ = combination_codes(data, [raters])
    dup = first_duplicate(t_codes * n_r + r_codes, n_t * n_r)
    if dup >= 0:
        row = data.index[dup]
        raise analysis_error("an_icc_twice", fn=fn, row=row, raters=raters, rater=repr(data[raters].iloc[dup]),
                             targets=targets, target=repr(data[targets].iloc[dup]))
    if group is None:
        return pd.DataFrame([oneway_icc(t_codes[ok], x[ok], n_t, confidence)])
    g_codes, n_g, g_labels = combination_codes(data, [group])
    rows = []
    for g in range(n_g):
        sel = ok & (g_codes == g)
        rows.append({"group": g_labels[group].iloc[g], **oneway_icc(t_codes[sel], x[sel], n_t, confidence)})
    rows.append({"group": "overall", **oneway_icc(t_codes[ok], x[ok], n_t, confidence)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# two-way ICCs for complete panels (pingouin.intraclass_corr, vectorised)
# --------------------------------------------------------------------------------------------

@renamed_parameters(ci="confidence")
def icc_panel(
    data: pd.DataFrame,
    targets: str,
    raters: str,
    ratings: str,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The six Shrout-Fleiss / McGraw-Wong ICCs for a balanced, complete panel.

    Every target must be rated exactly once by every rater (a calibration panel).  For the
    360-degree design, where each ratee has their own raters, use :func:`icc_nested`.

    Parameters
    ----------
    data : DataFrame
        Long format with one row per (target, rater).
    targets, raters, ratings : str
        Column names.
    confidence : float
        Confidence level (default .95).

    Returns
    -------
    DataFrame
        Same layout and values as ``pingouin.intraclass_corr`` (0.7): columns ``Type, ICC, F,
        df1, df2, pval, CI95`` and rows ``ICC(1,1)`` (one-way random, Shrout-Fleiss ICC1),
        ``ICC(A,1)`` (two-way random, absolute agreement, ICC2), ``ICC(C,1)`` (two-way mixed,
        consistency, ICC3), ``ICC(1,k)``, ``ICC(A,k)``, ``ICC(C,k)`` (ICC1k, ICC2k, ICC3k).
        ``CI95`` holds the unrounded ``[lower, upper]`` (pingouin rounds it to 2 decimals).

    Raises
    ------
    ValueError
        When a target lacks a rating from some rater, a rating is missing, or a (target, rater)
        pair appears twice; the message says how many targets are incomplete.

    Notes
    -----
    With *n* targets, *k* raters and the two-way ANOVA mean squares for targets (MSB), raters
    (MSJ), residual (MSE) and within targets :math:`MSW = (SS_J + SS_E)/(n(k-1))`:

    .. math::

        ICC(1,1) = \\frac{MSB - MSW}{MSB + (k-1)MSW}, \\quad
        ICC(A,1) = \\frac{MSB - MSE}{MSB + (k-1)MSE + k(MSJ - MSE)/n}, \\quad
        ICC(C,1) = \\frac{MSB - MSE}{MSB + (k-1)MSE}

    and the average-measure forms ``(MSB - MSW)/MSB``, ``(MSB - MSE)/(MSB + (MSJ - MSE)/n)``,
    ``(MSB - MSE)/MSB``.  F tests and confidence intervals follow McGraw & Wong (1996, Tables
    7-8), including the Satterthwaite degrees of freedom of ICC(A,1).

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Psychological Bulletin, 86(2), 420-428.
    McGraw, K. O., & Wong, S. P. (1996). Psychological Methods, 1(1), 30-46.

    Examples
    --------
    Shrout & Fleiss (1979) Table 1 (6 targets x 4 judges); their Table 2 gives ICC(1,1) = .17,
    ICC(2,1) = .29, ICC(3,1) = .71, ICC(1,4) = .44, ICC(2,4) = .62, ICC(3,4) = .91:

    >>> import pandas as pd
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> df = pd.DataFrame([(t, j, x) for t, row in enumerate(sf) for j, x in enumerate(row)],
    ...                   columns=["target", "judge", "score"])
    >>> icc_panel(df, "target", "judge", "score").set_index("Type")["ICC"].round(2).tolist()
    [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    """
    fn = "icc_panel"
    if not isinstance(data, pd.DataFrame):
        raise analysis_error("an_not_frame", what=f"{fn}: data", got=type(data).__name__)
    missing = [c for c in (targets, raters, ratings) if c not in data.columns]
    if missing:
        raise analysis_error("col_missing", what=f"{fn}: data", cols=", ".join(map(str, missing)))
    check_ids(data, [targets, raters], fn)
    x = numeric_column(data, ratings, fn)
    t_codes, t_labels = category_codes(data[targets])
    r_codes, r_labels = category_codes(data[raters])
    n, k = len(t_labels), len(r_labels)
    if n < 2 or k < 2:
        raise analysis_error("an_need_2x2", fn=fn, targets=targets, raters=raters, n=n, k=k)
    cell = t_codes * k
    cell += r_codes
    nan = np.isnan(x)
    if len(x) == n * k and not nan.any():
        seen = np.zeros(n * k, dtype=bool)
        seen[cell] = True
        complete = bool(seen.all())  # n*k distinct cells: no duplicate, none missing
    else:
        complete = False
    if not complete:
        counts = np.bincount(cell, minlength=n * k)
        if counts.max() > 1:
            c = int(np.argmax(counts > 1))
            raise analysis_error("an_panel_twice", fn=fn, targets=targets, target=repr(t_labels[c // k]),
                                 count=counts[c], raters=raters, rater=repr(r_labels[c % k]))
        lacking = counts.reshape(n, k).min(axis=1) == 0
        lacking[t_codes[nan]] = True
        raise analysis_error("an_panel_incomplete", fn=fn, lacking=int(lacking.sum()), n=n, targets=targets, k=k,
                             raters=raters)
    Y = np.empty(n * k)
    Y[cell] = x
    return _panel_table(Y.reshape(n, k), confidence)


def _panel_table(Y: np.ndarray, ci: float) -> pd.DataFrame:
    n, k = Y.shape
    # einsum loops: faster than Y.mean(axis=1) on narrow rows, and no BLAS thread start-up
    row_mean = np.einsum("ij->i", Y) / k
    col_mean = np.einsum("ij->j", Y) / n
    grand = float(row_mean.mean())
    row_dev = row_mean - grand
    col_dev = col_mean - grand
    ss_b = k * float(np.einsum("i,i->", row_dev, row_dev))
    ss_j = n * float(np.einsum("i,i->", col_dev, col_dev))
    resid = (Y - grand).ravel()
    ss_t = float(np.einsum("i,i->", resid, resid))
    ss_e = ss_t - ss_b - ss_j
    msb = ss_b / (n - 1)
    msj = ss_j / (k - 1)
    mse = ss_e / ((n - 1) * (k - 1))
    msw = (ss_j + ss_e) / (n * (k - 1))

    icc1 = (msb - msw) / (msb + (k - 1) * msw)
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    icc3 = (msb - mse) / (msb + (k - 1) * mse)
    icc1k = (msb - msw) / msb
    icc2k = (msb - mse) / (msb + (msj - mse) / n)
    icc3k = (msb - mse) / msb

    df1 = n - 1
    df1kd = n * (k - 1)
    df2kd = (n - 1) * (k - 1)
    f1k = msb / msw
    f2k = msb / mse
    p1k = f_sf(f1k, df1, df1kd)
    p2k = f_sf(f2k, df1, df2kd)

    a = 1.0 - ci
    f1l = f1k / f_ppf(1 - a / 2, df1, df1kd)
    f1u = f1k * f_ppf(1 - a / 2, df1kd, df1)
    l1 = (f1l - 1) / (f1l + (k - 1))
    u1 = (f1u - 1) / (f1u + (k - 1))
    f3l = f2k / f_ppf(1 - a / 2, df1, df2kd)
    f3u = f2k * f_ppf(1 - a / 2, df2kd, df1)
    l3 = (f3l - 1) / (f3l + (k - 1))
    u3 = (f3u - 1) / (f3u + (k - 1))
    fj = msj / mse
    vn = df2kd * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = df1 * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd
    f2u = f_ppf(1 - a / 2, n - 1, v)
    f2l = f_ppf(1 - a / 2, v, n - 1)
    l2 = n * (msb - f2u * mse) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb)
    u2 = n * (f2l * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f2l * msb)

    return pd.DataFrame({
        "Type": ["ICC(1,1)", "ICC(A,1)", "ICC(C,1)", "ICC(1,k)", "ICC(A,k)", "ICC(C,k)"],
        "ICC": [icc1, icc2, icc3, icc1k, icc2k, icc3k],
        "F": [f1k, f2k, f2k, f1k, f2k, f2k],
        "df1": df1,
        "df2": [df1kd, df2kd, df2kd, df1kd, df2kd, df2kd],
        "pval": [p1k, p2k, p2k, p1k, p2k, p2k],
        "CI95": [
            np.array([l1, u1]),
            np.array([l2, u2]),
            np.array([l3, u3]),
            np.array([1 - 1 / f1l, 1 - 1 / f1u]),
            np.array([l2 * k / (1 + l2 * (k - 1)), u2 * k / (1 + u2 * (k - 1))]),
            np.array([1 - 1 / f3l, 1 - 1 / f3u]),
        ],
    })
