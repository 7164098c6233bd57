"""The feedback report as PDF, drawn with reportlab (charts with ``reportlab.graphics``, no
matplotlib), about 20-40 ms per report (``benchmarks/bench_reports.py``).

Every text taken from data is escaped before it reaches reportlab's ``Paragraph`` markup parser,
so a comment reading ``<b>x</b>`` is printed as those characters.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import pandas as pd

from ..i18n import t
from .labels import screen_label
from .report_model import (DASH, OVERALL, FeedbackReport, changed_note, chart_rows, chart_series, lower_first,
                           is_blank, score_columns, display_value, fmt_number)

_FONT = "Helvetica"
_FONT_BOLD = "Helvetica-Bold"


@lru_cache(maxsize=1)
def pdf_fonts() -> tuple[str, str]:
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

    font, bold = pdf_fonts()
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

    return Paragraph(_xml_escape(display_value(text)), style)


def pdf_chart(report: FeedbackReport, width: float):
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    st = _styles()
    rows = chart_rows(report)
    series = chart_series(report)
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
        d.add(String(label_w - 5, y_top - row_h / 2 - 1, display_value(row["kompetensi"]), fontName=st["font"], fontSize=7.5,
                     textAnchor="end"))
        for s, (col, _, _) in enumerate(series):
            v = row[col]
            if is_blank(v):
                continue
            y = y_top - gap / 2 - (s + 1) * bar_h
            d.add(Rect(x(low), y + 0.4, x(v) - x(low), bar_h - 0.8, fillColor=fill[col], strokeColor=None))
            d.add(String(x(v) + 2, y + 1.2, fmt_number(v, 2, report.lang), fontName=st["font"], fontSize=5.5))
    lx = label_w
    for col, label, _ in series:
        d.add(Rect(lx, 4, 7, 7, fillColor=fill[col], strokeColor=None))
        d.add(String(lx + 10, 5, label, fontName=st["font"], fontSize=7))
        lx += 22 + 4.3 * len(label)
    return d


def _pdf_table(frame: pd.DataFrame, columns: list[tuple[str, str, str]], widths: list[float], lang: str = "id"):
    """A styled table; text columns wrap (escaped Paragraphs), numbers and headers are plain strings."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from reportlab.lib.enums import TA_RIGHT

    st = _styles()
    head = st["cell"].clone("ks-head", fontName=st["bold"], textColor=colors.white)
    head_num = head.clone("ks-head-num", alignment=TA_RIGHT)
    # header cells wrap (Paragraphs) instead of running into the next column
    data = [[_p(h, head_num if kind in ("num", "int") else head) for _, h, kind in columns]]
    cols = [(frame[col].tolist(), kind) for col, _, kind in columns]
    for i in range(len(frame)):
        cells = []
        for values, kind in cols:
            v = values[i]
            if kind == "num":
                cells.append(fmt_number(v, 2, lang))
            elif kind == "int":
                cells.append(DASH if is_blank(v) else str(int(v)))
            elif kind == "label":
                cells.append(display_value(v))
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
    lang = report.lang

    def tr(key: str, **fields) -> str:
        return t(key, lang, **fields)

    def num(value, digits: int = 2) -> str:
        return fmt_number(value, digits, lang)

    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=14 * mm,
                            bottomMargin=16 * mm, title=tr("report.doc_title", name=report.name),
                            author="kinerja-survey", subject=report.cycle)
    W = A4[0] - 2 * margin
    p = report.predikat
    story = [
        *([_p(report.status_note, st["title"].clone("ks-sementara", fontSize=11, leading=14,
                                                     textColor=colors.HexColor("#b71c1c")))]
          if report.status_note else []),
        _p(tr("report.confidential").upper(), st["warn"]),
        Spacer(1, 2),
        _p(tr("report.title"), st["title"]),
        _p(report.subtitle, st["sub"]),
        Spacer(1, 6),
    ]
    ident = Table([[_p(k, st["small"]), _p(v, st["body"])] for k, v in
                   ((screen_label("nama", lang), report.name), (screen_label("nip", lang), report.nip),
                    (tr("report.jabatan"), report.jabatan), (screen_label("unit_kerja", lang), report.unit))],
                  colWidths=[25 * mm, W - 25 * mm])
    ident.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.5, st["navy"]),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor("#c9d3e3")),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(ident)

    story.append(_p(tr("dash.tab_ringkasan"), st["h2"]))
    big = st["body"].clone("ks-big", fontName=st["bold"], fontSize=11, leading=14, textColor=st["navy"])
    not_yet = tr("report.not_yet")
    boxes = [[_p(tr(k), st["small"]) for k in ("report.box_score", "report.box_rating_perilaku",
                                                "report.box_rating_hk", "report.box_predikat")],
             [_p(num(p["skor"]), big), _p(p["rating_perilaku"] or not_yet, big),
              _p(p["rating_hasil_kerja"] or not_yet, big), _p(p["predikat"] or not_yet, big)]]
    box = Table(boxes, colWidths=[W / 4] * 4)
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#c9d3e3")),
                             ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#c9d3e3")),
                             ("LINEBELOW", (0, 0), (-1, 0), 0, colors.white),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7f9fc")),
                             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    story += [box, Spacer(1, 2), _p(tr("report.predikat_usulan_line", value=p.get("predikat_usulan") or not_yet),
                                    st["small"])]
    if changed_note(p, lang):
        story.append(_p(changed_note(p, lang), st["small"]))
    story.append(_p(tr("report.note_predikat"), st["small"]))

    story.append(_p(tr("admin.h_penilai"), st["h2"]))
    story.append(_pdf_table(report.responses, [("kelompok", tr("report.col_group"), "label"),
                                               ("diundang", screen_label("invited", lang), "int"),
                                               ("menjawab", tr("report.col_answered"), "int"),
                                               ("keterangan", tr("report.col_note"), "label")],
                            [40 * mm, 22 * mm, 22 * mm, W - 84 * mm], lang))
    for n in report.notes:
        story.append(_p(n, st["small"]))

    cols = score_columns(report)
    chart = [_p(tr("report.h_scores", what=lower_first(report.competency_header)), st["h2"]),
             _p(tr("report.scale", low=report.scale[0], high=report.scale[1]) + " " + tr("report.note_score"),
                st["small"]),
             _p(report.weights_note, st["body"]), Spacer(1, 3),
             pdf_chart(report, W)]
    story.append(KeepTogether(chart))
    story += [Spacer(1, 4), _pdf_table(report.competencies, cols, _split_widths(W, 42 * mm, len(cols) - 1), lang)]

    gap_block = [_p(tr("plot.self_title"), st["h2"])]
    if report.gaps.empty:
        gap_block.append(_p(tr("report.no_gaps"), st["small"]))
    else:
        gap_block.append(_pdf_table(report.gaps, [("kompetensi", report.competency_header, "label"),
                                                  ("diri", tr("report.grp_self"), "num"),
                                                  ("lain", tr("report.col_others"), "num"),
                                                  ("selisih", tr("report.col_gap"), "num"),
                                                  ("keterangan", tr("report.col_note"), "label")],
                                    [42 * mm, 24 * mm, 24 * mm, 20 * mm, W - 110 * mm], lang))
    if report.agreement:
        gap_block += [Spacer(1, 2), _p(report.agreement, st["body"])]
    story.append(KeepTogether(gap_block))

    item_cols = [("butir", tr("report.col_item"), "text"), ("kompetensi", tr("report.col_value"), "label"),
                 ("skor", tr("report.col_score"), "num")]
    item_w = [W - 52 * mm, 36 * mm, 16 * mm]
    items = [_p(tr("report.h_items"), st["h2"])]
    for title, table in ((tr("report.highest"), report.top_items), (tr("report.lowest"), report.bottom_items)):
        items.append(_p(title, st["h3"]))
        items.append(_pdf_table(table, item_cols, item_w, lang) if len(table) else
                     _p(tr("report.no_items"), st["small"]))
    story.append(KeepTogether(items))

    spots = [_p(tr("report.h_spots"), st["h2"]), _p(tr("report.note_spot"), st["small"])]
    spot_cols = [("butir", tr("report.col_item"), "text"), ("diri", tr("report.grp_self"), "num"),
                 ("lain", tr("report.col_others"), "num"), ("selisih", tr("report.col_gap"), "num")]
    for title, table in ((tr("analysis.spot_blind"), report.blind_spots),
                         (tr("analysis.spot_hidden"), report.hidden_strengths)):
        spots.append(_p(title, st["h3"]))
        spots.append(_pdf_table(table, spot_cols, [W - 66 * mm, 22 * mm, 22 * mm, 22 * mm], lang) if len(table) else
                     _p(tr("report.none"), st["small"]))
    story.append(KeepTogether(spots))

    story += [_p(tr("report.h_comments"), st["h2"]), _p(tr("report.note_comment"), st["small"])]
    if not report.comments:
        story.append(_p(tr("report.no_comments"), st["small"]))
    for comp, entries in report.comments:
        story.append(_p(comp, st["h3"]))
        for who, text in entries:
            label = f"<font size='7' color='#5a6472'>{_xml_escape(display_value(who))}:</font> " if who else ""
            story.append(Paragraph(label + _xml_escape(display_value(text)), st["quote"]))
    for n in report.comment_notes:
        story.append(_p(n, st["warn"]))

    sugg = [_p(tr("report.h_suggest"), st["h2"])]
    if not report.suggestions:
        sugg.append(_p(tr("report.no_suggest"), st["small"]))
    else:
        sugg.append(_p(tr("report.note_suggest"), st["body"]))
    for comp, tips in report.suggestions:
        sugg.append(_p(comp, st["h3"]))
        sugg.append(ListFlowable([ListItem(_p(tip, st["body"]), leftIndent=10) for tip in tips], bulletType="bullet",
                                 start="•", leftIndent=10, bulletFontName=st["font"], bulletFontSize=8))
    story.append(KeepTogether(sugg))
    if report.progress:
        prog = [_p(tr("report.h_progress", period=report.progress_period), st["h2"])]
        for comp, kind, desc, due, status in report.progress:
            prog.append(_p(tr("report.progress_line", comp=comp, kind=kind, desc=desc, due=due, status=status),
                           st["body"]))
        story.append(KeepTogether(prog))

    footer = " · ".join(x for x in (report.name, report.cycle) if x)

    def on_page(canvas, doc_):
        canvas.saveState()
        canvas.setFont(st["font"], 7)
        canvas.setFillColor(colors.HexColor("#5a6472"))
        canvas.drawString(margin, 9 * mm, footer[:110])
        canvas.drawRightString(A4[0] - margin, 9 * mm, tr("report.page", n=doc_.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    data = buf.getvalue()
    if dest is not None:
        Path(dest).write_bytes(data)
    return data
