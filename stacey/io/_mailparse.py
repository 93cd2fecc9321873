"""Parse one mail message (RFC 5322 / MIME bytes) into the fields the mail readers need.

Built on the standard library's :mod:`email` (``compat32`` policy, which never
raises on malformed headers) with decoding that survives real archives:

- header values: RFC 2047 encoded words in any charset; raw 8-bit bytes in
  headers tried as UTF-8, then windows-1252;
- bodies: ``text/plain`` preferred; ``text/html`` converted to text when it is
  the only body (``<blockquote>`` and Gmail/Outlook quote blocks get ``>``
  marks, so quote stripping sees them); charsets as declared, except that
  ``us-ascii``/``iso-8859-1`` labels on bytes that are valid UTF-8 are read as
  UTF-8, ``iso-8859-1`` is read as its superset windows-1252 (as browsers do),
  and undecodable or unknown labels fall back to UTF-8, windows-1252, latin-1;
- addresses: lower-cased; list-archive obfuscation ("user at host.org",
  "user (at) host.org", "user [at] host dot org") undone;
- encrypted bodies (PGP/MIME ``multipart/encrypted``, S/MIME enveloped data,
  inline ``BEGIN PGP MESSAGE``) flagged, not decoded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from email.header import Header, decode_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

__all__ = ["ParsedMail", "MailParseError", "parse_message", "decode_bytes", "decode_header_value",
           "message_ids", "normalise_address", "from_line_date"]


class MailParseError(ValueError):
    """A message that cannot be read as mail (no header fields)."""


@dataclass(slots=True)
class ParsedMail:
    """The parts of one message the readers use."""

    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    from_name: str
    from_address: str
    date: datetime | None
    to: str
    cc: str
    list_id: str
    gm_thrid: str | None
    labels: str
    body: str
    html: bool
    encrypted: str
    opaque: str
    attachments: int

    @property
    def chain(self) -> tuple[str, ...]:
        """Ancestors, oldest first, ending with the direct parent (In-Reply-To wins over References)."""
        own = self.message_id
        irt = self.in_reply_to[0] if self.in_reply_to else None
        refs = [r for r in dict.fromkeys(self.references) if r != own and r != irt]
        if irt and irt != own:
            refs.append(irt)
        return tuple(refs)


_LABEL_MAP = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
              "ascii": "cp1252", "iso_8859-1": "cp1252", "ansi_x3.4-1968": "cp1252", "x-user-defined": "cp1252",
              "unknown-8bit": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}
_LATIN_LABELS = {"cp1252", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso_8859-1", "windows-1252",
                 "iso-8859-15", "unknown-8bit", "x-unknown", "ansi_x3.4-1968"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip('"').lower()
    label = _LABEL_MAP.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode text bytes given a declared (possibly wrong) charset; never raises."""
    if not data:
        return ""
    declared = (charset or "").strip().strip('"').lower()
    ascii_only = data.isascii()
    if ascii_only:
        return data.decode("ascii")
    tries: list[str] = []
    if not declared or declared in _LATIN_LABELS:
        tries.append("utf-8")  # valid UTF-8 under a latin/ascii label is a mislabel
    codec = _codec(declared)
    if codec:
        tries.append(codec)
    tries += ["utf-8", "cp1252"]
    for enc in dict.fromkeys(tries):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def _raw_str(value: object) -> str:
    """A header value as str; 8-bit bytes that compat32 kept as surrogates decoded properly."""
    if value is None:
        return ""
    if isinstance(value, Header):  # compat32 wraps raw 8-bit header bytes as unknown-8bit
        return "".join(decode_bytes(chunk, cs) if isinstance(chunk, bytes) else chunk
                       for chunk, cs in decode_header(value))
    if not isinstance(value, str):
        value = str(value)
    if not value.isascii() and any("\udc80" <= ch <= "\udcff" for ch in value):
        value = decode_bytes(value.encode("ascii", "surrogateescape"))
    return value


def decode_header_value(value: object) -> str:
    """Decode a header value (RFC 2047 encoded words, raw 8-bit bytes), whitespace collapsed."""
    if not value:
        return ""
    text = _raw_str(value)
    if "=?" in text:
        try:
            parts = decode_header(text)
        except Exception:  # malformed encoded words: keep the raw text  # noqa: BLE001
            parts = [(text, None)]
        pieces = []
        for chunk, cs in parts:
            pieces.append(decode_bytes(chunk, cs) if isinstance(chunk, bytes) else chunk)
        text = "".join(pieces)
    return " ".join(text.split())


