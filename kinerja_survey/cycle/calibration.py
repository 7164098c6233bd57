"""Closing a cycle (PermenPANRB 6/2022): hasil kerja in, organisation predikat, calibration,
publication.

The flow after ``close_cycle``::

    plan = import_hasil_kerja(store, cid, "ekinerja.xlsx", actor="budi")   # all or nothing
    if plan.changed and not plan.written:                                   # a re-import: confirm
        plan = import_hasil_kerja(store, cid, "ekinerja.xlsx", actor="budi", confirm=True)
    set_org_predikat(store, cid, "Baik", actor="budi")                      # sets the kurva distribusi
    state = CalibrationState(store, cid, actor="tim-penilai")               # the calibration meeting
    state.change("198...", "Butuh Perbaikan", "Bukti kinerja triwulan IV ...")
    publish(store, cid, actor="budi")                                       # frozen snapshot, version 1

Every change goes to the audit log with the acting person.  Once a cycle is published its
results change only through a keberatan decision (``cycle.keberatan``), each a new version;
an unpublished cycle's outputs are *hasil sementara*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..analysis.predikat import KUADRAN, check_distribution
from ..analysis.results import CycleResults
from ..collect.hasil_kerja import read_hasil_kerja
from ..collect.nip import normalise_nip
from ..errors import KinerjaError
from ..i18n import Join, Msg, t
from ..present.berita_acara import BeritaAcara, local_moment
from ..store import Store, StoreError, zone_name
from ..vocab import DIATAS, DIBAWAH, PREDIKAT_LABELS, RATING_LABELS, SESUAI
from .core import CycleError, load_results

DEFAULT_ORG_PREDIKAT = "Baik"
KEBERATAN_DAYS = 14  # PermenPANRB 6/2022: keberatan within 14 working days
DECISION_DAYS = 7  # decided by the atasan of the Pejabat Penilai within 7 working days
PROVISIONAL_LABEL = t("cycle.provisional_unpublished", "id")


# --- published state -----------------------------------------------------------------------------

def is_published(store: Store, cycle_id: int) -> bool:
    """True once HR published the cycle (its results are then frozen, keberatan aside)."""
    return store.is_published(cycle_id)


def result_status(store: Store, cycle_id: int, lang: str | None = None) -> str:
    """``"diumumkan (versi N)"`` for a published cycle, else ``"hasil sementara"``."""
    snap = store.snapshot(cycle_id)
    return t("cycle.result_published", lang, version=snap["version"]) if snap else t("results.provisional_label", lang)


# --- hasil kerja ----------------------------------------------------------------------------------

@dataclass
class HasilKerjaImport:
    """What an import of hasil kerja would do or did.

    ``changes``: ``nip, nama, lama, baru, perubahan`` (``baru`` / ``berubah`` / ``tetap``) for every
    row of the file; ``written``: whether the store was changed (a re-import that changes stored
    ratings is written only with ``confirm=True``).
    """

    changes: pd.DataFrame
    written: bool
    missing: int  # ratees of the cycle still without hasil kerja after this import (if written)

    @property
    def changed(self) -> pd.DataFrame:
        return self.changes[self.changes["perubahan"] == "berubah"]

    @property
    def new(self) -> pd.DataFrame:
        return self.changes[self.changes["perubahan"] == "baru"]


def cycle_ratees(store: Store, cycle_id: int) -> list[str]:
    """NIPs of the people rated in a cycle (every ratee with an assignment)."""
    return sorted(store.assignments_frame(cycle_id)["ratee"].astype(str).unique())


def hasil_kerja_missing(store: Store, cycle_id: int) -> pd.DataFrame:
    """Ratees of the cycle without a Rating Hasil Kerja: ``nip, nama, unit_kerja``."""
    have = set(store.hasil_kerja_frame(cycle_id)["nip"].astype(str))
    emp = store.employees_frame(active_only=False)
    emp = emp[emp["nip"].astype(str).isin(set(cycle_ratees(store, cycle_id)) - have)]
    return emp[["nip", "nama", "unit_kerja"]].reset_index(drop=True)


def left_out_of_grid(store: Store, cycle_id: int, results: CycleResults | None = None) -> pd.DataFrame:
    """Ratees of the cycle outside the predikat chart and the kuadran grid, and why:
    ``nip, nama, unit_kerja, reason`` with ``reason`` ``"perilaku"`` (no Rating Perilaku: no
    displayable rating), ``"hasil_kerja"`` (no Rating Hasil Kerja) or ``"predikat"`` (both, yet
    no predikat), checked in that order.  ``results``: the cycle's ``load_results`` when at hand."""
    results = load_results(store, cycle_id, provisional=True) if results is None else results
    people = results.people.set_index("nip")
    emp = store.employees_frame(active_only=False).set_index("nip")
    rows = []
    for nip in cycle_ratees(store, cycle_id):
        row = people.loc[nip] if nip in people.index else None
        perilaku, hk, pred = ((None, None, None) if row is None else
                              (row.get("rating_perilaku"), row.get("rating_hasil_kerja"), row.get("predikat")))
        reason = ("perilaku" if perilaku not in RATING_LABELS else "hasil_kerja" if hk not in RATING_LABELS
                  else "predikat" if pred not in PREDIKAT_LABELS else None)
        if reason:
            rows.append((nip, emp["nama"].get(nip, ""), emp["unit_kerja"].get(nip, ""), reason))
    return pd.DataFrame(rows, columns=["nip", "nama", "unit_kerja", "reason"])


