
import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from kinerja_survey.collect.roster import (
    RosterError,
    load_roster,
    unit_paths,
    validate_roster,
)
from kinerja_survey.store import employees, units

HEAD = "NIP,Nama,Jabatan,Jenis Jabatan,Gol/Ruang,Unit Kerja,NIP Atasan,JK\n"
GOOD = [
    "197710272000032001,Siti Santoso,Kepala Badan,JPT Pratama,IV/c,BKD,,P",
    "197908162001012001,Ratna Pratama,Sekretaris,Administrator,IV/b,BKD / Sekretariat,197710272000032001,P",
    "198506232007032001,Desi Hakim,Analis Kepegawaian,Pelaksana,III/a,BKD / Sekretariat,197908162001012001,P",
    "198411062010031001,Slamet Simanjuntak,Pranata Komputer Ahli Pertama,Fungsional,iii / b,BKD / Sekretariat,197908162001012001,L",
]


def csv_bytes(rows, head=HEAD, sep=","):
    text = head + "\n".join(rows) + "\n"
    return text.replace(",", sep).encode("utf-8")


def test_good_csv_with_hr_export_headers_is_normalised():
    frame = load_roster(("pegawai.csv", csv_bytes(GOOD)))
    assert list(frame["nip"]) == [r.split(",")[0] for r in GOOD]
    assert frame.loc[3, "golongan"] == "III/b"
    assert frame.loc[0, "atasan_nip"] == ""
    assert frame.loc[1, "jenis_kelamin"] == "P"


def test_semicolon_csv_in_cp1252_as_excel_writes_it():
    rows = [r.replace("Desi Hakim", "Désirée Hakim") for r in GOOD]
    data = (HEAD + "\n".join(rows) + "\n").replace(",", ";").encode("cp1252")
    frame = load_roster(("pegawai.csv", data))
    assert frame.loc[2, "nama"] == "Désirée Hakim"


def test_xlsx_with_text_nip_and_a_date_cell(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD.strip().split(","))
    for r in GOOD:
        ws.append(r.split(","))
    path = tmp_path / "pegawai.xlsx"
    wb.save(path)
    frame = load_roster(path)
    assert frame["nip"].str.len().eq(18).all()


def test_xlsx_with_numeric_nip_is_reported_not_guessed(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD.strip().split(","))
    cells = GOOD[0].split(",")
    cells[0] = int(cells[0])  # Excel stored the NIP as a number
    ws.append(cells)
    path = tmp_path / "pegawai.xlsx"
    wb.save(path)
    frame, errors = validate_roster(path)
    assert [(e.row, e.field) for e in errors] == [(2, "nip")]
    assert "sebagai angka" in errors[0].message


def test_every_bad_row_is_named():
    rows = GOOD + [
        "19850623200703200,Short Nip,Staf,Pelaksana,II/a,BKD / Sekretariat,197908162001012001,L",  # row 6: 17 digits
        "198506232007032001,Dup Nip,Staf,Pelaksana,II/a,BKD / Sekretariat,197908162001012001,P",  # row 7: duplicate
        "199001012015031002,No Boss,Staf,Pelaksana,II/a,BKD / Sekretariat,199901012020011001,L",  # row 8: unknown atasan
        "199101012015031003,,Staf,Pelaksana,II/a,BKD / Sekretariat,197908162001012001,L",  # row 9: no nama
        "199201012015031004,Bad Gol,Staf,Pelaksana,V/z,BKD / Sekretariat,197908162001012001,L",  # row 10: golongan
        "199301012015031005,Bad Jk,Staf,Pelaksana,II/a,BKD / Sekretariat,197908162001012001,P",  # row 11: gender vs NIP
        "199401012015031006,Loop A,Staf,Pelaksana,II/a,BKD,199501012015031007,L",  # rows 12-13: a cycle
        "199501012015031007,Loop B,Staf,Pelaksana,II/a,BKD,199401012015031006,L",
        "199601012015031008,Self Boss,Staf,Pelaksana,II/a,BKD,199601012015031008,L",  # row 14: own atasan
        "199701012015031009,Bad Kind,Staf,Honorer,II/a,BKD,197710272000032001,L",  # row 15: jenis jabatan
    ]
    frame, errors = validate_roster(("pegawai.csv", csv_bytes(rows)))
    found = {(e.row, e.field) for e in errors}
    assert found == {(6, "nip"), (7, "nip"), (8, "atasan_nip"), (9, "nama"), (10, "golongan"),
                     (11, "jenis_kelamin"), (12, "atasan_nip"), (14, "atasan_nip"), (15, "jenis_jabatan")}
    by_row = {e.row: e.message for e in errors}
    assert "baris 4" in by_row[7]  # the duplicate names the first occurrence
    assert "lingkaran" in by_row[12] and "12" in by_row[12] and "13" in by_row[12]
    with pytest.raises(RosterError) as exc:
        load_roster(("pegawai.csv", csv_bytes(rows)))
    assert "baris 6" in str(exc.value) and len(exc.value.to_frame()) == len(errors)


