"""Facebook "Download your information" JSON: posts and comments of a profile or page.

The export (JSON format) holds, among much else:

- **posts**: ``your_posts_1.json`` (profile: ``your_activity_across_facebook/
  posts/`` or ``posts/``; page exports likewise): a JSON array of entries
  ``{"timestamp": <unix s>, "data": [{"post": "<text>"}, {"update_timestamp":
  ...}], "title": "<Name> updated his status.", "attachments": [{"data":
  [{"external_context": {"url": ...}} | {"media": {"uri": ...}}]}], "tags":
  [...]}``. Older exports wrap the array in an object (``{"status_updates_v2":
  [...]}``): any object whose only list value holds such entries is read.
- **comments**: ``comments.json`` (``comments_and_reactions/``):
  ``{"comments_v2": [{"timestamp": ..., "data": [{"comment": {"timestamp":
  ..., "comment": "<text>", "author": "<Name>", "group": ...}}], "title":
  "<Name> commented on <Other>'s post.", "attachments": [...]}]}``; older
  exports name the list ``comments``.

Facebook writes these files with every non-ASCII character mis-encoded: the
UTF-8 bytes escaped one by one as ``\\u00c3\\u00a6`` (so ``æ`` reads ``Ã¦``).
Every string is repaired by re-reading its code points as Latin-1 bytes and
decoding them as UTF-8 (left as it is when that fails; option
``repair_encoding=false`` turns it off).

Replies: the real export does not say which post a comment answers (only the
``title`` names the other person). So a comment of ``comments.json`` is its
own conversation, with the title in ``meta.activity`` and the parsed target
(``post``, ``comment``, ``photo``, ...) in ``meta.target``. Where a file
carries the links, they are used: a post entry may hold its comments in
``"comments": [<comment entry>, ...]`` and a comment entry its replies in
``"replies": [<comment entry>, ...]`` (same entry shape as ``comments_v2``);
then ``reply_to`` is the post (or comment) it sits under and
``conversation_id`` the post's id.

Turns: ``id`` = ``fb-post-<n>`` / ``fb-comment-<n>``, ``n`` counting from 1 in
file order (files sorted by path; nested comments and replies depth-first, in
the order they appear), ``channel`` ``post``/``comment``, ``speaker`` the
comment's ``author``; for posts the profile or page owner: the ``owner``
option, else ``profile_information.json`` (``profile_v2.name.full_name``) in
the folder read, else the name opening the post's ``title`` ("Lea Leder
updated her status."), else
``[owner]``. ``meta.activity`` (the entry title), ``meta.attachments`` (URLs
and media paths) and ``meta.group`` are kept. Given a folder, every ``.json``
file holding posts or comments is read; other files of the export (likes,
profile, messages) are not conversation items and are skipped.

Rejects: ``empty`` (an entry with no text: a shared photo, sticker or link
alone; the detail names the attachment), ``unparsable`` (an entry that is not
an object). A file that is not JSON, or JSON of neither shape (when named
directly), raises :class:`FormatError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import FormatError
from ._json import folder_files, head_has, head_text, load_json, to_utc
from .registry import Reject, read_head, reader

__all__ = ["read_facebook", "repair_mojibake"]

_TITLE_ACTOR = re.compile(
    r"^(?P<name>.+?) (?:updated|shared|posted|wrote|added|was|is|created|changed|uploaded|published|commented|"
    r"replied|feels|went|checked|recommends|reviewed|edited|live)\b")
_TARGET = re.compile(r"(?:commented on|replied to) .*?\b(post|comment|photo|video|link|status|album|reel|event)\b")


def repair_mojibake(value: Any) -> Any:
    """Undo Facebook's Latin-1 view of UTF-8 in every string of a JSON value.

    ``"Ã¦"`` (the two code points of the UTF-8 bytes of ``æ``) becomes
    ``"æ"``. A string that is not such mojibake (a code point above U+00FF,
    or bytes that are not valid UTF-8) is returned unchanged.
    """
    if isinstance(value, str):
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    if isinstance(value, list):
        return [repair_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {repair_mojibake(k): repair_mojibake(v) for k, v in value.items()}
    return value


def _sniff_file(head: bytes) -> float:
    text = head_text(head)
    if head_has(text, "comments_v2"):
        return 0.95
    if head_has(text, "timestamp", "data") and (head_has(text, "post") or head_has(text, "comment")):
        return 0.9 if head_has(text, "title") or head_has(text, "author") else 0.7
    return 0.0


#: Folders of a "Download your information" export on the way to its posts and comments files.
_DYI_DIRS = frozenset({"posts", "comments", "comments_and_reactions", "your_facebook_activity",
                       "your_activity_across_facebook", "this_profile's_activity_across_facebook"})


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        # Only files reached through the export's own folders count: a folder that merely holds a
        # Facebook export somewhere below (beside a Slack export, an mbox, ...) is not one.
        files = [p for p in folder_files(path) if set(p.relative_to(path).parts[:-1]) <= _DYI_DIRS]
        names = {p.name for p in files}
        if any(n.startswith("your_posts") for n in names) or "comments.json" in names:
            return 0.9 if any(_sniff_file(read_head(p)) for p in files[:200]) else 0.0
        return 0.0
    return _sniff_file(head)


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def _is_entry_list(value: Any, key: str) -> bool:
    return isinstance(value, list) and any(
        isinstance(e, dict) and isinstance(e.get("data"), list)
        and any(isinstance(d, dict) and key in d for d in e["data"]) for e in value[:50])


def _classify(data: Any) -> tuple[str, list[Any]] | None:
    if isinstance(data, dict):
        for key in ("comments_v2", "comments"):
            if isinstance(data.get(key), list):
                return "comments", data[key]
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1 and (_is_entry_list(lists[0], "post") or not lists[0]):
            return "posts", lists[0]
        return None
    if isinstance(data, list):
        if _is_entry_list(data, "post") or (data and all(isinstance(e, dict) and "timestamp" in e for e in data[:50])):
            return "posts", data
        if _is_entry_list(data, "comment"):
            return "comments", data
    return None


def _owner(files: list[Path], repair: bool) -> str | None:
    for f in files:
        if f.name == "profile_information.json":
            try:
                data = load_json(f)
            except FormatError:
                return None
            data = repair_mojibake(data) if repair else data
            prof = (data.get("profile_v2") or data.get("profile") or {}) if isinstance(data, dict) else {}
            name = (prof.get("name") or {}).get("full_name") if isinstance(prof, dict) else None
            if name:
                return str(name)
    return None


def _attachments(entry: dict[str, Any]) -> str | None:
    found: list[str] = []
    for att in entry.get("attachments") or []:
        for d in (att.get("data") or []) if isinstance(att, dict) else []:
            if not isinstance(d, dict):
                continue
            ext = d.get("external_context") or {}
            media = d.get("media") or {}
            for v in (ext.get("url"), media.get("uri"), ext.get("name")):
                if v:
                    found.append(str(v))
                    break
    return " ".join(found) or None


class _Ids:
    def __init__(self) -> None:
        self.post = 0
        self.comment = 0


def _comment_turns(entries: Any, loc: str, label: str, ids: _Ids, *, conv: str | None,
                   parent: str | None) -> Iterator[dict[str, Any] | Reject]:
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        ids.comment += 1
        cid = f"fb-comment-{ids.comment}"
        here = f"{loc}[{i}]"
        src = f"{label}#{here}"
        if not isinstance(entry, dict):
            yield Reject(src, "unparsable", f"{here}: expected a comment entry object")
            continue
        inner: dict[str, Any] = {}
        for d in entry.get("data") or []:
            if isinstance(d, dict) and isinstance(d.get("comment"), dict):
                inner = d["comment"]
                break
        if not inner and "comment" in entry and "author" in entry:
            inner = entry
        text = str(inner.get("comment") or "").strip()
        activity = entry.get("title")
        if not text:
            att = _attachments(entry)
            yield Reject(src, "empty", f"{cid}: no text" + (f" (attachment {att})" if att else ""))
        else:
            target = _TARGET.search(str(activity or ""))
            yield {
                "id": cid,
                "conversation_id": conv or cid,
                "reply_to": parent,
                "speaker": str(inner.get("author") or "[unknown]"),
                "timestamp": to_utc(inner.get("timestamp", entry.get("timestamp"))),
                "text": text,
                "channel": "comment",
                "title": None,
                "source": src,
                "meta.activity": activity,
                "meta.target": target.group(1) if target else None,
                "meta.group": inner.get("group"),
                "meta.attachments": _attachments(entry),
            }
        if entry.get("replies"):
            yield from _comment_turns(entry["replies"], f"{here}.replies", label, ids, conv=conv or cid,
                                      parent=cid)


def _post_turns(entries: list[Any], loc: str, label: str, ids: _Ids,
                owner: str | None) -> Iterator[dict[str, Any] | Reject]:
    for i, entry in enumerate(entries):
        ids.post += 1
        pid = f"fb-post-{ids.post}"
        here = f"{loc}[{i}]"
        src = f"{label}#{here}"
        if not isinstance(entry, dict):
            yield Reject(src, "unparsable", f"{here}: expected a post entry object")
            continue
        parts = [str(d["post"]).strip() for d in entry.get("data") or []
                 if isinstance(d, dict) and d.get("post")]
        text = "\n\n".join(p for p in parts if p)
        activity = entry.get("title")
        if not text:
            att = _attachments(entry)
            yield Reject(src, "empty", f"{pid}: no text ({activity or 'no title'}"
                                       + (f"; attachment {att}" if att else "") + ")")
        else:
            actor = _TITLE_ACTOR.match(str(activity or ""))
            yield {
                "id": pid,
                "conversation_id": pid,
                "reply_to": None,
                "speaker": owner or (actor.group("name") if actor else "[owner]"),
                "timestamp": to_utc(entry.get("timestamp")),
                "text": text,
                "channel": "post",
                "title": None,
                "source": src,
                "meta.activity": activity,
                "meta.attachments": _attachments(entry),
                "meta.tags": ", ".join(str(t.get("name", t)) if isinstance(t, dict) else str(t)
                                       for t in entry.get("tags") or []) or None,
            }
        if entry.get("comments"):
            yield from _comment_turns(entry["comments"], f"{here}.comments", label, ids, conv=pid, parent=pid)


@reader("facebook", sniff=_sniff,
        options={"owner": "name of the profile or page owner (speaker of the posts)",
                 "repair_encoding": "repair Facebook's mis-encoded UTF-8 (default true)"})
def read_facebook(path: Path, *, owner: str | None = None,
                  repair_encoding: bool | str = True) -> Iterator[dict[str, Any] | Reject]:
    """Facebook "Download your information" JSON: posts and comments (mojibake repaired)."""
    repair = _bool(repair_encoding)
    files = folder_files(path) if path.is_dir() else [path]
    owner = owner or (_owner(files, repair) if path.is_dir() else None)
    ids = _Ids()
    read_any = False
    for f in files:
        label = f.relative_to(path).as_posix() if path.is_dir() else f.name
        if path.is_dir() and not _sniff_file(read_head(f)):
            continue
        data = load_json(f)
        data = repair_mojibake(data) if repair else data
        kind = _classify(data)
        if kind is None:
            if path.is_dir():
                continue
            raise FormatError(f, "$", "expected Facebook posts (a list of {timestamp, data: [{post}], title}) "
                                      "or comments ({comments_v2: [...]})")
        read_any = True
        what, entries = kind
        key = next((k for k, v in data.items() if v is entries), None) if isinstance(data, dict) else None
        loc = f"$.{key}" if key else "$"
        if what == "posts":
            yield from _post_turns(entries, loc, label, ids, owner)
        else:
            yield from _comment_turns(entries, loc, label, ids, conv=None, parent=None)
    if path.is_dir() and not read_any:
        raise FormatError(path, None, "expected a Facebook export folder with posts (your_posts_1.json) "
                                      "or comments (comments.json)")
