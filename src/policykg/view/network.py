"""Project an RDF graph (whole, or a view's selected rows) into a networkx DiGraph.

Nodes are the extracted resources (anything typed with a ``pk:`` class), keyed by IRI, with
GraphML-safe attributes only (strings and numbers): ``label``, ``class`` (the most specific
contract class), ``classes``, ``group`` (the drawing style: pillar and emerging industries apart),
figure attributes and the first evidence (sentence, highlighted span, document). Edges carry the
property IRI(s) and their ontology labels. Shared by the HTML views and ``policykg export
--format graphml|gexf``.
May import: rdflib, ``policykg.namespaces``, ``policykg.view.resources``; networkx inside functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from policykg.namespaces import NIF, PK
from policykg.view.resources import property_labels, styles

if TYPE_CHECKING:
    import networkx

PK_NS = str(PK._NS)
ATTRIBUTE_PROPERTIES = (PK.unit, PK.comparator, PK.direction, PK.evidence)
"""Object properties drawn as tooltip attributes, never as edges."""
Row = tuple[URIRef, URIRef | None, URIRef | None]


def to_networkx(graph: Graph) -> networkx.DiGraph:
    """The whole graph: every extracted resource and every relation between two of them.

    >>> import networkx
    >>> to_networkx(Graph()).number_of_nodes()
    0
    """
    nodes = sorted(resources(graph))
    known = set(nodes)
    rows: list[Row] = [(node, None, None) for node in nodes]
    for subject in nodes:
        for predicate, obj in graph.predicate_objects(subject):
            if obj in known and predicate not in ATTRIBUTE_PROPERTIES and predicate != RDF.type:
                rows.append((subject, predicate, obj))
    return project(graph, rows)


def resources(graph: Graph) -> set[URIRef]:
    """The IRIs typed with a class of the ``pk:`` namespace (evidence spans are ``nif:`` only)."""
    found = set()
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and str(cls).startswith(PK_NS) and cls not in _SKIPPED:
            found.add(subject)
    return found


_SKIPPED = {PK.Comparator, PK.Direction}


def project(graph: Graph, rows: Iterable[Row], lang: str = "en") -> networkx.DiGraph:
    """A DiGraph of the rows ``(subject, property, object)``; a row without property adds a node.

    Node labels are taken in ``lang`` where a resource has one ("zh": 长春 rather than Changchun).
    """
    import networkx

    digraph = networkx.DiGraph()
    edges: dict[tuple[URIRef, URIRef], set[URIRef]] = {}
    for subject, predicate, obj in rows:
        digraph.add_node(subject)
        if predicate is not None and obj is not None:
            digraph.add_node(obj)
            edges.setdefault((subject, obj), set()).add(predicate)
    labels = property_labels()
    for (subject, obj), predicates in sorted(edges.items()):
        ordered = sorted(predicates)
        digraph.add_edge(
            subject,
            obj,
            predicate=" ".join(str(p) for p in ordered),
            label=", ".join(labels.get(str(p), _local_name(p)) for p in ordered),
        )
    roles = _industry_roles(graph)
    for node in list(digraph.nodes):
        digraph.nodes[node].update(node_attributes(graph, node, roles, lang))
    return digraph


def node_attributes(
    graph: Graph, node: URIRef, roles: dict[URIRef, str] | None = None, lang: str = "en"
) -> dict[str, Any]:
    """Label, classes, style group, figure attributes and first evidence of one resource."""
    classes = sorted(_local_name(c) for c in graph.objects(node, RDF.type) if str(c).startswith(PK_NS))
    main = _main_class(classes)
    attributes: dict[str, Any] = {
        "iri": str(node),
        "label": _label(graph, node, lang),
        "class": main,
        "classes": " ".join(classes),
        "group": (roles or {}).get(node, main) if main == "Industry" else main,
    }
    if main in ("Target", "Result", "Figure"):
        attributes.update(figure_attributes(graph, node))
    attributes.update(evidence_attributes(graph, node))
    return attributes


def _main_class(classes: list[str]) -> str:
    """The most specific contract class among a resource's classes (the styles' order decides)."""
    for name in styles()["class_order"]:
        if name in classes:
            return name
    return classes[0] if classes else "Resource"


def _industry_roles(graph: Graph) -> dict[URIRef, str]:
    """Industries named as pillar or emerging in some system (pillar wins when both)."""
    roles: dict[URIRef, str] = {}
    for industry in graph.objects(None, PK.emergingIndustry):
        roles[industry] = "EmergingIndustry"
    for industry in graph.objects(None, PK.pillarIndustry):
        roles[industry] = "PillarIndustry"
    return roles


def figure_attributes(graph: Graph, node: URIRef) -> dict[str, Any]:
    """A figure's value, range, unit, comparator, year, baseline, direction and indicator."""
    attributes: dict[str, Any] = {}
    for name, predicate in (("value", PK.value), ("baseline", PK.baseline)):
        number = _decimal(graph.value(node, predicate))
        if number is not None:
            attributes[name] = float(number)
            attributes[f"{name}_text"] = _plain(number)
    for name, predicate in (("unit", PK.unit), ("comparator", PK.comparator), ("direction", PK.direction)):
        term = graph.value(node, predicate)
        if term is not None:
            attributes[name] = _unit_label(term) if name == "unit" else _term_label(graph, term)
    year = graph.value(node, PK.year)
    if year is not None and str(year)[:4].isdigit():
        attributes["year"] = int(str(year)[:4])
    indicator = graph.value(node, PK.indicator)
    if indicator is not None:
        attributes["indicator"] = str(indicator)
    return attributes


