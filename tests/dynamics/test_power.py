import numpy as np
import pandas as pd
import pytest

from stacey.dynamics.markers import markers_in, tokens
from stacey.dynamics.power import (
    attention,
    coordination,
    coordination_summary,
    ei_index,
    gini,
    inequality,
    lorenz,
    participation,
    speakers,
)


def test_gini_hand_computed():
    # sum over ordered pairs |xi - xj| = 20, 2 n^2 mean = 80
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)
    assert gini([5, 5, 5]) == pytest.approx(0.0)
    assert np.isnan(gini([]))
    with pytest.raises(ValueError):
        gini([-1, 2])


def test_lorenz_points():
    lz = lorenz([4, 1, 3, 2])
    assert list(lz["population_share"]) == [0, 0.25, 0.5, 0.75, 1.0]
    assert lz["value_share"].to_numpy() == pytest.approx([0, 0.1, 0.3, 0.6, 1.0])


@pytest.fixture
def net(make_turns):
    return make_turns([
        {"id": "a1", "conv": "c1", "speaker": "a", "time": 0, "text": "one two three"},
        {"id": "b1", "conv": "c1", "speaker": "b", "time": 10, "reply_to": "a1", "text": "four"},
        {"id": "a2", "conv": "c1", "speaker": "a", "time": 20, "reply_to": "b1", "text": "five six"},
        {"id": "c1", "conv": "c1", "speaker": "c", "time": 30, "reply_to": "a1", "text": "seven"},
        {"id": "a3", "conv": "c2", "speaker": "a", "time": 40, "text": "eight"},
        {"id": "b2", "conv": "c2", "speaker": "b", "time": 100, "reply_to": "a3", "text": "nine"},
        {"id": "c2", "conv": "c3", "speaker": "c", "time": 200, "text": "ten"},
        {"id": "c3", "conv": "c3", "speaker": "c", "time": 210, "reply_to": "c2", "text": "eleven"},
    ])


def test_participation(net):
    p = participation(net).set_index("speaker")
    assert p.loc["a", "n_turns"] == 3 and p.loc["a", "n_words"] == 6
    assert p.loc["c", "share_turns"] == pytest.approx(3 / 8)
    assert p.loc["a", "n_conversations"] == 2


def test_attention_hand_computed(net):
    a = attention(net).set_index("speaker")
    assert list(a["attention_received"]) == [3, 1, 0]
    assert a.loc["a", "responders"] == 2
    assert list(a["unanswered_turns"]) == [1, 1, 3]
    assert a.loc["a", "response_rate"] == pytest.approx(2 / 3) and a.loc["c", "response_rate"] == 0
    assert a.loc["a", "median_latency_received_s"] == 1800.0
    assert a.loc["b", "median_latency_received_s"] == 600.0
    # networkx node reciprocity: a has pred {b, c}, succ {b}: 2 * |{b}| / 3
    assert a.loc["a", "reciprocity"] == pytest.approx(2 / 3)
    assert a.loc["b", "reciprocity"] == 1.0 and a.loc["c", "reciprocity"] == 0.0
    assert a.loc["a", "pagerank"] > a.loc["b", "pagerank"] > a.loc["c", "pagerank"]
    assert a.loc["c", "pagerank"] == pytest.approx(0.15 / 3, rel=1e-3)


def test_speakers_and_inequality(net):
    s = speakers(net, groups={"a": "staff", "b": "staff", "c": "citizen"})
    assert list(s["speaker"]) == ["a", "b", "c"] and s.loc[2, "group"] == "citizen"
    g, lz = inequality(s)
    gi = g.set_index("measure")["gini"]
    # attention 3, 1, 0: sum |xi-xj| over ordered pairs = 2*(2+3+1) = 12; 2 n^2 mean = 2*9*4/3 = 24
    assert gi["attention_received"] == pytest.approx(0.5)
    assert set(lz["measure"]) == {"n_turns", "n_words", "attention_received"}


def test_ei_index_hand_computed(net):
    groups = pd.DataFrame({"speaker": ["a", "b", "c"], "group": ["staff", "staff", "citizen"]})
    ei = ei_index(net, groups).set_index(["level", "unit"])
    # replies b->a (twice) and a->b internal, c->a external: (1 - 3) / 4
    assert ei.loc[("network", "*"), "ei"] == pytest.approx(-0.5)
    assert ei.loc[("group", "citizen"), "ei"] == 1.0
    assert ei.loc[("speaker", "b"), "ei"] == -1.0
    unw = ei_index(net, groups, weighted=False).set_index(["level", "unit"])
    assert unw.loc[("network", "*"), "ei"] == 0.0  # pairs {a,b} internal, {a,c} external


def test_ei_index_from_column(net):
    t = net.assign(**{"meta.group": net["speaker"].map({"a": "x", "b": "y", "c": "y"})})
    ei = ei_index(t, "meta.group").set_index(["level", "unit"])
    assert ei.loc[("network", "*"), "ei"] == 1.0


def test_markers():
    assert tokens("I don’t know") == ["i", "don't", "know"]
    assert markers_in("I don't know", "en") == {"personal_pronoun", "auxiliary_verb", "negation"}
    assert markers_in("Det er ikke min skyld", "da") >= {"article", "impersonal_pronoun", "auxiliary_verb",
                                                          "negation", "personal_pronoun"}
    assert "preposition" in markers_in("vi ses i morgen", "da")
    assert "preposition" not in markers_in("vi ses", "da")


