"""Personal data (UU 27/2022 Pelindungan Data Pribadi): access, correction, retention, export log.

What the database holds about a person, why and for how long is listed in ``docs/privacy.md``.

``personal_data(store, nip)``
    Everything held about one person, as sheets: the roster entry and contacts, the periods they
    were in, the answers and comments they *received* from displayable rater groups only
    (``analysis.displayable_ratings``: a group under its anonymity threshold is left out, and no
    rater is named), the answers and comments they *gave*, hasil kerja, predikat decisions and
    keberatan.  Other raters' identities never appear.
``correct_personal_data(store, nip, field, value, reason=, actor=)``
    A correction of the roster entry or contacts, written to the audit log (the field and the
    reason; the audit log holds employee ids, never a NIP or name).
``find_people`` / ``correctable_values`` / ``preview_correction`` / ``apply_correction``
    The correction screen's steps: a person found by NIP (any format: ``collect.nip.normalise_nip``)
    or name, the current values of the correctable fields, what a set of new values changes (each
    value checked and normalised, e.g. a phone number to 62...), and all of it written in one
    transaction (one audit row per field).
``preview_retention`` / ``apply_retention``
    For every closed period ending before a date (no later than the agency's retention period
    allows, setting ``retention_years``): each person of the period is replaced, in that period's
    rows only, by a pseudonymous employee (random code, no name or jabatan; unit, jenis jabatan,
    golongan and gender kept for the organisation statistics; the mapping is not kept); the free
    texts that may name people (comments, reasons, notes, stakeholders' names and contacts) are
    emptied; links, stored links and the outbox of the period are deleted; NIPs and names in the
    published snapshots are replaced; a person referenced nowhere else and no longer on the roster
    is deleted.  The answers stay, so organisation-level statistics of the period are unchanged.
``record_export`` / ``export_log_frame`` / ``last_backup``
    The export log: every file of personal data written (who, what, where, when, how many people).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets

import pandas as pd
import sqlalchemy as sa

from ..analysis.scoring import ScoringConfig, displayable_ratings
from ..collect.nip import normalise_nip
from ..collect.roster import check_phone, normalise_phone
from ..errors import KinerjaError
from ..i18n import Localized, Msg
from ..present.registry import register
from ..store import (
    assignments,
    audit_log,
    cycle_members,
    cycles,
    dev_actions,
    dev_dialogs,
    employee_contacts,
    employees,
    export_log,
    feedback_notes,
    feedback_versions,
    hasil_kerja,
    keberatan,
    link_vault,
    outbox,
    predikat_overrides,
    publications,
    rater_links,
    response_comments,
    responses,
    stakeholders,
)
from .hr import ConfirmationRequired

RETENTION_SETTING = "retention_years"
DEFAULT_RETENTION_YEARS = 5
PSEUDONYM_PREFIX = "PSD"  # 3 letters + 15 hex digits: 18 characters, never a valid NIP
BACKUP_EXPORT = "cadangan"
CORRECTABLE = ("name", "jabatan", "golongan", "gender", "email", "phone")


class PrivacyError(KinerjaError, ValueError):
    """A personal-data request refused (unknown NIP, bad field, date inside the retention period)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# -- export log -----------------------------------------------------------------------------------
def record_export(store, what: str, *, actor: str, target="", people: int, **detail) -> None:
    """Record one export: ``what`` (a command or download name), ``target`` (the file), how many
    ``people`` it holds data of, by ``actor``, now (UTC)."""
    with store.transaction() as conn:
        conn.execute(export_log.insert().values(at=_now(), actor=str(actor)[:100], what=str(what)[:100],
                                                target=str(target), people=int(people),
                                                detail_json=json.dumps(detail, default=str, sort_keys=True)))


def export_people(store, cycle_id: int | None = None) -> int:
    """How many people an exported file may hold data of: the raters and ratees of ``cycle_id``,
    else everyone on the roster (active or not), as the CLI counts its files."""
    if cycle_id is not None:
        frame = store.assignments_frame(cycle_id)
        return int(pd.concat([frame["rater"], frame["ratee"]]).dropna().nunique()) if len(frame) else 0
    return len(store.employees_frame(active_only=False))


def export_log_frame(store) -> pd.DataFrame:
    """The export log, oldest first: at (UTC), actor, what, target, people."""
    with store.engine.connect() as conn:
        return pd.read_sql(sa.select(export_log.c.at, export_log.c.actor, export_log.c.what, export_log.c.target,
                                     export_log.c.people).order_by(export_log.c.id), conn)


