"""Write reml_cycle.csv, the simulated unbalanced 360-degree cycle of tests/test_reml.py.

60 ratees, 40 raters, 2-7 raters per ratee, 5 items, 8% of answers missing;
numpy ``default_rng(20261207)``.  Run: ``python tests/data/make_reml_cycle.py``.
"""

from pathlib import Path

import numpy as np
import pandas as pd


def main() -> None:
    rng = np.random.default_rng(20261207)
    n_ratee, n_rater, n_item = 60, 40, 5
    p = rng.normal(0, 0.6, n_ratee)
    r = rng.normal(0, 0.4, n_rater)
    it = rng.normal(0, 0.25, n_item)
    rows = []
    for t in range(n_ratee):
        k = rng.integers(2, 8)
        raters = rng.choice(n_rater, size=k, replace=False)
        for j in raters:
            pr = rng.normal(0, 0.3)
            for i in range(n_item):
                if rng.random() < 0.08:
                    continue
                y = 3.5 + p[t] + r[j] + it[i] + pr + rng.normal(0, 0.5)
                rows.append((f"P{t:03d}", f"R{j:03d}", f"I{i}", round(float(y), 3)))
    df = pd.DataFrame(rows, columns=["ratee", "rater", "item", "rating"])
    df.to_csv(Path(__file__).with_name("reml_cycle.csv"), index=False)


if __name__ == "__main__":
    main()
