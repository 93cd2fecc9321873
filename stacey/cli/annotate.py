"""``stacey annotate``: language, lemmas and sentiment for a turn table."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import FormatError
from ..io.tables import read_table, write_table
from ._privacy import add_privacy_arguments, apply_privacy


def _nlp(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        lang, sep, name = pair.partition("=")
        if not sep or not lang or not name:
            raise SystemExit(f"stacey: error: --nlp {pair!r}: expected LANG=PIPELINE (e.g. da=da_core_news_sm)")
        out[lang] = name
    return out


def _annotate(args: argparse.Namespace) -> int:
    from ..text.annotate import annotate, sentences

    path = Path(args.input)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    turns = read_table(path)
    missing = [c for c in ("id", "text") if c not in turns.columns]
    if missing:
        raise FormatError(path, "header", f"a turn table with columns 'id' and 'text' (missing: {', '.join(missing)})")
    if args.pseudonymise or args.redact:  # before anything is annotated, cached or written
        if args.pseudonymise and "speaker" not in turns.columns:
            raise FormatError(path, "header", "a 'speaker' column to pseudonymise")
        turns, _done = apply_privacy(turns, args)
    out = annotate(turns, lang=args.lang, backend=args.backend, cache=not args.no_cache, n_process=args.n_process,
                   nlp=_nlp(args.nlp), progress=None if not args.quiet else False)
    write_table(out, args.output)
    counts = out["lang"].value_counts().to_dict()
    line = (f"{path}: {len(out)} turns annotated ({', '.join(f'{k} {v}' for k, v in counts.items())}), "
            f"mean sentiment {out['sentiment'].mean():.3f} -> {args.output}")
    if args.sentences:
        sent = sentences(out, lang=args.lang, backend=args.backend)
        write_table(sent, args.sentences)
        line += f"; {len(sent)} sentences -> {args.sentences}"
    print(line)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("annotate", help="add lang, sentiment and lemmas to a turn table")
    p.add_argument("input", help="turn table (.parquet, .csv or .jsonl) with at least 'id' and 'text'")
    p.add_argument("-o", "--output", required=True, help="annotated table to write (.parquet, .csv or .jsonl)")
    p.add_argument("--lang", help="corpus default language where detection is unsure (e.g. da)")
    p.add_argument("--backend", default="stacey", help="sentiment backend: stacey (default), vader, asent, afinn")
    p.add_argument("--nlp", action="append", metavar="LANG=PIPELINE",
                   help="an installed trained spaCy pipeline for a language (repeatable)")
    p.add_argument("--n-process", type=int, default=1, help="processes to use (default 1)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the annotation cache")
    p.add_argument("--sentences", metavar="FILE", help="also write sentence-level sentiment to FILE")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_privacy_arguments(p)
    p.set_defaults(func=_annotate)
