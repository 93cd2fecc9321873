"""Tests of stacey/io/whatsapp.py on hand-written exports and the public format samples."""

from __future__ import annotations

import os
import re
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError, UnknownFormatError
from stacey.io import detect, get_reader, read
from stacey.io.registry import read_head
from stacey.io.whatsapp import chat_title

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
DA = FIX / "WhatsApp-chat med Projektgruppen.txt"
EN = FIX / "WhatsApp Chat - Team Alpha.txt"


def _shared() -> Path | None:
    env = os.environ.get("STACEY_SHARED")
    for cand in ([Path(env)] if env else []) + [Path(__file__).resolve().parents[2] / ".." / "shared"]:
        if cand.resolve().is_dir():
            return cand.resolve()
    return None


def test_danish_android_export() -> None:
    res = read(DA, with_rejects=True)
    assert res.format == "whatsapp" and detect(DA).name == "whatsapp"
    t, r = res.turns, res.rejects
    assert (len(t), len(r)) == (4, 7)
    assert Counter(r["reason"]) == {"system": 5, "media": 1, "deleted": 1}
    assert list(t["id"]) == [f"WhatsApp-chat med Projektgruppen:{n}" for n in (4, 5, 13, 14)]
    assert set(t["conversation_id"]) == {"WhatsApp-chat med Projektgruppen"}
    assert set(t["title"]) == {"Projektgruppen"}
    assert list(t["speaker"]) == ["anna holm", "bo", "carsten", "bo"]
    assert t["meta.name"].iloc[0] == "Anna Holm"
    assert t["text"].iloc[1] == "Ja gerne. Jeg har tre punkter:\n1. tidsplanen\n2. oplæringen\n\n3. hvem der bestemmer"
    assert t["text"].iloc[2] == "Jeg er lidt bekymret for oplæringen" and t["meta.edited"].iloc[2]
    assert t["timestamp"].iloc[0] == pd.Timestamp("2024-05-03 09:15", tz="UTC")
    assert t["timestamp"].iloc[3] == pd.Timestamp("2024-05-04 13:02", tz="UTC")
    assert t["reply_to"].isna().all() and (t["channel"] == "chat").all()
    assert list(t["turn"]) == [0, 1, 2, 3]
    assert r.set_index("source").loc[f"{DA.name}#L10", "reason"] == "media"
    assert r.set_index("source").loc[f"{DA.name}#L12", "reason"] == "system"


def test_english_ios_month_first_12h_and_marks() -> None:
    res = read(EN, with_rejects=True)
    t, r = res.turns, res.rejects
    assert (len(t), len(r)) == (4, 5)
    assert Counter(r["reason"]) == {"system": 2, "media": 2, "deleted": 1}
    assert list(t["text"]) == ["Welcome Eli!", "Thanks: glad to be here", "Happy new year soon",
                               "Sorry, wrong chat\nwith a second line"]
    assert list(t["timestamp"]) == [pd.Timestamp(x, tz="UTC") for x in
                                    ("2021-12-30 21:16:00", "2021-12-30 21:17:45", "2021-12-31 00:00:30",
                                     "2021-12-31 12:03:00")]
    assert not t["text"].str.contains("\u200e|\ufeff|\u202f").any()
    assert set(t["title"]) == {"Team Alpha"}


def test_date_order_from_time_order_and_forced() -> None:
    t = read(FIX / "ambiguous.txt")
    assert list(t["timestamp"].dt.strftime("%Y-%m-%d")) == ["2022-01-02", "2022-01-03", "2022-02-01", "2022-02-05"]
    forced = read(FIX / "ambiguous.txt", dayfirst=True)
    assert list(forced["timestamp"].dt.strftime("%Y-%m-%d")) == ["2022-02-01", "2022-03-01", "2022-01-02",
                                                                 "2022-05-02"]
    with pytest.raises(FormatError, match="neither all day-first nor all month-first"):
        read(FIX / "contradictory.txt")


