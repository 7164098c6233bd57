"""The admin app's "Data pribadi" tab: a person's right to correction and access (UU 27/2022).

The screen the CLI's ``koreksi-data`` and ``data-pribadi`` are on the command line:

1. **find** a person by NIP (typed in any format: dots, spaces, dashes, a leading apostrophe) or by a
   part of the name (``cycle.privacy.find_people``; Enter in the box or *Cari pegawai*); several
   matches are listed to choose from (arrow keys);
2. the **stored values** of the correctable fields are shown and put into the fields;
3. **edit** what is wrong, give the reason, press *Pratinjau*: each value is checked and normalised
   and only what changes is listed (``preview_correction``); a refused value says why, and
   everything typed stays in the fields;
4. **confirm** (*Simpan koreksi*, shown only after a preview of the values as they stand): every
   change in one transaction, one audit row per field under the acting person
   (``apply_correction``); editing a value again hides the button until the next preview;
5. **access**: everything held about the person as one XLSX (``personal_data``: no other rater named,
   no hidden group's answer), offered through ``downloads.offer`` (the export log: who, what, when,
   one person).

Built and refreshed inside the admin app's boundary (``AdminApp._tab``): an error shows in this tab.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from .. import cycle as uc
from ..i18n import Localized, t
from ..present.labels import screen_label
from .boundary import App
from .html import esc, html_table

privacy = uc.privacy


class CorrectionTab(App):
    """Correction and access export of one person's data (see the module docstring).

    ``nip`` is the person chosen; ``fields`` maps each correctable field (``privacy.CORRECTABLE``)
    to its text box; ``last_preview`` is the table of the last preview.
    """

    def show_error(self, text: str) -> None:
        self.admin.show_error(text)

    def __init__(self, admin):
        self.admin = admin
        self.lang = lang = admin.lang
        self.nip: str | None = None
        self.stored: dict[str, str] = {}
        self.last_preview: pd.DataFrame | None = None
        L = widgets.Layout
        wide = {"description_width": "160px"}
        self.intro = widgets.HTML(f"<p class='ks-hint'>{esc(t('privacy.app_intro', lang))}</p>")
        # every text box sends its value when left or on Enter (continuous_update=False): a click that
        # follows typing at once never overtakes the last keystrokes; Enter in the search box searches
        self.search = widgets.Text(description=t("privacy.app_search", lang), placeholder=t("privacy.app_search_hint", lang),
                                   style=wide, layout=L(width="520px"), continuous_update=False)
        self.search.add_class("ks-privacy-search")
        self.find_button = widgets.Button(description=t("privacy.app_find", lang), icon="search", layout=L(width="auto"))
        self.find_button.add_class("ks-privacy-find")
        self.find_message = widgets.HTML()
        self.person = widgets.Select(options=[], rows=6, description=screen_label("pegawai", lang), style=wide,
                                     layout=L(width="760px", display="none"))
        self.person.add_class("ks-privacy-person")
        self.current = widgets.HTML()
        self.fields: dict[str, widgets.Text] = {}
        for field in privacy.CORRECTABLE:
            box = widgets.Text(description=screen_label(privacy.FIELD_COLUMNS[field], lang), style=wide,
                               layout=L(width="520px"), continuous_update=False)
            box.add_class(f"ks-privacy-{field}")
            box.observe(self.guard(lambda _c: self._hide(self.confirm_button)), names="value")
            self.fields[field] = box
        self.reason = widgets.Text(description=t("admin.h_alasan", lang), style=wide, layout=L(width="520px"),
                                   continuous_update=False)
        self.reason.add_class("ks-privacy-reason")
        self.preview_button = widgets.Button(description=t("preview", lang), layout=L(width="auto"))
        self.preview_button.add_class("ks-privacy-preview")
        self.confirm_button = widgets.Button(description=t("privacy.app_confirm", lang), button_style="warning",
                                             layout=L(width="auto", display="none"))
        self.confirm_button.add_class("ks-privacy-confirm")
        self.message = widgets.HTML()
        self.message.add_class("ks-privacy-message")
        self.preview_table = widgets.HTML()
        self.access_button = widgets.Button(description=t("privacy.app_access_button", lang), icon="download",
                                            layout=L(width="auto"))
        self.access_button.add_class("ks-privacy-access")
        self.access_message = widgets.HTML()
        self.find_button.on_click(self.guard(lambda _b: self.find()))
        self.search.observe(self.guard(lambda c: c["new"].strip() and self.find()), names="value")
        self.person.observe(self.guard(lambda c: c["new"] and self.choose(c["new"])), names="value")
        self.preview_button.on_click(self.guard(lambda _b: self.preview()))
        self.confirm_button.on_click(self.guard(lambda _b: self.confirm()))
        self.access_button.on_click(self.guard(lambda _b: self.access_export()))
        h = partial(self._heading, lang)
        self.editor = widgets.VBox([
            self.current, h("privacy.app_correction_title"),
            widgets.HTML(f"<p class='ks-hint'>{esc(t('privacy.app_correction_hint', lang))}</p>"),
            *self.fields.values(), self.reason, widgets.HBox([self.preview_button, self.confirm_button]),
            self.message, self.preview_table, widgets.HTML("<hr>"), h("privacy.app_access_title"),
            widgets.HTML(f"<p class='ks-hint'>{esc(t('privacy.app_access_hint', lang))}</p>"),
            widgets.HBox([self.access_button]), self.access_message], layout=L(display="none"))
        self.widget = widgets.VBox([self.intro, widgets.HBox([self.search, self.find_button]), self.find_message,
                                    self.person, self.editor])
        self.widget.add_class("ks-privacy")

    # -- helpers ------------------------------------------------------------------------------------
    @staticmethod
    def _heading(lang, key: str) -> widgets.HTML:
        return widgets.HTML(f"<h3>{esc(t(key, lang))}</h3>")

    @staticmethod
    def _show(widget) -> None:
        widget.layout.display = None

    @staticmethod
    def _hide(widget) -> None:
        widget.layout.display = "none"

    def _text(self, text) -> str:
        return text.render(self.lang) if isinstance(text, Localized) else str(text)

    def _ok(self, target, text) -> None:
        target.value = f"<div class='ks-msg-ok'>{esc(self._text(text))}</div>"

    def _warn(self, target, text) -> None:
        target.value = f"<div class='ks-warn'>{esc(self._text(text))}</div>"

    def _fail(self, target, text) -> None:
        target.value = f"<div class='ks-msg-error'>{esc(t('error', self.lang, message=self._text(text)))}</div>"

    def refresh(self) -> None:
        """Redraw the chosen person's stored values (the tab does not depend on the period)."""
        if self.nip is not None:
            self._draw_current()

    # -- steps --------------------------------------------------------------------------------------
    def find(self) -> pd.DataFrame | None:
        """Look the typed NIP or name up; one match is chosen at once, several are listed."""
        query = self.search.value.strip()
        self.find_message.value = ""
        if not query:
            self._fail(self.find_message, t("privacy.app_query_needed", self.lang))
            return None
        found = privacy.find_people(self.admin.store, query)
        if found.empty:
            self._fail(self.find_message, t("privacy.app_none_found", self.lang, query=query))
            return found
        options = [(f"{r.nip} · {r.nama} · {r.jabatan} · {r.unit_kerja}", str(r.nip)) for r in found.itertuples()]
        self.person.options = options
        self._show(self.person)
        if len(found) == 1:
            self.person.value = options[0][1]  # observe: choose()
            if self.nip != options[0][1]:
                self.choose(options[0][1])
        else:
            self.find_message.value = f"<p>{esc(t('privacy.app_found', self.lang, n=len(found)))}</p>"
            self.person.value = None
        return found

    def _draw_current(self) -> None:
        values = privacy.correctable_values(self.admin.store, self.nip)
        self.stored = values
        table = pd.DataFrame({"kolom_data": [privacy.FieldLabel(f) for f in privacy.CORRECTABLE],
                              "nilai_tersimpan": [values[f] for f in privacy.CORRECTABLE]})
        name = values["name"]
        self.current.value = (f"<h3>{esc(t('privacy.app_current', self.lang, nama=name, nip=values['nip']))}</h3>"
                              + html_table(table, self.lang))

    def choose(self, nip: str) -> dict[str, str]:
        """Show ``nip``'s stored values and put them into the fields (nothing previewed yet)."""
        self.nip = str(nip)
        self._draw_current()
        for field, box in self.fields.items():
            box.value = self.stored[field]
        self.reason.value = ""
        self.message.value = self.preview_table.value = self.access_message.value = ""
        self.last_preview = None
        self._hide(self.confirm_button)
        self._show(self.editor)
        return self.stored

    def _typed(self) -> dict[str, str]:
        return {field: box.value for field, box in self.fields.items()}

    def preview(self) -> pd.DataFrame | None:
        """What the typed values change (nothing written); the confirm button appears.  A refusal
        says why and leaves every typed value as it is."""
        self._hide(self.confirm_button)
        self.preview_table.value = ""
        if self.nip is None:
            self._fail(self.message, t("cal.need_person", self.lang))
            return None
        ok, table = self.boundary.attempt(privacy.preview_correction, self.admin.store, self.nip, self._typed(),
                                          show=partial(self._fail, self.message))
        if not ok:
            return None
        self.last_preview = table
        self._warn(self.message, t("privacy.app_preview", self.lang, nama=self.stored["name"], nip=self.stored["nip"],
                                   n=len(table)))
        self.preview_table.value = html_table(table.rename(columns={"kolom": "kolom_data", "lama": "nilai_tersimpan",
                                                                    "baru": "nilai_baru"})
                                              [["kolom_data", "nilai_tersimpan", "nilai_baru"]], self.lang)
        self._show(self.confirm_button)
        return table

    def confirm(self) -> pd.DataFrame | None:
        """Write the previewed correction under the acting person; a refusal (no reason, no person
        named) says why and keeps every typed value."""
        if self.nip is None:
            self._fail(self.message, t("cal.need_person", self.lang))
            return None
        who = self.admin._who(self.message)
        if who is None:
            return None
        ok, done = self.boundary.attempt(privacy.apply_correction, self.admin.store, self.nip, self._typed(),
                                         reason=self.reason.value, actor=who, show=partial(self._fail, self.message))
        if not ok:
            return None
        self._hide(self.confirm_button)
        self._draw_current()
        for field, box in self.fields.items():
            box.value = self.stored[field]
        self._hide(self.confirm_button)
        self.reason.value = ""
        self._ok(self.message, t("privacy.app_done", self.lang, n=len(done), nip=self.stored["nip"], actor=who))
        self.last_preview = None
        return done

    def access_export(self) -> str | None:
        """Everything held about the chosen person as one XLSX, offered through ``downloads.offer``
        (recorded in the export log: one person).  Returns the link's HTML."""
        if self.nip is None:
            self._fail(self.access_message, t("cal.need_person", self.lang))
            return None
        who = self.admin._who(self.access_message)
        if who is None:
            return None
        from ..present.exports import write_workbook

        sheets = privacy.personal_data(self.admin.store, self.nip)
        nip = self.stored.get("nip") or self.nip
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"data-pribadi-{nip}.xlsx"
            write_workbook(path, sheets, dictionary=False)
            data = path.read_bytes()
        link = self.admin._offer("data-pribadi", data, path.name, t("privacy.app_access_button", self.lang),
                                 cycle_id=None, people=1)
        self.access_message.value = (f"<div class='ks-msg-ok'>{esc(t('privacy.app_access_ready', self.lang, nip=nip, sheets=len(sheets)))}"
                                     f"</div>{link}")
        return link
