import numpy as np
import pytest

from stacey.dynamics.uptake import uptake, uptake_summary, uptake_tables


def test_uptake_baseline_hand_computed(small_thread):
    turns, weights = small_thread
    u = uptake(turns, weights).set_index("response_id")
    # t2 answers the opening turn: no other earlier turn -> no baseline
    assert u.loc["t2", "n_baseline"] == 0 and np.isnan(u.loc["t2", "lemma_overlap_pct"])
    # t3 (speaker c) answers t2; the only candidate is t1 (by a): overlap(t1, t3) = 0/3
    assert u.loc["t3", "n_baseline"] == 1
    assert u.loc["t3", "lemma_overlap"] == pytest.approx(1 / 3)
    assert u.loc["t3", "lemma_overlap_baseline_mean"] == 0.0
    assert u.loc["t3", "lemma_overlap_pct"] == 1.0
    # t4 (speaker a) answers t3; t1 is a's own turn, so only t2 (b): overlap(t2, t4) = 0
    assert u.loc["t4", "n_baseline"] == 1
    assert u.loc["t4", "lemma_overlap_baseline_mean"] == 0.0
    # theme similarity baseline for t4: cos(t2, t4) = (.5*.6)/(sqrt(.5)*sqrt(.52))
    assert u.loc["t4", "theme_similarity_baseline_mean"] == pytest.approx(0.3 / (np.sqrt(0.5) * np.sqrt(0.52)))
    assert u.loc["t4", "theme_similarity"] == pytest.approx(0.6 / np.sqrt(0.52))


def test_uptake_summary_p_value(small_thread):
    turns, weights = small_thread
    s = uptake_summary(turns, weights, n_perm=99).set_index("measure")
    row = s.loc["lemma_overlap"]
    assert row["n_edges"] == 2
    assert row["observed_mean"] == pytest.approx((1 / 3 + 1 / 2) / 2)
    assert row["baseline_mean"] == 0.0
    assert row["p_value"] == pytest.approx(1 / 100)


def test_uptake_above_chance_on_synthetic_threads(make_turns):
    # replies that repeat their gesture's words against replies that do not
    rows = []
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(60)]
    for c in range(6):
        prev = None
        for k in range(8):
            fresh = [f"c{c}k{k}x{j}" for j in range(3)]  # new words of this turn
            words = fresh + (prev[:2] if prev is not None else list(rng.choice(vocab, size=2, replace=False)))
            rows.append({"id": f"c{c}t{k}", "conv": f"c{c}", "speaker": f"s{k % 3}", "time": 10 * k,
                         "reply_to": f"c{c}t{k - 1}" if k else None, "lemmas": " ".join(words)})
            prev = fresh
    turns = make_turns(rows)
    per_edge, summary = uptake_tables(turns, n_perm=200, random_state=3)
    lo = summary.set_index("measure").loc["lemma_overlap"]
    assert lo["observed_mean"] > lo["baseline_mean"] + 0.2
    assert lo["p_value"] < 0.01
    assert (per_edge["lemma_overlap_pct"].dropna() == 1.0).mean() > 0.8


def test_uptake_deterministic_and_pool_cap(small_thread):
    turns, weights = small_thread
    a = uptake(turns, weights, random_state=5, max_pool=1)
    b = uptake(turns, weights, random_state=5, max_pool=1)
    assert a.equals(b)
    assert a["n_baseline"].max() <= 1
