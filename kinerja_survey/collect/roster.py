"""Roster import: CSV/XLSX files as HR systems (SIMPEG, SIASN) export them, validated row by row.

``read_roster`` maps the many header spellings HR exports use onto the canonical columns
(``ROSTER_COLUMNS``), normalises values and checks every row; it never stops at the first problem.
``validate_roster`` returns the list of ``RowError``; ``load_roster`` raises ``RosterError``
carrying all of them.  Only a roster without errors reaches the store, so an import with any
error writes nothing.

Row numbers in messages are the spreadsheet's own.  The header need not be row 1: it is looked for
in the first ``HEADER_SCAN_ROWS`` rows, below the title rows (often merged across the sheet) and
blank rows that SIMPEG's DUK and nominatif exports put above it; a second header row (group cells
merged over sub-columns) and a row of column numbers under it are read as part of the header.

Flat unit names (SIASN's UNOR_NAMA, SIMPEG's UNIT KERJA without a ``"A / B"`` path) say nothing of
the unit tree that meeting mode merges small units into; ``derive_unit_paths`` builds it from the
supervisor chain (and UNOR INDUK), and ``validate_roster`` writes the derived path into
``unit_kerja``, so every path-based reader (``unit_paths``, the store, ``present.coarsen_units``)
sees the hierarchy.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import KinerjaError
from ..i18n import Join, Localized, Msg, t
from .nip import check_nip, normalise_nip

ROSTER_COLUMNS = ["nip", "nama", "jabatan", "jenis_jabatan", "golongan", "unit_kerja", "atasan_nip",
                  "jenis_kelamin"]
REQUIRED = ["nip", "nama", "jabatan", "unit_kerja"]
# optional contact columns (invitations and reminders): kept in the frame only when the file has them
CONTACT_COLUMNS = ["email", "no_hp"]

# header spellings seen in SIMPEG/SIASN/e-Kinerja exports -> canonical column.  SIASN writes its
# columns in capitals with underscores (NIP_BARU, JABATAN_NAMA, UNOR_NAMA, GOL_AKHIR_NAMA,
# JENIS_JABATAN_NAMA, NOMOR_HP, EMAIL_GOV); SIMPEG's DUK/nominatif exports write them as words
# (NIP BARU, NAMA LENGKAP, NAMA JABATAN, GOL/RUANG AKHIR, UNIT KERJA, NIP ATASAN LANGSUNG).  ``_key``
# folds case, underscores and the spaces around "/" before the lookup.
_ALIASES = {
    "nip": ["nip", "nip baru", "nip_baru", "nomor induk pegawai", "nip/nippk", "nip pegawai", "ni pppk",
            "nip/ni pppk", "nip (baru)", "nip 18 digit", "nip (18 digit)", "nipbaru", "nip/nik pppk",
            "nomor nip"],
    "nama": ["nama", "nama lengkap", "nama pegawai", "nama_lengkap", "name", "nama pns", "nama asn",
             "nama lengkap dengan gelar", "nama lengkap (dengan gelar)", "nama dan gelar", "nama/gelar",
             "nama gelar", "nama pegawai (dengan gelar)"],
    "jabatan": ["jabatan", "nama jabatan", "jabatan_nama", "position", "jabatan (nama)", "jabatan terakhir",
                "jabatan akhir", "nama jabatan akhir", "jabatan sekarang", "jabatan saat ini",
                "nama jabatan terakhir", "jabatan nama jabatan"],
    "jenis_jabatan": ["jenis jabatan", "jenis_jabatan", "jenis jabatan nama", "kategori jabatan", "eselon/jenis",
                      "jenis jabatan (nama)", "jenis jab", "kelompok jabatan", "jenis jabatan akhir"],
    "eselon": ["eselon", "eselon nama", "eselon akhir", "esl", "eselon/tmt"],
    "golongan": ["golongan", "gol", "gol/ruang", "gol. ruang", "golongan/ruang", "pangkat/golongan",
                 "golongan ruang", "gol ruang", "golongan akhir", "gol/ruang akhir", "gol. ruang akhir",
                 "gol.ruang akhir", "golongan/ruang akhir", "golongan ruang akhir", "gol ruang akhir", "gol akhir",
                 "gol akhir nama", "golongan akhir nama", "gol/ruang terakhir", "golongan terakhir",
                 "pangkat gol/ruang", "pangkat/gol/ruang", "pangkat/gol. ruang", "pangkat dan golongan",
                 "pangkat golongan", "pangkat/golongan ruang", "gol.", "gol/rng", "golru"],
    "unit_kerja": ["unit kerja", "unit_kerja", "unit organisasi", "unor", "unit", "satuan kerja", "unor nama",
                   "nama unor", "nama unit kerja", "unit kerja nama", "unit kerja terakhir", "unor (nama)",
                   "nama unit organisasi", "satker", "nama satuan kerja", "unit kerja/unor"],
    "unor_induk": ["unor induk", "unor induk nama", "nama unor induk", "unit kerja induk", "unit induk",
                   "induk unor", "induk unit kerja", "unor induk (nama)", "perangkat daerah", "opd"],
    "atasan_nip": ["atasan", "nip atasan", "atasan_nip", "nip atasan langsung", "atasan langsung",
                   "nip_atasan", "atasan langsung nip", "nip atasan langsung (pejabat penilai)", "nip pejabat penilai",
                   "pejabat penilai nip", "nip penilai", "nip pejabat penilai kinerja", "nip atasan (pejabat penilai)",
                   "atasan nip"],
    "jenis_kelamin": ["jenis kelamin", "jenis_kelamin", "jk", "l/p", "gender", "sex", "jns kelamin", "kelamin",
                      "jenis kelamin nama", "jns. kelamin", "jenis kel"],
    "email": ["email", "e-mail", "e mail", "surel", "alamat email", "alamat e-mail", "email dinas",
              "email pegawai", "e-mail dinas", "alamat surel"],
    "email_gov": ["email gov", "email pemerintah", "email resmi", "email go.id", "email instansi"],
    "no_hp": ["no hp", "no. hp", "nomor hp", "no_hp", "hp", "no hp/wa", "no. hp/wa", "nomor hp/wa", "no wa",
              "nomor wa", "no. wa", "whatsapp", "nomor whatsapp", "no telp", "no. telp", "nomor telepon",
              "telepon", "telp", "handphone", "ponsel", "no handphone", "nomor ponsel", "no. handphone",
              "nomor handphone", "hp/wa", "no telp/hp", "no. telp/hp", "nomor telepon seluler", "telepon seluler",
              "no hp/telp", "no. hp/telp", "nomor hp/telp", "no hp aktif", "nomor hp aktif"],
}
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def normalise_phone(value) -> str:
    """An Indonesian mobile number as WhatsApp wants it: digits only, country code 62.

    >>> normalise_phone("0812-3456-7890"), normalise_phone("+62 812 3456 7890"), normalise_phone("812345678")
    ('6281234567890', '6281234567890', '62812345678')
    """
    digits = re.sub(r"[\s\-.()/]", "", str(value or "")).lstrip("+")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits


def check_phone(value: str) -> str | None:
    """None when ``value`` (normalised) is a plausible Indonesian mobile number, else the problem."""
    if not value.isdigit():
        return Msg("collect.phone_not_digits", value=value)
    if not value.startswith("628") or not 10 <= len(value) <= 15:
        return Msg("collect.phone_not_id", value=value)
    return None
JENIS_JABATAN = {
    "jpt utama": "JPT Utama", "jpt madya": "JPT Madya", "jpt pratama": "JPT Pratama",
    "administrator": "Administrator", "pengawas": "Pengawas", "pelaksana": "Pelaksana",
    "fungsional": "Fungsional", "jabatan fungsional": "Fungsional", "jf": "Fungsional",
    "jabatan pelaksana": "Pelaksana", "struktural": "Administrator",
    # SIASN's JENIS_JABATAN_NAMA and older SIMPEG spellings
    "jabatan struktural": "Administrator", "jabatan fungsional tertentu": "Fungsional",
    "fungsional tertentu": "Fungsional", "jft": "Fungsional", "jabatan fungsional umum": "Pelaksana",
    "fungsional umum": "Pelaksana", "jfu": "Pelaksana", "jabatan pimpinan tinggi utama": "JPT Utama",
    "jabatan pimpinan tinggi madya": "JPT Madya", "jabatan pimpinan tinggi pratama": "JPT Pratama",
    "pimpinan tinggi utama": "JPT Utama", "pimpinan tinggi madya": "JPT Madya",
    "pimpinan tinggi pratama": "JPT Pratama", "jabatan administrator": "Administrator",
    "jabatan pengawas": "Pengawas",
}
# eselon (SIMPEG's ESELON column) -> jenis jabatan, the equivalence of PP 11/2017 Pasal 330-331
# (JPT madya = eselon I.a/I.b, JPT pratama = II.a/II.b, administrator = III, pengawas = IV; eselon V
# posts became pengawas).  Used when the file has no jenis jabatan, or only "struktural".
_ESELON = {"I": "JPT Madya", "II": "JPT Pratama", "III": "Administrator", "IV": "Pengawas", "V": "Pengawas"}
_ESELON_RE = re.compile(r"^(?:eselon\s*)?(IV|V|III|II|I)(?:\s*[./-]?\s*[ab])?$", re.I)
# organisational level for peer matching: smaller = higher
LEVEL = {"JPT Utama": 1, "JPT Madya": 2, "JPT Pratama": 3, "Administrator": 4, "Pengawas": 5,
         "Pelaksana": 6, "Fungsional": 6}
_GOL_PNS = re.compile(r"^(I|II|III|IV)\s*/\s*([a-e])$", re.I)
_GOL_PPPK = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI|XVII)$", re.I)
# the golongan inside a pangkat text: "Penata Tk. I (III/d)", "Pembina, IV/a"
_GOL_IN_TEXT = re.compile(r"(?<![A-Za-z])(IV|III|II|I)\s*/\s*([a-e])(?![A-Za-z])", re.I)


@dataclass(frozen=True)
class RowError(Localized):
    """One problem of a file: ``message`` (an ``i18n.Msg``: Bahasa Indonesia as a ``str``, English
    with ``render("en")``) about ``field`` of spreadsheet row ``row``."""

    row: int  # spreadsheet row (header = 1); 0 for file-level problems
    field: str
    message: str

    def render(self, lang: str | None = None) -> str:
        if self.row:
            return t("collect.row_error", lang, row=self.row, field=self.field, message=self.message)
        return t("collect.file_error", lang, field=self.field, message=self.message)

    def __str__(self) -> str:
        return self.render()


def _file_field() -> Msg:
    """The ``field`` of a file-level problem ("berkas")."""
    return Msg("collect.field_file")


class RosterError(KinerjaError, ValueError):
    """The roster has errors; ``errors`` lists every one (row, field, message)."""

    def __init__(self, errors: list[RowError], source: str = "roster"):
        self.errors = list(errors)
        self.source = source
        more = Msg("collect.errors_more", n=len(self.errors) - 50) if len(self.errors) > 50 else ""
        super().__init__("collect.errors", source=source, n=len(self.errors),
                         lines=Join(self.errors[:50], "\n", prefix="  - "), more=more)

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """``row, field, message``, the texts in ``lang``."""
        def text(value):
            return value.render(lang) if isinstance(value, Localized) else value

        return pd.DataFrame([{"row": e.row, "field": text(e.field), "message": text(e.message)} for e in self.errors],
                            columns=["row", "field", "message"])


def _key(header) -> str:
    s = unicodedata.normalize("NFKC", str(header)).strip().lower()
    s = re.sub(r"\s+", " ", s.replace("_", " ")).replace(" .", ".")
    return re.sub(r" ?/ ?", "/", s)


_LOOKUP = {_key(a): canon for canon, aliases in _ALIASES.items() for a in aliases}
# the header row is looked for in the first rows of a sheet: exports put the agency's name, the
# report's title and the date above it (often merged across the columns), and blank rows
HEADER_SCAN_ROWS = 20


def _canonical_columns(columns, header_row: int = 1) -> tuple[dict, list[RowError]]:
    mapping, errors, taken = {}, [], {}
    for col in columns:
        canon = _LOOKUP.get(_key(col))
        if canon is None:
            continue
        if canon in taken:
            errors.append(RowError(header_row, str(col), Msg("collect.column_twice", first=taken[canon],
                                                              second=col, canon=canon)))
            continue
        taken[canon] = col
        mapping[col] = canon
    shown = ", ".join(str(c) for c in columns if not str(c).startswith("Unnamed: "))
    for req in REQUIRED:
        if req not in taken:
            errors.append(RowError(header_row, req, Msg("collect.column_missing_at", column=req, row=header_row,
                                                         columns=shown, scan=HEADER_SCAN_ROWS)))
    return mapping, errors


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _header_score(names) -> tuple[int, int]:
    """(required columns, all columns) that the cells ``names`` name."""
    found = {_LOOKUP.get(_key(n)) for n in names if n} - {None}
    return len(found & set(REQUIRED)), len(found)


def _stacked_names(top: list[str], sub: list[str]) -> list[str]:
    """Column names of a two-row header: a group cell (often merged across the columns below it,
    "JABATAN" over "NAMA" and "TMT") joined with the cell under it ("JABATAN NAMA"); the lower cell
    alone where only it names a known column ("PANGKAT" over "GOL/RUANG")."""
    names, group = [], ""
    for i in range(max(len(top), len(sub))):
        own = top[i] if i < len(top) else ""
        below = sub[i] if i < len(sub) else ""
        group = own or group
        if not below:
            names.append(own)
        elif group and _LOOKUP.get(_key(f"{group} {below}")) is None and _LOOKUP.get(_key(below)) is not None:
            names.append(below)
        else:
            names.append(f"{group} {below}" if group else below)
    return names


_LONG_NUMBER = re.compile(r"\d{8}")  # a NIP, NIK or phone number: never in a header
_NUMBER_CELL = re.compile(r"^\(?(\d{1,3})\)?$")


def _column_numbers(cells: list[str]) -> bool:
    """True for the "1 2 3 ..." row printed reports put under their header."""
    filled = [c for c in cells if c]
    if len(filled) < 3 or not all(_NUMBER_CELL.match(c) for c in filled):
        return False
    numbers = [int(_NUMBER_CELL.match(c).group(1)) for c in filled]
    return all(b > a for a, b in itertools.pairwise(numbers))


def _locate_header(rows: list[tuple[int, list]]) -> tuple[int, list[str], int] | None:
    """Find the header among the first ``HEADER_SCAN_ROWS`` spreadsheet rows of ``rows``
    (``(row number, cells)``): the row naming the most required, then the most known columns; the
    first non-empty row when none names any.  A second header row under it (merged group cells
    above sub-columns) is joined to it, and a row of column numbers under it is skipped.

    A row holding a long number (a NIP) is a person's row, never the header.  Returns ``(header row
    number, column names, index in rows of the first data row)``, None for a sheet without any
    non-empty row in that range.
    """
    best = first = None
    for i, (rowno, cells) in enumerate(rows):
        if rowno > HEADER_SCAN_ROWS:
            break
        texts = [_text(c) for c in cells]
        if not any(texts):
            continue
        first = first or ((0, 0), i, texts)
        if any(_LONG_NUMBER.search(c) for c in texts):
            continue  # a person's row (a NIP): a data cell may happen to read "Nama" or "Unit"
        score = _header_score(texts)
        if best is None or score > best[0]:
            best = (score, i, texts)
    best = best or first  # no row without a NIP: the first row is named in the refusal
    if best is None:
        return None
    score, i, names = best
    start = i + 1
    if start < len(rows):
        sub = [_text(c) for c in rows[start][1]]
        header_like = any(sub) and not any(_LONG_NUMBER.search(c) for c in sub) and not _column_numbers(sub)
        if header_like:
            stacked = _stacked_names(names, sub)
            under_group = any(b and not (names[k] if k < len(names) else "") for k, b in enumerate(sub))
            if _header_score(stacked) > score or (_header_score(stacked) == score and under_group):
                names, start = stacked, start + 1
    if start < len(rows) and _column_numbers([_text(c) for c in rows[start][1]]):
        start += 1
    return rows[i][0], names, start


def _frame_from_rows(rows: list[tuple[int, list]], name: str, *, check: bool = True) -> pd.DataFrame:
    """The roster table of ``rows`` (``(spreadsheet row number, cells)``): the header found by
    :func:`_locate_header`, the rows under it indexed by their spreadsheet row numbers, and
    ``attrs["header_row"]``.  With ``check``, raises ``RosterError`` when the header lacks a
    required column (``validate_roster`` reports it otherwise)."""
    found = _locate_header(rows)
    if found is None:
        raise RosterError([RowError(0, _file_field(), Msg("collect.sheet_empty"))], name)
    header_row, names, start = found
    while names and not names[-1]:
        names = names[:-1]
    columns, seen = [], {}
    for i, v in enumerate(names):
        col = v or f"Unnamed: {i}"
        if col in seen:  # as pandas names a repeated header
            seen[col] += 1
            col = f"{col}.{seen[col]}"
        else:
            seen[col] = 0
        columns.append(col)
    _mapping, problems = _canonical_columns(columns, header_row)
    if problems and check:  # refused before a single data row is looked at
        raise RosterError(problems, name)
    width = len(columns)
    body = [list(cells[:width]) + [None] * (width - len(cells)) for _rowno, cells in rows[start:]]
    frame = pd.DataFrame(body, columns=columns, index=[rowno for rowno, _ in rows[start:]], dtype=object)
    frame.attrs["header_row"] = header_row
    return frame


def _csv_rows(text: str) -> list[tuple[int, list]]:
    """The records of a CSV text as ``(spreadsheet row number, cells)``; the separator (``,``,
    ``;`` or tab) is the one the header's line has most of among the first lines."""
    head = text.splitlines()[:HEADER_SCAN_ROWS + 5]
    most = {sep: max((line.count(sep) for line in head), default=0) for sep in (",", ";", "\t")}
    sep = ";" if most[";"] > most[","] else ("\t" if most["\t"] > most[","] else ",")
    return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), start=1))


