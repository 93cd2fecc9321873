"""Helpers the dynamics modules share: column checks, theme mixtures, lemma matrices."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import SchemaError

__all__ = ["require", "mixture_matrix", "lemma_matrix", "ordered", "sentiment_class", "groups"]


def require(table: pd.DataFrame, columns: Iterable[str], *, what: str = "turn table", hint: str = "") -> None:
    """Raise :class:`SchemaError` naming the columns of ``columns`` that ``table`` lacks."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        extra = f" ({hint})" if hint else ""
        raise SchemaError(f"{what} lacks column(s) {', '.join(map(repr, missing))}{extra}")


def groups(keys: np.ndarray) -> list[tuple[object, np.ndarray]]:
    """``(key, positions)`` for each distinct key, in order of first appearance, positions ascending.

    The same as ``[(k, np.flatnonzero(keys == k)) for k in pd.unique(keys)]``
    (null keys excepted: they get no positions, as ``==`` gives them none), in
    linear time instead of keys x rows: with 100,000 conversations the
    comparison loop alone took minutes.
    """
    keys = np.asarray(keys)
    codes, uniques = pd.factorize(keys)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    found = {k: order[bounds[i]:bounds[i + 1]] for i, k in enumerate(uniques)}
    empty = np.empty(0, dtype=np.intp)
    return [(k, found.get(k, empty)) for k in pd.unique(keys)]


def ordered(turns: pd.DataFrame) -> pd.DataFrame:
    """Turns in conversation order: by ``conversation_id`` then ``turn`` (derived if absent).

    Returns a new table with a fresh RangeIndex; ``turn`` is computed with
    :func:`stacey.turns.derive` when missing.
    """
    if "turn" not in turns.columns or "depth" not in turns.columns:
        from ..turns import derive

        turns = derive(turns)
    return turns.sort_values(["conversation_id", "turn"], kind="stable").reset_index(drop=True)


def mixture_matrix(ids: pd.Series | Iterable[str], weights: pd.DataFrame | None,
                   themes: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """Turn x theme matrix of weights for ``ids`` (rows in the order of ``ids``).

    A turn with no row in ``weights`` gets a row of NaN (it has no theme
    mixture); ``themes`` fixes the column order (default: sorted theme ids).
    """
    ids = pd.Index(pd.Series(list(ids), dtype="string"))
    if weights is None:
        return np.full((len(ids), 0), np.nan), []
    require(weights, ["id", "theme", "weight"], what="theme weights")
    if themes is None:
        themes = sorted(weights["theme"].astype(str).unique())
    wide = (weights.assign(id=weights["id"].astype("string"), theme=weights["theme"].astype(str))
            .pivot_table(index="id", columns="theme", values="weight", aggfunc="sum", fill_value=0.0)
            .reindex(columns=themes, fill_value=0.0))
    out = wide.reindex(ids).to_numpy(dtype=float)
    return out, list(themes)


def lemma_matrix(lemmas: pd.Series) -> tuple[sparse.csr_matrix, list[str]]:
    """Binary turn x lemma matrix from a column of space-separated lemmas.

    Returns the CSR matrix (rows in the order of ``lemmas``; 1 where the lemma
    occurs in the turn at least once) and the vocabulary.
    """
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(lemmas.astype(object)):
        if text is None or text is pd.NA or (isinstance(text, float) and np.isnan(text)):
            continue
        for lemma in set(str(text).split()):
            cols.append(vocab.setdefault(lemma, len(vocab)))
            rows.append(i)
    data = np.ones(len(rows), dtype=float)
    mat = sparse.csr_matrix((data, (rows, cols)), shape=(len(lemmas), len(vocab)))
    return mat, list(vocab)


def sentiment_class(values: pd.Series | np.ndarray, *, band: float = 0.05) -> pd.Series:
    """Map compound sentiment to ``negative`` / ``neutral`` / ``positive``.

    ``negative`` if s <= -band, ``positive`` if s >= band, else ``neutral``
    (the +-0.05 band is VADER's convention, Hutto and Gilbert 2014). NaN stays NA.
    """
    s = pd.Series(np.asarray(values, dtype=float))
    out = pd.Series(pd.NA, index=s.index, dtype="string")
    out[s <= -band] = "negative"
    out[s >= band] = "positive"
    out[(s > -band) & (s < band)] = "neutral"
    return out
