import numpy as np
import pandas as pd

from kinerja_survey.collect.roster import load_roster
from kinerja_survey.demo import (
    build_demo,
    generate_organisation,
    simulate_ratings,
    synthetic_assignments,
)
from kinerja_survey.frames import check_ratings_frame


def test_demo_organisation_is_a_valid_roster():
    org = generate_organisation(200, seed=3)
    frame = load_roster(org)  # raises on any invalid NIP, duplicate, unknown atasan or cycle
    assert len(frame) == len(org) == 200
    assert (frame["atasan_nip"] == "").sum() == 1  # one head of agency
    assert set(frame["jenis_jabatan"]) == {"JPT Pratama", "Administrator", "Pengawas", "Pelaksana", "Fungsional"}
    assert set(frame["jenis_kelamin"]) == {"L", "P"}


def test_organisation_is_seeded():
    pd.testing.assert_frame_equal(generate_organisation(60, seed=4), generate_organisation(60, seed=4))
    assert not generate_organisation(60, seed=4).equals(generate_organisation(60, seed=5))


def test_simulation_carries_leniency_and_true_scores():
    a = synthetic_assignments(3000, seed=2)
    sim = simulate_ratings(a, seed=2, noise_sd=0.3, missing_rate=0.03)
    r = check_ratings_frame(sim.ratings, scale=(1, 5))
    assert abs(r["rating"].isna().mean() - 0.03) < 0.005
    # raters' mean rating tracks their leniency; ratees' mean tracks their true score
    by_rater = r.groupby("rater", observed=True)["rating"].mean()
    by_ratee = r.groupby("ratee", observed=True)["rating"].mean()
    assert np.corrcoef(by_rater, sim.leniency[by_rater.index])[0, 1] > 0.4
    assert np.corrcoef(by_ratee, sim.true_score[by_ratee.index])[0, 1] > 0.6
    assert set(a["relationship"]) == {"self", "supervisor", "peer", "subordinate"}
    assert not a.duplicated(["rater", "ratee"]).any()


def test_build_demo_leaves_pending_draft_and_submitted_raters(tmp_path):
    from kinerja_survey.store import Store

    store = Store(tmp_path / "demo.sqlite")
    result = build_demo(store, n_employees=40, seed=2)
    assert set(result.links["status"]) == {"submitted", "draft", "pending"}
    statuses = store.assignments_frame(result.cycle_id)["status"].value_counts()
    assert statuses["submitted"] > statuses.get("draft", 0) > 0
    ratings = store.ratings_frame(result.cycle_id)
    assert ratings["rating"].between(1, 5).all() and ratings["rating"].notna().all()
    assert len(store.hasil_kerja_frame(result.cycle_id)) == 40
