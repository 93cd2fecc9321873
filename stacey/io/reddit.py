"""Reddit threads: API JSON, flat comment lists, Pushshift NDJSON, URS scrapes and DAST.

One reader, ``reddit``, for every shape a Reddit thread is found in; the shape
is recognised from the content:

- **API JSON** (``/comments/<id>.json``): a listing pair ``[submission
  Listing, comments Listing]`` of ``{"kind": "t3"|"t1"|"more", "data": {...}}``
  things, comments nested in ``replies`` (a Listing or ``""``); a single
  Listing or thing works too.
- **flat lists**: a JSON array of comment objects (``id``, ``parent_id`` with
  ``t1_``/``t3_`` prefix, ``link_id``, ``author``, ``body``, ``created_utc``),
  wrapped as things or bare; submissions (``title``, ``selftext``) may be in it.
- **Pushshift NDJSON** (``.ndjson``/``.jsonl``, optionally ``.gz``): one comment
  (``body``) or submission (``title``) object a line.
- **URS scrapes** (JosephLai241/URS): ``{"scrape_settings", "data":
  {"submission_metadata", "comments"}}`` flat (``raw``) or with nested
  ``replies`` (``structured``); ``author`` carries a ``u/`` prefix (dropped) and
  ``created_utc`` is ``MM-DD-YYYY HH:MM:SS`` in the scraper's unrecorded local
  zone (taken as UTC). The older URS layout, objects keyed by comment id with
  ``"Comment ID"``, ``"Parent ID"``, ``"Author"``, ``"Date Created"``,
  ``"Upvotes"``, ``"Text"`` (flat or nested), is read by collecting every
  object that has a ``"Comment ID"``.
- **DAST** (Lillie & Middelboe 2019): ``{"redditSubmission": {...},
  "branches": [[{"comment": {...}}, ...], ...]}`` per submission; each branch
  is a root-to-leaf path so comments repeat: the first copy is the turn, later
  copies are rejects ``duplicate``. ``parent_id`` is a bare id; an empty one
  means the previous comment of the branch (or the submission). A folder of
  such files (or of any of the shapes above) is read file by file, sorted,
  with de-duplication across files.

Turns: ``id`` is the Reddit fullname (``t3_<id>`` submission, ``t1_<id>``
comment), ``conversation_id`` the submission's fullname (``link_id``; when a
shape lacks it, the ``t3_`` root the reply chain reaches), ``reply_to`` the
``parent_id`` fullname, ``channel`` ``post``/``comment``, ``speaker`` the
author (``[deleted]`` when the account is gone but the text is not), ``title``
the submission title where known. A submission's text is its title, then its
body after a blank line. ``meta.score``, ``meta.subreddit``,
``meta.permalink`` and what else the shape carries (DAST stance labels:
``meta.SDQC_Parent`` ...) are kept. The API and Pushshift escape ``&``, ``<``
and ``>`` in ``body``, ``selftext`` and ``title`` as HTML entities; those three
are decoded (URS and DAST, written by PRAW, are not escaped and are left as they are).

Rejects (``reason``): ``deleted`` (body ``[deleted]`` or DAST
``is_deleted``), ``removed`` (body ``[removed]``), ``empty`` (no text),
``duplicate`` (fullname seen before), ``not-loaded`` (an API ``more`` stub:
comments the file does not hold), ``unparsable`` (an NDJSON line that is not
JSON, or an object that is neither comment nor submission). A submission
whose body was deleted or removed keeps its title as its text (the title is
still shown on Reddit) with ``meta.body_state`` saying so. A file that is not
JSON, or JSON of no Reddit shape, raises :class:`FormatError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import FormatError
from ._json import folder_files, head_has, head_text, iter_ndjson, load_json, to_utc
from .registry import Reject, read_head, reader

__all__ = ["read_reddit"]

_GONE = {"[deleted]": "deleted", "[removed]": "removed"}
_URS_TIME = "%m-%d-%Y %H:%M:%S"
_KIND = re.compile(r'"kind"\s*:\s*"(Listing|t1|t3|more)"')
_PREFIX = re.compile(r"^t\d_")
_NDJSON = (".ndjson", ".jsonl")
_PATTERNS = ("*.json", "*.ndjson", "*.jsonl", "*.json.gz", "*.ndjson.gz", "*.jsonl.gz")

# ---------------------------------------------------------------------------- detection


def _sniff_file(path: Path, head: bytes) -> float:
    text = head_text(head)
    if head_has(text, "redditSubmission", "branches"):
        return 0.2 if "twitter.com/" in text else 0.95
    if head_has(text, "scrape_settings") and head_has(text, "submission_metadata"):
        return 0.95
    if head_has(text, "Comment ID", "Parent ID"):
        return 0.9
    if _KIND.search(text) and ("reddit" in text or head_has(text, "subreddit") or head_has(text, "parent_id")):
        return 0.9
    if head_has(text, "parent_id", "link_id", "body"):
        return 0.85
    if head_has(text, "subreddit") and (head_has(text, "selftext") or head_has(text, "body")):
        return 0.8
    return 0.0


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        files = folder_files(path, _PATTERNS)[:20]
        if not files:
            return 0.0
        scores = [_sniff_file(p, read_head(p)) for p in files]
        return min(0.9, min(scores))
    return _sniff_file(path, head)


# ---------------------------------------------------------------------------- normalising


def _speaker(author: Any) -> str:
    if author is None or str(author).strip() == "":
        return "[deleted]"
    name = str(author).strip()
    return name[2:] if name.startswith("u/") else name


def _time(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d", value.strip()):
        return to_utc(value, fmt=_URS_TIME)
    return to_utc(value)


def _full(value: Any, prefix: str) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    return text if _PREFIX.match(text) else prefix + text


_COMMENT_META = ("score", "subreddit", "permalink", "edited", "distinguished", "stickied", "is_submitter",
                 "controversiality", "gilded", "depth", "author_flair_text")
_SUBMISSION_META = ("score", "subreddit", "permalink", "url", "num_comments", "upvote_ratio", "edited",
                    "distinguished", "stickied", "locked", "link_flair_text", "is_self", "over_18", "nsfw")


def _unescape(text: Any, on: bool) -> Any:
    """Reddit's JSON API escapes ``&``, ``<`` and ``>`` in ``body``/``selftext``; undo that."""
    if not on or not isinstance(text, str):
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _api_comment(d: dict[str, Any], unescape: bool = True) -> dict[str, Any]:
    bare = str(d.get("id", "")).strip()
    name = d.get("name") or (_full(bare, "t1_") if bare else None)
    link = _full(d.get("link_id"), "t3_")
    parent_raw = d.get("parent_id")
    parent = None
    if parent_raw not in (None, ""):
        text = str(parent_raw)
        parent = text if _PREFIX.match(text) else ("t3_" + text if link == "t3_" + text else "t1_" + text)
    return {"kind": "t1", "name": name, "parent": parent, "link": link, "author": d.get("author"),
            "body": _unescape(d.get("body"), unescape), "time": _time(d.get("created_utc", d.get("created"))),
            "meta": {k: d[k] for k in _COMMENT_META if k in d and not isinstance(d[k], (dict, list))}}


