"""Time stacey against its peers, side by side, and print markdown tables.

Usage::

    python -m benchmarks.run read       --sizes 10k,100k --runs 3
    python -m benchmarks.run turntable  --sizes 10k,100k,1M --runs 3
    python -m benchmarks.run annotate   --sizes 10k --runs 3
    python -m benchmarks.run themes     --sizes 10k,100k --runs 3
    python -m benchmarks.run analyze    --sizes 10k,100k,1M --runs 1
    python -m benchmarks.run all        --sizes 10k --runs 3

Corpora are generated (seed 0) into ``--data`` (default ``out/bench`` under the repository)
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
from benchmarks.harness import CONVOKIT_PYTHON, PYTHON, round_robin

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
    return {"turns": n, "what": what, "tool": tool, "items": r["items"], "seconds": r["seconds"], "cpu": r["cpu"],
            "rate": r["items"] / r["seconds"] if r["seconds"] else float("inf"),
            "rate_cpu": r["items"] / r["cpu"] if r["cpu"] else float("inf"), "unit": unit,
            "wall": r["wall"], "peak_rss_mb": r["peak_rss_mb"], "peak_tree_mb": r["peak_tree_mb"],
            "peak_tree_pss_mb": r.get("peak_tree_pss_mb"),
            "runs": r["runs"], "seconds_all": r["seconds_all"],
            **{k: v for k, v in r.items() if k in ("rejects", "conversations", "tables", "themes", "rows")}}


Case = tuple[int, str, str, str, tuple[str, ...], str, str]  # turns, task, tool, case, args, python, unit


def _run(cases: list[Case], runs: int) -> list[dict[str, Any]]:
    """Run the cases of each size round robin (see :func:`benchmarks.harness.round_robin`)."""
    rows: list[dict[str, Any]] = []
    for n in dict.fromkeys(c[0] for c in cases):
        group = [c for c in cases if c[0] == n]
        results = round_robin([(c[3], c[4], c[5]) for c in group], runs=runs)
        rows += [_row(c[0], c[1], c[2], r, c[6]) for c, r in zip(group, results, strict=True)]
    return rows


@suite("read")
def read_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Reading mail (messages/s): stacey's mbox reader against a plain stdlib mailbox + email loop; Slack too."""
    cases: list[Case] = []
    for n in sizes:
        mbox, slack = str(corpus(data, n, "mbox")), str(corpus(data, n, "slack"))
        cases += [(n, "read mbox", "stdlib mailbox+email loop (no threading, no cleaning)", "read-stdlib-mbox",
                   (mbox,), PYTHON, "msg/s"),
                  (n, "read mbox", "stacey.read, 1 process (clean + thread)", "read-stacey", (mbox, "1"), PYTHON,
                   "msg/s"),
                  (n, "read mbox", "stacey.read, auto processes (clean + thread)", "read-stacey", (mbox,), PYTHON,
                   "msg/s"),
                  (n, "read slack", "stacey.read", "read-stacey", (slack,), PYTHON, "msg/s")]
    return _run(cases, runs)


@suite("turntable")
def turntable_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Building the turn table from loaded utterances: stacey against ConvoKit's Corpus.from_pandas."""
    cases: list[Case] = []
    for n in sizes:
        table = str(corpus(data, n, "table"))
        cases += [(n, "turn table", "ConvoKit Corpus.from_pandas", "turntable-convokit", (table,), CONVOKIT_PYTHON,
                   "turns/s"),
                  (n, "turn table", "stacey conform+derive+validate", "turntable-stacey", (table,), PYTHON,
                   "turns/s")]
    return _run(cases, runs)


@suite("annotate")
def annotate_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Annotation (words/s): stacey.annotate against asent and VADER, a bare spaCy tokenizer as the limit."""
    cases: list[Case] = []
    for n in sizes:
        t = str(corpus(data, n, "table"))
        cases += [(n, "annotate", "asent (spacy.blank + sentencizer + asent)", "annotate-asent", (t,), PYTHON,
                   "words/s"),
                  (n, "annotate", "VADER (vaderSentiment, English rules only)", "annotate-vader", (t,), PYTHON,
                   "words/s"),
                  (n, "annotate", "stacey.annotate, 1 process (lang, lemmas, sentiment)", "annotate-stacey", (t, "1"),
                   PYTHON, "words/s"),
                  (n, "annotate", "stacey.annotate, n_process=2", "annotate-stacey", (t, "2"), PYTHON, "words/s"),
                  (n, "annotate", "spacy.blank tokenizer only (practical limit)", "annotate-blank", (t,), PYTHON,
                   "words/s")]
    return _run(cases, runs)


@suite("themes")
def themes_suite(sizes: list[int], runs: int, data: Path) -> list[dict[str, Any]]:
    """Theme fitting and transform (turns/s): NMFThemes with 12 themes; online mini-batch NMF above 50,000 turns."""
    cases: list[Case] = []
    for n in sizes:
        t = str(corpus(data, n, "table"))
        cases += [(n, "themes fit", "NMFThemes(12).fit", "themes-fit", (t,), PYTHON, "turns/s"),
                  (n, "themes transform", "NMFThemes.transform", "themes-transform", (t,), PYTHON, "turns/s")]
    return _run(cases, runs)


@suite("analyze")
def analyze_suite(sizes: list[int], runs: int, data: Path, engines: tuple[str, ...] = ("pandas",)) -> list[dict]:
    """The whole stacey analyze (turns/s): read, annotate (cold cache), 12 NMF themes, every dynamics table, write."""
    cases: list[Case] = []
    for n in sizes:
        t = str(corpus(data, n, "table"))
        cases += [(n, "stacey analyze", f"engine={eng}", "analyze", (t, eng), PYTHON, "turns/s") for eng in engines]
    return _run(cases, runs)


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
    """Rows as a markdown table; ratios are each tool's rate over the first tool's rate of its group.

    ``rate (CPU)`` divides the items by CPU seconds (worker processes included):
    on a machine shared with other work it is the steadier measure of how much
    work a tool needs; ``rate (wall)`` is what a user waits for, and where a
    second process pays off.
    """
    out = ["| turns | task | tool | items | wall s | CPU s | rate (CPU) | ratio (CPU) | rate (wall) | ratio (wall) "
           "| peak RSS MiB (process / tree) | peak PSS MiB (tree) |",
           "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base: dict[tuple[int, str], tuple[float, float]] = {}
    for r in rows:
        key = (r["turns"], r["what"])
        b_cpu, b_wall = base.setdefault(key, (r["rate_cpu"], r["rate"]))
        out.append(f"| {label(r['turns'])} | {r['what']} | {r['tool']} | {int(r['items']):,} | {r['seconds']:.2f} | "
                   f"{r['cpu']:.2f} | {r['rate_cpu']:,.0f} {r['unit']} | {r['rate_cpu'] / b_cpu:.2f}x | "
                   f"{r['rate']:,.0f} {r['unit']} | {r['rate'] / b_wall:.2f}x | "
                   f"{r['peak_rss_mb']:.0f} / {r['peak_tree_mb']:.0f} | "
                   f"{format(r['peak_tree_pss_mb'], '.0f') if r.get('peak_tree_pss_mb') else '-'} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("suite", choices=[*SUITES, "all"])
    p.add_argument("--sizes", default="10k", help="comma-separated corpus sizes in turns (10k,100k,1M)")
    p.add_argument("--runs", type=int, default=3, help="runs per case; the median is reported")
    p.add_argument("--data", default=str(Path(__file__).resolve().parents[1] / "out" / "bench"), help="where generated corpora are kept")
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
