"""Tests of stacey/io/discord.py on a hand-written DiscordChatExporter JSON file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io import detect, get_reader, read
from stacey.io.registry import read_head

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "discord" / "general.json"
CH = "910000000000000001"


def test_channel_export() -> None:
    res = read(FIX, with_rejects=True)
    assert res.format == "discord" and detect(FIX).name == "discord"
    t, r = res.turns, res.rejects
    assert (len(t), len(r), res.found) == (4, 5, 9)
    assert Counter(r["reason"]) == {"system": 3, "bot": 1, "media": 1}
    by = t.set_index("id")
    first = by.loc[f"{CH}:1002"]
    assert first["speaker"] == "anna_h" and first["meta.name"] == "Anna" and first["title"] == "#generelt"
    assert first["timestamp"] == pd.Timestamp("2024-05-01 07:05", tz="UTC")
    assert first["meta.reactions"] == 3 and first["meta.edited"] and first["meta.guild"] == "Forening"
    reply = by.loc[f"{CH}:1003"]
    assert reply["reply_to"] == f"{CH}:1002" and reply["text"] == "@Anna Det er fint, men lidt langt væk"
    assert reply["timestamp"] == pd.Timestamp("2024-05-01 07:07:30.123", tz="UTC")
    orphan = by.loc[f"{CH}:1007"]
    assert pd.isna(orphan["reply_to"]) and orphan["missing_parent"] == f"{CH}:999"
    forward = by.loc[f"{CH}:1008"]
    assert forward["meta.forwarded"] and pd.isna(forward["reply_to"]) and pd.isna(forward["missing_parent"])
    assert forward["text"] == "Generalforsamling den 20. maj"
    assert set(t["conversation_id"]) == {CH}


def test_other_json_is_not_claimed(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text('{"channel": "general", "messages": []}', encoding="utf-8")
    assert get_reader("discord").sniff(f, read_head(f)) == 0.0
    with pytest.raises(FormatError, match=r"\$: expected a DiscordChatExporter JSON object"):
        read(f, format="discord")


def test_truncated_file(tmp_path: Path) -> None:
    f = tmp_path / "cut.json"
    f.write_bytes(FIX.read_bytes()[:1500])
    with pytest.raises(FormatError, match=r"cut.json, line \d+, column \d+: expected a DiscordChatExporter"):
        read(f)
