"""Tests of stacey/io/discourse.py with a topic written after Discourse's /t/<id>.json and the real perceval topic."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io.registry import detect, read

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "discourse"


def reconciled(res) -> None:
    assert len(res.turns) + len(res.rejects) == res.found
    ids = set(res.turns["id"])
    assert res.turns["reply_to"].dropna().isin(ids).all()
    assert not res.turns["missing_parent"].dropna().isin(ids).any()


def test_topic_posts_reply_links_and_quote_removal():
    res = read(FIX / "topic_77.json", with_rejects=True)
    assert res.format == "discourse"
    reconciled(res)
    t = res.turns.set_index("id")
    assert list(t.index) == ["77-1", "77-2", "77-3", "77-8", "77-9"]
    assert (t["conversation_id"] == "77").all() and (t["title"] == "New rota").all()
    assert t.loc["77-2", "reply_to"] == "77-1" and t.loc["77-3", "reply_to"] == "77-2"
    assert pd.isna(t.loc["77-9", "reply_to"])  # no reply_to_post_number: replies to nothing
    assert t.loc["77-8", "missing_parent"] == "77-7"  # post 7 is not in the file
    assert t.loc["77-2", "text"] == "Who covers the weekends?"  # quoted gesture removed
    assert t.loc["77-1", "text"] == "We try a new rota from Monday.\n\nComments welcome & needed."
    assert t.loc["77-1", "channel"] == "post" and t.loc["77-2", "channel"] == "comment"
    assert t.loc["77-2", "speaker"] == "ole" and t.loc["77-1", "meta.likes"] == 3
    assert t.loc["77-2", "timestamp"] == pd.Timestamp("2024-03-04 09:00", tz="UTC")
    assert t.loc["77-3", "depth"] == 2
    assert dict(zip(res.rejects["source"].str.split("#").str[1], res.rejects["reason"], strict=True)) == {
        "post_stream.posts[3]": "system", "post_stream.posts[4]": "deleted", "post_stream.posts[5]": "whisper"}


def test_keep_quotes_option():
    t = read(FIX / "topic_77.json", drop_quotes="false", with_rejects=True).turns.set_index("id")
    assert "We try a new rota from Monday." in t.loc["77-2", "text"]


def test_truncated_topic_is_a_format_error():
    assert detect(FIX / "truncated.json").name == "discourse"
    with pytest.raises(FormatError, match=r"truncated\.json, line 1, column \d+"):
        read(FIX / "truncated.json")


def test_not_a_topic(tmp_path):
    p = tmp_path / "t.json"
    p.write_text('{"post_stream": {"posts": 3}}')
    with pytest.raises(FormatError, match="'posts' to be a list"):
        read(p)


@pytest.mark.shared
def test_perceval_discourse_topic(shared_dir):
    path = shared_dir / "realdata/perceval-fixtures/tests/data/discourse/discourse_topic_1148.json"
    res = read(path, with_rejects=True)
    assert res.format == "discourse"
    reconciled(res)
    assert res.found == 20 and len(res.turns) == 20
    assert res.turns["speaker"].nunique() == 10
    assert res.turns["reply_to"].notna().sum() == 9
    assert not res.turns["text"].str.contains("<aside|<p>", regex=True).any()


def test_single_post_and_latest_posts(tmp_path):
    import json

    topic = json.loads((FIX / "topic_77.json").read_text())
    one = tmp_path / "post.json"
    one.write_text(json.dumps(topic["post_stream"]["posts"][2]))
    t = read(one, with_rejects=True).turns
    assert list(t["id"]) == ["77-3"] and t["missing_parent"].iloc[0] == "77-2"
    latest = tmp_path / "posts.json"
    latest.write_text(json.dumps({"latest_posts": [dict(p, topic_title="New rota") for p in topic["post_stream"]["posts"]]}))
    res = read(latest, with_rejects=True)
    assert res.format == "discourse" and len(res.turns) == 5 and (res.turns["title"] == "New rota").all()


def test_malformed_posts_are_rejects_and_garbage_is_an_error(tmp_path):
    p = tmp_path / "t.json"
    p.write_text('{"post_stream": {"posts": [1, {"post_number": 2}]}}')
    res = read(p, format="discourse", with_rejects=True)
    assert res.found == 2 and sorted(res.rejects["reason"]) == ["empty", "unparsable"]
    g = tmp_path / "g.json"
    g.write_bytes(b"\x00\xff\xfe\x89PNG")
    with pytest.raises(FormatError, match="expected UTF-8"):
        read(g, format="discourse")
