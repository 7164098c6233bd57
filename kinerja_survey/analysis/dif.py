"""Item bias across groups (differential item functioning, DIF) by ordinal logistic regression.

Do women get lower "Kolaboratif" ratings than men *with the same total*?  Do peers use an item
differently from supervisors?  For every item three cumulative-logit models of the answer are
compared (Zumbo 1999): the matching total alone, plus the group (uniform DIF: one group rated
higher or lower at every level), plus the total x group interaction (non-uniform DIF: the gap
changes with the level).  Likelihood-ratio tests, the change in pseudo-R-squared and the
Jodoin & Gierl (2001) A/B/C classes tell whether an item is biased and how much.

Functions
---------
item_bias         DIF table per item: LR chi-square (uniform, non-uniform, total), Nagelkerke and
                  McFadden delta R-squared, the group coefficient, A/B/C class, Benjamini-Hochberg
                  adjusted p, optional iterative purification of the matching total
ordinal_logit     one cumulative-logit (proportional-odds) fit, as ``MASS::polr``

References
----------
Zumbo, B. D. (1999). A handbook on the theory and methods of differential item functioning (DIF):
logistic regression modeling as a unitary framework for binary and Likert-type (ordinal) item
scores. Ottawa: Directorate of Human Resources Research and Evaluation, Department of National
Defense.
Jodoin, M. G., & Gierl, M. J. (2001). Evaluating type I error and power rates using an effect size
measure with the logistic regression procedure for DIF detection. Applied Measurement in
Education, 14(4), 329-349.
Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the Royal
Statistical Society B, 57(1), 289-300.
Venables, W. N., & Ripley, B. D. (2002). Modern applied statistics with S (4th ed.), 7.3 (polr).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special, stats

from ..frames import analysis_error, check_columns
from .checks import check_ids, numeric_column

__all__ = ["item_bias", "ordinal_logit"]

# Jodoin & Gierl (2001) bounds on the Nagelkerke delta R-squared of the 2-df test
CLASS_B = 0.035
CLASS_C = 0.070
# forms answering fewer of the items than this share are left out of the default matching total
MIN_ANSWERED = 0.8


# -- the cumulative-logit likelihood --------------------------------------------------------------

def _polr_fit(y: np.ndarray, X: np.ndarray, n_cat: int, tol: float = 1e-10, maxiter: int = 100,
              start: np.ndarray | None = None):
    """Newton-Raphson on the cumulative-logit log-likelihood.

    ``y`` holds category codes 0..K-1 (each used), ``X`` the n x p covariates (no intercept).
    Model: ``logit P(Y <= k) = zeta_k - X beta`` (the ``MASS::polr`` parameterisation).
    Returns (zeta, beta, loglik, covariance of (zeta, beta), converged).
    """
    n, p = X.shape
    m = n_cat - 1
    if start is None:
        cum = np.cumsum(np.bincount(y, minlength=n_cat))[:-1] / n
        theta = np.concatenate([special.logit(cum), np.zeros(p)])
    else:
        theta = start.copy()
    upper = y < m  # has an upper threshold
    lower = y > 0
    iu = np.minimum(y, m - 1)
    il = np.maximum(y - 1, 0)
    rows = np.arange(n)

    def parts(th):
        zeta, beta = th[:m], th[m:]
        eta = X @ beta
        a = np.where(upper, zeta[iu] - eta, np.inf)
        b = np.where(lower, zeta[il] - eta, -np.inf)
        Fa, Fb = special.expit(a), special.expit(b)
        # P = F(a) - F(b) computed without cancellation for large arguments
        P = np.where(b > 0, special.expit(-b) - special.expit(-a), Fa - Fb)
        return a, b, Fa, Fb, P

    def loglik(th):
        zeta = th[:m]
        if m > 1 and np.any(np.diff(zeta) <= 0):
            return -np.inf
        P = parts(th)[4]
        return float(np.log(np.maximum(P, 1e-300)).sum()) if np.all(P > 0) else -np.inf

    # d a_i / d theta and d b_i / d theta do not depend on theta: built once
    Da = np.zeros((n, m + p))
    Db = np.zeros((n, m + p))
    Da[rows[upper], iu[upper]] = 1.0
    Db[rows[lower], il[lower]] = 1.0
    Da[:, m:] = -X
    Db[:, m:] = -X

    def derivatives(th):
        """Gradient and Hessian of the log-likelihood at ``th`` (observed information = -H)."""
        _, _, Fa, Fb, P = parts(th)
        fa = np.where(upper, Fa * (1 - Fa), 0.0)
        fb = np.where(lower, Fb * (1 - Fb), 0.0)
        ga, gb = fa / P, -fb / P
        haa = fa * (1 - 2 * Fa) / P - ga * ga
        hbb = -fb * (1 - 2 * Fb) / P - gb * gb
        hab = -ga * gb
        grad = Da.T @ ga + Db.T @ gb
        H = (Da.T * haa) @ Da + (Db.T * hbb) @ Db + (Da.T * hab) @ Db + (Db.T * hab) @ Da
        return grad, H

    ll = loglik(theta)
    converged = False
    for _ in range(maxiter):
        grad, H = derivatives(theta)
        try:
            step = np.linalg.solve(H, -grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(H, -grad, rcond=None)[0]
        t = 1.0
        for _half in range(40):
            cand = theta + t * step
            ll_c = loglik(cand)
            if ll_c >= ll - 1e-12 * abs(ll):
                break
            t /= 2
        else:
            break
        theta, ll_old, ll = cand, ll, ll_c
        if np.max(np.abs(t * step)) < tol or abs(ll - ll_old) < 1e-14 * max(1.0, abs(ll)):
            converged = True
            break
    _, H = derivatives(theta)  # covariance from the observed information at the optimum
    try:
        cov = np.linalg.inv(-H)
    except np.linalg.LinAlgError:
        cov = np.full_like(H, np.nan)
    return theta[:m], theta[m:], ll, cov, converged


def ordinal_logit(y: Sequence | np.ndarray, X: np.ndarray | pd.DataFrame) -> dict:
    """Proportional-odds (cumulative logit) regression by Newton-Raphson, as ``MASS::polr``.

    Parameters
    ----------
    y : array-like
        Ordered answers (numbers); the categories are the sorted distinct values.
    X : array or DataFrame
        n x p covariates, without an intercept column.

    Returns
    -------
    dict
        ``zeta`` (K-1 thresholds), ``beta`` (p coefficients), ``se`` (standard errors of
        ``beta`` from the observed information), ``loglik``, ``categories``, ``converged``.

    Notes
    -----
    :math:`\\operatorname{logit} P(Y \\le k \\mid x) = \\zeta_k - x^\\top\\beta` (Venables & Ripley
    2002, 7.3), so a positive :math:`\\beta` means higher answers.  The log-likelihood
    :math:`\\sum_i \\log[F(\\zeta_{y_i} - \\eta_i) - F(\\zeta_{y_i - 1} - \\eta_i)]` is maximised with
    its analytic gradient and Hessian, vectorised over the observations.

    Examples
    --------
    ``MASS::polr(factor(y, ordered = TRUE) ~ x)`` gives coefficient 1.944605659 and log-likelihood
    -7.687605341 (R 4.2.2, MASS 7.3-58.2):

    >>> import numpy as np
    >>> x = np.array([0., 0, 0, 1, 1, 1, 2, 2, 2, 3])
    >>> fit = ordinal_logit([1, 1, 2, 1, 2, 3, 2, 3, 3, 3], x[:, None])
    >>> round(float(fit["beta"][0]), 6), round(fit["loglik"], 6)
    (1.944606, -7.687605)
    """
    yy = np.asarray(y, dtype=np.float64)
    XX = np.asarray(X, dtype=np.float64)
    if XX.ndim == 1:
        XX = XX[:, None]
    cats, code = np.unique(yy, return_inverse=True)
    zeta, beta, ll, cov, ok = _polr_fit(code.astype(np.int64), XX, len(cats))
    m = len(cats) - 1
    return {"zeta": zeta, "beta": beta, "se": np.sqrt(np.diag(cov))[m:], "loglik": ll, "categories": cats,
            "converged": ok}


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (as R ``p.adjust(method = "BH")``); NaN stay NaN."""
    out = np.full(len(p), np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    n = len(q)
    if n == 0:
        return out
    order = np.argsort(q)[::-1]
    adj = np.minimum.accumulate(q[order] * n / np.arange(n, 0, -1))
    res = np.empty(n)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out


def _r2(ll: float, ll0: float, n: int) -> tuple[float, float]:
    """Nagelkerke and McFadden pseudo R-squared of a fit with log-likelihood ll (null ll0)."""
    cs = 1.0 - np.exp(2.0 * (ll0 - ll) / n)
    cs_max = 1.0 - np.exp(2.0 * ll0 / n)
    return cs / cs_max, 1.0 - ll / ll0


def _one_item(y: np.ndarray, total: np.ndarray, G: np.ndarray):
    """Null and the three Zumbo models of one item; None when the item has one category."""
    cats, code = np.unique(y, return_inverse=True)
    K = len(cats)
    if K < 2:
        return None
    code = code.astype(np.int64)
    n = len(y)
    counts = np.bincount(code, minlength=K)
    cum = np.cumsum(counts)[:-1] / n
    ll0 = float((counts * np.log(counts / n)).sum())
    X1 = total[:, None]
    X2 = np.column_stack([total, G])
    X3 = np.column_stack([total, G, G * total[:, None]])
    z1, b1, ll1, _, ok1 = _polr_fit(code, X1, K)
    z2, b2, ll2, cov2, ok2 = _polr_fit(code, X2, K, start=np.concatenate([z1, b1, np.zeros(G.shape[1])]))
    z3, b3, ll3, _, ok3 = _polr_fit(code, X3, K, start=np.concatenate([z2, b2, np.zeros(G.shape[1])]))
    del cum
    m = K - 1
    se2 = np.sqrt(np.diag(cov2))[m + 1:]
    return {"K": K, "ll0": ll0, "ll": (ll1, ll2, ll3), "beta2": b2[1:], "se2": se2, "beta1": b1, "beta3": b3,
            "zeta": (z1, z2, z3), "converged": ok1 and ok2 and ok3}


def item_bias(
    data: pd.DataFrame,
    group: str,
    matching: str | None = None,
    *,
    targets: str = "ratee",
    raters: str | None = "rater",
    items: str = "item",
    ratings: str = "rating",
    reference: object = None,
    purify: bool = False,
    alpha: float = 0.05,
    maxiter: int = 10,
) -> pd.DataFrame:
    """Differential item functioning of every item across the levels of ``group`` (Zumbo 1999).

    Parameters
    ----------
    data : DataFrame
        Long format, one answer per (form, item); a *form* is one (target, rater) pair (or one
        target when ``raters`` is None: a self-report questionnaire).  For anonymity pass the
        displayable ratings only (:func:`~kinerja_survey.analysis.displayable_ratings`).
    group : str
        Column of the grouping variable, constant within a form (the ratee's gender, golongan,
        jenis jabatan or unit, or the rater's relationship).  Two or more levels.
    matching : str, optional
        Column holding the matching score of each form.  Default: the total of the form's
        answers over all items; a form missing some answers (at most 20% of the items) gets the
        prorated total (mean of its answers times the number of items), forms missing more are
        left out, and each item is fitted on the forms that answered it.
    targets, raters, items, ratings : str
        Column names (``raters=None``: one form per target).
    reference : optional
        The reference level of ``group``; default the first in sorted order.  Coefficients are
        focal minus reference.
    purify : bool
        Iterative purification: recompute the matching total from the items not flagged (class
        B or C) plus the studied item, until the flagged set stops changing (at most
        ``maxiter`` rounds).  Ignored with ``matching``.
    alpha : float
        Level of the Benjamini-Hochberg adjusted 2-df test for the B/C classes.
    maxiter : int
        Most purification rounds.

    Returns
    -------
    DataFrame
        One row per item: ``item``, ``n`` (forms answering it), ``n_categories``, ``chi2_uniform``
        (model 2 vs 1, df G-1), ``p_uniform``, ``chi2_nonuniform`` (3 vs 2, df G-1),
        ``p_nonuniform``, ``chi2_total`` (3 vs 1, df 2(G-1)), ``df_total``, ``p_total``,
        ``p_adjusted`` (Benjamini-Hochberg over the items), ``r2_uniform``, ``r2_nonuniform``,
        ``r2_total`` (Nagelkerke delta R-squared), ``mcfadden_uniform``, ``mcfadden_nonuniform``,
        ``mcfadden_total``, ``coef`` (group log-odds in model 2; with more than two levels the one
        of largest size), ``coef_se``, ``odds_ratio``, ``dif_class`` (A, B, C), ``flagged``,
        ``loglik_1``, ``loglik_2``, ``loglik_3``.  Attributes: ``levels``, ``reference``,
        ``coefficients`` (items x focal levels), ``purify_rounds``, ``anchor_items``.

    Notes
    -----
    For item *j* with answer :math:`Y`, matching total :math:`T` and group dummies :math:`G`
    (Zumbo 1999; the cumulative-logit model of :func:`ordinal_logit`):

    .. math::

        M_1: \\operatorname{logit} P(Y \\le k) &= \\zeta_k - \\beta_1 T \\\\
        M_2: \\operatorname{logit} P(Y \\le k) &= \\zeta_k - \\beta_1 T - \\beta_2^\\top G \\\\
        M_3: \\operatorname{logit} P(Y \\le k) &= \\zeta_k - \\beta_1 T - \\beta_2^\\top G
                                                  - \\beta_3^\\top G T

    :math:`\\chi^2 = 2(\\ell_b - \\ell_a)`; Nagelkerke :math:`R^2_N = [1 - e^{2(\\ell_0 - \\ell)/n}]
    / [1 - e^{2\\ell_0/n}]`, McFadden :math:`R^2_M = 1 - \\ell/\\ell_0` with :math:`\\ell_0` the
    thresholds-only model.  Classes (Jodoin & Gierl 2001, on the 2-df test and
    :math:`\\Delta R^2_N = R^2_N(M_3) - R^2_N(M_1)`): A negligible (not significant or
    :math:`\\Delta R^2_N < 0.035`), B moderate (significant and :math:`0.035 \\le \\Delta R^2_N
    < 0.070`), C large (significant and :math:`\\Delta R^2_N \\ge 0.070`); significance uses the
    Benjamini-Hochberg adjusted p across items.  With very many forms every small gap is
    significant: read the class, not the p-value.

    References
    ----------
    Zumbo, B. D. (1999). A handbook on the theory and methods of differential item functioning.
    Jodoin, M. G., & Gierl, M. J. (2001). Applied Measurement in Education, 14(4), 329-349.
    Benjamini, Y., & Hochberg, Y. (1995). JRSS B, 57(1), 289-300.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> n = 400
    >>> g = np.repeat(["L", "P"], n // 2)
    >>> theta = rng.normal(size=n)
    >>> rows = []
    >>> for j in range(4):
    ...     shift = np.where(g == "P", -1.5, 0.0) if j == 0 else 0.0
    ...     y = np.clip(np.round(3 + theta + shift + rng.normal(scale=0.7, size=n)), 1, 5)
    ...     rows.append(pd.DataFrame({"ratee": np.arange(n), "item": f"i{j}", "rating": y, "sex": g}))
    >>> out = item_bias(pd.concat(rows), group="sex", raters=None)
    >>> out.set_index("item")["dif_class"].to_dict()
    {'i0': 'C', 'i1': 'A', 'i2': 'A', 'i3': 'A'}
    """
    fn = "item_bias"
    form_cols = [targets] + ([raters] if raters is not None else [])
    cols = [*form_cols, items, ratings, group] + ([matching] if matching is not None else [])
    check_columns(data, cols, f"{fn}: data")
    if len(data) == 0:
        raise analysis_error("an_no_rows", fn=fn)
    if not (isinstance(alpha, float | int) and 0 < alpha < 1):
        raise analysis_error("an_between_0_1", name="alpha", value=repr(alpha))
    check_ids(data, [*form_cols, items, group], fn)
    x = numeric_column(data, ratings, fn)
    form = _form_codes(data, form_cols)
    item_code, item_labels = pd.factorize(data[items], sort=True)
    n_forms, n_items = int(form.max()) + 1, len(item_labels)
    if n_items < 2:
        raise analysis_error("an_dif_items", fn=fn, n=n_items)
    # wide forms x items; a (form, item) answered twice is an error
    cell = form * n_items + item_code
    if len(np.unique(cell)) < len(cell):
        dup = int(np.flatnonzero(pd.Series(cell).duplicated().to_numpy())[0])
        raise analysis_error("an_dif_twice", fn=fn, row=data.index[dup], item=repr(data[items].iloc[dup]))
    W = np.full((n_forms, n_items), np.nan)
    W[form, item_code] = x
    g_codes = np.full(n_forms, -1, dtype=np.int64)
    gc, g_labels = pd.factorize(data[group], sort=True)
    g_codes[form] = gc
    if (g_codes[form] != gc).any():
        row = int(np.flatnonzero(g_codes[form] != gc)[0])
        raise analysis_error("an_changes_within_pair", fn=fn, row=data.index[row], col=group,
                             targets=targets, raters=raters or targets)
    if len(g_labels) < 2:
        raise analysis_error("an_dif_groups", fn=fn, group=group, n=len(g_labels))
    levels = list(g_labels)
    ref = levels[0] if reference is None else reference
    if ref not in levels:
        raise analysis_error("an_one_of", name="reference", choices=", ".join(map(str, levels)), value=repr(ref))
    ref_i = levels.index(ref)
    focal = [i for i in range(len(levels)) if i != ref_i]
    G_all = (g_codes[:, None] == np.array(focal)[None, :]).astype(np.float64)
    # forms answering at least 80% of the items; prorated totals for the rest (see matching)
    complete = (~np.isnan(W)).sum(axis=1) >= np.ceil(MIN_ANSWERED * n_items)
    ext = None
    if matching is not None:
        mv = numeric_column(data, matching, fn)
        ext = np.full(n_forms, np.nan)
        ext[form] = mv
        complete &= ~np.isnan(ext)
    W, G_all = W[complete], G_all[complete]
    if ext is not None:
        ext = ext[complete]

    flagged = np.zeros(n_items, dtype=bool)
    rounds = 0
    while True:
        table, coefs = _scan(W, G_all, ext, flagged, alpha, item_labels)
        rounds += 1
        new = table["flagged"].to_numpy()
        if not purify or matching is not None or (new == flagged).all() or rounds > maxiter:
            break
        flagged = new
    table.attrs.update(levels=levels, reference=ref, purify_rounds=rounds if purify and matching is None else 0,
                       anchor_items=[item_labels[j] for j in range(n_items) if not flagged[j]],
                       coefficients=pd.DataFrame(coefs, index=pd.Index(item_labels, name=items),
                                                 columns=[levels[i] for i in focal]))
    return table


def _form_codes(data: pd.DataFrame, cols: list[str]) -> np.ndarray:
    if len(cols) == 1:
        return pd.factorize(data[cols[0]], sort=True)[0].astype(np.int64)
    return data.groupby(cols, sort=True, observed=True).ngroup().to_numpy().astype(np.int64)


def _scan(W: np.ndarray, G: np.ndarray, ext: np.ndarray | None, flagged: np.ndarray, alpha: float,
          labels) -> tuple[pd.DataFrame, np.ndarray]:
    J = W.shape[1]
    df = G.shape[1]
    anchors = W[:, ~flagged]
    answered = (~np.isnan(anchors)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        anchor_total = np.nansum(anchors, axis=1) * (anchors.shape[1] / answered)  # prorated
    recs, coefs = [], np.full((J, df), np.nan)
    for j in range(J):
        rows = ~np.isnan(W[:, j])
        if ext is not None:
            total = ext
        else:
            total = anchor_total + (np.nan_to_num(W[:, j]) if flagged[j] else 0.0)
            rows &= answered > 0
        n = int(rows.sum())
        fit = _one_item(W[rows, j], total[rows], G[rows])
        rec = {"item": labels[j], "n": n}
        if fit is None:
            recs.append(rec | {"n_categories": 1})
            continue
        ll1, ll2, ll3 = fit["ll"]
        n1, m1 = _r2(ll1, fit["ll0"], n)
        n2, m2 = _r2(ll2, fit["ll0"], n)
        n3, m3 = _r2(ll3, fit["ll0"], n)
        c_u, c_n, c_t = 2 * (ll2 - ll1), 2 * (ll3 - ll2), 2 * (ll3 - ll1)
        coefs[j] = fit["beta2"]
        big = int(np.argmax(np.abs(fit["beta2"])))
        rec.update(n_categories=fit["K"], chi2_uniform=max(c_u, 0.0), p_uniform=stats.chi2.sf(max(c_u, 0.0), df),
                   chi2_nonuniform=max(c_n, 0.0), p_nonuniform=stats.chi2.sf(max(c_n, 0.0), df),
                   chi2_total=max(c_t, 0.0), df_total=2 * df, p_total=stats.chi2.sf(max(c_t, 0.0), 2 * df),
                   r2_uniform=n2 - n1, r2_nonuniform=n3 - n2, r2_total=n3 - n1,
                   mcfadden_uniform=m2 - m1, mcfadden_nonuniform=m3 - m2, mcfadden_total=m3 - m1,
                   coef=fit["beta2"][big], coef_se=fit["se2"][big], odds_ratio=float(np.exp(fit["beta2"][big])),
                   loglik_1=ll1, loglik_2=ll2, loglik_3=ll3, converged=fit["converged"])
        recs.append(rec)
    cols = ["item", "n", "n_categories", "chi2_uniform", "p_uniform", "chi2_nonuniform", "p_nonuniform",
            "chi2_total", "df_total", "p_total", "p_adjusted", "r2_uniform", "r2_nonuniform", "r2_total",
            "mcfadden_uniform", "mcfadden_nonuniform", "mcfadden_total", "coef", "coef_se", "odds_ratio",
            "dif_class", "flagged", "loglik_1", "loglik_2", "loglik_3", "converged"]
    out = pd.DataFrame(recs).reindex(columns=cols)
    out["p_adjusted"] = _bh(out["p_total"].to_numpy(dtype=float))
    sig = out["p_adjusted"].to_numpy() < alpha
    r2 = out["r2_total"].to_numpy(dtype=float)
    cls = np.where(sig & (r2 >= CLASS_C), "C", np.where(sig & (r2 >= CLASS_B), "B", "A"))
    out["dif_class"] = np.where(np.isnan(r2), None, cls)
    out["flagged"] = np.isin(out["dif_class"], ["B", "C"])
    return out, coefs
