"""Excel export of a cycle's results: scores, group means, reliability, fairness, response rates.

One workbook, one sheet per table, written by :func:`write_workbook`; the tables of a cycle come
from ``kinerja_survey.cycle`` (``analysis_tables``, ``fairness_tables``)::

    results = cycle.load_results(store, cycle_id)
    cycle.export_workbook(results, "hasil.xlsx")                      # for HR analysts
    cycle.export_workbook(results, "rapat.xlsx", meeting_mode=True)   # for a meeting: no NIP, no name

Sheets (Bahasa Indonesia names): ``skor`` (``scoring.score_cycle`` with hasil kerja and predikat,
plus name/jabatan/unit), ``rerata_kelompok`` (``scoring.combined_scores``: the *displayed*
group means per ratee x competency, groups under the anonymity threshold blank -- the raw
``group_means`` table without thresholds is deliberately not exported), ``reliabilitas_*`` (each
table of ``reliability.reliability_report``, e.g. ``reliabilitas_g_study_reml`` (REML beside method
III), ``reliabilitas_g_study_items``/``_d_study_items``, ``reliabilitas_omega_hierarchical``/
``_omega_loadings``), ``keadilan_*`` (each table of ``fairness.fairness_report``, e.g.
``keadilan_item_bias``: DIF per item and group), ``respons_unit`` and ``respons_pegawai`` (``Store.response_rates``).

Meeting mode (``meeting_mode=True``) replaces every NIP -- in any cell, column name or index,
also inside longer texts -- by ``nip.pseudonymise(nip, secret)`` and drops the name columns
(``nama``).  A NIP is personal data (UU 27/2022: it encodes birth date and gender).  The secret
comes from the ``secret`` argument, ``$KINERJA_SURVEY_PSEUDONYM_SECRET`` or the installation's own
key (``pseudonym_secret``); with a secret the codes cannot be recomputed from a list of NIPs, and the same secret gives the same codes across
exports (so a meeting can follow one person across sheets and cycles).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..collect.nip import pseudonymise
from ..errors import KinerjaError
from .labels import data_dictionary, displayed, labelled

PSEUDONYM_SECRET_ENV = "KINERJA_SURVEY_PSEUDONYM_SECRET"
#: Columns holding personal names: dropped in meeting mode.
NAME_COLUMNS = ("nama", "name", "nama_pegawai", "nama_penilai")


class ExportError(KinerjaError, ValueError):
    """Tables that cannot be written as asked."""
_NIP_RUN = re.compile(r"(?<!\d)\d{18}(?!\d)")
_MAX_SHEET = 31


SECRET_FILE_ENV = "KINERJA_SURVEY_SECRET_FILE"


def pseudonym_secret(secret: str | None = None) -> str:
    """The pseudonymisation key: ``secret`` if given, else ``$KINERJA_SURVEY_PSEUDONYM_SECRET``,
    else this installation's own key.

    The installation key is made once with ``secrets`` and kept (mode 600) in
    ``~/.config/kinerja-survey/pseudonym-secret`` (``$KINERJA_SURVEY_SECRET_FILE`` overrides), so
    codes are stable across runs on one server but cannot be recomputed from a list of NIPs
    elsewhere.  Several servers that must show the same codes share the environment variable.
    """
    if secret is not None:
        return secret
    if os.environ.get(PSEUDONYM_SECRET_ENV):
        return os.environ[PSEUDONYM_SECRET_ENV]
    path = Path(os.environ.get(SECRET_FILE_ENV) or Path.home() / ".config" / "kinerja-survey" / "pseudonym-secret")
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    try:  # O_EXCL: when two processes race, the first key written wins and both use it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the winner may not have written its key yet
            key = path.read_text(encoding="ascii").strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty: delete it to make a new pseudonymisation key") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def _replace_value(v, mapping: dict, secret: str):
    if isinstance(v, str):
        if v in mapping:
            return mapping[v]
        if _NIP_RUN.search(v):
            return _NIP_RUN.sub(lambda m: mapping.get(m.group(0)) or pseudonymise(m.group(0), secret), v)
        return v
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool) and 10 ** 17 <= abs(int(v)) < 10 ** 18:
        s = str(int(v))
        return mapping.get(s) or pseudonymise(s, secret)
    return v


def pseudonymise_frame(
    df: pd.DataFrame,
    nips: Iterable[str] = (),
    *,
    secret: str | None = None,
    drop: Iterable[str] = NAME_COLUMNS,
) -> pd.DataFrame:
    """A copy of ``df`` fit for a meeting: NIPs pseudonymised everywhere, name columns dropped.

    Every cell, column label and index label equal to one of ``nips``, and every run of exactly
    18 digits inside a text (any NIP, listed or not), becomes ``pseudonymise(nip, secret)``;
    18-digit integers (a NIP read as a number) too.  The index is kept as columns if it is not a
    plain range.

    Parameters
    ----------
    df : DataFrame
    nips : iterable of str
        Known NIPs (e.g. the roster's); matched exactly.
    secret : str, optional
        Pseudonymisation key (default ``$KINERJA_SURVEY_PSEUDONYM_SECRET``).
    drop : iterable of str
        Columns removed (default the name columns).

    Raises
    ------
    ValueError
        ``df`` is not a DataFrame.
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"expected a pandas DataFrame, got {type(df).__name__}")
    secret = pseudonym_secret(secret)
    mapping = {str(n): pseudonymise(str(n), secret) for n in nips}
    out = df.copy()
    if not isinstance(out.index, pd.RangeIndex):
        out = out.reset_index()
    lower = {str(c).lower() for c in drop}
    out = out[[c for c in out.columns if str(c).lower() not in lower]]
    out.columns = [_replace_value(c, mapping, secret) if not isinstance(c, tuple)
                   else tuple(_replace_value(x, mapping, secret) for x in c) for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype) or pd.api.types.is_integer_dtype(col.dtype):
            values = [_replace_value(v, mapping, secret) for v in col.tolist()]
            out.isetitem(i, pd.Series(values, index=out.index, dtype=object))
    return out


