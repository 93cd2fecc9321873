"""Steps the engines run, and the engine-aware entry points of the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .base import Engine, Source, get_engine

__all__ = ["annotate", "annotate_step"]


def annotate_step(part: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """:func:`stacey.text.annotate.annotate` on one partition (a module-level function, so workers can run it)."""
    from ..text.annotate import annotate as _annotate

    return _annotate(part, **kwargs)


def annotate(source: Source, *, engine: str | Engine = "pandas", scheduler: str | None = None,
             output: str | Path | None = None, engine_options: Mapping[str, Any] | None = None,
             **options: Any) -> pd.DataFrame | Path:
    """Annotate a turn table or a Parquet dataset of turns with the chosen engine.

    Parameters
    ----------
    source
        A turn table, or a Parquet file or folder of Parquet files.
    engine
        ``"pandas"`` (this process; ``n_process`` worker processes for the texts)
        or ``"dask"`` (a ``dask.distributed`` cluster), or an :class:`Engine`.
    scheduler
        Dask scheduler address (``tcp://host:8786``); None starts a local cluster.
    output
        Write the annotated turns as a Parquet dataset in this folder instead of returning them.
    engine_options
        More options for the engine (``chunk_rows``, ``n_workers``, ...).
    **options
        Passed to :func:`stacey.text.annotate.annotate` (``lang``, ``backend``,
        ``cache``, ``n_process``, ...). On the Dask engine ``n_process`` is 1:
        the workers are the processes.

    Returns
    -------
    The annotated turn table (the columns :func:`stacey.text.annotate.annotate`
    documents: ``lang``, ``sentiment``, ``sentiment_pos``, ``sentiment_neg``,
    ``sentiment_neu``, ``n_words``, ``lemmas``), rows in input order; the same
    table from either engine. Or the ``output`` folder.
    """
    opts = dict(engine_options or {})
    if scheduler is not None:
        opts["scheduler"] = scheduler
    eng = get_engine(engine, **opts)
    if eng.name == "dask":
        options = {**options, "n_process": 1, "progress": False}
    try:
        return eng.map_conversations(source, annotate_step, kwargs=options, output=output, adds_columns=True)
    finally:
        if not isinstance(engine, Engine):
            eng.close()
