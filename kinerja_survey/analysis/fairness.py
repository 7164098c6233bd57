"""Fairness analytics for 360-degree ratings: rater effects, response styles, self-other
agreement, group differences, adverse impact and relationship bias.

Every public function takes the long-format *ratings frame* (see ``kinerja_survey.frames``) or a
per-person score table plus column names, and returns a DataFrame (``rater_effects`` returns a
small result object holding three DataFrames).  Small groups are never computed: a group with
fewer members than the anonymity threshold is shown as suppressed (``disembunyikan``).

Functions
---------
rater_effects          linear many-facet model: rater severity and "fair" scores
halo                   within-rater differentiation across competencies
mean_intercompetency_r mean correlation between competency scores (halo at instrument level)
central_tendency       share of midpoint answers and answer SD per rater
careless_responses     longstring and IRV per form (rater x ratee)
self_other_agreement   self vs others, Atwater & Yammarino categories
blind_spots            per item: blind spots and hidden strengths
group_differences      Welch t / Mann-Whitney / Welch ANOVA / Kruskal with Hedges g, Holm or BH
group_descriptives     per-group n, mean, SD with small groups suppressed
four_fifths            adverse-impact ratio (Uniform Guidelines 1978, 29 CFR 1607.4(D))
relationship_bias      same-group vs other-group raters, within-ratee paired comparison
relationship_cells     rater group x ratee group mean ratings
fairness_report        everything above as a dict of DataFrames (used by the CLI)
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import scipy.stats as st
from scipy.sparse.csgraph import connected_components

from ..frames import RELATIONSHIPS, AnalysisError, analysis_error, check_ratings_frame, renamed_parameters
from ..frames import check_columns as _check_columns
from ..i18n import Msg, t

OTHERS = ("supervisor", "peer", "subordinate")
DEFAULT_MIN_RATERS = {"supervisor": 1, "peer": 3, "subordinate": 3, "others": 4}
# texts in result tables are ``i18n.Msg``: the Indonesian text as a str, ``render("en")`` in English
SUPPRESSED = Msg("analysis.suppressed")

SOA_LABELS = {
    "over_estimator": Msg("analysis.soa_over"),
    "in_agreement_good": Msg("analysis.soa_good"),
    "in_agreement_poor": Msg("analysis.soa_poor"),
    "under_estimator": Msg("analysis.soa_under"),
}
SPOT_LABELS = {"blind_spot": Msg("analysis.spot_blind"), "hidden_strength": Msg("analysis.spot_hidden")}


def _status_column(mask, text) -> list:
    """``text`` where ``mask`` is true, else ``""`` (an object column: ``np.where`` would turn a Msg into str)."""
    return [text if m else "" for m in np.asarray(mask, dtype=bool)]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _as_tuple(x, name: str) -> tuple:
    if x is None:
        return ()
    if isinstance(x, str):
        return (x,)
    try:
        return tuple(x)
    except TypeError:
        raise analysis_error("an_str_or_list", name=name, value=repr(x)) from None


def _check_relationships(relationships) -> tuple[str, ...]:
    rel = _as_tuple(relationships, "relationships")
    if not rel:
        raise analysis_error("an_name_one", name="relationships", what=", ".join(RELATIONSHIPS))
    bad = [r for r in rel if r not in RELATIONSHIPS]
    if bad:
        raise analysis_error("an_rel_unknown", bad=bad, choices=", ".join(RELATIONSHIPS))
    return rel


def _check_positive_int(x, name: str) -> int:
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or x < 1:
        raise analysis_error("an_positive_int", name=name, value=repr(x))
    return int(x)


def _select(df: pd.DataFrame, relationships: Sequence[str] | None) -> pd.DataFrame:
    if relationships is None:
        return df
    rel = _check_relationships(relationships)
    return df[df["relationship"].isin(rel)]


def _item_order(df: pd.DataFrame) -> list[str]:
    """Items in form order: the categorical order when ``item`` is categorical, else first appearance."""
    col = df["item"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.unique())
        return [c for c in col.cat.categories if c in present]
    return list(pd.unique(col))


def _forms(df: pd.DataFrame) -> pd.DataFrame:
    """Per form (rater x ratee) mean of answered items, with the relationship."""
    g = df.dropna(subset=["rating"]).groupby(["rater", "ratee"], observed=True, sort=False)
    out = g.agg(rating=("rating", "mean"), relationship=("relationship", "first"), n_items=("rating", "size"))
    out = out.reset_index()
    out["relationship"] = out["relationship"].astype(str)
    out["rater"] = out["rater"].astype(str)
    out["ratee"] = out["ratee"].astype(str)
    return out


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
    rel = _check_relationships(relationships)
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
        with _single_threaded_blas():
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


def _single_threaded_blas():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it BLAS keeps its default threads
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


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
    df = _select(check_ratings_frame(data), relationships)
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
    df = _select(check_ratings_frame(data), relationships)
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
    lo, hi = _check_scale(scale)
    df = _select(check_ratings_frame(data, scale=(lo, hi)), relationships).dropna(subset=["rating"])
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


def _check_scale(scale) -> tuple[float, float]:
    try:
        lo, hi = scale
        lo, hi = float(lo), float(hi)
    except (TypeError, ValueError):
        raise analysis_error("an_scale_pair", value=repr(scale)) from None
    if not lo < hi:
        raise analysis_error("an_scale_order", value=repr(scale))
    return lo, hi


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
    order = list(item_order) if item_order is not None else _item_order(df)
    pos = pd.Series(np.arange(len(order)), index=pd.Index(order, dtype=object))
    item_pos = df["item"].astype(str).map(pos)
    if item_pos.isna().any():
        missing = df.loc[item_pos.isna(), "item"].iloc[0]
        raise analysis_error("an_item_not_in_order", item=repr(missing))
    n_items_total = len(order)
    if longstring_cut is None:
        longstring_cut = max(2, int(np.ceil(n_items_total / 2)))
    longstring_cut = _check_positive_int(longstring_cut, "longstring_cut")
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


# --------------------------------------------------------------------------------------------
# self-other agreement
# --------------------------------------------------------------------------------------------
def _min_raters(min_raters: dict | None) -> dict:
    out = dict(DEFAULT_MIN_RATERS)
    if min_raters:
        unknown = set(min_raters) - set(out)
        if unknown:
            raise analysis_error("an_min_raters_keys", bad=sorted(unknown), choices=sorted(out))
        for key, val in min_raters.items():
            out[key] = _check_positive_int(val, f"min_raters[{key!r}]")
    return out


def _displayable_others(forms: pd.DataFrame, thresholds: dict) -> pd.DataFrame:
    """Forms of other raters in groups that reach their threshold, per ratee (groups under it dropped)."""
    others = forms[forms["relationship"] != "self"]
    n_group = others.groupby(["ratee", "relationship"])["rater"].transform("size")
    need = others["relationship"].map(thresholds)
    return others[n_group >= need]


@renamed_parameters(ratings="data")
def self_other_agreement(
    data: pd.DataFrame,
    *,
    min_raters: dict | None = None,
    cut_sd: float = 0.5,
    good_cut: float | None = None,
) -> pd.DataFrame:
    """Self-other agreement per ratee with the Atwater & Yammarino categories.

    ``self`` = mean of the ratee's self-ratings; ``others`` = mean over the displayable other
    raters of each rater's mean (every rater weighs the same).  A relationship group is
    displayable only when it has at least ``min_raters[group]`` raters (default supervisor 1, peer
    3, subordinate 3); a group under its threshold is **dropped, not folded** into others; the
    combined others score is shown only with at least ``min_raters["others"]`` (default 4) raters.

    With ``d = self - others`` and ``s = sd(d)`` over ratees (ddof=1)::

        d >  cut_sd * s                      over_estimator   (Menilai diri terlalu tinggi)
        d < -cut_sd * s                      under_estimator  (Menilai diri terlalu rendah)
        |d| <= cut_sd * s, others >= cut     in_agreement_good
        |d| <= cut_sd * s, others <  cut     in_agreement_poor

    where ``cut`` is ``good_cut`` or, by default, the median of ``others`` over the categorised
    ratees.

    Returns
    -------
    DataFrame
        ``ratee, self, others, n_others, groups, d, category, kategori, status``; ``status`` says
        (in Bahasa Indonesia) why a ratee is not categorised.

    References
    ----------
    * Atwater, L. E., & Yammarino, F. J. (1992). Does self-other agreement on leadership
      perceptions moderate the validity of leadership and performance predictions?
      *Personnel Psychology*, 45, 141-164.
    * Atwater, L. E., & Yammarino, F. J. (1997). Self-other rating agreement. *Research in
      Personnel and Human Resources Management*, 15, 121-174.
    * Fleenor, J. W., McCauley, C. D., & Brutus, S. (1996). Self-other rating agreement and leader
      effectiveness. *Leadership Quarterly*, 7(4), 487-506.
    """
    if not (isinstance(cut_sd, (int, float)) and cut_sd >= 0):
        raise analysis_error("an_non_negative", name="cut_sd", value=repr(cut_sd))
    th = _min_raters(min_raters)
    df = check_ratings_frame(data)
    forms = _forms(df)
    ratees = pd.Index(sorted(df["ratee"].astype(str).unique()), name="ratee")
    self_score = forms[forms["relationship"] == "self"].groupby("ratee")["rating"].mean()
    shown = _displayable_others(forms, th)
    g = shown.groupby("ratee")
    others = g["rating"].mean()
    n_others = g["rater"].size()
    groups = g["relationship"].agg(lambda s: "+".join(r for r in OTHERS if r in set(s)))
    out = pd.DataFrame(index=ratees)
    out["self"] = self_score.reindex(ratees)
    out["n_others"] = n_others.reindex(ratees).fillna(0).astype(int)
    out["others"] = others.reindex(ratees).where(out["n_others"] >= th["others"])
    out["groups"] = groups.reindex(ratees).fillna("")
    out["d"] = out["self"] - out["others"]
    ok = out["d"].notna()
    out["category"] = pd.Series(pd.NA, index=ratees, dtype=object)
    out["status"] = ""
    out["status"] = out["status"].astype(object)
    out.loc[out["self"].isna(), "status"] = Msg("analysis.no_self")
    out.loc[out["self"].notna() & out["others"].isna(), "status"] = Msg("analysis.few_others", n=th["others"])
    if ok.sum() >= 2:
        s = out.loc[ok, "d"].std(ddof=1)
        cut = cut_sd * s
        gc = float(out.loc[ok, "others"].median()) if good_cut is None else float(good_cut)
        d, o = out["d"], out["others"]
        cat = np.select(
            [ok & (d > cut), ok & (d < -cut), ok & (o >= gc), ok],
            ["over_estimator", "under_estimator", "in_agreement_good", "in_agreement_poor"], default="")
        out["category"] = pd.Series(cat, index=ratees).replace("", pd.NA)
    elif ok.any():
        out.loc[ok, "status"] = Msg("analysis.few_for_category")
    out["kategori"] = out["category"].map(SOA_LABELS)
    return out.reset_index()[["ratee", "self", "others", "n_others", "groups", "d", "category", "kategori",
                              "status"]]


@renamed_parameters(ratings="data")
def blind_spots(
    data: pd.DataFrame,
    *,
    gap: float = 1.0,
    quantile: float = 0.25,
    min_raters: dict | None = None,
    all_items: bool = False,
) -> pd.DataFrame:
    """Blind spots and hidden strengths per ratee x item.

    For each item, ``self`` is the ratee's own rating and ``others`` the mean rating of the
    displayable other raters (the same anonymity rule as :func:`self_other_agreement`; items
    with fewer than ``min_raters["others"]`` answers from them are skipped).  With
    ``gap_i = self_i - others_i`` and ``q_lo``, ``q_hi`` the ``quantile`` and ``1 - quantile``
    quantiles of the ratee's own ``others_i`` over items:

    * **blind spot** (*titik buta*): ``gap_i >= gap`` and ``others_i <= q_lo`` - the ratee rates
      themself high on one of the items others rate lowest;
    * **hidden strength** (*kekuatan tersembunyi*): ``gap_i <= -gap`` and ``others_i >= q_hi``.

    The rule follows the usual 360-degree report convention (e.g. Center for Creative
    Leadership's Benchmarks; Fleenor, Taylor & Chappelow, 2008, *Leveraging the Impact of
    360-Degree Feedback*), made explicit: a gap of a full scale point on an item that is
    among the ratee's lowest (highest) quarter by others' view.

    Returns
    -------
    DataFrame
        ``ratee, item, competency, self, others, n_others, gap, type, label`` - only flagged
        rows unless ``all_items=True``.
    """
    if not (isinstance(gap, (int, float)) and gap > 0):
        raise analysis_error("an_positive", name="gap", value=repr(gap))
    if not (isinstance(quantile, (int, float)) and 0 < quantile < 0.5):
        raise analysis_error("an_between", name="quantile", low=0, high=0.5, value=repr(quantile))
    th = _min_raters(min_raters)
    df = check_ratings_frame(data).dropna(subset=["rating"])
    for c in ("rater", "ratee", "item", "competency", "relationship"):
        df[c] = df[c].astype(str)
    forms = _forms(df)
    shown = _displayable_others(forms, th)[["rater", "ratee"]]
    oth = df.merge(shown, on=["rater", "ratee"])
    per_item = oth.groupby(["ratee", "item"]).agg(others=("rating", "mean"), n_others=("rating", "size"))
    per_item = per_item[per_item["n_others"] >= th["others"]]
    selfs = df[df["relationship"] == "self"].groupby(["ratee", "item"])["rating"].mean().rename("self")
    out = per_item.join(selfs, how="inner").reset_index()
    comp = df.drop_duplicates("item").set_index("item")["competency"]
    out["competency"] = out["item"].map(comp)
    out["gap"] = out["self"] - out["others"]
    g = out.groupby("ratee")["others"]
    q_lo = out["ratee"].map(g.quantile(quantile))
    q_hi = out["ratee"].map(g.quantile(1 - quantile))
    eps = 1e-12
    blind = (out["gap"] >= gap - eps) & (out["others"] <= q_lo + eps)
    hidden = (out["gap"] <= -gap + eps) & (out["others"] >= q_hi - eps)
    out["type"] = np.select([blind, hidden], ["blind_spot", "hidden_strength"], default="")
    out["type"] = out["type"].replace("", pd.NA)
    out["label"] = out["type"].map(SPOT_LABELS)
    out = out[["ratee", "item", "competency", "self", "others", "n_others", "gap", "type", "label"]]
    if not all_items:
        out = out[out["type"].notna()]
    return out.sort_values(["ratee", "item"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# group differences and adverse impact
# --------------------------------------------------------------------------------------------
@renamed_parameters(scores="data", min_group="min_people")
def group_descriptives(data: pd.DataFrame, by, value: str, *, min_people: int = 5) -> pd.DataFrame:
    """n, mean and SD (ddof=1) of ``value`` per group of each factor in ``by``.

    Groups with fewer than ``min_people`` non-missing values are suppressed: ``n``, ``mean`` and
    ``sd`` are left empty (never computed) and ``status`` reads ``"disembunyikan (n < 5)"``.
    """
    factors = _as_tuple(by, "by")
    _check_columns(data, (*factors, value), "scores")
    min_people = _check_positive_int(min_people, "min_people")
    rows = []
    for fac in factors:
        d = data[[fac, value]].dropna()
        for grp, s in d.groupby(fac, observed=True, sort=True)[value]:
            small = len(s) < min_people
            rows.append({"factor": fac, "group": str(grp),
                         "n": np.nan if small else len(s),
                         "mean": np.nan if small else float(s.mean()),
                         "sd": np.nan if small else float(s.std(ddof=1)),
                         "suppressed": small,
                         "status": Msg("analysis.suppressed_n", n=min_people) if small else ""})
    return pd.DataFrame(rows, columns=["factor", "group", "n", "mean", "sd", "suppressed", "status"])


@renamed_parameters(scores="data", min_group="min_people")
def group_differences(
    data: pd.DataFrame,
    by,
    value: str,
    *,
    parametric: bool = True,
    min_people: int = 5,
    padjust: str = "holm",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Tests and effect sizes for differences in ``value`` between groups of each factor in ``by``.

    For each factor (e.g. ``jenis_kelamin``, ``golongan``, ``jenis_jabatan``, unit), groups with
    fewer than ``min_people`` members are suppressed first (listed in ``suppressed``, never used).
    Then, with the remaining groups:

    * 2 groups: Welch's t-test (``pingouin.ttest(correction=True)``) or, with
      ``parametric=False``, the Mann-Whitney U test (``pingouin.mwu``).  Effect size: Hedges'
      ``g = d * (1 - 3 / (4 (n1 + n2) - 9))`` (``pingouin.compute_effsize``) with the
      Hedges & Olkin (1985) interval ``g +/- t_{crit, n1+n2-2} * sqrt((n1+n2)/(n1 n2) + g^2 / (2 (n1+n2)))``
      (``pingouin.compute_esci``).  The sign is first group minus second (groups sorted).
    * more than 2 groups: Welch's ANOVA (``pingouin.welch_anova``, effect size eta-squared) or
      Kruskal-Wallis (``pingouin.kruskal``, effect size ``eta2_H = (H - k + 1) / (n - k)``,
      Tomczak & Tomczak, 2014).
    * fewer than 2 groups: no test (``status`` says why).

    The p-values of all tests in the table are corrected together with ``pingouin.multicomp``
    (``padjust`` = ``"holm"`` or ``"fdr_bh"``, or ``"bonf"``/``"none"``).

    Returns
    -------
    DataFrame
        ``factor, test, groups, n_groups, n, statistic, dof1, dof2, p_unc, p_corr, reject,
        effect_type, effect, ci_low, ci_high, suppressed, status``.

    References
    ----------
    * Welch, B. L. (1947, 1951), *Biometrika*; Hedges, L. V., & Olkin, I. (1985). *Statistical
      Methods for Meta-Analysis*, p. 86; Holm, S. (1979). *Scand. J. Statist.* 6, 65-70;
      Benjamini, Y., & Hochberg, Y. (1995). *JRSS B* 57, 289-300; Tomczak, M., & Tomczak, E.
      (2014). *Trends in Sport Sciences* 1(21), 19-25.
    """
    import pingouin as pg

    factors = _as_tuple(by, "by")
    if not factors:
        raise analysis_error("an_name_one_column", name="by")
    _check_columns(data, (*factors, value), "scores")
    min_people = _check_positive_int(min_people, "min_people")
    if min_people < 2:
        raise analysis_error("an_at_least_2_test", name="min_people")
    if padjust not in ("holm", "fdr_bh", "bonf", "none"):
        raise analysis_error("an_one_of", name="padjust", choices="'holm', 'fdr_bh', 'bonf', 'none'", value=repr(padjust))
    if not (isinstance(confidence, float) and 0 < confidence < 1):
        raise analysis_error("an_between_0_1", name="confidence", value=repr(confidence))
    if not pd.api.types.is_numeric_dtype(data[value]):
        raise analysis_error("an_not_numeric_col", what="scores", col=repr(value))
    rows = []
    for fac in factors:
        d = data[[fac, value]].dropna()
        sizes = d.groupby(fac, observed=True, sort=True).size()
        small = [str(g) for g, n in sizes.items() if n < min_people]
        kept = [g for g, n in sizes.items() if n >= min_people]
        d = d[d[fac].isin(kept)]
        row = {"factor": fac, "n_groups": len(kept), "n": len(d), "suppressed": ", ".join(small), "status": ""}
        if len(kept) < 2:
            row.update(test="", groups=", ".join(map(str, kept)),
                       status=Msg("analysis.few_groups", n=min_people))
            rows.append(row)
            continue
        if len(kept) == 2:
            x = d.loc[d[fac] == kept[0], value].to_numpy(float)
            yv = d.loc[d[fac] == kept[1], value].to_numpy(float)
            if parametric:
                t = pg.ttest(x, yv, correction=True, confidence=confidence)
                row.update(test="welch_t", statistic=float(t["T"].iloc[0]), dof1=float(t["dof"].iloc[0]),
                           p_unc=float(t["p_val"].iloc[0]))
            else:
                u = pg.mwu(x, yv, alternative="two-sided")
                row.update(test="mann_whitney", statistic=float(u["U_val"].iloc[0]), p_unc=float(u["p_val"].iloc[0]))
            g = float(pg.compute_effsize(x, yv, eftype="hedges"))
            ci = pg.compute_esci(g, nx=len(x), ny=len(yv), eftype="cohen", confidence=confidence, decimals=15)
            row.update(groups=f"{kept[0]} vs {kept[1]}", effect_type="hedges_g", effect=g,
                       ci_low=float(ci[0]), ci_high=float(ci[1]))
        else:
            if parametric:
                a = pg.welch_anova(data=d, dv=value, between=fac)
                row.update(test="welch_anova", statistic=float(a["F"].iloc[0]), dof1=float(a["ddof1"].iloc[0]),
                           dof2=float(a["ddof2"].iloc[0]), p_unc=float(a["p_unc"].iloc[0]),
                           effect_type="eta_squared", effect=float(a["np2"].iloc[0]))
            else:
                kw = pg.kruskal(data=d, dv=value, between=fac)
                h = float(kw["H"].iloc[0])
                n, kk = len(d), len(kept)
                row.update(test="kruskal", statistic=h, dof1=float(kw["ddof1"].iloc[0]),
                           p_unc=float(kw["p_unc"].iloc[0]), effect_type="eta2_H", effect=(h - kk + 1) / (n - kk))
            row["groups"] = ", ".join(map(str, kept))
        rows.append(row)
    cols = ["factor", "test", "groups", "n_groups", "n", "statistic", "dof1", "dof2", "p_unc", "p_corr", "reject",
            "effect_type", "effect", "ci_low", "ci_high", "suppressed", "status"]
    out = pd.DataFrame(rows).reindex(columns=cols)
    for c in ("statistic", "dof1", "dof2", "p_unc", "effect", "ci_low", "ci_high"):
        out[c] = out[c].astype(float)
    p = out["p_unc"].to_numpy(float)
    out["p_corr"] = np.nan
    out["reject"] = pd.array([pd.NA] * len(out), dtype="boolean")
    has = ~np.isnan(p)
    if has.any():
        reject, pcorr = pg.multicomp(p[has], alpha=1 - confidence, method=padjust)
        out.loc[has, "p_corr"] = pcorr
        out.loc[has, "reject"] = reject
    out["effect_type"] = out["effect_type"].fillna("")
    return out