def import_hasil_kerja(store: Store, cycle_id: int, source, *, actor: str, confirm: bool = False,
                       sheet=0) -> HasilKerjaImport:
    """Read an e-Kinerja/SIASN export (CSV/XLSX, ``nip`` + rating) and store it, all or nothing.

    Any bad row raises ``HasilKerjaError`` naming every bad row; nothing is written.  When the
    file would change ratings already stored (a re-import), nothing is written unless
    ``confirm``: the returned ``changes`` show what would change.
    """
    store.cycle(cycle_id)
    if store.is_published(cycle_id):
        raise CycleError("cycle.published_no_hk", id=cycle_id)
    emp = store.employees_frame(active_only=False)
    frame = read_hasil_kerja(source, emp["nip"].astype(str), cycle_ratees(store, cycle_id), sheet=sheet)
    old = dict(zip(store.hasil_kerja_frame(cycle_id)["nip"].astype(str), store.hasil_kerja_frame(cycle_id)["rating"]))
    names = dict(zip(emp["nip"].astype(str), emp["nama"]))
    changes = pd.DataFrame({
        "baris": frame["row"], "nip": frame["nip"], "nama": frame["nip"].map(names),
        "lama": frame["nip"].map(lambda n: old.get(n, "")), "baru": frame["rating"]})
    changes["perubahan"] = np.where(changes["lama"] == "", "baru",
                                    np.where(changes["lama"] == changes["baru"], "tetap", "berubah"))
    written = False
    if confirm or not (changes["perubahan"] == "berubah").any():
        store.set_hasil_kerja(cycle_id, frame[["nip", "rating"]], source="e-kinerja", actor=actor)
        written = True
    return HasilKerjaImport(changes, written, len(hasil_kerja_missing(store, cycle_id)))


# --- organisation predikat ---------------------------------------------------------------------------

def set_org_predikat(store: Store, cycle_id: int, predikat: str, *, unit: str = "", actor: str) -> str:
    """Record the organisation's (``unit=""``) or a unit's predikat; returns the canonical label."""
    store.set_org_predikat(cycle_id, predikat, unit=unit, actor=actor)
    return store.org_predikat(cycle_id, unit or None)


def org_predikat(store: Store, cycle_id: int, unit: str | None = None) -> str | None:
    """The organisation predikat in force for a cycle (or unit), None when not recorded."""
    return store.org_predikat(cycle_id, unit)


