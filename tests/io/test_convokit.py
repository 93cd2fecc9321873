"""ConvoKit corpus folders in and out."""

import json

from stacey.io.convokit import to_convokit
from stacey.io.registry import read


def test_reads_modern_and_old_field_names(fixtures):
    res = read(fixtures / "convokit", with_rejects=True)
    t = res.turns.set_index("id")
    assert res.format == "convokit"
    assert list(res.rejects["reason"]) == ["empty"]
    assert res.found == 4
    assert t.loc["u3", "speaker"] == "carol" and t.loc["u3", "conversation_id"] == "u1"
    assert t.loc["u2", "reply_to"] == "u1"
    assert t.loc["u1", "meta.score"] == 3
    assert t.loc["u1", "meta.speaker.role"] == "manager"
    assert t.loc["u2", "meta.conversation.topic"] == "forum"


def test_round_trip_through_export(fixtures, tmp_path):
    turns = read(fixtures / "convokit", with_rejects=True).turns
    folder = to_convokit(turns, tmp_path / "corpus")
    for name in ("utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json"):
        assert (folder / name).is_file()
    speakers = json.loads((folder / "speakers.json").read_text())
    assert speakers["alice"]["meta"]["role"] == "manager"
    again = read(folder)
    cols = ["id", "conversation_id", "reply_to", "speaker", "timestamp", "text"]
    assert again[cols].equals(turns[cols])
    assert again.set_index("id").loc["u1", "meta.score"] == 3
