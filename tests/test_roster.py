
import openpyxl
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
