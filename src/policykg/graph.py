"""Turn Extractions into RDF that follows the ontology contract: one named graph per document.

Entities, figures and facts become resources under the ``id/`` base; every mention becomes a NIF
evidence node (``nif:Phrase`` with offsets, anchor and its ``nif:Sentence``); each document is a
``pk:Document`` and ``nif:Context`` carrying its full text.
The ``add_*`` functions add ``(s, p, o)`` triples into their ``graph`` argument: a ``TripleSet`` (a plain
set, the fast road used by builds) or anything else with rdflib's ``Graph.add`` signature.
May import: policykg.model, policykg.namespaces, policykg.iris, policykg.terms, policykg.indicators, rdflib.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from policykg.indicators import annotate, notes_triples
from policykg.iris import document_iri, resource_iri, span_iri
from policykg.model import Document, DocumentMeta, Entity, Extraction, Fact, Figure, Span
from policykg.namespaces import NIF, PK, PREFIXES
from policykg.terms import decimal_lexical


class _Terms:
    """A namespace whose terms are built once: rdflib builds a new URIRef on every attribute access."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)  # a closed namespace still refuses an unknown name
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


RDF, RDFS, XSD, OWL, DCTERMS, SKOS, PROV, NIF, PK = map(
    _Terms, (RDF, RDFS, XSD, OWL, DCTERMS, SKOS, PROV, NIF, PK)
)

LANG = "en"
DEFAULT_GRAPH = ""
"""The name ``Graphs`` gives the default graph (triples that belong to no document)."""


class TripleSet(set):
    """The triples of one graph: a set whose ``add((s, p, o))`` takes what rdflib's ``Graph.add`` takes."""

    __slots__ = ()


class Graphs:
    """Named graphs of rdflib terms, by graph IRI (``DEFAULT_GRAPH`` for the default graph).

    What a build produces before it is written or loaded into a store: no index, no parsing, so
    adding a triple costs a set insertion.
    """

    __slots__ = ("named",)

    def __init__(self) -> None:
        self.named: dict[str, TripleSet] = {}

    def graph(self, name: str = DEFAULT_GRAPH) -> TripleSet:
        """The graph called ``name`` (created empty when new)."""
        found = self.named.get(name)
        if found is None:
            found = self.named[name] = TripleSet()
        return found

    def union(self) -> set[tuple[Node, Node, Node]]:
        """Every triple of every graph, once (the RDF merge the default graph of a store holds)."""
        if len(self.named) == 1:
            return next(iter(self.named.values()))
        merged: set = set()
        for triples in self.named.values():
            merged |= triples
        return merged

    def quads(self) -> Iterator[tuple[Node, Node, Node, str]]:
        """``(s, p, o, graph name)`` for every triple of every graph."""
        for name, triples in self.named.items():
            for s, p, o in triples:
                yield s, p, o, name

    def __len__(self) -> int:
        return len(self.union())

    def to_rdflib(self) -> Graph:
        """The union as an rdflib Graph with the contract's prefixes bound (for the Python API)."""
        graph = new_graph()
        for triple in self.union():
            graph.add(triple)
        return graph


def new_graph() -> Graph:
    """An empty graph with the contract's prefixes bound."""
    from rdflib.namespace import DCTERMS, OWL, SKOS

    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("owl", OWL)
    return graph


def collect(extractions: Iterable[Extraction], graphs: Graphs | None = None) -> Graphs:
    """Every extraction in its own named graph (the document's IRI) of ``graphs``."""
    graphs = Graphs() if graphs is None else graphs
    for extraction in extractions:
        add_extraction(graphs.graph(str(document_iri(extraction.document.slug))), extraction)
    return graphs


def build_graph(extractions: Iterable[Extraction]) -> Graph:
    """One rdflib graph holding every extraction (the Python API; builds use ``collect``)."""
    return collect(extractions).to_rdflib()


