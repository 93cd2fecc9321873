"""Mail: mbox (Gmail Takeout, list archives, ``.gz``), Maildir and ``.eml`` into threaded turns.

One message is one turn; its ``text`` is the author's own words only (quotes,
signatures and list footers removed by :func:`stacey.text.reply.split_reply`,
the removed text kept in ``meta.removed`` for audit).

========================  ===================================================================
column                    from
========================  ===================================================================
``id``                    Message-ID without angle brackets; a message without one gets
                          ``stacey:<16 hex>``, the SHA-1 of its ``source`` (file + position),
                          stable as long as the same file or folder is read
``conversation_id``       id of the thread's root (JWZ threading, see :mod:`stacey.io._jwz`);
                          a ghost root's Message-ID when the root is not in the archive
``reply_to``              the parent's id when the parent is a turn; else null and
``missing_parent``        the absent (or rejected) parent's Message-ID
``speaker``               sender address, lower-cased, list-archive obfuscation undone
``timestamp``             ``Date`` header in UTC; else the mbox ``From `` line's date; else null
``text``                  own words (see above)
``channel``               ``mail``
``title``                 Subject, RFC 2047 decoded
``source``                ``<file>#<n>`` (n = 1-based message number) for mbox; the file
                          path relative to the folder read for Maildir and .eml
``meta.name``             sender display name
``meta.to``, ``meta.cc``  recipient addresses, lower-cased, comma separated
``meta.list``             List-Id
``meta.folder``           Maildir/.eml folder (``cur``/``new`` dropped); mbox file name
``meta.labels``           Gmail ``X-Gmail-Labels``
``meta.removed``          quoted text, signatures and footers removed from the body
``meta.threaded_by``      ``headers``, ``gmail``, ``subject`` (fallback) or ``none``
``meta.html``             True when the text came from an HTML-only body
``meta.attachments``      number of attachments (not read)
========================  ===================================================================

Rejects (``reason``): ``unparsable`` (no mail header fields, e.g. a stray
README in a Maildir, or a truncated compressed archive), ``duplicate`` (a
Message-ID read before, e.g. the same mail in two folders: the first copy in
reading order is the turn), ``encrypted`` (PGP/MIME, S/MIME enveloped or inline
PGP bodies are not decrypted; the message still takes part in threading, so
its replies keep their thread and name it in ``missing_parent``), ``empty``
(no own words left, or no text body, e.g. an opaque S/MIME signed container).
A missing or unreadable ``Date`` gives a null ``timestamp``, not a reject.

Memory: messages are parsed one at a time (mbox and ``.gz`` streamed a block of
lines at a time); until threading is done only ids, reference chains and the
records of the messages (own and removed text, a few headers) are kept, packed
1,000 at a time as LZ4-compressed Arrow columns; turns are then yielded in
columnar batches while the packed records are released.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import FormatError, StaceyError
from ..text.reply import split_reply
from ._jwz import MailNode, thread
from ._mailparse import MailParseError, ParsedMail, from_line_date, looks_like_headers, parse_message
from .registry import Reject, reader

__all__ = ["read_mbox", "read_maildir", "read_eml", "iter_mbox", "synthetic_id"]

_OPTIONS = {
    "lang": "language code(s) for quote/signature conventions, e.g. da or da,en (default: all known)",
    "subject_threading": "join header-less 'Re:' mails to the thread of their subject (default: true)",
    "gmail_threads": "follow Gmail X-GM-THRID threads when present (default: true)",
    "n_process": "processes that parse and clean messages (default: auto = one per CPU for more than 2,000 messages)",
}
_MBOX_EXT = (".mbox", ".mbx", ".mbox.gz", ".mbox.bz2", ".mbox.xz")
_SKIP_DIRS = {"tmp", ".notmuch", ".git", "xapian"}
_SKIP_FILES = re.compile(r"^(?:\.|maildirfolder$|dovecot|courierimap|subscriptions$|\.uidvalidity)", re.I)
_MAILDIR_NAME = re.compile(r"^\d{9,}\.[^/]+$|:2,[A-Za-z]*$")
_STRICT_FROM = re.compile(rb"^From \S+.*\b\d{1,2}:\d{2}(?::\d{2})?\b.*\b\d{4}\s*$")
_ESCAPED_FROM = re.compile(rb"^>+From ")
_BLOCK = 1 << 20  # bytes read from an mbox at a time
_BATCH = 1000  # records packed together, and at most the turns of one batch


def synthetic_id(source: str) -> str:
    """The id of a message without a Message-ID: ``stacey:`` + 16 hex digits of SHA-1(source)."""
    return "stacey:" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise StaceyError(f"mail reader option: expected true or false, got {value!r}")
    return bool(value)


def _langs(value: str | Iterable[str] | None) -> str | list[str] | None:
    if value is None or isinstance(value, list | tuple):
        return value
    parts = [p.strip() for p in str(value).split(",") if p.strip()]
    return parts or None


# ----------------------------------------------------------------------------- sources
def _open(path: Path) -> BinaryIO:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".xz"):
        return lzma.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _line_blocks(fh: BinaryIO, size: int) -> Iterator[bytes]:
    """The file's bytes in blocks of whole lines (the last line may lack its line end)."""
    rest = b""
    while True:
        chunk = fh.read1(size)  # what is there: a truncated archive fails only after its readable part
        if not chunk:
            if rest:
                yield rest
            return
        if rest:
            chunk = rest + chunk
        cut = chunk.rfind(b"\n") + 1
        rest = chunk[cut:]
        if cut:
            yield chunk[:cut]


