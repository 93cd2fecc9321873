"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"


def shared_path() -> Path | None:
    """The shared real-data folder: ``$STACEY_SHARED``, else ``../shared`` beside the repo; None when absent."""
    env = os.environ.get("STACEY_SHARED")
    for candidate in ([Path(env)] if env else []) + [REPO / ".." / "shared"]:
        if candidate.is_dir():
            return candidate.resolve()
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; skips the test when it is not there."""
    path = shared_path()
    if path is None:
        pytest.skip("shared data folder absent (set STACEY_SHARED or place it at ../shared)")
    return path


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """``tests/fixtures`` of this repository."""
    return FIXTURES
