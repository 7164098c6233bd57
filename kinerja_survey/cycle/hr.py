"""HR operations on a running cycle: deadlines, safe roster and assignment runs, changes
mid-cycle, the rater-list review, invitations and reminders (e-mail over SMTP, WhatsApp
click-to-chat links).

Every destructive step is two calls: a *preview* that says what would change, and the step
itself, which refuses (``ConfirmationRequired``, carrying the preview) unless ``confirm=True``.
Every change goes to the audit log with ``actor``, the person acting, and, for changes of a
running cycle, the ``reason``.

Deadline (``deadline_info``, ``extend_deadline``, ``reopen_cycle``)
    A cycle's deadline is its own ``deadline`` or the end of ``period_end`` in the installation's
    time zone (WIB unless ``$KINERJA_SURVEY_UTC_OFFSET``).  The *store* refuses every save after
    it (``store.DeadlinePassed``), whatever front end the rater used.
Roster (``preview_roster``, ``import_roster_checked``)
    A roster that would deactivate people lists them (with their forms in running cycles) and is
    refused without confirmation.
Assignments (``preview_assign``, ``assign_checked``)
    On a cycle that already has forms, a new draw only *adds*: forms already there stay, and a
    drawn form that would break a cap (peers per ratee, subordinates per superior, forms per
    rater) is not added and is listed.  On an open cycle the additions need confirmation.
Mid-cycle changes (``add_rater``, ``replace_rater``, ``remove_rater``, ``revoke_link``,
``reissue_link``)
    One form or one link at a time, with a reason; ``describe_change`` is the preview.
Review before opening (``review_table``, ``review_locked``, ``coverage_review``)
    Each ratee's raters per group and a warning where a group is under its anonymity threshold
    (``ScoringConfig.thresholds``); changes in the review need a draft cycle (the list is locked
    once the cycle opens; later changes are mid-cycle changes).  ``coverage_review`` names everyone
    below a group's minimum with the cause and the fix, the coverage by level (jenis jabatan) and
    every rater over the load cap with why, judged by the options of the last assignment run
    (``assign_options``, kept by ``assign``/``assign_checked``).
Invitations and reminders (``ReminderPolicy``, ``due_messages``, ``send_email``,
``whatsapp_messages``, ``whatsapp_url``)
    Texts in Bahasa Indonesia that name no ratee; a first invitation, then a reminder every
    ``every_days`` days, at most ``max_reminders``, a different text for "not started" and
    "draft", none once the rater has submitted everything, none after the deadline.  Each
    message is claimed in the outbox before it is sent, so nothing goes out twice.  Links come
    from the link vault (``cycle.vault``).
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import pandas as pd

from ..analysis.scoring import ScoringConfig
from ..collect.assignment import AssignmentPlan, OrgChart, generate_assignments, peer_shortfall_cause
from ..collect.nip import normalise_nip
from ..collect.roster import load_roster
from ..i18n import Join, Msg, fmt_number, fmt_time, t
from ..store import Store, end_of_day_utc, format_deadline
from ..store.common import status_word
from ..store.hr import deadline_of, utc_offset
from .core import Assigned, CycleError, is_loopback, keep_cycle_address, link_base, link_url, links_with_urls
from .vault import active_tokens, keep_links

REL_ID = {rel: t(f"cycle.rel_{rel}", "id") for rel in ("self", "supervisor", "peer", "subordinate", "stakeholder")}


def _rel(rel: str) -> str:
    """A rater relationship as people read it (an ``i18n.Msg``)."""
    return Msg(f"cycle.rel_{rel}") if rel in REL_ID else rel


class ConfirmationRequired(CycleError):
    """A destructive step was asked for without ``confirm=True``; ``preview`` says what it would do."""

    def __init__(self, key: str, preview=None, /, **fields):
        super().__init__(key, **fields)
        self.preview = preview


def _nip(raw) -> str:
    nip = normalise_nip(raw)
    if not nip:
        raise CycleError("cycle.nip_required")
    return nip


def _actor(actor) -> str:
    who = str(actor or "").strip()[:100]
    if not who:
        raise CycleError("cycle.actor_required")
    return who


def percent(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A share as Indonesians write it: ``percent(0.9143) == '91,4%'`` (``91.4%`` in English)."""
    if value is None or value != value:
        return "-"
    return fmt_number(100 * float(value), digits, lang) + "%"


# --- deadlines ------------------------------------------------------------------------------------

def to_deadline(value) -> dt.datetime:
    """A deadline (naive UTC) from what a person types: a date (``2026-12-31``: the end of that day
    in the installation's zone) or a local date-time (``2026-12-31 16:00``)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value - utc_offset()
    if isinstance(value, dt.date):
        return end_of_day_utc(value)
    text = str(value).strip()
    try:
        stamp = pd.Timestamp(text)
    except ValueError:
        raise CycleError("cycle.not_a_date", text=text) from None
    if len(text) <= 10:
        return end_of_day_utc(stamp.date())
    return stamp.to_pydatetime().replace(tzinfo=None) - utc_offset()


def deadline_info(store: Store, cycle_id: int, now: dt.datetime | None = None, lang: str | None = "id") -> dict:
    """``deadline`` (naive UTC), ``text`` ("31-12-2026 pukul 23.59 WIB"), ``passed`` (bool) and
    ``line`` (the sentence the rater app shows) of a cycle, in ``lang``."""
    limit = store.cycle_deadline(cycle_id)
    passed = (now or store.now()) >= limit  # the store's clock (Store(url, clock=...))
    text = format_deadline(limit, lang)
    return {"deadline": limit, "text": text, "passed": passed,
            "line": t("deadline_passed_line" if passed else "deadline_line", lang, deadline=text)}


def deadline_line(store: Store, cycle_id: int, lang: str | None = None) -> str:
    """One line for the rater app: ``"Batas pengisian: 31-12-2026 pukul 23.59 WIB"``."""
    return deadline_info(store, cycle_id, lang=lang)["line"]


def extend_deadline(store: Store, cycle_id: int, deadline, *, reason: str, actor: str) -> dt.datetime:
    """Move a cycle's deadline later (``deadline``: a date or a local date-time), with a reason."""
    return store.set_deadline(cycle_id, to_deadline(deadline), reason=reason, actor=_actor(actor))


