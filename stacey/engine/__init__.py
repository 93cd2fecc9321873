"""Execution engines: the same per-conversation step on one machine or on a cluster.

An engine runs a step (a function ``table -> table``, such as
:func:`stacey.text.annotate.annotate`) over a turn table or a Parquet dataset,
a group of whole conversations at a time, and gives the result as one table
in the input's row order (or writes it as a Parquet dataset):

- ``"pandas"`` (:class:`~stacey.engine.pandas.PandasEngine`): in this
  process, chunk by chunk; a Parquet input is first spilled into hash
  buckets by conversation on disk, so memory holds one bucket at a time;
- ``"dask"`` (:class:`~stacey.engine.dask.DaskEngine`): on a
  ``dask.distributed`` cluster (a ``LocalCluster`` by default, or any
  scheduler address), rows shuffled so that each conversation is whole in one
  partition.

Both give the same table for the same input (tested): partitioning never splits
a conversation, rows come back in input order, and dtypes are restored.
Engines are found by name (:func:`get_engine`); adding one is adding a module
that registers a class with :func:`engine`.
"""

from __future__ import annotations

from .base import Engine, engine, engines, get_engine
from .steps import annotate

__all__ = ["Engine", "engine", "engines", "get_engine", "annotate"]
