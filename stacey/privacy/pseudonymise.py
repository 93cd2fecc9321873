"""Stable pseudonyms for speakers, applied across the whole table."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import Literal, NamedTuple

import pandas as pd

from ._names import NameMatcher

__all__ = ["pseudonymise", "Pseudonymised", "speaker_forms", "NAME_COLUMNS"]

#: columns that hold a speaker's display name, when present
NAME_COLUMNS = ("meta.name", "meta.display_name", "meta.real_name", "meta.author_name")

_ADJECTIVES = (
    "amber azure bold brisk calm clear coral crisp dawn deep dusk eager fair fern firm frost gentle glad gold "
    "grand green grey hazel honey ivory jade keen kind lemon light lilac lively lucky lunar maple mellow mint "
    "misty modest noble north oak olive onyx opal pale pearl pine plum polar proud quick quiet rapid rose ruby "
    "rust sage sand scarlet sea silent silver sky slate snow solar south spring steady stone storm sunny swift "
    "tall teal tidal topaz true velvet violet warm west wild willow wise young"
).split()
_ANIMALS = (
    "auk badger bat bear beaver bison boar crane crow deer dove duck eagle eel elk falcon finch fox gannet "
    "gecko goose gull hare hawk hedgehog heron ibex jay kestrel kite lark lemur lynx marten mink mole moose "
    "moth newt otter owl panda pike plover puffin quail raven robin salmon seal shrew skua sparrow stoat stork "
    "swan swift tern thrush toad trout vole walrus wasp weasel whale wolf wren yak zebra"
).split()


class Pseudonymised(NamedTuple):
    """What :func:`pseudonymise` returns.

    ``turns``: the table with pseudonyms in place. ``mapping``: columns
    ``speaker`` (original key), ``pseudonym``, ``forms`` (the surface forms that
    were replaced, ``"; "``-joined). Keep the mapping apart from the data.
    """

    turns: pd.DataFrame
    mapping: pd.DataFrame


def _digest(key: bytes, speaker: str) -> bytes:
    return hmac.new(key, speaker.encode("utf-8"), hashlib.sha256).digest()


def _as_key(key: str | bytes) -> bytes:
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not key:
        raise ValueError("pseudonymise needs a non-empty key")
    return key


def _names_of(turns: pd.DataFrame) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    cols = [c for c in NAME_COLUMNS if c in turns.columns]
    if not cols:
        return names
    sub = turns[["speaker", *cols]].dropna(subset=["speaker"]).drop_duplicates()
    for row in sub.itertuples(index=False):
        for value in row[1:]:
            if isinstance(value, str) and value.strip():
                names.setdefault(row[0], set()).add(value.strip())
    return names


def speaker_forms(speaker: str, names: Iterable[str] = ()) -> tuple[set[str], set[str]]:
    """The surface forms under which a speaker may appear in text.

    Returns ``(folded, exact)``: forms matched case-insensitively (the key, an
    address and its local part, handles of 3+ characters, full names) and forms
    matched only Capitalised/UPPER (a single first or last name of 2+ letters).
    """
    folded: set[str] = set()
    exact: set[str] = set()
    key = speaker.strip()
    if key:
        folded.add(key)
    parts: list[str] = []
    if "@" in key:
        local = key.split("@", 1)[0]
        folded.add(local)
        parts += [p for p in re.split(r"[._+-]+", local) if p.isalpha()]
    elif " " in key:
        parts += key.split()
    elif key.isalpha():
        parts.append(key)  # a handle such as "bo" or "anne": also matched as the name "Bo", "Anne"
    for name in names:
        name = " ".join(re.sub(r"[<>\"()]", " ", name).split())
        if "@" in name:
            folded.add(name)
            continue
        if not name:
            continue
        folded.add(name)
        parts += [p for p in name.split() if p.replace("-", "").isalpha()]
        if "," in name:  # "Mikkelsen, Anne"
            bits = [b.strip() for b in name.split(",")]
            folded.add(" ".join(reversed(bits)))
    for p in parts:
        p = p.strip(",.")
        if len(p) >= 2:
            exact.add(p[:1].upper() + p[1:].lower())
            if len(p) >= 4:
                exact.add(p.lower())
    if len(parts) >= 2:
        folded.add(" ".join(p.strip(",.") for p in parts[:2]))
    folded = {f for f in folded if len(f) >= 3}
    return folded, exact


def pseudonymise(
    turns: pd.DataFrame,
    *,
    key: str | bytes,
    scheme: Literal["alias", "hash"] = "alias",
    columns: Iterable[str] | None = None,
) -> Pseudonymised:
    """Replace speakers by stable pseudonyms everywhere in the table.

    Parameters
    ----------
    turns
        A turn table (see :mod:`stacey.turns`).
    key
        The secret: the same key gives the same pseudonyms on every run; a
        different key gives different ones. Keep it apart from the data.
    scheme
        ``"alias"``: a readable two-word alias (``"Teal Heron"``) chosen by
        ``HMAC-SHA256(key, speaker)`` from 88 x 80 word pairs, collisions
        resolved in digest order; ``"hash"``: ``"spk_"`` + the first 12 hex
        digits of that HMAC.
    columns
        String columns to rewrite; default every string or object column
        (``speaker``, ``text``, ``title``, ids, ``source``, ``meta.*``).

    Returns
    -------
    Pseudonymised
        ``turns`` (a new table) and ``mapping`` (``speaker``, ``pseudonym``, ``forms``).

    Notes
    -----
    A speaker's surface forms (:func:`speaker_forms`: the key, the address and
    its local part, display names from ``meta.name`` and similar columns, and
    first and last names) are replaced wherever they occur, so mentions,
    greetings, signatures and attribution lines ("Den 3. marts skrev Anne
    Mikkelsen <...>") carry the pseudonym too. Names of people who never speak
    are not known here: :func:`stacey.redact` with a trained pipeline finds them.
    """
    secret = _as_key(key)
    speakers = sorted(set(turns["speaker"].dropna().astype(str)))
    digests = {s: _digest(secret, s) for s in speakers}
    pseudonym: dict[str, str] = {}
    if scheme == "hash":
        pseudonym = {s: "spk_" + d.hex()[:12] for s, d in digests.items()}
    elif scheme == "alias":
        size = len(_ADJECTIVES) * len(_ANIMALS)
        taken: set[int] = set()
        for s in sorted(speakers, key=lambda s: digests[s]):
            slot = int.from_bytes(digests[s][:8], "big") % size
            rounds = 0
            while slot in taken:
                slot = (slot + 1) % size
                rounds += 1
            taken.add(slot)
            base = f"{_ADJECTIVES[slot // len(_ANIMALS)].title()} {_ANIMALS[slot % len(_ANIMALS)].title()}"
            pseudonym[s] = base if len(speakers) <= size else f"{base} {rounds}"
    else:
        raise ValueError(f"scheme must be 'alias' or 'hash', not {scheme!r}")

    names = _names_of(turns)
    matcher = NameMatcher()
    forms_of: dict[str, list[str]] = {}
    # longer forms first so that "Anne Mikkelsen" wins over "Anne"; a form shared by two
    # speakers goes to the first in sorted order (documented limitation)
    for s in speakers:
        folded, exact = speaker_forms(s, names.get(s, ()))
        for f in sorted(folded, key=len, reverse=True):
            matcher.add(f, pseudonym[s])
        for f in sorted(exact, key=len, reverse=True):
            matcher.add(f, pseudonym[s], case_sensitive=True)
        forms_of[s] = sorted(folded | exact)

    out = turns.copy()
    targets = list(columns) if columns is not None else [
        c for c in out.columns
        if c != "speaker" and (pd.api.types.is_string_dtype(out[c].dtype) or out[c].dtype == object
                               or isinstance(out[c].dtype, pd.CategoricalDtype))
    ]
    cache: dict[str, str] = {}

    def rewrite(value: object) -> object:
        if not isinstance(value, str):
            return value
        hit = cache.get(value)
        if hit is None:
            hit = cache[value] = matcher.sub(value)
        return hit

    for c in targets:
        col = out[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            out[c] = col.astype(object).map(rewrite, na_action="ignore").astype("category")
        else:
            out[c] = col.map(rewrite, na_action="ignore").astype(col.dtype)
    out["speaker"] = out["speaker"].map(pseudonym, na_action="ignore").astype(turns["speaker"].dtype)
    mapping = pd.DataFrame({
        "speaker": speakers,
        "pseudonym": [pseudonym[s] for s in speakers],
        "forms": ["; ".join(forms_of[s]) for s in speakers],
    }).astype("string")
    return Pseudonymised(out, mapping)
