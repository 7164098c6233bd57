"""The results dashboard (``notebooks/hasil.ipynb``, served by Voilà): logic and widgets.

Organisation and unit views of a cycle: predikat distribution against the kurva distribusi,
competency heatmap by unit, self vs others, reliability summary, response rates and the list of
employees; filters by period (cycle) and unit; **meeting mode on by default**: NIPs are
pseudonymised (``nip.pseudonymise``) and names hidden.

Anonymity: individual scores come from ``scoring.score_cycle`` (rater groups under their
threshold already excluded); a unit's reliability is computed from the displayable ratings
(``scoring.displayable_ratings``) only.  Every aggregate over people -- a unit's competency
means, its predikat distribution, its reliability -- is shown only for at least ``min_people``
people (default 3, the peer threshold).  In meeting mode (:func:`meeting_people`) a person whose
own unit has fewer than ``min_people`` rated people is not shown individually in any tab, and
counts in aggregates only under a parent unit that has enough people, so that no two views can
be subtracted to single them out.

Only a closed cycle is shown unless the viewer ticks *tampilkan hasil sementara*; the
dashboard opens on the newest cycle with results.  The period selector says each period's state
(:func:`period_word`: *terbuka*, *ditutup, belum diumumkan*, *diumumkan*); under the predikat
heading a line names who is rated but not in the chart and why (``cycle.left_out_of_grid``; the
count and reason only in meeting mode); every count column is shown as a whole number
(:func:`integer_counts`).  Every label is Indonesian (``?lang=en``:
English), from ``locale/dashboard.py`` and ``present.labels``.

The pure functions (``load_dashboard_data``, ``select_unit``, ``competency_by_unit``,
``predikat_summary``, ``reliability_summary``, ``response_summary``, ``people_table``) are the
testable core; ``results_app`` only wires them to ipywidgets.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from .. import cycle as uc
from ..analysis.predikat import ORG_PREDIKAT, PREDIKAT_LABELS, check_distribution
from ..analysis.scoring import ScoringConfig, group_name
from ..errors import KinerjaError
from ..i18n import LANGUAGES, Localized, fmt_percent, resolve_lang, t
from ..collect.instrument import Instrument
from ..present.exports import HIDDEN_UNIT, coarsen_units, pseudonym_secret, pseudonymise_frame
from ..present.labels import labelled, screen_label
from .boundary import ErrorBoundary
from .html import esc, html_table

SUPPRESSED = t("analysis.suppressed", "id")
#: The panels (tabs) of a view, in order.
PANELS = ("ringkasan", "kompetensi", "reliabilitas", "respons", "pegawai")

#: The unit filter's choice for the whole organisation (``"(seluruh organisasi)"``; in another
#: language ``t("dash.org", lang)``, which every function also reads as the whole organisation).
ORG = t("dash.org", "id")
_ORG_CHOICES = frozenset(t("dash.org", lang) for lang in LANGUAGES)


def _is_org(unit) -> bool:
    return unit is None or unit == "" or unit in _ORG_CHOICES


def _text(value, lang) -> str:
    """A text of the results (a str, or an ``i18n.Msg``/error that renders itself) in ``lang``."""
    return value.render(lang) if isinstance(value, Localized) else str(value)


@dataclass
class DashboardData:
    """One cycle, loaded and scored once for every view."""

    cycle_id: int
    cycle_name: str
    instrument: Instrument
    people: pd.DataFrame  # per ratee: nip, nama, jabatan, unit_kerja + score_cycle columns
    ratings: pd.DataFrame
    rates_unit: pd.DataFrame
    reliability: dict | None  # reliability_report of the whole cycle (None if it could not be computed)
    reliability_error: str = ""  # an i18n.Msg (or text) saying why the reliability is missing
    shown_ratings: pd.DataFrame | None = None  # scoring.displayable_ratings: for every unit-level figure
    provisional: bool = False  # the cycle is not closed: hasil sementara
    state: str = "final"  # ``CycleResults.state``: open / unpublished / final
    #: ``cycle.left_out_of_grid``: the rated people outside the predikat chart and why (None: not known)
    left_out: pd.DataFrame | None = None
    _cache: dict | None = None

    def cached(self, key, make):
        """``make()`` computed once per ``key`` for this cycle (views redraw fast)."""
        if self._cache is None:
            self._cache = {}
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def units(self) -> list[str]:
        """Every unit path and each of its parents, sorted."""
        out = set()
        for u in self.people["unit_kerja"].dropna().astype(str):
            parts = u.split(" / ")
            out.update(" / ".join(parts[: k + 1]) for k in range(len(parts)))
        return sorted(out)


def load_dashboard_data(store, cycle_id: int, config: ScoringConfig | None = None, *,
                        sementara: bool = False) -> DashboardData:
    """The cycle's results (``cycle.load_results``: overrides applied) and its reliability, once.

    Raises
    ------
    ValueError
        The cycle has no submitted ratings, or is not closed and ``sementara`` is False
        (``cycle.ProvisionalError``).
    """
    results = uc.load_results(store, cycle_id, config, provisional=sementara)
    data = dashboard_data(results, str(store.cycle(cycle_id)["name"]))
    data.left_out = uc.left_out_of_grid(store, cycle_id, results)
    return data


def dashboard_data(results, name: str | None = None) -> DashboardData:
    """The dashboard's view of a ``CycleResults`` (scores, displayable ratings, reliability)."""
    rel, err = None, ""
    try:
        rel = results.reliability()
    except ValueError as exc:
        err = exc.as_msg() if isinstance(exc, KinerjaError) else str(exc)
    rates = results.response_rates_unit
    if rates is None:
        rates = pd.DataFrame(columns=["unit_kerja", "invited", "submitted"])
    return DashboardData(results.cycle_id or 0, name or results.cycle_name, results.instrument, results.people,
                         results.ratings, rates, rel, err, results.shown_ratings, results.provisional, results.state)


