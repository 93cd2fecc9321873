"""Time the chat readers on synthetic exports (nothing is downloaded; files go to a temporary folder).

Run from the repository root: ``python benchmarks/chat_readers.py [N]`` (N messages, default 100000).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import stacey.io as sio


def main(n: int = 100_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        lines = [f"{1 + (i // 4000) % 28:02d}.{1 + (i // 112000) % 12:02d}.2024, {10 + (i // 200) % 10:02d}."
                 f"{i % 60:02d} - Person {i % 17}: besked nummer {i} om systemet" for i in range(n)]
        (d / "chat.txt").write_text("\n".join(lines), encoding="utf-8")
        exp = d / "slack"
        (exp / "general").mkdir(parents=True)
        (exp / "users.json").write_text(json.dumps([{"id": f"U{i}", "name": f"user{i}"} for i in range(50)]))
        (exp / "channels.json").write_text(json.dumps([{"id": "C1", "name": "general"}]))
        per_day = 1000
        for day in range(n // per_day):
            msgs = [{"type": "message", "user": f"U{k % 50}", "text": f"hej <@U{(k + 1) % 50}> <https://x.org|link> {k}",
                     "ts": f"{1714554000 + day * 86400 + k}.000100"} for k in range(per_day)]
            stamp = time.strftime("%Y-%m-%d", time.gmtime(1714554000 + day * 86400))
            (exp / "general" / f"{stamp}.json").write_text(json.dumps(msgs))
        cues = ["WEBVTT", ""]
        for i in range(n):
            cues += [f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.000 --> {i // 3600:02d}:{i // 60 % 60:02d}:"
                     f"{i % 60:02d}.900", f"<v Person {i // 3 % 7}>ord nummer {i}</v>", ""]
        (d / "meeting.vtt").write_text("\n".join(cues), encoding="utf-8")
        for name, path in (("whatsapp", d / "chat.txt"), ("slack", exp), ("transcript", d / "meeting.vtt")):
            t0 = time.perf_counter()
            res = sio.read(path, with_rejects=True)
            took = time.perf_counter() - t0
            print(f"{name:<11} {n} items: {took:6.2f} s ({n / took:,.0f} items/s), {len(res.turns)} turns, "
                  f"{len(res.rejects)} rejects")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
