"""Idle pages give their kernel back and resume where they were (issue 24).

A rater page left open holds a kernel (~35 MB private, ~13 server file descriptors) for as long
as the tab stays open.  With idle release:

1. the page script (``share/voila/templates/kinerja/kinerja.js``) counts the seconds since the
   rater's last input; past ``idle_release`` (``start_app(..., idle_release=...)``,
   ``kinerja-survey jalankan --lepas-saat-diam``; default ``DEFAULT_IDLE_RELEASE`` = 600 s, 0 = never)
   it first sends any comment still being typed (the field loses focus: its value goes to the
   kernel), then writes a nonce into the hidden ``.ks-idle`` Text widget;
2. the kernel (``IdleRelease``) saves the open form as a draft if anything is unsaved (every
   choice is already saved by the autosave) and answers in ``.ks-idle-ack`` with the nonce,
   whether the save succeeded and the open form's assignment;
3. only after a successful answer the page sends Voilà's shutdown request for its own kernel
   (``POST /voila/api/shutdown/<id>``, authenticated by the page cookie): the kernel is gone,
   the page keeps showing what it showed;
4. the next touch (tap, key, or the tab becoming visible again) shows "Sesi dijeda — memuat
   ulang…" and reloads the same link with ``resume=<assignment>`` and ``item=<item code>``; the
   new page (a preheated kernel) opens that form (``resume``), every stored answer in place, and
   scrolls to that item.

The kernel never releases itself: a page whose save failed keeps its kernel (and shows the
failure as usual), so nothing typed is lost.
"""

from __future__ import annotations

import os
from html import escape as esc

import ipywidgets as widgets

from ..i18n import t

IDLE_RELEASE_ENV = "KINERJA_IDLE_RELEASE"
DEFAULT_IDLE_RELEASE = 600.0


def idle_release_seconds(env=None) -> float:
    """Seconds of no input after which a page gives its kernel back (``$KINERJA_IDLE_RELEASE``;
    ``DEFAULT_IDLE_RELEASE`` when unset or unreadable; 0 = never)."""
    raw = (os.environ if env is None else env).get(IDLE_RELEASE_ENV, "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_IDLE_RELEASE
    return max(0.0, value)


class IdleRelease:
    """The kernel's half of idle release for one ``RaterApp``: the hidden request/answer widgets.

    ``widgets`` go into the app's hidden probe box; ``texts`` carries the release delay and the
    pause message for the page script."""

    def __init__(self, app, seconds: float | None = None):
        self.app = app
        self.seconds = idle_release_seconds() if seconds is None else float(seconds)
        self.request = widgets.Text(value="", continuous_update=True, _dom_classes=["ks-idle"])
        self.ack = widgets.HTML("", _dom_classes=["ks-idle-ack"])
        self.texts = widgets.HTML(f"<div class='ks-idle-texts' hidden data-idle-release='{self.seconds:g}' "
                                  f"data-paused='{esc(t('idle_paused', app.lang))}'></div>")
        self.request.observe(app.guard(self._requested), names="value")
        self.widgets = [self.request, self.ack]

    def _requested(self, change) -> None:
        nonce = str(change["new"] or "")
        if not nonce:
            return
        ok, resume = True, ""
        form = getattr(self.app, "form", None)
        if form is not None and self.app.view == "form":
            resume = str(form.assignment_id)
            if form._dirty and not form.locked:
                ok = form.save_draft(auto=True)
        self.ack.value = (f"<span data-ack='{esc(nonce)}' data-ok='{int(bool(ok))}' "
                          f"data-resume='{esc(resume)}'></span>")


def resume(app, params: dict) -> None:
    """After an idle release: open the form ``params["resume"]`` of this link (if it is one of its
    tasks) and scroll to ``params["item"]``; anything else leaves the task list as it is."""
    try:
        aid = int(params.get("resume") or "")
    except ValueError:
        return
    if getattr(app, "view", "") != "tasks" or aid not in getattr(app, "task_buttons", {}):
        return
    form = app.open_form(aid)
    item = str(params.get("item") or "")
    if form is not None and (item in form.item_rows or item == "overall"):
        form._scroll_to(f"ks-q-{item}")
