"""Change points: where the sentiment, theme mixture, shift or activity of a series changes.

For Stacey change happens in small steps all the time; a change point marks
where small steps have added up to a different pattern. Detection uses PELT
(Killick, Fearnhead and Eckley 2012, "Optimal detection of changepoints with
a linear computational cost", JASA 107(500)) from the ``ruptures`` package
(Truong, Oudre and Vayatis 2020, Signal Processing 167), with a mean-shift
(L2) cost and a documented BIC-like penalty.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import ruptures as rpt

from ._common import mixture_matrix, ordered, require

__all__ = ["robust_sigma", "detect_changes", "changepoints", "SIGNALS"]

SIGNALS = ("sentiment", "theme", "shift", "activity")
COLUMNS = ["conversation_id", "id", "signal", "score", "time", "position", "n_points", "penalty"]


def robust_sigma(x: np.ndarray) -> np.ndarray:
    """Per-column noise scale from first differences: 1.4826 * MAD(diff) / sqrt(2).

    Differencing removes the (piecewise constant) mean, so the estimate is not
    inflated by the changes themselves (as in Fryzlewicz 2014 and the
    ``changepoint`` R package's MAD estimate). Where it is 0 (mostly equal
    consecutive values) the column's standard deviation is used instead.
    """
    x = np.atleast_2d(np.asarray(x, dtype=float).T).T
    d = np.diff(x, axis=0)
    mad = 1.4826 * np.median(np.abs(d - np.median(d, axis=0)), axis=0) / np.sqrt(2) if len(d) else np.zeros(x.shape[1])
    sd = x.std(axis=0, ddof=1) if len(x) > 1 else np.zeros(x.shape[1])
    tol = 1e-9 * (np.abs(x).max(axis=0) + 1e-12)  # rounding noise is not noise
    sd = np.where(sd > tol, sd, 0.0)
    return np.where(mad > tol, mad, sd)


def detect_changes(values: np.ndarray | Sequence[float], *, penalty_scale: float = 2.0,
                   min_size: int = 3) -> pd.DataFrame:
    """PELT on one series (n points x d dimensions) with a mean-shift cost.

    Each dimension is divided by its noise scale sigma_j (:func:`robust_sigma`;
    constant dimensions are dropped; values below 1e-9 of the column's
    largest magnitude count as 0), so sigma^2 = 1 and the L2 cost
    sum ||y_t - mean(segment)||^2 is -2 log-likelihood of a Gaussian mean
    shift. The penalty per change point is BIC-like:

        pen = c * (d + 1) * log(n) * sigma^2,   sigma^2 = 1 after scaling,

    d mean parameters and one location per change, scaled by
    ``penalty_scale`` c (c = 1 is BIC; the default c = 2 is more conservative
    for the heavy-tailed, many-ties series of conversation). Segments have at
    least ``min_size`` points.

    Returns
    -------
    DataFrame with columns ``position`` (0-based index of the first point of
    each new segment), ``score`` (the jump: Euclidean distance between the
    scaled means of the segments before and after, in noise units),
    ``penalty``; empty when no change is found or the series is shorter than
    2 * ``min_size``.
    """
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    x = x[np.isfinite(x).all(axis=1)]
    n = len(x)
    cols = ["position", "score", "penalty"]
    if n < 2 * min_size:
        return pd.DataFrame(columns=cols)
    sigma = robust_sigma(x)
    keep = sigma > 0
    if not keep.any():
        return pd.DataFrame(columns=cols)
    y = x[:, keep] / sigma[keep]
    d = y.shape[1]
    pen = penalty_scale * (d + 1) * np.log(n)
    bkps = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(y).predict(pen=pen)
    bounds = [0] + list(bkps)
    rows = []
    for i in range(1, len(bounds) - 1):
        before = y[bounds[i - 1]:bounds[i]].mean(axis=0)
        after = y[bounds[i]:bounds[i + 1]].mean(axis=0)
        rows.append({"position": int(bounds[i]), "score": float(np.linalg.norm(after - before)), "penalty": pen})
    return pd.DataFrame(rows, columns=cols)


def _series(t: pd.DataFrame, signal: str, mix: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Values (n x d) and row positions in ``t`` for one signal over the rows of ``t``."""
    if signal == "sentiment":
        v = t["sentiment"].to_numpy(dtype=float)[:, None]
    elif signal == "shift":
        v = t["step_shift"].to_numpy(dtype=float)[:, None]
    elif signal == "theme":
        v = mix
    elif signal == "activity":
        gap = t["timestamp"].diff().dt.total_seconds().to_numpy(dtype=float)
        v = np.log1p(np.clip(gap, 0, None))[:, None]
    else:
        raise ValueError(f"unknown signal {signal!r}; known: {', '.join(SIGNALS)}")
    ok = np.isfinite(v).all(axis=1) if v.shape[1] else np.zeros(len(v), bool)
    return v[ok], np.flatnonzero(ok)


