"""Tests of stacey/io/reddit.py: every Reddit shape, rejects, detection and the shared real threads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io.registry import detect, read

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "reddit"


def reconciled(res) -> None:
    """turns + rejects == found, and every reply link names a turn or is kept as a missing parent."""
    assert len(res.turns) + len(res.rejects) == res.found
    ids = set(res.turns["id"])
    assert res.turns["reply_to"].dropna().isin(ids).all()
    assert not res.turns["missing_parent"].dropna().isin(ids).any()


def parents(turns: pd.DataFrame) -> dict[str, str | None]:
    link = turns["reply_to"].fillna(turns["missing_parent"])
    return {i: (None if pd.isna(p) else p) for i, p in zip(turns["id"], link, strict=True)}


def test_api_listing_pair_nested_replies_and_rejects():
    res = read(FIX / "api_thread.json", with_rejects=True)
    assert res.format == "reddit"
    reconciled(res)
    t = res.turns.set_index("id")
    assert list(t.index) == ["t3_abc123", "t1_c1", "t1_c2", "t1_c3", "t1_c5", "t1_c7"]
    assert t.loc["t3_abc123", "channel"] == "post"
    assert t.loc["t3_abc123", "text"] == "Do daily stand-ups help?\n\nWe started them last month. Mixed feelings."
    assert t.loc["t1_c3", "reply_to"] == "t1_c2" and t.loc["t1_c3", "depth"] == 3
    assert t.loc["t1_c1", "reply_to"] == "t3_abc123"
    assert (t["conversation_id"] == "t3_abc123").all()
    assert (t["title"] == "Do daily stand-ups help?").all()
    assert t.loc["t1_c2", "speaker"] == "bob"
    assert t.loc["t1_c7", "text"] == "Meetings are where work goes to die > change my mind & prove it."
    assert t.loc["t1_c2", "timestamp"] == pd.Timestamp(1709542000, unit="s", tz="UTC")
    # c5 answers the deleted c4: the link is kept as a missing parent
    assert pd.isna(t.loc["t1_c5", "reply_to"]) and t.loc["t1_c5", "missing_parent"] == "t1_c4"
    reasons = dict(zip(res.rejects["source"], res.rejects["reason"], strict=True))
    assert sorted(reasons.values()) == ["deleted", "not-loaded", "removed"]
    assert any("3 comment(s)" in d for d in res.rejects["detail"])


def test_flat_list_gives_same_structure_as_nested_api():
    api = read(FIX / "api_thread.json", with_rejects=True)
    flat = read(FIX / "flat_comments.json", with_rejects=True)
    reconciled(flat)
    assert flat.format == "reddit"
    p_api, p_flat = parents(api.turns), parents(flat.turns)
    common = set(p_api) & set(p_flat)
    assert common == set(p_flat)  # flat has no submission
    assert {k: p_api[k] for k in common} == p_flat
    # no submission in the file: top-level comments keep it as missing parent
    t = flat.turns.set_index("id")
    assert t.loc["t1_c1", "missing_parent"] == "t3_abc123"
    assert (t["conversation_id"] == "t3_abc123").all()


def test_pushshift_ndjson_rejects_bad_line_and_keeps_removed_submission_title():
    res = read(FIX / "pushshift.ndjson", with_rejects=True)
    assert res.format == "reddit"
    reconciled(res)
    rej = res.rejects.set_index("source")["reason"].to_dict()
    assert rej["pushshift.ndjson#line4"] == "unparsable"
    assert sorted(rej.values()) == ["deleted", "removed", "unparsable"]
    sub = res.turns.set_index("id").loc["t3_abc123"]
    assert sub["text"] == "Do daily stand-ups help?" and sub["meta.body_state"] == "removed"
    assert parents(res.turns)["t1_c3"] == "t1_c2"


def test_urs_structured_scrape():
    res = read(FIX / "urs_structured.json", with_rejects=True)
    reconciled(res)
    t = res.turns.set_index("id")
    assert list(t.index) == ["t3_xyz789", "t1_r1", "t1_r2", "t1_r3"]
    assert t.loc["t1_r2", "reply_to"] == "t1_r1"
    assert t.loc["t1_r1", "speaker"] == "alice"  # "u/" dropped
    assert t.loc["t1_r2", "timestamp"] == pd.Timestamp("2024-03-04 09:30:00", tz="UTC")
    assert t.loc["t3_xyz789", "text"] == "Are retros worth it?"


def test_urs_old_layout_nested():
    res = read(FIX / "urs_old_nested.json", with_rejects=True)
    reconciled(res)
    t = res.turns.set_index("id")
    assert sorted(t.index) == ["t1_o1", "t1_o2", "t1_o3", "t1_o4"]
    assert t.loc["t1_o3", "reply_to"] == "t1_o2"
    assert t.loc["t1_o1", "missing_parent"] == "t3_q1w2e3"
    assert (t["conversation_id"] == "t3_q1w2e3").all()
    assert t.loc["t1_o2", "timestamp"] == pd.Timestamp("2018-01-12 03:00:00", tz="UTC")


def test_dast_branches_deduplicated():
    res = read(FIX / "dast", with_rejects=True)
    assert res.format == "reddit"
    reconciled(res)
    # 1 submission + 5 comment copies in 2 branches (d1 twice) -> d1, d2, d3 turns; d1 duplicate; d4 deleted
    assert res.found == 6
    assert sorted(res.turns["id"]) == ["t1_d1", "t1_d2", "t1_d3", "t3_s1"]
    assert sorted(res.rejects["reason"]) == ["deleted", "duplicate"]
    t = res.turns.set_index("id")
    assert t.loc["t1_d3", "reply_to"] == "t1_d1" and t.loc["t1_d1", "reply_to"] == "t3_s1"
    assert t.loc["t1_d3", "speaker"] == "[deleted]"  # account gone, text kept
    assert t.loc["t1_d1", "meta.SDQC_Parent"] == "Querying"
    assert t.loc["t1_d1", "source"] == "topic/s1.json#branch0/0"


def test_truncated_file_is_a_format_error():
    with pytest.raises(FormatError, match=r"truncated\.json, line 1, column \d+: expected valid JSON"):
        read(FIX / "truncated.json", format="reddit")


def test_unrelated_json_is_refused(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"hello": [1, 2]}')
    with pytest.raises(FormatError, match="expected a Reddit thread"):
        read(p, format="reddit")
    assert detect(FIX / "api_thread.json").name == "reddit"


# ---------------------------------------------------------------------------- shared real data


@pytest.mark.shared
def test_urs_askreddit_flat_counts(shared_dir):
    res = read(shared_dir / "realdata/urs-reddit-threads/askreddit-2021/thread-flat.json", with_rejects=True)
    reconciled(res)
    comments_found = res.found - 1  # one submission
    assert comments_found == 2112
    rej = res.rejects["reason"].value_counts().to_dict()
    assert rej == {"deleted": 2}
    comments = res.turns[res.turns["channel"] == "comment"]
    assert len(comments) == 2110
    assert (comments["conversation_id"] == "t3_mbtjq7").all()


@pytest.mark.shared
def test_urs_askreddit_reply_count_exact(shared_dir):
    """All 596 replies of the flat file: read them without rejecting deleted ones' links."""
    import json

    raw = json.loads((shared_dir / "realdata/urs-reddit-threads/askreddit-2021/thread-flat.json").read_text())
    deleted = {c["id"] for c in raw["data"]["comments"] if c["body"] in ("[deleted]", "[removed]")}
    res = read(shared_dir / "realdata/urs-reddit-threads/askreddit-2021/thread-flat.json", with_rejects=True)
    comments = res.turns[res.turns["channel"] == "comment"]
    link = comments["reply_to"].fillna(comments["missing_parent"])
    deleted_replies = sum(1 for c in raw["data"]["comments"] if c["id"] in deleted and c["parent_id"].startswith("t1_"))
    assert int(link.str.startswith("t1_").sum()) + deleted_replies == 596
    assert deleted_replies == 2
    assert int(comments["reply_to"].str.startswith("t1_").sum()) == 589  # links to comments in the table
    assert int(comments["missing_parent"].notna().sum()) == 5  # replies to the 2 deleted comments
    assert int(comments["reply_to"].str.startswith("t3_").sum()) == 1516  # top-level
    # parents of the replies exist (as turns) unless they are the deleted comments
    missing = set(comments["missing_parent"].dropna())
    assert missing <= {"t1_" + d for d in deleted}


