"""The rater app's widget logic, without a browser: real SQLite stores built by ``build_demo``.

Widgets are driven as the browser would: values set on the ``RadioButtons``/``Textarea`` and
buttons pressed with ``.click()``; every outcome is checked in the database.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from kinerja_survey.apps.rater import RaterApp, rater_app_from_request, request_params
from kinerja_survey.collect.assignment import generate_assignments
from kinerja_survey.collect.instrument import load as load_instrument
from kinerja_survey.collect.roster import load_roster
from kinerja_survey.demo import build_demo, generate_organisation
from kinerja_survey.i18n import LANG_ENV, STRINGS, resolve_lang, t
from kinerja_survey.store import AccessDenied, Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A 30-person demo: open cycle, raters pending / draft / submitted.  Tests claim raters."""
    store = Store(tmp_path_factory.mktemp("forms") / "demo.sqlite")
    result = build_demo(store, n_employees=30, seed=5, submit_rate=0.3, draft_rate=0.2)
    pool = {s: list(result.links.loc[result.links["status"] == s, "token"]) for s in ("pending", "draft", "submitted")}
    yield store, result, pool
    store.dispose()


def claim(pool, status: str) -> str:
    """A rater token of the given demo status not used by another test."""
    if not pool[status]:
        pytest.fail(f"demo has no unused {status} rater left; enlarge the demo")
    return pool[status].pop()


