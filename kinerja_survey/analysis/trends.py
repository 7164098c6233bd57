"""Trends across cycles: a change is called a change only when it exceeds the measurement error.

A person's score in a cycle is the mean of several raters' views, and the raters disagree: two
cycles' scores differ even when nothing about the person changed.  This module takes each
cycle's own reliability for that person's number of raters into account and calls a difference
``"naik"`` / ``"turun"`` only when it is larger than measurement error alone would make it
(Jacobson & Truax 1991, *reliable change index*); otherwise ``"stabil"``.

The score
---------
Per cycle, person *i* and competency *c* (and ``overall``, all items), the trend score is the
mean of the *other* raters' (supervisor, peer, subordinate; self excluded) rater means::

    m_{ij,c}  = mean of rater j's answered items of c about person i
    x_{i,c}   = (1 / k_{i,c}) * sum_j m_{ij,c}        k_{i,c} = raters of i with an answer in c

It is the raw "penilai lain" mean, not the weighted combined score: its error follows directly
from the one-way model below.  Anonymity does not apply to it as a *displayed* group figure: it
is used to detect change and is shown to HR with the person's own report, never split by group.

Reliability and standard error of measurement
---------------------------------------------
Per cycle and competency, the one-way random-effects ANOVA of the rater means on the persons
(raters nested in ratees; ``reliability.icc_nested``) gives ``MSB``, ``MSW``, ``k0`` and
:math:`ICC(1) = (MSB - MSW) / (MSB + (k_0 - 1) MSW)` (Shrout & Fleiss 1979, case 1).  Its
variance components are :math:`\\sigma^2_E = MSW` (between raters of one person) and
:math:`\\sigma^2_T = \\max(0, (MSB - MSW)/k_0)` (between persons).  For a person with *k* raters

.. math::

    r_{kk} = \\frac{k\\,\\rho}{1 + (k-1)\\rho}, \\quad \\rho = \\frac{\\sigma^2_T}{\\sigma^2_T + \\sigma^2_E}
    \\qquad\\text{(Spearman-Brown of ICC(1), truncated at 0)}

    SD_k = \\sqrt{\\sigma^2_T + \\sigma^2_E / k}, \\qquad SEM = SD_k \\sqrt{1 - r_{kk}}

(the classical :math:`SEM = SD\\sqrt{1 - r_{xx}}` with the SD of a mean of *k* ratings; it equals
:math:`\\sqrt{MSW / k}`, the standard error of a mean of *k* independent rater views).

Change between consecutive cycles *s* < *t* in which the person was rated
-----------------------------------------------------------------------
.. math::

    \\Delta = x_t - x_s, \\quad SE_{diff} = \\sqrt{SEM_s^2 + SEM_t^2}, \\quad RCI = \\Delta / SE_{diff}

and the flag is ``"naik"`` when :math:`RCI > z`, ``"turun"`` when :math:`RCI < -z`, else
``"stabil"`` (default :math:`z = 1.96`: a person whose true score did not change is flagged
with probability about 5%).  :math:`SE_{diff}` uses each cycle's own SEM (Maassen 2004's
variant of Jacobson & Truax's :math:`\\sqrt{2}\\,SEM`, which assumes equal error in both
cycles; here the raters and their number differ from cycle to cycle).  The same rater rating
the person in both cycles (the supervisor, usually) shares his leniency across them: the error
of the difference is then somewhat smaller and the flag somewhat conservative.  A shift of the
whole organisation between cycles (everyone rated more leniently, an easier instrument) is not
measurement error of a person: it moves everyone's difference and is seen in the unit trends
(:func:`unit_trends`); the flags speak to the person's change as scored.

References
----------
Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical approach to defining
meaningful change in psychotherapy research. Journal of Consulting and Clinical Psychology,
59(1), 12-19.
Maassen, G. H. (2004). The standard error in the Jacobson and Truax Reliable Change Index: The
classical approach to the assessment of reliable change. Journal of the International
Neuropsychological Society, 10(6), 888-893.
Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
reliability. Psychological Bulletin, 86(2), 420-428.
Lord, F. M., & Novick, M. R. (1968). Statistical theories of mental test scores (SEM, ch. 3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..frames import analysis_error, check_columns
from ..i18n import Msg
from .checks import OTHERS, status_column  # OTHERS: the groups in a trend score (self carries a self-bias)
from .scoring import OVERALL

#: Flags of :func:`score_trends`.
NAIK, TURUN, STABIL = "naik", "turun", "stabil"
Z_DEFAULT = 1.96

SCORE_COLUMNS = ["ratee", "competency", "score", "k"]
RELIABILITY_COLUMNS = ["competency", "n_targets", "n_raters", "k0", "MSB", "MSW", "ICC1", "var_true", "var_error"]


@dataclass
class PeriodScores:
    """One cycle's trend scores and reliability (:func:`period_scores`).

    Attributes
    ----------
    scores : DataFrame
        ``ratee, competency, score, k``: the mean of the other raters' rater means and the
        number of raters *k* (competencies, then ``overall``).
    reliability : DataFrame
        Per competency (and ``overall``): ``n_targets, n_raters`` (rater means), ``k0``, ``MSB``,
        ``MSW``, ``ICC1`` (the ANOVA estimate, may be negative) and the variance components
        ``var_true`` (truncated at 0) and ``var_error`` (= MSW).
    """

    scores: pd.DataFrame
    reliability: pd.DataFrame

    def with_error(self) -> pd.DataFrame:
        """``scores`` plus ``icc1``, ``r_kk``, ``sd_k`` and ``sem`` per person (:func:`person_sem`)."""
        rel = self.reliability.set_index("competency")
        comp = self.scores["competency"].astype(str)
        k = self.scores["k"].to_numpy(dtype=float)
        r_kk, sd_k, sem = person_sem(rel["var_true"].reindex(comp).to_numpy(dtype=float),
                                     rel["var_error"].reindex(comp).to_numpy(dtype=float), k)
        rho = rel["var_true"] / (rel["var_true"] + rel["var_error"])
        return self.scores.assign(icc1=rho.reindex(comp).to_numpy(dtype=float), r_kk=r_kk, sd_k=sd_k, sem=sem)


def person_sem(var_true, var_error, k):
    """Reliability ``r_kk``, ``SD_k`` and ``SEM`` of a mean of ``k`` raters (vectorised).

    :math:`\\rho = \\sigma^2_T / (\\sigma^2_T + \\sigma^2_E)`, :math:`r_{kk}` its Spearman-Brown
    projection to *k* raters, :math:`SD_k = \\sqrt{\\sigma^2_T + \\sigma^2_E/k}` and
    :math:`SEM = SD_k\\sqrt{1 - r_{kk}}` (= :math:`\\sqrt{\\sigma^2_E/k}`).  See the module
    docstring; the same idea as the per-ratee reliability of ``reliability`` (kept here, small,
    so the trend computation stays one vectorised pass).

    Examples
    --------
    ICC(1) = .25 (var_true 1, var_error 3) and 4 raters: r_kk = 4(.25)/(1 + 3(.25)) = .571429,
    SD_4 = sqrt(1 + 3/4), SEM = sqrt(3/4).

    >>> r, sd, sem = person_sem(1.0, 3.0, 4)
    >>> round(float(r), 6), round(float(sem), 6)
    (0.571429, 0.866025)
    """
    vt = np.maximum(np.asarray(var_true, dtype=float), 0.0)
    ve = np.asarray(var_error, dtype=float)
    k = np.asarray(k, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = vt / (vt + ve)
        r_kk = k * rho / (1.0 + (k - 1.0) * rho)
        sd_k = np.sqrt(vt + ve / k)
        sem = sd_k * np.sqrt(np.clip(1.0 - r_kk, 0.0, None))
    return r_kk, sd_k, sem


def _factorize(col: pd.Series) -> tuple[np.ndarray, pd.Index]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy(dtype=np.int64)
        return codes, pd.Index(col.cat.categories.astype(str))
    codes, uniques = pd.factorize(col.astype(str), sort=False)
    return codes.astype(np.int64), pd.Index(uniques)


def period_scores(data: pd.DataFrame, *, relationships: Iterable[str] = OTHERS) -> PeriodScores:
    """Trend scores (mean of the other raters' means) and reliability of one cycle.

    Parameters
    ----------
    data : DataFrame
        A ratings frame (``kinerja_survey.frames``): ``ratee, rater, relationship, competency,
        item, rating``; NaN ratings are skipped.
    relationships : iterable of str
        Rater groups that count (default supervisor, peer, subordinate).

    Returns
    -------
    PeriodScores

    Notes
    -----
    One vectorised pass (``bincount`` over integer codes): rater means per (ratee, rater,
    competency) and over all items, then the one-way ANOVA per competency.  ``ICC1``, ``MSB``,
    ``MSW`` and ``k0`` equal ``reliability.icc_nested`` on ``reliability.scale_scores`` of the
    same answers (tested).
    """
    check_columns(data, ("ratee", "rater", "relationship", "competency", "rating"), "period_scores")
    rel = data["relationship"]
    wanted = {str(r) for r in relationships}
    if isinstance(rel.dtype, pd.CategoricalDtype):  # test the categories, not 18 M strings
        ok_cat = np.array([str(c) in wanted for c in rel.cat.categories] + [False])
        in_group = ok_cat[rel.cat.codes.to_numpy()]
    else:
        in_group = rel.astype(str).isin(wanted).to_numpy()
    x = pd.to_numeric(data["rating"], errors="coerce").to_numpy(dtype=float)
    keep = in_group & ~np.isnan(x)
    ratee, ratees = _factorize(data["ratee"])
    rater, raters = _factorize(data["rater"])
    comp, comps = _factorize(data["competency"])
    ratee, rater, comp, x = ratee[keep], rater[keep], comp[keep], x[keep]
    K = len(comps)
    comp_labels = [str(c) for c in comps] + [OVERALL]
    # forms: (ratee, rater) pairs
    form, form_ratee = _forms(ratee, rater, max(len(raters), 1))
    n_forms = len(form_ratee)
    # rater means per form x competency (column K = all items)
    cell = form * (K + 1) + comp
    size = n_forms * (K + 1)
    s = np.bincount(cell, weights=x, minlength=size).reshape(n_forms, K + 1)
    n = np.bincount(cell, minlength=size).astype(float).reshape(n_forms, K + 1)
    s[:, K], n[:, K] = s[:, :K].sum(axis=1), n[:, :K].sum(axis=1)  # all items: sums of the competencies
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.where(n > 0, s / np.maximum(n, 1), np.nan)
    score_parts, rel_rows = [], []
    n_ratees = len(ratees)
    for c in range(K + 1):
        mc = m[:, c]
        ok = ~np.isnan(mc)
        g, v = form_ratee[ok], mc[ok]
        n_i = np.bincount(g, minlength=n_ratees).astype(float)
        sum_i = np.bincount(g, weights=v, minlength=n_ratees)
        present = n_i > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_i = np.where(present, sum_i / np.maximum(n_i, 1), np.nan)
        idx = np.flatnonzero(present)
        score_parts.append(pd.DataFrame({"ratee": ratees[idx], "competency": comp_labels[c],
                                         "score": mean_i[idx], "k": n_i[idx].astype(np.int64)}))
        rel_rows.append({"competency": comp_labels[c], **_oneway_components(g, v, n_i, mean_i, present)})
    scores = pd.concat(score_parts, ignore_index=True) if score_parts else pd.DataFrame(columns=SCORE_COLUMNS)
    return PeriodScores(scores[SCORE_COLUMNS], pd.DataFrame(rel_rows, columns=RELIABILITY_COLUMNS))


def _forms(ratee: np.ndarray, rater: np.ndarray, n_raters: int) -> tuple[np.ndarray, np.ndarray]:
    """Form index of each answer and the ratee of each form.

    A store's or a simulation's frame lists a form's answers together: then the forms are the
    runs of equal (ratee, rater) keys, found in one pass, provided no key starts two runs
    (checked on the run keys, one per form).  Otherwise hash-factorise every key.
    """
    key = ratee * n_raters + rater
    if len(key) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    run_keys = key[starts]
    if len(np.unique(run_keys)) == len(run_keys):
        form = np.repeat(np.arange(len(starts), dtype=np.int64), np.diff(np.r_[starts, len(key)]))
        return form, run_keys // n_raters
    form, keys = pd.factorize(key, sort=False)
    return form.astype(np.int64), np.asarray(keys, dtype=np.int64) // n_raters


def _oneway_components(g, v, n_i, mean_i, present) -> dict:
    """One-way ANOVA of rater means ``v`` on persons ``g`` (Shrout & Fleiss case 1, k0 for unbalanced)."""
    a = int(present.sum())
    N = float(n_i.sum())
    row = {"n_targets": a, "n_raters": int(N), "k0": np.nan, "MSB": np.nan, "MSW": np.nan, "ICC1": np.nan,
           "var_true": np.nan, "var_error": np.nan}
    if a < 2 or N - a < 1:
        return row
    k0 = (N - float((n_i[present] ** 2).sum()) / N) / (a - 1)
    grand = float(v.mean())
    ssb = float((n_i[present] * (mean_i[present] - grand) ** 2).sum())
    ssw = float(((v - mean_i[g]) ** 2).sum())
    msb, msw = ssb / (a - 1), ssw / (N - a)
    denom = msb + (k0 - 1.0) * msw
    icc1 = (msb - msw) / denom if denom > 0 else np.nan
    row.update(k0=k0, MSB=msb, MSW=msw, ICC1=icc1, var_true=max(0.0, (msb - msw) / k0), var_error=msw)
    return row


def score_trends(periods: Mapping | Sequence, *, z: float = Z_DEFAULT, units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each person's score per competency across cycles, with reliable-change flags.

    Parameters
    ----------
    periods : mapping period -> PeriodScores, or a sequence of (period, PeriodScores)
        In chronological order (the order given is the order used).  Persons are linked by
        their key (the NIP): a person who moved unit between cycles keeps one history.
    z : float
        Critical value of the reliable change index (default 1.96, two-sided 5%).
    units : DataFrame, optional
        ``period, ratee, unit_kerja``: the unit of each person *in each cycle* (the cycle's
        roster snapshot); copied onto the rows.

    Returns
    -------
    DataFrame
        One row per person x competency x cycle in which the person was rated: ``period,
        ratee, competency, score, k, icc1, r_kk, sd_k, sem`` and, from the person's previous
        rated cycle, ``prev_period, prev_score, delta, se_diff, rci, flag`` (``flag`` empty on
        a person's first cycle; ``"naik"``, ``"turun"`` or ``"stabil"`` otherwise).

    Raises
    ------
    ValueError
        ``z`` not positive, a period given twice, or an element that is not a PeriodScores.
    """
    if not isinstance(z, (int, float)) or isinstance(z, bool) or not z > 0:
        raise analysis_error("analysis.z_positive", value=repr(z))
    items = list(periods.items()) if isinstance(periods, Mapping) else list(periods)
    seen = set()
    frames = []
    for order, pair in enumerate(items):
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], PeriodScores)):
            raise analysis_error("analysis.periods_pairs")
        label, ps = pair
        if label in seen:
            raise analysis_error("analysis.period_twice", label=repr(label))
        seen.add(label)
        f = ps.with_error()
        f.insert(0, "period", label)
        f["_order"] = order
        frames.append(f)
    cols = ["period", "ratee", "competency", "score", "k", "icc1", "r_kk", "sd_k", "sem",
            "prev_period", "prev_score", "delta", "se_diff", "rci", "flag"]
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat(frames, ignore_index=True)
    df["ratee"] = df["ratee"].astype(str)
    df["competency"] = df["competency"].astype(str)
    # group key: person x competency (integer codes), then chronological order inside it
    r_codes, _ = pd.factorize(df["ratee"], sort=False)
    c_codes, c_uniques = pd.factorize(df["competency"], sort=False)
    key = r_codes.astype(np.int64) * max(len(c_uniques), 1) + c_codes
    order = np.lexsort((df["_order"].to_numpy(), key))
    key = key[order]
    same_sorted = np.r_[False, key[1:] == key[:-1]]
    # back to the input order (period by period), carrying the previous row's position
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = np.arange(len(order))
    prev_sorted = np.r_[0, order[:-1]]
    same = same_sorted[pos]
    prev = prev_sorted[pos]
    score, sem = df["score"].to_numpy(float), df["sem"].to_numpy(float)
    prev_score = np.where(same, score[prev], np.nan)
    with np.errstate(invalid="ignore"):
        se_diff = np.where(same, np.sqrt(sem ** 2 + sem[prev] ** 2), np.nan)
        delta = score - prev_score
        rci = delta / se_diff
    flag = np.full(len(df), "", dtype=object)
    flag[same] = STABIL
    flag[same & (rci > z)] = NAIK
    flag[same & (rci < -z)] = TURUN
    periods_arr = df["period"].to_numpy(dtype=object)
    df["prev_period"] = np.where(same, periods_arr[prev], None)
    df["prev_score"], df["delta"], df["se_diff"], df["rci"], df["flag"] = prev_score, delta, se_diff, rci, flag
    df = df[cols]
    if units is not None:
        check_columns(units, ("period", "ratee", "unit_kerja"), "units")
        u = units[["period", "ratee", "unit_kerja"]].assign(ratee=units["ratee"].astype(str)).drop_duplicates(
            ["period", "ratee"], keep="last")
        df = df.merge(u, on=["period", "ratee"], how="left")
        df.insert(2, "unit_kerja", df.pop("unit_kerja"))
    return df


