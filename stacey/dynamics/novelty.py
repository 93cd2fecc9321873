"""Novelty, transience and resonance of each turn (Barron, Huang, Spang and DeDeo 2018).

Barron et al., "Individuals, institutions, and innovation in the debates of
the French Revolution", PNAS 115(18):4607-4612, measure how surprising a
speech's topic mixture is given the speeches before it (novelty), how quickly
that surprise fades in the speeches after it (transience), and their
difference (resonance): a turn that brings something new *and* is taken up
has high novelty and low transience.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from ._series import conv_codes, kl, ordered_mixtures, parent_positions, runs

__all__ = ["novelty"]


def novelty(turns: pd.DataFrame, weights: pd.DataFrame, *, w: int = 5, along: Literal["time", "reply"] = "time",
            alpha: float = 0.01) -> pd.DataFrame:
    """Novelty, transience and resonance per turn, on the timeline or along the reply tree.

    With ``s_j`` the (smoothed) theme mixture of turn *j* and ``KL`` the
    Kullback-Leibler divergence in bits, after Barron et al. (2018, PNAS):

    - ``novelty_j = 1/w sum_{d=1..w} KL(s_j || s_{j-d})``
    - ``transience_j = 1/w sum_{d=1..w} KL(s_j || s_{j+d})``
    - ``resonance_j = novelty_j - transience_j``

    ``along="time"``: *j - d* and *j + d* are the turns *d* places before and
    after *j* in its conversation (by ``turn``), counting only turns that carry
    a theme; as in the paper a value is NaN unless all *w* turns exist on that
    side. ``along="reply"``: the turns before are *j*'s ancestors in the reply
    tree (parent, grandparent, ... up to *w*), the turns after are its
    descendants up to *w* generations down (replies, replies to replies, ...),
    and each side is the mean over the turns that exist (NaN when none).

    Mixtures are smoothed, ``s = (p + alpha) / (1 + K alpha)`` for *K* themes,
    so that KL stays finite when a turn has a theme its neighbour lacks.

    Parameters
    ----------
    turns
        Turn table (``id``, ``conversation_id``, ``reply_to``, ``timestamp``).
    weights
        Long theme table ``id, theme, weight``.
    w
        Window: number of turns (or generations) on each side.
    along
        ``"time"`` or ``"reply"``.
    alpha
        Additive smoothing of the mixtures.

    Returns
    -------
    DataFrame
        ``id``, ``novelty``, ``transience``, ``resonance`` (float64, bits),
        ``conversation_id``, ``n_before``, ``n_after`` (turns compared on each
        side); one row per turn in conversation order, NaN for turns without a
        theme.
    """
    if w < 1:
        raise ValueError("w must be at least 1")
    if along not in ("time", "reply"):
        raise ValueError(f"along must be 'time' or 'reply', got {along!r}")
    t, P, has = ordered_mixtures(turns, weights, columns=["id", "conversation_id", "reply_to"])
    # smoothed in place, s = (p + alpha) / (1 + K alpha) as smooth() computes it, without two more copies
    S = P
    if S.shape[1]:
        S += alpha
        S /= 1 + S.shape[1] * alpha
    ids = t["id"].astype(str)
    conv = t["conversation_id"].astype(str)
    n = len(t)
    nov = np.full(n, np.nan)
    tra = np.full(n, np.nan)
    n_before = np.zeros(n, dtype="int64")
    n_after = np.zeros(n, dtype="int64")

    def mean_kl(j: int, others: Iterable[int]) -> float:
        return float(np.mean([kl(S[j], S[k]) for k in others]))

    # the turns compared are found turn by turn and not kept: a list of neighbours per turn of a large
    # corpus took more memory than the mixtures themselves
    if along == "time":
        for rows in runs(conv_codes(conv)):
            rows = rows[has[rows]]
            for k, j in enumerate(rows):
                if k >= w:
                    nov[j] = mean_kl(j, rows[k - w:k])
                    n_before[j] = w
                if k + w < len(rows):
                    tra[j] = mean_kl(j, rows[k + 1:k + 1 + w])
                    n_after[j] = w
    else:
        parent = parent_positions(t, ids)
        # children of each turn in row order, as one sorted array (CSR) instead of a list per turn
        order = np.argsort(parent, kind="stable")
        order = order[parent[order] >= 0]
        first = np.searchsorted(parent[order], np.arange(n + 1))
        for j in np.flatnonzero(has):
            before: list[int] = []
            cur, seen = parent[j], {j}
            while cur >= 0 and len(before) < w and cur not in seen:
                seen.add(cur)
                if has[cur]:
                    before.append(cur)
                cur = parent[cur]
            after: list[int] = []
            frontier = np.array([j])
            for _ in range(w):
                frontier = np.concatenate([order[first[f]:first[f + 1]] for f in frontier]) if len(frontier) \
                    else frontier
                after.extend(int(c) for c in frontier if has[c])
            if before:
                nov[j] = mean_kl(j, before)
            if after:
                tra[j] = mean_kl(j, after)
            n_before[j], n_after[j] = len(before), len(after)
    return pd.DataFrame({"id": ids.astype("string").array, "novelty": nov, "transience": tra,
                         "resonance": nov - tra, "conversation_id": conv.astype("string").array,
                         "n_before": n_before, "n_after": n_after})
