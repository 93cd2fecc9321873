"""The Dask engine: steps run on a ``dask.distributed`` cluster.

The input (a turn table or a Parquet dataset the workers can read) becomes a
Dask DataFrame; every row gets its input position; rows are shuffled by the
conversation key so that each conversation is whole in one partition
(``DataFrame.shuffle(on=key)``); the step runs on each partition on the
workers; the result is gathered and put back in input order (or written as a
Parquet dataset by the workers, never passing through this process).

``scheduler`` names a running cluster (``tcp://host:8786``); without one a
``LocalCluster`` of ``n_workers`` processes is started and closed with the
engine. Workers of a local cluster get this process's ``sys.path`` (so the
stacey being run is the one they import); a remote cluster needs stacey
installed on its workers.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .base import (
    ROW,
    Engine,
    Source,
    Step,
    apply_step,
    engine,
    finish,
    frame_dtypes,
    join_added,
    new_dtypes,
    parquet_dtypes,
    parquet_files,
    with_rows,
)

__all__ = ["DaskEngine"]


def _first_conversation(source: Source, key: str) -> pd.DataFrame:
    """Rows of the first conversation of the input (a real sample the step's output types are taken from)."""
    if isinstance(source, pd.DataFrame):
        head = source.reset_index(drop=True)
    else:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(parquet_files(source)[0])
        head = pf.read_row_group(0).to_pandas() if pf.num_row_groups else pd.DataFrame()
    if not len(head):
        return with_rows(head)
    first = head[key].iloc[0]
    mask = head[key].isna() if pd.isna(first) else head[key] == first
    return with_rows(head[mask.to_numpy(dtype=bool)])


@engine("dask")
class DaskEngine(Engine):
    """Run steps on a ``dask.distributed`` cluster.

    Parameters
    ----------
    scheduler
        Address of a running scheduler (``tcp://host:8786``); None starts a
        ``LocalCluster``.
    n_workers, threads_per_worker, memory_limit
        The local cluster's worker processes, threads per worker and memory
        limit per worker (ignored with ``scheduler``).
    npartitions
        Partitions after the shuffle (default: about ``chunk_rows`` rows each,
        at least one per worker thread).
    chunk_rows
        Rows per input partition of an in-memory table, and the target size of
        partitions after the shuffle.
    """

    def __init__(self, *, scheduler: str | None = None, n_workers: int = 2, threads_per_worker: int = 1,
                 memory_limit: str | float = "auto", npartitions: int | None = None,
                 chunk_rows: int = 50_000) -> None:
        import distributed  # noqa: F401 - fail early when not installed

        self.scheduler = scheduler
        self.n_workers = n_workers
        self.threads_per_worker = threads_per_worker
        self.memory_limit = memory_limit
        self.npartitions = npartitions
        self.chunk_rows = chunk_rows
        self._client: Any = None
        self._cluster: Any = None

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` (connected, or a local cluster started, on first use)."""
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler:
                self._client = Client(self.scheduler, set_as_default=False)
            else:
                path = os.pathsep.join(p for p in sys.path if p)
                self._cluster = LocalCluster(n_workers=self.n_workers, threads_per_worker=self.threads_per_worker,
                                             processes=True, memory_limit=self.memory_limit,
                                             dashboard_address=None, env={"PYTHONPATH": path})
                self._client = Client(self._cluster, set_as_default=False)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _frame(self, source: Source) -> Any:
        import dask.dataframe as dd

        if isinstance(source, pd.DataFrame):
            frame = with_rows(source.reset_index(drop=True))
            return dd.from_pandas(frame, npartitions=max(1, math.ceil(len(frame) / self.chunk_rows)), sort=False)
        ddf = dd.read_parquet([str(p) for p in parquet_files(source)])
        ones = ddf[ddf.columns[0]].isna().astype("int64") * 0 + 1
        return ddf.assign(**{ROW: ones.cumsum() - 1})

    def map_conversations(self, source: Source, step: Step, *, kwargs: Mapping[str, Any] | None = None,
                          key: str = "conversation_id", sort_by: list[str] | None = None,
                          output: str | Path | None = None, adds_columns: bool = False) -> pd.DataFrame | Path:
        import dask

        adds_columns = adds_columns and isinstance(source, pd.DataFrame) and output is None
        known = frame_dtypes(source) if isinstance(source, pd.DataFrame) else parquet_dtypes(source)
        sample = _first_conversation(source, key)
        meta = apply_step(sample, step, kwargs, adds_columns)
        dtypes = new_dtypes(meta, known)
        meta = meta.iloc[:0]
        client = self.client
        with dask.config.set({"dataframe.convert-string": False}):
            ddf = self._frame(source)
            workers = max(1, sum(client.nthreads().values()))
            n = self.npartitions or max(workers, ddf.npartitions)
            shuffled = ddf.shuffle(on=key, npartitions=n)
            out = shuffled.map_partitions(apply_step, step, kwargs, adds_columns, meta=meta, align_dataframes=False)
            if output is not None:
                out = out.map_partitions(finish, dtypes=dtypes, sort_by=sort_by, meta=finish(meta, dtypes=dtypes,
                                                                                             sort_by=sort_by))
                client.compute(out.to_parquet(str(output), write_index=False, compute=False)).result()
                return Path(output)
            result = client.compute(out).result()
        result = finish(result, dtypes=dtypes, sort_by=sort_by)
        return join_added(source, result) if adds_columns else result
