"""``stacey analyze``: read a log, annotate it, find themes, compute every dynamics table, write them all."""

from __future__ import annotations

import argparse

from .dynamics import _groups, add_dynamics_arguments
from .read import add_read_arguments, read_args


def _run(args: argparse.Namespace) -> int:
    from ..pipeline import ResultWriter, analyze

    res = read_args(args)
    n_turns, rejects, fmt = len(res.turns), res.rejects, res.format
    params = {"random_state": args.seed, "n_perm": args.n_perm, "freq": args.freq, "threshold": args.threshold,
              "penalty_scale": args.penalty_scale, "codebook": args.codebook, "n_themes": args.n_themes,
              "lang": args.lang, "groups": args.groups, "format": fmt,
              "privacy": getattr(args, "privacy_done", {}), "engine": args.engine}
    groups = _groups(args.groups, res.turns)
    writer = ResultWriter(args.output)
    analyze(res.turns, codebook=args.codebook, n_themes=args.n_themes, lang=args.lang,
            random_state=args.seed, groups=groups, n_perm=args.n_perm, freq=args.freq, threshold=args.threshold,
            penalty_scale=args.penalty_scale, engine=args.engine, scheduler=args.scheduler, sink=writer,
            annotate_options={"n_process": args.n_process} if args.n_process else None)
    writer("rejects", rejects)
    inputs = [args.path] + [p for p in (args.codebook, args.people) if p]
    run = writer.finish(inputs=inputs, parameters=params)
    print(f"{args.path} ({fmt}): {n_turns} turns, {len(rejects)} rejected; "
          f"{writer.listing['themes']['rows']} themes; {len(writer.listing)} tables -> {args.output} ({run.name})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="read, annotate, find themes and compute every dynamics table")
    add_read_arguments(p)
    p.add_argument("--codebook", help="codebook YAML for deductive themes (default: NMF themes)")
    p.add_argument("--n-themes", type=int, help="number of NMF themes (default: chosen by coherence and stability)")
    p.add_argument("--lang", help="corpus default language where detection is unsure (e.g. da)")
    add_dynamics_arguments(p)
    p.add_argument("--engine", choices=["pandas", "dask"], default="pandas",
                   help="where annotation runs: this process (pandas) or a dask.distributed cluster (dask)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a running scheduler (tcp://host:8786); default a local cluster")
    p.add_argument("--n-process", type=int, help="processes for annotating texts (pandas engine; default 1)")
    p.add_argument("-o", "--output", required=True, help="folder to write the tables and run.json")
    p.set_defaults(func=_run)