def reopen_cycle(store: Store, cycle_id: int, *, reason: str, actor: str, deadline=None) -> None:
    """Reopen a closed cycle that is not published, with a reason (and a new deadline when the
    old one has passed)."""
    store.reopen_cycle(cycle_id, reason=reason, actor=_actor(actor),
                       deadline=None if deadline in (None, "") else to_deadline(deadline))


# --- roster ---------------------------------------------------------------------------------------

@dataclass
class RosterPreview:
    """What importing a roster would do."""

    frame: pd.DataFrame
    added: pd.DataFrame          # nip, nama, unit_kerja
    updated: int
    deactivated: pd.DataFrame    # nip, nama, unit_kerja, forms (in draft/open cycles)

    @property
    def counts(self) -> dict:
        return {"added": len(self.added), "updated": self.updated, "deactivated": len(self.deactivated)}

    @property
    def open_forms(self) -> int:
        return int(self.deactivated["forms"].sum()) if len(self.deactivated) else 0


def preview_roster(store: Store, source, *, sheet=0) -> RosterPreview:
    """Validate a roster and say what importing it would change (raises ``RosterError``)."""
    frame = load_roster(source, sheet=sheet)
    current = store.employees_frame(active_only=True)
    new = set(frame["nip"])
    gone = current[~current["nip"].isin(new)][["employee_id", "nip", "nama", "unit_kerja"]]
    forms = Counter()
    cyc = store.cycles_frame()
    for cid in cyc.loc[cyc["status"].isin(["draft", "open"]), "id"]:
        a = store.assignments_frame(int(cid))
        forms.update(a["rater_id"].tolist())
        forms.update(a.loc[a["rater_id"] != a["ratee_id"], "ratee_id"].tolist())
    gone = gone.assign(forms=[int(forms.get(int(i), 0)) for i in gone["employee_id"]]).drop(columns="employee_id")
    existing = set(store.employees_frame(active_only=False)["nip"])
    added = frame[~frame["nip"].isin(existing)][["nip", "nama", "unit_kerja"]]
    return RosterPreview(frame, added.reset_index(drop=True), int(frame["nip"].isin(existing).sum()),
                         gone.reset_index(drop=True))


def import_roster_checked(store: Store, source, *, actor: str, confirm: bool = False, sheet=0) -> dict:
    """Import a roster; refused with ``ConfirmationRequired`` (carrying the preview) when it would
    deactivate people and ``confirm`` is not given.  Returns the store's counts."""
    preview = preview_roster(store, source, sheet=sheet)
    if len(preview.deactivated) and not confirm:
        raise ConfirmationRequired("cycle.confirm_deactivate", preview, n=len(preview.deactivated),
                                   forms=preview.open_forms)
    return store.import_roster(preview.frame, actor=_actor(actor))


# --- assignments ----------------------------------------------------------------------------------

@dataclass
class AssignPreview:
    """What an assignment run would add to a cycle."""

    plan: AssignmentPlan
    add: pd.DataFrame      # rater, ratee, relationship (+ names)
    skipped: pd.DataFrame  # rater, ratee, relationship, alasan
    status: str
    existing: int


def preview_assign(store: Store, cycle_id: int, *, peers=(3, 5), max_subordinates: int = 8, max_load: int = 12,
                   seed: int = 0, cross_units: bool = False) -> AssignPreview:
    """Draw a plan and compare it with the cycle's forms: which would be added, which would break
    a cap (peers per ratee ``peers[1]``, subordinates per superior, forms per rater) and are not.

    A form the plan needs for a ratee's minimum that no plan under the load cap could give
    (``AssignmentPlan.over_cap``) is added even over the cap: coverage wins over load, and
    :func:`coverage_review` says who is over the cap and why.
    """
    info = store.cycle(cycle_id)
    roster = store.employees_frame()
    if roster.empty:
        raise CycleError("cycle.roster_empty")
    plan = generate_assignments(roster, peers=tuple(peers), max_subordinates=max_subordinates,
                                max_load=max_load, seed=seed, cross_units=cross_units)
    have = store.assignments_frame(cycle_id)
    pairs = set(zip(have["rater"], have["ratee"]))
    per_ratee = Counter(zip(have["ratee"], have["relationship"]))
    load = Counter(have["rater"])
    caps = {"peer": int(peers[1]), "subordinate": int(max_subordinates)}
    needed = set(zip(plan.over_cap["rater"], plan.over_cap["ratee"]))
    add, skipped = [], []
    for rec in plan.assignments.itertuples(index=False):
        rater, ratee, rel = str(rec.rater), str(rec.ratee), str(rec.relationship)
        if (rater, ratee) in pairs:
            continue
        why = None
        if rel in caps and per_ratee[(ratee, rel)] + 1 > caps[rel]:
            why = Msg("cycle.cap_group", group=_rel(rel), n=per_ratee[(ratee, rel)], max=caps[rel])
        elif rel not in ("self", "supervisor") and load[rater] + 1 > max_load and (rater, ratee) not in needed:
            why = Msg("cycle.cap_load", n=load[rater], max=max_load)
        if why:
            skipped.append((rater, ratee, rel, why))
            continue
        pairs.add((rater, ratee))
        per_ratee[(ratee, rel)] += 1
        load[rater] += 1
        add.append((rater, ratee, rel))
    names = dict(zip(roster["nip"], roster["nama"]))
    add = pd.DataFrame(add, columns=["rater", "ratee", "relationship"])
    skipped = pd.DataFrame(skipped, columns=["rater", "ratee", "relationship", "alasan"])
    for frame in (add, skipped):
        frame.insert(1, "nama_penilai", frame["rater"].map(names))
        frame.insert(3, "nama_dinilai", frame["ratee"].map(names))
    return AssignPreview(plan, add, skipped, str(info["status"]), len(have))


ASSIGN_OPTIONS_KEY = "assign_options.{cycle_id}"
ASSIGN_DEFAULTS = {"peers": [3, 5], "max_subordinates": 8, "max_load": 12, "cross_units": False}


