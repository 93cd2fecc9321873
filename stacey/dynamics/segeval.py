"""Evaluation of a segmentation against a reference: Pk and WindowDiff.

Segmentations are given as one flag per unit (turn): 1 where the unit opens a
new segment, 0 elsewhere; the first unit's flag is ignored (it always opens
one). This is the form of TIAGE's labels and of :func:`theme_boundaries`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["pk", "windowdiff", "half_mean_segment", "boundary_recall"]


def _starts(flags: Sequence[int] | np.ndarray) -> np.ndarray:
    a = np.asarray(flags, dtype=int).copy()
    if len(a):
        a[0] = 0
    return (a > 0).astype(int)


def half_mean_segment(reference: Sequence[int] | np.ndarray, *, min_k: int = 1) -> int:
    """``k = max(min_k, round(N / (2 S)))``: half the mean reference segment length (N units, S segments)."""
    r = _starts(reference)
    return max(min_k, int(round(len(r) / (2 * (r.sum() + 1)))))


def _check(reference: Sequence[int] | np.ndarray, hypothesis: Sequence[int] | np.ndarray, k: int | None,
           min_k: int) -> tuple[np.ndarray, np.ndarray, int]:
    r, h = _starts(reference), _starts(hypothesis)
    if len(r) != len(h):
        raise ValueError(f"reference has {len(r)} units, hypothesis {len(h)}")
    k = half_mean_segment(r, min_k=min_k) if k is None else int(k)
    if k < 1:
        raise ValueError("k must be at least 1")
    return r, h, k


def pk(reference: Sequence[int] | np.ndarray, hypothesis: Sequence[int] | np.ndarray, *, k: int | None = None,
       min_k: int = 1) -> float:
    """Pk (Beeferman, Berger and Lafferty 1999, Machine Learning 34).

    ``Pk = 1/(N-k) sum_{i=0}^{N-k-1} [same_ref(i, i+k) != same_hyp(i, i+k)]``:
    the share of unit pairs *k* apart that one segmentation puts in the same
    segment and the other does not. *k* defaults to half the mean reference
    segment length (:func:`half_mean_segment`). Lower is better; 0 is perfect.
    When ``N <= k`` every pair is out of reach and the result is 0.
    """
    r, h, k = _check(reference, hypothesis, k, min_k)
    n = len(r)
    if n <= k:
        return 0.0
    cr, ch = np.cumsum(r), np.cumsum(h)
    # boundaries between unit i and i+k: starts at positions i+1..i+k
    br = cr[k:] - cr[:-k]
    bh = ch[k:] - ch[:-k]
    return float(np.mean((br == 0) != (bh == 0)))


def windowdiff(reference: Sequence[int] | np.ndarray, hypothesis: Sequence[int] | np.ndarray, *,
               k: int | None = None, min_k: int = 1) -> float:
    """WindowDiff (Pevzner and Hearst 2002, Computational Linguistics 28(1)).

    ``WD = 1/(N-k) sum_{i=0}^{N-k-1} [b_ref(i, i+k) != b_hyp(i, i+k)]`` with
    ``b(i, j)`` the number of boundaries between units *i* and *j*: unlike Pk
    it also counts a window where both see a boundary but not the same number.
    """
    r, h, k = _check(reference, hypothesis, k, min_k)
    n = len(r)
    if n <= k:
        return 0.0
    cr, ch = np.cumsum(r), np.cumsum(h)
    return float(np.mean((cr[k:] - cr[:-k]) != (ch[k:] - ch[:-k])))


def boundary_recall(found: pd.DataFrame, planted: pd.DataFrame, turns: pd.DataFrame, *,
                    tolerance: int = 2) -> pd.DataFrame:
    """For each planted (expected) boundary, the nearest found one in its conversation, in turns.

    Parameters
    ----------
    found, planted
        Tables with ``conversation_id`` and ``id`` (the first turn of a new
        segment), e.g. the output of :func:`theme_boundaries` and a corpus's
        ground truth.
    turns
        The turn table, for each turn's position (``turn``, derived if absent).
    tolerance
        A planted boundary is ``hit`` when a found one is at most this many
        turns away.

    Returns
    -------
    DataFrame
        ``conversation_id``, ``id`` (planted), ``found_id`` (nearest found,
        null if none in the conversation), ``distance`` (turns, nullable
        Int64), ``hit`` (bool). ``hit.mean()`` is the recall within tolerance.
    """
    from ..themes._input import ordered

    t = ordered(turns)
    pos = dict(zip(t["id"].astype(str), t["turn"].astype(int), strict=True))
    by_conv: dict[str, list[str]] = {}
    for c, i in zip(found["conversation_id"].astype(str), found["id"].astype(str), strict=True):
        by_conv.setdefault(c, []).append(i)
    rows = []
    for c, i in zip(planted["conversation_id"].astype(str), planted["id"].astype(str), strict=True):
        cands = [f for f in by_conv.get(c, []) if f in pos]
        if i not in pos or not cands:
            rows.append({"conversation_id": c, "id": i, "found_id": None, "distance": pd.NA, "hit": False})
            continue
        best = min(cands, key=lambda f: (abs(pos[f] - pos[i]), pos[f]))
        d = abs(pos[best] - pos[i])
        rows.append({"conversation_id": c, "id": i, "found_id": best, "distance": d, "hit": d <= tolerance})
    out = pd.DataFrame(rows, columns=["conversation_id", "id", "found_id", "distance", "hit"])
    return out.astype({"distance": "Int64", "hit": bool})
