"""The bad-input matrix of issue 13 (items 4-11) and issue 8 item 5.

Every row runs one command on files made in a fresh folder and checks the exact ``Error: …`` line
(or, for an odd but valid input, the exact result), the exit code, that every input is unchanged
byte for byte, and that nothing was half-written (no new file, no temporary file). Rows run
in-process with click's runner; the few that need a real process (a file-size limit, a warning
printed by the entry point) run ``python -m policykg``.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_TEXT, SEED

from policykg.cli import cli
from policykg.rdf_input import MAX_JSON_DEPTH

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bad_inputs import BILLION_LAUGHS, RAW_REPLIES, REPLIES  # noqa: E402 - the harness's own hostile inputs

GRAPH_TTL = """@prefix pk: <https://w3id.org/policykg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/policykg/id/city/riverton> a pk:City ; rdfs:label "Riverton"@en .
"""
GRAPH_NT = (
    "<https://w3id.org/policykg/id/city/riverton> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/policykg/ontology#City> .\n"
    '<https://w3id.org/policykg/id/city/riverton> <http://www.w3.org/2000/01/rdf-schema#label> "Riverton"@en .\n'
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and link under ``folder`` with its content hash (or link target)."""
    result = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            result[name] = "-> " + os.readlink(path)
        elif path.is_file():
            result[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def run(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str, stdin: bytes | None = None):
    """Run ``policykg ARGS`` in ``folder``; check no traceback and that nothing changed or was left."""
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    after = snapshot(folder)
    assert {k: v for k, v in after.items() if k in before} == before, "an input changed"
    assert not [name for name in after if name.endswith(".tmp")], "a temporary file was left"
    return result


def refused(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str, stdin: bytes | None = None) -> str:
    """The one stderr line of a command that must fail with exit 1 and write nothing."""
    before = set(snapshot(folder))
    result = run(folder, monkeypatch, *args, stdin=stdin)
    assert result.exit_code == 1, result.output
    assert set(snapshot(folder)) == before, "a file was written"
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---- item 4: standard input that is RDF ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "options"),
    [
        (GRAPH_TTL, []),
        (GRAPH_NT, []),
        (GRAPH_NT, ["--input-format", "nt"]),
        (
            '{"@id": "https://w3id.org/policykg/id/city/riverton", "@type": "https://w3id.org/policykg/ontology#City", "http://www.w3.org/2000/01/rdf-schema#label": {"@value": "Riverton", "@language": "en"}}',
            [],
        ),
        ("# a comment first\n" + GRAPH_TTL, ["--input-format", "auto"]),
    ],
)
def test_rdf_on_stdin_is_read_as_rdf(tmp_path, monkeypatch, data, options):
    result = run(
        tmp_path, monkeypatch, "query", "-", "-q", COUNT, "--format", "csv", *options, stdin=data.encode()
    )
    assert (result.exit_code, result.stdout) == (0, "n\n2\n")


@pytest.mark.parametrize(
    "command", [["stats"], ["export", "--format", "nt"], ["validate"], ["view", "-o", "v.html"]]
)
def test_every_reading_command_reads_rdf_on_stdin(tmp_path, monkeypatch, command):
    (tmp_path / "g.ttl").write_text(GRAPH_TTL)
    from_file = run(tmp_path, monkeypatch, command[0], "g.ttl", *command[1:])
    from_stdin = run(tmp_path, monkeypatch, command[0], "-", *command[1:], stdin=GRAPH_TTL.encode())
    assert (from_stdin.exit_code, from_stdin.stdout) == (from_file.exit_code, from_file.stdout)
    assert "Triples: 2" in from_stdin.stdout or command[0] != "stats"


def test_a_text_on_stdin_is_still_built(tmp_path, monkeypatch):
    query = "SELECT ?c WHERE { ?c a pk:City } ORDER BY ?c LIMIT 1"
    result = run(tmp_path, monkeypatch, "query", "-", "-q", query, stdin=SEED.read_bytes())
    assert (result.exit_code, result.stdout) == (0, "c\n-----------------\nid:city/changchun\n")


