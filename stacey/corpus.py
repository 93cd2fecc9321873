"""The bundled corpus: ``load_corpus()`` reads it whole, ``load_truth()`` reads what was planted.

The corpus lives in the repository's ``corpus/`` folder (see its README); it
is read with the folder reader in the local time zone, and its people file
gives each person one speaker key across channels with their group and role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import StaceyError
from .io.registry import ReadResult, read
from .speakers import resolve_speakers

__all__ = ["corpus_path", "load_corpus", "load_truth", "locate", "locate_all", "locators", "LocatorError", "TIMEZONE"]

TIMEZONE = "Europe/Copenhagen"


def corpus_path(name: str = "vesterby") -> Path:
    """The folder of a bundled corpus (in a checkout of the repository)."""
    path = Path(__file__).resolve().parents[1] / "corpus" / name
    if not path.is_dir():
        raise StaceyError(f"bundled corpus {name!r} not found at {path}; it ships with the repository, "
                          "not with an installed wheel: clone the repository to use it")
    return path


def load_corpus(name: str = "vesterby", *, people: bool = True, with_rejects: bool = False) -> pd.DataFrame | ReadResult:
    """Read a bundled corpus into one turn table.

    Parameters
    ----------
    name
        The corpus folder under ``corpus/``.
    people
        Resolve speaker keys with the corpus's ``people.yaml`` (one key per
        person; ``meta.speaker.group`` and ``meta.speaker.role`` added).
    with_rejects
        Return a :class:`~stacey.io.registry.ReadResult` with the rejects too.
    """
    path = corpus_path(name)
    res = read(path, with_rejects=True, tz=TIMEZONE)
    turns = res.turns
    if people and (path / "people.yaml").is_file():
        turns = resolve_speakers(turns, path / "people.yaml")
    res = res._replace(turns=turns)
    return res if with_rejects else res.turns


def load_truth(name: str = "vesterby") -> dict[str, Any]:
    """The planted truth of a bundled corpus: every ``truth/*.yaml`` part, keyed by part name."""
    folder = corpus_path(name) / "truth"
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))}


class LocatorError(StaceyError, LookupError):
    """A truth locator names no turn, or more than one."""


_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Index:
    """Turn columns a locator is matched on, prepared once for many locators."""

    def __init__(self, turns: pd.DataFrame) -> None:
        missing = {"id", "speaker", "text", "source"} - set(turns.columns)
        if missing:
            raise StaceyError(f"locating truth turns needs the columns {sorted(missing)} of the turn table")
        self.ids = turns["id"].astype(str).to_numpy()
        self.source = turns["source"].astype(object).fillna("").astype(str).to_numpy()
        self.speaker = turns["speaker"].astype(object).fillna("").astype(str).to_numpy()
        self.text = [_norm(t) for t in turns["text"].astype(object).fillna("").astype(str)]

    def find(self, loc: Mapping[str, Any]) -> list[int]:
        try:
            file, speaker, says = str(loc["file"]).rstrip("/"), str(loc["speaker"]), _norm(str(loc["says"]))
        except KeyError as exc:
            raise LocatorError(f"locator {dict(loc)!r} lacks {exc.args[0]!r}: expected file, speaker and says") from exc
        out = []
        for i, src in enumerate(self.source):
            # the file is the source itself or a leading path of it (then '#', '/' or ':' follows)
            if not src.startswith(file) or (len(src) > len(file) and src[len(file)] not in "#/:"):
                continue
            if self.speaker[i] == speaker and says in self.text[i]:
                out.append(i)
        return out


def _describe(loc: Mapping[str, Any]) -> str:
    return f"{loc.get('file')!s} / {loc.get('speaker')!s} / says {loc.get('says')!r}"


def locate(turns: pd.DataFrame, locator: Mapping[str, Any]) -> str:
    """The id of the one turn a truth locator names.

    A locator ``{file, speaker, says}`` names a turn by the file it comes from
    (the turn's ``source`` is that path, relative to the corpus folder, or
    starts with it followed by ``#``, ``/`` or ``:``; a folder such as
    ``slack`` names every file below it), its speaker (the ``speaker`` key after
    people resolution, e.g. ``"Sofie Nørgaard"``) and ``says``, a substring of
    its ``text`` (runs of white space count as one space on both sides).

    Parameters
    ----------
    turns
        Turn table with ``id``, ``speaker``, ``text`` and ``source``, e.g.
        :func:`load_corpus`.
    locator
        Mapping with ``file``, ``speaker`` and ``says``.

    Returns
    -------
    str
        The turn's ``id``.

    Raises
    ------
    LocatorError
        When no turn or several turns match (the message names the locator
        and, for several, their sources).
    """
    return locate_all(turns, [locator])[0]


def locate_all(turns: pd.DataFrame, locators: Iterable[Mapping[str, Any]], *, errors: str = "raise") -> list[str | None]:
    """The ids of many locators' turns (:func:`locate` for each, the turn table prepared once).

    Parameters
    ----------
    turns
        Turn table with ``id``, ``speaker``, ``text`` and ``source``.
    locators
        Mappings with ``file``, ``speaker`` and ``says``.
    errors
        ``"raise"``: a :class:`LocatorError` at the first locator that names
        no turn or several (all failures are listed); ``"ignore"``: ``None``
        in their place.

    Returns
    -------
    list
        One id (or ``None``) per locator, in order.
    """
    if errors not in ("raise", "ignore"):
        raise ValueError("errors must be 'raise' or 'ignore'")
    index = _Index(turns)
    out: list[str | None] = []
    problems = []
    for loc in locators:
        hits = index.find(loc)
        if len(hits) == 1:
            out.append(str(index.ids[hits[0]]))
            continue
        out.append(None)
        if not hits:
            problems.append(f"no turn matches {_describe(loc)}")
        else:
            where = ", ".join(index.source[i] for i in hits[:5])
            problems.append(f"{len(hits)} turns match {_describe(loc)}: {where}")
    if problems and errors == "raise":
        raise LocatorError("; ".join(problems))
    return out


def locators(truth: Any) -> list[dict[str, Any]]:
    """Every locator (a mapping with ``file``, ``speaker`` and ``says``) anywhere in a truth structure, in order."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            if {"file", "speaker", "says"} <= set(node):
                found.append(dict(node))
                return
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(truth)
    return found
