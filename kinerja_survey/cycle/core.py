"""Roster, cycles, assignments and links, and a cycle's results: the core use cases.

See the package docstring (``kinerja_survey.cycle``) for the flow.
"""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analysis.fairness import FairnessConfig
from ..analysis.results import CycleResults, cycle_results
from ..analysis.scoring import ScoringConfig, combined_scores
from ..collect.assignment import AssignmentPlan, generate_assignments
from ..collect.instrument import Instrument
from ..collect.nip import normalise_nip
from ..collect.roster import load_roster
from ..errors import KinerjaError
from ..frames import renamed_parameters
from ..i18n import Msg, t
from ..store import Store, StoreError
from ..store.common import status_word
from .vault import keep_links

RATER_URL_ENV = "KINERJA_SURVEY_RATER_URL"
DEFAULT_RATER_URL = "http://127.0.0.1:8866/"


class CycleError(KinerjaError, ValueError):
    """A use case was refused; the message says why, for the person who asked."""


# --- personal links ---------------------------------------------------------------------------------

def rater_url(explicit: str | None = None) -> str:
    """The public address of the rater app: ``explicit``, else ``$KINERJA_SURVEY_RATER_URL``,
    else ``http://127.0.0.1:8866/``."""
    return (explicit or os.environ.get(RATER_URL_ENV) or DEFAULT_RATER_URL).strip()


def link_url(base_url: str | None, token: str) -> str:
    """The personal link of ``token``: the one rule every front end uses.

    >>> link_url("https://kinerja.example.go.id/penilaian", "abc")
    'https://kinerja.example.go.id/penilaian/?token=abc'
    >>> link_url("http://127.0.0.1:8866/?lang=en", "abc")
    'http://127.0.0.1:8866/?lang=en&token=abc'
    """
    base = rater_url(base_url)
    if "?" in base:
        return f"{base}&token={token}"
    return f"{base.rstrip('/')}/?token={token}"


# --- the public address: set once per installation, used in every link ------------------------------

#: the installation's public address of the rater app (a setting in the store)
PUBLIC_ADDRESS_SETTING = "public_address"
#: a cycle's own address (``CYCLE_ADDRESS_SETTING.format(cycle_id=...)``), kept when its links were
#: first written with an explicit ``base_url`` so that later links of the cycle match them
CYCLE_ADDRESS_SETTING = "public_address.cycle.{cycle_id}"