@pytest.mark.filterwarnings("ignore::policykg.errors.PolicyKGWarning")
def test_input_format_text_forces_a_text(tmp_path, monkeypatch):
    result = run(tmp_path, monkeypatch, "stats", "-", "--input-format", "text", stdin=GRAPH_TTL.encode())
    assert "Triples: 2\n" not in result.stdout  # the Turtle source became a document


def test_the_cli_offers_every_input_format():
    from policykg import cli as cli_module
    from policykg.rdf_input import INPUT_FORMATS

    assert cli_module.INPUT_FORMATS == INPUT_FORMATS


def test_bad_rdf_on_stdin(tmp_path, monkeypatch):
    line = refused(
        tmp_path,
        monkeypatch,
        "stats",
        "-",
        "--input-format",
        "turtle",
        stdin=b"@prefix : <http://e/> .\n:a :b",
    )
    assert (
        line
        == "Error: cannot parse 'stdin' as turtle: Parser error at line 2 column 6: Unexpected end (line 2)"
    )


# ---- item 5: an output that is an input ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["query", "g.ttl", "-f", "q.rq", "-o", "q.rq"], "q.rq"),
        (["query", "t.txt", "-n", "targets", "-o", "t.txt"], "t.txt"),
        (["view", "t.txt", "-o", "t.txt"], "t.txt"),
        (["export", "g.ttl", "-o", "g.ttl"], "g.ttl"),
        (["build", "t.txt", "-o", "t.txt"], "t.txt"),
        (["export", "g.ttl", "-o", "link.ttl"], "g.ttl"),
        (["export", "g.ttl", "-o", "sub/../g.ttl"], "g.ttl"),
        (["build", "t.txt", "-o", "hard.ttl"], "t.txt"),
        (["build", "texts", "-o", "texts/a.txt"], "texts"),
    ],
)
def test_an_output_that_is_an_input_is_refused(tmp_path, monkeypatch, args, named):
    (tmp_path / "g.ttl").write_text(GRAPH_TTL)
    (tmp_path / "t.txt").write_text(MINI_TEXT)
    (tmp_path / "q.rq").write_text(COUNT)
    (tmp_path / "link.ttl").symlink_to("g.ttl")
    (tmp_path / "sub").mkdir()
    os.link(tmp_path / "t.txt", tmp_path / "hard.ttl")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(MINI_TEXT)
    inside = " (a text in it)" if named == "texts" else ""
    assert refused(tmp_path, monkeypatch, *args) == (
        f"Error: cannot write {args[-1]}: it is the input {named}{inside}, which would be replaced; "
        "choose another -o/--output"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="planting another user's link needs root (lchown)")
def test_a_link_planted_in_a_world_writable_folder_is_not_followed(tmp_path, monkeypatch):
    (tmp_path / "g.ttl").write_text(GRAPH_TTL)
    (tmp_path / "victim.txt").write_text("keep me\n")
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / "out.ttl").symlink_to(tmp_path / "victim.txt")
    os.lchown(shared / "out.ttl", 65534, 65534)
    assert refused(tmp_path, monkeypatch, "export", "g.ttl", "-o", "tmp/out.ttl") == (
        "Error: cannot write tmp/out.ttl: it is a symbolic link of another user in the world-writable "
        "folder tmp; policykg does not follow it: remove it or choose another -o/--output"
    )


