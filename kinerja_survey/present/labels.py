"""Column headers, cell values and the data dictionary (*kamus data*) of every output table, in
Bahasa Indonesia by default and English on request (texts in ``locale/labels.py``).

The analysis tables keep short machine names (``combined``, ``mean_peer``, ``n_subordinate``):
CSV/JSON exports and scripts use them.  Everything a person reads -- workbook headers, the
dashboard -- shows :func:`column_label` instead, and every workbook carries a ``kamus_data``
sheet (:func:`data_dictionary`) giving, per sheet and column, the header, the machine name and
what the column means.

Cells holding machine codes (``peer``, ``open``, ``prepared``, ``plurality``, ``True``) are shown as
words by :func:`display_value` / :func:`displayed` -- one mapping (:data:`VALUE_KEYS`) for the CLI's
tables and the workbooks; the stored codes, and the CSV/JSON written for scripts, keep the codes.

Column handling is generic: a known name or pattern gets its header and meaning; an
unknown column (e.g. one added by a later feature) keeps its name, with the meaning "(belum
ada keterangan)", so no column is ever lost or mislabelled.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import fmt_time, t

#: machine names of the rater groups in column names (``mean_peer``); their names are ``analysis.g_*``
GROUPS = {g: t(f"analysis.g_{g}", "id") for g in ("self", "supervisor", "peer", "subordinate", "others")}

#: the known columns: header ``col.<name>`` and meaning ``col.<name>.about`` in ``locale/labels.py``
KNOWN_COLUMNS = (
    "ratee", "nip", "kode", "rater", "nama", "jabatan", "unit_kerja", "unit", "combined", "competency", "item",
    "groups_used", "groups_suppressed", "note", "rating_perilaku", "rating_hasil_kerja", "predikat",
    "predikat_usulan", "predikat_ditetapkan", "predikat_alasan", "invited", "submitted", "rate", "n_raters",
    "n_answers", "n_items", "n_ratees", "n", "mean", "sd", "mean_rating", "raw_mean", "fair_score", "adjustment",
    "se", "component", "severity", "z", "flag", "fit_msq", "easiness", "self", "others", "d", "gap", "category",
    "kategori", "status", "groups", "type", "label", "suppressed", "factor", "group", "measure", "value",
    "reading", "rwg_j", "alpha", "ICC1", "ICC1k", "raters_needed", "keterangan",
    # every further column an export writes (issue 21: kamus_data has a meaning for each)
    "n_targets", "n_ratings", "k0", "MSB", "MSW", "F", "df1", "df2", "pval", "ICC1_lower", "ICC1_upper",
    "ICC1k_lower", "ICC1k_upper", "n_subjects", "omega_total", "mean_loading", "min_loading", "mean_variance",
    "mean_rwg_j", "median_rwg_j", "share_ge_070", "rwg_star_j", "mean_rwg_star_j", "ad_mean", "ad_median",
    "ad_agree", "awg", "mean_ad_mean", "mean_ad_median", "share_ad_agree", "mean_awg", "data", "units", "level",
    "n_units", "k", "reliability", "SEM", "estimate", "variance", "share", "ss", "df", "coef", "g_coef", "phi",
    "sem_relative", "sem_absolute", "source_a", "source_b", "r", "CI_lower", "CI_upper", "n_forms", "competency_sd",
    "share_midpoint", "share_extreme", "relationship", "longstring", "longstring_avg", "irv", "straight_line",
    "test", "n_groups", "statistic", "p_corr", "reject", "effect_type", "effect", "n_favourable", "impact_ratio",
    "reference", "attribute", "n_forms_same", "n_forms_different", "mean_same", "mean_different", "mean_diff", "T",
    "cohen_dz", "rater_group", "ratee_group", "rule", "count", "total", "limit", "message", "satisfied",
    "predikat_dari", "predikat_organisasi", "periode", "score", "icc1", "r_kk", "sd_k", "sem", "prev_period",
    "prev_score", "delta", "se_diff", "rci", "tren", "n_naik", "n_turun", "cycle_id", "var_true", "var_error", "id",
    "name", "period_start", "period_end", "jenis", "streak", "longest", "n_qualified", "skor_tren", "k_penilai",
    "fair_se", "n_dinilai", "n_talenta", "kind", "n_tindakan", "n_pegawai", "atasan_nip", "atasan_nama", "held_on",
    "acknowledged", "position", "description", "due_on", "n_actions", "tautan_atasan", "tautan_pegawai", "token",
    "tautan", "kontak", "instansi", "stakeholder_id", "no_hp", "email", "alamat", "wa_url", "catatan", "hasil",
    "atasan", "rekan", "bawahan", "diri", "penilai", "peringatan", "golongan", "golongan_ruang", "jenis_jabatan",
    "jenis_kelamin", "nilai", "CI95_lower", "CI95_upper", "ci_low", "ci_high", "dof1", "dof2", "p_unc", "dof",
    "skor_adil", "skor_mentah",
    # issue 26: REML beside method III, the item-design G-study, omega hierarchical, item bias (DIF)
    "method", "omega_h", "omega_limit", "ecv", "n_factors", "g", "h2", "u2", "p2", "n_categories", "chi2_uniform",
    "p_uniform", "chi2_nonuniform", "p_nonuniform", "chi2_total", "df_total", "p_total", "p_adjusted", "r2_uniform",
    "r2_nonuniform", "r2_total", "mcfadden_total", "log_odds", "log_odds_se", "odds_ratio", "dif_class", "converged",
    "dif_reference", "dif_groups",
    # issue 22/27: the personal-data export (data-pribadi)
    "active", "text", "source", "reason", "at", "filed_at", "decision", "decision_reason", "predikat_awal",
    "predikat_akhir",
)

#: a column whose header (and meaning) is another column's or another area's key: one text, one key
#: (``label`` is a ``keterangan``, ``gap`` the ``d`` of self minus others; ``self``, ``others``,
#: ``suppressed``, ``status``, ``note`` are the words the analysis and cycle layers already name)
SAME_AS = {
    "gap": "d", "skor_adil": "fair_score", "skor_mentah": "raw_mean", "CI95_lower": "CI_lower",
    "CI95_upper": "CI_upper", "ci_low": "CI_lower", "ci_high": "CI_upper", "dof1": "df1", "dof2": "df2",
    "p_unc": "pval", "dof": "df",
}
HEADER_KEYS = {
    "label": "col.keterangan", "self": "analysis.g_self", "others": "analysis.g_others",
    "suppressed": "analysis.suppressed", "status": "cycle.info_status", "note": "cycle.info_note",
    "predikat_organisasi": "vocab.what_org_predikat", "periode": "cycle.info_period", "score": "analysis.what_score",
    "jenis": "col.type", "kind": "col.type", "catatan": "cycle.info_note",
}


def _header_key(name: str) -> str:
    name = SAME_AS.get(name, name)
    return HEADER_KEYS.get(name, f"col.{name}")


def _about_key(name: str) -> str:
    return f"col.{SAME_AS.get(name, name)}.about"


#: column -> (header, meaning), in Bahasa Indonesia (``column_info(name, lang)`` for another language)
COLUMNS: dict[str, tuple[str, str]] = {c: (t(_header_key(c), "id"), t(_about_key(c), "id")) for c in KNOWN_COLUMNS}


def _group(g: str, lang) -> str:
    return t(f"analysis.g_{g}", lang)


#: the columns the trend and talent-pool tables hold once per period (``skor_<period name>``)
PER_PERIOD = ("predikat", "rating_perilaku", "skor")

_PATTERNS = [
    (re.compile(r"^combined_(.+)$"),
     lambda m, lang: (t("col.pattern_combined", lang, x=m[1]), t("col.pattern_combined.about", lang, x=m[1]))),
    (re.compile(r"^mean_(self|supervisor|peer|subordinate|others)$"),
     lambda m, lang: (t("col.pattern_mean", lang, group=_group(m[1], lang)),
                      t("col.pattern_mean.about", lang, group=_group(m[1], lang)))),
    (re.compile(r"^n_(self|supervisor|peer|subordinate|others)$"),
     lambda m, lang: (t("col.pattern_n", lang, group=_group(m[1], lang)),
                      t("col.pattern_n.about", lang, group=_group(m[1], lang)))),
    # a value per period in the trend and talent-pool tables (``predikat_Semester I 2026``)
    (re.compile("^(" + "|".join(PER_PERIOD) + ")_(.+)$"),
     lambda m, lang: (t(f"col.pattern_{m[1]}", lang, x=m[2]), t(f"col.pattern_{m[1]}.about", lang, x=m[2]))),
    (re.compile(r"^(self|supervisor|peer|subordinate)_(invited|submitted)$"),
     lambda m, lang: (t(f"col.pattern_{m[2]}", lang, group=_group(m[1], lang)),
                      t(f"col.pattern_{m[2]}.about", lang, group=_group(m[1], lang)))),
    # a count and a share per category (the pooled analysis: ``n_Sangat Baik``, ``share_Baik``)
    (re.compile(r"^(n|share)_(.+)$"),
     lambda m, lang: (t(f"col.pattern_{m[1]}_of", lang, x=m[2]), t(f"col.pattern_{m[1]}_of.about", lang, x=m[2]))),
]

UNKNOWN = t("col.unknown", "id")


def column_info(name, lang: str | None = None) -> tuple[str, str]:
    """``(header, meaning)`` of a column in ``lang``; an unknown column keeps its name."""
    key = str(name)
    if key in COLUMNS:
        return t(_header_key(key), lang), t(_about_key(key), lang)
    for pattern, make in _PATTERNS:
        m = pattern.match(key)
        if m:
            return make(m, lang)
    return key, t("col.unknown", lang)


def column_label(name, lang: str | None = None) -> str:
    """The header of a column (Bahasa Indonesia by default; its own name when unknown).

    >>> column_label("mean_peer"), column_label("predikat_usulan"), column_label("kolom_baru")
    ('rata-rata rekan kerja', 'predikat usulan', 'kolom_baru')
    >>> column_label("mean_peer", "en")
    'mean of peers'
    """
    return column_info(name, lang)[0]


def labelled(df: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """``df`` with people's headers (in ``lang``); a header used twice gets its machine name appended."""
    labels = [column_label(c, lang) for c in df.columns]
    seen: dict[str, int] = {}
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
    out = [f"{lab} ({c})" if seen[lab] > 1 else lab for lab, c in zip(labels, df.columns)]
    return df.set_axis(out, axis=1)


