import pandas as pd
import pytest

from stacey.themes import NMFThemes, theme_recovery


def test_recovery_hand_computed():
    themes = pd.DataFrame({"theme": ["T01", "T02"], "label": ["x", "y"],
                           "top_terms": ["rain; sun; budget; dog", "cost; meeting/møde; budget; cat"]})
    out = theme_recovery(themes, {"weather": ["rain", "sun"], "budget": ["budget", "cost", "money"]}, n_top=4)
    row = out.set_index("planted")
    assert row.loc["weather", "theme"] == "T01" and row.loc["weather", "precision"] == pytest.approx(0.5)
    assert row.loc["weather", "recall"] == pytest.approx(1.0)
    assert row.loc["budget", "theme"] == "T02" and row.loc["budget", "precision"] == pytest.approx(0.5)
    assert row.loc["budget", "recall"] == pytest.approx(2 / 3)
    assert row.loc["budget", "matched_terms"] == "cost; budget"


def test_recovery_of_planted_themes(planted, vocab):
    out = theme_recovery(NMFThemes(3).fit(planted).themes_, vocab, n_top=8)
    assert (out["precision"] == 1.0).all() and out["theme"].nunique() == 3


def test_recovery_wildcard_terms():
    themes = pd.DataFrame({"theme": ["T01"], "label": ["x"], "top_terms": ["borgerhjælperne; kaffe; nabolag"]})
    out = theme_recovery(themes, {"community": ["borgerhjælper*", "nabo*", "frivillig"]}, n_top=3)
    assert out.loc[0, "precision"] == pytest.approx(2 / 3)
    assert out.loc[0, "matched_terms"] == "borgerhjælperne; nabolag"
