"""Scenario agencies: the roster files three Indonesian agencies would hand in, generated
deterministically from a seed (the foundation of whole-cycle tests).

* :func:`bkpsdm` -- a BKPSDM of 57 people exported from SIMPEG as a DUK (Daftar Urut Kepangkatan)
  XLSX: three title rows merged across the sheet, a blank row, a two-row header ("PANGKAT" merged
  over "GOL/RUANG" and "TMT", "JABATAN" over "NAMA" and "TMT"), a row of column numbers, then the
  people; flat UNIT KERJA names, NIP ATASAN LANGSUNG, ESELON instead of jenis jabatan.
* :func:`dinas` -- a Dinas of 80 people exported from SIASN as CSV: SIASN's column names
  (NIP_BARU, NAMA, JABATAN_NAMA, JENIS_JABATAN_NAMA, GOL_AKHIR_NAMA, UNOR_NAMA, UNOR_INDUK_NAMA,
  JENIS_KELAMIN M/F, NOMOR_HP as +62, EMAIL and EMAIL_GOV) plus NIP_ATASAN, flat unit names.
* :func:`badan` -- a Badan of 600 people, SIMPEG DUK XLSX like the BKPSDM; each of its eight UPT
  has a "Subbagian Tata Usaha" (one flat name, eight units: the supervisor chain tells them apart).

Each function returns an :class:`Agency`: ``people`` (one row per person: the values as the
import should read them, with ``unit_path`` the hierarchy the supervisor chain implies) and
``write(path)``.  Names, NIPs (birth date, TMT CPNS, gender digit, sequence: ``collect.nip``),
golongan per level, gender, e-mail and phone are realistic and valid.

``python -m scenarios.agencies OUTDIR`` (from tests/) or ``scripts/make-sample-rosters`` writes the
files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja_survey.collect.nip import make_nip

SEEDS = {"bkpsdm": 2101, "dinas": 2102, "badan": 2103}

MALE = ["Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irfan", "Joko", "Rudi", "Slamet", "Teguh", "Wahyu",
        "Yusuf", "Arif", "Bambang", "Dimas", "Gilang", "Hadi", "Imam", "Made", "Nyoman", "Putu", "Rizky", "Sigit",
        "Taufik", "Yoga", "Andi", "Muhammad", "Ahmad", "Dwi", "Bayu", "Rahmat", "Ilham", "Kurnia", "Heru"]
FEMALE = ["Ayu", "Dewi", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nur", "Putri", "Ratna", "Sari", "Siti",
          "Tri", "Wulan", "Yuni", "Anisa", "Desi", "Eka", "Hana", "Intan", "Lia", "Mega", "Novi", "Rina", "Sri",
          "Ni Luh", "Annisa", "Dian", "Rahayu", "Endang", "Wahyuni", "Nurul", "Septi", "Puspita"]
FAMILY = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Nugroho", "Kurniawan", "Pratama", "Siregar", "Nasution",
          "Harahap", "Simanjuntak", "Lubis", "Setiawan", "Rahman", "Hakim", "Gunawan", "Susanto", "Purnomo",
          "Wibowo", "Sembiring", "Ginting", "Tampubolon", "Manurung", "Pangaribuan",
          "Sulistyo", "Prasetyo", "Suryadi", "Firmansyah", "Ramadhan", "Wardhana", "Suharto", "Halim", "Syahputra",
          "Mulyadi", "Kusuma"]
FAMILY_F = ["Utami", "Permata", "Maharani", "Anggraini", "Puspitasari", "Lestari", "Rahmawati"]
GELAR_S1 = ["S.E.", "S.Kom.", "S.H.", "S.Sos.", "S.AP.", "S.Psi.", "S.T.", "S.Pd.", "S.IP.", "S.Ak."]
GELAR_S2 = ["M.M.", "M.Si.", "M.AP.", "M.Kom.", "M.H.", "M.Pd."]
PHONE_PREFIX = ["811", "812", "813", "821", "822", "823", "852", "853", "857", "858", "878", "881", "896"]

# golongan range per kind of post
GOLONGAN = {
    "JPT Pratama": ["IV/c", "IV/d"], "Administrator": ["IV/a", "IV/b"], "Pengawas": ["III/c", "III/d", "IV/a"],
    "Ahli Madya": ["IV/a", "IV/b", "IV/c"], "Ahli Muda": ["III/c", "III/d"], "Ahli Pertama": ["III/a", "III/b"],
    "Terampil": ["II/c", "II/d", "III/a", "III/b"], "Pelaksana": ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b"],
}
ESELON = {"JPT Pratama": "II.b", "Administrator": "III.b", "Pengawas": "IV.a"}
# a head's post per kind of unit; the unit's name completes it ("Kepala Bidang" + " Mutasi ...")
FUNGSIONAL = ["Analis SDM Aparatur", "Perencana", "Pranata Komputer", "Arsiparis", "Analis Kebijakan",
              "Auditor Kepegawaian", "Pengelola Pengadaan Barang/Jasa", "Analis Keuangan Pusat dan Daerah"]
PELAKSANA = ["Pengadministrasi Umum", "Pengelola Data", "Pengadministrasi Keuangan", "Pengelola Kepegawaian",
             "Pengelola Sarana dan Prasarana", "Operator Layanan Operasional", "Penata Laporan Keuangan",
             "Pengolah Data dan Informasi", "Pengadministrasi Perkantoran", "Pengelola Layanan Kepegawaian"]


@dataclass
class Unit:
    """One unit of the organisation: its head's post, its staff, its sub-units."""

    name: str
    head: str  # the head's jabatan
    kind: str  # the head's jenis jabatan
    fungsional: int = 0  # fungsional posts under the head
    pelaksana: int = 0
    children: list[Unit] = field(default_factory=list)


