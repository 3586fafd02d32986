"""The ontology file, the closed PK namespace and the packaged data stay in step."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from policykg.model import PK_IRI
from policykg.namespaces import PK
from policykg.ontology import load_ontology

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_CLASSES = {
    "City", "Province", "Industry", "IndustrialSystem", "CityVision", "Initiative", "Figure", "Target",
    "Result", "Organization", "Person", "Document",
}  # fmt: skip
CONTRACT_PROPERTIES = {
    "locatedIn", "industrialSystem", "pillarIndustry", "emergingIndustry", "vision", "undertakenBy",
    "concerns", "partOf", "hasTarget", "hasResult", "mentionedIn", "evidence", "value", "unit",
    "comparator", "year", "baseline", "direction", "indicator",
}  # fmt: skip
CONTRACT_INDIVIDUALS = {
    "MoreThan",
    "AtLeast",
    "About",
    "AtMost",
    "LessThan",
    "Increase",
    "Decrease",
    "Mu",
    "Times",
}


def declared_terms(graph: Graph) -> set[str]:
    return {str(s)[len(PK_IRI) :] for s in graph.subjects(RDF.type, None) if str(s).startswith(PK_IRI)}


def test_namespace_class_and_ontology_declare_the_same_terms():
    assert declared_terms(load_ontology()) == set(PK.__annotations__)


def test_ontology_declares_the_contract_with_labels_and_comments():
    graph = load_ontology()
    assert CONTRACT_CLASSES | CONTRACT_PROPERTIES | CONTRACT_INDIVIDUALS <= declared_terms(graph)
    for term in declared_terms(graph):
        node = URIRef(PK_IRI + term)
        assert graph.value(node, RDFS.label) is not None, term
        assert graph.value(node, RDFS.comment) is not None, term
    for prop in CONTRACT_PROPERTIES - {"mentionedIn", "evidence", "unit"}:
        assert graph.value(URIRef(PK_IRI + prop), RDFS.domain) is not None, prop
    header = URIRef("https://w3id.org/policykg/ontology")
    assert (header, RDF.type, OWL.Ontology) in graph
    for predicate in (DCTERMS.title, DCTERMS.license, DCTERMS.description, OWL.versionInfo):
        assert graph.value(header, predicate) is not None


def test_mu_states_its_size_in_square_metres():
    graph = load_ontology()
    multiplier = graph.value(PK.Mu, URIRef("http://qudt.org/schema/qudt/conversionMultiplier"))
    assert abs(float(multiplier) - 10000 / 15) < 1e-9


def test_closed_namespace_refuses_typos():
    with pytest.raises(AttributeError):
        PK.pilarIndustry  # noqa: B018


@pytest.mark.slow
def test_wheel_contains_the_ontology_files(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("policykg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for ttl in sorted(p.name for p in (ROOT / "ontology").glob("*.ttl")):
        assert f"policykg/ontology/{ttl}" in names
    assert any(name.startswith("policykg/queries/") and name.endswith(".rq") for name in names)
