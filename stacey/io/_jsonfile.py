"""Load a whole JSON document for a reader, with errors that name the file and place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import FormatError

__all__ = ["load_json"]


def load_json(path: Path, what: str) -> Any:
    """Parse ``path`` as JSON (UTF-8, BOM allowed).

    Raises
    ------
    FormatError
        Naming the line and column of a syntax error (a truncated file ends
        there too) or the byte that is not UTF-8; ``what`` says what was expected.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(path, None, f"could not be read ({exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(path, f"byte {exc.start}", f"expected UTF-8 text ({what})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        cut = " (the file ends early: truncated?)" if at_end else ""
        raise FormatError(path, f"line {exc.lineno}, column {exc.colno}",
                          f"expected {what}: {exc.msg}{cut}") from exc