def read_table(source, *, sheet=0, check_header="roster") -> pd.DataFrame:
    """Read a CSV or XLSX roster as text cells (so NIP leading zeros survive where the file kept them).

    ``source`` is a path, bytes with a ``name``-like hint via ``(name, bytes)``, or a DataFrame.
    CSV: UTF-8 (with or without BOM) or Windows-1252; ``,`` or ``;`` separated (Excel in Indonesian
    locale writes ``;``).

    With ``check_header="roster"`` the header row is looked for among the first
    ``HEADER_SCAN_ROWS`` rows (title rows, merged cells and blank rows above it, a second header
    row or a row of column numbers under it: see :func:`_locate_header`), checked against the
    roster columns before any data row is read, and the frame's index holds the spreadsheet row
    number of each row (``attrs["header_row"]`` that of the header).  Other tables (e.g. a hasil
    kerja export) pass ``check_header=None``: the first non-empty row is the header, and they check
    their own columns.
    """
    if isinstance(source, pd.DataFrame):
        return source.copy()
    if isinstance(source, tuple):
        name, data = source
    else:
        name, data = str(source), None
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise RosterError([RowError(0, _file_field(), Msg("collect.unreadable", reason=exc.strerror))],
                              name) from None
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, sheet, name, check_header == "roster")
    if suffix == ".xls":
        try:
            return pd.read_excel(io.BytesIO(data), sheet_name=sheet, dtype=object)
        except Exception as exc:  # the reader raises many kinds on a damaged file
            raise RosterError([RowError(0, _file_field(), Msg("collect.not_excel", error=exc))], name) from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves five byte values undefined
        raise RosterError([RowError(0, _file_field(), Msg("collect.not_text"))], name)
    if check_header == "roster":
        try:
            return _frame_from_rows(_csv_rows(text), name, check=False)
        except csv.Error as exc:
            raise RosterError([RowError(0, _file_field(), Msg("collect.csv_unreadable", error=exc))], name) from None
    first = text.splitlines()[0] if text.strip() else ""
    sep = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RosterError([RowError(0, _file_field(), Msg("collect.csv_unreadable", error=exc))], name) from None


