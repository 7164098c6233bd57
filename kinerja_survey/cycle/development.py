"""Development after the results: dialog kinerja, development plans, training needs, and HR's
suggestion library.

After a cycle's results each rated employee with an atasan gets a dialog with two personal
links: the supervisor records the dialogue (date, notes, one to three actions each with a
competency, a kind -- pelatihan, coaching, mentoring, penugasan --, a due date and a status)
through theirs, the employee reads and acknowledges it through theirs (``store.development``).
The next cycle shows the progress of the actions (:func:`action_progress`); HR gets the training
needs by unit and competency (:func:`training_needs`).  Suggestions come from the person's
weakest competencies and the library (``collect.suggestions``), which HR may replace with its
own YAML (:func:`import_suggestions`)::

    links = issue_dialog_links(store, cid, actor="budi")        # tautan_atasan, tautan_pegawai
    ideas = suggested_actions(load_results(store, cid), nip)    # weakest competencies + library
    export_training_needs(store, cid, "kebutuhan-pelatihan.xlsx")
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from ..analysis.results import CycleResults
from ..analysis.scoring import OVERALL
from ..collect.instrument import berakhlak
from ..collect.suggestions import load_suggestions, parse_suggestions
from ..errors import KinerjaError
from ..i18n import Msg
from ..store import Store
from .core import CycleError, link_base, link_url

SUGGESTIONS_SETTING = "saran_pengembangan"


def issue_dialog_links(store: Store, cycle_id: int, nips=None, *, actor: str,
                       base_url: str | None = None) -> pd.DataFrame:
    """A dialog (and its two links) for every rated employee with an atasan who has none yet.

    Returns ``nip, nama, atasan_nip, atasan_nama, token_atasan, token_pegawai, tautan_atasan,
    tautan_pegawai``: send each link once to its owner; only hashes are stored.  The links open
    in the rater app (one link rule, :func:`link_url`): its gate knows a dialog token from a
    rater's and shows the dialog screen.  Only for a published cycle (the store refuses an open
    or a closed but unpublished one, ``store.dialog_not_published``): the dialogue discusses
    final results.
    """
    base = link_base(store, cycle_id, base_url)
    made = store.create_dialogs(cycle_id, nips, actor=actor)
    made["tautan_atasan"] = [link_url(base, t) for t in made["token_atasan"]]
    made["tautan_pegawai"] = [link_url(base, t) for t in made["token_pegawai"]]
    return made


# --- suggestions ---------------------------------------------------------------------------------

def current_suggestions(store: Store) -> dict[str, tuple[str, ...]]:
    """HR's suggestion library when one was imported (:func:`import_suggestions`), else the
    built-in ``data/saran_pengembangan.yaml``."""
    stored = store.setting(SUGGESTIONS_SETTING)
    if stored is None:
        return load_suggestions()
    return parse_suggestions(stored, Msg("cycle.source_stored_suggestions"))


def import_suggestions(store: Store, source, *, actor: str) -> dict[str, tuple[str, ...]]:
    """Replace the suggestion library with HR's YAML (a path, a ``(name, bytes)`` upload or the
    YAML text).  Checked first: a mapping of competency codes to non-empty lists of texts (each
    at most 500 characters), every code one of the competencies of a stored cycle's instrument
    or of BerAKHLAK.  A bad file raises ``CycleError`` naming the problem; the library is then
    unchanged."""
    if isinstance(source, tuple):
        name, raw = source
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    elif isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and source.endswith((".yaml", ".yml"))):
        name, text = str(source), Path(source).read_text(encoding="utf-8")
    else:
        name, text = "YAML", str(source)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # the parser's own text is English: only where it stopped
        raise CycleError("cycle.sugg_not_yaml", name=name, line=mark.line + 1 if mark else "?",
                         col=mark.column + 1 if mark else "?") from None
    try:
        table = parse_suggestions(data, name)
    except KinerjaError as exc:  # collect.instrument.InstrumentError
        raise CycleError(exc.key, **exc.fields) from None
    if not table:
        raise CycleError("cycle.sugg_empty", name=name)
    known = {c.code for c in berakhlak().competencies}
    for cid in store.cycles_frame()["id"]:
        known |= {c.code for c in store.instrument(int(cid)).competencies}
    unknown = sorted(set(table) - known)
    if unknown:
        raise CycleError("cycle.sugg_codes", name=name, codes=", ".join(unknown), known=", ".join(sorted(known)))
    long = [(c, s) for c, items in table.items() for s in items if len(s) > 500]
    if long:
        raise CycleError("cycle.sugg_long", name=name, code=repr(long[0][0]))
    store.set_setting(SUGGESTIONS_SETTING, {k: list(v) for k, v in table.items()}, actor=actor)
    return table


def suggested_actions(results: CycleResults, nip: str, n: int = 2) -> list[dict]:
    """The ``n`` weakest competencies of a person (combined score; else the others' mean) with
    the library's suggestions for each: ``[{competency, name, score, suggestions}]``, weakest
    first.  Empty when the person has no displayable competency score."""
    rows = results.rows("competency", str(nip))
    if rows.empty:
        return []
    rows = rows[rows["competency"].astype(str) != OVERALL]
    score = rows["combined"].where(rows["combined"].notna(), rows.get("mean_others"))
    rows = rows.assign(weak_score=score.to_numpy()).dropna(subset=["weak_score"]).sort_values("weak_score", kind="stable").head(n)
    names = {c.code: c.name for c in results.instrument.competencies}
    out = []
    for rec in rows.itertuples(index=False):
        code = str(rec.competency)
        name = names.get(code, code)
        out.append({"competency": code, "name": name.get("id", code) if isinstance(name, dict) else str(name),
                    "score": float(rec.weak_score), "suggestions": list(results.suggestions.get(code, ()))})
    return out


# --- HR: training needs, progress ------------------------------------------------------------------

def training_needs(store: Store, cycle_id: int, *, min_unit_size: int = 1) -> dict[str, pd.DataFrame]:
    """Training needs of a cycle's development plans, for HR (a workbook's sheets).

    ``kebutuhan_pelatihan``: per unit (the cycle's snapshot, else current) x competency x kind,
    the number of planned actions (status not ``batal``) and of people; cells of units with
    fewer than ``min_unit_size`` people with a plan have their counts left empty.
    ``rencana_pengembangan``: every action (for HR's follow-up; personal, not for meetings).
    ``dialog_status``: per dialog whether it was held and acknowledged.
    """
    from ..analysis.fairness import SUPPRESSED

    acts = store.dev_actions_frame(cycle_id)
    members = store.cycle_members_frame(cycle_id).set_index("nip")["unit_kerja"]
    acts["unit_kerja"] = acts["nip"].map(members).fillna(acts["unit_kerja"])
    live = acts[acts["status"] != "batal"]
    needs = (live.groupby(["unit_kerja", "competency", "kind"]).agg(n_tindakan=("nip", "size"),
                                                                    n_pegawai=("nip", "nunique")).reset_index())
    unit_people = live.groupby("unit_kerja")["nip"].nunique()
    small = needs["unit_kerja"].map(unit_people) < min_unit_size
    needs[["n_tindakan", "n_pegawai"]] = needs[["n_tindakan", "n_pegawai"]].astype(float)
    needs.loc[small, ["n_tindakan", "n_pegawai"]] = float("nan")
    needs["status"] = [f"{SUPPRESSED} (n < {min_unit_size})" if s else "" for s in small]
    return {"kebutuhan_pelatihan": needs, "rencana_pengembangan": acts, "dialog_status": store.dialogs_frame(cycle_id)}


def export_training_needs(store: Store, cycle_id: int, path, *, meeting_mode: bool = False,
                          min_unit_size: int = 5) -> Path:
    """:func:`training_needs` to Excel; ``meeting_mode`` keeps only the unit table (small units
    suppressed) and pseudonymises any NIP."""
    from ..present.exports import write_workbook

    tables = training_needs(store, cycle_id, min_unit_size=min_unit_size if meeting_mode else 1)
    if meeting_mode:
        tables = {"kebutuhan_pelatihan": tables["kebutuhan_pelatihan"]}
    nips = store.employees_frame(active_only=False)["nip"].astype(str).tolist()
    return write_workbook(path, tables, meeting_mode=meeting_mode, nips=nips)


def action_progress(store: Store, cycle_id: int) -> pd.DataFrame:
    """For the report of ``cycle_id``: the actions planned after the previous cycle (the latest
    one ending before this one that has dialogs) with their status now.  Columns as
    ``Store.dev_actions_frame`` plus ``periode_rencana``; empty when there is none."""
    cyc = store.cycles_frame()
    this = cyc.loc[cyc["id"] == cycle_id]
    if this.empty:
        raise CycleError("cycle.cycles_missing", ids=cycle_id)
    acts = store.dev_actions_frame()
    before = cyc[(cyc["period_end"] < this["period_start"].iloc[0]) & cyc["id"].isin(acts["cycle_id"])]
    if before.empty:
        return acts.iloc[0:0].assign(periode_rencana=pd.Series(dtype=object))
    prev = before.sort_values("period_end").iloc[-1]
    out = acts[acts["cycle_id"] == prev["id"]].copy()
    out["periode_rencana"] = prev["name"]
    return out.reset_index(drop=True)


__all__ = ["SUGGESTIONS_SETTING", "action_progress", "current_suggestions", "export_training_needs", "import_suggestions", "issue_dialog_links", "suggested_actions",
           "training_needs"]
