"""Helpers the JSON-based readers share: loading with clear errors, content sniffing, times.

Not a reader module (the leading underscore keeps the registry from importing it as one).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError

__all__ = ["load_json", "load_js_assignment", "iter_ndjson", "head_has", "head_text", "folder_files",
           "to_utc", "file_text"]


def file_text(path: Path) -> str:
    """The text of a (possibly ``.gz``) file as UTF-8 (BOM dropped), or a FormatError."""
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                raw = fh.read()
        else:
            raw = path.read_bytes()
    except (OSError, EOFError) as exc:
        raise FormatError(path, None, f"could not be read ({exc})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(path, f"byte {exc.start}", "expected UTF-8 text") from exc


def _parse(path: Path, text: str, offset_line: int = 0, what: str = "valid JSON") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        cut = " (the file ends too early: truncated?)" if at_end else ""
        raise FormatError(path, f"line {exc.lineno + offset_line}, column {exc.colno}",
                          f"expected {what}: {exc.msg}{cut}") from exc


def load_json(path: Path, what: str = "valid JSON") -> Any:
    """Parse a whole (possibly ``.gz``) JSON file, UTF-8 with or without BOM.

    A FormatError names the line and column of a syntax error (a truncated
    file ends there too) or the byte that is not UTF-8; ``what`` says what was
    expected (e.g. ``"a Telegram Desktop JSON export"``).
    """
    text = file_text(path)
    if not text.strip():
        raise FormatError(path, "line 1", f"expected {what}, found an empty file")
    return _parse(path, text, what=what)


_JS_ASSIGN = re.compile(r"^\s*window\.YTD\.[\w.]+\s*=\s*")


def load_js_assignment(path: Path) -> Any:
    """Parse an X/Twitter archive ``.js`` file: ``window.YTD.<name>.part<n> = <JSON>``."""
    text = file_text(path)
    m = _JS_ASSIGN.match(text)
    if not m:
        raise FormatError(path, "line 1", "expected 'window.YTD.<name>.part<n> = [...]' (an X/Twitter archive file)")
    body = text[m.end():].rstrip().rstrip(";")
    if not body.strip():
        raise FormatError(path, "line 1", "expected a JSON array after '='")
    return _parse(path, body)


def iter_ndjson(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """Yield ``(line number, object or None, error or None)`` for each non-blank line."""
    text = file_text(path)
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield line_no, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield line_no, None, exc.msg


def head_text(head: bytes) -> str:
    """The sniffed head as text (undecodable bytes replaced)."""
    return head.decode("utf-8", errors="replace")


def head_has(head: bytes | str, *keys: str) -> bool:
    """Whether every ``"key"`` appears as a quoted JSON key in ``head``."""
    text = head if isinstance(head, str) else head_text(head)
    return all(re.search(r'"' + re.escape(k) + r'"\s*:', text) for k in keys)


def folder_files(folder: Path, patterns: Iterable[str] = ("*.json",)) -> list[Path]:
    """Files under ``folder`` matching any pattern, recursively, in sorted order (hidden skipped)."""
    found: set[Path] = set()
    for pat in patterns:
        found.update(p for p in folder.rglob(pat) if p.is_file())
    return sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(folder).parts))


def to_utc(value: Any, *, unit: str = "s", fmt: str | None = None) -> pd.Timestamp | None:
    """A timestamp in UTC from Unix time (``unit``) or a date string; None when absent or unreadable.

    Naive date strings are taken as UTC.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return pd.Timestamp(value, unit=unit, tz="UTC")
        text = str(value).strip()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return pd.Timestamp(float(text), unit=unit, tz="UTC")
        if fmt:
            ts = pd.to_datetime(text, format=fmt)
        else:
            ts = pd.Timestamp(text)
    except (ValueError, OverflowError, TypeError):
        return None
    if ts is pd.NaT or pd.isna(ts):
        return None
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
