"""The admin app: ipywidgets for HR staff to run a cycle (served by Voilà on 127.0.0.1 only).

``AdminApp(store, lang, rater_url=...)`` shows one period selector and five tabs:

* **Periode** — the cycles table; create a cycle (BerAKHLAK or an uploaded YAML/CSV instrument);
  open it; close it (final, behind a confirmation tick).
* **Roster pegawai** — upload a CSV/XLSX roster, "Periksa" shows the validation report (every bad
  row, from ``roster.validate_roster``), "Impor" imports it all-or-nothing.
* **Penugasan & tautan** — generate assignments from the org chart
  (``assignment.generate_assignments``) and download the new personal links as CSV; the plain
  links exist only in that download (the store keeps hashes).
* **Tingkat respons** — invited vs submitted forms per rater group, per unit or per ratee
  (``Store.response_rates``), with a refresh button and an optional 30-second timer.
* **Pengingat** — raters who have not finished (``Store.pending_raters``) as a table and CSV,
  and re-issuing a lost or leaked link.

Every action reports its outcome in the tab's message line; store errors are shown as their
(Indonesian) message, never as a stack trace.  ``notebooks/admin.ipynb`` only calls
``admin_app_from_request()``.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import os
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from .. import cycle as uc
from ..collect.instrument import InstrumentError, from_csv, from_yaml
from ..collect.roster import RosterError, unit_paths, validate_roster
from ..cycle import links_with_urls  # noqa: F401 - kept importable from here
from ..frames import RELATIONSHIPS
from ..i18n import resolve_lang, t
from ..store import Store, StoreError
from .voila import request_params

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
.ks-download { display: inline-block; padding: 6px 14px; background: #1565c0; color: white !important;
               border-radius: 4px; text-decoration: none; font-weight: bold; }
</style>
"""

_REL_ID = {"self": "Diri", "supervisor": "Atasan", "peer": "Rekan", "subordinate": "Bawahan"}
_REL_EN = {"self": "Self", "supervisor": "Supervisor", "peer": "Peer", "subordinate": "Direct report"}
_HEADERS = {
    "id": {"id": "ID", "name": "Nama periode", "period_start": "Mulai", "period_end": "Selesai", "status": "Status",
           "unit_kerja": "Unit kerja", "nama": "Nama", "ratee": "NIP dinilai", "nip": "NIP", "invited": "Diundang",
           "submitted": "Terkirim", "rate": "Persentase", "pending": "Belum selesai", "total": "Jumlah formulir",
           "row": "Baris", "field": "Kolom", "message": "Masalah", "n_ratees": "Jumlah dinilai", "tautan": "Tautan"},
    "en": {"id": "ID", "name": "Period name", "period_start": "Start", "period_end": "End", "status": "Status",
           "unit_kerja": "Unit", "nama": "Name", "ratee": "Ratee NIP", "nip": "NIP", "invited": "Invited",
           "submitted": "Submitted", "rate": "Rate", "pending": "Not finished", "total": "Forms",
           "row": "Row", "field": "Column", "message": "Problem", "n_ratees": "People to rate", "tautan": "Link"},
}


def _header(col: str, lang: str) -> str:
    for rel in RELATIONSHIPS:
        for kind in ("invited", "submitted"):
            if col == f"{rel}_{kind}":
                rel_name = (_REL_EN if lang == "en" else _REL_ID)[rel]
                return f"{rel_name}: {_HEADERS[lang][kind].lower()}"
    return _HEADERS[lang].get(col, col)


def table_html(frame: pd.DataFrame, lang: str, *, percent: tuple[str, ...] = ()) -> str:
    """A DataFrame as an escaped, scrollable HTML table with headers in ``lang``."""
    out = frame.copy()
    for col in percent:
        if col in out:
            out[col] = out[col].map(lambda v: f"{100 * v:.0f}%")
    out.columns = [_header(c, lang) for c in out.columns]
    return f"<div class='ks-table-wrap'>{out.to_html(index=False, escape=True, border=0, classes='ks-table')}</div>"


