"""Render the hand-written mail sources (src/mail_*.yaml) into mbox files.

Only the format is generated here: Message-IDs, dates, MIME headers, RFC 2047
encoded names and subjects, transfer encodings, the signature each person's
client appends, and the quoted parent each client puts below (or above) the
reply. Every body is written by hand in the source.

Clients (people.yaml ``client``, or per message ``client:``):

- ``outlook_da``      Outlook desktop, Danish: top-posted, "Fra:/Sendt:/Til:/Emne:" block, QP UTF-8
- ``outlook_da_web``  Outlook on the web, Danish: as above with a "____" rule
- ``outlook_old``     older Outlook: "-----Oprindelig meddelelse-----" and "[mailto:...]"
- ``outlook_en``      Outlook, English: "From:/Sent:/To:/Subject:"
- ``gmail_da``/``gmail_en``  multipart/alternative (plain + HTML), "Den ... skrev" / "On ... wrote:", "> " quotes
- ``iphone_da``       Apple Mail on iPhone: "Sendt fra min iPhone", then "> Den ... skrev ...:"
- ``thunderbird_da``  bottom-posted, "Den dd.mm.yyyy kl. hh.mm skrev X:", 8bit UTF-8, "-- " signature
- ``webmail_latin1``  a webmail in ISO-8859-1, "-----Oprindelig meddelelse-----" with "Dato:"

The mbox is written as mboxrd: body lines matching ``^>*From `` get one more ``>``.

Usage: python corpus/vesterby/tools/render_mail.py   (from the repository root)
"""

from __future__ import annotations

import base64
import hashlib
import html
import quopri
import re
import uuid
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
TZ = ZoneInfo("Europe/Copenhagen")

DA_DAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
DA_DAYS_SHORT = ["man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."]
DA_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
             "september", "oktober", "november", "december"]
DA_MONTHS_SHORT = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]

PREFIX = {"outlook_da": "SV: ", "outlook_da_web": "SV: ", "outlook_old": "SV: ", "outlook_en": "RE: ",
          "gmail_da": "Re: ", "gmail_en": "Re: ", "iphone_da": "Re: ", "thunderbird_da": "Re: ",
          "webmail_latin1": "Sv: "}
PREFIX_RE = re.compile(r"^((re|sv|vs|aw|fw|fwd)\s*:\s*)+", re.I)


