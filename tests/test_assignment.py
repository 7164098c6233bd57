import pandas as pd
import pytest

from kinerja_survey.collect.assignment import generate_assignments
from kinerja_survey.collect.roster import LEVEL
from kinerja_survey.demo import generate_organisation


@pytest.fixture(scope="module")
def roster():
    return generate_organisation(150, seed=11)


@pytest.fixture(scope="module")
def plan(roster):
    return generate_assignments(roster, peers=(3, 5), max_load=12, seed=5)


def test_everyone_rates_themself_exactly_once(plan, roster):
    a = plan.assignments
    selfs = a[a["relationship"] == "self"]
    assert sorted(selfs["rater"]) == sorted(roster["nip"])
    assert (selfs["rater"] == selfs["ratee"]).all()
    others = a[a["relationship"] != "self"]
    assert not (others["rater"] == others["ratee"]).any()


def test_no_pair_twice(plan):
    assert not plan.assignments.duplicated(["rater", "ratee"]).any()


def test_supervisor_and_subordinate_follow_the_org_chart(plan, roster):
    atasan = dict(zip(roster["nip"], roster["atasan_nip"]))
    a = plan.assignments
    sup = a[a["relationship"] == "supervisor"]
    assert all(atasan[ratee] == rater for rater, ratee in zip(sup["rater"], sup["ratee"]))
    assert len(sup) == (roster["atasan_nip"] != "").sum()  # everyone with an atasan is rated by them
    sub = a[a["relationship"] == "subordinate"]
    assert all(atasan[rater] == ratee for rater, ratee in zip(sub["rater"], sub["ratee"]))
    assert sub.groupby("ratee").size().max() <= 8


def test_peers_are_same_level_and_nearby(plan, roster):
    level = {n: LEVEL[j] for n, j in zip(roster["nip"], roster["jenis_jabatan"])}
    unit = dict(zip(roster["nip"], roster["unit_kerja"]))
    peers = plan.assignments[plan.assignments["relationship"] == "peer"]
    assert len(peers) > 0
    for rater, ratee in zip(peers["rater"], peers["ratee"]):
        assert level[rater] == level[ratee]
        assert unit[rater].rsplit(" / ", 1)[0] == unit[ratee].rsplit(" / ", 1)[0]
    counts = peers.groupby("ratee").size()
    assert counts.max() <= 5
    short = set(plan.shortfalls["ratee"])
    assert all(c >= 3 for r, c in counts.items() if r not in short)


def test_load_cap_holds_for_drawn_forms(plan):
    drawn = plan.assignments[plan.assignments["relationship"].isin(["peer", "subordinate"])]
    mandatory = plan.assignments[plan.assignments["relationship"].isin(["self", "supervisor"])]
    load = drawn.groupby("rater").size().add(mandatory.groupby("rater").size(), fill_value=0)
    # a drawn form is only added to a rater below the cap
    assert load[drawn["rater"].unique()].max() <= 12


def test_seeded_draw_is_reproducible_and_seed_dependent(roster):
    a = generate_assignments(roster, seed=1).assignments
    b = generate_assignments(roster, seed=1).assignments
    c = generate_assignments(roster, seed=2).assignments
    pd.testing.assert_frame_equal(a, b)
    key = lambda d: set(map(tuple, d[d["relationship"] == "peer"][["rater", "ratee"]].to_numpy()))
    assert key(a) != key(c)


def test_bad_parameters():
    r = generate_organisation(20, seed=1)
    with pytest.raises(ValueError, match="peers"):
        generate_assignments(r, peers=(5, 3))
    with pytest.raises(ValueError, match="max_load"):
        generate_assignments(r, max_load=0)
