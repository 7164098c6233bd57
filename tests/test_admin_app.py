"""The admin app's widget logic, without a browser, against real SQLite stores."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import io
import re
import socket
from pathlib import Path

import pandas as pd
import pytest

from kinerja_survey.apps.admin import (
    AdminApp,
    admin_app_from_request,
    csv_download_html,
)
from kinerja_survey.collect.roster import validate_roster
from kinerja_survey.demo import build_demo
from kinerja_survey.i18n import t
from kinerja_survey.store import AccessDenied, Store

ROOT = Path(__file__).resolve().parents[1]
RATER_URL = "https://penilaian.example.go.id/"


def upload_value(name: str, data: bytes) -> tuple:
    """What an ipywidgets 8 ``FileUpload`` holds after the user picked one file."""
    return ({"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data),
             "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)},)


def csv_from_download(html_text: str) -> pd.DataFrame:
    m = re.search(r"href='data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)'", html_text)
    assert m, html_text[:300]
    raw = base64.b64decode(m.group(1))
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens Indonesian names correctly
    return pd.read_csv(io.BytesIO(raw), dtype=str, encoding="utf-8-sig")


def shown(widget) -> str:
    """A message widget's text as the user reads it (HTML entities decoded)."""
    return html.unescape(widget.value)


def roster_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


@pytest.fixture(autouse=True)
def _acting_person(monkeypatch):
    """The "Nama petugas" field is pre-filled from $KINERJA_SURVEY_ACTOR (changes need a person)."""
    monkeypatch.setenv("KINERJA_SURVEY_ACTOR", "Petugas Uji")


@pytest.fixture
def empty_store(tmp_path):
    store = Store(tmp_path / "admin.sqlite")
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("admin") / "demo.sqlite")
    result = build_demo(store, n_employees=30, seed=4)
    yield store, result
    store.dispose()


def test_whole_cycle_through_the_widgets(empty_store, small_roster):
    store = empty_store
    app = AdminApp(store, rater_url=RATER_URL)
    assert app.cycle_id is None and t("cycles_empty", "id") in app.cycles_table.value

    # roster: check, then import
    app.roster_upload.value = upload_value("pegawai.csv", roster_bytes(small_roster))
    assert app.validate_roster()
    assert str(len(small_roster)) in shown(app.roster_message) and store.employees_frame().empty
    counts = app.import_roster()
    assert counts["added"] == len(small_roster) == len(store.employees_frame())

    # a cycle
    app.cycle_name.value = "Penilaian Perilaku 2026"
    app.period_start.value, app.period_end.value = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    app.create_button.click()
    cyc = store.cycles_frame()
    assert cyc["name"].tolist() == ["Penilaian Perilaku 2026"] and cyc["status"].tolist() == ["draft"]
    assert app.cycle_id == int(cyc["id"].iloc[0]) and "ks-msg-ok" in shown(app.cycles_message)
    assert "Penilaian Perilaku 2026" in app.cycles_table.value

    # assignments and the links download
    app.seed.value = 11
    links = app.generate_assignments()
    assert len(links) == store.assignments_frame(app.cycle_id)["rater"].nunique()
    download = csv_from_download(app.links_download.value)
    assert list(download.columns) == ["nip", "nama", "unit_kerja", "token", "n_ratees", "tautan"]
    assert (download["tautan"] == RATER_URL.rstrip("/") + "/?token=" + download["token"]).all()
    assert set(download["nip"]) == set(store.assignments_frame(app.cycle_id)["rater"])
    assert t("links_warning", "id") in app.links_download.value
    # the links are not stored in plain: no token appears anywhere in the database file
    raw = Path(store.engine.url.database).read_bytes()
    assert not any(tok.encode() in raw for tok in download["token"])
    # a second run adds no links (everyone has one) and says so
    app.generate_assignments()
    assert t("no_new_links", "id") in app.links_download.value

    # open: the links work
    with pytest.raises(AccessDenied):
        store.open_link(download["token"].iloc[0])
    app.open_button.click()
    assert store.cycle(app.cycle_id)["status"] == "open"
    assert store.open_link(download["token"].iloc[0]).cycle_id == app.cycle_id

    # close needs the confirmation tick
    app.close_button.click()
    assert store.cycle(app.cycle_id)["status"] == "open"
    assert t("confirm_close_needed", "id") in shown(app.cycles_message)
    app.close_confirm.value = True
    app.close_button.click()  # before the deadline with forms outstanding: the warning and a confirm button
    assert store.cycle(app.cycle_id)["status"] == "open" and "ks-warn" in app.cycles_message.value
    app.status_confirm_button.click()
    assert store.cycle(app.cycle_id)["status"] == "closed" and not app.close_confirm.value
    with pytest.raises(AccessDenied, match="ditutup"):
        store.open_link(download["token"].iloc[0])
    # a closed cycle cannot be reopened; the app says why
    app.open_button.click()
    assert "ks-msg-error" in shown(app.cycles_message) and store.cycle(app.cycle_id)["status"] == "closed"


