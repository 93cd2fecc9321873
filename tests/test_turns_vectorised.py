"""The vectorised paths of derive and problems agree with the link-by-link walk on messy tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stacey.turns import _depths_by_walking, _pointer_depths, conform, derive, index_in, problems


def _messy(seed: int, n: int = 60, *, null_conversations: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = [f"t{i}" for i in range(n)]
    if seed % 2:  # duplicated ids
        ids[rng.integers(n)] = ids[rng.integers(n)]
    reply = [None if rng.random() < 0.25 else f"t{rng.integers(n + 5)}" for _ in range(n)]  # some outside
    if seed % 3 == 0:  # a cycle and a self-reply
        reply[1], reply[2], reply[3] = "t2", "t3", "t1"
        reply[5] = "t5"
    conv = [None if null_conversations and rng.random() < 0.05 else f"c{rng.integers(4)}" for _ in range(n)]
    return conform(pd.DataFrame({
        "id": ids, "conversation_id": conv, "reply_to": reply, "speaker": "s", "text": "x", "channel": "chat",
        "source": "f", "timestamp": pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 99, n), "s"),
    }))


def _as_object(t: pd.DataFrame) -> pd.DataFrame:
    return t.assign(**{c: t[c].astype(object) for c in ("id", "reply_to", "conversation_id")})


@pytest.mark.parametrize("seed", range(12))
def test_problems_fast_path_equals_reference(seed):
    t = _messy(seed)
    fast = problems(t).sort_values(["rule", "row"]).reset_index(drop=True)
    slow = problems(_as_object(t)).sort_values(["rule", "row"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(fast, slow)
    if seed % 3 == 0:
        assert {"acyclic", "no-self-reply"} <= set(fast["rule"])


@pytest.mark.parametrize("seed", range(12))
def test_derive_depth_equals_walk(seed):
    t = _messy(seed, null_conversations=False)
    assert derive(t)["depth"].tolist() == _depths_by_walking(t).astype("int64").tolist()


def test_pointer_depths_hand_case():
    # 0 <- 1 <- 2 <- 3, 4 root, 5 <- 4
    assert _pointer_depths(np.array([-1, 0, 1, 2, -1, 4])).tolist() == [0, 1, 2, 3, 0, 1]
    assert _pointer_depths(np.array([1, 0])) is None  # a cycle


def test_index_in_nulls_and_absent():
    got = index_in(pd.Series(["b", None, "z", "a"], dtype="string"), pd.Series(["a", "b"], dtype="string"))
    assert got.tolist() == [1, -1, -1, 0]