def last_backup(store) -> dict | None:
    """The newest backup recorded in the export log: ``{"at": UTC datetime, "target": path,
    "age_hours": float}``, or None."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(export_log.c.at, export_log.c.target).where(export_log.c.what == BACKUP_EXPORT)
                           .order_by(export_log.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    return {"at": row.at, "target": row.target, "age_hours": (_now() - row.at).total_seconds() / 3600}


# -- access -----------------------------------------------------------------------------------------
def _employee_id(conn, nip: str) -> int:
    found = conn.execute(sa.select(employees.c.id).where(employees.c.nip == normalise_nip(nip))).scalar()
    if found is None:
        raise PrivacyError("privacy.nip_unknown", nip=nip)
    return int(found)


def personal_data(store, nip: str, config: ScoringConfig | None = None) -> dict[str, pd.DataFrame]:
    """Every sheet of what is held about ``nip`` (see the module docstring); no rater is named and
    no hidden group's answer or comment is included."""
    nip = normalise_nip(nip)
    with store.engine.connect() as conn:
        emp_id = _employee_id(conn, nip)
        profile = pd.read_sql(sa.select(employees.c.nip, employees.c.name.label("nama"), employees.c.jabatan,
                                        employees.c.jenis_jabatan, employees.c.golongan, employees.c.gender,
                                        employees.c.active, employee_contacts.c.email, employee_contacts.c.phone)
                              .outerjoin(employee_contacts, employee_contacts.c.employee_id == employees.c.id)
                              .where(employees.c.id == emp_id), conn)
        in_cycles = sorted({int(c) for (c,) in conn.execute(
            sa.union(sa.select(assignments.c.cycle_id).where(sa.or_(assignments.c.rater_id == emp_id,
                                                                    assignments.c.ratee_id == emp_id)),
                     sa.select(cycle_members.c.cycle_id).where(cycle_members.c.employee_id == emp_id),
                     sa.select(hasil_kerja.c.cycle_id).where(hasil_kerja.c.employee_id == emp_id)))})
        members = pd.read_sql(sa.select(cycle_members.c.cycle_id.label("periode"), cycle_members.c.unit_path,
                                        cycle_members.c.jabatan).where(cycle_members.c.employee_id == emp_id), conn)
        keb = pd.read_sql(sa.select(keberatan.c.cycle_id.label("periode"), keberatan.c.predikat_awal,
                                    keberatan.c.reason,
                                    keberatan.c.status, keberatan.c.filed_at, keberatan.c.decision,
                                    keberatan.c.predikat_akhir, keberatan.c.decision_reason)
                          .where(keberatan.c.employee_id == emp_id), conn)
    received, received_comments, given, given_comments, results, overrides = [], [], [], [], [], []
    for cid in in_cycles:
        ratings = store.ratings_frame(cid)
        shown = displayable_ratings(ratings, config)
        mine = shown[shown["ratee"] == nip]
        received.append(mine.drop(columns=["ratee", "rater"]).assign(periode=cid))
        groups = set(mine["relationship"])
        comments = store.comments_frame(cid)
        got = comments[(comments["ratee"] == nip) & comments["relationship"].isin(groups)]
        received_comments.append(got.drop(columns=["ratee", "rater"]).assign(periode=cid))
        given.append(ratings[ratings["rater"] == nip].drop(columns=["rater"]).assign(periode=cid))
        given_comments.append(comments[comments["rater"] == nip].drop(columns=["rater"]).assign(periode=cid))
        hk = store.hasil_kerja_frame(cid)
        results.append(hk[hk["nip"] == nip].assign(periode=cid))
        ov = store.predikat_overrides(cid, history=True)
        overrides.append(ov[ov["nip"] == nip].drop(columns=["actor"], errors="ignore").assign(periode=cid))

    def _cat(frames):  # the columns stay when nothing is held
        filled = [f for f in frames if len(f)]
        return pd.concat(filled, ignore_index=True) if filled else (frames[0].iloc[0:0] if frames else pd.DataFrame())

    return {"profil": profile, "periode": members, "penilaian_diterima": _cat(received),
            "komentar_diterima": _cat(received_comments), "penilaian_diberikan": _cat(given),
            "komentar_diberikan": _cat(given_comments), "hasil_kerja": _cat(results),
            "kalibrasi": _cat(overrides), "keberatan": keb}


