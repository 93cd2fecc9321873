"""Comparator backends from maintained packages: ``vader``, ``asent``, ``afinn``.

They score whole texts as their packages do (no sentence aggregation), so a
benchmark shows each as its users meet it. NaN where a package has nothing
for a language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np

from . import register_backend

__all__ = ["vader_scores", "asent_scores", "afinn_scores"]

_NAN = [float("nan")] * 4


@lru_cache(maxsize=1)
def _vader():  # noqa: ANN202
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_scores(texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
    """VADER (vaderSentiment 3.3.2) on English texts; NaN for other languages."""
    sia = _vader()
    rows = []
    for t, lg in zip(texts, langs, strict=False):
        if lg in ("en", "und"):
            s = sia.polarity_scores(t)
            rows.append([s["compound"], s["pos"], s["neg"], s["neu"]])
        else:
            rows.append(_NAN)
    return np.array(rows, dtype=float).reshape(-1, 4)


_ASENT = {"da": "asent_da_v1", "en": "asent_en_v1", "sv": "asent_sv_v1", "no": "asent_no_v1"}


@cache
def asent_pipeline(lang: str):  # noqa: ANN201 - spacy.Language
    """``spacy.blank(lang)`` + ``sentencizer`` + asent's component, as asent's documentation builds it."""
    import asent  # noqa: F401  (registers the components)
    import spacy

    nlp = spacy.blank({"no": "nb"}.get(lang, lang))
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(_ASENT[lang])
    return nlp


def asent_scores(texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
    """asent 0.8 (``doc._.polarity``) for da, en, sv, no; NaN otherwise."""
    out = np.full((len(texts), 4), np.nan)
    for lang in set(langs) & set(_ASENT):
        idx = [i for i, lg in enumerate(langs) if lg == lang]
        for i, doc in zip(idx, asent_pipeline(lang).pipe([texts[i] for i in idx]), strict=False):
            p = doc._.polarity
            out[i] = [p.compound, p.positive, p.negative, p.neutral]
    return out


@cache
def _afinn(lang: str):  # noqa: ANN202
    from afinn import Afinn

    return Afinn(language=lang, emoticons=True)


def afinn_scores(texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
    """AFINN (afinn 0.1) word sum ``s`` for da/en as ``compound = s / sqrt(s² + 15)``; pos/neg/neu NaN."""
    rows = []
    for t, lg in zip(texts, langs, strict=False):
        if lg in ("da", "en"):
            s = _afinn(lg).score(t)
            rows.append([s / math.sqrt(s * s + 15.0), np.nan, np.nan, np.nan])
        else:
            rows.append(_NAN)
    return np.array(rows, dtype=float).reshape(-1, 4)


register_backend("vader", vader_scores, version="vaderSentiment-3.3.2", description="VADER (English)")
register_backend("asent", asent_scores, version="asent-0.8.3", description="asent (da, en, sv, no)")
register_backend("afinn", afinn_scores, version="afinn-0.1", description="AFINN word sum (da, en)")
