"""National scale (issue 25): the DuckDB engine equals the pandas path, the anonymised national
file carries nothing hidden, the pooled analysis finds a planted group difference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import demo
from kinerja_survey.analysis import ScoringConfig, analyse
from kinerja_survey.frames import AnalysisError

KEYS = {"scores": None, "icc": "group", "cronbach": "competency", "rwg_j": "ratee", "agreement": "competency"}


def assert_same(a: dict, b: dict, by: str | None = None) -> int:
    """Every shared statistic equal to 1e-9 (NaN where NaN), every text equal; returns the figures compared.

    A combined score on a perilaku cut point (true value 3.0 or 4.25) may come out 1 ulp under it on
    one engine and 1 ulp over it on the other, as the additions run in another order;
    ``predikat.rating_perilaku`` takes a score within 1e-9 below a cut as on it, so both engines give
    the same (higher) rating and every rating is compared as text."""
    compared = 0
    assert list(a) == list(b)
    for name, A in a.items():
        B = b[name]
        key = [k for k in ([by] if by else []) + ([KEYS[name]] if KEYS[name] else [])]
        if name == "scores":
            A, B = A.reset_index(), B.reset_index()
            key = key + ["ratee"]
        A, B = A.set_index(key).sort_index(), B.set_index(key).sort_index()
        assert set(A.columns) == set(B.columns), name
        assert A.index.equals(B.index), name
        for c in A.columns:
            x, y = A[c], B[c]
            if pd.api.types.is_numeric_dtype(x) and not pd.api.types.is_bool_dtype(x):
                xv, yv = x.to_numpy(float), y.to_numpy(float)
                assert (np.isnan(xv) == np.isnan(yv)).all(), (name, c)
                ok = ~np.isnan(xv)
                np.testing.assert_allclose(yv[ok], xv[ok], rtol=0, atol=1e-9, err_msg=f"{name}.{c}")
                compared += int(ok.sum())
            else:
                assert [str(v) if pd.notna(v) else "NA" for v in x] == [str(v) if pd.notna(v) else "NA" for v in y], (
                    name, c)
    return compared


def cycle(n: int, seed: int, missing: float = 0.05, raters: int = 9) -> pd.DataFrame:
    return demo.simulate_ratings(demo.synthetic_assignments(n, raters_per_ratee=raters, seed=seed), seed=seed,
                                 missing_rate=missing).ratings


@pytest.mark.parametrize("n,seed,missing,raters", [(40, 1, 0.0, 9), (300, 2, 0.05, 9), (1500, 3, 0.2, 6),
                                                   (5000, 4, 0.03, 12)])
def test_duckdb_equals_pandas_on_generated_cycles(n, seed, missing, raters):
    df = cycle(n, seed, missing, raters)
    a = analyse(df, engine="pandas")
    b = analyse(df, engine="duckdb", memory_limit="1GB")
    assert assert_same(a, b) > n * 10
    # the run compares something: figures are estimated, groups hidden
    assert a["icc"]["ICC1"].notna().any() and a["cronbach"]["alpha"].notna().all()


@pytest.mark.slow
def test_duckdb_equals_pandas_on_a_larger_cycle_spilling_to_disk(tmp_path):
    """30,000 ratees (5.5 M answers) under a 200 MB memory limit: DuckDB spills and still agrees."""
    df = cycle(30_000, 11, 0.03)
    path = tmp_path / "big.parquet"
    df.to_parquet(path)
    a = analyse(df, engine="pandas")
    b = analyse(path, engine="duckdb", memory_limit="200MB", threads=1, temp_directory=tmp_path / "spill")
    assert assert_same(a, b) > 300_000


def test_unbalanced_missing_small_and_hidden_groups(tmp_path):
    """Ratees with 1-2 peers (hidden), lone subordinates, whole questionnaires unanswered, a stakeholder
    group, items skipped by whole competencies, a text-typed frame, hasil kerja: still equal."""
    rng = np.random.default_rng(7)
    df = cycle(400, 5, 0.1)
    df = df.astype({c: str for c in ("ratee", "rater", "relationship", "competency", "item")})
    keep = rng.random(len(df)) > 0.15  # drop answers and whole rows unevenly
    df = df[keep | (df["relationship"] == "self")].reset_index(drop=True)
    peers = df["relationship"] == "peer"
    cut = df["ratee"].isin(df["ratee"].unique()[:120])
    drop_raters = df[peers & cut].groupby("ratee")["rater"].unique().apply(lambda r: list(r[1:])).explode()
    gone = pd.MultiIndex.from_frame(drop_raters.reset_index()[["ratee", "rater"]].dropna())
    df = df[~pd.MultiIndex.from_frame(df[["ratee", "rater"]]).isin(gone)].reset_index(drop=True)
    unanswered = df["rater"].isin(df["rater"].unique()[:30]) & (df["competency"] == "BER")
    df.loc[unanswered, "rating"] = np.nan
    df.loc[df.sample(frac=0.02, random_state=1).index, "rating"] = np.nan
    extra = df[df["relationship"] == "peer"].head(2000).copy()
    extra["relationship"] = "stakeholder"
    extra["rater"] = "S-" + extra["rater"].astype(str)
    df = pd.concat([df, extra], ignore_index=True)
    hk = pd.Series(rng.choice(["Diatas Ekspektasi", "Sesuai Ekspektasi", "Dibawah Ekspektasi"], df["ratee"].nunique()),
                   index=sorted(df["ratee"].unique()))
    config = ScoringConfig(thresholds={"peer": 3, "subordinate": 4, "stakeholder": 2}, min_others=5)
    a = analyse(df, engine="pandas", config=config, hasil_kerja=hk)
    b = analyse(df, engine="duckdb", config=config, hasil_kerja=hk)
    assert assert_same(a, b) > 1000
    s = a["scores"]
    assert s["mean_peer"].isna().any() and s["groups_suppressed"].astype(str).str.contains("peer").any()
    assert "mean_stakeholder" in s.columns and s["predikat"].notna().any()
    # from Parquet, as the national pool is read
    path = tmp_path / "cycle.parquet"
    df.to_parquet(path)
    c = analyse(path, engine="duckdb", config=config, hasil_kerja=hk)
    assert_same(a, c)


def test_pivot_in_several_passes_gives_the_same_tables(monkeypatch):
    from kinerja_survey.analysis import outofcore

    df = cycle(600, 12, 0.05)
    a = analyse(df, engine="duckdb")
    monkeypatch.setattr(outofcore, "PASS_ROWS", len(df) // 5)
    seen = []
    b = analyse(df, engine="duckdb", progress=lambda stage, done, total: seen.append((stage, done)))
    assert len({d for s, d in seen if s == "pivot"}) >= 6  # start, five passes
    assert_same(a, b)


def test_partitioned_by_agency_equals_pandas_per_agency(tmp_path):
    parts = []
    for k, n in enumerate((60, 250, 700)):
        parts.append(cycle(n, 10 + k, 0.04).astype({"ratee": str, "rater": str}).assign(agency=f"A{k}"))
    df = pd.concat(parts, ignore_index=True)
    for k, part in enumerate(parts):
        part.to_parquet(tmp_path / f"a{k}.parquet")
    a = analyse(df, engine="pandas", by="agency")
    b = analyse(tmp_path, engine="duckdb", by="agency")
    assert assert_same(a, b, by="agency") > 1000
    assert sorted(b["icc"]["agency"].unique()) == ["A0", "A1", "A2"]
    # the pandas engine on the files reads one agency at a time (each_partition): the same tables
    assert_same(a, analyse(tmp_path, engine="pandas", by="agency"), by="agency")


def test_each_partition_runs_the_in_memory_statistics_per_agency(tmp_path):
    """Krippendorff's alpha does not decompose: it runs per agency, one agency in memory at a time."""
    from kinerja_survey.analysis import krippendorff_alpha
    from kinerja_survey.analysis.outofcore import each_partition

    frames = {}
    for k, n in enumerate((50, 90)):
        frames[f"A{k}"] = cycle(n, 20 + k).astype({"ratee": str, "rater": str, "item": str}).assign(agency=f"A{k}")
        frames[f"A{k}"].to_parquet(tmp_path / f"a{k}.parquet")
    got = dict(each_partition(tmp_path, "agency"))
    assert list(got) == ["A0", "A1"]
    for key, frame in got.items():
        mine = frame.assign(unit=frame["ratee"] + "|" + frame["item"])
        ref = frames[key].assign(unit=frames[key]["ratee"] + "|" + frames[key]["item"])
        assert len(frame) == len(ref)
        assert krippendorff_alpha(mine, "unit", "rater", "rating") == pytest.approx(
            krippendorff_alpha(ref, "unit", "rater", "rating"), abs=1e-12)


