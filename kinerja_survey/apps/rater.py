"""The rater app: ipywidgets forms that a rater opens through a personal link (served by Voilà).

``RaterApp(store, token, lang)`` resolves the link with ``Store.open_link`` and shows

* for an unknown, revoked, not-yet-open or closed link: one friendly message and nothing else
  (no stack trace, no other person's data);
* otherwise the rater's task list (people to rate, the rater's relationship to each, progress) and,
  per person, a form: every item of the cycle's instrument as a 1-5 choice with its labels, grouped
  by competency, an optional comment per competency and an overall comment (required when the
  instrument says so).

An unanswered item is shown unanswered: the choice widgets are built with ``index=None`` (in
ipywidgets 8 a ``ToggleButtons`` otherwise selects its first option, which would silently record a
1).  Every change is saved as a draft at once (answers on click, comments when the field loses
focus), and again on "Simpan draf" and when leaving the form.  "Kirim" submits through
``Store.save_response(submit=True)``, which is the single authority on completeness: a refused
submit keeps the draft, marks the missing items red and names them.  A submitted form is shown
read-only.  Strings come from ``kinerja_survey.i18n`` (Bahasa Indonesia by default).

The Voilà notebook ``notebooks/penilaian.ipynb`` only calls ``rater_app_from_request()``.
"""

from __future__ import annotations

import datetime as dt
import html
import os

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from ..i18n import resolve_lang, t
from ..store.core import (
    AccessDenied,
    IncompleteResponse,
    ResponseLocked,
    Store,
    StoreError,
)
from .voila import request_params

STYLE = """
<style>
.ks-app { max-width: 980px; font-size: 15px; }
.ks-app h2 { margin: 0.2em 0 0.3em 0; }
.ks-notice { padding: 14px 18px; border-radius: 6px; background: #eef3fb; border: 1px solid #b8cbe8; }
.ks-denied { padding: 18px 22px; border-radius: 6px; background: #fff4e5; border: 1px solid #f0b35a; }
.ks-self-banner { padding: 10px 14px; border-radius: 6px; background: #fff3cd; border: 2px solid #e0a800;
                  font-weight: bold; }
.ks-competency { border-top: 1px solid #ccc; margin-top: 10px; padding-top: 4px; }
.ks-item { padding: 4px 8px; border-left: 4px solid transparent; }
.ks-mark { display: inline-block; width: 24px; font-size: 18px; }
.ks-item .widget-toggle-buttons { margin-left: 28px; }
.ks-item-missing { border-left: 4px solid #c62828; background: #fdecea; }
.ks-item .widget-toggle-button { background: #f4f4f4; border: 1px solid #bbb; color: #222; }
.ks-item .widget-toggle-button.mod-active { background: #1565c0; border-color: #0d47a1; color: white;
                                            font-weight: bold; box-shadow: none; }
.ks-msg-error { color: #b71c1c; font-weight: bold; }
.ks-msg-ok { color: #1b5e20; font-weight: bold; }
.ks-status { color: #555; font-size: 13px; }
.ks-task { border-bottom: 1px solid #e5e5e5; padding: 4px 0; align-items: center; }
</style>
"""

RELATIONSHIP_KEYS = {"self": "rel_self", "supervisor": "rel_supervisor", "peer": "rel_peer",
                     "subordinate": "rel_subordinate"}
_MARK_EMPTY = "<span class='ks-mark' title='{title}' style='color:#c62828'>○</span>"
_MARK_DONE = "<span class='ks-mark' style='color:#2e7d32'>✓</span>"


def _text(mapping: dict, lang: str) -> str:
    return mapping.get(lang) or mapping.get("id") or next(iter(mapping.values()), "")


