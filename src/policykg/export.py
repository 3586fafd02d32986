"""Serialise graphs for other tools: a registry of export formats, deterministic bytes.

N-Triples and N-Quads are sorted canonical N-Triples lines (``policykg.terms``); Turtle and TriG
come from our streaming writer (``policykg.turtle``), whose layout is byte-stable (``longturtle``
too: rdflib's long Turtle writes some strings Oxigraph cannot read back). RDF/XML and JSON-LD are
written by Oxigraph from the sorted N-Triples lines (``policykg.store.oxigraph.convert``), JSON-LD
then compacted with the contract prefixes: rdflib serialises no RDF format. Builds hand over
``policykg.graph.Graphs`` (one named graph per document, kept by TriG and N-Quads); an rdflib graph
is taken as the default graph, its blank nodes relabelled canonically. ``export_store`` writes a
store's graphs without holding them in memory. GraphML and GEXF go through the networkx projection
of ``policykg.view.network``. JSON-LD is written with an inline context: nothing is ever fetched.
May import: rdflib, ``policykg.errors``, ``policykg.graph``, ``policykg.terms``, ``policykg.query``
(prefixes), ``policykg.turtle``, ``policykg.store.oxigraph`` and ``policykg.view.network`` lazily.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from rdflib import BNode, Dataset, Graph

from policykg.errors import OutputError
from policykg.graph import DEFAULT_GRAPH, Graphs, TripleSet
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
    return graphs.union().sorted_lines()


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n" if lines else ""


def _nquad_lines(graphs: Graphs) -> list[str]:
    """N-Quads lines: the default graph's first, then each named graph's, graphs in IRI order."""
    return [line for name, triples in sorted(graphs.named.items()) for line in _graph_lines(name, triples)]


def _graph_lines(name: str, triples: TripleSet) -> list[str]:
    """One graph's N-Quads lines, sorted (the default graph's are N-Triples lines)."""
    own = triples.sorted_lines()
    return own if name == DEFAULT_GRAPH else [f"{line[:-1]}<{name}> ." for line in own]


def _ending(data: str) -> bytes:
    """UTF-8 bytes ending with exactly one newline."""
    if not data.endswith("\n") or data.endswith("\n\n"):
        data = data.rstrip("\n") + "\n"  # (a long text ending right is not copied twice more)
    return data.encode("utf-8")


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
    """The union as a sorted rdflib graph with the contract prefixes bound (for networkx's projection)."""
    copy = SortedGraph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in graphs.union():
        copy.add(triple)
    return copy


def _oxigraph(graphs: Graphs, fmt: str) -> bytes:
    """The union written by Oxigraph's serialiser ``fmt`` from the sorted N-Triples lines (in that order)."""
    return _convert(_text(_lines(graphs)), fmt)


def _convert(ntriples: str, fmt: str) -> bytes:
    """N-Triples text written by Oxigraph's serialiser ``fmt``, statements in order, contract prefixes."""
    from policykg.store.oxigraph import convert

    return convert(ntriples.encode("utf-8"), "nt", fmt, _PREFIX_IRIS)


_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_LOCAL_NAME = re.compile(f"[{_NAME_START}][{_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f\u2040]*$")


def _write_xml(graphs: Graphs) -> bytes:
    """RDF/XML by Oxigraph; a property IRI must end with an XML name (RDF/XML has no other way to write it)."""
    for predicate in sorted({p for _, p, _ in graphs.union().nt}):
        if not _LOCAL_NAME.search(predicate[1:-1]):
            raise _unshortenable(predicate)
    return _ending(_oxigraph(graphs, "xml").decode("utf-8"))


def _unshortenable(predicate: str) -> ValueError:
    """What RDF/XML says of a property IRI (N-Triples form) that does not end with an XML name."""
    return ValueError(
        "This graph cannot be serialized to a strict format because there is no valid way to shorten "
        + predicate[1:-1]
    )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(fmt: str, writer: Callable[[Graphs], bytes]) -> Callable[[Graphs], bytes]:
    """``writer`` for an XML format: refuse characters XML 1.0 cannot hold; keep carriage returns.

    An XML parser turns a raw CR into LF, so every CR is written as the reference ``&#13;``.
    """

    def write(graphs: Graphs) -> bytes:
        _refuse_characters(fmt, graphs.union())
        return writer(graphs).replace(b"\r", b"&#13;")

    return write


def _refuse_characters(fmt: str, triples: Iterable[tuple]) -> None:
    """An ``OutputError`` naming the subject of the first triple whose subject or object holds a
    character XML 1.0 forbids (``triples`` in rdflib terms)."""
    for s, _, o in triples:
        for term in (s, o):
            found = _NOT_XML.search(str(term))
            if found:
                raise OutputError(
                    f"{fmt} cannot hold the character U+{ord(found.group()):04X} of <{s}> "
                    f"(XML 1.0 forbids it); choose --format turtle, nt, nquads, trig or jsonld"
                )


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class _Compact:
    """JSON-LD compaction of Oxigraph's expanded node objects with the contract prefixes (no rdflib).

    An IRI is written ``prefix:name`` when its namespace (up to its last ``/`` or ``#``) is a
    contract prefix's, as rdflib compacted it; a lone value stands without its array, a plain string
    without ``@value``, a canonical boolean as JSON's ``true``/``false``.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace = {namespace: prefix for prefix, namespace in reversed(prefixes.items())}
        self.names: dict[str, str] = {}

    def name(self, iri: str) -> str:
        found = self.names.get(iri)
        if found is None:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self.by_namespace.get(iri[:cut])
            found = self.names[iri] = f"{prefix}:{iri[cut:]}" if prefix is not None and iri[cut:] else iri
        return found

    def value(self, item: dict) -> object:
        if "@id" in item:
            return {"@id": self.name(item["@id"])}
        if "@language" in item:
            return item
        if "@type" in item:
            if item["@type"] == _XSD_BOOLEAN and item["@value"] in ("true", "false"):
                return item["@value"] == "true"
            return {"@type": self.name(item["@type"]), "@value": item["@value"]}
        return item["@value"] if len(item) == 1 else item

    def node(self, node: dict) -> dict:
        compact = {"@id": node["@id"]}
        for key, values in node.items():
            if key == "@id":
                continue
            if key == _RDF_TYPE and all(len(item) == 1 and "@id" in item for item in values):
                compact["@type"] = _one([self.name(item["@id"]) for item in values])
            else:
                compact[self.name(key)] = _one([self.value(item) for item in values])
        return compact


def _one(values: list) -> object:
    return values[0] if len(values) == 1 else values


def _write_jsonld(graphs: Graphs) -> bytes:
    """JSON-LD with an inline context of the contract prefixes (never a remote context): Oxigraph's
    node objects compacted (``_Compact``), nodes in the order of their ``@id`` as JSON; the bytes
    rdflib's compaction wrote, values of one property in N-Triples order.
    """
    compact = _Compact(_PREFIX_IRIS)
    graph = [compact.node(node) for node in json.loads(_oxigraph(graphs, "jsonld"))]
    graph.sort(key=lambda node: json.dumps(node["@id"]))  # the order of the whole nodes' JSON, as before
    document = {"@context": dict(sorted(_PREFIX_IRIS.items())), "@graph": graph}
    return _ending(_dumps(document))


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
    "xml": ExportFormat("xml", (".rdf", ".xml", ".owl"), _xml_safe("xml", _write_xml)),
    "trig": ExportFormat("trig", (".trig",), _write_trig),
    "graphml": ExportFormat("graphml", (".graphml",), _xml_safe("graphml", _write_graphml)),
    "gexf": ExportFormat("gexf", (".gexf",), _xml_safe("gexf", _write_gexf)),
}
"""Format name → how to write it; ``--help`` lists the keys."""

RDF_FORMATS = ("turtle", "longturtle", "nt", "nquads", "jsonld", "xml", "trig")
QUAD_FORMATS = ("nquads", "trig")
"""The formats that keep named graphs (one per document)."""


STREAMED = ("turtle", "longturtle", "nt", "nquads", "trig", "jsonld", "xml")
"""The formats ``export_store`` writes from a store without holding it in memory."""
SUBJECT_BATCH = 2000
"""Subjects read from a store at a time for the union formats (Turtle, N-Triples, JSON-LD)."""


def export_store(store, fmt: str, out: BinaryIO) -> None:  # noqa: ANN001 - policykg.store.oxigraph.OxigraphStore
    """Everything in ``store`` written to ``out`` as ``fmt`` (one of ``STREAMED``), holding one graph
    or one batch of subjects at a time: the bytes of ``export_graph(store.graphs(), fmt)``.

    N-Quads and TriG go graph by graph, in IRI order; N-Triples, Turtle, RDF/XML and JSON-LD write
    the union, which the store's default graph holds, ``SUBJECT_BATCH`` subjects at a time: in
    code-point order of their N-Triples forms, for JSON-LD in the order of their ``@id`` as JSON
    (``_write_jsonld``). What RDF/XML cannot hold is refused as ``export_graph`` refuses it; the
    output is written atomically by the caller, so a refusal halfway leaves no file.
    """
    from policykg.turtle import write_trig, write_turtle

    if fmt in QUAD_FORMATS:
        names = store.graph_names() or [DEFAULT_GRAPH]  # a store written by another tool: the default graph
        graphs = ((name, store.triples(name)) for name in names)
        if fmt == "trig":
            write_trig(((name, triples.nt) for name, triples in graphs), _PREFIX_IRIS, out)
        else:
            _write_lines((_graph_lines(name, triples) for name, triples in graphs), out)
        return
    if fmt == "jsonld":
        _stream_jsonld(_subject_batches(store, key=json.dumps), out)
    elif fmt == "xml":
        _stream_xml(store, out)
    elif fmt == "nt":
        _write_lines((batch.sorted_lines() for batch in _subject_batches(store)), out)
    else:
        write_turtle((batch.nt for batch in _subject_batches(store)), _PREFIX_IRIS, out)


def _subject_batches(store, key: Callable[[str], str] | None = None) -> Iterator[TripleSet]:  # noqa: ANN001
    """The union's triples from ``store``, ``SUBJECT_BATCH`` subjects at a time, the subjects sorted
    by their N-Triples forms, or by ``key`` of their values (an IRI, or ``_:`` and a blank node's label)."""
    from policykg.terms import iri

    values = [s for (s,) in store.plain_rows("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")]
    if key is None:
        subjects = sorted(s if s.startswith("_:") else iri(s) for s in values)
    else:
        values.sort(key=key)
        subjects = [s if s.startswith("_:") else iri(s) for s in values]
    del values
    for at in range(0, len(subjects), SUBJECT_BATCH):
        yield store.triples(None, subjects[at : at + SUBJECT_BATCH])


def _stream_jsonld(batches: Iterable[TripleSet], out: BinaryIO) -> None:
    """``_write_jsonld``'s bytes written a batch of subjects at a time; the batches come in the
    order of their subjects' ``@id`` as JSON, so sorting each batch's nodes sorts them all."""
    compact = _Compact(_PREFIX_IRIS)
    context = dict(sorted(_PREFIX_IRIS.items()))
    # the text around a one-node graph: head ends '"@graph": [\n    ', tail is '  ]\n}'
    head, tail = _dumps({"@context": context, "@graph": [None]}).split("null\n", 1)
    written = False
    for batch in batches:
        text = _text(batch.sorted_lines())
        if not text:
            continue
        nodes = [compact.node(node) for node in json.loads(_convert(text, "jsonld"))]
        nodes.sort(key=lambda node: json.dumps(node["@id"]))
        for node in nodes:
            out.write(
                ((",\n    " if written else head) + _dumps(node).replace("\n", "\n    ")).encode("utf-8")
            )
            written = True
    if not written:
        out.write(_ending(_dumps({"@context": context, "@graph": []})))
        return
    out.write(("\n" + tail + "\n").encode("utf-8"))


def _dumps(value: object) -> str:
    """JSON as ``_write_jsonld`` writes it: indented by two, keys sorted, characters as they are."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _stream_xml(store, out: BinaryIO) -> None:  # noqa: ANN001 - policykg.store.oxigraph.OxigraphStore
    """``_xml_safe("xml", _write_xml)``'s bytes written a batch of subjects at a time.

    Oxigraph's RDF/XML writer declares the given prefixes (and ``rdf``, ``its``) whatever the data,
    an unprefixed namespace on the element that uses it, and writes each subject's consecutive
    triples as one element: the whole union's text is the header, each batch's elements in order,
    and the footer. A forbidden character shows in the batch's text as it is; a property IRI that
    RDF/XML cannot write (read first, with one query) is refused after the character checks, as the
    whole road checks characters first.
    """
    from policykg.terms import iri

    predicates = sorted(iri(p) for (p,) in store.plain_rows("SELECT DISTINCT ?p WHERE { ?s ?p ?o }"))
    unwritable = next((p for p in predicates if not _LOCAL_NAME.search(p[1:-1])), None)
    footer = "</rdf:RDF>"
    empty = _convert("", "xml").decode("utf-8")
    head = empty[: empty.rindex(footer)]
    if unwritable is None:
        out.write(head.encode("utf-8"))
    for batch in _subject_batches(store):
        if unwritable is not None:
            _refuse_characters("xml", _in_order(batch))
            continue
        text = _convert(_text(batch.sorted_lines()), "xml").decode("utf-8")
        if not (text.startswith(head) and text.endswith(footer)):
            raise RuntimeError(f"Oxigraph's RDF/XML writer changed its layout: {text[:200]!r}")
        body = text[len(head) : -len(footer)]
        if _NOT_XML.search(body):
            _refuse_characters("xml", _in_order(batch))
        out.write(body.replace("\r", "&#13;").encode("utf-8"))
    if unwritable is not None:
        raise _cannot_write("xml", _unshortenable(unwritable))
    out.write((footer + "\n").encode("utf-8"))


def _in_order(triples: TripleSet) -> Iterator[tuple]:
    """The triples in rdflib terms, in the order of their N-Triples lines."""
    from policykg.terms import from_nt

    for forms in sorted(triples.nt):
        yield tuple(map(from_nt, forms))


def _write_lines(batches: Iterable[list[str]], out: BinaryIO) -> None:
    """Lines to ``out``, each with a newline; a lone newline when there are none (as ``_ending``)."""
    empty = True
    for lines in batches:
        if lines:
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
            empty = False
    if empty:
        out.write(b"\n")


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
        raise _cannot_write(fmt, error) from None


def _cannot_write(fmt: str, error: ValueError) -> OutputError:
    message = " ".join(str(error).split())
    return OutputError(f"cannot write the graph as {fmt}: {message}; choose another --format")