def test_auto_engine_and_bad_input(monkeypatch):
    df = cycle(50, 1)
    from kinerja_survey.analysis import outofcore

    seen = []
    monkeypatch.setattr(outofcore, "AUTO_PANDAS_MAX_ANSWERS", len(df) - 1)
    analyse(df, tables=["icc"], progress=lambda stage, done, total: seen.append(stage))
    assert "pivot" in seen  # above the limit: DuckDB
    seen.clear()
    monkeypatch.setattr(outofcore, "AUTO_PANDAS_MAX_ANSWERS", len(df))
    analyse(df, tables=["icc"], progress=lambda stage, done, total: seen.append(stage))
    assert seen and "pivot" not in seen
    with pytest.raises(AnalysisError):
        analyse(df, engine="spark")
    with pytest.raises(AnalysisError):
        analyse(df, tables=["omega"])
    twice = pd.concat([df, df.head(1)], ignore_index=True)
    with pytest.raises(AnalysisError, match="dua kali|twice"):
        analyse(twice, engine="duckdb", tables=["icc"])
    bad = df.astype({"relationship": str}).copy()
    bad.loc[3, "relationship"] = "boss"
    with pytest.raises(AnalysisError):
        analyse(bad, engine="duckdb", tables=["icc"])


def test_rel_change_is_refused():
    df = cycle(30, 2).astype({"relationship": str})
    i = df.index[df["relationship"] == "peer"][0]
    df.loc[i, "relationship"] = "subordinate"
    with pytest.raises(AnalysisError):
        analyse(df, engine="duckdb", tables=["icc"])


