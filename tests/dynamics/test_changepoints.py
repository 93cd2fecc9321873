import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.changepoints import changepoints, detect_changes, noise_sigma, pelt_l2


def test_noise_sigma_hand_computed():
    # diffs of [0, 1, 0, 1, 0] are [1, -1, 1, -1]: sd (ddof 1) = sqrt(4/3)
    assert noise_sigma(np.array([0, 1, 0, 1, 0.0]))[0] == pytest.approx(np.sqrt(4 / 3) / np.sqrt(2))
    # a constant column has no noise; rounding noise is not noise
    assert noise_sigma(np.array([[1.0, 0.3], [1.0, 0.3 + 1e-17], [1.0, 0.3]])).tolist() == [0.0, 0.0]


def test_detect_single_mean_shift():
    rng = np.random.default_rng(0)
    x = np.r_[rng.normal(0, 1, 60), rng.normal(3, 1, 40)]
    found = detect_changes(x)
    assert len(found) == 1
    assert abs(found["position"].iloc[0] - 60) <= 2
    assert found["score"].iloc[0] == pytest.approx(3 / noise_sigma(x)[0], rel=0.3)
    assert found["penalty"].iloc[0] == pytest.approx(2.0 * 2 * np.log(100))


def test_no_change_in_noise_and_short_series():
    rng = np.random.default_rng(1)
    assert detect_changes(rng.normal(0, 1, 200)).empty
    assert detect_changes([0, 1, 0, 1, 9]).empty  # shorter than 2 * min_size


def test_changepoints_per_conversation_and_corpus(make_turns, make_weights):
    rows, mix = [], {}
    rng = np.random.default_rng(2)
    for k in range(24):
        s = -0.6 if k < 12 else 0.6
        rows.append({"id": f"t{k}", "speaker": f"s{k % 4}", "time": 30 * k,
                     "sentiment": float(np.clip(s + rng.normal(0, 0.1), -1, 1))})
        mix[f"t{k}"] = {"A": 0.9, "B": 0.1} if k < 16 else {"A": 0.1, "B": 0.9}
    # a second, calm conversation later in time
    for k in range(24, 30):
        rows.append({"id": f"t{k}", "conv": "c2", "speaker": "z", "time": 30 * k, "sentiment": 0.6})
    turns = make_turns(rows)
    cp = changepoints(turns, make_weights(mix), freq="h")
    assert list(cp.columns[:5]) == ["conversation_id", "id", "signal", "score", "time"]
    conv = cp.loc[cp["conversation_id"] == "c1"].set_index("signal")
    assert conv.loc["sentiment", "id"] == "t12"
    assert conv.loc["theme", "id"] == "t16"
    corpus = cp.loc[cp["conversation_id"] == "*"].set_index("signal")
    assert corpus.loc["sentiment", "id"] == "t12"
    assert corpus.loc["sentiment", "time"] == pd.Timestamp("2024-01-01 06:00", tz="UTC")


def test_changepoints_shift_signal_from_table(make_turns):
    turns = make_turns([{"id": f"t{k}", "speaker": "a", "time": k} for k in range(12)])
    shifts = pd.DataFrame({"id": [f"t{k}" for k in range(12)],
                           "step_shift": [0.05, 0.1, 0.05, 0.1, 0.05, 0.1, 0.9, 0.95, 0.9, 0.95, 0.9, 0.95]})
    cp = changepoints(turns, shifts=shifts, signals=["shift"], corpus=False)
    assert list(cp["id"]) == ["t6"] and list(cp["signal"]) == ["shift"]


@pytest.mark.parametrize("seed", range(6))
def test_pelt_l2_agrees_with_ruptures(seed):
    ruptures = pytest.importorskip("ruptures")
    rng = np.random.default_rng(seed)
    d = 1 + seed % 3
    means = rng.normal(0, 2, size=(4, d))
    lengths = rng.integers(5, 40, size=4)
    y = np.vstack([rng.normal(m, 1, size=(k, d)) for m, k in zip(means, lengths, strict=True)])
    for pen, m in [(2 * np.log(len(y)), 2), (8.0, 3), (1.0, 5)]:
        expected = ruptures.Pelt(model="l2", min_size=m, jump=1).fit(y).predict(pen=pen)
        got = pelt_l2(y, pen=pen, min_size=m)
        assert got == expected


def test_long_series_in_blocks_find_the_change_to_within_a_block():
    # a mean shift at turn 3,000 of 6,000; with max_points=1,000 the series is read in blocks of 6 turns
    import numpy as np
    import pandas as pd

    from stacey.dynamics.changepoints import _blocks, changepoints

    rng = np.random.default_rng(1)
    n = 6000
    sentiment = np.r_[rng.normal(-0.4, 0.2, 3000), rng.normal(0.4, 0.2, 3000)]
    turns = pd.DataFrame({"id": [f"t{i}" for i in range(n)], "conversation_id": "c", "turn": range(n),
                          "depth": 0, "timestamp": pd.date_range("2024-01-01", periods=n, freq="min", tz="UTC"),
                          "sentiment": sentiment})
    got = changepoints(turns, signals=["sentiment"], corpus=False, max_points=1000)
    assert len(got) == 1
    assert abs(int(got["position"].iloc[0]) - 3000) <= 6 and got["position"].iloc[0] % 6 == 0
    assert got["n_points"].iloc[0] == n and got["id"].iloc[0] == f"t{got['position'].iloc[0]}"
    exact = changepoints(turns.iloc[:1000], signals=["sentiment"], corpus=False, max_points=1000)
    blocks, b = _blocks(np.arange(10.0)[:, None], 4)
    assert b == 3 and blocks.ravel().tolist() == [1.0, 4.0, 7.0, 9.0]  # means of [0,1,2], [3,4,5], [6,7,8], [9]
    assert exact.empty  # no change in the first 1,000 turns: turn by turn, as before