def test_bad_roster_lists_every_bad_row_and_writes_nothing(empty_store, small_roster):
    store = empty_store
    app = AdminApp(store)
    bad = small_roster.copy()
    bad.loc[3, "nip"] = "12345"                      # malformed NIP
    bad.loc[7, "nama"] = ""                          # required field
    bad.loc[9, "nip"] = bad.loc[10, "nip"]           # duplicate NIP
    bad.loc[12, "golongan"] = "V/z"                  # not a golongan
    data = roster_bytes(bad)
    app.roster_upload.value = upload_value("pegawai.csv", data)
    _, expected = validate_roster(("pegawai.csv", data))
    assert len(expected) >= 4
    assert not app.validate_roster()
    report = app.roster_report.value
    assert t("roster_errors", "id", n=len(expected)) in shown(app.roster_message)
    for err in expected:
        assert f"<td>{err.row}</td>" in report and err.field in report
    assert app.import_roster() is None
    assert store.employees_frame().empty
    assert t("roster_errors", "id", n=len(expected)) in shown(app.roster_message)
    # no file chosen
    app.roster_upload.value = ()
    assert not app.validate_roster() and t("no_file", "id") in shown(app.roster_message)


def test_cycle_form_errors_and_custom_instrument(empty_store):
    store = empty_store
    app = AdminApp(store, "en")
    app.cycle_name.value = "X"
    app.create_button.click()  # no dates
    assert t("dates_required", "en") in shown(app.cycles_message) and store.cycles_frame().empty
    app.period_start.value, app.period_end.value = dt.date(2026, 6, 1), dt.date(2026, 1, 1)
    app.create_button.click()  # end before start: the store's message
    assert "ks-msg-error" in shown(app.cycles_message) and store.cycles_frame().empty
    app.period_end.value = dt.date(2026, 12, 31)
    yaml_bytes = (ROOT / "data" / "contoh-instrumen.yaml").read_bytes()
    app.instrument_upload.value = upload_value("manajerial.yaml", yaml_bytes)
    app.cycle_name.value = "Manajerial"
    app.create_button.click()
    assert store.instrument(app.cycle_id).code == "MANAJERIAL"
    app.instrument_upload.value = upload_value("rusak.yaml", b"code: [unclosed")
    app.create_button.click()
    assert "ks-msg-error" in shown(app.cycles_message) and len(store.cycles_frame()) == 1
    # generating assignments without a roster
    app.generate_button.click()
    assert t("roster_empty", "en") in shown(app.assign_message)


def test_response_rates_and_pending_raters_follow_the_database(demo):
    store, result = demo
    app = AdminApp(store)
    assert app.cycle_id == result.cycle_id
    for by in ("unit", "ratee"):
        app.rates_by.value = by
        pd.testing.assert_frame_equal(app.last_rates, store.response_rates(result.cycle_id, by=by))
    app.rates_by.value = "unit"
    rates = store.response_rates(result.cycle_id)
    inv, sub = int(rates["invited"].sum()), int(rates["submitted"].sum())
    assert f"{sub} dari {inv} formulir terkirim" in app.rates_summary.value
    for unit in rates["unit_kerja"]:
        assert unit in app.rates_table.value
    assert "Rekan: diundang" in app.rates_table.value

    pending = store.pending_raters(result.cycle_id)
    assert len(pending) > 0
    pd.testing.assert_frame_equal(app.last_pending, pending)
    assert t("pending_intro", "id", n=len(pending)) in app.pending_intro.value
    assert app.pending_download.value == ""  # made (and recorded in the export log) when asked for
    app.pending_download_button.click()
    listed = csv_from_download(app.pending_download.value)
    assert listed["nip"].tolist() == pending["nip"].tolist()

    # a rater submits everything: refresh shows it, and they leave the reminder list
    rater = pending.iloc[0]
    token = result.links.set_index("nip").at[rater["nip"], "token"]
    session = store.open_link(token)
    items = [i.code for i in store.instrument(result.cycle_id).items]
    for task in store.rater_tasks(session).itertuples():
        if task.status != "submitted":
            store.save_response(token, task.assignment_id, {c: 4 for c in items}, submit=True)
    app.refresh_button.click()
    new_rates = store.response_rates(result.cycle_id)
    assert int(new_rates["submitted"].sum()) == sub + int(rater["pending"])
    assert f"{sub + int(rater['pending'])} dari {inv}" in app.rates_summary.value
    app.pending_refresh.click()
    assert rater["nip"] not in set(app.last_pending["nip"])


