"""The content of an individual feedback report, cut from a cycle's results.

``feedback_report(results, ratee, lang=None)`` returns a ``FeedbackReport``: plain tables and texts
in Bahasa Indonesia (English with ``lang="en"``; texts in ``locale/reports.py``), holding only
displayable figures (a rater group under its anonymity threshold
has no column and its cells never carry a number).  ``report_html`` and ``report_pdf`` draw it;
``report_bulk`` writes many.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..analysis.results import CycleResults
from ..analysis.scoring import OVERALL
from ..errors import KinerjaError
from ..i18n import Localized, resolve_lang, t
from ..i18n import fmt_number, fmt_percent
from .labels import display_text

#: Order of the groups in tables and charts (stakeholders only when any answered).
GROUP_ORDER = ("self", "supervisor", "peer", "subordinate", "stakeholder")
#: Group names as printed in reports (Bahasa Indonesia; ``group_label(g, lang)``).
GROUP_LABELS = {g: t(f"report.grp_{g}", "id") for g in GROUP_ORDER}


def group_label(group: str, lang: str | None = None) -> str:
    """A rater group's name as printed in reports."""
    return t(f"report.grp_{group}", lang)
#: Groups whose comments are attributed (shown with the group name); the others are anonymous.
ATTRIBUTED = ("self", "supervisor")
#: Colours of the chart series (also used by the HTML chart).
COLOURS = {"combined": "#1f3b73", "supervisor": "#2e75b6", "peer": "#5ba3d9", "subordinate": "#9cc9ec",
           "self": "#e8a33d", "stakeholder": "#6b8e23"}
FORMATS = ("pdf", "html", "both")
DASH = "–"



class ReportError(KinerjaError, ValueError):
    """A report cannot be made (e.g. the person has no ratings in the cycle)."""


# --- small helpers ------------------------------------------------------------------------------

def _shown(value, lang: str) -> str:
    """A text of the results in ``lang``: an ``i18n.Msg`` (or other ``Localized``) renders itself."""
    return value.render(lang) if isinstance(value, Localized) else display_value(value)


