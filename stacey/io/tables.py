"""Writing and reading whole tables (Parquet, CSV, JSONL) as the CLI and steps use them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError

__all__ = ["write_table", "read_table"]


def _jsonable(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _arrow_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn object columns that Arrow cannot store as one type into JSON strings."""
    import pyarrow as pa

    fixed = {}
    for col in frame.columns:
        if frame[col].dtype == object:
            try:
                pa.array(frame[col], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                fixed[col] = frame[col].map(_jsonable).astype("string")
    return frame.assign(**fixed) if fixed else frame


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table by its file ending: ``.parquet`` (default), ``.csv``, ``.jsonl``.

    Object columns whose values Arrow cannot store as one type (mixed ``meta.*``
    values) are written as JSON strings, so nothing is dropped. Parquet is
    written :data:`ROWS_PER_GROUP` rows at a time (one row group each).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix in (".jsonl", ".ndjson"):
        frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
    else:
        _write_parquet(_arrow_safe(frame), path)
    return path


#: rows converted to Arrow and written at a time (one Parquet row group each)
ROWS_PER_GROUP = 100_000


def _write_parquet(frame: pd.DataFrame, path: Path, *, rows_per_group: int | None = None) -> None:
    """Write Parquet a row group at a time, so the Arrow copy held in memory is one group, not the table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    step = rows_per_group or ROWS_PER_GROUP
    if len(frame) <= step:
        frame.to_parquet(path, index=False)
        return
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, len(frame), step):
            part = frame.iloc[start:start + step]
            writer.write_table(pa.Table.from_pandas(part, schema=schema, preserve_index=False))


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (or any Parquet/CSV/JSONL file) as is."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path)
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(path, lines=True)
        return pd.read_parquet(path)
    except (ValueError, OSError) as exc:
        raise FormatError(path, None, f"expected a readable {suffix.lstrip('.') or 'parquet'} table ({exc})") from exc
