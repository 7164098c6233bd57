"""The employee's own results after publication, opened with their personal link.

Once HR publishes a cycle (``cycle.publish``) the personal link an employee used to rate
(``?token=...``) no longer opens any form (``Store.open_link`` refuses a closed cycle); the rater
app hands it to ``EmployeeApp``, which opens only the employee's *own* results
(``Store.open_results_link``):

* the individual feedback report, cut with the same anonymity thresholds as the PDF
  (``present.reports.feedback_report`` / ``render_html``), in the page and as a PDF download;
* keberatan: within the window (``cycle.keberatan``) the employee files an objection with a
  reason; the same page shows the Pejabat Penilai the keberatan waiting for their explanation
  and the atasan of the Pejabat Penilai those waiting for a decision.

Phone first: everything stacks at 360 px, buttons are 44 px high, the report scrolls inside its
own frame.  Logic lives in ``cycle``; this module only draws it.
"""

from __future__ import annotations

from functools import partial

import ipywidgets as widgets
import pandas as pd

from .. import cycle as uc
from ..i18n import resolve_lang, t
from ..store import AccessDenied, Store
from ..vocab import PREDIKAT_LABELS
from .boundary import App
from .downloads import offer
from .html import esc

STYLE = """
<style>
.ks-emp { max-width: 900px; font-size: 15px; }
.ks-emp .widget-button { height: 44px; min-width: 44px; }
.ks-emp textarea { width: 100%; min-height: 88px; font-size: 15px; }
.ks-emp .widget-textarea, .ks-emp .widget-dropdown, .ks-emp .widget-text { width: 100% !important; max-width: 100%; }
.ks-emp .widget-dropdown select { height: 44px; }
.ks-emp-box { padding: 12px 14px; border-radius: 6px; background: #eef3fb; border: 1px solid #b8cbe8; margin: 8px 0; }
.ks-emp-frame { width: 100%; height: 70vh; border: 1px solid #c9d3e3; border-radius: 6px; background: white; }
.ks-download { display: inline-block; padding: 11px 16px; min-height: 44px; box-sizing: border-box;
               background: #1565c0; color: white !important; border-radius: 4px; text-decoration: none; font-weight: bold; }
.ks-msg-error { color: #b71c1c; font-weight: bold; }
.ks-msg-ok { color: #1b5e20; font-weight: bold; }
</style>
"""


