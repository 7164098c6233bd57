"""The admin app: ipywidgets for HR staff to run a cycle (served by Voilà on 127.0.0.1 only).

``AdminApp(store, lang, rater_url=...)`` shows one period selector and eleven tabs:

* **Periode** — the cycles table; create a cycle (BerAKHLAK or an uploaded YAML/CSV instrument);
  open it; close it (final, behind a confirmation tick).
* **Roster pegawai** — upload a CSV/XLSX roster, "Periksa" shows the validation report (every bad
  row, from ``roster.validate_roster``), "Impor" imports it all-or-nothing.
* **Penugasan & tautan** — generate assignments from the org chart
  (``assignment.generate_assignments``) and download the new personal links as CSV; the plain
  links exist only in that download (the store keeps hashes).
* **Tingkat respons** — invited vs submitted forms per rater group, per unit or per ratee
  (``Store.response_rates``), with a refresh button and an optional 30-second timer.
* **Pengingat** — raters who have not finished (not started / draft, contacts, link state) as a
  table and CSV; invitations and reminders due under a policy, sent by e-mail (SMTP from the
  environment) or prepared as WhatsApp click-to-chat links (one click per person), the outbox;
  re-issuing a lost or leaked link (preview, confirm, the new link shown to copy).
* **Tinjau penilai** — each ratee's raters per group with warnings under the anonymity threshold;
  swap or remove with a reason while the cycle is a draft (locked once it opens).
* **Perubahan periode** — add a late rater, replace one (answers kept or dropped), remove a form,
  revoke or reissue one link: a preview, then a confirm button.
* **Penutupan & hasil** — closing a cycle (``apps.closing``): hasil kerja import, organisation
  predikat, publication and the keberatan status table.
* **Periode & pengembangan** — after the results and across periods (``apps.periods_tab``): the
  next period, stakeholder raters, dialog kinerja, continuous feedback, downloads.
* **Cakupan penilai** — who is below a rater group's minimum with the cause and the fix, raters over
  the load cap and why, coverage by level (``apps.review_tab``: ``cycle.coverage_review``).
* **Data pribadi** — a person's data corrected (preview, confirm, audited) and exported for them
  (UU 27/2022; ``apps.correction``).

Every file offered for download goes through ``apps.downloads.offer``: recorded in the export log
(who, what, when, how many people) before the link appears.

The person acting is the **logged-in account** when the app is served (``kinerja-survey serve``:
``AdminApp(account=...)`` from ``apps.accounts.logged_in_account``), shown read only at the top and
recorded in the audit log; nothing typed can change it.  Without a login (a test, a notebook
building the app directly) it is the **Nama petugas** field: every change is refused until it is
filled.  That field is pre-filled from ``AdminApp(actor=...)``, the page's ``?petugas=`` parameter
(without a login only) or ``$KINERJA_SURVEY_ACTOR``.  Destructive steps (a roster import that
deactivates people, assignments added to an open cycle, mid-cycle changes, link reissue) show
what they will change and wait for the confirm button.

Every action reports its outcome in the tab's message line; store errors are shown as their
(Indonesian) message, never as a stack trace.  Each tab is built and refreshed on its own inside the
app's boundary (``_tab``, ``_refresh_tab``): a tab that fails shows ``admin.tab_failed`` in its own
message line (the traceback goes to the log) and the other tabs work.  ``notebooks/admin.ipynb`` only calls
``admin_app_from_request()``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from functools import partial
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from .. import cycle as uc
from ..errors import KinerjaError
from ..collect.instrument import InstrumentError, from_csv, from_yaml
from ..collect.roster import MAX_UPLOAD_BYTES, RosterError, unit_paths, validate_roster
from ..cycle import links_with_urls  # noqa: F401 - kept importable from here
from ..i18n import Localized, Num, local_time, resolve_lang, t, zone_name
from ..store import Store, StoreError, deadline_of, format_deadline
from .voila import request_params
from .boundary import App
# every file handed out goes through ``downloads.offer`` (recorded in the export log);
# ``csv_download_html`` stays importable here for the tests of the CSV itself
from .downloads import XLSX_MIME, offer  # noqa: F401 - XLSX_MIME kept importable from here
from .downloads import csv_anchor as csv_download_html  # noqa: F401
from .html import esc, html_table

STYLE = """
<style>
.ks-admin { max-width: 1200px; font-size: 14px; }
.ks-table-wrap { max-height: 460px; overflow: auto; border: 1px solid #ddd; margin: 6px 0; }
.ks-table { border-collapse: collapse; font-size: 13px; }
.ks-table th { position: sticky; top: 0; background: #eef3fb; text-align: left; padding: 4px 8px; }
.ks-table td { padding: 3px 8px; border-top: 1px solid #eee; }
.ks-msg-error { color: #b71c1c; font-weight: bold; }
.ks-msg-ok { color: #1b5e20; font-weight: bold; }
.ks-warn { padding: 8px 12px; background: #fff3cd; border: 1px solid #e0a800; border-radius: 4px; }
.ks-wa { display: inline-block; padding: 6px 12px; background: #1b5e20; color: white !important;
         border-radius: 4px; text-decoration: none; min-height: 32px; }
.ks-download { display: inline-block; padding: 6px 14px; background: #1565c0; color: white !important;
               border-radius: 4px; text-decoration: none; font-weight: bold; }
</style>
"""

class UploadTooLarge(KinerjaError, ValueError):
    """An uploaded file over ``MAX_UPLOAD_BYTES``."""


def uploaded_file(upload: widgets.FileUpload, limit: int | None = MAX_UPLOAD_BYTES) -> tuple[str, bytes] | None:
    """The first file of a ``FileUpload`` (ipywidgets 8 value layout) as ``(name, bytes)``;
    ``UploadTooLarge`` (with the message to show) when it is over ``limit`` bytes."""
    if not upload.value:
        return None
    f = upload.value[0]
    size = len(f["content"])
    if limit is not None and size > limit:
        raise UploadTooLarge("upload_too_big", name=str(f["name"]), size=Num(size / 2**20, 1), mb=limit // 2**20)
    return str(f["name"]), bytes(f["content"])


class AdminApp(App):
    """The admin app.  Display ``AdminApp(store).widget``.

    Parameters
    ----------
    store : Store
    lang : str, optional
        ``"id"`` (default) or ``"en"``.
    rater_url : str, optional
        Public address of the rater app for the links made here, overriding the stored one
        (default: ``cycle.link_base``: the cycle's own address, the installation's public address
        set in the *Penugasan & tautan* tab or by ``kinerja-survey alamat-publik``,
        ``$KINERJA_SURVEY_RATER_URL``, else ``http://127.0.0.1:8866/``).
    refresh_seconds : float
        Period of the response-rate timer when "auto refresh" is ticked.

    The widgets are attributes (``create_button``, ``roster_upload``, ``generate_button``,
    ``refresh_button``, ...) so that tests and power users can drive the app from code.
    """

    def __init__(self, store: Store, lang: str | None = None, *, rater_url: str | None = None,
                 refresh_seconds: float = 30.0, actor: str | None = None, account: str | None = None):
        self.store = store
        #: the logged-in account (served app): the actor of every change, whatever the field holds
        self.account = (account or "").strip()[:100] or None
        self.lang = lang = resolve_lang(lang)
        self.alert = widgets.HTML()  # what the error boundary says (``show_error``)
        L = widgets.Layout
        #: the person acting (audit log): required before any change
        self.actor_input = widgets.Text(value=(actor or os.environ.get("KINERJA_SURVEY_ACTOR") or "").strip()[:100],
                                        description=t("actor_label", lang), placeholder=t("actor_placeholder", lang),
                                        style={"description_width": "120px"}, layout=L(width="420px"))
        if self.account:  # shown, read only: the login decides who acts
            self.actor_input.value, self.actor_input.disabled = self.account, True
            self.actor_input.description = t("account.logged_in_as", lang)
            self.actor_input.add_class("ks-account")
        self.rater_url = uc.check_address(rater_url) if rater_url else None  # explicit only: else the stored one
        self.refresh_seconds = refresh_seconds
        self.last_links: pd.DataFrame | None = None
        self.last_rates: pd.DataFrame | None = None
        self.last_pending: pd.DataFrame | None = None
        self._timer = None
        self._roster_pending: bytes | None = None
        self.last_review: pd.DataFrame | None = None

        # period selector shared by all tabs
        self.cycle_select = widgets.Dropdown(description=t("choose_cycle", lang), layout=L(width="520px"))
        self.cycle_select.observe(self.guard(lambda _c: self._cycle_changed()), names="value")

        #: each tab built on its own: one that fails shows its message (and the others work)
        self.tab_alerts: dict[str, widgets.HTML] = {}
        self.broken_tabs: set[str] = set()
        builders = [("cycles", "tab_cycles", self._build_cycles_tab), ("roster", "tab_roster", self._build_roster_tab),
                    ("assign", "tab_assign", self._build_assign_tab),
                    ("monitor", "dash.tab_respons", self._build_monitor_tab),
                    ("reminders", "tab_reminders", self._build_reminders_tab),
                    ("review", "tab_review", self._build_review_tab), ("changes", "tab_changes", self._build_changes_tab),
                    ("closing", "closing.tab", self._build_closing_tab),
                    ("periods", "tab_periods", self._build_periods_tab),
                    ("coverage", "hr.tab_coverage", self._build_coverage_tab),
                    ("privacy", "privacy.tab", self._build_privacy_tab)]
        self.tabs = widgets.Tab([self._tab(name, build) for name, _key, build in builders])
        for i, (_name, key, _build) in enumerate(builders):
            self.tabs.set_title(i, t(key, lang))
        self.widget = widgets.VBox([widgets.HTML(STYLE + f"<h2>{t('admin_title', lang)}</h2>"), self.actor_input,
                                    self.cycle_select, self.alert, self.tabs])
        self.widget.add_class("ks-admin")
        self.refresh_cycles()

    def _build_cycles_tab(self) -> widgets.VBox:
        """The tab's widgets: the cycles table, open/close, deadline, a new cycle."""
        lang, L = self.lang, widgets.Layout
        self.cycles_table = widgets.HTML()
        self.cycle_name = widgets.Text(description=t("cycle_name", lang), layout=L(width="520px"),
                                       style={"description_width": "120px"})
        self.period_start = widgets.DatePicker(description=t("period_start", lang), style={"description_width": "120px"})
        self.period_end = widgets.DatePicker(description=t("period_end", lang), style={"description_width": "120px"})
        self.instrument_upload = widgets.FileUpload(accept=".yaml,.yml,.csv", multiple=False,
                                                    description=t("upload_file", lang))
        self.create_button = widgets.Button(description=t("create_cycle", lang), button_style="primary",
                                            layout=L(width="auto"))
        self.open_button = widgets.Button(description=t("open_cycle", lang), button_style="success", layout=L(width="auto"))
        self.close_confirm = widgets.Checkbox(description=t("confirm_close", lang), indent=False, layout=L(width="auto"))
        self.close_button = widgets.Button(description=t("close_cycle", lang), button_style="danger", layout=L(width="auto"))
        self.cycles_message = widgets.HTML()
        self.deadline_date = widgets.DatePicker(description=t("deadline_label", lang), style={"description_width": "120px"})
        self.deadline_reason = widgets.Text(description=t("admin.h_alasan", lang), style={"description_width": "120px"},
                                            layout=L(width="520px"))
        self.extend_button = widgets.Button(description=t("extend", lang), layout=L(width="auto"))
        self.reopen_button = widgets.Button(description=t("reopen", lang), button_style="warning", layout=L(width="auto"))
        self.extend_button.on_click(self.guard(lambda _b: self.extend_deadline()))
        self.reopen_button.on_click(self.guard(lambda _b: self.reopen_cycle()))
        self.create_button.on_click(self.guard(lambda _b: self.create_cycle()))
        self.open_button.on_click(self.guard(lambda _b: self.set_status("open")))
        self.close_button.on_click(self.guard(lambda _b: self.set_status("closed")))
        #: shown after a warning (closing early, a period that does not fit today): go on anyway
        self.status_confirm_button = widgets.Button(description=t("admin.go_on_anyway", lang), button_style="danger",
                                                    layout=L(width="auto", display="none"))
        self.create_confirm_button = widgets.Button(description=t("admin.go_on_anyway", lang), button_style="danger",
                                                    layout=L(width="auto", display="none"))
        self._pending_status: str | None = None
        self.status_confirm_button.on_click(self.guard(lambda _b: self.set_status(self._pending_status, confirm=True)))
        self.create_confirm_button.on_click(self.guard(lambda _b: self.create_cycle(confirm=True)))
        cycles_tab = widgets.VBox([
            self.cycles_table,
            widgets.HBox([self.open_button, self.close_button, self.close_confirm, self.status_confirm_button]),
            widgets.HTML("<hr>"), self.deadline_date, self.deadline_reason,
            widgets.HBox([self.extend_button, self.reopen_button]),
            widgets.HTML("<hr>"), self.cycle_name, widgets.HBox([self.period_start, self.period_end]),
            widgets.HBox([widgets.HTML(t("instrument_file", lang)), self.instrument_upload]),
            widgets.HBox([self.create_button, self.create_confirm_button]), self.cycles_message])
        return cycles_tab

    def _build_roster_tab(self) -> widgets.VBox:
        """The tab's widgets: roster upload, check and import."""
        lang, L = self.lang, widgets.Layout
        self.roster_upload = widgets.FileUpload(accept=".csv,.xlsx,.xls", multiple=False,
                                                description=t("upload_roster", lang), layout=L(width="auto"))
        self.validate_button = widgets.Button(description=t("validate", lang), layout=L(width="auto"))
        self.import_button = widgets.Button(description=t("import", lang), button_style="primary", layout=L(width="auto"))
        self.roster_message = widgets.HTML()
        self.roster_report = widgets.HTML()
        self.roster_confirm_button = widgets.Button(description=t("roster_confirm", lang), button_style="danger",
                                                    layout=L(width="auto", display="none"))
        self.validate_button.on_click(self.guard(lambda _b: self.validate_roster()))
        self.import_button.on_click(self.guard(lambda _b: self.import_roster()))
        self.roster_confirm_button.on_click(self.guard(lambda _b: self.import_roster(confirm=True)))
        roster_tab = widgets.VBox([widgets.HBox([self.roster_upload, self.validate_button, self.import_button]),
                                   widgets.HTML(f"<small>{t('upload_limit', lang, mb=MAX_UPLOAD_BYTES // 2**20)}</small>"),
                                   self.roster_message, self.roster_confirm_button, self.roster_report])
        return roster_tab

    def _build_assign_tab(self) -> widgets.VBox:
        """The tab's widgets: assignments and the new links."""
        lang, L = self.lang, widgets.Layout
        st = {"description_width": "180px"}
        self.peers_min = widgets.BoundedIntText(3, min=0, max=20, description=t("peers_min", lang), style=st)
        self.peers_max = widgets.BoundedIntText(5, min=0, max=20, description=t("peers_max", lang), style=st)
        self.max_subordinates = widgets.BoundedIntText(8, min=0, max=50, description=t("max_subordinates", lang), style=st)
        self.max_load = widgets.BoundedIntText(12, min=1, max=100, description=t("max_load", lang), style=st)
        self.seed = widgets.IntText(int(dt.date.today().year), description=t("seed", lang), style=st)
        self.generate_button = widgets.Button(description=t("generate", lang), button_style="primary", layout=L(width="auto"))
        self.assign_message = widgets.HTML()
        self.links_download = widgets.HTML()
        self.assign_confirm_button = widgets.Button(description=t("assign_confirm", lang), button_style="warning",
                                                    layout=L(width="auto", display="none"))
        self.assign_preview = widgets.HTML()
        self.generate_button.on_click(self.guard(lambda _b: self.generate_assignments()))
        self.assign_confirm_button.on_click(self.guard(lambda _b: self.generate_assignments(confirm=True)))
        # the installation's public address: every link points there (preview, then confirm)
        self.address_input = widgets.Text(value=uc.public_address(self.store) or "", description=t("admin.address", lang),
                                          placeholder=t("admin.address_placeholder", lang), style=st, layout=L(width="620px"))
        self.address_preview_button = widgets.Button(description=t("preview", lang), layout=L(width="auto"))
        self.address_confirm_button = widgets.Button(description=t("admin.address_save", lang), button_style="warning",
                                                     layout=L(width="auto", display="none"))
        self.address_message = widgets.HTML()
        self.address_preview_button.on_click(self.guard(lambda _b: self.preview_address()))
        self.address_confirm_button.on_click(self.guard(lambda _b: self.save_address()))
        self.address_input.observe(self.guard(lambda _c: self._hide(self.address_confirm_button)), names="value")
        assign_tab = widgets.VBox([
            widgets.HBox([self.address_input, self.address_preview_button, self.address_confirm_button]),
            self.address_message, widgets.HTML("<hr>"),self.peers_min, self.peers_max, self.max_subordinates, self.max_load, self.seed,
                                   self.generate_button, self.assign_message, self.assign_confirm_button,
                                   self.assign_preview, self.links_download])
        return assign_tab

    def _build_monitor_tab(self) -> widgets.VBox:
        """The tab's widgets: response rates."""
        lang, L = self.lang, widgets.Layout
        self.rates_by = widgets.ToggleButtons(options=[(t("by_unit", lang), "unit"), (t("by_ratee", lang), "ratee")],
                                              value="unit")
        self.refresh_button = widgets.Button(description=t("refresh", lang), icon="refresh", layout=L(width="auto"))
        self.auto_refresh = widgets.Checkbox(description=t("auto_refresh", lang), indent=False)
        self.rates_summary = widgets.HTML()
        self.rates_table = widgets.HTML()
        self.refresh_button.on_click(self.guard(lambda _b: self.refresh_rates()))
        self.rates_by.observe(self.guard(lambda _c: self.refresh_rates()), names="value")
        self.auto_refresh.observe(self.guard(lambda c: self._set_timer(c["new"])), names="value")
        monitor_tab = widgets.VBox([widgets.HBox([self.rates_by, self.refresh_button, self.auto_refresh]),
                                    self.rates_summary, self.rates_table])
        return monitor_tab

    def _build_reminders_tab(self) -> widgets.VBox:
        """The tab's widgets: pending raters, reminders, link reissue."""
        lang, L = self.lang, widgets.Layout
        self.pending_intro = widgets.HTML()
        self.pending_table = widgets.HTML()
        self.pending_download = widgets.HTML()
        #: the CSV of the list is made (and recorded in the export log) when asked for
        self.pending_download_button = widgets.Button(
            description=t("download_pending", lang), icon="download",
            layout=L(width="auto", display="none"))
        self.pending_download_button.on_click(self.guard(lambda _b: self.download_pending()))
        self.pending_refresh = widgets.Button(description=t("refresh", lang), icon="refresh", layout=L(width="auto"))
        self.pending_refresh.on_click(self.guard(lambda _b: self.refresh_pending()))
        self.reissue_nip = widgets.Text(description=t("admin.h_rater", lang), style={"description_width": "120px"})
        self.reissue_button = widgets.Button(description=t("reissue", lang), layout=L(width="auto"))
        self.reissue_confirm_button = widgets.Button(description=t("confirm", lang), button_style="danger",
                                                     layout=L(width="auto", display="none"))
        self.reissue_message = widgets.HTML()
        self.reissue_download = widgets.HTML()
        self.reissue_link_text = widgets.Text(layout=L(width="100%", display="none"))
        self.reissue_link_text.add_class("ks-new-link")
        self.reissue_button.on_click(self.guard(lambda _b: self.reissue_link()))
        self.reissue_confirm_button.on_click(self.guard(lambda _b: self.reissue_link(confirm=True)))
        self.remind_every = widgets.BoundedFloatText(3, min=0.5, max=60, step=0.5, description=t("remind_every", lang),
                                                     style={"description_width": "120px"})
        self.remind_max = widgets.BoundedIntText(3, min=0, max=20, description=t("remind_max", lang),
                                                 style={"description_width": "120px"})
        self.remind_preview_button = widgets.Button(description=t("remind_dry_run", lang), layout=L(width="auto"))
        self.remind_email_button = widgets.Button(description=t("remind_send_email", lang), button_style="primary",
                                                  layout=L(width="auto"))
        self.remind_wa_button = widgets.Button(description=t("remind_whatsapp", lang), button_style="success",
                                               layout=L(width="auto"))
        self.remind_message = widgets.HTML()
        self.remind_table = widgets.HTML()
        self.outbox_html = widgets.HTML()
        self.remind_preview_button.on_click(self.guard(lambda _b: self.remind("preview")))
        self.remind_email_button.on_click(self.guard(lambda _b: self.remind("email")))
        self.remind_wa_button.on_click(self.guard(lambda _b: self.remind("whatsapp")))
        self.remind_wa_again_button = widgets.Button(description=t("admin.remind_wa_again", lang), layout=L(width="auto"))
        self.remind_wa_again_button.on_click(self.guard(lambda _b: self.remind("whatsapp_again")))
        reminders_tab = widgets.VBox([self.pending_refresh, self.pending_intro,
                                      widgets.HBox([self.pending_download_button, self.pending_download]),
                                      self.pending_table, widgets.HTML("<hr>"),
                                      widgets.HBox([self.remind_every, self.remind_max]),
                                      widgets.HBox([self.remind_preview_button, self.remind_email_button,
                                                    self.remind_wa_button, self.remind_wa_again_button]),
                                      self.remind_message, self.remind_table, self.outbox_html, widgets.HTML("<hr>"),
                                      widgets.HBox([self.reissue_nip, self.reissue_button, self.reissue_confirm_button]),
                                      self.reissue_message, self.reissue_link_text, self.reissue_download])
        return reminders_tab

    def _build_review_tab(self) -> widgets.VBox:
        """The tab's widgets: each ratee's raters, swap or remove."""
        lang, L = self.lang, widgets.Layout
        wide = {"description_width": "140px"}
        self.review_refresh = widgets.Button(description=t("refresh", lang), icon="refresh", layout=L(width="auto"))
        self.review_summary = widgets.HTML()
        self.review_table_html = widgets.HTML()
        self.review_ratee = widgets.Text(description=t("admin.h_ratee", lang), style=wide)
        self.review_rater = widgets.Text(description=t("admin.h_rater", lang), style=wide)
        self.review_new = widgets.Text(description=t("new_rater_nip", lang), style=wide)
        self.review_reason = widgets.Text(description=t("admin.h_alasan", lang), style=wide, layout=L(width="520px"))
        self.review_swap_button = widgets.Button(description=t("review_swap", lang), layout=L(width="auto"))
        self.review_remove_button = widgets.Button(description=t("review_remove", lang), button_style="danger", layout=L(width="auto"))
        self.review_message = widgets.HTML()
        self.review_refresh.on_click(self.guard(lambda _b: self.refresh_review()))
        self.review_swap_button.on_click(self.guard(lambda _b: self.review_change("replace")))
        self.review_remove_button.on_click(self.guard(lambda _b: self.review_change("remove")))
        self.review_edit = widgets.VBox([self.review_ratee, self.review_rater, self.review_new, self.review_reason,
                                         widgets.HBox([self.review_swap_button, self.review_remove_button])])
        review_tab = widgets.VBox([self.review_refresh, self.review_summary, self.review_table_html, self.review_edit,
                                   self.review_message])
        return review_tab

    def _build_changes_tab(self) -> widgets.VBox:
        """The tab's widgets: changes mid-cycle: preview, then confirm."""
        lang, L = self.lang, widgets.Layout
        wide = {"description_width": "140px"}
        self.change_kind = widgets.Dropdown(options=[(t(f"change_{k}", lang), k)
                                                     for k in ("add", "replace", "remove", "revoke", "reissue")],
                                            value="add", description=t("closing.h_perubahan", lang), style=wide)
        self.change_rater = widgets.Text(description=t("admin.h_rater", lang), style=wide)
        self.change_ratee = widgets.Text(description=t("admin.h_ratee", lang), style=wide)
        self.change_new = widgets.Text(description=t("new_rater_nip", lang), style=wide)
        self.change_rel = widgets.Dropdown(options=[(t(f"admin.rel_{k}", lang), k)
                                                    for k in ("peer", "subordinate", "supervisor", "self")],
                                           value="peer", description=t("relationship", lang), style=wide)
        self.change_keep = widgets.Checkbox(value=True, description=t("keep_answers", lang), indent=False)
        self.change_reason = widgets.Text(description=t("admin.h_alasan", lang), style=wide, layout=L(width="520px"))
        self.change_preview_button = widgets.Button(description=t("preview", lang), layout=L(width="auto"))
        self.change_confirm_button = widgets.Button(description=t("confirm", lang), button_style="danger",
                                                    layout=L(width="auto", display="none"))
        self.change_message = widgets.HTML()
        self.change_link = widgets.Text(layout=L(width="100%", display="none"))
        self.change_preview_button.on_click(self.guard(lambda _b: self.preview_change()))
        self.change_confirm_button.on_click(self.guard(lambda _b: self.apply_change()))
        for w in (self.change_kind, self.change_rater, self.change_ratee, self.change_new, self.change_rel,
                  self.change_keep):
            w.observe(self.guard(lambda _c: self._hide(self.change_confirm_button)), names="value")
        changes_tab = widgets.VBox([self.change_kind, self.change_rater, self.change_ratee, self.change_new,
                                    self.change_rel, self.change_keep, self.change_reason,
                                    widgets.HBox([self.change_preview_button, self.change_confirm_button]),
                                    self.change_message, self.change_link])
        return changes_tab

    # -- tabs, each on its own -----------------------------------------------------------------
    def _build_closing_tab(self) -> widgets.VBox:
        """Hasil kerja, organisation predikat, publication, keberatan (``apps.closing``)."""
        from .closing import ClosingTab

        self.closing = ClosingTab(self)
        return self.closing.widget

    def _build_periods_tab(self) -> widgets.VBox:
        """Next period, stakeholders, dialog kinerja, feedback, downloads (``apps.periods_tab``)."""
        from .periods_tab import PeriodsTab

        self.periods = PeriodsTab(self)
        return self.periods.widget

    def _build_coverage_tab(self) -> widgets.VBox:
        """Who is below a rater group's minimum, why and the fix; raters over the cap; coverage by
        level (``apps.review_tab``, issue 23)."""
        from .review_tab import CoverageTab

        self.coverage = CoverageTab(self)
        return self.coverage.widget

    def _build_privacy_tab(self) -> widgets.VBox:
        """Personal data (UU 27/2022): correction and the access export (``apps.correction``)."""
        from .correction import CorrectionTab

        self.privacy = CorrectionTab(self)
        return self.privacy.widget

    def _tab_show(self, name: str):
        """Where the boundary speaks for tab ``name``: its own alert line, naming the tab."""
        alert = self.tab_alerts[name]

        def show(text) -> None:
            alert.value = (f"<div class='ks-msg-error ks-tab-failed'>"
                           f"{esc(t('admin.tab_failed', self.lang, message=self._text(text)))}</div>")

        return show

    def _tab(self, name: str, build) -> widgets.VBox:
        """Tab ``name`` built by ``build()`` inside the app's boundary: on an error the tab holds only
        its message (the traceback goes to the log) and is left out of every refresh."""
        self.tab_alerts[name] = alert = widgets.HTML()
        ok, box = self.boundary.attempt(build, show=self._tab_show(name))
        if not ok:
            self.broken_tabs.add(name)
            return widgets.VBox([alert])
        box.children = (alert, *box.children)
        return box

    def _refresh_tab(self, name: str, refresh) -> bool:
        """``refresh()`` of tab ``name`` inside the boundary: an error shows in that tab only; a
        refresh that works clears the tab's earlier message.  A tab that could not be built is skipped."""
        if name in self.broken_tabs:
            return False
        ok, _ = self.boundary.attempt(refresh, show=self._tab_show(name))
        if ok:
            self.tab_alerts[name].value = ""
        return ok

    # -- helpers ---------------------------------------------------------------------------
    def _text(self, text) -> str:
        """``text`` in the app's language (an ``i18n.Msg`` or an error renders itself)."""
        return text.render(self.lang) if isinstance(text, Localized) else str(text)

    def _ok(self, target: widgets.HTML, text: str) -> None:
        target.value = f"<div class='ks-msg-ok'>{esc(self._text(text))}</div>"

    def _fail(self, target: widgets.HTML, text: str) -> None:
        target.value = f"<div class='ks-msg-error'>{esc(t('error', self.lang, message=text))}</div>"

    def show_error(self, text: str) -> None:
        """The error boundary's message area: above the tabs (every tab's callbacks go through it)."""
        self._fail(self.alert, text)

    def _offer(self, output_name: str, data, filename: str, label: str, **kwargs) -> str:
        """A file of this app for the selected period, through ``downloads.offer`` (recorded in the
        export log under the acting person)."""
        return offer(output_name, data, filename, store=self.store, cycle_id=kwargs.pop("cycle_id", self.cycle_id),
                     actor=self.actor, label=label, lang=self.lang, **kwargs)

    @property
    def cycle_id(self) -> int | None:
        return self.cycle_select.value

    @property
    def actor(self) -> str:
        """The person acting: the logged-in account, else the "Nama petugas" field (empty: no change is allowed)."""
        return self.account or self.actor_input.value.strip()[:100]

    def _who(self, target: widgets.HTML) -> str | None:
        """The acting person, or None after telling ``target`` that the field must be filled."""
        if not self.actor:
            self._fail(target, t("actor_needed", self.lang))
            return None
        return self.actor

    @staticmethod
    def _show(widget) -> None:
        widget.layout.display = None

    @staticmethod
    def _hide(widget) -> None:
        widget.layout.display = "none"

    def _warn(self, target: widgets.HTML, text: str) -> None:
        target.value = f"<div class='ks-warn'>{esc(self._text(text))}</div>"

    def refresh_cycles(self, select: int | None = None) -> pd.DataFrame:
        """Reload the period selector (keeping or setting the selection), the cycles table and every
        tab; a tab whose refresh fails shows its message and the others are still drawn."""
        cyc = self.store.cycles_frame()
        keep = select if select is not None else self.cycle_id
        if cyc.empty:
            self.cycle_select.options = []
        else:
            options = [(f"{r.id} · {r.name} [{word}]", int(r.id)) for r, word in zip(cyc.itertuples(), self._states(cyc))]
            ids = [v for _, v in options]
            self.cycle_select.options = options
            self.cycle_select.value = keep if keep in ids else ids[-1]
        self._refresh_tab("cycles", partial(self._draw_cycles_table, cyc))
        self._cycle_changed()
        return cyc

    def _draw_cycles_table(self, cyc: pd.DataFrame) -> None:
        if cyc.empty:
            self.cycles_table.value = f"<p>{t('cycles_empty', self.lang)}</p>"
            return
        shown_cyc = cyc.assign(batas=[format_deadline(deadline_of(r), self.lang) for r in cyc.to_dict("records")],
                               status=self._states(cyc))
        self.cycles_table.value = html_table(shown_cyc[["id", "name", "period_start", "period_end", "batas", "status"]],
                                             self.lang)

    def _states(self, cyc: pd.DataFrame) -> list[str]:
        """Each period's state in words, as the dashboard says it (draf, terbuka, ditutup, belum
        diumumkan, diumumkan: ``dashboard.period_word``)."""
        from .dashboard import period_word

        return [period_word(str(s), uc.is_published(self.store, int(i)), self.lang) for i, s in zip(cyc["id"], cyc["status"])]

    def _clear_cycle_views(self) -> None:
        """No period selected: the monitoring, reminder and review tables are empty."""
        for name in ("rates_table", "rates_summary", "pending_table", "pending_intro", "pending_download",
                     "review_table_html", "review_summary", "outbox_html"):
            if hasattr(self, name):
                getattr(self, name).value = ""

    def _cycle_changed(self) -> None:
        if hasattr(self, "closing"):
            self._refresh_tab("closing", self.closing.refresh)
        if hasattr(self, "periods"):
            self._refresh_tab("periods", self.periods.refresh)
        if hasattr(self, "coverage"):
            self._refresh_tab("coverage", self.coverage.refresh)
        if self.cycle_id is None:
            self._clear_cycle_views()
            return
        self._refresh_tab("monitor", self.refresh_rates)
        self._refresh_tab("reminders", lambda: (self.refresh_pending(), self.refresh_outbox()))
        self._refresh_tab("review", self.refresh_review)

    # -- cycles ----------------------------------------------------------------------------
    def create_cycle(self, confirm: bool = False) -> int | None:
        """Create a cycle from the fields; a period that does not fit today (``cycle.period_warning``)
        is shown with a confirm button first (``confirm=True`` goes on)."""
        self._hide(self.create_confirm_button)
        if self._who(self.cycles_message) is None:
            return None
        instrument = None
        try:
            up = uploaded_file(self.instrument_upload)
            if up is not None:
                name, data = up
                text = data.decode("utf-8-sig", errors="replace")
                instrument = (from_csv(text, code=Path(name).stem.upper(), name=Path(name).stem)
                              if name.lower().endswith(".csv") else from_yaml(text))
            if self.period_start.value is None or self.period_end.value is None:
                raise StoreError(t("dates_required", self.lang))
            warning = None if confirm else uc.period_warning(self.store, self.period_start.value, self.period_end.value,
                                                             name=self.cycle_name.value.strip())
            if warning is not None:
                self._warn(self.cycles_message, warning)
                self._show(self.create_confirm_button)
                return None
            cid = uc.create_cycle(self.store, self.cycle_name.value, self.period_start.value,
                                  self.period_end.value, instrument, actor=self.actor)
        except (StoreError, InstrumentError, ValueError) as exc:
            self._fail(self.cycles_message, exc)
            return None
        self.refresh_cycles(select=cid)
        self._ok(self.cycles_message, t("cycle_created", self.lang, id=cid, name=self.cycle_name.value.strip()))
        return cid

    def set_status(self, status: str, confirm: bool = False) -> bool:
        """Open or close the selected cycle.  A warning (closing before the deadline with forms
        outstanding, opening a period that has not started: ``cycle.status_warning``) is shown
        with a confirm button first; ``confirm=True`` (that button) goes on."""
        self._hide(self.status_confirm_button)
        cid = self.cycle_id
        if cid is None:
            self._fail(self.cycles_message, t("no_cycle", self.lang))
            return False
        if self._who(self.cycles_message) is None:
            return False
        if status == "closed" and not self.close_confirm.value:
            self._fail(self.cycles_message, t("confirm_close_needed", self.lang))
            return False
        warning = None if confirm else uc.status_warning(self.store, cid, status)
        if warning is not None:
            self._warn(self.cycles_message, warning)
            self._pending_status = status
            self._show(self.status_confirm_button)
            return False
        try:
            uc.set_status(self.store, cid, status, actor=self.actor)
        except StoreError as exc:
            self._fail(self.cycles_message, exc)
            return False
        self.close_confirm.value = False
        self.refresh_cycles(select=cid)
        self._ok(self.cycles_message, t("cycle_opened" if status == "open" else "cycle_closed", self.lang, id=cid))
        return True

    def _deadline_args(self) -> tuple[int, str] | None:
        cid = self.cycle_id
        if cid is None:
            self._fail(self.cycles_message, t("no_cycle", self.lang))
            return None
        who = self._who(self.cycles_message)
        if who is None:
            return None
        if len(self.deadline_reason.value.strip()) < 5:
            self._fail(self.cycles_message, t("reason_needed", self.lang))
            return None
        return cid, who

    def extend_deadline(self) -> bool:
        """Move the selected cycle's deadline to the end of the chosen day, with the reason."""
        args = self._deadline_args()
        if args is None:
            return False
        cid, who = args
        if self.deadline_date.value is None:
            self._fail(self.cycles_message, t("dates_required", self.lang))
            return False
        ok, _ = self.boundary.attempt(uc.extend_deadline, self.store, cid, self.deadline_date.value, reason=self.deadline_reason.value, actor=who, show=partial(self._fail, self.cycles_message))
        if not ok:
            return False
        self.deadline_reason.value = ""
        self.refresh_cycles(select=cid)
        self._ok(self.cycles_message, uc.deadline_info(self.store, cid, lang=self.lang)["line"])
        return True

    def reopen_cycle(self) -> bool:
        """Reopen the selected (closed, unpublished) cycle with the reason and, if set, a new deadline."""
        args = self._deadline_args()
        if args is None:
            return False
        cid, who = args
        ok, _ = self.boundary.attempt(uc.reopen_cycle, self.store, cid, reason=self.deadline_reason.value, actor=who,
                            deadline=self.deadline_date.value, show=partial(self._fail, self.cycles_message))
        if not ok:
            return False
        self.deadline_reason.value = ""
        self.refresh_cycles(select=cid)
        self._ok(self.cycles_message, t("cycle_opened", self.lang, id=cid) + " " + uc.deadline_info(self.store, cid, lang=self.lang)["line"])
        return True

    # -- the public address ----------------------------------------------------------------
    def preview_address(self) -> str | None:
        """Check the typed address and show a sample link (and a warning when only this computer
        can open it); the confirm button stores it."""
        self._hide(self.address_confirm_button)
        ok, url = self.boundary.attempt(uc.check_address, self.address_input.value,
                                        show=partial(self._fail, self.address_message))
        if not ok:
            return None
        text = t("admin.address_preview", self.lang, url=url, example=uc.link_url(url, "…"))
        if uc.is_loopback(url):
            text += " " + t("cli.address_is_loopback", self.lang)
        self._warn(self.address_message, text)
        self._show(self.address_confirm_button)
        return url

    def save_address(self) -> str | None:
        """Store the previewed address as the installation's public address (audit log)."""
        self._hide(self.address_confirm_button)
        who = self._who(self.address_message)
        if who is None:
            return None
        ok, url = self.boundary.attempt(uc.set_public_address, self.store, self.address_input.value, actor=who,
                                        show=partial(self._fail, self.address_message))
        if not ok:
            return None
        self._ok(self.address_message, t("cli.address_set", self.lang, url=url))
        return url

    # -- roster ----------------------------------------------------------------------------
    def _error_table(self, errors: pd.DataFrame) -> str:
        return html_table(errors[["row", "field", "message"]], self.lang)

    def _roster_file(self) -> tuple[str, bytes] | None:
        try:
            up = uploaded_file(self.roster_upload)
        except UploadTooLarge as exc:
            self._fail(self.roster_message, exc)
            self.roster_report.value = ""
            return None
        if up is None:
            self._fail(self.roster_message, t("no_file", self.lang))
        return up

    def _show_roster_preview(self, preview: uc.RosterPreview) -> None:
        text = t("roster_preview", self.lang, **preview.counts)
        if len(preview.deactivated):
            warn = t("roster_deactivate_warn", self.lang, n=len(preview.deactivated), forms=preview.open_forms)
            self.roster_message.value = (f"<div class='ks-warn'>{esc(text)}<br><b>{esc(warn)}</b></div>")
            self.roster_report.value = html_table(preview.deactivated, self.lang)
        else:
            self._ok(self.roster_message, text)

    def validate_roster(self) -> bool:
        """Show the validation report of the uploaded roster, and what importing it would change;
        True when it has no errors."""
        self._hide(self.roster_confirm_button)
        up = self._roster_file()
        if up is None:
            return False
        try:
            frame, errors = validate_roster(up)
        except RosterError as exc:
            frame, errors = None, exc.errors
        if errors:
            self.roster_message.value = f"<div class='ks-msg-error'>{esc(t('roster_errors', self.lang, n=len(errors)))}</div>"
            self.roster_report.value = self._error_table(RosterError(errors).to_frame(self.lang))
            return False
        self._ok(self.roster_message, t("roster_ok", self.lang, n=len(frame), units=len(unit_paths(frame))))
        self.roster_report.value = html_table(frame.head(20), self.lang)
        preview = uc.preview_roster(self.store, frame)
        if len(preview.deactivated):
            self._show_roster_preview(preview)
        return True

    def import_roster(self, confirm: bool = False) -> dict | None:
        """Import the uploaded roster.  One that would deactivate people shows them and waits for
        the confirm button (``confirm=True``), which imports only the file that was previewed."""
        self._hide(self.roster_confirm_button)
        if self._who(self.roster_message) is None:
            return None
        up = self._roster_file()
        if up is None:
            return None
        if confirm and up[1] != self._roster_pending:
            self._fail(self.roster_message, t("confirm_needed", self.lang))
            return None
        try:
            counts = uc.import_roster_checked(self.store, up, actor=self.actor, confirm=confirm)
        except uc.ConfirmationRequired as exc:
            self._roster_pending = up[1]
            self._show_roster_preview(exc.preview)
            self._show(self.roster_confirm_button)
            return None
        except RosterError as exc:
            self.roster_message.value = (f"<div class='ks-msg-error'>"
                                         f"{esc(t('roster_errors', self.lang, n=len(exc.errors)))}</div>")
            self.roster_report.value = self._error_table(exc.to_frame(self.lang))
            return None
        except (StoreError, uc.CycleError) as exc:
            self._fail(self.roster_message, exc)
            return None
        self._roster_pending = None
        self._ok(self.roster_message, t("roster_imported", self.lang, **counts))
        self.roster_report.value = ""
        return counts


    # -- assignments -----------------------------------------------------------------------
    def generate_assignments(self, confirm: bool = False) -> pd.DataFrame | None:
        """Plan assignments for the selected cycle, store the additions, offer the new links as a
        CSV download.  On an open cycle the additions are shown first and wait for the confirm
        button (``confirm=True``); forms that would break a cap are never added."""
        self.links_download.value = self.assign_preview.value = ""
        self._hide(self.assign_confirm_button)
        cid = self.cycle_id
        if cid is None:
            self._fail(self.assign_message, t("no_cycle", self.lang))
            return None
        if self._who(self.assign_message) is None:
            return None
        try:
            made, preview = uc.assign_checked(
                self.store, cid, peers=(self.peers_min.value, self.peers_max.value),
                max_subordinates=self.max_subordinates.value, max_load=self.max_load.value,
                seed=self.seed.value, actor=self.actor, base_url=self.rater_url, confirm=confirm)
        except uc.ConfirmationRequired as exc:
            preview = exc.preview
            self._warn(self.assign_message, t("assign_preview", self.lang, add=len(preview.add), skip=len(preview.skipped)))
            parts = [html_table(preview.add.drop(columns=["rater", "ratee"]), self.lang)]
            if len(preview.skipped):
                parts.append(html_table(preview.skipped.drop(columns=["rater", "ratee"]), self.lang))
            self.assign_preview.value = "".join(parts)
            self._show(self.assign_confirm_button)
            return None
        except uc.CycleError as exc:
            if exc.key == "cycle.roster_empty":
                self._fail(self.assign_message, t("roster_empty", self.lang))
            else:
                self._fail(self.assign_message, exc)
            return None
        except (StoreError, ValueError) as exc:
            self._fail(self.assign_message, exc)
            return None
        plan, links = made.plan, made.links
        counts = made.counts
        text = t("assign_done", self.lang, counts=", ".join(f"{t(f'admin.rel_{k}', self.lang)} {v}"
                                                            for k, v in counts.items()), n=len(links))
        if len(plan.shortfalls):
            text += " " + t("shortfalls", self.lang, n=len(plan.shortfalls), min=self.peers_min.value)
        if preview.existing and len(preview.skipped):
            text += " " + t("assign_preview", self.lang, add=len(preview.add), skip=len(preview.skipped))
            self.assign_preview.value = html_table(preview.skipped.drop(columns=["rater", "ratee"]), self.lang)
        self._ok(self.assign_message, text)
        self.last_links = links
        if links.empty:
            self.links_download.value = f"<p>{t('no_new_links', self.lang)}</p>"
        else:
            self.links_download.value = (f"<p class='ks-warn'>{t('links_warning', self.lang)}</p>"
                                         + self._offer("tautan-penilai", self.last_links, f"tautan-periode-{cid}.csv",
                                                       t("download_links", self.lang)))
        self._cycle_changed()
        return self.last_links

    # -- monitoring ------------------------------------------------------------------------
    def refresh_rates(self) -> pd.DataFrame | None:
        cid = self.cycle_id
        if cid is None:
            return None
        rates = self.store.response_rates(cid, by=self.rates_by.value)
        self.last_rates = rates
        inv, sub = int(rates["invited"].sum()) if len(rates) else 0, int(rates["submitted"].sum()) if len(rates) else 0
        now = f"{local_time(dt.datetime.now(dt.timezone.utc)):%H:%M:%S} {zone_name()}"  # the installation's zone
        self.rates_summary.value = (f"<b>{t('rates_total', self.lang, submitted=sub, invited=inv, rate=f'{(sub / inv if inv else 0):.0%}', time=now)}</b>")
        self.rates_table.value = html_table(rates, self.lang, percent=("rate",)) if len(rates) else ""
        return rates

    def _set_timer(self, on: bool) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not on:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python): the refresh button still works
            return

        def tick():
            self.refresh_rates()
            self._timer = loop.call_later(self.refresh_seconds, tick)

        self._timer = loop.call_later(self.refresh_seconds, tick)

    # -- reminders -------------------------------------------------------------------------
    def refresh_pending(self) -> pd.DataFrame | None:
        """Raters who have not finished (``Store.pending_raters``, kept as ``last_pending``), shown
        with not-started/draft counts, contacts and link state (``cycle.pending_table``)."""
        cid = self.cycle_id
        if cid is None:
            return None
        pending = self.store.pending_raters(cid)
        self.last_pending = pending
        self.pending_download.value = ""
        if pending.empty:
            self.pending_intro.value = f"<p class='ks-msg-ok'>{t('pending_none', self.lang)}</p>"
            self.pending_table.value = ""
            self.last_pending_detail = None
            self._hide(self.pending_download_button)
        else:
            detail = uc.pending_table(self.store, cid)
            self.pending_intro.value = f"<p>{t('pending_intro', self.lang, n=len(pending))}</p>"
            self.pending_table.value = html_table(detail, self.lang)
            self.last_pending_detail = detail
            self._show(self.pending_download_button)
        return pending

    def download_pending(self) -> str | None:
        """The list of raters who have not finished as a CSV (the table shown), through
        ``downloads.offer``: recorded in the export log under the acting person."""
        cid, detail = self.cycle_id, getattr(self, "last_pending_detail", None)
        if cid is None or detail is None:
            return None
        name = f"belum-selesai-periode-{cid}.csv"
        self.pending_download.value = self._offer("belum-selesai", detail, name, t("privacy.dl_ready", self.lang, file=name))
        return self.pending_download.value

    def refresh_outbox(self) -> pd.DataFrame | None:
        cid = self.cycle_id
        if cid is None:
            return None
        box = uc.outbox_table(self.store, cid)
        self.outbox_html.value = ("" if box.empty else f"<h4>{t('outbox_title', self.lang)}</h4>" + html_table(
            box[["nama", "channel", "kind", "address", "status", "created_at", "sent_at", "actor", "error"]], self.lang))
        return box

    def _policy(self) -> uc.ReminderPolicy:
        return uc.ReminderPolicy(every_days=float(self.remind_every.value), max_reminders=int(self.remind_max.value))

    def _messages_html(self, due: pd.DataFrame) -> str:
        kinds = {k: t(f"kind_{k}", self.lang) for k in ("undangan", "pengingat_belum", "pengingat_draf")}
        rows = []
        for rec in due.to_dict("records"):
            action = ""
            if rec.get("wa_url"):
                action = (f"<a class='ks-wa' href='{esc(rec['wa_url'])}' target='_blank' "
                          f"rel='noopener noreferrer'>{esc(t('wa_open', self.lang))}</a>")
            note = rec.get("hasil") or rec.get("catatan") or ""
            rows.append("<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in (
                rec["nama"], rec["channel"], rec["address"], kinds.get(rec["kind"], rec["kind"]), note))
                + f"<td>{action}</td></tr>")
        from ..present.labels import screen_label

        heads = [screen_label("nama", self.lang), screen_label("channel", self.lang), t("col_address", self.lang),
                 screen_label("kind", self.lang), screen_label("catatan", self.lang), ""]
        head = "".join(f"<th>{esc(h)}</th>" for h in heads)
        return (f"<div class='ks-table-wrap'><table class='ks-table'><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table></div>")

    def remind(self, mode: str) -> pd.DataFrame | None:
        """``"preview"``: the e-mails and WhatsApp messages due (nothing sent or recorded);
        ``"email"``: send the e-mails due over SMTP (settings from the environment);
        ``"whatsapp"``: record the WhatsApp messages due and show one click-to-chat link per person
        (plus a CSV); ``"whatsapp_again"``: the messages recorded as prepared and never confirmed
        sent, made again with the current public address (``whatsapp_messages(again=True)``)."""
        cid = self.cycle_id
        self.remind_table.value = ""
        if cid is None:
            self._fail(self.remind_message, t("no_cycle", self.lang))
            return None
        who = self.actor if mode == "preview" else self._who(self.remind_message)
        if who is None:
            return None
        try:
            policy = self._policy()
            if mode == "preview":
                due = pd.concat([uc.due_messages(self.store, cid, ch, policy=policy, base_url=self.rater_url)
                                 for ch in ("email", "whatsapp")], ignore_index=True)
                self._ok(self.remind_message, t("remind_due", self.lang, n=int((due["catatan"] == "").sum())))
            elif mode == "email":
                due = uc.send_email(self.store, cid, actor=who, policy=policy, base_url=self.rater_url)
                self._ok(self.remind_message, t("remind_sent", self.lang, sent=int((due["hasil"] == "terkirim").sum()),
                                                failed=int(due["hasil"].str.startswith("gagal").sum())))
            else:
                due = uc.whatsapp_messages(self.store, cid, actor=who, policy=policy, base_url=self.rater_url,
                                           again=mode == "whatsapp_again")
                self._ok(self.remind_message, t("remind_due", self.lang, n=int((due["wa_url"] != "").sum())))
        except (StoreError, uc.CycleError, ValueError) as exc:
            self._fail(self.remind_message, exc)
            return None
        self.last_messages = due
        if len(due):
            self.remind_table.value = self._messages_html(due)
            if mode.startswith("whatsapp"):
                self.remind_table.value += self._offer(
                    "pengingat",
                    due[["nip", "nama", "address", "kind", "wa_url", "catatan"]].rename(columns={"address": "no_hp"}),
                    f"whatsapp-periode-{cid}.csv", t("download_whatsapp", self.lang))
        self.refresh_outbox()
        return due

    def reissue_link(self, confirm: bool = False) -> pd.DataFrame | None:
        """A new link for one rater: the first click shows what happens (the old link stops
        working), the confirm button does it and shows the new link to copy (and a CSV)."""
        cid = self.cycle_id
        nip = self.reissue_nip.value.strip()
        self.reissue_download.value = ""
        self._hide(self.reissue_link_text)
        self._hide(self.reissue_confirm_button)
        if cid is None or not nip:
            self._fail(self.reissue_message, t("no_cycle" if cid is None else "nip_required", self.lang))
            return None
        if self._who(self.reissue_message) is None:
            return None
        try:
            if not confirm:
                self._warn(self.reissue_message, uc.describe_change(self.store, cid, "reissue", rater=nip))
                self._show(self.reissue_confirm_button)
                return None
            links = uc.reissue_link(self.store, cid, nip, actor=self.actor, base_url=self.rater_url, confirm=True)
        except (StoreError, ValueError) as exc:
            self._fail(self.reissue_message, exc)
            return None
        nip = links["nip"].iloc[0]
        self._ok(self.reissue_message, t("reissued", self.lang, nip=nip) + " " + t("new_link", self.lang))
        self.reissue_link_text.value = links["tautan"].iloc[0]
        self._show(self.reissue_link_text)
        self.reissue_download.value = (f"<p class='ks-warn'>{t('links_warning', self.lang)}</p>"
                                       + self._offer("tautan-baru", links, f"tautan-baru-{nip}.csv",
                                                     t("download_links", self.lang)))
        return links

    # -- rater-list review -------------------------------------------------------------------
    def refresh_review(self) -> pd.DataFrame | None:
        cid = self.cycle_id
        if cid is None:
            return None
        table = uc.review_table(self.store, cid)
        locked = uc.review_locked(self.store, cid)
        warned = int((table["peringatan"] != "").sum())
        parts = [t("review_warnings", self.lang, n=warned)] if warned else []
        if locked:
            parts.append(t("review_locked", self.lang))
        self.review_summary.value = "".join(f"<p class='ks-warn'>{esc(p)}</p>" for p in parts)
        self.review_table_html.value = html_table(table, self.lang) if len(table) else ""
        self.review_edit.layout.display = "none" if locked else None
        self.last_review = table
        return table

    def review_change(self, kind: str) -> dict | None:
        """Swap (``"replace"``) or remove a rater in the review of a draft cycle, with a reason."""
        cid = self.cycle_id
        if cid is None:
            self._fail(self.review_message, t("no_cycle", self.lang))
            return None
        if self._who(self.review_message) is None:
            return None
        ok, done = self.boundary.attempt(uc.review_change, self.store, cid, kind, ratee=self.review_ratee.value, rater=self.review_rater.value,
                                    new_rater=self.review_new.value, reason=self.review_reason.value, actor=self.actor, show=partial(self._fail, self.review_message))
        if not ok:
            return None
        self._ok(self.review_message, t("done", self.lang, what=done["text"]))
        self.review_reason.value = ""
        self.refresh_review()
        return done

    # -- changes mid-cycle --------------------------------------------------------------------
    def _change_args(self) -> dict:
        return dict(rater=self.change_rater.value, ratee=self.change_ratee.value, new_rater=self.change_new.value,
                    relationship=self.change_rel.value, keep_answers=self.change_keep.value)

    def preview_change(self) -> str | None:
        """Show what the chosen change will do; reveal the confirm button."""
        self._hide(self.change_confirm_button)
        self._hide(self.change_link)
        cid = self.cycle_id
        if cid is None:
            self._fail(self.change_message, t("no_cycle", self.lang))
            return None
        ok, text = self.boundary.attempt(uc.describe_change, self.store, cid, self.change_kind.value, **self._change_args(), show=partial(self._fail, self.change_message))
        if not ok:
            return None
        self._warn(self.change_message, text)
        self._show(self.change_confirm_button)
        return text

    def apply_change(self) -> dict | None:
        """Carry out the previewed change (the confirm button)."""
        cid = self.cycle_id
        kind = self.change_kind.value
        self._hide(self.change_confirm_button)
        if cid is None:
            self._fail(self.change_message, t("no_cycle", self.lang))
            return None
        who = self._who(self.change_message)
        if who is None:
            return None
        if kind not in ("revoke", "reissue") and len(self.change_reason.value.strip()) < 5:
            self._fail(self.change_message, t("reason_needed", self.lang))
            return None
        a = self._change_args()
        reason = self.change_reason.value
        try:
            text = uc.describe_change(self.store, cid, kind, **a)
            link = None
            if kind == "add":
                done = uc.add_rater(self.store, cid, a["rater"], a["ratee"], a["relationship"], reason=reason,
                                    actor=who, base_url=self.rater_url, max_peers=self.peers_max.value,
                                    max_load=self.max_load.value)
                link = done["tautan"]
            elif kind == "replace":
                done = uc.replace_rater(self.store, cid, a["ratee"], a["rater"], a["new_rater"],
                                        keep_answers=a["keep_answers"], reason=reason, actor=who, confirm=True,
                                        base_url=self.rater_url)
                link = done["tautan"]
            elif kind == "remove":
                done = uc.remove_rater(self.store, cid, a["rater"], a["ratee"], reason=reason, actor=who, confirm=True)
            elif kind == "revoke":
                done = {"text": uc.revoke_link(self.store, cid, a["rater"], actor=who, confirm=True)}
            else:
                links = uc.reissue_link(self.store, cid, a["rater"], actor=who, confirm=True, base_url=self.rater_url)
                done, link = {"links": links}, links["tautan"].iloc[0]
        except (StoreError, uc.CycleError, ValueError) as exc:
            self._fail(self.change_message, exc)
            return None
        message = t("done", self.lang, what=text)
        if link:
            message += " " + t("new_link", self.lang)
            self.change_link.value = link
            self._show(self.change_link)
        self._ok(self.change_message, message)
        self.change_reason.value = ""
        self._cycle_changed()
        return {**done, "tautan": link}



def admin_app_from_request(db_url: str | None = None, query_string: str | None = None) -> widgets.Widget:
    """Entry point of ``notebooks/admin.ipynb``: read ``?lang=`` (and ``?petugas=``, pre-filling the
    "Nama petugas" field), open ``$KINERJA_SURVEY_DB``, build the app."""
    from .accounts import logged_in_account

    params = request_params(query_string)  # first: a preheated kernel learns its request (and account) here
    account = logged_in_account()
    lang = resolve_lang(params.get("lang"))
    store = Store(db_url or os.environ["KINERJA_SURVEY_DB"], create=False)
    return AdminApp(store, lang, actor=None if account else params.get("petugas") or None, account=account or None).widget

