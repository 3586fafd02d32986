"""``policykg serve`` over real HTTP: protocol, formats, refusals, limits, CORS and 20 clients."""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from policykg.serve import Limits, Source, close_source, make_server
from policykg.store import open_store

PK = "https://w3id.org/policykg/ontology#"
ID = "https://w3id.org/policykg/id/"
SELECT = "SELECT ?city ?label WHERE { ?city a pk:City ; rdfs:label ?label } ORDER BY ?label"


def city_graph() -> Graph:
    graph = Graph()
    for slug, label, population in (("alpha", "Alpha", "2.5"), ("beta", "Beta", "7")):
        node = URIRef(ID + "city/" + slug)
        graph.add((node, RDF.type, URIRef(PK + "City")))
        graph.add((node, RDFS.label, Literal(label, lang="en")))
        graph.add((node, URIRef(PK + "value"), Literal(population, datatype=XSD.decimal)))
    return graph


def city_source() -> Source:
    """A new Oxigraph store directory holding ``city_graph`` (removed by ``stop``)."""
    location = tempfile.mkdtemp(prefix="policykg-test-serve-")
    store = open_store("oxigraph", location)
    store.replace(ID + "document/test", city_graph())
    store.close()
    return Source("oxigraph", location, temporary=True)


def start(limits: Limits | None = None, cors: str | None = None, source: Source | None = None):
    source = source or city_source()
    server = make_server(source, "127.0.0.1", 0, limits, cors=cors)
    server.source = source
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(5)
    close_source(server.source)


@pytest.fixture(scope="module")
def base():
    server, thread = start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    stop(server, thread)