def meeting_people(people: pd.DataFrame, min_people: int = 3) -> pd.DataFrame:
    """The people of a meeting view: ``unit_kerja`` coarsened (``exports.coarsen_units``) so that
    every unit stands for at least ``min_people`` people -- someone alone in a unit (head of the
    agency, a kepala bidang) counts in the parent unit's figures -- and people left in no unit
    big enough dropped.  Column ``sendiri`` is True for a person whose own unit is smaller than
    ``min_people``: never listed or drawn individually.
    """
    units = people["unit_kerja"].astype(str)
    coarse = coarsen_units(units, min_people)
    out = people.assign(unit_kerja=coarse.to_numpy(), sendiri=(units.map(units.value_counts()) < min_people).to_numpy())
    return out[out["unit_kerja"] != HIDDEN_UNIT]


#: columns that hold counts of people or forms (``n_naik``, ``peer_invited``, ... too): shown as integers
COUNT_COLUMNS = frozenset({"n", "jumlah", "naik", "turun", "invited", "submitted"})


def _is_count(column) -> bool:
    name = str(column)
    return name in COUNT_COLUMNS or name.startswith("n_") or name.endswith(("_invited", "_submitted"))


def integer_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every count column (:data:`COUNT_COLUMNS`) as whole numbers (pandas
    ``Int64``; a missing count stays missing), so a table shows ``5``, never ``5,00``: a count
    column turns float as soon as one cell is missing (no change yet in a first period)."""
    cols = [c for c in frame.columns if _is_count(c) and pd.api.types.is_numeric_dtype(frame[c])]
    if not cols:
        return frame
    return frame.assign(**{str(c): frame[c].round().astype("Int64") for c in cols})


def _in_unit(units: pd.Series, unit: str | None) -> pd.Series:
    if _is_org(unit):
        return pd.Series(True, index=units.index)
    units = units.astype(str)
    return (units == unit) | units.str.startswith(unit + " / ")


def select_unit(people: pd.DataFrame, unit: str | None) -> pd.DataFrame:
    """People of ``unit`` and the units under it (``None`` or ``ORG``: everyone)."""
    return people[_in_unit(people["unit_kerja"], unit)]


def short_unit(path: str, root: str | None = None) -> str:
    """A unit path without the organisation root (``"A / B / C"`` -> ``"B / C"``)."""
    parts = str(path).split(" / ")
    if root is not None:
        rparts = root.split(" / ")
        if parts[: len(rparts)] == rparts and len(parts) > len(rparts):
            return " / ".join(parts[len(rparts):])
        return parts[-1]
    return " / ".join(parts[1:]) if len(parts) > 1 else parts[0]


def competency_by_unit(
    people: pd.DataFrame,
    instrument: Instrument,
    *,
    depth: int | None = None,
    min_people: int = 3,
    root: str | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Mean combined score per unit x competency, units under ``min_people`` blanked.

    Parameters
    ----------
    people : DataFrame
        ``unit_kerja`` plus ``combined_<code>`` per competency (``load_dashboard_data().people``).
    instrument : Instrument
        Competency order and names (columns are the names, in ``lang``).
    depth : int, optional
        Cut unit paths to this many levels first (1 = the organisation, 2 = bidang, ...).
    min_people : int
        Minimum number of people with a score in a unit for its row to be shown.
    root : str, optional
        Prefix removed from the row labels.

    Returns
    -------
    DataFrame
        Index unit label; one column per competency (NaN = disembunyikan) and ``n``.
    """
    if min_people < 1:
        raise DashboardError("dash.min_people", value=repr(min_people))
    if people.empty:
        raise DashboardError("dash.no_scores")
    lang = resolve_lang(lang)
    unit = people["unit_kerja"].astype(str)
    if depth is not None:
        unit = unit.str.split(" / ").str[:depth].str.join(" / ")
    cols = {f"combined_{c.code}": c.name.get(lang) or c.name.get("id", c.code) for c in instrument.competencies
            if f"combined_{c.code}" in people.columns}
    g = people[list(cols)].groupby(unit.to_numpy())
    means = g.mean().rename(columns=cols)
    n = people["combined"].notna().groupby(unit.to_numpy()).sum().astype(int)
    means.loc[n[n < min_people].index, :] = np.nan
    means["n"] = n
    means.index = [short_unit(u, root) for u in means.index]
    return means


def predikat_summary(people: pd.DataFrame, org_predikat: str = "Baik", *, min_people: int = 3):
    """Predikat counts and the kurva distribusi check of a group of people.

    Returns
    -------
    (counts, rules) : (DataFrame, DataFrame or None)
        ``counts``: predikat, jumlah, persen (one row per predikat label); ``rules``:
        ``check_distribution(..., all_rules=True)``.  With fewer than ``min_people`` people with a
        predikat both are suppressed: counts is empty and rules is None.
    """
    pred = people["predikat"].dropna() if "predikat" in people.columns else pd.Series(dtype=object)
    if len(pred) < min_people:
        return pd.DataFrame(columns=["predikat", "jumlah", "persen"]), None
    counts = pred.value_counts().reindex(PREDIKAT_LABELS, fill_value=0)
    table = pd.DataFrame({"predikat": PREDIKAT_LABELS, "jumlah": counts.to_numpy(),
                          "persen": (100 * counts / counts.sum()).round(1).to_numpy()})
    return integer_counts(table), check_distribution(pred, org_predikat, all_rules=True)


