"""Writing many feedback reports from one scoring pass, with a progress bar."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from ..i18n import t
from .labels import slugify
from .report_html import render_html
from .report_model import FORMATS, CycleResults, FeedbackReport, ReportError, feedback_report
from .report_pdf import render_pdf

class TextProgress:
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


def make_progress(total: int, progress=None, label: str | None = None):
    """A progress reporter: ``None``/``False`` none; ``True``/``"auto"`` an ipywidgets bar in a
    notebook, else a text bar on stderr; ``"text"`` / ``"widget"`` to force one; a callable
    ``fn(done, total)``."""
    if progress is None or progress is False:
        return None
    label = t("report.progress_label") if label is None else label
    if callable(progress):
        return _CallbackProgress(total, progress)
    if progress == "widget" or (progress in (True, "auto") and _in_notebook()):
        return _WidgetProgress(total, label)
    if progress in (True, "auto", "text"):
        return TextProgress(total, label)
    raise ReportError("report.progress_unknown", value=repr(progress))


_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def report_filename(report_or_key, suffix: str) -> str:
    """``umpan-balik-<nama>-<NIP>.<suffix>``: the name slugified (ASCII letters, digits, dashes;
    :func:`labels.slugify`), the key with anything but letters, digits, ``._-`` replaced, so a
    file name never leaves its folder or carries control characters.  Without a report (a bare
    key) ``umpan-balik-<key>.<suffix>``."""
    if isinstance(report_or_key, FeedbackReport):
        key = _UNSAFE.sub("_", report_or_key.ratee).strip("._") or "pegawai"
        name = slugify(report_or_key.name) if report_or_key.name != report_or_key.ratee else ""
        return f"umpan-balik-{name + '-' if name else ''}{key}.{suffix}"
    key = _UNSAFE.sub("_", str(report_or_key)).strip("._") or "pegawai"
    return f"umpan-balik-{key}.{suffix}"


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
        raise ReportError("report.format_unknown", value=repr(format), choices=", ".join(FORMATS))
    if ratees is None:
        ratees = results.unit_ratees(unit) if unit is not None else list(results.ratees)
        if unit is not None and not ratees:
            raise ReportError("report.unit_empty", unit=repr(unit))
    else:
        ratees = [str(r) for r in ratees]
        missing = [r for r in ratees if r not in results.scores.index]
        if missing:
            raise ReportError("report.no_ratings", ratee=missing[0])
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
