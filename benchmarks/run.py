"""Time stacey against its peers, side by side, and print markdown tables.

Usage::

    python -m benchmarks.run read       --sizes 10k,100k --runs 3
    python -m benchmarks.run turntable  --sizes 10k,100k,1M --runs 3
    python -m benchmarks.run annotate   --sizes 10k --runs 3
    python -m benchmarks.run themes     --sizes 10k,100k --runs 3
    python -m benchmarks.run analyze    --sizes 10k,100k,1M --runs 1
    python -m benchmarks.run all        --sizes 10k --runs 3

Corpora are generated (seed 0) into ``--data`` (default ``/tmp/stacey-bench``)
the first time a size is asked for. Every case runs in its own process
(:mod:`benchmarks.harness`); each figure is the median of ``--runs`` runs.
Results are also written as JSON to ``benchmarks/results/<suite>.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.generate import generate, manifest_path
from benchmarks.harness import CONVOKIT_PYTHON, PYTHON, repeat

RESULTS = Path(__file__).resolve().parent / "results"
SUITES: dict[str, Callable[..., list[dict[str, Any]]]] = {}


def suite(name: str) -> Callable[[Callable[..., list[dict[str, Any]]]], Callable[..., list[dict[str, Any]]]]:
    def deco(func: Callable[..., list[dict[str, Any]]]) -> Callable[..., list[dict[str, Any]]]:
        SUITES[name] = func
        return func

    return deco


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else (
        f"{n // 1000}k" if n % 1000 == 0 else str(n))


def corpus(data: Path, n: int, fmt: str) -> Path:
    """The generated corpus of ``n`` turns in ``fmt`` under ``data`` (generated once)."""
    name = {"mbox": f"{label(n)}.mbox", "slack": f"{label(n)}-slack", "table": f"{label(n)}.parquet"}[fmt]
    path = data / name
    if not manifest_path(path).exists():
        print(f"generating {path} ...", file=sys.stderr)
        generate(n, fmt, path, seed=0)
    return path


def _row(n: int, what: str, tool: str, r: dict[str, Any], unit: str) -> dict[str, Any]:
    return {"turns": n, "what": what, "tool": tool, "items": r["items"], "seconds": r["seconds"],
            "rate": r["items"] / r["seconds"] if r["seconds"] else float("inf"), "unit": unit,
            "wall": r["wall"], "peak_rss_mb": r["peak_rss_mb"], "peak_tree_mb": r["peak_tree_mb"],
            "runs": r["runs"], "seconds_all": r["seconds_all"],
            **{k: v for k, v in r.items() if k in ("turns_out", "rejects", "conversations", "words")}}


@suite("read")
def read_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Reading mail (messages/s): stacey's mbox reader against a plain stdlib mailbox + email loop; Slack too."""
    rows = []
    for n in sizes:
        mbox = corpus(data, n, "mbox")
        rows.append(_row(n, "read mbox", "stdlib mailbox+email loop", repeat("read-stdlib-mbox", mbox, runs=runs),
                         "msg/s"))
        rows.append(_row(n, "read mbox", "stacey.read (clean + thread)", repeat("read-stacey", mbox, runs=runs),
                         "msg/s"))
        slack = corpus(data, n, "slack")
        rows.append(_row(n, "read slack", "stacey.read", repeat("read-stacey", slack, runs=runs), "msg/s"))
    return rows


@suite("turntable")
def turntable_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Building the turn table from loaded utterances: stacey against ConvoKit's Corpus.from_pandas."""
    rows = []
    for n in sizes:
        table = corpus(data, n, "table")
        rows.append(_row(n, "turn table", "ConvoKit Corpus.from_pandas",
                         repeat("turntable-convokit", table, runs=runs, python=CONVOKIT_PYTHON), "turns/s"))
        rows.append(_row(n, "turn table", "stacey conform+derive+validate",
                         repeat("turntable-stacey", table, runs=runs, python=PYTHON), "turns/s"))
    return rows


