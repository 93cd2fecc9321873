import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.edges import cosine_rows, edges, jsd


def test_jsd_hand_computed():
    # P=(1,0), Q=(.5,.5), M=(.75,.25): KL(P||M)=log2(4/3), KL(Q||M)=.5*log2(2/3)+.5*log2(2)
    expected = 0.5 * np.log2(4 / 3) + 0.5 * (0.5 * np.log2(2 / 3) + 0.5)
    assert jsd([[1, 0]], [[0.5, 0.5]])[0] == pytest.approx(expected)
    assert expected == pytest.approx(0.3112781, abs=1e-6)
    assert jsd([[1, 0]], [[0, 1]])[0] == pytest.approx(1.0)
    assert jsd([[0.2, 0.8]], [[0.2, 0.8]])[0] == pytest.approx(0.0)
    assert np.isnan(jsd([[0, 0]], [[0, 1]])[0])
    # unnormalised rows are normalised first
    assert jsd([[2, 2]], [[1, 0]])[0] == pytest.approx(expected)


def test_cosine_rows():
    assert cosine_rows([[1, 0]], [[0.5, 0.5]])[0] == pytest.approx(1 / np.sqrt(2))
    assert np.isnan(cosine_rows([[0, 0]], [[1, 0]])[0])


def test_edges_columns_and_values(small_thread):
    turns, weights = small_thread
    e = edges(turns, weights)
    assert list(e["response_id"]) == ["t2", "t3", "t4"]
    assert list(e["gesture_id"]) == ["t1", "t2", "t3"]
    first = e.iloc[0]
    assert first["lemma_overlap"] == pytest.approx(2 / 3)
    assert first["lemma_jaccard"] == pytest.approx(2 / 4)
    assert first["latency_s"] == 600.0
    assert first["gesture_sentiment"] == 0.5 and first["response_sentiment"] == -0.6
    assert first["theme_similarity"] == pytest.approx(1 / np.sqrt(2))
    assert first["theme_jsd"] == pytest.approx(0.3112781, abs=1e-6)
    assert first["gesture_theme"] == "A"
    assert e.iloc[2]["lemma_overlap"] == pytest.approx(1 / 2)
    assert e.iloc[2]["response_theme"] == "B"
    assert not e["self_reply"].any()
    assert list(e["gesture_n_lemmas"]) == [3, 3, 2]


def test_edges_without_weights_or_lemmas_and_missing_parent(make_turns):
    turns = make_turns([
        {"id": "x", "speaker": "a", "time": 0},
        {"id": "y", "speaker": "a", "time": 5, "reply_to": "x"},
    ])
    turns = pd.concat([turns, turns.iloc[[1]].assign(id="z", reply_to=pd.NA, missing_parent="gone")],
                      ignore_index=True)
    e = edges(turns)
    assert len(e) == 1 and bool(e.loc[0, "self_reply"])
    assert e["theme_similarity"].isna().all() and e["lemma_overlap"].isna().all()


def test_edges_does_not_mutate(small_thread):
    turns, weights = small_thread
    before = turns.copy()
    edges(turns, weights)
    pd.testing.assert_frame_equal(turns, before)


def test_edges_from_named_pairs(small_thread):
    turns, weights = small_thread
    e = edges(turns, weights, pairs=pd.DataFrame({"gesture_id": ["t1"], "response_id": ["t4"]}))
    assert list(e["response_id"]) == ["t4"] and e.loc[0, "lemma_overlap"] == 0.0
    assert e.loc[0, "latency_s"] == 70 * 60
    with pytest.raises(KeyError, match="nope"):
        edges(turns, pairs=pd.DataFrame({"gesture_id": ["nope"], "response_id": ["t4"]}))