def iter_mbox(path: str | Path) -> Iterator[tuple[int, bytes | None, bytes]]:
    """Stream the messages of an mbox file (plain, ``.gz``, ``.bz2`` or ``.xz``).

    Yields ``(n, from_line, raw)``: the 1-based message number, the ``From ``
    separator line (bytes, any encoding) and the message bytes, with mboxrd
    ``>From `` escapes undone. A line starting ``From `` separates messages
    when it follows a blank line (or starts the file) or carries an asctime
    date. Reading is a block of lines at a time (separators are looked for in
    the block, not line by line): memory holds a block and one message.

    Raises
    ------
    FormatError
        When the file neither starts with a ``From `` line nor with mail headers.
    EOFError, OSError
        From a truncated or corrupt compressed file (after the complete messages).
    """
    path = Path(path)
    n = 0
    parts: list[bytes] = []  # the current message's lines read so far (pieces of blocks)
    from_line: bytes | None = None
    prev_blank = True  # whether the line before the next one is blank (the file start counts as one)
    first = False
    with _open(path) as fh:
        for block in _line_blocks(fh, _BLOCK):
            if not first:
                first = True
                line = block[:block.find(b"\n") + 1 or len(block)]
                if not line.startswith(b"From ") and line.strip():
                    if not looks_like_headers(line):
                        raise FormatError(path, "line 1", "expected an mbox file: a 'From ' line or mail header fields")
            start = 0  # where the current message's lines begin in this block
            at = 0 if block.startswith(b"From ") else block.find(b"\nFrom ") + 1 or -1
            while at >= 0:  # each line starting "From ": a separator or not
                eol = block.find(b"\n", at) + 1 or len(block)
                if at == 0:
                    blank_before = prev_blank
                else:
                    before = block.rfind(b"\n", 0, at - 1) + 1
                    blank_before = not block[before:at].strip()
                if blank_before or _STRICT_FROM.match(block[at:eol]):
                    parts.append(block[start:at])
                    raw = b"".join(parts)
                    if from_line is not None or raw.strip():
                        n += 1
                        yield n, from_line, _unescape(raw)
                    parts = []
                    from_line = block[at:eol]
                    start = eol
                at = block.find(b"\nFrom ", eol - 1) + 1 or -1 if eol < len(block) else -1
            parts.append(block[start:])
            if start < len(block):
                prev_blank = not block[block.rfind(b"\n", 0, len(block) - 1) + 1:].strip()
            else:
                prev_blank = False  # the block ends with a separator line
    raw = b"".join(parts)
    if from_line is not None or raw.strip():
        n += 1
        yield n, from_line, _unescape(raw)


_UNESCAPE = re.compile(rb"^>(>*From )", re.M)


