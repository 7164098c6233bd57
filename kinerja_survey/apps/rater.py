"""The rater app: ipywidgets forms that a rater opens through a personal link (served by Voilà).

``RaterApp(store, token, lang)`` resolves the link with ``Store.open_link`` and shows

* for an unknown, revoked, not-yet-open or closed link: one friendly message and nothing else
  (no stack trace, no other person's data);
* otherwise the rater's task list (people to rate, the rater's relationship to each, status, the
  cycle's deadline and the HR contact) and, per person, a form: every item of the cycle's
  instrument as a choice of the scale's points (plus "Tidak dapat menilai" where the instrument
  allows it for this relationship), grouped by competency, an optional comment per competency
  and an overall comment (required when the instrument says so).  A rater may also decline a
  whole form with a reason (not a self-rating).

Phone first: a task row stacks on a narrow screen and the whole row opens the form; every tap
target is at least 44 px; a scale is one row on a wide screen and a vertical list on a narrow
one, labels never cut.  A sticky bar shows "x/21 terjawab", a jump to the first unanswered item
and the submit button; after a submit "Berikutnya" opens the next person.

The choices are ``RadioButtons`` built with ``index=None`` (nothing pre-filled): native radio
groups, so a scale is one Tab stop and the arrow keys move within it.  An unanswered item looks
neutral until a refused submit marks it.

Nothing says "tersimpan" that is not in the database: every change is saved at once (answers on
click, comments when the field loses focus) with the form's ``version``, and the status shows the
time the store returned.  A save refused because another tab saved first (``StaleResponse``) or
submitted (``ResponseLocked``) says so and offers to reload the form.  The page script in the
Voilà template (``templates/voila/templates/kinerja/``) watches the connection: when the
websocket closes or the kernel stops answering the app's ping, it shows a banner with the time
of the last stored answer, disables the inputs and offers a reload, which restores everything
stored.  Every text put into HTML is escaped.

The Voilà notebook ``notebooks/penilaian.ipynb`` only calls ``rater_app_from_request()``.
"""

from __future__ import annotations

import datetime as dt
import os

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from ..i18n import resolve_lang, t
from ..store.core import (
    NOT_APPLICABLE,
    AccessDenied,
    IncompleteResponse,
    ResponseLocked,
    Store,
    StoreError,
)
from ..store.errors import StaleResponse
from ..store.hr import local_time, zone_name
from .boundary import App
from .html import esc
from .voila import request_params

