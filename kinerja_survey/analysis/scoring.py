"""Group means and combined 360-degree scores, with anonymity thresholds.

All functions take the long-format *ratings frame* (``kinerja_survey.frames``) and return
DataFrames.

Aggregation order (the rater is the unit)
----------------------------------------
For a ratee *r*, a rater group *g* (self / supervisor / peer / subordinate) and a competency *c*::

    rater mean      m_{j,c} = mean of rater j's answered items of competency c
    group mean      M_{g,c} = (1 / n_{g,c}) * sum_{j in g, answered c} m_{j,c}
    n_{g,c}         number of raters in g with at least one answer in c

and the *overall* figure of a group (competency ``OVERALL``) is the same with c = all items:
first the mean of each rater's answered items, then the mean over raters.  Every rater weighs
the same whatever the number of items they skipped; the overall group mean is therefore *not*
the mean of the competency means when answers are missing.

Anonymity (``ScoringConfig.thresholds``)
----------------------------------------
A group's figure for a competency (or overall) is *displayable* when ``n_{g,c} >= threshold_g``
(defaults: supervisor 1, self 1, peer 3, subordinate 3).  A group under its threshold is
**excluded from every displayed figure** -- its mean, the combined score and the "others"
mean -- and never folded into an "others" group, because folding lets a reader recover the
hidden mean by subtracting two displayed figures.  Consequently every displayed number is a
function of displayable groups only (the tests check that changing a suppressed group's answers
changes no displayed number).

Combined score
--------------
.. math::

    S_c = \\frac{\\sum_{g \\in D_c} w_g M_{g,c}}{\\sum_{g \\in D_c} w_g}

over the displayable groups :math:`D_c` with weight :math:`w_g > 0` (defaults: supervisor 0.5,
peer 0.3, subordinate 0.2, self 0 -- self is reported beside, not in, the score); the weights are
renormalised when a group is absent or suppressed.  The *others* mean pools the raters of the
displayable non-self groups, :math:`\\sum n_g M_g / \\sum n_g`, and is shown only when that pool
holds at least ``min_others`` raters (default 4).

References
----------
DOMAIN.md (360 practice): thresholds 3 for peers/subordinates, 4 for all others, groups under
threshold dropped not folded; combined score renormalised over observed groups.  The weights and
thresholds are local design choices under PermenPANRB 6/2022 Pasal 18-19, hence configurable.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..frames import RELATIONSHIPS, analysis_error, check_ratings_frame, renamed_parameters
from ..i18n import Join, Msg
from ..i18n import t as _t
from .predikat import (
    DEFAULT_PERILAKU_CUTS,
    check_cuts,
    normalise_rating,
    predikat_kinerja,
    rating_perilaku,
)

#: Label of the all-items rows (``competency`` column) of ``group_means`` and ``combined_scores``.
OVERALL = "overall"

DEFAULT_WEIGHTS = {"self": 0.0, "supervisor": 0.5, "peer": 0.3, "subordinate": 0.2}
DEFAULT_THRESHOLDS = {"self": 1, "supervisor": 1, "peer": 3, "subordinate": 3}
#: The stakeholder group (pemangku kepentingan, outside the roster): weight 0 until HR sets one,
#: its own anonymity threshold.  Kept out of the dicts above so that a configuration without
#: stakeholders reads (and scores) exactly as before.
STAKEHOLDER_DEFAULT_WEIGHT = 0.0
STAKEHOLDER_DEFAULT_THRESHOLD = 3

#: Group names as users read them (``group_name(g, lang)``); Bahasa Indonesia here.
GROUP_NAMES_ID = {g: _t(f"analysis.g_{g}", "id") for g in RELATIONSHIPS}


def group_name(group: str, lang: str | None = None) -> str:
    """The name of a rater group (``self``/``supervisor``/``peer``/``subordinate``/``stakeholder``/``others``)
    as people read it."""
    return _t(f"analysis.g_{group}", lang)

_G = len(RELATIONSHIPS)
_SELF = RELATIONSHIPS.index("self")
_STAKEHOLDER = RELATIONSHIPS.index("stakeholder")
# display status of a group (or of "others") in a cell
_SHOWN, _SUPPRESSED, _ABSENT = 0, 1, 2


def _count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != int(value) or value < 1:
        raise analysis_error("an_count", name=name, value=repr(value))
    return int(value)


def _group_mapping(value, name: str) -> dict:
    if not isinstance(value, Mapping):
        raise analysis_error("an_group_map", name=name, got=type(value).__name__)
    unknown = [k for k in value if k not in RELATIONSHIPS]
    if unknown:
        raise analysis_error("an_group_unknown", name=name, value=repr(unknown[0]), choices=", ".join(RELATIONSHIPS))
    return dict(value)


@dataclass(frozen=True)
class ScoringConfig:
    """Weights, anonymity thresholds and cut points of a scoring run.

    Parameters
    ----------
    weights : mapping group -> weight
        Relative weight of each rater group in the combined score; >= 0, at least one > 0.
        Groups left out get weight 0.  Default supervisor 0.5, peer 0.3, subordinate 0.2,
        self 0 (self is reported separately), stakeholder 0 (pemangku kepentingan, people
        outside the roster: shown beside the score until HR gives them a weight).
    thresholds : mapping group -> int
        Minimum number of responding raters for a group's figures to be shown.  Groups left out
        keep the default (peer 3, subordinate 3, supervisor 1, self 1, stakeholder 3).
    comment_threshold : int
        Minimum number of commenters before a group's comments are shown (default 4; used by
        reports -- comments identify more easily than numbers).
    min_others : int
        Minimum pooled number of raters for the "others" mean (default 4).
    perilaku_cuts : (lo, hi)
        Cut points of ``predikat.rating_perilaku`` on the combined score (default (3.0, 4.25);
        a local choice, see ``kinerja_survey.analysis.predikat``).

    Raises
    ------
    ValueError
        Negative, non-finite or all-zero weights; thresholds not integers >= 1; unknown group;
        bad cut points.
    """

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    thresholds: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    comment_threshold: int = 4
    min_others: int = 4
    perilaku_cuts: tuple[float, float] = DEFAULT_PERILAKU_CUTS

    def __post_init__(self):
        given = _group_mapping(self.weights, "weights")
        weights = {}
        for g in RELATIONSHIPS:
            if g == "stakeholder" and g not in given:
                continue  # weight STAKEHOLDER_DEFAULT_WEIGHT (see weight())
            w = given.get(g, 0.0)
            if isinstance(w, bool) or not isinstance(w, numbers.Real) or not math.isfinite(w) or w < 0:
                raise analysis_error("an_weight", group=g, value=repr(w))
            weights[g] = float(w)
        if not any(w > 0 for w in weights.values()):
            raise analysis_error("an_weights_zero")
        thresholds = dict(DEFAULT_THRESHOLDS)
        for g, t in _group_mapping(self.thresholds, "thresholds").items():
            thresholds[g] = _count(t, _t("an_threshold_name", group=g))
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "thresholds", thresholds)
        object.__setattr__(self, "comment_threshold", _count(self.comment_threshold, "comment_threshold"))
        object.__setattr__(self, "min_others", _count(self.min_others, "min_others"))
        object.__setattr__(self, "perilaku_cuts", check_cuts(self.perilaku_cuts))

    def weight(self, group: str) -> float:
        """The weight of ``group`` (the stakeholders' default 0 when not set)."""
        return self.weights.get(group, STAKEHOLDER_DEFAULT_WEIGHT)

    def threshold(self, group: str) -> int:
        """The anonymity threshold of ``group`` (the stakeholders' default 3 when not set)."""
        return self.thresholds.get(group, STAKEHOLDER_DEFAULT_THRESHOLD)

    def comments_displayable(self, n_commenters: int) -> bool:
        """Whether a group's comments may be shown (``n_commenters >= comment_threshold``)."""
        return n_commenters >= self.comment_threshold


# --- aggregation -------------------------------------------------------------------------------

@dataclass
class _Cells:
    """Dense per (ratee, group, competency + overall) sums, the engine under every public function."""

    ratees: pd.Index
    competencies: pd.Index
    total: np.ndarray  # sum over raters of rater means, shape (n_ratees, 4, K + 1); [..., K] = overall
    raters: np.ndarray  # raters with >= 1 answer
    answers: np.ndarray  # answered items
    present: np.ndarray  # any row (answered or not)


def _factorize(col: pd.Series, sort: bool) -> tuple[np.ndarray, pd.Index]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy().astype(np.int64)
        cats = col.cat.categories
        used = np.bincount(codes, minlength=len(cats)) > 0
        if not used.all():
            codes = (np.cumsum(used) - 1)[codes]
            cats = cats[used]
        return codes, pd.Index(cats)
    codes, cats = pd.factorize(col, sort=sort)
    return codes.astype(np.int64), pd.Index(cats)


def _aggregate(df: pd.DataFrame) -> _Cells:
    """Bincount aggregation of a *checked* ratings frame (see the module docstring for the order)."""
    if len(df) == 0:
        raise analysis_error("an_nothing_to_score")
    ratee, ratees = _factorize(df["ratee"], sort=True)
    rater, raters = _factorize(df["rater"], sort=False)
    comp, comps = _factorize(df["competency"], sort=False)
    if OVERALL in comps:
        raise analysis_error("an_overall_reserved", value=repr(OVERALL))
    rel_codes, rel_cats = _factorize(df["relationship"], sort=False)
    rel = np.array([RELATIONSHIPS.index(c) for c in rel_cats], dtype=np.int64)[rel_codes]
    n_ratees, K = len(ratees), len(comps)

    pair, pair_keys = pd.factorize(ratee * len(raters) + rater)
    n_pairs = len(pair_keys)
    pair_ratee = pair_keys // len(raters)
    pair_rel = np.empty(n_pairs, dtype=np.int64)
    pair_rel[pair] = rel
    clash = pair_rel[pair] != rel
    if clash.any():
        row = df.index[np.flatnonzero(clash)[0]]
        raise analysis_error("an_two_relationships", row=row, rater=df.loc[row, "rater"], ratee=df.loc[row, "ratee"])

    rating = df["rating"].to_numpy(dtype=float)
    answered = ~np.isnan(rating)
    key = pair * K + comp
    size = n_pairs * K
    s = np.bincount(key, weights=np.where(answered, rating, 0.0), minlength=size).reshape(n_pairs, K)
    c = np.bincount(key, weights=answered, minlength=size).reshape(n_pairs, K)
    rows = np.bincount(key, minlength=size).reshape(n_pairs, K)
    del key, answered, rating
    s = np.column_stack([s, s.sum(1)])
    c = np.column_stack([c, c.sum(1)])
    rows = np.column_stack([rows, rows.sum(1)])
    has = c > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        rater_mean = np.where(has, s / np.where(has, c, 1), 0.0)

    cell = pair_ratee * _G + pair_rel
    ckey = (cell[:, None] * (K + 1) + np.arange(K + 1)).ravel()
    ncell = n_ratees * _G * (K + 1)
    shape = (n_ratees, _G, K + 1)

    def pool(w):
        return np.bincount(ckey, weights=w.ravel(), minlength=ncell).reshape(shape)

    return _Cells(
        ratees=ratees,
        competencies=comps,
        total=pool(rater_mean),
        raters=pool(has.astype(float)).round().astype(np.int64),
        answers=pool(c).round().astype(np.int64),
        present=pool((rows > 0).astype(float)) > 0,
    )


def _competency_labels(cells: _Cells) -> list:
    return [*cells.competencies.astype(str), OVERALL]


def _prepare(ratings) -> _Cells:
    return _aggregate(check_ratings_frame(ratings))


@renamed_parameters(ratings="data")
def group_means(data: pd.DataFrame) -> pd.DataFrame:
    """Mean rating per ratee x rater group x competency, and per ratee x group overall.

    Means are taken rater first (each rater's mean of their answered items, then the mean over
    raters), so each rater weighs equally regardless of missing items; see the module docstring.
    No anonymity threshold is applied here: this is the analyst's full table, not a display.

    Parameters
    ----------
    data : DataFrame
        Ratings frame (``ratee, rater, relationship, competency, item, rating``).

    Returns
    -------
    DataFrame
        One row per (ratee, relationship, competency) present in the data, plus one row per
        (ratee, relationship) with ``competency == OVERALL``; columns ``ratee``,
        ``relationship``, ``competency`` (categoricals; ratees sorted, groups in RELATIONSHIPS
        order, competencies in categorical order -- or order of first appearance for text
        columns, i.e. the instrument order of a frame listed item by item -- with OVERALL last), ``mean`` (NaN when nobody answered), ``n_raters``
        (raters with at least one answer), ``n_answers`` (answered items).

    Examples
    --------
    >>> df = pd.DataFrame({"ratee": "A", "rater": ["p1", "p1", "p2", "p2"], "relationship": "peer",
    ...                    "competency": "BER", "item": ["BER1", "BER2"] * 2, "rating": [4, None, 2, 3]})
    >>> group_means(df)[["competency", "mean", "n_raters", "n_answers"]].to_string(index=False)
    'competency  mean  n_raters  n_answers\\n       BER  3.25         2          3\\n   overall  3.25         2          3'
    """
    return _group_means_frame(_prepare(data))


def _group_means_frame(cells: _Cells) -> pd.DataFrame:
    r, g, k = np.nonzero(cells.present)
    n = cells.raters[r, g, k]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, cells.total[r, g, k] / np.where(n > 0, n, 1), np.nan)
    return pd.DataFrame({
        "ratee": pd.Categorical.from_codes(r, categories=cells.ratees),
        "relationship": pd.Categorical.from_codes(g, categories=list(RELATIONSHIPS)),
        "competency": pd.Categorical.from_codes(k, categories=_competency_labels(cells)),
        "mean": mean,
        "n_raters": n,
        "n_answers": cells.answers[r, g, k],
    })


