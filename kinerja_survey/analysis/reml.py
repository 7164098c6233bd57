"""Variance components of 360-degree ratings by restricted maximum likelihood (REML), as lme4.

:func:`kinerja_survey.analysis.generalizability.variance_components` estimates the ratee, rater
and residual variance by Henderson's method III (quadratic forms equated to their expectations).
Mixed-model users compare with ``lme4::lmer(..., REML = TRUE)``; on unbalanced 360-degree data the
two differ in the third decimal.  This module fits the same random-effects models by REML, on the
sparse structure of the design, so a cycle of 100,000 ratees takes seconds.

Which to use: REML is what the mixed-model references analysts compare with report (lme4,
SAS PROC MIXED, statsmodels), never gives a negative variance, and equals method III on balanced
complete data; method III stays the default of ``variance_components`` for now because the
reliability report's G-study table shows its sums of squares (``ss``, ``df``, ``coef``), and
switching the report is a change of its published numbers to be made where the report is built.
``variance_components(..., method="reml")`` gives the REML table in the same shape (component,
estimate, variance, share) for :func:`~kinerja_survey.analysis.d_study`.

Functions
---------
variance_components_reml  REML components of the pair design (ratee, rater, residual) or of the
                          item design (ratee, rater, item, ratee x rater, residual)
d_study_items             D-study of the item design: reliability for k raters and n items

References
----------
Bates, D., Maechler, M., Bolker, B., & Walker, S. (2015). Fitting linear mixed-effects models
using lme4. Journal of Statistical Software, 67(1), 1-48.
Patterson, H. D., & Thompson, R. (1971). Recovery of inter-block information when block sizes are
unequal. Biometrika, 58(3), 545-554.
Brennan, R. L. (2001). Generalizability theory. Springer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..frames import analysis_error, check_columns
from .checks import check_ids, numeric_column

__all__ = ["d_study_items", "variance_components_reml"]

PAIR_COMPONENTS = ("ratee", "rater", "residual")
ITEM_COMPONENTS = ("ratee", "rater", "item", "ratee_rater", "residual")


# -- boundary check (the shared kernel: ``analysis.checks``) -------------------------------------

def _frame(data, columns: Sequence[str], fn: str) -> pd.DataFrame:
    check_columns(data, columns, f"{fn}: data")
    if len(data) == 0:
        raise analysis_error("an_no_rows", fn=fn)
    check_ids(data, columns[:-1], fn)
    return data


def _codes(s: pd.Series) -> np.ndarray:
    return pd.factorize(s, sort=True)[0].astype(np.int64)


# -- the profiled REML criterion ------------------------------------------------------------------

class _ProfiledREML:
    """Profiled REML deviance of ``y = 1 mu + sum_k Z_k u_k + e`` with ``u_k ~ N(0, sigma^2 theta_k^2 I)``.

    For relative standard deviations theta the criterion (Bates et al. 2015, eq. 42) is

        d(theta) = log|L|^2 + log|R_X|^2 + (n - p) [1 + log(2 pi r^2 / (n - p))]

    where ``L L' = Lambda' Z'Z Lambda + I``, ``R_X`` the Cholesky factor of the fixed-effects
    Schur complement and ``r^2`` the penalised residual sum of squares.  Everything comes from one
    factorisation of the symmetric system ``M = [[Lambda Z'Z Lambda + I, Lambda Z'X], [X'Z Lambda,
    X'X]]``: ``log|M| = log|L|^2 + log|R_X|^2`` and ``r^2 = y'y - s'b`` for ``M s = b``.  The
    term with most levels has a diagonal ``Z_k'Z_k`` block and is eliminated explicitly; the rest
    (raters, items, intercept) is factorised by sparse LU (COLAMD ordering).
    """

    def __init__(self, codes: list[np.ndarray], y: np.ndarray):
        self.n = len(y)
        self.p = 1
        sizes = [int(c.max()) + 1 for c in codes]
        self.big = int(np.argmax(sizes))
        order = [self.big] + [k for k in range(len(codes)) if k != self.big]
        self.order = order
        self.sizes = [sizes[k] for k in order]
        offs = np.concatenate([[0], np.cumsum(self.sizes)])
        q = int(offs[-1])
        rows = np.tile(np.arange(self.n), len(codes))
        cols = np.concatenate([codes[k] + offs[j] for j, k in enumerate(order)])
        Z = sp.csc_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n, q))
        W = sp.hstack([Z, sp.csc_matrix(np.ones((self.n, 1)))]).tocsc()  # [Z X]
        self.G = (W.T @ W).tocsc()  # [[Z'Z, Z'X], [X'Z, X'X]]
        self.rhs0 = W.T @ y
        self.yy = float(y @ y)
        self.q = q
        self.m1 = self.sizes[0]  # eliminated block (diagonal in G)
        self.term_of = np.concatenate([np.full(s, j) for j, s in enumerate(self.sizes)] + [[-1]])
        G = self.G
        self.d1 = G.diagonal()[: self.m1]
        self.B = G[: self.m1, self.m1:].tocsc()  # m1 x rest
        self.C = G[self.m1:, self.m1:].tocsc()
        self._perm = None

    def _scales(self, theta_ordered: np.ndarray) -> np.ndarray:
        lam = np.ones(self.q + self.p)
        lam[: self.q] = theta_ordered[self.term_of[: self.q]]
        return lam

    def solve(self, theta: np.ndarray):
        th = np.asarray(theta, dtype=float)[self.order]
        lam = self._scales(th)
        l1, l2 = lam[: self.m1], lam[self.m1:]
        isx = np.zeros(len(l2))
        isx[-self.p:] = 1.0
        # M = D_lam G D_lam + diag(1 on Z part)
        a1 = l1 * l1 * self.d1 + 1.0
        Bs = sp.diags(l1) @ self.B @ sp.diags(l2)
        Cs = sp.diags(l2) @ self.C @ sp.diags(l2) + sp.diags(1.0 - isx)
        S = (Cs - Bs.T @ sp.diags(1.0 / a1) @ Bs).tocsc()
        b = lam * self.rhs0
        b1, b2 = b[: self.m1], b[self.m1:]
        lu = spla.splu(S, permc_spec="COLAMD", options={"SymmetricMode": True}, diag_pivot_thresh=0.0)
        s2 = lu.solve(b2 - Bs.T @ (b1 / a1))
        s1 = (b1 - Bs @ s2) / a1
        logdet = float(np.log(a1).sum()) + float(np.log(np.abs(lu.U.diagonal())).sum())
        r2 = self.yy - float(s1 @ b1) - float(s2 @ b2)
        return logdet, max(r2, 1e-300), s2[-1]

    def deviance(self, theta: np.ndarray) -> float:
        logdet, r2, _ = self.solve(theta)
        nu = self.n - self.p
        return logdet + nu * (1.0 + np.log(2.0 * np.pi * r2 / nu))


#: How many times a fit restarts after freeing a component held at zero (``_release``).
MAX_RESTARTS = 5


def _newton(f, x0: np.ndarray, tol: float, maxiter: int,
            restarts: int = MAX_RESTARTS) -> tuple[np.ndarray, float, bool]:
    """Minimise the profiled criterion over theta > 0 by damped Newton steps in log(theta), gradient
    and Hessian from central differences (2k + k(k-1)/2 evaluations per step).

    In log(theta) the criterion is close to quadratic even for a term with few levels (items).
    A component heading for zero (a variance at the boundary) is tried at exactly zero and kept
    there when the criterion does not rise.  When a step cannot improve and a component held at
    zero would lower the criterion if freed, the fit restarts from there, at most ``restarts``
    times (a restart that ends no lower is dropped): freeing and zeroing the same component could
    otherwise alternate without end.
    """
    x = np.log(np.asarray(x0, dtype=float))
    zero = np.zeros(len(x), dtype=bool)

    def fx_of(z: np.ndarray) -> float:
        return f(np.where(zero, 0.0, np.exp(z)))

    fx = fx_of(x)
    for _ in range(maxiter):
        idx = np.flatnonzero(~zero)
        k = len(idx)
        if k == 0:
            break
        h = np.full(k, 1e-4)

        def at(d: np.ndarray, idx: np.ndarray = idx) -> float:
            z = x.copy()
            z[idx] += d
            return fx_of(z)

        eye = np.eye(k)
        fp = np.array([at(h[i] * eye[i]) for i in range(k)])
        fm = np.array([at(-h[i] * eye[i]) for i in range(k)])
        g = (fp - fm) / (2 * h)
        H = np.diag((fp - 2 * fx + fm) / h**2)
        for i in range(k):
            for j in range(i + 1, k):
                H[i, j] = H[j, i] = (at(h[i] * eye[i] + h[j] * eye[j]) - fp[i] - fp[j] + fx) / (h[i] * h[j])
        w, V = np.linalg.eigh(H)
        gv = V.T @ g
        # Newton along directions of positive curvature; where the criterion is concave (below the
        # inflection of a variance that is still small) a unit step in log(theta) downhill
        pos = w > 1e-8 * max(np.abs(w).max(), 1e-300)
        sv = np.where(pos, -gv / np.where(pos, w, 1.0), -np.sign(gv))
        step = V @ sv
        step = step * min(1.0, 5.0 / max(np.abs(step).max(), 1e-300))  # at most a factor e^5 at once
        t, improved = 1.0, False
        for _half in range(30):
            fc = at(t * step)
            if fc <= fx:
                improved = True
                break
            t /= 2
        if not improved:
            break  # no decrease along the Newton direction: at the optimum to precision
        x[idx] += t * step
        f_old, fx = fx, fc
        top = float(np.exp(x[~zero]).max())
        for j, i in enumerate(idx):
            if step[j] < 0 and np.exp(x[i]) < 0.05 * max(top, 1.0):  # shrinking and small: try zero
                zero[i] = True
                fz = fx_of(x)
                if fz <= fx + 1e-12 * abs(fx):
                    fx = fz
                else:
                    zero[i] = False
        if np.max(np.abs(t * step)) < tol or f_old - fx < 1e-14 * abs(fx):
            if not _release(zero, x, fx, fx_of):
                return np.where(zero, 0.0, np.exp(x)), fx, True
            fx = fx_of(x)
    else:
        return np.where(zero, 0.0, np.exp(x)), fx, False
    if restarts > 0 and _release(zero, x, fx, fx_of):
        fx = fx_of(x)
        theta, f_restart, converged = _newton(f, np.where(zero, 1.0, np.exp(x)), tol, maxiter, restarts - 1)
        if f_restart <= fx:
            return theta, f_restart, converged
    return np.where(zero, 0.0, np.exp(x)), fx, True


def _release(zero: np.ndarray, x: np.ndarray, fx: float, fx_of) -> bool:
    """At convergence, free a component held at zero if a small positive value lowers the criterion."""
    if not zero.any():
        return False
    top = float(np.exp(x[~zero]).max()) if (~zero).any() else 1.0
    freed = False
    for i in np.flatnonzero(zero):
        zero[i] = False
        x[i] = np.log(1e-3 * top)
        if fx_of(x) < fx - 1e-10 * abs(fx):
            freed = True
        else:
            zero[i] = True
    return freed


def _fit(codes: list[np.ndarray], y: np.ndarray, tol: float, maxiter: int):
    prof = _ProfiledREML(codes, y)
    k = len(codes)
    # lme4 starts at theta = 1
    theta, dev, converged = _newton(prof.deviance, np.ones(k), tol, maxiter)
    theta = np.abs(theta)
    _, r2, mu = prof.solve(theta)
    nu = prof.n - prof.p
    s2 = r2 / nu
    return theta, s2, mu, float(dev), converged


def variance_components_reml(
    data: pd.DataFrame,
    targets: str = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    items: str | None = None,
    *,
    tol: float = 1e-9,
    maxiter: int = 100,
) -> pd.DataFrame:
    """Variance components of a crossed, unbalanced 360-degree design by REML (as ``lme4::lmer``).

    Parameters
    ----------
    data : DataFrame
        Long format.  Without ``items``: one score per (target, rater) pair (aggregate item answers
        first, e.g. with :func:`~kinerja_survey.analysis.scale_scores`).  With ``items``: one
        answer per (target, rater, item).  NaN scores are dropped.
    targets, raters, ratings : str
        Column names.
    items : str, optional
        The item column; when given, the item design is fitted.
    tol : float
        Convergence: largest relative Newton step on the relative standard deviations.
    maxiter : int
        Most Newton steps.

    Returns
    -------
    DataFrame
        One row per component (``ratee``, ``rater``, ``residual``; with ``items`` also ``item`` and
        ``ratee_rater``) with ``estimate`` (REML variance, never negative), ``variance`` (the
        same, for :func:`~kinerja_survey.analysis.d_study`), ``sd`` and ``share`` of the total.
        Attributes: ``method`` ("REML"), ``deviance`` (the REML criterion, lme4's ``REMLcrit``),
        ``mean`` (the intercept), ``n_ratings``, ``n_targets``, ``n_raters`` (and ``n_items``),
        ``converged``.

    Notes
    -----
    The pair design is :math:`y_{pr} = \\mu + p + r + e_{pr}` (``lmer(y ~ 1 + (1|ratee) +
    (1|rater))``); the item design is :math:`y_{pri} = \\mu + p + r + i + (pr) + e_{pri}`
    (``lmer(y ~ 1 + (1|ratee) + (1|rater) + (1|item) + (1|ratee:rater))``).  The restricted
    log-likelihood is maximised over the relative standard deviations :math:`\\theta_k =
    \\sigma_k/\\sigma`, with :math:`\\sigma^2` and :math:`\\mu` profiled out (Bates et al. 2015,
    section 3.4):

    .. math::

        d_R(\\theta) = \\log|L_\\theta|^2 + \\log|R_X|^2 + (n-p)\\left[1 +
        \\log\\frac{2\\pi r^2_\\theta}{n-p}\\right], \\quad \\hat\\sigma^2 = \\frac{r^2_{\\hat\\theta}}{n-p}.

    Each evaluation is one sparse factorisation: the largest term (ratees, or ratee x rater pairs
    in the item design) is absorbed through its diagonal block, the rest is factorised by sparse LU.
    On balanced complete data REML equals the ANOVA (Henderson III) estimates when none of those is
    negative; on unbalanced 360-degree data they differ slightly, and REML is what mixed-model
    references (lme4, SAS PROC MIXED, statsmodels) report.  Unlike method III, REML never
    returns a negative variance (Searle et al. 1992, ch. 6).

    References
    ----------
    Bates, D., Maechler, M., Bolker, B., & Walker, S. (2015). Fitting linear mixed-effects models
    using lme4. Journal of Statistical Software, 67(1), 1-48.
    Searle, S. R., Casella, G., & McCulloch, C. E. (1992). Variance components. Wiley.

    Examples
    --------
    Shrout & Fleiss (1979) Table 1, 6 ratees x 4 judges (balanced: REML equals the ANOVA values
    :math:`(11.24 - 1.02)/4`, :math:`(32.49 - 1.02)/6` and 1.02):

    >>> import pandas as pd
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> df = pd.DataFrame([(t, j, x) for t, row in enumerate(sf) for j, x in enumerate(row)],
    ...                   columns=["ratee", "rater", "rating"])
    >>> variance_components_reml(df).set_index("component")["estimate"].round(3).to_dict()
    {'ratee': 2.556, 'rater': 5.244, 'residual': 1.019}
    """
    fn = "variance_components_reml"
    cols = [targets, raters] + ([items] if items is not None else []) + [ratings]
    data = _frame(data, cols, fn)
    y = numeric_column(data, ratings, fn)
    ok = ~np.isnan(y)
    y = y[ok]
    t = _codes(data[targets][ok])
    r = _codes(data[raters][ok])
    a, b = (int(t.max()) + 1, int(r.max()) + 1) if len(y) else (0, 0)
    if a < 2 or b < 2:
        raise analysis_error("an_g_need_2x2", fn=fn, targets=targets, raters=raters, n=a, k=b)
    if items is None:
        key = t * b + r
        if len(np.unique(key)) < len(key):
            raise analysis_error("an_reml_one_score", fn=fn, targets=targets, raters=raters)
        codes, names = [t, r], PAIR_COMPONENTS
    else:
        i = _codes(data[items][ok])
        pair = np.unique(t * b + r, return_inverse=True)[1].astype(np.int64)
        codes, names = [t, r, i, pair], ITEM_COMPONENTS
    if len(y) <= sum(int(c.max()) + 1 for c in codes) - len(codes) + 2 and items is not None:
        raise analysis_error("an_g_no_residual_df", fn=fn, N=len(y), n=a, targets=targets, k=b, raters=raters)
    theta, s2, mu, dev, converged = _fit(codes, y - y.mean(), tol, maxiter)
    est = np.append(s2 * theta**2, s2)
    total = est.sum()
    out = pd.DataFrame({"component": list(names), "estimate": est, "variance": est, "sd": np.sqrt(est),
                        "share": est / total if total > 0 else np.nan})
    out.attrs.update(method="REML", deviance=dev, mean=float(mu + y.mean()), n_ratings=len(y),
                     n_targets=a, n_raters=b, converged=converged)
    if items is not None:
        out.attrs["n_items"] = int(codes[2].max()) + 1
    return out


def d_study_items(components: pd.DataFrame, k: int | Sequence[int] | np.ndarray = (1, 2, 3, 4, 5, 6, 8, 10),
                  n_items: int | Sequence[int] | np.ndarray = 21) -> pd.DataFrame:
    """D-study of the item design: reliability of a ratee's mean over *k* raters and *n* items.

    Parameters
    ----------
    components : DataFrame
        The item-design table of :func:`variance_components_reml` (``component`` ratee, rater,
        item, ratee_rater, residual and ``variance``).
    k : int or sequence of int
        Numbers of raters per ratee.
    n_items : int or sequence of int
        Numbers of items each rater answers.

    Returns
    -------
    DataFrame
        One row per (k, n_items): ``k``, ``n_items``, ``g_coef`` (relative), ``phi``
        (absolute), ``sem_relative``, ``sem_absolute``.

    Notes
    -----
    With the ratee x rater x item residual :math:`\\sigma^2_e` (Brennan 2001, 4.4):

    .. math::

        \\sigma^2_\\delta = \\frac{\\sigma^2_{pr}}{k} + \\frac{\\sigma^2_e}{k n_i}, \\quad
        \\sigma^2_\\Delta = \\sigma^2_\\delta + \\frac{\\sigma^2_r}{k} + \\frac{\\sigma^2_i}{n_i},
        \\quad E\\rho^2 = \\frac{\\sigma^2_p}{\\sigma^2_p + \\sigma^2_\\delta}, \\quad
        \\Phi = \\frac{\\sigma^2_p}{\\sigma^2_p + \\sigma^2_\\Delta}.

    The ratee x item interaction is part of :math:`\\sigma^2_e` here, so :math:`E\\rho^2` is a
    slightly conservative generalisation to other items of the same instrument.

    Examples
    --------
    >>> comp = pd.DataFrame({"component": ["ratee", "rater", "item", "ratee_rater", "residual"],
    ...                      "variance": [0.2, 0.1, 0.02, 0.1, 0.4]})
    >>> d_study_items(comp, 4, 21).round(4).to_dict("records")[0]
    {'k': 4.0, 'n_items': 21.0, 'g_coef': 0.8705, 'phi': 0.7821, 'sem_relative': 0.1725, 'sem_absolute': 0.236}
    """
    fn = "d_study_items"
    if not isinstance(components, pd.DataFrame) or not {"component", "variance"} <= set(components.columns):
        raise analysis_error("an_g_components", fn=fn)
    v = components.set_index("component")["variance"]
    missing = [c for c in ITEM_COMPONENTS if c not in v.index]
    if missing:
        raise analysis_error("an_g_components_missing", fn=fn, missing=", ".join(missing))
    ks = np.atleast_1d(np.asarray(k, dtype=np.float64))
    ns = np.atleast_1d(np.asarray(n_items, dtype=np.float64))
    if ks.ndim != 1 or not (ks >= 1).all():
        raise analysis_error("an_k_at_least_1", fn=fn, value=repr(k))
    if ns.ndim != 1 or not (ns >= 1).all():
        raise analysis_error("an_k_at_least_1", fn=fn, value=repr(n_items))
    kk, nn = (g.ravel() for g in np.meshgrid(ks, ns, indexing="ij"))
    s_p, s_r, s_i, s_pr, s_e = (float(v[c]) for c in ITEM_COMPONENTS)
    rel = s_pr / kk + s_e / (kk * nn)
    ab = rel + s_r / kk + s_i / nn
    with np.errstate(invalid="ignore", divide="ignore"):
        g = s_p / (s_p + rel)
        phi = s_p / (s_p + ab)
    return pd.DataFrame({"k": kk, "n_items": nn, "g_coef": g, "phi": phi, "sem_relative": np.sqrt(rel),
                         "sem_absolute": np.sqrt(ab)})
