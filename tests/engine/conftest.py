"""Small turn tables for the engine tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stacey.turns import conform


def toy_turns(n: int, *, seed: int = 0) -> pd.DataFrame:
    """A conformed turn table of ``n`` turns: conversations interleaved in time, reply trees, two channels."""
    rng = np.random.default_rng(seed)
    rows = []
    convs: list[list[str]] = []
    for i in range(n):
        if not convs or rng.random() < 0.25:
            convs.append([])
        c = int(rng.integers(len(convs)))
        conv = convs[c]
        tid = f"t{i}"
        parent = None if not conv else conv[int(rng.integers(len(conv)))]
        rows.append({"id": tid, "conversation_id": conv[0] if conv else tid, "reply_to": parent,
                     "speaker": f"s{int(rng.zipf(1.6)) % 15}", "text": f"turn {i} words " * int(rng.integers(1, 4)),
                     "timestamp": pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(minutes=int(i)),
                     "channel": "chat" if c % 2 else "mail", "title": None, "source": f"toy#{i}"})
        conv.append(tid)
    return conform(pd.DataFrame(rows))


@pytest.fixture(scope="session")
def make_turns():
    """The :func:`toy_turns` factory."""
    return toy_turns
