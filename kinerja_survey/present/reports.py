"""Individual 360-degree feedback reports (HTML and PDF), one per ratee, in Bahasa Indonesia.

The scoring of a cycle is computed **once** (``kinerja_survey.cycle.load_results`` from a store,
or ``analysis.results.cycle_results`` from frames) and every report is cut from it
(:func:`feedback_report`), so a unit of 300 people costs one scoring pass plus 300 cheap
renderings (:func:`write_reports`)::

    results = cycle.load_results(store, cycle_id)
    report = feedback_report(results, "198506232007032001")
    html_text = render_html(report)
    pdf_bytes = render_pdf(report)
    write_reports(results, "laporan/", unit="BKPSDM / Sekretariat", format="both", progress=True)

A report holds

* the response summary per rater group (invited / answered); a group under its anonymity
  threshold (``ScoringConfig.thresholds``) is shown as *tidak ditampilkan (kurang dari N
  penilai)* and none of its numbers or comments appear anywhere in the report;
* competency scores by group (table and bar chart) from :func:`scoring.combined_scores`;
* self vs others per competency and the self-other agreement category of
  :func:`fairness.self_other_agreement` (Atwater & Yammarino);
* the highest and lowest items (combined item score) and the blind spots / hidden strengths of
  :func:`fairness.blind_spots`;
* comments grouped by competency: the supervisor's and the ratee's own are labelled, peers' and
  subordinates' are shown without name or relationship, sorted by text (not by rater), and only
  when the group has at least ``ScoringConfig.comment_threshold`` commenters (never fewer than its
  number threshold);
* rating perilaku (proposed), rating hasil kerja and predikat kinerja (PermenPANRB 6/2022);
* development suggestions for the weakest competencies, from ``data/saran_pengembangan.yaml``.

Every user-supplied string (names, units, comments) is escaped: in HTML with ``html.escape``, in
the PDF before it reaches reportlab's ``Paragraph`` markup parser, so a comment reading
``<script>alert(1)</script>`` is printed as those characters.

PDFs are drawn with reportlab (charts with ``reportlab.graphics``, no matplotlib), about 20-40 ms
per report; see ``benchmarks/bench_reports.py``.
"""

from __future__ import annotations

import html
import io
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import numpy as np
import pandas as pd

from ..analysis.results import CycleResults, cycle_results  # noqa: F401 - cycle_results re-exported
from ..analysis.scoring import OVERALL
from ..collect.suggestions import load_suggestions  # noqa: F401 - re-exported

#: Group names as printed in reports.
GROUP_LABELS = {"self": "Diri sendiri", "supervisor": "Atasan", "peer": "Rekan kerja", "subordinate": "Bawahan"}
#: Order of the groups in tables and charts.
GROUP_ORDER = ("self", "supervisor", "peer", "subordinate")
#: Groups whose comments are attributed (shown with the group name); the others are anonymous.
ATTRIBUTED = ("self", "supervisor")
#: Colours of the chart series (also used by the HTML chart).
COLOURS = {"combined": "#1f3b73", "supervisor": "#2e75b6", "peer": "#5ba3d9", "subordinate": "#9cc9ec",
           "self": "#e8a33d"}
FORMATS = ("pdf", "html", "both")
DASH = "–"



# --- small helpers ------------------------------------------------------------------------------

