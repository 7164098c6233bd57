"""Internal consistency: Cronbach's alpha and McDonald's omega, overall and per competency.

cronbach_alpha          Cronbach's alpha with Feldt's confidence interval
cronbach_by_competency  Cronbach's alpha of every competency of the instrument
mcdonald_omega          McDonald's omega (total) from a one-factor model (minres)
omega_by_competency     omega beside Cronbach's alpha for every competency
cronbach_core, omega_core  the statistics of a wide subjects x items matrix (for ``reliability_report``)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..frames import analysis_error, ratings_frame_renamed, renamed_parameters
from ..i18n import Msg
from .checks import (
    alpha_from_cov,
    as_list,
    category_codes,
    check_frame,
    check_ids,
    combination_codes,
    item_competency,
    numeric_column,
)

__all__ = [
    "cronbach_alpha", "cronbach_by_competency", "cronbach_core", "mcdonald_omega", "omega_by_competency",
    "omega_core",
]


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


def cronbach_core(W: np.ndarray, nan_policy: str, ci: float) -> dict:
    """Cronbach's alpha with Feldt's CI of a subjects x items matrix (NaN = not answered).

    The statistics of :func:`cronbach_alpha` without the frame checks: ``n_subjects, n_items,
    alpha, CI95_lower, CI95_upper`` (used by ``reliability_report`` per competency).
    """
    if nan_policy == "listwise":
        W = W[~np.isnan(W).any(axis=1)]
    n, k = W.shape
    return alpha_from_cov(k, n, _pairwise_cov(W) if n >= 2 and k >= 2 else None, ci)


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
    W = _wide_matrix(data, "cronbach_alpha", items, subjects, ratings, nan_policy)
    return pd.DataFrame([cronbach_core(W, nan_policy, confidence)])


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


def _wide_matrix(data, fn, items, subjects, ratings, nan_policy) -> np.ndarray:
    """The checked subjects x items matrix of :func:`cronbach_alpha` and :func:`mcdonald_omega`."""
    _check_nan_policy(nan_policy, fn)
    subj = as_list(subjects)
    data = check_frame(data, [items, *subj, ratings], fn)
    check_ids(data, [items, *subj], fn)
    x = numeric_column(data, ratings, fn)
    s_codes, n_s, _ = combination_codes(data, subj)
    i_codes, i_labels = category_codes(data[items])
    return _wide(s_codes, n_s, i_codes, len(i_labels), x, data, fn, "/".join(subj), items)


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
    return _by_competency(data, "cronbach_by_competency", lambda W: cronbach_core(W, nan_policy, confidence),
                          subjects=subjects, competency=competency, items=items, ratings=ratings,
                          nan_policy=nan_policy)


def _by_competency(data, fn, statistics, *, subjects, competency, items, ratings, nan_policy) -> pd.DataFrame:
    """One row per competency: ``competency`` and ``statistics(W)`` of that competency's items.

    The one per-competency wrapper of :func:`cronbach_by_competency` and
    :func:`omega_by_competency`: checks the frame, codes subjects, items and competencies once,
    builds the subjects x items matrix ``W`` and hands each competency's block (the subjects who
    answered that competency, its items) to ``statistics``, which returns a dict of columns.
    """
    _check_nan_policy(nan_policy, fn)
    subj = as_list(subjects)
    data = check_frame(data, [*subj, competency, items, ratings], fn)
    check_ids(data, [*subj, competency, items], fn)
    x = numeric_column(data, ratings, fn)
    s_codes, n_s, _ = combination_codes(data, subj)
    i_codes, i_labels = category_codes(data[items])
    c_codes, c_labels = category_codes(data[competency])
    item_comp = item_competency(i_codes, len(i_labels), c_codes, data, fn, items, competency)
    W = _wide(s_codes, n_s, i_codes, len(i_labels), x, data, fn, "/".join(subj), items)
    present = np.zeros((n_s, len(c_labels)), dtype=bool)
    present[s_codes, c_codes] = True
    rows = []
    for c in range(len(c_labels)):
        cols = np.flatnonzero(item_comp == c)
        rows.append({competency: c_labels[c], **statistics(W[present[:, c]][:, cols])})
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


def omega_core(W: np.ndarray, nan_policy: str) -> dict:
    """McDonald's omega (total) of a subjects x items matrix (NaN = not answered).

    The statistics of :func:`mcdonald_omega` without the frame checks: ``n_subjects, n_items,
    omega_total, mean_loading, min_loading, note``.
    """
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
    W = _wide_matrix(data, "mcdonald_omega", items, subjects, ratings, nan_policy)
    return pd.DataFrame([omega_core(W, nan_policy)])


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
    def statistics(W):
        om = omega_core(W, nan_policy)
        return {**cronbach_core(W, nan_policy, confidence),
                **{k: om[k] for k in ("omega_total", "mean_loading", "min_loading", "note")}}

    return _by_competency(data, "omega_by_competency", statistics, subjects=subjects, competency=competency,
                          items=items, ratings=ratings, nan_policy=nan_policy)
