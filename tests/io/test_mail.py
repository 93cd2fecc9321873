"""Tests for stacey.io.mail: mbox, Maildir and .eml readers, threading, decoding, rejects."""

from __future__ import annotations

import gzip
import mailbox
import os
import re
import shutil
from email import message_from_bytes
from email.policy import compat32
from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io._jwz import MailNode, thread
from stacey.io._mailparse import decode_bytes, normalise_address
from stacey.io.mail import iter_mbox, synthetic_id
from stacey.io.registry import detect, read

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


def shared_dir() -> Path | None:
    """The shared data folder: $STACEY_SHARED, or ../shared beside the repository."""
    env = os.environ.get("STACEY_SHARED")
    path = Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared"
    return path if path.is_dir() else None


def rd(path, **kw):
    return read(path, with_rejects=True, **kw)


# ----------------------------------------------------------------------------- detection
def test_detect_formats(tmp_path):
    assert detect(FIX / "takeout.mbox").name == "mbox"
    assert detect(FIX / "maildir").name == "maildir"
    assert detect(FIX / "outlook").name == "eml"
    assert detect(FIX / "outlook" / "svar.eml").name == "eml"
    gz = tmp_path / "list-2024.txt.gz"  # a list archive named without .mbox: found by its From line
    gz.write_bytes(gzip.compress((FIX / "takeout.mbox").read_bytes()))
    assert detect(gz).name == "mbox"


# ----------------------------------------------------------------------------- mbox / Gmail
def test_gmail_takeout_mbox():
    res = rd(FIX / "takeout.mbox")
    t = res.turns.set_index("id")
    assert res.found == 3 and len(res.rejects) == 0
    assert list(t.index) == ["m1@example.dk", "m2@example.dk", "m3@example.dk"]
    # ids without brackets, speakers lower-cased, display names and subjects decoded (RFC 2047)
    assert t.loc["m1@example.dk", "speaker"] == "anna@example.dk"
    assert t.loc["m1@example.dk", "meta.name"] == "Anna Jørgensen"
    assert t.loc["m1@example.dk", "title"] == "Møde i morgen"
    assert t.loc["m2@example.dk", "title"] == "Sv: Møde i morgen"
    assert t.loc["m1@example.dk", "meta.to"] == "bo@example.dk, cai@example.dk"
    assert t.loc["m1@example.dk", "meta.labels"] == "Indbakke,Projekt"
    # threading: a header reply, and a header-less message joined by X-GM-THRID
    assert t.loc["m2@example.dk", "reply_to"] == "m1@example.dk"
    assert set(t["conversation_id"]) == {"m1@example.dk"}
    assert pd.isna(t.loc["m3@example.dk", "reply_to"])
    assert t.loc["m3@example.dk", "meta.threaded_by"] == "gmail"
    # own words only; what was removed is kept for audit
    assert t.loc["m1@example.dk", "text"] == "Hej alle\n\nSkal vi flytte mødet til torsdag? Jeg har en konflikt."
    assert t.loc["m1@example.dk", "meta.removed"] == "Mvh\nAnna"
    assert t.loc["m2@example.dk", "text"] == "Torsdag passer fint for mig. Skal vi sige kl. 13?"
    assert "Sendt fra min iPhone" in t.loc["m2@example.dk", "meta.removed"]
    # charsets: latin-1 body, UTF-8 body mislabelled iso-8859-1, windows-1252 quoted-printable (en dash)
    assert "mødet" in t.loc["m1@example.dk", "text"]
    assert "â€" not in t.loc["m2@example.dk", "meta.removed"] and "mødet" in t.loc["m2@example.dk", "meta.removed"]
    # mboxrd ">From " escape undone
    assert t.loc["m3@example.dk", "text"] == "Fint med mig – jeg tager kage med.\n\nFrom now on I bring cake every week."
    assert list(t["source"]) == ["takeout.mbox#1", "takeout.mbox#2", "takeout.mbox#3"]
    assert t.loc["m1@example.dk", "timestamp"] == pd.Timestamp("2024-05-03 08:00:00", tz="UTC")
    assert (t["channel"] == "mail").all()


