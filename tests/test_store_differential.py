"""Every shipped query gives the same rows on rdflib and on Oxigraph for the seed graph.

This is what lets policykg answer stores and ``serve`` with Oxigraph (10-60x faster) while the
one-text commands keep rdflib: the engines agree on our queries.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal
from rdflib.namespace import XSD

from policykg.query import named_queries, run_on_store, run_query
from policykg.store import open_store

SEED = Path(__file__).resolve().parents[1] / "examples" / "changchun-2022-interview.txt"
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}


@pytest.fixture(scope="module")
def engines():
    from policykg.pipeline import build

    graph = build([str(SEED)])
    oxigraph = open_store("oxigraph")
    oxigraph.replace("https://w3id.org/policykg/id/document/changchun-2022-interview", graph)
    return graph, oxigraph


def comparable(term):
    """A term as a value both engines must agree on (numbers by value, blank nodes anonymous)."""
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal) and term.datatype in NUMERIC:
        return ("number", Decimal(str(term.toPython())))
    return term


def rows(result) -> Counter:
    if result.kind == "ASK":
        return Counter([result.boolean])
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        return Counter(tuple(comparable(t) for t in triple) for triple in result.triples)
    return Counter(
        tuple(sorted((name, comparable(term)) for name, term in zip(result.variables, row, strict=True)))
        for row in result.rows
    )


def test_there_are_shipped_queries():
    assert len(named_queries()) >= 5


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_rdflib_and_oxigraph_agree(engines, name):
    graph, oxigraph = engines
    text = named_queries()[name].text
    by_rdflib = run_query(graph, text)
    by_oxigraph = run_on_store(oxigraph, text)
    assert by_rdflib.kind == by_oxigraph.kind
    assert set(by_rdflib.variables) == set(by_oxigraph.variables)
    assert rows(by_rdflib) == rows(by_oxigraph)
    assert sum(rows(by_rdflib).values()) > 0 or name.startswith(
        ("figures-above", "promises", "indicator-by-city")
    ), f"{name} found nothing"


CORPUS = {  # hand-written; two texts share a city and an industry, so the union has shared triples
    "a": "Shenyang will build an automobile industry cluster. By 2025, output will exceed RMB 50 billion.\n",
    "b": "Shenyang promoted the automobile industry in 2021; exports rose by 12% year on year.\n",
    "c": "Harbin plans 30 new projects in the biomedicine industry, with investment of RMB 8 billion.\n",
}


@pytest.fixture(scope="module")
def corpus_stores(tmp_path_factory):
    from policykg.corpus import build_corpus

    folder = tmp_path_factory.mktemp("differential")
    for name, text in CORPUS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    memory, oxigraph = open_store("memory"), open_store("oxigraph")
    build_corpus([str(folder)], memory)
    build_corpus([str(folder)], oxigraph)
    return memory, oxigraph


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_a_corpus_in_named_graphs_gives_the_same_rows(corpus_stores, name):
    from policykg.query import PREFIXES

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    memory, oxigraph = corpus_stores
    text = named_queries()[name].text
    by_rdflib, by_oxigraph = memory.query(text, prefixes=prefixes), oxigraph.query(text, prefixes=prefixes)
    assert Counter(map(row_key, by_rdflib.rows)) == Counter(map(row_key, by_oxigraph.rows))


def row_key(row: tuple) -> tuple:
    return tuple(comparable(term) for term in row)


def test_a_corpus_read_back_from_oxigraph_equals_the_built_graph(corpus_stores):
    """Oxigraph's canonical forms (xsd:integer offsets, decimals without .0) are undone on reading."""
    memory, oxigraph = corpus_stores
    built, read_back = set(memory.to_graph()), set(oxigraph.to_graph())
    assert built - read_back == set()
    assert read_back - built == set()
