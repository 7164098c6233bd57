import pandas as pd
import pytest
import sqlalchemy as sa

from kinerja_survey.collect.assignment import generate_assignments
from kinerja_survey.collect.instrument import berakhlak, from_dict
from kinerja_survey.collect.roster import load_roster
from kinerja_survey.store import (
    SCHEMA_VERSION,
    AccessDenied,
    IncompleteResponse,
    ResponseLocked,
    Store,
    StoreError,
    answers,
    hash_token,
    rater_links,
    responses,
)

ALL = {i.code: 4 for i in berakhlak().items}


@pytest.fixture
def cycle(store, small_roster):
    store.import_roster(load_roster(small_roster), actor="penguji")
    plan = generate_assignments(small_roster, seed=3)
    cid = store.create_cycle("Penilaian 2026", "2026-01-01", "2026-12-31", actor="penguji")
    links = store.add_assignments(cid, plan.assignments, actor="penguji")
    store.open_cycle(cid, actor="penguji")
    return cid, links, plan


def _count(store, table):
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_schema_is_versioned_and_migrate_is_idempotent(store_url):
    s = Store(store_url)
    assert s.schema_version() == SCHEMA_VERSION
    assert Store(store_url).migrate() == SCHEMA_VERSION
    with s.engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from schema_version")).scalar() == SCHEMA_VERSION


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    s = Store(tmp_path / "x.sqlite")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="kinerja-survey siapkan"):
        Store(tmp_path / "none.sqlite", create=False)


def test_cycle_lifecycle(store):
    cid = store.create_cycle("Triwulan I", "2026-01-01", "2026-03-31", actor="penguji")
    assert store.cycle(cid)["status"] == "draft"
    store.open_cycle(cid, actor="penguji")
    store.close_cycle(cid, actor="penguji")
    with pytest.raises(StoreError, match="ditutup"):
        store.open_cycle(cid, actor="penguji")
    with pytest.raises(StoreError, match="sebelum awal"):
        store.create_cycle("x", "2026-02-01", "2026-01-01", actor="penguji")
    actions = store.audit_frame()["action"].tolist()
    assert actions == ["create_cycle", "cycle_open", "cycle_closed"]


def test_instrument_is_stored_with_the_cycle(store):
    cid = store.create_cycle("x", "2026-01-01", "2026-12-31", actor="penguji")
    assert store.instrument(cid) == berakhlak()


def test_links_are_stored_only_as_hashes(store, cycle):
    cid, links, plan = cycle
    assert set(links["nip"]) == set(plan.assignments["rater"])
    assert links["token"].str.len().min() >= 32
    with store.engine.connect() as conn:
        hashes = set(conn.execute(sa.select(rater_links.c.token_hash)).scalars())
    assert {hash_token(t) for t in links["token"]} == hashes
    assert not set(links["token"]) & hashes


def test_open_link_refuses_unknown_revoked_and_closed(store, cycle):
    cid, links, _ = cycle
    token = links["token"][0]
    assert store.open_link(token).rater_id
    with pytest.raises(AccessDenied) as exc:
        store.open_link("x" * 32)
    assert exc.value.reason == "unknown" and "tidak dikenal" in str(exc.value)
    for junk in ("", "short", "y" * 500, None):
        with pytest.raises(AccessDenied):
            store.open_link(junk)
    store.revoke_link(cid, links["nip"][0], actor="penguji")
    with pytest.raises(AccessDenied, match="tidak berlaku"):
        store.open_link(token)
    new = store.reissue_link(cid, links["nip"][0], actor="penguji")
    assert store.open_link(new).rater_id
    store.close_cycle(cid, actor="penguji")
    with pytest.raises(AccessDenied, match="ditutup"):
        store.open_link(new)


def test_rater_sees_only_their_own_tasks(store, cycle):
    cid, links, plan = cycle
    token, nip = links["token"][0], links["nip"][0]
    tasks = store.rater_tasks(store.open_link(token))
    assert len(tasks) == (plan.assignments["rater"] == nip).sum()
    assert tasks["relationship"].iloc[0] == "self"
    mine = set(tasks["assignment_id"])
    others = set(store.assignments_frame(cid)["assignment_id"]) - mine
    foreign = min(others)
    with pytest.raises(StoreError, match="tidak ditemukan"):
        store.save_response(token, foreign, ALL, submit=True)
    with pytest.raises(StoreError, match="tidak ditemukan"):
        store.load_response(store.open_link(token), foreign)


