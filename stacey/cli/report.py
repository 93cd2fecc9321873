"""``stacey report`` and ``stacey demo``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .read import add_read_arguments, read_args


def _report(args: argparse.Namespace) -> int:
    from ..report import report

    res = read_args(args)  # privacy steps, when asked, are applied here, before anything is analysed
    out = report(res.turns, args.output, inputs=[args.path], title=args.title, random_state=args.seed,
                 privacy=args.privacy_done, codebook=args.codebook, n_themes=args.themes, n_perm=args.permutations)
    print(f"report -> {out}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ..corpus import corpus_path, load_corpus
    from ..report import report

    corpus = corpus_path()
    turns = load_corpus()  # the folder read in local time, one speaker key per person (people.yaml)
    out = report(turns, Path(args.output) / "report.html", inputs=[corpus], codebook=corpus / "codebook.yaml",
                 title="Vesterby Kommune: Åben Borgerservice (bundled corpus)")
    print(f"The report on the bundled corpus is at {out.resolve()}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="run the report notebook on a log or turn table and write HTML")
    add_read_arguments(p)
    p.add_argument("-o", "--output", required=True, help="HTML file to write")
    p.add_argument("--title", help="the report's title (default: the input's name)")
    p.add_argument("--seed", type=int, default=0, help="random seed of every step that draws (default 0)")
    p.add_argument("--codebook", type=Path, help="a codebook YAML of themes (default: themes found by NMF)")
    p.add_argument("--themes", type=int, help="number of NMF themes (default: chosen by coherence x stability)")
    p.add_argument("--permutations", type=int, default=200,
                   help="permutations of the uptake and contagion baselines (default 200)")
    p.set_defaults(func=_report)

    p = sub.add_parser("demo", help="the report on the bundled corpus")
    p.add_argument("-o", "--output", default="out", help="folder to write into (default: out)")
    p.set_defaults(func=_demo)