def test_from_line_with_non_ascii_bytes_breaks_stdlib_but_not_us():
    with pytest.raises(UnicodeDecodeError):
        list(mailbox.mbox(str(FIX / "takeout.mbox")).values())
    numbers = [n for n, _line, _raw in iter_mbox(FIX / "takeout.mbox")]
    assert numbers == [1, 2, 3]


def test_gzip_reads_like_plain(tmp_path):
    gz = tmp_path / "takeout.mbox.gz"
    gz.write_bytes(gzip.compress((FIX / "takeout.mbox").read_bytes()))
    plain, packed = rd(FIX / "takeout.mbox"), rd(gz)
    cols = ["id", "conversation_id", "reply_to", "speaker", "timestamp", "text"]
    pd.testing.assert_frame_equal(plain.turns[cols], packed.turns[cols])
    assert list(packed.turns["source"]) == ["takeout.mbox.gz#1", "takeout.mbox.gz#2", "takeout.mbox.gz#3"]


def test_truncated_gzip_is_a_reject_not_a_crash(tmp_path):
    blob = gzip.compress((FIX / "takeout.mbox").read_bytes())
    bad = tmp_path / "cut.mbox.gz"
    bad.write_bytes(blob[: len(blob) - 30])
    res = rd(bad, format="mbox")  # detection reads the head, which fails on a gzip this short
    assert res.found == len(res.turns) + len(res.rejects)
    assert "unparsable" in set(res.rejects["reason"])


def test_not_an_mbox_raises_format_error(tmp_path):
    bad = tmp_path / "notes.mbox"
    bad.write_text("just some notes\nnothing else\n")
    with pytest.raises(FormatError, match=r"notes\.mbox, line 1: expected an mbox file"):
        read(bad)


# ----------------------------------------------------------------------------- Maildir
def test_maildir_nested_duplicates_ghosts_encrypted():
    res = rd(FIX / "maildir")
    t = res.turns.set_index("id")
    rej = res.rejects.set_index("source")
    assert res.found == 8 == len(res.turns) + len(res.rejects)
    assert rej.loc["README", "reason"] == "unparsable"
    # the same Message-ID in a sub-folder: one turn, the second copy a duplicate
    assert rej.loc[".Archive/cur/1354585999.000300.host:2,RS", "reason"] == "duplicate"
    assert "new/1354585400.000261.host" in rej.loc[".Archive/cur/1354585999.000300.host:2,RS", "detail"]
    assert rej.loc["cur/1354586200.000303.host:2,", "reason"] == "encrypted"
    # folders and flag file names
    assert t.loc["r1@example.org", "source"] == "cur/1354585346.000260.host:2,S"
    assert t.loc["r1@example.org", "meta.folder"] == "."
    assert t.loc["r4@example.org", "meta.folder"] == ".Archive"
    # ghost parents: the thread is kept, the absent parent recorded
    assert pd.isna(t.loc["r4@example.org", "reply_to"])
    assert t.loc["r4@example.org", "missing_parent"] == "absent@example.org"
    assert t.loc["r4@example.org", "conversation_id"] == "root-absent@example.org"
    assert t.loc["r5@example.org", "conversation_id"] == "root-absent@example.org"
    # a reply to a rejected (encrypted) message keeps its thread and names the parent
    assert t.loc["r7@example.org", "conversation_id"] == "r1@example.org"
    assert t.loc["r7@example.org", "missing_parent"] == "r6@example.org"
    assert t.loc["r2@example.org", "reply_to"] == "r1@example.org"
    # obfuscated list-archive address
    assert t.loc["r7@example.org", "speaker"] == "ola@example.org"
    assert t.loc["r7@example.org", "meta.name"] == "Ola Nordmann"
    # HTML-only body: text, with the quoted block removed and kept
    assert t.loc["r5@example.org", "text"] == "Travel is fine to cut."
    assert bool(t.loc["r5@example.org", "meta.html"]) is True
    assert "We must save 10 percent." in t.loc["r5@example.org", "meta.removed"]
    # signature
    assert t.loc["r1@example.org", "text"] == "Hello team, the kick-off is on Monday."
    assert t.loc["r2@example.org", "text"] == "I will be there."


