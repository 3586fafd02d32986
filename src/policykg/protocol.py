"""The SPARQL 1.1 Protocol's answers: run one checked query on a Store and render it by content type.

Pure functions of (store, query text, Accept header, ``format=``, limits), called inside a worker
process (``policykg.worker``) so the HTTP server never runs a query itself.
May import: ``policykg.query``, ``policykg.store``, ``policykg.errors``, rdflib, the standard library.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http import HTTPStatus
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal

from policykg.errors import PolicyKGError, QueryError
from policykg.query import QueryResult, RowCapError, format_result, run_on_store
from policykg.store import TIMED_OUT, Store

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt"}
MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
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


def answer(store: Store, sparql: str, accept: str, fmt: str | None, limits: Limits) -> tuple[bytes, str]:
    """Run one query on ``store`` and render it; ServeError for anything the client must change."""
    try:
        result = execute(store, sparql, limits)
    except QueryError as exc:
        if str(exc).startswith("query timed out"):
            raise timed_out(limits) from None
        raise ServeError(HTTPStatus.BAD_REQUEST, str(exc)) from None
    return render(result, accept, fmt)


def execute(store: Store, sparql: str, limits: Limits | None = None) -> QueryResult:
    """Check ``sparql`` like ``policykg query`` does, run it on ``store`` within ``limits``."""
    deadline = time.monotonic() + limits.timeout if limits else None
    try:
        return run_on_store(store, sparql, limit=limits.max_rows if limits else None, deadline=deadline)
    except RowCapError as exc:
        raise ServeError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(exc)) from None


def render(result: QueryResult, accept: str, fmt: str | None) -> tuple[bytes, str]:
    """(body, content type) for ``result``, by ``format=`` or else the Accept header."""
    graph_kind = result.kind in ("CONSTRUCT", "DESCRIBE")
    choice = negotiate(accept, GRAPH_TYPES if graph_kind else SELECT_TYPES, fmt)
    if graph_kind:
        text = (result.graph or Graph()).serialize(format=choice)
    elif choice == "xml":
        text = xml_results(result)
    else:
        text = format_result(result, choice)
    return text.encode("utf-8"), MEDIA[choice] + "; charset=utf-8"


def negotiate(accept: str, table: dict[str, str], fmt: str | None = None) -> str:
    """The format name for an Accept header (quality values honoured; first entry as default).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
    'xml'
    >>> negotiate("*/*", SELECT_TYPES)
    'json'
    """
    names = list(dict.fromkeys(table.values()))
    if fmt:
        if fmt not in names:
            raise ServeError(
                HTTPStatus.NOT_ACCEPTABLE, f"format={fmt} is not offered; use one of {', '.join(names)}"
            )
        return fmt
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                quality = _float(value)
        ranked.append((-quality, position, media.strip().lower()))
    for quality, _, media in sorted(ranked):
        if quality < 0 and (media in table or media in ("*/*", "application/*", "text/*")):
            return table.get(media, names[0])
    if not accept.strip():
        return names[0]
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
