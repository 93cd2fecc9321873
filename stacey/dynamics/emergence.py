"""Emergence and diffusion: who brings a theme or a word in, and who takes it up.

For Stacey, population-wide patterns (themes that organise experience) emerge
from many local exchanges: someone gestures with something new, others take
it up or not. This module traces, for every theme and for every content word
that is new after a burn-in period, its first use (who, when, which turn), the
order in which speakers adopt it, and exposure curves: how likely a speaker
is to take it up after being exposed to it by k distinct others.

Exposure curves after Backstrom, Huttenlocher, Kleinberg and Lan (2006),
"Group formation in large social networks", KDD (probability of joining given
k friends in the group) and Romero, Meeder and Kleinberg (2011), "Differences
in the mechanics of information diffusion across topics", WWW (p(k) for
hashtag adoption).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import require
from ._join import match_ids
from ._lemmas import BLOCK, lemma_codes, naive_utc

__all__ = ["theme_uses", "term_uses", "new_terms", "emergence", "adopters", "exposure_curve",
           "adoption_over_time", "exposures"]

USE_COLUMNS = ["item", "kind", "id", "speaker", "conversation_id", "channel", "timestamp", "rank"]


def _rank(turns: pd.DataFrame) -> np.ndarray:
    """Global order of each turn by timestamp (missing times last), ties in table order (int64)."""
    require(turns, ["id", "conversation_id", "speaker", "timestamp", "channel"])
    ts = turns["timestamp"]
    na = ts.isna().to_numpy()
    known = np.flatnonzero(~na)
    order = np.concatenate([known[np.argsort(naive_utc(ts)[known], kind="stable")], np.flatnonzero(na)])
    rank = np.empty(len(turns), dtype="int64")
    rank[order] = np.arange(len(turns))
    return rank


def _use_table(turns: pd.DataFrame, rank: np.ndarray, rows: np.ndarray, item: pd.api.extensions.ExtensionArray,
               kind: str) -> pd.DataFrame:
    """The :data:`USE_COLUMNS` table of the turns at positions ``rows`` with their ``item``, already ordered."""
    def col(name: str) -> pd.api.extensions.ExtensionArray:
        values = turns[name].array
        if isinstance(values, pd.Categorical):  # the categories as strings, taken by code (not 1M conversions)
            return pd.Series(values.categories).astype("string").array.take(values.codes[rows], allow_fill=True)
        return pd.Series(values.take(rows)).astype("string").array

    out = pd.DataFrame({"item": item, "id": col("id"), "speaker": col("speaker"),
                        "conversation_id": col("conversation_id"), "channel": col("channel"),
                        "timestamp": turns["timestamp"].array.take(rows), "rank": rank[rows]}, copy=False)
    return out.assign(kind=kind)[USE_COLUMNS]


def _by_item_rank(item_codes: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Stable order by item code (``-1``, a missing item, last) then rank: ``sort_values(["item", "rank"])``."""
    codes = np.where(item_codes < 0, item_codes.max(initial=0) + 1, item_codes).astype(np.int64)
    by_rank = np.argsort(rank, kind="stable")
    return by_rank[np.argsort(codes[by_rank], kind="stable")]


def _term_sets(top_terms: str) -> list[list[set[str]]]:
    """Parse ``"a; b c; x/y"`` into terms, each a list of alternatives, each a set of words."""
    out = []
    for term in str(top_terms).split(";"):
        alts = [set(a.lower().split()) for a in term.split("/") if a.strip()]
        if alts:
            out.append(alts)
    return out


