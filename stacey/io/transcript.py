"""Meeting and interview transcripts: WebVTT, SRT and plain text with speaker headers.

Formats (chosen by extension, else by content):

- **WebVTT** (``.vtt``; Teams, Zoom): cues with ``<v Speaker>`` voice tags
  (``<v.loud Anna>`` classes allowed, closing ``</v>`` optional, several
  voices in one cue split); a cue without a voice tag takes its speaker from
  a ``Name:`` prefix (Zoom). Other tags (``<c>``, ``<b>``, ``<i>``, ``<lang>``,
  inline timestamps) are removed and entities decoded; ``NOTE``, ``STYLE``
  and ``REGION`` blocks are not speech.
- **SRT** (``.srt``): numbered cues with ``00:00:01,000 --> 00:00:04,000``
  timings; the speaker comes from a ``Name:`` (or ``>> Name:``) prefix.
- **Plain text**: turns opened by ``Name:`` or ``Name (Affiliation):``
  headers, optionally after a timestamp (``[00:01:02] Name: ...``,
  ``00:01:02 Name: ...``), or by an Otter-style line ``Name  0:03`` with the
  words on the lines below. Lines without a header continue the turn above.
  ``Key: value`` lines at the top (``Date``/``Dato``, ``Time``/``Tid``,
  ``Title``/``Meeting``/``Møde``, ``Participants``/``Deltagere``, ...) are the
  file's header, not speech.

Turns: each speaker change is a turn. Consecutive cues (or headers) of the
same speaker merge into one turn (Teams splits one person's talk into many
cues); a cue with no speaker label continues the current speaker (the
captioning convention of naming only changes). A file with no speaker labels
at all has one turn per cue, spoken by ``unknown``.

Mapping: ``id`` = ``<file stem>:<n>`` (n = 1, 2, ... in order);
``conversation_id`` = the file stem; ``speaker`` = the name lower-cased with
runs of spaces folded; ``meta.name`` the name as written; ``meta.affiliation``
the part in brackets; ``channel`` = ``transcript``; ``title`` = the meeting's
title from a header line or ``NOTE Title: ...``, else the file stem;
``meta.offset`` / ``meta.end`` = the turn's start and end in seconds from the
start of the recording (null where the format gives no times);
``meta.cues`` = cues merged.

``reply_to``: a meeting is read as a linear exchange, each turn responding
to the turn just before it, which by construction is by another speaker.
This is an assumption about talk, not a fact the file records; pass
``reply_links=False`` to leave ``reply_to`` empty instead.

``timestamp`` = meeting start + ``meta.offset``. The start is the ``start``
option, else the first date-time in a ``NOTE`` block, the WebVTT header or a
plain-text header (``2024-05-01T09:00:00+02:00``, ``2024-05-01 09:00``,
``Date: 01.05.2024`` with ``Time: 09:00``), else a ``YYYY-MM-DD`` (optionally
``_HHMM``) in the file's name, taken at midnight. Without a start, or without
offsets, ``timestamp`` is null. Times without a zone are taken as UTC unless
``tz`` names the zone.

Rejected cues (``reason``): ``empty`` (no words after tags are removed),
``non-speech`` (only a bracketed sound: ``[Music]``, ``(laughter)``, ``♪``),
``unparsable`` (a cue without a valid timing line, or plain text before the
first speaker header). A file with no cue or turn at all raises
:class:`FormatError`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError, StaceyError
from ._archive import read_text_file
from ._options import as_bool, check_tz
from .registry import Reject, reader

__all__ = ["read_transcript", "Cue", "parse_vtt", "parse_srt", "parse_plain"]

_TIMING = re.compile(r"^\s*(?P<a>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<b>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})")
_NAME = r"[^\W\d_][\w.'’\- ]{0,60}?"
_SPEAKER_PREFIX = re.compile(rf"^(?:>>\s*)?(?P<name>{_NAME})(?:\s*\((?P<aff>[^()]{{1,80}})\))?\s*:\s+(?P<text>\S.*)$",
                             re.S)
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?"
_TXT_HEADER = re.compile(
    rf"^(?:[\[(]?(?P<ts>{_CLOCK})[\])]?\s*[-–]?\s*)?(?P<name>{_NAME})(?:\s*\((?P<aff>[^()]{{1,80}})\))?\s*:"
    r"(?:[ \t]+(?P<text>.*))?$")
_OTTER_HEADER = re.compile(rf"^(?P<name>{_NAME})(?:\s*\((?P<aff>[^()]{{1,80}})\))?\s{{2,}}(?P<ts>{_CLOCK})\s*$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)*(?:\s+(?P<name>[^>]*))?>(?P<text>.*?)(?:</v>|(?=<v[\s.>])|$)", re.S)
_TAG = re.compile(r"<[^>]*>")
_NON_SPEECH = re.compile(r"^(?:\[[^\[\]]*\]|\([^()]*\)|♪[^♪]*♪?|[♪\s]+)$")
_ISO = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
                  r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?")
_DMY = re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})")
_FILE_DATE = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T_ ](?P<h>\d{2})[-:.h]?(?P<mi>\d{2}))?")
_HEADER_KEYS = {
    "date": "date", "dato": "date", "datum": "date", "time": "time", "tid": "time", "start": "start",
    "started": "start", "starttid": "start", "title": "title", "titel": "title", "meeting": "title",
    "møde": "title", "subject": "title", "emne": "title", "topic": "title",
    "participants": None, "deltagere": None, "attendees": None, "present": None, "til stede": None,
    "location": None, "sted": None, "place": None, "duration": None, "varighed": None, "recorded": "start",
    "transcript": None, "language": None, "sprog": None, "kind": None,
}
_MAIL_KEYS = {"from", "to", "cc", "bcc", "subject", "date", "message-id", "received", "reply-to", "sender",
              "content-type", "mime-version", "return-path", "in-reply-to", "references"}


_MAIL_HEADER = re.compile(r"^(?:Message-ID|Received|Return-Path|MIME-Version|Content-Type|In-Reply-To|References"
                          r"|Path|Newsgroups|NNTP-Posting-\w+|DKIM-Signature|X-[\w-]+):", re.I)


@dataclass
class Cue:
    """One cue or header-opened stretch of talk before it is merged into turns."""

    line: int
    start: float | None
    end: float | None
    speaker: str | None
    text: str
    affiliation: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Parsed:
    cues: list[Cue]
    rejects: list[Reject]
    notes: list[str]
    title: str | None = None


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for p in parts:
        total = total * 60 + float(p)
    return total


def _split_name(name: str) -> tuple[str, str | None]:
    m = re.match(r"^(?P<n>.*?)\s*\((?P<a>[^()]*)\)\s*$", name)
    if m and m.group("n").strip():
        return m.group("n").strip(), m.group("a").strip() or None
    return name.strip(), None


def _plain(text: str) -> str:
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\u200e", "").replace("\u200f", "")
    return re.sub(r"\s+", " ", text).strip()


def _blocks(lines: list[str], first: int = 0) -> Iterator[tuple[int, list[str]]]:
    block: list[str] = []
    start = first
    for no in range(first, len(lines)):
        line = lines[no]
        if line.strip():
            if not block:
                start = no
            block.append(line)
        elif block:
            yield start + 1, block
            block = []
    if block:
        yield start + 1, block


def _speaker_prefix(text: str) -> tuple[str | None, str | None, str]:
    m = _SPEAKER_PREFIX.match(text)
    if m and len(m.group("name").split()) <= 6 and m.group("name")[0].isupper():
        return m.group("name").strip(), (m.group("aff") or None), m.group("text").strip()
    return None, None, text


def parse_vtt(text: str, *, label: str, path: Path | str) -> _Parsed:
    """Parse WebVTT text into cues (speaker from ``<v>`` tags or a ``Name:`` prefix)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise FormatError(path, "line 1", "expected the WebVTT signature 'WEBVTT'")
    out = _Parsed([], [], [])
    body_start = next((i for i, x in enumerate(lines) if not x.strip()), len(lines))
    out.notes.append("\n".join(lines[:body_start]))
    for no, block in _blocks(lines, body_start):
        head = block[0].strip()
        if head.startswith("NOTE"):
            out.notes.append("\n".join(block)[4:])
            continue
        if head.startswith(("STYLE", "REGION")):
            continue
        tpos = next((i for i, x in enumerate(block[:2]) if "-->" in x), None)
        m = _TIMING.match(block[tpos]) if tpos is not None else None
        if m is None:
            out.rejects.append(Reject(f"{label}#L{no}", "unparsable",
                                      f"line {no}: expected a cue timing line '00:00:01.000 --> 00:00:04.000'"))
            continue
        start, end = _seconds(m.group("a")), _seconds(m.group("b"))
        payload = "\n".join(block[tpos + 1:])
        if "<v" in payload and _VOICE.search(payload):
            for v in _VOICE.finditer(payload):
                words = _plain(v.group("text"))
                name, aff = _split_name(_plain(v.group("name") or "")) if v.group("name") else (None, None)
                if words or name:
                    out.cues.append(Cue(no, start, end, name or None, words, aff))
            continue
        words = _plain(payload)
        name, aff, words = _speaker_prefix(words)
        out.cues.append(Cue(no, start, end, name, words, aff))
    return out


