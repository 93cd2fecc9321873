"""Uptake: how much of a gesture's content its response takes up, against chance.

A response may take up its gesture (repeat, answer, build on its content) or
turn elsewhere. Raw overlap depends on how talkative a conversation is and how
narrow its vocabulary, so each edge is set against a permutation baseline:
the same response compared with *other* turns it could have answered, namely
earlier turns of the same conversation by other speakers than the responder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import numpy as np
import pandas as pd

from ..turns import index_in
from ._common import require
from ._pairs import LemmaSets, ThemeRows, lemma_sets, shared_counts, theme_rows
from .edges import edges as make_edges

__all__ = ["uptake", "uptake_summary", "uptake_tables"]

MEASURES = ("lemma_overlap", "theme_similarity")


class _Turns:
    """What the baseline needs of the turn table, in conversation order (:func:`._common.ordered`).

    Arrays are indexed by position in that order; ``row`` maps a position to
    its row in the table as given (where the lemma sets and mixtures are);
    ``g_pos`` and ``r_pos`` are the positions of the edges' gestures and responses.
    Only key columns are sorted, so the turn table is never copied whole.
    """

    def __init__(self, turns: pd.DataFrame, gesture_ids: pd.Series, response_ids: pd.Series) -> None:
        if "turn" not in turns.columns or "depth" not in turns.columns:
            from ..turns import derive

            turns = derive(turns)
        keys = turns[["conversation_id", "turn"]].reset_index(drop=True)
        self.row = keys.sort_values(["conversation_id", "turn"], kind="stable").index.to_numpy()
        position = np.empty(len(self.row), dtype=np.int64)
        position[self.row] = np.arange(len(self.row))
        self.conv = pd.factorize(keys["conversation_id"])[0][self.row]
        self.turn = keys["turn"].to_numpy()[self.row]
        self.speaker = pd.factorize(turns["speaker"].astype("string"))[0][self.row]
        # the turns of a conversation are contiguous in this order: keep where each conversation starts and ends
        n_conv = int(self.conv.max(initial=-1)) + 1
        self.start = np.zeros(n_conv, dtype=np.int64)
        known = np.flatnonzero(self.conv >= 0)[::-1]
        self.start[self.conv[known]] = known
        self.stop = self.start + np.bincount(self.conv[self.conv >= 0], minlength=n_conv)
        self.g_pos = position[index_in(gesture_ids, turns["id"])]
        self.r_pos = position[index_in(response_ids, turns["id"])]


def _pools(t: _Turns, g_pos: np.ndarray, r_pos: np.ndarray, rng: np.random.Generator,
           max_pool: int) -> Iterator[np.ndarray]:
    """For each edge in turn, positions of its baseline candidates C(r), ascending (seeded subsample)."""
    empty = np.empty(0, dtype=np.int64)
    for g, r in zip(g_pos, r_pos, strict=True):
        if t.conv[r] < 0:
            yield empty
            continue
        c = t.conv[r]
        members = np.arange(t.start[c], t.stop[c])
        cand = members[(t.turn[members] < t.turn[r]) & (t.speaker[members] != t.speaker[r]) & (members != g)]
        if len(cand) > max_pool:
            cand = np.sort(rng.choice(cand, size=max_pool, replace=False))
        yield cand


def _blocks(pools: Iterator[np.ndarray], n: int, max_pairs: int) -> Iterator[list[np.ndarray]]:
    """The pools of ``n`` edges in order, cut into runs of at most about ``max_pairs`` candidates."""
    block: list[np.ndarray] = []
    size = 0
    for _ in range(n):
        cand = next(pools)
        block.append(cand)
        size += len(cand)
        if size >= max_pairs:
            yield block
            block, size = [], 0
    if block:
        yield block


def _lemma_values(t: _Turns, sets: LemmaSets, sizes: np.ndarray, block: list[np.ndarray],
                  r_pos: np.ndarray) -> list[np.ndarray]:
    """Per edge: |L(c) & L(r)| / |L(c)| for each candidate c (finite values, in pool order)."""
    lens = np.array([len(c) for c in block], dtype=np.int64)
    cand = np.concatenate(block) if block else np.empty(0, dtype=np.int64)
    resp = np.repeat(r_pos, lens)
    inter = shared_counts(sets, t.row[cand], t.row[resp])
    size = sizes[t.row[cand]].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        vals = np.where(size > 0, inter / size, np.nan)
    return [v[np.isfinite(v)] for v in np.split(vals, np.cumsum(lens)[:-1])]


def _theme_values(t: _Turns, mix: ThemeRows, block: list[np.ndarray], r_pos: np.ndarray) -> list[np.ndarray]:
    """Per edge: cos(theta_c, theta_r) for each candidate c (finite values, in pool order)."""
    lens = np.array([len(c) for c in block], dtype=np.int64)
    cand = np.concatenate(block) if block else np.empty(0, dtype=np.int64)
    dense = mix.take(t.row[np.concatenate([cand, r_pos])])
    norms = np.linalg.norm(dense, axis=1)
    out = []
    ends = np.cumsum(lens)
    for j, (end, k) in enumerate(zip(ends, lens, strict=True)):
        if k == 0:
            out.append(np.empty(0))
            continue
        own = len(cand) + j
        with np.errstate(invalid="ignore", divide="ignore"):
            vals = dense[end - k:end] @ dense[own] / (norms[end - k:end] * norms[own])
        out.append(vals[np.isfinite(vals)])
    return out


def _values(measure: str, turns: pd.DataFrame, weights: pd.DataFrame | None,
            t: _Turns) -> Callable[[list[np.ndarray], np.ndarray], list[np.ndarray]] | None:
    """The candidate-value function of ``measure`` (None when the table lacks what it needs)."""
    if measure == "lemma_overlap":
        if "lemmas" not in turns.columns:
            return None
        sets = lemma_sets(turns["lemmas"])
        return partial(_lemma_values, t, sets, sets.sizes)
    mix = theme_rows(turns["id"], weights)
    if not mix.themes:
        return None
    return partial(_theme_values, t, mix)


class _Running:
    """Per-edge baseline statistics of one measure, and the running sums of the corpus permutation test."""

    def __init__(self, obs: np.ndarray, n_perm: int | None, rng: np.random.Generator | None) -> None:
        n = len(obs)
        self.obs = obs
        self.mean = np.full(n, np.nan)
        self.sd = np.full(n, np.nan)
        self.pct = np.full(n, np.nan)
        self.keep = np.zeros(n, dtype=bool)
        self.n_perm = n_perm
        self.rng = rng
        self.perm = np.zeros(n_perm or 0)

    def add(self, i: int, v: np.ndarray) -> None:
        """Record edge ``i`` with finite baseline values ``v``."""
        if not len(v):
            return
        o = self.obs[i]
        self.mean[i] = v.mean()
        if len(v) > 1:
            self.sd[i] = v.std(ddof=1)
        if np.isfinite(o):
            self.pct[i] = ((v < o).sum() + 0.5 * (v == o).sum()) / len(v)
            if self.rng is not None:
                self.keep[i] = True
                self.perm += v[self.rng.integers(0, len(v), size=self.n_perm)]


def uptake(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, max_pool: int = 200,
           random_state: int | None = 0, edges: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-edge uptake with a permutation baseline.

    For an edge g -> r (gesture g, response r) the observed uptake is

    - ``lemma_overlap`` = |L(g) & L(r)| / |L(g)|: the share of the gesture's
      distinct content lemmas that recur in the response (cf. lexical
      "uptake"/conceptual recurrence between consecutive turns, Angus, Smith
      and Wiles 2012; content-word overlap as alignment, Fusaroli and Tylen 2016);
    - ``theme_similarity`` = cos(theta_g, theta_r), the cosine of the theme mixtures.

    The baseline replaces g by every candidate c in C(r) = {turns of r's
    conversation earlier than r (by ``turn``), not g, by a speaker other than
    r's}: the turns r could have answered. Baseline mean and sd are over C(r)
    (exact, or a seeded random subset of ``max_pool`` when C(r) is larger);
    ``*_z`` = (observed - mean) / sd, ``*_pct`` = share of candidates below the
    observed value plus half the ties (mid-rank percentile, in [0, 1]).

    Parameters
    ----------
    turns
        Turn table with ``lemmas`` (from ``stacey.annotate``).
    weights
        Long theme-weight table (``id``, ``theme``, ``weight``), optional.
    max_pool
        At most this many baseline candidates per edge (seeded subsample).
    random_state
        Seed for the subsample.
    edges
        The edges table of :func:`stacey.dynamics.edges.edges`, if already built.

    Returns
    -------
    DataFrame, one row per edge that is not a self-reply, columns
    ``gesture_id``, ``response_id``, ``conversation_id``, ``gesture_speaker``,
    ``response_speaker``, ``n_baseline`` (size of C(r) used), and for each
    measure m in (``lemma_overlap``, ``theme_similarity``): ``m``,
    ``m_baseline_mean``, ``m_baseline_sd``, ``m_z``, ``m_pct``.
    """
    return _uptake(turns, weights, max_pool=max_pool, random_state=random_state, edges=edges)[0]


