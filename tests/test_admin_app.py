"""The admin app's widget logic, without a browser, against real SQLite stores."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import io
import re
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
    app.close_button.click()
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
                                                     ("tab_cycles", "tab_roster", "tab_assign", "tab_monitor", "tab_reminders")]
    box = admin_app_from_request(query_string="")
    assert box.children[-1].get_title(0) == "Periode"


def test_csv_download_escapes_filename():
    html_text = csv_download_html(pd.DataFrame({"a": ["x"]}), "a'b.csv", "<Unduh>")
    assert "a&#x27;b.csv" in html_text and "&lt;Unduh&gt;" in html_text
