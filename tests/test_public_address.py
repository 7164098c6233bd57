"""Issue 21, a first real cycle without seams: one public address in every link, real reminder
runs that refuse links to this computer only, a WhatsApp batch prepared again, and the warnings
before a step whose moment does not fit today (closing early; a period that has not started or
ended long ago).

The findings came from a 57-person agency: the same roster here (``generate_organisation(57)``).
"Today" is the store's clock, fixed at 7 December 2026, 10.00 WIB (``store.database.utc_now``).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import cli_as

from kinerja_survey import cycle as uc
from kinerja_survey.apps.admin import AdminApp
from kinerja_survey.cli import main
from kinerja_survey.demo import generate_organisation
from kinerja_survey.store import Store

ADDRESS = "https://penilaian.bkpsdm.example.go.id"
TODAY = dt.datetime(2026, 12, 7, 3, 0)  # 10.00 WIB


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Every store opened in a test (the CLI opens its own) reads the clock at 7-12-2026 10.00 WIB."""
    monkeypatch.setattr("kinerja_survey.store.database.utc_now", lambda: TODAY)
    monkeypatch.delenv(uc.RATER_URL_ENV, raising=False)


def roster_57() -> pd.DataFrame:
    roster = generate_organisation(57, seed=3)
    roster["no_hp"] = [f"08123{i:07d}" for i in range(len(roster))]
    roster["email"] = [f"pegawai{i}@contoh.go.id" for i in range(len(roster))]
    return roster


@pytest.fixture
def agency(tmp_path):
    """A 57-person agency with period 1 "Semester II 2026" (a draft) and a ``run(*args, input=)``."""
    db = tmp_path / "k.sqlite"
    roster_57().to_csv(tmp_path / "pegawai.csv", index=False)

    def run(*args, input=None):
        return CliRunner().invoke(main, ["--db", str(db), "--petugas", "Rina HR", *args], input=input,
                                  catch_exceptions=False)

    assert run("siapkan").exit_code == 0
    assert run("impor-roster", str(tmp_path / "pegawai.csv")).exit_code == 0
    assert run("buat-periode", "Semester II 2026", "--mulai", "2026-07-01", "--selesai", "2026-12-31").exit_code == 0
    run.db, run.dir = db, tmp_path
    return run


def wa_texts(path) -> list[str]:
    """The prefilled texts of a WhatsApp list (``ingatkan --keluaran``)."""
    table = pd.read_csv(path, dtype=str).fillna("")
    urls = [u for u in table["wa_url"] if u]
    return [urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)["text"][0] for u in urls]


# --- one public address -----------------------------------------------------------------------------

def test_the_address_given_to_assign_reaches_reminders_dialogs_stakeholders_and_reissued_links(agency):
    """The finding, in its order: assign with an address, a real WhatsApp run, dialog links --
    every link carries the address, none goes to 127.0.0.1:8866."""
    run, d = agency, agency.dir
    out = run("tetapkan-penilai", "1", "--benih", "3", "--tautan", str(d / "tautan.csv"), "--url-dasar", ADDRESS)
    assert out.exit_code == 0, out.output
    links = pd.read_csv(d / "tautan.csv", dtype=str)
    assert (links["tautan"] == ADDRESS + "/?token=" + links["token"]).all()
    assert run("buka", "1").exit_code == 0
    out = run("ingatkan", "1", "--saluran", "whatsapp", "--keluaran", str(d / "wa.csv"))
    assert out.exit_code == 0, out.output
    assert f"Tautan dalam pesan menuju: {ADDRESS}" in out.output
    texts = wa_texts(d / "wa.csv")
    token_of = dict(zip(links["nip"], links["token"]))
    table = pd.read_csv(d / "wa.csv", dtype=str).fillna("")
    assert len(texts) == links["nip"].nunique() == 57
    for nip, text in zip(table.loc[table["wa_url"] != "", "nip"], texts):
        assert f"{ADDRESS}/?token={token_of[nip]}" in text and "127.0.0.1" not in text
    pd.DataFrame({"nip": links["nip"][:2], "nama": ["Ibu Warga", "Bapak Mitra"],
                  "kontak": ["warga@contoh.id", "081234567890"]}).to_csv(d / "pemangku.csv", index=False)
    assert run("tambah-pemangku", "1", str(d / "pemangku.csv"), "--tautan", str(d / "pemangku-tautan.csv")).exit_code == 0
    assert pd.read_csv(d / "pemangku-tautan.csv", dtype=str)["tautan"].str.startswith(ADDRESS + "/?token=").all()
    out = run("ekspor-tautan", "1", links["nip"][0], "--keluaran", str(d / "baru.csv"), "--ya")
    assert out.exit_code == 0 and pd.read_csv(d / "baru.csv", dtype=str)["tautan"][0].startswith(ADDRESS + "/?token=")
    out = run("status", "1")
    assert f"Tautan menuju: {ADDRESS} (alamat khusus periode ini)" in out.output
    # the cycle's address was kept in the settings, by the person acting
    kept = Store(agency.db).audit_frame().query("action == 'set_setting'")
    assert kept["detail_json"].str.contains("public_address.cycle.1").any() and set(kept["actor"]) == {cli_as("Rina HR")}


