"""Slack workspace exports (the folder, or the .zip Slack produces).

Layout: ``users.json`` (members), ``channels.json`` (public channels; also
``groups.json``, ``mpims.json``, ``dms.json`` when the export has them) and
one folder per channel holding a JSON array of messages per day,
``<channel>/YYYY-MM-DD.json``. The zip may hold it at its root or in one
top-level folder. Archives are checked before reading (see
:mod:`stacey.io._archive`: path traversal, decompression bombs).

Mapping to the turn table:

- ``id`` = ``<channel>:<ts>`` (Slack's ``ts`` is unique within a channel);
- ``conversation_id`` = ``<channel>``: a channel is one conversation;
- ``reply_to`` = ``<channel>:<thread_ts>`` for a thread reply (``thread_ts``
  differs from its own ``ts``), pointing at the thread's parent; top-level
  messages and thread parents have none;
- ``speaker`` = the member's ``name`` in ``users.json`` (the lower-case
  handle); ``meta.name`` the display or real name; ``meta.user_id`` the id;
- ``timestamp`` from ``ts`` (Unix seconds, UTC, microseconds kept);
- ``text`` with Slack's markup rendered: ``<@U123>`` -> ``@name``,
  ``<#C123|general>`` -> ``#general``, ``<!here>`` -> ``@here``,
  ``<url|label>`` -> ``label``, ``<url>`` -> ``url``, then ``&amp;``,
  ``&lt;``, ``&gt;`` decoded;
- ``title`` = ``#<channel>``; ``channel`` = ``chat``;
- ``meta.reactions`` = total reaction count; ``meta.reply_count`` for thread
  parents; ``meta.subtype`` (``thread_broadcast``, ``me_message``,
  ``file_share``) and ``meta.edited``.

Rejected messages (``reason``): ``join`` / ``leave`` (``channel_join``,
``channel_leave`` and the ``group_`` forms), ``bot`` (``bot_message``,
messages with a ``bot_id`` and no member, members flagged ``is_bot``),
``deleted`` (``tombstone``, ``message_deleted``), ``system`` (every other
subtype: topic, purpose, name, pins, archive, ...), ``media`` (a file shared
with no words), ``empty``, ``duplicate`` (a ``ts`` seen before in the
channel), ``unparsable`` (an entry that is not a message object, or a day
file that is not a JSON array: one reject for the whole file, its messages
cannot be counted).

Not an export: the Web API's responses (``{"ok": true, "messages": [...]}``
from ``conversations.history``) are refused with a :class:`FormatError`
that says so.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError
from ._archive import ExportTree, is_zip, zip_names
from .registry import Reject, reader

__all__ = ["read_slack", "render_slack_text"]

_DAY = re.compile(r"^(?:(?P<prefix>.*/))?(?P<channel>[^/]+)/(?P<day>\d{4}-\d{2}-\d{2})\.json$")
_META_FILES = ("channels.json", "groups.json", "mpims.json", "dms.json")
_HUMAN = {None, "", "thread_broadcast", "me_message", "file_share", "reply_broadcast"}
_JOIN = {"channel_join", "group_join"}
_LEAVE = {"channel_leave", "group_leave"}
_BOT = {"bot_message", "bot_add", "bot_remove", "slackbot_response", "bot_enable", "bot_disable"}
_DELETED = {"tombstone", "message_deleted"}
_MARKUP = re.compile(r"<([^<>\n]*)>")


def _looks_like_export(names: list[str]) -> bool:
    base = {n.rsplit("/", 1)[-1] for n in names}
    has_meta = "users.json" in base or "channels.json" in base
    return has_meta and any(_DAY.match(n) for n in names)


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        if not ((path / "users.json").is_file() or (path / "channels.json").is_file()):
            return 0.0
        for sub in path.iterdir():
            if sub.is_dir() and any(re.fullmatch(r"\d{4}-\d{2}-\d{2}\.json", f.name) for f in sub.iterdir()):
                return 0.95
        return 0.6
    if path.name.lower().endswith(".zip") and _looks_like_export(zip_names(path, limit=5000)):
        return 0.95
    return 0.0


def render_slack_text(text: str, users: dict[str, str] | None = None, channels: dict[str, str] | None = None) -> str:
    """Render Slack's message markup as plain text.

    Parameters
    ----------
    text
        A message's ``text`` as stored by Slack (``<``, ``>``, ``&`` escaped).
    users
        Member id -> handle, to name ``<@U123>`` mentions that carry no label.
    channels
        Channel id -> name, for ``<#C123>`` links that carry no label.

    Returns
    -------
    The text with ``<@U123>`` -> ``@name``, ``<#C1|general>`` -> ``#general``,
    ``<!here>`` -> ``@here``, ``<!subteam^S1|@team>`` -> ``@team``,
    ``<!date^...|fallback>`` -> ``fallback``, ``<url|label>`` -> ``label``,
    ``<url>`` -> ``url`` (``mailto:`` dropped) and HTML entities decoded.
    """
    users = users or {}
    channels = channels or {}

    def one(m: re.Match[str]) -> str:
        inner = m.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            uid = target[1:]
            return "@" + (label or users.get(uid, uid))
        if target.startswith("#"):
            cid = target[1:]
            return "#" + (label or channels.get(cid, cid))
        if target.startswith("!"):
            word = target[1:]
            if label:
                return label
            if word.startswith(("subteam^", "date^")):
                return word.split("^", 1)[1]
            return "@" + word
        if label:
            return label
        return target[7:] if target.startswith("mailto:") else target

    return html.unescape(_MARKUP.sub(one, text))


def _load_list(tree: ExportTree, name: str) -> list[dict[str, Any]]:
    if not tree.exists(name):
        return []
    text = tree.read_text(name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(tree.label(name), f"line {exc.lineno}, column {exc.colno}",
                          f"expected a JSON array ({exc.msg})") from exc
    if not isinstance(data, list):
        raise FormatError(tree.label(name), None, "expected a JSON array of objects")
    return [d for d in data if isinstance(d, dict)]


def _ts(value: Any) -> pd.Timestamp | None:
    text = str(value)
    m = re.fullmatch(r"(\d+)(?:\.(\d{1,9}))?", text)
    if not m:
        return None
    ns = int(m.group(1)) * 10**9 + int((m.group(2) or "0").ljust(9, "0"))
    return pd.Timestamp(ns, unit="ns", tz="UTC")


def _not_an_export(path: Path) -> FormatError:
    hint = ""
    if path.is_file() and path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if isinstance(data, dict) and ("ok" in data or "messages" in data or "user" in data or "members" in data):
            hint = ("; this looks like a Slack Web API response (conversations.history, users.info, ...), "
                    "not a workspace export")
    return FormatError(path, None, "expected a Slack export: a folder or .zip with users.json, channels.json and "
                                   "<channel>/YYYY-MM-DD.json files" + hint)


@reader("slack", extensions=(".zip",), sniff=_sniff, options={
    "max_members": "zip: most members read (default 100000)",
    "max_total": "zip: most bytes inflated in all (default 4 GiB)",
    "max_ratio": "zip: highest compression ratio of one member (default 200)",
})
def read_slack(path: Path, **limits: Any) -> Iterator[dict[str, Any] | Reject]:
    """Slack export (folder or .zip: users.json, channels.json, <channel>/YYYY-MM-DD.json)."""
    if not (path.is_dir() or is_zip(path)):
        raise _not_an_export(path)
    with ExportTree(path, **limits) as tree:
        names = tree.names()
        day_files = [(m, n) for n in names if (m := _DAY.match(n))]
        meta_at = [n for n in names if n.rsplit("/", 1)[-1] in ("users.json", *_META_FILES)]
        if not day_files or not meta_at:
            raise _not_an_export(path)
        root = min((n.rsplit("/", 1)[0] + "/" if "/" in n else "" for n in meta_at), key=len)
        users_raw = _load_list(tree, root + "users.json")
        users = {u["id"]: u for u in users_raw if "id" in u}
        handles = {uid: str(u.get("name") or uid).lower() for uid, u in users.items()}
        chan_names: dict[str, str] = {}
        for meta_file in _META_FILES:
            for ch in _load_list(tree, root + meta_file):
                if "id" in ch:
                    chan_names[str(ch["id"])] = str(ch.get("name") or ch["id"])
        seen: set[str] = set()
        for m, name in day_files:
            if (m.group("prefix") or "") != root:
                continue
            channel = m.group("channel")
            label = tree.label(name)
            try:
                day = json.loads(tree.read_text(name))
            except json.JSONDecodeError as exc:
                yield Reject(label, "unparsable", f"line {exc.lineno}, column {exc.colno}: {exc.msg}; "
                                                  "the day's messages could not be read")
                continue
            if not isinstance(day, list):
                yield Reject(label, "unparsable", "expected a JSON array of messages; the day could not be read")
                continue
            yield from _day(day, channel, label, users, handles, chan_names, seen)


def _day(day: list[Any], channel: str, label: str, users: dict[str, dict[str, Any]], handles: dict[str, str],
         chan_names: dict[str, str], seen: set[str]) -> Iterator[dict[str, Any] | Reject]:
    for i, msg in enumerate(day):
        src = f"{label}#{i}"
        if not isinstance(msg, dict):
            yield Reject(src, "unparsable", f"entry {i}: expected a message object")
            continue
        ts = msg.get("ts")
        when = _ts(ts) if ts is not None else None
        if when is None:
            yield Reject(src, "unparsable", f"entry {i}: no valid 'ts' (expected Unix seconds like 1355517523.000005)")
            continue
        subtype = msg.get("subtype")
        uid = msg.get("user")
        member = users.get(uid, {}) if uid else {}
        if msg.get("type", "message") != "message":
            yield Reject(src, "system", f"type {msg.get('type')!r}")
            continue
        if subtype in _JOIN:
            yield Reject(src, "join", str(subtype))
            continue
        if subtype in _LEAVE:
            yield Reject(src, "leave", str(subtype))
            continue
        if subtype in _DELETED:
            yield Reject(src, "deleted", str(subtype))
            continue
        if subtype in _BOT or member.get("is_bot") or uid == "USLACKBOT" or (msg.get("bot_id") and not member):
            yield Reject(src, "bot", str(subtype or msg.get("bot_id") or uid))
            continue
        if subtype not in _HUMAN or msg.get("hidden"):
            yield Reject(src, "system", str(subtype))
            continue
        mid = f"{channel}:{ts}"
        if mid in seen:
            yield Reject(src, "duplicate", f"ts {ts} seen before in #{channel}")
            continue
        seen.add(mid)
        text = render_slack_text(str(msg.get("text") or ""), handles, chan_names).strip()
        if not text:
            yield Reject(src, "media" if msg.get("files") or msg.get("file") else "empty",
                         "a file shared with no words" if msg.get("files") or msg.get("file") else "no text")
            continue
        profile = msg.get("user_profile") or {}
        mprofile = member.get("profile") or {}
        handle = handles.get(uid) or str(profile.get("name") or uid or "unknown").lower()
        shown = (mprofile.get("display_name") or mprofile.get("real_name") or member.get("real_name")
                 or profile.get("display_name") or profile.get("real_name") or handle)
        thread_ts = msg.get("thread_ts")
        rec: dict[str, Any] = {
            "id": mid,
            "conversation_id": channel,
            "reply_to": f"{channel}:{thread_ts}" if thread_ts and str(thread_ts) != str(ts) else None,
            "speaker": handle,
            "timestamp": when,
            "text": text,
            "channel": "chat",
            "title": f"#{channel}",
            "source": src,
            "meta.name": shown,
            "meta.user_id": uid,
            "meta.reactions": sum(int(r.get("count") or len(r.get("users") or [])) for r in msg.get("reactions") or []
                                  if isinstance(r, dict)),
            "meta.reply_count": int(msg.get("reply_count") or 0),
            "meta.subtype": subtype or None,
            "meta.edited": bool(msg.get("edited")),
        }
        yield rec
