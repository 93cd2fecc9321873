import math

import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.segment import (
    COEFFICIENTS,
    FEATURES,
    boundary_features,
    boundary_scores,
    fit_boundary_model,
    theme_boundaries,
    tiling_scores,
    topic_tiling,
)
from stacey.errors import SchemaError


def tiny():
    turns = pd.DataFrame({"id": ["t0", "t1", "t2"], "conversation_id": ["c"] * 3, "turn": [0, 1, 2],
                          "lemmas": ["cake sweet", "cake sweet", "dog walk"],
                          "text": ["Cake is sweet.", "So sweet, cake.", "Do you walk your dog?"]})
    weights = pd.DataFrame({"id": ["t0", "t1", "t1", "t2"], "theme": ["T1", "T1", "T2", "T2"],
                            "weight": [1.0, 0.6, 0.8, 1.0]})
    return turns, weights


def test_features_hand_computed():
    turns, weights = tiny()
    f = boundary_features(turns, weights, window=1)
    assert list(f.columns) == ["conversation_id", "id", "turn", *FEATURES]
    f = f.set_index("id")
    # t1 has the same lemmas as t0 (cos 1) and none of t2's; theme vectors (.6, .8) vs (1, 0) and (0, 1)
    assert f.loc["t1", "lex_back"] == pytest.approx(1.0)
    assert f.loc["t1", "lex_fwd"] == pytest.approx(0.0)
    assert f.loc["t1", "sem_back"] == pytest.approx(0.6)
    assert f.loc["t1", "sem_fwd"] == pytest.approx(0.8)
    assert f.loc["t2", "asks"] == 1.0 and f.loc["t2", "prev_asks"] == 0.0 and f.loc["t1", "asks"] == 0.0
    s = boundary_scores(turns, weights, window=1).set_index("id")
    b = COEFFICIENTS
    z = b["intercept"] + b["sem_back"] * 0.8 + b["asks"] * 1.0  # t2: lex 0 both sides, sem_back = cos((.6,.8),(0,1))
    assert s.loc["t2", "score"] == pytest.approx(1 / (1 + math.exp(-z)))
    assert s.loc["t0", "score"] == 0.0  # an opening turn never opens a new segment


def planted_conversation():
    budget = ["budget cut saving cost", "cost budget money", "saving money cut", "budget money cost",
              "cut saving budget"]
    weather = ["rain weather cold", "cold rain umbrella", "weather umbrella sun", "sun rain cold"]
    texts = ["The budget cut.", "Costs.", "Savings.", "Money.", "Cuts.",
             "What about the weather, rain?", "Cold.", "Umbrella!", "Sun."]
    rows = []
    for c in range(3):
        for i, (lem, text) in enumerate(zip(budget + weather, texts, strict=True)):
            rows.append({"id": f"{c}-{i}", "conversation_id": f"c{c}", "turn": i, "lemmas": lem, "text": text,
                         "reply_to": f"{c}-{i - 1}" if i else None})
    return pd.DataFrame(rows)


def test_planted_shift_found():
    turns = planted_conversation()
    out = theme_boundaries(turns)
    assert list(out.columns) == ["conversation_id", "id", "signal", "score"]
    assert set(out["signal"]) == {"theme"}
    # every conversation: a boundary at the first weather turn and nowhere else
    assert sorted(out["id"]) == ["0-5", "1-5", "2-5"]


def test_deterministic_and_errors():
    turns = planted_conversation()
    pd.testing.assert_frame_equal(boundary_scores(turns), boundary_scores(turns.sample(frac=1, random_state=1)))
    with pytest.raises(SchemaError, match="run stacey.annotate first"):
        theme_boundaries(turns.drop(columns="lemmas"))


def test_fit_boundary_model_learns_direction():
    turns = planted_conversation()
    f = boundary_features(turns)
    labels = f["id"].str.endswith("-5").to_numpy()
    coef = fit_boundary_model(f, labels)
    assert set(coef) == {"intercept", *FEATURES}
    assert coef["lex_back"] < 0 and coef["asks"] > 0
    assert np.isfinite(list(coef.values())).all()


def tiling_case():
    """Themes A A - A B B B in one conversation (t2 carries no theme), and one single-theme conversation."""
    turns = pd.DataFrame({"id": [f"t{i}" for i in range(7)] + ["u0", "u1", "u2"],
                          "conversation_id": ["c"] * 7 + ["d"] * 3, "turn": list(range(7)) + [0, 1, 2]})
    themes = {"t0": "A", "t1": "A", "t3": "A", "t4": "B", "t5": "B", "t6": "B", "u0": "A", "u1": "A", "u2": "A"}
    weights = pd.DataFrame({"id": list(themes), "theme": list(themes.values()), "weight": 1.0})
    return turns, weights


