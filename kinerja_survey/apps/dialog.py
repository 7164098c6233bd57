"""The dialog kinerja app's state model: the supervisor records, the employee acknowledges.

``DialogModel(store, token, lang)`` opens a dialog link (``Store.open_dialog_link``) and holds
everything a screen needs; views only draw it (the solara habit: logic testable without
widgets).  The supervisor's link (role ``atasan``) edits the date, the notes and one to three
actions (competency, kind, description, due date, status), starting from the suggestions for the
person's weakest competencies; ``save()`` stores through ``Store.save_dialog`` and returns the
message to show -- a refused save says why and keeps what was typed (no silent loss).  The
employee's link (role ``pegawai``) shows the same record read-only and ``acknowledge(note)``.
Every text comes from ``kinerja_survey.i18n``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..i18n import t
from ..store import AccessDenied, Store, StoreError
from ..store.schema import ACTION_KINDS, ACTION_STATUSES

MAX_ACTIONS = 3


@dataclass
class ActionDraft:
    """One action being edited."""

    competency: str = ""
    kind: str = "pelatihan"
    description: str = ""
    due_on: str = ""
    status: str = "direncanakan"

    def as_dict(self) -> dict:
        return {"competency": self.competency, "kind": self.kind, "description": self.description,
                "due_on": self.due_on, "status": self.status}


@dataclass
class DialogModel:
    """State of one dialog screen; ``denied`` holds the message when the link does not open."""

    store: Store
    token: str
    lang: str | None = None
    role: str = ""
    denied: str = ""
    title: str = ""
    held_on: str = ""
    notes: str = ""
    employee_note: str = ""
    acknowledged_at: dt.datetime | None = None
    actions: list[ActionDraft] = field(default_factory=list)
    competencies: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    suggestions: list[dict] = field(default_factory=list)
    message: str = ""
    ok: bool = True

    def __post_init__(self):
        try:
            session = self.store.open_dialog_link(self.token)
        except AccessDenied:
            self.denied = t("dialog_denied", self.lang)
            return
        self.role = session.role
        self.title = t("dialog_title", self.lang, name=session.employee_name, cycle=session.cycle_name)
        inst = self.store.instrument(session.cycle_id)
        self.competencies = [(c.code, c.name.get("id", c.code) if isinstance(c.name, dict) else str(c.name))
                             for c in inst.competencies]
        self.reload()
        if self.role == "atasan" and not self.actions:
            self.suggestions = self._suggestions(session)
            first = self.suggestions[0]["competency"] if self.suggestions else ""
            self.actions = [ActionDraft(competency=first)]

    def _suggestions(self, session) -> list[dict]:
        from ..cycle import CycleError, load_results, suggested_actions

        nip = self.store.employees_frame(active_only=False).set_index("employee_id").at[session.employee_id, "nip"]
        try:
            return suggested_actions(load_results(self.store, session.cycle_id), nip)
        except (CycleError, KeyError, ValueError):
            return []

    def reload(self) -> None:
        d = self.store.dialog(self.token)
        self.held_on = "" if d["held_on"] is None else d["held_on"].isoformat()
        self.notes, self.employee_note, self.acknowledged_at = d["notes"], d["employee_note"], d["acknowledged_at"]
        self.actions = [ActionDraft(a["competency"], a["kind"], a["description"], a["due_on"].isoformat(), a["status"])
                        for a in d["actions"]]

    # -- what a view asks -------------------------------------------------------------------------
    @property
    def can_edit(self) -> bool:
        return not self.denied and self.role == "atasan"

    @property
    def can_acknowledge(self) -> bool:
        return not self.denied and self.role == "pegawai" and bool(self.held_on)

    @property
    def kinds(self) -> tuple[str, ...]:
        return ACTION_KINDS

    @property
    def statuses(self) -> tuple[str, ...]:
        return ACTION_STATUSES

    # -- supervisor -----------------------------------------------------------------------------
    def add_action(self) -> bool:
        if not self.can_edit or len(self.actions) >= MAX_ACTIONS:
            self.message, self.ok = t("dialog_max_actions", self.lang, n=MAX_ACTIONS), False
            return False
        self.actions.append(ActionDraft())
        return True

    def remove_action(self, index: int) -> None:
        if self.can_edit and 0 <= index < len(self.actions) and len(self.actions) > 1:
            del self.actions[index]

    def save(self) -> str:
        """Store the dialog; the message says it was stored, or why not (the typed text stays)."""
        if not self.can_edit:
            self.message, self.ok = t("dialog_not_yours", self.lang), False
            return self.message
        try:
            self.store.save_dialog(self.token, self.held_on, self.notes, [a.as_dict() for a in self.actions])
        except StoreError as exc:
            self.message, self.ok = t("dialog_not_saved", self.lang, message=str(exc)), False
            return self.message
        self.reload()
        self.message, self.ok = t("dialog_saved", self.lang), True
        return self.message

    # -- employee -------------------------------------------------------------------------------
    def acknowledge(self, note: str = "") -> str:
        if self.role != "pegawai" or self.denied:
            self.message, self.ok = t("dialog_not_yours", self.lang), False
            return self.message
        try:
            self.store.acknowledge_dialog(self.token, note)
        except StoreError as exc:
            self.message, self.ok = t("dialog_not_saved", self.lang, message=str(exc)), False
            return self.message
        self.reload()
        self.message, self.ok = t("dialog_acknowledged", self.lang), True
        return self.message
