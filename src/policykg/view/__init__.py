"""Interactive HTML views of a graph: the registry of views and ``write_view``.

A view is a named selection query (``policykg/queries/view-<name>.rq``, rows ``?s ?p ?o``) plus a
title, a one-line description and a layout. ``select_view`` runs the query and projects the rows
into networkx; ``write_view`` draws that as one self-contained HTML page.
May import: rdflib, ``policykg.errors``, ``policykg.namespaces``, ``policykg.view.*``;
networkx and pyvis only inside functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from policykg.errors import InputError, QueryError
from policykg.namespaces import PK

if TYPE_CHECKING:
    import networkx


@dataclass(frozen=True, slots=True)
class View:
    """A named view: how it is selected, titled and laid out."""

    name: str
    title: str
    description: str
    layout: str  # "radial" (places in the middle, rings around) or "physics"


VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View(
            "industries",
            "Industries",
            "Each city with its industrial systems (pillar and emerging industries), its city visions, "
            "and the initiatives and figures attached to those industries.",
            "radial",
        ),
        View(
            "initiatives",
            "Initiatives",
            "Initiatives with their targets and results, the industries they concern and who undertakes them.",
            "physics",
        ),
        View("full", "Full graph", "Everything extracted, for smaller graphs.", "physics"),
    )
}
DEFAULT_VIEW = "industries"

__all__ = ["DEFAULT_VIEW", "VIEWS", "View", "get_view", "select_view", "write_view"]


def get_view(name: str) -> View:
    """The registered view called ``name``; an unknown name lists the known ones."""
    try:
        return VIEWS[name]
    except KeyError:
        known = ", ".join(sorted(VIEWS))
        raise QueryError(f"unknown view {name!r}; known views: {known} (choose one with --view)") from None


def select_view(graph: Graph, name: str = DEFAULT_VIEW, document: str | None = None) -> networkx.DiGraph:
    """The view's selection as a DiGraph, optionally only what ``document`` mentions."""
    from policykg.query import run_query
    from policykg.view.network import project
    from policykg.view.resources import selection_query

    get_view(name)
    rows = []
    for subject, predicate, obj in run_query(graph, selection_query(name)).rows:
        if isinstance(subject, URIRef):
            rows.append((subject, predicate, obj if isinstance(obj, URIRef) else None))
    # sorted here, not by the query: ORDER BY costs Oxigraph 30x on a corpus, and the page must not vary
    rows.sort(key=lambda row: tuple("" if term is None else str(term) for term in row))
    if document is not None:
        rows = _within(graph, rows, find_document(graph, document))
    return project(graph, rows)


def find_document(graph: Graph, document: str) -> URIRef:
    """The ``pk:Document`` whose IRI is ``document`` or ends with ``/document``; else list the known."""
    known = sorted(d for d in graph.subjects(RDF.type, PK.Document) if isinstance(d, URIRef))
    for iri in known:
        if str(iri) == document or str(iri).endswith("/" + document.strip("/")):
            return iri
    names = ", ".join(str(iri).rsplit("/", 1)[-1] for iri in known) or "none (the graph has no pk:Document)"
    raise InputError(f"no document {document!r} in the graph; known documents: {names} (see --document)")


def _within(graph: Graph, rows: list, document: URIRef) -> list:
    """The rows whose resources are the document or are ``pk:mentionedIn`` it."""

    def inside(node: URIRef | None) -> bool:
        return node is None or node == document or (node, PK.mentionedIn, document) in graph

    return [row for row in rows if inside(row[0]) and inside(row[2])]


def write_view(graph: Graph, name: str = DEFAULT_VIEW, document: str | None = None) -> bytes:
    """The view as one self-contained, offline, escaped, deterministic UTF-8 HTML page."""
    from policykg.view.html import render

    view = get_view(name)
    subtitle = None
    if document is not None:
        iri = find_document(graph, document)
        subtitle = str(graph.value(iri, DCTERMS.title) or document)
    return render(select_view(graph, name, document), view, subtitle=subtitle)
