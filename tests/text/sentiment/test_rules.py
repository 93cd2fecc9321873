import math

import pytest

from stacey.text.nlp import analyse
from stacey.text.sentiment.lexicons import AFINN_SCALE, lexicon
from stacey.text.sentiment.rules import ALPHA, N_SCALAR, score_sentences


def compound(text, lang):
    return score_sentences(analyse(text, lang), lexicon(lang))[0]


def test_single_word_hand_computed():
    # AFINN-da "godt" = 3 -> 3 * 0.8 = 2.4; compound = 2.4 / sqrt(2.4^2 + 15)
    v = 3 * AFINN_SCALE
    assert compound("Det er godt", "da") == pytest.approx(v / math.sqrt(v * v + ALPHA))
    # VADER "good" = 1.9; negated: 1.9 * -0.74
    s = 1.9 * N_SCALAR
    assert compound("The book was not good", "en") == pytest.approx(s / math.sqrt(s * s + ALPHA))


@pytest.mark.parametrize("pos,neg,lang", [
    ("Det er godt", "Det er ikke godt", "da"),
    ("Jeg kan godt lide den nye plan", "Jeg kan ikke lide den nye plan", "da"),
    ("Det hjalp", "Det hjalp overhovedet ikke", "da"),  # Danish negation after the verb
    ("Det var aldrig kedeligt", "Det var aldrig sjovt", "da"),  # never boring > never fun
    ("It was good", "It was not good", "en"),
    ("I like it", "I don't like it", "en"),
    ("I have had no problems", "I have had problems", "en"),
])
def test_negation_flips_sign(pos, neg, lang):
    # the first of each pair reads positive or at least above the second
    assert compound(pos, lang) > compound(neg, lang)
    if "ikke" in neg or "not" in neg or "n't" in neg:
        assert compound(pos, lang) > 0 > compound(neg, lang)


def test_tag_question_is_not_a_negation():
    assert compound("Det er godt, ikke?", "da") > 0


@pytest.mark.parametrize("plain,boosted,damped,lang", [
    ("Det er godt", "Det er meget godt", "Det er lidt godt", "da"),
    ("Det er flot", "Det er virkelig flot", "Det er nogenlunde flot", "da"),
    ("It is good", "It is very good", "It is slightly good", "en"),
])
def test_intensifiers_and_dampeners(plain, boosted, damped, lang):
    assert compound(boosted, lang) > compound(plain, lang) > compound(damped, lang) > 0


def test_danish_compounds_with_boosting_and_valenced_prefixes():
    assert compound("Superflot", "da") > compound("Flot", "da") > 0
    assert compound("Møgvejr i dag", "da") < 0


@pytest.mark.parametrize("text,lang", [
    ("Maden var dårlig, men betjeningen var fantastisk", "da"),
    ("The food was bad, but the service was great", "en"),
])
def test_contrast_later_clause_weighs_more(text, lang):
    assert compound(text, lang) > 0
    flipped = text.replace("dårlig", "XX").replace("fantastisk", "dårlig").replace("XX", "fantastisk") \
        .replace("bad", "XX").replace("great", "bad").replace("XX", "great")
    assert compound(flipped, lang) < 0


def test_contrast_across_sentences():
    assert compound("Det var godt. Men resten var elendigt!", "da") < 0


@pytest.mark.parametrize("text,sign,lang", [
    ("Super godt klaret 👍", 1, "da"), ("Øv 😡", -1, "da"), ("👍", 1, "da"), ("😡", -1, "en"),
    ("Great :)", 1, "en"), ("Surt show 😞", -1, "da"), ("🙄", -1, "da"),
])
def test_emoji_and_emoticons(text, sign, lang):
    assert math.copysign(1, compound(text, lang)) == sign


def test_exclamation_amplifies():
    assert compound("Det er godt!!", "da") > compound("Det er godt", "da")
    assert compound("It is bad!!", "en") < compound("It is bad", "en")


def test_length_does_not_saturate():
    one = compound("Det var en god dag.", "da")
    many = compound(" ".join(["Det var en god dag."] * 50), "da")
    assert many == pytest.approx(one)
    padded = compound("Det var en god dag. " + "Vi mødes kl. 10 i lokale 2. " * 20, "da")
    assert padded == pytest.approx(one)
    assert one < 0.6


def test_proportions_sum_to_one():
    c, p, n, u = score_sentences(analyse("Det var godt, men maden var dårlig.", "da"), lexicon("da"))
    assert p + n + u == pytest.approx(1.0)
    assert p > 0 and n > 0