# --- combined scores ---------------------------------------------------------------------------

@dataclass
class _Combined:
    means: np.ndarray  # displayed group means (n_ratees, 4, K + 1), NaN when not displayable
    n: np.ndarray  # raters per group (n_ratees, 4, K + 1)
    others: np.ndarray  # (n_ratees, K + 1)
    n_others: np.ndarray
    combined: np.ndarray
    pattern: np.ndarray  # display pattern of each cell: base-3 digits = status of each group, then others
    config: ScoringConfig


def pattern_texts(code: int, config: ScoringConfig) -> tuple[str, str, str]:
    """groups_used, groups_suppressed and note (an ``i18n.Msg``) of one display pattern: a base-3
    digit per rater group (shown, suppressed, absent), then the others' status.  The pandas path
    (``combined_scores``) and the DuckDB engine (``outofcore``) both write these columns with it."""
    status = [(code // 3 ** i) % 3 for i in range(_G + 1)]
    groups, oth = status[:_G], status[_G]
    weighted = [g for g in RELATIONSHIPS if config.weight(g) > 0]
    in_score = [g for i, g in enumerate(RELATIONSHIPS) if groups[i] == _SHOWN and config.weight(g) > 0]
    hidden = [g for i, g in enumerate(RELATIONSHIPS) if groups[i] == _SUPPRESSED]
    parts = [Msg("analysis.group_hidden", group=Msg(f"analysis.g_{g}"), n=config.threshold(g)) for g in hidden]
    if oth == _SUPPRESSED:
        parts.append(Msg("analysis.others_hidden", n=config.min_others))
    if not in_score:
        parts.append(Msg("analysis.no_combined"))
    elif len(in_score) < len(weighted):
        left_out = [Msg(f"analysis.g_{g}") for g in weighted if g not in in_score]
        parts.append(Msg("analysis.renormalised", groups=Join(left_out)))
    # the note is an ``i18n.Msg``: the Indonesian text as a str, ``render("en")`` in English
    note = Msg("analysis.note_parts", parts=Join(parts, "; ")) if parts else ""
    return ", ".join(in_score), ", ".join(hidden), note


def _combine(cells: _Cells, config: ScoringConfig) -> _Combined:
    n = cells.raters
    thr = np.array([config.threshold(g) for g in RELATIONSHIPS])[None, :, None]
    w = np.array([config.weight(g) for g in RELATIONSHIPS])[None, :, None]
    shown = n >= thr
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(shown, cells.total / np.where(n > 0, n, 1), np.nan)
    in_score = shown & (w > 0)
    wsum = np.where(in_score, w, 0.0).sum(1)
    wmean = np.where(in_score, means * w, 0.0).sum(1)
    others_mask = shown.copy()
    others_mask[:, _SELF, :] = False
    others_mask[:, _STAKEHOLDER, :] = False  # "penilai lain" are colleagues; stakeholders shown apart
    n_others = np.where(others_mask, n, 0).sum(1)
    t_others = np.where(others_mask, cells.total, 0.0).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        combined = np.where(wsum > 0, wmean / np.where(wsum > 0, wsum, 1), np.nan)
        others = np.where(n_others >= config.min_others, t_others / np.where(n_others > 0, n_others, 1), np.nan)
    status = np.where(shown, _SHOWN, np.where(n > 0, _SUPPRESSED, _ABSENT))
    o_status = np.where(n_others >= config.min_others, _SHOWN, np.where(n_others > 0, _SUPPRESSED, _ABSENT))
    pattern = (status * (3 ** np.arange(_G))[None, :, None]).sum(1) + o_status * 3 ** _G
    return _Combined(means, n, others, n_others, combined, pattern, config)


def _text_columns(comb: _Combined, pattern: np.ndarray) -> dict:
    """The three text columns as categoricals, texts built once per distinct pattern."""
    codes, inverse = np.unique(pattern.ravel(), return_inverse=True)
    texts = [pattern_texts(int(c), comb.config) for c in codes]
    out = {}
    for j, name in enumerate(("groups_used", "groups_suppressed", "note")):
        cat_codes, cats = pd.factorize(pd.Index([t[j] for t in texts], dtype=object))
        # the notes stay ``i18n.Msg`` objects (object categories) so that a report can render them in English
        cats = pd.Index(list(cats), dtype=object) if name == "note" else pd.Index(cats, dtype=str)
        out[name] = pd.Categorical.from_codes(cat_codes[inverse], categories=cats)
    return out


def _display_order(cells: _Cells) -> tuple[str, ...]:
    """Groups with ``mean_``/``n_`` columns: the four colleague groups and self, plus the
    stakeholders (pemangku kepentingan) only when any answered -- a cycle without them keeps
    exactly its former table."""
    order = ("supervisor", "peer", "subordinate", "self")
    if cells.present[:, _STAKEHOLDER, :].any():
        order += ("stakeholder",)
    return order


def _check_config(config) -> ScoringConfig:
    if config is None:
        return ScoringConfig()
    if not isinstance(config, ScoringConfig):
        raise analysis_error("an_config_type", what="config", cls="ScoringConfig", got=type(config).__name__)
    return config


@renamed_parameters(ratings="data")
def combined_scores(data: pd.DataFrame, config: ScoringConfig | None = None) -> pd.DataFrame:
    """Displayed group means, "others" mean and combined score per ratee, per competency and overall.

    Groups under their anonymity threshold are excluded from every figure (see the module
    docstring); the combined score renormalises the weights over the displayable weighted groups.

    Parameters
    ----------
    data : DataFrame
        Ratings frame.
    config : ScoringConfig, optional
        Weights and thresholds; defaults to ``ScoringConfig()``.

    Returns
    -------
    DataFrame
        One row per ratee x (competency ..., ``OVERALL``), columns ``ratee``, ``competency``,
        ``combined``, ``mean_<group>`` for supervisor, peer, subordinate, self (NaN when absent
        or suppressed), ``mean_others``, ``n_<group>`` (responding raters, also for a suppressed
        group), ``n_others`` (raters of the displayable non-self groups), ``groups_used``
        (groups in the combined score), ``groups_suppressed`` (groups under threshold) and
        ``note`` (why, in Bahasa Indonesia).

    Examples
    --------
    >>> df = pd.DataFrame({"ratee": "A", "rater": ["s", "p1", "p2", "p3", "b1"], "competency": "BER",
    ...     "relationship": ["supervisor", "peer", "peer", "peer", "subordinate"], "item": "BER1",
    ...     "rating": [4, 3, 4, 5, 1]})
    >>> row = combined_scores(df).iloc[-1]
    >>> float(row["combined"]), row["groups_suppressed"], row["note"]
    (4.0, 'subordinate', 'bawahan disembunyikan (kurang dari 3 penilai); bobot dinormalkan ulang tanpa bawahan')
    """
    config = _check_config(config)
    cells = _prepare(data)
    comb = _combine(cells, config)
    k1 = len(cells.competencies) + 1
    n_r = len(cells.ratees)
    out = {
        "ratee": pd.Categorical.from_codes(np.repeat(np.arange(n_r), k1), categories=cells.ratees),
        "competency": pd.Categorical.from_codes(np.tile(np.arange(k1), n_r), categories=_competency_labels(cells)),
        "combined": comb.combined.ravel(),
    }
    order = _display_order(cells)
    for g in order:
        out[f"mean_{g}"] = comb.means[:, RELATIONSHIPS.index(g), :].ravel()
    out["mean_others"] = comb.others.ravel()
    for g in order:
        out[f"n_{g}"] = comb.n[:, RELATIONSHIPS.index(g), :].ravel()
    out["n_others"] = comb.n_others.ravel()
    out.update(_text_columns(comb, comb.pattern))
    return pd.DataFrame(out)


@renamed_parameters(ratings="data")
def score_cycle(
    data: pd.DataFrame,
    config: ScoringConfig | None = None,
    hasil_kerja: pd.Series | None = None,
) -> pd.DataFrame:
    """The per-ratee score table of a cycle, in one call.

    Parameters
    ----------
    ratings : DataFrame
        Ratings frame.
    config : ScoringConfig, optional
        Weights, thresholds and perilaku cut points; defaults to ``ScoringConfig()``.
    hasil_kerja : Series, optional
        Rating Hasil Kerja per ratee (index = ratee key, values = rating labels, variants
        accepted).  When given, the table gains ``rating_hasil_kerja`` and ``predikat``
        (PermenPANRB 6/2022 kuadran).  Ratees missing from it get no predikat; entries for
        people without ratings are ignored.

    Returns
    -------
    DataFrame indexed by ``ratee``
        ``combined`` (overall combined score), ``combined_<competency>`` per competency,
        ``mean_supervisor``, ``mean_peer``, ``mean_subordinate``, ``mean_self``,
        ``mean_others`` and the matching ``n_*`` counts (overall, anonymity applied),
        ``groups_used``, ``groups_suppressed``, ``note`` (overall), ``rating_perilaku``
        (proposed, from ``combined`` and ``config.perilaku_cuts``) [, ``rating_hasil_kerja``,
        ``predikat``].
    """
    config = _check_config(config)
    cells = _prepare(data)
    comb = _combine(cells, config)
    K = len(cells.competencies)
    index = pd.Index(cells.ratees, name="ratee")
    out = {"combined": comb.combined[:, K]}
    for k, code in enumerate(cells.competencies.astype(str)):
        out[f"combined_{code}"] = comb.combined[:, k]
    order = _display_order(cells)
    for g in order:
        out[f"mean_{g}"] = comb.means[:, RELATIONSHIPS.index(g), K]
    out["mean_others"] = comb.others[:, K]
    for g in order:
        out[f"n_{g}"] = comb.n[:, RELATIONSHIPS.index(g), K]
    out["n_others"] = comb.n_others[:, K]
    out.update(_text_columns(comb, comb.pattern[:, K]))
    table = pd.DataFrame(out, index=index)
    table["rating_perilaku"] = rating_perilaku(table["combined"], config.perilaku_cuts)
    if hasil_kerja is not None:
        if not isinstance(hasil_kerja, pd.Series):
            raise analysis_error("an_hasil_kerja_series", got=type(hasil_kerja).__name__)
        hk = hasil_kerja.copy()
        hk.index = hk.index.astype(str)
        if not hk.index.is_unique:
            dup = hk.index[hk.index.duplicated()][0]
            raise analysis_error("an_hasil_kerja_twice", value=repr(dup))
        table["rating_hasil_kerja"] = normalise_rating(hk).reindex(index.astype(str)).to_numpy(dtype=object)
        table["predikat"] = predikat_kinerja(table["rating_hasil_kerja"], table["rating_perilaku"])
    return table


def displayable_ratings(data: pd.DataFrame, config: ScoringConfig | None = None) -> pd.DataFrame:
    """The ratings every person- or unit-level output is computed from: per ratee, every rater
    group under its anonymity threshold is dropped.

    This is the one anonymity rule of the outputs.  A group (self, supervisor, peer,
    subordinate, stakeholder) of a ratee is kept when at least ``config.threshold(group)`` of its raters
    gave at least one answer to that ratee; otherwise every row of that group for that ratee
    is removed.  Anything computed from the result -- a ratee's fair score, a rater's
    leniency, a unit's reliability or agreement, a group comparison -- is therefore a function
    of displayable groups only: changing the answers of a hidden group changes none of it.
    Statistics of the whole cycle (organisation-wide reliability, item statistics) may still
    use every answer.

    Parameters
    ----------
    data : DataFrame
        Ratings frame (``kinerja_survey.frames``).
    config : ScoringConfig, optional
        Anonymity thresholds (default ``ScoringConfig()``).

    Returns
    -------
    DataFrame
        The rows of ``data`` (same columns, index kept) of displayable groups.

    Examples
    --------
    >>> df = pd.DataFrame({"ratee": "A", "rater": ["s", "p1", "p2", "b1"], "competency": "BER",
    ...     "relationship": ["supervisor", "peer", "peer", "subordinate"], "item": "BER1", "rating": [4, 3, 4, 1]})
    >>> displayable_ratings(df)["rater"].tolist()
    ['s']
    """
    config = _check_config(config)
    df = check_ratings_frame(data)
    if df.empty:
        return df
    ratee = df["ratee"].astype(str).to_numpy()
    rel = df["relationship"].astype(str).to_numpy()
    answered = df["rating"].notna().to_numpy()
    keys = pd.DataFrame({"ratee": ratee[answered], "rel": rel[answered],
                         "rater": df["rater"].astype(str).to_numpy()[answered]})
    n = keys.drop_duplicates().groupby(["ratee", "rel"]).size()
    need = n.index.get_level_values("rel").map(config.threshold)
    ok = n.index[n.to_numpy() >= np.asarray(need)]
    return df[pd.MultiIndex.from_arrays([ratee, rel]).isin(ok)]