def org_predikat_or_default(store: Store, cycle_id: int, unit: str | None = None) -> tuple[str, bool]:
    """``(predikat, recorded)``: the recorded predikat, else ``("Baik", False)``."""
    found = store.org_predikat(cycle_id, unit)
    return (found, True) if found else (DEFAULT_ORG_PREDIKAT, False)


# --- distribution -----------------------------------------------------------------------------------

def distribution_table(results: CycleResults, org: str) -> pd.DataFrame:
    """Counts per predikat, usulan and ditetapkan side by side: ``predikat, usulan, ditetapkan``."""
    sc = results.scores
    rows = []
    for lab in PREDIKAT_LABELS:
        rows.append({"predikat": lab,
                     "usulan": int((sc.get("predikat_usulan", pd.Series(dtype=object)) == lab).sum()),
                     "ditetapkan": int((sc.get("predikat", pd.Series(dtype=object)) == lab).sum())})
    return pd.DataFrame(rows)


def distribution_check(results: CycleResults, org: str, which: str = "predikat") -> pd.DataFrame:
    """``check_distribution(all_rules=True)`` of the decided (``predikat``) or proposed
    (``predikat_usulan``) predikat; empty when nobody has one."""
    col = results.scores.get(which)
    if col is None or col.dropna().empty:
        return pd.DataFrame(columns=["rule", "predikat", "count", "total", "share", "limit", "message", "satisfied"])
    return check_distribution(col.dropna(), org, all_rules=True)


# --- calibration --------------------------------------------------------------------------------------

GRID_ROWS = (DIATAS, SESUAI, DIBAWAH)  # hasil kerja, best first
GRID_COLS = (DIBAWAH, SESUAI, DIATAS)  # perilaku kerja


