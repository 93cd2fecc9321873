"""Participation and power: who speaks, who is answered, who is left out.

For Stacey (after Elias) power is a feature of all relating: it shows in who
is responded to and who is not, in inclusion and exclusion. These measures
describe the pattern of a corpus; they are prompts for inquiry into how the
pattern is sustained, not a ranking of people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from ..turns import index_in
from ._common import require
from .edges import edges as make_edges
from .markers import CATEGORIES, marker_mask

__all__ = ["gini", "lorenz", "participation", "inequality", "reply_network", "attention", "speakers", "wilson_upper",
           "speaker_groups", "ei_index", "coordination", "coordination_summary"]


# --- participation and inequality -------------------------------------------------------------

def gini(values: np.ndarray | pd.Series | list[float]) -> float:
    """Gini coefficient of non-negative values (Gini 1912).

    G = sum_i sum_j |x_i - x_j| / (2 n^2 mean(x)), computed from the sorted
    values as G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n (i = 1..n).
    0 is perfect equality, (n - 1) / n the largest value for n speakers.
    NaN for no values or an all-zero total.
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0 or x.sum() <= 0:
        return float("nan")
    if (x < 0).any():
        raise ValueError("gini needs non-negative values")
    i = np.arange(1, n + 1)
    return float(2 * (i * x).sum() / (n * x.sum()) - (n + 1) / n)


