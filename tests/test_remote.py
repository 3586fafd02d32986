"""The remote store against a real ``oxigraph serve`` on 127.0.0.1 (PyPI package ``oxigraph``)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from policykg.errors import InputError, QueryError
from policykg.store import CONTENT_HASH, open_store
from policykg.store.remote import RemoteStore, authorization, endpoints

EX = "https://example.org/"


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary next to this Python, or on PATH; the test fails without it."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail(
            "the 'oxigraph' server binary is missing: pip install oxigraph (into .venv) to run these tests"
        )
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"oxigraph serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"oxigraph serve did not listen on 127.0.0.1:{port} within {seconds} s")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A running ``oxigraph serve`` (plain default graph) and its query URL; stopped afterwards."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def store(endpoint):
    remote = open_store("remote", endpoint)
    remote.update("CLEAR ALL")
    return remote


def doc(name: str, label: str, digest: str) -> Graph:
    graph = Graph()
    graph.add((URIRef(name), RDFS.label, Literal(label, lang="en")))
    graph.add((URIRef(name), URIRef(CONTENT_HASH), Literal(digest)))
    return graph


@pytest.mark.parametrize("graph_store", [True, False], ids=["graph-store-get", "construct"])
def test_replace_hashes_remove_over_http(endpoint, monkeypatch, graph_store):
    if not graph_store:
        monkeypatch.setenv("POLICYKG_GRAPH_STORE_URL", "")
    remote = RemoteStore(endpoint)
    remote.update("CLEAR ALL")
    assert bool(remote.store_url) is graph_store
    remote.replace(EX + "a", doc(EX + "a", "first", "sha256:1"))
    remote.replace(EX + "b", doc(EX + "b", "second", "sha256:2"))
    remote.replace(EX + "a", doc(EX + "a", "again", "sha256:3"))
    assert remote.hashes() == {EX + "a": "sha256:3", EX + "b": "sha256:2"}
    rows = remote.query(f"SELECT ?l WHERE {{ <{EX}a> rdfs:label ?l }}", prefixes={"rdfs": str(RDFS)}).rows
    assert rows == ((Literal("again", lang="en"),),)
    remote.remove(EX + "b")
    assert remote.hashes() == {EX + "a": "sha256:3"}
    assert len(remote.to_graph()) == 2


def test_query_kinds_and_row_cap(store):
    store.replace(EX + "a", doc(EX + "a", "first", "sha256:1"))
    assert store.query("ASK { ?s ?p ?o }").boolean is True
    construct = store.query(f"CONSTRUCT {{ ?s <{EX}seen> ?l }} WHERE {{ ?s <{RDFS.label}> ?l }}")
    assert construct.triples == ((URIRef(EX + "a"), URIRef(EX + "seen"), Literal("first", lang="en")),)
    capped = store.query("SELECT * WHERE { ?s ?p ?o }", limit=1)
    assert (len(capped.rows), capped.truncated) == (1, True)


def test_server_errors_become_query_errors(store):
    with pytest.raises(QueryError, match=r"/query: the server answered 400 Bad Request: "):
        store.query("SELEC nothing")


def test_unreachable_endpoint_says_so():
    port = free_port()
    remote = RemoteStore(f"http://127.0.0.1:{port}/query", timeout=2)
    with pytest.raises(
        InputError, match=rf"^http://127.0.0.1:{port}/query: cannot reach the SPARQL endpoint: "
    ):
        remote.hashes()


def test_credentials_never_in_the_url():
    with pytest.raises(InputError, match="^credentials in the endpoint URL would be visible to every user"):
        endpoints("http://user:secret@127.0.0.1:7878/query", {})


def test_credentials_from_environment():
    env = {"POLICYKG_ENDPOINT_USER": "alice", "POLICYKG_ENDPOINT_PASSWORD": "s3cret"}
    assert authorization("http://127.0.0.1/q", env) == "Basic YWxpY2U6czNjcmV0"
    assert authorization("http://127.0.0.1/q", {}) is None


def test_credentials_from_netrc(tmp_path, monkeypatch):
    netrc_file = tmp_path / ".netrc"
    netrc_file.write_text("machine 127.0.0.1 login bob password hunter2\n")
    netrc_file.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("POLICYKG_ENDPOINT_USER", raising=False)
    assert authorization("http://127.0.0.1:7878/query") == "Basic Ym9iOmh1bnRlcjI="


def test_endpoint_urls_follow_the_server_layout():
    assert endpoints("http://h:3030/ds/sparql", {"POLICYKG_GRAPH_STORE_URL": "http://h:3030/ds/data"}) == (
        "http://h:3030/ds/sparql",
        "http://h:3030/ds/sparql",
        "http://h:3030/ds/data",
    )
    with pytest.raises(InputError, match=r"^--endpoint 'ftp://h/q' is not an http\(s\) URL"):
        endpoints("ftp://h/q", {})


def test_corpus_build_query_and_incremental_rebuild_on_the_server(store, tmp_path):
    from policykg.corpus import build_corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Shenyang will expand the robotics industry, with output up 9% in 2023.\n"
    )
    (folder / "two.txt").write_text("Harbin built 12 cold-chain logistics centres in 2022.\n")
    first = build_corpus([str(folder)], store, jobs=2)
    assert first.summary() == "2 added, 0 replaced, 0 unchanged, 0 removed, 0 failed"
    documents = "SELECT ?d WHERE { ?d a pk:Document } ORDER BY ?d"
    prefixes = {"pk": "https://w3id.org/policykg/ontology#"}
    doc = "https://w3id.org/policykg/id/document/corpus/"  # the texts are in a folder named corpus
    assert store.query(documents, prefixes=prefixes).rows == ((URIRef(doc + "one"),), (URIRef(doc + "two"),))
    (folder / "two.txt").write_text("Harbin built 14 cold-chain logistics centres in 2022.\n")
    (folder / "one.txt").unlink()
    second = build_corpus([str(folder)], store, prune=True)
    assert second.summary() == "0 added, 1 replaced, 0 unchanged, 1 removed, 0 failed"
    assert store.query(documents, prefixes=prefixes).rows == ((URIRef(doc + "two"),),)
    anchors = store.query(
        f"SELECT ?a WHERE {{ GRAPH <{doc}two> {{ ?s nif:anchorOf ?a }} }}", prefixes=NIF
    ).rows
    assert any("14" in str(a) for (a,) in anchors)
    assert not any("12 cold" in str(a) for (a,) in anchors)


NIF = {"nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"}


class _Recorder:
    """A real HTTP server on 127.0.0.1: answers every request with ``answer(handler)``, records them."""

    def __init__(self, answer) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
                answer(self)

            do_GET = do_POST = _any  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def _ok(handler) -> None:
    body = b'{"head": {"vars": []}, "results": {"bindings": []}}'
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def redirected():
    """A server on 127.0.0.1 that answers 302 to another host (``localhost``), which answers 200."""
    elsewhere = _Recorder(_ok)

    def redirect(handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", f"http://localhost:{elsewhere.port}{handler.path}")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    first = _Recorder(redirect)
    yield first, elsewhere
    first.close()
    elsewhere.close()


@pytest.mark.parametrize("action", ["update", "query"])
def test_credentials_never_follow_a_redirect_to_another_host(redirected, monkeypatch, action):
    """Before: the other host received ``Authorization: Basic …`` and the update passed as a GET."""
    first, elsewhere = redirected
    monkeypatch.setenv("POLICYKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("POLICYKG_ENDPOINT_PASSWORD", "s3cret")
    remote = RemoteStore(f"http://127.0.0.1:{first.port}/sparql")
    with pytest.raises(InputError) as caught:
        if action == "update":
            remote.update("CLEAR ALL")
        else:
            remote.query("ASK { ?s ?p ?o }")
    assert str(caught.value) == (
        f"http://127.0.0.1:{first.port}/sparql: the server redirects (302) to "
        f"http://localhost:{elsewhere.port}/sparql; policykg does not follow redirects (they could carry "
        "the credentials to another host): give that URL instead"
    )
    assert [request[2].get("Authorization") for request in first.seen] == ["Basic YWxpY2U6czNjcmV0"]
    assert elsewhere.seen == []


def test_a_build_whose_updates_are_redirected_fails(redirected, tmp_path):
    """Before: ``build --endpoint`` exited 0 although no update was applied."""
    import os

    first, elsewhere = redirected
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text("Harbin built 12 cold-chain logistics centres in 2022.\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    env.pop("POLICYKG_ENDPOINT_USER", None)
    command = [
        sys.executable,
        "-m",
        "policykg",
        "build",
        str(folder),
        "--endpoint",
        f"http://127.0.0.1:{first.port}/sparql",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert "the server redirects (302)" in result.stderr
    assert elsewhere.seen == []