@dataclass
class CalibrationState:
    """The calibration meeting of one cycle: the logic behind ``apps.calibration`` (testable alone).

    Parameters
    ----------
    store : Store
    cycle_id : int
    actor : str
        The person recording changes (audit log and ``Store.override_predikat``).
    meeting_mode : bool
        True: names hidden in the grid and lists, NIPs pseudonymised (a screen shown in a meeting).
    unit : str, optional
        Restrict the view to one unit (and the units under it).
    """

    store: Store
    cycle_id: int
    actor: str
    meeting_mode: bool = True
    unit: str | None = None
    secret: str | None = None
    results: CycleResults | None = field(default=None, init=False)
    effects: object = field(default=None, init=False)
    effects_error: str = field(default="", init=False)
    message: str = field(default="", init=False)

    def __post_init__(self):
        self.reload(effects=True)

    # -- loading ------------------------------------------------------------------------------
    def reload(self, effects: bool = False) -> None:
        self.results = load_results(self.store, self.cycle_id)
        if effects or self.effects is None:
            from ..analysis.fairness import rater_effects

            import warnings

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.effects = rater_effects(self.results.ratings)
                self.effects_error = ""
            except (ValueError, np.linalg.LinAlgError) as exc:
                self.effects = None
                self.effects_error = exc.as_msg() if isinstance(exc, KinerjaError) else str(exc)

    @property
    def published(self) -> bool:
        return self.store.is_published(self.cycle_id)

    @property
    def org(self) -> str:
        return org_predikat_or_default(self.store, self.cycle_id, self.unit)[0]

    @property
    def org_recorded(self) -> bool:
        return org_predikat_or_default(self.store, self.cycle_id, self.unit)[1]

    def people(self) -> pd.DataFrame:
        """The rated people in view: ``nip, nama, unit_kerja, atasan_nip, combined,
        rating_hasil_kerja, rating_perilaku, predikat_usulan, predikat, predikat_alasan``."""
        people = self.results.people
        if self.unit:
            keep = set(self.results.unit_ratees(self.unit))
            people = people[people["nip"].isin(keep)]
        emp = self.store.employees_frame(active_only=False).set_index("nip")
        people = people.assign(atasan_nip=people["nip"].map(emp["atasan_nip"]).fillna(""))
        cols = ["nip", "nama", "unit_kerja", "atasan_nip", "combined", "rating_hasil_kerja", "rating_perilaku",
                "predikat_usulan", "predikat", "predikat_alasan"]
        for c in cols:
            if c not in people.columns:
                people[c] = np.nan if c == "combined" else ""
        return people[cols].reset_index(drop=True)

    def label(self, nip: str, name: str) -> str:
        """How a person is shown: the name outside meeting mode, else the pseudonym."""
        if self.meeting_mode:
            from ..collect.nip import pseudonymise
            from ..present.exports import pseudonym_secret

            return pseudonymise(str(nip), pseudonym_secret(self.secret))
        return str(name)

    # -- the kuadran grid ----------------------------------------------------------------------------
    def grid(self) -> pd.DataFrame:
        """3x3 counts: rows Rating Hasil Kerja (Diatas, Sesuai, Dibawah), columns Rating Perilaku
        (Dibawah, Sesuai, Diatas).  People without both ratings are left out: :meth:`left_out`
        names each with why."""
        p = self.people()
        out = pd.DataFrame(0, index=pd.Index(GRID_ROWS, name="hasil_kerja"), columns=pd.Index(GRID_COLS, name="perilaku"))
        for hk, pr in zip(p["rating_hasil_kerja"], p["rating_perilaku"]):
            if hk in RATING_LABELS and pr in RATING_LABELS:
                out.loc[hk, pr] += 1
        return out

    def left_out(self) -> pd.DataFrame:
        """The people rated in this cycle (in view) who are not in the kuadran grid, each with why:
        ``nip, pegawai`` (the name, or the pseudonym in meeting mode, as the grid shows people) and
        ``alasan`` (an ``i18n.Msg``: no submitted answers about them, no rating perilaku because no
        rater group reached its anonymity threshold, no rating hasil kerja imported).  The grid's
        counts plus these rows are every person with a rater besides themself."""
        a = self.store.assignments_frame(self.cycle_id)
        rated = list(dict.fromkeys(a.loc[a["rater"] != a["ratee"], "ratee"].astype(str)))
        emp = self.store.employees_frame(active_only=False).set_index("nip")
        if self.unit:
            unit = str(self.unit).strip()
            units = emp["unit_kerja"].astype(str)
            inside = set(emp.index[(units == unit) | units.str.startswith(unit + " / ")])
            rated = [n for n in rated if n in inside]
        p = self.people().set_index("nip")
        rows = []
        for nip in rated:
            if nip not in p.index:
                why = Msg("hr.left_out_no_answers")
            else:
                parts = []
                if p.at[nip, "rating_perilaku"] not in RATING_LABELS:
                    parts.append(Msg("hr.left_out_perilaku"))
                if p.at[nip, "rating_hasil_kerja"] not in RATING_LABELS:
                    parts.append(Msg("hr.left_out_hasil_kerja"))
                if not parts:
                    continue
                why = parts[0] if len(parts) == 1 else Msg("analysis.note_parts", parts=Join(parts, "; "))
            rows.append({"nip": nip, "pegawai": self.label(nip, emp["nama"].get(nip, nip)), "alasan": why})
        return pd.DataFrame(rows, columns=["nip", "pegawai", "alasan"])

    def grid_names(self) -> dict[tuple[str, str], list[str]]:
        """People per cell (names, or pseudonyms in meeting mode)."""
        p = self.people()
        out: dict[tuple[str, str], list[str]] = {(h, b): [] for h in GRID_ROWS for b in GRID_COLS}
        for nip, name, hk, pr in zip(p["nip"], p["nama"], p["rating_hasil_kerja"], p["rating_perilaku"]):
            if (hk, pr) in out:
                out[(hk, pr)].append(self.label(nip, name))
        return {k: sorted(v) for k, v in out.items()}

    @staticmethod
    def cell_predikat(hasil_kerja: str, perilaku: str) -> str:
        return KUADRAN[(hasil_kerja, perilaku)]

    # -- distribution ----------------------------------------------------------------------------------
    def _sub_results(self) -> CycleResults:
        if not self.unit:
            return self.results
        keep = self.results.unit_ratees(self.unit)
        sub = CycleResults.__new__(CycleResults)
        sub.__dict__.update(self.results.__dict__)
        sub.scores = self.results.scores.loc[keep]
        return sub

    def distribution(self) -> pd.DataFrame:
        """Counts per predikat, usulan vs ditetapkan."""
        return distribution_table(self._sub_results(), self.org)

    def violations(self, which: str = "predikat") -> pd.DataFrame:
        """The bands of the kurva distribusi violated by the decided (or proposed) predikat."""
        rules = distribution_check(self._sub_results(), self.org, which)
        return rules[~rules["satisfied"].astype(bool)].reset_index(drop=True) if len(rules) else rules

    # -- supervisors: leniency/severity, raw vs fair -------------------------------------------------
    def supervisors(self) -> pd.DataFrame:
        """One row per supervisor of people in view: ``atasan_nip, atasan, severity, z, flag,
        reading`` (an ``i18n.Msg``: lunak / keras / wajar / tidak diperkirakan)."""
        p = self.people()
        emp = self.store.employees_frame(active_only=False).set_index("nip")
        raters = None if self.effects is None else self.effects.raters.set_index(
            self.effects.raters["rater"].astype(str))
        rows = []
        for boss in sorted({b for b in p["atasan_nip"] if b}):
            sev = z = np.nan
            flag = False
            if raters is not None and boss in raters.index:
                sev, z, flag = float(raters.at[boss, "severity"]), float(raters.at[boss, "z"]), bool(raters.at[boss, "flag"])
            if np.isnan(sev):
                reading = Msg("cycle.sev_none")
            elif flag:
                reading = Msg("cycle.sev_lenient") if sev < 0 else Msg("cycle.sev_severe")
            else:
                reading = Msg("cycle.sev_normal")
            rows.append({"atasan_nip": boss, "atasan": self.label(boss, emp["nama"].get(boss, boss)),
                         "severity": sev, "z": z, "flag": flag, "reading": reading})
        return pd.DataFrame(rows, columns=["atasan_nip", "atasan", "severity", "z", "flag", "reading"])

    def staff(self, atasan_nip: str | None = None) -> pd.DataFrame:
        """People in view (of one supervisor) with raw and fair scores and both predikat:
        ``nip, pegawai, atasan_nip, skor_mentah, skor_adil, rating_hasil_kerja, rating_perilaku,
        predikat_usulan, predikat, predikat_alasan``."""
        p = self.people()
        if atasan_nip is not None:
            p = p[p["atasan_nip"] == str(atasan_nip)]
        fair = raw = pd.Series(dtype=float)
        if self.effects is not None:
            r = self.effects.ratees.set_index(self.effects.ratees["ratee"].astype(str))
            fair, raw = r["fair_score"], r["raw_mean"]
        out = pd.DataFrame({
            "nip": p["nip"], "pegawai": [self.label(n, m) for n, m in zip(p["nip"], p["nama"])],
            "atasan_nip": p["atasan_nip"], "skor_mentah": p["nip"].map(raw).astype(float),
            "skor_adil": p["nip"].map(fair).astype(float), "rating_hasil_kerja": p["rating_hasil_kerja"],
            "rating_perilaku": p["rating_perilaku"], "predikat_usulan": p["predikat_usulan"],
            "predikat": p["predikat"], "predikat_alasan": p["predikat_alasan"]})
        return out.reset_index(drop=True)

    # -- changes ----------------------------------------------------------------------------------
    def change(self, nip: str, predikat: str, reason: str) -> int:
        """Decide ``predikat`` for ``nip`` with a required reason (``Store.override_predikat``)."""
        if self.published:
            raise CycleError("cycle.published_no_change")
        nip = normalise_nip(nip)
        if nip not in set(self.results.scores.index):
            raise CycleError("cycle.not_rated", nip=nip)
        oid = self.store.override_predikat(self.cycle_id, nip, predikat, reason, actor=self.actor)
        self.reload()
        self.message = Msg("cycle.predikat_decided", name=self.label(nip, self.results.employees["nama"].get(nip, nip)))
        return oid

    def changes(self) -> pd.DataFrame:
        """Every recorded change of the cycle (history): ``nip, pegawai, usulan, ditetapkan, alasan,
        oleh, waktu``."""
        return overrides_history(self.store, self.cycle_id, self.results, label=self.label)


