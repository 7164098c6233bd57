"""Write berakhlak_forms.csv: 21 BerAKHLAK items (7 values x 3 behaviours) answered on 1-5 in 600
simulated forms (ratee, rater) with a general factor and seven value factors, for tests/test_omega.py.

numpy ``default_rng(7)``.  Run: ``python tests/data/make_berakhlak_forms.py``.
"""

from pathlib import Path

import numpy as np
import pandas as pd

VALUES = ("berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif")


def main() -> None:
    rng = np.random.default_rng(7)
    n = 600
    g = rng.normal(size=n)
    s = rng.normal(size=(n, len(VALUES)))
    lg = rng.uniform(0.45, 0.75, size=21)
    ls = rng.uniform(0.3, 0.6, size=21)
    rows = []
    for f in range(n):
        for v, value in enumerate(VALUES):
            for b in range(3):
                j = 3 * v + b
                z = lg[j] * g[f] + ls[j] * s[f, v] + np.sqrt(max(1 - lg[j] ** 2 - ls[j] ** 2, 0.1)) * rng.normal()
                y = int(np.clip(np.round(3.4 + 0.9 * z), 1, 5))
                rows.append((f"P{f // 6:03d}", f"R{f % 6}", value, f"{value}_{b + 1}", y))
    pd.DataFrame(rows, columns=["ratee", "rater", "competency", "item", "rating"]).to_csv(
        Path(__file__).with_name("berakhlak_forms.csv"), index=False)


if __name__ == "__main__":
    main()