def h(*parts: object) -> str:
    """A stable hex digest of the parts (for ids that must not change between runs)."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


class People:
    def __init__(self, data: dict) -> None:
        self.lists = data["lists"]
        self.people = data["people"]

    def addr(self, name: str) -> str:
        if name in self.lists:
            return self.lists[name]
        return self.people[name]["mail"]

    def client(self, name: str) -> str:
        return self.people[name]["client"]

    def signature(self, name: str) -> str | None:
        sig = self.people.get(name, {}).get("signature")
        return sig.rstrip("\n") if sig else None


def encode_header(value: str, client: str) -> str:
    """RFC 2047-encode a header value the way the client would (ASCII stays as is)."""
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        pass
    if client.startswith("outlook") or client == "webmail_latin1":
        try:
            return Header(value, "iso-8859-1", maxlinelen=76).encode()
        except UnicodeEncodeError:
            return Header(value, "utf-8", maxlinelen=76).encode()
    return Header(value, "utf-8", maxlinelen=76).encode()


def fmt_addr(name: str, addr: str, client: str) -> str:
    charset = "iso-8859-1" if client.startswith("outlook") or client == "webmail_latin1" else "utf-8"
    try:
        return formataddr((name, addr), charset=charset)
    except UnicodeEncodeError:
        return formataddr((name, addr), charset="utf-8")


def message_id(client: str, key: str, domain: str) -> str:
    d = h("msgid", key)
    if client.startswith("outlook"):
        box = "AM9PR07MB" + str(int(d[:6], 16) % 9000 + 1000)
        return f"<{box}{d[6:10].upper()}{d[10:20].upper()}@{box}.eurprd07.prod.outlook.com>"
    if client.startswith("gmail"):
        tail = base64.urlsafe_b64encode(bytes.fromhex(d[:48])).decode().rstrip("=").replace("-", "+").replace("_", "=")
        return f"<CA{tail[:50]}@mail.gmail.com>"
    if client == "iphone_da":
        return f"<{str(uuid.UUID(d[:32])).upper()}@{domain}>"
    if client == "thunderbird_da":
        return f"<{uuid.UUID(d[:32])}@{domain}>"
    return f"<{int(d[:8], 16)}.{int(d[8:14], 16)}.{int(d[14:18], 16)}@webmail.example>"


def quote_lines(text: str, mark: str = ">") -> str:
    out = []
    for line in text.split("\n"):
        if not line:
            out.append(mark)
        elif line.startswith(">"):
            out.append(mark + line)
        else:
            out.append(f"{mark} {line}")
    return "\n".join(out)


def attribution(client: str, parent: dict) -> str:
    dt: datetime = parent["dt"]
    name, addr = parent["from"], parent["from_addr"]
    if client == "gmail_da":
        return (f"Den {DA_DAYS_SHORT[dt.weekday()]} {dt.day}. {DA_MONTHS_SHORT[dt.month - 1]} {dt.year} "
                f"kl. {dt:%H.%M} skrev {name} <{addr}>:")
    if client == "gmail_en":
        return f"On {EN_DAYS[dt.weekday()][:3]}, {dt.day} {EN_MONTHS[dt.month - 1][:3]} {dt.year} at {dt:%H:%M}, {name} <{addr}> wrote:"
    if client == "iphone_da":
        return f"Den {dt.day}. {DA_MONTHS_SHORT[dt.month - 1]} {dt.year} kl. {dt:%H.%M} skrev {name} <{addr}>:"
    if client == "thunderbird_da":
        return f"Den {dt:%d.%m.%Y} kl. {dt:%H.%M} skrev {name}:"
    raise ValueError(client)


def header_block(client: str, parent: dict) -> str:
    """The Outlook/webmail block that introduces the quoted original."""
    dt: datetime = parent["dt"]
    to = "; ".join(parent["to"])
    cc = "; ".join(parent["cc"])
    subj = parent["subject"]
    if client == "outlook_en":
        hour = dt.hour % 12 or 12
        ampm = "AM" if dt.hour < 12 else "PM"
        lines = [f"From: {parent['from']} <{parent['from_addr']}>",
                 f"Sent: {EN_DAYS[dt.weekday()]}, {EN_MONTHS[dt.month - 1]} {dt.day}, {dt.year} {hour}:{dt:%M} {ampm}",
                 f"To: {to}"] + ([f"Cc: {cc}"] if cc else []) + [f"Subject: {subj}"]
        return "\n".join(lines)
    if client == "outlook_old":
        lines = ["-----Oprindelig meddelelse-----",
                 f"Fra: {parent['from']} [mailto:{parent['from_addr']}]",
                 f"Sendt: {dt.day}. {DA_MONTHS[dt.month - 1]} {dt.year} {dt:%H:%M}",
                 f"Til: {to}"] + ([f"Cc: {cc}"] if cc else []) + [f"Emne: {subj}"]
        return "\n".join(lines)
    if client == "webmail_latin1":
        lines = ["-----Oprindelig meddelelse-----",
                 f"Fra: {parent['from']} <{parent['from_addr']}>",
                 f"Til: {to}",
                 f"Dato: {dt:%d-%m-%Y %H:%M}",
                 f"Emne: {subj}"]
        return "\n".join(lines)
    sent = f"{DA_DAYS[dt.weekday()]} den {dt.day}. {DA_MONTHS[dt.month - 1]} {dt.year} {dt:%H:%M}"
    lines = [f"Fra: {parent['from']} <{parent['from_addr']}>", f"Sendt: {sent}", f"Til: {to}"]
    lines += [f"Cc: {cc}"] if cc else []
    lines += [f"Emne: {subj}"]
    block = "\n".join(lines)
    if client == "outlook_da_web":
        block = "________________________________\n" + block
    return block


def compose_body(client: str, own: str, sig: str | None, parent: dict | None) -> str:
    """The full plain-text body: own words, signature, quoted parent in the client's style."""
    own = own.rstrip("\n")
    if client == "thunderbird_da":
        parts = []
        if parent:
            parts.append(attribution(client, parent) + "\n" + quote_lines(parent["body"]))
        parts.append(own)
        body = "\n\n".join(parts)
        if sig:
            body += "\n\n-- \n" + sig
        return body
    body = own
    if client.startswith("gmail"):
        if sig:
            body += "\n\n-- \n" + sig
        if parent:
            body += "\n\n" + attribution(client, parent) + "\n\n" + quote_lines(parent["body"])
        return body
    if client == "iphone_da":
        body += "\n\nSendt fra min iPhone"
        if parent:
            body += "\n\n" + quote_lines(attribution(client, parent) + "\n\n" + parent["body"])
        return body
    if sig:
        body += "\n\n" + sig
    if parent:
        body += "\n\n" + header_block(client, parent) + "\n\n" + parent["body"]
    return body


