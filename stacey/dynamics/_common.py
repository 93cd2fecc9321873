"""Helpers the dynamics modules share: column checks, theme mixtures, lemma matrices."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import SchemaError

__all__ = ["require", "mixture_matrix", "theme_array", "lemma_matrix", "ordered", "sentiment_class", "groups",
           "only"]


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


def only(turns: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The columns of ``turns`` a measure reads (those present), plus what :func:`stacey.turns.derive` needs.

    Sorting the turns copies every column; a measure that sorts only the
    columns it reads does not copy the texts and lemmas of a large corpus.
    """
    need = list(columns)
    if "turn" not in turns.columns or "depth" not in turns.columns:
        need += ["id", "conversation_id", "reply_to", "timestamp"]
    return turns[[c for c in dict.fromkeys(need) if c in turns.columns]]


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
    ids = ids if isinstance(ids, pd.Series) else pd.Series(list(ids), dtype="string")
    if weights is None:
        return np.full((len(ids), 0), np.nan), []
    require(weights, ["id", "theme", "weight"], what="theme weights")
    return theme_array(weights, ids, themes=themes, missing=np.nan)


def theme_array(weights: pd.DataFrame, ids: pd.Series, *, themes: list[str] | None = None,
                missing: float = 0.0) -> tuple[np.ndarray, list[str]]:
    """Turn x theme array of the summed weights of each turn of ``ids`` (rows in the order of ``ids``).

    The numbers of a ``pivot_table(index="id", columns="theme", aggfunc="sum",
    fill_value=0)`` reindexed by ``ids`` (:func:`stacey.themes.mixtures.mixtures`
    with ``missing=0``, :func:`mixture_matrix` with ``missing=NaN``), built
    without the wide table: each weight row is written straight into its
    turn's row, so the only large allocation is the ``len(ids) x K`` result.
    Ids compare as strings; null weights count as absent; a turn whose id has
    no weight row gets ``missing`` in every column, one that has gets 0 for
    the themes it lacks. Repeated ``(id, theme)`` rows are summed as pandas
    sums a group (compensated summation), so the result equals the pivot.

    Returns
    -------
    (array, themes)
        The float64 array (column-major, like the pivot's) and the theme of each column (default: the sorted
        theme ids of ``weights``).
    """
    from ..turns import index_in

    # themes and ids as integer codes, factorised in Arrow: no Python string per weight row
    tcode, tuniq = pd.factorize(weights["theme"])
    tnames = pd.Series(tuniq).astype(str)
    if themes is None:
        themes = sorted(pd.unique(tnames))
    themes = list(themes)
    col = np.append(pd.Index(themes).get_indexer(tnames), -1)[tcode]  # tcode -1 (null theme) -> -1
    code, uniq = pd.factorize(_strings(weights["id"]))
    known = (code >= 0) & (tcode >= 0)  # the rows the pivot keeps: id and theme not null
    del tcode
    w = pd.to_numeric(weights["weight"]).to_numpy(dtype=float) + 0.0  # + 0.0: a sum of -0.0 is 0.0
    ok = known & (col >= 0) & ~np.isnan(w)
    key = code[ok].astype(np.int64) * len(themes) + col[ok]
    w = w[ok]
    del ok, col
    ordered_keys = np.sort(key)
    if len(key) and (ordered_keys[1:] == ordered_keys[:-1]).any():
        sums = pd.Series(w).groupby(key, sort=False).sum()
        key, w = sums.index.to_numpy(), sums.to_numpy(dtype=float)
    del ordered_keys
    present = np.zeros(len(uniq), dtype=bool)  # weight ids the pivot has a row for
    present[code[known]] = True
    del code, known
    # column-major, as the pivot's values are: numpy sums a row in another order in the other layout
    out = np.full((len(ids), len(themes)), missing, dtype=float, order="F")
    row = index_in(_strings(pd.Series(ids)), pd.Series(uniq, dtype="string"))  # turn -> weight id, -1 none
    hit = np.flatnonzero(row >= 0)
    hit = hit[present[row[hit]]]
    if np.bincount(row[hit], minlength=len(uniq)).max(initial=0) <= 1:
        # each weight id in at most one turn row: write the weights straight into it
        turn_of = np.full(len(uniq), -1, dtype=np.int64)
        turn_of[row[hit]] = hit
        out[hit] = 0.0
        at = turn_of[key // len(themes)]
        keep = at >= 0
        out[at[keep], key[keep] % len(themes)] = w[keep]
        return out, themes
    # repeated turn ids share their weights: one row per weight id, then one per turn
    wide = np.zeros((len(uniq), len(themes)))
    wide[key // len(themes), key % len(themes)] = w
    out[hit] = wide[row[hit]]
    return out, themes


def _strings(values: pd.Series) -> pd.Series:
    """``values.astype(str)``, without a copy when they are strings already."""
    return values if isinstance(values.dtype, pd.StringDtype) else values.astype(str)


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
