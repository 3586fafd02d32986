"""Turn Extractions into one RDF graph that follows the ontology contract.

Entities, figures and facts become resources under the ``id/`` base; every mention becomes a NIF
evidence node (``nif:Phrase`` with offsets, anchor and its ``nif:Sentence``); each document is a
``pk:Document`` and ``nif:Context`` carrying its full text.
May import: policykg.model, policykg.namespaces, policykg.iris, rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from policykg.iris import document_iri, resource_iri, span_iri
from policykg.model import Document, DocumentMeta, Entity, Extraction, Fact, Figure, Span
from policykg.namespaces import NIF, PK, PREFIXES

LANG = "en"


def new_graph() -> Graph:
    """An empty graph with the contract's prefixes bound."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("owl", OWL)
    return graph


def build_graph(extractions: Iterable[Extraction]) -> Graph:
    """One graph holding every extraction."""
    graph = new_graph()
    for extraction in extractions:
        add_extraction(graph, extraction)
    return graph


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
    for same in entity.same_as:
        graph.add((node, OWL.sameAs, URIRef(same)))
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
    subject = resource_iri(figure.subject) if figure.subject else document_iri(doc.slug)
    if figure.kind != "Figure":  # a threshold ("5000万元以上项目") is about no subject
        graph.add((subject, PK.hasTarget if figure.kind == "Target" else PK.hasResult, node))
    _add_provenance(graph, doc, node, (figure.span,), sentence=figure.sentence)
    return node


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


def _offset(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _decimal(value: Decimal) -> Literal:
    """An exact xsd:decimal literal in XSD canonical form (never a float; Turtle reads it back the same).

    >>> _decimal(Decimal("10570000")).n3()
    '"10570000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> _decimal(Decimal("1.90")).n3()
    '"1.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)