def _local_time(value: dt.datetime | None, fmt: str) -> str:
    """A UTC timestamp from the store, shown in the server's local time."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone().strftime(fmt)


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


class RatingForm:
    """The form for one ratee (built by ``RaterApp.open_form``; attributes are the live widgets).

    ``items`` maps item code -> ``ToggleButtons`` (value ``None`` = unanswered), ``comments`` maps
    competency code -> ``Textarea``, ``overall`` is the overall comment; ``save_button``,
    ``submit_button`` and ``back_button`` are the actions; ``message`` shows the last outcome and
    ``status`` the last save.  ``locked`` is True once the form is submitted.
    """

    def __init__(self, app: RaterApp, task: dict):
        self.app = app
        self.lang = app.lang
        self.assignment_id = int(task["assignment_id"])
        self.task = task
        inst = app.instrument
        state = app.store.load_response(app.session, self.assignment_id)
        self.status_value = state["status"]
        self.locked = state["status"] == "submitted"
        self.missing: list[str] = []
        self._dirty = False
        lang = self.lang
        labels = [inst.scale.label(v, lang) for v in inst.scale.points]

        # one Layout/Style model shared by many widgets: a 21-item form is ~130 widget models
        # instead of ~370, which the browser fetches and renders noticeably faster
        plain = widgets.Layout()
        html_style = HTMLStyle()
        choice_style = widgets.ToggleButtonsStyle(button_width="136px")
        text_style = TextStyle()
        comment_layout = widgets.Layout(width="96%", height="52px", margin="4px 0 0 28px")
        self._shared = [plain, html_style, choice_style, text_style, comment_layout]

        self.items: dict[str, widgets.ToggleButtons] = {}
        self.item_rows: dict[str, widgets.VBox] = {}
        self.item_labels: dict[str, widgets.HTML] = {}
        self.item_refs: dict[str, str] = {}
        self._item_texts: dict[str, str] = {}
        self.comments: dict[str, widgets.Textarea] = {}
        sections = []
        for cpos, comp in enumerate(inst.competencies, start=1):
            rows = [widgets.HTML(f"<h3 style='margin:6px 0'>{cpos}. {html.escape(_text(comp.name, lang))}</h3>",
                                 layout=plain, style=html_style)]
            for ipos, item in enumerate(comp.items, start=1):
                ref = f"{cpos}.{ipos}"
                self.item_refs[item.code] = ref
                self._item_texts[item.code] = f"<b>{ref}</b> {html.escape(_text(item.text, lang))}"
                saved = state["answers"].get(item.code)
                choice = widgets.ToggleButtons(
                    options=[(f"{v} · {lab}", v) for v, lab in zip(inst.scale.points, labels)],
                    index=None if saved is None else inst.scale.points.index(int(saved)),
                    tooltips=labels, disabled=self.locked, style=choice_style, layout=plain,
                )
                choice.add_class("ks-choice")
                choice.add_class(f"ks-choice-{item.code}")
                label = widgets.HTML(self._label(item.code, saved is not None), layout=plain, style=html_style)
                row = widgets.VBox([label, choice], layout=plain)
                row.add_class("ks-item")
                row.add_class(f"ks-item-{item.code}")
                self.items[item.code], self.item_rows[item.code], self.item_labels[item.code] = choice, row, label
                rows.append(row)
            comment = widgets.Textarea(value=state["comments"].get(comp.code, ""), placeholder=t("comment_placeholder", lang),
                                       continuous_update=False, disabled=self.locked, layout=comment_layout,
                                       style=text_style)
            comment.add_class(f"ks-comment-{comp.code}")
            self.comments[comp.code] = comment
            rows.append(comment)
            box = widgets.VBox(rows, layout=plain)
            box.add_class("ks-competency")
            sections.append(box)

        required = inst.require_overall_comment
        self.overall_label = widgets.HTML(f"<b>{t('overall_label_required' if required else 'overall_label_optional', lang)}</b>")
        self.overall = widgets.Textarea(value=state["overall_comment"] or "", placeholder=t("overall_placeholder", lang),
                                        continuous_update=False, disabled=self.locked,
                                        layout=widgets.Layout(width="96%", height="80px"))
        self.overall.add_class("ks-overall")
        self.overall_row = widgets.VBox([self.overall_label, self.overall])
        self.overall_row.add_class("ks-item")

        self.back_button = widgets.Button(description=t("back", lang), layout=widgets.Layout(width="auto"))
        self.save_button = widgets.Button(description=t("save_draft", lang), icon="save", layout=widgets.Layout(width="auto"))
        self.submit_button = widgets.Button(description=t("submit", lang), button_style="primary", icon="paper-plane",
                                            layout=widgets.Layout(width="auto"))
        for b, cls in ((self.back_button, "ks-back"), (self.save_button, "ks-save"), (self.submit_button, "ks-submit")):
            b.add_class(cls)
        self.message = widgets.HTML("")
        self.message.add_class("ks-message")
        self.status = widgets.HTML(f"<span class='ks-status'>{t('not_saved', lang)}</span>")
        self.status.add_class("ks-save-status")
        self.actions = widgets.HBox([self.back_button, self.save_button, self.submit_button])
        self.submit_note = widgets.HTML(f"<span class='ks-status'>{t('submit_note', lang)}</span>")

        header = [widgets.HTML(f"<h2>{t('form_title', lang, name=html.escape(str(task['ratee_name'])))}</h2>"
                               f"<div>{html.escape(str(task['ratee_jabatan']))} — "
                               f"<b>{t(RELATIONSHIP_KEYS[task['relationship']], lang)}</b></div>")]
        if task["relationship"] == "self":
            banner = widgets.HTML(f"<div class='ks-self-banner'>{t('self_banner', lang)}</div>")
            banner.add_class("ks-self")
            header.append(banner)
        header.append(widgets.HTML("<p>" + t("form_intro", lang, low=inst.scale.low, high=inst.scale.high,
                                                   low_label=labels[0], high_label=labels[-1]) + "</p>"))
        self.widget = widgets.VBox(header + sections + [self.overall_row, self.message, self.actions,
                                                        self.submit_note, self.status])
        self.widget.add_class("ks-form")
        if self.locked:
            self._show_locked(state.get("submitted_at"))

        for code, choice in self.items.items():
            choice.observe(lambda change, code=code: self._changed(code), names="value")
        for box in list(self.comments.values()) + [self.overall]:
            box.observe(lambda change: self._changed(None), names="value")
        self.save_button.on_click(lambda _b: self.save_draft(auto=False))
        self.submit_button.on_click(lambda _b: self.submit())
        self.back_button.on_click(lambda _b: self.app.show_tasks())

    # -- state ------------------------------------------------------------------------------
    def _label(self, code: str, answered: bool) -> str:
        mark = _MARK_DONE if answered else _MARK_EMPTY.format(title=t("missing_mark", self.lang))
        return f"{mark} {self._item_texts[code]}"

    def answers(self) -> dict:
        """Item code -> chosen value (``None`` when unanswered)."""
        return {code: choice.value for code, choice in self.items.items()}

    def comment_texts(self) -> dict:
        return {code: box.value for code, box in self.comments.items()}

    def _changed(self, code: str | None) -> None:
        if self.locked:
            return
        self._dirty = True
        if code is not None:
            self.item_labels[code].value = self._label(code, self.items[code].value is not None)
            if self.items[code].value is not None and code in self.missing:
                self._unmark(code)
        elif self.overall.value.strip() and "overall_comment" in self.missing:
            self._unmark("overall_comment")
        if self.app.autosave:
            self.save_draft(auto=True)

    def _row(self, code: str):
        return self.overall_row if code == "overall_comment" else self.item_rows[code]

    def _unmark(self, code: str) -> None:
        self.missing.remove(code)
        self._row(code).remove_class("ks-item-missing")

    def _error(self, text: str) -> None:
        self.message.value = f"<div class='ks-msg-error'>{html.escape(text)}</div>"

    # -- actions ----------------------------------------------------------------------------
    def save_draft(self, auto: bool = False) -> bool:
        """Save the current answers as a draft; returns True when saved."""
        if self.locked:
            return False
        if auto and not self._dirty:
            return False
        try:
            self.app.store.save_response(self.app.token, self.assignment_id, self.answers(), self.comment_texts(),
                                         self.overall.value, submit=False)
        except AccessDenied as exc:
            self.app.show_denied(exc.reason)
            return False
        except ResponseLocked:
            self._show_locked(None)
            return False
        except StoreError as exc:
            self._error(str(exc))
            return False
        self._dirty = False
        self.status_value = "draft"
        now = dt.datetime.now().strftime("%H:%M:%S")
        self.status.value = f"<span class='ks-status'>{t('autosaved_at' if auto else 'saved_at', self.lang, time=now)}</span>"
        if not auto:
            self.message.value = ""
        return True

    def submit(self) -> bool:
        """Submit the form; on missing answers keep the draft, mark and list them, return False."""
        if self.locked:
            return True
        try:
            self.app.store.save_response(self.app.token, self.assignment_id, self.answers(),
                                         self.comment_texts(), self.overall.value, submit=True)
        except IncompleteResponse as exc:
            self._dirty = True
            self.save_draft(auto=False)
            for code in list(self.missing):
                self._unmark(code)
            self.missing = list(exc.missing)
            for code in self.missing:
                self._row(code).add_class("ks-item-missing")
            refs = [t("missing_overall", self.lang) if c == "overall_comment" else self.item_refs.get(c, c)
                    for c in self.missing]
            self._error(t("missing", self.lang, n=len(self.missing), items=", ".join(refs)))
            return False
        except AccessDenied as exc:
            self.app.show_denied(exc.reason)
            return False
        except ResponseLocked:
            self._show_locked(None)
            return True
        except StoreError as exc:
            self._error(str(exc))
            return False
        self._show_locked(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
        self.message.value = (f"<div class='ks-msg-ok'>"
                              f"{t('submitted_ok', self.lang, name=html.escape(str(self.task['ratee_name'])))}</div>")
        return True

    def _show_locked(self, submitted_at) -> None:
        self.locked = True
        self.status_value = "submitted"
        for w in list(self.items.values()) + list(self.comments.values()) + [self.overall]:
            w.disabled = True
        self.save_button.layout.display = "none"
        self.submit_button.layout.display = "none"
        self.submit_note.layout.display = "none"
        when = _local_time(submitted_at, "%d-%m-%Y %H:%M") if submitted_at else ""
        self.status.value = f"<span class='ks-status'>{t('locked', self.lang, time=when)}</span>"
        self.widget.add_class("ks-locked")


class RaterApp:
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
        self.widget = widgets.VBox([widgets.HTML(STYLE), self.body])
        self.widget.add_class("ks-app")
        try:
            self.session = store.open_link(self.token)
        except AccessDenied as exc:
            if exc.reason == "closed" and self.show_own_results():
                return
            self.show_denied(exc.reason)
            return
        self.instrument = store.instrument(self.session.cycle_id)
        self.show_tasks()

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
        msg = widgets.HTML(f"<div class='ks-denied'><h2>{t('denied_title', self.lang)}</h2>"
                           f"<p>{t('denied_' + reason, self.lang)}</p></div>")
        msg.add_class("ks-denied-message")
        self._replace_body([msg])

    def show_tasks(self) -> None:
        """The task list: who to rate, the relationship, each form's status and the overall progress."""
        if self.form is not None and self.session is not None:
            self.form.save_draft(auto=True)
            if self.view == "denied":
                return
        frame = self.store.rater_tasks(self.session)
        self.form = None
        self.view = "tasks"
        lang = self.lang
        self.tasks = frame.to_dict("records")
        done = sum(r["status"] == "submitted" for r in self.tasks)
        head = widgets.HTML(f"<h2>{t('app_title', lang)}</h2>"
                            f"<div>{t('welcome', lang, name=html.escape(self.session.rater_name))} · "
                            f"{t('cycle', lang, cycle=html.escape(self.session.cycle_name))}</div>"
                            f"<p>{t('tasks_intro', lang)}</p>")
        bar = widgets.IntProgress(value=done, min=0, max=max(len(self.tasks), 1), bar_style="success",
                                  layout=widgets.Layout(width="300px"))
        progress = widgets.HBox([bar, widgets.HTML(f"<b>{t('progress', lang, done=done, total=len(self.tasks))}</b>")])
        progress.add_class("ks-progress")
        rows = []
        self.task_buttons = {}
        plain, button_layout = widgets.Layout(), widgets.Layout(width="120px")  # shared by every row
        html_style, button_style = HTMLStyle(), widgets.ButtonStyle()
        for task in self.tasks:
            status = task["status"]
            button = widgets.Button(description=t(f"open_{status}", lang),
                                    button_style="" if status == "submitted" else "primary",
                                    layout=button_layout, style=button_style)
            button.add_class("ks-open")
            button.add_class(f"ks-open-{task['assignment_id']}")
            button.on_click(lambda _b, aid=int(task["assignment_id"]): self.open_form(aid))
            self.task_buttons[int(task["assignment_id"])] = button
            rel = t(RELATIONSHIP_KEYS[task["relationship"]], lang)
            if task["relationship"] == "self":
                rel = f"<span class='ks-self-banner' style='padding:2px 6px'>{rel}</span>"
            colour = {"submitted": "#2e7d32", "draft": "#e65100"}.get(status, "#555")
            cells = widgets.HTML(
                f"<div style='display:flex;align-items:center'>"
                f"<div style='width:380px'><b>{html.escape(str(task['ratee_name']))}</b><br>"
                f"<span class='ks-status'>{html.escape(str(task['ratee_jabatan']))}</span></div>"
                f"<div style='width:220px'>{rel}</div>"
                f"<div style='width:110px;color:{colour}'>{t('status_' + status, lang)}</div></div>",
                layout=plain, style=html_style)
            row = widgets.HBox([cells, button], layout=plain)
            row.add_class("ks-task")
            rows.append(row)
        children = [head, progress]
        if not self.tasks:
            children.append(widgets.HTML(f"<div class='ks-notice'>{t('no_tasks', lang)}</div>"))
        elif done == len(self.tasks):
            children.append(widgets.HTML(f"<div class='ks-notice ks-all-done'>{t('all_done', lang)}</div>"))
        self._replace_body(children + rows)

    def open_form(self, assignment_id: int) -> RatingForm | None:
        """Show the form for one of this rater's assignments (``None`` if the link stopped working)."""
        task = next((r for r in self.tasks if int(r["assignment_id"]) == int(assignment_id)), None)
        if task is None:
            raise StoreError("Penugasan tidak ditemukan.")
        try:
            self.store.open_link(self.token)  # the cycle may have closed since the list was shown
        except AccessDenied as exc:
            self.show_denied(exc.reason)
            return None
        self.form = RatingForm(self, task)
        self.view = "form"
        self._replace_body([self.form.widget])
        return self.form


def _friendly_error(lang: str) -> widgets.Widget:
    box = widgets.VBox([widgets.HTML(STYLE), widgets.HTML(f"<div class='ks-denied'><p>{t('service_error', lang)}</p></div>")])
    box.add_class("ks-app")
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
