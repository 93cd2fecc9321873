"""Helpers the dynamics modules share: column checks, theme mixtures, lemma matrices."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import SchemaError

__all__ = ["require", "mixture_matrix", "theme_array", "ordered", "sentiment_class", "groups",
           "only", "release_arrow_memory"]


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

    ids = _strings(pd.Series(ids))
    # the theme of each weight row as a column number (factorised in Arrow: no Python string per row)
    tcode, tuniq = pd.factorize(weights["theme"])
    tnames = pd.Series(tuniq).astype(str)
    if themes is None:
        themes = sorted(pd.unique(tnames))
    themes = list(themes)
    K = len(themes)
    # null theme (code -1) -> -1; int16 as there are few themes
    col = np.append(pd.Index(themes).get_indexer(tnames), -1).astype(np.int16)[tcode]
    wid = _strings(weights["id"])
    known = wid.notna().to_numpy() & (tcode >= 0)  # the rows the pivot keeps: id and theme not null
    del tcode
    # the hash joins first, and Arrow's pool emptied after them, so the arrays below do not come on top
    first = index_in(ids, ids)
    unique = bool(((first == np.arange(len(ids))) | (first < 0)).all())
    del first
    turn = index_in(wid, ids) if unique else None  # the turn row of each weight row, -1: none
    release_arrow_memory()
    w = pd.to_numeric(weights["weight"]).to_numpy(dtype=float) + 0.0  # + 0.0: a sum of -0.0 is 0.0
    # column-major, as the pivot's values are: numpy sums a row in another order in the other layout
    out = np.full((len(ids), K), missing, dtype=float, order="F")
    if turn is not None:
        # no repeated turn id: each weight row goes straight into the row of its turn
        out[turn[known & (turn >= 0)]] = 0.0
        cell, value = _cells(turn, col, w, known, K)
        del turn, w
        out[cell // K, cell % K] = value
        return out, themes
    # repeated turn ids share their weights: one row per weight id first, then one per turn
    code, uniq = pd.factorize(wid)
    cell, value = _cells(code, col, w, known, K)
    wide = np.zeros((len(uniq), K))
    wide[cell // K, cell % K] = value
    present = np.zeros(len(uniq), dtype=bool)  # weight ids the pivot has a row for
    present[code[known]] = True
    row = index_in(ids, pd.Series(uniq, dtype="string"))  # -1: no weight row
    hit = np.flatnonzero(row >= 0)
    hit = hit[present[row[hit]]]
    out[hit] = wide[row[hit]]
    return out, themes


def _cells(row: np.ndarray, col: np.ndarray, w: np.ndarray, known: np.ndarray, K: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """Cell ``row * K + col`` and summed weight of each (row, theme) with a weight (none repeated)."""
    ok = known & (row >= 0) & (col >= 0) & ~np.isnan(w)
    cell = row[ok].astype(np.int64)
    cell *= K
    cell += col[ok]
    value = w[ok]
    filled = np.zeros(int(cell.max()) + 1 if len(cell) else 0, dtype=bool)
    filled[cell] = True
    if filled.sum() < len(cell):
        # repeated (id, theme) rows: summed as pandas sums a group (compensated), as the pivot did
        sums = pd.Series(value).groupby(cell, sort=False).sum()
        return sums.index.to_numpy(), sums.to_numpy(dtype=float)
    return cell, value


def release_arrow_memory() -> None:
    """Give the memory Arrow's pool kept after a hash join or a cast back to the system.

    The pool (mimalloc) keeps freed pages for Arrow's next allocations, which
    numpy cannot use: a measure that joins ids in Arrow and then allocates
    numpy arrays would otherwise hold both at its peak.
    """
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def _strings(values: pd.Series) -> pd.Series:
    """``values.astype(str)``, without a copy when they are strings already."""
    return values if isinstance(values.dtype, pd.StringDtype) else values.astype(str)


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
