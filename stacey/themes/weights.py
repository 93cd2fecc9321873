"""Build the long theme-weight table ``id, theme, weight`` from a turn x theme matrix."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["long_weights"]


def long_weights(ids: Sequence[str], W: np.ndarray, themes: Sequence[str], *, min_weight: float = 0.0) -> pd.DataFrame:
    """Normalise each row of ``W`` to a mixture and list its non-zero entries.

    Entries below ``min_weight`` (after the first normalisation) are dropped,
    except the row's largest, and the row renormalised, so the rows of a turn sum to 1; an all-zero row
    gives no rows.

    Returns
    -------
    DataFrame
        ``id`` (string), ``theme`` (string), ``weight`` (float64), in the order
        of ``ids`` then ``themes``.
    """
    W = np.asarray(W, dtype=float)
    W = np.where(W > 0, W, 0.0)
    total = W.sum(axis=1, keepdims=True)
    P = np.divide(W, total, out=np.zeros_like(W), where=total > 0)
    if min_weight > 0:
        top = P.max(axis=1, keepdims=True)
        P = np.where((P >= min_weight) | ((P == top) & (top > 0)), P, 0.0)
        total = P.sum(axis=1, keepdims=True)
        P = np.divide(P, total, out=np.zeros_like(P), where=total > 0)
    rows, cols = np.nonzero(P > 0)
    return pd.DataFrame({
        "id": pd.array(np.asarray(ids, dtype=object)[rows], dtype="string"),
        "theme": pd.array(np.asarray(list(themes), dtype=object)[cols], dtype="string"),
        "weight": P[rows, cols].astype("float64"),
    })