def reliability_summary(data: DashboardData, unit: str | None = None, *, min_people: int = 10,
                        people: pd.DataFrame | None = None, lang: str | None = None) -> pd.DataFrame:
    """The ``summary`` table of ``reliability_report`` for the organisation or one unit.

    The organisation's is computed from every answer of the cycle; a unit's from the
    *displayable* ratings of its ratees (``data.shown_ratings``: groups under their threshold
    left out, so a hidden group's answers cannot move it), when it has at least ``min_people``
    ratees (ICC and agreement need a spread of ratees); otherwise, or when the statistics
    cannot be computed, a one-row table says why.  ``people`` (default ``data.people``) decides
    who belongs to the unit (the meeting view passes :func:`meeting_people`).
    """
    if _is_org(unit):
        if data.reliability is None:
            return pd.DataFrame({"keterangan": [t("dash.rel_unavailable", lang, error=data.reliability_error)]})
        return data.reliability["summary"]
    from ..analysis.reliability import reliability_report

    people = data.people if people is None else people
    keys = set(select_unit(people, unit)["nip"].astype(str))
    if len(keys) < min_people:
        return pd.DataFrame({"keterangan": [t("dash.hidden_unit", lang, n=min_people)]})
    ratings = data.shown_ratings if data.shown_ratings is not None else data.ratings
    sub = ratings[ratings["ratee"].astype(str).isin(keys)]
    try:
        return reliability_report(sub, tables=["summary"])["summary"]
    except ValueError as exc:
        return pd.DataFrame({"keterangan": [t("dash.rel_unavailable", lang, error=_text(exc, lang))]})


class DashboardError(KinerjaError, ValueError):
    """A dashboard view cannot be made from what was given."""


#: measure of ``reliability_report``'s summary (its name, or the i18n key of a named one) -> the
#: key of its plain-language name (``dash.m_*``) and meaning (``dash.m_*.about``)
_MEASURES = {"ICC(1,k)": "dash.m_icc1k", "ICC(1)": "dash.m_icc1", "Cronbach alpha": "dash.m_alpha",
             "analysis.m_rwg_mean": "dash.m_rwg", "Krippendorff alpha": "dash.m_kripp"}
_USE = ("baik", "cukup", "rendah")
#: the judgement of a reliability value: "baik" and "rendah" are the analysis layer's words
_LEVEL_KEYS = {"baik": "analysis.r_level_good", "cukup": "dash.level_cukup", "rendah": "analysis.r_level_low"}


def reliability_level(value: float) -> str:
    """Plain-language judgement of a reliability or agreement coefficient: ``baik`` (>= 0,80),
    ``cukup`` (>= 0,60), ``rendah`` (below), ``-`` when missing.

    Cut points after the usual reading of reliability coefficients (Nunnally & Bernstein 1994:
    .70-.80 for group comparisons, .80+ for decisions about people); .60 as the lower bound of
    "usable with care" follows Krippendorff (2004, tentative conclusions from alpha >= .667).
    """
    if value is None or not np.isfinite(value):
        return "-"
    return "baik" if value >= 0.80 else "cukup" if value >= 0.60 else "rendah"


def reliability_reading(summary: pd.DataFrame, instrument: Instrument | None = None,
                        lang: str | None = None) -> pd.DataFrame:
    """The reliability summary for a meeting: ``Ukuran, Untuk, Nilai, Penilaian, Artinya`` (the
    headers and texts in ``lang``).

    Group codes become names (atasan, rekan kerja, ...), competency codes their names;
    every coefficient gets :func:`reliability_level` and what that means for using the scores.
    A one-column ``keterangan`` table is returned unchanged.
    """
    if "measure" not in summary.columns:
        return summary
    lang = resolve_lang(lang)
    names = {c.code: c.name.get(lang) or c.name.get("id", c.code) for c in instrument.competencies} if instrument else {}
    groups = {**{g: group_name(g, lang) for g in ("self", "supervisor", "peer", "subordinate")},
              **{g: t(f"dash.g_{g}", lang) for g in ("overall", "ALL", "items", "scores")}}
    rows = []
    for r in summary.itertuples(index=False):
        key = _MEASURES.get(getattr(r.measure, "key", str(r.measure)))
        measure, meaning = (t(key, lang), t(f"{key}.about", lang)) if key else (_text(r.measure, lang), "")
        value = float(r.value) if r.value is not None and pd.notna(r.value) else np.nan
        level = "-" if r.measure == "ICC(1)" else reliability_level(value)
        if level in _USE:
            meaning = t("dash.meaning_level", lang, meaning=meaning, level=t(_LEVEL_KEYS[level], lang),
                        use=t(f"dash.use_{level}", lang))
        elif not np.isfinite(value) and isinstance(r.reading, str) and r.reading:
            meaning = t("dash.meaning_na", lang, meaning=meaning, reading=_text(r.reading, lang))
        rows.append({screen_label("measure", lang): measure,
                     screen_label("for", lang): names.get(str(r.group), groups.get(str(r.group), str(r.group))),
                     screen_label("value", lang): value,
                     screen_label("level", lang): t(_LEVEL_KEYS[level], lang) if level in _USE else level,
                     screen_label("meaning", lang): meaning})
    return pd.DataFrame(rows)