@register("data-pribadi", "per_person", "xlsx", command="data-pribadi", files=("*.xlsx",), downloads=("admin",),
          example=[("data-pribadi", "{nip}", "--keluaran", "data-pribadi.xlsx")],
          own_parts=("penilaian_diberikan", "komentar_diberikan"))  # the person's own answers as a rater
def export_personal_data(store, nip: str, path, *, actor: str, config: ScoringConfig | None = None):
    """Write :func:`personal_data` of ``nip`` to the workbook ``path`` (through
    ``present.exports.write_workbook``) and record it in the export log (one person)."""
    from ..present.exports import write_workbook

    sheets = personal_data(store, nip, config)
    shown = {name: table.rename(columns={"phone": "no_hp", "unit_path": "unit_kerja"}) for name, table in sheets.items()}
    write_workbook(path, shown, dictionary=False)
    record_export(store, "data-pribadi", actor=actor, target=path, people=1)
    return sheets


# -- correction -------------------------------------------------------------------------------------
#: each correctable field and the column it is shown as (``present.labels.screen_label``)
FIELD_COLUMNS = {"name": "nama", "jabatan": "jabatan", "golongan": "golongan", "gender": "jenis_kelamin",
                 "email": "email", "phone": "no_hp"}
_GOLONGAN = re.compile(r"^(IV|III|II|I)/([a-e])$", re.IGNORECASE)  # PNS: I/a .. IV/e
_GOLONGAN_PPPK = re.compile(r"^(XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_GENDER = {"l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "p": "P", "perempuan": "P", "wanita": "P"}


class FieldLabel(Localized):
    """A correctable field named as its column is on the screens, in the reader's language."""

    __slots__ = ("field",)

    def __init__(self, field: str):
        self.field = field

    def render(self, lang: str | None = None) -> str:
        from ..present.labels import screen_label

        return screen_label(FIELD_COLUMNS.get(self.field, self.field), lang)


def check_correction(field: str, value) -> str:
    """``value`` for ``field`` as it will be stored (spaces collapsed, a golongan as ``III/b``, a
    gender as ``L``/``P``, an e-mail in lower case, a phone number as ``62...``); ``PrivacyError``
    naming the field and why when it is not acceptable.  E-mail and phone may be emptied."""
    if field not in CORRECTABLE:
        raise PrivacyError("privacy.field_unknown", field=field, choices=", ".join(CORRECTABLE))
    text = re.sub(r"\s+", " ", str(value if value is not None else "")).strip()
    label = FieldLabel(field)
    if field in ("name", "jabatan"):
        if not text:
            raise PrivacyError("privacy.value_required", field=label)
        if len(text) > 200:
            raise PrivacyError("privacy.value_bad", field=label, value=text[:40] + "…", why=Msg("privacy.why_long"))
        return text
    if field == "gender":
        if text.lower() not in _GENDER:
            raise PrivacyError("privacy.value_bad", field=label, value=text, why=Msg("privacy.why_gender"))
        return _GENDER[text.lower()]
    if field == "golongan":
        m = _GOLONGAN.match(text)
        if m:
            return f"{m.group(1).upper()}/{m.group(2).lower()}"
        if _GOLONGAN_PPPK.match(text):
            return text.upper()
        raise PrivacyError("privacy.value_bad", field=label, value=text, why=Msg("privacy.why_golongan"))
    if not text:
        return ""
    if field == "email":
        text = text.lower()
        if len(text) > 254 or not _EMAIL.match(text):
            raise PrivacyError("privacy.value_bad", field=label, value=text[:80], why=Msg("privacy.why_email"))
        return text
    phone = normalise_phone(text)
    problem = check_phone(phone)
    if problem:
        raise PrivacyError("privacy.value_bad", field=label, value=text, why=problem)
    return phone


def find_people(store, query: str, limit: int = 20) -> pd.DataFrame:
    """People whose NIP (typed in any format) starts with ``query``, or whose name contains it
    (case ignored): ``nip, nama, jabatan, unit_kerja``, at most ``limit`` rows, the roster's
    order.  Inactive people are included (a correction concerns whoever is held)."""
    emp = store.employees_frame(active_only=False)[["nip", "nama", "jabatan", "unit_kerja"]]
    text = str(query or "").strip()
    if not text:
        return emp.iloc[0:0].reset_index(drop=True)
    digits = normalise_nip(text)
    if digits.isdigit():
        hit = emp["nip"].astype(str).str.startswith(digits)
    else:
        hit = emp["nama"].astype(str).str.casefold().str.contains(text.casefold(), regex=False)
    return emp[hit].head(limit).reset_index(drop=True)