# what the admin app accepts (and says so next to the upload button): below the 10 MiB websocket
# message limit of the Voilà server, over which an upload never reaches the kernel
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # a roster of 100 000 people unpacks to ~60 MB


def _xlsx_head_rows(data: bytes, sheet, n: int) -> list[tuple[int, list]] | None:
    """The first ``n`` rows of ``sheet`` as ``(row number, cells)``, streamed from the sheet's XML
    (openpyxl's parser, no sizing pass); None when the sheet cannot be found this way (the full
    reader then reports)."""
    try:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.worksheet._reader import WorkSheetParser

        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - damaged file: load_workbook below says what is wrong
        return None
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        targets = [(ws.name, rel.target) for ws, rel in reader.parser.find_sheets()
                   if "worksheet" in rel.Type and rel.target in reader.valid_files]
        if isinstance(sheet, int):
            target = targets[sheet][1] if 0 <= sheet < len(targets) else None
        else:
            target = dict(targets).get(sheet)
        if target is None:
            return None
        found: dict[int, dict[int, object]] = {}
        with reader.archive.open(target) as src:
            for idx, row in WorkSheetParser(src, reader.shared_strings, data_only=True).parse():
                if idx > n:
                    break
                found[idx] = {cell["column"]: cell.get("value") for cell in row}
        out = []
        for idx in range(1, max(found, default=0) + 1):
            cells = found.get(idx, {})
            width = max(cells, default=0)
            out.append((idx, [cells.get(col) for col in range(1, width + 1)]))
        return out
    except Exception:  # noqa: BLE001 - openpyxl internals changed or a damaged part: fall back
        return None
    finally:
        reader.archive.close()


