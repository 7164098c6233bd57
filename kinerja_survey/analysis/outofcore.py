"""The analysis of a cycle out of core, on DuckDB: the reliability pass and the scores from
sufficient statistics, for cycles too large for the in-memory pandas path.

``analyse(data, engine="auto"|"pandas"|"duckdb")`` is the one entry point.  The pandas engine
calls ``scoring.score_cycle`` and ``reliability.reliability_report`` and stays the reference; the
DuckDB engine computes the same shared statistics with SQL aggregation over Parquet files (or a
DataFrame), its memory bounded by DuckDB's ``memory_limit`` and spilled to ``temp_directory``.
``"auto"`` takes pandas up to :data:`AUTO_PANDAS_MAX_ANSWERS` answers and DuckDB above.

What is computed (every figure equal to the pandas path to 1e-9; ``tests/test_national.py``)
-------------------------------------------------------------------------------------------
``"scores"``     ``score_cycle``: combined score overall and per competency, displayed group
                 means with the anonymity thresholds, ``mean_others``, counts, the texts of the
                 display pattern, ``rating_perilaku`` and (with ``hasil_kerja``) ``predikat``.
``"icc"``        ``icc_nested`` on the overall scale score of each questionnaire, per rater
                 group (the self-rating left out) and ``overall``: one-way ANOVA with k0.
``"cronbach"``   Cronbach's alpha per competency, pairwise covariances, Feldt's interval.
``"rwg_j"``      rwg(J) per ratee over all items, other raters.
``"agreement"``  rwg(J) per competency and ``ALL``: ratees, mean, median, share >= .70.

Plan of the SQL (one questionnaire = one rater's answers about one ratee)::

    src   -> wide   GROUP BY ratee, rater: one value column per item, the asked-item bit mask
    wide  -> cells  GROUP BY ratee, group: sum and count of the rater means per competency
    cells -> scores per ratee: displayed means, others, combined (weights renormalised)
    wide  -> icc    GROUP BY ratee[, group]: n, mean, within sum of squares of the scale score;
                    then a, N, sum n^2, SSB, SSW
    wide  -> alpha  one pass: per item pair n_ab, sum z_a, sum z_b, sum z_a z_b (z centred)
    wide  -> rwg    GROUP BY ratee: count and sample variance per item

Every aggregate is a sum over rows (a sufficient statistic): the engine never holds more than
DuckDB's hash tables, which spill to disk past ``memory_limit``.

Not here (they do not decompose into sufficient statistics): Krippendorff's alpha and its
bootstrap (coincidence matrices per unit), McDonald's omega (a factor fit), the G-study
(a sparse solve over raters x ratees), rater effects with fair scores (an iterative fit).  They
run on the pandas path; ``reliability_report`` and ``fairness.rater_effects`` need the ratings
frame in memory, about 6 x the frame's size: at most ~200,000 ratees (~37 M answers) on a
24 GB machine.  For a national pool run them per agency (``by``) with the pandas engine.

References: the formulas are those of ``reliability.icc_nested`` (Shrout & Fleiss 1979; k0 of
Snedecor & Cochran), ``reliability.cronbach_alpha`` (Cronbach 1951; Feldt et al. 1987),
``reliability.rwg_j`` (James, Demaree & Wolf 1984) and ``scoring.combined_scores``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..frames import RELATIONSHIPS, analysis_error
from ..i18n import Msg
from .checks import alpha_from_cov, oneway_icc_from_sums
from .predikat import normalise_rating, predikat_kinerja, rating_perilaku
from .reliability import null_variance, raters_needed, reliability_report
from .scoring import ScoringConfig, pattern_texts, score_cycle

#: ``engine="auto"`` takes the pandas path up to this many answers (rows), DuckDB above: the
#: pandas pass peaks near 6 x its 40-byte-per-row frame, so 20 M answers stay under ~5 GB.
AUTO_PANDAS_MAX_ANSWERS = 20_000_000
ENGINES = ("auto", "pandas", "duckdb")
#: answers per pass of the pivot to one row per questionnaire (``DuckEngine.build``)
PASS_ROWS = 400_000_000
#: the tables ``analyse`` computes on both engines
TABLES = ("scores", "icc", "cronbach", "rwg_j", "agreement")
_RELIABILITY = ("icc", "cronbach", "rwg_j", "agreement")

Progress = Callable[[str, int, int], None]


# --------------------------------------------------------------------------------------------
# connection
# --------------------------------------------------------------------------------------------

def connect(memory_limit: str = "4GB", temp_directory=None, threads: int | None = None):
    """A DuckDB connection with bounded memory that never fetches anything.

    Parameters
    ----------
    memory_limit : str
        DuckDB's ``memory_limit`` (e.g. ``"4GB"``); past it, hash tables and sorts spill.
    temp_directory : path, optional
        Where they spill (default a fresh directory under the system temp dir, made on the first
        spill and removed when the connection closes).
    threads : int, optional
        Worker threads (default DuckDB's: one per core).

    Extensions are neither installed nor loaded automatically (``autoinstall_known_extensions``
    and ``autoload_known_extensions`` off): on an intranet nothing may be downloaded at run time.
    """
    import duckdb

    # a directory that does not exist yet: DuckDB makes it when it first spills and removes it on close
    tmp = (Path(temp_directory) if temp_directory
           else Path(tempfile.gettempdir()) / f"kinerja-duckdb-{os.getpid()}-{uuid.uuid4().hex[:12]}")
    cfg = {"memory_limit": str(memory_limit), "temp_directory": str(tmp),
           "autoinstall_known_extensions": False, "autoload_known_extensions": False,
           "preserve_insertion_order": False}
    if threads:
        cfg["threads"] = int(threads)
    con = duckdb.connect(":memory:", config=cfg)
    # progress is tracked (for ``query_progress``) but never printed by DuckDB itself
    con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
    return con


@contextlib.contextmanager
def duckdb_errors():
    """Turn DuckDB's own errors (a text where a number belongs, a full temp disk, memory) into an
    ``AnalysisError`` with DuckDB's message: no traceback reaches a person."""
    import duckdb

    try:
        yield
    except duckdb.Error as exc:
        raise analysis_error("national.engine_failed", message=str(exc).splitlines()[0]) from exc


def _q(s) -> str:
    """A SQL string literal."""
    return "'" + str(s).replace("'", "''") + "'"


def _ident(s) -> str:
    return '"' + str(s).replace('"', '""') + '"'


def _paths(data) -> list[str] | None:
    if isinstance(data, (str, os.PathLike)):
        p = Path(data)
        if p.is_dir():
            files = sorted(str(f) for f in p.glob("*.parquet"))
            if not files:
                raise analysis_error("national.no_parquet", path=str(p))
            return files
        return [str(p)]
    if isinstance(data, (list, tuple)) and data and all(isinstance(d, (str, os.PathLike)) for d in data):
        return [str(d) for d in data]
    return None


def count_answers(data) -> int:
    """Rows of a ratings frame or of Parquet files (read from their footers only)."""
    paths = _paths(data)
    if paths is None:
        return len(data)
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in paths)


