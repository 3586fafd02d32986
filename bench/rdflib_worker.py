"""Time queries on rdflib in a child process, so a query that runs for minutes can be cut off.

Times are CPU seconds of the child (the machine is shared: wall time measures the load). rdflib
cannot be interrupted from outside a query: the child stops itself when a query's CPU time passes
the budget (SIGPROF), and is killed and restarted if it does not answer at all.
"""

from __future__ import annotations

import multiprocessing
import signal
import statistics
import time
from pathlib import Path


class _Cut(BaseException):  # not an Exception: run_query turns those into QueryError
    pass


def _cut(*_: object) -> None:
    raise _Cut


def _serve(ntriples: str, budget: float, connection) -> None:
    """Child: load the graph once, then time each (query, runs) it is sent (None: cut at the budget)."""
    from rdflib import Graph

    from policykg.query import run_query

    graph = Graph()
    graph.parse(ntriples, format="nt")
    signal.signal(signal.SIGPROF, _cut)
    connection.send("ready")
    while True:
        text, runs = connection.recv()
        times = []
        try:
            for _ in range(runs):
                signal.setitimer(signal.ITIMER_PROF, budget)
                start = time.process_time()
                run_query(graph, text)
                times.append(time.process_time() - start)
                signal.setitimer(signal.ITIMER_PROF, 0)
        except _Cut:
            times = []
        connection.send(statistics.median(times) if times else None)


class RdflibTimer:
    """Median rdflib CPU seconds per query, or None when one run exceeds ``budget`` CPU seconds."""

    def __init__(self, ntriples: Path, budget: float) -> None:
        self.ntriples, self.budget = str(ntriples), budget
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(self.ntriples, self.budget, child), daemon=True)
        self.process.start()
        assert self.connection.recv() == "ready"

    def median(self, text: str, runs: int) -> float | None:
        """Median CPU seconds of ``runs`` runs, or None past the budget (a fresh child if it hung)."""
        self.connection.send((text, runs))
        if self.connection.poll(self.budget * runs * 20):  # wall backstop on a loaded machine
            return self.connection.recv()
        self.process.kill()
        self.process.join()
        self._start()
        return None

    def close(self) -> None:
        self.process.kill()
        self.process.join()
