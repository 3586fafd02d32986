"""``run_on_store``: the checked query runs on the store's own engine and gives a neutral QueryResult."""

from __future__ import annotations

import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from policykg.errors import QueryError, RowCapError
from policykg.query import checked, result_graph, run_on_store, run_query
from policykg.store import open_store

PK = "https://w3id.org/policykg/ontology#"
EX = "https://example.org/"


def sample() -> Graph:
    graph = Graph()
    for name, label in (("north", "North Town"), ("south", "South Bay"), ("west", "West End")):
        node = URIRef(EX + name)
        graph.add((node, RDF.type, URIRef(PK + "City")))
        graph.add((node, RDFS.label, Literal(label, lang="en")))
    return graph


@pytest.fixture(params=["memory", "oxigraph"])
def store(request):
    opened = open_store(request.param)
    opened.replace(EX + "doc", sample())
    yield opened
    opened.close()


def test_select_uses_the_predeclared_prefixes_and_gives_rdflib_terms(store):
    result = run_on_store(store, "SELECT ?label WHERE { ?c a pk:City ; rdfs:label ?label } ORDER BY ?label")
    assert result.kind == "SELECT"
    assert result.variables == ("label",)
    assert result.rows == tuple(
        (Literal(name, lang="en"),) for name in ("North Town", "South Bay", "West End")
    )


def test_select_star_columns_follow_the_text_like_run_query(store):
    text = "SELECT * WHERE { ?z rdfs:label ?a . FILTER (STR(?a) = 'West End') }"
    on_store = run_on_store(store, text)
    assert on_store.variables == ("z", "a")
    assert on_store.rows == ((URIRef(EX + "west"), Literal("West End", lang="en")),)
    assert on_store == run_query(sample(), text)


def test_ask_and_construct(store):
    assert run_on_store(store, f"ASK {{ <{EX}north> a pk:City }}").boolean is True
    assert run_on_store(store, f"ASK {{ <{EX}east> a pk:City }}").boolean is False
    built = run_on_store(store, "CONSTRUCT { ?c a pk:Place } WHERE { ?c a pk:City }")
    assert built.kind == "CONSTRUCT"
    assert set(built.triples) == {
        (URIRef(EX + n), RDF.type, URIRef(PK + "Place")) for n in ("north", "south", "west")
    }
    assert len(built.triples) == 3
    assert dict(result_graph(built).namespaces())["pk"] == URIRef(PK)
    described = run_on_store(store, f"DESCRIBE <{EX}north>")
    assert described.kind == "DESCRIBE"
    assert set(described.triples) == set(sample().triples((URIRef(EX + "north"), None, None)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SPARQL Update is refused"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM is refused"),
    ],
)
def test_unsafe_queries_are_refused_before_the_store_runs_them(store, text, message):
    with pytest.raises(QueryError, match=message):
        run_on_store(store, text)
    assert run_on_store(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == ((Literal(6),),)


def test_row_cap_raises_with_the_cap_in_the_message(store):
    with pytest.raises(RowCapError, match=r"^the query returns more than 2 rows, the row cap: add LIMIT"):
        run_on_store(store, "SELECT ?c WHERE { ?c a pk:City }", limit=2)
    assert len(run_on_store(store, "SELECT ?c WHERE { ?c a pk:City }", limit=3).rows) == 3


def test_a_past_deadline_times_out(store):
    with pytest.raises(QueryError, match="^query timed out"):
        run_on_store(store, "SELECT ?c WHERE { ?c a pk:City }", deadline=time.monotonic() - 1)


def test_the_safety_check_is_cached_per_text():
    text = "SELECT ?s WHERE { ?s a pk:Initiative } # cache probe"
    before = checked.cache_info().hits
    assert checked(text)[0] == "SELECT"
    assert checked(text)[0] == "SELECT"
    assert checked.cache_info().hits == before + 1