def qp(text: str, charset: str) -> str:
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def gmail_html(own: str, sig: str | None, parent: dict | None, client: str) -> str:
    def para(text: str) -> str:
        return "<br>".join(html.escape(line) for line in text.split("\n"))

    out = f'<div dir="ltr">{para(own.rstrip())}'
    if sig:
        out += f'<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br>' \
               f'<div dir="ltr" class="gmail_signature">{para(sig)}</div>'
    out += "</div>"
    if parent:
        out += ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                f"{html.escape(attribution(client, parent))}<br></div>"
                '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
                f"{para(parent['body'])}</blockquote></div>")
    return out + "\n"


def render_message(m: dict, people: People, mailbox: str) -> str:
    client = m["client"]
    headers: list[tuple[str, str]] = []
    dt: datetime = m["dt"]
    sender = fmt_addr(m["from"], m["from_addr"], client)
    to = ", ".join(fmt_addr(n, people.addr(n), client) for n in m["to"])
    cc = ", ".join(fmt_addr(n, people.addr(n), client) for n in m["cc"])
    subject = encode_header(m["subject"], client)
    date = format_datetime(dt)
    if client.startswith("outlook"):
        headers += [("From", sender), ("To", to)] + ([("CC", cc)] if cc else [])
        headers += [("Subject", subject), ("Thread-Topic", encode_header(m["topic"], client)),
                    ("Thread-Index", m["thread_index"]), ("Date", date), ("Message-ID", m["msgid"])]
        if m["parent"]:
            headers += [("References", m["references"]), ("In-Reply-To", m["parent"]["msgid"])]
        if m.get("importance"):
            headers += [("Importance", "high"), ("X-Priority", "1")]
        headers += [("Accept-Language", "da-DK, en-US"),
                    ("Content-Language", "en-US" if client == "outlook_en" else "da-DK"),
                    ("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", "")]
    elif client.startswith("gmail"):
        headers += [("MIME-Version", "1.0"), ("References", m["references"])] if m["parent"] else [("MIME-Version", "1.0")]
        if m["parent"]:
            headers += [("In-Reply-To", m["parent"]["msgid"])]
        headers += [("From", sender), ("Date", date), ("Message-ID", m["msgid"]), ("Subject", subject),
                    ("To", to)] + ([("Cc", cc)] if cc else [])
    elif client == "iphone_da":
        headers += [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable"),
                    ("From", sender), ("Mime-Version", "1.0 (1.0)"), ("Subject", subject), ("Date", date),
                    ("Message-Id", m["msgid"])]
        if m["parent"]:
            headers += [("References", m["references"]), ("In-Reply-To", m["parent"]["msgid"])]
        headers += [("To", to)] + ([("Cc", cc)] if cc else []) + [("X-Mailer", "iPhone Mail (21D61)")]
    elif client == "thunderbird_da":
        headers += [("Message-ID", m["msgid"]), ("Date", date), ("MIME-Version", "1.0"),
                    ("User-Agent", "Mozilla Thunderbird"), ("Content-Language", "da")]
        headers += [("To", to)] + ([("Cc", cc)] if cc else [])
        if m["parent"]:
            headers += [("References", m["references"]), ("In-Reply-To", m["parent"]["msgid"])]
        headers += [("From", sender), ("Subject", subject)]
    else:  # webmail_latin1
        headers += [("Date", date), ("From", sender), ("To", to)] + ([("Cc", cc)] if cc else [])
        headers += [("Subject", subject), ("Message-ID", m["msgid"])]
        if m["parent"]:
            headers += [("In-Reply-To", m["parent"]["msgid"]), ("References", m["references"])]
        headers += [("X-Mailer", "Webmail 6.2"), ("MIME-Version", "1.0")]

    body = m["body"]
    if client.startswith("outlook"):
        headers += [("Content-Type", 'text/plain; charset="utf-8"'), ("Content-Transfer-Encoding", "quoted-printable"),
                    ("MIME-Version", "1.0")]
        payload = qp(body, "utf-8")
    elif client.startswith("gmail"):
        boundary = "000000000000" + h("boundary", m["msgid"])[:12]
        headers += [("Content-Type", f'multipart/alternative; boundary="{boundary}"')]
        plain = qp(body, "utf-8")
        rich = qp(gmail_html(m["own"], m["sig"], m["parent"], client), "utf-8")
        payload = (f"--{boundary}\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"
                   f"{plain}\n--{boundary}\nContent-Type: text/html; charset=\"UTF-8\"\n"
                   f"Content-Transfer-Encoding: quoted-printable\n\n{rich}\n--{boundary}--\n")
    elif client == "iphone_da":
        payload = qp(body, "utf-8")
    elif client == "thunderbird_da":
        headers += [("Content-Type", "text/plain; charset=UTF-8; format=flowed"), ("Content-Transfer-Encoding", "8bit")]
        payload = body + "\n"
    else:  # the narrowest charset that holds the text, as such webmails do
        for charset in ("iso-8859-1", "windows-1252", "utf-8"):
            try:
                body.encode(charset)
                break
            except UnicodeEncodeError:
                continue
        headers += [("Content-Type", f"text/plain; charset={charset}"), ("Content-Transfer-Encoding", "quoted-printable")]
        payload = qp(body, charset)

    utc = dt.astimezone(UTC)
    from_line = f"From {m['from_addr']} {utc:%a %b} {utc.day:2d} {utc:%H:%M:%S %Y}"
    head = "\n".join(f"{k}: {v}" if v else f"{k}:" for k, v in headers)
    if not payload.endswith("\n"):
        payload += "\n"
    escaped = re.sub(r"(?m)^(>*From )", r">\1", payload)
    return f"{from_line}\n{head}\n\n{escaped}\n"