STYLE = """
<style>
/* Voilà scrolls #rendered_cells, whose "contain: strict" would make the fixed bar scroll with the page */
#rendered_cells, #jp-main-content-panel { contain: none !important; }
#rendered_cells { scroll-padding-top: 16px; scroll-padding-bottom: 170px; overflow-x: hidden; }
.ks-app { max-width: 980px; margin: 0 auto; font-size: 16px; line-height: 1.45; color: #1f1f1f;
          padding: 0 4px 200px 4px; box-sizing: border-box; width: 100%; }
.ks-app *, .ks-app *::before, .ks-app *::after { box-sizing: border-box; }
.ks-app .widget-html { margin-left: 0; margin-right: 0; max-width: 100%; }
.ks-app .widget-html-content { white-space: normal; overflow-wrap: anywhere; height: auto; line-height: 1.45;
          width: 100%; }
.ks-app .widget-box, .ks-app .widget-vbox, .ks-app .widget-hbox { max-width: 100%; min-width: 0; }
.ks-app h2 { margin: 0.3em 0; font-size: 1.35em; }
.ks-app h3 { margin: 0.6em 0 0.2em 0; font-size: 1.15em; }
.ks-app :focus-visible, .ks-app .widget-radio-box label:focus-within {
          outline: 3px solid #0b57d0 !important; outline-offset: 2px; }
.ks-notice { padding: 12px 14px; border-radius: 8px; background: #eef3fb; border: 1px solid #b8cbe8; }
.ks-denied { padding: 16px 18px; border-radius: 8px; background: #fff4e5; border: 1px solid #c77c02; }
.ks-self-banner { padding: 10px 14px; border-radius: 8px; background: #fff3cd; border: 2px solid #8a6100;
                  font-weight: bold; }
.ks-meta { color: #3c3c3c; }
.ks-status { color: #3c3c3c; font-size: 14px; }
.ks-msg-error { color: #a50e0e; font-weight: bold; padding: 8px 0; }
.ks-msg-ok { color: #136c2e; font-weight: bold; padding: 8px 0; }
.ks-app .jupyter-button { min-height: 44px; height: auto; white-space: normal; line-height: 1.25;
          padding: 8px 14px; font-size: 16px; border-radius: 8px; overflow: visible; text-overflow: clip; }
/* task list: a card per person; the button's ::after covers the card, so the whole card opens the form */
.ks-task { position: relative; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px;
           padding: 12px; margin: 8px 0; border: 1px solid #9a9a9a; border-radius: 10px; background: #fff; }
.ks-task:hover { background: #f3f7fe; }
.ks-task > .ks-task-info { flex: 1 1 260px; min-width: 0; }
.ks-task > .ks-open { flex: 0 0 auto; position: static; max-width: 100%; }
.ks-task > .ks-open::after { content: ""; position: absolute; inset: 0; border-radius: 10px; }
.ks-task-name { font-weight: bold; font-size: 1.05em; }
.ks-pill { display: inline-block; padding: 1px 8px; border-radius: 12px; border: 1px solid #777; font-size: 14px; }
.ks-pill-submitted { border-color: #136c2e; color: #136c2e; }
.ks-pill-draft { border-color: #8a4b00; color: #8a4b00; }
.ks-pill-declined { border-color: #555; color: #333; }
.ks-progress-text { font-weight: bold; }
/* form */
.ks-competency { border-top: 1px solid #bbb; margin-top: 12px; padding-top: 4px; }
.ks-item { padding: 8px 6px; border-left: 4px solid transparent; border-radius: 4px; scroll-margin-top: 12px; }
.ks-item-missing { border-left: 4px solid #a50e0e; background: #fdecea; }
.ks-mark { display: inline-block; width: 1.4em; color: #5f6368; font-weight: bold; }
.ks-mark-done { color: #136c2e; }
.ks-mark-empty { font-size: 0.8em; }
.ks-missing-note { color: #a50e0e; font-weight: bold; }
.ks-choice.widget-radio { width: 100%; margin: 4px 0 0 0; }
.ks-choice .widget-radio-box { display: flex; flex-direction: row; flex-wrap: nowrap; gap: 6px; width: 100%;
          margin: 0; padding: 0; }
.ks-choice .widget-radio-box label { flex: 1 1 0; min-width: 0; min-height: 44px; display: flex; align-items: center;
          flex-direction: row-reverse; justify-content: flex-end;
          gap: 8px; padding: 6px 8px; margin: 0; border: 1px solid #8a8a8a; border-radius: 8px; background: #fff;
          white-space: normal; line-height: 1.2; cursor: pointer; font-size: 15px; color: #1f1f1f; }
.ks-choice .widget-radio-box label:has(input:checked) { background: #dfe9fb; border: 2px solid #0b57d0;
          font-weight: bold; }
.ks-choice .widget-radio-box input { width: 20px; height: 20px; margin: 0; flex: none; }
.ks-choice-na .widget-radio-box label:last-child { border-style: dashed; }
.ks-app textarea { width: 100%; min-height: 64px; font-size: 16px; }
.ks-app .widget-textarea { width: 100%; margin-left: 0; margin-right: 0; }
.ks-app .widget-textarea .widget-label { width: 100%; max-width: 100%; text-align: left; white-space: normal; }
.ks-comment, .ks-overall-box { flex-direction: column; align-items: stretch; }
.ks-fb { margin-top: 24px; border-top: 1px solid #bbb; padding-top: 4px; }
.ks-fb select { min-height: 44px; font-size: 16px; width: 100%; }
.ks-fb .widget-dropdown, .ks-fb .widget-textarea { flex-direction: column; align-items: stretch; }
.ks-fb .widget-label { width: 100%; max-width: 100%; text-align: left; }
.ks-fb-card { padding: 8px 10px; margin: 6px 0; border: 1px solid #ccc; border-radius: 8px; background: #fff; }
.ks-fb-rating ul { padding-left: 1.2em; margin: 4px 0; }
.ks-decline { margin-top: 20px; padding: 10px 12px; border: 1px dashed #777; border-radius: 8px; }
/* the sticky bar */
.ks-bar { position: fixed; left: 0; right: 0; bottom: 0; z-index: 50; background: #ffffff;
          border-top: 2px solid #0b57d0; box-shadow: 0 -2px 8px rgba(0,0,0,.15); padding: 6px 10px; }
.ks-bar-inner { max-width: 980px; margin: 0 auto; display: flex; flex-wrap: wrap; align-items: center;
          gap: 6px 12px; }
.ks-bar-info { flex: 1 1 180px; min-width: 0; }
.ks-jump { display: inline-flex; align-items: center; min-height: 44px; padding: 0 6px; color: #0b57d0;
           text-decoration: underline; }
.ks-bar .jupyter-button { flex: 0 1 auto; }
.ks-offline .ks-bar, .ks-offline .ks-save-status { display: none !important; }
@media (max-width: 720px) {
  .ks-choice .widget-radio-box { flex-direction: column; }
  .ks-choice .widget-radio-box label { flex: 0 0 auto; }
  .ks-task > .ks-open { flex: 1 1 100%; }
  .ks-bar-info { flex: 1 1 100%; }
  .ks-bar .jupyter-button { flex: 1 1 0; min-width: 0; font-size: 15px; padding: 6px 8px; margin: 0; }
}
</style>
"""

RELATIONSHIP_KEYS = {"self": "rel_self", "supervisor": "rel_supervisor", "peer": "rel_peer",
                     "subordinate": "rel_subordinate", "stakeholder": "rel_stakeholder_you"}
DONE_STATUSES = ("submitted", "declined")
_LOCKED = object()  # a write refused because the form was submitted elsewhere (RatingForm._write)


def _text(mapping: dict, lang: str) -> str:
    return mapping.get(lang) or mapping.get("id") or next(iter(mapping.values()), "")


