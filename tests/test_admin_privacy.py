"""The admin app's "Data pribadi" tab (UU 27/2022 correction and access) and its "Cakupan penilai"
tab (issue 23: ``cycle.coverage_review`` on screen), on real SQLite stores; the correction screen in
Chromium at 1366x768 through a real Voilà server, driven from the keyboard (``-m browser``)."""

from __future__ import annotations

import html
import json
import logging

import pytest
from test_browser import browser  # noqa: F401 - the one Chromium fixture of the browser tests

from kinerja_survey import cycle as uc
from kinerja_survey.apps.admin import AdminApp
from kinerja_survey.demo import build_demo
from kinerja_survey.i18n import t
from kinerja_survey.store import Store, StoreError

ACTOR = "Petugas Uji"


@pytest.fixture(autouse=True)
def _acting_person(monkeypatch):
    monkeypatch.setenv("KINERJA_SURVEY_ACTOR", ACTOR)


@pytest.fixture
def demo(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    result = build_demo(store, n_employees=30, seed=4)
    yield store, result
    store.dispose()


def shown(widget) -> str:
    return html.unescape(widget.value)


def stored(store, nip: str) -> dict:
    return uc.privacy.correctable_values(store, nip)


# --- the correction screen --------------------------------------------------------------------------

def test_a_correction_is_found_previewed_confirmed_and_audited(demo):
    store, _ = demo
    app = AdminApp(store)
    tab = app.privacy
    assert tab.editor.layout.display == "none"  # nothing to edit before a person is chosen
    tab.find_button.click()
    assert t("privacy.app_query_needed", "id") in shown(tab.find_message)
    tab.search.value = "Tidak Ada Orang Ini"
    tab.find_button.click()
    assert t("privacy.app_none_found", "id", query="Tidak Ada Orang Ini") in shown(tab.find_message)
    # a part of a name matches several people: they are listed to choose from
    roster = store.employees_frame()
    tab.search.value = "a"
    tab.find_button.click()
    many = [n for n in roster["nip"] if "a" in roster.set_index("nip").at[n, "nama"].lower()]
    assert len(tab.person.options) == min(len(many), 20) > 1 and tab.nip is None
    # a NIP typed as HR writes it (dots, spaces, a leading apostrophe) finds one person at once
    row = roster.iloc[4]
    nip = row["nip"]
    tab.search.value = f"'{nip[:8]} {nip[8:14]}.{nip[14]}-{nip[15:]}"
    tab.find_button.click()
    assert tab.nip == nip and tab.editor.layout.display is None
    before = stored(store, nip)
    assert {f: box.value for f, box in tab.fields.items()} == {f: before[f] for f in uc.privacy.CORRECTABLE}
    assert row["nama"] in shown(tab.current) and "Jenis kelamin" in shown(tab.current)

    # a refused value says why and keeps everything typed; nothing is written
    tab.fields["name"].value = "  Siti   Rahmawati  "
    tab.fields["gender"].value = "X"
    tab.preview_button.click()
    message = shown(tab.message)
    assert "ks-msg-error" in message and "Jenis kelamin" in message and "L (laki-laki) atau P (perempuan)" in message
    assert tab.fields["gender"].value == "X" and tab.fields["name"].value == "  Siti   Rahmawati  "
    assert tab.confirm_button.layout.display == "none" and stored(store, nip) == before

    # a preview lists only what changes, normalised
    tab.fields["gender"].value = "perempuan" if before["gender"] == "P" else "laki-laki"
    tab.fields["phone"].value = "0812 3456 7890"
    tab.preview_button.click()
    assert tab.confirm_button.layout.display is None
    assert tab.last_preview["field"].tolist() == ["name", "phone"]
    assert tab.last_preview["baru"].tolist() == ["Siti Rahmawati", "6281234567890"]
    table = shown(tab.preview_table)
    assert "Nilai tersimpan" in table and "Nilai baru" in table and "6281234567890" in table
    assert stored(store, nip) == before  # a preview writes nothing
    # editing a value again hides the confirm button until the next preview
    tab.fields["jabatan"].value = before["jabatan"] + " "
    assert tab.confirm_button.layout.display == "none"
    tab.fields["jabatan"].value = before["jabatan"]
    tab.preview_button.click()

    # no reason: refused, the values stay typed
    audited = len(store.audit_frame())
    tab.reason.value = "ok"
    tab.confirm_button.click()
    assert t("privacy.reason_required", "id") in shown(tab.message)
    assert tab.fields["phone"].value == "0812 3456 7890" and stored(store, nip) == before
    # nobody named: refused
    app.actor_input.value = ""
    tab.reason.value = "permintaan pegawai (surat 12/2026)"
    tab.confirm_button.click()
    assert t("actor_needed", "id") in shown(tab.message) and stored(store, nip) == before
    app.actor_input.value = ACTOR
    tab.confirm_button.click()
    after = stored(store, nip)
    assert after["name"] == "Siti Rahmawati" and after["phone"] == "6281234567890"
    assert {k: v for k, v in after.items() if k not in ("name", "phone")} == \
        {k: v for k, v in before.items() if k not in ("name", "phone")}
    assert t("privacy.app_done", "id", n=2, nip=nip, actor=ACTOR) in shown(tab.message)
    assert tab.fields["phone"].value == "6281234567890" and tab.reason.value == ""
    audit = store.audit_frame().iloc[audited:]
    assert audit["action"].tolist() == ["correct_personal_data"] * 2 and set(audit["actor"]) == {ACTOR}
    details = [json.loads(d) for d in audit["detail_json"]]
    assert [d["field"] for d in details] == ["name", "phone"]
    assert all(nip not in d and "Siti" not in d and "6281" not in d for d in audit["detail_json"])
    # typing the stored values again changes nothing: said so
    tab.preview_button.click()
    assert t("privacy.nothing_changed", "id", nip=nip) in shown(tab.message)


def test_the_correction_screen_in_english_and_the_cli_checks_the_same_values(demo):
    store, _ = demo
    app = AdminApp(store, "en")
    tab = app.privacy
    # the fields are named as their columns are on every screen (present.labels.screen_label)
    assert [box.description for box in tab.fields.values()] == ["Name", "Position", "Grade", "Sex", "E-mail", "Mobile"]
    nip = store.employees_frame()["nip"].iloc[2]
    tab.search.value = nip
    tab.find_button.click()
    tab.fields["golongan"].value = "iii/B"
    tab.fields["email"].value = "bukan-email"
    tab.preview_button.click()
    assert "not a valid e-mail address" in shown(tab.message) and tab.fields["email"].value == "bukan-email"
    tab.fields["email"].value = "Siti@Contoh.go.id"
    assert tab.preview() is not None
    assert dict(zip(tab.last_preview["field"], tab.last_preview["baru"]))["email"] == "siti@contoh.go.id"
    # the same check through the cycle layer the CLI calls
    with pytest.raises(uc.privacy.PrivacyError, match="golongan"):
        uc.correct_personal_data(store, nip, "golongan", "V/z", reason="permintaan pegawai", actor=ACTOR)
    uc.correct_personal_data(store, nip, "golongan", "iv/a", reason="permintaan pegawai", actor=ACTOR)
    assert stored(store, nip)["golongan"] == "IV/a"
    # and the CLI's koreksi-data: a refused value says why, nothing written
    from click.testing import CliRunner

    from kinerja_survey.cli import main

    gender = stored(store, nip)["gender"]
    out = CliRunner().invoke(main, ["--db", str(store.url).removeprefix("sqlite:///"), "--petugas", ACTOR,
                                    "koreksi-data", nip, "--kolom", "gender", "--nilai", "X",
                                    "--alasan", "permintaan pegawai"])
    assert out.exit_code == 1 and "L (laki-laki) atau P (perempuan)" in out.output
    assert stored(store, nip)["gender"] == gender


# --- the coverage tab -------------------------------------------------------------------------------

def test_the_coverage_tab_shows_the_review_with_causes_fixes_and_levels(demo):
    store, result = demo
    cid = result.cycle_id
    app = AdminApp(store)
    tab = app.coverage
    review = uc.coverage_review(store, cid)
    assert len(review.short) > 0
    assert tab.last is not None and tab.last.short[["nip", "kode"]].equals(review.short[["nip", "kode"]])
    table = shown(tab.short_table)
    for head in ("Kelompok", "Minimum", "Didapat", "Sebab", "Saran", "Unit kerja"):
        assert f"<th>{head}</th>" in table
    for r in review.short.itertuples():
        assert r.nama in table and r.sebab.render("id") in table and r.saran.render("id") in table
    assert t("hr.cov_head", "id", n=len(review.short), people=review.short["nip"].nunique()) in shown(tab.short_summary)
    levels = shown(tab.levels_table)
    assert "<th>Tingkat jabatan</th>" in levels and "<th>Kurang rekan</th>" in levels
    assert all(str(level) in levels for level in review.by_level["tingkat"])
    assert "batas beban 12 formulir" in shown(tab.intro)
    assert t("hr.cov_over_none", "id") in shown(tab.over_summary)

    # judged by a cap of 3: the raters over it are listed with why, under "Batas" (not the deadline)
    uc.hr.keep_assign_options(store, cid, actor=ACTOR, max_load=3)
    tab.refresh_button.click()
    over = uc.coverage_review(store, cid).overloaded
    assert len(over) > 0
    table = shown(tab.over_table)
    assert "<th>Beban</th>" in table and "<th>Batas</th>" in table and "Batas pengisian" not in table
    for r in over.itertuples():
        assert r.nama in table and r.sebab.render("id") in table
    # the same tab in English
    english = shown(AdminApp(store, "en").coverage.short_table)
    assert "<th>Cause</th>" in english and "<th>Fix</th>" in english and "<th>Group</th>" in english


def test_a_failing_coverage_review_stays_in_its_tab(demo, monkeypatch, caplog):
    store, _ = demo

    def refused(*_a, **_k):
        raise StoreError("store.locked")

    monkeypatch.setattr(uc, "coverage_review", refused)
    with caplog.at_level(logging.ERROR, logger="kinerja_survey.apps"):
        app = AdminApp(store)
    alerts = {name: shown(alert) for name, alert in app.tab_alerts.items() if alert.value}
    assert list(alerts) == ["coverage"] and t("store.locked", "id") in alerts["coverage"]
    assert "Bagian ini tidak dapat ditampilkan" in alerts["coverage"] and app.alert.value == ""
    assert "<table" in app.rates_table.value  # the others are drawn
    monkeypatch.undo()
    app.refresh_cycles()
    assert app.tab_alerts["coverage"].value == "" and "<table" in app.coverage.short_table.value


def test_without_a_period_the_coverage_tab_says_to_choose_one(tmp_path):
    store = Store(tmp_path / "kosong.sqlite")
    try:
        app = AdminApp(store)
        assert t("no_cycle", "id") in shown(app.coverage.intro) and app.coverage.short_table.value == ""
        assert app.tab_alerts["coverage"].value == "" and app.tab_alerts["privacy"].value == ""
    finally:
        store.dispose()


# --- in Chromium: the correction screen at 1366x768, from the keyboard ---------------------------------

@pytest.mark.browser
def test_the_correction_screen_in_chromium_from_the_keyboard(demo, tmp_path, browser):  # noqa: F811
    from test_browser import TIMEOUT_MS, free_port, log_in

    from kinerja_survey.apps.serve import start_app

    store, _ = demo
    nip = store.employees_frame()["nip"].iloc[6]
    before = stored(store, nip)
    admin = start_app("admin", store.url, port=free_port(), pool_size=0, log_path=tmp_path / "admin.log")
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(TIMEOUT_MS)
        log_in(page, admin, store, "operator.privasi", "operator", "Operator Data Pribadi")
        page.wait_for_selector(".ks-admin")
        page.locator(".ks-admin table").first.wait_for()
        tab = page.locator(".ks-admin .lm-TabBar-tab, .ks-admin .p-TabBar-tab").filter(has_text=t("privacy.tab", "id"))
        tab.click()
        search = page.locator(".ks-privacy-search input")
        search.wait_for()
        search.focus()
        page.keyboard.type(f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")
        page.keyboard.press("Tab")  # leaving the box sends it whole; then the search button
        assert page.evaluate("document.activeElement.textContent").strip() == t("privacy.app_find", "id")
        page.keyboard.press("Enter")
        name_box = page.locator(".ks-privacy-name input")
        try:
            name_box.wait_for(state="visible", timeout=30_000)
        except Exception as exc:
            raise AssertionError(page.locator(".ks-privacy").inner_text()[:1500]) from exc
        page.wait_for_function(f"document.querySelector('.ks-privacy-name input').value === {json.dumps(before['name'])}")
        name_box.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("Budi Santoso Perbaikan")
        page.locator(".ks-privacy-reason input").focus()
        page.keyboard.type("permintaan pegawai lewat surat")
        page.keyboard.press("Tab")  # to Pratinjau (the reason sent on leaving its box)
        page.keyboard.press("Enter")
        confirm = page.locator(".ks-privacy-confirm")
        confirm.wait_for(state="visible")
        assert "Budi Santoso Perbaikan" in page.locator(".ks-privacy").inner_text()
        assert stored(store, nip)["name"] == before["name"]  # the preview wrote nothing
        page.keyboard.press("Tab")  # to Simpan koreksi
        assert page.evaluate("document.activeElement.textContent").strip() == t("privacy.app_confirm", "id")
        page.keyboard.press("Enter")
        page.locator(".ks-privacy .ks-msg-ok").wait_for()
        assert stored(store, nip)["name"] == "Budi Santoso Perbaikan"
        audit = store.audit_frame().iloc[-1]
        assert audit["action"] == "correct_personal_data" and audit["actor"] == "operator.privasi"  # the account
        # the access export's button, and nothing wider than the screen
        page.locator(".ks-privacy-access").click()
        link = page.locator(".ks-privacy a.ks-download")
        link.wait_for()
        assert link.get_attribute("download") == f"data-pribadi-{nip}.xlsx"
        assert uc.export_log_frame(store).iloc[-1]["what"] == "data-pribadi"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        assert page.locator(".ks-tab-failed").count() == 0 and page.locator(".ks-msg-error:visible").count() == 0
        page.screenshot(path=str(tmp_path / "koreksi-1366.png"), full_page=True)
        page.close()
    finally:
        admin.stop()
    log = (tmp_path / "admin.log").read_text(encoding="utf-8", errors="replace")
    assert "unexpected error in an app callback" not in log