def test_reissue_link(demo):
    store, result = demo
    app = AdminApp(store, rater_url=RATER_URL)
    nip, old = result.links[["nip", "token"]].iloc[-1]
    app.reissue_nip.value = nip
    app.reissue_button.click()  # first a preview: nothing changes yet
    assert store.open_link(old).cycle_id == result.cycle_id and app.reissue_download.value == ""
    assert "langsung tidak berlaku" in shown(app.reissue_message)
    app.reissue_confirm_button.click()
    new = csv_from_download(app.reissue_download.value)
    assert app.reissue_link_text.value == RATER_URL.rstrip("/") + "/?token=" + new["token"].iloc[0]
    assert new["nip"].tolist() == [nip]
    assert store.open_link(new["token"].iloc[0]).cycle_id == result.cycle_id
    with pytest.raises(AccessDenied, match="tidak berlaku"):
        store.open_link(old)
    app.reissue_nip.value = "199001012020011999"
    app.reissue_button.click()
    assert "ks-msg-error" in shown(app.reissue_message) and app.reissue_download.value == ""
    app.reissue_confirm_button.click()
    assert "ks-msg-error" in shown(app.reissue_message) and app.reissue_download.value == ""


def test_auto_refresh_timer(demo):
    store, _result = demo
    app = AdminApp(store, refresh_seconds=0.05)
    app.auto_refresh.value = True  # no running event loop here: no timer, no error
    assert app._timer is None
    app.auto_refresh.value = False

    async def scenario():
        app.auto_refresh.value = True  # inside a running loop (as in the Voilà kernel)
        assert app._timer is not None
        before = app.rates_summary.value
        await asyncio.sleep(1.1)  # the summary carries the time in seconds: it must have moved on
        assert app.rates_summary.value != before
        app.auto_refresh.value = False
        assert app._timer is None

    asyncio.run(scenario())


def test_english_admin_and_entry_point(demo, monkeypatch):
    store, _result = demo
    monkeypatch.setenv("KINERJA_SURVEY_DB", store.url)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    box = admin_app_from_request(query_string="lang=en")
    tabs = box.children[-1]
    assert [tabs.get_title(i) for i in range(5)] == [t(k, "en") for k in
                                                     ("tab_cycles", "tab_roster", "tab_assign", "dash.tab_respons", "tab_reminders")]
    box = admin_app_from_request(query_string="")
    assert box.children[-1].get_title(0) == "Periode"


def test_csv_download_escapes_filename():
    html_text = csv_download_html(pd.DataFrame({"a": ["x"]}), "a'b.csv", "<Unduh>")
    assert "a&#x27;b.csv" in html_text and "&lt;Unduh&gt;" in html_text


# --- HR operations through the widgets ------------------------------------------------------------

import json  # noqa: E402

from kinerja_survey import cycle as uc  # noqa: E402


@pytest.fixture
def running(empty_store, small_roster):
    store = empty_store
    roster = small_roster.copy()
    roster["Email"] = [f"p{i}@contoh.go.id" for i in range(len(roster))]
    roster["No HP"] = [f"+62 812 3456 {i:04d}" for i in range(len(roster))]
    uc.import_roster(store, roster, actor="setup")
    cid = uc.create_cycle(store, "Penilaian Perilaku 2026", "2026-01-01", "2026-12-31", actor="setup")
    made = uc.assign(store, cid, seed=3, actor="setup")
    uc.open_cycle(store, cid, actor="setup")
    return store, cid, made.links


