"""Quote and signature stripping: stacey against the Python reply parsers, in one run.

Usage (from the repository root)::

    PYTHONPATH=. python benchmarks/reply_parsing.py [--data DIR] [--show-failures]

``DIR`` holds ``github_email_reply_parser/`` and ``zapier_email_reply_parser/``
(default: ``$STACEY_SHARED/benchdata/email_reply`` or
``../shared/benchdata/email_reply`` beside the repository). Each set has
``emails/*.txt`` and ``expected.json``, transcribed from the two projects' own
test assertions; nobody on this project wrote them.

The gold "own words" of a fixture are derived mechanically from every
assertion either project makes about it (the two sets share most fixtures
byte for byte; a fixture that differs is scored on its own set's assertions):

1. ``parse_reply_equals`` or ``reply_stripped_equals``: that text.
2. ``fragment_count`` of 1: the whole mail.
3. Fragment flags (``quoted``, ``hidden``) with start anchors: each fragment
   starts where its anchor is found after the previous fragment's start
   (``fragment_equals`` text, or a ``fragment_regex`` starting with ``^``); a
   quoted fragment without such an anchor starts at the next ``>`` line. The
   gold is the text of the fragments that are neither quoted nor hidden: the
   author's words, without inline quotes.
4. No flags, but fragment 1 anchored by a ``^On ...`` quote-header regex: the
   text before it.

Fixtures with no derivable gold (timing-only or contains-only cases) are
scored only on their assertions. Texts are compared whitespace-normalised.
The script prints markdown tables: exact-match rate per set, and the share of
reply-level assertions passed (equals, contains, not-contains, time limits).

A second table needs no gold: on real list mail from the shared folder
(notmuch corpora, perceval mbox files) it counts, for each reply whose parent
is in the archive, whether a parser's output still holds a line of the
parent's body (quote leakage), a ``>`` line, or nothing at all.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def default_data() -> Path:
    env = os.environ.get("STACEY_SHARED")
    base = Path(env) if env else ROOT.parent / "shared"
    return base / "benchdata" / "email_reply"


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


# ----------------------------------------------------------------------------- gold
def _anchor_start(text: str, case_anchors: list[tuple[str, str]], after: int, quoted: bool) -> int | None:
    for kind, value in case_anchors:
        if kind == "equals":
            idx = text.find(value, after)
            if idx >= 0:
                return idx
        elif kind == "regex" and value.startswith("^"):
            m = re.compile(value, re.M).search(text, after)
            if m:
                return m.start()
    if quoted:
        m = re.compile(r"^>", re.M).search(text, after)
        if m:
            return m.start()
    return None


def derive_gold(text: str, cases: list[dict]) -> str | None:
    """The own words of a fixture, from the assertions made about it (see module docstring)."""
    for c in cases:
        for key in ("parse_reply_equals", "reply_stripped_equals"):
            if key in c:
                return c[key]
    if any(c.get("fragment_count") == 1 for c in cases):
        return text
    anchors: dict[int, list[tuple[str, str]]] = {}
    for c in cases:
        for key, kind in (("fragment_equals", "equals"), ("fragment_regex", "regex")):
            for i, v in (c.get(key) or {}).items():
                anchors.setdefault(int(i), []).append((kind, v))
    flagged = [c for c in cases if "hidden" in c]
    if not flagged:
        first = [v for kind, v in anchors.get(1, []) if kind == "regex" and v.startswith("^On")]
        if first:
            start = _anchor_start(text, [("regex", first[0])], 1, False)
            return text[:start] if start is not None else None
        return None
    hidden = flagged[0]["hidden"]
    quoted = next((c["quoted"] for c in flagged if "quoted" in c), [False] * len(hidden))
    count = len(hidden)
    pos: list[int | None] = [0] + [None] * (count - 1)
    prev = 0
    for i in range(1, count):
        found = _anchor_start(text, anchors.get(i, []), prev + 1, quoted[i])
        pos[i] = found
        if found is not None:
            prev = found
    parts = []
    for i in range(count):
        if hidden[i] or quoted[i]:
            continue
        end = pos[i + 1] if i + 1 < count else len(text)
        if pos[i] is None or end is None:
            return None
        parts.append(text[pos[i]:end])
    return "\n".join(parts)


def load_sets(data: Path) -> dict[str, list[dict]]:
    """Fixtures per set: ``{set: [{name, text, gold, cases}]}``."""
    raw: dict[str, tuple[list[dict], dict[str, bytes]]] = {}
    for sub in sorted(p for p in data.iterdir() if p.is_dir()):
        cases = json.loads((sub / "expected.json").read_text(encoding="utf-8"))
        files = {p.name: p.read_bytes() for p in sorted((sub / "emails").glob("*.txt"))}
        raw[sub.name] = (cases, files)
    by_content: dict[tuple[str, str], list[dict]] = {}
    for cases, files in raw.values():
        for c in cases:
            if "fixture" in c and c["fixture"] in files:
                key = (c["fixture"], hashlib.sha1(files[c["fixture"]]).hexdigest())
                by_content.setdefault(key, []).append(c)
    out: dict[str, list[dict]] = {}
    for name, (cases, files) in raw.items():
        items = []
        for fname, blob in files.items():
            text = blob.decode("utf-8")
            key = (fname, hashlib.sha1(blob).hexdigest())
            all_cases = by_content.get(key, [])
            own_cases = [c for c in cases if c.get("fixture") == fname]
            items.append({"name": fname, "text": text, "gold": derive_gold(text, all_cases),
                          "cases": own_cases})
        for k, c in enumerate(c for c in cases if "inline_input" in c):
            items.append({"name": f"inline_{k}", "text": c["inline_input"],
                          "gold": c.get("parse_reply_equals"), "cases": [c]})
        out[name] = items
    return out


# ----------------------------------------------------------------------------- parsers
def parsers() -> dict[str, Callable[[str], str]]:
    from stacey.text.reply import split_reply

    out: dict[str, Callable[[str], str]] = {"stacey split_reply": lambda t: split_reply(t)[0]}
    try:
        from email_reply_parser import EmailReplyParser as GithubParser

        def erp_own(text: str) -> str:
            frags = GithubParser.read(text).fragments
            return "\n".join(f.content for f in frags if not f.hidden and not f.quoted)

        out["email-reply-parser parse_reply"] = GithubParser.parse_reply
        out["email-reply-parser unquoted visible fragments"] = erp_own
    except ImportError:
        print("email-reply-parser not installed: skipped", file=sys.stderr)
    try:
        from mailparser_reply import EmailReplyParser as MPR

        en = MPR(languages=["en"])
        every = MPR(languages=["en", "da", "de", "sv", "nl", "fr"])

        def body(parser: MPR) -> Callable[[str], str]:
            def run(text: str) -> str:
                replies = parser.read(text).replies
                return replies[0].body if replies else ""
            return run

        out["mail-parser-reply latest_reply (en)"] = lambda t: en.parse_reply(t) or ""
        out["mail-parser-reply body (en)"] = body(en)
        out["mail-parser-reply body (en,da,de,sv,nl,fr)"] = body(every)
    except ImportError:
        print("mail-parser-reply not installed: skipped", file=sys.stderr)
    return out


def check_assertions(case: dict, reply: str, seconds: float) -> tuple[int, int]:
    """Reply-level assertions of one case: (passed, total)."""
    passed = total = 0
    r = norm(reply)
    for key in ("parse_reply_equals", "reply_stripped_equals"):
        if key in case:
            total += 1
            passed += r == norm(case[key])
    for s in case.get("reply_contains", []):
        total += 1
        passed += norm(s) in r
    for s in case.get("parse_reply_not_contains", []):
        total += 1
        passed += norm(s) not in r
    if "max_seconds" in case:
        total += 1
        passed += seconds <= case["max_seconds"]
    return passed, total


def real_replies(shared: Path) -> list[tuple[str, str]]:
    """(reply body, parent body) pairs from real list mail in the shared folder (no gold needed)."""
    from stacey.io._mailparse import MailParseError, parse_message
    from stacey.io.mail import iter_mbox

    raws: list[bytes] = []
    corpora = shared / "realdata" / "notmuch-corpora" / "test" / "corpora"
    for sub in ("lkml", "default"):
        raws += [p.read_bytes() for p in sorted((corpora / sub).rglob("*")) if p.is_file()]
    for f in sorted((shared / "realdata" / "perceval-fixtures").rglob("*.mbox")):
        raws += [raw for _n, _line, raw in iter_mbox(f)]
    mails = {}
    for raw in raws:
        try:
            pm = parse_message(raw)
        except MailParseError:
            continue
        if pm.message_id and pm.body.strip() and not pm.encrypted:
            mails.setdefault(pm.message_id, pm)
    return [(pm.body, mails[pm.chain[-1]].body) for pm in mails.values() if pm.chain and pm.chain[-1] in mails]


def _lines(text: str) -> set[str]:
    out = set()
    for line in text.split("\n"):
        key = " ".join(line.lstrip(" >|").split())
        if len(key) >= 25:
            out.add(key)
    return out


def leakage_table(shared: Path) -> None:
    """Quote leakage on real replies: how often a parser's 'own words' still hold the parent's lines."""
    pairs = real_replies(shared)
    if not pairs:
        return
    print(f"\nReal list mail without gold ({len(pairs)} replies whose parent is in the archive: notmuch "
          "lkml+default, perceval mbox): 'parent lines left' = replies whose output still has a line "
          "(>= 25 chars) of the parent's body; '> lines left' = outputs with a '>' line; 'emptied' = "
          "empty outputs; 'kept' = output characters / body characters.\n")
    print("| parser | parent lines left | > lines left | emptied | kept |")
    print("|---|---|---|---|---|")
    for pname, fn in parsers().items():
        leak = marks = empty = 0
        kept = total = 0
        for body, parent in pairs:
            try:
                out = fn(body) or ""
            except Exception:  # noqa: BLE001
                out = ""
            leak += bool(_lines(out) & _lines(parent))
            marks += any(line.lstrip().startswith(">") for line in out.split("\n"))
            empty += not out.strip()
            kept += len(out)
            total += len(body)
        n = len(pairs)
        print(f"| {pname} | {leak}/{n} ({leak / n:.1%}) | {marks}/{n} ({marks / n:.1%}) | "
              f"{empty}/{n} ({empty / n:.1%}) | {kept / total:.1%} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--show-failures", action="store_true", help="print stacey's misses with the gold")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: not found (set STACEY_SHARED or --data)", file=sys.stderr)
        return 2
    sets = load_sets(args.data)
    names = list(sets)
    rows = []
    for pname, fn in parsers().items():
        row = {"parser": pname}
        tot_hit = tot_n = a_pass = a_tot = 0
        slowest = 0.0
        for sname in names:
            hit = n = 0
            for item in sets[sname]:
                t0 = time.perf_counter()
                try:
                    out = fn(item["text"]) or ""
                except Exception as exc:  # a library failing on a case counts as a miss  # noqa: BLE001
                    out = f"<error {type(exc).__name__}>"
                secs = time.perf_counter() - t0
                slowest = max(slowest, secs)
                if item["gold"] is not None:
                    n += 1
                    ok = norm(out) == norm(item["gold"])
                    hit += ok
                    if not ok and args.show_failures and pname.startswith("stacey"):
                        print(f"--- {sname}/{item['name']}\n  got:  {norm(out)[:300]!r}\n"
                              f"  gold: {norm(item['gold'])[:300]!r}", file=sys.stderr)
                for case in item["cases"]:
                    p, t = check_assertions(case, out, secs)
                    a_pass += p
                    a_tot += t
            row[sname] = f"{hit}/{n} ({hit / n:.0%})" if n else "-"
            tot_hit += hit
            tot_n += n
        row["all"] = f"{tot_hit}/{tot_n} ({tot_hit / tot_n:.1%})"
        row["assertions"] = f"{a_pass}/{a_tot}"
        row["slowest case (s)"] = f"{slowest:.3f}"
        rows.append(row)
    cols = ["parser", *names, "all", "assertions", "slowest case (s)"]
    print("Exact match of own words (whitespace-normalised) against the gold derived from the "
          "fixtures' expected.json; 'assertions' = reply-level checks passed (equals, contains, "
          "not-contains, time limits).\n")
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in cols) + " |")
    shared = args.data.parent.parent
    if (shared / "realdata").is_dir():
        leakage_table(shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
