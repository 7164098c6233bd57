"""Continuous feedback notes in the rater app: write, edit (a new version), read what one received.

``FeedbackModel`` holds the logic (who may be written about, the notes, saving with a message
that says what was stored and what not); ``FeedbackPanel`` only draws it.  The panel sits on the
rater's task list, folded until opened, so a visit that only rates costs no extra query; the
evaluating official sees the notes about the person at the top of the supervisor's form
(:func:`notes_for_rating`).  Everything goes through ``Store`` methods that return plain records
(the rater's kernel never imports pandas), and every text through ``i18n``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ipywidgets as widgets

from ..i18n import fmt_time, t
from ..store import StoreError
from ..store.feedback import MAX_FEEDBACK_CHARS
from .boundary import App
from .html import esc


def _when(value, lang: str | None = None) -> str:
    """A stored UTC time in the installation's zone with its label (``i18n.fmt_time``)."""
    return "" if value is None or value != value else fmt_time(value, lang)  # noqa: PLR0124 - NaT/NaN


@dataclass
class FeedbackModel:
    """The feedback notes one rater link can see and write."""

    store: object
    token: str
    lang: str = "id"
    values: list[tuple[str, str]] = field(default_factory=list)  # (competency code, name)
    targets: list[dict] = field(default_factory=list)  # nip, nama, role
    given: list[dict] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)
    message: str = ""
    ok: bool = True

    def load(self, instrument) -> None:
        self.values = [(c.code, c.name.get(self.lang) or c.name.get("id", c.code)) for c in instrument.competencies]
        self.targets = self.store.feedback_target_records(self.token)
        self.reload()

    def reload(self) -> None:
        self.given = self.store.feedback_given_records(self.token)
        self.received = self.store.feedback_received_records(self.token)

    def value_name(self, code: str) -> str:
        return dict(self.values).get(code, code)

    def save(self, nip: str, value_code: str, text: str, note_id: int | None = None) -> bool:
        """Store a new note (or, with ``note_id``, a new version of one's own); ``message`` says
        what happened -- a refused note says why, and the caller keeps what was typed."""
        self.ok = False
        if note_id is None and not nip:
            self.message = t("fb_need_person", self.lang)
            return False
        if not value_code:
            self.message = t("fb_need_value", self.lang)
            return False
        try:
            if note_id is None:
                self.store.add_feedback(self.token, nip, value_code, text)
                self.message = t("fb_saved", self.lang)
            else:
                version = self.store.edit_feedback(self.token, note_id, value_code, text)
                self.message = t("fb_edited", self.lang, version=version)
        except StoreError as exc:
            self.message = t("fb_not_saved", self.lang, reason=exc)
            return False
        self.ok = True
        self.reload()
        return True


