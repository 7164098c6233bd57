"""The calibration meeting view (``notebooks/kalibrasi.ipynb``, Voilà on 127.0.0.1 behind the
admin secret).

A thin view of ``cycle.CalibrationState``: the kuadran 3x3 grid (hasil kerja x perilaku) with
counts and, outside meeting mode, names; the predikat distribution, usulan vs ditetapkan, against
the kurva distribusi of the recorded organisation predikat with each violated band; each
supervisor's leniency/severity (rater-effects model) beside their staff's raw and fair scores;
and the Penetapan tab: the calibration list (``CalibrationState.table``) sortable and filterable by
unit, jabatan, jenis jabatan, usulan and flag, each row with the weighted score and its weights, the
raw score, the fair score ± SE, raters per group, hasil kerja and the flags with their reasons and
suggestions; the form that records a decided predikat with its required reason
(``Store.override_predikat``, audited with the acting person; "Ditetapkan" starts at the person's
current predikat, the usulan until a decision); the kurva before/after; the Tim present and the
berita acara.  Meeting mode is on by default.  Every control is a native form element (keyboard
operable); the page fits 1366 px without sideways scrolling.
"""

from __future__ import annotations

import os

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import cycle as uc
from ..cycle.calibration import (FLAGS, GRID_COLS, GRID_ROWS, PERILAKU_SOURCES, perilaku_source_history,
                                 set_perilaku_source, tim_present)
from ..i18n import Localized, Msg, fmt_number, fmt_percent, fmt_time, resolve_lang, t
from ..store import StoreError
from ..vocab import PREDIKAT_LABELS
from .boundary import App
from .html import cell, esc, html_table

CSS = """
<style>
.ks-cal { max-width: 1200px; font-size: 14px; }
.ks-cal table { border-collapse: collapse; font-size: 13px; margin: 4px 0 10px 0; }
.ks-cal th { background: #1f3b73; color: white; padding: 4px 8px; text-align: left; }
.ks-cal td { border: 1px solid #e1e6ee; padding: 4px 8px; vertical-align: top; }
.ks-cal .ks-cell b { font-size: 20px; display: block; }
.ks-cal .ks-cell small { color: #55606e; }
.ks-cal .bad { color: #b71c1c; font-weight: bold; }
.ks-cal .ok { color: #1b5e20; font-weight: bold; }
.ks-cal .ks-prov { color: #b71c1c; font-weight: bold; border: 2px solid #b71c1c; padding: 4px 8px; display: inline-block; }
.ks-cal .ks-download { display: inline-block; padding: 6px 14px; background: #1565c0; color: white !important;
                       border-radius: 4px; text-decoration: none; font-weight: bold; }
.ks-cal .ks-meeting { background: #fff3cd; border: 1px solid #e0a800; padding: 4px 8px; border-radius: 4px; }
.ks-cal { max-width: 1320px; overflow-x: hidden; box-sizing: border-box; }
.ks-cal .ks-list-wrap { max-height: 300px; overflow-y: auto; overflow-x: hidden; border: 1px solid #c9d3e3; }
.ks-cal table.ks-list { table-layout: fixed; width: 100%; margin: 0; font-size: 12px; }
.ks-cal table.ks-list th { position: sticky; top: 0; font-size: 12px; padding: 3px 4px; }
.ks-cal table.ks-list td, .ks-cal table.ks-list th { padding: 2px 4px; overflow-wrap: break-word; line-height: 1.3; }
.ks-cal table.ks-kurva td, .ks-cal table.ks-kurva th { line-height: 1.3; padding: 2px 8px; }
.ks-cal .ks-cal-flags p, .ks-cal .ks-legend { line-height: 1.3; margin: 2px 0; }
.ks-cal table.ks-list small { color: #55606e; display: block; }
.ks-cal table.ks-list tr.ks-sel td { background: #fff3cd; }
.ks-cal table.ks-list tr.ks-flagged td:last-child { color: #8a1c1c; }
.ks-cal .ks-flagtag { display: inline-block; font-weight: bold; }
.ks-cal .ks-filters { flex-wrap: wrap; }
.ks-cal .ks-kurva td.ks-up { color: #1b5e20; font-weight: bold; }
.ks-cal .ks-kurva td.ks-down { color: #b71c1c; font-weight: bold; }
.ks-cal :focus-visible { outline: 3px solid #1565c0 !important; outline-offset: 1px; }
</style>
"""
#: the rating labels shortened for the grid's headers (``cal.short_*``)
_SHORT = {"Dibawah Ekspektasi": "cal.short_dibawah", "Sesuai Ekspektasi": "cal.short_sesuai",
          "Diatas Ekspektasi": "cal.short_diatas"}