def parse_srt(text: str, *, label: str, path: Path | str) -> _Parsed:
    """Parse SRT text into cues (speaker from a ``Name:`` prefix when present)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = _Parsed([], [], [])
    for no, block in _blocks(lines):
        tpos = next((i for i, x in enumerate(block[:2]) if "-->" in x), None)
        m = _TIMING.match(block[tpos]) if tpos is not None else None
        if m is None:
            out.rejects.append(Reject(f"{label}#L{no}", "unparsable",
                                      f"line {no}: expected a cue number and a timing line "
                                      "'00:00:01,000 --> 00:00:04,000'"))
            continue
        words = _plain("\n".join(block[tpos + 1:]))
        name, aff, words = _speaker_prefix(words)
        out.cues.append(Cue(no, _seconds(m.group("a")), _seconds(m.group("b")), name, words, aff))
    return out


def _header_name_ok(name: str) -> bool:
    return name[0].isupper() and len(name.split()) <= 6


def parse_plain(text: str, *, label: str, path: Path | str) -> _Parsed:
    """Parse a plain-text transcript with ``Name:`` / ``Name (Affiliation):`` turn headers."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = _Parsed([], [], [])
    # the file's own header: Key: value lines at the top, up to the first blank line or speaker
    i = 0
    header: dict[str, str] = {}
    while i < len(lines):
        m = re.match(r"^\s*(?P<k>[^\W\d_][\w ]{0,20}?)\s*:\s*(?P<v>.*)$", lines[i])
        if not m or m.group("k").strip().lower() not in _HEADER_KEYS:
            break
        key = _HEADER_KEYS[m.group("k").strip().lower()]
        if key:
            header.setdefault(key, m.group("v").strip())
        i += 1
    if header:
        out.notes.append(" ".join(f"{k}: {v}" for k, v in header.items()))
        date_part = " ".join(header[k] for k in ("start", "date", "time") if k in header)
        out.notes.insert(0, date_part)
        out.title = header.get("title") or None
    current: Cue | None = None
    for no in range(i + 1, len(lines) + 1):
        line = lines[no - 1]
        m = _TXT_HEADER.match(line)
        otter = None if m else _OTTER_HEADER.match(line)
        hit = m or otter
        if hit and _header_name_ok(hit.group("name").strip()):
            name = re.sub(r"\s+", " ", hit.group("name").strip())
            offset = _seconds(hit.group("ts")) if hit.group("ts") else None
            words = (m.group("text") or "") if m else ""
            current = Cue(no, offset, None, name, words.strip(), hit.group("aff"))
            out.cues.append(current)
        elif current is not None:
            if line.strip():
                current.text = (current.text + "\n" + line.strip()).strip()
        elif line.strip():
            out.rejects.append(Reject(f"{label}#L{no}", "unparsable",
                                      f"line {no}: text before the first speaker header"))
    return out


