"""Every command of the CLI with bad input: a clear Indonesian refusal, never a traceback (issue 21).

Every command of ``kinerja_survey.cli.main`` (nested groups too) is run through click's
``CliRunner`` with the bad input that fits it:

* an unknown cycle (999) or keberatan number;
* a NIP in every format where the command takes one: with spaces ("19780920 200409 2 001") or dots
  (valid after normalisation at the boundary: the command succeeds), 17 or 19 digits, a letter in
  it, blank, and a valid NIP not in the roster;
* a missing file for every file argument or option (and a file that is not what it should be);
* the wrong cycle state: closing a closed cycle, publishing an open one, calibrating an open or
  published one, a keberatan on an unpublished cycle, reopening a published one, ...

A refusal exits non-zero, prints a message of the catalog in Bahasa Indonesia (the whole message
on stderr matches a text of ``STRINGS["id"]``; a usage error's last line does), no "Traceback"
and no "unexpected error" (a bug caught by the boundary), writes no output file and leaves the
database as it was (every table's rows compared).  A case marked ``OK`` is valid after
normalisation and must succeed.

``CASES`` is the explicit table command -> cases.  A new command without cases fails
:func:`test_every_command_has_bad_input_cases`: add its cases there.

The database is built once (a 24-person agency from ``demo.open_demo_cycle``, the generator of the
other tests): cycle 1 published (with one keberatan decided), cycle 2 closed, cycle 3 open,
cycle 4 a draft.  The cases run on one copy of it, copied again only after a case changed it.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass, field

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.cycle.calibration import cycle_ratees
from kinerja_survey.demo import answer_all, open_demo_cycle
from kinerja_survey.i18n import STRINGS
from kinerja_survey.store import Store
from kinerja_survey.vocab import SESUAI

PUBLISHED, CLOSED, OPEN, DRAFT, UNKNOWN = 1, 2, 3, 4, 999
OK, FAIL = "ok", "fail"
FORCED = "Uji: diumumkan meskipun kurva distribusi belum terpenuhi"
#: an English word or a Python name in what a person reads is a leak
ENGLISH = re.compile(r"\b(Traceback|Error|Exception|KeyError|ValueError|TypeError|None|NaN|nan|NaT|the|is|not|"
                     r"does|exist|invalid|Invalid|must|should|cannot|found|object|unexpected|"
                     # the machine codes of statuses and relationships (tests/test_no_english.py)
                     r"open|closed|draft|submitted|prepared|sent|failed|peer|subordinate|supervisor|self|True|False)\b")
#: a progress bar (tqdm) drawn before a refusal is not a message
PROGRESS = re.compile(r"^.*\d+%\|.*$", re.MULTILINE)


@dataclass
class Case:
    """``args`` after ``--db``; placeholders ``{N}`` (forms of a NIP below), ``{OUT}``, ``{OUTDIR}``,
    ``{MISSING}``, ``{BAD}``, ``{HK}``, ``{ROSTER}`` are filled per run."""

    args: tuple
    expect: str = FAIL
    db: str | None = None  # "missing": a database file that does not exist
    note: str = ""
    id: str = field(default="")


def c(*args, expect=FAIL, db=None, note=""):
    return Case(tuple(str(a) for a in args), expect, db, note)


#: the forms of a NIP: valid after normalisation (OK) or not (FAIL)
NIP_FORMS = {"spasi": OK, "titik": OK, "17digit": FAIL, "19digit": FAIL, "huruf": FAIL, "kosong": FAIL,
             "bukan_roster": FAIL}


def nip_cases(*args, ok=OK):
    """One case per NIP form; ``{NIP}`` in ``args`` is replaced by ``{NIP:form}``.  ``ok``: what the
    valid forms should give (``FAIL`` when the command refuses the person for another reason)."""
    return [Case(tuple(a.replace("{NIP}", "{NIP:" + form + "}").replace("{RNIP}", "{RNIP:" + form + "}")
                       for a in map(str, args)),
                 ok if want == OK else FAIL, note=form) for form, want in NIP_FORMS.items()]


Y, X = "--ya", UNKNOWN
CASES: dict[str, list[Case]] = {
    "siapkan": [c("siapkan", db="notdb", note="the database file is not a database")],
    "impor-roster": [c("impor-roster", "{MISSING}"), c("impor-roster", "{BAD}"), c("impor-roster", "{EMPTY}")],
    "buat-periode": [c("buat-periode", "Lanjutan", "--dari-periode", X, "--tautan", "{OUT}"),
                     c("buat-periode", "Baru", "--mulai", "2027-01-01", "--selesai", "2027-06-30", "--instrumen",
                       "{MISSING}"),
                     c("buat-periode", "Baru", "--mulai", "2027-13-01", "--selesai", "2027-06-30"),
                     c("buat-periode", "Baru", "--mulai", "2027-06-30", "--selesai", "2027-01-01", Y)],
    "penolakan": [c("penolakan", X)],
    "tetapkan-penilai": [c("tetapkan-penilai", X, "--tautan", "{OUT}"),
                         c("tetapkan-penilai", PUBLISHED, "--tautan", "{OUT}", Y),
                         c("tetapkan-penilai", CLOSED, "--tautan", "{OUT}", Y)],
    "ekspor-tautan": [c("ekspor-tautan", X, "{NIP:ok}", "--keluaran", "{OUT}", Y),
                      c("ekspor-tautan", PUBLISHED, "{NIP:ok}", "--keluaran", "{OUT}", Y),
                      *nip_cases("ekspor-tautan", OPEN, "{NIP}", "--keluaran", "{OUT}", Y)],
    "buka": [c("buka", X), c("buka", CLOSED, Y), c("buka", PUBLISHED, Y), c("buka", OPEN, Y)],
    "tutup": [c("tutup", X, Y), c("tutup", CLOSED, Y), c("tutup", PUBLISHED, Y)],
    "alamat-publik": [c("alamat-publik", "https://penilaian.contoh.go.id", "--periode", X),
                      c("alamat-publik", "bukan alamat")],
    "status": [c("status", X), c("status", db="missing")],
    "demo": [c("demo", "--pegawai", 20, note="the database exists: refused without --timpa")],
    "jalankan": [c("jalankan", "--tautan-demo", "{MISSING}"), c("jalankan", "--rute", "a/b"),
                 c("jalankan", "--header-pengguna", "X Remote User", note="not a header name")],
    "laporan": [c("laporan", X, "--nip", "{NIP:ok}", "--keluaran", "{OUTDIR}"),
                c("laporan", DRAFT, "--unit", "Tidak Ada", "--keluaran", "{OUTDIR}"),
                c("laporan", PUBLISHED, "--unit", "Unit Yang Tidak Ada", "--keluaran", "{OUTDIR}"),
                *nip_cases("laporan", PUBLISHED, "--nip", "{NIP}", "--keluaran", "{OUTDIR}", "--format", "html")],
    "keadilan": [c("keadilan", X, "--keluaran", "{OUT}.xlsx"), c("keadilan", OPEN, "--keluaran", "{OUT}.xlsx"),
                 c("keadilan", PUBLISHED, "--keluaran", "{OUT}.csv")],
    "analisis": [c("analisis", X, "--keluaran", "{OUTDIR}"), c("analisis", DRAFT, "--keluaran", "{OUTDIR}")],
    "batas-waktu": [c("batas-waktu", X), c("batas-waktu", X, "--sampai", "2027-01-31", "--alasan", "Diperpanjang"),
                    c("batas-waktu", OPEN, "--sampai", "2020-01-31", "--alasan", "Diperpanjang"),
                    c("batas-waktu", OPEN, "--sampai", "31-01-2027", "--alasan", "Diperpanjang")],
    "buka-kembali": [c("buka-kembali", X, "--alasan", "Dibuka lagi"),
                     c("buka-kembali", PUBLISHED, "--alasan", "Dibuka lagi"),
                     c("buka-kembali", OPEN, "--alasan", "Dibuka lagi"),
                     c("buka-kembali", DRAFT, "--alasan", "Dibuka lagi")],
    "tambah-penilai": [c("tambah-penilai", X, "{NIP:ok}", "{NIP2}", "--alasan", "Mutasi jabatan"),
                       c("tambah-penilai", PUBLISHED, "{NIP:ok}", "{NIP2}", "--alasan", "Mutasi jabatan"),
                       c("tambah-penilai", CLOSED, "{NIP:ok}", "{NIP2}", "--alasan", "Mutasi jabatan"),
                       *nip_cases("tambah-penilai", OPEN, "{NIP}", "{NIP2}", "--alasan", "Mutasi jabatan"),
                       *nip_cases("tambah-penilai", OPEN, "{NIP2}", "{NIP}", "--alasan", "Mutasi jabatan")],
    "ganti-penilai": [c("ganti-penilai", X, "{RATEE}", "{RATER}", "{NIP:ok}", "--alasan", "Mutasi jabatan", Y),
                      c("ganti-penilai", PUBLISHED, "{RATEE}", "{RATER}", "{NIP:ok}", "--alasan", "Mutasi jabatan", Y),
                      *nip_cases("ganti-penilai", OPEN, "{RATEE}", "{RNIP}", "{NIP3}", "--alasan", "Mutasi jabatan",
                                 Y)],
    "hapus-penilai": [c("hapus-penilai", X, "{RATER}", "{RATEE}", "--alasan", "Salah tetap", Y),
                      c("hapus-penilai", PUBLISHED, "{RATER}", "{RATEE}", "--alasan", "Salah tetap", Y),
                      *nip_cases("hapus-penilai", OPEN, "{RNIP}", "{RATEE}", "--alasan", "Salah tetap", Y)],
    "cabut-tautan": [c("cabut-tautan", X, "{NIP:ok}", Y), c("cabut-tautan", PUBLISHED, "{NIP:ok}", Y),
                     *nip_cases("cabut-tautan", OPEN, "{NIP}", Y)],
    "daftar-penilai": [c("daftar-penilai", X), c("daftar-penilai", X, "--keluaran", "{OUT}")],
    "ingatkan": [c("ingatkan", X, "--pratinjau"), c("ingatkan", CLOSED, "--saluran", "whatsapp"),
                 c("ingatkan", PUBLISHED, "--saluran", "whatsapp"), c("ingatkan", OPEN, "--ulang")],
    "impor-hasil-kerja": [c("impor-hasil-kerja", X, "{HK}", Y), c("impor-hasil-kerja", CLOSED, "{MISSING}", Y),
                          c("impor-hasil-kerja", CLOSED, "{BAD}", Y), 
                          c("impor-hasil-kerja", PUBLISHED, "{HK}", Y)],
    "predikat-organisasi": [c("predikat-organisasi", X, "Baik"), c("predikat-organisasi", X),
                            c("predikat-organisasi", CLOSED, "Hebat"), c("predikat-organisasi", PUBLISHED, "Baik")],
    "kotak-keluar": [c("kotak-keluar", X)],
    "kalibrasi": [c("kalibrasi", X), c("kalibrasi", X, "--nip", "{NIP:ok}", "--predikat", "Baik", "--alasan", "Rapat kalibrasi"),
                  c("kalibrasi", OPEN, "--nip", "{NIP:ok}", "--predikat", "Baik", "--alasan", "Rapat kalibrasi"),
                  c("kalibrasi", DRAFT), c("kalibrasi", OPEN),
                  c("kalibrasi", PUBLISHED, "--nip", "{NIP:ok}", "--predikat", "Baik", "--alasan", "Rapat kalibrasi"),
                  c("kalibrasi", CLOSED, "--nip", "{NIP:ok}", "--predikat", "Hebat", "--alasan", "Rapat kalibrasi"),
                  c("kalibrasi", CLOSED, "--nip", "{NIP:ok}", "--predikat", "Baik"),
                  *nip_cases("kalibrasi", CLOSED, "--nip", "{NIP}", "--predikat", "Baik", "--alasan", "Rapat kalibrasi")],
    "umumkan": [c("umumkan", X, Y), c("umumkan", OPEN, Y), c("umumkan", DRAFT, Y), c("umumkan", CLOSED, Y),
                c("umumkan", CLOSED, Y, "--paksa")],
    "berita-acara": [c("berita-acara", X, "--keluaran", "{OUT}.pdf"), c("berita-acara", OPEN, "--keluaran", "{OUT}.pdf"),
                     c("berita-acara", DRAFT, "--keluaran", "{OUT}.xlsx"),
                     c("berita-acara", PUBLISHED, "--keluaran", "{OUT}.docx")],
    "ajukan-keberatan": [c("ajukan-keberatan", X, "{NIP:ok}", "--alasan", "Saya keberatan"),
                         c("ajukan-keberatan", OPEN, "{NIP:ok}", "--alasan", "Saya keberatan"),
                         c("ajukan-keberatan", CLOSED, "{NIP:ok}", "--alasan", "Saya keberatan"),
                         c("ajukan-keberatan", PUBLISHED, "{DECIDED}", "--alasan", "Saya keberatan lagi"),
                         c("ajukan-keberatan", PUBLISHED, "{NIP:ok}", "--alasan", "Saya keberatan", "--tanggal",
                           "2099-01-01"),
                         *nip_cases("ajukan-keberatan", PUBLISHED, "{NIP}", "--alasan", "Saya keberatan")],
    "tanggapi-keberatan": [c("tanggapi-keberatan", X, "--tanggapan", "Sudah sesuai SKP"),
                           c("tanggapi-keberatan", 1, "--tanggapan", "Sudah sesuai SKP")],
    "putuskan-keberatan": [c("putuskan-keberatan", X, "--keputusan", "tetap", "--alasan", "Tidak ada bukti baru"),
                           c("putuskan-keberatan", 1, "--keputusan", "tetap", "--alasan", "Tidak ada bukti baru")],
    "daftar-keberatan": [c("daftar-keberatan", X)],
    "tren": [c("tren", "--keluaran", "{OUT}.xlsx", "--periode", X), c("tren", "--keluaran", "{OUT}.csv"),
             c("tren", "--keluaran", "{OUT}.xlsx", "--periode", OPEN)],
    "talenta": [c("talenta", "--keluaran", "{OUT}.xlsx", "--periode", X), c("talenta", "--keluaran", "{OUT}.csv")],
    "tambah-pemangku": [c("tambah-pemangku", X, "{STAKE}", "--tautan", "{OUT}"),
                        c("tambah-pemangku", OPEN, "{MISSING}", "--tautan", "{OUT}"),
                        c("tambah-pemangku", OPEN, "{BAD}", "--tautan", "{OUT}"),
                        c("tambah-pemangku", PUBLISHED, "{STAKE}", "--tautan", "{OUT}")],
    "tautan-dialog": [c("tautan-dialog", X, "--keluaran", "{OUT}"), c("tautan-dialog", OPEN, "--keluaran", "{OUT}"),
                      c("tautan-dialog", DRAFT, "--keluaran", "{OUT}")],
    "kebutuhan-pelatihan": [c("kebutuhan-pelatihan", X, "--keluaran", "{OUT}.xlsx"),
                            c("kebutuhan-pelatihan", PUBLISHED, "--keluaran", "{OUT}.csv")],
    "impor-saran": [c("impor-saran", "{MISSING}"), c("impor-saran", "{BAD}")],
    "umpan-balik": [c("umpan-balik", X)],
    "cadangkan": [c("cadangkan", "--keluaran", "{EXISTING}"), c("cadangkan", "--keluaran", "{OUT}", db="missing")],
    "pulihkan": [c("pulihkan", "{MISSING}"), c("pulihkan", "{BAD}"), c("pulihkan", "{BAD}", "--ganti", Y)],
    "data-pribadi": [*nip_cases("data-pribadi", "{NIP}", "--keluaran", "{OUT}.xlsx"),
                     c("data-pribadi", "{NIP:ok}", "--keluaran", "{OUT}.csv")],
    "koreksi-data": [*nip_cases("koreksi-data", "{NIP}", "--kolom", "jabatan", "--nilai", "Analis SDM Aparatur",
                                "--alasan", "Salah ketik di SIMPEG"),
                     c("koreksi-data", "{NIP:ok}", "--kolom", "jabatan", "--nilai", "Analis", "--alasan", "")],
    "retensi": [c("retensi"), c("retensi", "--tahun", -1), c("retensi", "--sebelum", "kemarin")],
    "log-ekspor": [c("log-ekspor", db="missing")],
    "ekspor-anonim": [c("ekspor-anonim", X, "--keluaran", "{OUT}.parquet", "--instansi", "BKPSDM Contoh"),
                      c("ekspor-anonim", OPEN, "--keluaran", "{OUT}.parquet", "--instansi", "BKPSDM Contoh"),
                      c("ekspor-anonim", DRAFT, "--keluaran", "{OUT}.parquet", "--instansi", "BKPSDM Contoh"),
                      c("ekspor-anonim", PUBLISHED, "--keluaran", "{OUT}.csv", "--instansi", "BKPSDM Contoh")],
    "akun buat": [c("akun", "buat", "budi", "--peran", "raja", "--sandi-stdin", note="an unknown role"),
                  c("akun", "buat", "budi", "--peran", "operator", "--sandi-stdin", note="no password given"),
                  c("akun", "buat", "budi", "--peran", "operator", "--sandi-stdin", db="missing")],
    "akun daftar": [c("akun", "daftar", db="missing")],
    "akun nonaktifkan": [c("akun", "nonaktifkan", "tidak-ada", "--ya")],
    "akun aktifkan": [c("akun", "aktifkan", "tidak-ada")],
    "akun sandi": [c("akun", "sandi", "tidak-ada", "--sandi-stdin")],
    "akun peran": [c("akun", "peran", "tidak-ada", "--peran", "operator"),
                   c("akun", "peran", "tidak-ada", "--peran", "raja")],
    "analisis-gabungan": [c("analisis-gabungan", "{MISSING}", "--keluaran", "{OUT}.xlsx"),
                          c("analisis-gabungan", "{EMPTYDIR}", "--keluaran", "{OUT}.xlsx")],
}


def all_commands(group: click.Group = main, prefix: tuple = ()) -> dict[str, tuple]:
    """Every command of the CLI, nested groups included: ``"akun buat" -> ("akun", "buat")``."""
    out = {}
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            out.update(all_commands(command, path))
        else:
            out[" ".join(path)] = path
    return out


def test_every_command_has_bad_input_cases():
    missing = sorted(set(all_commands()) - set(CASES))
    assert not missing, (f"commands without bad-input cases: {missing}. Add their cases (unknown cycle, NIP "
                         f"forms, missing files, wrong cycle state) to CASES in tests/test_cli_bad_input.py")
    gone = sorted(set(CASES) - set(all_commands()))
    assert not gone, f"CASES names commands that no longer exist: {gone}"
    for name, cases in CASES.items():
        assert cases, name
        for case in cases:  # a case runs the command it is listed under (or a sibling for a --db case)
            assert case.args[:len(name.split())] == tuple(name.split()) or case.db, (name, case.args)


# --- the database: four cycles in four states ---------------------------------------------------------

def _catalog_patterns() -> list[re.Pattern]:
    """Every Indonesian text of the catalog as a pattern (its fields match any text); texts with
    fewer than 8 letters of their own are left out (they match anything)."""
    out = []
    for text in set(STRINGS["id"].values()):
        if not isinstance(text, str):
            continue
        parts = re.split(r"\{[^{}]*\}", text)
        if sum(len(p.strip()) for p in parts) < 8:
            continue
        out.append(re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL))
    return out


CATALOG = _catalog_patterns()
BUGS = [re.compile(re.escape(STRINGS["id"][k]).replace(r"\{path\}", ".*"), re.DOTALL)
        for k in ("cli.unexpected", "cli.unexpected_no_log")]


def _from_catalog(text: str) -> bool:
    text = text.strip()
    return bool(text) and any(p.fullmatch(text) for p in CATALOG)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The template database and the input files: ``dict`` of placeholders and the template path."""
    d = tmp_path_factory.mktemp("bad-input")
    path = d / "template.sqlite"
    store = Store(path)
    # 1: published, one keberatan decided
    demo = open_demo_cycle(store, 24, seed=5, actor="hr")
    tokens = dict(zip(demo.links["nip"], demo.links["token"]))
    answer_all(store, PUBLISHED, tokens, seed=5)
    uc.close_cycle(store, PUBLISHED, actor="hr")
    ratees = cycle_ratees(store, PUBLISHED)
    hk = pd.DataFrame({"NIP": ratees, "Rating Hasil Kerja": SESUAI})
    uc.import_hasil_kerja(store, PUBLISHED, hk, actor="hr")
    uc.set_org_predikat(store, PUBLISHED, "Baik", actor="hr")
    uc.publish(store, PUBLISHED, actor="hr", force=True, reason=FORCED)
    people = uc.published_people(store, PUBLISHED).dropna(subset=["predikat"])["nip"].tolist()
    decided, nip = people[0], people[1]
    kid = uc.file_keberatan(store, PUBLISHED, decided, "Saya keberatan", actor="hr")
    uc.explain_keberatan(store, kid, "Sudah sesuai SKP", actor="hr")
    uc.decide_keberatan(store, kid, "tetap", "Tidak ada bukti baru", actor="hr")
    # 2: closed (answered, not published); 3: open; 4: a draft
    made = uc.create_cycle(store, "Semester II 2026", "2026-07-01", "2026-12-31", actor="hr")
    links = uc.assign(store, made, seed=5, actor="hr").links
    uc.open_cycle(store, made, actor="hr")
    answer_all(store, made, dict(zip(links["nip"], links["token"])), seed=5)
    uc.close_cycle(store, made, actor="hr")
    made = uc.create_cycle(store, "Triwulan IV 2026", "2026-10-01", "2026-12-31", actor="hr")
    uc.assign(store, made, seed=6, actor="hr")
    uc.open_cycle(store, made, actor="hr")
    assert uc.create_cycle(store, "Tahunan 2027", "2027-01-01", "2027-12-31", actor="hr") == DRAFT
    asg = store.assignments_frame(OPEN)
    peer = asg[asg["relationship"] == "peer"].iloc[0]
    roster = store.employees_frame()["nip"].tolist()
    store.dispose()
    assert nip in roster and decided in roster
    others = [n for n in roster if n not in (nip, peer.rater, peer.ratee)]
    free = [n for n in others if n not in set(asg.loc[asg["ratee"] == peer.ratee, "rater"])]  # may replace peer.rater
    # input files
    (d / "bad.csv").write_text("bukan,tabel\n\x00\x01,yang benar\n", encoding="utf-8")
    (d / "empty.csv").write_text("", encoding="utf-8")
    hk.to_csv(d / "hk.csv", index=False)
    pd.DataFrame({"nama": ["Ibu Warga"], "instansi": ["Masyarakat"], "dinilai_nip": [nip]}).to_csv(
        d / "pemangku.csv", index=False)
    (d / "existing.zip").write_bytes(b"ada")
    (d / "kosong").mkdir()
    forms = {"ok": nip, "spasi": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}",
             "titik": f"{nip[:8]}.{nip[8:14]}.{nip[14]}.{nip[15:]}", "17digit": nip[:17], "19digit": nip + "1",
             "huruf": nip[:10] + "O" + nip[11:], "kosong": "", "bukan_roster": "199901012020011999"}
    rater_forms = {k: (v.replace(nip, peer.rater) if nip in v else v) for k, v in forms.items()}
    rater_forms.update(spasi=f"{peer.rater[:8]} {peer.rater[8:14]} {peer.rater[14]} {peer.rater[15:]}",
                       titik=f"{peer.rater[:8]}.{peer.rater[8:14]}.{peer.rater[14]}.{peer.rater[15:]}",
                       **{"17digit": peer.rater[:17], "19digit": peer.rater + "1",
                          "huruf": peer.rater[:10] + "O" + peer.rater[11:]})
    fills = {"MISSING": str(d / "tidak-ada.xlsx"), "BAD": str(d / "bad.csv"), "EMPTY": str(d / "empty.csv"),
             "HK": str(d / "hk.csv"), "STAKE": str(d / "pemangku.csv"), "EXISTING": str(d / "existing.zip"),
             "EMPTYDIR": str(d / "kosong"), "NIP2": others[0], "NIP3": free[0], "RATER": peer.rater,
             "RATEE": peer.ratee, "DECIDED": decided}
    fills.update({f"NIP:{k}": v for k, v in forms.items()})
    fills.update({f"RNIP:{k}": v for k, v in rater_forms.items()})
    return {"dir": d, "template": path, "fills": fills, "dump": _dump(path)}


