"""Statistics of a national pool of agencies, on per-ratee tables (one row per person, so they fit
in memory whatever the number of answers): group differences with effect sizes within and across
agencies, the kurva distribusi per agency, predikat distributions side by side, and a generator of
synthetic agency files for tests and benchmarks.

The answers themselves are aggregated out of core (``analysis.outofcore``); what comes here is
the ratee table (``DuckEngine.scores`` with the ratee's attributes joined).

Small groups are hidden: no row is returned for a group (or an agency) with fewer than
``min_people`` ratees, nor a contrast whose other side is that small.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..frames import analysis_error, check_columns
from ..vocab import PREDIKAT_LABELS
from .predikat import check_distribution

#: attributes of the ratee compared between groups (columns of the national file)
GROUP_ATTRIBUTES = ("ratee_gender", "ratee_golongan", "ratee_jenis_jabatan")


def hedges_g(x: np.ndarray, y: np.ndarray) -> float:
    """Hedges' g of ``x`` against ``y``: Cohen's d with the pooled SD times
    :math:`J = 1 - 3 / (4(n_x + n_y) - 9)` (Hedges & Olkin 1985, eq. 5.10)."""
    nx, ny = len(x), len(y)
    if nx < 2 or ny < 2:
        return np.nan
    sp = np.sqrt(((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / (nx + ny - 2))
    if sp == 0:
        return np.nan
    return float((x.mean() - y.mean()) / sp * (1 - 3 / (4 * (nx + ny) - 9)))


def holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values (Holm 1979), NaN left out."""
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if len(ok) == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    adj = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out[order] = adj
    return out


def group_contrasts(data: pd.DataFrame, attributes=GROUP_ATTRIBUTES, *, value: str = "combined",
                    by: str = "agency", min_people: int = 5, alpha: float = 0.05,
                    min_effect: float = 0.2) -> pd.DataFrame:
    """Each group of each attribute against the rest, within every agency and across agencies.

    Parameters
    ----------
    data : DataFrame
        One row per ratee: ``by``, ``value`` and the ``attributes``.
    attributes : iterable of str
        Ratee attributes (gender, golongan, jenis jabatan).
    value : str
        The score compared (the combined score).
    by : str
        The agency column.  *Across* agencies (``scope == "nasional"``) the values are centred on
        their agency's mean first, so that differences between agencies do not pass for
        differences between groups.
    min_people : int
        Groups (and their rest) with fewer ratees are not shown.
    alpha, min_effect : float
        ``flag`` marks a contrast with Holm-adjusted p below ``alpha`` (over every row of the
        attribute) and ``|g| >= min_effect``.

    Returns
    -------
    DataFrame
        ``scope`` (the agency, or ``"nasional"``), ``attribute``, ``group``, ``n``, ``mean``,
        ``sd``, ``n_rest``, ``mean_rest``, ``diff``, ``g`` (Hedges' g, group minus rest), ``p``
        (Welch's t-test), ``p_holm``, ``flag``.

    References
    ----------
    Hedges, L. V., & Olkin, I. (1985). Statistical methods for meta-analysis. Academic Press.
    Welch, B. L. (1947). Biometrika, 34, 28-35.  Holm, S. (1979). Scand. J. Statist., 6, 65-70.
    """
    check_columns(data, [by, value, *attributes], "group_contrasts")
    rows = []
    df = data[data[value].notna()]
    centred = df[value] - df.groupby(by, observed=True)[value].transform("mean")
    for attr in attributes:
        part = []
        sub = df[df[attr].notna() & (df[attr].astype(str) != "")]
        scopes = [(str(a), g[value].to_numpy(float), g[attr].astype(str).to_numpy())
                  for a, g in sub.groupby(by, sort=True, observed=True)]
        scopes.append(("nasional", centred.loc[sub.index].to_numpy(float), sub[attr].astype(str).to_numpy()))
        for scope, v, labels in scopes:
            for level in sorted(set(labels)):
                x, y = v[labels == level], v[labels != level]
                if len(x) < min_people or len(y) < min_people:
                    continue  # hidden: too few people on one side
                p = float(stats.ttest_ind(x, y, equal_var=False).pvalue) if x.std() + y.std() > 0 else np.nan
                part.append({"scope": scope, "attribute": attr, "group": level, "n": len(x), "mean": x.mean(),
                             "sd": x.std(ddof=1), "n_rest": len(y), "mean_rest": y.mean(), "diff": x.mean() - y.mean(),
                             "g": hedges_g(x, y), "p": p})
        if part:
            frame = pd.DataFrame(part)
            frame["p_holm"] = holm(frame["p"].to_numpy(float))
            frame["flag"] = (frame["p_holm"] < alpha) & (frame["g"].abs() >= min_effect)
            rows.append(frame)
    cols = ["scope", "attribute", "group", "n", "mean", "sd", "n_rest", "mean_rest", "diff", "g", "p", "p_holm", "flag"]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=cols)


def predikat_distributions(data: pd.DataFrame, *, by: str = "agency", predikat: str = "predikat",
                           min_people: int = 5) -> pd.DataFrame:
    """Counts and shares of each predikat per agency, side by side (agencies with fewer than
    ``min_people`` ratees with a predikat are not shown)."""
    check_columns(data, [by, predikat], "predikat_distributions")
    sub = data[data[predikat].notna()]
    counts = pd.crosstab(sub[by], sub[predikat].astype(str)).reindex(columns=list(PREDIKAT_LABELS), fill_value=0)
    total = counts.sum(axis=1)
    counts = counts[total >= min_people]
    total = total[total >= min_people]
    shares = counts.div(total, axis=0).add_prefix("share_")
    out = pd.concat([counts.add_prefix("n_"), shares], axis=1)
    out.insert(0, "n", total)
    return out.reset_index()