def overrides_history(store: Store, cycle_id: int, results: CycleResults | None = None, *, label=None) -> pd.DataFrame:
    """Every predikat change of a cycle, oldest first, with the proposal beside it."""
    hist = store.predikat_overrides(cycle_id, history=True)
    results = results or load_results(store, cycle_id)
    usulan = results.scores.get("predikat_usulan", pd.Series(dtype=object))
    names = results.employees["nama"] if "nama" in results.employees.columns else pd.Series(dtype=object)
    label = label or (lambda nip, name: str(name))
    return pd.DataFrame({
        "nip": hist["nip"].astype(str),
        "pegawai": [label(n, names.get(n, n)) for n in hist["nip"].astype(str)],
        "usulan": hist["nip"].astype(str).map(usulan).fillna(""),
        "ditetapkan": hist["predikat"], "alasan": hist["reason"], "oleh": hist["actor"], "waktu": hist["at"],
    }).reset_index(drop=True)


# --- publication ----------------------------------------------------------------------------------

def snapshot_of(results: CycleResults, org: str) -> dict:
    """The frozen record of a cycle's results: organisation predikat and one entry per person."""
    people = []
    for rec in results.people.to_dict("records"):
        people.append({k: (None if isinstance(rec.get(k), float) and np.isnan(rec.get(k)) else rec.get(k))
                       for k in ("nip", "nama", "unit_kerja", "combined", "rating_hasil_kerja", "rating_perilaku",
                                 "predikat_usulan", "predikat", "predikat_alasan")})
    return {"cycle_id": results.cycle_id, "cycle_name": results.cycle_name, "org_predikat": org, "people": people}


