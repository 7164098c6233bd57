import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import cli_as

from kinerja_survey.cli import main
from kinerja_survey.store import SCHEMA_VERSION, Store


def run(db, *args):
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    return result


def test_a_cycle_from_the_command_line(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    assert f"skema versi {SCHEMA_VERSION}" in run(db, "siapkan").output
    out = run(db, "impor-roster", str(roster))
    assert out.exit_code == 0 and "40 baru" in out.output
    out = run(db, "buat-periode", "Penilaian 2026", "--mulai", "2026-01-01", "--selesai", "2026-12-31")
    assert out.exit_code == 0 and "21 butir" in out.output
    links = tmp_path / "tautan.csv"
    out = run(db, "tetapkan-penilai", "1", "--benih", "4", "--tautan", str(links))
    assert out.exit_code == 0, out.output
    table = pd.read_csv(links, dtype=str)
    assert len(table) == 40 and table["tautan"].str.startswith("http://127.0.0.1:8866/?token=").all()
    # the links file is written once and never overwritten: a second run is refused before it
    # changes anything (new links could otherwise be issued with nowhere to write them)
    n_forms = len(Store(db).assignments_frame(1))
    again = run(db, "tetapkan-penilai", "1", "--tautan", str(links))
    assert again.exit_code != 0 and "sudah ada" in again.output
    assert len(Store(db).assignments_frame(1)) == n_forms and len(pd.read_csv(links, dtype=str)) == 40
    again = run(db, "tetapkan-penilai", "1", "--tautan", str(tmp_path / "lagi.csv"))
    assert "Tidak ada tautan baru" in again.output and not (tmp_path / "lagi.csv").exists()
    assert run(db, "buka", "1").exit_code == 0
    status = run(db, "status", "1")
    assert "0/" in status.output and "[dibuka]" in status.output
    store = Store(db)
    assert store.open_link(table["token"][0]).cycle_id == 1
    new = tmp_path / "baru.csv"
    out = run(db, "ekspor-tautan", "1", table["nip"][0], "--keluaran", str(new), "--ya")
    assert out.exit_code == 0
    assert store.open_link(pd.read_csv(new, dtype=str)["token"][0]).cycle_id == 1
    assert run(db, "tutup", "1", "--ya").exit_code == 0  # before the deadline: --ya answers the warning
    assert run(db, "buka", "1").exit_code != 0


def test_bad_roster_lists_rows_and_exits_nonzero(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    bad = small_roster.copy()
    bad.loc[3, "nip"] = "123"
    bad.loc[7, "atasan_nip"] = "199901012020011001"
    path = tmp_path / "pegawai.csv"
    bad.to_csv(path, index=False)
    out = run(db, "impor-roster", str(path))
    assert out.exit_code == 1
    assert "baris 5, kolom 'nip'" in out.output and "baris 9, kolom 'atasan_nip'" in out.output
    assert Store(db).employees_frame().empty


def test_custom_instrument_errors_are_reported(tmp_path):
    db = tmp_path / "k.sqlite"
    bad = tmp_path / "i.yaml"
    bad.write_text("code: X\ncompetencies: []\n")
    out = run(db, "buat-periode", "x", "--mulai", "2026-01-01", "--selesai", "2026-12-31", "--instrumen", str(bad))
    assert out.exit_code != 0 and "competencies" in out.output


def test_demo_command(tmp_path):
    db = tmp_path / "demo.sqlite"
    links = tmp_path / "links.csv"
    out = run(db, "demo", "--pegawai", "30", "--tautan", str(links))
    assert out.exit_code == 0 and "Demo siap" in out.output
    assert len(pd.read_csv(links)) == 30
    assert run(db, "demo").exit_code != 0  # refuses to overwrite without --timpa
    assert run(db, "demo", "--pegawai", "30", "--timpa", "--tautan", str(links)).exit_code == 0


def test_demo_accounts_one_per_role_in_a_private_file(tmp_path):
    """``demo --akun F`` (``make demo``): an account per role, each logging in to its own app only,
    the passwords in a file only its owner may read."""
    import stat

    from kinerja_survey.cycle import accounts as ua

    db, path = tmp_path / "demo.sqlite", tmp_path / "akun.txt"
    out = run(db, "demo", "--pegawai", "12", "--akun", str(path))
    assert out.exit_code == 0 and str(path) in out.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = [line.split("\t") for line in path.read_text().splitlines()]
    assert [(u, r) for u, r, _ in rows] == [("operator.demo", "operator"), ("tim.demo", "tim"),
                                            ("pimpinan.demo", "pimpinan"), ("analis.demo", "analis")]
    assert all(p not in out.output for _, _, p in rows)  # the passwords only in the file
    store = Store(db)
    try:
        passwords = {u: p for u, _, p in rows}
        assert ua.login(store, "operator.demo", passwords["operator.demo"], "admin")["username"] == "operator.demo"
        assert ua.login(store, "tim.demo", passwords["tim.demo"], "calibration")["username"] == "tim.demo"
        assert ua.login(store, "pimpinan.demo", passwords["pimpinan.demo"], "results")["username"] == "pimpinan.demo"
        assert ua.login(store, "tim.demo", passwords["operator.demo"], "calibration") is None
        with pytest.raises(ua.AccountError):
            ua.login(store, "pimpinan.demo", passwords["pimpinan.demo"], "admin")
    finally:
        store.dispose()


def test_help_documents_the_commands():
    out = CliRunner().invoke(main, ["--help"]).output
    for cmd in ("siapkan", "impor-roster", "buat-periode", "tetapkan-penilai", "ekspor-tautan", "buka", "tutup", "status",
                "demo"):
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
    return CliRunner().invoke(main, ["--db", str(db), "--petugas", actor, *args], input=input, catch_exceptions=False)


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
        if args[0] == "jalankan":
            continue
        if args[0] == "tutup":
            _submit_everything(db)
        out = run_as(db, "Siti Rahma", *args)
        assert out.exit_code == 0, f"{line}\n{out.output}"
        assert "sekarang bernama" not in out.output, f"the README uses an old spelling: {line}\n{out.output}"
        if args[0] == "laporan":
            assert re.search(r"^([1-9]\d*) laporan ditulis", out.output, re.M), out.output
        if args[0] == "status":
            assert re.search(r"\(\d{1,3},\d%\)", out.output) and "0.9" not in out.output, out.output
        if args[0] == "batas-waktu":
            assert "Batas pengisian: 31-12-2026 pukul 23.59 WIB" in out.output
    assert set(Store(db).audit_frame()["actor"]) == {cli_as("Siti Rahma"), "test"}  # "test": _submit_everything, not the CLI


def test_a_roster_that_deactivates_people_is_listed_and_refused_without_confirmation(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    full, part = tmp_path / "full.csv", tmp_path / "part.csv"
    small_roster.to_csv(full, index=False)
    partial = small_roster.iloc[:30].copy()
    partial["atasan_nip"] = partial["atasan_nip"].where(partial["atasan_nip"].isin(partial["nip"]), "")
    partial.to_csv(part, index=False)
    assert run_as(db, "budi", "impor-roster", str(full)).exit_code == 0
    out = run_as(db, "budi", "impor-roster", str(part), input="n\n")
    assert out.exit_code != 0 and "10 pegawai tidak ada di part.csv dan akan DINONAKTIFKAN" in out.output
    assert all(nip in out.output for nip in small_roster["nip"].iloc[30:])
    assert "Dibatalkan" in out.output and len(Store(db).employees_frame()) == 40
    out = CliRunner().invoke(main, ["--db", str(db), "--petugas", "budi", "impor-roster", str(part)])  # no terminal
    assert out.exit_code != 0 and len(Store(db).employees_frame()) == 40
    out = run_as(db, "budi", "impor-roster", str(part), "--ya")
    assert out.exit_code == 0 and "10 dinonaktifkan" in out.output and len(Store(db).employees_frame()) == 30


def test_assign_again_on_an_open_cycle_asks_and_keeps_the_caps(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    run_as(db, "budi", "impor-roster", str(roster))
    run_as(db, "budi", "buat-periode", "P", "--mulai", "2026-01-01", "--selesai", "2026-12-31")
    assert run_as(db, "budi", "tetapkan-penilai", "1", "--benih", "1", "--tautan", str(tmp_path / "a.csv")).exit_code == 0
    run_as(db, "budi", "buka", "1")
    n = len(Store(db).assignments_frame(1))
    out = run_as(db, "budi", "tetapkan-penilai", "1", "--benih", "2", "--tautan", str(tmp_path / "b.csv"), input="n\n")
    assert out.exit_code != 0 and "formulir akan ditambahkan" in out.output and "melampaui batas" in out.output
    assert len(Store(db).assignments_frame(1)) == n
    out = run_as(db, "budi", "tetapkan-penilai", "1", "--benih", "2", "--tautan", str(tmp_path / "b.csv"), "--ya")
    assert out.exit_code == 0, out.output
    a = Store(db).assignments_frame(1)
    assert len(a) > n and a[a["relationship"] == "peer"].groupby("ratee").size().max() <= 5


def test_mid_cycle_commands(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    run_as(db, "budi", "impor-roster", str(roster))
    run_as(db, "budi", "buat-periode", "P", "--mulai", "2026-01-01", "--selesai", "2026-12-31")
    run_as(db, "budi", "tetapkan-penilai", "1", "--benih", "1", "--tautan", str(tmp_path / "a.csv"))
    out = run_as(db, "budi", "daftar-penilai", "1")
    assert out.exit_code == 0 and "pegawai dinilai" in out.output
    run_as(db, "budi", "buka", "1")
    store = Store(db)
    a = store.assignments_frame(1)
    form = a[a["relationship"] == "peer"].iloc[0]
    new = next(n for n in small_roster["nip"] if n not in set(a.loc[a["ratee"] == form["ratee"], "rater"])
               and n != form["ratee"])
    dotted = f"{form['ratee'][:8]}.{form['ratee'][8:14]} {form['ratee'][14:]}"
    out = run_as(db, "budi", "ganti-penilai", "1", dotted, form["rater"], new, "--hapus-jawaban", "--alasan", "mutasi pegawai",
                 input="n\n")
    assert out.exit_code != 0 and "Mengganti penilai" in out.output and "Dibatalkan" in out.output
    out = run_as(db, "budi", "ganti-penilai", "1", dotted, form["rater"], new, "--hapus-jawaban", "--alasan", "mutasi pegawai",
                 "--ya")
    assert out.exit_code == 0 and "Penilai diganti" in out.output
    assert new in set(store.assignments_frame(1).query("ratee == @form.ratee")["rater"])
    out = run_as(db, "budi", "hapus-penilai", "1", new, form["ratee"], "--alasan", "tidak relevan", "--ya")
    assert out.exit_code == 0 and "Formulir dihapus" in out.output
    out = run_as(db, "budi", "tambah-penilai", "1", new, form["ratee"], "--alasan", "terlambat ditambahkan")
    assert out.exit_code == 0 and "Menambah formulir" in out.output
    out = run_as(db, "budi", "cabut-tautan", "1", new, "--ya")
    assert out.exit_code == 0 and "Tautan dicabut" in out.output
    out = run_as(db, "budi", "batas-waktu", "1", "--sampai", "2027-01-15", "--alasan", "dinas luar")
    assert out.exit_code == 0 and "15-01-2027 pukul 23.59 WIB" in out.output
    out = run_as(db, "budi", "batas-waktu", "1", "--sampai", "2026-01-15", "--alasan", "mundur sebulan")
    assert out.exit_code != 0 and "harus sesudah" in out.output
    run_as(db, "budi", "tutup", "1", "--ya")
    out = run_as(db, "budi", "buka-kembali", "1", "--alasan", "unit belum selesai")
    assert out.exit_code == 0 and store.cycle(1)["status"] == "open"
    log = store.audit_frame()
    assert set(log.loc[log["action"].isin(["replace_rater", "remove_assignment", "add_assignment", "revoke_link",
                                            "set_deadline", "cycle_reopen"]), "actor"]) == {cli_as("budi")}
    out = run_as(db, "budi", "ingatkan", "1", "--saluran", "whatsapp", "--pratinjau")
    assert out.exit_code == 0 and "tidak ada nomor HP" in out.output


def test_help_is_in_bahasa_indonesia():
    out = CliRunner().invoke(main, ["--help"]).output
    assert "Penggunaan:" in out and "Pilihan:" in out and "Perintah:" in out
    for word in ("Show this message", "Usage:", "Options:", "Commands:", "Create the", "Import employees"):
        assert word not in out
    for cmd in ("batas-waktu", "buka-kembali", "tambah-penilai", "ganti-penilai", "hapus-penilai", "cabut-tautan",
                "daftar-penilai", "ingatkan"):
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


# --- one naming rule: the old spellings still work for one release, with a notice -----------------

def test_old_command_names_still_work_with_a_notice(tmp_path):
    """An old command name (``init``) runs the new command (``siapkan``), prints one notice on
    stderr naming the new spelling, and is hidden from the help."""
    out = CliRunner().invoke(main, ["--db", str(tmp_path / "k.sqlite"), "init"], catch_exceptions=False)
    assert out.exit_code == 0 and f"skema versi {SCHEMA_VERSION}" in out.stdout
    assert out.stderr.strip() == "Catatan: 'init' sekarang bernama 'siapkan'; nama lama tidak berlaku lagi mulai rilis berikutnya."
    listing = CliRunner().invoke(main, ["--help"]).output
    assert "siapkan" in listing and not re.search(r"^\s+init\b", listing, re.M)
    out = CliRunner().invoke(main, ["--bahasa", "en", "--db", str(tmp_path / "k.sqlite"), "init"])
    assert "'init' is now called 'siapkan'" in out.stderr


def test_old_option_names_still_work_with_a_notice(tmp_path, small_roster):
    """Old option spellings of a command (``--start``/``--end``) and of the group (``--actor``)
    still work, each with one notice, and are hidden from --help."""
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    run(db, "impor-roster", str(roster))
    out = CliRunner().invoke(main, ["--db", str(db), "--actor", "budi", "buat-periode", "P", "--start", "2026-01-01",
                                    "--end=2026-12-31"], catch_exceptions=False)
    assert out.exit_code == 0 and "21 butir" in out.stdout
    assert out.stderr.count("sekarang bernama") == 3
    for old, new in (("--actor", "--petugas"), ("--start", "--mulai"), ("--end", "--selesai")):
        assert f"'{old}' sekarang bernama '{new}'" in out.stderr
    assert Store(db).cycle(1)["period_end"] is not None and cli_as("budi") in set(Store(db).audit_frame()["actor"])
    shown = CliRunner().invoke(main, ["buat-periode", "--help"]).output
    assert "--mulai" in shown and "--start" not in shown and "--end" not in shown


def test_old_option_values_still_work_with_a_notice(tmp_path, small_roster):
    """An old value of an option (``status --by ratee``) is read as the new one (``--per pegawai``)."""
    db = tmp_path / "k.sqlite"
    store = Store(db)
    uc.import_roster(store, small_roster, actor="t")
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor="t")
    uc.assign(store, cid, seed=1, actor="t")
    new = CliRunner().invoke(main, ["--db", str(db), "status", str(cid), "--per", "pegawai"], catch_exceptions=False)
    old = CliRunner().invoke(main, ["--db", str(db), "status", str(cid), "--by", "ratee"], catch_exceptions=False)
    assert new.exit_code == old.exit_code == 0 and old.stdout == new.stdout and new.stderr == ""
    assert "'--by' sekarang bernama '--per'" in old.stderr and "'--per ratee' sekarang bernama '--per pegawai'" in old.stderr


def test_load_results_old_keyword_warns(tmp_path, small_roster):
    """``load_results(sementara=True)`` is the old spelling of ``provisional=True``: same results, a
    DeprecationWarning."""
    import pytest

    store = Store(tmp_path / "k.sqlite")
    uc.import_roster(store, small_roster, actor="t")
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor="t")
    made = uc.assign(store, cid, seed=1, actor="t")
    uc.open_cycle(store, cid, actor="t")
    token_of = dict(zip(made.links["nip"], made.links["token"]))
    items = {i.code: 4 for i in store.instrument(cid).items}
    for rec in store.assignments_frame(cid).itertuples():
        store.save_response(token_of[rec.rater], int(rec.assignment_id), items, submit=True)
    with pytest.warns(DeprecationWarning, match="'sementara' is renamed 'provisional'"):
        old = uc.load_results(store, cid, sementara=True)
    new = uc.load_results(store, cid, provisional=True)
    assert old.provisional and new.provisional
    pd.testing.assert_frame_equal(old.scores, new.scores)
    with pytest.raises(uc.ProvisionalError):
        uc.load_results(store, cid)


def test_every_renamed_spelling_points_at_a_real_command_and_option():
    """The alias tables name commands and options that exist, and no old spelling is still an
    option of its command (it would be shown in --help)."""
    from kinerja_survey.cli import RENAMED_COMMANDS, RENAMED_OPTIONS, RENAMED_VALUES

    def opts(cmd):
        return {o for p in cmd.params for o in (*p.opts, *getattr(p, "secondary_opts", ()))}

    assert set(RENAMED_COMMANDS.values()) <= set(main.commands)
    assert not set(RENAMED_COMMANDS) & set(main.commands)
    for name, renamed in RENAMED_OPTIONS.items():
        cmd = main if name == "main" else main.commands[name]
        assert set(renamed.values()) <= opts(cmd), name
        assert not set(renamed) & opts(cmd), name
    for (name, option), values in RENAMED_VALUES.items():
        param = next(p for p in main.commands[name].params if option in p.opts)
        assert set(values.values()) <= set(param.type.choices) and not set(values) & set(param.type.choices)


# --- one error boundary: a refusal's message once, a bug logged, never a traceback -----------------

def test_a_refusal_is_shown_once_in_the_runs_language(tmp_path):
    db = tmp_path / "k.sqlite"
    run(db, "siapkan")
    out = CliRunner().invoke(main, ["--db", str(db), "buka", "7"], catch_exceptions=False)
    assert out.exit_code == 1 and out.output.strip() == "Periode penilaian 7 tidak ada."
    out = CliRunner().invoke(main, ["--bahasa", "en", "--db", str(db), "buka", "7"], catch_exceptions=False)
    assert out.exit_code == 1 and out.output.strip() == "Rating period 7 does not exist."
    assert "Traceback" not in out.output
    out = CliRunner().invoke(main, ["--db", str(db), "buat-periode", "P", "--mulai", "2026-13-01", "--selesai",
                                    "2026-12-31"], catch_exceptions=False)  # a typo: a clear refusal, not a bug
    assert out.exit_code != 0 and "'2026-13-01' tidak terbaca" in out.output and "kesalahan tak terduga" not in out.output
    out = CliRunner().invoke(main, ["--db", str(db), "tetapkan-penilai", "1", "--rekan", "5", "3", "--tautan",
                                    str(tmp_path / "t.csv")], catch_exceptions=False)
    assert out.exit_code != 0 and "0 <= MIN <= MAKS" in out.output and "kesalahan tak terduga" not in out.output


def test_an_unexpected_error_is_logged_not_shown(tmp_path, monkeypatch, small_roster):
    """A bug (any exception that is not a KinerjaError) prints one Indonesian line naming the log
    file; the traceback goes to that file only."""
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)

    def broken(*args, **kwargs):
        raise RuntimeError("rahasia internal 42")

    monkeypatch.setattr(uc, "preview_roster", broken)
    out = CliRunner().invoke(main, ["--db", str(db), "impor-roster", str(roster)], catch_exceptions=False)
    assert out.exit_code == 1 and "Traceback" not in out.output and "rahasia internal" not in out.output
    found = re.fullmatch(r"Terjadi kesalahan tak terduga; rincian dicatat di (\S+)\. .*", out.output.strip())
    assert found, out.output
    log = Path(found.group(1))
    try:
        text = log.read_text(encoding="utf-8")
        assert "Traceback" in text and "RuntimeError: rahasia internal 42" in text and "impor-roster" in text
        assert log.stat().st_mode & 0o077 == 0  # private: a traceback may show people's data
    finally:
        log.unlink()


def test_every_csv_the_cli_writes_is_formula_safe(tmp_path, small_roster):
    """The review table (and the reminder, stakeholder and dialog CSVs) go through
    ``present.exports.write_csv``: a roster name that a spreadsheet would run is written inert."""
    db = tmp_path / "k.sqlite"
    roster = small_roster.copy()
    roster.loc[0, "nama"] = "=HYPERLINK(\"http://contoh.invalid\")"
    store = Store(db)
    uc.import_roster(store, roster, actor="t")
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor="t")
    uc.assign(store, cid, seed=1, actor="t")
    out = run(db, "daftar-penilai", str(cid), "--keluaran", str(tmp_path / "tinjau.csv"))
    assert out.exit_code == 0, out.output
    text = (tmp_path / "tinjau.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text and "\n=HYPERLINK" not in text


def test_usage_errors_speak_the_runs_language(tmp_path):
    """click's own refusals (a missing option, an unknown one, a bad choice, an unknown command)
    in Bahasa Indonesia, or English with --bahasa en; exit code 2, no English frame words."""
    db = ["--db", str(tmp_path / "k.sqlite")]
    cases = [(["tetapkan-penilai", "1"], "Kesalahan: '--tautan' wajib diisi."),
             (["tetapkan-penilai", "1", "--tautn", "x.csv"], "Pilihan --tautn tidak dikenal. Mungkin maksudnya: --tautan?"),
             (["status", "1", "--per", "x"], "'--per' harus salah satu dari: unit, pegawai."),
             (["bukaa", "1"], "Perintah 'bukaa' tidak dikenal")]
    for args, expected in cases:
        out = CliRunner().invoke(main, [*db, *args], catch_exceptions=False)
        assert out.exit_code == 2 and expected in out.output, out.output
        assert "Penggunaan:" in out.output and not re.search(r"Usage|Error|Try |Missing|No such", out.output)
    out = CliRunner().invoke(main, ["--bahasa", "en", *db, "tetapkan-penilai", "1"], catch_exceptions=False)
    assert out.exit_code == 2 and "Error: '--tautan' is required." in out.output and "Usage:" in out.output