# --------------------------------------------------------------------------------------------
# the anonymised national file
# --------------------------------------------------------------------------------------------

def _flip_answers(store, cycle_id, pairs):
    """Reverse the answers (x -> 6 - x) of the given (ratee, rater) NIP pairs, straight in the database."""
    import sqlalchemy as sa

    sql = sa.text("""UPDATE answers SET value = 6 - value WHERE value IS NOT NULL AND response_id IN (
        SELECT r.id FROM responses r JOIN assignments a ON a.id = r.assignment_id
        JOIN employees e1 ON e1.id = a.rater_id JOIN employees e2 ON e2.id = a.ratee_id
        WHERE a.cycle_id = :c AND e1.nip = :rater AND e2.nip = :ratee)""")
    with store.engine.begin() as conn:
        for ratee, rater in pairs:
            conn.execute(sql, {"c": cycle_id, "ratee": ratee, "rater": rater})


@pytest.fixture(scope="module")
def closed_demo(demo_db):
    from kinerja_survey.cycle import close_cycle
    from kinerja_survey.store import Store

    path, cycle_id, _ = demo_db
    store = Store(f"sqlite:///{path}")
    close_cycle(store, cycle_id, actor="uji")
    return store, cycle_id


def test_national_file_holds_only_displayable_answers_and_no_nip(closed_demo, tmp_path):
    from kinerja_survey.cycle import load_results
    from kinerja_survey.cycle.national import NATIONAL_COLUMNS, export_anonymous

    store, cycle_id = closed_demo
    res = load_results(store, cycle_id)
    path = tmp_path / "a.parquet"
    stages = []
    got = export_anonymous(store, cycle_id, path, agency="K01", secret="kunci-instansi", org_predikat="Baik",
                           progress=lambda stage, done, total: stages.append((stage, done, total)))
    assert [s for s, done, total in stages if done == total] == ["load", "pseudonymise", "write"]
    table = pd.read_parquet(path)
    assert tuple(table.columns) == NATIONAL_COLUMNS
    assert got["rows"] == len(table) == len(res.shown_ratings) and got["hidden_rows"] > 0
    nips = set(store.employees_frame(active_only=False)["nip"].astype(str))
    names = set(store.employees_frame(active_only=False)["nama"].astype(str))
    text = " ".join(map(str, table.to_numpy().ravel()))
    assert not any(n in text for n in nips) and not any(n in text for n in names if len(n) > 3)
    assert table["ratee"].str.startswith("P-").all() and (table["agency"] == "K01").all()
    assert set(table["ratee_gender"]) <= {"L", "P", ""} and table["predikat"].notna().any()
    # the same key and agency: the same codes (linkable across the agency's periods); another agency: none shared
    again = tmp_path / "b.parquet"
    export_anonymous(store, cycle_id, again, agency="K01", secret="kunci-instansi")
    assert set(pd.read_parquet(again)["ratee"]) == set(table["ratee"])
    other = tmp_path / "c.parquet"
    export_anonymous(store, cycle_id, other, agency="K02", secret="kunci-lain")
    assert not set(pd.read_parquet(other)["ratee"]) & set(table["ratee"])


