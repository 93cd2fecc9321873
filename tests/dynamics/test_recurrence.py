import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.recurrence import determinism, recurrence, recurrence_matrix


def table():
    turns = pd.DataFrame({"id": ["a", "b", "c"], "conversation_id": ["x"] * 3, "reply_to": [None, "a", "b"],
                          "speaker": ["p", "q", "p"], "turn": [0, 1, 2],
                          "lemmas": ["plan budget", "budget cut", "plan"]})
    weights = pd.DataFrame({"id": ["a", "a", "b", "c"], "theme": ["T1", "T2", "T2", "T1"],
                            "weight": [0.6, 0.8, 1.0, 1.0]})
    return turns, weights


def test_matrix_hand_computed():
    turns, weights = table()
    ids, R = recurrence_matrix(turns, weights, conversation_id="x")
    assert ids == ["a", "b", "c"]
    # a = (.6, .8) has norm 1; b = (0, 1); c = (1, 0)
    np.testing.assert_allclose(R, [[1, 0.8, 0.6], [0.8, 1, 0], [0.6, 0, 1]])


def test_forward_backward_self_other_hand_computed():
    turns, weights = table()
    out = recurrence(turns, weights).set_index("id")
    assert list(out.reset_index().columns) == ["id", "conversation_id", "forward_self", "forward_other",
                                               "backward_self", "backward_other"]
    # a (p): later turns b (q, .8) and c (p, .6), 2 of them
    assert out.loc["a", "forward_self"] == pytest.approx(0.6 / 2)
    assert out.loc["a", "forward_other"] == pytest.approx(0.8 / 2)
    # c (p): earlier a (p, .6), b (q, 0)
    assert out.loc["c", "backward_self"] == pytest.approx(0.3)
    assert out.loc["c", "backward_other"] == pytest.approx(0.0)
    assert np.isnan(out.loc["c", "forward_self"]) and np.isnan(out.loc["a", "backward_other"])


def test_lemma_vectors():
    turns, _ = table()
    ids, R = recurrence_matrix(turns, None, conversation_id="x", vectors="lemmas")
    assert R[0, 1] > 0 and R[1, 2] == 0 and R[0, 2] > 0
    np.testing.assert_allclose(np.diag(R), 1.0)


def test_determinism_hand_computed():
    # themes repeat in a run: turns 0,1 (T1, T2) recur as 2,3 (T1, T2): recurrent pairs (0,2), (1,3) on one
    # diagonal (length 2) and nothing else -> determinism 1; recurrence rate 2 / 6
    turns = pd.DataFrame({"id": list("abcde"), "conversation_id": ["x"] * 5, "turn": range(5)})
    weights = pd.DataFrame({"id": list("abcde"), "theme": ["T1", "T2", "T1", "T2", "T3"], "weight": [1.0] * 5})
    out = determinism(turns.iloc[:4], weights)
    assert out.loc[0, "recurrence_rate"] == pytest.approx(2 / 6)
    assert out.loc[0, "determinism"] == pytest.approx(1.0)
    # an isolated recurrence: a and d share T1 only -> 1 point, not on a line of length 2
    w2 = pd.DataFrame({"id": list("abcd"), "theme": ["T1", "T2", "T3", "T1"], "weight": [1.0] * 4})
    out2 = determinism(turns.iloc[:4], w2)
    assert out2.loc[0, "recurrence_rate"] == pytest.approx(1 / 6)
    assert out2.loc[0, "determinism"] == pytest.approx(0.0)


@pytest.mark.parametrize("vectors", ["themes", "lemmas"])
def test_determinism_of_all_conversations_equals_one_by_one(vectors):
    # determinism computes the vectors once for the corpus; the result must be that of each conversation's matrix
    rng = np.random.default_rng(4)
    n = 90
    convs = [f"c{int(k)}" for k in rng.integers(0, 7, n)]
    words = ["plan", "budget", "cut", "coffee", "cake", "system", "login"]
    turns = pd.DataFrame({"id": [f"t{i}" for i in range(n)], "conversation_id": convs, "turn": range(n),
                          "lemmas": [" ".join(rng.choice(words, 3)) for _ in range(n)]})
    weights = pd.DataFrame({"id": [f"t{i}" for i in range(n) for _ in range(2)],
                            "theme": [f"T{int(k)}" for k in rng.integers(1, 5, 2 * n)],
                            "weight": rng.random(2 * n)})
    got = determinism(turns, weights, vectors=vectors, threshold=0.4)
    for row in got.itertuples():
        _ids, R = recurrence_matrix(turns, weights, conversation_id=row.conversation_id, vectors=vectors)
        iu = np.triu_indices(len(R), k=1)
        assert row.n_turns == len(R)
        assert row.recurrence_rate == pytest.approx((R[iu] >= 0.4).sum() / len(iu[0]))
    assert got["conversation_id"].tolist() == sorted(set(convs))  # conversations in sorted order, as before