def test_missing_required_column_is_a_file_level_error():
    frame, errors = validate_roster(("x.csv", b"NIP,Nama\n197710272000032001,Siti\n"))
    assert {e.field for e in errors} == {"jabatan", "unit_kerja"}
    assert all(e.row == 1 for e in errors)


def test_empty_and_unreadable_files():
    with pytest.raises(RosterError, match="berkas"):
        load_roster(("x.xlsx", b"not a zip"))
    with pytest.raises(RosterError):
        load_roster(("x.csv", b""))


def test_unit_paths_build_the_tree_parents_first():
    frame = load_roster(("pegawai.csv", csv_bytes(GOOD)))
    assert unit_paths(frame) == [("BKD", None, "BKD"), ("BKD / Sekretariat", "BKD", "Sekretariat")]


def _counts(store):
    with store.engine.connect() as conn:
        return tuple(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in (employees, units))


def test_import_with_any_bad_row_writes_nothing(store):
    store.import_roster(load_roster(("pegawai.csv", csv_bytes(GOOD))), actor="penguji")
    before = _counts(store)
    audit_before = len(store.audit_frame())
    bad = GOOD + ["199001012015031002,New Person,Staf,Pelaksana,II/a,BKD / Baru,000000000000000000,L"]
    with pytest.raises(RosterError):
        store.import_roster(load_roster(("pegawai.csv", csv_bytes(bad))), actor="penguji")
    assert _counts(store) == before
    assert len(store.audit_frame()) == audit_before


def test_reimport_updates_and_deactivates(store):
    store.import_roster(load_roster(("pegawai.csv", csv_bytes(GOOD))), actor="penguji")
    changed = [GOOD[0], GOOD[1], GOOD[2].replace("Analis Kepegawaian", "Analis SDM Aparatur")]
    counts = store.import_roster(load_roster(("pegawai.csv", csv_bytes(changed))), actor="penguji")
    assert (counts["added"], counts["updated"], counts["deactivated"]) == (0, 3, 1)
    emp = store.employees_frame()
    assert len(emp) == 3
    assert emp.set_index("nip").at["198506232007032001", "jabatan"] == "Analis SDM Aparatur"
    assert len(store.employees_frame(active_only=False)) == 4


# --- exports as HR systems write them: title rows, merged cells, flat units (issue 21) -----------------

from pathlib import Path

from kinerja_survey import cycle
from kinerja_survey.collect.roster import HEADER_SCAN_ROWS, derive_unit_paths
from kinerja_survey.present.exports import coarsen_units

