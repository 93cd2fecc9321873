"""Generate large realistic synthetic conversation corpora for the benchmarks.

Usage::

    python benchmarks/generate.py --turns 100000 --format mbox  -o out/bench/100k.mbox
    python benchmarks/generate.py --turns 100000 --format slack -o out/bench/100k-slack
    python benchmarks/generate.py --turns 100000 --format table -o out/bench/100k.parquet

Formats:

- ``mbox``: threaded mail (``Message-ID``, ``In-Reply-To``, ``References``),
  Danish and English, greetings, sign-offs, signatures, quoted replies in three
  styles (``>`` quotes under an "On ... wrote:" / "Den ... skrev" line, Outlook
  "-----Oprindelig meddelelse-----" header blocks, bottom posting), bodies as
  8-bit UTF-8, quoted-printable, or multipart/alternative with an HTML part.
- ``slack``: a Slack export folder (``users.json``, ``channels.json``,
  ``<channel>/YYYY-MM-DD.json``) with threads (``thread_ts``), mentions,
  links, reactions, and a ``channel_join`` message the first time a member
  speaks in a channel (these are rejects for the reader, not turns).
- ``table``: a turn table (Parquet) with the core columns and ``lang_truth``
  (``da``, ``en`` or ``mixed``: the language the generator wrote the turn in;
  read as ``meta.lang_truth``).

The model behind all three: many speakers with Zipf-like participation (the
r-th most active speaks with weight 1/r^1.05); conversations whose sizes are
heavy-tailed (Zipf), reply trees where a reply answers the latest message or an
earlier one (branching), replies that come in bursts (log-normal delays),
threads that start mostly in working hours, eight themes that drift within a
thread, and a mood per thread that tilts sentiment. Text recombines
sentence-level material (:mod:`benchmarks.material`) of varied length.

Exactly ``--turns`` turns are produced (for Slack, plus the ``channel_join``
rejects, counted in the manifest). Output is streamed to disk a window of
threads at a time, so memory stays small at 1M turns. A manifest
``<output>.manifest.json`` records the counts (``turns``, ``rejects``,
``conversations``, ``speakers``), the seed and the time taken. Same seed,
same bytes.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import quopri
import random
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import material as M  # noqa: E402

__all__ = ["Turn", "Speaker", "ConversationModel", "generate", "write_mbox", "write_slack", "write_table"]

FORMATS = ("mbox", "slack", "table")
START = datetime(2019, 1, 7, tzinfo=UTC).timestamp()
CPH = ZoneInfo("Europe/Copenhagen")


@dataclass(slots=True)
class Speaker:
    """A synthetic person: names, handle, address, preferred language, job title and unit."""

    index: int
    first: str
    last: str
    handle: str
    address: str
    lang: str  # "da", "en" or "both"
    title: str
    unit: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(slots=True)
class Turn:
    """One generated turn; ``parent`` is the global index of the turn it answers."""

    index: int
    thread: int
    parent: int | None
    speaker: Speaker
    ts: float
    lang: str
    theme: str
    sentences: list[str]
    title: str
    greeting: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


class ConversationModel:
    """The stochastic model behind every format (see the module docstring).

    Parameters
    ----------
    n_turns
        Exactly this many turns are produced by :meth:`threads`.
    style
        ``"mail"`` (longer turns, reply trees, threads of a few to hundreds) or
        ``"chat"`` (short turns, flat threads under a top-level message).
    seed
        Seeds every random draw.
    """

    def __init__(self, n_turns: int, *, style: str = "mail", seed: int = 0) -> None:
        if n_turns < 1:
            raise ValueError("n_turns must be at least 1")
        self.n_turns = n_turns
        self.style = style
        self.seed = seed
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        n_speakers = max(20, int(6 * math.sqrt(n_turns)))
        self._handles: set[str] = set()
        #: indices of the speakers who have spoken so far
        self.spoke: set[int] = set()
        self.speakers = [self._speaker(i) for i in range(n_speakers)]
        weights = [1.0 / (r + 1) ** 1.05 for r in range(n_speakers)]
        self.cum = list(np.cumsum(weights))
        # about four years of traffic at 100k turns and more; at least 20 turns a day
        per_day = max(20.0, n_turns / (4 * 365))
        mean_size = 2.6 if style == "mail" else 1.9
        self.thread_gap = 86400.0 / (per_day / mean_size)

    # ------------------------------------------------------------------ people
    def _speaker(self, i: int) -> Speaker:
        r = self.rng
        first, last = r.choice(M.FIRST), r.choice(M.LAST)
        handle = f"{first}.{last}".lower().replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
        if handle in self._handles:
            handle += str(i)
        self._handles.add(handle)
        u = r.random()
        lang = "da" if u < 0.6 else "en" if u < 0.85 else "both"
        domain = "example.dk" if lang != "en" else "example.org"
        tl = "en" if lang == "en" else "da"
        return Speaker(i, first, last, handle, f"{handle}@{domain}", lang, r.choice(M.TITLES[tl]), r.choice(M.UNITS))

    def pick_speaker(self) -> Speaker:
        return self.speakers[self.rng.choices(range(len(self.speakers)), cum_weights=self.cum)[0]]

    # ------------------------------------------------------------------ text
    def sentence(self, lang: str, theme: str, mood: float) -> str:
        r = self.rng
        tpl = r.choice(M.SENTENCES[lang])
        nouns = M.NOUNS[lang][theme]
        n = r.choice(nouns)
        other = M.NOUNS[lang][r.choice(M.THEMES)] if r.random() < 0.3 else nouns
        m = r.choice(other)

        def vp() -> str:
            u = r.random()
            sign = "pos" if u < 0.3 + 0.3 * mood else "neg" if u > 0.7 + 0.3 * mood else "neu"
            return r.choice(M.VP[lang][sign])

        return tpl.format(n=n, N=n[0].upper() + n[1:], m=m, vp=vp(), vp2=vp(), day=r.choice(M.DAYS[lang]),
                          who=self.pick_speaker().first)

    def n_sentences(self) -> int:
        if self.style == "mail":
            return min(25, max(1, round(math.exp(self.rng.gauss(0.9, 0.7)))))
        u = self.rng.random()
        return 1 if u < 0.7 else 2 if u < 0.9 else self.rng.randint(3, 6)

    def turn_text(self, lang: str, theme: str, mood: float) -> list[str]:
        r = self.rng
        if self.style == "chat" and r.random() < 0.08:
            return [r.choice(M.CHAT_EXTRAS["da" if lang == "mixed" else lang])]
        k = self.n_sentences()
        out: list[str] = []
        while len(out) < k:
            s = self.sentence(r.choice(("da", "en")) if lang == "mixed" else lang, theme, mood)
            if not out or s != out[-1]:
                out.append(s)
        return out

    def subject(self, lang: str, theme: str) -> str:
        n = self.rng.choice(M.NOUNS[lang][theme])
        s = self.rng.choice(M.SUBJECTS[lang]).format(n=n, N=n[0].upper() + n[1:], day=self.rng.choice(M.DAYS[lang]))
        return s[0].upper() + s[1:]

    # ------------------------------------------------------------------ structure
    def _start_time(self, t: float) -> float:
        t += self.rng.expovariate(1.0 / self.thread_gap)
        local = datetime.fromtimestamp(t, UTC)
        if (local.hour < 6 or local.hour >= 16 or local.weekday() >= 5) and self.rng.random() < 0.85:
            # outside working hours: most threads wait for the next working morning
            day = math.floor(t / 86400) + 1
            while datetime.fromtimestamp(day * 86400, UTC).weekday() >= 5:
                day += 1
            t = day * 86400 + 6 * 3600 + self.rng.uniform(0, 3 * 3600)
        return t

    def _size(self) -> int:
        if self.style == "mail":
            return int(min(300, self.np.zipf(1.9)))
        return 1 if self.rng.random() < 0.6 else int(min(200, 1 + self.np.zipf(1.8)))

    def _lang_of(self, speaker: Speaker, thread_lang: str) -> str:
        r = self.rng
        if r.random() < 0.04:
            return "mixed"
        if speaker.lang == "both" or r.random() < 0.8:
            return thread_lang
        return "da" if speaker.lang == "da" else "en"

    def threads(self) -> Iterator[list[Turn]]:
        """Yield threads (lists of turns in reply order) by start time; exactly ``n_turns`` turns in all."""
        r = self.rng
        made = 0
        thread = 0
        t = START
        while made < self.n_turns:
            size = min(self._size(), self.n_turns - made)
            t = self._start_time(t)
            opener = self.pick_speaker()
            tlang = ("da" if r.random() < 0.65 else "en") if opener.lang == "both" else opener.lang
            theme = r.choice(M.THEMES)
            mood = r.uniform(-1, 1)
            title = self.subject(tlang, theme)
            turns: list[Turn] = []
            participants: list[Speaker] = []
            for k in range(size):
                if k == 0:
                    parent, speaker, ts = None, opener, t
                else:
                    p = turns[-1] if r.random() < 0.6 or self.style == "chat" else r.choice(turns)
                    if self.style == "chat":
                        p = turns[0]
                    parent = p.index
                    if participants and r.random() < 0.45:
                        speaker = r.choice(participants)
                    else:
                        speaker = self.pick_speaker()
                    if speaker is p.speaker:
                        speaker = self.pick_speaker()
                    median = 40 * 60 if self.style == "mail" else 3 * 60
                    base = max(p.ts, turns[-1].ts - 600) if self.style == "chat" else p.ts
                    ts = base + max(1.0, self.np.lognormal(math.log(median), 1.5))
                if r.random() < 0.2:  # themes drift within a thread
                    theme = r.choice(M.THEMES)
                    mood = max(-1.0, min(1.0, mood + r.uniform(-0.5, 0.5)))
                lang = self._lang_of(speaker, tlang)
                turns.append(Turn(made + k, thread, parent, speaker, ts, lang, theme,
                                  self.turn_text(lang, theme, mood), title))
                if speaker not in participants:
                    participants.append(speaker)
            made += size
            thread += 1
            self.spoke.update(t.speaker.index for t in turns)
            yield turns


# ============================================================================ mbox
_WRAP = textwrap.TextWrapper(width=72, break_long_words=False, break_on_hyphens=False)


def _paragraphs(turn: Turn, rng: random.Random) -> str:
    paras: list[str] = []
    s = turn.sentences
    i = 0
    while i < len(s):
        k = rng.randint(1, 4)
        paras.append("\n".join(_WRAP.wrap(" ".join(s[i:i + k]))))
        i += k
    return "\n\n".join(paras)


def _mail_date(ts: float) -> str:
    return format_datetime(datetime.fromtimestamp(ts, CPH))


def _lang1(turn: Turn) -> str:
    return "en" if turn.lang == "en" else "da"


def _body(turn: Turn, parent: Turn | None, rng: random.Random, model: ConversationModel) -> str:
    lang = _lang1(turn)
    sp = turn.speaker
    who = parent.speaker.first if parent else model.pick_speaker().first
    greeting = rng.choice(M.GREETINGS[lang]).format(who=who)
    own = _paragraphs(turn, rng)
    parts = [greeting, own] if greeting else [own]
    u = rng.random()
    if u < 0.75:
        parts.append(f"{rng.choice(M.CLOSINGS[lang])}\n{sp.first}")
    if rng.random() < 0.7:
        parts.append(f"-- \n{sp.name}\n{sp.title}, {sp.unit}\nTlf. +45 00 00 {sp.index % 100:02d} {sp.index % 89:02d}")
    mine = "\n\n".join(parts)
    turn.extra["body"] = mine
    if parent is None:
        return mine
    quoted = parent.extra.get("full", parent.extra["body"]).splitlines()[:60]
    style = rng.random()
    if style < 0.6:
        attr = M.ATTRIBUTION[lang].format(date=_mail_date(parent.ts), name=parent.speaker.name,
                                          addr=parent.speaker.address)
        return mine + "\n\n" + attr + "\n" + "\n".join(("> " + q) if q else ">" for q in quoted)
    if style < 0.85:
        sep, fra, sendt, til, emne = M.OUTLOOK[lang]
        head = (f"{sep}\n{fra}: {parent.speaker.name} <{parent.speaker.address}>\n{sendt}: {_mail_date(parent.ts)}\n"
                f"{til}: {turn.speaker.address}\n{emne}: {parent.title}")
        return mine + "\n\n" + head + "\n\n" + "\n".join(quoted)
    if style < 0.95:  # bottom posting: the quote first, own words under it
        attr = M.ATTRIBUTION[lang].format(date=_mail_date(parent.ts), name=parent.speaker.name,
                                          addr=parent.speaker.address)
        return attr + "\n" + "\n".join(("> " + q) if q else ">" for q in parent.extra["body"].splitlines()) + \
            "\n\n" + mine
    return mine


def _header(value: str) -> str:
    """A header value, RFC 2047 encoded when it is not ASCII (as mail clients send it)."""
    return value if value.isascii() else Header(value, "utf-8", header_name="Subject").encode()


def _escape_from(body: str) -> str:
    """mboxrd escaping: a line matching ``>*From `` gets one more ``>``."""
    return "\n".join(">" + line if line.lstrip(">").startswith("From ") else line for line in body.split("\n"))


def _html(text: str) -> str:
    import html

    paras = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
    return f"<html><body>{paras}</body></html>"


def _message(turn: Turn, parent: Turn | None, root: Turn, ids: dict[int, str], refs: dict[int, list[str]],
             model: ConversationModel, rng: random.Random) -> bytes:
    body = _body(turn, parent, rng, model)
    turn.extra["full"] = body
    sp = turn.speaker
    mid = ids[turn.index]
    if parent is None:
        subject = turn.title
        chain: list[str] = []
    else:
        prefix = "SV: " if _lang1(turn) == "da" and rng.random() < 0.6 else "Re: "
        subject = prefix + root.title
        chain = refs[parent.index] + [ids[parent.index]]
    refs[turn.index] = chain[-10:] if len(chain) > 10 else chain
    lines = [
        f"From {sp.address} {datetime.fromtimestamp(turn.ts, UTC).strftime('%a %b %d %H:%M:%S %Y')}",
        f"Message-ID: {mid}",
        f"Date: {_mail_date(turn.ts)}",
        f"From: {formataddr((sp.name, sp.address), charset='utf-8')}",
        f"To: {sp.unit.lower().replace(' ', '-').replace('ø', 'oe').replace('æ', 'ae')}@example.dk",
        f"Subject: {_header(subject)}",
    ]
    if parent is not None:
        lines.append(f"In-Reply-To: {ids[parent.index]}")
        lines.append("References: " + " ".join(chain[:1] + chain[-9:] if len(chain) > 10 else chain))
    lines.append("MIME-Version: 1.0")
    u = rng.random()
    if u < 0.80:
        lines += ['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: 8bit", "", body]
    elif u < 0.92:
        qp = quopri.encodestring(body.encode("utf-8")).decode("ascii")
        lines += ['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: quoted-printable", "", qp]
    else:
        b = f"=_alt_{turn.index:x}"
        qp = quopri.encodestring(body.encode("utf-8")).decode("ascii")
        hq = quopri.encodestring(_html(body).encode("utf-8")).decode("ascii")
        lines += [f'Content-Type: multipart/alternative; boundary="{b}"', "", f"--{b}",
                  'Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: quoted-printable", "",
                  qp, f"--{b}", 'Content-Type: text/html; charset="utf-8"',
                  "Content-Transfer-Encoding: quoted-printable", "", hq, f"--{b}--"]
    text = "\n".join(lines[:1]) + "\n" + _escape_from("\n".join(lines[1:]))
    return (text.rstrip("\n") + "\n\n").encode("utf-8")


def write_mbox(model: ConversationModel, path: Path, *, window: int = 400) -> dict:
    """Write the model's threads as one mbox; messages in date order within windows of threads."""
    rng = random.Random(model.seed + 1)
    stats = {"turns": 0, "rejects": 0, "conversations": 0}
    with open(path, "wb") as fh:
        buf: list[tuple[Turn, Turn | None, Turn]] = []
        ids: dict[int, str] = {}
        refs: dict[int, list[str]] = {}

        def flush() -> None:
            buf.sort(key=lambda x: x[0].ts)
            for turn, parent, root in buf:
                fh.write(_message(turn, parent, root, ids, refs, model, rng))
            buf.clear()
            ids.clear()
            refs.clear()

        for n, thread in enumerate(model.threads()):
            by_index = {t.index: t for t in thread}
            for t in thread:
                ids[t.index] = f"<{rng.getrandbits(48):012x}.{t.index}@mail.example.dk>"
                buf.append((t, by_index.get(t.parent) if t.parent is not None else None, thread[0]))
            # write parents before their replies: sort is by time and replies come later
            stats["turns"] += len(thread)
            stats["conversations"] += 1
            if (n + 1) % window == 0:
                flush()
        flush()
    return stats


