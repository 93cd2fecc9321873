"""Local and population-wide patterns: themes over calendar time, habitual and local themes,
formal and informal channels.

Stacey distinguishes the *legitimate* system (the official, formal
conversation: mail from management, the blog, the minuted meeting) from the
*shadow* system (informal conversation: chat, comments, the corridor), and
locates much of the emergence of new patterns in the shadow. The mapping of
channels to the two is a parameter (:data:`SYSTEMS`), to be set by the
researcher for each organisation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._common import require
from ._join import match_ids
from ._lemmas import BLOCK, naive_utc

__all__ = ["SYSTEMS", "period_start", "prevalence", "habitual", "log_odds", "channel_log_odds", "formal_lag"]

#: Default channel -> system mapping: official mail, blog posts and minuted meetings
#: are formal (legitimate); chat, comments and private messages informal (shadow).
SYSTEMS: dict[str, str] = {
    "mail": "formal", "post": "formal", "transcript": "formal",
    "chat": "informal", "comment": "informal", "message": "informal",
}


def period_start(ts: pd.Series, freq: str) -> pd.Series:
    """Start (UTC) of the calendar period (``"D"``, ``"W"`` (weeks from Monday), ``"M"``) of each timestamp."""
    naive = ts.dt.tz_convert(None) if isinstance(ts.dtype, pd.DatetimeTZDtype) else ts
    return naive.dt.to_period(freq).dt.start_time.dt.tz_localize("UTC")


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray | np.ndarray]:
    """Codes of ``values`` into their sorted distinct values (null: -1), the values keeping their dtype."""
    arr = values.array
    return pd.factorize(arr.to_numpy() if isinstance(arr, pd.arrays.NumpyExtensionArray) else arr, sort=True)


def _string_codes(values: pd.Series) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray | np.ndarray]:
    """:func:`_codes` of ``values.astype("string")``; a categorical's categories are converted, not its rows."""
    arr = values.array
    if not isinstance(arr, pd.Categorical):
        return _codes(values.astype("string"))
    per_category, uniques = _codes(pd.Series(arr.categories).astype("string"))
    return np.where(arr.codes >= 0, per_category[np.maximum(arr.codes, 0)], -1), uniques


def _group_sum(values: np.ndarray, keys: list[tuple[np.ndarray, pd.api.extensions.ExtensionArray | np.ndarray]],
               names: list[str]) -> pd.Series:
    """``DataFrame({names: key values, "v": values}).groupby(names).sum()["v"]`` computed on the key codes.

    ``keys`` (two or more) are ``(codes, sorted uniques)`` (code -1 = null,
    left out as groupby leaves null keys out; the product of the numbers of
    uniques must stay below 2**63). Grouping small integer codes instead of
    string columns taken per row saves their copies; the groups, their order
    and each group's summation order (table order) are those of the groupby
    on the values, so the sums are the same to the last bit.
    """
    ok = np.logical_and.reduce([c >= 0 for c, _ in keys])
    # one mixed-radix key, ordered as the tuples of codes: a single grouper costs far less than several
    if np.prod([float(max(len(u), 1)) for _, u in keys]) >= 2.0 ** 62:  # too many combinations for one key
        summed = pd.Series(values[ok]).groupby([c[ok] for c, _ in keys], sort=True).sum()
        summed.index = pd.MultiIndex.from_arrays(
            [u.take(np.asarray(summed.index.get_level_values(i))) for i, (_, u) in enumerate(keys)], names=names)
        return summed
    key = np.zeros(int(ok.sum()), dtype=np.int64)
    for c, u in keys:
        key = key * len(u) + c[ok]
    summed = pd.Series(values[ok]).groupby(key, sort=True).sum()
    rest, codes = summed.index.to_numpy(), []
    for _, u in reversed(keys):
        codes.insert(0, rest % len(u))
        rest = rest // len(u)
    levels = [u.take(c) for c, (_, u) in zip(codes, keys, strict=True)]
    summed.index = pd.MultiIndex.from_arrays(levels, names=names)
    return summed


