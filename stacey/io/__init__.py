"""Readers of conversation logs: one module per family of source.

Adding a format is adding one module here that registers a reader with
:func:`stacey.io.registry.reader`; modules are found and imported on first use.
"""

from __future__ import annotations

import importlib
import pkgutil

_LOADED = False
_SKIP = {"registry", "tables"}


def _load_readers() -> None:
    """Import every reader module of this package once (they register themselves)."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("_") and mod.name not in _SKIP:
            importlib.import_module(f"{__name__}.{mod.name}")


from .registry import Reader, ReadResult, Reject, detect, get_reader, read, reader, readers  # noqa: E402
from .tables import read_table, write_table  # noqa: E402

__all__ = ["Reader", "ReadResult", "Reject", "detect", "get_reader", "read", "reader", "readers",
           "read_table", "write_table"]
