import pytest


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path, monkeypatch):
    """Every test writes its annotation cache to its own temporary folder."""
    monkeypatch.setenv("STACEY_CACHE_DIR", str(tmp_path / "cache"))
