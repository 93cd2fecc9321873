"""Render the hand-written meeting source (src/meetings.yaml) into WebVTT transcripts.

Generated here is only the format: the WEBVTT header, a NOTE block with the
meeting's title and start time (so a reader can place cue offsets in calendar
time), cue identifiers, cue timings from the length of what is said, and
``<v Name>`` voice spans. A long turn is split at sentence ends into several cues
of the same voice, as Microsoft Teams does; a reader that merges consecutive
cues of one speaker gets back one turn per hand-written entry.

Styles: ``teams`` (cue ids ``<guid>/<n>-<k>``, ``<v Name>text</v>``) and
``plain`` (numbered cues, ``<v Name>text`` without the closing tag, as in the
W3C examples).

Usage: python corpus/vesterby/tools/render_vtt.py   (from the repository root)
"""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
MAX_CUE = 110          # characters per cue before a split
CHARS_PER_SECOND = 14.0


def stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def chunks(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?…])\s+", text.strip())
    out: list[str] = []
    for s in sentences:
        if out and len(out[-1]) + 1 + len(s) <= MAX_CUE:
            out[-1] += " " + s
        else:
            out.append(s)
    return out


def jitter(*parts: object) -> float:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:4], 16) / 65535


def render(meeting: dict) -> tuple[str, int, int]:
    turns = meeting["turns"]
    for a, b in zip(turns, turns[1:], strict=False):
        if a[0] == b[0]:
            raise ValueError(f"{meeting['file']}: two turns in a row by {a[0]}")
    guid = uuid.UUID(hashlib.sha256(meeting["file"].encode()).hexdigest()[:32])
    start = meeting["start"]
    start = start if isinstance(start, str) else start.isoformat()
    lines = ["WEBVTT", "", "NOTE", f"Møde: {meeting['title']}", f"Start: {start}", ""]
    t = 2.0 + 3 * jitter(meeting["file"])
    n_cue = 0
    for i, (speaker, text) in enumerate(turns):
        for k, chunk in enumerate(chunks(text)):
            dur = max(1.2, len(chunk) / CHARS_PER_SECOND) + 0.4 * jitter(meeting["file"], i, k)
            start, end = t, t + dur
            n_cue += 1
            if meeting["style"] == "teams":
                lines += [f"{guid}/{i + 12}-{k}", f"{stamp(start)} --> {stamp(end)}", f"<v {speaker}>{chunk}</v>", ""]
            else:
                lines += [str(n_cue), f"{stamp(start)} --> {stamp(end)}", f"<v {speaker}>{chunk}", ""]
            t = end + 0.05
        t += 0.3 + 1.5 * jitter(meeting["file"], i, "gap")
    return "\n".join(lines).rstrip("\n") + "\n", len(turns), n_cue


def main() -> None:
    src = yaml.safe_load((HERE / "src" / "meetings.yaml").read_text(encoding="utf-8"))
    for meeting in src["meetings"]:
        text, n_turns, n_cues = render(meeting)
        out = CORPUS / "meetings" / meeting["file"]
        out.write_text(text, encoding="utf-8")
        print(f"{out.relative_to(CORPUS)}: {n_turns} turns in {n_cues} cues")


if __name__ == "__main__":
    main()
