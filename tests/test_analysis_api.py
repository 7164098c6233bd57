"""The analysis API as a whole (issue 9): one parameter vocabulary, one configuration style
(dataclasses), and messages in Bahasa Indonesia through i18n (English with KINERJA_SURVEY_LANG=en).

The vocabulary, pingouin-style: ``data`` is the frame (first positional parameter); ``targets``
(ratee column), ``raters``, ``items``, ``ratings`` (value column, as pingouin's intraclass_corr),
``competency`` name its columns; ``confidence`` is a CI level; ``min_raters`` counts raters and
``min_people`` counts people (ratees, group members).
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

from kinerja_survey import analysis, demo
from kinerja_survey.analysis import fairness as F
from kinerja_survey.frames import AnalysisError, ratings_frame_renamed, renamed_parameters

VOCABULARY = {"data", "targets", "raters", "items", "ratings", "competency", "confidence", "min_raters",
              "min_people"}
# names the vocabulary replaced: none may remain in a public signature
OLD_NAMES = {"values", "units", "coders", "ci", "min_group", "min_ratees", "min_n", "scores"}
# options that belong to one function (or a few) and name no shared role
FUNCTION_OPTIONS = {
    "scale_points", "center", "by", "null", "expected_variance", "keep", "group", "level", "n_boot",
    "random_state", "return_replicates", "min_alpha", "nan_policy", "subjects", "target", "bootstrap", "tol",
    "relationships", "relationship", "pairs", "z_crit", "disconnected", "maxiter", "jacobi_budget", "flag_ratio",
    "scale", "flag_share", "item_order", "longstring_cut", "irv_cut", "cut_sd", "good_cut", "gap", "quantile",
    "all_items", "value", "parametric", "padjust", "favourable", "threshold", "key", "unit_col", "unit_depth",
    "employees", "config", "hasil_kerja", "components", "k", "predikat", "org_predikat", "all_rules", "skp",
    "perilaku", "regime", "score", "cuts", "method", "reliability", "sd", "factor", "icc1", "tables",
    "groups", "n_factors", "matching", "reference", "purify", "alpha", "n_items",  # issue 26 (omega_h, DIF, D-study)
    "engine", "memory_limit", "temp_directory", "threads", "progress",  # analyse: the engine and its bounds
}
# public functions that take no ratings/long frame as first argument
NOT_FRAME_FIRST = {"check_distribution", "d_study", "d_study_items", "four_fifths", "nilai_prestasi_kerja", "null_variance",
                   "predikat_kinerja", "predikat_pp46", "rating_perilaku", "raters_needed", "scale_to_100", "sem",
                   "spearman_brown"}

PUBLIC_FUNCTIONS = sorted(n for n in analysis.__all__ if inspect.isfunction(getattr(analysis, n)))


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_public_parameters_use_the_vocabulary(name):
    fn = getattr(analysis, name)
    params = inspect.signature(fn).parameters
    names = list(params)
    assert not OLD_NAMES & set(names), f"{name} still uses {OLD_NAMES & set(names)}"
    unknown = set(names) - VOCABULARY - FUNCTION_OPTIONS
    assert not unknown, f"{name}: parameters outside the vocabulary: {unknown}"
    if name not in NOT_FRAME_FIRST:
        assert names[0] == "data", f"{name}: the frame must be the first parameter, named data"
    if "ratings" in params:  # the value column, never the frame
        assert params["ratings"].default in ("rating", inspect.Parameter.empty), name
    if "confidence" in params:
        assert params["confidence"].default == 0.95, name
    # every old name a function still accepts maps onto a name of its signature
    for old, new in getattr(fn, "renamed_parameters", {}).items():
        assert old.split(" ")[0] not in names or old.startswith("ratings"), (name, old)
        assert new in names, (name, old, new)


def test_every_function_with_a_renamed_parameter_keeps_the_old_name():
    renamed = {n for n in PUBLIC_FUNCTIONS if hasattr(getattr(analysis, n), "renamed_parameters")}
    expected = {"ad_index", "agreement_indices", "awg", "blind_spots", "careless_responses", "central_tendency",
                "combined_scores", "cronbach_alpha", "cronbach_by_competency", "fairness_report", "four_fifths",
                "group_descriptives", "group_differences", "group_means", "halo", "icc_nested", "icc_panel",
                "krippendorff_alpha", "krippendorff_bootstrap", "mean_intercompetency_r", "omega_by_competency",
                "rater_effects", "relationship_bias", "relationship_cells", "reliability_report", "rwg", "rwg_j",
                "rwg_star_j", "scale_scores", "score_cycle", "self_other_agreement", "source_convergence"}
    assert renamed == expected


# ------------------------------------------------------------------------------------------
# the old names still work for one release, with a DeprecationWarning
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cycle():
    return demo.simulate_ratings(demo.synthetic_assignments(60, seed=2), seed=2).ratings


def _same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    else:
        assert a == pytest.approx(b, nan_ok=True)


def test_old_keyword_names_still_work_and_warn(cycle):
    others = cycle[cycle["relationship"] != "self"]
    scores = analysis.scale_scores(others)
    cases = [
        (analysis.krippendorff_alpha, dict(data=scores, units="ratee", coders="rater", values="score"),
         dict(data=scores, targets="ratee", raters="rater", ratings="score")),
        (analysis.icc_nested, dict(data=scores, ratings="score", ci=0.9), dict(data=scores, ratings="score",
                                                                              confidence=0.9)),
        (analysis.cronbach_alpha, dict(data=others, ci=0.9), dict(data=others, confidence=0.9)),
        (analysis.source_convergence, dict(data=cycle, by=None, ci=0.9, min_n=5, values="rating"),
         dict(data=cycle, by=None, confidence=0.9, min_people=5, ratings="rating")),
        (analysis.awg, dict(data=others, values="rating"), dict(data=others, ratings="rating")),
        (analysis.group_means, dict(ratings=cycle), dict(data=cycle)),
        (analysis.score_cycle, dict(ratings=cycle), dict(data=cycle)),
        (analysis.halo, dict(ratings=cycle), dict(data=cycle)),
    ]
    for fn, old, new in cases:
        with pytest.warns(DeprecationWarning, match=r"renamed") as rec:
            got = fn(**old)
        assert all(w.filename == __file__ for w in rec), fn.__name__  # the warning points at the caller
        _same(got, fn(**new))


def test_group_functions_accept_scores_and_min_group(cycle):
    fair = analysis.rater_effects(cycle).ratees
    fair = fair.assign(half=np.where(np.arange(len(fair)) % 2 == 0, "a", "b"))
    with pytest.warns(DeprecationWarning, match="'(scores|min_group)' is renamed '(data|min_people)'") as rec:
        old = analysis.group_differences(scores=fair, by="half", value="fair_score", min_group=4)
    assert len(rec) == 2
    _same(old, analysis.group_differences(fair, "half", "fair_score", min_people=4))
    with pytest.warns(DeprecationWarning, match="'scores' is renamed 'data'"):
        old = analysis.group_descriptives(scores=fair, by="half", value="fair_score")
    _same(old, analysis.group_descriptives(fair, "half", "fair_score"))


def test_ratings_keyword_means_the_frame_only_when_it_is_a_dataframe(cycle):
    """Where ``ratings`` became the value-column name, ``ratings=<DataFrame>`` is the old frame keyword."""
    others = cycle[cycle["relationship"] != "self"]
    new = analysis.rwg(others, ratings="rating")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new call does not warn
        analysis.rwg(others, ratings="rating")
    with pytest.warns(DeprecationWarning, match="frame parameter 'ratings' is renamed 'data'"):
        _same(analysis.rwg(ratings=others), new)
    with pytest.warns(DeprecationWarning) as rec:  # both old names in one call: two warnings
        _same(analysis.rwg_j(ratings=others, values="rating"), analysis.rwg_j(others, ratings="rating"))
    assert sorted(str(w.message).split(":")[1].split(" is")[0] for w in rec) == \
        [" parameter 'values'", " the frame parameter 'ratings'"]
    renamed_col = others.rename(columns={"rating": "skor"})
    with pytest.warns(DeprecationWarning):
        _same(analysis.scale_scores(ratings=renamed_col, values="skor"),
              analysis.scale_scores(renamed_col, ratings="skor"))
    with pytest.raises(TypeError, match="'ratings'.*'data'"):
        analysis.cronbach_by_competency(others, ratings=others)
    with pytest.raises(TypeError, match="both 'ci'"):
        analysis.icc_nested(analysis.scale_scores(others), ratings="score", ci=0.9, confidence=0.9)


def test_the_helpers_on_a_toy_function():
    @ratings_frame_renamed(values="ratings")
    def f(data, *, ratings="rating"):
        return data, ratings

    frame = pd.DataFrame({"x": [1]})
    assert f(frame, ratings="x") == (frame, "x")
    with pytest.warns(DeprecationWarning):
        got = f(ratings=frame)
    assert got[0] is frame and got[1] == "rating"
    with pytest.warns(DeprecationWarning):
        assert f(frame, values="x")[1] == "x"

    @renamed_parameters(ci="confidence")
    def g(data, confidence=0.95):
        return confidence

    with pytest.warns(DeprecationWarning, match=r"g\(\): parameter 'ci' is renamed 'confidence'"):
        assert g(1, ci=0.9) == 0.9


# ------------------------------------------------------------------------------------------
# FairnessConfig
# ------------------------------------------------------------------------------------------
def test_fairness_config_validates_with_clear_messages():
    cfg = F.FairnessConfig(group_by="jenis_kelamin", relationships=["peer", "subordinate"])
    assert cfg.group_by == ("jenis_kelamin",) and cfg.relationships == ("peer", "subordinate")
    assert cfg.scale == (1.0, 5.0)
    bad = [
        (dict(padjust="bonferroni"), r"FairnessConfig.padjust: padjust harus salah satu dari .*'bonferroni'"),
        (dict(min_people=1), "FairnessConfig.min_people: min_people harus paling sedikit 2"),
        (dict(min_people=2.5), "min_people harus bilangan bulat positif, diterima 2.5"),
        (dict(relationships=["boss"]), r"hubungan tidak dikenal \['boss'\]"),
        (dict(z_crit=0), "FairnessConfig.z_crit: z_crit harus bilangan positif"),
        (dict(disconnected="ignore"), "FairnessConfig.disconnected"),
        (dict(scale=(5, 1)), r"batas rendah scale harus di bawah batas tinggi, diterima \(5, 1\)"),
        (dict(favourable=()), "FairnessConfig.favourable: favourable harus menyebut paling sedikit satu predikat"),
        (dict(min_raters=3), "FairnessConfig.min_raters: min_raters harus berupa dict"),
        (dict(unit_depth=0), "unit_depth harus bilangan bulat positif"),
    ]
    for kwargs, message in bad:
        with pytest.raises(AnalysisError, match=message):
            F.FairnessConfig(**kwargs)
    with pytest.raises(AttributeError):
        cfg.min_people = 3  # frozen


def test_fairness_report_takes_a_config_and_still_a_dict(monkeypatch):
    employees, sim = demo.demo_data(60, seed=4)
    cfg = F.FairnessConfig(min_people=3, group_by=("jenis_kelamin",), bias_by=("jenis_kelamin",))
    new = F.fairness_report(sim.ratings, employees, cfg)
    with pytest.warns(DeprecationWarning, match="dict config is deprecated"):
        old = F.fairness_report(sim.ratings, employees, {"min_group": 3, "group_by": ("jenis_kelamin",),
                                                         "bias_by": ("jenis_kelamin",)})
    assert new.keys() == old.keys()
    for key in new:
        pd.testing.assert_frame_equal(new[key], old[key])
    assert set(new["group_descriptives"]["factor"]) == {"jenis_kelamin"}
    with pytest.raises(AnalysisError, match="config harus berupa FairnessConfig, diterima list"):
        F.fairness_report(sim.ratings, employees, [("min_people", 3)])
    monkeypatch.setenv("KINERJA_SURVEY_LANG", "en")
    with pytest.warns(DeprecationWarning), pytest.raises(AnalysisError, match=r"unknown fairness config key\(s\)"):
        F.fairness_report(sim.ratings, employees, {"min_grup": 3})


# ------------------------------------------------------------------------------------------
# messages: Bahasa Indonesia by default, English on request
# ------------------------------------------------------------------------------------------
def _missing_column_calls(cycle):
    """One call per public function on input lacking a column it needs, with that column's name."""
    no_rating = cycle.drop(columns="rating")
    scores = analysis.scale_scores(cycle[cycle["relationship"] != "self"])  # column "score", no "rating"
    emp = pd.DataFrame({"nip": sorted(set(cycle["ratee"])), "unit_kerja": "A", "jenis_kelamin": "P"})
    table = pd.DataFrame({"g": ["a", "b"], "x": [1.0, 2.0]})
    A = analysis
    return {
        "ad_index": (lambda: A.ad_index(no_rating), "rating"),
        "agreement_indices": (lambda: A.agreement_indices(no_rating), "rating"),
        "awg": (lambda: A.awg(no_rating), "rating"),
        "blind_spots": (lambda: A.blind_spots(no_rating), "rating"),
        "careless_responses": (lambda: A.careless_responses(no_rating), "rating"),
        "central_tendency": (lambda: A.central_tendency(no_rating), "rating"),
        "combined_scores": (lambda: A.combined_scores(no_rating), "rating"),
        "displayable_ratings": (lambda: A.displayable_ratings(no_rating), "rating"),
        "cronbach_alpha": (lambda: A.cronbach_alpha(no_rating), "rating"),
        "cronbach_by_competency": (lambda: A.cronbach_by_competency(no_rating), "rating"),
        "fairness_report": (lambda: A.fairness_report(no_rating, emp), "rating"),
        "four_fifths": (lambda: A.four_fifths("predikat", "g", data=table), "predikat"),
        "group_descriptives": (lambda: A.group_descriptives(table, "g", "skor"), "skor"),
        "group_differences": (lambda: A.group_differences(table, "g", "skor"), "skor"),
        "analyse": (lambda: A.analyse(no_rating, engine="duckdb"), "rating"),
        "group_means": (lambda: A.group_means(no_rating), "rating"),
        "halo": (lambda: A.halo(no_rating), "rating"),
        "icc_nested": (lambda: A.icc_nested(scores), "rating"),
        "icc_panel": (lambda: A.icc_panel(scores, "ratee", "rater", "skor"), "skor"),
        "krippendorff_alpha": (lambda: A.krippendorff_alpha(scores, ratings="skor"), "skor"),
        "krippendorff_bootstrap": (lambda: A.krippendorff_bootstrap(scores, ratings="skor"), "skor"),
        "mcdonald_omega": (lambda: A.mcdonald_omega(no_rating), "rating"),
        "mean_intercompetency_r": (lambda: A.mean_intercompetency_r(no_rating), "rating"),
        "omega_by_competency": (lambda: A.omega_by_competency(no_rating), "rating"),
        "ratee_reliability": (lambda: A.ratee_reliability(scores), "rating"),
        "rater_effects": (lambda: A.rater_effects(no_rating), "rating"),
        "relationship_bias": (lambda: A.relationship_bias(cycle, emp.drop(columns="unit_kerja")), "unit_kerja"),
        "relationship_cells": (lambda: A.relationship_cells(cycle, emp, "golongan"), "golongan"),
        "reliability_report": (lambda: A.reliability_report(no_rating), "rating"),
        "rwg": (lambda: A.rwg(no_rating), "rating"),
        "rwg_j": (lambda: A.rwg_j(no_rating), "rating"),
        "rwg_star_j": (lambda: A.rwg_star_j(no_rating), "rating"),
        "scale_scores": (lambda: A.scale_scores(no_rating), "rating"),
        "score_cycle": (lambda: A.score_cycle(no_rating), "rating"),
        "self_other_agreement": (lambda: A.self_other_agreement(no_rating), "rating"),
        "source_convergence": (lambda: A.source_convergence(no_rating), "rating"),
        "variance_components": (lambda: A.variance_components(scores), "rating"),
        "variance_components_reml": (lambda: A.variance_components_reml(scores), "rating"),
        "omega_hierarchical": (lambda: A.omega_hierarchical(no_rating), "rating"),
        "item_bias": (lambda: A.item_bias(no_rating, group="relationship"), "rating"),
    }