def assign_options(store: Store, cycle_id: int) -> dict:
    """The options of the cycle's last assignment run (``peers``, ``max_subordinates``,
    ``max_load``, ``cross_units``); the defaults for a cycle assigned before they were kept."""
    kept = store.setting(ASSIGN_OPTIONS_KEY.format(cycle_id=int(cycle_id)), None) or {}
    return {**ASSIGN_DEFAULTS, **{k: v for k, v in kept.items() if k in ASSIGN_DEFAULTS}}


def keep_assign_options(store: Store, cycle_id: int, *, actor: str, peers=(3, 5), max_subordinates: int = 8,
                        max_load: int = 12, cross_units: bool = False) -> None:
    """Record the options of an assignment run, so that :func:`coverage_review` judges the
    cycle by the cap and the pools it was drawn with."""
    store.set_setting(ASSIGN_OPTIONS_KEY.format(cycle_id=int(cycle_id)),
                      {"peers": [int(peers[0]), int(peers[1])], "max_subordinates": int(max_subordinates),
                       "max_load": int(max_load), "cross_units": bool(cross_units)}, actor=actor)


def assign_checked(store: Store, cycle_id: int, *, actor: str, confirm: bool = False, peers=(3, 5),
                   max_subordinates: int = 8, max_load: int = 12, seed: int = 0,
                   base_url: str | None = None, cross_units: bool = False) -> tuple[Assigned, AssignPreview]:
    """Store the additions of ``preview_assign`` and issue links for raters without one.

    On an open cycle any addition needs ``confirm`` (else ``ConfirmationRequired`` with the
    preview); forms that would break a cap are never added, except those a ratee's minimum needs
    (``AssignmentPlan.over_cap``).  The options are kept for :func:`coverage_review`.
    """
    preview = preview_assign(store, cycle_id, peers=peers, max_subordinates=max_subordinates, max_load=max_load,
                             seed=seed, cross_units=cross_units)
    if preview.status not in ("draft", "open"):
        raise CycleError("cycle.status_no_assign", status=status_word(preview.status))
    if preview.status == "open" and len(preview.add) and not confirm:
        raise ConfirmationRequired("cycle.confirm_assign", preview, add=len(preview.add), skip=len(preview.skipped))
    links = store.add_assignments(cycle_id, preview.add[["rater", "ratee", "relationship"]], actor=_actor(actor))
    keep_links(store, links)
    keep_assign_options(store, cycle_id, actor=_actor(actor), peers=peers, max_subordinates=max_subordinates,
                        max_load=max_load, cross_units=cross_units)
    plan = AssignmentPlan(preview.add[["rater", "ratee", "relationship"]].reset_index(drop=True),
                          preview.plan.shortfalls, preview.plan.over_cap, preview.plan.overloads)
    keep_cycle_address(store, cycle_id, base_url, actor=_actor(actor))
    return Assigned(plan, links_with_urls(links, link_base(store, cycle_id, base_url))), preview


# --- changes mid-cycle ----------------------------------------------------------------------------

def _names(store: Store) -> dict:
    emp = store.employees_frame(active_only=False)
    return dict(zip(emp["nip"], emp["nama"]))


def describe_change(store: Store, cycle_id: int, kind: str, *, rater=None, ratee=None, new_rater=None,
                    relationship: str = "peer", keep_answers: bool = False) -> str:
    """The preview of a mid-cycle change: what it will do to which form, and what happens to
    answers already given -- an ``i18n.Msg`` (Bahasa Indonesia as a str, ``render("en")``).
    Raises ``StoreError``/``CycleError`` when the change is impossible (no such form, unknown NIP)."""
    names = _names(store)
    status = str(store.cycle(cycle_id)["status"])
    if status not in ("draft", "open"):
        raise CycleError("cycle.status_no_change", status=status_word(status))

    def who(nip):
        nip = _nip(nip)
        if nip not in names:
            raise CycleError("cycle.nip_not_in_roster", nip=nip)
        return t("cycle.person", None, name=names[nip], nip=nip)

    if kind in ("revoke", "reissue"):
        return Msg("cycle.ch_reissue" if kind == "reissue" else "cycle.ch_revoke", rater=who(rater))
    if kind == "add":
        return Msg("cycle.ch_add", rater=who(rater), ratee=who(ratee), rel=_rel(relationship))
    form = store.form_state(cycle_id, _nip(rater), _nip(ratee))
    if form is None:
        raise CycleError("cycle.ch_no_form", rater=who(rater), ratee=who(ratee))
    state = Msg(f"cycle.form_{form['status']}", n=form["answers"])
    if kind == "remove":
        lost = "" if form["status"] == "pending" else Msg("cycle.ch_lost", n=form["answers"])
        return Msg("cycle.ch_remove", rater=who(rater), ratee=who(ratee), rel=_rel(form["relationship"]),
                   state=state, lost=lost)
    if kind == "replace":
        if form["status"] == "submitted" and keep_answers:
            fate = Msg("cycle.fate_kept")
        elif form["status"] == "pending":
            fate = Msg("cycle.fate_empty")
        else:
            fate = Msg("cycle.fate_deleted", n=form["answers"])
        return Msg("cycle.ch_replace", rater=who(rater), new=who(new_rater), ratee=who(ratee),
                   rel=_rel(form["relationship"]), state=state, fate=fate)
    raise ValueError(f"unknown change {kind!r}")


def _need(confirm: bool, preview: str) -> None:
    if not confirm:
        raise ConfirmationRequired("cycle.confirm_change", preview, text=preview)


