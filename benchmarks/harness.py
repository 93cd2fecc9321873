"""Run one benchmark case in its own process and measure its time and peak memory.

Each case is a fresh interpreter (``python -m benchmarks.cases NAME ...``), so
import caches, warm pages and leaked memory of one case never help or hurt
another. The case prints one JSON line (its own timing of the work, and the
number of items it handled); the harness adds

- ``wall``: seconds from process start to exit (interpreter start and imports
  included);
- ``peak_rss_mb``: the process's own peak resident set (``ru_maxrss`` from
  ``wait4``), in MiB;
- ``peak_tree_mb``: the peak of the summed resident sets of the process and all
  its descendants (multiprocessing and Dask workers), sampled every 50 ms with
  psutil; at least ``peak_rss_mb``. Worker processes forked from the main
  one map its pages too, so this sum counts shared pages once per process:
  an upper bound;
- ``peak_tree_pss_mb``: the peak of the summed proportional set sizes (PSS,
  from ``/proc/PID/smaps_rollup``: each shared page divided among the
  processes that map it), the tree's real footprint; absent where the
  system does not report PSS.

:func:`repeat` runs a case several times and keeps the median of each figure;
:func:`round_robin` does so for several cases, interleaved.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CONVOKIT_PYTHON = os.environ.get("CONVOKIT_PYTHON", str(Path(__file__).resolve().parents[1] / ".peers" / "convokit" / "bin" / "python"))


class CaseFailed(RuntimeError):
    """A benchmark case exited with an error (its stderr is in the message)."""


def _tree_memory(proc: psutil.Process) -> tuple[int, int | None]:
    """Summed RSS and summed PSS (None where not reported) of ``proc`` and its descendants."""
    rss, pss = 0, 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, None
    for p in procs:
        try:
            info = p.memory_full_info()
            rss += info.rss
            pss = pss + info.pss if pss is not None and hasattr(info, "pss") else None
        except psutil.AccessDenied:
            pss = None
            try:
                rss += p.memory_info().rss
            except psutil.Error:
                pass
        except psutil.Error:
            pass
    return rss, pss


def run_case(name: str, *args: str, python: str = PYTHON, timeout: float = 4 * 3600) -> dict[str, Any]:
    """Run ``python -m benchmarks.cases NAME ARGS...`` and return its JSON result plus time and memory."""
    cmd = [python, "-m", "benchmarks.cases", name, *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TQDM_DISABLE": "1"}
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env)
        peak: list[int | None] = [0, 0]
        done = threading.Event()

        def sample() -> None:
            try:
                ps = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not done.is_set():
                rss, pss = _tree_memory(ps)
                peak[0] = max(peak[0], rss)
                peak[1] = None if pss is None or peak[1] is None else max(peak[1], pss)
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise CaseFailed(f"{' '.join(cmd)} exited {proc.returncode}:\n{stderr[-3000:]}")
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise CaseFailed(f"{' '.join(cmd)} printed no JSON result:\n{stdout[-2000:]}\n{stderr[-2000:]}")
    result = json.loads(lines[-1])
    own = usage.ru_maxrss / 1024  # KiB on Linux
    result.update(wall=round(wall, 3), peak_rss_mb=round(own, 1), peak_tree_mb=round(max(own, peak[0] / 2**20), 1))
    if peak[1]:
        result["peak_tree_pss_mb"] = round(peak[1] / 2**20, 1)
    return result


def _median(results: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = dict(results[0])
    for key, value in results[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = statistics.median(r[key] for r in results if key in r)
    out["runs"] = len(results)
    out["seconds_all"] = [r["seconds"] for r in results]
    return out


def repeat(name: str, *args: str, runs: int = 3, python: str = PYTHON) -> dict[str, Any]:
    """Run a case ``runs`` times; the median of every numeric figure, plus ``runs`` and the raw ``seconds_all``."""
    return _median([run_case(name, *args, python=python) for _ in range(runs)])


def round_robin(cases: list[tuple[str, tuple[str, ...], str]], runs: int = 3) -> list[dict[str, Any]]:
    """Run several cases ``runs`` times each, one of each in turn, and return each case's medians.

    Interleaving the cases spreads a burst of load from other work on the
    machine over all of them, so their ratios stay fair. ``cases`` holds
    ``(name, args, python)``.
    """
    results: list[list[dict[str, Any]]] = [[] for _ in cases]
    for _ in range(runs):
        for k, (name, args, python) in enumerate(cases):
            results[k].append(run_case(name, *args, python=python))
    return [_median(r) for r in results]
