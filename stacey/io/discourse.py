"""Discourse topics as JSON (``/t/<slug>/<id>.json``): the posts of ``post_stream``.

A topic file is the object Discourse returns for ``/t/<id>.json``: topic
fields (``id``, ``title``, ``slug``, ...) and ``post_stream.posts``, each post
with ``id``, ``topic_id``, ``post_number``, ``username``, ``name``,
``created_at``, ``cooked`` (the rendered HTML), ``reply_to_post_number``,
``post_type`` and ``deleted_at``. Also read: a single post object
(``/posts/<id>.json``) and the ``latest_posts`` list of ``/posts.json``
(posts of many topics; their ``topic_title`` becomes the title). A folder of
such files is read file by file.
Only the posts the file holds are read: ids listed in ``post_stream.stream``
whose posts were not fetched are not in the file and are not counted.

Turns: ``id`` = ``<topic_id>-<post_number>``, ``conversation_id`` =
``<topic_id>``, ``reply_to`` = ``<topic_id>-<reply_to_post_number>`` (a post
without ``reply_to_post_number`` replies to nothing: Discourse only records an
explicit reply, and treating every post as an answer to the first would invent
links), ``speaker`` = ``username``, ``text`` = ``cooked`` rendered to text
with quote asides (``aside.quote``, the quoted gesture) removed,
``channel`` ``post`` for post 1 and ``comment`` after it, ``title`` = the
topic title. ``meta.name``, ``meta.user_id``, ``meta.post_id``,
``meta.post_type``, ``meta.reads``, ``meta.reply_count``, ``meta.likes``,
``meta.quote_count`` are kept.

Rejects (``reason``): ``deleted`` (``deleted_at`` set, or ``user_deleted``
with no text left), ``system`` (``post_type`` 3, a small action such as
"closed the topic"), ``whisper`` (``post_type`` 4, staff-only), ``empty``
(nothing left after quotes are removed), ``duplicate``, ``unparsable`` (a post
that is not an object or has no ``post_number``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import FormatError
from ..text.html import html_to_text
from ._json import folder_files, head_has, load_json, to_utc
from .registry import Reject, read_head, reader

__all__ = ["read_discourse"]


def _sniff_file(path: Path, head: bytes) -> float:
    if head_has(head, "post_stream") or head_has(head, "latest_posts") or head_has(head, "cooked", "post_number"):
        return 0.95
    return 0.0


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        files = folder_files(path)[:20]
        return min((_sniff_file(p, read_head(p)) for p in files), default=0.0) * 0.95
    return _sniff_file(path, head)


def _likes(post: dict[str, Any]) -> int | None:
    for action in post.get("actions_summary") or []:
        if isinstance(action, dict) and action.get("id") == 2:
            return action.get("count")
    return None


def _read_topic(path: Path, label: str, seen: set[str], drop_quotes: bool) -> Iterator[dict[str, Any] | Reject]:
    data = load_json(path)
    if isinstance(data, dict) and isinstance(data.get("post_stream"), dict):
        posts, where = data["post_stream"].get("posts"), "post_stream.posts"
        if not isinstance(posts, list):
            raise FormatError(path, "$.post_stream", "expected 'posts' to be a list")
    elif isinstance(data, dict) and isinstance(data.get("latest_posts"), list):
        posts, where = data["latest_posts"], "latest_posts"
    elif isinstance(data, dict) and "post_number" in data and "cooked" in data:
        posts, where, data = [data], "$", {}
    else:
        raise FormatError(path, "$", "expected a Discourse topic object with 'post_stream' "
                                     "(or a post, or a 'latest_posts' list)")
    title = data.get("title") or data.get("fancy_title")
    for i, post in enumerate(posts):
        src = f"{label}#{where}[{i}]"
        if not isinstance(post, dict) or post.get("post_number") is None:
            yield Reject(src, "unparsable", f"post {i}: expected an object with a post_number")
            continue
        topic = str(post.get("topic_id", data.get("id", path.stem)))
        post_title = title or post.get("topic_title")
        pid = f"{topic}-{post['post_number']}"
        if pid in seen:
            yield Reject(src, "duplicate", f"post {pid} seen before")
            continue
        seen.add(pid)
        ptype = post.get("post_type", 1)
        if ptype == 3:
            yield Reject(src, "system", f"post {pid} is a small action ({post.get('action_code', 'action')})")
            continue
        if ptype == 4:
            yield Reject(src, "whisper", f"post {pid} is a staff whisper")
            continue
        if post.get("deleted_at"):
            yield Reject(src, "deleted", f"post {pid} deleted at {post['deleted_at']}")
            continue
        html = post.get("cooked") or ""
        text = html_to_text(html, drop_selectors=("aside.quote",) if drop_quotes else ())
        if not text:
            reason = "deleted" if post.get("user_deleted") else "empty"
            yield Reject(src, reason, f"post {pid} has no text" + (" (user deleted)" if reason == "deleted" else ""))
            continue
        rt = post.get("reply_to_post_number")
        rec: dict[str, Any] = {
            "id": pid,
            "conversation_id": topic,
            "reply_to": f"{topic}-{rt}" if rt not in (None, "") else None,
            "speaker": str(post.get("username") or post.get("user_id") or "[unknown]"),
            "timestamp": to_utc(post.get("created_at")),
            "text": text,
            "channel": "post" if post["post_number"] == 1 else "comment",
            "title": post_title,
            "source": src,
            "meta.name": post.get("name") or post.get("display_username"),
            "meta.user_id": post.get("user_id"),
            "meta.post_id": post.get("id"),
            "meta.post_type": ptype,
            "meta.reads": post.get("reads"),
            "meta.reply_count": post.get("reply_count"),
            "meta.quote_count": post.get("quote_count"),
            "meta.likes": _likes(post),
        }
        yield rec


@reader("discourse", sniff=_sniff, options={"drop_quotes": "remove quote asides from the text (default true)"})
def read_discourse(path: Path, *, drop_quotes: bool | str = True) -> Iterator[dict[str, Any] | Reject]:
    """Discourse topic JSON (post_stream; cooked HTML to text, quote asides removed)."""
    if isinstance(drop_quotes, str):
        drop_quotes = drop_quotes.strip().lower() not in ("0", "false", "no", "off")
    files = folder_files(path) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise FormatError(path, None, "expected a folder of Discourse topic .json files")
    seen: set[str] = set()
    for f in files:
        yield from _read_topic(f, f.relative_to(path).as_posix() if path.is_dir() else f.name, seen, drop_quotes)
