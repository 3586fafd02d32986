"""A place that figures are pk:about has evidence, or no class: every typed resource is grounded in the text."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from policykg.cli import cli
from policykg.graph import TripleSet, _ground_places
from policykg.model import Document
from policykg.namespaces import NIF, PK

CITY = URIRef("https://w3id.org/policykg/id/city/chongqing")
FIGURE = URIRef("https://w3id.org/policykg/id/figure/x")


def _about_city() -> TripleSet:
    graph = TripleSet()
    graph.add((FIGURE, PK.about, CITY))
    graph.add((CITY, RDF.type, PK.City))
    graph.add((CITY, RDFS.label, Literal("重庆", lang="zh")))
    graph.add((CITY, SKOS.altLabel, Literal("重庆市", lang="zh")))
    return graph


def test_the_first_mention_by_the_longest_name_is_the_evidence() -> None:
    text = "在重庆市第五届人民代表大会上。重庆发展。"
    graph = _about_city()
    _ground_places(graph, Document(text=text, source="重庆市/2017.md", slug="重庆市/2017", language="zh"))
    evidence = [o for s, p, o in graph if s == CITY and p == PK.evidence]
    assert [str(e).rsplit("#", 1)[1] for e in evidence] == ["offset_1_4"]
    assert (evidence[0], NIF.anchorOf, Literal("重庆市")) in graph
    assert (CITY, RDF.type, PK.City) in graph


def test_a_place_the_text_never_names_keeps_its_names_but_no_class() -> None:
    graph = _about_city()
    _ground_places(graph, Document(text="全市生产总值增长6%左右。", source="a.md", slug="a", language="zh"))
    assert (CITY, RDF.type, PK.City) not in graph
    assert (CITY, RDFS.label, Literal("重庆", lang="zh")) in graph
    assert not [o for s, p, o in graph if s == CITY and p == PK.evidence]


def test_a_report_whose_city_comes_from_its_folder_conforms(tmp_path) -> None:
    folder = tmp_path / "重庆市"
    folder.mkdir()
    (folder / "2017.md").write_text(
        "二、2017年目标任务\n\n今年主要预期目标是：全市生产总值增长6%左右。\n", encoding="utf-8"
    )
    out = tmp_path / "g.ttl"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(folder / "2017.md"), "-o", str(out)], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    assert "id/city/chongqing" in out.read_text(encoding="utf-8")
    checked = runner.invoke(cli, ["validate", str(out)], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
