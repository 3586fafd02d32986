"""validate.py + ontology/shapes.ttl: contract graphs conform; each broken rule is reported readably."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from policykg.namespaces import NIF, PK
from policykg.validate import Report, Violation, format_report, validate

ID = "https://w3id.org/policykg/id/"
CITY = URIRef(ID + "city/riverton")
FOREST = URIRef(ID + "figure/mini/forest")
INVEST = URIRef(ID + "figure/mini/invest")
PARK = URIRef(ID + "initiative/harbour-park")
ANCHOR = "nif:anchorOf is not the document text between nif:beginIndex and nif:endIndex"


def broken(graph: Graph, remove: list[tuple] = (), add: list[tuple] = ()) -> Graph:
    copy = Graph()
    copy += graph
    for triple in remove:
        copy.remove(triple)
    for triple in add:
        copy.add(triple)
    return copy


def test_mini_graph_conforms(mini_graph: Graph) -> None:
    report = validate(mini_graph)
    assert report == Report(conforms=True)
    assert format_report(report) == "Conforms: yes (the graph follows the policykg contract shapes)\n"


def test_missing_label(mini_graph: Graph) -> None:
    report = validate(broken(mini_graph, remove=[(CITY, RDFS.label, None)]))
    assert report.violations == (
        Violation(
            "id:city/riverton",
            "id:city/riverton",
            "rdfs:label",
            "has no rdfs:label (every instance of a contract class needs one)",
        ),
    )
    assert format_report(report) == (
        "Conforms: no (1 problem)\n"
        "- <id:city/riverton> rdfs:label: has no rdfs:label (every instance of a contract class needs one)\n"
    )


@pytest.mark.parametrize(
    ("remove", "add", "path", "message"),
    [
        (
            [(FOREST, PK.value, None)],
            [(FOREST, PK.value, Literal(1.5))],
            "pk:value",
            "needs exactly one pk:value typed xsd:decimal",
        ),
        ([(FOREST, PK.unit, None)], [], "pk:unit", "needs exactly one pk:unit, an IRI"),
        (
            [],
            [(FOREST, PK.unit, PK.Times)],
            "pk:unit",
            "needs exactly one pk:unit, an IRI",
        ),
        (
            [],
            [(PARK, PK.hasTarget, FOREST)],
            "^pk:hasTarget|^pk:hasResult",
            "needs exactly one subject (something that pk:hasTarget or pk:hasResult it)",
        ),
        (
            [(CITY, PK.hasTarget, FOREST)],
            [],
            "^pk:hasTarget|^pk:hasResult",
            "needs exactly one subject (something that pk:hasTarget or pk:hasResult it)",
        ),
        (
            [(FOREST, PK.comparator, None)],
            [(FOREST, PK.comparator, PK.Increase)],
            "pk:comparator",
            "pk:comparator is at most one of pk:MoreThan, pk:AtLeast, pk:About, pk:AtMost, pk:LessThan",
        ),
        (
            [(FOREST, PK.year, None)],
            [(FOREST, PK.year, Literal(2025))],
            "pk:year",
            "pk:year is at most one xsd:gYear",
        ),
        (
            [],
            [(FOREST, PK.direction, PK.About)],
            "pk:direction",
            "pk:direction is at most one of pk:Increase, pk:Decrease",
        ),
        (
            [(FOREST, PK.evidence, None)],
            [],
            "pk:evidence",
            "needs at least one pk:evidence node typed nif:String",
        ),
    ],
)
def test_figure_rules(
    mini_graph: Graph, remove: list[tuple], add: list[tuple], path: str, message: str
) -> None:
    report = validate(broken(mini_graph, remove, add))
    assert not report.conforms
    assert [(v.label, v.path, v.message) for v in report.violations] == [
        ("more than 1.5 million mu", path, message)
    ]


def test_figure_is_target_or_result(mini_graph: Graph) -> None:
    report = validate(broken(mini_graph, add=[(FOREST, RDF.type, PK.Result)]))
    messages = {(v.focus, v.message) for v in report.violations}
    assert ("id:figure/mini/forest", "a figure is typed at most one of pk:Target and pk:Result") in messages


def test_a_plain_figure_is_a_threshold_without_subject(mini_graph: Graph) -> None:
    """The contract's plain pk:Figure (5000万元以上项目): neither Target nor Result, no subject."""
    graph = broken(mini_graph, remove=[(FOREST, RDF.type, None), (None, None, FOREST)])
    graph.add((FOREST, RDF.type, PK.Figure))
    report = validate(graph)
    assert [v.message for v in report.violations if v.focus == "id:figure/mini/forest"] == []