def grid_html(state: uc.CalibrationState, lang: str | None = None) -> str:
    """The kuadran: rows hasil kerja, columns perilaku; each cell its predikat, count and (outside
    meeting mode) names."""
    counts = state.grid()
    names = state.grid_names()
    head = (f"<tr><th>{esc(t('cal.grid_corner', lang))}</th>"
            + "".join(f"<th>{t(_SHORT[c], lang)}</th>" for c in GRID_COLS) + "</tr>")
    rows = []
    for h in GRID_ROWS:
        cells = []
        for b in GRID_COLS:
            who = "" if state.meeting_mode else "<br>".join(esc(n) for n in names[(h, b)])
            cells.append(f"<td class='ks-cell'><small>{esc(state.cell_predikat(h, b))}</small>"
                         f"<b>{int(counts.loc[h, b])}</b>{who}</td>")
        rows.append(f"<tr><th>{t(_SHORT[h], lang)}</th>{''.join(cells)}</tr>")
    return f"<table class='ks-grid'>{head}{''.join(rows)}</table>"


def distribution_html(state: uc.CalibrationState, lang: str | None = None) -> str:
    dist = state.distribution()
    return html_table(dist, lang) + violations_html(state, lang)


def violations_html(state: uc.CalibrationState, lang: str | None = None) -> str:
    """Whether the kurva rules hold for the usulan and for the decided predikat, each broken rule listed."""
    parts = []
    for which, title in (("predikat_usulan", t("cal.c_usulan", lang)), ("predikat", t("cal.c_ditetapkan", lang))):
        bad = state.violations(which)
        if bad.empty:
            parts.append(f"<p class='ok'>{esc(t('cal.curve_ok', lang, title=title))}</p>")
        else:
            parts.append(f"<p class='bad'>{esc(t('cal.curve_bad', lang, title=title))}</p><ul>"
                         + "".join(f"<li class='bad ks-violation'>{cell(m, lang)}</li>" for m in bad["message"])
                         + "</ul>")
    return "".join(parts)


def supervisors_html(state: uc.CalibrationState, lang: str | None = None) -> str:
    if state.effects is None:
        error = state.effects_error
        error = error.render(lang) if isinstance(error, Localized) else error
        return f"<p class='bad'>{esc(t('cal.effects_unavailable', lang, error=error))}</p>"
    parts = []
    for sup in state.supervisors().itertuples(index=False):
        staff = state.staff(sup.atasan_nip)
        sev = "" if np.isnan(sup.severity) else t("cal.severity", lang, severity=fmt_number(sup.severity, 2, lang),
                                                   z=fmt_number(sup.z, 2, lang))
        parts.append(f"<h4>{esc(sup.atasan)}: {cell(sup.reading, lang)}{sev}</h4>")
        parts.append(html_table(staff[["pegawai", "skor_mentah", "skor_adil", "rating_hasil_kerja", "rating_perilaku",
                                       "predikat_usulan", "predikat"]].rename(columns={"predikat": "predikat_ditetapkan"}),
                                lang))
    return "".join(parts) or f"<p>{t('cal.no_supervisors', lang)}</p>"


#: the sort keys of the calibration list: key -> (label key, column, numeric)
SORTS = {
    "flags": ("cal.sort_flags", "n_tanda", True),
    "pegawai": ("cal.c_pegawai", "pegawai", False),
    "unit": ("dash.d_unit", "unit_kerja", False),
    "jabatan": ("report.jabatan", "jabatan", False),
    "level": ("cal.c_level", "level", False),
    "usulan": ("cal.c_predikat_usulan", "usulan_rank", True),
    "skor": ("cal.c_skor_tertimbang", "skor_tertimbang", True),
    "adil": ("cal.c_skor_adil", "skor_adil", True),
    "gap": ("cal.sort_gap", "gap", True),
}
_GROUP_SHORT = {"supervisor": "A", "peer": "R", "subordinate": "B", "self": "D", "stakeholder": "P"}