@renamed_parameters(min_group="min_people")
def four_fifths(
    predikat,
    group,
    favourable: Iterable[str] = ("Sangat Baik",),
    *,
    data: pd.DataFrame | None = None,
    min_people: int = 5,
    threshold: float = 0.8,
) -> pd.DataFrame:
    """Adverse-impact ratios of favourable predikat rates (the four-fifths rule).

    For each group ``g``: ``rate_g = (number with a favourable predikat) / n_g`` and
    ``impact_ratio_g = rate_g / max_h rate_h`` where the maximum is over displayable groups.
    A ratio below ``threshold`` (4/5 = 0.8) is "generally regarded as evidence of adverse impact"
    (Uniform Guidelines on Employee Selection Procedures, 1978, 29 CFR 1607.4(D)).  Groups with
    fewer than ``min_people`` members are suppressed (never computed, not the reference).

    Parameters
    ----------
    predikat, group : array-like, or column names when ``data`` is given
        The predikat (e.g. "Sangat Baik", "Baik", ...) and the group of each employee.
    favourable : iterable of str
        Predikat counted as favourable (default only "Sangat Baik").

    Returns
    -------
    DataFrame
        ``group, n, n_favourable, rate, impact_ratio, reference, flag, suppressed, status``.
    """
    min_people = _check_positive_int(min_people, "min_people")
    fav = set(_as_tuple(favourable, "favourable"))
    if not fav:
        raise analysis_error("an_name_one", name="favourable", what="predikat")
    if not (isinstance(threshold, (int, float)) and 0 < threshold <= 1):
        raise analysis_error("an_between", name="threshold", low=0, high=1, value=repr(threshold))
    if data is not None:
        _check_columns(data, (predikat, group), "data")
        pr, gr = data[predikat], data[group]
    else:
        pr, gr = pd.Series(np.asarray(predikat, dtype=object)), pd.Series(np.asarray(group, dtype=object))
        if len(pr) != len(gr):
            raise analysis_error("an_length_differs", a="predikat", b="group", n_a=len(pr), n_b=len(gr))
    d = pd.DataFrame({"p": pr.to_numpy(dtype=object), "g": gr.to_numpy(dtype=object)}).dropna()
    d["fav"] = d["p"].astype(str).isin(fav)
    agg = d.groupby("g", sort=True)["fav"].agg(["size", "sum"])
    out = pd.DataFrame({"group": agg.index.astype(str), "n": agg["size"].to_numpy(),
                        "n_favourable": agg["sum"].to_numpy().astype(int)})
    out["suppressed"] = out["n"] < min_people
    out["rate"] = out["n_favourable"] / out["n"]
    shown = ~out["suppressed"]
    top = out.loc[shown, "rate"].max() if shown.any() else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        out["impact_ratio"] = out["rate"] / top if top and top > 0 else np.nan
    out["reference"] = shown & (out["rate"] == top)
    out["flag"] = out["impact_ratio"] < threshold
    out.loc[out["suppressed"], ["n", "n_favourable", "rate", "impact_ratio"]] = np.nan
    out.loc[out["suppressed"], "flag"] = False
    out["status"] = _status_column(out["suppressed"], Msg("analysis.suppressed_n", n=min_people))
    return out[["group", "n", "n_favourable", "rate", "impact_ratio", "reference", "flag", "suppressed", "status"]]


