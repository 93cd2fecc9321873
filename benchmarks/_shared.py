"""Where the shared benchmark data lives: ``$STACEY_SHARED`` or the sibling folder ``../shared``."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The shared data folder, or ``None`` when absent."""
    env = os.environ.get("STACEY_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT / ".." / "shared"]:
        if cand.is_dir():
            return cand.resolve()
    return None


def md_table(frame) -> str:  # noqa: ANN001 - pandas.DataFrame
    """A pandas DataFrame as a GitHub markdown table (no tabulate needed)."""
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join("" if v is None else str(v) for v in row) + " |")
    return "\n".join(lines)
