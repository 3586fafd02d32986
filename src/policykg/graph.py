"""Turn Extractions into RDF that follows the ontology contract: one named graph per document.

Entities, figures and facts become resources under the ``id/`` base; every mention becomes a NIF
evidence node (``nif:Phrase`` with offsets, anchor and its ``nif:Sentence``); each document is a
``pk:Document`` and ``nif:Context`` carrying its full text.
The ``add_*`` functions add triples to a ``TripleSet``, which holds each triple as the canonical
N-Triples forms of its terms (``policykg.terms``): a build makes no rdflib term at all, and the
writers start from those strings; rdflib terms are made only for what asks for them (iteration).
May import: policykg.model, policykg.namespaces, policykg.iris, policykg.terms, policykg.turtle, policykg.indicators,
rdflib.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from policykg.indicators.notes import Notes, annotate
from policykg.indicators.places import about
from policykg.indicators.triples import notes_triples
from policykg.iris import document_iri
from policykg.model import ID_IRI, PK_IRI, Document, DocumentMeta, Entity, Extraction, Fact, Figure, Span
from policykg.namespaces import NIF, PK, PREFIXES
from policykg.terms import decimal_lexical, from_nt, iri, literal, nt
from policykg.turtle import by_subject

Triple = tuple[str, str, str]
"""A triple as the N-Triples forms of its subject, predicate and object."""


class _Terms:
    """A namespace whose terms come as N-Triples forms, each built once."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        form = nt(getattr(self._namespace, name))  # a closed namespace still refuses an unknown name
        setattr(self, name, form)
        return form

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


RDF, RDFS, XSD, OWL, DCTERMS, SKOS, PROV, NIF, PK = map(
    _Terms, (RDF, RDFS, XSD, OWL, DCTERMS, SKOS, PROV, NIF, PK)
)

LANG = "en"
DEFAULT_GRAPH = ""
"""The name ``Graphs`` gives the default graph (triples that belong to no document)."""


def _forms(triple: tuple[Node, Node, Node]) -> Triple:
    s, p, o = triple
    return nt(s), nt(p), nt(o)


class Triples(dict):
    """A set of ``Triple`` that keeps the order they were added in (a dict of triples to None).

    A build adds each node's triples one after another, so walking them in that order reads memory
    in the order it was written: grouping them by subject (``policykg.turtle``) runs about twice as
    fast as over a ``set``, whose order is the hash's. ``add``, ``update``, ``discard``,
    ``difference_update`` and ``|=`` do what a set's do; ``add`` is ``dict.setdefault`` (no Python call).
    """

    __slots__ = ()

    add = dict.setdefault

    def update(self, triples: Iterable[Triple]) -> None:  # type: ignore[override]
        dict.update(self, triples if isinstance(triples, Triples) else dict.fromkeys(triples))

    def discard(self, triple: Triple) -> None:
        self.pop(triple, None)

    def difference_update(self, triples: Iterable[Triple]) -> None:
        pop = self.pop
        for triple in list(triples):
            pop(triple, None)

    def __ior__(self, triples: Iterable[Triple]) -> Triples:  # type: ignore[override]
        self.update(triples)
        return self


