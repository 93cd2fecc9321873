"""The engine interface, its registry, and the steps both engines share.

A *step* is a function ``step(table, **kwargs) -> table``. Run by an engine, it
sees a partition: a group of whole conversations, rows in input order. A
*row-wise* step returns one row per input row with the same index (annotation
does); its result is put back in input order. Any other step returns a table
of its own (per-conversation measures); the pieces are concatenated and sorted
by ``sort_by``.
"""

from __future__ import annotations

import importlib
import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import StaceyError

__all__ = ["Engine", "engine", "engines", "get_engine", "ROW", "Step"]

#: the column that carries each row's input position through an engine
ROW = "_stacey_row"

Step = Callable[..., pd.DataFrame]
Source = pd.DataFrame | str | Path

_ENGINES: dict[str, type[Engine]] = {}
_MODULES = {"pandas": "stacey.engine.pandas", "dask": "stacey.engine.dask"}


def engine(name: str) -> Callable[[type[Engine]], type[Engine]]:
    """Register an engine class under ``name`` (a class decorator)."""

    def deco(cls: type[Engine]) -> type[Engine]:
        cls.name = name
        _ENGINES[name] = cls
        return cls

    return deco


def engines() -> dict[str, type[Engine]]:
    """The known engines by name (the built-in ones imported on first use)."""
    for mod in _MODULES.values():
        try:
            importlib.import_module(mod)
        except ImportError:  # dask not installed: the engine is listed only when importable
            pass
    return dict(sorted(_ENGINES.items()))


def get_engine(name: str | Engine = "pandas", **options: Any) -> Engine:
    """An engine by name, made with ``options``; an :class:`Engine` is returned as it is.

    Raises
    ------
    StaceyError
        For an unknown name (the message lists the known ones), or ``"dask"``
        when dask and distributed are not installed (``pip install stacey[dask]``).
    """
    if isinstance(name, Engine):
        return name
    if name not in _ENGINES and name in _MODULES:
        try:
            importlib.import_module(_MODULES[name])
        except ImportError as exc:
            raise StaceyError(f"engine {name!r} needs packages that are not installed ({exc.name}); "
                              "install them with: pip install 'stacey[dask]'") from exc
    if name not in _ENGINES:
        raise StaceyError(f"unknown engine {name!r}; known engines: {', '.join(engines())}")
    try:
        return _ENGINES[name](**options)
    except ImportError as exc:
        raise StaceyError(f"engine {name!r} needs packages that are not installed ({exc.name}); "
                          "install them with: pip install 'stacey[dask]'") from exc