def _start_from(notes: list[str], stem: str, tz: str | None, explicit: Any) -> pd.Timestamp | None:
    def localize(ts: pd.Timestamp) -> pd.Timestamp:
        if ts.tzinfo is not None:
            return ts.tz_convert("UTC")
        return ts.tz_localize(tz, ambiguous=False, nonexistent="shift_forward").tz_convert("UTC") if tz \
            else ts.tz_localize("UTC")

    if explicit is not None and explicit != "":
        try:
            return localize(pd.Timestamp(explicit))
        except (ValueError, TypeError) as exc:
            raise StaceyError(f"option start={explicit!r}: expected a date and time such as "
                              "2024-05-01T09:00:00+02:00") from exc
    for note in notes:
        m = _ISO.search(note)
        if m:
            stamp = m.group("date") + (" " + m.group("time") if m.group("time") else "") + (m.group("zone") or "")
            return localize(pd.Timestamp(stamp))
        d = _DMY.search(note)
        if d:
            t = re.search(r"\b(\d{1,2})[:.](\d{2})\b", note[d.end():])
            stamp = f"{d.group('y')}-{int(d.group('m')):02d}-{int(d.group('d')):02d}"
            if t:
                stamp += f" {int(t.group(1)):02d}:{t.group(2)}"
            try:
                return localize(pd.Timestamp(stamp))
            except ValueError:
                continue
    m = _FILE_DATE.search(stem)
    if m:
        stamp = m.group("date") + (f" {m.group('h')}:{m.group('mi')}" if m.group("h") else "")
        try:
            return localize(pd.Timestamp(stamp))
        except ValueError:
            return None
    return None


def _title_from(notes: list[str]) -> str | None:
    for note in notes:
        m = re.search(r"(?im)^\s*(?:title|titel|meeting|møde|subject|emne)\s*:\s*(.+)$", note)
        if m:
            return m.group(1).strip()
    return None


def _kind(path: Path, text: str) -> str:
    name = path.name.lower()
    if name.endswith(".vtt") or text.lstrip("\ufeff").startswith("WEBVTT"):
        return "vtt"
    if name.endswith(".srt") or re.match(r"^\s*\d+\s*\n\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d+\s*-->", text):
        return "srt"
    return "txt"


