"""The word lists the ``stacey`` sentiment backend scores with, loaded from maintained packages.

=========  ==========================================  ==========================  ==================
language   valence lexicon                             shipped by                  licence
=========  ==========================================  ==========================  ==================
en         VADER lexicon (Hutto and Gilbert 2014)      ``vaderSentiment`` 3.3.2    MIT
en         AFINN-en-165 (Nielsen 2011), words VADER    ``afinn`` 0.1               ODbL 1.0
           lacks, valence x 0.8
da         AFINN-da-32 (Nielsen), valence x 0.8        ``afinn`` 0.1               ODbL 1.0
all        emoticons and chat words from VADER         ``vaderSentiment``          MIT
all        emoji: VADER's emoji descriptions scored    ``vaderSentiment``          MIT
           with VADER's lexicon, and stacey's own
           values for common chat emoji               this module                 MIT (stacey)
=========  ==========================================  ==========================  ==================

Negators, boosters, dampeners and contrast words: English from VADER
(``NEGATE``, ``BOOSTER_DICT``); Danish written for stacey (below). No
non-commercial lexicon is used. The AFINN x 0.8 factor puts AFINN's integer
scale (-5..5) on VADER's (-4..4); it is a little below the median ratio of
VADER to AFINN valence over the words both rate with the same sign (0.85,
2,575 words), chosen a priori and not tuned.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from functools import cache, lru_cache

__all__ = ["LangLexicon", "lexicon", "LEXICON_LANGUAGES", "EMOJI", "LEXICON_VERSION"]

#: bump when any list or value changes: part of the cache key
LEXICON_VERSION = "1"
#: languages with a valence lexicon (others: emoji and emoticons only)
LEXICON_LANGUAGES = ("da", "en")

AFINN_SCALE = 0.8
B_INCR = 0.293
B_DECR = -0.293

NEGATE_DA = frozenset({"ikke", "ik", "ikk", "ik'", "aldrig", "ingen", "intet", "ingenting", "hverken", "næppe",
                       "uden", "ej"})
BOOSTERS_DA: dict[str, float] = {
    **dict.fromkeys(
        "meget rigtig rigtigt virkelig vildt super mega ekstremt ekstrem utrolig utroligt enormt enorm totalt "
        "total helt særdeles yderst pisse hammer sindssygt sindssyg voldsomt vanvittigt afsindigt mest så "
        "simpelthen absolut fuldstændig fuldstændigt komplet hamrende dødsens ufattelig ufatteligt "
        "ekstra særligt særlig vanvittig".split(), B_INCR),
    **dict.fromkeys("temmelig ret ganske mere".split(), B_INCR / 2),
    **dict.fromkeys("lidt nogenlunde delvist delvis knap næsten smule forholdsvis relativt "
                    "halvt".split(), B_DECR),
}
#: words that end a negation's reach
CLAUSE_BREAK = frozenset(",;:.!?…()\"—–-") | {"men", "but", "og", "and", "eller", "or"}
#: words that may stand between a Danish word and the negation that follows it ("det hjalp overhovedet ikke")
POSTNEG_GAP_DA = frozenset("overhovedet altså heller slet bare lige sgu egentlig rigtig så just det den dem "
                           "mig dig os jer ham hende jo vist helt".split())
#: compound prefixes that boost the head word (superflot, pisseirriterende) in Danish
BOOST_PREFIX_DA = ("sindssygt", "hamrende", "smadder", "hammer", "kanon", "pisse", "skide", "super", "mega",
                   "ultra", "hyper", "vildt", "edder", "knald", "topp", "top")
#: compound prefixes that carry their own valence when the head is neutral (møgvejr, lortesystem)
VALENCE_PREFIX_DA = {"lorte": -2.0, "lort": -2.0, "skod": -2.0, "møg": -1.6}
#: English chat words Danish writers use as they are (values from VADER's lexicon)
LOANS = ("nice cool fail wow yay ugh fuck shit damn crap awesome lol haha hahaha lmao rofl xd wtf sorry "
         "okay").split()
CONTRAST = {"da": frozenset({"men"}), "en": frozenset({"but"})}

#: stacey's own values (VADER scale) for common chat emoji that VADER's descriptions leave neutral or misread
EMOJI_OVERRIDES: dict[str, float] = {
    "👍": 1.8, "👎": -1.8, "😡": -2.5, "🤬": -2.8, "😤": -1.6, "🙄": -1.5, "🙈": 0.4, "😒": -1.5,
    "🤮": -2.5, "💩": -1.5, "🏆": 1.8, "🙌": 1.9, "🤩": 2.5, "🌞": 1.5, "☀": 1.2, "💪": 1.5,
    "🙏": 1.2, "😏": 0.3, "😉": 1.0, "😳": -0.5, "🤔": 0.0, "🔥": 1.2, "🥲": 0.2, "😬": -1.0,
    "🥰": 2.8, "😘": 2.0, "🤗": 2.0, "👏": 1.8, "✅": 1.0, "❌": -1.2, "💔": -2.5, "😑": -0.8,
    "😐": -0.3, "🤦": -1.6, "😔": -1.8, "😕": -1.2, "🫶": 2.0, "💯": 1.5,
}


@dataclass(frozen=True)
class LangLexicon:
    """Everything the scorer needs for one language."""

    lang: str
    valence: dict[str, float]
    negators: frozenset[str]
    boosters: dict[str, float]
    contrast: frozenset[str]
    post_negation: bool = False
    postneg_gap: frozenset[str] = frozenset()
    boost_prefixes: tuple[str, ...] = ()
    valence_prefixes: dict[str, float] = field(default_factory=dict)
    #: boosters, negators and contrast words together (never rated themselves)
    special: frozenset[str] = frozenset()
    #: memo of (lower-cased token, lemma) -> looked-up valence, filled by the scorer
    memo: dict[tuple[str, str], float] = field(default_factory=dict, compare=False, repr=False)


def _read_tsv(package: str, name: str, scale: float = 1.0) -> dict[str, float]:
    text = importlib.resources.files(package).joinpath(name).read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                out[parts[0].strip()] = float(parts[1]) * scale
            except ValueError:
                continue
    return out


@lru_cache(maxsize=1)
def _vader() -> dict[str, float]:
    return _read_tsv("vaderSentiment", "vader_lexicon.txt")


@lru_cache(maxsize=1)
def _emoji() -> dict[str, float]:
    """Emoji -> valence: stacey's overrides, else VADER's description scored with VADER's lexicon."""
    vader = _vader()
    text = importlib.resources.files("vaderSentiment").joinpath("emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            v = sum(vader.get(w, 0.0) for w in parts[1].lower().split())
            if v:
                out[parts[0].strip().replace("\ufe0f", "")] = max(-3.0, min(3.0, v))
    out.update(EMOJI_OVERRIDES)
    return out


#: emoji -> valence (VADER scale), filled on first use
EMOJI: dict[str, float] = {}


def _universal() -> dict[str, float]:
    """Emoticons (VADER entries without letters), chat loan words and emoji: valid in every language."""
    vader = _vader()
    out = {w: v for w, v in vader.items()
           if any(not ch.isalnum() for ch in w) and sum(ch.isalpha() for ch in w) <= 2 and "'" not in w}
    out.update({w: vader[w] for w in LOANS if w in vader})
    if not EMOJI:
        EMOJI.update(_emoji())
    out.update(EMOJI)
    return out


@cache
def lexicon(lang: str) -> LangLexicon:
    """The :class:`LangLexicon` for ``lang`` (``und``: Danish and English together).

    Languages without a valence lexicon get the universal part only
    (emoticons, emoji, chat loan words). Built once per process.
    """
    import dataclasses

    lex = _lexicon(lang)
    return dataclasses.replace(lex, special=frozenset(lex.boosters) | lex.negators | lex.contrast)


def _lexicon(lang: str) -> LangLexicon:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE

    universal = _universal()
    if lang == "en":
        valence = {**{w: v for w, v in _read_tsv("afinn", "data/AFINN-en-165.txt", AFINN_SCALE).items()
                      if " " not in w}, **_vader(), **universal}
        return LangLexicon("en", valence, frozenset(NEGATE) | {"n't", "no"},
                           {k: v for k, v in BOOSTER_DICT.items() if " " not in k}, CONTRAST["en"])
    if lang == "da":
        valence = {**{w: v for w, v in _read_tsv("afinn", "data/AFINN-da-32.txt", AFINN_SCALE).items()
                      if " " not in w}, **universal}
        return LangLexicon("da", valence, NEGATE_DA, dict(BOOSTERS_DA), CONTRAST["da"], post_negation=True,
                           postneg_gap=POSTNEG_GAP_DA, boost_prefixes=BOOST_PREFIX_DA,
                           valence_prefixes=dict(VALENCE_PREFIX_DA))
    if lang == "und":
        da, en = _lexicon("da"), _lexicon("en")
        return LangLexicon("und", {**da.valence, **en.valence}, da.negators | en.negators,
                           {**da.boosters, **en.boosters}, da.contrast | en.contrast)
    return LangLexicon(lang, dict(universal), frozenset(), {}, frozenset())
