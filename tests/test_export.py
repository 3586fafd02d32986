"""export.py: every RDF format round-trips, bytes are deterministic and end with one newline."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, assert_isomorphic
from rdflib import Dataset, Graph

from policykg.errors import OutputError
from policykg.export import (
    EXPORT_FORMATS,
    RDF_FORMATS,
    canonical_decimal,
    export_graph,
    guess_format,
    resolve_format,
)
from policykg.namespaces import PK

PARSE_AS = {
    "turtle": "turtle",
    "longturtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "xml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}


def parse(data: bytes, fmt: str) -> Graph:
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(data=data, format=fmt)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=data, format=PARSE_AS[fmt])


def canonical(graph: Graph) -> Graph:
    """The graph with decimals in XSD canonical form, as every export writes them."""
    copy = Graph()
    for s, p, o in graph:
        copy.add((s, p, canonical_decimal(o)))
    return copy


def test_decimals_keep_their_value(mini_graph: Graph) -> None:
    values = sorted(
        Decimal(str(v)) for v in parse(export_graph(mini_graph, "turtle"), "turtle").objects(None, PK.value)
    )
    assert values == [Decimal("12"), Decimal("1500000"), Decimal("20000000000")]


def test_registry_covers_the_formats() -> None:
    assert list(EXPORT_FORMATS) == [
        "turtle", "longturtle", "nt", "nquads", "jsonld", "xml", "trig", "graphml", "gexf",
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_round_trip(mini_graph: Graph, fmt: str) -> None:
    data = export_graph(mini_graph, fmt)
    assert data.endswith(b"\n") and not data.endswith(b"\n\n")
    assert_isomorphic(parse(data, fmt), canonical(mini_graph))
    assert export_graph(parse(data, fmt), fmt) == data


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_round_trip_with_blank_nodes(fmt: str) -> None:
    graph = Graph().parse(
        data="@prefix pk: <https://w3id.org/policykg/ontology#> .\n"
        '<urn:x> pk:evidence [ pk:indicator "a" ] , [ pk:indicator "b" ] ; pk:value 1.50 .\n',
        format="turtle",
    )
    data = export_graph(graph, fmt)
    assert_isomorphic(parse(data, fmt), canonical(graph))
    assert export_graph(graph, fmt) == data


SCRIPT = """
import sys, hashlib
from rdflib import Graph
from policykg.export import EXPORT_FORMATS, canonical_decimal, export_graph
graph = Graph().parse(sys.argv[1])
for name in EXPORT_FORMATS:
    print(name, hashlib.sha256(export_graph(graph, name)).hexdigest())
"""


@pytest.mark.slow
def test_bytes_do_not_depend_on_the_hash_seed(mini_ttl: Path) -> None:
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(mini_ttl)], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_turtle_is_prefixed_and_plain(mini_graph: Graph) -> None:
    text = export_graph(mini_graph, "turtle").decode()
    assert "@prefix pk: <https://w3id.org/policykg/ontology#> ." in text
    assert "pk:value 20000000000" in text


def test_jsonld_has_an_inline_context(mini_graph: Graph) -> None:
    import json

    document = json.loads(export_graph(mini_graph, "jsonld"))
    assert document["@context"]["pk"] == "https://w3id.org/policykg/ontology#"
    assert all(isinstance(value, str) for value in document["@context"].values())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats_have_labels_and_classes(mini_graph: Graph, fmt: str) -> None:
    data = export_graph(mini_graph, fmt)
    assert data.endswith(b"\n")
    assert export_graph(mini_graph, fmt) == data
    root = ET.fromstring(data)
    text = data.decode()
    assert root.tag.endswith(fmt)
    assert "Riverton" in text and "Harbour Park" in text
    assert "City" in text and "Initiative" in text
    assert "lastmodifieddate" not in text


def test_graphml_nodes_and_edges(mini_graph: Graph) -> None:
    import networkx

    from policykg.view.network import to_networkx

    expected = to_networkx(mini_graph)
    path_graph = networkx.parse_graphml(export_graph(mini_graph, "graphml").decode())
    assert sorted(path_graph.nodes) == sorted(str(node) for node in expected.nodes)
    assert sorted(path_graph.edges) == sorted((str(a), str(b)) for a, b in expected.edges)
    labels = {data["label"] for _, data in path_graph.nodes(data=True)}
    assert {"Riverton", "Northland", "software", "Harbour Park"} <= labels


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("a.ttl", "turtle"),
        ("a.nt", "nt"),
        ("a.jsonld", "jsonld"),
        ("a.json", "jsonld"),
        ("a.rdf", "xml"),
        ("a.xml", "xml"),
        ("a.trig", "trig"),
        ("a.nq", "nquads"),
        ("a.graphml", "graphml"),
        ("a.gexf", "gexf"),
        ("a.txt", None),
        ("-", None),
    ],
)
def test_guess_format(path: str, fmt: str | None) -> None:
    assert guess_format(path) == fmt


def test_resolve_format() -> None:
    assert resolve_format("nt", "out.ttl") == "nt"
    assert resolve_format(None, "out.jsonld") == "jsonld"
    assert resolve_format(None, "-") == "turtle"
    assert resolve_format(None, "out/graph") == "turtle"
    with pytest.raises(OutputError) as caught:
        resolve_format(None, "out.bin")
    assert str(caught.value) == (
        "cannot tell the format of 'out.bin' from its extension; "
        "give --format (turtle, longturtle, nt, nquads, jsonld, xml, trig, graphml, gexf)"
    )


def test_unknown_format(mini_graph: Graph) -> None:
    with pytest.raises(OutputError) as caught:
        export_graph(mini_graph, "yaml")
    assert (
        str(caught.value)
        == "unknown format 'yaml'; known: turtle, longturtle, nt, nquads, jsonld, xml, trig, graphml, gexf"
    )


@pytest.mark.parametrize(
    ("fmt", "oxigraph_format"),
    [("turtle", "TURTLE"), ("nt", "N_TRIPLES"), ("xml", "RDF_XML"), ("trig", "TRIG")],
)
def test_an_independent_parser_reads_the_same_triples(
    seed_graph: Graph, fmt: str, oxigraph_format: str
) -> None:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(export_graph(seed_graph, fmt), format=getattr(pyoxigraph.RdfFormat, oxigraph_format))
    assert len(store) == len(seed_graph)


def test_a_graph_rdfxml_cannot_write_is_an_output_error() -> None:
    graph = Graph().parse(data='<urn:a> <http://example.org/1> "x" .', format="turtle")
    with pytest.raises(OutputError) as caught:
        export_graph(graph, "xml")
    assert str(caught.value) == (
        "cannot write the graph as xml: This graph cannot be serialized to a strict format because there is "
        "no valid way to shorten http://example.org/1; choose another --format"
    )
