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
from .boundary import App
from .html import esc

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
        return self._store_step(self.can_edit, lambda: self.store.save_dialog(
            self.token, self.held_on, self.notes, [a.as_dict() for a in self.actions]), "dialog_saved")

    # -- employee -------------------------------------------------------------------------------
    def acknowledge(self, note: str = "") -> str:
        return self._store_step(self.role == "pegawai" and not self.denied,
                                lambda: self.store.acknowledge_dialog(self.token, note), "dialog_acknowledged")

    def _store_step(self, allowed: bool, write, done_key: str) -> str:
        """One write of the dialog by the person of this link: refused when it is not theirs to make,
        the store's refusal said (what was typed stays), else reloaded with ``done_key``'s message."""
        if not allowed:
            self.message, self.ok = t("dialog_not_yours", self.lang), False
            return self.message
        try:
            write()
        except StoreError as exc:
            self.message, self.ok = t("dialog_not_saved", self.lang, message=exc), False
            return self.message
        self.reload()
        self.message, self.ok = t(done_key, self.lang), True
        return self.message


# --- the view: draws the model (ipywidgets; the rater app shows it for a dialog link) ----------------

STYLE = """
<style>
.ks-app { max-width: 720px; font-size: 15px; box-sizing: border-box; }
.ks-app * { box-sizing: border-box; }
.ks-app .widget-text, .ks-app .widget-textarea, .ks-app .widget-dropdown { width: 100%; max-width: 100%; }
.ks-app input, .ks-app select, .ks-app textarea { min-height: 44px; font-size: 16px; }
.ks-app button { min-height: 44px; }
.ks-action { border-top: 1px solid #ccc; margin-top: 8px; padding-top: 4px; }
.ks-denied { padding: 18px 22px; border-radius: 6px; background: #fff4e5; border: 1px solid #f0b35a; }
.ks-msg-error { color: #b71c1c; font-weight: bold; }
.ks-msg-ok { color: #1b5e20; font-weight: bold; }
</style>
"""
class _Labels:
    """``L["date"]`` -> ``t("dlg_date", lang)``: every text through ``kinerja_survey.i18n``."""

    def __init__(self, lang):
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        return t(f"dlg_{key}", self.lang)


