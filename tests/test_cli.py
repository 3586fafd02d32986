"""The command line, happy paths: CliRunner with exact outputs, plus one real subprocess per command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_TEXT, ROOT, SEED, assert_isomorphic
from rdflib import Graph

from policykg import __version__
from policykg.cli import cli
from policykg.query import named_queries

COMMANDS = ["build", "query", "export", "validate", "stats", "evaluate"]
PLACES = (
    "kind         place      province\n"
    "-----------  ---------  ---------\n"
    "pk:City      Riverton   Northland\n"
    "pk:Province  Northland\n"
)


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.output


# ---- the group -------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_lists_commands_and_exit_codes(flag: str) -> None:
    code, out = run(flag)
    assert code == 0
    for command in COMMANDS:
        assert f"  {command} " in out
    assert "Exit codes:" in out and "2  usage error" in out


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    assert run(flag) == (0, f"policykg, version {__version__}\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    code, out = run(command, "-h")
    assert code == 0
    assert out.startswith(f"Usage: cli {command} [OPTIONS]")
    assert "Exit codes:" in out


def test_cli_import_is_light() -> None:
    code = (
        "import policykg.cli, sys; "
        "heavy = {'pyvis', 'networkx', 'pyoxigraph', 'pyshacl'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(ROOT / "src")})


# ---- build -----------------------------------------------------------------------------------------


def test_build_stdin_to_stdout() -> None:
    code, out = run("build", "-", input=MINI_TEXT)
    assert code == 0
    graph = Graph().parse(data=out, format="turtle")
    assert len(graph) > 0
    assert out.startswith("@prefix ")


def test_build_twice_gives_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert run("build", str(SEED), "-o", str(first)) == (0, "")
    assert run("build", str(SEED), "-o", str(second)) == (0, "")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().endswith(b".\n")


@pytest.mark.parametrize(("name", "fmt"), [("g.nt", "nt"), ("g.jsonld", "json-ld"), ("g.rdf", "xml")])
def test_build_format_from_extension(tmp_path: Path, name: str, fmt: str, seed_graph: Graph) -> None:
    out = tmp_path / name
    assert run("build", str(SEED), "-o", str(out)) == (0, "")
    assert len(Graph().parse(out, format=fmt)) == len(seed_graph)


def test_build_format_option_wins(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    assert run("build", str(SEED), "--format", "nt", "-o", str(out)) == (0, "")
    assert not out.read_text().startswith("@prefix")
    Graph().parse(out, format="nt")


def test_build_folder(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "b.txt").write_text(MINI_TEXT, encoding="utf-8")
    (tmp_path / "texts" / "a.txt").write_text(MINI_TEXT.replace("Riverton", "Lakeside"), encoding="utf-8")
    code, out = run("build", str(tmp_path / "texts"), "--format", "nt")
    assert code == 0
    assert "<https://w3id.org/policykg/id/document/texts/a>" in out
    assert "<https://w3id.org/policykg/id/document/texts/b>" in out


def test_build_text_without_numbers() -> None:
    code, out = run("build", "-", input="Riverton builds parks.\n")
    assert code == 0 and "Riverton" in out


# ---- query -----------------------------------------------------------------------------------------


def test_query_q(mini_ttl: Path) -> None:
    assert run("query", str(mini_ttl), "-n", "places") == (0, PLACES)


def test_query_inline(mini_ttl: Path) -> None:
    text = "SELECT ?c WHERE { ?x a pk:City ; rdfs:label ?c }"
    assert run("query", str(mini_ttl), "-q", text) == (0, "c\n--------\nRiverton\n")


def test_query_file(mini_ttl: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text(named_queries()["places"].text, encoding="utf-8")
    assert run("query", str(mini_ttl), "-f", str(rq)) == (0, PLACES)


def test_query_stdin(mini_ttl: Path) -> None:
    assert run("query", str(mini_ttl), "-f", "-", input=named_queries()["places"].text) == (0, PLACES)


def test_query_on_a_text_built_on_the_fly(tmp_path: Path) -> None:
    text = tmp_path / "mini.txt"
    text.write_text(MINI_TEXT, encoding="utf-8")
    code, out = run("query", str(text), "-q", "ASK { ?d a pk:Document }")
    assert (code, out) == (0, "true\n")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "md", "table"])
def test_query_formats(mini_ttl: Path, fmt: str) -> None:
    code, out = run("query", str(mini_ttl), "-n", "places", "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert json.loads(out)["head"]["vars"] == ["kind", "place", "province"]
    elif fmt == "csv":  # CliRunner's output turns CRLF into LF; the file test checks the bytes
        assert out.startswith("kind,place,province\n")
    elif fmt == "tsv":
        assert out.startswith("?kind\t?place\t?province\n")
    elif fmt == "md":
        assert out.startswith("| kind | place | province |\n|---|---|---|\n")
    else:
        assert out == PLACES


def test_query_construct_is_turtle(mini_ttl: Path) -> None:
    code, out = run("query", str(mini_ttl), "-q", "CONSTRUCT WHERE { ?c a pk:Province }")
    assert code == 0
    assert out == (
        "@prefix pk: <https://w3id.org/policykg/ontology#> .\n\n"
        "<https://w3id.org/policykg/id/province/northland> a pk:Province .\n"
    )


def test_query_output_file(mini_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "places.csv"
    assert run("query", str(mini_ttl), "-n", "places", "--format", "csv", "-o", str(out)) == (0, "")
    assert out.read_bytes().startswith(b"kind,place,province\r\n")


def test_query_list() -> None:
    code, out = run("query", "--list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(named_queries())
    width = max(len(name) for name in named_queries())
    entry = named_queries()["targets"]
    assert f"{entry.name.ljust(width)}  {entry.title}" in lines


# ---- export, validate, stats, evaluate -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "longturtle", "nt", "nquads", "jsonld", "xml", "trig"])
def test_export_round_trips(mini_ttl: Path, tmp_path: Path, fmt: str, mini_graph: Graph) -> None:
    from test_export import canonical, parse

    out = tmp_path / f"graph.{fmt}"
    assert run("export", str(mini_ttl), "--format", fmt, "-o", str(out)) == (0, "")
    assert_isomorphic(parse(out.read_bytes(), fmt), canonical(mini_graph))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats(mini_ttl: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert run("export", str(mini_ttl), "-o", str(out)) == (0, "")
    assert b"Riverton" in out.read_bytes()


def test_validate_conforms(mini_ttl: Path) -> None:
    assert run("validate", str(mini_ttl)) == (
        0,
        "Conforms: yes (the graph follows the policykg contract shapes)\n",
    )


def test_validate_reports_and_exits_1(mini_graph: Graph, tmp_path: Path) -> None:
    from rdflib import RDFS, URIRef

    broken = Graph()
    broken += mini_graph
    broken.remove((URIRef("https://w3id.org/policykg/id/city/riverton"), RDFS.label, None))
    path = tmp_path / "broken.ttl"
    broken.serialize(path, format="turtle")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output == (
        "Conforms: no (1 problem)\n"
        "- <id:city/riverton> rdfs:label: has no rdfs:label (every instance of a contract class needs one)\n"
    )


def test_stats(mini_ttl: Path) -> None:
    code, out = run("stats", str(mini_ttl), "--top", "1")
    assert code == 0
    assert out.endswith(
        "Best-connected entities (links to other entities):\n  Riverton <id:city/riverton>  6\n"
    )


def test_evaluate(tmp_path: Path) -> None:
    text = ROOT / "tests" / "data" / "baotou-2023-interview.txt"
    gold = ROOT / "tests" / "data" / "baotou-2023-interview.json"
    code, out = run("evaluate", str(text), "--gold", str(gold), "--text", str(text))
    assert code == 0
    assert out.splitlines()[-1].startswith("SCORE ")


# ---- one real subprocess per command ---------------------------------------------------------------


def policykg(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.slow
def test_subprocess_every_command(tmp_path: Path, mini_ttl: Path) -> None:
    graph = tmp_path / "seed.ttl"
    done = policykg("build", str(SEED), "-o", str(graph))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert policykg("query", str(mini_ttl), "-n", "places").stdout == PLACES
    done = policykg("export", str(graph), "-o", str(tmp_path / "seed.nt"))
    assert (done.returncode, done.stderr) == (0, "")
    done = policykg("validate", str(graph))
    assert (done.returncode, done.stdout) == (
        0,
        "Conforms: yes (the graph follows the policykg contract shapes)\n",
    )
    assert policykg("stats", str(graph)).stdout.startswith("Triples: ")
    gold = ROOT / "tests" / "data" / "baotou-2023-interview.json"
    done = policykg("evaluate", str(graph), "--gold", str(gold))
    assert done.returncode == 0 and "SCORE" in done.stdout


@pytest.mark.slow
def test_subprocess_error_is_one_line() -> None:
    done = policykg("query", "missing.ttl", "-q", "ASK {}")
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "",
        "Error: cannot read 'missing.ttl': no such file\n",
    )


def test_query_parameters(mini_ttl: Path) -> None:
    code, out = run(
        "query", str(mini_ttl), "-n", "figures-above", "-p", "unit=pk:Mu", "-p", "threshold=1000000"
    )
    assert code == 0
    assert out.splitlines()[2].split("  ")[0:2] == ["pk:Target", "Riverton"]


@pytest.mark.slow
def test_build_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"seed-{seed}.ttl"
        done = subprocess.run(
            [sys.executable, "-m", "policykg", "build", str(SEED), "-o", str(out)],
            env={"PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )
        assert (done.returncode, done.stderr) == (0, "")
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
