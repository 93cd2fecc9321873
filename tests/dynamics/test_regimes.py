import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.regimes import conversation_means, regimes


def test_regimes_hand_computed():
    per = pd.DataFrame({"conversation_id": ["rep", "chaos", "edge", "mid", "none"],
                        "determinism": [0.9, 0.1, 0.8, 0.5, np.nan],
                        "novelty": [0.1, 0.9, 0.8, 0.5, 0.3]})
    r = regimes(per).set_index("conversation_id")
    # percentile ranks among 4 complete rows: determinism rep 1, chaos .25, edge .75, mid .5
    assert r.loc["rep", "determinism_pct"] == 1.0 and r.loc["rep", "novelty_pct"] == 0.25
    assert r.loc["rep", "order"] == pytest.approx(0.75) and r.loc["rep", "regime"] == "stable"
    assert r.loc["chaos", "regime"] == "unstable"
    assert r.loc["edge", "order"] == pytest.approx(0.0) and r.loc["edge", "regime"] == "edge_of_chaos"
    assert r.loc["mid", "regime"] == "edge_of_chaos"
    assert pd.isna(r.loc["none", "regime"])


def test_conversation_means(make_turns):
    turns = make_turns([{"id": "x", "speaker": "a", "time": 0}, {"id": "y", "speaker": "b", "time": 1},
                        {"id": "z", "speaker": "a", "time": 0, "conv": "c2"}])
    nov = pd.DataFrame({"id": ["x", "y", "z"], "novelty": [0.2, 0.4, np.nan]})
    m = conversation_means(turns, nov, "novelty").set_index("conversation_id")
    assert m.loc["c1", "novelty"] == pytest.approx(0.3) and np.isnan(m.loc["c2", "novelty"])