def data_dictionary(sheets: Mapping[str, pd.DataFrame], lang: str | None = None) -> pd.DataFrame:
    """One row per sheet and column: ``lembar, kolom, nama_asli, arti`` (the *kamus data*; the
    column names are the sheet's contract, the headers and meanings in ``lang``)."""
    rows = []
    for name, df in sheets.items():
        shown = labelled(df, lang).columns
        for col, header in zip(df.columns, shown):
            rows.append({"lembar": name, "kolom": header, "nama_asli": str(col), "arti": column_info(col, lang)[1]})
    return pd.DataFrame(rows, columns=["lembar", "kolom", "nama_asli", "arti"])


# --- values shown to people --------------------------------------------------------------------

#: a missing value (``None``, ``NaN``, ``NaT``, an empty text) as people read it in the CLI's tables
MISSING = "\u2014"

#: the machine codes that output tables hold, and the catalog key of the word people read instead:
#: relationship codes, cycle, form and outbox states (the stored codes stay; this is display only),
#: the distribution rules of PermenPANRB 6/2022 (``analysis.predikat``), the rows of the reliability
#: and fairness tables, the tests and effect sizes of the fairness report
VALUE_KEYS = {
    **{r: f"cycle.rel_{r}" for r in ("self", "supervisor", "peer", "subordinate", "stakeholder")},
    "others": "analysis.g_others",
    # a cycle (``store.CYCLE_STATUSES`` and "published"), a form, a message of the outbox
    "draft": "dash.status_draft", "open": "val.status_open", "closed": "dash.status_closed",
    "published": "val.status_published", "pending": "val.status_pending", "submitted": "val.status_submitted",
    "declined": "val.status_declined", "prepared": "val.outbox_prepared", "opened": "val.outbox_opened",
    "sent": "cycle.res_sent", "failed": "val.outbox_failed",
    # the distribution rules (``rule``)
    "plurality": "val.rule_plurality", "max": "val.rule_max", "some": "val.rule_some", "none": "cycle.link_none",
    # rows of the reliability and fairness tables (``group``, ``component``, ``type``)
    "overall": "val.overall", "ALL": "val.overall", "item": "dash.g_items", "ratee x item": "val.ratee_x_item",
    "rater": "val.rater", "ratee": "val.ratee",
    "residual": "val.residual", "scale_score": "val.scale_score",
    "blind_spot": "analysis.spot_blind", "hidden_strength": "analysis.spot_hidden",
    "welch_anova": "val.welch_anova", "welch_t": "val.welch_t", "hedges_g": "val.hedges_g",
    "eta_squared": "val.eta_squared",
    # the methods and components of the G-study tables (``method``, ``component``), the DIF classes
    "henderson3": "val.method_henderson3", "reml": "val.method_reml", "ratee_rater": "analysis.vc_ratee_rater",
    **{c: f"analysis.dif_class_{c}" for c in ("A", "B", "C")},
    # the measures of the fairness summary (``measure``)
    **{m: f"val.m_{m}" for m in ("answers_in_model", "careless_forms", "components", "grand_mean",
                                 "mean_intercompetency_r", "ratees", "raters", "raters_flagged", "sigma")},
}

