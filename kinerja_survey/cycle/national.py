"""National scale use cases: the anonymised national file of a cycle (``ekspor-anonim``) and the
pooled analysis of many such files (``analisis-gabungan``).

The national file never carries a name
--------------------------------------
``export_anonymous`` writes one Parquet row per *displayable* answer
(``analysis.displayable_ratings``: a rater group under its anonymity threshold for a ratee is
dropped whole), so changing a hidden answer changes nothing in the file.  NIPs (ratee and rater)
become ``collect.nip.pseudonymise(agency | nip, key)``: an HMAC-SHA256 under the agency's own
pseudonymisation key (``present.exports.pseudonym_secret``: ``$KINERJA_SURVEY_PSEUDONYM_SECRET`` or
the installation's key file), which never goes in the file.  The same person gets the same code
in every period of the agency; two agencies (two keys, and the agency code in the message) never
share a code.  Unit paths are pseudonymised the same way; the unit's level (depth of its path),
jenis jabatan, golongan and gender of the ratee, the relationship, item, answer, period, the
decided predikat, the organisation predikat and the agency code are written as they are.

The pooled analysis
-------------------
``pooled_analysis`` reads a folder of national files out of core (``analysis.outofcore``, DuckDB,
partitioned by agency) and returns the tables of the pooled workbook: reliability per agency,
rater severity distributions, group differences with effect sizes (``analysis.pooled``), the
kurva distribusi per agency and the predikat distributions side by side.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..analysis.outofcore import DuckEngine, connect, duckdb_errors
from ..analysis.pooled import (
    GROUP_ATTRIBUTES,
    group_contrasts,
    kurva_by_agency,
    predikat_distributions,
)
from ..analysis.scoring import ScoringConfig
from ..collect.nip import pseudonymise
from ..errors import KinerjaError
from ..i18n import t
from ..present.exports import pseudonym_secret, write_workbook
from ..store import Store
from .core import load_results

#: the columns of the national file, in order
NATIONAL_COLUMNS = ("agency", "period", "ratee", "rater", "relationship", "competency", "item", "rating",
                    "ratee_unit", "ratee_level", "ratee_jenis_jabatan", "ratee_golongan", "ratee_gender",
                    "predikat", "predikat_organisasi")


class NationalError(KinerjaError):
    """A national file or pool that cannot be written or read."""


def progress_bar(kind: str = "auto") -> Callable[[str, int, int], None]:
    """A ``progress(stage, done, total)`` callback drawing one bar per stage with the rows done:
    a text bar in a terminal (``tqdm``), a widget in JupyterLab (``tqdm.auto``)."""
    if kind == "text":
        from tqdm import tqdm
    else:
        from tqdm.auto import tqdm
    bars: dict = {}

    def report(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total or None, desc=t(f"national.stage.{stage}"), unit=t("national.rows"),
                                     unit_scale=True, leave=True)
        bar.n = done
        bar.refresh()
        if total and done >= total:
            bar.close()

    return report


def _code(agency: str, value: str, secret: str, kind: str = "") -> str:
    return pseudonymise(f"{agency}|{kind}{value}", secret)


def export_anonymous(store: Store, cycle_id: int, path, *, agency: str, secret: str | None = None,
                     org_predikat: str | None = None, config: ScoringConfig | None = None,
                     progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Write the cycle's displayable answers, pseudonymised, to the national file ``path`` (Parquet).

    Parameters
    ----------
    store, cycle_id
        A closed cycle.
    path : path
        The ``.parquet`` file; written to a temporary file first and renamed, never half-written.
    agency : str
        The agency code (kode instansi), written in every row and in every pseudonym.
    secret : str, optional
        The agency's pseudonymisation key (default ``present.exports.pseudonym_secret()``).
    org_predikat : str, optional
        The organisation's predikat, for the kurva distribusi of the pooled analysis.
    config : ScoringConfig, optional
        Anonymity thresholds (default ``ScoringConfig()``).
    progress : callable(stage, done, total), optional
        Told when each stage (loading, pseudonymising, writing) starts and ends (:func:`progress_bar`).

    Returns
    -------
    dict
        ``rows`` written, ``ratees``, ``hidden_rows`` (answers left out under the threshold), ``path``.
    """
    agency = str(agency).strip()
    if not agency:
        raise NationalError("national.no_agency")
    secret = pseudonym_secret(secret)
    step = progress or (lambda stage, done, total: None)
    step("load", 0, 1)
    results = load_results(store, cycle_id, config)
    step("load", 1, 1)
    info = store.cycle(cycle_id)
    shown = results.shown_ratings
    emp = store.employees_frame(active_only=False)
    emp = emp.assign(nip=emp["nip"].astype(str)).drop_duplicates("nip").set_index("nip")
    nips = pd.Index(pd.unique(pd.concat([shown["ratee"].astype(str), shown["rater"].astype(str)])))
    step("pseudonymise", 0, len(nips))
    code = pd.Series([_code(agency, n, secret) for n in nips], index=nips)
    step("pseudonymise", len(nips), len(nips))
    units = emp["unit_kerja"].fillna("").astype(str)
    unit_code = {u: (_code(agency, u, secret, "unit:") if u else "") for u in units.unique()}
    ratee = shown["ratee"].astype(str)
    r_emp = emp.reindex(ratee.to_numpy())
    predikat = results.scores["predikat"] if "predikat" in results.scores.columns else pd.Series(dtype=object)
    start = info.get("start") or info.get("start_date") or ""
    out = pd.DataFrame({
        "agency": agency,
        "period": str(start)[:10] or str(info.get("name", "")),
        "ratee": code.reindex(ratee.to_numpy()).to_numpy(),
        "rater": code.reindex(shown["rater"].astype(str).to_numpy()).to_numpy(),
        "relationship": shown["relationship"].astype(str).to_numpy(),
        "competency": shown["competency"].astype(str).to_numpy(),
        "item": shown["item"].astype(str).to_numpy(),
        "rating": shown["rating"].to_numpy(dtype=float),
        "ratee_unit": r_emp["unit_kerja"].fillna("").astype(str).map(unit_code).fillna("").to_numpy(),
        "ratee_level": r_emp["unit_kerja"].fillna("").astype(str).str.count(" / ").to_numpy() + 1,
        "ratee_jenis_jabatan": r_emp["jenis_jabatan"].fillna("").astype(str).to_numpy(),
        "ratee_golongan": r_emp["golongan"].fillna("").astype(str).to_numpy(),
        "ratee_gender": r_emp["jenis_kelamin"].fillna("").astype(str).to_numpy(),
        "predikat": predikat.reindex(ratee.to_numpy()).astype(object).to_numpy(),
        "predikat_organisasi": org_predikat,
    })
    out = out.sort_values(["ratee", "rater", "item"], kind="stable").reset_index(drop=True)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    step("write", 0, len(out))
    out.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    step("write", len(out), len(out))
    return {"rows": len(out), "ratees": int(out["ratee"].nunique()), "hidden_rows": len(results.ratings) - len(shown),
            "path": path}