def kurva_by_agency(data: pd.DataFrame, *, by: str = "agency", predikat: str = "predikat",
                    org: str = "predikat_organisasi", min_people: int = 5) -> pd.DataFrame:
    """Whether each agency's predikat follow the kurva distribusi of its organisation predikat
    (``predikat.check_distribution``): ``n``, ``memenuhi`` (no rule broken) and the broken rules."""
    check_columns(data, [by, predikat, org], "kurva_by_agency")
    rows = []
    for agency, g in data[data[predikat].notna()].groupby(by, sort=True, observed=True):
        orgs = g[org].dropna().astype(str)
        if len(g) < min_people or orgs.empty:
            continue
        broken = check_distribution(g[predikat], orgs.iloc[0])
        rows.append({by: agency, "predikat_organisasi": orgs.iloc[0], "n": len(g), "satisfied": broken.empty,
                     "message": "; ".join(str(m) for m in broken["message"])})
    return pd.DataFrame(rows, columns=[by, "predikat_organisasi", "n", "satisfied", "message"])


def simulate_pool(n_agencies: int, *, median_ratees: int = 400, raters: int = 9, seed: int = 0,
                  gender_effect: float = 0.0, missing_rate: float = 0.03, sizes=None):
    """Synthetic agency files in the layout of the national file (``cycle.national``), one
    DataFrame per agency, yielded one at a time.

    Each ratee has one self, one supervisor, peers and subordinates (``raters`` in all, shared
    within the agency); answers are ``round(3.7 + person + leniency + item + noise)`` clipped to
    1-5.  ``gender_effect`` adds that much to every answer about a woman (``ratee_gender == "P"``):
    a planted group difference.  Sizes are lognormal around ``median_ratees`` (at least 20).
    """
    rng = np.random.default_rng(seed)
    if sizes is None:
        sizes = np.maximum(20, rng.lognormal(np.log(median_ratees), 0.6, n_agencies).astype(int))
    items = [(c, f"{c}{k}") for c in ("BER", "AKU", "KOM", "HAR", "LOY", "ADA", "KOL") for k in (1, 2, 3)]
    comp = np.array([c for c, _ in items])
    item = np.array([i for _, i in items])
    ease = rng.normal(0, 0.15, len(items))
    labels = np.array(PREDIKAT_LABELS)
    for a, n in enumerate(sizes):
        n = int(n)
        gender = rng.choice(["L", "P"], n)
        gol = rng.choice(["II", "III", "IV"], n, p=[0.2, 0.6, 0.2])
        jenis = rng.choice(["struktural", "fungsional", "pelaksana"], n, p=[0.15, 0.45, 0.4])
        true = rng.normal(0, 0.45, n) + gender_effect * (gender == "P")
        lenient = rng.normal(0, 0.35, n)
        rel_rows = [(np.arange(n), np.arange(n), "self"), (np.arange(n), (np.arange(n) // 8 * 8 + 8) % n, "supervisor")]
        for kind, k, off in (("peer", raters - 5, 1), ("subordinate", 3, 24)):
            t = np.repeat(np.arange(n), k)
            rel_rows.append((t, (t + off + np.tile(np.arange(k), n) * 7) % n, kind))
        ratee = np.concatenate([r[0] for r in rel_rows])
        rater = np.concatenate([r[1] for r in rel_rows])
        rel = np.concatenate([np.full(len(r[0]), r[2]) for r in rel_rows])
        keep = (rater != ratee) | (rel == "self")
        pair = pd.DataFrame({"t": ratee[keep], "r": rater[keep], "rel": rel[keep]}).drop_duplicates(["t", "r"])
        t, r = pair["t"].to_numpy(), pair["r"].to_numpy()
        m = len(pair) * len(items)
        x = (3.7 + np.repeat(true[t] + lenient[r], len(items)) + np.tile(ease, len(pair))
             + rng.normal(0, 0.5, m))
        x = np.clip(np.round(x), 1, 5)
        x[rng.random(m) < missing_rate] = np.nan
        code = f"K{a:04d}"
        ids = np.array([f"{code}-{i:06d}" for i in range(n)])
        units = rng.integers(0, max(1, n // 25), n)
        pred = labels[np.clip(np.round(1.5 - 2 * true + rng.normal(0, 0.6, n)), 0, 4).astype(int)]
        rt = np.repeat(t, len(items))
        yield code, pd.DataFrame({
            "agency": code, "period": "2026",
            "ratee": ids[rt], "rater": ids[np.repeat(r, len(items))],
            "relationship": np.repeat(pair["rel"].to_numpy(), len(items)),
            "competency": np.tile(comp, len(pair)), "item": np.tile(item, len(pair)), "rating": x,
            "ratee_unit": np.array([f"U{u:03d}" for u in units])[rt], "ratee_level": 3,
            "ratee_jenis_jabatan": jenis[rt], "ratee_golongan": gol[rt], "ratee_gender": gender[rt],
            "predikat": pred[rt], "predikat_organisasi": "Baik",
        })


def check_min_people(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise analysis_error("an_positive_int", name="min_people", value=repr(value))
    return int(value)