def display_value(value) -> str:
    """Displayed text: missing -> ``""``; bidi controls and zero-width characters removed."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return display_text(value)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def is_blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# --- one report -----------------------------------------------------------------------------------

@dataclass
class FeedbackReport:
    """The content of one individual feedback report, ready to render (all texts in Bahasa Indonesia).

    Tables hold only displayable figures: a group under its threshold has no column, its cells
    never carry a number.
    """

    ratee: str
    name: str
    nip: str
    jabatan: str
    unit: str
    cycle: str
    scale: tuple[int, int]
    responses: pd.DataFrame  # kelompok, diundang, menjawab, keterangan, ditampilkan
    competencies: pd.DataFrame  # code, kompetensi, one column per displayed group, lain, gabungan
    groups_shown: tuple[str, ...]
    gaps: pd.DataFrame  # kompetensi, diri, lain, selisih, keterangan
    agreement: str  # self-other agreement category sentence ('' when not available)
    top_items: pd.DataFrame  # item, kompetensi, butir, skor
    bottom_items: pd.DataFrame
    blind_spots: pd.DataFrame  # item, butir, diri, lain, selisih
    hidden_strengths: pd.DataFrame
    comments: list[tuple[str, list[tuple[str, str]]]]  # (competency name, [(label, text)])
    comment_notes: list[str]
    instrument_name: str
    competency_header: str  # "Nilai BerAKHLAK" for the built-in instrument, else "Kompetensi"
    predikat: dict  # skor, rating_perilaku, rating_hasil_kerja, predikat
    suggestions: list[tuple[str, tuple[str, ...]]]
    notes: list[str]
    weights_note: str = ""  # the weights of the combined score, stated
    provisional: bool = False  # the cycle is not closed, or not yet published: hasil sementara
    status_note: str = ""  # the "HASIL SEMENTARA ..." banner text ('' for final results)
    # the development plan of the previous period and its progress: (kompetensi, jenis, uraian,
    # batas waktu, status), and the name of that period
    progress: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    progress_period: str = ""
    lang: str = "id"  # the language of every text above and of the rendered report

    @property
    def subtitle(self) -> str:
        return " · ".join(x for x in (self.instrument_name, self.cycle) if x)


def _employee_field(results: CycleResults, ratee: str, col: str, default: str = "") -> str:
    emp = results.employees
    if col in emp.columns and ratee in emp.index:
        return display_value(emp.at[ratee, col]) or default
    return default


def _responses(results: CycleResults, ratee: str, lang: str = "id") -> pd.DataFrame:
    row = results.scores.loc[ratee]
    inv = results.invitations
    cfg = results.config
    rows = []
    for g in GROUP_ORDER:
        if f"n_{g}" not in row.index:  # a group no one of the cycle belongs to (stakeholders)
            continue
        n = int(row[f"n_{g}"])
        invited = None
        if inv is not None and ratee in inv.index and f"{g}_invited" in inv.columns:
            invited = int(inv.at[ratee, f"{g}_invited"])
        if invited is not None and invited == 0 and n == 0:
            continue
        if n == 0:
            status = t("report.resp_none_answered" if invited else "report.resp_no_raters", lang)
            shown = False
        elif n >= cfg.threshold(g):
            status, shown = t("report.resp_shown", lang), True
        else:
            status, shown = t("report.resp_hidden", lang, n=cfg.threshold(g)), False
        rows.append({"group": g, "kelompok": group_label(g, lang), "diundang": invited, "menjawab": n,
                     "keterangan": status, "ditampilkan": shown})
    return pd.DataFrame(rows, columns=["group", "kelompok", "diundang", "menjawab", "keterangan", "ditampilkan"])


def _comp_name(results: CycleResults, code: str, lang: str = "id") -> str:
    if code == OVERALL:
        return t("report.overall", lang)
    try:
        name = results.instrument.competency(code).name
    except KeyError:
        return code
    return name.get(lang) or name.get("id", code)


def _competency_table(results: CycleResults, ratee: str, lang: str = "id"):
    rows = results.rows("competency", ratee)
    order = [c.code for c in results.instrument.competencies]
    codes = rows["competency"].astype(str).to_numpy()
    rank = {c: i for i, c in enumerate(order + [OVERALL])}
    pos = np.argsort([rank.get(c, len(rank)) for c in codes], kind="stable")
    rows = rows.iloc[pos]
    codes = codes[pos]
    shown = tuple(g for g in GROUP_ORDER if f"mean_{g}" in rows.columns and rows[f"mean_{g}"].notna().any())
    table = pd.DataFrame({"code": codes, "kompetensi": [_comp_name(results, c, lang) for c in codes]})
    for g in shown:
        table[g] = rows[f"mean_{g}"].to_numpy()
    table["lain"] = rows["mean_others"].to_numpy()
    table["gabungan"] = rows["combined"].to_numpy()
    return table, shown


def _gap_reading(d: float, cut: float, lang: str = "id") -> str:
    if math.isnan(d):
        return t("report.gap_na", lang)
    if d >= cut:
        return t("report.gap_higher", lang)
    if d <= -cut:
        return t("report.gap_lower", lang)
    return t("report.gap_same", lang)


def _items_lookup(results: CycleResults, lang: str = "id") -> dict:
    return {i.code: (i.competency, i.text.get(lang) or i.text.get("id", i.code)) for i in results.instrument.items}


def feedback_report(
    results: CycleResults,
    ratee: str,
    *,
    n_items: int = 3,
    n_weakest: int = 2,
    gap_cut: float = 0.5,
    lang: str | None = None,
) -> FeedbackReport:
    """Cut the individual feedback report of ``ratee`` out of the cycle results.

    Parameters
    ----------
    results : CycleResults
        From ``kinerja_survey.cycle.load_results``.
    ratee : str
        The ratee key (NIP in the store).
    n_items : int
        Number of highest and of lowest items listed (default 3).
    n_weakest : int
        Number of weakest competencies that get development suggestions (default 2).
    gap_cut : float
        Self minus others (scale points) from which a competency is read as "penilaian diri lebih
        tinggi/rendah" (default 0.5).
    lang : str, optional
        ``"id"`` (default, or ``$KINERJA_SURVEY_LANG``) or ``"en"``: the language of every text of
        the report.  Names, comments and the suggestions table are shown as written.

    Raises
    ------
    ValueError
        ``ratee`` has no ratings in the cycle.
    """
    lang = resolve_lang(lang)
    ratee = str(ratee)
    if ratee not in results.scores.index:
        raise ReportError("report.no_ratings", ratee=ratee)
    score = results.scores.loc[ratee]
    responses = _responses(results, ratee, lang)
    comp, shown = _competency_table(results, ratee, lang)
    body = comp[comp["code"] != OVERALL]

    self_col = body["self"] if "self" in body.columns else pd.Series(np.nan, index=body.index)
    gaps = pd.DataFrame({"kompetensi": body["kompetensi"], "diri": self_col.to_numpy(dtype=float),
                         "lain": body["lain"].to_numpy(dtype=float)})
    gaps["selisih"] = gaps["diri"] - gaps["lain"]
    gaps["keterangan"] = [_gap_reading(d, gap_cut, lang) for d in gaps["selisih"]]
    if gaps["selisih"].isna().all():
        gaps = gaps.iloc[0:0]

    agreement = ""
    if ratee in results.self_other.index:
        soa = results.self_other.loc[ratee]
        if isinstance(soa.get("kategori"), str) and soa["kategori"]:
            agreement = t("report.agreement", lang, category=_shown(soa["kategori"], lang),
                          self=fmt_number(soa["self"], 2, lang), others=fmt_number(soa["others"], 2, lang))
        elif display_value(soa.get("status")):
            agreement = t("report.agreement_none", lang, status=_shown(soa["status"], lang))

    lookup = _items_lookup(results, lang)
    it = results.rows("item", ratee)
    it = it[it["combined"].notna()]
    item_codes = it["competency"].astype(str).to_numpy()
    item_table = pd.DataFrame({
        "item": item_codes,
        "kompetensi": [_comp_name(results, lookup.get(c, ("", c))[0], lang) for c in item_codes],
        "butir": [lookup.get(c, ("", c))[1] for c in item_codes],
        "skor": it["combined"].to_numpy(dtype=float),
    })
    order = {c: i for i, c in enumerate(lookup)}
    item_table["_pos"] = [order.get(c, len(order)) for c in item_codes]
    top = item_table.sort_values(["skor", "_pos"], ascending=[False, True], kind="stable").head(n_items)
    rest = item_table[~item_table["item"].isin(top["item"])]
    bottom = rest.sort_values(["skor", "_pos"], ascending=[True, True], kind="stable").head(n_items)
    top, bottom = top.drop(columns="_pos").reset_index(drop=True), bottom.drop(columns="_pos").reset_index(drop=True)

    sp = results.rows("spots", ratee)

    def spot_table(kind: str) -> pd.DataFrame:
        s = sp[sp["type"] == kind]
        s = s.reindex(s["gap"].abs().sort_values(ascending=False, kind="stable").index).head(n_items)
        codes = s["item"].astype(str).to_numpy()
        return pd.DataFrame({"item": codes, "butir": [lookup.get(c, ("", c))[1] for c in codes],
                             "kompetensi": [_comp_name(results, lookup.get(c, ("", c))[0], lang) for c in codes],
                             "diri": s["self"].to_numpy(dtype=float), "lain": s["others"].to_numpy(dtype=float),
                             "selisih": s["gap"].to_numpy(dtype=float)})

    comments, comment_notes = _comments(results, ratee, lang)

    predikat = {"skor": score["combined"], "rating_perilaku": display_value(score.get("rating_perilaku")),
                "rating_hasil_kerja": display_value(score.get("rating_hasil_kerja")), "predikat": display_value(score.get("predikat")),
                "predikat_usulan": display_value(score.get("predikat_usulan")),
                "predikat_alasan": display_value(score.get("predikat_alasan"))}

    weakest = body[body["gabungan"].notna()].sort_values("gabungan", kind="stable").head(n_weakest)
    suggestions = []
    for code, name in zip(weakest["code"], weakest["kompetensi"]):
        tips = tuple(results.suggestions.get(code, ()))
        if not tips:
            tips = (t("report.default_tip", lang),)
        suggestions.append((name, tips))

    notes = []
    note = _shown(score.get("note"), lang)
    if note:
        notes.append(note[0].upper() + note[1:] + ".")
    version = getattr(results, "version", None)  # the published version read (cycle.apply_published)
    if version and version > 1:
        notes.append(t("closing.report_version", lang, version=version))
    return FeedbackReport(
        ratee=ratee, name=_employee_field(results, ratee, "nama", ratee), nip=_employee_field(results, ratee, "nip", ratee),
        jabatan=_employee_field(results, ratee, "jabatan"), unit=_employee_field(results, ratee, "unit_kerja"),
        cycle=_shown(results.cycle_name, lang), scale=(results.instrument.scale.low, results.instrument.scale.high),
        responses=responses, competencies=comp, groups_shown=shown, gaps=gaps, agreement=agreement,
        top_items=top, bottom_items=bottom, blind_spots=spot_table("blind_spot"),
        hidden_strengths=spot_table("hidden_strength"), comments=comments, comment_notes=comment_notes,
        instrument_name=results.instrument.name.get(lang) or results.instrument.name.get("id", results.instrument.code),
        competency_header=t("report.header_berakhlak" if results.instrument.code == "BERAKHLAK"
                            else "dlg_competency", lang),
        predikat=predikat, suggestions=suggestions, notes=notes, weights_note=weights_note(results, shown, lang),
        provisional=results.provisional, status_note=_status_note(results, lang), lang=lang,
        **_progress(results, ratee, lang))


#: development actions: kinds and states (codes of the store) -> ``report.kind_*`` / ``report.action_*``
_KINDS = ("pelatihan", "coaching", "mentoring", "penugasan")
_STATES = ("direncanakan", "berjalan", "selesai", "batal")


def _progress(results: CycleResults, ratee: str, lang: str = "id") -> dict:
    """The previous period's development actions of ``ratee`` with their status now."""
    dev = results.development
    if dev is None or dev.empty:
        return {}
    mine = dev[dev["nip"].astype(str) == str(ratee)]
    if mine.empty:
        return {}
    rows = [(_comp_name(results, str(r.competency), lang),
             t(f"report.kind_{r.kind}", lang) if r.kind in _KINDS else str(r.kind), str(r.description),
             pd.Timestamp(r.due_on).strftime("%d-%m-%Y"),
             t(f"report.action_{r.status}", lang) if r.status in _STATES else str(r.status))
            for r in mine.itertuples(index=False)]
    return {"progress": rows, "progress_period": str(mine["periode_rencana"].iloc[0])}


