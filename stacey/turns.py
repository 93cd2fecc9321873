"""The turn table: the one shared contract of the toolkit.

One row per turn (a mail, post, comment, chat message or remark in a meeting).
Readers produce it; every analysis consumes it. The core column names follow
ConvoKit's utterance fields (``id``, ``conversation_id``, ``reply_to``,
``speaker``, ``timestamp``, ``text``) so a ConvoKit corpus maps onto the table
and back without renaming.

========================  ========================  ==========================================
column                    dtype                     meaning
========================  ========================  ==========================================
``id``                    string                    unique in the table, stable across runs
``conversation_id``       string                    the thread; ConvoKit: id of its opening turn
``reply_to``              string, nullable          the turn this one responds to (its gesture)
``speaker``               string                    stable speaker key (lower-cased address, user id)
``timestamp``             datetime64 UTC, nullable  when it was said
``text``                  string                    the turn's own words (quotes, signatures removed)
``channel``               category                  ``mail``, ``post``, ``comment``, ``chat``, ...
``title``                 string, nullable          subject line, post title, chat channel
``source``                string                    provenance: file and locator (``a.mbox#42``)
``missing_parent``        string, nullable          id of a parent that is not in the table
``meta.<key>``            any                       whatever else a source carries
========================  ========================  ==========================================

Derived columns, computed here by :func:`derive` and nowhere else:

- ``turn``: 0-based position of the turn in its conversation, by timestamp
  (ties and missing times keep source order).
- ``depth``: distance from the conversation's root in the reply tree (0 for a
  turn with no ``reply_to``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .errors import SchemaError

__all__ = [
    "COLUMNS",
    "CHANNELS",
    "REJECT_COLUMNS",
    "META_PREFIX",
    "empty_turns",
    "from_records",
    "conform",
    "derive",
    "validate",
    "problems",
    "rejects_frame",
]

META_PREFIX = "meta."

#: Core columns: name -> (dtype, nullable, meaning). Order is the table's column order.
COLUMNS: dict[str, tuple[str, bool, str]] = {
    "id": ("string", False, "unique in the table, stable across runs"),
    "conversation_id": ("string", False, "the thread the turn belongs to (id of its opening turn)"),
    "reply_to": ("string", True, "the turn this one responds to; null for an opening turn"),
    "speaker": ("string", False, "stable speaker key (lower-cased address, user id)"),
    "timestamp": ("datetime64[ns, UTC]", True, "when it was said (UTC)"),
    "text": ("string", False, "the turn's own words: quotes, signatures, boilerplate removed"),
    "channel": ("category", False, "mail, post, comment, chat, transcript, ..."),
    "title": ("string", True, "subject line, post title, chat channel"),
    "source": ("string", False, "provenance: file and locator"),
    "missing_parent": ("string", True, "id of a parent the source names but the table lacks"),
}

#: Channels the readers use. Others are allowed; these are the documented ones.
CHANNELS = ("mail", "post", "comment", "chat", "transcript", "message")

#: Columns of the rejects table every reader fills.
REJECT_COLUMNS: dict[str, str] = {
    "source": "file and locator of the item that was not made a turn",
    "reason": "short machine-readable reason (duplicate, deleted, system, unparsable, ...)",
    "detail": "free text for a person",
}

DERIVED = ("turn", "depth")


def _arrow_strings(values: pd.Series) -> Any:
    """The values as a pyarrow string array (zero-copy for Arrow-backed string columns)."""
    import pyarrow as pa

    if not isinstance(values.dtype, pd.StringDtype):
        values = values.astype("string")
    arr = pa.array(values, from_pandas=True)
    return arr.cast(pa.large_string()) if arr.type != pa.large_string() else arr


def _strings(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.StringDtype)


def index_in(values: pd.Series | pd.Index, keys: pd.Series | pd.Index, *, nulls_match: bool = False) -> np.ndarray:
    """Position in ``keys`` of each of ``values`` (first match), -1 when null or absent; compared as strings.

    With ``nulls_match`` a null value finds a null key, as a pandas merge pairs them.

    A hash join in Arrow (``pyarrow.compute.index_in``): linear time, no Python
    loop and no Python string per value (pandas' ``get_indexer`` and ``isin``
    on a million ids make one each, about 100 MB).
    """
    import pyarrow.compute as pc

    found = pc.index_in(_arrow_strings(pd.Series(values)), value_set=_arrow_strings(pd.Series(keys)),
                        skip_nulls=not nulls_match)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _pointer_depths(parent: np.ndarray) -> np.ndarray | None:
    """Depth of every node in a forest given each node's parent position (-1 for a root).

    Pointer jumping (Wyllie 1979): each round doubles how far every node sees up
    its chain, so ``ceil(log2 n) + 1`` rounds reach every root. Returns None
    when a chain never ends (a cycle), for the caller's exact slow path.
    """
    depth = (parent >= 0).astype(np.int64)
    jump = parent.astype(np.int64, copy=True)
    for _ in range(max(1, len(parent)).bit_length() + 1):
        live = np.flatnonzero(jump >= 0)
        if not len(live):
            return depth
        up = jump[live]
        depth[live] += depth[up]
        jump[live] = jump[up]
    return None if (jump >= 0).any() else depth


def empty_turns() -> pd.DataFrame:
    """Return an empty turn table with every core column and its dtype."""
    return conform(pd.DataFrame({name: [] for name in COLUMNS}))


def rejects_frame(records: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Build a rejects table (columns ``source``, ``reason``, ``detail``, all string)."""
    frame = pd.DataFrame(list(records), columns=list(REJECT_COLUMNS))
    return frame.astype({c: "string" for c in REJECT_COLUMNS})