def test_maildir_on_a_file_is_a_format_error():
    with pytest.raises(FormatError, match="expected a Maildir folder"):
        read(FIX / "takeout.mbox", format="maildir")


# ----------------------------------------------------------------------------- .eml, Danish Outlook
def test_danish_outlook_eml_folder():
    res = rd(FIX / "outlook")
    t = res.turns.set_index("id")
    assert res.found == 2 and res.format == "eml"
    reply = t.loc["o2@firma.example"]
    assert reply["text"] == "Hej Mette\n\nJeg er enig i prioriteringerne, men vi bør drøfte personaleposten på mødet."
    assert reply["title"] == "SV: Budget for næste år"
    assert reply["speaker"] == "peter.hansen@firma.example" and reply["meta.name"] == "Hansen, Peter"
    assert reply["meta.cc"] == "lars@firma.example" and reply["meta.list"] == "ledelse.firma.example"
    assert reply["reply_to"] == "o1@firma.example"
    assert reply["meta.removed"].startswith("Med venlig hilsen\nPeter Hansen")
    assert "Fra: Mette Sørensen" in reply["meta.removed"]
    # multipart/alternative: the text/plain part, not the HTML one
    assert "(HTML)" not in t.loc["o1@firma.example", "text"]
    assert t.loc["o1@firma.example", "meta.name"] == "Mette Sørensen"


def test_single_eml_file():
    res = rd(FIX / "outlook" / "svar.eml")
    assert list(res.turns["source"]) == ["svar.eml"]
    assert res.turns["missing_parent"].iloc[0] == "o1@firma.example"


# ----------------------------------------------------------------------------- ids and threading options
def _write(folder: Path, name: str, headers: str, body: str = "Some words.\n") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(headers.strip() + "\nContent-Type: text/plain\n\n" + body)


def test_message_without_id_gets_a_stable_hash(tmp_path):
    _write(tmp_path, "a.eml", "From: x@example.org\nSubject: hi\nDate: Mon, 2 Sep 2024 08:00:00 +0000")
    first, second = rd(tmp_path), rd(tmp_path)
    assert first.turns["id"].iloc[0] == synthetic_id("a.eml") == second.turns["id"].iloc[0]
    assert re.fullmatch(r"stacey:[0-9a-f]{16}", synthetic_id("a.eml"))


def test_subject_fallback_can_be_switched_off(tmp_path):
    _write(tmp_path, "1.eml", "Message-ID: <s1@x>\nFrom: a@x\nSubject: Plan\nDate: Mon, 2 Sep 2024 08:00:00 +0000")
    _write(tmp_path, "2.eml", "Message-ID: <s2@x>\nFrom: b@x\nSubject: Re: Plan\nDate: Mon, 2 Sep 2024 09:00:00 +0000")
    on = rd(tmp_path).turns.set_index("id")
    assert on.loc["s2@x", "conversation_id"] == "s1@x"
    assert on.loc["s2@x", "meta.threaded_by"] == "subject"
    assert pd.isna(on.loc["s2@x", "reply_to"])  # same thread, but no claim about which mail it answers
    off = rd(tmp_path, subject_threading="false").turns.set_index("id")
    assert off.loc["s2@x", "conversation_id"] == "s2@x"


def test_reply_loop_does_not_break_the_table(tmp_path):
    _write(tmp_path, "1.eml", "Message-ID: <l1@x>\nIn-Reply-To: <l2@x>\nFrom: a@x\nSubject: a")
    _write(tmp_path, "2.eml", "Message-ID: <l2@x>\nIn-Reply-To: <l1@x>\nFrom: b@x\nSubject: b")
    t = rd(tmp_path).turns
    assert t["conversation_id"].nunique() == 1
    assert t["reply_to"].notna().sum() == 1  # one link of the loop is dropped


def test_in_reply_to_wins_over_disordered_references():
    nodes = [MailNode("root", ()), MailNode("child", ("root",)),
             MailNode("grand", ("root", "child"))]  # chain already puts In-Reply-To last
    links = thread(nodes)
    assert links["grand"].parent == "child" and links["grand"].parent_is_message
    assert {lk.conversation_id for lk in links.values()} == {"root"}


