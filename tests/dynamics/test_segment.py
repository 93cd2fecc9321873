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