class FeedbackPanel(App):
    """The folded "Catatan umpan balik" section of the task list.  ``widget`` to display."""

    def __init__(self, store, token: str, instrument, lang: str = "id"):
        self.model = FeedbackModel(store, token, lang)
        self.instrument = instrument
        self.lang = lang
        self.editing: int | None = None
        self.toggle = widgets.Button(description=t("fb_open", lang))
        self.toggle.add_class("ks-fb-toggle")
        self.toggle.on_click(self.guard(lambda _b: self.flip()))
        # folded: two widgets on the task list (every rater's visit); the rest is made when opened
        self.body: widgets.VBox | None = None
        self.widget = widgets.VBox([self.toggle])
        self.widget.add_class("ks-fb")
        self.opened = False

    def show_error(self, text: str) -> None:
        self.model.message, self.model.ok = text, False
        if self.opened:
            self.render()

    def flip(self) -> None:
        if self.opened:
            self.opened = False
            self.widget.children = [self.toggle]
            self.toggle.description = t("fb_open", self.lang)
            return
        if self.body is None:
            self.body = widgets.VBox()
            self.body.add_class("ks-fb-body")
        self.widget.children = [widgets.HTML(f"<h3>{esc(t('fb_title', self.lang))}</h3>"), self.toggle, self.body]
        try:
            self.model.load(self.instrument)
        except StoreError as exc:
            self.body.children = [widgets.HTML(f"<div class='ks-msg-error'>"
                                               f"{esc(t('fb_unavailable', self.lang, reason=exc))}</div>")]
            return
        self.opened = True
        self.toggle.description = t("fb_close", self.lang)
        self.render()

    # -- drawing ----------------------------------------------------------------------------------
    def render(self, keep: tuple[str, str, str] | None = None) -> None:
        m, lang = self.model, self.lang
        parts: list[widgets.Widget] = []
        if m.targets or self.editing is not None:
            parts.append(widgets.HTML(f"<p class='ks-meta'>{esc(t('fb_intro', lang))}</p>"))
            choose = [(t("fb_choose", lang), "")]
            self.person = widgets.Dropdown(options=choose + [(r["nama"], r["nip"]) for r in m.targets], value="",
                                           description=t("cal.c_pegawai", lang))
            self.value = widgets.Dropdown(options=choose + [(f"{name} ({code})", code) for code, name in m.values],
                                          value="", description=t("admin.h_value_code", lang))
            self.text = widgets.Textarea(description=t("fb_text", lang, max=MAX_FEEDBACK_CHARS))
            for w, cls in ((self.person, "ks-fb-person"), (self.value, "ks-fb-value"), (self.text, "ks-fb-text")):
                w.style = {"description_width": "initial"}
                w.layout = widgets.Layout(width="100%", flex_flow="column")
                w.add_class(cls)
            if self.editing is not None:
                note = next(n for n in m.given if n["note_id"] == self.editing)
                self.person.options = [(note["nama"], note["nip"])]
                self.person.value = note["nip"]
                self.person.disabled = True
                self.value.value = note["value_code"]
                self.text.value = note["text"]
            if keep is not None:  # a refused save keeps what was typed
                if not self.person.disabled and keep[0] in [v for _, v in self.person.options]:
                    self.person.value = keep[0]
                self.value.value = keep[1]
                self.text.value = keep[2]
            save = widgets.Button(description=t("fb_save_edit" if self.editing is not None else "fb_save", lang),
                                  button_style="primary")
            save.add_class("ks-fb-save")
            save.on_click(self.guard(lambda _b: self._save()))
            buttons = [save]
            if self.editing is not None:
                cancel = widgets.Button(description=t("fb_cancel_edit", lang))
                cancel.add_class("ks-fb-cancel")
                cancel.on_click(self.guard(lambda _b: self._cancel()))
                buttons.append(cancel)
            parts += [self.person, self.value, self.text, widgets.HBox(buttons)]
            if m.message:
                cls = "ks-msg-ok" if m.ok else "ks-msg-error"
                parts.append(widgets.HTML(f"<div class='{cls}' role='status'>{esc(m.message)}</div>"))
            parts.append(widgets.HTML(f"<h4>{esc(t('fb_given', lang))}</h4>"))
            if not m.given:
                parts.append(widgets.HTML(f"<p class='ks-meta'>{esc(t('fb_none_given', lang))}</p>"))
            for note in m.given:
                edit = widgets.Button(description=t("fb_edit", lang, name=note["nama"]))
                edit.add_class("ks-fb-edit")
                edit.on_click(self.guard(lambda _b, nid=note["note_id"]: self._edit(nid)))
                card = widgets.VBox([widgets.HTML(self._note_html(note, who=note["nama"])), edit])
                card.add_class("ks-fb-note")
                parts.append(card)
        parts.append(widgets.HTML(f"<h4>{esc(t('fb_received', lang))}</h4>"))
        if not m.received:
            parts.append(widgets.HTML(f"<p class='ks-meta'>{esc(t('fb_none_received', lang))}</p>"))
        for note in m.received:
            who = note["author_name"] or t("fb_peer", lang)
            box = widgets.HTML(self._note_html(note, who=who))
            box.add_class("ks-fb-received")
            parts.append(box)
        self.body.children = parts

    def _note_html(self, note: dict, *, who: str) -> str:
        m = self.model
        return (f"<div class='ks-fb-card'><b>{esc(who)}</b> · {esc(m.value_name(note['value_code']))}"
                f"<div>{esc(note['text'])}</div><div class='ks-status'>"
                f"{esc(t('fb_version', self.lang, version=note['version'], time=_when(note['updated_at'], self.lang)))}"
                f"</div></div>")

    # -- actions ----------------------------------------------------------------------------------
    def _save(self) -> None:
        typed = (self.person.value, self.value.value, self.text.value)
        if self.model.save(*typed, note_id=self.editing):
            self.editing = None
            self.render()
        else:
            self.render(keep=typed)

    def _edit(self, note_id: int) -> None:
        self.editing = int(note_id)
        self.model.message = ""
        self.render()

    def _cancel(self) -> None:
        self.editing = None
        self.model.message = ""
        self.render()


def notes_for_rating(store, token: str, assignment_id: int, ratee_name: str, instrument, lang: str = "id") -> str:
    """HTML of the notes about the person, for the evaluating official's form ('' for any other
    relationship, or when the notes cannot be read -- the form must still open)."""
    try:
        notes = store.feedback_for_rating_records(token, assignment_id)
    except StoreError:
        return ""
    names = {c.code: c.name.get(lang) or c.name.get("id", c.code) for c in instrument.competencies}
    head = f"<h3>{esc(t('fb_for_rating', lang, name=ratee_name))}</h3>"
    if not notes:
        return (f"<div class='ks-notice ks-fb-rating'>{head}"
                f"<p>{esc(t('fb_for_rating_none', lang, name=ratee_name))}</p></div>")
    items = "".join(
        f"<li><b>{esc(n['author_name'] or t('fb_peer', lang))}</b> · {esc(names.get(n['value_code'], n['value_code']))}: "
        f"{esc(n['text'])} <span class='ks-status'>({esc(_when(n['updated_at'], lang))})</span></li>" for n in notes)
    return f"<div class='ks-notice ks-fb-rating'>{head}<ul>{items}</ul></div>"