def texts(widget) -> str:
    """All text a user could see in a widget tree (HTML values, descriptions, labels, placeholders)."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if getattr(w, "layout", None) is not None and w.layout.display == "none":
            continue
        for attr in ("value", "description", "placeholder"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                out.append(v)
        out.extend(getattr(w, "_options_labels", ()) or ())
        stack.extend(getattr(w, "children", ()) or ())
    return "\n".join(out)


def first_task(app, relationship=None, status=None) -> int:
    for task in app.tasks:
        if (relationship is None or task["relationship"] == relationship) and (status is None or task["status"] == status):
            return int(task["assignment_id"])
    pytest.fail(f"no task with relationship={relationship} status={status}")


def status_of(store, cycle_id, assignment_id) -> str:
    a = store.assignments_frame(cycle_id).set_index("assignment_id")
    return a.at[assignment_id, "status"]


# --------------------------------------------------------------------------------------------
# unanswered items look unanswered; task list
# --------------------------------------------------------------------------------------------
def test_unanswered_items_have_no_selection(demo):
    store, result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    assert app.view == "tasks"
    form = app.open_form(first_task(app))
    inst = store.instrument(result.cycle_id)
    assert list(form.items) == [i.code for i in inst.items]
    for code, choice in form.items.items():
        assert isinstance(choice, widgets.RadioButtons)  # a native radio group: one Tab stop, arrow keys
        # ipywidgets 8 would select the first option unless told index=None
        assert choice.value is None and choice.index is None and choice.label is None, code
        assert choice._options_values == (1, 2, 3, 4, 5)
        assert "○" in form.item_labels[code].value
    assert form.answers() == {i.code: None for i in inst.items}
    assert all(box.value == "" for box in form.comments.values())
    assert form.overall.value == ""
    # opening a form writes nothing
    assert store.load_response(app.session, form.assignment_id)["status"] == "pending"


def test_choice_labels_come_from_the_instrument_scale(demo):
    store, result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    form = app.open_form(first_task(app))
    labels = store.instrument(result.cycle_id).scale.labels["id"]
    choice = next(iter(form.items.values()))
    assert [lab.split(" · ", 1)[1] for lab in choice._options_labels] == list(labels)
    # the whole label is the radio's own text (no tooltip needed: the page never cuts it, see test_browser)
    assert all(lab.startswith(f"{v} · ") for v, lab in zip((1, 2, 3, 4, 5), choice._options_labels))


def test_task_list_shows_relationship_status_and_progress(demo):
    store, _result, pool = demo
    token = claim(pool, "draft")
    app = RaterApp(store, token)
    session = store.open_link(token)
    tasks = store.rater_tasks(session)
    assert [t_["assignment_id"] for t_ in app.tasks] == tasks["assignment_id"].tolist()
    shown = texts(app.widget)
    done = int((tasks["status"] == "submitted").sum())
    assert t("progress", "id", done=done, total=len(tasks)) in shown
    assert session.rater_name in shown and session.cycle_name in shown
    for rec in tasks.itertuples():
        assert rec.ratee_name in shown
        assert t("rel_" + rec.relationship, "id") in shown
        assert app.task_buttons[rec.assignment_id].description == t("open_" + rec.status, "id", name=rec.ratee_name)
    assert "draft" in set(tasks["status"])  # the demo's draft rater has a draft


def test_draft_is_restored_exactly(demo):
    store, _result, pool = demo
    token = claim(pool, "draft")
    app = RaterApp(store, token)
    aid = first_task(app, status="draft")
    saved = store.load_response(app.session, aid)
    app.task_buttons[aid].click()
    form = app.form
    assert app.view == "form" and form.assignment_id == aid
    assert 0 < len(saved["answers"]) < len(form.items)
    for code, choice in form.items.items():
        assert choice.value == saved["answers"].get(code), code
        assert (choice.index is None) == (code not in saved["answers"])
    for comp, box in form.comments.items():
        assert box.value == saved["comments"].get(comp, "")


def test_self_rating_is_labelled(demo):
    store, _result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    self_form = app.open_form(first_task(app, relationship="self"))
    banner = t("self_banner", "id")
    assert banner in texts(self_form.widget)
    assert any("ks-self" in c._dom_classes for c in self_form.widget.children)
    other = first_task(app, relationship=next(r["relationship"] for r in app.tasks if r["relationship"] != "self"))
    app.show_tasks()
    assert t("rel_self", "id") in texts(app.widget)
    other_form = app.open_form(other)
    assert banner not in texts(other_form.widget)


# --------------------------------------------------------------------------------------------
# drafts
# --------------------------------------------------------------------------------------------
def test_autosave_on_change(demo):
    store, _result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    form = app.open_form(first_task(app))
    codes = list(form.items)
    form.items[codes[0]].value = 4
    saved = store.load_response(app.session, form.assignment_id)
    assert saved["status"] == "draft" and saved["answers"] == {codes[0]: 4}
    assert "✓" in form.item_labels[codes[0]].value
    form.items[codes[1]].value = 2
    comp = next(iter(form.comments))
    form.comments[comp].value = "Cepat tanggap."
    saved = store.load_response(app.session, form.assignment_id)
    assert saved["answers"] == {codes[0]: 4, codes[1]: 2}
    assert saved["comments"] == {comp: "Cepat tanggap."}
    assert "otomatis" in form.status.value


def test_save_draft_button_and_saving_on_leaving(demo):
    store, _result, pool = demo
    app = RaterApp(store, claim(pool, "pending"), autosave=False)
    form = app.open_form(first_task(app))
    code = list(form.items)[2]
    form.items[code].value = 3
    assert store.load_response(app.session, form.assignment_id)["status"] == "pending"  # autosave off
    form.save_button.click()
    assert store.load_response(app.session, form.assignment_id)["answers"] == {code: 3}
    assert t("saved_at", "id", time="")[:10] in form.status.value
    # change again and leave without pressing save: leaving saves
    form.items[code].value = 5
    form.overall.value = "Catatan umum."
    form.back_button.click()
    assert app.view == "tasks"
    saved = store.load_response(app.session, form.assignment_id)
    assert saved["answers"] == {code: 5} and saved["overall_comment"] == "Catatan umum."
    name = next(r["ratee_name"] for r in app.tasks if int(r["assignment_id"]) == form.assignment_id)
    assert app.task_buttons[form.assignment_id].description == t("open_draft", "id", name=name)


# --------------------------------------------------------------------------------------------
# submit
# --------------------------------------------------------------------------------------------
def test_submit_with_missing_items_is_refused_and_marks_them(demo):
    store, result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    form = app.open_form(first_task(app))
    codes = list(form.items)
    unanswered = {codes[4], codes[11], codes[-1]}
    for code in codes:
        if code not in unanswered:
            form.items[code].value = 4
    form.submit_button.click()
    assert set(form.missing) == unanswered
    for code in codes:
        assert ("ks-item-missing" in form.item_rows[code]._dom_classes) == (code in unanswered), code
    for code in unanswered:
        assert form.item_refs[code] in form.message.value
    assert "ks-msg-error" in form.message.value
    assert not form.locked
    # no submitted row: the form is a draft holding what was answered
    assert status_of(store, result.cycle_id, form.assignment_id) == "draft"
    saved = store.load_response(app.session, form.assignment_id)
    assert set(saved["answers"]) == set(codes) - unanswered
    # answering a missing item clears its mark; the others stay marked
    fixed = codes[4]
    form.items[fixed].value = 1
    assert "ks-item-missing" not in form.item_rows[fixed]._dom_classes
    assert set(form.missing) == unanswered - {fixed}
    assert all("ks-item-missing" in form.item_rows[c]._dom_classes for c in form.missing)


def test_submit_complete_form_locks_it_and_never_duplicates(demo):
    store, result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    aid = first_task(app)
    form = app.open_form(aid)
    values = {}
    for k, code in enumerate(form.items):
        values[code] = 1 + k % 5
        form.items[code].value = values[code]
    comp = list(form.comments)[1]
    form.comments[comp].value = "Sangat membantu."
    form.submit_button.click()
    assert form.locked and not form.missing
    assert "ks-msg-ok" in form.message.value
    assert status_of(store, result.cycle_id, aid) == "submitted"
    # read-only: every input disabled, save/submit hidden
    assert all(c.disabled for c in form.items.values())
    assert all(c.disabled for c in form.comments.values()) and form.overall.disabled
    assert form.submit_button.layout.display == "none" and form.save_button.layout.display == "none"
    # the stored ratings are exactly the clicked values
    frame = store.ratings_frame(result.cycle_id)
    a = store.assignments_frame(result.cycle_id).set_index("assignment_id").loc[aid]
    got = frame[(frame["rater"] == a["rater"]) & (frame["ratee"] == a["ratee"])]
    assert dict(zip(got["item"], got["rating"].astype(int))) == values
    comments = store.comments_frame(result.cycle_id)
    assert ((comments["rater"] == a["rater"]) & (comments["ratee"] == a["ratee"])
            & (comments["competency"] == comp) & (comments["text"] == "Sangat membantu.")).sum() == 1
    # clicking submit again (or submitting through another kernel) adds nothing
    form.submit(); form.submit_button.click()
    assert store.save_response(app.token, aid, values, submit=True)["already"] is True
    with store.engine.connect() as conn:
        n = conn.exec_driver_sql("select count(*) from responses where assignment_id = ?", (aid,)).scalar()
    assert n == 1
    # back on the list: progress counts it; reopening shows it locked with the answers
    form.back_button.click()
    done = sum(r["status"] == "submitted" for r in app.tasks)
    assert done >= 1 and t("progress", "id", done=done, total=len(app.tasks)) in texts(app.widget)
    again = app.open_form(aid)
    assert again.locked and again.answers() == values
    assert all(c.disabled for c in again.items.values())
    assert "tidak dapat diubah" in again.status.value


def test_submitted_rater_sees_read_only_forms(demo):
    store, _result, pool = demo
    app = RaterApp(store, claim(pool, "submitted"))
    assert all(task["status"] == "submitted" for task in app.tasks)
    assert t("all_done", "id") in texts(app.widget)
    form = app.open_form(first_task(app))
    assert form.locked and all(v is not None for v in form.answers().values())
    # a client forcing a value change through the comm is ignored (form locked, store refuses)
    code = next(iter(form.items))
    before = store.load_response(app.session, form.assignment_id)["answers"]
    form.items[code].value = 1 if before[code] != 1 else 2
    assert store.load_response(app.session, form.assignment_id)["answers"] == before


def test_store_errors_are_shown_not_raised(demo):
    store, _result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    form = app.open_form(first_task(app))
    comp = next(iter(form.comments))
    form.comments[comp].value = "x" * 5000  # over the store's limit
    assert "ks-msg-error" in form.message.value and "terlalu panjang" in form.message.value
    assert store.load_response(app.session, form.assignment_id)["status"] == "pending"


def test_cannot_open_another_raters_form(demo):
    store, result, pool = demo
    app = RaterApp(store, claim(pool, "pending"))
    other = store.assignments_frame(result.cycle_id)
    foreign = int(other.loc[other["rater_id"] != app.session.rater_id, "assignment_id"].iloc[0])
    with pytest.raises(Exception, match="tidak ditemukan"):
        app.open_form(foreign)


# --------------------------------------------------------------------------------------------
# refused links
# --------------------------------------------------------------------------------------------
def assert_only_message(app, message: str, forbidden: list[str]) -> None:
    assert app.view == "denied" and app.session is None
    shown = texts(app.widget)
    assert message in shown
    assert "Traceback" not in shown and "Error" not in shown
    for text in forbidden:
        assert text not in shown
    assert len(app.body.children) == 1 and not app.task_buttons


def test_unknown_token_shows_only_a_friendly_message(demo):
    store, result, _pool = demo
    names = result.links["nama"].tolist()
    for bad in ["", "x", "tidak-ada-token-seperti-ini-12345", "'; drop table responses; --" * 3]:
        app = RaterApp(store, bad)
        assert_only_message(app, t("denied_unknown", "id"), names)
    assert t("denied_unknown", "id") == str(AccessDenied("unknown"))
    assert t("denied_unknown", "en") == AccessDenied("unknown").message("en")


def test_revoked_token(demo):
    store, result, pool = demo
    token = claim(pool, "pending")
    nip = result.links.set_index("token").at[token, "nip"]
    new = store.reissue_link(result.cycle_id, nip, actor="penguji")
    assert_only_message(RaterApp(store, token), t("denied_revoked", "id"), result.links["nama"].tolist())
    assert RaterApp(store, new).view == "tasks"


def test_not_open_and_closed_cycles(tmp_path, small_roster):
    store = Store(tmp_path / "c.sqlite")
    store.import_roster(load_roster(small_roster), actor="penguji")
    cid = store.create_cycle("Uji", "2026-01-01", "2026-12-31", actor="penguji")
    links = store.add_assignments(cid, generate_assignments(small_roster, seed=1).assignments, actor="penguji")
    token = links["token"].iloc[0]
    names = small_roster["nama"].tolist()
    assert_only_message(RaterApp(store, token), t("denied_not_open", "id"), names)
    store.open_cycle(cid, actor="penguji")
    app = RaterApp(store, token)
    form = app.open_form(first_task(app))
    store.close_cycle(cid, actor="penguji")
    # the cycle closed while the form was open: the next save shows the closed message only
    next(iter(form.items.values())).value = 3
    assert_only_message(app, t("denied_closed", "id"), names)
    assert_only_message(RaterApp(store, token), t("denied_closed", "id"), names)
    assert store.load_response(_session(store, token), form.assignment_id)["status"] == "pending"


def _session(store, token):
    """The rater's session regardless of the cycle status (for reading back what was stored)."""
    from kinerja_survey.store import RaterSession, hash_token, rater_links

    with store.engine.connect() as conn:
        row = conn.execute(rater_links.select().where(rater_links.c.token_hash == hash_token(token))).one()
    return RaterSession(row.id, row.cycle_id, row.rater_id, "", "")