@dataclass
class Agency:
    """A generated agency: ``people`` (one row per person), its ``fmt`` and ``seed``."""

    key: str
    name: str
    induk: str
    fmt: str  # "simpeg-duk" (XLSX) or "siasn" (CSV)
    seed: int
    people: pd.DataFrame

    @property
    def filename(self) -> str:
        return f"{self.key}.xlsx" if self.fmt == "simpeg-duk" else f"{self.key}.csv"

    def write(self, path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.fmt == "simpeg-duk":
            path.write_bytes(simpeg_duk_xlsx(self))
        else:
            path.write_bytes(siasn_csv(self))
        return path

    def depth(self) -> int:
        return int(self.people["unit_path"].str.count(" / ").max()) + 1


class _People:
    """Draws people: unique valid NIPs, names with gelar, contacts."""

    def __init__(self, seed: int, domain: str):
        self.rng = random.Random(seed)
        self.nips: set[str] = set()
        self.names: set[str] = set()
        self.mails: set[str] = set()
        self.domain = domain

    def person(self, kind: str, grade: str) -> dict:
        rng = self.rng
        gender = rng.choice("LP")
        senior = {"JPT Pratama": (1968, 1975), "Administrator": (1970, 1980), "Pengawas": (1972, 1986),
                  "Ahli Madya": (1970, 1980), "Ahli Muda": (1976, 1988)}.get(grade, (1980, 1998))
        while True:
            birth = dt.date(rng.randint(*senior), rng.randint(1, 12), rng.randint(1, 28))
            tmt_year = min(2024, birth.year + rng.randint(22, 28))
            nip = make_nip(birth, tmt_year, rng.choice([1, 2, 3, 4, 12]), gender, rng.randint(1, 999))
            if nip not in self.nips:
                self.nips.add(nip)
                break
        while True:
            first = rng.choice(MALE if gender == "L" else FEMALE)
            others = [n for n in (MALE if gender == "L" else FEMALE) if n != first]
            middle = rng.choice(["", "", rng.choice(others) + " "])
            plain = f"{first} {middle}{rng.choice(FAMILY + (FAMILY_F if gender == 'P' else []))}".replace("  ", " ")
            if plain not in self.names:
                self.names.add(plain)
                break
        if grade in ("Pelaksana", "Terampil"):
            gelar = rng.choice(["", "", "A.Md.", GELAR_S1[rng.randrange(len(GELAR_S1))]])
        else:
            gelar = rng.choice(GELAR_S1) + (", " + rng.choice(GELAR_S2) if grade in ("JPT Pratama", "Administrator",
                                                                                   "Ahli Madya") else "")
        front = "Dr. " if grade == "JPT Pratama" and rng.random() < 0.5 else ""
        full = f"{front}{plain}, {gelar}" if gelar else f"{front}{plain}"
        local = ".".join(plain.lower().replace("ni luh", "niluh").split()[:2])
        mail = local
        n = 1
        while mail in self.mails:
            n += 1
            mail = f"{local}{n}"
        self.mails.add(mail)
        phone = rng.choice(PHONE_PREFIX) + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([7, 8])))
        return {"nip": nip, "nama": full, "jenis_kelamin": gender, "golongan": rng.choice(GOLONGAN[grade]),
                "tmt_golongan": dt.date(rng.randint(max(tmt_year, 2012), 2025), rng.choice([4, 10]), 1),
                "tanggal_lahir": birth, "no_hp": "62" + phone,
                "email": f"{mail}@{rng.choice(['gmail.com', 'yahoo.co.id', 'gmail.com'])}",
                "email_gov": f"{mail}@{self.domain}"}


