"""Synthetic demo organisation and simulated 360-degree responses, seeded.

``generate_organisation`` builds a realistic roster of a regional agency (a Badan with a
Sekretariat and Bidang, each with Sub Bagian/Sub Bidang, staffed by Pelaksana and Fungsional) in
the column layout ``kinerja_survey.collect.roster`` imports.  ``simulate_ratings`` answers a set of
assignments with a known generating model, so analyses can be checked against the truth::

    rating = round(centre + true[ratee] + comp[ratee, competency] + easiness[item]
                   + leniency[rater] + self_bias * [self] + noise), clipped to the scale

Leniency is the opposite of severity: a severe rater has a negative leniency.  Everything is drawn
from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .collect.instrument import Instrument, berakhlak
from .collect.nip import make_nip
from .collect.roster import ROSTER_COLUMNS
from .frames import check_columns as _check_columns

if TYPE_CHECKING:
    from .collect.assignment import AssignmentPlan

_MALE = ["Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irfan", "Joko", "Rudi", "Slamet", "Teguh",
         "Wahyu", "Yusuf", "Arif", "Bambang", "Dimas", "Gilang", "Hadi", "Imam", "Rizky", "Andi", "Made"]
_FEMALE = ["Ayu", "Dewi", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nur", "Putri", "Ratna", "Sari",
           "Siti", "Tuti", "Wulan", "Yuni", "Ani", "Desi", "Endang", "Rina", "Intan", "Ketut", "Nia"]
_FAMILY = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Nugroho", "Kurniawan", "Pratama", "Siregar",
           "Nasution", "Simanjuntak", "Wibowo", "Setiawan", "Lubis", "Harahap", "Sihombing", "Rahman",
           "Permana", "Gunawan", "Susanto", "Hakim", "Utami", "Rahayu", "Putra", "Firmansyah"]
_BIDANG = ["Sekretariat", "Bidang Mutasi dan Promosi", "Bidang Pengembangan Kompetensi",
           "Bidang Penilaian Kinerja dan Penghargaan", "Bidang Pengadaan dan Informasi",
           "Bidang Kesejahteraan", "Bidang Data dan Sistem Informasi"]
_SUB = ["Sub Bagian Umum", "Sub Bagian Keuangan", "Sub Bagian Perencanaan", "Sub Bidang Pertama",
        "Sub Bidang Kedua", "Sub Bidang Ketiga"]
_STAFF = [
    ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "Fungsional", ["III/a", "III/b"]),
    ("Analis Sumber Daya Manusia Aparatur Ahli Muda", "Fungsional", ["III/c", "III/d"]),
    ("Pranata Komputer Ahli Pertama", "Fungsional", ["III/a", "III/b"]),
    ("Analis Kepegawaian", "Pelaksana", ["II/c", "II/d", "III/a", "III/b"]),
    ("Pengadministrasi Umum", "Pelaksana", ["II/a", "II/b", "II/c", "II/d"]),
    ("Pengelola Data", "Pelaksana", ["II/b", "II/c", "III/a"]),
    ("Pengolah Data Kepegawaian", "Pelaksana", ["II/c", "II/d", "III/a"]),
]



def generate_organisation(n_employees: int = 120, *, seed: int = 0, name: str = "BKPSDM Kabupaten Contoh") -> pd.DataFrame:
    """A roster of about ``n_employees`` people in a Badan-shaped hierarchy, every NIP valid.

    Returns a DataFrame with ``ROSTER_COLUMNS``; ``unit_kerja`` is a path
    ``"<org> / <bidang> / <sub>"`` so the unit tree is recoverable.
    """
    if n_employees < 10:
        raise ValueError("the demo organisation needs at least 10 employees")
    rng = np.random.default_rng(seed)
    used_seq: dict[str, int] = {}
    rows: list[dict] = []

    def person(jabatan, jenis, golongan, unit, atasan, age_range):
        gender = "L" if rng.random() < 0.52 else "P"
        first = rng.choice(_MALE if gender == "L" else _FEMALE)
        nama = f"{first} {rng.choice(_FAMILY)}"
        age = int(rng.integers(*age_range))
        birth = dt.date(2026 - age, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
        tmt_year = int(min(2025, birth.year + int(rng.integers(22, 30))))
        tmt_month = int(rng.choice([1, 3, 4, 12]))
        key = f"{birth:%Y%m%d}{tmt_year}{tmt_month:02d}{gender}"
        used_seq[key] = used_seq.get(key, 0) + 1
        nip = make_nip(birth, tmt_year, tmt_month, gender, used_seq[key])
        rows.append(dict(nip=nip, nama=nama, jabatan=jabatan, jenis_jabatan=jenis, golongan=golongan,
                         unit_kerja=unit, atasan_nip=atasan, jenis_kelamin=gender))
        return nip

    head = person("Kepala Badan", "JPT Pratama", str(rng.choice(["IV/c", "IV/d"])), name, "", (48, 58))
    n_bidang = int(np.clip(round(n_employees / 22), 2, len(_BIDANG)))
    n_sub_each = int(np.clip(round(n_employees / (n_bidang * 8)), 2, 3))
    n_leaders = n_bidang * (1 + n_sub_each)
    n_staff = max(n_employees - 1 - n_leaders, n_bidang * n_sub_each)
    subs = []
    for b in range(n_bidang):
        bidang = _BIDANG[b]
        is_sek = bidang == "Sekretariat"
        kabid = person("Sekretaris" if is_sek else f"Kepala {bidang}", "Administrator",
                       str(rng.choice(["IV/a", "IV/b"])), f"{name} / {bidang}", head, (42, 56))
        names = _SUB[:3] if is_sek else _SUB[3:]
        for s in range(n_sub_each):
            unit = f"{name} / {bidang} / {names[s % len(names)]}"
            kasub = person(f"Kepala {names[s % len(names)]}", "Pengawas", str(rng.choice(["III/c", "III/d"])),
                           unit, kabid, (36, 52))
            subs.append((unit, kasub))
    for k in range(n_staff):
        unit, kasub = subs[k % len(subs)]
        jabatan, jenis, gols = _STAFF[int(rng.integers(len(_STAFF)))]
        person(jabatan, jenis, str(rng.choice(gols)), unit, kasub, (24, 50))
    return pd.DataFrame(rows, columns=ROSTER_COLUMNS)


@dataclass
class Simulation:
    """Simulated answers and the effects that generated them."""

    ratings: pd.DataFrame  # the ratings frame (see kinerja_survey.frames)
    true_score: pd.Series  # per ratee, on the latent (centred) scale
    leniency: pd.Series  # per rater; severity = -leniency
    easiness: pd.Series  # per item


def simulate_ratings(
    assignments: pd.DataFrame,
    instrument: Instrument | None = None,
    *,
    seed: int = 0,
    centre: float = 3.7,
    true_sd: float = 0.45,
    competency_sd: float = 0.25,
    leniency_sd: float = 0.4,
    item_sd: float = 0.15,
    noise_sd: float = 0.5,
    self_bias: float = 0.3,
    missing_rate: float = 0.03,
    true_score: pd.Series | None = None,
    competency_effect: pd.DataFrame | None = None,
    easiness: pd.Series | None = None,
) -> Simulation:
    """Answer every (rater, ratee, relationship) row of ``assignments`` on every item.

    ``assignments`` needs columns ``rater, ratee, relationship``.  Ratings are integers on the
    instrument's scale; a fraction ``missing_rate`` of answers is left NaN at random.
    ``true_score`` (Series ratee -> effect) and ``competency_effect`` (DataFrame ratee x
    competency code) fix those effects instead of drawing them (ratees missing from them keep
    the drawn value), so several cycles can share, or shift by a known amount, one person's truth;
    ``easiness`` (Series item code -> effect) fixes the items' easiness (the same instrument).
    Vectorised: 100,000 ratees x 9 raters x 21 items take a few seconds.
    """
    instrument = instrument or berakhlak()
    rng = np.random.default_rng(seed)
    a = assignments[["rater", "ratee", "relationship"]].reset_index(drop=True)
    ratees, ratee_idx = np.unique(a["ratee"].to_numpy(dtype=str), return_inverse=True)
    raters, rater_idx = np.unique(a["rater"].to_numpy(dtype=str), return_inverse=True)
    items = instrument.items
    item_codes = np.array([i.code for i in items])
    comps, comp_idx = np.unique(np.array([i.competency for i in items]), return_inverse=True)

    true = rng.normal(0, true_sd, len(ratees))
    comp_eff = rng.normal(0, competency_sd, (len(ratees), len(comps)))
    len_eff = rng.normal(0, leniency_sd, len(raters))
    easy = rng.normal(0, item_sd, len(items))
    if true_score is not None:
        given = pd.Series(true_score).rename(index=str).reindex(ratees)
        true = np.where(given.notna(), given.to_numpy(dtype=float), true)
    if competency_effect is not None:
        given = competency_effect.rename(index=str, columns=str).reindex(index=ratees, columns=comps)
        comp_eff = np.where(given.notna(), given.to_numpy(dtype=float), comp_eff)
    if easiness is not None:
        given = pd.Series(easiness).rename(index=str).reindex(item_codes)
        easy = np.where(given.notna(), given.to_numpy(dtype=float), easy)

    n, m = len(a), len(items)
    is_self = (a["relationship"].to_numpy() == "self").astype(float)
    latent = (
        centre
        + (true[ratee_idx] + len_eff[rater_idx] + self_bias * is_self)[:, None]
        + comp_eff[ratee_idx][:, comp_idx]
        + easy[None, :]
        + rng.normal(0, noise_sd, (n, m))
    )
    scale = instrument.scale
    values = np.clip(np.rint(latent), scale.low, scale.high)
    values[rng.random((n, m)) < missing_rate] = np.nan
    ratings = pd.DataFrame({
        "ratee": pd.Categorical.from_codes(np.repeat(ratee_idx, m), ratees),
        "rater": pd.Categorical.from_codes(np.repeat(rater_idx, m), raters),
        "relationship": pd.Categorical(np.repeat(a["relationship"].to_numpy(dtype=str), m)),
        "competency": pd.Categorical.from_codes(np.tile(comp_idx, n), comps),
        "item": pd.Categorical.from_codes(np.tile(np.arange(m), n), item_codes),
        "rating": values.ravel(),
    })
    return Simulation(
        ratings,
        pd.Series(true, index=ratees, name="true_score"),
        pd.Series(len_eff, index=raters, name="leniency"),
        pd.Series(easy, index=item_codes, name="easiness"),
    )


def synthetic_assignments(n_ratees: int, *, raters_per_ratee: int = 9, seed: int = 0) -> pd.DataFrame:
    """A large 360-degree design without a roster, for benchmarks.

    Every ratee gets one self, one supervisor, peers and subordinates drawn from a pool of
    employees (raters are shared across ratees, so the design is connected and unbalanced: the
    number of peers and subordinates varies by ratee around ``raters_per_ratee`` in total).
    """
    rng = np.random.default_rng(seed)
    ids = np.array([f"E{i:07d}" for i in range(n_ratees)])
    team = 8
    boss = np.arange(n_ratees) // team * team  # every 8 share a supervisor index (first of the team)
    parts = [pd.DataFrame({"rater": ids, "ratee": ids, "relationship": "self"})]
    sup = (boss + team) % n_ratees
    parts.append(pd.DataFrame({"rater": ids[sup], "ratee": ids, "relationship": "supervisor"}))
    n_other = raters_per_ratee - 2
    n_peer = rng.integers(max(n_other - 4, 1), n_other + 1, n_ratees)
    n_sub = np.clip(n_other - n_peer + rng.integers(-1, 2, n_ratees), 0, None)
    for kind, counts, offset in (("peer", n_peer, 1), ("subordinate", n_sub, 3 * team)):
        rows = np.repeat(np.arange(n_ratees), counts)
        step = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
        rater = (rows + offset + step * 7 + (kind == "subordinate")) % n_ratees
        rater = np.where(rater == rows, (rater + 1) % n_ratees, rater)
        parts.append(pd.DataFrame({"rater": ids[rater], "ratee": ids[rows], "relationship": kind}))
    out = pd.concat(parts, ignore_index=True)
    return out.drop_duplicates(["rater", "ratee"]).reset_index(drop=True)


@dataclass
class DemoCycle:
    """An open cycle on a fresh demo roster, nothing answered yet."""

    cycle_id: int
    links: pd.DataFrame  # plain links: nip, nama, unit_kerja, token, n_ratees
    plan: AssignmentPlan
    forms: list  # [(token, assignment_id)] of every form, in assignment order
    item_codes: list  # the instrument's item codes, in order


def open_demo_cycle(store, n_employees: int = 40, *, seed: int = 0, name: str = "Penilaian Perilaku Kerja 2026",
                    actor: str = "demo") -> DemoCycle:
    """Import a demo roster of ``n_employees``, plan assignments and open a cycle on ``store``.

    The starting point of the demo, the load and fault tests and the concurrency benchmark.
    """
    from . import cycle as uc

    roster = generate_organisation(n_employees, seed=seed)
    uc.import_roster(store, roster, actor=actor)
    cycle_id = uc.create_cycle(store, name, "2026-01-01", "2026-12-31", actor=actor)
    made = uc.assign(store, cycle_id, seed=seed, actor=actor)
    plan, links = made.plan, made.links.drop(columns="tautan")
    uc.open_cycle(store, cycle_id, actor=actor)
    token_of = dict(zip(links["nip"], links["token"]))
    asg = store.assignments_frame(cycle_id)
    forms = [(token_of[r], int(a)) for r, a in zip(asg["rater"], asg["assignment_id"])]
    return DemoCycle(cycle_id, links, plan, forms, [i.code for i in store.instrument(cycle_id).items])


@dataclass
class DemoResult:
    cycle_id: int
    links: pd.DataFrame  # plain links of every rater (nip, nama, unit_kerja, token, n_ratees, status)
    simulation: Simulation


def build_demo(store, *, n_employees: int = 120, seed: int = 1, submit_rate: float = 0.85,
               draft_rate: float = 0.05, cycle_name: str = "Penilaian Perilaku Kerja 2026") -> DemoResult:
    """Fill ``store`` with a demo organisation and an open cycle with simulated answers.

    About ``submit_rate`` of raters have submitted every form, ``draft_rate`` have a draft of
    their first form, the rest have not started (so the rater app shows all three states).  Answers
    come from ``simulate_ratings`` (known leniency and true scores, see ``DemoResult.simulation``)
    and are written through ``Store.save_response`` like a real rater's.  Rating Hasil Kerja is set
    for everyone so that the predikat can be computed.
    """
    rng = np.random.default_rng(seed)
    demo = open_demo_cycle(store, n_employees, seed=seed, name=cycle_name)
    cycle_id, links, plan = demo.cycle_id, demo.links, demo.plan
    instrument = store.instrument(cycle_id)
    sim = simulate_ratings(plan.assignments, instrument, seed=seed, missing_rate=0.0)
    asg = store.assignments_frame(cycle_id)
    wide = sim.ratings.pivot_table(index=["rater", "ratee"], columns="item", values="rating", observed=True)
    token_of = dict(zip(links["nip"], links["token"]))
    fate = dict(zip(links["nip"], rng.choice(["submitted", "draft", "pending"], len(links),
                                                p=[submit_rate, draft_rate, 1 - submit_rate - draft_rate])))
    comments = ["Sangat membantu rekan kerja.", "Perlu lebih proaktif dalam rapat.",
                "Pelayanan kepada masyarakat cepat dan ramah.", "Dapat lebih terbuka terhadap masukan."]
    comps = [c.code for c in instrument.competencies]
    for rater, group in asg.groupby("rater", sort=False):
        status = fate[rater]
        if status == "pending":
            continue
        for k, row in enumerate(group.itertuples(index=False)):
            values = {item: int(v) for item, v in wide.loc[(row.rater, row.ratee)].items()}
            note = {comps[int(rng.integers(len(comps)))]: comments[int(rng.integers(len(comments)))]}
            if status == "draft":
                half = dict(list(values.items())[: len(values) // 2])
                store.save_response(token_of[rater], row.assignment_id, half, note)
                break
            store.save_response(token_of[rater], row.assignment_id, values, note, submit=True)
    hk = rng.choice(["Diatas Ekspektasi", "Sesuai Ekspektasi", "Dibawah Ekspektasi"], len(demo.links), p=[0.2, 0.7, 0.1])
    store.set_hasil_kerja(cycle_id, pd.DataFrame({"nip": demo.links["nip"], "rating": hk}), source="demo", actor="demo")
    links = links.assign(status=links["nip"].map(fate))
    return DemoResult(cycle_id, links, sim)


def demo_assignments(employees: pd.DataFrame, *, n_peers: int = 4, n_cross_peers: int = 2, seed: int = 0) -> pd.DataFrame:
    """A simple 360-degree assignment for a roster (demo only; the real one is ``assignment.py``).

    Everyone rates themself; the ``atasan_nip`` rates each direct report (supervisor) and is
    rated by them (subordinate); each person is rated by up to ``n_peers`` colleagues with the
    same atasan and ``n_cross_peers`` employees from other units (peer).
    """
    _check_columns(employees, ("nip", "atasan_nip", "unit_kerja"), "employees")
    rng = np.random.default_rng(seed)
    emp = employees.assign(nip=employees["nip"].astype(str), atasan_nip=employees["atasan_nip"].fillna("").astype(str))
    nips = emp["nip"].to_numpy()
    rows = [(n, n, "self") for n in nips]
    boss = dict(zip(emp["nip"], emp["atasan_nip"]))
    unit = dict(zip(emp["nip"], emp["unit_kerja"]))
    by_boss = emp.groupby("atasan_nip")["nip"].apply(list).to_dict()
    for n in nips:
        b = boss[n]
        if b and b in boss:
            rows.append((b, n, "supervisor"))
            rows.append((n, b, "subordinate"))
        sibs = [s for s in by_boss.get(b, []) if s != n] if b else []
        for p in rng.permutation(sibs)[:n_peers]:
            rows.append((str(p), n, "peer"))
        others = [m for m in nips if unit[m] != unit[n] and m != b and boss.get(m) != n]
        for p in rng.choice(others, size=min(n_cross_peers, len(others)), replace=False):
            rows.append((str(p), n, "peer"))
    a = pd.DataFrame(rows, columns=["rater", "ratee", "relationship"])
    return a.drop_duplicates(["rater", "ratee"]).reset_index(drop=True)


def demo_data(n_employees: int = 120, *, seed: int = 0, leniency_sd: float = 0.4):
    """Demo roster and simulated ratings: ``(employees, simulation)`` (for notebooks and the fairness tests)."""
    employees = generate_organisation(n_employees, seed=seed)
    sim = simulate_ratings(demo_assignments(employees, seed=seed), seed=seed, leniency_sd=leniency_sd)
    return employees, sim


def answer_all(store, cycle_id: int, tokens: dict, *, seed: int = 0) -> int:
    """Submit every form of a cycle with simulated answers, through each rater's own link.

    ``tokens`` maps a rater's NIP to the plain token of their personal link (e.g. read from the
    links CSV that ``kinerja-survey assign`` wrote).  Returns the number of forms submitted.
    """
    asg = store.assignments_frame(cycle_id)
    instrument = store.instrument(cycle_id)
    sim = simulate_ratings(asg[["rater", "ratee", "relationship"]], instrument, seed=seed, missing_rate=0.0)
    wide = sim.ratings.pivot_table(index=["rater", "ratee"], columns="item", values="rating", observed=True)
    done = 0
    for row in asg.itertuples(index=False):
        values = {item: int(v) for item, v in wide.loc[(row.rater, row.ratee)].items()}
        store.save_response(tokens[row.rater], int(row.assignment_id), values, submit=True)
        done += 1
    return done