@pytest.mark.shared
@pytest.mark.parametrize("thread", ["askreddit-2021", "opinion-python-2018"])
def test_urs_flat_and_nested_same_reply_structure(shared_dir, thread):
    folder = shared_dir / "realdata/urs-reddit-threads" / thread
    flat = read(folder / "thread-flat.json", with_rejects=True)
    nested = read(folder / "thread-nested.json", with_rejects=True)
    reconciled(flat)
    reconciled(nested)
    pf, pn = parents(flat.turns), parents(nested.turns)
    common = set(pf) & set(pn)
    assert len(common) >= 20
    if thread == "askreddit-2021":
        assert set(pf) <= set(pn)  # the nested re-scrape holds every turn of the flat one
    assert {k: pf[k] for k in common} == {k: pn[k] for k in common}


@pytest.mark.shared
def test_dast_3007_unique_comments(shared_dir):
    res = read(shared_dir / "realdata/dast-danish-reddit/data/Datasets/DAST/raw/dataset", with_rejects=True)
    assert res.format == "reddit"
    reconciled(res)
    comments = res.turns[res.turns["channel"] == "comment"]
    assert len(comments) == 3007
    assert (res.turns["channel"] == "post").sum() == 33
    assert set(res.rejects["reason"]) == {"duplicate"}
    # the dangling links of the data set (parents not in it) are recorded, not lost
    assert comments["missing_parent"].notna().sum() == 5
    assert comments["reply_to"].notna().sum() + 5 == 3007


def test_malformed_items_are_rejects(tmp_path):
    p = tmp_path / "flat.json"
    p.write_text('[{"id": "a1", "parent_id": "t3_x", "link_id": "t3_x", "author": "x", "body": "ok", "created_utc": 1},'
                 ' 7, {"parent_id": "t3_x", "body": "no id"}, {"id": "a2", "parent_id": "t1_a1", "body": "   "}]')
    res = read(p, with_rejects=True)
    assert res.format == "reddit" and res.found == 4 and len(res.turns) == 1
    assert sorted(res.rejects["reason"]) == ["empty", "unparsable", "unparsable"]
