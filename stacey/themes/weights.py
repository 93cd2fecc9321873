"""Build the long theme-weight table ``id, theme, weight`` from a turn x theme matrix."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["long_weights", "mixture_entries", "weights_frame"]


def mixture_entries(W: np.ndarray, *, min_weight: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-zero entries of each row of ``W`` normalised to a mixture.

    Each row is computed on its own, so a matrix may be passed a block of rows
    at a time (add the block's first row to ``rows``) with the same result.

    Returns
    -------
    rows, cols, values
        Row and column of each non-zero entry (row-major order) and its weight.
    """
    W = np.asarray(W, dtype=float)
    W = np.where(W > 0, W, 0.0)
    total = W.sum(axis=1, keepdims=True)
    P = np.divide(W, total, out=np.zeros_like(W), where=total > 0)
    del W
    if min_weight > 0:
        top = P.max(axis=1, keepdims=True)
        P = np.where((P >= min_weight) | ((P == top) & (top > 0)), P, 0.0)
        total = P.sum(axis=1, keepdims=True)
        P = np.divide(P, total, out=np.zeros_like(P), where=total > 0)
    rows, cols = np.nonzero(P > 0)
    return rows, cols, P[rows, cols].astype("float64")


def weights_frame(ids: Sequence[str] | pd.Series, themes: Sequence[str], rows: np.ndarray, cols: np.ndarray,
                  values: np.ndarray) -> pd.DataFrame:
    """The long table from entries (:func:`mixture_entries`): ``ids[rows]``, ``themes[cols]``, ``values``.

    ``ids`` is converted to the ``string`` dtype once and then indexed, so a
    column of a turn table is never turned into Python strings.

    Returns
    -------
    DataFrame
        ``id`` (string), ``theme`` (string), ``weight`` (float64).
    """
    id_array = pd.array(ids if isinstance(ids, (pd.Series, pd.api.extensions.ExtensionArray))
                        else np.asarray(ids, dtype=object), dtype="string")
    theme_array = pd.array(np.asarray(list(themes), dtype=object), dtype="string")
    return pd.DataFrame({
        "id": id_array.take(rows) if len(rows) else id_array[:0],
        "theme": theme_array.take(cols) if len(cols) else theme_array[:0],
        "weight": np.asarray(values, dtype="float64"),
    })


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
    rows, cols, values = mixture_entries(W, min_weight=min_weight)
    return weights_frame(ids, themes, rows, cols, values)
