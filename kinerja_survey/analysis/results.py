"""A cycle's results, put together in one place.

``cycle_results`` scores a cycle once from its frames (ratings, roster, comments, hasil kerja,
predikat overrides, invitations) and returns a ``CycleResults`` that every output cuts from:
the dashboard, the workbooks, the CLI and the individual reports.  The predikat overrides of the
calibration are applied here (``apply_overrides``), so no output can show a predikat other
than the decided one.  ``kinerja_survey.cycle.load_results`` builds it from a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..collect.instrument import Instrument, berakhlak
from ..collect.suggestions import load_suggestions
from ..frames import analysis_error, check_columns, check_ratings_frame
from ..i18n import t as _t
from .fairness import blind_spots, self_other_agreement
from .scoring import OVERALL, ScoringConfig, combined_scores, displayable_ratings, score_cycle

#: The mark every output of provisional results carries (Bahasa Indonesia; ``status_label``).
PROVISIONAL_LABEL = _t("results.provisional_label", "id")


@dataclass
class CycleResults:
    """Everything the individual reports need, computed once for a cycle.

    Build it with :func:`cycle_results` or :func:`load_cycle_results`; the per-ratee lookups are
    pre-indexed so that cutting one report out of it costs well under a millisecond of pandas
    work.
    """

    cycle_name: str
    instrument: Instrument
    config: ScoringConfig
    scores: pd.DataFrame  # scoring.score_cycle, index ratee (str)
    competency_scores: pd.DataFrame  # scoring.combined_scores (competencies + OVERALL)
    item_scores: pd.DataFrame  # scoring.combined_scores with items as "competencies"
    self_other: pd.DataFrame  # fairness.self_other_agreement, index ratee
    spots: pd.DataFrame  # fairness.blind_spots (flagged rows only)
    employees: pd.DataFrame  # index = ratee key; nama, jabatan, unit_kerja, nip (as available)
    comments: pd.DataFrame | None = None  # ratee, rater, relationship, competency ('' = overall), text
    invitations: pd.DataFrame | None = None  # index ratee, <group>_invited columns
    suggestions: Mapping[str, tuple[str, ...]] = field(default_factory=load_suggestions)
    ratings: pd.DataFrame | None = None  # the checked ratings frame the scores come from
    overrides: pd.DataFrame | None = None  # nip, predikat, reason, actor, at (newest per ratee)
    cycle_id: int | None = None
    status: str = "closed"  # the cycle's status when loaded: draft / open / closed / published
    response_rates_unit: pd.DataFrame | None = None  # Store.response_rates(by="unit")
    #: ``scoring.displayable_ratings``: the ratings with every group under its threshold dropped
    #: per ratee; every person-, rater- and unit-level figure is computed from it.
    shown_ratings: pd.DataFrame | None = None
    # actions planned after the previous cycle and their status now (cycle.development.action_progress)
    development: pd.DataFrame | None = None
    _index: dict = field(default_factory=dict, repr=False)
    _reliability: dict | None = field(default=None, repr=False)

    def __post_init__(self):
        for name, frame in (("competency", self.competency_scores), ("item", self.item_scores),
                            ("spots", self.spots)):
            if frame is None or frame.empty:
                self._index[name] = {}
            else:
                self._index[name] = frame.groupby(frame["ratee"].astype(str), sort=False, observed=True).indices
        records: dict[str, list] = {}
        if self.comments is not None:
            c = self.comments
            for ratee, rel, rater, comp, text in zip(c["ratee"], c["relationship"], c["rater"], c["competency"],
                                                     c["text"]):
                records.setdefault(ratee, []).append((rel, rater, comp, text))
        self._index["comment_records"] = records
        if self.shown_ratings is None and self.ratings is not None:
            self.shown_ratings = displayable_ratings(self.ratings, self.config)

    @property
    def state(self) -> str:
        """How final these results are -- the one decision every output (keterangan sheet, report
        banner, dashboard, CLI) reads:

        ``"open"``
            the cycle is ``draft``/``open``: the figures change with every submission (*hasil sementara*);
        ``"unpublished"``
            the cycle is closed but not published: calibration may still change a predikat (*hasil sementara*);
        ``"final"``
            published (later changes only through keberatan), or results not loaded from a store
            (no ``cycle_id``: computed from frames an analyst passed, nothing to publish).
        """
        if self.status in ("draft", "open"):
            return "open"
        if self.status != "published" and self.cycle_id is not None:
            return "unpublished"
        return "final"

    @property
    def provisional(self) -> bool:
        """True while the results are *hasil sementara* (``state`` ``"open"`` or ``"unpublished"``)."""
        return self.state != "final"

    @property
    def status_label(self) -> str:
        """``"hasil sementara"`` while the results are provisional, else ``""``."""
        return PROVISIONAL_LABEL if self.provisional else ""

    def state_text(self, lang: str | None = None) -> str:
        """The ``state`` in words (``"HASIL SEMENTARA – ..."`` while provisional), in ``lang``."""
        if self.state == "final":
            return _t("results.state_published" if self.status == "published" else "results.state_frames", lang)
        return _t(f"results.state_{self.state}", lang)

    @property
    def people(self) -> pd.DataFrame:
        """One row per rated person: ``nip, nama, jabatan, unit_kerja`` and every score column,
        ``predikat`` being the decided one (``predikat_usulan`` the computed proposal)."""
        emp = self.employees
        cols = [c for c in ("nama", "jabatan", "unit_kerja") if c in emp.columns]
        info = emp.reindex(self.scores.index)[cols] if cols else pd.DataFrame(index=self.scores.index)
        out = pd.concat([info, self.scores], axis=1)
        out.insert(0, "nip", self.scores.index.astype(str))
        return out.reset_index(drop=True)

    def reliability(self) -> dict:
        """``reliability.reliability_report`` of the whole cycle (organisation-wide: every answer),
        computed on first use and kept.  Raises ``ValueError`` when it cannot be computed."""
        if self._reliability is None:
            from .reliability import reliability_report

            if self.ratings is None:
                raise analysis_error("analysis.no_ratings_data")
            self._reliability = reliability_report(self.ratings)
        return self._reliability

    @property
    def ratees(self) -> pd.Index:
        """Keys of the people with ratings in this cycle."""
        return self.scores.index

    def rows(self, name: str, ratee: str) -> pd.DataFrame:
        frame = {"competency": self.competency_scores, "item": self.item_scores, "spots": self.spots}[name]
        idx = self._index[name].get(ratee)
        if idx is None:
            return frame.iloc[0:0] if frame is not None else pd.DataFrame()
        return frame.iloc[idx]

    def unit_ratees(self, unit: str) -> list[str]:
        """Ratees (with ratings) whose ``unit_kerja`` is ``unit`` or lies under it (path prefix ``unit /``)."""
        unit = str(unit).strip()
        if "unit_kerja" not in self.employees.columns:
            raise analysis_error("analysis.no_unit_column")
        units = self.employees["unit_kerja"].astype(str)
        inside = (units == unit) | units.str.startswith(unit + " / ")
        keys = set(self.employees.index[inside].astype(str))
        return [r for r in self.ratees if r in keys]


def _hasil_kerja_series(hasil_kerja) -> pd.Series | None:
    if hasil_kerja is None:
        return None
    if isinstance(hasil_kerja, pd.DataFrame):
        if not {"nip", "rating"} <= set(hasil_kerja.columns):
            raise analysis_error("analysis.hk_frame_columns")
        return pd.Series(hasil_kerja["rating"].to_numpy(), index=hasil_kerja["nip"].astype(str))
    if isinstance(hasil_kerja, pd.Series):
        return hasil_kerja
    raise analysis_error("analysis.hk_type", got=type(hasil_kerja).__name__)


def _min_raters(config: ScoringConfig) -> dict:
    th = config.thresholds
    return {"supervisor": th["supervisor"], "peer": th["peer"], "subordinate": th["subordinate"],
            "others": config.min_others}


def cycle_results(
    ratings: pd.DataFrame,
    employees: pd.DataFrame | None = None,
    *,
    instrument: Instrument | None = None,
    comments: pd.DataFrame | None = None,
    hasil_kerja=None,
    invitations: pd.DataFrame | None = None,
    config: ScoringConfig | None = None,
    cycle_name: str = "",
    key: str = "nip",
    suggestions: Mapping[str, Iterable[str]] | None = None,
    overrides: pd.DataFrame | None = None,
    cycle_id: int | None = None,
    status: str = "closed",
    response_rates_unit: pd.DataFrame | None = None,
) -> CycleResults:
    """Score a cycle once for all its individual reports.

    Parameters
    ----------
    ratings : DataFrame
        The ratings frame (``kinerja_survey.frames``), ratee/rater keyed as ``employees[key]``.
    employees : DataFrame, optional
        Roster (``Store.employees_frame()``): ``key`` plus any of ``nama, jabatan, unit_kerja``.
        Without it the report shows the ratee key as the name.
    instrument : Instrument, optional
        Competency names and item texts (default BerAKHLAK).
    comments : DataFrame, optional
        ``Store.comments_frame()``: ratee, rater, relationship, competency (``''`` = overall), text.
    hasil_kerja : Series or DataFrame, optional
        Rating Hasil Kerja per ratee (Series ratee -> label, or ``Store.hasil_kerja_frame()``).
    invitations : DataFrame, optional
        ``Store.response_rates(cycle_id, by="ratee")``: ratee plus ``<group>_invited`` columns.
    config : ScoringConfig, optional
        Weights, anonymity thresholds (numbers and comments) and perilaku cut points.
    cycle_name : str
        Printed in the report header.
    key : str
        Column of ``employees`` holding the ratee key (default ``nip``).
    suggestions : mapping, optional
        Competency code -> suggestions; default ``collect.suggestions.load_suggestions()``.
    overrides : DataFrame, optional
        ``Store.predikat_overrides(cycle_id)``: ``nip, predikat, reason, actor, at``, the newest
        per ratee.  Applied here, the one place results are put together: ``predikat`` becomes
        the decided predikat (*ditetapkan*), ``predikat_usulan`` keeps the computed proposal,
        ``predikat_alasan`` the reason of a change.
    cycle_id, status : optional
        The stored cycle and its status (``draft``/``open``/``closed``/``published``); an
        unpublished cycle's results are provisional (:attr:`CycleResults.provisional`).
    response_rates_unit : DataFrame, optional
        ``Store.response_rates(cycle_id, by="unit")``.

    Returns
    -------
    CycleResults

    Raises
    ------
    ValueError
        Bad ratings frame (see ``check_ratings_frame``), an ``employees`` frame without ``key``,
        bad ``hasil_kerja`` or ``comments``.
    """
    config = config if config is not None else ScoringConfig()
    if not isinstance(config, ScoringConfig):
        raise analysis_error("an_config_type", what="config", cls="ScoringConfig", got=type(config).__name__)
    instrument = instrument or berakhlak()
    df = check_ratings_frame(ratings, scale=(instrument.scale.low, instrument.scale.high))
    for col in ("ratee", "rater"):
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].cat.remove_unused_categories()
    scores = score_cycle(df, config, _hasil_kerja_series(hasil_kerja))
    scores.index = scores.index.astype(str)
    scores = apply_overrides(scores, overrides)
    comp = combined_scores(df, config)
    items = combined_scores(df.assign(competency=df["item"]), config)
    items = items[items["competency"].astype(str) != OVERALL]
    min_raters = _min_raters(config)
    shown = displayable_ratings(df, config)
    soa = self_other_agreement(shown, min_raters=min_raters).set_index("ratee")
    spots = blind_spots(shown, min_raters=min_raters)
    if employees is None:
        emp = pd.DataFrame(index=pd.Index(scores.index, name=key))
    else:
        if not isinstance(employees, pd.DataFrame) or key not in employees.columns:
            raise analysis_error("analysis.employees_frame", column=repr(key))
        emp = employees.copy()
        emp[key] = emp[key].astype(str)
        emp = emp.drop_duplicates(key).set_index(key, drop=False)
    if comments is not None:
        need = {"ratee", "rater", "relationship", "competency", "text"}
        if not isinstance(comments, pd.DataFrame) or not need <= set(comments.columns):
            raise analysis_error("analysis.comments_frame")
        comments = comments.assign(
            ratee=comments["ratee"].astype(str), rater=comments["rater"].astype(str),
            relationship=comments["relationship"].astype(str).str.strip().str.lower(),
            competency=comments["competency"].fillna("").astype(str),
            text=comments["text"].fillna("").astype(str).str.strip())
        comments = comments[comments["text"] != ""].reset_index(drop=True)
    if invitations is not None:
        if "ratee" not in invitations.columns:
            raise analysis_error("analysis.invitations_frame")
        invitations = invitations.assign(ratee=invitations["ratee"].astype(str)).set_index("ratee")
    sugg = load_suggestions() if suggestions is None else {str(k): tuple(v) for k, v in suggestions.items()}
    # a cycle name given as an ``i18n.Msg`` (``cycle.cycle_title``) stays one: reports render it in their language
    return CycleResults(cycle_name=cycle_name if isinstance(cycle_name, str) else str(cycle_name), instrument=instrument, config=config, scores=scores,
                        competency_scores=comp, item_scores=items, self_other=soa, spots=spots, employees=emp,
                        comments=comments, invitations=invitations, suggestions=sugg, ratings=df,
                        overrides=overrides, cycle_id=cycle_id, status=str(status),
                        response_rates_unit=response_rates_unit, shown_ratings=shown)


def apply_overrides(scores: pd.DataFrame, overrides: pd.DataFrame | None) -> pd.DataFrame:
    """Scores with the decided predikat: ``predikat_usulan`` (computed), ``predikat`` (the
    override where one is recorded, else the proposal), ``predikat_alasan`` (the override's reason).

    ``scores`` is indexed by ratee (NIP); ``overrides`` has ``nip, predikat, reason`` (newest per
    ratee).  Overrides for people without scores are ignored.  Without any ``predikat`` column
    (no hasil kerja) an override still sets ``predikat``.
    """
    out = scores.copy()
    proposed = out["predikat"] if "predikat" in out.columns else pd.Series(np.nan, index=out.index, dtype=object)
    decided = proposed.astype(object).copy()
    reason = pd.Series("", index=out.index, dtype=object)
    if overrides is not None and len(overrides):
        check_columns(overrides, ("nip", "predikat", "reason"), "overrides")
        ov = overrides.drop_duplicates("nip", keep="last").set_index(overrides["nip"].astype(str).to_numpy())
        hit = out.index.intersection(ov.index)
        decided.loc[hit] = ov.loc[hit, "predikat"].to_numpy()
        reason.loc[hit] = ov.loc[hit, "reason"].astype(str).to_numpy()
    if "predikat" in out.columns or (overrides is not None and len(overrides)):
        out["predikat_usulan"] = proposed.astype(object)
        out["predikat"] = decided
        out["predikat_alasan"] = reason
    return out
