"""Small hand-made turn tables for the dynamics tests."""

from __future__ import annotations

import pandas as pd
import pytest

from stacey.turns import derive, from_records


def _make_turns(rows: list[dict]) -> pd.DataFrame:
    """Build a derived turn table from short records.

    Each record needs ``id``, ``speaker``, ``time`` (minutes after 2024-01-01
    00:00 UTC); optional ``conv`` (default ``c1``), ``reply_to``, ``lemmas``,
    ``sentiment``, ``channel`` (default ``chat``), ``text``, ``lang``.
    """
    recs = []
    for r in rows:
        recs.append({
            "id": r["id"], "conversation_id": r.get("conv", "c1"), "reply_to": r.get("reply_to"),
            "speaker": r["speaker"],
            "timestamp": pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(minutes=r["time"]),
            "text": r.get("text", r.get("lemmas", "")), "channel": r.get("channel", "chat"),
            "source": f"fixture#{r['id']}",
        })
    t = derive(from_records(recs))
    extra = {k: [r.get(k) for r in rows] for k in ("lemmas", "sentiment", "lang", "n_words")
             if any(k in r for r in rows)}
    for k, v in extra.items():
        t[k] = pd.Series(v, dtype="float" if k == "sentiment" else "string" if k != "n_words" else "Int64")
    return t


def _make_weights(mix: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Long theme-weight table from ``{id: {theme: weight}}``."""
    rows = [{"id": i, "theme": th, "weight": w} for i, d in mix.items() for th, w in d.items() if w > 0]
    return pd.DataFrame(rows).astype({"id": "string", "theme": "string", "weight": float})


@pytest.fixture
def make_turns():
    """The :func:`_make_turns` builder."""
    return _make_turns


@pytest.fixture
def make_weights():
    """The :func:`_make_weights` builder."""
    return _make_weights


@pytest.fixture
def small_thread() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four turns a -> b -> c -> a in one conversation, lemmas and theme weights by hand."""
    turns = _make_turns([
        {"id": "t1", "speaker": "a", "time": 0, "lemmas": "budget plan meeting", "sentiment": 0.5},
        {"id": "t2", "speaker": "b", "time": 10, "reply_to": "t1", "lemmas": "plan meeting coffee", "sentiment": -0.6},
        {"id": "t3", "speaker": "c", "time": 25, "reply_to": "t2", "lemmas": "coffee cake", "sentiment": 0.0},
        {"id": "t4", "speaker": "a", "time": 70, "reply_to": "t3", "lemmas": "cake", "sentiment": 0.2},
    ])
    weights = _make_weights({"t1": {"A": 1.0}, "t2": {"A": 0.5, "B": 0.5}, "t3": {"B": 1.0},
                            "t4": {"B": 0.6, "C": 0.4}})
    return turns, weights
