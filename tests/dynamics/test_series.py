"""Helpers of the theme-series measures: conversation runs and reply positions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stacey.dynamics._common import groups
from stacey.dynamics._series import conv_codes, parent_positions, runs


def test_runs_of_sorted_turns_are_the_groups():
    conv = pd.Series(["a", "a", "b", "c", "c", "c"], dtype="string")
    code = conv_codes(conv)
    assert code.tolist() == [0, 0, 1, 2, 2, 2]
    assert [r.tolist() for r in runs(code)] == [[0, 1], [2], [3, 4, 5]]
    assert list(runs(np.array([], dtype=np.int64))) == []


def test_runs_of_unsorted_codes_fall_back_to_groups():
    code = np.array([0, 1, 0, 2, 1])
    want = [rows.tolist() for _k, rows in groups(code)]
    assert [r.tolist() for r in runs(code)] == want == [[0, 2], [1, 4], [3]]
    # a null conversation (code -1) has no run
    assert [r.tolist() for r in runs(np.array([0, -1, 0, 1]))] == [[0, 2], [3]]


def test_parent_positions_last_row_of_an_id_null_and_absent():
    t = pd.DataFrame({"id": ["a", "b", "a", "c", "d"], "reply_to": [None, "a", "b", "zz", "c"]}).astype("string")
    got = parent_positions(t, t["id"].astype(str))
    # "a" is repeated: the last row (2) wins, as a {id: row} dict built in order
    assert got.tolist() == [-1, 2, 1, -1, 3]
    assert parent_positions(t.drop(columns="reply_to"), t["id"]).tolist() == [-1] * 5