def test_the_installation_address_is_set_once_and_an_explicit_one_is_for_one_run(agency):
    run, d = agency, agency.dir
    out = run("alamat-publik")
    assert out.exit_code == 0 and "http://127.0.0.1:8866/ (bawaan, hanya untuk komputer ini" in out.output
    bad = run("alamat-publik", "ftp://penilaian.example.go.id")
    assert bad.exit_code == 1 and "Alamat publik tidak sah" in bad.output
    out = run("alamat-publik", ADDRESS)
    assert out.exit_code == 0 and f"Alamat publik instalasi ditetapkan: {ADDRESS}" in out.output
    assert f"Tautan menuju: {ADDRESS} (alamat publik instalasi)" in run("status").output
    assert run("tetapkan-penilai", "1", "--benih", "3", "--tautan", str(d / "tautan.csv")).exit_code == 0
    links = pd.read_csv(d / "tautan.csv", dtype=str)
    assert links["tautan"].str.startswith(ADDRESS + "/?token=").all()
    # --url-dasar on a later command: that run only
    other = "https://cadangan.example.go.id/nilai"
    out = run("ekspor-tautan", "1", links["nip"][0], "--keluaran", str(d / "lain.csv"), "--url-dasar", other, "--ya")
    assert out.exit_code == 0 and pd.read_csv(d / "lain.csv", dtype=str)["tautan"][0].startswith(other + "/?token=")
    store = Store(agency.db)
    assert uc.link_base(store, 1) == ADDRESS and uc.address_source(store, 1) == "installation"
    # a period's own address overrides the installation's for that period only
    out = run("alamat-publik", "https://khusus.example.go.id/", "--periode", "1")
    assert out.exit_code == 0 and "Alamat publik periode 1 ditetapkan" in out.output
    assert uc.link_base(store, 1) == "https://khusus.example.go.id/" and uc.link_base(store) == ADDRESS
    row = store.audit_frame().query("action == 'set_setting'").iloc[0]
    assert row["actor"] == cli_as("Rina HR") and "public_address" in row["detail_json"]


def test_a_real_reminder_run_refuses_links_to_this_computer(agency):
    run, d = agency, agency.dir
    assert run("tetapkan-penilai", "1", "--benih", "3", "--tautan", str(d / "tautan.csv")).exit_code == 0
    assert run("buka", "1").exit_code == 0
    out = run("ingatkan", "1", "--saluran", "whatsapp")
    assert out.exit_code == 1 and "http://127.0.0.1:8866/" in out.output
    assert "kinerja-survey alamat-publik" in out.output and "tidak ada pesan yang disiapkan" in out.output
    assert Store(agency.db).outbox_frame(1).empty
    out = run("ingatkan", "1", "--saluran", "email", "--smtp-host", "127.0.0.1", "--smtp-port", "9",
              "--pengirim", "kepegawaian@contoh.go.id")
    assert out.exit_code == 1 and "alamat-publik" in out.output and "SMTP" not in out.output  # refused before connecting
    assert run("ingatkan", "1", "--saluran", "whatsapp", "--pratinjau").exit_code == 0  # a preview is fine
    for local in ("http://localhost:8866/", "http://127.1.2.3/", "http://[::1]:8866/"):
        out = run("alamat-publik", local)
        assert out.exit_code == 0 and "hanya terbuka di komputer ini" in out.output
        out = run("ingatkan", "1", "--saluran", "whatsapp")
        assert out.exit_code == 1 and local in out.output
    assert Store(agency.db).outbox_frame(1).empty
    assert not uc.is_loopback("https://127-0-0-1.example.go.id/") and not uc.is_loopback("http://10.0.0.5:8866/")