def _local_time(value: dt.datetime | None, fmt: str, *, zone: bool = True) -> str:
    """A UTC timestamp from the store in the installation's zone (``store.local_time``, WIB by
    default), labelled with it (``"08-12-2026 06:16 WIB"``) unless ``zone`` is False."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    text = local_time(value).strftime(fmt)
    return f"{text} {zone_name()}" if zone else text


def _close_tree(root: widgets.Widget) -> None:
    """Close a widget, its descendants and their layout/style models."""
    stack, seen = [root], set()
    while stack:
        w = stack.pop()
        if id(w) in seen or not isinstance(w, widgets.Widget):
            continue
        seen.add(id(w))
        stack.extend(getattr(w, "children", ()) or ())
        stack.extend(getattr(w, attr, None) for attr in ("layout", "style"))
        w.close()


def _button(description: str, cls: str, style: str = "", *more_classes: str, hidden: bool = False,
            **kw) -> widgets.Button:
    # classes and visibility given to the constructor travel in the widget's one comm_open (each
    # change afterwards is one more message through the server to the browser)
    layout = widgets.Layout(width="auto", height="auto", display="none" if hidden else None)
    return widgets.Button(description=description, button_style=style, layout=layout,
                          _dom_classes=[cls, *more_classes], **kw)


class RatingForm(App):
    """The form for one ratee (built by ``RaterApp.open_form``; attributes are the live widgets).

    ``items`` maps item code -> ``RadioButtons`` (value ``None`` = unanswered, ``NOT_APPLICABLE``
    = "cannot assess"), ``comments`` maps competency code -> ``Textarea``, ``overall`` is the
    overall comment; ``submit_button``, ``save_button``, ``back_button``, ``next_button`` and
    ``reload_button`` are the actions; ``message`` shows the last outcome and ``status`` the last
    save.  ``locked`` is True once the form is submitted or declined; ``version`` is the stored
    version this copy is based on.
    """

    def __init__(self, app: RaterApp, task: dict):
        self.app = app
        self.lang = lang = app.lang
        self.assignment_id = int(task["assignment_id"])
        self.task = task
        inst = app.instrument
        state = app.store.load_response(app.session, self.assignment_id)
        self.version = state["version"]
        self.status_value = state["status"]
        self.locked = state["status"] in DONE_STATUSES
        self.missing: list[str] = []
        self._dirty = False
        self._leave_warned = False
        self.allow_na = inst.allows_not_applicable(task["relationship"])
        labels = [inst.scale.label(v, lang) for v in inst.scale.points]
        options = [(f"{v} · {lab}", v) for v, lab in zip(inst.scale.points, labels)]
        if self.allow_na:
            options.append((t("not_applicable", lang), NOT_APPLICABLE))

        # Layout/Style models shared by many widgets: fewer models for the browser to fetch and render
        plain = widgets.Layout()
        wide = widgets.Layout(width="100%")
        column = widgets.Layout(width="100%", flex_flow="column")
        text_style = TextStyle(description_width="initial")
        choice_style = DescriptionStyle()
        html_style = HTMLStyle()
        self.items: dict[str, widgets.RadioButtons] = {}
        self.item_rows: dict[str, widgets.VBox] = {}
        self.item_labels: dict[str, widgets.HTML] = {}
        self.item_refs: dict[str, str] = {}
        self._item_texts: dict[str, str] = {}
        self.comments: dict[str, widgets.Textarea] = {}
        sections = []
        for cpos, comp in enumerate(inst.competencies, start=1):
            rows = [widgets.HTML(f"<h3>{cpos}. {esc(_text(comp.name, lang))}</h3>", layout=plain, style=html_style)]
            for ipos, item in enumerate(comp.items, start=1):
                ref = f"{cpos}.{ipos}"
                self.item_refs[item.code] = ref
                self._item_texts[item.code] = f"<b>{esc(ref)}</b> {esc(_text(item.text, lang))}"
                saved = state["answers"].get(item.code)
                values = [v for _, v in options]
                choice = widgets.RadioButtons(options=options, index=None if saved not in values else values.index(saved),
                                              disabled=self.locked, layout=wide, style=choice_style,
                                              _dom_classes=["ks-choice", f"ks-choice-{item.code}",
                                                            *(["ks-choice-na"] if self.allow_na else [])])
                label = widgets.HTML(self._label(item.code, saved), layout=plain, style=html_style)
                row = widgets.VBox([label, choice], layout=plain, _dom_classes=["ks-item", f"ks-item-{item.code}"])
                self.items[item.code], self.item_rows[item.code], self.item_labels[item.code] = choice, row, label
                rows.append(row)
            comment = widgets.Textarea(value=state["comments"].get(comp.code, ""),
                                       description=t("comment_label", lang, name=_text(comp.name, lang)),
                                       placeholder=t("comment_placeholder", lang), continuous_update=False,
                                       disabled=self.locked, layout=column, style=text_style,
                                       _dom_classes=["ks-comment", f"ks-comment-{comp.code}"])
            self.comments[comp.code] = comment
            rows.append(comment)
            box = widgets.VBox(rows, layout=plain, _dom_classes=["ks-competency"])
            sections.append(box)

        required = inst.require_overall_comment
        self.overall = widgets.Textarea(value=state["overall_comment"] or "",
                                        description=t("overall_label_required" if required else "overall_label_optional", lang),
                                        placeholder=t("overall_placeholder", lang), continuous_update=False,
                                        disabled=self.locked, layout=column, style=text_style,
                                        _dom_classes=["ks-overall"])
        self.overall_row = widgets.VBox([widgets.HTML("<div id='ks-q-overall'></div>", layout=plain, style=html_style),
                                         self.overall], layout=plain, _dom_classes=["ks-item", "ks-item-overall"])

        name = str(task["ratee_name"])
        self.back_button = _button(t("back", lang), "ks-back")
        self.save_button = _button(t("save_draft", lang), "ks-save")
        self.submit_button = _button(t("submit", lang), "ks-submit", "primary")
        self.next_button = _button(t("next", lang), "ks-next", "primary", hidden=True)
        self.reload_button = _button(t("reload_form", lang), "ks-reload-form", "warning", hidden=True)
        self.message = widgets.HTML("", layout=plain, style=html_style, _dom_classes=["ks-message"])
        self.status = widgets.HTML("", layout=plain, style=html_style, _dom_classes=["ks-save-status"])
        self.progress = widgets.HTML("", layout=plain, style=html_style, _dom_classes=["ks-bar-info"])
        # the page script scrolls to the element this names
        self.scroll = widgets.HTML("", layout=widgets.Layout(display="none"), style=html_style,
                                   _dom_classes=["ks-scroll"])
        self._scrolls = 0
        bar_inner = widgets.HBox([self.progress, self.back_button, self.save_button, self.submit_button,
                                  self.next_button, self.reload_button], layout=plain, _dom_classes=["ks-bar-inner"])
        self.bar = widgets.Box([bar_inner], layout=plain, _dom_classes=["ks-bar"])

        header = [widgets.HTML(f"<h2 id='ks-top' tabindex='-1'>{esc(t('form_title', lang, name=name))}</h2>"
                               f"<div class='ks-meta'>{esc(task['ratee_jabatan'])} — "
                               f"<b>{esc(t(RELATIONSHIP_KEYS[task['relationship']], lang))}</b></div>",
                               layout=plain, style=html_style)]
        if task["relationship"] == "self":
            header.append(widgets.HTML(f"<div class='ks-self-banner'>{esc(t('self_banner', lang))}</div>",
                                       layout=plain, style=html_style, _dom_classes=["ks-self"]))
        if task["relationship"] == "supervisor":  # the evaluating official sees the period's notes
            from .feedback import notes_for_rating

            notes = notes_for_rating(app.store, app.token, int(task["assignment_id"]), name, inst, lang)
            if notes:
                header.append(widgets.HTML(notes, layout=plain, style=html_style))
        intro = t("form_intro", lang, low=inst.scale.low, high=inst.scale.high, low_label=labels[0],
                  high_label=labels[-1])
        if self.allow_na:
            intro += " " + t("na_intro", lang)
        header.append(widgets.HTML(f"<p>{esc(intro)}</p>", layout=plain, style=html_style))
        self.decline_box = self._decline_box(task)
        self.widget = widgets.VBox(header + sections + [self.overall_row, self.message, self.status]
                                   + ([self.decline_box] if self.decline_box is not None else [])
                                   + [self.scroll, self.bar], layout=plain, _dom_classes=["ks-form"])
        self._update_progress()
        if self.locked:
            self._show_locked(state)
        elif state["status"] == "draft":
            n = sum(1 for v in state["answers"].values() if v is not None)
            self._set_status(t("draft_resumed", lang, n=n, time=_local_time(state["updated_at"], "%d-%m-%Y %H:%M")),
                             state["updated_at"])
        else:
            self._set_status(t("not_saved", lang), None)

        for code, choice in self.items.items():
            choice.observe(self.guard(lambda change, code=code: self._changed(code)), names="value")
        for box in [*self.comments.values(), self.overall]:
            box.observe(self.guard(lambda change: self._changed(None)), names="value")
        self.save_button.on_click(self.guard(lambda _b: self.save_draft(auto=False)))
        self.submit_button.on_click(self.guard(lambda _b: self.submit()))
        self.back_button.on_click(self.guard(lambda _b: self.app.show_tasks()))
        self.next_button.on_click(self.guard(lambda _b: self.app.open_next(self.assignment_id)))
        self.reload_button.on_click(self.guard(lambda _b: self.app.open_form(self.assignment_id)))

    # -- the decline section ------------------------------------------------------------------
    def _decline_box(self, task):
        """The "cannot rate this person" button; its reason field is built when it is pressed (few
        raters decline: the widgets are not sent to every page)."""
        self.decline_reason = self.decline_button = self.decline_open = None
        if task["relationship"] == "self" or self.locked:
            return None
        self.decline_open = _button(t("decline_open", self.lang), "ks-decline-open")
        box = widgets.VBox([self.decline_open], _dom_classes=["ks-decline"])
        self.decline_open.on_click(self.guard(lambda _b: self._open_decline(box)))
        return box

    def _open_decline(self, box) -> None:
        if self.decline_button is not None or self.locked:
            return
        lang = self.lang
        self.decline_reason = widgets.Textarea(description=t("decline_reason", lang),
                                               placeholder=t("decline_placeholder", lang),
                                               layout=widgets.Layout(width="100%", flex_flow="column"),
                                               style={"description_width": "initial"},
                                               _dom_classes=["ks-decline-reason"])
        self.decline_button = _button(t("decline_confirm", lang), "ks-decline-confirm", "danger")
        self.decline_button.on_click(self.guard(lambda _b: self.decline(self.decline_reason.value)))
        box.children = [self.decline_open, widgets.HTML(f"<p>{esc(t('decline_intro', lang))}</p>"),
                        self.decline_reason, self.decline_button]

    # -- state ------------------------------------------------------------------------------
    def _label(self, code: str, value) -> str:
        if value is None:
            mark = "<span class='ks-mark ks-mark-empty' aria-hidden='true'>○</span>"  # neutral grey, not an error
        elif value == NOT_APPLICABLE:
            mark = "<span class='ks-mark ks-mark-done' aria-hidden='true'>–</span>"
        else:
            mark = "<span class='ks-mark ks-mark-done' aria-hidden='true'>✓</span>"
        note = ""
        if code in self.missing:
            note = f" <span class='ks-missing-note'>{esc(t('missing_mark', self.lang))}</span>"
        return f"<div id='ks-q-{esc(code)}'>{mark} {self._item_texts[code]}{note}</div>"

    def answers(self) -> dict:
        """Item code -> chosen value (``None`` when unanswered, ``NOT_APPLICABLE`` for "cannot assess")."""
        return {code: choice.value for code, choice in self.items.items()}

    def comment_texts(self) -> dict:
        return {code: box.value for code, box in self.comments.items()}

    def unanswered(self) -> list[str]:
        return [code for code, choice in self.items.items() if choice.value is None]

    def _update_progress(self) -> None:
        if self.status_value == "declined":  # nothing was answered, nothing is missing
            self.progress.value = f"<span class='ks-progress-text'>{esc(t('status_declined', self.lang))}</span>"
            return
        total = len(self.items)
        done = total - len(self.unanswered())
        text = esc(t("answered", self.lang, done=done, total=total))
        html_ = f"<span class='ks-progress-text' role='status'>{text}</span>"
        todo = self.unanswered()
        if todo and not self.locked:
            first = todo[0]
            html_ += (f" <a class='ks-jump' href='#ks-q-{esc(first)}' data-target='ks-q-{esc(first)}'>"
                      f"{esc(t('jump_first', self.lang, ref=self.item_refs[first]))}</a>")
        self.progress.value = html_

    def _set_status(self, text: str, saved_at: dt.datetime | None) -> None:
        """The save line; ``saved_at`` (UTC, from the store) is what the page script shows when the
        connection is lost."""
        stamp = _local_time(saved_at, "%H:%M:%S", zone=False) if saved_at else ""
        self.status.value = (f"<span class='ks-status' data-saved-at='{esc(stamp)}'>{esc(text)}</span>")

    def _scroll_to(self, element_id: str) -> None:
        self._scrolls += 1
        self.scroll.value = f"<span data-target='{esc(element_id)}' data-n='{self._scrolls}'></span>"

    def _changed(self, code: str | None) -> None:
        if self.locked:
            return
        self._dirty = True
        if code is not None:
            value = self.items[code].value
            if value is not None and code in self.missing:
                self._unmark(code)
            self.item_labels[code].value = self._label(code, value)
            self._update_progress()
        elif self.overall.value.strip() and "overall_comment" in self.missing:
            self._unmark("overall_comment")
        if self.app.autosave:
            self.save_draft(auto=True)

    def _row(self, code: str):
        return self.overall_row if code == "overall_comment" else self.item_rows[code]

    def _unmark(self, code: str) -> None:
        self.missing.remove(code)
        self._row(code).remove_class("ks-item-missing")
        if code in self.item_labels:
            self.item_labels[code].value = self._label(code, self.items[code].value)

    def _error(self, text: str) -> None:
        self.message.value = f"<div class='ks-msg-error' id='ks-msg' role='alert'>{esc(text)}</div>"

    show_error = _error  # the form's callbacks and writes speak in its message area

    def _stale(self) -> None:
        """Another tab saved or submitted this form: nothing of ours was written; offer a reload."""
        self._error(t("store.stale", self.lang))
        self._set_status(t("not_saved_stale", self.lang), None)
        self._dirty = False  # told: leaving now does not try (and fail) again
        for w in self._inputs():
            w.disabled = True
        for b in (self.save_button, self.submit_button):
            b.layout.display = "none"
        if self.decline_box is not None:
            self.decline_box.layout.display = "none"
        self.reload_button.layout.display = None
        self._scroll_to("ks-msg")

    def _inputs(self) -> list:
        return [*self.items.values(), *self.comments.values(), self.overall]

    # -- actions ----------------------------------------------------------------------------
    def save_draft(self, auto: bool = False) -> bool:
        """Save the current answers as a draft; returns True when saved."""
        if self.locked:
            return False
        if auto and not self._dirty:
            return False
        def not_saved(text: str) -> None:
            self._error(text)
            self._set_status(t("not_saved_stale", self.lang), None)

        ok, out = self._write(self.app.store.save_response, self.app.token, self.assignment_id, self.answers(),
                              self.comment_texts(), self.overall.value, submit=False, version=self.version,
                              show=not_saved)
        if not ok:
            return False
        self._dirty = False
        self.version = out["version"]
        self.status_value = "draft"
        when = _local_time(out["saved_at"], "%H:%M:%S")
        self._set_status(t("autosaved_at" if auto else "saved_at", self.lang, time=when), out["saved_at"])
        if not auto or ("ks-msg-error" in self.message.value and not self.missing):
            self.message.value = ""
        return True

    def submit(self) -> bool:
        """Submit the form; on missing answers keep the draft, mark them, scroll to the first, return False."""
        if self.locked:
            return True
        ok, out = self._write(self.app.store.save_response, self.app.token, self.assignment_id, self.answers(),
                              self.comment_texts(), self.overall.value, submit=True, version=self.version,
                              on=((IncompleteResponse, self._show_missing),))
        if not ok:
            return out is _LOCKED  # a form submitted elsewhere is done; anything else is not
        state = self._reload_state()
        self.version = out.get("version", self.version)
        self._show_locked(state)
        self.message.value = (f"<div class='ks-msg-ok' role='status'>"
                              f"{esc(t('submitted_ok', self.lang, name=self.task['ratee_name']))}</div>")
        return True

    def _show_missing(self, exc: IncompleteResponse) -> None:
        """Submitting with answers missing: keep the draft, mark the missing ones, scroll to the first."""
        self._dirty = True
        if not self.save_draft(auto=False):
            return
        for code in list(self.missing):
            self._unmark(code)
        self.missing = list(exc.missing)
        for code in self.missing:
            self._row(code).add_class("ks-item-missing")
            if code in self.item_labels:
                self.item_labels[code].value = self._label(code, None)
        refs = [t("missing_overall", self.lang) if c == "overall_comment" else self.item_refs.get(c, c)
                for c in self.missing]
        self._error(t("missing", self.lang, n=len(self.missing), items=", ".join(refs)))
        first = self.missing[0]
        self._scroll_to("ks-q-overall" if first == "overall_comment" else f"ks-q-{first}")

    def decline(self, reason: str) -> bool:
        """Decline the whole form with ``reason``; returns True when stored."""
        if self.locked or self.decline_open is None:
            return False
        ok, _ = self._write(self.app.store.decline_response, self.app.token, self.assignment_id, reason,
                            version=self.version)
        if not ok:
            return False
        self._show_locked(self._reload_state())
        return True

    def _write(self, call, /, *args, on=(), show=None, **kwargs) -> tuple[bool, object]:
        """One write of this form through the app's error boundary: ``(True, result)``, or ``(False, x)``
        after telling the rater why -- a lost session shows the denied page, a draft saved meanwhile
        in another tab offers a reload (``_stale``), a form submitted elsewhere is shown locked
        (``x`` is ``_LOCKED``), any other refusal is shown in the form's message area."""
        return self.boundary.attempt(call, *args, on=(
            *on,
            (AccessDenied, lambda exc: self.app.show_denied(exc.reason)),
            (StaleResponse, lambda exc: self._stale()),
            (ResponseLocked, lambda exc: self._show_locked(self._reload_state()) or _LOCKED),
        ), show=show or self._error, **kwargs)

    def _reload_state(self) -> dict:
        try:
            return self.app.store.load_response(self.app.session, self.assignment_id)
        except StoreError:
            return {"status": "submitted", "submitted_at": None, "declined_reason": None}

    def _show_locked(self, state: dict) -> None:
        self.locked = True
        self.status_value = state.get("status", "submitted")
        for w in self._inputs():
            w.disabled = True
        for b in (self.save_button, self.submit_button, self.reload_button):
            b.layout.display = "none"
        if self.decline_box is not None:
            self.decline_box.layout.display = "none"
        when = _local_time(state.get("submitted_at"), "%d-%m-%Y %H:%M")
        if self.status_value == "declined":
            text = t("declined_locked", self.lang, time=when, reason=state.get("declined_reason") or "")
        else:
            text = t("locked", self.lang, time=when) if when else t("store.locked", self.lang)
        self._set_status(text, state.get("submitted_at"))
        if self.status_value == "declined":
            self.message.value = f"<div class='ks-msg-ok' role='status'>{esc(text)}</div>"
        self.widget.add_class("ks-locked")
        nxt = self.app.next_task(self.assignment_id)
        if nxt is not None:
            self.next_button.description = t("next_named", self.lang, name=nxt["ratee_name"])
            self.next_button.layout.display = None
        self._update_progress()


