import numpy as np
import pandas as pd

from stacey.themes.weights import long_weights, mixture_entries, weights_frame


def test_long_weights_hand_computed():
    W = np.array([[3.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.02, 0.98], [-1.0, 2.0, 2.0]])
    out = long_weights(["a", "b", "c", "d"], W, ["T1", "T2", "T3"], min_weight=0.05)
    # a: 3/4, 1/4; b: no rows; c: 0.02/2 = 0.01 < 0.05 dropped, then 1/1.98 and 0.98/1.98; d: negative read as 0
    assert list(out["id"]) == ["a", "a", "c", "c", "d", "d"]
    assert list(out["theme"]) == ["T1", "T2", "T1", "T3", "T2", "T3"]
    np.testing.assert_allclose(out["weight"], [0.75, 0.25, 1 / 1.98, 0.98 / 1.98, 0.5, 0.5])
    assert str(out["id"].dtype) == "string" and str(out["theme"].dtype) == "string"
    assert out["weight"].dtype == "float64"


def test_blocks_of_rows_give_the_same_entries():
    rng = np.random.default_rng(0)
    W = rng.random((50, 4)) * (rng.random((50, 4)) > 0.4)
    rows, cols, values = mixture_entries(W, min_weight=0.1)
    parts = [mixture_entries(W[s:s + 7], min_weight=0.1) for s in range(0, 50, 7)]
    np.testing.assert_array_equal(np.concatenate([r + s for r, s in zip((p[0] for p in parts), range(0, 50, 7))]),
                                  rows)
    np.testing.assert_array_equal(np.concatenate([p[1] for p in parts]), cols)
    np.testing.assert_array_equal(np.concatenate([p[2] for p in parts]), values)


def test_ids_from_a_series_or_a_list_give_the_same_table():
    ids = pd.Series(["x", "y", None], dtype="string")
    W = np.eye(3)
    a = weights_frame(ids, ["T1", "T2", "T3"], *mixture_entries(W))
    b = long_weights(np.asarray(["x", "y", None], dtype=object), W, ["T1", "T2", "T3"])
    pd.testing.assert_frame_equal(a, b)
    assert a["id"].isna().tolist() == [False, False, True]
    empty = long_weights(["x"], np.zeros((1, 2)), ["T1", "T2"])
    assert len(empty) == 0 and list(empty.columns) == ["id", "theme", "weight"]