def correctable_values(store, nip: str) -> dict[str, str]:
    """The current value of every correctable field of ``nip`` (``""`` where none is held), plus
    ``nip`` (normalised); ``PrivacyError`` for an unknown NIP."""
    with store.engine.connect() as conn:
        emp_id = _employee_id(conn, nip)
        row = conn.execute(sa.select(employees.c.nip, employees.c.name, employees.c.jabatan, employees.c.golongan,
                                     employees.c.gender, employee_contacts.c.email, employee_contacts.c.phone)
                           .outerjoin(employee_contacts, employee_contacts.c.employee_id == employees.c.id)
                           .where(employees.c.id == emp_id)).mappings().first()
    return {"nip": row["nip"], **{f: "" if row[f] is None else str(row[f]) for f in CORRECTABLE}}


def preview_correction(store, nip: str, changes: dict) -> pd.DataFrame:
    """What ``changes`` (field -> new value) would change for ``nip``: ``field, kolom, lama, baru``,
    one row per field whose checked value differs from the stored one (nothing is written).
    ``PrivacyError`` for an unknown NIP, a field that cannot be corrected or a value refused by
    :func:`check_correction`, and ``privacy.nothing_changed`` when no value differs."""
    current = correctable_values(store, nip)
    rows = []
    for field, value in changes.items():
        new = check_correction(field, value)
        if new != current[field]:
            rows.append({"field": field, "kolom": FieldLabel(field), "lama": current[field], "baru": new})
    if not rows:
        raise PrivacyError("privacy.nothing_changed", nip=current["nip"])
    return pd.DataFrame(rows, columns=["field", "kolom", "lama", "baru"])


def apply_correction(store, nip: str, changes: dict, *, reason: str, actor: str) -> pd.DataFrame:
    """Write every change of :func:`preview_correction` in one transaction, one audit row per field
    (employee id, field, reason: never a value, a NIP or a name) under ``actor``.  Returns the
    preview.  A refusal (reason shorter than 5 characters, a bad value) writes nothing."""
    reason = str(reason or "").strip()
    if len(reason) < 5:
        raise PrivacyError("privacy.reason_required")
    if not str(actor or "").strip():
        raise PrivacyError("privacy.actor_required")
    done = preview_correction(store, nip, changes)
    with store.transaction() as conn:
        emp_id = _employee_id(conn, nip)
        for field, value in zip(done["field"], done["baru"]):
            if field in ("email", "phone"):
                exists = conn.execute(sa.select(employee_contacts.c.employee_id)
                                      .where(employee_contacts.c.employee_id == emp_id)).first()
                if exists:
                    conn.execute(employee_contacts.update().where(employee_contacts.c.employee_id == emp_id)
                                 .values({field: value}))
                else:
                    conn.execute(employee_contacts.insert().values(employee_id=emp_id, **{field: value}))
            else:
                conn.execute(employees.update().where(employees.c.id == emp_id).values({field: value}))
            conn.execute(audit_log.insert().values(at=_now(), actor=str(actor)[:100], action="correct_personal_data",
                                                   detail_json=json.dumps({"employee_id": emp_id, "field": field,
                                                                           "reason": reason}, sort_keys=True)))
    return done


def correct_personal_data(store, nip: str, field: str, value: str, *, reason: str, actor: str) -> None:
    """Correct one field of a person's roster entry (``name``, ``jabatan``, ``golongan``, ``gender``)
    or contacts (``email``, ``phone``); the value is checked (:func:`check_correction`); the audit
    log records the employee id, the field and the reason (not the values)."""
    if field not in CORRECTABLE:
        raise PrivacyError("privacy.field_unknown", field=field, choices=", ".join(CORRECTABLE))
    reason = str(reason or "").strip()
    if len(reason) < 5:
        raise PrivacyError("privacy.reason_required")
    apply_correction(store, nip, {field: value}, reason=reason, actor=actor)


# -- retention --------------------------------------------------------------------------------------
def retention_years(store) -> int:
    return int(store.setting(RETENTION_SETTING, DEFAULT_RETENTION_YEARS))


def set_retention_years(store, years, *, actor: str) -> int:
    try:
        years = int(years)
    except (TypeError, ValueError):
        raise PrivacyError("privacy.retention_years_bad", value=years) from None
    if not 1 <= years <= 100:
        raise PrivacyError("privacy.retention_years_bad", value=years)
    store.set_setting(RETENTION_SETTING, years, actor=actor)
    return years


