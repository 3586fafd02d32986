"""The store back-ends: one interface, named graphs per document, union queries, caps and timeouts."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from policykg.errors import InputError, PolicyKGError, QueryError
from policykg.store import CONTENT_HASH, STORES, open_store, open_target, resolve

EX = "https://example.org/"
DOC_A, DOC_B = EX + "doc/a", EX + "doc/b"


def doc_graph(name: str, label: str, digest: str, value: str = "1.5") -> Graph:
    graph = Graph()
    node = URIRef(name)
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, URIRef(EX + "value"), Literal(value, datatype=XSD.decimal)))
    graph.add((node, URIRef(CONTENT_HASH), Literal(digest)))
    return graph


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    location = tmp_path / ("store.nq" if request.param == "memory" else "db")
    opened = open_store(request.param, str(location))
    yield opened
    opened.close()


def test_replace_keeps_one_named_graph_per_document(store):
    store.replace(DOC_A, doc_graph(DOC_A, "first", "sha256:1"))
    store.replace(DOC_B, doc_graph(DOC_B, "second", "sha256:2"))
    store.replace(DOC_A, doc_graph(DOC_A, "first again", "sha256:3"))
    assert store.hashes() == {DOC_A: "sha256:3", DOC_B: "sha256:2"}
    labels = store.query(f"SELECT ?l WHERE {{ <{DOC_A}> <{RDFS.label}> ?l }}").rows
    assert labels == ((Literal("first again", lang="en"),),)
    assert len(store.to_graph()) == 6


def test_a_triple_two_documents_state_is_seen_once_and_kept_until_both_go(store):
    shared = (URIRef(EX + "city"), RDFS.label, Literal("Shared", lang="en"))
    for name in (DOC_A, DOC_B):
        graph = doc_graph(name, name[-1], "sha256:" + name[-1])
        graph.add(shared)
        store.replace(name, graph)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}city> ?p ?o }}"
    assert store.query(count).rows == ((Literal(1),),)
    store.replace(DOC_A, doc_graph(DOC_A, "a", "sha256:a2"))
    assert store.query(count).rows == ((Literal(1),),)
    store.remove(DOC_B)
    assert store.query(count).rows == ((Literal(0),),)
    assert len(store.to_graph()) == 3


def test_remove_drops_the_graph_and_tolerates_absent_ones(store):
    store.replace(DOC_A, doc_graph(DOC_A, "first", "sha256:1"))
    store.remove(DOC_A)
    store.remove(DOC_B)
    assert store.hashes() == {}
    assert len(store.to_graph()) == 0


def test_replace_ntriples_takes_ntriples_text(store):
    store.replace_ntriples(DOC_A, f'<{DOC_A}> <{CONTENT_HASH}> "sha256:9" .\n')
    assert store.hashes() == {DOC_A: "sha256:9"}


def test_query_kinds_and_prefixes(store):
    store.replace(
        DOC_A, doc_graph(DOC_A, "first", "sha256:1", value="2.5")
    )  # canonical: Oxigraph stores "2.50" as "2.5"
    assert store.query("ASK { ?s ex:value ?v }", prefixes={"ex": EX}).boolean is True
    select = store.query("SELECT ?v WHERE { ?s ex:value ?v }", prefixes={"ex": EX})
    assert (select.kind, select.variables, select.rows) == (
        "SELECT",
        ("v",),
        ((Literal("2.5", datatype=XSD.decimal),),),
    )
    construct = store.query(f"CONSTRUCT {{ ?s <{EX}seen> true }} WHERE {{ ?s <{EX}value> ?v }}")
    assert construct.kind == "CONSTRUCT"
    assert construct.triples == ((URIRef(DOC_A), URIRef(EX + "seen"), Literal(True)),)


def test_row_cap_truncates_and_says_so(store):
    store.replace(DOC_A, doc_graph(DOC_A, "first", "sha256:1"))
    result = store.query("SELECT * WHERE { ?s ?p ?o }", limit=2)
    assert (len(result.rows), result.truncated) == (2, True)
    assert store.query("SELECT * WHERE { ?s ?p ?o }", limit=3).truncated is False


def test_deadline_in_the_past_times_out(store):
    store.replace(DOC_A, doc_graph(DOC_A, "first", "sha256:1"))
    with pytest.raises(QueryError, match="^query timed out: it ran past the per-query timeout"):
        store.query("SELECT * WHERE { ?s ?p ?o }", deadline=0.0)


def test_the_store_persists_across_close_and_open(tmp_path):
    for name, location in (("memory", tmp_path / "s.nq"), ("oxigraph", tmp_path / "db")):
        first = open_store(name, str(location))
        first.replace(DOC_A, doc_graph(DOC_A, "kept", "sha256:1"))
        first.close()
        second = open_store(name, str(location))
        assert second.hashes() == {DOC_A: "sha256:1"}, name
        second.close()


def test_oxigraph_syntax_error_is_a_query_error():
    with pytest.raises(QueryError, match="^SPARQL syntax error: "):
        open_store("oxigraph").query("SELEC * WHERE {}")


def test_oxigraph_answer_with_a_triple_term_is_a_query_error():
    import pyoxigraph as ox

    store = open_store("oxigraph")
    a, b = ox.NamedNode("urn:a"), ox.NamedNode("urn:b")
    store.db.add(ox.Quad(a, b, ox.Triple(a, b, a), ox.NamedNode(DOC_A)))
    store.db.add(ox.Quad(a, b, ox.Triple(a, b, a)))
    message = "holds a term policykg cannot read: no rdflib term for <<( <urn:a> <urn:b> <urn:a> )>>: RDF 1.2"
    with pytest.raises(QueryError, match=f"^the query result {re.escape(message)}"):
        store.query("SELECT ?o WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match=f"^the query result {re.escape(message)}"):
        store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match=f"^the store {re.escape(message)}"):
        store.graphs()
    with pytest.raises(QueryError, match=f"^the store {re.escape(message)}"):
        store.to_graph()
    with pytest.raises(QueryError, match=f"^the store {re.escape(message)}"):
        store.triples(DOC_A)


def test_oxigraph_store_in_use_names_the_path(tmp_path):
    location = tmp_path / "db"
    code = (
        "import sys, time; from policykg.store import open_store; "
        f"s = open_store('oxigraph', {str(location)!r}); print('open', flush=True); time.sleep(5)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        with pytest.raises(
            InputError, match=f"^{location}: cannot open the Oxigraph store: .*another policykg"
        ):
            open_store("oxigraph", str(location))
    finally:
        holder.kill()
        holder.wait()


def test_unknown_back_end_lists_the_known_ones():
    with pytest.raises(
        PolicyKGError, match=r"^unknown store back-end 'neo4j'; known back-ends: memory, oxigraph, remote$"
    ):
        resolve("neo4j")
    assert sorted(STORES) == ["memory", "oxigraph", "remote"]


def test_open_target_picks_by_option(tmp_path):
    assert type(open_target()).__name__ == "MemoryStore"
    oxi = open_target(store=str(tmp_path / "db"))
    assert type(oxi).__name__ == "OxigraphStore"
    oxi.close()
    with pytest.raises(PolicyKGError, match=r"^give either --store PATH or --endpoint URL, not both$"):
        open_target(store="x", endpoint="http://127.0.0.1:1/query")


def test_importing_the_registry_does_not_import_pyoxigraph():
    code = "import policykg.store, sys; assert 'pyoxigraph' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