def _unescape(raw: bytes) -> bytes:
    """Undo mboxrd ``>From `` escapes: one ``>`` less on each line starting ``>...>From ``."""
    return _UNESCAPE.sub(rb"\1", raw) if b">From " in raw else raw


Item = tuple[str, bytes | None, str | None, bytes | None, str]  # source, raw, folder, from_line, error


def _mbox_items(path: Path) -> Iterator[Item]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(_MBOX_EXT))
        if not files:
            raise FormatError(path, None, "expected a folder holding .mbox files (or .mbox.gz)")
        base = path
    else:
        files, base = [path], path.parent
    for f in files:
        rel = f.relative_to(base).as_posix()
        n = 0
        try:
            for n, from_line, raw in iter_mbox(f):
                yield f"{rel}#{n}", raw, rel, from_line, ""
        except (EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
            yield f"{rel}#{n + 1}", None, rel, None, f"archive ends or breaks after message {n}: {exc}"


def _walk(root: Path, keep: Any) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        # a folder's own cur/ and new/ before its sub-folders, so the copy in the main folder is read first
        dirnames[:] = sorted((d for d in dirnames if d.lower() not in _SKIP_DIRS),
                             key=lambda d: (d not in ("cur", "new"), d))
        for name in sorted(filenames):
            if not _SKIP_FILES.match(name) and keep(name):
                yield Path(dirpath) / name


def _folder_of(rel: Path) -> str:
    parts = list(rel.parent.parts)
    if parts and parts[-1] in ("cur", "new"):
        parts = parts[:-1]
    return "/".join(parts) or "."


def _file_items(root: Path, keep: Any) -> Iterator[Item]:
    if root.is_file():
        files, base = [root], root.parent
    else:
        files, base = list(_walk(root, keep)), root
    for f in files:
        rel = f.relative_to(base)
        try:
            raw = f.read_bytes()
        except OSError as exc:
            yield rel.as_posix(), None, _folder_of(rel), None, f"could not be read: {exc}"
            continue
        from_line = None
        if raw.startswith(b"From "):  # a message saved with its mbox separator line
            from_line, _, raw = raw.partition(b"\n")
        yield rel.as_posix(), raw, _folder_of(rel), from_line, ""


# ----------------------------------------------------------------------------- turns
_LANGS: Any = None
_WINDOW = 2000  # messages handed to the worker processes at a time (bounds what is in flight)


def _init_worker(langs: Any) -> None:
    global _LANGS
    _LANGS = langs


def _analyse(raw: bytes | None, langs: Any = None) -> tuple[ParsedMail | None, str, str, bool]:
    """Parse one message and split its own words off: ``(parsed, own, removed, body_blank)``.

    The parsed message is returned without its body (it is not needed after
    the split, and stays out of the pipe between processes); an unparsable
    message gives ``(None, reason, "", False)``.
    """
    if raw is None:
        return None, "", "", False
    langs = _LANGS if langs is None else langs
    try:
        pm = parse_message(raw)
    except MailParseError as exc:
        return None, str(exc), "", False
    own = removed = ""
    if not pm.encrypted:
        own, removed = split_reply(pm.body, lang=langs)
    blank = not pm.body.strip()
    pm.body = ""
    return pm, own, removed, blank


def _processes(n_process: Any) -> int:
    if n_process in (None, "", "auto"):
        n = os.cpu_count() or 1
    else:
        try:
            n = int(n_process)
        except (TypeError, ValueError) as exc:
            raise StaceyError(f"mail reader option n_process: expected a whole number or 'auto', "
                              f"got {n_process!r}") from exc
    import multiprocessing as mp

    return 1 if mp.current_process().daemon else max(1, n)  # a daemon (e.g. a Dask worker) cannot fork


def _analysed(items: Iterable[Item], langs: Any, n_process: Any) -> Iterator[tuple[Item, tuple]]:
    """Each item with :func:`_analyse` of its bytes, in order; parsing and splitting in ``n_process`` processes.

    The first window of messages is done here; only a longer source starts
    worker processes, which then work on the next window while this process
    threads and packs the current one.
    """
    it = iter(items)
    window = list(islice(it, _WINDOW))
    procs = _processes(n_process)
    if procs <= 1 or len(window) < _WINDOW:
        for item in chain(window, it):
            yield item, _analyse(item[1], langs)
        return
    import multiprocessing as mp

    with mp.get_context("fork").Pool(procs, initializer=_init_worker, initargs=(langs,)) as pool:
        pending = pool.map_async(_analyse, [item[1] for item in window], chunksize=50)
        while window:
            nxt = list(islice(it, _WINDOW))
            ahead = pool.map_async(_analyse, [item[1] for item in nxt], chunksize=50) if nxt else None
            yield from zip(window, pending.get())
            window, pending = nxt, ahead


# the fields kept of each message until threading is done, packed a chunk of messages at a time
_FIELDS = ("id", "source", "reason", "detail", "text", "meta.removed", "speaker", "meta.name", "timestamp", "title",
           "meta.to", "meta.cc", "meta.list", "meta.folder", "meta.labels", "meta.html", "meta.attachments")
# the order of a batch's columns
_COLUMNS = ("id", "conversation_id", "reply_to", "missing_parent", "speaker", "timestamp", "text", "channel", "title",
            "source", "meta.name", "meta.to", "meta.cc", "meta.list", "meta.folder", "meta.labels", "meta.removed",
            "meta.threaded_by", "meta.html", "meta.attachments")


_TYPES = {"timestamp": pa.timestamp("us", tz="UTC"), "meta.html": pa.bool_(), "meta.attachments": pa.int64()}
_SCHEMA = pa.schema([(f, _TYPES.get(f, pa.string())) for f in _FIELDS])
_STRING = {pa.string(): pd.StringDtype()}


def _pack(records: list[tuple], schema: pa.Schema = _SCHEMA) -> bytes:
    """A chunk of records (tuples of the fields of :data:`_FIELDS`) as LZ4-compressed Arrow IPC bytes."""
    columns = zip(*records, strict=True)
    batch = pa.record_batch([pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
                            schema=schema)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema, options=pa.ipc.IpcWriteOptions(compression="lz4")) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _unpack(blob: bytes) -> pa.Table:
    return pa.ipc.open_stream(blob).read_all()


def _turns(items: Iterable[Item], *, lang: Any = None, subject_threading: Any = True,
           gmail_threads: Any = True, n_process: Any = None) -> Iterator[pd.DataFrame | Reject]:
    langs = _langs(lang)
    try:
        split_reply("", lang=langs)
    except ValueError as exc:
        raise StaceyError(f"mail reader option lang: {exc}") from exc
    subject_threading = _flag(subject_threading)
    gmail_threads = _flag(gmail_threads)
    first_source: dict[str, str] = {}
    nodes: list[MailNode] = []
    # the records of the messages, a chunk of _BATCH at a time as compressed Arrow columns: packing
    # a column at a time costs a fraction of packing each record (pickle + zlib), in less memory
    packed: list[bytes] = []
    records: list[tuple] = []
    for idx, ((source, raw, folder, from_line, error), done) in enumerate(_analysed(items, langs, n_process)):
        if raw is None:
            yield Reject(source, "unparsable", error)
            continue
        pm, own, removed, blank = done
        if pm is None:
            yield Reject(source, "unparsable", own)
            continue
        mid = pm.message_id or synthetic_id(source)
        if mid in first_source:
            yield Reject(source, "duplicate", f"Message-ID <{mid}> was read first from {first_source[mid]}")
            continue
        first_source[mid] = source
        ts = pm.date or from_line_date(from_line)
        reason = detail = ""
        if pm.encrypted:
            reason, detail = "encrypted", f"{pm.encrypted} (not decrypted)"
            own = removed = ""
        elif not own:
            reason = "empty"
            if pm.opaque:
                detail = pm.opaque
            elif blank:
                detail = "no text body"
            else:
                detail = "no own words left after removing quotes, signatures and footers"
        nodes.append(MailNode(mid, pm.chain, pm.subject, pm.gm_thrid,
                              (ts is None, ts.timestamp() if ts else 0.0, idx)))
        record = (mid, source, reason, detail, own, removed, pm.from_address or pm.from_name.lower() or "unknown",
                  pm.from_name or None, ts, pm.subject or None, pm.to or None, pm.cc or None,
                  pm.list_id or None, folder, pm.labels or None, pm.html, pm.attachments)
        records.append(record)
        if len(records) >= _BATCH:
            packed.append(_pack(records))
            records = []
    if records:
        packed.append(_pack(records))
    del records
    links = thread(nodes, subject_fallback=subject_threading, gmail=gmail_threads)
    del nodes
    packed.reverse()
    while packed:  # pop as we go, so the packed records shrink while the batches grow
        table = _unpack(packed.pop())
        reasons = table.column("reason").to_pylist()
        if any(reasons):
            sources, details = table.column("source").to_pylist(), table.column("detail").to_pylist()
            for source, reason, detail in zip(sources, reasons, details, strict=True):
                if reason:
                    yield Reject(source, reason, detail)
            table = table.filter(pc.equal(table.column("reason"), ""))
        if table.num_rows:
            yield _frame(table, [links.pop(mid) for mid in table.column("id").to_pylist()])


def _frame(table: pa.Table, links: list[Any]) -> pd.DataFrame:
    """Turns as a columnar batch: the packed records of the turns and their thread links."""
    frame = table.drop_columns(["reason", "detail"]).to_pandas(types_mapper=_STRING.get)
    strings = {
        "conversation_id": [link.conversation_id for link in links],
        "reply_to": [link.parent if link.parent_is_message else None for link in links],
        "missing_parent": [link.parent if link.parent is not None and not link.parent_is_message else None
                           for link in links],
        "meta.threaded_by": [link.threaded_by for link in links],
        "channel": ["mail"] * len(links),
    }
    frame = frame.assign(**{k: pd.array(v, dtype="string") for k, v in strings.items()})
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    return frame[list(_COLUMNS)]


# ----------------------------------------------------------------------------- sniffers
def _maildir_score(path: Path) -> float:
    if not path.is_dir():
        return 0.0
    count = 0
    for dirpath, dirnames, filenames in os.walk(path):
        depth = len(Path(dirpath).relative_to(path).parts)
        if depth > 4:
            dirnames[:] = []
            continue
        names = set(dirnames)
        if len(names & {"cur", "new", "tmp"}) >= 2:
            return 0.9
        if any(_MAILDIR_NAME.search(f) for f in filenames):
            return 0.85
        count += 1
        if count > 500:
            break
    return 0.0


_ASIDE = re.compile(r"^(\.|_|readme|license|index)|\.(md|txt|rst|html?|ya?ml|json|py)$", re.IGNORECASE)


def _only_files_like(folder: Path, endings: tuple[str, ...], limit: int = 2000) -> bool:
    """True when the folder holds files with these endings and no other data (notes and docs aside).

    A folder of mixed exports (mail beside a Slack export, say) is not a mail
    folder: the folder reader reads it, each part with its own reader.
    """
    found = False
    for i, p in enumerate(folder.rglob("*")):
        if i > limit:
            break
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(folder).parts):
            continue
        if p.name.lower().endswith(endings):
            found = True
        elif not _ASIDE.search(p.name):
            return False
    return found


