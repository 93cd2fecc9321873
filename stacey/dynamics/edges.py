"""Gesture -> response edges: one row per reply link, with both turns side by side.

After Mead and Stacey, a gesture's meaning lies in the response it calls out;
the reply edge is the unit where that happens. This module lays every edge
out as one row so the other measures (uptake, contagion, coordination, the
reply network) work on one tidy table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import lemma_matrix, mixture_matrix, require

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
    with np.errstate(invalid="ignore", divide="ignore"):
        overlap = np.where(g > 0, inter / g, np.nan)
        union = g + r - inter
        jaccard = np.where(union > 0, inter / union, np.nan)
    return overlap, jaccard


def _dominant(mix: np.ndarray, themes: list[str]) -> pd.Series:
    if not themes:
        return pd.Series([pd.NA] * len(mix), dtype="string")
    filled = np.nan_to_num(mix, nan=-1.0)
    idx = filled.argmax(axis=1)
    has = np.nansum(np.where(np.isnan(mix), 0, mix), axis=1) > 0
    return pd.Series([themes[i] if h else pd.NA for i, h in zip(idx, has, strict=True)], dtype="string")


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
    pos = pd.Series(np.arange(len(t)), index=pd.Index(ids))
    if pairs is None:
        rt = t["reply_to"].astype("string")
        has = rt.notna() & rt.isin(pos.index)
        r_idx = np.flatnonzero(has.to_numpy())
        g_idx = pos.reindex(rt[has].to_numpy()).to_numpy().astype(int)
    else:
        require(pairs, ["gesture_id", "response_id"], what="pairs table")
        want = pd.concat([pairs["gesture_id"], pairs["response_id"]]).astype("string")
        unknown = sorted(set(want) - set(pos.index))
        if unknown:
            raise KeyError(f"pairs name turns not in the table: {', '.join(unknown[:5])}")
        g_idx = pos.loc[pairs["gesture_id"].astype("string")].to_numpy().astype(int)
        r_idx = pos.loc[pairs["response_id"].astype("string")].to_numpy().astype(int)

    def col(name: str, idx: np.ndarray, dtype: str = "float") -> pd.Series:
        if name not in t.columns:
            return pd.Series(np.full(len(idx), np.nan), dtype=dtype)
        return t[name].iloc[idx].reset_index(drop=True)

    out = pd.DataFrame({
        "gesture_id": ids.iloc[g_idx].reset_index(drop=True),
        "response_id": ids.iloc[r_idx].reset_index(drop=True),
        "conversation_id": t["conversation_id"].astype("string").iloc[r_idx].reset_index(drop=True),
        "gesture_speaker": t["speaker"].astype("string").iloc[g_idx].reset_index(drop=True),
        "response_speaker": t["speaker"].astype("string").iloc[r_idx].reset_index(drop=True),
    })
    out["self_reply"] = (out["gesture_speaker"] == out["response_speaker"]).fillna(False).astype(bool)
    out["gesture_time"] = t["timestamp"].iloc[g_idx].reset_index(drop=True)
    out["response_time"] = t["timestamp"].iloc[r_idx].reset_index(drop=True)
    out["latency_s"] = (out["response_time"] - out["gesture_time"]).dt.total_seconds().astype(float)
    out["gesture_channel"] = t["channel"].astype("string").iloc[g_idx].reset_index(drop=True)
    out["response_channel"] = t["channel"].astype("string").iloc[r_idx].reset_index(drop=True)
    out["gesture_sentiment"] = col("sentiment", g_idx).astype(float)
    out["response_sentiment"] = col("sentiment", r_idx).astype(float)

    mix, themes = mixture_matrix(ids, weights)
    if themes:
        gm, rm = mix[g_idx], mix[r_idx]
        out["gesture_theme"] = _dominant(gm, themes)
        out["response_theme"] = _dominant(rm, themes)
        out["theme_similarity"] = cosine_rows(gm, rm)
        out["theme_jsd"] = jsd(np.nan_to_num(gm), np.nan_to_num(rm))
    else:
        out["gesture_theme"] = pd.Series([pd.NA] * len(out), dtype="string")
        out["response_theme"] = pd.Series([pd.NA] * len(out), dtype="string")
        out["theme_similarity"] = np.nan
        out["theme_jsd"] = np.nan

    if "lemmas" in t.columns:
        lm, _vocab = lemma_matrix(t["lemmas"])
        g, r = lm[g_idx], lm[r_idx]
        overlap, jac = overlap_rows(g, r)
        out["lemma_overlap"] = overlap
        out["lemma_jaccard"] = jac
        out["gesture_n_lemmas"] = np.asarray(g.sum(axis=1)).ravel().astype("int64")
        out["response_n_lemmas"] = np.asarray(r.sum(axis=1)).ravel().astype("int64")
    else:
        for c in ("lemma_overlap", "lemma_jaccard"):
            out[c] = np.nan
        out["gesture_n_lemmas"] = pd.Series([pd.NA] * len(out), dtype="Int64")
        out["response_n_lemmas"] = pd.Series([pd.NA] * len(out), dtype="Int64")
    return out[EDGE_COLUMNS]
