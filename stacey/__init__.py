"""stacey: study change turn by turn in everyday conversation.

After Ralph Stacey's complex responsive processes of relating: read real
conversation logs into one tidy table of turns with reply links, annotate
language and sentiment, find themes, and measure how they shift along the
timeline and along each gesture -> response edge.

The public API is re-exported here and imported lazily, so ``import stacey``
stays fast and each step loads only what it needs.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_API: dict[str, str] = {
    "read": "stacey.io.registry",
    "readers": "stacey.io.registry",
    "detect": "stacey.io.registry",
    "ReadResult": "stacey.io.registry",
    "read_table": "stacey.io.tables",
    "write_table": "stacey.io.tables",
    "validate": "stacey.turns",
    "derive": "stacey.turns",
    "conform": "stacey.turns",
    "problems": "stacey.turns",
    "to_convokit": "stacey.io.convokit",
    "annotate": "stacey.text.annotate",
    "pseudonymise": "stacey.privacy",
    "redact": "stacey.privacy",
    "analyze": "stacey.pipeline",
    "run_dynamics": "stacey.pipeline",
    "ResultWriter": "stacey.pipeline",
    "get_engine": "stacey.engine",
    "load_corpus": "stacey.corpus",
    "resolve_speakers": "stacey.speakers",
    "NMFThemes": "stacey.themes",
    "Codebook": "stacey.themes",
    "mixtures": "stacey.themes",
    "shifts": "stacey.dynamics.shift",
    "novelty": "stacey.dynamics.novelty",
    "recurrence": "stacey.dynamics.recurrence",
    "theme_boundaries": "stacey.dynamics.segment",
    "locate": "stacey.corpus",
    "protect": "stacey.privacy",
    "StaceyError": "stacey.errors",
    "FormatError": "stacey.errors",
    "SchemaError": "stacey.errors",
    "UnknownFormatError": "stacey.errors",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'stacey' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
