"""Telegram Desktop chat exports in JSON (``result.json``).

Two shapes: a single chat's export (``{"name", "type", "id", "messages":
[...]}``) and the account export, whose chats sit in ``chats.list`` (and
``left_chats.list``). A folder holding ``result.json`` is read too.

Mapping: ``id`` = ``<chat id>:<message id>``; ``conversation_id`` = the chat
id (a chat is one conversation); ``reply_to`` = ``<chat id>:<reply_to_message_id>``
(a reply to a message of another chat, ``reply_to_peer_id``, is kept as
``meta.reply_to_other`` and not linked); ``speaker`` = ``from_id``
(``user123456``; the lower-cased ``from`` name when the id is missing);
``meta.name`` = ``from``; ``timestamp`` from ``date_unixtime`` (UTC) or,
in older exports, ``date`` (local clock time: stored as UTC unless ``tz``
names the zone); ``text`` = the ``text`` field with its entity array
flattened (``["see ", {"type": "link", "text": "https://..."}]`` -> ``see
https://...``); ``title`` = the chat's name; ``channel`` = ``chat``;
``meta.reactions`` (total count), ``meta.forwarded_from``,
``meta.media_type``, ``meta.edited``, ``meta.chat_type``.

Rejected (``reason``): ``system`` (``"type": "service"``: joins, pins,
calls, title changes, topic creation, ...), ``media`` (a photo, file,
sticker, poll, location or contact with no words), ``empty``, ``duplicate``
(a message id seen before in the chat), ``unparsable`` (an entry that is not
a message object or has no id). Note that in forum supergroups a topic's
messages reply to the topic's (rejected) creation message: their link ends
in ``missing_parent``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError
from ._json import load_json
from ._options import check_tz
from .registry import Reject, reader

__all__ = ["read_telegram", "flatten_text"]

_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "poll", "location_information",
               "contact_information", "game_title", "invoice_information")


def _file(path: Path) -> Path:
    return path / "result.json" if path.is_dir() else path


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        f = path / "result.json"
        if not f.is_file():
            return 0.0
        with open(f, "rb") as fh:
            head = fh.read(65536)
    elif not path.name.lower().endswith(".json"):
        return 0.0
    text = head.decode("utf-8", errors="ignore")
    if '"messages"' in text and ('"date_unixtime"' in text or re.search(r'"from_id"\s*:\s*"(?:user|channel)\d', text)):
        return 0.9
    if '"personal_information"' in text and '"chats"' in text:
        return 0.85
    if re.search(r'"type"\s*:\s*"(?:personal_chat|private_group|private_supergroup|public_supergroup|'
                 r'public_channel|private_channel|saved_messages|bot_chat)"', text) and '"messages"' in text:
        return 0.85
    return 0.0


def flatten_text(value: Any) -> str:
    """Join Telegram's ``text`` (a string, or a list of strings and entity objects) into plain text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("text") or "")
    if isinstance(value, list):
        return "".join(flatten_text(v) for v in value)
    return str(value)


def _chats(data: Any, path: Path) -> list[dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        return [data]
    if isinstance(data, dict) and isinstance(data.get("chats"), dict):
        out = [c for c in data["chats"].get("list") or [] if isinstance(c, dict)]
        left = data.get("left_chats")
        if isinstance(left, dict):
            out += [c for c in left.get("list") or [] if isinstance(c, dict)]
        return out
    raise FormatError(path, "$", "expected a Telegram Desktop JSON export: an object with 'messages' "
                                 "(one chat) or 'chats': {'list': [...]} (the account export)")


def _when(msg: dict[str, Any], tz: str | None) -> pd.Timestamp | None:
    unix = msg.get("date_unixtime")
    if unix is not None and str(unix).strip().lstrip("-").isdigit():
        return pd.Timestamp(int(unix), unit="s", tz="UTC")
    date = msg.get("date")
    if not date:
        return None
    try:
        ts = pd.Timestamp(date)
    except (ValueError, TypeError):
        return None
    if ts.tzinfo is not None:
        return ts.tz_convert("UTC")
    return ts.tz_localize(tz, ambiguous=False, nonexistent="shift_forward").tz_convert("UTC") if tz \
        else ts.tz_localize("UTC")


@reader("telegram", extensions=(".json",), sniff=_sniff, options={
    "tz": "time zone of 'date' in old exports without date_unixtime (default: UTC)",
})
def read_telegram(path: Path, *, tz: str | None = None) -> Iterator[dict[str, Any] | Reject]:
    """Telegram Desktop JSON export (result.json: one chat or chats.list), reply_to_message_id links."""
    tz = check_tz(tz)
    file = _file(path)
    if not file.is_file():
        raise FormatError(path, None, "expected a Telegram export's result.json (or the folder holding it)")
    data = load_json(file, "a Telegram Desktop JSON export")
    for ci, chat in enumerate(_chats(data, file)):
        chat_id = str(chat.get("id") if chat.get("id") is not None else chat.get("name") or f"chat{ci}")
        title = chat.get("name") or chat_id
        seen: set[str] = set()
        messages = chat.get("messages")
        if not isinstance(messages, list):
            raise FormatError(file, f"chat {chat_id}", "expected 'messages' to be a list")
        for i, msg in enumerate(messages):
            src = f"{file.name}#{chat_id}/{i}"
            if not isinstance(msg, dict) or msg.get("id") is None:
                yield Reject(src, "unparsable", f"chat {chat_id}, message {i}: expected an object with an 'id'")
                continue
            mid = f"{chat_id}:{msg['id']}"
            if msg.get("type", "message") != "message":
                yield Reject(src, "system", f"{msg.get('type')}: {msg.get('action') or ''}".strip())
                continue
            if mid in seen:
                yield Reject(src, "duplicate", f"message id {msg['id']} seen before in chat {chat_id}")
                continue
            seen.add(mid)
            text = flatten_text(msg.get("text")).strip()
            if not text:
                media = [k for k in _MEDIA_KEYS if msg.get(k)]
                yield Reject(src, "media" if media else "empty",
                             f"{msg.get('media_type') or (media[0] if media else 'no text')} with no words"
                             if media else "no text")
                continue
            when = _when(msg, tz)
            reply = msg.get("reply_to_message_id")
            other = msg.get("reply_to_peer_id")
            same_chat = other is None or re.sub(r"^(?:channel|user|chat)", "", str(other)) == chat_id.lstrip("-")
            name = msg.get("from")
            speaker = str(msg.get("from_id") or (name or "unknown")).lower()
            yield {
                "id": mid,
                "conversation_id": chat_id,
                "reply_to": f"{chat_id}:{reply}" if reply is not None and same_chat else None,
                "speaker": speaker,
                "timestamp": when,
                "text": text,
                "channel": "chat",
                "title": title,
                "source": src,
                "meta.name": name,
                "meta.chat_type": chat.get("type"),
                "meta.reactions": sum(int(r.get("count") or 0) for r in msg.get("reactions") or []
                                      if isinstance(r, dict)),
                "meta.forwarded_from": msg.get("forwarded_from"),
                "meta.media_type": msg.get("media_type") or ("photo" if msg.get("photo") else None),
                "meta.edited": bool(msg.get("edited") or msg.get("edited_unixtime")),
                "meta.reply_to_other": f"{other}:{reply}" if reply is not None and not same_chat else None,
            }
