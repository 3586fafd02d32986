"""Summarise the graphs of a store: counts per class, figures per unit, and the best-connected entities.

Every figure is an aggregate the store's engine computes (``COUNT`` … ``GROUP BY``): on a store of
800 reports (6.4 million triples) nothing is loaded into memory.
May import: rdflib, ``policykg.query`` (compact names, policykg's own queries).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from policykg.model import PK_IRI
from policykg.query import compact, own_query

if TYPE_CHECKING:
    from policykg.store import Store

DOCUMENT = URIRef(PK_IRI + "Document")


@dataclass(frozen=True, slots=True)
class Connected:
    """An entity and its degree: links to or from other extracted resources."""

    iri: str
    label: str
    degree: int


@dataclass(frozen=True, slots=True)
class Stats:
    """What a graph holds, each list sorted by count (largest first), then by name."""

    triples: int
    classes: tuple[tuple[str, int], ...]
    units: tuple[tuple[str, int], ...]
    connected: tuple[Connected, ...]


CLASSES = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
UNITS = (
    "SELECT ?unit (COUNT(*) AS ?n) WHERE { { SELECT ?f ?unit WHERE { ?f pk:unit ?unit } } "
    "{ SELECT DISTINCT ?f WHERE { ?f a pk:Figure } } } GROUP BY ?unit"
)
"""Figures per unit: two sub-selects, which Oxigraph joins by hashing (a third of the time of looking
each figure's type up)."""
DEGREES = """\
SELECT ?node (COUNT(*) AS ?degree) WHERE {{
  {{ SELECT DISTINCT ?y WHERE {{ VALUES ?type {{ {types} }} ?y a ?type }} }}
  ?x ?p ?y .
  FILTER (isIRI(?y) && ?p NOT IN (rdf:type, pk:evidence, pk:mentionedIn))
  {{ SELECT DISTINCT ?x WHERE {{ VALUES ?type {{ {types} }} ?x a ?type }} }}
  VALUES ?end {{ 0 1 }}
  BIND (IF(?end = 0, ?x, ?y) AS ?node)
}}
GROUP BY ?node ORDER BY DESC(?degree) LIMIT {limit}"""
"""Links per entity, most first: each link (a triple between two entities, provenance and types not
counted) adds one to both ends. Entities are the instances of ``types``, the policykg classes but
pk:Document; the engine counts, so only the first ``limit`` nodes are read out of the store."""
LABELS = (
    "SELECT ?node ?label WHERE {{ VALUES ?node {{ {nodes} }} ?node rdfs:label ?label }} ORDER BY ?node ?label"
)


def compute_stats(store: Store, top: int = 10) -> Stats:
    """Counts per class, figures per unit and the ``top`` best-connected entities of the graphs in ``store``.

    Aggregates answered by the store's own engine: nothing but the counts and the ``top`` entities'
    names and labels is read out of it.
    """
    classes = {node: int(count) for node, count in own_query(store, CLASSES).rows}
    types = sorted(
        str(c) for c in classes if isinstance(c, URIRef) and c.startswith(PK_IRI) and c != DOCUMENT
    )
    return Stats(
        triples=int(own_query(store, TRIPLES).rows[0][0]),
        classes=_ranked(Counter({compact(c): n for c, n in classes.items()}), first="pk:"),
        units=_ranked(Counter({compact(u): int(n) for u, n in own_query(store, UNITS).rows})),
        connected=_connected(store, types, top),
    )


def _connected(store: Store, types: list[str], top: int) -> tuple[Connected, ...]:
    """The ``top`` entities with the most links to other entities (ties by their short names).

    The engine ranks by count alone, so the rows are read until the last one counts fewer links
    than the ``top``-th: the ties across that line are then all there to be put in order.
    """
    if top <= 0 or not types:
        return ()
    limit = top + 1
    while True:
        text = DEGREES.format(types=" ".join(f"<{t}>" for t in types), limit=limit)
        rows = [(node, int(degree)) for node, degree in own_query(store, text).rows]
        if len(rows) < limit or rows[-1][1] < rows[top - 1][1]:
            break
        limit *= 4
    if not rows:
        return ()
    cut = rows[min(top, len(rows)) - 1][1]
    ranked = sorted((row for row in rows if row[1] >= cut), key=_by_degree)[:top]
    labels = _labels(store, [node for node, _ in ranked])
    return tuple(Connected(compact(node), labels.get(node, compact(node)), degree) for node, degree in ranked)


def _by_degree(row: tuple[Node, int]) -> tuple[int, str]:
    return -row[1], compact(row[0])


def _labels(store: Store, nodes: list[Node]) -> dict[Node, str]:
    """Each node's first label in SPARQL order (the lowest), for the nodes that have one."""
    iris = [node for node in nodes if isinstance(node, URIRef)]
    if not iris:
        return {}
    found: dict[Node, str] = {}
    for node, label in own_query(store, LABELS.format(nodes=" ".join(f"<{n}>" for n in iris))).rows:
        found.setdefault(node, str(label))
    return found


def _ranked(counts: Counter[str], first: str = "") -> tuple[tuple[str, int], ...]:
    """Names by count (largest first), then name; names starting with ``first`` before the others."""
    order = sorted(counts.items(), key=lambda item: (not item[0].startswith(first), -item[1], item[0]))
    return tuple(order)


def format_stats(stats: Stats) -> str:
    """A plain-text rendering: three aligned sections."""
    lines = [f"Triples: {stats.triples}", "", "Instances per class:"]
    lines += _rows(stats.classes)
    lines += ["", "Figures per unit:"]
    lines += _rows(stats.units)
    lines += ["", "Best-connected entities (links to other entities):"]
    lines += _rows(tuple((f"{item.label} <{item.iri}>", item.degree) for item in stats.connected))
    return "\n".join(lines) + "\n"


def _rows(pairs: tuple[tuple[str, int], ...]) -> list[str]:
    """``  name  count`` lines with the counts right-aligned, or ``  (none)``."""
    if not pairs:
        return ["  (none)"]
    width = max(len(name) for name, _ in pairs)
    digits = max(len(str(count)) for _, count in pairs)
    return [f"  {name.ljust(width)}  {str(count).rjust(digits)}" for name, count in pairs]