# --------------------------------------------------------------------------------------------
# the public entry point
# --------------------------------------------------------------------------------------------

def analyse(
    data,
    *,
    config: ScoringConfig | None = None,
    hasil_kerja: pd.Series | None = None,
    tables: Iterable[str] = TABLES,
    engine: str = "auto",
    by: str | None = None,
    scale_points: int = 5,
    target: float = 0.7,
    confidence: float = 0.95,
    memory_limit: str = "4GB",
    temp_directory=None,
    threads: int | None = None,
    progress: Progress | None = None,
) -> dict[str, pd.DataFrame]:
    """Scores and reliability of a cycle, in memory (pandas) or out of core (DuckDB).

    Parameters
    ----------
    data : DataFrame, path or list of paths
        The ratings frame (``kinerja_survey.frames``), or Parquet file(s) / a folder of them
        holding its columns (and ``by``).
    config : ScoringConfig, optional
        Weights, anonymity thresholds and perilaku cut points.
    hasil_kerja : Series, optional
        Rating Hasil Kerja per ratee, for ``predikat`` (as ``score_cycle``).
    tables : iterable of str
        Any of :data:`TABLES` (default all).
    engine : {"auto", "pandas", "duckdb"}
        ``"auto"``: pandas up to :data:`AUTO_PANDAS_MAX_ANSWERS` answers, DuckDB above.
    by : str, optional
        A column partitioning the data (e.g. ``"agency"``): every table is computed per value,
        with that column first.
    scale_points, target, confidence
        As ``reliability_report``.
    memory_limit, temp_directory, threads
        DuckDB's bounds (:func:`connect`); ignored by the pandas engine.
    progress : callable(stage, done, total), optional
        Called as each stage starts and ends (``cycle.national.progress_bar`` draws it).

    Returns
    -------
    dict of DataFrame
        ``"scores"`` (indexed by ratee, as ``score_cycle``; with ``by`` a column before the
        scores), ``"icc"``, ``"cronbach"``, ``"rwg_j"``, ``"agreement"``, as in
        ``reliability_report``.

    Raises
    ------
    AnalysisError
        Unknown engine or table, a bad ratings frame (a missing column, an unknown relationship,
        an answer given twice, an item in two competencies).
    """
    if engine not in ENGINES:
        raise analysis_error("an_one_of", name="analyse: engine", choices=", ".join(map(repr, ENGINES)),
                             value=repr(engine))
    asked = [tables] if isinstance(tables, str) else list(tables)
    bad = [t for t in asked if t not in TABLES]
    if bad or not asked:
        raise analysis_error("an_one_of", name="analyse: tables", choices=", ".join(TABLES),
                             value=repr(bad[0] if bad else tables))
    config = config if config is not None else ScoringConfig()
    if engine == "auto":
        engine = "pandas" if count_answers(data) <= AUTO_PANDAS_MAX_ANSWERS else "duckdb"
    if engine == "pandas":
        paths = _paths(data)
        if paths and by is not None:  # one partition in memory at a time
            parts = each_partition(paths, by, memory_limit=memory_limit, threads=threads)
        else:
            frame = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True) if paths else data
            parts = [(None, frame)] if by is None else frame.groupby(by, sort=True, observed=True)
        return _pandas(parts, config, hasil_kerja, asked, by, scale_points, target, confidence, progress)
    con = connect(memory_limit, temp_directory, threads)
    try:
        with duckdb_errors():
            return DuckEngine(con, data, by=by, progress=progress).run(
                asked, config, hasil_kerja, scale_points, target, confidence)
    finally:
        con.close()


