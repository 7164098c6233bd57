"""The long-format *ratings frame* every analysis module takes, and its boundary check.

One row per answer (rater x ratee x item)::

    ratee         str    employee key of the person rated (NIP in the store, any id elsewhere)
    rater         str    employee key of the person rating
    relationship  str    one of RELATIONSHIPS: self / supervisor / peer / subordinate
    competency    str    competency code, e.g. "BER" (Berorientasi Pelayanan)
    item          str    item code, e.g. "BER1"; unique across the instrument
    rating        float  the answer on the instrument scale; NaN = not answered

Extra columns (cycle_id, unit, ...) are allowed and passed through.  ``check_ratings_frame``
validates at the boundary (scikit-learn's ``check_array`` habit) so that inner code can trust
its input; it raises ``AnalysisError`` (a ``ValueError``) naming the offending column or row, in
Bahasa Indonesia unless ``$KINERJA_SURVEY_LANG=en``.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .errors import KinerjaError
from .i18n import Msg


class AnalysisError(KinerjaError, ValueError):
    """Input an analysis function cannot use (a missing column, a bad value, too few data); the
    message names the column or row.  A ``ValueError``, as scikit-learn's checks raise."""


def analysis_error(key: str, /, **fields) -> AnalysisError:
    """An ``AnalysisError`` whose message is the i18n string ``key`` (Bahasa Indonesia unless
    ``$KINERJA_SURVEY_LANG`` asks for English; ``err.message("en")``), formatted with ``fields``::

        raise analysis_error("col_missing", what="icc_nested: data", cols="rating")
    """
    return AnalysisError(key, **fields)


from .roles import RELATIONSHIPS  # noqa: E402 - re-exported: part of the ratings-frame contract
RATINGS_COLUMNS = ("ratee", "rater", "relationship", "competency", "item", "rating")


def check_columns(data, cols: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` unless ``data`` is a DataFrame holding every column in ``cols``."""
    if not isinstance(data, pd.DataFrame):
        raise analysis_error("an_not_frame", what=what, got=type(data).__name__)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise analysis_error("col_missing", what=what, cols=", ".join(map(str, missing)))


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
        raise analysis_error("an_not_frame", what=Msg("an_ratings_frame"), got=type(df).__name__)
    required = tuple(required)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise analysis_error("col_missing", what=Msg("an_ratings_frame"), cols=", ".join(map(str, missing)))
    out = df.copy()
    for col in ("ratee", "rater", "competency", "item"):
        if col in out.columns:
            if out[col].isna().any():
                row = out.index[out[col].isna()][0]
                raise analysis_error("rf_row_empty", row=row, col=col)
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
            raise analysis_error("rf_bad_relationship", row=row, value=repr(df.loc[row, "relationship"]),
                                 choices=", ".join(RELATIONSHIPS))
    if "rating" in out.columns:
        numeric = pd.to_numeric(out["rating"], errors="coerce")
        bad = numeric.isna() & out["rating"].notna()
        if bad.any():
            row = out.index[bad][0]
            raise analysis_error("rf_not_number", row=row, value=repr(df.loc[row, "rating"]))
        out["rating"] = numeric.astype(float)
        if scale is not None:
            lo, hi = scale
            oob = (out["rating"] < lo) | (out["rating"] > hi)
            if oob.any():
                row = out.index[oob][0]
                raise analysis_error("rf_out_of_scale", row=row, value=f"{out.loc[row, 'rating']:g}", lo=f"{lo:g}",
                                     hi=f"{hi:g}")
    if all(c in out.columns for c in ("rater", "ratee", "item")):
        dup = _duplicated_answers(out)
        if dup.any():
            row = out.index[dup][0]
            raise analysis_error("rf_duplicate", row=row, rater=out.loc[row, "rater"], ratee=out.loc[row, "ratee"],
                                 item=out.loc[row, "item"])
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


def _rename_keywords(fn_name: str, kwargs: dict, old_to_new: dict[str, str]) -> None:
    """Move each old keyword in ``kwargs`` to its new name, warning once per old name used."""
    import warnings

    for old, new in old_to_new.items():
        if old in kwargs:
            if new in kwargs:
                raise TypeError(f"{fn_name}() got both {old!r} (old name) and {new!r}")
            warnings.warn(f"{fn_name}(): parameter {old!r} is renamed {new!r}; the old name will be "
                          "removed in the next release", DeprecationWarning, stacklevel=3)
            kwargs[new] = kwargs.pop(old)


def renamed_parameters(**old_to_new: str):
    """Keep old keyword names of a function working for one release, with a ``DeprecationWarning``.

    The analysis functions share one vocabulary (``data`` for the frame; ``targets``, ``raters``,
    ``items``, ``ratings`` for its columns; ``confidence``; ``min_raters`` / ``min_people``)::

        @renamed_parameters(values="ratings", coders="raters")
        def krippendorff_alpha(data, targets="ratee", raters="rater", ratings="rating", ...): ...
    """
    import functools

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            _rename_keywords(fn.__name__, kwargs, old_to_new)
            return fn(*args, **kwargs)

        wrapper.renamed_parameters = dict(old_to_new)
        return wrapper

    return decorate


def ratings_frame_renamed(**old_to_new: str):
    """Like :func:`renamed_parameters`, for functions whose frame parameter was called ``ratings``
    and whose value-column parameter is now called ``ratings`` (it was ``values``).

    A keyword ``ratings=`` is then ambiguous during the deprecation release, so its *type* decides:
    a DataFrame is the old frame parameter (moved to ``data``, with a ``DeprecationWarning``); a
    string is the new value-column name.  ``old_to_new`` are the other renames (``values="ratings"``
    among them), applied after::

        rwg(ratings=df, values="score")   # old call: warns twice, same as rwg(df, ratings="score")
        rwg(df, ratings="score")          # new call
    """
    import functools
    import warnings

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if isinstance(kwargs.get("ratings"), pd.DataFrame):
                if args or "data" in kwargs:
                    raise TypeError(f"{fn.__name__}() got both 'ratings' (old name of the frame) and 'data'")
                warnings.warn(f"{fn.__name__}(): the frame parameter 'ratings' is renamed 'data' ('ratings' now "
                              "names the value column); pass the frame first or as data=", DeprecationWarning,
                              stacklevel=2)
                kwargs["data"] = kwargs.pop("ratings")
            _rename_keywords(fn.__name__, kwargs, old_to_new)
            return fn(*args, **kwargs)

        wrapper.renamed_parameters = {"ratings (DataFrame)": "data", **old_to_new}
        return wrapper

    return decorate
