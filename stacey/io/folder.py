"""A folder of exports of different kinds, read into one turn table.

A researcher's data often arrives as a folder: a mail archive, a Slack
export, a WhatsApp chat and a few transcripts side by side. This reader walks
the folder; each entry that a specific reader recognises (a Slack export
folder, a Maildir, a ConvoKit corpus, an mbox, a WXR file, ...) is read with
it, other folders are walked in turn. Files that no reader recognises are
rejects (``unknown-format``) so that nothing is lost silently; documentation
and code beside the data (``exclude`` patterns) are passed over. A turn whose
id was already read from another file is a reject (``duplicate``).

It is chosen only for a folder that no specific reader claims.
"""

from __future__ import annotations

import fnmatch
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import UnknownFormatError
from .registry import Reject, detect, read, reader

__all__ = ["read_folder", "EXCLUDE"]

#: passed over: documentation, notes and code that live beside exports
EXCLUDE = (".*", "_*", "*.md", "*.rst", "*.yaml", "*.yml", "*.py", "*.ipynb", "README*", "LICENSE*", "*.pdf",
           "*.png", "*.jpg", "*.jpeg", "*.gif", "*.html")


def _sniff(path: Path, head: bytes) -> float:
    return 0.05 if path.is_dir() else 0.0


def _excluded(path: Path, exclude: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(path.name, pat) for pat in exclude)


def _entries(folder: Path, exclude: tuple[str, ...]) -> Iterator[tuple[Path, Any]]:
    for child in sorted(folder.iterdir()):
        if _excluded(child, exclude):
            continue
        try:
            rd = detect(child)
        except UnknownFormatError:
            rd = None
        if rd is not None and rd.name != "folder":
            yield child, rd
        elif child.is_dir():
            yield from _entries(child, exclude)
        else:
            yield child, None


def _relative(source: str, entry: Path, root: Path) -> str:
    """A reader's source locator made relative to the folder read (``slack/general/2024-05-01.json#3``)."""
    if entry.is_dir():
        own = entry.name + "/"
        rest = source[len(own):] if source.startswith(own) else source
        return f"{entry.relative_to(root).as_posix()}/{rest}"
    parent = entry.parent.relative_to(root).as_posix()
    return source if parent == "." else f"{parent}/{source}"


def _accepted(rd: Any, options: dict[str, Any]) -> dict[str, Any]:
    """The options a reader names: in its signature or in its registered options."""
    named = {n for n, p in inspect.signature(rd.func).parameters.items() if p.kind is not p.VAR_KEYWORD}
    return {k: v for k, v in options.items() if k in named | set(rd.options)}


@reader("folder", sniff=_sniff, options={
    "exclude": "file name patterns passed over (default: docs, code, images)",
    "<any>": "other options go to every reader that takes them (e.g. tz=Europe/Copenhagen)",
})
def read_folder(path: Path, *, exclude: tuple[str, ...] = EXCLUDE, **options: Any) -> Iterator[pd.DataFrame | Reject]:
    """A folder of exports of any kinds: each entry read by the reader that recognises it.

    Options other than ``exclude`` are passed to each reader whose function
    takes them, so ``read(folder, tz="Europe/Copenhagen")`` sets the time zone
    of every chat export inside. Turn and reject ``source`` values are made
    relative to the folder read.
    """
    if not path.is_dir():
        raise UnknownFormatError(f"{path}: the folder reader reads folders")
    seen: set[str] = set()
    for entry, rd in _entries(path, tuple(exclude)):
        rel = entry.relative_to(path).as_posix()
        if rd is None:
            yield Reject(rel, "unknown-format", "no reader recognises this file")
            continue
        res = read(entry, format=rd.name, with_rejects=True, **_accepted(rd, options))
        for row in res.rejects.itertuples(index=False):
            yield Reject(_relative(str(row.source), entry, path), row.reason, row.detail)
        turns = res.turns.assign(source=res.turns["source"].astype(str).map(lambda s, e=entry: _relative(s, e, path)))
        dup = turns["id"].isin(seen)
        for row in turns[dup].itertuples(index=False):
            yield Reject(row.source, "duplicate", f"turn id {row.id} was read before from another file")
        seen.update(turns["id"].astype(str))
        if len(turns) - int(dup.sum()):
            yield turns[~dup].assign(**{"meta.format": rd.name, "meta.file": rel})
