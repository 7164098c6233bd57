"""The feedback report as one self-contained HTML page (inline CSS and SVG chart, no scripts),
rendered from ``templates/laporan.html.j2`` by Jinja2 with autoescape: every text taken from
data (names, units, comments) is escaped by the template engine, never by hand.  The page has a
viewport tag and fits a phone screen.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
import pandas as pd

from ..i18n import t
from .labels import screen_label
from .report_model import (DASH, OVERALL, FeedbackReport, changed_note, chart_rows, chart_series, lower_first,
                           is_blank, score_columns, fmt_number)

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
.sementara { background: #b71c1c; color: white; font-weight: bold; padding: 4px 8px; margin-bottom: 6px; }
.weights { font-size: 13px; }
@media (max-width: 600px) { .page { margin: 0; padding: 14px 12px; } table { font-size: 12px; }
  td, th { padding: 3px 4px; } }
"""


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("kinerja_survey.present", "templates"),
                              autoescape=True, trim_blocks=False, lstrip_blocks=False,
                              undefined=jinja2.StrictUndefined)


def _table(frame: pd.DataFrame, columns: list[tuple[str, str, str]], lang: str = "id") -> dict:
    """A table for ``tabel.html.j2``: columns are (frame column, header, kind) with kind
    'text'/'label', 'num' (decimal comma) or 'int'."""
    head = [(h, k == "num") for _, h, k in columns]
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col, _, kind in columns:
            v = row[col]
            if kind == "num":
                cells.append((fmt_number(v, 2, lang), True))
            elif kind == "int":
                cells.append((DASH if is_blank(v) else str(int(v)), True))
            else:
                cells.append(("" if is_blank(v) else str(v), False))
        rows.append((row.get("code") == OVERALL, cells))
    return {"head": head, "rows": rows}


def _chart(report: FeedbackReport) -> dict:
    """Geometry of the horizontal bar chart (numbers and labels; the template draws it)."""
    rows = chart_rows(report)
    series = chart_series(report)
    low, high = report.scale
    label_w, width, bar_h, gap = 170, 640, 9, 10
    plot_w = width - label_w - 40
    row_h = bar_h * len(series) + gap
    top = 8
    bottom = top + row_h * len(rows)

    def x(v):
        return round(label_w + (v - low) / (high - low) * plot_w, 1)

    out_rows = []
    for r, (_, row) in enumerate(rows.iterrows()):
        y0 = top + r * row_h
        bars = []
        for s, (col, _, colour) in enumerate(series):
            v = row[col]
            if is_blank(v):
                continue
            y = y0 + s * bar_h
            bars.append({"x": x(low), "y": round(y, 1), "w": round(x(v) - x(low), 1), "colour": colour,
                         "text": fmt_number(v, 2, report.lang), "tx": round(x(v) + 3, 1), "ty": round(y + bar_h - 2, 1)})
        out_rows.append({"label": row["kompetensi"], "y": round(y0 + row_h / 2, 1), "bars": bars})
    legend, lx = [], label_w
    for _, label, colour in series:
        legend.append({"x": lx, "label": label, "colour": colour})
        lx += 24 + 7 * len(label)
    return {"width": width, "height": bottom + 40, "top": top, "bottom": bottom, "bar_h": bar_h - 1,
            "label_x": label_w - 8, "grid": [{"x": x(v), "label": v} for v in range(low, high + 1)],
            "rows": out_rows, "legend": legend, "legend_y": bottom + 28}


def render_html(report: FeedbackReport) -> str:
    """The report as one self-contained HTML page (see the module docstring), in ``report.lang``."""
    env = _env()
    table_tpl = env.get_template("tabel.html.j2")
    lang = report.lang

    def tr(key: str, **fields) -> str:
        return t(key, lang, **fields)

    def table(data: dict):
        return jinja2.utils.markupsafe.Markup(table_tpl.render(t=data))

    def num(value, digits: int = 2) -> str:
        return fmt_number(value, digits, lang)

    item_cols = [("butir", tr("report.col_item"), "text"), ("kompetensi", tr("report.col_value"), "text"),
                 ("skor", tr("report.col_score"), "num")]
    spot_cols = [("butir", tr("report.col_item"), "text"), ("diri", tr("report.grp_self"), "num"),
                 ("lain", tr("report.col_others"), "num"), ("selisih", tr("report.col_gap"), "num")]
    gap_cols = [("kompetensi", report.competency_header, "label"), ("diri", tr("report.grp_self"), "num"),
                ("lain", tr("report.col_others"), "num"), ("selisih", tr("report.col_gap"), "num"),
                ("keterangan", tr("report.col_note"), "text")]
    context = {
        "r": report, "p": report.predikat, "css": jinja2.utils.markupsafe.Markup(_CSS), "num": num, "tr": tr, "label": lambda column: screen_label(column, lang),
        "lang": lang, "table": table, "changed_note": changed_note(report.predikat, lang),
        "competency_header_lower": lower_first(report.competency_header),
        "notes": {name: tr(f"report.note_{name}") for name in ("predikat", "score", "spot", "comment", "suggest")},
        "responses": _table(report.responses, [("kelompok", tr("report.col_group"), "text"),
                                               ("diundang", screen_label("invited", lang), "int"),
                                               ("menjawab", tr("report.col_answered"), "int"),
                                               ("keterangan", tr("report.col_note"), "text")], lang),
        "chart": _chart(report),
        "competencies": _table(report.competencies, score_columns(report), lang),
        "gaps": None if report.gaps.empty else _table(report.gaps, gap_cols, lang),
        "top": _table(report.top_items, item_cols, lang) if len(report.top_items) else None,
        "bottom": _table(report.bottom_items, item_cols, lang) if len(report.bottom_items) else None,
        "spots": [(title, _table(frame, spot_cols, lang) if len(frame) else None)
                  for title, frame in ((tr("analysis.spot_blind"), report.blind_spots),
                                       (tr("analysis.spot_hidden"), report.hidden_strengths))],
    }
    return env.get_template("laporan.html.j2").render(**context)