def each_partition(data, by: str, *, memory_limit: str = "4GB", threads: int | None = None):
    """``(value, frame)`` for each value of ``by`` in Parquet file(s), one partition in memory at a
    time, in sorted order.

    For the statistics that do not decompose into sufficient statistics (Krippendorff's alpha and
    its bootstrap, omega, the G-study, rater effects with fair scores): run them per agency on
    each frame; memory is bounded by the largest partition, not by the pool.  DuckDB reads each
    partition, skipping the row groups (and files) whose statistics exclude it.
    """
    paths = _paths(data)
    if paths is None:
        raise analysis_error("an_not_frame", what=Msg("an_ratings_frame"), got=type(data).__name__)
    source = f"read_parquet([{', '.join(_q(p) for p in paths)}])"
    con = connect(memory_limit, None, threads)
    try:
        with duckdb_errors():
            keys = [r[0] for r in con.execute(f"SELECT DISTINCT {_ident(by)} FROM {source} ORDER BY 1").fetchall()]
        for key in keys:
            with duckdb_errors():
                frame = con.execute(f"SELECT * FROM {source} WHERE {_ident(by)} = ?", [key]).df()
            yield key, frame
    finally:
        con.close()


def _pandas(parts, config, hasil_kerja, asked, by, scale_points, target, confidence, progress):
    out: dict[str, list] = {t: [] for t in asked}
    rel_tables = [t for t in asked if t in _RELIABILITY]
    for i, (key, part) in enumerate(parts):
        part = part.drop(columns=[by]) if by is not None else part
        if progress:
            progress("pandas", i, 0)
        got = {}
        if "scores" in asked:
            got["scores"] = score_cycle(part, config, hasil_kerja)
        if rel_tables:
            got.update(reliability_report(part, scale_points=scale_points, target=target, confidence=confidence,
                                          tables=rel_tables))
        for name in asked:
            table = got[name]
            if by is not None:
                table = table.copy()
                table.insert(0, by, key)
            out[name].append(table)
    if progress:
        progress("pandas", 1, 1)
    return {name: pd.concat(frames) if by is not None else frames[0] for name, frames in out.items()}


# --------------------------------------------------------------------------------------------
# the DuckDB engine
# --------------------------------------------------------------------------------------------

