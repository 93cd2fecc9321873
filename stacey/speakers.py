"""One person, many keys: resolve speaker keys across channels, and attach speaker attributes.

The same person is ``anne.mikkelsen@vesterby.example`` in mail, ``anne`` in
Slack and ``Anne Mikkelsen`` on Facebook. Power and participation measures
need one key per person, and group measures (the E-I index) need an attribute
per person. A people file states both::

    people:
      Anne Mikkelsen:                 # the key the person gets
        keys: [anne.mikkelsen@vesterby.example, anne, anne mikkelsen]
        group: staff                  # any attributes: become meta.speaker.<name>
        role: caseworker

Keys are matched case-insensitively. Speakers not named keep their key.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import FormatError

__all__ = ["load_people", "resolve_speakers"]


def load_people(people: str | PathLike[str] | Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Read a people file (or mapping) into ``{person: {"keys": [...], attribute: value}}``."""
    where = str(people) if not isinstance(people, Mapping) else "people mapping"
    if not isinstance(people, Mapping):
        try:
            people = yaml.safe_load(Path(people).read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise FormatError(where, f"line {mark.line + 1}" if mark else None, f"expected YAML ({exc})") from exc
    table = people.get("people") if isinstance(people, Mapping) else None
    if not isinstance(table, Mapping):
        raise FormatError(where, None, "expected a mapping 'people: {name: {keys: [...], ...}}'")
    out: dict[str, dict[str, Any]] = {}
    for name, spec in table.items():
        spec = {"keys": spec} if isinstance(spec, list) else dict(spec or {})
        keys = spec.get("keys", [])
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise FormatError(where, f"people.{name}.keys", "a list of speaker keys (strings)")
        out[str(name)] = spec
    return out


def resolve_speakers(turns: pd.DataFrame, people: str | PathLike[str] | Mapping[str, Any]) -> pd.DataFrame:
    """Give each person one speaker key and attach their attributes.

    Returns a new table: ``speaker`` replaced by the person's name where one of
    their keys matches (case-insensitive), the original key kept in
    ``meta.speaker_key``, and every other attribute of the people file as
    ``meta.speaker.<attribute>`` (null for speakers not in the file).
    """
    spec = load_people(people)
    key_to_person: dict[str, str] = {}
    for name, info in spec.items():
        for k in [name, *info.get("keys", [])]:
            key_to_person.setdefault(k.casefold(), name)
    original = turns["speaker"].astype("string")
    resolved = original.map(lambda k: key_to_person.get(k.casefold(), k) if isinstance(k, str) else k)
    attrs = sorted({a for info in spec.values() for a in info if a != "keys"})
    extra = {f"meta.speaker.{a}": resolved.map({n: info.get(a) for n, info in spec.items()}) for a in attrs}
    return turns.assign(speaker=resolved.astype("string"), **{"meta.speaker_key": original}, **extra)
