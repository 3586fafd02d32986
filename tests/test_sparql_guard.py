"""The SPARQL safety check against the engine that runs store queries: no request ever leaves.

A differential fuzz test: thousands of generated spellings of SERVICE (comments ended by a lone
carriage return, ``\\u`` escapes, letter case, glued tokens, prefixed names) go through the real
check (``policykg.query.checked``); whatever it lets through runs on a real Oxigraph store, and a
listener on 127.0.0.1 counts the connections that arrive.  A control run shows the harness sees a
request when the check is skipped.
"""

from __future__ import annotations

import itertools
import random
import socket
import threading

import pytest

from policykg.errors import QueryError
from policykg.query import checked, named_queries, run_on_store
from policykg.sparql_guard import expand_escapes, readings, refuse_keywords
from policykg.store import open_store


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections and closes each at once."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.count += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def store():
    opened = open_store("oxigraph")
    opened.replace("https://example.org/doc", _one_triple())
    yield opened
    opened.close()


def _one_triple():
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal(1)))
    return graph


def spellings(word: str, rng: random.Random) -> list[str]:
    """Ways to write ``word`` that some SPARQL reader may take for the keyword."""
    found = [word, word.lower(), word.capitalize()]
    found += ["".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word) for _ in range(3)]
    for index in range(len(word)):  # one letter escaped, as \u and as \U, and escaped twice
        head, letter, tail = word[:index], word[index], word[index + 1 :]
        found.append(f"{head}\\u{ord(letter):04X}{tail}")
        found.append(f"{head}\\U{ord(letter):08x}{tail}")
        found.append(f"{head}\\u005Cu{ord(letter):04X}{tail}")
    found.append("".join(f"\\u{ord(c):04x}" for c in word))
    found.append("".join(chr(ord(c) + 0xFEE0) for c in word))  # fullwidth letters (NFKC folds them)
    return found


BEFORE = [
    " ",
    "\n",
    "\t",
    "\r",
    "\r\n",
    "# x\r",
    "# x\n",
    "#\r",
    "# SELECT\r\n",
    "#\u2028",
    "#\u0085",
    ' BIND("a\\u0022 # " AS ?x) ',
    " ?s ?p 1",
    " ?s ?p true",
    " ?s ?p ?o FILTER(true)",
    " VALUES ?v {UNDEF}",
    " {}",
]
TARGETS = ["<{url}>", " <{url}>", " SILENT <{url}>", "\r<{url}>", "ex:x", " ex:x"]
FRAMES = [
    "SELECT * WHERE {{{before}{keyword}{target} {{ ?a ?b ?c }}\n}}",
    "SELECT * {{ ?s ?p ?o .{before}{keyword}{target} {{ ?a ?b ?c }} }}",
    'PREFIX ex: <{url}/>\nASK {{{before}{keyword}{target} {{ }} BIND("b"\n AS ?y) }}',
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{{before}{keyword}{target} {{ ?s ?p ?o }} }}",
]


def variants(url: str, limit: int = 12_000) -> list[str]:
    """At least 10,000 distinct SERVICE queries, generated deterministically."""
    rng = random.Random(8)
    words = spellings("SERVICE", rng)
    found = []
    for frame, before, word, target in itertools.product(FRAMES, BEFORE, words, TARGETS):
        text = frame.format(before=before, keyword=word, target=target.format(url=url), url=url)
        if "ex:" in text and "PREFIX ex:" not in text:
            text = f"PREFIX ex: <{url}/>\n" + text
        found.append(text)
    rng.shuffle(found)
    return list(dict.fromkeys(found))[:limit]


def passes(text: str) -> bool:
    try:
        checked(text)
    except QueryError:
        return False
    return True


def run_unchecked(store, text: str) -> None:
    """Run ``text`` on Oxigraph without the check (the control), ignoring its errors."""
    try:
        store.query(text)
    except QueryError:
        pass


def test_the_listener_sees_service_requests_when_the_check_is_skipped(listener, store):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    issue_forms = [
        f"SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?a ?b ?c }}\n}}",
        f'SELECT * WHERE {{ BIND("a\\u0022 # " AS ?x) SERVICE <{url}> {{?s ?p ?o}} BIND("b"\n AS ?y) }}',
        f"SELECT * WHERE {{ ?s ?p 1SERVICE<{url}> {{ ?a ?b ?c }} }}",
    ]
    before = listener.count
    for text in issue_forms:
        run_unchecked(store, text)
    assert listener.count - before == len(issue_forms)
    for text in issue_forms:
        assert not passes(text)


