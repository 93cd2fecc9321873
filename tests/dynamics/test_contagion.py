import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.contagion import contagion_regression, transitions


@pytest.fixture
def two_convs(make_turns):
    return make_turns([
        # c1: pos -> pos, pos -> pos, neg -> neg (three separate gesture/response pairs)
        {"id": "a1", "conv": "c1", "speaker": "a", "time": 0, "sentiment": 0.6},
        {"id": "b1", "conv": "c1", "speaker": "b", "time": 1, "reply_to": "a1", "sentiment": 0.4},
        {"id": "a2", "conv": "c1", "speaker": "a", "time": 2, "sentiment": 0.5},
        {"id": "b2", "conv": "c1", "speaker": "b", "time": 3, "reply_to": "a2", "sentiment": 0.3},
        {"id": "a3", "conv": "c1", "speaker": "a", "time": 4, "sentiment": -0.5},
        {"id": "b3", "conv": "c1", "speaker": "b", "time": 5, "reply_to": "a3", "sentiment": -0.7},
        # c2: neg -> pos, its single edge cannot be shuffled
        {"id": "x1", "conv": "c2", "speaker": "x", "time": 0, "sentiment": -0.2},
        {"id": "y1", "conv": "c2", "speaker": "y", "time": 1, "reply_to": "x1", "sentiment": 0.9},
    ])


def test_transition_lift_hand_computed(two_convs):
    t = transitions(two_convs, n_perm=20000, random_state=1).set_index(["gesture_class", "response_class"])
    pp = t.loc[("positive", "positive")]
    assert pp["count"] == 2
    # within c1 the responses {P, P, N} are shuffled over gestures (P, P, N): E[P->P] = 2 * 2/3
    assert pp["expected"] == pytest.approx(4 / 3, abs=0.02)
    assert pp["lift"] == pytest.approx(1.5, abs=0.03)
    # marginal lift: P(P | P) = 1, P(P) = 3/4
    assert pp["lift_marginal"] == pytest.approx(4 / 3)
    nn = t.loc[("negative", "negative")]
    assert nn["expected"] == pytest.approx(1 / 3, abs=0.02) and nn["lift"] == pytest.approx(3, abs=0.2)
    # the c2 edge is the same in every permutation
    np_ = t.loc[("negative", "positive")]
    # N->P: 1 from c2 always, plus c1's negative gesture drawing a positive response with p = 2/3
    assert np_["count"] == 1 and np_["expected"] == pytest.approx(1 + 2 / 3, abs=0.02)
    assert t["count"].sum() == 4 and len(t) == 9
    # p(N->N >= 1) under the null is 1/3
    assert nn["p_greater"] == pytest.approx(1 / 3, abs=0.02)


def test_transitions_band_and_determinism(two_convs):
    a = transitions(two_convs, n_perm=50, random_state=2, band=0.45)
    b = transitions(two_convs, n_perm=50, random_state=2, band=0.45)
    pd.testing.assert_frame_equal(a, b)
    # with a 0.45 band, 0.4 and 0.3 and -0.2 are neutral
    t = a.set_index(["gesture_class", "response_class"])
    assert t.loc[("positive", "neutral"), "count"] == 2
    assert t.loc[("neutral", "positive"), "count"] == 1


def test_regression_recovers_contagion(make_turns):
    rng = np.random.default_rng(0)
    rows, base = [], {f"s{i}": rng.uniform(-0.4, 0.4) for i in range(8)}
    for k in range(300):
        g_spk, r_spk = rng.choice(list(base), size=2, replace=False)
        g = float(np.clip(base[g_spk] + rng.normal(0, 0.3), -1, 1))
        r = base[r_spk] + 0.6 * g + rng.normal(0, 0.05)
        rows += [{"id": f"g{k}", "conv": f"c{k}", "speaker": g_spk, "time": 0, "sentiment": g},
                 {"id": f"r{k}", "conv": f"c{k}", "speaker": r_spk, "time": 1, "reply_to": f"g{k}", "sentiment": r}]
    reg = contagion_regression(make_turns(rows)).set_index("term")
    assert reg.loc["gesture_sentiment", "coef"] == pytest.approx(0.6, abs=0.05)
    assert reg.loc["gesture_sentiment", "p_value"] < 1e-6
    assert reg.loc["gesture_sentiment", "ci_low"] < 0.6 < reg.loc["gesture_sentiment", "ci_high"] + 0.05
    assert reg["n"].iloc[0] == 300


def test_regression_leave_one_out_baseline(two_convs):
    # y has one turn only: its edge has no baseline and is left out
    reg = contagion_regression(two_convs)
    assert reg["n"].iloc[0] == 3
    # three edges for three coefficients: no degrees of freedom left, so no estimate
    assert reg["coef"].isna().all()


def test_class_codes_agree_with_sentiment_class():
    import numpy as np

    from stacey.dynamics._common import sentiment_class
    from stacey.dynamics.contagion import CLASSES, _class_codes

    s = np.array([-1.0, -0.05, -0.049, 0.0, 0.049, 0.05, 0.7, np.nan])
    for band in (0.05, 0.0, 0.5):
        expected = sentiment_class(s, band=band).map({c: i for i, c in enumerate(CLASSES)}).fillna(-1)
        assert _class_codes(s, band).tolist() == expected.astype(int).tolist()
    assert _class_codes(s, 0.05).tolist() == [0, 0, 1, 1, 1, 2, 2, -1]
