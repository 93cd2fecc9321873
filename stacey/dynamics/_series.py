"""Shared by the theme-series measures: turns in order with their theme mixtures, and divergences."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ..themes._input import ordered
from ..themes.mixtures import check_weights
from ._common import only, release_arrow_memory, theme_array

__all__ = ["ordered_mixtures", "conv_codes", "runs", "parent_positions", "jsd", "kl", "smooth"]


def ordered_mixtures(turns: pd.DataFrame, weights: pd.DataFrame, columns: list[str] | None = None
                     ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Turns sorted by conversation and ``turn``, their mixture rows, and which rows carry any theme.

    Returns ``(ordered_turns, P, has)``: ``P`` is the turn x theme array
    (rows normalised to sum 1 where they carry weight), ``has`` a boolean mask
    of the rows that do. With ``columns``, the ordered turns keep only those
    (and ``turn``), so the other columns of a large table are not copied.
    """
    check_weights(weights)
    t = ordered(turns if columns is None else only(turns, [*columns, "turn"]))
    P = theme_array(weights, t["id"])[0]
    total = P.sum(axis=1, keepdims=True)
    has = total[:, 0] > 0
    # in place: a row without weight is all zeros already (weights are not negative)
    np.divide(P, total, out=P, where=total > 0)
    return t, P, has


def conv_codes(conv: pd.Series) -> np.ndarray:
    """Integer code of each row's conversation (0, 1, ... in order of first appearance; -1 for null).

    Codes compare as the ids do, without an array of a million Python strings.
    """
    codes = pd.factorize(conv)[0]
    release_arrow_memory()  # the hash table Arrow built
    return codes


def runs(code: np.ndarray) -> Iterator[np.ndarray]:
    """Row positions of each conversation code ``0, 1, ...``, for turns sorted by conversation.

    In sorted turns each conversation is one run of rows, so its positions are
    a slice: the same as :func:`stacey.dynamics._common.groups` there, in
    linear time and with no hashing of ids. A generator: one conversation's
    positions at a time, code 0 first (the rows of code -1, a null id, are left out).
    """
    if not len(code):
        return
    start = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    if len(start) != code.max() + 1 or (code < 0).any():
        from ._common import groups

        for c, rows in groups(code):
            if c >= 0:  # a null conversation id (code -1) has no positions, as in groups()
                yield rows
        return
    bounds = np.r_[start, len(code)]
    for i in range(len(start)):
        yield np.arange(bounds[i], bounds[i + 1])


def parent_positions(t: pd.DataFrame, ids: pd.Series) -> np.ndarray:
    """Row of each turn's ``reply_to`` in ``t`` (-1 when null, absent or no such column).

    A repeated id resolves to its last row, as a ``{id: row}`` dict built in
    order would. A hash join in Arrow, so no Python objects per turn.
    """
    from ..turns import index_in

    n = len(t)
    if "reply_to" not in t.columns or not n:
        return np.full(n, -1, dtype=np.int64)
    back = index_in(t["reply_to"].astype(str), ids.iloc[::-1])
    release_arrow_memory()
    return np.where(back >= 0, n - 1 - back, -1)


def jsd(p: np.ndarray, q: np.ndarray) -> float:
    """Jensen-Shannon divergence in bits (Lin 1991), in [0, 1].

    ``JSD(p, q) = 1/2 KL(p || m) + 1/2 KL(q || m)`` with ``m = (p + q) / 2`` and
    ``KL(p || q) = sum_i p_i log2(p_i / q_i)`` (terms with ``p_i = 0`` are 0).
    """
    p = np.asarray(p, float)
    q = np.asarray(q, float)
    m = (p + q) / 2

    def part(a: np.ndarray) -> float:
        mask = a > 0
        return float(np.sum(a[mask] * np.log2(a[mask] / m[mask])))

    return max(0.0, 0.5 * part(p) + 0.5 * part(q))


def kl(p: np.ndarray, q: np.ndarray) -> float:
    """Kullback-Leibler divergence in bits, ``sum_i p_i log2(p_i / q_i)`` (``q`` must be > 0 where ``p`` is)."""
    p = np.asarray(p, float)
    q = np.asarray(q, float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log2(p[mask] / q[mask])))


def smooth(P: np.ndarray, alpha: float) -> np.ndarray:
    """Additive smoothing of mixture rows: ``(p + alpha) / (1 + K alpha)`` with ``K`` themes."""
    K = P.shape[1]
    return (P + alpha) / (1 + K * alpha)