def test_tiling_scores_hand_computed():
    turns, weights = tiling_case()
    s = tiling_scores(turns, weights, window=2)
    c = s.loc[s["conversation_id"] == "c"].set_index("id")
    # theme-carrying turns t0 t1 t3 t4 t5 t6; gap before t1: A vs A+A; before t3: 2A vs A+B; before t4: 2A vs 2B
    r = 1 / math.sqrt(2)
    assert list(c.index) == ["t1", "t3", "t4", "t5", "t6"]
    assert c["cohesion"].tolist() == pytest.approx([1.0, r, 0.0, r, 1.0])
    # depth at t4: (1 - 0) + (1 - 0), walking up to the peaks on both sides; at t3: (1 - r) on the left only
    assert c["depth"].tolist() == pytest.approx([0.0, 1 - r, 2.0, 1 - r, 0.0])
    assert c["minimum"].tolist() == [False, False, True, False, False]
    d = s.loc[s["conversation_id"] == "d"]
    assert d["cohesion"].tolist() == pytest.approx([1.0, 1.0]) and (d["depth"] == 0).all()


def test_topic_tiling_hand_computed():
    turns, weights = tiling_case()
    b = topic_tiling(turns, weights, window=2)
    # depths 0, .293, 2, .293, 0: liberal cutoff mean - sd/2 = .517 - .376 = .141; only t4 is a deep minimum
    assert b["id"].tolist() == ["t4"] and b["conversation_id"].tolist() == ["c"]
    assert b["signal"].tolist() == ["theme"] and b["score"].tolist() == pytest.approx([2.0])
    assert topic_tiling(turns, weights, window=2, cutoff=2.5).empty
    assert topic_tiling(turns, weights, window=2, cutoff="conservative")["id"].tolist() == ["t4"]
    # input order does not matter, and the input is not changed
    shuffled = turns.iloc[::-1]
    before = shuffled.copy()
    assert topic_tiling(shuffled, weights, window=2)["id"].tolist() == ["t4"]
    pd.testing.assert_frame_equal(shuffled, before)
    with pytest.raises(ValueError):
        topic_tiling(turns, weights, cutoff="sometimes")
    with pytest.raises(ValueError):
        tiling_scores(turns, weights, window=0)


def _corpus(n: int = 300, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    words = [f"w{k:02d}" for k in range(40)] + ["Æble", "zeta", "alpha"]
    return ["" if rng.random() < 0.1 else " ".join(rng.choice(words, rng.integers(1, 12))) for _ in range(n)]


def test_tfidf_by_blocks_equals_the_fitted_vectorizer_bit_for_bit():
    from sklearn.preprocessing import normalize

    from stacey.dynamics.segment import _tfidf_fit, _tfidf_rows, _vectorizer

    docs = _corpus()
    whole = normalize(_vectorizer().fit_transform(docs), copy=False)
    fitted = _tfidf_fit(iter(docs))
    for start in range(0, len(docs), 70):
        part = _tfidf_rows(docs[start:start + 70], *fitted)
        want = whole[start:start + 70]
        # the same entries in the same storage order, so the same row norms
        np.testing.assert_array_equal(part.indptr, want.indptr)
        np.testing.assert_array_equal(part.indices, want.indices)
        np.testing.assert_array_equal(part.data, want.data)
    assert _tfidf_fit(iter(["", ""])) is None


def test_boundary_features_do_not_depend_on_the_block_size(monkeypatch):
    import stacey.dynamics.segment as segment

    docs = _corpus(120, seed=1)
    turns = pd.DataFrame({"id": [f"t{k}" for k in range(120)], "conversation_id": [f"c{k // 7}" for k in range(120)],
                          "turn": [k % 7 for k in range(120)], "lemmas": docs,
                          "text": ["?" if k % 5 == 0 else "ok" for k in range(120)]})
    weights = pd.DataFrame({"id": [f"t{k}" for k in range(0, 120, 2)], "theme": ["T1", "T2"] * 30,
                            "weight": np.linspace(0.1, 1, 60)})
    one_block = boundary_features(turns, weights)
    monkeypatch.setattr(segment, "BLOCK_TURNS", 10)
    pd.testing.assert_frame_equal(boundary_features(turns, weights), one_block, check_exact=True)
