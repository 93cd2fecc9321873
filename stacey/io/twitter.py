"""X/Twitter: the account archive (``tweets.js``) and tweet reply trees stored as branches.

Two readers live here, one per shape a researcher meets:

``twitter``: the account archive X/Twitter lets a user download (*Settings ->
Your account -> Download an archive*). Its ``data/tweets.js`` (older archives:
``tweet.js``; large ones add ``tweets-part1.js`` ...) is JavaScript,
``window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]``, each tweet with
``id_str``, ``full_text``, ``created_at`` (``Wed Oct 10 20:19:24 +0000
2018``), ``in_reply_to_status_id_str``, ``in_reply_to_screen_name``,
``favorite_count``, ``retweet_count``, ``lang``. Give the ``.js`` file, the
``data`` folder or the archive folder. The owner's handle comes from
``account.js`` beside it (``window.YTD.account.part0``), or the ``account``
option; else the speaker is ``[owner]``.

Turns: ``id`` = the tweet id, ``reply_to`` = ``in_reply_to_status_id``. An
account archive holds only the owner's tweets, so most replies answer a tweet
that is not in it: those parents are kept in ``missing_parent``.
``conversation_id`` = the root of the reply chain: follow ``reply_to`` through
the archive to the first tweet that replies to nothing (its id), or, when the
chain leaves the archive, the id of the tweet outside it that the chain
reaches (so the owner's replies to the same outside tweet form one
conversation). ``channel`` ``comment`` for a reply, ``post`` otherwise; text
is ``full_text`` with HTML entities decoded. ``meta.in_reply_to_screen_name``,
``meta.likes``, ``meta.retweets``, ``meta.lang`` are kept. Rejects:
``retweet`` (``RT @...``: someone else's words; option ``include_retweets``),
``empty``, ``duplicate``, ``unparsable`` (an entry without an id).

``twitter-branches``: tweet reply trees as JSON files ``{"source": [tweet],
"branches": [[tweet, ...], ...]}`` with twint fields (``id``,
``conversation_id``, ``created_at`` in Unix milliseconds, ``username``,
``name``, ``tweet``, ``likes_count``, ...), as in the Danish stance data of
danish-stance-detectors; also the same data in the DAST schema
(``{"redditSubmission": {...}, "branches": [[{"comment": {...}}]]}`` whose
``url``/``comment_url`` point at twitter.com). Give one file or a folder
(read recursively, sorted). A branch is a path from the source down, and the
files carry no parent id: the first tweet of a branch replies to the source,
each later one to the tweet before it (a non-empty DAST ``parent_id`` wins).
``conversation_id`` = the source tweet's id; ``speaker`` = lower-cased
``username`` (DAST schema: the handle in ``comment_url``); times from
``created_at`` (DAST schema: ``created``, taken as UTC). Source tweet channel
``post``, replies ``comment``. Rejects: ``duplicate`` (a tweet already read
from an earlier branch or file), ``empty``, ``unparsable``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import FormatError
from ._json import folder_files, head_has, head_text, load_js_assignment, load_json, to_utc
from .registry import Reject, read_head, reader

__all__ = ["read_twitter", "read_twitter_branches"]

_TWEETS_JS = re.compile(r"^tweets?(-part\d+)?\.js$")
_TW_TIME = "%a %b %d %H:%M:%S %z %Y"
_HANDLE = re.compile(r"twitter\.com/([A-Za-z0-9_]+)/status", re.I)


# ---------------------------------------------------------------------------- account archive


def _archive_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    for folder in (path / "data", path):
        files = sorted((p for p in folder.glob("*.js") if _TWEETS_JS.match(p.name)), key=_part)
        if files:
            return files
    return []


def _part(path: Path) -> tuple[str, int]:
    """Sort key: ``tweets.js`` before ``tweets-part1.js`` before ``tweets-part2.js``."""
    m = _TWEETS_JS.match(path.name)
    part = m.group(1) if m else None
    return (path.name.split("-")[0].split(".")[0], int(part[5:]) if part else 0)


def _sniff(path: Path, head: bytes) -> float:
    if path.is_dir():
        return 0.9 if _archive_files(path) else 0.0
    text = head_text(head)
    if re.match(r"\s*window\.YTD\.tweets?\.part\d+\s*=", text):
        return 0.99
    return 0.0


def _account(files: list[Path]) -> str | None:
    for folder in {f.parent for f in files}:
        acc = folder / "account.js"
        if acc.is_file():
            try:
                data = load_js_assignment(acc)
            except FormatError:
                return None
            for entry in data if isinstance(data, list) else []:
                a = entry.get("account") if isinstance(entry, dict) else None
                if isinstance(a, dict) and a.get("username"):
                    return str(a["username"]).lower()
    return None


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def _sid(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


@reader("twitter", extensions=(".js",), sniff=_sniff,
        options={"account": "the archive owner's handle, when account.js is not beside tweets.js",
                 "include_retweets": "read retweets (RT @...) as turns (default false)"})
def read_twitter(path: Path, *, account: str | None = None,
                 include_retweets: bool | str = False) -> Iterator[dict[str, Any] | Reject]:
    """X/Twitter account archive (tweets.js: window.YTD.tweets.part0 = [...]); in_reply_to as reply links."""
    include_retweets = _bool(include_retweets)
    files = _archive_files(path)
    if not files:
        raise FormatError(path, None, "expected an X/Twitter archive: tweets.js, or a folder with data/tweets.js")
    owner = (account or "").lstrip("@").lower() or _account(files) or "[owner]"
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for f in files:
        data = load_js_assignment(f)
        if not isinstance(data, list):
            raise FormatError(f, "$", "expected a JSON array of tweets after '='")
        for i, entry in enumerate(data):
            src = f"{f.name}#{i}"
            tw = entry.get("tweet", entry) if isinstance(entry, dict) else None
            tid = _sid(tw.get("id_str") or tw.get("id")) if isinstance(tw, dict) else None
            if tid is None:
                yield Reject(src, "unparsable", f"entry {i}: expected a tweet object with id_str")
                continue
            if tid in seen:
                yield Reject(src, "duplicate", f"tweet {tid} seen before")
                continue
            seen.add(tid)
            text = html.unescape(str(tw.get("full_text") or tw.get("text") or ""))
            if text.startswith("RT @") and not include_retweets:
                yield Reject(src, "retweet", f"tweet {tid} is a retweet (option include_retweets)")
                continue
            if not text.strip():
                yield Reject(src, "empty", f"tweet {tid} has no text")
                continue
            parent = _sid(tw.get("in_reply_to_status_id_str") or tw.get("in_reply_to_status_id"))
            records.append({
                "id": tid,
                "reply_to": parent,
                "speaker": owner,
                "timestamp": to_utc(tw.get("created_at"), fmt=_TW_TIME),
                "text": text,
                "channel": "comment" if parent else "post",
                "title": None,
                "source": src,
                "meta.in_reply_to_screen_name": tw.get("in_reply_to_screen_name"),
                "meta.likes": _int(tw.get("favorite_count")),
                "meta.retweets": _int(tw.get("retweet_count")),
                "meta.lang": tw.get("lang"),
            })
    parent_of = {r["id"]: r["reply_to"] for r in records}
    for r in records:
        cur, hops = r["id"], 0
        while parent_of.get(cur) and hops <= len(parent_of):
            cur, hops = parent_of[cur], hops + 1
        r["conversation_id"] = cur
        yield r


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------- branch files


def _branch_kind(head: bytes) -> str | None:
    text = head_text(head)
    if head_has(text, "source", "branches") and head_has(text, "tweet"):
        return "twint"
    if head_has(text, "redditSubmission", "branches") and "twitter.com/" in text:
        return "dast"
    return None


def _sniff_branches(path: Path, head: bytes) -> float:
    if path.is_dir():
        files = folder_files(path)[:40]
        kinds = [_branch_kind(read_head(p)) for p in files]
        return 0.9 if kinds and all(kinds) else 0.0
    return 0.95 if _branch_kind(head) else 0.0


def _twint(tw: dict[str, Any]) -> dict[str, Any]:
    ms = tw.get("created_at")
    ts = to_utc(ms, unit="ms") if isinstance(ms, (int, float)) else to_utc(f"{tw.get('date', '')} {tw.get('time', '')}")
    return {
        "id": _sid(tw.get("id_str") or tw.get("id")),
        "speaker": str(tw.get("username") or tw.get("user_id") or "[unknown]").lower(),
        "timestamp": ts,
        "text": html.unescape(str(tw.get("tweet") or "")),
        "meta.name": tw.get("name"),
        "meta.user_id": _sid(tw.get("user_id")),
        "meta.likes": _int(tw.get("likes_count")),
        "meta.retweets": _int(tw.get("retweets_count")),
        "meta.replies": _int(tw.get("replies_count")),
        "meta.link": tw.get("link"),
    }


def _dast_tweet(c: dict[str, Any], url_key: str) -> dict[str, Any]:
    m = _HANDLE.search(str(c.get(url_key) or ""))
    rec = {
        "id": _sid(c.get("comment_id", c.get("submission_id"))),
        "speaker": m.group(1).lower() if m else "[unknown]",
        "timestamp": to_utc(c.get("created")),
        "text": html.unescape(str(c.get("text") or c.get("title") or "")),
        "meta.link": c.get(url_key),
    }
    for k in ("SDQC_Submission", "SDQC_Parent", "SourceSDQC", "Certainty", "Evidentiality", "Evidantiality",
              "TruthStatus", "IsRumour"):
        if k in c:
            rec[f"meta.{k}"] = c[k]
    return rec


def _branch_file(f: Path, label: str, seen: set[str]) -> Iterator[dict[str, Any] | Reject]:
    data = load_json(f)
    if isinstance(data, dict) and "source" in data and "branches" in data:
        src_list = data["source"] if isinstance(data["source"], list) else [data["source"]]
        root = _twint(src_list[0]) if src_list and isinstance(src_list[0], dict) else None
        branches = [[tw if isinstance(tw, dict) else None for tw in (b or [])] for b in data["branches"] or []]
        conv_items = [(_twint(tw) if tw else None) for b in branches for tw in b]
        shape = [len(b) for b in branches]
        extra_sources = src_list[1:]
    elif isinstance(data, dict) and "redditSubmission" in data and "branches" in data:
        sub = data["redditSubmission"] or {}
        root = _dast_tweet(sub, "url") if isinstance(sub, dict) and sub else None
        branches_raw = data["branches"] or []
        conv_items = [(_dast_tweet(e["comment"], "comment_url") | {"_parent": _sid(e["comment"].get("parent_id"))})
                      if isinstance(e, dict) and isinstance(e.get("comment"), dict) else None
                      for b in branches_raw for e in (b or [])]
        shape = [len(b or []) for b in branches_raw]
        extra_sources = []
    else:
        raise FormatError(f, "$", "expected {'source': [tweet], 'branches': [[tweet, ...]]} "
                                  "or a DAST-schema file of tweets")
    if root is None or not root["id"]:
        raise FormatError(f, "$.source", "expected the source tweet with an id")
    conv = root["id"]
    for k in range(1, len(extra_sources) + 1):
        yield Reject(f"{label}#source[{k}]", "unparsable", f"source tweet {k + 1} in {label}: one is expected")
    for rec, loc, parent in _chain(root, conv_items, shape):
        src = f"{label}#{loc}"
        if rec is None or not rec.get("id"):
            yield Reject(src, "unparsable", f"{loc}: expected a tweet object with an id")
            continue
        if rec["id"] in seen:
            yield Reject(src, "duplicate", f"tweet {rec['id']} seen before")
            continue
        seen.add(rec["id"])
        if not rec["text"].strip():
            yield Reject(src, "empty", f"tweet {rec['id']} has no text")
            continue
        rec.pop("_parent", None)
        yield {**rec, "conversation_id": conv, "reply_to": parent, "channel": "comment" if parent else "post",
               "title": None, "source": src}


def _chain(root: dict[str, Any], items: list[dict[str, Any] | None],
           shape: list[int]) -> Iterator[tuple[dict[str, Any] | None, str, str | None]]:
    yield root, "source", None
    pos = 0
    for b, n in enumerate(shape):
        prev = root["id"]
        for j in range(n):
            item = items[pos]
            pos += 1
            if item is None:
                yield None, f"branch{b}/{j}", None
                continue
            explicit = item.get("_parent")
            parent = explicit if explicit else prev
            yield item, f"branch{b}/{j}", parent
            prev = item["id"] or prev


@reader("twitter-branches", sniff=_sniff_branches, options={})
def read_twitter_branches(path: Path) -> Iterator[dict[str, Any] | Reject]:
    """Tweet reply trees as {source, branches} JSON (twint fields or DAST schema); file or folder."""
    files = folder_files(path) if path.is_dir() else [path]
    if not files:
        raise FormatError(path, None, "expected a folder of {source, branches} .json files")
    seen: set[str] = set()
    for f in files:
        yield from _branch_file(f, f.relative_to(path).as_posix() if path.is_dir() else f.name, seen)