def test_no_change_without_the_name_of_the_person_acting(empty_store, small_roster, monkeypatch):
    monkeypatch.delenv("KINERJA_SURVEY_ACTOR")
    store = empty_store
    app = AdminApp(store)
    assert app.actor == "" and app.actor_input in app.widget.children
    app.roster_upload.value = upload_value("pegawai.csv", roster_bytes(small_roster))
    assert app.import_roster() is None and store.employees_frame().empty
    assert t("actor_needed", "id") in shown(app.roster_message)
    app.cycle_name.value = "P"
    app.period_start.value, app.period_end.value = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    app.create_button.click()
    assert store.cycles_frame().empty and t("actor_needed", "id") in shown(app.cycles_message)
    app.actor_input.value = "  Siti Rahma  "
    assert app.import_roster()["added"] == 40
    app.create_button.click()
    assert len(store.cycles_frame()) == 1
    assert set(store.audit_frame()["actor"]) == {"Siti Rahma"}
    # ?petugas= pre-fills the field
    monkeypatch.setenv("KINERJA_SURVEY_DB", store.url)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    box = admin_app_from_request(query_string="petugas=Budi%20S")
    assert box.children[1].value == "Budi S"


def test_roster_import_that_deactivates_waits_for_the_confirm_button(running, small_roster):
    store, cid, _links = running
    app = AdminApp(store)
    partial = small_roster.iloc[:30].copy()
    partial["atasan_nip"] = partial["atasan_nip"].where(partial["atasan_nip"].isin(partial["nip"]), "")
    app.roster_upload.value = upload_value("sebagian.csv", roster_bytes(partial))
    assert app.validate_roster()  # valid, but the preview already warns
    assert "akan DINONAKTIFKAN" in shown(app.roster_message)
    assert app.import_roster() is None
    assert len(store.employees_frame()) == 40 and app.roster_confirm_button.layout.display is None
    for nip in small_roster["nip"].iloc[30:]:
        assert nip in app.roster_report.value
    assert "10 pegawai tidak ada di berkas ini" in shown(app.roster_message)
    # the confirm button imports only the file that was previewed
    other = small_roster.iloc[:20].copy()
    other["atasan_nip"] = other["atasan_nip"].where(other["atasan_nip"].isin(other["nip"]), "")
    app.roster_upload.value = upload_value("lain.csv", roster_bytes(other))
    assert app.import_roster(confirm=True) is None and len(store.employees_frame()) == 40
    app.roster_upload.value = upload_value("sebagian.csv", roster_bytes(partial))
    app.import_roster()
    app.roster_confirm_button.click()
    assert len(store.employees_frame()) == 30 and app.roster_confirm_button.layout.display == "none"
    assert "10 dinonaktifkan" in shown(app.roster_message)


def test_an_upload_over_the_limit_is_refused_with_a_clear_message(empty_store):
    app = AdminApp(empty_store)
    app.roster_upload.value = upload_value("besar.xlsx", b"x" * (8 * 2**20 + 1))
    assert not app.validate_roster() and app.import_roster() is None
    assert "melebihi batas 8 MB" in shown(app.roster_message) and "8,0 MB" in shown(app.roster_message)
    assert "8 MB" in " ".join(getattr(w, "value", "") for w in app.tabs.children[1].children)


def test_assign_on_an_open_cycle_shows_the_additions_then_confirms(running):
    store, cid, _links = running
    app = AdminApp(store, rater_url=RATER_URL)
    n = len(store.assignments_frame(cid))
    app.seed.value = 77
    assert app.generate_assignments() is None
    assert len(store.assignments_frame(cid)) == n and app.assign_confirm_button.layout.display is None
    assert "formulir akan ditambahkan" in shown(app.assign_message) and "<table" in app.assign_preview.value
    app.assign_confirm_button.click()
    after = store.assignments_frame(cid)
    assert len(after) > n and after[after["relationship"] == "peer"].groupby("ratee").size().max() <= 5