def test_a_prepared_whatsapp_batch_with_a_wrong_address_is_prepared_again(agency):
    run, d = agency, agency.dir
    wrong = "https://salah.example.go.id"
    assert run("alamat-publik", wrong).exit_code == 0
    assert run("tetapkan-penilai", "1", "--benih", "3", "--tautan", str(d / "tautan.csv")).exit_code == 0
    assert run("buka", "1").exit_code == 0
    assert run("ingatkan", "1", "--saluran", "whatsapp", "--keluaran", str(d / "wa-1.csv")).exit_code == 0
    first = wa_texts(d / "wa-1.csv")
    assert len(first) == 57 and all(wrong in text for text in first)
    store = Store(agency.db)
    box = store.outbox_frame(1)
    assert len(box) == 57 and (box["status"] == "prepared").all()
    # the next run has nothing due, and says how to redo the batch
    out = run("ingatkan", "1", "--saluran", "whatsapp")
    assert "Tidak ada" in out.output and "--ulang" in out.output and "57 pesan WhatsApp" in out.output
    assert run("alamat-publik", ADDRESS).exit_code == 0
    assert run("ingatkan", "1", "--saluran", "whatsapp", "--ulang", "--pratinjau").exit_code == 0
    assert store.audit_frame().query("action == 'whatsapp_prepared_again'").empty  # a preview records nothing
    out = run("ingatkan", "1", "--saluran", "whatsapp", "--ulang", "--keluaran", str(d / "wa-2.csv"))
    assert out.exit_code == 0, out.output
    again = wa_texts(d / "wa-2.csv")
    assert len(again) == 57 and all(f"{ADDRESS}/?token=" in text and wrong not in text for text in again)
    links = pd.read_csv(d / "tautan.csv", dtype=str)
    assert sorted(t.split("?token=")[1].split()[0] for t in again) == sorted(links["token"])
    box = store.outbox_frame(1)
    assert len(box) == 57 and (box["status"] == "prepared").all() and (box["seq"] == 0).all()  # the same slots
    row = store.audit_frame().query("action == 'whatsapp_prepared_again'").iloc[-1]
    assert row["actor"] == cli_as("Rina HR") and '"n": 57' in row["detail_json"] and ADDRESS in row["detail_json"]
    out = run("ingatkan", "1", "--saluran", "email", "--ulang")
    assert out.exit_code == 2 and "--ulang hanya untuk --saluran whatsapp" in out.output


# --- warnings with a confirm --------------------------------------------------------------------

def _submit_some(db, cycle_id: int, n_raters: int) -> None:
    store = Store(db)
    raters = store.assignments_frame(cycle_id)["rater"].unique()[:n_raters]
    token_of = dict(zip(*uc.reissue_links(store, cycle_id, raters, actor="uji")[["nip", "token"]].T.values))
    items = {i.code: 4 for i in store.instrument(cycle_id).items}
    for rec in store.assignments_frame(cycle_id).itertuples():
        if rec.rater in token_of:
            store.save_response(token_of[rec.rater], int(rec.assignment_id), items, submit=True)


def test_closing_before_the_deadline_shows_the_rate_and_the_deadline_and_asks(agency):
    run, d = agency, agency.dir
    assert run("tetapkan-penilai", "1", "--benih", "3", "--tautan", str(d / "tautan.csv")).exit_code == 0
    assert run("buka", "1").exit_code == 0
    _submit_some(agency.db, 1, 50)
    store = Store(agency.db)
    rates = store.response_rates(1)
    sub, inv = int(rates["submitted"].sum()), int(rates["invited"].sum())
    assert 0 < sub < inv
    out = run("tutup", "1", input="n\n")
    assert out.exit_code == 1 and store.cycle(1)["status"] == "open"
    assert "batas pengisian periode 1 belum lewat (31-12-2026 pukul 23.59 WIB; sekarang 07-12-2026 10.00 WIB)" in out.output
    assert f"Baru {sub} dari {inv} formulir terkirim ({uc.percent(sub / inv)})" in out.output
    out = run("tutup", "1", input="y\n")
    assert out.exit_code == 0 and store.cycle(1)["status"] == "closed"
    # in English too
    out = CliRunner().invoke(main, ["--bahasa", "en", "--db", str(agency.db), "buka-kembali", "1", "--alasan",
                                    "unit X belum selesai"])
    assert out.exit_code == 0
    out = CliRunner().invoke(main, ["--bahasa", "en", "--db", str(agency.db), "tutup", "1"], input="n\n")
    assert out.exit_code == 1 and "the deadline of period 1 has not passed" in out.output