def test_ghost_root_holds_a_thread_together():
    links = thread([MailNode("a", ("ghost",)), MailNode("b", ("ghost", "a")), MailNode("c", ("ghost",))])
    assert {lk.conversation_id for lk in links.values()} == {"ghost"}
    assert links["a"].parent == "ghost" and not links["a"].parent_is_message
    assert links["b"].parent == "a" and links["b"].parent_is_message


def test_cli_reads_mail(tmp_path, capsys):
    from stacey.cli import main

    out = tmp_path / "turns.parquet"
    assert main(["read", str(FIX / "maildir"), "-o", str(out), "--option", "lang=da,en"]) == 0
    assert "8 items found, 5 turns, 3 rejected" in capsys.readouterr().out
    assert len(pd.read_parquet(out)) == 5


# ----------------------------------------------------------------------------- decoding helpers
def test_decode_bytes_handles_wrong_labels():
    assert decode_bytes("æøå".encode(), "iso-8859-1") == "æøå"  # UTF-8 labelled latin-1
    assert decode_bytes("æøå – ok".encode("cp1252"), "iso-8859-1") == "æøå – ok"  # cp1252 bytes in latin-1 label
    assert decode_bytes("æøå".encode("latin-1"), "utf-8") == "æøå"  # latin-1 labelled UTF-8
    assert decode_bytes("æøå".encode("latin-1"), "x-no-such-charset") == "æøå"


@pytest.mark.parametrize("raw, expected", [
    ("ola at example.org (Ola)", "ola@example.org (Ola)"),
    ("ola (at) example dot org", "ola@example.org"),
    ("ola [at] mail.example.org", "ola@mail.example.org"),
    ("Ola <ola@example.org>", "Ola <ola@example.org>"),
    ("We meet at home", "We meet at home"),
])
def test_normalise_address(raw, expected):
    assert normalise_address(raw) == expected


# ----------------------------------------------------------------------------- shared real data
def _expected_parent(raw: bytes) -> tuple[str | None, bool]:
    """(direct parent from In-Reply-To / last References, whether the mail names any)."""
    if raw.startswith(b"From "):
        raw = raw.split(b"\n", 1)[1]
    msg = message_from_bytes(raw, policy=compat32)
    irt = re.findall(r"<([^<>\s]+)>", str(msg.get("In-Reply-To", "")))
    refs = re.findall(r"<([^<>\s]+)>", str(msg.get("References", "")))
    if irt:
        return irt[0], True
    return (refs[-1] if refs else None), bool(refs)


def _check_parents(turns: pd.DataFrame, raw_of: dict[str, bytes]) -> int:
    ids = set(turns["id"])
    checked = 0
    for row in turns.itertuples():
        parent, named = _expected_parent(raw_of[row.source])
        got = row.reply_to if not pd.isna(row.reply_to) else row.missing_parent
        if named and parent != row.id:
            if pd.isna(got):  # only a link that would close a loop may be dropped
                assert parent in ids, (row.source, parent)
            else:
                assert got == parent, (row.source, got, parent)
                assert (not pd.isna(row.reply_to)) == (parent in ids)
            checked += 1
        else:
            assert pd.isna(row.reply_to) and pd.isna(row.missing_parent), row.source
    return checked


@pytest.mark.shared
def test_notmuch_corpora_every_file_and_thread_parents():
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared data not available (set STACEY_SHARED)")
    root = shared / "realdata" / "notmuch-corpora" / "test" / "corpora"
    files = sorted(p for p in root.rglob("*") if p.is_file())
    res = rd(root)
    assert res.format == "maildir"
    assert res.found == len(files) == len(res.turns) + len(res.rejects)
    assert set(res.turns["source"]) | set(res.rejects["source"]) == {p.relative_to(root).as_posix() for p in files}
    assert set(res.rejects["reason"]) <= {"duplicate", "encrypted", "empty", "unparsable"}
    assert (res.rejects["reason"] == "duplicate").sum() >= 8  # duplicate/ and the lkml copies
    assert (res.rejects["reason"] == "encrypted").sum() >= 4
    raw_of = {p.relative_to(root).as_posix(): p.read_bytes() for p in files}
    assert _check_parents(res.turns, raw_of) > 150
    lkml = res.turns[res.turns["source"].str.startswith("lkml/")]
    assert lkml["missing_parent"].notna().any() and lkml["reply_to"].notna().sum() > 100
    # parent priority: In-Reply-To wins over disordered References
    t = res.turns.set_index("id")
    assert t.loc["B01-grand-child@example.org", "reply_to"] == "B01-child@example.org"
    assert t.loc["B01-grand-child@example.org", "conversation_id"] == "B00-root@example.org"


