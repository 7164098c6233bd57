"""Group differences, adverse impact and relationship bias of scores and ratings.

group_differences      Welch t / Mann-Whitney / Welch ANOVA / Kruskal with Hedges g, Holm or BH
group_descriptives     per-group n, mean, SD with small groups suppressed
four_fifths            adverse-impact ratio (Uniform Guidelines 1978, 29 CFR 1607.4(D))
relationship_bias      same-group vs other-group raters, within-ratee paired comparison
relationship_cells     rater group x ratee group mean ratings
unit_at_depth          a unit path cut at a depth of the organisation tree
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.stats as st

from ..frames import analysis_error, check_ratings_frame, renamed_parameters
from ..frames import check_columns as _check_columns
from ..i18n import Msg
from .checks import OTHERS, as_tuple, check_positive_int, check_relationships, form_means, status_column

__all__ = ["four_fifths", "group_descriptives", "group_differences", "relationship_bias", "relationship_cells",
           "unit_at_depth"]


# --------------------------------------------------------------------------------------------
# group differences and adverse impact
# --------------------------------------------------------------------------------------------
@renamed_parameters(scores="data", min_group="min_people")
def group_descriptives(data: pd.DataFrame, by, value: str, *, min_people: int = 5) -> pd.DataFrame:
    """n, mean and SD (ddof=1) of ``value`` per group of each factor in ``by``.

    Groups with fewer than ``min_people`` non-missing values are suppressed: ``n``, ``mean`` and
    ``sd`` are left empty (never computed) and ``status`` reads ``"disembunyikan (n < 5)"``.
    """
    factors = as_tuple(by, "by")
    _check_columns(data, (*factors, value), "scores")
    min_people = check_positive_int(min_people, "min_people")
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

    factors = as_tuple(by, "by")
    if not factors:
        raise analysis_error("an_name_one_column", name="by")
    _check_columns(data, (*factors, value), "scores")
    min_people = check_positive_int(min_people, "min_people")
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
    min_people = check_positive_int(min_people, "min_people")
    fav = set(as_tuple(favourable, "favourable"))
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
    out["status"] = status_column(out["suppressed"], Msg("analysis.suppressed_n", n=min_people))
    return out[["group", "n", "n_favourable", "rate", "impact_ratio", "reference", "flag", "suppressed", "status"]]


# --------------------------------------------------------------------------------------------
# relationship bias
# --------------------------------------------------------------------------------------------
def unit_at_depth(unit: pd.Series, depth: int | None) -> pd.Series:
    """Unit paths ``"A / B / C"`` cut to their first ``depth`` levels (``None``: unchanged)."""
    if depth is None:
        return unit
    depth = check_positive_int(depth, "unit_depth")
    return unit.astype(str).str.split(" / ").str[:depth].str.join(" / ")


def _attribute_maps(employees: pd.DataFrame, by: Sequence[str], key: str, unit_col: str,
                    unit_depth: int | None) -> dict[str, pd.Series]:
    _check_columns(employees, (key, *by), "employees")
    emp = employees.drop_duplicates(key).set_index(employees.drop_duplicates(key)[key].astype(str))
    maps = {}
    for col in by:
        s = emp[col]
        if col == unit_col:
            s = unit_at_depth(s, unit_depth)
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

    attrs = as_tuple(by, "by")
    if not attrs:
        raise analysis_error("an_name_one_column", name="by")
    min_people = check_positive_int(min_people, "min_people")
    if min_people < 2:
        raise analysis_error("an_at_least_2_test", name="min_people")
    if not (isinstance(confidence, float) and 0 < confidence < 1):
        raise analysis_error("an_between_0_1", name="confidence", value=repr(confidence))
    rel = check_relationships(relationships)
    maps = _attribute_maps(employees, attrs, key, unit_col, unit_depth)
    forms = form_means(check_ratings_frame(data))
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
    min_raters = check_positive_int(min_raters, "min_raters")
    rel = check_relationships(relationships)
    m = _attribute_maps(employees, (by,), key, unit_col, unit_depth)[by]
    forms = form_means(check_ratings_frame(data))
    forms = forms[forms["relationship"].isin(rel)]
    f = forms.assign(rater_group=forms["rater"].map(m), ratee_group=forms["ratee"].map(m)).dropna(
        subset=["rater_group", "ratee_group"])
    g = f.groupby(["rater_group", "ratee_group"], sort=True)
    out = g.agg(n_raters=("rater", "nunique"), n_ratees=("ratee", "nunique"), n_forms=("rating", "size"),
                mean_rating=("rating", "mean")).reset_index()
    out["suppressed"] = out["n_raters"] < min_raters
    out.loc[out["suppressed"], ["n_raters", "n_ratees", "n_forms", "mean_rating"]] = np.nan
    out["status"] = status_column(out["suppressed"], Msg("analysis.suppressed_raters", n=min_raters))
    return out
