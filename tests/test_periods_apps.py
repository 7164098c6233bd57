"""Issue 15's parts in the rater app, on a real database without a browser: a stakeholder's link
opens their one form and stores through the rater path; continuous feedback notes are written,
edited (versions) and read through the rater links; the evaluating official sees them on the
form; a dialog kinerja link opens the dialog screen in the same app.  (The same flows in Chromium
at 360 px: tests/test_periods_browser.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.apps.rater import RaterApp
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

from test_forms import texts


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("periods-apps") / "demo.sqlite")
    result = build_demo(store, n_employees=30, seed=7, submit_rate=0.3, draft_rate=0.0)
    yield store, result
    store.dispose()


def _token(result, nip):
    return result.links.set_index("nip").at[nip, "token"]


def test_stakeholder_link_opens_one_form_and_stores_through_the_rater_path(demo):
    store, result = demo
    ratee = result.links["nip"].iloc[4]
    links = uc.add_stakeholders(store, result.cycle_id, pd.DataFrame(
        {"nip": [ratee], "nama": ["Ibu <b>Warga</b>"], "kontak": ["warga@contoh.example.id"]}), actor="budi")
    app = RaterApp(store, links["token"].iloc[0])
    assert app.view == "tasks" and len(app.tasks) == 1 and app.tasks[0]["relationship"] == "stakeholder"
    shown = texts(app.widget)
    assert "pemangku kepentingan" in shown and "Ibu &lt;b&gt;Warga&lt;/b&gt;" in shown  # escaped name
    assert app.session.rater_id is None and not hasattr(app, "feedback")  # no feedback notes for outsiders
    form = app.open_form(int(app.tasks[0]["assignment_id"]))
    assert all(w.value is None for w in form.items.values())  # nothing pre-filled
    form.submit_button.click()  # unanswered: refused, nothing submitted
    assert not form.locked and form.missing
    values = {code: 2 + k % 3 for k, code in enumerate(form.items)}
    for code, v in values.items():
        form.items[code].value = v
    form.submit_button.click()
    assert form.locked
    got = store.stakeholder_ratings_frame(result.cycle_id)
    assert dict(zip(got["item"], got["rating"].astype(int))) == values
    assert set(got["ratee"]) == {ratee}


def test_feedback_notes_written_edited_and_read_through_rater_links(demo):
    store, result = demo
    asg = store.assignments_frame(result.cycle_id)
    sup = asg[asg["relationship"] == "supervisor"].iloc[0]
    boss, emp = sup["rater"], sup["ratee"]
    app = RaterApp(store, _token(result, boss))
    panel = app.feedback
    panel.flip()
    assert panel.opened and emp in [v for _, v in panel.person.options]
    assert panel.person.value == "" and panel.value.value == ""  # nothing pre-selected
    panel.text.value = "Pelayanan <i>cepat</i> minggu ini."
    _click(panel, "ks-fb-save")
    assert "Pilih pegawai" in texts(panel.widget)  # refused: says why ...
    assert panel.text.value == "Pelayanan <i>cepat</i> minggu ini."  # ... and keeps the text
    assert store.feedback_given_records(_token(result, boss)) == []
    panel.person.value = emp
    panel.value.value = "BER"
    _click(panel, "ks-fb-save")
    given = store.feedback_given_records(_token(result, boss))
    assert [(n["nip"], n["value_code"], n["text"], n["version"]) for n in given] == [
        (emp, "BER", "Pelayanan <i>cepat</i> minggu ini.", 1)]
    _click(panel, "ks-fb-edit")
    assert panel.text.value == "Pelayanan <i>cepat</i> minggu ini." and panel.person.disabled
    panel.text.value = "Pelayanan cepat dan ramah."
    _click(panel, "ks-fb-save")
    assert "(versi 2)" in texts(panel.widget)
    assert len(store.feedback_history(_token(result, boss), given[0]["note_id"])) == 2

    # the employee reads it through their own link, with the supervisor's name
    mine = RaterApp(store, _token(result, emp))
    mine.feedback.flip()
    shown = texts(mine.feedback.widget)
    assert "Pelayanan cepat dan ramah." in shown
    assert store.employees_frame().set_index("nip").at[boss, "nama"] in shown
    # the evaluating official sees the note at the top of the supervisor's form, escaped
    form = app.open_form(int(sup["assignment_id"]))
    header = texts(form.widget)
    assert "Pelayanan cepat dan ramah." in header and "Catatan umpan balik selama periode" in header
    # a peer of the employee sees no note on their form and cannot write one (HR has not enabled it)
    peer = asg[(asg["relationship"] == "peer") & (asg["ratee"] == emp)].iloc[0]
    papp = RaterApp(store, _token(result, peer["rater"]))
    papp.feedback.flip()
    assert emp not in [v for _, v in getattr(papp.feedback, "person", _NoPerson).options]
    pform = papp.open_form(int(peer["assignment_id"]))
    assert "Pelayanan cepat" not in texts(pform.widget)


class _NoPerson:
    options: list = []


def _click(panel, cls):
    stack = [panel.widget]
    while stack:
        w = stack.pop(0)
        if cls in getattr(w, "_dom_classes", ()):
            w.click()
            return
        stack.extend(getattr(w, "children", ()) or ())
    pytest.fail(f"no {cls} in the panel")


def test_dialog_link_opens_the_dialog_screen_in_the_rater_app(tmp_path):
    store = Store(tmp_path / "d.sqlite")
    result = build_demo(store, n_employees=30, seed=8, submit_rate=0.9, draft_rate=0.0)
    uc.close_cycle(store, result.cycle_id, actor="budi")
    from kinerja_survey.cycle.calibration import cycle_ratees  # dialog links only for published results

    uc.import_hasil_kerja(store, result.cycle_id, pd.DataFrame({"NIP": cycle_ratees(store, result.cycle_id), "Rating Hasil Kerja": "Sesuai"}),
                          actor="budi")
    uc.set_org_predikat(store, result.cycle_id, "Baik", actor="budi")
    uc.publish(store, result.cycle_id, actor="budi", force=True, reason="Uji: dialog kinerja setelah pengumuman")
    links = uc.issue_dialog_links(store, result.cycle_id, actor="budi", base_url="http://127.0.0.1:8866/")
    assert links["tautan_atasan"].iloc[0] == f"http://127.0.0.1:8866/?token={links['token_atasan'].iloc[0]}"
    app = RaterApp(store, links["token_atasan"].iloc[0])
    assert app.view == "dialog" and app.dialog.model.role == "atasan"
    emp = RaterApp(store, links["token_pegawai"].iloc[0])
    assert emp.view == "dialog" and emp.dialog.model.role == "pegawai"
    assert RaterApp(store, "z" * 32).view == "denied"
    store.dispose()


def test_admin_periods_tab_runs_every_step_through_the_use_cases(tmp_path):
    """The admin app's "Periode & pengembangan" tab: nothing happens without a named person; the
    next period, stakeholders (a bad row named, nothing added), dialog links, the peer-notes
    setting and the three workbooks; links offered once as CSV; the audit log names the person."""
    import base64
    import io
    import re

    import openpyxl

    from kinerja_survey.apps.admin import AdminApp
    from test_admin_app import csv_from_download, shown, upload_value

    store = Store(tmp_path / "a.sqlite")
    result = build_demo(store, n_employees=30, seed=8, submit_rate=0.9, draft_rate=0.0)
    uc.close_cycle(store, result.cycle_id, actor="budi")
    from kinerja_survey.cycle.calibration import cycle_ratees  # dialog links only for published results

    uc.import_hasil_kerja(store, result.cycle_id, pd.DataFrame({"NIP": cycle_ratees(store, result.cycle_id), "Rating Hasil Kerja": "Sesuai"}),
                          actor="budi")
    uc.set_org_predikat(store, result.cycle_id, "Baik", actor="budi")
    uc.publish(store, result.cycle_id, actor="budi", force=True, reason="Uji: dialog kinerja setelah pengumuman")
    audited = len(store.audit_frame())
    app = AdminApp(store, rater_url="https://penilaian.example.go.id/")
    tab = app.periods
    app.cycle_select.value = result.cycle_id
    assert tab.make_next() is None and len(store.cycles_frame()) == 1  # nobody named: nothing made
    app.actor_input.value = "Siti Rahma"
    ratee = result.links["nip"].iloc[2]
    bad = f"nip,nama,kontak\n{ratee},Pak Warga,bukan-kontak\n".encode()
    tab.sh_upload.value = upload_value("pk.csv", bad)
    assert tab.add_stakeholders() is None and store.stakeholders_frame(result.cycle_id).empty
    assert "baris" in shown(tab.sh_message).lower() or "kontak" in shown(tab.sh_message).lower()
    # a closed cycle takes no stakeholders: the next period does
    new_id = tab.make_next()
    assert new_id is not None and store.cycle(new_id)["status"] == "draft"
    links = csv_from_download(tab.next_message.value)
    assert len(links) > 0 and links["tautan"].str.startswith("https://penilaian.example.go.id/?token=").all()
    app.cycle_select.value = new_id
    tab.sh_upload.value = upload_value("pk.csv", f"nip,nama,kontak\n{ratee},Pak Warga,warga@contoh.example.id\n".encode())
    got = tab.add_stakeholders()
    assert len(got) == 1 and "token" not in csv_from_download(tab.sh_message.value).columns
    assert "Pak Warga" in shown(tab.sh_table)
    # dialog links for the finished period
    app.cycle_select.value = result.cycle_id
    dl = tab.issue_dialogs()
    assert len(dl) > 0 and set(csv_from_download(tab.dlg_message.value).columns) >= {"tautan_atasan", "tautan_pegawai"}
    assert tab.issue_dialogs().empty  # a second run makes none
    # the suggestion library: a bad file changes nothing; the one in force round-trips
    before = uc.current_suggestions(store)
    tab.lib_upload.value = upload_value("saran.yaml", b"XYZ: [ ]\n")
    assert tab.import_library() is None and uc.current_suggestions(store) == before
    tab.lib_download_button.click()  # the file is made (and recorded) when asked for
    m = re.search(r"base64,([A-Za-z0-9+/=]+)'", tab.lib_download.value)
    edited = base64.b64decode(m.group(1)).decode("utf-8") + "- Magang singkat di unit pelayanan lain\n"
    tab.lib_upload.value = upload_value("saran.yaml", edited.encode("utf-8"))
    assert tab.import_library() is not None
    last = list(uc.current_suggestions(store))[-1]
    assert uc.current_suggestions(store)[last][-1] == "Magang singkat di unit pelayanan lain"
    # the peer-notes setting
    tab.fb_peers.value = True
    assert uc.peer_feedback_enabled(store)
    # the workbooks (meeting mode by default); one finished period so far: a run of one
    tab.dl_runs.value = 1
    for what, sheet in (("trends", "tren_unit"), ("talent", "kuadran_periode"), ("training", None)):
        data = getattr(tab, "download")(what)
        assert data is not None, shown(tab.dl_message)
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert sheet is None or sheet in book.sheetnames
        m = re.search(r"base64,([A-Za-z0-9+/=]+)'", tab.dl_message.value)
        assert base64.b64decode(m.group(1)) == data
    assert set(store.audit_frame()["actor"].iloc[audited:]) == {"Siti Rahma"}
    store.dispose()
