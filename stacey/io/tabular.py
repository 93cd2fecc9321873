"""Tabular files (CSV, TSV, JSONL, Parquet) with a column mapping.

A row is a turn. ``mapping`` names, for each turn-table column, the input
column that holds it (``{"text": "body", "speaker": "author"}``; on the command
line ``--map text=body,speaker=author``). Input columns named like core columns
are taken as they are; every other input column is kept as ``meta.<name>``.

Filled in when absent: ``id`` = ``<file name>#<row>`` (1-based data row),
``conversation_id`` = the ``conversation`` option, or else the root of the
turn's reply chain, or else the file's stem; ``channel`` = the ``channel`` option; ``source`` =
``<file name>#<row>``.

Rejected rows (``reason``): ``empty`` (no text), ``no-speaker``,
``bad-timestamp``, ``duplicate`` (id seen before), ``bad-row`` (a CSV line with
the wrong number of fields), ``unparsable`` (a JSONL line that is not a JSON
object). A file that cannot be a table at all (undecodable, no header, a
required column missing, nothing parsable) raises :class:`FormatError`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError
from ..turns import COLUMNS
from .registry import Reject, reader

__all__ = ["read_tabular", "parse_mapping"]

_EXT = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")


def parse_mapping(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """Parse ``"text=body,speaker=author"`` (or a dict) into ``{turn column: input column}``."""
    if spec is None:
        return {}
    if isinstance(spec, Mapping):
        return dict(spec)
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if "=" not in part:
            raise ValueError(f"column mapping {part!r}: expected TURN_COLUMN=INPUT_COLUMN")
        k, v = (x.strip() for x in part.split("=", 1))
        out[k] = v
    return out


def _sniff(path: Path, head: bytes) -> float:
    name = path.name.lower()
    if path.is_dir() or not name.endswith(_EXT):
        return 0.0
    return 0.4 if name.endswith((".jsonl", ".ndjson")) else 0.5


def _read_csv(path: Path, sep: str) -> tuple[pd.DataFrame, list[Reject]]:
    """Read all cells as text; fall back to the csv module for rows of the wrong width."""
    try:
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[""],
                            encoding="utf-8-sig")
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        return frame, []
    except UnicodeDecodeError as exc:
        raise FormatError(path, f"byte {exc.start}", "expected UTF-8 text") from exc
    except pd.errors.EmptyDataError as exc:
        raise FormatError(path, "line 1", "expected a header row naming the columns") from exc
    except pd.errors.ParserError:
        pass
    rejects: list[Reject] = []
    rows: list[list[str]] = []
    index: list[int] = []
    text = path.read_text(encoding="utf-8-sig")
    rd = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = next(rd)
        row_no = 0
        for row in rd:
            row_no += 1
            if len(row) != len(header):
                rejects.append(Reject(f"{path.name}#{row_no}", "bad-row",
                                      f"line {rd.line_num}: expected {len(header)} fields, found {len(row)}"))
                continue
            rows.append(row)
            index.append(row_no)
    except csv.Error as exc:
        raise FormatError(path, f"line {rd.line_num}", f"expected well-formed CSV ({exc})") from exc
    frame = pd.DataFrame(rows, columns=header, index=index).replace({"": pd.NA})
    return frame, rejects


def _read_jsonl(path: Path) -> tuple[pd.DataFrame, list[Reject]]:
    rows: list[dict[str, Any]] = []
    index: list[int] = []
    rejects: list[Reject] = []
    first_error: tuple[int, str] | None = None
    with open(path, encoding="utf-8-sig") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                first_error = first_error or (line_no, str(exc))
                rejects.append(Reject(f"{path.name}#{line_no}", "unparsable", f"line {line_no}: {exc}"))
                continue
            if not isinstance(obj, dict):
                rejects.append(Reject(f"{path.name}#{line_no}", "unparsable",
                                      f"line {line_no}: expected a JSON object, found {type(obj).__name__}"))
                continue
            rows.append({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
                         for k, v in obj.items()})
            index.append(line_no)
    if not rows and first_error:
        raise FormatError(path, f"line {first_error[0]}", f"expected one JSON object per line ({first_error[1]})")
    return pd.DataFrame(rows, index=index), rejects


def _roots(ids: pd.Series, reply_to: pd.Series) -> pd.Series:
    parent = dict(zip(ids, reply_to))
    root: dict[Any, Any] = {}
    for node in parent:
        path = []
        cur = node
        seen = set()
        while cur not in root:
            path.append(cur)
            seen.add(cur)
            nxt = parent.get(cur)
            if pd.isna(nxt) or nxt not in parent or nxt in seen:
                root[cur] = cur
                path.pop()
                break
            cur = nxt
        for p in path:
            root[p] = root[cur]
    return ids.map(root)


@reader("table", extensions=_EXT, sniff=_sniff, options={
    "mapping": "turn column -> input column (CLI: --map text=body,speaker=author)",
    "channel": "channel of every row when the input has none (default: message)",
    "conversation": "conversation_id when the input has none and no reply links",
    "sep": "CSV field separator (default: ',' or tab for .tsv)",
})
def read_tabular(
    path: Path,
    *,
    mapping: str | Mapping[str, str] | None = None,
    channel: str = "message",
    conversation: str | None = None,
    sep: str | None = None,
) -> Iterator[pd.DataFrame | Reject]:
    """Tabular files (CSV, TSV, JSONL, Parquet): one row a turn, with a column mapping."""
    cols = parse_mapping(mapping)
    name = path.name.lower()
    if name.endswith(".parquet"):
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types  # noqa: BLE001
            raise FormatError(path, None, f"expected a Parquet file ({exc})") from exc
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        rejects: list[Reject] = []
    elif name.endswith((".jsonl", ".ndjson")):
        frame, rejects = _read_jsonl(path)
    else:
        frame, rejects = _read_csv(path, sep or ("\t" if name.endswith(".tsv") else ","))
    yield from rejects

    unknown = [k for k in cols if k not in COLUMNS and not k.startswith("meta.")]
    if unknown:
        raise FormatError(path, None, f"mapping names {unknown}, which are not turn-table columns "
                                      f"({', '.join(COLUMNS)} or meta.<key>)")
    absent = sorted({v for v in cols.values() if v not in frame.columns})
    if absent:
        raise FormatError(path, "header", f"expected column(s) {absent} named in the mapping; "
                                          f"the file has {list(frame.columns)}")
    renamed = frame.rename(columns={v: k for k, v in cols.items()})
    renamed = renamed.loc[:, ~renamed.columns.duplicated()]
    for need in ("text", "speaker"):
        if need not in renamed.columns:
            raise FormatError(path, "header", f"expected a {need!r} column (or map one: --map {need}=COLUMN); "
                                              f"the file has {list(frame.columns)}")
    extra = [c for c in renamed.columns if c not in COLUMNS and c not in ("turn", "depth")]
    out = renamed.rename(columns={c: c if c.startswith("meta.") else f"meta.{c}" for c in extra})
    out = out.drop(columns=[c for c in ("turn", "depth") if c in out.columns])

    rows = pd.Series(out.index.astype(str), index=out.index)
    locator = path.name + "#" + rows
    if "id" not in out.columns:
        out["id"] = locator
    out["id"] = out["id"].astype("string")
    if "source" not in out.columns:
        out["source"] = locator
    else:
        out["source"] = out["source"].fillna(locator)
    if "channel" not in out.columns:
        out["channel"] = channel
    else:
        out["channel"] = out["channel"].fillna(channel)
    for c in ("reply_to", "conversation_id", "title", "missing_parent", "timestamp"):
        if c not in out.columns:
            out[c] = pd.NA
    out["reply_to"] = out["reply_to"].astype("string")
    out["conversation_id"] = out["conversation_id"].astype("string")

    bad = pd.Series("", index=out.index, dtype=object)
    text = out["text"].astype("string")
    bad = bad.mask(text.isna() | (text.str.strip() == ""), "empty")
    bad = bad.mask((bad == "") & out["speaker"].isna(), "no-speaker")
    ts = out["timestamp"]
    if pd.api.types.is_numeric_dtype(ts.dtype):
        parsed = pd.to_datetime(ts, unit="s", utc=True, errors="coerce")
    elif isinstance(ts.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(ts.dtype):
        parsed = pd.to_datetime(ts, utc=True)
    else:
        as_text = ts.astype("string")
        numeric = pd.to_numeric(as_text, errors="coerce")
        parsed = pd.to_datetime(as_text.where(numeric.isna()), utc=True, errors="coerce", format="mixed")
        parsed = parsed.fillna(pd.to_datetime(numeric, unit="s", utc=True, errors="coerce"))
        bad = bad.mask((bad == "") & as_text.notna() & parsed.isna(), "bad-timestamp")
    out["timestamp"] = parsed
    bad = bad.mask((bad == "") & out["id"].duplicated(keep="first"), "duplicate")

    details = {"empty": "no text", "no-speaker": "no speaker",
               "bad-timestamp": "expected a date and time (ISO 8601 or Unix seconds)",
               "duplicate": "id seen before in this file"}
    for idx in bad.index[bad != ""]:
        yield Reject(locator[idx], bad[idx], f"row {idx}: {details[bad[idx]]}")
    good = out[bad == ""]
    if good["conversation_id"].isna().any():
        if conversation is None and good["reply_to"].notna().any():
            fallback = _roots(good["id"], good["reply_to"])
        else:
            fallback = pd.Series(conversation or path.stem, index=good.index)
        good = good.assign(conversation_id=good["conversation_id"].fillna(fallback.astype("string")))
    yield good.reset_index(drop=True)
