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

    from policykg.store import Store


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


def select_view(
    source: Graph | Store, name: str = DEFAULT_VIEW, document: str | None = None, lang: str | None = None
) -> networkx.DiGraph:
    """The view's selection as a DiGraph, optionally only what ``document`` mentions.

    ``source`` is an rdflib graph or a store; on a store the rows are selected by its own engine and
    only the selected resources' neighbourhood (labels, figures, evidence) is read back. Labels are
    in ``lang`` where a resource has one (default: the language most documents are written in).
    """
    from policykg.query import DOCUMENT_LANGUAGES, documents_language, run_on_store, run_query
    from policykg.view.network import project
    from policykg.view.resources import selection_query

    get_view(name)
    text = selection_query(name)
    run = run_query if isinstance(source, Graph) else run_on_store
    answer = run(source, text)
    lang = lang or documents_language(run(source, DOCUMENT_LANGUAGES))
    rows = []
    for subject, predicate, obj in answer.rows:
        if isinstance(subject, URIRef):
            rows.append((subject, predicate, obj if isinstance(obj, URIRef) else None))
    # sorted here, not by the query: ORDER BY costs Oxigraph 30x on a corpus, and the page must not vary
    rows.sort(key=lambda row: tuple("" if term is None else str(term) for term in row))
    graph = source if isinstance(source, Graph) else neighbourhood(source, rows)
    if document is not None:
        rows = _within(graph, rows, find_document(source, document))
    return project(graph, rows, lang)


NEIGHBOURHOOD = """\
CONSTRUCT {{ ?n ?p ?o . ?e ?ep ?eo . ?c ?cp ?co . ?s ?sp ?so . ?x ?role ?n }}
WHERE {{
  VALUES ?n {{ {nodes} }}
  {{ ?n ?p ?o }}
  UNION {{ ?n pk:evidence ?e . ?e ?ep ?eo }}
  UNION {{ ?n pk:evidence/nif:referenceContext ?c . ?c ?cp ?co . FILTER (?cp != nif:isString) }}
  UNION {{ ?n pk:evidence ?e . ?e nif:referenceContext ?c . FILTER NOT EXISTS {{ ?e nif:sentence ?any }}
          ?c nif:isString ?co . BIND (nif:isString AS ?cp) }}
  UNION {{ ?n pk:evidence/nif:sentence ?s . ?s ?sp ?so }}
  UNION {{ VALUES ?role {{ pk:pillarIndustry pk:emergingIndustry }} ?x ?role ?n }}
}}"""
CHUNK = 2000


def neighbourhood(store: Store, rows: list) -> Graph:
    """What drawing ``rows`` reads: the resources' own triples, their evidence and industry roles."""
    from policykg.query import PREFIX_IRIS

    nodes = sorted({term for row in rows for term in (row[0], row[2]) if term is not None})
    graph = Graph()
    for start in range(0, len(nodes), CHUNK):
        values = " ".join(f"<{node}>" for node in nodes[start : start + CHUNK])
        for triple in store.query(NEIGHBOURHOOD.format(nodes=values), prefixes=PREFIX_IRIS).triples:
            graph.add(triple)
    return graph


def find_document(source: Graph | Store, document: str) -> URIRef:
    """The ``pk:Document`` whose IRI is ``document`` or ends with ``/document``; else list the known."""
    if isinstance(source, Graph):
        found = source.subjects(RDF.type, PK.Document)
    else:
        from policykg.query import run_on_store

        found = (row[0] for row in run_on_store(source, DOCUMENTS).rows)
    known = sorted(d for d in found if isinstance(d, URIRef))
    for iri in known:
        if str(iri) == document or str(iri).endswith("/" + document.strip("/")):
            return iri
    names = ", ".join(str(iri).rsplit("/", 1)[-1] for iri in known) or "none (the graph has no pk:Document)"
    raise InputError(f"no document {document!r} in the graph; known documents: {names} (see --document)")


DOCUMENTS = "SELECT DISTINCT ?d WHERE { ?d a pk:Document }"


def _within(graph: Graph, rows: list, document: URIRef) -> list:
    """The rows whose resources are the document or are ``pk:mentionedIn`` it."""

    def inside(node: URIRef | None) -> bool:
        return node is None or node == document or (node, PK.mentionedIn, document) in graph

    return [row for row in rows if inside(row[0]) and inside(row[2])]


def write_view(
    source: Graph | Store, name: str = DEFAULT_VIEW, document: str | None = None, lang: str | None = None
) -> bytes:
    """The view as one self-contained, offline, escaped, deterministic UTF-8 HTML page."""
    from policykg.view.html import render

    view = get_view(name)
    subtitle = None
    if document is not None:
        iri = find_document(source, document)
        subtitle = _title(source, iri) or document
    return render(select_view(source, name, document, lang), view, subtitle=subtitle)


def _title(source: Graph | Store, iri: URIRef) -> str | None:
    if isinstance(source, Graph):
        value = source.value(iri, DCTERMS.title)
        return None if value is None else str(value)
    from policykg.query import run_on_store

    rows = run_on_store(source, f"SELECT ?t WHERE {{ <{iri}> dcterms:title ?t }} ORDER BY ?t LIMIT 1").rows
    return str(rows[0][0]) if rows else None
