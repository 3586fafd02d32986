"""``policykg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``.

The HTTP side only: requests are parsed here and handed to worker processes
(``policykg.worker``), which check the query (``policykg.query.run_on_store``: no SERVICE, FROM
or LOAD), run it on the store's own engine and render it (``policykg.protocol``) within the
timeout, the row cap and the memory cap; a query past its timeout is answered 503 and its worker
killed.  CORS headers only when asked (``cors``), for browser tools (YASGUI).  ``/`` is a small
HTML page with a query box, the shipped example queries and links to the views.
May import: ``policykg.protocol``, ``policykg.worker``, ``policykg.query``, ``policykg.corpus``,
``policykg.pipeline``, ``policykg.store``, ``policykg.view``, ``policykg.errors``, the standard library.
"""

from __future__ import annotations

import html
import ipaddress
import shutil
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import quoteattr

from policykg.errors import PolicyKGError
from policykg.protocol import Limits, ServeError, execute  # noqa: F401 (execute: bench/run.py)
from policykg.query import named_queries
from policykg.worker import Source, WorkerPool

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of query text accepted in one request
ALLOW = "GET, POST, OPTIONS"


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
        limits = self.server.limits
        request = ("query", params["query"][0], self.headers.get("Accept") or "", fmt, limits)
        try:
            body, ctype = self.server.pool.run(request, limits)
        except ServeError as exc:
            self._error(exc.status, str(exc))
            return
        self._send(HTTPStatus.OK, body, ctype)

    def _view(self, name: str) -> None:
        if name not in self.server.views:
            self._error(HTTPStatus.NOT_FOUND, f"no view {name!r}; views: {', '.join(self.server.views)}")
            return
        try:
            page = self.server.view_page(name)
        except ServeError as exc:
            self._error(exc.status, str(exc))
            return
        self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")

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
    """A threading HTTP server: the worker pool, the limits and the views built so far."""

    daemon_threads = True
    request_queue_size = 128  # socketserver's default backlog of 5 drops connections of a burst of clients

    def __init__(
        self, source: Source, host: str, port: int, limits: Limits, log: bool = False, cors: str | None = None
    ) -> None:
        super().__init__((host, port), Handler)
        self.limits, self.log, self.cors = limits, log, cors
        try:
            self.pool = WorkerPool(source, limits)
        except PolicyKGError:
            self.socket.close()
            raise
        self.views = _view_names()
        self._pages: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def view_page(self, name: str) -> bytes:
        """The HTML of view ``name`` for the whole store, built once by a worker (within the timeout)."""
        with self._lock:
            if name in self._pages:
                return self._pages[name]
        page, _ = self.pool.run(("view", name), self.limits)
        with self._lock:
            self._pages[name] = page
        return page

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def _view_names() -> list[str]:
    from policykg.view import VIEWS

    return sorted(VIEWS)


def open_source(
    data: Sequence[str] = (),
    store: str | None = None,
    endpoint: str | None = None,
    encoding: str = "utf-8",
    folder: str | None = None,
) -> Source:
    """Where the workers read: ``--store PATH``, ``--endpoint URL``, or DATA loaded into an Oxigraph
    store in a new directory under ``folder`` (a temporary one by default; remove it with
    ``close_source``)."""
    if data and (store or endpoint):
        raise PolicyKGError("give DATA files or --store/--endpoint, not both")
    if store and endpoint:
        raise PolicyKGError("give either --store PATH or --endpoint URL, not both")
    if endpoint:
        return Source("remote", endpoint)
    if store:
        return Source("oxigraph", store)
    from policykg.corpus import DATA_GRAPH
    from policykg.pipeline import load
    from policykg.store import open_store

    graph = load(list(data), encoding=encoding)
    location = tempfile.mkdtemp(prefix="policykg-serve-", dir=folder)
    target = open_store("oxigraph", location)
    try:
        target.replace(DATA_GRAPH, graph)
    finally:
        target.close()
    return Source("oxigraph", location, temporary=True)


def make_server(
    source: Source,
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
        return EndpointServer(source, host, port, limits or Limits(), log, cors)
    except OSError as exc:
        raise PolicyKGError(
            f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port"
        ) from None


def serve(
    source: Source,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    cors: str | None = None,
) -> None:
    """Answer requests until Ctrl-C; say where on stderr (and warn when not on loopback)."""
    try:
        server = make_server(source, host, port, limits, log=True, cors=cors)
    except BaseException:
        close_source(source)
        raise
    bound_host, bound_port = server.server_address[:2]
    if not is_loopback(host):
        sys.stderr.write(f"warning: listening on {host}, so other machines can query this data\n")
    if source.backend == "oxigraph" and not server.pool.offline:
        sys.stderr.write(
            "warning: no network namespace for the query workers; only the SPARQL check keeps them offline\n"
        )
    sys.stderr.write(f"SPARQL endpoint at http://{bound_host}:{bound_port}/sparql (Ctrl-C stops)\n")
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        close_source(source)


def close_source(source: Source) -> None:
    """Remove the temporary store ``open_source`` made for DATA (nothing otherwise)."""
    if source.temporary:
        shutil.rmtree(source.location, ignore_errors=True)
