import pandas as pd
from click.testing import CliRunner

from kinerja_survey.cli import main
from kinerja_survey.store import SCHEMA_VERSION, Store


def run(db, *args):
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    return result


def test_a_cycle_from_the_command_line(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    assert f"skema versi {SCHEMA_VERSION}" in run(db, "init").output
    out = run(db, "import-roster", str(roster))
    assert out.exit_code == 0 and "40 baru" in out.output
    out = run(db, "create-cycle", "Penilaian 2026", "--start", "2026-01-01", "--end", "2026-12-31")
    assert out.exit_code == 0 and "21 butir" in out.output
    links = tmp_path / "tautan.csv"
    out = run(db, "assign", "1", "--seed", "4", "--links", str(links))
    assert out.exit_code == 0, out.output
    table = pd.read_csv(links, dtype=str)
    assert len(table) == 40 and table["tautan"].str.startswith("http://127.0.0.1:8866/?token=").all()
    # the links file is written once and never overwritten: a second run is refused before it
    # changes anything (new links could otherwise be issued with nowhere to write them)
    n_forms = len(Store(db).assignments_frame(1))
    again = run(db, "assign", "1", "--links", str(links))
    assert again.exit_code != 0 and "sudah ada" in again.output
    assert len(Store(db).assignments_frame(1)) == n_forms and len(pd.read_csv(links, dtype=str)) == 40
    again = run(db, "assign", "1", "--links", str(tmp_path / "lagi.csv"))
    assert "Tidak ada tautan baru" in again.output and not (tmp_path / "lagi.csv").exists()
    assert run(db, "open", "1").exit_code == 0
    status = run(db, "status", "1")
    assert "0/" in status.output and "[open]" in status.output
    store = Store(db)
    assert store.open_link(table["token"][0]).cycle_id == 1
    new = tmp_path / "baru.csv"
    out = run(db, "export-links", "1", table["nip"][0], "--out", str(new), "--ya")
    assert out.exit_code == 0
    assert store.open_link(pd.read_csv(new, dtype=str)["token"][0]).cycle_id == 1
    assert run(db, "close", "1").exit_code == 0
    assert run(db, "open", "1").exit_code != 0


def test_bad_roster_lists_rows_and_exits_nonzero(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    bad = small_roster.copy()
    bad.loc[3, "nip"] = "123"
    bad.loc[7, "atasan_nip"] = "199901012020011001"
    path = tmp_path / "pegawai.csv"
    bad.to_csv(path, index=False)
    out = run(db, "import-roster", str(path))
    assert out.exit_code == 1
    assert "baris 5, kolom 'nip'" in out.output and "baris 9, kolom 'atasan_nip'" in out.output
    assert Store(db).employees_frame().empty


def test_custom_instrument_errors_are_reported(tmp_path):
    db = tmp_path / "k.sqlite"
    bad = tmp_path / "i.yaml"
    bad.write_text("code: X\ncompetencies: []\n")
    out = run(db, "create-cycle", "x", "--start", "2026-01-01", "--end", "2026-12-31", "--instrument", str(bad))
    assert out.exit_code != 0 and "competencies" in out.output


def test_demo_command(tmp_path):
    db = tmp_path / "demo.sqlite"
    links = tmp_path / "links.csv"
    out = run(db, "demo", "--employees", "30", "--links", str(links))
    assert out.exit_code == 0 and "Demo siap" in out.output
    assert len(pd.read_csv(links)) == 30
    assert run(db, "demo").exit_code != 0  # refuses to overwrite without --force
    assert run(db, "demo", "--employees", "30", "--force", "--links", str(links)).exit_code == 0


def test_help_documents_the_commands():
    out = CliRunner().invoke(main, ["--help"]).output
    for cmd in ("init", "import-roster", "create-cycle", "assign", "export-links", "open", "close", "status", "demo"):
        assert cmd in out


# --- HR operations and the README's examples ---------------------------------------------------------

import datetime as dt  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
from pathlib import Path  # noqa: E402

from kinerja_survey import cycle as uc  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "contoh-roster.csv"


def run_as(db, actor, *args, input=None):
    return CliRunner().invoke(main, ["--db", str(db), "--actor", actor, *args], input=input, catch_exceptions=False)


def _submit_everything(db):
    store = Store(db)
    made = uc.reissue_links(store, 1, store.assignments_frame(1)["rater"].unique(), actor="test")
    token_of = dict(zip(made["nip"], made["token"]))
    items = {i.code: 4 for i in store.instrument(1).items}
    for rec in store.assignments_frame(1).itertuples():
        store.save_response(token_of[rec.rater], int(rec.assignment_id), items, submit=True)
    store.dispose()


def test_the_readme_examples_run_against_the_sample_roster(tmp_path, monkeypatch):
    """Every `kinerja-survey` line of the README's "Running a real cycle" block, in order, on
    data/contoh-roster.csv (answers are filled in before `close`; `serve` is left out)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Running a real cycle", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("  #")[0].strip() for line in block.splitlines() if line.startswith("kinerja-survey ")]
    assert len(lines) >= 12
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "contoh-roster.csv").write_bytes(SAMPLE.read_bytes())
    db = tmp_path / "data" / "kinerja.sqlite"
    for line in lines:
        args = shlex.split(line)[1:]
        if args[0] == "serve":
            continue
        if args[0] == "close":
            _submit_everything(db)
        out = run_as(db, "Siti Rahma", *args)
        assert out.exit_code == 0, f"{line}\n{out.output}"
        if args[0] == "report":
            assert re.search(r"^([1-9]\d*) laporan ditulis", out.output, re.M), out.output
        if args[0] == "status":
            assert re.search(r"\(\d{1,3},\d%\)", out.output) and "0.9" not in out.output, out.output
        if args[0] == "deadline":
            assert "Batas pengisian: 31-12-2026 pukul 23.59 WIB" in out.output
    assert set(Store(db).audit_frame()["actor"]) == {"Siti Rahma", "test"}


def test_a_roster_that_deactivates_people_is_listed_and_refused_without_confirmation(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    full, part = tmp_path / "full.csv", tmp_path / "part.csv"
    small_roster.to_csv(full, index=False)
    partial = small_roster.iloc[:30].copy()
    partial["atasan_nip"] = partial["atasan_nip"].where(partial["atasan_nip"].isin(partial["nip"]), "")
    partial.to_csv(part, index=False)
    assert run_as(db, "budi", "import-roster", str(full)).exit_code == 0
    out = run_as(db, "budi", "import-roster", str(part), input="n\n")
    assert out.exit_code != 0 and "10 pegawai tidak ada di part.csv dan akan DINONAKTIFKAN" in out.output
    assert all(nip in out.output for nip in small_roster["nip"].iloc[30:])
    assert "Dibatalkan" in out.output and len(Store(db).employees_frame()) == 40
    out = CliRunner().invoke(main, ["--db", str(db), "--actor", "budi", "import-roster", str(part)])  # no terminal
    assert out.exit_code != 0 and len(Store(db).employees_frame()) == 40
    out = run_as(db, "budi", "import-roster", str(part), "--ya")
    assert out.exit_code == 0 and "10 dinonaktifkan" in out.output and len(Store(db).employees_frame()) == 30


def test_assign_again_on_an_open_cycle_asks_and_keeps_the_caps(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    run_as(db, "budi", "import-roster", str(roster))
    run_as(db, "budi", "create-cycle", "P", "--start", "2026-01-01", "--end", "2026-12-31")
    assert run_as(db, "budi", "assign", "1", "--seed", "1", "--links", str(tmp_path / "a.csv")).exit_code == 0
    run_as(db, "budi", "open", "1")
    n = len(Store(db).assignments_frame(1))
    out = run_as(db, "budi", "assign", "1", "--seed", "2", "--links", str(tmp_path / "b.csv"), input="n\n")
    assert out.exit_code != 0 and "formulir akan ditambahkan" in out.output and "melampaui batas" in out.output
    assert len(Store(db).assignments_frame(1)) == n
    out = run_as(db, "budi", "assign", "1", "--seed", "2", "--links", str(tmp_path / "b.csv"), "--ya")
    assert out.exit_code == 0, out.output
    a = Store(db).assignments_frame(1)
    assert len(a) > n and a[a["relationship"] == "peer"].groupby("ratee").size().max() <= 5


def test_mid_cycle_commands(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    run_as(db, "budi", "import-roster", str(roster))
    run_as(db, "budi", "create-cycle", "P", "--start", "2026-01-01", "--end", "2026-12-31")
    run_as(db, "budi", "assign", "1", "--seed", "1", "--links", str(tmp_path / "a.csv"))
    out = run_as(db, "budi", "review", "1")
    assert out.exit_code == 0 and "pegawai dinilai" in out.output
    run_as(db, "budi", "open", "1")
    store = Store(db)
    a = store.assignments_frame(1)
    form = a[a["relationship"] == "peer"].iloc[0]
    new = next(n for n in small_roster["nip"] if n not in set(a.loc[a["ratee"] == form["ratee"], "rater"])
               and n != form["ratee"])
    dotted = f"{form['ratee'][:8]}.{form['ratee'][8:14]} {form['ratee'][14:]}"
    out = run_as(db, "budi", "replace-rater", "1", dotted, form["rater"], new, "--hapus-jawaban", "--alasan", "mutasi pegawai",
                 input="n\n")
    assert out.exit_code != 0 and "Mengganti penilai" in out.output and "Dibatalkan" in out.output
    out = run_as(db, "budi", "replace-rater", "1", dotted, form["rater"], new, "--hapus-jawaban", "--alasan", "mutasi pegawai",
                 "--ya")
    assert out.exit_code == 0 and "Penilai diganti" in out.output
    assert new in set(store.assignments_frame(1).query("ratee == @form.ratee")["rater"])
    out = run_as(db, "budi", "remove-rater", "1", new, form["ratee"], "--alasan", "tidak relevan", "--ya")
    assert out.exit_code == 0 and "Formulir dihapus" in out.output
    out = run_as(db, "budi", "add-rater", "1", new, form["ratee"], "--alasan", "terlambat ditambahkan")
    assert out.exit_code == 0 and "Menambah formulir" in out.output
    out = run_as(db, "budi", "revoke-link", "1", new, "--ya")
    assert out.exit_code == 0 and "Tautan dicabut" in out.output
    out = run_as(db, "budi", "deadline", "1", "--sampai", "2027-01-15", "--alasan", "dinas luar")
    assert out.exit_code == 0 and "15-01-2027 pukul 23.59 WIB" in out.output
    out = run_as(db, "budi", "deadline", "1", "--sampai", "2026-01-15", "--alasan", "mundur sebulan")
    assert out.exit_code != 0 and "harus sesudah" in out.output
    run_as(db, "budi", "close", "1")
    out = run_as(db, "budi", "reopen", "1", "--alasan", "unit belum selesai")
    assert out.exit_code == 0 and store.cycle(1)["status"] == "open"
    log = store.audit_frame()
    assert set(log.loc[log["action"].isin(["replace_rater", "remove_assignment", "add_assignment", "revoke_link",
                                            "set_deadline", "cycle_reopen"]), "actor"]) == {"budi"}
    out = run_as(db, "budi", "remind", "1", "--saluran", "whatsapp", "--dry-run")
    assert out.exit_code == 0 and "tidak ada nomor HP" in out.output


def test_help_is_in_bahasa_indonesia():
    out = CliRunner().invoke(main, ["--help"]).output
    assert "Penggunaan:" in out and "Pilihan:" in out and "Perintah:" in out
    for word in ("Show this message", "Usage:", "Options:", "Commands:", "Create the", "Import employees"):
        assert word not in out
    for cmd in ("deadline", "reopen", "add-rater", "replace-rater", "remove-rater", "revoke-link", "review", "remind"):
        sub = CliRunner().invoke(main, [cmd, "--help"]).output
        assert "Penggunaan:" in sub and "[default" not in sub, cmd


def test_status_percentages_are_written_with_a_comma(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    store = Store(db)
    uc.import_roster(store, small_roster, actor="t")
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor="t")
    made = uc.assign(store, cid, seed=1, actor="t")
    uc.open_cycle(store, cid, actor="t")
    a = store.assignments_frame(cid)
    token_of = dict(zip(made.links["nip"], made.links["token"]))
    items = {i.code: 3 for i in store.instrument(cid).items}
    for rec in a.iloc[: len(a) * 2 // 3].itertuples():
        store.save_response(token_of[rec.rater], int(rec.assignment_id), items, submit=True)
    out = run_as(db, "t", "status", str(cid))
    share = (len(a) * 2 // 3) / len(a)
    assert f"({uc.percent(share)})" in out.output and "Persentase" in out.output
    assert not re.search(r"\b0\.\d{2,}", out.output)
    assert dt.date.today()  # the deadline line is printed too
    assert "Batas pengisian" in out.output
