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

import html
import os

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import cycle as uc
from ..cycle.calibration import GRID_COLS, GRID_ROWS
from ..store import StoreError
from ..vocab import PREDIKAT_LABELS

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
_SHORT = {"Dibawah Ekspektasi": "Di bawah", "Sesuai Ekspektasi": "Sesuai", "Diatas Ekspektasi": "Di atas"}


def _fmt(v, digits=2) -> str:
    if isinstance(v, (float, np.floating)):
        return "–" if np.isnan(v) else f"{v:.{digits}f}".replace(".", ",")
    return html.escape("" if v is None else str(v))


def _table(df: pd.DataFrame, headers: dict | None = None) -> str:
    headers = headers or {}
    head = "".join(f"<th>{html.escape(headers.get(c, str(c)))}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(v)}</td>" for v in row) + "</tr>" for row in df.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def grid_html(state: uc.CalibrationState) -> str:
    """The kuadran: rows hasil kerja, columns perilaku; each cell its predikat, count and (outside
    meeting mode) names."""
    counts = state.grid()
    names = state.grid_names()
    head = "<tr><th>Hasil kerja \\ Perilaku</th>" + "".join(f"<th>{_SHORT[c]}</th>" for c in GRID_COLS) + "</tr>"
    rows = []
    for h in GRID_ROWS:
        cells = []
        for b in GRID_COLS:
            who = "" if state.meeting_mode else "<br>".join(html.escape(n) for n in names[(h, b)])
            cells.append(f"<td class='ks-cell'><small>{html.escape(state.cell_predikat(h, b))}</small>"
                         f"<b>{int(counts.loc[h, b])}</b>{who}</td>")
        rows.append(f"<tr><th>{_SHORT[h]}</th>{''.join(cells)}</tr>")
    return f"<table class='ks-grid'>{head}{''.join(rows)}</table>"


def distribution_html(state: uc.CalibrationState) -> str:
    dist = state.distribution()
    parts = [_table(dist, {"predikat": "Predikat", "usulan": "Usulan", "ditetapkan": "Ditetapkan"})]
    for which, title in (("predikat_usulan", "Usulan"), ("predikat", "Ditetapkan")):
        bad = state.violations(which)
        if bad.empty:
            parts.append(f"<p class='ok'>{title}: memenuhi kurva distribusi.</p>")
        else:
            parts.append(f"<p class='bad'>{title}: melanggar kurva distribusi</p><ul>"
                         + "".join(f"<li class='bad ks-violation'>{html.escape(m)}</li>" for m in bad["message"])
                         + "</ul>")
    return "".join(parts)


def supervisors_html(state: uc.CalibrationState) -> str:
    if state.effects is None:
        return f"<p class='bad'>Model efek penilai tidak dapat dihitung: {html.escape(state.effects_error)}</p>"
    parts = []
    for sup in state.supervisors().itertuples(index=False):
        staff = state.staff(sup.atasan_nip)
        sev = "" if np.isnan(sup.severity) else f" (keparahan {_fmt(sup.severity)}, z {_fmt(sup.z)})"
        parts.append(f"<h4>{html.escape(sup.atasan)}: {html.escape(sup.reading)}{sev}</h4>")
        parts.append(_table(staff[["pegawai", "skor_mentah", "skor_adil", "rating_hasil_kerja", "rating_perilaku",
                                   "predikat_usulan", "predikat"]],
                            {"pegawai": "Pegawai", "skor_mentah": "Skor mentah", "skor_adil": "Skor adil",
                             "rating_hasil_kerja": "Hasil kerja", "rating_perilaku": "Perilaku (usulan)",
                             "predikat_usulan": "Predikat usulan", "predikat": "Predikat ditetapkan"}))
    return "".join(parts) or "<p>Tidak ada atasan.</p>"


