"""Benchmark of issue 26: REML variance components and item bias (DIF), beside statsmodels.

    .venv/bin/python benchmarks/bench_reml_dif.py                       # defaults below
    .venv/bin/python benchmarks/bench_reml_dif.py --ratees 20000 --mixed 100 --dif-small 2000

Data: ``demo.synthetic_assignments(n)`` (about 9 raters per ratee, raters shared across ratees)
answered by ``demo.simulate_ratings`` on the 21-item BerAKHLAK instrument; self-ratings left out.

(a) REML, pair design (scale scores, ``rating ~ 1 + (1|ratee) + (1|rater)``):
    ``variance_components_reml`` against statsmodels ``MixedLM`` (REML, crossed effects through
    ``vc_formula`` with one group, the way its documentation fits crossed designs) at --mixed
    ratees, where MixedLM finishes; ours alone at --ratees ratees.  The item design (ratee, rater,
    item, ratee x rater; statsmodels has no practical crossed fit of it) ours alone at --items-ratees.
(b) DIF, 21 items, 3 cumulative-logit models each, gender of the ratee: ``item_bias`` against
    the same 63 fits with statsmodels ``OrderedModel`` (logit, BFGS, as a user would write it)
    at --dif-small ratees; ours alone at --ratees ratees.  Max |difference| of the
    log-likelihoods is printed beside the times.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd


def simulate(n_ratees: int, seed: int = 1) -> pd.DataFrame:
    from kinerja_survey import demo

    r = demo.simulate_ratings(demo.synthetic_assignments(n_ratees, seed=seed), seed=seed).ratings
    r = r[r["relationship"] != "self"].reset_index(drop=True)
    rng = np.random.default_rng(seed)
    ratees = r["ratee"].unique()
    sex = pd.Series(rng.choice(["L", "P"], size=len(ratees)), index=ratees)
    return r.assign(sex=r["ratee"].map(sex).to_numpy())


HEADER = f"{'task':62s} {'ours s':>8s} {'instead':48s} {'s':>8s} {'speed-up':>8s} {'max |diff|':>10s}"


def show(r: dict) -> dict:
    ratio = r["other_s"] / r["ours_s"] if np.isfinite(r["other_s"]) else np.nan
    print(f"{r['task']:62s} {r['ours_s']:8.2f} {r['other']:48s} {r['other_s']:8.2f} {ratio:7.1f}x "
          f"{r['diff']:10.1e}" + (f"  ({r['note']})" if r.get("note") else ""), flush=True)
    return r


def timed(fn):
    t = time.perf_counter()
    res = fn()
    return time.perf_counter() - t, res


def pair_scores(ratings: pd.DataFrame) -> pd.DataFrame:
    from kinerja_survey.analysis import scale_scores

    sc = scale_scores(ratings)
    return sc.astype({"ratee": str, "rater": str})


def bench_reml(n_big: int, n_mixed: int, n_items: int) -> list[dict]:
    import statsmodels.formula.api as smf

    from kinerja_survey.analysis import variance_components_reml

    rows = []
    small = pair_scores(simulate(n_mixed, seed=3))
    t_ours, vc = timed(lambda: variance_components_reml(small, ratings="score"))

    def mixedlm():
        model = smf.mixedlm("score ~ 1", small.assign(one=1), groups="one", re_formula="0",
                            vc_formula={"ratee": "0 + C(ratee)", "rater": "0 + C(rater)"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return model.fit(reml=True)

    t_sm, fit = timed(mixedlm)
    sm = dict(zip(fit.model.exog_vc.names, fit.vcomp, strict=True))
    est = vc.set_index("component")["estimate"]
    diff = max(abs(est["ratee"] - sm["ratee"]), abs(est["rater"] - sm["rater"]), abs(est["residual"] - fit.scale))
    rows.append(show({"task": f"REML ratee/rater/residual, {n_mixed:,} ratees ({len(small):,} scores)",
                 "ours_s": t_ours, "other": "statsmodels MixedLM (REML, vc_formula)", "other_s": t_sm, "diff": diff}))
    big = pair_scores(simulate(n_big, seed=4))
    t_big, vc_big = timed(lambda: variance_components_reml(big, ratings="score"))
    rows.append(show({"task": f"REML ratee/rater/residual, {n_big:,} ratees ({len(big):,} scores)", "ours_s": t_big,
                 "other": "(MixedLM: dense, not feasible)", "other_s": np.nan, "diff": np.nan,
                 "note": "shares " + ", ".join(f"{c} {s:.3f}" for c, s in zip(vc_big["component"], vc_big["share"],
                                                                                strict=True))}))
    items = simulate(n_items, seed=5)
    t_items, vc_items = timed(lambda: variance_components_reml(items, items="item"))
    rows.append(show({"task": f"REML item design, {n_items:,} ratees ({len(items):,} answers)", "ours_s": t_items,
                 "other": "(no crossed item-level fit in statsmodels)", "other_s": np.nan, "diff": np.nan,
                 "note": "shares " + ", ".join(f"{c} {s:.3f}" for c, s in zip(vc_items["component"],
                                                                                vc_items["share"], strict=True))}))
    return rows


def statsmodels_dif(ratings: pd.DataFrame) -> np.ndarray:
    """The 63 fits of item_bias with statsmodels OrderedModel; log-likelihoods items x 3."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    wide = ratings.pivot_table(index=["ratee", "rater"], columns="item", values="rating", aggfunc="first", observed=True)
    sex = ratings.groupby(["ratee", "rater"], observed=True)["sex"].first().reindex(wide.index)
    wide = wide.dropna()
    g = (sex.loc[wide.index] == "P").to_numpy(float)
    total = wide.sum(axis=1).to_numpy()
    out = np.empty((wide.shape[1], 3))
    for j, item in enumerate(wide.columns):
        y = pd.Series(pd.Categorical(wide[item].to_numpy(), ordered=True))
        for m, X in enumerate((total[:, None], np.column_stack([total, g]),
                               np.column_stack([total, g, total * g]))):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = OrderedModel(y, X, distr="logit").fit(method="bfgs", disp=False, maxiter=2000)
            out[j, m] = res.llf
    return out


