"""Stores behind one small interface: a registry of back-ends and ``open_store``.

Every back-end keeps each document in its own named graph (the document's IRI) and answers
SPARQL over the union of those graphs (Oxigraph and remote stores keep that union, as a set, in
the default graph: see ``replace_update``).  Back-ends are imported only when first opened, so
``import policykg.store`` stays light (pyoxigraph is never imported here).
May import: rdflib, ``policykg.errors``, ``policykg.model``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from policykg.errors import PolicyKGError
from policykg.model import PK_IRI
from policykg.namespaces import NIF

if TYPE_CHECKING:
    from rdflib import Graph

    from policykg.graph import Graphs
    from policykg.results import QueryResult

STORES: dict[str, str] = {
    "memory": "policykg.store.memory:MemoryStore",
    "oxigraph": "policykg.store.oxigraph:OxigraphStore",
    "remote": "policykg.store.remote:RemoteStore",
}
"""Back-end name → ``"module:Class"``, resolved on first use."""

CONTENT_HASH = PK_IRI + "contentHash"
"""Property recording the SHA-256 of the text a document graph was built from."""

NON_NEGATIVE = frozenset({NIF.beginIndex, NIF.endIndex})  # contract: xsd:nonNegativeInteger
HASHES_QUERY = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{CONTENT_HASH}> ?h }} }}"


def hash_line(name: str, digest: str) -> str:
    """The N-Triples line recording the content hash of document graph ``name``.

    >>> hash_line("http://x/d", "sha256:ab")
    '<http://x/d> <https://w3id.org/policykg/ontology#contentHash> "sha256:ab" .'
    """
    return f'<{name}> <{CONTENT_HASH}> "{digest}" .'


def replace_update(name: str, ntriples: str) -> str:
    """One SPARQL Update replacing document graph ``name``, keeping the default graph the union.

    The default graph holds the RDF merge (a set) of all document graphs, so queries need no
    union-default-graph option and never see a triple twice because two documents state it.
    The update first removes from the default graph the triples only ``name`` states, then the
    old graph, then inserts the new triples in both places; stores run one update request as one
    transaction, so a crash leaves the old document or the new one.
    """
    return f"{remove_update(name)} ;\nINSERT DATA {{\n{ntriples}\nGRAPH <{name}> {{\n{ntriples}\n}} }}"


def remove_update(name: str) -> str:
    """One SPARQL Update removing document graph ``name`` and the triples no other graph states.

    >>> print(remove_update("http://x/d"))
    DELETE { ?s ?p ?o } WHERE { GRAPH <http://x/d> { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER (?other != <http://x/d>) } } ;
    DROP SILENT GRAPH <http://x/d>
    """
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{name}>) }} }} ;\n"
        f"DROP SILENT GRAPH <{name}>"
    )


def restore(predicate: URIRef, term: object):
    """Undo a store's canonical forms (Oxigraph's) where the contract wants policykg's own.

    Oxigraph stores every xsd integer sub-type as xsd:integer and writes xsd:decimal without
    ``.0``; the contract types NIF offsets xsd:nonNegativeInteger and policykg writes decimals in
    XSD 1.0 canonical form, so a graph read back equals the graph that was built.

    >>> restore(NIF.beginIndex, Literal("7", datatype=XSD.integer)).n3()
    '"7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'
    >>> restore(URIRef("urn:p"), Literal("13", datatype=XSD.decimal)).n3()
    '"13.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if not isinstance(term, Literal):
        return term
    if term.datatype == XSD.integer and predicate in NON_NEGATIVE:
        return Literal(str(term), datatype=XSD.nonNegativeInteger)
    if term.datatype == XSD.decimal and not any(c in str(term) for c in ".eE"):
        return Literal(str(term) + ".0", datatype=XSD.decimal)
    return term


class Store(Protocol):
    """What every back-end offers; documents are named graphs, queries see their union."""

    def replace(self, name: str, graph: Graph) -> None:
        """Replace the named graph ``name`` by ``graph`` in one transaction."""

    def replace_ntriples(self, name: str, ntriples: str) -> None:
        """Replace the named graph ``name`` by the N-Triples text ``ntriples`` in one transaction."""

    def write_documents(self, documents: Sequence[tuple[str, bytes, str]]) -> None:
        """Add or replace document graphs: (name, UTF-8 N-Triples, content-hash line) each.

        After a crash each document is whole (with its hash) or absent.
        """

    def remove(self, name: str) -> None:
        """Remove the named graph ``name`` (no error when it is absent)."""

    def hashes(self) -> dict[str, str]:
        """Document graph IRI → content hash recorded in it."""

    def query(
        self,
        sparql: str,
        *,
        limit: int | None = None,
        deadline: float | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> QueryResult:
        """Run SPARQL over the union graph; stop after ``limit`` rows or at ``deadline`` (monotonic).

        ``prefixes`` are predeclared (name → namespace IRI), as ``policykg.query`` does for rdflib.
        """

    def load(self, graphs: Graphs) -> None:
        """Add named graphs, and their union to the default graph, in one bulk load (a fresh store)."""

    def graphs(self) -> Graphs:
        """Every named graph (and the default graph's own triples) in rdflib terms, read in one pass."""

    def to_graph(self) -> Graph:
        """The union of all graphs as one rdflib Graph (for validate and the Python API)."""

    def close(self) -> None:
        """Flush and release the store."""


def resolve(name: str) -> type:
    """The back-end class registered under ``name``.

    >>> resolve("memory").__name__
    'MemoryStore'
    """
    try:
        target = STORES[name]
    except KeyError:
        known = ", ".join(sorted(STORES))
        raise PolicyKGError(f"unknown store back-end {name!r}; known back-ends: {known}") from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)


def write_each(store: Store, documents: Sequence[tuple[str, bytes, str]]) -> None:
    """``write_documents`` as one ``replace_ntriples`` (one transaction) per document."""
    for name, ntriples, line in documents:
        store.replace_ntriples(name, f"{ntriples.decode('utf-8')}{line}\n")


def open_store(name: str = "memory", location: str | None = None, **options: object) -> Store:
    """Open the back-end ``name`` at ``location`` (a directory, a file or an endpoint URL)."""
    return resolve(name)(location, **options)


def open_target(store: str | None = None, endpoint: str | None = None, read_only: bool = False) -> Store:
    """The store that ``--store PATH`` or ``--endpoint URL`` names (an empty memory store otherwise).

    ``read_only`` opens an Oxigraph store as a snapshot, which also works while a build writes it.
    """
    if store and endpoint:
        raise PolicyKGError("give either --store PATH or --endpoint URL, not both")
    if endpoint:
        return open_store("remote", endpoint)
    if store:
        return open_store("oxigraph", store, read_only=read_only)
    return open_store("memory")


def nquads(graphs: Graphs) -> str:
    """N-Quads of every named graph, then N-Triples of the union for the default graph."""
    from policykg.terms import nt_lines

    lines = []
    union: set[str] = set()
    for name, triples in graphs.named.items():
        own = nt_lines(triples)
        union.update(own)
        if name:
            lines += [f"{line[:-1]}<{name}> ." for line in own]
    lines += sorted(union)
    return "".join(line + "\n" for line in lines)
