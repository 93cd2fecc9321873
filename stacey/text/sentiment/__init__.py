"""Sentiment backends, found by name.

A backend scores texts: ``fn(texts, langs) -> array of shape (n, 4)`` with
columns ``compound`` (in [-1, 1]), ``pos``, ``neg``, ``neu`` (NaN where the
backend has nothing for a language). Built in:

==========  ========================================================  ==========
name        what                                                      languages
==========  ========================================================  ==========
``stacey``  lexicon + rules (:mod:`.rules`), sentence aggregation     da, en (+ emoji in all)
``vader``   vaderSentiment's ``SentimentIntensityAnalyzer``            en
``asent``   asent's spaCy component on ``spacy.blank``                da, en, sv, no
``afinn``   afinn's word sum, ``compound = s / sqrt(s² + 15)``         da, en
==========  ========================================================  ==========

Add one (a transformer, say) with :func:`register_backend`; its ``version``
goes into the cache key, so bump it when the model changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Backend", "register_backend", "get_backend", "backends", "score"]

ScoreFn = Callable[[Sequence[str], Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Backend:
    """A registered sentiment backend."""

    name: str
    fn: ScoreFn
    version: str
    description: str = ""


_REGISTRY: dict[str, Backend] = {}


def register_backend(name: str, fn: ScoreFn, *, version: str = "1", description: str = "",
                     replace: bool = False) -> Backend:
    """Register a sentiment backend by name.

    Parameters
    ----------
    name
        The name ``annotate(..., backend=name)`` uses.
    fn
        ``fn(texts, langs) -> numpy array (n, 4)``: compound, pos, neg, neu per text.
    version
        Part of the cache key: change it whenever ``fn``'s output may change.
    description
        One line for listings.
    replace
        Allow replacing an existing backend of that name.
    """
    if name in _REGISTRY and not replace:
        raise ValueError(f"a sentiment backend named {name!r} exists; pass replace=True to replace it")
    backend = Backend(name, fn, str(version), description)
    _REGISTRY[name] = backend
    return backend


def _load_builtins() -> None:
    from . import comparators, core  # noqa: F401  (they register themselves)


def get_backend(name: str) -> Backend:
    """The backend registered as ``name`` (``KeyError`` naming the known ones if absent)."""
    if name not in _REGISTRY:
        _load_builtins()
    if name not in _REGISTRY:
        raise KeyError(f"unknown sentiment backend {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name]


def backends() -> dict[str, Backend]:
    """All registered backends by name."""
    _load_builtins()
    return dict(_REGISTRY)


def score(texts: Sequence[str], langs: Sequence[str], *, backend: str = "stacey") -> np.ndarray:
    """Score texts with a backend: array (n, 4) of compound, pos, neg, neu."""
    out = np.asarray(get_backend(backend).fn(list(texts), list(langs)), dtype=float)
    if out.shape != (len(texts), 4):
        raise ValueError(f"backend {backend!r} returned shape {out.shape}, expected ({len(texts)}, 4)")
    return out
