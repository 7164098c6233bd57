"""Issue 23 on the 600-person badan: ten planted harsh atasan (every answer 1 or 2) are found by
the calibration flags -- exactly those whose ratings are displayable -- and the fair score moves
their ratees up.

The roster file is imported into a real SQLite store, assigned with the defaults, every form is
answered through each rater's own link (``Store.save_response``) with simulated answers
(``demo.simulate_ratings``: ordinary raters with a small leniency spread), and the ten planted
atasan answer every form of theirs with 1 or 2.  Then the cycle is closed, hasil kerja imported
and ``CalibrationState`` opened as the Tim Penilai Kinerja would.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.fairness import SEVERITY_MIN, SEVERITY_Z
from kinerja_survey.collect.assignment import OrgChart
from kinerja_survey.cycle.calibration import cycle_ratees
from kinerja_survey.demo import simulate_ratings
from kinerja_survey.store import Store

from .agencies import badan

ACTOR = "siti"
N_HARSH = 10
LENIENCY_SD = 0.1  # ordinary raters: a small leniency spread (the planted ones are far outside it)
#: the rater x ratee interaction (one rater's own view of one ratee, shared by the 21 answers of a form):
#: the largest variance component of 360-degree ratings (Scullen, Mount & Goff, 2000)
FORM_SD = 0.4


def build_planted_badan(tmp_path, *, seed: int = 2026, leniency_sd: float = LENIENCY_SD, form_sd: float = FORM_SD):
    """The closed cycle of the badan with ``N_HARSH`` planted harsh atasan: ``(store, cid, harsh)``."""
    agency = badan()
    path = agency.write(tmp_path / agency.filename)
    store = Store(f"sqlite:///{tmp_path / 'k.sqlite'}", create=True)
    uc.import_roster(store, path, actor=ACTOR)
    cid = uc.create_cycle(store, "Perilaku 2026", "2026-01-01", "2026-12-31", actor=ACTOR)
    made = uc.assign(store, cid, actor=ACTOR, seed=seed)
    uc.open_cycle(store, cid, actor=ACTOR)
    chart = OrgChart(store.employees_frame())
    # ten heads below the top, each with staff: every second head in NIP order (deterministic)
    heads = sorted(h for h in chart.heads if not chart.is_top(h) and chart.reports.get(h))
    harsh = set(heads[::2][:N_HARSH])
    assert len(harsh) == N_HARSH
    asg = store.assignments_frame(cid)
    instrument = store.instrument(cid)
    sim = simulate_ratings(asg[["rater", "ratee", "relationship"]], instrument, seed=seed, missing_rate=0.0,
                           leniency_sd=leniency_sd)
    wide = sim.ratings.pivot_table(index=["rater", "ratee"], columns="item", values="rating", observed=True)
    token = dict(zip(made.links["nip"], made.links["token"]))
    rng = np.random.default_rng(seed)
    for row in asg.itertuples(index=False):
        shift = rng.normal(0, form_sd)
        values = {item: int(np.clip(np.rint(v + shift), 1, 5)) for item, v in wide.loc[(row.rater, row.ratee)].items()}
        if row.rater in harsh:
            values = {item: int(rng.integers(1, 3)) for item in values}  # 1 or 2, everything
        store.save_response(token[row.rater], int(row.assignment_id), values, submit=True)
    uc.close_cycle(store, cid, actor=ACTOR)
    nips = cycle_ratees(store, cid)
    hk = np.random.default_rng(seed).choice(["Diatas Ekspektasi", "Sesuai Ekspektasi", "Dibawah Ekspektasi"],
                                            len(nips), p=[0.2, 0.7, 0.1])
    uc.import_hasil_kerja(store, cid, pd.DataFrame({"nip": nips, "rating": hk}), actor=ACTOR)
    uc.set_org_predikat(store, cid, "Baik", actor=ACTOR)
    return store, cid, harsh


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    store, cid, harsh = build_planted_badan(tmp_path_factory.mktemp("badan"))
    yield store, cid, harsh
    store.dispose()


def test_the_flags_find_exactly_the_planted_harsh_atasan(planted):
    store, cid, harsh = planted
    state = uc.CalibrationState(store, cid, actor="Tim Penilai Kinerja", meeting_mode=False)
    shown = state.results.shown_ratings
    sup = shown[shown["relationship"].astype(str) == "supervisor"]
    # the planted atasan whose ratings are displayable: a supervisor's rating always is (threshold 1)
    displayable = harsh & set(sup["rater"].astype(str))
    assert displayable == harsh
    found = set(state.flagged_raters()["rater"])
    assert found == displayable  # none missed, no false flag
    table = state.table()
    flagged = table[table["tanda"].map(lambda f: "severe_atasan" in f)]
    staff = set(sup.loc[sup["rater"].astype(str).isin(harsh), "ratee"].astype(str))
    assert set(flagged["nip"]) == staff
    # each flag names the atasan, her severity and z, and a suggestion; the supervisors' table agrees
    texts = [m for ms in flagged["alasan_tanda"] for m in ms if m.key == "cal.flag_severe_why"]
    assert len(texts) == len(flagged)
    assert all("keras" in m.render("id") and "Saran:" in m.render("id") and "severe" in m.render("en")
               for m in texts)
    sev = state.supervisors().set_index("atasan_nip")
    assert set(sev.index[sev["flag"].astype(bool)]) == found
    assert all(sev.at[b, "z"] > SEVERITY_Z and sev.at[b, "severity"] >= SEVERITY_MIN for b in harsh)
    # the fair score moves their ratees up: the weighted score with severity removed is higher
    rows = table.set_index("nip").loc[sorted(staff)]
    assert (rows["skor_tertimbang_adil"] > rows["skor_tertimbang"] + 0.3).all()
    gain = rows["skor_adil"] - rows["skor_mentah"]  # the model's fair score against the raw mean
    assert gain.mean() > 0.3 and (gain > 0).mean() > 0.85
    # ... and changes the rating perilaku of nearly all of them (the fair_changes flag, with its suggestion);
    # the assignment draw varies from run to run (set order), so the share, not every row, is asserted
    moved = rows["tanda"].map(lambda f: "fair_changes" in f)
    assert moved.mean() > 0.9
    assert (rows.loc[moved, "rating_perilaku_adil"] != rows.loc[moved, "rating_perilaku"]).all()
    assert (rows["predikat_saran"] != "").all()
    others = table[~table["nip"].isin(staff)]
    print(f"\nplanted {len(harsh)}, found {len(found & harsh)}, missed {len(harsh - found)}, "
          f"false {len(found - harsh)}; ratees of planted atasan flagged {len(flagged)} of {len(staff)}, "
          f"their fair rating differs {int(moved.sum())}; other rows flagged "
          f"{int((others['tanda'].map(len) > 0).sum())} of {len(others)} (fair_changes only)")
    assert not others["tanda"].map(lambda f: "severe_atasan" in f).any()


def test_a_decision_on_a_flagged_row_moves_the_kurva(planted):
    """The Tim decides the suggestion of one flagged row with a reason: the kurva after counts it."""
    store, cid, _harsh = planted
    state = uc.CalibrationState(store, cid, actor="Ketua Tim Penilai Kinerja", meeting_mode=False)
    table = state.table()
    row = table[table["tanda"].map(lambda f: "severe_atasan" in f) & (table["predikat_saran"] != table["predikat"])
                ].iloc[0]
    before = state.kurva().set_index("predikat")
    state.set_tim(["Sekretaris", "Kepala Bidang Pajak Daerah"])
    state.change(row["nip"], row["predikat_saran"], "Atasan menilai sangat keras; skor adil dipakai sesuai saran")
    after = state.kurva().set_index("predikat")
    assert after.at[row["predikat_saran"], "ditetapkan"] == before.at[row["predikat_saran"], "ditetapkan"] + 1
    assert after.at[row["predikat"], "ditetapkan"] == before.at[row["predikat"], "ditetapkan"] - 1
    assert (after["usulan"] == before["usulan"]).all()
    from kinerja_survey.cycle.calibration import berita_acara_data

    data = berita_acara_data(store, cid, actor="siti")
    assert data.peserta == ["Sekretaris", "Kepala Bidang Pajak Daerah"]
    assert data.changes["alasan"].tolist() == ["Atasan menilai sangat keras; skor adil dipakai sesuai saran"]
