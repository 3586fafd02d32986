"""Chinese entities and relations, on sentences written for the test (none is copied from a report)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from policykg.extract import extract
from policykg.graph import build_graph
from policykg.lexicon import load_lexicon
from policykg.model import Document

ID = "https://w3id.org/policykg/id/"
PK = "https://w3id.org/policykg/ontology#"

TEXT = """政府工作报告

——2024年1月8日在长春市第十六届人民代表大会第三次会议上

市长 李明华

一、2023年工作回顾

全年完成地区生产总值7000亿元。新建高标准农田10万亩。实施“春风送暖”行动，组建100亿元创新基金。
华为、比亚迪等头部企业落户，吉林大学新建研究院。我市汽车产业产值增长5%。

二、2024年工作安排

聚焦“2+5”产业体系。推动主导优势产业发展，做强汽车产业。发展战略性新兴产业，壮大光电信息、生物医药产业。
加快建设国际汽车城，打造“双碳”示范城。建设东湖科技示范区。
"""


def extraction():
    document = Document(text=TEXT, source="t.md", slug="t", language="zh")
    return extract(document, load_lexicon())


def labels(kind: str) -> set[str]:
    return {e.label for e in extraction().entities if e.kind == kind}


def test_places_person_and_city():
    found = extraction()
    city = next(e for e in found.entities if e.key == "city/changchun")
    assert (city.label, city.language, city.other_labels) == ("长春", "zh", (("Changchun", "en"),))
    person = next(e for e in found.entities if e.kind == "Person")
    assert (person.label, person.properties) == ("李明华", ((PK + "position", "市长"),))


def test_industries_systems_visions_initiatives_organizations():
    assert {"汽车", "光电信息", "生物医药"} <= labels("Industry")
    assert labels("IndustrialSystem") == {"“2+5”产业体系"}
    assert {"国际汽车城", "“双碳”示范城"} <= labels("CityVision")
    assert {"春风送暖", "高标准农田", "创新基金", "东湖科技示范区"} <= labels("Initiative")
    assert {"华为", "比亚迪", "吉林大学"} <= labels("Organization")


def test_relations_and_subjects():
    found = extraction()
    facts = {(f.subject, f.predicate[len(PK) :], f.object) for f in found.facts}
    system = "industrial-system/changchun-2-plus-5"
    assert ("city/changchun", "industrialSystem", system) in facts
    assert (system, "pillarIndustry", "industry/automobile") in facts
    assert (system, "emergingIndustry", "industry/photoelectric-information") in facts
    assert ("city/changchun", "vision", "city-vision/国际汽车城") in facts
    subjects = {f.span.anchor: f.subject for f in found.figures}
    assert subjects["7000亿元"] == "city/changchun"
    assert subjects["10万亩"] == "initiative/高标准农田"
    assert subjects["100亿元"] == "initiative/创新基金"
    assert subjects["5%"] == "industry/automobile"


def test_one_resource_with_both_labels_in_the_graph():
    graph = build_graph([extraction()])
    city = URIRef(ID + "city/changchun")
    assert {Literal("长春", lang="zh"), Literal("Changchun", lang="en")} <= set(
        graph.objects(city, RDFS.label)
    )
    industry = URIRef(ID + "industry/automobile")
    assert {Literal("汽车", lang="zh"), Literal("automobile", lang="en")} <= set(
        graph.objects(industry, RDFS.label)
    )


def test_english_seed_and_a_chinese_report_share_changchun(tmp_path):
    from policykg.pipeline import build

    report = tmp_path / "长春市" / "2022.md"
    report.parent.mkdir()
    report.write_text("长春市推动汽车产业发展，全年地区生产总值增长6%。\n", encoding="utf-8")
    seed = Path(__file__).resolve().parents[1] / "examples" / "changchun-2022-interview.txt"
    graph = build([str(seed), str(report)])
    city = URIRef(ID + "city/changchun")
    assert {Literal("长春", lang="zh"), Literal("Changchun", lang="en")} <= set(
        graph.objects(city, RDFS.label)
    )
    documents = set(graph.objects(city, URIRef(PK + "mentionedIn")))
    assert documents == {
        URIRef(ID + "document/examples/changchun-2022-interview"),
        URIRef(ID + "document/长春市/2022"),
    }


def test_query_and_view_choose_labels_by_language():
    from click.testing import CliRunner

    from policykg.cli import cli

    data = str(Path(__file__).resolve().parent / "data" / "zh" / "changchun-2023-targets.md")
    runner = CliRunner()
    chinese = runner.invoke(cli, ["query", data, "-n", "targets", "--format", "csv"], catch_exceptions=False)
    english = runner.invoke(cli, ["query", data, "-n", "targets", "--format", "csv", "--lang", "en"])
    subjects = [line.split(",")[0] for line in chinese.output.splitlines()[1:]]
    assert subjects == ["长春", "长春", "工业", "长春", "长春", "长春", "长春", "长春"]
    subjects = [line.split(",")[0] for line in english.output.splitlines()[1:]]
    assert subjects == [
        "Changchun",
        "Changchun",
        "工业",
        "Changchun",
        "Changchun",
        "Changchun",
        "Changchun",
        "Changchun",
    ]
