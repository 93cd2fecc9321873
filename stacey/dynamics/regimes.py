"""Conversational regimes: stability, edge of chaos, instability (a heuristic map).

Stacey (2001, "Complex Responsive Processes in Organizations", Routledge; and
Stacey 1996, "Complexity and Creativity in Organizations") describes patterns
of relating that are stable (repetition of the habitual), unstable
(fragmentation, nothing holds) or at the "edge of chaos", where the familiar
recurs and is yet transformed by the new. Two measures give a rough map:
recurrence determinism (how much of a conversation's conceptual recurrence
forms repeated diagonal lines: Angus, Smith and Wiles 2012; Marwan et al.
2007) and novelty (how far turns depart from the recent past: Barron, Huang,
Spang and DeDeo 2018). This map is a heuristic to prompt inquiry, not a
classification that any of these authors proposed: the cut-offs are relative
to the corpus and arbitrary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import require

__all__ = ["conversation_means", "regimes"]


def conversation_means(turns: pd.DataFrame, per_turn: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean of a per-turn measure per conversation (e.g. ``novelty`` from ``stacey.dynamics.novelty``).

    Returns
    -------
    DataFrame with columns ``conversation_id`` and ``column`` (the mean over
    the conversation's turns with a value).
    """
    require(per_turn, ["id", column], what="per-turn table")
    m = turns[["id", "conversation_id"]].astype("string").merge(
        per_turn[["id", column]].astype({"id": "string"}), on="id", how="inner")
    return m.groupby("conversation_id", observed=True)[column].mean().reset_index()


def regimes(per_conversation: pd.DataFrame, *, determinism: str = "determinism", novelty: str = "novelty",
            band: float = 1 / 3) -> pd.DataFrame:
    """Place each conversation on a stable / edge-of-chaos / unstable map.

    With D the determinism and N the mean novelty of a conversation, each is
    turned into its percentile rank among the corpus's conversations
    (d, n in [0, 1], ties averaged), and

        order = d - n   in [-1, 1]

    is read as: ``stable`` if order > ``band`` (much recurrence, little
    novelty), ``unstable`` if order < -``band`` (little recurrence, much
    novelty), ``edge_of_chaos`` otherwise (recurrence and novelty in
    balance: both high, both low, or middling). Conversations missing
    either measure get NA.

    Parameters
    ----------
    per_conversation
        One row per conversation with ``conversation_id`` and the two columns.
    determinism, novelty
        Their column names.
    band
        Half-width of the middle region of ``order``.

    Returns
    -------
    DataFrame with columns ``conversation_id``, ``determinism``, ``novelty``,
    ``determinism_pct``, ``novelty_pct``, ``order``, ``regime``.
    """
    require(per_conversation, ["conversation_id", determinism, novelty], what="per-conversation table")
    t = per_conversation[["conversation_id", determinism, novelty]].rename(
        columns={determinism: "determinism", novelty: "novelty"}).reset_index(drop=True)
    ok = t["determinism"].notna() & t["novelty"].notna()
    d = t["determinism"].where(ok).rank(pct=True, method="average")
    n = t["novelty"].where(ok).rank(pct=True, method="average")
    order = d - n
    regime = np.where(order > band, "stable", np.where(order < -band, "unstable", "edge_of_chaos"))
    out = t.assign(determinism_pct=d, novelty_pct=n, order=order,
                   regime=pd.Series(regime, dtype="string").where(ok.to_numpy()))
    return out[["conversation_id", "determinism", "novelty", "determinism_pct", "novelty_pct", "order", "regime"]]
