"""Generalizability theory for 360-degree ratings: how much of the variance is the ratee, how
much the rater's leniency, and how many raters a reliable mean needs.

In a 360-degree cycle raters rate several ratees (a peer rates several colleagues, a supervisor
the whole team), so ratees and raters are *crossed*, but sparsely: each ratee meets only a few of
all raters (a partially crossed, unbalanced design).  The variance of one rater's score about
one ratee splits into

* ratee (:math:`\\sigma^2_p`): true differences between the people rated, what we want;
* rater (:math:`\\sigma^2_r`): leniency / severity, the same shift on every ratee a rater rates;
* residual (:math:`\\sigma^2_{pr,e}`): the rater's idiosyncratic view of this ratee plus error.

Functions
---------
variance_components  G-study: the three components by Henderson's method III (unbalanced data)
                     or by REML (``method="reml"``)
d_study              D-study: reliability of a ratee's mean for k raters (relative and absolute)

Which method by default: Henderson's method III stays the default of ``variance_components``
and of the reliability report's ``var_components``/``d_study`` tables.  It is exact, needs no
iteration, shows its sums of squares (``ss``, ``df``, ``coef``) so a reader can check it, and is
what the G-theory references used here compute for unbalanced designs (Brennan 2001, ch. 7;
Searle et al. 1992, ch. 5).  REML is what the mixed-model references report (``lme4::lmer``,
SAS PROC MIXED); it never gives a negative variance and equals method III on balanced complete
data.  ``reliability_report`` shows both side by side (table ``g_study_reml``, column
``method``); on the demo cycles they agree to about 0.01 (e.g. ratee 0.157 vs 0.152), and the
REML fit of a big cycle takes seconds to minutes where method III takes under a second
(``analysis.report.ITEM_REML_MAX_ANSWERS``).  Pass ``method="reml"`` where lme4 is the reference.

References
----------
Brennan, R. L. (2001). Generalizability theory. Springer.
Shavelson, R. J., & Webb, N. M. (1991). Generalizability theory: a primer. Sage.
Searle, S. R., Casella, G., & McCulloch, C. E. (1992). Variance components. Wiley (ch. 5.5,
Henderson's method III).
Scullen, S. E., Mount, M. K., & Goff, M. (2000). Understanding the latent structure of job
performance ratings. Journal of Applied Psychology, 85(6), 956-970.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import connected_components

from ..frames import analysis_error
from .checks import category_codes, check_frame, check_ids, first_duplicate, numeric_column, single_threaded_blas

__all__ = ["d_study", "variance_components"]

COMPONENTS = ("ratee", "rater", "residual")


def variance_components(
    data: pd.DataFrame,
    targets: str = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    *,
    tol: float = 1e-12,
    method: str = "henderson3",
) -> pd.DataFrame:
    """Ratee, rater (leniency) and residual variance of a crossed or partially crossed design.

    Parameters
    ----------
    data : DataFrame
        Long format, **one score per (target, rater)** (aggregate item answers first with
        :func:`kinerja_survey.analysis.reliability.scale_scores`); NaN scores are dropped.
        Raters must be identified across targets (the same id for the same person), otherwise
        rater and residual variance cannot be told apart.
    targets, raters, ratings : str
        Column names.
    tol : float
        Relative tolerance of the conjugate-gradient solve of the rater effects.
    method : {"henderson3", "reml"}
        ``"reml"`` fits the same model by REML as ``lme4::lmer(rating ~ 1 + (1|ratee) +
        (1|rater))`` does (:func:`~kinerja_survey.analysis.reml.variance_components_reml`, which
        also fits the item design); ``tol`` is then ignored.

    Returns
    -------
    DataFrame
        Three rows, ``component`` = ``ratee``, ``rater``, ``residual``, with ``estimate`` (the
        method III estimate, may be negative), ``variance`` (negative estimates set to 0, as
        Brennan 2001 advises for D-studies), ``share`` of the total ``variance``, ``ss``, ``df``
        and ``coef`` of the sums of squares used.  Attributes (``DataFrame.attrs``): ``n_ratings``,
        ``n_targets``, ``n_raters``, ``n_components`` (connected parts of the design),
        ``k_harmonic`` (harmonic mean of raters per target) and ``method``.

    Notes
    -----
    Model :math:`y_{pr} = \\mu + p + r + e`, with random ratee effect :math:`p`, rater effect
    :math:`r` and residual :math:`e` (confounded with the ratee x rater interaction when every pair
    is rated once).  Henderson's method III equates three quadratic forms to their expectations
    (Searle et al. 1992, 5.5), with :math:`n_p` scores of ratee *p*, :math:`n_r` of rater *r*,
    *N* scores, *a* ratees, *b* raters and *c* connected parts of the ratee-rater graph (rank of
    the fixed-effects design :math:`a + b - c`):

    .. math::

        E[SSE] &= (N - a - b + c)\\,\\sigma^2_e \\\\
        E[R(r \\mid \\mu, p)] &= (b - c)\\,\\sigma^2_e + (N - a)\\,\\sigma^2_r \\\\
        E[R(p \\mid \\mu)] &= (a - 1)\\,\\sigma^2_e + (N - \\textstyle\\sum_p n_p^2/N)\\,\\sigma^2_p
                           + (a - \\textstyle\\sum_r n_r^2/N)\\,\\sigma^2_r

    where SSE is the residual sum of squares of the additive fixed-effects fit, :math:`R(r \\mid
    \\mu, p)` the reduction due to raters after ratees (within-ratee sum of squares minus SSE) and
    :math:`R(p \\mid \\mu)` the between-ratee sum of squares (the sequential, type I, sums of
    squares of ``y ~ ratee + rater``).  The rater effects are found by conjugate gradients on the
    ratee-absorbed normal equations (sparse; no dense design matrix), so 100,000 ratees take
    seconds.  With balanced, complete data (every rater rates every ratee) the estimates are the
    ANOVA ones, :math:`(MS_p - MS_e)/n_r`, :math:`(MS_r - MS_e)/n_p`, :math:`MS_e`, which also
    equal REML (lme4) when none is negative.

    References
    ----------
    Searle, S. R., Casella, G., & McCulloch, C. E. (1992). Variance components. Wiley.
    Brennan, R. L. (2001). Generalizability theory. Springer.

    Examples
    --------
    Shrout & Fleiss (1979) Table 1 (6 ratees x 4 judges, crossed); their Table 2 mean squares
    BMS 11.24, JMS 32.49, EMS 1.02 give :math:`\\sigma^2_p = (11.24 - 1.02)/4`,
    :math:`\\sigma^2_r = (32.49 - 1.02)/6`, :math:`\\sigma^2_e = 1.02`:

    >>> import pandas as pd
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> df = pd.DataFrame([(t, j, x) for t, row in enumerate(sf) for j, x in enumerate(row)],
    ...                   columns=["ratee", "rater", "rating"])
    >>> variance_components(df).set_index("component")["estimate"].round(3).to_dict()
    {'ratee': 2.556, 'rater': 5.244, 'residual': 1.019}
    """
    fn = "variance_components"
    if method == "reml":
        from .reml import variance_components_reml
        return variance_components_reml(data, targets, raters, ratings)
    if method != "henderson3":
        raise analysis_error("an_one_of", name="method", choices="henderson3, reml", value=repr(method))
    data = check_frame(data, [targets, raters, ratings], fn)
    check_ids(data, [targets, raters], fn)
    x = numeric_column(data, ratings, fn)
    t_all, t_labels = category_codes(data[targets])
    r_all, r_labels = category_codes(data[raters])
    dup = first_duplicate(t_all * len(r_labels) + r_all, len(t_labels) * len(r_labels))
    if dup >= 0:
        raise analysis_error("an_one_score_twice", fn=fn, row=data.index[dup], raters=raters,
                             rater=repr(data[raters].iloc[dup]), targets=targets, target=repr(data[targets].iloc[dup]))
    ok = ~np.isnan(x)
    return henderson3(t_all[ok], r_all[ok], x[ok], tol, fn, targets, raters)


def henderson3(t_raw: np.ndarray, r_raw: np.ndarray, y: np.ndarray, tol: float, fn: str = "variance_components",
                targets: str = "ratee", raters: str = "rater") -> pd.DataFrame:
    """Method III estimates from integer target and rater codes and the scores (no NaN)."""
    # renumber the targets and raters that have a score
    t_used, t = np.unique(t_raw, return_inverse=True)
    r_used, r = np.unique(r_raw, return_inverse=True)
    a, b, N = len(t_used), len(r_used), len(y)
    if a < 2 or b < 2:
        raise analysis_error("an_g_need_2x2", fn=fn, targets=targets, raters=raters, n=a, k=b)
    n_p = np.bincount(t, minlength=a).astype(np.float64)
    n_r = np.bincount(r, minlength=b).astype(np.float64)
    mean_p = np.bincount(t, weights=y, minlength=a) / n_p
    grand = float(y.mean())
    ss_p = float((n_p * (mean_p - grand) ** 2).sum())  # R(p | mu)
    y_w = y - mean_p[t]  # ratee-absorbed scores
    ss_within = float(y_w @ y_w)

    # connected parts of the bipartite ratee-rater graph
    adj = sp.coo_matrix((np.ones(N, dtype=np.int8), (t, a + r)), shape=(a + b, a + b)).tocsr()
    c, _ = connected_components(adj, directed=False)

    # rater effects after ratees: S beta = Z' y_w, S = diag(n_r) - N' diag(1/n_p) N
    Nm = sp.csr_matrix((np.ones(N), (t, r)), shape=(a, b))
    NmT = Nm.T.tocsr()
    inv_np = 1.0 / n_p

    def matvec(beta: np.ndarray) -> np.ndarray:
        return n_r * beta - NmT @ ((Nm @ beta) * inv_np)

    rhs = np.bincount(r, weights=y_w, minlength=b)
    diag = n_r - NmT.multiply(NmT) @ inv_np
    precond = np.where(diag > 1e-12 * n_r, diag, 1.0)
    S = spla.LinearOperator((b, b), matvec=matvec, dtype=float)
    P = spla.LinearOperator((b, b), matvec=lambda v: v / precond, dtype=float)
    if np.linalg.norm(rhs) == 0:
        beta, info = np.zeros(b), 0
    else:
        # well-mixed designs converge in tens of Jacobi-preconditioned iterations; chain-like ones
        # (raters only near their own unit) need thousands, so after a budget switch to an
        # incomplete-LU preconditioner of S (as fairness.rater_effects does)
        # CG makes many small BLAS calls, which multi-threaded BLAS slows down on a busy machine
        with single_threaded_blas():
            beta, info = spla.cg(S, rhs, M=P, rtol=tol, atol=0.0, maxiter=200)
            if info > 0:
                Smat = (sp.diags(n_r) - NmT @ sp.diags(inv_np) @ Nm).tocsc()
                ilu = spla.spilu((Smat + sp.diags(1e-6 * n_r)).tocsc(), drop_tol=1e-4, fill_factor=10)
                P2 = spla.LinearOperator((b, b), matvec=ilu.solve, dtype=float)
                beta, info = spla.cg(S, rhs, x0=beta, M=P2, rtol=tol, atol=0.0, maxiter=max(1000, 4 * b))
    if info > 0:
        raise analysis_error("an_g_not_converged", fn=fn, tol=f"{tol:g}")
    ss_r = float(beta @ rhs)  # R(r | mu, p)
    ss_e = max(ss_within - ss_r, 0.0)

    df_e = N - a - b + c
    df_r = b - c
    df_p = a - 1
    if df_e < 1:
        raise analysis_error("an_g_no_residual_df", fn=fn, N=N, n=a, targets=targets, k=b, raters=raters)
    s2_e = ss_e / df_e
    h_r = N - a
    s2_r = (ss_r - df_r * s2_e) / h_r if h_r > 0 else np.nan
    k_p = N - float((n_p**2).sum()) / N
    k_r = a - float((n_r**2).sum()) / N
    s2_p = (ss_p - df_p * s2_e - k_r * s2_r) / k_p
    est = np.array([s2_p, s2_r, s2_e])
    var = np.clip(est, 0.0, None)
    total = var.sum()
    out = pd.DataFrame({
        "component": list(COMPONENTS),
        "estimate": est,
        "variance": var,
        "share": var / total if total > 0 else np.nan,
        "ss": [ss_p, ss_r, ss_e],
        "df": [df_p, df_r, df_e],
        "coef": [k_p, h_r, float(df_e)],
    })
    out.attrs.update(n_ratings=N, n_targets=a, n_raters=b, n_components=int(c),
                     k_harmonic=float(a / inv_np.sum()), method="Henderson III")
    return out


def d_study(components: pd.DataFrame, k: int | Sequence[int] | np.ndarray = (1, 2, 3, 4, 5, 6, 8, 10)) -> pd.DataFrame:
    """Decision study: reliability of a ratee's mean over *k* raters, from a G-study.

    Parameters
    ----------
    components : DataFrame
        The table of :func:`variance_components` (columns ``component`` and ``variance``).
    k : int or sequence of int
        Numbers of raters per ratee.

    Returns
    -------
    DataFrame
        One row per *k*: ``k``, ``g_coef`` (relative, :math:`E\\rho^2`), ``phi`` (absolute,
        :math:`\\Phi`), ``sem_relative``, ``sem_absolute`` (square roots of the error variances).

    Notes
    -----
    For the mean of *k* raters (Brennan 2001, 4.1; Shavelson & Webb 1991, ch. 6)

    .. math::

        \\sigma^2_\\delta = \\frac{\\sigma^2_{pr,e}}{k}, \\quad
        \\sigma^2_\\Delta = \\frac{\\sigma^2_r + \\sigma^2_{pr,e}}{k}, \\quad
        E\\rho^2 = \\frac{\\sigma^2_p}{\\sigma^2_p + \\sigma^2_\\delta}, \\quad
        \\Phi = \\frac{\\sigma^2_p}{\\sigma^2_p + \\sigma^2_\\Delta}.

    :math:`E\\rho^2` holds when every ratee is rated by the *same* k raters (leniency shifts all
    equally).  In a 360-degree cycle each ratee has their own raters, so leniency does not cancel
    and :math:`\\Phi` (equivalently the nested r:p design) is the reliability of a ratee's mean.
    For a balanced crossed design these are McGraw & Wong's ICC(C,k) and ICC(A,k).

    Examples
    --------
    >>> comp = pd.DataFrame({"component": ["ratee", "rater", "residual"], "variance": [0.2, 0.1, 0.3]})
    >>> d_study(comp, [1, 4]).round(4).to_dict("records")[1]
    {'k': 4.0, 'g_coef': 0.7273, 'phi': 0.6667, 'sem_relative': 0.2739, 'sem_absolute': 0.3162}
    """
    fn = "d_study"
    if not isinstance(components, pd.DataFrame) or not {"component", "variance"} <= set(components.columns):
        raise analysis_error("an_g_components", fn=fn)
    v = components.set_index("component")["variance"]
    missing = [c for c in COMPONENTS if c not in v.index]
    if missing:
        raise analysis_error("an_g_components_missing", fn=fn, missing=", ".join(missing))
    ks = np.atleast_1d(np.asarray(k, dtype=np.float64))
    if ks.ndim != 1 or not (ks >= 1).all():
        raise analysis_error("an_k_at_least_1", fn=fn, value=repr(k))
    s2_p, s2_r, s2_e = (float(v[c]) for c in COMPONENTS)
    rel_err = s2_e / ks
    abs_err = (s2_r + s2_e) / ks
    with np.errstate(invalid="ignore", divide="ignore"):
        g = s2_p / (s2_p + rel_err)
        phi = s2_p / (s2_p + abs_err)
    return pd.DataFrame({"k": ks, "g_coef": g, "phi": phi, "sem_relative": np.sqrt(rel_err),
                         "sem_absolute": np.sqrt(abs_err)})
