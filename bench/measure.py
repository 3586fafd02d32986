"""Measuring helpers for the benchmark: timed subprocesses with peak memory, medians.

Peak memory is the largest sum of the resident set sizes of a process and all its descendants,
sampled every 20 ms from /proc (so worker processes of ``--jobs 2`` count too).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        todo += [int(child) for child in children]
    return total


def run_measured(
    command: list[str], cwd: Path | None = None, env: dict | None = None
) -> tuple[float, int, str]:
    """(wall seconds, peak RSS bytes of the process tree, stdout) of one command; fails loudly.

    ``env`` adds to (or overrides) the environment, e.g. PYTHONPATH for an older checkout.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**ENV, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {err[-2000:]}")
    return elapsed, peak[0], out


def python(code: str) -> list[str]:
    """A command running ``code`` with this Python and the project's sources."""
    return [sys.executable, "-c", code]


def cli(*args: str) -> list[str]:
    """A command running the policykg CLI from the sources."""
    return [sys.executable, "-m", "policykg", *args]


def median_seconds(
    function: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Median time of ``runs`` calls by ``clock`` (wall time; ``time.process_time`` for this process's CPU)."""
    times = []
    for _ in range(runs):
        start = clock()
        function()
        times.append(clock() - start)
    return statistics.median(times)


def median_command(command: list[str], runs: int) -> float:
    """Median wall time of ``runs`` runs of a command."""
    return statistics.median(run_measured(command)[0] for _ in range(runs))
