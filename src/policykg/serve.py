"""``policykg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``.

The HTTP side only: requests are parsed here and handed to worker processes
(``policykg.worker``), which check the query (``policykg.query.run_on_store``: no SERVICE, FROM
or LOAD), run it on the store's own engine and render it (``policykg.protocol``) within the
timeout, the row cap and the memory cap; a query past its timeout is answered 503 and its worker
killed.  CORS headers only when asked (``cors``), for browser tools (YASGUI).  ``/`` is a small
HTML page with a query box, the shipped example queries and links to the views.
May import: ``policykg.protocol``, ``policykg.worker``, ``policykg.query``,
``policykg.pipeline``, ``policykg.store``, ``policykg.view``, ``policykg.errors``, the standard library.
"""

from __future__ import annotations

import html
import ipaddress
import re
import shutil
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO
from xml.sax.saxutils import quoteattr

from policykg.errors import PolicyKGError
from policykg.protocol import Limits, ServeError, execute  # noqa: F401 (execute: bench/run.py)
from policykg.query import named_queries
from policykg.worker import Source, WorkerPool

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of query text accepted in one request
ALLOW = "GET, HEAD, POST, OPTIONS"
POST_TYPES = "application/sparql-query, or application/x-www-form-urlencoded with query="
SOCKET_SECONDS = 20.0


def content_length(values: list[str]) -> int:
    """The body length a request declares: a ServeError for a bad or too large one.

    >>> content_length(["12"]), content_length([])
    (12, 0)
    """
    if len(set(values)) > 1:
        raise ServeError(HTTPStatus.BAD_REQUEST, "the request has two different Content-Length headers")
    text = values[0].strip() if values else "0"
    if not text.isdigit() or not text.isascii():
        raise ServeError(HTTPStatus.BAD_REQUEST, f"Content-Length {text!r} is not a number of bytes")
    if int(text) > MAX_BODY:
        raise ServeError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes")
    return int(text)


def post_parameters(content_type: str, body: bytes, query_string: str) -> dict[str, list[str]]:
    """The protocol parameters of a POST: its URL's, plus its form or its SPARQL body.

    >>> post_parameters("application/sparql-query", b"ASK {}", "format=csv")
    {'format': ['csv'], 'query': ['ASK {}']}
    """
    ctype, _, options = content_type.partition(";")
    ctype = ctype.strip().lower()
    charset = re.search(r"charset\s*=\s*\"?([\w-]+)", options, re.IGNORECASE)
    if not ctype:
        raise ServeError(HTTPStatus.BAD_REQUEST, f"a POST needs a Content-Type: {POST_TYPES}")
    if ctype not in (
        "application/sparql-query",
        "application/sparql-update",
        "application/x-www-form-urlencoded",
    ):
        raise ServeError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"cannot read a {ctype} body; send {POST_TYPES}")
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise ServeError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"the body must be UTF-8, not {charset.group(1)}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ServeError(HTTPStatus.BAD_REQUEST, f"the body is not UTF-8 (byte {exc.start})") from None
    params = urllib.parse.parse_qs(query_string)
    if ctype == "application/x-www-form-urlencoded":
        for name, values in urllib.parse.parse_qs(text).items():
            params.setdefault(name, []).extend(values)
    else:
        params["query" if ctype.endswith("query") else "update"] = [text]
    return params


def read_chunked(stream: BinaryIO, limit: int) -> bytes:
    """A chunked request body (RFC 9112 section 7.1), refused past ``limit`` bytes.

    >>> import io
    >>> read_chunked(io.BytesIO(b"4\\r\\nASK \\r\\n2;x=y\\r\\n{}\\r\\n0\\r\\n\\r\\n"), 100)
    b'ASK {}'
    """
    chunks, size = [], 0
    while True:
        line = stream.readline(1024)
        try:
            length = int(line.split(b";")[0].strip(), 16)
        except ValueError:
            raise ServeError(
                HTTPStatus.BAD_REQUEST, "a malformed chunk in the chunked request body"
            ) from None
        if length == 0:
            break
        size += length
        if size > limit:
            raise ServeError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {limit} bytes")
        chunks.append(stream.read(length))
        stream.readline(1024)  # the CRLF after the chunk
    while stream.readline(1024).strip():  # trailer fields, up to the empty line
        pass
    return b"".join(chunks)


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


