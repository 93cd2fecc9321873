"""Peak memory and speed of reading a large mbox: stacey.read against a plain stdlib loop.

Usage (from the repository root)::

    PYTHONPATH=. python benchmarks/mail_memory.py [--mb 20] [--gz] [--keep DIR]

Generates a synthetic mbox of about ``--mb`` megabytes in a temporary folder
(threads of 1-8 mails with quoted parents, signatures, list footers, and a
base64 attachment in every tenth mail, so that most bytes are not text), then
runs each contender in a fresh Python process and reports its peak resident
memory (``ru_maxrss``) and messages per second:

- ``stacey.read``: the full reader (parse, decode, strip quotes, thread,
  validate) returning the turn table;
- the mbox reader alone: the same turns, kept as the reader's columnar
  batches, without the registry's concatenation, conforming and validation;
- ``stdlib mailbox+email``: ``mailbox.mbox`` iterated, the first
  ``text/plain`` part of each message decoded and kept with its headers
  (no cleaning, no threading).

Use ``--mb 1024`` for the 1 GB figure (a few minutes on one core).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_WORDS = ("budget plan team meeting change project deadline customer report idea risk "
          "møde forslag ændring kunde opgave idé ledelse medarbejder tid plan").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 16))]
    return " ".join(words).capitalize() + "."


def generate(path: Path, megabytes: float, *, seed: int = 0) -> int:
    """Write a synthetic mbox of about ``megabytes`` MB; return the number of messages."""
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    size = n = 0
    opener = gzip.open if path.name.endswith(".gz") else open
    attachment = base64.encodebytes(rng.randbytes(48_000)).decode("ascii")
    with opener(path, "wt", encoding="utf-8", newline="\n") as fh:
        while size < target:
            thread_len = rng.randint(1, 8)
            root_id = f"t{n}@bench.example"
            parents: list[tuple[str, str]] = []
            for k in range(thread_len):
                n += 1
                mid = root_id if k == 0 else f"t{n}-{k}@bench.example"
                sender = f"person{rng.randint(1, 300)}@bench.example"
                own = "\n".join(_sentence(rng) for _ in range(rng.randint(2, 8)))
                headers = [f"From {sender} Mon Sep  2 08:{k:02d}:00 2024", f"Message-ID: <{mid}>",
                           f"From: Person <{sender}>", "To: list@bench.example",
                           f"Subject: {'Re: ' if k else ''}Topic {n}",
                           f"Date: Mon, 2 Sep 2024 08:{k:02d}:00 +0000", "List-Id: <list.bench.example>"]
                body = own
                if parents:
                    pid, ptext = rng.choice(parents)
                    headers += [f"In-Reply-To: <{pid}>", f"References: <{root_id}> <{pid}>"]
                    quoted = "\n".join("> " + line for line in ptext.split("\n"))
                    body += f"\n\nOn Mon, 2 Sep 2024 at 08:00, Person <{sender}> wrote:\n{quoted}"
                body += "\n\n-- \nPerson\n\n_______________________________________________\nlist mailing list\n" \
                        "http://lists.bench.example/mailman/listinfo/list\n"
                if n % 10 == 0:
                    headers += ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b"']
                    text = (f"\n--b\nContent-Type: text/plain; charset=utf-8\n\n{body}\n--b\n"
                            "Content-Type: application/octet-stream\nContent-Disposition: attachment; "
                            f"filename=a.bin\nContent-Transfer-Encoding: base64\n\n{attachment}--b--\n")
                else:
                    headers += ["Content-Type: text/plain; charset=utf-8"]
                    text = "\n" + body + "\n"
                chunk = "\n".join(headers) + "\n" + text + "\n"
                fh.write(chunk)
                size += len(chunk.encode("utf-8"))
                parents.append((mid, own))
    return n


_RUN_STACEY = """
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
t0 = time.perf_counter()
import stacey
res = stacey.read(sys.argv[1], with_rejects=True, progress=False)
secs = time.perf_counter() - t0
print(json.dumps({"messages": int(res.found), "turns": len(res.turns), "seconds": secs,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_RUN_READER = """
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
from pathlib import Path
t0 = time.perf_counter()
import pandas as pd
from stacey.io.mail import read_mbox
from stacey.io.registry import Reject
batches, rejects = [], 0
for item in read_mbox(Path(sys.argv[1])):
    if isinstance(item, Reject):
        rejects += 1
    else:
        batches.append(item)
turns = sum(len(b) for b in batches)
secs = time.perf_counter() - t0
print(json.dumps({"messages": turns + rejects, "turns": turns, "seconds": secs,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_RUN_STDLIB = """
import json, mailbox, resource, sys, time
t0 = time.perf_counter()
kept = []
for msg in mailbox.mbox(sys.argv[1], create=False):
    text = ""
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and not part.is_multipart():
            data = part.get_payload(decode=True) or b""
            text = data.decode(part.get_content_charset() or "utf-8", "replace")
            break
    kept.append((msg["Message-ID"], msg["From"], msg["Date"], msg["Subject"], msg["In-Reply-To"], text))
secs = time.perf_counter() - t0
print(json.dumps({"messages": len(kept), "turns": len(kept), "seconds": secs,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the generated mbox in MB (default 20)")
    ap.add_argument("--gz", action="store_true", help="also read it gzip-compressed (stacey only)")
    ap.add_argument("--keep", type=Path, help="write the mbox here instead of a temporary folder")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bench.mbox"
        t0 = time.perf_counter()
        n = generate(path, args.mb)
        size_mb = path.stat().st_size / 2**20
        print(f"generated {path.name}: {size_mb:.0f} MB, {n} messages in {time.perf_counter() - t0:.1f} s\n")
        rows = [("stacey.read", run(_RUN_STACEY, path)),
                ("stacey mbox reader alone (turn batches kept)", run(_RUN_READER, path))]
        if args.gz:
            gz = folder / "bench.mbox.gz"
            with open(path, "rb") as src, gzip.open(gz, "wb", compresslevel=1) as dst:
                while block := src.read(1 << 20):
                    dst.write(block)
            rows.append(("stacey.read (.gz)", run(_RUN_STACEY, gz)))
        rows.append(("stdlib mailbox+email", run(_RUN_STDLIB, path)))
        print("| reader | mbox MB | messages | turns | seconds | messages/s | peak RSS MB |")
        print("|---|---|---|---|---|---|---|")
        for name, r in rows:
            print(f"| {name} | {size_mb:.0f} | {r['messages']} | {r['turns']} | {r['seconds']:.1f} | "
                  f"{r['messages'] / r['seconds']:.0f} | {r['peak_mb']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
