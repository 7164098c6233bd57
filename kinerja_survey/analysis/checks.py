"""The shared kernel of the analysis modules: input checks, integer coding, numeric helpers.

Every statistic module of ``kinerja_survey.analysis`` validates its input and codes its columns
with these functions (as pingouin's ``utils`` serves its statistics modules); no statistic module
borrows another's private helpers.  They are public to the package, not re-exported by
``kinerja_survey.analysis``.

Validation   ``check_frame``, ``check_ids``, ``numeric_column``, ``as_list``, ``as_tuple``,
             ``check_relationships``, ``check_positive_int``, ``check_scale_range``
Coding       ``category_codes``, ``combination_codes``, ``first_rows``, ``first_duplicate``,
             ``item_competency``, ``status_column``
Frames       ``select_relationships``, ``items_in_form_order``, ``form_means``
Numerics     ``group_stats``, ``f_ppf``, ``f_isf``, ``f_sf``
BLAS         ``single_threaded_blas``
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special as _special

from ..frames import RATINGS_COLUMNS, RELATIONSHIPS, analysis_error, check_ratings_frame
from ..i18n import Msg

__all__ = [
    "OTHERS", "as_list", "as_tuple", "category_codes", "check_frame", "check_ids", "check_positive_int",
    "check_relationships", "check_scale_range", "combination_codes", "f_isf", "f_ppf", "f_sf", "first_duplicate",
    "first_rows", "form_means", "group_stats", "item_competency", "items_in_form_order", "numeric_column",
    "select_relationships", "single_threaded_blas", "status_column",
]


# F distribution through scipy.special, as scipy.stats.f does internally (without its overhead)
def f_ppf(q, dfn, dfd):
    """Quantile of the F(dfn, dfd) distribution (``scipy.special.fdtri``, as ``scipy.stats.f.ppf``)."""
    return _special.fdtri(dfn, dfd, q)


def f_isf(q, dfn, dfd):
    """Upper quantile of F(dfn, dfd): the x with P(F > x) = q."""
    return _special.fdtri(dfn, dfd, 1.0 - q)


def f_sf(x, dfn, dfd):
    """Survival function P(F > x) of F(dfn, dfd) (``scipy.special.fdtrc``)."""
    return _special.fdtrc(dfn, dfd, x)


# --------------------------------------------------------------------------------------------
# input checks and integer codes
# --------------------------------------------------------------------------------------------

def as_list(cols) -> list[str]:
    """A column name or a sequence of names as a list (``None`` -> ``[]``)."""
    if isinstance(cols, str):
        return [cols]
    if cols is None:
        return []
    return list(cols)


def check_frame(data, columns: Sequence[str], fn: str) -> pd.DataFrame:
    """Boundary check shared by the public functions.

    A full ratings frame goes through ``check_ratings_frame`` (the package contract); any other
    long frame must hold the named columns with no empty identifiers.
    """
    if not isinstance(data, pd.DataFrame):
        raise analysis_error("an_not_frame", what=f"{fn}: data", got=type(data).__name__)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise analysis_error("col_missing", what=f"{fn}: data", cols=", ".join(map(str, missing)))
    if all(c in data.columns for c in RATINGS_COLUMNS):
        data = check_ratings_frame(data)
    if len(data) == 0:
        raise analysis_error("an_no_rows", fn=fn)
    return data


def check_ids(data: pd.DataFrame, cols: Sequence[str], fn: str) -> None:
    """AnalysisError naming the first row whose identifier in one of ``cols`` is empty."""
    for c in cols:
        na = data[c].isna().to_numpy()
        if na.any():
            row = data.index[np.flatnonzero(na)[0]]
            raise analysis_error("an_cell_empty", fn=fn, row=row, col=c)


def numeric_column(data: pd.DataFrame, col: str, fn: str) -> np.ndarray:
    """The column as float64, NaN for missing; ValueError naming the first non-numeric row."""
    s = data[col]
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    num = pd.to_numeric(s, errors="coerce")
    bad = (num.isna() & s.notna()).to_numpy()
    if bad.any():
        row = data.index[np.flatnonzero(bad)[0]]
        raise analysis_error("an_not_number", fn=fn, row=row, col=col, value=repr(s.loc[row]))
    return num.to_numpy(dtype=np.float64, na_value=np.nan)


def category_codes(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..L-1 of the *used* levels of a column, and the level labels."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy().astype(np.int64)
        cats = s.cat.categories
        used = np.bincount(codes, minlength=len(cats)) > 0
        if used.all():
            return codes, cats
        remap = np.cumsum(used) - 1
        return remap[codes], cats[used]
    if s.dtype.kind in "iu" and len(s):
        arr = s.to_numpy()
        lo, hi = int(arr.min()), int(arr.max())
        if hi - lo <= 4 * len(arr) + 1024:  # small integer ids: counting sort, no hashing
            raw = np.subtract(arr, lo, dtype=np.int64)
            used = np.bincount(raw, minlength=hi - lo + 1) > 0
            labels = np.flatnonzero(used) + lo
            if used.all():
                return raw, pd.Index(labels)
            return (np.cumsum(used) - 1)[raw], pd.Index(labels)
    codes, uniques = pd.factorize(s, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def first_duplicate(key: np.ndarray, size: int) -> int:
    """Position of the first repeated key, or -1; ``size`` bounds the keys (0..size-1)."""
    if size <= 50_000_000 and (len(key) == 0 or np.bincount(key, minlength=size).max() <= 1):
        return -1
    dup = pd.Series(key).duplicated().to_numpy()
    return int(np.flatnonzero(dup)[0]) if dup.any() else -1


def combination_codes(data: pd.DataFrame, cols: Sequence[str]) -> tuple[np.ndarray, int, pd.DataFrame]:
    """Codes of the combinations of ``cols`` and a frame of their labels (one row per level)."""
    cols = list(cols)
    if len(cols) == 1:
        codes, labels = category_codes(data[cols[0]])
        return codes, len(labels), pd.DataFrame({cols[0]: labels})
    key = np.zeros(len(data), dtype=np.int64)
    for c in cols:
        part, labels = category_codes(data[c])
        key = key * len(labels) + part
    codes, _ = pd.factorize(key)
    codes = codes.astype(np.int64)
    first = first_rows(codes)
    labels = data[cols].iloc[first].reset_index(drop=True)
    return codes, len(first), labels


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Row of the first occurrence of each code, for codes numbered in order of appearance."""
    if len(codes) == 0:
        return np.empty(0, dtype=np.int64)
    run_max = np.maximum.accumulate(codes)
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > run_max[:-1]
    return np.flatnonzero(new)


