"""Project RDF (a store's rows, or an rdflib graph) into a networkx DiGraph.

Nodes are the extracted resources (anything typed with a ``pk:`` class), keyed by IRI, with
GraphML-safe attributes only (strings and numbers): ``label``, ``class`` (the most specific
contract class), ``classes``, ``group`` (the drawing style: pillar and emerging industries apart),
figure attributes and the first evidence (sentence, highlighted span, document). Edges carry the
property IRI(s) and their ontology labels. Shared by the HTML views and ``policykg export
--format graphml|gexf``.

The projection reads *plain terms* (``Triples``): an IRI is a ``str``, a blank node ``"_:id"``,
a literal a tuple ``(lexical form, language or None, datatype IRI or None)``; a store hands
them over as it reads them (``OxigraphStore.plain_rows``), so no rdflib term is built on the way.
May import: ``policykg.namespaces``, ``policykg.view.resources``; rdflib and networkx inside functions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from policykg.model import PK_IRI
from policykg.terms import local_name, plain_decimal
from policykg.view.resources import property_labels, styles

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

PK_NS = PK_IRI
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF_TYPE = _RDF + "type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS_TITLE, DCTERMS_SOURCE = "http://purl.org/dc/terms/title", "http://purl.org/dc/terms/source"
NIF_BEGIN, NIF_END = _NIF + "beginIndex", _NIF + "endIndex"
NIF_ANCHOR, NIF_CONTEXT = _NIF + "anchorOf", _NIF + "referenceContext"
NIF_SENTENCE, NIF_STRING = _NIF + "sentence", _NIF + "isString"
PK_EVIDENCE, PK_MENTIONED_IN = PK_IRI + "evidence", PK_IRI + "mentionedIn"
ATTRIBUTE_PROPERTIES = tuple(PK_IRI + name for name in ("unit", "comparator", "direction", "evidence"))
"""Object properties drawn as tooltip attributes, never as edges."""
Term = str | tuple[str, str | None, str | None]
Row = tuple[str, str | None, str | None]


class Triples:
    """A small read-only index of plain-term triples: subject → predicate → objects, in the order added."""

    __slots__ = ("_spo",)

    def __init__(self, triples: Iterable[tuple[Term, Term, Term]] = ()) -> None:
        self._spo: dict[Term, dict[Term, dict[Term, None]]] = {}
        for subject, predicate, obj in triples:
            self._spo.setdefault(subject, {}).setdefault(predicate, {})[obj] = None

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        """The objects of ``subject predicate``, in the order they were added."""
        return list(self._spo.get(subject, {}).get(predicate, ()))

    def value(self, subject: Term, predicate: str) -> Term | None:
        """The first object of ``subject predicate``, or None."""
        return next(iter(self._spo.get(subject, {}).get(predicate, ())), None)

    def has(self, subject: Term, predicate: str, obj: Term) -> bool:
        """Whether the triple is in the index."""
        return obj in self._spo.get(subject, {}).get(predicate, ())

    def subject_objects(self, predicate: str) -> Iterable[tuple[Term, Term]]:
        """Every ``(subject, object)`` linked by ``predicate``."""
        for subject, properties in self._spo.items():
            for obj in properties.get(predicate, ()):
                yield subject, obj

    def subject_properties(self) -> Iterable[tuple[Term, dict[Term, dict[Term, None]]]]:
        """Every subject with its properties (predicate → objects)."""
        return self._spo.items()


def plain(term: Any) -> Term | None:
    """An rdflib term as a plain term (``None`` stays ``None``).

    >>> from rdflib import Literal, URIRef
    >>> plain(URIRef("urn:x")), plain(Literal("长春", lang="zh")), plain(Literal("7.5", datatype=URIRef("urn:d")))
    ('urn:x', ('长春', 'zh', None), ('7.5', None, 'urn:d'))
    """
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return (str(term), term.language, None if term.datatype is None else str(term.datatype))
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def graph_triples(graph: Graph) -> Triples:
    """The plain-term index of an rdflib graph (in the graph's own order)."""
    return Triples((plain(s), plain(p), plain(o)) for s, p, o in graph)


def is_iri(term: Term | None) -> bool:
    """Whether a plain term is an IRI (not a blank node, not a literal)."""
    return isinstance(term, str) and not term.startswith("_:")


def text(term: Term) -> str:
    """The string of a plain term: an IRI itself, a literal's lexical form."""
    return term if isinstance(term, str) else term[0]


def to_networkx(graph: Graph) -> networkx.DiGraph:
    """The whole graph: every extracted resource and every relation between two of them.

    >>> import networkx
    >>> from rdflib import Graph
    >>> to_networkx(Graph()).number_of_nodes()
    0
    """
    triples = graph_triples(graph)
    nodes = sorted(resources(triples))
    known = set(nodes)
    rows: list[Row] = [(node, None, None) for node in nodes]
    for subject in nodes:
        for predicate, objects in triples._spo.get(subject, {}).items():
            if predicate in ATTRIBUTE_PROPERTIES or predicate == RDF_TYPE:
                continue
            rows += [(subject, predicate, obj) for obj in objects if obj in known]
    return project(triples, rows)


def resources(triples: Triples) -> set[str]:
    """The IRIs typed with a class of the ``pk:`` namespace (evidence spans are ``nif:`` only)."""
    return {
        subject
        for subject, cls in triples.subject_objects(RDF_TYPE)
        if is_iri(subject) and isinstance(cls, str) and cls.startswith(PK_NS) and cls not in _SKIPPED
    }


_SKIPPED = {PK_IRI + "Comparator", PK_IRI + "Direction"}


def project(triples: Triples, rows: Iterable[Row], lang: str = "en") -> networkx.DiGraph:
    """A DiGraph of the rows ``(subject, property, object)``; a row without property adds a node.

    ``triples`` holds what the attributes are read from. Node labels are taken in ``lang`` where a
    resource has one ("zh": 长春 rather than Changchun).
    """
    import networkx

    nodes: dict[str, None] = {}  # in the order the rows name them
    edges: dict[tuple[str, str], set[str]] = {}
    for subject, predicate, obj in rows:
        nodes[subject] = None
        if predicate is not None and obj is not None:
            nodes[obj] = None
            edges.setdefault((subject, obj), set()).add(predicate)
    roles = _industry_roles(triples)
    digraph = networkx.DiGraph()
    digraph.add_nodes_from((node, node_attributes(triples, node, roles, lang)) for node in nodes)
    names: dict[frozenset[str], dict[str, str]] = {}
    for (subject, obj), predicates in sorted(edges.items()):
        key = frozenset(predicates)
        if key not in names:
            names[key] = _edge_names(sorted(predicates))
        digraph.add_edge(subject, obj, **names[key])
    return digraph


def _edge_names(predicates: list[str]) -> dict[str, str]:
    """An edge's ``predicate`` (the IRIs) and ``label`` (their ontology labels) attributes."""
    labels = property_labels()
    return {
        "predicate": " ".join(predicates),
        "label": ", ".join(labels[p] if p in labels else _local_name(p) for p in predicates),
    }


def node_attributes(
    triples: Triples, node: str, roles: dict[Term, str] | None = None, lang: str = "en"
) -> dict[str, Any]:
    """Label, classes, style group, figure attributes and first evidence of one resource."""
    classes = sorted(_local_name(c) for c in triples.objects(node, RDF_TYPE) if _in_pk(c))
    main = _main_class(classes)
    attributes: dict[str, Any] = {
        "iri": node,
        "label": _label(triples, node, lang),
        "class": main,
        "classes": " ".join(classes),
        "group": (roles or {}).get(node, main) if main == "Industry" else main,
    }
    if main in ("Target", "Result", "Figure"):
        attributes.update(figure_attributes(triples, node))
    attributes.update(evidence_attributes(triples, node))
    return attributes


def _in_pk(term: Term) -> bool:
    return isinstance(term, str) and term.startswith(PK_NS)


def _main_class(classes: list[str]) -> str:
    """The most specific contract class among a resource's classes (the styles' order decides)."""
    for name in styles()["class_order"]:
        if name in classes:
            return name
    return classes[0] if classes else "Resource"


def _industry_roles(triples: Triples) -> dict[Term, str]:
    """Industries named as pillar or emerging in some system (pillar wins when both)."""
    roles: dict[Term, str] = {}
    for _, industry in triples.subject_objects(PK_IRI + "emergingIndustry"):
        roles[industry] = "EmergingIndustry"
    for _, industry in triples.subject_objects(PK_IRI + "pillarIndustry"):
        roles[industry] = "PillarIndustry"
    return roles


def figure_attributes(triples: Triples, node: str) -> dict[str, Any]:
    """A figure's value, range, unit, comparator, year, baseline, direction and indicator."""
    attributes: dict[str, Any] = {}
    for name in ("value", "baseline"):
        number = _decimal(triples.value(node, PK_IRI + name))
        if number is not None:
            attributes[name] = float(number)
            attributes[f"{name}_text"] = plain_decimal(str(number))
    for name in ("unit", "comparator", "direction"):
        term = triples.value(node, PK_IRI + name)
        if term is not None:
            attributes[name] = _unit_label(term) if name == "unit" else _term_label(triples, term)
    year = triples.value(node, PK_IRI + "year")
    if year is not None and text(year)[:4].isdigit():
        attributes["year"] = int(text(year)[:4])
    indicator = triples.value(node, PK_IRI + "indicator")
    if indicator is not None:
        attributes["indicator"] = text(indicator)
    return attributes


def first_evidence(spans: Iterable[tuple[str, Term | None, Term | None]]) -> str:
    """The span ``evidence_attributes`` shows of ``(span, context, begin)``: by document, then offset."""
    return min((_str(context), _int(begin), _str(span), span) for span, context, begin in spans)[3]


def evidence_attributes(triples: Triples, node: str) -> dict[str, Any]:
    """The first evidence (by document, offset): its sentence, the span inside it, the document."""
    spans = []
    for span in triples.objects(node, PK_EVIDENCE):
        begin = _int(triples.value(span, NIF_BEGIN))
        context = triples.value(span, NIF_CONTEXT)
        spans.append((_str(context), begin, _str(span), span, context))
    if not spans:
        return {}
    _, begin, _, span, context = min(spans)
    end = _int(triples.value(span, NIF_END))
    anchor = _str(triples.value(span, NIF_ANCHOR) or "")
    sentence = triples.value(span, NIF_SENTENCE)
    found, start = anchor, begin
    if sentence is not None and triples.value(sentence, NIF_ANCHOR) is not None:
        found = _str(triples.value(sentence, NIF_ANCHOR))
        start = _int(triples.value(sentence, NIF_BEGIN))
    elif context is not None and triples.value(context, NIF_STRING) is not None:
        whole = _str(triples.value(context, NIF_STRING))
        if whole[begin:end] == anchor:
            start, stop = sentence_around(whole, begin, end)
            found = whole[start:stop]
    mark_begin = max(0, min(len(found), begin - start))
    mark_end = max(mark_begin, min(len(found), mark_begin + (end - begin)))
    attributes: dict[str, Any] = {"sentence": found, "mark_begin": mark_begin, "mark_end": mark_end}
    if context is not None:
        attributes["document"] = _document_title(triples, context)
        attributes["document_iri"] = _str(context)
    return attributes


def _str(term: Term | None) -> str:
    """What ``str()`` gave of the rdflib term: "None" for None, "_:" dropped from a blank node."""
    if term is None:
        return "None"
    if isinstance(term, str):
        return term[2:] if term.startswith("_:") else term
    return term[0]


SENTENCE_ENDS = (". ", "? ", "! ", "\n", "\u3002")
CONTEXT_LIMIT = 400


def sentence_around(text: str, begin: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[begin:end]`` (when evidence has no ``nif:sentence``), at most
    ``CONTEXT_LIMIT`` characters either side.

    >>> text = "First one. Second one here. Third."
    >>> start, stop = sentence_around(text, 18, 21)
    >>> text[start:stop]
    'Second one here.'
    >>> sentence_around("Title" + chr(10) + "Body", 0, 5)
    (0, 5)
    """
    starts = [found + len(mark) for mark in SENTENCE_ENDS if (found := text.rfind(mark, 0, begin)) >= 0]
    start = max([*starts, begin - CONTEXT_LIMIT, 0])
    stops = [found + len(mark.rstrip()) for mark in SENTENCE_ENDS if (found := text.find(mark, end)) >= 0]
    stop = min([*stops, len(text), end + CONTEXT_LIMIT])
    while start < begin and text[start].isspace():
        start += 1
    return start, max(stop, end)


def _document_title(triples: Triples, document: Term) -> str:
    """A document's title, else its label, else its source, else its IRI."""
    for predicate in (DCTERMS_TITLE, RDFS_LABEL, DCTERMS_SOURCE):
        value = triples.value(document, predicate)
        if value is not None:
            return _str(value)
    return _str(document)


def _label(triples: Triples, node: str, lang: str = "en") -> str:
    """The ``rdfs:label`` in ``lang`` (else English, else any, else the IRI's last segment); ties: smallest."""
    labels = triples.objects(node, RDFS_LABEL)
    if len(labels) > 1:
        labels.sort(key=lambda term: (_lang_rank(term, lang), _str(term)))
    return _str(labels[0]) if labels else _local_name(node)


def _lang_rank(term: Term, lang: str = "en") -> int:
    """Labels in ``lang`` first, then English, then untagged, then the rest."""
    language = None if isinstance(term, str) else term[1]
    return 0 if language == lang else 1 if language == "en" else 2 if language is None else 3


def _term_label(triples: Triples, term: Term) -> str:
    """A comparator's or direction's label: from the graph, the ontology, or its local name."""
    label = triples.value(term, RDFS_LABEL)
    if label is not None:
        return _str(label)
    return property_labels().get(_str(term), _local_name(term))


def _unit_label(term: Term) -> str:
    """A short unit symbol from the styles data ("PERCENT" → "%"), else the ontology label."""
    local = _local_name(term)
    return styles()["units"].get(local, property_labels().get(_str(term), local))


def _local_name(term: Term) -> str:
    """The part of an IRI after the last ``#`` or ``/``.

    >>> _local_name("https://w3id.org/policykg/ontology#pillarIndustry")
    'pillarIndustry'
    """
    return _local(_str(term))


_local = functools.lru_cache(maxsize=4096)(local_name)


def _decimal(term: Term | None) -> Decimal | None:
    """A literal's decimal value, or None."""
    if not isinstance(term, tuple):
        return None
    try:
        return Decimal(term[0])
    except InvalidOperation:
        return None


def _int(term: Term | None) -> int:
    """A literal's integer value (0 when missing or malformed)."""
    try:
        return int(_str(term)) if term is not None else 0
    except ValueError:
        return 0
