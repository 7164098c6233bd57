"""What a person reads after a whole cycle is Bahasa Indonesia from the catalog (issue 21).

One agency of 57 people goes through two periods on the command line: roster, assignments, the
review list, WhatsApp invitations (the outbox), answers, closing, hasil kerja, the organisation
predikat, calibration, berita acara, publication, a keberatan filed, explained and decided,
dialogue links, stakeholders, a second period made from the first, and every export (analysis
workbook and CSV, fairness, trends, talent pool, training needs, the use case's workbook in both
modes).  Then:

* no table the CLI prints shows a machine code or an English word (``open``, ``prepared``,
  ``peer``, ``False``, ``None``, ...): the CLI and the workbooks show values through one mapping,
  ``present.labels.display_value``;
* every header of every workbook and CSV is from the label map (``present.labels``) and the
  ``kamus_data`` sheet has a meaning for every column, in both languages;
* workbook cells hold words, not codes, while the analysis CSV/JSON keep the codes for scripts
  (``present.exports.write_tables``).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from kinerja_survey.cli import main
from kinerja_survey.demo import answer_all, generate_organisation
from kinerja_survey.i18n import STRINGS, t
from kinerja_survey.present.labels import VALUE_KEYS, column_info
from kinerja_survey.store import Store

#: codes and English words that must never appear as a whole word in the Indonesian CLI output
CODES = ("open", "closed", "draft", "submitted", "prepared", "sent", "failed", "peer", "subordinate", "supervisor",
         "self", "True", "False", "None", "nan", "NaT")
UNKNOWN = {t("col.unknown", "id"), t("col.unknown", "en")}
#: the files this test hands in (not outputs)
INPUTS = {"pegawai.csv", "hk.csv", "hk2.csv", "pemangku.csv"}


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    """The folder of every file written and the CLI's output per command (Bahasa Indonesia)."""
    d = tmp_path_factory.mktemp("agency")
    db = d / "k.sqlite"
    printed: dict[str, str] = {}

    def run(*args):
        out = CliRunner().invoke(main, ["--db", str(db), "--petugas", "Rina HR", *args], catch_exceptions=False)
        assert out.exit_code == 0, (args, out.output)
        printed[args[0]] = printed.get(args[0], "") + out.output
        return out.output

    roster = generate_organisation(57, seed=3)
    roster["no_hp"] = [f"08123{i:07d}" for i in range(len(roster))]
    roster["email"] = [f"pegawai{i}@contoh.go.id" for i in range(len(roster))]
    roster.to_csv(d / "pegawai.csv", index=False)
    run("siapkan")
    run("impor-roster", str(d / "pegawai.csv"))
    run("buat-periode", "Semester II 2026", "--mulai", "2026-07-01", "--selesai", "2026-12-31")
    run("alamat-publik", "https://penilaian.contoh.go.id")  # a real reminder run refuses links to 127.0.0.1
    run("tetapkan-penilai", "1", "--benih", "3", "--tautan", str(d / "tautan-1.csv"))
    run("daftar-penilai", "1", "--keluaran", str(d / "daftar-penilai.csv"))
    run("buka", "1")
    run("ingatkan", "1", "--saluran", "whatsapp", "--keluaran", str(d / "whatsapp.csv"))
    run("kotak-keluar", "1")
    run("status")
    run("status", "1")
    store = Store(db)
    links = pd.read_csv(d / "tautan-1.csv", dtype=str)
    answer_all(store, 1, dict(zip(links["nip"], links["token"])), seed=3)
    run("tutup", "1")
    from kinerja_survey.cycle.calibration import cycle_ratees

    ratees = cycle_ratees(store, 1)
    hk = pd.DataFrame({"NIP": ratees, "Rating Hasil Kerja": ["Sesuai Ekspektasi"] * len(ratees)})
    hk.loc[0, "Rating Hasil Kerja"] = "Diatas Ekspektasi"
    hk.to_csv(d / "hk.csv", index=False)
    run("impor-hasil-kerja", "1", str(d / "hk.csv"), "--ya")
    run("predikat-organisasi", "1", "baik")
    run("predikat-organisasi", "1")
    emp = store.employees_frame().set_index("nip")
    target = next(n for n in ratees if emp.at[n, "atasan_nip"] and emp.at[emp.at[n, "atasan_nip"], "atasan_nip"])
    run("kalibrasi", "1", "--nip", target, "--predikat", "Butuh Perbaikan", "--alasan",
        "Capaian SKP di bawah target unit")
    run("berita-acara", "1", "--keluaran", str(d / "berita-acara.xlsx"))
    run("umumkan", "1", "--ya", "--paksa", "--alasan", "Uji: kurva distribusi agensi contoh belum terpenuhi")
    run("ajukan-keberatan", "1", target, "--alasan", "Capaian saya sudah dilaporkan pada e-Kinerja bulan Desember")
    run("tanggapi-keberatan", "1", "--tanggapan", "Laporan Desember belum diverifikasi")
    run("putuskan-keberatan", "1", "--keputusan", "ubah", "--predikat", "Baik", "--alasan", "Bukti capaian sah")
    run("daftar-keberatan", "1")
    run("tautan-dialog", "1", "--keluaran", str(d / "dialog.csv"))
    run("buat-periode", "Semester I 2027", "--mulai", "2027-01-01", "--selesai", "2027-06-30", "--dari-periode", "1",
        "--tautan", str(d / "tautan-2.csv"))
    run("buka", "2", "--ya")  # Semester I 2027 has not started in December 2026: the warning, answered
    pd.DataFrame({"nip": ratees[:2], "nama": ["Ibu Warga", "Bapak Mitra"],
                  "kontak": ["warga@contoh.id", "081234567890"], "instansi": ["Kecamatan", "Dinas"]}).to_csv(
        d / "pemangku.csv", index=False)
    run("tambah-pemangku", "2", str(d / "pemangku.csv"), "--tautan", str(d / "tautan-pemangku.csv"))
    links2 = pd.read_csv(d / "tautan-2.csv", dtype=str)
    answer_all(store, 2, dict(zip(links2["nip"], links2["token"])), seed=4)
    run("tutup", "2")
    ratees2 = cycle_ratees(store, 2)
    pd.DataFrame({"NIP": ratees2, "Rating Hasil Kerja": ["Sesuai Ekspektasi"] * len(ratees2)}).to_csv(
        d / "hk2.csv", index=False)
    run("impor-hasil-kerja", "2", str(d / "hk2.csv"), "--ya")
    run("predikat-organisasi", "2", "baik")
    run("umumkan", "2", "--ya", "--paksa", "--alasan", "Uji: kurva distribusi agensi contoh belum terpenuhi")
    run("status")
    run("status", "1", "--per", "pegawai")
    run("kalibrasi", "2", "--nama")
    run("umpan-balik", "1")
    run("penolakan", "1")
    run("analisis", "1", "--keluaran", str(d / "analisis"), "--format", "xlsx")
    run("analisis", "1", "--keluaran", str(d / "analisis-csv"))
    run("--bahasa", "en", "analisis", "1", "--keluaran", str(d / "analysis-en"), "--format", "xlsx")
    run("keadilan", "1", "--keluaran", str(d / "keadilan.xlsx"))
    run("keadilan", "1", "--keluaran", str(d / "keadilan-rapat.xlsx"), "--rapat")
    run("tren", "--keluaran", str(d / "tren.xlsx"))
    run("talenta", "--keluaran", str(d / "talenta.xlsx"))
    run("kebutuhan-pelatihan", "1", "--keluaran", str(d / "kebutuhan-pelatihan.xlsx"))
    from kinerja_survey import cycle as uc

    results = uc.load_results(store, 1)
    uc.export_workbook(results, d / "hasil.xlsx")
    uc.export_workbook(results, d / "rapat.xlsx", meeting_mode=True, secret="uji")
    store.dispose()
    return d, printed