# ============================================================================ slack
def _uid(i: int) -> str:
    return f"U{i:07d}"


def write_slack(model: ConversationModel, path: Path) -> dict:
    """Write the model's threads as a Slack export folder; one channel per thread, channels Zipf-sized."""
    rng = random.Random(model.seed + 2)
    path.mkdir(parents=True, exist_ok=True)
    n_channels = max(5, int(math.sqrt(model.n_turns) / 4))
    base = ["general", "random", "borgerservice", "it-support", "budget", "projekt-alfa", "kaffe", "ledelse",
            "digitalisering", "hr"]
    names = [base[i] if i < len(base) else f"team-{i:03d}" for i in range(n_channels)]
    cw = list(np.cumsum([1.0 / (r + 1) ** 0.9 for r in range(n_channels)]))
    pending: list[list] = [[] for _ in names]  # heaps of (ts, seq, message dict, turn)
    day_buf: list[tuple[str | None, list[dict]]] = [(None, []) for _ in names]
    last_ts = [0.0] * n_channels
    joined: list[set[int]] = [set() for _ in names]
    used: set[int] = set()
    stats = {"turns": 0, "rejects": 0, "conversations": 0}
    seq = 0

    def write_day(c: int) -> None:
        day, msgs = day_buf[c]
        if day is not None and msgs:
            folder = path / names[c]
            folder.mkdir(exist_ok=True)
            with open(folder / f"{day}.json", "w", encoding="utf-8") as fh:
                json.dump(msgs, fh, ensure_ascii=False, indent=1)
        day_buf[c] = (None, [])

    def emit(c: int, msg: dict, ts: float) -> str:
        ts = max(ts, last_ts[c] + 1e-6)
        last_ts[c] = ts
        s = f"{ts:.6f}"
        msg["ts"] = s
        day = datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")
        if day_buf[c][0] != day:
            write_day(c)
            day_buf[c] = (day, [])
        day_buf[c][1].append(msg)
        return s

    def drain(c: int, until: float) -> None:
        heap = pending[c]
        while heap and heap[0][0] < until:
            ts, _, msg, turn, parent = heapq.heappop(heap)
            if turn.speaker.index not in joined[c]:
                joined[c].add(turn.speaker.index)
                emit(c, {"type": "message", "subtype": "channel_join", "user": _uid(turn.speaker.index),
                         "text": f"<@{_uid(turn.speaker.index)}> has joined the channel"}, ts - 0.5)
                stats["rejects"] += 1
            if parent is not None:
                msg["thread_ts"] = parent.extra["ts"]
                msg["parent_user_id"] = _uid(parent.speaker.index)
            turn.extra["ts"] = emit(c, msg, ts)
            if parent is None and turn.extra.get("replies"):
                msg["thread_ts"] = turn.extra["ts"]
                msg["reply_count"] = turn.extra["replies"]

    for thread in model.threads():
        c = rng.choices(range(n_channels), cum_weights=cw)[0]
        drain(c, thread[0].ts)
        root = thread[0]
        root.extra["replies"] = len(thread) - 1
        for t in thread:
            used.add(t.speaker.index)
            text = t.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            if rng.random() < 0.1 and t.parent is not None:
                text = f"<@{_uid(root.speaker.index)}> " + text
            if rng.random() < 0.03:
                text += f" <https://intra.example.dk/sag/{t.index}|sagen>"
            msg: dict = {"type": "message", "user": _uid(t.speaker.index), "text": text}
            if rng.random() < 0.15:
                k = rng.randint(1, 6)
                msg["reactions"] = [{"name": rng.choice(["thumbsup", "heart", "eyes", "tada"]),
                                     "users": [_uid(rng.randrange(len(model.speakers))) for _ in range(k)],
                                     "count": k}]
            parent = root if t.parent is not None else None
            seq += 1
            heapq.heappush(pending[c], (t.ts, seq, msg, t, parent))
        stats["turns"] += len(thread)
    for c in range(n_channels):
        drain(c, math.inf)
        write_day(c)
    stats["conversations"] = sum(1 for c in range(n_channels) if joined[c])
    users = [{"id": _uid(s.index), "name": s.handle, "real_name": s.name, "deleted": False, "is_bot": False,
              "profile": {"display_name": s.first, "real_name": s.name, "title": s.title}}
             for s in model.speakers if s.index in used]
    channels = [{"id": f"C{c:07d}", "name": names[c], "created": int(START), "is_archived": False,
                 "members": sorted(_uid(i) for i in joined[c])} for c in range(n_channels) if joined[c]]
    (path / "users.json").write_text(json.dumps(users, ensure_ascii=False, indent=1), encoding="utf-8")
    (path / "channels.json").write_text(json.dumps(channels, ensure_ascii=False, indent=1), encoding="utf-8")
    return stats