@pytest.mark.shared
def test_perceval_mbox_files_every_message_and_thread_parents():
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared data not available (set STACEY_SHARED)")
    files = sorted((shared / "realdata" / "perceval-fixtures").rglob("*.mbox"))
    assert len(files) >= 12
    for f in files:
        data = f.read_bytes()
        # independent count: 'From ' lines at the start of the file or after a blank line
        seps = len(re.findall(rb"(?:\A|\n\n)From ", data))
        res = rd(f)
        assert res.found == seps == len(res.turns) + len(res.rejects), f.name
        raw_of = {f"{f.name}#{n}": raw for n, _l, raw in iter_mbox(f)}
        _check_parents(res.turns, raw_of)
    res = rd(files[0].parent.parent / "mbox" / "mbox_unixfrom_encoding.mbox")
    assert len(res.turns) == 1  # the non-ASCII From line that breaks Python's mailbox


def test_shared_dir_helper_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("STACEY_SHARED", str(tmp_path))
    assert shared_dir() == tmp_path
    monkeypatch.setenv("STACEY_SHARED", str(tmp_path / "absent"))
    assert shared_dir() is None
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_bad_options_are_clear_errors():
    from stacey.errors import StaceyError

    with pytest.raises(StaceyError, match="lang"):
        read(FIX / "outlook", lang="xx")
    with pytest.raises(StaceyError, match="true or false"):
        read(FIX / "outlook", subject_threading="maybe")


def test_outlook_html_reply_header_ends_the_own_words(tmp_path):
    html = ("<html><body><div>Fint, vi g&oslash;r det.</div><hr><div id='divRplyFwdMsg'><b>Fra:</b> Anna "
            "&lt;a@x.dk&gt;<br><b>Sendt:</b> 2. sep 2024<br><b>Til:</b> Bo<br><b>Emne:</b> M&oslash;de</div>"
            "<div>Skal vi m&oslash;des?</div></body></html>")
    _write(tmp_path, "h.eml", "Message-ID: <h@x>\nFrom: Bo <bo@x.dk>\nSubject: SV: Møde\nMIME-Version: 1.0", "")
    raw = (tmp_path / "h.eml").read_text().replace("Content-Type: text/plain", "Content-Type: text/html; charset=utf-8")
    (tmp_path / "h.eml").write_text(raw + html)
    t = rd(tmp_path).turns
    assert t["text"].iloc[0] == "Fint, vi gør det."
    assert t["meta.removed"].iloc[0].startswith("Fra: Anna")


def test_iter_mbox_same_messages_whatever_the_block_size(tmp_path, monkeypatch):
    from stacey.io import mail

    box = tmp_path / "x.mbox"
    box.write_bytes(b"From a@b Mon Jan  7 09:05:00 2019\nFrom: a@b\n\nHej\nFrom here on, no separator\n>From escaped\n"
                    b">>From twice\n\nFrom b@c Mon Jan  7 10:05:00 2019\nFrom: b@c\n\n  \nFrom c@d Mon Jan  7 11:05:00 2019\n"
                    b"From: c@d\n\nSidst")
    want = list(iter_mbox(box))
    assert [raw.count(b"\n") for _, _, raw in want] == [7, 3, 2]
    assert b"\nFrom escaped\n>From twice\n" in want[0][2] and b"From here on" in want[0][2]
    for size in (1, 3, 7, 64):
        monkeypatch.setattr(mail, "_BLOCK", size)
        assert list(iter_mbox(box)) == want
