"""Tests of stacey/io/linkedin.py with a messages.csv written after LinkedIn's data export layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io.registry import detect, read

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"


def test_messages_csv():
    res = read(FIX / "messages.csv", with_rejects=True)
    assert res.format == "linkedin"  # beats the generic CSV reader
    assert len(res.turns) + len(res.rejects) == res.found == 10
    t = res.turns
    assert len(t) == 3
    assert t["reply_to"].isna().all()  # linear chats: no reply links
    rota = t[t["conversation_id"] == "2-abc=="].sort_values("turn")
    assert list(rota["speaker"]) == ["lea-leder", "ole-olsen-12"]  # ordered by time, not file order
    assert list(rota["meta.name"]) == ["Lea Leder", "Ole Olsen"]
    assert rota["text"].iloc[1] == "Sounds good.\nSee you Monday."
    assert rota["timestamp"].iloc[0] == pd.Timestamp("2024-03-04 09:00", tz="UTC")
    assert (rota["title"] == "Rota").all() and (rota["channel"] == "message").all()
    inmail = t[t["conversation_id"] == "2-def=="].iloc[0]
    assert inmail["text"] == "Hi Lea,\n\nAre you open to new roles?"  # HTML rendered
    assert inmail["title"] == "An opportunity"  # no conversation title: the subject
    assert t["id"].str.fullmatch(r"li-[0-9a-f]{16}").all()
    assert sorted(res.rejects["reason"]) == ["bad-row", "bad-timestamp", "draft", "duplicate", "empty",
                                             "no-conversation", "spam"]


def test_ids_stable_across_runs():
    a = read(FIX / "messages.csv", with_rejects=True).turns["id"].tolist()
    b = read(FIX / "messages.csv", with_rejects=True).turns["id"].tolist()
    assert a == b


def test_folder_and_missing_columns(tmp_path):
    assert detect(FIX).name == "linkedin"
    p = tmp_path / "messages.csv"
    p.write_text("CONVERSATION ID,FROM,DATE\n1,a,2024-01-01\n")
    with pytest.raises(FormatError, match="missing CONTENT"):
        read(p, format="linkedin")


def test_not_utf8(tmp_path):
    p = tmp_path / "messages.csv"
    p.write_bytes("CONVERSATION ID,FROM,DATE,CONTENT\n1,S\xf8ren,2024-01-01,hej\n".encode("latin-1"))
    with pytest.raises(FormatError, match="expected UTF-8"):
        read(p, format="linkedin")