def test_time_zone_option() -> None:
    t = read(DA, tz="Europe/Copenhagen", with_rejects=True).turns
    assert t["timestamp"].iloc[0] == pd.Timestamp("2024-05-03 07:15", tz="UTC")  # CEST = UTC+2


def test_zip_export_uses_the_zip_name_for_ios_chat(tmp_path: Path) -> None:
    z = tmp_path / "WhatsApp Chat - Team Alpha.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", EN.read_bytes())
        zf.writestr("00000012-PHOTO-2021-12-31-12-01-00.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    assert detect(z).name == "whatsapp"
    res = read(z, with_rejects=True)
    assert (len(res.turns), len(res.rejects)) == (4, 5)
    assert set(res.turns["conversation_id"]) == {"WhatsApp Chat - Team Alpha"}
    assert res.turns["source"].iloc[0] == f"{z.name}:_chat.txt#L3"
    assert res.turns["id"].iloc[0] == "WhatsApp Chat - Team Alpha:3"


def test_bad_input(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError):
        detect(FIX / "not_a_chat.txt")
    with pytest.raises(FormatError, match="line 1: expected WhatsApp chat lines"):
        read(FIX / "not_a_chat.txt", format="whatsapp")
    binary = tmp_path / "chat.txt"
    binary.write_bytes(b"12.01.24, 10:00 - A: hi\n\xff\xfe\x00garbage")
    with pytest.raises(FormatError, match="byte 24: expected UTF-8"):
        read(binary, format="whatsapp")
    cut = tmp_path / "cut.txt"
    cut.write_bytes(DA.read_bytes()[:400])  # ends in the middle of a message
    res = read(cut, with_rejects=True)
    assert len(res.turns) >= 1 and res.turns["text"].iloc[-1]
    lead = tmp_path / "lead.txt"
    lead.write_text("some stray words\n" + DA.read_text(encoding="utf-8-sig"), encoding="utf-8")
    res = read(lead, with_rejects=True, format="whatsapp")
    assert res.rejects["reason"].iloc[0] == "unparsable" and res.rejects["source"].iloc[0] == "lead.txt#L1"


def test_transcript_does_not_claim_a_chat() -> None:
    sniff = get_reader("transcript").sniff
    for f in (DA, EN, FIX / "ambiguous.txt"):
        assert sniff(f, read_head(f)) == 0.0


def test_chat_title() -> None:
    assert chat_title("WhatsApp Chat with Board") == "Board"
    assert chat_title("WhatsApp-chat med Bestyrelsen") == "Bestyrelsen"
    assert chat_title("WhatsApp-Chat mit Vorstand") == "Vorstand"
    assert chat_title("sample") == "sample"


_HEADER = re.compile(r"^\[?\d{1,2}[./]\d{1,2}[./]\d{2,4}, \d{1,2}:\d{2}")


@pytest.mark.shared
def test_public_samples_all_locales_reconcile() -> None:
    shared = _shared()
    if shared is None:
        pytest.skip("../shared is absent (set STACEY_SHARED)")
    base = shared / "realdata" / "whatsapp-format-samples"
    files = sorted((base / "WhatsR" / "inst").glob("*.txt")) + [base / "rwhatsapp" / "inst" / "extdata" / "sample.txt"]
    assert len(files) == 9
    results = {}
    for f in files:
        assert detect(f).name == "whatsapp", f.name
        res = read(f, with_rejects=True)
        lines = f.read_text(encoding="utf-8-sig").replace("\ufeff", "").replace("\u200e", "").splitlines()
        headers = sum(bool(_HEADER.match(x)) for x in lines)
        assert res.found == len(res.turns) + len(res.rejects) == headers, f.name
        assert res.turns["timestamp"].notna().all()
        assert res.turns["timestamp"].between(pd.Timestamp("2017-07-01", tz="UTC"),
                                              pd.Timestamp("2018-10-01", tz="UTC")).all(), f.name
        results[f.name] = res
    for name in ("englishandroid24h", "englishandroidampm", "englishios24h", "englishiosampm",
                 "germanandroid24h", "germanandroidampm", "germanios24h", "germaniosampm"):
        res = results[f"{name}.txt"]
        assert (len(res.turns), len(res.rejects)) == (37, 13), name
        assert Counter(res.rejects["reason"]) == {"system": 8, "media": 4, "empty": 1}, name
        assert res.turns["timestamp"].min().strftime("%Y-%m-%d") == "2018-01-29"
        assert set(res.turns["speaker"]) == {"mallory", "dave", "alice", "bob", "carol"}
    # same chat in 24 h and AM/PM: the same clock times where the export wrote valid 12 h times
    a = results["englishandroid24h.txt"].turns["timestamp"].iloc[:30].reset_index(drop=True)
    b = results["englishandroidampm.txt"].turns["timestamp"].iloc[:30].reset_index(drop=True)
    pd.testing.assert_series_equal(a, b)
    zipped = read(base / "rwhatsapp" / "inst" / "extdata" / "sample.zip", with_rejects=True)
    plain = results["sample.txt"]
    assert list(zipped.turns["text"]) == list(plain.turns["text"])
    assert (len(plain.turns), len(plain.rejects)) == (6, 3)
    assert "\n" in plain.turns["text"].iloc[1]  # the multi-line message


def test_string_options_as_the_cli_gives_them() -> None:
    from stacey.errors import StaceyError

    t = read(FIX / "ambiguous.txt", dayfirst="dmy")
    assert t["timestamp"].iloc[0].strftime("%Y-%m-%d") == "2022-02-01"
    with pytest.raises(StaceyError, match="dayfirst='sometimes'"):
        read(FIX / "ambiguous.txt", dayfirst="sometimes")


def test_words_about_encryption_are_not_system_lines(tmp_path: Path) -> None:
    f = tmp_path / "chat.txt"
    f.write_text("01.02.2024, 10:00 - Messages and calls are end-to-end encrypted. Tap to learn more.\n"
                 "01.02.2024, 10:01 - Finn: we need end-to-end tests\n"
                 "01.02.2024, 10:02 - Gry: is the chat end-to-end encrypted?\n"
                 "27.10.2024, 02:30 - Gry: the hour that happens twice\n", encoding="utf-8")
    res = read(f, with_rejects=True, tz="Europe/Copenhagen")
    assert list(res.turns["text"]) == ["we need end-to-end tests", "is the chat end-to-end encrypted?",
                                       "the hour that happens twice"]
    assert list(res.rejects["reason"]) == ["system"]
    assert res.turns["timestamp"].iloc[2] == pd.Timestamp("2024-10-27 01:30", tz="UTC")  # standard time (CET)


@pytest.mark.parametrize(("lines", "expected"), [
    (["12/1/23, 2:03\u202fp.\u00a0m. - Ana: hola", "13/1/23, 9:05 a. m. - Luis: buenos días"],
     ["2023-01-12 14:03", "2023-01-13 09:05"]),                                       # Spanish, 12 h
    (["12/01/2023 à 14:03 - Zoé: salut", "13/01/2023 à 08:00 - Marc: bonjour"],
     ["2023-01-12 14:03", "2023-01-13 08:00"]),                                       # French
    (["2023-01-12 14:03 - Sven: hej", "2023-01-13 08:00 - Lena: hallå"],
     ["2023-01-12 14:03", "2023-01-13 08:00"]),                                       # Swedish, ISO dates
    (["[12.01.2023 14.03.22] Mette: hej", "[13.01.2023 08.00.05] Ole: godmorgen"],
     ["2023-01-12 14:03:22", "2023-01-13 08:00:05"]),                                 # Danish iOS
    (["[12.01.23, 14:03:22] Jana: Hallo", "[13.01.23, 08:00:05] Tom: Morgen"],
     ["2023-01-12 14:03:22", "2023-01-13 08:00:05"]),                                 # German iOS
])
def test_locale_layouts(tmp_path: Path, lines: list[str], expected: list[str]) -> None:
    f = tmp_path / "chat.txt"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert detect(f).name == "whatsapp"
    t = read(f)
    assert list(t["timestamp"]) == [pd.Timestamp(x, tz="UTC") for x in expected]
    assert len(t) == 2