_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")


def message_ids(value: object) -> tuple[str, ...]:
    """Message-IDs in a header value, without angle brackets, in order."""
    if not value:
        return ()
    text = _raw_str(value)
    found = _ID.findall(text)
    if not found:
        found = [t.strip("<>,;") for t in text.split() if "@" in t]
    return tuple(f for f in found if f)


_AT = re.compile(r"(?<=[\w.+\-])\s*(?:\s+at\s+|\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\})\s*(?=[\w\-]+(?:\s*(?:\.|\s+dot\s+|\(\s*dot\s*\)|\[\s*dot\s*\])\s*[\w\-]+)+)", re.I)
_DOT = re.compile(r"(?<=[\w\-])\s*(?:\s+dot\s+|\(\s*dot\s*\)|\[\s*dot\s*\])\s*(?=[\w\-])", re.I)


_BRACKET_AT = re.compile(r"\(\s*at\s*\)|\[\s*at\s*\]", re.I)
_DOTTED = re.compile(r"[\w.\-]+(?:(?:\s+dot\s+|\(\s*dot\s*\)|\[\s*dot\s*\])[\w.\-]+)*", re.I)
_ANGLED = re.compile(r"<([^<>]+)>")


def normalise_address(value: str) -> str:
    """Undo list-archive obfuscation: ``user at host.org`` / ``user (at) host dot org`` -> ``user@host.org``."""
    if "@" in value and not _BRACKET_AT.search(value):
        return value
    out = _AT.sub("@", value)
    if "@" in out:
        head, _, tail = out.partition("@")
        m = _DOTTED.match(tail)
        if m:
            tail = _DOT.sub(".", m.group(0)) + tail[m.end():]
        out = f"{head}@{tail}"
    return out


_PLAIN_NAME = r"[^()<>@,;:\\\".\[\]\s](?:[^()<>@,;:\\\".\[\]]*[^()<>@,;:\\\".\[\]\s])?"
_PLAIN_ADDR = r"[^\s()<>@,;:\\\"\[\]]+@[^\s()<>@,;:\\\"\[\]]+"
_SIMPLE_ADDRESS = re.compile(rf"\s*(?:({_PLAIN_NAME})\s*<({_PLAIN_ADDR})>|<({_PLAIN_ADDR})>|({_PLAIN_ADDR}))\s*")


def _simple_addresses(value: str) -> list[tuple[str, str]] | None:
    """``Name <a@b>``, ``<a@b>`` or ``a@b`` items, comma separated, as getaddresses gives them; else None.

    A fast path measured to give the same pairs as :func:`email.utils.getaddresses`
    for these forms (names without quotes, dots, comments or other specials).
    """
    out = []
    for item in value.split(","):
        m = _SIMPLE_ADDRESS.fullmatch(item)
        if m is None:
            return None
        name, a1, a2, a3 = m.groups()
        out.append((" ".join(name.split()) if name else "", (a1 or a2 or a3).lower()))
    return out


def _addresses(value: str) -> list[tuple[str, str]]:
    if value.isascii() and "@" in value and "(" not in value and "[" not in value:
        simple = _simple_addresses(value)
        if simple is not None:
            return simple
    try:
        return [(n, a.lower()) for n, a in getaddresses([normalise_address(value)]) if n or a]
    except Exception:  # noqa: BLE001 - getaddresses chokes on some broken lists
        return []


def _date(value: object) -> datetime | None:
    text = _raw_str(value).strip()
    if not text:
        return None
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        dt = dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return dt if 1678 <= dt.year <= 2261 else None


_FROM_LINE = re.compile(rb"^From \S+\s+(.*)$")


def from_line_date(line: bytes | None) -> datetime | None:
    """The date of an mbox ``From `` line (asctime form), as UTC; None when absent or unreadable."""
    if not line:
        return None
    m = _FROM_LINE.match(line.strip())
    if not m:
        return None
    tokens = m.group(1).decode("latin-1").split()
    for fmt, k in (("%a %b %d %H:%M:%S %Y", 5), ("%a %b %d %H:%M %Y", 5), ("%a %b %d %H:%M:%S %z %Y", 6)):
        try:
            dt = datetime.strptime(" ".join(tokens[-k:]), fmt)
        except ValueError:
            continue
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return None


# ----------------------------------------------------------------------------- bodies
def _is_attachment(part: Message) -> bool:
    disp = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disp == "attachment"


