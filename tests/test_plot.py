"""Figures: data in, Axes out; Danish labels and many speakers stay readable."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from stacey import plot  # noqa: E402
from stacey.turns import derive, from_records  # noqa: E402


@pytest.fixture()
def data():
    rng = np.random.default_rng(0)
    n = 40
    speakers = [f"person {i % 15}" for i in range(n)]
    turns = derive(from_records([
        {"id": f"t{i}", "conversation_id": "c" if i < 30 else "d", "reply_to": None if i in (0, 30) else f"t{i - 1}",
         "speaker": speakers[i], "timestamp": pd.Timestamp("2024-02-01", tz="UTC") + pd.Timedelta(days=3 * i),
         "text": "x", "channel": "chat", "source": f"f#{i}"} for i in range(n)
    ])).assign(sentiment=np.tanh(rng.normal(size=n)))
    mix = rng.dirichlet([1, 1, 1], size=n)
    weights = pd.DataFrame([{"id": f"t{i}", "theme": th, "weight": mix[i, k]}
                            for i in range(n) for k, th in enumerate(["kontrol", "åbenhed", "fællesskab"])])
    themes = pd.DataFrame({"theme": ["kontrol", "åbenhed", "fællesskab"],
                           "label": ["Kontrol og risiko", "Åbenhed og videndeling", "Fællesskab"]})
    return turns, weights, themes


def test_theme_river_by_turn_and_by_time_with_danish_labels(data):
    turns, weights, themes = data
    ax = plot.theme_river(weights, turns, conversation_id="c", themes=themes)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(themes["label"])
    assert len(ax.collections) == 3
    ax = plot.theme_river(weights, turns, x="timestamp", freq="W", themes=themes)
    assert ax.get_ylabel() == "share of theme weight"


def test_sentiment_trajectory_marks_change_points(data):
    turns, _w, _t = data
    cps = pd.DataFrame({"conversation_id": ["c"], "id": ["t12"], "signal": ["sentiment"]})
    ax = plot.sentiment_trajectory(turns, conversation_id="c", changepoints=cps)
    assert any(line.get_xdata()[0] == turns.set_index("id").loc["t12", "turn"] for line in ax.get_lines()
               if line.get_linestyle() == "--")
    with pytest.raises(ValueError, match="no turns in conversation"):
        plot.sentiment_trajectory(turns, conversation_id="nope")


def test_recurrence_plot_with_many_speakers_keeps_legend_short(data):
    turns, _w, _t = data
    m = np.random.default_rng(1).random((30, 30))
    ax = plot.recurrence_plot(m, speakers=turns["speaker"].iloc[:30].tolist())
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(texts) == plot.MAX_LEGEND and texts[-1].endswith("more)")


def test_other_figures_draw(data):
    turns, weights, themes = data
    nov = pd.DataFrame({"novelty": np.linspace(0, 2, 10), "resonance": np.linspace(-1, 1, 10)})
    assert plot.novelty_resonance(nov).get_xlabel().startswith("novelty")
    up = pd.DataFrame({"lemma_overlap": [0.3, 0.5, 0.2], "lemma_overlap_baseline_mean": [0.1, 0.2, 0.1]})
    assert len(plot.uptake_plot(up).get_lines()) == 2
    edges = pd.DataFrame({"response_speaker": ["a", "b", "c", "a"], "gesture_speaker": ["b", "a", "a", "a"]})
    ax = plot.reply_network(edges)
    assert {t.get_text() for t in ax.texts} == {"a", "b"} | ({"c"} if "c" in {t.get_text() for t in ax.texts} else set())
    ax = plot.speaker_theme_heatmap(weights, turns, themes=themes, top=5)
    assert len(ax.get_yticklabels()) == 5
    lor = pd.DataFrame({"speaker_share": [0, 0.5, 1], "turn_share": [0, 0.2, 1]})
    assert plot.lorenz_curve(lor, gini=0.3).get_title() == "Gini = 0.30"
    reg = pd.DataFrame({"conversation_id": ["c", "d"], "determinism": [0.8, 0.2], "novelty": [0.2, 0.9],
                        "regime": ["stable", "unstable"]})
    assert len(plot.regime_map(reg).texts) == 2