def test_changing_hidden_answers_changes_nothing_in_the_national_file(closed_demo, tmp_path):
    from kinerja_survey.cycle import load_results
    from kinerja_survey.cycle.national import export_anonymous

    store, cycle_id = closed_demo
    res = load_results(store, cycle_id)
    key = ["ratee", "rater"]
    all_pairs = res.ratings[key].astype(str).drop_duplicates()
    shown_pairs = res.shown_ratings[key].astype(str).drop_duplicates()
    hidden = all_pairs.merge(shown_pairs, how="left", indicator=True).query("_merge == 'left_only'")
    assert len(hidden) >= 3
    before = tmp_path / "before.parquet"
    export_anonymous(store, cycle_id, before, agency="K01", secret="s")
    _flip_answers(store, cycle_id, hidden[key].itertuples(index=False))
    after = tmp_path / "after.parquet"
    export_anonymous(store, cycle_id, after, agency="K01", secret="s")
    pd.testing.assert_frame_equal(pd.read_parquet(before), pd.read_parquet(after))
    # a displayed answer does change the file (the comparison can fail)
    _flip_answers(store, cycle_id, shown_pairs.head(1).itertuples(index=False))
    changed = tmp_path / "changed.parquet"
    export_anonymous(store, cycle_id, changed, agency="K01", secret="s")
    assert not pd.read_parquet(before).equals(pd.read_parquet(changed))


# --------------------------------------------------------------------------------------------
# the pooled analysis
# --------------------------------------------------------------------------------------------

def _pool(tmp_path, effect, seed):
    from kinerja_survey.cycle.national import pooled_analysis, write_generated_pool

    folder = tmp_path / f"pool-{effect}"
    write_generated_pool(folder, 8, median_ratees=180, seed=seed, gender_effect=effect)
    return folder, pooled_analysis(folder, memory_limit="1GB", threads=1)


def test_pooled_analysis_finds_a_planted_gender_difference(tmp_path):
    _, tables = _pool(tmp_path, 0.3, seed=4)
    diff = tables["perbedaan_kelompok"]
    national = diff[(diff["scope"] == "nasional") & (diff["attribute"] == "ratee_gender")].set_index("group")
    assert national.loc["P", "flag"] and national.loc["P", "g"] > 0.3 and national.loc["L", "g"] < -0.3
    # the planted difference is in gender only: golongan and jenis jabatan are not flagged nationally
    assert not diff[(diff["scope"] == "nasional") & (diff["attribute"] != "ratee_gender")]["flag"].any()
    assert len(tables["reliabilitas"]) == 8 and tables["reliabilitas"]["ICC1"].between(0.2, 0.9).all()
    assert set(tables) == {"reliabilitas", "icc", "keketatan_penilai", "perbedaan_kelompok", "kurva_distribusi",
                           "sebaran_predikat"}


def test_pooled_analysis_flags_nothing_without_a_difference(tmp_path):
    _, tables = _pool(tmp_path, 0.0, seed=5)
    diff = tables["perbedaan_kelompok"]
    assert len(diff) > 20 and not diff["flag"].any()


