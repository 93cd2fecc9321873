"""Peak memory and time of each stage of ``stacey analyze``, one stage at a time.

Usage (from the repository root)::

    PYTHONPATH=. python -m benchmarks.stage_memory OUTDIR [--stages uptake,theme_uses] [--columns slim]

``OUTDIR`` is a folder written by ``stacey analyze`` (it has ``turns.parquet``,
``theme_weights.parquet`` and ``themes.parquet``). The annotated turns, the
weights and the themes are read once; then each named stage (default: all)
runs as :func:`stacey.pipeline.run_dynamics` calls it, while a thread samples
the resident memory every 20 ms. For each stage the script prints the RSS
before, the peak during, the increase and the seconds. Stages run in the
order given; their results are dropped before the next one, so each figure
is the stage's own transient cost over the loaded inputs.

``--columns slim`` loads only the columns the dynamics use (what
``stacey analyze`` keeps in memory after writing ``turns.parquet``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil


def _stages() -> dict[str, Callable[[dict[str, Any]], Any]]:
    from stacey.dynamics import changepoints as cp
    from stacey.dynamics import contagion, emergence, power, prevalence, uptake
    from stacey.dynamics.edges import edges
    from stacey.dynamics.novelty import novelty
    from stacey.dynamics.recurrence import determinism
    from stacey.dynamics.segment import theme_boundaries, topic_tiling
    from stacey.dynamics.shift import shifts

    def uses(d: dict[str, Any]) -> Any:
        u = emergence.theme_uses(d["turns"], d["weights"], threshold=0.25, themes=d["themes"], min_terms=2)
        terms = emergence.new_terms(d["turns"], burn_in=0.25, min_speakers=3)
        return u, emergence.term_uses(d["turns"], terms)

    return {
        "edges": lambda d: edges(d["turns"], d["weights"]),
        "uptake": lambda d: uptake.uptake_tables(d["turns"], d["weights"], n_perm=200, random_state=0,
                                                 edges=d["edges"]),
        "contagion": lambda d: (contagion.transitions(edges=d["edges"], n_perm=200, random_state=0),
                                contagion.contagion_regression(d["turns"], edges=d["edges"])),
        "theme_uses": lambda d: emergence.theme_uses(d["turns"], d["weights"], threshold=0.25,
                                                     themes=d["themes"], min_terms=2),
        "new_terms": lambda d: emergence.new_terms(d["turns"], burn_in=0.25, min_speakers=3),
        "emergence": lambda d: _emergence(d, uses(d)),
        "shifts": lambda d: shifts(d["turns"], d["weights"]),
        "changepoints": lambda d: cp.changepoints(d["turns"], d["weights"], penalty_scale=2.0),
        "theme_boundaries": lambda d: theme_boundaries(d["turns"], d["weights"]),
        "topic_tiling": lambda d: topic_tiling(d["turns"], d["weights"]),
        "speakers": lambda d: power.speakers(d["turns"], edges=d["edges"]),
        "coordination": lambda d: power.coordination(d["turns"], level="speaker", edges=d["edges"]),
        "novelty": lambda d: novelty(d["turns"], d["weights"]),
        "determinism": lambda d: determinism(d["turns"], d["weights"]),
        "prevalence": lambda d: prevalence.prevalence(d["turns"], d["weights"], freq="W", by="channel"),
        "habitual": lambda d: prevalence.habitual(d["turns"], d["weights"], threshold=0.25),
        "log_odds_lemma": lambda d: prevalence.channel_log_odds(d["turns"], unit="lemma"),
        "log_odds_theme": lambda d: prevalence.channel_log_odds(d["turns"], d["weights"], unit="theme"),
        "formal_lag": lambda d: prevalence.formal_lag(d["turns"], d["weights"], threshold=0.25),
    }


def _emergence(d: dict[str, Any], pair: Any) -> Any:
    import pandas as pd

    from stacey.dynamics import emergence

    uses = pd.concat(list(pair), ignore_index=True)
    ex = emergence.exposures(d["turns"], uses)
    return (emergence.emergence(uses), emergence.adopters(d["turns"], uses, exposures=ex),
            emergence.exposure_curve(d["turns"], uses, exposures=ex))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("outdir")
    p.add_argument("--stages", default="", help="comma-separated stage names (default: all)")
    p.add_argument("--columns", choices=["all", "slim"], default="all")
    args = p.parse_args(argv)

    import pandas as pd

    from stacey.pipeline import DYNAMICS_COLUMNS, release_memory

    proc = psutil.Process()
    peak = [0]

    def sample() -> None:
        while True:
            peak[0] = max(peak[0], proc.memory_info().rss)
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    stages = _stages()
    names = [s for s in args.stages.split(",") if s] or list(stages)
    unknown = sorted(set(names) - set(stages))
    if unknown:
        p.error(f"unknown stages {unknown}; known: {', '.join(stages)}")
    out = Path(args.outdir)
    t0 = time.perf_counter()
    cols = DYNAMICS_COLUMNS if args.columns == "slim" else None
    d: dict[str, Any] = {"turns": pd.read_parquet(out / "turns.parquet", columns=cols),
                         "weights": pd.read_parquet(out / "theme_weights.parquet"),
                         "themes": pd.read_parquet(out / "themes.parquet")}
    if any(n not in ("edges",) for n in names):
        d["edges"] = stages["edges"](d)
    mib = 2 ** 20
    print(f"inputs loaded: {len(d['turns']):,} turns, RSS {proc.memory_info().rss / mib:.0f} MiB, "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    print(f"{'stage':18s} {'before MiB':>10s} {'peak MiB':>9s} {'+MiB':>7s} {'seconds':>8s}")
    for name in names:
        release_memory()
        before = proc.memory_info().rss
        peak[0] = before
        t = time.perf_counter()
        result = stages[name](d)
        sec = time.perf_counter() - t
        top = max(peak[0], proc.memory_info().rss)
        del result
        print(f"{name:18s} {before / mib:10.0f} {top / mib:9.0f} {(top - before) / mib:7.0f} {sec:8.1f}", flush=True)
    print(f"ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