# ============================================================================ table
def write_table(model: ConversationModel, path: Path, *, chunk: int = 50_000) -> dict:
    """Write the model's turns as a Parquet turn table, ``chunk`` rows per row group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("conversation_id", pa.string()), ("reply_to", pa.string()),
                        ("speaker", pa.string()), ("timestamp", pa.timestamp("ns", tz="UTC")),
                        ("text", pa.string()), ("channel", pa.string()), ("title", pa.string()),
                        ("lang_truth", pa.string())])
    stats = {"turns": 0, "rejects": 0, "conversations": 0}
    cols: dict[str, list] = {name: [] for name in schema.names}

    def flush(writer: pq.ParquetWriter) -> None:
        if cols["id"]:
            cols["timestamp"] = [int(t * 1e9) for t in cols["timestamp"]]
            writer.write_table(pa.table(cols, schema=schema))
            for v in cols.values():
                v.clear()
            cols["timestamp"] = []

    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for thread in model.threads():
            root = f"t{thread[0].index}"
            for t in thread:
                cols["id"].append(f"t{t.index}")
                cols["conversation_id"].append(root)
                cols["reply_to"].append(None if t.parent is None else f"t{t.parent}")
                cols["speaker"].append(t.speaker.handle)
                cols["timestamp"].append(t.ts)
                cols["text"].append(t.text)
                cols["channel"].append("mail")
                cols["title"].append(t.title if t.parent is None else "Re: " + t.title)
                cols["lang_truth"].append(t.lang)
            stats["turns"] += len(thread)
            stats["conversations"] += 1
            if len(cols["id"]) >= chunk:
                flush(writer)
        flush(writer)
    return stats


# ============================================================================ driver
def manifest_path(path: str | Path) -> Path:
    """Where :func:`generate` writes the manifest of ``path``."""
    path = Path(path)
    return path.with_name(path.name + ".manifest.json")


def generate(n_turns: int, fmt: str, path: str | Path, *, seed: int = 0) -> dict:
    """Generate a corpus of ``n_turns`` turns in format ``fmt`` at ``path``; return and write its manifest.

    The manifest (also written to ``<path>.manifest.json``) has ``format``,
    ``turns``, ``rejects`` (items a reader rejects: Slack's join messages),
    ``conversations`` (mail threads; Slack channels), ``speakers``, ``seed``,
    ``bytes`` and ``seconds``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    model = ConversationModel(n_turns, style="chat" if fmt == "slack" else "mail", seed=seed)
    writer = {"mbox": write_mbox, "slack": write_slack, "table": write_table}[fmt]
    stats = writer(model, path)
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
    man = {"format": fmt, **stats, "speakers": len(model.spoke), "seed": seed, "bytes": size,
           "seconds": round(time.perf_counter() - t0, 2)}
    manifest_path(path).write_text(json.dumps(man, indent=1) + "\n", encoding="utf-8")
    return man


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--turns", type=int, required=True, help="number of turns (e.g. 10000, 100000, 1000000)")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", required=True, help="file (mbox, table) or folder (slack) to write")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    man = generate(args.turns, args.format, args.output, seed=args.seed)
    print(json.dumps(man))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
