"""``stacey annotate``: language, lemmas and sentiment for a turn table."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import FormatError
from ..io.tables import _arrow_safe, read_table, write_table
from ._privacy import add_privacy_arguments, apply_privacy

#: turns annotated and written at a time: memory holds the work of one chunk, not of the table
CHUNK_ROWS = 20_000


def _nlp(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        lang, sep, name = pair.partition("=")
        if not sep or not lang or not name:
            raise SystemExit(f"stacey: error: --nlp {pair!r}: expected LANG=PIPELINE (e.g. da=da_core_news_sm)")
        out[lang] = name
    return out


def _placeholder(dtype: object, n: int) -> object:
    """A column of ``n`` rows of ``dtype`` (its values unused): stands in for a column not yet computed."""
    if isinstance(dtype, np.dtype):
        return np.zeros(n, dtype=dtype)
    return pd.array(np.full(n, None, dtype=object), dtype=dtype)


def _write_parquet_chunks(base: pd.DataFrame, chunks: Iterable[pd.DataFrame], path: Path) -> Iterator[pd.DataFrame]:
    """Write the annotated ``chunks`` of ``base`` to one Parquet file as they come, passing each on.

    The file's schema is the one the whole annotated table would have
    (:func:`stacey.io.tables.write_table`): the input's columns typed on all
    rows, the annotation columns by their dtypes (taken from the first chunk).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    try:
        for chunk in chunks:
            if writer is None:
                added = {c: _placeholder(chunk[c].dtype, len(base)) for c in chunk.columns if c not in base.columns
                         or chunk[c].dtype != base[c].dtype}
                schema = pa.Schema.from_pandas(base.assign(**added), preserve_index=False)
                del added
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(pa.Table.from_pandas(chunk, schema=schema, preserve_index=False))
            yield chunk
    finally:
        if writer is not None:
            writer.close()


def _annotate(args: argparse.Namespace) -> int:
    from ..text.annotate import annotate_chunks, sentences

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
    output = Path(args.output)
    parquet = output.suffix.lower() not in (".csv", ".jsonl", ".ndjson")
    if parquet and object not in (turns["id"].dtype, turns["text"].dtype):
        # written as it is annotated; mixed object columns made Arrow-safe on the whole table, as write_table does
        turns = _arrow_safe(turns)
    else:
        parquet = False
    chunks = annotate_chunks(turns, chunk_rows=CHUNK_ROWS, lang=args.lang, backend=args.backend,
                             cache=not args.no_cache, n_process=args.n_process, nlp=_nlp(args.nlp),
                             progress=None if not args.quiet else False)
    if parquet:
        chunks = _write_parquet_chunks(turns, chunks, output)
    counts: dict[str, int] = {}
    total, scored, n_rows = 0.0, 0, 0
    kept, sent = [], []
    for chunk in chunks:
        for k, v in chunk["lang"].value_counts(sort=False).items():
            counts[k] = counts.get(k, 0) + int(v)
        score = chunk["sentiment"].dropna()
        total, scored, n_rows = total + float(score.sum()), scored + len(score), n_rows + len(chunk)
        if args.sentences:
            sent.append(sentences(chunk, lang=args.lang, backend=args.backend))
        if not parquet:
            kept.append(chunk)
    if not parquet:
        write_table(pd.concat(kept) if len(kept) > 1 else kept[0], output)
        del kept
    order = sorted(counts.items(), key=lambda kv: -kv[1])
    mean = total / scored if scored else float("nan")
    line = (f"{path}: {n_rows} turns annotated ({', '.join(f'{k} {v}' for k, v in order)}), "
            f"mean sentiment {mean:.3f} -> {args.output}")
    if args.sentences:
        table = pd.concat(sent, ignore_index=True) if len(sent) > 1 else sent[0]
        write_table(table, args.sentences)
        line += f"; {len(table)} sentences -> {args.sentences}"
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