class Engine(ABC):
    """Runs steps over whole conversations; subclasses say where (this process, a cluster).

    Use as a context manager (or call :meth:`close`) to release workers.
    """

    name = "?"

    @abstractmethod
    def map_conversations(self, source: Source, step: Step, *, kwargs: Mapping[str, Any] | None = None,
                          key: str = "conversation_id", sort_by: list[str] | None = None,
                          output: str | Path | None = None, adds_columns: bool = False) -> pd.DataFrame | Path:
        """Run ``step(partition, **kwargs)`` over partitions of whole conversations.

        Parameters
        ----------
        source
            A turn table, or a Parquet file or folder of Parquet files (a dataset).
        step
            A module-level function (it is pickled to workers) taking a table
            and keyword arguments and returning a table.
        kwargs
            Keyword arguments for ``step``.
        key
            The column whose groups are never split across partitions.
        sort_by
            Columns that order the result of a step that is not row-wise.
        output
            Write the result as a Parquet dataset in this folder (one file per
            partition, each in input order) instead of returning it.
        adds_columns
            The step returns its input with columns added and none changed (as
            annotation does): for a table in memory only the added columns are
            collected and joined to it, so memory holds the table once.

        Returns
        -------
        The step's table for the whole input: in input row order for a
        row-wise step, else sorted by ``sort_by``; or the ``output`` folder.
        """

    def close(self) -> None:  # noqa: B027 - optional: engines without resources need not override it
        """Release what the engine holds (workers, temporary files)."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ----------------------------------------------------------------------------- shared helpers
def apply_step(part: pd.DataFrame, step: Step, kwargs: Mapping[str, Any] | None,
               adds_columns: bool = False) -> pd.DataFrame:
    """Run a step on one partition: rows sorted into input order, the row positions carried through.

    With ``adds_columns`` the step must be row-wise, and only the columns it
    added come back (with the row positions): the caller joins them to the
    input it already holds, instead of holding a second copy of every column.
    """
    part = part.sort_values(ROW, kind="stable").reset_index(drop=True)
    rows = part[ROW].to_numpy()
    out = step(part.drop(columns=ROW), **dict(kwargs or {}))
    if len(out) == len(part) and out.index.equals(part.index) and ROW not in out.columns:
        out = out.assign(**{ROW: rows})
    elif adds_columns:
        raise ValueError(f"step {getattr(step, '__name__', step)!r} is not row-wise: it cannot add columns")
    if adds_columns:
        out = out[[c for c in out.columns if c not in part.columns] + [ROW]]
    return out


def join_added(source: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """The input table with the columns a step added (already in input order), as the step would return it."""
    base = source.reset_index(drop=True)
    return base.assign(**{c: added[c] for c in added.columns if c != ROW})


class OpenCategories:
    """A categorical dtype whose categories are the sorted union of the values found (value dtype kept)."""

    def __init__(self, values_dtype: Any) -> None:
        self.values_dtype = values_dtype

    def cast(self, values: pd.Series) -> pd.Series:
        found = values.dropna().astype(self.values_dtype).unique()
        cats = pd.Index(sorted(found), dtype=self.values_dtype)
        return values.astype(self.values_dtype).astype(pd.CategoricalDtype(cats))

    def __repr__(self) -> str:
        return f"OpenCategories({self.values_dtype})"


def _open(dt: Any) -> Any:
    return OpenCategories(dt.categories.dtype) if isinstance(dt, pd.CategoricalDtype) else dt


def finish(result: pd.DataFrame, *, dtypes: Mapping[str, Any], sort_by: list[str] | None) -> pd.DataFrame:
    """Put a concatenated result in order and give its columns the dtypes both engines agree on.

    Row-wise results are sorted back into input order; others by ``sort_by``.
    ``dtypes`` are the input's dtypes (for the input's columns) and the step's
    own dtypes on real data (for new columns). A categorical column whose
    categories are not known in advance gets the sorted union of its values.
    """
    if ROW in result.columns:
        result = result.sort_values(ROW, kind="stable").drop(columns=ROW)
    elif sort_by:
        result = result.sort_values(sort_by, kind="stable")
    result = result.reset_index(drop=True)
    fixed = {}
    for col in result.columns:
        want = dtypes.get(col)
        if want is None:
            continue
        if isinstance(want, OpenCategories):
            fixed[col] = want.cast(result[col])
        elif result[col].dtype != want:
            fixed[col] = result[col].astype(want)
    return result.assign(**fixed) if fixed else result


def parquet_files(path: str | Path) -> list[Path]:
    """The Parquet files of a file or a folder (sorted, recursively; hidden and ``_`` files skipped)."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such file or folder")
    files = sorted(p for p in path.rglob("*.parquet") if not any(s.startswith((".", "_")) for s in p.parts[-1:]))
    if not files:
        raise StaceyError(f"{path}: no Parquet files in this folder")
    return files


def parquet_dtypes(path: str | Path) -> dict[str, Any]:
    """The dtypes pandas gives the columns of a Parquet dataset (read from a zero-row copy of its schema).

    Dictionary (categorical) columns come back with unknown categories: the
    result's categories are the sorted union of its values.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(parquet_files(path)[0])
    buf = io.BytesIO()
    pq.write_table(schema.empty_table(), buf)
    buf.seek(0)
    empty = pd.read_parquet(buf)
    out: dict[str, Any] = {}
    for col, dt in empty.dtypes.items():
        out[col] = _open(dt)
        field = schema.field(col) if col in schema.names else None
        if (isinstance(dt, pd.CategoricalDtype) and field is not None and pa.types.is_dictionary(field.type)
                and (pa.types.is_string(field.type.value_type) or pa.types.is_large_string(field.type.value_type))):
            # the categories' dtype shows only on a non-empty column: read one made-up value
            one = pa.table({col: pa.array(["x"], type=field.type.value_type).dictionary_encode()})
            buf = io.BytesIO()
            pq.write_table(one, buf)
            buf.seek(0)
            out[col] = _open(pd.read_parquet(buf)[col].dtype)
    return out


def frame_dtypes(frame: pd.DataFrame) -> dict[str, Any]:
    """A table's dtypes by column (categories kept: the result gets the same ones)."""
    return dict(frame.dtypes.items())


def new_dtypes(sample_result: pd.DataFrame, known: Mapping[str, Any]) -> dict[str, Any]:
    """``known`` plus the dtypes of the columns a step added, from its result on real rows."""
    out = dict(known)
    for col, dt in sample_result.dtypes.items():
        if col not in out and col != ROW:
            out[col] = _open(dt)
    return out


def with_rows(frame: pd.DataFrame, start: int = 0) -> pd.DataFrame:
    """The table with its row positions (from ``start``) in :data:`ROW`."""
    return frame.assign(**{ROW: np.arange(start, start + len(frame), dtype=np.int64)})