def _sniff_maildir(path: Path, head: bytes) -> float:
    return _maildir_score(path)


def _sniff_mbox(path: Path, head: bytes) -> float:
    name = path.name.lower()
    if path.is_dir():
        if _maildir_score(path):
            return 0.0
        return 0.7 if _only_files_like(path, _MBOX_EXT) else 0.0
    if name.endswith(_MBOX_EXT):
        return 0.95
    if head.startswith(b"From ") and looks_like_headers(head.split(b"\n", 1)[1] if b"\n" in head else b""):
        return 0.9
    return 0.0


def _sniff_eml(path: Path, head: bytes) -> float:
    name = path.name.lower()
    if path.is_dir():
        if _maildir_score(path):
            return 0.0
        return 0.8 if _only_files_like(path, (".eml", ".eml.gz")) else 0.0
    if name.endswith((".eml", ".eml.gz")):
        return 0.95
    if looks_like_headers(head) and re.search(rb"(?im)^(?:message-id|from|subject|received):", head[:8192]):
        return 0.6
    return 0.0


# ----------------------------------------------------------------------------- readers
@reader("mbox", extensions=_MBOX_EXT, sniff=_sniff_mbox, options=_OPTIONS)
def read_mbox(path: Path, *, lang: Any = None, subject_threading: Any = True,
              gmail_threads: Any = True, n_process: Any = None) -> Iterator[pd.DataFrame | Reject]:
    """Mail in mbox files (Gmail Takeout, list archives; .gz/.bz2/.xz; a folder of them), threaded.

    Parameters
    ----------
    path
        An mbox file (plain or compressed) or a folder of ``.mbox`` files.
    lang
        Language code(s) whose quote and signature conventions to apply
        (``"da"``, ``"da,en"``); default: every known language.
    subject_threading
        Join header-less "Re:" mails to the thread of their base subject (default true).
    gmail_threads
        Join mails that share a Gmail ``X-GM-THRID`` (default true).
    n_process
        Processes that parse messages and split off their own words; ``None``
        or ``"auto"``: one per CPU, used only past the first 2,000 messages.
        Threading and the order of turns do not depend on it.

    Yields
    ------
    Batches of turns (DataFrames with the columns listed in :mod:`stacey.io.mail`)
    and one :class:`~stacey.io.registry.Reject` per message not made a turn.
    """
    yield from _turns(_mbox_items(Path(path)), lang=lang, subject_threading=subject_threading,
                      gmail_threads=gmail_threads, n_process=n_process)


