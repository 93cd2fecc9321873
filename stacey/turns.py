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
    depth = turns["id"].astype(object).map(depth_of)
    return turns.assign(turn=turn.astype("int64"), depth=depth.astype("int64"))


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
        known = pd.Index(ids.dropna().astype(str))
        has = rt.notna().to_numpy()
        add(has & ~rt.astype("string").isin(known).fillna(False).to_numpy(), "reply_to", "reply-exists",
            "reply_to names a turn that is not in the table (use missing_parent)")
        add(has & (rt.astype("string") == ids.astype("string")).fillna(False).to_numpy(), "reply_to", "no-self-reply",
            "turn replies to itself")
        conv = dict(zip(ids.astype(object), turns["conversation_id"].astype(object)))
        parent_conv = rt.astype(object).map(conv)
        add(has & parent_conv.notna().to_numpy() & (parent_conv.astype(object) != turns["conversation_id"].astype(object)).to_numpy(),
            "reply_to", "same-conversation", "reply_to is in another conversation")
        # cycles: follow parents; a node that reaches itself is in a cycle
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
        add(ids.astype(object).isin(cyc).to_numpy(), "reply_to", "acyclic", "reply links form a cycle")
    return pd.DataFrame(rows, columns=["row", "id", "column", "rule", "message"])


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
