"""The registry of readers, format detection and :func:`read`.

A reader is a generator function ``(path, **options) -> Iterator[item]``
registered under a name with :func:`reader`. Each item it yields is one of

- a ``dict``: one turn (core column names and ``meta.<key>`` keys);
- a :class:`Reject`: one item found but not made a turn, with its reason;
- a ``pandas.DataFrame``: a batch of turns (fast path for tabular sources).

Every item a reader finds must come out as exactly one turn or one reject, so
that ``len(turns) + len(rejects) == found`` holds for every read.

Detection: each reader may give a ``sniff(path, head) -> float`` that scores
how sure it is (0 = not mine, 1 = certainly mine) from the path and the first
64 KiB of the file (decompressed for ``.gz``; empty for a folder). The highest
score wins; a reader with no sniff scores 0.5 on a matching extension.
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ..errors import FormatError, StaceyError, UnknownFormatError
from ..turns import conform, derive, index_in, rejects_frame, validate

__all__ = ["Reject", "Reader", "ReadResult", "reader", "readers", "get_reader", "detect", "read", "read_head"]

HEAD_BYTES = 64 * 1024
#: turn dicts collected before they are turned into a DataFrame batch (bounds memory on large reads)
_RECORD_BATCH = 20_000


class Reject(NamedTuple):
    """An item a reader found but did not make a turn.

    ``source`` is the file and locator, ``reason`` a short machine-readable
    word (``duplicate``, ``deleted``, ``system``, ``media``, ``unparsable``,
    ``empty``, ...), ``detail`` free text for a person.
    """

    source: str
    reason: str
    detail: str = ""


Sniff = Callable[[Path, bytes], float]


@dataclass(frozen=True)
class Reader:
    """A registered reader: its name, function, file extensions and sniffer."""

    name: str
    func: Callable[..., Iterator[Any]]
    description: str
    extensions: tuple[str, ...] = ()
    sniff: Sniff | None = None
    options: dict[str, str] = field(default_factory=dict)


class ReadResult(NamedTuple):
    """What :func:`read` returns with ``with_rejects=True``.

    ``turns`` is the validated turn table, ``rejects`` the table of items not
    made turns (``source``, ``reason``, ``detail``) and ``found`` the number of
    items the reader found: ``len(turns) + len(rejects) == found``.
    """

    turns: pd.DataFrame
    rejects: pd.DataFrame
    found: int
    format: str


_READERS: dict[str, Reader] = {}


def reader(
    name: str,
    *,
    extensions: tuple[str, ...] = (),
    sniff: Sniff | None = None,
    description: str | None = None,
    options: dict[str, str] | None = None,
) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]]:
    """Register a reader function under ``name`` (a decorator).

    Parameters
    ----------
    name
        The format's name, as given to ``read(path, format=name)``.
    extensions
        File name endings it reads (``".mbox"``, ``".json"``); lower case.
    sniff
        ``(path, head) -> float`` in [0, 1]: how sure it is the path is its format.
    description
        One line for ``stacey formats``; defaults to the first docstring line.
    options
        Reader options and their meaning, for ``stacey formats``.
    """

    def deco(func: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        doc = (func.__doc__ or "").strip().splitlines()
        _READERS[name] = Reader(
            name=name,
            func=func,
            description=description or (doc[0] if doc else name),
            extensions=tuple(e.lower() for e in extensions),
            sniff=sniff,
            options=dict(options or {}),
        )
        return func

    return deco


def readers() -> dict[str, Reader]:
    """All registered readers by name (sorted)."""
    _load_all()
    return dict(sorted(_READERS.items()))


def get_reader(name: str) -> Reader:
    """The reader registered as ``name``; the error lists the known formats."""
    known = readers()
    if name not in known:
        raise UnknownFormatError(f"unknown format {name!r}; known formats: {', '.join(known)}")
    return known[name]


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    """First ``n`` bytes of a file (decompressed if it ends in ``.gz``); b"" for a folder."""
    if path.is_dir():
        return b""
    try:
        if path.name.lower().endswith(".gz"):
            got = bytearray()
            with gzip.open(path, "rb") as fh:
                try:
                    while len(got) < n:
                        block = fh.read(min(8192, n - len(got)))
                        if not block:
                            break
                        got += block
                except EOFError:
                    pass  # a truncated archive: sniff what could be read; the reader reports the cut
            return bytes(got)
        with open(path, "rb") as fh:
            return fh.read(n)
    except (OSError, EOFError) as exc:
        raise FormatError(path, None, f"could not be opened for reading ({exc})") from exc


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def detect(path: str | Path) -> Reader:
    """Choose the reader for ``path`` by extension, folder layout and content.

    Raises
    ------
    UnknownFormatError
        When no reader recognises it; the message lists the known formats.
    """
    path = Path(path)
    head = read_head(path)
    suffix = _suffix(path)
    best: tuple[float, str] | None = None
    for name, rd in readers().items():
        try:
            score = rd.sniff(path, head) if rd.sniff else (0.5 if suffix and suffix in rd.extensions else 0.0)
        except Exception:  # a sniffer must never break detection  # noqa: BLE001
            score = 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, name)
    if best is None:
        raise UnknownFormatError(
            f"{path}: no reader recognises this {'folder' if path.is_dir() else 'file'}; "
            f"name one with format=... (known formats: {', '.join(readers())})"
        )
    return _READERS[best[1]]


def _progress(enabled: bool | None, desc: str) -> Any:
    from tqdm import tqdm

    disable = (not sys.stderr.isatty()) if enabled is None else not enabled
    return tqdm(desc=desc, unit=" items", disable=disable, leave=False)


def read(
    path: str | Path,
    *,
    format: str | None = None,
    with_rejects: bool = False,
    progress: bool | None = None,
    **options: Any,
) -> pd.DataFrame | ReadResult:
    """Read a conversation log into a turn table.

    Parameters
    ----------
    path
        A file or folder in any registered format (``stacey formats`` lists them).
    format
        Force a reader by name; detected from extension, layout and content when None.
    with_rejects
        Return a :class:`ReadResult` (``turns``, ``rejects``, ``found``, ``format``)
        instead of the turn table alone.
    progress
        Show a progress bar (default: when stderr is a terminal).
    **options
        Passed to the reader (see ``stacey formats``).

    Returns
    -------
    The validated turn table (see :mod:`stacey.turns`), with derived ``turn``
    and ``depth``; a ``reply_to`` whose parent is not in the table is moved to
    ``missing_parent``. With ``with_rejects=True``, a :class:`ReadResult`.

    Raises
    ------
    FileNotFoundError, UnknownFormatError, FormatError
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    rd = get_reader(format) if format else detect(path)
    records: list[dict[str, Any]] = []
    batches: list[pd.DataFrame] = []
    rejects: list[Reject] = []
    bar = _progress(progress, f"reading {path.name}")
    try:
        for item in rd.func(path, **options):
            if isinstance(item, Reject):
                rejects.append(item)
                bar.update(1)
            elif isinstance(item, pd.DataFrame):
                batches.append(item)
                bar.update(len(item))
            else:
                records.append(item)
                bar.update(1)
                if len(records) >= _RECORD_BATCH:  # dicts are large: keep them as compact columns
                    batches.append(pd.DataFrame.from_records(records))
                    records = []
    except TypeError as exc:
        if "unexpected keyword" in str(exc):
            raise StaceyError(f"format {rd.name!r} does not take that option: {exc}; "
                              f"its options: {', '.join(rd.options) or 'none'}") from exc
        raise
    finally:
        bar.close()
    if records:
        batches.append(pd.DataFrame.from_records(records))
    frames = [b for b in batches if len(b)]
    turns = conform(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())
    turns = link_missing_parents(turns)
    turns = derive(turns)
    validate(turns)
    rej = rejects_frame(r._asdict() for r in rejects)
    if with_rejects:
        return ReadResult(turns, rej, len(turns) + len(rej), rd.name)
    if len(rej):
        import warnings

        warnings.warn(
            f"{path}: {len(rej)} item(s) not made turns ({', '.join(sorted(set(rej['reason'])))}); "
            "read(..., with_rejects=True) returns them", stacklevel=2)
    return turns


def link_missing_parents(turns: pd.DataFrame) -> pd.DataFrame:
    """Move ``reply_to`` values that name no turn in the table to ``missing_parent``."""
    rt = turns["reply_to"]
    dangling = rt.notna() & pd.Series(index_in(rt, turns["id"].dropna()) < 0, index=rt.index)
    if not dangling.any():
        return turns
    missing = turns["missing_parent"].mask(dangling, rt)
    return turns.assign(reply_to=rt.mask(dangling, pd.NA), missing_parent=missing.astype("string"))


def _load_all() -> None:
    from . import _load_readers

    _load_readers()