def test_closing_after_the_deadline_or_with_every_form_in_asks_nothing(agency):
    run, d = agency, agency.dir
    assert run("tetapkan-penilai", "1", "--benih", "3", "--tautan", str(d / "tautan.csv")).exit_code == 0
    assert run("buka", "1").exit_code == 0
    _submit_some(agency.db, 1, 57)
    assert uc.close_warning(Store(agency.db), 1) is None
    assert run("tutup", "1").exit_code == 0


def test_a_period_that_does_not_fit_today_is_warned_about_when_created_opened_or_published(agency):
    run = agency
    # Semester I 2027 may be prepared in December 2026 (it starts in 25 days) ...
    out = run("buat-periode", "Semester I 2027", "--mulai", "2027-01-01", "--selesai", "2027-06-30")
    assert out.exit_code == 0 and "Perhatian" not in out.output
    # ... but opening it now means rating months that have not happened
    out = run("buka", "2", input="n\n")
    assert out.exit_code == 1 and Store(agency.db).cycle(2)["status"] == "draft"
    assert "periode Semester I 2027 (01-01-2027 s.d. 30-06-2027) belum dimulai; hari pertamanya 25 hari lagi" in out.output
    assert "(hari ini 07-12-2026)" in out.output
    out = run("umumkan", "2", input="n\n")
    assert out.exit_code == 1 and "Hasil yang diumumkan sekarang mencakup bulan-bulan yang belum terjadi" in out.output
    assert run("buka", "2", "--ya").exit_code == 0 and Store(agency.db).cycle(2)["status"] == "open"
    # a period starting more than a month ahead, or ended more than a year ago
    out = run("buat-periode", "Tahun 2027", "--mulai", "2027-03-01", "--selesai", "2027-12-31", input="n\n")
    assert out.exit_code == 1 and "baru dimulai 84 hari lagi" in out.output and len(Store(agency.db).cycles_frame()) == 2
    out = run("buat-periode", "Semester I 2025", "--mulai", "2025-01-01", "--selesai", "2025-06-30", input="y\n")
    assert out.exit_code == 0 and "sudah berakhir 525 hari yang lalu" in out.output
    assert len(Store(agency.db).cycles_frame()) == 3
    # the current period fits: no question
    assert uc.cycle_period_warning(Store(agency.db), 1, "open") is None


def test_the_admin_app_warns_with_a_confirm_button_and_keeps_the_public_address(tmp_path):
    store = Store(tmp_path / "k.sqlite", clock=lambda: TODAY)
    uc.import_roster(store, roster_57(), actor="Rina HR")
    app = AdminApp(store, actor="Rina HR")
    # the public address: a preview with a sample link, then a confirm
    app.address_input.value = "bukan alamat"
    assert app.preview_address() is None and "tidak sah" in app.address_message.value
    app.address_input.value = "http://127.0.0.1:8866/"
    assert app.preview_address() and "hanya terbuka di komputer ini" in app.address_message.value
    app.address_input.value = ADDRESS
    assert app.preview_address() == ADDRESS and f"{ADDRESS}/?token=" in app.address_message.value
    assert app.address_confirm_button.layout.display is None and uc.public_address(store) is None
    app.address_confirm_button.click()
    assert uc.public_address(store) == ADDRESS
    # a period starting in three months: the warning, then the confirm button
    app.cycle_name.value = "Tahun 2027"
    app.period_start.value, app.period_end.value = dt.date(2027, 3, 1), dt.date(2027, 12, 31)
    app.create_button.click()
    assert store.cycles_frame().empty and "baru dimulai 84 hari lagi" in app.cycles_message.value
    app.create_confirm_button.click()
    assert store.cycles_frame()["name"].tolist() == ["Tahun 2027"]
    app.cycle_name.value = "Semester II 2026"
    app.period_start.value, app.period_end.value = dt.date(2026, 7, 1), dt.date(2026, 12, 31)
    app.create_button.click()  # fits: no question
    cid = int(store.cycles_frame().query("name == 'Semester II 2026'")["id"].iloc[0])
    app.refresh_cycles(select=cid)
    links = app.generate_assignments()
    assert links["tautan"].str.startswith(ADDRESS + "/?token=").all()
    app.open_button.click()
    assert store.cycle(cid)["status"] == "open" and app.status_confirm_button.layout.display == "none"
    due = app.remind("whatsapp")
    assert len(due) == 57 and due["text"].str.contains(ADDRESS + "/?token=", regex=False).all()
    # closing early: the rate and the deadline, and a confirm button
    app.close_confirm.value = True
    app.close_button.click()
    assert store.cycle(cid)["status"] == "open"
    assert "0 dari" in app.cycles_message.value and "31-12-2026 pukul 23.59 WIB" in app.cycles_message.value
    app.status_confirm_button.click()
    assert store.cycle(cid)["status"] == "closed"
    # opening or publishing a period that has not started
    early = int(store.cycles_frame().query("name == 'Tahun 2027'")["id"].iloc[0])
    app.refresh_cycles(select=early)
    app.open_button.click()
    assert store.cycle(early)["status"] == "draft" and "belum dimulai" in app.cycles_message.value
    app.status_confirm_button.click()
    assert store.cycle(early)["status"] == "open"
    app.closing.pub_confirm.value = True
    assert app.closing.publish() is None and "belum terjadi" in app.closing.pub_message.value
    assert app.closing.pub_warning_button.layout.display is None and not uc.is_published(store, early)


