"""The truth of the Vesterby corpus, part A (mail, blog, meetings), checked against its files.

Two layers. First, a minimal parse written here (stdlib ``email``, defusedxml,
a few lines for WebVTT) that needs none of stacey's readers: every file listed
exists, counts match, every locator's ``says`` occurs in exactly one turn's own
words and that turn is the named speaker's, shifts lie inside their
conversations, uptake pairs are real gesture -> response edges. Second, the same
files through ``stacey.read``: counts, rejects and reply links as the truth says
(failing if a reader is not registered).
"""

from __future__ import annotations

import email
import email.policy
import html
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "vesterby"
TRUTH = yaml.safe_load((CORPUS / "truth" / "mail_blog_meetings.yaml").read_text(encoding="utf-8"))
PEOPLE = yaml.safe_load((CORPUS / "tools" / "src" / "people.yaml").read_text(encoding="utf-8"))["people"]
THEMES = {"control", "openness", "service", "workload", "community"}
NS = {"wp": "http://wordpress.org/export/1.2/", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}
READER = {".mbox": "mbox", ".xml": "wordpress", ".vtt": "transcript"}


@dataclass(frozen=True)
class Turn:
    """One turn as the minimal parse sees it."""

    key: str
    speaker: str
    text: str
    when: datetime | float
    parent: str | None
    position: int


@dataclass(frozen=True)
class Parsed:
    turns: tuple[Turn, ...]
    rejects: int

    def by_key(self) -> dict[str, Turn]:
        return {t.key: t for t in self.turns}

    def root(self, turn: Turn) -> Turn:
        keys = self.by_key()
        while turn.parent is not None and turn.parent in keys:
            turn = keys[turn.parent]
        return turn


# --- minimal parsers -------------------------------------------------------------------------------------

_QUOTE_START = re.compile(r"^(Fra: |From: |-----Oprindelig meddelelse-----|_{20,}$|Sendt fra min iPhone)")
_ATTRIBUTION = re.compile(r"^(Den .+ skrev.*:|On .+ wrote:)$")


def own_words(body: str) -> str:
    """The writer's own lines: quoted lines, attributions and forwarded header blocks dropped."""
    out = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if _QUOTE_START.match(line):
            break
        if line.startswith(">") or _ATTRIBUTION.match(line):
            continue
        out.append(line)
    return "\n".join(out).strip()


def parse_mbox(path: Path) -> Parsed:
    raw = path.read_bytes()
    chunks = [c for c in re.split(rb"(?m)^From [^\n]*\n", raw) if c.strip()]
    seen: set[str] = set()
    turns, dups = [], 0
    for chunk in chunks:
        msg = email.message_from_bytes(re.sub(rb"(?m)^>(>*From )", rb"\1", chunk), policy=email.policy.default)
        mid = str(msg["Message-ID"]).strip()
        if mid in seen:
            dups += 1
            continue
        seen.add(mid)
        body = msg.get_body(preferencelist=("plain",)).get_content()
        parent = str(msg["In-Reply-To"]).strip() if msg["In-Reply-To"] else None
        turns.append(Turn(mid, msg["From"].addresses[0].display_name, own_words(body),
                          parsedate_to_datetime(str(msg["Date"])), parent, len(turns)))
    return Parsed(tuple(turns), dups)


def _gmt(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def parse_wxr(path: Path) -> Parsed:
    channel = ET.parse(path).getroot().find("channel")
    logins = {a.findtext("wp:author_login", namespaces=NS): a.findtext("wp:author_display_name", namespaces=NS)
              for a in channel.findall("wp:author", NS)}
    turns, rejects = [], 0
    for item in channel.findall("item"):
        post = "post-" + item.findtext("wp:post_id", namespaces=NS)
        content = re.sub(r"<[^>]+>", "", item.findtext("content:encoded", namespaces=NS))
        turns.append(Turn(post, logins[item.findtext("dc:creator", namespaces=NS)], html.unescape(content),
                          _gmt(item.findtext("wp:post_date_gmt", namespaces=NS)), None, len(turns)))
        for c in item.findall("wp:comment", NS):
            if c.findtext("wp:comment_approved", namespaces=NS) != "1":
                rejects += 1
                continue
            parent = c.findtext("wp:comment_parent", namespaces=NS)
            turns.append(Turn("comment-" + c.findtext("wp:comment_id", namespaces=NS),
                              c.findtext("wp:comment_author", namespaces=NS),
                              c.findtext("wp:comment_content", namespaces=NS),
                              _gmt(c.findtext("wp:comment_date_gmt", namespaces=NS)),
                              post if parent == "0" else "comment-" + parent, len(turns)))
    return Parsed(tuple(turns), rejects)


_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>)?$")


def _seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def parse_vtt(path: Path) -> Parsed:
    """Cues with voice tags; consecutive cues of one voice are one turn; a turn answers the turn before it."""
    turns: list[Turn] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        m = _VOICE.match(" ".join(lines[timing + 1:]))
        assert m, f"{path.name}: a cue without a <v Name> voice tag: {block!r}"
        speaker, text = m.group(1).strip(), m.group(2).strip()
        if turns and turns[-1].speaker == speaker:
            last = turns.pop()
            turns.append(Turn(last.key, speaker, f"{last.text} {text}", last.when, last.parent, last.position))
        else:
            n = len(turns)
            turns.append(Turn(f"{path.stem}:{n}", speaker, text, _seconds(lines[timing].split("-->")[0].strip()),
                              turns[-1].key if turns else None, n))
    return Parsed(tuple(turns), 0)


@cache
def parsed(file: str) -> Parsed:
    path = CORPUS / file
    return {".mbox": parse_mbox, ".xml": parse_wxr, ".vtt": parse_vtt}[path.suffix](path)


def resolve(loc: dict) -> Turn:
    hits = [t for t in parsed(loc["file"]).turns if loc["says"] in t.text]
    assert len(hits) == 1, f"{loc}: 'says' is in {len(hits)} turns' own words, expected exactly 1"
    assert hits[0].speaker == loc["speaker"], f"{loc}: the turn is by {hits[0].speaker}"
    return hits[0]


def locators() -> list[tuple[str, dict]]:
    out = [(f"shift:{s['at']['says']}", s["at"]) for s in TRUTH["shifts"]]
    out += [(f"sentiment:{s['at']['says']}", s["at"]) for s in TRUTH["sentiment_turn"]]
    out += [(f"emergence:{e['at']['says']}", e["at"]) for e in TRUTH["emergence"]]
    for kind in ("strong", "none"):
        for p in TRUTH["uptake"][kind]:
            out += [(f"{kind}-gesture:{p['gesture']['says']}", p["gesture"]),
                    (f"{kind}-response:{p['response']['says']}", p["response"])]
    out += [(f"conversation:{d['conversation']['says']}", d["conversation"]) for d in TRUTH["dominant_theme"]]
    return out


# --- the truth against the minimal parse -----------------------------------------------------------------


def test_every_file_listed_exists_and_every_export_is_listed():
    on_disk = sorted(p.relative_to(CORPUS).as_posix() for folder in ("mail", "blog", "meetings")
                     for p in (CORPUS / folder).iterdir() if p.is_file())
    assert sorted(TRUTH["files"]) == on_disk
    assert set(TRUTH["turns_expected"]) == set(TRUTH["files"])
    assert set(TRUTH["rejects_expected"]) <= set(TRUTH["files"])
    assert len(TRUTH["reject_notes"]) == len(TRUTH["rejects_expected"])


@pytest.mark.parametrize("file", TRUTH["files"])
def test_turn_and_reject_counts(file):
    p = parsed(file)
    assert len(p.turns) == TRUTH["turns_expected"][file]
    assert p.rejects == TRUTH["rejects_expected"].get(file, 0)
    assert len({t.key for t in p.turns}) == len(p.turns)


def test_part_size_speakers_and_time_span():
    turns = [t for f in TRUTH["files"] for t in parsed(f).turns]
    assert len(turns) >= 300
    assert {t.speaker for t in turns} == set(PEOPLE)  # all 28 people of the world appear in part A
    dates = [t.when for f in TRUTH["files"] if not f.endswith(".vtt") for t in parsed(f).turns]
    assert min(dates).month == 2 and max(dates).month == 7


@pytest.mark.parametrize("file", [f for f in TRUTH["files"] if not f.endswith(".vtt")])
def test_reply_links_point_inside_the_file_and_forward_in_time(file):
    p = parsed(file)
    keys = p.by_key()
    replies = [t for t in p.turns if t.parent is not None]
    assert replies, "a file of conversations without a single reply link"
    for t in replies:
        assert t.parent in keys, f"{t.key} answers {t.parent}, which is not in {file}"
        assert keys[t.parent].when < t.when