def lorenz(values: np.ndarray | pd.Series | list[float]) -> pd.DataFrame:
    """Lorenz curve points (Lorenz 1905).

    Returns
    -------
    DataFrame with columns ``population_share`` (i / n) and ``value_share``
    (share of the total held by the i smallest), from (0, 0) to (1, 1).
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    total = x.sum()
    cum = np.r_[0.0, np.cumsum(x) / total] if total > 0 else np.r_[0.0, np.full(n, np.nan)]
    return pd.DataFrame({"population_share": np.arange(n + 1) / max(n, 1), "value_share": cum})


def _n_words(turns: pd.DataFrame) -> pd.Series:
    if "n_words" in turns.columns:
        return turns["n_words"].astype("Float64").fillna(0).astype(float)
    return turns["text"].astype("string").fillna("").str.split().str.len().astype(float)


def speaker_groups(turns: pd.DataFrame, groups: Mapping[str, str] | pd.Series | pd.DataFrame | str | None
                   ) -> pd.Series:
    """Resolve a speaker attribute into a Series speaker -> group (string; NA when unknown).

    ``groups`` is a mapping or Series speaker -> group, a DataFrame with
    columns ``speaker`` and ``group``, or the name of a turn-table column (for
    example ``meta.group``; a speaker's first non-null value is taken).
    """
    spk = pd.Index(sorted(turns["speaker"].astype("string").dropna().unique()))
    if groups is None:
        return pd.Series(pd.NA, index=spk, dtype="string")
    if isinstance(groups, str):
        require(turns, [groups])
        g = turns.assign(_g=turns[groups].astype("string")).dropna(subset=["_g"]) \
            .groupby(turns["speaker"].astype("string"))["_g"].first()
    elif isinstance(groups, pd.DataFrame):
        require(groups, ["speaker", "group"], what="groups table")
        g = groups.drop_duplicates("speaker").set_index("speaker")["group"]
    else:
        g = pd.Series(dict(groups)) if not isinstance(groups, pd.Series) else groups
    g.index = g.index.astype("string")
    return g.reindex(spk).astype("string")


def participation(turns: pd.DataFrame, *, groups: Mapping[str, str] | pd.Series | pd.DataFrame | str | None = None
                  ) -> pd.DataFrame:
    """Turns and words per speaker.

    Words are the ``n_words`` column when present (from ``stacey.annotate``),
    else whitespace tokens of ``text``.

    Returns
    -------
    DataFrame, one row per speaker (most turns first), columns ``speaker``,
    ``group``, ``n_turns``, ``n_words``, ``share_turns``, ``share_words``,
    ``n_conversations``, ``first_time``, ``last_time``.
    """
    require(turns, ["speaker", "conversation_id", "timestamp"])
    t = turns.assign(speaker=turns["speaker"].astype("string"), _w=_n_words(turns))
    g = t.groupby("speaker", observed=True)
    out = pd.DataFrame({
        "n_turns": g.size(), "n_words": g["_w"].sum(), "n_conversations": g["conversation_id"].nunique(),
        "first_time": g["timestamp"].min(), "last_time": g["timestamp"].max(),
    })
    out["share_turns"] = out["n_turns"] / out["n_turns"].sum()
    out["share_words"] = out["n_words"] / out["n_words"].sum() if out["n_words"].sum() else np.nan
    out["group"] = speaker_groups(t, groups).reindex(out.index)
    out = out.rename_axis("speaker").reset_index().sort_values(["n_turns", "speaker"], ascending=[False, True])
    cols = ["speaker", "group", "n_turns", "n_words", "share_turns", "share_words", "n_conversations",
            "first_time", "last_time"]
    return out[cols].reset_index(drop=True)


def inequality(table: pd.DataFrame, *, measures: tuple[str, ...] = ("n_turns", "n_words", "attention_received")
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gini and Lorenz curves of per-speaker measures.

    Parameters
    ----------
    table
        A per-speaker table (:func:`speakers` or :func:`participation`).

    Returns
    -------
    ``(gini_table, lorenz_table)``: ``gini_table`` with columns ``measure``,
    ``gini``, ``n_speakers``; ``lorenz_table`` with columns ``measure``,
    ``population_share``, ``value_share``.
    """
    g_rows, curves = [], []
    for m in measures:
        if m not in table.columns:
            continue
        v = table[m].astype(float).fillna(0).to_numpy()
        g_rows.append({"measure": m, "gini": gini(v), "n_speakers": len(v)})
        curves.append(lorenz(v).assign(measure=m))
    lz = pd.concat(curves, ignore_index=True) if curves else pd.DataFrame(
        columns=["measure", "population_share", "value_share"])
    return pd.DataFrame(g_rows, columns=["measure", "gini", "n_speakers"]), \
        lz[["measure", "population_share", "value_share"]]


# --- the reply network --------------------------------------------------------------------------

def reply_network(edges: pd.DataFrame) -> nx.DiGraph:
    """Directed, weighted reply network: an arc responder -> gesture's speaker per reply.

    Arc weight = number of replies; self-replies are left out. Attention
    flows along the arcs, so in-degree is attention received.
    """
    e = edges[["response_speaker", "gesture_speaker"]].loc[~edges["self_reply"].to_numpy(dtype=bool)]
    w = e.groupby(["response_speaker", "gesture_speaker"], observed=True).size()
    graph = nx.DiGraph()
    for (a, b), n in w.items():
        graph.add_edge(str(a), str(b), weight=int(n))
    return graph


def _network_scores(others: pd.DataFrame, spk: pd.Index, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """PageRank and reciprocity of each speaker of ``spk`` on the reply network, without building it in networkx.

    The same numbers as ``nx.pagerank`` (its SciPy power iteration, networkx
    3.x: weighted, damping ``alpha``, uniform teleport and dangling weights,
    100 iterations at most, tolerance N * 1e-6, node order as
    :func:`reply_network` adds the nodes followed by the other speakers) and
    ``nx.reciprocity`` per node (2 |succ & pred| / (|succ| + |pred|)), from
    integer arrays: networkx's dictionaries take about 400 bytes per arc.
    """
    import scipy as sp

    w = others.groupby(["response_speaker", "gesture_speaker"], observed=True).size()
    a = index_in(w.index.get_level_values(0), spk)
    b = index_in(w.index.get_level_values(1), spk)
    known = (a >= 0) & (b >= 0)  # edges name only speakers of the turns, unless given from another table
    a, b, weight = a[known], b[known], w.to_numpy(dtype=float)[known]
    n_spk = len(spk)
    # reciprocity: an arc a -> b is reciprocated when b -> a is an arc too
    key = a.astype(np.int64) * n_spk + b
    mutual = np.isin(b.astype(np.int64) * n_spk + a, key)
    degree = np.bincount(a, minlength=n_spk) + np.bincount(b, minlength=n_spk)
    with np.errstate(invalid="ignore", divide="ignore"):
        recip = np.where(degree > 0, 2 * np.bincount(a[mutual], minlength=n_spk) / degree, np.nan)
    # PageRank, node order of reply_network(): arc ends as they first appear, then the other speakers
    both = np.empty(2 * len(a), dtype=np.int64)
    both[0::2], both[1::2] = a, b
    seen = pd.unique(both)
    nodes = np.concatenate([seen, np.setdiff1d(np.arange(n_spk), seen)])
    n = len(nodes)
    pagerank = np.full(n_spk, np.nan)
    if n == 0:
        return pagerank, recip
    at = np.empty(n_spk, dtype=np.int64)
    at[nodes] = np.arange(n)
    mat = sp.sparse.coo_array((weight, (at[a], at[b])), shape=(n, n), dtype=float).asformat("csr")
    s = mat.sum(axis=1)
    s[s != 0] = 1.0 / s[s != 0]
    mat = sp.sparse.dia_array((s.T, 0), shape=mat.shape).tocsr() @ mat
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(s == 0)[0]
    for _ in range(100):
        last = x
        x = alpha * (x @ mat + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * 1.0e-6:
            pagerank[nodes] = x
            return pagerank, recip
    raise nx.PowerIterationFailedConvergence(100)


def wilson_upper(successes: np.ndarray | float, n: np.ndarray | float, *, z: float = 1.96) -> np.ndarray:
    """Upper end of the Wilson score interval of a proportion (Wilson 1927, JASA 22(158)).

    ``(p + z^2/(2n) + z sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n)`` with
    ``p = successes / n``; NaN where ``n`` is 0.
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        hi = (p + z * z / (2 * n) + z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)
    return np.where(n > 0, hi, np.nan)


def _answerable(turns: pd.DataFrame, answered: np.ndarray) -> np.ndarray:
    """Turns at a (structure, depth) where some turn was answered by another speaker (see :func:`attention`).

    ``answered`` marks the turns another speaker replied to. The structure is
    ``meta.format`` when known, else the ``channel``; levels are compared as
    integer codes, so no string is built per turn.
    """
    if "depth" not in turns.columns:
        from ..turns import derive

        depth = derive(turns)["depth"]
    else:
        depth = turns["depth"]
    n = len(turns)
    fmt = pd.factorize(turns["meta.format"])[0] if "meta.format" in turns.columns else np.full(n, -1)
    chan = pd.factorize(turns["channel"])[0] if "channel" in turns.columns else np.zeros(n, dtype=np.intp)
    structure = np.where(fmt >= 0, fmt, fmt.max(initial=-1) + 2 + chan)
    depth_code, depths = pd.factorize(depth.astype("Int64"))
    level = structure.astype(np.int64) * (len(depths) + 1) + depth_code + 1
    return np.isin(level, np.unique(level[answered]))


def _count(speaker: pd.Series, mask: np.ndarray, spk: pd.Index) -> pd.Series:
    """Turns per speaker of ``spk`` among the turns ``mask`` selects (0 for a speaker without any)."""
    return speaker.loc[mask].to_frame("speaker").groupby("speaker", observed=True).size().reindex(spk, fill_value=0)


def attention(turns: pd.DataFrame, *, edges: pd.DataFrame | None = None, alpha: float = 0.85,
              channels: Sequence[str] | None = None) -> pd.DataFrame:
    """Who is responded to: attention, PageRank, reciprocity, unanswered turns, latency.

    ``channels`` restricts turns and edges to those channels (both ends), for
    example to leave out meeting transcripts whose reader links each remark
    to the one before it, so that every remark looks answered.

    With the reply network of :func:`reply_network` (self-replies left out):

    - ``attention_received``: replies by others to the speaker's turns (weighted in-degree);
    - ``responders``: distinct others who replied to the speaker;
    - ``replies_given``, ``addressees``: the same, outgoing;
    - ``pagerank``: PageRank on the weighted reply network (Brin and Page
      1998; damping ``alpha``): attention from speakers who receive much
      attention weighs more;
    - ``reciprocity``: share of the speaker's arcs (in and out) that are
      reciprocated, networkx's ``reciprocity`` for a node:
      |{out-arcs with a reverse arc}| + |{in-arcs with a reverse arc}| over
      in-degree + out-degree (unweighted); NaN for an isolated speaker;
    - ``unanswered_turns``: the speaker's turns no other speaker replied to;
      ``response_rate`` = 1 - unanswered_turns / n_turns;
    - ``answerable_turns``: the speaker's turns that the reply structure lets
      others answer: a turn is answerable when some turn of the same source
      structure (``meta.format``, the reader that read it, when present; else
      ``channel``) at the same reply ``depth`` was replied to by another
      speaker. Turns no reply link can reach are left out: Facebook's
      second-level comments and Slack thread replies (those platforms nest one
      level only), and whole sources without reply links (WhatsApp);
      ``answerable_response_rate`` = answered answerable turns /
      answerable_turns (NaN without answerable turns). It compares speakers
      who mostly open exchanges with speakers who mostly reply on an equal
      footing, where ``response_rate`` counts a reply that cannot be answered
      as ignored;
    - ``response_rate_upper``: the upper end of the 95% Wilson score interval
      of ``answerable_response_rate`` (Wilson 1927, "Probable inference, the
      law of succession, and statistical inference", JASA 22(158)), with
      ``p`` that rate, ``n = answerable_turns`` and ``z = 1.96``:
      ``(p + z^2/(2n) + z sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n)``. The
      highest rate the evidence allows: ranking by it puts lowest the
      speakers who are rarely answered *and* write often, not those with a
      few unanswered turns;
    - ``median_latency_received_s``: median seconds from the speaker's turn to
      each reply by others; ``median_latency_given_s``: the speaker's own
      replies to others.

    Returns
    -------
    DataFrame, one row per speaker, with the columns above plus ``speaker``
    and ``n_turns``.
    """
    require(turns, ["id", "speaker", "reply_to"])
    e = make_edges(turns) if edges is None else edges
    e = e[["self_reply", "gesture_id", "gesture_speaker", "response_speaker", "latency_s", "gesture_channel",
           "response_channel"]]
    if channels is not None:
        keep = set(channels)
        turns = turns.loc[turns["channel"].astype("string").isin(keep).to_numpy()]
        e = e.loc[e["gesture_channel"].isin(keep) & e["response_channel"].isin(keep)]
    others = e.loc[~e["self_reply"].to_numpy(dtype=bool)]
    speaker = turns["speaker"].astype("string")
    spk = pd.Index(sorted(speaker.dropna().unique()), name="speaker")
    n_turns = speaker.to_frame("speaker").groupby("speaker", observed=True).size().reindex(spk, fill_value=0)
    answered = index_in(turns["id"], others["gesture_id"]) >= 0
    unanswered = _count(speaker, ~answered, spk)
    recv = others.groupby("gesture_speaker", observed=True)
    give = others.groupby("response_speaker", observed=True)
    pagerank, reciprocity = _network_scores(others, spk, alpha)
    out = pd.DataFrame(index=spk)
    out["n_turns"] = n_turns
    out["attention_received"] = recv.size().reindex(spk, fill_value=0)
    out["responders"] = recv["response_speaker"].nunique().reindex(spk, fill_value=0)
    out["replies_given"] = give.size().reindex(spk, fill_value=0)
    out["addressees"] = give["gesture_speaker"].nunique().reindex(spk, fill_value=0)
    out["pagerank"] = pagerank
    out["reciprocity"] = reciprocity
    out["unanswered_turns"] = unanswered
    out["response_rate"] = 1 - unanswered / n_turns.replace(0, np.nan)
    can = _answerable(turns, answered)
    n_can = _count(speaker, can, spk)
    n_can_answered = _count(speaker, can & answered, spk)
    out["answerable_turns"] = n_can
    out["answerable_response_rate"] = n_can_answered / n_can.replace(0, np.nan)
    out["response_rate_upper"] = wilson_upper(n_can_answered.to_numpy(dtype=float), n_can.to_numpy(dtype=float))
    out["median_latency_received_s"] = recv["latency_s"].median().reindex(spk)
    out["median_latency_given_s"] = give["latency_s"].median().reindex(spk)
    return out.reset_index()


def speakers(turns: pd.DataFrame, *, groups: Mapping[str, str] | pd.Series | pd.DataFrame | str | None = None,
             edges: pd.DataFrame | None = None, channels: Sequence[str] | None = None) -> pd.DataFrame:
    """One table per speaker: :func:`participation` joined with :func:`attention`.

    ``channels`` restricts both to those channels (see :func:`attention`).

    Returns
    -------
    DataFrame, one row per speaker sorted by ``attention_received`` (most
    first), with the columns of both functions (``n_turns`` once).
    """
    if channels is not None:
        turns = turns.loc[turns["channel"].astype("string").isin(set(channels)).to_numpy()]
    p = participation(turns, groups=groups)
    a = attention(turns, edges=edges, channels=channels).drop(columns=["n_turns"])
    out = p.merge(a, on="speaker", how="left")
    return out.sort_values(["attention_received", "speaker"], ascending=[False, True]).reset_index(drop=True)


# --- E-I index ----------------------------------------------------------------------------------

def ei_index(turns: pd.DataFrame, groups: Mapping[str, str] | pd.Series | pd.DataFrame | str, *,
             edges: pd.DataFrame | None = None, weighted: bool = True) -> pd.DataFrame:
    """E-I index of the reply network for groups given as a speaker attribute.

    EI = (E - I) / (E + I) (Krackhardt and Stern 1988, "Informal networks and
    organizational crises", Social Psychology Quarterly 51(2)), with E the
    ties between members of different groups and I the ties within a group.
    A tie is a reply (``weighted=True``: every reply counts) or a distinct
    pair of speakers with at least one reply either way (``weighted=False``).
    Self-replies and ties with a speaker of unknown group are left out.
    -1: all ties internal (closed groups); +1: all ties external.

    Returns
    -------
    DataFrame with columns ``level`` (``network``, ``group`` or ``speaker``),
    ``unit`` (``*``, the group, or the speaker), ``group``, ``external``,
    ``internal``, ``ei``. For a group, ties with at least one end in it;
    for a speaker, the speaker's own ties.
    """
    e = make_edges(turns) if edges is None else edges
    e = e.loc[~e["self_reply"]]
    g = speaker_groups(turns, groups)
    pairs = pd.DataFrame({"a": e["response_speaker"].astype("string"), "b": e["gesture_speaker"].astype("string")})
    if not weighted:
        lo = pairs.min(axis=1)
        hi = pairs.max(axis=1)
        pairs = pd.DataFrame({"a": lo, "b": hi}).drop_duplicates()
    pairs = pairs.assign(ga=pairs["a"].map(g), gb=pairs["b"].map(g)).dropna(subset=["ga", "gb"])
    pairs = pairs.assign(internal=pairs["ga"] == pairs["gb"])

    def row(level: str, unit: str, group: object, sub: pd.DataFrame) -> dict:
        i = int(sub["internal"].sum())
        x = int((~sub["internal"]).sum())
        return {"level": level, "unit": unit, "group": group, "external": x, "internal": i,
                "ei": (x - i) / (x + i) if x + i else np.nan}

    rows = [row("network", "*", pd.NA, pairs)]
    for grp in sorted(g.dropna().unique()):
        rows.append(row("group", str(grp), grp, pairs.loc[(pairs["ga"] == grp) | (pairs["gb"] == grp)]))
    for s, grp in g.dropna().items():
        rows.append(row("speaker", str(s), grp, pairs.loc[(pairs["a"] == s) | (pairs["b"] == s)]))
    return pd.DataFrame(rows, columns=["level", "unit", "group", "external", "internal", "ei"]) \
        .astype({"group": "string"})


# --- linguistic coordination ---------------------------------------------------------------------

def _marker_masks(turns: pd.DataFrame, *, block: int = 10_000) -> np.ndarray:
    """Each turn's marker categories as a bit mask (:func:`.markers.marker_mask`), read ``block`` turns at a time."""
    n = len(turns)
    out = np.zeros(n, dtype=np.uint16)
    has_lang = "lang" in turns.columns
    for s in range(0, n, block):
        text = turns["text"].iloc[s:s + block].astype("string").fillna("").tolist()
        lang = turns["lang"].iloc[s:s + block].astype("string").tolist() if has_lang else [pd.NA] * len(text)
        out[s:s + len(text)] = [marker_mask(x, None if pd.isna(lg) else str(lg))
                                for x, lg in zip(text, lang, strict=True)]
    return out


def coordination(turns: pd.DataFrame, *, level: str = "speaker", edges: pd.DataFrame | None = None,
                 groups: Mapping[str, str] | pd.Series | pd.DataFrame | str | None = None,
                 min_exchanges: int = 5) -> pd.DataFrame:
    """Linguistic coordination on function-word markers (Danescu-Niculescu-Mizil et al. 2012).

    For a marker category m (:mod:`stacey.dynamics.markers`), a responder b and
    a target a, over the exchanges (a's gesture, b's reply):

        C_m(b, a) = P(E_m(b->a) | E_m(a)) - P(E_m(b->a))

    where E_m(a) is "a's gesture contains m" and E_m(b->a) "b's reply
    contains m" (Danescu-Niculescu-Mizil, Lee, Pang and Kleinberg 2012,
    "Echoes of power: language effects and power differences in social
    interaction", WWW). Positive values: b uses m more when a just did.
    Markers are looked up with the list of the reply's or gesture's own
    ``lang`` (da/en; both lists otherwise). Self-replies are left out.

    Parameters
    ----------
    level
        ``"speaker"``: each responder b towards everyone (``target`` ``*``,
        coordination given); ``"target"``: everyone towards each a (``speaker``
        ``*``, coordination received); ``"pair"``: b towards a; ``"group"``:
        b's group towards a's group (needs ``groups``).
    min_exchanges
        Rows with fewer exchanges are left out.

    Returns
    -------
    DataFrame, one row per (speaker, target, marker) with C_m defined,
    columns ``level``, ``speaker``, ``target``, ``marker``, ``n_exchanges``,
    ``n_gesture_marker`` (exchanges whose gesture has m), ``p_reply_given_gesture``,
    ``p_reply``, ``coordination``.
    """
    require(turns, ["id", "speaker", "text", "reply_to"])
    e = make_edges(turns) if edges is None else edges
    e = e[["gesture_id", "response_id", "gesture_speaker", "response_speaker"]].loc[
        ~e["self_reply"].to_numpy(dtype=bool)].reset_index(drop=True)
    masks = _marker_masks(turns)
    gm, rm = (np.where(pos >= 0, masks[pos], 0) for pos in (index_in(e["gesture_id"], turns["id"]),
                                                            index_in(e["response_id"], turns["id"])))
    del masks
    b = e["response_speaker"].astype("string")
    a = e["gesture_speaker"].astype("string")
    if level == "speaker":
        keys = pd.DataFrame({"speaker": b, "target": "*"})
    elif level == "target":
        keys = pd.DataFrame({"speaker": "*", "target": a})
    elif level == "pair":
        keys = pd.DataFrame({"speaker": b, "target": a})
    elif level == "group":
        if groups is None:
            raise ValueError("level='group' needs groups")
        g = speaker_groups(turns, groups)
        keys = pd.DataFrame({"speaker": b.map(g), "target": a.map(g)})
    else:
        raise ValueError(f"unknown level {level!r}; use speaker, target, pair or group")
    cols = ["level", "speaker", "target", "marker", "n_exchanges", "n_gesture_marker",
            "p_reply_given_gesture", "p_reply", "coordination"]
    rows = []
    flags = {}
    for i, m in enumerate(CATEGORIES):
        g_has, r_has = (gm >> i) & 1 == 1, (rm >> i) & 1 == 1
        flags |= {f"g_{m}": g_has, f"r_{m}": r_has, f"b_{m}": g_has & r_has}
    data = pd.concat([keys, pd.DataFrame(flags)], axis=1).dropna(subset=["speaker", "target"])
    del flags
    counts = data.groupby(["speaker", "target"], sort=True, observed=True).agg(
        n=("speaker", "size"), **{c: (c, "sum") for c in data.columns[2:]})
    for (spk, tgt), row in zip(counts.index, counts.itertuples(index=False), strict=True):
        n = int(row.n)
        if n < min_exchanges:
            continue
        for m in CATEGORIES:
            n_g, n_r, n_both = int(getattr(row, f"g_{m}")), int(getattr(row, f"r_{m}")), int(getattr(row, f"b_{m}"))
            if n_g == 0:
                continue
            p_given = np.float64(n_both) / n_g
            p_base = np.float64(n_r) / n
            rows.append({"level": level, "speaker": spk, "target": tgt, "marker": m, "n_exchanges": n,
                         "n_gesture_marker": n_g, "p_reply_given_gesture": float(p_given),
                         "p_reply": float(p_base), "coordination": float(p_given - p_base)})
    return pd.DataFrame(rows, columns=cols)


def coordination_summary(per_marker: pd.DataFrame) -> pd.DataFrame:
    """Aggregate coordination over markers: the mean of C_m over the markers where it is defined.

    This is the simplest of the aggregates discussed by Danescu-Niculescu-Mizil
    et al. (2012, section 4): markers for which a speaker has no triggering
    exchange are skipped rather than imputed; ``n_markers`` says how many
    went in, so compare speakers with similar counts.

    Returns
    -------
    DataFrame with columns ``level``, ``speaker``, ``target``, ``coordination``,
    ``n_markers``, ``n_exchanges``.
    """
    cols = ["level", "speaker", "target", "coordination", "n_markers", "n_exchanges"]
    if per_marker.empty:
        return pd.DataFrame(columns=cols)
    g = per_marker.groupby(["level", "speaker", "target"], sort=True, observed=True)
    out = g.agg(coordination=("coordination", "mean"), n_markers=("marker", "nunique"),
                n_exchanges=("n_exchanges", "first")).reset_index()
    return out[cols]