def group_stats(groups: np.ndarray, x: np.ndarray, n_groups: int):
    """Count, mean and within-group sum of squared deviations per group (two-pass, exact)."""
    n = np.bincount(groups, minlength=n_groups).astype(np.float64)
    s = np.bincount(groups, weights=x, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
    dev = x - mean[groups]
    ss = np.bincount(groups, weights=dev * dev, minlength=n_groups)
    return n, mean, ss


def item_competency(i_codes, n_i, c_codes, data, fn, items, competency) -> np.ndarray:
    """The competency code of each item code; AnalysisError naming the first row whose item sits in two competencies."""
    item_comp = np.full(n_i, -1, dtype=np.int64)
    item_comp[i_codes] = c_codes
    if (item_comp[i_codes] != c_codes).any():
        i = np.flatnonzero(item_comp[i_codes] != c_codes)[0]
        raise analysis_error("an_item_in_two", fn=fn, row=data.index[i], items=items, item=repr(data[items].iloc[i]),
                             competency=competency)
    return item_comp


#: The rater groups other than the ratee's own self-rating.
OTHERS = ("supervisor", "peer", "subordinate")


def status_column(mask, text) -> list:
    """``text`` where ``mask`` is true, else ``""`` (an object column: ``np.where`` would turn a Msg into str)."""
    return [text if m else "" for m in np.asarray(mask, dtype=bool)]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def as_tuple(x, name: str) -> tuple:
    """A name or a sequence of names as a tuple (``None`` -> ``()``); AnalysisError for anything else."""
    if x is None:
        return ()
    if isinstance(x, str):
        return (x,)
    try:
        return tuple(x)
    except TypeError:
        raise analysis_error("an_str_or_list", name=name, value=repr(x)) from None


def check_relationships(relationships) -> tuple[str, ...]:
    """The rater groups asked for, as a tuple, each one of ``frames.RELATIONSHIPS`` (at least one)."""
    rel = as_tuple(relationships, "relationships")
    if not rel:
        raise analysis_error("an_name_one", name="relationships", what=", ".join(RELATIONSHIPS))
    bad = [r for r in rel if r not in RELATIONSHIPS]
    if bad:
        raise analysis_error("an_rel_unknown", bad=bad, choices=", ".join(RELATIONSHIPS))
    return rel


def check_positive_int(x, name: str) -> int:
    """``x`` as an int when it is a whole number >= 1 (not a bool), else AnalysisError naming ``name``."""
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or x < 1:
        raise analysis_error("an_positive_int", name=name, value=repr(x))
    return int(x)


def select_relationships(df: pd.DataFrame, relationships: Sequence[str] | None) -> pd.DataFrame:
    """The rows of ``df`` from the rater groups ``relationships`` (all rows for ``None``)."""
    if relationships is None:
        return df
    rel = check_relationships(relationships)
    return df[df["relationship"].isin(rel)]


def items_in_form_order(df: pd.DataFrame) -> list[str]:
    """Items in form order: the categorical order when ``item`` is categorical, else first appearance."""
    col = df["item"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.unique())
        return [c for c in col.cat.categories if c in present]
    return list(pd.unique(col))


def form_means(df: pd.DataFrame) -> pd.DataFrame:
    """Per form (rater x ratee) mean of answered items, with the relationship."""
    g = df.dropna(subset=["rating"]).groupby(["rater", "ratee"], observed=True, sort=False)
    out = g.agg(rating=("rating", "mean"), relationship=("relationship", "first"), n_items=("rating", "size"))
    out = out.reset_index()
    out["relationship"] = out["relationship"].astype(str)
    out["rater"] = out["rater"].astype(str)
    out["ratee"] = out["ratee"].astype(str)
    return out


def single_threaded_blas():
    """A context manager holding BLAS to one thread (threadpoolctl), or a no-op without threadpoolctl.

    The sparse solvers of the rater-effects model and the G-study run many small products, where
    BLAS threads cost more than they give (and compete with the other processes of the server).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it BLAS keeps its default threads
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def check_scale_range(scale) -> tuple[float, float]:
    """The answer scale ``(low, high)`` as two floats with low < high, else AnalysisError."""
    try:
        lo, hi = scale
        lo, hi = float(lo), float(hi)
    except (TypeError, ValueError):
        raise analysis_error("an_scale_pair", value=repr(scale)) from None
    if not lo < hi:
        raise analysis_error("an_scale_order", value=repr(scale))
    return lo, hi


# --------------------------------------------------------------------------------------------
# closing formulas shared by the in-memory and the DuckDB engines
# --------------------------------------------------------------------------------------------

def _icc_from_f(F, k):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.isinf(F), 1.0, (F - 1.0) / (F + k - 1.0))


def oneway_icc_from_sums(a: int, N: int, sum_n2: float, ssb: float, ssw: float, ci: float) -> dict:
    """One-way random-effects ICC(1) and ICC(1,k) from the ANOVA's sufficient statistics.

    ``a`` targets with at least one rating, ``N`` ratings, ``sum_n2`` = :math:`\\sum_i n_i^2`,
    ``ssb``/``ssw`` the between/within sums of squares.  With
    :math:`k_0 = (N - \\sum n_i^2 / N)/(a-1)` and :math:`F = MSB/MSW`:
    :math:`ICC(1) = (F-1)/(F+k_0-1)`, :math:`ICC(1,k) = 1 - 1/F`, limits from the F quantiles on
    :math:`(a-1, N-a)` df (McGraw & Wong 1996, Case 1; Shrout & Fleiss 1979).  Used by
    ``icc.oneway_icc`` (in memory) and ``outofcore`` (sums from SQL), so both give the same row.
    """
    row = {"n_targets": a, "n_ratings": N, "k0": np.nan, "MSB": np.nan, "MSW": np.nan, "F": np.nan,
           "df1": a - 1 if a else 0, "df2": N - a, "pval": np.nan, "ICC1": np.nan, "ICC1_lower": np.nan,
           "ICC1_upper": np.nan, "ICC1k": np.nan, "ICC1k_lower": np.nan, "ICC1k_upper": np.nan, "note": ""}
    if a < 2:
        row["note"] = Msg("analysis.note_few_targets")
        return row
    k0 = (N - sum_n2 / N) / (a - 1)
    row["k0"] = k0
    if N - a < 1:
        row["note"] = Msg("analysis.note_one_rater")
        return row
    msb, msw = ssb / (a - 1), ssw / (N - a)
    row.update(MSB=msb, MSW=msw)
    if msb == 0 and msw == 0:
        row["note"] = Msg("analysis.note_no_variance")
        return row
    df1, df2 = a - 1, N - a
    with np.errstate(divide="ignore"):
        F = msb / msw if msw > 0 else np.inf
    alpha = 1.0 - ci
    f_l = F / f_ppf(1 - alpha / 2, df1, df2)
    f_u = F * f_ppf(1 - alpha / 2, df2, df1)
    row.update(F=F, pval=float(f_sf(F, df1, df2)), ICC1=float(_icc_from_f(F, k0)),
               ICC1_lower=float(_icc_from_f(f_l, k0)), ICC1_upper=float(_icc_from_f(f_u, k0)),
               ICC1k=float(1.0 - 1.0 / F), ICC1k_lower=float(1.0 - 1.0 / f_l), ICC1k_upper=float(1.0 - 1.0 / f_u))
    return row


def alpha_from_cov(k: int, n: int, C: np.ndarray, ci: float) -> dict:
    """Cronbach's alpha and Feldt's interval from an item covariance matrix ``C`` (k x k, n subjects).

    :math:`\\alpha = \\frac{k}{k-1}(1 - \\operatorname{tr} C / \\sum_{ij} C_{ij})`, limits
    :math:`1 - (1-\\alpha) F` on :math:`(n-1, (n-1)(k-1))` df (Cronbach 1951; Feldt, Woodruff &
    Salih 1987).  Used by ``consistency.cronbach_core`` and ``outofcore``.
    """
    row = {"n_subjects": n, "n_items": k, "alpha": np.nan, "CI95_lower": np.nan, "CI95_upper": np.nan}
    if n < 2 or k < 2:
        return row
    total = float(np.nansum(C)) if not np.isnan(C).all() else np.nan
    alpha = (k / (k - 1)) * (1 - float(np.trace(C)) / total) if total else np.nan
    df1 = n - 1
    df2 = df1 * (k - 1)
    a = 1 - ci
    row.update(alpha=alpha, CI95_lower=1 - (1 - alpha) * f_isf(a / 2, df1, df2),
               CI95_upper=1 - (1 - alpha) * f_isf(1 - a / 2, df1, df2))
    return row
