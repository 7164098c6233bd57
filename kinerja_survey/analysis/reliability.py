"""Reliability and agreement of 360-degree ratings: scale scores, and one import path for the
reliability statistics.

Every public function follows the pingouin habit: a long-format DataFrame plus column names in,
a DataFrame or a number out.  All computations are vectorised with numpy (``bincount`` over
integer codes, one matrix per table), so a whole cycle of 100,000 ratees x 9 raters x 21 items
(18.5 million answers) is summarised by :func:`reliability_report` in seconds.

Functions (defined here, or in the module named, and importable from here)
---------
scale_scores            mean over answered items per (ratee, rater[, competency])
icc_nested, icc_panel   ``analysis.icc``: one-way nested ICC(1)/ICC(1,k); the six panel ICCs
krippendorff_alpha      ``analysis.krippendorff``: Krippendorff's alpha, missing data
krippendorff_bootstrap  ``analysis.krippendorff``: its bootstrap CI (Hayes & Krippendorff 2007)
cronbach_alpha          ``analysis.consistency``: Cronbach's alpha with Feldt's confidence interval
cronbach_by_competency  ``analysis.consistency``: Cronbach's alpha of every competency
mcdonald_omega          ``analysis.consistency``: McDonald's omega (total), one-factor minres
omega_by_competency     ``analysis.consistency``: omega beside Cronbach's alpha per competency
rwg, rwg_j              ``analysis.within_agreement``: within-ratee agreement (James, Demaree & Wolf 1984)
null_variance           ``analysis.within_agreement``: variance of a named null distribution
spearman_brown          ``analysis.ratee``: Spearman-Brown projection of a reliability
raters_needed           ``analysis.ratee``: raters needed to reach a target reliability
ratee_reliability       ``analysis.ratee``: reliability and SEM of each ratee's own mean
sem                     ``analysis.ratee``: standard error of measurement SD * sqrt(1 - reliability)
reliability_report      ``analysis.report``: all of the above for one survey cycle
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..frames import analysis_error, ratings_frame_renamed
from .checks import as_list, category_codes, check_frame, check_ids, combination_codes, first_rows, numeric_column
from .consistency import cronbach_alpha, cronbach_by_competency, mcdonald_omega, omega_by_competency
from .icc import icc_nested, icc_panel
from .krippendorff import LEVELS, krippendorff_alpha, krippendorff_bootstrap
from .ratee import ratee_reliability, raters_needed, sem, spearman_brown
from .report import REPORT_TABLES, reliability_report
from .within_agreement import NULL_DISTRIBUTIONS, null_variance, rwg, rwg_j

__all__ = [
    "LEVELS",
    "NULL_DISTRIBUTIONS",
    "REPORT_TABLES",
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
    keep = [c for c in as_list(keep) if c in data.columns] if isinstance(data, pd.DataFrame) else []
    by_cols = as_list(by)
    data = check_frame(data, [targets, raters, ratings, *by_cols, *keep], fn)
    check_ids(data, [targets, raters, *by_cols], fn)
    x = numeric_column(data, ratings, fn)
    pair, n_pairs, _labels = combination_codes(data, [targets, raters])
    first = first_rows(pair)
    for c in keep:
        kc, _ = category_codes(data[c])
        if (kc != kc[first][pair]).any():
            row = data.index[np.flatnonzero(kc != kc[first][pair])[0]]
            raise analysis_error("an_changes_within_pair", fn=fn, row=row, col=c, targets=targets, raters=raters)
    out = {targets: data[targets].iloc[first].to_numpy(), raters: data[raters].iloc[first].to_numpy()}
    for c in keep:
        out[c] = data[c].iloc[first].to_numpy()
    if by_cols:
        bc, n_b, b_labels = combination_codes(data, by_cols)
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