# --------------------------------------------------------------------------------------------
# required overall comment (custom instrument)
# --------------------------------------------------------------------------------------------
def test_required_overall_comment(tmp_path):
    roster = generate_organisation(12, seed=2)
    store = Store(tmp_path / "m.sqlite")
    store.import_roster(load_roster(roster), actor="penguji")
    inst = load_instrument(ROOT / "data" / "contoh-instrumen.yaml")
    assert inst.require_overall_comment
    cid = store.create_cycle("Manajerial", "2026-01-01", "2026-12-31", inst, actor="penguji")
    links = store.add_assignments(cid, generate_assignments(roster, seed=1).assignments, actor="penguji")
    store.open_cycle(cid, actor="penguji")
    app = RaterApp(store, links["token"].iloc[0], "en")
    form = app.open_form(first_task(app))
    assert t("overall_label_required", "en") in texts(form.widget)
    assert "Outstanding" in texts(form.widget)  # the custom scale's labels
    for code in form.items:
        form.items[code].value = 3
    form.submit_button.click()
    assert form.missing == ["overall_comment"] and not form.locked
    assert "ks-item-missing" in form.overall_row._dom_classes
    assert t("missing_overall", "en") in form.message.value
    assert status_of(store, cid, form.assignment_id) == "draft"
    form.overall.value = "Good work this year."
    assert "ks-item-missing" not in form.overall_row._dom_classes
    form.submit_button.click()
    assert form.locked and status_of(store, cid, form.assignment_id) == "submitted"
    comments = store.comments_frame(cid)
    assert comments.loc[comments["competency"] == "", "text"].tolist() == ["Good work this year."]


