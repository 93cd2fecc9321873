"""Tests of stacey/io/facebook.py with a small "Download your information" export written after its layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io.facebook import repair_mojibake
from stacey.io.registry import detect, read

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "facebook"


def reconciled(res) -> None:
    assert len(res.turns) + len(res.rejects) == res.found
    ids = set(res.turns["id"])
    assert res.turns["reply_to"].dropna().isin(ids).all()


def test_repair_mojibake():
    assert repair_mojibake("L\u00c3\u00a6rke \u00c3\u0086bel\u00c3\u00b8") == "Lærke Æbelø"
    assert repair_mojibake("\u00f0\u009f\u0091\u008d") == "👍"
    assert repair_mojibake("café") == "café"  # genuine Latin-1 text that is not UTF-8 bytes: left alone
    assert repair_mojibake("Æblehuset ✓") == "Æblehuset ✓"  # already right
    assert repair_mojibake({"a\u00c3\u00a6": ["\u00c3\u00b8", 1]}) == {"aæ": ["ø", 1]}


def test_export_folder_posts_comments_and_replies():
    res = read(FIX / "export", with_rejects=True)
    assert res.format == "facebook"
    reconciled(res)
    assert res.found == 9  # 3 posts, 3 nested comments/replies, 3 comments of comments.json; likes.json skipped
    t = res.turns.set_index("id")
    assert sorted(t.index) == ["fb-comment-1", "fb-comment-2", "fb-comment-4", "fb-comment-5", "fb-post-1", "fb-post-3"]
    assert t.loc["fb-post-1", "text"] == "Vi åbner nyt kontor i Århus – hvad skal det hedde?"
    assert t.loc["fb-post-1", "speaker"] == "Lærke Æbelø"  # from profile_information.json
    assert t.loc["fb-post-1", "timestamp"] == pd.Timestamp(1709539200, unit="s", tz="UTC")
    assert t.loc["fb-comment-4", "reply_to"] == "fb-post-1" and t.loc["fb-comment-4", "speaker"] == "Søren Ø"
    assert t.loc["fb-comment-5", "reply_to"] == "fb-comment-4"
    assert (t.loc[["fb-comment-4", "fb-comment-5"], "conversation_id"] == "fb-post-1").all()
    # comments.json does not say which post: own conversation, target kept
    assert t.loc["fb-comment-2", "conversation_id"] == "fb-comment-2" and pd.isna(t.loc["fb-comment-2", "reply_to"])
    assert t.loc["fb-comment-2", "meta.target"] == "comment" and t.loc["fb-comment-2", "meta.group"] == "Kontorfolk"
    assert t.loc["fb-comment-2", "text"] == "Enig 👍"
    assert t.loc["fb-post-3", "meta.tags"] == "Søren Ø"
    assert sorted(res.rejects["reason"]) == ["empty", "empty", "empty"]
    assert res.rejects["detail"].str.contains("photo_1.jpg").any()


def test_single_comments_file_older_key_and_owner_from_title(tmp_path):
    res = read(FIX / "comments_old.json", with_rejects=True)
    assert res.format == "facebook" and len(res.turns) == 2
    posts = FIX / "export/your_activity_across_facebook/posts/your_posts_1.json"
    t = read(posts, with_rejects=True).turns.set_index("id")
    assert t.loc["fb-post-1", "speaker"] == "Lærke Æbelø"  # parsed from "... updated her status."
    t = read(posts, owner="Page Owner", with_rejects=True).turns.set_index("id")
    assert t.loc["fb-post-1", "speaker"] == "Page Owner"
    raw = read(posts, repair_encoding="false", with_rejects=True).turns.set_index("id")
    assert "Ã" in raw.loc["fb-post-1", "text"]


def test_truncated_file():
    with pytest.raises(FormatError, match=r"truncated_posts\.json, line \d+, column \d+"):
        read(FIX / "truncated_posts.json", format="facebook")


def test_json_of_another_shape(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"a": 1, "b": 2}')
    with pytest.raises(FormatError, match="expected Facebook posts"):
        read(p, format="facebook")
    assert detect(FIX / "comments_old.json").name == "facebook"
