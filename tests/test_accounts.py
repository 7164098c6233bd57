"""Accounts of the private apps in the store (``store.accounts``), on SQLite and PostgreSQL:
argon2id hashes (never the password), verification, disabled accounts, roles, the audit log."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from kinerja_survey.store import StoreError, accounts

PASSWORD = "kata-sandi-uji-0123"


def test_an_account_keeps_only_an_argon2id_hash_and_verifies_the_right_password(store):
    made = store.create_account("Budi.Operator", PASSWORD, roles="operator", display_name="Budi Santoso",
                                actor="pemasang")
    assert made["username"] == "budi.operator" and made["roles"] == ("operator",) and made["active"]
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(accounts)).one()
    assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash
    dump = json.dumps([str(v) for v in row]) + store.audit_frame().to_json()
    assert PASSWORD not in dump  # nowhere, neither the account row nor the audit log
    assert store.verify_account("budi.operator", PASSWORD)["display_name"] == "Budi Santoso"
    assert store.verify_account("BUDI.OPERATOR", PASSWORD)["username"] == "budi.operator"
    for wrong in ("kata-sandi-uji-0124", "", None, PASSWORD + " ", "x" * 5000):
        assert store.verify_account("budi.operator", wrong) is None
    assert store.verify_account("tidak.ada", PASSWORD) is None
    assert store.verify_account("<script>", PASSWORD) is None
    # the same password twice: two different hashes (a random salt each)
    store.create_account("sari", PASSWORD, roles=["tim", "pimpinan"], actor="pemasang")
    with store.engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(sa.select(accounts.c.password_hash))]
    assert len(set(hashes)) == 2
    assert store.account("sari")["roles"] == ("tim", "pimpinan")
    audit = store.audit_frame()
    assert audit["action"].tolist() == ["account_created", "account_created"]
    assert set(audit["actor"]) == {"pemasang"}


def test_a_disabled_account_never_logs_in_and_a_reset_password_replaces_the_old(store):
    store.create_account("rina", PASSWORD, roles="pimpinan", actor="budi")
    assert store.set_account_active("rina", False, actor="budi") is True
    assert store.set_account_active("rina", False, actor="budi") is False  # already disabled: nothing changes
    assert store.verify_account("rina", PASSWORD) is None
    assert store.account("rina")["disabled_at"] is not None and not store.account("rina")["active"]
    assert store.has_accounts()  # a disabled account still counts: the admin secret stays out
    store.set_account_active("rina", True, actor="budi")
    assert store.verify_account("rina", PASSWORD)["username"] == "rina"
    store.set_password("rina", "sandi-baru-yang-panjang", actor="budi")
    assert store.verify_account("rina", PASSWORD) is None
    assert store.verify_account("rina", "sandi-baru-yang-panjang")["username"] == "rina"
    store.set_account_roles("rina", "pimpinan,analis", actor="budi")
    assert store.account("rina")["roles"] == ("pimpinan", "analis")
    assert store.audit_frame()["action"].tolist() == ["account_created", "account_disabled", "account_enabled",
                                                      "account_password_set", "account_roles_set"]


@pytest.mark.parametrize("kwargs, key", [
    ({"username": "ab"}, "store.account_username"),
    ({"username": "budi operator"}, "store.account_username"),
    ({"username": "-budi"}, "store.account_username"),
    ({"password": "pendek"}, "store.password_weak"),
    ({"password": "aaaaaaaaaaaaaaaa"}, "store.password_weak"),
    ({"roles": "admin"}, "store.account_role_unknown"),
    ({"roles": ""}, "store.account_roles_required"),
    ({"actor": " "}, "store.actor_required"),
    ({"display_name": "x" * 201}, "store.account_display_name_too_long"),
])
def test_bad_account_input_is_refused_by_name_and_nothing_is_written(store, kwargs, key):
    args = {"username": "budi", "password": PASSWORD, "roles": "operator", "actor": "pemasang", **kwargs}
    with pytest.raises(StoreError) as err:
        store.create_account(args.pop("username"), args.pop("password"), **args)
    assert err.value.key == key and not store.has_accounts() and store.audit_frame().empty


def test_a_taken_username_and_a_missing_account_are_refused(store):
    store.create_account("budi", PASSWORD, roles="operator", actor="pemasang")
    store.set_account_active("budi", False, actor="pemasang")
    with pytest.raises(StoreError) as err:
        store.create_account("BUDI", PASSWORD, roles="tim", actor="pemasang")
    assert err.value.key == "store.account_exists"
    for call in (lambda: store.set_password("siapa", PASSWORD, actor="x"),
                 lambda: store.set_account_active("siapa", False, actor="x"),
                 lambda: store.set_account_roles("siapa", "tim", actor="x")):
        with pytest.raises(StoreError) as err:
            call()
        assert err.value.key == "store.account_missing" and "siapa" in str(err.value)
    assert [a["username"] for a in store.accounts_list()] == ["budi"]


# --- kinerja-survey akun -------------------------------------------------------------------------
def _cli(db, *args, input=None, petugas="budi"):
    from click.testing import CliRunner

    from kinerja_survey.cli import main

    pre = ["--db", db] + (["--petugas", petugas] if petugas else [])
    return CliRunner().invoke(main, [*pre, *args], input=input, catch_exceptions=False)


def test_cli_akun_creates_lists_disables_and_resets_with_the_password_never_an_argument(tmp_path):
    import getpass

    from kinerja_survey.store import Store

    db = str(tmp_path / "akun.sqlite")
    missing = _cli(db, "akun", "buat", "Rina.Op", "--peran", "operator", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert missing.exit_code == 1 and "siapkan" in missing.output  # no database is made by 'akun'
    assert _cli(db, "siapkan").exit_code == 0
    made = _cli(db, "akun", "buat", "Rina.Op", "--peran", "operator", "--peran", "pimpinan",
                "--nama-tampilan", "Rina Wulandari", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    assert "Akun rina.op dibuat (peran: operator, pimpinan)." in made.output and PASSWORD not in made.output
    # typed twice, differently: refused, nothing written
    differ = _cli(db, "akun", "buat", "sari", "--peran", "tim", input=f"{PASSWORD}\nlain-sekali-0123\n")
    assert differ.exit_code == 1 and "Kedua kata sandi tidak sama" in differ.output
    # from stdin (a script), one line
    piped = _cli(db, "akun", "buat", "sari", "--peran", "tim", "--sandi-stdin", input="sandi-dari-skrip-99\n")
    assert piped.exit_code == 0, piped.output
    weak = _cli(db, "akun", "buat", "tono", "--peran", "analis", "--sandi-stdin", input="pendek\n")
    assert weak.exit_code == 1 and "terlalu lemah" in weak.output and "Traceback" not in weak.output
    bad_role = _cli(db, "akun", "buat", "tono", "--peran", "admin", "--sandi-stdin", input=f"{PASSWORD}\n")
    assert bad_role.exit_code == 2 and "operator, tim, pimpinan, analis" in bad_role.output
    listing = _cli(db, "akun", "daftar")
    assert listing.exit_code == 0 and "rina.op" in listing.output and "Rina Wulandari" in listing.output
    assert "operator, pimpinan" in listing.output and "sari" in listing.output and "tono" not in listing.output
    assert "$argon2" not in listing.output
    # the password is never an option: click refuses any such argument
    assert _cli(db, "akun", "buat", "x.y.z", "--peran", "tim", "--sandi", PASSWORD).exit_code == 2
    # disable (previewed, confirmed), then the account cannot log in; reset and enable
    no = _cli(db, "akun", "nonaktifkan", "sari", input="n\n")
    assert no.exit_code == 1 and "akan dinonaktifkan" in no.output
    assert _cli(db, "akun", "nonaktifkan", "sari", "--ya").exit_code == 0
    store = Store(db, create=False)
    try:
        assert store.verify_account("sari", "sandi-dari-skrip-99") is None
        assert _cli(db, "akun", "sandi", "sari", input="sandi-baru-panjang-1\nsandi-baru-panjang-1\n").exit_code == 0
        assert _cli(db, "akun", "aktifkan", "sari").exit_code == 0
        assert store.verify_account("sari", "sandi-baru-panjang-1")["username"] == "sari"
        kept = _cli(db, "akun", "peran", "sari", "--peran", "analis", input="n\n")  # the preview, then "no"
        assert kept.exit_code == 1 and "tim menjadi analis" in kept.output and store.account("sari")["roles"] == ("tim",)
        assert _cli(db, "akun", "peran", "sari", "--peran", "analis", "--ya").exit_code == 0
        assert store.account("sari")["roles"] == ("analis",)
        missing = _cli(db, "akun", "sandi", "siapa", input=f"{PASSWORD}\n{PASSWORD}\n")
        assert missing.exit_code == 1 and "Akun 'siapa' tidak ada" in missing.output
        audit = store.audit_frame()
        os_user = getpass.getuser()
        assert audit["action"].tolist() == ["account_created", "account_created", "account_disabled",
                                            "account_password_set", "account_enabled", "account_roles_set"]
        # the OS login that ran the command is always recorded, --petugas in front of it
        assert set(audit["actor"]) == {f"budi (os: {os_user})" if os_user != "budi" else "budi"}
        assert PASSWORD not in audit.to_json() and "sandi-baru-panjang-1" not in audit.to_json()
    finally:
        store.dispose()
    english = _cli(db, "--bahasa", "en", "akun", "daftar")
    assert english.exit_code == 0 and "Display name" in english.output


def test_cli_actor_records_the_os_login_beside_the_name_given():
    from kinerja_survey.cycle.accounts import cli_actor

    assert cli_actor(None, "kinerja") == "kinerja"
    assert cli_actor("kinerja", "kinerja") == "kinerja"
    assert cli_actor("Budi Santoso", "kinerja") == "Budi Santoso (os: kinerja)"
    long = cli_actor("x" * 200, "kinerja")
    assert len(long) == 100 and long.endswith(" (os: kinerja)")


def test_login_answers_by_role_and_the_secret_makes_only_the_first_account(store):
    from kinerja_survey.cycle import accounts as ua

    first = ua.create_first_account(store, "operator.satu", PASSWORD, actor="rahasia admin (pemasangan)")
    assert first["roles"] == ("operator",)
    with pytest.raises(StoreError) as err:
        ua.create_first_account(store, "operator.dua", PASSWORD, actor="rahasia admin (pemasangan)")
    assert err.value.key == "store.account_not_first" and store.account("operator.dua") is None
    assert ua.login(store, "operator.satu", PASSWORD, "admin")["username"] == "operator.satu"
    assert ua.login(store, "operator.satu", "salah-sekali-0000", "admin") is None
    with pytest.raises(ua.AccountError) as err:
        ua.login(store, "operator.satu", PASSWORD, "results")
    assert err.value.key == "account.wrong_role" and "tidak berhak" in str(err.value)
    store.create_account("pim", PASSWORD, roles="pimpinan", actor="operator.satu")
    store.create_account("ana", PASSWORD, roles="analis", actor="operator.satu")
    store.create_account("tpk", PASSWORD, roles="tim", actor="operator.satu")
    opens = {name: [app for app in ("admin", "calibration", "results") if ua.may_open(store.account(name), app)]
             for name in ("operator.satu", "pim", "ana", "tpk")}
    assert opens == {"operator.satu": ["admin"], "pim": ["results"], "ana": ["results"], "tpk": ["calibration"]}
    store.set_account_active("pim", False, actor="operator.satu")
    assert not ua.may_open(store.account("pim"), "results") and ua.login(store, "pim", PASSWORD, "results") is None


def test_the_apps_record_the_logged_in_account_whatever_the_field_holds(store, small_roster, monkeypatch):
    """Served, the admin app and the calibration view get the account (``apps.accounts``): shown
    read only, and a value pushed into the field from the browser does not change the actor."""
    from kinerja_survey import cycle as uc
    from kinerja_survey.apps.accounts import ACCOUNT_ENV, logged_in_account
    from kinerja_survey.apps.admin import AdminApp

    monkeypatch.delenv(ACCOUNT_ENV, raising=False)
    assert logged_in_account() == ""
    monkeypatch.setenv(ACCOUNT_ENV, "rina.op")
    assert logged_in_account() == "rina.op"
    uc.import_roster(store, small_roster, actor="setup")
    app = AdminApp(store, account="rina.op", actor="Orang Lain")
    assert app.actor_input.value == "rina.op" and app.actor_input.disabled
    app.actor_input.value = "Orang Lain"  # a widget-state update from the page
    app.cycle_name.value = "Penilaian Perilaku 2026"
    app.period_start.value, app.period_end.value = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert app.create_cycle(confirm=True) is not None
    assert store.audit_frame().query("action == 'create_cycle'")["actor"].tolist() == ["rina.op"]
    typed = AdminApp(store, actor="Dewi Lestari")  # no login (a notebook, a test): the typed name
    assert not typed.actor_input.disabled and typed.actor == "Dewi Lestari"