def add_extraction(graph: Graph, extraction: Extraction) -> None:
    """Add one document's extraction to ``graph``."""
    doc = extraction.document
    add_document(graph, doc, extraction.meta)
    for entity in extraction.entities:
        add_entity(graph, doc, entity)
    for figure in extraction.figures:
        add_figure(graph, doc, figure)
    for fact in extraction.facts:
        add_fact(graph, fact)
    _ground_places(graph, doc)


def add_document(graph: Graph, doc: Document, meta: DocumentMeta) -> URIRef:
    node = document_iri(doc.slug)
    lang = _lang(doc)
    title = meta.title or doc.title
    graph.add((node, RDF.type, PK.Document))
    graph.add((node, RDF.type, NIF.Context))
    graph.add((node, RDFS.label, Literal(title or doc.source, lang=lang)))
    if doc.language in ("en", "zh"):
        graph.add((node, DCTERMS.language, Literal(doc.language)))
    if doc.primary_source:
        graph.add((node, PROV.hadPrimarySource, URIRef(doc.primary_source)))
    graph.add((node, DCTERMS.source, Literal(doc.source)))
    graph.add((node, NIF.isString, Literal(doc.text)))
    graph.add((node, NIF.beginIndex, _offset(0)))
    graph.add((node, NIF.endIndex, _offset(len(doc.text))))
    if title:
        graph.add((node, DCTERMS.title, Literal(title, lang=lang)))
    if meta.date:
        datatype = XSD.date if len(meta.date) == 10 else XSD.gYear
        graph.add((node, DCTERMS.date, Literal(meta.date, datatype=datatype)))
    if meta.publisher:
        graph.add((node, DCTERMS.publisher, Literal(meta.publisher)))
    return node


def add_entity(graph: Graph, doc: Document, entity: Entity) -> URIRef:
    node = resource_iri(entity.key)
    graph.add((node, RDF.type, PK[entity.kind]))
    graph.add((node, RDFS.label, Literal(entity.label, lang=entity.language)))
    for alt in entity.alt_labels:
        if alt != entity.label:
            graph.add((node, SKOS.altLabel, Literal(alt, lang=entity.language)))
    for label, lang in entity.other_labels:
        graph.add((node, RDFS.label, Literal(label, lang=lang)))
    for same in entity.same_as:  # skos:exactMatch, not owl:sameAs: an OWL reasoner must not merge the two
        graph.add((node, SKOS.exactMatch, URIRef(same)))
    for predicate, text in entity.properties:
        graph.add((node, URIRef(predicate), Literal(text)))
    _add_provenance(graph, doc, node, entity.spans, sentence=None)
    return node


def add_figure(graph: Graph, doc: Document, figure: Figure) -> URIRef:
    node = resource_iri(figure.key)
    graph.add((node, RDF.type, PK.Figure))
    graph.add((node, RDF.type, PK[figure.kind]))
    graph.add((node, RDFS.label, Literal(figure.span.anchor, lang=_lang(doc))))
    graph.add((node, PK.value, _decimal(figure.value)))
    graph.add((node, PK.unit, URIRef(figure.unit)))
    optional = (
        (PK.comparator, figure.comparator and URIRef(figure.comparator)),
        (PK.direction, figure.direction and URIRef(figure.direction)),
        (PK.baseline, figure.baseline is not None and _decimal(figure.baseline)),
        (PK.minValue, figure.min_value is not None and _decimal(figure.min_value)),
        (PK.maxValue, figure.max_value is not None and _decimal(figure.max_value)),
        (PK.year, figure.year is not None and Literal(f"{figure.year:04d}", datatype=XSD.gYear)),
        (PK.indicator, figure.indicator and Literal(figure.indicator)),
    )
    for predicate, value in optional:
        if value:
            graph.add((node, predicate, value))
    for industry in figure.concerns:
        graph.add((node, PK.concerns, resource_iri(industry)))
    notes = annotate(doc, figure)  # indicator, aspect, subject, year (policykg.indicators)
    if figure.year is None and notes.year is not None:
        graph.add((node, PK.year, Literal(f"{notes.year:04d}", datatype=XSD.gYear)))
    for triple in notes_triples(node, notes, lang=_lang(doc)):
        graph.add(triple)
    subject = resource_iri(figure.subject) if figure.subject else document_iri(doc.slug)
    if figure.kind != "Figure":  # a threshold ("5000万元以上项目") is about no subject
        graph.add((subject, PK.hasTarget if figure.kind == "Target" else PK.hasResult, node))
    _add_provenance(graph, doc, node, (figure.span,), sentence=figure.sentence)
    return node


