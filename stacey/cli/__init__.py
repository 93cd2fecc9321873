"""The ``stacey`` command line.

Each module of this package adds its sub-commands with ``register(subparsers)``;
adding a command is adding a module. Errors the toolkit raises on purpose are
printed as one line naming the file, the place and what was expected, and the
command exits with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import StaceyError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(prog="stacey", description="Study change turn by turn in conversation logs.")
    parser.add_argument("--version", action="version", version=f"stacey {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (StaceyError, FileNotFoundError) as exc:
        print(f"stacey: error: {exc}", file=sys.stderr)
        return 2
