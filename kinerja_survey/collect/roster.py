"""Roster import: CSV/XLSX files as HR systems (SIMPEG, SIASN) export them, validated row by row.

``read_roster`` maps the many header spellings HR exports use onto the canonical columns
(``ROSTER_COLUMNS``), normalises values and checks every row; it never stops at the first problem.
``validate_roster`` returns the list of ``RowError``; ``load_roster`` raises ``RosterError``
carrying all of them.  Only a roster without errors reaches the store, so an import with any
error writes nothing.

Row numbers in messages are the spreadsheet's own: the header is row 1, the first person row 2.
"""

from __future__ import annotations

import datetime as _dt
import io
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

# header spellings seen in SIMPEG/SIASN/e-Kinerja exports -> canonical column
_ALIASES = {
    "nip": ["nip", "nip baru", "nip_baru", "nomor induk pegawai", "nip/nippk", "nip pegawai", "ni pppk"],
    "nama": ["nama", "nama lengkap", "nama pegawai", "nama_lengkap", "name"],
    "jabatan": ["jabatan", "nama jabatan", "jabatan_nama", "position"],
    "jenis_jabatan": ["jenis jabatan", "jenis_jabatan", "jenis jabatan nama", "kategori jabatan", "eselon/jenis"],
    "golongan": ["golongan", "gol", "gol/ruang", "gol. ruang", "golongan/ruang", "pangkat/golongan",
                 "golongan ruang", "gol ruang", "golongan akhir"],
    "unit_kerja": ["unit kerja", "unit_kerja", "unit organisasi", "unor", "unit", "satuan kerja", "unor nama"],
    "atasan_nip": ["atasan", "nip atasan", "atasan_nip", "nip atasan langsung", "atasan langsung",
                   "nip_atasan"],
    "jenis_kelamin": ["jenis kelamin", "jenis_kelamin", "jk", "l/p", "gender", "sex"],
    "email": ["email", "e-mail", "e mail", "surel", "alamat email", "alamat e-mail", "email dinas",
              "email pegawai", "e-mail dinas"],
    "no_hp": ["no hp", "no. hp", "nomor hp", "no_hp", "hp", "no hp/wa", "no. hp/wa", "nomor hp/wa", "no wa",
              "nomor wa", "no. wa", "whatsapp", "nomor whatsapp", "no telp", "no. telp", "nomor telepon",
              "telepon", "telp", "handphone", "ponsel", "no handphone", "nomor ponsel"],
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
}
# organisational level for peer matching: smaller = higher
LEVEL = {"JPT Utama": 1, "JPT Madya": 2, "JPT Pratama": 3, "Administrator": 4, "Pengawas": 5,
         "Pelaksana": 6, "Fungsional": 6}
_GOL_PNS = re.compile(r"^(I|II|III|IV)\s*/\s*([a-e])$", re.I)
_GOL_PPPK = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI|XVII)$", re.I)


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
    return re.sub(r"\s+", " ", s.replace("_", " ")).replace(" .", ".")


def _canonical_columns(columns) -> tuple[dict, list[RowError]]:
    lookup = {_key(a): canon for canon, aliases in _ALIASES.items() for a in aliases}
    mapping, errors, taken = {}, [], {}
    for col in columns:
        canon = lookup.get(_key(col))
        if canon is None:
            continue
        if canon in taken:
            errors.append(RowError(1, str(col), Msg("collect.column_twice", first=taken[canon], second=col,
                                                     canon=canon)))
            continue
        taken[canon] = col
        mapping[col] = canon
    for req in REQUIRED:
        if req not in taken:
            errors.append(RowError(1, req, Msg("collect.column_missing", column=req,
                                                columns=", ".join(map(str, columns)))))
    return mapping, errors


def read_table(source, *, sheet=0, check_header="roster") -> pd.DataFrame:
    """Read a CSV or XLSX roster as text cells (so NIP leading zeros survive where the file kept them).

    ``source`` is a path, bytes with a ``name``-like hint via ``(name, bytes)``, or a DataFrame.
    CSV: UTF-8 (with or without BOM) or Windows-1252; ``,`` or ``;`` separated (Excel in Indonesian
    locale writes ``;``).  An XLSX header row is checked against the roster columns before any
    data row is read (``check_header="roster"``); other tables (e.g. a hasil kerja export) pass
    ``check_header=None`` and check their own columns.
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


def _xlsx_first_row(data: bytes, sheet) -> list | None:
    """The first non-empty row of ``sheet``, streamed from the sheet's XML (openpyxl's parser, no
    sizing pass); None when the sheet cannot be found this way (the full reader then reports)."""
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
        with reader.archive.open(target) as src:
            for _idx, row in WorkSheetParser(src, reader.shared_strings, data_only=True).parse():
                values = [cell.get("value") for cell in row]
                if any(v is not None and str(v).strip() for v in values):
                    return values
        return []
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
    header = _xlsx_first_row(data, sheet)
    if header is not None and roster_header:  # refused before openpyxl sizes the sheet (full scan without <dimension>)
        columns = [str(v).strip() for v in header if v is not None and str(v).strip()]
        _mapping, problems = _canonical_columns(columns)
        if problems:
            raise RosterError(problems, name)
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
        _mapping, problems = _canonical_columns(columns) if roster_header else ({}, [])
        if problems:  # refused before a single data row is read
            raise RosterError(problems, name)
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
    return None


def validate_roster(source, *, sheet=0) -> tuple[pd.DataFrame, list[RowError]]:
    """Read and check a roster.  Returns ``(frame, errors)``; ``frame`` has ``ROSTER_COLUMNS``.

    Checks: required columns and fields, NIP format (18 digits, valid birth date/TMT/gender),
    duplicate NIP, golongan and jenis kelamin spelling, gender against the NIP's gender digit,
    unknown ``atasan_nip``, self-supervision and supervisor cycles.
    """
    raw = read_table(source, sheet=sheet)
    raw = raw.dropna(how="all")
    raw = raw[~raw.apply(lambda r: all(_cell(v) == "" for v in r), axis=1)] if len(raw) else raw
    mapping, errors = _canonical_columns(raw.columns)
    if errors:
        return pd.DataFrame(columns=ROSTER_COLUMNS), errors
    df = raw[list(mapping)].rename(columns=mapping)
    contacts = [c for c in CONTACT_COLUMNS if c in df.columns]
    for col in ROSTER_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    rows = []
    first_row_of: dict[str, int] = {}
    for pos, (_, r) in enumerate(df.iterrows()):
        rowno = pos + 2
        rec = {c: _cell(r[c]) for c in ROSTER_COLUMNS + contacts}
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
