"""Benchmark of the statistics added beside rwg and ICC (issue 16), against what a user would pick.

    .venv/bin/python benchmarks/bench_statistics.py                 # full size (a few minutes)
    .venv/bin/python benchmarks/bench_statistics.py --ratees 20000 --small 300 --mixed 60

(a) reliability_report on a simulated cycle of --ratees ratees (demo.synthetic_assignments +
    demo.simulate_ratings: ~9 raters x 21 items, 3% missing), now with AD/awg/r*wg(J), per-ratee
    reliability, omega, the G-study and the convergence table, in a fresh process that only loads
    the ratings: wall time and peak resident memory (ru_maxrss, the loaded input included).
    The same child then times each new statistic on its own through its public function.
(b) the bootstrap run separately: reliability_report(bootstrap=True, n_boot=--n-boot) in another
    fresh process, followed in that process by the report without bootstrap (its cost is the
    difference, measured under the same load) and krippendorff_bootstrap of the scale scores alone.
(c) the alternatives a user would write, at a size they can handle (--small ratees; statsmodels
    MixedLM at --mixed ratees): pandas groupby for AD/awg, statsmodels MixedLM (REML) for the
    variance components, pandas + pingouin.corr for the convergence table, and a unit-resampling
    bootstrap with krippendorff.alpha (as R kripp.boot does) for the alpha interval.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd

_CHILD = r"""
import resource, sys, time
import pandas as pd
ratings = pd.read_pickle(sys.argv[1])
mode = sys.argv[2]
n_boot = int(sys.argv[3])
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from kinerja_survey.analysis.reliability import reliability_report
t = time.perf_counter()
rep = reliability_report(ratings, bootstrap=(mode == "boot"), n_boot=n_boot, random_state=1)
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
vc = rep["var_components"].set_index("component")["share"]
print(f"REPORT {len(ratings)} {elapsed:.3f} {loaded / 1e6:.3f} {peak / 1e6:.3f} {vc['rater']:.4f}")
if mode == "boot":
    b = rep["kripp_bootstrap"].set_index("data")
    for d in ("item", "scale_score"):
        print(f"BOOT {d} {b.loc[d, 'alpha']:.4f} {b.loc[d, 'CI_lower']:.4f} {b.loc[d, 'CI_upper']:.4f}")
    # the same report without the bootstrap right after, in this process (same machine load)
    t = time.perf_counter()
    reliability_report(ratings)
    print(f"PLAIN_AGAIN {time.perf_counter() - t:.3f}")
    from kinerja_survey.analysis import krippendorff_bootstrap, scale_scores
    others = ratings[ratings["relationship"] != "self"]
    scores = scale_scores(others)
    t = time.perf_counter()
    krippendorff_bootstrap(scores, ratings="score", n_boot=n_boot, random_state=1)
    print(f"STANDALONE {time.perf_counter() - t:.3f}")
else:
    from kinerja_survey.analysis import (agreement_indices, omega_by_competency, ratee_reliability, scale_scores,
                                         source_convergence, variance_components)
    others = ratings[ratings["relationship"] != "self"]
    scores = scale_scores(others)
    for name, fn in (("agreement_indices (AD, awg, r*wg(J))", lambda: agreement_indices(others)),
                     ("omega_by_competency", lambda: omega_by_competency(ratings)),
                     ("ratee_reliability", lambda: ratee_reliability(scores, ratings="score")),
                     ("variance_components (G-study)", lambda: variance_components(scores, ratings="score")),
                     ("source_convergence", lambda: source_convergence(ratings))):
        t = time.perf_counter()
        fn()
        print(f"PART {time.perf_counter() - t:.3f} {name}")
