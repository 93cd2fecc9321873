"""Tests of stacey/io/telegram.py on hand-written Telegram Desktop exports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io import detect, read
from stacey.io.telegram import flatten_text

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"


def test_flatten_text() -> None:
    assert flatten_text("plain") == "plain"
    assert flatten_text(["a ", {"type": "bold", "text": "b"}, " ", {"type": "link", "text": "https://x"}]) \
        == "a b https://x"
    assert flatten_text(None) == "" and flatten_text([]) == ""


def test_single_chat_export() -> None:
    res = read(FIX / "result.json", with_rejects=True)
    assert res.format == "telegram" and detect(FIX / "result.json").name == "telegram"
    t, r = res.turns, res.rejects
    assert (len(t), len(r)) == (4, 6)
    assert Counter(r["reason"]) == {"system": 2, "media": 2, "empty": 1, "unparsable": 1}
    by = t.set_index("id")
    assert by.loc["1500000001:3", "text"] == "Tak @annaholm, jeg har læst agendaen grundigt"
    assert by.loc["1500000001:3", "reply_to"] == "1500000001:2"
    assert by.loc["1500000001:3", "meta.reactions"] == 3
    assert by.loc["1500000001:3", "speaker"] == "user1002" and by.loc["1500000001:3", "meta.name"] == "Bo"
    assert by.loc["1500000001:6", "meta.edited"] and by.loc["1500000001:6", "meta.media_type"] == "photo"
    assert pd.isna(by.loc["1500000001:7", "reply_to"]) and by.loc["1500000001:7", "missing_parent"] == "1500000001:99"
    assert by.loc["1500000001:7", "meta.forwarded_from"] == "Nyhedskanal"
    assert by.loc["1500000001:2", "timestamp"] == pd.Timestamp(1714554000, unit="s", tz="UTC")
    assert set(t["title"]) == {"Styregruppen"} and set(t["conversation_id"]) == {"1500000001"}


def test_account_export_with_chat_list() -> None:
    t = read(FIX / "account_export.json")
    assert list(t["id"]) == ["1002:10", "1002:11", "1001:10"]
    assert t.set_index("id").loc["1002:11", "reply_to"] == "1002:10"
    assert t.groupby("conversation_id").size().to_dict() == {"1001": 1, "1002": 2}
    # old exports have only the local "date": UTC unless a zone is named
    assert t["timestamp"].iloc[0] == pd.Timestamp("2024-06-01 10:00", tz="UTC")
    cph = read(FIX / "account_export.json", tz="Europe/Copenhagen")
    assert cph["timestamp"].iloc[0] == pd.Timestamp("2024-06-01 08:00", tz="UTC")


def test_folder_with_result_json(tmp_path: Path) -> None:
    (tmp_path / "ChatExport_2024-05-01").mkdir()
    target = tmp_path / "ChatExport_2024-05-01" / "result.json"
    target.write_bytes((FIX / "result.json").read_bytes())
    assert detect(target.parent).name == "telegram"
    assert len(read(target.parent, with_rejects=True).turns) == 4


def test_bad_input(tmp_path: Path) -> None:
    cut = tmp_path / "result.json"
    cut.write_bytes((FIX / "result.json").read_bytes()[:700])
    with pytest.raises(FormatError, match=r"result.json, line \d+, column \d+: expected a Telegram.*truncated"):
        read(cut, format="telegram")
    other = tmp_path / "other.json"
    other.write_text('{"items": []}', encoding="utf-8")
    with pytest.raises(FormatError, match=r"\$: expected a Telegram Desktop JSON export"):
        read(other, format="telegram")