def filter_table(table: pd.DataFrame, *, unit: str = "", jabatan: str = "", level: str = "", usulan: str = "",
                 flag: str = "", sort: str = "flags", descending: bool = True) -> pd.DataFrame:
    """The rows of ``CalibrationState.table()`` kept by the filters, in the order asked.

    ``unit`` keeps the unit and the units under it; ``flag`` is a code of ``cycle.calibration.FLAGS``,
    ``"any"`` (any flag) or ``"none"`` (no flag).  Ties keep the table's order (stable sort)."""
    t_ = table
    if unit:
        units = t_["unit_kerja"].astype(str)
        t_ = t_[(units == unit) | units.str.startswith(unit + " / ")]
    if jabatan:
        t_ = t_[t_["jabatan"] == jabatan]
    if level:
        t_ = t_[t_["level"] == level]
    if usulan:
        t_ = t_[t_["predikat_usulan"] == usulan]
    if flag == "any":
        t_ = t_[t_["tanda"].map(len) > 0]
    elif flag == "none":
        t_ = t_[t_["tanda"].map(len) == 0]
    elif flag:
        t_ = t_[t_["tanda"].map(lambda f: flag in f)]
    _label, col, numeric = SORTS.get(sort, SORTS["flags"])
    t_ = t_.assign(n_tanda=t_["tanda"].map(len),
                   usulan_rank=t_["predikat_usulan"].map({p: i for i, p in enumerate(PREDIKAT_LABELS)}),
                   gap=t_["skor_tertimbang_adil"] - t_["skor_tertimbang"])
    key = t_[col] if numeric else t_[col].astype(str).str.lower()
    order = key.sort_values(ascending=not descending, kind="stable", na_position="last").index
    return t_.loc[order].drop(columns=["n_tanda", "usulan_rank", "gap"])


def _weights_text(weights: dict, lang: str | None) -> str:
    return " · ".join(f"{_GROUP_SHORT.get(g, g)} {fmt_number(w, 2, lang)}" for g, w in weights.items())


