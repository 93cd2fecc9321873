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
    "participation",
    "adoption_curves",
    "transition_heatmap",
    "auto_freq",
]

MAX_LEGEND = 12
#: colour and line style of change points, one per signal in the order met
CHANGE_STYLES = [("tab:red", "--"), ("tab:purple", "-."), ("tab:green", ":"), ("tab:brown", (0, (5, 1, 1, 1)))]
#: the regimes in the order they are drawn, with fixed colours (so every report reads alike)
REGIME_COLOURS = {"stable": "tab:blue", "edge_of_chaos": "tab:green", "unstable": "tab:red"}


def _ax(ax: Any = None, figsize: tuple[float, float] = (8, 4)) -> Any:
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _legend(ax: Any, *, title: str | None = None, max_entries: int = MAX_LEGEND, outside: bool | None = None) -> None:
    """A legend that stays readable: outside the axes when long (or asked), at most ``max_entries`` entries."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    if len(handles) > max_entries:
        handles, labels = handles[:max_entries], labels[:max_entries]
        labels[-1] = f"{labels[-1]} (+{len(ax.get_legend_handles_labels()[0]) - max_entries + 1} more)"
    if outside is None:
        outside = len(handles) > 6
    ax.legend(handles, labels, title=title, fontsize="small", frameon=False,
              **({"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)} if outside else {"loc": "best"}))


def _labels(themes: pd.DataFrame | None) -> dict[str, str]:
    if themes is None or "label" not in themes.columns:
        return {}
    return dict(zip(themes["theme"].astype(str), themes["label"].astype(str), strict=True))


def _wrap(text: str, width: int = 22) -> str:
    """Long labels (bilingual theme labels, addresses) over lines of about ``width`` characters."""
    import textwrap

    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=True)) or str(text)


def _short(text: object, width: int = 24) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _empty(ax: Any, message: str) -> Any:
    """Say on the figure that there is nothing to draw (rather than an empty or failing plot)."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, transform=ax.transAxes)
    return ax


def _one_conversation(turns: pd.DataFrame, conversation_id: str | None) -> pd.DataFrame:
    if conversation_id is None:
        return turns
    sub = turns[turns["conversation_id"] == conversation_id]
    if sub.empty:
        raise ValueError(f"no turns in conversation {conversation_id!r}")
    return sub


def auto_freq(timestamps: pd.Series, *, target: int = 30) -> str:
    """A calendar period that cuts the time span into about ``target`` or fewer steps: ``h``, ``D``, ``W`` or ``M``.

    A Reddit thread of one day read by week is one point; a mail archive of
    three years read by hour is a blur. The span (last - first timestamp)
    divided by ``target`` chooses the first period at least that long.
    Without timestamps: ``"W"``.
    """
    ts = pd.Series(timestamps).dropna()
    if ts.empty:
        return "W"
    step = (ts.max() - ts.min()) / target
    for freq, length in (("h", pd.Timedelta(hours=1)), ("D", pd.Timedelta(days=1)), ("W", pd.Timedelta(weeks=1))):
        if step <= length:
            return freq
    return "M"


