"""Presenting: what people read, built from a cycle's results (``kinerja_survey.cycle``).

``reports``       individual feedback reports, the entry points (HTML and PDF, one per ratee)
``report_model``  the content of one report, cut from a cycle's results
``report_html``   the report as one self-contained HTML page (Jinja2, autoescaped)
``report_pdf``    the report as PDF (reportlab)
``report_bulk``   many reports from one scoring pass, with a progress bar
``exports``       Excel workbooks and CSV, pseudonyms for meeting mode, formula-safe cells
``labels``        column headers and the data dictionary (*kamus data*) of every output table
``berita_acara``  the berita acara of a calibration (PDF or XLSX)
``plots``         matplotlib charts with Indonesian labels
"""