@dataclass
class PublishCheck:
    """What ``publish_check`` found before a cycle is published.

    ``no_predikat``: ``nip, nama, unit_kerja, sebab`` -- every rated person without a predikat and
    why (an ``i18n.Msg``: no hasil kerja, or no rating perilaku with the scoring's note naming the
    rater group under its threshold); ``failed_rules``: every rule of the kurva distribusi of the
    organisation predikat that the decided predikat break (``check_distribution``), with
    ``message``; ``org_predikat``: the recorded one (None when none is: publication is refused
    anyway).
    """

    cycle_id: int
    org_predikat: str | None
    no_predikat: pd.DataFrame
    failed_rules: pd.DataFrame

    @property
    def ok(self) -> bool:
        return self.no_predikat.empty and self.failed_rules.empty

    def as_dict(self, lang: str | None = "id") -> dict:
        """JSON-able record of the check (kept in the snapshot of a forced publication)."""
        def text(x):
            return x.render(lang) if hasattr(x, "render") else str(x)

        return {"no_predikat": [{"nip": str(r.nip), "nama": str(r.nama), "sebab": text(r.sebab)}
                                for r in self.no_predikat.itertuples(index=False)],
                "failed_rules": [text(m) for m in self.failed_rules.get("message", [])]}

    def lines(self, lang: str | None = None) -> list[str]:
        """The check in words, one line per finding (empty when it passes)."""
        out = []
        if len(self.no_predikat):
            out.append(t("cycle.check_no_predikat", lang, n=len(self.no_predikat)))
            out += [t("cycle.check_person", lang, nip=r.nip, nama=r.nama, why=r.sebab)
                    for r in self.no_predikat.itertuples(index=False)]
        if len(self.failed_rules):
            out.append(t("cycle.check_rules", lang, n=len(self.failed_rules), org=self.org_predikat))
            out += [t("cycle.check_rule", lang, message=m) for m in self.failed_rules["message"]]
        return out


