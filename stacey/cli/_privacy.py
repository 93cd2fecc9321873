"""The privacy flags every command that reads a log shares: --pseudonymise, --redact, --key-file."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import StaceyError


def add_privacy_arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--pseudonymise``, ``--redact``, ``--key-file`` and ``--pseudonym-map`` to a command."""
    g = p.add_argument_group("privacy")
    g.add_argument("--pseudonymise", "--pseudonymize", action="store_true",
                   help="replace speakers by stable pseudonyms everywhere in the tables")
    g.add_argument("--redact", action="store_true",
                   help="redact e-mail addresses, phone, CPR, IBAN and account numbers and speakers' names in text")
    g.add_argument("--key-file", type=Path,
                   help="secret key for pseudonyms (same key, same pseudonyms); default $STACEY_KEY, else a random key")
    g.add_argument("--pseudonym-map", type=Path, metavar="FILE",
                   help="where to write the speaker -> pseudonym mapping (never written otherwise)")


def privacy_key(args: argparse.Namespace) -> tuple[bytes, str]:
    """The key and a description of where it came from (never the key itself)."""
    if args.key_file:
        try:
            key = args.key_file.read_bytes().strip()
        except OSError as exc:
            raise StaceyError(f"{args.key_file}: cannot read the key file ({exc})") from exc
        if not key:
            raise StaceyError(f"{args.key_file}: the key file is empty; expected a secret")
        return key, "key file"
    if os.environ.get("STACEY_KEY"):
        return os.environ["STACEY_KEY"].encode(), "STACEY_KEY"
    print("stacey: note: no --key-file or STACEY_KEY; pseudonyms use a random key and differ on every run",
          file=sys.stderr)
    return secrets.token_bytes(32), "random key (pseudonyms not stable across runs)"


def apply_privacy(turns: pd.DataFrame, args: argparse.Namespace) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Apply the requested steps; returns the table and a record of what was done (for reports)."""
    from ..io.tables import write_table
    from ..privacy import protect

    key, origin = privacy_key(args) if getattr(args, "pseudonymise", False) else (None, "")
    turns, done, mapping = protect(turns, pseudonymise=getattr(args, "pseudonymise", False),
                                   redact=getattr(args, "redact", False), key=key, key_origin=origin)
    if mapping is not None and getattr(args, "pseudonym_map", None):
        write_table(mapping, args.pseudonym_map)
    return turns, done
