"""The pandas engine: whole conversations per chunk, input order back, Parquet datasets in buckets."""

from __future__ import annotations

import pandas as pd
import pytest

from stacey.engine import engines, get_engine
from stacey.engine.pandas import bucket_of, conversation_chunks
from stacey.errors import StaceyError
from stacey.turns import derive


def _sizes(part: pd.DataFrame) -> pd.DataFrame:
    """Not row-wise: one row per conversation with its size and first speaker."""
    g = part.groupby("conversation_id", sort=True)
    return pd.DataFrame({"conversation_id": list(g.groups), "n": g.size().to_numpy(),
                         "first": g["speaker"].first().to_numpy()})


def test_chunks_never_split_a_conversation():
    keys = pd.Series(["a", "b", "a", "c", "b", "d", "a"])
    chunks = conversation_chunks(keys, 2)
    for k in keys.unique():
        assert len(set(chunks[(keys == k).to_numpy()])) == 1
    # by the row where each conversation starts (a at 0, b at 3, c at 5, d at 6), integer-divided by 2
    assert chunks.tolist() == [0, 1, 0, 2, 1, 3, 0]


def test_bucket_is_stable_and_in_range():
    keys = pd.Series([f"c{i}" for i in range(100)] + [None])
    b = bucket_of(keys, 7)
    assert b.min() >= 0 and b.max() < 7
    assert (b == bucket_of(keys, 7)).all()
    assert len(set(b)) > 3


def test_row_wise_step_equals_whole_table(tmp_path, make_turns):
    turns = make_turns(300, seed=1)
    ref = derive(turns)
    got = get_engine("pandas", chunk_rows=37).map_conversations(turns, derive)
    pd.testing.assert_frame_equal(got, ref)


def test_parquet_dataset_in_buckets_equals_whole_table(tmp_path, make_turns):
    turns = make_turns(300, seed=2)
    folder = tmp_path / "ds"
    folder.mkdir()
    turns.iloc[:120].to_parquet(folder / "a.parquet")
    turns.iloc[120:].to_parquet(folder / "b.parquet")
    ref = derive(pd.concat([pd.read_parquet(folder / "a.parquet"), pd.read_parquet(folder / "b.parquet")],
                           ignore_index=True))
    got = get_engine("pandas", chunk_rows=50, tmpdir=tmp_path).map_conversations(folder, derive)
    pd.testing.assert_frame_equal(got, ref)
    assert [p.name for p in tmp_path.iterdir()] == ["ds"]  # buckets removed


def test_other_step_sorted_and_written(tmp_path, make_turns):
    turns = make_turns(200, seed=3)
    ref = _sizes(turns).sort_values("conversation_id").reset_index(drop=True)
    eng = get_engine("pandas", chunk_rows=30)
    got = eng.map_conversations(turns, _sizes, sort_by=["conversation_id"])
    pd.testing.assert_frame_equal(got, ref, check_dtype=False)
    out = eng.map_conversations(turns, derive, output=tmp_path / "out")
    back = pd.read_parquet(out).sort_values("id").reset_index(drop=True)
    want = derive(turns).sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(back[want.columns], want, check_dtype=False, check_categorical=False)


def test_registry_names_engines_and_refuses_unknown():
    assert {"pandas", "dask"} <= set(engines())
    with pytest.raises(StaceyError, match="unknown engine 'spark'.*pandas"):
        get_engine("spark")


def _with_length(part: pd.DataFrame) -> pd.DataFrame:
    return part.assign(length=part["text"].str.len().astype("int64"))


def test_added_columns_are_joined_to_the_input(make_turns):
    turns = make_turns(250, seed=4)
    eng = get_engine("pandas", chunk_rows=40)
    joined = eng.map_conversations(turns, _with_length, adds_columns=True)
    pd.testing.assert_frame_equal(joined, _with_length(turns))
    with pytest.raises(ValueError, match="not row-wise"):
        eng.map_conversations(turns, _sizes, adds_columns=True)
