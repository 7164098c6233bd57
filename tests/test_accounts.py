"""Accounts of the private apps in the store (``store.accounts``), on SQLite and PostgreSQL:
argon2id hashes (never the password), verification, disabled accounts, roles, the audit log."""

from __future__ import annotations

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
