"""Change points: where the sentiment, theme mixture, shift or activity of a series changes.

For Stacey change happens in small steps all the time; a change point marks
where small steps have added up to a different pattern. Detection uses PELT
(Killick, Fearnhead and Eckley 2012, "Optimal detection of changepoints with
a linear computational cost", JASA 107(500)) with a mean-shift (L2) cost and a
documented BIC-like penalty. The search is our own vectorised PELT
(:func:`pelt_l2`), checked against ``ruptures`` (Truong, Oudre and Vayatis
2020, Signal Processing 167), which gives the same change points but was
measured far too slow on long series.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._common import mixture_matrix, only, ordered, require
from ._series import conv_codes, runs

__all__ = ["noise_sigma", "pelt_l2", "detect_changes", "changepoints", "SIGNALS"]

SIGNALS = ("sentiment", "theme", "shift", "activity")
COLUMNS = ["conversation_id", "id", "signal", "score", "time", "position", "n_points", "penalty"]


def noise_sigma(x: np.ndarray) -> np.ndarray:
    """Per-column noise scale from first differences: sd(diff) / sqrt(2).

    Differencing removes a piecewise-constant mean, so the estimate is barely
    inflated by the changes themselves (each change adds one large
    difference), and for independent noise Var(x_t - x_{t-1}) = 2 sigma^2.
    The MAD of the differences (Fryzlewicz 2014) would be more robust to
    outliers but collapses to ~0 on the sparse, many-ties series of
    conversation (theme weights, neutral sentiment), which floods the output
    with spurious changes; we measured this on a 2,112-comment Reddit thread
    (262 corpus-level theme changes with MAD, see docs/dynamics.md). Values
    below 1e-9 of the column's largest magnitude count as 0 (rounding).
    """
    x = np.atleast_2d(np.asarray(x, dtype=float).T).T
    d = np.diff(x, axis=0)
    sigma = d.std(axis=0, ddof=1) / np.sqrt(2) if len(d) > 1 else np.zeros(x.shape[1])
    tol = 1e-9 * (np.abs(x).max(axis=0) + 1e-12)
    return np.where(sigma > tol, sigma, 0.0)


def pelt_l2(y: np.ndarray, *, pen: float, min_size: int = 2) -> list[int]:
    """Exact PELT (Killick, Fearnhead and Eckley 2012) for the L2 (mean-shift) cost.

    Minimises sum over segments of C(segment) + pen * (number of changes),
    with C(a, b) = sum_{t=a}^{b-1} ||y_t||^2 - ||sum_{t=a}^{b-1} y_t||^2 / (b - a)
    computed from cumulative sums in O(1), and the PELT pruning rule
    F(s) + C(s, t) > F(t) => s is never again optimal (K = 0 for this cost).
    Same optimum as ``ruptures.Pelt(model="l2", jump=1)``, which it replaces
    for speed: ruptures computes each segment cost afresh in Python
    (``np.var`` per call), 230 s on a 2,112-turn thread against under a
    second here (see docs/dynamics.md); the tests check both agree.

    Returns the sorted breakpoints as ruptures does: the end index (exclusive)
    of every segment, the last being ``len(y)``.
    """
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    n = len(y)
    if n < 2 * min_size:
        return [n]
    cs = np.vstack([np.zeros((1, y.shape[1])), np.cumsum(y, axis=0)])
    cs2 = np.r_[0.0, np.cumsum((y ** 2).sum(axis=1))]

    def cost(s: np.ndarray, t: int) -> np.ndarray:
        seg = cs[t] - cs[s]
        return cs2[t] - cs2[s] - (seg ** 2).sum(axis=1) / (t - s)

    f = np.full(n + 1, np.inf)
    f[0] = -pen
    last = np.zeros(n + 1, dtype=int)
    cand = np.array([0])
    for t in range(min_size, n + 1):
        s_new = t - min_size
        if s_new >= min_size:
            cand = np.append(cand, s_new)
        ok = cand[t - cand >= min_size]
        if len(ok) == 0:
            continue
        vals = f[ok] + cost(ok, t) + pen
        j = int(np.argmin(vals))
        f[t] = vals[j]
        last[t] = ok[j]
        # prune: keep candidates not yet admissible and those that may still be optimal
        keep = (t - cand < min_size)
        keep[t - cand >= min_size] = (f[ok] + cost(ok, t)) <= f[t]
        cand = cand[keep]
    bkps = [n]
    t = n
    while last[t] > 0:
        t = last[t]
        bkps.append(t)
    return sorted(bkps)


def detect_changes(values: np.ndarray | Sequence[float], *, penalty_scale: float = 2.0,
                   min_size: int = 3) -> pd.DataFrame:
    """PELT on one series (n points x d dimensions) with a mean-shift cost.

    Each dimension is divided by its noise scale sigma_j (:func:`noise_sigma`;
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
    sigma = noise_sigma(x)
    keep = sigma > 0
    if not keep.any():
        return pd.DataFrame(columns=cols)
    y = x[:, keep] / sigma[keep]
    d = y.shape[1]
    pen = penalty_scale * (d + 1) * np.log(n)
    bkps = pelt_l2(y, pen=pen, min_size=min_size)
    bounds = [0] + list(bkps)
    rows = []
    for i in range(1, len(bounds) - 1):
        before = y[bounds[i - 1]:bounds[i]].mean(axis=0)
        after = y[bounds[i]:bounds[i + 1]].mean(axis=0)
        rows.append({"position": int(bounds[i]), "score": float(np.linalg.norm(after - before)), "penalty": pen})
    return pd.DataFrame(rows, columns=cols)


def _series(t: pd.DataFrame, signal: str, mix: np.ndarray | None, idx: np.ndarray | None = None,
            finite: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Values (n x d) and row positions in ``t`` for one signal over the rows of ``t``.

    For ``theme`` with ``idx`` and ``finite`` (which rows of ``mix`` are all
    finite) the values are the complete rows of ``mix[idx]``, taken in one copy.
    """
    if signal == "theme" and idx is not None and finite is not None:
        ok = finite[idx]
        return mix[idx[ok]], np.flatnonzero(ok)
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
    if ok.all():  # no copy of a long series that is complete
        return v, np.arange(len(v))
    return v[ok], np.flatnonzero(ok)


#: Series longer than this are analysed as means of consecutive blocks of turns (see :func:`changepoints`).
MAX_POINTS = 20_000


def _blocks(v: np.ndarray, max_points: int) -> tuple[np.ndarray, int]:
    """Means of consecutive blocks of ``b = ceil(n / max_points)`` rows (the last block may be shorter), and b."""
    b = max(1, -(-len(v) // max_points))
    if b == 1:
        return v, 1
    starts = np.arange(0, len(v), b)
    sums = np.add.reduceat(v, starts, axis=0)
    sizes = np.diff(np.r_[starts, len(v)])[:, None]
    return sums / sizes, b


def _time_order(t: pd.DataFrame) -> np.ndarray:
    """Positions of the turns with a time, by time, ties in table order.

    ``t.loc[timed].sort_values(["timestamp", position], kind="stable")``'s
    order, from the time stamps alone (a stable argsort), not a sorted copy of
    the table.
    """
    ts = t["timestamp"]
    timed = np.flatnonzero(ts.notna().to_numpy())
    if isinstance(ts.dtype, pd.DatetimeTZDtype) or ts.dtype.kind == "M":
        return timed[np.argsort(ts.array.asi8[timed], kind="stable")]
    order = t.iloc[timed][["timestamp"]].assign(_p=timed).sort_values(["timestamp", "_p"], kind="stable")
    return order["_p"].to_numpy()


def changepoints(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, shifts: pd.DataFrame | None = None,
                 signals: Sequence[str] = SIGNALS, penalty_scale: float = 2.0, min_size: int = 3,
                 freq: str = "D", corpus: bool = True, max_points: int = MAX_POINTS) -> pd.DataFrame:
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

    Exact PELT costs time quadratic in the length of a series with few
    changes (40,000 points of 12 themes: 95 s; a million: days). A series
    longer than ``max_points`` (a large corpus, a Slack channel kept as one
    conversation) is therefore analysed as the means of consecutive blocks of
    ``b = ceil(n / max_points)`` turns: a change is then located at the first
    turn of its block (to within ``b`` turns); ``position`` is that turn's
    index in the full series and ``n_points`` the full length. Shorter series
    are analysed turn by turn, as before.

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
    # only the columns read here are sorted (not the texts and lemmas of a large table)
    t = ordered(only(turns, ["id", "conversation_id", "timestamp", "turn", "depth", "sentiment", "step_shift"]))
    if shifts is not None:
        require(shifts, ["id", "step_shift"], what="shifts table")
        t = t.drop(columns=["step_shift"], errors="ignore").merge(
            shifts[["id", "step_shift"]].astype({"id": "string"}), on="id", how="left")
    available = [s for s in signals
                 if (s == "sentiment" and "sentiment" in t.columns) or (s == "theme" and weights is not None)
                 or (s == "shift" and "step_shift" in t.columns) or s == "activity"]
    mix = mixture_matrix(t["id"], weights)[0] if weights is not None else None
    finite = None
    if mix is not None:
        finite = np.isfinite(mix).all(axis=1) if mix.shape[1] else np.zeros(len(mix), bool)
    rows: list[dict] = []

    def emit(conv: str, sub: pd.DataFrame, signal: str, idx: np.ndarray) -> None:
        # the theme rows of this series are taken only for the theme signal, and dropped after it
        v, pos = _series(sub, signal, mix, idx, finite)
        series, b = _blocks(v, max_points) if len(v) else (v, 1)
        found = detect_changes(series, penalty_scale=penalty_scale, min_size=min_size)
        for r in found.itertuples():
            at = r.position * b
            row = sub.iloc[pos[at]]
            rows.append({"conversation_id": conv, "id": row["id"], "signal": signal, "score": r.score,
                         "time": row["timestamp"], "position": at, "n_points": len(v),
                         "penalty": r.penalty})

    # each conversation is a run of the sorted turns, in the order of its id (as groupby(sort=True) gives them)
    conv_ids = t["conversation_id"]
    for idx in runs(conv_codes(conv_ids)):
        if len(idx) < 2 * min_size:
            continue
        sub = t.iloc[idx]
        for s in available:
            emit(str(conv_ids.iloc[idx[0]]), sub, s, idx)

    if corpus:
        idx = _time_order(t)
        # only the columns the corpus series read
        sub = t[[c for c in ("id", "timestamp", "sentiment", "step_shift") if c in t.columns]].iloc[idx]
        for s in available:
            if s == "activity":
                continue
            emit("*", sub, s, idx)
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
