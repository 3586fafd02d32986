"""One road from DATA to a store (issue 10) and the same answers from every back-end (issue 13, items 2-3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from rdflib import Dataset, Graph

from policykg.cli import cli
from policykg.export import as_graphs
from policykg.query import format_result, run_on_store, run_query
from policykg.store import open_store

TIES = """\
@prefix pk: <https://w3id.org/policykg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:c> pk:value "3.0"^^xsd:decimal ; pk:indicator "x" .
<urn:a> pk:value "3"^^xsd:decimal ; pk:indicator "x" .
<urn:b> pk:value 12.50 ; pk:indicator "x" .
<urn:d> pk:value 1.0 ; pk:indicator "y" .
"""
QUERIES = [
    "SELECT ?s ?v WHERE { ?s pk:value ?v }",
    "SELECT ?i ?v ?s WHERE { ?s pk:value ?v ; pk:indicator ?i } ORDER BY ?i",
    "SELECT ?i (SUM(?v) AS ?total) WHERE { ?s pk:value ?v ; pk:indicator ?i } GROUP BY ?i ORDER BY DESC(?total)",
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_same_query_same_bytes_whatever_the_back_end(text: str, fmt: str) -> None:
    graph = Graph().parse(data=TIES, format="turtle")
    outputs = {
        "rdflib": format_result(
            run_query(graph, "PREFIX pk: <https://w3id.org/policykg/ontology#>\n" + text), fmt
        )
    }
    for engine in ("oxigraph", "memory"):
        store = open_store(engine)
        store.load(as_graphs(graph))
        outputs[engine] = format_result(run_on_store(store, text), fmt)
    assert len(set(outputs.values())) == 1, outputs
    if fmt != "table":  # the table prints decimals for people: 3, 12.5
        assert any(value in outputs["rdflib"] for value in ("3.0", "6.0", "18.5"))


def test_decimals_print_in_one_form(tmp_path: Path) -> None:
    data = tmp_path / "ties.ttl"
    data.write_text(TIES, encoding="utf-8")
    code, out = run("query", str(data), "--format", "csv", "-q", "SELECT ?v WHERE { <urn:a> pk:value ?v }")
    assert (code, out.split()) == (0, ["v", "3.0"])


@pytest.mark.slow
def test_export_from_a_store_keeps_one_graph_per_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("baotou-2023-interview.txt", "wuhu-2023-work-report.txt"):
        shutil.copy(ROOT / "tests" / "data" / name, corpus / name)
    store = tmp_path / "store"
    assert run("build", str(corpus), "--store", str(store))[0] == 0
    for fmt in ("trig", "nquads"):
        out = tmp_path / ("all.trig" if fmt == "trig" else "all.nq")
        assert run("export", "--store", str(store), "--format", fmt, "-o", str(out)) == (0, "")
        dataset = Dataset()
        dataset.parse(out, format=fmt)
        names = sorted(str(g.identifier).rsplit("/", 1)[-1] for g in dataset.graphs() if len(g))
        assert names == ["baotou-2023-interview", "wuhu-2023-work-report"]
        code, answer = run(
            "query", str(out), "--format", "csv", "-q", "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
        )
        assert code == 0 and len(answer.split()) == 3, answer


def _seed_store(seed_graph: Graph):
    store = open_store("oxigraph")
    store.load(as_graphs(seed_graph))
    return store


def test_stats_are_the_same_whatever_the_engine(seed_graph: Graph) -> None:
    from policykg.stats import compute_stats

    memory = open_store("memory")
    memory.load(as_graphs(seed_graph))
    on_oxigraph = compute_stats(_seed_store(seed_graph), top=10)
    assert on_oxigraph == compute_stats(memory, top=10)
    assert on_oxigraph.triples == len(seed_graph)
    assert len(on_oxigraph.connected) == 10


def test_a_store_view_reads_only_the_evidence_each_node_shows(seed_graph: Graph) -> None:
    from rdflib import URIRef

    from policykg.namespaces import PK
    from policykg.view import _rows, neighbourhood
    from policykg.view.network import PK_EVIDENCE, Triples, evidence_attributes, plain
    from policykg.view.resources import selection_query

    store = _seed_store(seed_graph)
    rows = _rows(store, selection_query("industries"))
    read = neighbourhood(store, rows)
    whole = Triples([tuple(map(plain, triple)) for triple in seed_graph])
    city = "https://w3id.org/policykg/id/city/changchun"
    assert len(list(seed_graph.objects(URIRef(city), PK.evidence))) > 1  # it has more than it shows
    assert len(list(read.objects(city, PK_EVIDENCE))) == 1
    assert evidence_attributes(read, city) == evidence_attributes(whole, city)
    assert evidence_attributes(read, city)["sentence"].startswith("Interview with Zhang Zhijun")


@pytest.mark.parametrize("name", ["industries", "initiatives", "full"])
def test_views_select_on_a_store_as_on_the_graph(seed_graph: Graph, name: str) -> None:
    from policykg.view import select_view

    on_store = select_view(_seed_store(seed_graph), name)
    on_graph = select_view(seed_graph, name)
    assert sorted(on_store.nodes(data=True)) == sorted(on_graph.nodes(data=True))
    assert sorted(on_store.edges(data=True)) == sorted(on_graph.edges(data=True))