def prevalence(turns: pd.DataFrame, weights: pd.DataFrame, *, freq: str = "W", by: str | None = None
               ) -> pd.DataFrame:
    """Theme prevalence per calendar period (and per ``by`` column, e.g. ``channel``).

    prevalence(theme, period) = sum of the theme's weights over the turns of
    the period / number of turns in the period: the mean theme weight of a
    turn (turns without themes count as 0), so prevalences of a period sum to
    the share of its turns that carry any theme. Turns without a timestamp
    are left out.

    Returns
    -------
    DataFrame with columns ``period`` (start, UTC), ``by`` value column
    (``channel`` etc.; ``"*"`` when ``by`` is None, the column then named
    ``group``), ``theme``, ``weight`` (sum), ``n_turns``, ``prevalence``.
    """
    require(turns, ["id", "timestamp"])
    require(weights, ["id", "theme", "weight"], what="theme weights")
    key = by or "group"
    # the turns' periods and groups as codes, joined to the weights by position and summed on the codes
    # (copying the whole turn table and merging on string ids took ~400 MiB at 1M turns)
    dated = turns["timestamp"].notna().to_numpy()
    period, periods = _codes(period_start(turns["timestamp"], freq).where(dated))
    group, groups = _string_codes(turns[by]) if by else (np.zeros(len(turns), dtype=np.int64),
                                                                   pd.array(["*"], dtype="str"))
    ok = dated & (group >= 0)
    pg = np.unique(period[ok].astype(np.int64) * len(groups) + group[ok], return_counts=True)
    n = pd.Series(pg[1], index=pd.MultiIndex.from_arrays([periods.take(pg[0] // len(groups)),
                                                          groups.take(pg[0] % len(groups))], names=["period", key]),
                  name="n_turns")
    wrows, trows = match_ids(weights["id"], turns["id"])
    keep = dated[trows]
    wrows, trows = wrows[keep], trows[keep]
    theme, themes_seen = _codes(weights["theme"].astype("string"))
    s = _group_sum(weights["weight"].to_numpy()[wrows], [(period[trows], periods), (group[trows], groups),
                                                         (theme[wrows], themes_seen)], ["period", key, "theme"])
    themes = sorted(weights["theme"].astype(str).unique())
    full = pd.MultiIndex.from_tuples([(p, g, th) for p, g in n.index for th in themes],
                                     names=["period", key, "theme"])
    out = s.reindex(full, fill_value=0.0).rename("weight").reset_index()
    out = out.merge(n.reset_index(), on=["period", key])
    out["prevalence"] = out["weight"] / out["n_turns"]
    return out[["period", key, "theme", "weight", "n_turns", "prevalence"]]


def habitual(turns: pd.DataFrame, weights: pd.DataFrame, *, threshold: float = 0.25,
             min_conversation_share: float = 0.2, min_channels: int = 2, min_periods: int = 2,
             freq: str = "M") -> pd.DataFrame:
    """Which themes become habitual (persist across the population of conversations) and which stay local.

    A theme is *present* in a conversation when at least one of its turns
    has weight >= ``threshold`` for it. A theme is ``habitual`` when it is
    present in at least ``min_conversation_share`` of all conversations, in at
    least ``min_channels`` channels (capped at the number of channels in the
    corpus) and in at least ``min_periods`` calendar periods (``freq``,
    months by default); otherwise ``local``. The cut-offs are a documented
    heuristic, not a law: the columns let a researcher set their own.

    Returns
    -------
    DataFrame, one row per theme, columns ``theme``, ``n_conversations``,
    ``share_conversations``, ``n_channels``, ``n_periods``, ``n_speakers``,
    ``first_time``, ``last_time``, ``span_days``, ``status``.
    """
    require(turns, ["id", "conversation_id", "channel", "speaker", "timestamp"])
    # codes of the columns counted, per turn, and the rows used joined by position (a merge on string ids
    # and the used rows' string columns took ~350 MiB at 1M turns)
    strong = weights.loc[weights["weight"] >= threshold, ["id", "theme"]]
    wrows, trows = match_ids(strong["id"], turns["id"])
    conv, convs = _codes(turns["conversation_id"])
    counted = {"conversation_id": conv[trows], "channel": _string_codes(turns["channel"])[0][trows],
               "period": _codes(period_start(turns["timestamp"], freq))[0][trows],
               "speaker": _codes(turns["speaker"])[0][trows]}
    timestamp = turns["timestamp"].iloc[trows].reset_index(drop=True)
    n_conv = len(convs)
    need_channels = min(min_channels, turns["channel"].nunique())
    rows = []
    code, names = pd.factorize(strong["theme"].astype("string"))
    code = code[wrows]
    members = np.argsort(code, kind="stable")
    bounds = np.searchsorted(code[members], np.arange(len(names) + 1))
    where = {str(th): members[bounds[i]:bounds[i + 1]] for i, th in enumerate(names)}

    def distinct(column: str, pos: np.ndarray) -> int:
        c = counted[column][pos]
        return len(np.unique(c[c >= 0]))

    for theme in sorted(weights["theme"].astype(str).unique()):
        pos = where.get(theme, members[:0])
        times = timestamp.iloc[pos]
        first, last = times.min(), times.max()
        k = distinct("conversation_id", pos)
        row = {"theme": theme, "n_conversations": k, "share_conversations": k / n_conv if n_conv else np.nan,
               "n_channels": distinct("channel", pos), "n_periods": distinct("period", pos),
               "n_speakers": distinct("speaker", pos), "first_time": first, "last_time": last,
               "span_days": (last - first).total_seconds() / 86400 if len(pos) else np.nan}
        row["status"] = "habitual" if (row["share_conversations"] >= min_conversation_share
                                       and row["n_channels"] >= need_channels
                                       and row["n_periods"] >= min_periods) else "local"
        rows.append(row)
    return pd.DataFrame(rows, columns=["theme", "n_conversations", "share_conversations", "n_channels",
                                       "n_periods", "n_speakers", "first_time", "last_time", "span_days", "status"])


def log_odds(counts: pd.DataFrame, *, group: str = "group", term: str = "term", count: str = "count",
             prior: pd.Series | None = None, prior_size: float | None = None) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008).

    For each group i against all other groups together (j), term w with
    counts y_wi, y_wj, totals n_i, n_j and prior alpha_w (alpha_0 = sum alpha):

        delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w))
                - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
        var(delta_w) ~ 1 / (y_wi + a_w) + 1 / (y_wj + a_w),   z_w = delta_w / sqrt(var)

    ("Fightin' words", Political Analysis 16(4), eqs. 16, 18-20, 22). The
    informative prior is a_w = a_0 * pi_w with pi_w the term's share of
    ``prior`` (a background Series term -> count; default: the pooled counts
    of all groups) and a_0 = ``prior_size`` (default: the pooled total, as
    R's tidylo does). Counts may be fractional (theme weights).

    Returns
    -------
    DataFrame with columns ``group``, ``term``, ``count``, ``other_count``,
    ``log_odds`` (delta), ``se``, ``z``; sorted by group and z descending.
    """
    require(counts, [group, term, count], what="counts table")
    c = counts[[group, term, count]].rename(columns={group: "group", term: "term", count: "count"})
    c = c.assign(count=c["count"].astype(float))
    wide = c.pivot_table(index="term", columns="group", values="count", aggfunc="sum", fill_value=0.0)
    pooled = wide.sum(axis=1)
    background = pooled if prior is None else prior.reindex(wide.index).fillna(0).astype(float)
    a0 = float(background.sum()) if prior_size is None else float(prior_size)
    alpha = a0 * background / background.sum()
    rows = []
    for g in wide.columns:
        yi = wide[g]
        yj = pooled - yi
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha))
            se = np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
        rows.append(pd.DataFrame({"group": g, "term": wide.index, "count": yi.to_numpy(),
                                  "other_count": yj.to_numpy(), "log_odds": delta.to_numpy(),
                                  "se": se.to_numpy(), "z": (delta / se).to_numpy()}))
    if not rows:
        return pd.DataFrame(columns=["group", "term", "count", "other_count", "log_odds", "se", "z"])
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["group", "z"], ascending=[True, False], kind="stable").reset_index(drop=True)


def _systems(turns: pd.DataFrame, systems: Mapping[str, str] | None) -> pd.Series:
    mapping = SYSTEMS if systems is None else dict(systems)
    code, channels = pd.factorize(turns["channel"])  # mapped per distinct channel, not per turn
    system = pd.Series(pd.Series(channels).astype("string").map(mapping).astype("string").array.take(
        code, allow_fill=True), index=turns.index)
    return system


def _lemma_counts(lemmas: pd.Series, system: pd.Series) -> pd.DataFrame:
    """Occurrences of each lemma per system, as ``groupby(["system", "term"]).size()`` of the exploded lemmas gives.

    Counted with a :class:`collections.Counter` per system over blocks of
    turns: the exploded table (one row per lemma occurrence) took 2 GiB at 1M turns.
    """
    code, names = pd.factorize(system)
    counters = [Counter() for _ in range(len(names))]
    values = lemmas.array
    for a in range(0, len(values), BLOCK):
        texts = values[a:a + BLOCK].to_numpy(dtype=object, na_value=None)
        for text, c in zip(texts, code[a:a + BLOCK], strict=True):
            if c >= 0 and isinstance(text, str):
                counters[c].update(text.split())
    rows = [(str(names[c]), term, n) for c in sorted(range(len(names)), key=lambda c: str(names[c]))
            for term, n in sorted(counters[c].items())]
    return pd.DataFrame({"system": pd.array([r[0] for r in rows], dtype="string"),
                         "term": pd.array([r[1] for r in rows], dtype="str"),
                         "count": np.array([r[2] for r in rows], dtype="int64")})


def channel_log_odds(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, unit: str = "lemma",
                     systems: Mapping[str, str] | None = None, min_count: float = 0) -> pd.DataFrame:
    """What distinguishes formal from informal channels: :func:`log_odds` between the two systems.

    ``unit="lemma"`` counts content lemmas (``lemmas`` column, one count per
    occurrence); ``unit="theme"`` sums theme weights (each turn spreads one
    unit over its themes). Channels are mapped to ``formal`` / ``informal``
    with ``systems`` (default :data:`SYSTEMS`); unmapped channels are left out.
    Terms with a pooled count below ``min_count`` are left out after
    estimation.

    Returns
    -------
    DataFrame with columns ``unit``, ``system`` (the group), ``term``,
    ``count``, ``other_count``, ``log_odds``, ``se``, ``z``.
    """
    system = _systems(turns, systems)
    if unit == "lemma":
        require(turns, ["lemmas"], hint="run stacey.annotate first")
        counts = _lemma_counts(turns["lemmas"], system)
    elif unit == "theme":
        if weights is None:
            raise ValueError("unit='theme' needs weights")
        wrows, trows = match_ids(weights["id"], turns["id"])  # positions, not a merge on string ids
        sys_code, sys_names = _codes(system)
        theme, themes = _codes(weights["theme"])
        counts = _group_sum(weights["weight"].to_numpy()[wrows], [(sys_code[trows], sys_names),
                                                                            (theme[wrows], themes)],
                            ["system", "theme"]).rename("count").reset_index().rename(columns={"theme": "term"})
    else:
        raise ValueError(f"unknown unit {unit!r}; use lemma or theme")
    out = log_odds(counts, group="system").rename(columns={"group": "system"})
    out = out.loc[(out["count"] + out["other_count"]) >= min_count]
    return out.assign(unit=unit)[["unit", "system", "term", "count", "other_count", "log_odds", "se", "z"]] \
        .reset_index(drop=True)


def formal_lag(turns: pd.DataFrame, weights: pd.DataFrame, *, threshold: float = 0.25,
               systems: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Lag between a theme's first appearance in informal and in formal channels.

    A turn uses a theme when its weight >= ``threshold``. lag_days =
    (first formal use - first informal use) in days: positive when the theme
    appeared in the shadow system first and reached the legitimate one later.

    Returns
    -------
    DataFrame, one row per theme, columns ``theme``, ``first_informal_id``,
    ``first_informal_speaker``, ``first_informal_channel``,
    ``first_informal_time``, ``first_formal_id``, ``first_formal_speaker``,
    ``first_formal_channel``, ``first_formal_time``, ``lag_days``.
    """
    require(turns, ["id", "speaker", "channel", "timestamp"])
    system = _systems(turns, systems)
    strong = weights.loc[weights["weight"] >= threshold, ["id", "theme"]]
    wrows, trows = match_ids(strong["id"], turns["id"])  # positions, not a merge of string columns
    theme_code, theme_names = pd.factorize(strong["theme"].astype("string"))
    sys_code, sys_names = pd.factorize(system)
    th, sy, times = theme_code[wrows], sys_code[trows], naive_utc(turns["timestamp"])[trows]
    # the first use of each (theme, system) in time order, ties in table order; only its values are read
    idx = np.flatnonzero((th >= 0) & (sy >= 0) & ~np.isnat(times))
    idx = idx[np.lexsort((trows[idx], times[idx]))]
    _, head = np.unique(th[idx] * len(sys_names) + sy[idx], return_index=True)
    first_of = {(str(theme_names[th[i]]), str(sys_names[sy[i]])): i for i in idx[head]}
    ids = strong["id"].astype("string")
    rows = []
    for theme in sorted(weights["theme"].astype(str).unique()):
        row: dict = {"theme": theme}
        for sysname in ("informal", "formal"):
            i = first_of.get((theme, sysname))
            first = None if i is None else {"id": ids.iat[wrows[i]], "speaker": turns["speaker"].iat[trows[i]],
                                            "channel": turns["channel"].iat[trows[i]],
                                            "timestamp": turns["timestamp"].iat[trows[i]]}
            for col in ("id", "speaker", "channel"):
                row[f"first_{sysname}_{col}"] = first[col] if first is not None else pd.NA
            row[f"first_{sysname}_time"] = first["timestamp"] if first is not None else pd.NaT
        a, b = row["first_informal_time"], row["first_formal_time"]
        row["lag_days"] = (b - a).total_seconds() / 86400 if pd.notna(a) and pd.notna(b) else np.nan
        rows.append(row)
    cols = ["theme"] + [f"first_{s}_{c}" for s in ("informal", "formal") for c in ("id", "speaker", "channel", "time")] \
        + ["lag_days"]
    return pd.DataFrame(rows, columns=cols)