def add_rater(store: Store, cycle_id: int, rater, ratee, relationship: str = "peer", *, reason: str, actor: str,
              max_peers: int = 5, max_load: int = 12, base_url: str | None = None) -> dict:
    """Add a late rater's form.  Refused when it would give the ratee more than ``max_peers``
    peers or the rater more than ``max_load`` forms.  Returns ``text`` and ``tautan`` (the
    rater's new link, or None when their existing link now shows the form)."""
    rater, ratee = _nip(rater), _nip(ratee)
    text = describe_change(store, cycle_id, "add", rater=rater, ratee=ratee, relationship=relationship)
    have = store.assignments_frame(cycle_id)
    if relationship == "peer" and ((have["ratee"] == ratee) & (have["relationship"] == "peer")).sum() + 1 > max_peers:
        raise CycleError("cycle.max_peers", nip=ratee, max=max_peers)
    if (have["rater"] == rater).sum() + 1 > max_load:
        raise CycleError("cycle.max_load", nip=rater, max=max_load)
    token = store.add_assignment(cycle_id, rater, ratee, relationship, reason=reason, actor=_actor(actor))
    if token:
        keep_links(store, [token])
    return {"text": text, "tautan": link_url(link_base(store, cycle_id, base_url), token) if token else None}


def replace_rater(store: Store, cycle_id: int, ratee, old_rater, new_rater, *, keep_answers: bool, reason: str,
                  actor: str, confirm: bool = False, base_url: str | None = None) -> dict:
    """Replace one form's rater (e.g. after a mutasi); ``keep_answers`` keeps a submitted form of
    the old rater, else its answers are deleted.  Needs ``confirm`` (the preview says which)."""
    ratee, old_rater, new_rater = _nip(ratee), _nip(old_rater), _nip(new_rater)
    text = describe_change(store, cycle_id, "replace", rater=old_rater, ratee=ratee, new_rater=new_rater,
                           keep_answers=keep_answers)
    _need(confirm, text)
    done = store.replace_rater(cycle_id, ratee, old_rater, new_rater, keep_answers=keep_answers, reason=reason,
                               actor=_actor(actor))
    if done["token"]:
        keep_links(store, [done["token"]])
    return {**done, "text": text,
            "tautan": link_url(link_base(store, cycle_id, base_url), done["token"]) if done["token"] else None}


def remove_rater(store: Store, cycle_id: int, rater, ratee, *, reason: str, actor: str, confirm: bool = False) -> dict:
    """Remove one form (and its answers).  Needs ``confirm``."""
    rater, ratee = _nip(rater), _nip(ratee)
    text = describe_change(store, cycle_id, "remove", rater=rater, ratee=ratee)
    _need(confirm, text)
    return {**store.remove_assignment(cycle_id, rater, ratee, reason=reason, actor=_actor(actor)), "text": text}


def revoke_link(store: Store, cycle_id: int, rater, *, actor: str, confirm: bool = False) -> str:
    """Revoke one rater's link (it stops working at once).  Needs ``confirm``."""
    rater = _nip(rater)
    text = describe_change(store, cycle_id, "revoke", rater=rater)
    _need(confirm, text)
    store.revoke_link(cycle_id, rater, actor=_actor(actor))
    return text


def reissue_link(store: Store, cycle_id: int, rater, *, actor: str, confirm: bool = False,
                 base_url: str | None = None) -> pd.DataFrame:
    """A new link for one rater (lost or leaked); the old one stops working.  Needs ``confirm``.
    Returns ``nip, nama, unit_kerja, token, tautan``: show ``tautan`` to copy."""
    from .core import reissue_links

    rater = _nip(rater)
    _need(confirm, describe_change(store, cycle_id, "reissue", rater=rater))
    return reissue_links(store, cycle_id, [rater], actor=_actor(actor), base_url=base_url)


# --- rater-list review before opening -------------------------------------------------------------

def review_locked(store: Store, cycle_id: int) -> bool:
    """True once the cycle has opened: the review's rater list no longer changes (use the mid-cycle changes)."""
    return str(store.cycle(cycle_id)["status"]) != "draft"


def review_table(store: Store, cycle_id: int, config: ScoringConfig | None = None) -> pd.DataFrame:
    """Per ratee: ``nip, nama, unit_kerja``, the number of raters per group (``atasan, rekan,
    bawahan, diri``), ``penilai`` (names with group) and ``peringatan`` (groups under their
    anonymity threshold: they will not be shown in the ratee's report)."""
    thresholds = (config or ScoringConfig()).thresholds
    a = store.assignments_frame(cycle_id)
    emp = store.employees_frame(active_only=False)
    names = dict(zip(emp["nip"], emp["nama"]))
    rows = []
    for ratee, grp in a.groupby("ratee", sort=False):
        counts = grp["relationship"].value_counts()
        warn = []
        for rel in ("peer", "subordinate"):
            n = int(counts.get(rel, 0))
            need = int(thresholds.get(rel, 1))
            if (rel == "peer" or n > 0) and n < need:
                warn.append(Msg("cycle.review_warn", group=_rel(rel), n=n, need=need))
        raters = "; ".join(f"{names.get(r, r)} ({REL_ID[rel]})" for r, rel in zip(grp["rater"], grp["relationship"])
                           if rel != "self")
        warn = Msg("analysis.note_parts", parts=Join(warn, "; ")) if warn else ""
        rows.append({"nip": ratee, "nama": names.get(ratee, ratee),
                     "atasan": int(counts.get("supervisor", 0)), "rekan": int(counts.get("peer", 0)),
                     "bawahan": int(counts.get("subordinate", 0)), "diri": int(counts.get("self", 0)),
                     "penilai": raters, "peringatan": warn})
    out = pd.DataFrame(rows, columns=["nip", "nama", "atasan", "rekan", "bawahan", "diri", "penilai", "peringatan"])
    units = dict(zip(emp["nip"], emp["unit_kerja"]))
    out.insert(2, "unit_kerja", out["nip"].map(units))
    return out


