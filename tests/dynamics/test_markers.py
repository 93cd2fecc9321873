from stacey.dynamics.markers import CATEGORIES, marker_mask, markers_in


def test_marker_mask_bits_match_markers_in():
    bits = {c: 1 << i for i, c in enumerate(CATEGORIES)}
    assert marker_mask("I don't know", "en") == bits["personal_pronoun"] | bits["auxiliary_verb"] | bits["negation"]
    assert marker_mask("", "da") == 0
    for text in ["Det er ikke min skyld", "vi ses i morgen", "the plan and a budget", "Nej, det tror jeg ikke"]:
        for lang in ("da", "en", None, "de"):
            expected = sum(bits[c] for c in markers_in(text, lang))
            assert marker_mask(text, lang) == expected