def fmt_number(value, digits: int = 2) -> str:
    """A number with a decimal comma (``4,25``); ``–`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return DASH
    return f"{float(value):.{digits}f}".replace(".", ",")


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# --- one report -----------------------------------------------------------------------------------

@dataclass
class FeedbackReport:
    """The content of one individual feedback report, ready to render (all texts in Bahasa Indonesia).

    Tables hold only displayable figures: a group under its threshold has no column, its cells
    never carry a number.
    """

    ratee: str
    name: str
    nip: str
    jabatan: str
    unit: str
    cycle: str
    scale: tuple[int, int]
    responses: pd.DataFrame  # kelompok, diundang, menjawab, keterangan, ditampilkan
    competencies: pd.DataFrame  # code, kompetensi, one column per displayed group, lain, gabungan
    groups_shown: tuple[str, ...]
    gaps: pd.DataFrame  # kompetensi, diri, lain, selisih, keterangan
    agreement: str  # self-other agreement category sentence ('' when not available)
    top_items: pd.DataFrame  # item, kompetensi, butir, skor
    bottom_items: pd.DataFrame
    blind_spots: pd.DataFrame  # item, butir, diri, lain, selisih
    hidden_strengths: pd.DataFrame
    comments: list[tuple[str, list[tuple[str, str]]]]  # (competency name, [(label, text)])
    comment_notes: list[str]
    instrument_name: str
    competency_header: str  # "Nilai BerAKHLAK" for the built-in instrument, else "Kompetensi"
    predikat: dict  # skor, rating_perilaku, rating_hasil_kerja, predikat
    suggestions: list[tuple[str, tuple[str, ...]]]
    notes: list[str]
    # the development plan of the previous period and its progress: (kompetensi, jenis, uraian,
    # batas waktu, status), and the name of that period
    progress: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    progress_period: str = ""

    @property
    def subtitle(self) -> str:
        return " · ".join(x for x in (self.instrument_name, self.cycle) if x)


def _employee_field(results: CycleResults, ratee: str, col: str, default: str = "") -> str:
    emp = results.employees
    if col in emp.columns and ratee in emp.index:
        return _text(emp.at[ratee, col]) or default
    return default


def _responses(results: CycleResults, ratee: str) -> pd.DataFrame:
    row = results.scores.loc[ratee]
    inv = results.invitations
    th = results.config.thresholds
    rows = []
    for g in GROUP_ORDER:
        n = int(row[f"n_{g}"])
        invited = None
        if inv is not None and ratee in inv.index and f"{g}_invited" in inv.columns:
            invited = int(inv.at[ratee, f"{g}_invited"])
        if invited is not None and invited == 0 and n == 0:
            continue
        if n == 0:
            status = "belum ada penilai yang menjawab" if invited else "tidak ada penilai"
            shown = False
        elif n >= th[g]:
            status, shown = "ditampilkan", True
        else:
            status, shown = f"tidak ditampilkan (kurang dari {th[g]} penilai)", False
        rows.append({"group": g, "kelompok": GROUP_LABELS[g], "diundang": invited, "menjawab": n,
                     "keterangan": status, "ditampilkan": shown})
    return pd.DataFrame(rows, columns=["group", "kelompok", "diundang", "menjawab", "keterangan", "ditampilkan"])


def _comp_name(results: CycleResults, code: str) -> str:
    if code == OVERALL:
        return "Keseluruhan"
    try:
        return results.instrument.competency(code).name.get("id", code)
    except KeyError:
        return code


def _competency_table(results: CycleResults, ratee: str):
    rows = results.rows("competency", ratee)
    order = [c.code for c in results.instrument.competencies]
    codes = rows["competency"].astype(str).to_numpy()
    rank = {c: i for i, c in enumerate(order + [OVERALL])}
    pos = np.argsort([rank.get(c, len(rank)) for c in codes], kind="stable")
    rows = rows.iloc[pos]
    codes = codes[pos]
    shown = tuple(g for g in GROUP_ORDER if rows[f"mean_{g}"].notna().any())
    table = pd.DataFrame({"code": codes, "kompetensi": [_comp_name(results, c) for c in codes]})
    for g in shown:
        table[g] = rows[f"mean_{g}"].to_numpy()
    table["lain"] = rows["mean_others"].to_numpy()
    table["gabungan"] = rows["combined"].to_numpy()
    return table, shown


def _gap_reading(d: float, cut: float) -> str:
    if math.isnan(d):
        return "tidak dapat dibandingkan"
    if d >= cut:
        return "penilaian diri lebih tinggi"
    if d <= -cut:
        return "penilaian diri lebih rendah"
    return "sejalan"


def _items_lookup(results: CycleResults) -> dict:
    return {i.code: (i.competency, i.text.get("id", i.code)) for i in results.instrument.items}


def feedback_report(
    results: CycleResults,
    ratee: str,
    *,
    n_items: int = 3,
    n_weakest: int = 2,
    gap_cut: float = 0.5,
) -> FeedbackReport:
    """Cut the individual feedback report of ``ratee`` out of the cycle results.

    Parameters
    ----------
    results : CycleResults
        From ``kinerja_survey.cycle.load_results``.
    ratee : str
        The ratee key (NIP in the store).
    n_items : int
        Number of highest and of lowest items listed (default 3).
    n_weakest : int
        Number of weakest competencies that get development suggestions (default 2).
    gap_cut : float
        Self minus others (scale points) from which a competency is read as "penilaian diri lebih
        tinggi/rendah" (default 0.5).

    Raises
    ------
    ValueError
        ``ratee`` has no ratings in the cycle.
    """
    ratee = str(ratee)
    if ratee not in results.scores.index:
        raise ValueError(f"pegawai {ratee} tidak memiliki penilaian pada periode ini")
    score = results.scores.loc[ratee]
    responses = _responses(results, ratee)
    comp, shown = _competency_table(results, ratee)
    body = comp[comp["code"] != OVERALL]

    self_col = body["self"] if "self" in body.columns else pd.Series(np.nan, index=body.index)
    gaps = pd.DataFrame({"kompetensi": body["kompetensi"], "diri": self_col.to_numpy(dtype=float),
                         "lain": body["lain"].to_numpy(dtype=float)})
    gaps["selisih"] = gaps["diri"] - gaps["lain"]
    gaps["keterangan"] = [_gap_reading(d, gap_cut) for d in gaps["selisih"]]
    if gaps["selisih"].isna().all():
        gaps = gaps.iloc[0:0]

    agreement = ""
    if ratee in results.self_other.index:
        soa = results.self_other.loc[ratee]
        if isinstance(soa.get("kategori"), str) and soa["kategori"]:
            agreement = (f"Kategori kesesuaian penilaian diri: {soa['kategori']} (diri {fmt_number(soa['self'])}, "
                         f"penilai lain {fmt_number(soa['others'])}; dibandingkan dengan seluruh pegawai pada periode ini).")
        elif _text(soa.get("status")):
            agreement = f"Kategori kesesuaian penilaian diri tidak dihitung: {soa['status']}."

    lookup = _items_lookup(results)
    it = results.rows("item", ratee)
    it = it[it["combined"].notna()]
    item_codes = it["competency"].astype(str).to_numpy()
    item_table = pd.DataFrame({
        "item": item_codes,
        "kompetensi": [_comp_name(results, lookup.get(c, ("", c))[0]) for c in item_codes],
        "butir": [lookup.get(c, ("", c))[1] for c in item_codes],
        "skor": it["combined"].to_numpy(dtype=float),
    })
    order = {c: i for i, c in enumerate(lookup)}
    item_table["_pos"] = [order.get(c, len(order)) for c in item_codes]
    top = item_table.sort_values(["skor", "_pos"], ascending=[False, True], kind="stable").head(n_items)
    rest = item_table[~item_table["item"].isin(top["item"])]
    bottom = rest.sort_values(["skor", "_pos"], ascending=[True, True], kind="stable").head(n_items)
    top, bottom = top.drop(columns="_pos").reset_index(drop=True), bottom.drop(columns="_pos").reset_index(drop=True)

    sp = results.rows("spots", ratee)

    def spot_table(kind: str) -> pd.DataFrame:
        s = sp[sp["type"] == kind]
        s = s.reindex(s["gap"].abs().sort_values(ascending=False, kind="stable").index).head(n_items)
        codes = s["item"].astype(str).to_numpy()
        return pd.DataFrame({"item": codes, "butir": [lookup.get(c, ("", c))[1] for c in codes],
                             "kompetensi": [_comp_name(results, lookup.get(c, ("", c))[0]) for c in codes],
                             "diri": s["self"].to_numpy(dtype=float), "lain": s["others"].to_numpy(dtype=float),
                             "selisih": s["gap"].to_numpy(dtype=float)})

    comments, comment_notes = _comments(results, ratee)

    predikat = {"skor": score["combined"], "rating_perilaku": _text(score.get("rating_perilaku")),
                "rating_hasil_kerja": _text(score.get("rating_hasil_kerja")), "predikat": _text(score.get("predikat")),
                "predikat_usulan": _text(score.get("predikat_usulan")),
                "predikat_alasan": _text(score.get("predikat_alasan"))}

    weakest = body[body["gabungan"].notna()].sort_values("gabungan", kind="stable").head(n_weakest)
    suggestions = []
    for code, name in zip(weakest["code"], weakest["kompetensi"]):
        tips = tuple(results.suggestions.get(code, ()))
        if not tips:
            tips = (("Diskusikan bersama atasan langsung perilaku konkret yang perlu ditingkatkan pada nilai ini "
                     "dan tuangkan dalam rencana pengembangan."),)
        suggestions.append((name, tips))

    notes = []
    note = _text(score.get("note"))
    if note:
        notes.append(note[0].upper() + note[1:] + ".")
    return FeedbackReport(
        ratee=ratee, name=_employee_field(results, ratee, "nama", ratee), nip=_employee_field(results, ratee, "nip", ratee),
        jabatan=_employee_field(results, ratee, "jabatan"), unit=_employee_field(results, ratee, "unit_kerja"),
        cycle=results.cycle_name, scale=(results.instrument.scale.low, results.instrument.scale.high),
        responses=responses, competencies=comp, groups_shown=shown, gaps=gaps, agreement=agreement,
        top_items=top, bottom_items=bottom, blind_spots=spot_table("blind_spot"),
        hidden_strengths=spot_table("hidden_strength"), comments=comments, comment_notes=comment_notes,
        instrument_name=results.instrument.name.get("id", results.instrument.code),
        competency_header="Nilai BerAKHLAK" if results.instrument.code == "BERAKHLAK" else "Kompetensi",
        predikat=predikat, suggestions=suggestions, notes=notes, **_progress(results, ratee))


_KIND_LABELS = {"pelatihan": "Pelatihan", "coaching": "Coaching", "mentoring": "Mentoring", "penugasan": "Penugasan"}
_STATUS_LABELS = {"direncanakan": "Direncanakan", "berjalan": "Berjalan", "selesai": "Selesai", "batal": "Dibatalkan"}


def _progress(results: CycleResults, ratee: str) -> dict:
    """The previous period's development actions of ``ratee`` with their status now."""
    dev = results.development
    if dev is None or dev.empty:
        return {}
    mine = dev[dev["nip"].astype(str) == str(ratee)]
    if mine.empty:
        return {}
    rows = [(_comp_name(results, str(r.competency)), _KIND_LABELS.get(r.kind, str(r.kind)), str(r.description),
             pd.Timestamp(r.due_on).strftime("%d-%m-%Y"), _STATUS_LABELS.get(r.status, str(r.status)))
            for r in mine.itertuples(index=False)]
    return {"progress": rows, "progress_period": str(mine["periode_rencana"].iloc[0])}


