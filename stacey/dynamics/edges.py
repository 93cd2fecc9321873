"""Gesture -> response edges: one row per reply link, with both turns side by side.

After Mead and Stacey, a gesture's meaning lies in the response it calls out;
the reply edge is the unit where that happens. This module lays every edge
out as one row so the other measures (uptake, contagion, coordination, the
reply network) work on one tidy table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..turns import index_in
from ._common import require
from ._pairs import lemma_sets, shared_counts, theme_rows

__all__ = ["edges", "jsd", "cosine_rows", "overlap_rows"]

EDGE_COLUMNS = [
    "gesture_id", "response_id", "conversation_id", "gesture_speaker", "response_speaker",
    "self_reply", "gesture_time", "response_time", "latency_s", "gesture_channel", "response_channel",
    "gesture_sentiment", "response_sentiment", "gesture_theme", "response_theme",
    "theme_similarity", "theme_jsd", "lemma_overlap", "lemma_jaccard", "gesture_n_lemmas", "response_n_lemmas",
]


def jsd(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Jensen-Shannon divergence in bits between rows of ``p`` and ``q``.

    JSD(P, Q) = 1/2 KL(P || M) + 1/2 KL(Q || M), M = (P + Q) / 2, log base 2,
    so 0 <= JSD <= 1 (Lin 1991, "Divergence measures based on the Shannon
    entropy", IEEE Trans. Inf. Theory 37(1)). Rows are normalised to sum 1;
    a row that is all zero or NaN gives NaN.
    """
    p = np.atleast_2d(np.asarray(p, dtype=float))
    q = np.atleast_2d(np.asarray(q, dtype=float))
    ps = p.sum(axis=1, keepdims=True)
    qs = q.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = p / ps
        q = q / qs
        m = (p + q) / 2
        kl_p = np.where(p > 0, p * np.log2(p / m), 0.0).sum(axis=1)
        kl_q = np.where(q > 0, q * np.log2(q / m), 0.0).sum(axis=1)
    out = 0.5 * kl_p + 0.5 * kl_q
    bad = ~(np.isfinite(ps[:, 0]) & np.isfinite(qs[:, 0]) & (ps[:, 0] > 0) & (qs[:, 0] > 0))
    out[bad] = np.nan
    return np.clip(out, 0.0, 1.0, where=~bad, out=out)