def _looks_like_plain(text: str) -> bool:
    lines = [x for x in text.replace("\r\n", "\n").split("\n") if x.strip()][:200]
    if not lines:
        return False
    if sum(bool(re.match(r"^\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", x)) for x in lines) >= max(2, len(lines) // 3):
        return False  # dated chat lines (WhatsApp), not a transcript
    names = []
    for x in lines:
        m = _TXT_HEADER.match(x) or _OTTER_HEADER.match(x)
        if m and _header_name_ok(m.group("name").strip()):
            names.append(m.group("name").strip().lower())
    if lines[0].startswith("From ") or any(_MAIL_HEADER.match(x) for x in lines):
        return False  # a mail or news article (mbox From_ line, RFC 822 headers)
    speakers = set(names) - set(_HEADER_KEYS) - _MAIL_KEYS
    mailish = sum(n in _MAIL_KEYS or n.startswith("x-") or ("-" in n and " " not in n) for n in names)
    return len(names) >= 3 and len(speakers) >= 2 and mailish < len(names) / 4 and len(names) >= len(lines) / 10


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        return 0.0
    name = path.name.lower()
    text = head.decode("utf-8", errors="ignore")
    if name.endswith(".vtt") or text.lstrip("\ufeff").startswith("WEBVTT"):
        return 0.95
    if name.endswith(".srt"):
        return 0.9 if "-->" in text else 0.3
    if name.endswith((".txt", ".md", ".text")) and _looks_like_plain(text):
        return 0.6
    return 0.0


@reader("transcript", extensions=(".vtt", ".srt", ".txt"), sniff=_sniff, options={
    "start": "meeting start (ISO 8601) when the file and its name do not give it",
    "tz": "time zone of start times written without one (default: UTC)",
    "reply_links": "link each turn to the turn before it (default: True; False leaves reply_to empty)",
})
def read_transcript(path: Path, *, start: Any = None, tz: str | None = None,
                    reply_links: bool = True) -> Iterator[dict[str, Any] | Reject]:
    """Meeting transcripts: WebVTT with <v Speaker> tags (Teams, Zoom), SRT, or text with Name: headers."""
    reply_links = bool(as_bool(reply_links, "reply_links"))
    tz = check_tz(tz)
    text = read_text_file(path, "a transcript file (.vtt, .srt or .txt)")
    kind = _kind(path, text)
    parser = {"vtt": parse_vtt, "srt": parse_srt, "txt": parse_plain}[kind]
    parsed = parser(text, label=path.name, path=path)
    yield from parsed.rejects
    if not parsed.cues:
        expected = {"vtt": "WebVTT cues ('00:00:01.000 --> 00:00:04.000' and text)",
                    "srt": "SRT cues (a number, '00:00:01,000 --> 00:00:04,000', text)",
                    "txt": "turns opened by 'Name:' or 'Name (Affiliation):' headers"}[kind]
        raise FormatError(path, None, f"found no speech; expected {expected}")
    stem = path.stem
    meeting_start = _start_from(parsed.notes, stem, tz, start)
    title = parsed.title or _title_from(parsed.notes) or stem
    labelled = any(c.speaker for c in parsed.cues)

    turns: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    speaker: str | None = None
    for cue in parsed.cues:
        src = f"{path.name}#L{cue.line}"
        words = cue.text.strip()
        if not words:
            yield Reject(src, "empty", f"line {cue.line}: a cue with no words")
            continue
        if _NON_SPEECH.match(words):
            yield Reject(src, "non-speech", f"line {cue.line}: {words[:60]}")
            continue
        if cue.speaker:
            speaker = cue.speaker
        who = speaker or "unknown"
        key = re.sub(r"\s+", " ", who).lower()
        if current is not None and labelled and key == current["speaker"]:
            current["text"] += ("\n" if kind == "txt" else " ") + words
            current["meta.end"] = cue.end if cue.end is not None else current["meta.end"]
            current["meta.cues"] += 1
            if cue.affiliation and not current["meta.affiliation"]:
                current["meta.affiliation"] = cue.affiliation
            continue
        n = len(turns) + 1
        current = {
            "id": f"{stem}:{n}",
            "conversation_id": stem,
            "reply_to": turns[-1]["id"] if turns and reply_links and labelled else None,
            "speaker": key,
            "timestamp": None,
            "text": words,
            "channel": "transcript",
            "title": title,
            "source": src,
            "meta.name": who,
            "meta.affiliation": cue.affiliation,
            "meta.offset": cue.start,
            "meta.end": cue.end,
            "meta.cues": 1,
        }
        if meeting_start is not None and cue.start is not None:
            current["timestamp"] = meeting_start + pd.Timedelta(seconds=cue.start)
        turns.append(current)
    yield from turns
