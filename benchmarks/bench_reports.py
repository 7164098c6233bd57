"""Individual PDF feedback reports in bulk: 1,000 reports, target under 2 minutes.

Run::

    .venv/bin/python benchmarks/bench_reports.py                  # 1,000 employees, every report
    .venv/bin/python benchmarks/bench_reports.py --employees 200  # quick look

Data: ``demo.build_demo`` (a ~1,000-person demo organisation, simulated answers and comments,
hasil kerja) written to a temporary SQLite store once; setup time is printed but not counted.

Timed, in one run:

1. ``cycle.load_results`` -- the cycle is read and scored **once** (score_cycle,
   combined_scores per competency and per item, self-other agreement, blind spots);
2. ``reports.write_reports`` -- every rated employee's PDF (reportlab, charts with
   ``reportlab.graphics``), written to a temporary folder;
3. what a user would otherwise write, on a small sample (``--sample``, default 25), extrapolated
   to the same number of reports:

   * *matplotlib chart*: the same reportlab report, but the competency chart drawn with
     matplotlib (pyplot, 150 dpi PNG) and embedded as an image -- the usual recipe;
   * *re-score per report*: the scoring redone for every report (``cycle.load_results`` inside
     the loop) instead of once per cycle.

The wall-clock target (whole of stages 1 + 2 < 120 s) is checked and the exit status is 1 when
it is missed.  CPU seconds are shown beside wall seconds because the machine is shared.
"""

from __future__ import annotations

import argparse
import io
import platform
import sys
import tempfile
import time
from pathlib import Path

import reportlab

from kinerja_survey import cycle as uc
from kinerja_survey.demo import build_demo
from kinerja_survey.present import reports
from kinerja_survey.store import Store

TARGET_S = 120.0


class Timer:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def matplotlib_chart_pdf(report: reports.FeedbackReport) -> bytes:
    """The report with its chart drawn by matplotlib and embedded as a PNG (the alternative)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from reportlab.platypus import Image

    rows = reports.chart_rows(report)
    series = reports.chart_series(report)
    fig, ax = plt.subplots(figsize=(7, 3.8))
    n = len(series)
    for s, (col, label, colour) in enumerate(series):
        y = [i + (s - n / 2) * 0.8 / n for i in range(len(rows))]
        ax.barh(y, rows[col].fillna(0).to_numpy() - report.scale[0], left=report.scale[0], height=0.8 / n,
                color=colour, label=label)
    ax.set_yticks(range(len(rows)), rows["kompetensi"].tolist())
    ax.invert_yaxis()
    ax.set_xlim(*report.scale)
    ax.legend(fontsize=7, ncol=n, loc="lower center", bbox_to_anchor=(0.5, -0.25))
    fig.tight_layout()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150)
    plt.close(fig)
    png.seek(0)
    from kinerja_survey.present import report_pdf

    original = report_pdf.pdf_chart
    report_pdf.pdf_chart = lambda rep, width: Image(png, width=width, height=width * 3.8 / 7)
    try:
        return reports.render_pdf(report)
    finally:
        report_pdf.pdf_chart = original


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--sample", type=int, default=25, help="reports per alternative approach")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    print(f"python {platform.python_version()}, reportlab {reportlab.Version}, "
          f"rl_accel {'yes' if _has_accel() else 'no'}, {platform.machine()}")
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        tmp = Path(tmp)
        store = Store(tmp / "demo.sqlite")
        with Timer() as t_setup:
            build_demo(store, n_employees=args.employees, seed=args.seed)
        print(f"setup (not counted): demo organisation of {args.employees} employees built in {t_setup.wall:.1f} s")

        with Timer() as t_prep:
            results = uc.load_results(store, 1)
        n = len(results.ratees)
        with Timer() as t_pdf:
            written = reports.write_reports(results, tmp / "pdf", format="pdf")
        size = sum(Path(p).stat().st_size for p in written["pdf"]) / len(written)
        total_wall, total_cpu = t_prep.wall + t_pdf.wall, t_prep.cpu + t_pdf.cpu

        sample = list(results.ratees[: args.sample])
        matplotlib_chart_pdf(reports.feedback_report(results, sample[0]))  # warm-up: import pyplot once
        with Timer() as t_mpl:
            for key in sample:
                matplotlib_chart_pdf(reports.feedback_report(results, key))
        k_rescore = max(3, min(len(sample), 5))
        with Timer() as t_rescore:
            for key in sample[:k_rescore]:
                reports.render_pdf(reports.feedback_report(uc.load_results(store, 1), key))
        store.dispose()

    print(f"\n{n} individual PDF reports (mean {size / 1024:.0f} KiB, "
          f"{len(results.instrument.competencies)} competencies, comments, charts)\n")
    head = f"{'approach':<46}{'reports':>8}{'wall s':>9}{'CPU s':>9}{'ms/report':>11}{'→ ' + str(n) + ' reports':>16}"
    print(head)
    print("-" * len(head))

    def line(name, k, t, scale=True):
        per = t.wall / k
        print(f"{name:<46}{k:>8}{t.wall:>9.2f}{t.cpu:>9.2f}{1000 * per:>11.1f}{(per * n if scale else t.wall):>14.1f} s")

    print(f"{'score the cycle once (cycle.load_results)':<46}{'':>8}{t_prep.wall:>9.2f}{t_prep.cpu:>9.2f}")
    line("kinerja_survey: write_reports (reportlab)", n, t_pdf, scale=False)
    print(f"{'  total, scoring + reports':<46}{n:>8}{total_wall:>9.2f}{total_cpu:>9.2f}"
          f"{1000 * total_wall / n:>11.1f}{total_wall:>14.1f} s")
    line("alternative: matplotlib chart per report", len(sample), t_mpl)
    line("alternative: re-score the cycle per report", k_rescore, t_rescore)
    ok = total_wall < TARGET_S * n / 1000
    print(f"\ntarget: 1,000 reports in < {TARGET_S:.0f} s -> {n} reports in {total_wall:.1f} s: "
          f"{'MET' if ok else 'MISSED'}")
    return 0 if ok else 1


def _has_accel() -> bool:
    try:
        import _rl_accel  # noqa: F401  (the C accelerator of reportlab[accel])
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
