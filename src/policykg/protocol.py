"""The SPARQL 1.1 Protocol's answers: run one checked query on a Store and render it by content type.

Pure functions of (store, query text, Accept header, ``format=``, limits), called inside a worker
process (``policykg.worker``) so the HTTP server never runs a query itself.
May import: ``policykg.query``, ``policykg.results``, ``policykg.store``, ``policykg.errors``, rdflib, the
standard library.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http import HTTPStatus
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal

from policykg.errors import PolicyKGError, QueryError, RowCapError
from policykg.query import format_result, result_graph, run_on_store
from policykg.results import GRAPH_KINDS, TIMED_OUT, QueryResult
from policykg.store import Store

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
}
MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nquads": "application/n-quads",
    "trig": "application/trig",
}
# ``format=`` values as clients send them (SPARQLWrapper sends format=xml or json for every query kind)
SELECT_FORMATS = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml"}
GRAPH_FORMATS = {
    **dict.fromkeys(["turtle", "ttl", "n3"], "turtle"),
    **dict.fromkeys(["nt", "ntriples", "n-triples"], "nt"),
    **dict.fromkeys(["xml", "rdf", "rdfxml", "rdf+xml"], "rdfxml"),
    **dict.fromkeys(["json", "json-ld", "jsonld"], "jsonld"),
    **dict.fromkeys(["nquads", "n-quads"], "nquads"),
    "trig": "trig",
}
# rdflib serialiser per graph format: a result graph is the default graph only, so its N-Triples
# are valid N-Quads and its Turtle is valid TriG
SERIALISER = {
    "turtle": "turtle",
    "nt": "nt",
    "rdfxml": "xml",
    "jsonld": "json-ld",
    "nquads": "nt",
    "trig": "turtle",
}


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-query limits: seconds before a query is stopped (answered 503), rows before it is refused,
    how many queries run at once (one worker process each; the others wait, within their timeout)
    and the memory of one worker in MB (a query needing more is stopped)."""

    timeout: float = 10.0
    max_rows: int = 10_000
    running: int = 4
    memory: int = 2048


class ServeError(PolicyKGError):
    """A request the endpoint refuses, with the HTTP status to answer."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def timed_out(limits: Limits) -> ServeError:
    """The 503 answer of a query stopped at the timeout."""
    return ServeError(HTTPStatus.SERVICE_UNAVAILABLE, f"{TIMED_OUT} (the limit is {limits.timeout:g} s)")


def answer(  # noqa: PLR0913 (the protocol's parameters)
    store: Store,
    sparql: str,
    accept: str,
    fmt: str | None,
    limits: Limits,
    dataset: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    base: str | None = None,
) -> tuple[bytes, str]:
    """Run one query on ``store`` and render it; ServeError for anything the client must change.

    ``dataset`` is the protocol's (default-graph-uri, named-graph-uri) lists; ``base`` the IRI that
    relative IRIs in the query resolve against (the endpoint's own URL)."""
    options: dict[str, object] = {"base_iri": base} if base else {}
    if any(dataset):
        options["default_graph"], options["named_graphs"] = list(dataset[0]), list(dataset[1])
    try:
        result = execute(_Scoped(store, options) if options else store, sparql, limits)
    except QueryError as exc:
        if str(exc).startswith("query timed out"):
            raise timed_out(limits) from None
        raise ServeError(HTTPStatus.BAD_REQUEST, str(exc)) from None
    return render(result, accept, fmt)


class _Scoped:
    """A store whose queries all get the same extra options (dataset, base IRI)."""

    def __init__(self, store: Store, options: dict[str, object]) -> None:
        self.store, self.options = store, options

    def query(self, sparql: str, **kwargs: object):
        return self.store.query(sparql, **kwargs, **self.options)


def execute(store: Store, sparql: str, limits: Limits | None = None) -> QueryResult:
    """Check ``sparql`` like ``policykg query`` does, run it on ``store`` within ``limits``."""
    deadline = time.monotonic() + limits.timeout if limits else None
    cap = limits.max_rows if limits else None
    try:
        result = run_on_store(store, sparql, limit=cap, deadline=deadline)
        if cap is not None and len(result.triples) > cap:
            raise RowCapError(
                f"the query returns more than {cap} triples, the row cap: add LIMIT or narrow it"
            )
    except RowCapError as exc:
        raise ServeError(HTTPStatus.BAD_REQUEST, f"{exc} (--max-rows)") from None
    return result


def render(result: QueryResult, accept: str, fmt: str | None) -> tuple[bytes, str]:
    """(body, content type) for ``result``, by ``format=`` or else the Accept header."""
    graph_kind = result.kind in GRAPH_KINDS
    if graph_kind:
        choice = negotiate(accept, GRAPH_TYPES, fmt, GRAPH_FORMATS)
        text = result_graph(result).serialize(format=SERIALISER[choice])
    else:
        choice = negotiate(accept, SELECT_TYPES, fmt, SELECT_FORMATS)
        text = xml_results(result) if choice == "xml" else format_result(result, choice)
    return text.encode("utf-8"), MEDIA[choice] + "; charset=utf-8"


def negotiate(
    accept: str, table: dict[str, str], fmt: str | None = None, names: dict[str, str] | None = None
) -> str:
    """The format name for ``format=`` (a name or a media type) or else the Accept header (quality
    values honoured; the table's first entry as default).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
    'xml'
    >>> negotiate("*/*", SELECT_TYPES)
    'json'
    >>> negotiate("", GRAPH_TYPES, "xml", GRAPH_FORMATS)
    'rdfxml'
    """
    default = next(iter(table.values()))
    if fmt:
        found = (names or {}).get(fmt.lower()) or table.get(fmt.split(";")[0].strip().lower())
        if found is None:
            offered = ", ".join(names or dict.fromkeys(table.values()))
            raise ServeError(HTTPStatus.NOT_ACCEPTABLE, f"format={fmt} is not offered; use one of {offered}")
        return found
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                quality = _float(value)
        ranked.append((-quality, position, media.strip().lower()))
    for quality, _, media in sorted(ranked):
        if quality < 0 and (media in table or media in ("*/*", "application/*", "text/*")):
            return table.get(media, default)
    if not accept.strip():
        return default
    raise ServeError(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in {accept!r}; offered: {', '.join(table)}")


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def xml_results(result: QueryResult) -> str:
    """SPARQL Query Results XML (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    lines += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
    lines.append("</head>")
    if result.kind == "ASK":
        lines.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        lines.append("<results>")
        for row in result.rows:
            cells = (
                _xml_binding(name, term)
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            )
            lines.append("<result>" + "".join(cells) + "</result>")
        lines.append("</results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _xml_binding(name: str, term: object) -> str:
    if isinstance(term, BNode):
        inner = f"<bnode>{escape(str(term))}</bnode>"
    elif isinstance(term, Literal):
        attrs = f" xml:lang={quoteattr(term.language)}" if term.language else ""
        attrs += f" datatype={quoteattr(str(term.datatype))}" if term.datatype else ""
        inner = f"<literal{attrs}>{escape(str(term))}</literal>"
    else:
        inner = f"<uri>{escape(str(term))}</uri>"
    return f"<binding name={quoteattr(name)}>{inner}</binding>"
