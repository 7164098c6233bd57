"""Dialog kinerja and development plans through two links (the supervisor's and the employee's),
through the app's state model (``apps.dialog.DialogModel``) and the store, on SQLite and
PostgreSQL; training needs for HR; progress shown in the next cycle; HR's suggestion library."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.apps.dialog import DialogModel
from kinerja_survey.store import AccessDenied, StoreError
from kinerja_survey.store.development import DialogAccessDenied


def _answer_all(store, cid, links, seed=0):
    token = dict(zip(links["nip"], links["token"]))
    rng = np.random.default_rng(seed)
    items = [i.code for i in store.instrument(cid).items]
    uc.extend_deadline(store, cid, "2099-12-31", reason="uji: periode yang sudah lewat diisi", actor="budi")
    for row in store.assignments_frame(cid).itertuples(index=False):
        values = {code: int(rng.integers(2, 6)) for code in items}
        store.save_response(token[row.rater], int(row.assignment_id), values, submit=True)


@pytest.fixture
def closed_cycle(store, small_roster):
    uc.import_roster(store, small_roster, actor="budi")
    cid = uc.create_cycle(store, "Semester I 2026", "2026-01-01", "2026-06-30", actor="budi")
    made = uc.assign(store, cid, seed=1, actor="budi")
    uc.open_cycle(store, cid, actor="budi")
    _answer_all(store, cid, made.links)
    uc.close_cycle(store, cid, actor="budi")
    return cid


@pytest.fixture
def published_cycle(store, closed_cycle):
    """The closed cycle published (dialog links are made only for published results); forced:
    the demo answers do not meet the kurva distribusi, which is not what these tests are about."""
    from kinerja_survey.cycle.calibration import cycle_ratees

    nips = cycle_ratees(store, closed_cycle)
    uc.import_hasil_kerja(store, closed_cycle, pd.DataFrame({"NIP": nips, "Rating Hasil Kerja": "Sesuai"}),
                          actor="budi")
    uc.set_org_predikat(store, closed_cycle, "Baik", actor="budi")
    uc.publish(store, closed_cycle, actor="budi", force=True, reason="Uji: dialog kinerja setelah pengumuman")
    return closed_cycle


def test_dialog_links_only_for_a_published_cycle(store, small_roster, tmp_path):
    """Dialog links are refused for an open and for a closed but unpublished cycle (the results the
    dialogue discusses may still change); nothing is written."""
    uc.import_roster(store, small_roster, actor="budi")
    cid = uc.create_cycle(store, "Semester I 2026", "2026-01-01", "2026-06-30", actor="budi")
    made = uc.assign(store, cid, seed=1, actor="budi")
    uc.open_cycle(store, cid, actor="budi")
    with pytest.raises(StoreError, match=f"periode {cid} belum diumumkan"):
        uc.issue_dialog_links(store, cid, actor="budi")
    _answer_all(store, cid, made.links)
    uc.close_cycle(store, cid, actor="budi")
    with pytest.raises(StoreError, match="hanya dibuat untuk periode yang hasilnya sudah diumumkan"):
        uc.issue_dialog_links(store, cid, actor="budi")
    assert store.dialogs_frame(cid).empty
    assert "create_dialogs" not in set(store.audit_frame()["action"])
    # the command says so in Indonesian, exit code 1, no traceback, no file
    from click.testing import CliRunner

    from kinerja_survey.cli import main

    out_path = tmp_path / "dialog.csv"
    out = CliRunner().invoke(main, ["--db", store.url, "--petugas", "budi", "tautan-dialog", str(cid),
                                    "--keluaran", str(out_path)], catch_exceptions=False)
    assert out.exit_code == 1 and f"periode {cid} belum diumumkan" in out.output and "Traceback" not in out.output
    assert not out_path.exists()


def test_dialog_flow_through_two_links(store, published_cycle):
    cid = published_cycle
    links = uc.issue_dialog_links(store, cid, actor="budi", base_url="https://dialog.example.go.id/")
    roster = store.employees_frame()
    with_boss = roster[roster["atasan_nip"] != ""]
    assert set(links["nip"]) == set(with_boss["nip"])
    assert links["tautan_atasan"].str.startswith("https://dialog.example.go.id/?token=").all()
    assert uc.issue_dialog_links(store, cid, actor="budi").empty  # once per person and cycle
    me = links.iloc[0]

    boss = DialogModel(store, me["token_atasan"])
    assert boss.role == "atasan" and boss.can_edit and not boss.can_acknowledge
    assert me["nama"] in boss.title
    # suggestions: the two weakest competencies with the library's texts, the first preselected
    assert len(boss.suggestions) == 2 and boss.suggestions[0]["suggestions"]
    assert boss.suggestions[0]["score"] <= boss.suggestions[1]["score"]
    assert boss.actions[0].competency == boss.suggestions[0]["competency"]

    # the employee cannot record, and sees nothing to acknowledge yet
    emp = DialogModel(store, me["token_pegawai"])
    assert emp.role == "pegawai" and not emp.can_edit and not emp.can_acknowledge
    assert "bukan untuk tautan Anda" in emp.save()
    with pytest.raises(DialogAccessDenied):
        store.save_dialog(me["token_pegawai"], "2026-07-10", "x", [{"competency": "BER", "kind": "coaching",
                                                                   "description": "x", "due_on": "2026-08-01"}])
    assert "belum dicatat" in emp.acknowledge()

    # a refused save says why and keeps what was typed
    boss.held_on, boss.notes = "2026-07-10", "Dibahas hasil umpan balik; fokus pada pelayanan."
    boss.actions[0].description = "Pelatihan pelayanan prima"
    boss.actions[0].due_on = "2026-07-01"  # before the dialogue
    msg = boss.save()
    assert not boss.ok and "Belum tersimpan" in msg and "Tindakan 1" in msg
    assert boss.actions[0].description == "Pelatihan pelayanan prima"
    assert store.dialog(me["token_atasan"])["held_on"] is None
    boss.actions[0].due_on = "2026-09-30"
    assert boss.add_action()
    boss.actions[1].competency, boss.actions[1].kind = "KOL", "mentoring"
    boss.actions[1].description, boss.actions[1].due_on = "Mentoring oleh Kepala Bidang", "2026-12-15"
    assert boss.add_action() and not boss.add_action()  # at most three
    boss.remove_action(2)
    assert "tersimpan" in boss.save() and boss.ok
    assert len(store.dialog(me["token_pegawai"])["actions"]) == 2

    # the employee sees it and acknowledges through their own link
    emp = DialogModel(store, me["token_pegawai"])
    assert emp.can_acknowledge and emp.held_on == "2026-07-10" and len(emp.actions) == 2
    assert [a.kind for a in emp.actions] == ["pelatihan", "mentoring"]
    assert "konfirmasi" in emp.acknowledge("Setuju, terima kasih.")
    assert emp.acknowledged_at is not None and emp.employee_note == "Setuju, terima kasih."
    # a status update keeps the acknowledgement; a change of the plan clears it
    store.set_action_status(me["token_atasan"], 1, "berjalan")
    assert store.dialog(me["token_pegawai"])["acknowledged_at"] is not None
    boss.notes += " Ditambah catatan."
    boss.save()
    assert store.dialog(me["token_pegawai"])["acknowledged_at"] is None
    # an unknown link opens nothing
    assert DialogModel(store, "x" * 32).denied
    with pytest.raises(AccessDenied):
        store.open_dialog_link("y" * 32)
    # HR: the dialog is listed; the audit log holds ids, never the notes
    st = store.dialogs_frame(cid).set_index("nip")
    assert st.loc[me["nip"], "n_actions"] == 2 and not st.loc[me["nip"], "acknowledged"]
    assert not store.audit_frame()["detail_json"].str.contains("pelayanan", case=False).any()


def test_training_needs_and_progress_in_the_next_cycle(store, published_cycle, tmp_path):
    cid = published_cycle
    links = uc.issue_dialog_links(store, cid, actor="budi")
    plans = [("pelatihan", "BER"), ("pelatihan", "BER"), ("coaching", "KOM")]
    for (kind, comp), tok in zip(plans, links["token_atasan"]):
        store.save_dialog(tok, "2026-07-10", "", [{"competency": comp, "kind": kind,
                                                  "description": "Rencana <b>pelayanan</b>", "due_on": "2026-12-31"}])
    store.set_action_status(links["token_atasan"].iloc[0], 1, "selesai")
    needs = uc.training_needs(store, cid)
    k = needs["kebutuhan_pelatihan"]
    assert k["n_tindakan"].sum() == 3
    members = store.cycle_members_frame(cid).set_index("nip")["unit_kerja"]
    units = links["nip"].iloc[:3].map(members)
    expected = pd.Series(list(zip(units, [c for _, c in plans], [k_ for k_, _ in plans]))).value_counts()
    got = k.set_index(["unit_kerja", "competency", "kind"])["n_tindakan"]
    for key, n in expected.items():
        assert got.loc[key] == n
    path = uc.export_training_needs(store, cid, tmp_path / "pelatihan.xlsx", meeting_mode=True)
    assert path.exists()
    # the next semester shows the actions planned after this one, with their status now
    nxt = uc.create_next_cycle(store, cid, actor="budi", seed=2)
    prog = uc.action_progress(store, nxt.cycle_id)
    assert len(prog) == 3 and set(prog["periode_rencana"]) == {"Semester I 2026"}
    assert prog.set_index("nip").loc[links["nip"].iloc[0], "status"] == "selesai"
    assert uc.action_progress(store, cid).empty
    # ... and the next cycle's individual report shows it (text escaped)
    uc.open_cycle(store, nxt.cycle_id, actor="budi")
    _answer_all(store, nxt.cycle_id, nxt.assigned.links, seed=5)
    uc.close_cycle(store, nxt.cycle_id, actor="budi")
    from kinerja_survey.present.reports import feedback_report, render_html, render_pdf

    report = feedback_report(uc.load_results(store, nxt.cycle_id), links["nip"].iloc[0])
    assert report.progress == [("Berorientasi Pelayanan", "Pelatihan", "Rencana <b>pelayanan</b>", "31-12-2026",
                                "Selesai")]
    page = render_html(report)
    assert "Kemajuan rencana pengembangan (Semester I 2026)" in page
    assert "Rencana &lt;b&gt;pelayanan&lt;/b&gt;" in page and "<b>pelayanan" not in page
    assert render_pdf(report)[:4] == b"%PDF"
    other = feedback_report(uc.load_results(store, nxt.cycle_id), links["nip"].iloc[5])
    assert other.progress == [] and "Kemajuan rencana" not in render_html(other)


def test_hr_replaces_the_suggestion_library(store, closed_cycle, tmp_path):
    cid = closed_cycle
    before = uc.load_results(store, cid).suggestions
    bad = tmp_path / "saran.yaml"
    bad.write_text("BER: [Ikuti pelatihan]\nXYZ: [Apa saja]\n", encoding="utf-8")
    with pytest.raises(uc.CycleError, match="XYZ"):
        uc.import_suggestions(store, bad, actor="sari")
    with pytest.raises(uc.CycleError, match="daftar teks"):
        uc.import_suggestions(store, "BER: [1, 2]\n", actor="sari")
    with pytest.raises(uc.CycleError, match="YAML"):
        uc.import_suggestions(store, "BER: [a\n  b: ]]\n", actor="sari")
    assert uc.load_results(store, cid).suggestions == before  # unchanged after refusals
    good = tmp_path / "saran-bkd.yaml"
    good.write_text("BER:\n  - Magang di unit layanan publik selama dua minggu\nKOL:\n  - Proyek lintas bidang\n",
                    encoding="utf-8")
    table = uc.import_suggestions(store, good, actor="sari")
    assert table["BER"] == ("Magang di unit layanan publik selama dua minggu",)
    res = uc.load_results(store, cid)
    assert res.suggestions["KOL"] == ("Proyek lintas bidang",) and "AKU" not in res.suggestions
    assert store.audit_frame()["actor"].iloc[-1] == "sari"


def test_dialog_view_draws_the_model_in_both_languages(store, published_cycle):
    """The widgets (no browser): the supervisor's view edits, the employee's reads; English on request."""
    from kinerja_survey.apps.dialog import DialogView

    links = uc.issue_dialog_links(store, published_cycle, actor="budi")
    me = links.iloc[0]
    view = DialogView(DialogModel(store, me["token_atasan"], "en"))
    html = " ".join(getattr(w, "value", "") for w in view.widget.children if isinstance(getattr(w, "value", None), str))
    assert "Performance dialogue" in html and "Not yet acknowledged" in html
    view.date.value, view.notes.value = "2026-07-10", "<script>x</script>"
    view.rows[0]["description"].value, view.rows[0]["due"].value = "Pelatihan", "2026-08-01"
    view._save()
    assert view.model.ok and store.dialog(me["token_atasan"])["notes"] == "<script>x</script>"
    emp = DialogView(DialogModel(store, me["token_pegawai"]))
    shown = " ".join(w.value for w in emp.widget.children if isinstance(getattr(w, "value", None), str))
    assert "&lt;script&gt;" in shown and "<script>x" not in shown
    emp.note.value = "Setuju"
    emp._ack()
    assert store.dialog(me["token_pegawai"])["acknowledged_at"] is not None