def csv_download_html(frame: pd.DataFrame, filename: str, label: str) -> str:
    """A download link carrying ``frame`` as a UTF-8 (with BOM, for Excel) CSV in a data: URI."""
    data = frame.to_csv(index=False).encode("utf-8-sig")
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return (f"<a class='ks-download' download='{html.escape(filename, quote=True)}' href='{href}'>"
            f"⬇ {html.escape(label)}</a>")


def uploaded_file(upload: widgets.FileUpload) -> tuple[str, bytes] | None:
    """The first file of a ``FileUpload`` (ipywidgets 8 value layout) as ``(name, bytes)``."""
    if not upload.value:
        return None
    f = upload.value[0]
    return str(f["name"]), bytes(f["content"])


class AdminApp:
    """The admin app.  Display ``AdminApp(store).widget``.

    Parameters
    ----------
    store : Store
    lang : str, optional
        ``"id"`` (default) or ``"en"``.
    rater_url : str, optional
        Public address of the rater app, the base of the personal links (default
        ``$KINERJA_SURVEY_RATER_URL``, else ``http://127.0.0.1:8866/``).
    refresh_seconds : float
        Period of the response-rate timer when "auto refresh" is ticked.

    The widgets are attributes (``create_button``, ``roster_upload``, ``generate_button``,
    ``refresh_button``, ...) so that tests and power users can drive the app from code.
    """

    def __init__(self, store: Store, lang: str | None = None, *, rater_url: str | None = None,
                 refresh_seconds: float = 30.0, actor: str | None = None):
        self.store = store
        #: the person acting, for the audit log
        self.actor = (actor or os.environ.get("KINERJA_SURVEY_ACTOR") or "admin").strip()[:100]
        self.lang = lang = resolve_lang(lang)
        self.rater_url = uc.rater_url(rater_url)
        self.refresh_seconds = refresh_seconds
        self.last_links: pd.DataFrame | None = None
        self.last_rates: pd.DataFrame | None = None
        self.last_pending: pd.DataFrame | None = None
        self._timer = None
        L = widgets.Layout

        # period selector shared by all tabs
        self.cycle_select = widgets.Dropdown(description=t("choose_cycle", lang), layout=L(width="520px"))
        self.cycle_select.observe(lambda _c: self._cycle_changed(), names="value")

        # -- cycles --------------------------------------------------------------------------
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
        self.create_button.on_click(lambda _b: self.create_cycle())
        self.open_button.on_click(lambda _b: self.set_status("open"))
        self.close_button.on_click(lambda _b: self.set_status("closed"))
        cycles_tab = widgets.VBox([
            self.cycles_table,
            widgets.HBox([self.open_button, self.close_button, self.close_confirm]),
            widgets.HTML("<hr>"), self.cycle_name, widgets.HBox([self.period_start, self.period_end]),
            widgets.HBox([widgets.HTML(t("instrument_file", lang)), self.instrument_upload]),
            widgets.HBox([self.create_button]), self.cycles_message])

        # -- roster --------------------------------------------------------------------------
        self.roster_upload = widgets.FileUpload(accept=".csv,.xlsx,.xls", multiple=False,
                                                description=t("upload_roster", lang), layout=L(width="auto"))
        self.validate_button = widgets.Button(description=t("validate", lang), layout=L(width="auto"))
        self.import_button = widgets.Button(description=t("import", lang), button_style="primary", layout=L(width="auto"))
        self.roster_message = widgets.HTML()
        self.roster_report = widgets.HTML()
        self.validate_button.on_click(lambda _b: self.validate_roster())
        self.import_button.on_click(lambda _b: self.import_roster())
        roster_tab = widgets.VBox([widgets.HBox([self.roster_upload, self.validate_button, self.import_button]),
                                   self.roster_message, self.roster_report])

        # -- assignments ---------------------------------------------------------------------
        st = {"description_width": "180px"}
        self.peers_min = widgets.BoundedIntText(3, min=0, max=20, description=t("peers_min", lang), style=st)
        self.peers_max = widgets.BoundedIntText(5, min=0, max=20, description=t("peers_max", lang), style=st)
        self.max_subordinates = widgets.BoundedIntText(8, min=0, max=50, description=t("max_subordinates", lang), style=st)
        self.max_load = widgets.BoundedIntText(12, min=1, max=100, description=t("max_load", lang), style=st)
        self.seed = widgets.IntText(int(dt.date.today().year), description=t("seed", lang), style=st)
        self.generate_button = widgets.Button(description=t("generate", lang), button_style="primary", layout=L(width="auto"))
        self.assign_message = widgets.HTML()
        self.links_download = widgets.HTML()
        self.generate_button.on_click(lambda _b: self.generate_assignments())
        assign_tab = widgets.VBox([self.peers_min, self.peers_max, self.max_subordinates, self.max_load, self.seed,
                                   self.generate_button, self.assign_message, self.links_download])

        # -- response rates ------------------------------------------------------------------
        self.rates_by = widgets.ToggleButtons(options=[(t("by_unit", lang), "unit"), (t("by_ratee", lang), "ratee")],
                                              value="unit")
        self.refresh_button = widgets.Button(description=t("refresh", lang), icon="refresh", layout=L(width="auto"))
        self.auto_refresh = widgets.Checkbox(description=t("auto_refresh", lang), indent=False)
        self.rates_summary = widgets.HTML()
        self.rates_table = widgets.HTML()
        self.refresh_button.on_click(lambda _b: self.refresh_rates())
        self.rates_by.observe(lambda _c: self.refresh_rates(), names="value")
        self.auto_refresh.observe(lambda c: self._set_timer(c["new"]), names="value")
        monitor_tab = widgets.VBox([widgets.HBox([self.rates_by, self.refresh_button, self.auto_refresh]),
                                    self.rates_summary, self.rates_table])

        # -- reminders -----------------------------------------------------------------------
        self.pending_intro = widgets.HTML()
        self.pending_table = widgets.HTML()
        self.pending_download = widgets.HTML()
        self.pending_refresh = widgets.Button(description=t("refresh", lang), icon="refresh", layout=L(width="auto"))
        self.pending_refresh.on_click(lambda _b: self.refresh_pending())
        self.reissue_nip = widgets.Text(description=t("reissue_nip", lang), style={"description_width": "120px"})
        self.reissue_button = widgets.Button(description=t("reissue", lang), layout=L(width="auto"))
        self.reissue_message = widgets.HTML()
        self.reissue_download = widgets.HTML()
        self.reissue_button.on_click(lambda _b: self.reissue_link())
        reminders_tab = widgets.VBox([self.pending_refresh, self.pending_intro, self.pending_download,
                                      self.pending_table, widgets.HTML("<hr>"),
                                      widgets.HBox([self.reissue_nip, self.reissue_button]),
                                      self.reissue_message, self.reissue_download])

        self.tabs = widgets.Tab([cycles_tab, roster_tab, assign_tab, monitor_tab, reminders_tab])
        for i, key in enumerate(("tab_cycles", "tab_roster", "tab_assign", "tab_monitor", "tab_reminders")):
            self.tabs.set_title(i, t(key, lang))
        from .closing import ClosingTab  # hasil kerja, organisation predikat, publication, keberatan

        self.closing = ClosingTab(self)
        self.tabs.children = (*self.tabs.children, self.closing.widget)
        self.tabs.set_title(len(self.tabs.children) - 1, "Penutupan & hasil")
        self.widget = widgets.VBox([widgets.HTML(STYLE + f"<h2>{t('admin_title', lang)}</h2>"), self.cycle_select,
                                    self.tabs])
        self.widget.add_class("ks-admin")
        self.refresh_cycles()

    # -- helpers ---------------------------------------------------------------------------
    def _ok(self, target: widgets.HTML, text: str) -> None:
        target.value = f"<div class='ks-msg-ok'>{html.escape(text)}</div>"

    def _fail(self, target: widgets.HTML, text: str) -> None:
        target.value = f"<div class='ks-msg-error'>{html.escape(t('error', self.lang, message=text))}</div>"

    @property
    def cycle_id(self) -> int | None:
        return self.cycle_select.value

    def refresh_cycles(self, select: int | None = None) -> pd.DataFrame:
        """Reload the cycles table and the period selector (keeping or setting the selection)."""
        cyc = self.store.cycles_frame()
        keep = select if select is not None else self.cycle_id
        if cyc.empty:
            self.cycles_table.value = f"<p>{t('cycles_empty', self.lang)}</p>"
            self.cycle_select.options = []
        else:
            self.cycles_table.value = table_html(cyc[["id", "name", "period_start", "period_end", "status"]], self.lang)
            options = [(f"{r.id} · {r.name} [{r.status}]", int(r.id)) for r in cyc.itertuples()]
            ids = [v for _, v in options]
            self.cycle_select.options = options
            self.cycle_select.value = keep if keep in ids else ids[-1]
        self._cycle_changed()
        return cyc

    def _cycle_changed(self) -> None:
        if hasattr(self, "closing"):
            self.closing.refresh()
        if self.cycle_id is None:
            self.rates_table.value = self.rates_summary.value = ""
            self.pending_table.value = self.pending_intro.value = self.pending_download.value = ""
            return
        self.refresh_rates()
        self.refresh_pending()

    # -- cycles ----------------------------------------------------------------------------
    def create_cycle(self) -> int | None:
        instrument = None
        up = uploaded_file(self.instrument_upload)
        try:
            if up is not None:
                name, data = up
                text = data.decode("utf-8-sig", errors="replace")
                instrument = (from_csv(text, code=Path(name).stem.upper(), name=Path(name).stem)
                              if name.lower().endswith(".csv") else from_yaml(text))
            if self.period_start.value is None or self.period_end.value is None:
                raise StoreError(t("dates_required", self.lang))
            cid = uc.create_cycle(self.store, self.cycle_name.value, self.period_start.value,
                                  self.period_end.value, instrument, actor=self.actor)
        except (StoreError, InstrumentError, ValueError) as exc:
            self._fail(self.cycles_message, str(exc))
            return None
        self.refresh_cycles(select=cid)
        self._ok(self.cycles_message, t("cycle_created", self.lang, id=cid, name=self.cycle_name.value.strip()))
        return cid

    def set_status(self, status: str) -> bool:
        cid = self.cycle_id
        if cid is None:
            self._fail(self.cycles_message, t("no_cycle", self.lang))
            return False
        if status == "closed" and not self.close_confirm.value:
            self._fail(self.cycles_message, t("confirm_close_needed", self.lang))
            return False
        try:
            uc.set_status(self.store, cid, status, actor=self.actor)
        except StoreError as exc:
            self._fail(self.cycles_message, str(exc))
            return False
        self.close_confirm.value = False
        self.refresh_cycles(select=cid)
        self._ok(self.cycles_message, t("cycle_opened" if status == "open" else "cycle_closed", self.lang, id=cid))
        return True

    # -- roster ----------------------------------------------------------------------------
    def _error_table(self, errors: pd.DataFrame) -> str:
        return table_html(errors[["row", "field", "message"]], self.lang)

    def validate_roster(self) -> bool:
        """Show the validation report of the uploaded roster; True when it has no errors."""
        up = uploaded_file(self.roster_upload)
        if up is None:
            self._fail(self.roster_message, t("no_file", self.lang))
            return False
        try:
            frame, errors = validate_roster(up)
        except RosterError as exc:
            frame, errors = None, exc.errors
        if errors:
            self.roster_message.value = f"<div class='ks-msg-error'>{html.escape(t('roster_errors', self.lang, n=len(errors)))}</div>"
            self.roster_report.value = self._error_table(pd.DataFrame([e.__dict__ for e in errors]))
            return False
        self._ok(self.roster_message, t("roster_ok", self.lang, n=len(frame), units=len(unit_paths(frame))))
        self.roster_report.value = table_html(frame.head(20), self.lang)
        return True

    def import_roster(self) -> dict | None:
        up = uploaded_file(self.roster_upload)
        if up is None:
            self._fail(self.roster_message, t("no_file", self.lang))
            return None
        try:
            counts = uc.import_roster(self.store, up, actor=self.actor)
        except RosterError as exc:
            self.roster_message.value = (f"<div class='ks-msg-error'>"
                                         f"{html.escape(t('roster_errors', self.lang, n=len(exc.errors)))}</div>")
            self.roster_report.value = self._error_table(exc.to_frame())
            return None
        except StoreError as exc:
            self._fail(self.roster_message, str(exc))
            return None
        self._ok(self.roster_message, t("roster_imported", self.lang, **counts))
        self.roster_report.value = ""
        return counts

    # -- assignments -----------------------------------------------------------------------
    def generate_assignments(self) -> pd.DataFrame | None:
        """Plan assignments for the selected cycle, store them, offer the new links as a CSV download."""
        self.links_download.value = ""
        cid = self.cycle_id
        if cid is None:
            self._fail(self.assign_message, t("no_cycle", self.lang))
            return None
        try:
            made = uc.assign(self.store, cid, peers=(self.peers_min.value, self.peers_max.value),
                             max_subordinates=self.max_subordinates.value, max_load=self.max_load.value,
                             seed=self.seed.value, actor=self.actor, base_url=self.rater_url)
        except uc.CycleError:
            self._fail(self.assign_message, t("roster_empty", self.lang))
            return None
        except (StoreError, ValueError) as exc:
            self._fail(self.assign_message, str(exc))
            return None
        plan, links = made.plan, made.links
        counts = made.counts
        names = _REL_EN if self.lang == "en" else _REL_ID
        text = t("assign_done", self.lang, counts=", ".join(f"{names[k]} {v}" for k, v in counts.items()), n=len(links))
        if len(plan.shortfalls):
            text += " " + t("shortfalls", self.lang, n=len(plan.shortfalls), min=self.peers_min.value)
        self._ok(self.assign_message, text)
        self.last_links = links
        if links.empty:
            self.links_download.value = f"<p>{t('no_new_links', self.lang)}</p>"
        else:
            self.links_download.value = (f"<p class='ks-warn'>{t('links_warning', self.lang)}</p>"
                                         + csv_download_html(self.last_links, f"tautan-periode-{cid}.csv",
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
        now = dt.datetime.now().strftime("%H:%M:%S")
        self.rates_summary.value = (f"<b>{t('rates_total', self.lang, submitted=sub, invited=inv, rate=f'{(sub / inv if inv else 0):.0%}', time=now)}</b>")
        self.rates_table.value = table_html(rates, self.lang, percent=("rate",)) if len(rates) else ""
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
        cid = self.cycle_id
        if cid is None:
            return None
        pending = self.store.pending_raters(cid)
        self.last_pending = pending
        if pending.empty:
            self.pending_intro.value = f"<p class='ks-msg-ok'>{t('pending_none', self.lang)}</p>"
            self.pending_table.value = self.pending_download.value = ""
        else:
            self.pending_intro.value = f"<p>{t('pending_intro', self.lang, n=len(pending))}</p>"
            self.pending_table.value = table_html(pending, self.lang)
            self.pending_download.value = csv_download_html(pending, f"belum-selesai-periode-{cid}.csv",
                                                            t("download_pending", self.lang))
        return pending

    def reissue_link(self) -> pd.DataFrame | None:
        cid = self.cycle_id
        nip = self.reissue_nip.value.strip()
        self.reissue_download.value = ""
        if cid is None or not nip:
            self._fail(self.reissue_message, t("no_cycle" if cid is None else "nip_required", self.lang))
            return None
        try:
            links = uc.reissue_links(self.store, cid, [nip], actor=self.actor, base_url=self.rater_url)
        except (StoreError, ValueError) as exc:
            self._fail(self.reissue_message, str(exc))
            return None
        nip = links["nip"].iloc[0]
        self._ok(self.reissue_message, t("reissued", self.lang, nip=nip))
        self.reissue_download.value = (f"<p class='ks-warn'>{t('links_warning', self.lang)}</p>"
                                       + csv_download_html(links, f"tautan-baru-{nip}.csv", t("download_links", self.lang)))
        return links


def admin_app_from_request(db_url: str | None = None, query_string: str | None = None) -> widgets.Widget:
    """Entry point of ``notebooks/admin.ipynb``: read ``?lang=``, open ``$KINERJA_SURVEY_DB``, build the app."""
    params = request_params(query_string)
    lang = resolve_lang(params.get("lang"))
    store = Store(db_url or os.environ["KINERJA_SURVEY_DB"], create=False)
    return AdminApp(store, lang).widget