def test_coordination_hand_computed(make_turns):
    pairs = [("the cat", "the dog"), ("the cat", "dog"), ("cat", "the dog"), ("cat", "dog"), ("a cat", "a bird")]
    rows = []
    for k, (g, r) in enumerate(pairs):
        rows += [{"id": f"g{k}", "conv": f"c{k}", "speaker": "a", "time": 0, "text": g},
                 {"id": f"r{k}", "conv": f"c{k}", "speaker": "b", "time": 1, "reply_to": f"g{k}", "text": r}]
    t = make_turns(rows)
    c = coordination(t, level="pair", min_exchanges=1)
    art = c.loc[c["marker"] == "article"].iloc[0]
    # P(reply has article | gesture has) = 2/3, P(reply has article) = 3/5
    assert art["coordination"] == pytest.approx(2 / 3 - 3 / 5)
    assert (art["speaker"], art["target"], art["n_exchanges"], art["n_gesture_marker"]) == ("b", "a", 5, 3)
    assert set(c["marker"]) == {"article"}  # no other marker occurs
    s = coordination_summary(c)
    assert s.loc[0, "coordination"] == pytest.approx(1 / 15) and s.loc[0, "n_markers"] == 1
    assert coordination(t, level="pair", min_exchanges=6).empty
    rec = coordination(t, level="target", min_exchanges=1)
    assert list(rec["speaker"]) == ["*"] and list(rec["target"]) == ["a"]
    grp = coordination(t, level="group", groups={"a": "x", "b": "y"}, min_exchanges=1)
    assert list(grp[["speaker", "target"]].iloc[0]) == ["y", "x"]


def test_attention_restricted_to_channels(net):
    t = net.assign(channel=net["id"].map(lambda i: "transcript" if i in {"a2", "c1"} else "chat"))
    a = attention(t, channels=["chat"]).set_index("speaker")
    # without the transcript turns a2 and c1: a1 answered by b1, a3 by b2; b1 no longer answered
    assert a.loc["a", "attention_received"] == 2 and a.loc["a", "n_turns"] == 2
    assert a.loc["b", "unanswered_turns"] == 2
    s = speakers(t, channels=["chat"]).set_index("speaker")
    assert s.loc["a", "n_turns"] == 2


def test_answerable_turns_hand_computed(net):
    a = attention(net).set_index("speaker")
    # answered by others: a1 and a3 (depth 0), b1 (depth 1); so depths 0 and 1 are answerable, depth 2 (a2) is not
    assert list(a["answerable_turns"]) == [2, 2, 3]
    assert list(a["answerable_response_rate"]) == pytest.approx([1.0, 0.5, 0.0])
    # a reader's structure is kept apart: a turn of another format at an answered depth is not answerable
    t = net.assign(**{"meta.format": net["conversation_id"].map({"c1": "mbox", "c2": "slack", "c3": "slack"})})
    f = attention(t).set_index("speaker")
    # mbox: a1 (depth 0), b1 (depth 1) answered; slack: a3 (depth 0) answered, depth 1 (b2, c3) never
    assert list(f["answerable_turns"]) == [2, 1, 2]
    assert list(f["answerable_response_rate"]) == pytest.approx([1.0, 1.0, 0.0])


def test_wilson_upper_hand_computed(net):
    from stacey.dynamics.power import wilson_upper

    # 1 of 4: p = .25, z^2 = 3.8416; (0.25 + 0.4802 + 1.96 * sqrt(0.046875 + 0.060025)) / (1 + 0.9604)
    expected = (0.25 + 0.4802 + 1.96 * np.sqrt(0.046875 + 0.060025)) / 1.9604
    assert wilson_upper(1, 4) == pytest.approx(expected) == pytest.approx(0.6994, abs=1e-4)
    assert wilson_upper(0, 10) == pytest.approx(3.8416 / 10 / (1 + 0.38416))
    assert np.isnan(wilson_upper(0, 0))
    a = attention(net).set_index("speaker")
    # b: 1 of 2 answerable turns answered
    assert a.loc["b", "response_rate_upper"] == pytest.approx(wilson_upper(1, 2))


def test_network_scores_equal_networkx():
    import networkx as nx
    import numpy as np
    import pandas as pd

    from stacey.dynamics.power import _network_scores, reply_network

    rng = np.random.default_rng(4)
    names = [f"s{i:02d}" for i in range(25)]
    a = rng.choice(names[:20], size=300)
    b = rng.choice(names[:20], size=300)
    edges = pd.DataFrame({"response_speaker": a, "gesture_speaker": b, "self_reply": a == b}).astype(
        {"response_speaker": "string", "gesture_speaker": "string"})
    spk = pd.Index(names, name="speaker", dtype="string")  # s20..s24 never reply nor are replied to
    pagerank, recip = _network_scores(edges.loc[~edges["self_reply"]], spk, 0.85)
    graph = reply_network(edges)
    graph.add_nodes_from(names)
    pr = nx.pagerank(graph, alpha=0.85, weight="weight")
    assert pagerank.tolist() == [pr[s] for s in names]
    expected = [nx.reciprocity(graph, s) if graph.degree(s) else np.nan for s in names]
    np.testing.assert_array_equal(recip, expected)
    assert np.isnan(recip[-5:]).all() and (recip[:20] > 0).all()