def _comments(results: CycleResults, ratee: str):
    """Displayable comments by competency, and notes on groups left out."""
    records = results._index["comment_records"].get(ratee)
    if not records:
        return [], []
    cfg = results.config
    score = results.scores.loc[ratee]
    by_group: dict[str, list] = {}
    for rel, rater, comp, text in records:
        by_group.setdefault(rel, []).append((rater, comp, text))
    shown, notes = [], []
    for g in GROUP_ORDER:
        sub = by_group.get(g)
        if not sub:
            continue
        n_commenters = len({r for r, _, _ in sub})
        need = cfg.thresholds[g] if g in ATTRIBUTED else max(cfg.comment_threshold, cfg.thresholds[g])
        # a group whose numbers are hidden never shows comments either
        if n_commenters >= need and int(score[f"n_{g}"]) >= cfg.thresholds[g]:
            shown += [(g, comp, text) for _, comp, text in sub]
        elif g not in ATTRIBUTED:
            notes.append(f"Komentar {GROUP_LABELS[g].lower()} tidak ditampilkan (kurang dari {need} pemberi komentar).")
    if not shown:
        return [], notes
    order = [c.code for c in results.instrument.competencies]
    present = {comp for _, comp, _ in shown}
    codes = [c for c in order if c in present] + sorted(present - set(order) - {""}) + ([""] if "" in present else [])
    out = []
    for code in codes:
        entries = []
        for g in ATTRIBUTED:
            entries += [(GROUP_LABELS[g], t) for rel, c, t in shown if c == code and rel == g]
        entries += [("", t) for t in sorted(t for rel, c, t in shown if c == code and rel not in ATTRIBUTED)]
        out.append(("Komentar umum" if code == "" else _comp_name(results, code), entries))
    return out, notes


# --- chart geometry (shared by the PDF and the HTML renderers) ------------------------------------

def _chart_series(report: FeedbackReport) -> list[tuple[str, str, str]]:
    """(column, legend label, colour) of the bars per competency."""
    series = [(g, GROUP_LABELS[g], COLOURS[g]) for g in report.groups_shown]
    return series + [("gabungan", "Skor gabungan", COLOURS["combined"])]


