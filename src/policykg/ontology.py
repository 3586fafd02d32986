"""Locate and load the shipped ontology files (``ontology/*.ttl``), cached.

May import: policykg.errors, rdflib, the standard library.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Graph

from policykg.errors import OntologyError

ONTOLOGY_FILE = "policykg.ttl"
SHAPES_FILE = "shapes.ttl"


def ontology_file(name: str) -> Traversable:
    """The packaged file ``ontology/<name>``; OntologyError when it is missing."""
    resource = files("policykg") / "ontology" / name
    if not resource.is_file():
        raise OntologyError(f"the packaged ontology file '{name}' is missing: reinstall policykg")
    return resource


@functools.cache
def load_turtle(name: str) -> Graph:
    """Parse one packaged Turtle file (cached; do not modify the returned graph)."""
    graph = Graph()
    try:
        graph.parse(data=ontology_file(name).read_bytes(), format="turtle")
    except Exception as err:  # rdflib's parser raises several types
        raise OntologyError(f"the packaged ontology file '{name}' is malformed: {err}") from None
    return graph


def load_ontology() -> Graph:
    """The policykg OWL ontology."""
    return load_turtle(ONTOLOGY_FILE)


def load_shapes() -> Graph:
    """The SHACL shapes that encode the ontology contract."""
    return load_turtle(SHAPES_FILE)
