"""The one-pass reliability report of a survey cycle: ``reliability_report``.

It computes, from one set of integer codes, the ICCs (``analysis.icc``), Cronbach's alpha and
omega (``analysis.consistency``), rwg(J) (``analysis.within_agreement``), Krippendorff's alpha with its
bootstrap (``analysis.krippendorff``), the agreement indices and source convergence
(``analysis.agreement``), per-ratee reliability (``analysis.ratee``) and the G-study variance
components (``analysis.generalizability``), with a summary in Bahasa Indonesia or English.
``REPORT_TABLES`` names the tables it can return.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..frames import RATINGS_COLUMNS, analysis_error, renamed_parameters
from ..i18n import Localized, Msg, fmt_number
from . import krippendorff  # MAX_VALUES, MAX_BOOT_VALUES read at call time (tests lower them)
from .agreement import SOURCE_PAIRS, cell_stats, convergence_rows, indices_from_items, source_means
from .checks import category_codes, check_frame, first_rows, group_stats
from .consistency import cronbach_core, omega_core
from .generalizability import d_study, henderson3
from .icc import oneway_icc
from .krippendorff import (
    alpha_from_coincidences,
    bootstrap_from_coincidences,
    bootstrap_row,
    coincidences,
    kalpha_bootstrap_from_codes,
    kalpha_from_codes,
    value_codes,
)
from .omega import omega_from_matrix
from .ratee import ratee_rows, raters_needed
from .reml import d_study_items, variance_components_reml
from .within_agreement import expected_null_variance, rwg_j_from_variances

__all__ = ["ITEM_REML_MAX_ANSWERS", "REPORT_TABLES", "reliability_report"]


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
        when asked for).  ``"g_study_items"`` and ``"d_study_items"`` (the item-design REML, slow:
        about 25 s at 2,000 ratees, 150 s at 10,000) are in the default only up to
        :data:`ITEM_REML_MAX_ANSWERS` answers of the other raters (above it they hold one row
        with a note); named in ``tables`` they are computed at any size.

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
        ``"g_study_reml"``
            The same G-study by both methods, one row per (``method``, ``component``):
            ``henderson3`` (the ``var_components`` rows) and ``reml``
            (:func:`~.reml.variance_components_reml` of the same scale scores, as ``lme4::lmer``),
            with ``estimate``, ``variance`` (negative method III estimates set to 0), ``share``.
        ``"g_study_items"``
            REML components of the item design of the other raters' answers (ratee, rater, item,
            ratee x rater, residual; :func:`~.reml.variance_components_reml` with ``items``).
        ``"d_study_items"``
            :func:`~.reml.d_study_items` of those components for 1-10 raters and the
            instrument's number of items.
        ``"omega_hierarchical"``
            :func:`~.omega.omega_hierarchical` over all questionnaires (self included), the
            competencies as group factors: ``omega_h``, ``omega_total``, ``ecv``, ``omega_limit``,
            ``alpha``, ``n``, ``n_items``, ``n_factors`` (one row; NaN with a ``note`` when not
            estimable).
        ``"omega_loadings"``
            Its loadings per item: ``item``, ``competency``, ``g`` (general-factor loading),
            ``h2``, ``u2``, ``p2``.
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
    ['agreement', 'agreement_indices', 'agreement_ratee', 'convergence', 'cronbach', 'd_study', 'd_study_items',
     'g_study_items', 'g_study_reml', 'icc', 'krippendorff', 'omega', 'omega_hierarchical', 'omega_loadings',
     'ratee_reliability', 'rwg_j', 'summary', 'var_components']
    """
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
    if "d_study" in need or "g_study_reml" in need:
        need.add("var_components")
    if "d_study_items" in need:
        need.add("g_study_items")
    if "omega_loadings" in need:
        need.add("omega_hierarchical")
    if bootstrap:
        need.add("krippendorff")
    sigma2 = expected_null_variance(scale_points, None, fn, null)
    if not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or n_boot < 1:
        raise analysis_error("an_positive_int", name=f"{fn}: n_boot", value=repr(n_boot))
    if not 0 < float(target) < 1:
        raise analysis_error("an_between_0_1", name=f"{fn}: target", value=repr(target))
    data = check_frame(data, RATINGS_COLUMNS, fn)
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
    first = first_rows(pair)
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
            cron_rows.append({"competency": c_labels[c], **cronbach_core(sub, "pairwise", confidence)})
        if "omega" in need:
            om = omega_core(sub, "pairwise")
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
    if "omega_hierarchical" in need:  # the items of the data, in the order of their codes (as omega_hierarchical)
        order = np.flatnonzero(np.bincount(item, minlength=n_i) > 0)
        out_omega_h = _omega_tables(W[:, order], [i_labels[j] for j in order],
                                    [c_labels[item_comp[j]] if item_comp[j] >= 0 else None for j in order])

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
        n_j, _, ss = group_stats(g, v, n_t)
        with np.errstate(invalid="ignore", divide="ignore"):
            var[:, j] = np.where(n_j >= 2, ss / np.maximum(n_j - 1, 1), np.nan)
        if with_cells:
            cs = cell_stats(g, v, n_t)
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
        if pairable.any() and V <= krippendorff.MAX_VALUES:
            keep = pairable[g]
            units = (np.cumsum(pairable) - 1)[g[keep]]
            o += coincidences(units, n_j[pairable], vc[keep], V)
    del W
    closed = V <= krippendorff.MAX_VALUES and with_kripp
    a_items = alpha_from_coincidences(o, domain, "interval") if closed else float("nan")
    cell["var"] = var
    n_units_items = int((~np.isnan(var)).sum())

    # ICC(1), ICC(1,k) per relationship (others only) and overall
    others_p = others & ~np.isnan(score)
    rows = []
    for g in range(len(rel_labels) if "icc" in need else 0):
        sel = others_p & (pair_rel == g)
        if g == self_code or not sel.any():
            continue
        rows.append({"group": rel_labels[g], **oneway_icc(pair_t[sel], score[sel], n_t, confidence)})
    if "icc" in need:
        rows.append({"group": "overall", **oneway_icc(pair_t[others_p], score[others_p], n_t, confidence)})
        icc = pd.DataFrame(rows)
        icc["raters_needed"] = raters_needed(icc["ICC1"].to_numpy(dtype=float), target)

    # rwg(J) of the other raters, overall and per competency
    n_raters = np.bincount(pair_t[others], minlength=n_t)
    has = n_raters > 0
    J, mv, val = rwg_j_from_variances(var, sigma2)
    rwgj = pd.DataFrame({"ratee": np.asarray(t_labels)[has], "n_raters": n_raters[has],
                         "n_items": J[has], "mean_variance": mv[has], "rwg_j": val[has]})
    out = {"rwg_j": rwgj}
    if "agreement" in need:
        agree_rows = []
        for c in range(n_c):
            cols = np.flatnonzero(item_comp == c)
            if len(cols):
                agree_rows.append(_agreement_row(c_labels[c], rwg_j_from_variances(var[:, cols], sigma2)[2][has]))
        agree_rows.append(_agreement_row("ALL", val[has]))
        out["agreement"] = pd.DataFrame(agree_rows)

    # AD(M), AD(Md), awg(J), r*wg(J) of the other raters, per ratee and summarised per competency
    if with_cells:
        ind_rows = []
        for c in range(n_c if "agreement_indices" in need else 0):
            cols = np.flatnonzero(item_comp == c)
            if len(cols):
                ind = indices_from_items({k: v[:, cols] for k, v in cell.items()}, sigma2, scale_points)
                ind_rows.append(_indices_row(c_labels[c], ind, has, scale_points))
        ind = indices_from_items(cell, sigma2, scale_points)
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
        out["ratee_reliability"] = ratee_rows(pair_t[others_p], score[others_p], n_t, t_labels, "overall", "ratee")

    # G-study of the other raters' scale scores (raters crossed with ratees), D-study
    gstudy = dst = None
    if "var_components" in need:
        try:
            gstudy = henderson3(pair_t[others_p], pair_r[others_p], score[others_p], 1e-10)
            dst = d_study(gstudy, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        except ValueError as err:  # e.g. every rater rates one ratee only: not estimable
            gstudy = pd.DataFrame({"component": ["ratee", "rater", "residual"], "estimate": np.nan, "variance": np.nan,
                                   "share": np.nan, "ss": np.nan, "df": np.nan, "coef": np.nan, "note": str(err)})
            dst = pd.DataFrame({"k": np.arange(1.0, 11.0), "g_coef": np.nan, "phi": np.nan, "sem_relative": np.nan,
                                "sem_absolute": np.nan})
        out["var_components"], out["d_study"] = gstudy, dst

    # the same G-study by REML beside method III
    if "g_study_reml" in need:
        n_other = int(np.count_nonzero(~np.isnan(x[(rel != self_code)]))) if tables is None else 0
        out["g_study_reml"] = _reml_beside(gstudy, pair_t[others_p], pair_r[others_p], score[others_p],
                                           n_other <= ITEM_REML_MAX_ANSWERS)

    # G-study of the item design by REML (slow on big cycles: see ITEM_REML_MAX_ANSWERS) and its D-study
    if "g_study_items" in need:
        oth = data[(data["relationship"] != "self").to_numpy() & data["rating"].notna().to_numpy()]
        explicit = bool(asked & {"g_study_items", "d_study_items"}) and tables is not None
        out["g_study_items"], out["d_study_items"] = _item_tables(oth, n_i, explicit)

    if "omega_hierarchical" in need:
        out["omega_hierarchical"], out["omega_loadings"] = out_omega_h

    # convergence between sources per competency (ratee-level means of the questionnaire means)
    if "convergence" in need:
        rel_names = [str(v) for v in rel_labels]
        means = [(label, source_means(pair_t, pair_rel, cm, n_t, len(rel_names))) for label, cm in comp_means]
        means.append(("ALL", source_means(pair_t, pair_rel, score, n_t, len(rel_names))))
        out["convergence"] = pd.DataFrame(convergence_rows(means, rel_names, SOURCE_PAIRS, confidence, 4,
                                                            "competency"))

    # Krippendorff's alpha of the other raters' scale scores (units = ratee)
    if with_kripp:
        vcodes, sdomain = value_codes(score[others_p], "interval", fn)
        a_scores = kalpha_from_codes(pair_t[others_p], n_t, vcodes, sdomain, "interval")
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
            if len(dom) > krippendorff.MAX_VALUES:
                boot_rows.append((label, np.nan, np.full(int(n_boot), np.nan), 0, _NOTE_BOOT_VALUES))
                continue
            if label == "item":
                a, reps, npair = bootstrap_from_coincidences(o, sizes, unit_sizes, domain, "interval", int(n_boot), rng)
            else:
                a, reps, npair = kalpha_bootstrap_from_codes(pair_t[others_p], n_t, vcodes, sdomain, "interval",
                                                             int(n_boot), rng)
            note = _NOTE_BOOT_NORMAL if len(dom) > krippendorff.MAX_BOOT_VALUES else ""
            boot_rows.append((label, a, reps, npair, note))
        frames = []
        for label, a, reps, npair, note in boot_rows:
            f = bootstrap_row(a, reps, npair, confidence, [0.667, 0.800])
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
                 "ratee_reliability", "omega", "var_components", "d_study", "g_study_reml", "g_study_items",
                 "d_study_items", "omega_hierarchical", "omega_loadings", "convergence", "summary")
