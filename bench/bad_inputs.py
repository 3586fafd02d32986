"""Scripted bad inputs (issue #13 items 4-11, #8 item 5): run each as a real ``policykg`` process.

Each case sets up files in a fresh folder, runs one command with a time limit and judges the run:

- ``clean``: the expected outcome: for a bad input one ``Error: …`` line on stderr, a non-zero exit,
  no traceback, the inputs unchanged and no temporary file left behind; for an odd but valid input
  (stdin RDF, UTF-16 with --encoding, a BOM) exit 0 and the expected output;
- ``traceback``: a Python traceback on stderr;
- ``hang``: still running after the time limit (killed);
- ``wrong``: anything else (exit 0 on bad input, an input replaced, garbage output, a half-written file).

Usage: ``python bench/bad_inputs.py [--timeout S] [-v] [-k WORD]``; prints one line per case that is not
clean (all with -v) and the totals.
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv" / "bin" / "policykg")]
SEED = ROOT / "examples" / "changchun-2022-interview.txt"
GRAPH = ROOT / "examples" / "output" / "changchun-2022-interview.ttl"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/s"><ex:p>&i;</ex:p></rdf:Description>
</rdf:RDF>
"""


@dataclass
class Case:
    """One scripted run: ``files`` to create, ``argv`` after ``policykg``, what a clean run is."""

    name: str
    item: str
    argv: list[str]
    files: dict[str, bytes | Callable[[Path], None]] = field(default_factory=dict)
    stdin: bytes | None = None
    ok: bool = False  # True: a valid odd input, must exit 0
    check: Callable[[Path, subprocess.CompletedProcess], bool] | None = None
    env: dict[str, str] = field(default_factory=dict)
    limit_fsize: int | None = None