def fetch(
    url: str,
    data: bytes | None = None,
    headers: dict | None = None,
    method: str | None = None,
    timeout: float = 60,
):
    """(status, headers, body) of one real HTTP request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def get(base: str, query: str, accept: str = "", timeout: float = 60, **params: str):
    qs = urllib.parse.urlencode({"query": query, **params})
    return fetch(f"{base}/sparql?{qs}", headers={"Accept": accept} if accept else {}, timeout=timeout)


def test_get_answers_sparql_json(base):
    status, headers, body = get(base, SELECT, "application/sparql-results+json")
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert "Access-Control-Allow-Origin" not in headers
    bindings = json.loads(body)["results"]["bindings"]
    assert [b["city"]["value"] for b in bindings] == [ID + "city/alpha", ID + "city/beta"]
    assert bindings[0]["label"] == {"type": "literal", "value": "Alpha", "xml:lang": "en"}


def test_post_form_and_query_body_give_the_same_answer(base):
    form = urllib.parse.urlencode({"query": SELECT}).encode()
    by_form = fetch(f"{base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    by_body = fetch(f"{base}/sparql", SELECT.encode(), {"Content-Type": "application/sparql-query"})
    assert by_form[0] == by_body[0] == 200
    assert by_form[2] == by_body[2] == get(base, SELECT)[2]


def test_csv_tsv_and_xml_by_content_negotiation(base):
    status, headers, body = get(base, SELECT, "text/csv")
    assert (status, headers["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert list(csv.reader(io.StringIO(body))) == [
        ["city", "label"],
        [ID + "city/alpha", "Alpha"],
        [ID + "city/beta", "Beta"],
    ]
    status, _, body = get(base, SELECT, "text/tab-separated-values")
    assert body.splitlines() == [
        "?city\t?label",
        f'<{ID}city/alpha>\t"Alpha"@en',
        f'<{ID}city/beta>\t"Beta"@en',
    ]
    status, headers, body = get(base, SELECT, "text/csv;q=0.5, application/sparql-results+xml")
    assert headers["Content-Type"] == "application/sparql-results+xml; charset=utf-8"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["city", "label"]
    assert [u.text for u in root.findall(".//r:binding[@name='city']/r:uri", ns)] == [
        ID + "city/alpha",
        ID + "city/beta",
    ]


def test_format_parameter_overrides_accept(base):
    status, headers, _ = get(base, SELECT, "application/sparql-results+json", format="tsv")
    assert (status, headers["Content-Type"]) == (200, "text/tab-separated-values; charset=utf-8")


def test_ask_and_construct(base):
    assert json.loads(get(base, "ASK { ?c a pk:City }")[2]) == {"head": {}, "boolean": True}
    status, headers, body = get(base, "CONSTRUCT { ?c a pk:City } WHERE { ?c a pk:City }")
    assert (status, headers["Content-Type"]) == (200, "text/turtle; charset=utf-8")
    graph = Graph().parse(data=body, format="turtle")
    assert set(graph) == {
        (URIRef(ID + "city/" + s), RDF.type, URIRef(PK + "City")) for s in ("alpha", "beta")
    }


def test_update_is_refused_with_403(base):
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    expected = "SPARQL Update is refused: this endpoint is read-only\n"
    assert fetch(f"{base}/sparql", form)[::2] == (403, expected)
    assert fetch(f"{base}/sparql", update.encode(), {"Content-Type": "application/sparql-update"})[::2] == (
        403,
        expected,
    )
    assert fetch(f"{base}/sparql?" + urllib.parse.urlencode({"update": update}))[::2] == (403, expected)
    assert json.loads(get(base, "ASK { <http://x/a> ?p ?o }")[2])["boolean"] is False


def test_service_and_syntax_errors_are_400(base):
    status, _, body = get(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert (status, body.split(";")[0]) == (
        400,
        "SERVICE is refused: a query never contacts other SPARQL endpoints",
    )
    status, _, body = get(base, "SELECT ?x WHERE { ?x }")
    assert status == 400 and body.startswith("SPARQL syntax error at line 1")


def test_the_service_forms_of_issue_8_never_reach_the_network(base):
    """Both parsers' readings differ on these; the endpoint refuses them and nothing connects out."""
    from test_sparql_guard import Listener

    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}/x"
    try:
        forms = [
            f"SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?a ?b ?c }}\n}}",
            f'SELECT * WHERE {{ BIND("a\\u0022 # " AS ?x) SERVICE <{url}> {{?s ?p ?o}} BIND("b"\n AS ?y) }}',
        ]
        for form in forms:
            status, _, body = get(base, form)
            assert (status, body.split(";")[0]) == (
                400,
                "SERVICE is refused: a query never contacts other SPARQL endpoints",
            )
            status, _, _ = fetch(
                f"{base}/sparql", form.encode(), {"Content-Type": "application/sparql-query"}
            )
            assert status == 400
    finally:
        listener.close()
    assert listener.count == 0


def test_unacceptable_format_is_406(base):
    status, _, body = get(base, SELECT, "image/png")
    assert status == 406 and body.startswith("cannot answer in 'image/png'")


def test_missing_query_and_unknown_path(base):
    assert fetch(f"{base}/sparql?format=json")[::2] == (
        400,
        "give exactly one query= parameter (or a sparql-query body)\n",
    )
    assert fetch(f"{base}/nothing")[::2] == (404, "no page at /nothing: the endpoint is /sparql\n")


def test_cors_is_off_by_default(base):
    status, headers, _ = fetch(f"{base}/sparql", method="OPTIONS")
    assert (status, headers["Allow"]) == (204, "GET, HEAD, POST, OPTIONS")
    assert [name for name in headers if name.lower().startswith("access-control-")] == []


@pytest.mark.parametrize("origin", ["*", "https://yasgui.org"])
def test_cors_for_the_origin_asked(origin):
    server, thread = start(cors=origin)
    try:
        url = "http://{}:{}".format(*server.server_address[:2])
        status, headers, _ = fetch(f"{url}/sparql", method="OPTIONS")
        assert (status, headers["Access-Control-Allow-Origin"]) == (204, origin)
        assert headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, OPTIONS"
        status, headers, _ = get(url, SELECT)
        assert (status, headers["Access-Control-Allow-Origin"]) == (200, origin)
    finally:
        stop(server, thread)


