import numpy as np
import pandas as pd
import pytest

from stacey.dynamics import edges as edges_module
from stacey.dynamics._common import mixture_matrix
from stacey.dynamics._pairs import lemma_sets, shared_counts, theme_rows
from stacey.dynamics.uptake import _uptake


def test_lemma_sets_and_shared_counts_hand_computed():
    lemmas = pd.Series(["plan budget plan", None, "budget coffee", "", "coffee plan budget"], dtype="string")
    sets = lemma_sets(lemmas)
    assert list(sets.sizes) == [2, 0, 2, 0, 3]
    # {plan, budget} & {budget, coffee} = {budget}; {budget, coffee} & {coffee, plan, budget} = 2; empty rows 0
    got = shared_counts(sets, np.array([0, 2, 1, 4, 0]), np.array([2, 4, 0, 3, 4]))
    assert list(got) == [1, 2, 0, 0, 2]
    assert shared_counts(sets, np.array([], dtype=int), np.array([], dtype=int)).size == 0


def test_lemma_sets_agree_with_python_sets():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    lemmas = pd.Series([" ".join(rng.choice(words, size=rng.integers(0, 9))) for _ in range(200)], dtype="string")
    py = [set(x.split()) for x in lemmas]
    sets = lemma_sets(lemmas)
    a, b = rng.integers(0, 200, size=500), rng.integers(0, 200, size=500)
    assert shared_counts(sets, a, b).tolist() == [len(py[i] & py[j]) for i, j in zip(a, b, strict=True)]
    assert sets.sizes.tolist() == [len(x) for x in py]


def test_theme_rows_equal_mixture_matrix():
    ids = pd.Series(["a", "b", "c", "d"], dtype="string")
    weights = pd.DataFrame({"id": ["a", "a", "c", "zz", "c"], "theme": ["T2", "T1", "T1", "T1", "T1"],
                            "weight": [0.25, 0.75, 0.5, 1.0, 0.25]}).astype({"id": "string", "theme": "string"})
    rows = theme_rows(ids, weights)
    dense, themes = mixture_matrix(ids, weights)
    assert rows.themes == themes == ["T1", "T2"]
    np.testing.assert_array_equal(rows.take(np.arange(4)), dense)
    np.testing.assert_array_equal(rows.take(np.array([3, 0, 0])), dense[[3, 0, 0]])
    # c's two T1 rows are summed; b and d have no weights: NaN
    assert rows.take(np.array([2]))[0].tolist() == [0.75, 0.0]
    assert np.isnan(rows.take(np.array([1, 3]))).all()
    assert rows.take(np.array([], dtype=int)).shape == (0, 2)
    assert theme_rows(ids, None).take(np.array([0, 1])).shape == (2, 0)


def test_index_in_nulls_never_match():
    from stacey.turns import index_in

    values = pd.Series(["x", "y", None, "z"], dtype="string")
    names = pd.Series(["z", "q", None, "x"], dtype="string")
    assert list(index_in(names, values)) == [3, -1, -1, 0]
    assert list(index_in(pd.Index(["y"]), values)) == [1]


def _threads(make_turns, make_weights):
    rng = np.random.default_rng(2)
    rows, mix = [], {}
    for c in range(5):
        for k in range(12):
            tid = f"c{c}t{k}"
            rows.append({"id": tid, "conv": f"c{c}", "speaker": f"s{rng.integers(0, 4)}", "time": 5 * k,
                         "reply_to": f"c{c}t{rng.integers(0, k)}" if k else None,
                         "lemmas": " ".join(rng.choice([f"w{i}" for i in range(15)], size=rng.integers(1, 6))),
                         "sentiment": float(rng.uniform(-1, 1))})
            if k % 5:
                mix[tid] = {f"T{j}": float(rng.uniform()) for j in range(3)}
    return make_turns(rows), make_weights(mix)


def test_edges_do_not_depend_on_block_size(make_turns, make_weights, monkeypatch):
    turns, weights = _threads(make_turns, make_weights)
    whole = edges_module.edges(turns, weights)
    monkeypatch.setattr(edges_module, "BLOCK", 3)
    pd.testing.assert_frame_equal(edges_module.edges(turns, weights), whole, check_exact=True)


def test_uptake_does_not_depend_on_block_size(make_turns, make_weights):
    turns, weights = _threads(make_turns, make_weights)
    per_edge, summary = _uptake(turns, weights, max_pool=4, random_state=1, edges=None, n_perm=50)
    small = _uptake(turns, weights, max_pool=4, random_state=1, edges=None, n_perm=50, max_pairs=1)
    pd.testing.assert_frame_equal(small[0], per_edge, check_exact=True)
    pd.testing.assert_frame_equal(small[1], summary, check_exact=True)
    assert (per_edge["n_baseline"] <= 4).all() and per_edge["n_baseline"].max() == 4
    assert summary["n_edges"].gt(0).all() and summary["baseline_mean"].notna().all()


def test_uptake_summary_running_sums_hand_computed(small_thread):
    turns, weights = small_thread
    _, summary = _uptake(turns, weights, max_pool=200, random_state=0, edges=None, n_perm=10)
    row = summary.set_index("measure").loc["theme_similarity"]
    # two edges with candidates (t3: {t1}, t4: {t2}), one candidate each: every permutation mean is fixed
    expected = (0.0 + 0.3 / (np.sqrt(0.5) * np.sqrt(0.52))) / 2
    assert row["n_edges"] == 2
    assert row["baseline_mean"] == pytest.approx(expected)
    assert row["baseline_sd"] == pytest.approx(0.0, abs=1e-15)