def _uptake(turns: pd.DataFrame, weights: pd.DataFrame | None, *, max_pool: int, random_state: int | None,
            edges: pd.DataFrame | None, n_perm: int | None = None,
            max_pairs: int = 20_000) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Per-edge uptake and (with ``n_perm``) the corpus summary, one measure at a time.

    The candidates of each edge are drawn again for each measure from the
    same seed, and candidate values are reduced at once to the per-edge
    statistics and to running sums of the permutation means, so nothing is
    kept per candidate: memory grows with the number of edges, not with the
    number of edges times the pool size.
    """
    require(turns, ["id", "conversation_id", "reply_to", "speaker"])
    e = make_edges(turns, weights) if edges is None else edges
    keep = ~e["self_reply"].to_numpy(dtype=bool)
    cols = ["gesture_id", "response_id", "conversation_id", "gesture_speaker", "response_speaker"]
    out = e[cols].loc[keep].reset_index(drop=True)
    observed = {m: e[m].to_numpy(dtype=float)[keep] for m in MEASURES}
    del e
    t = _Turns(turns, out["gesture_id"], out["response_id"])
    g_pos, r_pos = t.g_pos, t.r_pos
    n = len(out)
    pool_seed = random_state if random_state is not None else np.random.SeedSequence().entropy
    summary_rng = (np.random.default_rng(None if random_state is None else random_state + 1)
                   if n_perm is not None else None)

    n_baseline = None
    stats: dict[str, _Running] = {}
    for m in MEASURES:
        run = _Running(observed[m], n_perm, summary_rng)
        stats[m] = run
        values = _values(m, turns, weights, t)
        if values is None:
            continue
        pools = _pools(t, g_pos, r_pos, np.random.default_rng(pool_seed), max_pool)
        n_baseline = np.zeros(n, dtype="int64")
        i = 0
        for block in _blocks(pools, n, max_pairs):
            n_baseline[i:i + len(block)] = [len(c) for c in block]
            for v in values(block, r_pos[i:i + len(block)]):
                run.add(i, v)
                i += 1
        del values, pools
    if n_baseline is None:
        n_baseline = np.array([len(c) for c in _pools(t, g_pos, r_pos, np.random.default_rng(pool_seed),
                                                        max_pool)], dtype="int64")
    out["n_baseline"] = n_baseline
    for m in MEASURES:
        run = stats[m]
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(run.sd > 0, (run.obs - run.mean) / run.sd, np.nan)
        out[m] = run.obs
        out[f"{m}_baseline_mean"] = run.mean
        out[f"{m}_baseline_sd"] = run.sd
        out[f"{m}_z"] = z
        out[f"{m}_pct"] = run.pct
    summary = _summary(out, stats, n_perm=n_perm) if n_perm is not None else None
    return out, summary


def uptake_summary(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, n_perm: int = 1000,
                   max_pool: int = 200, random_state: int | None = 0,
                   edges: pd.DataFrame | None = None) -> pd.DataFrame:
    """Corpus-level uptake: observed mean against the permutation baseline.

    For measure m, the observed statistic is the mean of m over edges with a
    value and at least one baseline candidate. Each of ``n_perm``
    permutations replaces every such edge's gesture by one candidate drawn
    uniformly from its C(r) (seeded) and takes the mean; the one-sided
    p-value is p = (1 + #{perm mean >= observed}) / (1 + n_perm) (Phipson and
    Smyth 2010, "Permutation p-values should never be zero").

    Parameters
    ----------
    turns, weights, max_pool, edges
        As for :func:`uptake`.
    n_perm
        Number of permutations.
    random_state
        Seed (the same seed gives the same per-edge baseline as :func:`uptake`).

    Returns
    -------
    DataFrame, one row per measure, columns ``measure``, ``n_edges``,
    ``observed_mean``, ``baseline_mean`` (mean of the permutation means),
    ``baseline_sd``, ``difference`` (observed - baseline), ``z``, ``p_value``,
    ``share_above_median`` (share of edges with ``*_pct`` > 0.5), ``n_perm``.
    """
    return uptake_tables(turns, weights, n_perm=n_perm, max_pool=max_pool, random_state=random_state,
                         edges=edges)[1]


def uptake_tables(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, n_perm: int = 1000,
                  max_pool: int = 200, random_state: int | None = 0,
                  edges: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both :func:`uptake` (per edge) and :func:`uptake_summary` (per measure) from one baseline."""
    return _uptake(turns, weights, max_pool=max_pool, random_state=random_state, edges=edges, n_perm=n_perm)


