"""HR operations (kinerja_survey.cycle.hr, store.hr) on real SQLite and PostgreSQL stores:
deadlines, confirmations of destructive steps, mid-cycle changes, the rater-list review, and
invitations/reminders sent through a real SMTP server (aiosmtpd) started on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import io
import json
import socket
import time
import urllib.parse
import zipfile

import pandas as pd
import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.collect.roster import RosterError, validate_roster
from kinerja_survey.demo import open_demo_cycle
from kinerja_survey.store import AccessDenied, DeadlinePassed, StoreError

ACTOR = "Siti Rahma (BKPSDM)"


def audit(store, action):
    log = store.audit_frame()
    return log[log["action"] == action]


def answers_for(store, cid):
    return {i.code: 4 for i in store.instrument(cid).items}


@pytest.fixture
def running(store):
    """An open cycle (40 people) with contacts for everyone."""
    demo = open_demo_cycle(store, 40, seed=3, actor=ACTOR)
    return store, demo


def with_contacts(roster: pd.DataFrame) -> pd.DataFrame:
    out = roster.copy()
    out["E-mail"] = [f"pegawai{i}@contoh.go.id" for i in range(len(out))]
    out["No. HP"] = [f"0812-3456-{i:04d}" for i in range(len(out))]
    return out


# --- deadlines -------------------------------------------------------------------------------------

def test_deadline_defaults_to_the_end_of_the_period_and_is_shown(running):
    store, demo = running
    info = uc.deadline_info(store, demo.cycle_id)
    assert info["deadline"] == dt.datetime(2026, 12, 31, 17, 0)  # 24.00 WIB = 17.00 UTC
    assert info["text"] == "31-12-2026 pukul 23.59 WIB"
    assert uc.deadline_line(store, demo.cycle_id) == "Batas pengisian: 31-12-2026 pukul 23.59 WIB"
    assert store.deadline_text(demo.cycle_id) == info["text"]


def test_saves_after_the_deadline_are_refused_by_the_store_until_extended(store, small_roster):
    uc.import_roster(store, small_roster, actor=ACTOR)
    cid = uc.create_cycle(store, "Periode lampau", "2020-01-01", "2020-12-31", actor=ACTOR)
    made = uc.assign(store, cid, seed=1, actor=ACTOR)
    uc.open_cycle(store, cid, actor=ACTOR)
    token = made.links["token"].iloc[0]
    session = store.open_link(token)  # the link still opens: the rater sees why nothing saves
    aid = int(store.rater_tasks(session)["assignment_id"].iloc[0])
    with pytest.raises(DeadlinePassed, match="Batas waktu pengisian .*31-12-2020 pukul 23.59 WIB.* sudah lewat"):
        store.save_response(token, aid, answers_for(store, cid), submit=True)
    with pytest.raises(DeadlinePassed):
        store.save_response(token, aid, {}, submit=False)
    assert store.load_response(session, aid)["status"] == "pending"
    # an extension needs a reason and must move the deadline later
    with pytest.raises(StoreError, match="Alasan"):
        uc.extend_deadline(store, cid, "2099-01-31", reason="", actor=ACTOR)
    with pytest.raises(StoreError, match="harus sesudah"):
        uc.extend_deadline(store, cid, "2020-06-30", reason="salah ketik", actor=ACTOR)
    new = uc.extend_deadline(store, cid, "2099-01-31", reason="banyak pegawai dinas luar", actor=ACTOR)
    assert new == dt.datetime(2099, 1, 31, 17, 0)
    assert store.save_response(token, aid, answers_for(store, cid), submit=True)["status"] == "submitted"
    row = audit(store, "set_deadline").iloc[-1]
    assert row["actor"] == ACTOR and json.loads(row["detail_json"])["reason"] == "banyak pegawai dinas luar"


def test_reopen_a_closed_cycle_with_a_reason_and_a_new_deadline(store, small_roster):
    uc.import_roster(store, small_roster, actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2020-01-01", "2020-12-31", actor=ACTOR)
    made = uc.assign(store, cid, seed=1, actor=ACTOR)
    with pytest.raises(StoreError, match="Hanya periode yang ditutup"):
        uc.reopen_cycle(store, cid, reason="buka lagi periode", actor=ACTOR)  # draft: not closed
    uc.open_cycle(store, cid, actor=ACTOR)
    uc.close_cycle(store, cid, actor=ACTOR)
    with pytest.raises(StoreError, match="Alasan"):
        uc.reopen_cycle(store, cid, reason="", actor=ACTOR, deadline="2099-01-01")
    with pytest.raises(StoreError, match="tentukan batas waktu baru"):
        uc.reopen_cycle(store, cid, reason="unit X belum mengisi", actor=ACTOR)
    assert store.cycle(cid)["status"] == "closed"
    uc.reopen_cycle(store, cid, reason="unit X belum mengisi", actor=ACTOR, deadline="2099-01-01")
    assert store.cycle(cid)["status"] == "open"
    assert store.open_link(made.links["token"].iloc[0]).cycle_id == cid
    assert audit(store, "cycle_reopen")["actor"].tolist() == [ACTOR]


# --- confirmations of destructive steps ----------------------------------------------------------

def test_a_roster_import_that_deactivates_people_is_refused_without_confirmation(running):
    store, demo = running
    full = store.employees_frame()
    partial = full.drop(columns="employee_id").iloc[:25]
    partial = partial.assign(atasan_nip=partial["atasan_nip"].where(partial["atasan_nip"].isin(partial["nip"]), ""))
    before = len(store.audit_frame())
    with pytest.raises(uc.ConfirmationRequired, match="menonaktifkan 15 pegawai") as exc:
        uc.import_roster_checked(store, partial, actor=ACTOR)
    preview = exc.value.preview
    assert set(preview.deactivated["nip"]) == set(full["nip"].iloc[25:])
    assert preview.deactivated["forms"].gt(0).all() and preview.open_forms > 0
    assert len(store.employees_frame()) == 40 and len(store.audit_frame()) == before  # nothing changed
    counts = uc.import_roster_checked(store, partial, actor=ACTOR, confirm=True)
    assert counts["deactivated"] == 15 and len(store.employees_frame()) == 25
    assert audit(store, "import_roster")["actor"].iloc[-1] == ACTOR
    # a roster that deactivates nobody needs no confirmation
    assert uc.import_roster_checked(store, partial, actor=ACTOR)["deactivated"] == 0


def test_assign_on_an_open_cycle_previews_asks_and_never_exceeds_the_caps(running):
    store, demo = running
    cid = demo.cycle_id
    n_before = len(store.assignments_frame(cid))
    preview = uc.preview_assign(store, cid, seed=99)
    assert preview.status == "open" and preview.existing == n_before
    with pytest.raises(uc.ConfirmationRequired, match="formulir akan ditambahkan"):
        uc.assign_checked(store, cid, seed=99, actor=ACTOR)
    assert len(store.assignments_frame(cid)) == n_before
    made, preview = uc.assign_checked(store, cid, seed=99, actor=ACTOR, confirm=True)
    after = store.assignments_frame(cid)
    assert len(after) == n_before + len(preview.add)
    peers = after[after["relationship"] == "peer"].groupby("ratee").size()
    subs = after[after["relationship"] == "subordinate"].groupby("ratee").size()
    assert peers.max() <= 5 and (subs.max() if len(subs) else 0) <= 8
    drawn = after[~after["relationship"].isin(["self", "supervisor"])].groupby("rater").size()
    assert drawn.max() <= 12
    assert len(preview.skipped) > 0 and preview.skipped["alasan"].str.contains("maksimum").all()


# --- mid-cycle changes ---------------------------------------------------------------------------

def test_add_replace_remove_revoke_and_reissue_mid_cycle(running, small_roster):
    store, demo = running
    cid = demo.cycle_id
    asg = store.assignments_frame(cid)
    emp = store.employees_frame()
    # a late rater: someone who rates nobody's ... pick a peer pair that does not exist yet
    peers = asg[asg["relationship"] == "peer"]
    ratee = peers.groupby("ratee").size().idxmin()
    have = set(asg.loc[asg["ratee"] == ratee, "rater"])
    load = asg.groupby("rater").size()
    late = next(n for n in emp["nip"] if n not in have and n != ratee and load.get(n, 0) < 12)  # under the cap
    done = uc.add_rater(store, cid, late, ratee, "peer", reason="penilai terlambat", actor=ACTOR)
    assert "Menambah formulir" in done["text"]
    assert done["tautan"] is None  # the late rater already had a link: it now shows the new form
    token_of = dict(zip(demo.links["nip"], demo.links["token"]))
    tasks = store.rater_tasks(store.open_link(token_of[late]))
    assert len(tasks) == int((store.assignments_frame(cid)["rater"] == late).sum())
    # NIPs typed with dots and spaces are normalised
    dotted = f"{ratee[:8]} {ratee[8:14]}.{ratee[14]}.{ratee[15:]}"
    with pytest.raises(StoreError, match="sudah menilai"):
        uc.add_rater(store, cid, late, dotted, "peer", reason="dinilai dua kali", actor=ACTOR)

    # replace a rater who submitted, keeping the answers
    a = store.assignments_frame(cid)
    form = a[(a["relationship"] == "peer") & (a["ratee"] != ratee)].iloc[0]
    old, target = form["rater"], form["ratee"]
    store.save_response(token_of[old], int(form["assignment_id"]), answers_for(store, cid), submit=True)
    new = next(n for n in emp["nip"] if n not in set(a.loc[a["ratee"] == target, "rater"]) and n != target)
    text = uc.describe_change(store, cid, "replace", rater=old, ratee=target, new_rater=new, keep_answers=True)
    assert "DIPERTAHANKAN" in text
    with pytest.raises(uc.ConfirmationRequired):
        uc.replace_rater(store, cid, target, old, new, keep_answers=True, reason="mutasi pegawai", actor=ACTOR)
    res = uc.replace_rater(store, cid, target, old, new, keep_answers=True, reason="mutasi ke dinas lain",
                           actor=ACTOR, confirm=True)
    assert res["kept"] and res["answers"] == 0
    raters = set(store.assignments_frame(cid).query("ratee == @target")["rater"])
    assert {old, new} <= raters
    assert set(store.ratings_frame(cid).query("ratee == @target")["rater"]) == {old}

    # replace dropping the answers: the form and its answers go
    new2 = next(n for n in emp["nip"] if n not in raters and n != target)
    text = uc.describe_change(store, cid, "replace", rater=old, ratee=target, new_rater=new2)
    assert "DIHAPUS" in text
    res = uc.replace_rater(store, cid, target, old, new2, keep_answers=False, reason="penilai keliru",
                           actor=ACTOR, confirm=True)
    assert not res["kept"] and res["answers"] == len(store.instrument(cid).items)
    assert store.ratings_frame(cid).query("ratee == @target").empty
    row = json.loads(audit(store, "replace_rater")["detail_json"].iloc[-1])
    assert row["old_answers_kept"] is False and row["answers_deleted"] == res["answers"]

    # remove a form
    with pytest.raises(uc.ConfirmationRequired, match="Menghapus formulir"):
        uc.remove_rater(store, cid, new2, target, reason="tidak relevan", actor=ACTOR)
    n = len(store.assignments_frame(cid))
    uc.remove_rater(store, cid, new2, target, reason="tidak relevan", actor=ACTOR, confirm=True)
    assert len(store.assignments_frame(cid)) == n - 1

    # revoke one link, reissue another (the new link is returned to be shown)
    victim = demo.links["nip"].iloc[1]
    with pytest.raises(uc.ConfirmationRequired):
        uc.revoke_link(store, cid, victim, actor=ACTOR)
    store.open_link(token_of[victim])
    uc.revoke_link(store, cid, victim, actor=ACTOR, confirm=True)
    with pytest.raises(AccessDenied):
        store.open_link(token_of[victim])
    fresh = uc.reissue_link(store, cid, victim, actor=ACTOR, confirm=True, base_url="https://x.go.id/p")
    assert fresh["tautan"].iloc[0] == "https://x.go.id/p/?token=" + fresh["token"].iloc[0]
    assert store.open_link(fresh["token"].iloc[0]).cycle_id == cid
    for action in ("add_assignment", "replace_rater", "remove_assignment", "revoke_link", "reissue_link"):
        assert audit(store, action)["actor"].iloc[-1] == ACTOR, action


def test_add_rater_refuses_a_sixth_peer(running):
    store, demo = running
    cid = demo.cycle_id
    a = store.assignments_frame(cid)
    emp = store.employees_frame()
    ratee = a[a["relationship"] == "peer"].groupby("ratee").size().idxmax()
    candidates = [n for n in emp["nip"] if n not in set(a.loc[a["ratee"] == ratee, "rater"]) and n != ratee]
    n_peers = int(((a["ratee"] == ratee) & (a["relationship"] == "peer")).sum())
    for nip in candidates[: 5 - n_peers]:
        uc.add_rater(store, cid, nip, ratee, "peer", reason="tambah rekan", actor=ACTOR)
    with pytest.raises(uc.CycleError, match="maksimum"):
        uc.add_rater(store, cid, candidates[5 - n_peers], ratee, "peer", reason="tambah rekan", actor=ACTOR)


def test_review_shows_raters_and_warns_under_the_threshold_then_locks(store, small_roster):
    uc.import_roster(store, small_roster, actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    uc.assign(store, cid, seed=2, peers=(1, 2), actor=ACTOR)
    table = uc.review_table(store, cid)
    assert len(table) == 40 and table["diri"].eq(1).all()
    assert (table["rekan"] < 3).all() and table["peringatan"].str.contains("rekan .* < 3").all()
    row = table.iloc[0]
    assert all(name.split(" (")[0] in set(store.employees_frame()["nama"]) for name in row["penilai"].split("; "))
    # swap in the review (draft): a reason, no answers to lose
    a = store.assignments_frame(cid)
    form = a[a["relationship"] == "peer"].iloc[0]
    new = next(n for n in small_roster["nip"] if n not in set(a.loc[a["ratee"] == form["ratee"], "rater"])
               and n != form["ratee"])
    uc.review_change(store, cid, "replace", ratee=form["ratee"], rater=form["rater"], new_rater=new,
                     reason="atasan minta ganti", actor=ACTOR)
    assert uc.review_locked(store, cid) is False
    uc.open_cycle(store, cid, actor=ACTOR)
    assert uc.review_locked(store, cid)
    with pytest.raises(uc.CycleError, match="terkunci"):
        uc.review_change(store, cid, "remove", ratee=form["ratee"], rater=new, reason="x" * 10, actor=ACTOR)


# --- contacts, invitations and reminders -----------------------------------------------------------

def test_contacts_come_from_the_roster_with_common_spellings(store, small_roster):
    roster = with_contacts(small_roster)
    frame, errors = validate_roster(roster)
    assert not errors and frame["no_hp"].iloc[3] == "6281234560003" and frame["email"].iloc[0] == "pegawai0@contoh.go.id"
    bad = roster.copy()
    bad.loc[2, "E-mail"] = "bukan-email"
    bad.loc[5, "No. HP"] = "021-555"
    _frame, errors = validate_roster(bad)
    assert {(e.row, e.field) for e in errors} == {(4, "email"), (7, "no_hp")}
    uc.import_roster(store, roster, actor=ACTOR)
    contacts = store.contacts_frame()
    assert contacts.set_index("nip").loc[frame["nip"].iloc[3], "no_hp"] == "6281234560003"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"hr" and auth_data.password == b"rahasia-smtp"
        logins.append(ok)
        return AuthResult(success=ok)

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port(), authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    sink.logins = logins
    sink.config = uc.SmtpConfig(host="127.0.0.1", port=controller.port, starttls=False, user="hr",
                                password="rahasia-smtp", sender="kepegawaian@contoh.go.id")
    yield sink
    controller.stop()


PUBLIC = "https://penilaian.contoh.go.id/"  # the installation's public address (a real run refuses 127.0.0.1)


def test_reminder_policy_over_simulated_days_through_a_real_smtp_server(store, small_roster, smtp_server):
    uc.import_roster(store, with_contacts(small_roster), actor=ACTOR)
    cid = uc.create_cycle(store, "Penilaian Perilaku 2026", "2026-01-01", "2026-12-31", actor=ACTOR)
    uc.set_public_address(store, PUBLIC, actor=ACTOR)
    made = uc.assign(store, cid, seed=5, actor=ACTOR)
    uc.open_cycle(store, cid, actor=ACTOR)
    token_of = dict(zip(made.links["nip"], made.links["token"]))
    asg = store.assignments_frame(cid)
    policy = uc.ReminderPolicy(every_days=3, max_reminders=2)
    day0 = dt.datetime(2026, 12, 1, 1, 0)
    ratee_names = set(store.employees_frame()["nama"])

    # dry run: everything due is shown, nothing sent, nothing recorded
    preview = uc.send_email(store, cid, actor=ACTOR, smtp=smtp_server.config, policy=policy, now=day0, dry_run=True)
    assert len(preview) == 40 and (preview["hasil"] == "pratinjau").all() and (preview["kind"] == "undangan").all()
    assert smtp_server.messages == [] and store.outbox_frame(cid).empty

    sent = uc.send_email(store, cid, actor=ACTOR, smtp=smtp_server.config, policy=policy, now=day0)
    assert (sent["hasil"] == "terkirim").sum() == 40 and len(smtp_server.messages) == 40
    assert smtp_server.logins == [True]
    msg = smtp_server.messages[0]
    body = msg.get_content()
    nip = next(n for n, e in zip(sent["nip"], sent["address"]) if e == msg["To"])
    assert msg["Subject"] == "Undangan penilaian perilaku kerja: Penilaian Perilaku 2026"
    assert f"{PUBLIC}?token={token_of[nip]}" in body and "31-12-2026 pukul 23.59 WIB" in body
    rater_name = sent.set_index("nip").at[nip, "nama"]
    assert not any(name in body for name in ratee_names - {rater_name})  # no ratee is named
    assert store.open_link(token_of[nip]).cycle_id == cid
    # the same day again: nothing twice
    again = uc.send_email(store, cid, actor=ACTOR, smtp=smtp_server.config, policy=policy, now=day0 + dt.timedelta(hours=5))
    assert again.empty and len(smtp_server.messages) == 40

    # one rater submits everything, another saves a draft
    done_nip, draft_nip = made.links["nip"].iloc[0], made.links["nip"].iloc[1]
    for aid in asg.loc[asg["rater"] == done_nip, "assignment_id"]:
        store.save_response(token_of[done_nip], int(aid), answers_for(store, cid), submit=True)
    aid = int(asg.loc[asg["rater"] == draft_nip, "assignment_id"].iloc[0])
    store.save_response(token_of[draft_nip], aid, {"BER1": 4} if "BER1" in answers_for(store, cid)
                        else dict(list(answers_for(store, cid).items())[:1]))
    assert uc.due_messages(store, cid, policy=policy, now=day0 + dt.timedelta(days=2)).empty
    day3 = day0 + dt.timedelta(days=3)
    sent = uc.send_email(store, cid, actor=ACTOR, smtp=smtp_server.config, policy=policy, now=day3)
    assert len(sent) == 39 and done_nip not in set(sent["nip"])
    kinds = sent.set_index("nip")["kind"]
    assert kinds[draft_nip] == "pengingat_draf" and (kinds.drop(draft_nip) == "pengingat_belum").all()
    by_to = {m["To"]: m for m in smtp_server.messages[40:]}
    draft_msg = by_to[sent.set_index("nip").at[draft_nip, "address"]]
    assert "belum Anda kirim" in draft_msg["Subject"] and "draf" in draft_msg.get_content()
    assert (sent["seq"] == 1).all()
    # second reminder on day 6, then the policy stops at max_reminders
    assert len(uc.send_email(store, cid, actor=ACTOR, smtp=smtp_server.config, policy=policy,
                             now=day0 + dt.timedelta(days=6))) == 39
    assert uc.send_email(store, cid, actor=ACTOR, smtp=smtp_server.config, policy=policy,
                         now=day0 + dt.timedelta(days=9)).empty
    assert len(smtp_server.messages) == 40 + 39 + 39
    box = store.outbox_frame(cid)
    assert len(box) == 118 and (box["status"] == "sent").all() and (box["actor"] == ACTOR).all()
    assert box.groupby("employee_id")["seq"].max().max() == 2
    # the SMTP password is nowhere in the store nor in the config's repr
    assert "rahasia-smtp" not in repr(smtp_server.config)
    assert not store.audit_frame()["detail_json"].str.contains("rahasia").any()
    # nothing after the deadline
    assert uc.due_messages(store, cid, policy=uc.ReminderPolicy(every_days=1, max_reminders=9),
                           now=dt.datetime(2027, 1, 1)).empty


def test_failed_sends_are_recorded_and_retried(store, small_roster, smtp_server):
    uc.import_roster(store, with_contacts(small_roster), actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    uc.set_public_address(store, PUBLIC, actor=ACTOR)
    uc.assign(store, cid, seed=5, actor=ACTOR)
    uc.open_cycle(store, cid, actor=ACTOR)
    now = dt.datetime(2026, 12, 1)
    wrong = uc.SmtpConfig(host="127.0.0.1", port=smtp_server.config.port, starttls=False, user="hr",
                          password="salah", sender="kepegawaian@contoh.go.id")
    with pytest.raises(uc.CycleError, match="Login SMTP sebagai hr ditolak"):
        uc.send_email(store, cid, actor=ACTOR, smtp=wrong, now=now)
    assert store.outbox_frame(cid).empty and smtp_server.messages == []
    closed = uc.SmtpConfig(host="127.0.0.1", port=_free_port(), starttls=False, sender="kepegawaian@contoh.go.id")
    with pytest.raises(uc.CycleError, match="tidak dapat dihubungi"):
        uc.send_email(store, cid, actor=ACTOR, smtp=closed, now=now)
    # a failed slot is claimed again by the next run
    mid = store.outbox_claim(cid, int(store.employees_frame()["employee_id"].iloc[0]), "email", 0, "undangan",
                             "x@contoh.go.id", actor=ACTOR, now=now)
    store.outbox_done(mid, ok=False, error="SMTPRecipientsRefused", now=now)
    sent = uc.send_email(store, cid, actor=ACTOR, smtp=smtp_server.config, now=now)
    assert (sent["hasil"] == "terkirim").sum() == 40


def test_whatsapp_links_are_click_to_chat_and_recorded(store, small_roster):
    roster = with_contacts(small_roster)
    roster.loc[0, "No. HP"] = ""
    uc.import_roster(store, roster, actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    uc.set_public_address(store, PUBLIC, actor=ACTOR)
    uc.assign(store, cid, seed=5, actor=ACTOR)
    uc.open_cycle(store, cid, actor=ACTOR)
    now = dt.datetime(2026, 12, 1)
    dry = uc.whatsapp_messages(store, cid, actor=ACTOR, now=now, dry_run=True)
    assert store.outbox_frame(cid).empty
    msgs = uc.whatsapp_messages(store, cid, actor=ACTOR, now=now)
    assert len(dry) == len(msgs) == 40
    nophone = msgs[msgs["catatan"] != ""]
    assert len(nophone) == 1 and "nomor HP" in nophone["catatan"].iloc[0] and nophone["wa_url"].iloc[0] == ""
    ok = msgs[msgs["catatan"] == ""].iloc[0]
    url = urllib.parse.urlsplit(ok["wa_url"])
    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/" + ok["address"])
    assert ok["address"].startswith("628")
    assert urllib.parse.parse_qs(url.query)["text"][0] == ok["text"] and f"{PUBLIC}?token=" in ok["text"]
    box = store.outbox_frame(cid)
    assert len(box) == 39 and (box["status"] == "prepared").all()
    assert uc.whatsapp_messages(store, cid, actor=ACTOR, now=now + dt.timedelta(hours=1)).query("catatan == ''").empty
    assert uc.whatsapp_url("6281234567890", "Halo & selamat?") == "https://wa.me/6281234567890?text=Halo%20%26%20selamat%3F"


def test_links_issued_outside_the_vault_are_flagged_not_sent(store, small_roster):
    uc.import_roster(store, with_contacts(small_roster), actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    plan = uc.preview_assign(store, cid, seed=1).add
    store.add_assignments(cid, plan[["rater", "ratee", "relationship"]], actor=ACTOR)  # bypasses the vault
    uc.open_cycle(store, cid, actor=ACTOR)
    due = uc.due_messages(store, cid, now=dt.datetime(2026, 12, 1))
    assert len(due) == 40 and due["catatan"].str.contains("terbitkan ulang").all() and (due["text"] == "").all()


def test_percent_is_written_the_indonesian_way():
    assert uc.percent(0.9143) == "91,4%" and uc.percent(1) == "100,0%" and uc.percent(float("nan")) == "-"


# --- uploads -----------------------------------------------------------------------------------------

def _xlsx(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    return buf.getvalue()


def test_an_xlsx_that_unpacks_to_a_huge_size_is_refused_quickly(small_roster, monkeypatch):
    import kinerja_survey.collect.roster as roster_mod

    data = _xlsx(small_roster)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("xl/media/padding.bin", "w") as fh:  # 64 MB of zeros, ~64 KB packed
            block = bytes(2**20)
            for _ in range(64):
                fh.write(block)
    bomb = buf.getvalue()
    assert len(bomb) < 2**20
    monkeypatch.setattr(roster_mod, "MAX_XLSX_UNPACKED", 32 * 2**20)
    start = time.perf_counter()
    with pytest.raises(RosterError, match="MB data setelah dibuka"):
        validate_roster(("pegawai.xlsx", bomb))
    assert time.perf_counter() - start < 1.0
    frame, errors = validate_roster(("pegawai.xlsx", data))  # the same sheet without padding reads
    assert not errors and len(frame) == 40


def test_an_xlsx_without_a_roster_header_is_refused_before_its_rows(small_roster):
    wrong = small_roster.rename(columns={"nip": "nomor", "nama": "siapa"})
    with pytest.raises(RosterError) as exc:
        validate_roster(("pegawai.xlsx", _xlsx(wrong)))
    assert {e.field for e in exc.value.errors} == {"nip", "nama"} and all(e.row == 1 for e in exc.value.errors)


def test_the_rater_app_shows_the_deadline_and_says_why_a_late_save_is_not_stored(store, small_roster):
    from kinerja_survey.apps.rater import RaterApp

    uc.import_roster(store, small_roster, actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    made = uc.assign(store, cid, seed=1, actor=ACTOR)
    uc.open_cycle(store, cid, actor=ACTOR)
    token = made.links["token"].iloc[0]
    app = RaterApp(store, token, autosave=False)
    def texts(w):
        yield str(getattr(w, "value", ""))
        for child in getattr(w, "children", ()):
            yield from texts(child)

    assert "Batas pengisian: 31-12-2026 pukul 23.59 WIB" in " ".join(texts(app.widget))
    # the cycle's deadline is moved into the past directly in the database (as if time had passed)
    from kinerja_survey.store import cycles
    with store.transaction() as conn:
        conn.execute(cycles.update().where(cycles.c.id == cid).values(deadline=dt.datetime(2026, 1, 2)))
    aid = int(store.rater_tasks(store.open_link(token))["assignment_id"].iloc[0])
    with pytest.raises(DeadlinePassed, match="tidak tersimpan"):
        store.save_response(token, aid, answers_for(store, cid), submit=True)


def test_two_senders_at_once_claim_each_message_once(store, small_roster):
    """The outbox slot (cycle, rater, channel, seq) is taken by exactly one of several concurrent senders."""
    from concurrent.futures import ThreadPoolExecutor

    uc.import_roster(store, small_roster, actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    ids = store.employees_frame()["employee_id"].astype(int).tolist()[:10]

    def claim(eid):
        return store.outbox_claim(cid, eid, "email", 0, "undangan", "x@contoh.go.id", actor=ACTOR)

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(claim, ids * 4))
    assert sum(g is not None for g in got) == 10
    assert len(store.outbox_frame(cid)) == 10


def test_pending_table_tells_not_started_from_draft_with_contacts_and_link_state(store, small_roster):
    uc.import_roster(store, with_contacts(small_roster), actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    made = uc.assign(store, cid, seed=5, actor=ACTOR)
    uc.open_cycle(store, cid, actor=ACTOR)
    token_of = dict(zip(made.links["nip"], made.links["token"]))
    a = store.assignments_frame(cid)
    drafter, revoked = made.links["nip"].iloc[0], made.links["nip"].iloc[1]
    aid = int(a.loc[a["rater"] == drafter, "assignment_id"].iloc[0])
    store.save_response(token_of[drafter], aid, dict(list(answers_for(store, cid).items())[:2]))
    uc.revoke_link(store, cid, revoked, actor=ACTOR, confirm=True)
    table = uc.pending_table(store, cid).set_index("nip")
    assert list(table.columns) == ["nama", "unit_kerja", "belum_mulai", "draf", "total", "email", "no_hp", "tautan"]
    assert table.at[drafter, "draf"] == 1 and table.at[drafter, "belum_mulai"] == table.at[drafter, "total"] - 1
    assert table.at[revoked, "tautan"] == "dicabut" and table.at[drafter, "tautan"] == "aktif"
    assert table.at[drafter, "email"].endswith("@contoh.go.id") and table.at[drafter, "no_hp"].startswith("628")


def test_a_version_2_database_with_a_running_cycle_is_upgraded_in_place(store_url, small_roster):
    """Step 3 adds ``cycles.deadline`` (NULL: the end of the period) and the HR tables; the cycle,
    its forms and links keep working."""
    import sqlalchemy as sa

    from kinerja_survey.store import MIGRATIONS, Store, schema_version

    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        schema_version.create(conn)
        for version in (1, 2):
            MIGRATIONS[version](conn)
            conn.execute(schema_version.insert().values(version=version, applied_at=dt.datetime(2026, 1, 1)))
    engine.dispose()
    # the version-2 program: a cycle written before the upgrade (through today's Store would migrate
    # first, so rows go in through plain SQL on the frozen tables)
    with sa.create_engine(store_url).begin() as conn:
        conn.execute(sa.text("INSERT INTO units (id, path, name) VALUES (1, 'U', 'U')"))
        conn.execute(sa.text("INSERT INTO employees (id, nip, name, jabatan, unit_id) VALUES "
                             "(1, '198401022007121001', 'A', 'J', 1)"))
        conn.execute(sa.text("INSERT INTO instruments (id, code, name_json, scale_low, scale_high, labels_json, "
                             "require_overall_comment) VALUES (1, 'X', '{}', 1, 5, '{}', false)"))
        conn.execute(sa.text("INSERT INTO cycles (id, name, period_start, period_end, status, instrument_id, created_at) "
                             "VALUES (1, 'Lama', '2026-01-01', '2026-12-31', 'open', 1, '2026-01-02 00:00:00')"))
    s = Store(store_url)
    from kinerja_survey.store import SCHEMA_VERSION

    assert s.schema_version() == SCHEMA_VERSION  # every later step applied on top
    assert s.cycle(1)["deadline"] is None and s.deadline_text(1) == "31-12-2026 pukul 23.59 WIB"
    assert s.contacts_frame()["email"].tolist() == [""] and s.outbox_frame(1).empty
    s.dispose()


def _bare_xlsx(header, rows: int) -> bytes:
    """A minimal XLSX (inline strings, no ``<dimension>``: openpyxl would scan it all to size it)."""
    ns = "http://schemas.openxmlformats.org/"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{ns}package/2006/content-types"><Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ns}officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}officeDocument/2006/'
        'relationships"><sheets><sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{ns}officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
    }
    buf = io.BytesIO()
    cells = lambda vals: "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in vals)  # noqa: E731
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'<worksheet xmlns="{ns}spreadsheetml/2006/main"><sheetData><row>{cells(header)}</row>'.encode())
            row = f"<row>{cells(['198401022007121001', 'Nama', 'Analis', 'Unit'])}</row>".encode()
            for _ in range(rows // 1000):
                fh.write(row * 1000)
            fh.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def test_an_xlsx_without_dimension_is_refused_at_its_header_not_after_a_full_scan():
    data = _bare_xlsx(["Nomor", "Siapa", "Posisi", "Tempat"], 120_000)
    start = time.perf_counter()
    with pytest.raises(RosterError) as exc:
        validate_roster(("pegawai.xlsx", data))
    assert time.perf_counter() - start < 2.0  # openpyxl's sizing scan of these 30 MB takes ~10 s here
    assert {e.field for e in exc.value.errors} == {"nip", "nama", "jabatan", "unit_kerja"}
    # the same layout with a roster header reads (the header check does not stand in the way)
    frame, errors = validate_roster(("pegawai.xlsx", _bare_xlsx(["NIP", "Nama", "Jabatan", "Unit Kerja"], 1000)))
    assert len(frame) == 1000 and all(e.field == "nip" for e in errors)  # duplicate NIPs, each named


def test_the_use_case_layer_reads_the_store_clock(store_url, small_roster):
    """``deadline_info`` and the reminders judge "now" by the store's one clock, so a test (or a
    later date window) moves time by giving ``Store`` a clock."""
    from kinerja_survey.store import Store

    moment = {"now": dt.datetime(2026, 12, 31, 16, 0)}  # 23.00 WIB on the last day
    store = Store(store_url, clock=lambda: moment["now"])
    try:
        uc.import_roster(store, small_roster, actor=ACTOR)
        cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
        uc.assign(store, cid, seed=1, actor=ACTOR)
        uc.open_cycle(store, cid, actor=ACTOR)
        assert not uc.deadline_info(store, cid)["passed"]
        moment["now"] = dt.datetime(2026, 12, 31, 17, 0)  # 00.00 WIB: the deadline has passed
        info = uc.deadline_info(store, cid)
        assert info["passed"] and info["deadline"] == moment["now"]
    finally:
        store.dispose()


def test_a_prepared_whatsapp_batch_is_prepared_again_with_the_current_address(store, small_roster):
    """Issue 21: a batch prepared with a wrong address is made again (``again=True``) in the same
    outbox slots, on both backends; a run with links to this computer is refused."""
    uc.import_roster(store, with_contacts(small_roster), actor=ACTOR)
    cid = uc.create_cycle(store, "P", "2026-01-01", "2026-12-31", actor=ACTOR)
    uc.assign(store, cid, seed=5, actor=ACTOR)
    uc.open_cycle(store, cid, actor=ACTOR)
    now = dt.datetime(2026, 12, 1)
    with pytest.raises(uc.CycleError, match="alamat-publik"):
        uc.whatsapp_messages(store, cid, actor=ACTOR, now=now)
    assert store.outbox_frame(cid).empty
    first = uc.whatsapp_messages(store, cid, actor=ACTOR, now=now, base_url="https://salah.contoh.go.id/")
    assert len(first) == 40 and first["text"].str.contains("salah.contoh", regex=False).all()
    assert uc.whatsapp_messages(store, cid, actor=ACTOR, now=now, base_url="https://salah.contoh.go.id/").empty
    uc.set_public_address(store, PUBLIC, actor=ACTOR)
    later = now + dt.timedelta(hours=2)
    again = uc.whatsapp_messages(store, cid, actor=ACTOR, now=later, again=True)
    assert len(again) == 40 and again["text"].str.contains(f"{PUBLIC}?token=", regex=False).all()
    assert (again["seq"] == 0).all() and (again["kind"] == "undangan").all()
    box = store.outbox_frame(cid)
    assert len(box) == 40 and (box["status"] == "prepared").all()
    assert (pd.to_datetime(box["created_at"]) == pd.Timestamp(later)).all()
    rows = audit(store, "whatsapp_prepared_again")
    detail = json.loads(rows["detail_json"].iloc[0])
    assert len(rows) == 1 and rows["actor"].iloc[0] == ACTOR and detail == {"base_url": PUBLIC, "cycle_id": cid, "n": 40}