class DuckEngine:
    """The SQL of :func:`analyse` on one connection (``wide`` is built once, read by every table).

    Parameters
    ----------
    con : duckdb connection (:func:`connect`)
    data : DataFrame or Parquet path(s)
    by : str, optional
        Partition column.
    progress : callable(stage, done, total), optional
    """

    def __init__(self, con, data, *, by: str | None = None, progress: Progress | None = None):
        self.con = con
        self.by = by
        self.progress = progress
        self.part = [_ident(by)] if by else []
        paths = _paths(data)
        if paths is not None:
            source = f"read_parquet([{', '.join(_q(p) for p in paths)}])"
        else:
            if not isinstance(data, pd.DataFrame):
                raise analysis_error("an_not_frame", what=Msg("an_ratings_frame"), got=type(data).__name__)
            con.register("kinerja_src_df", data)
            source = "kinerja_src_df"
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        need = ["ratee", "rater", "relationship", "competency", "item", "rating"] + ([by] if by else [])
        missing = [c for c in need if c not in cols]
        if missing:
            raise analysis_error("col_missing", what=Msg("an_ratings_frame"), cols=", ".join(missing))
        self.source = source
        self.n_rows = int(con.execute(f"SELECT count(*) FROM {source}").fetchone()[0])
        self._built = False

    # -- helpers ------------------------------------------------------------------------------
    def _stage(self, name: str, done: bool = False):
        self._current = name
        if self.progress:
            self.progress(name, self.n_rows if done else 0, self.n_rows)

    def _exec(self, sql: str):
        """Run ``sql``; with a ``progress`` callback, report DuckDB's own progress of the query
        (``query_progress``, polled twice a second from a helper thread) as rows of the stage."""
        if not self.progress:
            return self.con.execute(sql)
        stop = threading.Event()
        stage, total = getattr(self, "_current", "check"), self.n_rows

        def poll():
            while not stop.wait(0.5):
                pct = self.con.query_progress()
                if pct and pct > 0:
                    self.progress(stage, int(total * min(pct, 100.0) / 100.0), total)

        helper = threading.Thread(target=poll, daemon=True)
        helper.start()
        try:
            return self.con.execute(sql)
        finally:
            stop.set()
            helper.join()

    def _pcols(self, prefix: str = "") -> str:
        return "".join(f"{prefix}{p}, " for p in self.part)

    def _df(self, sql: str) -> pd.DataFrame:
        return self._exec(sql).df()

    # -- the questionnaire x item table -------------------------------------------------------
    def build(self) -> None:
        """Check the frame and build ``wide``: one row per (partition, ratee, rater)."""
        if self._built:
            return
        con = self.con
        self._stage("check")
        # one scan of three (dictionary-encoded) text columns checks the items and the relationships;
        # empty keys and NaN answers are found in ``wide`` afterwards, ten times smaller
        groups = self._exec(f"""SELECT CAST(item AS VARCHAR), CAST(relationship AS VARCHAR),
                CAST(competency AS VARCHAR) FROM {self.source} GROUP BY ALL""").fetchall()
        if any(g[0] is None for g in groups):
            raise analysis_error("rf_row_empty", row="?", col="item")
        if any(g[2] is None for g in groups):
            raise analysis_error("rf_row_empty", row="?", col="competency")
        raw_rels = {g[1] for g in groups}
        bad = [r for r in raw_rels if r is None or str(r).strip().lower() not in RELATIONSHIPS]
        if bad:
            raise analysis_error("rf_bad_relationship", row="?", value=repr(bad[0]), choices=", ".join(RELATIONSHIPS))
        rel = ("CAST(relationship AS VARCHAR)" if raw_rels <= set(RELATIONSHIPS)
               else "lower(trim(CAST(relationship AS VARCHAR)))")
        pcol = f"CAST({self.part[0]} AS VARCHAR) AS {self.part[0]}, " if self.by else ""
        con.execute(f"""CREATE OR REPLACE TEMP VIEW src AS SELECT {pcol}
            CAST(ratee AS VARCHAR) AS ratee, CAST(rater AS VARCHAR) AS rater, {rel} AS rel,
            CAST(competency AS VARCHAR) AS competency, CAST(item AS VARCHAR) AS item,
            CAST(rating AS DOUBLE) AS rating FROM {self.source}""")
        comp_of: dict = {}
        for item, _, comp in groups:
            comp_of.setdefault(item, set()).add(comp)
        two = sorted(i for i, cs in comp_of.items() if len(cs) > 1)
        if two:
            raise analysis_error("an_item_two_competencies", fn="analyse", item=repr(two[0]))
        items = sorted((i, next(iter(cs)), None) for i, cs in comp_of.items())
        self.items = [i for i, _, _ in items]
        self.item_comp = [c for _, c, _ in items]
        self.comps = sorted(set(self.item_comp))
        self.comp_items = {c: [j for j, ic in enumerate(self.item_comp) if ic == c] for c in self.comps}
        n_i = len(self.items)
        con.execute("CREATE OR REPLACE TEMP TABLE items AS SELECT * FROM (VALUES "
                    + ", ".join(f"({_q(i)}, {j})" for j, i in enumerate(self.items)) + ") t(item, code)")
        self._stage("check", done=True)
        self._stage("pivot")
        # the relationship is a key (cheaper than min/max of a text); a questionnaire under two
        # relationships then shows as two rows.  An answer given twice: more rows than asked items.
        mask = "bit_or(1::UBIGINT << code) AS mask" if n_i <= 63 else "0::UBIGINT AS mask"
        asked = "" if n_i <= 63 else ", " + ", ".join(f"count(*) FILTER (WHERE code = {j}) AS a{j}" for j in range(n_i))
        vals = ", ".join(f"max(CASE WHEN code = {j} THEN rating END) AS v{j}" for j in range(n_i))
        crows = ", ".join(f"count(*) FILTER (WHERE code IN ({', '.join(map(str, js))})) > 0 AS p{c}"
                          for c, js in enumerate(self.comp_items.values())) if n_i > 63 else ""
        # in passes over disjoint sets of ratees (hash of the key): each pass's hash table holds
        # at most PASS_ROWS answers' worth of questionnaires, whatever the size of the cycle
        passes = max(1, -(-self.n_rows // PASS_ROWS))
        select = (f"SELECT {self._pcols()}ratee, rater, rel, count(*) AS n_rows, {mask}, {vals}{asked}"
                  f"{', ' + crows if crows else ''} FROM src JOIN items USING (item)")
        group = f"GROUP BY {self._pcols()}ratee, rater, rel"
        if passes == 1:
            self._exec(f"CREATE OR REPLACE TEMP TABLE wide AS {select} {group}")
        else:
            for i in range(passes):
                where = f"WHERE hash(ratee) % {passes} = {i}"
                self._exec(f"CREATE OR REPLACE TEMP TABLE wide AS {select} {where} {group}" if i == 0
                           else f"INSERT INTO wide {select} {where} {group}")
                if self.progress:
                    self.progress("pivot", self.n_rows * (i + 1) // passes, self.n_rows)
        for col in ("ratee", "rater"):
            if con.execute(f"SELECT count(*) FROM wide WHERE {col} IS NULL").fetchone()[0]:
                raise analysis_error("rf_row_empty", row="?", col=col)
        nan = " OR ".join(f"isnan(v{j})" for j in range(n_i))
        if con.execute(f"SELECT count(*) FROM wide WHERE {nan}").fetchone()[0]:  # NaN = not answered
            con.execute("UPDATE wide SET " + ", ".join(f"v{j} = CASE WHEN isnan(v{j}) THEN NULL ELSE v{j} END"
                                                       for j in range(n_i)))
        if n_i <= 63:
            dup = con.execute("SELECT ratee, rater FROM wide WHERE n_rows > bit_count(mask) LIMIT 1").fetchone()
        else:
            dup = con.execute("SELECT ratee, rater FROM wide WHERE greatest("
                              + ", ".join(f"a{j}" for j in range(n_i)) + ") > 1 LIMIT 1").fetchone()
        if dup:
            raise analysis_error("national.answer_twice", ratee=dup[0], rater=dup[1])
        changed = con.execute(f"SELECT ratee, rater FROM wide GROUP BY {self._pcols()}ratee, rater HAVING count(*) > 1 "
                              "LIMIT 1").fetchone()
        if changed:
            raise analysis_error("an_rel_changes", fn="analyse", row=f"{changed[0]} / {changed[1]}")
        self._stage("pivot", done=True)
        self._built = True

    def _present(self, c: int) -> str:
        """SQL: the questionnaire was asked any item of competency number ``c``."""
        js = list(self.comp_items.values())[c]
        if len(self.items) > 63:
            return f"p{c}"
        return f"(mask & {sum(1 << j for j in js)}::UBIGINT) <> 0"

    @staticmethod
    def _mean_expr(js: Sequence[int]) -> str:
        num = " + ".join(f"coalesce(v{j}, 0)" for j in js)
        den = " + ".join(f"(v{j} IS NOT NULL)::INT" for j in js)
        return f"CASE WHEN ({den}) > 0 THEN ({num}) / ({den}) END"

    # -- scores -------------------------------------------------------------------------------
    def scores(self, config: ScoringConfig, hasil_kerja=None) -> pd.DataFrame:
        self.build()
        self._stage("scores")
        con = self.con
        comps = self.comps
        K = len(comps)
        labels = [*range(K), "o"]
        means = ", ".join(f"{self._mean_expr(self.comp_items[c])} AS m{k}" for k, c in enumerate(comps))
        means += f", {self._mean_expr(range(len(self.items)))} AS mo"
        present = {r[0] for r in con.execute("SELECT DISTINCT rel FROM wide").fetchall()}
        cols = []
        for g in RELATIONSHIPS:
            for k in labels:
                if g in present:  # sum and count of the rater means of group g, competency k
                    cols.append(f"coalesce(sum(CASE WHEN rel = {_q(g)} THEN m{k} END), 0) AS t_{g}_{k}")
                    cols.append(f"count(CASE WHEN rel = {_q(g)} THEN m{k} END) AS n_{g}_{k}")
                else:  # a group nobody answered in: constants, no aggregate
                    cols += [f"0.0::DOUBLE AS t_{g}_{k}", f"0::BIGINT AS n_{g}_{k}"]
        stakeholder = "stakeholder" in present
        self._exec(f"""CREATE OR REPLACE TEMP TABLE groups AS SELECT {self._pcols()}ratee, {', '.join(cols)}
                        FROM (SELECT {self._pcols()}ratee, rel, {means} FROM wide) GROUP BY {self._pcols()}ratee""")
        thr = {g: config.threshold(g) for g in RELATIONSHIPS}
        w = {g: config.weight(g) for g in RELATIONSHIPS}

        def shown(g, k):
            return f"(n_{g}_{k} >= {thr[g]})"

        def mean(g, k):
            return f"CASE WHEN {shown(g, k)} THEN t_{g}_{k} / n_{g}_{k} END"

        def combined(k):
            in_score = [g for g in RELATIONSHIPS if w[g] > 0]
            num = " + ".join(f"CASE WHEN {shown(g, k)} THEN {mean(g, k)} * {w[g]!r} ELSE 0 END" for g in in_score)
            den = " + ".join(f"CASE WHEN {shown(g, k)} THEN {w[g]!r} ELSE 0 END" for g in in_score)
            return f"CASE WHEN ({den}) > 0 THEN ({num}) / ({den}) END"

        colleagues = [g for g in RELATIONSHIPS if g not in ("self", "stakeholder")]
        n_oth = " + ".join(f"CASE WHEN {shown(g, 'o')} THEN n_{g}_o ELSE 0 END" for g in colleagues)
        t_oth = " + ".join(f"CASE WHEN {shown(g, 'o')} THEN t_{g}_o ELSE 0 END" for g in colleagues)
        status = " + ".join(f"(CASE WHEN {shown(g, 'o')} THEN 0 WHEN n_{g}_o > 0 THEN 1 ELSE 2 END) * {3 ** i}"
                            for i, g in enumerate(RELATIONSHIPS))
        order = ("supervisor", "peer", "subordinate", "self") + (("stakeholder",) if stakeholder else ())
        sel = [f"{combined('o')} AS combined"]
        sel += [f"{combined(k)} AS {_ident('combined_' + c)}" for k, c in enumerate(comps)]
        sel += [f"{mean(g, 'o')} AS mean_{g}" for g in order]
        sel += [f"CASE WHEN ({n_oth}) >= {config.min_others} THEN ({t_oth}) / ({n_oth}) END AS mean_others"]
        sel += [f"n_{g}_o AS n_{g}" for g in order]
        sel += [f"({n_oth}) AS n_others",
                (f"({status}) + (CASE WHEN ({n_oth}) >= {config.min_others} THEN 0 WHEN ({n_oth}) > 0 THEN 1 "
                 f"ELSE 2 END) * {3 ** len(RELATIONSHIPS)} AS pattern")]
        table = self._df(f"SELECT {self._pcols()}ratee, {', '.join(sel)} FROM groups "
                         f"ORDER BY {self._pcols()}ratee")
        codes, inverse = np.unique(table.pop("pattern").to_numpy(), return_inverse=True)
        texts = [pattern_texts(int(c), config) for c in codes]
        for j, name in enumerate(("groups_used", "groups_suppressed", "note")):
            cat_codes, cats = pd.factorize(pd.Index([t[j] for t in texts], dtype=object))
            cats = pd.Index(list(cats), dtype=object) if name == "note" else pd.Index(cats, dtype=str)
            table[name] = pd.Categorical.from_codes(cat_codes[inverse], categories=cats)
        for g in order:
            table[f"n_{g}"] = table[f"n_{g}"].astype(np.int64)
        table["n_others"] = table["n_others"].astype(np.int64)
        table = table.set_index("ratee")
        table["rating_perilaku"] = rating_perilaku(table["combined"], config.perilaku_cuts)
        if hasil_kerja is not None:
            hk = hasil_kerja.copy()
            hk.index = hk.index.astype(str)
            if not hk.index.is_unique:
                raise analysis_error("an_hasil_kerja_twice", value=repr(hk.index[hk.index.duplicated()][0]))
            table["rating_hasil_kerja"] = normalise_rating(hk).reindex(table.index).to_numpy(dtype=object)
            table["predikat"] = predikat_kinerja(table["rating_hasil_kerja"], table["rating_perilaku"])
        self._stage("scores", done=True)
        return table

    # -- reliability --------------------------------------------------------------------------
    def icc(self, target: float, confidence: float) -> pd.DataFrame:
        self.build()
        self._stage("icc")
        p = self._pcols()
        self._qscore()
        frames = []
        for grp in ("rel, ", ""):
            keys = self.part + (["rel"] if grp else [])
            join = f"JOIN g USING ({', '.join(keys)})" if keys else "CROSS JOIN g"
            stats = self._df(f"""
                WITH r AS (SELECT {p}{grp}ratee, count(*) AS n, avg(score) AS m, var_pop(score) * count(*) AS ss
                           FROM qscore WHERE rel <> 'self' AND score IS NOT NULL GROUP BY ALL),
                     g AS (SELECT {p}{grp}avg(score) AS grand FROM qscore
                           WHERE rel <> 'self' AND score IS NOT NULL GROUP BY ALL)
                SELECT {p}{grp}count(*) AS a, sum(n) AS N, sum(n * n) AS sum_n2,
                       sum(n * (m - grand) * (m - grand)) AS ssb, sum(ss) AS ssw
                FROM r {join} GROUP BY ALL""")
            stats["group"] = stats.pop("rel") if grp else "overall"
            frames.append(stats)
        stats = pd.concat(frames, ignore_index=True)
        stats["_order"] = stats["group"].map({g: i for i, g in enumerate([*RELATIONSHIPS, "overall"])})
        stats = stats.sort_values([*( [self.by] if self.by else []), "_order"])
        rows = []
        for _, s in stats.iterrows():
            row = {"group": s["group"], **oneway_icc_from_sums(int(s["a"]), int(s["N"]), float(s["sum_n2"]), float(s["ssb"]),
                                                   float(s["ssw"]), confidence)}
            if self.by:
                row = {self.by: s[self.by], **row}
            rows.append(row)
        out = pd.DataFrame(rows)
        out["raters_needed"] = raters_needed(out["ICC1"].to_numpy(dtype=float), target)
        self._stage("icc", done=True)
        return out

    def _qscore(self) -> None:
        """``qscore``: the overall scale score of each questionnaire (mean of its answered items)."""
        self.build()
        if not getattr(self, "_has_qscore", False):
            self._exec(f"""CREATE OR REPLACE TEMP TABLE qscore AS
                SELECT {self._pcols()}ratee, rater, rel, {self._mean_expr(range(len(self.items)))} AS score FROM wide""")
            self._has_qscore = True

    def rater_severity(self, min_ratees: int = 3) -> pd.DataFrame:
        """The distribution of rater severity per partition.

        A rater's severity is the mean, over the ratees they rated (self-ratings left out), of
        how far the other raters' mean of that ratee lies above their own scale score:
        :math:`s_j = \\frac{1}{|T_j|}\\sum_{t \\in T_j} (\\bar x_{t,-j} - x_{tj})`, positive = strict
        (as ``fairness.rater_effects``); ratees with one other rater only are left out, and raters
        with fewer than ``min_ratees`` such ratees.

        Returns
        -------
        DataFrame
            [partition,] ``n_raters``, ``mean``, ``sd``, ``p10``, ``p25``, ``median``, ``p75``, ``p90``.
        """
        self._qscore()
        self._stage("severity")
        p = self._pcols()
        keys = ", ".join(self.part + ["ratee"])
        out = self._df(f"""
            WITH o AS (SELECT {p}ratee, rater, score FROM qscore WHERE rel <> 'self' AND score IS NOT NULL),
                 t AS (SELECT {p}ratee, sum(score) AS s, count(*) AS n FROM o GROUP BY ALL),
                 d AS (SELECT {self._pcols('o.')}o.rater, (t.s - o.score) / (t.n - 1) - o.score AS dev
                       FROM o JOIN t USING ({keys}) WHERE t.n >= 2),
                 r AS (SELECT {p}rater, avg(dev) AS sev FROM d GROUP BY ALL HAVING count(*) >= {int(min_ratees)})
            SELECT {p}count(*) AS n_raters, avg(sev) AS mean, stddev_samp(sev) AS sd,
                   quantile_cont(sev, 0.1) AS p10, quantile_cont(sev, 0.25) AS p25, median(sev) AS median,
                   quantile_cont(sev, 0.75) AS p75, quantile_cont(sev, 0.9) AS p90
            FROM r GROUP BY ALL ORDER BY ALL""")
        out["n_raters"] = out["n_raters"].astype(np.int64)
        self._stage("severity", done=True)
        return out

    def ratee_table(self, columns: Sequence[str]) -> pd.DataFrame:
        """One row per (partition,) ratee with ``columns`` of the source (their first value)."""
        have = {r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM {self.source}").fetchall()}
        cols = [c for c in columns if c in have]
        sel = ", ".join(f"any_value({_ident(c)}) AS {_ident(c)}" for c in cols)
        return self._df(f"SELECT {self._pcols()}CAST(ratee AS VARCHAR) AS ratee{', ' + sel if sel else ''} "
                        f"FROM {self.source} GROUP BY ALL ORDER BY ALL")

    def cronbach(self, confidence: float) -> pd.DataFrame:
        self.build()
        self._stage("cronbach")
        p = self._pcols()
        n_i = len(self.items)
        grp = f"GROUP BY {p[:-2]}" if p else ""
        centres = self._df(f"SELECT {p}{', '.join(f'avg(v{j}) AS c{j}' for j in range(n_i))} FROM wide {grp}")
        aggs = []
        for c_idx, c in enumerate(self.comps):
            js = self.comp_items[c]
            aggs.append(f"count(*) FILTER (WHERE {self._present(c_idx)}) AS n_{c_idx}")
            for x, a in enumerate(js):
                for b in js[x:]:
                    za, zb = f"(v{a} - c{a})", f"(v{b} - c{b})"  # NULL when unanswered: sums over both answered
                    aggs += [f"count({za} * {zb}) AS n_{a}_{b}", f"sum({za} + 0 * {zb}) AS sa_{a}_{b}",
                             f"sum({zb} + 0 * {za}) AS sb_{a}_{b}", f"sum({za} * {zb}) AS p_{a}_{b}"]
        self.con.register("kinerja_centres", centres)
        join = f"JOIN kinerja_centres USING ({', '.join(self.part)})" if p else ", kinerja_centres"
        sums = self._df(f"SELECT {p}{', '.join(aggs)} FROM wide {join} {grp}")
        self.con.unregister("kinerja_centres")
        rows = []
        for _, s in sums.iterrows():
            for c_idx, c in enumerate(self.comps):
                js = self.comp_items[c]
                k = len(js)
                C = np.full((k, k), np.nan)
                for x, a in enumerate(js):
                    for y in range(x, k):
                        b = js[y]
                        n_ab = float(s[f"n_{a}_{b}"])
                        if n_ab >= 2:
                            C[x, y] = C[y, x] = ((float(s[f"p_{a}_{b}"]) - float(s[f"sa_{a}_{b}"])
                                                  * float(s[f"sb_{a}_{b}"]) / n_ab) / (n_ab - 1))
                n = int(s[f"n_{c_idx}"])
                if n == 0:
                    continue
                row = {"competency": c, **alpha_from_cov(k, n, C, confidence)}
                rows.append({self.by: s[self.by], **row} if self.by else row)
        self._stage("cronbach", done=True)
        return pd.DataFrame(rows)

    def rwg(self, scale_points: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        self.build()
        self._stage("rwg_j")
        sigma2 = null_variance("uniform", scale_points)
        p = self._pcols()
        n_i = len(self.items)
        per_item = ", ".join(f"var_samp(v{j}) AS s{j}" for j in range(n_i))

        def rwg_expr(js, name):
            J = " + ".join(f"(s{j} IS NOT NULL)::INT" for j in js)
            tot = " + ".join(f"coalesce(s{j}, 0)" for j in js)
            mv = f"CASE WHEN ({J}) > 0 THEN ({tot}) / ({J}) END"
            r = f"(({mv}) / {sigma2!r})"
            return (f"({J}) AS J_{name}, {mv} AS mv_{name}, CASE WHEN ({J}) = 0 THEN NULL WHEN {r} > 1 THEN 0.0 "
                    f"ELSE ({J}) * (1 - {r}) / (({J}) * (1 - {r}) + {r}) END AS rwg_{name}")

        parts = [rwg_expr(range(n_i), "all")] + [rwg_expr(self.comp_items[c], str(k)) for k, c in enumerate(self.comps)]
        self._exec(f"""CREATE OR REPLACE TEMP TABLE rwgt AS
            SELECT {p}ratee, n_raters, {', '.join(parts)}
            FROM (SELECT {p}ratee, count(*) AS n_raters, {per_item} FROM wide WHERE rel <> 'self'
                  GROUP BY {p}ratee)""")
        per_ratee = self._df(f"""SELECT {p}ratee, n_raters, J_all AS n_items, mv_all AS mean_variance,
                                 rwg_all AS rwg_j FROM rwgt ORDER BY {p}ratee""")
        per_ratee["n_raters"] = per_ratee["n_raters"].astype(np.int64)
        per_ratee["n_items"] = per_ratee["n_items"].astype(np.int64)
        frames = []
        for name, label in [*((str(k), c) for k, c in enumerate(self.comps)), ("all", "ALL")]:
            frames.append(self._df(f"""SELECT {p}{_q(label)} AS competency, count(rwg_{name}) AS n_ratees,
                    avg(rwg_{name}) AS mean_rwg_j, median(rwg_{name}) AS median_rwg_j,
                    avg(CASE WHEN rwg_{name} >= 0.7 THEN 1.0 ELSE 0.0 END) FILTER (WHERE rwg_{name} IS NOT NULL)
                        AS share_ge_070
                    FROM rwgt {('GROUP BY ' + p[:-2]) if p else ''}"""))
        agreement = pd.concat(frames, ignore_index=True)
        agreement["n_ratees"] = agreement["n_ratees"].astype(np.int64)
        if self.by:
            agreement = agreement.sort_values(self.by, kind="stable").reset_index(drop=True)
        self._stage("rwg_j", done=True)
        return per_ratee, agreement

    def run(self, asked, config, hasil_kerja, scale_points, target, confidence) -> dict[str, pd.DataFrame]:
        out = {}
        if "scores" in asked:
            out["scores"] = self.scores(config, hasil_kerja)
        if "icc" in asked:
            out["icc"] = self.icc(target, confidence)
        if "cronbach" in asked:
            out["cronbach"] = self.cronbach(confidence)
        if {"rwg_j", "agreement"} & set(asked):
            out["rwg_j"], out["agreement"] = self.rwg(scale_points)
        return {name: out[name] for name in asked}