# --------------------------------------------------------------------------------------------
# languages and the notebook entry point
# --------------------------------------------------------------------------------------------
def test_every_string_exists_in_every_language():
    assert set(STRINGS["id"]) == set(STRINGS["en"])
    import string

    for key in STRINGS["id"]:
        # the fields of the Indonesian text; the English one must need no other field
        fields = {f: 1 for _, f, _, _ in string.Formatter().parse(STRINGS["id"][key]) if f}
        for lang in ("id", "en"):
            assert t(key, lang, **fields)


def test_language_resolution(monkeypatch):
    monkeypatch.delenv(LANG_ENV, raising=False)
    assert resolve_lang(None) == "id" and resolve_lang("en") == "en" and resolve_lang("EN-us") == "en"
    assert resolve_lang("fr") == "id"
    monkeypatch.setenv(LANG_ENV, "en")
    assert resolve_lang(None) == "en" and resolve_lang("id") == "id"
    with pytest.raises(KeyError):
        t("no-such-key")


def test_english_strings(demo):
    store, _result, pool = demo
    token = claim(pool, "pending")
    app = RaterApp(store, token, "en")
    shown = texts(app.widget)
    assert t("app_title", "en") in shown and "formulir" not in shown
    assert t("progress", "en", done=0, total=len(app.tasks)) in shown
    form = app.open_form(first_task(app, relationship="self"))
    shown = texts(form.widget)
    assert form.submit_button.description == "Submit rating" and form.save_button.description == "Save draft"
    assert "SELF-RATING" in shown and "Very poor" in shown and "Very good" in shown
    assert "Service oriented" in shown and "Understands and meets the needs of the public" in shown
    assert "Berorientasi Pelayanan" not in shown
    form.submit_button.click()
    assert "answers are still missing" in form.message.value
    assert_only_message(RaterApp(store, "nope-nope-nope-nope", "en"), t("denied_unknown", "en"), [])


