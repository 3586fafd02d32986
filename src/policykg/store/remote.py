"""A remote SPARQL 1.1 store over HTTP (urllib): Query and Update protocols, Graph Store protocol.

``location`` is the query endpoint.  The update endpoint defaults to the same URL, or to
``…/update`` when the query URL ends in ``/query`` (Oxigraph); the Graph Store endpoint, when
known (``…/store`` for Oxigraph), serves the whole default graph in one ``GET``.  Override them
with the environment variables ``POLICYKG_UPDATE_URL`` and ``POLICYKG_GRAPH_STORE_URL``.
Credentials come from ``POLICYKG_ENDPOINT_USER`` / ``POLICYKG_ENDPOINT_PASSWORD`` or ``~/.netrc``
(by host), never from the URL.  Each document graph is written with one Update request that also
keeps the default graph the union of the documents (``policykg.store.replace_update``), so the
server needs no union-default-graph setting (leave Oxigraph's ``--union-default-graph`` and
Fuseki's ``unionDefaultGraph`` off, or every triple is seen once per document stating it).
May import: rdflib, the standard library, ``policykg.store``, ``policykg.results``, ``policykg.terms``,
``policykg.errors``.
"""

from __future__ import annotations

import base64
import functools
import http.client
import json
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Graph, Literal, URIRef

from policykg.errors import InputError, QueryError
from policykg.results import QueryResult, check_deadline
from policykg.store import HASHES_QUERY, remove_update, replace_update, restore, write_each
from policykg.terms import from_oxigraph

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
DEFAULT_TIMEOUT = 60.0


def endpoints(url: str, environ: dict[str, str] | None = None) -> tuple[str, str, str | None]:
    """(query, update, graph store) URLs for the query endpoint ``url``.

    >>> endpoints("http://127.0.0.1:7878/query", {})
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> endpoints("http://localhost:3030/ds/sparql", {})
    ('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/sparql', None)
    """
    env = os.environ if environ is None else environ
    try:
        parsed = urllib.parse.urlsplit(url)
        parsed.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise InputError(f"--endpoint {url!r} is not a valid URL: {error}") from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InputError(f"--endpoint {url!r} is not an http(s) URL of a SPARQL query endpoint")
    if parsed.username or parsed.password:
        raise InputError(
            "credentials in the endpoint URL would be visible to every user: put them in "
            "POLICYKG_ENDPOINT_USER / POLICYKG_ENDPOINT_PASSWORD or ~/.netrc instead"
        )
    update, store = url, None
    if parsed.path.endswith("/query"):
        base = url[: url.rindex("/query")]
        update, store = base + "/update", base + "/store"
    return url, env.get("POLICYKG_UPDATE_URL", update), env.get("POLICYKG_GRAPH_STORE_URL", store)


def authorization(url: str, environ: dict[str, str] | None = None) -> str | None:
    """A Basic ``Authorization`` header value from the environment or ~/.netrc, if any.

    >>> authorization("http://h/q", {"POLICYKG_ENDPOINT_USER": "u", "POLICYKG_ENDPOINT_PASSWORD": "p"})
    'Basic dTpw'
    """
    env = os.environ if environ is None else environ
    user, password = env.get("POLICYKG_ENDPOINT_USER"), env.get("POLICYKG_ENDPOINT_PASSWORD")
    if user is None and environ is None:
        user, password = _from_netrc(urllib.parse.urlsplit(url).hostname or "")
    if user is None:
        return None
    return "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Answers 3xx with an error instead of following it.

    Following would send the credentials to whatever host the redirect names, and urllib turns a
    redirected POST into a GET without its body, so an update would "succeed" without applying."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913 (urllib's signature)
        target = urllib.parse.urljoin(req.full_url, newurl)
        raise InputError(
            f"{req.full_url}: the server redirects ({code}) to {target}; policykg does not follow "
            "redirects (they could carry the credentials to another host): give that URL instead"
        )


_OPENER = urllib.request.build_opener(_NoRedirects)


def _from_netrc(host: str) -> tuple[str | None, str | None]:
    try:
        entry = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError):
        return None, None
    return (entry[0], entry[2]) if entry else (None, None)


