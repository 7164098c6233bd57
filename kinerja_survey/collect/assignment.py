"""Rater assignment from the org chart: who rates whom in a 360-degree cycle.

For every active employee (the ratee):

* **self**: the employee rates themself;
* **supervisor**: the direct superior (``atasan_nip``) rates them;
* **subordinate**: their direct reports rate them (at most ``max_subordinates``, drawn at random);
* **peer**: colleagues at the same level (``roster.LEVEL``) under the same superior, widened to
  the same unit, then to the superior's whole unit subtree when there are too few; between
  ``peers[0]`` and ``peers[1]`` are drawn with a seeded random draw, never chosen by the ratee,
  preferring the least-loaded candidates so that nobody is swamped.

No pair (rater, ratee) appears twice (a supervisor is never also drawn as a peer) and a rater's
total load is capped at ``max_load`` forms; mandatory forms (self, supervisor) are always kept and
the cap applies to the drawn ones.  ``AssignmentPlan.shortfalls`` lists ratees who got fewer
peers than ``peers[0]`` so HR can adjust by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .roster import LEVEL


@dataclass
class AssignmentPlan:
    assignments: pd.DataFrame  # rater, ratee, relationship
    shortfalls: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["ratee", "relationship", "wanted", "got"]))

    def load(self) -> pd.Series:
        """Forms per rater."""
        return self.assignments.groupby("rater").size().rename("forms")


def generate_assignments(
    roster: pd.DataFrame,
    *,
    peers: tuple[int, int] = (3, 5),
    max_subordinates: int = 8,
    max_load: int = 12,
    include_self: bool = True,
    seed: int = 0,
) -> AssignmentPlan:
    """Plan the assignments for ``roster`` (``roster.ROSTER_COLUMNS`` layout).

    Parameters
    ----------
    peers : (min, max)
        Peers drawn per ratee.  ``min`` is what HR wants at least (the anonymity threshold for peers
        is usually 3, so fewer than 3 peers means the peer group will not be shown).
    max_subordinates : int
        Cap on subordinates rating one superior (a Kepala Bidang with 30 staff need not get 30 forms).
    max_load : int
        Cap on forms per rater, self and supervisor forms included.
    seed : int
        Seed of the random draw; the same roster and seed give the same plan.
    """
    lo, hi = peers
    if not 0 <= lo <= hi:
        raise ValueError(f"peers must be (min, max) with 0 <= min <= max, got {peers}")
    if max_load < 1:
        raise ValueError("max_load must be at least 1")
    rng = np.random.default_rng(seed)
    df = roster.reset_index(drop=True)
    nips = df["nip"].astype(str).tolist()
    atasan = dict(zip(nips, df["atasan_nip"].fillna("").astype(str)))
    unit = dict(zip(nips, df["unit_kerja"].astype(str)))
    level = {n: LEVEL.get(j, 6) for n, j in zip(nips, df["jenis_jabatan"].fillna(""))}
    known = set(nips)
    pairs: set[tuple[str, str]] = set()
    load: dict[str, int] = defaultdict(int)
    rows: list[tuple[str, str, str]] = []
    short: list[tuple[str, str, int, int]] = []

    def add(rater: str, ratee: str, rel: str) -> bool:
        if (rater, ratee) in pairs:
            return False
        pairs.add((rater, ratee))
        load[rater] += 1
        rows.append((rater, ratee, rel))
        return True

    # mandatory forms first
    for n in nips:
        if include_self:
            add(n, n, "self")
        if atasan[n] in known:
            add(atasan[n], n, "supervisor")

    reports = defaultdict(list)
    for n in nips:
        if atasan[n] in known:
            reports[atasan[n]].append(n)
    # subordinates rate their superior
    for boss in nips:
        staff = [s for s in reports.get(boss, []) if load[s] < max_load]
        rng.shuffle(staff)
        for s in staff[:max_subordinates]:
            add(s, boss, "subordinate")

    # peers: same level, closest organisational neighbourhood first
    by_boss_level = defaultdict(list)
    by_unit_level = defaultdict(list)
    by_prefix_level = defaultdict(list)
    for n in nips:
        by_boss_level[(atasan[n], level[n])].append(n)
        by_unit_level[(unit[n], level[n])].append(n)
        parent = unit[n].rsplit(" / ", 1)[0]
        by_prefix_level[(parent, level[n])].append(n)
    order = list(nips)
    rng.shuffle(order)
    for n in order:
        target = int(rng.integers(lo, hi + 1)) if hi > lo else hi
        got = 0
        tiers = [by_boss_level[(atasan[n], level[n])] if atasan[n] else [],
                 by_unit_level[(unit[n], level[n])],
                 by_prefix_level[(unit[n].rsplit(" / ", 1)[0], level[n])]]
        for pool in tiers:
            if got >= target:
                break
            cands = [c for c in pool if c != n and (c, n) not in pairs and load[c] < max_load]
            if not cands:
                continue
            noise = rng.random(len(cands))
            cands = [c for _, _, c in sorted(zip([load[c] for c in cands], noise, cands))]
            for c in cands[: target - got]:
                if add(c, n, "peer"):
                    got += 1
        if got < lo:
            short.append((n, "peer", lo, got))
    return AssignmentPlan(
        pd.DataFrame(rows, columns=["rater", "ratee", "relationship"]),
        pd.DataFrame(short, columns=["ratee", "relationship", "wanted", "got"]),
    )
