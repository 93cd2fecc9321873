"""Provenance of a run: input file hashes, package versions, parameters.

Written beside every result (``run.json`` of ``stacey analyze``, the last
section of a report) so a reader can tell exactly what produced it.
"""

from __future__ import annotations

import hashlib
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["file_hashes", "package_versions", "provenance"]

PACKAGES = ("stacey", "pandas", "numpy", "pyarrow", "spacy", "spacy-lookups-data", "scikit-learn", "scipy",
            "ruptures", "networkx", "matplotlib", "seaborn", "lingua-language-detector", "vaderSentiment",
            "asent", "papermill", "nbconvert")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_hashes(path: str | Path) -> dict[str, str]:
    """SHA-256 of a file, or of every file below a folder (relative path -> hash)."""
    path = Path(path)
    if path.is_file():
        return {path.name: _sha256(path)}
    return {str(p.relative_to(path)): _sha256(p) for p in sorted(path.rglob("*")) if p.is_file()}


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    """Installed versions of the packages a result depends on (``"absent"`` when not installed)."""
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def provenance(inputs: list[str | Path], parameters: dict[str, Any]) -> dict[str, Any]:
    """A JSON-ready record: inputs with hashes, package versions, parameters and time (UTC).

    Input paths are recorded by name only, so no machine path leaks into a shared result.
    """
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": {Path(p).name: file_hashes(p) for p in inputs},
        "versions": package_versions(),
        "parameters": parameters,
    }
