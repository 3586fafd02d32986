"""The in-memory store (rdflib ``Dataset``): zero set-up, right for one text, slow for a corpus.

With a location it reads that N-Quads file on open and writes it back (atomically) on close.
May import: rdflib, ``policykg.store``, ``policykg.results``, ``policykg.errors``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from policykg.errors import InputError, OutputError
from policykg.results import QueryResult, from_rdflib
from policykg.store import HASHES_QUERY, write_each


class MemoryStore:
    """Named graphs in an rdflib ``Dataset`` whose default graph is the union of all graphs."""

    def __init__(self, location: str | None = None) -> None:
        self.location = Path(location) if location else None
        self.dataset = Dataset(default_union=True)
        if self.location and self.location.exists():
            try:
                self.dataset.parse(self.location, format="nquads")
            except Exception as exc:  # rdflib raises bare exceptions on bad input
                raise InputError(f"{self.location}: not a readable N-Quads store: {exc}") from exc

    def replace(self, name: str, graph: Graph) -> None:
        """Replace the named graph ``name`` by the triples of ``graph``."""
        self.remove(name)
        target = self.dataset.graph(URIRef(name))
        for triple in graph:
            target.add(triple)

    def replace_ntriples(self, name: str, ntriples: str) -> None:
        """Replace the named graph ``name`` by the triples of the N-Triples text ``ntriples``."""
        graph = Graph()
        graph.parse(data=ntriples, format="nt")
        self.replace(name, graph)

    def write_documents(self, documents) -> None:  # noqa: ANN001 - Sequence[tuple[str, bytes, str]]
        """Add or replace document graphs: (name, UTF-8 N-Triples, content-hash line) each."""
        write_each(self, documents)

    def load(self, graphs) -> None:  # noqa: ANN001 - policykg.graph.Graphs
        """Add the named graphs (the default graph is their union already)."""
        for name, triples in graphs.named.items():
            target = self.dataset.graph(URIRef(name)) if name else self.dataset.default_graph
            for triple in triples:
                target.add(triple)

    def graphs(self):  # noqa: ANN201 - policykg.graph.Graphs
        """Every named graph in rdflib terms."""
        from policykg.graph import Graphs

        graphs = Graphs()
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            name = str(getattr(g, "identifier", g))
            graphs.graph("" if name == str(DATASET_DEFAULT_GRAPH_ID) else name).add((s, p, o))
        return graphs

    def remove(self, name: str) -> None:
        """Remove the named graph ``name`` if present."""
        self.dataset.remove_graph(URIRef(name))

    def hashes(self) -> dict[str, str]:
        """Document graph IRI → recorded content hash."""
        return {str(g): str(h) for g, h in self.query(HASHES_QUERY).rows}

    def query(
        self,
        sparql: str,
        *,
        limit: int | None = None,
        deadline: float | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> QueryResult:
        """Run SPARQL with rdflib over the union of all graphs."""
        return from_rdflib(self.dataset.query(sparql, initNs=prefixes or {}), limit, deadline)

    def to_graph(self) -> Graph:
        """All triples of all graphs in one Graph."""
        union = Graph()
        for s, p, o, _ in self.dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union

    def close(self) -> None:
        """Write the dataset back to its location, if it has one (temp file + ``os.replace``)."""
        if self.location is None:
            return
        data = self.dataset.serialize(format="nquads", encoding="utf-8")
        try:
            fd, tmp = tempfile.mkstemp(dir=self.location.parent, prefix=".policykg-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.location)
        except OSError as exc:
            raise OutputError(f"{self.location}: cannot write the store: {exc.strerror}") from exc