def _nested_json(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


def _nested_jsonld(depth: int) -> bytes:
    inner = '{"@id": "http://example.org/x", "http://example.org/p": "v"}'
    return ('{"@id": "http://example.org/x", "http://example.org/p": ' * depth + inner + "}" * depth).encode()


def _long_literal_nt(megabytes: int) -> bytes:
    return b'<http://e/s> <http://e/p> "' + b"a" * (megabytes * 1024 * 1024) + b'" .\n'


def _graph(path: Path) -> None:
    shutil.copy(GRAPH, path)


def _symlink_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _store(folder: Path) -> None:
    subprocess.run([*CLI, "build", str(SEED), "--store", str(folder)], check=True, capture_output=True)


def _corrupt_store(how: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        _store(folder)
        if how == "empty-current":
            (folder / "CURRENT").write_bytes(b"")
        elif how == "garbage-current":
            (folder / "CURRENT").write_bytes(b"MANIFEST-999999\n")
        elif how == "no-current":
            (folder / "CURRENT").unlink()
        elif how == "truncated-sst":
            for sst in folder.glob("*.sst"):
                sst.write_bytes(sst.read_bytes()[:100])
        elif how == "garbage-manifest":
            for manifest in folder.glob("MANIFEST-*"):
                manifest.write_bytes(b"\xff" * 64)
        elif how == "no-options":
            for options in folder.glob("OPTIONS-*"):
                options.unlink()
        elif how == "file":
            shutil.rmtree(folder)
            folder.write_bytes(b"not a store")

    return make


def _store_with_long_literal(folder: Path) -> None:
    """A store whose one document graph holds a 1.5 MB literal (a long document's text)."""
    code = (
        "import pyoxigraph as ox, sys; s = ox.Store(sys.argv[1]); "
        "g = ox.NamedNode('https://w3id.org/policykg/id/document/x'); "
        "s.add(ox.Quad(g, ox.NamedNode('http://e/p'), ox.Literal('a b. ' * 300000), g)); "
        "s.add(ox.Quad(g, ox.NamedNode('http://e/p'), ox.Literal('a b. ' * 300000))); s.flush()"
    )
    subprocess.run([str(Path(CLI[0]).parent / "python"), "-c", code, str(folder)], check=True)


def _folder_with(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        folder.mkdir()
        (folder / name).write_bytes(b"precious\n")

    return make


def _same(expected: bytes) -> Callable[[Path, subprocess.CompletedProcess], bool]:
    def check(_: Path, run: subprocess.CompletedProcess) -> bool:
        return run.stdout == expected

    return check


def _stdout_has(word: bytes) -> Callable[[Path, subprocess.CompletedProcess], bool]:
    return lambda _, run: word in run.stdout


def cases() -> list[Case]:  # noqa: PLR0915 - one flat table reads best
    """Every scripted bad input."""
    seed = SEED.read_bytes()
    graph = GRAPH.read_bytes()
    out: list[Case] = []
    add = out.append
    nt = subprocess.run([*CLI, "export", str(GRAPH), "--format", "nt"], capture_output=True).stdout
    docs = subprocess.run([*CLI, "query", str(GRAPH), "-n", "documents"], capture_output=True).stdout
    stats = subprocess.run([*CLI, "stats", str(GRAPH)], capture_output=True).stdout
    # item 4: standard input that is RDF
    for fmt, data in (("turtle", graph), ("nt", nt)):
        add(
            Case(
                f"stdin-{fmt}-query",
                "4",
                ["query", "-", "-n", "documents"],
                stdin=data,
                ok=True,
                check=_same(docs),
            )
        )
        add(Case(f"stdin-{fmt}-stats", "4", ["stats", "-"], stdin=data, ok=True, check=_same(stats)))
    add(
        Case(
            "stdin-ttl-export",
            "4",
            ["export", "-", "--format", "nt"],
            stdin=graph,
            ok=True,
            check=_stdout_has(b"ontology#City>"),
        )
    )
    add(
        Case(
            "stdin-ttl-view",
            "4",
            ["view", "-", "-o", "v.html"],
            stdin=graph,
            ok=True,
            check=lambda d, _: (d / "v.html").exists(),
        )
    )
    add(
        Case(
            "stdin-ttl-validate",
            "4",
            ["validate", "-"],
            stdin=graph,
            ok=True,
            check=_stdout_has(b"Conforms: yes"),
        )
    )
    add(
        Case(
            "stdin-input-format",
            "4",
            ["stats", "-", "--input-format", "nt"],
            stdin=nt,
            ok=True,
            check=_same(stats),
        )
    )
    add(
        Case(
            "stdin-bad-turtle",
            "4",
            ["stats", "-", "--input-format", "turtle"],
            stdin=b"@prefix : <x> .\n:a :b",
        )
    )
    # item 5: an output that is an input
    add(
        Case(
            "query-o-query-file",
            "5",
            ["query", "g.ttl", "-f", "q.rq", "-o", "q.rq"],
            {"g.ttl": graph, "q.rq": b"SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
        )
    )
    add(Case("query-o-text", "5", ["query", "t.txt", "-n", "targets", "-o", "t.txt"], {"t.txt": seed}))
    add(Case("view-o-input", "5", ["view", "v.txt", "-o", "v.txt"], {"v.txt": seed}))
    add(Case("export-o-input", "5", ["export", "g.ttl", "-o", "g.ttl"], {"g.ttl": graph}))
    add(Case("build-o-input", "5", ["build", "t.txt", "-o", "t.txt"], {"t.txt": seed}))
    add(
        Case(
            "export-o-link-to-input",
            "5",
            ["export", "g.ttl", "-o", "link.ttl"],
            {"g.ttl": graph, "link.ttl": _symlink_to("g.ttl")},
        )
    )
    add(
        Case(
            "export-o-input-other-spelling",
            "5",
            ["export", "g.ttl", "-o", "./sub/../g.ttl"],
            {"g.ttl": graph, "sub/x": b""},
        )
    )
    add(
        Case(
            "build-o-hardlink-to-input",
            "5",
            ["build", "t.txt", "-o", "h.ttl"],
            {"t.txt": seed, "h.ttl": lambda p: os.link(p.parent / "t.txt", p)},
        )
    )
    add(
        Case(
            "planted-link-in-sticky-dir",
            "5",
            ["export", "g.ttl", "-o", "tmp/out.ttl"],
            {"g.ttl": graph, "victim.txt": b"keep me\n", "tmp": _sticky_with_planted_link},
        )
    )
    # item 6: build --store into a folder that is not a store
    add(
        Case(
            "store-into-folder-of-files",
            "6",
            ["build", "t.txt", "--store", "dir"],
            {"t.txt": seed, "dir": _folder_with("notes.txt")},
        )
    )
    add(Case("store-into-file", "6", ["build", "t.txt", "--store", "f"], {"t.txt": seed, "f": b"a file"}))
    # item 7: unsupported language
    add(
        Case(
            "russian-text",
            "7",
            ["build", "r.txt", "-o", "r.ttl"],
            {"r.txt": ("Город Чанчунь построит новую промышленную систему. " * 20).encode()},
            check=lambda d, r: b"Warning:" in r.stderr,
            ok=True,
        )
    )
    add(
        Case(
            "japanese-text",
            "7",
            ["build", "j.txt", "-o", "j.ttl"],
            {"j.txt": ("長春市は新しい産業システムを構築します。" * 20).encode()},
            check=lambda d, r: b"Warning:" in r.stderr,
            ok=True,
        )
    )
    # item 8: hostile RDF
    for command in (
        ["stats"],
        ["query", "-n", "documents"],
        ["export", "--format", "nt"],
        ["validate"],
        ["view", "-o", "v.html"],
    ):
        add(
            Case(
                f"billion-laughs-{command[0]}",
                "8",
                [command[0], "b.rdf", *command[1:]],
                {"b.rdf": BILLION_LAUGHS},
            )
        )
    add(Case("long-literal-nt-2mb", "8", ["stats", "l.nt"], {"l.nt": _long_literal_nt(2)}, ok=True))
    add(Case("long-literal-nt-30mb", "8", ["stats", "l.nt"], {"l.nt": _long_literal_nt(30)}))
    add(Case("long-literal-ttl-2mb", "8", ["stats", "l.ttl"], {"l.ttl": _long_literal_nt(2)}, ok=True))
    add(Case("jsonld-nested-400", "8", ["stats", "n.jsonld"], {"n.jsonld": _nested_jsonld(400)}))
    add(Case("jsonld-nested-5000", "8", ["stats", "n.jsonld"], {"n.jsonld": _nested_jsonld(5000)}))
    add(Case("jsonld-array-nested-100000", "8", ["stats", "n.jsonld"], {"n.jsonld": _nested_json(100000)}))
    add(
        Case(
            "rdfxml-external-entity",
            "8",
            ["stats", "e.rdf"],
            {
                "e.rdf": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/"><rdf:Description rdf:about="http://e/s"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>'
            },
        )
    )
    # #8 item 5: JSON-LD @import
    add(
        Case(
            "jsonld-import-file",
            "8.5",
            ["export", "i.jsonld", "--format", "nt"],
            {
                "i.jsonld": b'{"@context": {"@version": 1.1, "@import": "file:///etc/hostname"}, "@id": "http://e/s", "http://e/p": "v"}'
            },
        )
    )
    add(
        Case(
            "jsonld-import-url",
            "8.5",
            ["stats", "i.jsonld"],
            {
                "i.jsonld": b'{"@context": [{"@import": "http://127.0.0.1:9/ctx.jsonld"}], "@id": "http://e/s", "http://e/p": "v"}'
            },
        )
    )
    add(
        Case(
            "jsonld-nested-import",
            "8.5",
            ["stats", "i.jsonld"],
            {
                "i.jsonld": b'{"@id": "http://e/s", "http://e/p": {"@context": {"@import": "ctx.jsonld"}, "@id": "http://e/o"}}',
                "ctx.jsonld": b'{"@context": {}}',
            },
        )
    )
    add(
        Case(
            "jsonld-property-scoped-remote",
            "8.5",
            ["stats", "i.jsonld"],
            {
                "i.jsonld": b'{"@context": {"p": {"@id": "http://e/p", "@context": "http://127.0.0.1:9/c"}}, "@id": "http://e/s", "p": {"@id": "http://e/o"}}'
            },
        )
    )
    # item 9: tracebacks
    for codec in ("rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri"):
        add(Case(f"encoding-{codec}", "9", ["build", "t.txt", "--encoding", codec], {"t.txt": seed}))
    add(Case("endpoint-bad-ipv6", "9", ["query", "--endpoint", "http://[::1", "-n", "documents"]))
    add(
        Case("build-endpoint-bad-ipv6", "9", ["build", "t.txt", "--endpoint", "http://[::1"], {"t.txt": seed})
    )
    add(
        Case("endpoint-bad-port", "9", ["query", "--endpoint", "http://127.0.0.1:99999/q", "-n", "documents"])
    )
    add(
        Case(
            "gold-nested-json",
            "9",
            ["evaluate", "g.ttl", "--gold", "gold.json"],
            {"g.ttl": graph, "gold.json": _nested_json(100000)},
        )
    )
    add(
        Case(
            "gold-nested-500",
            "9",
            ["evaluate", "g.ttl", "--gold", "gold.json"],
            {"g.ttl": graph, "gold.json": _nested_json(500)},
        )
    )
    add(
        Case(
            "store-without-options-file",
            "9",
            ["query", "--store", "db", "-n", "documents"],
            {"db": _corrupt_store("no-options")},
            ok=True,
        )
    )  # RocksDB does without it
    for how in (
        "empty-current",
        "garbage-current",
        "no-current",
        "truncated-sst",
        "garbage-manifest",
        "file",
    ):
        add(
            Case(
                f"corrupt-store-{how}",
                "9",
                ["query", "--store", "db", "-n", "documents"],
                {"db": _corrupt_store(how)},
            )
        )
    add(
        Case(
            "store-long-literal-evaluate",
            "8",
            ["evaluate", "--store", "db", "--gold", "gold.json"],
            {"db": _store_with_long_literal, "gold.json": b'{"entities": {}, "figures": {}}'},
            ok=True,
        )
    )
    add(
        Case(
            "full-disk-build-store",
            "9",
            ["build", "t.txt", "--store", "db"],
            {"t.txt": seed},
            limit_fsize=64 * 1024,
        )
    )
    add(
        Case(
            "full-disk-build-output",
            "9",
            ["build", "t.txt", "-o", "g.ttl"],
            {"t.txt": seed},
            limit_fsize=16 * 1024,
        )
    )
    xml_doctype = b'@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n<http://e/s> <http://e/p> "<!DOCTYPE x [<!ENTITY a \\"b\\">]><x>&a;</x>"^^rdf:XMLLiteral .\n'
    add(
        Case(
            "xmlliteral-doctype",
            "9",
            ["stats", "x.ttl"],
            {"x.ttl": xml_doctype},
            ok=True,
            check=lambda d, r: b"Traceback" not in r.stderr and not r.stderr,
        )
    )
    add(
        Case(
            "xmlliteral-bad-xml",
            "9",
            ["export", "x.ttl", "--format", "xml"],
            {
                "x.ttl": b'@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n<http://e/s> <http://e/p> "<a>"^^rdf:XMLLiteral .\n'
            },
            ok=True,
            check=lambda d, r: b"Traceback" not in r.stderr,
        )
    )
    for i, bad in enumerate(
        (
            b'@prefix : <http://e/> .\n:a :b "',
            b"<http://e/a> <http://e/b> '''x",
            b"@prefix",
            b"<",
            b":a :b :c .",
            b"@base <",
            b'<a> <b> "x"^^<',
            b"[",
            b"(",
            b"<a> <b> _:",
        )
    ):
        add(Case(f"bad-turtle-{i}", "9", ["stats", "b.ttl"], {"b.ttl": bad}))
    for i, bad in enumerate(
        (
            b"<a> <b> <c>",
            b'<http://e/a> <http://e/b> "x\\u00"',
            b"_:",
            b"<http://e/a> <http://e/b> <http://e/c> <http://e/g> <x> .",
        )
    ):
        add(Case(f"bad-nt-{i}", "9", ["stats", "b.nt"], {"b.nt": bad}))
    for i, bad in enumerate(
        (
            b"{",
            b'{"@context": 5}',
            b'{"@id": 5}',
            b'{"@context": {"@vocab": 5}}',
            b'{"@context": {"@import": 5}}',
        )
    ):
        add(Case(f"bad-jsonld-{i}", "9", ["stats", "b.jsonld"], {"b.jsonld": bad}))
    for i, odd in enumerate(
        (b"[1, 2]", b'{"@graph": "x"}', b'{"@context": {"a": {"@id": "@type"}}}')
    ):  # values JSON-LD drops
        add(Case(f"odd-jsonld-{i}", "9", ["stats", "b.jsonld"], {"b.jsonld": odd}, ok=True))
    for i, bad in enumerate(
        (
            b"<x",
            b"<rdf:RDF/>",
            b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="::"/></rdf:RDF>',
        )
    ):
        add(Case(f"bad-rdfxml-{i}", "9", ["stats", "b.rdf"], {"b.rdf": bad}))
    add(Case("bad-trig", "9", ["stats", "b.trig"], {"b.trig": b"<http://e/g> { <a> <b> "}))
    add(
        Case(
            "bad-nquads",
            "9",
            ["stats", "b.nq"],
            {"b.nq": b"<http://e/a> <http://e/b> <http://e/c> <http://e/g>"},
        )
    )
    add(
        Case(
            "utf16-with-encoding",
            "9",
            ["build", "t.txt", "--encoding", "utf-16", "-o", "g.ttl"],
            {"t.txt": seed.decode().encode("utf-16")},
            ok=True,
            check=lambda d, _: b"changchun" in (d / "g.ttl").read_bytes(),
        )
    )
    add(
        Case(
            "utf16le-with-encoding",
            "9",
            ["build", "t.txt", "--encoding", "utf-16-le", "-o", "g.ttl"],
            {"t.txt": seed.decode().encode("utf-16-le")},
            ok=True,
        )
    )
    add(
        Case(
            "utf32-with-encoding",
            "9",
            ["build", "t.txt", "--encoding", "utf-32", "-o", "g.ttl"],
            {"t.txt": seed.decode().encode("utf-32")},
            ok=True,
        )
    )
    add(Case("utf16-without-encoding", "9", ["build", "t.txt"], {"t.txt": seed.decode().encode("utf-16")}))
    add(
        Case(
            "bom-query-file",
            "9",
            ["query", "g.ttl", "-f", "q.rq"],
            {"g.ttl": graph, "q.rq": b"\xef\xbb\xbfSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            ok=True,
        )
    )
    add(Case("bom-text", "9", ["build", "t.txt", "-o", "g.ttl"], {"t.txt": b"\xef\xbb\xbf" + seed}, ok=True))
    add(
        Case(
            "query-file-latin1",
            "9",
            ["query", "g.ttl", "-f", "q.rq"],
            {"g.ttl": graph, "q.rq": b'SELECT * WHERE { ?s ?p "\xe9" }'},
        )
    )
    add(Case("zlib-text", "9", ["build", "t.txt"], {"t.txt": zlib.compress(seed)}))
    add(Case("bz2-text", "9", ["build", "t.txt"], {"t.txt": bz2.compress(seed)}))
    # item 10: size and processes
    add(
        Case(
            "one-line-5mb",
            "10",
            ["build", "t.txt", "-o", "g.ttl"],
            {"t.txt": (seed.replace(b"\n", b" ") * 600)[: 5 * 1024 * 1024]},
        )
    )
    add(
        Case(
            "jobs-50",
            "10",
            ["build", "t.txt", "u.txt", "--store", "db", "--jobs", "50"],
            {"t.txt": seed, "u.txt": seed.replace(b"Changchun", b"Jilin")},
            ok=True,
            check=lambda d, r: b"--jobs" in r.stderr,
        )
    )
    add(
        Case(
            "jobs-huge",
            "10",
            ["build", "t.txt", "--store", "db", "--jobs", "100000000"],
            {"t.txt": seed},
            ok=True,
        )
    )
    return out


JSON = "application/sparql-results+json"
REPLIES: dict[str, tuple[str, bytes]] = {  # path → (content type, body) of a malformed endpoint reply
    "not-json": (JSON, b"<html>oops</html>"),
    "json-list": (JSON, b"[1, 2]"),
    "json-empty-object": (JSON, b"{}"),
    "no-results": (JSON, b'{"head": {"vars": ["g", "h"]}}'),
    "bindings-not-list": (JSON, b'{"head": {"vars": ["g"]}, "results": {"bindings": 5}}'),
    "binding-without-type": (
        JSON,
        b'{"head": {"vars": ["g"]}, "results": {"bindings": [{"g": {"value": "x"}}]}}',
    ),
    "binding-not-object": (JSON, b'{"head": {"vars": ["g"]}, "results": {"bindings": [{"g": 7}]}}'),
    "vars-not-list": (JSON, b'{"head": {"vars": 5}, "results": {"bindings": []}}'),
    "bad-utf8": (JSON, b'{"head": {"vars": []}, "results": {"bindings": []}, "x": "\xff\xfe"}'),
    "empty-body": (JSON, b""),
    "deep-json": (JSON, b"[" * 100000 + b"]" * 100000),
    "bad-ntriples": ("application/n-triples", b"<a> <b> ."),
    "bad-turtle": ("text/turtle", b"@prefix : <x"),
    "html-200": ("text/html", b"<html><body>Welcome</body></html>"),
    "bad-lang": (
        JSON,
        b'{"head": {"vars": ["g"]}, "results": {"bindings": [{"g": {"type": "literal", "value": "x", "xml:lang": 5}}]}}',
    ),
    "bad-datatype": (
        JSON,
        b'{"head": {"vars": ["g"]}, "results": {"bindings": [{"g": {"type": "literal", "value": "x", "datatype": 5}}]}}',
    ),
}
RAW_REPLIES = {  # path → bytes sent as the whole HTTP reply (status line included)
    "short-body": b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 500\r\n\r\n{}",
    "bad-status-line": b"SPARQL IS GREAT\r\n\r\n",
    "closed": b"",
}


class _Endpoint(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers every request with the malformed reply its path names."""

    def _answer(self) -> None:
        name = self.path.strip("/").split("/")[0].split("?")[0]
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if name in RAW_REPLIES:
            self.wfile.write(RAW_REPLIES[name])
            self.close_connection = True
            return
        ctype, body = REPLIES.get(name, (JSON, b"{}"))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # noqa: N815 - http.server calls these names

    def log_message(self, *args: object) -> None:
        pass


def start_endpoint() -> int:
    """Serve the malformed replies on a loopback port (a daemon thread); return the port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def endpoint_cases(port: int) -> list[Case]:
    """One query and one build per malformed reply."""
    out = []
    for name in [*REPLIES, *RAW_REPLIES]:
        url = f"http://127.0.0.1:{port}/{name}/query"
        out.append(Case(f"endpoint-reply-{name}", "9", ["query", "--endpoint", url, "-n", "documents"]))
    return out


def _sticky_with_planted_link(folder: Path) -> None:
    folder.mkdir()
    os.chmod(folder, 0o1777)
    link = folder / "out.ttl"
    link.symlink_to(folder.parent / "victim.txt")
    if os.geteuid() == 0:
        os.lchown(link, 65534, 65534)


def _snapshot(folder: Path) -> dict[str, str]:
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            result[str(path.relative_to(folder))] = "->" + os.readlink(path)
        elif path.is_file():
            result[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def _limit(fsize: int | None) -> Callable[[], None] | None:
    if fsize is None:
        return None

    def apply() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return apply


def judge(case: Case, folder: Path, run: subprocess.CompletedProcess | None, before: dict[str, str]) -> str:
    """clean / traceback / hang / wrong, with a reason."""
    if run is None:
        return "hang"
    err = run.stderr.decode("utf-8", "replace")
    if "Traceback" in err:
        return "traceback: " + err.strip().splitlines()[-1][:160]
    after = _snapshot(folder)
    changed = [name for name, digest in before.items() if after.get(name) != digest]
    leftovers = [name for name in after if name.endswith(".tmp")]
    if changed:
        return f"wrong: input changed: {changed}"
    if leftovers:
        return f"wrong: temp files left: {leftovers}"
    if case.ok:
        if run.returncode != 0:
            return f"wrong: exit {run.returncode}: {err.strip()[:160]}"
        if case.check is not None and not case.check(folder, run):
            return "wrong: output not as expected"
        return "clean"
    lines = [line for line in err.splitlines() if line.strip()]
    if run.returncode == 0:
        return "wrong: exit 0 on bad input"
    errors = [line for line in lines if line.startswith("Error:")]
    if len(errors) != 1 or (run.returncode == 1 and len(lines) != 1):
        return f"wrong: stderr not one Error line: {err.strip()[:160]!r}"
    return "clean"


def run_case(case: Case, timeout: float) -> tuple[str, float]:
    """Set up, run and judge one case in a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="policykg-bad-") as name:
        folder = Path(name)
        for rel, content in case.files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if callable(content):
                content(path)
            else:
                path.write_bytes(content)
        before = _snapshot(folder)
        env = {**os.environ, **case.env}
        start = time.monotonic()
        try:
            run = subprocess.run(
                [*CLI, *case.argv],
                cwd=folder,
                input=case.stdin if case.stdin is not None else b"",
                capture_output=True,
                timeout=timeout,
                env=env,
                preexec_fn=_limit(case.limit_fsize),
            )
        except subprocess.TimeoutExpired:
            run = None
        return judge(case, folder, run, before), time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a run counts as a hang")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print every case, not only the failures"
    )
    parser.add_argument("-k", "--keyword", default="", help="only cases whose name contains this")
    parser.add_argument("--json", metavar="FILE", help="also write the verdicts as JSON")
    parser.add_argument("--cli", metavar="PATH", help="the policykg to try [default: .venv/bin/policykg]")
    args = parser.parse_args()
    if args.cli:
        CLI[0] = str(Path(args.cli).absolute())
    tried = clean = hangs = tracebacks = 0
    verdicts = {}
    for case in cases() + endpoint_cases(start_endpoint()):
        if args.keyword not in case.name:
            continue
        verdict, seconds = run_case(case, args.timeout)
        tried += 1
        clean += verdict == "clean"
        hangs += verdict == "hang"
        tracebacks += verdict.startswith("traceback")
        verdicts[case.name] = {"item": case.item, "verdict": verdict, "seconds": round(seconds, 2)}
        if args.verbose or verdict != "clean":
            print(f"[{case.item:>4}] {case.name:36} {seconds:6.1f}s  {verdict}", flush=True)
    print(f"bad inputs tried: {tried}  handled cleanly: {clean}  tracebacks: {tracebacks}  hangs: {hangs}")
    if args.json:
        Path(args.json).write_text(json.dumps(verdicts, indent=1) + "\n")
    return 0 if clean == tried else 1


if __name__ == "__main__":
    sys.exit(main())
