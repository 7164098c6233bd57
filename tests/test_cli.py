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