@dataclass
class CoverageReview:
    """Who is below a group's minimum and why, before a cycle opens (:func:`coverage_review`).

    ``short``: ``nip, nama, jabatan, unit_kerja, kelompok, diminta, didapat, sebab, saran, kode``
    (one row per person and group below its minimum; ``sebab`` and ``saran`` are ``i18n.Msg``,
    ``kode`` the cause's code of ``collect.assignment.CAUSES``).  ``by_level``: ``tingkat,
    pegawai, lengkap, kurang_atasan, kurang_rekan, kurang_bawahan`` per jenis jabatan, highest
    first.  ``overloaded``: ``nip, nama, beban, batas, sebab`` for every rater over the load cap.
    ``options``: the assignment options the cycle is judged by (:func:`assign_options`).
    """

    short: pd.DataFrame
    by_level: pd.DataFrame
    overloaded: pd.DataFrame
    options: dict

    def lines(self, lang: str | None = None) -> list[str]:
        """One sentence per person below a minimum and per rater over the cap, in ``lang``."""
        out = [t("hr.cov_line", lang, nama=r.nama, nip=r.nip, group=r.kelompok.render(lang), got=r.didapat,
                 want=r.diminta, cause=r.sebab.render(lang), fix=r.saran.render(lang))
               for r in self.short.itertuples(index=False)]
        out += [t("hr.over_line", lang, nama=r.nama, nip=r.nip, n=r.beban, max=r.batas, why=r.sebab.render(lang))
                for r in self.overloaded.itertuples(index=False)]
        return out


_SHORT_COLUMNS = ["nip", "nama", "jabatan", "unit_kerja", "kelompok", "diminta", "didapat", "sebab", "saran", "kode"]


def coverage_review(store: Store, cycle_id: int, config: ScoringConfig | None = None) -> CoverageReview:
    """Every active employee below a rater group's minimum, with the cause and the fix, the
    coverage by level, and the raters over the load cap -- judged by the cycle's forms, the roster
    and the options of the last assignment run (:func:`assign_options`).

    Minimums: supervisor 1; peers and subordinates their anonymity thresholds
    (``ScoringConfig.thresholds``, 3), subordinates only for people with direct reports.  Causes
    (``hr.cause_<code>``): ``supervisor_outside`` (the atasan is not in the roster: the top of
    the organisation), ``no_peers_at_level`` (no one, or too few, at that level:
    ``collect.assignment.OrgChart``), ``unit_too_small`` (too few direct reports, or peers only
    across units), ``cap_reached`` (every candidate left is at the load cap),
    ``not_assigned`` (candidates are free: run the assignment again or add a rater).  Fixes
    (``hr.fix_<code>``): add stakeholders (pemangku kepentingan), allow peers across units, raise
    the load cap, assign again.
    """
    opts = assign_options(store, cycle_id)
    thresholds = (config or ScoringConfig()).thresholds
    need = {"supervisor": 1, "peer": int(thresholds.get("peer", 3)), "subordinate": int(thresholds.get("subordinate", 3))}
    cap, cross = int(opts["max_load"]), bool(opts["cross_units"])
    emp = store.employees_frame()
    a = store.assignments_frame(cycle_id)
    chart = OrgChart(emp)
    names = dict(zip(emp["nip"], emp["nama"]))
    info = emp.set_index("nip")
    pairs = set(zip(a["rater"], a["ratee"]))
    load = Counter(a["rater"])
    got = Counter(zip(a["ratee"], a["relationship"]))

    def fix(code: str, nip: str, **extra) -> Msg:
        return Msg(f"hr.fix_{code}", id=cycle_id, nip=nip, **extra)

    def by_cap(nip: str, candidates) -> tuple[str, list[Msg]] | None:
        free = [c for c in candidates if (c, nip) not in pairs]
        if free and all(load[c] >= cap for c in free):
            return "cap_reached", [fix("raise_cap", nip, n=min(load[c] for c in free) + 1)]
        return None

    rows = []
    for n in chart.nips:
        found = []
        if got[(n, "supervisor")] < need["supervisor"]:
            boss = chart.atasan_raw.get(n, "")
            if not chart.atasan[n]:
                found.append(("supervisor", "supervisor_outside",
                              [fix("stakeholders_atasan", n, atasan=boss) if boss else fix("stakeholders_sekda", n)]))
            else:
                found.append(("supervisor", "not_assigned", [fix("assign_again", n)]))
        staff = chart.reports.get(n, [])
        if staff and got[(n, "subordinate")] < need["subordinate"]:
            if len(staff) < need["subordinate"]:
                found.append(("subordinate", "unit_too_small", [fix("stakeholders", n)]))
            else:
                cause = by_cap(n, staff) or ("not_assigned", [fix("assign_again", n)])
                found.append(("subordinate", *cause))
        if got[(n, "peer")] < need["peer"]:
            pool = chart.peer_pool(n, cross)
            if len(pool) < need["peer"]:
                code, fixes = peer_shortfall_cause(chart, n, need["peer"], cross)
                found.append(("peer", code, [fix(f, n) for f in fixes]))
            else:
                cause = by_cap(n, pool) or ("not_assigned", [fix("assign_again", n)])
                found.append(("peer", *cause))
        for rel, code, fixes in found:
            rows.append({"nip": n, "nama": names.get(n, n), "jabatan": info.at[n, "jabatan"],
                         "unit_kerja": info.at[n, "unit_kerja"], "kelompok": _rel(rel), "diminta": need[rel],
                         "didapat": int(got[(n, rel)]), "sebab": Msg(f"hr.cause_{code}"),
                         "saran": Join(fixes, "; "), "kode": code, "_rel": rel})
    order = {n: (chart.depth[n], n not in chart.heads) for n in chart.nips}  # leaders first
    rows.sort(key=lambda r: order[r["nip"]])
    short = pd.DataFrame(rows, columns=_SHORT_COLUMNS + ["_rel"])
    groups: dict[tuple[int, str], set[str]] = {}
    for n in chart.nips:
        groups.setdefault((chart.level[n], str(chart.jenis[n] or "")), set()).add(n)
    table = []
    for (_lv, jenis), members in sorted(groups.items()):
        part = short[short["nip"].isin(members)]
        table.append({"tingkat": jenis or Msg("hr.level_unknown"), "pegawai": len(members),
                      "lengkap": len(members - set(part["nip"])),
                      "kurang_atasan": int((part["_rel"] == "supervisor").sum()),
                      "kurang_rekan": int((part["_rel"] == "peer").sum()),
                      "kurang_bawahan": int((part["_rel"] == "subordinate").sum())})
    by_level = pd.DataFrame(table, columns=["tingkat", "pegawai", "lengkap", "kurang_atasan", "kurang_rekan",
                                            "kurang_bawahan"])
    over = []
    rel_of = a.groupby("rater")["relationship"].agg(list)
    for rater, n in sorted(load.items(), key=lambda kv: (-kv[1], kv[0])):
        if n <= cap:
            continue
        rels = Counter(rel_of.get(rater, []))
        mandatory = rels.get("self", 0) + rels.get("supervisor", 0)
        why = (Msg("hr.over_supervisor", sup=rels.get("supervisor", 0), max=cap, rest=n - mandatory)
               if mandatory >= cap else Msg("hr.over_coverage", n=n - mandatory, max=cap))
        over.append({"nip": rater, "nama": names.get(rater, rater), "beban": int(n), "batas": cap, "sebab": why})
    overloaded = pd.DataFrame(over, columns=["nip", "nama", "beban", "batas", "sebab"])
    return CoverageReview(short.drop(columns="_rel"), by_level, overloaded, opts)