def list_html(rows: pd.DataFrame, selected: str | None = None, lang: str | None = None) -> str:
    """The calibration list as one HTML table (fixed layout: it wraps, never scrolls sideways)."""
    heads = [("cal.c_pegawai", "12%"), ("dash.d_unit", "9%"), ("cal.c_level", "7%"), ("cal.c_raters", "5%"),
             ("cal.c_skor_tertimbang", "7%"), ("cal.c_skor_mentah", "5%"), ("cal.c_skor_adil_se", "7%"),
             ("cal.c_hasil_kerja", "7%"), ("cal.c_perilaku", "7%"), ("cal.c_predikat_usulan", "7%"),
             ("cal.c_predikat_ditetapkan", "7%"), ("cal.c_tanda", "20%")]
    head = "".join(f"<th scope='col' style='width:{w}'>{esc(t(k, lang))}</th>" for k, w in heads)
    body = []
    for r in rows.itertuples(index=False):
        unit_leaf = str(r.unit_kerja).split(" / ")[-1]
        who = esc(r.pegawai) + (f"<small>{esc(r.jabatan)}</small>" if r.jabatan else "")
        adil = ("–" if np.isnan(r.skor_adil) else
                fmt_number(r.skor_adil, 2, lang) + ("" if not np.isfinite(r.skor_adil_se) else
                                                   f" ± {fmt_number(r.skor_adil_se, 2, lang)}"))
        # the table holds each flag's short reason and suggestion; the full reason is its tooltip and
        # stands beside the decision form for the chosen person
        flags = "".join(f"<div title='{esc(cell(why, lang))}'><span class='ks-flagtag'>"
                        f"{esc(t(f'cal.flag_{code}', lang))}</span>: "
                        f"{cell(Msg(why.key + '_short', **why.fields), lang)}</div>"
                        for code, why in zip(r.tanda, r.alasan_tanda))
        changed = r.predikat and r.predikat != r.predikat_usulan
        cls = " ".join(c for c in ("ks-sel" if r.nip == selected else "", "ks-flagged" if r.tanda else "") if c)
        body.append(
            f"<tr class='{cls}' data-nip-row='{esc(r.pegawai)}'><td>{who}</td>"
            f"<td title='{esc(r.unit_kerja)}'>{esc(unit_leaf)}</td><td>{esc(r.level)}</td>"
            f"<td>{r.n_supervisor}/{r.n_peer}/{r.n_subordinate}</td>"
            f"<td><b>{cell(r.skor_tertimbang, lang)}</b><small>{esc(_weights_text(r.bobot, lang))}</small></td>"
            f"<td>{cell(r.skor_mentah, lang)}</td><td>{adil}</td>"
            f"<td>{esc(r.rating_hasil_kerja or '–')}</td><td>{esc(r.rating_perilaku or '–')}</td>"
            f"<td>{esc(r.predikat_usulan or '–')}</td>"
            f"<td>{'<b>' if changed else ''}{esc(r.predikat or '–')}{'</b>' if changed else ''}</td>"
            f"<td>{flags}</td></tr>")
    return (f"<div class='ks-list-wrap' tabindex='0'><table class='ks-table ks-list'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def kurva_html(state: uc.CalibrationState, lang: str | None = None) -> str:
    """The kurva distribusi before (usulan) and after (ditetapkan), counts and shares, with each
    violated band of the organisation predikat's kurva."""
    d = state.kurva()
    rows = []
    for r in d.itertuples(index=False):
        move = "ks-up" if r.ditetapkan > r.usulan else "ks-down" if r.ditetapkan < r.usulan else ""
        rows.append(f"<tr><th scope='row'>{esc(r.predikat)}</th><td>{r.usulan} ({fmt_percent(r.usulan_pct, 0, lang)})</td>"
                    f"<td class='{move} ks-after'>{r.ditetapkan} ({fmt_percent(r.ditetapkan_pct, 0, lang)})</td></tr>")
    head = (f"<tr><th>{esc(t('cal.c_predikat', lang))}</th><th>{esc(t('cal.c_usulan', lang))}</th>"
            f"<th>{esc(t('cal.c_ditetapkan', lang))}</th></tr>")
    return (f"<h4>{esc(t('cal.h_kurva', lang))}</h4><table class='ks-kurva'>{head}{''.join(rows)}</table>"
            + violations_html(state, lang))


class CalibrationApp(App):
    """The calibration view over a ``CalibrationState``; widgets are attributes for tests."""

    def show_error(self, text: str) -> None:
        self.message.value = f"<p class='bad ks-cal-msg'>{esc(t('error', self.lang, message=text))}</p>"

    def __init__(self, store, cycle_id: int | None = None, *, actor: str | None = None, meeting_mode: bool = True,
                 secret: str | None = None, lang: str | None = None, account: str | None = None):
        self.store = store
        self.lang = lang = resolve_lang(lang)
        #: the logged-in account (served view): records every change and the berita acara, read only
        self.account = (account or "").strip()[:100] or None
        self.actor = self.account or (actor or os.environ.get("KINERJA_SURVEY_ACTOR") or "tim-penilai-kinerja").strip()[:100]
        cycles = store.cycles_frame()
        cycles = cycles[cycles["status"] == "closed"]
        self.widget = widgets.VBox()
        self.widget.add_class("ks-cal")
        if cycles.empty:
            self.widget.children = [widgets.HTML(CSS + f"<p>{t('cal.no_closed', lang)}</p>")]
            self.state = None
            return
        options = [(f"{r.id} · {r.name}", int(r.id)) for r in cycles.itertuples(index=False)]
        self.cycle_select = widgets.Dropdown(options=options, value=cycle_id or options[-1][1], description=t("choose_cycle", lang),
                                             layout=widgets.Layout(width="480px"))
        self.meeting = widgets.Checkbox(value=meeting_mode, description=t("cal.d_meeting", lang), indent=False)
        self.unit_select = widgets.Dropdown(options=[(t("dash.org", lang), "")], value="",
                                            description=t("dash.d_unit", lang), layout=widgets.Layout(width="560px"))
        self.status = widgets.HTML()
        self.grid = widgets.HTML()
        self.distribution = widgets.HTML()
        self.supervisors = widgets.HTML()
        self.person = widgets.Dropdown(description=t("cal.c_pegawai", lang), layout=widgets.Layout(width="520px"))
        self.predikat = widgets.Dropdown(options=PREDIKAT_LABELS, description=t("cal.c_ditetapkan", lang))
        self.reason = widgets.Textarea(placeholder=t("cal.reason_placeholder", lang),
                                       layout=widgets.Layout(width="520px"))
        self.recorder = widgets.Text(value=self.actor, description=t("cal.d_recorder", lang),
                                     layout=widgets.Layout(width="520px"), disabled=bool(self.account))
        self.save = widgets.Button(description=t("cal.save", lang), button_style="primary",
                                   layout=widgets.Layout(width="auto"))
        self.save.add_class("ks-cal-save")
        self.person.add_class("ks-cal-person")
        self.recorder.add_class("ks-cal-recorder")
        self.predikat.add_class("ks-cal-predikat")
        self.message = widgets.HTML()
        self.history = widgets.HTML()
        self.participants = widgets.Text(placeholder=t("cal.tim_placeholder", lang),
                                         description=t("cal.d_tim", lang), layout=widgets.Layout(width="640px"))
        self.participants.add_class("ks-cal-tim")
        self.minutes_button = widgets.Button(description=t("cal.minutes", lang), layout=widgets.Layout(width="auto"))
        self.minutes = widgets.HTML()
        self.minutes_button.on_click(self.guard(lambda _b: self.make_minutes()))
        # the calibration list: filters, sort, the table, the selected row's flags and the kurva
        narrow = {"description_width": "96px"}
        box = widgets.Layout(width="300px")
        self.f_unit = widgets.Dropdown(description=t("dash.d_unit", lang), style=narrow, layout=box)
        self.f_jabatan = widgets.Dropdown(description=t("report.jabatan", lang), style=narrow, layout=box)
        self.f_level = widgets.Dropdown(description=t("cal.c_level", lang), style=narrow, layout=box)
        self.f_usulan = widgets.Dropdown(description=t("cal.c_usulan", lang), style=narrow, layout=box,
                                         options=[(t("cal.all", lang), "")] + [(p, p) for p in PREDIKAT_LABELS])
        self.f_flag = widgets.Dropdown(description=t("cal.d_filter_flag", lang), style=narrow, layout=box,
                                       options=[(t("cal.all", lang), ""), (t("cal.flag_any", lang), "any")]
                                       + [(t(f"cal.flag_{f}", lang), f) for f in FLAGS]
                                       + [(t("cal.flag_none", lang), "none")])
        self.sort = widgets.Dropdown(description=t("cal.d_sort", lang), style=narrow, layout=box,
                                     options=[(t(label, lang), key) for key, (label, _c, _n) in SORTS.items()])
        self.descending = widgets.Checkbox(value=True, description=t("cal.d_desc", lang), indent=False,
                                           layout=widgets.Layout(width="120px"))
        for name, w in (("unit", self.f_unit), ("jabatan", self.f_jabatan), ("level", self.f_level),
                        ("usulan", self.f_usulan), ("flag", self.f_flag), ("sort", self.sort),
                        ("desc", self.descending)):
            w.add_class(f"ks-cal-f-{name}")
            w.observe(self.guard(lambda _c: self.draw_list()), names="value")
        self.summary = widgets.HTML()
        self.table_html = widgets.HTML()
        self.flag_detail = widgets.HTML()
        self.kurva = widgets.HTML()
        self.use_suggestion = widgets.Button(description=t("cal.use_suggestion", lang), layout=widgets.Layout(width="auto"))
        self.use_suggestion.add_class("ks-cal-suggest")
        self.use_suggestion.on_click(self.guard(lambda _b: self.apply_suggestion()))
        self.person.observe(self.guard(lambda _c: self.select_person()), names="value")
        # the organisation's basis of the rating perilaku (raw or fair), recorded with who and why
        self.source = widgets.Dropdown(options=[(t(f"cal.source_{s}", lang), s) for s in PERILAKU_SOURCES],
                                       description=t("cal.d_source", lang), style=narrow,
                                       layout=widgets.Layout(width="420px"))
        self.source_reason = widgets.Text(placeholder=t("cal.source_reason_placeholder", lang),
                                          layout=widgets.Layout(width="460px"))
        self.source_save = widgets.Button(description=t("cal.source_save", lang), layout=widgets.Layout(width="auto"))
        self.source_line = widgets.HTML()
        self.source.add_class("ks-cal-source")
        self.source_save.on_click(self.guard(lambda _b: self.save_source()))
        self.secret = secret
        self.save.on_click(self.guard(lambda _b: self.change()))
        self.cycle_select.observe(self.guard(lambda _c: self.load()), names="value")
        self.meeting.observe(self.guard(lambda _c: self.toggle_meeting()), names="value")
        self.unit_select.observe(self.guard(lambda _c: self.set_unit()), names="value")
        row = widgets.Layout(flex_flow="row wrap", width="100%")
        filters = widgets.HBox([self.f_unit, self.f_jabatan, self.f_level, self.f_usulan, self.f_flag, self.sort,
                                self.descending], layout=row)
        filters.add_class("ks-filters")
        self.legend = widgets.HTML()
        decide = widgets.VBox([widgets.HBox([self.person, self.predikat, self.use_suggestion], layout=row),
                               self.flag_detail, self.reason, self.recorder, self.save, self.message],
                              layout=widgets.Layout(width="64%"))
        self.kurva.layout = widgets.Layout(width="34%")
        tabs = widgets.Tab([widgets.VBox([self.grid]), widgets.VBox([self.distribution]),
                            widgets.VBox([self.supervisors]),
                            widgets.VBox([widgets.HBox([self.participants, self.source_line], layout=row),
                                          filters, self.summary, self.table_html,
                                          widgets.HBox([decide, self.kurva], layout=row), self.legend,
                                          self.history,
                                          widgets.HBox([self.source, self.source_reason, self.source_save], layout=row),
                                          widgets.HTML(f"<hr><h4>{t('cal.h_minutes', lang)}</h4>"),
                                          self.minutes_button, self.minutes])])
        for i, key in enumerate(("cal.tab_grid", "cal.tab_curve", "cal.tab_supervisors", "cal.tab_decide")):
            tabs.set_title(i, t(key, lang))
        self.tabs = tabs
        self.widget.children = [widgets.HTML(CSS + f"<h2 style='color:#1f3b73'>{t('cal.title', lang)}</h2>"),
                                widgets.HBox([self.cycle_select, self.meeting]), self.unit_select, self.status, tabs]
        self.load()

    def load(self) -> None:
        self.state = uc.CalibrationState(self.store, self.cycle_select.value, actor=self.actor,
                                         meeting_mode=self.meeting.value, secret=self.secret)
        units = sorted({" / ".join(u.split(" / ")[: k + 1]) for u in self.state.people()["unit_kerja"].dropna()
                        for k in range(len(str(u).split(" / ")))})
        self.unit_select.options = [(t("dash.org", self.lang), "")] + [(u, u) for u in units]
        self.unit_select.value = ""
        self.participants.value = ", ".join(tim_present(self.store, self.state.cycle_id)) or self.participants.value
        self.source.value = self.state.perilaku_source
        self.draw()

    def set_unit(self) -> None:
        """Restrict the view (grid, kurva with the unit's organisation predikat, supervisors) to a unit."""
        self.state.unit = self.unit_select.value or None
        self.draw()

    def toggle_meeting(self) -> None:
        self.state.meeting_mode = self.meeting.value
        self.draw()

    def draw(self) -> None:
        st, lang = self.state, self.lang
        org = f"{st.org}" + ("" if st.org_recorded else t("cal.org_default", lang))
        status = uc.result_status(self.store, st.cycle_id, lang)
        prov = "" if st.published else f" <span class='ks-prov'>{esc(status.upper())}</span>"
        meeting = f"<span class='ks-meeting'>{t('cal.meeting_on', lang)}</span>" if st.meeting_mode else ""
        missing = len(uc.hasil_kerja_missing(self.store, st.cycle_id))
        missing_note = (f" · <span class='bad'>{t('cal.hk_missing', lang, n=missing)}</span>" if missing else "")
        self.status.value = ("<p>" + t("cal.status", lang, org=esc(org), n=len(st.results.scores))
                             + f"{missing_note}{prov} {meeting}</p>")
        self.grid.value = grid_html(st, lang)
        self.distribution.value = distribution_html(st, lang)
        self.supervisors.value = supervisors_html(st, lang)
        self.rows = st.table()
        self.set_filter_options()
        self.draw_source()
        self.draw_list()
        self.kurva.value = kurva_html(st, lang)
        ch = st.changes()
        ch["waktu"] = [fmt_time(w, lang) for w in ch["waktu"]]
        self.history.value = (f"<h4>{t('cal.h_history', lang)}</h4>" + html_table(
            ch[["pegawai", "usulan", "ditetapkan", "alasan", "oleh", "waktu"]], lang)) if len(ch) else ""
        self.save.disabled = st.published

    # -- the calibration list ------------------------------------------------------------------------
    def set_filter_options(self) -> None:
        """The filters' choices from the rows in view (a kept choice stays chosen)."""
        lang = self.lang
        all_ = [(t("cal.all", lang), "")]
        units = sorted({" / ".join(str(u).split(" / ")[: k + 1]) for u in self.rows["unit_kerja"] if u
                        for k in range(len(str(u).split(" / ")))})
        for w, values in ((self.f_unit, units), (self.f_jabatan, sorted({j for j in self.rows["jabatan"] if j})),
                          (self.f_level, sorted({v for v in self.rows["level"] if v}))):
            keep = w.value
            with self.hold_list():
                w.options = all_ + [(v, v) for v in values]
                w.value = keep if keep in values else ""

    def hold_list(self):
        """Redraw the list once after several filter changes."""
        import contextlib

        @contextlib.contextmanager
        def held():
            self._held = getattr(self, "_held", 0) + 1
            try:
                yield
            finally:
                self._held -= 1
        return held()

    def shown_rows(self) -> pd.DataFrame:
        return filter_table(self.rows, unit=self.f_unit.value or "", jabatan=self.f_jabatan.value or "",
                            level=self.f_level.value or "", usulan=self.f_usulan.value or "",
                            flag=self.f_flag.value or "", sort=self.sort.value or "flags",
                            descending=bool(self.descending.value))

    def draw_list(self) -> None:
        """The table, the summary and the person choice (the filtered rows, in the list's order)."""
        if getattr(self, "_held", 0) or self.state is None or not hasattr(self, "rows"):
            return
        lang = self.lang
        shown = self.shown_rows()
        weights = ", ".join(f"{t(f'analysis.g_{g}', lang)} {fmt_number(w, 2, lang)}"
                            for g, w in self.state.results.config.weights.items() if w > 0)
        flagged = int((self.rows["tanda"].map(len) > 0).sum())
        self.summary.value = (f"<p class='ks-cal-shown'><b>{esc(t('cal.h_list', lang))}</b> · "
                              f"{esc(t('cal.shown', lang, n=len(shown), total=len(self.rows), flagged=flagged))}</p>")
        self.legend.value = f"<p class='ks-legend'><small>{esc(t('cal.weights_legend', lang, weights=weights))}</small></p>"
        keep = self.person.value

        def lab(v) -> str:
            return v if isinstance(v, str) and v else "–"

        options = [(t("cal.person", lang, name=r.pegawai, proposed=lab(r.predikat_usulan), decided=lab(r.predikat)),
                    r.nip) for r in shown.itertuples(index=False)]
        self._drawing = True
        try:
            self.person.options = options
            values = [v for _, v in options]
            if values:
                self.person.value = keep if keep in values else values[0]
        finally:
            self._drawing = False
        self.table_html.value = list_html(shown, self.person.value, lang)
        self.select_person(redraw=False)

    def select_person(self, redraw: bool = True) -> None:
        """"Ditetapkan" starts at the chosen person's current predikat (the usulan until decided);
        the person's flags, reasons and suggestion are shown beside it."""
        if getattr(self, "_drawing", False) or not hasattr(self, "rows"):
            return
        nip = self.person.value
        lang = self.lang
        row = self.rows[self.rows["nip"] == nip]
        if row.empty:
            self.flag_detail.value = ""
            return
        r = row.iloc[0]
        current = r["predikat"] or r["predikat_usulan"]
        if current in PREDIKAT_LABELS:
            self.predikat.value = current
        self.flag_detail.value = ("<div class='ks-cal-flags'>" + "".join(
            f"<p class='bad'>{esc(t(f'cal.flag_{c}', lang))}: {cell(w, lang)}</p>"
            for c, w in zip(r["tanda"], r["alasan_tanda"])) + "</div>") if r["tanda"] else ""
        if redraw:
            self.table_html.value = list_html(self.shown_rows(), nip, lang)

    def apply_suggestion(self) -> None:
        """Put the flags' suggestion in the "Ditetapkan" choice; nothing is saved without a decision."""
        row = self.rows[self.rows["nip"] == self.person.value]
        if row.empty or not row.iloc[0]["predikat_saran"]:
            self.message.value = f"<p class='ks-cal-msg'>{esc(t('cal.no_suggestion', self.lang))}</p>"
            return
        self.predikat.value = row.iloc[0]["predikat_saran"]
        self.message.value = (f"<p class='ks-cal-msg'>"
                              f"{esc(t('cal.suggestion_set', self.lang, predikat=self.predikat.value))}</p>")

    def draw_source(self) -> None:
        lang = self.lang
        src = self.state.perilaku_source
        hist = perilaku_source_history(self.store, self.state.cycle_id)
        by = ""
        if hist:
            last = hist[-1]
            by = t("cal.source_by", lang, actor=last["actor"], at=fmt_time(last["at"], lang))
        self.source_line.value = f"<p>{t('cal.source_line', lang, source=esc(t(f'cal.source_{src}', lang)))}{esc(by)}</p>"

    def save_source(self) -> bool:
        """Record the organisation's basis of the rating perilaku (a reason once the cycle opened)."""
        lang = self.lang
        who = self.recorder.value.strip() or self.actor
        try:
            set_perilaku_source(self.store, self.state.cycle_id, self.source.value, actor=who[:100],
                                reason=self.source_reason.value)
        except (StoreError, uc.CycleError) as exc:
            self.message.value = f"<p class='bad ks-cal-msg'>{esc(t('error', lang, message=exc))}</p>"
            return False
        self.source_reason.value = ""
        self.draw_source()
        self.message.value = (f"<p class='ok ks-cal-msg'>"
                              f"{esc(t('cal.source_saved', lang, source=t(f'cal.source_{self.source.value}', lang)))}</p>")
        return True

    def change(self) -> bool:
        lang = self.lang
        if self.person.value is None:
            self.message.value = f"<p class='bad'>{t('cal.need_person', lang)}</p>"
            return False
        who = self.account or self.recorder.value.strip()  # a login is never overridden by the field
        if not who:
            self.message.value = ("<p class='bad ks-cal-msg'>"
                                  f"{esc(t('error', lang, message=t('cal.need_recorder', lang)))}</p>")
            return False
        self.state.actor = who[:100]
        try:
            self.state.set_tim(self.participants.value)
            self.state.change(self.person.value, self.predikat.value, self.reason.value)
        except (StoreError, ValueError) as exc:
            self.message.value = f"<p class='bad ks-cal-msg'>{esc(t('error', lang, message=exc))}</p>"
            return False
        self.reason.value = ""
        self.draw()
        self.message.value = f"<p class='ok ks-cal-msg'>{cell(self.state.message, lang)}</p>"
        return True


    def make_minutes(self) -> dict[str, bytes]:
        """Berita acara of the calibration as PDF and XLSX download links; returns the files' bytes."""
        import tempfile
        from pathlib import Path

        from ..cycle.calibration import berita_acara_data
        from ..present.berita_acara import write_berita_acara
        from .downloads import offer

        people = self.state.set_tim(self.participants.value)
        data = berita_acara_data(self.store, self.state.cycle_id, peserta=people, actor=self.actor)
        out, links = {}, []
        with tempfile.TemporaryDirectory() as tmp:
            for ext in ("pdf", "xlsx"):
                name = f"berita-acara-kalibrasi-periode-{self.state.cycle_id}.{ext}"
                out[ext] = write_berita_acara(data, Path(tmp) / name).read_bytes()
                links.append(offer("berita-acara", out[ext], name, store=self.store,
                                   cycle_id=self.state.cycle_id, actor=self.recorder.value.strip() or self.actor,
                                   people=len(self.state.results.people), label=ext.upper(), lang=self.lang))
        self.minutes.value = " ".join(links)
        return out


def calibration_app_from_request(db_url: str | None = None, query_string: str | None = None):
    """For ``notebooks/kalibrasi.ipynb``: the calibration view on ``$KINERJA_SURVEY_DB``, in the
    language of ``?lang=`` (Bahasa Indonesia by default)."""
    from ..store import Store, default_url
    from .voila import request_params

    from .accounts import logged_in_account

    lang = resolve_lang(request_params(query_string).get("lang"))  # first: a preheated kernel learns its account here
    try:
        store = Store(db_url or default_url(), create=False)
    except StoreError as exc:
        return widgets.HTML(f"<p>{esc(t('app.db_unavailable', lang, error=exc.message(lang)))}</p>")
    return CalibrationApp(store, lang=lang, account=logged_in_account() or None).widget