def test_draft_submit_idempotent_and_locked(store, cycle):
    cid, links, _ = cycle
    token = links["token"][0]
    aid = int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])
    half = dict(list(ALL.items())[:10])
    assert store.save_response(token, aid, half, {"BER": "  Ramah  "})["status"] == "draft"
    state = store.load_response(store.open_link(token), aid)
    assert state["status"] == "draft" and state["answers"] == half and state["comments"] == {"BER": "Ramah"}
    with pytest.raises(IncompleteResponse) as exc:
        store.save_response(token, aid, half, submit=True)
    assert exc.value.missing == [c for c in ALL if c not in half]
    assert store.load_response(store.open_link(token), aid)["status"] == "draft"
    first = store.save_response(token, aid, ALL, submit=True)
    again = store.save_response(token, aid, {**ALL, "BER1": 1}, submit=True)
    assert first["status"] == again["status"] == "submitted" and again["already"]
    assert store.load_response(store.open_link(token), aid)["answers"]["BER1"] == 4
    with pytest.raises(ResponseLocked):
        store.save_response(token, aid, ALL)
    assert _count(store, responses) == 1 and _count(store, answers) == 21


@pytest.mark.parametrize("value", [0, 6, 2.5, "4", True, float("inf")])
def test_bad_values_are_refused_and_nothing_is_written(store, cycle, value):
    cid, links, _ = cycle
    token = links["token"][0]
    aid = int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])
    with pytest.raises(StoreError, match="BER1"):
        store.save_response(token, aid, {**ALL, "BER1": value}, submit=True)
    assert _count(store, responses) == 0


def test_unknown_item_and_long_comment_are_refused(store, cycle):
    cid, links, _ = cycle
    token = links["token"][0]
    aid = int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])
    with pytest.raises(StoreError, match="XYZ1"):
        store.save_response(token, aid, {"XYZ1": 3})
    with pytest.raises(StoreError, match="terlalu panjang"):
        store.save_response(token, aid, ALL, {"BER": "x" * 5000})
    with pytest.raises(StoreError, match="Kompetensi 'NOPE'"):
        store.save_response(token, aid, ALL, {"NOPE": "x"})
    assert _count(store, responses) == 0


def test_required_overall_comment(store, small_roster):
    store.import_roster(load_roster(small_roster), actor="penguji")
    data = berakhlak().to_dict()
    data["require_overall_comment"] = True
    cid = store.create_cycle("x", "2026-01-01", "2026-12-31", from_dict(data), actor="penguji")
    nip = small_roster["nip"][5]
    links = store.add_assignments(cid, pd.DataFrame({"rater": [nip], "ratee": [nip], "relationship": ["self"]}), actor="penguji")
    store.open_cycle(cid, actor="penguji")
    token = links["token"][0]
    aid = int(store.rater_tasks(store.open_link(token))["assignment_id"][0])
    with pytest.raises(IncompleteResponse) as exc:
        store.save_response(token, aid, ALL, submit=True)
    assert exc.value.missing == ["overall_comment"]
    assert store.save_response(token, aid, ALL, overall_comment="Baik sekali", submit=True)["status"] == "submitted"


def test_closing_the_cycle_refuses_saves(store, cycle):
    cid, links, _ = cycle
    token = links["token"][0]
    aid = int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])
    store.close_cycle(cid, actor="penguji")
    with pytest.raises(AccessDenied, match="ditutup"):
        store.save_response(token, aid, ALL, submit=True)


def test_assignment_plan_is_validated_whole(store, small_roster):
    store.import_roster(load_roster(small_roster), actor="penguji")
    cid = store.create_cycle("x", "2026-01-01", "2026-12-31", actor="penguji")
    a, b = small_roster["nip"][:2]
    bad = pd.DataFrame({"rater": [a, a, "999"], "ratee": [a, b, b], "relationship": ["self", "peer", "peer"]})
    with pytest.raises(StoreError, match="baris 3"):
        store.add_assignments(cid, bad, actor="penguji")
    with pytest.raises(StoreError, match="baris 1: hubungan 'friend'"):
        store.add_assignments(cid, pd.DataFrame({"rater": [a], "ratee": [b], "relationship": ["friend"]}), actor="penguji")
    with pytest.raises(StoreError, match="penilaian diri"):
        store.add_assignments(cid, pd.DataFrame({"rater": [a], "ratee": [b], "relationship": ["self"]}), actor="penguji")
    assert store.assignments_frame(cid).empty


def test_views_for_analysis_and_monitoring(store, cycle):
    cid, links, plan = cycle
    token = links["token"][1]
    tasks = store.rater_tasks(store.open_link(token))
    for k, aid in enumerate(tasks["assignment_id"]):
        store.save_response(token, int(aid), ALL, {"KOM": f"komentar {k}"}, overall_comment="umum", submit=True)
    ratings = store.ratings_frame(cid)
    assert len(ratings) == 21 * len(tasks)
    assert list(ratings.columns) == ["ratee", "rater", "relationship", "competency", "item", "rating"]
    assert ratings["item"].iloc[:4].tolist() == ["BER1", "BER2", "BER3", "AKU1"]
    assert (ratings["rater"] == links["nip"][1]).all()
    comments = store.comments_frame(cid)
    assert len(comments) == 2 * len(tasks) and set(comments["competency"]) == {"KOM", ""}
    rates = store.response_rates(cid)
    assert rates["submitted"].sum() == len(tasks) and rates["invited"].sum() == len(plan.assignments)
    per_ratee = store.response_rates(cid, by="ratee")
    assert per_ratee["invited"].sum() == len(plan.assignments)
    pending = store.pending_raters(cid)
    assert links["nip"][1] not in set(pending["nip"]) and len(pending) == len(links) - 1