def review_change(store: Store, cycle_id: int, kind: str, *, ratee, rater, new_rater=None, reason: str,
                  actor: str) -> dict:
    """A swap (``kind="replace"``) or removal (``"remove"``) in the review of a *draft* cycle,
    with a reason (nothing has been answered yet, so nothing can be lost)."""
    if review_locked(store, cycle_id):
        raise CycleError("cycle.review_locked")
    if kind == "replace":
        return replace_rater(store, cycle_id, ratee, rater, new_rater, keep_answers=False, reason=reason,
                             actor=actor, confirm=True)
    if kind == "remove":
        return remove_rater(store, cycle_id, rater, ratee, reason=reason, actor=actor, confirm=True)
    raise ValueError(f"unknown review change {kind!r}")


# --- invitations and reminders --------------------------------------------------------------------

@dataclass(frozen=True)
class ReminderPolicy:
    """When messages go out: a first invitation, then a reminder every ``every_days`` days while
    forms are unsubmitted, at most ``max_reminders``; none after the deadline."""

    every_days: float = 3
    max_reminders: int = 3
    invitation: bool = True

    def __post_init__(self):
        if not self.every_days > 0 or self.max_reminders < 0:
            raise ValueError("every_days must be > 0 and max_reminders >= 0")


@dataclass(repr=False)
class SmtpConfig:
    """SMTP settings: from arguments, else ``$KINERJA_SURVEY_SMTP_HOST``, ``_PORT`` (587),
    ``_STARTTLS`` (1), ``_USER``, ``_PASSWORD``, ``_FROM``.  The password is never printed
    (``repr`` hides it) nor written to the store or a log."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = field(default=None)
    sender: str = ""
    sender_name: str = t("cycle.sender_name", "id")
    timeout: float = 30.0

    def __repr__(self) -> str:
        return (f"SmtpConfig(host={self.host!r}, port={self.port}, starttls={self.starttls}, user={self.user!r}, "
                f"password={'***' if self.password else None}, sender={self.sender!r})")

    @classmethod
    def from_env(cls, **overrides) -> SmtpConfig:
        env = os.environ.get
        values = dict(host=env("KINERJA_SURVEY_SMTP_HOST", ""), port=int(env("KINERJA_SURVEY_SMTP_PORT") or 587),
                      starttls=(env("KINERJA_SURVEY_SMTP_STARTTLS") or "1").strip().lower() not in ("0", "no", "tidak", "false"),
                      user=env("KINERJA_SURVEY_SMTP_USER") or None, password=env("KINERJA_SURVEY_SMTP_PASSWORD") or None,
                      sender=env("KINERJA_SURVEY_SMTP_FROM", ""))
        values.update({k: v for k, v in overrides.items() if v is not None})
        if not values["host"]:
            raise CycleError("cycle.smtp_host_missing")
        if not values["sender"]:
            values["sender"] = values["user"] or ""
        if "@" not in values["sender"]:
            raise CycleError("cycle.smtp_from_missing")
        return cls(**values)


def compose(kind: str, *, nama: str, cycle: str, deadline: str, link: str, pending: int, total: int,
            lang: str = "id") -> tuple[str, str]:
    """(subject, body) of ``kind`` (``undangan``, ``pengingat_belum``, ``pengingat_draf``).  The
    text names the rater, the cycle, the link and the deadline -- never a ratee."""
    key = {"undangan": "invite", "pengingat_belum": "pending", "pengingat_draf": "draft"}[kind]
    fields = dict(nama=nama, cycle=cycle, deadline=deadline, link=link, pending=pending, total=total)
    return t(f"msg_{key}_subject", lang, **fields), t(f"msg_{key}_body", lang, **fields)


def whatsapp_url(phone: str, text: str) -> str:
    """A click-to-chat link (``https://wa.me/62...?text=...``) with the message prefilled.
    Building it fetches nothing; WhatsApp opens only when a person clicks it."""
    digits = "".join(ch for ch in str(phone) if ch.isdigit())
    return f"https://wa.me/{digits}?text={urllib.parse.quote(text, safe='')}"


_COLUMNS = ["employee_id", "nip", "nama", "channel", "address", "seq", "kind", "pending", "total", "subject",
            "text", "tautan", "catatan"]


def due_messages(store: Store, cycle_id: int, channel: str = "email", *, policy: ReminderPolicy | None = None,
                 now: dt.datetime | None = None, base_url: str | None = None, lang: str = "id",
                 again: bool = False) -> pd.DataFrame:
    """The messages due on ``channel`` (``email`` / ``whatsapp``) at ``now`` under ``policy``.

    One row per rater who still has unsubmitted forms and whose next message is due: ``seq`` 0 is
    the invitation, 1.. the reminders (``kind`` ``pengingat_draf`` when a form is a draft, else
    ``pengingat_belum``).  Raters due but without an address or a kept link are listed with
    ``catatan`` saying why (and no ``text``).  Nothing is due when the cycle is not open or the
    deadline has passed.  The links point to :func:`cycle.link_base` (``base_url``, else the
    cycle's or the installation's public address).

    ``again``: instead of the next messages, each rater's last message recorded as ``prepared``
    and never confirmed sent (a WhatsApp batch), made again with today's address and texts.
    """
    if channel not in ("email", "whatsapp"):
        raise ValueError("channel must be 'email' or 'whatsapp'")
    policy = policy or ReminderPolicy()
    now = now or store.now()
    info = store.cycle(cycle_id)
    limit = deadline_of(info)
    if info["status"] != "open" or now >= limit:
        return pd.DataFrame(columns=_COLUMNS)
    a = store.assignments_frame(cycle_id)
    if a.empty:
        return pd.DataFrame(columns=_COLUMNS)
    per = a.groupby("rater_id").agg(total=("status", "size"), pending=("status", lambda s: int((s != "submitted").sum())),
                                    drafts=("status", lambda s: int((s == "draft").sum())))
    per = per[per["pending"] > 0]
    sent = store.outbox_frame(cycle_id)
    sent = sent[(sent["channel"] == channel) & (sent["status"] != "failed")]
    last = sent.groupby("employee_id").agg(seq=("seq", "max"), at=("created_at", "max"))
    latest = sent.sort_values("seq").groupby("employee_id").tail(1)
    prepared = {int(r.employee_id): (int(r.seq), str(r.kind)) for r in latest.itertuples() if r.status == "prepared"}
    base = link_base(store, cycle_id, base_url)
    contacts = store.contacts_frame().set_index("employee_id")
    tokens = active_tokens(store, cycle_id)
    deadline_text = format_deadline(limit, lang)
    rows = []
    for rid, rec in per.iterrows():
        rid = int(rid)
        if again:
            if rid not in prepared:
                continue
            seq = prepared[rid][0]
        elif rid in last.index:
            seq = int(last.at[rid, "seq"]) + 1
            if seq > policy.max_reminders or now - pd.Timestamp(last.at[rid, "at"]).to_pydatetime() < \
                    dt.timedelta(days=policy.every_days):
                continue
        else:
            seq = 0 if policy.invitation else 1
            if seq > policy.max_reminders:
                continue
        kind = "undangan" if seq == 0 else ("pengingat_draf" if rec["drafts"] > 0 else "pengingat_belum")
        if again:
            kind = prepared[rid][1]
        person = contacts.loc[rid] if rid in contacts.index else None
        nama = str(person["nama"]) if person is not None else ""
        address = "" if person is None else str(person["email" if channel == "email" else "no_hp"] or "")
        token = tokens.get(rid)
        note, subject, text, link = "", "", "", ""
        if rid not in tokens:
            note = Msg("cycle.note_revoked")
        elif not token:
            note = Msg("cycle.note_not_kept")
        elif not address:
            note = Msg("cycle.note_no_email" if channel == "email" else "cycle.note_no_phone")
        else:
            link = link_url(base, token)
            subject, text = compose(kind, nama=nama, cycle=str(info["name"]), deadline=deadline_text, link=link,
                                    pending=int(rec["pending"]), total=int(rec["total"]), lang=lang)
        nip = str(person["nip"]) if person is not None else ""
        rows.append([rid, nip, nama, channel, address, seq, kind, int(rec["pending"]), int(rec["total"]), subject,
                     text, link, note])
    return pd.DataFrame(rows, columns=_COLUMNS).sort_values(["nama", "nip"]).reset_index(drop=True)


def _email(smtp: SmtpConfig, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = formataddr((smtp.sender_name, smtp.sender))
    msg["To"] = to
    msg["Message-ID"] = make_msgid(domain=smtp.sender.rsplit("@", 1)[-1])
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body, charset="utf-8")
    return msg


def send_email(store: Store, cycle_id: int, *, actor: str, smtp: SmtpConfig | None = None,
               policy: ReminderPolicy | None = None, now: dt.datetime | None = None, dry_run: bool = False,
               base_url: str | None = None) -> pd.DataFrame:
    """Send the e-mails due (``due_messages``) over SMTP (STARTTLS and login when configured).

    Each message is claimed in the outbox before it is sent and marked ``sent`` or ``failed``
    (with the server's reply) after, so a second run, or two runs at once, never send it twice;
    a failed one is tried again on the next run.  ``dry_run``: return the due messages with
    ``hasil = "pratinjau"``, send nothing, record nothing.  Returns the due messages with
    ``hasil`` (``terkirim``, ``gagal: ...``, ``dilewati: ...``).
    """
    if not dry_run:
        _refuse_loopback(store, cycle_id, base_url)
    due = due_messages(store, cycle_id, "email", policy=policy, now=now, base_url=base_url)
    due["hasil"] = ""
    if dry_run or due.empty:
        due["hasil"] = [Msg("cycle.res_preview") if not n else Msg("cycle.res_skipped", note=n) for n in due["catatan"]]
        return due
    actor = _actor(actor)
    smtp = smtp or SmtpConfig.from_env()
    sendable = due[due["catatan"] == ""]
    due["hasil"] = ["" if not n else Msg("cycle.res_skipped", note=n) for n in due["catatan"]]
    if sendable.empty:
        return due
    try:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    except OSError as exc:
        raise CycleError("cycle.smtp_unreachable", host=smtp.host, port=smtp.port,
                         error=f"{exc.__class__.__name__}: {exc}") from None
    try:
        server.ehlo()
        if smtp.starttls:
            server.starttls(context=ssl.create_default_context())
            server.ehlo()
        if smtp.user:
            try:
                server.login(smtp.user, smtp.password or "")
            except smtplib.SMTPException as exc:
                raise CycleError("cycle.smtp_login", user=smtp.user, code=getattr(exc, "smtp_code", "")) from None
        for idx, rec in sendable.iterrows():
            mid = store.outbox_claim(cycle_id, rec["employee_id"], "email", rec["seq"], rec["kind"], rec["address"],
                                     actor=actor, now=now)
            if mid is None:
                due.at[idx, "hasil"] = Msg("cycle.res_skipped", note=Msg("cycle.res_already"))
                continue
            try:
                server.send_message(_email(smtp, rec["address"], rec["subject"], rec["text"]))
            except (smtplib.SMTPException, OSError) as exc:
                store.outbox_done(mid, ok=False, error=f"{exc.__class__.__name__}: {exc}", now=now)
                due.at[idx, "hasil"] = Msg("cycle.res_failed", error=exc.__class__.__name__)
                continue
            store.outbox_done(mid, ok=True, now=now)
            due.at[idx, "hasil"] = Msg("cycle.res_sent")
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            pass
    return due


def _refuse_loopback(store: Store, cycle_id: int, base_url: str | None) -> str:
    """The address the links of a real reminder run carry; ``CycleError`` (saying how to set the
    public address) when it points at this computer only (:func:`cycle.is_loopback`)."""
    base = link_base(store, cycle_id, base_url)
    if is_loopback(base):
        raise CycleError("cycle.address_loopback", url=base)
    return base


def whatsapp_messages(store: Store, cycle_id: int, *, actor: str, policy: ReminderPolicy | None = None,
                      now: dt.datetime | None = None, dry_run: bool = False, base_url: str | None = None,
                      again: bool = False) -> pd.DataFrame:
    """The WhatsApp messages due, each with ``wa_url`` (click-to-chat, text prefilled).

    Unless ``dry_run``, each is recorded in the outbox as ``prepared`` (HR sends it with one click;
    the tool cannot see whether it was sent), so the policy counts it and the next run does not
    offer it again before ``every_days``.  A real run refuses links to this computer only
    (``cycle.address_loopback``).  Returns the due messages with ``wa_url``.

    ``again``: the messages recorded as ``prepared`` (never confirmed sent) are made again with the
    current address (``due_messages(again=True)``), e.g. after a batch went out with a wrong one;
    unless ``dry_run`` their outbox rows take the new address, time and actor, and the audit log
    records ``whatsapp_prepared_again``.
    """
    if not dry_run:
        base = _refuse_loopback(store, cycle_id, base_url)
    due = due_messages(store, cycle_id, "whatsapp", policy=policy, now=now, base_url=base_url, again=again)
    due["wa_url"] = [whatsapp_url(p, txt) if txt else "" for p, txt in zip(due["address"], due["text"])]
    if dry_run:
        return due
    actor = _actor(actor)
    if again:
        return _prepare_again(store, cycle_id, due, actor=actor, base=base, now=now)
    keep = []
    for idx, rec in due.iterrows():
        if not rec["text"]:
            keep.append(idx)
            continue
        if store.outbox_claim(cycle_id, rec["employee_id"], "whatsapp", rec["seq"], rec["kind"], rec["address"],
                              actor=actor, status="prepared", now=now) is not None:
            keep.append(idx)
    return due.loc[keep].reset_index(drop=True)


def _prepare_again(store: Store, cycle_id: int, due: pd.DataFrame, *, actor: str, base: str,
                   now: dt.datetime | None) -> pd.DataFrame:
    """Record a re-prepared WhatsApp batch: each outbox row (still ``prepared``) takes the new
    address, time and actor; one audit-log row names the count and the address."""
    from ..store import outbox

    ready = due[due["text"] != ""]
    at = now or store.now()
    with store.transaction() as conn:
        for rec in ready.itertuples():
            conn.execute(outbox.update().where(outbox.c.cycle_id == int(cycle_id))
                         .where(outbox.c.employee_id == int(rec.employee_id)).where(outbox.c.channel == "whatsapp")
                         .where(outbox.c.seq == int(rec.seq)).where(outbox.c.status == "prepared")
                         .values(address=str(rec.address)[:254], actor=actor, created_at=at, sent_at=at))
        store.db.audit(conn, actor, "whatsapp_prepared_again", cycle_id=int(cycle_id), n=len(ready), base_url=base)
    return due


def pending_table(store: Store, cycle_id: int) -> pd.DataFrame:
    """Raters who have not finished, for HR: ``nip, nama, unit_kerja, belum_mulai, draf, total``
    (forms), ``email, no_hp`` (from the roster) and ``tautan`` (``aktif`` / ``dicabut``), in the
    order of ``Store.pending_raters``."""
    pending = store.pending_raters(cycle_id)
    a = store.assignments_frame(cycle_id)
    counts = a.groupby("rater").agg(belum_mulai=("status", lambda s: int((s == "pending").sum())),
                                    draf=("status", lambda s: int((s == "draft").sum())))
    contacts = store.contacts_frame().set_index("nip")[["email", "no_hp"]]
    links = store.link_state(cycle_id).set_index("nip")["link"]
    out = pending[["nip", "nama", "unit_kerja"]].join(counts, on="nip").join(contacts, on="nip")
    out["total"] = pending["total"].to_numpy()
    out["tautan"] = out["nip"].map(links).fillna(Msg("cycle.link_none"))
    for col in ("email", "no_hp"):
        out[col] = out[col].fillna("")
    return out[["nip", "nama", "unit_kerja", "belum_mulai", "draf", "total", "email", "no_hp", "tautan"]]


def outbox_table(store: Store, cycle_id: int) -> pd.DataFrame:
    """What was sent when: ``nip, nama, channel, kind, address, status, error, actor, created_at,
    sent_at`` (times in the installation's zone)."""
    out = store.outbox_frame(cycle_id)
    for col in ("created_at", "sent_at"):
        out[col] = [fmt_time(v) if pd.notna(v) else "" for v in out[col]]
    return out.drop(columns=["id", "employee_id"])


__all__ = [
    "ASSIGN_DEFAULTS", "AssignPreview", "ConfirmationRequired", "CoverageReview", "assign_options", "coverage_review",
    "keep_assign_options", "REL_ID", "ReminderPolicy", "RosterPreview", "SmtpConfig",
    "add_rater", "assign_checked", "compose", "deadline_info", "deadline_line", "describe_change", "due_messages",
    "extend_deadline", "import_roster_checked", "outbox_table", "pending_table", "percent", "preview_assign", "preview_roster",
    "reissue_link", "remove_rater", "reopen_cycle", "replace_rater", "review_change", "review_locked",
    "review_table", "revoke_link", "send_email", "to_deadline", "whatsapp_messages", "whatsapp_url",
]
