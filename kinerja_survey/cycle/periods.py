"""Periods: six-monthly and annual cycles, a cycle made from the previous one, trends across
cycles and the talent pool.

Cycles are linked by NIP: a person's history follows the NIP, and the unit of each cycle is the
one recorded when that cycle's assignments were drawn (``Store.cycle_members_frame``; a cycle
without a snapshot uses the current roster)::

    nxt = create_next_cycle(store, 1, actor="budi", seed=2027)       # same instrument, new draw
    tables = trend_tables(store)                                       # tren_pegawai, tren_unit, ...
    export_trends(store, "tren.xlsx", meeting_mode=True)
    pool = talent_pool(store, n_periods=2)                             # kumpulan talenta
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analysis.scoring import OVERALL, ScoringConfig, displayable_ratings
from ..analysis.trends import (Z_DEFAULT, consecutive_runs, period_scores, score_trends, trend_summary,
                               unit_trends)
from ..vocab import DIATAS, SANGAT_BAIK
from ..store import Store
from .core import Assigned, CycleError, address_source, assign, create_cycle, cycle_ratings, link_base, load_results

#: Period kinds derived from a cycle's dates (months, rounded).
PERIOD_KINDS = {1: "bulanan", 3: "triwulanan", 6: "semesteran", 12: "tahunan"}
#: Cycle statuses whose results count in trends (issue 12 adds "published").
FINISHED = ("closed", "published")


def period_kind(start, end) -> str:
    """``"semesteran"`` (about 6 months), ``"tahunan"`` (about 12), ``"triwulanan"``, ``"bulanan"``,
    else ``"lainnya"``: derived from the dates, so no cycle needs a separate setting.

    >>> period_kind("2026-01-01", "2026-06-30"), period_kind("2026-01-01", "2026-12-31")
    ('semesteran', 'tahunan')
    """
    s, e = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    months = (e.year - s.year) * 12 + (e.month - s.month) + (e.day - s.day) / 30.0
    whole = int(round(months))
    if abs(months - whole) > 0.25:  # more than about a week off a whole number of months
        return "lainnya"
    return PERIOD_KINDS.get(whole, "lainnya")


def next_period(start, end) -> tuple[dt.date, dt.date]:
    """The period after ``start..end`` of the same length in months (a semester follows a
    semester, a year a year): starts the day after ``end``.

    >>> next_period("2026-01-01", "2026-06-30")
    (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
    """
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    new_start = e + pd.Timedelta(days=1)
    months = (new_start.year - s.year) * 12 + (new_start.month - s.month)
    if new_start.day == s.day and months >= 1:
        new_end = new_start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    else:
        new_end = new_start + (e - s)
    return new_start.date(), new_end.date()


@dataclass
class NextCycle:
    """What :func:`create_next_cycle` made: the new cycle's id and its assignments/links."""

    cycle_id: int
    assigned: Assigned


def create_next_cycle(store: Store, previous_id: int, name: str | None = None, start=None, end=None, *,
                      actor: str, seed: int = 0, base_url: str | None = None, hr_contact: str | None = None,
                      **assign_kwargs) -> NextCycle:
    """A new cycle from the previous one: the same instrument, assignments drawn again for the
    *current* roster (people who left are gone, newcomers are in), new personal links.

    ``start``/``end`` default to the period after the previous one of the same length
    (:func:`next_period`); ``name`` defaults to the previous name with the new dates;
    ``hr_contact`` to the previous cycle's.  The links point to ``base_url``, else to the previous
    cycle's own address when it has one (``tetapkan-penilai --url-dasar`` or ``alamat-publik
    --periode``), which becomes the new cycle's too, else to the installation's (:func:`link_base`).
    """
    prev = store.cycle(previous_id)
    if base_url is None and address_source(store, previous_id) == "cycle":
        base_url = link_base(store, previous_id)
    instrument = store.instrument(previous_id)
    if start is None and end is None:
        start, end = next_period(prev["period_start"], prev["period_end"])
    elif start is None or end is None:
        raise CycleError("cycle.next_dates")
    if name is None or not str(name).strip():
        name = f"{prev['name']} ({pd.Timestamp(start):%m/%Y}-{pd.Timestamp(end):%m/%Y})"
    if hr_contact is None:
        hr_contact = prev.get("hr_contact")
    cid = create_cycle(store, name, start, end, instrument, hr_contact=hr_contact, actor=actor)
    made = assign(store, cid, actor=actor, seed=seed, base_url=base_url, **assign_kwargs)
    return NextCycle(cid, made)


def _period_labels(cyc: pd.DataFrame) -> dict[int, str]:
    """A readable, unique label per cycle: its name (with ``#id`` when two share a name)."""
    names = cyc["name"].astype(str)
    dup = names.duplicated(keep=False)
    return {int(i): (f"{n} #{i}" if d else n) for i, n, d in zip(cyc["id"], names, dup)}


def trend_cycles(store: Store, cycle_ids=None, *, kind: str | None = None) -> pd.DataFrame:
    """The cycles a trend runs over, oldest first: ``cycle_ids`` as given (in date order), else
    every finished cycle (closed/published), optionally only of one :func:`period_kind`.
    Columns ``id, name, period_start, period_end, status, jenis, label``."""
    cyc = store.cycles_frame()
    cyc["jenis"] = [period_kind(s, e) for s, e in zip(cyc["period_start"], cyc["period_end"])]
    if cycle_ids is not None:
        ids = [int(c) for c in cycle_ids]
        missing = sorted(set(ids) - set(cyc["id"].astype(int)))
        if missing:
            raise CycleError("cycle.cycles_missing", ids=", ".join(map(str, missing)))
        cyc = cyc[cyc["id"].isin(ids)]
    else:
        cyc = cyc[cyc["status"].isin(FINISHED)]
    if kind is not None:
        if kind not in set(PERIOD_KINDS.values()) | {"lainnya"}:
            raise CycleError("cycle.period_kind", kind=kind, choices=", ".join(PERIOD_KINDS.values()))
        cyc = cyc[cyc["jenis"] == kind]
    cyc = cyc.sort_values(["period_end", "period_start", "id"]).reset_index(drop=True)
    cyc["label"] = cyc["id"].map(_period_labels(cyc))
    return cyc[["id", "name", "period_start", "period_end", "status", "jenis", "label"]]


def trend_tables(store: Store, cycle_ids=None, *, kind: str | None = None, z: float = Z_DEFAULT,
                 min_unit_size: int = 5, config: ScoringConfig | None = None) -> dict[str, pd.DataFrame]:
    """Trends across cycles, ready for a dashboard or a workbook (one table per sheet).

    Every figure comes from each cycle's displayable answers (``cycle_ratings``, the stakeholders'
    included as in ``load_results``, through ``analysis.displayable_ratings`` with ``config``): a rater group under its threshold for a person counts in no score, trend,
    error or unit mean (the one anonymity rule).

    ``tren_pegawai``  per person x competency x cycle: name, that cycle's unit, score, k,
                      reliability ``r_kk``, ``sem``, change from the previous rated cycle and
                      the flag naik / turun / stabil (``analysis.trends.score_trends``)
    ``tren_ringkas``  per person: the overall score of each cycle side by side and the latest flag
    ``tren_unit``     per unit x competency x cycle: mean, n, counts naik/turun; units under
                      ``min_unit_size`` people suppressed (``analysis.trends.unit_trends``)
    ``tren_reliabilitas``  per cycle and competency: ICC(1), MSW, k0 used for the errors
    ``tren_periode``  the cycles used, oldest first, with their kind (semesteran/tahunan)

    Raises
    ------
    CycleError
        Fewer than one cycle with submitted ratings.
    """
    cyc = trend_cycles(store, cycle_ids, kind=kind)
    periods, unit_frames, rel_frames = [], [], []
    for rec in cyc.itertuples(index=False):
        ratings = cycle_ratings(store, int(rec.id))  # as load_results: stakeholders included
        if ratings.empty:
            continue
        ps = period_scores(displayable_ratings(ratings, config))
        periods.append((rec.label, ps))
        members = store.cycle_members_frame(int(rec.id))
        unit_frames.append(pd.DataFrame({"period": rec.label, "ratee": members["nip"].astype(str),
                                         "unit_kerja": members["unit_kerja"]}))
        rel_frames.append(ps.reliability.assign(period=rec.label, cycle_id=int(rec.id)))
    if not periods:
        raise CycleError("cycle.no_trends")
    units = pd.concat(unit_frames, ignore_index=True)
    trends = score_trends(periods, z=z, units=units)
    names = store.employees_frame(active_only=False).set_index("nip")["nama"]
    trends.insert(2, "nama", trends["ratee"].map(names))
    trends = trends.rename(columns={"ratee": "nip", "period": "periode"})
    summary = trend_summary(trends.rename(columns={"nip": "ratee", "periode": "period"}), OVERALL)
    summary.insert(1, "nama", summary["ratee"].map(names))
    summary = summary.rename(columns={"ratee": "nip"})
    units_t = unit_trends(trends.rename(columns={"periode": "period"}), min_size=min_unit_size)
    rel = pd.concat(rel_frames, ignore_index=True).rename(columns={"period": "periode"})
    rel = rel[["periode", "cycle_id"] + [c for c in rel.columns if c not in ("periode", "cycle_id")]]
    return {"tren_pegawai": trends, "tren_ringkas": summary, "tren_unit": units_t.rename(columns={"period": "periode"}),
            "tren_reliabilitas": rel, "tren_periode": cyc}


#: Default talent-pool criterion: predikat Sangat Baik or Rating Perilaku Diatas Ekspektasi.
TALENT_CRITERIA = {"predikat": (SANGAT_BAIK,), "rating_perilaku": (DIATAS,)}


@dataclass
class TalentPool:
    """What :func:`talent_pool` found.

    ``pool``: one row per person who met the criterion in the last ``n_periods`` consecutive
    periods (``nip, nama, jabatan, unit_kerja, streak, longest, n_qualified``, the predikat and
    rating perilaku of each period, and from the latest period the ``fair_score`` / ``fair_se``
    of the many-facet model (``fairness.rater_effects``), the trend score, its ``r_kk`` and
    ``sem``), best fair score first.  ``kuadran``: counts per cell of the kuadran (Rating Hasil
    Kerja x Rating Perilaku) per period.  ``unit``: per unit (latest period) the number rated
    and in the pool, units under ``min_unit_size`` suppressed.  ``periods``: the cycles used.
    """

    pool: pd.DataFrame
    kuadran: pd.DataFrame
    unit: pd.DataFrame
    periods: pd.DataFrame
    n_periods: int

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"talenta": self.pool, "talenta_unit": self.unit, "kuadran_periode": self.kuadran,
                "talenta_periode": self.periods}