def _no_predikat_reason(row) -> Msg:
    hk, pr = row.get("rating_hasil_kerja"), row.get("rating_perilaku")
    missing_hk = not isinstance(hk, str) or not hk
    missing_pr = not isinstance(pr, str) or not pr
    why_pr = Msg("cycle.why_no_perilaku", note=row.get("note") if row.get("note") is not None else "")
    if missing_hk and missing_pr:
        return Msg("cycle.why_both", perilaku=why_pr)
    return Msg("cycle.why_no_hk") if missing_hk else why_pr


def has_predikat(results: CycleResults, nip: str) -> bool:
    """Whether ``nip`` has a (final) predikat in ``results``."""
    value = results.scores["predikat"].get(str(nip)) if "predikat" in results.scores.columns else None
    return isinstance(value, str) and bool(value)


def no_predikat_reason(results: CycleResults, nip: str) -> Msg:
    """Why ``nip`` has no predikat (``cycle.why_*``): no hasil kerja, or no rating perilaku with the
    scoring's note naming the rater group under its threshold."""
    row = results.scores.loc[str(nip)].to_dict() if str(nip) in results.scores.index else {}
    return _no_predikat_reason(row)


def publish_check(store: Store, cycle_id: int) -> PublishCheck:
    """Check a cycle before it is published: who has no predikat and why, and every rule of the
    kurva distribusi (SE MenPANRB 3/2023, ``analysis.predikat.check_distribution``) the decided
    predikat break.  The CLI ``umumkan`` and the admin closing tab show it; :func:`publish`
    refuses a failing check unless forced with a reason.
    """
    results = load_results(store, cycle_id, provisional=True)
    org = store.org_predikat(cycle_id)
    people = results.people
    scores = results.scores
    rows = []
    for rec in people.to_dict("records"):
        if isinstance(rec.get("predikat"), str) and rec.get("predikat"):
            continue
        rec["note"] = scores["note"].get(rec["nip"]) if "note" in scores.columns else None
        rows.append({"nip": rec["nip"], "nama": rec.get("nama", ""), "unit_kerja": rec.get("unit_kerja", ""),
                     "sebab": _no_predikat_reason(rec)})
    missing = pd.DataFrame(rows, columns=["nip", "nama", "unit_kerja", "sebab"])
    rules = distribution_check(results, org) if org else pd.DataFrame(columns=["message", "satisfied"])
    failed = rules[~rules["satisfied"].astype(bool)].reset_index(drop=True) if len(rules) else rules
    return PublishCheck(cycle_id, org, missing, failed)


def publish(store: Store, cycle_id: int, *, actor: str, keberatan_days: int = KEBERATAN_DAYS,
            decision_days: int = DECISION_DAYS, note: str = "", force: bool = False,
            reason: str | None = None) -> int:
    """Publish a closed, calibrated cycle: its results become version 1, frozen.

    Refused while the cycle is not closed or the organisation predikat is not recorded.  Then
    :func:`publish_check`: a rated person without a predikat (no hasil kerja, no rating perilaku)
    or a broken rule of the kurva distribusi refuses publication unless ``force=True`` with a
    ``reason`` (10-4000 characters, ``store.common.require_reason``); the reason and the check
    go into the snapshot (``forced_reason``, ``publish_check``), the audit log and the berita
    acara.
    """
    info = store.cycle(cycle_id)
    if info["status"] != "closed":
        raise CycleError("cycle.publish_not_closed", id=cycle_id, status=info["status"])
    org = store.org_predikat(cycle_id)
    if not org:
        raise CycleError("cycle.org_predikat_missing")
    check = publish_check(store, cycle_id)
    if not force:
        missing = hasil_kerja_missing(store, cycle_id)
        if len(missing):
            raise CycleError("cycle.hk_missing", n=len(missing))
        if not check.ok:
            raise CycleError("cycle.publish_check_failed", people=len(check.no_predikat), rules=len(check.failed_rules))
    results = load_results(store, cycle_id)
    snapshot = snapshot_of(results, org)
    if force and not check.ok:
        snapshot["publish_check"] = check.as_dict()
    try:
        return store.publish_cycle(cycle_id, snapshot, keberatan_days=int(keberatan_days),
                                   decision_days=int(decision_days), note=note,
                                   forced_reason=(reason if reason is not None else "") if force and not check.ok
                                   else None, actor=actor)
    except StoreError as exc:
        raise CycleError(exc.key, **exc.fields) from None


