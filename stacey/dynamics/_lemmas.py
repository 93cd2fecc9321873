"""Compact lemma sets: the distinct lemmas of each turn as integer codes, without a Python object per use.

A column of space-separated lemmas becomes two numpy arrays in the layout of
a sparse CSR matrix: ``codes[indptr[i]:indptr[i + 1]]`` are the codes of the
distinct lemmas of row ``i``, codes indexing a vocabulary sorted by code point
(as ``sorted`` and a string sort order them). At 1M turns with about ten
distinct lemmas each that is ~50 MB, where the same sets as Python lists or an
exploded long table took gigabytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["lemma_codes", "naive_utc"]

#: rows converted to Python strings at a time
BLOCK = 50_000


def lemma_codes(lemmas: pd.Series, *, rows: np.ndarray | None = None,
                vocabulary: Iterable[str] | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Distinct lemmas of each row as codes into a sorted vocabulary.

    Parameters
    ----------
    lemmas
        Space-separated lemmas (split with ``str.split``); null means none.
    rows
        Positions of the rows to encode, ascending (default: all).
    vocabulary
        Keep only these words (default: every word found).

    Returns
    -------
    ``(indptr, codes, vocab)``: ``indptr`` int64 of length rows + 1,
    ``codes`` int32 (the codes of one row in no particular order), ``vocab``
    the sorted list of words the codes index.
    """
    values = lemmas.array
    n_all = len(values)
    if rows is None:
        rows = np.arange(n_all)
    elif len(rows) and np.any(np.diff(rows) <= 0):
        raise ValueError("rows must be ascending and distinct")
    fixed: Mapping[str, int] | None = None
    vocab: dict[str, int] = {}
    if vocabulary is not None:
        fixed = {w: i for i, w in enumerate(sorted({w for w in vocabulary if isinstance(w, str)}))}
        vocab = dict(fixed)
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    out = array("i")
    i = 0
    # slices of the column, never a take: taking rows from a chunked Arrow column concatenates it whole
    for a in range(0, n_all, BLOCK):
        lo, hi = np.searchsorted(rows, [a, a + BLOCK])
        if lo == hi:
            continue
        block = values[a:a + BLOCK]
        texts = np.asarray(block.to_numpy(dtype=object, na_value=None) if hasattr(block, "to_numpy") else block,
                           dtype=object)[rows[lo:hi] - a]
        for text in texts:
            if text is not None and not (isinstance(text, float) and np.isnan(text)):
                words = set(str(text).split())
                if fixed is None:
                    out.extend([vocab.setdefault(w, len(vocab)) for w in words])
                else:
                    out.extend([fixed[w] for w in words if w in fixed])
            i += 1
            indptr[i] = len(out)
    codes = np.frombuffer(out, dtype=np.int32) if len(out) else np.empty(0, dtype=np.int32)
    if fixed is None:  # number the words in sorted order
        words = sorted(vocab, key=vocab.__getitem__)
        order = np.argsort(np.array(words, dtype=object), kind="stable")
        remap = np.empty(len(words), dtype=np.int32)
        remap[order] = np.arange(len(words), dtype=np.int32)
        for a in range(0, len(codes), 1 << 20):  # in place, a block at a time
            codes[a:a + (1 << 20)] = remap[codes[a:a + (1 << 20)]]
        vocab_list = [words[i] for i in order]
    else:
        vocab_list = list(fixed)
    return indptr, codes, vocab_list


def naive_utc(ts: pd.Series) -> np.ndarray:
    """Timestamps as a numpy ``datetime64`` array in UTC wall time (tz-aware columns converted), NaT kept."""
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    return ts.to_numpy()