def test_the_admin_app_refuses_a_real_whatsapp_run_to_this_computer(tmp_path):
    store = Store(tmp_path / "k.sqlite", clock=lambda: TODAY)
    uc.import_roster(store, roster_57(), actor="Rina HR")
    cid = uc.create_cycle(store, "Semester II 2026", "2026-07-01", "2026-12-31", actor="Rina HR")
    uc.assign(store, cid, seed=3, actor="Rina HR")
    uc.open_cycle(store, cid, actor="Rina HR")
    app = AdminApp(store, actor="Rina HR")
    assert app.remind("whatsapp") is None and "alamat-publik" in app.remind_message.value
    assert store.outbox_frame(cid).empty
    assert len(app.remind("preview")) == 2 * 57  # a preview still lists them


def test_the_admin_app_prepares_a_whatsapp_batch_again_with_the_current_address(tmp_path):
    store = Store(tmp_path / "k.sqlite", clock=lambda: TODAY)
    uc.import_roster(store, roster_57(), actor="Rina HR")
    cid = uc.create_cycle(store, "Semester II 2026", "2026-07-01", "2026-12-31", actor="Rina HR")
    uc.set_public_address(store, "https://salah.example.go.id", actor="Rina HR")
    uc.assign(store, cid, seed=3, actor="Rina HR")
    uc.open_cycle(store, cid, actor="Rina HR")
    app = AdminApp(store, actor="Rina HR")
    assert len(app.remind("whatsapp")) == 57 and app.remind("whatsapp").empty  # recorded: nothing due now
    app.address_input.value = ADDRESS
    app.preview_address()
    app.address_confirm_button.click()
    app.remind_wa_again_button.click()
    again = app.last_messages
    assert len(again) == 57 and again["text"].str.contains(ADDRESS + "/?token=", regex=False).all()
    assert not again["text"].str.contains("salah.example", regex=False).any()
    assert "whatsapp-periode" in app.remind_table.value
    assert len(store.audit_frame().query("action == 'whatsapp_prepared_again'")) == 1


def test_dialog_links_of_a_published_period_carry_the_public_address(demo_db, tmp_path):
    """Dialog links are made for a published period only (issue 22); they carry the installation's
    public address, not 127.0.0.1:8866 (issue 21)."""
    from click.testing import CliRunner

    from kinerja_survey.cli import main

    path, cycle_id, _ = demo_db

    def run(*args):
        return CliRunner().invoke(main, ["--db", str(path), "--petugas", "Budi Santoso", *args])

    assert run("alamat-publik", ADDRESS).exit_code == 0
    assert run("tutup", str(cycle_id), "--ya").exit_code == 0
    assert run("predikat-organisasi", str(cycle_id), "Baik").exit_code == 0
    out = run("umumkan", str(cycle_id), "--ya", "--paksa", "--alasan", "Uji: kurva distribusi agensi contoh belum terpenuhi")
    assert out.exit_code == 0, out.output
    out = run("tautan-dialog", str(cycle_id), "--keluaran", str(tmp_path / "dialog.csv"))
    assert out.exit_code == 0, out.output
    dialogs = pd.read_csv(tmp_path / "dialog.csv", dtype=str)
    assert len(dialogs) and dialogs["tautan_atasan"].str.startswith(ADDRESS + "/?token=").all()
    assert dialogs["tautan_pegawai"].str.startswith(ADDRESS + "/?token=").all()
