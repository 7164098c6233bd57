"""Presenting: what people read, built from a cycle's results (``kinerja_survey.cycle``).

``reports``  individual feedback reports: content, HTML (Jinja2, autoescaped), PDF, bulk writing
``exports``  Excel workbooks and CSV, pseudonyms for meeting mode
``plots``    matplotlib charts with Indonesian labels
"""