class DialogView(App):
    """Widgets drawing a :class:`DialogModel`; rebuilt from the model after every action."""

    def __init__(self, model: DialogModel):
        import ipywidgets as widgets

        from ..i18n import resolve_lang

        self.w = widgets
        self.model = model
        self.lang = resolve_lang(model.lang)
        self.L = _Labels(self.lang)
        self.widget = widgets.VBox()
        self.widget.add_class("ks-app")
        self.render()

    def show_error(self, text: str) -> None:
        self.model.message, self.model.ok = text, False
        self.render()

    def _sync(self) -> None:
        """Copy what was typed into the model (before add/remove/save)."""
        m = self.model
        if not m.can_edit:
            return
        m.held_on, m.notes = self.date.value, self.notes.value
        for act, row in zip(m.actions, self.rows):
            act.competency, act.kind, act.description, act.due_on, act.status = (
                row["competency"].value or "", row["kind"].value, row["description"].value, row["due"].value,
                row["status"].value)

    def render(self) -> None:
        w, m, L = self.w, self.model, self.L
        parts = [w.HTML(STYLE)]
        if m.denied:
            parts.append(w.HTML(f"<div class='ks-denied'><p>{esc(m.denied)}</p></div>"))
            self.widget.children = parts
            return
        parts.append(w.HTML(f"<h2>{esc(m.title)}</h2>"))
        full = w.Layout(width="100%")
        self.rows = []
        if m.can_edit:
            if m.suggestions:
                items = "".join(f"<li><b>{esc(s['name'])}</b>: {esc('; '.join(s['suggestions']))}</li>"
                                for s in m.suggestions)
                parts.append(w.HTML(f"<p>{esc(L['suggest'])}</p><ul>{items}</ul>"))
            self.date = w.Text(value=m.held_on, description="", placeholder=t("app.date_placeholder", self.lang), layout=full)
            self.date.add_class("ks-dlg-date")
            self.notes = w.Textarea(value=m.notes, placeholder=L["notes"], layout=full)
            self.notes.add_class("ks-dlg-notes")
            parts += [w.HTML(esc(L["date"])), self.date, w.HTML(esc(L["notes"])), self.notes]
            comps = [(f"{name} ({code})", code) for code, name in m.competencies]
            for k, act in enumerate(m.actions):
                row = {"competency": w.Dropdown(options=comps, value=act.competency or None, layout=full),
                       "kind": w.Dropdown(options=list(m.kinds), value=act.kind, layout=full),
                       "description": w.Textarea(value=act.description, placeholder=L["description"], layout=full),
                       "due": w.Text(value=act.due_on, placeholder=t("app.date_placeholder", self.lang), layout=full),
                       "status": w.Dropdown(options=list(m.statuses), value=act.status, layout=full)}
                for name, widget in row.items():
                    widget.add_class(f"ks-dlg-{name}-{k}")
                remove = w.Button(description=L["remove"], layout=w.Layout(width="auto"))
                remove.add_class(f"ks-dlg-remove-{k}")
                remove.on_click(self.guard(lambda _b, k=k: self._remove(k)))
                box = w.VBox([w.HTML(f"<b>{k + 1}.</b> {esc(L['competency'])}"), row["competency"],
                              w.HTML(esc(L["kind"])), row["kind"], w.HTML(esc(L["description"])),
                              row["description"], w.HTML(esc(L["due"])), row["due"], w.HTML(esc(L["status"])),
                              row["status"], remove])
                box.add_class("ks-action")
                parts.append(box)
                self.rows.append(row)
            add = w.Button(description=L["add"], layout=w.Layout(width="auto"))
            add.add_class("ks-dlg-add")
            add.on_click(self.guard(lambda _b: self._add()))
            save = w.Button(description=L["save"], button_style="primary", layout=w.Layout(width="auto"))
            save.add_class("ks-dlg-save")
            save.on_click(self.guard(lambda _b: self._save()))
            parts += [w.HBox([add, save])]
            parts.append(w.HTML(esc(L["acknowledged"] if m.acknowledged_at else L["waiting"])))
        else:
            if not m.held_on:
                parts.append(w.HTML(f"<p>{esc(L['not_held'])}</p>"))
            else:
                acts = "".join(f"<li>{esc(a.competency)} - {esc(a.kind)}: {esc(a.description)} "
                               f"({esc(a.due_on)}; {esc(a.status)})</li>" for a in m.actions)
                parts.append(w.HTML(f"<p>{esc(L['held_on'])}: {esc(m.held_on)}</p>"
                                    f"<p>{esc(m.notes)}</p><ol class='ks-dlg-actions'>{acts}</ol>"))
                if m.acknowledged_at:
                    parts.append(w.HTML(f"<p class='ks-msg-ok'>{esc(L['acknowledged'])}</p>"))
                else:
                    self.note = w.Textarea(value="", placeholder=L["note"], layout=full)
                    self.note.add_class("ks-dlg-note")
                    ack = w.Button(description=L["ack"], button_style="primary", layout=w.Layout(width="auto"))
                    ack.add_class("ks-dlg-ack")
                    ack.on_click(self.guard(lambda _b: self._ack()))
                    parts += [self.note, ack]
        if m.message:
            cls = "ks-msg-ok" if m.ok else "ks-msg-error"
            parts.append(w.HTML(f"<p class='{cls}'>{esc(m.message)}</p>"))
        self.widget.children = parts

    def _add(self):
        self._sync()
        self.model.add_action()
        self.render()

    def _remove(self, k):
        self._sync()
        self.model.remove_action(k)
        self.render()

    def _save(self):
        self._sync()
        self.model.save()
        self.render()

    def _ack(self):
        self.model.acknowledge(self.note.value)
        self.render()