def trend_summary(trends: pd.DataFrame, competency: str = OVERALL) -> pd.DataFrame:
    """One row per person: the scores of every cycle side by side for ``competency`` and the
    latest flag (``tren``), for a dashboard or a sheet.  Columns ``ratee``, ``skor_<period>``
    ..., ``tren`` (flag of the last change), ``n_naik``, ``n_turun``."""
    check_columns(trends, ("period", "ratee", "competency", "score", "flag"), "trends")
    t = trends[trends["competency"].astype(str) == str(competency)]
    periods = list(dict.fromkeys(t["period"].tolist()))
    wide = t.pivot_table(index="ratee", columns="period", values="score", aggfunc="first")
    wide = wide.reindex(columns=periods)
    wide.columns = [f"skor_{p}" for p in periods]
    last = t.groupby("ratee", sort=False)["flag"].last()
    counts = {f"n_{word}": t["flag"].eq(flag).groupby(t["ratee"], sort=False).sum()
              .reindex(wide.index, fill_value=0).astype(int) for word, flag in (("naik", NAIK), ("turun", TURUN))}
    out = wide.assign(tren=last.reindex(wide.index).fillna(""), **counts)
    return out.reset_index()


def unit_trends(trends: pd.DataFrame, *, min_size: int = 5, unit: str = "unit_kerja") -> pd.DataFrame:
    """Mean score per unit, competency and cycle, units under ``min_size`` persons suppressed.

    The unit of a person is the one of *that* cycle (``unit`` column of :func:`score_trends`
    with ``units``), so a person who moved counts in the old unit before the move and in the
    new one after.  A unit-cycle-competency cell with fewer than ``min_size`` rated persons has
    ``n`` kept but ``mean``/``sd`` left empty and ``status`` ``"disembunyikan (n < min_size)"``
    (meeting-mode rule: a small unit's mean identifies its members).  Also ``n_naik``,
    ``n_turun`` (counts of flagged changes, suppressed the same way).
    """
    if isinstance(min_size, bool) or not isinstance(min_size, (int, np.integer)) or min_size < 1:
        raise analysis_error("an_count", name="min_size", value=repr(min_size))
    check_columns(trends, ("period", unit, "competency", "score", "flag"), "trends")
    t = trends.assign(_naik=trends["flag"].eq(NAIK), _turun=trends["flag"].eq(TURUN))
    t[unit] = t[unit].fillna(Msg("analysis.unit_unknown")).astype(str)
    g = t.groupby(["period", unit, "competency"], sort=False, observed=True)
    out = g.agg(n=("score", "size"), mean=("score", "mean"), sd=("score", "std"),
                n_naik=("_naik", "sum"), n_turun=("_turun", "sum")).reset_index()
    small = out["n"] < min_size
    out.loc[small, ["mean", "sd"]] = np.nan
    out["n_naik"] = out["n_naik"].astype(float)
    out["n_turun"] = out["n_turun"].astype(float)
    out.loc[small, ["n_naik", "n_turun"]] = np.nan
    out["status"] = status_column(small, Msg("analysis.suppressed_n", n=min_size))
    return out