def is_loopback(url: str) -> bool:
    """True when ``url`` points at this computer only (127.0.0.0/8, ``localhost``, ``::1``): a
    link nobody else can open.

    >>> is_loopback("http://127.0.0.1:8866/"), is_loopback("http://[::1]/"), is_loopback("https://x.go.id/")
    (True, True, False)
    """
    host = (urllib.parse.urlsplit(str(url).strip()).hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_address(url: str) -> str:
    """``url`` stripped, when it is an ``http(s)://host[/path]`` address; else ``CycleError``."""
    text = str(url or "").strip()
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment or " " in text:
        raise CycleError("cycle.address_bad", url=text)
    return text


def public_address(store: Store, cycle_id: int | None = None) -> str | None:
    """The address stored for links: the cycle's own (``CYCLE_ADDRESS_SETTING``), else the
    installation's (``PUBLIC_ADDRESS_SETTING``); None when neither is set."""
    if cycle_id is not None:
        own = store.setting(CYCLE_ADDRESS_SETTING.format(cycle_id=int(cycle_id)))
        if own:
            return str(own)
    found = store.setting(PUBLIC_ADDRESS_SETTING)
    return str(found) if found else None


def set_public_address(store: Store, url: str, *, actor: str, cycle_id: int | None = None) -> str:
    """Set the installation's public address (or, with ``cycle_id``, that cycle's own); recorded
    in the audit log (``set_setting``).  Returns the address stored."""
    url = check_address(url)
    key = (PUBLIC_ADDRESS_SETTING if cycle_id is None
           else CYCLE_ADDRESS_SETTING.format(cycle_id=int(store.cycle(int(cycle_id))["id"])))
    store.set_setting(key, url, actor=actor)
    return url


def link_base(store: Store, cycle_id: int | None = None, explicit: str | None = None) -> str:
    """The address the links of ``cycle_id`` point to, first found of: ``explicit`` (``--url-dasar``,
    this run only), the cycle's own address, the installation's public address
    (``kinerja-survey alamat-publik``), ``$KINERJA_SURVEY_RATER_URL``, ``http://127.0.0.1:8866/``."""
    return rater_url(check_address(explicit) if explicit else public_address(store, cycle_id))


def address_source(store: Store, cycle_id: int | None = None) -> str:
    """Where :func:`link_base` (without an explicit address) takes the address from: ``"cycle"``,
    ``"installation"``, ``"env"`` or ``"default"``."""
    if cycle_id is not None and store.setting(CYCLE_ADDRESS_SETTING.format(cycle_id=int(cycle_id))):
        return "cycle"
    if store.setting(PUBLIC_ADDRESS_SETTING):
        return "installation"
    return "env" if os.environ.get(RATER_URL_ENV) else "default"


def keep_cycle_address(store: Store, cycle_id: int, explicit: str | None, *, actor: str) -> None:
    """When a cycle's links are written with an explicit address that differs from what the cycle
    would use, keep it as the cycle's own address: reminders, dialog links and reissued links of
    the cycle then carry the same address as the links already handed out."""
    if explicit and link_base(store, cycle_id) != check_address(explicit):
        set_public_address(store, explicit, actor=actor, cycle_id=cycle_id)


def links_with_urls(links: pd.DataFrame, base_url: str | None = None) -> pd.DataFrame:
    """A links frame (``nip, nama, unit_kerja, token``) plus ``tautan``, the full personal URL."""
    out = links.copy()
    out["tautan"] = [link_url(base_url, tok) for tok in out["token"].astype(str)]
    return out


# --- roster, cycles, assignments -----------------------------------------------------------------

def import_roster(store: Store, source, *, actor: str, sheet=0) -> dict:
    """Read and validate a roster file (path, ``(name, bytes)`` or DataFrame) and import it.

    All or nothing: any bad row raises ``RosterError`` listing every bad row, and the store is
    unchanged.  Returns the counts of ``Store.import_roster``.
    """
    return store.import_roster(load_roster(source, sheet=sheet), actor=actor)


def create_cycle(store: Store, name: str, start, end, instrument: Instrument | None = None, *, actor: str,
                 hr_contact: str | None = None) -> int:
    """A new cycle in status ``draft`` with its own copy of the instrument (default BerAKHLAK) and
    the HR contact raters see on their task list."""
    return store.create_cycle(name, start, end, instrument, hr_contact=hr_contact, actor=actor)


@dataclass
class Assigned:
    """What :func:`assign` did: the plan it drew and the personal links it issued (with URLs)."""

    plan: AssignmentPlan
    links: pd.DataFrame  # nip, nama, unit_kerja, token, tautan (new raters only)

    @property
    def counts(self) -> pd.Series:
        return self.plan.assignments["relationship"].value_counts()


def assign(store: Store, cycle_id: int, *, actor: str, peers=(3, 5), max_subordinates: int = 8,
           max_load: int = 12, seed: int = 0, base_url: str | None = None, cross_units: bool = False) -> Assigned:
    """Draw rater assignments from the org chart of the active roster (coverage first, then load:
    ``collect.assignment``), store them and issue a personal link for every rater who has none in
    this cycle yet.  The options are kept for ``hr.coverage_review``."""
    from .hr import keep_assign_options

    roster = store.employees_frame()
    if roster.empty:
        raise CycleError("cycle.roster_empty")
    plan = generate_assignments(roster, peers=tuple(peers), max_subordinates=max_subordinates,
                                max_load=max_load, seed=seed, cross_units=cross_units)
    links = store.add_assignments(cycle_id, plan.assignments, actor=actor)
    keep_assign_options(store, cycle_id, actor=actor, peers=peers, max_subordinates=max_subordinates,
                        max_load=max_load, cross_units=cross_units)
    keep_links(store, links)  # cycle.vault: sealed, so that reminders can carry the link
    store.snapshot_roster(cycle_id, actor=actor)  # units as of this cycle (trends follow a NIP across a mutasi)
    keep_cycle_address(store, cycle_id, base_url, actor=actor)
    return Assigned(plan, links_with_urls(links, link_base(store, cycle_id, base_url)))


def reissue_links(store: Store, cycle_id: int, nips, *, actor: str, base_url: str | None = None) -> pd.DataFrame:
    """New personal links for the given raters (lost or leaked links); each old link stops working.

    NIPs may be written with dots or spaces.  Returns ``nip, nama, unit_kerja, token, tautan``.
    """
    emp = store.employees_frame(active_only=False).set_index("nip")
    rows = []
    for raw in nips:
        nip = normalise_nip(raw)
        if nip not in emp.index:
            raise CycleError("cycle.nip_not_in_roster", nip=raw)
        token = store.reissue_link(cycle_id, nip, actor=actor)
        keep_links(store, [token])
        rows.append({"nip": nip, "nama": emp.at[nip, "nama"], "unit_kerja": emp.at[nip, "unit_kerja"],
                     "token": token})
    return links_with_urls(pd.DataFrame(rows, columns=["nip", "nama", "unit_kerja", "token"]),
                           link_base(store, cycle_id, base_url))


def open_cycle(store: Store, cycle_id: int, *, actor: str) -> None:
    """Open a cycle: its personal links start working."""
    store.set_cycle_status(cycle_id, "open", actor=actor)


def close_cycle(store: Store, cycle_id: int, *, actor: str) -> None:
    """Close a cycle: no more answers are accepted."""
    store.set_cycle_status(cycle_id, "closed", actor=actor)


def set_status(store: Store, cycle_id: int, status: str, *, actor: str) -> None:
    """``open_cycle`` or ``close_cycle`` by name (``"open"`` / ``"closed"``)."""
    {"open": open_cycle, "closed": close_cycle}[status](store, cycle_id, actor=actor)


# --- results -------------------------------------------------------------------------------------

def cycle_title(info: dict, lang: str | None = None) -> str:
    """``"<name> (dd-mm-yyyy s.d. dd-mm-yyyy)"`` for a ``Store.cycle`` row; without ``lang`` an
    ``i18n.Msg`` (a str in the default language that a report renders again in its own)."""
    if info.get("period_start") is not None and info.get("period_end") is not None:
        fields = dict(name=info["name"], start=f"{pd.Timestamp(info['period_start']):%d-%m-%Y}",
                      end=f"{pd.Timestamp(info['period_end']):%d-%m-%Y}")
        return Msg("cycle.title", **fields) if lang is None else t("cycle.title", lang, **fields)
    return str(info["name"])


class ProvisionalError(CycleError):
    """The results of a cycle that is not closed were asked for without ``provisional=True``."""


def _suggestions(store: Store):
    """HR's imported suggestion library (cycle.development.import_suggestions), else the built-in one."""
    from .development import current_suggestions

    return current_suggestions(store)


def cycle_ratings(store: Store, cycle_id: int) -> pd.DataFrame:
    """The submitted ratings a cycle's results are computed from: the roster's raters and the
    stakeholders (*pemangku kepentingan*), from the store's one ratings query
    (``Store.ratings(cycle_id, stakeholders=True)``).

    :func:`load_results` and the trends of ``cycle.periods`` both read this frame and both keep
    only its displayable part (``analysis.displayable_ratings``: a rater group under its
    threshold for a ratee, the stakeholders' included, counts in no figure), so a person's
    score in a trend is the score of that cycle's results.
    """
    return store.ratings(cycle_id, stakeholders=True)


@renamed_parameters(sementara="provisional")
def load_results(store: Store, cycle_id: int, config: ScoringConfig | None = None, *,
                 provisional: bool = False) -> CycleResults:
    """A cycle's results, put together once: scores, rating perilaku, hasil kerja, predikat with
    the recorded overrides applied, comments, invitations and response rates; reliability on
    first use (``results.reliability()``).

    A cycle that is not closed is refused unless ``provisional=True``: its figures change with every
    submission, and comparing two of them with the response counts would single out one rater's
    answers.  With ``provisional=True`` the results are marked *hasil sementara*
    (``results.provisional``) in every output.  ``sementara=`` is the old name of ``provisional=``
    (a ``DeprecationWarning``; removed in the next release).

    Raises
    ------
    ProvisionalError
        The cycle is not closed and ``provisional`` is False.
    CycleError
        The cycle has no submitted ratings.
    StoreError
        The cycle does not exist.
    """
    info = store.cycle(cycle_id)
    if str(info["status"]) != "closed" and not provisional:
        raise ProvisionalError("cycle.not_closed", id=cycle_id, status=status_word(info["status"]))
    ratings = cycle_ratings(store, cycle_id)
    if ratings.empty:
        raise CycleError("cycle.no_ratings", id=cycle_id)
    results = cycle_results(
        ratings, store.employees_frame(active_only=False), instrument=store.instrument(cycle_id),
        comments=store.comments_frame(cycle_id), hasil_kerja=store.hasil_kerja_frame(cycle_id),
        invitations=store.response_rates(cycle_id, by="ratee"), config=config, cycle_name=cycle_title(info),
        suggestions=_suggestions(store), overrides=store.predikat_overrides(cycle_id), cycle_id=cycle_id,
        status="published" if store.is_published(cycle_id) else str(info["status"]),
        response_rates_unit=store.response_rates(cycle_id, by="unit"))
    from .development import action_progress  # the previous plan's progress, for the reports

    results.development = action_progress(store, cycle_id)
    from .calibration import apply_published, perilaku_source  # a published cycle's final values: its newest snapshot

    final = apply_published(results, store.snapshot(cycle_id))
    final.perilaku_source = perilaku_source(store, cycle_id)  # raw or fair: stated in every output
    return final


def latest_cycle_with_results(store: Store, *, sementara: bool = False) -> int | None:
    """The newest cycle that has submitted ratings (closed only, unless ``sementara``); None if none."""
    cycles = store.cycles_frame()
    for row in cycles.sort_values("id", ascending=False).itertuples(index=False):
        if str(row.status) != "closed" and not sementara:
            continue
        if not cycle_ratings(store, int(row.id)).empty:
            return int(row.id)
    return None


def info_table(results: CycleResults, lang: str | None = None) -> pd.DataFrame:
    """The ``keterangan`` table of every output: the cycle, its status (*hasil sementara* while
    provisional, ``CycleResults.state``), the weights of the combined score and the anonymity
    thresholds.  Columns ``keterangan, nilai`` (the sheet's contract); the texts in ``lang``."""
    from ..analysis.scoring import group_name
    from ..i18n import resolve_lang

    cfg = results.config
    comma = resolve_lang(lang) != "en"
    weights = ", ".join(f"{group_name(g, lang)} " + (f"{w:g}".replace(".", ",") if comma else f"{w:g}")
                        for g, w in cfg.weights.items() if w > 0)
    groups = list(cfg.thresholds)
    if "stakeholder" not in groups and results.ratings is not None and (results.ratings["relationship"] == "stakeholder").any():
        groups.append("stakeholder")  # pemangku kepentingan: stated when they answered
    thresholds = ", ".join(f"{group_name(g, lang)} {cfg.threshold(g)}" for g in groups)
    rows = [(t("cycle.info_period", lang), results.cycle_name), (t("cycle.info_status", lang), status_text(results, lang)),
            (t("cycle.info_weights", lang), t("cycle.info_weights_value", lang, weights=weights)),
            (t("cycle.info_thresholds", lang),
             t("cycle.info_thresholds_value", lang, thresholds=thresholds, others=cfg.min_others)),
            (t("cycle.info_basis", lang), t(f"cal.source_{getattr(results, 'perilaku_source', 'raw')}", lang)),
            (t("cycle.info_note", lang), t("cycle.info_note_value", lang))]
    rows += [(col, t(f"cycle.col_{col}", lang)) for col in PREDIKAT_COLUMNS]
    return pd.DataFrame(rows, columns=["keterangan", "nilai"])


def status_text(results: CycleResults, lang: str | None = None) -> str:
    """The results' state in words (``CycleResults.state_text``): *HASIL SEMENTARA* while the cycle
    is open, or closed but not yet published; final once published (later changes only through
    keberatan)."""
    return results.state_text(lang)


def score_table(results: CycleResults) -> pd.DataFrame:
    """The per-ratee score table of the outputs: ``ratee, nama, jabatan, unit_kerja`` and every
    column of ``score_cycle`` (``predikat`` decided, ``predikat_usulan`` proposed)."""
    return results.people.rename(columns={"nip": "ratee"})


#: what the predikat columns of the outputs mean, in Bahasa Indonesia (``info_table(lang=...)`` for English)
PREDIKAT_COLUMNS = {col: t(f"cycle.col_{col}", "id") for col in
                    ("rating_hasil_kerja", "rating_perilaku", "predikat_usulan", "predikat", "predikat_alasan")}


def distribution_tables(results: CycleResults, org_predikat: str) -> dict[str, pd.DataFrame]:
    """``kurva_distribusi``: every band of the kurva distribusi of ``org_predikat`` checked on the
    proposed and on the decided predikat (``check_distribution(all_rules=True)``)."""
    from ..analysis.predikat import check_distribution

    parts = []
    for col, label in (("predikat_usulan", t("cycle.dist_proposed")), ("predikat", t("cycle.dist_decided"))):
        values = results.scores.get(col)
        if values is not None and values.notna().any():
            parts.append(check_distribution(values.dropna(), org_predikat, all_rules=True)
                         .assign(predikat_dari=label, predikat_organisasi=org_predikat))
    return {"kurva_distribusi": pd.concat(parts, ignore_index=True)} if parts else {}


def analysis_tables(results: CycleResults, *, reliability: bool = True,
                    org_predikat: str | None = None, lang: str | None = None) -> dict[str, pd.DataFrame]:
    """The analysis tables of a cycle by sheet name, fairness excluded.

    ``keterangan`` (:func:`info_table`: status, weights, thresholds and the predikat columns),
    ``kurva_distribusi`` with ``org_predikat`` (:func:`distribution_tables`),
    ``skor`` (:func:`score_table`), ``rerata_kelompok`` (displayed group means,
    ``scoring.combined_scores``), ``reliabilitas_*`` (``reliability_report``), ``respons_unit`` and
    ``respons_pegawai`` (response rates).
    """
    tables = {"keterangan": info_table(results, lang), "skor": score_table(results),
              "rerata_kelompok": combined_scores(results.ratings, results.config)}
    if reliability:
        per_ratee = per_ratee_reliability(results)
        for key, table in results.reliability().items():
            tables[f"reliabilitas_{key}"] = per_ratee[key] if key in PER_RATEE_RELIABILITY else table
    if org_predikat:
        tables.update(distribution_tables(results, org_predikat))
    if results.response_rates_unit is not None:
        tables["respons_unit"] = results.response_rates_unit
    if results.invitations is not None:
        tables["respons_pegawai"] = results.invitations.reset_index()
    return tables


#: Tables of ``reliability_report`` with one row per ratee: computed from the displayable ratings
#: only, so a hidden group's answers never move a person's figure.  The other tables are
#: organisation-wide statistics over the whole cycle and may use every answer.
PER_RATEE_RELIABILITY = ("rwg_j", "agreement_ratee", "ratee_reliability")


def per_ratee_reliability(results: CycleResults) -> dict[str, pd.DataFrame]:
    """The per-ratee tables of ``reliability_report`` (:data:`PER_RATEE_RELIABILITY`) computed
    from ``results.shown_ratings`` -- only those three tables (``tables=``), not a second whole
    report; empty tables (same columns as the whole cycle's) when they cannot be computed."""
    from ..analysis.reliability import reliability_report

    whole = results.reliability()
    try:
        shown = reliability_report(results.shown_ratings, tables=PER_RATEE_RELIABILITY)
    except ValueError:
        shown = {}
    return {k: shown[k] if k in shown else whole[k].iloc[0:0] for k in PER_RATEE_RELIABILITY if k in whole}


def fairness_tables(results: CycleResults, config: FairnessConfig | None = None) -> dict[str, pd.DataFrame]:
    """``fairness.fairness_report`` of a cycle by sheet name ``keadilan_<table>``.

    Computed from the displayable ratings (``results.shown_ratings``): every table is about
    people, raters or groups of people, so none may depend on a hidden group's answers.  The
    roster goes in with the decided ``predikat`` so that the four-fifths table is computed.
    """
    from ..analysis.fairness import fairness_report

    emp = results.employees.reset_index(drop=True)
    if "predikat" in results.scores.columns:
        emp = emp.assign(predikat=emp["nip"].astype(str).map(results.scores["predikat"]))
    return {f"keadilan_{k}": v for k, v in fairness_report(results.shown_ratings, emp, config).items()}


def meeting_min_group(results: CycleResults) -> int:
    """The smallest number of people a meeting output may show a unit for: the largest group
    threshold (peer/subordinate, default 3)."""
    return max(results.config.thresholds.values())


def export_workbook(results: CycleResults, path, *, meeting_mode: bool = False, secret: str | None = None,
                    fairness: bool = True, fairness_config: FairnessConfig | None = None,
                    org_predikat: str | None = None, lang: str | None = None) -> Path:
    """The whole analysis of a cycle in one Excel workbook (``present.exports.write_workbook``);
    with ``org_predikat`` (the recorded organisation predikat) also the kurva distribusi check.
    Headers and the keterangan sheet in ``lang`` (Bahasa Indonesia by default)."""
    tables = analysis_tables(results, org_predikat=org_predikat, lang=lang)
    if fairness:
        tables.update(fairness_tables(results, fairness_config))
    return write_tables_to(results, tables, path, fmt="xlsx", meeting_mode=meeting_mode, secret=secret, lang=lang)


def write_tables_to(results: CycleResults, tables: dict, out, *, fmt: str = "xlsx", meeting_mode: bool = False,
                    secret: str | None = None, nips=None, lang: str | None = None):
    """Write a cycle's tables as one workbook (``fmt="xlsx"``, ``out`` a file) or one file per table
    (``"csv"``/``"json"``, ``out`` a folder), with the cycle's ``keterangan`` table and its meeting
    rule (per-rater tables out, units coarsened to :func:`meeting_min_group` people, NIPs
    pseudonymised).  Returns the path (xlsx) or the list of files."""
    from ..present.exports import write_tables, write_workbook

    if "keterangan" not in tables:
        tables = {"keterangan": info_table(results, lang), **tables}
    if nips is None:
        nips = results.employees["nip"].astype(str).tolist() if "nip" in results.employees else []
    kw = dict(meeting_mode=meeting_mode, nips=nips, secret=secret, min_group=meeting_min_group(results))
    if fmt == "xlsx":
        return write_workbook(out, tables, lang=lang, **kw)
    return write_tables(out, tables, fmt, **kw)


def write_reports(results: CycleResults, out_dir, nips=None, **kwargs) -> list:
    """Individual feedback reports (``present.reports.write_reports``); NIPs may carry dots/spaces."""
    from ..present.reports import write_reports as _write

    if nips is not None:
        nips = [normalise_nip(n) for n in nips]
    return _write(results, out_dir, nips, **kwargs)


__all__ = [
    "Assigned", "CycleError", "CycleResults", "ProvisionalError", "StoreError", "analysis_tables", "info_table",
    "PER_RATEE_RELIABILITY", "latest_cycle_with_results", "meeting_min_group", "per_ratee_reliability", "write_tables_to", "assign", "close_cycle",
    "create_cycle", "cycle_ratings", "cycle_title", "export_workbook", "fairness_tables", "import_roster", "link_url",
    "links_with_urls", "load_results", "open_cycle", "rater_url", "reissue_links",
    "CYCLE_ADDRESS_SETTING", "PUBLIC_ADDRESS_SETTING", "address_source", "check_address", "is_loopback",
    "keep_cycle_address", "link_base", "public_address", "set_public_address", "score_table", "set_status",
    "write_reports",
]