#: the final values of a person that a published snapshot holds (``apply_published`` reads them)
FINAL_COLUMNS = ("rating_hasil_kerja", "rating_perilaku", "predikat", "predikat_alasan")


def apply_published(results: CycleResults, snapshot: dict | None) -> CycleResults:
    """The one place final values are read: a published cycle's ``results.scores`` take
    ``rating_hasil_kerja``, ``rating_perilaku``, ``predikat`` and ``predikat_alasan`` from the
    newest published snapshot (version 1 at publication, one more per keberatan decision), so the
    report, the employee page, the dashboard, the exports and the berita acara (all cut from
    ``load_results``) show the same final result.  ``predikat_usulan`` stays the computed
    proposal.  ``results.version`` is set to the snapshot's version (None when unpublished).
    """
    results.version = None if snapshot is None else snapshot.get("version")
    if not snapshot:
        return results
    scores = results.scores.copy()
    for col in FINAL_COLUMNS:
        scores[col] = scores[col].astype(object) if col in scores.columns else pd.Series(None, index=scores.index,
                                                                                           dtype=object)
    for person in snapshot.get("people", []):
        nip = str(person.get("nip"))
        if nip not in scores.index:
            continue
        for col in FINAL_COLUMNS:
            if col in person:
                value = person[col]
                scores.at[nip, col] = ("" if col == "predikat_alasan" else np.nan) if value is None else value
    results.scores = scores
    return results


def published_people(store: Store, cycle_id: int, version: int | None = None) -> pd.DataFrame:
    """The people of a published version (the newest by default) as a frame; empty when unpublished."""
    snap = store.snapshot(cycle_id, version)
    if snap is None:
        return pd.DataFrame(columns=["nip", "nama", "unit_kerja", "predikat_usulan", "predikat"])
    return pd.DataFrame(snap["people"])


def berita_acara_data(store, cycle_id: int, *, peserta=(), tempat: str = "", actor: str = "") -> BeritaAcara:
    """Gather the berita acara of a cycle's calibration (made at the store's clock)."""
    from . import core as uc

    results = uc.load_results(store, cycle_id, provisional=True)
    org, recorded = org_predikat_or_default(store, cycle_id)
    changes = overrides_history(store, cycle_id, results)
    first = store.snapshot(cycle_id, 1)
    pubs = store.publications_frame(cycle_id)
    versions = [t("closing.ba_version", "id", version=int(p.version), at=f"{local_moment(p.at)} {zone_name()}", actor=p.actor,
                  note=f": {p.note}" if p.note else "") for p in pubs.itertuples(index=False)]
    return BeritaAcara(
        cycle_id=cycle_id, cycle_title=uc.cycle_title(store.cycle(cycle_id)), org_predikat=org, org_recorded=recorded,
        status=result_status(store, cycle_id), made_at=store.now(),
        made_by=actor, peserta=[str(p) for p in peserta if str(p).strip()], tempat=str(tempat), changes=changes,
        distribution=distribution_table(results, org), before=distribution_check(results, org, "predikat_usulan"),
        after=distribution_check(results, org, "predikat"), actors=sorted(set(changes["oleh"].astype(str))),
        forced_reason=str((first or {}).get("forced_reason") or ""), versions=versions)
