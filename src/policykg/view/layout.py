"""Deterministic starting positions: a radial tree with the cities in the middle.

Each node's ring is its distance from the nearest city; each subtree gets an angle in proportion
to its number of leaves, so a city's system, visions, industries and their initiatives fan out
around it. Nodes no city reaches go on an outer ring. Pure Python over a networkx graph.
May import: the standard library (the graph is passed in).
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

RING = 230.0


def radial_positions(digraph: Any, centre_class: str = "City") -> dict[Any, tuple[float, float]]:
    """Node → (x, y): centres at the origin (several: a small ring), the rest on rings around them."""
    order = sorted(digraph.nodes, key=lambda n: (str(digraph.nodes[n].get("label", "")), str(n)))
    roots = [n for n in order if digraph.nodes[n].get("class") == centre_class]
    if not roots:
        roots = sorted(order, key=lambda n: -digraph.degree(n))[:1]
    parent, depth = _bfs_tree(digraph, roots, order)
    children: dict[Any, list[Any]] = {n: [] for n in order}
    for node in order:
        if parent.get(node) is not None:
            children[parent[node]].append(node)
    leaves = _leaf_counts(children, [n for n in order if n in parent and parent[n] is None])
    # one centre sits at the origin; several sit on a ring wide enough to keep them apart
    offset = 0.0 if len(roots) == 1 else max(1.0, len(roots) * 60 / (2 * math.pi * RING))
    positions: dict[Any, tuple[float, float]] = {}
    top = [n for n in order if n in parent and parent[n] is None]
    _place(top, children, leaves, depth, offset, (0.0, 2 * math.pi), positions)
    _place_unreached([n for n in order if n not in parent], depth, offset, positions)
    return positions


def _bfs_tree(digraph: Any, roots: list[Any], order: list[Any]) -> tuple[dict[Any, Any], dict[Any, int]]:
    """Breadth-first spanning forest over edges in both directions, in label order."""
    rank = {node: index for index, node in enumerate(order)}
    parent: dict[Any, Any] = {root: None for root in roots}
    depth = {root: 0 for root in roots}
    queue = deque(roots)
    while queue:
        node = queue.popleft()
        neighbours = set(digraph.successors(node)) | set(digraph.predecessors(node))
        for other in sorted(neighbours, key=rank.__getitem__):
            if other not in parent:
                parent[other] = node
                depth[other] = depth[node] + 1
                queue.append(other)
    return parent, depth


def _leaf_counts(children: dict[Any, list[Any]], top: list[Any]) -> dict[Any, int]:
    """Number of leaves under each node (a leaf counts one), computed without recursion."""
    counts: dict[Any, int] = {}
    stack = [(node, False) for node in reversed(top)]
    while stack:
        node, done = stack.pop()
        if done:
            counts[node] = max(1, sum(counts[child] for child in children[node]))
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children[node])
    return counts


def _place(
    nodes: list[Any],
    children: dict[Any, list[Any]],
    leaves: dict[Any, int],
    depth: dict[Any, int],
    offset: float,
    sector: tuple[float, float],
    positions: dict[Any, tuple[float, float]],
) -> None:
    """Share ``sector`` among ``nodes`` by leaf count, place each, then its children inside its share."""
    stack = [(nodes, sector)]
    while stack:
        group, (start, width) = stack.pop()
        total = sum(leaves[node] for node in group) or 1
        for node in group:
            share = width * leaves[node] / total
            angle = start + share / 2
            radius = RING * (depth[node] + offset)
            positions[node] = (round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2))
            if children[node]:
                stack.append((children[node], (start, share)))
            start += share


def _place_unreached(nodes: list[Any], depth: dict[Any, int], offset: float, positions: dict) -> None:
    """Nodes not connected to any centre: evenly on a ring outside everything else."""
    if not nodes:
        return
    radius = RING * (max(depth.values(), default=0) + offset + 1)
    for index, node in enumerate(nodes):
        angle = 2 * math.pi * index / len(nodes)
        positions[node] = (round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2))