def changepoints(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, shifts: pd.DataFrame | None = None,
                 signals: Sequence[str] = SIGNALS, penalty_scale: float = 2.0, min_size: int = 3,
                 freq: str = "D", corpus: bool = True) -> pd.DataFrame:
    """Change points per conversation and for the whole corpus over time.

    Series (each analysed with :func:`detect_changes`):

    - ``sentiment``: the turns' compound sentiment (needs ``sentiment``);
    - ``theme``: the turns' theme mixtures, one dimension per theme (needs ``weights``);
    - ``shift``: the step shift JSD(previous turn, turn) (a ``step_shift``
      column of ``shifts`` -- the table of ``stacey.dynamics.shift.shifts`` --
      or of ``turns``);
    - ``activity``: per conversation, the tempo log(1 + seconds since the
      previous turn); for the corpus, the number of turns per ``freq`` period
      (empty periods count 0).

    Per conversation, turns are in ``turn`` order and conversations shorter
    than 2 * ``min_size`` are skipped. For the corpus (``conversation_id`` =
    ``"*"``) all turns are in time order (turns without a time are left out),
    so a change in sentiment, theme or shift is located at a turn.

    Returns
    -------
    DataFrame, one row per change point, columns ``conversation_id`` (``"*"``
    for the corpus), ``id`` (the first turn of the new segment; for corpus
    activity the first turn at or after the period start), ``signal``,
    ``score`` (jump in noise units, see :func:`detect_changes`), ``time``
    (timestamp of that turn, or the period start), ``position`` (index in the
    series), ``n_points`` (series length), ``penalty``. The first four
    columns match ``stacey.dynamics.segment.theme_boundaries``.
    """
    require(turns, ["id", "conversation_id", "timestamp"])
    t = ordered(turns)
    if shifts is not None:
        require(shifts, ["id", "step_shift"], what="shifts table")
        t = t.drop(columns=["step_shift"], errors="ignore").merge(
            shifts[["id", "step_shift"]].astype({"id": "string"}), on="id", how="left")
    available = [s for s in signals
                 if (s == "sentiment" and "sentiment" in t.columns) or (s == "theme" and weights is not None)
                 or (s == "shift" and "step_shift" in t.columns) or s == "activity"]
    mix = mixture_matrix(t["id"], weights)[0] if weights is not None else None
    rows: list[dict] = []

    def emit(conv: str, sub: pd.DataFrame, signal: str, submix: np.ndarray | None) -> None:
        v, pos = _series(sub, signal, submix)
        found = detect_changes(v, penalty_scale=penalty_scale, min_size=min_size)
        for r in found.itertuples():
            row = sub.iloc[pos[r.position]]
            rows.append({"conversation_id": conv, "id": row["id"], "signal": signal, "score": r.score,
                         "time": row["timestamp"], "position": r.position, "n_points": len(v),
                         "penalty": r.penalty})

    groups = t.groupby("conversation_id", sort=True, observed=True).indices
    for conv, idx in groups.items():
        if len(idx) < 2 * min_size:
            continue
        sub = t.iloc[idx]
        for s in available:
            emit(str(conv), sub, s, mix[idx] if mix is not None else None)

    if corpus:
        timed = t.loc[t["timestamp"].notna()]
        order = timed.assign(_p=np.arange(len(timed))).sort_values(["timestamp", "_p"], kind="stable")
        idx = t.index.get_indexer(order.index)
        sub = t.iloc[idx]
        for s in available:
            if s == "activity":
                continue
            emit("*", sub, s, mix[idx] if mix is not None else None)
        if "activity" in available and len(sub):
            ts = sub["timestamp"].dt.tz_convert(None)
            counts = ts.dt.to_period(freq).value_counts().sort_index()
            full = pd.period_range(counts.index.min(), counts.index.max(), freq=counts.index.freq)
            counts = counts.reindex(full, fill_value=0)
            found = detect_changes(counts.to_numpy(dtype=float), penalty_scale=penalty_scale, min_size=min_size)
            starts = counts.index.start_time.tz_localize("UTC")
            for r in found.itertuples():
                start = starts[r.position]
                after = sub.loc[sub["timestamp"] >= start]
                rows.append({"conversation_id": "*", "id": after["id"].iloc[0] if len(after) else pd.NA,
                             "signal": "activity", "score": r.score, "time": start, "position": r.position,
                             "n_points": len(counts), "penalty": r.penalty})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"conversation_id": "string", "id": "string", "signal": "string", "score": float})
