"""Novelty, transience and resonance of each turn (Barron, Huang, Spang and DeDeo 2018).

Barron et al., "Individuals, institutions, and innovation in the debates of
the French Revolution", PNAS 115(18):4607-4612, measure how surprising a
speech's topic mixture is given the speeches before it (novelty), how quickly
that surprise fades in the speeches after it (transience), and their
difference (resonance): a turn that brings something new *and* is taken up
has high novelty and low transience.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ._common import groups
from ._series import kl, ordered_mixtures, smooth

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
    t, P, has = ordered_mixtures(turns, weights)
    S = smooth(P, alpha) if P.shape[1] else P
    ids = t["id"].astype(str).to_numpy()
    conv = t["conversation_id"].astype(str).to_numpy()
    n = len(t)
    before: list[list[int]] = [[] for _ in range(n)]
    after: list[list[int]] = [[] for _ in range(n)]
    if along == "time":
        for _c, rows in groups(conv):
            rows = rows[has[rows]]
            for k, j in enumerate(rows):
                if k >= w:
                    before[j] = list(rows[k - w:k])
                if k + w < len(rows):
                    after[j] = list(rows[k + 1:k + 1 + w])
    else:
        pos = {i: k for k, i in enumerate(ids)}
        parent = [pos.get(str(p)) if p is not None and not pd.isna(p) else None
                  for p in (t["reply_to"].astype(object) if "reply_to" in t.columns else [None] * n)]
        children: list[list[int]] = [[] for _ in range(n)]
        for k, p in enumerate(parent):
            if p is not None:
                children[p].append(k)
        for j in range(n):
            cur, seen = parent[j], {j}
            while cur is not None and len(before[j]) < w and cur not in seen:
                seen.add(cur)
                if has[cur]:
                    before[j].append(cur)
                cur = parent[cur]
            frontier = [j]
            for _ in range(w):
                frontier = [c for f in frontier for c in children[f]]
                after[j].extend(c for c in frontier if has[c])
    nov = np.full(n, np.nan)
    tra = np.full(n, np.nan)
    for j in range(n):
        if not has[j]:
            continue
        if before[j]:
            nov[j] = float(np.mean([kl(S[j], S[k]) for k in before[j]]))
        if after[j]:
            tra[j] = float(np.mean([kl(S[j], S[k]) for k in after[j]]))
    return pd.DataFrame({"id": pd.array(ids, dtype="string"), "novelty": nov, "transience": tra,
                         "resonance": nov - tra, "conversation_id": pd.array(conv, dtype="string"),
                         "n_before": np.array([len(b) if has[j] else 0 for j, b in enumerate(before)], dtype="int64"),
                         "n_after": np.array([len(a) if has[j] else 0 for j, a in enumerate(after)], dtype="int64")})
