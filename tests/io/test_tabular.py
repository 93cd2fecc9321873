"""Tabular reader: CSV, JSONL, Parquet with a column mapping."""

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io.registry import read
from stacey.io.tabular import parse_mapping

MAP = "id=msg_id,speaker=author,reply_to=parent,timestamp=sent,text=body"


def test_parse_mapping():
    assert parse_mapping("text=body, speaker=author") == {"text": "body", "speaker": "author"}
    with pytest.raises(ValueError, match="TURN_COLUMN=INPUT_COLUMN"):
        parse_mapping("text")


def test_csv_with_mapping(fixtures):
    res = read(fixtures / "table" / "chat.csv", mapping=MAP, with_rejects=True)
    t = res.turns.set_index("id")
    assert res.found == 4 and res.rejects.empty
    assert t.loc["m3", "reply_to"] == "m2"
    assert set(t["conversation_id"]) == {"m1"}  # root of the reply chain
    assert t.loc["m2", "timestamp"] == pd.Timestamp("2024-03-01T08:05:00Z")  # +01:00 to UTC
    assert t.loc["m4", "timestamp"] == pd.Timestamp(1709290800, unit="s", tz="UTC")  # Unix seconds
    assert t.loc["m1", "meta.likes"] == "3"
    assert t.loc["m1", "source"] == "chat.csv#1"
    assert t.loc["m3", "depth"] == 2


def test_partly_bad_csv_keeps_good_rows_and_rejects_the_rest(fixtures):
    res = read(fixtures / "table" / "partly_bad.csv", mapping=MAP, with_rejects=True)
    reasons = dict(zip(res.rejects["source"], res.rejects["reason"]))
    assert reasons == {
        "partly_bad.csv#3": "bad-timestamp",
        "partly_bad.csv#4": "no-speaker",
        "partly_bad.csv#5": "empty",
        "partly_bad.csv#6": "duplicate",
        "partly_bad.csv#7": "bad-row",
    }
    assert sorted(res.turns["id"]) == ["m1", "m2", "m7"]
    assert res.found == 8 == len(res.turns) + len(res.rejects)
    m7 = res.turns.set_index("id").loc["m7"]
    assert m7["missing_parent"] == "m9"


def test_malformed_csv_names_file_and_line(fixtures):
    with pytest.raises(FormatError, match=r"malformed\.csv, line \d+: expected well-formed CSV"):
        read(fixtures / "table" / "malformed.csv")


def test_missing_mapped_column_is_named(fixtures):
    with pytest.raises(FormatError, match=r"chat\.csv, header: expected column\(s\) \['writer'\]"):
        read(fixtures / "table" / "chat.csv", mapping="speaker=writer,text=body")


def test_jsonl_rejects_bad_lines_and_keeps_nested_values(fixtures):
    res = read(fixtures / "table" / "posts.jsonl", with_rejects=True)
    assert list(res.turns["id"]) == ["p1", "p2"]
    assert list(res.rejects["reason"]) == ["unparsable", "unparsable"]
    assert res.rejects["detail"].str.contains("line 3").any()
    assert res.turns.set_index("id").loc["p1", "meta.tags"] == '["a", "b"]'


def test_jsonl_that_is_not_jsonl_is_an_error(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text("not json\nalso not\n")
    with pytest.raises(FormatError, match=r"x\.jsonl, line 1"):
        read(f)


def test_parquet_turn_table_round_trip(fixtures, tmp_path):
    from stacey.io.tables import write_table

    turns = read(fixtures / "table" / "chat.csv", mapping=MAP)
    out = write_table(turns, tmp_path / "t.parquet")
    again = read(out)
    cols = ["id", "conversation_id", "reply_to", "speaker", "timestamp", "text", "source", "turn", "depth"]
    pd.testing.assert_frame_equal(again[cols], turns[cols])