def _words(text: str) -> set[str]:
    """The whole words of ``text``, paths left out (a temporary folder may hold any word)."""
    return {w for token in text.split() if "/" not in token for w in re.findall(r"[A-Za-z]+", token)}


def test_the_cli_tables_show_no_code_and_no_english_word(agency):
    _, printed = agency
    tables = ("status", "kotak-keluar", "ingatkan", "daftar-penilai", "daftar-keberatan", "kalibrasi",
              "predikat-organisasi", "umpan-balik", "penolakan", "tetapkan-penilai")
    leaks = {cmd: sorted(_words(printed[cmd]) & set(CODES)) for cmd in tables}
    assert {cmd: words for cmd, words in leaks.items() if words} == {}
    # the words people read instead
    assert "[dibuka]" in printed["status"] and "[diumumkan]" in printed["status"]
    assert "disiapkan" in printed["kotak-keluar"]
    assert re.search(r"\bditutup\b|\bdiumumkan\b", printed["status"].split("Periode 1:")[-1])
    row = next(line for line in printed["daftar-keberatan"].splitlines() if "diputuskan" in line)
    assert " tidak " in row  # the keberatan was decided in time: "Terlambat: tidak"


def _kamus(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    return sheets


def header_problems(folder, inputs=INPUTS, only: str = "*") -> list[str]:
    """Every header of every workbook and CSV under ``folder`` (the files named in ``inputs`` left
    out; ``only``: a file name pattern) that is not from the label map, and every ``kamus_data``
    column without a meaning (also used by the whole-cycle scenarios, ``tests/scenarios``)."""
    catalog = set(STRINGS["id"].values()) | set(STRINGS["en"].values())
    problems = []
    for path in sorted(Path(folder).rglob("*.xlsx")):
        if path.name in inputs or not path.match(only):
            continue
        sheets = _kamus(path)
        if "kamus_data" not in sheets:  # the berita acara: its headers are catalog texts
            for name, rows in sheets.items():
                problems += [f"{path.name}:{name}: {h}" for h in rows[0] if h not in catalog]
            continue
        kamus = pd.DataFrame(sheets["kamus_data"][1:], columns=sheets["kamus_data"][0])
        if kamus.empty:
            problems.append(f"{path.name}: kamus_data is empty")
        for rec in kamus.itertuples(index=False):
            if rec.arti in UNKNOWN or column_info(rec.nama_asli)[1] == t("col.unknown", "id"):
                problems.append(f"{path.name}:{rec.lembar}: {rec.nama_asli} has no meaning")
        for name, rows in sheets.items():
            if name == "kamus_data" or not rows:
                continue
            known = set(kamus.loc[kamus["lembar"].str[:31] == name, "kolom"])
            problems += [f"{path.name}:{name}: header {h!r} not in kamus_data" for h in rows[0] if h not in known]
    for path in sorted(Path(folder).rglob("*.csv")):
        if path.name in inputs or not path.match(only):
            continue
        for col in pd.read_csv(path, nrows=0).columns:
            if column_info(col)[1] == t("col.unknown", "id"):
                problems.append(f"{path.name}: {col} is not in the label map")
    return problems


def test_every_header_is_from_the_label_map_and_every_column_has_a_meaning(agency):
    d, _ = agency
    assert len(sorted(d.rglob("*.xlsx"))) >= 10
    assert header_problems(d) == []


def test_workbook_cells_hold_words_and_the_csv_for_scripts_keeps_the_codes(agency):
    d, _ = agency
    codes = set(CODES) | set(VALUE_KEYS) - {"max", "none"}  # "max"/"none" only mean a rule in a rule column
    found = set()
    for path in sorted(d.rglob("*.xlsx")):
        if path.parent.name == "analysis-en":  # English words are right there
            continue
        for name, rows in _kamus(path).items():
            if name == "kamus_data":
                continue
            for row in rows[1:]:
                found |= {(path.name, name, repr(v)) for v in row if isinstance(v, bool) or v in codes}
    assert sorted(found) == []
    curve = _kamus(d / "analisis" / "analisis-periode-1.xlsx")["kurva_distribusi"]
    rule_col = curve[0].index(column_info("rule")[0])
    assert {r[rule_col] for r in curve[1:]} <= {t(VALUE_KEYS[k], "id") for k in ("plurality", "max", "some", "none")}
    # the CSV of ``analisis --format csv`` is for scripts: machine names and codes, as README and
    # ``present.exports.write_tables`` promise
    csv = pd.read_csv(d / "analisis-csv" / "kurva_distribusi.csv")
    assert "rule" in csv.columns and "plurality" in set(csv["rule"])