# --- formula injection -----------------------------------------------------------------------------

#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection":
#: =, +, -, @, tab, carriage return; the full-width forms are read the same way by some
#: spreadsheet programs).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value) -> bool:
    """Whether a text would be read as a formula by a spreadsheet (leading spaces ignored)."""
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES)


def neutralise(value):
    """A text cell made inert for CSV: a leading apostrophe before a formula prefix (OWASP).
    Numbers and other texts are returned unchanged.

    >>> neutralise("=1+2"), neutralise("-"), neutralise(-3), neutralise("Budi")
    ("'=1+2", "'-", -3, 'Budi')
    """
    return "'" + value if is_formula_like(value) else value


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every formula-like text cell, column label and index label
    neutralised (:func:`neutralise`): what every CSV writer writes."""
    out = df.copy()
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    if out.index.dtype == object:
        out.index = [neutralise(v) for v in out.index]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype) or isinstance(col.dtype, pd.CategoricalDtype):
            values = col.astype(object).tolist()
            if any(is_formula_like(v) for v in values):
                out.isetitem(i, pd.Series([neutralise(v) for v in values], index=out.index, dtype=object))
    return out


def write_csv(df: pd.DataFrame, path=None, **kwargs):
    """``df.to_csv`` with formula-like texts neutralised (:func:`neutralised`); ``path=None``
    returns the text.  Lines end in CRLF (RFC 4180), so that a carriage return inside a text is
    quoted instead of splitting the row."""
    kwargs.setdefault("lineterminator", "\r\n")
    return neutralised(df).to_csv(path, **kwargs)


def neutral_cells(ws) -> None:
    """Every formula-like text of a written openpyxl sheet becomes a literal text cell (Excel's
    own quote prefix: shown as typed, never evaluated).  Every XLSX writer of the package calls it
    on every sheet (:func:`write_workbook`, :func:`write_sheets`)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def write_sheets(path, sheets: Mapping[str, pd.DataFrame], *, min_width: int = 12, max_width: int = 70) -> Path:
    """The one plain XLSX writer: DataFrames written as they are (no label map, no dictionary),
    one sheet each, every formula-like text a literal text cell (:func:`neutral_cells`) and
    columns sized to their content.  For documents laid out by their writer (the berita acara);
    tables of results go through :func:`write_workbook`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, table in sheets.items():
            table.to_excel(xw, sheet_name=name, index=False)
        for ws in xw.book.worksheets:
            neutral_cells(ws)
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col)
                ws.column_dimensions[col[0].column_letter].width = min(max(min_width, width + 2), max_width)
    return path


# --- meeting mode ---------------------------------------------------------------------------------

#: Columns that, with a unit, single people out: dropped in meeting mode.
QUASI_IDENTIFIERS = ("jabatan", "jenis_jabatan", "golongan", "golongan_ruang", "jenis_kelamin", "gender", "tanggal_lahir",
                     "eselon", "atasan_nip")
#: Columns naming a rater: a table with one is per-rater and is left out in meeting mode.
RATER_COLUMNS = ("rater", "penilai")
#: Columns naming a person: a table with one has a row per person.
PERSON_COLUMNS = ("ratee", "nip", "kode")
HIDDEN_UNIT = "(disembunyikan)"


def coarsen_units(units: pd.Series, k: int) -> pd.Series:
    """Unit paths cut to a parent until every value stands for at least ``k`` rows.

    A unit with fewer than ``k`` rows is replaced by its parent (``"A / B / C"`` -> ``"A / B"``),
    repeatedly; a top-level unit still under ``k`` becomes ``"(disembunyikan)"``.

    >>> coarsen_units(pd.Series(["A / B", "A / B", "A / B", "A / C", "A"]), 2).tolist()
    ['A / B', 'A / B', 'A / B', 'A', 'A']
    """
    cur = units.astype(object).where(units.notna(), HIDDEN_UNIT).astype(str)
    for _ in range(64):
        counts = cur.map(cur.value_counts())
        small = counts < k
        if not small.any():
            return cur
        deeper = small & cur.str.contains(" / ", regex=False)
        if not deeper.any():
            cur[small] = HIDDEN_UNIT
            return cur
        cur[deeper] = cur[deeper].str.rsplit(" / ", n=1).str[0]
    return cur


def meeting_tables(sheets: Mapping[str, pd.DataFrame], min_group: int = 3) -> dict[str, pd.DataFrame]:
    """The tables of an output, fit for a meeting (before pseudonymisation).

    Per-rater tables (a ``rater`` column) are left out; quasi-identifiers (jabatan, golongan,
    ...) are dropped and, in a table with a row per person, the ``unit_kerja`` is coarsened
    (:func:`coarsen_units`) so that every unit shown stands for at least ``min_group`` people.
    """
    out = {}
    for name, df in sheets.items():
        cols = {str(c).lower() for c in df.columns}
        if cols & set(RATER_COLUMNS):
            continue
        table = df.drop(columns=[c for c in df.columns if str(c).lower() in QUASI_IDENTIFIERS])
        if cols & set(PERSON_COLUMNS) and "unit_kerja" in table.columns:
            table = table.assign(unit_kerja=coarsen_units(table["unit_kerja"], min_group).to_numpy())
        out[name] = table
    return out


def _order_by_code(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of a pseudonymised per-person table ordered by code, not by NIP (which encodes age)."""
    for col in PERSON_COLUMNS:
        if col in df.columns:
            return df.sort_values(col, kind="stable", key=lambda s: s.astype(str)).reset_index(drop=True)
    return df


