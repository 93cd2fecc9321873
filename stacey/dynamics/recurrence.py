"""Conceptual recurrence (Angus, Smith and Wiles 2012): how turns return to each other's concepts.

Angus, Smith and Wiles, "Conceptual recurrence plots: revealing patterns in
human discourse", IEEE Trans. Visualization and Computer Graphics 18(6), 2012,
and "Human communication as coupled time series: quantifying multi-participant
recurrence", IEEE Trans. Audio, Speech and Language Processing 20(6), 2012.
A turn's *concept vector* is compared with every other turn's by cosine
similarity; the matrix is the recurrence plot. Here the vectors are the turns'
**theme mixtures** by default (``vectors="themes"``), or their TF-IDF lemma
vectors (``vectors="lemmas"``), closer to Angus et al.'s concept vectors.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ..errors import StaceyError
from ..themes._input import lemma_docs, ordered
from ..themes.mixtures import check_weights
from ._common import groups, only, theme_array
from ._series import conv_codes, runs

__all__ = ["recurrence_matrix", "recurrence", "determinism"]

Vectors = Literal["themes", "lemmas"]


def _vectors(t: pd.DataFrame, weights: pd.DataFrame | None, vectors: Vectors, fit_on: pd.DataFrame) -> np.ndarray:
    if vectors == "themes":
        if weights is None:
            raise StaceyError("vectors='themes' needs theme weights")
        return normalize(theme_array(check_weights(weights), t["id"])[0], copy=False)  # our own array
    if vectors == "lemmas":
        vec = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)
        docs = lemma_docs(fit_on)
        if not any(docs):
            return np.zeros((len(t), 0))
        vec.fit(docs)
        return normalize(vec.transform(lemma_docs(t)).toarray())
    raise ValueError(f"vectors must be 'themes' or 'lemmas', got {vectors!r}")


def recurrence_matrix(turns: pd.DataFrame, weights: pd.DataFrame | None, *, conversation_id: str,
                      vectors: Vectors = "themes") -> tuple[list[str], np.ndarray]:
    """The conceptual recurrence plot of one conversation.

    ``R_ij = cos(v_i, v_j) = v_i . v_j / (|v_i| |v_j|)`` for turns *i*, *j* of
    the conversation in ``turn`` order (Angus, Smith and Wiles 2012), ``v`` the
    theme mixture (``vectors="themes"``) or the TF-IDF lemma vector, with IDF
    from the whole turn table (``vectors="lemmas"``). A turn without concepts
    has similarity 0 with every turn, itself included.

    Returns
    -------
    (ids, matrix)
        The turn ids in order and the symmetric ``n x n`` float array.
    """
    t = ordered(turns)
    one = t[t["conversation_id"].astype(str) == str(conversation_id)].reset_index(drop=True)
    if not len(one):
        raise StaceyError(f"no turns in conversation {conversation_id!r}")
    V = _vectors(one, weights, vectors, turns)
    R = V @ V.T if V.shape[1] else np.zeros((len(one), len(one)))
    return one["id"].astype(str).tolist(), np.clip(R, 0.0, 1.0)


def recurrence(turns: pd.DataFrame, weights: pd.DataFrame | None, *, vectors: Vectors = "themes",
               horizon: int | None = None) -> pd.DataFrame:
    """Forward and backward, self and other conceptual recurrence of each turn.

    For turn *i* by speaker ``a_i``, with ``R`` the recurrence matrix of its
    conversation and ``F_i`` the later turns within ``horizon`` (all later
    turns when None), ``B_i`` the earlier ones (after Angus, Smith and Wiles
    2012, TASLP, normalised by the number of turns compared):

    - ``forward_self_i = 1/|F_i| sum_{j in F_i, a_j = a_i} R_ij`` (the speaker
      returns to it later), ``forward_other_i`` the same over ``a_j != a_i``
      (others take it up);
    - ``backward_self_i`` and ``backward_other_i`` likewise over ``B_i`` (how
      much the turn repeats the speaker's own or others' earlier concepts).

    So ``forward_self + forward_other`` is the mean similarity to later turns.
    NaN when ``F_i`` (or ``B_i``) is empty.

    Returns
    -------
    DataFrame
        ``id``, ``conversation_id``, ``forward_self``, ``forward_other``,
        ``backward_self``, ``backward_other``; one row per turn in
        conversation order.
    """
    t = ordered(turns)
    V = _vectors(t, weights, vectors, turns)
    conv = t["conversation_id"].astype(str).to_numpy()
    speaker = t["speaker"].astype(str).to_numpy() if "speaker" in t.columns else np.full(len(t), "")
    out = np.full((len(t), 4), np.nan)
    for _c, rows in groups(conv):
        Vc = V[rows]
        R = np.clip(Vc @ Vc.T, 0.0, 1.0) if V.shape[1] else np.zeros((len(rows), len(rows)))
        sp = speaker[rows]
        for a in range(len(rows)):
            hi = len(rows) if horizon is None else min(len(rows), a + 1 + horizon)
            lo = 0 if horizon is None else max(0, a - horizon)
            fwd = np.arange(a + 1, hi)
            bwd = np.arange(lo, a)
            for k, side in ((0, fwd), (2, bwd)):
                if len(side):
                    same = sp[side] == sp[a]
                    out[rows[a], k] = R[a, side][same].sum() / len(side)
                    out[rows[a], k + 1] = R[a, side][~same].sum() / len(side)
    return pd.DataFrame({"id": pd.array(t["id"].astype(str), dtype="string"),
                         "conversation_id": pd.array(conv, dtype="string"),
                         "forward_self": out[:, 0], "forward_other": out[:, 1],
                         "backward_self": out[:, 2], "backward_other": out[:, 3]})


def _determinism(R: np.ndarray, threshold: float, l_min: int) -> tuple[float, float]:
    n = len(R)
    rec = R >= threshold
    iu = np.triu_indices(n, k=1)
    n_rec = int(rec[iu].sum())
    pairs = n * (n - 1) // 2
    if n_rec == 0:
        return (0.0 if pairs else float("nan")), float("nan")
    on_lines = 0
    for off in range(1, n):
        diag = np.diagonal(rec, offset=off)
        run = 0
        for v in list(diag) + [False]:
            if v:
                run += 1
            else:
                if run >= l_min:
                    on_lines += run
                run = 0
    return n_rec / pairs, on_lines / n_rec


def determinism(turns: pd.DataFrame, weights: pd.DataFrame | None, *, vectors: Vectors = "themes",
                threshold: float = 0.5, l_min: int = 2) -> pd.DataFrame:
    """Recurrence rate and determinism of each conversation's recurrence plot.

    Recurrence quantification analysis (Webber and Zbilut 1994; Marwan,
    Romano, Thiel and Kurths 2007, Physics Reports 438) on the thresholded plot
    ``Q_ij = [R_ij >= threshold]`` for ``i < j`` (the line of identity left out):

    - ``recurrence_rate = sum_{i<j} Q_ij / (n (n - 1) / 2)``
    - ``determinism = (points of Q on diagonal lines of length >= l_min) /
      sum_{i<j} Q_ij``: the share of recurrence that comes in runs, sequences
      of turns repeating an earlier sequence (stable patterns) rather than
      isolated returns. NaN when there is no recurrent point.

    Returns
    -------
    DataFrame
        ``conversation_id``, ``n_turns``, ``recurrence_rate``, ``determinism``.
    """
    # only the columns read here are sorted (not the texts of a large table)
    t = ordered(only(turns, ["id", "conversation_id", "turn"] + (["lemmas"] if vectors == "lemmas" else [])))
    conv = t["conversation_id"].astype(str)
    # the concept vectors of every turn at once (row-wise, so the same as one conversation at a time),
    # then each conversation's rows: linear in the number of turns, not conversations x turns
    if vectors == "themes":
        V = _vectors(t, weights, vectors, turns)
        vector_rows = None
    else:
        V, vector_rows = None, _lemma_vectorizer(turns)
    first: list[int] = []
    n_turns: list[int] = []
    rate: list[float] = []
    det: list[float] = []
    for idx in runs(conv_codes(conv)):
        if V is not None:
            Vc = V[idx]
        else:
            docs = lemma_docs(t.iloc[idx])
            Vc = normalize(vector_rows.transform(docs).toarray()) if vector_rows is not None else np.zeros((len(idx), 0))
        R = np.clip(Vc @ Vc.T, 0.0, 1.0) if Vc.shape[1] else np.zeros((len(idx), len(idx)))
        rr, d = _determinism(R, threshold, l_min)
        first.append(idx[0])
        n_turns.append(len(R))
        rate.append(rr)
        det.append(d)
    if not first:
        return pd.DataFrame([], columns=["conversation_id", "n_turns", "recurrence_rate", "determinism"])
    # one value per conversation in lists of numbers, not a dict per conversation
    return pd.DataFrame({"conversation_id": conv.iloc[first].to_numpy(), "n_turns": np.array(n_turns, dtype=np.int64),
                         "recurrence_rate": np.array(rate, dtype=float), "determinism": np.array(det, dtype=float)})


def _lemma_vectorizer(fit_on: pd.DataFrame) -> TfidfVectorizer | None:
    """The TF-IDF vectoriser of :func:`_vectors` (``vectors="lemmas"``), fitted once; None without lemmas."""
    docs = lemma_docs(fit_on)
    if not any(docs):
        return None
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True).fit(docs)
