"""Omega hierarchical: how much of a total score reflects one general factor (as ``psych::omega``).

``mcdonald_omega`` gives omega total from one factor.  For the BerAKHLAK instrument (seven values x
three behaviours) the question is how much of the total reflects one general factor beside the
seven value factors: omega hierarchical from a Schmid-Leiman solution, computed step by step as
``psych::omega`` (Revelle) does: minres factor analysis of the item correlations, oblimin rotation,
a general factor from the correlations of the group factors, and the Schmid-Leiman
orthogonalisation.

Functions
---------
omega_hierarchical   omega_h, omega total, ECV and the general-factor loading of every item

References
----------
Schmid, J., & Leiman, J. M. (1957). The development of hierarchical factor solutions.
Psychometrika, 22(1), 53-61.
McDonald, R. P. (1999). Test theory: A unified treatment. Erlbaum.
Revelle, W., & Zinbarg, R. E. (2009). Coefficients alpha, beta, omega, and the glb. Psychometrika,
74(1), 145-154.
Jennrich, R. I. (2002). A simple general method for oblique rotation. Psychometrika, 67(1), 7-19.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import scipy.optimize as opt

from ..frames import analysis_error, check_columns
from .checks import check_ids, numeric_column

__all__ = ["omega_from_matrix", "omega_hierarchical"]


# -- factor analysis steps ------------------------------------------------------------------------

def _pairwise_corr(W: np.ndarray) -> np.ndarray:
    """Pearson correlations on pairwise-complete rows (R ``cor(use = "pairwise")``)."""
    ok = ~np.isnan(W)
    if ok.all():
        return np.corrcoef(W, rowvar=False)
    J = W.shape[1]
    R = np.eye(J)
    for i in range(J):
        for j in range(i + 1, J):
            m = ok[:, i] & ok[:, j]
            R[i, j] = R[j, i] = np.corrcoef(W[m, i], W[m, j])[0, 1]
    return R


def _minres(S: np.ndarray, nf: int) -> np.ndarray:
    """Minimum-residual (ULS) loadings of ``nf`` factors, uniquenesses in [0.005, 1] as psych::fa."""
    smc = 1.0 - 1.0 / np.diag(np.linalg.inv(S))
    start = np.clip(np.diag(S) - smc, 0.005, 1.0)

    def f(psi):
        val, vec = np.linalg.eigh(S - np.diag(psi))
        rest_v, rest_x = val[:-nf], vec[:, :-nf]
        return 0.5 * float(rest_v @ rest_v), -(rest_x**2) @ rest_v

    res = opt.minimize(f, start, jac=True, method="L-BFGS-B", bounds=[(0.005, 1.0)] * len(start),
                       options={"ftol": 1e-16, "gtol": 1e-12, "maxiter": 10_000})
    val, vec = np.linalg.eigh(S - np.diag(res.x))
    val, vec = val[::-1][:nf], vec[:, ::-1][:, :nf]
    L = vec * np.sqrt(np.maximum(val, 100 * np.finfo(float).eps))
    return L * np.where(L.sum(axis=0) < 0, -1.0, 1.0)


def _varimax(x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """``stats::varimax`` with Kaiser normalisation."""
    sc = np.sqrt((x**2).sum(axis=1))
    x = x / sc[:, None]
    p, nc = x.shape
    T = np.eye(nc)
    d = 0.0
    for _ in range(1000):
        z = x @ T
        B = x.T @ (z**3 - z * (z**2).sum(axis=0) / p)
        u, s, vt = np.linalg.svd(B)
        T = u @ vt
        d_past, d = d, s.sum()
        if d < d_past * (1 + eps):
            break
    return (x @ T) * sc[:, None]


def _oblimin(A: np.ndarray, eps: float = 1e-9, maxit: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    """Quartimin (oblimin, gamma = 0) by gradient projection (Jennrich 2002; GPArotation::GPFoblq)."""
    k = A.shape[1]
    N = 1.0 - np.eye(k)

    def vgq(L):
        X = (L**2) @ N
        return float((L**2 * X).sum()) / 4.0, L * X

    T = np.eye(k)
    L = A @ np.linalg.inv(T).T
    f, Gq = vgq(L)
    G = -(L.T @ Gq @ np.linalg.inv(T)).T
    al = 1.0
    for _ in range(maxit):
        Gp = G - T * (T * G).sum(axis=0)
        s = np.sqrt((Gp**2).sum())
        if s < eps:
            break
        al *= 2
        for _i in range(11):
            X = T - al * Gp
            Tt = X / np.sqrt((X**2).sum(axis=0))
            L = A @ np.linalg.inv(Tt).T
            ft, Gqt = vgq(L)
            if f - ft > 0.5 * s**2 * al:
                break
            al /= 2
        T, f = Tt, ft
        G = -(L.T @ Gqt @ np.linalg.inv(Tt)).T
    return L, T.T @ T


def _schmid_leiman(R: np.ndarray, nf: int):
    """Schmid-Leiman solution as psych::schmid: general loadings, group loadings, h2, u2."""
    orth = _varimax(_minres(R, nf))
    h2 = (orth**2).sum(axis=1)
    u2 = np.diag(R) - h2
    if nf == 1:
        return orth[:, 0], np.zeros((len(R), 0)), h2, u2, np.array([1.0]), np.ones((1, 1))
    F, Phi = _oblimin(orth)
    if nf > 2:
        gload = _minres(Phi, 1)[:, 0]
    else:
        r = Phi[0, 1]
        gload = np.array([np.sqrt(abs(r)), np.sign(r) * np.sqrt(abs(r))])
    g = F @ gload
    uniq2 = np.clip(F**2 - (F * gload) ** 2, 0.0, None)
    group = np.sign(F) * np.sqrt(uniq2)
    return g, group, h2, u2, gload, Phi


def _item_groups(item_labels, groups, data, items, fn) -> list:
    """The group (value / competency) of each item, from a column of ``data`` or a mapping."""
    if isinstance(groups, str):
        check_columns(data, [groups], f"{fn}: data")
        first = data.drop_duplicates(items).set_index(items)[groups]
        per = data.groupby(items, sort=False, observed=True)[groups].nunique()
        if (per > 1).any():
            bad = per.index[per.to_numpy() > 1][0]
            raise analysis_error("an_omega_group_changes", fn=fn, item=repr(bad), groups=groups)
        return [first.loc[i] for i in item_labels]
    if isinstance(groups, Mapping):
        missing = [i for i in item_labels if i not in groups]
        if missing:
            raise analysis_error("an_omega_item_no_group", fn=fn, items=", ".join(map(str, missing[:5])))
        return [groups[i] for i in item_labels]
    raise analysis_error("an_omega_groups_type", fn=fn, got=type(groups).__name__)


def omega_hierarchical(
    data: pd.DataFrame,
    groups: str | Mapping | None = "competency",
    *,
    targets: str = "ratee",
    raters: str | None = "rater",
    items: str = "item",
    ratings: str = "rating",
    n_factors: int | None = None,
) -> pd.DataFrame:
    """Omega hierarchical, omega total and ECV of a multidimensional instrument (Schmid-Leiman).

    Parameters
    ----------
    data : DataFrame
        Long format, one answer per (form, item); a form is one (target, rater) pair (or one
        target when ``raters`` is None).  Correlations are over forms, pairwise complete.
    groups : str, mapping or None
        The item groups (BerAKHLAK: the seven core values): a column of ``data`` constant per item
        (default ``"competency"``) or a mapping item -> group.  Their number is the number of
        group factors unless ``n_factors`` is given; each factor is named after the group whose
        items load on it most.  None: give ``n_factors``.
    targets, raters, items, ratings : str
        Column names.
    n_factors : int, optional
        Number of group factors (psych's ``nfactors``); default the number of groups.

    Returns
    -------
    DataFrame
        One row: ``omega_h``, ``omega_total``, ``ecv`` (explained common variance of the general
        factor), ``omega_limit`` (:math:`\\omega_h/\\omega_t`), ``alpha``, ``n`` (forms),
        ``n_items``, ``n_factors``.  Attributes: ``loadings`` (per item: ``item``, ``group``,
        ``g`` the general-factor loading, one column per group factor, ``h2``, ``u2``, ``p2`` the
        share of the item's common variance due to g; reverse-keyed items are reflected as psych
        does and listed in ``reflected``), ``omega_group`` (per factor, psych's
        ``omega.group``: ``total``, ``general``, ``group``), ``phi`` (group-factor correlations),
        ``general_on_groups`` (the second-order loadings).

    Notes
    -----
    Following ``psych::omega(x, nfactors, fm = "minres", rotate = "oblimin")``: minres loadings
    :math:`A` (varimax start), oblimin pattern :math:`F` with factor correlations :math:`\\Phi`,
    one minres factor of :math:`\\Phi` with loadings :math:`\\gamma` (for two factors
    :math:`\\gamma_1 = \\gamma_2 = \\sqrt{\\phi_{12}}`); Schmid & Leiman (1957):

    .. math::

        g_i = \\sum_f F_{if}\\gamma_f, \\quad s_{if} = F_{if}\\sqrt{1 - \\gamma_f^2}, \\quad
        h^2_i = \\sum_f A_{if}^2, \\quad u^2_i = 1 - h^2_i

    and with :math:`V_t = \\mathbf 1^\\top R \\mathbf 1` the variance of the unit-weighted total of
    standardised items (McDonald 1999, ch. 6; Revelle & Zinbarg 2009):

    .. math::

        \\omega_h = \\frac{(\\sum_i g_i)^2}{V_t}, \\quad
        \\omega_t = \\frac{V_t - \\sum_i u^2_i}{V_t}, \\quad
        \\mathrm{ECV} = \\frac{\\sum_i g_i^2}{\\sum_i g_i^2 + \\sum_{i,f} s_{if}^2}.

    Three or more group factors identify the general factor; with two, psych sets the two
    second-order loadings equal, and so does this function.

    References
    ----------
    Schmid, J., & Leiman, J. M. (1957). Psychometrika, 22(1), 53-61.
    McDonald, R. P. (1999). Test theory: A unified treatment. Erlbaum.
    Revelle, W., & Zinbarg, R. E. (2009). Psychometrika, 74(1), 145-154.

    Examples
    --------
    Nine items in three groups, a general factor loading .6 and group factors .5 (population
    correlations, 500 forms drawn with a fixed seed):

    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> n = 500
    >>> g, s = rng.normal(size=n), rng.normal(size=(n, 3))
    >>> rows = [pd.DataFrame({"ratee": np.arange(n), "item": f"v{v}b{b}", "competency": f"v{v}",
    ...                       "rating": 0.6 * g + 0.5 * s[:, v] + 0.62 * rng.normal(size=n)})
    ...         for v in range(3) for b in range(3)]
    >>> out = omega_hierarchical(pd.concat(rows), raters=None)
    >>> out[["omega_h", "omega_total"]].round(2).to_dict("records")
    [{'omega_h': 0.7, 'omega_total': 0.91}]
    """
    fn = "omega_hierarchical"
    form_cols = [targets] + ([raters] if raters is not None else [])
    check_columns(data, [*form_cols, items, ratings], f"{fn}: data")
    if len(data) == 0:
        raise analysis_error("an_no_rows", fn=fn)
    check_ids(data, [*form_cols, items], fn)
    x = numeric_column(data, ratings, fn)
    form = (pd.factorize(data[targets], sort=True)[0] if raters is None
            else data.groupby(form_cols, sort=True, observed=True).ngroup().to_numpy())
    item_code, item_labels = pd.factorize(data[items], sort=True)
    labels = list(item_labels)
    n_forms, J = int(form.max()) + 1, len(labels)
    cell = form.astype(np.int64) * J + item_code
    if len(np.unique(cell)) < len(cell):
        dup = int(np.flatnonzero(pd.Series(cell).duplicated().to_numpy())[0])
        raise analysis_error("an_dif_twice", fn=fn, row=data.index[dup], item=repr(data[items].iloc[dup]))
    W = np.full((n_forms, J), np.nan)
    W[form, item_code] = x
    item_group = _item_groups(labels, groups, data, items, fn) if groups is not None else None
    return omega_from_matrix(W, labels, item_group, n_factors, fn)


def omega_from_matrix(W: np.ndarray, labels: list, item_group: list | None, n_factors: int | None = None,
                      fn: str = "omega_hierarchical") -> pd.DataFrame:
    """:func:`omega_hierarchical` of a forms x items matrix (NaN = not answered), ``labels`` the
    items in column order, ``item_group`` their groups (None: give ``n_factors``).  For callers
    that already hold the wide table (``reliability_report``)."""
    J = len(labels)
    n_forms = W.shape[0]
    groups = item_group
    if item_group is None:
        item_group = [None] * J
    if n_factors is None:
        if groups is None:
            raise analysis_error("an_omega_groups_type", fn=fn, got="None")
        n_factors = len(set(item_group))
    if not (isinstance(n_factors, int | np.integer) and 1 <= n_factors <= J // 2):
        raise analysis_error("an_omega_n_factors", fn=fn, value=repr(n_factors), n_items=J)
    used = (~np.isnan(W)).sum(axis=0)
    if used.min() < 3 or (np.nanstd(W, axis=0) == 0).any():
        raise analysis_error("an_omega_no_variance", fn=fn)
    R = _pairwise_corr(W)
    if not np.isfinite(R).all():
        raise analysis_error("an_omega_no_variance", fn=fn)
    g, group, h2, u2, gload, Phi = _schmid_leiman(R, n_factors)
    key = np.where(g < 0, -1.0, 1.0)  # psych flip = TRUE: reverse-keyed items reflected
    Rf = R * np.outer(key, key)
    g, group = g * key, group * key[:, None]
    if group.shape[1]:  # a group factor's sign is arbitrary: show it with a positive loading sum
        group = group * np.where(group.sum(axis=0) < 0, -1.0, 1.0)
    Vt = float(Rf.sum())
    omega_h = float(g.sum() ** 2 / Vt)
    omega_t = float((Vt - u2.sum()) / Vt)
    ev = np.concatenate([[float((g**2).sum())], (group**2).sum(axis=0)])
    ecv = float(ev[0] / ev.sum())
    alpha = float((Vt - np.trace(Rf)) / Vt * J / (J - 1))
    # name each factor by the group whose items load on it most (in absolute size)
    names = [f"F{f + 1}" for f in range(group.shape[1])]
    if groups is not None and group.shape[1]:
        gl = pd.Series(item_group)
        for f in range(group.shape[1]):
            share = pd.Series(np.abs(group[:, f])).groupby(gl.to_numpy()).mean()
            cand = str(share.idxmax())
            if cand not in names:
                names[f] = cand
    sub = np.argmax(np.abs(group), axis=1) if group.shape[1] else np.zeros(J, dtype=int)
    og = {"total": [omega_t], "general": [omega_h], "group": [np.nan]}
    grs = 0.0
    for f in range(group.shape[1]):
        idx = np.flatnonzero(sub == f)
        if len(idx) == 0:
            for values in og.values():
                values.append(np.nan)
            continue
        Vg = float(Rf[np.ix_(idx, idx)].sum())
        gr = float(group[idx, f].sum())
        grs += gr**2
        og["group"].append(gr**2 / Vg)
        og["general"].append(float(g[idx].sum()) ** 2 / Vg)
        og["total"].append((gr**2 + float(g[idx].sum()) ** 2) / Vg)
    og["group"][0] = grs / Vt
    omega_group = pd.DataFrame(og, index=pd.Index(["g", *names], name="factor"))
    loadings = pd.DataFrame({"item": labels, "group": item_group, "g": g})
    for f, nm in enumerate(names):
        loadings[nm] = group[:, f]
    loadings["h2"] = h2
    loadings["u2"] = u2
    loadings["p2"] = g**2 / h2
    out = pd.DataFrame({"omega_h": [omega_h], "omega_total": [omega_t], "ecv": [ecv],
                        "omega_limit": [omega_h / omega_t], "alpha": [alpha], "n": [n_forms], "n_items": [J],
                        "n_factors": [int(n_factors)]})
    out.attrs.update(loadings=loadings, omega_group=omega_group,
                     phi=None if n_factors == 1 else pd.DataFrame(Phi, index=names, columns=names),
                     general_on_groups=pd.Series(gload, index=names if n_factors > 1 else ["g"]),
                     reflected=[labels[i] for i in np.flatnonzero(key < 0)])
    return out

