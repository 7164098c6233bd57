"""Trend computation across cycles: 100,000 people x 4 periods, time and memory.

Run::

    .venv/bin/python benchmarks/bench_trends.py                   # 100,000 people x 4 periods
    .venv/bin/python benchmarks/bench_trends.py --n-ratees 5000   # quick look

Data: per period ``demo.synthetic_assignments(n)`` (about 9 raters per ratee, the same design
every period) answered by ``demo.simulate_ratings`` on the 21-item BerAKHLAK instrument (3%
missing), with the people's true scores fixed across periods and a known change for 10% of
them.  One period's ratings frame (~18.5 M answers) is in memory at a time, as when reading
cycle by cycle from a store; generating it is not counted.

Stages timed, ours against the plain pandas a user would write instead, in the same run:

* per period: trend scores (mean of the other raters' rater means per person x competency and
  overall) and the one-way ANOVA per competency (``analysis.trends.period_scores`` against
  ``groupby`` rater means -> person means -> sums of squares);
* across periods: per-person SEM, the change from the previous period, its SE and the flag
  (``analysis.trends.score_trends`` against ``merge`` + ``groupby().shift()``).

The two must agree (max abs difference of score, SEM and RCI printed; the flags compared).
Target on the project's 2-core machine: whole trend computation < 30 s and peak RSS < 4 GB.
Peak RSS is the process high-water mark during the stage (``/proc/self/clear_refs`` reset), so
it includes the period's ratings frame.
"""

from __future__ import annotations

import argparse
import gc
import platform
import threading
import time

import numpy as np
import pandas as pd

from kinerja_survey import demo
from kinerja_survey.analysis.trends import NAIK, STABIL, TURUN, period_scores, score_trends


def _status(field: str) -> float:
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


# --- the plain-pandas alternative -------------------------------------------------------------

def pandas_period(df: pd.DataFrame):
    """Person scores and the one-way ANOVA per competency, written with groupby."""
    d = df[df["relationship"].astype(str) != "self"].dropna(subset=["rating"])
    comp = (d.groupby(["ratee", "rater", "competency"], observed=True)["rating"].mean().reset_index())
    comp["competency"] = comp["competency"].astype(str)
    overall = d.groupby(["ratee", "rater"], observed=True)["rating"].mean().reset_index().assign(competency="overall")
    rm = pd.concat([comp, overall], ignore_index=True)
    rm["ratee"] = rm["ratee"].astype(str)
    person = rm.groupby(["competency", "ratee"])["rating"].agg(score="mean", k="size").reset_index()
    rm = rm.merge(person, on=["competency", "ratee"])
    rm["dev2"] = (rm["rating"] - rm["score"]) ** 2
    grand = rm.groupby("competency")["rating"].mean().rename("grand")
    person = person.merge(grand, on="competency")
    person["b"] = person["k"] * (person["score"] - person["grand"]) ** 2
    a = person.groupby("competency").size()
    N = person.groupby("competency")["k"].sum()
    k2 = (person["k"] ** 2).groupby(person["competency"]).sum()
    msb = person.groupby("competency")["b"].sum() / (a - 1)
    msw = rm.groupby("competency")["dev2"].sum() / (N - a)
    k0 = (N - k2 / N) / (a - 1)
    rel = pd.DataFrame({"MSB": msb, "MSW": msw, "k0": k0}).reset_index()
    rel["var_true"] = ((rel["MSB"] - rel["MSW"]) / rel["k0"]).clip(lower=0)
    return person[["ratee", "competency", "score", "k"]], rel