def test_home_page_has_a_query_box_and_the_example_queries(base):
    from policykg.query import named_queries

    status, headers, body = fetch(base + "/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert '<form method="get" action="/sparql">' in body
    for query in named_queries().values():
        assert f"<code>{query.name}</code></a> {html.escape(query.title)}</li>" in body
    assert "<a href='/view/full'>full</a>" in body


def test_row_cap_and_timeout_give_clear_errors():
    server, thread = start(Limits(timeout=10, max_rows=2))
    try:
        url = "http://{}:{}".format(*server.server_address[:2])
        status, _, body = get(url, "SELECT * WHERE { ?s ?p ?o }")
        assert (status, body) == (
            400,
            "the query returns more than 2 rows, the row cap: add LIMIT or narrow it (--max-rows)\n",
        )
        status, _, body = get(url, "CONSTRUCT WHERE { ?s ?p ?o }")
        assert (status, body) == (
            400,
            "the query returns more than 2 triples, the row cap: add LIMIT or narrow it (--max-rows)\n",
        )
        assert get(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 2")[0] == 200
        server.limits = Limits(timeout=0, max_rows=2)
        status, _, body = get(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 2")
        assert status == 503
        assert body == (
            "query timed out: it ran past the per-query timeout; add a LIMIT or narrow it (the limit is 0 s)\n"
        )
    finally:
        stop(server, thread)


HEAVY = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ {' '.join(str(n) for n in range(200))} }}" for v in "abcd")
    + " }"
)  # 1.6 billion rows to count: minutes of CPU


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for_free_workers(server, count: int) -> None:
    for _ in range(1200):
        if server.pool._free.qsize() >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"the pool did not get {count} free workers within 120 s")


def test_runaway_queries_are_killed_and_the_endpoint_keeps_answering():
    """Before: the query kept its thread and CPU after the 503, and four of them blocked the server."""
    server, thread = start(Limits(timeout=0.5, max_rows=10, running=2))
    try:
        url = "http://{}:{}".format(*server.server_address[:2])
        for _ in range(5):
            wait_for_free_workers(server, 2)  # so the 503 below comes from the timeout, not a busy pool
            running = {worker.process.pid for worker in server.pool._live}
            assert get(url, HEAVY)[::2] == (
                503,
                "query timed out: it ran past the per-query timeout; add a LIMIT or narrow it (the limit is 0.5 s)\n",
            )
            assert [pid for pid in running if not alive(pid)] != []  # its worker is gone, not left running
        server.limits = Limits(timeout=60, max_rows=10, running=2)
        assert get(url, "ASK { ?c a pk:City }")[::2] == (200, '{\n  "head": {},\n  "boolean": true\n}\n')
    finally:
        stop(server, thread)


def test_a_query_past_the_memory_cap_is_stopped():
    """Before: a cartesian CONSTRUCT grew until the machine ran out of memory."""
    server, thread = start(Limits(timeout=120, max_rows=10, running=1, memory=300))
    iris = " ".join(f"<http://x/{n}>" for n in range(300))
    cartesian = f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ VALUES ?a {{ {iris} }} VALUES ?b {{ {iris} }} VALUES ?c {{ {iris} }} }}"
    try:
        url = "http://{}:{}".format(*server.server_address[:2])
        assert get(url, cartesian, timeout=300)[::2] == (
            503,
            "the query needed more memory than a query may use (300 MB, --max-memory) or ended its worker; "
            "add a LIMIT or narrow it\n",
        )
        assert get(url, "ASK { ?c a pk:City }")[0] == 200
    finally:
        stop(server, thread)


