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


def _texts(turns: pd.DataFrame) -> pd.DataFrame:
    words = ["Det går rigtig godt med projektet, tak for hjælpen!", "This is a terrible delay and I am worried.",
             "Mødet er flyttet til torsdag.", "Great work on the report, well done.", "Nej, det holder ikke.",
             "Budgettet er stramt, men vi klarer det."]
    return turns.assign(text=[words[i % len(words)] + f" ({i})" for i in range(len(turns))])


def test_annotate_on_dask_equals_pandas_and_plain_annotate(dask_engine, make_turns):
    from stacey.engine import annotate
    from stacey.text.annotate import annotate as plain

    turns = _texts(make_turns(120, seed=9))
    a = annotate(turns, engine="pandas", engine_options={"chunk_rows": 25}, cache=False)
    b = annotate(turns, engine=dask_engine, cache=False)
    pd.testing.assert_frame_equal(b, a)
    pd.testing.assert_frame_equal(a, plain(turns, cache=False, progress=False))
    assert {"lang", "sentiment", "lemmas", "n_words"} <= set(b.columns)
    assert set(b["lang"]) >= {"da", "en"}


def test_analyze_on_dask_equals_pandas(dask_engine, make_turns):
    from stacey.pipeline import analyze

    turns = _texts(make_turns(150, seed=10))
    opts = {"n_themes": 3, "n_perm": 20, "random_state": 0, "annotate_options": {"cache": False}}
    a = analyze(turns, engine="pandas", **opts)
    b = analyze(turns, engine=dask_engine, **opts)
    assert a.keys() == b.keys() and len(a) > 10
    for name in a:
        pd.testing.assert_frame_equal(b[name], a[name], obj=name)


def test_cli_analyze_engine_dask_writes_the_same_tables(make_turns, tmp_path, monkeypatch):
    from stacey.cli import main
    from stacey.io.tables import read_table

    turns = _texts(make_turns(120, seed=11))
    src = tmp_path / "turns.csv"
    turns[["id", "conversation_id", "reply_to", "speaker", "timestamp", "text", "channel"]].to_csv(src, index=False)
    common = ["analyze", str(src), "--n-themes", "3", "--n-perm", "20"]
    monkeypatch.setenv("STACEY_CACHE_DIR", str(tmp_path / "cache-p"))  # each run annotates from scratch
    assert main([*common, "-o", str(tmp_path / "p")]) == 0
    monkeypatch.setenv("STACEY_CACHE_DIR", str(tmp_path / "cache-d"))
    assert main([*common, "-o", str(tmp_path / "d"), "--engine", "dask"]) == 0
    assert (tmp_path / "cache-d" / "annotations.sqlite").exists()  # written by the Dask workers
    files = sorted(p.name for p in (tmp_path / "p").glob("*.parquet"))
    assert files == sorted(p.name for p in (tmp_path / "d").glob("*.parquet")) and "turns.parquet" in files
    for name in files:
        pd.testing.assert_frame_equal(read_table(tmp_path / "d" / name), read_table(tmp_path / "p" / name), obj=name)


def test_engine_on_a_running_scheduler_by_address(make_turns):
    from distributed import LocalCluster

    turns = make_turns(150, seed=12)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        with get_engine("dask", scheduler=cluster.scheduler_address) as eng:
            got = eng.map_conversations(turns, derive)
            assert eng._cluster is None  # connected, not started
    pd.testing.assert_frame_equal(got, derive(turns))


def _with_length(part: pd.DataFrame) -> pd.DataFrame:
    return part.assign(length=part["text"].str.len().astype("int64"))


def test_added_columns_on_dask_equal_pandas(dask_engine, make_turns):
    turns = make_turns(250, seed=13)
    a = get_engine("pandas", chunk_rows=40).map_conversations(turns, _with_length, adds_columns=True)
    b = dask_engine.map_conversations(turns, _with_length, adds_columns=True)
    pd.testing.assert_frame_equal(b, a)
