"""National scale: the analysis out of core on DuckDB beside the in-memory pandas path, and the
pooling of many agency files.

Run::

    .venv/bin/python benchmarks/bench_national.py --n-ratees 1000000 --pandas-max 100000
    .venv/bin/python benchmarks/bench_national.py --n-ratees 20000 --pool 0      # quick look
    .venv/bin/python benchmarks/bench_national.py --n-ratees 0 --pool 500        # pooling only

Data: generated in chunks of ``--chunk`` ratees straight to Parquet under ``--dir`` (default a
fresh folder in /tmp, deleted after): ``demo.synthetic_assignments`` (about 9 raters per ratee)
answered by ``demo.simulate_ratings`` on the 21-item BerAKHLAK instrument with 3% missing
answers; the ratee and rater keys carry the chunk number, so chunks never share a person.

Each run is a child process (``--run``); its peak RSS is the kernel's high-water mark of that
child and of its own children (``os.wait4``), so the table is the process tree's peak.  Stages:

``duckdb``   ``analysis.analyse(engine="duckdb")`` on the Parquet files: scores with the
             anonymity thresholds, ICC(1)/ICC(1,k) with k0, Cronbach's alpha per competency,
             rwg(J) per ratee and per competency (``memory_limit`` ``--memory-limit``).
``pandas``   the same tables on the in-memory path (``engine="pandas"``: ``score_cycle`` and
             ``reliability_report``), for sizes up to ``--pandas-max`` ratees; reading the Parquet
             files into a frame is included.
``pool``     ``cycle.national.pooled_analysis`` over ``--pool`` agency files (sizes drawn from
             a lognormal around ``--pool-mean`` ratees) written as ``ekspor-anonim`` writes them,
             then the workbook (``analisis-gabungan``).

Targets (issue 25, the project's 2-core 24 GB machine): 1 M ratees in under 120 s under 8 GB;
4.3 M ratees in under 15 min under 16 GB; 500 agency files pooled in under 5 min.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def generate(out: Path, n_ratees: int, chunk: int, seed: int = 0, prefix: str = "", distinct: int = 0) -> int:
    """Write the cycle as Parquet files of ``chunk`` ratees; returns the number of answers.

    ``distinct`` > 0: only that many chunks are simulated; the others are copies of them with new
    ratee and rater keys (the same answers about other people), which is how the 4.3 M-ratee run
    is generated in minutes instead of a quarter of an hour.
    """
    from tqdm import tqdm

    from kinerja_survey import demo

    out.mkdir(parents=True, exist_ok=True)
    rows = 0
    n_chunks = -(-n_ratees // chunk)
    for c in tqdm(range(n_chunks), desc="data", unit="chunk", disable=n_chunks < 2):
        n = min(chunk, n_ratees - c * chunk)
        if distinct and c >= distinct and n == chunk:
            df = pd.read_parquet(out / f"part-{c % distinct:04d}.parquet")
            for col in ("ratee", "rater"):
                df[col] = df[col].cat.rename_categories(f"{prefix}C{c:04d}" + df[col].cat.categories.str[5:])
            df.to_parquet(out / f"part-{c:04d}.parquet", index=False)
            rows += len(df)
            continue
        sim = demo.simulate_ratings(demo.synthetic_assignments(n, seed=seed + c), seed=seed + c)
        df = sim.ratings
        for col in ("ratee", "rater"):
            df[col] = df[col].cat.rename_categories(f"{prefix}C{c:04d}" + df[col].cat.categories.astype(str))
        df.to_parquet(out / f"part-{c:04d}.parquet", index=False)
        rows += len(df)
    return rows


def run_child(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS of the child's process tree in GB, its last output line)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        return wall, usage.ru_maxrss * 1024 / 1e9, "FAILED"
    return wall, usage.ru_maxrss * 1024 / 1e9, out.strip().splitlines()[-1] if out.strip() else ""


def child(args) -> None:
    from kinerja_survey.analysis import analyse

    t0 = time.perf_counter()
    if args.run == "gen":
        print(generate(Path(args.data), args.n_ratees, args.chunk, distinct=args.distinct_chunks))
        return
    if args.run == "genpool":
        from kinerja_survey.cycle.national import write_generated_pool

        print(write_generated_pool(args.data, args.pool, median_ratees=args.pool_mean, seed=1))
        return
    files = sorted(str(p) for p in Path(args.data).glob("*.parquet"))
    if args.run == "pool":
        from kinerja_survey.cycle.national import pooled_analysis, write_pooled_workbook

        tables = pooled_analysis(args.data, memory_limit=args.memory_limit, threads=args.threads)
        write_pooled_workbook(tables, Path(args.data).parent / "gabungan.xlsx")
        print(f"{sum(len(t) for t in tables.values())} rows in {len(tables)} tables, {time.perf_counter() - t0:.1f}s")
        return
    stages: dict = {}

    def progress(stage, done, total):  # seconds per stage, from its first to its last report
        now = time.perf_counter()
        stages.setdefault(stage, [now, now])[1] = now

    got = analyse(files, engine=args.run, memory_limit=args.memory_limit, threads=args.threads, progress=progress)
    icc = got["icc"].set_index("group")["ICC1"]
    per = ", ".join(f"{k} {b - a:.0f}" for k, (a, b) in stages.items()) if args.run == "duckdb" else ""
    print(f"{len(got['scores'])} ratees, ICC1 overall {icc['overall']:.4f}, mean combined "
          f"{got['scores']['combined'].mean():.4f}, {time.perf_counter() - t0:.1f}s{'; stages s: ' + per if per else ''}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-ratees", type=int, default=1_000_000)
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--pandas-max", type=int, default=100_000,
                    help="pandas beside DuckDB up to this many ratees (0: DuckDB only)")
    ap.add_argument("--pool", type=int, default=500, help="agency files to pool (0: skip)")
    ap.add_argument("--pool-mean", type=int, default=400, help="median ratees per agency file")
    ap.add_argument("--distinct-chunks", type=int, default=0,
                    help="simulate only this many chunks, the rest are copies with new keys (0: all simulated)")
    ap.add_argument("--memory-limit", default="6GB")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dir", default=None)
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    ap.add_argument("--run", choices=["duckdb", "pandas", "pool", "gen", "genpool"], help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        child(args)
        return
    base = Path(args.dir or tempfile.mkdtemp(prefix="bench-national-", dir="/tmp"))
    pass_on = ["--memory-limit", args.memory_limit, "--threads", str(args.threads)]
    rows = []
    try:
        if args.n_ratees and any((base / "cycle").glob("*.parquet")):  # --dir of a kept earlier run
            import pyarrow.parquet as pq

            print(f"reusing {base / 'cycle'}: "
                  f"{sum(pq.ParquetFile(p).metadata.num_rows for p in (base / 'cycle').glob('*.parquet')):,} answers")
        elif args.n_ratees:
            t0 = time.perf_counter()
            # generated in a child: the parent stays small, and a child's peak RSS starts from its parent's
            _, _, n_rows = run_child(["--run", "gen", "--data", str(base / "cycle"), "--n-ratees", str(args.n_ratees),
                                      "--chunk", str(args.chunk), "--distinct-chunks", str(args.distinct_chunks)])
            n_rows = int(n_rows)
            print(f"generated {args.n_ratees:,} ratees, {n_rows:,} answers in {time.perf_counter() - t0:.0f}s",
                  flush=True)
        if args.n_ratees:
            sizes = sorted({min(args.pandas_max, args.n_ratees), args.n_ratees} - {0})  # --pandas-max 0: none
            for n in sizes:
                data = base / "cycle"
                if n < args.n_ratees:  # the first chunks only
                    data = base / f"cycle-{n}"
                    data.mkdir(exist_ok=True)
                    for p in sorted((base / "cycle").glob("*.parquet"))[: max(1, n // args.chunk)]:
                        if not (data / p.name).exists():
                            os.link(p, data / p.name)
                    n = min(args.n_ratees, max(1, n // args.chunk) * args.chunk)
                answers = sum(pd.read_parquet(p, columns=["rating"]).shape[0] for p in data.glob("*.parquet"))
                for engine in ("duckdb", "pandas"):
                    if engine == "pandas" and n > args.pandas_max:
                        rows.append((f"{n:,} ratees", f"{answers / 1e6:.1f} M", engine, "-", "-",
                                     "not run: above --pandas-max (the pandas path needs ~23 GB per million ratees)"))
                        continue
                    wall, peak, line = run_child(["--run", engine, "--data", str(data), *pass_on])
                    load = os.getloadavg()[0]
                    rows.append((f"{n:,} ratees", f"{answers / 1e6:.1f} M", engine, f"{wall:.1f}", f"{peak:.2f}",
                                 f"{line}; load {load:.1f}"))
                    print(rows[-1], flush=True)
        if args.pool:
            t0 = time.perf_counter()
            _, _, answers = run_child(["--run", "genpool", "--data", str(base / "pool"), "--pool", str(args.pool),
                                       "--pool-mean", str(args.pool_mean)])
            answers = int(answers)
            print(f"generated {args.pool} agency files, {answers:,} answers in {time.perf_counter() - t0:.0f}s",
                  flush=True)
            wall, peak, line = run_child(["--run", "pool", "--data", str(base / "pool"), *pass_on])
            load = os.getloadavg()[0]
            rows.append((f"{args.pool} agency files", f"{answers / 1e6:.1f} M", "pool + workbook", f"{wall:.1f}",
                         f"{peak:.2f}", f"{line}; load {load:.1f}"))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    table = pd.DataFrame(rows, columns=["data", "answers", "engine", "seconds", "peak RSS GB", "result"])
    with pd.option_context("display.width", 200, "display.max_colwidth", 90):
        print(table.to_string(index=False))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
