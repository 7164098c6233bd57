"""Benchmark: rater_effects (linear many-facet model) against what an analyst would use instead.

    .venv/bin/python benchmarks/bench_fairness.py            # full run incl. 100,000 ratees
    .venv/bin/python benchmarks/bench_fairness.py --quick    # skip the 100,000-ratee row

Alternatives timed on the same data:
* statsmodels OLS with dummy coding, ``rating ~ C(ratee) + C(rater) + C(item)`` (dense design:
  only feasible for small organisations);
* scipy.sparse.linalg.lsqr on the sparse dummy design matrix (the textbook sparse approach).
Agreement is checked on the estimable contrasts (ratee effect minus the first ratee's effect,
which do not depend on the constraint or coding): max |difference| is printed.
Every method runs with single-threaded BLAS.
Design: ``demo.synthetic_assignments`` (self + supervisor + peers + subordinates, ~9 raters per
ratee, self excluded from the model), 21 BerAKHLAK items, ``demo.simulate_ratings``.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from kinerja_survey.analysis.fairness import rater_effects
from kinerja_survey.demo import simulate_ratings, synthetic_assignments


def data(n, cross=0.0):
    """Ratings for n ratees; ``cross`` = share of peers replaced by a random employee."""
    a = synthetic_assignments(n, seed=1)
    if cross:
        rng = np.random.default_rng(0)
        m = (a.relationship == "peer").to_numpy() & (rng.random(len(a)) < cross)
        a.loc[m, "rater"] = rng.choice(a.rater.unique(), m.sum())
        a = a.drop_duplicates(["rater", "ratee"])
    return simulate_ratings(a, seed=2).ratings


def ours(r):
    t = time.perf_counter()
    fit = rater_effects(r)
    el = time.perf_counter() - t
    fs = fit.ratees.set_index("ratee")["fair_score"]
    return el, fs - fs.iloc[0], fit.iterations, fit.preconditioner


def others_only(r):
    d = r[(r.relationship != "self") & r.rating.notna()]
    return pd.DataFrame({c: d[c].astype(str) for c in ("ratee", "rater", "item")}).assign(rating=d.rating.to_numpy())


def with_statsmodels(r):
    import statsmodels.formula.api as smf

    d = others_only(r)
    t = time.perf_counter()
    res = smf.ols("rating ~ C(ratee) + C(rater) + C(item)", data=d).fit()
    el = time.perf_counter() - t
    ratees = sorted(d.ratee.unique())
    eff = pd.Series([0.0] + [res.params[f"C(ratee)[T.{x}]"] for x in ratees[1:]], index=ratees)
    return el, eff


def with_lsqr(r):
    d = others_only(r)
    t = time.perf_counter()
    j, ratees = pd.factorize(d.ratee, sort=True)
    k, _ = pd.factorize(d.rater, sort=True)
    i, _ = pd.factorize(d["item"], sort=True)
    J, R, I, N = j.max() + 1, k.max() + 1, i.max() + 1, len(d)
    # ratee dummies (all), rater dummies (drop first), item dummies (drop first): full rank if connected
    rows = np.concatenate([np.arange(N)] * 3)
    cols = np.concatenate([j, J + k - 1, J + R - 1 + i - 1])
    keep = np.concatenate([np.ones(N, bool), k > 0, i > 0])
    X = sp.csr_matrix((np.ones(keep.sum()), (rows[keep], cols[keep])), shape=(N, J + R - 1 + I - 1))
    sol = spla.lsqr(X, d.rating.to_numpy(), atol=1e-12, btol=1e-12, iter_lim=100_000)[0]
    el = time.perf_counter() - t
    eff = pd.Series(sol[:J] - sol[0], index=np.asarray(ratees, dtype=str))
    return el, eff


def main():
    # Every method runs with single-threaded BLAS (as rater_effects does internally): on a shared
    # 2-core machine multi-threaded OpenBLAS makes the iterative solvers 10-20x slower.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    quick = "--quick" in sys.argv
    sizes = [(200, 0.0, True, True), (400, 0.0, True, True), (2_000, 0.0, False, True), (10_000, 0.0, False, True),
             (10_000, 1.0, False, True)]
    if not quick:
        sizes += [(100_000, 0.0, False, False), (100_000, 0.002, False, False), (100_000, 1.0, False, False)]
    print("design: local = raters near their own unit (chain-like); x% = that share of peers from anywhere")
    print(f"{'ratees':>8} {'design':>7} {'answers':>11} {'ours s':>8} {'CG it':>9} {'statsmodels s':>14} {'lsqr s':>8} "
          f"{'max|diff|':>10}")
    for n, cross, do_sm, do_lsqr in sizes:
        r = data(n, cross)
        n_ans = int(((r.relationship != "self") & r.rating.notna()).sum())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_ours, eff, it, pre = ours(r)
        t_sm = t_ls = float("nan")
        diffs = []
        if do_sm:
            t_sm, e2 = with_statsmodels(r)
            diffs.append(float(np.abs(eff - e2.reindex(eff.index)).max()))
        if do_lsqr:
            t_ls, e3 = with_lsqr(r)
            diffs.append(float(np.abs(eff - e3.reindex(eff.index)).max()))
        md = max(diffs) if diffs else float("nan")
        design = "local" if not cross else f"{cross:.1%}".replace(".0%", "%")
        print(f"{n:>8,} {design:>7} {n_ans:>11,} {t_ours:>8.2f} {f'{it} {pre}':>9} {t_sm:>14.2f} {t_ls:>8.2f} {md:>10.1e}",
              flush=True)


if __name__ == "__main__":
    main()
