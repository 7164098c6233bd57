"""Analysing: scores, predikat, reliability and fairness from the long *ratings frame*.

Every public function takes ``data`` (a ratings frame, see ``kinerja_survey.frames``) or a
scores table plus column names and returns a DataFrame or a number, as pingouin does; they are
re-exported here::

    from kinerja_survey import analysis
    analysis.icc_nested(data)

One vocabulary, as pingouin's: ``data`` is the frame (the first parameter); ``targets`` (the
ratee column), ``raters``, ``items``, ``ratings`` (the value column) and ``competency`` name its
columns; ``confidence`` is a CI level; ``min_raters`` counts raters and ``min_people`` counts
people (ratees, group members).  The older names (``values``, ``units``, ``coders``, ``ci``,
``min_group``, ``min_ratees``, ``min_n``, a frame passed as ``ratings=`` or ``scores=``) still work
for one release with a ``DeprecationWarning``.  Settings bundles are frozen dataclasses validated
when made: ``ScoringConfig`` (scoring) and ``FairnessConfig`` (``fairness_report``).  Bad input
raises ``frames.AnalysisError`` (a ``ValueError``) with a message in Bahasa Indonesia, or in
English when ``KINERJA_SURVEY_LANG=en``.

``scoring``      group means, weighted combined scores with anonymity thresholds, ``score_cycle``
``predikat``     rating perilaku, predikat kinerja (PermenPANRB 6/2022), kurva distribusi check
``results``      ``CycleResults``: the scores, predikat and self-other tables of one cycle
``reliability``  scale scores, and the one import path of the reliability statistics below
``icc``          ICC for the nested 360° design (one-way, k0) and the six panel ICCs
``krippendorff`` Krippendorff's alpha with missing data, and its bootstrap
``consistency``  Cronbach's alpha and McDonald's omega, overall and per competency
``within_agreement``  rwg and rwg(J) against named null distributions
``ratee``        per-ratee reliability and SEM, Spearman-Brown, raters needed
``report``       the one-pass ``reliability_report`` of a cycle
``agreement``    AD(M)/AD(Md), awg, r*wg(J), named null distributions for rwg, and the
                 convergence table between rater sources
``generalizability``  G-study variance components (ratee, rater leniency, residual), D-study
``reml``         the same components by REML as lme4 (pair and item designs), item-level D-study
``omega``        omega hierarchical, omega total and ECV from a Schmid-Leiman solution (psych::omega)
``dif``          item bias across groups (DIF) by ordinal logistic regression (``dif.ordinal_logit``
                 fits one model as MASS::polr)
``fairness``     ``FairnessConfig`` and ``fairness_report``, and the one import path of:
``raters``       rater effects with fair scores, halo, central tendency, careless responding
``self_other``   self-other agreement and blind spots
``groups``       group differences, four-fifths rule, relationship bias
``trends``       a person's change across cycles called a change only beyond the measurement
                 error (Jacobson & Truax reliable change index); use ``analysis.trends`` directly
``checks``       the shared kernel every statistic module uses: frame, column and id checks,
                 integer coding, F quantiles, single-threaded BLAS (pingouin's ``utils``)
``outofcore``    ``analyse(data, engine="auto"|"pandas"|"duckdb")``: the scores and the reliability
                 pass on DuckDB from sufficient statistics, for cycles too large for memory
``pooled``       group differences, kurva and predikat per agency for a national pool
"""

from .agreement import ad_index, agreement_indices, awg, rwg_star_j, source_convergence
from .dif import item_bias
from .fairness import (FairnessConfig, blind_spots, careless_responses, central_tendency, fairness_report, four_fifths,
                       group_descriptives, group_differences, halo, mean_intercompetency_r, rater_effects,
                       relationship_bias, relationship_cells, self_other_agreement)
from .generalizability import d_study, variance_components
from .omega import omega_hierarchical
from .outofcore import analyse
from .predikat import (check_distribution, nilai_prestasi_kerja, predikat_kinerja, predikat_pp46, rating_perilaku,
                       scale_to_100)
from .reliability import (cronbach_alpha, cronbach_by_competency, icc_nested, icc_panel, krippendorff_alpha,
                          krippendorff_bootstrap, mcdonald_omega, omega_by_competency,
                          null_variance, ratee_reliability, raters_needed, reliability_report, rwg, rwg_j,
                          scale_scores, sem, spearman_brown)
from .reml import d_study_items, variance_components_reml
from .scoring import ScoringConfig, combined_scores, displayable_ratings, group_means, score_cycle

__all__ = [
    "analyse", "FairnessConfig", "ScoringConfig", "ad_index", "agreement_indices", "awg", "blind_spots", "careless_responses",
    "central_tendency", "check_distribution", "combined_scores", "cronbach_alpha", "cronbach_by_competency",
    "d_study", "displayable_ratings", "fairness_report", "four_fifths",
    "group_descriptives", "group_differences", "group_means", "halo", "icc_nested", "icc_panel",
    "krippendorff_alpha", "krippendorff_bootstrap", "mcdonald_omega", "mean_intercompetency_r", "nilai_prestasi_kerja", "null_variance", "omega_by_competency", "predikat_kinerja", "predikat_pp46", "ratee_reliability",
    "rater_effects", "raters_needed", "rating_perilaku", "relationship_bias", "relationship_cells",
    "reliability_report", "rwg", "rwg_j", "rwg_star_j", "scale_scores", "scale_to_100", "score_cycle", "sem", "self_other_agreement", "source_convergence", "spearman_brown",
    "variance_components",
    "d_study_items", "item_bias", "omega_hierarchical", "variance_components_reml",
]