"""


def simulate(n_ratees: int, seed: int = 1) -> pd.DataFrame:
    from kinerja_survey import demo

    return demo.simulate_ratings(demo.synthetic_assignments(n_ratees, seed=seed), seed=seed).ratings


def bench_report(n_ratees: int, n_boot: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ratings.pkl")
        gen = (
            "import sys\nfrom kinerja_survey import demo\n"
            f"a = demo.synthetic_assignments({n_ratees})\n"
            "demo.simulate_ratings(a, seed=1).ratings.to_pickle(sys.argv[1])\n"
        )
        subprocess.run([sys.executable, "-c", gen, path], check=True)
        out = {}
        for mode in ("plain", "boot"):
            res = subprocess.run([sys.executable, "-c", _CHILD, path, mode, str(n_boot)], check=True,
                                 capture_output=True, text=True)
            out[mode] = res.stdout.splitlines()
    return out


def best_of(fn, repeat: int = 1):
    times, res = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        res = fn()
        times.append(time.perf_counter() - t)
    return min(times), res


def pandas_agreement(others: pd.DataFrame, scale_points: int = 5) -> pd.DataFrame:
    """What a user writes without the package: groupby per (ratee, item), then per ratee."""
    def per_item(x: pd.Series) -> pd.Series:
        x = x.dropna()
        k, m, v = len(x), x.mean(), x.var()
        if k < 2:
            return pd.Series({"ad_mean": np.nan, "ad_median": np.nan, "awg": np.nan})
        lo, hi = 1.0, float(scale_points)
        with np.errstate(invalid="ignore", divide="ignore"):
            awg = 1 - 2 * v / (((hi + lo) * m - m * m - hi * lo) * k / (k - 1))
        if m < (lo * (k - 1) + hi) / k or m > (hi * (k - 1) + lo) / k:
            awg = np.nan
        if m in (lo, hi):
            awg = 1.0
        return pd.Series({"ad_mean": (x - m).abs().mean(), "ad_median": (x - x.median()).abs().mean(), "awg": awg})

    items = others.groupby(["ratee", "item"], observed=True)["rating"].apply(per_item).unstack()
    return items.groupby(level="ratee").mean()


def bench_alternatives(n_small: int, n_mixed: int, n_boot: int) -> list[dict]:
    import krippendorff
    import pingouin as pg
    import statsmodels.formula.api as smf

    from kinerja_survey.analysis import (
        agreement_indices,
        krippendorff_bootstrap,
        scale_scores,
        source_convergence,
        variance_components,
    )

    rows = []
    ratings = simulate(n_small, seed=2)
    others = ratings[ratings["relationship"] != "self"].copy()
    others["ratee"] = others["ratee"].astype(str)
    others["item"] = others["item"].astype(str)
    t_ours, ours = best_of(lambda: agreement_indices(others).set_index("ratee"))
    t_pd, ref = best_of(lambda: pandas_agreement(others))
    diff = max(float(np.nanmax(np.abs(ours.loc[ref.index, c].to_numpy() - ref[c].to_numpy())))
               for c in ("ad_mean", "ad_median", "awg"))
    rows.append({"task": f"AD(M), AD(Md), awg per ratee, {n_small:,} ratees", "ours": "agreement_indices",
                 "ours_s": t_ours, "other": "pandas groupby.apply", "other_s": t_pd, "diff": diff})

    t_ours, conv = best_of(lambda: source_convergence(ratings))

    def pandas_pingouin():
        rater = ratings.groupby(["competency", "ratee", "rater", "relationship"], observed=True)["rating"].mean()
        src = rater.groupby(level=["competency", "ratee", "relationship"], observed=True).mean().unstack("relationship")
        out = {}
        for comp, tab in src.groupby(level="competency", observed=True):
            for a, b in (("self", "supervisor"), ("self", "peer"), ("peer", "supervisor"),
                         ("subordinate", "supervisor"), ("self", "subordinate"), ("peer", "subordinate")):
                pair = tab[[a, b]].dropna()
                out[(comp, a, b)] = pg.corr(pair[a], pair[b]).iloc[0]["r"]
        return out

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_pg, ref = best_of(pandas_pingouin)
    got = conv.set_index(["competency", "source_a", "source_b"])["r"]
    diff = max(abs(got[k] - v) for k, v in ref.items())
    rows.append({"task": f"convergence table (7 comp. x 6 pairs), {n_small:,} ratees", "ours": "source_convergence",
                 "ours_s": t_ours, "other": "pandas groupby + pingouin.corr loop", "other_s": t_pg, "diff": diff})

    small = simulate(n_mixed, seed=3)
    scores = scale_scores(small[small["relationship"] != "self"])
    scores["ratee"] = scores["ratee"].astype(str)
    scores["rater"] = scores["rater"].astype(str)
    t_ours, vc = best_of(lambda: variance_components(scores, ratings="score"))

    def mixedlm():
        d = scores.assign(one=1)
        model = smf.mixedlm("score ~ 1", d, groups="one", vc_formula={"ratee": "0 + C(ratee)", "rater": "0 + C(rater)"},
                            re_formula="0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return model.fit(reml=True)

    t_sm, fit = best_of(mixedlm)
    names = list(fit.model.exog_vc.names)
    sm_est = dict(zip(names, fit.vcomp, strict=True))
    est = vc.set_index("component")["estimate"]
    diff = max(abs(est["ratee"] - sm_est["ratee"]), abs(est["rater"] - sm_est["rater"]), abs(est["residual"] - fit.scale))
    rows.append({"task": f"variance components ratee/rater/residual, {n_mixed:,} ratees", "ours": "variance_components",
                 "ours_s": t_ours, "other": "statsmodels MixedLM (REML)", "other_s": t_sm, "diff": diff,
                 "note": "different estimators (method III vs REML): diff is not an error"})

    sc = scale_scores(others)
    t_ours, _ = best_of(lambda: krippendorff_bootstrap(sc, ratings="score", n_boot=n_boot, random_state=1))
    M = sc.pivot(index="rater", columns="ratee", values="score").to_numpy()
    rng = np.random.default_rng(1)
    n_units = M.shape[1]
    reps = 10

    def unit_boot():
        return [krippendorff.alpha(M[:, rng.integers(0, n_units, n_units)], level_of_measurement="interval")
                for _ in range(reps)]

    t_k, _ = best_of(unit_boot)
    rows.append({"task": f"alpha bootstrap, scale scores, {n_small:,} ratees", "ours": f"krippendorff_bootstrap ({n_boot})",
                 "ours_s": t_ours, "other": f"units resampled + krippendorff.alpha ({reps}, x{n_boot // reps} for {n_boot})",
                 "other_s": t_k * n_boot / reps, "diff": np.nan})
    return rows


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ratees", type=int, default=100_000, help="ratees of the report runs (a), (b)")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates")
    p.add_argument("--small", type=int, default=1000, help="ratees of the comparisons in (c)")
    p.add_argument("--mixed", type=int, default=100, help="ratees of the statsmodels MixedLM comparison")
    p.add_argument("--skip-report", action="store_true", help="run (c) only")
    args = p.parse_args(argv)

    if not args.skip_report:
        out = bench_report(args.ratees, args.n_boot)
        plain = out["plain"][0].split()
        boot = out["boot"][0].split()
        print(f"(a) reliability_report with the new statistics, {args.ratees:,} ratees, fresh process")
        print(f"{'answers':>11s} {'seconds':>8s} {'input RSS GB':>12s} {'peak RSS GB':>11s} {'rater share':>11s}")
        print(f"{int(plain[1]):11,d} {float(plain[2]):8.2f} {float(plain[3]):12.2f} {float(plain[4]):11.2f} "
              f"{float(plain[5]):11.4f}")
        print("    each new statistic on its own (public function, same data):")
        for line in out["plain"][1:]:
            _, secs, name = line.split(" ", 2)
            print(f"    {name:40s} {float(secs):7.2f} s")
        print(f"\n(b) the same with bootstrap=True, n_boot={args.n_boot}, fresh process")
        print(f"{'seconds':>8s} {'peak RSS GB':>11s} {'bootstrap cost s':>16s}")
        again = next(float(x.split()[1]) for x in out["boot"] if x.startswith("PLAIN_AGAIN"))
        alone = next(float(x.split()[1]) for x in out["boot"] if x.startswith("STANDALONE"))
        print(f"{float(boot[2]):8.2f} {float(boot[4]):11.2f} {float(boot[2]) - again:16.2f}"
              f"   (same report without bootstrap, same process: {again:.2f} s)")
        print(f"    krippendorff_bootstrap on the scale scores alone ({args.n_boot} replicates): {alone:.2f} s")
        for line in out["boot"][1:]:
            if line.startswith("BOOT"):
                _, data, a, lo, hi = line.split()
                print(f"    alpha {data:12s} {a}  95% CI [{lo}, {hi}]")
    print("\n(c) the alternative a user would pick, same run")
    rows = bench_alternatives(args.small, args.mixed, args.n_boot)
    print(f"{'task':52s} {'ours':32s} {'s':>7s} {'instead':52s} {'s':>8s} {'speed-up':>8s} {'max |diff|':>10s}")
    for r in rows:
        print(f"{r['task']:52s} {r['ours']:32s} {r['ours_s']:7.3f} {r['other']:52s} {r['other_s']:8.3f} "
              f"{r['other_s'] / r['ours_s']:7.1f}x {r['diff']:10.1e}" + (f"  ({r['note']})" if r.get("note") else ""))


if __name__ == "__main__":
    main()
