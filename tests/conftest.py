"""Shared fixtures: the ../shared folder (optional), figures closed after each test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shared() -> Path | None:
    env = os.environ.get("STACEY_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if cand.is_dir():
            return cand
    return None


SHARED = _shared()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``shared`` when ../shared (or $STACEY_SHARED) is absent."""
    if SHARED is not None:
        return
    skip = pytest.mark.skip(reason="../shared is absent (set STACEY_SHARED to run)")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder with real data and benchmarks (tests using it are marked ``shared``)."""
    if SHARED is None:
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of the project's own small test fixtures."""
    return FIXTURES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The same folder (the name some test modules use)."""
    return FIXTURES


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