def analyse_cycle(store: Store, cycle_id: int, *, engine: str = "auto", config: ScoringConfig | None = None,
                  memory_limit: str = "4GB", threads: int | None = None, temp_directory=None,
                  progress: Callable[[str, int, int], None] | None = None) -> dict[str, pd.DataFrame]:
    """The scores and the reliability pass of a stored cycle on either engine
    (``analysis.outofcore.analyse``): the submitted answers are read from the store
    (``Store.ratings_frame``, stakeholders included) and handed to DuckDB without a copy.

    Only the answers' frame is held in memory (about 40 bytes per answer: 0.75 GB for 100,000
    ratees); the aggregation then stays within ``memory_limit``.  For a national pool, use the
    national files (``export_anonymous``) and :func:`pooled_analysis`.
    """
    from ..analysis.outofcore import analyse

    ratings = store.ratings_frame(cycle_id)
    outside = store.stakeholder_ratings_frame(cycle_id)
    if not outside.empty and not ratings.empty:
        ratings = pd.concat([ratings, outside], ignore_index=True)
    hk = store.hasil_kerja_frame(cycle_id)
    hasil_kerja = pd.Series(hk["rating"].to_numpy(), index=hk["nip"].astype(str)) if len(hk) else None
    return analyse(ratings, config=config, hasil_kerja=hasil_kerja, engine=engine, memory_limit=memory_limit,
                   threads=threads, temp_directory=temp_directory, progress=progress)


def write_generated_pool(folder, n_agencies: int, *, median_ratees: int = 400, seed: int = 0,
                         gender_effect: float = 0.0, sizes=None) -> int:
    """Write ``n_agencies`` synthetic national files (``analysis.pooled.simulate_pool``) to
    ``folder``; returns the number of answers written.  For tests, the benchmark and trying the
    notebook without real files."""
    from ..analysis.pooled import simulate_pool

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = 0
    for code, frame in simulate_pool(n_agencies, median_ratees=median_ratees, seed=seed, gender_effect=gender_effect,
                                     sizes=sizes):
        frame.to_parquet(folder / f"{code}.parquet", index=False)
        rows += len(frame)
    return rows