def test_my_own_link_in_a_world_writable_folder_is_followed(tmp_path, monkeypatch):
    (tmp_path / "g.ttl").write_text(GRAPH_TTL)
    (tmp_path / "mine.nt").write_text("old\n")
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / "out.nt").symlink_to(tmp_path / "mine.nt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "g.ttl", "-o", "tmp/out.nt"])
    assert result.exit_code == 0 and (shared / "out.nt").is_symlink()
    assert (tmp_path / "mine.nt").read_text().count(" .\n") == 2


# ---- item 6: build --store into a folder that is not a store --------------------------------------


def test_store_into_a_folder_of_other_files_is_refused(tmp_path, monkeypatch):
    (tmp_path / "t.txt").write_text(MINI_TEXT)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("precious\n")
    assert refused(tmp_path, monkeypatch, "build", "t.txt", "--store", "docs") == (
        "Error: cannot build the store docs: the folder holds other files (1) and is not a policykg store; "
        "give a new or empty folder to --store"
    )


def test_store_into_a_file_is_refused(tmp_path, monkeypatch):
    (tmp_path / "t.txt").write_text(MINI_TEXT)
    (tmp_path / "f").write_text("a file")
    assert refused(tmp_path, monkeypatch, "build", "t.txt", "--store", "f") == (
        "Error: cannot build the store f: it is a file, not a folder; choose another --store"
    )


def test_store_into_an_empty_folder_or_an_existing_store_works(tmp_path, monkeypatch):
    (tmp_path / "t.txt").write_text(MINI_TEXT)
    (tmp_path / "db").mkdir()
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(cli, ["build", "t.txt", "--store", "db"])
    again = CliRunner().invoke(cli, ["build", "t.txt", "--store", "db"])
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert again.stderr == "0 added, 0 replaced, 1 unchanged, 0 removed, 0 failed\n"


# ---- item 7: a text policykg cannot read warns ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        (
            "Город Чанчунь построит новую промышленную систему. " * 20,
            "Warning: 'r.txt' is in a language policykg cannot read (neither English nor Chinese): little will "
            "be extracted from it; if it is English or Chinese, say so with --lang en or --lang zh",
        ),
        (
            "長春市は新しい産業システムを構築します。" * 20,
            "Warning: 'r.txt': nothing extracted (no place, industry, initiative or organization): most of its "
            "letters are Japanese kana, and policykg reads English and Chinese policy texts",
        ),
        (
            "the quick brown fox jumps over the lazy dog. " * 20,
            "Warning: 'r.txt': nothing extracted (no place, industry, initiative or organization): is it a "
            "policy text?",
        ),
    ],
)
@pytest.mark.parametrize("where", [["-o", "r.ttl"], ["--store", "db"]])
def test_a_text_that_gives_nothing_warns(tmp_path, text, warning, where):
    (tmp_path / "r.txt").write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "policykg", "build", "r.txt", *where],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == warning


# ---- item 8: hostile RDF ----------------------------------------------------------------------------

LAUGHS = (
    "Error: 'b.rdf' declares XML entities that expand to more than 1 MiB (\"billion laughs\"): "
    "policykg refuses such RDF/XML"
)


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["query", "-n", "documents"],
        ["export", "--format", "nt"],
        ["validate"],
        ["view", "-o", "v.html"],
    ],
)
def test_billion_laughs_is_refused_by_every_reading_command(tmp_path, monkeypatch, command):
    (tmp_path / "b.rdf").write_bytes(BILLION_LAUGHS)
    assert refused(tmp_path, monkeypatch, command[0], "b.rdf", *command[1:]) == LAUGHS


TRIPLE_TERM = "<urn:a> <urn:says> <<( <urn:a> <urn:b> <urn:c> )>> .\n"


@pytest.mark.parametrize(
    "command", [["stats"], ["query", "-n", "documents"], ["validate"], ["view", "-o", "v.html"]]
)
def test_an_rdf_1_2_triple_term_is_refused_by_every_reading_command(tmp_path, monkeypatch, command):
    (tmp_path / "star.nt").write_text(TRIPLE_TERM, encoding="utf-8")
    assert refused(tmp_path, monkeypatch, command[0], "star.nt", *command[1:]) == (
        "Error: cannot read 'star.nt': it holds an RDF 1.2 triple term "
        "(<<( <urn:a> <urn:b> <urn:c> )>>), which policykg does not support"
    )


def test_external_xml_entities_are_refused(tmp_path, monkeypatch):
    (tmp_path / "e.rdf").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
        b'<rdf:Description rdf:about="http://e/s"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>'
    )
    assert refused(tmp_path, monkeypatch, "stats", "e.rdf") == (
        "Error: 'e.rdf' declares an external XML entity (x), which policykg never fetches: write its text into the file"
    )


