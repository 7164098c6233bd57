"""The store behind the rater app (issue 10): "cannot assess" answers, declined forms, versioned
saves (a stale tab never overwrites newer answers), the cycle's deadline and HR contact, and the
migration to schema version 3 -- on SQLite and PostgreSQL (``store`` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from kinerja_survey.analysis import group_means, score_cycle
from kinerja_survey.collect.instrument import InstrumentError, berakhlak, from_dict
from kinerja_survey.demo import open_demo_cycle
from kinerja_survey.store import (
    MIGRATIONS,
    NOT_APPLICABLE,
    SCHEMA_VERSION,
    IncompleteResponse,
    ResponseLocked,
    StaleResponse,
    Store,
    StoreError,
)


def form_of(store, demo, relationship: str) -> tuple[str, int]:
    """(token, assignment_id) of the first form with ``relationship``."""
    asg = store.assignments_frame(demo.cycle_id)
    row = asg[asg["relationship"] == relationship].iloc[0]
    token = dict(zip(demo.links["nip"], demo.links["token"]))[row["rater"]]
    return token, int(row["assignment_id"])


@pytest.fixture
def demo(store):
    return open_demo_cycle(store, 30, seed=3)


def test_not_applicable_is_an_answer_but_never_a_rating(store, demo):
    token, aid = form_of(store, demo, "peer")
    items = demo.item_codes
    answers = {code: 4 for code in items}
    answers[items[0]] = NOT_APPLICABLE
    answers[items[4]] = NOT_APPLICABLE
    store.save_response(token, aid, answers, submit=True)  # "cannot assess" completes an item
    session = store.open_link(token)
    saved = store.load_response(session, aid)
    assert saved["status"] == "submitted"
    assert saved["answers"][items[0]] == NOT_APPLICABLE and saved["answers"][items[1]] == 4
    with store.engine.connect() as conn:  # stored explicitly: NULL value + flag
        rows = conn.execute(sa.text("select value, not_applicable from answers a join responses r "
                                    "on r.id = a.response_id where r.assignment_id = :a"), {"a": aid}).all()
    assert sorted((v is None, bool(na)) for v, na in rows).count((True, True)) == 2
    assert all((v is None) == bool(na) for v, na in rows)
    frame = store.ratings_frame(demo.cycle_id)
    asg = store.assignments_frame(demo.cycle_id).set_index("assignment_id")
    mine = frame[(frame["rater"] == asg.at[aid, "rater"]) & (frame["ratee"] == asg.at[aid, "ratee"])]
    assert len(mine) == len(items) - 2 and items[0] not in set(mine["item"])
    assert mine["rating"].notna().all() and (mine["rating"] == 4).all()
    # the scores see 19 ratings of 4 from this rater, nothing from the two "cannot assess"
    means = group_means(frame)
    cell = means[(means["ratee"] == asg.at[aid, "ratee"]) & (means["relationship"] == "peer")
                 & (means["competency"].astype(str) == "overall")]
    assert cell["n_answers"].iloc[0] == len(items) - 2 and cell["mean"].iloc[0] == 4.0
    assert asg.at[aid, "ratee"] in score_cycle(frame).index
    # counted per rater and per ratee
    by_rater = store.not_applicable_counts(demo.cycle_id, by="rater").set_index("nip")
    assert by_rater.at[asg.at[aid, "rater"], "not_applicable"] == 2
    assert by_rater.at[asg.at[aid, "rater"], "rated"] == len(items) - 2
    by_ratee = store.not_applicable_counts(demo.cycle_id, by="ratee").set_index("nip")
    assert by_ratee.at[asg.at[aid, "ratee"], "not_applicable"] == 2
    with pytest.raises(ValueError):
        store.not_applicable_counts(demo.cycle_id, by="unit")


def test_not_applicable_is_refused_where_the_instrument_does_not_allow_it(store, demo):
    token, aid = form_of(store, demo, "self")
    with pytest.raises(StoreError, match="Tidak dapat menilai"):
        store.save_response(token, aid, {demo.item_codes[0]: NOT_APPLICABLE})
    token, aid = form_of(store, demo, "supervisor")
    with pytest.raises(StoreError, match=demo.item_codes[2]):
        store.save_response(token, aid, {demo.item_codes[2]: NOT_APPLICABLE})
    token, aid = form_of(store, demo, "subordinate")
    store.save_response(token, aid, {demo.item_codes[2]: NOT_APPLICABLE})


def test_instrument_setting_for_not_applicable_round_trips():
    inst = berakhlak()
    assert inst.not_applicable_for == ("peer", "subordinate") and not inst.allows_not_applicable("self")
    data = inst.to_dict()
    data["not_applicable"] = ["supervisor"]
    assert from_dict(data).not_applicable_for == ("supervisor",)
    data["not_applicable"] = []
    assert from_dict(data).not_applicable_for == ()
    data["not_applicable"] = ["rekan"]
    with pytest.raises(InstrumentError, match="not_applicable"):
        from_dict(data)


def test_custom_not_applicable_setting_is_stored_with_the_cycle(store):
    data = berakhlak().to_dict()
    data["not_applicable"] = ["self", "peer"]
    cid = store.create_cycle("Uji", "2026-01-01", "2026-06-30", from_dict(data), actor="penguji")
    assert store.instrument(cid).not_applicable_for == ("self", "peer")


def test_decline_is_stored_listed_for_hr_and_never_scored(store, demo):
    token, aid = form_of(store, demo, "peer")
    store.save_response(token, aid, {demo.item_codes[0]: 2}, {"BER": "draf"})
    with pytest.raises(StoreError, match="alasan"):
        store.decline_response(token, aid, "  ")
    out = store.decline_response(token, aid, "Tidak cukup mengenal <b>dia</b>")
    assert out["status"] == "declined"
    state = store.load_response(store.open_link(token), aid)
    assert state["status"] == "declined" and state["answers"] == {} and state["comments"] == {}
    assert state["declined_reason"] == "Tidak cukup mengenal <b>dia</b>"
    with pytest.raises(ResponseLocked):
        store.save_response(token, aid, {demo.item_codes[0]: 3})
    with pytest.raises(ResponseLocked):
        store.save_response(token, aid, {c: 3 for c in demo.item_codes}, submit=True)
    asg = store.assignments_frame(demo.cycle_id).set_index("assignment_id")
    assert asg.at[aid, "status"] == "declined"
    declines = store.declines_frame(demo.cycle_id)
    assert list(declines["reason"]) == ["Tidak cukup mengenal <b>dia</b>"]
    assert declines["rater"].iloc[0] == asg.at[aid, "rater"] and declines["ratee"].iloc[0] == asg.at[aid, "ratee"]
    assert declines["rater_nama"].iloc[0] and declines["relationship"].iloc[0] == "peer"
    frame = store.ratings_frame(demo.cycle_id, include_drafts=True)
    assert frame[(frame["rater"] == asg.at[aid, "rater"]) & (frame["ratee"] == asg.at[aid, "ratee"])].empty
    # a declined form is not a pending one for reminders
    rater_tasks = store.rater_tasks(store.open_link(token)).set_index("assignment_id")
    assert rater_tasks.at[aid, "status"] == "declined"
    token_self, aid_self = form_of(store, demo, "self")
    with pytest.raises(StoreError, match="diri"):
        store.decline_response(token_self, aid_self, "tidak mau menilai diri")


def test_a_stale_copy_never_overwrites_newer_answers(store, demo):
    token, aid = form_of(store, demo, "peer")
    items = demo.item_codes
    session = store.open_link(token)
    assert store.load_response(session, aid)["version"] == 0
    tab_a = store.load_response(session, aid)["version"]
    tab_b = tab_a
    answers = {code: 5 for code in items}
    tab_b = store.save_response(token, aid, answers, {"BER": "komentar"}, version=tab_b)["version"]
    assert tab_b == 1
    # the older tab clicks one answer: refused, nothing written, the newer answers stay
    with pytest.raises(StaleResponse) as err:
        store.save_response(token, aid, {items[0]: 1}, version=tab_a)
    assert "BELUM tersimpan" in str(err.value) and err.value.stored_version == 1
    saved = store.load_response(session, aid)
    assert saved["answers"] == answers and saved["comments"] == {"BER": "komentar"} and saved["version"] == 1
    # reloading gives the current version, and saving from it works
    assert store.save_response(token, aid, {**answers, items[0]: 1}, version=saved["version"])["version"] == 2
    # a submit elsewhere: the stale tab is told it is locked, with the time it was submitted
    store.save_response(token, aid, {**answers, items[0]: 1}, submit=True, version=2)
    with pytest.raises(ResponseLocked):
        store.save_response(token, aid, answers, version=2)
    assert isinstance(store.load_response(session, aid)["submitted_at"], dt.datetime)
    with pytest.raises(StaleResponse):
        store.decline_response(*form_of(store, demo, "subordinate"), "tidak kenal", version=5)


def test_saves_without_a_version_still_count_versions(store, demo):
    token, aid = form_of(store, demo, "supervisor")
    assert store.save_response(token, aid, {demo.item_codes[0]: 3})["version"] == 1
    assert store.save_response(token, aid, {demo.item_codes[0]: 4})["version"] == 2
    with pytest.raises(IncompleteResponse):
        store.save_response(token, aid, {demo.item_codes[0]: 4}, submit=True, version=2)
    assert store.load_response(store.open_link(token), aid)["version"] == 2  # refused submit wrote nothing


def test_deadline_and_hr_contact(store):
    cid = store.create_cycle("Uji", "2026-01-01", "2026-06-30", hr_contact="  Bagian Kepegawaian, ext. 123 ", actor="penguji")
    assert store.cycle(cid)["hr_contact"] == "Bagian Kepegawaian, ext. 123"
    assert store.deadline_text(cid).startswith("30-06-2026 pukul 23.59")
    store.set_hr_contact(cid, "", actor="penguji")
    assert store.cycle(cid)["hr_contact"] is None
    with pytest.raises(StoreError, match="terlalu panjang"):
        store.set_hr_contact(cid, "x" * 501, actor="penguji")


def test_migration_to_version_3_keeps_answers_and_adds_the_new_columns(store_url):
    """A version-2 database with answers is migrated: answers survive as ratings, new columns exist."""
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        from kinerja_survey.store import schema_version
        schema_version.create(conn)
        for v in (1, 2):
            MIGRATIONS[v](conn)
            conn.execute(schema_version.insert().values(version=v, applied_at=dt.datetime(2026, 1, 1)))
    engine.dispose()
    # fill the version-2 database through raw SQL in its old layout
    old = sa.create_engine(store_url)
    with old.begin() as conn:
        conn.execute(sa.text("insert into units (id, path, name) values (1, 'U', 'U')"))
        conn.execute(sa.text("insert into employees (id, nip, name, jabatan, unit_id, active) values "
                             "(1, '198001012006041001', 'A', 'J', 1, :t), (2, '198001012006041002', 'B', 'J', 1, :t)"),
                     {"t": True})
        conn.execute(sa.text("insert into instruments (id, code, name_json, scale_low, scale_high, labels_json, "
                             "require_overall_comment) values (1, 'X', '{\"id\": \"X\"}', 1, 5, '{}', :f)"), {"f": False})
        conn.execute(sa.text("insert into competencies (id, instrument_id, code, name_json, position) "
                             "values (1, 1, 'C', '{\"id\": \"C\"}', 0)"))
        conn.execute(sa.text("insert into items (id, instrument_id, competency_id, code, text_json, position) "
                             "values (1, 1, 1, 'C1', '{\"id\": \"t\"}', 0)"))
        conn.execute(sa.text("insert into cycles (id, name, period_start, period_end, status, instrument_id, "
                             "created_at) values (1, 'P', '2026-01-01', '2026-06-30', 'open', 1, '2026-01-01')"))
        conn.execute(sa.text("insert into assignments (id, cycle_id, rater_id, ratee_id, relationship) "
                             "values (1, 1, 1, 2, 'peer')"))
        conn.execute(sa.text("insert into responses (id, assignment_id, status, overall_comment, updated_at, "
                             "submitted_at) values (1, 1, 'submitted', '', '2026-01-02', '2026-01-02')"))
        conn.execute(sa.text("insert into answers (response_id, item_id, value) values (1, 1, 4)"))
    old.dispose()
    s = Store(store_url)
    assert s.schema_version() == SCHEMA_VERSION  # every later step applied on top
    frame = s.ratings_frame(1)
    assert list(frame["rating"]) == [4.0]
    assert s.instrument(1).not_applicable_for == ("peer", "subordinate")  # NULL setting: the default
    assert s.cycle(1)["hr_contact"] is None
    with s.engine.connect() as conn:
        assert conn.execute(sa.text("select version, declined_reason from responses")).one() == (0, None)
    with pytest.raises(sa.exc.IntegrityError), s.engine.begin() as conn:  # exactly one of value / not_applicable
        conn.execute(sa.text("update answers set not_applicable = :t"), {"t": True})
    s.dispose()


def test_cli_sets_the_hr_contact_and_lists_declines(tmp_path):
    from click.testing import CliRunner

    from kinerja_survey.cli import main

    db = tmp_path / "k.sqlite"
    store = Store(db)
    demo = open_demo_cycle(store, 20, seed=4)
    token, aid = form_of(store, demo, "peer")
    store.decline_response(token, aid, "Tidak cukup mengenal")
    runner = CliRunner()
    out = runner.invoke(main, ["--db", str(db), "penolakan", str(demo.cycle_id)])
    assert out.exit_code == 0, out.output
    assert "1 formulir ditolak" in out.output and "Tidak cukup mengenal" in out.output
    out = runner.invoke(main, ["--db", str(db), "buat-periode", "Baru", "--mulai", "2026-01-01", "--selesai",
                               "2026-03-31", "--kontak", "Bagian Kepegawaian, ext. 123"])
    assert out.exit_code == 0, out.output
    assert store.cycles_frame()["hr_contact"].iloc[-1] == "Bagian Kepegawaian, ext. 123"
    store.dispose()
