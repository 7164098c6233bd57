"""The admin app's "Cakupan penilai" tab: rater coverage of the selected period (issue 23).

A view of ``cycle.coverage_review`` -- the same review ``kinerja-survey daftar-penilai`` prints:

* the minimum per rater group and the options the period is judged by (load cap, peers across
  units: ``cycle.assign_options``);
* everyone below a group's minimum, leaders first, with the cause and the fix;
* every rater over the load cap, with why (mandatory supervisor forms, or forms others' minimums need);
* the coverage table by level (jenis jabatan).

Headers come from the one label map (``present.labels.screen_label``: ``hr.c_*``), the causes and
fixes are the cycle layer's messages in the app's language.  The tab is built and refreshed inside
the admin app's boundary (``AdminApp._tab``/``_refresh_tab``): an error shows in this tab only.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import cycle as uc
from ..analysis.scoring import ScoringConfig
from ..i18n import t
from .boundary import App
from .html import esc, html_table


class CoverageTab(App):
    """Rater coverage from the admin app (see the module docstring).  ``last`` holds the
    ``CoverageReview`` drawn; the widgets are attributes so tests can read them."""

    def show_error(self, text: str) -> None:
        self.admin.show_error(text)

    def __init__(self, admin):
        self.admin = admin
        self.lang = lang = admin.lang
        self.last: uc.CoverageReview | None = None
        self.refresh_button = widgets.Button(description=t("refresh", lang), icon="refresh",
                                             layout=widgets.Layout(width="auto"))
        self.refresh_button.on_click(self.guard(lambda _b: self.refresh()))
        self.intro = widgets.HTML()
        self.short_title = widgets.HTML(f"<h3>{esc(t('hr.cov_short_title', lang))}</h3>")
        self.short_summary = widgets.HTML()
        self.short_table = widgets.HTML()
        self.over_title = widgets.HTML(f"<h3>{esc(t('hr.cov_over_title', lang))}</h3>")
        self.over_summary = widgets.HTML()
        self.over_table = widgets.HTML()
        self.levels_title = widgets.HTML(f"<h3>{esc(t('hr.cov_levels', lang).rstrip(':'))}</h3>")
        self.levels_table = widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox([self.refresh_button]), self.intro, self.short_title, self.short_summary,
                                    self.short_table, self.over_title, self.over_summary, self.over_table,
                                    self.levels_title, self.levels_table])
        self.widget.add_class("ks-coverage")

    def _clear(self) -> None:
        for w in (self.intro, self.short_summary, self.short_table, self.over_summary, self.over_table,
                  self.levels_table):
            w.value = ""

    def refresh(self) -> uc.CoverageReview | None:
        """Draw the coverage review of the admin's selected period (nothing without one)."""
        cid = self.admin.cycle_id
        self.last = None
        if cid is None:
            self._clear()
            self.intro.value = f"<p>{esc(t('no_cycle', self.lang))}</p>"
            return None
        lang = self.lang
        review = uc.coverage_review(self.admin.store, cid)
        need = ScoringConfig().thresholds
        opts = review.options
        self.intro.value = "<p class='ks-hint'>{}</p>".format(esc(t(
            "hr.cov_intro", lang, peer=int(need.get("peer", 3)), sub=int(need.get("subordinate", 3)),
            cap=int(opts["max_load"]), cross=t("per_yes" if opts["cross_units"] else "per_no", lang))))
        short = review.short
        if len(short):
            self.short_summary.value = (f"<p class='ks-warn'>{esc(t('hr.cov_head', lang, n=len(short), people=short['nip'].nunique()))}"
                                        "</p>")
            shown = short[["nip", "nama", "jabatan", "unit_kerja", "kelompok", "diminta", "didapat", "sebab", "saran"]]
            self.short_table.value = html_table(shown, lang)
        else:
            self.short_summary.value = f"<p class='ks-msg-ok'>{esc(t('hr.cov_none', lang))}</p>"
            self.short_table.value = ""
        over = review.overloaded
        if len(over):
            self.over_summary.value = f"<p class='ks-warn'>{esc(t('hr.cov_over_head', lang, n=len(over)))}</p>"
            self.over_table.value = html_table(over.rename(columns={"batas": "batas_beban"}), lang)
        else:
            self.over_summary.value = f"<p class='ks-msg-ok'>{esc(t('hr.cov_over_none', lang))}</p>"
            self.over_table.value = ""
        self.levels_table.value = html_table(pd.DataFrame(review.by_level), lang) if len(review.by_level) else ""
        self.last = review
        return review
