"""The import direction of STYLE.md holds: data flows one way and heavy libraries load lazily."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policykg"

# module (or package prefix) → layer; a module may import only modules of lower layers.
LAYERS = {
    "errors": 0, "model": 0, "namespaces": 1, "output": 1, "terms": 1, "results": 1, "turtle": 2,
    "text": 2, "fingerprints": 2, "ontology": 2, "lexicon": 2,
    "extract": 3,
    "iris": 4, "indicators": 4, "graph": 5,
    "sparql_guard": 5, "query": 6, "store": 6, "rdf_input": 6,
    "view": 7, "export": 7, "validate": 7, "stats": 7, "evaluate": 7, "promises": 7,
    "pipeline": 8, "tracker": 8, "corpus": 9, "protocol": 9, "worker": 10, "api": 10, "serve": 11,
    "cli": 12, "__main__": 13, "__init__": 13,
}  # fmt: skip
# Imports that go sideways on purpose, each with its reason.
ALLOWED = {
    ("lexicon", "ontology"),  # the lexicon is read from the packaged ontology files
    ("export", "view"),  # GraphML/GEXF share the views' networkx projection (issue 4)
    ("query", "store"),  # the query check lets Oxigraph parse a query on an empty store (issue 10)
}
# heavy or interface library → the only module (or package) that may import it
HOME = {
    "networkx": {"view", "export"},  # export writes GraphML/GEXF with networkx
    "pyvis": {"view"},
    # rdf_input parses users' RDF with Oxigraph (issue 13); terms.from_oxigraph is the one conversion
    # of Oxigraph terms to rdflib's, for stores and RDF input alike (issue 10), imported in that function
    "pyoxigraph": {"store", "rdf_input", "terms"},
    "pyshacl": {"validate"},
    "click": {"cli"},
}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        yield path, parts


def layer_of(parts: tuple[str, ...]) -> tuple[str, int]:
    head = parts[0]
    assert head in LAYERS, f"policykg.{'.'.join(parts)} is not in the layer table of {__file__}"
    return head, LAYERS[head]


def policykg_imports(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("policykg."):
            yield node.module.split(".")[1]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("policykg."):
                    yield alias.name.split(".")[1]


def test_imports_point_down_the_layers():
    wrong = []
    for path, parts in modules():
        if parts[-1] == "__init__" and len(parts) == 1:
            continue
        head, layer = layer_of(parts)
        for target in policykg_imports(ast.parse(path.read_text())):
            if target == head or (head, target) in ALLOWED:
                continue
            if LAYERS.get(target, 99) >= layer:
                wrong.append(f"{'.'.join(parts)} imports policykg.{target}")
    assert not wrong, "\n".join(wrong)


def test_extraction_does_not_touch_rdflib():
    for path in sorted((PACKAGE / "extract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "rdflib" for n in names), path


def test_heavy_libraries_are_imported_only_in_their_home_module():
    wrong = []
    for path, parts in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module.split(".")[0]]
            wrong += [
                f"{'/'.join(parts)} imports {n}" for n in names if n in HOME and parts[0] not in HOME[n]
            ]
    assert not wrong, "\n".join(wrong)


def test_cli_starts_without_heavy_libraries():
    """``policykg --help`` imports click and nothing of rdflib (~0.15 s), pyparsing or the extraction."""
    code = (
        "import policykg.cli, sys; "
        "heavy = {'pyvis', 'networkx', 'pyoxigraph', 'pyshacl', 'rdflib', 'pyparsing', 'jinja2'} "
        "& {name.split('.')[0] for name in sys.modules}; "
        "heavy |= {'policykg.extract', 'policykg.query', 'policykg.corpus'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_query_on_rdf_files_does_not_import_the_extraction(tmp_path):
    """Querying a Turtle file reads it straight into Oxigraph: the extractor is never imported."""
    graph = tmp_path / "g.ttl"
    graph.write_text("<urn:a> <http://purl.org/dc/terms/language> 'en' .\n", encoding="utf-8")
    code = (
        "import sys; from policykg.cli import main; sys.argv = ['policykg', 'query', sys.argv[1], '-q', "
        "'SELECT * { ?s ?p ?o }', '-o', sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "loaded = {'policykg.extract', 'policykg.pipeline', 'networkx'} & set(sys.modules)\n"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code, str(graph), str(tmp_path / "out.txt")], check=True)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()[2] == "urn:a  dcterms:language  en"
