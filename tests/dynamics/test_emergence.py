import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.emergence import (
    adopters,
    adoption_over_time,
    emergence,
    exposure_curve,
    new_terms,
    term_uses,
    theme_uses,
)


@pytest.fixture
def diffusion(make_turns, make_weights):
    turns = make_turns([
        {"id": "1", "conv": "c1", "speaker": "a", "time": 0, "lemmas": "old idea"},
        {"id": "2", "conv": "c1", "speaker": "b", "time": 60, "reply_to": "1", "lemmas": "old"},
        {"id": "3", "conv": "c1", "speaker": "c", "time": 120, "reply_to": "2", "lemmas": "idea"},
        {"id": "4", "conv": "c2", "speaker": "d", "time": 180, "lemmas": "old"},
        {"id": "5", "conv": "c2", "speaker": "b", "time": 240, "reply_to": "4", "lemmas": "idea"},
    ])
    weights = make_weights({"1": {"X": 0.8, "Y": 0.2}, "2": {"Y": 1.0}, "3": {"X": 0.5, "Y": 0.5},
                            "4": {"Y": 1.0}, "5": {"X": 0.3, "Y": 0.7}})
    return turns, weights


def test_first_use_and_order(diffusion):
    turns, weights = diffusion
    uses = theme_uses(turns, weights, threshold=0.25)
    em = emergence(uses).set_index("item")
    assert em.loc["X", "first_speaker"] == "a" and em.loc["X", "first_id"] == "1"
    assert em.loc["X", "second_speaker"] == "c"
    assert em.loc["X", "n_adopters"] == 3 and em.loc["X", "n_conversations"] == 2
    ad = adopters(turns, uses)
    x = ad.loc[ad["item"] == "X"].set_index("speaker")
    assert list(ad.loc[ad["item"] == "X", "speaker"]) == ["a", "c", "b"]
    assert x.loc["a", "originator"] and x.loc["a", "exposures"] == 0
    # c joined c1 with its adopting turn, after a's use: one exposure
    assert x.loc["c", "exposures"] == 1
    # b was in c1 before, exposed by a and c, adopts in c2
    assert x.loc["b", "exposures"] == 2 and x.loc["b", "adopt_conversation"] == "c2"


def test_exposure_curve_hand_computed(diffusion):
    turns, weights = diffusion
    uses = theme_uses(turns, weights, threshold=0.25)
    curve = exposure_curve(turns, uses)
    x = curve.loc[curve["item"] == "X"].set_index("k")
    # speakers a (k=0, adopted), c (1, adopted), b (2, adopted), d (1 exposure from b in c2, never adopted)
    assert x.loc[0, "p_adopt"] == pytest.approx(1 / 4)
    assert (x.loc[1, "n_exposed"], x.loc[1, "n_adopted"]) == (3, 1)
    assert x.loc[2, "p_adopt"] == 1.0
    assert set(curve["item"]) == {"X", "Y", "*"}


def test_new_terms_and_term_uses(diffusion):
    turns, _ = diffusion
    # burn-in covers the first quarter of 0..240 minutes: 'old' and 'idea' both appear at t=0
    assert new_terms(turns, burn_in=0.25, min_speakers=2) == []
    late = turns.assign(lemmas=turns["lemmas"].where(turns["id"] != "3", "idea fresh"))
    late = late.assign(lemmas=late["lemmas"].where(late["id"] != "5", "idea fresh"))
    assert new_terms(late, burn_in=0.25, min_speakers=2) == ["fresh"]
    uses = term_uses(late, ["fresh"])
    em = emergence(uses)
    assert em.loc[0, "first_speaker"] == "c" and em.loc[0, "kind"] == "term"


def test_adoption_over_time(diffusion):
    turns, weights = diffusion
    ad = adopters(turns, theme_uses(turns, weights))
    ot = adoption_over_time(ad, freq="h")
    x = ot.loc[ot["item"] == "X"]
    assert list(x["new_adopters"]) == [1, 1, 1]
    assert list(x["cumulative_adopters"]) == [1, 2, 3]
    assert x["period"].iloc[0] == pd.Timestamp("2024-01-01 00:00", tz="UTC")