def _term_hits(lemmas: pd.Series, rows: np.ndarray, items: np.ndarray, uniques: list[str],
               terms: dict[str, list[list[set[str]]]]) -> np.ndarray:
    """For each use (turn ``rows[i]``, theme ``uniques[items[i]]``): how many of the theme's terms the turn has.

    A term counts when one of its alternatives has all its words among the
    turn's lemmas. Only the words of the terms are encoded (as lemma codes);
    per theme, a use x word table of booleans over the theme's words.
    """
    words = {w for sets in terms.values() for alts in sets for alt in alts for w in alt}
    indptr, codes, vocab = lemma_codes(lemmas, vocabulary=words)
    col = {w: i for i, w in enumerate(vocab)}
    n_codes = np.diff(indptr)
    hits = np.zeros(len(rows), dtype=np.int64)
    for code, item in enumerate(uniques):
        sets = terms.get(str(item), [])
        sel = np.flatnonzero(items == code)
        if not sets or not len(sel):
            continue
        mine = sorted({w for alts in sets for alt in alts for w in alt})
        local = np.full(len(vocab), -1, dtype=np.int64)
        local[[col[w] for w in mine]] = np.arange(len(mine))
        r = rows[sel]
        use = np.repeat(np.arange(len(sel)), n_codes[r])
        word = local[codes[_ranges(indptr[r], n_codes[r])]]
        has = np.zeros((len(sel), len(mine)), dtype=bool)
        has[use[word >= 0], word[word >= 0]] = True
        del use, word
        for alts in sets:
            met = np.zeros(len(sel), dtype=bool)
            for alt in alts:
                met |= has[:, [mine.index(w) for w in sorted(alt)]].all(axis=1)
            hits[sel] += met
    return hits


def theme_uses(turns: pd.DataFrame, weights: pd.DataFrame, *, threshold: float = 0.25,
               themes: pd.DataFrame | None = None, min_terms: int = 1) -> pd.DataFrame:
    """Every (theme, turn) where the turn uses the theme.

    A turn uses a theme when its weight >= ``threshold`` and, when
    ``min_terms`` > 1 and ``themes`` (with ``top_terms``, "; "-joined; "a/b"
    for bilingual pairs, phrases as words) is given, at least ``min_terms``
    distinct top terms of the theme occur among the turn's ``lemmas`` (a
    phrase counts when all its words occur). The second condition guards
    against incidental single-word matches: a turn about data protection that
    mentions a neighbour once is not yet the community theme. It is needed
    for first use above all, where a single early stray match would
    otherwise be taken for the origin.

    Returns
    -------
    DataFrame with columns ``item`` (theme id), ``kind`` (``"theme"``), ``id``,
    ``speaker``, ``conversation_id``, ``channel``, ``timestamp``, ``rank``
    (global time order of the turn), sorted by ``item`` and ``rank``.
    """
    require(weights, ["id", "theme", "weight"], what="theme weights")
    rank = _rank(turns)
    w = weights.loc[weights["weight"] >= threshold, ["id", "theme"]]
    # join on positions only: the turn columns are taken once for the rows kept (merging them, and the
    # lemmas as Python sets per use, took gigabytes at 1M turns)
    wrows, rows = match_ids(w["id"], turns["id"])
    items, uniques = pd.factorize(w["theme"].astype("string"), sort=True)
    items = items[wrows]
    if min_terms > 1 and themes is not None:
        require(themes, ["theme", "top_terms"], what="themes table")
        require(turns, ["lemmas"], hint="run stacey.annotate first")
        terms = {str(th): _term_sets(tt) for th, tt in zip(themes["theme"], themes["top_terms"], strict=True)}
        keep = _term_hits(turns["lemmas"], rows, items, list(uniques), terms) >= min_terms
        rows, items = rows[keep], items[keep]
    order = _by_item_rank(items, rank[rows])
    rows, items = rows[order], items[order]
    return _use_table(turns, rank, rows, pd.array(uniques.take(items, allow_fill=True), dtype="string"), "theme")


def term_uses(turns: pd.DataFrame, terms: list[str] | None = None) -> pd.DataFrame:
    """Every (lemma, turn) where the turn's ``lemmas`` contain the lemma (``terms`` restricts them).

    Returns the columns of :func:`theme_uses`, with ``kind`` = ``"term"``.
    """
    require(turns, ["lemmas"], hint="run stacey.annotate first")
    rank = _rank(turns)
    # lemma codes, not an exploded table of strings: the whole table repeated per lemma took gigabytes
    indptr, codes, vocab = lemma_codes(turns["lemmas"], vocabulary=None if terms is None else terms)
    rows = np.repeat(np.arange(len(turns)), np.diff(indptr))
    order = _by_item_rank(codes, rank[rows])
    rows, codes = rows[order], codes[order]
    return _use_table(turns, rank, rows, pd.array(np.array(vocab, dtype=object)[codes], dtype="string"), "term")


