import numpy as np
import pandas as pd
import pytest

from stacey.analyze import TABLES, run_dynamics
from stacey.turns import derive, from_records


def synthetic_corpus(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Six threads over two months in chat and mail, a theme 'new' that one speaker brings in late."""
    rng = np.random.default_rng(seed)
    speakers = ["ann", "bo", "cai", "dan", "eva"]
    vocab = {"old": ["plan", "budget", "rule", "form"], "new": ["neighbour", "volunteer", "help"]}
    recs, lemmas, sent, weights = [], [], [], []
    start = pd.Timestamp("2024-02-01", tz="UTC")
    for c in range(6):
        channel = "chat" if c % 2 == 0 else "mail"
        prev = None
        for k in range(10):
            i = f"c{c}t{k}"
            late = c >= 3
            spk = "eva" if (c == 3 and k == 0) else speakers[int(rng.integers(0, 5))]
            theme = "new" if late and (k > 0 or c == 3) else "old"
            words = list(rng.choice(vocab[theme], size=2, replace=False)) + ["word" + str(rng.integers(0, 30))]
            recs.append({"id": i, "conversation_id": f"c{c}", "reply_to": prev, "speaker": spk,
                         "timestamp": start + pd.Timedelta(days=10 * c, hours=k), "text": "the " + " ".join(words),
                         "channel": channel, "source": f"syn#{i}"})
            lemmas.append(" ".join(words))
            sent.append(float(np.clip((-0.5 if c < 3 else 0.5) + rng.normal(0, 0.2), -1, 1)))
            weights += [{"id": i, "theme": theme, "weight": 0.8}, {"id": i, "theme": "x" + theme, "weight": 0.2}]
            prev = i
    turns = derive(from_records(recs)).assign(lemmas=pd.Series(lemmas, dtype="string"), sentiment=sent,
                                               lang="en", n_words=3)
    themes = pd.DataFrame({"theme": ["old", "new", "xold", "xnew"], "label": ["Old", "New", "x", "y"],
                           "top_terms": ["plan; budget; rule; form", "neighbour; volunteer; help", "", ""]})
    return turns, pd.DataFrame(weights), themes


def test_run_dynamics_tables():
    turns, weights, themes = synthetic_corpus()
    before = turns.copy()
    out = run_dynamics(turns, weights, themes, groups={"ann": "a", "bo": "a", "cai": "b", "dan": "b", "eva": "b"},
                       n_perm=50, min_exchanges=2)
    pd.testing.assert_frame_equal(turns, before)
    for name in ["edges", "uptake", "uptake_summary", "contagion", "contagion_regression", "emergence", "adopters",
                 "adoption", "exposure", "changepoints", "speakers", "inequality", "lorenz", "ei_index",
                 "coordination", "coordination_summary", "regimes", "prevalence", "habitual", "channel_log_odds",
                 "formal_lag"]:
        assert name in out and isinstance(out[name], pd.DataFrame), name
        assert name in TABLES
    assert set(out) <= set(TABLES)
    assert len(out["edges"]) == 54 and len(out["contagion"]) == 9
    em = out["emergence"].set_index("item")
    assert em.loc["new", "first_speaker"] == "eva" and em.loc["new", "label"] == "New"
    corpus_cp = out["changepoints"].query("conversation_id == '*' and signal == 'sentiment'")
    assert "c3t0" in set(corpus_cp["id"])
    lag = out["formal_lag"].set_index("theme")
    # "new" is first used in mail (c3t0, day 30), first in chat at c4t1 (day 40, 1 h): formal came first
    assert lag.loc["new", "lag_days"] == pytest.approx(-(10 + 1 / 24), abs=1e-6)
    assert set(out["ei_index"]["level"]) == {"network", "group", "speaker"}


def test_run_dynamics_deterministic():
    turns, weights, themes = synthetic_corpus(1)
    a = run_dynamics(turns, weights, themes, n_perm=30, random_state=4)
    b = run_dynamics(turns, weights, themes, n_perm=30, random_state=4)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
