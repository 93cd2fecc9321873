"""Redact personal data from the text columns of a turn table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..errors import StaceyError
from ._names import NameMatcher
from .patterns import find_spans
from .pseudonymise import _names_of, speaker_forms

__all__ = ["redact", "KINDS", "DEFAULT_KINDS", "redact_text"]

#: every kind :func:`redact` knows, with its replacement token
KINDS: dict[str, str] = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "cpr": "[CPR]",
    "iban": "[IBAN]",
    "account": "[ACCOUNT]",
    "url": "[URL]",
    "person": "[PERSON_{n}]",
    "entities": "[PERSON_{n}]",
}
DEFAULT_KINDS = ("email", "phone", "cpr", "iban", "account", "person")
_PATTERN_KINDS = ("email", "url", "iban", "cpr", "account", "phone")
_ID_COLUMNS = ("id", "conversation_id", "reply_to", "missing_parent", "speaker")


def redact_text(text: str, kinds: Iterable[str] = DEFAULT_KINDS) -> str:
    """Replace the pattern kinds (email, phone, cpr, iban, account, url) in one string."""
    kinds = tuple(kinds)
    spans = find_spans(text, kinds)
    if not spans:
        return text
    parts, last = [], 0
    for s, e, kind in spans:
        parts += [text[last:s], KINDS[kind]]
        last = e
    parts.append(text[last:])
    return "".join(parts)


def _load_nlp(nlp: Any) -> dict[str, Any]:
    import spacy

    if nlp is None:
        raise StaceyError("redact(kinds=[..., 'entities']) needs a trained spaCy pipeline: "
                          "pass nlp={'da': 'da_core_news_sm'} (installed separately); none is downloaded")
    specs = nlp if isinstance(nlp, Mapping) else {"*": nlp}
    loaded = {}
    for lang, spec in specs.items():
        if isinstance(spec, str):
            try:
                loaded[lang] = spacy.load(spec)
            except OSError as exc:
                raise StaceyError(f"spaCy pipeline {spec!r} is not installed; install it (e.g. pip install "
                                  f"{spec} from a wheel you have) or leave 'entities' out") from exc
        else:
            loaded[lang] = spec
        if "ner" not in loaded[lang].pipe_names:
            raise StaceyError(f"spaCy pipeline for {lang!r} has no 'ner' component; it cannot find names")
    return loaded


def redact(
    turns: pd.DataFrame,
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    columns: Iterable[str] | None = None,
    nlp: Any = None,
) -> pd.DataFrame:
    """Replace personal data in text columns by readable tokens.

    Parameters
    ----------
    turns
        A turn table.
    kinds
        Any of ``email`` (also list-archive forms "user at host dot dk"),
        ``phone`` (Danish +45 and 8-digit forms, international with + or 00),
        ``cpr`` (DDMMYY-XXXX with or without dash, date checked), ``iban``
        (mod-97 checked), ``account`` (Danish reg.nr. + account number, "konto
        ..."), ``url``, ``person`` (speakers' names and addresses, numbered
        ``[PERSON_n]`` in sorted speaker order, so one person keeps one number),
        ``entities`` (PER entities from a trained spaCy pipeline given as
        ``nlp``; numbered after the speakers). Default: all but ``url`` and
        ``entities``.
    columns
        Columns to redact; default ``text``, ``title`` and every string
        ``meta.*`` column. Id columns and ``speaker`` are never touched (they
        are keys; use :func:`stacey.pseudonymise` for speakers).
    nlp
        A trained pipeline (name or object), or ``{lang: name}`` used by the
        turn's ``lang`` column, for ``entities``.

    Returns
    -------
    A new table; the text of every chosen column redacted.
    """
    kinds = tuple(kinds)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    out = turns.copy()
    targets = list(columns) if columns is not None else [
        c for c in out.columns
        if c not in _ID_COLUMNS and (c in ("text", "title") or c.startswith("meta."))
        and (pd.api.types.is_string_dtype(out[c].dtype) or out[c].dtype == object)
    ]
    pattern_kinds = tuple(k for k in _PATTERN_KINDS if k in kinds)

    numbers: dict[str, int] = {}
    matcher = NameMatcher()
    if "person" in kinds and "speaker" in out.columns:
        names = _names_of(turns)
        for s in sorted(set(turns["speaker"].dropna().astype(str))):
            numbers[s] = len(numbers) + 1
            token = KINDS["person"].format(n=numbers[s])
            folded, exact = speaker_forms(s, names.get(s, ()))
            for f in sorted(folded, key=len, reverse=True):
                matcher.add(f, token)
            for f in sorted(exact, key=len, reverse=True):
                matcher.add(f, token, case_sensitive=True)
    pipelines = _load_nlp(nlp) if "entities" in kinds else {}

    def entities(value: str, lang: str | None) -> str:
        pipe = pipelines.get(lang or "*") or pipelines.get("*") or next(iter(pipelines.values()))
        doc = pipe(value)
        parts, last = [], 0
        for ent in doc.ents:
            if ent.label_ not in ("PER", "PERSON"):
                continue
            key = ent.text.strip()
            if key not in numbers:
                numbers[key] = len(numbers) + 1
            parts += [value[last:ent.start_char], KINDS["entities"].format(n=numbers[key])]
            last = ent.end_char
        parts.append(value[last:])
        return "".join(parts)

    cache: dict[tuple[str, Any], str] = {}
    langs = out["lang"] if "lang" in out.columns else pd.Series([None] * len(out), index=out.index)

    def one(value: Any, lang: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        k = (value, lang if pipelines else None)
        hit = cache.get(k)
        if hit is None:
            text = redact_text(value, pattern_kinds) if pattern_kinds else value
            if matcher:
                text = matcher.sub(text)
            if pipelines:
                text = entities(text, None if pd.isna(lang) else str(lang))
            hit = cache[k] = text
        return hit

    for c in targets:
        col = out[c]
        out[c] = pd.Series([one(v, lg) for v, lg in zip(col.tolist(), langs.tolist())],
                           index=out.index, dtype=col.dtype if col.dtype != object else object)
    return out
