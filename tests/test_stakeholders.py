"""Stakeholder raters (pemangku kepentingan): the schema step on SQLite and PostgreSQL, their own
links, their answers under their own threshold and weight, existing results unchanged."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.scoring import ScoringConfig, displayable_ratings
from kinerja_survey.present.reports import feedback_report, render_html
from kinerja_survey.store import SCHEMA_VERSION, AccessDenied, ResponseLocked, Store, StoreError
from kinerja_survey.store.migrations import MIGRATIONS


def _answers(store, cid, value):
    return {i.code: value for i in store.instrument(cid).items}


@pytest.fixture
def open_cycle(store, small_roster):
    uc.import_roster(store, small_roster, actor="budi")
    cid = uc.create_cycle(store, "Penilaian 2026", "2026-01-01", "2026-12-31", actor="budi")
    uc.extend_deadline(store, cid, "2099-12-31", reason="uji: periode yang sudah lewat diisi", actor="budi")
    made = uc.assign(store, cid, seed=1, actor="budi")
    uc.open_cycle(store, cid, actor="budi")
    token = dict(zip(made.links["nip"], made.links["token"]))
    rng = np.random.default_rng(0)
    for row in store.assignments_frame(cid).itertuples(index=False):
        values = {i.code: int(rng.integers(2, 6)) for i in store.instrument(cid).items}
        store.save_response(token[row.rater], int(row.assignment_id), values, submit=True)
    return cid, token


def test_step7_upgrades_a_version_6_database_with_data(store_url, small_roster):
    """A database at version 6 holding assignments and answers migrates to 7: rows intact, the
    new relationship allowed, the one-of rater/stakeholder rule enforced by the database."""
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        from kinerja_survey.store.schema import schema_version
        schema_version.create(conn)
        for v in range(1, 7):
            MIGRATIONS[v](conn)
            conn.execute(schema_version.insert().values(version=v, applied_at=dt.datetime(2026, 1, 1)))
    engine.dispose()

    class V6(Store):  # the program as it was at version 6: no migration
        def migrate(self):
            return 6

    old = V6(store_url)
    uc.import_roster(old, small_roster, actor="budi")
    cid = old.create_cycle("Lama", "2025-01-01", "2025-12-31", actor="budi")
    nips = small_roster["nip"].tolist()
    with old.transaction() as conn:
        ids = dict(conn.execute(sa.text("select nip, id from employees")).all())
        conn.execute(sa.text("insert into assignments (cycle_id, rater_id, ratee_id, relationship) "
                             "values (:c, :a, :b, 'peer')"), {"c": cid, "a": ids[nips[1]], "b": ids[nips[2]]})
        aid = conn.execute(sa.text("select max(id) from assignments")).scalar()
        conn.execute(sa.text("insert into responses (assignment_id, status, overall_comment, updated_at) "
                             "values (:a, 'draft', '', :t)"), {"a": aid, "t": dt.datetime(2026, 1, 2)})
    old.dispose()

    new = Store(store_url)
    assert new.schema_version() == SCHEMA_VERSION
    a = new.assignments_frame(cid)
    assert len(a) == 1 and a["relationship"].iloc[0] == "peer" and a["status"].iloc[0] == "draft"
    with new.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    bad = [("rater with stakeholder kind", {"r": ids[nips[3]], "rel": "stakeholder", "s": None}),
           ("neither rater nor stakeholder", {"r": None, "rel": "peer", "s": None}),
           ("unknown kind", {"r": ids[nips[3]], "rel": "tamu", "s": None})]
    for what, values in bad:
        with pytest.raises(Exception), new.transaction() as conn:  # noqa: B017 - the database refuses
            conn.execute(sa.text("insert into assignments (cycle_id, rater_id, ratee_id, relationship, "
                                 "stakeholder_id) values (:c, :r, :b, :rel, :s)"),
                         {"c": cid, "b": ids[nips[2]], **values})
    # a foreign key still guards the old table: a response for a missing assignment is refused
    with pytest.raises(Exception), new.transaction() as conn:  # noqa: B017
        conn.execute(sa.text("insert into responses (assignment_id, status, overall_comment, updated_at) "
                             "values (999999, 'draft', '', :t)"), {"t": dt.datetime(2026, 1, 2)})
    made = new.add_stakeholder(cid, nips[2], "Ibu Rina (Dinas Sosial)", "rina@dinsos.example.go.id", actor="budi")
    assert made["stakeholder_id"] >= 1
    new.dispose()


def test_stakeholder_links_and_their_threshold(store, open_cycle):
    cid, rater_tokens = open_cycle
    before = uc.load_results(store, cid, provisional=True)
    ratee = before.scores.index[3]
    table = pd.DataFrame({"nip": [ratee] * 3, "nama": ["Pak Amir", "Bu Sari", "Pak Joko"],
                          "kontak": ["amir@warga.example.id", "+62 812 3456 7890", "joko@desa.example.id"],
                          "instansi": ["Warga", "Kelurahan", "Desa"]})
    links = uc.add_stakeholders(store, cid, table, actor="budi")
    assert len(links) == 3
    assert all(url.endswith("?token=" + tok) for url, tok in zip(links["tautan"], links["token"]))
    s = store.open_stakeholder_link(links["token"][0])
    assert s.cycle_id == cid and s.ratee_name == before.employees.loc[ratee, "nama"]
    # the stakeholder's link opens the rater app's session on exactly one form (about the ratee),
    # and a colleague's link is not a stakeholder's
    session = store.open_link(links["token"][0])
    assert session.rater_id is None and session.stakeholder_id == s.stakeholder_id
    tasks = store.rater_task_records(session)
    assert [(x["ratee_name"], x["relationship"]) for x in tasks] == [(s.ratee_name, "stakeholder")]
    colleague = store.assignments_frame(cid)["assignment_id"].iloc[0]
    with pytest.raises(StoreError):  # somebody else's form: as if it did not exist
        store.load_response(session, int(colleague))
    with pytest.raises(AccessDenied):
        store.open_stakeholder_link(next(iter(rater_tokens.values())))
    # their assignments do not show among the roster's raters
    assert "stakeholder" not in set(store.assignments_frame(cid)["relationship"])
    # two stakeholders answered: under the threshold of 3, no figure shown, combined unchanged
    for tok in links["token"][:2]:
        store.save_stakeholder_response(tok, _answers(store, cid, 1), submit=True)
    with pytest.raises(ResponseLocked):
        store.save_stakeholder_response(links["token"][0], _answers(store, cid, 2))
    two = uc.load_results(store, cid, provisional=True)
    assert two.scores.loc[ratee, "n_stakeholder"] == 2 and np.isnan(two.scores.loc[ratee, "mean_stakeholder"])
    assert "pemangku kepentingan disembunyikan" in two.scores.loc[ratee, "note"]
    pd.testing.assert_series_equal(two.scores["combined"], before.scores["combined"])
    pd.testing.assert_series_equal(two.scores["mean_others"], before.scores["mean_others"])
    # the one anonymity rule: the two hidden answers reach no person-level figure ...
    changed = two.ratings.copy()
    changed.loc[changed["relationship"] == "stakeholder", "rating"] = 5.0
    pd.testing.assert_frame_equal(displayable_ratings(two.ratings, two.config),
                                  displayable_ratings(changed, two.config))
    # ... and the employee's report says why the group is missing
    rep = feedback_report(two, ratee)
    assert "stakeholder" not in rep.groups_shown
    row = rep.responses.set_index("group").loc["stakeholder"]
    assert row["menjawab"] == 2 and not row["ditampilkan"] and "kurang dari 3" in row["keterangan"]
    # the third answer: shown, still outside the combined score (weight 0) ...
    store.save_stakeholder_response(links["token"][2], _answers(store, cid, 1), {"BER": "Ramah <b>sekali</b>."},
                                    submit=True)
    com = store.comments_frame(cid)
    mine = com[com["relationship"] == "stakeholder"]
    assert mine["rater"].str.startswith("pk-").all() and mine["text"].tolist() == ["Ramah <b>sekali</b>."]
    three = uc.load_results(store, cid, provisional=True)
    assert three.scores.loc[ratee, "mean_stakeholder"] == 1.0
    rep = feedback_report(three, ratee)
    assert "stakeholder" in rep.groups_shown and "Pemangku kepentingan" in render_html(rep)
    # comments identify more easily than numbers: one stakeholder's comment waits for the comment threshold
    assert "Ramah" not in render_html(rep)
    assert any("pemangku kepentingan" in n.lower() for n in rep.comment_notes)
    pd.testing.assert_series_equal(three.scores["combined"], before.scores["combined"])
    # every output of the cycle still works with the new group in the ratings
    tables = uc.analysis_tables(three)
    shown = tables["rerata_kelompok"].set_index(["ratee", "competency"]).loc[(ratee, "overall")]
    assert shown["mean_stakeholder"] == 1.0 and shown["n_stakeholder"] == 3
    assert "keadilan_fair_scores" in uc.fairness_tables(three)
    # ... until HR gives the group a weight: then it counts, for that ratee only
    cfg = ScoringConfig(weights={"supervisor": 0.5, "peer": 0.3, "subordinate": 0.2, "stakeholder": 0.25})
    weighted = uc.load_results(store, cid, cfg, provisional=True)
    assert weighted.scores.loc[ratee, "combined"] < before.scores.loc[ratee, "combined"]
    others = weighted.scores.index != ratee
    assert np.allclose(weighted.scores.loc[others, "combined"], before.scores.loc[others, "combined"], equal_nan=True)
    # own threshold: 4 hides the three again
    cfg4 = ScoringConfig(thresholds={"stakeholder": 4})
    assert np.isnan(uc.load_results(store, cid, cfg4, provisional=True).scores.loc[ratee, "mean_stakeholder"])
    # the ratings frame of the roster is unchanged; the stakeholder frame has the answers
    sf = store.stakeholder_ratings_frame(cid)
    assert set(sf["relationship"]) == {"stakeholder"} and sf["rater"].str.startswith("pk-").all()
    assert len(sf) == 3 * len(store.instrument(cid).items)
    # lost link: reissued, the old one stops working
    sid = int(links["stakeholder_id"][0])
    new = store.reissue_stakeholder_link(sid, actor="budi")
    with pytest.raises(AccessDenied):
        store.open_stakeholder_link(links["token"][0])
    assert store.open_stakeholder_link(new).stakeholder_id == sid
    st = store.stakeholders_frame(cid)
    assert st["status"].tolist() == ["submitted"] * 3
    audit = store.audit_frame()
    assert not audit["detail_json"].str.contains("rina|amir|warga", case=False).any()
    # closed cycle: the links stop working
    uc.close_cycle(store, cid, actor="budi")
    with pytest.raises(AccessDenied):
        store.open_stakeholder_link(new)


def test_bad_stakeholder_rows_are_named_and_nothing_is_added(store, open_cycle):
    cid, _ = open_cycle
    nip = store.employees_frame()["nip"].iloc[0]
    table = pd.DataFrame({"nip": [nip, "123", nip], "nama": ["A", "B", ""], "kontak": ["a@b.id", "c@d.id", "e@f.id"]})
    with pytest.raises(uc.CycleError) as err:
        uc.add_stakeholders(store, cid, table, actor="budi")
    assert "baris 3, kolom 'nip'" in str(err.value) and "baris 4, kolom 'nama'" in str(err.value)
    assert store.stakeholders_frame(cid).empty
    with pytest.raises(StoreError, match="Kontak"):
        store.add_stakeholder(cid, nip, "Pak X", "bukan kontak", actor="budi")


def test_trends_and_load_results_read_the_same_ratings(store, open_cycle, monkeypatch):
    """The trend path (``cycle.periods.trend_tables``) and ``load_results`` read a cycle's ratings
    through the one query with the same options, so both see the stakeholders' answers (before,
    the trends read the roster's raters only); each then applies the same anonymity rule."""
    cid, _ = open_cycle
    ratee = str(store.assignments_frame(cid)["ratee"].iloc[0])
    table = pd.DataFrame({"nip": [ratee] * 3, "nama": ["Pak Amir", "Bu Sari", "Pak Joko"],
                          "kontak": ["amir@warga.example.id", "+62 812 3456 7890", "joko@desa.example.id"],
                          "instansi": ["Warga", "Kelurahan", "Desa"]})
    for tok in uc.add_stakeholders(store, cid, table, actor="budi")["token"]:
        store.save_stakeholder_response(tok, _answers(store, cid, 1), submit=True)
    uc.close_cycle(store, cid, actor="budi")
    read = []
    real = Store.ratings

    def recorded(self, cycle_id, **options):  # the real query, its answers noted
        frame = real(self, cycle_id, **options)
        read.append((options, frame))
        return frame

    monkeypatch.setattr(Store, "ratings", recorded)
    results = uc.load_results(store, cid)
    uc.trend_tables(store, [cid])
    assert len(read) == 2
    (opt_results, from_results), (opt_trends, from_trends) = read
    assert opt_results == opt_trends == {"stakeholders": True}
    pd.testing.assert_frame_equal(from_results, from_trends)
    n_items = len(store.instrument(cid).items)
    assert (from_trends["relationship"] == "stakeholder").sum() == 3 * n_items
    assert len(results.ratings) == len(from_trends)
    # three stakeholders reach their threshold: the displayable answers of both paths keep them
    shown = displayable_ratings(from_trends, results.config)
    assert (shown["relationship"] == "stakeholder").sum() == 3 * n_items
    assert results.scores.loc[ratee, "mean_stakeholder"] == 1.0
