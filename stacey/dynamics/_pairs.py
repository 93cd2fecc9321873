"""Compact per-turn content for comparing many pairs of turns: lemma sets and theme mixtures.

The edge measures (:mod:`.edges`, :mod:`.uptake`) compare a turn with another
turn millions of times. This module keeps what they compare in a compact
form and compares by blocks, so the memory a comparison needs stays bounded
whatever the number of pairs:

- :class:`LemmaSets`: each turn's distinct lemmas as integer codes
  in one flat ``int32`` array with row offsets (a CSR matrix without values,
  about 4 bytes per distinct lemma of a turn instead of the 20 or more of a
  scipy matrix built from Python lists);
- :func:`shared_counts`: |A & B| for pairs of rows, by sorted lookups;
- :class:`ThemeRows`: the turn x theme mixture, the same numbers as
  :func:`stacey.dynamics._common.mixture_matrix` without its ``pivot_table``
  and string re-indexing;
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..turns import index_in
from ._common import require
from ._lemmas import lemma_codes

__all__ = ["LemmaSets", "lemma_sets", "shared_counts", "ThemeRows", "theme_rows"]


@dataclass(frozen=True)
class LemmaSets:
    """Distinct lemmas per turn: ``codes[indptr[i]:indptr[i + 1]]`` are turn i's lemma codes."""

    indptr: np.ndarray
    codes: np.ndarray
    n_vocab: int

    @property
    def sizes(self) -> np.ndarray:
        """Number of distinct lemmas of each turn (int64)."""
        return np.diff(self.indptr)


def lemma_sets(lemmas: pd.Series) -> LemmaSets:
    """Distinct space-separated lemmas of each turn as integer codes (:func:`stacey.dynamics._lemmas.lemma_codes`).

    A missing value (None, NA, NaN) is a turn without lemmas; rows follow ``lemmas``.
    """
    indptr, codes, vocab = lemma_codes(lemmas)
    return LemmaSets(indptr, codes, len(vocab))


def _rows(sets: LemmaSets, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(label, code)`` for every lemma of ``rows``: label i for the lemmas of ``rows[i]``."""
    starts = sets.indptr[rows]
    lens = sets.indptr[rows + 1] - starts
    label = np.repeat(np.arange(len(rows)), lens)
    first = np.cumsum(lens) - lens
    flat = np.repeat(starts - first, lens) + np.arange(label.size)
    return label, sets.codes[flat]


def shared_counts(sets: LemmaSets, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|A_i & B_i|: the number of distinct lemmas turn ``a[i]`` shares with turn ``b[i]`` (int64).

    Every lemma of ``a[i]`` is looked up, with the pair label in the key, in
    the sorted keys of the ``b`` rows; memory is a few arrays as long as the
    lemmas of the pairs given, so callers pass pairs in blocks.
    """
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    width = np.int64(max(sets.n_vocab, 1))
    lb, cb = _rows(sets, b)
    keys_b = np.sort(lb * width + cb)
    la, ca = _rows(sets, a)
    keys_a = la * width + ca
    if keys_b.size == 0 or keys_a.size == 0:
        return np.zeros(len(a), dtype=np.int64)
    at = np.minimum(np.searchsorted(keys_b, keys_a), keys_b.size - 1)
    hit = keys_b[at] == keys_a
    return np.bincount(la[hit], minlength=len(a)).astype(np.int64)


@dataclass(frozen=True)
class ThemeRows:
    """Theme mixtures kept sparse: turn i's weights are ``weight[indptr[i]:indptr[i + 1]]`` on ``theme`` codes."""

    indptr: np.ndarray
    theme: np.ndarray
    weight: np.ndarray
    themes: list[str]

    def take(self, turns: np.ndarray) -> np.ndarray:
        """The dense mixtures of the turns at positions ``turns``, one row each (NaN rows for turns without weights).

        A turn's weights on one theme are summed in table order, as
        ``pivot_table(aggfunc="sum")`` sums them.
        """
        turns = np.asarray(turns, dtype=np.int64)
        k = len(self.themes)
        starts = self.indptr[turns]
        lens = self.indptr[turns + 1] - starts
        label = np.repeat(np.arange(len(turns)), lens)
        flat = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(label.size)
        out = np.bincount(label * k + self.theme[flat], weights=self.weight[flat],
                          minlength=len(turns) * k).astype(float, copy=False).reshape(len(turns), k)
        out[lens == 0] = np.nan
        return out


def theme_rows(ids: pd.Series, weights: pd.DataFrame | None) -> ThemeRows:
    """The turn x theme mixture of :func:`stacey.dynamics._common.mixture_matrix` for the turns ``ids``, sparse.

    Columns are the sorted theme ids; a turn with rows in ``weights`` gets the
    sum of its weights per theme (0 for a theme it lacks), a turn without
    gets NaN (see :meth:`ThemeRows.take`). Rows of ``weights`` whose id is not
    one of ``ids`` or whose theme is missing are left out, as ``pivot_table``
    and ``reindex`` leave them out. Turn ids are taken to be unique, as the
    turn table requires.
    """
    n = len(ids)
    if weights is None:
        return ThemeRows(np.zeros(n + 1, dtype=np.int64), np.empty(0, dtype=np.int32), np.empty(0), [])
    require(weights, ["id", "theme", "weight"], what="theme weights")
    theme = weights["theme"].astype(str)
    themes = sorted(theme.unique())
    theme_code = index_in(theme, pd.Series(themes))
    turn = index_in(weights["id"], ids)
    ok = (turn >= 0) & (theme_code >= 0)
    turn = turn[ok]
    order = np.argsort(turn, kind="stable")
    weight = np.nan_to_num(weights["weight"].to_numpy(dtype=float)[ok], nan=0.0)[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(turn, minlength=n), out=indptr[1:])
    return ThemeRows(indptr, theme_code[ok][order].astype(np.int32), weight, list(themes))
