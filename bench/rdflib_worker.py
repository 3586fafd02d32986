"""Time queries on rdflib in a child process, so a query that runs for minutes can be cut off.

rdflib cannot be interrupted inside a query; the child is killed at the budget and restarted.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from pathlib import Path


def _serve(ntriples: str, connection) -> None:
    """Child: load the graph once, then time each (query, runs) it is sent."""
    from rdflib import Graph

    from policykg.query import run_query

    graph = Graph()
    graph.parse(ntriples, format="nt")
    connection.send("ready")
    while True:
        text, runs = connection.recv()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            run_query(graph, text)
            times.append(time.perf_counter() - start)
        connection.send(statistics.median(times))


class RdflibTimer:
    """Median rdflib seconds per query, or None when one query exceeds ``budget`` seconds."""

    def __init__(self, ntriples: Path, budget: float) -> None:
        self.ntriples, self.budget = str(ntriples), budget
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(self.ntriples, child), daemon=True)
        self.process.start()
        assert self.connection.recv() == "ready"

    def median(self, text: str, runs: int) -> float | None:
        """Median seconds of ``runs`` runs, or None (and a fresh child) past the budget."""
        self.connection.send((text, runs))
        if self.connection.poll(self.budget * runs):
            return self.connection.recv()
        self.process.kill()
        self.process.join()
        self._start()
        return None

    def close(self) -> None:
        self.process.kill()
        self.process.join()