def _dump(path) -> list[str]:
    """Every row of every table (``sqlite3``'s dump, which orders rows by table and rowid)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _fill(arg: str, fills: dict, out: str) -> str:
    arg = arg.replace("{OUT}", out).replace("{OUTDIR}", out + "-map")
    return re.sub(r"\{([A-Z0-9:a-z_]+)\}", lambda m: fills[m.group(1)], arg)


def _check(case: Case, result, out_files) -> list[str]:
    """What is wrong with ``result`` (empty when nothing)."""
    problems = []
    text = result.output
    if "Traceback" in text or result.exception is not None and not isinstance(result.exception, SystemExit):
        problems.append(f"traceback or exception {result.exception!r}")
    if any(p.search(text) for p in BUGS):
        problems.append("an unexpected error (a bug caught by the boundary)")
    if case.expect == OK:
        if result.exit_code != 0:
            problems.append(f"expected success, exit {result.exit_code}")
        return problems
    if result.exit_code == 0:
        problems.append("expected a refusal, exit 0")
        return problems
    err = "\n".join(line.rsplit("\r", 1)[-1] for line in result.stderr.splitlines())
    err = PROGRESS.sub("", err).strip()
    if result.exit_code == 2:  # a usage error: usage line, help hint, then "Kesalahan: ..."
        last = err.splitlines()[-1] if err else ""
        if not last.startswith("Kesalahan: ") or not _from_catalog(last[len("Kesalahan: "):]):
            problems.append(f"usage error not from the catalog: {last!r}")
    elif not _from_catalog(err):
        problems.append(f"message not from the catalog: {err!r}")
    words = ENGLISH.findall(err)
    if words:
        problems.append(f"English in the message: {sorted(set(words))}")
    left = [p for p in out_files if p.exists()]
    if left:
        problems.append(f"output written by a refused command: {left}")
    return problems


def _cases():
    for name, cases in CASES.items():
        for i, case in enumerate(cases):
            yield name, i, case


def test_every_command_refuses_bad_input_in_indonesian_without_traceback(world, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_SURVEY_LANG", "id")
    fills, template, dump = world["fills"], world["template"], world["dump"]
    runner = CliRunner()
    n_copy, db = 0, None
    failures = []
    for name, i, case in _cases():
        if db is None:
            n_copy += 1
            db = tmp_path / f"kerja-{n_copy}.sqlite"
            shutil.copyfile(template, db)
        out = str(tmp_path / f"keluaran-{name}-{i}")
        target = {"missing": tmp_path / "tidak-ada.sqlite", "notdb": world["dir"] / "bad.csv"}.get(case.db, db)
        args = [_fill(a, fills, out) for a in case.args]
        result = runner.invoke(main, ["--db", str(target), "--petugas", "Rina HR", *args])
        out_files = [p for p in tmp_path.iterdir() if p.name.startswith(f"keluaran-{name}-{i}")]
        problems = _check(case, result, out_files)
        if case.expect == FAIL and case.db is None and _dump(db) != dump:
            problems.append("the database changed")
        if case.db == "missing" and target.exists():
            problems.append("a missing database was created")
        if problems:
            failures.append(f"{name} {args} ({case.note}): {'; '.join(problems)}\n    output: {result.output.strip()!r}")
        if case.expect == OK or problems:
            db = None  # the next case starts from a fresh copy
    assert not failures, f"{len(failures)} cases failed:\n" + "\n".join(failures)
