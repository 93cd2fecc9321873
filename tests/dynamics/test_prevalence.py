import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.prevalence import channel_log_odds, formal_lag, habitual, log_odds, prevalence


def test_log_odds_hand_computed():
    counts = pd.DataFrame({"group": ["A", "A", "B", "B"], "term": ["x", "y", "x", "y"], "count": [3, 1, 1, 3]})
    lo = log_odds(counts).set_index(["group", "term"])
    # prior = pooled counts: a_x = a_y = 4, a_0 = 8, n_A = n_B = 4
    delta = np.log(7 / 5) - np.log(5 / 7)
    se = np.sqrt(1 / 7 + 1 / 5)
    assert lo.loc[("A", "x"), "log_odds"] == pytest.approx(delta)
    assert lo.loc[("A", "x"), "z"] == pytest.approx(delta / se)
    assert lo.loc[("A", "x"), "z"] == pytest.approx(1.14927, abs=1e-5)
    assert lo.loc[("B", "x"), "z"] == pytest.approx(-delta / se)
    # a flat background prior of size 2: a_w = 1
    flat = log_odds(counts, prior=pd.Series({"x": 1.0, "y": 1.0}), prior_size=2).set_index(["group", "term"])
    d2 = np.log((3 + 1) / (4 + 2 - 3 - 1)) - np.log((1 + 1) / (4 + 2 - 1 - 1))
    assert flat.loc[("A", "x"), "log_odds"] == pytest.approx(d2)


@pytest.fixture
def channels(make_turns, make_weights):
    day = 24 * 60
    turns = make_turns([
        {"id": "s1", "conv": "slack1", "speaker": "sofie", "time": 0, "channel": "chat", "lemmas": "hjælpe naboer"},
        {"id": "s2", "conv": "slack1", "speaker": "ida", "time": 10, "channel": "chat", "reply_to": "s1",
         "lemmas": "naboer frivillige"},
        {"id": "m1", "conv": "mail1", "speaker": "lene", "time": 40 * day, "channel": "mail",
         "lemmas": "godkendelse jurist"},
        {"id": "m2", "conv": "mail2", "speaker": "lene", "time": 70 * day, "channel": "mail",
         "lemmas": "frivillige naboer godkendelse"},
        {"id": "x1", "conv": "other", "speaker": "bot", "time": 71 * day, "channel": "feed", "lemmas": "naboer"},
    ])
    weights = make_weights({"s1": {"community": 1.0}, "s2": {"community": 0.8, "control": 0.2},
                            "m1": {"control": 1.0}, "m2": {"community": 0.6, "control": 0.4},
                            "x1": {"community": 1.0}})
    return turns, weights


def test_formal_lag(channels):
    turns, weights = channels
    lag = formal_lag(turns, weights).set_index("theme")
    assert lag.loc["community", "first_informal_speaker"] == "sofie"
    assert lag.loc["community", "first_formal_id"] == "m2"
    assert lag.loc["community", "lag_days"] == pytest.approx(70)
    assert lag.loc["control", "first_formal_id"] == "m1" and pd.isna(lag.loc["control", "first_informal_id"])
    # mapping chat to formal makes the lag vanish
    lag2 = formal_lag(turns, weights, systems={"chat": "formal", "mail": "informal"}).set_index("theme")
    assert lag2.loc["community", "lag_days"] == pytest.approx(-70)


def test_channel_log_odds(channels):
    turns, weights = channels
    lo = channel_log_odds(turns).set_index(["system", "term"])
    assert lo.loc[("formal", "godkendelse"), "z"] > 0 > lo.loc[("informal", "godkendelse"), "z"]
    # the unmapped 'feed' channel is left out: naboer counts 2 informal + 1 formal
    assert lo.loc[("informal", "naboer"), "count"] == 2 and lo.loc[("informal", "naboer"), "other_count"] == 1
    th = channel_log_odds(turns, weights, unit="theme").set_index(["system", "term"])
    assert th.loc[("informal", "community"), "count"] == pytest.approx(1.8)
    assert th.loc[("informal", "community"), "z"] > 0


def test_prevalence_hand_computed(channels):
    turns, weights = channels
    p = prevalence(turns, weights, freq="M")
    jan = p.loc[p["period"] == pd.Timestamp("2024-01-01", tz="UTC")].set_index("theme")
    assert jan.loc["community", "n_turns"] == 2
    assert jan.loc["community", "prevalence"] == pytest.approx((1.0 + 0.8) / 2)
    assert jan.loc["control", "prevalence"] == pytest.approx(0.1)
    pc = prevalence(turns, weights, freq="M", by="channel")
    assert set(pc["channel"]) == {"chat", "mail", "feed"}
    mar = pc.loc[(pc["period"] == pd.Timestamp("2024-03-01", tz="UTC")) & (pc["channel"] == "mail")]
    assert mar.set_index("theme").loc["community", "prevalence"] == pytest.approx(0.6)


def test_habitual(channels):
    turns, weights = channels
    h = habitual(turns, weights, min_conversation_share=0.5).set_index("theme")
    # community: in slack1, mail2 and other (3 of 4 conversations), 3 channels, 2 months (Jan, Mar)
    assert h.loc["community", "n_conversations"] == 3 and h.loc["community", "status"] == "habitual"
    # control (>= .25): slack1? no (0.2); mail1, mail2 -> 2 of 4, one channel
    assert h.loc["control", "n_channels"] == 1 and h.loc["control", "status"] == "local"