def test_ordinary_xml_entities_still_work(tmp_path, monkeypatch):
    (tmp_path / "o.rdf").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY ex "http://e/">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
        b'<rdf:Description rdf:about="&ex;s"><ex:p rdf:resource="&ex;o"/></rdf:Description></rdf:RDF>'
    )
    result = run(tmp_path, monkeypatch, "export", "o.rdf", "--format", "nt")
    assert (result.exit_code, result.stdout) == (0, "<http://e/s> <http://e/p> <http://e/o> .\n")


def long_literal(megabytes: int) -> bytes:
    return b'<http://e/s> <http://e/p> "' + b"a" * (megabytes * 1024 * 1024) + b'" .\n'


def test_a_2_mb_literal_is_read(tmp_path, monkeypatch):
    (tmp_path / "l.nt").write_bytes(long_literal(2))
    assert run(tmp_path, monkeypatch, "stats", "l.nt").stdout.startswith("Triples: 1\n")


def test_a_literal_over_16_mib_is_refused(tmp_path, monkeypatch):
    (tmp_path / "l.nt").write_bytes(long_literal(17))
    assert refused(tmp_path, monkeypatch, "stats", "l.nt") == (
        "Error: cannot parse 'l.nt' as nt: Reached the buffer maximal size of 16777216; no literal may be that long"
    )


def nested_jsonld(depth: int) -> bytes:
    inner = '{"@id": "http://e/x", "http://e/p": "v"}'
    return ('{"@id": "http://e/x", "http://e/p": ' * depth + inner + "}" * depth).encode()


@pytest.mark.parametrize(
    ("data", "at"),
    [(nested_jsonld(400), 4096), (nested_jsonld(100_000), 4096), (b"[" * 100_000 + b"]" * 100_000, 256)],
)
def test_deep_json_ld_is_refused(tmp_path, monkeypatch, data, at):
    (tmp_path / "n.jsonld").write_bytes(data)
    line = refused(tmp_path, monkeypatch, "stats", "n.jsonld")
    assert line.startswith(f"Error: 'n.jsonld' nests JSON more than {MAX_JSON_DEPTH} levels deep (at byte ")
    assert line.endswith("): policykg reads JSON-LD up to that depth")


def test_json_ld_nested_within_the_bound_is_read(tmp_path, monkeypatch):
    (tmp_path / "n.jsonld").write_bytes(nested_jsonld(200))
    assert run(tmp_path, monkeypatch, "stats", "n.jsonld").stdout.startswith(
        "Triples: 2\n"
    )  # one node, twice


# ---- issue 8 item 5: JSON-LD @import and remote contexts -----------------------------------------

REMOTE = (
    "Error: cannot parse 'i.jsonld' as json-ld: it refers to a remote JSON-LD @context or @import, which "
    "policykg never fetches: inline the context"
)


@pytest.mark.parametrize(
    "document",
    [
        {
            "@context": {"@version": 1.1, "@import": "file:///etc/hostname"},
            "@id": "http://e/s",
            "http://e/p": "v",
        },
        {"@context": [{"@import": "http://127.0.0.1:9/ctx.jsonld"}], "@id": "http://e/s", "http://e/p": "v"},
        {"@id": "http://e/s", "http://e/p": {"@context": {"@import": "ctx.jsonld"}, "@id": "http://e/o"}},
        {
            "@context": {"p": {"@id": "http://e/p", "@context": "http://127.0.0.1:9/c"}},
            "@id": "http://e/s",
            "p": {"@id": "http://e/o"},
        },
        {"@context": "http://127.0.0.1:9/c", "@id": "http://e/s"},
    ],
)
def test_json_ld_never_fetches_a_context(tmp_path, monkeypatch, document):
    (tmp_path / "i.jsonld").write_text(json.dumps(document))
    (tmp_path / "ctx.jsonld").write_text('{"@context": {"p": "http://e/leaked"}}')
    assert refused(tmp_path, monkeypatch, "export", "i.jsonld", "--format", "nt") == REMOTE


