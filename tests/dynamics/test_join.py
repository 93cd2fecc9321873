import numpy as np
import pandas as pd
import pytest

from stacey.dynamics._join import match_ids


def _merged(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    m = pd.DataFrame({"k": left.astype("string").array, "_l": np.arange(len(left))}).merge(
        pd.DataFrame({"k": right.astype("string").array, "_r": np.arange(len(right))}), on="k", how="inner")
    return m["_l"].to_numpy(), m["_r"].to_numpy()


@pytest.mark.parametrize("left,right", [
    (["b", "x", "a", "b", None], ["a", "b", "c"]),             # unique right: index_in path
    (["b", "x", "a", "b"], ["a", "b", "a"]),                   # duplicate right: the merge itself
    ([None, "a"], ["a", None]),                                # null matches null, as in pandas
    ([], ["a"]), (["a"], []),
])
def test_match_ids_pairs_as_an_inner_merge(left, right):
    lo, ro = pd.Series(left, dtype="string"), pd.Series(right, dtype="string")
    got = match_ids(lo, ro)
    want = _merged(lo, ro)
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_match_ids_hand_computed_and_mixed_types():
    left = pd.Series(["t2", "t9", "t0", "t2"], dtype=object)
    right = pd.Series(["t0", "t1", "t2"], dtype="string")
    rows, pos = match_ids(left, right)
    assert rows.tolist() == [0, 2, 3] and pos.tolist() == [2, 0, 2]