def _build(root: Unit, induk: str, seed: int, domain: str) -> pd.DataFrame:
    draw = _People(seed, domain)
    rng = draw.rng
    rows = []

    def add(unit: Unit, path: str, boss: str) -> None:
        grade = unit.kind
        head = draw.person(unit.kind, grade) | {"jabatan": unit.head, "jenis_jabatan": unit.kind,
                                                "eselon": ESELON.get(unit.kind, ""), "unit_kerja": unit.name,
                                                "unit_path": path, "atasan_nip": boss}
        rows.append(head)
        for _ in range(unit.fungsional):
            level = rng.choice(["Ahli Pertama", "Ahli Pertama", "Ahli Muda", "Ahli Muda", "Terampil"]
                               if unit.kind != "JPT Pratama" else ["Ahli Madya"])
            post = rng.choice(FUNGSIONAL)
            rows.append(draw.person("Fungsional", level) | {
                "jabatan": f"{post} {level}" if level != "Terampil" else f"{post} Terampil",
                "jenis_jabatan": "Fungsional", "eselon": "", "unit_kerja": unit.name, "unit_path": path,
                "atasan_nip": head["nip"]})
        for _ in range(unit.pelaksana):
            rows.append(draw.person("Pelaksana", "Pelaksana") | {
                "jabatan": rng.choice(PELAKSANA), "jenis_jabatan": "Pelaksana", "eselon": "", "unit_kerja": unit.name,
                "unit_path": path, "atasan_nip": head["nip"]})
        for child in unit.children:
            add(child, f"{path} / {child.name}", head["nip"])

    top = f"{induk} / {root.name}" if induk and induk != root.name else root.name
    add(root, top, "")
    people = pd.DataFrame(rows)
    # an export lists people by rank (DUK) or by NIP, not by tree: shuffle deterministically
    return people.sample(frac=1, random_state=seed).reset_index(drop=True)


def _bidang(name: str, subs: list[tuple[str, int]], fungsional: int, kasub: str = "Kepala Subbidang") -> Unit:
    return Unit(name, f"Kepala {name}", "Administrator", fungsional=fungsional,
                children=[Unit(s, f"{kasub} {s.split(' ', 1)[1]}", "Pengawas", pelaksana=n) for s, n in subs])


def bkpsdm(seed: int = SEEDS["bkpsdm"]) -> Agency:
    """BKPSDM Kabupaten Sukamaju, 57 people, SIMPEG DUK XLSX."""
    name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    root = Unit(name, "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "JPT Pratama", children=[
        Unit("Sekretariat", "Sekretaris", "Administrator", fungsional=3, children=[
            Unit("Subbagian Umum dan Kepegawaian", "Kepala Subbagian Umum dan Kepegawaian", "Pengawas", pelaksana=5),
            Unit("Subbagian Perencanaan dan Keuangan", "Kepala Subbagian Perencanaan dan Keuangan", "Pengawas",
                 pelaksana=4)]),
        _bidang("Bidang Pengadaan, Pemberhentian dan Informasi", [("Subbidang Data dan Informasi", 4)], 5),
        _bidang("Bidang Mutasi dan Promosi", [("Subbidang Mutasi", 3)], 5),
        _bidang("Bidang Pengembangan Kompetensi Aparatur", [("Subbidang Diklat Struktural", 3)], 5),
        _bidang("Bidang Penilaian Kinerja dan Penghargaan", [("Subbidang Penilaian Kinerja", 3)], 5),
    ])
    people = _build(root, "", seed, "bkpsdm.sukamajukab.go.id")
    return Agency("bkpsdm", "BKPSDM Kabupaten Sukamaju", "", "simpeg-duk", seed, people)


