"""Every bad input of issue 2 item 9: one exact ``Error: …`` line, exit 1 (usage errors: exit 2), no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_TEXT

from policykg.cli import cli

EXPORTS = "turtle, longturtle, nt, nquads, jsonld, xml, trig, graphml, gexf"
UPDATE = (
    "Error: SPARQL Update is refused: policykg query is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)\n"
)


def fails(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def texts(tmp_path: Path) -> dict[str, Path]:
    """An empty, a binary, a Latin-1 and a good text, and an empty folder."""
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "image.txt",
        "latin1": tmp_path / "latin1.txt",
        "good": tmp_path / "good.txt",
    }
    files["empty"].write_bytes(b" \n\n")
    files["binary"].write_bytes(b"GIF89a\x00\x01\x02")
    files["latin1"].write_bytes("Caf\u00e9 policy in Riverton: 5 new parks.".encode("latin-1"))
    files["good"].write_text(MINI_TEXT, encoding="utf-8")
    files["folder"] = tmp_path / "nothing-here"
    files["folder"].mkdir()
    (files["folder"] / "README.md").write_text("not a text to build", encoding="utf-8")
    return files


def test_missing_path() -> None:
    assert fails("build", "no-such-file.txt") == (
        1,
        "Error: cannot read 'no-such-file.txt': no such file or folder\n",
    )


def test_missing_rdf_file() -> None:
    assert fails("query", "no-such-graph.ttl", "-q", "ASK {}") == (
        1,
        "Error: cannot read 'no-such-graph.ttl': no such file\n",
    )


def test_empty_file(texts: dict[str, Path]) -> None:
    path = texts["empty"]
    assert fails("build", str(path)) == (1, f"Error: '{path}' is empty: give a text with some words in it\n")


def test_binary_file(texts: dict[str, Path]) -> None:
    path = texts["binary"]
    assert fails("build", str(path)) == (
        1,
        f"Error: '{path}' looks binary (NUL byte at offset 6): give a plain-text file, or name its encoding with --encoding (e.g. utf-16)\n",
    )


def test_not_utf8_names_the_byte_and_suggests_encoding(texts: dict[str, Path]) -> None:
    path = texts["latin1"]
    assert fails("build", str(path)) == (
        1,
        f"Error: '{path}' is not valid utf-8: byte 0xe9 at offset 3; "
        "if the file has another encoding, say which with --encoding (e.g. --encoding latin-1)\n",
    )
    code, out = fails("build", str(path), "--encoding", "latin-1")
    assert code == 0 and "Café policy" in out


def test_unknown_encoding(texts: dict[str, Path]) -> None:
    assert fails("build", str(texts["good"]), "--encoding", "klingon") == (
        1,
        "Error: unknown encoding 'klingon': use a Python codec name such as utf-8 or latin-1\n",
    )


def test_folder_without_texts(texts: dict[str, Path]) -> None:
    folder = texts["folder"]
    assert fails("build", str(folder)) == (
        1,
        f"Error: folder '{folder}' has no *.txt or *.md files: put the texts to build in it\n",
    )


def test_unknown_format_option_is_a_usage_error(texts: dict[str, Path]) -> None:
    code, out = fails("export", str(texts["good"]), "--format", "yaml")
    assert code == 2
    assert out.endswith(
        "Error: Invalid value for '--format': 'yaml' is not one of "
        "'turtle', 'longturtle', 'nt', 'nquads', 'jsonld', 'xml', 'trig', 'graphml', 'gexf'.\n"
    )


def test_unknown_output_extension(texts: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "graph.yaml"
    assert fails("build", str(texts["good"]), "-o", str(out)) == (
        1,
        f"Error: cannot tell the format of '{out}' from its extension; give --format ({EXPORTS})\n",
    )
    assert not out.exists()


def test_malformed_sparql(texts: dict[str, Path]) -> None:
    assert fails("query", str(texts["good"]), "-q", "SELECT ?x WHERE {\n  ?x a pk:City\n") == (
        1,
        "Error: SPARQL syntax error at line 3, column 1: the query ends too early (is a '}' or ')' missing?)\n",
    )


def test_unknown_prefix(texts: dict[str, Path]) -> None:
    code, out = fails("query", str(texts["good"]), "-q", "SELECT * WHERE { ?x ex:p ?y }")
    assert code == 1
    assert out.startswith("Error: SPARQL syntax error at line 1, column 21: unknown prefix 'ex:'; declare it")


def test_unknown_named_query(texts: dict[str, Path]) -> None:
    code, out = fails("query", str(texts["good"]), "-n", "no-such-query")
    assert code == 1
    assert out.startswith("Error: unknown query name 'no-such-query'; known: city-visions, documents, ")
    assert out.endswith(" (see policykg query --list)\n")


GUARD_TAIL = (
    " and policykg refuses it anywhere in a query, even inside a string, an IRI or a comment "
    "(write a string as CONCAT({split}) or match it with REGEX; drop the word from comments)\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", UPDATE),
        (
            "LOAD <http://example.org/x.ttl>",
            "Error: LOAD is refused: a query never loads data from the network or disk; the word 'LOAD' is "
            "at line 1, column 1" + GUARD_TAIL.format(split='"lo", "ad"'),
        ),
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "Error: SERVICE is refused: a query never contacts other SPARQL endpoints; the word 'SERVICE' is "
            "at line 1, column 18" + GUARD_TAIL.format(split='"ser", "vice"'),
        ),
        (
            "SELECT * FROM <http://example.org/x.ttl> WHERE { ?s ?p ?o }",
            "Error: FROM is refused: a query never names its own dataset (query a document graph with "
            "GRAPH <iri> { … }); the word 'FROM' is at line 1, column 10"
            + GUARD_TAIL.format(split='"fr", "om"'),
        ),
    ],
)
def test_unsafe_queries_are_refused(texts: dict[str, Path], text: str, message: str) -> None:
    assert fails("query", str(texts["good"]), "-q", text) == (1, message)


def test_missing_query_file(texts: dict[str, Path]) -> None:
    assert fails("query", str(texts["good"]), "-f", "no-such.rq") == (
        1,
        "Error: query file not found: no-such.rq\n",
    )


@pytest.mark.parametrize(
    "args",
    [["-q", "ASK {}", "-n", "places"], []],
)
def test_query_needs_exactly_one_source(texts: dict[str, Path], args: list[str]) -> None:
    code, out = fails("query", str(texts["good"]), *args)
    assert code == 2
    assert out.endswith("Error: give exactly one of -q SPARQL, -f FILE or -n NAME (or --list)\n")


def test_query_needs_data() -> None:
    code, out = fails("query", "-n", "places")
    assert code == 2
    assert out.endswith("Error: missing DATA: give at least one RDF or text file\n")


def test_stdin_cannot_be_query_and_data() -> None:
    code, out = fails("query", "-", "-f", "-", input="ASK {}")
    assert code == 2
    assert out.endswith("Error: standard input cannot hold both the query (-f -) and the data (-)\n")


def test_missing_output_directory(texts: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "no" / "graph.ttl"
    assert fails("build", str(texts["good"]), "-o", str(out)) == (
        1,
        f"Error: cannot write {out}: directory {out.parent} does not exist; create it or choose another -o/--output\n",
    )


def test_malformed_rdf(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    code, out = fails("stats", str(bad))
    assert code == 1
    assert out.startswith(f"Error: cannot parse '{bad}' as turtle: ")
    assert out.count("\n") == 1


def test_failed_command_keeps_the_existing_output(texts: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    out.write_bytes(b"precious\n")
    assert fails("build", str(texts["empty"]), "-o", str(out))[0] == 1
    assert fails("export", "no-such.ttl", "-o", str(out))[0] == 1
    assert out.read_bytes() == b"precious\n"
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["graph.ttl", "empty.txt", "image.txt", "latin1.txt", "good.txt", "nothing-here"]
    )


def test_missing_gold_file(texts: dict[str, Path]) -> None:
    assert fails("evaluate", str(texts["good"]), "--gold", "no-such-gold.json") == (
        1,
        "Error: no-such-gold.json: gold file not found; check the --gold path\n",
    )


def test_unknown_query_parameter(texts: dict[str, Path]) -> None:
    assert fails("query", str(texts["good"]), "-n", "targets", "-p", "year=2021") == (
        1,
        "Error: the query has no parameter 'year' (a VALUES ?year block); its parameters: none\n",
    )


def test_malformed_query_parameter(texts: dict[str, Path]) -> None:
    code, out = fails("query", str(texts["good"]), "-n", "targets", "-p", "year")
    assert code == 2
    assert out.endswith("Error: Invalid value for '-p' / '--param': 'year' is not NAME=VALUE\n")


def test_graph_pattern_sees_one_graph_per_document(texts: dict[str, Path]) -> None:
    """Issue 13, item 2: each text is its document's named graph, so GRAPH works on DATA."""
    code, out = fails(
        "query",
        str(texts["good"]),
        "--format",
        "csv",
        "-q",
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    )
    assert (code, out.splitlines()[0], len(out.splitlines())) == (0, "g", 2)
    assert out.splitlines()[1].startswith("https://w3id.org/policykg/id/document/")