# ---- item 9: tracebacks become one Error line ----------------------------------------------------


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri"])
def test_a_codec_that_is_not_a_text_encoding(tmp_path, monkeypatch, codec):
    (tmp_path / "t.txt").write_text(MINI_TEXT)
    assert refused(tmp_path, monkeypatch, "build", "t.txt", "--encoding", codec) == (
        f"Error: '{codec}' is not a text encoding (it transforms bytes or text, it does not decode them): "
        "use a text encoding such as utf-8, utf-16 or gb18030"
    )


@pytest.mark.parametrize(
    ("url", "why"),
    [("http://[::1", "Invalid IPv6 URL"), ("http://127.0.0.1:99999/q", "Port out of range 0-65535")],
)
@pytest.mark.parametrize("command", [["query", "-n", "documents"], ["build", "t.txt"]])
def test_a_malformed_endpoint_url(tmp_path, monkeypatch, url, why, command):
    (tmp_path / "t.txt").write_text(MINI_TEXT)
    assert refused(tmp_path, monkeypatch, *command, "--endpoint", url) == (
        f"Error: --endpoint {url!r} is not a valid URL: {why}"
    )


@pytest.mark.parametrize("depth", [500, 100_000])
def test_deeply_nested_gold_json(tmp_path, monkeypatch, depth):
    (tmp_path / "g.ttl").write_text(GRAPH_TTL)
    (tmp_path / "gold.json").write_text("[" * depth + "]" * depth)
    line = refused(tmp_path, monkeypatch, "evaluate", "g.ttl", "--gold", "gold.json")
    assert line in (
        "Error: gold.json: the JSON is nested too deeply to be a gold annotation",
        "Error: gold.json: the gold annotation must be a JSON object",
    )


XML_TTL = '@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n<http://e/s> <http://e/p> "{}"^^rdf:XMLLiteral .\n'


@pytest.mark.parametrize("literal", ['<!DOCTYPE x [<!ENTITY a \\"b\\">]><x>&a;</x>', "<a>", "<a>b</a>"])
def test_xml_literals_are_kept_as_written(tmp_path, monkeypatch, literal):
    (tmp_path / "x.ttl").write_text(XML_TTL.format(literal))
    result = run(tmp_path, monkeypatch, "export", "x.ttl", "--format", "nt")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f'<http://e/s> <http://e/p> "{literal}"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral> .\n'
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "b.ttl",
            b'@prefix : <http://e/> .\n:a :b "',
            "as turtle: Parser error at line 2 column 7: Unexpected end of file (line 2)",
        ),
        (
            "b.ttl",
            b":a :b :c .",
            "as turtle: Parser error at line 1 between columns 1 and 3: The prefix : has not been declared (line 1)",
        ),
        (
            "b.ttl",
            b"@prefix",
            "as turtle: Parser error at line 1 between columns 1 and 8: Unexpected end of file",
        ),
        (
            "b.nt",
            b"<a> <b> <c>",
            "as nt: Parser error at line 1 between columns 1 and 4: No scheme found in an absolute IRI (line 1)",
        ),
        (
            "b.jsonld",
            b"{",
            "as json-ld: Parser error at line 1 column 2: Object keys must be strings (line 1)",
        ),
        ("b.jsonld", b'{"@id": 5}', "as json-ld: @id value must be a string"),
        ("b.rdf", b"<x", "as xml: "),
        ("b.trig", b"<http://e/g> { <http://e/a> <http://e/b> ", "as trig: "),
    ],
)
def test_bad_rdf_is_one_error_line(tmp_path, monkeypatch, name, data, message):
    (tmp_path / name).write_bytes(data)
    line = refused(tmp_path, monkeypatch, "stats", name)
    assert line.startswith(f"Error: cannot parse '{name}' {message}")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32", "utf-32-be"])