#: the columns whose texts are codes of :data:`VALUE_KEYS` (a list of codes is ``"peer, subordinate"``)
CODE_COLUMNS = frozenset({
    "relationship", "source_a", "source_b", "group", "groups", "groups_used", "groups_suppressed", "status",
    "rule", "competency", "component", "type", "test", "effect_type", "rater_group", "ratee_group", "data", "units",
    "measure", "method", "dif_class", "dif_reference", "dif_groups",
})
#: the columns whose texts are column names (a fairness factor is ``jenis_kelamin``): their header
NAME_COLUMNS = frozenset({"factor", "attribute"})
#: the columns holding a stored moment (naive UTC): shown in the installation's zone with its label
#: (``i18n.fmt_time``); a deadline (an exclusive end) is shown by ``store.format_deadline`` instead
TIME_COLUMNS = frozenset({
    "at", "waktu", "created_at", "sent_at", "updated_at", "submitted_at", "decided_at", "acknowledged_at",
    "applied_at", "closed_at", "explained_at", "filed_at", "revoked_at", "diajukan", "dijelaskan", "diputuskan",
})
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")  # a moment written as ISO text

_BOOL_KEYS = {True: "per_yes", False: "per_no"}


def is_missing(value) -> bool:
    """``None``, ``NaN``, ``NaT`` and ``pd.NA`` (not a list or a text)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def code_label(code, lang: str | None = None) -> str:
    """The word people read for a machine code (:data:`VALUE_KEYS`); an unknown code unchanged.

    >>> code_label("peer"), code_label("prepared"), code_label("open"), code_label("plurality", "en")
    ('rekan', 'disiapkan', 'dibuka', 'most frequent')
    """
    key = VALUE_KEYS.get(str(code))
    return t(key, lang) if key else str(code)


def display_value(value, column=None, lang: str | None = None, *, missing: str = MISSING):
    """A cell as people read it: ``True``/``False`` as *ya*/*tidak*, a missing value as ``missing``,
    a code of a :data:`CODE_COLUMNS` column as its word, a column name in :data:`NAME_COLUMNS` as its
    header, a catalog message in ``lang``; anything else unchanged.

    The CLI's tables and the workbooks both show values through this function (one mapping).

    >>> display_value(True), display_value(None), display_value("peer", "relationship")
    ('ya', '—', 'rekan')
    >>> display_value("peer, subordinate", "groups_suppressed", "en"), display_value("open", "status", "en")
    ('peer, direct report', 'open')
    """
    from ..i18n import Localized

    if isinstance(value, (bool, np.bool_)):
        return t(_BOOL_KEYS[bool(value)], lang)
    if isinstance(value, Localized):
        return value.render(lang)
    if is_missing(value):
        return missing
    if column is not None and str(column) in TIME_COLUMNS and (
            isinstance(value, dt.datetime) or isinstance(value, str) and _ISO_MOMENT.match(value)):
        return fmt_time(value, lang)
    if isinstance(value, str) and column is not None:
        column = str(column)
        if column in CODE_COLUMNS:
            parts = value.split(", ")
            return ", ".join(code_label(p, lang) for p in parts) if any(p in VALUE_KEYS for p in parts) else value
        if column in NAME_COLUMNS:
            return column_label(value, lang)
    return value


def displayed(df: pd.DataFrame, lang: str | None = None, *, missing=None) -> pd.DataFrame:
    """``df`` (machine column names kept) with every value as :func:`display_value` shows it;
    missing values stay missing (an empty cell) unless ``missing`` is given."""
    out = df.copy()
    for i, col in enumerate(df.columns):
        values = df.iloc[:, i]
        moments = str(col) in TIME_COLUMNS and pd.api.types.is_datetime64_any_dtype(values.dtype)
        if (moments or pd.api.types.is_bool_dtype(values.dtype) or values.dtype == object
                or isinstance(values.dtype, (pd.CategoricalDtype, pd.StringDtype))):
            shown = [v if (missing is None and is_missing(v)) else display_value(v, col, lang, missing=missing)
                     for v in values.astype(object).tolist()]
            out.isetitem(i, pd.Series(shown, index=df.index, dtype=object))
        elif missing is not None and values.isna().any():
            out.isetitem(i, values.astype(object).where(values.notna(), missing))
    return out


# --- the apps' screens -------------------------------------------------------------------------

#: The short, capitalised header of a column on an app's screen: column -> its one catalog key.  The
#: admin, closing, periods, calibration and dashboard tables all read it (``apps.html.html_table``), so
#: a column has one header wherever it is shown; a column not listed here shows its workbook header
#: (``column_label``) with a capital first letter.
SCREEN_KEYS = {
    # the admin app (``admin.h_*``)
    **{c: f"admin.h_{c}" for c in (
        "id", "name", "period_start", "period_end", "status", "nama", "ratee", "nip", "invited", "submitted",
        "pending", "total", "row", "field", "message", "n_ratees", "tautan", "batas", "belum_mulai",
        "email", "no_hp", "forms", "rater", "nama_penilai", "nama_dinilai", "relationship", "alasan", "atasan",
        "rekan", "bawahan", "penilai", "peringatan", "channel", "kind", "address", "created_at", "sent_at",
        "actor", "error", "seq", "hasil", "catatan", "instansi", "dicabut", "value_code")},
    "unit_kerja": "closing.h_unit_kerja", "rate": "dash.c_rate", "draf": "status_draft", "diri": "admin.rel_self",
    # the closing tab (``closing.h_*``): the row of a file is the admin's "row"
    "baris": "admin.h_row", "no": "closing.h_id",
    **{c: f"closing.h_{c}" for c in ("lama", "baru", "perubahan", "predikat_awal", "tahap", "batas_keputusan",
                                     "terlambat", "penilai_nama", "atasan_penilai_nama", "keputusan",
                                     "predikat_akhir", "versi")},
    # calibration (``cal.c_*``)
    "pegawai": "cal.c_pegawai", "predikat": "cal.c_predikat", "usulan": "cal.c_usulan",
    "ditetapkan": "cal.c_ditetapkan", "oleh": "cal.c_oleh", "waktu": "cli.col.at",  # a moment with its zone ("08-12-2026 06.01 WIB")
    "skor_mentah": "cal.c_skor_mentah", "skor_adil": "cal.c_skor_adil", "rating_hasil_kerja": "cal.c_hasil_kerja",
    "rating_perilaku": "cal.c_perilaku", "predikat_usulan": "cal.c_predikat_usulan",
    "predikat_ditetapkan": "cal.c_predikat_ditetapkan",
    # the dashboard (``dash.c_*``)
    "measure": "dash.c_measure", "for": "dash.c_for", "value": "report.col_value", "level": "dash.c_level",
    "meaning": "dash.c_meaning", "jumlah": "dash.c_count", "persen": "dash.c_percent",
    # the admin's coverage tab (``hr.c_*``, as ``daftar-penilai`` prints them); the load cap is
    # ``batas_beban`` on a screen, since ``batas`` is the deadline there
    **{c: f"hr.c_{c}" for c in ("kelompok", "diminta", "didapat", "sebab", "saran", "tingkat", "lengkap",
                                "kurang_atasan", "kurang_rekan", "kurang_bawahan", "beban")},
    "batas_beban": "hr.c_batas",
    # the admin's personal-data tab (``privacy.c_*``)
    "kolom_data": "privacy.c_kolom", "nilai_tersimpan": "privacy.c_tersimpan", "nilai_baru": "privacy.c_baru",
}

_GROUP_COUNT = re.compile(r"^(self|supervisor|peer|subordinate|stakeholder)_(invited|submitted)$")


def screen_label(name, lang: str | None = None) -> str:
    """The header of column ``name`` on an app's screen, in ``lang``.

    >>> screen_label("nama"), screen_label("rate", "en"), screen_label("peer_submitted")
    ('Nama', 'Response', 'Rekan: terkirim')
    >>> screen_label("mean_peer")  # not a screen column: the workbook header, capitalised
    'Rata-rata rekan kerja'
    """
    key = str(name)
    if key in SCREEN_KEYS:
        return t(SCREEN_KEYS[key], lang)
    m = _GROUP_COUNT.match(key)
    if m:
        return f"{t(f'admin.rel_{m[1]}', lang)}: {t(SCREEN_KEYS[m[2]], lang).lower()}"
    label = column_label(key, lang)
    return label[:1].upper() + label[1:]


# --- text shown to people -----------------------------------------------------------------------

#: Bidirectional-override/isolate/mark characters (they can reorder what a reader sees, e.g. make
#: "gnp.exe" look like "exe.png") and zero-width characters (they hide text or split words):
#: removed from every displayed text.  Unicode TR#9 and UTS#39 list them as display-spoofing risks.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u180e\u00ad]")


def display_text(value) -> str:
    """``value`` as text with bidi controls and zero-width characters removed.

    >>> display_text("Budi\u202eSantoso\u200b")
    'BudiSantoso'
    """
    if value is None:
        return ""
    return INVISIBLE.sub("", str(value))


def slugify(text: str, max_len: int = 60) -> str:
    """A safe file-name part: ASCII letters, digits and single dashes, lower case.

    >>> slugify("Dra. Siti Nur'aini, M.Si."), slugify("../../etc"), slugify("Ñoño  Ü")
    ('dra-siti-nur-aini-m-si', 'etc', 'nono-u')
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", display_text(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-")
