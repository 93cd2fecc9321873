"""Benchmark cases, one per process: ``python -m benchmarks.cases NAME ARGS...``.

Each case loads its input outside the timed part when the input is not what is
being measured, times the work with ``time.perf_counter`` and prints one JSON
line: ``seconds`` (the timed work), ``items`` (messages, turns or words
handled) and case-specific counts. :mod:`benchmarks.harness` adds wall time and
peak memory. This module imports nothing from stacey at module level, so the
ConvoKit cases run in ConvoKit's own virtual environment.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

CASES: dict[str, Callable[..., dict[str, Any]]] = {}


def case(name: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def deco(func: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        CASES[name] = func
        return func

    return deco


# ----------------------------------------------------------------------------- reading
@case("read-stacey")
def read_stacey(path: str) -> dict[str, Any]:
    """stacey.read: parse, decode, clean own words (mail), thread, validate."""
    from stacey.io.registry import _load_all, read

    _load_all()
    t0 = time.perf_counter()
    res = read(path, with_rejects=True, progress=False)
    sec = time.perf_counter() - t0
    return {"seconds": sec, "items": res.found, "turns": len(res.turns), "rejects": len(res.rejects),
            "conversations": int(res.turns["conversation_id"].nunique())}


@case("read-stdlib-mbox")
def read_stdlib_mbox(path: str) -> dict[str, Any]:
    """The plain loop: stdlib mailbox.mbox + email, first text/plain part decoded, a DataFrame. No threading,
    no cleaning, no HTML."""
    import email.header
    import email.utils
    import mailbox

    import pandas as pd

    def text_of(msg: Any) -> str:
        for part in msg.walk():
            if part.get_content_type() == "text/plain":
                raw = part.get_payload(decode=True) or b""
                return raw.decode(part.get_content_charset() or "utf-8", "replace")
        return ""

    t0 = time.perf_counter()
    rows = []
    for msg in mailbox.mbox(path, create=False):
        date = msg.get("Date")
        rows.append({
            "id": (msg.get("Message-ID") or "").strip("<> "),
            "reply_to": (msg.get("In-Reply-To") or "").strip("<> ") or None,
            "speaker": email.utils.parseaddr(str(msg.get("From", "")))[1].lower(),
            "timestamp": email.utils.parsedate_to_datetime(date) if date else None,
            "title": str(email.header.make_header(email.header.decode_header(msg.get("Subject", "")))),
            "text": text_of(msg),
        })
    frame = pd.DataFrame(rows)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    sec = time.perf_counter() - t0
    return {"seconds": sec, "items": len(frame), "turns": len(frame)}


# ----------------------------------------------------------------------------- turn table
def _load_table(path: str) -> Any:
    import pandas as pd

    return pd.read_parquet(path)


@case("turntable-stacey")
def turntable_stacey(path: str) -> dict[str, Any]:
    """Build the validated turn table from a loaded utterance frame: conform, link, derive turn/depth, validate."""
    from stacey.io.registry import link_missing_parents
    from stacey.turns import conform, derive, validate

    frame = _load_table(path).assign(source="bench")
    t0 = time.perf_counter()
    turns = validate(derive(link_missing_parents(conform(frame))))
    sec = time.perf_counter() - t0
    return {"seconds": sec, "items": len(turns), "turns": len(turns), "max_depth": int(turns["depth"].max())}


@case("turntable-convokit")
def turntable_convokit(path: str) -> dict[str, Any]:
    """ConvoKit's Corpus.from_pandas on the same utterances (speakers and conversations built from them)."""
    import warnings

    warnings.filterwarnings("ignore")
    from convokit import Corpus

    frame = _load_table(path)
    utt = frame[["id", "speaker", "conversation_id", "reply_to", "text"]].assign(
        timestamp=frame["timestamp"].astype("int64") // 10**9, **{"meta.title": frame["title"]})
    utt = utt.astype({c: object for c in ("id", "speaker", "conversation_id", "reply_to", "text", "meta.title")})
    utt["reply_to"] = utt["reply_to"].where(utt["reply_to"].notna(), None)
    t0 = time.perf_counter()
    corpus = Corpus.from_pandas(utterances_df=utt)
    sec = time.perf_counter() - t0
    n = len(corpus.get_utterance_ids())
    return {"seconds": sec, "items": n, "turns": n, "conversations": len(corpus.get_conversation_ids())}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Run one benchmark case and print its JSON result.")
    p.add_argument("case", choices=sorted(CASES))
    p.add_argument("args", nargs="*")
    a = p.parse_args(argv)
    result = CASES[a.case](*a.args)
    result["seconds"] = round(result["seconds"], 4)
    print(json.dumps({"case": a.case, **result}))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
