"""Time ``stacey demo``: the HTML report on the bundled corpus, end to end, in a fresh process each run.

Each run is ``python -m stacey demo -o <tmp>`` in a subprocess (reading the
corpus, annotation, themes, every measure, the notebook's kernel start, the
HTML export), timed by wall clock. The first run uses an empty annotation
cache (``STACEY_CACHE_DIR`` in a temporary folder: what a first report costs);
the following runs reuse it (what every later report costs). Results go to
``benchmarks/results/report_time.md``. Usage::

    python benchmarks/report_time.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "report_time.md"


def one_run(out: Path, cache: Path) -> float:
    env = {**os.environ, "STACEY_CACHE_DIR": str(cache), "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]])}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "stacey", "demo", "-o", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"stacey demo failed:\n{proc.stderr[-3000:]}")
    return took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs with a warm cache (default 3)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stacey-bench-") as tmp:
        cache, out = Path(tmp) / "cache", Path(tmp) / "out"
        cold = one_run(out, cache)
        warm = [one_run(out, cache) for _ in range(args.runs)]
        size = (out / "report.html").stat().st_size
    lines = [
        "# Report generation time on the bundled corpus",
        "",
        f"`python benchmarks/report_time.py --runs {args.runs}` ({datetime.now(UTC):%Y-%m-%d}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores shared with other work).",
        "Each run is `stacey demo` in a fresh process: read the corpus, annotate, codebook themes, every measure "
        "(200 permutations), the notebook kernel, the HTML export.",
        "",
        "| case | runs | median (s) | min (s) | max (s) |",
        "|---|---|---|---|---|",
        f"| first report (empty annotation cache) | 1 | {cold:.1f} | {cold:.1f} | {cold:.1f} |",
        f"| later reports (cache warm) | {len(warm)} | {statistics.median(warm):.1f} | {min(warm):.1f} | "
        f"{max(warm):.1f} |",
        "",
        f"HTML report: {size / 1e6:.2f} MB, figures embedded. Goal: under two minutes.",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