def _api_submission(d: dict[str, Any], unescape: bool = True) -> dict[str, Any]:
    bare = str(d.get("id", "")).strip()
    if not bare:
        m = re.search(r"/comments/(\w+)", str(d.get("permalink") or d.get("url") or ""))
        bare = m.group(1) if m else ""
    name = d.get("name") or (_full(bare, "t3_") if bare else None)
    return {"kind": "t3", "name": name, "parent": None, "link": name, "author": d.get("author"),
            "title": _unescape(d.get("title"), unescape), "body": _unescape(d.get("selftext"), unescape),
            "time": _time(d.get("created_utc", d.get("created"))),
            "meta": {k: d[k] for k in _SUBMISSION_META if k in d and not isinstance(d[k], (dict, list))}}


def _urs_old_comment(d: dict[str, Any]) -> dict[str, Any]:
    meta = {"score": d.get("Upvotes"), "edited": d.get("Edited?"), "is_submitter": d.get("Is Submitter?"),
            "stickied": d.get("Stickied?")}
    return {"kind": "t1", "name": _full(d.get("Comment ID"), "t1_"), "parent": d.get("Parent ID") or None,
            "link": None, "author": d.get("Author"), "body": d.get("Text"),
            "time": _time(d.get("Date Created")), "meta": {k: v for k, v in meta.items() if v is not None}}


# ---------------------------------------------------------------------------- walking the shapes


