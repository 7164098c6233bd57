"""Reliability and agreement of 360-degree ratings.

Every public function follows the pingouin habit: a long-format DataFrame plus column names in,
a DataFrame or a number out.  All computations are vectorised with numpy (``bincount`` over
integer codes, one matrix per table), so a whole cycle of 100,000 ratees x 9 raters x 21 items
(18.5 million answers) is summarised by :func:`reliability_report` in seconds.

Functions
---------
scale_scores            mean over answered items per (ratee, rater[, competency])
icc_nested              one-way ICC(1) and ICC(1,k) for raters nested in ratees, unbalanced (k0)
icc_panel               the six Shrout-Fleiss / McGraw-Wong ICCs for a balanced, complete panel
krippendorff_alpha      Krippendorff's alpha (nominal / ordinal / interval / ratio), missing data
krippendorff_bootstrap  its bootstrap CI and P(alpha < .667 / .800) (Hayes & Krippendorff 2007)
cronbach_alpha          Cronbach's alpha with Feldt's confidence interval
cronbach_by_competency  Cronbach's alpha of every competency of the instrument
mcdonald_omega          McDonald's omega (total) from a one-factor model (minres)
omega_by_competency     omega beside Cronbach's alpha for every competency
rwg, rwg_j              within-ratee agreement (James, Demaree & Wolf 1984), ``null=`` by name
null_variance           variance of a named null distribution (uniform, slight/moderate/heavy skew)
spearman_brown          Spearman-Brown projection of a reliability
raters_needed           raters needed to reach a target reliability of the mean rating
ratee_reliability       reliability and SEM of each ratee's own mean for its own number of raters
sem                     standard error of measurement SD * sqrt(1 - reliability)
reliability_report      all of the above for one survey cycle

Why nested, not crossed: in a 360-degree survey every ratee has *their own* raters (raters are
nested in ratees, and their number differs per ratee), so the appropriate inter-rater
reliability is the one-way random-effects ICC with the unbalanced-design group size ``k0``
(Shrout & Fleiss 1979, case 1; Bliese 2000).  The two-way forms of :func:`icc_panel` need every
target rated by the same raters (a complete panel), as in a calibration exercise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy import special as _special

from ..frames import RATINGS_COLUMNS, analysis_error, check_ratings_frame, ratings_frame_renamed, renamed_parameters
from ..i18n import Localized, Msg, fmt_number

__all__ = [
    "LEVELS",
    "NULL_DISTRIBUTIONS",
    "cronbach_alpha",
    "cronbach_by_competency",
    "icc_nested",
    "icc_panel",
    "krippendorff_alpha",
    "krippendorff_bootstrap",
    "mcdonald_omega",
    "null_variance",
    "omega_by_competency",
    "ratee_reliability",
    "raters_needed",
    "reliability_report",
    "rwg",
    "rwg_j",
    "scale_scores",
    "sem",
    "spearman_brown",
]

LEVELS = ("nominal", "ordinal", "interval", "ratio")

# Krippendorff's alpha: units x values count matrices up to this many cells are dense, larger
# ones sparse; value domains larger than _MAX_VALUES use the closed form (interval only).
_DENSE_CELLS = 20_000_000
_MAX_VALUES = 3_000
# the bootstrap draws multinomial counts over all V x V value pairs up to this many distinct
# values; above it, unit-size classes with at least _NORMAL_PAIRS pairs use the normal limit of
# the summed disagreements, smaller classes draw their pairs one by one
_MAX_BOOT_VALUES = 200
_NORMAL_PAIRS = 10_000

# F distribution through scipy.special, as scipy.stats.f does internally (without its overhead)
def _f_ppf(q, dfn, dfd):
    return _special.fdtri(dfn, dfd, q)


def _f_isf(q, dfn, dfd):
    return _special.fdtri(dfn, dfd, 1.0 - q)


def _f_sf(x, dfn, dfd):
    return _special.fdtrc(dfn, dfd, x)


# notes in the result tables: ``i18n.Msg`` (the Indonesian text as a str, ``render("en")`` in English)
_NOTE_ONE_RATER = Msg("analysis.note_one_rater")
_NOTE_FEW_TARGETS = Msg("analysis.note_few_targets")
_NOTE_NO_VARIANCE = Msg("analysis.note_no_variance")


# --------------------------------------------------------------------------------------------
# input checks and integer codes
# --------------------------------------------------------------------------------------------

def _as_list(cols) -> list[str]:
    if isinstance(cols, str):
        return [cols]
    if cols is None:
        return []
    return list(cols)


def _check_frame(data, columns: Sequence[str], fn: str) -> pd.DataFrame:
    """Boundary check shared by the public functions.

    A full ratings frame goes through ``check_ratings_frame`` (the package contract); any other
    long frame must hold the named columns with no empty identifiers.
    """
    if not isinstance(data, pd.DataFrame):
        raise analysis_error("an_not_frame", what=f"{fn}: data", got=type(data).__name__)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise analysis_error("col_missing", what=f"{fn}: data", cols=", ".join(map(str, missing)))
    if all(c in data.columns for c in RATINGS_COLUMNS):
        data = check_ratings_frame(data)
    if len(data) == 0:
        raise analysis_error("an_no_rows", fn=fn)
    return data


def _check_ids(data: pd.DataFrame, cols: Sequence[str], fn: str) -> None:
    for c in cols:
        na = data[c].isna().to_numpy()
        if na.any():
            row = data.index[np.flatnonzero(na)[0]]
            raise analysis_error("an_cell_empty", fn=fn, row=row, col=c)


def _numeric(data: pd.DataFrame, col: str, fn: str) -> np.ndarray:
    """The column as float64, NaN for missing; ValueError naming the first non-numeric row."""
    s = data[col]
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    num = pd.to_numeric(s, errors="coerce")
    bad = (num.isna() & s.notna()).to_numpy()
    if bad.any():
        row = data.index[np.flatnonzero(bad)[0]]
        raise analysis_error("an_not_number", fn=fn, row=row, col=col, value=repr(s.loc[row]))
    return num.to_numpy(dtype=np.float64, na_value=np.nan)


def _codes_one(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..L-1 of the *used* levels of a column, and the level labels."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy().astype(np.int64)
        cats = s.cat.categories
        used = np.bincount(codes, minlength=len(cats)) > 0
        if used.all():
            return codes, cats
        remap = np.cumsum(used) - 1
        return remap[codes], cats[used]
    if s.dtype.kind in "iu" and len(s):
        arr = s.to_numpy()
        lo, hi = int(arr.min()), int(arr.max())
        if hi - lo <= 4 * len(arr) + 1024:  # small integer ids: counting sort, no hashing
            raw = np.subtract(arr, lo, dtype=np.int64)
            used = np.bincount(raw, minlength=hi - lo + 1) > 0
            labels = np.flatnonzero(used) + lo
            if used.all():
                return raw, pd.Index(labels)
            return (np.cumsum(used) - 1)[raw], pd.Index(labels)
    codes, uniques = pd.factorize(s, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def _first_duplicate(key: np.ndarray, size: int) -> int:
    """Position of the first repeated key, or -1; ``size`` bounds the keys (0..size-1)."""
    if size <= 50_000_000 and (len(key) == 0 or np.bincount(key, minlength=size).max() <= 1):
        return -1
    dup = pd.Series(key).duplicated().to_numpy()
    return int(np.flatnonzero(dup)[0]) if dup.any() else -1


def _codes(data: pd.DataFrame, cols: Sequence[str]) -> tuple[np.ndarray, int, pd.DataFrame]:
    """Codes of the combinations of ``cols`` and a frame of their labels (one row per level)."""
    cols = list(cols)
    if len(cols) == 1:
        codes, labels = _codes_one(data[cols[0]])
        return codes, len(labels), pd.DataFrame({cols[0]: labels})
    key = np.zeros(len(data), dtype=np.int64)
    for c in cols:
        part, labels = _codes_one(data[c])
        key = key * len(labels) + part
    codes, _ = pd.factorize(key)
    codes = codes.astype(np.int64)
    first = _first_rows(codes)
    labels = data[cols].iloc[first].reset_index(drop=True)
    return codes, len(first), labels


def _first_rows(codes: np.ndarray) -> np.ndarray:
    """Row of the first occurrence of each code, for codes numbered in order of appearance."""
    if len(codes) == 0:
        return np.empty(0, dtype=np.int64)
    run_max = np.maximum.accumulate(codes)
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > run_max[:-1]
    return np.flatnonzero(new)


def _group_stats(groups: np.ndarray, x: np.ndarray, n_groups: int):
    """Count, mean and within-group sum of squared deviations per group (two-pass, exact)."""
    n = np.bincount(groups, minlength=n_groups).astype(np.float64)
    s = np.bincount(groups, weights=x, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
    dev = x - mean[groups]
    ss = np.bincount(groups, weights=dev * dev, minlength=n_groups)
    return n, mean, ss


# --------------------------------------------------------------------------------------------
# scale scores
# --------------------------------------------------------------------------------------------

@ratings_frame_renamed(values="ratings")
def scale_scores(
    data: pd.DataFrame,
    by: str | None = None,
    *,
    targets: str = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    keep: Sequence[str] = ("relationship",),
) -> pd.DataFrame:
    """Aggregate item answers to one scale score per rater and ratee (mean of answered items).

    Parameters
    ----------
    data : DataFrame
        Long-format ratings (the ratings frame of :mod:`kinerja_survey.frames`).
    by : str, optional
        ``None`` (default) gives one overall score per (ratee, rater) over all items;
        ``"competency"`` (or any other column) gives one score per (ratee, rater, competency).
    targets, raters, ratings : str
        Column names.
    keep : sequence of str
        Columns constant within a (ratee, rater) pair that are carried to the output
        (``relationship`` by default, when present).

    Returns
    -------
    DataFrame
        Columns ``targets, raters, *keep, [by], score, n_items``: ``score`` is the mean of the
        answered items (NaN when none was answered), ``n_items`` how many were answered.

    Notes
    -----
    The score of rater *j* for ratee *i* is :math:`\\bar x_{ij} = \\frac{1}{m_{ij}}\\sum_{l}
    x_{ijl}` over the :math:`m_{ij}` answered items *l*; unanswered items are ignored rather
    than imputed.  This is the input :func:`icc_nested` expects (one score per rater and ratee).

    Examples
    --------
    >>> from kinerja_survey import demo
    >>> sim = demo.simulate_ratings(demo.synthetic_assignments(50, seed=1), seed=1)
    >>> s = scale_scores(sim.ratings)
    >>> list(s.columns)
    ['ratee', 'rater', 'relationship', 'score', 'n_items']
    """
    fn = "scale_scores"
    keep = [c for c in _as_list(keep) if c in data.columns] if isinstance(data, pd.DataFrame) else []
    by_cols = _as_list(by)
    data = _check_frame(data, [targets, raters, ratings, *by_cols, *keep], fn)
    _check_ids(data, [targets, raters, *by_cols], fn)
    x = _numeric(data, ratings, fn)
    pair, n_pairs, _labels = _codes(data, [targets, raters])
    first = _first_rows(pair)
    for c in keep:
        kc, _ = _codes_one(data[c])
        if (kc != kc[first][pair]).any():
            row = data.index[np.flatnonzero(kc != kc[first][pair])[0]]
            raise analysis_error("an_changes_within_pair", fn=fn, row=row, col=c, targets=targets, raters=raters)
    out = {targets: data[targets].iloc[first].to_numpy(), raters: data[raters].iloc[first].to_numpy()}
    for c in keep:
        out[c] = data[c].iloc[first].to_numpy()
    if by_cols:
        bc, n_b, b_labels = _codes(data, by_cols)
        cell = pair * n_b + bc
        score, n_items = _mean_answered(cell, x, n_pairs * n_b)
        present = np.bincount(cell, minlength=n_pairs * n_b) > 0
        idx = np.flatnonzero(present)
        p_idx, b_idx = np.divmod(idx, n_b)
        frame = {k: v[p_idx] for k, v in out.items()}
        for c in by_cols:
            frame[c] = b_labels[c].to_numpy()[b_idx]
        frame["score"] = score[idx]
        frame["n_items"] = n_items[idx]
        return pd.DataFrame(frame)
    score, n_items = _mean_answered(pair, x, n_pairs)
    out["score"] = score
    out["n_items"] = n_items
    return pd.DataFrame(out)


def _mean_answered(cell: np.ndarray, x: np.ndarray, n_cells: int):
    ok = ~np.isnan(x)
    c = cell[ok]
    n = np.bincount(c, minlength=n_cells)
    s = np.bincount(c, weights=x[ok], minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, s / np.maximum(n, 1), np.nan)
    return mean, n


# --------------------------------------------------------------------------------------------
# one-way ICC for raters nested in ratees (unbalanced)
# --------------------------------------------------------------------------------------------

def _icc_from_f(F, k):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.isinf(F), 1.0, (F - 1.0) / (F + k - 1.0))


def _oneway(groups: np.ndarray, x: np.ndarray, n_groups: int, ci: float) -> dict:
    """One-way random-effects ANOVA and ICC(1), ICC(1,k) with k0; x has no NaN."""
    n_i, mean_i, ss_i = _group_stats(groups, x, n_groups)
    present = n_i > 0
    a = int(present.sum())
    N = int(n_i.sum())
    row = {"n_targets": a, "n_ratings": N, "k0": np.nan, "MSB": np.nan, "MSW": np.nan, "F": np.nan,
               "df1": a - 1 if a else 0, "df2": N - a, "pval": np.nan, "ICC1": np.nan, "ICC1_lower": np.nan,
               "ICC1_upper": np.nan, "ICC1k": np.nan, "ICC1k_lower": np.nan, "ICC1k_upper": np.nan, "note": ""}
    if a < 2:
        row["note"] = _NOTE_FEW_TARGETS
        return row
    k0 = (N - float((n_i[present] ** 2).sum()) / N) / (a - 1)
    row["k0"] = k0
    if N - a < 1:
        row["note"] = _NOTE_ONE_RATER
        return row
    grand = x.mean()
    ssb = float((n_i[present] * (mean_i[present] - grand) ** 2).sum())
    ssw = float(ss_i.sum())
    msb, msw = ssb / (a - 1), ssw / (N - a)
    row.update(MSB=msb, MSW=msw)
    if msb == 0 and msw == 0:
        row["note"] = _NOTE_NO_VARIANCE
        return row
    df1, df2 = a - 1, N - a
    with np.errstate(divide="ignore"):
        F = msb / msw if msw > 0 else np.inf
    alpha = 1.0 - ci
    f_l = F / _f_ppf(1 - alpha / 2, df1, df2)
    f_u = F * _f_ppf(1 - alpha / 2, df2, df1)
    row.update(
        F=F,
        pval=float(_f_sf(F, df1, df2)),
        ICC1=float(_icc_from_f(F, k0)),
        ICC1_lower=float(_icc_from_f(f_l, k0)),
        ICC1_upper=float(_icc_from_f(f_u, k0)),
        ICC1k=float(1.0 - 1.0 / F),
        ICC1k_lower=float(1.0 - 1.0 / f_l),
        ICC1k_upper=float(1.0 - 1.0 / f_u),
    )
    return row


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
    data = _check_frame(data, cols, fn)
    _check_ids(data, [targets, raters] + ([group] if group is not None else []), fn)
    x = _numeric(data, ratings, fn)
    ok = ~np.isnan(x)
    t_codes, n_t, _ = _codes(data, [targets])
    r_codes, n_r, _ = _codes(data, [raters])
    dup = _first_duplicate(t_codes * n_r + r_codes, n_t * n_r)
    if dup >= 0:
        row = data.index[dup]
        raise analysis_error("an_icc_twice", fn=fn, row=row, raters=raters, rater=repr(data[raters].iloc[dup]),
                             targets=targets, target=repr(data[targets].iloc[dup]))
    if group is None:
        return pd.DataFrame([_oneway(t_codes[ok], x[ok], n_t, confidence)])
    g_codes, n_g, g_labels = _codes(data, [group])
    rows = []
    for g in range(n_g):
        sel = ok & (g_codes == g)
        rows.append({"group": g_labels[group].iloc[g], **_oneway(t_codes[sel], x[sel], n_t, confidence)})
    rows.append({"group": "overall", **_oneway(t_codes[ok], x[ok], n_t, confidence)})
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
    _check_ids(data, [targets, raters], fn)
    x = _numeric(data, ratings, fn)
    t_codes, t_labels = _codes_one(data[targets])
    r_codes, r_labels = _codes_one(data[raters])
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
    p1k = _f_sf(f1k, df1, df1kd)
    p2k = _f_sf(f2k, df1, df2kd)

    a = 1.0 - ci
    f1l = f1k / _f_ppf(1 - a / 2, df1, df1kd)
    f1u = f1k * _f_ppf(1 - a / 2, df1kd, df1)
    l1 = (f1l - 1) / (f1l + (k - 1))
    u1 = (f1u - 1) / (f1u + (k - 1))
    f3l = f2k / _f_ppf(1 - a / 2, df1, df2kd)
    f3u = f2k * _f_ppf(1 - a / 2, df2kd, df1)
    l3 = (f3l - 1) / (f3l + (k - 1))
    u3 = (f3u - 1) / (f3u + (k - 1))
    fj = msj / mse
    vn = df2kd * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = df1 * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd
    f2u = _f_ppf(1 - a / 2, n - 1, v)
    f2l = _f_ppf(1 - a / 2, v, n - 1)
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


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------------

def _value_codes(v: np.ndarray, level: str, fn: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted domain of observed values (v has no missing values)."""
    if v.dtype.kind == "f":
        lo, hi = (float(v.min()), float(v.max())) if len(v) else (0.0, 0.0)
        if hi - lo <= 10_000 and np.array_equal(v, np.floor(v)):
            raw = (v - lo).astype(np.int64)
            used = np.bincount(raw, minlength=int(hi - lo) + 1) > 0
            remap = np.cumsum(used) - 1
            return remap[raw], np.flatnonzero(used).astype(np.float64) + lo
        domain, codes = np.unique(v, return_inverse=True)
        return codes.astype(np.int64), domain
    if level != "nominal":
        raise analysis_error("an_level_numeric", fn=fn, level=level)
    codes, uniques = pd.factorize(v, sort=True)
    return codes.astype(np.int64), np.asarray(uniques)


