"""Render the hand-written page posts and comments in ``_src/facebook.txt`` as a Facebook JSON export.

Writes ``corpus/vesterby/facebook/your_facebook_activity/posts/``:

- ``your_posts_1.json``: the page's own posts, a JSON array of
  ``{"timestamp", "attachments", "data": [{"post"}, {"update_timestamp"}], "title"}``
  as in Facebook's "Download your information" export;
- ``other_people's_posts_to_your_timeline.json``: posts by visitors on the page
  (``{"wall_posts_sent_to_you_v2": [...]}``; the citizen's thank-you post).

Each post entry carries its comments under ``"comments"`` and each comment its
replies under ``"replies"``, every one in the shape of a ``comments_v2`` entry
(``{"timestamp", "data": [{"comment": {"timestamp", "comment", "author"}}],
"title"}``). A real personal export does not link comments to posts; this
nesting is the layout ``stacey``'s facebook reader accepts for linked threads
(see docs/readers-posts.md). Strings are written the way Facebook writes them:
UTF-8 bytes escaped one by one as ``\\u00c3\\u00a6`` (mojibake), which readers
must repair. A source text ``[sticker] <path>`` is a sticker-only comment: empty
``comment`` with the sticker as a media attachment (a reader rejects it as empty).

Only the format is generated here; every text is hand-written in the source.

Usage: ``python corpus/vesterby/tools/render_facebook.py``
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src" / "facebook.txt"
OUT = HERE.parent / "facebook" / "your_facebook_activity" / "posts"
TZ = ZoneInfo("Europe/Copenhagen")
PAGE = "Vesterby Kommune"

POST = re.compile(r"^#post (?P<label>\w+) (?P<date>\S+) (?P<time>\S+) (?P<author>.+)$")
COMMENT = re.compile(r"^= (?P<label>\w+) (?P<date>\S+) (?P<time>\S+) (?P<author>.+?)(?: \^(?P<parent>\w+))?$")
URL = re.compile(r"vesterby\.example/[\w/]+|borger\.dk")


def _epoch(date: str, time: str) -> int:
    return int(datetime.strptime(f"{date} {time}", "%Y-%m-%d %H:%M").replace(tzinfo=TZ).timestamp())


def parse(src: Path) -> list[dict]:
    posts: list[dict] = []
    cur: dict | None = None
    for raw in src.read_text(encoding="utf-8").splitlines():
        m = POST.match(raw)
        if m:
            cur = {**m.groupdict(), "kind": "post", "lines": [], "comments": []}
            posts.append(cur)
            continue
        m = COMMENT.match(raw)
        if m:
            if not posts:
                raise ValueError(f"comment before any post: {raw!r}")
            cur = {**m.groupdict(), "kind": "comment", "lines": [], "replies": []}
            posts[-1]["comments"].append(cur)
            continue
        if raw.startswith("#") and (cur is None):
            continue
        if cur is not None:
            cur["lines"].append(raw)
    for post in posts:
        items = [post, *post["comments"]]
        for it in items:
            it["text"] = "\n".join(it.pop("lines")).strip("\n")
            it["epoch"] = _epoch(it["date"], it["time"])
        by_label = {c["label"]: c for c in post["comments"]}
        top = []
        for c in post["comments"]:
            if c["parent"]:
                parent = by_label[c["parent"]]
                if parent["parent"]:
                    raise ValueError(f"{c['label']}: Facebook nests replies one level only")
                if c["epoch"] <= parent["epoch"]:
                    raise ValueError(f"{c['label']}: reply before its comment")
                parent["replies"].append(c)
            else:
                if c["epoch"] <= post["epoch"]:
                    raise ValueError(f"{c['label']}: comment before its post")
                top.append(c)
        for c in top:
            c["replies"].sort(key=lambda r: r["epoch"])
        post["comments"] = sorted(top, key=lambda c: c["epoch"])
    return posts


def mojibake(s: str) -> str:
    """Facebook's encoding: each UTF-8 byte as one code point (json.dumps then escapes it)."""
    return s.encode("utf-8").decode("latin-1")


def comment_entry(c: dict, post: dict, parent: dict | None) -> dict:
    if parent is None:
        owner = "their own" if c["author"] == post["author"] else f"{post['author']}'s"
        title = f"{c['author']} commented on {owner} post."
    else:
        title = f"{c['author']} replied to {parent['author']}'s comment."
    entry: dict = {"timestamp": c["epoch"]}
    text = c["text"]
    if text.startswith("[sticker] "):
        # A sticker alone: Facebook writes an empty comment and the sticker as an attachment.
        uri = "your_facebook_activity/posts/media/" + text.split(None, 1)[1]
        entry["attachments"] = [{"data": [{"media": {"uri": uri}}]}]
        text = ""
    entry["data"] = [{"comment": {"timestamp": c["epoch"], "comment": text, "author": c["author"]}}]
    entry["title"] = title
    if parent is None and c["replies"]:
        entry["replies"] = [comment_entry(r, post, c) for r in c["replies"]]
    return entry


def post_entry(p: dict) -> dict:
    entry: dict = {"timestamp": p["epoch"]}
    urls = list(dict.fromkeys(URL.findall(p["text"])))
    if urls:
        entry["attachments"] = [
            {"data": [{"external_context": {"url": "https://" + u if "." in u.split("/")[0] else u}}]}
            for u in urls
        ]
    entry["data"] = [{"post": p["text"]}, {"update_timestamp": p["epoch"]}]
    if p["author"] == PAGE:
        entry["title"] = f"{PAGE} updated their status."
    else:
        entry["title"] = f"{p['author']} wrote on {PAGE}'s timeline."
    entry["comments"] = [comment_entry(c, p, None) for c in p["comments"]]
    return entry


def fix(obj: object) -> object:
    if isinstance(obj, str):
        return mojibake(obj)
    if isinstance(obj, list):
        return [fix(v) for v in obj]
    if isinstance(obj, dict):
        return {k: fix(v) for k, v in obj.items()}
    return obj


def dump(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fix(obj), ensure_ascii=True, indent=2) + "\n", encoding="ascii")


def main() -> None:
    posts = parse(SRC)
    # Facebook lists posts newest first.
    own = [post_entry(p) for p in sorted(posts, key=lambda p: -p["epoch"]) if p["author"] == PAGE]
    visitors = [post_entry(p) for p in sorted(posts, key=lambda p: -p["epoch"]) if p["author"] != PAGE]
    dump(OUT / "your_posts_1.json", own)
    dump(OUT / "other_people's_posts_to_your_timeline.json", {"wall_posts_sent_to_you_v2": visitors})
    n = sum(1 + sum(1 + len(c["replies"]) for c in p["comments"]) for p in posts)
    print(f"{len(posts)} posts, {n} turns")


if __name__ == "__main__":
    main()
