"""Interactive HTML views of a graph: the registry of views and ``write_view``.

A view is a named selection query (``policykg/queries/view-<name>.rq``, rows ``?s ?p ?o``) plus a
title, a one-line description and a layout. ``select_view`` runs the query and projects the rows
into networkx; ``write_view`` draws that as one self-contained HTML page.
May import: rdflib, ``policykg.errors``, ``policykg.namespaces``, ``policykg.view.*``;
networkx and pyvis only inside functions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from policykg.errors import InputError, QueryError
from policykg.namespaces import PK

if TYPE_CHECKING:
    import networkx

    from policykg.store import Store
    from policykg.view.network import Triples

PK_MENTIONED_IN = str(PK.mentionedIn)


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
    only the selected resources' neighbourhood (labels, figures, evidence) is read back, in plain
    terms (no rdflib term is built). Labels are in ``lang`` where a resource has one (default: the
    language most documents are written in).
    """
    from policykg.view.network import graph_triples, is_iri, project
    from policykg.view.resources import selection_query

    get_view(name)
    rows = [
        (subject, predicate, obj if is_iri(obj) else None)
        for subject, predicate, obj in _rows(source, selection_query(name))
        if is_iri(subject)
    ]
    # sorted here, not by the query: ORDER BY costs Oxigraph 30x on a corpus, and the page must not vary
    rows.sort(key=lambda row: tuple("" if term is None else term for term in row))
    triples = graph_triples(source) if isinstance(source, Graph) else neighbourhood(source, rows)
    if document is not None:
        within = str(find_document(source, document))
        rows = [row for row in rows if _inside(triples, row[0], within) and _inside(triples, row[2], within)]
    return project(triples, rows, lang or _language(source))


def _rows(source: Graph | Store, text: str) -> list[tuple]:
    """The rows of one of policykg's own SELECT queries, in plain terms (``policykg.view.network``)."""
    from policykg.query import PREFIX_IRIS, run_query
    from policykg.view.network import plain

    if isinstance(source, Graph):
        return [tuple(map(plain, row)) for row in run_query(source, text).rows]
    if hasattr(source, "plain_rows"):
        return source.plain_rows(text, prefixes=PREFIX_IRIS)
    answer = source.query(text, prefixes=PREFIX_IRIS)  # a remote store: rdflib terms
    return [tuple(map(plain, row)) for row in answer.rows or answer.triples]


def _language(source: Graph | Store) -> str:
    """The language most documents are written in ("en" on a tie or none)."""
    from policykg.query import DOCUMENT_LANGUAGES
    from policykg.view.network import text

    languages = Counter(text(row[0]) for row in _rows(source, DOCUMENT_LANGUAGES) if row[0] is not None)
    return "zh" if languages["zh"] > languages["en"] else "en"


def _inside(triples: Triples, node: str | None, document: str) -> bool:
    """Whether ``node`` is the document or is ``pk:mentionedIn`` it (a missing node always is)."""
    return node is None or node == document or triples.has(node, PK_MENTIONED_IN, document)


NEIGHBOURHOOD = """\
CONSTRUCT {{ ?n ?p ?o . ?x ?role ?n }}
WHERE {{
  VALUES ?n {{ {nodes} }}
  {{ ?n ?p ?o FILTER (?p NOT IN (pk:evidence, pk:hasTarget, pk:hasResult)) }}
  UNION {{ VALUES ?role {{ pk:pillarIndustry pk:emergingIndustry }} ?x ?role ?n }}
}}"""
"""A node's own triples but those drawing never reads from them: its evidence (``neighbourhood`` adds
the one it shows) and a city's or an industry's figures (thousands in a corpus: edges come from rows)."""
EVIDENCE_PLACES = """\
SELECT ?n ?e ?c ?b
WHERE {{
  VALUES ?n {{ {nodes} }}
  ?n pk:evidence ?e .
  OPTIONAL {{ ?e nif:referenceContext ?c }}
  OPTIONAL {{ ?e nif:beginIndex ?b }}
}}"""
EVIDENCE = """\
CONSTRUCT {{ ?e ?ep ?eo . ?c ?cp ?co . ?s ?sp ?so }}
WHERE {{
  VALUES ?e {{ {nodes} }}
  {{ ?e ?ep ?eo }}
  UNION {{ ?e nif:referenceContext ?c . ?c ?cp ?co . FILTER (?cp != nif:isString) }}
  UNION {{ ?e nif:referenceContext ?c . FILTER NOT EXISTS {{ ?e nif:sentence ?any }}
          ?c nif:isString ?co . BIND (nif:isString AS ?cp) }}
  UNION {{ ?e nif:sentence ?s . ?s ?sp ?so }}
}}"""
CHUNK = 2000


def neighbourhood(store: Store, rows: list) -> Triples:
    """What drawing ``rows`` reads: the resources' own triples, industry roles and first evidence.

    A node shows only its first evidence (by document, then offset: ``evidence_attributes``), so only
    that span's triples, sentence and document are read: an industry of a whole corpus has thousands.
    """
    from policykg.view.network import PK_EVIDENCE, Triples, first_evidence

    nodes = sorted({term for row in rows for term in (row[0], row[2]) if term is not None})
    places: dict[str, list] = {}
    for node, span, context, begin in _chunked(store, EVIDENCE_PLACES, nodes):
        places.setdefault(node, []).append((span, context, begin))
    first = {node: first_evidence(candidates) for node, candidates in places.items()}
    found = _chunked(store, NEIGHBOURHOOD, nodes)
    found += [(node, PK_EVIDENCE, span) for node, span in first.items()]  # the one evidence each shows
    return Triples(found + _chunked(store, EVIDENCE, sorted(set(first.values()))))


def _chunked(store: Store, query: str, iris: list[str]) -> list:
    """The rows of ``query`` with its ``{nodes}`` set to ``iris``, CHUNK at a time."""
    found: list = []
    for start in range(0, len(iris), CHUNK):
        found += _rows(store, query.format(nodes=" ".join(f"<{iri}>" for iri in iris[start : start + CHUNK])))
    return found


def find_document(source: Graph | Store, document: str) -> URIRef:
    """The ``pk:Document`` whose IRI is ``document`` or ends with ``/document``; else list the known."""
    if isinstance(source, Graph):
        found = (str(d) for d in source.subjects(RDF.type, PK.Document) if isinstance(d, URIRef))
    else:
        from policykg.view.network import is_iri

        found = (row[0] for row in _rows(source, DOCUMENTS) if is_iri(row[0]))
    known = sorted(found)
    for iri in known:
        if iri == document or iri.endswith("/" + document.strip("/")):
            return URIRef(iri)
    names = ", ".join(iri.rsplit("/", 1)[-1] for iri in known) or "none (the graph has no pk:Document)"
    raise InputError(f"no document {document!r} in the graph; known documents: {names} (see --document)")


DOCUMENTS = "SELECT DISTINCT ?d WHERE { ?d a pk:Document }"


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
    from policykg.view.network import text

    rows = _rows(source, f"SELECT ?t WHERE {{ <{iri}> dcterms:title ?t }} ORDER BY ?t LIMIT 1")
    return text(rows[0][0]) if rows else None
