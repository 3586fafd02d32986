"""Serialise a graph for other tools: a registry of export formats, deterministic bytes.

RDF formats go through rdflib on a canonical copy of the graph (triples added in sorted order,
blank nodes relabelled canonically) so the same graph always gives the same bytes. GraphML and
GEXF go through the networkx projection of ``policykg.view.network`` (imported lazily).
JSON-LD is written with an inline context: nothing is ever fetched.
May import: rdflib, ``policykg.errors``, ``policykg.query`` (prefixes), ``policykg.view.network`` lazily.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from rdflib import XSD, BNode, Graph, Literal
from rdflib.term import Node

from policykg.errors import OutputError
from policykg.query import PREFIXES


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how to write it and the file extensions that select it."""

    name: str
    extensions: tuple[str, ...]
    write: Callable[[Graph], bytes]


class SortedGraph(Graph):
    """A graph whose triple lookups come back sorted, so every rdflib serializer walks it in one order.

    rdflib's memory store keeps triples in sets, whose order changes with the hash seed of each run.
    """

    def triples(self, triple):  # noqa: ANN001, ANN201 - same signature as rdflib's Graph.triples
        yield from sorted(super().triples(triple))


def _canonical(graph: Graph) -> Graph:
    """A sorted copy with the contract prefixes bound (blank nodes relabelled canonically)."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        from rdflib.compare import to_canonical_graph

        graph = to_canonical_graph(graph)
    copy = SortedGraph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        copy.bind(prefix, namespace, override=True, replace=True)
    for subject, predicate, obj in sorted(graph):
        copy.add((subject, predicate, canonical_decimal(obj)))
    return copy


def canonical_decimal(term: Node) -> Node:
    """An xsd:decimal literal in its XSD canonical form (the form Turtle's shorthand reads back).

    Turtle writes ``"12"^^xsd:decimal`` as ``12.0``, so without this a round trip would change the term.

    >>> canonical_decimal(Literal("12", datatype=XSD.decimal)).n3()
    '"12.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> canonical_decimal(Literal("1.90", datatype=XSD.decimal)).n3()
    '"1.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if not (isinstance(term, Literal) and term.datatype == XSD.decimal):
        return term
    try:
        value = Decimal(str(term))
    except InvalidOperation:
        return term
    text = format(value, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _ending(data: str) -> bytes:
    """UTF-8 bytes ending with exactly one newline."""
    return (data.rstrip("\n") + "\n").encode("utf-8")


def _rdflib_writer(rdflib_format: str) -> Callable[[Graph], bytes]:
    def write(graph: Graph) -> bytes:
        return _ending(_canonical(graph).serialize(format=rdflib_format))

    return write


def _write_nt(graph: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    lines = _canonical(graph).serialize(format="nt").splitlines()
    return _ending("\n".join(sorted(line for line in lines if line.strip())))


def _write_trig(graph: Graph) -> bytes:
    """TriG with every triple in the default graph (no random name for an anonymous graph)."""
    from rdflib import Dataset

    canonical = _canonical(graph)
    dataset = Dataset()
    for prefix, namespace in canonical.namespaces():
        dataset.bind(prefix, namespace, override=True, replace=True)
    for triple in canonical:
        dataset.add(triple)
    return _ending(dataset.serialize(format="trig"))


def _write_jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with an inline context of the contract prefixes (never a remote context)."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    text = _canonical(graph).serialize(format="json-ld", context=context, sort_keys=True)
    document = json.loads(text)
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    return _ending(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))


def _network(graph: Graph):  # noqa: ANN202 - networkx is imported lazily
    try:
        from policykg.view.network import to_networkx
    except ImportError as error:
        raise OutputError(f"GraphML/GEXF export is not available: {error}") from None
    return to_networkx(graph)


def _write_graphml(graph: Graph) -> bytes:
    import networkx

    return _ending("\n".join(networkx.generate_graphml(_network(graph))))


def _write_gexf(graph: Graph) -> bytes:
    """GEXF without networkx's "last modified" date, so the bytes do not depend on the clock."""
    import networkx

    text = "\n".join(networkx.generate_gexf(_network(graph)))
    return _ending(re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1))


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "turtle": ExportFormat("turtle", (".ttl",), _rdflib_writer("turtle")),
    "longturtle": ExportFormat("longturtle", (), _rdflib_writer("longturtle")),
    "nt": ExportFormat("nt", (".nt",), _write_nt),
    "jsonld": ExportFormat("jsonld", (".jsonld", ".json"), _write_jsonld),
    "xml": ExportFormat("xml", (".rdf", ".xml", ".owl"), _rdflib_writer("xml")),
    "trig": ExportFormat("trig", (".trig",), _write_trig),
    "graphml": ExportFormat("graphml", (".graphml",), _write_graphml),
    "gexf": ExportFormat("gexf", (".gexf",), _write_gexf),
}
"""Format name → how to write it; ``--help`` lists the keys."""

RDF_FORMATS = ("turtle", "longturtle", "nt", "jsonld", "xml", "trig")


def guess_format(path: str) -> str | None:
    """The export format an output file name implies, or None.

    >>> guess_format("out/graph.jsonld")
    'jsonld'
    >>> guess_format("graph.TTL")
    'turtle'
    >>> guess_format("-") is None
    True
    """
    suffix = PurePath(path).suffix.lower()
    for name, spec in EXPORT_FORMATS.items():
        if suffix and suffix in spec.extensions:
            return name
    return None


def resolve_format(fmt: str | None, output: str, default: str | None = "turtle") -> str:
    """The format to write: ``--format`` when given, else the output's extension, else ``default``.

    An extension that names no format is an error rather than a silent default.
    """
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise OutputError(f"unknown format '{fmt}'; known: {', '.join(EXPORT_FORMATS)}")
        return fmt
    guessed = guess_format(output)
    if guessed is not None:
        return guessed
    if default is None or PurePath(output).suffix:
        raise OutputError(
            f"cannot tell the format of '{output}' from its extension; "
            f"give --format ({', '.join(EXPORT_FORMATS)})"
        )
    return default


def export_graph(graph: Graph, fmt: str) -> bytes:
    """The graph serialised in ``fmt``: deterministic bytes ending with a newline."""
    if fmt not in EXPORT_FORMATS:
        raise OutputError(f"unknown format '{fmt}'; known: {', '.join(EXPORT_FORMATS)}")
    try:
        return EXPORT_FORMATS[fmt].write(graph)
    except OutputError:
        raise
    except ValueError as error:  # e.g. RDF/XML cannot write a property IRI that ends in a digit
        message = " ".join(str(error).split())
        raise OutputError(f"cannot write the graph as {fmt}: {message}; choose another --format") from None