def _walk_api(obj: Any, loc: str, unescape: bool = True) -> Iterator[tuple[dict[str, Any] | None, str, str]]:
    """Yield ``(normalised item or None, locator, kind)`` for each thing in API-like JSON."""
    if isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _walk_api(x, f"{loc}[{i}]", unescape)
        return
    if not isinstance(obj, dict):
        yield None, loc, "unknown"
        return
    if "kind" in obj and isinstance(obj.get("data"), dict):
        kind, data = obj["kind"], obj["data"]
        if kind == "Listing":
            yield from _walk_api(data.get("children", []), f"{loc}.data.children", unescape)
        elif kind == "t1":
            yield _api_comment(data, unescape), loc, "t1"
            if data.get("replies"):
                yield from _walk_api(data["replies"], f"{loc}.data.replies", unescape)
        elif kind == "t3":
            yield _api_submission(data, unescape), loc, "t3"
        elif kind == "more":
            yield data, loc, "more"
        else:
            yield None, loc, f"kind {kind!r}"
        return
    if "body" in obj:
        yield _api_comment(obj, unescape), loc, "t1"
        if obj.get("replies"):
            yield from _walk_api(obj["replies"], f"{loc}.replies", unescape)
    elif "title" in obj:
        yield _api_submission(obj, unescape), loc, "t3"
    else:
        yield None, loc, "unknown"


def _walk_urs_old(obj: Any, loc: str) -> Iterator[tuple[dict[str, Any] | None, str, str]]:
    if isinstance(obj, dict):
        if "Comment ID" in obj:
            yield _urs_old_comment(obj), loc, "t1"
            return
        for k, v in obj.items():
            yield from _walk_urs_old(v, f"{loc}.{k}")
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _walk_urs_old(x, f"{loc}[{i}]")


def _walk_dast(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any] | None, str, str]]:
    sub = data.get("redditSubmission") or {}
    sid = str(sub.get("submission_id", "")).strip()
    link = "t3_" + sid if sid else None
    user = sub.get("user") if isinstance(sub.get("user"), dict) else {}
    meta = {k: sub[k] for k in ("upvotes", "num_comments", "url", "text_url", "IsRumour", "TruthStatus",
                                "RumourDescription", "SourceSDQC") if k in sub}
    if sub:
        yield ({"kind": "t3", "name": link, "parent": None, "link": link, "author": user.get("id"),
                "title": sub.get("title"), "body": sub.get("text"), "time": _time(sub.get("created")),
                "meta": meta}, "submission", "t3")
    branches = data.get("branches") or []
    for b, branch in enumerate(branches):
        prev = link
        for j, entry in enumerate(branch or []):
            c = entry.get("comment") if isinstance(entry, dict) else None
            loc = f"branch{b}/{j}"
            if not isinstance(c, dict):
                yield None, loc, "unknown"
                continue
            pid = str(c.get("parent_id") or "").strip()
            parent = (link if pid == sid else "t1_" + pid) if pid else prev
            cuser = c.get("user") if isinstance(c.get("user"), dict) else {}
            cmeta = {k: c[k] for k in ("upvotes", "is_submitter", "comment_url", "SDQC_Submission", "SDQC_Parent",
                                       "Certainty", "Evidentiality", "AnnotatedAt") if k in c}
            name = _full(c.get("comment_id"), "t1_")
            item = {"kind": "t1", "name": name, "parent": parent,
                    "link": _full(c.get("submission_id"), "t3_") or link, "author": cuser.get("id"),
                    "body": "[deleted]" if c.get("is_deleted") else c.get("text"), "time": _time(c.get("created")),
                    "meta": cmeta}
            yield item, loc, "t1"
            prev = name


# ---------------------------------------------------------------------------- turns


def _conversations(items: list[dict[str, Any]]) -> None:
    """Fill ``link`` (the submission fullname) where a shape lacks it, from the reply chain."""
    parent = {it["name"]: it["parent"] for it in items}
    t3s = {p for it in items for p in (it["parent"], it["link"]) if p and str(p).startswith("t3_")}
    for it in items:
        if it["link"]:
            continue
        cur, seen = it["name"], set()
        while parent.get(cur) and cur not in seen:
            seen.add(cur)
            cur = parent[cur]
        if str(cur).startswith("t3_"):
            it["link"] = cur
        elif len(t3s) == 1:
            it["link"] = next(iter(t3s))
        else:
            it["link"] = cur