def evidence_attributes(graph: Graph, node: URIRef) -> dict[str, Any]:
    """The first evidence (by document, offset): its sentence, the span inside it, the document."""
    spans = []
    for span in graph.objects(node, PK.evidence):
        begin = _int(graph.value(span, NIF.beginIndex))
        context = graph.value(span, NIF.referenceContext)
        spans.append((str(context), begin, str(span), span, context))
    if not spans:
        return {}
    _, begin, _, span, context = min(spans)
    end = _int(graph.value(span, NIF.endIndex))
    anchor = str(graph.value(span, NIF.anchorOf) or "")
    sentence = graph.value(span, NIF.sentence)
    text, start = anchor, begin
    if sentence is not None and graph.value(sentence, NIF.anchorOf) is not None:
        text = str(graph.value(sentence, NIF.anchorOf))
        start = _int(graph.value(sentence, NIF.beginIndex))
    elif context is not None and graph.value(context, NIF.isString) is not None:
        whole = str(graph.value(context, NIF.isString))
        if whole[begin:end] == anchor:
            start, stop = sentence_around(whole, begin, end)
            text = whole[start:stop]
    mark_begin = max(0, min(len(text), begin - start))
    mark_end = max(mark_begin, min(len(text), mark_begin + (end - begin)))
    attributes: dict[str, Any] = {"sentence": text, "mark_begin": mark_begin, "mark_end": mark_end}
    if context is not None:
        attributes["document"] = _document_title(graph, context)
        attributes["document_iri"] = str(context)
    return attributes


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


def _document_title(graph: Graph, document: Any) -> str:
    """A document's title, else its label, else its source, else its IRI."""
    for predicate in (DCTERMS.title, RDFS.label, DCTERMS.source):
        value = graph.value(document, predicate)
        if value is not None:
            return str(value)
    return str(document)


def _label(graph: Graph, node: URIRef, lang: str = "en") -> str:
    """The ``rdfs:label`` in ``lang`` (else English, else any, else the IRI's last segment); ties: smallest."""
    labels = sorted(graph.objects(node, RDFS.label), key=lambda lit: (_lang_rank(lit, lang), str(lit)))
    return str(labels[0]) if labels else _local_name(node)


def _lang_rank(literal: Any, lang: str = "en") -> int:
    """Labels in ``lang`` first, then English, then untagged, then the rest."""
    language = getattr(literal, "language", None)
    return 0 if language == lang else 1 if language == "en" else 2 if language is None else 3


def _term_label(graph: Graph, term: Any) -> str:
    """A comparator's or direction's label: from the graph, the ontology, or its local name."""
    label = graph.value(term, RDFS.label)
    if label is not None:
        return str(label)
    return property_labels().get(str(term), _local_name(term))


def _unit_label(term: Any) -> str:
    """A short unit symbol from the styles data ("PERCENT" → "%"), else the ontology label."""
    local = _local_name(term)
    return styles()["units"].get(local, property_labels().get(str(term), local))


def _local_name(term: Any) -> str:
    """The part of an IRI after the last ``#`` or ``/``.

    >>> _local_name(URIRef("https://w3id.org/policykg/ontology#pillarIndustry"))
    'pillarIndustry'
    """
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if text else text


def _decimal(term: Any) -> Decimal | None:
    """A literal's decimal value, or None."""
    if not isinstance(term, Literal):
        return None
    try:
        return Decimal(str(term))
    except InvalidOperation:
        return None


def _plain(number: Decimal) -> str:
    """A decimal written without exponent or trailing zeros.

    >>> _plain(Decimal("1.0E+7")), _plain(Decimal("8.20"))
    ('10000000', '8.2')
    """
    text = format(number.normalize(), "f")
    return text


def _int(term: Any) -> int:
    """A literal's integer value (0 when missing or malformed)."""
    try:
        return int(str(term)) if term is not None else 0
    except ValueError:
        return 0
