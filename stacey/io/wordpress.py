"""WordPress export files (WXR: WordPress eXtended RSS) of posts and their comments.

WXR is the XML file of *Tools -> Export* in WordPress: an RSS 2.0 ``channel``
with ``wp:author`` entries and one ``item`` per post, page, attachment or menu
item; each item has ``title``, ``dc:creator`` (the author's login),
``content:encoded`` (HTML), ``wp:post_id``, ``wp:post_date_gmt``,
``wp:post_type``, ``wp:status`` and its ``wp:comment`` elements
(``wp:comment_id``, ``wp:comment_author``, ``wp:comment_author_email``,
``wp:comment_date_gmt``, ``wp:comment_content``, ``wp:comment_approved``,
``wp:comment_type``, ``wp:comment_parent``, ``wp:comment_user_id``). The ``wp``
namespace version (1.0, 1.1, 1.2) is taken from the file. Parsed with
defusedxml: entity declarations and external references are refused.

Turns: ``id`` = ``post-<wp:post_id>`` / ``comment-<wp:comment_id>``,
``conversation_id`` = the post's id, ``reply_to`` = ``comment-<parent>`` or the
post's id for a top-level comment, ``channel`` ``post``/``comment``, ``title``
the post title, ``speaker`` the lower-cased e-mail address of the author when
the export has one (post authors: via ``wp:author``), else the author name;
``meta.name`` the display name. Text is the HTML rendered to plain text.
Times are ``*_date_gmt``; when that is ``0000-00-00 00:00:00`` (drafts) the
local ``*_date`` is used as UTC.

Options: ``include_unapproved`` (read comments held for moderation,
``wp:comment_approved`` = 0), ``post_types`` (comma list of post types to
read, default ``post``; ``post,page`` adds pages), ``include_drafts`` (read
items whose status is draft, pending, future or private-draft).

Rejects (``reason``): ``not-a-post`` (an item of another post type:
attachment, page, nav_menu_item, ...; its comments too), ``draft`` (status
draft, pending, auto-draft or future; its comments too), ``trash`` (a trashed
post or comment), ``unapproved`` (comment held for moderation), ``spam``,
``pingback``/``trackback`` (automatic link notices, not responses),
``empty`` (no text), ``duplicate`` (id seen before), ``unparsable`` (an item
or comment without its id). A file that is not well-formed XML raises
:class:`FormatError` with line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from ..errors import FormatError
from ..text.html import html_to_text
from ._json import head_text, to_utc
from .registry import Reject, reader

__all__ = ["read_wordpress"]

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_EXCERPT_NS = "http://wordpress.org/export/{v}/excerpt/"
_DC = "{http://purl.org/dc/elements/1.1/}creator"
_WP_NS = re.compile(r"http://wordpress\.org/export/(\d+\.\d+)/")
_DRAFT = {"draft", "pending", "auto-draft", "future"}
_READ_STATUS = {"publish", "private", "inherit", ""}


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        return 0.0
    text = head_text(head)
    if _WP_NS.search(text) and "<rss" in text:
        return 0.95
    if _WP_NS.search(text):
        return 0.8
    return 0.0


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def _text(el: Element | None, tag: str) -> str:
    if el is None:
        return ""
    found = el.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


def _when(gmt: str, local: str) -> Any:
    for value in (gmt, local):
        if value and not value.startswith("0000"):
            ts = to_utc(value)
            if ts is not None:
                return ts
    return None


def _parse(path: Path) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import parse

    try:
        return parse(path, forbid_dtd=False, forbid_entities=True, forbid_external=True).getroot()
    except ParseError as exc:
        line, col = getattr(exc, "position", (None, None))
        raise FormatError(path, f"line {line}, column {col}" if line else None,
                          f"expected well-formed WXR XML ({exc.msg if hasattr(exc, 'msg') else exc})") from exc
    except DefusedXmlException as exc:
        raise FormatError(path, None, f"refused unsafe XML ({exc}); WXR files need no entity declarations") from exc
    except OSError as exc:
        raise FormatError(path, None, f"could not be read ({exc})") from exc


@reader(
    "wordpress",
    extensions=(".xml", ".wxr"),
    sniff=_sniff,
    options={
        "include_unapproved": "also read comments held for moderation (default false)",
        "post_types": "comma list of post types to read (default post; e.g. post,page)",
        "include_drafts": "also read draft, pending and scheduled items (default false)",
    },
)
def read_wordpress(path: Path, *, include_unapproved: bool | str = False, post_types: str | tuple[str, ...] = "post",
                   include_drafts: bool | str = False) -> Iterator[dict[str, Any] | Reject]:
    """WordPress export (WXR XML): posts and comments, comment_parent as reply links."""
    include_unapproved = _bool(include_unapproved)
    include_drafts = _bool(include_drafts)
    types = {t.strip() for t in (post_types.split(",") if isinstance(post_types, str) else post_types) if t.strip()}
    root = _parse(path)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FormatError(path, f"<{root.tag}>", "expected a WXR file: <rss> with a <channel>")
    ns_match = None
    for el in root.iter():
        if isinstance(el.tag, str):
            ns_match = _WP_NS.match(el.tag.lstrip("{"))
            if ns_match:
                break
    version = ns_match.group(1) if ns_match else "1.2"
    wp = "{http://wordpress.org/export/" + version + "/}"

    authors: dict[str, tuple[str, str]] = {}
    for a in channel.findall(f"{wp}author"):
        login = _text(a, f"{wp}author_login")
        if login:
            authors[login] = (_text(a, f"{wp}author_email").lower(), _text(a, f"{wp}author_display_name") or login)

    seen: set[str] = set()
    for i, item in enumerate(channel.findall("item"), 1):
        src = f"{path.name}#item{i}"
        post_id = _text(item, f"{wp}post_id")
        comments = item.findall(f"{wp}comment")
        if not post_id:
            yield Reject(src, "unparsable", f"item {i}: no wp:post_id")
            for j, _c in enumerate(comments, 1):
                yield Reject(f"{src}/comment{j}", "unparsable", f"item {i}: comment of an item without wp:post_id")
            continue
        pid = f"post-{post_id}"
        ptype = _text(item, f"{wp}post_type") or "post"
        status = _text(item, f"{wp}status")
        title = _text(item, "title")
        reason = None
        if ptype not in types:
            reason, detail = "not-a-post", f"item {i} has post type {ptype}, not one of {sorted(types)} (option post_types)"
        elif status == "trash":
            reason, detail = "trash", f"{pid} is in the trash"
        elif status in _DRAFT and not include_drafts:
            reason, detail = "draft", f"{pid} has status {status} (option include_drafts)"
        elif status not in _READ_STATUS and status not in _DRAFT:
            reason, detail = "not-a-post", f"{pid} has status {status}"
        elif pid in seen:
            reason, detail = "duplicate", f"{pid} seen before"
        if reason:
            yield Reject(src, reason, detail)
            for j, _c in enumerate(comments, 1):
                yield Reject(f"{src}/comment{j}", reason, f"comment on {pid}: {detail}")
            continue
        seen.add(pid)
        login = _text(item, _DC)
        email, display = authors.get(login, ("", login))
        body = html_to_text(_text(item, _CONTENT))
        text = body or title
        if not text:
            yield Reject(src, "empty", f"{pid} has no title or content")
        else:
            yield {
                "id": pid,
                "conversation_id": pid,
                "reply_to": None,
                "speaker": email or login or "[unknown]",
                "timestamp": _when(_text(item, f"{wp}post_date_gmt"), _text(item, f"{wp}post_date")),
                "text": text,
                "channel": "post",
                "title": title or None,
                "source": src,
                "meta.name": display or None,
                "meta.login": login or None,
                "meta.post_type": ptype,
                "meta.status": status,
                "meta.link": _text(item, "link") or None,
                "meta.categories": ", ".join(c.text.strip() for c in item.findall("category")
                                             if c.get("domain") == "category" and c.text) or None,
                "meta.tags": ", ".join(c.text.strip() for c in item.findall("category")
                                       if c.get("domain") == "post_tag" and c.text) or None,
            }
        yield from _comments(comments, wp, pid, title, src, seen, include_unapproved)


def _comments(comments: list[Element], wp: str, pid: str, title: str, src: str,
              seen: set[str], include_unapproved: bool) -> Iterator[dict[str, Any] | Reject]:
    for j, c in enumerate(comments, 1):
        csrc = f"{src}/comment{j}"
        cid_raw = _text(c, f"{wp}comment_id")
        if not cid_raw:
            yield Reject(csrc, "unparsable", f"comment {j} of {pid}: no wp:comment_id")
            continue
        cid = f"comment-{cid_raw}"
        ctype = _text(c, f"{wp}comment_type")
        approved = _text(c, f"{wp}comment_approved").lower()
        if cid in seen:
            yield Reject(csrc, "duplicate", f"{cid} seen before")
            continue
        seen.add(cid)
        if ctype in ("pingback", "trackback"):
            yield Reject(csrc, ctype, f"{cid} is a {ctype}")
            continue
        if approved == "spam":
            yield Reject(csrc, "spam", f"{cid} is marked spam")
            continue
        if approved in ("trash", "post-trashed"):
            yield Reject(csrc, "trash", f"{cid} is in the trash")
            continue
        if approved != "1" and not (include_unapproved and approved == "0"):
            yield Reject(csrc, "unapproved", f"{cid} is not approved ({approved or 'no status'}; "
                                              "option include_unapproved)")
            continue
        text = html_to_text(_text(c, f"{wp}comment_content"))
        if not text:
            yield Reject(csrc, "empty", f"{cid} has no text")
            continue
        parent = _text(c, f"{wp}comment_parent")
        email = _text(c, f"{wp}comment_author_email").lower()
        name = _text(c, f"{wp}comment_author")
        yield {
            "id": cid,
            "conversation_id": pid,
            "reply_to": f"comment-{parent}" if parent and parent != "0" else pid,
            "speaker": email or name or "[anonymous]",
            "timestamp": _when(_text(c, f"{wp}comment_date_gmt"), _text(c, f"{wp}comment_date")),
            "text": text,
            "channel": "comment",
            "title": title or None,
            "source": csrc,
            "meta.name": name or None,
            "meta.author_url": _text(c, f"{wp}comment_author_url") or None,
            "meta.user_id": _text(c, f"{wp}comment_user_id") or None,
            "meta.approved": approved,
        }