def pandas_trends(periods, z=1.96):
    frames = []
    for order, (label, (scores, rel)) in enumerate(periods):
        f = scores.merge(rel[["competency", "MSW"]], on="competency")
        f["sem"] = np.sqrt(f["MSW"] / f["k"])
        frames.append(f.assign(period=label, order=order))
    df = pd.concat(frames, ignore_index=True).sort_values(["ratee", "competency", "order"])
    g = df.groupby(["ratee", "competency"], sort=False)
    df["prev_score"] = g["score"].shift()
    df["prev_sem"] = g["sem"].shift()
    df["delta"] = df["score"] - df["prev_score"]
    df["se_diff"] = np.sqrt(df["sem"] ** 2 + df["prev_sem"] ** 2)
    df["rci"] = df["delta"] / df["se_diff"]
    df["flag"] = np.select([df["rci"] > z, df["rci"] < -z, df["rci"].notna()], [NAIK, TURUN, STABIL], "")
    return df


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-ratees", type=int, default=100_000)
    ap.add_argument("--periods", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(f"kinerja-survey trend benchmark: {args.n_ratees:,} people x {args.periods} periods, "
          f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}")

    assignments = demo.synthetic_assignments(args.n_ratees, seed=args.seed)
    rng = np.random.default_rng(args.seed)
    ids = np.array(sorted(assignments["ratee"].unique()))
    true = pd.Series(rng.normal(0, 0.45, len(ids)), index=ids)
    comps = ["ADA", "AKU", "BER", "HAR", "KOL", "KOM", "LOY"]
    comp_eff = pd.DataFrame(rng.normal(0, 0.25, (len(ids), len(comps))), index=ids, columns=comps)
    changed = pd.Series(rng.random(len(ids)) < 0.10, index=ids)
    easy = demo.simulate_ratings(assignments.head(1), seed=args.seed).easiness  # one instrument for all periods

    ours_p, theirs_p, gen_s, n_rows = [], [], 0.0, 0
    t_ours = t_theirs = 0.0
    gb_ours = gb_theirs = 0.0
    for p in range(args.periods):
        t0 = time.perf_counter()
        shifted = true + np.where(changed, 0.6 * p, 0.0)
        ratings = demo.simulate_ratings(assignments, seed=args.seed + 100 + p, true_score=shifted,
                                        competency_effect=comp_eff, easiness=easy, centre=3.2).ratings
        gen_s += time.perf_counter() - t0
        n_rows += len(ratings)
        with Peak() as a:
            ps = period_scores(ratings)
        with Peak() as b:
            pp = pandas_period(ratings)
        t_ours += a.seconds
        t_theirs += b.seconds
        gb_ours, gb_theirs = max(gb_ours, a.gb), max(gb_theirs, b.gb)
        ours_p.append((f"P{p + 1}", ps))
        theirs_p.append((f"P{p + 1}", pp))
        del ratings
    print(f"data: {n_rows:,} answers over {args.periods} periods (generated in {gen_s:.1f} s, not counted)\n")
    with Peak() as a:
        ours = score_trends(ours_p)
    with Peak() as b:
        theirs = pandas_trends(theirs_p)
    rows = [("per period: scores + ANOVA (sum)", t_ours, gb_ours, t_theirs, gb_theirs),
            ("across periods: change, SE, flag", a.seconds, a.gb, b.seconds, b.gb)]
    total_o, total_t = t_ours + a.seconds, t_theirs + b.seconds
    peak_o, peak_t = max(gb_ours, a.gb), max(gb_theirs, b.gb)
    print(f"{'stage':36} {'ours s':>8} {'ours GB':>8} {'pandas s':>9} {'pandas GB':>10}")
    for name, so, go, st, gt in rows:
        print(f"{name:36} {so:8.2f} {go:8.2f} {st:9.2f} {gt:10.2f}")
    verdict = "OK" if total_o < 30 and peak_o < 4 else "MISSED"
    print(f"{'total':36} {total_o:8.2f} {peak_o:8.2f} {total_t:9.2f} {peak_t:10.2f}  "
          f"({total_t / total_o:.1f}x); target < 30 s and < 4 GB: {verdict}")

    m = ours.merge(theirs, on=["period", "ratee", "competency"], suffixes=("", "_pd"))
    assert len(m) == len(ours) == len(theirs), (len(m), len(ours), len(theirs))
    diffs = {c: float(np.nanmax(np.abs(m[c] - m[f"{c}_pd"]))) for c in ("score", "sem", "rci")}
    same_flags = float((m["flag"] == m["flag_pd"]).mean())
    print("agreement: " + ", ".join(f"max |{c} diff| {v:.1e}" for c, v in diffs.items())
          + f", flags identical {same_flags:.4%}")
    ov = ours[(ours["competency"] == "overall") & (ours["flag"] != "")]
    is_changed = ov["ratee"].map(changed).astype(bool)
    print(f"flags (overall): false positives on stable people {(ov[~is_changed]['flag'] != STABIL).mean():.2%} "
          f"(z = 1.96, expected ~5%), changed people flagged naik {(ov[is_changed]['flag'] == NAIK).mean():.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
