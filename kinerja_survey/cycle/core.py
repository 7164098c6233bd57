"""Roster, cycles, assignments and links, and a cycle's results: the core use cases.

See the package docstring (``kinerja_survey.cycle``) for the flow.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analysis.results import CycleResults, cycle_results
from ..analysis.scoring import ScoringConfig, combined_scores
from ..collect.assignment import AssignmentPlan, generate_assignments
from ..collect.instrument import Instrument
from ..collect.nip import normalise_nip
from ..collect.roster import load_roster
from ..errors import KinerjaError
from ..store import Store, StoreError

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


def create_cycle(store: Store, name: str, start, end, instrument: Instrument | None = None, *, actor: str) -> int:
    """A new cycle in status ``draft`` with its own copy of the instrument (default BerAKHLAK)."""
    return store.create_cycle(name, start, end, instrument, actor=actor)


@dataclass
class Assigned:
    """What :func:`assign` did: the plan it drew and the personal links it issued (with URLs)."""

    plan: AssignmentPlan
    links: pd.DataFrame  # nip, nama, unit_kerja, token, tautan (new raters only)

    @property
    def counts(self) -> pd.Series:
        return self.plan.assignments["relationship"].value_counts()


def assign(store: Store, cycle_id: int, *, actor: str, peers=(3, 5), max_subordinates: int = 8,
           max_load: int = 12, seed: int = 0, base_url: str | None = None) -> Assigned:
    """Draw rater assignments from the org chart of the active roster, store them and issue a
    personal link for every rater who has none in this cycle yet."""
    roster = store.employees_frame()
    if roster.empty:
        raise CycleError("Roster kosong: impor roster pegawai dulu.")
    plan = generate_assignments(roster, peers=tuple(peers), max_subordinates=max_subordinates,
                                max_load=max_load, seed=seed)
    links = store.add_assignments(cycle_id, plan.assignments, actor=actor)
    store.snapshot_roster(cycle_id, actor=actor)  # units as of this cycle (trends follow a NIP across a mutasi)
    return Assigned(plan, links_with_urls(links, base_url))


def reissue_links(store: Store, cycle_id: int, nips, *, actor: str, base_url: str | None = None) -> pd.DataFrame:
    """New personal links for the given raters (lost or leaked links); each old link stops working.

    NIPs may be written with dots or spaces.  Returns ``nip, nama, unit_kerja, token, tautan``.
    """
    emp = store.employees_frame(active_only=False).set_index("nip")
    rows = []
    for raw in nips:
        nip = normalise_nip(raw)
        if nip not in emp.index:
            raise CycleError(f"NIP {raw} tidak ada di roster.")
        token = store.reissue_link(cycle_id, nip, actor=actor)
        rows.append({"nip": nip, "nama": emp.at[nip, "nama"], "unit_kerja": emp.at[nip, "unit_kerja"],
                     "token": token})
    return links_with_urls(pd.DataFrame(rows, columns=["nip", "nama", "unit_kerja", "token"]), base_url)


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

def cycle_title(info: dict) -> str:
    """``"<name> (dd-mm-yyyy s.d. dd-mm-yyyy)"`` for a ``Store.cycle`` row."""
    if info.get("period_start") is not None and info.get("period_end") is not None:
        return (f"{info['name']} ({pd.Timestamp(info['period_start']):%d-%m-%Y} s.d. "
                f"{pd.Timestamp(info['period_end']):%d-%m-%Y})")
    return str(info["name"])


def _suggestions(store: Store):
    """HR's imported suggestion library (cycle.development.import_suggestions), else the built-in one."""
    from .development import current_suggestions

    return current_suggestions(store)


