"""The ontology is OWL 2 DL, and an OWL 2 RL closure of a built graph still follows the shapes (issue 13 item 11).

Three checks: a pure-Python check of the OWL 2 DL restrictions that an RDF ontology file can break
(declarations, typing, datatypes, reserved vocabulary; https://www.w3.org/TR/owl2-syntax/ sections
5, 5.8.1 and 11); the HermiT reasoner (an OWL 2 DL reasoner, through owlready2, when a Java runtime
is installed: ``make test`` installs one) loading the ontology; and owlrl's OWL 2 RL closure of the
seed graph plus the ontology validated against the SHACL shapes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "policykg.ttl"

# The OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps)
DATATYPE_MAP = {
    *(XSD[name] for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
        "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString "
        "token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
    ).split()),
    RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal, OWL.real, OWL.rational,
}  # fmt: skip
RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))
BUILT_IN_PREDICATES = {
    RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.unionOf, OWL.intersectionOf, OWL.oneOf, OWL.disjointWith, OWL.equivalentClass, OWL.inverseOf,
    OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.onClass, OWL.onDataRange,
    OWL.cardinality, OWL.minCardinality, OWL.maxCardinality, OWL.qualifiedCardinality,
    OWL.maxQualifiedCardinality, OWL.minQualifiedCardinality, OWL.members, OWL.distinctMembers,
    OWL.propertyDisjointWith, OWL.equivalentProperty,
}  # fmt: skip
ANNOTATION_BUILT_INS = {
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
}  # fmt: skip
ONTOLOGY_PROPERTIES = {OWL.versionIRI, OWL.imports}
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def declared(graph: Graph, kind: URIRef) -> set:
    return set(graph.subjects(RDF.type, kind))


def dl_problems(graph: Graph) -> list[str]:  # noqa: C901 - one rule per branch reads best
    """Every breach of an OWL 2 DL restriction this check knows, one line each (empty: none found)."""
    problems: list[str] = []
    classes = declared(graph, OWL.Class) | {OWL.Thing, OWL.Nothing}
    datatypes = declared(graph, RDFS.Datatype)
    kinds = {kind: declared(graph, kind) for kind in PROPERTY_KINDS}
    objects, data, annotations = (kinds[k] for k in PROPERTY_KINDS)
    annotations |= ANNOTATION_BUILT_INS
    for prop in set().union(*kinds.values()):
        if sum(prop in kinds[k] for k in PROPERTY_KINDS) > 1:
            problems.append(f"{prop} is declared as more than one kind of property")
    for name in classes & datatypes:
        problems.append(f"{name} is declared both a class and a datatype")
    for s, p, o in graph:
        if isinstance(s, URIRef) and str(s).startswith(RESERVED):
            problems.append(f"reserved vocabulary redefined: {s} {p} {o}")
        if p in BUILT_IN_PREDICATES or p in ONTOLOGY_PROPERTIES:
            continue
        if p not in objects | data | annotations:
            problems.append(f"undeclared property {p}")
        elif p in objects and isinstance(o, Literal):
            problems.append(f"object property {p} has a literal value {o!r}")
        elif p in data and not isinstance(o, Literal):
            problems.append(f"data property {p} has a non-literal value {o}")
        if isinstance(o, Literal) and o.datatype and o.datatype not in DATATYPE_MAP | datatypes:
            problems.append(f"literal {o!r} of {p} has a datatype outside OWL 2's datatype map")
    for s, o in graph.subject_objects(RDF.type):
        if o not in classes and o not in (*PROPERTY_KINDS, OWL.Class, OWL.Ontology, OWL.NamedIndividual,
                                           OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
                                           OWL.TransitiveProperty, OWL.SymmetricProperty, RDFS.Datatype,
                                           OWL.Restriction, OWL.AllDisjointClasses):  # fmt: skip
            problems.append(f"{s} is typed with the undeclared class {o}")
    for s, o in graph.subject_objects(RDFS.subClassOf):
        for name in (s, o):
            if isinstance(name, URIRef) and name not in classes:
                problems.append(f"rdfs:subClassOf uses the undeclared class {name}")
    for prop, cls in graph.subject_objects(RDFS.domain):
        if isinstance(cls, URIRef) and cls not in classes:
            problems.append(f"the domain of {prop} is the undeclared class {cls}")
    for prop, rng in graph.subject_objects(RDFS.range):
        if prop in data and isinstance(rng, URIRef) and rng not in DATATYPE_MAP | datatypes:
            problems.append(f"the range of {prop} is {rng}, outside OWL 2's datatype map")
        if prop in objects and isinstance(rng, URIRef) and rng not in classes:
            problems.append(f"the range of {prop} is the undeclared class {rng}")
    for prop in graph.subjects(RDF.type, OWL.FunctionalProperty):
        if prop not in objects | data:
            problems.append(f"{prop} is functional but neither an object nor a data property")
    return sorted(set(problems))


def test_the_ontology_breaks_no_owl_2_dl_restriction():
    assert dl_problems(Graph().parse(ONTOLOGY)) == []


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (
            "pk:year rdfs:range xsd:gYear .",
            "the range of https://w3id.org/policykg/ontology#year is http://www.w3.org/2001/XMLSchema#gYear, "
            "outside OWL 2's datatype map",
        ),
        (
            "pk:value a owl:ObjectProperty .",
            "https://w3id.org/policykg/ontology#value is declared as more than one kind of property",
        ),
        ("pk:Mu pk:undeclared 1 .", "undeclared property https://w3id.org/policykg/ontology#undeclared"),
        (
            'owl:Thing rdfs:label "thing" .',
            "reserved vocabulary redefined: http://www.w3.org/2002/07/owl#Thing http://www.w3.org/2000/01/rdf-schema#label thing",
        ),
    ],
)
def test_the_check_sees_each_breach(extra, problem):
    prefixes = ONTOLOGY.read_text(encoding="utf-8").split("\n\n", 1)[0]
    graph = Graph().parse(ONTOLOGY).parse(data=prefixes + "\n" + extra, format="turtle")
    assert problem in dl_problems(graph)


@pytest.mark.skipif(
    shutil.which("java") is None, reason="HermiT needs a Java runtime (make test installs one)"
)
def test_an_owl_2_dl_reasoner_loads_the_ontology(tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    owl_file = tmp_path / "policykg.owl"
    Graph().parse(ONTOLOGY).serialize(owl_file, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(owl_file.as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


def test_an_owl_rl_closure_of_the_seed_graph_still_follows_the_shapes(seed_graph):
    import owlrl

    from policykg.validate import format_report, validate

    closure = Graph()
    for triple in seed_graph:
        closure.add(triple)
    closure.parse(ONTOLOGY)
    size = len(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    assert len(closure) > size  # the closure added something (types of super-classes at least)
    report = validate(closure)
    assert report.conforms, format_report(report)


def test_places_link_to_geonames_without_merging_identities(seed_graph):
    from rdflib.namespace import SKOS

    assert not list(seed_graph.triples((None, OWL.sameAs, None)))
    changchun = URIRef("https://w3id.org/policykg/id/city/changchun")
    assert seed_graph.value(changchun, SKOS.exactMatch) == URIRef("https://sws.geonames.org/2038180/")
    assert isinstance(changchun, URIRef) and not isinstance(changchun, BNode)