class RemoteStore:
    """A SPARQL 1.1 server reached over HTTP."""

    def __init__(self, location: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not location:
            raise InputError("a remote store needs --endpoint URL (the SPARQL query endpoint)")
        self.query_url, self.update_url, self.store_url = endpoints(location)
        self.auth = authorization(location)
        self.timeout = timeout

    def replace(self, name: str, graph: Graph) -> None:
        """Replace the named graph ``name`` by ``graph``."""
        self.replace_ntriples(name, graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))

    def replace_ntriples(self, name: str, ntriples: str) -> None:
        """One SPARQL Update request (``policykg.store.replace_update``): the server's transaction."""
        self.update(replace_update(name, ntriples))

    def write_documents(self, documents) -> None:  # noqa: ANN001 - Sequence[tuple[str, bytes, str]]
        """Add or replace document graphs, one update request (one server transaction) each."""
        write_each(self, documents)

    def remove(self, name: str) -> None:
        """Remove the named graph ``name`` and, from the default graph, what only it states."""
        self.update(remove_update(name))

    def update(self, sparql: str) -> None:
        """Send one SPARQL 1.1 Update request."""
        self._send("POST", self.update_url, sparql.encode("utf-8"), "application/sparql-update")

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
        base_iri: str | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """POST the query; parse JSON results or N-Triples; apply the row cap.

        ``default_graph`` / ``named_graphs`` go to the server as the protocol's default-graph-uri
        and named-graph-uri; ``base_iri`` as a BASE before the query's own."""
        if prefixes:
            sparql = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items()) + sparql
        if base_iri:
            sparql = f"BASE <{base_iri}>\n" + sparql
        url = self.query_url
        if default_graph is not None or named_graphs is not None:
            pairs = [("default-graph-uri", iri) for iri in default_graph or ()]
            pairs += [("named-graph-uri", iri) for iri in named_graphs or ()]
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(pairs)
        timeout = self.timeout if deadline is None else max(deadline - time.monotonic(), 0.001)
        body, ctype = self._send(
            "POST",
            url,
            sparql.encode("utf-8"),
            "application/sparql-query",
            accept=ACCEPT,
            timeout=timeout,
        )
        check_deadline(deadline, time.monotonic())
        try:
            if ctype.startswith("application/sparql-results+json"):
                return parse_json_results(json.loads(body), limit)
            return QueryResult("CONSTRUCT", triples=tuple(parse_graph(body, ctype)))
        except MALFORMED as exc:
            raise QueryError(malformed(url, exc)) from None

    def to_graph(self) -> Graph:
        """The default graph (the union of the documents): a Graph Store GET, else a CONSTRUCT."""
        graph = Graph()
        if self.store_url:
            body, ctype = self._send(
                "GET", self.store_url + "?default", None, "", accept="application/n-triples"
            )
            try:
                graph += parse_graph(body, ctype)
            except MALFORMED as exc:
                raise QueryError(malformed(self.store_url, exc)) from None
        else:
            graph += self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
        restored = Graph()
        for s, p, o in graph:
            restored.add((s, p, restore(p, o)))
        return restored

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    def _send(
        self,
        method: str,
        url: str,
        data: bytes | None,
        ctype: str,
        accept: str = "*/*",
        timeout: float | None = None,
    ) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", ctype + "; charset=utf-8")
        request.add_header("Accept", accept)
        if self.auth:
            request.add_header("Authorization", self.auth)
        try:
            with _OPENER.open(request, timeout=timeout or self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            error = QueryError if url.startswith(self.query_url) else InputError
            raise error(f"{url}: the server answered {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(
                f"{url}: cannot reach the SPARQL endpoint: {reason}; is the server running?"
            ) from None
        except http.client.HTTPException as exc:  # a bad status line, a body shorter than announced
            raise InputError(malformed(url, exc)) from None


MALFORMED = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, SyntaxError)
"""What a malformed reply raises while it is read (UnicodeDecodeError and JSONDecodeError are ValueErrors)."""


def malformed(url: str, exc: BaseException) -> str:
    """The one-line message for a reply that is not what the SPARQL 1.1 protocol says.

    >>> malformed("http://h/q", KeyError("head"))
    "http://h/q: the SPARQL endpoint sent a malformed reply (KeyError: 'head'); is it a SPARQL 1.1 endpoint?"
    """
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    return f"{url}: the SPARQL endpoint sent a malformed reply ({detail}); is it a SPARQL 1.1 endpoint?"


def parse_graph(body: bytes, ctype: str) -> Graph:
    """An N-Triples or Turtle reply as a Graph, parsed by Oxigraph (linear time, bounded tokens)."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in ctype else ox.RdfFormat.TURTLE
    graph = Graph()
    term = functools.cache(from_oxigraph)
    try:
        for triple in ox.parse(body, fmt):
            graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    except MemoryError as exc:  # Oxigraph's cap on one token
        raise ValueError(str(exc)) from None
    return graph


def parse_json_results(document: dict, limit: int | None = None) -> QueryResult:
    """SPARQL 1.1 JSON results → QueryResult.

    >>> parse_json_results({"head": {}, "boolean": True}).boolean
    True
    """
    if "boolean" in document:
        return QueryResult("ASK", boolean=bool(document["boolean"]))
    variables = tuple(str(v) for v in document["head"].get("vars", []))
    bindings = list(document["results"]["bindings"])
    truncated = limit is not None and len(bindings) > limit
    rows = tuple(tuple(_term(b.get(v)) for v in variables) for b in bindings[:limit])
    return QueryResult("SELECT", variables, rows, truncated=truncated)


def _term(binding: dict | None):
    """One JSON-results term as an rdflib term."""
    if binding is None:
        return None
    kind, value = binding["type"], str(binding["value"])
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=str(binding["xml:lang"]))
    datatype = binding.get("datatype")
    if datatype is not None and not isinstance(datatype, str):
        raise TypeError(f"datatype {datatype!r} is not an IRI")
    plain = datatype in (None, "http://www.w3.org/2001/XMLSchema#string")
    return Literal(value, datatype=None if plain else URIRef(datatype))