def _chart_rows(report: FeedbackReport) -> pd.DataFrame:
    return report.competencies[report.competencies["code"] != OVERALL]


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1d2733; margin: 0; background: #f3f5f8; }
.page { max-width: 860px; margin: 24px auto; background: white; padding: 28px 36px; box-shadow: 0 1px 4px #0002; }
header { border-bottom: 3px solid #1f3b73; padding-bottom: 10px; margin-bottom: 14px; }
h1 { font-size: 22px; margin: 0; color: #1f3b73; }
h2 { font-size: 16px; color: #1f3b73; border-bottom: 1px solid #c9d3e3; padding-bottom: 3px; margin-top: 26px; }
h3 { font-size: 13.5px; margin: 12px 0 4px 0; }
p, li { font-size: 13.5px; }
svg { max-width: 100%; height: auto; }
tr.total td { font-weight: 600; border-top: 1px solid #1f3b73; }
.sub { color: #55606e; margin: 4px 0 0 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
th { background: #1f3b73; color: white; text-align: left; padding: 5px 7px; font-weight: 600; }
td { border-bottom: 1px solid #e1e6ee; padding: 4px 7px; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.id td:first-child { width: 120px; color: #55606e; }
table.id td { border: none; padding: 2px 6px; }
.predikat { display: flex; gap: 10px; flex-wrap: wrap; }
.predikat div { flex: 1; min-width: 150px; border: 1px solid #c9d3e3; border-radius: 6px; padding: 8px 10px; }
.predikat b { display: block; font-size: 16px; color: #1f3b73; margin-top: 2px; }
.muted { color: #66707d; font-size: 12px; }
.off { color: #9a3b00; }
blockquote { margin: 4px 0; padding: 4px 10px; border-left: 3px solid #c9d3e3; background: #f7f9fc; }
blockquote .who { font-size: 11px; color: #55606e; display: block; }
.confidential { font-size: 11px; color: #9a3b00; text-transform: uppercase; letter-spacing: 0.05em; }
"""


def _h(value) -> str:
    return html.escape(_text(value), quote=True)


def _svg_chart(report: FeedbackReport) -> str:
    rows = _chart_rows(report)
    series = _chart_series(report)
    low, high = report.scale
    label_w, width, bar_h, gap = 170, 640, 9, 10
    plot_w = width - label_w - 40
    row_h = bar_h * len(series) + gap
    top = 8
    height = top + row_h * len(rows) + 40

    def x(v):
        return label_w + (v - low) / (high - low) * plot_w

    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'viewBox="0 0 {width} {height}" role="img" aria-label="Skor per kompetensi menurut kelompok penilai" '
              f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">')]
    for v in range(low, high + 1):
        parts.append(f'<line x1="{x(v):.1f}" y1="{top}" x2="{x(v):.1f}" y2="{top + row_h * len(rows)}" '
                     f'stroke="#d5dbe5" stroke-width="1"/>')
        parts.append(f'<text x="{x(v):.1f}" y="{top + row_h * len(rows) + 13}" text-anchor="middle" '
                     f'fill="#55606e">{v}</text>')
    for r, (_, row) in enumerate(rows.iterrows()):
        y0 = top + r * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y0 + row_h / 2:.1f}" text-anchor="end" dominant-baseline="middle" '
                     f'fill="#1d2733">{_h(row["kompetensi"])}</text>')
        for s, (col, _, colour) in enumerate(series):
            v = row[col]
            if _missing(v):
                continue
            y = y0 + s * bar_h
            parts.append(f'<rect x="{x(low):.1f}" y="{y:.1f}" width="{x(v) - x(low):.1f}" height="{bar_h - 1}" '
                         f'fill="{colour}"><title>{_h(fmt_number(v))}</title></rect>')
            parts.append(f'<text x="{x(v) + 3:.1f}" y="{y + bar_h - 2:.1f}" font-size="8" fill="#1d2733">'
                         f'{fmt_number(v)}</text>')
    ly = top + row_h * len(rows) + 28
    lx = label_w
    for col, label, colour in series:
        parts.append(f'<rect x="{lx}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 14}" y="{ly + 1}" fill="#1d2733">{_h(label)}</text>')
        lx += 24 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def _html_table(frame: pd.DataFrame, columns: list[tuple[str, str, str]]) -> str:
    """columns: (frame column, header, kind) with kind 'text' or 'num'."""
    head = "".join(f'<th class="num">{_h(h)}</th>' if k == "num" else f"<th>{_h(h)}</th>" for _, h, k in columns)
    body = []
    for _, row in frame.iterrows():
        total = row.get("code") == OVERALL
        cells = []
        for col, _, kind in columns:
            v = row[col]
            if kind == "num":
                cells.append(f'<td class="num">{_h(fmt_number(v))}</td>')
            elif kind == "int":
                cells.append(f'<td class="num">{DASH if _missing(v) else int(v)}</td>')
            else:  # text or label
                cells.append(f"<td>{_h(v)}</td>")
        body.append(('<tr class="total">' if total else "<tr>") + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _score_columns(report: FeedbackReport) -> list[tuple[str, str, str]]:
    cols = [("kompetensi", report.competency_header, "label")]
    cols += [(g, GROUP_LABELS[g], "num") for g in report.groups_shown]
    return cols + [("lain", "Penilai lain", "num"), ("gabungan", "Skor gabungan", "num")]


def render_html(report: FeedbackReport) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG chart, no scripts).

    Every text taken from data (names, units, comments) is escaped with ``html.escape``.
    """
    p = report.predikat
    out = [
        "<!DOCTYPE html>", '<html lang="id"><head><meta charset="utf-8">',
        f"<title>Laporan Umpan Balik 360° – {_h(report.name)}</title>", f"<style>{_CSS}</style></head><body>",
        '<div class="page"><header>',
        '<div class="confidential">Rahasia – untuk pegawai yang bersangkutan dan atasan langsungnya</div>',
        "<h1>Laporan Umpan Balik 360° Perilaku Kerja</h1>",
        f'<p class="sub">{_h(report.subtitle)}</p></header>',
        '<table class="id">',
        f"<tr><td>Nama</td><td><b>{_h(report.name)}</b></td></tr>",
        f"<tr><td>NIP</td><td>{_h(report.nip)}</td></tr>",
        f"<tr><td>Jabatan</td><td>{_h(report.jabatan)}</td></tr>",
        f"<tr><td>Unit kerja</td><td>{_h(report.unit)}</td></tr></table>",
        "<h2>Ringkasan predikat</h2>", '<div class="predikat">',
        f"<div>Skor perilaku 360°<b>{_h(fmt_number(p['skor']))}</b></div>",
        f"<div>Rating perilaku kerja (usulan)<b>{_h(p['rating_perilaku'] or 'belum tersedia')}</b></div>",
        f"<div>Rating hasil kerja<b>{_h(p['rating_hasil_kerja'] or 'belum tersedia')}</b></div>",
        f"<div>Predikat kinerja<b>{_h(p['predikat'] or 'belum tersedia')}</b></div></div>",
        *([f'<p class="muted">{_h(_changed_note(p))}</p>'] if _changed_note(p) else []),
        f'<p class="muted">{_h(_PREDIKAT_NOTE)}</p>',
        "<h2>Penilai</h2>",
        _html_table(report.responses, [("kelompok", "Kelompok penilai", "text"), ("diundang", "Diundang", "int"),
                                       ("menjawab", "Menjawab", "int"), ("keterangan", "Keterangan", "text")]),
    ]
    for n in report.notes:
        out.append(f'<p class="muted">{_h(n)}</p>')
    out += [f"<h2>Skor per {_h(_lower_first(report.competency_header))} menurut kelompok penilai</h2>",
            f'<p class="muted">Skala {report.scale[0]}–{report.scale[1]}. {_h(_SCORE_NOTE)}</p>',
            _svg_chart(report), _html_table(report.competencies, _score_columns(report))]
    out.append("<h2>Penilaian diri dibandingkan penilai lain</h2>")
    if report.gaps.empty:
        out.append('<p class="muted">Tidak dapat dibandingkan: penilaian diri atau gabungan penilai lain tidak tersedia.</p>')
    else:
        out.append(_html_table(report.gaps, [("kompetensi", report.competency_header, "label"), ("diri", "Diri sendiri", "num"),
                                             ("lain", "Penilai lain", "num"), ("selisih", "Selisih", "num"),
                                             ("keterangan", "Keterangan", "text")]))
    if report.agreement:
        out.append(f"<p>{_h(report.agreement)}</p>")
    out.append("<h2>Butir dengan skor tertinggi dan terendah</h2>")
    item_cols = [("butir", "Butir perilaku", "text"), ("kompetensi", "Nilai", "text"), ("skor", "Skor", "num")]
    out += ["<h3>Tertinggi</h3>", _html_table(report.top_items, item_cols) if len(report.top_items) else
            '<p class="muted">Belum ada skor butir yang dapat ditampilkan.</p>',
            "<h3>Terendah</h3>", _html_table(report.bottom_items, item_cols) if len(report.bottom_items) else
            '<p class="muted">Belum ada skor butir yang dapat ditampilkan.</p>']
    out.append("<h2>Titik buta dan kekuatan tersembunyi</h2>")
    out.append(f'<p class="muted">{_h(_SPOT_NOTE)}</p>')
    spot_cols = [("butir", "Butir perilaku", "text"), ("diri", "Diri sendiri", "num"), ("lain", "Penilai lain", "num"),
                 ("selisih", "Selisih", "num")]
    for title, table in (("Titik buta", report.blind_spots), ("Kekuatan tersembunyi", report.hidden_strengths)):
        out.append(f"<h3>{title}</h3>")
        out.append(_html_table(table, spot_cols) if len(table) else '<p class="muted">Tidak ada.</p>')
    out.append("<h2>Komentar</h2>")
    out.append(f'<p class="muted">{_h(_COMMENT_NOTE)}</p>')
    if not report.comments:
        out.append('<p class="muted">Tidak ada komentar yang dapat ditampilkan.</p>')
    for comp, entries in report.comments:
        out.append(f"<h3>{_h(comp)}</h3>")
        for who, text in entries:
            who_html = f'<span class="who">{_h(who)}</span>' if who else ""
            out.append(f"<blockquote>{who_html}{_h(text)}</blockquote>")
    for n in report.comment_notes:
        out.append(f'<p class="muted off">{_h(n)}</p>')
    out.append("<h2>Saran pengembangan</h2>")
    if not report.suggestions:
        out.append('<p class="muted">Belum ada skor gabungan untuk menentukan prioritas pengembangan.</p>')
    else:
        out.append(f"<p>{_h(_SUGGEST_NOTE)}</p>")
    for comp, tips in report.suggestions:
        out.append(f"<h3>{_h(comp)}</h3><ul>" + "".join(f"<li>{_h(t)}</li>" for t in tips) + "</ul>")
    if report.progress:
        out.append(f"<h2>Kemajuan rencana pengembangan ({_h(report.progress_period)})</h2>")
        out.append("<table><tr><th>Kompetensi</th><th>Jenis</th><th>Uraian</th><th>Batas waktu</th>"
                   "<th>Status</th></tr>" + "".join("<tr>" + "".join(f"<td>{_h(v)}</td>" for v in row) + "</tr>"
                                                   for row in report.progress) + "</table>")
    out.append("</div></body></html>")
    return "\n".join(out)


def _changed_note(p: dict) -> str:
    """The sentence telling that the decided predikat differs from the computed proposal."""
    if p.get("predikat_usulan", "") == p.get("predikat", "") or not p.get("predikat"):
        return ""
    usulan = p.get("predikat_usulan") or "belum tersedia"
    reason = f" Alasan: {p['predikat_alasan']}" if p.get("predikat_alasan") else ""
    return f"Predikat ditetapkan {p['predikat']} (usulan dari perhitungan: {usulan}).{reason}"


_PREDIKAT_NOTE = ("Rating perilaku kerja di atas adalah usulan dari skor 360°; penetapan rating dan predikat kinerja "
                  "tetap menjadi kewenangan Pejabat Penilai Kinerja (PermenPANRB 6/2022).")
_SCORE_NOTE = ("Kelompok di bawah ambang anonimitas tidak ditampilkan dan tidak ikut dihitung. Penilai lain = "
               "gabungan atasan, rekan kerja dan bawahan yang ditampilkan; skor gabungan = rata-rata berbobot "
               "kelompok, tanpa penilaian diri.")
_SPOT_NOTE = ("Titik buta: butir yang Anda nilai jauh lebih tinggi (selisih paling sedikit 1 poin) daripada penilai lain "
              "dan termasuk butir terendah menurut mereka. Kekuatan tersembunyi: kebalikannya.")
_COMMENT_NOTE = ("Komentar rekan kerja dan bawahan ditampilkan tanpa nama dan tanpa kelompok, diurutkan menurut "
                 "abjad, dan hanya bila cukup banyak penilai memberi komentar.")
_SUGGEST_NOTE = "Prioritas pengembangan untuk nilai dengan skor gabungan terendah:"


# --- PDF ----------------------------------------------------------------------------------------

_FONT = "Helvetica"
_FONT_BOLD = "Helvetica-Bold"


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """DejaVu Sans (wide Unicode coverage for comments) when available, else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    candidates = []
    try:
        import matplotlib
    except ImportError:  # matplotlib missing: fall back to system fonts
        pass
    else:
        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    candidates.append(Path("/usr/share/fonts/truetype/dejavu"))
    for d in candidates:
        reg, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if reg.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("KSSans", str(reg)))
            pdfmetrics.registerFont(TTFont("KSSans-Bold", str(bold)))
            from reportlab.lib.fonts import addMapping

            addMapping("KSSans", 0, 0, "KSSans")
            addMapping("KSSans", 1, 0, "KSSans-Bold")
            addMapping("KSSans", 0, 1, "KSSans")
            addMapping("KSSans", 1, 1, "KSSans-Bold")
            return "KSSans", "KSSans-Bold"
    return _FONT, _FONT_BOLD


@lru_cache(maxsize=1)
def _styles():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    font, bold = _fonts()
    navy = colors.HexColor("#1f3b73")
    base = ParagraphStyle("ks-body", fontName=font, fontSize=9, leading=12, textColor=colors.HexColor("#1d2733"))
    return {
        "body": base,
        "small": ParagraphStyle("ks-small", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#5a6472")),
        "cell": ParagraphStyle("ks-cell", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle("ks-title", parent=base, fontName=bold, fontSize=15, leading=19, textColor=navy),
        "sub": ParagraphStyle("ks-sub", parent=base, fontSize=9.5, leading=12, textColor=colors.HexColor("#5a6472")),
        "h2": ParagraphStyle("ks-h2", parent=base, fontName=bold, fontSize=11, leading=14, textColor=navy,
                             spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("ks-h3", parent=base, fontName=bold, fontSize=9, leading=12, spaceBefore=5, spaceAfter=2),
        "quote": ParagraphStyle("ks-quote", parent=base, fontSize=8.5, leading=11, leftIndent=8,
                                borderPadding=(2, 4, 2, 6), spaceBefore=2, spaceAfter=3,
                                backColor=colors.HexColor("#f3f6fa")),
        "warn": ParagraphStyle("ks-warn", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#9a3b00")),
        "navy": navy,
        "font": font,
        "bold": bold,
    }


def _p(text, style):
    """A reportlab Paragraph of *plain text*: markup characters are escaped first."""
    from reportlab.platypus import Paragraph

    return Paragraph(_xml_escape(_text(text)), style)


def _pdf_chart(report: FeedbackReport, width: float):
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    st = _styles()
    rows = _chart_rows(report)
    series = _chart_series(report)
    low, high = report.scale
    label_w, bar_h, gap = 118.0, 6.0, 7.0
    plot_w = width - label_w - 30
    row_h = bar_h * len(series) + gap
    plot_h = row_h * len(rows)
    bottom = 30.0
    height = bottom + plot_h + 4
    d = Drawing(width, height)

    def x(v):
        return label_w + (v - low) / (high - low) * plot_w

    grid = colors.HexColor("#d5dbe5")
    for v in range(low, high + 1):
        d.add(Line(x(v), bottom, x(v), bottom + plot_h, strokeColor=grid, strokeWidth=0.5))
        d.add(String(x(v), bottom - 9, str(v), fontName=st["font"], fontSize=7, textAnchor="middle",
                     fillColor=colors.HexColor("#5a6472")))
    fill = {col: colors.HexColor(c) for col, _, c in series}
    for r, (_, row) in enumerate(rows.iterrows()):
        y_top = bottom + plot_h - r * row_h
        d.add(String(label_w - 5, y_top - row_h / 2 - 1, _text(row["kompetensi"]), fontName=st["font"], fontSize=7.5,
                     textAnchor="end"))
        for s, (col, _, _) in enumerate(series):
            v = row[col]
            if _missing(v):
                continue
            y = y_top - gap / 2 - (s + 1) * bar_h
            d.add(Rect(x(low), y + 0.4, x(v) - x(low), bar_h - 0.8, fillColor=fill[col], strokeColor=None))
            d.add(String(x(v) + 2, y + 1.2, fmt_number(v), fontName=st["font"], fontSize=5.5))
    lx = label_w
    for col, label, _ in series:
        d.add(Rect(lx, 4, 7, 7, fillColor=fill[col], strokeColor=None))
        d.add(String(lx + 10, 5, label, fontName=st["font"], fontSize=7))
        lx += 22 + 4.3 * len(label)
    return d


def _pdf_table(frame: pd.DataFrame, columns: list[tuple[str, str, str]], widths: list[float]):
    """A styled table; text columns wrap (escaped Paragraphs), numbers and headers are plain strings."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    st = _styles()
    data = [[h for _, h, _ in columns]]
    cols = [(frame[col].tolist(), kind) for col, _, kind in columns]
    for i in range(len(frame)):
        cells = []
        for values, kind in cols:
            v = values[i]
            if kind == "num":
                cells.append(fmt_number(v))
            elif kind == "int":
                cells.append(DASH if _missing(v) else str(int(v)))
            elif kind == "label":
                cells.append(_text(v))
            else:
                cells.append(_p(v, st["cell"]))
        data.append(cells)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), st["navy"]),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONT", (0, 0), (-1, 0), st["bold"], 8),
        ("FONT", (0, 1), (-1, -1), st["font"], 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor("#dde3ec")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for j, (_, _, kind) in enumerate(columns):
        if kind in ("num", "int"):
            style.append(("ALIGN", (j, 0), (j, -1), "RIGHT"))
    if "code" in frame.columns:
        for i, code in enumerate(frame["code"].tolist(), start=1):
            if code == OVERALL:
                style += [("FONT", (0, i), (-1, i), st["bold"], 8), ("LINEABOVE", (0, i), (-1, i), 0.8, st["navy"])]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(style))
    return t


def _split_widths(total: float, first: float, n_rest: int) -> list[float]:
    return [first] + [(total - first) / n_rest] * n_rest


def render_pdf(report: FeedbackReport, dest=None) -> bytes:
    """The report as an A4 PDF (reportlab); returns the bytes and writes them to ``dest`` if given.

    Text from data goes through ``xml.sax.saxutils.escape`` before reportlab's ``Paragraph``
    parses it, so markup in a comment is printed, not interpreted.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    st = _styles()
    buf = io.BytesIO()
    margin = 16 * mm
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=14 * mm,
                            bottomMargin=16 * mm, title=f"Laporan Umpan Balik 360° - {report.name}",
                            author="kinerja-survey", subject=report.cycle)
    W = A4[0] - 2 * margin
    p = report.predikat
    story = [
        _p("RAHASIA – untuk pegawai yang bersangkutan dan atasan langsungnya", st["warn"]),
        Spacer(1, 2),
        _p("Laporan Umpan Balik 360° Perilaku Kerja", st["title"]),
        _p(report.subtitle, st["sub"]),
        Spacer(1, 6),
    ]
    ident = Table([[_p(k, st["small"]), _p(v, st["body"])] for k, v in
                   (("Nama", report.name), ("NIP", report.nip), ("Jabatan", report.jabatan),
                    ("Unit kerja", report.unit))], colWidths=[25 * mm, W - 25 * mm])
    ident.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.5, st["navy"]),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor("#c9d3e3")),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(ident)

    story.append(_p("Ringkasan predikat", st["h2"]))
    big = st["body"].clone("ks-big", fontName=st["bold"], fontSize=11, leading=14, textColor=st["navy"])
    boxes = [[_p(k, st["small"]) for k in ("Skor perilaku 360°", "Rating perilaku kerja (usulan)",
                                            "Rating hasil kerja", "Predikat kinerja")],
             [_p(fmt_number(p["skor"]), big), _p(p["rating_perilaku"] or "belum tersedia", big),
              _p(p["rating_hasil_kerja"] or "belum tersedia", big), _p(p["predikat"] or "belum tersedia", big)]]
    box = Table(boxes, colWidths=[W / 4] * 4)
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#c9d3e3")),
                             ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#c9d3e3")),
                             ("LINEBELOW", (0, 0), (-1, 0), 0, colors.white),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7f9fc")),
                             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    story += [box, Spacer(1, 2)]
    if _changed_note(p):
        story.append(_p(_changed_note(p), st["small"]))
    story.append(_p(_PREDIKAT_NOTE, st["small"]))

    story.append(_p("Penilai", st["h2"]))
    story.append(_pdf_table(report.responses, [("kelompok", "Kelompok penilai", "label"), ("diundang", "Diundang", "int"),
                                               ("menjawab", "Menjawab", "int"), ("keterangan", "Keterangan", "label")],
                            [40 * mm, 22 * mm, 22 * mm, W - 84 * mm]))
    for n in report.notes:
        story.append(_p(n, st["small"]))

    cols = _score_columns(report)
    chart = [_p(f"Skor per {_lower_first(report.competency_header)} menurut kelompok penilai", st["h2"]),
             _p(f"Skala {report.scale[0]}–{report.scale[1]}. {_SCORE_NOTE}", st["small"]), Spacer(1, 3),
             _pdf_chart(report, W)]
    story.append(KeepTogether(chart))
    story += [Spacer(1, 4), _pdf_table(report.competencies, cols, _split_widths(W, 42 * mm, len(cols) - 1))]

    gap_block = [_p("Penilaian diri dibandingkan penilai lain", st["h2"])]
    if report.gaps.empty:
        gap_block.append(_p("Tidak dapat dibandingkan: penilaian diri atau gabungan penilai lain tidak tersedia.",
                            st["small"]))
    else:
        gap_block.append(_pdf_table(report.gaps, [("kompetensi", report.competency_header, "label"),
                                                  ("diri", "Diri sendiri", "num"), ("lain", "Penilai lain", "num"),
                                                  ("selisih", "Selisih", "num"), ("keterangan", "Keterangan", "label")],
                                    [42 * mm, 24 * mm, 24 * mm, 20 * mm, W - 110 * mm]))
    if report.agreement:
        gap_block += [Spacer(1, 2), _p(report.agreement, st["body"])]
    story.append(KeepTogether(gap_block))

    item_cols = [("butir", "Butir perilaku", "text"), ("kompetensi", "Nilai", "label"), ("skor", "Skor", "num")]
    item_w = [W - 52 * mm, 36 * mm, 16 * mm]
    items = [_p("Butir dengan skor tertinggi dan terendah", st["h2"])]
    for title, table in (("Tertinggi", report.top_items), ("Terendah", report.bottom_items)):
        items.append(_p(title, st["h3"]))
        items.append(_pdf_table(table, item_cols, item_w) if len(table) else
                     _p("Belum ada skor butir yang dapat ditampilkan.", st["small"]))
    story.append(KeepTogether(items))

    spots = [_p("Titik buta dan kekuatan tersembunyi", st["h2"]), _p(_SPOT_NOTE, st["small"])]
    spot_cols = [("butir", "Butir perilaku", "text"), ("diri", "Diri sendiri", "num"), ("lain", "Penilai lain", "num"),
                 ("selisih", "Selisih", "num")]
    for title, table in (("Titik buta", report.blind_spots), ("Kekuatan tersembunyi", report.hidden_strengths)):
        spots.append(_p(title, st["h3"]))
        spots.append(_pdf_table(table, spot_cols, [W - 66 * mm, 22 * mm, 22 * mm, 22 * mm]) if len(table) else
                     _p("Tidak ada.", st["small"]))
    story.append(KeepTogether(spots))

    story += [_p("Komentar", st["h2"]), _p(_COMMENT_NOTE, st["small"])]
    if not report.comments:
        story.append(_p("Tidak ada komentar yang dapat ditampilkan.", st["small"]))
    for comp, entries in report.comments:
        story.append(_p(comp, st["h3"]))
        for who, text in entries:
            label = f"<font size='7' color='#5a6472'>{_xml_escape(who)}:</font> " if who else ""
            story.append(Paragraph(label + _xml_escape(text), st["quote"]))
    for n in report.comment_notes:
        story.append(_p(n, st["warn"]))

    sugg = [_p("Saran pengembangan", st["h2"])]
    if not report.suggestions:
        sugg.append(_p("Belum ada skor gabungan untuk menentukan prioritas pengembangan.", st["small"]))
    else:
        sugg.append(_p(_SUGGEST_NOTE, st["body"]))
    for comp, tips in report.suggestions:
        sugg.append(_p(comp, st["h3"]))
        sugg.append(ListFlowable([ListItem(_p(t, st["body"]), leftIndent=10) for t in tips], bulletType="bullet",
                                 start="•", leftIndent=10, bulletFontName=st["font"], bulletFontSize=8))
    story.append(KeepTogether(sugg))
    if report.progress:
        prog = [_p(f"Kemajuan rencana pengembangan ({report.progress_period})", st["h2"])]
        for comp, kind, desc, due, status in report.progress:
            prog.append(_p(f"{comp} - {kind}: {desc} (batas waktu {due}; status: {status})", st["body"]))
        story.append(KeepTogether(prog))

    footer = " · ".join(x for x in (report.name, report.cycle) if x)

    def on_page(canvas, doc_):
        canvas.saveState()
        canvas.setFont(st["font"], 7)
        canvas.setFillColor(colors.HexColor("#5a6472"))
        canvas.drawString(margin, 9 * mm, footer[:110])
        canvas.drawRightString(A4[0] - margin, 9 * mm, f"Halaman {doc_.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    data = buf.getvalue()
    if dest is not None:
        Path(dest).write_bytes(data)
    return data


# --- bulk ---------------------------------------------------------------------------------------

class _TextProgress:
    """A tqdm-like one-line progress bar on a text stream."""

    def __init__(self, total: int, label: str = "laporan", stream=None, width: int = 30):
        self.total, self.label, self.width = total, label, width
        self.stream = stream or sys.stderr
        self.done = 0
        self._draw()

    def _draw(self):
        frac = self.done / self.total if self.total else 1.0
        fill = int(round(frac * self.width))
        self.stream.write(f"\r[{'#' * fill}{'.' * (self.width - fill)}] {self.done}/{self.total} {self.label}")
        self.stream.flush()

    def update(self, n: int = 1):
        self.done += n
        self._draw()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


class _WidgetProgress:
    """An ipywidgets IntProgress for notebooks."""

    def __init__(self, total: int, label: str = "laporan"):
        import ipywidgets as widgets
        from IPython.display import display

        self.bar = widgets.IntProgress(value=0, min=0, max=max(total, 1), description="Laporan",
                                       bar_style="info")
        self.text = widgets.Label(f"0/{total} {label}")
        self.total, self.label = total, label
        display(widgets.HBox([self.bar, self.text]))

    def update(self, n: int = 1):
        self.bar.value += n
        self.text.value = f"{self.bar.value}/{self.total} {self.label}"

    def close(self):
        self.bar.bar_style = "success"


class _CallbackProgress:
    def __init__(self, total: int, fn: Callable[[int, int], None]):
        self.total, self.fn, self.done = total, fn, 0

    def update(self, n: int = 1):
        self.done += n
        self.fn(self.done, self.total)

    def close(self):
        pass


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def make_progress(total: int, progress=None, label: str = "laporan"):
    """A progress reporter: ``None``/``False`` none; ``True``/``"auto"`` an ipywidgets bar in a
    notebook, else a text bar on stderr; ``"text"`` / ``"widget"`` to force one; a callable
    ``fn(done, total)``."""
    if progress is None or progress is False:
        return None
    if callable(progress):
        return _CallbackProgress(total, progress)
    if progress == "widget" or (progress in (True, "auto") and _in_notebook()):
        return _WidgetProgress(total, label)
    if progress in (True, "auto", "text"):
        return _TextProgress(total, label)
    raise ValueError(f"progress tidak dikenal: {progress!r} (None, True, 'text', 'widget' atau fungsi)")


_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def report_filename(report_or_key, suffix: str) -> str:
    """``umpan-balik-<key>.<suffix>`` with anything but letters, digits, ``._-`` replaced."""
    key = report_or_key.ratee if isinstance(report_or_key, FeedbackReport) else str(report_or_key)
    return f"umpan-balik-{_UNSAFE.sub('_', key)}.{suffix}"


def write_reports(
    results: CycleResults,
    out_dir,
    ratees: Iterable[str] | None = None,
    *,
    unit: str | None = None,
    format: str = "pdf",
    progress=None,
    **report_options,
) -> pd.DataFrame:
    """Write the individual reports of many ratees, from one scoring pass.

    Parameters
    ----------
    results : CycleResults
        The cycle, scored once (``kinerja_survey.cycle.load_results``).
    out_dir : path
        Folder to write to (created if needed); files ``umpan-balik-<NIP>.pdf`` / ``.html``.
    ratees : iterable of str, optional
        Ratee keys; default every ratee with ratings (or, with ``unit``, those of the unit).
    unit : str, optional
        A ``unit_kerja`` path: the ratees of this unit and the units under it.
    format : {"pdf", "html", "both"}
    progress : None, True, "text", "widget" or callable
        See :func:`make_progress`: a text bar in a terminal, an ``IntProgress`` in a notebook.
    **report_options
        Passed to :func:`feedback_report`.

    Returns
    -------
    DataFrame
        ``ratee, nama, pdf, html`` (paths; empty string when not written).

    Raises
    ------
    ValueError
        Unknown format, a ratee without ratings, or a unit with no rated employee.
    """
    if format not in FORMATS:
        raise ValueError(f"format tidak dikenal: {format!r} (pilihan: {', '.join(FORMATS)})")
    if ratees is None:
        ratees = results.unit_ratees(unit) if unit is not None else list(results.ratees)
        if unit is not None and not ratees:
            raise ValueError(f"tidak ada pegawai dengan penilaian di unit {unit!r}")
    else:
        ratees = [str(r) for r in ratees]
        missing = [r for r in ratees if r not in results.scores.index]
        if missing:
            raise ValueError(f"pegawai {missing[0]} tidak memiliki penilaian pada periode ini")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bar = make_progress(len(ratees), progress)
    rows = []
    try:
        for key in ratees:
            rep = feedback_report(results, key, **report_options)
            pdf_path = html_path = ""
            if format in ("pdf", "both"):
                pdf_path = str(out / report_filename(rep, "pdf"))
                render_pdf(rep, pdf_path)
            if format in ("html", "both"):
                html_path = str(out / report_filename(rep, "html"))
                Path(html_path).write_text(render_html(rep), encoding="utf-8")
            rows.append({"ratee": key, "nama": rep.name, "pdf": pdf_path, "html": html_path})
            if bar is not None:
                bar.update()
    finally:
        if bar is not None:
            bar.close()
    return pd.DataFrame(rows, columns=["ratee", "nama", "pdf", "html"])
