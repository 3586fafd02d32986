"""The embedded Oxigraph store (pyoxigraph, imported here only): on disk, fast, for corpora.

Each document graph is replaced by one SPARQL Update (``policykg.store.replace_update``), which
Oxigraph applies in one transaction: a crash or Ctrl-C leaves either the old or the new graph.
Corpus builds write many documents at once with Oxigraph's bulk loader (``write_documents``),
which has no transaction: a journal graph names the documents in flight and their content hashes
are written last, so the next opening for writing removes what a crash left half-written.
Queries run on the default graph, which holds the union of the document graphs.
Without a location the store lives in memory (used by ``serve`` and the differential tests).
May import: pyoxigraph, rdflib, ``policykg.store``, ``policykg.results``, ``policykg.terms``, ``policykg.errors``.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import XSD

from policykg.errors import InputError, OutputError, QueryError
from policykg.results import QueryResult, check_deadline
from policykg.store import HASHES_QUERY, nquads, remove_update, replace_update, restore, write_each
from policykg.terms import from_oxigraph

JOURNAL = "https://w3id.org/policykg/id/build/journal"
"""Graph naming (``rdfs:member``) the documents a bulk write has not finished yet."""
_MEMBER = "http://www.w3.org/2000/01/rdf-schema#member"
SMALL_WRITE_BYTES = 1 << 20
"""Below this much N-Triples ``write_documents`` writes each document in one transaction: the bulk
loader's fixed costs (sorted files written and ingested, three transactions) outweigh its speed
(rebuilding one changed document: 0.5-1.0 s wall -> 0.2-0.3 s on a loaded machine)."""
_XSD_STRING = str(XSD.string)
_DEFAULT = ox.DefaultGraph()


def _converter():  # noqa: ANN202 - Callable[[object], Node | None]
    """``from_oxigraph`` with a cache: results and documents repeat terms a lot, and building rdflib
    terms is the slow part of reading them."""
    return functools.cache(from_oxigraph)


def _unreadable(exc: TypeError, where: str) -> QueryError:
    return QueryError(f"{where} holds a term policykg cannot read: {exc}")


class OxigraphStore:
    """An Oxigraph database in the directory ``location`` (created when missing)."""

    def __init__(self, location: str | None = None, read_only: bool = False) -> None:
        self.read_only = bool(read_only and location)
        self.location = location  # a corpus build keeps its file fingerprints there
        if self.read_only:
            self.db = _open_read_only(location)
            return
        try:
            self.db = ox.Store(location) if location else ox.Store()
        except OSError as exc:
            raise InputError(
                f"{location}: cannot open the Oxigraph store: {exc}; is another policykg using it?"
            ) from exc
        self.recover()

    def replace(self, name: str, graph: Graph) -> None:
        """Replace the named graph ``name`` by ``graph`` in one transaction."""
        self.replace_ntriples(name, graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))

    def replace_ntriples(self, name: str, ntriples: str) -> None:
        """Replace the named graph ``name`` by N-Triples text, in one transaction.

        A new graph is loaded by Oxigraph's parser (its quads, and its triples into the default
        graph, the union); an existing one is replaced by one SPARQL Update (``replace_update``),
        which also removes from the default graph what only the old graph stated. A build of a
        corpus adds new graphs, so it never pays for parsing SPARQL Update texts of 10,000 triples.
        """
        try:
            if not self.db.contains_named_graph(ox.NamedNode(name)):
                lines = [line for line in ntriples.split("\n") if line]
                quads = "".join(f"{line[:-1]}<{name}> .\n" for line in lines) + ntriples
                self.db.load(quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
                return
            self.db.update(replace_update(name, ntriples))
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise OutputError(f"cannot write the graph <{name}> into the Oxigraph store: {exc}") from None

    def replace_changes(self, name: str, ntriples: str) -> None:
        """Replace the named graph ``name`` by N-Triples text, writing only the triples that differ.

        For a large graph that changes little (a subject's promise checks after one document
        changed): one SPARQL Update (one transaction) removes the triples no longer stated, also
        from the default graph when no other graph states them, and inserts the new ones.  A graph
        with blank nodes, which SPARQL Update cannot name, is replaced whole.
        """
        graph = ox.NamedNode(name)
        try:
            new = {quad.triple for quad in ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)}
            old = {quad.triple for quad in self.db.quads_for_pattern(None, None, None, graph)}
        except (SyntaxError, OSError, ValueError) as exc:
            raise OutputError(f"cannot write the graph <{name}> into the Oxigraph store: {exc}") from None
        if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in new | old):
            self.replace_ntriples(name, ntriples)
            return
        updates = []
        if gone := old - new:
            updates += [
                f"DELETE DATA {{ GRAPH <{name}> {{ {_statements(gone)} }} }}",
                f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{ {_rows(gone)} }} "
                "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } } }",
            ]
        if added := new - old:
            statements = _statements(added)
            updates.append(f"INSERT DATA {{ {statements} GRAPH <{name}> {{ {statements} }} }}")
        if updates:
            try:
                self.db.update(" ;\n".join(updates))
            except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
                raise OutputError(f"cannot write the graph <{name}> into the Oxigraph store: {exc}") from None

    def replace_graphs(self, graphs) -> None:  # noqa: ANN001 - Sequence[tuple[str, str | None]]
        """Replace named graphs by N-Triples text each (None: remove the graph).

        An existing graph is rewritten by ``replace_changes`` (only the triples that differ); the
        new graphs are added together, with their triples in the default graph, without SPARQL
        Update text to parse (a store build's promise checks): in one transaction, or from
        ``SMALL_WRITE_BYTES`` on by the bulk loader, journalled as ``write_documents`` does (each
        graph whole or absent after a crash; 10,000 documents' checks: 17.6 -> 6.6 s CPU).
        """
        new = []
        for name, ntriples in graphs:
            exists = self.db.contains_named_graph(ox.NamedNode(name))
            if ntriples is None:
                if exists:
                    self.remove(name)
            elif exists:
                self.replace_changes(name, ntriples)
            else:
                new.append((name, ntriples))
        if not new:
            return
        named = "".join(
            line[:-1] + f"<{name}> .\n" for name, ntriples in new for line in ntriples.split("\n") if line
        )
        quads = (named + "".join(ntriples for _, ntriples in new)).encode("utf-8")
        del named
        with self._journalled(f"{len(new)} graphs"):
            if len(quads) < 2 * SMALL_WRITE_BYTES:
                self.db.load(quads, format=ox.RdfFormat.N_QUADS)
                return
            members = ", ".join(f"<{name}>" for name, _ in new)
            self.db.update(f"INSERT DATA {{ GRAPH <{JOURNAL}> {{ <{JOURNAL}> <{_MEMBER}> {members} }} }}")
            self.db.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
            self.db.remove_graph(ox.NamedNode(JOURNAL))

    def write_documents(self, documents) -> None:  # noqa: ANN001 - Sequence[tuple[str, bytes, str]]
        """Add or replace document graphs (name, UTF-8 N-Triples, content-hash line) in bulk.

        One transaction removes the old versions and lists the documents in the journal; the bulk
        loader then writes the named graphs, then their triples into the default graph (the union);
        a last transaction adds the hash lines and clears the journal.  After a crash the journal
        lists what may be half-written, and ``recover`` removes it: each document is whole or absent.
        Fewer bytes than ``SMALL_WRITE_BYTES`` are written one transaction per document instead.
        """
        if not documents:
            return
        if sum(len(data) for _, data, _ in documents) < SMALL_WRITE_BYTES:
            write_each(self, documents)  # one transaction each: whole or absent without a journal
            return
        names = [name for name, _, _ in documents]
        old = [remove_update(name) for name in names if self.db.contains_named_graph(ox.NamedNode(name))]
        members = ", ".join(f"<{name}>" for name in names)
        journal = f"INSERT DATA {{ GRAPH <{JOURNAL}> {{ <{JOURNAL}> <{_MEMBER}> {members} }} }}"
        hashes = "\n".join(line for _, _, line in documents)
        graphs = "\n".join(f"GRAPH <{name}> {{ {line} }}" for name, _, line in documents)
        with self._journalled(f"{len(names)} documents"):
            self.db.update(" ;\n".join([*old, journal]))
            named = b"".join(data.replace(b" .\n", f" <{name}> .\n".encode()) for name, data, _ in documents)
            self.db.bulk_load(named, format=ox.RdfFormat.N_QUADS, lenient=True)
            del named
            self.db.bulk_load(
                b"".join(data for _, data, _ in documents), format=ox.RdfFormat.N_TRIPLES, lenient=True
            )
            self.db.update(f"INSERT DATA {{\n{hashes}\n{graphs}\n}} ;\nDROP SILENT GRAPH <{JOURNAL}>")

    @contextlib.contextmanager
    def _journalled(self, what: str) -> Iterator[None]:
        """A write that lists what it writes in the journal: if it fails or is interrupted (Ctrl-C),
        ``recover`` removes what the journal lists, so each graph is whole or absent."""
        try:
            yield
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            self.recover()
            raise OutputError(f"cannot write {what} into the Oxigraph store: {exc}") from None
        except BaseException:
            self.recover()
            raise

    def recover(self) -> None:
        """Remove the documents an interrupted ``write_documents`` left in the journal, then the journal."""
        if self.read_only or not self.db.contains_named_graph(ox.NamedNode(JOURNAL)):
            return
        listed = self.db.quads_for_pattern(None, None, None, ox.NamedNode(JOURNAL))
        for name in sorted({quad.object.value for quad in listed}):
            self.db.update(remove_update(name))
        self.db.remove_graph(ox.NamedNode(JOURNAL))

    def remove(self, name: str) -> None:
        """Remove the named graph ``name`` if present."""
        self.db.update(remove_update(name))

    def hashes(self) -> dict[str, str]:
        """Document graph IRI → recorded content hash (read as plain strings: no rdflib term per row)."""
        return {row[0].value: row[1].value for row in self.db.query(HASHES_QUERY)}

    def query(
        self,
        sparql: str,
        *,
        limit: int | None = None,
        deadline: float | None = None,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """Run SPARQL with Oxigraph over the union graph, lazily, checking cap and deadline per row.

        ``default_graph`` and ``named_graphs`` (graph IRIs) replace the dataset, as the protocol's
        default-graph-uri and named-graph-uri do; ``base_iri`` resolves relative IRIs."""
        try:
            dataset = {}
            if default_graph is not None or named_graphs is not None:
                dataset["default_graph"] = [ox.NamedNode(iri) for iri in default_graph or ()]
                dataset["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs or ()]
            answer = self.db.query(sparql, prefixes=prefixes, base_iri=base_iri, **dataset)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed while running: {exc}") from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        try:
            if isinstance(answer, ox.QueryTriples):
                return QueryResult("CONSTRUCT", triples=_triples(answer))
            return _select(answer, limit, deadline)
        except TypeError as exc:
            raise _unreadable(exc, "the query result") from None

    def load(self, graphs) -> None:  # noqa: ANN001 - policykg.graph.Graphs
        """Add the named graphs and their union (the default graph) in one load."""
        try:
            self.db.load(nquads(graphs).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError, ValueError) as exc:
            raise OutputError(f"cannot load the data into Oxigraph: {exc}") from None

    def load_union(self, graphs) -> None:  # noqa: ANN001 - policykg.graph.Graphs
        """Add the union of the named graphs to the default graph only, in one load (no named graphs:
        what a build's promise checks read, 4x faster than rdflib takes the triples)."""
        lines = [f"{s} {p} {o} .\n" for triples in graphs.named.values() for s, p, o in triples.nt]
        data = "".join(lines).encode("utf-8")  # a triple of two graphs twice: a store holds it once
        try:
            self.db.load(data, format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, OSError, ValueError) as exc:
            raise OutputError(f"cannot load the data into Oxigraph: {exc}") from None

    def plain_rows(self, sparql: str, *, prefixes: dict[str, str] | None = None) -> list[tuple]:
        """SELECT rows (or CONSTRUCT triples) in plain Python terms, for readers that build no rdflib term.

        An IRI is a ``str``, a blank node ``"_:id"``, a literal ``(lexical form, language or None,
        datatype IRI or None)``, an unbound value None (``policykg.view.network`` reads these).
        Only for policykg's own queries: no safety check, no cap, no deadline.
        """
        try:
            answer = self.db.query(sparql, prefixes=prefixes)
            return [tuple(map(_plain, row)) for row in answer]
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed while running: {exc}") from None

    def load_quads(self, quads: list[ox.Quad]) -> None:
        """Add parsed quads as they are, and each named graph's triples to the default graph (the union)."""
        default = ox.DefaultGraph()
        try:
            self.db.extend(quads)
            self.db.extend(
                ox.Quad(q.subject, q.predicate, q.object, default) for q in quads if q.graph_name != default
            )
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot load the data into Oxigraph: {exc}") from None

    def graphs(self):  # noqa: ANN201 - policykg.graph.Graphs
        """Every named graph in rdflib terms, streamed from the store (the default graph is their union)."""
        from policykg.graph import Graphs

        graphs = Graphs()
        term = _converter()
        named = (q for q in self.db.quads_for_pattern(None, None, None, None) if q.graph_name != _DEFAULT)
        try:
            for quad in named:
                p = term(quad.predicate)
                graphs.graph(quad.graph_name.value).add(
                    (term(quad.subject), p, restore(p, term(quad.object)))
                )
            if not graphs.named:  # a store written by another tool: everything in the default graph
                for quad in self.db.quads_for_pattern(None, None, None, _DEFAULT):
                    p = term(quad.predicate)
                    graphs.graph().add((term(quad.subject), p, restore(p, term(quad.object))))
        except TypeError as exc:
            raise _unreadable(exc, "the store") from None
        return graphs

    def triples(self, graph: str | None = None, subjects: Iterable[str | None] = (None,)):  # noqa: ANN201 - TripleSet
        """The triples of the named graph ``graph`` (None: the default graph, the union) as ``graphs``
        reads them, only those of ``subjects`` (N-Triples forms) when given: a store too big to hold
        whole is read one graph or one batch of subjects at a time (``policykg.export.export_store``).
        ``graph_names`` lists the graphs; an empty ``graph`` (``policykg.graph.DEFAULT_GRAPH``) is the default graph.
        """
        from policykg.graph import TripleSet
        from policykg.terms import nt

        form = functools.cache(lambda term: nt(from_oxigraph(term)))
        value = functools.cache(lambda p, o: nt(restore(from_oxigraph(p), from_oxigraph(o))))
        context = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        found = TripleSet()
        put = found.nt.add
        try:
            for subject in subjects:
                node = None if subject is None else _subject(subject)
                for quad in self.db.quads_for_pattern(node, None, None, context):
                    put((form(quad.subject), form(quad.predicate), value(quad.predicate, quad.object)))
        except TypeError as exc:
            raise _unreadable(exc, "the store") from None
        return found

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, in code-point order (empty: a store that has only a default graph)."""
        return sorted(g.value for g in self.db.named_graphs() if isinstance(g, ox.NamedNode))

    def to_graph(self) -> Graph:
        """All triples of all graphs in one rdflib Graph.

        Terms are converted one by one (cached): rdflib's N-Triples parser is quadratic in a literal's
        length (a 1.5 MB document text took 47 s).
        """
        union = Graph()
        try:
            for triple in _triples(self.db.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")):
                union.add(triple)
        except TypeError as exc:
            raise _unreadable(exc, "the store") from None
        return union

    def close(self) -> None:
        """Flush writes to disk and release the database lock (other processes may then open it)."""
        if self.db is not None and not self.read_only:
            self.db.flush()
        self.db = None


RDF_FORMATS = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def convert(data: bytes, source: str, target: str, prefixes: dict[str, str] | None = None) -> bytes:
    """RDF text in format ``source`` rewritten in format ``target`` by Oxigraph, statements in order.

    >>> convert(b'<http://x.org/a> <http://x.org/p> "1" .\\n', "nt", "turtle", {"x": "http://x.org/"})
    b'@prefix x: <http://x.org/> .\\nx:a x:p "1" .\\n'
    """
    return ox.serialize(ox.parse(data, RDF_FORMATS[source]), format=RDF_FORMATS[target], prefixes=prefixes)


def _statements(triples) -> str:  # noqa: ANN001 - set of ox.Triple
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def _rows(triples) -> str:  # noqa: ANN001 - set of ox.Triple
    return "\n".join(f"({t.subject} {t.predicate} {t.object})" for t in triples)


def _plain(term: object):  # noqa: ANN202 - str, tuple or None
    """An Oxigraph term as a plain Python term (see ``OxigraphStore.plain_rows``)."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        return (term.value, term.language, None if term.language or datatype == _XSD_STRING else datatype)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if term is None:
        return None
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


def _subject(form: str) -> ox.NamedNode | ox.BlankNode:
    """The Oxigraph subject of an N-Triples form (an IRI or a blank node)."""
    from policykg.terms import unescape

    return ox.NamedNode(unescape(form[1:-1])) if form.startswith("<") else ox.BlankNode(form[2:])


def _open_read_only(location: str) -> ox.Store:
    """A read-only snapshot of the store at ``location`` (works while another process writes it)."""
    try:
        return ox.Store.read_only(location)
    except FileNotFoundError:
        raise InputError(
            f"no Oxigraph store at {location}: build one with policykg build CORPUS --store {location}"
        ) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a store still being created
        raise InputError(f"{location}: cannot open the Oxigraph store: {exc}") from None


def _triples(answer: ox.QueryTriples) -> tuple:
    """The triples of a CONSTRUCT or DESCRIBE answer in rdflib terms, each once, in the engine's order."""
    term = _converter()
    triples = {}
    for triple in answer:
        predicate = term(triple.predicate)
        triples[term(triple.subject), predicate, restore(predicate, term(triple.object))] = None
    return tuple(triples)


def _select(answer: ox.QuerySolutions, limit: int | None, deadline: float | None) -> QueryResult:
    """Collect SELECT rows, stopping at the row cap or the deadline."""
    variables = tuple(v.value for v in answer.variables)
    columns = range(len(variables))
    rows: list[tuple] = []
    term = _converter()
    try:
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                return QueryResult("SELECT", variables, tuple(rows), truncated=True)
            check_deadline(deadline, time.monotonic())
            rows.append(tuple(term(solution[i]) for i in columns))
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed while running: {exc}") from None
    return QueryResult("SELECT", variables, tuple(rows))
