"""The long-format *ratings frame* every analysis module takes, and its boundary check.

One row per answer (rater x ratee x item)::

    ratee         str    employee key of the person rated (NIP in the store, any id elsewhere)
    rater         str    employee key of the person rating
    relationship  str    one of RELATIONSHIPS: self / supervisor / peer / subordinate / stakeholder
                         (stakeholder: a person outside the roster, "pemangku kepentingan")
    competency    str    competency code, e.g. "BER" (Berorientasi Pelayanan)
    item          str    item code, e.g. "BER1"; unique across the instrument
    rating        float  the answer on the instrument scale; NaN = not answered

Extra columns (cycle_id, unit, ...) are allowed and passed through.  ``check_ratings_frame``
validates at the boundary (scikit-learn's ``check_array`` habit) so that inner code can trust
its input; it raises ``ValueError`` naming the offending column or row.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate", "stakeholder")
RATINGS_COLUMNS = ("ratee", "rater", "relationship", "competency", "item", "rating")


def check_columns(data, cols: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` unless ``data`` is a DataFrame holding every column in ``cols``."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"{what} harus berupa pandas DataFrame, diterima {type(data).__name__}")
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ValueError(f"{what} tidak memuat kolom: {', '.join(map(str, missing))}")


def check_ratings_frame(
    df: pd.DataFrame,
    *,
    scale: tuple[float, float] | None = None,
    required: Iterable[str] = RATINGS_COLUMNS,
) -> pd.DataFrame:
    """Validate a ratings frame and return it with canonical dtypes (a copy).

    Parameters
    ----------
    df : DataFrame
        Long-format ratings, see the module docstring.
    scale : (low, high), optional
        When given, every non-missing rating must lie in ``[low, high]``.
    required : columns that must be present.

    Raises
    ------
    ValueError
        Missing column, unknown relationship, non-numeric or out-of-range rating, or the same
        (rater, ratee, item) answered twice.  The message names the first offending row.
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"expected a pandas DataFrame, got {type(df).__name__}")
    required = tuple(required)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"ratings frame lacks column(s): {', '.join(missing)}")
    out = df.copy()
    for col in ("ratee", "rater", "competency", "item"):
        if col in out.columns:
            if out[col].isna().any():
                row = out.index[out[col].isna()][0]
                raise ValueError(f"ratings frame row {row}: column '{col}' is empty")
            if isinstance(out[col].dtype, pd.CategoricalDtype):
                out[col] = out[col].cat.rename_categories(out[col].cat.categories.astype(str))
            else:
                out[col] = out[col].astype(str)
    if "relationship" in out.columns:
        rel = out["relationship"]
        if isinstance(rel.dtype, pd.CategoricalDtype):
            clean = rel.cat.categories.astype(str).str.strip().str.lower()
            if clean.is_unique:
                rel = rel.cat.rename_categories(clean)
            else:  # "peer" and "Peer " both present: merge them
                rel = rel.map(dict(zip(rel.cat.categories, clean))).astype(str).astype("category")
        else:
            rel = rel.astype(str).str.strip().str.lower()
        out["relationship"] = rel
        bad = ~rel.isin(RELATIONSHIPS)
        if bad.any():
            row = out.index[bad][0]
            raise ValueError(
                f"ratings frame row {row}: relationship {df.loc[row, 'relationship']!r} is not one of "
                f"{', '.join(RELATIONSHIPS)}"
            )
    if "rating" in out.columns:
        numeric = pd.to_numeric(out["rating"], errors="coerce")
        bad = numeric.isna() & out["rating"].notna()
        if bad.any():
            row = out.index[bad][0]
            raise ValueError(f"ratings frame row {row}: rating {df.loc[row, 'rating']!r} is not a number")
        out["rating"] = numeric.astype(float)
        if scale is not None:
            lo, hi = scale
            oob = (out["rating"] < lo) | (out["rating"] > hi)
            if oob.any():
                row = out.index[oob][0]
                raise ValueError(
                    f"ratings frame row {row}: rating {out.loc[row, 'rating']:g} is outside the scale {lo:g}-{hi:g}"
                )
    if all(c in out.columns for c in ("rater", "ratee", "item")):
        dup = _duplicated_answers(out)
        if dup.any():
            row = out.index[dup][0]
            raise ValueError(
                f"ratings frame row {row}: rater {out.loc[row, 'rater']} already rated "
                f"{out.loc[row, 'ratee']} on item {out.loc[row, 'item']}"
            )
    return out


def _codes(col: pd.Series) -> tuple[np.ndarray, int]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy(dtype=np.int64), len(col.cat.categories)
    codes, uniques = pd.factorize(col)
    return codes.astype(np.int64), len(uniques)


def _duplicated_answers(df: pd.DataFrame) -> np.ndarray:
    """Rows repeating an earlier (rater, ratee, item), from the columns' integer codes.

    The (rater, ratee) pairs are factorised, so ``pair * n_items + item`` is a dense key and one
    ``bincount`` says whether any answer repeats; only then are the repeating rows located.  About
    ten times faster than ``DataFrame.duplicated`` over three categorical columns.
    """
    (rater, n_rater), (ratee, n_ratee), (item, n_item) = (_codes(df[c]) for c in ("rater", "ratee", "item"))
    if n_rater * n_ratee >= 2**62:  # pair keys would overflow: let pandas do it
        return df.duplicated(["rater", "ratee", "item"]).to_numpy()
    pair, pairs = pd.factorize(rater * n_ratee + ratee)
    key = pair.astype(np.int64) * n_item + item
    if len(key) == 0 or np.bincount(key, minlength=len(pairs) * n_item).max() <= 1:
        return np.zeros(len(key), dtype=bool)
    return pd.Index(key).duplicated()


def wide_by_item(df: pd.DataFrame, index: str = "rater", columns: str = "item") -> pd.DataFrame:
    """Pivot a checked ratings frame to wide form (e.g. raters x items), NaN where unanswered."""
    return df.pivot_table(index=index, columns=columns, values="rating", aggfunc="first", dropna=False)
