"""Tests of stacey/io/transcript.py on hand-written WebVTT, SRT and plain-text transcripts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io import detect, get_reader, read
from stacey.io.registry import read_head

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "transcript"


def test_teams_vtt_merges_cues_and_splits_voices() -> None:
    res = read(FIX / "styregruppe.vtt", with_rejects=True)
    assert res.format == "transcript" and detect(FIX / "styregruppe.vtt").name == "transcript"
    t, r = res.turns, res.rejects
    assert list(t["speaker"]) == ["anna holm", "bo nielsen", "anna holm", "bo nielsen", "carsten"]
    assert t["text"].iloc[0] == "Godmorgen alle sammen. Lad os starte med tidsplanen."
    assert t["text"].iloc[1] == "Tidsplanen er stram, & oplæringen mangler."
    assert t["text"].iloc[4] == "Jeg har et spørgsmål"
    assert list(t["meta.cues"]) == [2, 1, 1, 1, 1]
    assert t["meta.affiliation"].iloc[1] == "IT" and t["meta.name"].iloc[1] == "Bo Nielsen"
    assert list(t["meta.offset"]) == [3.12, 9.5, 13.0, 13.0, 16.5]
    assert t["meta.end"].iloc[0] == 9.0
    # start from the NOTE block: 09:00 at +02:00
    assert t["timestamp"].iloc[0] == pd.Timestamp("2024-05-01 07:00:03.120", tz="UTC")
    assert set(t["title"]) == {"Styregruppemøde"} and set(t["channel"]) == {"transcript"}
    assert list(t["id"]) == [f"styregruppe:{n}" for n in range(1, 6)]
    assert list(t["reply_to"].iloc[1:]) == [f"styregruppe:{n}" for n in range(1, 5)] and pd.isna(t["reply_to"].iloc[0])
    assert Counter(r["reason"]) == {"non-speech": 1, "unparsable": 1, "empty": 1}
    assert r.set_index("reason").loc["unparsable", "source"] == "styregruppe.vtt#L29"


def test_zoom_vtt_name_prefix_and_date_from_file_name() -> None:
    t = read(FIX / "zoom_2024-06-03.vtt")
    assert list(t["speaker"]) == ["dina lund", "eli", "dina lund"]
    assert t["text"].iloc[1] == "Thanks. What went well? I think the pairing helped."
    assert list(t["timestamp"]) == [pd.Timestamp("2024-06-03", tz="UTC") + pd.Timedelta(seconds=s)
                                    for s in (1.0, 4.5, 9.5)]


def test_srt_with_labels_at_speaker_changes() -> None:
    res = read(FIX / "interview.srt", with_rejects=True)
    t = res.turns
    assert list(t["meta.name"]) == ["INTERVIEWER", "Maja", "INTERVIEWER"]
    assert t["text"].iloc[0] == "How did the reorganisation start? Take your time."
    assert t["text"].iloc[1] == "It started with rumours. Then came the emails."
    assert t["meta.affiliation"].iloc[1] == "Nurse"
    assert t["timestamp"].isna().all() and list(t["meta.offset"]) == [1.0, 5.2, 12.0]
    assert list(res.rejects["reason"]) == ["unparsable"]
    start = read(FIX / "interview.srt", start="2024-03-01T10:00:00", tz="Europe/Copenhagen", with_rejects=True).turns
    assert start["timestamp"].iloc[1] == pd.Timestamp("2024-03-01 09:00:05.200", tz="UTC")


def test_plain_text_with_header_and_affiliations() -> None:
    t = read(FIX / "meeting.txt")
    assert list(t["speaker"]) == ["anna", "bo", "carsten", "anna"]
    assert t["text"].iloc[0] == "Velkommen til mødet.\nVi skal tale om den nye struktur."
    assert t["text"].iloc[1] == "Hvad betyder det for os?\nOg for kunderne?"
    assert list(t["meta.affiliation"].fillna("")) == ["Ledelse", "", "Tillidsrepræsentant", "Ledelse"]
    assert set(t["title"]) == {"Afdelingsmøde"}
    assert t["timestamp"].iloc[2] == pd.Timestamp("2024-05-02 14:05:10", tz="UTC")
    assert t["timestamp"].drop(index=2).isna().all()  # no offset, no time


def test_otter_style_and_reply_links_off() -> None:
    t = read(FIX / "otter.txt", reply_links=False)
    assert list(t["speaker"]) == ["speaker 1", "speaker 2", "speaker 1"]
    assert list(t["meta.offset"]) == [3.0, 10.0, 62.0]
    assert t["text"].iloc[1] == "Sounds good.\nLet me share my screen."
    assert t["reply_to"].isna().all()


def test_unlabelled_cues_are_one_turn_each(tmp_path: Path) -> None:
    f = tmp_path / "captions.vtt"
    f.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHello there.\n\n00:02.500 --> 00:04.000\nGeneral remarks.\n",
                 encoding="utf-8")
    t = read(f)
    assert list(t["text"]) == ["Hello there.", "General remarks."]
    assert set(t["speaker"]) == {"unknown"} and t["reply_to"].isna().all()
    assert list(t["meta.offset"]) == [1.0, 2.5]


def test_bad_input(tmp_path: Path) -> None:
    novtt = tmp_path / "x.vtt"
    novtt.write_text("00:01.000 --> 00:02.000\n<v A>hi</v>\n", encoding="utf-8")
    with pytest.raises(FormatError, match="line 1: expected the WebVTT signature"):
        read(novtt)
    empty = tmp_path / "empty.vtt"
    empty.write_text("WEBVTT\n\nNOTE nothing said\n", encoding="utf-8")
    with pytest.raises(FormatError, match="found no speech"):
        read(empty)
    cut = tmp_path / "cut.vtt"
    cut.write_bytes((FIX / "styregruppe.vtt").read_bytes()[:300])
    res = read(cut, with_rejects=True)
    assert len(res.turns) >= 1
    garbled = tmp_path / "garbled.srt"
    garbled.write_text("1\nthis is not a timing\nwords\n", encoding="utf-8")
    with pytest.raises(FormatError, match="found no speech; expected SRT cues"):
        read(garbled)


def test_sniff_leaves_other_text_alone() -> None:
    sniff = get_reader("transcript").sniff
    assert sniff(FIX / "mail_like.txt", read_head(FIX / "mail_like.txt")) == 0.0
    assert detect(FIX / "mail_like.txt").name == "eml"  # a message with RFC 5322 headers is mail
    assert sniff(FIX / "meeting.txt", read_head(FIX / "meeting.txt")) > 0.5


def test_options_from_the_command_line_are_checked() -> None:
    from stacey.errors import StaceyError

    t = read(FIX / "otter.txt", reply_links="false")
    assert t["reply_to"].isna().all()
    with pytest.raises(StaceyError, match="reply_links='perhaps'"):
        read(FIX / "otter.txt", reply_links="perhaps")
    with pytest.raises(StaceyError, match="start='soon'"):
        read(FIX / "otter.txt", start="soon")
    with pytest.raises(StaceyError, match="tz='Mars/Base'"):
        read(FIX / "otter.txt", tz="Mars/Base")


def test_mail_and_news_text_is_not_a_transcript(tmp_path: Path) -> None:
    news = tmp_path / "article.txt"
    news.write_text("Path: news.example.org!not-for-mail\nNNTP-Posting-Date: Tue, 15 Mar 2016 11:49:40 -0500\n"
                    "From: A Person <a@example.org>\nNewsgroups: example.dev\nSubject: Re: plans\n"
                    "Message-ID: <1@example.org>\n\nAnna: quoted line\nBo: another\nAnna: and one more\n",
                    encoding="utf-8")
    assert get_reader("transcript").sniff(news, read_head(news)) == 0.0
