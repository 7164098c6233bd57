"""Continuous feedback during the period: supervisors (and peers when enabled) write notes through
their own rater links, tagged by BerAKHLAK value; the employee sees them, the evaluating official
sees them when rating, HR sees only counts; every edit is a new version.  SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import cli_as

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.store import StoreError
from kinerja_survey.store.feedback import PEER_FEEDBACK_SETTING


@pytest.fixture
def open_cycle(store, small_roster):
    uc.import_roster(store, small_roster, actor="budi")
    cid = uc.create_cycle(store, "Penilaian 2026", "2026-01-01", "2026-12-31", actor="budi")
    uc.extend_deadline(store, cid, "2099-12-31", reason="uji: periode yang sudah lewat diisi", actor="budi")
    made = uc.assign(store, cid, seed=1, actor="budi")
    uc.open_cycle(store, cid, actor="budi")
    return cid, dict(zip(made.links["nip"], made.links["token"]))


def test_feedback_notes_roles_visibility_and_versions(store, open_cycle):
    cid, token = open_cycle
    asg = store.assignments_frame(cid)
    sup = asg[asg["relationship"] == "supervisor"].iloc[0]
    boss, emp = sup["rater"], sup["ratee"]
    peer = asg[(asg["relationship"] == "peer") & (asg["ratee"] == emp)].iloc[0]["rater"]
    outsider = next(n for n in token if n not in set(asg.loc[asg["ratee"] == emp, "rater"]) and n != emp)

    assert emp in set(store.feedback_targets(token[boss])["nip"])
    nid = store.add_feedback(token[boss], emp, "BER", "Cepat menanggapi keluhan warga minggu ini.")
    # peers may not write until HR enables it; outsiders never; unknown values refused
    with pytest.raises(StoreError, match="tidak dapat memberi"):
        store.add_feedback(token[peer], emp, "KOL", "Kerja sama baik.")
    with pytest.raises(StoreError, match="tidak dapat memberi"):
        store.add_feedback(token[outsider], emp, "KOL", "Kerja sama baik.")
    with pytest.raises(StoreError, match="tidak dikenal"):
        store.add_feedback(token[boss], emp, "XYZ", "Teks.")
    with pytest.raises(StoreError, match="wajib"):
        store.add_feedback(token[boss], emp, "BER", "   ")
    store.set_setting(PEER_FEEDBACK_SETTING, True, actor="budi")
    store.add_feedback(token[peer], emp, "KOL", "Kerja sama baik dalam proyek data.")

    # the employee sees both; the peer's without a name, the supervisor's with it
    got = store.feedback_received(token[emp]).set_index("author_role")
    assert set(got.index) == {"supervisor", "peer"}
    assert got.loc["peer", "author_name"] == "" and got.loc["supervisor", "author_name"] != ""
    # an edit is a new version; the employee sees the latest, the author the history
    assert store.edit_feedback(token[boss], nid, "AKU", "Tepat waktu dan teliti dalam laporan.") == 2
    got = store.feedback_received(token[emp]).set_index("note_id")
    assert got.loc[nid, "value_code"] == "AKU" and got.loc[nid, "version"] == 2
    hist = store.feedback_history(token[boss], nid)
    assert hist["version"].tolist() == [1, 2] and hist["text"].iloc[0].startswith("Cepat")
    with pytest.raises(StoreError, match="tidak ditemukan"):
        store.edit_feedback(token[peer], nid, "BER", "bukan milik saya")
    # the evaluating official sees every note when rating; another rater's form shows none
    sup_form = int(sup["assignment_id"])
    assert len(store.feedback_for_rating(token[boss], sup_form)) == 2
    peer_form = int(asg[(asg["rater"] == peer) & (asg["ratee"] == emp)]["assignment_id"].iloc[0])
    assert store.feedback_for_rating(token[peer], peer_form).empty
    # HR: counts only, no text
    counts = store.feedback_counts(cid)
    assert "text" not in counts.columns and counts["n"].sum() == 2
    assert set(counts["value_code"]) == {"AKU", "KOL"}
    assert not store.audit_frame()["detail_json"].str.contains("warga|laporan", case=False).any()
    # the HR command: counts per unit and value, never a text; the peer setting named in the audit log
    runner = CliRunner()
    out = runner.invoke(main, ["--db", store.url, "--petugas", "Siti Rahma", "umpan-balik", str(cid), "--rekan", "tidak"])
    assert out.exit_code == 0, out.output
    assert "tidak lagi boleh" in out.output and "Oleh atasan" in out.output
    assert "warga" not in out.output.lower() and "laporan" not in out.output.lower()
    summary = uc.feedback_summary(store, cid)
    assert summary[["atasan", "rekan"]].sum().tolist() == [1, 1] and summary["pegawai"].max() == 1
    assert not uc.peer_feedback_enabled(store)
    assert (store.audit_frame()["actor"] == cli_as("Siti Rahma")).any()
    with pytest.raises(StoreError, match="tidak dapat memberi"):  # the setting is in force
        store.add_feedback(token[peer], emp, "KOL", "Lagi.")
    # after the period closes the links stop working, also for feedback
    uc.close_cycle(store, cid, actor="budi")
    with pytest.raises(StoreError):
        store.add_feedback(token[boss], emp, "BER", "Terlambat.")