@reader("maildir", sniff=_sniff_maildir, options=_OPTIONS)
def read_maildir(path: Path, *, lang: Any = None, subject_threading: Any = True,
                 gmail_threads: Any = True, n_process: Any = None) -> Iterator[pd.DataFrame | Reject]:
    """Mail in a Maildir tree (cur/new, nested and Maildir++ folders, ':2,' flag names), threaded.

    Parameters
    ----------
    path
        The Maildir folder; every file below it except ``tmp/`` and dot-files is a message.
    lang
        Language code(s) whose quote and signature conventions to apply
        (``"da"``, ``"da,en"``); default: every known language.
    subject_threading
        Join header-less "Re:" mails to the thread of their base subject (default true).
    gmail_threads
        Join mails that share a Gmail ``X-GM-THRID`` (default true).
    n_process
        Processes that parse messages and split off their own words; ``None``
        or ``"auto"``: one per CPU, used only past the first 2,000 messages.
        Threading and the order of turns do not depend on it.

    Yields
    ------
    Batches of turns (DataFrames with the columns listed in :mod:`stacey.io.mail`)
    and one :class:`~stacey.io.registry.Reject` per message not made a turn.
    """
    path = Path(path)
    if not path.is_dir():
        raise FormatError(path, None, "expected a Maildir folder (with cur/ and new/ or message files)")
    yield from _turns(_file_items(path, lambda name: True), lang=lang, subject_threading=subject_threading,
                      gmail_threads=gmail_threads, n_process=n_process)