def weights_note(results: CycleResults, shown: tuple[str, ...] = GROUP_ORDER, lang: str | None = None) -> str:
    """How the combined score is made, with the configured weights, in one sentence.

    >>> from kinerja_survey.analysis.scoring import ScoringConfig
    >>> class R: config = ScoringConfig()
    >>> weights_note(R, ("supervisor", "peer"))[:82]
    'Skor gabungan = rata-rata berbobot: Atasan 50%, Rekan kerja 30%, Bawahan 20% (diri'
    """
    w = {g: results.config.weight(g) for g in GROUP_ORDER}
    parts = [f"{group_label(g, lang)} {fmt_percent(w[g], 0, lang)}" for g in GROUP_ORDER if g != "self" and w[g] > 0]
    used = [g for g in GROUP_ORDER if g in shown and w[g] > 0]
    total = sum(w[g] for g in used)
    own = t("report.weights_self_none", lang) if w["self"] == 0 else fmt_percent(w['self'], 0, lang)
    text = t("report.weights", lang, parts=", ".join(parts), own=own)
    if used and 0 < total < sum(v for g, v in w.items() if v > 0) - 1e-12:
        eff = ", ".join(f"{group_label(g, lang)} {fmt_percent(w[g] / total, 0, lang)}" for g in used)
        text += t("report.weights_renorm", lang, eff=eff)
    source = getattr(results, "perilaku_source", None)  # recorded by cycle.load_results
    if source:
        text += t("report.basis", lang, source=t(f"cal.source_{source}", lang))
    return text


