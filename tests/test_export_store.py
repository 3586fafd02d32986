"""``export --store`` streams every RDF format it can and writes what the whole store gives, byte for byte."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from policykg import export
from policykg.cli import cli
from policykg.store import open_store

# Hand-written test texts (not from any real report), one English, two Chinese.
TEXTS = {
    "north": "Shenyang will build an automobile industry cluster. By 2025, output will exceed RMB 50 billion.\n",
    "zh-a": "长春市将建设汽车产业集群。到2025年，产值突破500亿元。\n",
    "zh-b": "哈尔滨市推动生物医药产业发展，2021年出口同比增长12%。\n",
}
# A graph of blank nodes and strings that need escaping in every format ("\\", quotes, newlines,
# tabs, a carriage return, <, &, non-BMP characters), IRIs that sort differently as JSON.
ODD = """\
<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "say \\"hi\\"\\n\\t<b> & 'c' \\\\ \\r end"@en .
<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "中文 \\U0001F600 😀" .
<urn:x:a> <https://w3id.org/policykg/ontology#mentions> _:b1 .
<urn:x:a/b> <http://www.w3.org/2000/01/rdf-schema#label> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .
<urn:x:é> <http://www.w3.org/2000/01/rdf-schema#label> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<urn:x:Z> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <urn:x:a> .
_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#Document> .
_:b1 <http://www.w3.org/2000/01/rdf-schema#label> "blank" .
_:b0 <http://www.w3.org/2000/01/rdf-schema#comment> "13.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .
"""
ODD_GRAPH = "https://w3id.org/policykg/id/document/odd"


def _load_nquads(db: str, graph: str, ntriples: str) -> None:
    """Add a named graph and its triples to the union, as a build does."""
    import pyoxigraph as ox

    store = ox.Store(db)
    quads = "".join(f"{line[:-1]}<{graph}> .\n" for line in ntriples.splitlines())
    store.load((quads + ntriples).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """A built store of three documents plus a graph of blank nodes and odd strings, and an empty store."""
    root = tmp_path_factory.mktemp("stores")
    folder = root / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db = str(root / "db")
    built = CliRunner().invoke(cli, ["build", str(folder), "--store", db])
    assert built.exit_code == 0, built.output
    _load_nquads(db, ODD_GRAPH, ODD)
    empty = str(root / "empty")
    open_store("oxigraph", empty).close()
    return {"full": db, "empty": empty}


def _whole(db: str, fmt: str) -> bytes:
    store = open_store("oxigraph", db, read_only=True)
    try:
        return export.export_graph(store.graphs(), fmt)
    finally:
        store.close()


@pytest.mark.parametrize("which", ["full", "empty"])
@pytest.mark.parametrize("fmt", export.STREAMED)
def test_a_streamed_export_is_the_whole_store_export(stores, tmp_path, monkeypatch, fmt, which):
    db = stores[which]
    whole = _whole(db, fmt)
    monkeypatch.setattr(export, "SUBJECT_BATCH", 3)  # several batches even for a small store
    monkeypatch.setattr(type(open_store("oxigraph")), "graphs", _refused)  # nothing loads the store whole
    out = tmp_path / f"all.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--store", db, "--format", fmt, "-o", str(out)])
    assert (result.exit_code, result.output) == (0, "")
    assert out.read_bytes() == whole
    assert os.listdir(tmp_path) == [f"all.{fmt}"]


def _refused(self):  # noqa: ANN001, ANN202
    raise AssertionError("export --store read the whole store")


def test_the_odd_graph_is_in_the_stream(stores, tmp_path):
    out = tmp_path / "all.jsonld"
    assert CliRunner().invoke(cli, ["export", "--store", stores["full"], "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.count('\n      "@id": "_:') == 2  # two blank nodes (relabelled by Oxigraph when loaded)
    assert '\n        "中文 😀 😀"\n' in text
    nodes = [line for line in text.splitlines() if line.startswith('      "@id": "urn:x:')]
    assert nodes[1:3] == ['      "@id": "urn:x:é",', '      "@id": "urn:x:a",']  # é is "\\u00e9" as JSON


def test_the_streamed_formats_are_listed_in_the_help():
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert "From --store, every RDF format is streamed" in " ".join(result.output.split())
    assert set(export.STREAMED) == set(export.RDF_FORMATS)


BAD_CHARACTER = '<urn:x:bell> <http://www.w3.org/2000/01/rdf-schema#label> "ring \\u0007" .\n'
BAD_PROPERTY = "<urn:x:a> <http://x.org/1> <urn:x:b> .\n"


@pytest.mark.parametrize(
    ("odd", "message"),
    [
        (BAD_CHARACTER, "Error: xml cannot hold the character U+0007 of <urn:x:bell> (XML 1.0 forbids it); "),
        (BAD_PROPERTY, "Error: cannot write the graph as xml: This graph cannot be serialized to a strict "),
        (BAD_PROPERTY + BAD_CHARACTER, "Error: xml cannot hold the character U+0007 of <urn:x:bell> "),
    ],
)
def test_what_rdf_xml_cannot_hold_is_refused_as_from_the_whole_store(tmp_path, monkeypatch, odd, message):
    """The streamed road refuses with the whole road's one-line message (characters checked first)
    and leaves no file, however far it got."""
    from policykg.errors import OutputError

    db = str(tmp_path / "db")
    _load_nquads(db, ODD_GRAPH, ODD + odd)
    with pytest.raises(OutputError) as whole:
        _whole(db, "xml")
    monkeypatch.setattr(export, "SUBJECT_BATCH", 2)
    out = tmp_path / "out" / "all.rdf"
    out.parent.mkdir()
    result = CliRunner().invoke(cli, ["export", "--store", db, "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {whole.value}\n"
    assert result.stderr.startswith(message)
    assert os.listdir(out.parent) == []
