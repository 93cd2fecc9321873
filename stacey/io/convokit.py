"""ConvoKit corpus folders, in and out, without the convokit package.

A ConvoKit corpus is a folder with ``utterances.jsonl`` (one utterance a line:
``id``, ``speaker`` (older: ``user``), ``conversation_id`` (older: ``root``),
``reply_to``, ``timestamp`` in Unix seconds, ``text``, ``meta``),
``speakers.json``, ``conversations.json``, ``corpus.json`` and ``index.json``.
The turn table uses ConvoKit's names, so the mapping is direct; utterance
``meta`` becomes ``meta.<key>``, speaker meta ``meta.speaker.<key>`` and
conversation meta ``meta.conversation.<key>``, and :func:`to_convokit` writes
them back where they came from.

Rejected utterances: ``unparsable`` (a line that is not a JSON object),
``no-id``, ``empty`` (no text), ``duplicate`` (id seen before).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FormatError
from .registry import Reject, reader

__all__ = ["read_convokit", "to_convokit"]


def _folder(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _sniff(path: Path, head: bytes) -> float:
    folder = _folder(path)
    if path.is_dir() and (folder / "utterances.jsonl").is_file():
        return 0.95
    if path.name == "utterances.jsonl":
        return 0.9
    return 0.0


def _load_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FormatError(path, f"line {exc.lineno}, column {exc.colno}", f"expected JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise FormatError(path, None, "expected a JSON object keyed by id")
    return data


@reader("convokit", sniff=_sniff, options={})
def read_convokit(path: Path) -> Iterator[dict[str, Any] | Reject]:
    """ConvoKit corpus folder (utterances.jsonl, speakers.json, conversations.json)."""
    folder = _folder(path)
    utt_path = folder / "utterances.jsonl"
    if not utt_path.is_file():
        raise FormatError(folder, None, "expected a ConvoKit corpus folder with utterances.jsonl")
    speakers = _load_json(folder / "speakers.json") or _load_json(folder / "users.json")
    convos = _load_json(folder / "conversations.json")
    seen: set[str] = set()
    parsed = 0
    with open(utt_path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            src = f"{folder.name}/utterances.jsonl#{line_no}"
            try:
                u = json.loads(line)
            except json.JSONDecodeError as exc:
                if parsed == 0 and line_no == 1:
                    raise FormatError(utt_path, "line 1", f"expected a JSON object per line ({exc.msg})") from exc
                yield Reject(src, "unparsable", f"line {line_no}: {exc.msg}")
                continue
            if not isinstance(u, dict):
                yield Reject(src, "unparsable", f"line {line_no}: expected a JSON object")
                continue
            parsed += 1
            uid = u.get("id")
            if uid is None:
                yield Reject(src, "no-id", f"line {line_no}: utterance has no id")
                continue
            uid = str(uid)
            text = u.get("text")
            if uid in seen:
                yield Reject(src, "duplicate", f"line {line_no}: id {uid} seen before")
                continue
            seen.add(uid)
            if text is None or not str(text).strip():
                yield Reject(src, "empty", f"line {line_no}: utterance {uid} has no text")
                continue
            speaker = u.get("speaker", u.get("user"))
            conv = u.get("conversation_id", u.get("root"))
            ts = u.get("timestamp")
            rec: dict[str, Any] = {
                "id": uid,
                "conversation_id": str(conv) if conv is not None else uid,
                "reply_to": None if u.get("reply_to") is None else str(u["reply_to"]),
                "speaker": "" if speaker is None else str(speaker),
                "timestamp": None if ts is None or (isinstance(ts, float) and math.isnan(ts))
                else pd.Timestamp(float(ts), unit="s", tz="UTC"),
                "text": str(text),
                "channel": (u.get("meta") or {}).get("channel", "message"),
                "title": (u.get("meta") or {}).get("title"),
                "source": src,
            }
            for k, v in (u.get("meta") or {}).items():
                if k not in ("channel", "title"):
                    rec[f"meta.{k}"] = v
            for k, v in ((speakers.get(rec["speaker"]) or {}).get("meta") or {}).items():
                rec[f"meta.speaker.{k}"] = v
            for k, v in ((convos.get(rec["conversation_id"]) or {}).get("meta") or {}).items():
                rec[f"meta.conversation.{k}"] = v
            yield rec


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _index(metas: list[dict[str, Any]]) -> dict[str, list[str]]:
    types: dict[str, set[str]] = {}
    for m in metas:
        for k, v in m.items():
            types.setdefault(k, set()).add(str(type(v)))
    return {k: sorted(v) for k, v in types.items()}


def to_convokit(turns: pd.DataFrame, folder: str | Path) -> Path:
    """Write a turn table as a ConvoKit corpus folder (readable by ``convokit.Corpus``).

    Columns ``meta.speaker.<k>`` go to ``speakers.json``, ``meta.conversation.<k>``
    to ``conversations.json``, other ``meta.<k>`` and ``channel``/``title``/``source``
    to each utterance's ``meta``. Returns the folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    spk_cols = [c for c in turns.columns if c.startswith("meta.speaker.")]
    conv_cols = [c for c in turns.columns if c.startswith("meta.conversation.")]
    utt_cols = [c for c in turns.columns if c.startswith("meta.") and c not in spk_cols + conv_cols]
    speakers: dict[str, dict[str, Any]] = {}
    convos: dict[str, dict[str, Any]] = {}
    utt_metas = []
    with open(folder / "utterances.jsonl", "w", encoding="utf-8") as fh:
        for row in turns.to_dict("records"):
            meta = {c[5:]: _clean(row[c]) for c in utt_cols}
            meta.update({"channel": _clean(row["channel"]), "title": _clean(row.get("title")),
                         "source": _clean(row["source"])})
            utt_metas.append(meta)
            ts = row["timestamp"]
            fh.write(json.dumps({
                "id": row["id"],
                "speaker": row["speaker"],
                "conversation_id": row["conversation_id"],
                "reply_to": _clean(row["reply_to"]),
                "timestamp": None if pd.isna(ts) else ts.timestamp(),
                "text": row["text"],
                "meta": meta,
                "vectors": [],
            }, ensure_ascii=False) + "\n")
            sp = speakers.setdefault(row["speaker"], {"meta": {}, "vectors": []})
            sp["meta"].update({c[len("meta.speaker."):]: _clean(row[c]) for c in spk_cols if _clean(row[c]) is not None})
            cv = convos.setdefault(row["conversation_id"], {"meta": {}, "vectors": []})
            cv["meta"].update({c[len("meta.conversation."):]: _clean(row[c])
                               for c in conv_cols if _clean(row[c]) is not None})
    (folder / "speakers.json").write_text(json.dumps(speakers, ensure_ascii=False), encoding="utf-8")
    (folder / "conversations.json").write_text(json.dumps(convos, ensure_ascii=False), encoding="utf-8")
    (folder / "corpus.json").write_text(json.dumps({"source": "stacey"}), encoding="utf-8")
    index = {
        "utterances-index": _index(utt_metas),
        "speakers-index": _index([s["meta"] for s in speakers.values()]),
        "conversations-index": _index([c["meta"] for c in convos.values()]),
        "overall-index": {"source": ["<class 'str'>"]},
        "version": 1,
        "vectors": [],
    }
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder
