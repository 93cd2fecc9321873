"""Render the hand-written Slack messages in ``_src/slack.txt`` as a native Slack export folder.

Writes ``corpus/vesterby/slack/``: ``users.json``, ``channels.json``,
``integration_logs.json`` and one ``<channel>/<YYYY-MM-DD>.json`` day file per
channel and day, in the layout of Slack's workspace export (messages with
``ts``, ``user``, ``user_profile``, ``blocks``; thread parents with
``thread_ts``, ``reply_count``, ``replies``; replies with ``thread_ts`` and
``parent_user_id``; ``channel_join`` and ``bot_message`` subtypes; reactions).

Only the format is generated here (ids, ``ts``, profiles, blocks); every text is
hand-written in the source. Deterministic: running it twice gives the same bytes.

Usage: ``python corpus/vesterby/tools/render_slack.py``
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src" / "slack.txt"
OUT = HERE.parent / "slack"
TZ = ZoneInfo("Europe/Copenhagen")
TEAM = "T06HVB4QX2P"

# (handle, real name, title) in the order the workspace got them.
PEOPLE = [
    ("henrik", "Henrik Dahl", "Direktør, Borger og Erhverv"),
    ("lene", "Lene Vestergaard", "Afdelingsleder, Borgerservice"),
    ("morten", "Morten Skov", "Teamleder"),
    ("camilla", "Camilla Brandt", "Kommunikationskonsulent"),
    ("peter", "Peter Holm", "Jurist"),
    ("karen", "Karen Thomsen", "Sagsbehandler"),
    ("anne", "Anne Mikkelsen", "Sagsbehandler"),
    ("jonas", "Jonas Friis", "Sagsbehandler"),
    ("mette", "Mette Kjær", "Sagsbehandler"),
    ("ahmed", "Ahmed Hassan", "Sagsbehandler"),
    ("louise", "Louise Bach", "Sagsbehandler"),
    ("rasmus", "Rasmus Juhl", "Web og IT"),
    ("maria", "Maria Santos", "International koordinator"),
    ("sofie", "Sofie Nørgaard", "Elev"),
    ("jens", "Jens Kold", "Sagsbehandler"),
]
COLORS = ["9f69e7", "4bbe2e", "e7392d", "3c989f", "674b1b", "e96699", "5b89d5", "dc7dbb",
          "bb86b7", "e0a729", "a63024", "43761b", "ea2977", "827327", "c386df"]
CHANNELS = {
    "aaben-borgerservice": {
        "id": "C06HW2R7L0K",
        "creator": "lene",
        "created": "2024-02-05 09:40",
        "members": [p[0] for p in PEOPLE],
        "topic": "Pilotprojektet Åben Borgerservice: spørgsmål, erfaringer og frustrationer",
        "purpose": "Til medarbejderne i Borgerservice under pilotprojektet Åben Borgerservice (feb-jul 2024)",
    },
    "kaffe": {
        "id": "C06HW3M1Q8S",
        "creator": "louise",
        "created": "2024-02-05 08:01",
        "members": [p[0] for p in PEOPLE if p[0] not in {"henrik", "peter"}],
        "topic": "Kage, kaffe og alt det andet",
        "purpose": "Det sociale hjørne",
    },
}
BOTS = {"Google Kalender": "B06J0CAL7QZ"}

HEADER = re.compile(
    r"^= (?P<label>\w+) (?P<date>\d{4}-\d\d-\d\d) (?P<time>\d\d:\d\d) (?P<user>[\w-]+)"
    r"(?: \^(?P<parent>\w+))?(?: (?P<kind>join|bot)(?: (?P<botname>[^|]+?))?)?"
    r"(?: \| (?P<reactions>.+))?$"
)


def _h(*parts: str) -> int:
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest(), 16)


def user_id(handle: str) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    n = _h("user", handle)
    tail = "".join(alphabet[(n >> (5 * i)) % len(alphabet)] for i in range(7))
    return "U06H" + tail


def parse(src: Path) -> list[dict]:
    msgs: list[dict] = []
    channel = None
    cur: dict | None = None
    for raw in src.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#channel "):
            channel = raw.split(None, 1)[1].strip()
            cur = None
            continue
        if raw.startswith("#") and cur is None:
            continue
        if raw.startswith("= "):
            m = HEADER.match(raw)
            if not m:
                raise ValueError(f"bad header: {raw!r}")
            cur = {**m.groupdict(), "channel": channel, "lines": []}
            msgs.append(cur)
            continue
        if cur is not None:
            cur["lines"].append(raw)
    for m in msgs:
        m["text"] = "\n".join(m.pop("lines")).strip("\n")
        local = datetime.strptime(f"{m['date']} {m['time']}", "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
        sec = _h("sec", m["label"]) % 60
        micro = _h("micro", m["label"]) % 1_000_000
        m["epoch"] = int(local.timestamp()) + sec
        m["ts"] = f"{m['epoch']}.{micro:06d}"
        m["day"] = datetime.fromtimestamp(m["epoch"], tz=ZoneInfo("UTC")).strftime("%Y-%m-%d")
    return msgs


_TOKEN = re.compile(r"<@(\w+)>|<(https?://[^|>]+)\|([^>]+)>|<(https?://[^>]+)>|:([a-z0-9_+\-]+):|\*([^*\n]+)\*|_([^_\n]+)_")


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_text(text: str) -> tuple[str, list[dict]]:
    """Slack ``text`` (mrkdwn, escaped, mentions as user ids) and its rich_text elements."""
    out: list[str] = []
    elems: list[dict] = []
    pos = 0

    def plain(s: str) -> None:
        if s:
            out.append(_escape(s))
            if elems and elems[-1]["type"] == "text" and "style" not in elems[-1]:
                elems[-1]["text"] += s
            else:
                elems.append({"type": "text", "text": s})

    for m in _TOKEN.finditer(text):
        plain(text[pos:m.start()])
        mention, url, label, bare, emoji, bold, ital = m.groups()
        if mention:
            out.append(f"<@{user_id(mention)}>")
            elems.append({"type": "user", "user_id": user_id(mention)})
        elif url:
            out.append(f"<{url}|{_escape(label)}>")
            elems.append({"type": "link", "url": url, "text": label})
        elif bare:
            out.append(f"<{bare}>")
            elems.append({"type": "link", "url": bare})
        elif emoji:
            out.append(f":{emoji}:")
            elems.append({"type": "emoji", "name": emoji})
        elif bold:
            out.append(f"*{_escape(bold)}*")
            elems.append({"type": "text", "text": bold, "style": {"bold": True}})
        else:
            out.append(f"_{_escape(ital)}_")
            elems.append({"type": "text", "text": ital, "style": {"italic": True}})
        pos = m.end()
    plain(text[pos:])
    return "".join(out), elems


def profile(handle: str) -> dict:
    real = next(p[1] for p in PEOPLE if p[0] == handle)
    first = real.split()[0]
    avatar = hashlib.md5(handle.encode()).hexdigest()[:12]
    return {
        "avatar_hash": avatar,
        "image_72": f"https://avatars.slack-edge.example/2024-02-05/{avatar}_72.png",
        "first_name": first,
        "real_name": real,
        "display_name": first,
        "team": TEAM,
        "name": handle,
        "is_restricted": False,
        "is_ultra_restricted": False,
    }


def reactions(spec: str | None, msg: dict, members: list[str]) -> list[dict]:
    if not spec:
        return []
    out = []
    pool = [u for u in members if u != msg["user"]]
    for item in spec.split():
        name, count = item.rsplit(":", 1)
        n = int(count)
        if n > len(pool):
            raise ValueError(f"{msg['label']}: {n} reactions but {len(pool)} possible users")
        ranked = sorted(pool, key=lambda u: _h("react", msg["label"], name, u))
        out.append({"name": name, "users": [user_id(u) for u in ranked[:n]], "count": n})
    return out


def build(msgs: list[dict]) -> dict[str, dict[str, list[dict]]]:
    by_label = {m["label"]: m for m in msgs}
    replies: dict[str, list[dict]] = defaultdict(list)
    for m in msgs:
        if m["parent"]:
            replies[m["parent"]].append(m)
    days: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for m in msgs:
        ch = CHANNELS[m["channel"]]
        if m["kind"] == "join":
            uid = user_id(m["user"])
            obj = {
                "type": "message",
                "subtype": "channel_join",
                "ts": m["ts"],
                "user": uid,
                "text": f"<@{uid}> has joined the channel",
            }
        elif m["kind"] == "bot":
            name = m["botname"].strip()
            text, _ = render_text(m["text"])
            obj = {
                "type": "message",
                "subtype": "bot_message",
                "text": text,
                "ts": m["ts"],
                "username": name,
                "bot_id": BOTS[name],
                "icons": {"image_48": "https://avatars.slack-edge.example/bots/google-calendar_48.png"},
            }
        else:
            text, elems = render_text(m["text"])
            uid = user_id(m["user"])
            obj = {
                "client_msg_id": str(uuid.UUID(int=_h("cmid", m["label"]) % (1 << 128), version=4)),
                "type": "message",
                "text": text,
                "user": uid,
                "ts": m["ts"],
                "blocks": [
                    {
                        "type": "rich_text",
                        "block_id": format(_h("block", m["label"]) % (36**5), "x")[:5],
                        "elements": [{"type": "rich_text_section", "elements": elems}],
                    }
                ],
                "team": TEAM,
                "user_team": TEAM,
                "source_team": TEAM,
                "user_profile": profile(m["user"]),
            }
            kids = replies.get(m["label"], [])
            if kids:
                obj["thread_ts"] = m["ts"]
                obj["reply_count"] = len(kids)
                users = list(dict.fromkeys(user_id(k["user"]) for k in kids))
                obj["reply_users_count"] = len(users)
                obj["latest_reply"] = kids[-1]["ts"]
                obj["reply_users"] = users
                obj["replies"] = [{"user": user_id(k["user"]), "ts": k["ts"]} for k in kids]
                obj["is_locked"] = False
                obj["subscribed"] = False
            if m["parent"]:
                parent = by_label[m["parent"]]
                obj["thread_ts"] = parent["ts"]
                obj["parent_user_id"] = user_id(parent["user"])
            rx = reactions(m["reactions"], m, ch["members"])
            if rx:
                obj["reactions"] = rx
        days[m["channel"]][m["day"]].append(obj)
    for ch in days.values():
        for day in ch.values():
            day.sort(key=lambda o: float(o["ts"]))
    return days


def users_json() -> list[dict]:
    out = []
    for i, (handle, real, title) in enumerate(PEOPLE):
        first, last = real.split(" ", 1)
        p = profile(handle)
        out.append({
            "id": user_id(handle),
            "team_id": TEAM,
            "name": handle,
            "deleted": False,
            "color": COLORS[i],
            "real_name": real,
            "tz": "Europe/Copenhagen",
            "tz_label": "Central European Time",
            "tz_offset": 3600,
            "profile": {
                "title": title,
                "phone": "",
                "skype": "",
                "real_name": real,
                "real_name_normalized": real.translate(str.maketrans("æøåÆØÅ", "aoaAOA")),
                "display_name": first,
                "display_name_normalized": first,
                "fields": None,
                "status_text": "",
                "status_emoji": "",
                "status_expiration": 0,
                "avatar_hash": p["avatar_hash"],
                "email": f"{first.lower()}.{last.lower()}@vesterby.example".translate(
                    str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
                ),
                "first_name": first,
                "last_name": last,
                "image_72": p["image_72"],
                "team": TEAM,
            },
            "is_admin": handle in {"lene", "rasmus"},
            "is_owner": handle == "rasmus",
            "is_primary_owner": handle == "rasmus",
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": False,
            "is_app_user": False,
            "updated": 1707122400 + i * 97,
            "is_email_confirmed": True,
            "who_can_share_contact_card": "EVERYONE",
        })
    return out


def channels_json() -> list[dict]:
    out = []
    for name, ch in CHANNELS.items():
        created = int(datetime.strptime(ch["created"], "%Y-%m-%d %H:%M").replace(tzinfo=TZ).timestamp())
        creator = user_id(ch["creator"])
        out.append({
            "id": ch["id"],
            "name": name,
            "created": created,
            "creator": creator,
            "is_archived": False,
            "is_general": False,
            "members": [user_id(u) for u in ch["members"]],
            "pins": [],
            "topic": {"value": ch["topic"], "creator": creator, "last_set": created},
            "purpose": {"value": ch["purpose"], "creator": creator, "last_set": created},
        })
    return out


def integration_logs() -> list[dict]:
    """The one integration of the workspace: the calendar app that posts the meeting reminder."""
    added = datetime.strptime("2024-03-22 10:15", "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
    return [{
        "service_id": BOTS["Google Kalender"],
        "service_type": "Google Calendar",
        "user_id": user_id("rasmus"),
        "user_name": "rasmus",
        "channel": "aaben-borgerservice",
        "date": str(int(added.timestamp())),
        "change_type": "added",
        "scope": "incoming-webhook",
    }]


def dump(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=4) + "\n", encoding="utf-8")


def main() -> None:
    msgs = parse(SRC)
    labels = [m["label"] for m in msgs]
    if len(labels) != len(set(labels)):
        raise ValueError("duplicate labels in source")
    days = build(msgs)
    if OUT.exists():
        for f in sorted(OUT.rglob("*.json")):
            f.unlink()
    dump(OUT / "users.json", users_json())
    dump(OUT / "channels.json", channels_json())
    dump(OUT / "integration_logs.json", integration_logs())
    for ch, by_day in days.items():
        for day, objs in sorted(by_day.items()):
            dump(OUT / ch / f"{day}.json", objs)
    n_turns = sum(1 for m in msgs if not m["kind"])
    print(f"{len(msgs)} messages ({n_turns} turns) in {sum(len(d) for d in days.values())} day files")


if __name__ == "__main__":
    main()