def response_summary(rates_unit: pd.DataFrame, unit: str | None = None, *, root: str | None = None,
                     lang: str | None = None) -> pd.DataFrame:
    """Invited / submitted forms per unit (rows of ``unit`` and below) with a total row."""
    rows = rates_unit[_in_unit(rates_unit["unit_kerja"], unit)].copy()
    cols = [c for c in rows.columns if c.endswith(("_invited", "_submitted"))] + ["invited", "submitted"]
    total = rows[cols].sum()
    rows["unit_kerja"] = [short_unit(u, root) for u in rows["unit_kerja"]]
    out = pd.concat([rows[["unit_kerja"] + cols], pd.DataFrame([{"unit_kerja": t("dash.total", lang), **total.to_dict()}])],
                    ignore_index=True)
    out["rate"] = np.where(out["invited"] > 0, out["submitted"] / out["invited"].where(out["invited"] > 0), np.nan)
    return integer_counts(out)


def response_display(table: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """:func:`response_summary` for a screen: unit, response rate as a percentage, then the
    counts, with people's headers in ``lang`` (narrow enough for a projector)."""
    rate = [fmt_percent(v, 0, lang) for v in table["rate"].astype(float)]
    front = pd.DataFrame({screen_label("unit_kerja", lang): table["unit_kerja"], screen_label("rate", lang): rate,
                          screen_label("submitted", lang): table["submitted"], screen_label("invited", lang): table["invited"]})
    groups = [g for g in ("supervisor", "peer", "subordinate", "self") if f"{g}_submitted" in table.columns]
    for g in groups:
        front[t("dash.c_group_rate", lang, group=group_name(g, lang).capitalize())] = [
            f"{int(a)}/{int(b)}" for a, b in zip(table[f"{g}_submitted"], table[f"{g}_invited"])]
    return front


def people_table(
    people: pd.DataFrame,
    *,
    meeting_mode: bool = True,
    secret: str | None = None,
    min_people: int = 3,
    unit: str | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """The employee list of a view: NIP, name, unit, combined score, ratings and predikat.

    In meeting mode the NIP becomes ``pseudonymise(nip, secret)`` (column ``kode``), the name
    and jabatan are dropped, people whose own unit has fewer than ``min_people`` rated people are
    not listed (:func:`meeting_people`: someone alone in a unit is identified by it), and a
    selection of fewer than ``min_people`` people is not shown.
    """
    if meeting_mode:
        if "sendiri" not in people.columns:
            people = meeting_people(people, min_people)
        people = people[~people["sendiri"]]
    sub = select_unit(people, unit)
    cols = ["nip", "nama", "jabatan", "unit_kerja", "combined", "mean_self", "mean_others", "rating_perilaku",
            "rating_hasil_kerja", "predikat_usulan", "predikat"]
    out = sub[[c for c in cols if c in sub.columns]].sort_values(["unit_kerja", "combined"], ascending=[True, False])
    if not meeting_mode:
        return out.reset_index(drop=True)
    if len(out) < min_people:
        return pd.DataFrame({"keterangan": [t("dash.hidden_people", lang, n=min_people)]})
    secret = pseudonym_secret(secret)
    out = out.drop(columns=["jabatan"], errors="ignore")
    out = pseudonymise_frame(out.reset_index(drop=True), out["nip"].astype(str), secret=secret)
    return out.rename(columns={"nip": "kode"})


def _display_people(table: pd.DataFrame, root: str | None, lang: str | None = None) -> pd.DataFrame:
    """The employee list for a screen: short unit names, people's headers (in ``lang``)."""
    if "unit_kerja" in table.columns:
        table = table.assign(unit_kerja=[short_unit(u, root) for u in table["unit_kerja"]])
    return labelled(table, lang)


# --- widgets ------------------------------------------------------------------------------------

#: the dashboard's tables arrive with people's headers (``labelled``, ``screen_label``), in a scroll box
_SHOWN = {"headers": False, "wrap": "ks-scroll"}

_CSS = """
<style>
.ks-dash { max-width: none; }
.ks-dash h3 { margin: 2px 0 4px 0; font-size: 15px; color: #1f3b73; }
.ks-dash table { border-collapse: collapse; font-size: 13px; margin: 4px 0 10px 0; }
.ks-dash th { background: #1f3b73; color: white; padding: 4px 8px; text-align: left; white-space: nowrap; }
.ks-dash td { border-bottom: 1px solid #e1e6ee; padding: 3px 8px; }
.ks-dash .ks-scroll { overflow-x: auto; max-width: 100%; }
.ks-dash .ks-row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.ks-dash .ks-chart { max-width: 100%; max-height: 440px; }
.ks-dash .muted { color: #5b6470; font-size: 12px; }
.ks-dash .bad { color: #b71c1c; }
.ks-dash .ok { color: #1b5e20; }
.ks-meeting { background: #fff3cd; border: 1px solid #e0a800; padding: 2px 8px; border-radius: 5px; }
.ks-sementara { background: #b71c1c; color: white; padding: 2px 8px; border-radius: 5px; font-weight: bold; }
.ks-title { color: #1f3b73; font-size: 20px; font-weight: bold; margin: 0 0 2px 0; }
.ks-status p { margin: 2px 0; }
.ks-kuadran-row { display: flex; flex-wrap: wrap; gap: 16px; }
.ks-kuadran table td { text-align: center; min-width: 3em; }
/* whole tab labels (ipywidgets/Lumino tab bar): no truncation */
.ks-tabs .lm-TabBar-tab, .ks-tabs .p-TabBar-tab { flex: 0 0 auto !important; min-width: fit-content !important;
  max-width: none !important; }
.ks-tabs .lm-TabBar-tabLabel, .ks-tabs .p-TabBar-tabLabel { overflow: visible !important; text-overflow: clip !important; }
</style>
"""


def _img(fig, alt: str = "") -> str:
    from ..present.plots import figure_bytes

    return (f'<img src="data:image/png;base64,{base64.b64encode(figure_bytes(fig)).decode()}" '
            f'class="ks-chart" alt="{esc(alt)}">')


def render_view(
    data: DashboardData,
    unit: str | None = None,
    *,
    org_predikat: str = "Baik",
    meeting_mode: bool = True,
    secret: str | None = None,
    min_people: int = 3,
    panels=PANELS,
    lang: str | None = None,
) -> dict[str, str]:
    """HTML of the panels of one view (organisation or unit), by panel name.

    Panels: ``ringkasan`` (predikat distribution vs kurva distribusi, self vs others),
    ``kompetensi`` (heatmap by unit), ``reliabilitas`` (with a plain-language reading),
    ``respons``, ``pegawai``; ``panels`` chooses which are made (the app draws only the open
    tab, so that changing the unit costs one panel).  In meeting mode every panel works on
    :func:`meeting_people`.  Texts in ``lang`` (Bahasa Indonesia by default).
    """
    lang = resolve_lang(lang)
    panels = set(panels)
    people = data.cached(("meeting", min_people), lambda: meeting_people(data.people, min_people)) \
        if meeting_mode else data.people
    sub = select_unit(people, unit)
    root = None if _is_org(unit) else unit
    label = t("dash.whole_org", lang) if root is None else t("closing.org_where_unit", lang, unit=root)
    out = {}
    left_out = len(select_unit(data.people, unit)) - len(sub)
    hidden_note = (f'<p class="muted">{esc(t("dash.meeting_left_out", lang, n=left_out, min=min_people))}</p>'
                   if meeting_mode and left_out > 0 else "")
    if "ringkasan" in panels:
        out["ringkasan"] = (_summary_panel(sub, label, org_predikat, meeting_mode, min_people, lang,
                                           left_out=data.left_out) + hidden_note)
    if "kompetensi" in panels:
        out["kompetensi"] = _competency_panel(data, people, sub, unit, root, meeting_mode, min_people, lang)
    if "reliabilitas" in panels:
        rel = data.cached(("rel", unit, meeting_mode, min_people, lang),
                          lambda: reliability_summary(data, unit, people=people, lang=lang))
        scope = t("dash.scope_org" if root is None else "dash.scope_unit", lang)
        out["reliabilitas"] = (f"<h3>{esc(t('dash.rel_heading', lang, label=label))}</h3>"
                               f"<p class='muted'>{esc(t('dash.rel_scope', lang, scope=scope))}</p>"
                               + html_table(reliability_reading(rel, data.instrument, lang), lang, **_SHOWN))
    if "respons" in panels:
        out["respons"] = html_table(response_display(response_summary(data.rates_unit, unit, root=root, lang=lang),
                                                     lang), lang, **_SHOWN)
    if "pegawai" in panels:
        listing = people_table(people, meeting_mode=meeting_mode, secret=secret, min_people=min_people, unit=unit,
                               lang=lang)
        out["pegawai"] = html_table(_display_people(listing, root, lang), lang, **_SHOWN) + hidden_note
    return {k: out[k] for k in PANELS if k in out}


def left_out_lines(left_out: pd.DataFrame | None, people: pd.DataFrame, *, names: bool = True,
                   lang: str | None = None) -> list[str]:
    """Who of ``people`` is not in the predikat chart and why, one line per reason (in the order
    rating perilaku, hasil kerja, predikat): ``"1 pegawai tidak masuk grafik: belum ada rating hasil
    kerja – Nama (NIP)"``; without ``names`` (meeting mode) the count and the reason only.
    ``left_out`` is ``cycle.left_out_of_grid``; people with a predikat are never listed."""
    if left_out is None or left_out.empty or people.empty:
        return []
    here = left_out[left_out["nip"].astype(str).isin(set(people["nip"].astype(str)))]
    if "predikat" in people.columns:  # the chart counts every predikat it is given
        have = set(people.loc[people["predikat"].notna(), "nip"].astype(str))
        here = here[~here["nip"].astype(str).isin(have)]
    lines = []
    for reason in ("perilaku", "hasil_kerja", "predikat"):
        who = here[here["reason"] == reason]
        if who.empty:
            continue
        why = t(f"dash.left_out_{reason}", lang)
        if names:
            listed = ", ".join(f"{n} ({nip})" for n, nip in zip(who["nama"].astype(str), who["nip"].astype(str)))
            lines.append(t("dash.left_out_names", lang, n=len(who), reason=why, names=listed))
        else:
            lines.append(t("dash.left_out", lang, n=len(who), reason=why))
    return lines


def _summary_panel(sub, label, org_predikat, meeting_mode, min_people, lang="id", *, left_out=None) -> str:
    from ..present.plots import predikat_distribution, self_vs_others

    counts, rules = predikat_summary(sub, org_predikat, min_people=min_people)
    parts = [f"<h3>{esc(t('dash.predikat_heading', lang, label=label, n=len(sub)))}</h3>"]
    if rules is not None:  # the chart counts the people with a predikat: say who else is rated, and why
        parts += [f"<p class='muted ks-left-out'>{esc(line)}</p>"
                  for line in left_out_lines(left_out, sub, names=not meeting_mode, lang=lang)]
    if rules is None:
        parts.append(f'<p class="muted">{esc(t("dash.hidden_predikat", lang, n=min_people))}</p>')
    else:
        fig = predikat_distribution(sub["predikat"].dropna(), org_predikat, lang=lang)
        bad = rules[~rules["satisfied"]]
        msg = (f'<p class="ok">{esc(t("dash.curve_ok", lang))}</p>' if bad.empty else
               "<ul>" + "".join(f'<li class="bad">{esc(_text(m, lang))}</li>' for m in bad["message"]) + "</ul>")
        side = msg + html_table(counts.rename(columns={"predikat": screen_label("predikat", lang),
                                                       "jumlah": screen_label("jumlah", lang),
                                                       "persen": screen_label("persen", lang)}), lang, digits=1, **_SHOWN)
        row = [_img(fig, t("dash.alt_distribution", lang)), side]
        pts = sub.dropna(subset=["mean_self", "mean_others"])
        if meeting_mode and "sendiri" in pts.columns:
            pts = pts[~pts["sendiri"]]
        if len(pts) >= min_people:
            row.append(_img(self_vs_others(pts, lang=lang), t("plot.self_title", lang)))
        # one wrapping row: side by side on a wide screen, one under the other on a narrow one
        parts.append("<div class='ks-row'>" + "".join(f"<div>{x}</div>" for x in row) + "</div>")
    return "".join(parts)


def _competency_panel(data, people, sub, unit, root, meeting_mode, min_people, lang="id") -> str:
    from ..present.plots import competency_heatmap

    try:
        depth = 2 if root is None else len(root.split(" / ")) + 1
        table = competency_by_unit(sub, data.instrument, depth=depth, min_people=min_people, root=root, lang=lang)
        hidden = table.index[table.drop(columns="n").isna().all(axis=1)]
        shown = table.drop(index=hidden)
        hidden_units = list(map(str, hidden))
        if meeting_mode:
            # units whose people all moved out of the view (too small): named, never drawn
            here = set(select_unit(people, unit)["unit_kerja"].astype(str))
            for u in sorted(set(select_unit(data.people, unit)["unit_kerja"].astype(str)) - here):
                short = short_unit(u, root) if root is not None and u != root else short_unit(u)
                if short not in hidden_units:
                    hidden_units.append(short)
        note = (f'<p class="muted">{esc(t("dash.hidden_units", lang, n=min_people, units=", ".join(hidden_units)))}'
                '</p>' if hidden_units else "")
        if shown.empty:
            return note or f'<p class="muted">{esc(t("analysis.suppressed", lang))}</p>'
        return _img(competency_heatmap(shown, lang=lang), t("dash.alt_heatmap", lang)) + note
    except ValueError as exc:
        return f'<p class="muted">{esc(_text(exc, lang))}</p>'


def meeting_units(data: DashboardData, min_people: int = 3) -> list[str]:
    """The unit filter's choices in meeting mode: units (and parents) of :func:`meeting_people`."""
    out = set()
    for u in meeting_people(data.people, min_people)["unit_kerja"].astype(str):
        parts = u.split(" / ")
        out.update(" / ".join(parts[: k + 1]) for k in range(len(parts)))
    return sorted(out)


def trend_panel(store, unit: str | None = None, *, min_people: int = 5, tables: dict | None = None,
                lang: str | None = None) -> str:
    """HTML of the *Tren antarperiode* tab: the mean overall score per unit and finished cycle,
    with how many people changed beyond measurement error (``cycle.unit_trend_table``); units
    under ``min_people`` show their size only, in every mode (a small unit's mean identifies its
    members).  Across cycles, so it does not follow the chosen cycle."""
    root = None if _is_org(unit) else unit
    table = uc.unit_trend_table(store, root, min_unit_size=min_people, tables=tables)
    head = (f"<h3>{esc(t('dash.trend_title', lang))}</h3>"
            f"<p class='muted'>{t('dash.trend_intro', lang, n=min_people)}</p>")
    if table.empty:
        return head + f"<p class='muted'>{esc(t('dash.trend_none', lang))}</p>"
    shown = integer_counts(table.assign(unit_kerja=[short_unit(u, root) for u in table["unit_kerja"]]))
    return head + html_table(labelled(shown, lang), lang, **_SHOWN)


def kuadran_panel(kuadran: pd.DataFrame, lang: str | None = None) -> str:
    """HTML of the kuadran (Rating Hasil Kerja x Rating Perilaku) of every finished cycle side by
    side: how many people in each cell, so that a leader sees the organisation move between
    periods.  Organisation-wide counts only (no unit, no person)."""
    from ..vocab import DIATAS, DIBAWAH, SESUAI

    head = (f"<h3>{esc(t('dash.kuadran_title', lang))}</h3>"
            f"<p class='muted'>{esc(t('dash.kuadran_intro', lang))}</p>")
    if kuadran is None or kuadran.empty:
        return head + f"<p class='muted'>{esc(t('dash.kuadran_none', lang))}</p>"
    levels = (DIATAS, SESUAI, DIBAWAH)
    short = {DIATAS: "Diatas", SESUAI: "Sesuai", DIBAWAH: "Dibawah"}  # the regulation's labels, shortened
    grids = []
    for period, grp in kuadran.groupby("periode", sort=False):
        n = {(str(h), str(p)): int(c) for h, p, c in zip(grp["rating_hasil_kerja"], grp["rating_perilaku"], grp["n"])}
        rows = "".join("<tr><th>" + esc(short[h]) + "</th>" + "".join(
            f"<td>{n.get((h, p), 0)}</td>" for p in levels) + "</tr>" for h in levels)
        rest = sum(c for (h, p), c in n.items() if h not in levels or p not in levels)
        note = (f"<p class='muted ks-kuadran-rest'>{esc(t('dash.kuadran_rest', lang, n=rest))}</p>"
                if rest else "")
        grids.append(f"<div class='ks-kuadran'><b>{esc(str(period))}</b><table><thead><tr>"
                     f"<th>{esc(t('dash.kuadran_corner', lang))}</th>"
                     + "".join(f"<th>{esc(short[p])}</th>" for p in levels) + f"</tr></thead><tbody>{rows}"
                     f"</tbody></table>{note}</div>")
    return head + "<div class='ks-kuadran-row'>" + "".join(grids) + "</div>"


#: a period's word in the selector by its results' state (``CycleResults.state``; draft kept apart from open)
_STATE_WORDS = {"open": "dash.status_open", "unpublished": "dash.status_closed", "final": "val.status_published"}


def period_word(status: str, published: bool, lang: str | None = None) -> str:
    """A period's state in the selector: *draf*, *terbuka*, *ditutup, belum diumumkan* or
    *diumumkan* -- the decision of ``CycleResults.state`` (status ``published`` once HR published,
    as ``cycle.load_results`` sets it)."""
    if status == "draft":
        return t("dash.status_draft", lang)
    loaded = SimpleNamespace(status="published" if published else status, cycle_id=0)  # what load_results sets
    state = uc.CycleResults.state.fget(loaded)  # the one decision, without loading the period's results
    return t(_STATE_WORDS[state], lang)


def _cycle_options(store, lang: str | None = None) -> list[tuple[str, int]]:
    cycles = store.cycles_frame()
    return [(f"{r.name} [{period_word(str(r.status), uc.is_published(store, int(r.id)), lang)}]", int(r.id))
            for r in cycles.itertuples(index=False)]


def results_app(store, cycle_id: int | None = None, *, meeting_mode: bool = True, org_predikat: str = "Baik",
                secret: str | None = None, config: ScoringConfig | None = None, sementara: bool = False,
                lang: str | None = None):
    """The dashboard as an ipywidgets tree: filters (periode, unit, pola organisasi, mode rapat,
    hasil sementara) and tabs, in ``lang`` (Bahasa Indonesia by default).  Opens on ``cycle_id``,
    else on the newest cycle with results (closed ones first: an unclosed cycle is shown only with
    *tampilkan hasil sementara*)."""
    import ipywidgets as widgets

    lang = resolve_lang(lang)
    options = _cycle_options(store, lang)
    if not options:
        return widgets.HTML(f"<p>{esc(t('cycles_empty', lang))}</p>")
    if cycle_id is None:
        cycle_id = (uc.latest_cycle_with_results(store) or uc.latest_cycle_with_results(store, sementara=True)
                    or options[-1][1])
    narrow = widgets.Layout(width="auto")
    org_option = t("dash.org", lang)
    cycle_dd = widgets.Dropdown(options=options, value=cycle_id, description=t("choose_cycle", lang),
                                layout=widgets.Layout(width="640px", max_width="100%"))
    unit_dd = widgets.Dropdown(options=[org_option], value=org_option, description=t("dash.d_unit", lang),
                               layout=widgets.Layout(width="440px", max_width="100%"))
    org_dd = widgets.Dropdown(options=list(ORG_PREDIKAT), value=org_predikat, description=t("dash.d_org", lang),
                              layout=widgets.Layout(width="230px"))
    meeting = widgets.Checkbox(value=meeting_mode, description=t("dash.d_meeting", lang), indent=False, layout=narrow)
    provisional = widgets.Checkbox(value=sementara, description=t("dash.d_provisional", lang), indent=False,
                                   layout=widgets.Layout(width="auto", margin="0 16px 0 16px"))
    status = widgets.HTML()
    # the dashboard's error boundary: a refusal or a defect in a callback is said on the status line
    boundary = ErrorBoundary(lambda text: setattr(status, "value", f"<p class='bad'>{esc(text)}</p>"), lang)
    names = [(k, t(f"dash.tab_{k}", lang)) for k in (*PANELS, "tren")]
    panels = {k: widgets.HTML() for k, _ in names}
    tabs = widgets.Tab(children=[panels[k] for k, _ in names])
    tabs.add_class("ks-tabs")
    for i, (_, title) in enumerate(names):
        tabs.set_title(i, title)
    state: dict = {"views": {}}

    def set_units():
        data = state["data"]
        units = meeting_units(data) if meeting.value else data.units
        keep = unit_dd.value if unit_dd.value in units else org_option
        state["quiet"] = True
        unit_dd.options = [org_option] + units
        unit_dd.value = keep
        state["quiet"] = False

    def load(*_):
        status.value = f"<p class='muted'>{t('dash.loading', lang)}</p>"
        state["views"] = {}
        try:
            state["data"] = load_dashboard_data(store, cycle_dd.value, config, sementara=provisional.value)
        except ValueError as exc:
            state.pop("data", None)
            hint = t("dash.hint_provisional", lang) if isinstance(exc, uc.ProvisionalError) else ""
            status.value = f"<p class='bad'>{esc(_text(exc, lang))}{hint}</p>"
            for p in panels.values():
                p.value = ""
            return
        set_units()
        # the organisation predikat recorded for the cycle sets the kurva distribusi by default
        org, state["org_recorded"] = uc.org_predikat_or_default(store, cycle_dd.value)
        state["published"] = uc.is_published(store, cycle_dd.value)
        state["result_status"] = uc.result_status(store, cycle_dd.value, lang)
        state["hk_missing"] = len(uc.hasil_kerja_missing(store, cycle_dd.value))
        if org_dd.value != org:
            org_dd.value = org  # redraws
        else:
            draw()

    def draw(*_):
        """Draw the current view: the tables and the open tab's charts (other charts when their
        tab is opened); views are kept, so going back to a unit is instant."""
        data = state.get("data")
        if data is None or state.get("quiet"):
            return
        key = (unit_dd.value, org_dd.value, meeting.value)
        view = state["views"].setdefault(key, {})
        # tables are cheap and always drawn; a chart panel only when its tab is open
        want = {"reliabilitas", "respons", "pegawai", names[tabs.selected_index or 0][0]} - set(view)
        if "tren" in want:  # across cycles: computed once per dashboard, drawn per unit
            if "trends" not in state:
                try:
                    state["trends"] = uc.trend_tables(store)
                except uc.CycleError:
                    state["trends"] = {}  # no finished cycle: the panel says so without asking again
            view["tren"] = trend_panel(store, unit_dd.value, tables=state["trends"], lang=lang)
            if _is_org(unit_dd.value):  # the kuadran of every finished cycle: organisation-wide counts
                if "kuadran" not in state:
                    try:
                        state["kuadran"] = uc.talent_pool(store, n_periods=1, fair_scores=False).kuadran
                    except uc.CycleError:
                        state["kuadran"] = None
                view["tren"] += kuadran_panel(state["kuadran"], lang)
            want.discard("tren")
        if want:
            view.update(render_view(data, unit_dd.value, org_predikat=org_dd.value, meeting_mode=meeting.value,
                                    secret=secret, panels=want, lang=lang))
        state["shown"] = key
        for k, _ in names:
            panels[k].value = f"<div class='ks-dash'>{view[k]}</div>" if k in view else \
                f"<p class='muted'>{t('dash.loading', lang)}</p>"
        note = (f"<span class='ks-meeting'>{t('dash.meeting_on', lang)}</span>"
                if meeting.value else f"<span class='bad'>{t('dash.meeting_off', lang)}</span>")
        recorded = state.get("org_recorded") and org_dd.value == uc.org_predikat(store, data.cycle_id)
        org_note = (t("dash.org_recorded", lang) if recorded else
                    f"<span class='bad'>{t('dash.org_chosen', lang)}</span>")
        res = state.get("result_status", "")
        res_note = esc(res) if state.get("published") else f"<b class='bad'>{esc(res.upper())}</b>"
        missing = state.get("hk_missing", 0)
        hk_note = (f" · <span class='bad'>{t('cal.hk_missing', lang, n=missing)}</span>" if missing
                   else " · " + t("dash.hk_complete", lang))
        line = esc(t("dash.status_line", lang, cycle=data.cycle_name, n=len(data.people)))
        status.value = f"<div class='ks-status'><p>{line} {res_note} · {org_note}{hk_note}. {note}</p></div>"

    def meeting_changed(*_):
        if "data" in state:
            set_units()
        draw()

    cycle_dd.observe(boundary.callback(load), names="value")
    provisional.observe(boundary.callback(load), names="value")
    for w in (unit_dd, org_dd):
        w.observe(boundary.callback(draw), names="value")
    tabs.observe(boundary.callback(draw), names="selected_index")
    meeting.observe(boundary.callback(meeting_changed), names="value")
    load()
    title = widgets.HTML(_CSS + f"<div class='ks-title'>{t('dash.title', lang)}</div>")
    return widgets.VBox([title, widgets.HBox([cycle_dd, unit_dd, org_dd], layout=widgets.Layout(flex_flow="row wrap")),
                         widgets.HBox([meeting, provisional, status], layout=widgets.Layout(flex_flow="row wrap",
                                                                                            align_items="center")),
                         tabs], layout=widgets.Layout(width="100%"))


def results_app_from_request(db_url: str | None = None, query_string: str | None = None):
    """For ``notebooks/hasil.ipynb``: the dashboard on ``$KINERJA_SURVEY_DB`` (meeting mode on),
    in the language of ``?lang=`` (Bahasa Indonesia by default)."""
    import ipywidgets as widgets

    from ..store import Store, StoreError, default_url
    from .voila import request_params

    lang = resolve_lang(request_params(query_string).get("lang"))
    try:
        store = Store(db_url or default_url(), create=False)
    except StoreError as exc:
        return widgets.HTML(f"<p>{esc(t('app.db_unavailable', lang, error=exc.message(lang)))}</p>")
    return results_app(store, lang=lang)
