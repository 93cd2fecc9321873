"""LinkedIn data export: ``messages.csv`` (direct messages and InMail).

*Settings -> Data privacy -> Get a copy of your data* gives a zip with
``messages.csv``, a CSV file with a header row naming the columns
``CONVERSATION ID``, ``CONVERSATION TITLE``, ``FROM``, ``SENDER PROFILE URL``,
``TO``, ``RECIPIENT PROFILE URLS`` (newer exports), ``DATE`` (``2024-03-04
09:15:00 UTC``), ``SUBJECT``, ``CONTENT``, ``FOLDER`` (``INBOX``, ``SENT``,
``ARCHIVE``, ``SPAM``, ``DRAFT``) and, in newer exports, ``IS MESSAGE DRAFT``
and ``ATTACHMENTS``. Column order and the optional columns vary between
export versions, so columns are found by name; ``CONVERSATION ID``, ``FROM``,
``DATE`` and ``CONTENT`` are required.

Turns: ``conversation_id`` = ``CONVERSATION ID``; ``id`` = ``li-`` + the first
16 hex digits of the SHA-1 of conversation id, date, sender and content (the
export has no message id; this one is stable across runs and across exports
of the same account); ``speaker`` = the profile slug of ``SENDER PROFILE URL``
(``linkedin.com/in/<slug>``, lower-cased), else ``FROM``; ``meta.name`` =
``FROM``; ``title`` = ``CONVERSATION TITLE``, else ``SUBJECT``; ``channel``
``message``. ``CONTENT`` holding HTML (InMail) is rendered to text.
LinkedIn conversations are linear chats without reply links, so ``reply_to``
is left empty: the order of turns (``turn``, by time) carries the sequence,
and an analysis that wants "previous message as gesture" can derive it. (The
export lists the newest message first; the table is ordered by time.)

Rejects (``reason``): ``draft`` (``FOLDER`` DRAFT or ``IS MESSAGE DRAFT`` Yes),
``spam`` (``FOLDER`` SPAM), ``empty`` (no content: e.g. an attachment alone),
``no-conversation``, ``bad-timestamp``, ``duplicate`` (the same message twice),
``bad-row`` (a line with the wrong number of fields). A file without the
required header columns, or not UTF-8 text, raises :class:`FormatError`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import FormatError
from ..text.html import html_to_text
from ._json import file_text, head_text, to_utc
from .registry import Reject, reader

__all__ = ["read_linkedin"]

_REQUIRED = ("CONVERSATION ID", "FROM", "DATE", "CONTENT")
_SLUG = re.compile(r"linkedin\.com/in/([^/?#\s]+)", re.I)
_HTML = re.compile(r"<(p|br|div|a|span|ul|li|strong|em)\b", re.I)


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        return 0.95 if (path / "messages.csv").is_file() and _sniff(path / "messages.csv", _first(path)) else 0.0
    first = head_text(head).lstrip("\ufeff").split("\n", 1)[0].upper()
    if all(c in first for c in _REQUIRED):
        return 0.95
    return 0.0


def _first(folder: Path) -> bytes:
    with open(folder / "messages.csv", "rb") as fh:
        return fh.read(4096)


@reader("linkedin", extensions=(".csv",), sniff=_sniff, options={})
def read_linkedin(path: Path) -> Iterator[dict[str, Any] | Reject]:
    """LinkedIn data export messages.csv (conversation id, from, to, date, content); linear chats."""
    if path.is_dir():
        path = path / "messages.csv"
        if not path.is_file():
            raise FormatError(path.parent, None, "expected a LinkedIn export folder with messages.csv")
    text = file_text(path)
    rd = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rd, None)
    except csv.Error as exc:
        raise FormatError(path, "line 1", f"expected a CSV header row ({exc})") from exc
    if not header:
        raise FormatError(path, "line 1", "expected a header row naming the columns (CONVERSATION ID, FROM, ...)")
    cols = {h.strip().upper(): i for i, h in enumerate(header)}
    missing = [c for c in _REQUIRED if c not in cols]
    if missing:
        raise FormatError(path, "line 1", f"expected LinkedIn messages.csv columns; missing {', '.join(missing)}")
    seen: set[str] = set()
    row_no = 0
    while True:
        try:
            row = next(rd)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FormatError(path, f"line {rd.line_num}", f"expected well-formed CSV ({exc})") from exc
        if not any(cell.strip() for cell in row):
            continue
        row_no += 1
        src = f"{path.name}#{row_no}"
        if len(row) != len(header):
            yield Reject(src, "bad-row", f"line {rd.line_num}: expected {len(header)} fields, found {len(row)}")
            continue

        def get(name: str, row: list[str] = row) -> str:
            i = cols.get(name)
            return row[i].strip() if i is not None else ""

        conv, sender, content = get("CONVERSATION ID"), get("FROM"), get("CONTENT")
        folder = get("FOLDER").upper()
        if folder == "DRAFT" or get("IS MESSAGE DRAFT").lower() in ("yes", "true"):
            yield Reject(src, "draft", f"row {row_no}: a draft, never sent")
            continue
        if folder == "SPAM":
            yield Reject(src, "spam", f"row {row_no}: in the spam folder")
            continue
        if not conv:
            yield Reject(src, "no-conversation", f"row {row_no}: no CONVERSATION ID")
            continue
        ts = to_utc(get("DATE"))
        if ts is None and get("DATE"):
            yield Reject(src, "bad-timestamp", f"row {row_no}: DATE {get('DATE')!r} is not a date and time")
            continue
        if _HTML.search(content):
            content = html_to_text(content)
        if not content.strip():
            att = get("ATTACHMENTS")
            yield Reject(src, "empty", f"row {row_no}: no content" + (f" (attachments: {att})" if att else ""))
            continue
        mid = "li-" + hashlib.sha1("\x1f".join((conv, get("DATE"), sender, content)).encode("utf-8")).hexdigest()[:16]
        if mid in seen:
            yield Reject(src, "duplicate", f"row {row_no}: the same message as an earlier row")
            continue
        seen.add(mid)
        slug = _SLUG.search(get("SENDER PROFILE URL"))
        yield {
            "id": mid,
            "conversation_id": conv,
            "reply_to": None,
            "speaker": slug.group(1).lower() if slug else (sender or "[unknown]"),
            "timestamp": ts,
            "text": content,
            "channel": "message",
            "title": get("CONVERSATION TITLE") or get("SUBJECT") or None,
            "source": src,
            "meta.name": sender or None,
            "meta.to": get("TO") or None,
            "meta.recipient_urls": get("RECIPIENT PROFILE URLS") or None,
            "meta.subject": get("SUBJECT") or None,
            "meta.folder": folder or None,
            "meta.attachments": get("ATTACHMENTS") or None,
        }
