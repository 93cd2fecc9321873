from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stacey.errors import FormatError, SchemaError
from stacey.themes import Codebook

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "themes" / "codebook.yaml"


def turns() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "lang": ["en", "da", "da", "en"],
        "lemmas": ["cost cut budget meeting rain", "møde dagsorden regn", "hund kat", "cost sun"],
    })


def test_weights_hand_computed():
    book = Codebook.from_yaml(FIXTURE).fit(turns())
    w = book.transform(turns())
    assert list(w.columns) == ["id", "theme", "weight"]
    got = {(r.id, r.theme): r.weight for r in w.itertuples()}
    # a: "cost cut" (phrase, not also "cost") + budget = 2 budget, 1 meeting, 1 weather -> 2/4, 1/4, 1/4
    assert got[("a", "budget")] == pytest.approx(0.5)
    assert got[("a", "meetings")] == pytest.approx(0.25)
    assert got[("a", "weather")] == pytest.approx(0.25)
    # b: møde + dagsorden = 2 meetings, regn = 1 weather
    assert got[("b", "meetings")] == pytest.approx(2 / 3)
    assert got[("b", "weather")] == pytest.approx(1 / 3)
    assert "c" not in set(w["id"])
    assert got[("d", "budget")] == pytest.approx(0.5)
    np.testing.assert_allclose(w.groupby("id")["weight"].sum(), 1.0)


def test_themes_table():
    book = Codebook.from_yaml(FIXTURE).fit(turns())
    t = book.themes_.set_index("theme")
    assert list(book.themes_.columns[:4]) == ["theme", "label", "top_terms", "n_turns"]
    assert t.loc["budget", "label"] == "Budget and cuts"
    assert t.loc["budget", "n_turns"] == 2
    assert t.loc["budget", "top_terms"] == "budget; cost; cost cut"  # one match each, ties alphabetical
    assert t.loc["meetings", "languages"] == "en,da"
    assert t.loc["weather", "languages"] == "any"


def test_by_language_matches_only_the_turns_language():
    book = Codebook({"themes": {"x": {"terms": {"en": ["gift"], "da": ["gave"]}}}}, by_language=True)
    t = pd.DataFrame({"id": ["1", "2"], "lang": ["en", "da"], "lemmas": ["gift gave", "gift"]})
    w = book.fit_transform(t)
    assert w["id"].tolist() == ["1"]  # "gift" in a Danish turn (poison) is not the English "gift"
    both = Codebook({"themes": {"x": {"terms": {"en": ["gift"], "da": ["gave"]}}}}).fit_transform(t)
    assert both["id"].tolist() == ["1", "2"]


def test_deterministic():
    a = Codebook.from_yaml(FIXTURE).fit_transform(turns())
    b = Codebook.from_yaml(FIXTURE).fit_transform(turns())
    pd.testing.assert_frame_equal(a, b)


def test_bad_codebooks_name_file_and_place(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes:\n  x:\n    terms: [a, 3]\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad.yaml, themes.x.terms.any"):
        Codebook.from_yaml(bad)
    bad.write_text("themes: [a, b\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad.yaml, line \d+"):
        Codebook.from_yaml(bad)
    bad.write_text("labels: {}\n", encoding="utf-8")
    with pytest.raises(FormatError, match="'themes' mapping"):
        Codebook.from_yaml(bad)
    with pytest.raises(SchemaError, match="run stacey.annotate first"):
        Codebook.from_yaml(FIXTURE).fit(pd.DataFrame({"id": ["a"]}))


def test_terms_matched_in_their_lemma_form():
    # the lookup lemmatizer turns "viden" into "vide" and "sharing" into "share" in the turns' lemmas
    book = {"themes": {"knowledge": {"terms": {"da": ["viden"], "en": ["sharing"]}}, "other": {"terms": ["hund"]}}}
    t = pd.DataFrame({"id": ["a", "b", "c"], "lang": ["da", "en", "da"], "lemmas": ["vide hund", "share", "kat"]})
    w = Codebook(book).fit_transform(t)
    got = {(r.id, r.theme): r.weight for r in w.itertuples()}
    assert got == {("a", "knowledge"): 0.5, ("a", "other"): 0.5, ("b", "knowledge"): 1.0}
    fitted = Codebook(book).fit(t)
    # top terms are listed as the researcher wrote them
    assert fitted.themes_.set_index("theme").loc["knowledge", "top_terms"] == "sharing; viden"
    plain = Codebook(book, lemmatize=False).fit_transform(t)
    assert set(zip(plain["id"], plain["theme"])) == {("a", "other")}


def test_wildcard_terms_match_prefixes():
    book = {"themes": {"volunteers": {"terms": ["borgerhjælper*", "hjælpe borgerhjælper*"]}}}
    t = pd.DataFrame({"id": ["a", "b", "c"], "lemmas": ["borgerhjælperne mødes", "hjælpe borgerhjælpere", "borger"]})
    book_ = Codebook(book).fit(t)
    w = book_.transform(t)
    assert list(w["id"]) == ["a", "b"] and (w["weight"] == 1.0).all()
    # the phrase takes both lemmas of b, so b has one match, not two
    assert book_.themes_.loc[0, "n_matches"] == 2
    # a star anywhere: Danish compounds with the word as head or first part
    shifts = {"themes": {"rota": {"terms": ["*vagt*"]}}}
    t2 = pd.DataFrame({"id": ["a", "b", "c", "d"], "lemmas": ["morgenvagt", "vagtplan", "vagt", "vagabond"]})
    assert list(Codebook(shifts).fit_transform(t2)["id"]) == ["a", "b", "c"]


def test_vocabulary_lists_every_matched_form():
    book = {"themes": {"knowledge": {"terms": {"da": ["viden", "del*"]}}}}
    t = pd.DataFrame({"id": ["a"], "lang": ["da"], "lemmas": ["vide"]})
    assert Codebook(book).fit(t).vocabulary_ == {"knowledge": ["del*", "vide", "viden"]}
