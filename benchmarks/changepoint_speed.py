"""Speed of stacey's PELT (stacey.dynamics.changepoints.pelt_l2) against ruptures' Pelt, same optimum.

Run: PYTHONPATH=. python benchmarks/changepoint_speed.py
A one-dimensional series of n points with one mean shift, penalty 4 log(n)
(the default c = 2 for d = 1), min_size 3, ruptures with jump=1 (exact).
"""

from __future__ import annotations

import time

import numpy as np
import ruptures as rpt

from stacey.dynamics.changepoints import pelt_l2


def main() -> None:
    rng = np.random.default_rng(0)
    print("| n | same breakpoints | stacey pelt_l2 (s) | ruptures Pelt l2 (s) | ratio |")
    print("|---|---|---|---|---|")
    for n in (250, 500, 1000, 2000):
        y = np.r_[rng.normal(0, 1, n // 2), rng.normal(1, 1, n - n // 2)][:, None]
        pen = 2 * 2 * np.log(n)
        t = time.perf_counter()
        ours = pelt_l2(y, pen=pen, min_size=3)
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        theirs = rpt.Pelt(model="l2", min_size=3, jump=1).fit(y).predict(pen=pen)
        t_theirs = time.perf_counter() - t
        print(f"| {n} | {ours == theirs} | {t_ours:.3f} | {t_theirs:.2f} | {t_theirs / t_ours:.0f}x |")


if __name__ == "__main__":
    main()
