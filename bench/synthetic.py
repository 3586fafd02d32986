"""Synthetic graphs with a chosen number of resources, for timing the views."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef

PK = "https://w3id.org/policykg/ontology#"
ID = "https://w3id.org/policykg/id/"


def graph_with_nodes(nodes: int) -> Graph:
    """Cities, industries and initiatives (one in twenty a city, one in twenty an industry), linked."""
    graph = Graph()
    cities, industries = max(nodes // 20, 1), max(nodes // 20, 1)
    for kind, count in (
        ("City", cities),
        ("Industry", industries),
        ("Initiative", nodes - cities - industries),
    ):
        for index in range(count):
            node = URIRef(f"{ID}{kind.lower()}/n{index}")
            graph.add((node, RDF.type, URIRef(PK + kind)))
            graph.add((node, RDFS.label, Literal(f"{kind} {index}", lang="en")))
            if kind == "Initiative":
                graph.add((node, URIRef(PK + "undertakenBy"), URIRef(f"{ID}city/n{index % cities}")))
                graph.add((node, URIRef(PK + "concerns"), URIRef(f"{ID}industry/n{index % industries}")))
    return graph