def test_ten_thousand_service_variants_never_reach_the_network(listener, store):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    generated = variants(url)
    assert len(generated) >= 10_000
    before = listener.count
    passed = [text for text in generated if passes(text)]
    for text in passed:
        try:
            run_on_store(store, text)
        except QueryError:
            pass
    assert (passed, listener.count - before) == ([], 0)


def test_benign_queries_pass_and_run(listener, store):
    before = listener.count
    texts = [
        "SELECT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { # a comment\r\n ?s ?p ?o }",
        'SELECT * WHERE { ?s ?p ?o FILTER(?o != "\\u0041") }',
        "ASK { ?s <https://example.org/p> 1 }",
    ]
    assert [run_on_store(store, text).kind for text in texts] == ["SELECT", "SELECT", "SELECT", "ASK"]
    assert listener.count == before


def test_every_shipped_query_passes_the_check():
    for entry in named_queries().values():
        refuse_keywords(entry.text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "SELECT * WHERE { ?s ?p ?o } # loaded",
            "LOAD is refused: a query never loads data from the network or disk; the word 'load' is at "
            "line 1, column 31 and policykg refuses it anywhere in a query, even inside a string, an IRI "
            'or a comment (write a string as CONCAT("lo", "ad") or match it with REGEX; drop the word '
            "from comments)",
        ),
        (
            "ASK\nFROM <http://x/> { }",
            "FROM is refused: a query never names its own dataset (query a document graph with GRAPH <iri> "
            "{ … }); the word 'FROM' is at line 2, column 1 and policykg refuses it anywhere in a query, "
            'even inside a string, an IRI or a comment (write a string as CONCAT("fr", "om") or match it '
            "with REGEX; drop the word from comments)",
        ),
        (
            'SELECT * { ?s ?p "serv\\u0069ces" }',
            "SERVICE is refused: a query never contacts other SPARQL endpoints; the word 'service' is at "
            "line 1, column 19",
        ),
    ],
)
def test_refusals_say_why_where_and_how_to_rephrase(text, message):
    with pytest.raises(QueryError) as caught:
        refuse_keywords(text)
    assert str(caught.value).startswith(message)


def test_escapes_expand_until_stable():
    assert expand_escapes("\\u0053\\U0001F600") == "S\U0001f600"
    assert readings("\\u005C\\u0075\\u0030\\u0030\\u0034\\u0036")[2] == "F"
    with pytest.raises(QueryError, match=r"^the query nests \\u escapes more than 8 levels deep"):
        readings("\\" + "u005C" * 9 + "u0041")


def test_thirty_threads_prepare_different_queries_at_once():
    """rdflib's parser keeps state between calls; before the lock 149 of these 150 failed."""
    import threading

    from policykg.query import prepare_query

    barrier, errors = threading.Barrier(30), []

    def work(index: int) -> None:
        barrier.wait()
        for round_ in range(5):
            variable = f"?s{index}x{round_}"
            text = (
                f"SELECT {variable} WHERE {{ {variable} ?p <http://x/{index}/{round_}> . "
                f"OPTIONAL {{ {variable} rdfs:label ?l }} FILTER(?p != <http://x/{round_}>) }}"
            )
            try:
                prepare_query(text)
            except QueryError as error:
                errors.append(str(error))

    threads = [threading.Thread(target=work, args=(index,)) for index in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []


def test_from_and_load_variants_are_all_refused():
    """FROM (and FROM NAMED) would pick the dataset; LOAD is an update: refused in every spelling."""
    rng = random.Random(13)
    frames = [
        "SELECT *{before}{keyword} <http://127.0.0.1:9/g> WHERE {{ ?s ?p ?o }}",
        "ASK{before}{keyword}<http://127.0.0.1:9/g>{{}}",
        "SELECT * {before}{keyword} NAMED <http://127.0.0.1:9/g> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "{keyword}{before}<http://127.0.0.1:9/g>",
    ]
    texts = [
        frame.format(before=before, keyword=word)
        for keyword in ("FROM", "LOAD")
        for frame, before, word in itertools.product(frames, BEFORE, spellings(keyword, rng))
    ]
    assert len(texts) > 2_000
    assert [text for text in texts if passes(text)] == []