class TripleSet:
    """The triples of one graph, held as N-Triples forms (``nt``: ``Triples``, a set of ``Triple``).

    ``add``, ``discard`` and ``in`` take rdflib triples, as rdflib's ``Graph`` does, and iterating
    gives rdflib terms (made on demand); builds add forms to ``nt`` directly.
    """

    __slots__ = ("nt",)

    def __init__(self) -> None:
        self.nt = Triples()

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.nt.add(_forms(triple))

    def discard(self, triple: tuple[Node, Node, Node]) -> None:
        self.nt.discard(_forms(triple))

    def update(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        if isinstance(triples, TripleSet):
            self.nt |= triples.nt
        else:
            self.nt.update(map(_forms, triples))

    def __contains__(self, triple: object) -> bool:
        return isinstance(triple, tuple) and len(triple) == 3 and _forms(triple) in self.nt

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        terms: dict[str, Node] = {}

        def term(form: str) -> Node:
            found = terms.get(form)
            if found is None:
                found = terms[form] = from_nt(form)
            return found

        for s, p, o in self.nt:
            yield term(s), term(p), term(o)

    def __len__(self) -> int:
        return len(self.nt)

    def lines(self) -> list[str]:
        """One N-Triples line (without its newline) per triple, in no order."""
        return [f"{s} {p} {o} ." for s, p, o in self.nt]

    def sorted_lines(self) -> list[str]:
        """The N-Triples lines (without their newlines) in code-point order, what ``sorted(self.lines())``
        gives: the triples grouped by subject, then each subject's sorted, which sorts faster (see
        ``by_subject``)."""
        return [f"{s} {p} {o} ." for group in by_subject(self.nt) for s, p, o in group]


class Graphs:
    """Named graphs of triples, by graph IRI (``DEFAULT_GRAPH`` for the default graph).

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

    def union(self) -> TripleSet:
        """Every triple of every graph, once (the RDF merge the default graph of a store holds)."""
        if len(self.named) == 1:
            return next(iter(self.named.values()))
        merged = TripleSet()
        for triples in self.named.values():
            merged.nt |= triples.nt
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


def add_extraction(graph: TripleSet, extraction: Extraction) -> None:
    """Add one document's extraction to ``graph``."""
    doc = extraction.document
    alone = not graph.nt  # nothing else in the graph: the extraction alone says which places lack evidence
    add_document(graph, doc, extraction.meta)
    for entity in extraction.entities:
        add_entity(graph, doc, entity)
    for figure in extraction.figures:
        add_figure(graph, doc, figure)
    for fact in extraction.facts:
        add_fact(graph, fact)
    if not alone or _ungrounded(extraction):
        _ground_places(graph, doc)


def _ungrounded(extraction: Extraction) -> bool:
    """Whether a place the extraction's figures are about may lack evidence (no entity of it has spans).

    Spares ``_ground_places`` its scans of the whole graph for most documents (their places are entities).
    """
    if any(fact.predicate == _ABOUT for fact in extraction.facts):
        return True
    named = {entity.key for entity in extraction.entities if entity.spans}
    doc = extraction.document
    return any(
        place is not None and place not in named for place in {about(doc, f) for f in extraction.figures}
    )


def add_document(graph: TripleSet, doc: Document, meta: DocumentMeta) -> str:
    """Add the document's own triples; its node's N-Triples form."""
    node = _document(doc.slug)
    lang = _lang(doc)
    title = meta.title or doc.title
    put = graph.nt.add
    put((node, RDF.type, PK.Document))
    put((node, RDF.type, NIF.Context))
    put((node, RDFS.label, literal(title or doc.source, lang)))
    if doc.language in ("en", "zh"):
        put((node, DCTERMS.language, literal(doc.language)))
    if doc.primary_source:
        put((node, PROV.hadPrimarySource, iri(doc.primary_source)))
    put((node, DCTERMS.source, literal(doc.source)))
    put((node, NIF.isString, literal(doc.text)))
    put((node, NIF.beginIndex, _offset(0)))
    put((node, NIF.endIndex, _offset(len(doc.text))))
    if title:
        put((node, DCTERMS.title, literal(title, lang)))
    if meta.date:
        datatype = XSD.date if len(meta.date) == 10 else XSD.gYear
        put((node, DCTERMS.date, literal(meta.date, datatype=datatype)))
    if meta.publisher:
        put((node, DCTERMS.publisher, literal(meta.publisher)))
    return node


def add_entity(graph: TripleSet, doc: Document, entity: Entity) -> str:
    """Add an entity with its names and evidence; its node's N-Triples form."""
    node = _resource(entity.key)
    put = graph.nt.add
    put((node, RDF.type, PK[entity.kind]))
    put((node, RDFS.label, literal(entity.label, entity.language)))
    for alt in entity.alt_labels:
        if alt != entity.label:
            put((node, SKOS.altLabel, literal(alt, entity.language)))
    for label, lang in entity.other_labels:
        put((node, RDFS.label, literal(label, lang)))
    for same in entity.same_as:  # skos:exactMatch, not owl:sameAs: an OWL reasoner must not merge the two
        put((node, SKOS.exactMatch, iri(same)))
    for predicate, text in entity.properties:
        put((node, iri(predicate), literal(text)))
    _add_provenance(graph, doc, node, entity.spans, sentence=None)
    return node


def add_figure(graph: TripleSet, doc: Document, figure: Figure) -> str:
    """Add a figure with its value, unit, notes and evidence; its node's N-Triples form."""
    node = _resource(figure.key)
    lang = _lang(doc)
    put = graph.nt.add
    put((node, RDF.type, PK.Figure))
    put((node, RDF.type, PK[figure.kind]))
    put((node, RDFS.label, literal(figure.span.anchor, lang)))
    put((node, PK.value, _decimal(figure.value)))
    put((node, PK.unit, _iri(figure.unit)))
    optional = (
        (PK.comparator, figure.comparator and _iri(figure.comparator)),
        (PK.direction, figure.direction and _iri(figure.direction)),
        (PK.baseline, figure.baseline is not None and _decimal(figure.baseline)),
        (PK.minValue, figure.min_value is not None and _decimal(figure.min_value)),
        (PK.maxValue, figure.max_value is not None and _decimal(figure.max_value)),
        (PK.year, figure.year is not None and _year(figure.year)),
        (PK.indicator, figure.indicator and literal(figure.indicator)),
    )
    for predicate, value in optional:
        if value:
            put((node, predicate, value))
    for industry in figure.concerns:
        put((node, PK.concerns, _resource(industry)))
    notes = annotate(doc, figure)  # indicator, aspect, subject, year (policykg.indicators)
    if figure.year is None and notes.year is not None:
        put((node, PK.year, _year(notes.year)))
    own, named = _notes_forms(notes, lang)
    _merge(graph.nt, _fromkeys([(node, p, o) for p, o in own]))  # Triples.update without its Python call
    _merge(graph.nt, _fromkeys(named))
    subject = _resource(figure.subject) if figure.subject else _document(doc.slug)
    if figure.kind != "Figure":  # a threshold ("5000万元以上项目") is about no subject
        put((subject, PK.hasTarget if figure.kind == "Target" else PK.hasResult, node))
    _add_provenance(graph, doc, node, (figure.span,), sentence=figure.sentence)
    return node


_ABOUT = PK_IRI + "about"
_FIGURE = URIRef("urn:x-policykg:figure")
"""Stands for the figure in the cached triples of its notes (``_notes_forms``)."""


@functools.lru_cache(maxsize=1 << 12)
def _notes_forms(notes: Notes, lang: str) -> tuple[tuple[tuple[str, str], ...], tuple[Triple, ...]]:
    """The triples ``notes`` add to a figure, as forms: (predicate, object) of the figure's own, and the
    triples about the indicator and place they name (few distinct notes: cached)."""
    triples = notes_triples(_FIGURE, notes, lang=lang)  # the figure is only ever their subject
    own = tuple((nt(p), nt(o)) for s, p, o in triples if s == _FIGURE)
    return own, tuple(_forms(t) for t in triples if t[0] != _FIGURE)


def _ground_places(graph: TripleSet, doc: Document) -> None:
    """Give evidence to a place that figures are ``pk:about`` but the entity finder did not report.

    The document's own city comes from its folder or opening lines; its first mention by any of its
    names becomes its evidence (the contract: every resource has some). A place the text never names
    keeps its names but loses its class, so it claims to be no extracted entity.
    """
    triples = graph.nt
    about = {o for _, p, o in triples if p == PK.about}
    if not about:
        return
    missing = about - {s for s, p, _ in triples if p == PK.evidence}
    if not missing:
        return
    names: dict[str, set[str]] = {place: set() for place in missing}
    classes: list[Triple] = []
    for triple in triples:
        s, p, o = triple
        if s in names:
            if p == RDFS.label or p == SKOS.altLabel:
                names[s].add(str(from_nt(o)))
            elif p == RDF.type:
                classes.append(triple)
    for place in sorted(missing):
        span = _first_mention(doc.text, sorted(names[place], key=lambda name: (-len(name), name)))
        if span is not None:
            _add_provenance(graph, doc, place, (span,), sentence=None)
        else:
            triples.difference_update(t for t in classes if t[0] == place)


def _first_mention(text: str, names: list[str]) -> Span | None:
    """The earliest occurrence of any of ``names`` in ``text`` (the longest name at a tie)."""
    found = [(text.find(name), -len(name), name) for name in names if name and name in text]
    if not found:
        return None
    begin, _, name = min(found)
    return Span(begin, begin + len(name), name)


def add_fact(graph: TripleSet, fact: Fact) -> None:
    graph.nt.add((_resource(fact.subject), iri(fact.predicate), _resource(fact.object)))


def _add_provenance(
    graph: TripleSet, doc: Document, node: str, spans: Iterable[Span], sentence: Span | None
) -> None:
    doc_node = _document(doc.slug)
    triples = graph.nt
    put = triples.add
    put((node, PK.mentionedIn, doc_node))
    for span in spans:
        evidence = _add_span(triples, doc_node, span, NIF.Phrase)
        put((node, PK.evidence, evidence))
        if sentence is not None:
            put((evidence, NIF.sentence, _add_span(triples, doc_node, sentence, NIF.Sentence)))


def _add_span(triples: Triples, doc_node: str, span: Span, kind: str) -> str:
    """Add the NIF string ``span`` of the document as a ``kind``; its node's N-Triples form.

    A span already there as a ``kind`` has all its triples (a sentence is the evidence of each of its figures).
    """
    node = f"{doc_node[:-1]}#offset_{span.begin}_{span.end}>"  # the NIF offset IRI of policykg.iris.span_iri
    typed = (node, _TYPE, kind)
    if typed not in triples:
        _merge(
            triples,
            _fromkeys(
                (  # in the order the writers sort them in (a sorted run sorts in one pass)
                    (node, _ANCHOR, _anchor(span.anchor)),
                    (node, _BEGIN, _offset(span.begin)),
                    (node, _END, _offset(span.end)),
                    (node, _CONTEXT, doc_node),
                    (node, _TYPE, _OFFSET_STRING),
                    typed,  # nif:Phrase or nif:Sentence
                    (node, _TYPE, _STRING),
                )
            ),
        )
    return node


_merge, _fromkeys = dict.update, dict.fromkeys
"""``Triples.update`` without its Python call (``_add_span`` runs once per mention)."""


_TYPE, _STRING, _OFFSET_STRING = RDF.type, NIF.String, NIF.OffsetBasedString
_CONTEXT, _BEGIN, _END, _ANCHOR = NIF.referenceContext, NIF.beginIndex, NIF.endIndex, NIF.anchorOf


@functools.lru_cache(maxsize=1 << 12)
def _anchor(words: str) -> str:
    """The literal of a span's words (a name is the anchor of each of its mentions)."""
    return literal(words)


@functools.lru_cache(maxsize=1 << 12)
def _document(slug: str) -> str:
    return nt(document_iri(slug))


@functools.lru_cache(maxsize=1 << 16)
def _resource(key: str) -> str:
    return iri(ID_IRI + key)  # nt(resource_iri(key)), without making the URIRef


_iri = functools.lru_cache(maxsize=1 << 12)(iri)
"""``iri`` of the few IRIs that figures repeat (units, comparators, directions)."""


def _lang(doc: Document) -> str:
    """The language tag of a document's own words (English when it is undetermined)."""
    return doc.language if doc.language in ("en", "zh") else LANG


@functools.lru_cache(maxsize=1 << 16)
def _offset(value: int) -> str:
    return f'"{value}"^^{XSD.nonNegativeInteger}'


@functools.lru_cache(maxsize=1 << 10)
def _year(value: int) -> str:
    return f'"{value:04d}"^^{XSD.gYear}'


@functools.lru_cache(maxsize=1 << 12)
def _decimal(value: Decimal) -> str:
    """An exact xsd:decimal literal in XSD canonical form (never a float; Turtle reads it back the same).

    >>> _decimal(Decimal("10570000"))
    '"10570000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> _decimal(Decimal("1.90"))
    '"1.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    return f'"{decimal_lexical(value)}"^^{XSD.decimal}'
