"""Fixtures for the theme tests: turn tables with hand-written lemmas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

VOCAB = {
    "budget": ["budget", "cost", "money", "cut", "saving", "price", "invoice", "spend"],
    "meeting": ["meeting", "agenda", "room", "minute", "calendar", "schedule", "attend", "slot"],
    "weather": ["rain", "sun", "wind", "cold", "umbrella", "storm", "snow", "forecast"],
}


def planted_turns(n_per_theme: int = 30, seed: int = 1) -> pd.DataFrame:
    """Turns each drawn from one of three planted vocabularies (6 lemmas of 8), in 9 conversations."""
    rng = np.random.default_rng(seed)
    rows = []
    themes = list(VOCAB)
    n = 0
    for c in range(9):
        theme = themes[c % 3]
        for i in range(n_per_theme // 3):
            words = rng.choice(VOCAB[theme], size=6, replace=False)
            rows.append({"id": f"t{n}", "conversation_id": f"c{c}", "reply_to": f"t{n - 1}" if i else None,
                         "speaker": f"s{i % 2}", "turn": i, "lemmas": " ".join(words), "planted": theme})
            n += 1
    return pd.DataFrame(rows)


@pytest.fixture
def vocab() -> dict[str, list[str]]:
    return VOCAB


@pytest.fixture
def planted() -> pd.DataFrame:
    return planted_turns()
