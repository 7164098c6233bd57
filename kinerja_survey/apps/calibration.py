"""The calibration meeting view (``notebooks/kalibrasi.ipynb``, Voilà on 127.0.0.1 behind the
admin secret).

A thin view of ``cycle.CalibrationState``: the kuadran 3x3 grid (hasil kerja x perilaku) with
counts and, outside meeting mode, names; the predikat distribution, usulan vs ditetapkan, against
the kurva distribusi of the recorded organisation predikat with each violated band; each
supervisor's leniency/severity (rater-effects model) beside their staff's raw and fair scores;
and the form that records a decided predikat with its required reason
(``Store.override_predikat``, audited with the acting person).  Meeting mode is on by default.
"""

from __future__ import annotations

import os

import ipywidgets as widgets
import numpy as np

from .. import cycle as uc
from ..cycle.calibration import GRID_COLS, GRID_ROWS
from ..i18n import Localized, fmt_number, resolve_lang, t
from ..store import StoreError, zone_name
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
    parts = [html_table(dist, lang)]
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


class CalibrationApp(App):
    """The calibration view over a ``CalibrationState``; widgets are attributes for tests."""

    def show_error(self, text: str) -> None:
        self.message.value = f"<p class='bad ks-cal-msg'>{esc(t('error', self.lang, message=text))}</p>"

    def __init__(self, store, cycle_id: int | None = None, *, actor: str | None = None, meeting_mode: bool = True,
                 secret: str | None = None, lang: str | None = None):
        self.store = store
        self.lang = lang = resolve_lang(lang)
        self.actor = (actor or os.environ.get("KINERJA_SURVEY_ACTOR") or "tim-penilai-kinerja").strip()[:100]
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
                                     layout=widgets.Layout(width="520px"))
        self.save = widgets.Button(description=t("cal.save", lang), button_style="primary",
                                   layout=widgets.Layout(width="auto"))
        self.save.add_class("ks-cal-save")
        self.person.add_class("ks-cal-person")
        self.recorder.add_class("ks-cal-recorder")
        self.predikat.add_class("ks-cal-predikat")
        self.message = widgets.HTML()
        self.history = widgets.HTML()
        self.participants = widgets.Text(placeholder=t("cal.participants_placeholder", lang),
                                         description=t("cal.d_participants", lang), layout=widgets.Layout(width="520px"))
        self.minutes_button = widgets.Button(description=t("cal.minutes", lang), layout=widgets.Layout(width="auto"))
        self.minutes = widgets.HTML()
        self.minutes_button.on_click(self.guard(lambda _b: self.make_minutes()))
        self.secret = secret
        self.save.on_click(self.guard(lambda _b: self.change()))
        self.cycle_select.observe(self.guard(lambda _c: self.load()), names="value")
        self.meeting.observe(self.guard(lambda _c: self.toggle_meeting()), names="value")
        self.unit_select.observe(self.guard(lambda _c: self.set_unit()), names="value")
        tabs = widgets.Tab([widgets.VBox([self.grid]), widgets.VBox([self.distribution]),
                            widgets.VBox([self.supervisors]),
                            widgets.VBox([self.person, self.predikat, self.reason, self.recorder, self.save, self.message,
                                          self.history, widgets.HTML(f"<hr><h4>{t('cal.h_minutes', lang)}</h4>"),
                                          self.participants, self.minutes_button, self.minutes])])
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
        staff = st.staff()
        keep = self.person.value
        def lab(v) -> str:
            return v if isinstance(v, str) and v else "–"

        self.person.options = [(t("cal.person", lang, name=p.pegawai, proposed=lab(p.predikat_usulan),
                                  decided=lab(p.predikat)), p.nip) for p in staff.itertuples(index=False)]
        values = [v for _, v in self.person.options]
        if values:
            self.person.value = keep if keep in values else values[0]
        ch = st.changes()
        from ..present.berita_acara import local_moment

        ch["waktu"] = [f"{local_moment(w)} {zone_name()}" for w in ch["waktu"]]
        self.history.value = (f"<h4>{t('cal.h_history', lang)}</h4>" + html_table(
            ch[["pegawai", "usulan", "ditetapkan", "alasan", "oleh", "waktu"]], lang)) if len(ch) else ""
        self.save.disabled = st.published

    def change(self) -> bool:
        lang = self.lang
        if self.person.value is None:
            self.message.value = f"<p class='bad'>{t('cal.need_person', lang)}</p>"
            return False
        who = self.recorder.value.strip()
        if not who:
            self.message.value = ("<p class='bad ks-cal-msg'>"
                                  f"{esc(t('error', lang, message=t('cal.need_recorder', lang)))}</p>")
            return False
        self.state.actor = who[:100]
        try:
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
        from .admin import XLSX_MIME, download_html

        people = [p.strip() for p in self.participants.value.split(",") if p.strip()]
        data = berita_acara_data(self.store, self.state.cycle_id, peserta=people, actor=self.actor)
        out, links = {}, []
        with tempfile.TemporaryDirectory() as tmp:
            for ext, mime in (("pdf", "application/pdf"), ("xlsx", XLSX_MIME)):
                name = f"berita-acara-kalibrasi-periode-{self.state.cycle_id}.{ext}"
                out[ext] = write_berita_acara(data, Path(tmp) / name).read_bytes()
                links.append(download_html(out[ext], name, ext.upper(), mime))
        self.minutes.value = " ".join(links)
        return out


def calibration_app_from_request(db_url: str | None = None, query_string: str | None = None):
    """For ``notebooks/kalibrasi.ipynb``: the calibration view on ``$KINERJA_SURVEY_DB``, in the
    language of ``?lang=`` (Bahasa Indonesia by default)."""
    from ..store import Store, default_url
    from .voila import request_params

    lang = resolve_lang(request_params(query_string).get("lang"))
    try:
        store = Store(db_url or default_url(), create=False)
    except StoreError as exc:
        return widgets.HTML(f"<p>{esc(t('app.db_unavailable', lang, error=exc.message(lang)))}</p>")
    return CalibrationApp(store, lang=lang).widget