class EmployeeApp(App):
    """The employee's results page for one personal link of a published cycle.

    ``view`` is ``"denied"`` or ``"results"``; ``report_html`` the report as shown (``""`` when the
    employee has no results in the cycle); ``keberatan_reason`` / ``keberatan_button`` file an
    objection; ``explain_inputs`` / ``decide_inputs`` (keberatan id -> widgets) are the officials'.
    """

    def __init__(self, store: Store, token: str, lang: str | None = None):
        self.store = store
        self.token = "" if token is None else str(token)
        self.lang = resolve_lang(lang)
        self.view = ""
        self.report_html = ""
        self.info: dict | None = None
        self.body = widgets.VBox()
        self.widget = widgets.VBox([widgets.HTML(STYLE), self.body])
        self.widget.add_class("ks-emp")
        self.message = widgets.HTML()
        self.explain_inputs: dict[int, tuple] = {}
        self.decide_inputs: dict[int, tuple] = {}
        try:
            self.info = store.open_results_link(self.token)
        except AccessDenied as exc:
            self.show_denied(exc.reason)
            return
        self.show()

    @property
    def actor(self) -> str:
        return f"pegawai #{self.info['employee_id']} (tautan pribadi)"

    def show_denied(self, reason: str) -> None:
        self.view = "denied"
        self.body.children = [widgets.HTML(f"<div class='ks-emp-box'><h2>{t('denied_title', self.lang)}</h2>"
                                           f"<p>{t('denied_' + reason, self.lang)}</p></div>")]

    # -- the page ---------------------------------------------------------------------------------
    def show(self) -> None:
        info, lang = self.info, self.lang
        cid, nip = info["cycle_id"], info["nip"]
        self.view = "results"
        snap = self.store.snapshot(cid)
        head = widgets.HTML(f"<h2>{t('emp_title', lang)}</h2><div>{esc(info['nama'])} · {esc(info['cycle_name'])}</div>"
                            f"<p class='ks-status'>{t('emp_version', lang, n=snap['version'])}</p>")
        children = [head, self.message]
        results = uc.load_results(self.store, cid)
        from ..present.reports import feedback_report, render_html, render_pdf, report_filename

        if nip in results.scores.index:
            report = feedback_report(results, nip)
            self.report_html = render_html(report)
            name = report_filename(report, ".pdf")
            children.append(widgets.HTML(offer("laporan", partial(render_pdf, report), name,
                                               store=self.store, cycle_id=cid, actor=self.actor, people=1,
                                               label=t("emp_pdf", lang), lang=lang)))
            # sandbox="": the report is static HTML (no script, no form, no link to follow): it
            # runs nothing and reaches neither this page nor the server (docs/security.md)
            children.append(widgets.HTML(f"<iframe class='ks-emp-frame' sandbox='' title='{t('emp_title', lang)}' "
                                         f"srcdoc=\"{esc(self.report_html)}\"></iframe>"))
        else:
            self.report_html = ""
            children.append(widgets.HTML(f"<div class='ks-emp-box'>{t('emp_no_results', lang)}</div>"))
        children += self._keberatan_section(results)
        self.body.children = children

    def _keberatan_section(self, results) -> list:
        lang, cid, nip = self.lang, self.info["cycle_id"], self.info["nip"]
        out = [widgets.HTML(f"<h3>{t('keb_title', lang)}</h3>")]
        roles = uc.keberatan.roles_for(self.store, cid, nip)
        mine = roles[uc.keberatan.ROLE_EMPLOYEE]
        deadline = uc.keberatan_deadline(self.store, cid)
        if len(mine):
            k = mine.iloc[0]
            text = t("keb_status_" + k["status"], lang, time=f"{pd.Timestamp(k['decide_by']):%d-%m-%Y}",
                     name=esc(k["predikat_akhir"]), message=esc(k["decision_reason"]))
            out.append(widgets.HTML(f"<div class='ks-emp-box ks-keb-status'>{text}</div>"))
        elif nip in results.scores.index and not uc.has_predikat(results, nip):
            why = uc.no_predikat_reason(results, nip)  # no keberatan without a predikat (the store refuses too)
            out.append(widgets.HTML(f"<div class='ks-emp-box ks-keb-none'>"
                                    f"{esc(t('keb_no_predikat', lang, why=why))}</div>"))
        elif nip in results.scores.index:
            self.keberatan_reason = widgets.Textarea(placeholder=t("keb_reason_placeholder", lang))
            self.keberatan_button = widgets.Button(description=t("keb_file", lang), button_style="warning",
                                                   layout=widgets.Layout(width="auto"))
            self.keberatan_button.on_click(self.guard(lambda _b: self.file_keberatan()))
            out += [widgets.HTML(f"<p>{t('keb_intro', lang, time=f'{deadline:%d-%m-%Y}')}</p>"),
                    self.keberatan_reason, self.keberatan_button]
        self.explain_inputs = {}
        for k in roles[uc.keberatan.ROLE_PENILAI].itertuples(index=False):
            box = widgets.Textarea(placeholder=t("keb_explain_placeholder", lang))
            button = widgets.Button(description=t("keb_explain", lang), button_style="primary",
                                    layout=widgets.Layout(width="auto"))
            button.on_click(self.guard(lambda _b, kid=int(k.id): self.explain(kid)))
            self.explain_inputs[int(k.id)] = (box, button)
            out += [widgets.HTML(f"<div class='ks-emp-box'><b>{t('keb_to_explain', lang, name=esc(k.nama))}</b><br>"
                                 f"{t('keb_reason', lang)}: {esc(k.reason)}</div>"), box, button]
        self.decide_inputs = {}
        for k in roles[uc.keberatan.ROLE_ATASAN].itertuples(index=False):
            choice = widgets.Dropdown(options=[(t("keb_keep", lang, name=k.predikat_awal), "tetap")]
                                      + [(t("keb_change_to", lang, name=p), p) for p in PREDIKAT_LABELS
                                         if p != k.predikat_awal], value="tetap")
            reason = widgets.Textarea(placeholder=t("keb_decision_placeholder", lang))
            button = widgets.Button(description=t("keb_decide", lang), button_style="danger",
                                    layout=widgets.Layout(width="auto"))
            button.on_click(self.guard(lambda _b, kid=int(k.id): self.decide(kid)))
            self.decide_inputs[int(k.id)] = (choice, reason, button)
            out += [widgets.HTML(
                f"<div class='ks-emp-box'><b>{t('keb_to_decide', lang, name=esc(k.nama))}</b><br>"
                f"{t('keb_reason', lang)}: {esc(k.reason)}<br>{t('keb_explanation', lang)}: {esc(k.explanation)}<br>"
                f"{t('keb_decide_by', lang, time=f'{pd.Timestamp(k.decide_by):%d-%m-%Y}')}</div>"),
                choice, reason, button]
        return out

    # -- actions ------------------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """The boundary's message area; the page is not redrawn, so what was typed stays in its box."""
        self.message.value = f"<div class='ks-msg-error'>{esc(t('error', self.lang, message=text))}</div>"

    def _done(self, ok: bool, text: str) -> None:
        cls = "ks-msg-ok" if ok else "ks-msg-error"
        msg = text if ok else t("error", self.lang, message=text)
        self.show()
        self.message.value = f"<div class='{cls}'>{esc(msg)}</div>"

    def file_keberatan(self) -> int | None:
        ok, kid = self.boundary.attempt(uc.file_keberatan, self.store, self.info["cycle_id"], self.info["nip"], self.keberatan_reason.value,
                                    actor=self.actor)
        if not ok:
            return None  # the typed reason stays in the box
        self._done(True, t("keb_filed", self.lang))
        return kid

    def explain(self, keberatan_id: int) -> bool:
        box, _ = self.explain_inputs[keberatan_id]
        ok, _ = self.boundary.attempt(uc.explain_keberatan, self.store, keberatan_id, box.value, actor=self.actor)
        if not ok:
            return False
        self._done(True, t("keb_explained", self.lang))
        return True

    def decide(self, keberatan_id: int) -> int | None:
        choice, reason, _ = self.decide_inputs[keberatan_id]
        decision = "tetap" if choice.value == "tetap" else "ubah"
        ok, version = self.boundary.attempt(uc.decide_keberatan, self.store, keberatan_id, decision, reason.value,
                                          predikat=None if decision == "tetap" else choice.value, actor=self.actor)
        if not ok:
            return None
        self._done(True, t("keb_decided", self.lang, n=version))
        return version


def employee_view(store: Store, token: str, lang: str | None = None) -> EmployeeApp | None:
    """The employee app for ``token`` when its cycle is published, else None (for the rater app)."""
    try:
        store.open_results_link(token)
    except AccessDenied:
        return None
    return EmployeeApp(store, token, lang)
