"""Analysing: scores, predikat, reliability and fairness from the long *ratings frame*.

Every public function takes ``data`` (a ratings frame, see ``kinerja_survey.frames``) or a
scores table plus column names and returns a DataFrame or a number, as pingouin does; they are
re-exported here::

    from kinerja_survey import analysis
    analysis.icc_nested(data)

``scoring``      group means, weighted combined scores with anonymity thresholds, ``score_cycle``
``predikat``     rating perilaku, predikat kinerja (PermenPANRB 6/2022), kurva distribusi check
``reliability``  ICC (panel and nested 360° design), Krippendorff's and Cronbach's alpha, rwg(j),
                 and the one-pass ``reliability_report``
``fairness``     rater effects with fair scores, halo, central tendency, careless responding,
                 self-other agreement, blind spots, group differences, ``fairness_report``
``trends``       scores across cycles with reliable-change flags (naik/turun/stabil), unit trends
"""

from .fairness import (
                       blind_spots,
                       careless_responses,
                       central_tendency,
                       fairness_report,
                       four_fifths,
                       group_descriptives,
                       group_differences,
                       halo,
                       mean_intercompetency_r,
                       rater_effects,
                       relationship_bias,
                       relationship_cells,
                       self_other_agreement,
)
from .predikat import (
                       check_distribution,
                       nilai_prestasi_kerja,
                       predikat_kinerja,
                       predikat_pp46,
                       rating_perilaku,
                       scale_to_100,
)
from .reliability import (
                       cronbach_alpha,
                       cronbach_by_competency,
                       icc_nested,
                       icc_panel,
                       krippendorff_alpha,
                       raters_needed,
                       reliability_report,
                       rwg,
                       rwg_j,
                       scale_scores,
                       spearman_brown,
)
from .scoring import ScoringConfig, combined_scores, group_means, score_cycle
from .trends import period_scores, person_sem, score_trends, trend_summary, unit_trends

__all__ = [
    "ScoringConfig", "blind_spots", "careless_responses", "central_tendency", "check_distribution",
    "combined_scores", "cronbach_alpha", "cronbach_by_competency", "fairness_report", "four_fifths",
    "group_descriptives", "group_differences", "group_means", "halo", "icc_nested", "icc_panel",
    "krippendorff_alpha", "mean_intercompetency_r", "nilai_prestasi_kerja", "predikat_kinerja", "predikat_pp46",
    "rater_effects", "raters_needed", "rating_perilaku", "relationship_bias", "relationship_cells",
    "reliability_report", "rwg", "rwg_j", "scale_scores", "scale_to_100", "score_cycle", "self_other_agreement", "spearman_brown",
    "period_scores", "person_sem", "score_trends", "trend_summary", "unit_trends",
]
