"""Reader options as they arrive from Python or from the command line (always strings there)."""

from __future__ import annotations

from typing import Any

from ..errors import StaceyError

__all__ = ["as_bool", "check_tz"]

_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f"}


def as_bool(value: Any, name: str, *, true: tuple[str, ...] = (), false: tuple[str, ...] = ()) -> bool | None:
    """A boolean option from a bool, None or a word (``true``/``false``, ``yes``/``no``, ``1``/``0``, ...).

    ``true`` and ``false`` add words of the option's own (``dmy`` / ``mdy``).
    """
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE or word in true:
        return True
    if word in _FALSE or word in false:
        return False
    raise StaceyError(f"option {name}={value!r}: expected true or false")


def check_tz(tz: Any) -> str | None:
    """Return ``tz`` if pandas knows the zone (``Europe/Copenhagen``, ``UTC``); else raise StaceyError."""
    if tz is None or tz == "":
        return None
    import pandas as pd

    try:
        pd.Timestamp("2000-01-01").tz_localize(str(tz))
    except Exception as exc:  # zoneinfo, pytz and dateutil raise different types  # noqa: BLE001
        raise StaceyError(f"option tz={tz!r}: not a time zone name (e.g. Europe/Copenhagen)") from exc
    return str(tz)