def pooled_analysis(folder, *, config: ScoringConfig | None = None, min_people: int = 5, memory_limit: str = "4GB",
                    threads: int | None = None, temp_directory=None,
                    progress: Callable[[str, int, int], None] | None = None) -> dict[str, pd.DataFrame]:
    """The tables of the pooled workbook from a folder of national files.

    Returns
    -------
    dict of DataFrame
        ``reliabilitas`` (per agency: ratees, ICC(1) and ICC(1,k) of the other raters, k0, the
        lowest and mean Cronbach's alpha over competencies, mean rwg(J)), ``icc`` (per agency and
        rater group), ``keketatan_penilai`` (rater severity distribution per agency),
        ``perbedaan_kelompok`` (``analysis.pooled.group_contrasts``), ``kurva_distribusi``
        (per agency), ``sebaran_predikat`` (per agency, side by side).  Agencies and groups with
        fewer than ``min_people`` ratees are left out.
    """
    files = sorted(Path(folder).glob("*.parquet")) if Path(folder).is_dir() else []
    if not files:
        raise NationalError("national.no_parquet", path=str(folder))
    config = config if config is not None else ScoringConfig()
    con = connect(memory_limit, temp_directory, threads)
    try:
        with duckdb_errors():
            eng = DuckEngine(con, [str(f) for f in files], by="agency", progress=progress)
            scores = eng.scores(config)
            icc = eng.icc(0.7, 0.95)
            cron = eng.cronbach(0.95)
            _, agreement = eng.rwg(5)
            severity = eng.rater_severity()
            people = eng.ratee_table([*GROUP_ATTRIBUTES, "predikat", "predikat_organisasi"])
    finally:
        con.close()
    if progress:
        progress("pooled", 0, 1)
    people = people.merge(scores.reset_index()[["agency", "ratee", "combined"]], on=["agency", "ratee"], how="left")
    n_ratees = people.groupby("agency").size().rename("n_ratees")
    overall = icc[icc["group"] == "overall"].set_index("agency")[["ICC1", "ICC1k", "k0"]]
    alpha = cron.groupby("agency")["alpha"].agg(alpha_min="min", alpha_mean="mean")
    rwg_all = agreement[agreement["competency"] == "ALL"].set_index("agency")[["mean_rwg_j"]]
    reliab = pd.concat([n_ratees, overall, alpha, rwg_all], axis=1).reset_index(names="agency")
    reliab = reliab[reliab["n_ratees"] >= min_people]
    severity = severity[severity["n_raters"] >= min_people]
    tables = {
        "reliabilitas": reliab,
        "icc": icc,
        "keketatan_penilai": severity,
        "perbedaan_kelompok": group_contrasts(people, min_people=min_people),
        "kurva_distribusi": kurva_by_agency(people, min_people=min_people),
        "sebaran_predikat": predikat_distributions(people, min_people=min_people),
    }
    if progress:
        progress("pooled", 1, 1)
    return tables


def write_pooled_workbook(tables: dict[str, pd.DataFrame], path, *, lang: str | None = None) -> Path:
    """The pooled workbook: one sheet per table, headers in Bahasa Indonesia (English with
    ``lang="en"``), formula-like texts written as text (``present.exports.write_workbook``)."""
    sheets = {}
    for name, table in tables.items():
        table = table.copy()
        if "attribute" in table.columns:  # ratee_gender -> jenis kelamin
            table["attribute"] = table["attribute"].map(lambda a: t(f"national.attr.{a}", lang))
        table.columns = [t(_SHARED_HEADERS[c], lang) if c in _SHARED_HEADERS
                         else t(f"national.col.{c}", lang) if f"national.col.{c}" in _known_columns() else c
                         for c in table.columns]
        for col in table.columns:
            if table[col].dtype == object:
                table[col] = table[col].map(lambda v: v.render(lang) if hasattr(v, "render") else v)
        sheets[t(_SHARED_HEADERS.get(f"sheet.{name}", f"national.sheet.{name}"), lang)] = table
    return write_workbook(path, sheets, dictionary=False, lang=lang)


#: headers whose text the catalog already holds under another key (one text, one key)
_SHARED_HEADERS = {"n": "dash.c_count", "group": "hr.c_kelompok", "diff": "report.col_gap", "ICC1": "col.ICC1",
                   "ICC1k": "col.ICC1k", "predikat_organisasi": "closing.org_select",
                   "sheet.reliabilitas": "col.reliability"}


def _known_columns() -> set:
    from ..i18n import STRINGS

    return set(STRINGS["id"])


def pooled_summary(tables: dict[str, pd.DataFrame]) -> dict:
    """Counts for the CLI's closing line: agencies, flagged group differences."""
    diff = tables.get("perbedaan_kelompok", pd.DataFrame())
    return {"agencies": len(tables.get("reliabilitas", [])),
            "flagged": int(diff["flag"].sum()) if "flag" in diff else 0,
            "rows": int(sum(len(v) for v in tables.values()))}