def test_small_groups_are_hidden_and_severity_matches_a_direct_computation(tmp_path):
    from kinerja_survey.cycle.national import pooled_analysis, write_generated_pool

    folder = tmp_path / "pool"
    write_generated_pool(folder, 3, sizes=[60, 40, 25], seed=6)
    raw = pd.concat([pd.read_parquet(f) for f in sorted(folder.glob("*.parquet"))], ignore_index=True)
    # a golongan held by 2 people in one agency: its row must not appear
    few = raw["ratee"].isin(raw.loc[raw["agency"] == "K0000", "ratee"].unique()[:2])
    raw.loc[few, "ratee_golongan"] = "I"
    raw.loc[raw["agency"] == "K0000"].to_parquet(folder / "K0000.parquet", index=False)
    tables = pooled_analysis(folder, min_people=5)
    diff = tables["perbedaan_kelompok"]
    assert not (diff["group"] == "I").any() and (diff["n"] >= 5).all() and (diff["n_rest"] >= 5).all()
    # rater severity: the other raters' leave-one-out mean minus the rater's scale score, averaged per rater
    q = raw[raw["relationship"] != "self"].groupby(["agency", "ratee", "rater"], observed=True)["rating"].mean()
    q = q.dropna().reset_index(name="score")
    g = q.groupby(["agency", "ratee"])["score"]
    q["n"], q["s"] = g.transform("size"), g.transform("sum")
    q = q[q["n"] >= 2]
    q["dev"] = (q["s"] - q["score"]) / (q["n"] - 1) - q["score"]
    per = q.groupby(["agency", "rater"])["dev"].agg(["mean", "size"])
    per = per[per["size"] >= 3]["mean"]
    expect = per.groupby("agency").agg(["size", "mean", "std", "median"])
    got = tables["keketatan_penilai"].set_index("agency")
    np.testing.assert_allclose(got["n_raters"], expect["size"])
    np.testing.assert_allclose(got[["mean", "sd", "median"]].to_numpy(), expect[["mean", "std", "median"]].to_numpy(),
                               atol=1e-12)


def test_pooled_workbook_has_indonesian_headers_and_no_formulas(tmp_path):
    import openpyxl

    from kinerja_survey.cycle.national import (
        pooled_analysis,
        write_generated_pool,
        write_pooled_workbook,
    )

    folder = tmp_path / "pool"
    write_generated_pool(folder, 2, sizes=[40, 30], seed=8)
    f = folder / "K0001.parquet"
    pd.read_parquet(f).assign(agency="=HYPERLINK(\"http://x\")").to_parquet(f, index=False)
    path = write_pooled_workbook(pooled_analysis(folder), tmp_path / "gabungan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert "reliabilitas" in wb.sheetnames and "perbedaan_kelompok" in wb.sheetnames
    ws = wb["reliabilitas"]
    assert ws.cell(1, 1).value == "Instansi"
    diff = wb["perbedaan_kelompok"]
    assert [c.value for c in diff[1]][:3] == ["Cakupan", "Atribut", "Kelompok"]
    assert {diff.cell(r, 2).value for r in range(2, diff.max_row + 1)} <= {"jenis kelamin", "golongan", "jenis jabatan"}
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_notebook_is_thin_and_runs(tmp_path, monkeypatch):
    import json
    from pathlib import Path

    from kinerja_survey.cycle.national import write_generated_pool

    write_generated_pool(tmp_path / "pool", 4, median_ratees=60, seed=3)
    monkeypatch.setenv("KINERJA_NATIONAL_DIR", str(tmp_path / "pool"))
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path))
    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "analisis-nasional.ipynb").read_text())
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert 6 <= len(cells) <= 10
    assert not any(line.lstrip().startswith(("def ", "class ", "for ", "while ")) for c in cells for line in c.splitlines())
    ns = {"display": lambda *a: None}
    for src in cells:
        exec(compile(src, "analisis-nasional.ipynb", "exec"), ns)  # noqa: S102 (the repository's own notebook)
    assert len(ns["tables"]["reliabilitas"]) == 4 and (tmp_path / "analisis-nasional.xlsx").exists()