@suite("annotate")
def annotate_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Annotation (words/s): stacey.annotate against asent and VADER, a bare spaCy tokenizer as the limit."""
    rows = []
    for n in sizes:
        table = corpus(data, n, "table")
        rows.append(_row(n, "annotate", "asent (spacy.blank + sentencizer + asent)",
                         repeat("annotate-asent", table, runs=runs), "words/s"))
        rows.append(_row(n, "annotate", "VADER (vaderSentiment)", repeat("annotate-vader", table, runs=runs),
                         "words/s"))
        rows.append(_row(n, "annotate", "stacey.annotate, 1 process (lang, lemmas, sentiment)",
                         repeat("annotate-stacey", table, "1", runs=runs), "words/s"))
        rows.append(_row(n, "annotate", "stacey.annotate, n_process=2",
                         repeat("annotate-stacey", table, "2", runs=runs), "words/s"))
        rows.append(_row(n, "annotate", "spacy.blank tokenizer only (practical limit)",
                         repeat("annotate-blank", table, runs=runs), "words/s"))
    return rows


@suite("themes")
def themes_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Theme fitting and transform (turns/s): NMFThemes with 12 themes; online mini-batch NMF above 50,000 turns."""
    rows = []
    for n in sizes:
        table = corpus(data, n, "table")
        rows.append(_row(n, "themes fit", "NMFThemes(12).fit", repeat("themes-fit", table, runs=runs), "turns/s"))
        rows.append(_row(n, "themes transform", "NMFThemes.transform", repeat("themes-transform", table, runs=runs),
                         "turns/s"))
    return rows


@suite("analyze")
def analyze_suite(sizes: list[int], runs: int, data: Path, engines: tuple[str, ...] = ("pandas",)) -> list[dict]:
    """The whole stacey analyze (turns/s): read, annotate (cold cache), 12 NMF themes, every dynamics table, write."""
    rows = []
    for n in sizes:
        table = corpus(data, n, "table")
        for eng in engines:
            rows.append(_row(n, "stacey analyze", f"engine={eng}", repeat("analyze", table, eng, runs=runs),
                             "turns/s"))
    return rows


def curve(rows: list[dict[str, Any]]) -> str:
    """The cost curve: seconds per size and the growth against the smallest size (1.0 per step = linear)."""
    out = ["| task | tool | turns | seconds | µs per item | x time vs smallest | x size vs smallest | peak RSS MiB |",
           "|---|---|---:|---:|---:|---:|---:|---:|"]
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["what"], r["tool"])
        base = first.setdefault(key, r)
        out.append(f"| {r['what']} | {r['tool']} | {label(r['turns'])} | {r['seconds']:.2f} | "
                   f"{1e6 * r['seconds'] / r['items']:.1f} | {r['seconds'] / base['seconds']:.1f} | "
                   f"{r['items'] / base['items']:.0f} | {r['peak_tree_mb']:.0f} |")
    return "\n".join(out)


def markdown(rows: list[dict[str, Any]]) -> str:
    """Rows as a markdown table; the ratio is each tool's rate over the first tool's rate of its group."""
    out = ["| turns | task | tool | items | seconds (median) | rate | ratio | peak RSS MiB (process / tree) |",
           "|---:|---|---|---:|---:|---:|---:|---:|"]
    base: dict[tuple[int, str], float] = {}
    for r in rows:
        key = (r["turns"], r["what"])
        base.setdefault(key, r["rate"])
        ratio = r["rate"] / base[key] if base[key] else float("nan")
        out.append(f"| {label(r['turns'])} | {r['what']} | {r['tool']} | {int(r['items']):,} | {r['seconds']:.3f} | "
                   f"{r['rate']:,.0f} {r['unit']} | {ratio:.2f}x | {r['peak_rss_mb']:.0f} / {r['peak_tree_mb']:.0f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("suite", choices=[*SUITES, "all"])
    p.add_argument("--sizes", default="10k", help="comma-separated corpus sizes in turns (10k,100k,1M)")
    p.add_argument("--runs", type=int, default=3, help="runs per case; the median is reported")
    p.add_argument("--data", default="/tmp/stacey-bench", help="where generated corpora are kept")
    p.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/<suite>.json")
    p.add_argument("--engines", default="pandas", help="analyze suite: engines to run, comma-separated (pandas,dask)")
    a = p.parse_args(argv)
    sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    data = Path(a.data)
    data.mkdir(parents=True, exist_ok=True)
    for name in SUITES if a.suite == "all" else [a.suite]:
        extra = {"engines": tuple(a.engines.split(","))} if name == "analyze" else {}
        rows = SUITES[name](sizes, a.runs, data, **extra)
        print(f"\n### {name}: {SUITES[name].__doc__.splitlines()[0]}\n")
        print(markdown(rows))
        if len(sizes) > 1:
            print(f"\nCost curve ({name}):\n")
            print(curve(rows))
        sys.stdout.flush()
        if not a.no_save:
            RESULTS.mkdir(exist_ok=True)
            path = RESULTS / f"{name}-{'-'.join(label(n) for n in sizes)}.json"
            path.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
