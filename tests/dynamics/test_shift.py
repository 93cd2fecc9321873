import math

import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.shift import shifts


def table():
    # conversation c: a -> b -> c (c replies to a), d has no themes; conversation z: single turn
    turns = pd.DataFrame({
        "id": ["a", "b", "c", "d", "z"],
        "conversation_id": ["c", "c", "c", "c", "z"],
        "reply_to": [None, "a", "a", "c", None],
        "turn": [0, 1, 2, 3, 0],
    })
    weights = pd.DataFrame({
        "id": ["a", "b", "c", "c", "z"],
        "theme": ["T1", "T2", "T1", "T2", "T1"],
        "weight": [1.0, 1.0, 0.5, 0.5, 1.0],
    })
    return turns, weights


def jsd_hand(p, q):
    m = [(x + y) / 2 for x, y in zip(p, q, strict=True)]
    kl = lambda a: sum(x * math.log2(x / y) for x, y in zip(a, m, strict=True) if x > 0)  # noqa: E731
    return 0.5 * kl(p) + 0.5 * kl(q)


def test_hand_computed_shifts():
    turns, weights = table()
    out = shifts(turns, weights, window=2).set_index("id")
    assert list(out.reset_index().columns) == ["id", "conversation_id", "turn", "step_shift", "gesture_shift", "drift"]
    # b vs a: disjoint mixtures -> 1 bit
    assert out.loc["b", "step_shift"] == pytest.approx(1.0)
    assert out.loc["b", "gesture_shift"] == pytest.approx(1.0)
    # c = (.5, .5): vs b (0, 1): m = (.25, .75); KL(c||m) = .5 log2 2 + .5 log2(2/3); KL(b||m) = log2(4/3)
    expected = 0.5 * (0.5 + 0.5 * math.log2(2 / 3)) + 0.5 * math.log2(4 / 3)
    assert expected == pytest.approx(0.3112781245)
    assert out.loc["c", "step_shift"] == pytest.approx(expected)
    assert out.loc["c", "gesture_shift"] == pytest.approx(jsd_hand([0.5, 0.5], [1, 0]))  # replies to a
    # opening window of 2 = mean of a and b = (.5, .5): c has drift 0, a has JSD((1,0), (.5,.5))
    assert out.loc["c", "drift"] == pytest.approx(0.0)
    assert out.loc["a", "drift"] == pytest.approx(expected)
    # no predecessor / no parent / no themes -> NaN
    assert np.isnan(out.loc["a", "step_shift"]) and np.isnan(out.loc["a", "gesture_shift"])
    assert out.loc[["d"], ["step_shift", "gesture_shift", "drift"]].isna().all(axis=None)
    assert np.isnan(out.loc["z", "step_shift"]) and out.loc["z", "drift"] == 0.0


def test_deterministic_and_input_untouched():
    turns, weights = table()
    before = turns.copy()
    a = shifts(turns, weights)
    b = shifts(turns.sample(frac=1, random_state=3), weights.sample(frac=1, random_state=4))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(turns, before)