@pytest.mark.parametrize(("label", "loc"), locators(), ids=[label for label, _ in locators()])
def test_locator_names_exactly_one_turn_of_its_speaker(label, loc):
    assert loc["file"] in TRUTH["files"]
    resolve(loc)


def test_theme_ids_and_minimum_plant():
    assert len(TRUTH["shifts"]) >= 6
    assert len(TRUTH["uptake"]["strong"]) >= 5 and len(TRUTH["uptake"]["none"]) >= 5
    for s in TRUTH["shifts"]:
        assert {s["from"], s["to"]} <= THEMES and s["from"] != s["to"]
    for d in TRUTH["dominant_theme"]:
        assert set(d["themes"]) <= THEMES
        assert all(a != b for a, b in zip(d["themes"], d["themes"][1:], strict=False))


def test_dominant_theme_lists_every_conversation_by_its_first_turn():
    listed = set()
    for d in TRUTH["dominant_theme"]:
        turn = resolve(d["conversation"])
        p = parsed(d["conversation"]["file"])
        if d["conversation"]["file"].endswith(".vtt"):
            assert turn.position == 0
        else:
            assert turn.parent is None, f"{d['conversation']} is not a conversation's first turn"
        listed.add((d["conversation"]["file"], p.root(turn).key))
    actual = {(f, p.root(t).key) for f in TRUTH["files"] for p in [parsed(f)] for t in p.turns}
    assert listed == actual


def _conversation(loc: dict) -> tuple[str, Turn]:
    p = parsed(loc["file"])
    return loc["file"], p.root(resolve(loc))


def test_shifts_lie_inside_their_conversations_in_the_order_of_the_dominant_themes():
    by_conv: dict[tuple[str, str], list[tuple[Turn, dict]]] = {}
    for s in TRUTH["shifts"]:
        turn = resolve(s["at"])
        file, root = _conversation(s["at"])
        assert turn.key != root.key, f"{s['at']} opens its conversation; a shift comes after the first turn"
        assert turn.position > root.position and turn.when > root.when
        by_conv.setdefault((file, root.key), []).append((turn, s))
    themes = {(d["conversation"]["file"], _conversation(d["conversation"])[1].key): d["themes"]
              for d in TRUTH["dominant_theme"]}
    for conv, shifts in by_conv.items():
        steps = [(s["from"], s["to"]) for _, s in sorted(shifts, key=lambda x: x[0].when)]
        seq = themes[conv]
        assert steps == list(zip(seq, seq[1:], strict=False)), f"{conv}: shifts {steps} against themes {seq}"
    for conv, seq in themes.items():
        assert len(seq) - 1 == len(by_conv.get(conv, [])), f"{conv}: {seq} needs {len(seq) - 1} shift(s)"


@pytest.mark.parametrize("kind", ["strong", "none"])
def test_uptake_pairs_are_gesture_response_edges(kind):
    for pair in TRUTH["uptake"][kind]:
        gesture, response = resolve(pair["gesture"]), resolve(pair["response"])
        assert pair["gesture"]["file"] == pair["response"]["file"]
        assert gesture.speaker != response.speaker
        assert response.parent == gesture.key, f"{pair['response']} does not answer {pair['gesture']}"


def test_sentiment_turn_is_the_8_april_meeting():
    first = TRUTH["sentiment_turn"][0]["at"]
    assert first["file"].startswith("meetings/2024-04-08")
    for s in TRUTH["sentiment_turn"]:
        resolve(s["at"])
    mail = next(s["at"] for s in TRUTH["sentiment_turn"] if s["at"]["file"].startswith("mail/"))
    assert resolve(mail).when.date().isoformat() == "2024-04-09"


def test_emergence_goes_from_informal_adoption_to_formal_use_in_june():
    events = TRUTH["emergence"]
    assert {e["theme"] for e in events} == {"community"}
    formal = [e for e in events if e["event"] == "first_formal_use"]
    assert len(formal) == 1
    formal_turn = resolve(formal[0]["at"])
    assert (formal_turn.when.year, formal_turn.when.month) == (2024, 6)
    adopted = [resolve(e["at"]).when for e in events if e["event"] == "adoption" and not e["at"]["file"].endswith(".vtt")]
    assert min(adopted) < formal_turn.when  # informal uptake comes first: the lag
    assert any(e["at"]["file"].startswith("meetings/2024-04-08") for e in events if e["event"] == "adoption")


def _answers(p: Parsed, speaker: str) -> tuple[int, int]:
    """(turns by the speaker, replies to them by others) in one file."""
    mine = {t.key for t in p.turns if t.speaker == speaker}
    return len(mine), sum(t.parent in mine and t.speaker != speaker for t in p.turns)