def test_views_are_bounded_by_the_timeout():
    """Before: a view was built in the request thread, however long it took (61 s, 1.7 GB)."""
    server, thread = start(Limits(timeout=0.01, running=1))
    try:
        url = "http://{}:{}".format(*server.server_address[:2])
        status, _, body = fetch(url + "/view/full")
        assert (status, body) == (
            503,
            "the view 'full' took longer than the timeout (0.01 s, --timeout): write it to a file with "
            "policykg view --store PATH --view full -o full.html\n",
        )
        server.limits = Limits(timeout=120, running=1)
        status, headers, body = fetch(url + "/view/full")
        assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
        assert "Alpha" in body
    finally:
        stop(server, thread)


def test_thirty_different_queries_at_once_on_a_cold_server():
    """Before: rdflib's parser, shared by the request threads, broke (89 % errors) until restart."""
    server, thread = start(Limits(timeout=120, running=4))
    url = "http://{}:{}".format(*server.server_address[:2])
    texts = [
        f"SELECT ?c{n} ?l WHERE {{ ?c{n} a pk:City ; rdfs:label ?l FILTER(?c{n} != <http://x/{n}>) }} ORDER BY ?l"
        for n in range(30)
    ]
    try:
        with ThreadPoolExecutor(30) as pool:
            answers = list(pool.map(lambda text: get(url, text, "text/csv"), texts))
        assert [(status, body.splitlines()[1:]) for status, _, body in answers] == [
            (200, [f"{ID}city/alpha,Alpha", f"{ID}city/beta,Beta"])
        ] * 30
    finally:
        stop(server, thread)


def test_query_workers_have_no_network(tmp_path):
    """The second barrier: a worker process cannot connect anywhere, even to 127.0.0.1."""
    from test_sparql_guard import Listener

    listener = Listener()
    program = (
        "import sys, pyoxigraph\n"
        "from policykg.worker import _leave_the_network\n"
        "if sys.argv[1] == 'offline':\n"
        "    assert _leave_the_network()\n"
        "try:\n"
        f"    list(pyoxigraph.Store().query('SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}'))\n"
        "except OSError as error:\n"
        "    print(error)\n"
    )
    try:
        for mode in ("offline", "online"):
            subprocess.run([sys.executable, "-c", program, mode], check=True, timeout=60, capture_output=True)
            if mode == "offline":
                assert listener.count == 0
        assert listener.count == 1  # the harness does see a connection when the worker is online
    finally:
        listener.close()


def hammer(base: str, seconds: float, clients: int = 20) -> tuple[int, list[str]]:
    """``clients`` threads querying for ``seconds``: (answers, failures)."""
    stop = time.monotonic() + seconds
    expected = get(base, SELECT)[2]

    def client(_: int) -> tuple[int, list[str]]:
        done, failures = 0, []
        while time.monotonic() < stop:
            status, _, body = get(base, SELECT)
            if status != 200 or body != expected:
                failures.append(f"{status}: {body[:80]}")
            done += 1
        return done, failures

    with ThreadPoolExecutor(clients) as pool:
        outcomes = list(pool.map(client, range(clients)))
    return sum(o[0] for o in outcomes), [f for o in outcomes for f in o[1]]


def test_twenty_concurrent_clients_briefly(base):
    answers, failures = hammer(base, 1.0)
    assert failures == []
    assert answers >= 20


@pytest.mark.slow
def test_twenty_concurrent_clients_for_ten_seconds(base):
    answers, failures = hammer(base, 10.0)
    assert failures == []
    assert answers >= 200


