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

from ..errors import KinerjaError
from ..i18n import Localized, t
from ..store import local_time, zone_name
from .labels import screen_label


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
    forced_reason: str = ""  # published although the publish check failed: HR's reason
    versions: list[str] = field(default_factory=list)  # every published version, oldest first (ba.version)

    def period_text(self, lang: str | None = None) -> str:
        """When the changes were made (``"tidak ada perubahan"`` without any)."""
        if self.changes.empty:
            return t("ba.no_changes", lang)
        first, last = pd.Timestamp(self.changes["waktu"].min()), pd.Timestamp(self.changes["waktu"].max())
        return t("ba.period", lang, first=local_moment(first), last=local_moment(last), zone=zone_name())

    @property
    def period(self) -> str:
        return self.period_text()


def local_moment(moment) -> str:
    """A stored moment (naive UTC) as ``"07-12-2026 13.05"`` in the installation's zone (the zone's
    label, ``zone_name()``, goes beside it)."""
    return f"{local_time(pd.Timestamp(moment).to_pydatetime()):%d-%m-%Y %H.%M}"


class BeritaAcaraError(KinerjaError, ValueError):
    """The berita acara cannot be written as asked."""


def _rules_text(rules: pd.DataFrame, lang: str | None = None) -> list[str]:
    if rules.empty:
        return [t("ba.no_predikat", lang)]
    bad = rules[~rules["satisfied"].astype(bool)]
    if bad.empty:
        return [t("plot.curve_ok", lang)]
    return [m.render(lang) if isinstance(m, Localized) else str(m) for m in bad["message"]]


def _header_rows(data: BeritaAcara, lang: str | None = None) -> list[tuple[str, str]]:
    return [
        (t("choose_cycle", lang), data.cycle_title),
        (t("ba.h_status", lang), data.status),
        (t("closing.org_select", lang), data.org_predikat + ("" if data.org_recorded else t("ba.org_default", lang))),
        (t("ba.h_when", lang), data.period_text(lang)),
        (t("cal.d_recorder", lang), ", ".join(data.actors) or "-"),
        (t("ba.h_participants", lang), ", ".join(data.peserta) or "-"),
        (t("ba.h_place", lang), data.tempat or "-"),
        (t("ba.h_made", lang), t("ba.made", lang, at=local_moment(data.made_at), zone=zone_name(), by=data.made_by or "-")),
        *([(t("closing.ba_forced", lang), data.forced_reason)] if data.forced_reason else []),
        *([(t("closing.ba_versions", lang), "; ".join(data.versions))] if data.versions else []),
    ]


def write_berita_acara(data: BeritaAcara, path, lang: str | None = None) -> Path:
    """Write the berita acara as ``.pdf`` or ``.xlsx`` (by the suffix of ``path``), in ``lang``
    (default Bahasa Indonesia: an official record)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(data, path, lang)
    if path.suffix.lower() == ".pdf":
        return _write_pdf(data, path, lang)
    raise BeritaAcaraError("ba.kind")


def _changes_table(data: BeritaAcara, lang: str | None = None) -> pd.DataFrame:
    ch = data.changes.copy()
    ch["waktu"] = [f"{local_moment(w)} {zone_name()}" for w in ch["waktu"]]
    # headers from the label map: the person's name under "nama", the two predikat as in the calibration view
    same = {"pegawai": "nama", "usulan": "predikat_usulan", "ditetapkan": "predikat_ditetapkan"}
    return ch.rename(columns={c: screen_label(same.get(c, c), lang) for c in ("nip", "pegawai", "usulan", "ditetapkan",
                                                                              "alasan", "oleh", "waktu")})


def _distribution_table(data: BeritaAcara, lang: str | None = None) -> pd.DataFrame:
    return data.distribution.rename(columns={"predikat": screen_label("predikat", lang), "usulan": t("ba.before", lang),
                                             "ditetapkan": t("ba.after", lang)})


def _write_xlsx(data: BeritaAcara, path: Path, lang: str | None = None) -> Path:
    head = pd.DataFrame(_header_rows(data, lang), columns=[t("ba.c_info", lang), t("ba.c_content", lang)])
    checks = pd.DataFrame(
        [(t("ba.before", lang), m) for m in _rules_text(data.before, lang)]
        + [(t("ba.after", lang), m) for m in _rules_text(data.after, lang)],
        columns=[t("ba.c_distribution", lang), t("ba.c_check", lang)])
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        head.to_excel(xl, sheet_name="berita_acara", index=False)
        _changes_table(data, lang).to_excel(xl, sheet_name="perubahan", index=False)
        _distribution_table(data, lang).to_excel(xl, sheet_name="distribusi", index=False)
        checks.to_excel(xl, sheet_name="kurva", index=False)
        for ws in xl.book.worksheets:
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col)
                ws.column_dimensions[col[0].column_letter].width = min(max(12, width + 2), 70)
    return path


def _write_pdf(data: BeritaAcara, path: Path, lang: str | None = None) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    from .report_pdf import pdf_fonts

    font, bold = pdf_fonts()
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
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3fb")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm, title=t("ba.title", lang))
    story = [P(t("ba.heading", lang), h1),
             grid(pd.DataFrame(_header_rows(data, lang), columns=[t("ba.c_info", lang), t("ba.c_content", lang)]),
                  [5 * cm, 20 * cm]),
             Spacer(1, 0.4 * cm), P(t("ba.h_changes", lang), h2)]
    ch = _changes_table(data, lang)
    if ch.empty:
        story.append(P(t("ba.none", lang)))
    else:
        story.append(grid(ch, [4 * cm, 3.5 * cm, 2.8 * cm, 2.8 * cm, 6.4 * cm, 3 * cm, 3 * cm]))
    story += [Spacer(1, 0.4 * cm), P(t("ba.h_distribution", lang), h2),
              grid(_distribution_table(data, lang), [6 * cm, 4 * cm, 4 * cm]), Spacer(1, 0.2 * cm)]
    for title, rules in ((t("ba.before", lang), data.before), (t("ba.after", lang), data.after)):
        story.append(P(f"{title}: " + "; ".join(_rules_text(rules, lang))))
    story += [Spacer(1, 1.2 * cm), P(t("ba.signatures", lang))]
    for p in data.peserta:
        story.append(P(f"{p}: ______________________"))
    doc.build(story)
    return path