#: Largest number of other raters' answers for which the default report fits REML (the REML rows
#: of ``g_study_reml``; ``g_study_items``, ``d_study_items``): the item design takes about 2 s at
#: this size on a 2-core machine, 25 s at 370,000 answers (2,000 ratees); the pair design 13 s at
#: 3.7 million (20,000 ratees).  Named in ``tables=`` they are fitted at any size.
ITEM_REML_MAX_ANSWERS = 120_000
_NOTE_REML_SIZE = "analysis.note_reml_size"


def _reml_beside(gstudy: pd.DataFrame, t: np.ndarray, r: np.ndarray, y: np.ndarray, fit: bool) -> pd.DataFrame:
    """Method III (``gstudy``) and REML components of the same scale scores, one row per (method,
    component); without ``fit`` (a big cycle, not asked by name) the REML rows hold a note."""
    cols = ["method", "component", "estimate", "variance", "share", "note"]
    h3 = gstudy.assign(method="henderson3")
    if "note" not in h3.columns:
        h3["note"] = ""
    empty = pd.DataFrame({"component": ["ratee", "rater", "residual"], "estimate": np.nan, "variance": np.nan,
                          "share": np.nan, "method": "reml"})
    if not fit:
        reml = empty.assign(note=Msg(_NOTE_REML_SIZE, limit=ITEM_REML_MAX_ANSWERS, table="g_study_reml"))
    else:
        try:
            reml = variance_components_reml(pd.DataFrame({"ratee": t, "rater": r, "rating": y}))
            reml = pd.DataFrame(reml).assign(method="reml", note="")
        except ValueError as err:
            reml = empty.assign(note=str(err))
    frames = [pd.DataFrame(f.reindex(columns=cols)) for f in (h3, reml)]
    for f in frames:
        f.attrs = {}
    return pd.concat(frames, ignore_index=True)