def test_policykg_serve_runs_for_real(tmp_path):
    """``python -m policykg serve FILE --port 0`` says where it listens, answers, and stops on SIGINT,
    also while a runaway query runs (before: the port closed but the process never exited)."""
    from pathlib import Path

    data = tmp_path / "cities.ttl"
    city_graph().serialize(data, format="turtle")
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
        "TMPDIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "policykg", "serve", str(data), "--port", "0", "--timeout", "600"]
    # a shell's background job (`pytest &`) ignores SIGINT, and a child inherits that: restore the default,
    # as in a terminal, so the server installs its Ctrl-C handler
    restore = functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL)
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, preexec_fn=restore)
    try:
        line = server.stderr.readline()
        assert line.startswith("SPARQL endpoint at http://127.0.0.1:") and line.endswith(
            "/sparql (Ctrl-C stops)\n"
        )
        endpoint = line.split()[3]
        status, _, body = fetch(
            endpoint + "?" + urllib.parse.urlencode({"query": SELECT}), headers={"Accept": "text/csv"}
        )
        assert (status, body.splitlines()[1:]) == (200, [f"{ID}city/alpha,Alpha", f"{ID}city/beta,Beta"])
        runaway = threading.Thread(
            target=fetch, args=(endpoint + "?" + urllib.parse.urlencode({"query": HEAVY}),)
        )
        runaway.daemon = True
        runaway.start()
        time.sleep(0.5)  # let the query start; the assertion below does not depend on this delay
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(60)  # a bound, not a timing: it exits in well under a second
        except subprocess.TimeoutExpired:
            server.kill()  # never leave a server behind
            raise
        assert code == 0, server.stderr.read()[-3000:]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("policykg-serve-")] == []


def test_a_missing_store_is_an_error_before_listening(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "policykg", "serve", "--store", str(tmp_path / "none.db"), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: no Oxigraph store at {tmp_path / 'none.db'}: build one with policykg build CORPUS "
        f"--store {tmp_path / 'none.db'}\n",
    )


# ---- request bodies, methods and the SPARQL 1.1 Protocol ----------------------------------------------


def raw(base: str, request: bytes, seconds: float = 10.0) -> bytes:
    """Send ``request`` bytes on a new connection; everything the server answers until it closes."""
    import socket

    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=seconds) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR) if request.endswith(b"\r\n\r\n0\r\n\r\n") else None
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                break
        return b"".join(chunks)


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def post_head(length: str, extra: str = "") -> bytes:
    return (
        f"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {length}\r\n{extra}\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("length", "status", "message"),
    [
        ("-1", 400, "Content-Length '-1' is not a number of bytes"),
        ("abc", 400, "Content-Length 'abc' is not a number of bytes"),
        ("314572800", 413, "the request body is over 1048576 bytes"),
    ],
)
def test_bad_content_lengths_are_refused_before_reading(base, length, status, message):
    """Before: -1 buffered a 300 MiB body whole, and 'abc' gave a traceback and no answer."""
    answer = raw(base, post_head(length) + b"ASK {}")
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert answer.endswith(f"{message}\n".encode())
    assert b"Connection: close" in answer


def test_a_chunked_body_is_read_as_the_body(base):
    """Before: the chunks were read as the next request."""
    query = b"ASK { ?c a pk:City }"
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        b"Accept: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + f"{len(query[:5]):x}\r\n".encode()
        + query[:5]
        + b"\r\n"
        + f"{len(query[5:]):x}\r\n".encode()
        + query[5:]
        + b"\r\n0\r\n\r\n"
    )
    answer = raw(base, request)
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert json.loads(answer.partition(b"\r\n\r\n")[2]) == {"head": {}, "boolean": True}
    too_big = post_head("0", "").replace(b"Content-Length: 0\r\n", b"Transfer-Encoding: chunked\r\n")
    answer = raw(base, too_big + b"200000\r\n" + b"x" * 1000)
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_half_open_request_is_dropped_after_the_socket_timeout(monkeypatch):
    """Before: no socket timeout, 200 half-open connections were held for as long as they stayed."""
    from policykg.serve import Handler

    monkeypatch.setattr(Handler, "timeout", 0.5)
    server, thread = start()
    try:
        url = "http://{}:{}".format(*server.server_address[:2])
        answer = raw(url, post_head("100") + b"ASK", seconds=30)
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert answer.endswith(b"the request body ended before its 100 bytes\n")
        assert raw(url, b"GET /sparql HTT", seconds=30) == b""  # an unfinished request line: closed
    finally:
        stop(server, thread)