def test_deadline_extend_and_reopen_through_the_widgets(running):
    store, cid, _links = running
    app = AdminApp(store)
    assert "31-12-2026 pukul 23.59 WIB" in app.cycles_table.value
    app.deadline_date.value = dt.date(2027, 1, 15)
    app.extend_button.click()
    assert t("reason_needed", "id") in shown(app.cycles_message)
    app.deadline_reason.value = "banyak dinas luar"
    app.extend_button.click()
    assert "15-01-2027 pukul 23.59 WIB" in shown(app.cycles_message) and "15-01-2027" in app.cycles_table.value
    app.close_confirm.value = True
    app.close_button.click()
    app.status_confirm_button.click()  # the deadline has not passed: the warning answered
    app.deadline_reason.value = "unit X belum selesai"
    app.reopen_button.click()
    assert store.cycle(cid)["status"] == "open"
    row = store.audit_frame().query("action == 'cycle_reopen'").iloc[-1]
    assert row["actor"] == "Petugas Uji" and json.loads(row["detail_json"])["reason"] == "unit X belum selesai"


def test_mid_cycle_changes_preview_then_confirm_and_show_the_new_link(running):
    store, cid, links = running
    app = AdminApp(store, rater_url=RATER_URL)
    app.tabs.selected_index = 6
    a = store.assignments_frame(cid)
    form = a[a["relationship"] == "peer"].iloc[0]
    token_of = dict(zip(links["nip"], links["token"]))
    store.save_response(token_of[form["rater"]], int(form["assignment_id"]),
                        {i.code: 4 for i in store.instrument(cid).items}, submit=True)
    new = next(n for n in store.employees_frame()["nip"]
               if n not in set(a.loc[a["ratee"] == form["ratee"], "rater"]) and n != form["ratee"])
    app.change_kind.value = "replace"
    app.change_rater.value, app.change_ratee.value, app.change_new.value = form["rater"], form["ratee"], new
    app.change_keep.value = False
    app.change_reason.value = "mutasi ke dinas lain"
    assert "DIHAPUS" in app.preview_change()
    assert app.change_confirm_button.layout.display is None
    assert new not in set(store.assignments_frame(cid).query("ratee == @form.ratee")["rater"])
    app.change_keep.value = True  # changing the form hides the confirm button: preview again
    assert app.change_confirm_button.layout.display == "none"
    assert "DIPERTAHANKAN" in app.preview_change()
    app.change_confirm_button.click()
    assert new in set(store.assignments_frame(cid).query("ratee == @form.ratee")["rater"])
    assert "ks-msg-ok" in app.change_message.value

    # reissue one link: the new link appears in a text field to copy
    app.change_kind.value = "reissue"
    app.change_rater.value = links["nip"].iloc[2]
    assert "tidak berlaku" in app.preview_change()
    app.change_confirm_button.click()
    assert app.change_link.value.startswith(RATER_URL.rstrip("/") + "/?token=")
    assert store.open_link(app.change_link.value.split("token=")[1]).cycle_id == cid
    with pytest.raises(AccessDenied):
        store.open_link(token_of[links["nip"].iloc[2]])
    log = store.audit_frame()
    assert set(log.loc[log["action"].isin(["replace_rater", "reissue_link"]), "actor"]) == {"Petugas Uji"}


def test_review_tab_warns_and_locks(empty_store, small_roster):
    store = empty_store
    uc.import_roster(store, small_roster, actor="setup")
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor="setup")
    uc.assign(store, cid, seed=3, peers=(1, 2), actor="setup")
    app = AdminApp(store)
    assert "ambang anonimitas" in shown(app.review_summary) and app.review_edit.layout.display is None
    a = store.assignments_frame(cid)
    form = a[a["relationship"] == "peer"].iloc[0]
    app.review_ratee.value, app.review_rater.value = form["ratee"], form["rater"]
    app.review_reason.value = "tidak kenal"
    app.review_remove_button.click()
    assert "ks-msg-ok" in app.review_message.value and len(store.assignments_frame(cid)) == len(a) - 1
    app.open_button.click()
    assert "terkunci" in shown(app.review_summary) and app.review_edit.layout.display == "none"