def _qualifies(scores: pd.DataFrame, criteria: dict) -> pd.Series:
    hit = pd.Series(False, index=scores.index)
    for col, labels in criteria.items():
        if col in scores.columns:
            hit |= scores[col].isin(tuple(labels))
    return hit


def talent_pool(store: Store, n_periods: int = 2, cycle_ids=None, *, kind: str | None = None,
                criteria: dict | None = None, min_unit_size: int = 5, fair_scores: bool = True) -> TalentPool:
    """People rated Diatas Ekspektasi / Sangat Baik in ``n_periods`` consecutive periods, for the
    selection to leadership programmes and promotion.

    A period counts when the person's decided ``predikat`` is Sangat Baik or the Rating Perilaku
    is Diatas Ekspektasi (``criteria``: column -> accepted labels).  The run must end at the
    latest period and a period in which the person was not rated breaks it.  The ranking is by
    the latest period's fair score (``fairness.rater_effects``: rater severity removed), and the
    reliability of the person's score (``r_kk``, ``sem`` for the person's number of raters,
    ``analysis.trends``) is shown beside it.

    Raises
    ------
    CycleError
        ``n_periods`` below 1, or fewer finished cycles with ratings than ``n_periods``.
    """
    from ..analysis.fairness import SUPPRESSED, rater_effects

    if isinstance(n_periods, bool) or not isinstance(n_periods, int) or n_periods < 1:
        raise CycleError("cycle.talent_n", value=repr(n_periods))
    criteria = TALENT_CRITERIA if criteria is None else dict(criteria)
    cyc = trend_cycles(store, cycle_ids, kind=kind)
    rows, kuadran, used = [], [], []
    last = None
    for rec in cyc.itertuples(index=False):
        try:
            res = load_results(store, int(rec.id))
        except CycleError:
            continue
        sc = res.scores
        q = _qualifies(sc, criteria)
        cols = [c for c in ("predikat", "rating_perilaku", "rating_hasil_kerja") if c in sc.columns]
        rows.append(pd.DataFrame({"period": rec.label, "ratee": sc.index.astype(str), "qualifies": q.to_numpy(),
                                  **{c: sc[c].to_numpy() for c in cols}}))
        if {"rating_hasil_kerja", "rating_perilaku"} <= set(sc.columns):
            k = (sc.assign(predikat=sc.get("predikat"))
                 .groupby(["rating_hasil_kerja", "rating_perilaku"], dropna=False).size().rename("n").reset_index())
            if "predikat" in sc.columns:
                k = k.merge(sc.groupby(["rating_hasil_kerja", "rating_perilaku"], dropna=False)["predikat"]
                            .agg(lambda p: ", ".join(sorted(set(map(str, p.dropna()))))).reset_index(),
                            on=["rating_hasil_kerja", "rating_perilaku"], how="left")
            kuadran.append(k.assign(periode=rec.label, cycle_id=int(rec.id)))
        used.append(rec)
        last = (rec, res)
    if len(used) < n_periods:
        raise CycleError("cycle.talent_few", n=len(used), need=n_periods)
    table = pd.concat(rows, ignore_index=True)
    labels = [r.label for r in used]
    runs = consecutive_runs(table, labels)
    pool = runs[runs["streak"] >= n_periods].copy()
    emp = store.employees_frame(active_only=False).set_index("nip")
    rec, res = last
    members = store.cycle_members_frame(int(rec.id)).set_index("nip")
    pool["nama"] = pool["ratee"].map(emp["nama"])
    pool["jabatan"] = pool["ratee"].map(members["jabatan"]).fillna(pool["ratee"].map(emp["jabatan"]))
    pool["unit_kerja"] = pool["ratee"].map(members["unit_kerja"]).fillna(pool["ratee"].map(emp["unit_kerja"]))
    for col in ("predikat", "rating_perilaku"):
        if col in table.columns:
            wide = table.pivot_table(index="ratee", columns="period", values=col, aggfunc="last").reindex(columns=labels)
            for lab in labels[-n_periods:]:
                pool[f"{col}_{lab}"] = pool["ratee"].map(wide[lab])
    shown = res.shown_ratings  # groups under their threshold count in no person's figure
    ps = period_scores(shown).with_error()
    overall = ps[ps["competency"] == "overall"].set_index("ratee")
    pool["skor_tren"] = pool["ratee"].map(overall["score"])
    pool["k_penilai"] = pool["ratee"].map(overall["k"])
    pool["r_kk"] = pool["ratee"].map(overall["r_kk"])
    pool["sem"] = pool["ratee"].map(overall["sem"])
    if fair_scores and len(pool):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # disconnected designs: fair scores within components
            fair = rater_effects(shown).ratees.assign(ratee=lambda d: d["ratee"].astype(str)).set_index("ratee")
        pool["fair_score"] = pool["ratee"].map(fair["fair_score"])
        pool["fair_se"] = pool["ratee"].map(fair["se"])
        pool = pool.sort_values(["fair_score", "skor_tren"], ascending=False, na_position="last")
    else:
        pool = pool.sort_values("skor_tren", ascending=False, na_position="last")
    pool = pool.rename(columns={"ratee": "nip"})
    front = ["nip", "nama", "jabatan", "unit_kerja", "streak", "longest", "n_qualified"]
    pool = pool[front + [c for c in pool.columns if c not in front]].reset_index(drop=True)
    # per unit (latest period): rated and in the pool, small units suppressed
    rated = pd.Series(res.scores.index.astype(str))
    unit_of = rated.map(members["unit_kerja"]).fillna(rated.map(emp["unit_kerja"])).fillna("(tidak diketahui)")
    unit = pd.DataFrame({"unit_kerja": unit_of, "in_pool": rated.isin(set(pool["nip"]))})
    unit = unit.groupby("unit_kerja").agg(n_dinilai=("in_pool", "size"), n_talenta=("in_pool", "sum")).reset_index()
    small = unit["n_dinilai"] < min_unit_size
    unit["n_talenta"] = unit["n_talenta"].astype(float)
    unit.loc[small, "n_talenta"] = float("nan")
    unit["status"] = [f"{SUPPRESSED} (n < {min_unit_size})" if s else "" for s in small]
    kq = pd.concat(kuadran, ignore_index=True) if kuadran else pd.DataFrame(
        columns=["periode", "cycle_id", "rating_hasil_kerja", "rating_perilaku", "predikat", "n"])
    kq = kq[["periode", "cycle_id"] + [c for c in kq.columns if c not in ("periode", "cycle_id")]]
    used_df = cyc[cyc["id"].isin([int(r.id) for r in used])].reset_index(drop=True)
    return TalentPool(pool, kq, unit, used_df, n_periods)