def from_records(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a conformed turn table from dict records (core keys plus ``meta.*`` keys)."""
    frame = pd.DataFrame.from_records(list(records))
    return conform(frame)


def conform(turns: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with core columns present, in order and with their dtypes.

    Missing nullable core columns are added as null; ``timestamp`` is parsed and
    converted to UTC (naive times are taken as UTC); ``meta.*`` and derived
    columns are kept after the core columns. Validation is separate
    (:func:`validate`), so a table can be conformed and then checked.
    """
    out = turns.copy()
    for name, (_dtype, _nullable, _meaning) in COLUMNS.items():
        if name not in out.columns:
            out[name] = pd.Series([pd.NA] * len(out), index=out.index, dtype="object")
    ts = out["timestamp"]
    if not isinstance(ts.dtype, pd.DatetimeTZDtype) or str(ts.dtype.tz) != "UTC" or ts.dtype.unit != "ns":
        if pd.api.types.is_numeric_dtype(ts.dtype) and not pd.api.types.is_bool_dtype(ts.dtype):
            ts = pd.to_datetime(ts, unit="s", utc=True)
        else:
            ts = pd.to_datetime(ts, utc=True, errors="raise", format="mixed") if len(ts) else ts
        out["timestamp"] = pd.Series(ts, index=out.index).astype("datetime64[ns, UTC]")
    for name, (_dtype, _nullable, _meaning) in COLUMNS.items():
        if name == "timestamp":
            continue
        if name == "channel":
            out[name] = out[name].astype("string").astype("category")
        else:
            out[name] = out[name].astype("string")
    core = list(COLUMNS)
    derived = [c for c in DERIVED if c in out.columns]
    rest = [c for c in out.columns if c not in core and c not in derived]
    return out[core + derived + rest].reset_index(drop=True)


def derive(turns: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns ``turn`` and ``depth`` (returns a new table).

    ``turn`` is the 0-based position in the conversation ordered by
    ``timestamp`` (stable: ties and missing times keep table order);
    ``depth`` is the number of ``reply_to`` links from the turn to a turn
    without one. A link that points outside the table counts as a root.
    """
    pos = pd.RangeIndex(len(turns))
    ordered = turns.reset_index(drop=True).assign(_pos=pos).sort_values(
        ["timestamp", "_pos"], na_position="last", kind="stable")
    position = ordered.groupby("conversation_id", sort=False, observed=True).cumcount()
    turn = pd.Series(position.to_numpy(), index=ordered["_pos"].to_numpy()).sort_index()
    turn.index = turns.index

    depth = None
    ids = turns["id"]
    if (len(turns) and _strings(ids) and _strings(turns["reply_to"]) and ids.notna().all()
            and not ids.duplicated().any()):
        depth = _pointer_depths(index_in(turns["reply_to"], ids))
    if depth is None:  # duplicate ids or cycles: follow the links one by one (exact, slower)
        depth = _depths_by_walking(turns).to_numpy()
    depth = pd.Series(depth, index=turns.index)
    return turns.assign(turn=turn.astype("int64"), depth=depth.astype("int64"))


def _depths_by_walking(turns: pd.DataFrame) -> pd.Series:
    """Depth by following ``reply_to`` links id by id (the reference for :func:`derive`).

    A link to an unknown id, a self-link or a link back into the chain being
    walked ends the chain (depth 0 there).
    """
    parent = {i: p for i, p in zip(turns["id"].astype(object), turns["reply_to"].astype(object))}
    depth_of: dict[Any, int] = {}
    for node in parent:
        stack: list[Any] = []
        on_stack: set[Any] = set()
        cur = node
        while cur not in depth_of:
            stack.append(cur)
            on_stack.add(cur)
            nxt = parent.get(cur)
            if pd.isna(nxt) or nxt not in parent or nxt in on_stack:
                depth_of[cur] = 0
                stack.pop()
                break
            cur = nxt
        d = depth_of[cur]
        for item in reversed(stack):
            d += 1
            depth_of[item] = d
    return turns["id"].astype(object).map(depth_of)


def problems(turns: pd.DataFrame) -> pd.DataFrame:
    """List every row that breaks a rule of the schema.

    Returns
    -------
    DataFrame with columns ``row`` (position), ``id``, ``column``, ``rule`` and
    ``message``; empty when the table is valid.

    Rules: core columns present; ``id`` not null and unique; ``conversation_id``,
    ``speaker``, ``text``, ``channel``, ``source`` not null; ``timestamp`` a UTC
    datetime; ``reply_to`` null or the ``id`` of another turn in the same
    conversation; reply links free of cycles.
    """
    rows: list[dict[str, Any]] = []

    def add(mask: pd.Series | np.ndarray, column: str, rule: str, message: str) -> None:
        for pos in np.flatnonzero(np.asarray(mask, dtype=bool)):
            rid = turns["id"].iloc[pos] if "id" in turns.columns else None
            rows.append({"row": int(pos), "id": None if pd.isna(rid) else str(rid),
                         "column": column, "rule": rule, "message": message})

    missing = [c for c in COLUMNS if c not in turns.columns and not COLUMNS[c][1]]
    for c in missing:
        rows.append({"row": -1, "id": None, "column": c, "rule": "required",
                     "message": f"column {c!r} is missing"})
    if missing:
        return pd.DataFrame(rows, columns=["row", "id", "column", "rule", "message"])

    for c, (_dtype, nullable, _m) in COLUMNS.items():
        if c in turns.columns and not nullable:
            add(turns[c].isna().to_numpy(), c, "not-null", f"{c} is null")
    if "timestamp" in turns.columns:
        dt = turns["timestamp"].dtype
        if not (isinstance(dt, pd.DatetimeTZDtype) and str(dt.tz) == "UTC"):
            rows.append({"row": -1, "id": None, "column": "timestamp", "rule": "dtype",
                         "message": f"timestamp must be datetime64 UTC, got {dt}"})
    ids = turns["id"]
    add(ids.duplicated(keep="first").to_numpy() & ids.notna().to_numpy(), "id", "unique", "id is not unique")
    if "reply_to" in turns.columns:
        rt = turns["reply_to"]
        has = rt.notna().to_numpy()
        fast = _strings(ids) and _strings(rt)
        if fast:
            parent_pos = index_in(rt, ids)
            add(has & (parent_pos < 0), "reply_to", "reply-exists",
                "reply_to names a turn that is not in the table (use missing_parent)")
            add(has & (rt == ids).fillna(False).to_numpy(), "reply_to", "no-self-reply", "turn replies to itself")
            conv = turns["conversation_id"]
            conv_null = conv.isna().to_numpy()
            conv = conv.astype(object).to_numpy()
            # a duplicated id names its last row, as a dict built from the rows would
            last = ~ids.duplicated(keep="last").to_numpy()
            unique = bool(last.all())
            if not unique:
                rows_of = np.flatnonzero(last)
                parent_pos = np.where(parent_pos >= 0, rows_of[np.maximum(index_in(rt, ids[last]), 0)], -1)
            linked = np.flatnonzero(parent_pos >= 0)
            up = parent_pos[linked]
            other = np.zeros(len(turns), dtype=bool)
            # a null conversation_id differs from any other value (as != does on object columns)
            differ = conv_null[up] != conv_null[linked]
            both = ~conv_null[up] & ~conv_null[linked]
            differ[both] = conv[up][both] != conv[linked][both]
            other[linked] = ~conv_null[up] & differ
            add(other, "reply_to", "same-conversation", "reply_to is in another conversation")
            if unique and _pointer_depths(parent_pos) is not None:
                cyc: set[Any] = set()  # every chain of links ends: no cycle
            else:
                cyc = _cycles(ids, rt)
        else:
            known = pd.Index(ids.dropna().astype(str))
            add(has & ~rt.astype("string").isin(known).fillna(False).to_numpy(), "reply_to", "reply-exists",
                "reply_to names a turn that is not in the table (use missing_parent)")
            add(has & (rt.astype("string") == ids.astype("string")).fillna(False).to_numpy(), "reply_to",
                "no-self-reply", "turn replies to itself")
            conv = dict(zip(ids.astype(object), turns["conversation_id"].astype(object)))
            parent_conv = rt.astype(object).map(conv)
            add(has & parent_conv.notna().to_numpy()
                & (parent_conv.astype(object) != turns["conversation_id"].astype(object)).to_numpy(),
                "reply_to", "same-conversation", "reply_to is in another conversation")
            cyc = _cycles(ids, rt)
        add(ids.astype(object).isin(cyc).to_numpy(), "reply_to", "acyclic", "reply links form a cycle")
    return pd.DataFrame(rows, columns=["row", "id", "column", "rule", "message"])


def _cycles(ids: pd.Series, rt: pd.Series) -> set[Any]:
    """Ids on a cycle of reply links: follow parents; a node that reaches itself is on a cycle."""
    parent = {i: p for i, p in zip(ids.astype(object), rt.astype(object)) if p is not None and p is not pd.NA}
    state: dict[Any, int] = {}
    cyc: set[Any] = set()
    for start in parent:
        path = []
        cur = start
        while cur in parent and state.get(cur, 0) == 0:
            state[cur] = 1
            path.append(cur)
            cur = parent[cur]
        if cur in parent and state.get(cur) == 1:
            cyc.update(path[path.index(cur):] if cur in path else [])
        for p in path:
            state[p] = 2
    return cyc


def validate(turns: pd.DataFrame, *, max_report: int = 20) -> pd.DataFrame:
    """Check a turn table against the schema and return it unchanged if valid.

    Raises
    ------
    SchemaError
        Naming each broken rule with its row and id (the first ``max_report``
        in the message; all of them in ``SchemaError.problems``).
    """
    found = problems(turns)
    if len(found):
        lines = [
            f"row {r.row}" + (f" (id {r.id})" if r.id else "") + f": {r.column}: {r.message} [{r.rule}]"
            for r in found.head(max_report).itertuples()
        ]
        more = f"\n... and {len(found) - max_report} more" if len(found) > max_report else ""
        raise SchemaError(f"turn table breaks {len(found)} rule(s):\n" + "\n".join(lines) + more, found)
    return turns
