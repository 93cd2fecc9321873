"""Reader registry: detection, unknown formats, reject accounting."""

import warnings

import pytest

import stacey
from stacey.errors import UnknownFormatError
from stacey.io.registry import Reject, detect, read, reader, readers


def test_known_readers_are_registered():
    assert {"table", "convokit"} <= set(readers())


def test_detect_by_extension_and_layout(fixtures):
    assert detect(fixtures / "table" / "chat.csv").name == "table"
    assert detect(fixtures / "convokit").name == "convokit"


def test_unknown_format_lists_known_ones(tmp_path):
    f = tmp_path / "notes.xyz"
    f.write_text("nothing to see")
    with pytest.raises(UnknownFormatError, match="known formats: .*table"):
        read(f)
    with pytest.raises(UnknownFormatError, match="unknown format 'nope'"):
        read(f, format="nope")


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        read(tmp_path / "absent.csv")


def test_reader_items_reconcile_and_dangling_links_become_missing_parents(tmp_path):
    @reader("_test_items", extensions=(".items",))
    def _items(path):
        yield {"id": "1", "conversation_id": "1", "speaker": "a", "text": "x", "channel": "chat", "source": "s#1"}
        yield {"id": "2", "conversation_id": "1", "reply_to": "1", "speaker": "b", "text": "y",
               "channel": "chat", "source": "s#2"}
        yield {"id": "3", "conversation_id": "1", "reply_to": "99", "speaker": "b", "text": "z",
               "channel": "chat", "source": "s#3"}
        yield Reject("s#4", "system", "joined")

    f = tmp_path / "a.items"
    f.write_text("")
    res = read(f, with_rejects=True)
    assert res.found == 4 and len(res.turns) == 3 and len(res.rejects) == 1
    row = res.turns.set_index("id").loc["3"]
    assert row["missing_parent"] == "99" and row["reply_to"] is stacey.turns.pd.NA
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        turns = read(f)
    assert len(turns) == 3 and "1 item(s) not made turns" in str(caught[0].message)


def test_unknown_reader_option_is_named(fixtures):
    with pytest.raises(stacey.StaceyError, match="does not take that option"):
        read(fixtures / "table" / "chat.csv", colour="blue")
