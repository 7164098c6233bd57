"""Whole analysis pass on a large synthetic cycle: reliability report + scoring, time and memory.

Run::

    .venv/bin/python benchmarks/bench_analysis.py                 # 100,000 ratees, ~18.5M rows
    .venv/bin/python benchmarks/bench_analysis.py --n-ratees 5000 # quick look

Data: ``demo.synthetic_assignments(n)`` (about 9 raters per ratee) answered by
``demo.simulate_ratings`` on the 21-item BerAKHLAK instrument with 3% missing answers.

Stages timed: ``reliability.reliability_report`` (when ``kinerja_survey.analysis.reliability`` provides
it; otherwise the stage is reported as skipped) and ``scoring.score_cycle``.  Targets on the
project's 2-core machine: whole pass < 60 s and peak RSS < 4 GB.  Then ``scoring.group_means``
against the pandas groupby a user would write instead (rater means first, then group means,
for competencies and overall), with a check that both give the same numbers.

Peak RSS per stage is the process high-water mark (VmHWM) after resetting it at the start of
the stage (``/proc/self/clear_refs``); it includes the ratings frame already in memory.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import platform
import sys
import threading
import time

import numpy as np
import pandas as pd

from kinerja_survey import demo, frames
from kinerja_survey.analysis import scoring


def _status(field: str) -> float:
    """A VmRSS/VmHWM line of /proc/self/status, in GB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024 / 1e9
    return float("nan")


class Peak:
    """Peak RSS during a block: reset VmHWM if the kernel lets us, else sample VmRSS every 5 ms."""

    def __enter__(self):
        gc.collect()
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
            self.exact = True
        except OSError:
            self.exact = False
            self.sampled = _status("VmRSS")
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        self.t0 = time.perf_counter()
        return self

    def _sample(self):
        while not self._stop.wait(0.005):
            self.sampled = max(self.sampled, _status("VmRSS"))

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        if self.exact:
            self.gb = _status("VmHWM")
        else:
            self._stop.set()
            self._thread.join()
            self.gb = self.sampled
        return False


def pandas_group_means(df: pd.DataFrame) -> pd.DataFrame:
    """What a user would write with plain pandas for the same table (rater means first)."""
    keys = ["ratee", "relationship", "competency"]
    by_comp = (df.groupby(keys + ["rater"], observed=True)["rating"].mean()
               .groupby(level=keys, observed=True).agg(["mean", "count"]))
    overall = (df.groupby(["ratee", "relationship", "rater"], observed=True)["rating"].mean()
               .groupby(level=["ratee", "relationship"], observed=True).agg(["mean", "count"]))
    overall["competency"] = scoring.OVERALL
    overall = overall.set_index("competency", append=True)
    return pd.concat([by_comp, overall])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-ratees", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    print(f"kinerja-survey whole-pass benchmark: {args.n_ratees:,} ratees, python {platform.python_version()}, "
          f"pandas {pd.__version__}, numpy {np.__version__}")
    with Peak() as setup:
        assignments = demo.synthetic_assignments(args.n_ratees, seed=args.seed)
        ratings = demo.simulate_ratings(assignments, seed=args.seed + 1).ratings
        del assignments
    print(f"data: {len(ratings):,} rows, {ratings['rating'].isna().mean():.1%} missing, "
          f"frame {ratings.memory_usage(deep=True).sum() / 1e9:.2f} GB; generated in {setup.seconds:.1f} s "
          f"(not counted)\n")

    rows = []
    try:
        reliability = importlib.import_module("kinerja_survey.analysis.reliability")
        report_fn = reliability.reliability_report
    except (ImportError, AttributeError) as exc:
        report_fn = None
        rows.append(("reliability.reliability_report", float("nan"), float("nan"), f"skipped: {exc}"))
    if report_fn is not None:
        with Peak() as p:
            report = report_fn(ratings)
        note = f"{len(report)} tables" if isinstance(report, dict) else type(report).__name__
        rows.append(("reliability.reliability_report", p.seconds, p.gb, note))
        del report
    with Peak() as p:
        table = scoring.score_cycle(ratings)
    rows.append(("scoring.score_cycle", p.seconds, p.gb, f"{len(table):,} ratees x {table.shape[1]} columns"))
    del table

    done = [r for r in rows if not np.isnan(r[1])]
    total_s = sum(r[1] for r in done)
    peak_gb = max(r[2] for r in done)
    print(f"{'stage':38} {'seconds':>8} {'peak RSS GB':>12}  note")
    for name, sec, gb, note in rows:
        print(f"{name:38} {sec:8.2f} {gb:12.2f}  {note}")
    verdict = "OK" if total_s < 60 and peak_gb < 4 else "MISSED"
    print(f"{'total (stages run)':38} {total_s:8.2f} {peak_gb:12.2f}  target < 60 s and < 4 GB: {verdict}")

    print("\ngroup_means against plain pandas groupby (same table: rater means first, then groups)")
    with Peak() as ours:
        gm = scoring.group_means(ratings)
    with Peak() as theirs:
        pd_gm = pandas_group_means(ratings)
    merged = gm.set_index(["ratee", "relationship", "competency"])
    pd_gm.index = pd_gm.index.set_names(["ratee", "relationship", "competency"])
    a = merged["mean"].to_numpy()
    b = pd_gm["mean"].reindex(merged.index).to_numpy()
    diff = np.nanmax(np.abs(a - b)) if len(a) else 0.0
    same_n = bool((merged["n_raters"].to_numpy() == pd_gm["count"].reindex(merged.index).to_numpy()).all())
    with Peak() as check:
        checked = frames.check_ratings_frame(ratings)
    with Peak() as agg:
        scoring._group_means_frame(scoring._aggregate(checked))
    del checked
    print(f"{'implementation':38} {'seconds':>8} {'peak RSS GB':>12}")
    print(f"{'scoring.group_means':38} {ours.seconds:8.2f} {ours.gb:12.2f}")
    print(f"{'  of which frames.check_ratings_frame':38} {check.seconds:8.2f} {check.gb:12.2f}")
    print(f"{'  of which aggregation (bincount)':38} {agg.seconds:8.2f} {agg.gb:12.2f}")
    print(f"{'pandas groupby (2 steps x 2)':38} {theirs.seconds:8.2f} {theirs.gb:12.2f}")
    print(f"speed-up {theirs.seconds / ours.seconds:.1f}x with validation, {theirs.seconds / agg.seconds:.1f}x "
          f"aggregation alone; rows {len(gm):,} vs {len(pd_gm):,}; "
          f"max |mean difference| {diff:.2e}; n_raters equal: {same_n}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
