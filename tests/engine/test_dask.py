"""The Dask engine on a LocalCluster of two workers: the same tables as the pandas engine."""

from __future__ import annotations

import pandas as pd
import pytest

from stacey.engine import get_engine
from stacey.turns import derive

pytest.importorskip("distributed")


def _sizes(part: pd.DataFrame) -> pd.DataFrame:
    g = part.groupby("conversation_id", sort=True)
    return pd.DataFrame({"conversation_id": list(g.groups), "n": g.size().to_numpy(),
                         "first": g["speaker"].first().to_numpy()})


@pytest.fixture(scope="module")
def dask_engine():
    with get_engine("dask", n_workers=2, threads_per_worker=1, chunk_rows=60, memory_limit="1GiB") as eng:
        yield eng


def test_local_cluster_has_two_workers(dask_engine):
    assert len(dask_engine.client.scheduler_info()["workers"]) == 2


def test_row_wise_step_on_a_table_equals_pandas(dask_engine, make_turns):
    turns = make_turns(400, seed=5)
    pandas_out = get_engine("pandas", chunk_rows=60).map_conversations(turns, derive)
    dask_out = dask_engine.map_conversations(turns, derive)
    pd.testing.assert_frame_equal(dask_out, pandas_out)
    pd.testing.assert_frame_equal(dask_out, derive(turns))  # conversations were whole: depth and turn are right


def test_row_wise_step_on_a_parquet_dataset_equals_pandas(dask_engine, make_turns, tmp_path):
    turns = make_turns(400, seed=6)
    folder = tmp_path / "ds"
    folder.mkdir()
    turns.iloc[:150].to_parquet(folder / "part-0.parquet")
    turns.iloc[150:].to_parquet(folder / "part-1.parquet")
    pandas_out = get_engine("pandas", chunk_rows=70).map_conversations(folder, derive)
    dask_out = dask_engine.map_conversations(folder, derive)
    pd.testing.assert_frame_equal(dask_out, pandas_out)


def test_per_conversation_step_equals_pandas(dask_engine, make_turns):
    turns = make_turns(300, seed=7)
    a = get_engine("pandas", chunk_rows=40).map_conversations(turns, _sizes, sort_by=["conversation_id"])
    b = dask_engine.map_conversations(turns, _sizes, sort_by=["conversation_id"])
    pd.testing.assert_frame_equal(b, a)
    assert a["n"].sum() == len(turns)


def test_output_dataset_written_by_workers(dask_engine, make_turns, tmp_path):
    turns = make_turns(200, seed=8)
    out = dask_engine.map_conversations(turns, derive, output=tmp_path / "out")
    back = pd.read_parquet(out).sort_values("id").reset_index(drop=True)
    want = derive(turns).sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(back[want.columns], want, check_dtype=False, check_categorical=False)