DATA = Path(__file__).resolve().parents[1] / "data"
KABAN, SEKRETARIS, KASUBBAG = "197710272000032001", "197908162001012001", "198004152005011002"
KABID, ANALIS, PELAKSANA = "198202112006042003", "198506232007032001", "199001012015031002"
FLAT = [  # NIP, name, post, gol, unit (flat), atasan, JK, phone, e-mail
    (KABAN, "Dr. Siti Santoso, M.Si.", "Kepala Badan", "Pembina Utama Muda (IV/c)", "BKPSDM", "-", "Perempuan",
     "0812-3456-7890", "siti@bkpsdm.go.id"),
    (SEKRETARIS, "Ratna Pratama, S.E.", "Sekretaris", "IV/b", "Sekretariat", KABAN, "Perempuan", "081298765432", ""),
    (KASUBBAG, "Agus Wibowo", "Kepala Subbagian Umum", "III/d", "Subbagian Umum", SEKRETARIS, "Laki-laki", "", ""),
    (KABID, "Dewi Lestari, S.Psi.", "Kepala Bidang Mutasi", "IV/a", "Bidang Mutasi", KABAN, "Perempuan", "", ""),
    (ANALIS, "Desi Hakim", "Analis SDM Aparatur Ahli Muda", "III/c", "Bidang Mutasi", KABID, "Perempuan", "", ""),
    (PELAKSANA, "Joko Susanto", "Pengadministrasi Umum", "II/b", "Subbagian Umum", KASUBBAG, "Laki-laki", "", ""),
]
DERIVED = {"BKPSDM": "BKPSDM", "Sekretariat": "BKPSDM / Sekretariat",
           "Subbagian Umum": "BKPSDM / Sekretariat / Subbagian Umum", "Bidang Mutasi": "BKPSDM / Bidang Mutasi"}


