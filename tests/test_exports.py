"""Excel export (sheets, values, meeting-mode pseudonymisation), PNG/SVG plots, and the
``fairness`` / ``analyze`` commands."""

from __future__ import annotations

import json
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.collections import LineCollection

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.scoring import score_cycle
from kinerja_survey.cli import main
from kinerja_survey.collect.nip import pseudonymise
from kinerja_survey.present import exports, plots
from kinerja_survey.cycle import close_cycle
from kinerja_survey.store import Store

NIP_RUN = re.compile(r"(?<!\d)\d{18}(?!\d)")


@pytest.fixture(scope="module")
def demo(demo_db):
    path, cycle_id, _ = demo_db
    store = Store(path)
    close_cycle(store, cycle_id, actor="tester")  # only a closed cycle has results by default
    yield store, cycle_id, path
    store.dispose()


@pytest.fixture(scope="module")
def workbooks(demo, tmp_path_factory):
    store, cycle, _ = demo
    d = tmp_path_factory.mktemp("wb")
    results = uc.load_results(store, cycle)
    plain = uc.export_workbook(results, d / "hasil.xlsx")
    meeting = uc.export_workbook(results, d / "rapat.xlsx", meeting_mode=True, secret="rahasia-uji")
    return plain, meeting


def _cells(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    return out


def _table(sheets: dict, name: str) -> pd.DataFrame:
    """A sheet as a DataFrame with its machine column names, read back through the workbook's
    own data dictionary (``kamus_data``: lembar, kolom, nama_asli, arti)."""
    kamus = pd.DataFrame(sheets["kamus_data"][1:], columns=sheets["kamus_data"][0])
    names = dict(zip(kamus.loc[kamus["lembar"] == name, "kolom"], kamus.loc[kamus["lembar"] == name, "nama_asli"]))
    rows = sheets[name]
    assert all(h in names for h in rows[0]), f"{name}: a column without an entry in kamus_data"
    return pd.DataFrame(rows[1:], columns=[names[h] for h in rows[0]])


def _leaks(sheets: dict, nips: set, names: set) -> list:
    found = []
    for title, rows in sheets.items():
        for row in rows:
            for v in row:
                if isinstance(v, str) and (NIP_RUN.search(v) or v in names or v in nips):
                    found.append((title, v))
                elif isinstance(v, int) and not isinstance(v, bool) and str(v) in nips:
                    found.append((title, v))
    return found


def test_workbook_has_the_expected_sheets(workbooks):
    sheets = _cells(workbooks[0])
    for name in ("skor", "rerata_kelompok", "reliabilitas_icc", "reliabilitas_summary", "keadilan_raters",
                 "keadilan_fair_scores", "keadilan_self_other", "keadilan_blind_spots", "keadilan_four_fifths",
                 "respons_unit", "respons_pegawai"):
        assert name in sheets, name
        assert len(sheets[name]) >= 2, name  # a header and data
    assert all(len(t) <= 31 for t in sheets)


def test_workbook_has_the_issue26_sheets_with_indonesian_headers_and_words(workbooks):
    """REML beside method III, the item-design G-study and D-study, omega hierarchical and item bias
    (DIF) are sheets of the analysis workbook; headers and codes (methods, components, DIF classes,
    rater groups) are Indonesian words."""
    sheets = _cells(workbooks[0])
    new = {"reliabilitas_g_study_reml": ["metode", "komponen"], "reliabilitas_g_study_items": ["komponen"],
           "reliabilitas_d_study_items": ["jumlah penilai (k)"],
           "reliabilitas_omega_hierarchical": ["omega hierarkis (ω_h)", "ECV (varians umum faktor umum)"],
           "reliabilitas_omega_loadings": ["muatan faktor umum", "porsi faktor umum"],
           "keadilan_item_bias": ["faktor", "χ² seragam", "p terkoreksi (Benjamini-Hochberg)", "ΔR² Nagelkerke",
                                  "kelas DIF (Jodoin-Gierl)", "rasio odds"]}
    for name, headers in new.items():
        assert name in sheets and len(sheets[name]) >= 2, name
        assert set(headers) <= set(sheets[name][0]), (name, sheets[name][0])
        _table(sheets, name)  # every header has its kamus_data row
    vc = _table(sheets, "reliabilitas_g_study_reml")
    assert list(vc["method"]) == ["metode III Henderson"] * 3 + ["REML (kemungkinan maksimum terbatas)"] * 3
    assert list(vc["component"][:3]) == ["pegawai dinilai", "penilai", "sisa (galat)"]
    assert "interaksi pegawai × penilai" in set(_table(sheets, "reliabilitas_g_study_items")["component"])
    dif = _table(sheets, "keadilan_item_bias")
    assert set(dif["dif_class"]) <= {"A: dapat diabaikan", "B: sedang", "C: besar"}
    assert "atasan, rekan" in set(dif["dif_groups"]) or "rekan, atasan" in set(dif["dif_groups"])


def test_scores_sheet_holds_score_cycle_values(demo, workbooks):
    store, cycle, _ = demo
    table = _table(_cells(workbooks[0]), "skor").set_index("ratee")
    hk = store.hasil_kerja_frame(cycle)
    ref = score_cycle(store.ratings_frame(cycle), hasil_kerja=pd.Series(hk["rating"].to_numpy(), index=hk["nip"]))
    ref.index = ref.index.astype(str)
    assert set(table.index) == set(ref.index)
    got = table.loc[ref.index, "combined"].astype(float).to_numpy()
    np.testing.assert_allclose(got, ref["combined"].to_numpy(), rtol=0, atol=1e-12)
    assert table.loc[ref.index, "predikat"].fillna("").tolist() == ref["predikat"].fillna("").tolist()
    emp = store.employees_frame().set_index("nip")
    assert (table["nama"] == emp.loc[table.index, "nama"]).all()


def test_group_means_sheet_respects_the_anonymity_threshold(workbooks):
    t = _table(_cells(workbooks[0]), "rerata_kelompok")
    small = t[(t["n_peer"] > 0) & (t["n_peer"] < 3)]
    assert len(small) > 0 and small["mean_peer"].isna().all()
    assert t.loc[t["n_peer"] >= 3, "mean_peer"].notna().all()


def test_meeting_mode_leaves_no_nip_or_name_anywhere(demo, workbooks):
    store, _, _ = demo
    emp = store.employees_frame(active_only=False)
    nips, names = set(emp["nip"]), set(emp["nama"])
    plain, meeting = _cells(workbooks[0]), _cells(workbooks[1])
    assert _leaks(plain, nips, names)  # the scan finds them in the analyst's file
    assert _leaks(meeting, nips, names) == []
    # per-rater tables (a rater column) are left out of a meeting; every other sheet is there
    per_rater = {t for t in plain if t != "kamus_data" and "rater" in _table(plain, t).columns}
    assert per_rater >= {"keadilan_raters", "keadilan_central_tendency"}
    assert set(meeting) == set(plain) - per_rater
    # the same person carries the same code on every sheet
    code = pseudonymise(emp["nip"].iloc[5], "rahasia-uji")
    per_sheet = [t for t in ("skor", "rerata_kelompok", "respons_pegawai", "keadilan_fair_scores")
                 if any(code in row for row in meeting[t])]
    assert len(per_sheet) == 4


def test_pseudonymise_frame_everywhere():
    nip = "198506232007032001"
    df = pd.DataFrame({"nip": [nip, "X"], "nama": ["Desi", "Eko"], "note": [f"atasan {nip} menilai", "-"],
                       "as_int": [int(nip), 5], nip: [1, 2]}, index=pd.Index([nip, "k"], name="ratee"))
    out = exports.pseudonymise_frame(df, [nip], secret="s")
    code = pseudonymise(nip, "s")
    assert "nama" not in out.columns and code in out.columns
    assert out["ratee"].tolist() == [code, "k"] and out["nip"].tolist() == [code, "X"]
    assert out["note"].iloc[0] == f"atasan {code} menilai"
    assert out["as_int"].tolist() == [code, 5]
    # an unlisted 18-digit run inside text is pseudonymised too
    other = exports.pseudonymise_frame(pd.DataFrame({"t": ["199001012015011001 x"]}), [], secret="s")
    assert other["t"].iloc[0] == pseudonymise("199001012015011001", "s") + " x"
    with pytest.raises(ValueError):
        exports.pseudonymise_frame([1, 2])


def test_write_workbook_errors_and_sheet_names(tmp_path):
    with pytest.raises(ValueError, match="tidak ada tabel"):
        exports.write_workbook(tmp_path / "x.xlsx", {})
    with pytest.raises(ValueError, match="DataFrame"):
        exports.write_workbook(tmp_path / "x.xlsx", {"a": [1]})
    long = "keadilan_" + "x" * 40
    path = exports.write_workbook(tmp_path / "y.xlsx", {long: pd.DataFrame({"a": [1]}), long + "2": pd.DataFrame({"b": [2]})})
    titles = openpyxl.load_workbook(path).sheetnames
    assert titles[-1] == "kamus_data"  # the data dictionary comes last
    titles = titles[:-1]
    assert len(titles) == 2 and all(len(t) == 31 for t in titles) and titles[0] != titles[1]


# --- plots ------------------------------------------------------------------------------------------

def test_plots_save_png_and_svg(tmp_path):
    table = pd.DataFrame({"Akuntabel": [3.5, np.nan], "Loyal": [4.1, np.nan], "n": [5, 2]}, index=["Unit A", "Unit B"])
    fig = plots.competency_heatmap(table, path=tmp_path / "h.png")
    assert (tmp_path / "h.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "3,50" in texts and texts.count("–") == 2  # the hidden unit is drawn as a dash
    plots.self_vs_others(pd.DataFrame({"mean_self": [4.0, 3.0, 4.5], "mean_others": [3.5, 3.6, 3.4]}),
                         path=tmp_path / "s.svg")
    assert (tmp_path / "s.svg").read_text()[:200].lstrip().startswith("<?xml")
    with pytest.raises(ValueError, match="format gambar"):
        plots.save_figure(fig, tmp_path / "h.jpg")
    with pytest.raises(ValueError):
        plots.competency_heatmap(pd.DataFrame())
    with pytest.raises(ValueError, match="tidak ada pegawai"):
        plots.self_vs_others(pd.DataFrame({"mean_self": [np.nan], "mean_others": [3.0]}))


def test_predikat_plot_draws_the_kurva_distribusi_limit():
    pred = ["Baik"] * 8 + ["Sangat Baik", "Butuh Perbaikan"]
    fig = plots.predikat_distribution(pred, "Baik")
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([10, 80, 10, 0, 0])
    ys = [seg[0][1] for c in ax.collections if isinstance(c, LineCollection) for seg in c.get_segments()]
    assert ys == pytest.approx([70.0])  # Baik at most 70% (SE MenPANRB 3/2023)
    assert "1 ketentuan kurva distribusi tidak terpenuhi" in ax.get_title(loc="left")
    fig = plots.predikat_distribution(["Butuh Perbaikan"] * 7 + ["Baik"] * 3, "Butuh Perbaikan")
    ys = sorted(seg[0][1] for c in fig.axes[0].collections if isinstance(c, LineCollection) for seg in c.get_segments())
    assert ys == pytest.approx([10.0, 60.0]) and "memenuhi" in fig.axes[0].get_title(loc="left")


# --- CLI ----------------------------------------------------------------------------------------------

def test_cli_fairness_and_analyze(demo, tmp_path):
    store, cycle, path = demo
    emp = store.employees_frame(active_only=False)
    nips, names = set(emp["nip"]), set(emp["nama"])
    run = CliRunner()
    out = run.invoke(main, ["--db", str(path), "keadilan", str(cycle), "--keluaran", str(tmp_path / "f.xlsx"), "--rapat"])
    assert out.exit_code == 0, out.output
    sheets = _cells(tmp_path / "f.xlsx")
    assert {"keadilan_summary", "keadilan_four_fifths"} <= set(sheets)
    assert "keadilan_raters" not in sheets  # per-rater tables never go to a meeting
    assert _leaks(sheets, nips, names) == []
    out = run.invoke(main, ["--db", str(path), "keadilan", str(cycle), "--keluaran", str(tmp_path / "f2.xlsx")])
    assert out.exit_code == 0, out.output
    assert {"keadilan_raters", "keadilan_summary", "keadilan_four_fifths"} <= set(_cells(tmp_path / "f2.xlsx"))
    bad = run.invoke(main, ["--db", str(path), "keadilan", str(cycle), "--keluaran", str(tmp_path / "f.csv")])
    assert bad.exit_code == 2
    out = run.invoke(main, ["--db", str(path), "analisis", str(cycle), "--keluaran", str(tmp_path / "csv")])
    assert out.exit_code == 0, out.output
    skor = pd.read_csv(tmp_path / "csv" / "skor.csv", dtype={"ratee": str})
    assert set(skor["ratee"]) <= nips and {"combined", "predikat", "rating_perilaku"} <= set(skor.columns)
    assert (tmp_path / "csv" / "reliabilitas_summary.csv").exists()
    out = run.invoke(main, ["--db", str(path), "analisis", str(cycle), "--keluaran", str(tmp_path / "js"), "--format", "json",
                            "--rapat"])
    assert out.exit_code == 0, out.output
    records = json.loads((tmp_path / "js" / "skor.json").read_text())
    assert records and "nama" not in records[0] and not any(NIP_RUN.search(json.dumps(r)) for r in records)
    out = run.invoke(main, ["--db", str(path), "analisis", str(cycle), "--keluaran", str(tmp_path / "x"), "--format", "xlsx"])
    assert out.exit_code == 0 and (tmp_path / "x" / f"analisis-periode-{cycle}.xlsx").exists()


def test_installation_pseudonym_key_is_made_once_and_kept_private(tmp_path, monkeypatch):
    import stat

    monkeypatch.delenv(exports.PSEUDONYM_SECRET_ENV, raising=False)
    monkeypatch.setenv(exports.SECRET_FILE_ENV, str(tmp_path / "cfg" / "pseudonym-secret"))
    key = exports.pseudonym_secret()
    assert len(key) >= 40 and key == exports.pseudonym_secret()
    assert stat.S_IMODE((tmp_path / "cfg" / "pseudonym-secret").stat().st_mode) == 0o600
    monkeypatch.setenv(exports.PSEUDONYM_SECRET_ENV, "bersama")
    assert exports.pseudonym_secret() == "bersama"
    assert exports.pseudonym_secret("argumen") == "argumen"


def test_workbook_cells_show_codes_as_words_and_csv_keeps_them(tmp_path):
    """One display mapping (``labels.display_value``) for workbooks: relationship, status, outbox and
    rule codes and booleans as words, in the workbook's language; the CSV for scripts keeps the codes."""
    from kinerja_survey.present.labels import column_label

    frame = pd.DataFrame({"relationship": ["peer", "subordinate"], "status": ["prepared", "failed"],
                          "rule": ["plurality", "max"], "satisfied": [True, False],
                          "groups_suppressed": ["peer, subordinate", ""], "factor": ["jenis_kelamin", "unit"],
                          "mean": [3.5, np.nan]})
    for lang, words in (("id", [["rekan", "disiapkan", "terbanyak", "ya", "rekan, bawahan", "jenis kelamin", 3.5],
                                ["bawahan", "gagal", "paling banyak", "tidak", None, "unit", None]]),
                        ("en", [["peer", "prepared", "most frequent", "yes", "peer, direct report", "sex", 3.5],
                                ["direct report", "failed", "at most", "no", None, "unit", None]])):
        path = exports.write_workbook(tmp_path / f"t-{lang}.xlsx", {"t": frame}, lang=lang)
        rows = _cells(path)["t"]
        assert rows[0] == [column_label(c, lang) for c in frame.columns]
        assert rows[1:] == words
    csv = tmp_path / "csv"
    exports.write_tables(csv, {"t": frame})
    back = pd.read_csv(csv / "t.csv")
    assert back["relationship"].tolist() == ["peer", "subordinate"] and back["rule"].tolist() == ["plurality", "max"]
    assert back["satisfied"].tolist() == [True, False]
