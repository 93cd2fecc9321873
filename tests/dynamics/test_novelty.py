import math

import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.novelty import novelty


def kl(p, q):
    return sum(x * math.log2(x / y) for x, y in zip(p, q, strict=True) if x > 0)


MIX = {"a": [0.5, 0.5], "b": [0.9, 0.1], "c": [0.2, 0.8], "d": [0.6, 0.4]}


def table():
    turns = pd.DataFrame({"id": list("abcd"), "conversation_id": ["x"] * 4,
                          "reply_to": [None, "a", "a", "c"], "turn": [0, 1, 2, 3]})
    weights = pd.DataFrame([{"id": i, "theme": t, "weight": w} for i, m in MIX.items()
                            for t, w in zip(["T1", "T2"], m, strict=True)])
    return turns, weights


def test_time_window_hand_computed():
    turns, weights = table()
    out = novelty(turns, weights, w=1, alpha=0.0).set_index("id")
    assert list(out.reset_index().columns[:4]) == ["id", "novelty", "transience", "resonance"]
    assert out.loc["b", "novelty"] == pytest.approx(kl(MIX["b"], MIX["a"]))
    assert out.loc["b", "transience"] == pytest.approx(kl(MIX["b"], MIX["c"]))
    assert out.loc["b", "resonance"] == pytest.approx(kl(MIX["b"], MIX["a"]) - kl(MIX["b"], MIX["c"]))
    assert np.isnan(out.loc["a", "novelty"]) and np.isnan(out.loc["d", "transience"])
    w2 = novelty(turns, weights, w=2, alpha=0.0).set_index("id")
    assert w2.loc["c", "novelty"] == pytest.approx((kl(MIX["c"], MIX["b"]) + kl(MIX["c"], MIX["a"])) / 2)
    assert np.isnan(w2.loc["c", "transience"])  # only one turn after c: the window is not full


def test_reply_tree_hand_computed():
    turns, weights = table()
    out = novelty(turns, weights, w=2, along="reply", alpha=0.0).set_index("id")
    # d's ancestors: c, a ; a's descendants within 2 generations: b, c, d
    assert out.loc["d", "novelty"] == pytest.approx((kl(MIX["d"], MIX["c"]) + kl(MIX["d"], MIX["a"])) / 2)
    assert out.loc["a", "transience"] == pytest.approx(
        (kl(MIX["a"], MIX["b"]) + kl(MIX["a"], MIX["c"]) + kl(MIX["a"], MIX["d"])) / 3)
    assert out.loc["a", "n_after"] == 3 and np.isnan(out.loc["a", "novelty"])
    assert np.isnan(out.loc["b", "transience"])  # a leaf


def test_smoothing_keeps_kl_finite():
    turns, _ = table()
    weights = pd.DataFrame({"id": list("abcd"), "theme": ["T1", "T2", "T1", "T2"], "weight": [1.0] * 4})
    out = novelty(turns, weights, w=1)
    assert np.isfinite(out["novelty"].dropna()).all() and len(out["novelty"].dropna()) == 3
    # alpha = 0.01, K = 2: s = (1.01, .01) / 1.02 against (.01, 1.01) / 1.02
    p, q = np.array([1.01, 0.01]) / 1.02, np.array([0.01, 1.01]) / 1.02
    assert out.set_index("id").loc["b", "novelty"] == pytest.approx(kl(q, p))


def test_deterministic():
    turns, weights = table()
    pd.testing.assert_frame_equal(novelty(turns, weights, w=1, along="reply"),
                                  novelty(turns, weights, w=1, along="reply"))


def test_reply_tree_with_a_cycle_and_a_turn_without_theme():
    # a and b reply to each other (a cycle), c replies to b, d (no theme) replies to c, e replies to d
    turns = pd.DataFrame({"id": list("abcde"), "conversation_id": ["x"] * 5,
                          "reply_to": ["b", "a", "b", "c", "d"], "turn": [0, 1, 2, 3, 4]})
    mix = {"a": [0.5, 0.5], "b": [0.9, 0.1], "c": [0.2, 0.8], "e": [0.6, 0.4]}
    weights = pd.DataFrame([{"id": i, "theme": t, "weight": w} for i, m in mix.items()
                            for t, w in zip(["T1", "T2"], m, strict=True)])
    out = novelty(turns, weights, w=2, along="reply", alpha=0.0).set_index("id")
    # before: the first w theme-carrying turns up the chain (d has no theme), stopping at a repeated turn
    assert out.loc["e", "n_before"] == 2
    assert out.loc["e", "novelty"] == pytest.approx((kl(mix["e"], mix["c"]) + kl(mix["e"], mix["b"])) / 2)
    assert out.loc["a", "n_before"] == 1 and out.loc["a", "novelty"] == pytest.approx(kl(mix["a"], mix["b"]))
    assert out.loc["c", "n_before"] == 2
    assert out.loc["c", "novelty"] == pytest.approx((kl(mix["c"], mix["b"]) + kl(mix["c"], mix["a"])) / 2)
    # after, two generations down: a -> {b}, then {a, c} (the cycle comes back to a)
    assert out.loc["a", "n_after"] == 3
    want = (kl(mix["a"], mix["b"]) + kl(mix["a"], mix["a"]) + kl(mix["a"], mix["c"])) / 3
    assert out.loc["a", "transience"] == pytest.approx(want)
    assert out.loc["d", "n_before"] == 0 and math.isnan(out.loc["d", "novelty"])