def cosine_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity between matching rows of ``a`` and ``b`` (NaN where a row is zero or NaN).

    cos(a, b) = a . b / (|a| |b|).
    """
    a = np.atleast_2d(np.asarray(a, dtype=float))
    b = np.atleast_2d(np.asarray(b, dtype=float))
    na = np.linalg.norm(a, axis=1)
    nb = np.linalg.norm(b, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (a * b).sum(axis=1) / (na * nb)
    out[~np.isfinite(out)] = np.nan
    return out


def overlap_rows(gesture: object, response: object) -> tuple[np.ndarray, np.ndarray]:
    """Content-lemma uptake between matching rows of two binary sparse matrices.

    Returns ``(overlap, jaccard)`` with overlap = |G & R| / |G| (the share of
    the gesture's distinct content lemmas the response takes up) and
    jaccard = |G & R| / |G | R|; NaN where the gesture (overlap) or both
    (jaccard) have no lemmas.
    """
    inter = np.asarray(gesture.multiply(response).sum(axis=1)).ravel()
    g = np.asarray(gesture.sum(axis=1)).ravel()
    r = np.asarray(response.sum(axis=1)).ravel()
    return _ratios(inter, g, r)


def _dominant(mix: np.ndarray) -> np.ndarray:
    """Column of each row's largest weight, -1 for a row without weight (all zero or NaN)."""
    filled = np.nan_to_num(mix, nan=-1.0)
    idx = filled.argmax(axis=1)
    has = np.nansum(np.where(np.isnan(mix), 0, mix), axis=1) > 0
    return np.where(has, idx, -1)


def _labels(codes: np.ndarray, themes: list[str]) -> pd.Series:
    """Theme ids of ``codes`` (NA for -1) as a ``string`` Series, without a Python object per row."""
    return pd.Series(pd.Categorical.from_codes(codes, categories=themes)).astype("string")


def _ratios(inter: np.ndarray, g: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(overlap, jaccard)`` from shared, gesture and response lemma counts (see :func:`overlap_rows`)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        overlap = np.where(g > 0, inter / g, np.nan)
        union = g + r - inter
        jaccard = np.where(union > 0, inter / union, np.nan)
    return overlap, jaccard


#: edges compared at once (theme mixtures and lemma sets are taken block by block)
BLOCK = 16_384


def edges(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *,
          pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per gesture -> response reply edge.

    An edge joins a turn (the response) to the turn its ``reply_to`` names (the
    gesture). Links to turns not in the table are left out (the turn table
    keeps them in ``missing_parent``). ``pairs`` (columns ``gesture_id``,
    ``response_id``) replaces the reply links by pairs a researcher names, for
    example in a flat chat without threads; a pair naming a turn that is not
    in the table raises ``KeyError``.

    Parameters
    ----------
    turns
        Turn table (``stacey.turns``); uses ``sentiment`` and ``lemmas`` when
        present (from ``stacey.annotate``), NaN otherwise.
    weights
        Long theme-weight table (``id``, ``theme``, ``weight``), optional.

    Returns
    -------
    DataFrame, one row per edge, in table order of the responses, with columns
    ``gesture_id``, ``response_id``, ``conversation_id``, ``gesture_speaker``,
    ``response_speaker``, ``self_reply`` (same speaker), ``gesture_time``,
    ``response_time``, ``latency_s`` (response time minus gesture time, seconds),
    ``gesture_channel``, ``response_channel``, ``gesture_sentiment``,
    ``response_sentiment``, ``gesture_theme``, ``response_theme`` (dominant
    theme, NA without weights), ``theme_similarity`` (cosine of the two theme
    mixtures), ``theme_jsd`` (Jensen-Shannon divergence, bits, :func:`jsd`),
    ``lemma_overlap`` (|G & R| / |G| over distinct content lemmas),
    ``lemma_jaccard`` (|G & R| / |G | R|), ``gesture_n_lemmas``,
    ``response_n_lemmas``.
    """
    require(turns, ["id", "conversation_id", "reply_to", "speaker", "timestamp", "channel"])
    t = turns.reset_index(drop=True)
    ids = t["id"].astype("string")
    if pairs is None:
        found = index_in(t["reply_to"], ids)
        r_idx = np.flatnonzero(found >= 0)
        g_idx = found[r_idx].astype(int)
        del found
    else:
        require(pairs, ["gesture_id", "response_id"], what="pairs table")
        g_idx = index_in(pairs["gesture_id"], ids)
        r_idx = index_in(pairs["response_id"], ids)
        want = pd.concat([pairs["gesture_id"], pairs["response_id"]]).astype("string")
        unknown = sorted(set(want[np.r_[g_idx, r_idx] < 0]))
        if unknown:
            raise KeyError(f"pairs name turns not in the table: {', '.join(unknown[:5])}")
        g_idx, r_idx = g_idx.astype(int), r_idx.astype(int)

    def col(name: str, idx: np.ndarray, dtype: str = "float") -> pd.Series:
        if name not in t.columns:
            return pd.Series(np.full(len(idx), np.nan), dtype=dtype)
        return t[name].iloc[idx].reset_index(drop=True)

    def text(name: str, idx: np.ndarray) -> pd.Series:
        return t[name].iloc[idx].astype("string").reset_index(drop=True)

    out = pd.DataFrame({
        "gesture_id": ids.iloc[g_idx].reset_index(drop=True),
        "response_id": ids.iloc[r_idx].reset_index(drop=True),
        "conversation_id": text("conversation_id", r_idx),
        "gesture_speaker": text("speaker", g_idx),
        "response_speaker": text("speaker", r_idx),
    })
    out["self_reply"] = (out["gesture_speaker"] == out["response_speaker"]).fillna(False).astype(bool)
    out["gesture_time"] = t["timestamp"].iloc[g_idx].reset_index(drop=True)
    out["response_time"] = t["timestamp"].iloc[r_idx].reset_index(drop=True)
    out["latency_s"] = (out["response_time"] - out["gesture_time"]).dt.total_seconds().astype(float)
    out["gesture_channel"] = text("channel", g_idx)
    out["response_channel"] = text("channel", r_idx)
    out["gesture_sentiment"] = col("sentiment", g_idx).astype(float)
    out["response_sentiment"] = col("sentiment", r_idx).astype(float)

    n = len(out)
    mix = theme_rows(ids, weights)
    if mix.themes:
        g_dom = np.empty(n, dtype=np.intp)
        r_dom = np.empty(n, dtype=np.intp)
        similarity = np.empty(n)
        divergence = np.empty(n)
        for s in range(0, n, BLOCK):
            gm, rm = mix.take(g_idx[s:s + BLOCK]), mix.take(r_idx[s:s + BLOCK])
            g_dom[s:s + BLOCK] = _dominant(gm)
            r_dom[s:s + BLOCK] = _dominant(rm)
            similarity[s:s + BLOCK] = cosine_rows(gm, rm)
            divergence[s:s + BLOCK] = jsd(np.nan_to_num(gm), np.nan_to_num(rm))
        out["gesture_theme"] = _labels(g_dom, mix.themes)
        out["response_theme"] = _labels(r_dom, mix.themes)
        out["theme_similarity"] = similarity
        out["theme_jsd"] = divergence
    else:
        out["gesture_theme"] = pd.Series([pd.NA] * n, dtype="string")
        out["response_theme"] = pd.Series([pd.NA] * n, dtype="string")
        out["theme_similarity"] = np.nan
        out["theme_jsd"] = np.nan
    del mix

    if "lemmas" in t.columns:
        sets = lemma_sets(t["lemmas"])
        inter = np.empty(n, dtype=np.int64)
        for s in range(0, n, BLOCK):
            inter[s:s + BLOCK] = shared_counts(sets, g_idx[s:s + BLOCK], r_idx[s:s + BLOCK])
        g_n, r_n = sets.sizes[g_idx], sets.sizes[r_idx]
        out["lemma_overlap"], out["lemma_jaccard"] = _ratios(inter, g_n, r_n)
        out["gesture_n_lemmas"] = g_n.astype("int64")
        out["response_n_lemmas"] = r_n.astype("int64")
    else:
        for c in ("lemma_overlap", "lemma_jaccard"):
            out[c] = np.nan
        out["gesture_n_lemmas"] = pd.Series([pd.NA] * n, dtype="Int64")
        out["response_n_lemmas"] = pd.Series([pd.NA] * n, dtype="Int64")
    return out[EDGE_COLUMNS]
