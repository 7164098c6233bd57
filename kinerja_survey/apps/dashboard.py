"""The results dashboard (``notebooks/hasil.ipynb``, served by Voilà): logic and widgets.

Organisation and unit views of a cycle: predikat distribution against the kurva distribusi,
competency heatmap by unit, self vs others, reliability summary, response rates and the list of
employees; filters by period (cycle) and unit; **meeting mode on by default**: NIPs are
pseudonymised (``nip.pseudonymise``) and names hidden.

Anonymity: individual scores come from ``scoring.score_cycle`` (rater groups under their
threshold already excluded).  Every aggregate over people -- a unit's competency means, its
predikat distribution, its reliability -- is shown only for at least ``min_people`` people
(default 3, the peer threshold); a smaller unit is listed as *disembunyikan*, and in meeting
mode its people are left out of the employee list.

The pure functions (``load_dashboard_data``, ``select_unit``, ``competency_by_unit``,
``predikat_summary``, ``reliability_summary``, ``response_summary``, ``people_table``) are the
testable core; ``results_app`` only wires them to ipywidgets.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import cycle as uc
from ..analysis.predikat import ORG_PREDIKAT, PREDIKAT_LABELS, check_distribution
from ..analysis.scoring import ScoringConfig
from ..collect.instrument import Instrument
from ..present.exports import pseudonym_secret, pseudonymise_frame

SUPPRESSED = "disembunyikan"
#: headers of the employee list as people read them
COLUMN_LABELS = {"nip": "NIP", "kode": "Kode", "nama": "Nama", "jabatan": "Jabatan", "unit_kerja": "Unit kerja",
                 "combined": "Skor gabungan", "mean_self": "Skor diri", "mean_others": "Skor penilai lain",
                 "rating_perilaku": "Rating perilaku (usulan)", "rating_hasil_kerja": "Rating hasil kerja",
                 "predikat_usulan": "Predikat usulan", "predikat": "Predikat ditetapkan"}
ORG = "(seluruh organisasi)"


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
    reliability_error: str = ""

    @property
    def units(self) -> list[str]:
        """Every unit path and each of its parents, sorted."""
        out = set()
        for u in self.people["unit_kerja"].dropna().astype(str):
            parts = u.split(" / ")
            out.update(" / ".join(parts[: k + 1]) for k in range(len(parts)))
        return sorted(out)


def load_dashboard_data(store, cycle_id: int, config: ScoringConfig | None = None) -> DashboardData:
    """The cycle's results (``cycle.load_results``: overrides applied) and its reliability, once.

    Raises
    ------
    ValueError
        The cycle has no submitted ratings.
    """
    results = uc.load_results(store, cycle_id, config)
    rel, err = None, ""
    try:
        rel = results.reliability()
    except ValueError as exc:
        err = str(exc)
    return DashboardData(cycle_id, str(store.cycle(cycle_id)["name"]), results.instrument, results.people,
                         results.ratings, results.response_rates_unit, rel, err)


def _in_unit(units: pd.Series, unit: str | None) -> pd.Series:
    if unit is None or unit == ORG or unit == "":
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
) -> pd.DataFrame:
    """Mean combined score per unit x competency, units under ``min_people`` blanked.

    Parameters
    ----------
    people : DataFrame
        ``unit_kerja`` plus ``combined_<code>`` per competency (``load_dashboard_data().people``).
    instrument : Instrument
        Competency order and names (columns are the Indonesian names).
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
        raise ValueError(f"min_people harus >= 1, diterima {min_people!r}")
    if people.empty:
        raise ValueError("tidak ada pegawai dengan skor")
    unit = people["unit_kerja"].astype(str)
    if depth is not None:
        unit = unit.str.split(" / ").str[:depth].str.join(" / ")
    cols = {f"combined_{c.code}": c.name.get("id", c.code) for c in instrument.competencies
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
    return table, check_distribution(pred, org_predikat, all_rules=True)


def reliability_summary(data: DashboardData, unit: str | None = None, *, min_people: int = 10) -> pd.DataFrame:
    """The ``summary`` table of ``reliability_report`` for the organisation or one unit.

    A unit's reliability is computed on its ratees' ratings when it has at least
    ``min_people`` ratees (ICC and agreement need a spread of ratees); otherwise, or when the
    statistics cannot be computed, a one-row table says why.
    """
    if unit is None or unit == ORG:
        if data.reliability is None:
            return pd.DataFrame({"keterangan": [f"reliabilitas tidak dapat dihitung: {data.reliability_error}"]})
        return data.reliability["summary"]
    from ..analysis.reliability import reliability_report

    keys = set(select_unit(data.people, unit)["nip"].astype(str))
    if len(keys) < min_people:
        return pd.DataFrame({"keterangan": [f"{SUPPRESSED}: kurang dari {min_people} pegawai di unit ini"]})
    sub = data.ratings[data.ratings["ratee"].astype(str).isin(keys)]
    try:
        return reliability_report(sub)["summary"]
    except ValueError as exc:
        return pd.DataFrame({"keterangan": [f"reliabilitas tidak dapat dihitung: {exc}"]})


def response_summary(rates_unit: pd.DataFrame, unit: str | None = None, *, root: str | None = None) -> pd.DataFrame:
    """Invited / submitted forms per unit (rows of ``unit`` and below) with a total row."""
    rows = rates_unit[_in_unit(rates_unit["unit_kerja"], unit)].copy()
    cols = [c for c in rows.columns if c.endswith(("_invited", "_submitted"))] + ["invited", "submitted"]
    total = rows[cols].sum()
    rows["unit_kerja"] = [short_unit(u, root) for u in rows["unit_kerja"]]
    out = pd.concat([rows[["unit_kerja"] + cols], pd.DataFrame([{"unit_kerja": "Jumlah", **total.to_dict()}])],
                    ignore_index=True)
    out["rate"] = np.where(out["invited"] > 0, out["submitted"] / out["invited"].where(out["invited"] > 0), np.nan)
    return out


def people_table(
    people: pd.DataFrame,
    *,
    meeting_mode: bool = True,
    secret: str | None = None,
    min_people: int = 3,
    unit: str | None = None,
) -> pd.DataFrame:
    """The employee list of a view: NIP, name, unit, combined score, ratings and predikat.

    In meeting mode the NIP becomes ``pseudonymise(nip, secret)`` (column ``kode``), the name
    and jabatan are dropped, and a selection of fewer than ``min_people`` people is not shown
    (a tiny unit identifies its members).
    """
    sub = select_unit(people, unit)
    cols = ["nip", "nama", "jabatan", "unit_kerja", "combined", "mean_self", "mean_others", "rating_perilaku",
            "rating_hasil_kerja", "predikat_usulan", "predikat"]
    out = sub[[c for c in cols if c in sub.columns]].sort_values(["unit_kerja", "combined"], ascending=[True, False])
    if not meeting_mode:
        return out.reset_index(drop=True)
    if len(out) < min_people:
        return pd.DataFrame({"keterangan": [f"{SUPPRESSED}: kurang dari {min_people} pegawai"]})
    secret = pseudonym_secret(secret)
    out = out.drop(columns=["jabatan"], errors="ignore")
    out = pseudonymise_frame(out.reset_index(drop=True), out["nip"].astype(str), secret=secret)
    return out.rename(columns={"nip": "kode"})


# --- widgets ------------------------------------------------------------------------------------

_CSS = """
<style>
.ks-dash { max-width: 1180px; }
.ks-dash table { border-collapse: collapse; font-size: 13px; margin: 4px 0 10px 0; }
.ks-dash th { background: #1f3b73; color: white; padding: 4px 8px; text-align: left; }
.ks-dash td { border-bottom: 1px solid #e1e6ee; padding: 3px 8px; }
.ks-dash .muted { color: #66707d; font-size: 12px; }
.ks-dash .bad { color: #b71c1c; }
.ks-dash .ok { color: #1b5e20; }
.ks-meeting { background: #fff3cd; border: 1px solid #e0a800; padding: 6px 10px; border-radius: 5px; }
</style>
"""


def _fmt_table(df: pd.DataFrame, digits: int = 2) -> str:
    def cell(v):
        if isinstance(v, (float, np.floating)):
            return "–" if np.isnan(v) else f"{v:.{digits}f}".replace(".", ",")
        return html.escape("" if v is None else str(v))

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in df.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _img(fig) -> str:
    from ..present.plots import figure_bytes

    return f'<img src="data:image/png;base64,{base64.b64encode(figure_bytes(fig)).decode()}" style="max-width:100%">'


def render_view(
    data: DashboardData,
    unit: str | None = None,
    *,
    org_predikat: str = "Baik",
    meeting_mode: bool = True,
    secret: str | None = None,
    min_people: int = 3,
) -> dict[str, str]:
    """HTML of every panel of one view (organisation or unit), by panel name.

    Panels: ``ringkasan`` (predikat distribution vs kurva distribusi, self vs others),
    ``kompetensi`` (heatmap by unit), ``reliabilitas``, ``respons``, ``pegawai``.
    """
    from ..present.plots import (
        competency_heatmap,
        predikat_distribution,
        self_vs_others,
    )

    sub = select_unit(data.people, unit)
    root = None if unit in (None, ORG) else unit
    label = "seluruh organisasi" if root is None else f"unit {root}"
    out = {}
    counts, rules = predikat_summary(sub, org_predikat, min_people=min_people)
    parts = [f"<h3>Predikat kinerja – {html.escape(label)} ({len(sub)} pegawai dinilai)</h3>"]
    if rules is None:
        parts.append(f'<p class="muted">{SUPPRESSED}: kurang dari {min_people} pegawai dengan predikat.</p>')
    else:
        fig = predikat_distribution(sub["predikat"].dropna(), org_predikat)
        bad = rules[~rules["satisfied"]]
        msg = ('<p class="ok">Distribusi memenuhi kurva distribusi.</p>' if bad.empty else
               "<ul>" + "".join(f'<li class="bad">{html.escape(m)}</li>' for m in bad["message"]) + "</ul>")
        parts += [_img(fig), msg, _fmt_table(counts.rename(columns={"persen": "persen (%)"}), 1)]
        if len(sub.dropna(subset=["mean_self", "mean_others"])) >= min_people:
            parts.append(_img(self_vs_others(sub)))
    out["ringkasan"] = "".join(parts)
    try:
        depth = 2 if root is None else len(root.split(" / ")) + 1
        table = competency_by_unit(sub, data.instrument, depth=depth, min_people=min_people, root=root)
        hidden = table.index[table.drop(columns="n").isna().all(axis=1)]
        shown = table.drop(index=hidden)
        note = (f'<p class="muted">{SUPPRESSED} (kurang dari {min_people} pegawai): '
                f'{html.escape(", ".join(map(str, hidden)))}.</p>' if len(hidden) else "")
        if shown.empty:
            out["kompetensi"] = note or f'<p class="muted">{SUPPRESSED}</p>'
        else:
            out["kompetensi"] = _img(competency_heatmap(shown)) + note
    except ValueError as exc:
        out["kompetensi"] = f'<p class="muted">{html.escape(str(exc))}</p>'
    out["reliabilitas"] = _fmt_table(reliability_summary(data, unit))
    out["respons"] = _fmt_table(response_summary(data.rates_unit, unit, root=root))
    people = people_table(data.people, meeting_mode=meeting_mode, secret=secret, min_people=min_people, unit=unit)
    out["pegawai"] = _fmt_table(people.rename(columns=COLUMN_LABELS))
    return out


def results_app(store, cycle_id: int | None = None, *, meeting_mode: bool = True, org_predikat: str = "Baik",
                secret: str | None = None, config: ScoringConfig | None = None):
    """The dashboard as an ipywidgets tree: filters (periode, unit, pola organisasi, mode rapat) and tabs."""
    import ipywidgets as widgets

    cycles = store.cycles_frame()
    if cycles.empty:
        return widgets.HTML("<p>Belum ada periode penilaian.</p>")
    options = [(f"{r.name} [{r.status}]", int(r.id)) for r in cycles.itertuples(index=False)]
    cycle_dd = widgets.Dropdown(options=options, value=cycle_id if cycle_id is not None else options[-1][1],
                                description="Periode")
    unit_dd = widgets.Dropdown(options=[ORG], value=ORG, description="Unit", layout=widgets.Layout(width="560px"))
    org_dd = widgets.Dropdown(options=list(ORG_PREDIKAT), value=org_predikat, description="Pola org.")
    meeting = widgets.Checkbox(value=meeting_mode, description="Mode rapat (NIP disamarkan, nama disembunyikan)",
                               layout=widgets.Layout(width="420px"))
    status = widgets.HTML()
    names = [("ringkasan", "Ringkasan predikat"), ("kompetensi", "Kompetensi per unit"),
             ("reliabilitas", "Reliabilitas"), ("respons", "Tingkat respons"), ("pegawai", "Daftar pegawai")]
    panels = {k: widgets.HTML() for k, _ in names}
    tabs = widgets.Tab(children=[panels[k] for k, _ in names])
    for i, (_, title) in enumerate(names):
        tabs.set_title(i, title)
    state: dict = {}

    def load(*_):
        status.value = "<p class='muted'>Memuat…</p>"
        try:
            state["data"] = load_dashboard_data(store, cycle_dd.value, config)
        except ValueError as exc:
            state.pop("data", None)
            status.value = f"<p class='bad'>{html.escape(str(exc))}</p>"
            for p in panels.values():
                p.value = ""
            return
        unit_dd.options = [ORG] + state["data"].units
        unit_dd.value = ORG
        # the organisation predikat recorded for the cycle sets the kurva distribusi by default
        org, state["org_recorded"] = uc.org_predikat_or_default(store, cycle_dd.value)
        state["result_status"] = uc.result_status(store, cycle_dd.value)
        state["hk_missing"] = len(uc.hasil_kerja_missing(store, cycle_dd.value))
        if org_dd.value != org:
            org_dd.value = org  # redraws
        else:
            draw()

    def draw(*_):
        data = state.get("data")
        if data is None:
            return
        views = render_view(data, unit_dd.value, org_predikat=org_dd.value, meeting_mode=meeting.value, secret=secret)
        for k, v in views.items():
            panels[k].value = f"<div class='ks-dash'>{v}</div>"
        note = ("<span class='ks-meeting'>Mode rapat: NIP disamarkan, nama disembunyikan.</span>" if meeting.value
                else "<span class='bad'>Mode rapat mati: NIP dan nama terlihat.</span>")
        recorded = state.get("org_recorded") and org_dd.value == uc.org_predikat(store, data.cycle_id)
        org_note = ("predikat organisasi tercatat" if recorded else
                    "<span class='bad'>pola organisasi dipilih di sini, bukan predikat organisasi yang tercatat</span>")
        res = state.get("result_status", "")
        res_note = f"<b class='bad'>{html.escape(res.upper())}</b>" if res == "hasil sementara" else html.escape(res)
        missing = state.get("hk_missing", 0)
        hk_note = (f" · <span class='bad'>{missing} pegawai belum memiliki rating hasil kerja</span>" if missing
                   else " · rating hasil kerja lengkap")
        status.value = (f"<p>{html.escape(data.cycle_name)} – {len(data.people)} pegawai dinilai. {res_note} · "
                        f"{org_note}{hk_note}. {note}</p>")

    cycle_dd.observe(load, names="value")
    for w in (unit_dd, org_dd, meeting):
        w.observe(draw, names="value")
    load()
    return widgets.VBox([widgets.HTML(_CSS + "<h2 style='color:#1f3b73'>Hasil Penilaian Perilaku Kerja 360°</h2>"),
                         widgets.HBox([cycle_dd, org_dd]), widgets.HBox([unit_dd, meeting]), status, tabs],
                        layout=widgets.Layout(max_width="1200px"))


def results_app_from_request(db_url: str | None = None):
    """For ``notebooks/hasil.ipynb``: the dashboard on ``$KINERJA_SURVEY_DB`` (meeting mode on)."""
    import ipywidgets as widgets

    from ..store import Store, StoreError, default_url

    try:
        store = Store(db_url or default_url(), create=False)
    except StoreError as exc:
        return widgets.HTML(f"<p>Basis data tidak dapat dibuka: {html.escape(str(exc))}</p>")
    return results_app(store)