def test_theme_uses_min_terms(make_turns, make_weights):
    turns = make_turns([
        {"id": "1", "speaker": "peter", "time": 0, "lemmas": "gdpr oplysning nabo"},
        {"id": "2", "speaker": "sofie", "time": 10, "lemmas": "borger hjælpe borger netværk frivillig"},
        {"id": "3", "speaker": "ida", "time": 20, "lemmas": "help volunteer"},
    ])
    weights = make_weights({"1": {"community": 1.0}, "2": {"community": 1.0}, "3": {"community": 1.0}})
    themes = pd.DataFrame({"theme": ["community"],
                           "top_terms": ["frivillig/volunteer; nabo; netværk; borger hjælpe borger; hjælp/help"]})
    assert list(theme_uses(turns, weights)["speaker"]) == ["peter", "sofie", "ida"]
    # peter names one term (nabo): not yet a use; sofie three (the phrase counts once), ida two (alternatives)
    uses = theme_uses(turns, weights, themes=themes, min_terms=2)
    assert list(uses["speaker"]) == ["sofie", "ida"]
    assert emergence(uses).loc[0, "first_speaker"] == "sofie"
    assert list(theme_uses(turns, weights, themes=themes, min_terms=4)["speaker"]) == []


def _random_table(make_turns, seed=0, n=120):
    rng = np.random.default_rng(seed)
    words = ["alfa", "beta", "gamma", "delta", "eps"]
    rows = [{"id": f"t{i}", "conv": f"c{rng.integers(0, 8)}", "speaker": f"s{rng.integers(0, 9)}",
             "time": int(rng.integers(0, 500)), "lemmas": " ".join(rng.choice(words, rng.integers(0, 4)))}
            for i in range(n)]
    for r in rows:  # words that appear late only
        if r["time"] > 300:
            r["lemmas"] += f" late{r['time'] % 3} late{r['time'] % 2}"
    return make_turns(rows)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exposures_match_the_definition_by_brute_force(make_turns, seed):
    """Blocked integer-code exposures equal the definition applied pair by pair."""
    from stacey.dynamics.emergence import exposures, term_uses

    turns = _random_table(make_turns, seed)
    uses = term_uses(turns)
    ex = exposures(turns, uses).set_index(["item", "speaker"])
    by_time = turns.reset_index(drop=True).sort_values("timestamp", kind="stable")
    rank = dict(zip(by_time["id"], range(len(by_time)), strict=True))
    joined = {}
    for i, s, c in zip(turns["id"], turns["speaker"], turns["conversation_id"], strict=True):
        joined[(s, c)] = min(joined.get((s, c), np.inf), rank[i])
    for item, u in uses.groupby("item"):
        adopt = u.groupby("speaker")["rank"].min()
        for s in turns["speaker"].unique():
            a = adopt.get(s, np.inf)
            sources = {v for v, c, tau in zip(u["speaker"], u["conversation_id"], u["rank"], strict=True)
                       if v != s and tau < a and (s, c) in joined and joined[(s, c)] <= a}
            assert ex.loc[(item, s), "exposures"] == len(sources)
            assert ex.loc[(item, s), "adopted"] == (s in adopt.index)


def test_new_terms_by_brute_force(make_turns):
    from stacey.dynamics.emergence import new_terms

    turns = _random_table(make_turns, 3, n=60)
    cut = turns["timestamp"].min() + (turns["timestamp"].max() - turns["timestamp"].min()) * 0.25
    first, who = {}, {}
    for ts, s, lem in zip(turns["timestamp"], turns["speaker"], turns["lemmas"], strict=True):
        for w in set(lem.split()):
            first[w] = min(first.get(w, ts), ts)
            who.setdefault(w, set()).add(s)
    want = sorted(w for w in first if first[w] > cut and len(who[w]) >= 2)
    assert want and new_terms(turns, burn_in=0.25, min_speakers=2) == want
