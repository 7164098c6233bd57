"""Berita acara of a calibration: who, when, every predikat change with its reason, and the
distribution before (usulan) and after (ditetapkan) against the kurva distribusi.

``berita_acara_data(store, cycle_id, ...)`` gathers it through the use-case layer;
``write_berita_acara(data, path)`` writes a PDF (reportlab) or an XLSX (openpyxl).  The names and
NIPs in it are those of the people whose predikat changed: it is an official record, not a
meeting screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class BeritaAcara:
    cycle_id: int
    cycle_title: str
    org_predikat: str
    org_recorded: bool
    status: str  # "hasil sementara" or "diumumkan (versi N)"
    made_at: dt.datetime
    made_by: str
    peserta: list[str]
    tempat: str
    changes: pd.DataFrame  # nip, pegawai, usulan, ditetapkan, alasan, oleh, waktu
    distribution: pd.DataFrame  # predikat, usulan, ditetapkan
    before: pd.DataFrame  # check_distribution(all_rules) of the usulan
    after: pd.DataFrame  # ... of the ditetapkan
    actors: list[str] = field(default_factory=list)

    @property
    def period(self) -> str:
        if self.changes.empty:
            return "tidak ada perubahan"
        first, last = pd.Timestamp(self.changes["waktu"].min()), pd.Timestamp(self.changes["waktu"].max())
        return f"{first:%d-%m-%Y %H:%M} s.d. {last:%d-%m-%Y %H:%M} UTC"


def _rules_text(rules: pd.DataFrame) -> list[str]:
    if rules.empty:
        return ["tidak ada pegawai berpredikat"]
    bad = rules[~rules["satisfied"].astype(bool)]
    return ["memenuhi kurva distribusi"] if bad.empty else list(bad["message"])


def _header_rows(data: BeritaAcara) -> list[tuple[str, str]]:
    return [
        ("Periode", data.cycle_title),
        ("Status hasil", data.status),
        ("Predikat organisasi", data.org_predikat + ("" if data.org_recorded else " (belum ditetapkan; bawaan)")),
        ("Waktu perubahan", data.period),
        ("Dicatat oleh", ", ".join(data.actors) or "-"),
        ("Peserta rapat", ", ".join(data.peserta) or "-"),
        ("Tempat", data.tempat or "-"),
        ("Dibuat", f"{data.made_at:%d-%m-%Y %H:%M} UTC oleh {data.made_by or '-'}"),
    ]


def write_berita_acara(data: BeritaAcara, path) -> Path:
    """Write the berita acara as ``.pdf`` or ``.xlsx`` (by the suffix of ``path``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(data, path)
    if path.suffix.lower() == ".pdf":
        return _write_pdf(data, path)
    raise ValueError("berita acara ditulis sebagai .pdf atau .xlsx")


def _changes_table(data: BeritaAcara) -> pd.DataFrame:
    ch = data.changes.copy()
    ch["waktu"] = [f"{pd.Timestamp(w):%d-%m-%Y %H:%M}" for w in ch["waktu"]]
    return ch.rename(columns={"nip": "NIP", "pegawai": "Nama", "usulan": "Predikat usulan",
                              "ditetapkan": "Predikat ditetapkan", "alasan": "Alasan", "oleh": "Oleh",
                              "waktu": "Waktu (UTC)"})


def _distribution_table(data: BeritaAcara) -> pd.DataFrame:
    return data.distribution.rename(columns={"predikat": "Predikat", "usulan": "Sebelum (usulan)",
                                             "ditetapkan": "Sesudah (ditetapkan)"})


def _write_xlsx(data: BeritaAcara, path: Path) -> Path:
    head = pd.DataFrame(_header_rows(data), columns=["Keterangan", "Isi"])
    checks = pd.DataFrame(
        [("Sebelum (usulan)", m) for m in _rules_text(data.before)]
        + [("Sesudah (ditetapkan)", m) for m in _rules_text(data.after)], columns=["Distribusi", "Pemeriksaan kurva"])
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        head.to_excel(xl, sheet_name="berita_acara", index=False)
        _changes_table(data).to_excel(xl, sheet_name="perubahan", index=False)
        _distribution_table(data).to_excel(xl, sheet_name="distribusi", index=False)
        checks.to_excel(xl, sheet_name="kurva", index=False)
        for ws in xl.book.worksheets:
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col)
                ws.column_dimensions[col[0].column_letter].width = min(max(12, width + 2), 70)
    return path


def _write_pdf(data: BeritaAcara, path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    from .report_pdf import _fonts

    font, bold = _fonts()
    styles = getSampleStyleSheet()
    for s in styles.byName.values():
        s.fontName = font
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    h1.fontName = h2.fontName = bold

    def P(text, style=body):
        return Paragraph(escape(str(text)), style)

    def grid(frame: pd.DataFrame, widths=None):
        rows = [[P(c) for c in frame.columns]] + [[P("" if v is None else v) for v in r]
                                                  for r in frame.itertuples(index=False)]
        t = Table(rows, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3fb")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm, title="Berita Acara Kalibrasi Predikat Kinerja")
    story = [P("Berita Acara Kalibrasi Predikat Kinerja Pegawai", h1),
             grid(pd.DataFrame(_header_rows(data), columns=["Keterangan", "Isi"]), [5 * cm, 20 * cm]),
             Spacer(1, 0.4 * cm), P("Perubahan predikat", h2)]
    ch = _changes_table(data)
    if ch.empty:
        story.append(P("Tidak ada perubahan predikat."))
    else:
        story.append(grid(ch, [4 * cm, 3.5 * cm, 2.8 * cm, 2.8 * cm, 6.4 * cm, 3 * cm, 3 * cm]))
    story += [Spacer(1, 0.4 * cm), P("Distribusi predikat sebelum dan sesudah kalibrasi", h2),
              grid(_distribution_table(data), [6 * cm, 4 * cm, 4 * cm]), Spacer(1, 0.2 * cm)]
    for title, rules in (("Sebelum (usulan)", data.before), ("Sesudah (ditetapkan)", data.after)):
        story.append(P(f"{title}: " + "; ".join(_rules_text(rules))))
    story += [Spacer(1, 1.2 * cm), P("Tanda tangan peserta rapat:")]
    for p in data.peserta:
        story.append(P(f"{p}: ______________________"))
    doc.build(story)
    return path
