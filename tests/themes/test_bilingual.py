import numpy as np
import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.themes import NMFThemes, language_split, load_lexicon, merge_translations, split_index


def test_bundled_lexicon_merges_pairs_and_aliases():
    lex = load_lexicon("da-en")
    assert lex["møde"] == lex["meeting"] == lex["meet"] == "meeting/møde"
    assert lex["budget"] == "budget"
    assert lex["forandring"] == lex["ændring"] == lex["change"]
    assert merge_translations(["møde budget projektleder", "meeting budget"], lex) == [
        "meeting/møde budget projektleder", "meeting/møde budget"]


def test_lexicon_file_errors(tmp_path):
    p = tmp_path / "lex.yaml"
    p.write_text("pairs:\n  - [hus]\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"lex.yaml, pairs\[0\]"):
        load_lexicon(p)


def test_language_split_hand_computed():
    turns = pd.DataFrame({"id": list("abcd"), "lang": ["da", "da", "en", "en"]})
    weights = pd.DataFrame({"id": ["a", "b", "b", "c", "d"], "theme": ["T1", "T1", "T2", "T2", "T2"],
                            "weight": [1.0, 0.5, 0.5, 1.0, 1.0]})
    table = language_split(weights, turns).set_index("theme")
    # T1: all Danish, corpus mix 50/50 -> TV = 0.5; T2: da 0.5/2.5 = 0.2 -> TV = 0.3
    assert table.loc["T1", "split"] == pytest.approx(0.5)
    assert table.loc["T2", "split"] == pytest.approx(0.3)
    assert table.loc["T2", "main_lang"] == "en" and table.loc["T2", "share_en"] == pytest.approx(0.8)
    assert split_index(weights, turns) == pytest.approx((1.5 * 0.5 + 2.5 * 0.3) / 4)


def bilingual_turns(seed: int = 0) -> pd.DataFrame:
    """Two themes, each spoken in Danish and in English with the lexicon's translation pairs."""
    rng = np.random.default_rng(seed)
    themes = {"money": [("besparelse", "saving"), ("løn", "salary"), ("pris", "price"), ("penge", "money"),
                        ("omkostning", "cost"), ("betale", "pay")],
              "meeting": [("møde", "meeting"), ("kalender", "calendar"), ("dagsorden", "agenda"),
                          ("kontor", "office"), ("frokost", "lunch"), ("kollega", "colleague")],
              "weather": [("vejr", "weather"), ("regn", "rain"), ("sol", "sun"), ("sommer", "summer"),
                          ("vinter", "winter"), ("ferie", "holiday")]}
    rows = []
    for n in range(120):
        theme = list(themes)[n % 3]
        lang = "da" if (n // 3) % 2 else "en"
        pairs = [themes[theme][i] for i in rng.choice(6, size=4, replace=False)]
        rows.append({"id": f"t{n}", "lang": lang, "theme": theme,
                     "lemmas": " ".join(da if lang == "da" else en for da, en in pairs)})
    return pd.DataFrame(rows)


def test_lexicon_reduces_language_split():
    turns = bilingual_turns()
    plain = NMFThemes(3, lexicon=None).fit(turns)
    merged = NMFThemes(3).fit(turns)  # "auto": both languages present -> da-en lexicon
    assert merged.lexicon_ is not None and plain.lexicon_ is None
    s_plain = split_index(plain.transform(turns), turns)
    s_merged = split_index(merged.transform(turns), turns)
    assert s_plain > 0.15
    assert s_merged < 0.05
    # with k chosen by the criterion, the unmerged model finds only language-pure themes
    auto_plain = NMFThemes(None, k_range=(2, 8), lexicon=None).fit(turns)
    auto_merged = NMFThemes(None, k_range=(2, 8)).fit(turns)
    assert split_index(auto_plain.transform(turns), turns) == pytest.approx(0.5)
    assert auto_merged.n_themes_ == 3 and split_index(auto_merged.transform(turns), turns) < 0.05
    # with the lexicon the two themes are the planted ones, not the two languages
    dom = merged.transform(turns).sort_values("weight", ascending=False).drop_duplicates("id").set_index("id")
    purity = pd.crosstab(dom["theme"], turns.set_index("id").loc[dom.index, "theme"]).max(axis=1).sum() / len(dom)
    assert purity == 1.0