def test_utf_16_and_32_texts_with_their_encoding(tmp_path, monkeypatch, codec):
    (tmp_path / "wide" / "texts").mkdir(parents=True)  # both files are texts/t.txt: one document IRI
    (tmp_path / "wide" / "texts" / "t.txt").write_bytes(SEED.read_bytes().decode().encode(codec))
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t.txt").write_bytes(SEED.read_bytes())
    plain = run(tmp_path, monkeypatch, "build", "texts/t.txt", "--format", "nt")
    wide = run(tmp_path / "wide", monkeypatch, "build", "texts/t.txt", "--encoding", codec, "--format", "nt")
    assert wide.exit_code == 0
    assert wide.stdout == plain.stdout


def test_utf_16_without_its_encoding_says_which_option(tmp_path, monkeypatch):
    (tmp_path / "t.txt").write_bytes(MINI_TEXT.encode("utf-16"))
    assert refused(tmp_path, monkeypatch, "build", "t.txt") == (
        "Error: 't.txt' is not valid utf-8: byte 0xff at offset 0; if the file has another encoding, say which "
        "with --encoding (e.g. --encoding latin-1)"
    )


def test_a_byte_order_mark_in_a_query_file(tmp_path, monkeypatch):
    (tmp_path / "g.ttl").write_text(GRAPH_TTL)
    (tmp_path / "q.rq").write_bytes(b"\xef\xbb\xbf" + COUNT.encode())
    result = run(tmp_path, monkeypatch, "query", "g.ttl", "-f", "q.rq", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "n\n2\n")


def _limit_file_size(size: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (["-o", "g.ttl"], "Error: cannot write g.ttl: File too large"),
        (["--store", "db"], "Error: "),
    ],
)
def test_a_full_disk_leaves_nothing_half_written(tmp_path, where, message):
    (tmp_path / "t.txt").write_bytes(SEED.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "policykg", "build", "t.txt", *where],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size(16 * 1024),
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith(message), done.stderr
    assert "File too large" in done.stderr
    assert not (tmp_path / "g.ttl").exists()
    assert not list(tmp_path.glob(".*.tmp"))


# ---- item 10: size and processes ------------------------------------------------------------------


def test_a_5_mb_one_line_text_is_refused_at_once(tmp_path, monkeypatch):
    (tmp_path / "t.txt").write_bytes(SEED.read_bytes().replace(b"\n", b" ") * 600)
    assert refused(tmp_path, monkeypatch, "build", "t.txt", "-o", "g.ttl") == (
        "Error: 't.txt' holds more than the 2 MiB one document may have: split it into several files"
    )


def test_jobs_are_capped_at_the_cores(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(MINI_TEXT)
    (tmp_path / "b.txt").write_text(MINI_TEXT.replace("Riverton", "Lakeside"))
    cores = len(os.sched_getaffinity(0))
    result = run(tmp_path, monkeypatch, "build", "a.txt", "b.txt", "--store", "db", "--jobs", "50")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"Note: --jobs 50 is more than the {cores} CPU cores here: using {cores} processes"
    )


# ---- item 9: malformed replies of a remote SPARQL endpoint ---------------------------------------


@pytest.fixture(scope="module")
def endpoint_port() -> int:
    from bad_inputs import start_endpoint

    return start_endpoint()


@pytest.mark.parametrize("reply", sorted([*REPLIES, *RAW_REPLIES]))
def test_a_malformed_endpoint_reply_is_one_error_line(tmp_path, monkeypatch, endpoint_port, reply):
    url = f"http://127.0.0.1:{endpoint_port}/{reply}/query"
    line = refused(tmp_path, monkeypatch, "query", "--endpoint", url, "-n", "documents")
    if reply == "closed":
        assert line == (
            f"Error: {url}: cannot reach the SPARQL endpoint: Remote end closed connection without response; "
            "is the server running?"
        )
    else:
        assert line.startswith(f"Error: {url}: the SPARQL endpoint sent a malformed reply (")
        assert line.endswith("); is it a SPARQL 1.1 endpoint?")
