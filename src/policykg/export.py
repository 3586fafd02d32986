"""Serialise graphs for other tools: a registry of export formats, deterministic bytes.

N-Triples and N-Quads are sorted canonical N-Triples lines (``policykg.terms``); Turtle and TriG
come from our streaming writer (``policykg.turtle``), whose layout is byte-stable (``longturtle``
too: rdflib's long Turtle writes some strings Oxigraph cannot read back); RDF/XML and JSON-LD go
through rdflib on a sorted copy. Builds hand over ``policykg.graph.Graphs`` (one named graph per
document, kept by TriG and N-Quads); an rdflib graph is taken as the default graph, its blank nodes relabelled
canonically. GraphML and GEXF go through the networkx projection of ``policykg.view.network``.
JSON-LD is written with an inline context: nothing is ever fetched.
May import: rdflib, ``policykg.errors``, ``policykg.graph``, ``policykg.terms``, ``policykg.query``
(prefixes), ``policykg.turtle`` and ``policykg.view.network`` lazily.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from rdflib import BNode, Dataset, Graph

from policykg.errors import OutputError
from policykg.graph import DEFAULT_GRAPH, Graphs
from policykg.query import PREFIXES
from policykg.terms import canonical_decimal

__all__ = ["EXPORT_FORMATS", "RDF_FORMATS", "canonical_decimal", "export_graph", "guess_format"]

Data = Graph | Graphs
"""What export writes: a build's named graphs, or an rdflib graph (taken as the default graph)."""


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how to write it and the file extensions that select it."""

    name: str
    extensions: tuple[str, ...]
    write: Callable[[Graphs], bytes]


class SortedGraph(Graph):
    """A graph whose triple lookups come back sorted, so every rdflib serializer walks it in one order.

    rdflib's memory store keeps triples in sets, whose order changes with the hash seed of each run.
    """

    def triples(self, triple):  # noqa: ANN001, ANN201 - same signature as rdflib's Graph.triples
        yield from sorted(super().triples(triple))


def as_graphs(data: Data) -> Graphs:
    """``data`` as named graphs; an rdflib graph gets canonical blank nodes and decimals.

    An rdflib ``Dataset`` keeps its named graphs; any other graph is the default graph.
    """
    if isinstance(data, Graphs):
        return data
    graphs = Graphs()
    contexts = list(data.contexts()) if isinstance(data, Dataset) else [data]
    for context in contexts:
        name = context.identifier
        target = graphs.graph(
            DEFAULT_GRAPH if isinstance(name, BNode) or name == DATASET_DEFAULT else str(name)
        )
        if any(isinstance(term, BNode) for triple in context for term in triple):
            from rdflib.compare import to_canonical_graph

            context = to_canonical_graph(context)
        for s, p, o in context:
            target.add((s, p, canonical_decimal(o)))
    return graphs


DATASET_DEFAULT = "urn:x-rdflib:default"


def _lines(graphs: Graphs) -> list[str]:
    """The union's N-Triples lines, sorted (code-point order: the same bytes on every run)."""
    return sorted(graphs.union().lines())


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n" if lines else ""


def _nquad_lines(graphs: Graphs) -> list[str]:
    """N-Quads lines: the default graph's first, then each named graph's, graphs in IRI order."""
    lines: list[str] = []
    for name, triples in sorted(graphs.named.items()):
        own = sorted(triples.lines())
        lines += own if name == DEFAULT_GRAPH else [f"{line[:-1]}<{name}> ." for line in own]
    return lines


def _ending(data: str) -> bytes:
    """UTF-8 bytes ending with exactly one newline."""
    return (data.rstrip("\n") + "\n").encode("utf-8")


def _write_nt(graphs: Graphs) -> bytes:
    """N-Triples in canonical form, one triple a line, lines sorted."""
    return _ending(_text(_lines(graphs)))


def _write_nquads(graphs: Graphs) -> bytes:
    """N-Quads: every triple with the graph (document) it belongs to; sorted by graph, then triple."""
    return _ending(_text(_nquad_lines(graphs)))


def _write_turtle(graphs: Graphs) -> bytes:
    """Turtle in one stable layout (``policykg.turtle``), with the contract prefixes it uses."""
    from policykg.turtle import turtle

    return _ending(turtle(graphs.union().nt, _PREFIX_IRIS))


def _write_trig(graphs: Graphs) -> bytes:
    """TriG: the default graph, then one block per named graph (document), in IRI order."""
    from policykg.turtle import trig

    named = {name: triples.nt for name, triples in graphs.named.items() if triples}
    return _ending(trig(named, _PREFIX_IRIS))


