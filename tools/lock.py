"""Regenerate the pins: constraints.txt (pip freeze of .venv) and environment.yml.

Run after changing dependencies in pyproject.toml and installing them:
``.venv/bin/python tools/lock.py``. ``tests/test_packaging.py`` checks that the
three files agree.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def requirement_names(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """Package names of the runtime and dev dependencies, in pyproject order."""
    data = tomllib.loads(pyproject.read_text())
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]
    return [re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0] for r in reqs]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    frozen = sorted((line for line in frozen if "==" in line and not line.startswith("stacey")), key=str.lower)
    (ROOT / "constraints.txt").write_text(
        "# Exact versions for reproducible reports; regenerate with tools/lock.py\n" + "\n".join(frozen) + "\n")
    pins = {norm(line.split("==")[0]): line.split("==")[1] for line in frozen}
    lines = ["# conda users: conda env create -f environment.yml && conda activate stacey && pip install -e .",
             "# The same packages and versions as pyproject.toml + constraints.txt (tests/test_packaging.py).",
             "name: stacey", "channels:", "  - conda-forge", "dependencies:",
             f"  - python={sys.version_info.major}.{sys.version_info.minor}", "  - pip", "  - pip:"]
    lines += [f"      - {name}=={pins[norm(name)]}" for name in requirement_names()]
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
