"""The one record of a SPARQL answer, whatever engine produced it (rdflib, Oxigraph, an endpoint).

Stores return it (``policykg.store``), ``policykg.query`` checks, orders and renders it, and every
reader (``query``, ``serve``, ``stats``, ``track``, the views, the Python API) takes it as it is.
May import: rdflib, ``policykg.errors``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rdflib.term import Node

from policykg.errors import QueryTimeoutError

GRAPH_KINDS = frozenset({"CONSTRUCT", "DESCRIBE"})
"""The query forms whose answer is a graph (``triples``)."""

TIMED_OUT = "query timed out: it ran past the per-query timeout; add a LIMIT or narrow it"


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What a query returned, in rdflib terms, independent of the engine that ran it.

    ``kind`` is the query form: SELECT fills ``variables`` and ``rows`` (None for an unbound
    value), ASK fills ``boolean``, CONSTRUCT and DESCRIBE fill ``triples`` (each triple once; an
    engine that cannot tell the two apart says CONSTRUCT, and ``policykg.query`` names the form
    the text has). ``truncated`` is true when a row cap cut the rows short.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Node, Node, Node], ...] = ()
    truncated: bool = False


def check_deadline(deadline: float | None, now: float) -> None:
    """Raise QueryTimeoutError when ``now`` is past ``deadline`` (both ``time.monotonic()`` seconds)."""
    if deadline is not None and now > deadline:
        raise QueryTimeoutError(TIMED_OUT)


def from_rdflib(result: Any, limit: int | None = None, deadline: float | None = None) -> QueryResult:
    """An rdflib query result (evaluated lazily) read into a QueryResult, stopping at ``limit`` rows
    (``truncated``) or at ``deadline``."""
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if result.type in GRAPH_KINDS:
        return QueryResult(result.type, triples=tuple(result.graph or ()))
    variables = tuple(str(variable) for variable in result.vars or ())
    rows: list[tuple] = []
    for row in result:
        if limit is not None and len(rows) >= limit:
            return QueryResult("SELECT", variables, tuple(rows), truncated=True)
        check_deadline(deadline, time.monotonic())
        rows.append(tuple(row))
    return QueryResult("SELECT", variables, tuple(rows))
