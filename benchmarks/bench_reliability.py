"""Benchmark of kinerja_survey.analysis.reliability against the libraries a user would pick instead.

    .venv/bin/python benchmarks/bench_reliability.py              # full size (about 1 minute)
    .venv/bin/python benchmarks/bench_reliability.py --ratees 20000 --targets 10000

(a) a balanced panel of --targets targets x --raters raters (long format, integer ids, ratings
    1-5; 10% missing for Krippendorff): icc_panel vs pingouin.intraclass_corr, and
    krippendorff_alpha (long format in) vs krippendorff.alpha (coders x units matrix in, and
    with the pivot from long format a user needs first).  Best of --repeat runs.
(b) reliability_report on a simulated cycle of --ratees ratees (demo.synthetic_assignments +
    demo.simulate_ratings: ~9 raters x 21 items, 3% missing), run in a fresh process that only
    loads the ratings: wall time and peak resident memory (ru_maxrss), the loaded input included.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd


def best_of(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def panel(n_targets: int, n_raters: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    true = rng.normal(0, 0.8, n_targets)
    leniency = rng.normal(0, 0.3, n_raters)
    y = 3 + true[:, None] + leniency[None, :] + rng.normal(0, 0.8, (n_targets, n_raters))
    return np.clip(np.rint(y), 1, 5)


def bench_panel(n_targets: int, n_raters: int, repeat: int) -> list[dict]:
    import krippendorff
    import pingouin as pg

    from kinerja_survey.analysis.reliability import icc_panel, krippendorff_alpha

    Y = panel(n_targets, n_raters)
    long = pd.DataFrame({
        "target": np.repeat(np.arange(n_targets), n_raters),
        "rater": np.tile(np.arange(n_raters), n_targets),
        "rating": Y.ravel(),
    })
    rows = []
    t_ours, ours = best_of(lambda: icc_panel(long, "target", "rater", "rating"), repeat)
    old = pg.options.copy()
    pg.options["round.column.CI95"] = None
    try:
        t_pg, ref = best_of(lambda: pg.intraclass_corr(long, "target", "rater", "rating"), repeat)
    finally:
        pg.options.clear()
        pg.options.update(old)
    diff = max(float(np.abs(ours["ICC"] - ref["ICC"]).max()),
               float(np.abs(np.vstack(ours["CI95"]) - np.vstack(ref["CI95"])).max()))
    rows.append({"task": f"ICC, 6 forms, {n_targets:,} x {n_raters}", "ours": "icc_panel", "ours_s": t_ours,
                     "other": "pingouin.intraclass_corr", "other_s": t_pg, "max_abs_diff": diff})

    rng = np.random.default_rng(1)
    M = Y.T.copy()  # coders x units, the krippendorff package layout
    M[rng.random(M.shape) < 0.10] = np.nan
    klong = pd.DataFrame({
        "unit": np.tile(np.arange(n_targets), n_raters),
        "coder": np.repeat(np.arange(n_raters), n_targets),
        "rating": M.ravel(),
    })
    for level in ("interval", "ordinal"):
        t_ours, a = best_of(lambda level=level: krippendorff_alpha(klong, "unit", "coder", "rating", level=level), repeat)
        t_k, b = best_of(lambda level=level: krippendorff.alpha(M, level_of_measurement=level), repeat)
        t_kp, _ = best_of(lambda level=level: krippendorff.alpha(
            klong.pivot(index="coder", columns="unit", values="rating").to_numpy(),
            level_of_measurement=level), repeat)
        rows.append({"task": f"Krippendorff {level}, {n_targets:,} x {n_raters}, 10% NaN",
                         "ours": "krippendorff_alpha (long)", "ours_s": t_ours,
                         "other": "krippendorff.alpha (matrix)", "other_s": t_k, "max_abs_diff": abs(a - b)})
        rows.append({"task": f"Krippendorff {level}, {n_targets:,} x {n_raters}, 10% NaN",
                         "ours": "krippendorff_alpha (long)", "ours_s": t_ours,
                         "other": "long.pivot + krippendorff.alpha", "other_s": t_kp, "max_abs_diff": abs(a - b)})
    return rows


_CHILD = r"""
import resource, sys, time
import pandas as pd
ratings = pd.read_pickle(sys.argv[1])
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from kinerja_survey.analysis.reliability import reliability_report
t = time.perf_counter()
rep = reliability_report(ratings)
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
icc = rep["icc"].set_index("group").loc["overall", "ICC1"]
print(f"{len(ratings)} {elapsed:.3f} {loaded / 1e6:.3f} {peak / 1e6:.3f} {icc:.4f}")
"""


def bench_report(n_ratees: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ratings.pkl")
        gen = (
            "import sys\nfrom kinerja_survey import demo\n"
            f"a = demo.synthetic_assignments({n_ratees})\n"
            "demo.simulate_ratings(a, seed=1).ratings.to_pickle(sys.argv[1])\n"
        )
        subprocess.run([sys.executable, "-c", gen, path], check=True)
        out = subprocess.run([sys.executable, "-c", _CHILD, path], check=True, capture_output=True, text=True)
    rows, secs, loaded, peak, icc = out.stdout.split()
    return {"ratees": n_ratees, "rows": int(rows), "seconds": float(secs), "input_rss_gb": float(loaded),
                "peak_rss_gb": float(peak), "overall_icc1": float(icc)}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ratees", type=int, default=100_000, help="ratees in the report benchmark (b)")
    p.add_argument("--targets", type=int, default=50_000, help="targets of the balanced panel (a)")
    p.add_argument("--raters", type=int, default=8, help="raters of the balanced panel (a)")
    p.add_argument("--repeat", type=int, default=3, help="runs per timing in (a); the best is kept")
    p.add_argument("--skip-report", action="store_true", help="run (a) only")
    args = p.parse_args(argv)

    print(f"(a) balanced panel, {args.targets:,} targets x {args.raters} raters, best of {args.repeat}")
    rows = bench_panel(args.targets, args.raters, args.repeat)
    print(f"{'task':44s} {'ours':28s} {'s':>7s} {'instead':32s} {'s':>7s} {'speed-up':>8s} {'max |diff|':>10s}")
    for r in rows:
        print(f"{r['task']:44s} {r['ours']:28s} {r['ours_s']:7.3f} {r['other']:32s} {r['other_s']:7.3f} "
              f"{r['other_s'] / r['ours_s']:7.1f}x {r['max_abs_diff']:10.1e}")
    if args.skip_report:
        return
    print(f"\n(b) reliability_report, {args.ratees:,} ratees, fresh process")
    r = bench_report(args.ratees)
    print(f"{'ratees':>8s} {'answers':>11s} {'seconds':>8s} {'input RSS GB':>12s} {'peak RSS GB':>11s} {'ICC(1) others':>13s}")
    print(f"{r['ratees']:8,d} {r['rows']:11,d} {r['seconds']:8.2f} {r['input_rss_gb']:12.2f} "
          f"{r['peak_rss_gb']:11.2f} {r['overall_icc1']:13.4f}")


if __name__ == "__main__":
    main()