def _limit(years: int, today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# (table, column) pairs holding an employee id within one cycle's rows (keyed by cycle_id)
_PERSON_REFS = ((assignments, "rater_id"), (assignments, "ratee_id"), (cycle_members, "employee_id"),
                (hasil_kerja, "employee_id"), (predikat_overrides, "employee_id"), (keberatan, "employee_id"),
                (keberatan, "penilai_id"), (keberatan, "atasan_penilai_id"), (dev_dialogs, "employee_id"),
                (dev_dialogs, "supervisor_id"), (feedback_notes, "employee_id"), (feedback_notes, "author_id"),
                (stakeholders, "ratee_id"), (rater_links, "rater_id"), (outbox, "employee_id"))


def _retained_cycles(conn, until: dt.date) -> list:
    return conn.execute(sa.select(cycles.c.id, cycles.c.name).where(cycles.c.status == "closed")
                        .where(cycles.c.period_end < until).order_by(cycles.c.id)).all()


def _people_of(conn, cycle_id: int) -> set[int]:
    ids: set[int] = set()
    for table, col in _PERSON_REFS:
        ids |= {int(v) for (v,) in conn.execute(sa.select(table.c[col]).where(table.c.cycle_id == cycle_id)
                                                  .where(table.c[col].is_not(None)))}
    return ids


def _check_until(store, until, today) -> dt.date:
    until = pd.Timestamp(until).date()
    today = today or dt.date.today()
    years = retention_years(store)
    limit = _limit(years, today)
    if until > limit:
        raise PrivacyError("privacy.retention_too_recent", until=until, years=years, limit=limit)
    return until


def preview_retention(store, until, *, today: dt.date | None = None) -> dict:
    """What :func:`apply_retention` would do for periods ending before ``until``: ``{"cycles": [...],
    "names": [...], "people": n, "texts": n, "links": n, "outbox": n, "message": Msg}``."""
    from ..i18n import Msg

    until = _check_until(store, until, today)
    with store.engine.connect() as conn:
        found = _retained_cycles(conn, until)
        ids = [c.id for c in found]
        people = sum(len(_people_of(conn, c)) for c in ids)
        resp = sa.select(responses.c.id).join(assignments, assignments.c.id == responses.c.assignment_id) \
            .where(assignments.c.cycle_id.in_(ids or [-1]))
        texts = conn.execute(sa.select(sa.func.count()).select_from(response_comments)
                             .where(response_comments.c.response_id.in_(resp))).scalar()
        texts += conn.execute(sa.select(sa.func.count()).select_from(responses).where(responses.c.id.in_(resp))
                              .where(responses.c.overall_comment != "")).scalar()
        links = conn.execute(sa.select(sa.func.count()).select_from(rater_links)
                             .where(rater_links.c.cycle_id.in_(ids or [-1]))).scalar()
        sent = conn.execute(sa.select(sa.func.count()).select_from(outbox)
                            .where(outbox.c.cycle_id.in_(ids or [-1]))).scalar()
    names = [c.name for c in found]
    fields = {"until": until, "n": len(ids), "names": "; ".join(names), "people": people, "texts": int(texts),
              "links": int(links), "outbox": int(sent)}
    message = Msg("privacy.retention_preview", **fields) if ids else Msg("privacy.retention_nothing", until=until)
    return {"cycles": ids, **fields, "message": message}


def _replace_strings(value, mapping: dict):
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_replace_strings(v, mapping) for v in value]
    if isinstance(value, dict):
        return {mapping.get(k, k): _replace_strings(v, mapping) for k, v in value.items()}
    return value