def _comments(results: CycleResults, ratee: str, lang: str = "id"):
    """Displayable comments by competency, and notes on groups left out."""
    records = results._index["comment_records"].get(ratee)
    if not records:
        return [], []
    cfg = results.config
    score = results.scores.loc[ratee]
    by_group: dict[str, list] = {}
    for rel, rater, comp, text in records:
        text = display_text(text).strip()
        if text:
            by_group.setdefault(rel, []).append((rater, comp, text))
    shown, notes = [], []
    for g in GROUP_ORDER:
        sub = by_group.get(g)
        if not sub:
            continue
        n_commenters = len({r for r, _, _ in sub})
        need = cfg.threshold(g) if g in ATTRIBUTED else max(cfg.comment_threshold, cfg.threshold(g))
        # a group whose numbers are hidden never shows comments either
        if n_commenters >= need and int(score.get(f"n_{g}", 0)) >= cfg.threshold(g):
            shown += [(g, comp, text) for _, comp, text in sub]
        elif g not in ATTRIBUTED:
            notes.append(t("report.comment_hidden", lang, group=group_label(g, lang).lower(), n=need))
    if not shown:
        return [], notes
    order = [c.code for c in results.instrument.competencies]
    present = {comp for _, comp, _ in shown}
    codes = [c for c in order if c in present] + sorted(present - set(order) - {""}) + ([""] if "" in present else [])
    out = []
    for code in codes:
        entries = []
        for g in ATTRIBUTED:
            entries += [(group_label(g, lang), text) for rel, c, text in shown if c == code and rel == g]
        entries += [("", text) for text in sorted(text for rel, c, text in shown if c == code and rel not in ATTRIBUTED)]
        out.append((t("report.comment_general", lang) if code == "" else _comp_name(results, code, lang), entries))
    return out, notes


