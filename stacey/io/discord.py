"""Discord channels exported with DiscordChatExporter as JSON.

DiscordChatExporter (Tyrrrz) writes one file per channel: ``guild``
(``id``, ``name``), ``channel`` (``id``, ``name``, ``category``, ``topic``),
``messages`` (``id``, ``type``, ``timestamp``, ``timestampEdited``,
``content``, ``author`` {``id``, ``name``, ``nickname``, ``isBot``},
``attachments``, ``embeds``, ``stickers``, ``reactions``, ``mentions``,
``reference`` {``messageId``, ``channelId``}) and ``messageCount``.

Mapping: ``id`` = ``<channel id>:<message id>``; ``conversation_id`` = the
channel id (a channel, or a thread exported as its own channel, is one
conversation); ``reply_to`` = ``<reference.channelId>:<reference.messageId>``
for a reply (a forward, ``reference.type == "Forward"``, is not a reply: its
forwarded text becomes the turn's text and ``meta.forwarded`` is set);
``speaker`` = ``author.name`` lower-cased (the account's user name);
``meta.name`` = the nickname shown in the server; ``meta.author_id``;
``timestamp`` (ISO 8601 with offset, to UTC); ``title`` = ``#<channel>``;
``meta.guild``; ``meta.reactions`` (total count); ``meta.edited``;
``channel`` = ``chat``. Raw mentions left in ``content`` (``<@123>``,
``<#123>``, ``<@&123>``, exports made without markdown formatting) are
rendered ``@name`` / ``#channel`` from the message's ``mentions`` where they
are known.

Rejected (``reason``): ``system`` (any ``type`` other than ``Default`` and
``Reply``: joins, pins, calls, thread creation, slash commands, ...),
``bot`` (``author.isBot``), ``media`` (attachments, stickers or embeds with
no words), ``empty``, ``duplicate``, ``unparsable`` (an entry that is not a
message object with an ``id``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError
from ._json import load_json
from .registry import Reject, reader

__all__ = ["read_discord"]

_HUMAN = {"Default", "Reply", "0", "19"}
_RAW_MENTION = re.compile(r"<(@!?|#|@&)(\d+)>")


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir() or not path.name.lower().endswith(".json"):
        return 0.0
    text = head.decode("utf-8", errors="ignore")
    if re.search(r'"guild"\s*:\s*\{', text) and re.search(r'"channel"\s*:\s*\{', text) and '"messages"' in text:
        return 0.9
    return 0.0


def _render(content: str, mentions: list[Any]) -> str:
    names = {str(m.get("id")): (m.get("nickname") or m.get("name")) for m in mentions if isinstance(m, dict)}

    def one(m: re.Match[str]) -> str:
        kind, ident = m.group(1), m.group(2)
        if kind.startswith("@") and kind != "@&":
            return "@" + str(names.get(ident, ident))
        return ("#" if kind == "#" else "@") + ident

    return _RAW_MENTION.sub(one, content)


@reader("discord", extensions=(".json",), sniff=_sniff, options={})
def read_discord(path: Path) -> Iterator[dict[str, Any] | Reject]:
    """DiscordChatExporter JSON (guild, channel, messages[] with reference.messageId)."""
    if path.is_dir():
        raise FormatError(path, None, "expected one DiscordChatExporter .json file, not a folder")
    data = load_json(path, "a DiscordChatExporter JSON export")
    if not (isinstance(data, dict) and isinstance(data.get("channel"), dict) and isinstance(data.get("messages"), list)):
        raise FormatError(path, "$", "expected a DiscordChatExporter JSON object with 'channel' {...} "
                                     "and 'messages' [...]")
    guild = data.get("guild") if isinstance(data.get("guild"), dict) else {}
    chan = data["channel"]
    chan_id = str(chan.get("id") or path.stem)
    title = "#" + str(chan.get("name") or chan_id)
    seen: set[str] = set()
    for i, msg in enumerate(data["messages"]):
        src = f"{path.name}#{i}"
        if not isinstance(msg, dict) or msg.get("id") is None:
            yield Reject(src, "unparsable", f"message {i}: expected an object with an 'id'")
            continue
        mid = f"{chan_id}:{msg['id']}"
        kind = str(msg.get("type", "Default"))
        author = msg.get("author") if isinstance(msg.get("author"), dict) else {}
        if kind not in _HUMAN:
            yield Reject(src, "system", f"message {msg['id']}: type {kind}")
            continue
        if author.get("isBot"):
            yield Reject(src, "bot", f"message {msg['id']}: by bot {author.get('name')}")
            continue
        if mid in seen:
            yield Reject(src, "duplicate", f"message id {msg['id']} seen before")
            continue
        seen.add(mid)
        ref = msg.get("reference") if isinstance(msg.get("reference"), dict) else {}
        forward = ref.get("type") == "Forward"
        content = str(msg.get("content") or "")
        fwd = msg.get("forwardedMessage") if isinstance(msg.get("forwardedMessage"), dict) else None
        if forward and not content.strip() and fwd:
            content = str(fwd.get("content") or "")
        text = _render(content, msg.get("mentions") or []).strip()
        if not text:
            has_media = any(msg.get(k) for k in ("attachments", "stickers", "embeds"))
            yield Reject(src, "media" if has_media else "empty",
                         "attachments, stickers or embeds with no words" if has_media else "no text")
            continue
        try:
            when = pd.Timestamp(msg["timestamp"]).tz_convert("UTC") if msg.get("timestamp") else None
        except (ValueError, TypeError):
            yield Reject(src, "bad-timestamp", f"message {msg['id']}: {msg.get('timestamp')!r} is not ISO 8601")
            continue
        except AttributeError:
            when = None
        reply = None
        if ref.get("messageId") and not forward:
            reply = f"{ref.get('channelId') or chan_id}:{ref['messageId']}"
        yield {
            "id": mid,
            "conversation_id": chan_id,
            "reply_to": reply,
            "speaker": str(author.get("name") or author.get("id") or "unknown").lower(),
            "timestamp": when,
            "text": text,
            "channel": "chat",
            "title": title,
            "source": src,
            "meta.name": author.get("nickname") or author.get("name"),
            "meta.author_id": author.get("id"),
            "meta.guild": guild.get("name"),
            "meta.reactions": sum(int(r.get("count") or 0) for r in msg.get("reactions") or [] if isinstance(r, dict)),
            "meta.edited": bool(msg.get("timestampEdited")),
            "meta.forwarded": forward,
        }
