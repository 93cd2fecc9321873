import pytest

from stacey.text.lang import detect, detect_one

SHORT = [
    ("Hvad mener du med det?", "da"), ("Tak for i går!", "da"), ("Jeg er enig med dig", "da"),
    ("Hva mener du med det?", "no"), ("Takk for i går!", "no"), ("Jeg er enig med deg", "no"),
    ("Vad menar du med det?", "sv"), ("Tack för igår!", "sv"), ("Jag håller med dig", "sv"),
    ("Was meinst du damit?", "de"), ("Danke für gestern!", "de"), ("Ich stimme dir zu", "de"),
    ("What do you mean by that?", "en"), ("Thanks for yesterday!", "en"), ("I agree with you", "en"),
]


@pytest.mark.parametrize("text,lang", SHORT)
def test_short_turns(text, lang):
    assert detect_one(text) == lang


def test_too_little_text_is_und_or_the_default():
    assert detect(["ok", "👍", "haha", ""]) == ["und"] * 4
    assert detect(["ok", "👍"], default="da") == ["da", "da"]


def test_nordic_text_without_marker_takes_a_nordic_default():
    # "og ... det ... er" marks Nordic, nothing marks which: the corpus default decides
    assert detect_one("det er og det er", default="da") == "da"
    assert detect_one("det er og det er", default="no") == "no"


def test_restricting_candidates():
    assert detect_one("Tack för igår, det var jättebra!", languages=("da", "en")) in ("da", "en")
    with pytest.raises(ValueError, match="unsupported"):
        detect(["x"], languages=("xx",))
