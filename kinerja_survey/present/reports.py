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

Every user-supplied string (names, units, comments) is escaped: in HTML by Jinja2's autoescape
(``templates/laporan.html.j2``), in the PDF before it reaches reportlab's ``Paragraph`` markup
parser, so a comment reading ``<script>alert(1)</script>`` is printed as those characters.

The parts: ``report_model`` (the content), ``report_html``, ``report_pdf``, ``report_bulk``
(many reports, progress); this module is their public face.

PDFs are drawn with reportlab (charts with ``reportlab.graphics``, no matplotlib), about 20-40 ms
per report; see ``benchmarks/bench_reports.py``.
"""

from ..analysis.results import CycleResults, cycle_results
from ..collect.suggestions import load_suggestions
from .report_bulk import TextProgress, make_progress, report_filename, write_reports
from .report_html import render_html
from .report_model import (PROVISIONAL_NOTE, ATTRIBUTED, COLOURS, DASH, FORMATS, GROUP_LABELS, GROUP_ORDER, FeedbackReport,
                           chart_rows, chart_series, feedback_report, fmt_number, weights_note)
from .report_pdf import pdf_chart, render_pdf

__all__ = [
    "ATTRIBUTED", "COLOURS", "DASH", "FORMATS", "GROUP_LABELS", "GROUP_ORDER", "CycleResults", "FeedbackReport",
    "TextProgress", "chart_rows", "chart_series", "pdf_chart", "cycle_results", "feedback_report", "fmt_number",
    "PROVISIONAL_NOTE", "load_suggestions", "make_progress", "weights_note", "render_html", "render_pdf", "report_filename", "write_reports",
]
