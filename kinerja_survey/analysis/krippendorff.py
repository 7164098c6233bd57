"""Krippendorff's alpha for 360-degree ratings, with missing data, and its bootstrap.

krippendorff_alpha      nominal / ordinal / interval / ratio alpha from a coincidence matrix
krippendorff_bootstrap  bootstrap CI and P(alpha < .667 / .800) (Hayes & Krippendorff 2007)

The coincidence-level pieces (``value_codes``, ``coincidences``, ``alpha_from_coincidences``,
``kalpha_from_codes``, ``kalpha_bootstrap_from_codes``, ``bootstrap_from_coincidences``,
``bootstrap_row``) are public so that ``reliability_report`` computes alpha for many subsets
from codes it already holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from ..frames import analysis_error, renamed_parameters
from .checks import as_list, check_frame, check_ids, combination_codes, first_duplicate, group_stats, numeric_column

__all__ = [
    "LEVELS", "MAX_BOOT_VALUES", "MAX_VALUES", "alpha_from_coincidences", "bootstrap_from_coincidences",
    "bootstrap_row", "coincidences", "kalpha_bootstrap_from_codes", "kalpha_from_codes", "krippendorff_alpha",
    "krippendorff_bootstrap", "value_codes",
]


LEVELS = ("nominal", "ordinal", "interval", "ratio")

# Krippendorff's alpha: units x values count matrices up to this many cells are dense, larger
# ones sparse; value domains larger than MAX_VALUES use the closed form (interval only).
_DENSE_CELLS = 20_000_000
MAX_VALUES = 3_000
# the bootstrap draws multinomial counts over all V x V value pairs up to this many distinct
# values; above it, unit-size classes with at least _NORMAL_PAIRS pairs use the normal limit of
# the summed disagreements, smaller classes draw their pairs one by one
MAX_BOOT_VALUES = 200
_NORMAL_PAIRS = 10_000


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------------

def value_codes(v: np.ndarray, level: str, fn: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted domain of observed values (v has no missing values)."""
    if v.dtype.kind == "f":
        lo, hi = (float(v.min()), float(v.max())) if len(v) else (0.0, 0.0)
        if hi - lo <= 10_000 and np.array_equal(v, np.floor(v)):
            raw = (v - lo).astype(np.int64)
            used = np.bincount(raw, minlength=int(hi - lo) + 1) > 0
            remap = np.cumsum(used) - 1
            return remap[raw], np.flatnonzero(used).astype(np.float64) + lo
        domain, codes = np.unique(v, return_inverse=True)
        return codes.astype(np.int64), domain
    if level != "nominal":
        raise analysis_error("an_level_numeric", fn=fn, level=level)
    codes, uniques = pd.factorize(v, sort=True)
    return codes.astype(np.int64), np.asarray(uniques)


