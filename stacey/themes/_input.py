"""Checks and helpers shared by the theme models: the ``lemmas`` column and turn order."""

from __future__ import annotations

import pandas as pd

from ..errors import SchemaError
from ..turns import derive

__all__ = ["require_lemmas", "lemma_docs", "ordered"]


def require_lemmas(turns: pd.DataFrame) -> pd.DataFrame:
    """Return ``turns`` unchanged if it has ``id`` and ``lemmas`` columns, else raise.

    Raises
    ------
    SchemaError
        When ``lemmas`` (space-separated lower-case content lemmas per turn)
        is missing: run ``stacey.annotate`` first.
    """
    if "id" not in turns.columns:
        raise SchemaError("turn table has no 'id' column: read it with stacey.read first")
    if "lemmas" not in turns.columns:
        raise SchemaError(
            "turn table has no 'lemmas' column (space-separated content lemmas per turn): "
            "run stacey.annotate first")
    return turns


def lemma_docs(turns: pd.DataFrame) -> list[str]:
    """The ``lemmas`` column as a list of strings, null read as an empty turn."""
    require_lemmas(turns)
    return [str(v).lower() if isinstance(v, str) else "" for v in turns["lemmas"].astype(object)]


def ordered(turns: pd.DataFrame) -> pd.DataFrame:
    """The turns sorted by conversation and position (``turn``, derived when absent).

    Returns a new table with a fresh index; ties keep table order.
    """
    if "turn" not in turns.columns:
        turns = derive(turns)
    return turns.assign(_pos=range(len(turns))).sort_values(
        ["conversation_id", "turn", "_pos"], kind="stable").drop(columns="_pos").reset_index(drop=True)