# --- chart geometry (shared by the PDF and the HTML renderers) ------------------------------------

def chart_series(report: FeedbackReport) -> list[tuple[str, str, str]]:
    """(column, legend label, colour) of the bars per competency."""
    series = [(g, group_label(g, report.lang), COLOURS[g]) for g in report.groups_shown]
    return series + [("gabungan", t("report.col_combined", report.lang), COLOURS["combined"])]


def chart_rows(report: FeedbackReport) -> pd.DataFrame:
    return report.competencies[report.competencies["code"] != OVERALL]


def changed_note(p: dict, lang: str | None = None) -> str:
    """The sentence telling that the decided predikat differs from the computed proposal."""
    if p.get("predikat_usulan", "") == p.get("predikat", "") or not p.get("predikat"):
        return ""
    usulan = p.get("predikat_usulan") or t("report.not_yet", lang)
    reason = t("report.changed_reason", lang, reason=p["predikat_alasan"]) if p.get("predikat_alasan") else ""
    return t("report.changed", lang, decided=p["predikat"], proposed=usulan, reason=reason)


# the report's fixed notes, in Bahasa Indonesia (the renderers use ``t("report.note_*", report.lang)``)
_PREDIKAT_NOTE = t("report.note_predikat", "id")
_SCORE_NOTE = t("report.note_score", "id")
PROVISIONAL_NOTE = t("results.state_open", "id")
UNPUBLISHED_NOTE = t("results.state_unpublished", "id")


def _status_note(results: CycleResults, lang: str | None = None) -> str:
    """The banner of a report that is not final (``CycleResults.state``): the cycle is still open,
    or closed but not published.  ``''`` for final results."""
    return results.state_text(lang) if results.provisional else ""


_SPOT_NOTE = t("report.note_spot", "id")
_COMMENT_NOTE = t("report.note_comment", "id")
_SUGGEST_NOTE = t("report.note_suggest", "id")


def score_columns(report: FeedbackReport) -> list[tuple[str, str, str]]:
    """(column, header, kind) of the competency score table, shared by the HTML and PDF renderers."""
    cols = [("kompetensi", report.competency_header, "label")]
    cols += [(g, group_label(g, report.lang), "num") for g in report.groups_shown]
    return cols + [("lain", t("report.col_others", report.lang), "num"),
                   ("gabungan", t("report.col_combined", report.lang), "num")]
