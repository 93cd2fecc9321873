"""Theme shift turn by turn: step, gesture -> response, and drift from the opening.

All three compare theme mixtures with the Jensen-Shannon divergence in bits
(Lin 1991, "Divergence measures based on the Shannon entropy", IEEE Trans.
Inf. Theory 37(1)), which is symmetric, finite where KL is not, and bounded in
[0, 1]: 0 for the same mixture, 1 for mixtures with no theme in common.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._series import conv_codes, jsd, ordered_mixtures, parent_positions, runs

__all__ = ["shifts"]


def shifts(turns: pd.DataFrame, weights: pd.DataFrame, *, window: int = 3) -> pd.DataFrame:
    """Theme shift of each turn against its predecessor, its parent and the conversation's opening.

    With ``p_i`` the theme mixture of turn *i* (its weights, normalised to sum
    1) and ``JSD`` the Jensen-Shannon divergence in bits (Lin 1991),

    - ``step_shift_i = JSD(p_i, p_prev(i))``, ``prev(i)`` the turn before *i*
      in its conversation by ``turn`` (the timeline);
    - ``gesture_shift_i = JSD(p_i, p_reply_to(i))``, against the turn it
      responds to (gesture -> response, after Mead and Stacey);
    - ``drift_i = JSD(p_i, o_c)``, ``o_c`` the mean mixture of the first
      ``window`` turns of conversation *c* that carry a theme (its opening).

    A value is NaN when the turn or its comparison turn carries no theme, or
    when the comparison turn does not exist (first turn, no ``reply_to``,
    parent outside the table).

    Parameters
    ----------
    turns
        Turn table (``id``, ``conversation_id``, ``reply_to``, ``timestamp``;
        ``turn`` is derived when missing).
    weights
        Long theme table ``id, theme, weight``.
    window
        Size of the opening window for ``drift``.

    Returns
    -------
    DataFrame
        ``id``, ``conversation_id``, ``turn``, ``step_shift``, ``gesture_shift``,
        ``drift`` (float64, in bits, in [0, 1]); one row per turn in
        conversation order.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    t, P, has = ordered_mixtures(turns, weights, columns=["id", "conversation_id", "reply_to"])
    n_rows = len(t)
    ids = t["id"].astype(str)
    conv = t["conversation_id"].astype(str)
    code = conv_codes(conv)
    parent = parent_positions(t, ids)
    step = np.full(n_rows, np.nan)
    gesture = np.full(n_rows, np.nan)
    drift = np.full(n_rows, np.nan)
    opening = np.full((code.max() + 1 if n_rows else 0, P.shape[1]), np.nan)
    for c, rows in enumerate(runs(code)):
        rows = rows[has[rows]][:window]
        if len(rows):
            opening[c] = P[rows].mean(axis=0)
    has_opening = ~np.isnan(opening).any(axis=1) if P.shape[1] else np.zeros(len(opening), bool)
    for n in np.flatnonzero(has):
        c = code[n]
        if n > 0 and code[n - 1] == c and has[n - 1]:
            step[n] = jsd(P[n], P[n - 1])
        par = parent[n]
        if par >= 0 and has[par]:
            gesture[n] = jsd(P[n], P[par])
        if has_opening[c]:
            drift[n] = jsd(P[n], opening[c])
    return pd.DataFrame({"id": ids.astype("string").array, "conversation_id": conv.astype("string").array,
                         "turn": t["turn"].astype("int64").to_numpy(),
                         "step_shift": step, "gesture_shift": gesture, "drift": drift})
