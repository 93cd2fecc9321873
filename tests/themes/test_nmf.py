import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix

from stacey.errors import SchemaError
from stacey.themes import NMFThemes
from stacey.themes.nmf import npmi_coherence, top_term_stability


def test_missing_lemmas_says_run_annotate():
    with pytest.raises(SchemaError, match="run stacey.annotate first"):
        NMFThemes(3).fit(pd.DataFrame({"id": ["a"], "text": ["hello"]}))


def test_planted_themes_recovered(planted, vocab):
    model = NMFThemes(3, random_state=0).fit(planted)
    themes = model.themes_
    assert list(themes.columns[:4]) == ["theme", "label", "top_terms", "n_turns"]
    assert list(themes["theme"]) == ["T01", "T02", "T03"]
    # each theme's top 5 terms come from one planted vocabulary, a different one each time
    matched = set()
    for terms in themes["top_terms"]:
        top = terms.split("; ")[:5]
        owners = {name for name, vocab in vocab.items() if set(top) <= set(vocab)}
        assert len(owners) == 1, top
        matched |= owners
    assert matched == set(vocab)
    weights = model.transform(planted)
    assert list(weights.columns) == ["id", "theme", "weight"]
    np.testing.assert_allclose(weights.groupby("id")["weight"].sum(), 1.0)
    assert (weights["weight"] > 0).all()
    # the dominant theme of each turn is the planted one
    dominant = weights.sort_values("weight", ascending=False).drop_duplicates("id").set_index("id")["theme"]
    owner = {row.theme: next(n for n, v in vocab.items() if row.top_terms.split("; ")[0] in v)
             for row in themes.itertuples()}
    got = planted.set_index("id")["planted"]
    assert (dominant.map(owner) == got.reindex(dominant.index)).mean() == 1.0
    assert themes["n_turns"].sum() >= len(planted)


def test_k_chosen_by_coherence_and_stability(planted):
    model = NMFThemes(None, random_state=0, k_range=(2, 6)).fit(planted)
    assert model.n_themes_ == 3
    scores = model.k_scores_
    assert list(scores.columns) == ["k", "coherence", "stability", "score"]
    by_k = scores.set_index("k")
    assert by_k.loc[3, "stability"] > 0.9
    assert by_k["score"].idxmax() == 3 and by_k["stability"].idxmax() == 3


def test_deterministic_given_seed(planted):
    a = NMFThemes(None, random_state=7, k_range=(2, 5)).fit_transform(planted)
    b = NMFThemes(None, random_state=7, k_range=(2, 5)).fit_transform(planted)
    pd.testing.assert_frame_equal(a, b)
    ta = NMFThemes(3, random_state=7).fit(planted).themes_
    tb = NMFThemes(3, random_state=7).fit(planted).themes_
    pd.testing.assert_frame_equal(ta, tb)


def test_online_fit_recovers_the_same_themes(planted, vocab):
    model = NMFThemes(3, random_state=0, online=True, batch_size=16).fit(planted)
    tops = [set(t.split("; ")[:4]) for t in model.themes_["top_terms"]]
    assert sorted(next(n for n, v in vocab.items() if top <= set(v)) for top in tops) == sorted(vocab)


def test_input_not_mutated_and_empty_turn_has_no_rows(planted):
    turns = pd.concat([planted, pd.DataFrame([{"id": "empty", "conversation_id": "c0", "lemmas": ""}])],
                      ignore_index=True)
    before = turns.copy()
    weights = NMFThemes(3).fit_transform(turns)
    pd.testing.assert_frame_equal(turns, before)
    assert "empty" not in set(weights["id"])


def test_npmi_hand_computed():
    # 4 documents, terms a, b: a in docs 0,1; b in docs 0,2
    X = csr_matrix(np.array([[1, 1], [1, 0], [0, 1], [0, 0]], dtype=float))
    # P(a)=P(b)=1/2, P(a,b)=1/4 -> PMI = log(1/4 / 1/4) = 0 -> NPMI 0
    assert npmi_coherence(X, [[0, 1]]) == pytest.approx(0.0)
    X2 = csr_matrix(np.array([[1, 1], [1, 1], [0, 0], [0, 0]], dtype=float))
    # P(a)=P(b)=P(a,b)=1/2 -> log(2) / log(2) = 1
    assert npmi_coherence(X2, [[0, 1]]) == pytest.approx(1.0)
    X3 = csr_matrix(np.array([[1, 0], [0, 1]], dtype=float))
    assert npmi_coherence(X3, [[0, 1]]) == pytest.approx(-1.0)


def test_stability_hand_computed():
    ref = [[0, 1], [2, 3]]
    # the resample swaps the themes and shares one term of two with theme 2: J = 1 and 1/3
    other = [[[2, 4], [1, 0]]]
    assert top_term_stability(ref, other) == pytest.approx((1 + 1 / 3) / 2)


@pytest.mark.parametrize("online", [False, True])
def test_blocks_give_the_same_tables_as_one_block(planted, monkeypatch, online):
    # documents, TF-IDF rows and mixtures are made a block of turns at a time; any block size gives the same tables
    from stacey.themes import nmf

    turns = pd.concat([planted, pd.DataFrame([{"id": "empty", "conversation_id": "c0", "lemmas": ""}])],
                      ignore_index=True)
    whole = NMFThemes(3, random_state=0, online=online, batch_size=16)
    w_whole = whole.fit_transform(turns)
    monkeypatch.setattr(nmf, "_BLOCK", 7)
    small = NMFThemes(3, random_state=0, online=online, batch_size=16)
    w_small = small.fit_transform(turns)
    pd.testing.assert_frame_equal(w_small, w_whole, check_exact=True)
    pd.testing.assert_frame_equal(small.themes_, whole.themes_, check_exact=True)
    pd.testing.assert_frame_equal(small.transform(turns), w_whole, check_exact=True)
    assert w_whole["id"].dtype == "string" and w_whole["theme"].dtype == "string"


def test_fit_transform_is_fit_then_transform(planted):
    model = NMFThemes(3, random_state=0)
    pd.testing.assert_frame_equal(model.fit_transform(planted), NMFThemes(3, random_state=0).fit(planted)
                                  .transform(planted), check_exact=True)