def test_methods(base):
    status, headers, body = fetch(f"{base}/sparql?query=ASK%7B%7D", method="HEAD")
    assert (status, headers["Content-Type"], body) == (
        200,
        "application/sparql-results+json; charset=utf-8",
        "",
    )
    assert int(headers["Content-Length"]) > 0
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, body = fetch(f"{base}/sparql", b"x", method=method)
        assert (status, headers["Allow"], body) == (
            405,
            "GET, HEAD, POST, OPTIONS",
            f"{method} is not allowed: the endpoint is read-only (GET, HEAD, POST, OPTIONS)\n",
        )
    status, _, body = fetch(f"{base}/sparql", b"query=ASK%7B%7D", {"Content-Type": ""})
    assert (status, body) == (
        400,
        "a POST needs a Content-Type: application/sparql-query, or application/x-www-form-urlencoded with query=\n",
    )
    status, _, _ = fetch(f"{base}/sparql", b"ASK {}", {"Content-Type": "text/plain"})
    assert status == 415


def test_service_description_without_a_query(base):
    status, headers, body = fetch(f"{base}/sparql")
    assert (status, headers["Content-Type"]) == (200, "text/turtle; charset=utf-8")
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(f"{base}/sparql#service")
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    assert (service, URIRef(sd + "endpoint"), URIRef(f"{base}/sparql")) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph


CITIES_CONSTRUCT = "CONSTRUCT { ?c a pk:City ; rdfs:label ?l } WHERE { ?c a pk:City ; rdfs:label ?l }"


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-quads", "application/n-quads", "nquads"),
        ("application/trig", "application/trig", "trig"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("text/turtle;q=0.2, application/rdf+xml;q=0.9", "application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_rdf_format(base, accept, media, rdflib_format):
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    status, headers, body = get(base, CITIES_CONSTRUCT, accept)
    assert (status, headers["Content-Type"]) == (200, f"{media}; charset=utf-8")
    if rdflib_format in ("nquads", "trig"):
        parsed = Dataset()
        parsed.parse(data=body, format=rdflib_format)
        graph = Graph()
        for s, p, o, _ in parsed.quads():
            graph.add((s, p, o))
    else:
        graph = Graph().parse(data=body, format=rdflib_format)
    expected = Graph()
    for slug, label in (("alpha", "Alpha"), ("beta", "Beta")):
        expected.add((URIRef(ID + "city/" + slug), RDF.type, URIRef(PK + "City")))
        expected.add((URIRef(ID + "city/" + slug), RDFS.label, Literal(label, lang="en")))
    assert isomorphic(graph, expected)


def test_rdflib_sparqlstore_and_sparqlwrapper_with_their_defaults(base):
    """Before: both got 406 on CONSTRUCT (they ask for RDF/XML, or send format=xml)."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import SPARQLWrapper

    remote = Graph(store=SPARQLStore(f"{base}/sparql"))
    assert (
        len(
            remote.query(
                CITIES_CONSTRUCT.replace("pk:City", f"<{PK}City>").replace("rdfs:label", f"<{RDFS.label}>")
            ).graph
        )
        == 4
    )
    rows = remote.query(f"SELECT ?c WHERE {{ ?c a <{PK}City> }} ORDER BY ?c")
    assert [str(row[0]) for row in rows] == [ID + "city/alpha", ID + "city/beta"]
    wrapper = SPARQLWrapper(f"{base}/sparql")
    wrapper.setQuery(CITIES_CONSTRUCT)
    assert len(wrapper.queryAndConvert()) == 4
    wrapper.setQuery(SELECT)
    assert len(wrapper.queryAndConvert().getElementsByTagName("result")) == 2


def test_format_parameter_values_that_clients_send(base):
    for value, media in (
        ("xml", "application/rdf+xml"),
        ("json", "application/ld+json"),
        ("turtle", "text/turtle"),
    ):
        status, headers, _ = get(base, CITIES_CONSTRUCT, format=value)
        assert (status, headers["Content-Type"]) == (200, f"{media}; charset=utf-8")
    status, headers, _ = get(base, SELECT, format="application/sparql-results+xml")
    assert (status, headers["Content-Type"]) == (200, "application/sparql-results+xml; charset=utf-8")
    status, _, body = get(base, SELECT, format="png")
    assert (status, body) == (406, "format=png is not offered; use one of json, csv, tsv, xml\n")


def test_default_and_named_graph_uri(base):
    document = ID + "document/test"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def number(body: str) -> int:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert number(get(base, count, **{"default-graph-uri": document})[2]) == 6
    assert number(get(base, count, **{"default-graph-uri": ID + "document/none"})[2]) == 0
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    body = get(base, graphs, **{"named-graph-uri": document})[2]
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [document]
    assert (
        number(get(base, count, **{"named-graph-uri": document})[2]) == 0
    )  # the default graph is then empty
    status, _, body = get(base, count, **{"default-graph-uri": "not an iri"})
    assert status == 400


def test_relative_iris_resolve_against_the_endpoint(base):
    body = get(base, "SELECT ?x WHERE { BIND(<s> AS ?x) }")[2]
    assert json.loads(body)["results"]["bindings"] == [{"x": {"type": "uri", "value": f"{base}/s"}}]


# ---- the W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint ------------------------------
# https://w3c.github.io/rdf-tests/sparql/sparql11/protocol/ ; the dataset tests name graphs of this
# store instead of documents on the web (the endpoint never fetches anything).

DOC = ID + "document/test"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
W3C = {
    "query_get": ("GET", {"query": "ASK {}"}, None, {}, 200, "application/sparql-results+json"),
    "query_post_form": ("POST", {}, {"query": "ASK {}"}, FORM, 200, "application/sparql-results+json"),
    "query_post_direct": ("POST", {}, "ASK {}", DIRECT, 200, "application/sparql-results+json"),
    "query_dataset_default_graphs_get": (
        "GET", {"query": COUNT, "default-graph-uri": DOC}, None, {}, 200, "application/sparql-results+json",
    ),
    "query_dataset_default_graphs_post": (
        "POST", {"default-graph-uri": DOC}, COUNT, DIRECT, 200, "application/sparql-results+json",
    ),
    "query_dataset_named_graphs_get": (
        "GET", {"query": "SELECT ?g WHERE { GRAPH ?g {} }", "named-graph-uri": DOC}, None, {}, 200,
        "application/sparql-results+json",
    ),
    "query_dataset_named_graphs_post": (
        "POST", {"named-graph-uri": DOC}, {"query": "SELECT ?g WHERE { GRAPH ?g {} }"}, FORM, 200,
        "application/sparql-results+json",
    ),
    "query_dataset_full": (
        "GET", {"query": COUNT, "default-graph-uri": DOC, "named-graph-uri": DOC}, None, {}, 200,
        "application/sparql-results+json",
    ),
    "query_content_type_select": (
        "GET", {"query": SELECT}, None, {"Accept": "application/sparql-results+xml"}, 200,
        "application/sparql-results+xml",
    ),
    "query_content_type_ask": (
        "GET", {"query": "ASK {}"}, None, {"Accept": "application/sparql-results+json"}, 200,
        "application/sparql-results+json",
    ),
    "query_content_type_describe": (
        "GET", {"query": f"DESCRIBE <{ID}city/alpha>"}, None, {"Accept": "application/rdf+xml"}, 200,
        "application/rdf+xml",
    ),
    "query_content_type_construct": (
        "GET", {"query": CITIES_CONSTRUCT}, None, {"Accept": "text/turtle"}, 200, "text/turtle",
    ),
    "bad_query_method": ("PUT", {"query": "ASK {}"}, "", {}, 405, None),
    "bad_multiple_queries": ("GET", {"query": ["ASK {}", "ASK {}"]}, None, {}, 400, None),
    "bad_query_wrong_media_type": ("POST", {}, "ASK {}", {"Content-Type": "text/plain"}, 415, None),
    "bad_query_missing_form_type": ("POST", {}, "query=ASK%20%7B%7D", {"Content-Type": ""}, 400, None),
    "bad_query_missing_direct_type": ("POST", {}, "ASK {}", {"Content-Type": ""}, 400, None),
    "bad_query_non_utf8": (
        "POST", {}, "ASK { <http://x/é> ?p ?o }".encode("latin-1"),
        {"Content-Type": "application/sparql-query; charset=ISO-8859-1"}, 415, None,
    ),
    "bad_query_syntax": ("GET", {"query": "ASK {"}, None, {}, 400, None),
    "bad_update_get": ("GET", {"update": "CLEAR ALL"}, None, {}, 403, None),
    "bad_multiple_updates": ("POST", {}, {"update": ["CLEAR ALL", "CLEAR ALL"]}, FORM, 403, None),
    "bad_update_wrong_media_type": ("POST", {}, "CLEAR ALL", {"Content-Type": "text/plain"}, 415, None),
    "bad_update_missing_form_type": ("POST", {}, "update=CLEAR%20ALL", {"Content-Type": ""}, 400, None),
    "bad_update_non_utf8": (
        "POST", {}, "CLEAR ALL".encode("utf-16"), {"Content-Type": "application/sparql-update"}, 400, None,
    ),
    "bad_update_syntax": ("POST", {}, {"update": "CLEAR"}, FORM, 403, None),
    "bad_update_dataset_conflict": (
        "POST", {"using-graph-uri": DOC}, "INSERT DATA { <x:a> <x:b> <x:c> }",
        {"Content-Type": "application/sparql-update"}, 403, None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(W3C))
def test_w3c_protocol(base, name):
    method, params, body, headers, status, media = W3C[name]
    url = f"{base}/sparql" + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body, doseq=True)
    data = body.encode("utf-8") if isinstance(body, str) else body
    answer_status, answer_headers, answer = fetch(url, data, headers, method=method)
    assert answer_status == status, answer
    if media:
        assert answer_headers["Content-Type"] == f"{media}; charset=utf-8"


def test_the_remote_store_reads_this_endpoint(base):
    """A second real SPARQL server for ``--endpoint`` besides Oxigraph's: this one (read-only)."""
    from policykg.store.remote import RemoteStore

    remote = RemoteStore(f"{base}/sparql")
    prefixes = {"pk": PK, "rdfs": str(RDFS)}
    rows = remote.query(
        "SELECT ?c ?l WHERE { ?c a pk:City ; rdfs:label ?l } ORDER BY ?l", prefixes=prefixes
    ).rows
    assert rows == (
        (URIRef(ID + "city/alpha"), Literal("Alpha", lang="en")),
        (URIRef(ID + "city/beta"), Literal("Beta", lang="en")),
    )
    assert remote.query("ASK { ?c a pk:City }", prefixes=prefixes).boolean is True
    triples = remote.query(CITIES_CONSTRUCT, prefixes=prefixes).triples
    assert len(triples) == 4
    assert remote.hashes() == {}


def test_a_loopback_endpoint_answers_only_requests_for_a_loopback_host(base):
    """DNS rebinding: a page at http://attacker.example:PORT resolved to 127.0.0.1 sends that Host."""
    port = base.rsplit(":", 1)[1]
    query = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, _, body = fetch(base + query, headers={"Host": f"attacker.example:{port}"})
    assert (status, body) == (
        403,
        f"Host 'attacker.example:{port}' is not this machine: a loopback endpoint answers only requests "
        "for localhost or a loopback address (--host to listen elsewhere)\n",
    )
    for host in (f"localhost:{port}", f"LOCALHOST:{port}", f"127.0.0.1:{port}", "127.0.0.1"):
        assert fetch(base + query, headers={"Host": host})[0] == 200