def meeting_frame(df: pd.DataFrame, nips: Iterable[str] = (), *, secret: str | None = None,
                  min_group: int = 3) -> pd.DataFrame | None:
    """One table fit for a meeting (:func:`meeting_tables` then :func:`pseudonymise_frame`);
    ``None`` for a per-rater table."""
    got = meeting_tables({"t": df}, min_group)
    if not got:
        return None
    return _order_by_code(pseudonymise_frame(got["t"], nips, secret=secret))


def write_tables(
    out_dir,
    tables: Mapping[str, pd.DataFrame],
    fmt: str = "csv",
    *,
    meeting_mode: bool = False,
    nips: Iterable[str] = (),
    secret: str | None = None,
    min_group: int = 3,
) -> list[Path]:
    """One ``<name>.csv`` or ``<name>.json`` per table in ``out_dir`` (machine column names and machine
    codes in the cells, for scripts: ``peer``, ``plurality``, ``True``; the workbook shows the words).

    Formula-like texts are neutralised in CSV (:func:`neutralise`); meeting mode as in
    :func:`write_workbook`.  Returns the files written.
    """
    if fmt not in ("csv", "json"):
        raise ExportError("export.format_unknown", value=repr(fmt))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nips = [str(n) for n in nips]
    if meeting_mode:
        tables = {k: _order_by_code(pseudonymise_frame(v, nips, secret=secret))
                  for k, v in meeting_tables(tables, min_group).items()}
    done = []
    for name, table in tables.items():
        if not isinstance(table.index, pd.RangeIndex):
            table = table.reset_index()
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            write_csv(table, path, index=False)
        else:
            table.to_json(path, orient="records", force_ascii=False, indent=1)
        done.append(path)
    return done