@reader("eml", extensions=(".eml",), sniff=_sniff_eml, options=_OPTIONS)
def read_eml(path: Path, *, lang: Any = None, subject_threading: Any = True,
             gmail_threads: Any = True, n_process: Any = None) -> Iterator[pd.DataFrame | Reject]:
    """Mail as .eml files: one file, or a folder of them (searched recursively), threaded.

    Parameters
    ----------
    path
        A ``.eml`` file or a folder holding them.
    lang
        Language code(s) whose quote and signature conventions to apply
        (``"da"``, ``"da,en"``); default: every known language.
    subject_threading
        Join header-less "Re:" mails to the thread of their base subject (default true).
    gmail_threads
        Join mails that share a Gmail ``X-GM-THRID`` (default true).
    n_process
        Processes that parse messages and split off their own words; ``None``
        or ``"auto"``: one per CPU, used only past the first 2,000 messages.
        Threading and the order of turns do not depend on it.

    Yields
    ------
    Batches of turns (DataFrames with the columns listed in :mod:`stacey.io.mail`)
    and one :class:`~stacey.io.registry.Reject` per message not made a turn.
    """
    path = Path(path)
    items = _file_items(path, lambda name: name.lower().endswith(".eml"))
    yield from _turns(items, lang=lang, subject_threading=subject_threading, gmail_threads=gmail_threads)
