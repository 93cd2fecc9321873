"""Writing tables: Parquet in row groups reads back as the table written."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from stacey.io import tables
from stacey.io.tables import read_table, write_table
from stacey.turns import conform, derive


def _turns(n: int) -> pd.DataFrame:
    return derive(conform(pd.DataFrame({
        "id": [f"t{i}" for i in range(n)], "conversation_id": [f"t{i - i % 5}" for i in range(n)],
        "reply_to": [None if i % 5 == 0 else f"t{i - 1}" for i in range(n)], "speaker": [f"s{i % 7}" for i in range(n)],
        "timestamp": pd.date_range("2024-01-01", periods=n, freq="min", tz="UTC"),
        "text": [f"tekst {i}" for i in range(n)], "channel": ["mail" if i % 3 else "chat" for i in range(n)],
        "source": "x", "meta.likes": [i if i % 4 else None for i in range(n)],
        "meta.mixed": [{"a": i} if i % 2 else "plain" for i in range(n)],
    })))


def test_parquet_in_row_groups_reads_back_equal(tmp_path, monkeypatch):
    turns = _turns(2503)
    write_table(turns, tmp_path / "whole.parquet")
    monkeypatch.setattr(tables, "ROWS_PER_GROUP", 500)
    write_table(turns, tmp_path / "groups.parquet")
    assert pq.ParquetFile(tmp_path / "groups.parquet").num_row_groups == 6
    assert pq.ParquetFile(tmp_path / "whole.parquet").num_row_groups == 1
    pd.testing.assert_frame_equal(read_table(tmp_path / "groups.parquet"), read_table(tmp_path / "whole.parquet"))
    back = read_table(tmp_path / "groups.parquet")
    assert back["meta.mixed"].iloc[1] == '{"a": 1}' and back["meta.mixed"].iloc[0] == '"plain"'
    assert len(back) == len(turns) and back["id"].tolist() == turns["id"].tolist()
