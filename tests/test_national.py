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
    """Every shared statistic equal to 1e-9 (NaN where NaN), every text equal; returns the figures compared."""
    compared = 0
    assert list(a) == list(b)
    for name in a:
        A, B = a[name], b[name]
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
                assert x.astype(str).tolist() == y.astype(str).tolist(), (name, c)
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