def consecutive_runs(table: pd.DataFrame, periods: Sequence, *, flag: str = "qualifies") -> pd.DataFrame:
    """Per person, the run of consecutive periods in which ``flag`` is true.

    Parameters
    ----------
    table : DataFrame
        ``period, ratee, <flag>`` (bool), one row per person and period in which the person was
        rated.
    periods : sequence
        Every period in chronological order.  A period in which the person was not rated breaks
        the run (nothing is known about it).

    Returns
    -------
    DataFrame
        ``ratee, streak`` (the run ending at the last period: 0 when the person does not qualify
        in it), ``longest`` (the longest run anywhere), ``n_qualified``.

    Examples
    --------
    >>> t = pd.DataFrame({"period": [1, 2, 3, 1, 3], "ratee": list("aaabb"),
    ...                   "qualifies": [True, True, True, True, True]})
    >>> consecutive_runs(t, [1, 2, 3]).to_dict("records")
    [{'ratee': 'a', 'streak': 3, 'longest': 3, 'n_qualified': 3}, {'ratee': 'b', 'streak': 1, 'longest': 1, 'n_qualified': 2}]
    """
    check_columns(table, ("period", "ratee", flag), "consecutive_runs")
    periods = list(periods)
    pos = {p: i for i, p in enumerate(periods)}
    unknown = set(table["period"]) - set(pos)
    if unknown:
        raise analysis_error("analysis.period_unknown", label=sorted(map(str, unknown))[0])
    wide = (table.assign(_q=table[flag].astype(bool), ratee=table["ratee"].astype(str))
            .pivot_table(index="ratee", columns="period", values="_q", aggfunc="last", sort=False)
            .reindex(columns=periods))
    q = wide.fillna(False).to_numpy(dtype=bool)
    run = np.zeros(len(wide), dtype=np.int64)
    longest = np.zeros(len(wide), dtype=np.int64)
    for j in range(q.shape[1]):
        run = np.where(q[:, j], run + 1, 0)
        longest = np.maximum(longest, run)
    return pd.DataFrame({"ratee": wide.index.astype(str), "streak": run, "longest": longest,
                         "n_qualified": q.sum(axis=1)})


__all__ = ["NAIK", "OTHERS", "PeriodScores", "STABIL", "TURUN", "Z_DEFAULT", "consecutive_runs", "period_scores", "person_sem",
           "score_trends", "trend_summary", "unit_trends"]