def host_name(header: str) -> str:
    """The host of a Host header, without port or IPv6 brackets.

    >>> host_name("127.0.0.1:7878"), host_name("[::1]:80"), host_name("localhost")
    ('127.0.0.1', '::1', 'localhost')
    """
    header = header.strip()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


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
    timeout = SOCKET_SECONDS  # a client that stops sending loses its connection (and thread)
    head = False

    def parse_request(self) -> bool:
        """http.server's parsing, then: on loopback, only requests that name a loopback host.

        A web page whose host name an attacker points at 127.0.0.1 (DNS rebinding) would otherwise
        read the endpoint as its own origin, CORS or not; its requests carry that name as Host."""
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if self.server.loopback and host is not None and not is_loopback(host_name(host).lower()):
            self.close_connection = True
            self._error(
                HTTPStatus.FORBIDDEN,
                f"Host {host!r} is not this machine: a loopback endpoint answers only requests for "
                "localhost or a loopback address (--host to listen elsewhere)",
            )
            return False
        return True

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", {"Allow": ALLOW})

    def do_HEAD(self) -> None:  # noqa: N802
        self.head = True
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            self._send(HTTPStatus.OK, home_page(self.server.views), "text/html; charset=utf-8")
        elif url.path == "/sparql":
            params = urllib.parse.parse_qs(url.query)
            if not params:
                self._send(
                    HTTPStatus.OK, self.server.description(self._endpoint()), "text/turtle; charset=utf-8"
                )
                return
            self._sparql(params)
        elif url.path.startswith("/view/"):
            self._view(url.path.removeprefix("/view/"))
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no page at {url.path}: the endpoint is /sparql")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        try:
            body = self._body()
        except ServeError as exc:
            self.close_connection = True  # the unread body would be taken for the next request
            self._error(exc.status, str(exc))
            return
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no endpoint at {url.path}: POST to /sparql")
            return
        try:
            params = post_parameters(self.headers.get("Content-Type") or "", body, url.query)
        except ServeError as exc:
            self._error(exc.status, str(exc))
            return
        self._sparql(params)

    def do_PUT(self) -> None:  # noqa: N802
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{self.command} is not allowed: the endpoint is read-only ({ALLOW})\n".encode(),
            "text/plain; charset=utf-8",
            {"Allow": ALLOW},
        )
        self.close_connection = True

    do_DELETE = do_PATCH = do_TRACE = do_CONNECT = do_PUT  # noqa: N815

    def _body(self) -> bytes:
        """The request body: Content-Length or chunked, at most MAX_BODY bytes; ServeError otherwise."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            try:
                return read_chunked(self.rfile, MAX_BODY)
            except TimeoutError:
                raise ServeError(HTTPStatus.REQUEST_TIMEOUT, "the chunked request body stopped") from None
        if self.headers.get("Transfer-Encoding"):
            raise ServeError(HTTPStatus.NOT_IMPLEMENTED, "only the chunked Transfer-Encoding is understood")
        length = content_length(self.headers.get_all("Content-Length") or [])
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            body = b""
        if len(body) < length:
            raise ServeError(HTTPStatus.REQUEST_TIMEOUT, f"the request body ended before its {length} bytes")
        return body

    def _endpoint(self) -> str:
        """This endpoint's URL as the client named it (the Host header, when it is a plain host)."""
        host = self.headers.get("Host") or ""
        if not re.fullmatch(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", host):
            host = "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}/sparql"

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
            return
        if len(params.get("query", [])) != 1:
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one query= parameter (or a sparql-query body)")
            return
        fmt = (params.get("format") or params.get("output") or [None])[0]
        limits = self.server.limits
        dataset = (tuple(params.get("default-graph-uri", ())), tuple(params.get("named-graph-uri", ())))
        accept = self.headers.get("Accept") or ""
        request = ("query", params["query"][0], accept, fmt, limits, dataset, self._endpoint())
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
        if self.close_connection:
            self.send_header("Connection", "close")
        if self.server.cors:  # off by default: any web page could otherwise read the data
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Access-Control-Allow-Methods", ALLOW)
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            if self.server.cors != "*":
                self.send_header("Vary", "Origin")
        self.end_headers()
        if not self.head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.log:
            super().log_message(format, *args)


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server: the worker pool, the limits and the views built so far."""

    daemon_threads = True
    block_on_close = False  # closing must not wait for requests still running (Ctrl-C exits at once)
    request_queue_size = 128  # socketserver's default backlog of 5 drops connections of a burst of clients

    def __init__(
        self, source: Source, host: str, port: int, limits: Limits, log: bool = False, cors: str | None = None
    ) -> None:
        super().__init__((host, port), Handler)
        self.limits, self.log, self.cors = limits, log, cors
        self.loopback = is_loopback(host)
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
        try:
            page, _ = self.pool.run(("view", name), self.limits)
        except ServeError as exc:
            if exc.status != HTTPStatus.SERVICE_UNAVAILABLE or "timed out" not in str(exc):
                raise
            raise ServeError(
                exc.status,
                f"the view {name!r} took longer than the timeout ({self.limits.timeout:g} s, --timeout): "
                f"write it to a file with policykg view --store PATH --view {name} -o {name}.html",
            ) from None
        with self._lock:
            self._pages[name] = page
        return page

    def description(self, endpoint: str) -> bytes:
        """The SPARQL 1.1 Service Description of this endpoint, in Turtle."""
        return SERVICE_DESCRIPTION.replace("{endpoint}", endpoint).encode("utf-8")

    def server_close(self) -> None:
        self.pool.close()  # first: a request waiting on its worker then ends too
        super().server_close()


SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:RDF_XML, formats:JSON-LD,
        formats:N-Quads, formats:TriG ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
"""Read-only, SPARQL 1.1 Query only; the default graph is the union (merge) of the document graphs."""


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
    from policykg.corpus import open_data

    location = tempfile.mkdtemp(prefix="policykg-serve-", dir=folder)
    try:
        open_data(data, encoding=encoding, location=location).close()
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        raise
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