def dinas(seed: int = SEEDS["dinas"]) -> Agency:
    """Dinas Pendidikan dan Kebudayaan Kabupaten Sukamaju, 80 people, SIASN CSV (flat UNOR, UNOR
    INDUK, +62 numbers)."""
    name = "Dinas Pendidikan dan Kebudayaan"
    root = Unit(name, "Kepala Dinas Pendidikan dan Kebudayaan", "JPT Pratama", children=[
        Unit("Sekretariat Dinas Pendidikan dan Kebudayaan", "Sekretaris Dinas", "Administrator", fungsional=5,
             children=[Unit("Subbagian Umum dan Kepegawaian Disdikbud", "Kepala Subbagian Umum dan Kepegawaian",
                            "Pengawas", pelaksana=7)]),
        _bidang("Bidang Pembinaan Sekolah Dasar", [("Seksi Kurikulum SD", 5), ("Seksi Peserta Didik SD", 5)], 3,
                "Kepala Seksi"),
        _bidang("Bidang Pembinaan Sekolah Menengah Pertama", [("Seksi Kurikulum SMP", 5),
                                                              ("Seksi Peserta Didik SMP", 5)], 3, "Kepala Seksi"),
        _bidang("Bidang Pendidik dan Tenaga Kependidikan", [("Seksi Pendidik", 5), ("Seksi Tenaga Kependidikan", 4)],
                4, "Kepala Seksi"),
        _bidang("Bidang Kebudayaan", [("Seksi Cagar Budaya", 5), ("Seksi Kesenian", 5)], 4, "Kepala Seksi"),
    ])
    people = _build(root, name, seed, "disdikbud.sukamajukab.go.id")
    return Agency("dinas", "Dinas Pendidikan dan Kebudayaan Kabupaten Sukamaju", name, "siasn", seed, people)