def _read_xlsx(data: bytes, sheet, name: str, roster_header: bool = True) -> pd.DataFrame:
    """An XLSX sheet as object cells, guarded: the zip's declared unpacked size is checked before
    anything is unpacked, and the header row is read (openpyxl ``read_only``, streaming) and
    checked before the rows are -- a file that would unpack to gigabytes, or has no roster
    header, is refused in milliseconds with bounded memory."""
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise RosterError([RowError(0, _file_field(), Msg("collect.not_xlsx", error=exc))], name) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise RosterError([RowError(0, _file_field(), Msg("collect.xlsx_too_big", mb=f"{unpacked / 2**20:.0f}",
                                                          limit=MAX_XLSX_UNPACKED // 2**20))], name)
    if roster_header:  # refused before openpyxl sizes the sheet (full scan without <dimension>)
        head = _xlsx_head_rows(data, sheet, HEADER_SCAN_ROWS + 2)
        if head:
            _frame_from_rows(head, name)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise RosterError([RowError(0, _file_field(), Msg("collect.not_excel", error=exc))], name) from None
    try:
        if isinstance(sheet, int):
            if not 0 <= sheet < len(wb.worksheets):
                raise RosterError([RowError(0, _file_field(), Msg("collect.sheet_n_missing", n=sheet + 1))], name)
            ws = wb.worksheets[sheet]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise RosterError([RowError(0, _file_field(), Msg("collect.sheet_missing", sheet=sheet,
                                                                sheets=", ".join(wb.sheetnames)))], name)
        if roster_header:
            return _frame_from_rows(list(enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)), name)
        rows = ws.iter_rows(values_only=True)
        header = None
        for row in rows:  # the first non-empty row is the header (as pandas reads it)
            if any(v is not None and str(v).strip() for v in row):
                header = row
                break
        if header is None:
            raise RosterError([RowError(0, _file_field(), Msg("collect.sheet_empty"))], name)
        while header and (header[-1] is None or not str(header[-1]).strip()):
            header = header[:-1]
        columns = [f"Unnamed: {i}" if v is None or not str(v).strip() else str(v).strip()
                   for i, v in enumerate(header)]
        width = len(columns)
        body = [list(row[:width]) + [None] * (width - len(row)) for row in rows]
    finally:
        wb.close()
    return pd.DataFrame(body, columns=columns, dtype=object)


# column widths of the store (PostgreSQL enforces them): longer values are row errors, not DB errors
MAX_LENGTHS = {"nama": 200, "jabatan": 300, "unit_kerja": 500}
MAX_UNIT_NAME = 200  # one level of the unit_kerja path
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, _dt.date):  # Excel date cells arrive as datetime
        return value.strftime("%Y-%m-%d")
    s = _CONTROL.sub("", unicodedata.normalize("NFKC", str(value))).strip()
    return re.sub(r"\s+", " ", s)


def _gender(value: str) -> str | None:
    v = value.strip().lower()
    if v in ("l", "laki-laki", "laki laki", "pria", "male", "m", "1"):
        return "L"
    if v in ("p", "perempuan", "wanita", "female", "f", "w", "2"):
        return "P"
    return None


def _golongan(value: str) -> str | None:
    m = _GOL_PNS.match(value)
    if m:
        return f"{m.group(1).upper()}/{m.group(2).lower()}"
    if _GOL_PPPK.match(value):
        return value.upper()
    found = _GOL_IN_TEXT.findall(value)
    if len(found) == 1:
        return f"{found[0][0].upper()}/{found[0][1].lower()}"
    return None


def _eselon(value: str) -> str | None:
    """The jenis jabatan of an eselon ("II.b", "III/a", "IV", "Eselon IV.a"); None when unknown."""
    m = _ESELON_RE.match(value.strip())
    return _ESELON[m.group(1).upper()] if m else None


def validate_roster(source, *, sheet=0, derive_units: bool = True) -> tuple[pd.DataFrame, list[RowError]]:
    """Read and check a roster.  Returns ``(frame, errors)``; ``frame`` has ``ROSTER_COLUMNS``.

    Checks: required columns and fields, NIP format (18 digits, valid birth date/TMT/gender),
    duplicate NIP, golongan and jenis kelamin spelling, gender against the NIP's gender digit,
    unknown ``atasan_nip``, self-supervision and supervisor cycles.  Row numbers are the
    spreadsheet's own (the header may stand below title rows; blank rows count).

    A missing jenis jabatan (or SIASN's "Jabatan Struktural") is taken from an ``eselon`` column
    when there is one; a missing e-mail from an ``email_gov`` column (SIASN's EMAIL_GOV).  When
    every ``unit_kerja`` is a flat name (no ``" / "`` path) and ``derive_units`` is true, the unit
    hierarchy is derived from the supervisor chain and any ``unor_induk`` column
    (:func:`derive_unit_paths`) and ``unit_kerja`` becomes the derived path.
    """
    raw = read_table(source, sheet=sheet)
    header_row = raw.attrs.get("header_row")
    raw = raw.dropna(how="all")
    raw = raw[~raw.apply(lambda r: all(_cell(v) == "" for v in r), axis=1)] if len(raw) else raw
    mapping, errors = _canonical_columns(raw.columns, header_row or 1)
    if errors:
        return pd.DataFrame(columns=ROSTER_COLUMNS), errors
    df = raw[list(mapping)].rename(columns=mapping)
    if "email_gov" in df.columns:  # SIASN: EMAIL (personal) and EMAIL_GOV; the first one filled is used
        gov = df.pop("email_gov")
        df["email"] = [e if _cell(e) else g for e, g in zip(df["email"], gov)] if "email" in df.columns else gov
    eselon = df.pop("eselon") if "eselon" in df.columns else None
    induk = df.pop("unor_induk") if "unor_induk" in df.columns else None
    contacts = [c for c in CONTACT_COLUMNS if c in df.columns]
    for col in ROSTER_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    rows = []
    first_row_of: dict[str, int] = {}
    induk_of: dict[int, str] = {}
    for pos, (idx, r) in enumerate(df.iterrows()):
        rowno = int(idx) if header_row else pos + 2
        rec = {c: _cell(r[c]) for c in ROSTER_COLUMNS + contacts}
        if eselon is not None and rec["jenis_jabatan"].lower() in ("", "struktural", "jabatan struktural"):
            rec["jenis_jabatan"] = _eselon(_cell(eselon[idx])) or rec["jenis_jabatan"]
        if induk is not None:
            induk_of[rowno] = _cell(induk[idx])
        if "email" in contacts and rec["email"]:
            rec["email"] = rec["email"].lower()
            if len(rec["email"]) > 254 or not _EMAIL.match(rec["email"]):
                errors.append(RowError(rowno, "email", Msg("collect.email_invalid", value=rec["email"][:80])))
        if "no_hp" in contacts and rec["no_hp"] not in ("", "-"):
            raw_hp = r["no_hp"]
            if isinstance(raw_hp, float) and raw_hp == raw_hp:  # Excel number cell: 812345678.0
                rec["no_hp"] = str(int(raw_hp))
            rec["no_hp"] = normalise_phone(rec["no_hp"])
            problem = check_phone(rec["no_hp"])
            if problem:
                errors.append(RowError(rowno, "no_hp", problem))
        elif "no_hp" in contacts:
            rec["no_hp"] = ""
        for col in REQUIRED:
            if col != "nip" and not rec[col]:
                errors.append(RowError(rowno, col, Msg("collect.required")))
        raw_nip = r["nip"]
        if isinstance(raw_nip, (int, float)) and not isinstance(raw_nip, bool) and raw_nip == raw_nip:
            errors.append(RowError(rowno, "nip", Msg("collect.nip_number", nip=normalise_nip(raw_nip))))
            rec["nip"] = normalise_nip(raw_nip)
        else:
            info, problem = check_nip(rec["nip"])
            rec["nip"] = normalise_nip(rec["nip"])
            if not problem and rec["nip"].endswith("000"):
                # nomor urut starts at 001: "000" is what Excel leaves of an 18-digit number
                # (15 significant digits, the rest rounded to zeros)
                info, problem = None, Msg("collect.nip_000", nip=rec["nip"])
            if problem:
                errors.append(RowError(rowno, "nip", problem))
            elif rec["jenis_kelamin"]:
                g = _gender(rec["jenis_kelamin"])
                if g is None:
                    errors.append(RowError(rowno, "jenis_kelamin", Msg("collect.gender_not_lp", value=rec["jenis_kelamin"])))
                elif g != info.gender:
                    errors.append(RowError(rowno, "jenis_kelamin", Msg("collect.gender_mismatch",
                                                                       value=rec["jenis_kelamin"], gender=info.gender)))
                rec["jenis_kelamin"] = g or rec["jenis_kelamin"]
            else:
                rec["jenis_kelamin"] = info.gender
        if rec["nip"]:
            if rec["nip"] in first_row_of:
                errors.append(RowError(rowno, "nip", Msg("collect.nip_duplicate", nip=rec["nip"],
                                                         row=first_row_of[rec["nip"]])))
            else:
                first_row_of[rec["nip"]] = rowno
        if rec["golongan"]:
            g = _golongan(rec["golongan"])
            if g is None:
                errors.append(RowError(rowno, "golongan", Msg("collect.golongan_invalid", value=rec["golongan"])))
            else:
                rec["golongan"] = g
        if rec["jenis_jabatan"]:
            jj = JENIS_JABATAN.get(rec["jenis_jabatan"].lower())
            if jj is None:
                errors.append(RowError(rowno, "jenis_jabatan", Msg(
                    "collect.jenis_jabatan_unknown", value=rec["jenis_jabatan"],
                    choices=", ".join(sorted(set(JENIS_JABATAN.values()))))))
            else:
                rec["jenis_jabatan"] = jj
        for col, limit in MAX_LENGTHS.items():
            if len(rec[col]) > limit:
                errors.append(RowError(rowno, col, Msg("collect.too_long", n=len(rec[col]), max=limit)))
        if any(len(part.strip()) > MAX_UNIT_NAME for part in rec["unit_kerja"].split(" / ")) \
                and len(rec["unit_kerja"]) <= MAX_LENGTHS["unit_kerja"]:
            errors.append(RowError(rowno, "unit_kerja", Msg("collect.unit_name_long", max=MAX_UNIT_NAME)))
        rec["atasan_nip"] = normalise_nip(rec["atasan_nip"]) if rec["atasan_nip"] not in ("", "-") else ""
        rec["_row"] = rowno
        rows.append(rec)
    frame = pd.DataFrame(rows, columns=ROSTER_COLUMNS + contacts + ["_row"])
    if frame.empty:  # importing it would mark every employee inactive
        errors.append(RowError(0, _file_field(), Msg("collect.roster_empty")))
    errors.extend(_check_supervisors(frame, first_row_of))
    chain_ok = not any(e.field in ("nip", "atasan_nip", "unit_kerja") for e in errors)
    if derive_units and chain_ok and len(frame) and not frame["unit_kerja"].str.contains(" / ", regex=False).any():
        frame["unit_kerja"] = derive_unit_paths(frame, [induk_of.get(r, "") for r in frame["_row"]])
        for rowno, path in zip(frame["_row"], frame["unit_kerja"]):
            if len(path) > MAX_LENGTHS["unit_kerja"]:
                errors.append(RowError(rowno, "unit_kerja", Msg("collect.unit_path_long", path=path[:120] + "...",
                                                                 n=len(path), max=MAX_LENGTHS["unit_kerja"])))
    errors.sort(key=lambda e: (e.row, e.field))
    return frame.drop(columns="_row"), errors


def _check_supervisors(frame: pd.DataFrame, row_of: dict[str, int]) -> list[RowError]:
    errors = []
    atasan = {}
    for nip, sup, rowno in zip(frame["nip"], frame["atasan_nip"], frame["_row"]):
        if not sup:
            continue
        if sup == nip:
            errors.append(RowError(rowno, "atasan_nip", Msg("collect.self_supervisor")))
        elif sup not in row_of:
            errors.append(RowError(rowno, "atasan_nip", Msg("collect.atasan_missing", nip=sup)))
        elif row_of.get(nip) == rowno:
            atasan[nip] = sup
    # supervisor cycles: follow the chain from each person
    reported: set[str] = set()
    for start in atasan:
        seen, node = [], start
        while node in atasan and node not in seen:
            seen.append(node)
            node = atasan[node]
        if node in seen:
            cycle = seen[seen.index(node):]
            key = min(cycle)
            if key not in reported:
                reported.add(key)
                rows = ", ".join(str(row_of[n]) for n in cycle)
                errors.append(RowError(row_of[cycle[0]], "atasan_nip", Msg("collect.atasan_cycle", rows=rows)))
    return errors


def load_roster(source, *, sheet=0) -> pd.DataFrame:
    """Read and validate a roster; raise ``RosterError`` listing every bad row, else return it."""
    frame, errors = validate_roster(source, sheet=sheet)
    if errors:
        name = source[0] if isinstance(source, tuple) else ("roster" if isinstance(source, pd.DataFrame) else str(source))
        raise RosterError(errors, name)
    return frame


def derive_unit_paths(frame: pd.DataFrame, induk=None, sep: str = " / ") -> list[str]:
    """The unit path of each row of ``frame`` (``nip``, ``unit_kerja`` as flat names,
    ``atasan_nip``), derived from the supervisor chain and the parent units ``induk``.

    A unit's head is a member whose atasan is outside the unit (or who has none); the unit's
    parent is the unit of its head's atasan, so its path is ``<parent's path> / <name>``.  Each
    member belongs to the part of its unit headed by the head it reaches going up the chain
    inside the unit.  A unit has one head in an export of a well-kept organisation; when several
    members report outside it, the parts whose heads report into the same unit share one path
    (they are one unit: a vacant head's staff reporting to the head above), and parts reporting
    into different units get different paths -- which is right for a name repeated across the
    organisation ("Subbagian Tata Usaha" in every UPT, each under its own UPT), where one head per
    name would file every UPT's staff under one UPT.  A head whose atasan's path already holds
    the unit's name joins that unit (staff of the top unit reporting to someone below it).  The
    graph of parts is acyclic because a head's atasan is strictly higher in the (acyclic)
    supervisor tree.  A part without a parent hangs under its ``induk`` (SIASN's UNOR INDUK) when
    that differs from the unit's own name.  A roster without supervisors and induk keeps its
    flat names.

    Parameters
    ----------
    frame : DataFrame
        The validated roster (every atasan in it, no cycle).
    induk : sequence of str, optional
        The UNOR INDUK of each row ("" when unknown).

    Returns
    -------
    list of str
        ``"<induk> / <top unit> / ... / <unit>"`` per row.
    """
    nips = list(frame["nip"])
    unit_of = dict(zip(nips, frame["unit_kerja"]))
    boss = {n: a for n, a in zip(nips, frame["atasan_nip"]) if a and a in unit_of}
    induk_of = dict(zip(nips, induk if induk is not None else [""] * len(nips)))
    path_of: dict[str, str] = {}  # the path of the part headed by each head

    def head_of(nip: str) -> str:
        while nip in boss and unit_of[boss[nip]] == unit_of[nip]:
            nip = boss[nip]
        return nip

    def part_path(head: str) -> str:
        pending = []
        while head not in path_of:  # iterative: a chain may be deeper than the recursion limit
            pending.append(head)
            sup = boss.get(head)
            if sup is None:
                break
            head = head_of(sup)
        while pending:
            head = pending.pop()
            name, sup = unit_of[head], boss.get(head)
            if sup is None:
                top = induk_of.get(head, "")
                path_of[head] = f"{top}{sep}{name}" if top and top != name else name
                continue
            above = path_of[head_of(sup)]
            parts = above.split(sep)
            path_of[head] = sep.join(parts[:parts.index(name) + 1]) if name in parts else above + sep + name
        return path_of[head]

    return [part_path(head_of(n)) for n in nips]


def unit_paths(frame: pd.DataFrame, sep: str = " / ") -> list[tuple[str, str | None, str]]:
    """The unit tree implied by ``unit_kerja`` paths: ``(path, parent_path, name)``, parents first."""
    out, seen = [], set()
    for path in sorted(set(frame["unit_kerja"]), key=lambda p: (p.count(sep), p)):
        parts = [p.strip() for p in path.split(sep)]
        for depth in range(1, len(parts) + 1):
            sub = sep.join(parts[:depth])
            if sub not in seen:
                seen.add(sub)
                out.append((sub, sep.join(parts[:depth - 1]) or None, parts[depth - 1]))
    return out
