"""Summarise a graph: counts per class, figures per unit, and the best-connected entities.

May import: rdflib, ``policykg.query`` (compact names).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from policykg.model import PK_IRI
from policykg.query import compact

if TYPE_CHECKING:
    from policykg.store import Store

DOCUMENT = URIRef(PK_IRI + "Document")
FIGURE = URIRef(PK_IRI + "Figure")
UNIT = URIRef(PK_IRI + "unit")
PROVENANCE = frozenset({URIRef(PK_IRI + "evidence"), URIRef(PK_IRI + "mentionedIn")})


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


def compute_stats(graph: Graph, top: int = 10) -> Stats:
    """Counts per class, figures per unit and the ``top`` best-connected entities of ``graph``."""
    classes = Counter(compact(kind) for kind in graph.objects(None, RDF.type))
    figures = set(graph.subjects(RDF.type, FIGURE))
    units = Counter(compact(unit) for figure in figures for unit in graph.objects(figure, UNIT))
    return Stats(
        triples=len(graph),
        classes=_ranked(classes, first="pk:"),
        units=_ranked(units),
        connected=_connected(graph, top),
    )


STORE_QUERIES = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "classes": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "units": "SELECT ?u (COUNT(?f) AS ?n) WHERE { { SELECT DISTINCT ?f WHERE { ?f a pk:Figure } } ?f pk:unit ?u } "
    "GROUP BY ?u",
    "links": "SELECT DISTINCT ?x ?p ?y WHERE { ?x ?p ?y . FILTER (isIRI(?y) && ?p NOT IN "
    "(rdf:type, pk:evidence, pk:mentionedIn)) ?x a ?cx . ?y a ?cy . "
    "FILTER (STRSTARTS(STR(?cx), STR(pk:)) && ?cx != pk:Document "
    "&& STRSTARTS(STR(?cy), STR(pk:)) && ?cy != pk:Document) }",
}


def compute_store_stats(store: Store, top: int = 10) -> Stats:
    """``compute_stats`` answered by the store's own engine: nothing is loaded into memory."""
    from policykg.query import run_on_store

    def rows(name: str) -> tuple:
        return run_on_store(store, STORE_QUERIES[name]).rows

    degree: Counter[Node] = Counter()
    for subject, _, obj in rows("links"):
        degree[subject] += 1
        degree[obj] += 1
    ranked = sorted(degree.items(), key=lambda item: (-item[1], compact(item[0])))[:top]
    connected = tuple(Connected(compact(node), _store_label(store, node), count) for node, count in ranked)
    return Stats(
        triples=int(rows("triples")[0][0]),
        classes=_ranked(Counter({compact(c): int(n) for c, n in rows("classes")}), first="pk:"),
        units=_ranked(Counter({compact(u): int(n) for u, n in rows("units")})),
        connected=connected,
    )


def _store_label(store: Store, node: Node) -> str:
    from policykg.query import run_on_store

    found = run_on_store(store, f"SELECT ?l WHERE {{ <{node}> rdfs:label ?l }} ORDER BY ?l LIMIT 1").rows
    return str(found[0][0]) if found else compact(node)


def _ranked(counts: Counter[str], first: str = "") -> tuple[tuple[str, int], ...]:
    """Names by count (largest first), then name; names starting with ``first`` before the others."""
    order = sorted(counts.items(), key=lambda item: (not item[0].startswith(first), -item[1], item[0]))
    return tuple(order)


def _entities(graph: Graph) -> set[Node]:
    """Resources typed with a policykg class, documents excepted."""
    return {
        node
        for node, kind in graph.subject_objects(RDF.type)
        if isinstance(kind, URIRef) and kind.startswith(PK_IRI) and kind != DOCUMENT
    }


def _connected(graph: Graph, top: int) -> tuple[Connected, ...]:
    """The ``top`` entities with the most links to other entities (provenance links not counted)."""
    entities = _entities(graph)
    degree: Counter[Node] = Counter()
    for subject, predicate, obj in graph:
        if predicate in PROVENANCE or predicate == RDF.type:
            continue
        if subject in entities and obj in entities:
            degree[subject] += 1
            degree[obj] += 1
    ranked = sorted(degree.items(), key=lambda item: (-item[1], compact(item[0])))[:top]
    return tuple(Connected(compact(node), _label(graph, node), count) for node, count in ranked)


def _label(graph: Graph, node: Node) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else compact(node)


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