def load_results(store: Store, cycle_id: int, config: ScoringConfig | None = None) -> CycleResults:
    """A cycle's results, put together once: scores, rating perilaku, hasil kerja, predikat with
    the recorded overrides applied, comments, invitations and response rates; reliability on
    first use (``results.reliability()``).

    Raises
    ------
    CycleError
        The cycle has no submitted ratings.
    StoreError
        The cycle does not exist.
    """
    info = store.cycle(cycle_id)
    ratings = store.ratings_frame(cycle_id)
    outside = store.stakeholder_ratings_frame(cycle_id)  # pemangku kepentingan (cycle.stakeholders)
    if not outside.empty and not ratings.empty:
        ratings = pd.concat([ratings, outside], ignore_index=True)
    if ratings.empty:
        raise CycleError(f"Periode {cycle_id} belum memiliki penilaian yang terkirim.")
    results = cycle_results(
        ratings, store.employees_frame(active_only=False), instrument=store.instrument(cycle_id),
        comments=store.comments_frame(cycle_id), hasil_kerja=store.hasil_kerja_frame(cycle_id),
        invitations=store.response_rates(cycle_id, by="ratee"), config=config, cycle_name=cycle_title(info),
        suggestions=_suggestions(store), overrides=store.predikat_overrides(cycle_id), cycle_id=cycle_id,
        status=str(info["status"]), response_rates_unit=store.response_rates(cycle_id, by="unit"))
    from .development import action_progress  # the previous plan's progress, for the reports

    results.development = action_progress(store, cycle_id)
    return results


def score_table(results: CycleResults) -> pd.DataFrame:
    """The per-ratee score table of the outputs: ``ratee, nama, jabatan, unit_kerja`` and every
    column of ``score_cycle`` (``predikat`` decided, ``predikat_usulan`` proposed)."""
    return results.people.rename(columns={"nip": "ratee"})


def analysis_tables(results: CycleResults, *, reliability: bool = True) -> dict[str, pd.DataFrame]:
    """The analysis tables of a cycle by sheet name, fairness excluded.

    ``skor`` (:func:`score_table`), ``rerata_kelompok`` (displayed group means,
    ``scoring.combined_scores``), ``reliabilitas_*`` (``reliability_report``), ``respons_unit`` and
    ``respons_pegawai`` (response rates).
    """
    tables = {"skor": score_table(results),
              "rerata_kelompok": combined_scores(results.ratings, results.config)}
    if reliability:
        for key, table in results.reliability().items():
            tables[f"reliabilitas_{key}"] = table
    if results.response_rates_unit is not None:
        tables["respons_unit"] = results.response_rates_unit
    if results.invitations is not None:
        tables["respons_pegawai"] = results.invitations.reset_index()
    return tables


def fairness_tables(results: CycleResults, config: dict | None = None) -> dict[str, pd.DataFrame]:
    """``fairness.fairness_report`` of a cycle by sheet name ``keadilan_<table>``.

    The roster goes in with the decided ``predikat`` so that the four-fifths table is computed.
    """
    from ..analysis.fairness import fairness_report

    emp = results.employees.reset_index(drop=True)
    if "predikat" in results.scores.columns:
        emp = emp.assign(predikat=emp["nip"].astype(str).map(results.scores["predikat"]))
    return {f"keadilan_{k}": v for k, v in fairness_report(results.ratings, emp, config).items()}


def export_workbook(results: CycleResults, path, *, meeting_mode: bool = False, secret: str | None = None,
                    fairness: bool = True, fairness_config: dict | None = None) -> Path:
    """The whole analysis of a cycle in one Excel workbook (``present.exports.write_workbook``)."""
    from ..present.exports import write_workbook

    tables = analysis_tables(results)
    if fairness:
        tables.update(fairness_tables(results, fairness_config))
    nips = results.employees["nip"].astype(str).tolist() if "nip" in results.employees else []
    return write_workbook(path, tables, meeting_mode=meeting_mode, nips=nips, secret=secret)


def write_reports(results: CycleResults, out_dir, nips=None, **kwargs) -> list:
    """Individual feedback reports (``present.reports.write_reports``); NIPs may carry dots/spaces."""
    from ..present.reports import write_reports as _write

    if nips is not None:
        nips = [normalise_nip(n) for n in nips]
    return _write(results, out_dir, nips, **kwargs)


__all__ = [
    "Assigned", "CycleError", "CycleResults", "StoreError", "analysis_tables", "assign", "close_cycle",
    "create_cycle", "cycle_title", "export_workbook", "fairness_tables", "import_roster", "link_url",
    "links_with_urls", "load_results", "open_cycle", "rater_url", "reissue_links", "score_table", "set_status",
    "write_reports",
]