_PREFIX_IRIS = {name: str(iri) for name, iri in PREFIXES.items()}


def _rdflib_graph(graphs: Graphs) -> SortedGraph:
    """The union as a sorted rdflib graph with the contract prefixes bound (for rdflib's writers)."""
    copy = SortedGraph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in graphs.union():
        copy.add(triple)
    return copy


def _rdflib_writer(rdflib_format: str) -> Callable[[Graphs], bytes]:
    def write(graphs: Graphs) -> bytes:
        return _ending(_rdflib_graph(graphs).serialize(format=rdflib_format))

    return write


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(fmt: str, writer: Callable[[Graphs], bytes]) -> Callable[[Graphs], bytes]:
    """``writer`` for an XML format: refuse characters XML 1.0 cannot hold; keep carriage returns.

    An XML parser turns a raw CR into LF, so every CR is written as the reference ``&#13;``.
    """

    def write(graphs: Graphs) -> bytes:
        for s, _, o in graphs.union():
            for term in (s, o):
                found = _NOT_XML.search(str(term))
                if found:
                    raise OutputError(
                        f"{fmt} cannot hold the character U+{ord(found.group()):04X} of <{s}> "
                        f"(XML 1.0 forbids it); choose --format turtle, nt, nquads, trig or jsonld"
                    )
        return writer(graphs).replace(b"\r", b"&#13;")

    return write


def _write_jsonld(graphs: Graphs) -> bytes:
    """JSON-LD compacted with an inline context of the contract prefixes (never a remote context)."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    text = _rdflib_graph(graphs).serialize(format="json-ld", context=context, sort_keys=True)
    document = json.loads(text)
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    return _ending(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))


def _network(graphs: Graphs):  # noqa: ANN202 - networkx is imported lazily
    try:
        from policykg.view.network import to_networkx
    except ImportError as error:
        raise OutputError(f"GraphML/GEXF export is not available: {error}") from None
    return to_networkx(_rdflib_graph(graphs))


def _write_graphml(graphs: Graphs) -> bytes:
    """GraphML written whole (networkx's line generator splits labels at U+2028, U+0085, CR...)."""
    import networkx

    buffer = io.BytesIO()
    networkx.write_graphml(_network(graphs), buffer)
    return buffer.getvalue().rstrip(b"\n") + b"\n"


def _write_gexf(graphs: Graphs) -> bytes:
    """GEXF without networkx's "last modified" date, so the bytes do not depend on the clock."""
    import networkx

    buffer = io.BytesIO()
    networkx.write_gexf(_network(graphs), buffer)
    data = re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)
    return data.rstrip(b"\n") + b"\n"


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "turtle": ExportFormat("turtle", (".ttl",), _write_turtle),
    # rdflib's long Turtle writes strings ending in a backslash and a quote that Oxigraph cannot read
    "longturtle": ExportFormat("longturtle", (), _write_turtle),
    "nt": ExportFormat("nt", (".nt",), _write_nt),
    "nquads": ExportFormat("nquads", (".nq",), _write_nquads),
    "jsonld": ExportFormat("jsonld", (".jsonld", ".json"), _write_jsonld),
    "xml": ExportFormat("xml", (".rdf", ".xml", ".owl"), _xml_safe("xml", _rdflib_writer("xml"))),
    "trig": ExportFormat("trig", (".trig",), _write_trig),
    "graphml": ExportFormat("graphml", (".graphml",), _xml_safe("graphml", _write_graphml)),
    "gexf": ExportFormat("gexf", (".gexf",), _xml_safe("gexf", _write_gexf)),
}
"""Format name → how to write it; ``--help`` lists the keys."""

RDF_FORMATS = ("turtle", "longturtle", "nt", "nquads", "jsonld", "xml", "trig")
QUAD_FORMATS = ("nquads", "trig")
"""The formats that keep named graphs (one per document)."""


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


def export_graph(data: Data, fmt: str) -> bytes:
    """``data`` serialised in ``fmt``: deterministic bytes ending with a newline."""
    if fmt not in EXPORT_FORMATS:
        raise OutputError(f"unknown format '{fmt}'; known: {', '.join(EXPORT_FORMATS)}")
    try:
        return EXPORT_FORMATS[fmt].write(as_graphs(data))
    except OutputError:
        raise
    except ValueError as error:  # e.g. RDF/XML cannot write a property IRI that ends in a digit
        message = " ".join(str(error).split())
        raise OutputError(f"cannot write the graph as {fmt}: {message}; choose another --format") from None
