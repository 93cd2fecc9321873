"""Exceptions a person can act on: each names the file, the place and what was expected."""

from __future__ import annotations

from os import PathLike


class StaceyError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class FormatError(StaceyError, ValueError):
    """A file does not have the form its reader expects.

    Parameters
    ----------
    path
        The file (or folder) being read.
    place
        Where in it: ``"line 12"``, ``"row 3"``, ``"message 42"``, ``"$.data[3]"``.
    expected
        What was expected there, in words a person can act on.
    """

    def __init__(self, path: str | PathLike[str], place: str | None, expected: str) -> None:
        self.path = str(path)
        self.place = place
        self.expected = expected
        where = f"{self.path}, {place}" if place else self.path
        super().__init__(f"{where}: {expected}")


class UnknownFormatError(StaceyError, ValueError):
    """No reader recognises a file, or a named format does not exist."""


class SchemaError(StaceyError, ValueError):
    """A turn table breaks the schema; ``problems`` lists each broken rule per row."""

    def __init__(self, message: str, problems: object | None = None) -> None:
        super().__init__(message)
        self.problems = problems