def _distance(domain: np.ndarray, n_v: np.ndarray, level: str) -> np.ndarray:
    V = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(V)
    if level == "interval":
        diff = domain[:, None] - domain[None, :]
        return diff * diff
    if level == "ratio":
        s = domain[:, None] + domain[None, :]
        diff = domain[:, None] - domain[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(s != 0, diff / np.where(s != 0, s, 1.0), 0.0)
        return r * r
    # ordinal: (sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2 over ranks c <= k
    cs = np.concatenate([[0.0], np.cumsum(n_v)])
    i = np.arange(V)
    lo = np.minimum(i[:, None], i[None, :])
    hi = np.maximum(i[:, None], i[None, :])
    between = cs[hi + 1] - cs[lo]
    d = between - (n_v[:, None] + n_v[None, :]) / 2.0
    return d * d


def coincidences(units: np.ndarray, m: np.ndarray, vcodes: np.ndarray, V: int) -> np.ndarray:
    """Coincidence matrix o (V x V) of pairable units 0..P-1 with m[u] >= 2 values each."""
    P = len(m)
    w = 1.0 / (m - 1.0)
    if P * V <= _DENSE_CELLS:
        counts = np.bincount(units * V + vcodes, minlength=P * V).reshape(P, V).astype(np.float64)
        weighted = counts * w[:, None]
        o = counts.T @ weighted
        o -= np.diag(weighted.sum(axis=0))
        return o
    counts = sparse.csr_matrix((np.ones(len(units)), (units, vcodes)), shape=(P, V), dtype=np.float64)
    weighted = sparse.diags(w) @ counts
    o = np.asarray((counts.T @ weighted).todense())
    o -= np.diag(np.asarray(weighted.sum(axis=0)).ravel())
    return o


def alpha_from_coincidences(o: np.ndarray, domain, level: str) -> float:
    """Krippendorff's alpha from the coincidence matrix over the (sorted) value domain."""
    n_v = o.sum(axis=0)
    n = n_v.sum()
    if len(n_v) < 2 or n < 2:
        return float("nan")
    e = (np.outer(n_v, n_v) - np.diag(n_v)) / (n - 1.0)
    d = _distance(np.asarray(domain, dtype=np.float64) if level != "nominal" else domain, n_v, level)
    de = float((e * d).sum())
    if de == 0:
        return float("nan")
    return float(1.0 - (o * d).sum() / de)


def kalpha_from_codes(units: np.ndarray, n_units: int, vcodes: np.ndarray, domain, level: str) -> float:
    """Krippendorff's alpha from unit codes and value codes (missing values already removed)."""
    m_u = np.bincount(units, minlength=n_units)
    pairable = m_u >= 2
    if not pairable.any():
        return float("nan")
    keep = pairable[units]
    units, vcodes = units[keep], vcodes[keep]
    units = (np.cumsum(pairable) - 1)[units]  # renumber the pairable units 0..P-1
    m = m_u[pairable].astype(np.float64)
    V = len(domain)
    if V > MAX_VALUES:
        if level != "interval":
            raise analysis_error("an_too_many_values", V=V, level=level)
        # closed form of the interval alpha: sum_{c,k} o_ck (c-k)^2 = sum_u 2 m_u SS_u / (m_u - 1)
        # and sum_{c,k} e_ck (c-k)^2 = 2 n SS / (n - 1), SS_u and SS sums of squared deviations
        x = np.asarray(domain, dtype=np.float64)[vcodes]
        _, _, ss_u = group_stats(units, x, len(m))
        num = float((2.0 * m * ss_u / (m - 1.0)).sum())
        n = float(len(x))
        dev = x - x.mean()
        den = 2.0 * n * float(dev @ dev) / (n - 1.0)
        return 1.0 - num / den if den > 0 else float("nan")
    return alpha_from_coincidences(coincidences(units, m, vcodes, V), domain, level)


@renamed_parameters(units="targets", coders="raters", values="ratings")
def krippendorff_alpha(
    data: pd.DataFrame,
    targets: str | Sequence[str] = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    level: str = "interval",
) -> float:
    """Krippendorff's alpha for any number of coders, with missing data.

    Parameters
    ----------
    data : DataFrame
        Long format, one value per (unit, coder); NaN = missing.
    targets : str or list of str
        Column(s) identifying a unit of analysis.  For the item answers of a ratings frame use
        ``targets=["ratee", "item"]``; for scale scores (:func:`scale_scores`) ``"ratee"``.
    raters : str
        Column identifying the coder (rater).
    ratings : str
        Column with the values; numeric except for ``level="nominal"``.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement, which sets the difference function.

    Returns
    -------
    float
        Alpha (1 = perfect agreement, 0 = agreement at chance level); NaN when no unit has two
        values or all values are equal.

    Notes
    -----
    Only *pairable* values count: units with fewer than two values are left out.  With
    :math:`n_{uc}` the number of coders who gave value *c* to unit *u*, :math:`m_u` the values in
    unit *u*, the coincidence matrix is
    :math:`o_{ck} = \\sum_u (n_{uc} n_{uk} - [c=k]\\, n_{uc}) / (m_u - 1)`, computed as one matrix
    product of the (sparse when large) units x values count matrix.  With
    :math:`n_c = \\sum_k o_{ck}`, :math:`n = \\sum_c n_c` and the expected coincidences
    :math:`e_{ck} = (n_c n_k - [c=k] n_c)/(n-1)`:

    .. math:: \\alpha = 1 - \\frac{\\sum_{c,k} o_{ck}\\, \\delta^2_{ck}}{\\sum_{c,k} e_{ck}\\, \\delta^2_{ck}}

    with :math:`\\delta^2` nominal :math:`[c \\ne k]`, ordinal
    :math:`(\\sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2`, interval :math:`(c-k)^2`, ratio
    :math:`((c-k)/(c+k))^2`.  For more than 3,000 distinct values (interval only) the same
    quantity is computed in closed form from within-unit sums of squares.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania. (Worked example with 4 coders x 12 units and
    missing values: nominal .743, ordinal .815, interval .849, ratio .797.)

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rel = [[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    ...        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    ...        [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    ...        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan]]
    >>> df = pd.DataFrame([(u, c, x) for c, row in enumerate(rel) for u, x in enumerate(row)],
    ...                   columns=["unit", "coder", "value"])
    >>> round(krippendorff_alpha(df, "unit", "coder", "value", level="interval"), 3)
    0.849
    """
    parsed = _kripp_inputs(data, targets, raters, ratings, level, "krippendorff_alpha")
    if parsed is None:
        return float("nan")
    return kalpha_from_codes(*parsed, level)


def _kripp_inputs(data, units, coders, values, level, fn):
    """Unit codes, number of units, value codes and value domain (None when no value is present)."""
    if level not in LEVELS:
        raise analysis_error("an_one_of", name=f"{fn}: level", choices=", ".join(LEVELS), value=repr(level))
    unit_cols = as_list(units)
    data = check_frame(data, [*unit_cols, coders, values], fn)
    check_ids(data, [*unit_cols, coders], fn)
    u_codes, n_units, _ = combination_codes(data, unit_cols)
    c_codes, n_coders, _ = combination_codes(data, [coders])
    i = first_duplicate(u_codes * n_coders + c_codes, n_units * n_coders)
    if i >= 0:
        raise analysis_error("an_kripp_twice", fn=fn, row=data.index[i], raters=coders,
                             rater=repr(data[coders].iloc[i]), units=", ".join(map(str, unit_cols)))
    raw = data[values]
    if level == "nominal" and not pd.api.types.is_numeric_dtype(raw.dtype):
        present = raw.notna().to_numpy()
        v = raw.to_numpy(dtype=object)[present]
    else:
        try:
            x = numeric_column(data, values, fn)
        except ValueError as err:
            raise analysis_error("an_level_numeric_text", err=err, level=level) from None
        present = ~np.isnan(x)
        v = x[present]
    if not present.any():
        return None
    vcodes, domain = value_codes(v, level, fn)
    return u_codes[present], n_units, vcodes, domain


def kalpha_bootstrap_from_codes(units, n_units, vcodes, domain, level, n_boot, rng):
    """Bootstrap replicates of alpha (Krippendorff 2006 algorithm), vectorised by unit size."""
    m_u = np.bincount(units, minlength=n_units)
    pairable = m_u >= 2
    if not pairable.any():
        return np.nan, np.full(n_boot, np.nan), 0
    keep = pairable[units]
    u2 = (np.cumsum(pairable) - 1)[units[keep]]
    m = m_u[pairable].astype(np.float64)
    V = len(domain)
    if V > MAX_VALUES:
        raise analysis_error("an_boot_too_many", V=V, max=MAX_VALUES)
    o = coincidences(u2, m, vcodes[keep], V)
    sizes, counts = np.unique(m_u[pairable], return_counts=True)
    order = np.argsort(u2, kind="stable")
    return bootstrap_from_coincidences(o, sizes, counts, domain, level, n_boot, rng, (u2[order], vcodes[keep][order]))


def _pair_sampler(units_sorted: np.ndarray, vcodes_sorted: np.ndarray):
    """Draw pairs of values with probabilities o_ck / n without the V x V table.

    A value is drawn uniformly among the n pairable values, its partner uniformly among the
    other values of the same unit: P(c, k) = sum_u n_uc (n_uk - [c = k]) / (n (m_u - 1)) = o_ck / n.
    """
    m = np.bincount(units_sorted)
    start = np.concatenate([[0], np.cumsum(m)[:-1]])
    s_i, m_i = start[units_sorted], m[units_sorted]
    pos = np.arange(len(units_sorted)) - s_i

    def draw(rng, shape):
        i = rng.integers(0, len(units_sorted), size=shape)
        step = 1 + (rng.random(shape) * (m_i[i] - 1)).astype(np.int64)
        j = s_i[i] + (pos[i] + step) % m_i[i]
        return vcodes_sorted[i], vcodes_sorted[j]

    return draw


def bootstrap_from_coincidences(o, sizes, counts, domain, level, n_boot, rng, unit_values=None):
    """Alpha and its bootstrap replicates from the coincidence matrix and the unit-size histogram."""
    n_v = o.sum(axis=0)
    n = n_v.sum()
    if len(n_v) < 2 or n < 2:
        return np.nan, np.full(n_boot, np.nan), int(n)
    d = _distance(np.asarray(domain, dtype=np.float64) if level != "nominal" else domain, n_v, level)
    e = (np.outer(n_v, n_v) - np.diag(n_v)) / (n - 1.0)
    de = float((e * d).sum())
    if de == 0:
        return np.nan, np.full(n_boot, np.nan), int(n)
    alpha = 1.0 - float((o * d).sum()) / de
    p = np.clip((o / n).ravel(), 0.0, None)
    p /= p.sum()
    dflat = d.ravel()
    mu = float(p @ dflat)
    sd = float(np.sqrt(max(p @ (dflat * dflat) - mu * mu, 0.0)))
    dev = np.zeros(n_boot)
    sampler = None
    for size, count in zip(sizes, counts, strict=True):
        if size < 2 or count == 0:
            continue
        n_pairs = int(count) * int(size) * (int(size) - 1) // 2  # pairs drawn for units of this size
        if len(n_v) <= MAX_BOOT_VALUES:
            draws = rng.multinomial(n_pairs, p, size=n_boot)       # (n_boot, V*V) pair counts
            total = draws @ dflat
        elif n_pairs >= _NORMAL_PAIRS or unit_values is None:
            # sum of n_pairs i.i.d. pair disagreements: its normal limit (many values, many pairs)
            total = rng.normal(n_pairs * mu, np.sqrt(n_pairs) * sd, size=n_boot)
        else:
            # pair by pair, in chunks of replicates of about 4 million draws
            if sampler is None:
                sampler = _pair_sampler(*unit_values)
            draw = sampler
            total = np.empty(n_boot)
            step = max(1, 4_000_000 // n_pairs)
            for b0 in range(0, n_boot, step):
                b1 = min(n_boot, b0 + step)
                c, k = draw(rng, (b1 - b0, n_pairs))
                total[b0:b1] = d[c, k].sum(axis=1)
        dev += (2.0 / (size - 1.0)) * total
    boot = np.clip(1.0 - dev / de, -1.0, 1.0)
    return alpha, boot, int(n)


@renamed_parameters(units="targets", coders="raters", values="ratings", ci="confidence")
def krippendorff_bootstrap(
    data: pd.DataFrame,
    targets: str | Sequence[str] = "ratee",
    raters: str = "rater",
    ratings: str = "rating",
    level: str = "interval",
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    min_alpha: Sequence[float] = (0.667, 0.800),
    random_state=None,
    return_replicates: bool = False,
):
    """Bootstrap confidence interval of Krippendorff's alpha (Hayes & Krippendorff 2007).

    Parameters
    ----------
    data, targets, raters, ratings, level
        As for :func:`krippendorff_alpha`.
    n_boot : int
        Bootstrap replicates (Hayes & Krippendorff recommend 1,000 or more; default 1000).
    confidence : float
        Level of the percentile interval (default .95).
    min_alpha : sequence of float
        Smallest acceptable alphas; for each, the share of replicates below it is returned
        (Krippendorff 2004: .800 for firm conclusions, .667 for tentative ones).
    random_state : int, numpy Generator or None
        Seed of the resampling; the same seed gives the same result.
    return_replicates : bool
        Also return the ``n_boot`` replicates (an array), as ``(table, replicates)``.

    Returns
    -------
    DataFrame
        One row: ``alpha`` (the point estimate, equal to :func:`krippendorff_alpha`),
        ``CI_lower``, ``CI_upper``, ``n_boot``, ``n_pairable`` (values in pairable units) and
        ``p_below_<min>`` per ``min_alpha`` (e.g. ``p_below_0.667``).

    Notes
    -----
    Krippendorff's (2006) algorithm, as in the KALPHA macro of Hayes & Krippendorff (2007):
    the expected disagreement :math:`D_e` is held fixed and the observed disagreement is
    resampled.  For each pairable unit *u* with :math:`m_u` values, :math:`m_u(m_u-1)/2` pairs of
    values (c, k) are drawn with replacement with probabilities :math:`o_{ck}/n` from the
    coincidence matrix, each contributing :math:`2\\delta^2_{ck}/(m_u - 1)`, and

    .. math:: \\alpha^*_b = 1 - \\frac{\\sum_{\\text{draws}} 2\\delta^2_{ck}/(m_u-1)}{n\\,D_e}

    so that :math:`E[\\alpha^*] = \\alpha`.  Units of equal size are drawn together (one
    multinomial draw over the :math:`V^2` value pairs per unit size and replicate, which has the
    same distribution as drawing the pairs one by one), so the cost does not grow with the
    number of units.  With more than 200 distinct values (e.g. means of several items) a
    unit-size class with at least 10,000 pairs instead draws the sum of its pair disagreements
    from its normal limit (the sum of that many i.i.d. draws; central limit theorem), and a
    smaller class draws its pairs one by one.  Replicates are kept within [-1, 1].
    The interval is the percentile interval of the replicates; ``p_below_x`` is the share of
    replicates below *x*, the probability of failing to reach that minimum.

    References
    ----------
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. Communication Methods and Measures, 1(1), 77-89.
    Krippendorff, K. (2006). Bootstrapping distributions for Krippendorff's alpha.
    Annenberg School for Communication, University of Pennsylvania.
    Krippendorff, K. (2004). Content analysis: an introduction to its methodology (2nd ed.).
    Sage (p. 241: the .800 / .667 standards).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rel = [[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    ...        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    ...        [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    ...        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan]]
    >>> df = pd.DataFrame([(u, c, x) for c, row in enumerate(rel) for u, x in enumerate(row)],
    ...                   columns=["unit", "coder", "value"])
    >>> b = krippendorff_bootstrap(df, "unit", "coder", "value", random_state=1).iloc[0]
    >>> round(float(b["alpha"]), 3), bool(b["CI_lower"] < b["alpha"] < b["CI_upper"])
    (0.849, True)
    """
    fn = "krippendorff_bootstrap"
    if not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or n_boot < 1:
        raise analysis_error("an_positive_int", name=f"{fn}: n_boot", value=repr(n_boot))
    if not 0 < float(confidence) < 1:
        raise analysis_error("an_between_0_1", name=f"{fn}: confidence", value=repr(confidence))
    mins = [float(v) for v in np.atleast_1d(np.asarray(min_alpha, dtype=float))]
    rng = np.random.default_rng(random_state)
    parsed = _kripp_inputs(data, targets, raters, ratings, level, fn)
    if parsed is None:
        alpha, boot, n_pairable = np.nan, np.full(n_boot, np.nan), 0
    else:
        alpha, boot, n_pairable = kalpha_bootstrap_from_codes(*parsed, level, int(n_boot), rng)
    table = bootstrap_row(alpha, boot, n_pairable, confidence, mins)
    return (table, boot) if return_replicates else table


def bootstrap_row(alpha, boot, n_pairable, ci, mins) -> pd.DataFrame:
    """The one-row result of :func:`krippendorff_bootstrap`: alpha, the percentile CI of ``boot`` at
    level ``ci``, and P(alpha < each of ``mins``) among the replicates."""
    a = 1.0 - float(ci)
    ok = ~np.isnan(boot)
    lo, hi = (np.quantile(boot[ok], [a / 2, 1 - a / 2]) if ok.any() else (np.nan, np.nan))
    row = {"alpha": alpha, "CI_lower": float(lo), "CI_upper": float(hi), "n_boot": len(boot),
           "n_pairable": n_pairable}
    for v in mins:
        row[f"p_below_{v:g}"] = float((boot[ok] < v).mean()) if ok.any() else np.nan
    return pd.DataFrame([row])
