"""Time the ``full`` view of N nodes from an in-memory Oxigraph store, with the policykg in ``--src``.

Usage: python bench/viewtime.py --src SRC [--nodes 10000] [--runs 3]; prints one JSON object
(nodes, medians of selection and drawing in wall seconds, of both in CPU seconds). bench/run.py runs it once for the code
before a change and once for the code after, so both sides are timed the same way in one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", required=True)
    parser.add_argument("--nodes", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path[:0] = [args.src, str(HERE)]
    from synthetic import graph_with_nodes

    from policykg.export import as_graphs
    from policykg.store import open_store
    from policykg.view import get_view, html, select_view
    from policykg.view.html import render

    shipped = html.styles
    html.styles = lambda: {**shipped(), "max_nodes": 10**9}  # draw every node: time the drawing itself
    store = open_store("oxigraph")
    store.load(as_graphs(graph_with_nodes(args.nodes)))
    digraph = select_view(store, "full")  # imports networkx, reads the styles: not timed
    select, draw, cpu = [], [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        digraph = select_view(store, "full")
        middle = time.perf_counter()
        render(digraph, get_view("full"))
        select.append(middle - start)
        draw.append(time.perf_counter() - middle)
        cpu.append(time.process_time() - start_cpu)
    print(json.dumps({"nodes": digraph.number_of_nodes(), "select_s": statistics.median(select),
                      "render_s": statistics.median(draw), "cpu_s": statistics.median(cpu)}))  # fmt: skip


if __name__ == "__main__":
    main()
