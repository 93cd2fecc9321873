"""The pandas engine: steps run in this process, a bounded group of conversations at a time.

A table in memory is cut into chunks of whole conversations of about
``chunk_rows`` rows. A Parquet dataset is streamed in record batches and
spilled to ``n = ceil(rows / chunk_rows)`` bucket files by a hash of the
conversation key (so a conversation is whole in one bucket), then each bucket is
read and processed in turn: memory holds one batch or one bucket, not the
dataset. With ``output`` the results are written bucket by bucket as well.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
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

__all__ = ["PandasEngine", "conversation_chunks", "bucket_of"]


def bucket_of(keys: pd.Series, n: int) -> np.ndarray:
    """Bucket of each key in ``range(n)``: a stable hash (pandas' SipHash of the text), null keys together."""
    text = keys.astype("string").fillna("\0null").to_numpy(dtype=object)
    return (pd.util.hash_array(text) % np.uint64(n)).astype(np.int64)


def conversation_chunks(keys: pd.Series, chunk_rows: int) -> np.ndarray:
    """Chunk number of each row: whole conversations in order of first appearance, a chunk each ``chunk_rows`` rows.

    A conversation goes to chunk ``start // chunk_rows``, ``start`` being the row where it would begin if the
    conversations were laid out one after another; a conversation longer than ``chunk_rows`` is kept whole.
    """
    codes, _ = pd.factorize(keys, use_na_sentinel=False)
    if not len(codes):
        return codes.astype(np.int64)
    sizes = np.bincount(codes)
    ends = np.cumsum(sizes)
    chunk_of_conv = (ends - sizes) // max(1, chunk_rows)
    return chunk_of_conv[codes]


@engine("pandas")
class PandasEngine(Engine):
    """Run steps in this process, chunk by chunk.

    Parameters
    ----------
    chunk_rows
        About how many rows a chunk (or a bucket of a Parquet dataset) holds.
    tmpdir
        Where buckets of a Parquet dataset are spilled (default: the system's
        temporary folder); removed when done.
    """

    def __init__(self, *, chunk_rows: int = 50_000, tmpdir: str | Path | None = None) -> None:
        self.chunk_rows = chunk_rows
        self.tmpdir = tmpdir

    def _parts(self, source: Source, key: str) -> Any:
        """Yield partitions (with :data:`ROW`) of whole conversations."""
        if isinstance(source, pd.DataFrame):
            frame = with_rows(source.reset_index(drop=True))
            chunks = conversation_chunks(frame[key], self.chunk_rows)
            for _, idx in sorted(pd.Series(np.arange(len(frame))).groupby(chunks).indices.items()):
                yield frame.iloc[idx]
            return
        yield from self._buckets(source, key)

    def _buckets(self, source: str | Path, key: str) -> Any:
        import pyarrow as pa
        import pyarrow.dataset as ds
        import pyarrow.parquet as pq

        dataset = ds.dataset([str(p) for p in parquet_files(source)], format="parquet")
        total = dataset.count_rows()
        n = max(1, math.ceil(total / self.chunk_rows))
        tmp = Path(tempfile.mkdtemp(prefix="stacey-buckets-", dir=self.tmpdir))
        writers: dict[int, pq.ParquetWriter] = {}
        try:
            offset = 0
            for batch in dataset.to_batches(batch_size=self.chunk_rows):
                table = pa.Table.from_batches([batch])
                rows = pa.array(np.arange(offset, offset + len(table), dtype=np.int64))
                offset += len(table)
                table = table.append_column(ROW, rows)
                buckets = bucket_of(table.column(key).to_pandas(), n)
                for b in np.unique(buckets):
                    sel = table.take(pa.array(np.flatnonzero(buckets == b)))
                    if b not in writers:
                        writers[b] = pq.ParquetWriter(tmp / f"{b:05d}.parquet", sel.schema)
                    writers[b].write_table(sel)
            for w in writers.values():
                w.close()
            writers.clear()
            for b in range(n):
                f = tmp / f"{b:05d}.parquet"
                if f.exists():
                    yield pd.read_parquet(f)
        finally:
            for w in writers.values():
                w.close()
            shutil.rmtree(tmp, ignore_errors=True)

    def map_conversations(self, source: Source, step: Step, *, kwargs: Mapping[str, Any] | None = None,
                          key: str = "conversation_id", sort_by: list[str] | None = None,
                          output: str | Path | None = None, adds_columns: bool = False) -> pd.DataFrame | Path:
        known = frame_dtypes(source) if isinstance(source, pd.DataFrame) else parquet_dtypes(source)
        adds_columns = adds_columns and isinstance(source, pd.DataFrame) and output is None
        dtypes: dict[str, Any] | None = None
        pieces: list[pd.DataFrame] = []
        out_dir = Path(output) if output is not None else None
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
        n_written = 0
        for part in self._parts(source, key):
            res = apply_step(part, step, kwargs, adds_columns)
            if dtypes is None:
                dtypes = new_dtypes(res, known)
            if out_dir is not None:
                finish(res, dtypes=dtypes, sort_by=sort_by).to_parquet(out_dir / f"part.{n_written}.parquet",
                                                                        index=False)
                n_written += 1
            else:
                pieces.append(res)
        if out_dir is not None:
            return out_dir
        if not pieces:
            empty = source.iloc[:0] if isinstance(source, pd.DataFrame) else pd.DataFrame(
                {c: pd.Series(dtype=d) for c, d in known.items()})
            return step(empty, **dict(kwargs or {}))
        result = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
        pieces.clear()
        result = finish(result, dtypes=dtypes or known, sort_by=sort_by)
        return join_added(source, result) if adds_columns else result


__all__ += ["ROW"]
