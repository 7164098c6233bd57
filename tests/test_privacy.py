"""Personal data (UU 27/2022): access export, correction, retention, export log (``cycle.privacy``).

* An access export of a rated person holds no rater identity (no rater column; no peer or
  subordinate who rated them appears unless the person rated them too) and no answer of a group
  under its anonymity threshold.
* After retention no NIP or name of the retained period's departed people remains anywhere in the
  database, no row of that period refers to a real person, and the organisation-level statistics
  of the period (reliability and agreement tables, the predikat distribution) are unchanged.
* A correction is audited; every CLI file export is in the export log.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from conftest import cli_as

from kinerja_survey import cycle as uc
from kinerja_survey.analysis import displayable_ratings, reliability_report
from kinerja_survey.cli import main
from kinerja_survey.demo import build_demo, generate_organisation
from kinerja_survey.store import Store

ORG_TABLES = ("icc", "cronbach", "agreement", "krippendorff", "agreement_indices", "omega", "var_components",
              "d_study", "convergence", "summary")  # the organisation-wide tables (no ratee column)


@pytest.fixture
def closed(store_url):
    store = Store(store_url)
    demo = build_demo(store, n_employees=30, seed=4, submit_rate=0.9, draft_rate=0.05)
    cid = demo.cycle_id
    nips = store.employees_frame()["nip"].astype(str).tolist()
    store.set_hasil_kerja(cid, pd.DataFrame({"nip": nips, "rating": ["Sesuai Ekspektasi"] * len(nips)}),
                          actor="uji")
    uc.close_cycle(store, cid, actor="uji")
    yield store, cid
    store.dispose()


def _org_stats(store, cid):
    results = uc.load_results(store, cid)
    report = reliability_report(results.ratings)
    predikat = results.scores["predikat"].fillna("-").value_counts().sort_index()
    return {name: report[name] for name in ORG_TABLES}, predikat, results


def test_access_export_names_no_rater_and_no_hidden_group(closed, tmp_path):
    store, cid = closed
    ratings = store.ratings_frame(cid)
    shown = displayable_ratings(ratings)
    # a person with a hidden group (below its threshold) and peers or subordinates who rated them
    hidden = ratings.merge(shown, how="left", indicator=True).query("_merge == 'left_only'")
    candidates = [n for n in hidden["ratee"].unique()
                  if set(ratings[(ratings["ratee"] == n)]["relationship"]) & {"peer", "subordinate"}]
    assert candidates, "the demo must have a ratee with a hidden group"
    nip = candidates[0]
    path = tmp_path / "akses.xlsx"
    sheets = uc.export_personal_data(store, nip, path, actor="uji")
    read = pd.read_excel(path, sheet_name=None, dtype=str)
    assert set(read) == set(sheets)
    for frame in read.values():
        assert not {"rater", "penilai"} & set(frame.columns)
    raters_of = set(ratings[(ratings["ratee"] == nip) & ratings["relationship"].isin(["peer", "subordinate"])]["rater"])
    rated_by = set(ratings[ratings["rater"] == nip]["ratee"])
    everything = " ".join(" ".join(f.astype(str).fillna("").to_numpy().ravel()) for f in read.values())
    for rater in raters_of - rated_by - {nip}:
        assert rater not in everything
    got = sheets["penilaian_diterima"]
    hidden_groups = set(hidden[hidden["ratee"] == nip]["relationship"])
    assert hidden_groups and not hidden_groups & set(got["relationship"])
    expected = shown[shown["ratee"] == nip]
    assert len(got) == len(expected) and np.isclose(got["rating"].sum(), expected["rating"].sum())
    assert sheets["profil"]["nip"].tolist() == [nip]
    log = uc.export_log_frame(store)
    assert log[["what", "people", "actor"]].values.tolist() == [["data-pribadi", 1, "uji"]]


def _all_text(store) -> str:
    parts = []
    with store.engine.connect() as conn:
        for name in sa.inspect(conn).get_table_names():
            for row in conn.execute(sa.text(f'SELECT * FROM "{name}"')):
                parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def test_retention_removes_every_nip_and_name_and_keeps_organisation_statistics(closed):
    store, cid = closed
    stats_before, predikat_before, results = _org_stats(store, cid)
    assert len(predikat_before) >= 1 and predikat_before.sum() == len(results.scores)
    people = store.employees_frame(active_only=False)[["nip", "nama"]].astype(str)
    # a third of the staff left since: the next roster has the others only
    roster = generate_organisation(30, seed=4)
    heads = set(roster["atasan_nip"].dropna().astype(str))
    leaving = set([n for n in roster["nip"].astype(str) if n not in heads][::3])
    assert len(leaving) >= 5
    preview_roster = uc.preview_roster(store, roster[~roster["nip"].astype(str).isin(leaving)])
    uc.import_roster_checked(store, preview_roster.frame, actor="uji", confirm=True)
    assert set(store.employees_frame(active_only=True)["nip"].astype(str)).isdisjoint(leaving)
    uc.set_retention_years(store, 5, actor="uji")
    with pytest.raises(uc.privacy.PrivacyError):  # the period is still within the retention period
        uc.preview_retention(store, "2027-01-01", today=dt.date(2029, 1, 1))
    preview = uc.preview_retention(store, "2027-01-01", today=dt.date(2033, 6, 1))
    assert preview["cycles"] == [cid] and preview["people"] == len(people)
    with pytest.raises(uc.ConfirmationRequired):
        uc.apply_retention(store, "2027-01-01", actor="uji", today=dt.date(2033, 6, 1))
    done = uc.apply_retention(store, "2027-01-01", actor="uji", confirm=True, today=dt.date(2033, 6, 1))
    assert done["deleted"] == len(leaving)

    text = _all_text(store)
    departed = people[people["nip"].isin(leaving)]
    for nip, name in departed.itertuples(index=False):
        assert nip not in text and name not in text
    # nobody on the roster is linked to the retained period any more
    for frame, cols in ((store.assignments_frame(cid), ("rater", "ratee")), (store.hasil_kerja_frame(cid), ("nip",))):
        for col in cols:
            assert frame[col].dropna().astype(str).str.startswith(uc.privacy.PSEUDONYM_PREFIX).all()
    assert store.comments_frame(cid).empty
    audit = store.audit_frame()
    assert audit["action"].iloc[-1] == "retention" and audit["actor"].iloc[-1] == "uji"

    stats_after, predikat_after, _ = _org_stats(store, cid)
    pd.testing.assert_series_equal(predikat_after, predikat_before)
    for name in ORG_TABLES:
        pd.testing.assert_frame_equal(stats_after[name].reset_index(drop=True),
                                      stats_before[name].reset_index(drop=True), check_exact=False, rtol=1e-9,
                                      obj=name)


def test_retention_preview_via_cli_refuses_a_date_inside_the_retention_period(tmp_path):
    db = tmp_path / "k.sqlite"
    run = lambda *a, **k: CliRunner().invoke(main, ["--db", str(db), "--petugas", "budi", *a],
                                             catch_exceptions=False, **k)
    assert run("siapkan").exit_code == 0
    assert "7 tahun" in run("retensi", "--tahun", "7").output
    today = dt.date.today()
    refused = run("retensi", "--sebelum", today.isoformat())
    assert refused.exit_code == 1 and "masa retensi" in refused.output and "7 tahun" in refused.output
    nothing = run("retensi", "--sebelum", today.replace(year=today.year - 8).isoformat())
    assert nothing.exit_code == 0 and "tidak ada periode" in nothing.output


def test_a_correction_is_audited_and_exports_are_logged(tmp_path):
    db = tmp_path / "k.sqlite"
    run = lambda *a: CliRunner().invoke(main, ["--db", str(db), "--petugas", "budi", *a],
                                        catch_exceptions=False)
    assert run("demo", "--pegawai", "12").exit_code == 0
    store = Store(db)
    nip = store.employees_frame()["nip"].astype(str).iloc[0]
    store.dispose()
    bad = run("koreksi-data", nip, "--kolom", "nama", "--nilai", "Nama Baru", "--alasan", "x")
    assert bad.exit_code == 1 and "Alasan" in bad.output
    ok = run("koreksi-data", nip, "--kolom", "nama", "--nilai", "Nama Baru", "--alasan", "permintaan pegawai")
    assert ok.exit_code == 0, ok.output
    store = Store(db)
    assert store.employees_frame().set_index("nip").at[nip, "nama"] == "Nama Baru"
    last = store.audit_frame().iloc[-1]
    assert last["action"] == "correct_personal_data" and last["actor"] == cli_as("budi")
    assert nip not in last["detail_json"] and "Nama Baru" not in last["detail_json"]
    store.dispose()
    out = tmp_path / "analisis"
    assert run("analisis", "1", "--keluaran", str(out), "--sementara").exit_code == 0
    assert run("data-pribadi", nip, "--keluaran", str(tmp_path / "saya.xlsx")).exit_code == 0
    log = uc.export_log_frame(Store(db))
    assert log["what"].tolist() == ["analisis", "data-pribadi"]
    assert log["people"].tolist()[0] == 12 and log["actor"].tolist() == [cli_as("budi")] * 2
    assert "analisis" in run("log-ekspor").output