def _sheet_name(name: str, used: set) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:_MAX_SHEET] or "tabel"
    candidate, k = base, 2
    while candidate.lower() in used:
        suffix = f"_{k}"
        candidate = base[: _MAX_SHEET - len(suffix)] + suffix
        k += 1
    used.add(candidate.lower())
    return candidate


def _excel_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Categoricals to plain values, timezone-aware datetimes to naive (openpyxl refuses them)."""
    out = df.copy()
    if not isinstance(out.index, pd.RangeIndex):
        out = out.reset_index()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if isinstance(col.dtype, pd.CategoricalDtype):
            out.isetitem(i, col.astype(object))
        elif isinstance(col.dtype, pd.DatetimeTZDtype):
            out.isetitem(i, col.dt.tz_localize(None))
    out.columns = ["_".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in out.columns]
    return out


def write_workbook(
    path,
    sheets: Mapping[str, pd.DataFrame],
    *,
    meeting_mode: bool = False,
    nips: Iterable[str] = (),
    secret: str | None = None,
    min_group: int = 3,
    dictionary: bool = True,
    lang: str | None = None,
) -> Path:
    """Write DataFrames to one ``.xlsx`` workbook, one sheet each (openpyxl).

    Sheet names are cut to Excel's 31 characters and made unique.  Headers are Indonesian (English
    with ``lang="en"``; ``labels.column_label``), cells holding machine codes read as words
    (``labels.displayed``: ``peer`` -> *rekan*, ``plurality`` -> *terbanyak*, ``True`` -> *ya*; the CSV
    and JSON of :func:`write_tables` keep the codes for scripts) and a ``kamus_data`` sheet explains every column
    (``dictionary=False`` leaves it out).  With ``meeting_mode`` per-rater tables are left out,
    quasi-identifiers dropped or coarsened (:func:`meeting_tables`, at least ``min_group`` people
    per unit shown) and every table goes through :func:`pseudonymise_frame`.  Texts that a
    spreadsheet would read as a formula are written as literal text cells.  Columns are sized
    to their content and the header row is frozen.

    Raises
    ------
    ValueError
        No sheets, or a value that is not a DataFrame.
    """
    if not sheets:
        raise ExportError("export.no_tables")
    for name, df in sheets.items():
        if not isinstance(df, pd.DataFrame):
            raise ValueError(f"sheet {name!r}: expected a DataFrame, got {type(df).__name__}")
    nips = [str(n) for n in nips]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    used: set = set()
    if meeting_mode:
        sheets = {k: _order_by_code(pseudonymise_frame(v, nips, secret=secret))
                  for k, v in meeting_tables(sheets, min_group).items()}
    ready = {name: _excel_ready(df) for name, df in sheets.items()}
    if dictionary:
        ready["kamus_data"] = data_dictionary(ready, lang)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, table in ready.items():
            sheet = _sheet_name(name, used)
            table = table if name == "kamus_data" and dictionary else labelled(displayed(table, lang), lang)
            table.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            neutral_cells(ws)
            ws.freeze_panes = "A2"
            for j, col in enumerate(table.columns, start=1):
                sample = [len(str(col))] + [len(str(v)) for v in table.iloc[:200, j - 1].tolist()]
                ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = min(max(sample) + 2, 60)
    return path