class CalibrationApp:
    """The calibration view over a ``CalibrationState``; widgets are attributes for tests."""

    def __init__(self, store, cycle_id: int | None = None, *, actor: str | None = None, meeting_mode: bool = True,
                 secret: str | None = None):
        self.store = store
        self.actor = (actor or os.environ.get("KINERJA_SURVEY_ACTOR") or "tim-penilai-kinerja").strip()[:100]
        cycles = store.cycles_frame()
        cycles = cycles[cycles["status"] == "closed"]
        self.widget = widgets.VBox()
        self.widget.add_class("ks-cal")
        if cycles.empty:
            self.widget.children = [widgets.HTML(CSS + "<p>Belum ada periode yang ditutup untuk dikalibrasi.</p>")]
            self.state = None
            return
        options = [(f"{r.id} · {r.name}", int(r.id)) for r in cycles.itertuples(index=False)]
        self.cycle_select = widgets.Dropdown(options=options, value=cycle_id or options[-1][1], description="Periode",
                                             layout=widgets.Layout(width="480px"))
        self.meeting = widgets.Checkbox(value=meeting_mode, description="Mode rapat (nama disembunyikan)", indent=False)
        self.unit_select = widgets.Dropdown(options=[("(seluruh organisasi)", "")], value="", description="Unit",
                                            layout=widgets.Layout(width="560px"))
        self.status = widgets.HTML()
        self.grid = widgets.HTML()
        self.distribution = widgets.HTML()
        self.supervisors = widgets.HTML()
        self.person = widgets.Dropdown(description="Pegawai", layout=widgets.Layout(width="520px"))
        self.predikat = widgets.Dropdown(options=PREDIKAT_LABELS, description="Ditetapkan")
        self.reason = widgets.Textarea(placeholder="Alasan perubahan (wajib, minimal 10 karakter)",
                                       layout=widgets.Layout(width="520px"))
        self.recorder = widgets.Text(value=self.actor, description="Dicatat oleh",
                                     layout=widgets.Layout(width="520px"))
        self.save = widgets.Button(description="Tetapkan predikat", button_style="primary",
                                   layout=widgets.Layout(width="auto"))
        self.save.add_class("ks-cal-save")
        self.person.add_class("ks-cal-person")
        self.recorder.add_class("ks-cal-recorder")
        self.predikat.add_class("ks-cal-predikat")
        self.message = widgets.HTML()
        self.history = widgets.HTML()
        self.participants = widgets.Text(placeholder="Peserta rapat, dipisah koma", description="Peserta",
                                         layout=widgets.Layout(width="520px"))
        self.minutes_button = widgets.Button(description="Buat berita acara (PDF dan XLSX)",
                                             layout=widgets.Layout(width="auto"))
        self.minutes = widgets.HTML()
        self.minutes_button.on_click(lambda _b: self.make_minutes())
        self.secret = secret
        self.save.on_click(lambda _b: self.change())
        self.cycle_select.observe(lambda _c: self.load(), names="value")
        self.meeting.observe(lambda _c: self.toggle_meeting(), names="value")
        self.unit_select.observe(lambda _c: self.set_unit(), names="value")
        tabs = widgets.Tab([widgets.VBox([self.grid]), widgets.VBox([self.distribution]),
                            widgets.VBox([self.supervisors]),
                            widgets.VBox([self.person, self.predikat, self.reason, self.recorder, self.save, self.message,
                                          self.history, widgets.HTML("<hr><h4>Berita acara</h4>"),
                                          self.participants, self.minutes_button, self.minutes])])
        for i, title in enumerate(("Kuadran", "Kurva distribusi", "Atasan & skor adil", "Penetapan")):
            tabs.set_title(i, title)
        self.tabs = tabs
        self.widget.children = [widgets.HTML(CSS + "<h2 style='color:#1f3b73'>Kalibrasi predikat kinerja</h2>"),
                                widgets.HBox([self.cycle_select, self.meeting]), self.unit_select, self.status, tabs]
        self.load()

    def load(self) -> None:
        self.state = uc.CalibrationState(self.store, self.cycle_select.value, actor=self.actor,
                                         meeting_mode=self.meeting.value, secret=self.secret)
        units = sorted({" / ".join(u.split(" / ")[: k + 1]) for u in self.state.people()["unit_kerja"].dropna()
                        for k in range(len(str(u).split(" / ")))})
        self.unit_select.options = [("(seluruh organisasi)", "")] + [(u, u) for u in units]
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
        st = self.state
        org = f"{st.org}" + ("" if st.org_recorded else " (belum ditetapkan – bawaan; tetapkan di aplikasi admin)")
        status = uc.result_status(self.store, st.cycle_id)
        prov = "" if st.published else f" <span class='ks-prov'>{html.escape(status.upper())}</span>"
        meeting = ("<span class='ks-meeting'>Mode rapat: NIP disamarkan, nama disembunyikan.</span>"
                   if st.meeting_mode else "")
        missing = len(uc.hasil_kerja_missing(self.store, st.cycle_id))
        missing_note = (f" · <span class='bad'>{missing} pegawai belum memiliki rating hasil kerja</span>"
                        if missing else "")
        self.status.value = (f"<p>Predikat organisasi: <b class='ks-org'>{html.escape(org)}</b> · "
                             f"{len(st.results.scores)} pegawai dinilai{missing_note}{prov} {meeting}</p>")
        self.grid.value = grid_html(st)
        self.distribution.value = distribution_html(st)
        self.supervisors.value = supervisors_html(st)
        staff = st.staff()
        keep = self.person.value
        def lab(v) -> str:
            return v if isinstance(v, str) and v else "–"

        self.person.options = [(f"{p.pegawai} – usulan {lab(p.predikat_usulan)}, ditetapkan {lab(p.predikat)}",
                                p.nip) for p in staff.itertuples(index=False)]
        values = [v for _, v in self.person.options]
        if values:
            self.person.value = keep if keep in values else values[0]
        ch = st.changes()
        ch["waktu"] = [f"{pd.Timestamp(w):%d-%m-%Y %H:%M}" for w in ch["waktu"]]
        self.history.value = ("<h4>Perubahan tercatat</h4>" + _table(
            ch[["pegawai", "usulan", "ditetapkan", "alasan", "oleh", "waktu"]],
            {"pegawai": "Pegawai", "usulan": "Usulan", "ditetapkan": "Ditetapkan", "alasan": "Alasan", "oleh": "Oleh",
             "waktu": "Waktu (UTC)"})) if len(ch) else ""
        self.save.disabled = st.published

    def change(self) -> bool:
        if self.person.value is None:
            self.message.value = "<p class='bad'>Pilih pegawai dulu.</p>"
            return False
        who = self.recorder.value.strip()
        if not who:
            self.message.value = "<p class='bad ks-cal-msg'>Gagal: isi nama yang mencatat perubahan.</p>"
            return False
        self.state.actor = who[:100]
        try:
            self.state.change(self.person.value, self.predikat.value, self.reason.value)
        except (StoreError, ValueError) as exc:
            self.message.value = f"<p class='bad ks-cal-msg'>Gagal: {html.escape(str(exc))}</p>"
            return False
        self.reason.value = ""
        self.draw()
        self.message.value = f"<p class='ok ks-cal-msg'>{html.escape(self.state.message)}</p>"
        return True


    def make_minutes(self) -> dict[str, bytes]:
        """Berita acara of the calibration as PDF and XLSX download links; returns the files' bytes."""
        import base64
        import tempfile
        from pathlib import Path

        from ..cycle.calibration import berita_acara_data
        from ..present.berita_acara import write_berita_acara

        people = [p.strip() for p in self.participants.value.split(",") if p.strip()]
        data = berita_acara_data(self.store, self.state.cycle_id, peserta=people, actor=self.actor)
        out, links = {}, []
        with tempfile.TemporaryDirectory() as tmp:
            for ext, mime in (("pdf", "application/pdf"),
                              ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
                name = f"berita-acara-kalibrasi-periode-{self.state.cycle_id}.{ext}"
                out[ext] = write_berita_acara(data, Path(tmp) / name).read_bytes()
                links.append(f"<a class='ks-download' download='{name}' href='data:{mime};base64,"
                             f"{base64.b64encode(out[ext]).decode('ascii')}'>⬇ {ext.upper()}</a>")
        self.minutes.value = " ".join(links)
        return out


def calibration_app_from_request(db_url: str | None = None):
    """For ``notebooks/kalibrasi.ipynb``: the calibration view on ``$KINERJA_SURVEY_DB``."""
    from ..store import Store, default_url

    try:
        store = Store(db_url or default_url(), create=False)
    except StoreError as exc:
        return widgets.HTML(f"<p>Basis data tidak dapat dibuka: {html.escape(str(exc))}</p>")
    return CalibrationApp(store).widget
