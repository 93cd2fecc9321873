"""stacey's rule-based sentiment: lexicon valence with negation, boosters, contrast, emoji, emphasis.

The rules follow VADER (Hutto and Gilbert 2014, ICWSM), extended for Danish and
for long turns. Per sentence, each token gets a valence ``v`` (VADER's -4..4
scale) from the language's lexicon (:mod:`.lexicons`):

1. **Lookup**: the lower-cased token, else its lemma if the lemma is
   strongly rated (``|v| >= 2``; weakly rated lemmas matched through
   inflection were measured to turn neutral sentences non-neutral), else (Danish) a
   compound: a boosting prefix + a rated head (``superflot`` = ``flot`` boosted),
   or a rated prefix on an unrated head (``møgvejr``); a hyphenated word by
   its head (``super-godt``), else the sum of its rated parts; else a letter-run
   collapse (``suuuper`` -> ``super``). (Scoring any compound by a rated head,
   ``arbejdsglæde`` -> ``glæde``, was measured to lower r on Danish LCC and was
   left out.)
2. **Emphasis**: an ALL-CAPS word in a sentence that is not all caps: ``v ± 0.733``.
3. **Boosters/dampeners** among the 3 preceding tokens: ``v ± b`` with ``b``
   scaled 1, 0.95, 0.9 by distance (``meget god``, ``slightly good``).
4. **Negation**: a negator (English ``no`` included; a negator followed by no rated
   word within 3 tokens keeps its own valence, as ``No.``) among the 3 preceding tokens of the same clause, or,
   in Danish, right after the word (``hjalp ikke``; up to one filler between:
   ``hjalp overhovedet ikke``; not a tag question ``..., ikke?``):
   ``v × -0.74``.
5. **Contrast** (``men``, ``but``): valence before it × 0.5, after it × 1.5;
   a sentence that opens with one halves the weight of the sentences before
   it and gets weight 1.5 in the turn's mean.
6. **Exclamation**: the sentence sum ``S`` moves away from 0 by
   ``0.292 × min(#!, 4)``; question marks ``0.18 × #?`` for 2-3, ``0.96`` for more.

Sentence compound (VADER): ``c = S / sqrt(S² + 15)``.

Turn compound, the aggregation that does not saturate with length:
``sentiment = Σ_k w_k c_k / Σ_k w_k`` over the sentences ``k`` of the turn, with
``w_k = 1`` for a sentence that has any rated token and ``w_k = NEUTRAL_WEIGHT``
(0) for one that has none; 0 when no sentence is rated. That is: the mean
compound of the sentences that carry sentiment. Repeating a sentence, or adding
neutral ones, leaves the score unchanged, where VADER's sum over the whole text
tends to ±1 as the text grows; how much of a turn carries sentiment at all is
``1 - sentiment_neu``. (Weights 0.1, 0.25 and 1 for unrated sentences were
measured: each lowered r on Danish LCC.)

``sentiment_pos``, ``sentiment_neg``, ``sentiment_neu`` are VADER's proportions
over all tokens of the turn: ``pos = P / (P + |N| + U)`` with
``P = Σ (v + 1)`` over positive tokens, ``N = Σ (v - 1)`` over negative ones and
``U`` the count of unrated tokens (punctuation excluded).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .lexicons import CLAUSE_BREAK, LangLexicon

__all__ = ["score_sentence", "aggregate", "score_sentences", "ALPHA", "NEUTRAL_WEIGHT"]

ALPHA = 15.0
NEUTRAL_WEIGHT = 0.0
#: a word not rated as written is rated by its lemma only if the lemma's |valence| is at least this
MIN_LEMMA_VALENCE = 2.0
N_SCALAR = -0.74
C_INCR = 0.733
_RUN = re.compile(r"(\w)\1{2,}")


def _valence(low: str, lemma: str, lex: LangLexicon) -> float:
    val = lex.valence
    v = val.get(low)
    if v is not None:
        return v
    v = val.get(lemma)
    if v is not None and abs(v) >= MIN_LEMMA_VALENCE:
        return v
    if "-" in low and not low.startswith("-"):  # hyphenated compound: rated by its head, boosted by its first part
        first, _, head = low.rpartition("-")
        v = val.get(head)
        if v is not None:
            if first in lex.boosters or first.split("-")[-1] in lex.boost_prefixes:
                v += math.copysign(0.293, v)
            return v
        parts = [val.get(p, 0.0) for p in low.split("-")]  # unrated head: the parts as separate words
        if any(parts):
            return sum(parts)
    if len(low) > 5 and lex.boost_prefixes and low.isalpha():
        for p in lex.boost_prefixes:
            if low.startswith(p):
                head = low[len(p):]
                v = val.get(head)
                if v is not None:
                    return v + math.copysign(0.293, v)
        for p, pv in lex.valence_prefixes.items():
            if low.startswith(p) and len(low) - len(p) >= 3:
                return pv
    if _RUN.search(low):
        for repl in (r"\1", r"\1\1"):
            v = val.get(_RUN.sub(repl, low))
            if v is not None:
                return v
    return 0.0


def score_sentence(tokens: Sequence[str], lemmas: Sequence[str], lex: LangLexicon) -> tuple[float, float, float, int, bool]:
    """Score one sentence.

    Returns
    -------
    tuple
        ``(S, P, N, U, rated)``: the sentence sum after all rules, the positive
        and negative sums and unrated-token count for the proportions, and
        whether any token was rated.
    """
    n = len(tokens)
    lows = [t.lower() for t in tokens]
    memo = lex.memo
    special = lex.special
    vals = [0.0] * n
    rated_idx: list[int] = []
    has_special = False
    n_alnum = 0
    for i in range(n):
        low = lows[i]
        if low[0].isalnum():
            n_alnum += 1
        if low in special:
            has_special = True
            continue
        mk = (low, lemmas[i])
        v = memo.get(mk)
        if v is None:
            if len(memo) > 1_000_000:
                memo.clear()
            v = memo[mk] = _valence(low, lemmas[i], lex)
        if v:
            vals[i] = v
            rated_idx.append(i)
    if not rated_idx and not has_special:
        return 0.0, 0.0, 0.0, n_alnum, False
    boosters = lex.boosters
    negators = lex.negators
    negs = [low in negators for low in lows] if has_special else [False] * n
    contrast_at = -1
    if has_special:
        for i in range(n):
            if lows[i] in lex.contrast:
                if i > 0 and lows[i - 1] == "anything":  # "anything but easy": a negation, not a contrast
                    negs[i] = True
                    vals[i] = 0.0
                    if i in rated_idx:
                        rated_idx.remove(i)
                else:
                    contrast_at = i
    cap_diff = None
    for i in rated_idx:
        v = vals[i]
        if tokens[i].isupper() or (has_special and any(tokens[j].isupper() for j in range(max(0, i - 3), i))):
            if cap_diff is None:
                words = [t for t in tokens if t.isalpha()]
                cap_diff = 0 < sum(t.isupper() for t in words) < len(words)
        if cap_diff and tokens[i].isupper() and tokens[i].isalpha():
            v += C_INCR if v > 0 else -C_INCR
        negated = False
        if has_special:
            for k in range(1, 4):
                j = i - k
                if j < 0 or lows[j] in CLAUSE_BREAK:
                    break
                b = boosters.get(lows[j])
                if b is not None:
                    b = b if v > 0 else -b
                    if cap_diff and tokens[j].isupper():
                        b += C_INCR if v > 0 else -C_INCR
                    v += b * (1.0, 0.95, 0.9)[k - 1]
                elif negs[j]:
                    negated = True
            if not negated and lex.post_negation:
                j = i + 1
                if j < n and lows[j] in lex.postneg_gap:
                    j += 1
                if j < n and negs[j] and not (j + 1 < n and lows[j + 1] == "?"):
                    negated = True
        if negated:
            v *= N_SCALAR
        vals[i] = v
    rated = bool(rated_idx)
    if has_special:
        for i in range(n):  # a negator that negates nothing keeps its own valence ("No.", "no way")
            if negs[i] and lows[i] in lex.valence and not any(vals[i + 1:i + 4]):
                vals[i] = lex.valence[lows[i]]
                rated = True
        if contrast_at >= 0:
            vals = [v * 0.5 if i < contrast_at else v * 1.5 if i > contrast_at else v for i, v in enumerate(vals)]
    nz = [v for v in vals if v]
    s = sum(nz)
    if s:
        ex = min(tokens.count("!"), 4) * 0.292
        qm = tokens.count("?")
        q = 0.0 if qm <= 1 else (qm * 0.18 if qm <= 3 else 0.96)
        s += math.copysign(ex + q, s)
    pos = sum(v + 1 for v in nz if v > 0)
    neg = sum(v - 1 for v in nz if v < 0)
    unrated = n_alnum - sum(1 for i in range(n) if vals[i] and lows[i][0].isalnum())
    return s, pos, neg, unrated, rated


def aggregate(parts: Sequence[tuple[float, float, float, int, bool]],
              weights: Sequence[float] | None = None) -> tuple[float, float, float, float]:
    """Turn scores from sentence scores: ``(compound, pos, neg, neu)`` (formula in the module docstring).

    ``weights`` multiply the sentences' weights ``w_k`` (contrast across sentences).
    """
    if not parts:
        return 0.0, 0.0, 0.0, 1.0
    num = den = 0.0
    psum = nsum = 0.0
    usum = 0
    for k, (s, p, ng, u, rated) in enumerate(parts):
        w = (1.0 if rated else NEUTRAL_WEIGHT) * (weights[k] if weights is not None else 1.0)
        num += w * (s / math.sqrt(s * s + ALPHA))
        den += w
        psum += p
        nsum += ng
        usum += u
    compound = num / den if den else 0.0
    total = psum + abs(nsum) + usum
    if total == 0:
        return compound, 0.0, 0.0, 1.0
    return compound, psum / total, abs(nsum) / total, usum / total


def score_sentences(sentences: Sequence[Sequence[tuple[str, str]]], lex: LangLexicon) -> tuple[float, float, float, float]:
    """Score a turn given as sentences of ``(token, lemma)`` pairs: ``(compound, pos, neg, neu)``."""
    parts = []
    weights: list[float] = []
    for sent in sentences:
        if sent:
            toks, lems = zip(*sent, strict=True)
            parts.append(score_sentence(toks, lems, lex))
            if toks[0].lower() in lex.contrast and weights:  # "... godt. Men ...": later sentences weigh more
                weights = [w * 0.5 for w in weights]
                weights.append(1.5)
            else:
                weights.append(1.0)
    return aggregate(parts, weights)
