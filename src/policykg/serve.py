"""``policykg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` over a Store.

GET and POST (``query=`` form or an ``application/sparql-query`` body); results as JSON, CSV, TSV
or XML by content negotiation (or ``format=``), Turtle or N-Triples for CONSTRUCT/DESCRIBE.  Update
requests get 403.  Every query goes through ``policykg.query.run_on_store`` (checked: no SERVICE,
no FROM; run on the store's own engine) with a timeout and a row cap; CORS headers only when asked (``cors``), for browser tools (YASGUI).  ``/``
is a small HTML page with a query box, the shipped example queries and links to the views.
May import: ``policykg.query``, ``policykg.store``, ``policykg.errors``, rdflib, the standard library.
"""

from __future__ import annotations

import html
import ipaddress
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal

from policykg.errors import PolicyKGError, QueryError
from policykg.query import QueryResult, RowCapError, format_result, named_queries, run_on_store
from policykg.store import TIMED_OUT, Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of query text accepted in one request
ALLOW = "GET, POST, OPTIONS"
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
    """Per-query limits: seconds before a query is answered 503, rows before it is refused, and
    how many queries may run at once (the others wait for a free thread, within their timeout)."""

    timeout: float = 10.0
    max_rows: int = 10_000
    running: int = 4


class ServeError(PolicyKGError):
    """A request the endpoint refuses, with the HTTP status to answer."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def answer(
    store: Store,
    sparql: str,
    accept: str,
    fmt: str | None,
    limits: Limits,
    pool: ThreadPoolExecutor | None = None,
) -> tuple[bytes, str]:
    """Run one query on ``store`` and render it; ServeError for anything the client must change.

    With a ``pool`` the query runs on one of its few threads and the answer comes at the timeout at
    the latest; a query that Oxigraph cannot stop (it checks the deadline between rows only) keeps
    its thread until it ends, so the pool's size bounds the CPU that runaway queries can take.
    """
    try:
        if pool is None:
            result = execute(store, sparql, limits)
        else:
            result = pool.submit(execute, store, sparql, limits).result(timeout=limits.timeout)
    except (QueryError, FutureTimeout) as exc:
        timed_out = isinstance(exc, FutureTimeout) or str(exc).startswith("query timed out")
        if not timed_out:
            raise ServeError(HTTPStatus.BAD_REQUEST, str(exc)) from None
        message = f"{TIMED_OUT} (the limit is {limits.timeout:g} s)"
        raise ServeError(HTTPStatus.SERVICE_UNAVAILABLE, message) from None
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


def home_page(views: list[str]) -> bytes:
    """The HTML page at ``/``: a query box, the shipped example queries, links to the views."""
    examples = "".join(
        f"<li><a href='#' data-q={quoteattr(q.text)}><code>{html.escape(q.name)}</code></a> "
        f"{html.escape(q.title)}</li>"
        for q in named_queries().values()
    )
    links = "".join(f"<li><a href='/view/{html.escape(v)}'>{html.escape(v)}</a></li>" for v in views)
    page = _PAGE.replace("{examples}", examples).replace("{views}", links)
    return page.encode("utf-8")


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>policykg SPARQL endpoint</title>
<style>body{font:15px sans-serif;max-width:60em;margin:2em auto}textarea{width:100%;height:12em;font:13px monospace}</style>
</head><body><h1>policykg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 Protocol endpoint at <code>/sparql</code> (GET or POST <code>query=</code>).</p>
<form method="get" action="/sparql"><textarea name="query" id="q">SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10</textarea>
<p><label>Format <select name="format"><option>json</option><option>csv</option><option>tsv</option>
<option>xml</option></select></label> <button type="submit">Run</button></p></form>
<h2>Example queries</h2><ul id="examples">{examples}</ul>
<h2>Views</h2><ul>{views}</ul>
<script>for(const a of document.querySelectorAll('#examples a')){a.onclick=e=>{e.preventDefault();
document.getElementById('q').value=a.dataset.q;};}</script>
</body></html>
"""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Handler(BaseHTTPRequestHandler):
    """One HTTP request: ``/``, ``/sparql`` and ``/view/NAME``; everything else is 404."""

    server: EndpointServer
    protocol_version = "HTTP/1.1"

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", {"Allow": ALLOW})

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            self._send(HTTPStatus.OK, home_page(self.server.views), "text/html; charset=utf-8")
        elif url.path == "/sparql":
            self._sparql(urllib.parse.parse_qs(url.query))
        elif url.path.startswith("/view/"):
            self._view(url.path.removeprefix("/view/"))
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no page at {url.path}: the endpoint is /sparql")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no endpoint at {url.path}: POST to /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        if ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            params["update"] = [body]
        else:
            params.update(urllib.parse.parse_qs(body))
        self._sparql(params)

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
            return
        if len(params.get("query", [])) != 1:
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one query= parameter (or a sparql-query body)")
            return
        fmt = (params.get("format") or [None])[0]
        try:
            body, ctype = answer(
                self.server.store,
                params["query"][0],
                self.headers.get("Accept") or "",
                fmt,
                self.server.limits,
                self.server.pool,
            )
        except ServeError as exc:
            self._error(exc.status, str(exc))
            return
        except PolicyKGError as exc:  # e.g. a remote store that cannot be reached
            self._error(HTTPStatus.BAD_GATEWAY, str(exc))
            return
        self._send(HTTPStatus.OK, body, ctype)

    def _view(self, name: str) -> None:
        if name not in self.server.views:
            self._error(HTTPStatus.NOT_FOUND, f"no view {name!r}; views: {', '.join(self.server.views)}")
            return
        self._send(HTTPStatus.OK, self.server.view_page(name), "text/html; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if self.server.cors:  # off by default: any web page could otherwise read the data
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Access-Control-Allow-Methods", ALLOW)
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            if self.server.cors != "*":
                self.send_header("Vary", "Origin")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.log:
            super().log_message(format, *args)


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server holding the store, the limits and the rendered views."""

    daemon_threads = True
    request_queue_size = 128  # socketserver's default backlog of 5 drops connections of a burst of clients

    def __init__(
        self, store: Store, host: str, port: int, limits: Limits, log: bool = False, cors: str | None = None
    ) -> None:
        super().__init__((host, port), Handler)
        self.store, self.limits, self.log, self.cors = store, limits, log, cors
        self.pool = ThreadPoolExecutor(max_workers=limits.running, thread_name_prefix="policykg-query")
        self.views = _view_names()
        self._pages: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def view_page(self, name: str) -> bytes:
        """The HTML of view ``name`` for the whole store, built once."""
        with self._lock:
            if name not in self._pages:
                from policykg.view import write_view

                self._pages[name] = write_view(self.store.to_graph(), name)
            return self._pages[name]


def _view_names() -> list[str]:
    from policykg.view import VIEWS

    return sorted(VIEWS)


def make_server(
    store: Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    log: bool = False,
    cors: str | None = None,
) -> EndpointServer:
    """A server ready to ``serve_forever()`` (port 0 picks a free port: see ``server_address``).

    ``cors`` is the origin allowed to read answers from a browser (``"*"`` for any); None sends no
    CORS headers, so a web page the user opens cannot read the endpoint."""
    try:
        return EndpointServer(store, host, port, limits or Limits(), log, cors)
    except OSError as exc:
        raise PolicyKGError(
            f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port"
        ) from None


def serve(
    store: Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    cors: str | None = None,
) -> None:
    """Answer requests until Ctrl-C; say where on stderr (and warn when not on loopback)."""
    server = make_server(store, host, port, limits, log=True, cors=cors)
    bound_host, bound_port = server.server_address[:2]
    if not is_loopback(host):
        sys.stderr.write(f"warning: listening on {host}, so other machines can query this data\n")
    sys.stderr.write(f"SPARQL endpoint at http://{bound_host}:{bound_port}/sparql (Ctrl-C stops)\n")
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.shutdown(wait=False, cancel_futures=True)
        store.close()
