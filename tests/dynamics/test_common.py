"""The helpers the dynamics share: grouping, theme arrays, column selection."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stacey.dynamics._common import groups, mixture_matrix, only, theme_array
from stacey.themes.mixtures import mixtures


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


def _pivot(weights: pd.DataFrame, ids: list[str]) -> np.ndarray:
    """The wide pivot mixture_matrix used before theme_array (the reference): NaN rows for turns without weights."""
    themes = sorted(weights["theme"].astype(str).unique())
    wide = (weights.assign(id=weights["id"].astype(str), theme=weights["theme"].astype(str))
            .pivot_table(index="id", columns="theme", values="weight", aggfunc="sum", fill_value=0.0)
            .reindex(columns=themes, fill_value=0.0))
    return wide.reindex(pd.Index(ids)).to_numpy(dtype=float)


WEIGHTS = pd.DataFrame({"id": ["a", "a", "b", "c", "e", "a"], "theme": ["T2", "T1", "T2", "T1", "T1", "T1"],
                        "weight": [0.5, 0.125, 1.0, 0.25, np.nan, 0.25]}).astype({"id": "string", "theme": "string"})


def test_theme_array_by_hand():
    # a: T1 0.125 + 0.25 summed, T2 0.5; b: T2 only; c is not a turn; d has no weight; e only a null weight
    got, themes = theme_array(WEIGHTS, pd.Series(["b", "a", "d", "e"], dtype="string"))
    assert themes == ["T1", "T2"]
    np.testing.assert_array_equal(got, [[0.0, 1.0], [0.375, 0.5], [0.0, 0.0], [0.0, 0.0]])
    got, _ = theme_array(WEIGHTS, pd.Series(["b", "a", "d", "e"], dtype="string"), missing=np.nan)
    # d has no weight row: NaN; e has one (null weight counts as 0, as in the pivot)
    np.testing.assert_array_equal(got, [[0.0, 1.0], [0.375, 0.5], [np.nan, np.nan], [0.0, 0.0]])


def test_theme_array_equals_the_pivot_bit_for_bit_and_layout():
    rng = np.random.default_rng(1)
    n = 400
    w = pd.DataFrame({"id": [f"t{k}" for k in rng.integers(0, n + 50, 1500)],
                      "theme": [f"T{k}" for k in rng.integers(0, 7, 1500)],
                      "weight": rng.random(1500)}).astype({"id": "string", "theme": "string"})
    ids = [f"t{k}" for k in range(n)]
    for repeat in (False, True):  # unique turn ids, and repeated ones (the second path)
        turn_ids = ids + ids[:40] if repeat else ids
        got, _ = theme_array(w, pd.Series(turn_ids, dtype="string"))
        want = mixtures(w, pd.DataFrame({"id": turn_ids})).to_numpy()
        np.testing.assert_array_equal(got, want)
        assert got.flags["F_CONTIGUOUS"] and want.flags["F_CONTIGUOUS"]
        nan_rows, _ = mixture_matrix(pd.Series(turn_ids, dtype="string"), w)
        np.testing.assert_array_equal(nan_rows, _pivot(w, turn_ids))


def test_theme_array_keeps_the_given_theme_order():
    got, themes = theme_array(WEIGHTS, pd.Series(["a"]), themes=["T2", "T9"])
    assert themes == ["T2", "T9"]
    np.testing.assert_array_equal(got, [[0.5, 0.0]])


def test_only_keeps_what_derive_needs_when_turn_is_missing():
    t = pd.DataFrame({"id": ["a"], "conversation_id": ["c"], "reply_to": [None], "timestamp": [pd.NaT],
                      "text": ["x"], "turn": [0], "depth": [0]})
    assert list(only(t, ["id", "turn", "nope"]).columns) == ["id", "turn"]
    assert list(only(t.drop(columns="depth"), ["text"]).columns) == ["text", "id", "conversation_id", "reply_to",
                                                                     "timestamp"]


@pytest.mark.parametrize("missing", [0.0, np.nan])
def test_theme_array_of_no_turns(missing):
    got, themes = theme_array(WEIGHTS, pd.Series([], dtype="string"), missing=missing)
    assert got.shape == (0, 2) and themes == ["T1", "T2"]
