"""The admin app's "Penutupan" tab: hasil kerja import, organisation predikat, publication and
keberatan (HR's status table, acting on an official's behalf).

``ClosingTab(admin)`` draws ``kinerja_survey.cycle`` use cases for the period selected in the
admin app; every action reports its outcome in the tab's message line and is audited with
``admin.actor``.  The widgets are attributes so tests can drive the tab from code.
"""

from __future__ import annotations

from functools import partial

import ipywidgets as widgets

from .. import cycle as uc
from ..collect.hasil_kerja import HasilKerjaError
from ..i18n import DEFAULT_LANG, t
from ..store import StoreError
from ..vocab import ORG_PREDIKAT_LABELS, PREDIKAT_LABELS
from .boundary import App
from .html import esc, html_table

class ClosingTab(App):
    """Closing a cycle from the admin app (see the module docstring)."""

    def show_error(self, text: str) -> None:
        """A tab of the admin app: its boundary speaks in the admin's message area."""
        self.admin.show_error(text)

    def __init__(self, admin):
        self.admin = admin
        self.lang = lang = getattr(admin, "lang", None)
        L = widgets.Layout
        self.last_plan: uc.HasilKerjaImport | None = None
        # hasil kerja
        self.hk_upload = widgets.FileUpload(accept=".csv,.xlsx,.xls", multiple=False,
                                            description=t("closing.hk_upload", lang), layout=L(width="auto"))
        self.hk_check = widgets.Button(description=t("validate", lang), layout=L(width="auto"))
        self.hk_confirm = widgets.Checkbox(description=t("closing.hk_confirm", lang), indent=False,
                                           layout=L(width="auto"))
        self.hk_import = widgets.Button(description=t("closing.hk_import", lang), button_style="primary",
                                        layout=L(width="auto"))
        self.hk_message, self.hk_report, self.hk_missing = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.hk_check.on_click(self.guard(lambda _b: self.check_hasil_kerja()))
        self.hk_import.on_click(self.guard(lambda _b: self.import_hasil_kerja()))
        # organisation predikat
        self.org_select = widgets.Dropdown(options=ORG_PREDIKAT_LABELS, value="Baik", description=t("closing.org_select", lang),
                                           style={"description_width": "150px"}, layout=L(width="360px"))
        self.org_unit = widgets.Text(description=t("closing.org_unit", lang),
                                     placeholder=t("closing.org_unit_placeholder", lang),
                                     style={"description_width": "150px"}, layout=L(width="520px"))
        self.org_save = widgets.Button(description=t("closing.org_save", lang), layout=L(width="auto"))
        self.org_message = widgets.HTML()
        self.org_save.on_click(self.guard(lambda _b: self.save_org_predikat()))
        # publication
        self.pub_days = widgets.BoundedIntText(14, min=1, max=90, description=t("closing.pub_days", lang),
                                               style={"description_width": "180px"})
        self.pub_decision_days = widgets.BoundedIntText(7, min=1, max=90, description=t("closing.pub_decision_days", lang),
                                                        style={"description_width": "180px"})
        self.pub_confirm = widgets.Checkbox(description=t("closing.pub_confirm", lang),
                                            indent=False, layout=L(width="auto"))
        self.pub_button = widgets.Button(description=t("closing.pub_button", lang), button_style="danger",
                                         layout=L(width="auto"))
        # the publish check (who has no predikat and why, broken kurva rules); forcing needs a reason
        self.pub_check = widgets.HTML()
        self.pub_force = widgets.Checkbox(description=t("closing.pub_force", lang), indent=False,
                                          layout=L(width="auto"))
        self.pub_reason = widgets.Textarea(placeholder=t("closing.pub_reason", lang), layout=L(width="100%"))
        self.pub_message = widgets.HTML()
        self.pub_button.on_click(self.guard(lambda _b: self.publish()))
        self.pub_warning_button = widgets.Button(description=t("admin.go_on_anyway", lang), button_style="danger",
                                                 layout=L(width="auto", display="none"))  # after a period warning
        self.pub_warning_button.on_click(self.guard(lambda _b: self.publish(confirm=True)))
        # keberatan
        self.keb_table = widgets.HTML()
        self.keb_id = widgets.BoundedIntText(1, min=1, max=10**9, description=t("closing.keb_id", lang))
        self.keb_text = widgets.Textarea(placeholder=t("closing.keb_text", lang), layout=L(width="520px"))
        self.keb_decision = widgets.Dropdown(options=[(t("closing.keb_keep", lang), "tetap")]
                                             + [(t("closing.keb_change", lang, predikat=p), p) for p in PREDIKAT_LABELS],
                                             description=t("closing.h_keputusan", lang))
        self.keb_explain = widgets.Button(description=t("closing.keb_explain", lang), layout=L(width="auto"))
        self.keb_decide = widgets.Button(description=t("closing.keb_decide", lang), layout=L(width="auto"))
        self.keb_message = widgets.HTML()
        self.keb_explain.on_click(self.guard(lambda _b: self.explain_on_behalf()))
        self.keb_decide.on_click(self.guard(lambda _b: self.decide_on_behalf()))
        self.widget = widgets.VBox([
            widgets.HTML(f"<h3>{t('closing.s1', lang)}</h3>"), self.hk_missing,
            widgets.HBox([self.hk_upload, self.hk_check, self.hk_import]), self.hk_confirm, self.hk_message,
            self.hk_report,
            widgets.HTML(f"<hr><h3>{t('closing.s2', lang)}</h3>"), self.org_select, self.org_unit,
            self.org_save, self.org_message,
            widgets.HTML(f"<hr><h3>{t('closing.s3', lang)}</h3>"), self.pub_days, self.pub_decision_days,
            self.pub_check, self.pub_force, self.pub_reason, self.pub_confirm,
            widgets.HBox([self.pub_button, self.pub_warning_button]), self.pub_message,
            widgets.HTML(f"<hr><h3>{t('closing.s4', lang)}</h3>"), self.keb_table, self.keb_id, self.keb_text,
            widgets.HBox([self.keb_explain]), widgets.HBox([self.keb_decision, self.keb_decide]), self.keb_message])

    # -- helpers ------------------------------------------------------------------------------------
    @property
    def cycle_id(self):
        return self.admin.cycle_id

    @property
    def actor(self) -> str:
        return self.admin.actor

    def _ok(self, target, text):
        target.value = f"<div class='ks-msg-ok'>{esc(text)}</div>"

    def _fail(self, target, text):
        """``text``: a message (an error or ``i18n.Msg`` renders in the tab's language)."""
        target.value = f"<div class='ks-msg-error'>{esc(t('error', self.lang, message=text))}</div>"

    def refresh(self) -> None:
        cid = self.cycle_id
        if cid is None:
            self.hk_missing.value = self.keb_table.value = ""
            return
        missing = uc.hasil_kerja_missing(self.admin.store, cid)
        status = uc.result_status(self.admin.store, cid, self.lang)
        org = uc.org_predikat(self.admin.store, cid) or t("closing.org_not_set", self.lang)
        self.hk_missing.value = ("<p class='ks-closing-status'>"
                                 + t("closing.status", self.lang, status=esc(status), org=esc(org),
                                     n=len(missing)) + "</p>")
        table = uc.keberatan_status(self.admin.store, cid)
        self.keb_table.value = (html_table(table.drop(columns=["nip"]).rename(columns={"id": "no"}), self.lang) if len(table)
                                else f"<p>{t('closing.no_keberatan', self.lang)}</p>")

    def _upload(self):
        from .admin import uploaded_file

        return uploaded_file(self.hk_upload)

    # -- hasil kerja --------------------------------------------------------------------------------
    def _run_import(self, confirm: bool):
        up = self._upload()
        if self.cycle_id is None or up is None:
            self._fail(self.hk_message, t("closing.need_file", self.lang))
            return None
        try:
            plan = uc.import_hasil_kerja(self.admin.store, self.cycle_id, up, actor=self.actor, confirm=confirm)
        except HasilKerjaError as exc:
            self._fail(self.hk_message, t("closing.errors", self.lang, n=len(exc.errors)))
            self.hk_report.value = html_table(exc.to_frame(self.lang), self.lang)
            return None
        except (StoreError, ValueError) as exc:
            self._fail(self.hk_message, exc)
            return None
        self.last_plan = plan
        return plan

    def check_hasil_kerja(self):
        """Validate the uploaded file and show what an import would change (writes nothing)."""
        up = self._upload()
        if self.cycle_id is None or up is None:
            self._fail(self.hk_message, t("closing.need_file", self.lang))
            return None
        from ..collect.hasil_kerja import read_hasil_kerja
        from ..cycle.calibration import cycle_ratees

        store = self.admin.store
        try:
            frame = read_hasil_kerja(up, store.employees_frame(active_only=False)["nip"].astype(str),
                                     cycle_ratees(store, self.cycle_id))
        except HasilKerjaError as exc:
            self._fail(self.hk_message, t("closing.errors", self.lang, n=len(exc.errors)))
            self.hk_report.value = html_table(exc.to_frame(self.lang), self.lang)
            return None
        old = dict(zip(store.hasil_kerja_frame(self.cycle_id)["nip"], store.hasil_kerja_frame(self.cycle_id)["rating"]))
        changed = frame[[n in old and old[n] != r for n, r in zip(frame["nip"], frame["rating"])]]
        self._ok(self.hk_message, t("closing.file_ok", self.lang, n=len(frame), changed=len(changed)))
        self.hk_report.value = html_table(changed.assign(lama=changed["nip"].map(old))[["row", "nip", "lama", "rating"]]
                                      .rename(columns={"rating": "baru"}), self.lang) if len(changed) else ""
        return frame

    def import_hasil_kerja(self):
        plan = self._run_import(confirm=self.hk_confirm.value)
        if plan is None:
            return None
        if not plan.written:
            self._fail(self.hk_message, t("closing.confirm_first", self.lang, n=len(plan.changed)))
            self.hk_report.value = html_table(plan.changed[["baris", "nip", "nama", "lama", "baru"]], self.lang)
            return plan
        counts = plan.changes["perubahan"].value_counts()
        self._ok(self.hk_message, t("closing.hk_saved", self.lang, new=int(counts.get("baru", 0)),
                                    changed=int(counts.get("berubah", 0)), same=int(counts.get("tetap", 0))))
        self.hk_report.value = ""
        self.hk_confirm.value = False
        self.refresh()
        return plan

    # -- organisation predikat ----------------------------------------------------------------------
    def save_org_predikat(self):
        if self.cycle_id is None:
            self._fail(self.org_message, t("closing.need_cycle", self.lang))
            return None
        ok, label = self.boundary.attempt(uc.set_org_predikat, self.admin.store, self.cycle_id, self.org_select.value,
                                        unit=self.org_unit.value.strip(), actor=self.actor, show=partial(self._fail, self.org_message))
        if not ok:
            return None
        unit = self.org_unit.value.strip()
        where = t("closing.org_where_unit", self.lang, unit=unit) if unit else t("closing.org_where_all", self.lang)
        self._ok(self.org_message, t("closing.org_saved", self.lang, where=where, label=label))
        self.refresh()
        return label

    # -- publication --------------------------------------------------------------------------------
    def publish(self, confirm: bool = False):
        """Publish the selected cycle (after the tick); a period that has not started or ended long
        ago (``cycle.cycle_period_warning``) is shown with a confirm button first."""
        self.pub_warning_button.layout.display = "none"
        if self.cycle_id is None:
            self._fail(self.pub_message, t("closing.need_cycle", self.lang))
            return None
        if not self.pub_confirm.value:
            self._fail(self.pub_message, t("closing.pub_confirm_first", self.lang))
            return None
        warning = None if confirm else uc.cycle_period_warning(self.admin.store, self.cycle_id, "publish")
        if warning is not None:
            self.pub_message.value = f"<div class='ks-warn'>{esc(warning.render(self.lang))}</div>"
            self.pub_warning_button.layout.display = None
            return None
        ok, check = self.boundary.attempt(uc.publish_check, self.admin.store, self.cycle_id,
                                          show=partial(self._fail, self.pub_message))
        if ok:
            lines = check.lines(self.lang) or [t("cycle.check_ok", self.lang)]
            self.pub_check.value = "<br>".join(esc(line) for line in lines)
        force = bool(self.pub_force.value)
        ok, version = self.boundary.attempt(uc.publish, self.admin.store, self.cycle_id, actor=self.actor,
                                 keberatan_days=self.pub_days.value, decision_days=self.pub_decision_days.value,
                                 force=force, reason=self.pub_reason.value if force else None,
                                 show=partial(self._fail, self.pub_message))
        if not ok:
            return None
        self.pub_confirm.value = False
        deadline = uc.keberatan_deadline(self.admin.store, self.cycle_id)
        self._ok(self.pub_message, t("closing.published", self.lang, version=version, deadline=f"{deadline:%d-%m-%Y}"))
        self.refresh()
        return version

    # -- keberatan on an official's behalf ----------------------------------------------------------
    def explain_on_behalf(self) -> bool:
        try:
            uc.explain_keberatan(self.admin.store, self.keb_id.value, self.keb_text.value,
                                 actor=t("closing.for_penilai", DEFAULT_LANG, actor=self.actor))  # the record
        except (StoreError, ValueError) as exc:
            self._fail(self.keb_message, exc)
            return False
        self._ok(self.keb_message, t("closing.explained", self.lang, id=self.keb_id.value))
        self.keb_text.value = ""
        self.refresh()
        return True

    def decide_on_behalf(self):
        choice = self.keb_decision.value
        try:
            version = uc.decide_keberatan(self.admin.store, self.keb_id.value, "tetap" if choice == "tetap" else "ubah",
                                          self.keb_text.value, predikat=None if choice == "tetap" else choice,
                                          actor=t("closing.for_atasan", DEFAULT_LANG, actor=self.actor))  # the record
        except (StoreError, ValueError) as exc:
            self._fail(self.keb_message, exc)
            return None
        self._ok(self.keb_message, t("closing.decided", self.lang, id=self.keb_id.value, version=version))
        self.keb_text.value = ""
        self.refresh()
        return version
