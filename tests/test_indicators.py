"""The indicator scheme and what it adds to figures: pk:measures, pk:aspect, pk:about, pk:year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import XSD, Literal, URIRef
from rdflib.namespace import SKOS
from zh_figures import REPORT_2023, reports

from policykg.graph import build_graph
from policykg.indicators.notes import annotate
from policykg.indicators.scheme import load_scheme
from policykg.indicators.years import document_year
from policykg.model import Document, Figure, Span
from policykg.namespaces import PK
from policykg.ontology import load_turtle
from policykg.pipeline import build

ID = "https://w3id.org/policykg/id/"
PERCENT = "http://qudt.org/vocab/unit/PERCENT"


def figure_at(doc: Document, words: str, unit: str = PERCENT, **extra) -> Figure:
    begin = doc.text.index(words)
    span = Span(begin, begin + len(words), words)
    return Figure(f"figure/{doc.slug}/{begin}", "Target", Decimal(1), unit, span, span, **extra)


def test_scheme_has_forty_indicators_with_both_labels_and_a_better_direction():
    graph = load_turtle("indicators.ttl")
    scheme = load_scheme()
    assert len(scheme.indicators) >= 40
    for key in scheme.indicators:
        node = URIRef(ID + key)
        langs = sorted(label.language for label in graph.objects(node, SKOS.prefLabel))
        assert langs == ["en", "zh"], key
        assert graph.value(node, PK.higherIsBetter) is not None, key
        assert (node, SKOS.inScheme, URIRef(ID + "indicator/scheme")) in graph


def test_no_label_names_two_indicators():
    seen: dict[str, str] = {}
    for indicator in load_scheme().indicators.values():
        for label in indicator.labels:
            folded = label.casefold()
            assert seen.setdefault(folded, indicator.key) == indicator.key, label


@pytest.mark.parametrize(
    ("words", "key"),
    [
        ("地方级财政收入", "indicator/general-budget-revenue"),
        ("一般公共预算收入", "indicator/general-budget-revenue"),
        ("地区生产总值", "indicator/gdp"),
        ("GDP", "indicator/gdp"),
        ("gross regional product", "indicator/gdp"),
        ("单位地区生产总值能耗", "indicator/energy-intensity"),
        ("“专精特新”企业", "indicator/specialised-smes"),
        ("农民人均纯收入", "indicator/rural-disposable-income"),
    ],
)
def test_variants_map_to_one_indicator(words, key):
    assert [k for _, _, k in load_scheme().find(words.translate(str.maketrans("", "", "“”")))] == [key]


def test_broader_and_narrower_are_both_stated():
    graph = load_turtle("indicators.ttl")
    revenue, fiscal = URIRef(ID + "indicator/general-budget-revenue"), URIRef(ID + "indicator/fiscal-revenue")
    assert (revenue, SKOS.broader, fiscal) in graph
    assert (fiscal, SKOS.narrower, revenue) in graph
    assert graph.value(URIRef(ID + "indicator/cpi"), PK.higherIsBetter).toPython() is False


MAIN_TARGETS = (
    "主要预期目标是：地区生产总值增长6.5％左右，粮食产量达到250亿斤，CPI涨幅3%左右，城镇调查失业率控制在6%以下，"
    "城镇居民人均可支配收入和农民人均纯收入分别增长8%和10%，新增专精特新企业200户，“专精特新”企业达到1500户，"
    "城镇新增就业10万人，实施重点项目500个以上，525个重点项目完成投资669亿元，地区生产总值达到7002.1亿元、增长6.6%。"
)


@pytest.mark.parametrize(
    ("words", "unit", "key", "aspect"),
    [
        ("6.5％", PERCENT, "gdp", "Change"),
        ("250亿斤", "jin", "grain-output", "Level"),
        ("3%", PERCENT, "cpi", "Change"),
        ("6%", PERCENT, "surveyed-unemployment-rate", "Level"),
        ("8%", PERCENT, "urban-disposable-income", "Change"),
        ("10%", PERCENT, "rural-disposable-income", "Change"),
        ("200户", "count", "specialised-smes", "Change"),
        ("1500户", "count", "specialised-smes", "Level"),
        ("10万人", "count", "urban-jobs", "Level"),
        ("500个", "count", "key-projects", "Level"),
        ("525个", "count", "key-projects", "Level"),
        ("7002.1亿元", "cny", "gdp", "Level"),
        ("6.6%", PERCENT, "gdp", "Change"),
    ],
)
def test_chinese_main_targets_get_indicator_and_aspect(words, unit, key, aspect):
    doc = Document(MAIN_TARGETS, "x.md", "x")
    notes = annotate(doc, figure_at(doc, words, unit))
    assert (notes.measures, notes.aspect) == (f"indicator/{key}", aspect)


def test_years_come_from_the_sentence_or_the_section_heading():
    doc = Document(REPORT_2023, "Changchun/2023.md", "c")
    assert document_year(doc) == 2023
    assert annotate(doc, figure_at(doc, "5%")).year == 2022  # under 一、2022年工作回顾
    assert annotate(doc, figure_at(doc, "6.5％")).year == 2023  # under 二、2023年工作安排
    text = "三、工作安排\n到2025年，粮食产量达到260亿斤，比2020年增长10%。"
    other = Document(text, "a.txt", "a")
    assert annotate(other, figure_at(other, "260亿斤", "jin")).year == 2025
    assert annotate(other, figure_at(other, "10%")).year == 2025  # 比2020年 is the baseline
    assert annotate(other, figure_at(other, "260亿斤", "jin", year=2030)).year == 2030  # the extractor's wins


def test_about_is_the_subject_place_or_the_document_place():
    doc = Document("Changchun will grow GDP by 6%.", "Harbin/2023.txt", "h")
    assert annotate(doc, figure_at(doc, "6%")).about == "city/harbin"  # the folder names the city
    assert annotate(doc, figure_at(doc, "6%", subject="city/changchun")).about == "city/changchun"
    assert annotate(doc, figure_at(doc, "6%", subject="industry/automobile")).about == "city/harbin"
    loose = Document("Report of Changchun.\nGDP will grow by 6%.", "report.txt", "r")
    assert annotate(loose, figure_at(loose, "6%")).about == "city/changchun"  # the opening names it


def test_graph_states_measures_aspect_about_and_year_of_chinese_figures():
    graph = build_graph(reports("Changchun"))
    node = URIRef(ID + "figure/changchun-2023/" + str(REPORT_2023.index("粮食产量达到250亿斤")))
    assert graph.value(node, PK.measures) == URIRef(ID + "indicator/grain-output")
    assert graph.value(node, PK.aspect) == PK.Level
    assert graph.value(node, PK.about) == URIRef(ID + "city/changchun")
    assert graph.value(node, PK.year) == Literal("2023", datatype=XSD.gYear)
    gdp = URIRef(ID + "indicator/gdp")
    assert graph.value(gdp, PK.higherIsBetter) == Literal(True)
    assert Literal("地区生产总值", lang="zh") in set(graph.objects(gdp, SKOS.prefLabel))


def test_english_figures_map_to_the_same_indicators(tmp_path):
    graph = build(["tests/data/promises/harbin-2023.txt"])
    measured = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, PK.measures)}
    assert {
        "gdp",
        "retail-sales",
        "surveyed-unemployment-rate",
        "high-standard-farmland",
        "energy-intensity",
    } <= measured
    assert set(graph.objects(None, PK.about)) == {URIRef(ID + "city/harbin")}


@pytest.mark.parametrize(
    ("words", "unit", "key"),
    [
        ("29.3%", PERCENT, None),  # a share of fixed-asset investment is no figure of it
        (
            "4.2个百分点",
            "http://w3id.org/policykg/ontology#PercentagePoint",
            None,
        ),  # nor is the share's change
        ("7.5%", PERCENT, "indicator/fixed-asset-investment"),  # the investment's own growth still is
        ("48.4%", PERCENT, "indicator/service-share"),  # a share indicator measures a share
    ],
)
def test_a_share_measures_only_a_share_indicator(words, unit, key):
    text = (
        "工业投资占全市固定资产投资比重连续四年提升，占比为29.3%，较上年提高4.2个百分点。"
        "固定资产投资增长7.5%。服务业增加值占地区生产总值比重达到48.4%。"
    )
    doc = Document(text, "x.md", "x", language="zh")
    assert annotate(doc, figure_at(doc, words, unit)).measures == key


@pytest.mark.parametrize(
    ("text", "words", "unit", "key"),
    [
        # the label must be the last thing before the number, or only linking words stand between
        ("促进群众到重点企业重大项目就业1万人以上。", "1万人", "count", None),
        ("社会消费品零售总额增长3%，大宗商品交易额突破900亿元。", "900亿元", "cny", None),
        ("地区生产总值达到7000亿元、增长6%。", "6%", PERCENT, "indicator/gdp"),
        ("地区生产总值同比增长6%。", "6%", PERCENT, "indicator/gdp"),
        ("海洋生产总值增长8%以上。", "8%", PERCENT, None),  # lex:notIndicators
        # a count in another classifier than the indicator's (lex:countWord) measures nothing
        ("瞄准行业前20名和专精特新企业招商。", "20名", "count", None),
        ("新开工保障性租赁住房2万套。", "2万套", "count", "indicator/rental-housing"),
        ("上报5个保障性住房先导项目。", "5个", "count", None),  # the number counts projects
        ("省市重点项目900项联审事项全部完成。", "900项", "count", None),
        # 分别: the i-th number takes the i-th item; an item named by elision takes the shared end
        ("城镇、农村居民人均可支配收入分别增长6%、7%。", "6%", PERCENT, "indicator/urban-disposable-income"),
        ("城镇、农村居民人均可支配收入分别增长6%、7%。", "7%", PERCENT, "indicator/rural-disposable-income"),
        ("城乡居民人均可支配收入分别增长6%和7%。", "7%", PERCENT, "indicator/rural-disposable-income"),
        ("一、二、三产增加值分别增长4%、2%、5%。", "5%", PERCENT, None),
        ("单位地区生产总值能耗、水耗分别下降3%、2%。", "2%", PERCENT, None),
    ],
)
def test_only_clear_indicator_words_give_a_measure(text, words, unit, key):
    doc = Document(text, "x.md", "x", language="zh")
    unit = "http://qudt.org/vocab/unit/NUM" if unit == "count" else unit
    assert annotate(doc, figure_at(doc, words, unit)).measures == key


@pytest.mark.parametrize(
    ("text", "words", "aspect"),
    [
        ("年度认定高新技术企业400家。", "400家", "Change"),  # a yearly addition, not the total
        ("力争高新技术企业保有量超过1500家。", "1500家", "Level"),
        ("新增入规工业企业200家、专精特新企业80家以上。", "80家", "Change"),  # 新增 opens the list
        ("力争新增市场主体10万户、总量突破100万户。", "100万户", "Level"),  # 总量: a total of its own
    ],
)
def test_additions_and_totals(text, words, aspect):
    doc = Document(text, "x.md", "x", language="zh")
    notes = annotate(doc, figure_at(doc, words, "http://qudt.org/vocab/unit/NUM"))
    assert (notes.measures is not None, notes.aspect) == (True, aspect)


def test_a_number_before_a_noun_takes_no_label_from_an_earlier_clause():
    text = "建成20万亩高标准农田，完成20万亩小田变大田，新增2万亩耕地。"
    doc = Document(text, "x.md", "x", language="zh")
    assert annotate(doc, figure_at(doc, "20万亩", "mu")).measures == "indicator/high-standard-farmland"
    begin = text.index("20万亩", 5)  # the second: what it measures follows it
    span = Span(begin, begin + 5, "20万亩")
    second = Figure(f"figure/x/{begin}", "Target", Decimal(1), "mu", span, span)
    assert annotate(doc, second).measures is None
    assert annotate(doc, figure_at(doc, "2万亩", "mu")).measures is None