def test_migration_steps_build_exactly_the_current_schema(store):
    """The frozen per-step definitions (store.migrations) and schema.py must not drift apart."""
    from kinerja_survey.store import metadata

    insp = sa.inspect(store.engine)
    assert set(insp.get_table_names()) == {t.name for t in metadata.sorted_tables}
    for table in metadata.sorted_tables:
        assert {c["name"] for c in insp.get_columns(table.name)} == {c.name for c in table.columns}, table.name
        assert {i["name"] for i in insp.get_indexes(table.name)} >= {i.name for i in table.indexes}, table.name


def test_one_clock_for_every_part(store_url, small_roster):
    """``Store(url, clock=...)``: every moment the store records comes from the one clock (audit
    rows, cycles, links, answers, snapshots), and the deadline is judged by it."""
    import datetime as dt

    moment = {"now": dt.datetime(2026, 3, 1, 8, 0)}
    s = Store(store_url, clock=lambda: moment["now"])
    try:
        s.import_roster(load_roster(small_roster), actor="penguji")
        cid = s.create_cycle("P", "2026-01-01", "2026-06-30", actor="penguji")
        links = s.add_assignments(cid, generate_assignments(small_roster, seed=3).assignments, actor="penguji")
        s.open_cycle(cid, actor="penguji")
        s.snapshot_roster(cid, actor="penguji")
        token = links["token"].iloc[0]
        aid = int(s.rater_tasks(s.open_link(token))["assignment_id"].iloc[0])
        saved = s.save_response(token, aid, {"BER1": 4})
        assert saved["saved_at"] == moment["now"]
        assert s.cycle(cid)["created_at"] == moment["now"]
        assert set(s.audit_frame()["at"]) == {pd.Timestamp(moment["now"])}
        # the same form, the clock moved past the deadline (end of 30-06-2026 WIB): refused
        moment["now"] = dt.datetime(2026, 7, 1, 0, 0)
        with pytest.raises(StoreError, match="Batas waktu"):
            s.save_response(token, aid, {"BER1": 5})
        assert s.load_response(s.open_link(token), aid)["answers"] == {"BER1": 4}
    finally:
        s.dispose()


def test_one_reason_rule_and_the_person_always_named(store, cycle):
    """A reason has MIN_REASON_CHARS to MAX_REASON_CHARS characters everywhere (never cut); the
    actor is required (keyword-only) and never blank."""
    from kinerja_survey.store import MAX_REASON_CHARS, MIN_REASON_CHARS

    cid, links, plan = cycle
    nip = str(plan.assignments["ratee"].iloc[0])
    short, long = "x" * (MIN_REASON_CHARS - 1), "x" * (MAX_REASON_CHARS + 1)
    with pytest.raises(StoreError, match=f"minimal {MIN_REASON_CHARS} karakter"):
        store.set_deadline(cid, "2099-01-01", reason=short, actor="penguji")
    with pytest.raises(StoreError, match=f"maksimum {MAX_REASON_CHARS}"):  # refused, not cut to size
        store.set_deadline(cid, "2099-01-01", reason=long, actor="penguji")
    with pytest.raises(StoreError, match="Alasan perubahan predikat"):
        store.override_predikat(cid, nip, "Baik", short, actor="penguji")
    with pytest.raises(StoreError, match=f"maksimum {MAX_REASON_CHARS}"):
        store.override_predikat(cid, nip, "Baik", long, actor="penguji")
    store.override_predikat(cid, nip, "Baik", "x" * MAX_REASON_CHARS, actor="penguji")
    assert store.predikat_overrides(cid)["reason"].str.len().tolist() == [MAX_REASON_CHARS]
    with pytest.raises(TypeError):
        store.close_cycle(cid)  # noqa - the person acting is required
    with pytest.raises(TypeError):
        store.override_predikat(cid, nip, "Baik", "cukup panjang", "penguji")  # keyword-only
    for blank in ("", "   ", None, "\x00"):
        with pytest.raises(StoreError, match="actor"):
            store.close_cycle(cid, actor=blank)
    assert store.cycle(cid)["status"] == "open"


def test_import_roster_takes_the_parsed_frame_only(store, small_roster, tmp_path):
    """Parsing files is collect's job: the store refuses a path (or bytes) with a clear message
    and nothing is written."""
    path = tmp_path / "pegawai.csv"
    small_roster.to_csv(path, index=False)
    for source in (str(path), path, ("pegawai.csv", path.read_bytes())):
        with pytest.raises(StoreError, match="load_roster"):
            store.import_roster(source, actor="penguji")
    assert store.employees_frame().empty
    counts = store.import_roster(load_roster(path), actor="penguji")
    assert counts["added"] == len(small_roster)
