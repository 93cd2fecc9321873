"""Theme mixtures: the long ``id, theme, weight`` table as one row of weights per turn."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import SchemaError

__all__ = ["mixtures", "check_weights"]


def check_weights(weights: pd.DataFrame) -> pd.DataFrame:
    """Return ``weights`` if it has the columns ``id``, ``theme``, ``weight`` and no negative weight."""
    missing = [c for c in ("id", "theme", "weight") if c not in weights.columns]
    if missing:
        raise SchemaError(f"theme weights need columns id, theme, weight; missing {missing}")
    if len(weights) and (pd.to_numeric(weights["weight"]) < 0).any():
        raise SchemaError("theme weights must not be negative")
    return weights


def mixtures(weights: pd.DataFrame, turns: pd.DataFrame, *, themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Spread the long theme table into one row per turn and one column per theme.

    Parameters
    ----------
    weights
        Long table with columns ``id``, ``theme``, ``weight`` (as returned by
        ``NMFThemes.transform`` or ``Codebook.transform``).
    turns
        The turn table; its ``id`` order is the row order of the result.
    themes
        Column order; default: the themes in ``weights`` in sorted order.

    Returns
    -------
    DataFrame
        Index ``id`` (every turn of ``turns``, in its order), one float column
        per theme; a turn without themes is a row of zeros. Weights of the same
        turn and theme are summed. ``.to_numpy()`` gives the turn x theme array.
    """
    check_weights(weights)
    if themes is None:
        themes = sorted(pd.unique(weights["theme"].astype(str)))
    ids = turns["id"].astype(str).to_numpy()
    wide = (weights.assign(id=weights["id"].astype(str), theme=weights["theme"].astype(str),
                           weight=pd.to_numeric(weights["weight"]).astype(float))
            .pivot_table(index="id", columns="theme", values="weight", aggfunc="sum", fill_value=0.0))
    wide = wide.reindex(index=ids, columns=list(themes), fill_value=0.0).fillna(0.0)
    out = pd.DataFrame(np.asarray(wide.to_numpy(), dtype=float), index=pd.Index(ids, name="id"),
                       columns=pd.Index(list(themes), name="theme"))
    return out
