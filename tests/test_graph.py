"""graph.py writes an Extraction as exactly the triples the ontology contract asks for."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from policykg.graph import build_graph
from policykg.model import PK_IRI, Document, DocumentMeta, Entity, Extraction, Fact, Figure, Span
from policykg.namespaces import NIF, PK, UNIT

TEXT = "Harbin will plant 3 million mu of soybeans. Harbin grew 5% in 2021."
ID = "https://w3id.org/policykg/id/"
DOC = URIRef(ID + "document/mini")


def span(text: str, start: int = 0) -> Span:
    begin = TEXT.index(text, start)
    return Span(begin, begin + len(text), text)


def extraction() -> Extraction:
    doc = Document(text=TEXT, source="mini.txt", slug="mini")
    city = Entity(
        key="city/harbin",
        kind="City",
        label="Harbin",
        spans=(span("Harbin"), span("Harbin", 10)),
        alt_labels=("Harbin City",),
        same_as=("https://sws.geonames.org/2037013/",),
    )
    industry = Entity(key="industry/soybean", kind="Industry", label="soybeans", spans=(span("soybeans"),))
    target = Figure(
        key="figure/mini/18",
        kind="Target",
        value=Decimal("3000000"),
        unit=PK_IRI + "Mu",
        span=span("3 million mu"),
        sentence=span("Harbin will plant 3 million mu of soybeans."),
        subject="city/harbin",
        indicator="soybeans",
        concerns=("industry/soybean",),
    )
    result = Figure(
        key="figure/mini/56",
        kind="Result",
        value=Decimal("5.0"),
        unit="http://qudt.org/vocab/unit/PERCENT",
        span=span("grew 5%"),
        sentence=span("Harbin grew 5% in 2021."),
        subject=None,
        year=2021,
        direction=PK_IRI + "Increase",
    )
    fact = Fact("city/harbin", PK_IRI + "concerns", "industry/soybean")
    meta = DocumentMeta(title="Mini", date="2022-01-12", publisher="Test Press")
    return Extraction(doc, meta, (city, industry), (target, result), (fact,))


def test_figures_carry_exact_values_units_and_subjects():
    g = build_graph([extraction()])
    target = URIRef(ID + "figure/mini/18")
    result = URIRef(ID + "figure/mini/56")
    assert set(g.objects(target, RDF.type)) == {PK.Figure, PK.Target}
    assert g.value(target, PK.value) == Literal("3000000.0", datatype=XSD.decimal)
    assert g.value(target, PK.unit) == PK.Mu
    assert g.value(target, PK.indicator) == Literal("soybeans")
    assert g.value(target, PK.concerns) == URIRef(ID + "industry/soybean")
    assert (URIRef(ID + "city/harbin"), PK.hasTarget, target) in g
    assert g.value(result, PK.value) == Literal("5.0", datatype=XSD.decimal)
    assert g.value(result, PK.year) == Literal("2021", datatype=XSD.gYear)
    assert g.value(result, PK.direction) == PK.Increase
    assert g.value(result, PK.unit) == UNIT.PERCENT
    # no subject: the figure hangs on its document, so it still has exactly one subject
    assert list(g.subjects(PK.hasResult, result)) == [DOC]


def test_every_mention_is_a_nif_span_with_exact_offsets():
    g = build_graph([extraction()])
    city = URIRef(ID + "city/harbin")
    evidence = sorted(g.objects(city, PK.evidence))
    assert evidence == [URIRef(ID + "document/mini#offset_0_6"), URIRef(ID + "document/mini#offset_44_50")]
    for node in evidence:
        begin, end = int(g.value(node, NIF.beginIndex)), int(g.value(node, NIF.endIndex))
        assert TEXT[begin:end] == str(g.value(node, NIF.anchorOf)) == "Harbin"
        assert g.value(node, NIF.referenceContext) == DOC
        assert g.value(node, NIF.beginIndex).datatype == XSD.nonNegativeInteger
    phrase = URIRef(ID + "document/mini#offset_18_30")
    sentence = g.value(phrase, NIF.sentence)
    assert sentence == URIRef(ID + "document/mini#offset_0_43")
    assert str(g.value(sentence, NIF.anchorOf)) == "Harbin will plant 3 million mu of soybeans."
    assert (sentence, RDF.type, NIF.Sentence) in g


def test_entities_and_document_metadata():
    g = build_graph([extraction()])
    city = URIRef(ID + "city/harbin")
    assert (city, RDF.type, PK.City) in g
    assert g.value(city, RDFS.label) == Literal("Harbin", lang="en")
    assert g.value(city, SKOS.altLabel) == Literal("Harbin City", lang="en")
    assert g.value(city, SKOS.exactMatch) == URIRef("https://sws.geonames.org/2037013/")
    assert g.value(city, PK.mentionedIn) == DOC
    assert (city, PK.concerns, URIRef(ID + "industry/soybean")) in g
    assert {*g.objects(DOC, RDF.type)} == {PK.Document, NIF.Context}
    assert g.value(DOC, DCTERMS.date) == Literal("2022-01-12", datatype=XSD.date)
    assert g.value(DOC, DCTERMS.publisher) == Literal("Test Press")
    assert g.value(DOC, DCTERMS.source) == Literal("mini.txt")
    assert str(g.value(DOC, NIF.isString)) == TEXT


def test_turtle_is_byte_identical_across_builds_and_parses_in_oxigraph():
    import pyoxigraph

    first = build_graph([extraction()]).serialize(format="turtle")
    second = build_graph([extraction()]).serialize(format="turtle")
    assert first == second
    store = pyoxigraph.Store()
    store.load(first.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(data=first, format="turtle"))
