"""The one cached loader of the views' package data: templates, styles, selection queries, labels.

Templates (HTML, JS, CSS) and ``styles.json`` live in ``policykg/view/templates/``; the selection
queries are ``policykg/queries/view-<name>.rq`` (read through ``policykg.query``); property labels
come from the shipped ontology (``policykg.ontology``); vis-network is read from the installed pyvis
package (to be inlined).
May import: the standard library, rdflib, ``policykg.errors``, ``policykg.query``, ``policykg.ontology``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from policykg.errors import OntologyError

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


def selection_query(view: str) -> str:
    """The SPARQL text of ``policykg/queries/view-<view>.rq`` (through the named-query loader)."""
    from policykg.query import named_query

    return named_query(f"view-{view}").text


@cache
def property_labels() -> dict[str, str]:
    """IRI → English ``rdfs:label`` of every term the shipped ontology labels."""
    from rdflib import RDFS

    from policykg.ontology import load_ontology

    labels: dict[str, str] = {}
    for term, label in sorted(load_ontology().subject_objects(RDFS.label)):
        if getattr(label, "language", None) in ("en", None):
            labels.setdefault(str(term), str(label))
    return labels