def thread_index(key: str, n: int) -> str:
    raw = bytes.fromhex(h("ti", key)[:44]) + b"".join(bytes.fromhex(h("ti", key, i)[:10]) for i in range(n))
    return base64.b64encode(raw).decode()


def build(src: Path, people: People) -> tuple[str, int, int]:
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    mailbox = data["mailbox"]
    reply_all = data.get("reply_all", False)
    msgs: dict[str, dict] = {}
    for thread in data["threads"]:
        base = thread["subject"]
        for raw in thread["msgs"]:
            mid = raw["id"]
            if mid in msgs:
                raise ValueError(f"{src.name}: duplicate key {mid}")
            parent = msgs[raw["re"]] if raw.get("re") else None
            client = raw.get("client") or people.client(raw["from"])
            dt = datetime.strptime(str(raw["at"]), "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
            dt = dt.replace(second=int(h("sec", mailbox, mid)[:2], 16) % 60)
            if parent is None:
                to, cc = list(raw["to"]), list(raw.get("cc", []))
                subject, depth = base, 0
            else:
                if parent["dt"] >= dt:
                    raise ValueError(f"{src.name}: {mid} is not later than its parent")
                to = list(raw.get("to") or [parent["from"]])
                if raw.get("to") or not reply_all:
                    cc = list(raw.get("cc", []))
                else:
                    cc = [n for n in parent["to"] + parent["cc"] if n not in (raw["from"], parent["from"])]
                    cc = list(dict.fromkeys(cc))
                prefix = PREFIX[client]
                stripped = PREFIX_RE.sub("", parent["subject"])
                subject = prefix + stripped if client.startswith("outlook") else (
                    parent["subject"] if parent["subject"].lower().startswith(prefix.lower()) else prefix + parent["subject"])
                depth = parent["depth"] + 1
            domain = people.addr(raw["from"]).split("@", 1)[1]
            msgid = message_id(client, f"{mailbox}:{mid}", domain)
            sig = people.signature(raw["from"]) if raw.get("sig", True) and client != "iphone_da" else None
            m = {
                "key": mid, "from": raw["from"], "from_addr": people.addr(raw["from"]), "to": to, "cc": cc,
                "dt": dt, "subject": subject, "topic": base, "client": client, "parent": parent, "depth": depth,
                "msgid": msgid, "own": raw["body"], "sig": sig, "importance": raw.get("importance"),
                "references": " ".join(([parent["references"]] if parent and parent["references"] else [])
                                       + ([parent["msgid"]] if parent else [])),
                "thread_index": thread_index(f"{mailbox}:{base}", depth),
            }
            m["body"] = compose_body(client, raw["body"], sig, parent)
            msgs[mid] = m
    order = sorted(msgs.values(), key=lambda m: m["dt"])
    rendered = {m["key"]: render_message(m, people, mailbox) for m in order}
    dups = {d["after"]: d["of"] for d in data.get("duplicates", [])}
    out = []
    for m in order:
        out.append(rendered[m["key"]])
        if m["key"] in dups:
            out.append(rendered[dups[m["key"]]])
    return "".join(out), len(order), len(dups)


def main() -> None:
    people = People(yaml.safe_load((HERE / "src" / "people.yaml").read_text(encoding="utf-8")))
    for src in sorted((HERE / "src").glob("mail_*.yaml")):
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
        text, n, d = build(src, people)
        out = CORPUS / "mail" / data["mailbox"]
        out.write_bytes(text.encode("utf-8"))
        print(f"{out.relative_to(CORPUS)}: {n} messages + {d} duplicate copies")


if __name__ == "__main__":
    main()