def simpeg_duk(tmp_path, rows=FLAT, *, two_row_header=True):
    """A SIMPEG DUK export as openpyxl writes it: three title rows merged across the sheet, a blank
    row, the header in rows 5-6 ("PANGKAT" merged over "GOL/RUANG" and "TMT"), a row of column
    numbers (7), the people from row 8."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, text in enumerate(["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL", "BKPSDM KABUPATEN CONTOH",
                              "KEADAAN PER 30 NOVEMBER 2026"], start=1):
        ws.cell(r, 1, text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=10)
    top = ["NO", "NIP BARU", "NAMA LENGKAP", "NAMA JABATAN", "PANGKAT", None, "UNOR", "NIP ATASAN LANGSUNG",
           "JENIS KELAMIN", "NOMOR HP", "EMAIL"]
    sub = [None, None, None, None, "GOL/RUANG", "TMT"] + [None] * 5
    if not two_row_header:
        top[4:6], sub = ["GOL/RUANG AKHIR", "TMT GOLONGAN"], None
    for c, v in enumerate(top, start=1):
        ws.cell(5, c, v)
    if sub:
        for c, v in enumerate(sub, start=1):
            ws.cell(6, c, v)
        ws.merge_cells("E5:F5")
        for col in "ABCDGHIJK":
            ws.merge_cells(f"{col}5:{col}6")
    first = 8 if sub else 7
    for c in range(1, len(top) + 1):
        ws.cell(first - 1, c, c)
    for i, (nip, name, post, gol, unit, boss, jk, hp, mail) in enumerate(rows):
        ws.append([i + 1, nip, name, post, gol, None, unit, boss, jk, hp, mail])
    path = tmp_path / "duk.xlsx"
    wb.save(path)
    return path


def test_simpeg_duk_xlsx_with_title_rows_and_merged_header(tmp_path):
    frame = load_roster(simpeg_duk(tmp_path))
    assert list(frame["nip"]) == [r[0] for r in FLAT]
    assert frame.loc[0, "golongan"] == "IV/c"  # from "Pembina Utama Muda (IV/c)" under the merged PANGKAT
    assert frame.loc[0, "no_hp"] == "6281234567890" and frame.loc[0, "email"] == "siti@bkpsdm.go.id"
    assert list(frame["jenis_kelamin"]) == ["P", "P", "L", "P", "P", "L"]
    assert list(frame["unit_kerja"]) == [DERIVED[r[4]] for r in FLAT]
    assert frame.loc[0, "atasan_nip"] == ""  # "-"


def test_single_row_header_below_title_rows(tmp_path):
    frame = load_roster(simpeg_duk(tmp_path, two_row_header=False))
    assert len(frame) == len(FLAT) and frame.loc[1, "golongan"] == "IV/b"


def test_bad_rows_keep_the_spreadsheet_row_numbers(tmp_path):
    rows = list(FLAT)
    rows[2] = (KASUBBAG[:-1], *rows[2][1:])  # 17 digits, spreadsheet row 8 + 2 = 10
    rows[4] = (*rows[4][:3], "Z/z", *rows[4][4:])  # row 12
    _frame, errors = validate_roster(simpeg_duk(tmp_path, rows))
    assert {(e.row, e.field) for e in errors} >= {(10, "nip"), (12, "golongan")}
    assert all(e.row >= 8 for e in errors)


def test_csv_title_rows_and_blank_lines_count_as_rows():
    lines = ["DAFTAR NOMINATIF PEGAWAI;;;;;", "Per 30 November 2026;;;;;", "", HEAD.strip().replace(",", ";")]
    rows = [r.replace(",", ";") for r in GOOD[:2]] + ["", GOOD[2].replace(",", ";").replace("III/a", "V/z")]
    _frame, errors = validate_roster(("pegawai.csv", ("\n".join(lines + rows) + "\n").encode()))
    assert [(e.row, e.field) for e in errors] == [(8, "golongan")]  # header row 4, a blank row 7


def test_refusal_names_the_row_taken_as_header(tmp_path):
    text = "DAFTAR NOMINATIF PEGAWAI\nBKPSDM KABUPATEN CONTOH\nNo,Nama Lengkap,Jabatan,Unit\n1,Siti,Kepala,BKD\n"
    _frame, errors = validate_roster(("duk.csv", text.encode()))
    assert [(e.row, e.field) for e in errors] == [(3, "nip")]
    assert "baris 3" in errors[0].message and "No, Nama Lengkap, Jabatan, Unit" in errors[0].message
    assert "row 3" in errors[0].render("en") and f"first {HEADER_SCAN_ROWS} rows" in errors[0].render("en")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR NOMINATIF PEGAWAI"
    ws.merge_cells("A1:F1")
    path = tmp_path / "judul.xlsx"
    wb.save(path)
    with pytest.raises(RosterError) as exc:
        load_roster(path)
    assert {(e.row, e.field) for e in exc.value.errors} == {(1, "nip"), (1, "nama"), (1, "jabatan"), (1, "unit_kerja")}
    assert "baris 1: DAFTAR NOMINATIF PEGAWAI" in str(exc.value)
    assert "row 1: DAFTAR NOMINATIF PEGAWAI" in exc.value.message("en")


def test_header_below_the_scanned_rows_is_not_taken():
    text = "\n" * HEADER_SCAN_ROWS + HEAD + GOOD[0] + "\n"
    _frame, errors = validate_roster(("x.csv", ("Judul\n" + text).encode()))
    assert errors and {e.row for e in errors} == {1}


SIASN_HEAD = ("PNS_ID,NIP_BARU,NAMA,JENIS_KELAMIN,NOMOR_HP,EMAIL,EMAIL_GOV,GOL_AKHIR_ID,GOL_AKHIR_NAMA,"
              "JENIS_JABATAN_NAMA,JABATAN_NAMA,UNOR_NAMA,UNOR_INDUK_NAMA,NIP_ATASAN\n")


def test_siasn_csv_with_flat_unor_unor_induk_and_plus62_numbers():
    dinas = "Dinas Kesehatan"
    rows = [
        (f"a1,{KABAN},SITI SANTOSO,F,+62 812-3456-7890,siti@gmail.com,siti@dinkes.go.id,43,IV/c,Jabatan Struktural,"
         f"Kepala Dinas,{dinas},{dinas},"),
        (f"a2,{SEKRETARIS},RATNA PRATAMA,F,+6281298765432,,ratna@dinkes.go.id,42,IV/b,Jabatan Struktural,"
         f"Sekretaris,Sekretariat,{dinas},{KABAN}"),
        (f"a3,{KASUBBAG},AGUS WIBOWO,M,+62 857 1234 567,,,34,III/d,Jabatan Struktural,Kepala Subbagian Umum,"
         f"Subbagian Umum,{dinas},{SEKRETARIS}"),
        (f"a4,{ANALIS},DESI HAKIM,F,,,,33,III/c,Jabatan Fungsional Tertentu,Epidemiolog Kesehatan Ahli Muda,"
         f"Bidang P2P,{dinas},{KABAN}"),
        (f"a5,{PELAKSANA},JOKO SUSANTO,M,,,,22,II/b,Jabatan Pelaksana,Pengadministrasi Umum,Subbagian Umum,"
         f"{dinas},{KASUBBAG}"),
    ]
    frame = load_roster(("siasn.csv", (SIASN_HEAD + "\n".join(rows) + "\n").encode()))
    assert list(frame["no_hp"]) == ["6281234567890", "6281298765432", "628571234567", "", ""]
    assert list(frame["email"]) == ["siti@gmail.com", "ratna@dinkes.go.id", "", "", ""]  # EMAIL, else EMAIL_GOV
    assert list(frame["jenis_jabatan"]) == ["Administrator", "Administrator", "Administrator", "Fungsional",
                                            "Pelaksana"]
    assert list(frame["unit_kerja"]) == [dinas, f"{dinas} / Sekretariat", f"{dinas} / Sekretariat / Subbagian Umum",
                                         f"{dinas} / Bidang P2P", f"{dinas} / Sekretariat / Subbagian Umum"]
    assert unit_paths(frame)[:2] == [(dinas, None, dinas), (f"{dinas} / Bidang P2P", dinas, "Bidang P2P")]
    # without the supervisor chain UNOR INDUK alone gives the second level
    no_chain = [",".join(r.split(",")[:-1]) + "," for r in rows]
    frame = load_roster(("siasn.csv", (SIASN_HEAD + "\n".join(no_chain) + "\n").encode()))
    assert list(frame["unit_kerja"]) == [dinas, f"{dinas} / Sekretariat", f"{dinas} / Subbagian Umum",
                                         f"{dinas} / Bidang P2P", f"{dinas} / Subbagian Umum"]


def test_eselon_gives_the_level_of_a_structural_post():
    head = "NIP,Nama,Jabatan,Jenis Jabatan,Eselon,Unit Kerja,NIP Atasan\n"
    rows = [f"{KABAN},Siti,Kepala Badan,Struktural,II.b,BKD,", f"{SEKRETARIS},Ratna,Sekretaris,,III.a,BKD,{KABAN}",
            f"{KASUBBAG},Agus,Kasubbag,Struktural,IV.a,BKD,{SEKRETARIS}",
            f"{ANALIS},Desi,Analis,Fungsional Tertentu,-,BKD,{KASUBBAG}", f"{PELAKSANA},Joko,Staf,JFU,,BKD,{KASUBBAG}"]
    frame = load_roster(("x.csv", (head + "\n".join(rows) + "\n").encode()))
    assert list(frame["jenis_jabatan"]) == ["JPT Pratama", "Administrator", "Pengawas", "Fungsional", "Pelaksana"]
    assert set(frame["unit_kerja"]) == {"BKD"}  # one flat unit stays as it is


def _frame(rows):
    """rows: (nip, unit, atasan, jenis jabatan)"""
    return pd.DataFrame(rows, columns=["nip", "unit_kerja", "atasan_nip", "jenis_jabatan"])


def _paths(rows, induk=None):
    return dict(zip((r[0] for r in rows), derive_unit_paths(_frame(rows), induk)))


def test_derived_unit_path_follows_each_head_up_the_chain():
    rows = [("t", "Top", "", "JPT Pratama"), ("b", "Bidang", "t", "Administrator"), ("s", "Bidang", "b", "Pelaksana"),
            ("k", "Subbidang", "b", "Pengawas"), ("p", "Subbidang", "k", "Pelaksana")]
    assert _paths(rows) == {"t": "Top", "b": "Top / Bidang", "s": "Top / Bidang", "k": "Top / Bidang / Subbidang",
                            "p": "Top / Bidang / Subbidang"}
    # UNOR INDUK above the top unit, not repeated when it is the top unit itself
    assert _paths(rows, ["Dinas"] * 5)["p"] == "Dinas / Top / Bidang / Subbidang"
    assert _paths(rows, ["Top"] * 5)["p"] == "Top / Bidang / Subbidang"


def test_a_name_repeated_under_different_heads_gives_different_units():
    # "Tata Usaha" in two UPTs: each part hangs under its own UPT (one head per name would file
    # UPT B's staff under UPT A)
    rows = [("t", "Badan", "", "JPT Pratama"), ("a", "UPT A", "t", "Administrator"),
            ("b", "UPT B", "t", "Administrator"),
            ("ka", "Tata Usaha", "a", "Pengawas"), ("sa", "Tata Usaha", "ka", "Pelaksana"),
            ("kb", "Tata Usaha", "b", "Pengawas"), ("sb", "Tata Usaha", "kb", "Pelaksana")]
    paths = _paths(rows)
    assert paths["sa"] == paths["ka"] == "Badan / UPT A / Tata Usaha"
    assert paths["sb"] == paths["kb"] == "Badan / UPT B / Tata Usaha"


def test_parts_of_a_unit_reporting_into_the_same_unit_are_one_unit():
    # a vacant head: both staff report to the Kabid above, and the unit stays one
    rows = [("t", "Top", "", "JPT Pratama"), ("b", "Bidang", "t", "Administrator"), ("x", "Seksi", "b", "Pelaksana"),
            ("y", "Seksi", "b", "Pelaksana")]
    assert _paths(rows)["x"] == _paths(rows)["y"] == "Top / Bidang / Seksi"
    # staff of the top unit reporting to a kasubbag below it stay in the top unit (no "Top / ... / Top")
    rows = [("t", "Top", "", "JPT Pratama"), ("k", "Subbagian", "t", "Pengawas"), ("s", "Top", "k", "Pelaksana")]
    assert _paths(rows) == {"t": "Top", "k": "Top / Subbagian", "s": "Top"}
    # nobody with a supervisor, no induk: the flat names stay
    rows = [("a", "X", "", "Pelaksana"), ("b", "Y", "", "Pelaksana")]
    assert _paths(rows) == {"a": "X", "b": "Y"}


def test_derived_hierarchy_lets_meeting_mode_merge_small_units(tmp_path):
    frame = load_roster(simpeg_duk(tmp_path))
    merged = coarsen_units(frame["unit_kerja"], 2)  # present.exports: how meeting mode merges small units
    # Bidang Mutasi (2 people) stays; Subbagian Umum (2) stays; Sekretariat (1) and BKPSDM (1) merge upwards
    assert merged.tolist() == ["BKPSDM", "BKPSDM", "BKPSDM / Sekretariat / Subbagian Umum", "BKPSDM / Bidang Mutasi",
                               "BKPSDM / Bidang Mutasi", "BKPSDM / Sekretariat / Subbagian Umum"]


@pytest.mark.parametrize("name", ["contoh-simpeg-duk.xlsx", "contoh-siasn.csv"])
def test_sample_rosters_import_with_a_unit_hierarchy(store, name):
    counts = cycle.import_roster(store, DATA / name, actor="admin")
    emp = store.employees_frame()
    assert counts["added"] == len(emp) == {"contoh-simpeg-duk.xlsx": 57, "contoh-siasn.csv": 80}[name]
    assert emp["unit_kerja"].str.count(" / ").max() + 1 >= 3
    with store.engine.connect() as conn:
        tree = conn.execute(sa.select(units.c.path, units.c.parent_id, units.c.id)).all()
    ids = {r.path: r.id for r in tree}
    assert all(r.parent_id == ids[r.path.rsplit(" / ", 1)[0]] for r in tree if " / " in r.path)
    assert sum(r.parent_id is None for r in tree) == 1


def test_a_file_without_header_names_its_first_row():
    _frame, errors = validate_roster(("x.csv", "\n".join(GOOD).encode()))
    assert {(e.row, e.field) for e in errors} == {(1, "nip"), (1, "nama"), (1, "jabatan"), (1, "unit_kerja")}
    assert "baris 1: 197710272000032001, Siti Santoso" in errors[0].message
