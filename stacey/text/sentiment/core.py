"""The ``stacey`` backend: :mod:`.rules` over the fast tokenizer, registered by name."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..nlp import Sentence, analyse
from . import register_backend
from .lexicons import LEXICON_LANGUAGES, LEXICON_VERSION, lexicon
from .rules import score_sentences

__all__ = ["score_analysed", "score_texts", "VERSION"]

def _source_hash() -> str:
    import hashlib
    from pathlib import Path

    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=8)
    for f in (here / "rules.py", here / "lexicons.py", here / "core.py", here.parent / "nlp.py"):
        h.update(f.read_bytes())
    return h.hexdigest()


#: lexicon version + a hash of the rule, lexicon and tokenizer sources: the cache key part of this backend,
#: so any change to them invalidates cached scores
VERSION = f"lex{LEXICON_VERSION}-{_source_hash()}"
_NAN = (float("nan"),) * 4


def score_analysed(sentences: list[Sentence], lang: str) -> tuple[float, float, float, float]:
    """Score a turn already split into sentences of ``(token, lemma)`` pairs.

    Languages without a lexicon (see :data:`.lexicons.LEXICON_LANGUAGES`)
    are scored on emoji, emoticons and chat words only when they have some,
    else NaN.
    """
    lex = lexicon(lang)
    out = score_sentences(sentences, lex)
    if lang not in LEXICON_LANGUAGES and lang != "und" and out[1] == 0 and out[2] == 0:
        return _NAN
    return out


def score_texts(texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
    """Backend function: compound, pos, neg, neu per text."""
    return np.array([score_analysed(analyse(t, lg), lg) for t, lg in zip(texts, langs, strict=False)], dtype=float).reshape(-1, 4)


register_backend("stacey", score_texts, version=VERSION,
                 description="stacey lexicon + rules (VADER-style, Danish rules, sentence aggregation)")