def apply_retention(store, until, *, actor: str, confirm: bool = False, today: dt.date | None = None) -> dict:
    """Pseudonymise the periods of :func:`preview_retention` (see the module docstring), in one
    transaction, recorded in the audit log.  Returns the preview.  ``confirm`` must be true."""
    preview = preview_retention(store, until, today=today)
    if not confirm:
        raise ConfirmationRequired("cycle.confirm_change", preview, text=preview["message"])
    if not preview["cycles"]:
        return preview
    pseudonyms_made = 0
    with store.transaction() as conn:
        touched: set[int] = set()
        for cid in preview["cycles"]:
            people = _people_of(conn, cid)
            touched |= people
            rows = {r.id: r for r in conn.execute(sa.select(employees).where(employees.c.id.in_(people or [-1])))}
            mapping_ids, mapping_text = {}, {}
            for old in sorted(people):
                row = rows[old]
                code = PSEUDONYM_PREFIX + secrets.token_hex(8)[:15].upper()
                new = conn.execute(employees.insert().values(
                    nip=code, name="-", jabatan="", jenis_jabatan=row.jenis_jabatan, golongan=row.golongan,
                    gender=row.gender, unit_id=row.unit_id, atasan_id=None, active=False)
                    .returning(employees.c.id)).scalar()
                mapping_ids[old] = int(new)
                mapping_text[row.nip] = code
                mapping_text[row.name] = "-"
                pseudonyms_made += 1
            for table, col in _PERSON_REFS:
                for old, new in mapping_ids.items():
                    conn.execute(table.update().where(table.c.cycle_id == cid).where(table.c[col] == old)
                                 .values({col: new}))
            _blank_texts(conn, cid)
            for pub in conn.execute(sa.select(publications.c.id, publications.c.snapshot_json)
                                    .where(publications.c.cycle_id == cid)).all():
                snap = _replace_strings(json.loads(pub.snapshot_json), mapping_text)
                conn.execute(publications.update().where(publications.c.id == pub.id)
                             .values(snapshot_json=json.dumps(snap, default=str, sort_keys=True)))
        removed = _remove_orphans(conn, touched)
        conn.execute(audit_log.insert().values(
            at=_now(), actor=actor, action="retention",
            detail_json=json.dumps({"cycles": preview["cycles"], "until": str(preview["until"]),
                                    "pseudonyms": pseudonyms_made, "employees_deleted": removed}, sort_keys=True)))
    return {**preview, "pseudonyms": pseudonyms_made, "deleted": removed}


def _blank_texts(conn, cid: int) -> None:
    """Empty every free text of the period that may name a person; delete links and the outbox."""
    resp = sa.select(responses.c.id).join(assignments, assignments.c.id == responses.c.assignment_id) \
        .where(assignments.c.cycle_id == cid)
    conn.execute(response_comments.delete().where(response_comments.c.response_id.in_(resp)))
    conn.execute(responses.update().where(responses.c.id.in_(resp)).values(overall_comment="", declined_reason=None))
    conn.execute(keberatan.update().where(keberatan.c.cycle_id == cid).values(
        reason="", explanation=None, decision_reason=None, filed_by="", explained_by=None, decided_by=None))
    conn.execute(predikat_overrides.update().where(predikat_overrides.c.cycle_id == cid).values(reason=""))
    dialogs = sa.select(dev_dialogs.c.id).where(dev_dialogs.c.cycle_id == cid)
    conn.execute(dev_actions.update().where(dev_actions.c.dialog_id.in_(dialogs)).values(description=""))
    conn.execute(dev_dialogs.update().where(dev_dialogs.c.cycle_id == cid).values(notes="", employee_note=""))
    notes = sa.select(feedback_notes.c.id).where(feedback_notes.c.cycle_id == cid)
    conn.execute(feedback_versions.update().where(feedback_versions.c.note_id.in_(notes)).values(text=""))
    conn.execute(stakeholders.update().where(stakeholders.c.cycle_id == cid).values(name="-", organisation="",
                                                                                     contact="-"))
    conn.execute(cycle_members.update().where(cycle_members.c.cycle_id == cid).values(jabatan=""))
    links = sa.select(rater_links.c.id).where(rater_links.c.cycle_id == cid)
    conn.execute(link_vault.delete().where(link_vault.c.link_id.in_(links)))
    conn.execute(outbox.delete().where(outbox.c.cycle_id == cid))


def _remove_orphans(conn, ids: set[int]) -> int:
    """Delete the people of ``ids`` who left the roster (inactive) and whom no row refers to any more."""
    removed = 0
    for emp_id in sorted(ids):
        active = conn.execute(sa.select(employees.c.active).where(employees.c.id == emp_id)).scalar()
        if active:
            continue
        used = any(conn.execute(sa.select(table.c[col]).where(table.c[col] == emp_id).limit(1)).first()
                   for table, col in _PERSON_REFS)
        if used:
            continue
        conn.execute(employees.update().where(employees.c.atasan_id == emp_id).values(atasan_id=None))
        conn.execute(employee_contacts.delete().where(employee_contacts.c.employee_id == emp_id))
        conn.execute(employees.delete().where(employees.c.id == emp_id))
        removed += 1
    return removed