def _summary(per_edge: pd.DataFrame, stats: dict[str, _Running], *, n_perm: int) -> pd.DataFrame:
    rows = []
    for m in MEASURES:
        run = stats[m]
        keep = np.flatnonzero(run.keep)
        if not len(keep):
            rows.append({"measure": m, "n_edges": 0, "observed_mean": np.nan, "baseline_mean": np.nan,
                         "baseline_sd": np.nan, "difference": np.nan, "z": np.nan, "p_value": np.nan,
                         "share_above_median": np.nan, "n_perm": n_perm})
            continue
        observed = float(run.obs[keep].mean())
        perm = run.perm / len(keep)
        sd = float(perm.std(ddof=1)) if n_perm > 1 else np.nan
        rows.append({
            "measure": m, "n_edges": len(keep), "observed_mean": observed,
            "baseline_mean": float(perm.mean()), "baseline_sd": sd,
            "difference": observed - float(perm.mean()),
            "z": (observed - float(perm.mean())) / sd if sd and sd > 0 else np.nan,
            "p_value": (1 + int((perm >= observed).sum())) / (1 + n_perm),
            "share_above_median": float((per_edge[f"{m}_pct"].to_numpy()[keep] > 0.5).mean()),
            "n_perm": n_perm,
        })
    return pd.DataFrame(rows)
