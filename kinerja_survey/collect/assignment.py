"""Rater assignment from the org chart: who rates whom in a 360-degree cycle.

For every active employee (the ratee):

* **self**: the employee rates themself;
* **supervisor**: the direct superior (``atasan_nip``) rates them;
* **subordinate**: their direct reports rate them (at most ``max_subordinates``, drawn at random);
* **peer**: colleagues at the same level, drawn with a seeded random draw, never chosen by the
  ratee, nearest first, preferring the least-loaded candidates.

Who counts as a peer (:class:`OrgChart`)
    A *head* (someone with direct reports in the roster) has as peers the heads at the same level:
    first those under the same superior (the Kepala Bidang and the Sekretaris together), then the
    heads at the same level (``roster.LEVEL``) and the same depth of the supervisor tree anywhere in
    the organisation (the Kepala Subbidang of all the bidang).  Depth counts because a SIASN export
    calls every structural post "Administrator".  Other staff have as peers the colleagues at the
    same level under the same superior, widened to the same unit, then to the parent unit's subtree.
    With ``cross_units`` the pools widen once more: staff to the same level anywhere, heads to the
    same level at any depth.

The rule of the plan: coverage first, then load
    1. *Mandatory forms*: self and supervisor forms.  They count toward a rater's load: a head with
       14 direct reports has 15 forms before anything is drawn.
    2. *Coverage*: for every ratee, leaders first (by depth of the supervisor tree, heads before
       staff), each group is brought up to its minimum where the organisation can supply it:
       ``min_subordinates`` (3, the anonymity threshold) subordinates when the ratee has that many
       direct reports, ``peers[0]`` peers when the pool holds that many.  Each form goes to a
       candidate under the cap when there is one (nearest tier, least loaded, seeded noise); else
       an augmenting path moves coverage forms between raters so that one under the cap takes one
       (the vertex-by-vertex augmenting algorithm of bipartite b-matching, so the number of forms
       over the cap is the least any plan can have: total minimum minus the maximum flow under the
       cap).  Only when no plan under the cap exists is the cap exceeded, by the least-loaded
       candidate, and the form recorded in ``AssignmentPlan.over_cap``.
    3. *Balance*: the rest of each group (peers up to a target drawn in ``peers``, subordinates
       up to ``max_subordinates``) is drawn only from raters under the cap.

So the load cap never decides who goes without raters.  No pair (rater, ratee) appears twice.
``AssignmentPlan.shortfalls`` names every ratee whose group stays below its minimum with the
``cause`` (``no_peers_at_level``, ``unit_too_small``, ``supervisor_outside``) and the
``fixes`` that would help; ``AssignmentPlan.overloads`` names every rater over the cap with why.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .roster import LEVEL

SHORTFALL_COLUMNS = ["ratee", "relationship", "wanted", "got", "cause", "fixes"]
OVERLOAD_COLUMNS = ["rater", "forms", "max_load", "mandatory", "coverage", "reason"]
# causes of a group below its minimum (review texts: ``hr.cause_<code>``)
CAUSES = ("no_peers_at_level", "unit_too_small", "supervisor_outside", "cap_reached", "not_assigned")
# what would help (``hr.fix_<code>``)
FIXES = ("stakeholders", "cross_units", "raise_cap", "assign_again")


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


@dataclass
class AssignmentPlan:
    """A drawn plan.

    ``assignments``: ``rater, ratee, relationship``.  ``shortfalls``: ``ratee, relationship,
    wanted, got, cause, fixes`` (fixes: codes joined by ``,``), a row per ratee and group below
    its minimum.  ``over_cap``: ``rater, ratee, relationship`` of the coverage forms given to a
    rater already at the cap (no plan under the cap could cover that ratee).  ``overloads``:
    ``rater, forms, max_load, mandatory, coverage, reason`` for every rater over the cap, reason
    ``supervisor_forms`` (self and supervisor forms alone reach it) or ``coverage``.
    """

    assignments: pd.DataFrame  # rater, ratee, relationship
    shortfalls: pd.DataFrame = field(default_factory=lambda: _empty(SHORTFALL_COLUMNS))
    over_cap: pd.DataFrame = field(default_factory=lambda: _empty(["rater", "ratee", "relationship"]))
    overloads: pd.DataFrame = field(default_factory=lambda: _empty(OVERLOAD_COLUMNS))

    def load(self) -> pd.Series:
        """Forms per rater."""
        return self.assignments.groupby("rater").size().rename("forms")


class OrgChart:
    """The supervisor tree of a roster and the rater pools it implies.

    ``reports[n]`` (direct reports), ``depth[n]`` (0 for a person whose atasan is not in the
    roster), ``heads`` (people with direct reports), ``level[n]`` (``roster.LEVEL``; 6 when
    unknown), ``peer_tiers(n, cross_units)`` (candidate lists, nearest first) and
    ``peer_pool(n, cross_units)`` (their union, the ratee, its atasan and reports excluded).
    """

    def __init__(self, roster: pd.DataFrame):
        df = roster.reset_index(drop=True)
        self.nips: list[str] = df["nip"].astype(str).tolist()
        known = set(self.nips)
        raw = dict(zip(self.nips, df["atasan_nip"].fillna("").astype(str)))
        self.atasan_raw = raw
        self.atasan = {n: (a if a in known and a != n else "") for n, a in raw.items()}
        self.unit = dict(zip(self.nips, df["unit_kerja"].fillna("").astype(str)))
        jenis = df["jenis_jabatan"].fillna("") if "jenis_jabatan" in df.columns else [""] * len(df)
        self.jenis = dict(zip(self.nips, jenis))
        self.level = {n: LEVEL.get(j, 6) for n, j in self.jenis.items()}
        self.reports: dict[str, list[str]] = defaultdict(list)
        for n in self.nips:
            if self.atasan[n]:
                self.reports[self.atasan[n]].append(n)
        self.heads = {n for n in self.nips if self.reports.get(n)}
        self.depth: dict[str, int] = {}
        for n in self.nips:
            chain, node = [], n
            while node not in self.depth and self.atasan[node] and node not in chain:
                chain.append(node)
                node = self.atasan[node]
            base = self.depth.get(node, 0)
            self.depth.setdefault(node, base)
            for k, m in enumerate(reversed(chain), start=1):
                self.depth[m] = base + k
        by = defaultdict(list)
        for n in self.nips:
            lv, parent = self.level[n], self.unit[n].rsplit(" / ", 1)[0]
            if n in self.heads:
                by[("h-boss", self.atasan[n], lv)].append(n)
                by[("h-depth", self.depth[n], lv)].append(n)
                by[("h-level", lv)].append(n)
            by[("boss", self.atasan[n], lv)].append(n)
            by[("unit", self.unit[n], lv)].append(n)
            by[("parent", parent, lv)].append(n)
            if n not in self.heads:
                by[("s-level", lv)].append(n)
        self._by = by

    def is_top(self, n: str) -> bool:
        return not self.atasan[n]

    def peer_tiers(self, n: str, cross_units: bool = False) -> list[list[str]]:
        """Candidate peers of ``n``, nearest tier first (each candidate in its nearest tier only)."""
        lv, by = self.level[n], self._by
        if n in self.heads:
            keys = [("h-boss", self.atasan[n], lv), ("h-depth", self.depth[n], lv)]
            if cross_units:
                keys.append(("h-level", lv))
        else:
            keys = [("boss", self.atasan[n], lv), ("unit", self.unit[n], lv),
                    ("parent", self.unit[n].rsplit(" / ", 1)[0], lv)]
            if cross_units:
                keys.append(("s-level", lv))
        if n not in self.heads and not self.atasan[n]:
            keys = keys[1:]  # no superior: "same superior" means nothing
        banned = {n, self.atasan[n], *self.reports.get(n, ())}
        seen, tiers = set(banned), []
        for key in keys:
            tier = [c for c in by.get(key, ()) if c not in seen]
            seen.update(tier)
            tiers.append(tier)
        return tiers

    def peer_pool(self, n: str, cross_units: bool = False) -> list[str]:
        return [c for tier in self.peer_tiers(n, cross_units) for c in tier]


def peer_shortfall_cause(chart: OrgChart, n: str, need: int, cross_units: bool) -> tuple[str, list[str]]:
    """Why the peer pool of ``n`` is under ``need`` and what would help: ``(cause, fixes)``."""
    wider = len(chart.peer_pool(n, True))
    if n in chart.heads or wider < need:
        cause = "no_peers_at_level"
    else:
        cause = "unit_too_small"
    fixes = ["stakeholders"]
    if not cross_units and wider >= need:
        fixes.insert(0, "cross_units")
    return cause, fixes


def generate_assignments(
    roster: pd.DataFrame,
    *,
    peers: tuple[int, int] = (3, 5),
    max_subordinates: int = 8,
    max_load: int = 12,
    include_self: bool = True,
    seed: int = 0,
    min_subordinates: int = 3,
    cross_units: bool = False,
) -> AssignmentPlan:
    """Plan the assignments for ``roster`` (``roster.ROSTER_COLUMNS`` layout): coverage first, then
    load (see the module docstring for the rule).

    Parameters
    ----------
    peers : (min, max)
        Peers per ratee.  ``min`` is the minimum every ratee gets when the pool holds that many
        (the anonymity threshold for peers is 3: fewer peers are not shown); up to ``max`` are
        drawn from raters under the cap.
    max_subordinates : int
        Cap on subordinates rating one superior (a Kepala Bidang with 30 staff need not get 30 forms).
    max_load : int
        Cap on forms per rater, self and supervisor forms included.  Exceeded only where no plan
        under the cap covers every ratee (``AssignmentPlan.overloads`` says who and why).
    seed : int
        Seed of the random draw; the same roster and seed give the same plan.
    min_subordinates : int
        Subordinates every superior with that many direct reports gets (the threshold, 3).
    cross_units : bool
        Widen the peer pools beyond the unit (staff: the same level anywhere; heads: any depth).
    """
    lo, hi = peers
    if not 0 <= lo <= hi:
        raise ValueError(f"peers must be (min, max) with 0 <= min <= max, got {peers}")
    if max_load < 1:
        raise ValueError("max_load must be at least 1")
    rng = np.random.default_rng(seed)
    chart = OrgChart(roster)
    nips = chart.nips
    pairs: set[tuple[str, str]] = set()
    load: dict[str, int] = defaultdict(int)
    rows: list[tuple[str, str, str]] = []
    mandatory: dict[str, int] = defaultdict(int)

    def add(rater: str, ratee: str, rel: str) -> None:
        pairs.add((rater, ratee))
        load[rater] += 1
        rows.append((rater, ratee, rel))

    # 1. mandatory forms
    for n in nips:
        if include_self:
            add(n, n, "self")
            mandatory[n] += 1
        if chart.atasan[n]:
            add(chart.atasan[n], n, "supervisor")
            mandatory[chart.atasan[n]] += 1

    # 2. coverage: leaders first (shallow before deep, heads before staff), seeded within
    noise = {n: rng.random() for n in nips}
    order = sorted(nips, key=lambda n: (chart.depth[n], n not in chart.heads, noise[n]))
    short: list[tuple] = []
    demands: list[tuple[str, str, int, list[list[str]]]] = []
    for n in order:
        if not chart.atasan[n]:
            short.append((n, "supervisor", 1, 0, "supervisor_outside", "stakeholders"))
        staff = chart.reports.get(n, [])
        if staff:
            need = min(min_subordinates, max_subordinates)
            if len(staff) >= need:
                if need:
                    demands.append((n, "subordinate", need, [list(staff)]))
            else:
                short.append((n, "subordinate", need, len(staff), "unit_too_small", "stakeholders"))
        tiers = chart.peer_tiers(n, cross_units)
        pool = sum(len(t) for t in tiers)
        if lo and pool >= lo:
            demands.append((n, "peer", lo, tiers))
        elif lo:
            cause, fixes = peer_shortfall_cause(chart, n, lo, cross_units)
            short.append((n, "peer", lo, pool, cause, ",".join(fixes)))

    serving: dict[str, set[int]] = defaultdict(set)  # rater -> coverage demands it serves
    members: list[set[str]] = [set() for _ in demands]
    tier_of: list[dict[str, int]] = [{c: k for k, t in enumerate(d[3]) for c in t} for d in demands]
    over_cap: list[tuple[int, str]] = []

    def rank(c: str, k: int) -> tuple:
        return (tier_of[k][c], load[c], noise[c] + rng.random())

    def augment(k: int) -> bool:
        """Give demand ``k`` one more rater under the cap, moving coverage forms along a path."""
        ratee = demands[k][0]
        start = [c for c in tier_of[k] if c not in members[k] and (c, ratee) not in pairs]
        start.sort(key=lambda c: rank(c, k))
        parent: dict[str, tuple[str, int] | None] = {c: None for c in start}
        queue = deque(start)
        while queue:
            c = queue.popleft()
            if load[c] < max_load:  # the end of the path: move each form one step back
                while parent[c] is not None:
                    prev, j = parent[c]
                    members[j].discard(prev)
                    serving[prev].discard(j)
                    members[j].add(c)
                    serving[c].add(j)
                    load[c] += 1
                    load[prev] -= 1
                    c = prev
                members[k].add(c)
                serving[c].add(k)
                load[c] += 1
                return True
            for j in sorted(serving[c]):
                rj = demands[j][0]
                for c2 in sorted(tier_of[j], key=lambda x: (tier_of[j][x], load[x])):
                    if c2 not in parent and c2 not in members[j] and (c2, rj) not in pairs:
                        parent[c2] = (c, j)
                        queue.append(c2)
        return False

    for k, (ratee, rel, need, tiers) in enumerate(demands):
        for tier in tiers:  # the direct way first: nearest tier, least loaded, under the cap
            if len(members[k]) >= need:
                break
            cands = [c for c in tier if load[c] < max_load and (c, ratee) not in pairs]
            cands.sort(key=lambda c: (load[c], noise[c] + rng.random()))
            for c in cands[: need - len(members[k])]:
                members[k].add(c)
                serving[c].add(k)
                load[c] += 1
        while len(members[k]) < need:
            if augment(k):
                continue
            free = [c for c in tier_of[k] if c not in members[k] and (c, ratee) not in pairs]
            c = min(free, key=lambda c: rank(c, k))  # no plan under the cap: coverage wins
            members[k].add(c)
            serving[c].add(k)
            load[c] += 1
            over_cap.append((k, c))
    # the raters finally over the cap by coverage (a path may have moved a form since)
    coverage_rows = []
    for k, (ratee, rel, _need, _t) in enumerate(demands):
        for c in sorted(members[k], key=lambda c: rank(c, k)):
            pairs.add((c, ratee))
            rows.append((c, ratee, rel))
            coverage_rows.append((c, ratee, rel))

    # 3. balance: the rest only from raters under the cap
    for boss in order:
        staff = chart.reports.get(boss, [])
        got = sum(1 for s in staff if (s, boss) in pairs)
        free = [s for s in staff if (s, boss) not in pairs]
        rng.shuffle(free)
        free.sort(key=lambda s: load[s])
        for s in free:
            if got >= max_subordinates:
                break
            if load[s] < max_load:
                add(s, boss, "subordinate")
                got += 1
    for n in order:
        target = int(rng.integers(lo, hi + 1)) if hi > lo else hi
        got = sum(1 for r in chart.peer_pool(n, cross_units) if (r, n) in pairs)
        for tier in chart.peer_tiers(n, cross_units):
            if got >= target:
                break
            cands = [c for c in tier if (c, n) not in pairs and load[c] < max_load]
            cands = [c for _, _, c in sorted(zip([load[c] for c in cands], rng.random(len(cands)), cands))]
            for c in cands[: target - got]:
                add(c, n, "peer")
                got += 1
    short = [(r, rel, w, _got(pairs, chart, r, rel, cross_units, g), cause, fixes)
             for r, rel, w, g, cause, fixes in short]

    assignments = pd.DataFrame(rows, columns=["rater", "ratee", "relationship"])
    cov = pd.DataFrame(coverage_rows, columns=["rater", "ratee", "relationship"])
    over = _overloads(assignments, cov, mandatory, max_load)
    over_forms = cov[cov["rater"].isin(set(over["rater"]))].reset_index(drop=True)
    return AssignmentPlan(assignments, pd.DataFrame(short, columns=SHORTFALL_COLUMNS), over_forms, over)


def _got(pairs, chart: OrgChart, ratee: str, rel: str, cross_units: bool, default: int) -> int:
    if rel == "peer":
        return sum(1 for r in chart.peer_pool(ratee, cross_units) if (r, ratee) in pairs)
    if rel == "subordinate":
        return sum(1 for s in chart.reports.get(ratee, []) if (s, ratee) in pairs)
    return default


def _overloads(assignments: pd.DataFrame, coverage: pd.DataFrame, mandatory: dict, max_load: int) -> pd.DataFrame:
    forms = assignments.groupby("rater").size()
    cov = coverage.groupby("rater").size()
    out = []
    for rater, n in forms.items():
        if n > max_load:
            m = int(mandatory.get(rater, 0))
            out.append((rater, int(n), max_load, m, int(cov.get(rater, 0)),
                        "supervisor_forms" if m >= max_load else "coverage"))
    return pd.DataFrame(out, columns=OVERLOAD_COLUMNS)
