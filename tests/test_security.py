"""Access control and privacy: link tokens, per-rater isolation, anonymity, audit, logs.

What ``docs/security.md`` promises, each shown here (SQLite and PostgreSQL where a store is used).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import secrets
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_survey import store as store_module
from kinerja_survey.analysis.scoring import ScoringConfig, combined_scores, score_cycle
from kinerja_survey.collect.assignment import generate_assignments
from kinerja_survey.collect.instrument import berakhlak
from kinerja_survey.collect.roster import load_roster
from kinerja_survey.demo import generate_organisation, open_demo_cycle
from kinerja_survey.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    AccessDenied,
    Store,
    StoreError,
    hash_token,
    metadata,
    new_token,
    schema_version,
)

ROSTER = generate_organisation(30, seed=17)
CODES = [i.code for i in berakhlak().items]
FULL = {c: 4 for c in CODES}


@pytest.fixture
def cycle(store):
    demo = open_demo_cycle(store, len(ROSTER), seed=17, name="Keamanan", actor="admin")  # the same roster as ROSTER
    return demo.cycle_id, demo.links


def _dump_all(store) -> str:
    """Every row of every table, as text (what a copied database would disclose)."""
    out = []
    with store.engine.connect() as conn:
        for t in metadata.sorted_tables:
            out += [repr(tuple(r)) for r in conn.execute(sa.select(t))]
    return "\n".join(out)


# -- tokens -----------------------------------------------------------------------------------------
def test_tokens_come_from_secrets_with_at_least_128_bits(store, monkeypatch):
    calls = []
    real = secrets.token_urlsafe

    def spy(nbytes=None):
        calls.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(secrets, "token_urlsafe", spy)
    store.import_roster(load_roster(ROSTER), actor="penguji")
    cid = store.create_cycle("T", "2026-01-01", "2026-12-31", actor="penguji")
    links = store.add_assignments(cid, generate_assignments(ROSTER, seed=17).assignments, actor="penguji")
    assert len(calls) == len(links) and min(calls) * 8 >= 128  # one secrets call per link, >= 128 bits
    for token in links["token"]:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert links["token"].is_unique
    many = {new_token() for _ in range(5000)}
    assert len(many) == 5000


def test_plain_tokens_are_nowhere_in_the_database(store, cycle):
    cid, links = cycle
    token = store.reissue_link(cid, links["nip"].iloc[0], actor="penguji")
    tokens = list(links["token"]) + [token]
    dump = _dump_all(store)
    assert hash_token(tokens[0]) in dump  # the scan sees the stored hashes ...
    assert not any(t in dump for t in tokens)  # ... and never a plain token
    if store.url.startswith("sqlite"):  # also the raw bytes of the file and its WAL
        path = sa.engine.make_url(store.url).database
        data = b"".join(Path(p).read_bytes() for p in (path, path + "-wal") if Path(p).exists())
        assert hash_token(tokens[0]).encode() in data
        assert not any(t.encode() in data for t in tokens)


def test_links_are_revocable_and_reissuable(store, cycle):
    cid, links = cycle
    nip, old = links["nip"].iloc[0], links["token"].iloc[0]
    session = store.open_link(old)
    aid = int(store.rater_tasks(session)["assignment_id"].iloc[0])
    store.save_response(old, aid, {CODES[0]: 5})
    store.revoke_link(cid, nip, actor="admin-bkpsdm")
    for call in (lambda: store.open_link(old), lambda: store.save_response(old, aid, FULL, submit=True)):
        with pytest.raises(AccessDenied) as err:
            call()
        assert err.value.reason == "revoked" and "tidak berlaku" in str(err.value)
    new = store.reissue_link(cid, nip, actor="admin-bkpsdm")
    assert new != old and store.open_link(new).rater_id == session.rater_id
    assert store.load_response(store.open_link(new), aid)["answers"] == {CODES[0]: 5}  # the draft stays
    store.save_response(new, aid, FULL, submit=True)
    newest = store.reissue_link(cid, nip, actor="penguji")
    with pytest.raises(AccessDenied):  # reissuing revokes the previous link too
        store.open_link(new)
    assert store.open_link(newest).rater_id == session.rater_id
    actions = store.audit_frame()
    assert {"revoke_link", "reissue_link"} <= set(actions["action"])


# -- a rater sees only their own ------------------------------------------------------------------
def test_a_rater_cannot_read_or_write_anyone_elses_assignment(store, cycle):
    cid, links = cycle
    token = links["token"].iloc[0]
    session = store.open_link(token)
    mine = set(store.rater_tasks(session)["assignment_id"])
    every = set(store.assignments_frame(cid)["assignment_id"])
    others = sorted(every - mine)
    assert others and mine
    # a second cycle where the same rater has assignments: not reachable with this cycle's link
    cid2 = store.create_cycle("Lain", "2027-01-01", "2027-12-31", actor="penguji")
    store.add_assignments(cid2, generate_assignments(ROSTER, seed=18).assignments, actor="penguji")
    store.open_cycle(cid2, actor="penguji")
    other_cycle = set(store.assignments_frame(cid2)["assignment_id"])
    guesses = others + sorted(other_cycle) + [0, -1, max(every | other_cycle) + 1, 2**31 - 1]
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(store_module.responses)).scalar()
    for aid in guesses:
        for call in (lambda aid=aid: store.load_response(session, aid),
                     lambda aid=aid: store.save_response(token, aid, FULL, submit=True)):
            with pytest.raises(StoreError) as err:
                call()
            # same answer whether the form exists (someone else's) or not: no oracle
            assert str(err.value) == "Penugasan tidak ditemukan."
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(store_module.responses)).scalar()
    assert after == before
    tasks = store.rater_tasks(session)
    assert set(tasks.columns) == {"assignment_id", "ratee_name", "ratee_jabatan", "relationship", "status"}
    # the rater's view holds no NIP of anyone
    assert not tasks.astype(str).apply(lambda col: col.str.contains(r"\d{18}")).any().any()


# -- anonymity --------------------------------------------------------------------------------------
def _frame(peer_ratings: np.ndarray, n_sub: int = 3) -> pd.DataFrame:
    items = [(i.competency, i.code) for i in berakhlak().items]
    rng = np.random.default_rng(5)
    raters = [("S", "supervisor", rng.integers(1, 6, len(items))), ("A", "self", rng.integers(1, 6, len(items)))]
    raters += [(f"B{k}", "subordinate", rng.integers(1, 6, len(items))) for k in range(n_sub)]
    raters += [(f"P{k}", "peer", r) for k, r in enumerate(peer_ratings)]
    rows = [("A", who, rel, c, i, float(v)) for who, rel, vals in raters for (c, i), v in zip(items, vals)]
    return pd.DataFrame(rows, columns=["ratee", "rater", "relationship", "competency", "item", "rating"])


def _shown(df: pd.DataFrame) -> list:
    """Everything both result views display (combined_scores per competency, score_cycle overall)."""
    a = combined_scores(df)
    b = score_cycle(df, hasil_kerja=pd.Series({"A": "Sesuai Ekspektasi"}))
    return [a.drop(columns=["ratee"]).astype(str).to_numpy().tolist(), b.astype(str).to_numpy().tolist()]


@settings(max_examples=30, deadline=None)
@given(peers=st.lists(st.lists(st.integers(1, 5), min_size=21, max_size=21), min_size=1, max_size=2))
def test_peers_under_the_threshold_change_no_displayed_number(peers):
    """Two peers (threshold 3): whatever they answered, every number of both views is the same
    as with all-1 answers -- so no difference of displayed figures (group vs others vs combined,
    competency vs overall, one view vs the other) can reveal them."""
    base = np.ones((len(peers), 21), dtype=int)
    assert _shown(_frame(np.array(peers))) == _shown(_frame(base))
    table = combined_scores(_frame(np.array(peers)))
    assert table["mean_peer"].isna().all() and (table["groups_suppressed"] == "peer").all()


def test_subordinates_at_the_threshold_are_shown_and_under_it_are_not():
    peers = np.full((3, 21), 4)
    shown = combined_scores(_frame(peers, n_sub=3))
    hidden = combined_scores(_frame(peers, n_sub=2))
    assert shown["mean_subordinate"].notna().all() and hidden["mean_subordinate"].isna().all()
    strict = combined_scores(_frame(peers, n_sub=3), ScoringConfig(thresholds={"subordinate": 4}))
    assert strict["mean_subordinate"].isna().all()


def test_monitoring_views_show_counts_not_answers(store, cycle):
    """While a cycle is open HR sees response rates and pending raters: counts only."""
    cid, links = cycle
    token = links["token"].iloc[0]
    aid = int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])
    store.save_response(token, aid, FULL, {"BER": "komentar rahasia"}, submit=True)
    rates, pending = store.response_rates(cid, by="ratee"), store.pending_raters(cid)
    for view in (rates, pending):
        text = view.to_csv()
        assert "komentar rahasia" not in text
        assert not any(c in view.columns for c in ("rating", "answers", "mean", "text"))


# -- audit log and logs -----------------------------------------------------------------------------
def test_predikat_override_is_validated_kept_as_history_and_audited(store, cycle):
    cid, _ = cycle
    nip = ROSTER["nip"].iloc[3]
    with pytest.raises(StoreError, match="Alasan"):
        store.override_predikat(cid, nip, "Baik", "", actor="admin-bkpsdm")
    with pytest.raises(StoreError, match="predikat"):
        store.override_predikat(cid, nip, "Luar Biasa", "Keputusan tim penilai kinerja", actor="admin-bkpsdm")
    with pytest.raises(StoreError, match="roster"):
        store.override_predikat(cid, "199901012020011999", "Baik", "Keputusan tim penilai", actor="admin-bkpsdm")
    with pytest.raises(StoreError, match="actor"):
        store.override_predikat(cid, nip, "Baik", "Keputusan tim penilai", actor=" ")
    first = store.override_predikat(cid, nip, "butuh perbaikan", "Rapat tim penilai kinerja 3 Feb", actor="admin-a")
    second = store.override_predikat(cid, nip, "Baik", "Keberatan pegawai diterima", actor="admin-b")
    assert second > first
    now = store.predikat_overrides(cid)
    assert now.to_dict("records")[0] | {"at": None} == {"nip": nip, "predikat": "Baik", "reason":
                                                        "Keberatan pegawai diterima", "actor": "admin-b", "at": None}
    hist = store.predikat_overrides(cid, history=True)
    assert list(hist["predikat"]) == ["Butuh Perbaikan", "Baik"]
    audit = store.audit_frame().query("action == 'override_predikat'")
    assert list(audit["actor"]) == ["admin-a", "admin-b"]
    details = [json.loads(d) for d in audit["detail_json"]]
    assert [d["override_id"] for d in details] == [first, second]
    assert all(nip not in d and "Keberatan" not in d for d in audit["detail_json"])


def test_every_admin_action_is_in_the_audit_log_with_its_actor(store):
    store.import_roster(load_roster(ROSTER), actor="admin-1")
    cid = store.create_cycle("Audit", "2026-01-01", "2026-12-31", actor="admin-1")
    links = store.add_assignments(cid, generate_assignments(ROSTER, seed=17).assignments, actor="admin-2")
    store.open_cycle(cid, actor="admin-2")
    nip = links["nip"].iloc[0]
    store.reissue_link(cid, nip, actor="admin-3")
    store.revoke_link(cid, nip, actor="admin-3")
    store.set_hasil_kerja(cid, pd.DataFrame({"nip": [nip], "rating": ["Sesuai"]}), actor="admin-4")
    store.override_predikat(cid, nip, "Baik", "Putusan tim penilai kinerja", actor="admin-4")
    store.close_cycle(cid, actor="admin-5")
    log = store.audit_frame()
    assert list(zip(log["action"], log["actor"])) == [
        ("import_roster", "admin-1"), ("create_cycle", "admin-1"), ("add_assignments", "admin-2"),
        ("cycle_open", "admin-2"), ("reissue_link", "admin-3"), ("revoke_link", "admin-3"),
        ("set_hasil_kerja", "admin-4"), ("override_predikat", "admin-4"), ("cycle_closed", "admin-5")]
    assert log["at"].notna().all()


def test_no_nip_name_or_token_in_the_audit_log_or_in_logging(store, caplog):
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # the SQL log, as if an admin turned it on
    caplog.set_level(logging.DEBUG, logger="kinerja_survey")
    store.import_roster(load_roster(ROSTER), actor="penguji")
    cid = store.create_cycle("Log", "2026-01-01", "2026-12-31", actor="penguji")
    links = store.add_assignments(cid, generate_assignments(ROSTER, seed=17).assignments, actor="penguji")
    store.open_cycle(cid, actor="penguji")
    nip = links["nip"].iloc[0]
    token = store.reissue_link(cid, nip, actor="penguji")
    session = store.open_link(token)
    aid = int(store.rater_tasks(session)["assignment_id"].iloc[0])
    store.save_response(token, aid, FULL, {"BER": "Komentar untuk rekan"}, submit=True)
    with pytest.raises(StoreError):
        store.save_response(token, aid + 10**6, FULL)
    store.set_hasil_kerja(cid, pd.DataFrame({"nip": ROSTER["nip"], "rating": "Sesuai"}), actor="penguji")
    store.override_predikat(cid, nip, "Baik", "Putusan tim penilai kinerja", actor="admin")
    store.revoke_link(cid, nip, actor="penguji")
    store.close_cycle(cid, actor="penguji")
    store.ratings_frame(cid)
    assert "INSERT INTO employees" in caplog.text  # the SQL log really was captured ...
    secrets_ = list(ROSTER["nip"]) + list(ROSTER["nama"]) + list(links["token"]) + [token, "Komentar untuk rekan"]
    leaked = [s for s in secrets_ if s in caplog.text]
    assert leaked == []  # ... and holds no NIP, name, token or answer text
    audit_text = store.audit_frame().to_csv()
    assert [s for s in secrets_ if s in audit_text] == []


# -- schema migration -------------------------------------------------------------------------------
def test_a_version_1_database_is_upgraded_in_place(store_url):
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:  # a database written by the version-1 program
        schema_version.create(conn)
        MIGRATIONS[1](conn)
        conn.execute(schema_version.insert().values(version=1, applied_at=pd.Timestamp("2026-01-01")))
    assert not sa.inspect(engine).has_table("predikat_overrides")
    engine.dispose()
    s = Store(store_url)
    assert s.schema_version() == SCHEMA_VERSION == 11  # 2 overrides, 3 rater app, 4 HR, 5 closing, 6-9 periods,
    # 10 export log, 11 accounts
    assert {"org_predikat", "publications", "keberatan", "cycle_members", "stakeholders", "dev_dialogs",
            "feedback_notes", "export_log", "accounts"} <= set(sa.inspect(s.engine).get_table_names())
    s.import_roster(load_roster(ROSTER), actor="penguji")
    cid = s.create_cycle("Setelah migrasi", "2026-01-01", "2026-12-31", actor="penguji")
    s.override_predikat(cid, ROSTER["nip"].iloc[0], "Baik", "Uji migrasi versi dua", actor="admin")
    assert len(s.predikat_overrides(cid)) == 1
    s.dispose()