def badan(seed: int = SEEDS["badan"], n: int = 600) -> Agency:
    """Badan Pendapatan Daerah Provinsi Nusa Raya, ``n`` (600) people, SIMPEG DUK XLSX: a
    secretariat, five bidang of three subbidang each and eight UPT (unit pelaksana teknis)."""
    fixed = 1 + 1 + 3 + 5 * 4 + 8 * 2  # heads: kepala, sekretaris, kasubbag, kabid + kasubbid, ka-UPT + kasubbag TU
    staff = n - fixed
    # split the staff over the units: roughly by these weights
    slots = [("sek", 4)] + [("subbag", 6)] * 3 + ([("bidang", 5)] + [("subbid", 6)] * 3) * 5 \
        + [("upt", 9), ("tu", 7)] * 8
    total = sum(w for _, w in slots)
    counts = [staff * w // total for _, w in slots]
    for i in range(staff - sum(counts)):
        counts[i % len(counts)] += 1
    it = iter(counts)
    bidang_names = ["Bidang Pajak Daerah", "Bidang Retribusi dan Pendapatan Lain", "Bidang Pengendalian dan Evaluasi",
                    "Bidang Perencanaan dan Pengembangan Pendapatan", "Bidang Data dan Teknologi Informasi"]
    sub_names = [["Subbidang Pajak Kendaraan Bermotor", "Subbidang Bea Balik Nama", "Subbidang Pajak Air Permukaan"],
                 ["Subbidang Retribusi", "Subbidang Pendapatan Lain", "Subbidang Kerja Sama Pendapatan"],
                 ["Subbidang Pengendalian", "Subbidang Evaluasi", "Subbidang Pelaporan"],
                 ["Subbidang Perencanaan", "Subbidang Pengembangan", "Subbidang Regulasi"],
                 ["Subbidang Pengelolaan Data", "Subbidang Sistem Informasi", "Subbidang Layanan Digital"]]
    sek = Unit("Sekretariat", "Sekretaris", "Administrator", fungsional=next(it), children=[
        Unit(s, f"Kepala {s}", "Pengawas", pelaksana=next(it))
        for s in ["Subbagian Umum", "Subbagian Kepegawaian", "Subbagian Keuangan"]])
    bidang = []
    for b, subs in zip(bidang_names, sub_names):
        bidang.append(Unit(b, f"Kepala {b}", "Administrator", fungsional=next(it), children=[
            Unit(s, f"Kepala {s}", "Pengawas", pelaksana=next(it)) for s in subs]))
    upt = []
    for k, city in enumerate(["Kota Baru", "Tanjung Sari", "Muara Indah", "Bukit Raya", "Sungai Jernih",
                              "Pantai Timur", "Lembah Hijau", "Padang Luas"]):
        name = f"UPT Pendapatan Wilayah {city}"
        upt.append(Unit(name, f"Kepala {name}", "Administrator", fungsional=next(it), children=[
            Unit("Subbagian Tata Usaha", "Kepala Subbagian Tata Usaha", "Pengawas",
                 pelaksana=next(it))]))
    root = Unit("Badan Pendapatan Daerah", "Kepala Badan Pendapatan Daerah", "JPT Pratama",
                children=[sek, *bidang, *upt])
    people = _build(root, "", seed, "bapenda.nusaraya.go.id")
    return Agency("badan", "Badan Pendapatan Daerah Provinsi Nusa Raya", "", "simpeg-duk", seed, people)


def all_agencies() -> list[Agency]:
    return [bkpsdm(), dinas(), badan()]


# --- the export formats ------------------------------------------------------------------------


# SIMPEG's classic kinds of post: structural (the eselon gives the level), JFT and JFU (pelaksana)
_SIMPEG_JENIS = {"JPT Pratama": "Struktural", "Administrator": "Struktural", "Pengawas": "Struktural",
                 "Fungsional": "Fungsional Tertentu", "Pelaksana": "Fungsional Umum"}


def simpeg_duk_xlsx(agency: Agency, as_of: dt.date = dt.date(2026, 11, 30)) -> bytes:
    """A SIMPEG DUK export: title rows merged across the sheet, a blank row, a two-row header with
    merged group cells, a row of column numbers, the people ranked by golongan (DUK order)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    top = ["NO", "NAMA LENGKAP", "NIP BARU", "PANGKAT", None, "JABATAN", None, "ESELON", "JENIS JABATAN",
           "UNIT KERJA", "NIP ATASAN LANGSUNG", "JENIS KELAMIN", "TANGGAL LAHIR", "NO. HP", "EMAIL"]
    sub = [None, None, None, "GOL/RUANG", "TMT", "NAMA", "TMT"] + [None] * 8
    width = len(top)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DUK"
    last = openpyxl.utils.get_column_letter(width)
    for r, text in enumerate(["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL", agency.name.upper(),
                              f"KEADAAN PER {as_of.day} NOVEMBER {as_of.year}"], start=1):
        ws.cell(r, 1, text).font = Font(bold=True)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(f"A{r}:{last}{r}")
    for c, (t, s) in enumerate(zip(top, sub), start=1):
        if t is not None:
            ws.cell(5, c, t).font = Font(bold=True)
        if s is not None:
            ws.cell(6, c, s).font = Font(bold=True)
    for c, (t, s) in enumerate(zip(top, sub), start=1):
        col = openpyxl.utils.get_column_letter(c)
        if t is not None and s is None:
            ws.merge_cells(f"{col}5:{col}6")
    ws.merge_cells("D5:E5")
    ws.merge_cells("F5:G5")
    for c in range(1, width + 1):
        ws.cell(7, c, c)
    rank = {g: i for i, g in enumerate(["IV/e", "IV/d", "IV/c", "IV/b", "IV/a", "III/d", "III/c", "III/b", "III/a",
                                        "II/d", "II/c", "II/b", "II/a"])}
    people = agency.people.assign(_rank=agency.people["golongan"].map(rank)).sort_values(
        ["_rank", "tmt_golongan", "nip"], kind="stable")
    for i, p in enumerate(people.itertuples(index=False), start=1):
        ws.append([i, p.nama, p.nip, p.golongan, p.tmt_golongan, p.jabatan, p.tmt_golongan, p.eselon or "-",
                   _SIMPEG_JENIS[p.jenis_jabatan], p.unit_kerja, p.atasan_nip or "-",
                   "Laki-laki" if p.jenis_kelamin == "L" else "Perempuan",
                   p.tanggal_lahir, "0" + p.no_hp[2:], p.email])
    for row in ws.iter_rows(min_row=8, min_col=5, max_col=7):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
    for row in ws.iter_rows(min_row=8, min_col=13, max_col=13):
        row[0].number_format = "DD-MM-YYYY"
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 12, 1)
    out = io.BytesIO()
    wb.save(out)
    return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same XLSX with every zip entry and the modified stamp dated 2026-12-01, so that a seed
    gives the same bytes."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-12-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 12, 1, 0, 0, 0)), body,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


SIASN_COLUMNS = ["PNS_ID", "NIP_BARU", "NIP_LAMA", "NAMA", "GELAR_DEPAN", "GELAR_BELAKANG", "TANGGAL_LAHIR",
                 "JENIS_KELAMIN", "NOMOR_HP", "EMAIL", "EMAIL_GOV", "JENIS_PEGAWAI_NAMA", "KEDUDUKAN_HUKUM_NAMA",
                 "GOL_AKHIR_ID", "GOL_AKHIR_NAMA", "TMT_GOLONGAN", "JENIS_JABATAN_NAMA", "JABATAN_NAMA",
                 "UNOR_ID", "UNOR_NAMA", "UNOR_INDUK_NAMA", "NIP_ATASAN", "INSTANSI_KERJA_NAMA"]
_SIASN_JENIS = {"JPT Pratama": "Jabatan Struktural", "Administrator": "Jabatan Struktural",
                "Pengawas": "Jabatan Struktural", "Fungsional": "Jabatan Fungsional Tertentu",
                "Pelaksana": "Jabatan Pelaksana"}
_GOL_ID = {"II/a": 21, "II/b": 22, "II/c": 23, "II/d": 24, "III/a": 31, "III/b": 32, "III/c": 33, "III/d": 34,
           "IV/a": 41, "IV/b": 42, "IV/c": 43, "IV/d": 44, "IV/e": 45}


def siasn_csv(agency: Agency) -> bytes:
    """A SIASN export: SIASN's column names, the name without gelar in NAMA, jenis kelamin M/F,
    +62 numbers, flat UNOR_NAMA under UNOR_INDUK_NAMA, sorted by NIP."""
    rng = random.Random(agency.seed)
    unor_id = {u: f"A{i:05d}{rng.randrange(10**6):06d}" for i, u in enumerate(sorted(set(agency.people["unit_kerja"])))}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SIASN_COLUMNS)
    for p in agency.people.sort_values("nip").itertuples(index=False):
        plain, _, back = p.nama.removeprefix("Dr. ").partition(", ")
        hp = "+62 " + p.no_hp[2:5] + "-" + p.no_hp[5:9] + "-" + p.no_hp[9:]
        w.writerow([f"{rng.getrandbits(64):016x}", p.nip, "", plain.upper(), "Dr." if p.nama.startswith("Dr. ") else "",
                    back, p.tanggal_lahir.strftime("%d-%m-%Y"), "M" if p.jenis_kelamin == "L" else "F", hp,
                    p.email, p.email_gov, "PNS Daerah Kabupaten/Kota", "Aktif", _GOL_ID[p.golongan], p.golongan,
                    p.tmt_golongan.strftime("%d-%m-%Y"), _SIASN_JENIS[p.jenis_jabatan], p.jabatan,
                    unor_id[p.unit_kerja], p.unit_kerja, agency.induk, p.atasan_nip,
                    "Pemerintah Kabupaten Sukamaju"])
    return buf.getvalue().encode("utf-8")


def expected_jenis(agency: Agency) -> pd.Series:
    """The jenis jabatan the import reads: SIASN's "Jabatan Struktural" is Administrator for every
    structural post (SIASN has no eselon column here); SIMPEG's ESELON gives the level."""
    if agency.fmt == "siasn":
        return agency.people["jenis_jabatan"].replace({"JPT Pratama": "Administrator", "Pengawas": "Administrator"})
    return agency.people["jenis_jabatan"]


def write_samples(directory) -> dict[str, Path]:
    """The two sample rosters of ``data/``: ``contoh-simpeg-duk.xlsx`` (the BKPSDM) and
    ``contoh-siasn.csv`` (the Dinas)."""
    directory = Path(directory)
    return {"simpeg": bkpsdm().write(directory / "contoh-simpeg-duk.xlsx"),
            "siasn": dinas().write(directory / "contoh-siasn.csv")}


if __name__ == "__main__":  # python -m scenarios.agencies OUTDIR
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for agency in all_agencies():
        print(agency.write(out / agency.filename), len(agency.people), "people, depth", agency.depth())