def _records(label: str, walked: Iterator[tuple[dict[str, Any] | None, str, str]],
             seen: set[str]) -> Iterator[dict[str, Any] | Reject]:
    items: list[tuple[dict[str, Any], str]] = []
    for item, loc, kind in walked:
        src = f"{label}#{loc}"
        if kind == "more":
            n = item.get("count", len(item.get("children") or [])) if item else 0
            yield Reject(src, "not-loaded", f"a 'more' stub: {n} comment(s) not in this file")
            continue
        if item is None:
            yield Reject(src, "unparsable", f"{loc}: expected a Reddit comment or submission ({kind})")
            continue
        if not item["name"]:
            yield Reject(src, "unparsable", f"{loc}: {kind} without an id")
            continue
        if item["name"] in seen:
            yield Reject(src, "duplicate", f"{item['name']} seen before")
            continue
        seen.add(item["name"])
        body = item.get("body")
        body = "" if body is None else str(body)
        if item["kind"] == "t1":
            if body.strip() in _GONE:
                yield Reject(src, _GONE[body.strip()], f"comment {item['name']} is {_GONE[body.strip()]}")
                continue
            if not body.strip():
                yield Reject(src, "empty", f"comment {item['name']} has no text")
                continue
            item["text"] = body
        else:
            title = str(item.get("title") or "").strip()
            state = _GONE.get(body.strip())
            if state:
                item["meta"]["body_state"] = state
                body = ""
            item["text"] = "\n\n".join(p for p in (title, body.strip()) if p)
            if not item["text"]:
                yield Reject(src, "empty", f"submission {item['name']} has no title or text")
                continue
        items.append((item, src))
    _conversations([it for it, _ in items])
    titles = {it["name"]: it.get("title") for it, _ in items if it["kind"] == "t3"}
    for it, src in items:
        rec: dict[str, Any] = {
            "id": it["name"],
            "conversation_id": it["link"],
            "reply_to": it["parent"],
            "speaker": _speaker(it["author"]),
            "timestamp": it["time"],
            "text": it["text"],
            "channel": "post" if it["kind"] == "t3" else "comment",
            "title": titles.get(it["link"]) or it.get("title"),
            "source": src,
        }
        for k, v in it["meta"].items():
            rec[f"meta.{k}"] = v
        yield rec


def _read_file(path: Path, seen: set[str], label: str) -> Iterator[dict[str, Any] | Reject]:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(_NDJSON):
        walked = []
        good = 0
        for line_no, obj, err in iter_ndjson(path):
            if err is not None or not isinstance(obj, dict):
                walked.append((None, f"line{line_no}", err or "not a JSON object"))
                continue
            good += 1
            for item, _loc, kind in _walk_api(obj, ""):
                walked.append((item, f"line{line_no}", kind))
        if not good and walked:
            raise FormatError(path, "line 1", "expected one Reddit comment or submission JSON object per line")
        yield from _records(label, iter(walked), seen)
        return
    data = load_json(path)
    if isinstance(data, dict) and "redditSubmission" in data and "branches" in data:
        yield from _records(label, _walk_dast(data), seen)
    elif isinstance(data, dict) and isinstance(data.get("data"), dict) and "comments" in data["data"]:
        inner = data["data"]
        def urs() -> Iterator[tuple[dict[str, Any] | None, str, str]]:
            meta = inner.get("submission_metadata")
            if isinstance(meta, dict):
                if not meta.get("permalink") and data.get("scrape_settings", {}).get("url"):
                    meta = {**meta, "permalink": data["scrape_settings"]["url"]}
                yield _api_submission(meta, unescape=False), "$.data.submission_metadata", "t3"
            yield from _walk_api(inner.get("comments") or [], "$.data.comments", unescape=False)
        yield from _records(label, urs(), seen)
    elif _has_urs_old(data):
        yield from _records(label, _walk_urs_old(data, "$"), seen)
    elif isinstance(data, (list, dict)) and _looks_api(data):
        yield from _records(label, _walk_api(data, "$"), seen)
    else:
        raise FormatError(path, "$", "expected a Reddit thread: API listing JSON, a list of comments "
                                     "(parent_id, body), a URS scrape or a DAST submission file")


def _has_urs_old(data: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if isinstance(data, dict):
        if "Comment ID" in data:
            return True
        return any(_has_urs_old(v, depth + 1) for v in list(data.values())[:3])
    if isinstance(data, list):
        return any(_has_urs_old(v, depth + 1) for v in data[:3])
    return False


def _looks_api(data: Any) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    if not isinstance(first, dict):
        return isinstance(data, list) and not data
    return "kind" in first or "body" in first or "parent_id" in first or "title" in first


@reader("reddit", extensions=(".json", ".ndjson", ".jsonl"), sniff=_sniff, options={})
def read_reddit(path: Path) -> Iterator[dict[str, Any] | Reject]:
    """Reddit threads: API JSON, flat comment lists, Pushshift NDJSON, URS scrapes, DAST (file or folder)."""
    if path.is_dir():
        files = folder_files(path, _PATTERNS)
        if not files:
            raise FormatError(path, None, "expected a folder holding Reddit .json or .ndjson files")
    else:
        files = [path]
    seen: set[str] = set()
    for f in files:
        yield from _read_file(f, seen, f.relative_to(path).as_posix() if path.is_dir() else f.name)
