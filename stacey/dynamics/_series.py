"""Shared by the theme-series measures: turns in order with their theme mixtures, and divergences."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..themes._input import ordered
from ..themes.mixtures import check_weights, mixtures

__all__ = ["ordered_mixtures", "jsd", "kl", "smooth"]


def ordered_mixtures(turns: pd.DataFrame, weights: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Turns sorted by conversation and ``turn``, their mixture rows, and which rows carry any theme.

    Returns ``(ordered_turns, P, has)``: ``P`` is the turn x theme array
    (rows normalised to sum 1 where they carry weight), ``has`` a boolean mask
    of the rows that do.
    """
    check_weights(weights)
    t = ordered(turns)
    P = mixtures(weights, t).to_numpy()
    total = P.sum(axis=1, keepdims=True)
    has = total[:, 0] > 0
    P = np.divide(P, total, out=np.zeros_like(P), where=total > 0)
    return t, P, has


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
