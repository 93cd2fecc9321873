"""The bundled corpus: ``load_corpus()`` reads it whole, ``load_truth()`` reads what was planted.

The corpus lives in the repository's ``corpus/`` folder (see its README); it
is read with the folder reader in the local time zone, and its people file
gives each person one speaker key across channels with their group and role.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import StaceyError
from .io.registry import ReadResult, read
from .speakers import resolve_speakers

__all__ = ["corpus_path", "load_corpus", "load_truth", "TIMEZONE"]

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
