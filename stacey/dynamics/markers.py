"""Function-word marker lists for linguistic coordination, English and Danish.

Eight categories after Danescu-Niculescu-Mizil, Lee, Pang and Kleinberg
(2012), who used the LIWC categories (Pennebaker et al. 2007). LIWC's lists
are proprietary, so these are our own lists of closed-class words, written
from standard grammars of English and Danish. A word may belong to more than
one category (as in LIWC): Danish ``det`` is an article and an impersonal
pronoun, English ``so`` a conjunction and an adverb. English contractions are
listed whole (``don't`` counts as an auxiliary and a negation).
"""

from __future__ import annotations

import re

__all__ = ["MARKERS", "markers_in", "marker_mask", "tokens"]

_EN = {
    "article": "a an the",
    "auxiliary_verb": (
        "am is are was were be been being have has had having do does did will would shall should can could may "
        "might must i'm you're we're they're it's that's he's she's i've you've we've they've i'll you'll we'll "
        "they'll he'll she'll it'll i'd you'd we'd they'd don't doesn't didn't isn't aren't wasn't weren't won't "
        "wouldn't can't couldn't shouldn't haven't hasn't hadn't mustn't"),
    "conjunction": "and but or nor so yet because although though if unless while whereas whether since",
    "adverb": "very really just also too quite even still only already now then here there again always often "
              "actually maybe perhaps so",
    "impersonal_pronoun": (
        "it its itself this that these those something anything nothing everything someone anyone everyone "
        "somebody anybody everybody nobody what which whatever whichever it's that's"),
    "personal_pronoun": (
        "i me my mine myself you your yours yourself yourselves we us our ours ourselves he him his himself she "
        "her hers herself they them their theirs themselves i'm i've i'll i'd you're you've you'll you'd we're "
        "we've we'll we'd they're they've they'll they'd he's she's"),
    "preposition": (
        "about above across after against along among around at before behind below beneath beside between "
        "beyond by down during except for from in inside into near of off on onto out outside over past "
        "through throughout to toward towards under until up upon with within without"),
    "quantifier": "all any both each every few little lot lots many more most much several some enough less "
                  "least half whole",
    "negation": (
        "no not never none nothing nobody neither nor nowhere don't doesn't didn't isn't aren't wasn't weren't "
        "won't wouldn't can't couldn't shouldn't haven't hasn't hadn't mustn't"),
}

_DA = {
    "article": "en et den det de",
    "auxiliary_verb": "er var være været har havde have haft bliver blev blive blevet vil ville skal skulle kan "
                      "kunne må måtte bør burde får fik",
    "conjunction": "og men eller for så fordi at hvis når da selvom skønt mens samt både enten hverken som",
    "adverb": "meget rigtig virkelig bare også lige nu her der så jo nok vel altid allerede stadig kun igen "
              "faktisk måske egentlig sikkert",
    "impersonal_pronoun": "det den dette denne disse noget nogen intet ingenting alt man hvad hvilken hvilket "
                          "hvilke",
    "personal_pronoun": "jeg mig min mit mine du dig din dit dine han ham hans hun hende hendes vi os vores vor "
                        "jer jeres dem deres sig sin sit sine",
    "preposition": "i på til fra med af om for ved under over efter før mellem uden hos mod gennem igennem "
                   "blandt omkring indtil siden bag foran",
    "quantifier": "alle alt nogle nogen mange få flere fleste mere mest lidt hver hvert enhver begge hele "
                  "halvdelen masser",
    "negation": "ikke ingen intet aldrig hverken nej ej ingenting ikk",
}

#: language -> category -> frozenset of lower-case words
MARKERS: dict[str, dict[str, frozenset[str]]] = {
    "en": {k: frozenset(v.split()) for k, v in _EN.items()},
    "da": {k: frozenset(v.split()) for k, v in _DA.items()},
}
CATEGORIES = tuple(_EN)
_UNION = {k: MARKERS["en"][k] | MARKERS["da"][k] for k in CATEGORIES}
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, keeping English contractions (``don't``); curly apostrophes become straight."""
    return _TOKEN.findall(str(text).lower().replace("\u2019", "'"))


def markers_in(text: str, lang: str | None = None) -> frozenset[str]:
    """The marker categories present in ``text`` (lists of ``lang``; both languages when it is not da/en)."""
    lists = MARKERS.get(lang or "", _UNION)
    words = set(tokens(text))
    return frozenset(cat for cat, vocab in lists.items() if words & vocab)


_MASKS = {lang: tuple((1 << i, lists[cat]) for i, cat in enumerate(CATEGORIES))
          for lang, lists in (*MARKERS.items(), ("", _UNION))}


def marker_mask(text: str, lang: str | None = None) -> int:
    """:func:`markers_in` as an integer: bit i is set when category ``CATEGORIES[i]`` is present."""
    words = set(tokens(text))
    return sum(bit for bit, vocab in _MASKS.get(lang if lang in MARKERS else "", _MASKS[""])
               if not words.isdisjoint(vocab))