def test_entry_point_reads_query_string(demo, monkeypatch):
    store, _result, pool = demo
    token = claim(pool, "pending")
    assert request_params(f"token={token}&lang=en") == {"token": token, "lang": "en"}
    monkeypatch.setenv("QUERY_STRING", f"token={token}")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert request_params() == {"token": token}
    monkeypatch.setenv("KINERJA_SURVEY_DB", store.url)
    box = rater_app_from_request()
    assert t("app_title", "id") in texts(box)
    box = rater_app_from_request(query_string=f"token={token}&lang=en")
    assert t("app_title", "en") in texts(box)
    box = rater_app_from_request(query_string="lang=en")
    assert t("denied_unknown", "en") in texts(box)


def test_entry_point_hides_internal_errors(tmp_path):
    box = rater_app_from_request(db_url=str(tmp_path / "missing.sqlite"), query_string="token=abcdefghijklmnopqrstuvwxyz")
    shown = texts(box)
    assert t("service_error", "id") in shown
    assert "missing.sqlite" not in shown and "Traceback" not in shown
    assert not (tmp_path / "missing.sqlite").exists()



def test_two_tabs_the_older_one_is_told_and_never_overwrites(demo):
    """Two copies of one link (two tabs): the newer answers stay, the older copy says so and reloads."""
    store, _result, pool = demo
    token = claim(pool, "pending")
    old, new = RaterApp(store, token), RaterApp(store, token)
    aid = first_task(old)
    old_form, new_form = old.open_form(aid), new.open_form(aid)
    for code, choice in new_form.items.items():
        choice.value = 5
    new_form.comments["BER"].value = "Baru."
    old_form.comments["BER"].value = "Lama."  # the older tab's change: refused
    saved = store.load_response(new.session, aid)
    assert saved["comments"] == {"BER": "Baru."} and set(saved["answers"].values()) == {5}
    assert "tab atau perangkat lain" in old_form.message.value
    assert old_form.reload_button.layout.display is None and old_form.submit_button.layout.display == "none"
    assert "tersimpan pukul" not in old_form.status.value
    old_form.reload_button.click()
    assert old.form is not old_form and old.form.comments["BER"].value == "Baru."
    assert {c.value for c in old.form.items.values()} == {5}
    # leaving a form whose last change could not be stored: the first "back" stays and says why
    new_form.comments["AKU"].value = ""  # no change yet; now the newer tab is the stale one
    old.form.comments["AKU"].value = "dari tab lama"  # saved: the older tab reloaded, so it is current
    assert store.load_response(old.session, aid)["comments"]["AKU"] == "dari tab lama"
    new_form.overall.value = "tidak tersimpan"
    assert "tab atau perangkat lain" in new_form.message.value
    new_form.back_button.click()
    assert new.view == "tasks"  # already told (stale): leaving does not hold the rater