def evidence_of(graph: Graph, node: URIRef) -> URIRef:
    return next(iter(graph.objects(node, PK.evidence)))


def test_evidence_offsets(mini_graph: Graph) -> None:
    span = evidence_of(mini_graph, CITY)
    begin = mini_graph.value(span, NIF.beginIndex)
    report = validate(
        broken(
            mini_graph,
            remove=[(span, NIF.endIndex, None)],
            add=[(span, NIF.endIndex, Literal(int(begin) - 1, datatype=XSD.nonNegativeInteger))],
        )
    )
    found = {(v.path, v.message) for v in report.violations}
    assert found == {
        (
            "nif:beginIndex",
            "needs exactly one nif:beginIndex (xsd:nonNegativeInteger) not greater than nif:endIndex",
        ),
        ("nif:anchorOf", f"evidence {span}: {ANCHOR}"),
    }


def test_evidence_anchor_must_match_the_text(mini_graph: Graph) -> None:
    span = evidence_of(mini_graph, CITY)
    report = validate(
        broken(
            mini_graph, remove=[(span, NIF.anchorOf, None)], add=[(span, NIF.anchorOf, Literal("Rivertown"))]
        )
    )
    assert [(v.label, v.path, v.message) for v in report.violations] == [
        ("Riverton Daily", "nif:anchorOf", f"evidence {span}: {ANCHOR}")
    ]


def test_evidence_integer_datatype(mini_graph: Graph) -> None:
    span = evidence_of(mini_graph, CITY)
    begin = mini_graph.value(span, NIF.beginIndex)
    report = validate(
        broken(
            mini_graph,
            remove=[(span, NIF.beginIndex, None)],
            add=[(span, NIF.beginIndex, Literal(int(begin)))],
        )
    )
    assert [(v.path, v.message) for v in report.violations] == [
        (
            "nif:beginIndex",
            "needs exactly one nif:beginIndex (xsd:nonNegativeInteger) not greater than nif:endIndex",
        )
    ]


def test_relation_ranges(mini_graph: Graph) -> None:
    report = validate(broken(mini_graph, add=[(CITY, PK.vision, URIRef(ID + "industry/software"))]))
    assert [(v.label, v.path, v.message) for v in report.violations] == [
        ("Riverton", "pk:vision", "pk:vision must point to a pk:CityVision")
    ]


def test_document_needs_a_source(mini_graph: Graph) -> None:
    from rdflib.namespace import DCTERMS

    report = validate(broken(mini_graph, remove=[(None, DCTERMS.source, None)]))
    assert [(v.label, v.path, v.message) for v in report.violations] == [
        ("Riverton Daily", "dcterms:source", "needs a dcterms:source (the file name or URL it was read from)")
    ]


@pytest.mark.parametrize(
    ("triple", "label", "message"),
    [
        (
            (URIRef(ID + "industry/software"), PK.locatedIn, URIRef(ID + "province/northland")),
            "software",
            "only a pk:City or a pk:Province is pk:locatedIn a province",
        ),
        (
            (CITY, PK.concerns, URIRef(ID + "industry/software")),
            "Riverton",
            "only a pk:Initiative or a pk:Figure pk:concerns an industry",
        ),
        (
            (URIRef(ID + "vision/green-port-city"), PK.hasTarget, FOREST),
            "Green Port City",
            "the subject of a figure is a country, city, province, district, initiative, industry, organization or document",
        ),
    ],
)
def test_relation_subjects(mini_graph: Graph, triple: tuple, label: str, message: str) -> None:
    report = validate(broken(mini_graph, add=[triple]))
    assert (label, message) in {(v.label, v.message) for v in report.violations}


def test_mentioned_in_points_to_a_document(mini_graph: Graph) -> None:
    report = validate(broken(mini_graph, add=[(URIRef("urn:x:span"), PK.mentionedIn, CITY)]))
    assert report.violations == (
        Violation("id:city/riverton", "Riverton", "", "pk:mentionedIn must point to a pk:Document"),
    )