def export_talent_pool(store: Store, path, *, meeting_mode: bool = False, secret: str | None = None,
                       min_unit_size: int = 5, **kwargs) -> Path:
    """:func:`talent_pool` to one Excel workbook (``talenta``, ``talenta_unit``,
    ``kuadran_periode``, ``talenta_periode``).

    ``meeting_mode``: NIPs pseudonymised, names dropped, and the unit and jabatan of a person in
    a unit with fewer than ``min_unit_size`` rated people left blank (in a small unit they
    would identify the person behind the code).
    """
    from ..present.exports import write_workbook

    tp = talent_pool(store, min_unit_size=min_unit_size, **kwargs)
    tables = tp.tables()
    if meeting_mode:
        small = set(tp.unit.loc[tp.unit["status"] != "", "unit_kerja"])
        pool = tables["talenta"].copy()
        hide = pool["unit_kerja"].isin(small)
        pool.loc[hide, ["unit_kerja", "jabatan"]] = ""
        tables["talenta"] = pool
    nips = store.employees_frame(active_only=False)["nip"].astype(str).tolist()
    return write_workbook(path, tables, meeting_mode=meeting_mode, nips=nips, secret=secret)


def unit_trend_table(store: Store, unit: str | None = None, *, min_unit_size: int = 5,
                     competency: str = OVERALL, tables: dict | None = None) -> pd.DataFrame:
    """The dashboard's unit trends: per unit (``unit`` and the units under it; every unit when
    None) and cycle, oldest first, the mean ``competency`` score with the number of people and
    how many of them changed beyond measurement error (naik/turun).  Units under
    ``min_unit_size`` rated people show ``n`` only (a small unit's mean identifies its members).
    ``tables`` reuses a :func:`trend_tables` result (``{}``: known to have no finished cycle).  Columns ``unit_kerja, periode, n, rerata,
    naik, turun, keterangan``; empty when no finished cycle has ratings."""
    if tables is None:
        try:
            tables = trend_tables(store, min_unit_size=min_unit_size)
        except CycleError:
            tables = {}
    if not tables:
        return pd.DataFrame(columns=["unit_kerja", "periode", "n", "rerata", "naik", "turun", "keterangan"])
    u = tables["tren_unit"]
    u = u[u["competency"].astype(str) == competency]
    if unit:
        path = u["unit_kerja"].astype(str)
        u = u[(path == unit) | path.str.startswith(unit + " / ")]
    order = {str(p): i for i, p in enumerate(tables["tren_periode"]["label"])}
    u = u.assign(_o=u["periode"].astype(str).map(order)).sort_values(["unit_kerja", "_o"])
    return pd.DataFrame({"unit_kerja": u["unit_kerja"].to_numpy(), "periode": u["periode"].to_numpy(),
                         "n": u["n"].to_numpy(), "rerata": u["mean"].to_numpy(), "naik": u["n_naik"].to_numpy(),
                         "turun": u["n_turun"].to_numpy(), "keterangan": u["status"].to_numpy()})


def export_trends(store: Store, path, *, meeting_mode: bool = False, secret: str | None = None,
                  **kwargs) -> Path:
    """:func:`trend_tables` (plus the talent pool and the kuadran counts when predikat are
    available) in one Excel workbook; ``meeting_mode`` pseudonymises NIPs and drops names."""
    from ..present.exports import write_workbook

    tables = trend_tables(store, **kwargs)
    nips = store.employees_frame(active_only=False)["nip"].astype(str).tolist()
    return write_workbook(path, tables, meeting_mode=meeting_mode, nips=nips, secret=secret)


__all__ = ["FINISHED", "NextCycle", "PERIOD_KINDS", "TALENT_CRITERIA", "TalentPool", "create_next_cycle",
           "export_talent_pool", "export_trends", "next_period", "period_kind", "talent_pool", "trend_cycles",
           "trend_tables", "unit_trend_table"]
