"""WhatsApp chat exports: the ``.txt`` of "Export chat" and the ``.zip`` it comes in.

Layouts (one per file, chosen by which line header the file uses most):

- Android: ``31.12.21, 21:15 - Name: text`` or ``12/31/21, 9:15 PM - Name: text``;
- iOS: ``[31.12.21, 21:15:02] Name: text`` or ``[12/31/21, 9:15:02 PM] Name: text``;
- older iOS: ``31.12.21, 21:15:02: Name: text``.

Dates use ``.``, ``/`` or ``-`` with a 2- or 4-digit year (years 00-99 are
20xx); times ``:`` or ``.`` separated, 24 h or 12 h (``AM``/``PM``,
``a.m.``/``p. m.``, with an ordinary, no-break or narrow no-break space).
Exports write impossible 12 h times such as ``23:59 PM`` or ``00:04 AM``: the
hour is taken as written then. Day-first against month-first is decided per
file from the data: a first field above 12 means day-first, a second field
above 12 month-first; when no field tells, dotted dates are day-first (no
locale writes month.day) and for slashed dates the order that keeps the chat
in time order (fewer steps back in time) wins, day-first on a tie. Force it
with ``dayfirst=True/False``. A file whose dates contradict each other raises
:class:`FormatError`. WhatsApp writes the phone's local clock time without a
zone: times are stored as UTC unless ``tz="Europe/Copenhagen"`` (say) names
the zone they were written in.

Text: a line without a header continues the message above it (multi-line
messages); the byte-order mark (U+FEFF, which Android writes at the start of
some lines) and the direction marks U+200E, U+200F and U+202A-U+202E,
U+2066-U+2069 are removed, narrow and no-break spaces become spaces. A
trailing ``<This message was edited>`` (``<Denne besked blev redigeret>``,
...) is removed and recorded as ``meta.edited``.

Mapping: ``id`` = ``<file stem>:<line>`` (the 1-based line number of the
message's first line); ``conversation_id`` = the file stem (in a zip whose
text is iOS's ``_chat.txt``, the zip's stem); ``title`` = the chat's name
(the stem without "WhatsApp Chat with " and its translations); ``speaker`` =
the name as shown, lower-cased; ``meta.name`` = the name as shown;
``channel`` = ``chat``. ``reply_to`` is always empty: the text export does
not say which message a message quotes, so a chat is read as a linear
sequence (order is kept in ``turn``); nothing is guessed.

Rejected lines (``reason``), recognised in Danish, English, German, Spanish,
French, Dutch, Italian, Portuguese, Swedish and Norwegian phrasings:
``system`` (encryption notice, group created, "X tilføjede Y", "X joined
using this group's invite link", name/icon/description changes, security
code changes, ... and any header line with no ``Name:``), ``media``
(``<Media omitted>``, ``<Medier udeladt>``, ``image omitted``, ``<attached:
...>``, ``file.opus (file attached)``, shared locations), ``deleted`` ("This
message was deleted", "Denne besked blev slettet", ...), ``empty`` (a
sender with no text: view-once media), ``bad-timestamp`` (a header whose
date does not exist in the chosen order) and ``unparsable`` (text before the
first message header).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FormatError
from ._archive import ExportTree, is_zip, read_text_file, zip_head, zip_names
from ._options import as_bool, check_tz
from .registry import Reject, reader

__all__ = ["read_whatsapp", "parse_whatsapp_text"]

_DATE_SPLIT = re.compile(r"[./-]")
_TIME_SPLIT = re.compile(r"[:.]")
_QUOTES = re.compile(r"[\"“”„«»]")
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2007": " "})

_DATE = r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})\.?"
_TIME = r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
_AMPM = r"(?:\s?(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
_SEP = r"(?:,\s*|\s+(?:à|kl\.?|um|a las|om)\s+|\s+)"
LAYOUTS: dict[str, re.Pattern[str]] = {
    "android": re.compile(rf"^{_DATE}{_SEP}{_TIME}{_AMPM}\s[-\u2013]\s(?P<rest>.*)$"),
    "ios": re.compile(rf"^\[{_DATE}{_SEP}{_TIME}{_AMPM}\]\s(?P<rest>.*)$"),
    "ios-old": re.compile(rf"^{_DATE}{_SEP}{_TIME}{_AMPM}:\s(?P<rest>.*)$"),
}

_ENCRYPTION = re.compile(
    r"end-to-end|ende-zu-ende|end-to-end-krypter|extremo a extremo|de bout en bout|end-to-end-versleuteld"
    r"|crittografia end-to-end|ponta a ponta|totalsträckskrypter", re.I)
_ENCRYPT_WORD = re.compile(r"encrypt|krypter|verschlüssel|cifrad|chiffr|versleutel|crittograf|criptograf", re.I)
_TAP = re.compile(r"\b(?:Tap|Tryk|Tippe|Toca|Appuyez|Tik|Tocca|Trykk)\b", re.I)
_SYSTEM = re.compile(
    r"created (?:the )?group|oprettede gruppen|har oprettet gruppen|hat die Gruppe .* erstellt|creó el grupo"
    r"|a créé le groupe|heeft groep .* aangemaakt|\badded\b|tilføjede|har tilføjet|hinzugefügt|añadió|a ajouté"
    r"|\bremoved\b|fjernede|har fjernet|entfernt|eliminó a|a retiré|\bleft\b$|forlod|har forladt|verlassen"
    r"|salió del grupo|est parti|joined using|tilsluttede sig|har tilsluttet sig|Einladungslink|se unió|"
    r"changed (?:the|this group's|their|to)|ændrede|har ændret|geändert|cambió|a modifié|a changé"
    r"|security code|sikkerhedskode|sikkerhedsnummer|Sicherheitsnummer|código de seguridad|code de sécurité"
    r"|disappearing messages|forsvindende beskeder|selbstlöschende|mensajes temporales|messages éphémères"
    r"|is a contact|er en kontakt|now an admin|nu administrator|jetzt Admin|ahora eres admin"
    r"|Waiting for this message|Venter på denne besked|Warte auf diese Nachricht|Esperando el mensaje",
    re.I)
_DELETED = re.compile(
    r"^(?:This message was deleted|You deleted this message|Denne besked blev slettet|Du har slettet denne besked"
    r"|Du slettede denne besked|Diese Nachricht wurde gelöscht|Du hast diese Nachricht gelöscht"
    r"|Se eliminó este mensaje|Eliminaste este mensaje|Ce message a été supprimé|Vous avez supprimé ce message"
    r"|Dit bericht is verwijderd|Je hebt dit bericht verwijderd|Questo messaggio è stato eliminato"
    r"|Hai eliminato questo messaggio|Esta mensagem foi apagada|Você apagou esta mensagem"
    r"|Meddelandet raderades|Du raderade det här meddelandet|Denne meldingen ble slettet|Du slettet denne meldingen)\.?$",
    re.I)
_MEDIA = re.compile(
    r"^<(?:Media omitted|Medier udeladt|Medier utelämnade|Media utelatt|Medien ausgeschlossen|Multimedia omitido"
    r"|Archivo omitido|Médias omis|Fichier omis|Media weggelaten|Media omessi|Mídia oculta|Arquivo de mídia oculto)>$"
    r"|^(?:image|video|audio|sticker|GIF|document|Contact card|billede|lyd|klistermærke|dokument|kontaktkort|Bild"
    r"|Sticker|Dokument|Kontaktkarte|imagen|vídeo|documento|tarjeta de contacto|image absente|vidéo absente)"
    r"\s+(?:omitted|udeladt|weggelassen|omitido|omitida|omise|omis)$"
    r"|<(?:attached|vedhæftet|vedhæftede|Anhang|adjunto|pièce jointe|allegato|anexado|bijlage|bifogad):[^<>]*>$"
    r"|^\S.*\.\w{2,5} \((?:file attached|fil vedhæftet|Datei angehängt|archivo adjunto|fichier joint"
    r"|bestand bijgevoegd|file allegato|arquivo anexado|fil bifogad)\)$"
    r"|^(?:location|lokation|placering|position|Standort|ubicación|localización|posizione|locatie|localização)"
    r": https?://\S+$"
    r"|^(?:live location shared|Live-placering delt|Live-Standort wird geteilt|Ubicación en tiempo real compartida"
    r"|Position en direct partagée)\.?$",
    re.I)
_EDITED = re.compile(
    r"\s*<(?:This message was edited|Denne besked blev redigeret|Diese Nachricht wurde bearbeitet"
    r"|Se editó este mensaje|Ce message a été modifié|Dit bericht is bewerkt)\.?>$", re.I)
_NAME = re.compile(r"^(?P<name>[^:\n]{1,100}?):(?:[ \t]+(?P<text>.*)|[ \t]*)$", re.S)
_TITLE_PREFIX = re.compile(
    r"^(?:WhatsApp[ -]Chat (?:with|mit|med|con|avec|met|com) |WhatsApp Chat - |Chat de WhatsApp con "
    r"|Discussion WhatsApp avec |WhatsApp-chat med )", re.I)


def _clean(line: str) -> str:
    return line.translate(_MARKS).translate(_SPACES)


def _layout_counts(lines: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        for name, pat in LAYOUTS.items():
            if pat.match(line):
                counts[name] += 1
                break
    return counts


def _looks_like_chat(head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore")
    lines = [_clean(x) for x in text.replace("\r\n", "\n").split("\n") if x.strip()][:40]
    if not lines:
        return False
    hits = sum(_layout_counts(lines).values())
    first = any(p.match(lines[0]) for p in LAYOUTS.values())
    return (first and hits >= 2) or hits >= max(3, len(lines) // 3)


def _sniff(path: Path, head: bytes) -> float:
    name = path.name.lower()
    if path.is_dir():
        return 0.0
    if name.endswith(".txt"):
        return 0.9 if _looks_like_chat(head) else 0.0
    if name.endswith(".zip"):
        members = [n for n in zip_names(path) if n.lower().endswith(".txt") and not n.startswith("__MACOSX")]
        if members and _looks_like_chat(zip_head(path, members[0], 16384)):
            return 0.9
    return 0.0


def _fields(date: str) -> tuple[int, int, int]:
    a, b, c = (int(x) for x in _DATE_SPLIT.split(date))
    return a, b, c


def _to_date(fields: tuple[int, int, int], order: str) -> tuple[int, int, int] | None:
    a, b, c = fields
    y, m, d = {"dmy": (c, b, a), "mdy": (c, a, b), "ymd": (a, b, c)}[order]
    if y < 100:
        y += 2000
    try:
        datetime(y, m, d)
    except ValueError:
        return None
    return y, m, d


def _decide_order(dates: list[str], seps: set[str], dayfirst: bool | None, path: Path | str) -> str:
    fields = [_fields(d) for d in dates]
    if any(len(_DATE_SPLIT.split(d)[0]) == 4 for d in dates):
        return "ymd"
    if dayfirst is not None:
        return "dmy" if dayfirst else "mdy"
    first_big = any(f[0] > 12 for f in fields)
    second_big = any(f[1] > 12 for f in fields)
    if first_big and second_big:
        raise FormatError(path, None, "dates are neither all day-first nor all month-first "
                                      "(name the order with dayfirst=True or False)")
    if first_big:
        return "dmy"
    if second_big:
        return "mdy"
    if seps == {"."}:
        return "dmy"

    def backsteps(order: str) -> int:
        steps, prev = 0, None
        for f in fields:
            d = _to_date(f, order)
            if d is None:
                steps += 1
                continue
            if prev is not None and d < prev:
                steps += 1
            prev = d
        return steps

    return "mdy" if backsteps("mdy") < backsteps("dmy") else "dmy"


def _clock(time: str, ampm: str | None) -> tuple[int, int, int]:
    parts = [int(x) for x in _TIME_SPLIT.split(time)]
    h, mi, s = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    if ampm:
        pm = ampm.strip().lower().startswith("p")
        if pm and h < 12:
            h += 12
        elif not pm and h == 12:
            h = 0
    return h, mi, s


def chat_title(stem: str) -> str:
    """The chat's name from an export's file stem ("WhatsApp Chat with Team" -> "Team")."""
    return _TITLE_PREFIX.sub("", stem).strip() or stem


def parse_whatsapp_text(text: str, *, stem: str, label: str, path: Path | str = "",
                        dayfirst: bool | None = None, tz: str | None = None) -> Iterator[dict[str, Any] | Reject]:
    """Parse the text of one exported chat into turn records and rejects.

    Parameters
    ----------
    text
        The decoded export (a BOM may remain; it is removed).
    stem
        The chat's file stem: ``id`` = ``<stem>:<line>``, ``conversation_id`` = stem.
    label
        The file's name for ``source`` (``chat.txt`` or ``export.zip:_chat.txt``).
    path
        The file, for error messages.
    dayfirst
        Force day-first (True) or month-first (False) dates; decided from the data when None.
    tz
        The time zone the clock times were written in (default: taken as UTC).

    Yields
    ------
    Turn dicts (``id``, ``conversation_id``, ``reply_to`` (None), ``speaker``,
    ``timestamp``, ``text``, ``channel``, ``title``, ``source``, ``meta.name``,
    ``meta.edited``) and :class:`Reject` items.
    """
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_clean(x) for x in raw_lines]
    counts = _layout_counts(lines)
    if not counts:
        raise FormatError(path or label, "line 1", "expected WhatsApp chat lines such as "
                                                   "'31.12.21, 21:15 - Name: text' or '[31.12.21, 21:15:02] Name: text'")
    layout = LAYOUTS[counts.most_common(1)[0][0]]
    # gather messages: (line_no, match, [text lines], raw first line)
    items: list[tuple[int, re.Match[str], list[str], str]] = []
    for no, (line, raw) in enumerate(zip(lines, raw_lines, strict=True), 1):
        m = layout.match(line)
        if m:
            items.append((no, m, [m.group("rest")], raw))
        elif items:
            items[-1][2].append(line)
        elif line.strip():
            yield Reject(f"{label}#L{no}", "unparsable", f"line {no}: text before the first message header")
    seps = {_DATE_SPLIT.search(it[1].group("date")).group(0) for it in items}  # type: ignore[union-attr]
    order = _decide_order([it[1].group("date") for it in items], seps, dayfirst, path or label)
    title = chat_title(stem)
    turns: list[dict[str, Any]] = []
    for no, m, body, raw in items:
        src = f"{label}#L{no}"
        ymd = _to_date(_fields(m.group("date")), order)
        if ymd is None:
            yield Reject(src, "bad-timestamp", f"line {no}: {m.group('date')!r} is not a date read {order}")
            continue
        h, mi, s = _clock(m.group("time"), m.group("ampm"))
        try:
            when = datetime(*ymd, h % 24, mi, s)
        except ValueError:
            yield Reject(src, "bad-timestamp", f"line {no}: {m.group('time')!r} is not a time of day")
            continue
        first = body[0]
        nm = _NAME.match(first)
        name = nm.group("name").strip() if nm else ""
        if not nm or _QUOTES.search(name) or len(name.split()) > 8:
            yield Reject(src, "system", f"line {no}: {first[:80]}")
            continue
        msg_text = "\n".join([nm.group("text") or "", *body[1:]]).strip()
        # iOS marks system and media lines sent "by" the chat with U+200E right after the name
        at = raw.find(name + ":")
        marked = at >= 0 and raw[at + len(name) + 1:].lstrip(" \u00a0\u202f").startswith("\u200e")
        if _ENCRYPTION.search(msg_text) and _ENCRYPT_WORD.search(msg_text) and (
                marked or name == title or _TAP.search(msg_text)):
            yield Reject(src, "system", f"line {no}: {msg_text[:80]}")
            continue
        if (marked or name == title) and _SYSTEM.search(msg_text) and "\n" not in msg_text:
            yield Reject(src, "system", f"line {no}: {msg_text[:80]}")
            continue
        edited = bool(_EDITED.search(msg_text))
        msg_text = _EDITED.sub("", msg_text).strip()
        if not msg_text:
            yield Reject(src, "empty", f"line {no}: {name} sent no text (view-once media or an empty message)")
            continue
        if _DELETED.match(msg_text):
            yield Reject(src, "deleted", f"line {no}: {msg_text}")
            continue
        if _MEDIA.search(msg_text) and "\n" not in msg_text:
            yield Reject(src, "media", f"line {no}: {msg_text[:80]}")
            continue
        turns.append({
            "id": f"{stem}:{no}",
            "conversation_id": stem,
            "reply_to": None,
            "speaker": name.lower(),
            "timestamp": when,
            "text": msg_text,
            "channel": "chat",
            "title": title,
            "source": src,
            "meta.name": name,
            "meta.edited": edited,
        })
    if turns:  # clock times to UTC in one vectorised step
        naive = pd.DatetimeIndex([t["timestamp"] for t in turns])
        if tz:
            stamps = naive.tz_localize(tz, ambiguous=np.zeros(len(naive), dtype=bool),
                                       nonexistent="shift_forward").tz_convert("UTC")
        else:
            stamps = naive.tz_localize("UTC")
        for t, ts in zip(turns, stamps, strict=True):
            t["timestamp"] = ts
    yield from turns


@reader("whatsapp", extensions=(".txt", ".zip"), sniff=_sniff, options={
    "dayfirst": "True: dates are day-first; False: month-first (default: decided from the data)",
    "tz": "time zone the export's clock times were written in, e.g. Europe/Copenhagen (default: UTC)",
    "max_members": "zip: most members read (default 100000)",
    "max_total": "zip: most bytes inflated in all (default 4 GiB)",
    "max_ratio": "zip: highest compression ratio of one member (default 200)",
})
def read_whatsapp(path: Path, *, dayfirst: bool | None = None, tz: str | None = None,
                  **limits: Any) -> Iterator[dict[str, Any] | Reject]:
    """WhatsApp "Export chat" text (.txt) or the .zip it comes in; Android and iOS layouts."""
    dayfirst = as_bool(dayfirst, "dayfirst", true=("dmy", "day"), false=("mdy", "month"))
    tz = check_tz(tz)
    if is_zip(path):
        with ExportTree(path, **limits) as tree:
            members = [n for n in tree.names() if n.lower().endswith(".txt") and not n.startswith("__MACOSX")]
            if not members:
                raise FormatError(path, None, "expected a WhatsApp export .zip holding the chat's .txt file")
            for member in members:
                stem = Path(member).stem
                if stem.lower() == "_chat" or len(members) == 1 and stem.lower() in ("chat", "_chat"):
                    stem = path.stem
                text = tree.read_text(member)
                yield from parse_whatsapp_text(text, stem=stem, label=tree.label(member), path=path,
                                               dayfirst=dayfirst, tz=tz)
        return
    text = read_text_file(path, "a WhatsApp chat .txt file or its .zip")
    yield from parse_whatsapp_text(text, stem=path.stem, label=path.name, path=path, dayfirst=dayfirst, tz=tz)