def new_terms(turns: pd.DataFrame, *, burn_in: float = 0.25, min_speakers: int = 3) -> list[str]:
    """Content lemmas that are new after a burn-in and spread to at least ``min_speakers`` speakers.

    The burn-in is the first ``burn_in`` share of the corpus's time span
    [t_min, t_min + burn_in * (t_max - t_min)]; a lemma is *new* when its first
    use falls after it. Lemmas used by fewer than ``min_speakers`` distinct
    speakers are left out (one person's word has not diffused).
    """
    require(turns, ["lemmas"], hint="run stacey.annotate first")
    # each turn's lemmas as integer codes; first time and distinct speakers per code by blocks of turns
    indptr, codes, vocab = lemma_codes(turns["lemmas"])
    n_lemmas = np.diff(indptr)
    ts = turns["timestamp"]
    times = naive_utc(ts)
    if not (ts.notna().to_numpy() & (n_lemmas > 0)).any():
        return []
    first = np.full(len(vocab), np.datetime64("NaT"), dtype=times.dtype)
    for a in range(0, len(turns), BLOCK):
        b = min(a + BLOCK, len(turns))
        np.fmin.at(first, codes[indptr[a]:indptr[b]], np.repeat(times[a:b], n_lemmas[a:b]))
    t0, t1 = ts.min(), ts.max()
    cut = t0 + (t1 - t0) * burn_in
    first_time = pd.Series(first)
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        first_time = first_time.dt.tz_localize("UTC").dt.tz_convert(ts.dt.tz)
    late = (first_time > cut).to_numpy()
    # distinct speakers, counted for the lemmas first used after the cut only
    speaker, speakers = pd.factorize(turns["speaker"].astype("string"))
    n_speakers = max(len(speakers), 1)
    seen = np.empty(0, dtype=np.int64)  # distinct (lemma, speaker) keys
    for a in range(0, len(turns), BLOCK):
        b = min(a + BLOCK, len(turns))
        c = codes[indptr[a]:indptr[b]]
        who = np.repeat(speaker[a:b], n_lemmas[a:b])
        pick = late[c] & (who >= 0)
        seen = np.union1d(seen, c[pick].astype(np.int64) * n_speakers + who[pick])
    spread = np.bincount(seen // n_speakers, minlength=len(vocab))
    keep = late & (spread >= min_speakers)
    return sorted(str(vocab[i]) for i in np.flatnonzero(keep))


def emergence(uses: pd.DataFrame) -> pd.DataFrame:
    """First use and spread of each item (theme or term).

    Parameters
    ----------
    uses
        A table of :func:`theme_uses` or :func:`term_uses` (or both concatenated).

    Returns
    -------
    DataFrame, one row per item, columns ``item``, ``kind``, ``first_id``,
    ``first_speaker`` (the originator), ``first_time``, ``first_conversation``,
    ``first_channel``, ``n_uses``, ``n_adopters`` (distinct speakers, the
    originator included), ``n_conversations``, ``n_channels``, ``last_time``,
    ``second_speaker`` (the first to take it up), ``second_time``.
    """
    rows = []
    # positions of each item's uses in rank order, and the columns read one group at a time: sorting and
    # splitting the whole table took ~340 MiB at 1M uses
    keys, groups = _item_groups(uses, np.argsort(uses["rank"].to_numpy(), kind="stable"))
    for (item, kind), pos in zip(keys, groups, strict=True):
        speaker = uses["speaker"].iloc[pos]
        times = uses["timestamp"].iloc[pos]
        first, who = pos[0], speaker.iloc[0]
        others = np.flatnonzero((speaker != who).fillna(False).to_numpy(dtype=bool))
        rows.append({
            "item": item, "kind": kind, "first_id": uses["id"].iloc[first], "first_speaker": who,
            "first_time": times.iloc[0], "first_conversation": uses["conversation_id"].iloc[first],
            "first_channel": uses["channel"].iloc[first], "n_uses": len(pos), "n_adopters": speaker.nunique(),
            "n_conversations": uses["conversation_id"].iloc[pos].nunique(),
            "n_channels": uses["channel"].iloc[pos].nunique(), "last_time": times.max(),
            "second_speaker": speaker.iloc[others[0]] if len(others) else pd.NA,
            "second_time": times.iloc[others[0]] if len(others) else pd.NaT,
        })
    cols = ["item", "kind", "first_id", "first_speaker", "first_time", "first_conversation", "first_channel",
            "n_uses", "n_adopters", "n_conversations", "n_channels", "last_time", "second_speaker", "second_time"]
    return pd.DataFrame(rows, columns=cols)


def _item_groups(uses: pd.DataFrame, order: np.ndarray) -> tuple[list[tuple], list[np.ndarray]]:
    """The sorted ``(item, kind)`` keys of ``uses`` and the positions of each, in the order of ``order``.

    The same groups, keys and row order as ``uses.take(order).groupby(["item", "kind"], sort=True,
    observed=True)`` (null keys left out), on integer codes.
    """
    groups = uses[["item", "kind"]].groupby(["item", "kind"], sort=True, observed=True)
    keys = list(groups.size().index)
    code = groups.ngroup().to_numpy()[order]
    inside = code >= 0
    order, code = order[inside], code[inside]
    by_group = np.argsort(code, kind="stable")
    bounds = np.searchsorted(code[by_group], np.arange(len(keys) + 1))
    return keys, [order[by_group[bounds[g]:bounds[g + 1]]] for g in range(len(keys))]


def _codes(values: pd.Series, index: pd.Index) -> np.ndarray:
    """Position of each value in ``index``; values not in it get codes after it (by value); null gets -1."""
    codes, uniques = pd.factorize(values.astype("string"))  # the distinct values looked up, not every row
    where = index.get_indexer(uniques)
    other = where < 0
    where[other] = len(index) + np.arange(int(other.sum()))
    return np.where(codes >= 0, where[np.maximum(codes, 0)], -1)


def _first_rows(keys: np.ndarray, rank: np.ndarray, n_keys: int) -> np.ndarray:
    """Per key in ``range(n_keys)`` the position of its row of least rank (first on ties), -1 if none."""
    first = np.full(n_keys, -1, dtype=np.int64)
    valid = np.flatnonzero((keys >= 0) & (keys < n_keys))
    order = valid[np.lexsort((rank[valid], keys[valid]))]
    head = np.ones(len(order), dtype=bool)
    head[1:] = keys[order[1:]] != keys[order[:-1]]
    first[keys[order[head]]] = order[head]
    return first


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(start, start + size)`` for each pair."""
    ends = np.cumsum(sizes)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - sizes - starts, sizes)


#: (use, participant) pairs examined at a time in :func:`exposures`
PAIR_BLOCK = 500_000


def exposures(turns: pd.DataFrame, uses: pd.DataFrame) -> pd.DataFrame:
    """Per (item, speaker): whether and when the speaker adopted, and the exposures before it.

    Exposure as defined in :func:`adopters`; computed once and shared by
    :func:`adopters` and :func:`exposure_curve` (pass it as ``exposures=``).

    Returns
    -------
    DataFrame, one row per (item, speaker of the table), columns ``item``,
    ``kind``, ``speaker``, ``adopted`` (bool), ``adopt_rank`` (global time
    order of the adopting turn, NaN if never), ``exposures`` (distinct others
    before adoption, or ever for non-adopters), ``adopt_id``, ``adopt_time``,
    ``adopt_conversation``, ``adopt_channel``.
    """
    cols = ["item", "kind", "speaker", "adopted", "adopt_rank", "exposures", "adopt_id", "adopt_time",
            "adopt_conversation", "adopt_channel"]
    rank = _rank(turns)
    # everything on integer codes: speakers (sorted) and conversations of the turns; a use's speaker
    # unknown to the turns still counts as a source of exposure
    speakers = pd.Index(sorted(turns["speaker"].astype("string").dropna().unique()))
    n_spk = len(speakers)
    convs = pd.Index(turns["conversation_id"].astype("string").dropna().unique())
    spk, conv = _codes(turns["speaker"], speakers), _codes(turns["conversation_id"], convs)
    # join: each (conversation, speaker)'s first turn, sorted by conversation then speaker
    ok = np.flatnonzero((spk >= 0) & (conv >= 0))
    ok = ok[np.lexsort((rank[ok], spk[ok], conv[ok]))]
    head = np.ones(len(ok), dtype=bool)
    head[1:] = (conv[ok[1:]] != conv[ok[:-1]]) | (spk[ok[1:]] != spk[ok[:-1]])
    ok = ok[head]
    join_spk, join_rank = spk[ok], rank[ok]
    join_ptr = np.searchsorted(conv[ok], np.arange(len(convs) + 1))
    del ok, head
    src, use_conv = _codes(uses["speaker"], speakers), _codes(uses["conversation_id"], convs)
    use_conv[use_conv >= len(convs)] = -1
    n_src = int(src.max(initial=n_spk - 1)) + 1
    use_rank = uses["rank"].to_numpy()
    keys, groups = _item_groups(uses, np.arange(len(uses)))
    if not keys:
        return pd.DataFrame(columns=cols)
    notnull = {c: uses[c].notna().to_numpy() for c in ("id", "timestamp", "conversation_id", "channel")}
    adopted, adopt_rank, k_all, firsts = [], [], [], {c: [] for c in ("id", "timestamp", "conversation_id", "channel")}
    for pos in groups:
        su, cu, ru = src[pos], use_conv[pos], use_rank[pos]
        adopt = np.full(n_spk, np.inf)
        mine = (su >= 0) & (su < n_spk)
        np.minimum.at(adopt, su[mine], ru[mine])
        # exposures: each use against every participant of its conversation, by blocks of pairs
        seen = np.empty(0, dtype=np.int64)  # distinct (speaker, source) pairs so far, as keys
        inside = np.flatnonzero(cu >= 0)
        sizes = join_ptr[cu[inside] + 1] - join_ptr[cu[inside]]
        ends = np.cumsum(sizes)
        a = 0
        while a < len(inside):
            b = max(int(np.searchsorted(ends, (ends[a - 1] if a else 0) + PAIR_BLOCK, side="right")), a + 1)
            blk = inside[a:b]
            part = _ranges(join_ptr[cu[blk]], sizes[a:b])
            who, when = join_spk[part], join_rank[part]
            source, tau = np.repeat(su[blk], sizes[a:b]), np.repeat(ru[blk], sizes[a:b])
            at = adopt[who]
            keep = (source >= 0) & (source != who) & (tau < at) & (when <= at)
            seen = np.union1d(seen, who[keep].astype(np.int64) * n_src + source[keep])
            a = b
        k_all.append(np.bincount(seen // max(n_src, 1), minlength=n_spk).astype("int64"))
        adopted.append(np.isfinite(adopt))
        adopt_rank.append(np.where(np.isfinite(adopt), adopt, np.nan))
        # the adopting turn: per column the first non-null value in time order, as groupby().first() gives
        for c in firsts:
            rows = _first_rows(np.where(notnull[c][pos], su, -1), ru, n_spk)
            firsts[c].append(np.where(rows >= 0, pos[np.maximum(rows, 0)], -1))
    n = len(keys)

    def taken(c: str) -> pd.api.extensions.ExtensionArray:
        return uses[c].array.take(np.concatenate(firsts[c]), allow_fill=True)

    return pd.DataFrame({
        "item": pd.Series(np.repeat(np.array([k[0] for k in keys], dtype=object), n_spk), dtype="str"),
        "kind": pd.Series(np.repeat(np.array([k[1] for k in keys], dtype=object), n_spk), dtype="str"),
        "speaker": pd.Series(np.tile(np.asarray(speakers, dtype=object), n), dtype="str"),
        "adopted": np.concatenate(adopted), "adopt_rank": np.concatenate(adopt_rank),
        "exposures": np.concatenate(k_all), "adopt_id": taken("id"), "adopt_time": taken("timestamp"),
        "adopt_conversation": taken("conversation_id"), "adopt_channel": taken("channel")}, copy=False)[cols]


def _exposures_of(turns: pd.DataFrame, uses: pd.DataFrame, given: pd.DataFrame | None) -> pd.DataFrame:
    return exposures(turns, uses) if given is None else given


def adopters(turns: pd.DataFrame, uses: pd.DataFrame, *, exposures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Adopters of each item in order, with the exposures that preceded their adoption.

    A speaker *adopts* an item at their first turn that uses it. Speaker s is
    *exposed* to another speaker v's use of the item in conversation c when s
    takes part in c: the use counts before s's adoption when it happened
    earlier than the adopting turn and s had joined c by then (s's first turn in
    c is at or before the adopting turn, so reading a thread and then answering
    in it counts). ``exposures`` is the number of distinct others v by whom s
    was exposed before adopting. Order is by timestamp (missing last), ties in
    table order.

    Returns
    -------
    DataFrame, one row per (item, adopting speaker), columns ``item``, ``kind``,
    ``speaker``, ``order`` (1 = originator), ``adopt_id``, ``adopt_time``,
    ``adopt_conversation``, ``adopt_channel``, ``exposures``, ``originator`` (bool).
    """
    ex = _exposures_of(turns, uses, exposures)
    if ex.empty:
        return pd.DataFrame(columns=["item", "kind", "speaker", "order", "adopt_id", "adopt_time",
                                     "adopt_conversation", "adopt_channel", "exposures", "originator"])
    a = ex.loc[ex["adopted"]].sort_values(["item", "adopt_rank"], kind="stable")
    a = a.assign(order=a.groupby("item", observed=True).cumcount() + 1)
    a = a.assign(originator=a["order"] == 1)
    return a[["item", "kind", "speaker", "order", "adopt_id", "adopt_time", "adopt_conversation",
              "adopt_channel", "exposures", "originator"]].reset_index(drop=True)


def exposure_curve(turns: pd.DataFrame, uses: pd.DataFrame, *, max_k: int = 10,
                   exposures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Probability of adoption given k exposures from distinct others, p(k).

    With exposures as in :func:`adopters`, let k_s be the number of distinct
    others who had exposed s before s adopted (all of them for a speaker who
    never adopts). Following Romero, Meeder and Kleinberg (2011):

        p(k) = #{s adopted with k_s = k} / #{s that reached k exposures}

    where s *reached* k when k_s >= k: of the speakers who were k-exposed, the
    share who adopted before a (k+1)-th exposure. For k = 0 the denominator is
    every speaker (adopting without exposure is introducing the item). Rows
    per item and pooled over all items of a kind (``item`` = ``"*"``);
    k above ``max_k`` is pooled into ``max_k``.

    Returns
    -------
    DataFrame with columns ``item``, ``kind``, ``k``, ``n_exposed`` (speakers
    that reached k), ``n_adopted`` (adopted at exactly k), ``p_adopt``.
    """
    ex = _exposures_of(turns, uses, exposures)
    cols = ["item", "kind", "k", "n_exposed", "n_adopted", "p_adopt"]
    if ex.empty:
        return pd.DataFrame(columns=cols)
    ex = ex.assign(k=ex["exposures"].clip(upper=max_k))
    rows = []

    def curve(item: str, kind: str, g: pd.DataFrame) -> None:
        for k in range(0, int(g["k"].max()) + 1):
            reached = int((g["k"] >= k).sum())
            adopted = int((g["adopted"] & (g["k"] == k)).sum())
            rows.append({"item": item, "kind": kind, "k": k, "n_exposed": reached, "n_adopted": adopted,
                         "p_adopt": adopted / reached if reached else np.nan})

    for (item, kind), g in ex.groupby(["item", "kind"], sort=True, observed=True):
        curve(str(item), str(kind), g)
    for kind, g in ex.groupby("kind", sort=True, observed=True):
        if g["item"].nunique() > 1:
            curve("*", str(kind), g)
    return pd.DataFrame(rows, columns=cols)


def adoption_over_time(adopted: pd.DataFrame, *, freq: str = "W") -> pd.DataFrame:
    """Adopters per calendar period and cumulatively, per item.

    Parameters
    ----------
    adopted
        The table of :func:`adopters`.
    freq
        A pandas period alias: ``"D"``, ``"W"``, ``"M"``.

    Returns
    -------
    DataFrame with columns ``item``, ``kind``, ``period`` (start time of the
    period, UTC), ``new_adopters``, ``cumulative_adopters``.
    """
    cols = ["item", "kind", "period", "new_adopters", "cumulative_adopters"]
    a = adopted.dropna(subset=["adopt_time"])
    if a.empty:
        return pd.DataFrame(columns=cols)
    period = a["adopt_time"].dt.tz_convert(None).dt.to_period(freq).dt.start_time.dt.tz_localize("UTC")
    out = (a.assign(period=period).groupby(["item", "kind", "period"], observed=True).size()
           .rename("new_adopters").reset_index())
    out["cumulative_adopters"] = out.groupby("item", observed=True)["new_adopters"].cumsum()
    return out[cols]
