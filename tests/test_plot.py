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
    lor = pd.DataFrame({"population_share": [0, 0.5, 1], "value_share": [0, 0.2, 1]})
    assert plot.lorenz_curve(lor, gini=0.3).get_title() == "Gini = 0.30"
    reg = pd.DataFrame({"conversation_id": ["c", "d"], "determinism": [0.8, 0.2], "novelty": [0.2, 0.9],
                        "regime": ["stable", "unstable"]})
    assert len(plot.regime_map(reg).texts) == 2


def test_lorenz_curves_per_measure_carry_their_gini():
    lor = pd.DataFrame({"measure": ["n_turns"] * 3 + ["attention_received"] * 3,
                        "population_share": [0, 0.5, 1] * 2, "value_share": [0, 0.4, 1, 0, 0.1, 1]})
    ineq = pd.DataFrame({"measure": ["n_turns", "attention_received"], "gini": [0.1, 0.4]})
    ax = plot.lorenz_curve(lor, gini=ineq)
    texts = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"n turns (Gini 0.10)", "attention received (Gini 0.40)", "equality"} <= texts


def test_sentiment_trajectory_styles_change_points_by_signal_and_keeps_corpus_ones(data):
    turns, _w, _t = data
    cps = pd.DataFrame({"conversation_id": ["c", "c", "*"], "id": ["t5", "t12", "t20"],
                        "signal": ["sentiment", "theme", "sentiment"]})
    ax = plot.sentiment_trajectory(turns, conversation_id="c", changepoints=cps)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "change point (sentiment)" in labels and "change point (theme)" in labels
    dashed = [line for line in ax.get_lines() if line.get_label().startswith("change point")]
    assert len(dashed) == 2  # the corpus-level row is not drawn on one conversation
    ax = plot.sentiment_trajectory(turns, x="timestamp", changepoints=cps, signal="sentiment")
    marks = [line for line in ax.get_lines() if line.get_label().startswith("change point")]
    assert len(marks) == 1  # only the corpus ('*') row when all conversations are drawn


def test_sentiment_trajectory_without_timestamps_says_so(data):
    turns, _w, _t = data
    ax = plot.sentiment_trajectory(turns.assign(timestamp=pd.NaT), x="timestamp")
    assert "no turns with both timestamp and sentiment" in ax.texts[0].get_text()


def test_empty_inputs_draw_a_sentence_not_an_error(data):
    turns, weights, themes = data
    assert plot.theme_river(weights.iloc[:0], turns, themes=themes).texts
    assert plot.novelty_resonance(pd.DataFrame({"novelty": [np.nan], "resonance": [np.nan]})).texts
    up = pd.DataFrame({"lemma_overlap": [0.3], "lemma_overlap_baseline_mean": [np.nan]})
    assert plot.uptake_plot(up).texts
    assert plot.reply_network(pd.DataFrame(columns=["response_speaker", "gesture_speaker"])).texts
    assert plot.regime_map(pd.DataFrame(columns=["conversation_id", "determinism", "novelty", "regime"])).texts
    assert plot.recurrence_plot(np.zeros((0, 0))).texts
    assert plot.lorenz_curve(pd.DataFrame(columns=["measure", "population_share", "value_share"])).texts


def test_participation_bars_share_of_turns_and_of_attention():
    sp = pd.DataFrame({"speaker": ["a", "b", "c"], "share_turns": [0.5, 0.3, 0.2], "attention_received": [1, 3, 0]})
    ax = plot.participation(sp, top=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    widths = [round(p.get_width(), 3) for p in ax.patches]
    assert widths == [0.5, 0.3, 0.25, 0.75]  # attention shares of all replies (4), not of the top two


def test_adoption_curves_pick_the_most_adopted_items_and_label_themes(data):
    _turns, _w, themes = data
    period = pd.to_datetime(["2024-01-01", "2024-01-08"], utc=True)
    ad = pd.DataFrame({"item": ["kontrol", "kontrol", "åbenhed", "åbenhed", "ord"], "kind": ["theme"] * 4 + ["term"],
                       "period": list(period) * 2 + [period[0]], "new_adopters": [1, 2, 1, 0, 3],
                       "cumulative_adopters": [1, 3, 1, 1, 3]})
    ax = plot.adoption_curves(ad, themes=themes, top=1)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Kontrol og risiko"]
    assert plot.adoption_curves(ad, kind="term").get_legend().get_texts()[0].get_text() == "ord"


def test_transition_heatmap_annotates_lift_and_counts():
    classes = ["negative", "neutral", "positive"]
    tr = pd.DataFrame([{"gesture_class": g, "response_class": r, "count": 2 + i, "lift": 1.0 + 0.1 * i}
                       for i, (g, r) in enumerate((g, r) for g in classes for r in classes)])
    ax = plot.transition_heatmap(tr)
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "1.00\n(n=2)" and texts[-1] == "1.80\n(n=10)"
    assert [t.get_text() for t in ax.get_yticklabels()] == classes


def test_reply_network_lays_out_separate_groups_apart():
    edges = pd.DataFrame({"response_speaker": ["a", "b", "x", "y"], "gesture_speaker": ["b", "a", "y", "x"]})
    ax = plot.reply_network(edges)
    xy = {t.get_text(): np.array(t.get_position()) for t in ax.texts}
    assert np.linalg.norm(xy["a"] - xy["x"]) > np.linalg.norm(xy["a"] - xy["b"])


def test_auto_freq_fits_the_period_to_the_span():
    day = pd.Series(pd.date_range("2024-01-01", periods=24, freq="h", tz="UTC"))
    assert plot.auto_freq(day) == "h"
    assert plot.auto_freq(pd.Series(pd.date_range("2024-01-01", periods=20, freq="D", tz="UTC"))) == "D"
    assert plot.auto_freq(pd.Series(pd.date_range("2024-01-01", periods=30, freq="W", tz="UTC"))) == "W"
    assert plot.auto_freq(pd.Series(pd.date_range("2020-01-01", periods=40, freq="MS", tz="UTC"))) == "M"
    assert plot.auto_freq(pd.Series([pd.NaT, pd.NaT])) == "W"


def test_theme_river_of_one_day_has_more_than_one_point(data):
    turns, weights, themes = data
    one_day = turns.assign(timestamp=pd.Timestamp("2024-02-01", tz="UTC") + pd.to_timedelta(range(len(turns)), "min")
                           * 30)
    ax = plot.theme_river(weights, one_day, x="timestamp", themes=themes)
    assert len(ax.collections[0].get_paths()[0].vertices) > 4  # hourly bands, not one weekly point


def test_reply_network_of_a_large_thread_draws_the_most_involved():
    rng = np.random.default_rng(0)
    n = 400
    edges = pd.DataFrame({"response_speaker": [f"u{i}" for i in range(n)],
                          "gesture_speaker": [f"u{j}" for j in rng.integers(0, 20, size=n)]})
    ax = plot.reply_network(edges, max_nodes=50)
    assert ax.get_title().startswith("the 50 speakers most involved")
    assert len(ax.collections[-1].get_offsets()) == 50