def theme_river(
    weights: pd.DataFrame,
    turns: pd.DataFrame,
    *,
    x: str = "turn",
    conversation_id: str | None = None,
    themes: pd.DataFrame | None = None,
    freq: str = "auto",
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
        shown as shares of that period (``"auto"``: :func:`auto_freq` of the turns' times).
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
        if freq == "auto":
            freq = auto_freq(w["timestamp"])
        w = w.assign(period=w["timestamp"].dt.tz_convert(None).dt.to_period(freq).dt.start_time)
        wide = w.pivot_table(index="period", columns="theme", values="weight", aggfunc="sum", fill_value=0.0)
        wide = wide.div(wide.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
    else:
        wide = w.pivot_table(index="turn", columns="theme", values="weight", aggfunc="sum", fill_value=0.0)
    if wide.empty:
        return _empty(ax, "no theme weights to draw" + (" with a time" if x == "timestamp" else ""))
    if themes is not None:
        order = [th for th in themes["theme"].astype(str) if th in wide.columns]
        wide = wide[order + [c for c in wide.columns if c not in order]]
    if smooth > 1:
        wide = wide.rolling(smooth, center=True, min_periods=1).mean()
    labels = _labels(themes)
    ax.stackplot(wide.index, wide.T.to_numpy(), labels=[_short(labels.get(str(c), str(c)), 40) for c in wide.columns],
                 alpha=0.85, **kwargs)
    ax.set_xlabel("turn in the conversation" if x == "turn" else "time")
    ax.set_ylabel("theme weight" if x == "turn" else "share of theme weight")
    ax.set_ylim(0, max(1.0, float(wide.sum(axis=1).max() or 1.0)))
    ax.margins(x=0)
    _legend(ax, title="theme", outside=True)
    return ax


def sentiment_trajectory(
    turns: pd.DataFrame,
    *,
    x: str = "turn",
    y: str = "sentiment",
    conversation_id: str | None = None,
    changepoints: pd.DataFrame | None = None,
    signal: str | None = None,
    window: int = 5,
    hue: str | None = None,
    ylim: tuple[float, float] | None = None,
    ax: Any = None,
    **kwargs: Any,
) -> Any:
    """Per-turn sentiment (or any per-turn series) with its rolling mean, and change points as vertical lines.

    Parameters
    ----------
    turns
        Turn table with ``x`` and ``y`` columns (``sentiment`` from
        ``stacey.annotate``; or, merged in, ``step_shift`` from the shifts table).
    x
        ``"turn"`` (position in one conversation: give ``conversation_id``) or
        ``"timestamp"`` (calendar time; many conversations together). Turns
        without a value of ``x`` are left out.
    changepoints
        The change-point table (``conversation_id``, ``id`` of the first turn
        of a new segment, ``signal``). Drawn: the rows of ``conversation_id``
        (of ``"*"``, the corpus, when no conversation is given and the table
        has such rows) whose ``id`` is among the plotted turns.
    signal
        Only change points of this signal (``sentiment``, ``theme``, ``shift``, ``activity``).
    window
        Turns in the centred rolling mean.
    ylim
        Limits of the y axis (default ``(-1.05, 1.05)`` for ``sentiment``, else automatic).
    """
    import seaborn as sns

    ax = _ax(ax, (9, 3.5))
    t = _one_conversation(turns, conversation_id).dropna(subset=[x, y])
    if t.empty:
        return _empty(ax, f"no turns with both {x} and {y}")
    t = t.sort_values([x, "id"]).reset_index(drop=True)
    sns.scatterplot(data=t, x=x, y=y, hue=hue, ax=ax, s=14, alpha=0.45, linewidth=0, legend=hue is not None, **kwargs)
    roll = t[y].astype(float).rolling(window, center=True, min_periods=1).mean()
    ax.plot(t[x], roll, color="0.15", linewidth=1.6, label=f"rolling mean ({window} turns)")
    if y == "sentiment":
        ax.axhline(0, color="0.6", linewidth=0.8, linestyle=":")
    if changepoints is not None and len(changepoints):
        cps = changepoints
        if signal is not None and "signal" in cps.columns:
            cps = cps[cps["signal"] == signal]
        if "conversation_id" in cps.columns:
            if conversation_id is not None:
                cps = cps[cps["conversation_id"] == conversation_id]
            elif (cps["conversation_id"] == "*").any():
                cps = cps[cps["conversation_id"] == "*"]
        at = t.drop_duplicates("id").set_index("id")[x]
        cps = cps[cps["id"].isin(at.index)].drop_duplicates(["id", "signal"] if "signal" in cps.columns else ["id"])
        signals = list(dict.fromkeys(cps["signal"])) if "signal" in cps.columns else [None]
        for k, sig in enumerate(signals):
            rows = cps if sig is None else cps[cps["signal"] == sig]
            for i, cid in enumerate(rows["id"]):
                ax.axvline(at[cid], color=CHANGE_STYLES[k % len(CHANGE_STYLES)][0],
                           linestyle=CHANGE_STYLES[k % len(CHANGE_STYLES)][1], linewidth=1.1,
                           label=(f"change point ({sig})" if sig else "change point") if i == 0 else None)
    if ylim is None and y == "sentiment":
        ylim = (-1.05, 1.05)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_ylabel(y.replace("_", " "))
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

    ``matrix`` is the symmetric turn x turn similarity of one conversation
    (``stacey.dynamics.recurrence.recurrence_matrix``). The lower triangle
    shows how much each later turn (row) takes up each earlier one (column).
    With ``speakers`` (one per turn) the diagonal is a strip coloured by
    speaker, so self- and other-recurrence can be told apart.
    """
    import matplotlib.colors as mcolors
    import seaborn as sns

    ax = _ax(ax, (6, 6))
    m = np.asarray(matrix, dtype=float)
    if m.size == 0:
        return _empty(ax, "no turns to compare")
    lower = np.tril(m, k=-1)
    top = float(np.nanmax(lower)) if lower.size else 0.0
    ax.imshow(np.ma.masked_where(lower <= 0, lower), cmap=cmap, vmin=0, vmax=max(1e-9, top or 1.0),
              interpolation="nearest", origin="upper", **kwargs)
    if speakers is not None:
        names = pd.Series(list(speakers), dtype="string").fillna("?")
        order = list(dict.fromkeys(names))
        palette = sns.color_palette("husl", len(order))
        colours = {sp: palette[i] for i, sp in enumerate(order)}
        n = len(names)
        ax.scatter(np.arange(n), np.arange(n), c=[colours[sp] for sp in names], s=max(4, 900 / max(n, 1)), marker="s")
        for sp in order:
            ax.scatter([], [], color=colours[sp], marker="s", label=_short(sp))
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

    ``data``: the novelty table (``novelty``, ``transience``, ``resonance`` per
    turn; turns without enough context have NaN and are left out). Upper
    right: new and taken up (a gesture that changes the conversation); lower
    right: new but not taken up; left: repeating what was said.
    """
    import seaborn as sns

    ax = _ax(ax, (6, 5))
    d = data.dropna(subset=[x, y])
    if d.empty:
        return _empty(ax, "no turn has enough turns before and after it\nfor novelty and resonance")
    sns.scatterplot(data=d, x=x, y=y, hue=hue, ax=ax, s=18, alpha=0.6, linewidth=0, legend=hue is not None, **kwargs)
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.axvline(float(d[x].median()), color="0.5", linewidth=0.8, linestyle=":")
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
    conversation), as ``stacey.dynamics.uptake.uptake`` returns. A curve to
    the right of the baseline means responses take up their gestures more than
    chance. Edges without a baseline (no earlier turn to compare) are left out.
    """
    import seaborn as sns

    ax = _ax(ax, (6, 4))
    base = f"{measure}_baseline_mean"
    d = uptake.dropna(subset=[measure, base]) if len(uptake) else uptake
    if d.empty:
        return _empty(ax, "no reply edges with a baseline to compare")
    long = pd.concat([
        pd.DataFrame({"value": d[measure].astype(float), "kind": "reply to its gesture"}),
        pd.DataFrame({"value": d[base].astype(float), "kind": "baseline (random earlier turns)"}),
    ], ignore_index=True)
    sns.ecdfplot(data=long, x="value", hue="kind", ax=ax)
    ax.set_xlabel(measure.replace("_", " "))
    ax.set_ylabel("share of edges at or below")
    return ax


def _packed_layout(g: Any, *, seed: int) -> dict[Any, np.ndarray]:
    """Spring layout per connected group of speakers, the groups side by side (largest first).

    One spring layout of a graph with several components pushes the
    components far apart and squeezes each; laying each out on its own, with a
    size growing with its number of speakers, keeps every group legible.
    """
    import networkx as nx

    comps = sorted(nx.weakly_connected_components(g), key=lambda c: (-len(c), sorted(map(str, c))))
    pos: dict[Any, np.ndarray] = {}
    cols = int(np.ceil(np.sqrt(len(comps))))
    for i, comp in enumerate(comps):
        sub = g.subgraph(comp)
        radius = 0.5 * np.sqrt(len(comp) / max(len(comps[0]), 1))
        local = (nx.spring_layout(sub, seed=seed, k=1.8 / np.sqrt(len(comp)), weight="weight", scale=radius)
                 if len(comp) > 1 else {next(iter(comp)): np.zeros(2)})
        centre = np.array([i % cols, -(i // cols)], dtype=float) * 1.25
        pos.update({n: centre + p for n, p in local.items()})
    return pos


def reply_network(
    edges: pd.DataFrame,
    *,
    source: str = "response_speaker",
    target: str = "gesture_speaker",
    top: int = 20,
    max_nodes: int = 150,
    seed: int = 0,
    ax: Any = None,
) -> Any:
    """Who responds to whom: speakers as nodes, replies as arrows (networkx spring layout).

    Node size is attention received (replies to the speaker); the ``top``
    speakers by attention are labelled (long names shortened). ``edges`` is the
    reply-edge table (``stacey.dynamics.edges.edges``); self-replies are left out.
    With more than ``max_nodes`` speakers (a large forum thread), only the
    ``max_nodes`` most involved (replies received + given) are drawn, and the
    title says so.
    """
    import networkx as nx

    ax = _ax(ax, (8, 8))
    if edges.empty:
        return _empty(ax, "no replies between speakers")
    counts = edges.groupby([source, target], observed=True).size().rename("n").reset_index()
    counts = counts[counts[source] != counts[target]]
    g = nx.DiGraph()
    for row in counts.itertuples(index=False):
        g.add_edge(getattr(row, source), getattr(row, target), weight=row.n)
    if not g:
        return _empty(ax, "no replies between speakers")
    if len(g) > max_nodes:
        involvement = dict(g.degree(weight="weight"))
        keep = sorted(involvement, key=lambda n: (-involvement[n], str(n)))[:max_nodes]
        ax.set_title(f"the {max_nodes} speakers most involved in replies (of {len(g)})", fontsize=9)
        g = g.subgraph(keep).copy()
    received = dict(g.in_degree(weight="weight"))
    pos = _packed_layout(g, seed=seed)
    biggest = max(received.values()) or 1
    sizes = [40 + 600 * received.get(n, 0) / biggest for n in g]
    widths = [0.4 + np.log1p(d["weight"]) for _u, _v, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.3, arrowsize=8, node_size=sizes)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color="tab:blue", alpha=0.8)
    labelled = sorted(received, key=lambda n: (-received[n], str(n)))[:top]
    nx.draw_networkx_labels(g, pos, labels={n: _short(n, 22) for n in labelled}, ax=ax, font_size=7,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7})
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
    """Each speaker's mean theme mixture (rows: the ``top`` speakers by turns, most turns first).

    A turn without a theme counts with weight 0, so a row's sum is the share
    of the speaker's turns that carry a theme at all.
    """
    import seaborn as sns

    w = weights.merge(turns[["id", "speaker"]], on="id")
    n_turns = turns["speaker"].value_counts()
    keep = n_turns.index[:top]
    if w.empty or not len(keep):
        return _empty(_ax(ax, (6, 3)), "no theme weights to draw")
    wide = (w[w["speaker"].isin(keep)].pivot_table(index="speaker", columns="theme", values="weight",
                                                   aggfunc="sum", fill_value=0.0)
            .div(n_turns.reindex(keep), axis=0).reindex(keep).fillna(0.0).astype(float))
    if themes is not None:
        wide = wide[[th for th in themes["theme"].astype(str) if th in wide.columns]]
    labels = _labels(themes)
    wide.columns = [_wrap(labels.get(str(c), str(c)), 18) for c in wide.columns]
    wide.index = [_short(i, 28) for i in wide.index]
    ax = _ax(ax, (2.5 + 1.3 * len(wide.columns), 1.5 + 0.32 * len(wide)))
    sns.heatmap(wide, ax=ax, cmap="mako_r", annot=len(wide) <= 25, fmt=".2f", cbar_kws={"label": "mean weight"},
                **kwargs)
    ax.set_xlabel("theme")
    ax.set_ylabel("speaker")
    ax.tick_params(axis="x", labelrotation=0, labelsize=8)
    return ax


def lorenz_curve(
    data: pd.DataFrame,
    *,
    x: str = "population_share",
    y: str = "value_share",
    hue: str | None = "measure",
    gini: float | pd.DataFrame | None = None,
    ax: Any = None,
) -> Any:
    """Lorenz curves of participation, with the line of equality and the Gini.

    Parameters
    ----------
    data
        Lorenz points (``stacey.dynamics.power.inequality``'s second table:
        ``measure``, ``population_share``, ``value_share``), speakers ordered
        from the fewest to the most.
    hue
        Column telling the curves apart (``measure``: turns, words, attention
        received); None (or absent) for one curve.
    gini
        A number (shown as the title) or the inequality table (``measure``,
        ``gini``): each curve's legend entry then carries its Gini.
    """
    import seaborn as sns

    ax = _ax(ax, (5.5, 5))
    if data.empty:
        return _empty(ax, "no speakers")
    if hue is not None and hue not in data.columns:
        hue = None
    d = data
    if hue is not None and isinstance(gini, pd.DataFrame) and {"measure", "gini"} <= set(gini.columns):
        g = dict(zip(gini["measure"].astype(str), gini["gini"], strict=True))
        d = data.assign(**{hue: data[hue].astype(str).map(
            lambda m: f"{m.replace('_', ' ')} (Gini {g[m]:.2f})" if m in g else m)})
    sns.lineplot(data=d, x=x, y=y, hue=hue, ax=ax, drawstyle="steps-post", estimator=None, errorbar=None)
    ax.plot([0, 1], [0, 1], color="0.5", linestyle=":", linewidth=1, label="equality")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("share of speakers (fewest first)")
    ax.set_ylabel("share of the total")
    if isinstance(gini, int | float):
        ax.set_title(f"Gini = {gini:.2f}")
    _legend(ax)
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
    the two the edge of chaos (``stacey.dynamics.regimes.regimes``).
    Conversations without both measures (too short) are left out; labels
    (column ``label``, shortened) name the conversations when they are few.
    """
    import seaborn as sns

    ax = _ax(ax, (6.5, 5))
    d = regimes.dropna(subset=[x, y])
    if d.empty:
        return _empty(ax, "no conversation is long enough for a regime")
    palette = None
    if hue == "regime":
        d = d.assign(regime=d["regime"].astype("string").fillna("unknown"))
        palette = {**REGIME_COLOURS, "unknown": "0.6"}
        kwargs.setdefault("hue_order", [r for r in [*REGIME_COLOURS, "unknown"] if r in set(d["regime"])])
    sns.scatterplot(data=d, x=x, y=y, hue=hue, ax=ax, s=40, palette=palette, **kwargs)
    if label and label in d.columns and len(d) <= 25:
        middle = (float(d[x].min()) + float(d[x].max())) / 2
        for row in d.itertuples(index=False):
            right = float(getattr(row, x)) > middle  # labels point inwards, away from the legend and the edge
            ax.annotate(_short(getattr(row, label), 28), (getattr(row, x), getattr(row, y)), fontsize=7,
                        xytext=(-3 if right else 3, 3), textcoords="offset points", ha="right" if right else "left")
    ax.set_xlabel(f"{x} (repetition)" if x == "determinism" else x)
    ax.set_ylabel(f"mean {y}" if y == "novelty" else y)
    _legend(ax, title=hue, outside=True)
    return ax


def participation(
    speakers: pd.DataFrame,
    *,
    top: int = 20,
    ax: Any = None,
) -> Any:
    """Who speaks and who is responded to: each speaker's share of turns beside their share of attention.

    ``speakers``: the table of ``stacey.dynamics.power.speakers`` (``speaker``,
    ``share_turns``, ``attention_received``). Rows are the ``top`` speakers by
    turns; a speaker whose attention bar is much shorter than their turns bar
    speaks without being answered.
    """
    ax = _ax(ax, None if ax is not None else (7, 1.2 + 0.3 * min(top, max(len(speakers), 1))))
    if speakers.empty:
        return _empty(ax, "no speakers")
    total = float(speakers["attention_received"].sum())
    d = speakers.sort_values(["share_turns", "speaker"], ascending=[False, True]).head(top)
    d = d.assign(share_attention=d["attention_received"] / total if total else 0.0)
    ypos = np.arange(len(d))
    ax.barh(ypos - 0.2, d["share_turns"], height=0.4, label="share of turns", color="tab:blue")
    ax.barh(ypos + 0.2, d["share_attention"], height=0.4, label="share of replies received", color="tab:orange")
    ax.set_yticks(ypos, [_short(s, 28) for s in d["speaker"]], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("share")
    _legend(ax)
    return ax


def adoption_curves(
    adoption: pd.DataFrame,
    *,
    kind: str | None = "theme",
    items: Sequence[str] | None = None,
    themes: pd.DataFrame | None = None,
    top: int = 8,
    ax: Any = None,
) -> Any:
    """Cumulative adopters of each theme or new term over calendar time (emergence and spread).

    ``adoption``: ``stacey.dynamics.emergence.adoption_over_time`` (``item``,
    ``kind``, ``period``, ``cumulative_adopters``). Drawn: the ``items`` given,
    else the ``top`` items of ``kind`` with most adopters.
    """
    import seaborn as sns

    ax = _ax(ax, (9, 4))
    d = adoption if kind is None or "kind" not in adoption.columns else adoption[adoption["kind"] == kind]
    if items is None:
        last = d.groupby("item", observed=True)["cumulative_adopters"].max().reset_index()
        items = last.sort_values(["cumulative_adopters", "item"], ascending=[False, True])["item"].head(top).tolist()
    d = d[d["item"].isin(list(items))]
    if d.empty:
        return _empty(ax, "no adoptions to draw")
    labels = _labels(themes)
    d = d.assign(item=d["item"].astype(str).map(lambda i: _short(labels.get(i, i), 40)))
    sns.lineplot(data=d, x="period", y="cumulative_adopters", hue="item", drawstyle="steps-post", marker="o",
                 markersize=4, ax=ax, estimator=None, errorbar=None)
    ax.set_xlabel("time")
    ax.set_ylabel("speakers who have used it")
    _legend(ax, title=kind or "item", outside=True)
    return ax


def transition_heatmap(
    contagion: pd.DataFrame,
    *,
    value: str = "lift",
    ax: Any = None,
    **kwargs: Any,
) -> Any:
    """Gesture -> response sentiment transitions: how a response's feeling follows its gesture's.

    ``contagion``: ``stacey.dynamics.contagion.transitions`` (``gesture_class``,
    ``response_class``, ``count``, ``lift``). Cells show ``value`` (lift
    against the permutation null: 1 is what chance gives) with the count of edges.
    """
    import seaborn as sns

    ax = _ax(ax, (5.5, 4.5))
    if contagion.empty or contagion["count"].sum() == 0:
        return _empty(ax, "no reply edges with sentiment on both sides")
    order = [c for c in ("negative", "neutral", "positive") if c in set(contagion["gesture_class"])
             | set(contagion["response_class"])]
    wide = contagion.pivot(index="gesture_class", columns="response_class", values=value).reindex(
        index=order, columns=order).astype(float)
    counts = contagion.pivot(index="gesture_class", columns="response_class", values="count").reindex(
        index=order, columns=order).fillna(0).astype(int)
    annot = wide.map(lambda v: "" if pd.isna(v) else f"{v:.2f}") + "\n(n=" + counts.astype(str) + ")"
    sns.heatmap(wide, ax=ax, annot=annot.to_numpy(), fmt="", cmap="RdBu_r", center=1.0,
                cbar_kws={"label": value}, **kwargs)
    ax.set_xlabel("response")
    ax.set_ylabel("gesture")
    return ax
