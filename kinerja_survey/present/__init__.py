"""Presenting: what people read, built from a cycle's results (``kinerja_survey.cycle``).

``reports``       individual feedback reports, the public face of the four ``report_*`` modules:
``report_model``  the content of one report (``feedback_report``) and the helpers its renderers share
                  (``chart_rows``, ``chart_series``, ``score_columns``, ``changed_note``, ``display_value``,
                  ``is_blank``, ``lower_first``)
``report_html``   the report as one HTML page (Jinja2, autoescaped)
``report_pdf``    the report as PDF (reportlab; ``pdf_fonts``, ``pdf_chart`` also serve the berita acara)
``report_bulk``   many reports from one scoring pass, with a progress bar (``TextProgress``)
``berita_acara``  the record of a calibration (PDF or XLSX)
``exports``       Excel workbooks and CSV, pseudonyms for meeting mode, formula-safe cells
``labels``        column headers and the data dictionary: the one label map (``column_label``)
``plots``         matplotlib charts with Indonesian labels
``registry``      the output registry: every output a person reads, with its kind (per person, per unit,
                  organisation-wide), so that one test checks them all (``register``, ``get``, ``covers``)

No module here imports another's private (``_``) names; what two modules share is public in one.
"""