def _payload_text(part: Message) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - broken transfer encodings
        data = None
    if data is None:
        raw = part.get_payload()
        data = raw.encode("ascii", "surrogateescape") if isinstance(raw, str) else b""
    return decode_bytes(data, part.get_content_charset())


def _quoted_html_to_text(html: str) -> str:
    """HTML to text, with quoted blocks (blockquote, Gmail/Outlook quote divs) marked by ``>``."""
    from bs4 import BeautifulSoup

    from ..text.html import html_to_text

    soup = BeautifulSoup(html, "html.parser")
    # Outlook's reply header (div#divRplyFwdMsg) stays text: its From:/Sent: block ends the own words
    selectors = ["div.gmail_quote", "blockquote"]
    marked = False
    for sel in selectors:
        for tag in soup.select(sel):
            if tag.find_parent(["blockquote"]) is not None or tag.find_parent("pre") is not None:
                continue
            inner = html_to_text(str(tag))
            quoted = "\n".join("> " + line if line.strip() else ">" for line in inner.split("\n"))
            pre = soup.new_tag("pre")
            pre.string = "\n" + quoted + "\n"
            tag.replace_with(pre)
            marked = True
    text = html_to_text(str(soup)) if marked else html_to_text(html)
    return text


def _is_encrypted(part: Message) -> str:
    ctype = part.get_content_type()
    if ctype == "multipart/encrypted" or ctype == "application/pgp-encrypted":
        return "PGP/MIME encrypted body"
    if ctype in ("application/pkcs7-mime", "application/x-pkcs7-mime"):
        smime = (part.get_param("smime-type") or "").lower()
        if smime in ("enveloped-data", "authenveloped-data") or (not smime and "p7m" in (part.get_filename() or "")):
            return f"S/MIME {smime or 'enveloped-data'} body"
    return ""


def _collect(msg: Message) -> tuple[list[str], list[str], int, str, str]:
    """(plain parts, html parts, attachments, encrypted reason, opaque reason) of the message's own body."""
    plain: list[str] = []
    html: list[str] = []
    attachments = 0
    encrypted = ""
    opaque = ""

    def visit(part: Message) -> None:
        nonlocal attachments, encrypted, opaque
        reason = _is_encrypted(part)
        if reason:
            encrypted = encrypted or reason
            return
        ctype = part.get_content_type()
        if ctype in ("application/pkcs7-mime", "application/x-pkcs7-mime"):
            opaque = opaque or f"S/MIME {(part.get_param('smime-type') or 'opaque').lower()} body (not decoded)"
            return
        if part.is_multipart():
            subs = part.get_payload()
            if not isinstance(subs, list):
                return
            if ctype == "multipart/alternative":
                plains = [s for s in subs if s.get_content_type() == "text/plain" and not _is_attachment(s)]
                nested = [s for s in subs if s.is_multipart()]
                pick = plains[-1:] or nested[-1:] or [s for s in subs if s.get_content_type() == "text/html"][-1:]
                for s in pick:
                    visit(s)
                return
            if ctype == "multipart/signed":
                if subs:
                    visit(subs[0])
                return
            if ctype == "message/rfc822" or ctype.startswith("message/"):
                attachments += 1
                return
            for s in subs:
                visit(s)
            return
        if ctype.startswith("message/") or _is_attachment(part):
            attachments += 1
            return
        if ctype == "text/html":
            html.append(_payload_text(part))
        elif ctype in ("text/plain", "text/enriched"):
            plain.append(_payload_text(part))
        else:
            attachments += 1

    visit(msg)
    return plain, html, attachments, encrypted, opaque


_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
_PGP = re.compile(r"-----BEGIN PGP MESSAGE-----.*?-----END PGP MESSAGE-----", re.S)


def looks_like_headers(raw: bytes) -> bool:
    """Whether bytes start with an RFC 5322 header field (after blank lines)."""
    head = raw.lstrip(b"\r\n")[:1000]
    return bool(_HEADER_LINE.match(head))


_BAD_HEADER_BYTES = re.compile(rb"[\r\x0b\x0c\x1c-\x1e\x80-\xff]")
# one header field (compat32: the value after the colon and its leading blanks, continuation lines kept)
_FIELD = re.compile(r"([\041-\071\073-\176]+):[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)(?:\n|\Z)")
_FIELDS = re.compile(r"(?:[\041-\071\073-\176]+:[^\n]*(?:\n[ \t][^\n]*)*(?:\n|\Z))+")
_TOKEN = r"[!#$%&'+\-.0-9A-Z^_`a-z|~]+"
_SIMPLE_PARAM = re.compile(rf';\s*({_TOKEN})\s*=\s*(?:"([^"\\\r\n]*)"|({_TOKEN}))\s*')
_PLAIN_CTE = {"", "7bit", "8bit", "binary", "quoted-printable", "base64"}
_TEXT_TYPES = ("text/plain", "text/html")