def test_every_frame_function_is_checked_for_a_missing_column(cycle):
    no_frame = {"check_distribution", "d_study", "d_study_items", "nilai_prestasi_kerja", "null_variance", "predikat_kinerja",
                "predikat_pp46", "rating_perilaku", "raters_needed", "scale_to_100", "sem", "spearman_brown"}
    assert set(_missing_column_calls(cycle)) | no_frame == set(PUBLIC_FUNCTIONS)


@pytest.mark.parametrize("lang, says", [(None, "tidak memuat kolom: {col}"), ("id", "tidak memuat kolom: {col}"),
                                        ("en", r"lacks column\(s\): {col}")])
def test_missing_column_message_is_indonesian_by_default_and_english_on_request(cycle, monkeypatch, lang, says):
    if lang is None:
        monkeypatch.delenv("KINERJA_SURVEY_LANG", raising=False)
    else:
        monkeypatch.setenv("KINERJA_SURVEY_LANG", lang)
    for name, (call, col) in _missing_column_calls(cycle).items():
        with pytest.raises(AnalysisError, match=says.format(col=col)) as err:
            call()
        assert isinstance(err.value, ValueError), name


def test_other_messages_follow_the_language(monkeypatch):
    monkeypatch.delenv("KINERJA_SURVEY_LANG", raising=False)
    cases = [
        (lambda: analysis.d_study(pd.DataFrame({"x": [1]})), "components harus tabel", "components must be a table"),
        (lambda: analysis.spearman_brown(0.5, -1), "factor harus positif", "factor must be positive"),
        (lambda: analysis.scale_to_100(9), "skor 9 di luar skala 1-5", "score 9 is outside the scale 1-5"),
        (lambda: analysis.rating_perilaku(3.0, cuts=(4, 3)), "batas bawah < batas atas", "lower < upper"),
        (lambda: analysis.ScoringConfig(weights={"peer": -1}), "bobot kelompok 'peer' harus angka >= 0",
         "weight of group 'peer' must be a number >= 0"),
        (lambda: analysis.null_variance("miring"), "distribusi nol 'miring' tidak dikenal",
         "null distribution 'miring' is unknown"),
    ]
    for call, indonesian, _ in cases:
        with pytest.raises(AnalysisError, match=indonesian):
            call()
    monkeypatch.setenv("KINERJA_SURVEY_LANG", "en")
    for call, _, english in cases:
        with pytest.raises(AnalysisError, match=english):
            call()


def test_no_bare_value_error_is_raised_in_the_analysis_modules():
    import pathlib
    import re

    root = pathlib.Path(analysis.__file__).parent
    for name in ("agreement", "fairness", "generalizability", "predikat", "reliability", "scoring"):
        src = (root / f"{name}.py").read_text(encoding="utf-8")
        assert not re.search(r"raise (ValueError|TypeError)\(\s*f?[\"']", src.replace(
            "raise TypeError(\"fairness config got both", "")), name
