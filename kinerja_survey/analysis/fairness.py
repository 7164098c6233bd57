"""Fairness analytics for 360-degree ratings: rater effects, response styles, self-other
agreement, group differences, adverse impact and relationship bias.

Every public function takes the long-format *ratings frame* (see ``kinerja_survey.frames``) or a
per-person score table plus column names, and returns a DataFrame (``rater_effects`` returns a
small result object holding three DataFrames).  Small groups are never computed: a group with
fewer members than the anonymity threshold is shown as suppressed (``disembunyikan``).

Functions (defined in the module named, importable from here)
---------
rater_effects          linear many-facet model: rater severity and "fair" scores
displayable_rater_effects  the same on the displayable ratings (anonymity), with severity-adjusted
                       weighted scores (what a rating perilaku would be under fair scores)
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
item_bias              per item: differential item functioning across groups (``analysis.dif``)
fairness_report        everything above as a dict of DataFrames (used by the CLI)

The statistics live in ``analysis.raters`` (rater effects, halo, central tendency, careless
responding), ``analysis.self_other`` (self-other agreement, blind spots) and ``analysis.groups``
(group differences, four-fifths, relationship bias); this module holds ``FairnessConfig`` and
``fairness_report`` and keeps every name importable from ``kinerja_survey.analysis.fairness``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from ..frames import AnalysisError, analysis_error, check_ratings_frame, renamed_parameters
from ..frames import check_columns as _check_columns
from ..i18n import Msg
from .checks import OTHERS, as_tuple, check_positive_int, check_relationships, check_scale_range
from .dif import item_bias
from .groups import (
    four_fifths,
    group_descriptives,
    group_differences,
    relationship_bias,
    relationship_cells,
    unit_at_depth,
)
from .raters import RaterEffects, careless_responses, central_tendency, halo, mean_intercompetency_r, rater_effects
from .scoring import ScoringConfig, displayable_ratings, score_cycle
from .self_other import DEFAULT_MIN_RATERS, SOA_LABELS, SPOT_LABELS, blind_spots, self_other_agreement

__all__ = [
    "DEFAULT_MIN_RATERS", "OTHERS", "SEVERITY_MIN", "SEVERITY_Z", "SOA_LABELS", "SPOT_LABELS", "SUPPRESSED",
    "DisplayableEffects", "FairnessConfig", "RaterEffects", "blind_spots", "careless_responses", "central_tendency",
    "displayable_rater_effects", "fairness_report", "four_fifths", "group_descriptives", "group_differences", "halo",
    "item_bias", "item_bias_table", "mean_intercompetency_r", "rater_effects", "relationship_bias",
    "relationship_cells", "self_other_agreement",
]

# texts in result tables are ``i18n.Msg``: the Indonesian text as a str, ``render("en")`` in English
SUPPRESSED = Msg("analysis.suppressed")


#: the |z| above which a supervisor's severity is flagged in calibration (issue 23)
SEVERITY_Z = 2.5
#: ... and the size it must reach as well, in points of the rating scale: a whole step of the 1-5
#: scale (with the atasan's default weight 0.5 it moves the weighted score by half a point, 40% of
#: the Sesuai band 3.00-4.25).  The model SE treats the other raters' effects as known, so on its
#: own |z| > 2.5 flags severities of 0.3-0.6 that arise from estimation alone in chain-like designs
#: (tests/scenarios/test_calibration_flags.py measures it on the 600-person badan).
SEVERITY_MIN = 1.0


@dataclass
class DisplayableEffects:
    """Result of :func:`displayable_rater_effects`.

    Attributes
    ----------
    effects : RaterEffects
        :func:`rater_effects` fitted on ``displayable_ratings(data, config)``.
    fair_weighted : Series, index ratee
        The weighted score (``scoring.score_cycle``'s ``combined``) of the severity-adjusted
        displayable ratings: every answer of a rater in the model plus that rater's severity.
    """

    effects: RaterEffects
    fair_weighted: pd.Series


@renamed_parameters(ratings="data")
def displayable_rater_effects(data: pd.DataFrame, config: ScoringConfig | None = None, *,
                              z_crit: float = SEVERITY_Z, min_severity: float = SEVERITY_MIN,
                              **kwargs) -> DisplayableEffects:
    r"""Rater severity, fair scores and severity-adjusted weighted scores from the displayable
    ratings only -- the one computation behind the calibration's severity flag and its
    per-supervisor severity table.

    The anonymity rule (``scoring.displayable_ratings``) drops, per ratee, every rater group
    under its threshold first; :func:`rater_effects` is then fitted on what remains, so no
    severity, z or fair score depends on a hidden group's answers.  The severity-adjusted
    weighted score of ratee ``j`` is

    .. math::

        \tilde S_j = \frac{\sum_g w_g \, \bar{\tilde y}_{jg}}{\sum_g w_g}, \qquad
        \tilde y_{jri} = y_{jri} + \mathrm{severity}_r

    over the displayable weighted groups ``g`` (renormalised as in ``scoring.combined_scores``),
    raters outside the model (self, stakeholders) unadjusted.  It is the weighted score an average
    rater would have given (Linacre, 1989, "fair average"; Myford & Wolfe, 2003), on the scale of
    the score that decides the rating perilaku, so ``rating_perilaku(fair_weighted)`` is the
    rating "under fair scores".

    Parameters
    ----------
    data : DataFrame
        Ratings frame (every answer; the hidden groups are dropped here).
    config : ScoringConfig, optional
        Thresholds and weights (default ``ScoringConfig()``).
    z_crit : float
        The severity flag threshold on ``|z|`` (default :data:`SEVERITY_Z`, 2.5).
    min_severity : float
        The size the severity must reach as well, ``|severity| >= min_severity`` (default
        :data:`SEVERITY_MIN`, 1.0 scale point; 0 for the z rule alone).  ``effects.raters["flag"]``
        is ``|z| > z_crit and |severity| >= min_severity``.
    **kwargs
        Passed to :func:`rater_effects` (``relationships``, ``disconnected``, ...).

    Returns
    -------
    DisplayableEffects

    References
    ----------
    * Linacre, J. M. (1989). *Many-facet Rasch measurement*. MESA Press.
    * Myford, C. M., & Wolfe, E. W. (2003). Detecting and measuring rater effects using
      many-facet Rasch measurement: Part I. *Journal of Applied Measurement*, 4(4), 386-422.
    """
    config = config if config is not None else ScoringConfig()
    shown = displayable_ratings(data, config)
    fit = rater_effects(shown, z_crit=z_crit, **kwargs)
    fit.raters["flag"] = fit.raters["flag"] & (fit.raters["severity"].abs() >= float(min_severity))
    severity = pd.Series(fit.raters["severity"].to_numpy(dtype=float), index=fit.raters["rater"].astype(str))
    adjusted = shown.copy()
    shift = adjusted["rater"].astype(str).map(severity).fillna(0.0).to_numpy(dtype=float)
    rel_in_model = adjusted["relationship"].astype(str).isin(as_tuple(kwargs.get("relationships", OTHERS),
                                                                      "relationships"))
    adjusted["rating"] = adjusted["rating"].to_numpy(dtype=float) + np.where(rel_in_model, shift, 0.0)
    fair = score_cycle(adjusted, config)["combined"]
    fair.index = fair.index.astype(str)
    return DisplayableEffects(fit, fair.rename("fair_weighted"))


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
    dif_by : tuple of str
        Groups of :func:`item_bias_table` (table ``item_bias``): ratee attributes of the roster
        (``jenis_kelamin``, ``golongan_ruang``, ``jenis_jabatan``, ``unit``; missing columns
        skipped) and ``relationship`` (supervisor vs peer raters).  Empty: no DIF table.
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
    dif_by: tuple[str, ...] = ("jenis_kelamin", "golongan_ruang", "jenis_jabatan", "unit", "relationship")

    def __post_init__(self):
        def put(name, value):
            object.__setattr__(self, name, value)

        for name in ("relationships", "bias_relationships"):
            put(name, check_relationships(getattr(self, name)))
        for name in ("group_by", "bias_by", "favourable", "dif_by"):
            put(name, as_tuple(getattr(self, name), name))
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
        put("min_people", check_positive_int(self.min_people, "min_people"))
        if self.min_people < 2:
            raise _config_problem("min_people", "an_at_least_2_test", name="min_people")
        if not isinstance(self.parametric, (bool, np.bool_)):
            raise _config_problem("parametric", "an_one_of", name="parametric", choices="True, False",
                                  value=repr(self.parametric))
        if self.padjust not in _PADJUST:
            raise _config_problem("padjust", "an_one_of", name="padjust", choices=", ".join(_PADJUST),
                                  value=repr(self.padjust))
        if self.unit_depth is not None:
            put("unit_depth", check_positive_int(self.unit_depth, "unit_depth"))
        if not isinstance(self.predikat_column, str) or not self.predikat_column:
            raise _config_problem("predikat_column", "an_config_type", what="predikat_column", cls="str",
                                  got=repr(self.predikat_column))
        put("scale", check_scale_range(self.scale))


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
    ``relationship_bias`` and ``relationship_cells``, ``item_bias`` (:func:`item_bias_table` by
    ``dif_by``; only when a factor has two groups of at least ``min_people``).

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
        emp["unit"] = unit_at_depth(emp["unit_kerja"], cfg["unit_depth"])
    scores = fit.ratees.merge(emp, left_on="ratee", right_on="nip", how="inner")
    factors = [c for c in as_tuple(cfg["group_by"], "group_by") if c in scores.columns]
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
    bias_by = [c for c in as_tuple(cfg["bias_by"], "bias_by") if c in emp.columns]
    if bias_by:
        out["relationship_bias"] = relationship_bias(df, emp, by=bias_by, relationships=cfg["bias_relationships"],
                                                     unit_depth=cfg["unit_depth"], min_people=cfg["min_people"])
        out["relationship_cells"] = pd.concat(
            [relationship_cells(df, emp, b, unit_depth=cfg["unit_depth"]).assign(attribute=b) for b in bias_by],
            ignore_index=True)
    dif_by = [c for c in cfg["dif_by"] if c == "relationship" or c in emp.columns]
    if dif_by:
        dif = item_bias_table(df, emp, dif_by, unit_depth=cfg["unit_depth"], min_people=cfg["min_people"])
        if len(dif):
            out["item_bias"] = dif
    out["summary"] = pd.DataFrame({
        "measure": ["ratees", "raters", "answers_in_model", "grand_mean", "sigma", "components",
                    "raters_flagged", "mean_intercompetency_r", "careless_forms"],
        "value": [len(fit.ratees), len(fit.raters), int(fit.raters["n_answers"].sum()), fit.grand_mean, fit.sigma,
                  fit.n_components, int(fit.raters["flag"].sum()), h.attrs.get("mean_intercompetency_r", np.nan),
                  int(car["flag"].sum())],
    })
    return out


#: the columns of :func:`item_bias` kept in the fairness table (the log-likelihoods and the
#: per-model McFadden steps stay in the function's own result)
DIF_COLUMNS = ("item", "n", "n_categories", "chi2_uniform", "p_uniform", "chi2_nonuniform", "p_nonuniform",
               "chi2_total", "df_total", "p_total", "p_adjusted", "r2_uniform", "r2_nonuniform", "r2_total",
               "mcfadden_total", "coef", "coef_se", "odds_ratio", "dif_class", "flagged", "converged")
#: their names in the fairness table where the workbook's label map already uses the name for
#: something else (``coef`` is a G-study coefficient there, ``flag`` is "to be checked")
DIF_RENAMED = {"coef": "log_odds", "coef_se": "log_odds_se", "flagged": "flag"}
#: the rater groups compared for ``relationship`` in :func:`item_bias_table`
DIF_RELATIONSHIPS = ("supervisor", "peer")


def dif_input(data: pd.DataFrame, employees: pd.DataFrame, factor: str, *, unit_depth: int | None = 2,
              min_people: int = 5) -> pd.DataFrame:
    """The answers :func:`item_bias` compares for one ``factor`` of :func:`item_bias_table`.

    ``relationship``: the supervisor and peer forms.  A ratee attribute (``golongan_ruang`` is the
    golongan without ruang, ``unit`` the unit path cut to ``unit_depth`` levels): the other raters'
    forms with the ratee's value; groups of fewer than ``min_people`` ratees are left out (the
    anonymity threshold of a group of people), as are ratees without a value.
    """
    df = data[data["rating"].notna()]
    if factor == "relationship":
        return df[df["relationship"].isin(DIF_RELATIONSHIPS)].assign(dif_group=lambda d: d["relationship"])
    emp = employees.copy()
    emp["nip"] = emp["nip"].astype(str)
    if factor == "golongan_ruang" and "golongan" in emp.columns and "golongan_ruang" not in emp.columns:
        emp["golongan_ruang"] = emp["golongan"].astype(str).str.split("/").str[0]
    if factor == "unit" and "unit_kerja" in emp.columns and "unit" not in emp.columns:
        emp["unit"] = unit_at_depth(emp["unit_kerja"], unit_depth)
    attr = emp.dropna(subset=[factor]).drop_duplicates("nip").set_index("nip")[factor].astype(str)
    df = df[df["relationship"] != "self"]
    value = df["ratee"].astype(str).map(attr)
    df = df.assign(dif_group=value.to_numpy())
    df = df[df["dif_group"].notna()]
    sizes = df.groupby("dif_group")["ratee"].nunique()
    return df[df["dif_group"].isin(sizes.index[sizes >= min_people])]


def item_bias_table(data: pd.DataFrame, employees: pd.DataFrame, by, *, unit_depth: int | None = 2,
                    min_people: int = 5) -> pd.DataFrame:
    """:func:`item_bias` (Zumbo 1999 ordinal logistic regression) per factor of ``by``, stacked.

    Parameters
    ----------
    data : DataFrame
        The ratings frame; for anonymity the displayable ratings
        (:func:`~kinerja_survey.analysis.displayable_ratings`), as :func:`fairness_report` gets.
    employees : DataFrame
        The roster (``nip`` and the attributes named in ``by``).
    by : sequence of str
        Ratee attributes and/or ``relationship`` (see :func:`dif_input`).
    unit_depth, min_people
        As in :class:`FairnessConfig`.

    Returns
    -------
    DataFrame
        One row per (factor, item): ``factor``, ``dif_reference`` (the reference group: the
        first in sorted order), ``dif_groups`` (the groups compared, comma-separated), then the
        :data:`DIF_COLUMNS` of :func:`item_bias`, renamed as :data:`DIF_RENAMED`.  A factor with fewer than two groups of at
        least ``min_people`` ratees (two rater groups for ``relationship``) has no rows.
    """
    frames = []
    for factor in as_tuple(by, "dif_by"):
        sub = dif_input(data, employees, factor, unit_depth=unit_depth, min_people=min_people)
        if sub["dif_group"].nunique() < 2:
            continue
        res = item_bias(sub, "dif_group")
        table = pd.DataFrame(res.reindex(columns=list(DIF_COLUMNS))).rename(columns=DIF_RENAMED)
        table.attrs = {}
        table.insert(0, "dif_groups", ", ".join(map(str, res.attrs["levels"])))
        table.insert(0, "dif_reference", str(res.attrs["reference"]))
        table.insert(0, "factor", factor)
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["factor", "dif_reference", "dif_groups",
                                     *(DIF_RENAMED.get(c, c) for c in DIF_COLUMNS)])
    return pd.concat(frames, ignore_index=True)