def _distance(domain: np.ndarray, n_v: np.ndarray, level: str) -> np.ndarray:
    V = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(V)
    if level == "interval":
        diff = domain[:, None] - domain[None, :]
        return diff * diff
    if level == "ratio":
        s = domain[:, None] + domain[None, :]
        diff = domain[:, None] - domain[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(s != 0, diff / np.where(s != 0, s, 1.0), 0.0)
        return r * r
    # ordinal: (sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2 over ranks c <= k
    cs = np.concatenate([[0.0], np.cumsum(n_v)])
    i = np.arange(V)
    lo = np.minimum(i[:, None], i[None, :])
    hi = np.maximum(i[:, None], i[None, :])
    between = cs[hi + 1] - cs[lo]
    d = between - (n_v[:, None] + n_v[None, :]) / 2.0
    return d * d


def _coincidences(units: np.ndarray, m: np.ndarray, vcodes: np.ndarray, V: int) -> np.ndarray:
    """Coincidence matrix o (V x V) of pairable units 0..P-1 with m[u] >= 2 values each."""
    P = len(m)
    w = 1.0 / (m - 1.0)
    if P * V <= _DENSE_CELLS:
        counts = np.bincount(units * V + vcodes, minlength=P * V).reshape(P, V).astype(np.float64)
        weighted = counts * w[:, None]
        o = counts.T @ weighted
        o -= np.diag(weighted.sum(axis=0))
        return o
    counts = sparse.csr_matrix((np.ones(len(units)), (units, vcodes)), shape=(P, V), dtype=np.float64)
    weighted = sparse.diags(w) @ counts
    o = np.asarray((counts.T @ weighted).todense())
    o -= np.diag(np.asarray(weighted.sum(axis=0)).ravel())
    return o


def _alpha_from_o(o: np.ndarray, domain, level: str) -> float:
    """Krippendorff's alpha from the coincidence matrix over the (sorted) value domain."""
    n_v = o.sum(axis=0)
    n = n_v.sum()
    if len(n_v) < 2 or n < 2:
        return float("nan")
    e = (np.outer(n_v, n_v) - np.diag(n_v)) / (n - 1.0)
    d = _distance(np.asarray(domain, dtype=np.float64) if level != "nominal" else domain, n_v, level)
    de = float((e * d).sum())
    if de == 0:
        return float("nan")
    return float(1.0 - (o * d).sum() / de)


def _kalpha(units: np.ndarray, n_units: int, vcodes: np.ndarray, domain, level: str) -> float:
    """Krippendorff's alpha from unit codes and value codes (missing values already removed)."""
    m_u = np.bincount(units, minlength=n_units)
    pairable = m_u >= 2
    if not pairable.any():
        return float("nan")
    keep = pairable[units]
    units, vcodes = units[keep], vcodes[keep]
    units = (np.cumsum(pairable) - 1)[units]  # renumber the pairable units 0..P-1
    m = m_u[pairable].astype(np.float64)
    V = len(domain)
    if V > _MAX_VALUES:
        if level != "interval":
            raise analysis_error("an_too_many_values", V=V, level=level)
        # closed form of the interval alpha: sum_{c,k} o_ck (c-k)^2 = sum_u 2 m_u SS_u / (m_u - 1)
        # and sum_{c,k} e_ck (c-k)^2 = 2 n SS / (n - 1), SS_u and SS sums of squared deviations
        x = np.asarray(domain, dtype=np.float64)[vcodes]
        _, _, ss_u = _group_stats(units, x, len(m))
        num = float((2.0 * m * ss_u / (m - 1.0)).sum())
        n = float(len(x))
        dev = x - x.mean()
        den = 2.0 * n * float(dev @ dev) / (n - 1.0)
        return 1.0 - num / den if den > 0 else float("nan")
    return _alpha_from_o(_coincidences(units, m, vcodes, V), domain, level)


@renamed_parameters(units="targets", coders="raters", values="ratings")
def krippendorff_alpha(
    data: pd.DataFrame,
    targets: str | Sequence[str] = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    level: str = "interval",
) -> float:
    """Krippendorff's alpha for any number of coders, with missing data.

    Parameters
    ----------
    data : DataFrame
        Long format, one value per (unit, coder); NaN = missing.
    targets : str or list of str
        Column(s) identifying a unit of analysis.  For the item answers of a ratings frame use
        ``targets=["ratee", "item"]``; for scale scores (:func:`scale_scores`) ``"ratee"``.
    raters : str
        Column identifying the coder (rater).
    ratings : str
        Column with the values; numeric except for ``level="nominal"``.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement, which sets the difference function.

    Returns
    -------
    float
        Alpha (1 = perfect agreement, 0 = agreement at chance level); NaN when no unit has two
        values or all values are equal.

    Notes
    -----
    Only *pairable* values count: units with fewer than two values are left out.  With
    :math:`n_{uc}` the number of coders who gave value *c* to unit *u*, :math:`m_u` the values in
    unit *u*, the coincidence matrix is
    :math:`o_{ck} = \\sum_u (n_{uc} n_{uk} - [c=k]\\, n_{uc}) / (m_u - 1)`, computed as one matrix
    product of the (sparse when large) units x values count matrix.  With
    :math:`n_c = \\sum_k o_{ck}`, :math:`n = \\sum_c n_c` and the expected coincidences
    :math:`e_{ck} = (n_c n_k - [c=k] n_c)/(n-1)`:

    .. math:: \\alpha = 1 - \\frac{\\sum_{c,k} o_{ck}\\, \\delta^2_{ck}}{\\sum_{c,k} e_{ck}\\, \\delta^2_{ck}}

    with :math:`\\delta^2` nominal :math:`[c \\ne k]`, ordinal
    :math:`(\\sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2`, interval :math:`(c-k)^2`, ratio
    :math:`((c-k)/(c+k))^2`.  For more than 3,000 distinct values (interval only) the same
    quantity is computed in closed form from within-unit sums of squares.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania. (Worked example with 4 coders x 12 units and
    missing values: nominal .743, ordinal .815, interval .849, ratio .797.)

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rel = [[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    ...        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    ...        [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    ...        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan]]
    >>> df = pd.DataFrame([(u, c, x) for c, row in enumerate(rel) for u, x in enumerate(row)],
    ...                   columns=["unit", "coder", "value"])
    >>> round(krippendorff_alpha(df, "unit", "coder", "value", level="interval"), 3)
    0.849
    """
    parsed = _kripp_inputs(data, targets, raters, ratings, level, "krippendorff_alpha")
    if parsed is None:
        return float("nan")
    return _kalpha(*parsed, level)


def _kripp_inputs(data, units, coders, values, level, fn):
    """Unit codes, number of units, value codes and value domain (None when no value is present)."""
    if level not in LEVELS:
        raise analysis_error("an_one_of", name=f"{fn}: level", choices=", ".join(LEVELS), value=repr(level))
    unit_cols = _as_list(units)
    data = _check_frame(data, [*unit_cols, coders, values], fn)
    _check_ids(data, [*unit_cols, coders], fn)
    u_codes, n_units, _ = _codes(data, unit_cols)
    c_codes, n_coders, _ = _codes(data, [coders])
    i = _first_duplicate(u_codes * n_coders + c_codes, n_units * n_coders)
    if i >= 0:
        raise analysis_error("an_kripp_twice", fn=fn, row=data.index[i], raters=coders,
                             rater=repr(data[coders].iloc[i]), units=", ".join(map(str, unit_cols)))
    raw = data[values]
    if level == "nominal" and not pd.api.types.is_numeric_dtype(raw.dtype):
        present = raw.notna().to_numpy()
        v = raw.to_numpy(dtype=object)[present]
    else:
        try:
            x = _numeric(data, values, fn)
        except ValueError as err:
            raise analysis_error("an_level_numeric_text", err=err, level=level) from None
        present = ~np.isnan(x)
        v = x[present]
    if not present.any():
        return None
    vcodes, domain = _value_codes(v, level, fn)
    return u_codes[present], n_units, vcodes, domain


def _kalpha_boot(units, n_units, vcodes, domain, level, n_boot, rng):
    """Bootstrap replicates of alpha (Krippendorff 2006 algorithm), vectorised by unit size."""
    m_u = np.bincount(units, minlength=n_units)
    pairable = m_u >= 2
    if not pairable.any():
        return np.nan, np.full(n_boot, np.nan), 0
    keep = pairable[units]
    u2 = (np.cumsum(pairable) - 1)[units[keep]]
    m = m_u[pairable].astype(np.float64)
    V = len(domain)
    if V > _MAX_VALUES:
        raise analysis_error("an_boot_too_many", V=V, max=_MAX_VALUES)
    o = _coincidences(u2, m, vcodes[keep], V)
    sizes, counts = np.unique(m_u[pairable], return_counts=True)
    order = np.argsort(u2, kind="stable")
    return _boot_from_o(o, sizes, counts, domain, level, n_boot, rng, (u2[order], vcodes[keep][order]))


def _pair_sampler(units_sorted: np.ndarray, vcodes_sorted: np.ndarray):
    """Draw pairs of values with probabilities o_ck / n without the V x V table.

    A value is drawn uniformly among the n pairable values, its partner uniformly among the
    other values of the same unit: P(c, k) = sum_u n_uc (n_uk - [c = k]) / (n (m_u - 1)) = o_ck / n.
    """
    m = np.bincount(units_sorted)
    start = np.concatenate([[0], np.cumsum(m)[:-1]])
    s_i, m_i = start[units_sorted], m[units_sorted]
    pos = np.arange(len(units_sorted)) - s_i

    def draw(rng, shape):
        i = rng.integers(0, len(units_sorted), size=shape)
        step = 1 + (rng.random(shape) * (m_i[i] - 1)).astype(np.int64)
        j = s_i[i] + (pos[i] + step) % m_i[i]
        return vcodes_sorted[i], vcodes_sorted[j]

    return draw


def _boot_from_o(o, sizes, counts, domain, level, n_boot, rng, unit_values=None):
    """Alpha and its bootstrap replicates from the coincidence matrix and the unit-size histogram."""
    n_v = o.sum(axis=0)
    n = n_v.sum()
    if len(n_v) < 2 or n < 2:
        return np.nan, np.full(n_boot, np.nan), int(n)
    d = _distance(np.asarray(domain, dtype=np.float64) if level != "nominal" else domain, n_v, level)
    e = (np.outer(n_v, n_v) - np.diag(n_v)) / (n - 1.0)
    de = float((e * d).sum())
    if de == 0:
        return np.nan, np.full(n_boot, np.nan), int(n)
    alpha = 1.0 - float((o * d).sum()) / de
    p = np.clip((o / n).ravel(), 0.0, None)
    p /= p.sum()
    dflat = d.ravel()
    mu = float(p @ dflat)
    sd = float(np.sqrt(max(p @ (dflat * dflat) - mu * mu, 0.0)))
    dev = np.zeros(n_boot)
    sampler = None
    for size, count in zip(sizes, counts, strict=True):
        if size < 2 or count == 0:
            continue
        n_pairs = int(count) * int(size) * (int(size) - 1) // 2  # pairs drawn for units of this size
        if len(n_v) <= _MAX_BOOT_VALUES:
            draws = rng.multinomial(n_pairs, p, size=n_boot)       # (n_boot, V*V) pair counts
            total = draws @ dflat
        elif n_pairs >= _NORMAL_PAIRS or unit_values is None:
            # sum of n_pairs i.i.d. pair disagreements: its normal limit (many values, many pairs)
            total = rng.normal(n_pairs * mu, np.sqrt(n_pairs) * sd, size=n_boot)
        else:
            # pair by pair, in chunks of replicates of about 4 million draws
            if sampler is None:
                sampler = _pair_sampler(*unit_values)
            draw = sampler
            total = np.empty(n_boot)
            step = max(1, 4_000_000 // n_pairs)
            for b0 in range(0, n_boot, step):
                b1 = min(n_boot, b0 + step)
                c, k = draw(rng, (b1 - b0, n_pairs))
                total[b0:b1] = d[c, k].sum(axis=1)
        dev += (2.0 / (size - 1.0)) * total
    boot = np.clip(1.0 - dev / de, -1.0, 1.0)
    return alpha, boot, int(n)


@renamed_parameters(units="targets", coders="raters", values="ratings", ci="confidence")
def krippendorff_bootstrap(
    data: pd.DataFrame,
    targets: str | Sequence[str] = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    level: str = "interval",
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    min_alpha: Sequence[float] = (0.667, 0.800),
    random_state=None,
    return_replicates: bool = False,
):
    """Bootstrap confidence interval of Krippendorff's alpha (Hayes & Krippendorff 2007).

    Parameters
    ----------
    data, targets, raters, ratings, level
        As for :func:`krippendorff_alpha`.
    n_boot : int
        Bootstrap replicates (Hayes & Krippendorff recommend 1,000 or more; default 1000).
    confidence : float
        Level of the percentile interval (default .95).
    min_alpha : sequence of float
        Smallest acceptable alphas; for each, the share of replicates below it is returned
        (Krippendorff 2004: .800 for firm conclusions, .667 for tentative ones).
    random_state : int, numpy Generator or None
        Seed of the resampling; the same seed gives the same result.
    return_replicates : bool
        Also return the ``n_boot`` replicates (an array), as ``(table, replicates)``.

    Returns
    -------
    DataFrame
        One row: ``alpha`` (the point estimate, equal to :func:`krippendorff_alpha`),
        ``CI_lower``, ``CI_upper``, ``n_boot``, ``n_pairable`` (values in pairable units) and
        ``p_below_<min>`` per ``min_alpha`` (e.g. ``p_below_0.667``).

    Notes
    -----
    Krippendorff's (2006) algorithm, as in the KALPHA macro of Hayes & Krippendorff (2007):
    the expected disagreement :math:`D_e` is held fixed and the observed disagreement is
    resampled.  For each pairable unit *u* with :math:`m_u` values, :math:`m_u(m_u-1)/2` pairs of
    values (c, k) are drawn with replacement with probabilities :math:`o_{ck}/n` from the
    coincidence matrix, each contributing :math:`2\\delta^2_{ck}/(m_u - 1)`, and

    .. math:: \\alpha^*_b = 1 - \\frac{\\sum_{\\text{draws}} 2\\delta^2_{ck}/(m_u-1)}{n\\,D_e}

    so that :math:`E[\\alpha^*] = \\alpha`.  Units of equal size are drawn together (one
    multinomial draw over the :math:`V^2` value pairs per unit size and replicate, which has the
    same distribution as drawing the pairs one by one), so the cost does not grow with the
    number of units.  With more than 200 distinct values (e.g. means of several items) a
    unit-size class with at least 10,000 pairs instead draws the sum of its pair disagreements
    from its normal limit (the sum of that many i.i.d. draws; central limit theorem), and a
    smaller class draws its pairs one by one.  Replicates are kept within [-1, 1].
    The interval is the percentile interval of the replicates; ``p_below_x`` is the share of
    replicates below *x*, the probability of failing to reach that minimum.

    References
    ----------
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. Communication Methods and Measures, 1(1), 77-89.
    Krippendorff, K. (2006). Bootstrapping distributions for Krippendorff's alpha.
    Annenberg School for Communication, University of Pennsylvania.
    Krippendorff, K. (2004). Content analysis: an introduction to its methodology (2nd ed.).
    Sage (p. 241: the .800 / .667 standards).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rel = [[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    ...        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    ...        [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    ...        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan]]
    >>> df = pd.DataFrame([(u, c, x) for c, row in enumerate(rel) for u, x in enumerate(row)],
    ...                   columns=["unit", "coder", "value"])
    >>> b = krippendorff_bootstrap(df, "unit", "coder", "value", random_state=1).iloc[0]
    >>> round(float(b["alpha"]), 3), bool(b["CI_lower"] < b["alpha"] < b["CI_upper"])
    (0.849, True)
    """
    fn = "krippendorff_bootstrap"
    if not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or n_boot < 1:
        raise analysis_error("an_positive_int", name=f"{fn}: n_boot", value=repr(n_boot))
    if not 0 < float(confidence) < 1:
        raise analysis_error("an_between_0_1", name=f"{fn}: confidence", value=repr(confidence))
    mins = [float(v) for v in np.atleast_1d(np.asarray(min_alpha, dtype=float))]
    rng = np.random.default_rng(random_state)
    parsed = _kripp_inputs(data, targets, raters, ratings, level, fn)
    if parsed is None:
        alpha, boot, n_pairable = np.nan, np.full(n_boot, np.nan), 0
    else:
        alpha, boot, n_pairable = _kalpha_boot(*parsed, level, int(n_boot), rng)
    table = _boot_row(alpha, boot, n_pairable, confidence, mins)
    return (table, boot) if return_replicates else table


def _boot_row(alpha, boot, n_pairable, ci, mins) -> pd.DataFrame:
    a = 1.0 - float(ci)
    ok = ~np.isnan(boot)
    lo, hi = (np.quantile(boot[ok], [a / 2, 1 - a / 2]) if ok.any() else (np.nan, np.nan))
    row = {"alpha": alpha, "CI_lower": float(lo), "CI_upper": float(hi), "n_boot": len(boot),
           "n_pairable": n_pairable}
    for v in mins:
        row[f"p_below_{v:g}"] = float((boot[ok] < v).mean()) if ok.any() else np.nan
    return pd.DataFrame([row])


# --------------------------------------------------------------------------------------------
# Cronbach's alpha
# --------------------------------------------------------------------------------------------

def _pairwise_cov(W: np.ndarray) -> np.ndarray:
    """Covariance matrix from pairwise-complete rows (pandas ``DataFrame.cov`` semantics).

    Entry (a, b) is the sample covariance (n - 1) over the rows where both a and b are present,
    each mean taken over those rows; computed for all pairs at once with three matrix products
    of the (column-centred, zero-filled) data and the presence mask.
    """
    ok = ~np.isnan(W)
    if ok.all():
        return np.atleast_2d(np.cov(W, rowvar=False))
    M = ok.astype(np.float64)
    n_col = M.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.where(n_col > 0, np.nansum(W, axis=0) / np.maximum(n_col, 1), 0.0)
    Z = np.where(ok, W - centre, 0.0)
    n_ab = M.T @ M  # rows where both are present
    s_ab = Z.T @ M  # sum of a over the rows where b is present
    p_ab = Z.T @ Z  # sum of products
    with np.errstate(invalid="ignore", divide="ignore"):
        C = (p_ab - s_ab * s_ab.T / n_ab) / (n_ab - 1)
    C[n_ab < 2] = np.nan
    return C


def _cronbach_core(W: np.ndarray, nan_policy: str, ci: float) -> dict:
    if nan_policy == "listwise":
        W = W[~np.isnan(W).any(axis=1)]
    n, k = W.shape
    row = {"n_subjects": n, "n_items": k, "alpha": np.nan, "CI95_lower": np.nan, "CI95_upper": np.nan}
    if n < 2 or k < 2:
        return row
    C = _pairwise_cov(W)
    total = float(np.nansum(C)) if not np.isnan(C).all() else np.nan
    alpha = (k / (k - 1)) * (1 - float(np.trace(C)) / total) if total else np.nan
    df1 = n - 1
    df2 = df1 * (k - 1)
    a = 1 - ci
    row.update(
        alpha=alpha,
        CI95_lower=1 - (1 - alpha) * _f_isf(a / 2, df1, df2),
        CI95_upper=1 - (1 - alpha) * _f_isf(1 - a / 2, df1, df2),
    )
    return row


def _check_nan_policy(nan_policy: str, fn: str) -> None:
    if nan_policy not in ("pairwise", "listwise"):
        raise analysis_error("an_one_of", name=f"{fn}: nan_policy", choices="'pairwise', 'listwise'", value=repr(nan_policy))


@renamed_parameters(ci="confidence")
def cronbach_alpha(
    data: pd.DataFrame,
    items: str = "item",
    subjects: str | Sequence[str] = ("ratee", "rater"),
    ratings: str = "rating",
    *,
    nan_policy: str = "pairwise",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Cronbach's alpha of a set of items, with Feldt's confidence interval.

    Parameters
    ----------
    data : DataFrame
        Long format, one row per (subject, item).
    items : str
        Column with the item names.
    subjects : str or list of str
        Column(s) identifying one completed questionnaire.  In a 360-degree survey a
        "subject" is one rater's answers about one ratee: ``("ratee", "rater")`` (default).
    ratings : str
        Column with the answers (NaN = not answered).
    nan_policy : {"pairwise", "listwise"}
        ``"pairwise"`` (default, as ``pingouin.cronbach_alpha`` and R ``psych::alpha(use=
        "pairwise")``) computes each covariance from the subjects who answered both items;
        ``"listwise"`` first drops every subject with an unanswered item (alpha equals
        pingouin's; Feldt's interval then uses the *n* complete subjects, where pingouin 0.7
        keeps the *n* before deletion).
    confidence : float
        Confidence level (default .95).

    Returns
    -------
    DataFrame
        One row: ``n_subjects, n_items, alpha, CI95_lower, CI95_upper`` (limits not rounded).

    Notes
    -----
    With *k* items, item covariance matrix *C* and *n* subjects (rows of the subject x item
    table, as in pingouin):

    .. math::

        \\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\operatorname{tr} C}{\\sum_{ij} C_{ij}}\\right),
        \\quad [1 - (1-\\alpha) F_{1-\\gamma/2},\\; 1 - (1-\\alpha) F_{\\gamma/2}]

    with the F quantiles on :math:`(n-1, (n-1)(k-1))` degrees of freedom and
    :math:`\\gamma = 1 - confidence` (Feldt, Woodruff & Salih 1987).

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.
    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient
    alpha. Applied Psychological Measurement, 11(1), 93-103.

    Examples
    --------
    pingouin's long-format example (``pingouin.cronbach_alpha`` gives 0.5917188485995826):

    >>> import pingouin as pg
    >>> df = pg.read_dataset("cronbach_alpha")
    >>> round(float(cronbach_alpha(df, "Items", "Subj", "Scores")["alpha"].iloc[0]), 6)
    0.591719
    """
    fn = "cronbach_alpha"
    _check_nan_policy(nan_policy, fn)
    subj = _as_list(subjects)
    data = _check_frame(data, [items, *subj, ratings], fn)
    _check_ids(data, [items, *subj], fn)
    x = _numeric(data, ratings, fn)
    s_codes, n_s, _ = _codes(data, subj)
    i_codes, i_labels = _codes_one(data[items])
    W = _wide(s_codes, n_s, i_codes, len(i_labels), x, data, fn, f"{'/'.join(subj)}", items)
    return pd.DataFrame([_cronbach_core(W, nan_policy, confidence)])


def _wide(s_codes, n_s, i_codes, n_i, x, data, fn, subj_name, item_name) -> np.ndarray:
    cell = s_codes * n_i + i_codes
    counts = np.bincount(cell, minlength=n_s * n_i)
    if counts.max() > 1:
        i = np.flatnonzero(pd.Series(cell).duplicated().to_numpy())[0]
        raise analysis_error("an_wide_twice", fn=fn, row=data.index[i], subject=subj_name, items=item_name,
                             item=repr(data[item_name].iloc[i]))
    W = np.full((n_s, n_i), np.nan)
    W[s_codes, i_codes] = x
    return W


@ratings_frame_renamed(values="ratings", ci="confidence")
def cronbach_by_competency(
    data: pd.DataFrame,
    *,
    subjects: str | Sequence[str] = ("ratee", "rater"),
    competency: str = "competency",
    items: str = "item",
    ratings: str = "rating",
    nan_policy: str = "pairwise",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Cronbach's alpha (Feldt CI) of every competency of the instrument.

    Each competency's items form one scale; the subjects are the completed questionnaires
    (one rater about one ratee).  See :func:`cronbach_alpha` for the formula and ``nan_policy``.

    Returns
    -------
    DataFrame
        One row per competency: ``competency, n_subjects, n_items, alpha, CI95_lower,
        CI95_upper``.

    Examples
    --------
    >>> from kinerja_survey import demo
    >>> sim = demo.simulate_ratings(demo.synthetic_assignments(200, seed=2), seed=2)
    >>> cronbach_by_competency(sim.ratings)["competency"].tolist()
    ['ADA', 'AKU', 'BER', 'HAR', 'KOL', 'KOM', 'LOY']
    """
    fn = "cronbach_by_competency"
    _check_nan_policy(nan_policy, fn)
    subj = _as_list(subjects)
    data = _check_frame(data, [*subj, competency, items, ratings], fn)
    _check_ids(data, [*subj, competency, items], fn)
    x = _numeric(data, ratings, fn)
    s_codes, n_s, _ = _codes(data, subj)
    i_codes, i_labels = _codes_one(data[items])
    c_codes, c_labels = _codes_one(data[competency])
    item_comp = _item_competency(i_codes, len(i_labels), c_codes, data, fn, items, competency)
    W = _wide(s_codes, n_s, i_codes, len(i_labels), x, data, fn, "/".join(subj), items)
    present = np.zeros((n_s, len(c_labels)), dtype=bool)
    present[s_codes, c_codes] = True
    return _cronbach_table(W, item_comp, present, c_labels, competency, nan_policy, confidence)


def _item_competency(i_codes, n_i, c_codes, data, fn, items, competency) -> np.ndarray:
    item_comp = np.full(n_i, -1, dtype=np.int64)
    item_comp[i_codes] = c_codes
    if (item_comp[i_codes] != c_codes).any():
        i = np.flatnonzero(item_comp[i_codes] != c_codes)[0]
        raise analysis_error("an_item_in_two", fn=fn, row=data.index[i], items=items, item=repr(data[items].iloc[i]),
                             competency=competency)
    return item_comp


def _cronbach_table(W, item_comp, present, c_labels, competency, nan_policy, ci) -> pd.DataFrame:
    rows = []
    for c in range(len(c_labels)):
        cols = np.flatnonzero(item_comp == c)
        sub = W[present[:, c]][:, cols]
        rows.append({competency: c_labels[c], **_cronbach_core(sub, nan_policy, ci)})
    return pd.DataFrame(rows)


def _one_factor_uls(R: np.ndarray, tol: float = 1e-14, max_iter: int = 100_000):
    """Loadings of a one-factor model of correlation matrix R by unweighted least squares.

    Iterated principal-axis factoring (communalities from the squared multiple correlations,
    then the first eigenpair of R with the communalities on its diagonal, until they change by
    less than ``tol``); its fixed point is the ULS / minres solution (Harman 1976).  Returns
    (loadings, communalities, iterations, heywood) with the loadings summing to >= 0.
    """
    k = R.shape[0]
    try:
        h2 = 1.0 - 1.0 / np.diag(np.linalg.inv(R))
    except np.linalg.LinAlgError:
        h2 = np.max(np.abs(R - np.eye(k)), axis=1)
    h2 = np.clip(h2, 0.0, 1.0)
    lam = np.zeros(k)
    it = 0
    for it in range(1, max_iter + 1):
        Rs = R.copy()
        np.fill_diagonal(Rs, h2)
        vals, vecs = np.linalg.eigh(Rs)
        lam = np.sqrt(max(vals[-1], 0.0)) * vecs[:, -1]
        new = lam * lam
        heywood = bool((new > 1.0).any())
        new = np.minimum(new, 1.0)
        done = float(np.abs(new - h2).max()) < tol
        h2 = new
        if done:
            break
    if lam.sum() < 0:
        lam = -lam
    return lam, h2, it, heywood


def _omega_core(W: np.ndarray, nan_policy: str) -> dict:
    if nan_policy == "listwise":
        W = W[~np.isnan(W).any(axis=1)]
    n, k = W.shape
    row = {"n_subjects": n, "n_items": k, "omega_total": np.nan, "mean_loading": np.nan,
           "min_loading": np.nan, "note": ""}
    if n < 3 or k < 3:
        row["note"] = Msg("analysis.note_omega_small")
        return row
    C = _pairwise_cov(W)
    d = np.sqrt(np.diag(C))
    if np.isnan(C).any() or (d == 0).any():
        row["note"] = Msg("analysis.note_omega_no_var")
        return row
    R = C / np.outer(d, d)
    lam, h2, _, heywood = _one_factor_uls(R)
    row.update(omega_total=float(1.0 - (1.0 - h2).sum() / R.sum()), mean_loading=float(lam.mean()),
               min_loading=float(lam.min()))
    if heywood:
        row["note"] = "kasus Heywood: komunalitas dibatasi 1"
    return row


def mcdonald_omega(
    data: pd.DataFrame,
    items: str = "item",
    subjects: str | Sequence[str] = ("ratee", "rater"),
    ratings: str = "rating",
    *,
    nan_policy: str = "pairwise",
) -> pd.DataFrame:
    """McDonald's omega (total) of a set of items from a one-factor model.

    Parameters
    ----------
    data : DataFrame
        Long format, one row per (subject, item), as for :func:`cronbach_alpha`.
    items : str
        Column with the item names.
    subjects : str or list of str
        Column(s) identifying one completed questionnaire (``("ratee", "rater")``).
    ratings : str
        Column with the answers (NaN = not answered).
    nan_policy : {"pairwise", "listwise"}
        Correlations from pairwise-complete subjects (default, as R ``psych::omega``) or from
        the subjects who answered every item.

    Returns
    -------
    DataFrame
        One row: ``n_subjects, n_items, omega_total, mean_loading, min_loading, note``.

    Notes
    -----
    A one-factor model :math:`R = \\lambda\\lambda' + \\Psi` is fitted to the item correlation
    matrix *R* by unweighted least squares (minres; iterated principal axes to convergence), and

    .. math::

        \\omega_t = 1 - \\frac{\\sum_i (1 - h_i^2)}{\\sum_{ij} R_{ij}}, \\qquad h_i^2 = \\lambda_i^2

    (Revelle & Zinbarg 2009, the ``omega.tot`` of R ``psych::omega``).  When the model fits
    exactly (always with three items, a just-identified model, as every BerAKHLAK competency)
    this equals McDonald's :math:`(\\sum\\lambda_i)^2 / [(\\sum\\lambda_i)^2 + \\sum\\psi_i]` and the
    loadings have the closed form :math:`\\lambda_1^2 = r_{12} r_{13} / r_{23}`.  Unlike Cronbach's
    alpha, omega does not assume equal loadings (tau-equivalence); alpha <= omega when the
    one-factor model holds.  Items are not reverse-keyed (``psych::omega(flip=FALSE)``); a
    communality above 1 (Heywood case) is set to 1 and noted.

    References
    ----------
    McDonald, R. P. (1999). Test theory: a unified treatment. Erlbaum.
    Revelle, W., & Zinbarg, R. E. (2009). Coefficients alpha, beta, omega, and the glb.
    Psychometrika, 74(1), 145-154.
    Harman, H. H. (1976). Modern factor analysis (3rd ed.). University of Chicago Press.

    Examples
    --------
    pingouin's ``cronbach_alpha`` data (15 subjects x 10 items); R psych 2.2.9
    ``fa(cor(w), 1, fm="pa", min.err=1e-14)`` gives omega_t 0.680102235292797:

    >>> import pingouin as pg
    >>> df = pg.read_dataset("cronbach_alpha")
    >>> round(float(mcdonald_omega(df, "Items", "Subj", "Scores")["omega_total"].iloc[0]), 6)
    0.680102
    """
    fn = "mcdonald_omega"
    _check_nan_policy(nan_policy, fn)
    subj = _as_list(subjects)
    data = _check_frame(data, [items, *subj, ratings], fn)
    _check_ids(data, [items, *subj], fn)
    x = _numeric(data, ratings, fn)
    s_codes, n_s, _ = _codes(data, subj)
    i_codes, i_labels = _codes_one(data[items])
    W = _wide(s_codes, n_s, i_codes, len(i_labels), x, data, fn, f"{'/'.join(subj)}", items)
    return pd.DataFrame([_omega_core(W, nan_policy)])


@ratings_frame_renamed(values="ratings", ci="confidence")
def omega_by_competency(
    data: pd.DataFrame,
    *,
    subjects: str | Sequence[str] = ("ratee", "rater"),
    competency: str = "competency",
    items: str = "item",
    ratings: str = "rating",
    nan_policy: str = "pairwise",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """McDonald's omega beside Cronbach's alpha for every competency of the instrument.

    Returns
    -------
    DataFrame
        One row per competency: ``competency, n_subjects, n_items, alpha, CI95_lower,
        CI95_upper`` (as :func:`cronbach_by_competency`) and ``omega_total, mean_loading,
        min_loading, note`` (as :func:`mcdonald_omega`).

    Examples
    --------
    >>> from kinerja_survey import demo
    >>> sim = demo.simulate_ratings(demo.synthetic_assignments(200, seed=2), seed=2)
    >>> t = omega_by_competency(sim.ratings)
    >>> bool((t["omega_total"] >= t["alpha"] - 1e-9).all())
    True
    """
    fn = "omega_by_competency"
    _check_nan_policy(nan_policy, fn)
    subj = _as_list(subjects)
    data = _check_frame(data, [*subj, competency, items, ratings], fn)
    _check_ids(data, [*subj, competency, items], fn)
    x = _numeric(data, ratings, fn)
    s_codes, n_s, _ = _codes(data, subj)
    i_codes, i_labels = _codes_one(data[items])
    c_codes, c_labels = _codes_one(data[competency])
    item_comp = _item_competency(i_codes, len(i_labels), c_codes, data, fn, items, competency)
    W = _wide(s_codes, n_s, i_codes, len(i_labels), x, data, fn, "/".join(subj), items)
    present = np.zeros((n_s, len(c_labels)), dtype=bool)
    present[s_codes, c_codes] = True
    return _omega_table(W, item_comp, present, c_labels, competency, nan_policy, confidence)


def _omega_table(W, item_comp, present, c_labels, competency, nan_policy, ci) -> pd.DataFrame:
    rows = []
    for c in range(len(c_labels)):
        cols = np.flatnonzero(item_comp == c)
        sub = W[present[:, c]][:, cols]
        om = _omega_core(sub, nan_policy)
        rows.append({competency: c_labels[c], **_cronbach_core(sub, nan_policy, ci),
                     **{k: om[k] for k in ("omega_total", "mean_loading", "min_loading", "note")}})
    return pd.DataFrame(rows)


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


def _expected_variance(scale_points, expected_variance, fn, null=None) -> float:
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
    n, _, ss = _group_stats(cell, x[ok], n_t * n_i)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(n >= 2, ss / np.maximum(n - 1, 1), np.nan)
    return n.reshape(n_t, n_i), var.reshape(n_t, n_i)


def _rwg_j_from_var(var: np.ndarray, sigma2: float):
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
    sigma2 = _expected_variance(scale_points, expected_variance, fn, null)
    data = _check_frame(data, [targets, items, ratings], fn)
    _check_ids(data, [targets, items], fn)
    x = _numeric(data, ratings, fn)
    t_codes, t_labels = _codes_one(data[targets])
    i_codes, i_labels = _codes_one(data[items])
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
    sigma2 = _expected_variance(scale_points, expected_variance, fn, null)
    by_cols = _as_list(by)
    data = _check_frame(data, [targets, raters, items, ratings, *by_cols], fn)
    _check_ids(data, [targets, raters, items, *by_cols], fn)
    x = _numeric(data, ratings, fn)
    t_codes, t_labels = _codes_one(data[targets])
    r_codes, r_labels = _codes_one(data[raters])
    i_codes, i_labels = _codes_one(data[items])
    n_t, n_i = len(t_labels), len(i_labels)
    n, var = _item_variances(t_codes, n_t, i_codes, n_i, x)
    pair = np.unique(t_codes * len(r_labels) + r_codes)
    n_raters = np.bincount(pair // len(r_labels), minlength=n_t)
    if not by_cols:
        J, mv, val = _rwg_j_from_var(var, sigma2)
        keep = n_raters > 0
        return pd.DataFrame({
            targets: np.asarray(t_labels)[keep], "n_raters": n_raters[keep], "n_items": J[keep],
            "mean_variance": mv[keep], "rwg_j": val[keep],
        })
    b_codes, b_labels = _codes_one(data[by_cols[0]]) if len(by_cols) == 1 else (None, None)
    if b_codes is None:
        raise analysis_error("an_by_one", fn=fn)
    item_b = _item_competency(i_codes, n_i, b_codes, data, fn, items, by_cols[0])
    frames = []
    for b in range(len(b_labels)):
        cols = np.flatnonzero(item_b == b)
        J, mv, val = _rwg_j_from_var(var[:, cols], sigma2)
        present = n[:, cols].sum(axis=1) > 0
        frames.append(pd.DataFrame({
            targets: np.asarray(t_labels)[present], by_cols[0]: b_labels[b],
            "n_raters": n_raters[present], "n_items": J[present],
            "mean_variance": mv[present], "rwg_j": val[present],
        }))
    return pd.concat(frames, ignore_index=True)


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
    data = _check_frame(data, cols, fn)
    _check_ids(data, cols[:2] + ([group] if group is not None else []), fn)
    x = _numeric(data, ratings, fn)
    t_codes, t_labels = _codes_one(data[targets])
    r_codes, r_labels = _codes_one(data[raters])
    n_t = len(t_labels)
    dup = _first_duplicate(t_codes * len(r_labels) + r_codes, n_t * len(r_labels))
    if dup >= 0:
        raise analysis_error("an_one_score_twice", fn=fn, row=data.index[dup], raters=raters,
                             rater=repr(data[raters].iloc[dup]), targets=targets, target=repr(data[targets].iloc[dup]))
    ok = ~np.isnan(x)
    if group is None:
        g_codes, g_labels = np.zeros(len(x), dtype=np.int64), pd.Index(["overall"])
    else:
        g_codes, g_labels = _codes_one(data[group])
    frames = []
    for g in range(len(g_labels)):
        sel = ok & (g_codes == g)
        frames.append(_ratee_rows(t_codes[sel], x[sel], n_t, t_labels, g_labels[g], targets))
    return pd.concat(frames, ignore_index=True)


def _ratee_rows(t: np.ndarray, x: np.ndarray, n_t: int, t_labels, label, targets: str) -> pd.DataFrame:
    """Per-target rows of :func:`ratee_reliability` for one group of raters."""
    row = _oneway(t, x, n_t, 0.95)
    k, mean, _ = _group_stats(t, x, n_t)
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


# --------------------------------------------------------------------------------------------
# the cycle report
# --------------------------------------------------------------------------------------------

@renamed_parameters(ratings="data", ci="confidence")
def reliability_report(
    data: pd.DataFrame,
    *,
    scale_points: int = 5,
    target: float = 0.7,
    confidence: float = 0.95,
    null="uniform",
    bootstrap: bool = False,
    n_boot: int = 1000,
    random_state=None,
    tables=None,
) -> dict[str, pd.DataFrame]:
    """Reliability and agreement summary of one 360-degree survey cycle.

    Parameters
    ----------
    data : DataFrame
        The ratings frame (see :mod:`kinerja_survey.frames`).
    scale_points : int
        Response options of the instrument (5 for BerAKHLAK), for rwg.
    target : float
        Reliability the mean rating should reach, for ``raters_needed`` (default .70).
    confidence : float
        Confidence level of the intervals.
    null : str or float
        Null distribution of rwg(J) and r*wg(J) (:func:`null_variance`); ``"uniform"`` by default.
    bootstrap : bool
        Also bootstrap Krippendorff's alpha (table ``"kripp_bootstrap"``); off by default, as
        it is the only random and the slowest part.
    n_boot, random_state
        Replicates and seed of that bootstrap (:func:`krippendorff_bootstrap`).
    tables : iterable of str, optional
        Only these tables (names as below, :data:`REPORT_TABLES`); default every one.  What they
        do not need is not computed: the three per-ratee tables (``rwg_j``, ``agreement_ratee``,
        ``ratee_reliability``) skip alpha/omega, the coincidence matrix, the G-study and the
        convergence table.  ``"summary"`` needs the tables it summarises (computed, returned only
        when asked for).

    Returns
    -------
    dict of DataFrame
        ``"icc"``
            :func:`icc_nested` on the overall scale score per rater, by relationship (without
            the self-rating) and ``overall`` (all other raters together), with
            ``raters_needed`` for ``target``.  Supervisor rows are NaN when every ratee has one
            supervisor (not estimable).
        ``"cronbach"``
            :func:`cronbach_by_competency` (all answers, self included; pairwise NaN).
        ``"rwg_j"``
            rwg(J) per ratee over all items, other raters only (:func:`rwg_j`).
        ``"agreement"``
            Summary of rwg(J) per competency (J = its items) and over all items (``ALL``):
            ratees, mean, median, share at or above .70.
        ``"krippendorff"``
            Interval alpha of other raters on item answers (units = ratee x item) and on
            overall scale scores (units = ratee).
        ``"agreement_indices"``
            Per competency and ``ALL``: mean r*wg(J), AD(M), AD(Md), share of ratees with AD(M)
            at or below c/6, mean awg(J) (:mod:`kinerja_survey.analysis.agreement`), other raters.
        ``"agreement_ratee"``
            The same indices per ratee over all items (:func:`~.agreement.agreement_indices`).
        ``"ratee_reliability"``
            Reliability and SEM of each ratee's mean of the other raters for that ratee's own
            number of raters (:func:`ratee_reliability`, overall ICC(1)).
        ``"omega"``
            Cronbach's alpha and McDonald's omega per competency (:func:`omega_by_competency`).
        ``"var_components"``
            G-study of the other raters' scale scores: ratee, rater (leniency) and residual
            variance with their shares (:func:`~.generalizability.variance_components`).
        ``"d_study"``
            Reliability of a ratee's mean for 1-10 raters (:func:`~.generalizability.d_study`).
        ``"convergence"``
            Correlations between sources per competency on ratee-level means
            (:func:`~.agreement.source_convergence`).
        ``"kripp_bootstrap"``
            Only with ``bootstrap=True``: :func:`krippendorff_bootstrap` of the two alphas.
        ``"summary"``
            One line per headline figure, with a short reading in Bahasa Indonesia.

    Notes
    -----
    The frame is checked once (``check_ratings_frame``) and every statistic is computed from
    integer codes with ``numpy.bincount`` and small matrix products, over one questionnaire x
    item table: 100,000 ratees x 9 raters x 21 items (18.5 million answers) took about 9 s
    with the original six tables; with the agreement indices, omega, the G-study (a sparse
    conjugate-gradient solve) and the convergence table 20-50 s on a loaded 2-core machine, with
    a peak of 1.8 GB resident, the 0.43 GB input included; the bootstrap adds about a second.
    See ``benchmarks/bench_reliability.py`` and ``benchmarks/bench_statistics.py``.

    Examples
    --------
    >>> from kinerja_survey import demo
    >>> sim = demo.simulate_ratings(demo.synthetic_assignments(300, seed=3), seed=3)
    >>> rep = reliability_report(sim.ratings)
    >>> sorted(rep)  # doctest: +NORMALIZE_WHITESPACE
    ['agreement', 'agreement_indices', 'agreement_ratee', 'convergence', 'cronbach', 'd_study', 'icc',
     'krippendorff', 'omega', 'ratee_reliability', 'rwg_j', 'summary', 'var_components']
    """
    from .agreement import (SOURCE_PAIRS, _cell_stats, _convergence_rows, _indices_from_items,  # noqa: I001
                            _source_means)
    from .generalizability import _henderson3, d_study

    fn = "reliability_report"
    if tables is None:
        asked = set(REPORT_TABLES)
    else:
        asked = {tables} if isinstance(tables, str) else set(tables)
        unknown = sorted(map(str, asked - set(REPORT_TABLES)))
        if unknown or not asked:
            raise analysis_error("an_one_of", name=f"{fn}: tables", choices=", ".join(REPORT_TABLES),
                                 value=repr(unknown[0] if unknown else tables))
    need = set(asked)
    if "summary" in need:
        need |= set(_SUMMARY_NEEDS)
    if "d_study" in need:
        need.add("var_components")
    if bootstrap:
        need.add("krippendorff")
    sigma2 = _expected_variance(scale_points, None, fn, null)
    if not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or n_boot < 1:
        raise analysis_error("an_positive_int", name=f"{fn}: n_boot", value=repr(n_boot))
    if not 0 < float(target) < 1:
        raise analysis_error("an_between_0_1", name=f"{fn}: target", value=repr(target))
    data = _check_frame(data, RATINGS_COLUMNS, fn)
    x = data["rating"].to_numpy(dtype=np.float64)
    t, t_labels = _compact_codes(data["ratee"])
    r, r_labels = _compact_codes(data["rater"])
    rel, rel_labels = _compact_codes(data["relationship"])
    item, i_labels = _compact_codes(data["item"])
    comp, c_labels = _compact_codes(data["competency"])
    n_t, n_r, n_i, n_c = len(t_labels), len(r_labels), len(i_labels), len(c_labels)

    ic = np.bincount(item.astype(np.int64) * n_c + comp, minlength=n_i * n_c).reshape(n_i, n_c) > 0
    if (ic.sum(axis=1) > 1).any():
        bad = i_labels[int(np.flatnonzero(ic.sum(axis=1) > 1)[0])]
        raise analysis_error("an_item_two_competencies", fn=fn, item=repr(bad))
    item_comp = np.where(ic.any(axis=1), ic.argmax(axis=1), -1)

    # one code per (ratee, rater) questionnaire, numbered in order of appearance
    key = t.astype(np.int64)
    key *= n_r
    key += r
    pair = pd.factorize(key)[0].astype(np.int64, copy=False)
    del key
    first = _first_rows(pair)
    n_p = len(first)
    changed = rel[first][pair] != rel
    if changed.any():
        i = int(np.flatnonzero(changed)[0])
        raise analysis_error("an_rel_changes", fn=fn, row=data.index[i])
    del changed
    pair_t = t[first].astype(np.int64)
    pair_r = r[first].astype(np.int64)
    pair_rel = rel[first].astype(np.int64)
    del first
    self_idx = np.flatnonzero(np.asarray(rel_labels) == "self")
    self_code = int(self_idx[0]) if len(self_idx) else -1

    # the questionnaire x item table (NaN = not answered), built in place of the pair codes
    flat = pair
    flat *= n_i
    flat += item
    W = np.full(n_p * n_i, np.nan)
    W[flat] = x
    asked_cells = np.zeros(n_p * n_i, dtype=bool)
    asked_cells[flat] = True
    del flat, pair
    W = W.reshape(n_p, n_i)
    asked_cells = asked_cells.reshape(n_p, n_i)

    # Cronbach's alpha and McDonald's omega per competency, all questionnaires; each
    # questionnaire's mean per competency (for the convergence table)
    present = np.column_stack([asked_cells[:, item_comp == c].any(axis=1) for c in range(n_c)])
    del asked_cells
    cron_rows, omega_rows, comp_means = [], [], []
    for c in range(n_c if need & {"cronbach", "omega", "convergence"} else 0):
        cols = np.flatnonzero(item_comp == c)
        if len(cols) == 0:
            continue
        sub = W[:, cols][present[:, c]]
        if need & {"cronbach", "omega"}:
            cron_rows.append({"competency": c_labels[c], **_cronbach_core(sub, "pairwise", confidence)})
        if "omega" in need:
            om = _omega_core(sub, "pairwise")
            omega_rows.append({**cron_rows[-1], **{k: om[k] for k in ("omega_total", "mean_loading", "min_loading",
                                                                       "note")}})
        Wc = W[:, cols]
        answered = (~np.isnan(Wc)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            comp_means.append((c_labels[c], np.where(answered > 0, np.nansum(Wc, axis=1) / np.maximum(answered, 1),
                                                     np.nan)))
        del Wc, sub
    cron = pd.DataFrame(cron_rows)
    omega = pd.DataFrame(omega_rows)
    del present

    # overall scale score per questionnaire; per (ratee, item) variance of the other raters;
    # Krippendorff coincidences of the other raters with units = ratee x item
    others = pair_rel != self_code
    pt_o = pair_t[others]
    score_sum = np.zeros(n_p)
    score_n = np.zeros(n_p)
    var = np.full((n_t, n_i), np.nan)
    lo, hi, integral = np.inf, -np.inf, True
    for j in range(n_i):
        col = W[:, j]
        m = ~np.isnan(col)
        score_sum[m] += col[m]
        score_n += m
        v = col[m]
        if len(v):
            lo, hi = min(lo, float(v.min())), max(hi, float(v.max()))
            integral = integral and bool(np.array_equal(v, np.floor(v)))
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(score_n > 0, score_sum / np.maximum(score_n, 1), np.nan)
    del score_sum, score_n
    direct = integral and hi - lo <= 10_000
    if direct:
        domain = np.arange(lo, hi + 1) if np.isfinite(lo) else np.arange(0.0, 1.0)
    else:
        domain = np.unique(W[others][~np.isnan(W[others])])
    V = len(domain)
    o = np.zeros((V, V))
    with_cells = bool(need & {"agreement_indices", "agreement_ratee"})
    with_kripp = "krippendorff" in need
    cell = {k: np.full((n_t, n_i), np.nan) for k in (("n", "mean", "ad_mean", "ad_median") if with_cells else ())}
    unit_sizes = np.zeros(0, dtype=np.int64)
    for j in range(n_i):
        col = W[others, j]
        m = ~np.isnan(col)
        g, v = pt_o[m], col[m]
        n_j, _, ss = _group_stats(g, v, n_t)
        with np.errstate(invalid="ignore", divide="ignore"):
            var[:, j] = np.where(n_j >= 2, ss / np.maximum(n_j - 1, 1), np.nan)
        if with_cells:
            cs = _cell_stats(g, v, n_t)
            for k, mat in cell.items():
                mat[:, j] = cs[k]
        if not with_kripp:
            continue
        sizes_j = np.bincount(n_j.astype(np.int64))
        if len(sizes_j) > len(unit_sizes):
            sizes_j[: len(unit_sizes)] += unit_sizes
            unit_sizes = sizes_j
        else:
            unit_sizes[: len(sizes_j)] += sizes_j
        vc = (v - domain[0]).astype(np.int64) if direct else np.searchsorted(domain, v)
        pairable = n_j >= 2
        if pairable.any() and V <= _MAX_VALUES:
            keep = pairable[g]
            units = (np.cumsum(pairable) - 1)[g[keep]]
            o += _coincidences(units, n_j[pairable], vc[keep], V)
    del W
    a_items = _alpha_from_o(o, domain, "interval") if V <= _MAX_VALUES and with_kripp else float("nan")
    cell["var"] = var
    n_units_items = int((~np.isnan(var)).sum())

    # ICC(1), ICC(1,k) per relationship (others only) and overall
    others_p = others & ~np.isnan(score)
    rows = []
    for g in range(len(rel_labels) if "icc" in need else 0):
        sel = others_p & (pair_rel == g)
        if g == self_code or not sel.any():
            continue
        rows.append({"group": rel_labels[g], **_oneway(pair_t[sel], score[sel], n_t, confidence)})
    if "icc" in need:
        rows.append({"group": "overall", **_oneway(pair_t[others_p], score[others_p], n_t, confidence)})
        icc = pd.DataFrame(rows)
        icc["raters_needed"] = raters_needed(icc["ICC1"].to_numpy(dtype=float), target)

    # rwg(J) of the other raters, overall and per competency
    n_raters = np.bincount(pair_t[others], minlength=n_t)
    has = n_raters > 0
    J, mv, val = _rwg_j_from_var(var, sigma2)
    rwgj = pd.DataFrame({"ratee": np.asarray(t_labels)[has], "n_raters": n_raters[has],
                         "n_items": J[has], "mean_variance": mv[has], "rwg_j": val[has]})
    out = {"rwg_j": rwgj}
    if "agreement" in need:
        agree_rows = []
        for c in range(n_c):
            cols = np.flatnonzero(item_comp == c)
            if len(cols):
                agree_rows.append(_agreement_row(c_labels[c], _rwg_j_from_var(var[:, cols], sigma2)[2][has]))
        agree_rows.append(_agreement_row("ALL", val[has]))
        out["agreement"] = pd.DataFrame(agree_rows)

    # AD(M), AD(Md), awg(J), r*wg(J) of the other raters, per ratee and summarised per competency
    if with_cells:
        ind_rows = []
        for c in range(n_c if "agreement_indices" in need else 0):
            cols = np.flatnonzero(item_comp == c)
            if len(cols):
                ind = _indices_from_items({k: v[:, cols] for k, v in cell.items()}, sigma2, scale_points)
                ind_rows.append(_indices_row(c_labels[c], ind, has, scale_points))
        ind = _indices_from_items(cell, sigma2, scale_points)
        ind_rows.append(_indices_row("ALL", ind, has, scale_points))
        out["agreement_indices"] = pd.DataFrame(ind_rows)
        out["agreement_ratee"] = pd.DataFrame({
            "ratee": np.asarray(t_labels)[has], "n_raters": n_raters[has], "n_items": ind["n_items"][has],
            "rwg_j": ind["rwg_j"][has], "rwg_star_j": ind["rwg_star_j"][has], "ad_mean": ind["ad_mean"][has],
            "ad_median": ind["ad_median"][has], "ad_agree": ind["ad_mean"][has] <= scale_points / 6.0,
            "awg": ind["awg"][has]})
    del cell

    # per-ratee reliability and SEM of the other raters' mean (overall ICC(1))
    if "ratee_reliability" in need:
        out["ratee_reliability"] = _ratee_rows(pair_t[others_p], score[others_p], n_t, t_labels, "overall", "ratee")

    # G-study of the other raters' scale scores (raters crossed with ratees), D-study
    gstudy = dst = None
    if "var_components" in need:
        try:
            gstudy = _henderson3(pair_t[others_p], pair_r[others_p], score[others_p], 1e-10)
            dst = d_study(gstudy, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        except ValueError as err:  # e.g. every rater rates one ratee only: not estimable
            gstudy = pd.DataFrame({"component": ["ratee", "rater", "residual"], "estimate": np.nan, "variance": np.nan,
                                   "share": np.nan, "ss": np.nan, "df": np.nan, "coef": np.nan, "note": str(err)})
            dst = pd.DataFrame({"k": np.arange(1.0, 11.0), "g_coef": np.nan, "phi": np.nan, "sem_relative": np.nan,
                                "sem_absolute": np.nan})
        out["var_components"], out["d_study"] = gstudy, dst

    # convergence between sources per competency (ratee-level means of the questionnaire means)
    if "convergence" in need:
        rel_names = [str(v) for v in rel_labels]
        means = [(label, _source_means(pair_t, pair_rel, cm, n_t, len(rel_names))) for label, cm in comp_means]
        means.append(("ALL", _source_means(pair_t, pair_rel, score, n_t, len(rel_names))))
        out["convergence"] = pd.DataFrame(_convergence_rows(means, rel_names, SOURCE_PAIRS, confidence, 4,
                                                            "competency"))

    # Krippendorff's alpha of the other raters' scale scores (units = ratee)
    if with_kripp:
        vcodes, sdomain = _value_codes(score[others_p], "interval", fn)
        a_scores = _kalpha(pair_t[others_p], n_t, vcodes, sdomain, "interval")
        n_units_scores = int((np.bincount(pair_t[others_p], minlength=n_t) >= 2).sum())
        out["krippendorff"] = pd.DataFrame([
            {"data": "item", "units": "ratee x item", "level": "interval", "n_units": n_units_items,
             "alpha": a_items},
            {"data": "scale_score", "units": "ratee", "level": "interval", "n_units": n_units_scores,
             "alpha": a_scores},
        ])
    if "icc" in need:
        out["icc"] = icc
    if "cronbach" in need:
        out["cronbach"] = cron
    if "omega" in need:
        out["omega"] = omega
    if bootstrap:
        rng = np.random.default_rng(random_state)
        boot_rows = []
        sizes = np.arange(len(unit_sizes))
        for label, dom in (("item", domain), ("scale_score", sdomain)):
            if len(dom) > _MAX_VALUES:
                boot_rows.append((label, np.nan, np.full(int(n_boot), np.nan), 0, _NOTE_BOOT_VALUES))
                continue
            if label == "item":
                a, reps, npair = _boot_from_o(o, sizes, unit_sizes, domain, "interval", int(n_boot), rng)
            else:
                a, reps, npair = _kalpha_boot(pair_t[others_p], n_t, vcodes, sdomain, "interval", int(n_boot), rng)
            boot_rows.append((label, a, reps, npair, _NOTE_BOOT_NORMAL if len(dom) > _MAX_BOOT_VALUES else ""))
        frames = []
        for label, a, reps, npair, note in boot_rows:
            f = _boot_row(a, reps, npair, confidence, [0.667, 0.800])
            f.insert(0, "data", label)
            f["note"] = note
            frames.append(f)
        out["kripp_bootstrap"] = pd.concat(frames, ignore_index=True)
    if "summary" in need:
        out["summary"] = _summary(icc, cron, out["agreement"], out["krippendorff"], target, omega=omega, vc=gstudy,
                                  dst=dst, indices=out["agreement_indices"], scale_points=scale_points)
    order = ([name for name in REPORT_TABLES if name in asked and name != "summary"]
             + (["kripp_bootstrap"] if bootstrap else []) + (["summary"] if "summary" in asked else []))
    return {name: out[name] for name in order}


#: The tables of :func:`reliability_report`, in the order it returns them.
REPORT_TABLES = ("icc", "cronbach", "rwg_j", "agreement", "krippendorff", "agreement_indices", "agreement_ratee",
                 "ratee_reliability", "omega", "var_components", "d_study", "convergence", "summary")
#: What the ``summary`` table reads.
_SUMMARY_NEEDS = ("icc", "cronbach", "agreement", "krippendorff", "agreement_indices", "omega", "var_components",
                  "d_study")


_NOTE_BOOT_VALUES = Msg("analysis.note_boot_values")
_NOTE_BOOT_NORMAL = Msg("analysis.note_boot_normal")


def _indices_row(label, ind: dict, has: np.ndarray, scale_points: int) -> dict:
    def mean(v):
        v = v[has]
        v = v[~np.isnan(v)]
        return float(v.mean()) if len(v) else np.nan

    ad = ind["ad_mean"][has]
    ad = ad[~np.isnan(ad)]
    return {"competency": label, "n_ratees": len(ad), "mean_rwg_star_j": mean(ind["rwg_star_j"]),
            "mean_ad_mean": mean(ind["ad_mean"]), "mean_ad_median": mean(ind["ad_median"]),
            "share_ad_agree": float((ad <= scale_points / 6.0).mean()) if len(ad) else np.nan,
            "mean_awg": mean(ind["awg"])}


def _compact_codes(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Category codes without copying (int8/int16/int32 for a categorical column)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), s.cat.categories
    return _codes_one(s)


def _agreement_row(label, v: np.ndarray) -> dict:
    v = v[~np.isnan(v)]
    return {
        "competency": label,
        "n_ratees": len(v),
        "mean_rwg_j": float(v.mean()) if len(v) else np.nan,
        "median_rwg_j": float(np.median(v)) if len(v) else np.nan,
        "share_ge_070": float((v >= 0.7).mean()) if len(v) else np.nan,
    }


class _Fmt(Localized):
    """A figure of the summary's readings: two decimals (decimal comma in Bahasa Indonesia), ``-`` when missing."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def render(self, lang: str | None = None) -> str:
        v = self.v
        return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else fmt_number(v, 2, lang)


_fmt = _Fmt


def _summary(icc, cron, agreement, kripp, target, *, omega=None, vc=None, dst=None, indices=None,
             scale_points=5) -> pd.DataFrame:
    rows = []
    for _, r in icc.iterrows():
        if r["note"]:
            reading = r["note"]
        else:
            need = r["raters_needed"]
            need_txt = Msg("analysis.r_not_reached") if math.isnan(need) else Msg("analysis.r_n_raters", n=int(need))
            reading = Msg("analysis.r_icc", icc1=_fmt(r["ICC1"]), k0=_fmt(r["k0"]), icc1k=_fmt(r["ICC1k"]),
                          target=_fmt(target), need=need_txt)
        rows.append({"measure": "ICC(1)", "group": r["group"], "value": r["ICC1"], "reading": reading})
        rows.append({"measure": "ICC(1,k)", "group": r["group"], "value": r["ICC1k"], "reading": ""})
    for _, r in cron.iterrows():
        a = r["alpha"]
        level = Msg("analysis.r_level_good" if a >= 0.8 else "analysis.r_level_adequate" if a >= 0.7
                    else "analysis.r_level_low") if not math.isnan(a) else "-"
        rows.append({"measure": "Cronbach alpha", "group": r["competency"], "value": a,
                     "reading": Msg("analysis.r_alpha", level=level)})
    all_row = agreement[agreement["competency"] == "ALL"].iloc[0]
    rows.append({"measure": Msg("analysis.m_rwg_mean"), "group": "ALL", "value": all_row["mean_rwg_j"],
                 "reading": Msg("analysis.r_rwg", share=_fmt(100 * all_row["share_ge_070"]))})
    for _, r in kripp.iterrows():
        rows.append({"measure": "Krippendorff alpha", "group": r["data"], "value": r["alpha"],
                     "reading": Msg("analysis.r_kripp")})
    if indices is not None:
        r = indices[indices["competency"] == "ALL"].iloc[0]
        rows.append({"measure": Msg("analysis.m_ad_mean"), "group": "ALL", "value": r["mean_ad_mean"],
                     "reading": Msg("analysis.r_ad", share=_fmt(100 * r["share_ad_agree"]), cut=_fmt(scale_points / 6))})
        rows.append({"measure": Msg("analysis.m_awg_mean"), "group": "ALL", "value": r["mean_awg"], "reading": ""})
    if omega is not None:
        for _, r in omega.iterrows():
            rows.append({"measure": "McDonald omega", "group": r["competency"], "value": r["omega_total"],
                         "reading": r["note"] or Msg("analysis.r_omega_alpha", alpha=_fmt(r["alpha"]))})
    if vc is not None and not vc["share"].isna().all():
        share = vc.set_index("component")["share"]
        rows.append({"measure": Msg("analysis.m_rater_share"), "group": "rater", "value": share["rater"],
                     "reading": Msg("analysis.r_variance", ratee=_fmt(100 * share["ratee"]),
                                    rater=_fmt(100 * share["rater"]), residual=_fmt(100 * share["residual"]))})
        if dst is not None:
            phi = dst.set_index("k")["phi"]
            reach = phi[phi >= target]
            need = Msg("analysis.r_n_raters", n=int(reach.index[0])) if len(reach) else Msg("analysis.r_more_than_10")
            rows.append({"measure": Msg("analysis.m_dstudy"), "group": "overall", "value": phi.get(5.0, np.nan),
                         "reading": Msg("analysis.r_dstudy", target=_fmt(target), need=need)})
    return pd.DataFrame(rows)