def _ground_places(graph: Graph, doc: Document) -> None:
    """Give evidence to a place that figures are ``pk:about`` but the entity finder did not report.

    The document's own city comes from its folder or opening lines; its first mention by any of its
    names becomes its evidence (the contract: every resource has some). A place the text never names
    keeps its names but loses its class, so it claims to be no extracted entity.
    """
    about = {o for _, p, o in graph if p == PK.about}
    if not about:
        return
    grounded = {s for s, p, _ in graph if p == PK.evidence}
    for place in sorted(about - grounded):
        span = _first_mention(doc.text, _names(graph, place))
        if span is not None:
            _add_provenance(graph, doc, place, (span,), sentence=None)
        else:
            for triple in [t for t in graph if t[0] == place and t[1] == RDF.type]:
                graph.discard(triple)


def _names(graph: Graph, node: Node) -> list[str]:
    """The labels of ``node``, longest first (so 长春市 is found before 长春)."""
    names = {str(o) for s, p, o in graph if s == node and p in (RDFS.label, SKOS.altLabel)}
    return sorted(names, key=lambda name: (-len(name), name))


def _first_mention(text: str, names: list[str]) -> Span | None:
    """The earliest occurrence of any of ``names`` in ``text`` (the longest name at a tie)."""
    found = [(text.find(name), -len(name), name) for name in names if name and name in text]
    if not found:
        return None
    begin, _, name = min(found)
    return Span(begin, begin + len(name), name)


def add_fact(graph: Graph, fact: Fact) -> None:
    graph.add((resource_iri(fact.subject), URIRef(fact.predicate), resource_iri(fact.object)))


def _add_provenance(
    graph: Graph, doc: Document, node: URIRef, spans: Iterable[Span], sentence: Span | None
) -> None:
    doc_node = document_iri(doc.slug)
    graph.add((node, PK.mentionedIn, doc_node))
    for span in spans:
        evidence = _add_span(graph, doc, span, NIF.Phrase)
        graph.add((node, PK.evidence, evidence))
        if sentence is not None:
            graph.add((evidence, NIF.sentence, _add_span(graph, doc, sentence, NIF.Sentence)))


def _add_span(graph: Graph, doc: Document, span: Span, kind: URIRef) -> URIRef:
    node = span_iri(doc.slug, span.begin, span.end)
    graph.add((node, RDF.type, kind))
    graph.add((node, RDF.type, NIF.String))
    graph.add((node, RDF.type, NIF.OffsetBasedString))
    graph.add((node, NIF.referenceContext, document_iri(doc.slug)))
    graph.add((node, NIF.beginIndex, _offset(span.begin)))
    graph.add((node, NIF.endIndex, _offset(span.end)))
    graph.add((node, NIF.anchorOf, Literal(span.anchor)))
    return node


def _lang(doc: Document) -> str:
    """The language tag of a document's own words (English when it is undetermined)."""
    return doc.language if doc.language in ("en", "zh") else LANG


@functools.lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _decimal(value: Decimal) -> Literal:
    """An exact xsd:decimal literal in XSD canonical form (never a float; Turtle reads it back the same).

    >>> _decimal(Decimal("10570000")).n3()
    '"10570000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> _decimal(Decimal("1.90")).n3()
    '"1.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    return Literal(decimal_lexical(value), datatype=XSD.decimal)
