"""The grouping helper the per-conversation loops use."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stacey.dynamics._common import groups


def test_groups_equal_the_comparison_loop():
    rng = np.random.default_rng(0)
    keys = np.array([f"c{k}" for k in rng.integers(0, 30, 500)], dtype=object)
    want = [(k, np.flatnonzero(keys == k)) for k in pd.unique(keys)]
    got = groups(keys)
    assert [k for k, _ in got] == [k for k, _ in want]
    for (_, a), (_, b) in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)


def test_groups_of_nothing_and_of_strings():
    assert groups(np.array([], dtype=object)) == []
    got = groups(np.array(["b", "a", "b"]))
    assert [(k, p.tolist()) for k, p in got] == [("b", [0, 2]), ("a", [1])]