def _fast_headers(block: bytes) -> dict[str, str] | None:
    """The fields of an ASCII header block with ``\n`` line ends (first of each name); None if unusual."""
    if _BAD_HEADER_BYTES.search(block):
        return None
    text = block.decode("ascii")
    if not _FIELDS.fullmatch(text):
        return None
    return {name.lower(): value for name, value in reversed(_FIELD.findall(text))}  # the first of a name wins


def _content_type(headers: dict[str, str]) -> tuple[str, dict[str, str]] | None:
    """``(type, params)`` of a Content-Type with plain parameters (``text/plain`` if absent); else None."""
    ctype = headers.get("content-type")
    if ctype is None:
        return "text/plain", {}
    main, _, params = ctype.partition(";")
    params = ";" + params if params else ""
    pos = 0
    found: dict[str, str] = {}
    while pos < len(params.rstrip()):
        m = _SIMPLE_PARAM.match(params, pos)
        if m is None:
            return None
        found.setdefault(m.group(1).lower(), m.group(2) if m.group(2) is not None else m.group(3))
        pos = m.end()
    return main.strip().lower(), found


def _text_part(headers: dict[str, str]) -> tuple[str, str | None, str] | None:
    """``(content type, charset, transfer encoding)`` of a simple text/plain or text/html part; else None."""
    if "content-disposition" in headers:
        return None
    ct = _content_type(headers)
    if ct is None or ct[0] not in _TEXT_TYPES:
        return None
    cte = headers.get("content-transfer-encoding", "").lower()
    if cte not in _PLAIN_CTE:
        return None
    charset = ct[1].get("charset")
    return ct[0], charset.lower() if charset else None, cte


def _decoded(body: bytes, charset: str | None, cte: str) -> str:
    """A part's text, as ``Message.get_payload(decode=True)`` and :func:`decode_bytes` give it."""
    if cte == "quoted-printable":
        import quopri

        body = quopri.decodestring(body)
    elif cte == "base64":
        from email._encoded_words import decode_b  # what Message.get_payload(decode=True) uses

        body, _defects = decode_b(b"".join(body.splitlines()))
    return decode_bytes(body, charset)


def _fast_alternative(boundary: str | None, body: bytes) -> tuple[list[str], list[str]] | None:
    """Plain and HTML texts :func:`_collect` takes from a simple ``multipart/alternative`` body; else None.

    Simple: no CR in the body, a closing boundary line, no two boundary lines in a row, every
    part an ASCII header block, a blank line and a text/plain or text/html body (see
    :func:`_text_part`). As in the standard-library parser, a boundary line is ``--boundary``
    with an optional ``--`` (closing) and blanks, the line end before it belongs to it, and the
    preamble and the epilogue belong to no part.
    """
    boundary = boundary.rstrip() if boundary else None  # as Message.get_boundary gives it
    if not boundary or not boundary.isascii() or boundary[0] in "<\"" or b"\r" in body:
        return None  # (get_boundary unquotes once more: "<x>" would be x)
    sep = b"--" + boundary.encode("ascii")
    marks: list[tuple[int, int]] = []  # (start, end) of each boundary line, up to the closing one
    closed = False
    at = 0 if body.startswith(sep) else body.find(b"\n" + sep) + 1
    while at >= 0 and not closed:
        if at > 0 or body.startswith(sep):
            eol = body.find(b"\n", at)
            eol = len(body) if eol < 0 else eol
            rest = body[at + len(sep):eol].rstrip(b" \t")
            if rest in (b"", b"--"):
                marks.append((at, eol))
                closed = rest == b"--"
        nxt = body.find(b"\n" + sep, at + 1)
        at = nxt + 1 if nxt >= 0 else -1
    if not closed or len(marks) < 2:
        return None
    parts: list[tuple[str, str | None, str, bytes]] = []
    for (_, line_end), (next_start, _) in zip(marks, marks[1:], strict=False):
        part = body[line_end + 1:next_start - 1]  # the line end before a boundary belongs to it
        end = part.find(b"\n\n")
        if next_start <= line_end + 1 or end <= 0 or part[:1] in (b" ", b"\t"):
            return None
        headers = _fast_headers(part[:end])
        kind = None if headers is None else _text_part(headers)
        if kind is None:
            return None
        parts.append((*kind, part[end + 2:]))
    plains = [p for p in parts if p[0] == "text/plain"]
    if plains:
        ctype, charset, cte, data = plains[-1]
        return [_decoded(data, charset, cte)], []
    ctype, charset, cte, data = parts[-1]  # every part is text/plain or text/html: the last HTML one
    return [], [_decoded(data, charset, cte)]


