"""The use-case layer (``kinerja_survey.cycle``): one place results are put together.

A predikat override recorded in the store must reach every output: the dashboard, the Excel
workbook, the CLI ``analyze`` tables and the PDF report.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kinerja_survey import cycle as uc
from kinerja_survey.apps import dashboard as dash
from kinerja_survey.cli import main
from kinerja_survey.present import reports
from kinerja_survey.present.labels import column_label
from kinerja_survey.store import Store


def test_link_url_is_one_rule():
    assert uc.link_url("http://127.0.0.1:8866/", "T") == "http://127.0.0.1:8866/?token=T"
    assert uc.link_url("http://127.0.0.1:8866", "T") == "http://127.0.0.1:8866/?token=T"
    assert uc.link_url("https://host.go.id/penilaian", "T") == "https://host.go.id/penilaian/?token=T"
    assert uc.link_url("https://host.go.id/?lang=en", "T") == "https://host.go.id/?lang=en&token=T"


def test_link_url_default_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(uc.RATER_URL_ENV, "https://nilai.example.go.id/")
    assert uc.link_url(None, "T") == "https://nilai.example.go.id/?token=T"
    monkeypatch.delenv(uc.RATER_URL_ENV)
    assert uc.link_url(None, "T") == "http://127.0.0.1:8866/?token=T"


def test_reissue_accepts_nips_with_dots_and_spaces(demo_store):
    store, cid = demo_store
    nip = store.employees_frame()["nip"].iloc[2]
    spaced = f"{nip[:8]} {nip[8:14]}.{nip[14]} {nip[15:]}"
    links = uc.reissue_links(store, cid, [spaced], actor="budi")
    assert links["nip"].tolist() == [nip]
    assert links["tautan"].iloc[0].endswith("?token=" + links["token"].iloc[0])
    assert store.open_link(links["token"].iloc[0]).cycle_id == cid
    with pytest.raises(uc.CycleError, match="tidak ada di roster"):
        uc.reissue_links(store, cid, ["199001012020011999"], actor="budi")
    assert store.audit_frame()["actor"].iloc[-1] == "budi"


@pytest.fixture(scope="module")
def demo_store(demo_db):
    store = Store(demo_db[0])
    yield store, demo_db[1]
    store.dispose()


def _a_ratee_with_predikat(store, cid) -> tuple[str, str, str]:
    scores = uc.load_results(store, cid, provisional=True).scores  # the demo cycle is still open
    have = scores[scores["predikat"].notna()]
    nip = str(have.index[0])
    before = have["predikat"].iloc[0]
    after = "Sangat Kurang" if before != "Sangat Kurang" else "Sangat Baik"
    return nip, before, after


def test_a_predikat_override_reaches_every_output(demo_store, tmp_path):
    store, cid = demo_store
    nip, before, after = _a_ratee_with_predikat(store, cid)
    db = store.url.replace("sqlite:///", "")

    def outputs():
        # the demo cycle is still open: every output is asked for its provisional results explicitly
        people = dash.load_dashboard_data(store, cid, sementara=True).people.set_index("nip")
        listing = dash.people_table(dash.load_dashboard_data(store, cid, sementara=True).people,
                                    meeting_mode=False).set_index("nip")
        wb_path = uc.export_workbook(uc.load_results(store, cid, provisional=True),
                                     tmp_path / f"hasil-{len(list(tmp_path.iterdir()))}.xlsx", fairness=False)
        wb = openpyxl.load_workbook(wb_path, read_only=True)
        rows = list(wb["skor"].iter_rows(values_only=True))
        wb.close()
        header = list(rows[0])
        excel = {r[header.index(column_label("ratee"))]: r[header.index(column_label("predikat"))] for r in rows[1:]}
        out_dir = tmp_path / f"cli-{len(list(tmp_path.iterdir()))}"
        res = CliRunner().invoke(main, ["--db", db, "--petugas", "tester", "analisis", str(cid), "--keluaran", str(out_dir),
                                        "--sementara"])
        assert res.exit_code == 0, res.output
        cli = pd.read_csv(out_dir / "skor.csv", dtype={"ratee": str}).set_index("ratee")["predikat"]
        pdf = reports.render_pdf(reports.feedback_report(uc.load_results(store, cid, provisional=True), nip))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        return people.at[nip, "predikat"], listing.at[nip, "predikat"], excel[nip], cli[nip], " ".join(text.split())

    d, listing, x, c, text = outputs()
    assert d == listing == x == c == before
    assert "ditetapkan" not in text

    store.override_predikat(cid, nip, after, "Hasil sidang Tim Penilai Kinerja 12/2026", actor="ketua-tpk")
    d, listing, x, c, text = outputs()
    assert d == listing == x == c == after
    assert f"Predikat ditetapkan {after} (usulan dari perhitungan: {before})" in text
    assert "Tim Penilai Kinerja" in text
    usulan = uc.load_results(store, cid, provisional=True).scores.loc[nip, "predikat_usulan"]
    assert usulan == before  # the computed proposal is kept beside the decision


def test_docstring_examples_of_the_link_rule_and_the_number_formatter():
    import doctest

    from kinerja_survey import i18n
    from kinerja_survey.cycle import core

    for module in (core, i18n):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_one_decision_says_how_final_results_are(demo_store):
    """``CycleResults.state`` decides open / unpublished / final once; the keterangan sheet
    (``status_text``), the report banner and ``provisional`` all read it."""
    import dataclasses

    from kinerja_survey.i18n import t

    store, cid = demo_store
    res = uc.load_results(store, cid, provisional=True)  # the demo cycle is open
    nip = res.scores["combined"].dropna().index[0]
    cases = [("draft", cid, "open"), ("open", cid, "open"), ("closed", cid, "unpublished"),
             ("published", cid, "final"), ("closed", None, "final")]  # no cycle id: frames, nothing to publish
    for status, cycle_id, state in cases:
        r = dataclasses.replace(res, status=status, cycle_id=cycle_id)
        assert r.state == state and r.provisional == (state != "final"), (status, cycle_id)
        words = uc.status_text(r)
        assert words == r.state_text() and words.startswith("HASIL SEMENTARA") == (state != "final")
        assert uc.info_table(r).set_index("keterangan").loc["status", "nilai"] == words
        report = reports.feedback_report(r, nip)
        assert report.provisional == r.provisional and report.status_note == (words if r.provisional else "")
        assert r.state_text("en").startswith("PROVISIONAL") == (state != "final")
    assert uc.status_text(dataclasses.replace(res, status="published")) == t("results.state_published")


def test_per_ratee_reliability_computes_three_tables_not_a_second_report(demo_store, monkeypatch):
    from kinerja_survey.analysis import reliability as rel

    store, cid = demo_store
    res = uc.load_results(store, cid, provisional=True)
    res.reliability()  # the whole cycle's report, computed once and kept
    real, calls = rel.reliability_report, []

    def counted(data, **kw):  # the real function, its calls counted
        calls.append(kw.get("tables"))
        return real(data, **kw)

    monkeypatch.setattr(rel, "reliability_report", counted)
    got = uc.per_ratee_reliability(res)
    assert calls == [uc.PER_RATEE_RELIABILITY]
    whole_of_shown = real(res.shown_ratings)
    assert list(got) == list(uc.PER_RATEE_RELIABILITY)
    for name, table in got.items():
        pd.testing.assert_frame_equal(table, whole_of_shown[name])