def bench_dif(n_big: int, n_small: int) -> list[dict]:
    from kinerja_survey.analysis import item_bias

    rows = []
    small = simulate(n_small, seed=6)
    # complete forms only, so both fit the same rows (item_bias would prorate the others)
    n_answers = small.groupby(["ratee", "rater"], observed=True)["rating"].transform("count")
    small = small[n_answers.to_numpy() == 21]
    t_ours, tab = timed(lambda: item_bias(small, group="sex"))
    t_sm, ll = timed(lambda: statsmodels_dif(small))
    ours = tab[["loglik_1", "loglik_2", "loglik_3"]].to_numpy()
    n_forms = int(tab["n"].iloc[0])
    rows.append(show({"task": f"DIF 21 items x 3 models, {n_small:,} ratees ({n_forms:,} complete forms)", "ours_s": t_ours,
                 "other": "statsmodels OrderedModel (logit, BFGS), 63 fits", "other_s": t_sm,
                 "diff": float(np.abs(ours - ll).max())}))
    big = simulate(n_big, seed=7)
    t_big, tab_big = timed(lambda: item_bias(big, group="sex"))
    rows.append(show({"task": f"DIF 21 items x 3 models, {n_big:,} ratees ({int(tab_big['n'].iloc[0]):,} forms)",
                 "ours_s": t_big, "other": "(OrderedModel at this size: not run, see docs)", "other_s": np.nan,
                 "diff": np.nan, "note": f"flagged {int(tab_big['flagged'].sum())} of 21"}))
    return rows


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ratees", type=int, default=100_000, help="ratees of our runs alone")
    p.add_argument("--mixed", type=int, default=200, help="ratees of the MixedLM comparison")
    p.add_argument("--items-ratees", type=int, default=10_000, help="ratees of the item-design REML")
    p.add_argument("--dif-small", type=int, default=5_000, help="ratees of the OrderedModel comparison")
    p.add_argument("--skip-reml", action="store_true", help="run the DIF part only")
    p.add_argument("--skip-dif", action="store_true", help="run the REML part only")
    args = p.parse_args(argv)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, cpus {os.cpu_count()}")
    print(HEADER, flush=True)
    if not args.skip_reml:
        bench_reml(args.ratees, args.mixed, args.items_ratees)
    if not args.skip_dif:
        bench_dif(args.ratees, args.dif_small)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
