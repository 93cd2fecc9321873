"""Tests of stacey/io/wordpress.py with a WXR 1.2 file written after WordPress's export layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io.registry import detect, read

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "wordpress"


def reconciled(res) -> None:
    assert len(res.turns) + len(res.rejects) == res.found
    ids = set(res.turns["id"])
    assert res.turns["reply_to"].dropna().isin(ids).all()


def test_posts_and_approved_comments():
    res = read(FIX / "blog.xml", with_rejects=True)
    assert res.format == "wordpress"
    reconciled(res)
    assert res.found == 11
    t = res.turns.set_index("id")
    assert list(t.index) == ["post-10", "comment-100", "comment-101"]
    assert (t["conversation_id"] == "post-10").all() and (t["title"] == "Ny mødestruktur").all()
    assert t.loc["comment-100", "reply_to"] == "post-10"
    assert t.loc["comment-101", "reply_to"] == "comment-100"
    # speaker: lower-cased e-mail; post author's via wp:author; display name in meta.name
    assert t.loc["post-10", "speaker"] == "leder@example.org" and t.loc["post-10", "meta.name"] == "Lea Leder"
    assert t.loc["comment-100", "speaker"] == "ole@example.org" and t.loc["comment-100", "meta.name"] == "Ole Olsen"
    assert t.loc["post-10", "text"] == "Fra næste uge holder vi korte stand-ups.\n\nHvad tænker I?"
    assert t.loc["comment-100", "timestamp"] == pd.Timestamp("2024-03-04 09:15", tz="UTC")  # the GMT date
    assert t.loc["post-10", "channel"] == "post" and t.loc["comment-101", "channel"] == "comment"
    reasons = res.rejects["reason"].tolist()
    assert reasons == ["unapproved", "spam", "pingback", "trash", "not-a-post", "not-a-post", "not-a-post", "draft"]


def test_options_unapproved_pages_drafts():
    res = read(FIX / "blog.xml", with_rejects=True, include_unapproved=True, post_types="post,page",
               include_drafts=True)
    reconciled(res)
    t = res.turns.set_index("id")
    assert {"comment-102", "post-11", "comment-110", "post-13"} <= set(t.index)
    assert t.loc["comment-102", "speaker"] == "Anonym"  # no e-mail: the name
    assert t.loc["comment-102", "reply_to"] == "comment-100"
    # a draft has no GMT date: its local date is used
    assert t.loc["post-13", "timestamp"] == pd.Timestamp("2024-03-10 09:00", tz="UTC")
    assert sorted(res.rejects["reason"]) == ["not-a-post", "pingback", "spam", "trash"]


def test_truncated_xml_names_line_and_column():
    assert detect(FIX / "truncated.xml").name == "wordpress"
    with pytest.raises(FormatError, match=r"truncated\.xml, line \d+, column \d+: expected well-formed WXR XML"):
        read(FIX / "truncated.xml")


def test_entity_expansion_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                    '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&b;</title>'
                    '<wp:post_id>1</wp:post_id></item></channel></rss>')
    with pytest.raises(FormatError, match="refused unsafe XML"):
        read(bomb, format="wordpress")


def test_external_entity_is_refused(tmp_path):
    xxe = tmp_path / "xxe.xml"
    xxe.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                   '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&x;</title>'
                   '<wp:post_id>1</wp:post_id></item></channel></rss>')
    with pytest.raises(FormatError, match="refused unsafe XML"):
        read(xxe, format="wordpress")


def test_not_wxr(tmp_path):
    p = tmp_path / "feed.xml"
    p.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    with pytest.raises(FormatError, match="expected a WXR file"):
        read(p, format="wordpress")
