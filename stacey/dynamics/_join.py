"""Join a long table to the turns by ``id`` as row positions, without merging string columns.

At 1M turns and 2.3M theme weights, ``weights.merge(turns[["id", ...]], on="id")``
took about 440 MiB of transient memory (both key columns factorised and the
string columns of the result copied); Arrow's ``index_in`` finds the same
rows with one hash table over the turn ids (about 65 MiB).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ..turns import _arrow_strings, index_in

__all__ = ["match_ids"]


def match_ids(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Row positions ``(i, j)`` with ``left[i] == right[j]`` (compared as strings), as an inner merge pairs them.

    The pairs come in the order of ``left.to_frame().merge(right.to_frame(), how="inner")``:
    by left row; null matches null, as in pandas. When ``right`` has
    duplicate values (a turn table's ids never do) the pandas merge itself is
    used, so the result is the same in every case.
    """
    if len(left) == 0 or len(right) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    if pc.count_distinct(_arrow_strings(right), mode="all").as_py() != len(right):
        pairs = pd.DataFrame({"key": left.astype("string").array, "_l": np.arange(len(left))}).merge(
            pd.DataFrame({"key": right.astype("string").array, "_r": np.arange(len(right))}), on="key", how="inner")
        return pairs["_l"].to_numpy(), pairs["_r"].to_numpy()
    found = index_in(left, right, nulls_match=True)
    rows = np.flatnonzero(found >= 0)
    return rows, found[rows].astype(np.int64)
