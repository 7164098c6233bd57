"""Rater effects: severity with fair scores, halo, central tendency and careless responding.

rater_effects          linear many-facet model: rater severity and "fair" scores
halo                   within-rater differentiation across competencies
mean_intercompetency_r mean correlation between competency scores (halo at instrument level)
central_tendency       share of midpoint answers and answer SD per rater
careless_responses     longstring and IRV per form (rater x ratee)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import connected_components

from ..frames import AnalysisError, analysis_error, check_ratings_frame, renamed_parameters
from ..i18n import t
from .checks import (
    OTHERS,
    check_positive_int,
    check_relationships,
    check_scale_range,
    items_in_form_order,
    select_relationships,
    single_threaded_blas,
)

__all__ = ["RaterEffects", "careless_responses", "central_tendency", "halo", "mean_intercompetency_r", "rater_effects"]


# --------------------------------------------------------------------------------------------
# rater effects: the linear many-facet model
# --------------------------------------------------------------------------------------------
@dataclass
class RaterEffects:
    """Result of :func:`rater_effects`.

    Attributes
    ----------
    raters : DataFrame, one row per rater
        ``rater, component, n_ratees, n_answers, mean_rating, severity, se, z, flag, fit_msq``.
    ratees : DataFrame, one row per ratee
        ``ratee, component, n_raters, n_answers, raw_mean, fair_score, adjustment, se``.
    items : DataFrame, one row per item
        ``item, n_answers, mean_rating, easiness, se``.
    grand_mean : float
        Mean fair score over ratees (the model's mu).
    sigma : float
        Residual standard deviation, ``sqrt(RSS / df_resid)``; NaN when ``df_resid == 0``.
    df_resid : int
        ``N - (J + R - K + I - 1)`` (answers minus the rank of the design).
    sigma_form : float
        Residual SD of form means (a rater's mean residual about one ratee),
        ``sqrt(sum_f ebar_f^2 / df_form)``; the basis of the standard errors.
    df_form : int
        ``F - (J + R - K)`` with ``F`` the number of forms (rater x ratee pairs).
    n_components : int
        Connected components of the rater-ratee design (1 when connected).
    iterations : int
        Conjugate-gradient iterations used.
    preconditioner : str
        ``"jacobi"``, or ``"ilu"`` when the Jacobi budget was exhausted (chain-like designs).
    """

    raters: pd.DataFrame
    ratees: pd.DataFrame
    items: pd.DataFrame
    grand_mean: float
    sigma: float
    df_resid: int
    sigma_form: float
    df_form: int
    n_components: int
    iterations: int
    preconditioner: str = "jacobi"

    def __repr__(self) -> str:  # the DataFrames are large; keep the repr readable
        return (f"RaterEffects({len(self.ratees)} ratees, {len(self.raters)} raters, {len(self.items)} items, "
                f"grand_mean={self.grand_mean:.4f}, sigma={self.sigma:.4f}, components={self.n_components})")


def _design_components(j: np.ndarray, k: np.ndarray, J: int, R: int) -> tuple[int, np.ndarray, np.ndarray]:
    """Connected components of the bipartite ratee-rater graph, numbered by size (0 = largest)."""
    adj = sp.coo_matrix((np.ones(len(j), dtype=np.int8), (j, J + k)), shape=(J + R, J + R)).tocsr()
    n, labels = connected_components(adj, directed=False)
    sizes = np.bincount(labels, minlength=n)
    order = np.argsort(-sizes, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    labels = rank[labels]
    return n, labels[:J], labels[J:]


@renamed_parameters(ratings="data")
def rater_effects(
    data: pd.DataFrame,
    *,
    relationships: Iterable[str] = OTHERS,
    z_crit: float = 2.0,
    disconnected: str = "warn",
    tol: float = 1e-10,
    maxiter: int | None = None,
    jacobi_budget: int = 200,
) -> RaterEffects:
    """Rater severity and fair scores from a linear many-facet (additive) model.

    The model is fitted by least squares on the connected, unbalanced design::

        rating[j, r, i] = mu + a[j] + b[r] + c[i] + e,    e ~ (0, sigma^2)

    with ratee effects ``a``, rater effects ``b`` (leniency) and item effects ``c`` (easiness),
    under sum-to-zero constraints ``sum_r b[r] = 0`` (per connected component),
    ``sum_i c[i] = 0`` and ``sum_j a[j] = 0``.  Reported per rater:

    * ``severity = -b[r]`` (positive = harsh, negative = lenient), on the rating scale;
    * ``se = sigma_f / sqrt(F_r - sum_{j rated by r} 1 / m_j)``, where ``F_r`` is the number of
      ratees the rater rated, ``m_j`` the number of raters of ratee ``j`` and ``sigma_f`` the
      residual SD of *form means* (a rater's mean residual about one ratee).  The form, not the
      answer, is the unit of independent information: the 21 answers of one form share the
      rater's idiosyncratic view of that ratee (the rater x ratee interaction, the largest
      variance component in 360-degree ratings; Scullen et al., 2000), so an answer-level SE
      would be several times too small.  The bracket is the rater's information once the ratee
      effects are estimated (the diagonal of the absorbed normal equations); like Linacre's
      *model SE* it treats the other raters' effects as known;
    * ``z = severity / se`` and ``flag = |z| > z_crit``;
    * ``fit_msq``: mean squared form residual of the rater divided by ``sigma_f^2`` (an
      outfit-style mean square; near 1 is expected, well above 1 = the rater orders people
      differently from the other raters).

    Per ratee: ``raw_mean`` (mean of the included answers), the **fair score**
    ``mu + a[j] + mean_i c[i] = mu + a[j]`` (the expected rating from an average rater on an average
    item) and ``se = sigma_f / sqrt(m_j - sum_{r rating j} 1 / F_r)`` (infinite when every rater
    of the ratee rated only that ratee: the fair score is then not comparable with anyone's).

    Parameters
    ----------
    data : DataFrame
        Ratings frame (``kinerja_survey.frames``).
    relationships : iterable of str
        Relationships whose answers enter the model; default the others
        (supervisor, peer, subordinate).  Self-ratings carry a self-bias and are excluded unless
        named.
    z_crit : float
        Severity flag threshold on ``|z|``.
    disconnected : {"warn", "raise"}
        What to do when the rater-ratee design is not connected (Linacre's *disjoint subsets*):
        the relative level of two components cannot be estimated.  ``"warn"`` fits one model with
        the rater effects centred *within* each component (fair scores are then comparable only
        inside a component; see the ``component`` column) and warns naming the components;
        ``"raise"`` raises ``ValueError``.
    tol, maxiter : float, int
        Convergence of the preconditioned conjugate-gradient solver (relative residual of the
        reduced normal equations); a ``RuntimeWarning`` is issued if it does not converge.
    jacobi_budget : int
        Iterations tried with the Jacobi preconditioner before switching to incomplete LU.

    Returns
    -------
    RaterEffects

    Notes
    -----
    This is the *linear* (interval-scale) many-facet model, not Linacre's many-facet Rasch model
    (which is a logit model for ordinal categories); it shares the idea of separating ratee, rater
    and item facets and of reporting "fair averages" (Linacre, 1989; Myford & Wolfe, 2003).
    The normal equations are reduced by absorbing the ratee effects (a diagonal block), leaving a
    sparse system in the rater and item effects (a weighted graph Laplacian plus a 21-column
    item block) that is solved by preconditioned conjugate gradients without forming the
    design matrix: Jacobi first (enough for designs where raters are spread widely), then, if
    that has not converged after ``jacobi_budget`` iterations, an incomplete-LU preconditioner
    of the rater block (designs where raters only rate near their own unit form long chains
    that Jacobi converges on slowly).  100,000 ratees x 8 raters x 21 items (16 million answers)
    fit in about half a minute (see ``benchmarks/bench_fairness.py``).

    References
    ----------
    * Linacre, J. M. (1989). *Many-facet Rasch measurement*. MESA Press.
    * Myford, C. M., & Wolfe, E. W. (2003). Detecting and measuring rater effects using
      many-facet Rasch measurement: Part I. *Journal of Applied Measurement*, 4(4), 386-422.
    * Scullen, S. E., Mount, M. K., & Goff, M. (2000). Understanding the latent structure of job
      performance ratings. *Journal of Applied Psychology*, 85(6), 956-970.

    Examples
    --------
    >>> import pandas as pd
    >>> from kinerja_survey.analysis.fairness import rater_effects
    >>> rows = [(j, r, "peer", "C", i, 3.0 + a + b + c)
    ...         for j, a in (("A", 0.5), ("B", -0.5)) for r, b in (("X", 0.2), ("Y", -0.2))
    ...         for i, c in (("I1", 0.1), ("I2", -0.1))]
    >>> df = pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "competency", "item", "rating"])
    >>> fit = rater_effects(df)
    >>> fit.raters[["rater", "severity"]].round(3).to_string(index=False)
    'rater  severity\\n    X      -0.2\\n    Y       0.2'
    >>> fit.ratees["fair_score"].round(3).tolist()
    [3.5, 2.5]
    """
    if disconnected not in ("warn", "raise"):
        raise analysis_error("an_one_of", name="disconnected", choices="'warn', 'raise'", value=repr(disconnected))
    if not (isinstance(tol, float) and 0 < tol < 1):
        raise analysis_error("an_between_0_1", name="tol", value=repr(tol))
    df = check_ratings_frame(data)
    rel = check_relationships(relationships)
    df = df[df["relationship"].isin(rel) & df["rating"].notna()]
    if df.empty:
        raise analysis_error("an_rel_no_answers", rel=", ".join(rel))

    j, ratee_ids = pd.factorize(df["ratee"], sort=True)
    k, rater_ids = pd.factorize(df["rater"], sort=True)
    i, item_ids = pd.factorize(df["item"], sort=True)
    y = df["rating"].to_numpy(dtype=float)
    ratee_ids, rater_ids, item_ids = (np.asarray(x, dtype=str) for x in (ratee_ids, rater_ids, item_ids))
    J, R, I, N = len(ratee_ids), len(rater_ids), len(item_ids), len(y)

    n_comp, comp_j, comp_r = _design_components(j, k, J, R)
    if n_comp > 1:
        sizes = np.bincount(comp_j, minlength=n_comp)
        parts = []
        for c in range(1, min(n_comp, 6)):
            members = ratee_ids[comp_j == c][:3]
            parts.append(t("an_component", c=c, size=sizes[c], members=", ".join(members)))
        more = t("an_more", n=n_comp - 6) if n_comp > 6 else ""
        msg = t("an_disconnected", n=n_comp, largest=sizes[0], parts="; ".join(parts), more=more)
        if disconnected == "raise":
            raise AnalysisError(msg)
        warnings.warn(msg + t("an_disconnected_warn"), UserWarning, stacklevel=2)

    nj = np.bincount(j, minlength=J).astype(float)
    nr = np.bincount(k, minlength=R).astype(float)
    ni = np.bincount(i, minlength=I).astype(float)
    Njr = sp.csr_matrix((np.ones(N), (j, k)), shape=(J, R))  # duplicates are summed: counts
    Nji = np.zeros((J, I))
    _add_counts(Nji, j, i)
    Cri = np.zeros((R, I))
    _add_counts(Cri, k, i)
    NjrT = Njr.T.tocsr()
    inv_nj = 1.0 / nj

    def matvec(theta: np.ndarray) -> np.ndarray:
        beta, gamma = theta[:R], theta[R:]
        u = (Njr @ beta + Nji @ gamma) * inv_nj
        top = nr * beta + Cri @ gamma - NjrT @ u
        bottom = Cri.T @ beta + ni * gamma - Nji.T @ u
        return np.concatenate([top, bottom])

    ybar_j = np.bincount(j, y, minlength=J) * inv_nj
    resid0 = y - ybar_j[j]
    rhs = np.concatenate([np.bincount(k, resid0, minlength=R), np.bincount(i, resid0, minlength=I)])
    diag_r = nr - (NjrT.multiply(NjrT)) @ inv_nj
    diag_i = ni - (Nji * Nji).T @ inv_nj
    diag = np.concatenate([diag_r, diag_i])
    precond = np.where(diag > 1e-9 * np.maximum(np.concatenate([nr, ni]), 1), diag, 1.0)
    M = spla.LinearOperator((R + I, R + I), matvec=matvec, dtype=float)
    P = spla.LinearOperator((R + I, R + I), matvec=lambda v: v / precond, dtype=float)
    iters = [0]

    def count(_):
        iters[0] += 1

    if maxiter is None:
        maxiter = max(1000, 2 * (R + I))
    preconditioner = "jacobi"
    if np.linalg.norm(rhs) == 0:
        theta, info = np.zeros(R + I), 0
    else:
        # CG does thousands of tiny BLAS calls; multi-threaded OpenBLAS makes each of them
        # 10-20x slower on a busy machine, so run the solve single-threaded.
        with single_threaded_blas():
            # well-mixed designs (raters spread across the organisation) converge in a few dozen
            # Jacobi-preconditioned iterations; chain-like ones (raters only near their own unit)
            # need thousands, so after a budget switch to an incomplete-LU preconditioner of the
            # rater block (cheap to build exactly for such sparse, nearly banded designs).
            budget = min(maxiter, jacobi_budget)
            theta, info = spla.cg(M, rhs, M=P, rtol=tol, atol=0.0, maxiter=budget, callback=count)
            if info > 0 and maxiter > budget:
                preconditioner = "ilu"
                P2 = _ilu_preconditioner(Njr, NjrT, Nji, inv_nj, nr, ni)
                theta, info = spla.cg(M, rhs, x0=theta, M=P2, rtol=tol, atol=0.0, maxiter=maxiter - budget,
                                      callback=count)
    if info > 0:
        warnings.warn(t("an_cg_not_converged", tol=f"{tol:g}", maxiter=maxiter), RuntimeWarning, stacklevel=2)
    beta, gamma = theta[:R].copy(), theta[R:].copy()
    # centre: items overall, raters within each component; ratee effects absorb the shifts
    gamma -= gamma.mean()
    comp_mean = np.bincount(comp_r, beta, minlength=n_comp) / np.bincount(comp_r, minlength=n_comp)
    beta -= comp_mean[comp_r]
    alpha = ybar_j - (Njr @ beta + Nji @ gamma) * inv_nj  # fair scores: mu + a[j]
    grand_mean = float(alpha.mean())

    e = y - alpha[j] - beta[k] - gamma[i]
    rss = float(e @ e)
    df_resid = int(N - (J + R - n_comp + I - 1))
    sigma = float(np.sqrt(rss / df_resid)) if df_resid > 0 else float("nan")

    # form-level (rater x ratee) residuals: the unit of independent information
    f_codes, f_keys = pd.factorize(j.astype(np.int64) * R + k)
    f_j, f_r = f_keys // R, f_keys % R
    F = len(f_keys)
    e_form = np.bincount(f_codes, e, minlength=F) / np.bincount(f_codes, minlength=F)
    m_j = np.bincount(f_j, minlength=J).astype(float)  # raters per ratee
    F_r = np.bincount(f_r, minlength=R).astype(float)  # ratees per rater
    df_form = int(F - (J + R - n_comp))
    sigma_form = float(np.sqrt(e_form @ e_form / df_form)) if df_form > 0 else float("nan")
    info_r = F_r - np.bincount(f_r, 1.0 / m_j[f_j], minlength=R)
    info_j = m_j - np.bincount(f_j, 1.0 / F_r[f_r], minlength=J)
    with np.errstate(divide="ignore", invalid="ignore"):
        se_r = np.where(info_r > 1e-9, sigma_form / np.sqrt(np.clip(info_r, 1e-300, None)), np.inf)
        se_j = np.where(info_j > 1e-9, sigma_form / np.sqrt(np.clip(info_j, 1e-300, None)), np.inf)
        severity = -beta + 0.0  # + 0.0: no negative zeros in the table
        z = severity / se_r
        fit_msq = (np.bincount(f_r, e_form**2, minlength=R) / F_r) / sigma_form**2
        se_i = sigma / np.sqrt(np.clip(diag_i, 0, None))

    raters = pd.DataFrame({
        "rater": rater_ids,
        "component": comp_r,
        "n_ratees": F_r.astype(int),
        "n_answers": nr.astype(int),
        "mean_rating": np.bincount(k, y, minlength=R) / nr,
        "severity": severity,
        "se": se_r,
        "z": z,
        "flag": np.abs(z) > z_crit,
        "fit_msq": fit_msq,
    })
    ratees = pd.DataFrame({
        "ratee": ratee_ids,
        "component": comp_j,
        "n_raters": m_j.astype(int),
        "n_answers": nj.astype(int),
        "raw_mean": ybar_j,
        "fair_score": alpha,
        "adjustment": alpha - ybar_j,
        "se": se_j,
    })
    items = pd.DataFrame({
        "item": item_ids,
        "n_answers": ni.astype(int),
        "mean_rating": np.bincount(i, y, minlength=I) / ni,
        "easiness": gamma,
        "se": se_i,
    })
    return RaterEffects(raters, ratees, items, grand_mean, sigma, df_resid, sigma_form, df_form, n_comp, iters[0],
                        preconditioner)


def _ilu_preconditioner(Njr, NjrT, Nji, inv_nj, nr, ni) -> spla.LinearOperator:
    """Block preconditioner: incomplete LU of the rater block, exact inverse of the item block.

    Both blocks are singular (constants are in their null spaces), so a tiny diagonal shift
    (1e-6 of the counts) is added before factorising; it only affects the preconditioner.
    """
    R, I = len(nr), len(ni)
    S = (sp.diags(nr) - NjrT @ sp.diags(inv_nj) @ Njr).tocsc()
    S = (S + sp.diags(1e-6 * np.maximum(nr, 1.0))).tocsc()
    ilu = spla.spilu(S, drop_tol=1e-4, fill_factor=10)
    G = np.diag(ni) - Nji.T @ (Nji * inv_nj[:, None]) + np.diag(1e-6 * np.maximum(ni, 1.0))
    G_inv = np.linalg.inv(G)

    def solve(v):
        return np.concatenate([ilu.solve(v[:R]), G_inv @ v[R:]])

    return spla.LinearOperator((R + I, R + I), matvec=solve, dtype=float)


def _add_counts(out: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
    """out[rows, cols] += 1 for every pair (fast bincount version of np.add.at)."""
    flat = np.bincount(rows.astype(np.int64) * out.shape[1] + cols, minlength=out.size)
    out += flat.reshape(out.shape)


# --------------------------------------------------------------------------------------------
# response styles
# --------------------------------------------------------------------------------------------
def _competency_form_means(df: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per form (rater, ratee), one column per competency, mean of its items."""
    m = df.dropna(subset=["rating"]).groupby(["rater", "ratee", "competency"], observed=True)["rating"].mean()
    return m.unstack("competency")


@renamed_parameters(ratings="data")
def halo(
    data: pd.DataFrame,
    *,
    relationships: Iterable[str] | None = None,
    flag_ratio: float = 0.5,
) -> pd.DataFrame:
    """Halo per rater: how little a rater differentiates between competencies.

    For each form (a rater's answers about one ratee) the competency means
    ``m_c = mean of the items of competency c`` are computed, then their standard deviation across
    competencies ``s_form = sd_c(m_c)`` (ddof=1).  Per rater::

        competency_sd = mean over the rater's forms of s_form

    A low value means the rater gave every competency about the same score (halo: Thorndike,
    1920; Cooper, 1981).  ``flag`` marks raters whose ``competency_sd`` is below
    ``flag_ratio`` times the median over raters (a relative screen, not a test).

    Parameters
    ----------
    data : DataFrame
        Ratings frame.
    relationships : iterable of str, optional
        Restrict to these relationships (default: all, self included).
    flag_ratio : float
        Flag threshold relative to the median ``competency_sd``.

    Returns
    -------
    DataFrame
        ``rater, n_forms, competency_sd, flag``, sorted by ``competency_sd``.  The instrument-level
        mean inter-competency correlation is in ``attrs["mean_intercompetency_r"]``
        (see :func:`mean_intercompetency_r`).

    References
    ----------
    * Thorndike, E. L. (1920). A constant error in psychological ratings. *J. Appl. Psychol.* 4, 25-29.
    * Cooper, W. H. (1981). Ubiquitous halo. *Psychological Bulletin*, 90(2), 218-244.
    * Myford, C. M., & Wolfe, E. W. (2003). *J. Appl. Meas.* 4(4), 386-422 (halo as a rater effect).
    """
    if not (isinstance(flag_ratio, (int, float)) and flag_ratio > 0):
        raise analysis_error("an_positive", name="flag_ratio", value=repr(flag_ratio))
    df = select_relationships(check_ratings_frame(data), relationships)
    wide = _competency_form_means(df)
    if wide.shape[1] < 2:
        raise analysis_error("an_two_competencies", fn="halo")
    sd_form = wide.std(axis=1, ddof=1)
    per = sd_form.groupby(level="rater", observed=True).agg(["size", "mean"])
    out = pd.DataFrame({"rater": per.index.astype(str), "n_forms": per["size"].to_numpy(),
                        "competency_sd": per["mean"].to_numpy()})
    med = out["competency_sd"].median()
    out["flag"] = out["competency_sd"] < flag_ratio * med
    out = out.sort_values(["competency_sd", "rater"], kind="stable").reset_index(drop=True)
    out.attrs["mean_intercompetency_r"] = _mean_offdiag_r(wide)
    return out


def _mean_offdiag_r(wide: pd.DataFrame) -> float:
    r = wide.corr(min_periods=3).to_numpy()
    iu = np.triu_indices_from(r, k=1)
    vals = r[iu]
    vals = vals[~np.isnan(vals)]
    return float(vals.mean()) if len(vals) else float("nan")


@renamed_parameters(ratings="data")
def mean_intercompetency_r(data: pd.DataFrame, *, relationships: Iterable[str] | None = None) -> float:
    """Mean Pearson correlation between competency scores across forms (halo at instrument level).

    Each form (rater x ratee) gives a vector of competency means; the correlation matrix of the
    competencies over forms is computed (pairwise complete) and its off-diagonal entries are
    averaged (plain mean of r, no Fisher z).  Values near 1 mean the competencies are not
    distinguished by raters (Cooper, 1981).
    """
    df = select_relationships(check_ratings_frame(data), relationships)
    wide = _competency_form_means(df)
    if wide.shape[1] < 2:
        raise analysis_error("an_two_competencies", fn="mean_intercompetency_r")
    return _mean_offdiag_r(wide)


@renamed_parameters(ratings="data")
def central_tendency(
    data: pd.DataFrame,
    *,
    scale: tuple[float, float] = (1, 5),
    relationships: Iterable[str] | None = None,
    flag_share: float = 0.5,
) -> pd.DataFrame:
    """Central tendency and range restriction per rater.

    Per rater: ``share_midpoint`` = share of answers equal to the scale midpoint
    ``(low + high) / 2`` (NaN when the midpoint is not a scale point, e.g. on 1-4), ``share_extreme``
    = share of answers at ``low`` or ``high``, and ``sd`` = standard deviation of all the rater's
    answers (ddof=1; low = range restriction).  ``flag`` = ``share_midpoint >= flag_share``
    (Myford & Wolfe, 2004, describe central tendency as overuse of the middle categories).

    Returns
    -------
    DataFrame
        ``rater, n_answers, mean, sd, share_midpoint, share_extreme, flag``.

    References
    ----------
    * Myford, C. M., & Wolfe, E. W. (2004). Detecting and measuring rater effects using
      many-facet Rasch measurement: Part II. *Journal of Applied Measurement*, 5(2), 189-227.
    """
    lo, hi = check_scale_range(scale)
    df = select_relationships(check_ratings_frame(data, scale=(lo, hi)), relationships).dropna(subset=["rating"])
    mid = (lo + hi) / 2
    has_mid = float(mid).is_integer() and float(lo).is_integer()
    d = pd.DataFrame({"rater": df["rater"].astype(str), "rating": df["rating"],
                      "mid": (df["rating"] == mid).astype(float),
                      "ext": df["rating"].isin([lo, hi]).astype(float)})
    g = d.groupby("rater", sort=True)
    out = pd.DataFrame({
        "n_answers": g["rating"].size(),
        "mean": g["rating"].mean(),
        "sd": g["rating"].std(ddof=1),
        "share_midpoint": g["mid"].mean() if has_mid else np.nan,
        "share_extreme": g["ext"].mean(),
    }).reset_index()
    out["flag"] = out["share_midpoint"] >= flag_share
    return out


@renamed_parameters(ratings="data")
def careless_responses(
    data: pd.DataFrame,
    *,
    item_order: Sequence[str] | None = None,
    longstring_cut: int | None = None,
    irv_cut: float = 0.0,
) -> pd.DataFrame:
    """Careless-responding indices per form (one rater's answers about one ratee).

    * ``longstring``: the longest run of identical consecutive answers in form order (Johnson,
      2005; Meade & Craig, 2012); ``longstring_avg``: the mean run length.  Unanswered items are
      skipped (the run is computed over the answered items in order).
    * ``irv``: intra-individual response variability, the standard deviation (ddof=1) of the
      form's answers (Dunn, Heggestad, Shanock & Theilgard, 2018, p. 108; as ``careless::irv``).
    * ``straight_line``: every answered item has the same value (``longstring == n_items``), with
      at least 2 answers.
    * ``flag``: ``straight_line`` or ``longstring >= longstring_cut`` or ``irv <= irv_cut``
      (defaults: ``longstring_cut`` = half the number of items, rounded up, at least 2;
      ``irv_cut = 0``); forms with a single answer are never flagged.
      Cut-offs are local screening choices (Meade & Craig recommend inspecting the distribution).

    Parameters
    ----------
    data : DataFrame
        Ratings frame.
    item_order : sequence of str, optional
        The order items appear on the form; default the categorical order of ``item`` (or order
        of first appearance).

    Returns
    -------
    DataFrame
        ``rater, ratee, relationship, n_items, longstring, longstring_avg, irv, straight_line, flag``.

    References
    ----------
    * Johnson, J. A. (2005). Ascertaining the validity of individual protocols from Web-based
      personality inventories. *Journal of Research in Personality*, 39, 103-129.
    * Meade, A. W., & Craig, S. B. (2012). Identifying careless responses in survey data.
      *Psychological Methods*, 17(3), 437-455.
    * Dunn, A. M., Heggestad, E. D., Shanock, L. R., & Theilgard, N. (2018). Intra-individual
      response variability as an indicator of insufficient effort responding. *Journal of
      Business and Psychology*, 33, 105-121.
    """
    df = check_ratings_frame(data).dropna(subset=["rating"])
    order = list(item_order) if item_order is not None else items_in_form_order(df)
    pos = pd.Series(np.arange(len(order)), index=pd.Index(order, dtype=object))
    item_pos = df["item"].astype(str).map(pos)
    if item_pos.isna().any():
        missing = df.loc[item_pos.isna(), "item"].iloc[0]
        raise analysis_error("an_item_not_in_order", item=repr(missing))
    n_items_total = len(order)
    if longstring_cut is None:
        longstring_cut = max(2, int(np.ceil(n_items_total / 2)))
    longstring_cut = check_positive_int(longstring_cut, "longstring_cut")
    form_codes, forms = pd.factorize(pd.MultiIndex.from_arrays([df["rater"].astype(str), df["ratee"].astype(str)]))
    order_idx = np.lexsort((item_pos.to_numpy(), form_codes))
    f = form_codes[order_idx]
    v = df["rating"].to_numpy(dtype=float)[order_idx]
    rel = df["relationship"].astype(str).to_numpy()[order_idx]
    same = np.zeros(len(v), dtype=bool)
    same[1:] = (f[1:] == f[:-1]) & (v[1:] == v[:-1])
    run_id = np.cumsum(~same) - 1
    run_len = np.bincount(run_id)
    run_form = f[~same]
    F = len(forms)
    n_items = np.bincount(f, minlength=F)
    n_runs = np.bincount(run_form, minlength=F)
    longstring = np.zeros(F, dtype=int)
    np.maximum.at(longstring, run_form, run_len)
    s1 = np.bincount(f, v, minlength=F)
    s2 = np.bincount(f, v * v, minlength=F)
    mean = s1 / n_items
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(n_items > 1, (s2 - n_items * mean**2) / (n_items - 1), np.nan)
    irv = np.sqrt(np.clip(var, 0, None))
    # exact zero for constant forms (the one-pass variance leaves rounding noise)
    straight = (longstring == n_items) & (n_items >= 2)
    irv[straight] = 0.0
    first_rel = np.empty(F, dtype=object)
    first_rel[f[::-1]] = rel[::-1]
    out = pd.DataFrame({
        "rater": forms.get_level_values(0), "ratee": forms.get_level_values(1), "relationship": first_rel,
        "n_items": n_items, "longstring": longstring, "longstring_avg": n_items / n_runs, "irv": irv,
        "straight_line": straight,
    })
    flag = out["straight_line"] | (out["longstring"] >= longstring_cut) | (out["irv"] <= irv_cut)
    out["flag"] = flag & (out["n_items"] >= 2)  # a single answer says nothing about a response style
    return out
