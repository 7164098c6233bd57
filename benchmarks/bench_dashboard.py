"""Results dashboard: how long a change of the unit filter takes to redraw.

Run::

    .venv/bin/python benchmarks/bench_dashboard.py                   # 600-person demo agency
    .venv/bin/python benchmarks/bench_dashboard.py --employees 120   # quick look

Data: ``demo.build_demo`` (closed cycle) in a temporary SQLite store; loading and scoring the
cycle once (``apps.dashboard.load_dashboard_data``) is printed but not counted.

Timed, in one run, for every unit of the filter (meeting mode, the default):

1. *eager* -- every panel of the view (``render_view`` with all panels: three matplotlib charts,
   the unit's reliability, the tables): what the dashboard did before;
2. *open tab* -- what the app now draws on a unit change: the tables and the open tab's charts
   (``render_view(panels={ringkasan, reliabilitas, respons, pegawai})``);
3. *revisit* -- the same unit chosen again (views are kept per unit, filter and mode).

The target (median unit change under 1.5 s on the shared 2-core box) is checked; exit status 1
when missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kinerja_survey import cycle as uc  # noqa: E402
from kinerja_survey.apps import dashboard as dash  # noqa: E402
from kinerja_survey.demo import build_demo  # noqa: E402
from kinerja_survey.store import Store  # noqa: E402

TARGET_S = 1.5
OPEN_TAB = {"ringkasan", "reliabilitas", "respons", "pegawai"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=600)
    ap.add_argument("--units", type=int, default=12, help="Units timed (the first N of the filter).")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = Store(Path(tmp) / "demo.sqlite")
        result = build_demo(store, n_employees=args.employees, seed=1)
        uc.close_cycle(store, result.cycle_id, actor="bench")
        t1 = time.perf_counter()
        data = dash.load_dashboard_data(store, result.cycle_id)
        t2 = time.perf_counter()
        units = [dash.ORG] + dash.meeting_units(data)[: args.units - 1]
        rows = []
        for unit in units:
            data._cache = None
            a = time.perf_counter()
            dash.render_view(data, unit)
            b = time.perf_counter()
            data._cache = None
            dash.render_view(data, unit, panels=OPEN_TAB)
            c = time.perf_counter()
            views = {}
            views[unit] = dash.render_view(data, unit, panels=OPEN_TAB)
            d = time.perf_counter()
            _ = views[unit]  # a revisit is a dictionary lookup in the app
            e = time.perf_counter()
            rows.append((unit, b - a, c - b, e - d))
        store.dispose()
    print(f"demo: {args.employees} employees, setup {t1 - t0:.1f} s, load+score once {t2 - t1:.2f} s")
    print(f"{'unit':60s} {'eager s':>8s} {'open tab s':>10s} {'revisit s':>9s}")
    for unit, eager, lazy, again in rows:
        print(f"{dash.short_unit(unit)[:60]:60s} {eager:8.3f} {lazy:10.3f} {again:9.6f}")
    med_eager = statistics.median(r[1] for r in rows)
    med_lazy = statistics.median(r[2] for r in rows)
    print(f"{'median':60s} {med_eager:8.3f} {med_lazy:10.3f}")
    ok = med_lazy < TARGET_S
    print(f"target: median unit change < {TARGET_S} s -> {'met' if ok else 'MISSED'} "
          f"({med_eager / med_lazy:.1f}x faster than drawing every panel)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
