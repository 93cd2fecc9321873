"""Both privacy steps in the order they must run, with a record of what was done."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import StaceyError
from .pseudonymise import pseudonymise as _pseudonymise
from .redact import DEFAULT_KINDS
from .redact import redact as _redact

__all__ = ["protect"]


def protect(
    turns: pd.DataFrame,
    *,
    pseudonymise: bool = False,
    redact: bool = False,
    key: str | bytes | None = None,
    key_origin: str = "given",
) -> tuple[pd.DataFrame, dict[str, Any], pd.DataFrame | None]:
    """Pseudonymise, then redact, as asked; before anything is analysed or written.

    Returns the table, a record for reports and ``run.json`` (``pseudonymised``,
    ``redacted`` kinds, ``key`` origin, never the key) and the pseudonym mapping
    (None when not pseudonymised). After pseudonymisation the speakers' names
    are already replaced, so redaction skips its ``person`` kind.
    """
    done: dict[str, Any] = {"pseudonymised": False, "redacted": []}
    mapping = None
    if pseudonymise:
        if not key:
            raise StaceyError("pseudonymise needs a key (--key-file FILE or $STACEY_KEY)")
        turns, mapping = _pseudonymise(turns, key=key)
        done.update(pseudonymised=True, key=key_origin, speakers=len(mapping))
    if redact:
        kinds = [k for k in DEFAULT_KINDS if not (pseudonymise and k == "person")]
        turns = _redact(turns, kinds=kinds)
        done["redacted"] = kinds
    return turns, done, mapping
