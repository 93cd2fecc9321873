"""The turn-table schema: conform, derive, validate."""

import pandas as pd
import pytest

from stacey.errors import SchemaError
from stacey.turns import COLUMNS, conform, derive, empty_turns, from_records, problems, validate


def _table(**overrides):
    rows = [
        {"id": "a", "conversation_id": "a", "reply_to": None, "speaker": "ann", "timestamp": "2024-01-01T10:00:00Z",
         "text": "Hej", "channel": "chat", "title": None, "source": "f#1"},
        {"id": "b", "conversation_id": "a", "reply_to": "a", "speaker": "bo", "timestamp": "2024-01-01T09:00:00+00:00",
         "text": "Hej selv", "channel": "chat", "title": None, "source": "f#2"},
        {"id": "c", "conversation_id": "a", "reply_to": "b", "speaker": "ann", "timestamp": None,
         "text": "Godt", "channel": "chat", "title": None, "source": "f#3", "meta.likes": 2},
    ]
    for k, v in overrides.items():
        rows[int(k[1:])].update(v)
    return from_records(rows)


def test_conform_gives_documented_columns_and_dtypes():
    t = _table()
    assert list(t.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert str(t["timestamp"].dtype) == "datetime64[ns, UTC]"
    assert t["channel"].dtype == "category"
    assert t["id"].dtype == "string"
    assert "meta.likes" in t.columns
    assert empty_turns().shape == (0, len(COLUMNS))


def test_conform_does_not_change_its_input():
    raw = pd.DataFrame({"id": ["x"], "conversation_id": ["x"], "speaker": ["s"], "text": ["t"],
                        "channel": ["chat"], "source": ["f"], "timestamp": ["2024-01-01"]})
    before = raw.copy()
    conform(raw)
    pd.testing.assert_frame_equal(raw, before)


def test_derive_turn_by_time_and_depth_by_reply_tree():
    t = derive(_table())
    # b is earliest, a next, c has no time and comes last
    assert t.set_index("id")["turn"].to_dict() == {"a": 1, "b": 0, "c": 2}
    assert t.set_index("id")["depth"].to_dict() == {"a": 0, "b": 1, "c": 2}


def test_valid_table_passes():
    t = derive(_table())
    assert problems(t).empty
    assert validate(t) is t


@pytest.mark.parametrize(
    ("overrides", "rule", "row"),
    [
        ({"r1": {"id": "a"}}, "unique", 1),
        ({"r2": {"reply_to": "zzz"}}, "reply-exists", 2),
        ({"r1": {"reply_to": "b"}}, "no-self-reply", 1),
        ({"r0": {"speaker": None}}, "not-null", 0),
        ({"r2": {"conversation_id": "other"}}, "same-conversation", 2),
    ],
)
def test_validator_names_row_and_rule(overrides, rule, row):
    found = problems(_table(**overrides))
    hit = found[found["rule"] == rule]
    assert list(hit["row"]) == [row]
    with pytest.raises(SchemaError, match=f"row {row}"):
        validate(_table(**overrides))


def test_validator_finds_cycles():
    t = _table(r0={"reply_to": "c"})
    found = problems(t)
    assert set(found.loc[found["rule"] == "acyclic", "id"]) == {"a", "b", "c"}


def test_validator_reports_missing_column():
    t = _table().drop(columns=["speaker"])
    found = problems(t)
    assert list(found["rule"]) == ["required"] and "speaker" in found["message"][0]
