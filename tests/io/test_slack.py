"""Tests of stacey/io/slack.py on a hand-written export (folder and zip) and the perceval API samples."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError, UnknownFormatError
from stacey.io import detect, get_reader, read
from stacey.io.registry import read_head
from stacey.io.slack import render_slack_text

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "slack" / "export"


def _shared() -> Path | None:
    env = os.environ.get("STACEY_SHARED")
    for cand in ([Path(env)] if env else []) + [Path(__file__).resolve().parents[2] / ".." / "shared"]:
        if cand.resolve().is_dir():
            return cand.resolve()
    return None


def _zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, prefix + f.relative_to(folder).as_posix())
    return target


def test_render_slack_text() -> None:
    users = {"U1": "anna"}
    chans = {"C9": "random"}
    assert render_slack_text("hi <@U1> and <@U2|bo>", users) == "hi @anna and @bo"
    assert render_slack_text("see <#C1|general> <#C9>", None, chans) == "see #general #random"
    assert render_slack_text("<https://x.org/a?b=1&amp;c=2|the doc> <https://x.org>") == "the doc https://x.org"
    assert render_slack_text("<mailto:a@b.org> <!here> <!subteam^S1|@devs> <!date^1392734382^{date}|Feb 18>") \
        == "a@b.org @here @devs Feb 18"
    assert render_slack_text("1 &lt; 2 &amp;&amp; 3 &gt; 2") == "1 < 2 && 3 > 2"


def test_folder_export_turns_rejects_and_links() -> None:
    res = read(FIX, with_rejects=True)
    assert res.format == "slack"
    t, r = res.turns, res.rejects
    assert (len(t), len(r), res.found) == (7, 9, 16)
    assert Counter(r["reason"]) == {"join": 1, "leave": 1, "bot": 2, "system": 1, "media": 1, "deleted": 1,
                                    "duplicate": 1, "unparsable": 1}
    first = t.set_index("id").loc["general:1714554060.000200"]
    assert first["text"] == ("Good morning @channel, the plan for #projekt is in the plan doc & the wiki "
                             "https://example.org/wiki")
    assert first["speaker"] == "anna" and first["meta.name"] == "Anna H" and first["title"] == "#general"
    assert first["meta.reactions"] == 3 and first["meta.reply_count"] == 2
    assert pd.isna(first["reply_to"]) and first["channel"] == "chat" and first["conversation_id"] == "general"
    assert first["timestamp"] == pd.Timestamp("2024-05-01 09:01:00.000200", tz="UTC")
    reply = t.set_index("id").loc["general:1714554120.000300"]
    assert reply["reply_to"] == "general:1714554060.000200"
    assert reply["text"] == "Thanks @anna! I have a question <about the deadline>"
    assert reply["speaker"] == "bo.nielsen" and reply["meta.name"] == "Bo Nielsen"
    broadcast = t.set_index("id").loc["general:1714554180.000400"]
    assert broadcast["meta.subtype"] == "thread_broadcast" and broadcast["reply_to"] == "general:1714554060.000200"
    assert t.set_index("id").loc["general:1714640400.000100", "meta.edited"]
    orphan = t.set_index("id").loc["projekt:1714557720.000300"]
    assert pd.isna(orphan["reply_to"]) and orphan["missing_parent"] == "projekt:1714000000.000000"
    assert set(t["conversation_id"]) == {"general", "projekt"}
    assert (t.loc[t["reply_to"].notna(), "depth"] == 1).all()


def test_zip_export_reads_like_the_folder(tmp_path: Path) -> None:
    folder = read(FIX, with_rejects=True)
    for prefix in ("", "Acme Slack export May 1 2024/"):
        z = _zip_folder(FIX, tmp_path / f"export{len(prefix)}.zip", prefix)
        assert detect(z).name == "slack"
        res = read(z, with_rejects=True)
        cols = ["id", "reply_to", "speaker", "timestamp", "text"]
        pd.testing.assert_frame_equal(res.turns[cols], folder.turns[cols])
        assert sorted(res.rejects["reason"]) == sorted(folder.rejects["reason"])
        assert res.turns["source"].str.startswith(f"{z.name}:{prefix}general/").any()


def test_zip_with_path_traversal_is_refused(tmp_path: Path) -> None:
    z = _zip_folder(FIX, tmp_path / "evil.zip")
    with zipfile.ZipFile(z, "a") as zf:
        zf.writestr("../../outside.json", "[]")
    with pytest.raises(FormatError, match="path traversal"):
        read(z, format="slack")


def test_malformed_pieces(tmp_path: Path) -> None:
    exp = tmp_path / "exp"
    shutil.copytree(FIX, exp)
    (exp / "general" / "2024-05-02.json").write_text('[{"type": "message", "user": "U01ANNA", "te', encoding="utf-8")
    res = read(exp, with_rejects=True)
    bad = res.rejects[res.rejects["source"].str.endswith("2024-05-02.json")]
    assert list(bad["reason"]) == ["unparsable"] and "line 1" in bad["detail"].iloc[0]
    (exp / "users.json").write_text("[{", encoding="utf-8")
    with pytest.raises(FormatError, match=r"users.json, line 1"):
        read(exp)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "users.json").write_text("[]", encoding="utf-8")
    with pytest.raises(FormatError, match="expected a Slack export"):
        read(empty, format="slack")


def test_api_response_is_not_an_export(tmp_path: Path) -> None:
    f = tmp_path / "history.json"
    f.write_text('{"ok": true, "messages": [{"type": "message", "text": "hi", "ts": "1.0"}]}', encoding="utf-8")
    assert get_reader("slack").sniff(f, read_head(f)) == 0.0
    with pytest.raises(FormatError, match="Web API response"):
        read(f, format="slack")


@pytest.mark.shared
def test_perceval_slack_samples_are_api_responses() -> None:
    shared = _shared()
    if shared is None:
        pytest.skip("../shared is absent (set STACEY_SHARED)")
    folder = shared / "realdata" / "perceval-fixtures" / "tests" / "data" / "slack"
    files = sorted(folder.glob("*.json"))
    assert len(files) >= 10
    sniff = get_reader("slack").sniff
    for f in files:
        assert sniff(f, read_head(f)) == 0.0, f.name
        with pytest.raises(FormatError, match="Web API response|expected a Slack export"):
            read(f, format="slack")
    with pytest.raises((FormatError, UnknownFormatError)):
        read(folder, format="slack")