def _others_rate(files: list[str], speaker: str) -> float:
    """Replies received per turn by everyone else who posts at least three times in those files."""
    turns = received = 0
    for f in files:
        p = parsed(f)
        counts = Counter(t.speaker for t in p.turns)
        for s, n in counts.items():
            if s != speaker and n >= 3:
                turns += n
                received += _answers(p, s)[1]
    return received / turns


@pytest.mark.parametrize("row", TRUTH["exclusion"], ids=lambda r: f"{r['speaker']}@{r['file']}")
def test_excluded_speakers_post_often_and_are_rarely_answered(row):
    n, answered = _answers(parsed(row["file"]), row["speaker"])
    assert (n, answered) == (row["turns"], row["replies_received"])
    assert answered / n < _others_rate([row["file"]], row["speaker"])


@pytest.mark.parametrize("speaker", sorted({r["speaker"] for r in TRUTH["exclusion"]}))
def test_excluded_speakers_get_less_than_half_the_answers_of_others(speaker):
    files = [r["file"] for r in TRUTH["exclusion"] if r["speaker"] == speaker]
    n = sum(r["turns"] for r in TRUTH["exclusion"] if r["speaker"] == speaker)
    answered = sum(r["replies_received"] for r in TRUTH["exclusion"] if r["speaker"] == speaker)
    assert n >= 10
    assert answered / n <= _others_rate(files, speaker) / 2


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(f"vesterby_{name}", CORPUS / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rendered_exports_match_their_hand_written_sources():
    """The committed export files are exactly what the tools make of the sources (no drift, no hand edits)."""
    mail = _tool("render_mail")
    people = mail.People(yaml.safe_load((CORPUS / "tools" / "src" / "people.yaml").read_text(encoding="utf-8")))
    for src in sorted((CORPUS / "tools" / "src").glob("mail_*.yaml")):
        box = yaml.safe_load(src.read_text(encoding="utf-8"))["mailbox"]
        assert mail.build(src, people)[0].encode("utf-8") == (CORPUS / "mail" / box).read_bytes(), box
    blog = _tool("render_blog")
    assert blog.render()[0] == blog.OUT.read_text(encoding="utf-8")
    vtt = _tool("render_vtt")
    for meeting in yaml.safe_load((CORPUS / "tools" / "src" / "meetings.yaml").read_text(encoding="utf-8"))["meetings"]:
        assert vtt.render(meeting)[0] == (CORPUS / "meetings" / meeting["file"]).read_text(encoding="utf-8")


# --- the same files through stacey's readers -------------------------------------------------------------


def _reader(file: str) -> str:
    import stacey

    name = READER[Path(file).suffix]
    if name not in stacey.readers():
        pytest.fail(f"reader {name} is not registered")
    return name


def _is(row, speaker: str) -> bool:
    keys = {str(row.get("speaker", "")).lower(), str(row.get("meta.name", "")).lower()}
    return speaker.lower() in keys or PEOPLE[speaker]["mail"] in keys


@pytest.mark.parametrize("file", TRUTH["files"])
def test_reader_reads_the_file_as_the_truth_says(file):
    import stacey

    name = _reader(file)
    path = CORPUS / file
    assert stacey.detect(path).name == name
    res = stacey.read(path, with_rejects=True)
    assert res.format == name
    assert len(res.turns) == TRUTH["turns_expected"][file]
    assert len(res.rejects) == TRUTH["rejects_expected"].get(file, 0), res.rejects.to_dict("records")
    assert res.found == len(res.turns) + len(res.rejects)
    turns = res.turns
    if not file.endswith(".vtt"):
        assert turns["reply_to"].notna().sum() == sum(t.parent is not None for t in parsed(file).turns)
    assert turns["reply_to"].dropna().isin(turns["id"]).all()
    assert turns["missing_parent"].isna().all()


@pytest.mark.parametrize(("label", "loc"), locators(), ids=[label for label, _ in locators()])
def test_reader_finds_each_locator_once(label, loc):
    _reader(loc["file"])
    turns = _read(loc["file"])
    hits = turns[turns["text"].str.contains(loc["says"], regex=False, na=False)]
    assert len(hits) == 1, f"{loc}: in {len(hits)} turns as read by stacey"
    assert _is(hits.iloc[0], loc["speaker"])


@cache
def _read(file: str):
    import stacey

    return stacey.read(CORPUS / file, with_rejects=True).turns
