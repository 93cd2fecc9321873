"""Figures for the researcher's view, after seaborn: data in, Axes out.

Every function takes tidy tables (the ones the analyses return), draws on
``ax`` (a new one when None) and returns it. No ``plt.show()``, no
``savefig``, and no analysis: what is drawn is computed by ``stacey.dynamics``
and ``stacey.themes``; here it is only arranged. Labels are Unicode, so Danish
theme labels and names show as written; legends with many entries move
outside the plot and keep the largest ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "theme_river",
    "sentiment_trajectory",
    "recurrence_plot",
    "novelty_resonance",
    "uptake_plot",
    "reply_network",
    "speaker_theme_heatmap",
    "lorenz_curve",
    "regime_map",
]

MAX_LEGEND = 12


def _ax(ax: Any = None, figsize: tuple[float, float] = (8, 4)) -> Any:
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _legend(ax: Any, *, title: str | None = None, max_entries: int = MAX_LEGEND) -> None:
    """A legend that stays readable: outside the axes when long, at most ``max_entries`` entries."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    if len(handles) > max_entries:
        handles, labels = handles[:max_entries], labels[:max_entries]
        labels[-1] = f"{labels[-1]} (+{len(ax.get_legend_handles_labels()[0]) - max_entries + 1} more)"
    outside = len(handles) > 6
    ax.legend(handles, labels, title=title, fontsize="small", frameon=False,
              **({"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)} if outside else {"loc": "best"}))


def _labels(themes: pd.DataFrame | None) -> dict[str, str]:
    if themes is None or "label" not in themes.columns:
        return {}
    return dict(zip(themes["theme"].astype(str), themes["label"].astype(str)))


def _one_conversation(turns: pd.DataFrame, conversation_id: str | None) -> pd.DataFrame:
    if conversation_id is None:
        return turns
    sub = turns[turns["conversation_id"] == conversation_id]
    if sub.empty:
        raise ValueError(f"no turns in conversation {conversation_id!r}")
    return sub


def theme_river(
    weights: pd.DataFrame,
    turns: pd.DataFrame,
    *,
    x: str = "turn",
    conversation_id: str | None = None,
    themes: pd.DataFrame | None = None,
    freq: str = "W",
    smooth: int = 1,
    ax: Any = None,
    **kwargs: Any,
) -> Any:
    """Theme weights stacked over turns (one conversation) or calendar time (many).

    Parameters
    ----------
    weights
        Long table ``id, theme, weight``.
    turns
        The turn table (``id``, ``conversation_id``, ``turn``, ``timestamp``).
    x
        ``"turn"``: position in the conversation (give ``conversation_id``);
        ``"timestamp"``: calendar time, weights summed per ``freq`` period and
        shown as shares of that period.
    themes
        The ``themes`` table, for labels.
    smooth
        Centred rolling mean over this many points (1 = none).
    """
    ax = _ax(ax, (9, 4))
    t = _one_conversation(turns, conversation_id)
    w = weights.merge(t[["id", "turn", "timestamp"]], on="id")
    if x == "timestamp":
        w = w.dropna(subset=["timestamp"])
        w = w.assign(period=w["timestamp"].dt.tz_convert(None).dt.to_period(freq).dt.start_time)
        wide = w.pivot_table(index="period", columns="theme", values="weight", aggfunc="sum", fill_value=0.0)
        wide = wide.div(wide.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
    else:
        wide = w.pivot_table(index="turn", columns="theme", values="weight", aggfunc="sum", fill_value=0.0)
    if themes is not None:
        order = [th for th in themes["theme"].astype(str) if th in wide.columns]
        wide = wide[order + [c for c in wide.columns if c not in order]]
    if smooth > 1:
        wide = wide.rolling(smooth, center=True, min_periods=1).mean()
    labels = _labels(themes)
    ax.stackplot(wide.index, wide.T.to_numpy(), labels=[labels.get(str(c), str(c)) for c in wide.columns],
                 alpha=0.85, **kwargs)
    ax.set_xlabel("turn in the conversation" if x == "turn" else "time")
    ax.set_ylabel("theme weight" if x == "turn" else "share of theme weight")
    ax.set_ylim(0, max(1.0, float(wide.sum(axis=1).max() or 1.0)))
    ax.margins(x=0)
    _legend(ax, title="theme")
    return ax


def sentiment_trajectory(
    turns: pd.DataFrame,
    *,
    x: str = "turn",
    y: str = "sentiment",
    conversation_id: str | None = None,
    changepoints: pd.DataFrame | None = None,
    window: int = 5,
    hue: str | None = None,
    ax: Any = None,
    **kwargs: Any,
) -> Any:
    """Per-turn sentiment with its rolling mean, and change points as vertical lines.

    ``changepoints``: rows with ``id`` (the first turn of a new segment) and
    ``signal``; those whose ``id`` is among the plotted turns are marked.
    With ``x="timestamp"`` many conversations can be drawn together.
    """
    import seaborn as sns

    ax = _ax(ax, (9, 3.5))
    t = _one_conversation(turns, conversation_id).sort_values([x, "id"]).reset_index(drop=True)
    sns.scatterplot(data=t, x=x, y=y, hue=hue, ax=ax, s=14, alpha=0.45, linewidth=0, legend=hue is not None, **kwargs)
    roll = t[y].rolling(window, center=True, min_periods=1).mean()
    ax.plot(t[x], roll, color="0.15", linewidth=1.6, label=f"rolling mean ({window} turns)")
    ax.axhline(0, color="0.6", linewidth=0.8, linestyle=":")
    if changepoints is not None and len(changepoints):
        at = t.set_index("id")[x]
        for i, row in enumerate(changepoints[changepoints["id"].isin(at.index)].itertuples()):
            ax.axvline(at[row.id], color="tab:red", linestyle="--", linewidth=1,
                       label="change point" if i == 0 else None)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel(y)
    ax.set_xlabel("turn in the conversation" if x == "turn" else x)
    _legend(ax)
    return ax


def recurrence_plot(
    matrix: np.ndarray,
    *,
    speakers: Sequence[str] | None = None,
    ax: Any = None,
    cmap: str = "Greys",
    **kwargs: Any,
) -> Any:
    """Conceptual recurrence plot (Angus, Smith and Wiles 2012): turn x turn similarity.

    The lower triangle shows how much each later turn (row) takes up each
    earlier one (column). With ``speakers`` (one per turn) the diagonal is a
    strip coloured by speaker, so self- and other-recurrence can be told apart.
    """
    import matplotlib.colors as mcolors
    import seaborn as sns

    ax = _ax(ax, (6, 6))
    m = np.asarray(matrix, dtype=float)
    lower = np.tril(m, k=-1)
    ax.imshow(np.ma.masked_where(lower <= 0, lower), cmap=cmap, vmin=0, vmax=max(1e-9, float(np.nanmax(lower) or 1)),
              interpolation="nearest", origin="upper", **kwargs)
    if speakers is not None:
        names = pd.Series(list(speakers), dtype="string").fillna("?")
        order = list(dict.fromkeys(names))
        palette = sns.color_palette("husl", len(order))
        colours = {s: palette[i] for i, s in enumerate(order)}
        n = len(names)
        ax.scatter(np.arange(n), np.arange(n), c=[colours[s] for s in names], s=max(4, 900 / max(n, 1)), marker="s")
        for s in order:
            ax.scatter([], [], color=colours[s], marker="s", label=s)
        _legend(ax, title="speaker")
        ax.set_facecolor(mcolors.to_rgba("white"))
    ax.set_xlabel("earlier turn")
    ax.set_ylabel("later turn")
    return ax


def novelty_resonance(
    data: pd.DataFrame,
    *,
    x: str = "novelty",
    y: str = "resonance",
    hue: str | None = None,
    ax: Any = None,
    **kwargs: Any,
) -> Any:
    """Novelty against resonance (Barron et al. 2018), with the quadrant lines.

    Upper right: new and taken up (a gesture that changes the conversation);
    lower right: new but not taken up; left: repeating what was said.
    """
    import seaborn as sns

    ax = _ax(ax, (6, 5))
    d = data.dropna(subset=[x, y])
    sns.scatterplot(data=d, x=x, y=y, hue=hue, ax=ax, s=18, alpha=0.6, linewidth=0, **kwargs)
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.axvline(float(d[x].median()) if len(d) else 0.0, color="0.5", linewidth=0.8, linestyle=":")
    ax.set_xlabel(f"{x} (bits)")
    ax.set_ylabel(f"{y} (novelty - transience, bits)")
    if hue is not None:
        _legend(ax, title=hue)
    return ax


def uptake_plot(
    uptake: pd.DataFrame,
    *,
    measure: str = "lemma_overlap",
    ax: Any = None,
) -> Any:
    """Gesture -> response uptake against its permutation baseline (ECDFs).

    ``uptake``: one row per edge with ``<measure>`` (observed) and
    ``<measure>_baseline_mean`` (the mean over random earlier turns of the same
    conversation). A curve to the right of the baseline means responses take
    up their gestures more than chance.
    """
    import seaborn as sns

    ax = _ax(ax, (6, 4))
    long = pd.concat([
        pd.DataFrame({"value": uptake[measure], "kind": "reply to its gesture"}),
        pd.DataFrame({"value": uptake[f"{measure}_baseline_mean"], "kind": "baseline (random earlier turns)"}),
    ], ignore_index=True).dropna()
    sns.ecdfplot(data=long, x="value", hue="kind", ax=ax)
    ax.set_xlabel(measure.replace("_", " "))
    ax.set_ylabel("share of edges at or below")
    return ax


def reply_network(
    edges: pd.DataFrame,
    *,
    source: str = "response_speaker",
    target: str = "gesture_speaker",
    top: int = 30,
    seed: int = 0,
    ax: Any = None,
) -> Any:
    """Who responds to whom: speakers as nodes, replies as arrows (networkx spring layout).

    Node size is attention received (replies to the speaker); the ``top``
    speakers by attention are labelled. ``edges`` is the reply-edge table.
    """
    import networkx as nx

    ax = _ax(ax, (7, 7))
    counts = edges.groupby([source, target], observed=True).size().rename("n").reset_index()
    counts = counts[counts[source] != counts[target]]
    g = nx.DiGraph()
    for row in counts.itertuples(index=False):
        g.add_edge(getattr(row, source), getattr(row, target), weight=row.n)
    if not g:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no replies between speakers", ha="center", va="center")
        return ax
    received = dict(g.in_degree(weight="weight"))
    pos = nx.spring_layout(g, seed=seed, k=1.5 / np.sqrt(max(len(g), 1)), weight="weight")
    sizes = [60 + 40 * received.get(n, 0) for n in g]
    widths = [0.4 + np.log1p(d["weight"]) for _u, _v, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.35, arrowsize=8, node_size=sizes)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color="tab:blue", alpha=0.8)
    labelled = sorted(received, key=received.get, reverse=True)[:top]
    nx.draw_networkx_labels(g, pos, labels={n: n for n in labelled}, ax=ax, font_size=8)
    ax.set_axis_off()
    return ax


def speaker_theme_heatmap(
    weights: pd.DataFrame,
    turns: pd.DataFrame,
    *,
    themes: pd.DataFrame | None = None,
    top: int = 20,
    ax: Any = None,
    **kwargs: Any,
) -> Any:
    """Each speaker's mean theme mixture (rows: the ``top`` speakers by turns)."""
    import seaborn as sns

    w = weights.merge(turns[["id", "speaker"]], on="id")
    n_turns = turns["speaker"].value_counts()
    keep = n_turns.index[:top]
    wide = (w[w["speaker"].isin(keep)].pivot_table(index="speaker", columns="theme", values="weight",
                                                   aggfunc="sum", fill_value=0.0)
            .div(n_turns.reindex(keep), axis=0).reindex(keep).fillna(0.0).astype(float))
    if themes is not None:
        wide = wide[[th for th in themes["theme"].astype(str) if th in wide.columns]]
    labels = _labels(themes)
    wide.columns = [labels.get(str(c), str(c)) for c in wide.columns]
    ax = _ax(ax, (1.2 + 1.1 * len(wide.columns), 1.2 + 0.32 * len(wide)))
    sns.heatmap(wide, ax=ax, cmap="mako_r", annot=len(wide) <= 25, fmt=".2f", cbar_kws={"label": "mean weight"},
                **kwargs)
    ax.set_xlabel("theme")
    ax.set_ylabel("speaker")
    ax.tick_params(axis="x", labelrotation=30)
    return ax


def lorenz_curve(
    data: pd.DataFrame,
    *,
    x: str = "speaker_share",
    y: str = "turn_share",
    hue: str | None = None,
    gini: float | None = None,
    ax: Any = None,
) -> Any:
    """Lorenz curve of participation, with the line of equality and the Gini in the title."""
    import seaborn as sns

    ax = _ax(ax, (5, 5))
    sns.lineplot(data=data, x=x, y=y, hue=hue, ax=ax, drawstyle="steps-post" if hue is None else "default")
    ax.plot([0, 1], [0, 1], color="0.5", linestyle=":", linewidth=1, label="equality")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("share of speakers (fewest turns first)")
    ax.set_ylabel("share of turns")
    if gini is not None:
        ax.set_title(f"Gini = {gini:.2f}")
    return ax


def regime_map(
    regimes: pd.DataFrame,
    *,
    x: str = "determinism",
    y: str = "novelty",
    hue: str = "regime",
    label: str | None = "conversation_id",
    ax: Any = None,
    **kwargs: Any,
) -> Any:
    """Conversations placed by recurrence (determinism) and novelty: stability, edge of chaos, instability.

    A heuristic map after Stacey (2001): high repetition and little novelty
    reads as stable, much novelty and little repetition as unstable, between
    the two the edge of chaos. Labels name the conversations when few.
    """
    import seaborn as sns

    ax = _ax(ax, (6, 5))
    sns.scatterplot(data=regimes, x=x, y=y, hue=hue, ax=ax, s=40, **kwargs)
    if label and label in regimes.columns and len(regimes) <= 25:
        for row in regimes.itertuples(index=False):
            ax.annotate(str(getattr(row, label))[:24], (getattr(row, x), getattr(row, y)), fontsize=7,
                        xytext=(3, 3), textcoords="offset points")
    _legend(ax, title=hue)
    return ax