class RaterApp(App):
    """The rater's app for one personal link.  Display ``RaterApp(store, token).widget``.

    Parameters
    ----------
    store : Store
        The survey database.
    token : str
        The plain token from the rater's link (``?token=...``).
    lang : str, optional
        ``"id"`` (default) or ``"en"``; see ``i18n.resolve_lang``.
    autosave : bool
        Save a draft on every change (default).  Tests may switch it off to check the buttons alone.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What to display; its children change between the task list and a form.
    view : str
        ``"denied"``, ``"tasks"`` or ``"form"``.
    session : RaterSession or None
        ``None`` when the link was refused.
    task_buttons : dict
        assignment_id -> the button that opens that person's form.
    form : RatingForm or None
        The open form.
    """

    def show_error(self, text: str) -> None:
        """The app's error boundary (task list, navigation): a message above the page, or in the open form."""
        if self.form is not None and self.view == "form":
            self.form.show_error(text)
        else:
            self.alert.value = f"<div class='ks-msg-error' role='alert'>{esc(text)}</div>"

    def __init__(self, store: Store, token: str, lang: str | None = None, *, autosave: bool = True):
        self.store = store
        self.token = "" if token is None else str(token)
        self.lang = resolve_lang(lang)
        self.autosave = autosave
        self.session = None
        self.instrument = None
        self.form: RatingForm | None = None
        self.task_buttons: dict[int, widgets.Button] = {}
        self.tasks: list[dict] = []
        self.view = ""
        self.body = widgets.VBox()
        self.alert = widgets.HTML("", _dom_classes=["ks-app-alert"])  # the error boundary's message area
        # the page script's liveness probe: it writes a nonce into ``ping``; the kernel echoes it
        self.ping = widgets.Text(value="", continuous_update=True, description="ping", _dom_classes=["ks-ping"])
        self.pong = widgets.HTML("", _dom_classes=["ks-pong"])
        probe = widgets.Box([self.ping, self.pong], layout=widgets.Layout(display="none"))
        self.ping.observe(self.guard(lambda ch: setattr(self.pong, "value", f"<span data-pong='{esc(ch['new'])}'></span>")),
                          names="value")
        texts = {k: t(f"offline_{k}", self.lang, **({"time": "{time}"} if k == "saved" else {}))
                 for k in ("title", "saved", "none", "after", "reload")}
        self.texts = widgets.HTML("<div class='ks-texts' hidden data-lang='" + esc(self.lang) + "' "
                                  + " ".join(f"data-{k}='{esc(v)}'" for k, v in texts.items()) + "></div>")
        self.widget = widgets.VBox([widgets.HTML(STYLE), self.texts, self.alert, self.body, probe], _dom_classes=["ks-app"])
        try:
            self.session = store.open_link(self.token)
        except AccessDenied as exc:
            if exc.reason == "closed" and self.show_own_results():
                return
            if exc.reason == "unknown" and self.show_dialog():
                return
            self.show_denied(exc.reason)
            return
        self.instrument = store.instrument(self.session.cycle_id)
        self.cycle_info = store.cycle(self.session.cycle_id)
        deadline = store.cycle_deadline(self.session.cycle_id)  # naive UTC
        self.deadline_text = store.deadline_text(self.session.cycle_id, self.lang)  # "31-12-2026 pukul 23.59 WIB"
        self.deadline_passed = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) >= deadline
        self.show_tasks()

    def show_dialog(self) -> bool:
        """A dialog kinerja link (``cycle.issue_dialog_links``: the supervisor's or the employee's)
        opens the dialog screen (``apps.dialog``) and nothing else; False for any other token."""
        try:
            self.store.open_dialog_link(self.token)
        except AccessDenied:
            return False
        from .dialog import DialogModel, DialogView

        self.dialog = DialogView(DialogModel(self.store, self.token, self.lang))
        self.body.children = [self.dialog.widget]
        self.view = "dialog"
        return True

    def show_own_results(self) -> bool:
        """A published cycle's link opens the employee's own results ("Hasil penilaian saya",
        ``apps.employee``) and nothing else; False when the cycle is not published."""
        from .employee import employee_view

        app = employee_view(self.store, self.token, self.lang)
        if app is None:
            return False
        self.employee = app
        self.view = "results"
        self._replace_body([app.widget])
        return True

    def _replace_body(self, children: list) -> None:
        """Show ``children``; close the widgets shown before (the kernel and the page drop them)."""
        old = list(self.body.children)
        self.body.children = children
        keep = {id(w) for w in children}
        for w in old:
            if id(w) not in keep:
                _close_tree(w)

    def show_denied(self, reason: str) -> None:
        """Replace everything with the friendly message for a refused link."""
        self.session = None
        self.form = None
        self.task_buttons = {}
        self.view = "denied"
        msg = widgets.HTML(f"<div class='ks-denied'><h2>{esc(t('denied_title', self.lang))}</h2>"
                           f"<p>{esc(t('denied_' + reason, self.lang))}</p></div>", _dom_classes=["ks-denied-message"])
        self._replace_body([msg])

    def _contact_html(self) -> str:
        lang = self.lang
        contact = self.cycle_info.get("hr_contact")
        parts = [t("deadline_passed_line" if self.deadline_passed else "deadline_line", lang,
                   deadline=self.deadline_text)]
        parts.append(t("hr_contact", lang, contact=contact) if contact else t("hr_contact_none", lang))
        return "<div class='ks-notice ks-contact'>" + "<br>".join(esc(p) for p in parts) + "</div>"

    def show_tasks(self) -> None:
        """The task list: who to rate, the relationship, each form's status, progress, deadline and HR contact."""
        form = self.form
        if form is not None and self.session is not None:
            if form._dirty and not form.locked and not form.save_draft(auto=True):
                if self.view == "denied":
                    return
                if not form._leave_warned:  # stay and say why; a second "back" leaves without it
                    form._leave_warned = True
                    return
            if self.view == "denied":
                return
        tasks = self.store.rater_task_records(self.session)  # no pandas in the rater's kernel
        self.form = None
        self.view = "tasks"
        lang = self.lang
        self.tasks = tasks
        done = sum(r["status"] in DONE_STATUSES for r in self.tasks)
        intro = "tasks_intro_stakeholder" if self.session.stakeholder_id is not None else "tasks_intro"
        head = widgets.HTML(f"<h2>{esc(t('app_title', lang))}</h2>"
                            f"<div>{esc(t('welcome', lang, name=self.session.rater_name))} · "
                            f"{esc(t('cycle', lang, cycle=self.session.cycle_name))}</div>"
                            f"<p>{esc(t(intro, lang))}</p>" + self._contact_html())
        bar = widgets.IntProgress(value=done, min=0, max=max(len(self.tasks), 1), bar_style="success",
                                  description="", layout=widgets.Layout(width="160px", max_width="40%"))
        progress = widgets.HBox([bar, widgets.HTML(f"<b>{esc(t('progress', lang, done=done, total=len(self.tasks)))}</b>")],
                                _dom_classes=["ks-progress"])
        rows = []
        self.task_buttons = {}
        for task in self.tasks:
            status = task["status"]
            aid = int(task["assignment_id"])
            name = str(task["ratee_name"])
            button = _button(t(f"open_{'submitted' if status in DONE_STATUSES else status}", lang, name=name), "ks-open",
                             "" if status in DONE_STATUSES else "primary", f"ks-open-{aid}")
            button.on_click(self.guard(lambda _b, aid=aid: self.open_form(aid)))
            self.task_buttons[aid] = button
            rel = esc(t(RELATIONSHIP_KEYS[task["relationship"]], lang))
            if task["relationship"] == "self":
                rel = f"<span class='ks-self-banner' style='padding:1px 6px'>{rel}</span>"
            info = widgets.HTML(
                f"<div class='ks-task-name'>{esc(name)}</div>"
                f"<div class='ks-meta'>{esc(task['ratee_jabatan'])}</div>"
                f"<div>{rel} · <span class='ks-pill ks-pill-{esc(status)}'>{esc(t('status_' + status, lang))}</span></div>",
                _dom_classes=["ks-task-info"])
            row = widgets.Box([info, button], _dom_classes=["ks-task", f"ks-task-{aid}"])
            rows.append(row)
        children = [head, progress]
        if not self.tasks:
            children.append(widgets.HTML(f"<div class='ks-notice'>{esc(t('no_tasks', lang))}</div>"))
        elif done == len(self.tasks):
            children.append(widgets.HTML(f"<div class='ks-notice ks-all-done'>{esc(t('all_done', lang))}</div>"))
        if self.session.rater_id is not None:  # a colleague: continuous feedback notes (folded)
            from .feedback import FeedbackPanel

            self.feedback = FeedbackPanel(self.store, self.token, self.instrument, lang)
            rows.append(self.feedback.widget)
        self._replace_body(children + rows)

    def next_task(self, after: int) -> dict | None:
        """The next task not yet done (after ``after`` in list order, wrapping), or None."""
        try:
            statuses = {r["assignment_id"]: r["status"] for r in self.store.rater_task_records(self.session)}
        except StoreError:
            return None
        ids = [int(r["assignment_id"]) for r in self.tasks]
        if after not in ids:
            return None
        start = ids.index(after)
        for k in range(1, len(ids)):
            aid = ids[(start + k) % len(ids)]
            if statuses.get(aid, "pending") not in DONE_STATUSES:
                return self.tasks[(start + k) % len(ids)]
        return None

    def open_next(self, after: int) -> RatingForm | None:
        nxt = self.next_task(after)
        if nxt is None:
            self.show_tasks()
            return None
        return self.open_form(int(nxt["assignment_id"]))

    def open_form(self, assignment_id: int) -> RatingForm | None:
        """Show the form for one of this rater's assignments (``None`` if the link stopped working)."""
        task = next((r for r in self.tasks if int(r["assignment_id"]) == int(assignment_id)), None)
        if task is None:
            raise StoreError("store.assignment_missing")
        try:
            self.store.open_link(self.token)  # the cycle may have closed since the list was shown
        except AccessDenied as exc:
            self.show_denied(exc.reason)
            return None
        self.form = RatingForm(self, task)
        self.view = "form"
        self._replace_body([self.form.widget])
        self.form._scroll_to("ks-top")
        return self.form


def _friendly_error(lang: str) -> widgets.Widget:
    box = widgets.VBox([widgets.HTML(STYLE), widgets.HTML(f"<div class='ks-denied'><p>{esc(t('service_error', lang))}</p></div>")],
                       _dom_classes=["ks-app"])
    return box


def rater_app_from_request(db_url: str | None = None, query_string: str | None = None) -> widgets.Widget:
    """Entry point of ``notebooks/penilaian.ipynb``: read ``?token=`` and ``?lang=``, open the store, build the app.

    The database is ``db_url``, else ``$KINERJA_SURVEY_DB``.  Any failure shows a friendly
    message only, never a stack trace.
    """
    params = request_params(query_string)
    lang = resolve_lang(params.get("lang"))
    try:
        store = Store(db_url or os.environ["KINERJA_SURVEY_DB"], create=False)
        return RaterApp(store, params.get("token", ""), lang).widget
    except Exception:  # noqa: BLE001 - a rater must never see internals
        return _friendly_error(lang)
