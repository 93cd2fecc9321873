"""``stacey read``, ``stacey formats`` and ``stacey export``."""

from __future__ import annotations

import argparse
import sys

from ..io.registry import ReadResult, read, readers
from ..io.tables import write_table
from ._privacy import add_privacy_arguments, apply_privacy


def _options(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"stacey: error: --option {pair!r}: expected NAME=VALUE")
        out[key.replace("-", "_")] = value
    return out


def add_read_arguments(p: argparse.ArgumentParser, *, format_flag: str = "--format") -> None:
    """The input arguments every command that reads a log shares."""
    p.add_argument("path", help="file or folder to read (any format `stacey formats` lists)")
    p.add_argument(format_flag, dest="input_format", help="force a reader by name (default: detect)")
    p.add_argument("--map", dest="mapping", help="tabular input: TURN_COLUMN=INPUT_COLUMN,... (e.g. text=body)")
    p.add_argument("--option", action="append", metavar="NAME=VALUE", help="a reader option (repeatable)")
    p.add_argument("--people", metavar="FILE", help="people file: one key per person across channels, and attributes")
    add_privacy_arguments(p)


def read_args(args: argparse.Namespace) -> ReadResult:
    """Read the input named by :func:`add_read_arguments` with rejects, privacy steps applied."""
    options = _options(args.option)
    if args.mapping:
        options["mapping"] = args.mapping
    res = read(args.path, format=args.input_format, with_rejects=True, **options)
    turns = res.turns
    if getattr(args, "people", None):
        from ..speakers import resolve_speakers

        turns = resolve_speakers(turns, args.people)
    turns, args.privacy_done = apply_privacy(turns, args)
    return res._replace(turns=turns)


def _read(args: argparse.Namespace) -> int:
    res = read_args(args)
    write_table(res.turns, args.output)
    line = (f"{args.path} ({res.format}): {res.found} items found, {len(res.turns)} turns, "
            f"{len(res.rejects)} rejected; {res.turns['conversation_id'].nunique()} conversations, "
            f"{res.turns['speaker'].nunique()} speakers -> {args.output}")
    if args.rejects:
        write_table(res.rejects, args.rejects)
        line += f", rejects -> {args.rejects}"
    elif len(res.rejects):
        counts = res.rejects["reason"].value_counts().to_dict()
        line += f" (rejected: {counts}; --rejects FILE writes them)"
    print(line)
    return 0


def _formats(args: argparse.Namespace) -> int:
    for name, rd in readers().items():
        ext = f" [{' '.join(rd.extensions)}]" if rd.extensions else ""
        print(f"{name:<12} {rd.description}{ext}")
        for opt, meaning in rd.options.items():
            print(f"{'':<14}--option {opt}=...  {meaning}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..io.convokit import to_convokit

    res = read_args(args)
    if args.format != "convokit":
        print(f"stacey: error: unknown export format {args.format!r}; known: convokit", file=sys.stderr)
        return 2
    folder = to_convokit(res.turns, args.output)
    print(f"{len(res.turns)} turns -> ConvoKit corpus {folder}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("read", help="read a conversation log into a turn table (Parquet)")
    add_read_arguments(p)
    p.add_argument("-o", "--output", required=True, help="turn table to write (.parquet, .csv or .jsonl)")
    p.add_argument("--rejects", help="where to write the rejects table")
    p.set_defaults(func=_read)

    p = sub.add_parser("formats", help="list the formats stacey reads")
    p.set_defaults(func=_formats)

    p = sub.add_parser("export", help="write a log or turn table in another tool's format")
    add_read_arguments(p, format_flag="--from")
    p.add_argument("--format", default="convokit", help="format to write (convokit)")
    p.add_argument("-o", "--output", required=True, help="folder to write")
    p.set_defaults(func=_export)
