"""Uptake: how much of a gesture's content its response takes up, against chance.

A response may take up its gesture (repeat, answer, build on its content) or
turn elsewhere. Raw overlap depends on how talkative a conversation is and how
narrow its vocabulary, so each edge is set against a permutation baseline:
the same response compared with *other* turns it could have answered, namely
earlier turns of the same conversation by other speakers than the responder.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import groups, lemma_matrix, mixture_matrix, ordered, require
from .edges import edges as make_edges

__all__ = ["uptake", "uptake_summary", "uptake_tables"]

MEASURES = ("lemma_overlap", "theme_similarity")


def _pools(t: pd.DataFrame, e: pd.DataFrame, rng: np.random.Generator, max_pool: int) -> list[np.ndarray]:
    """For each edge, positions (in ``t``) of the baseline candidates."""
    pos = pd.Series(np.arange(len(t)), index=pd.Index(t["id"].astype("string")))
    conv = t["conversation_id"].astype("string").to_numpy()
    turn = t["turn"].to_numpy()
    spk = t["speaker"].astype("string").to_numpy()
    by_conv = dict(groups(conv))
    pools: list[np.ndarray] = []
    for gid, rid in zip(e["gesture_id"], e["response_id"], strict=True):
        r = pos[rid]
        g = pos[gid]
        members = by_conv[conv[r]]
        cand = members[(turn[members] < turn[r]) & (spk[members] != spk[r]) & (members != g)]
        if len(cand) > max_pool:
            cand = np.sort(rng.choice(cand, size=max_pool, replace=False))
        pools.append(cand)
    return pools


def _candidate_values(measure: str, pools: list[np.ndarray], r_pos: np.ndarray,
                      lm: object, mix: np.ndarray) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    if measure == "lemma_overlap":
        sizes = np.asarray(lm.sum(axis=1)).ravel()
        for cand, r in zip(pools, r_pos, strict=True):
            if len(cand) == 0:
                out.append(np.empty(0))
                continue
            inter = np.asarray(lm[cand].multiply(lm[r]).sum(axis=1)).ravel()
            with np.errstate(invalid="ignore", divide="ignore"):
                vals = np.where(sizes[cand] > 0, inter / sizes[cand], np.nan)
            out.append(vals[np.isfinite(vals)])
    else:
        norms = np.linalg.norm(mix, axis=1) if mix.size else np.empty(len(mix))
        for cand, r in zip(pools, r_pos, strict=True):
            if len(cand) == 0 or mix.shape[1] == 0:
                out.append(np.empty(0))
                continue
            with np.errstate(invalid="ignore", divide="ignore"):
                vals = mix[cand] @ mix[r] / (norms[cand] * norms[r])
            out.append(vals[np.isfinite(vals)])
    return out


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
            edges: pd.DataFrame | None) -> tuple[pd.DataFrame, dict[str, list[np.ndarray]]]:
    require(turns, ["id", "conversation_id", "reply_to", "speaker"])
    t = ordered(turns)
    e = make_edges(t, weights) if edges is None else edges
    e = e.loc[~e["self_reply"]].reset_index(drop=True)
    rng = np.random.default_rng(random_state)
    pools = _pools(t, e, rng, max_pool)
    pos = pd.Series(np.arange(len(t)), index=pd.Index(t["id"].astype("string")))
    r_pos = pos.reindex(e["response_id"].astype("string")).to_numpy().astype(int)
    lm = lemma_matrix(t["lemmas"])[0] if "lemmas" in t.columns else None
    mix, _themes = mixture_matrix(t["id"], weights)

    out = e[["gesture_id", "response_id", "conversation_id", "gesture_speaker", "response_speaker"]].copy()
    out["n_baseline"] = np.array([len(p) for p in pools], dtype="int64")
    values: dict[str, list[np.ndarray]] = {}
    for m in MEASURES:
        obs = e[m].to_numpy(dtype=float)
        available = (lm is not None) if m == "lemma_overlap" else mix.shape[1] > 0
        if available:
            vals = _candidate_values(m, pools, r_pos, lm, mix)
        else:
            vals = [np.empty(0)] * len(e)
        values[m] = vals
        mean = np.array([v.mean() if len(v) else np.nan for v in vals])
        sd = np.array([v.std(ddof=1) if len(v) > 1 else np.nan for v in vals])
        pct = np.array([((v < o).sum() + 0.5 * (v == o).sum()) / len(v) if len(v) and np.isfinite(o) else np.nan
                        for v, o in zip(vals, obs, strict=True)])
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(sd > 0, (obs - mean) / sd, np.nan)
        out[m] = obs
        out[f"{m}_baseline_mean"] = mean
        out[f"{m}_baseline_sd"] = sd
        out[f"{m}_z"] = z
        out[f"{m}_pct"] = pct
    return out, values


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
    per_edge, values = _uptake(turns, weights, max_pool=max_pool, random_state=random_state, edges=edges)
    return per_edge, _summary(per_edge, values, n_perm=n_perm, random_state=random_state)


def _summary(per_edge: pd.DataFrame, values: dict[str, list[np.ndarray]], *, n_perm: int,
             random_state: int | None) -> pd.DataFrame:
    rng = np.random.default_rng(None if random_state is None else random_state + 1)
    rows = []
    for m in MEASURES:
        obs = per_edge[m].to_numpy(dtype=float)
        vals = values[m]
        keep = [i for i in range(len(obs)) if np.isfinite(obs[i]) and len(vals[i])]
        if not keep:
            rows.append({"measure": m, "n_edges": 0, "observed_mean": np.nan, "baseline_mean": np.nan,
                         "baseline_sd": np.nan, "difference": np.nan, "z": np.nan, "p_value": np.nan,
                         "share_above_median": np.nan, "n_perm": n_perm})
            continue
        observed = float(obs[keep].mean())
        perm = np.zeros(n_perm)
        for i in keep:
            v = vals[i]
            perm += v[rng.integers(0, len(v), size=n_perm)]
        perm /= len(keep)
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
