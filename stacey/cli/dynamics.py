"""``stacey dynamics``: every dynamics table from an annotated turn table and its theme weights."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ..errors import FormatError


def _read_turns(path: str) -> pd.DataFrame:
    from ..io.tables import read_table
    from ..turns import conform, derive, validate

    turns = read_table(path)
    missing = [c for c in ("id", "conversation_id", "speaker", "timestamp", "text", "channel") if c not in turns]
    if missing:
        raise FormatError(path, "columns", f"a turn table with columns {', '.join(missing)} (see stacey.turns)")
    return derive(validate(conform(turns.drop(columns=["turn", "depth"], errors="ignore"))))


def _groups(value: str | None, turns: pd.DataFrame) -> object:
    if value is None:
        return None
    if value in turns.columns:
        return value
    from ..io.tables import read_table

    if not Path(value).exists():
        raise FormatError(value, None, "a table of speaker,group or the name of a turn-table column")
    table = read_table(value)
    if not {"speaker", "group"} <= set(table.columns):
        raise FormatError(value, "columns", "columns 'speaker' and 'group'")
    return table.astype({"speaker": "string", "group": "string"})


def _run(args: argparse.Namespace) -> int:
    from ..io.tables import read_table
    from ..pipeline import ResultWriter, run_dynamics

    turns = _read_turns(args.turns)
    weights = read_table(args.weights)
    if not {"id", "theme", "weight"} <= set(weights.columns):
        raise FormatError(args.weights, "columns", "a theme-weight table with columns id, theme, weight")
    themes = read_table(args.themes) if args.themes else None
    params = {"random_state": args.seed, "n_perm": args.n_perm, "freq": args.freq, "threshold": args.threshold,
              "penalty_scale": args.penalty_scale, "groups": args.groups}
    writer = ResultWriter(args.output)
    run_dynamics(turns, weights, themes, groups=_groups(args.groups, turns), random_state=args.seed,
                 n_perm=args.n_perm, freq=args.freq, threshold=args.threshold,
                 penalty_scale=args.penalty_scale, sink=writer)
    inputs = [args.turns, args.weights] + ([args.themes] if args.themes else [])
    run = writer.finish(inputs=inputs, parameters=params)
    print(f"{len(turns)} turns, {len(writer.listing)} tables -> {args.output} ({run.name})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dynamics", help="compute every dynamics table from annotated turns and theme weights")
    p.add_argument("turns", help="annotated turn table (.parquet/.csv/.jsonl; sentiment, lemmas from stacey annotate)")
    p.add_argument("weights", help="theme weights table: id, theme, weight")
    p.add_argument("--themes", help="themes table: theme, label, top_terms")
    add_dynamics_arguments(p)
    p.add_argument("-o", "--output", required=True, help="folder to write the tables and run.json")
    p.set_defaults(func=_run)


def add_dynamics_arguments(p: argparse.ArgumentParser) -> None:
    """The options of the dynamics step, shared by ``stacey dynamics`` and ``stacey analyze``."""
    p.add_argument("--groups", help="speaker groups: a table speaker,group or a turn-table column "
                                    "(e.g. meta.speaker.group from --people)")
    p.add_argument("--seed", type=int, default=0, help="seed of the theme model and the baselines (default 0)")
    p.add_argument("--n-perm", type=int, default=1000, help="permutations for uptake and contagion (default 1000)")
    p.add_argument("--freq", default="W", help="calendar period for prevalence and adoption: D, W, M (default W)")
    p.add_argument("--threshold", type=float, default=0.25, help="theme weight that counts as using a theme")
    p.add_argument("--penalty-scale", type=float, default=2.0, help="c in the change-point penalty (default 2)")