# --------------------------------------------------------------------------------------------
# relationship bias
# --------------------------------------------------------------------------------------------
def _unit_at_depth(unit: pd.Series, depth: int | None) -> pd.Series:
    if depth is None:
        return unit
    depth = _check_positive_int(depth, "unit_depth")
    return unit.astype(str).str.split(" / ").str[:depth].str.join(" / ")


def _attribute_maps(employees: pd.DataFrame, by: Sequence[str], key: str, unit_col: str,
                    unit_depth: int | None) -> dict[str, pd.Series]:
    _check_columns(employees, (key, *by), "employees")
    emp = employees.drop_duplicates(key).set_index(employees.drop_duplicates(key)[key].astype(str))
    maps = {}
    for col in by:
        s = emp[col]
        if col == unit_col:
            s = _unit_at_depth(s, unit_depth)
        maps[col] = s.astype(object)
    return maps


@renamed_parameters(ratings="data", min_ratees="min_people")
def relationship_bias(
    data: pd.DataFrame,
    employees: pd.DataFrame,
    *,
    by="unit_kerja",
    key: str = "nip",
    relationships: Iterable[str] = ("peer",),
    unit_col: str = "unit_kerja",
    unit_depth: int | None = None,
    min_people: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Do raters rate people of their own group (unit, gender, ...) higher?  Within-ratee test.

    For every attribute in ``by`` each form (a rater's mean answer about a ratee) is a *same*
    pair when rater and ratee share the attribute value (for ``unit_kerja``: the same unit path,
    cut to ``unit_depth`` levels, e.g. 2 = bidang) and a *different* pair otherwise.  Controlling
    for the ratee, for each ratee rated by both kinds of raters::

        diff_j = mean(same-pair forms of j) - mean(different-pair forms of j)

    and the mean of ``diff_j`` is tested with a paired t-test (``pingouin.ttest(paired=True)``),
    with its confidence interval and Cohen's ``d_z = mean(diff) / sd(diff)``.  This is the
    fixed-effects (within-ratee) contrast of the "personal relationship" bias.  By default only
    peers are compared, so that the contrast is not confounded with the supervisor/peer/
    subordinate mix (supervisors are nearly always same-unit).  With fewer than ``min_people``
    ratees in the comparison the row is suppressed.

    Returns
    -------
    DataFrame
        One row per attribute: ``attribute, n_forms_same, n_forms_different, mean_same,
        mean_different, n_ratees, mean_diff, ci_low, ci_high, T, dof, p_unc, cohen_dz, status``.

    References
    ----------
    * Hoffman, B., Lance, C. E., Bynum, B., & Gentry, W. A. (2010). Rater source effects are alive
      and well after all. *Personnel Psychology*, 63, 119-151 (rater-group effects in 360s).
    * Lakens, D. (2013). Calculating and reporting effect sizes. *Front. Psychol.* 4, 863 (d_z).
    """
    import pingouin as pg

    attrs = _as_tuple(by, "by")
    if not attrs:
        raise analysis_error("an_name_one_column", name="by")
    min_people = _check_positive_int(min_people, "min_people")
    if min_people < 2:
        raise analysis_error("an_at_least_2_test", name="min_people")
    if not (isinstance(confidence, float) and 0 < confidence < 1):
        raise analysis_error("an_between_0_1", name="confidence", value=repr(confidence))
    rel = _check_relationships(relationships)
    maps = _attribute_maps(employees, attrs, key, unit_col, unit_depth)
    forms = _forms(check_ratings_frame(data))
    forms = forms[forms["relationship"].isin(rel) & (forms["relationship"] != "self")]
    rows = []
    for col in attrs:
        m = maps[col]
        f = forms.assign(a_rater=forms["rater"].map(m), a_ratee=forms["ratee"].map(m)).dropna(
            subset=["a_rater", "a_ratee"])
        f = f.assign(same=f["a_rater"] == f["a_ratee"])
        row = {"attribute": col, "n_forms_same": int(f["same"].sum()), "n_forms_different": int((~f["same"]).sum()),
               "mean_same": float(f.loc[f["same"], "rating"].mean()) if f["same"].any() else np.nan,
               "mean_different": float(f.loc[~f["same"], "rating"].mean()) if (~f["same"]).any() else np.nan,
               "status": ""}
        per = f.groupby(["ratee", "same"])["rating"].mean().unstack("same")
        if True in per.columns and False in per.columns:
            per = per.dropna(subset=[True, False])
        else:
            per = per.iloc[0:0]
        row["n_ratees"] = len(per)
        if len(per) < min_people:
            row["status"] = Msg("analysis.suppressed_pairs", n=min_people)
        else:
            s, o = per[True].to_numpy(float), per[False].to_numpy(float)
            t = pg.ttest(s, o, paired=True, confidence=confidence)
            diff = s - o
            # pingouin rounds its CI to 2 decimals: compute mean +/- t_crit * sd / sqrt(n) here
            half = float(st.t.ppf(0.5 + confidence / 2, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff)))
            row.update(mean_diff=float(diff.mean()), ci_low=float(diff.mean() - half), ci_high=float(diff.mean() + half),
                       T=float(t["T"].iloc[0]), dof=float(t["dof"].iloc[0]), p_unc=float(t["p_val"].iloc[0]),
                       cohen_dz=float(diff.mean() / diff.std(ddof=1)) if diff.std(ddof=1) > 0 else np.nan)
        rows.append(row)
    cols = ["attribute", "n_forms_same", "n_forms_different", "mean_same", "mean_different", "n_ratees",
            "mean_diff", "ci_low", "ci_high", "T", "dof", "p_unc", "cohen_dz", "status"]
    return pd.DataFrame(rows).reindex(columns=cols)


@renamed_parameters(ratings="data")
def relationship_cells(
    data: pd.DataFrame,
    employees: pd.DataFrame,
    by: str = "jenis_kelamin",
    *,
    key: str = "nip",
    relationships: Iterable[str] = OTHERS,
    unit_col: str = "unit_kerja",
    unit_depth: int | None = None,
    min_raters: int = 3,
) -> pd.DataFrame:
    """Mean rating per (rater group x ratee group) cell of one employee attribute.

    Each cell reports the number of distinct raters and ratees, the number of forms and the mean
    form rating; a cell with fewer than ``min_raters`` distinct raters is suppressed (mean empty).

    Returns
    -------
    DataFrame
        ``rater_group, ratee_group, n_raters, n_ratees, n_forms, mean_rating, suppressed, status``.
    """
    min_raters = _check_positive_int(min_raters, "min_raters")
    rel = _check_relationships(relationships)
    m = _attribute_maps(employees, (by,), key, unit_col, unit_depth)[by]
    forms = _forms(check_ratings_frame(data))
    forms = forms[forms["relationship"].isin(rel)]
    f = forms.assign(rater_group=forms["rater"].map(m), ratee_group=forms["ratee"].map(m)).dropna(
        subset=["rater_group", "ratee_group"])
    g = f.groupby(["rater_group", "ratee_group"], sort=True)
    out = g.agg(n_raters=("rater", "nunique"), n_ratees=("ratee", "nunique"), n_forms=("rating", "size"),
                mean_rating=("rating", "mean")).reset_index()
    out["suppressed"] = out["n_raters"] < min_raters
    out.loc[out["suppressed"], ["n_raters", "n_ratees", "n_forms", "mean_rating"]] = np.nan
    out["status"] = _status_column(out["suppressed"], Msg("analysis.suppressed_raters", n=min_raters))
    return out


# --------------------------------------------------------------------------------------------
# report and demo
# --------------------------------------------------------------------------------------------
_PADJUST = ("holm", "fdr_bh", "bonf", "none")


def _config_problem(field_name: str, key: str, **fields) -> AnalysisError:
    return analysis_error("an_config_field", field=field_name, problem=Msg(key, **fields))


@dataclass(frozen=True)
class FairnessConfig:
    """Settings of :func:`fairness_report`; every field is validated when the config is made.

    Attributes
    ----------
    relationships : tuple of str
        Rater groups in the many-facet model (:func:`rater_effects`), default the others.
    z_crit : float
        |z| of a rater's severity above which the rater is flagged.
    disconnected : {"warn", "raise"}
        What to do when the rating design splits into disconnected components.
    min_raters : dict or None
        Minimum raters per group for self-other agreement and blind spots (None: the defaults).
    min_people : int
        Groups (of employees, of ratees) smaller than this are suppressed (at least 2).
    parametric : bool
        Welch tests (True) or rank tests (False) in :func:`group_differences`.
    padjust : {"holm", "fdr_bh", "bonf", "none"}
        Multiple-comparison correction.
    group_by : tuple of str
        Employee attributes whose groups are compared (missing columns are skipped).
    unit_depth : int or None
        Levels of the unit path that make a unit (2 = bidang).
    predikat_column : str
        Column of ``employees`` holding the predikat for :func:`four_fifths`.
    favourable : tuple of str
        Predikat counted as favourable.
    bias_by : tuple of str
        Attributes for :func:`relationship_bias` and :func:`relationship_cells`.
    bias_relationships : tuple of str
        Rater groups compared in :func:`relationship_bias`.
    scale : (float, float)
        The answer scale, (1, 5) for BerAKHLAK.
    """

    relationships: tuple[str, ...] = OTHERS
    z_crit: float = 2.0
    disconnected: str = "warn"
    min_raters: dict | None = None
    min_people: int = 5
    parametric: bool = True
    padjust: str = "holm"
    group_by: tuple[str, ...] = ("jenis_kelamin", "golongan_ruang", "jenis_jabatan", "unit")
    unit_depth: int | None = 2
    predikat_column: str = "predikat"
    favourable: tuple[str, ...] = ("Sangat Baik",)
    bias_by: tuple[str, ...] = ("unit_kerja", "jenis_kelamin")
    bias_relationships: tuple[str, ...] = ("peer",)
    scale: tuple[float, float] = (1, 5)

    def __post_init__(self):
        def put(name, value):
            object.__setattr__(self, name, value)

        for name in ("relationships", "bias_relationships"):
            put(name, _check_relationships(getattr(self, name)))
        for name in ("group_by", "bias_by", "favourable"):
            put(name, _as_tuple(getattr(self, name), name))
        if not self.favourable:
            raise _config_problem("favourable", "an_name_one", name="favourable", what="predikat")
        z = self.z_crit
        if isinstance(z, bool) or not isinstance(z, (int, float, np.integer, np.floating)) or not z > 0:
            raise _config_problem("z_crit", "an_positive", name="z_crit", value=repr(z))
        if self.disconnected not in ("warn", "raise"):
            raise _config_problem("disconnected", "an_one_of", name="disconnected", choices="warn, raise",
                                  value=repr(self.disconnected))
        if self.min_raters is not None and not isinstance(self.min_raters, Mapping):
            raise _config_problem("min_raters", "an_config_type", what="min_raters", cls="dict",
                                  got=type(self.min_raters).__name__)
        put("min_people", _check_positive_int(self.min_people, "min_people"))
        if self.min_people < 2:
            raise _config_problem("min_people", "an_at_least_2_test", name="min_people")
        if not isinstance(self.parametric, (bool, np.bool_)):
            raise _config_problem("parametric", "an_one_of", name="parametric", choices="True, False",
                                  value=repr(self.parametric))
        if self.padjust not in _PADJUST:
            raise _config_problem("padjust", "an_one_of", name="padjust", choices=", ".join(_PADJUST),
                                  value=repr(self.padjust))
        if self.unit_depth is not None:
            put("unit_depth", _check_positive_int(self.unit_depth, "unit_depth"))
        if not isinstance(self.predikat_column, str) or not self.predikat_column:
            raise _config_problem("predikat_column", "an_config_type", what="predikat_column", cls="str",
                                  got=repr(self.predikat_column))
        put("scale", _check_scale(self.scale))


def _fairness_config(config) -> FairnessConfig:
    """``config`` as a FairnessConfig; a dict (the old style) still works for one release, with a warning."""
    if config is None:
        return FairnessConfig()
    if isinstance(config, FairnessConfig):
        return config
    if isinstance(config, Mapping):
        warnings.warn("fairness_report(): a dict config is deprecated; pass FairnessConfig(...) "
                      "(the dict will stop working in the next release)", DeprecationWarning, stacklevel=4)
        cfg = dict(config)
        if "min_group" in cfg:
            if "min_people" in cfg:
                raise TypeError("fairness config got both 'min_group' (old name) and 'min_people'")
            cfg["min_people"] = cfg.pop("min_group")
        known = [f.name for f in fields(FairnessConfig)]
        unknown = sorted(set(cfg) - set(known))
        if unknown:
            raise analysis_error("an_config_unknown", bad=unknown, known=sorted(known))
        return FairnessConfig(**cfg)
    raise analysis_error("an_config_type", what="config", cls="FairnessConfig", got=type(config).__name__)


@renamed_parameters(ratings="data")
def fairness_report(data: pd.DataFrame, employees: pd.DataFrame,
                    config: FairnessConfig | None = None) -> dict[str, pd.DataFrame]:
    """Run every fairness analysis and return the tables by name (for the CLI and reports).

    Keys: ``summary``, ``raters`` (severity), ``fair_scores``, ``items``, ``halo``,
    ``central_tendency``, ``careless`` (flagged forms only), ``self_other``, ``blind_spots``,
    ``group_differences`` and ``group_descriptives`` (of fair scores by employee attributes;
    ``golongan_ruang`` is the golongan without ruang, e.g. III, and ``unit`` the unit path cut to
    ``unit_depth`` levels), ``four_fifths`` (only when ``employees`` has a ``predikat`` column),
    ``relationship_bias`` and ``relationship_cells``.

    ``config`` is a :class:`FairnessConfig` (default ``FairnessConfig()``); a dict of its fields
    is still accepted for one release, with a ``DeprecationWarning``.
    """
    cfg = asdict(_fairness_config(config))
    _check_columns(employees, ("nip",), "employees")
    df = check_ratings_frame(data, scale=tuple(cfg["scale"]))
    out: dict[str, pd.DataFrame] = {}
    fit = rater_effects(df, relationships=cfg["relationships"], z_crit=cfg["z_crit"], disconnected=cfg["disconnected"])
    out["raters"] = fit.raters
    out["fair_scores"] = fit.ratees
    out["items"] = fit.items
    h = halo(df)
    out["halo"] = h
    out["central_tendency"] = central_tendency(df, scale=tuple(cfg["scale"]))
    car = careless_responses(df)
    out["careless"] = car[car["flag"]].reset_index(drop=True)
    out["self_other"] = self_other_agreement(df, min_raters=cfg["min_raters"])
    out["blind_spots"] = blind_spots(df, min_raters=cfg["min_raters"])

    emp = employees.copy()
    emp["nip"] = emp["nip"].astype(str)
    if "golongan" in emp.columns:
        emp["golongan_ruang"] = emp["golongan"].astype(str).str.split("/").str[0]
    if "unit_kerja" in emp.columns:
        emp["unit"] = _unit_at_depth(emp["unit_kerja"], cfg["unit_depth"])
    scores = fit.ratees.merge(emp, left_on="ratee", right_on="nip", how="inner")
    factors = [c for c in _as_tuple(cfg["group_by"], "group_by") if c in scores.columns]
    if factors:
        out["group_differences"] = group_differences(scores, factors, "fair_score", parametric=cfg["parametric"],
                                                     min_people=cfg["min_people"], padjust=cfg["padjust"])
        out["group_descriptives"] = group_descriptives(scores, factors, "fair_score", min_people=cfg["min_people"])
    pcol = cfg["predikat_column"]
    if pcol in emp.columns and factors:
        frames = []
        for fac in factors:
            ff = four_fifths(pcol, fac, cfg["favourable"], data=emp.dropna(subset=[fac]), min_people=cfg["min_people"])
            frames.append(ff.assign(factor=fac))
        out["four_fifths"] = pd.concat(frames, ignore_index=True)
    bias_by = [c for c in _as_tuple(cfg["bias_by"], "bias_by") if c in emp.columns]
    if bias_by:
        out["relationship_bias"] = relationship_bias(df, emp, by=bias_by, relationships=cfg["bias_relationships"],
                                                     unit_depth=cfg["unit_depth"], min_people=cfg["min_people"])
        out["relationship_cells"] = pd.concat(
            [relationship_cells(df, emp, b, unit_depth=cfg["unit_depth"]).assign(attribute=b) for b in bias_by],
            ignore_index=True)
    out["summary"] = pd.DataFrame({
        "measure": ["ratees", "raters", "answers_in_model", "grand_mean", "sigma", "components",
                    "raters_flagged", "mean_intercompetency_r", "careless_forms"],
        "value": [len(fit.ratees), len(fit.raters), int(fit.raters["n_answers"].sum()), fit.grand_mean, fit.sigma,
                  fit.n_components, int(fit.raters["flag"].sum()), h.attrs.get("mean_intercompetency_r", np.nan),
                  int(car["flag"].sum())],
    })
    return out