def _item_tables(others: pd.DataFrame, n_items: int, explicit: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """REML components of the item design and their D-study for 1-10 raters and ``n_items`` items."""
    k = np.arange(1, 11)
    comp = pd.DataFrame({"component": ["ratee", "rater", "item", "ratee_rater", "residual"], "estimate": np.nan,
                         "variance": np.nan, "sd": np.nan, "share": np.nan, "note": ""})
    dst = pd.DataFrame({"k": k.astype(float), "n_items": float(n_items), "g_coef": np.nan, "phi": np.nan,
                        "sem_relative": np.nan, "sem_absolute": np.nan})
    if not explicit and len(others) > ITEM_REML_MAX_ANSWERS:
        comp["note"] = Msg(_NOTE_REML_SIZE, limit=ITEM_REML_MAX_ANSWERS, table="g_study_items")
        return comp, dst
    try:
        fit = variance_components_reml(others, items="item")
    except ValueError as err:
        comp["note"] = str(err)
        return comp, dst
    out = pd.DataFrame(fit)
    out.attrs = {}
    out["note"] = ""
    return out, d_study_items(fit, k, max(int(n_items), 1))


def _omega_tables(W: np.ndarray, labels: list, item_group: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """omega hierarchical of all questionnaires (competencies as group factors) and its loadings."""
    try:
        om = omega_from_matrix(W, labels, item_group, None, "reliability_report")
    except ValueError as err:
        row = pd.DataFrame({c: [np.nan] for c in ("omega_h", "omega_total", "ecv", "omega_limit", "alpha", "n",
                                                  "n_items", "n_factors")})
        row["note"] = str(err)
        return row, pd.DataFrame(columns=["item", "competency", "g", "h2", "u2", "p2"])
    load = om.attrs["loadings"]
    loadings = pd.DataFrame({"item": load["item"].to_numpy(), "competency": load["group"].to_numpy(),
                             "g": load["g"].to_numpy(), "h2": load["h2"].to_numpy(), "u2": load["u2"].to_numpy(),
                             "p2": load["p2"].to_numpy()})
    row = pd.DataFrame(om)
    row.attrs = {}
    row["note"] = ""
    return row, loadings
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
    return category_codes(s)


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