def test_stored_cycle_on_both_engines(closed_demo):
    from kinerja_survey.cycle.national import analyse_cycle

    store, cycle_id = closed_demo
    a = analyse_cycle(store, cycle_id, engine="pandas")
    b = analyse_cycle(store, cycle_id, engine="duckdb")
    assert assert_same(a, b) > 500 and a["scores"]["predikat"].notna().any()


def test_nan_answers_empty_keys_and_untidy_relationships(tmp_path):
    """NaN answers in a Parquet file are unanswered items; ' Peer' is 'peer'; an empty key is refused."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = cycle(80, 9, 0.05).astype({c: str for c in ("ratee", "rater", "relationship", "competency", "item")})
    df["relationship"] = df["relationship"].replace({"peer": " Peer"})
    path = tmp_path / "nan.parquet"
    pq.write_table(pa.table({c: pa.array(df[c].to_numpy(), from_pandas=c != "rating") for c in df.columns}), path)
    assert pq.read_table(path).column("rating").null_count == 0  # the NaNs are NaN in the file
    assert_same(analyse(df, engine="pandas"), analyse(path, engine="duckdb"))
    empty = df.copy()
    empty.loc[5, "rater"] = None
    with pytest.raises(AnalysisError):
        analyse(empty, engine="duckdb", tables=["icc"])


def test_a_text_answer_in_a_file_is_a_clear_error(tmp_path):
    df = cycle(20, 3).astype({"rating": object})
    df.loc[7, "rating"] = "lima"
    df.astype({"rating": str}).to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(AnalysisError, match="DuckDB"):
        analyse(tmp_path / "bad.parquet", engine="duckdb", tables=["icc"])


def test_effect_size_and_holm_match_pingouin_and_statsmodels():
    """Hedges' g equals ``pingouin.compute_effsize(x, y, eftype="hedges")``; Holm's adjustment equals
    ``statsmodels.stats.multitest.multipletests(p, method="holm")``."""
    import pingouin as pg
    from statsmodels.stats.multitest import multipletests

    from kinerja_survey.analysis.pooled import hedges_g, holm

    rng = np.random.default_rng(1)
    x, y = rng.normal(0.3, 1, 40), rng.normal(0, 1.2, 55)
    assert hedges_g(x, y) == pytest.approx(pg.compute_effsize(x, y, eftype="hedges"), abs=1e-12)
    p = np.array([0.01, 0.04, 0.03, 0.5, np.nan, 0.001])
    ok = ~np.isnan(p)
    np.testing.assert_allclose(holm(p)[ok], multipletests(p[ok], method="holm")[1], atol=1e-15)


def test_the_two_commands_through_the_cli(closed_demo, tmp_path, monkeypatch):
    """``ekspor-anonim`` and ``analisis-gabungan`` as HR and analysts type them: Indonesian options,
    the file named in the export log, a wrong suffix refused as a usage error without a traceback."""
    from click.testing import CliRunner

    from kinerja_survey.cli import main
    from kinerja_survey.cycle.national import write_generated_pool

    monkeypatch.setenv("KINERJA_SURVEY_PSEUDONYM_SECRET", "kunci-instansi-uji-panjang")
    store, cycle_id = closed_demo
    db = store.engine.url.database
    out = tmp_path / "K01.parquet"
    run = CliRunner().invoke(main, ["--db", db, "--petugas", "uji", "ekspor-anonim", str(cycle_id), "--keluaran", str(out),
                                    "--instansi", "K01", "--predikat-organisasi", "Baik"])
    assert run.exit_code == 0, run.output
    assert out.exists() and len(pd.read_parquet(out)) > 0
    log = CliRunner().invoke(main, ["--db", db, "log-ekspor"])
    assert "ekspor-anonim" in log.output and "K01.parquet" in log.output
    bad = CliRunner().invoke(main, ["--db", db, "ekspor-anonim", str(cycle_id), "--keluaran", str(tmp_path / "a.csv"),
                                    "--instansi", "K01"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    folder = tmp_path / "pool"
    write_generated_pool(folder, 3, median_ratees=60, seed=1)
    book = tmp_path / "nasional.xlsx"
    run = CliRunner().invoke(main, ["analisis-gabungan", str(folder), "--keluaran", str(book), "--memori", "1GB"])
    assert run.exit_code == 0, run.output
    assert book.exists() and "Traceback" not in run.output