def _fast_parse(raw: bytes) -> tuple[dict[str, str], list[str], list[str]] | None:
    """Headers, plain and HTML texts of a simple message; None for any other.

    A fast path for the common cases, giving exactly what the ``compat32``
    parser and :func:`_collect` give (tested on every kind of message the
    tests hold): the header block must be ASCII with ``\n`` line ends and
    well-formed fields, and the message a single ``text/plain`` part (``text/html`` is left to the
    standard library) or a ``multipart/alternative`` of such parts with ``text/html`` ones
    (see :func:`_fast_alternative`); each part with plain ``Content-Type`` parameters, no
    ``Content-Disposition``, and a 7bit/8bit/binary, quoted-printable or base64 transfer
    encoding. Anything else (other multiparts, attachments, 8-bit headers, RFC 2231
    parameters) returns None and is parsed by the standard library.
    """
    end = raw.find(b"\n\n")
    if end <= 0 or raw[:1] in (b"\n", b"\r", b" ", b"\t"):
        return None
    headers = _fast_headers(raw[:end])
    if headers is None:
        return None
    ct = _content_type(headers)
    if ct is None:
        return None
    if ct[0] == "multipart/alternative":
        if "content-disposition" in headers or headers.get("content-transfer-encoding", "").lower() not in (
                "", "7bit", "8bit", "binary"):
            return None
        texts = _fast_alternative(ct[1].get("boundary"), raw[end + 2:])
        return None if texts is None else (headers, *texts)
    kind = _text_part(headers)
    if kind is None or kind[0] != "text/plain":
        return None
    return headers, [_decoded(raw[end + 2:], kind[1], kind[2])], []


def parse_message(raw: bytes) -> ParsedMail:
    """Parse the bytes of one message.

    Raises
    ------
    MailParseError
        When the bytes have no header fields at all (not a mail message).
    """
    if not looks_like_headers(raw):
        first = raw.lstrip(b"\r\n").split(b"\n", 1)[0][:60].decode("latin-1")
        raise MailParseError(f"expected mail header fields (Name: value), found {first!r}")
    fast = _fast_parse(raw)
    if fast is not None:
        headers, plain, html = fast
        get = headers.get
        attachments, encrypted, opaque = 0, "", ""
    else:
        try:
            msg = message_from_bytes(raw, policy=compat32)
        except Exception as exc:  # noqa: BLE001 - the stdlib parser rarely raises; report, do not crash
            raise MailParseError(f"the email parser failed: {exc}") from exc
        if not msg.keys():
            raise MailParseError("no header fields")
        get = msg.get
        plain, html, attachments, encrypted, opaque = _collect(msg)
    mids = message_ids(get("message-id") or "")
    frm = _addresses(decode_header_value(get("from", "")))
    name, addr = frm[0] if frm else ("", "")
    if not addr and frm:
        addr = name.lower()
    is_html = False
    if any(p.strip() for p in plain):
        body = "\n\n".join(p for p in plain if p.strip())
    elif html:
        body = "\n\n".join(_quoted_html_to_text(h) for h in html)
        is_html = True
    else:
        body = ""
    if not encrypted and _PGP.search(body) and not _PGP.sub("", body).strip():
        encrypted = "inline PGP encrypted body"
    list_id = decode_header_value(get("list-id", ""))
    m = _ANGLED.search(list_id)
    return ParsedMail(
        message_id=mids[0] if mids else None,
        in_reply_to=message_ids(get("in-reply-to", "")),
        references=message_ids(get("references", "")),
        subject=decode_header_value(get("subject", "")),
        from_name=" ".join(name.split()),
        from_address=addr,
        date=_date(get("date")),
        to=", ".join(a for _, a in _addresses(decode_header_value(get("to", ""))) if a),
        cc=", ".join(a for _, a in _addresses(decode_header_value(get("cc", ""))) if a),
        list_id=m.group(1) if m else list_id,
        gm_thrid=(decode_header_value(get("x-gm-thrid", "")) or None),
        labels=decode_header_value(get("x-gmail-labels", "")),
        body=body,
        html=is_html,
        encrypted=encrypted,
        opaque=opaque,
        attachments=attachments,
    )
