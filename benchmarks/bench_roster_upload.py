"""Roster uploads: how fast, and with how much memory, a hostile or wrong XLSX is refused.

Two files, each read by ``collect.roster.read_table`` (ours: the zip's declared unpacked size
first, then the header row through openpyxl ``read_only``) and by ``pandas.read_excel`` (what the
admin app did before, and what a user would write):

* ``bomb``: a valid roster sheet followed by a sheet of ``--bomb-mb`` MB of repetitive XML
  (a few hundred kB packed), more than ``MAX_XLSX_UNPACKED``;
* ``no-header``: one sheet of ``--rows`` rows whose header is not a roster header (under the
  unpacked-size limit), e.g. a wrong export, with the ``<dimension>`` element Excel writes;
* ``no-dim``: the same without ``<dimension>`` (a hand-made file): openpyxl then scans the sheet
  once to size it -- streaming, so memory stays bounded, time grows with the (limited) size.

Each case runs in a fresh subprocess; the table shows wall time and the child's peak RSS.
``pandas.read_excel`` on the bomb is skipped unless ``--with-pandas-bomb`` (it can take minutes
and gigabytes, which is the finding this fixes)::

    .venv/bin/python benchmarks/bench_roster_upload.py [--rows 200000] [--bomb-mb 400]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

CHILD = r"""
import io, json, resource, sys, time
import openpyxl, pandas as pd
from kinerja_survey.collect.roster import read_table
path, how = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
start = time.perf_counter()
outcome = ""
try:
    if how == "ours":
        read_table(("roster.xlsx", data))
        outcome = "read"
    else:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=object)
        outcome = f"read {len(frame)} rows"
except Exception as exc:
    outcome = "refused: " + str(exc).splitlines()[-1].strip()[:70]
elapsed = time.perf_counter() - start
print(json.dumps({"s": elapsed, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": outcome}))
"""

_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_TAIL = "</sheetData></worksheet>"


def _cells(values) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)


def write_xlsx(path: Path, header: list[str], rows: int, *, pad_mb: int = 0, dimension: bool = True) -> None:
    """A minimal, valid XLSX written as a stream (no openpyxl, no memory): one sheet of ``rows``
    repetitive rows under ``header``; with ``pad_mb`` the sheet is padded to that many MB."""
    content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    workbook = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                '<sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            head = _HEAD
            if dimension:  # as Excel and LibreOffice write it
                head = head.replace("<sheetData>", f'<dimension ref="A1:H{max(rows, 1) + 1}"/><sheetData>')
            fh.write(head.encode())
            fh.write(f"<row>{_cells(header)}</row>".encode())
            row = f"<row>{_cells(['198401022007121001', 'Nama Pegawai', 'Analis', 'Unit / Sub'] + ['x'] * 4)}</row>".encode()
            written = 0
            target = pad_mb * 2**20
            n = 0
            while n < rows or written < target:
                fh.write(row * 1000)
                written += len(row) * 1000
                n += 1000
            fh.write(_TAIL.encode())


def run(path: Path, how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), how], capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        return {"s": float("nan"), "rss_mb": float("nan"), "outcome": "crashed: " + out.stderr.strip()[-70:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000, help="rows of the no-header sheet")
    ap.add_argument("--bomb-mb", type=int, default=400, help="unpacked size of the bomb's sheet (MB)")
    ap.add_argument("--with-pandas-bomb", action="store_true", help="also let pandas.read_excel read the bomb")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-roster-"))
    bomb, wrong, bare = tmp / "bomb.xlsx", tmp / "no-header.xlsx", tmp / "no-header-no-dim.xlsx"
    t0 = time.perf_counter()
    write_xlsx(bomb, ["NIP", "Nama", "Jabatan", "Unit Kerja", "a", "b", "c", "d"], 0, pad_mb=args.bomb_mb)
    write_xlsx(wrong, ["Nomor", "Siapa", "Posisi", "Tempat", "a", "b", "c", "d"], args.rows)
    write_xlsx(bare, ["Nomor", "Siapa", "Posisi", "Tempat", "a", "b", "c", "d"], args.rows, dimension=False)
    with zipfile.ZipFile(bomb) as zf:
        bomb_unpacked = sum(i.file_size for i in zf.infolist())
    with zipfile.ZipFile(wrong) as zf:
        wrong_unpacked = sum(i.file_size for i in zf.infolist())
    print(f"files written in {time.perf_counter() - t0:.1f} s: bomb {bomb.stat().st_size / 2**20:.2f} MB packed, "
          f"{bomb_unpacked / 2**20:.0f} MB unpacked; no-header {wrong.stat().st_size / 2**20:.2f} MB packed, "
          f"{wrong_unpacked / 2**20:.0f} MB unpacked, {args.rows:,} rows")
    cases = [("bomb", bomb, "ours"), ("no-header", wrong, "ours"), ("no-header", wrong, "pandas"),
             ("no-dim", bare, "ours")]
    if args.with_pandas_bomb:
        cases.append(("bomb", bomb, "pandas"))
    print(f"{'file':<10} {'reader':<22} {'time s':>8} {'peak RSS MB':>12}  outcome")
    for name, path, how in cases:
        r = run(path, how)
        reader = "read_table (ours)" if how == "ours" else "pandas.read_excel"
        print(f"{name:<10} {reader:<22} {r['s']:>8.2f} {r['rss_mb']:>12.0f}  {r['outcome']}")


if __name__ == "__main__":
    main()
