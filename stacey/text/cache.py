"""On-disk cache of per-text annotations, keyed by content hash.

The key is ``blake2b(text + NUL + lang + NUL + backend name + NUL + backend
version + NUL + engine)``; the value a JSON list of derived values (language,
scores, word count, lemmas). Raw text is never stored. One SQLite file,
``annotations.sqlite``, in ``$STACEY_CACHE_DIR`` or ``~/.cache/stacey``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "AnnotationCache", "key"]


def cache_dir() -> Path:
    """``$STACEY_CACHE_DIR`` if set, else ``~/.cache/stacey``."""
    env = os.environ.get("STACEY_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "stacey"


def key(text: str, *parts: str) -> str:
    """Content hash of a text and the settings that shape its annotation."""
    h = hashlib.blake2b(digest_size=20)
    h.update(text.encode("utf-8", "surrogatepass"))
    for p in parts:
        h.update(b"\0")
        h.update(p.encode("utf-8"))
    return h.hexdigest()


class AnnotationCache:
    """A key -> JSON value store in SQLite (``get_many`` / ``put_many``)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else cache_dir()

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.folder / "annotations.sqlite", timeout=30)
        con.execute("CREATE TABLE IF NOT EXISTS annotation (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return con

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """Cached values for the keys that have one."""
        out: dict[str, Any] = {}
        if not keys:
            return out
        con = self._connect()
        try:
            uniq = list(dict.fromkeys(keys))
            for i in range(0, len(uniq), 500):
                chunk = uniq[i:i + 500]
                q = f"SELECT key, value FROM annotation WHERE key IN ({','.join('?' * len(chunk))})"
                out.update((k, json.loads(v)) for k, v in con.execute(q, chunk))
        finally:
            con.close()
        return out

    def put_many(self, items: Iterable[tuple[str, Any]]) -> int:
        """Store values; returns how many were written."""
        rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in items]
        if not rows:
            return 0
        con = self._connect()
        try:
            with con:
                con.executemany("INSERT OR REPLACE INTO annotation (key, value) VALUES (?, ?)", rows)
        finally:
            con.close()
        return len(rows)
