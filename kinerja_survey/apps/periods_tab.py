"""The admin app's "Periode & pengembangan" tab: what comes after the results and across periods.

For the period selected in the admin app: make the next period from it (same instrument,
assignments drawn again, new links), add stakeholder raters from a file, issue the dialog
kinerja links and follow the dialogues, see the continuous-feedback counts and allow peers to
write notes, and download the trends, the talent pool and the training needs.  Everything goes
through ``kinerja_survey.cycle`` (the CLI's commands are the same use cases); every outcome is
reported in the section's message line and audited with ``admin.actor``; new links are offered
once as a CSV download.  The widgets are attributes so tests can drive the tab from code.
"""

from __future__ import annotations

from functools import partial

import tempfile
from pathlib import Path

import ipywidgets as widgets

from .. import cycle as uc
from ..collect.roster import RosterError, read_table
from ..i18n import t
from ..store import StoreError
from .boundary import App
from .html import esc, html_table


#: the label of each download (its button and file): the trends workbook is named as the dashboard's tab
_DOWNLOAD_KEYS = {"trends": "dash.tab_tren", "talent": "per_dl_talent", "training": "per_dl_training"}


class PeriodsTab(App):
    """Periods and development from the admin app (see the module docstring)."""

    def show_error(self, text: str) -> None:
        """A tab of the admin app: its boundary speaks in the admin's message area."""
        self.admin.show_error(text)

    def __init__(self, admin):
        self.admin = admin
        lang = self.lang = admin.lang
        L = widgets.Layout
        wide = {"description_width": "180px"}
        # the next period
        self.next_name = widgets.Text(description=t("per_next_name", lang), style=wide, layout=L(width="520px"),
                                      placeholder=t("per_next_name_hint", lang))
        self.next_start = widgets.Text(description=t("per_next_start", lang), style=wide, placeholder=t("app.date_placeholder", lang))
        self.next_end = widgets.Text(description=t("per_next_end", lang), style=wide, placeholder=t("app.date_placeholder", lang))
        self.next_seed = widgets.BoundedIntText(0, min=0, max=2**31 - 1, description=t("per_seed", lang), style=wide)
        self.next_button = widgets.Button(description=t("per_next_make", lang), button_style="primary",
                                          layout=L(width="auto"))
        self.next_message = widgets.HTML()
        self.next_button.on_click(self.guard(lambda _b: self.make_next()))
        # stakeholders
        self.sh_upload = widgets.FileUpload(accept=".csv,.xlsx", multiple=False, description=t("per_sh_upload", lang),
                                            layout=L(width="auto"))
        self.sh_button = widgets.Button(description=t("per_sh_add", lang), layout=L(width="auto"))
        self.sh_message, self.sh_table = widgets.HTML(), widgets.HTML()
        self.sh_button.on_click(self.guard(lambda _b: self.add_stakeholders()))
        # dialog kinerja
        self.dlg_button = widgets.Button(description=t("per_dlg_make", lang), layout=L(width="auto"))
        self.dlg_message, self.dlg_table = widgets.HTML(), widgets.HTML()
        self.dlg_button.on_click(self.guard(lambda _b: self.issue_dialogs()))
        # the suggestion library (HR's YAML)
        self.lib_upload = widgets.FileUpload(accept=".yaml,.yml", multiple=False, description=t("per_lib_upload", lang),
                                             layout=L(width="auto"))
        self.lib_button = widgets.Button(description=t("per_lib_import", lang), layout=L(width="auto"))
        self.lib_message, self.lib_download = widgets.HTML(), widgets.HTML()
        self.lib_download_button = widgets.Button(
            description=t("per_lib_download", lang), icon="download",
            layout=L(width="auto"))
        self.lib_download_button.on_click(self.guard(lambda _b: self.download_library()))
        self.lib_button.on_click(self.guard(lambda _b: self.import_library()))
        # continuous feedback
        self.fb_peers = widgets.Checkbox(description=t("per_fb_peers", lang), indent=False, layout=L(width="auto"))
        self.fb_message, self.fb_table = widgets.HTML(), widgets.HTML()
        self.fb_peers.observe(self.guard(lambda ch: self.set_peers(ch["new"])), names="value")
        # downloads
        self.dl_meeting = widgets.Checkbox(value=True, description=t("per_dl_meeting", lang), indent=False,
                                           layout=L(width="auto"))
        self.dl_runs = widgets.BoundedIntText(2, min=1, max=10, description=t("per_dl_runs", lang), style=wide)
        self.dl_trends = widgets.Button(description=t(_DOWNLOAD_KEYS["trends"], lang), layout=L(width="auto"))
        self.dl_talent = widgets.Button(description=t("per_dl_talent", lang), layout=L(width="auto"))
        self.dl_training = widgets.Button(description=t("per_dl_training", lang), layout=L(width="auto"))
        self.dl_message = widgets.HTML()
        self.dl_trends.on_click(self.guard(lambda _b: self.download("trends")))
        self.dl_talent.on_click(self.guard(lambda _b: self.download("talent")))
        self.dl_training.on_click(self.guard(lambda _b: self.download("training")))
        h = lambda key: widgets.HTML(f"<h3>{esc(t(key, lang))}</h3>")  # noqa: E731
        p = lambda key: widgets.HTML(f"<p class='ks-hint'>{esc(t(key, lang))}</p>")  # noqa: E731
        self.widget = widgets.VBox([
            h("per_next_title"), p("per_next_hint"), self.next_name, widgets.HBox([self.next_start, self.next_end]),
            self.next_seed, self.next_button, self.next_message,
            widgets.HTML("<hr>"), h("per_sh_title"), p("per_sh_hint"), widgets.HBox([self.sh_upload, self.sh_button]),
            self.sh_message, self.sh_table,
            widgets.HTML("<hr>"), h("per_dlg_title"), p("per_dlg_hint"), self.dlg_button, self.dlg_message,
            self.dlg_table, h("per_lib_title"), p("per_lib_hint"),
            widgets.HBox([self.lib_download_button, self.lib_download]),
            widgets.HBox([self.lib_upload, self.lib_button]), self.lib_message,
            widgets.HTML("<hr>"), h("per_fb_title"), p("per_fb_hint"), self.fb_peers, self.fb_message, self.fb_table,
            widgets.HTML("<hr>"), h("per_dl_title"), self.dl_meeting, self.dl_runs,
            widgets.HBox([self.dl_trends, self.dl_talent, self.dl_training], layout=L(flex_flow="row wrap")),
            self.dl_message])

    # -- helpers ------------------------------------------------------------------------------------
    @property
    def store(self):
        return self.admin.store

    def _ok(self, target, text):
        target.value = f"<div class='ks-msg-ok'>{esc(text)}</div>"

    def _fail(self, target, text):
        target.value = f"<div class='ks-msg-error'>{esc(t('per_failed', self.lang, reason=text))}</div>"

    def _offer(self, output_name: str, data, filename: str, label: str, **kwargs) -> str:
        """A file through ``downloads.offer`` under the admin's acting person (the export log)."""
        return self.admin._offer(output_name, data, filename, label, **kwargs)

    def _cycle(self, target) -> int | None:
        cid = self.admin.cycle_id
        if cid is None:
            self._fail(target, t("per_no_cycle", self.lang))
        return cid

    def download_library(self) -> str:
        """The library in force as a YAML download (recorded in the export log when asked for): HR
        edits it and uploads it back."""
        import yaml

        text = yaml.safe_dump({k: list(v) for k, v in uc.current_suggestions(self.store).items()},
                              allow_unicode=True, sort_keys=False, width=10**6)  # one line per suggestion
        name = "saran-pengembangan.yaml"
        self.lib_download.value = self._offer("saran-pengembangan", text, name,
                                              t("privacy.dl_ready", self.lang, file=name), people=0, cycle_id=None)
        return self.lib_download.value

    def refresh(self) -> None:
        """Redraw the tables of the selected period (stakeholders, dialogues, feedback counts)."""

        cid = self.admin.cycle_id
        self._quiet = True
        self.fb_peers.value = uc.peer_feedback_enabled(self.store)
        self._quiet = False
        if cid is None:
            self.sh_table.value = self.dlg_table.value = self.fb_table.value = ""
            return
        sh = self.store.stakeholders_frame(cid)
        sh = sh.rename(columns={"nama": "nama_dinilai", "name": "penilai", "organisation": "instansi",
                                "revoked": "dicabut"})[["ratee", "nama_dinilai", "penilai", "instansi", "status", "dicabut"]]
        sh = sh.assign(status=[t(f"status_{v}", self.lang) for v in sh["status"]],
                       dicabut=[t("per_yes" if v else "per_no", self.lang) for v in sh["dicabut"].astype(bool)])
        self.sh_table.value = (html_table(sh, self.lang) if len(sh)
                               else f"<p>{esc(t('per_sh_none', self.lang))}</p>")
        dlg = self.store.dialogs_frame(cid)
        self.dlg_table.value = (t("per_dlg_count", self.lang, n=len(dlg), held=int(dlg["held_on"].notna().sum()),
                                  ack=int(dlg["acknowledged"].astype(bool).sum())) if len(dlg)
                                else t("per_dlg_none", self.lang))
        fb = uc.feedback_summary(self.store, cid)
        self.fb_table.value = (html_table(fb, self.lang) if len(fb)
                               else f"<p>{esc(t('per_fb_none', self.lang))}</p>")

    # -- actions ------------------------------------------------------------------------------------
    def make_next(self) -> int | None:
        """The next period from the selected one; its new links offered once as a CSV."""
        cid = self._cycle(self.next_message)
        actor = self.admin._who(self.next_message)
        if cid is None or actor is None:
            return None
        start, end = self.next_start.value.strip() or None, self.next_end.value.strip() or None
        ok, made = self.boundary.attempt(uc.create_next_cycle, self.store, cid, self.next_name.value.strip() or None, start, end,
                                        actor=actor, seed=int(self.next_seed.value), base_url=self.admin.rater_url, show=partial(self._fail, self.next_message))
        if not ok:
            return None
        info = self.store.cycle(made.cycle_id)
        self._ok(self.next_message, t("per_next_done", self.lang, id=made.cycle_id, name=info["name"],
                                      start=info["period_start"], end=info["period_end"],
                                      n=len(made.assigned.links)))
        self.next_message.value += self._offer("tautan-periode", made.assigned.links,
                                               f"tautan-periode-{made.cycle_id}.csv", t("download_links", self.lang),
                                               cycle_id=made.cycle_id)
        self.admin.refresh_cycles(select=self.admin.cycle_id)
        return made.cycle_id

    def add_stakeholders(self):
        from .admin import UploadTooLarge, uploaded_file

        cid = self._cycle(self.sh_message)
        actor = self.admin._who(self.sh_message)
        if cid is None or actor is None:
            return None
        try:
            got = uploaded_file(self.sh_upload)
            if got is None:
                self._fail(self.sh_message, t("per_sh_choose", self.lang))
                return None
            table = read_table(got, check_header=None)
            links = uc.add_stakeholders(self.store, cid, table, actor=actor, base_url=self.admin.rater_url)
        except (UploadTooLarge, RosterError, StoreError, ValueError) as exc:
            self._fail(self.sh_message, exc)
            return None
        self._ok(self.sh_message, t("per_sh_done", self.lang, n=len(links)))
        self.sh_message.value += self._offer("tautan-pemangku", links.drop(columns=["token"]),
                                             f"tautan-pemangku-{cid}.csv", t("download_links", self.lang))
        self.refresh()
        return links

    def issue_dialogs(self):
        cid = self._cycle(self.dlg_message)
        actor = self.admin._who(self.dlg_message)
        if cid is None or actor is None:
            return None
        ok, links = self.boundary.attempt(uc.issue_dialog_links, self.store, cid, actor=actor, base_url=self.admin.rater_url, show=partial(self._fail, self.dlg_message))
        if not ok:
            return None
        if links.empty:
            self._ok(self.dlg_message, t("per_dlg_nothing", self.lang))
        else:
            self._ok(self.dlg_message, t("per_dlg_done", self.lang, n=len(links)))
            self.dlg_message.value += self._offer("tautan-dialog", links.drop(columns=["token_atasan", "token_pegawai"]),
                                                  f"tautan-dialog-{cid}.csv", t("download_links", self.lang))
        self.refresh()
        return links

    def import_library(self):
        """Replace the suggestion library with the uploaded YAML (checked first; unchanged on error)."""
        from .admin import UploadTooLarge, uploaded_file

        actor = self.admin._who(self.lib_message)
        if actor is None:
            return None
        try:
            got = uploaded_file(self.lib_upload)
            if got is None:
                self._fail(self.lib_message, t("per_lib_choose", self.lang))
                return None
            table = uc.import_suggestions(self.store, got, actor=actor)
        except (UploadTooLarge, StoreError, ValueError) as exc:
            self._fail(self.lib_message, exc)
            return None
        self._ok(self.lib_message, t("per_lib_done", self.lang, n=len(table), tips=sum(map(len, table.values()))))
        self.lib_download.value = ""  # the file of the library replaced
        return table

    def set_peers(self, enabled: bool) -> None:
        if getattr(self, "_quiet", False):
            return
        actor = self.admin._who(self.fb_message)
        if actor is None:  # nobody named: the setting is not changed, and the box says so
            self._quiet = True
            self.fb_peers.value = not enabled
            self._quiet = False
            return
        uc.set_peer_feedback(self.store, enabled, actor=actor)
        self._ok(self.fb_message, t("per_fb_on" if enabled else "per_fb_off", self.lang))

    def download(self, what: str) -> bytes | None:
        """Build one workbook and offer it as a download; returns its bytes (None on failure)."""
        meeting = bool(self.dl_meeting.value)
        name = {"trends": "tren", "talent": "talenta", "training": "kebutuhan-pelatihan"}[what]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.xlsx"
            try:
                if what == "trends":
                    uc.export_trends(self.store, path, meeting_mode=meeting)
                elif what == "talent":
                    uc.export_talent_pool(self.store, path, meeting_mode=meeting, n_periods=int(self.dl_runs.value))
                else:
                    cid = self._cycle(self.dl_message)
                    if cid is None:
                        return None
                    uc.export_training_needs(self.store, cid, path, meeting_mode=meeting)
            except (StoreError, ValueError) as exc:
                self._fail(self.dl_message, exc)
                return None
            data = path.read_bytes()
        label = t(_DOWNLOAD_KEYS[what], self.lang) + (f" ({t('per_dl_meeting_short', self.lang)})" if meeting else "")
        people = None if what == "training" else uc.privacy.export_people(self.store)  # across periods: the roster
        self.dl_message.value = self._offer(name, data, f"{name}.xlsx", label, people=people,
                                            cycle_id=self.admin.cycle_id if what == "training" else None)
        return data