def test_reminders_tab_whatsapp_links_and_email(running, monkeypatch):
    from aiosmtpd.controller import Controller

    store, cid, _links = running
    received = []

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for key, value in {"HOST": "127.0.0.1", "PORT": str(port), "STARTTLS": "0",
                           "FROM": "kepegawaian@contoh.go.id"}.items():
            monkeypatch.setenv(f"KINERJA_SURVEY_SMTP_{key}", value)
        app = AdminApp(store, rater_url=RATER_URL)
        assert "Belum mulai" in app.pending_table.value and "p0@contoh.go.id" in app.pending_table.value
        due = app.remind("preview")
        assert len(due) == 80 and received == [] and store.outbox_frame(cid).empty
        app.remind_wa_button.click()
        assert app.remind_table.value.count("href='https://wa.me/6281234560007?text=") == 1
        assert app.remind_table.value.count("class='ks-wa'") == 40
        app.remind_email_button.click()
        assert len(received) == 40 and "40 e-mail terkirim" in shown(app.remind_message)
        assert "Kotak keluar" in app.outbox_html.value
        app.remind_email_button.click()  # nothing twice
        assert len(received) == 40
        box = store.outbox_frame(cid)
        assert set(box["channel"]) == {"email", "whatsapp"} and (box["actor"] == "Petugas Uji").all()
    finally:
        controller.stop()


def test_one_escaper_and_one_table_for_every_app():
    """apps/html.py holds the apps' only escaper and DataFrame-to-HTML table: its headers come from
    the one label map (``present.labels.screen_label``), its numbers from ``i18n.fmt_number``/``fmt_percent``,
    and its text cells are escaped."""
    import ast

    from kinerja_survey.apps import html as apps_html
    from kinerja_survey.i18n import Msg
    from kinerja_survey.present.labels import screen_label

    apps_dir = Path(apps_html.__file__).parent
    found = []
    for path in sorted(apps_dir.glob("*.py")):
        if path.name == "html.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("escape", "to_html"):
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") in ("esc", "h", "table", "fmt", "fmt_table",
                                                                              "table_html"):
                found.append(f"{path.name}:{node.lineno} def {node.name}")
    assert found == []
    frame = pd.DataFrame({"nama": ["<b>Budi</b> 'B'"], "rate": [0.914], "combined": [4.254],
                          "message": pd.Series([Msg("store.not_in_roster", nip="1")], dtype=object),
                          "peer_submitted": [2]})
    shown = apps_html.html_table(frame, "en", percent=("rate",))
    heads = re.findall(r"<th>(.*?)</th>", shown)
    assert heads == [html.escape(screen_label(c, "en")) for c in frame.columns]
    assert heads[:2] == ["Name", "Response"] and heads[-1] == "Peer: submitted"
    cells = re.findall(r"<td>(.*?)</td>", shown)
    assert cells == ["&lt;b&gt;Budi&lt;/b&gt; 'B'", "91%", "4.25", "Employee 1 is not in the roster.", "2"]
    assert re.findall(r"<td>(.*?)</td>", apps_html.html_table(frame, "id"))[1:3] == ["0,91", "4,25"]


def test_one_error_boundary_per_app(empty_store, monkeypatch, caplog):
    """Every widget callback of apps/ goes through the app's ``ErrorBoundary``: a ``KinerjaError``
    is shown as its message in the app's language, anything else as the catalog's generic message
    while its traceback goes to the log only."""
    import ast
    import logging

    from kinerja_survey.apps import boundary
    from kinerja_survey.store import StoreError

    apps_dir = Path(boundary.__file__).parent
    bare = []
    for path in sorted(apps_dir.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("on_click", "observe") and node.args:
                wrapped = node.args[0]
                name = getattr(getattr(wrapped, "func", None), "attr", getattr(getattr(wrapped, "func", None), "id", ""))
                if not (isinstance(wrapped, ast.Call) and name in ("guard", "callback")):
                    bare.append(f"{path.name}:{node.lineno}")
    assert bare == []

    app = AdminApp(empty_store, "en", actor="Uji")
    monkeypatch.setattr(app, "refresh_cycles", lambda: (_ for _ in ()).throw(StoreError("store.locked")))
    app.guard(lambda _b: app.refresh_cycles())(None)
    assert html.unescape(app.alert.value).endswith(t("store.locked", "en") + "</div>")
    monkeypatch.setattr(app, "refresh_cycles", lambda: {}["no such key"])
    with caplog.at_level(logging.ERROR, logger="kinerja_survey.apps"):
        app.guard(lambda _b: app.refresh_cycles())(None)
    assert t("app.unexpected", "en") in html.unescape(app.alert.value)
    assert "no such key" not in app.alert.value and "Traceback" not in app.alert.value
    assert "KeyError: 'no such key'" in caplog.text  # the operator's log has the traceback
