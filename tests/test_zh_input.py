"""Chinese input: folder trees, front matter, document ids, language detection, GB18030, warnings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from policykg.cli import cli
from policykg.pipeline import build
from policykg.text import expand_inputs, read_document

ID = "https://w3id.org/policykg/id/"
REPORT = "---\nsource: http://example.gov.cn/gzbg/2023.html\ntitle: 2023年政府工作报告\n---\n\n全年完成地区生产总值6744.6亿元。\n"


def tree(tmp_path: Path) -> Path:
    root = tmp_path / "报告"
    for city in ("长春市", "哈尔滨市"):
        (root / city).mkdir(parents=True)
        (root / city / "2023.md").write_text(REPORT, encoding="utf-8")
    (root / "SOURCES.md").write_text("where the reports come from", encoding="utf-8")
    (root / "README.txt").write_text("read me", encoding="utf-8")
    (root / ".cache").mkdir()
    (root / ".cache" / "x.md").write_text("hidden", encoding="utf-8")
    return root


def test_same_file_name_in_two_folders_gives_two_documents(tmp_path):
    root = tree(tmp_path)
    assert [slug for _, slug in expand_inputs([str(root)])] == ["哈尔滨市/2023", "长春市/2023"]
    alone = expand_inputs([str(root / "长春市" / "2023.md")])
    assert alone[0][1] == "长春市/2023"
    graph = build([str(root)])
    documents = sorted(str(d) for d in graph.subjects(DCTERMS.language, Literal("zh")))
    assert documents == [ID + "document/哈尔滨市/2023", ID + "document/长春市/2023"]


ENGLISH = "Riverton will build {n} new parks by 2025.\n"


def test_same_named_english_texts_in_two_folders_are_two_documents(tmp_path):
    for folder, n in (("a", 12), ("b", 30)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(ENGLISH.format(n=n), encoding="utf-8")
    assert [slug for _, slug in expand_inputs([str(tmp_path / "a"), str(tmp_path / "b")])] == [
        "a/report",
        "b/report",
    ]
    graph = build([str(tmp_path / "a" / "report.txt"), str(tmp_path / "b")])
    pk = "https://w3id.org/policykg/ontology#"
    figures = {
        (str(graph.value(f, URIRef(pk + "mentionedIn"))), str(graph.value(f, URIRef(pk + "value"))))
        for f in graph.subjects(URIRef(pk + "value"), None)
    }
    assert figures == {(ID + "document/a/report", "12.0"), (ID + "document/b/report", "30.0")}


def test_a_file_gets_its_folder_in_its_id_however_it_is_named(tmp_path, monkeypatch):
    (tmp_path / "长春市").mkdir()
    (tmp_path / "长春市" / "2023.md").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "长春市")
    assert expand_inputs(["2023.md"]) == [("2023.md", "长春市/2023")]
    assert expand_inputs(["."]) == [("2023.md", "长春市/2023")]
    assert read_document("2023.md").slug == "长春市/2023"
    assert expand_inputs([str(tmp_path / "长春市" / ".." / "长春市" / "2023.md")])[0][1] == "长春市/2023"


def test_same_named_chinese_reports_build_two_graphs_with_their_own_figures(tmp_path):
    root = tree(tmp_path)
    (root / "哈尔滨市" / "2023.md").write_text(REPORT.replace("6744.6", "5576.3"), encoding="utf-8")
    graph = build([str(root)])
    pk = "https://w3id.org/policykg/ontology#"
    values = {
        (str(graph.value(f, URIRef(pk + "mentionedIn"))), str(graph.value(f, URIRef(pk + "value"))))
        for f in graph.subjects(URIRef(pk + "value"), None)
    }
    assert values == {
        (ID + "document/长春市/2023", "674460000000.0"),
        (ID + "document/哈尔滨市/2023", "557630000000.0"),
    }


def test_front_matter_gives_title_and_source_and_is_not_counted(tmp_path):
    root = tree(tmp_path)
    document = read_document(str(root / "长春市" / "2023.md"))
    assert document.text == "\n全年完成地区生产总值6744.6亿元。\n"
    assert (document.title, document.primary_source, document.language) == (
        "2023年政府工作报告",
        "http://example.gov.cn/gzbg/2023.html",
        "zh",
    )
    graph = build([str(root / "长春市" / "2023.md")])
    node = URIRef(ID + "document/长春市/2023")
    assert graph.value(node, DCTERMS.title) == Literal("2023年政府工作报告", lang="zh")
    assert graph.value(node, PROV.hadPrimarySource) == URIRef("http://example.gov.cn/gzbg/2023.html")
    anchors = [
        str(o)
        for o in graph.objects(
            None, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
        )
    ]
    assert "6744.6亿元" in anchors


def test_gb18030_with_encoding_option_and_lang_override(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("全年完成地区生产总值6744.6亿元。".encode("gb18030"))
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(
        cli, ["build", str(path), "--encoding", "gb18030", "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0
    graph = Graph().parse(out)
    assert (None, DCTERMS.language, Literal("zh")) in graph
    result = CliRunner().invoke(
        cli, ["build", str(path), "--encoding", "gb18030", "--lang", "en", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert (None, DCTERMS.language, Literal("en")) in Graph().parse(out)


def test_a_language_the_engine_cannot_read_is_warned_about(tmp_path):
    path = tmp_path / "greek.txt"
    path.write_text("Η πόλη αύξησε την παραγωγή κατά έξι τοις εκατό.", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "policykg", "build", str(path), "-o", str(tmp_path / "g.ttl")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert done.stderr == (
        "Warning: 'greek.txt' is in a language policykg cannot read (neither English nor Chinese): "
        "little will be extracted from it; if it is English or Chinese, say so with --lang en or --lang zh\n"
    )
