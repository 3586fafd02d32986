"""The one cached loader of the views' package data: templates, styles, selection queries, labels.

Templates (HTML, JS, CSS) and ``styles.json`` live in ``policykg/view/templates/``; the selection
queries are ``policykg/queries/view-<name>.rq``; property and individual labels come from the
shipped ontology; vis-network is read from the installed pyvis package (to be inlined).
May import: the standard library, rdflib, ``policykg.errors``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from policykg.errors import OntologyError, QueryError

VIS_NETWORK = "templates/lib/vis-9.1.2/vis-network.min.js"


@cache
def template(name: str) -> str:
    """A file of ``policykg/view/templates/`` as text.

    >>> "<html" in template("view.html")
    True
    """
    return (files("policykg.view") / "templates" / name).read_text(encoding="utf-8")


@cache
def styles() -> dict[str, Any]:
    """Colours, shapes, class order, legend labels and unit symbols (``templates/styles.json``)."""
    return json.loads(template("styles.json"))


@cache
def vis_network_js() -> str:
    """vis-network's minified JavaScript as shipped in pyvis 0.3.2, to be inlined in the page."""
    source = (files("pyvis") / VIS_NETWORK).read_text(encoding="utf-8")
    # The page inlines it in a <script> element: a closing tag inside would end the element early.
    if "</script" in source.lower():
        raise OntologyError(f"pyvis's {VIS_NETWORK} contains '</script' and cannot be inlined safely")
    return source


@cache
def selection_query(view: str) -> str:
    """The SPARQL text of ``policykg/queries/view-<view>.rq``."""
    resource = files("policykg") / "queries" / f"view-{view}.rq"
    try:
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"the selection query of view {view!r} is missing: {resource}") from None


@cache
def property_labels() -> dict[str, str]:
    """IRI → English ``rdfs:label`` of every term the shipped ontology labels."""
    from rdflib import RDFS, Graph

    resource = files("policykg") / "ontology" / "policykg.ttl"
    ontology = Graph()
    try:
        ontology.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    except (OSError, SyntaxError) as error:
        raise OntologyError(f"cannot read the ontology {resource}: {error}") from None
    labels: dict[str, str] = {}
    for term, label in sorted(ontology.subject_objects(RDFS.label)):
        if getattr(label, "language", None) in ("en", None):
            labels.setdefault(str(term), str(label))
    return labels
