"""Chinese figures: numbers, units, comparators, changes, ranges, years, Target/Result, not-figures.

Every text here is written for the test (short sentences in the style of a work report).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.extract import extract
from policykg.extract.zh.numerals import number_value
from policykg.lexicon import load_lexicon
from policykg.model import Document

PK = "https://w3id.org/policykg/ontology#"
UNIT = "http://qudt.org/vocab/unit/"
CNY = "http://qudt.org/vocab/currency/CNY"

REPORT = """政府工作报告

——2024年1月10日在江城市第十届人民代表大会第三次会议上

**一、2023年工作回顾**

全年完成地区生产总值3210.5亿元，增长5.2%。新建高标准农田12万亩，粮食产量达到45.6亿斤。

**二、2024年主要预期目标**

地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内，居民消费价格涨幅3%左右。
"""


def figures(text: str, title: str | None = None):
    document = Document(text=text, source="t.md", slug="t", language="zh", title=title)
    return extract(document, load_lexicon()).figures


def one(text: str):
    found = figures(text)
    assert len(found) == 1, [f.span.anchor for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("6744.6亿", "674460000000"),
        ("１２０万", "1200000"),
        ("1.2万亿", "1200000000000"),
        ("三千五百万", "35000000"),
        ("百分之六", "6"),
        ("千亿", "100000000000"),
    ],
)
def test_numbers_are_scaled(written, value):
    assert number_value(written) == Decimal(value)


def test_section_gives_kind_and_year():
    found = figures(REPORT)
    rows = [(f.span.anchor, f.kind, f.year, f.unit) for f in found]
    assert rows == [
        ("3210.5亿元", "Result", 2023, CNY),
        ("5.2%", "Result", 2023, UNIT + "PERCENT"),
        ("12万亩", "Result", 2023, PK + "Mu"),
        ("45.6亿斤", "Result", 2023, PK + "Jin"),
        ("6%左右", "Target", 2024, UNIT + "PERCENT"),
        ("5.5%以内", "Target", 2024, UNIT + "PERCENT"),
        ("3%左右", "Target", 2024, UNIT + "PERCENT"),
    ]
    assert [f.value for f in found[:4]] == [
        Decimal("321050000000.0"),
        Decimal("5.2"),
        Decimal("120000"),
        Decimal("4560000000.0"),
    ]
    assert [f.comparator for f in found[4:]] == [PK + "About", PK + "AtMost", PK + "About"]
    assert found[0].indicator == "地区生产总值"
    assert found[1].direction == PK + "Increase"
    assert found[0].subject == "city/江城" or found[0].subject is None or found[0].subject.startswith("city/")


def test_comparators_before_and_after():
    assert one("市场主体突破50万户。").comparator == PK + "MoreThan"
    assert one("补贴超过4亿元。").comparator == PK + "MoreThan"
    assert one("投资不低于30亿元。").comparator == PK + "AtLeast"
    assert one("入驻企业20余户。").comparator == PK + "MoreThan"
    assert one("旅游收入增长20%以上。").comparator == PK + "MoreThan"


def test_changes_directions_and_percentage_points():
    rise = one("研发投入强度提高0.3个百分点。")
    assert (rise.value, rise.unit, rise.direction) == (
        Decimal("0.3"),
        PK + "PercentagePoint",
        PK + "Increase",
    )
    fall = one("单位生产总值能耗下降3.5%。")
    assert (fall.value, fall.direction, fall.indicator) == (
        Decimal("3.5"),
        PK + "Decrease",
        "单位生产总值能耗",
    )
    assert one("利用外资是上年的1.6倍。").unit == PK + "Times"


def test_a_listed_second_change_keeps_the_direction():
    found = figures("生物医药、光电信息产业产值分别增长1.8%和4.3%，市场主体、注册资金分别下降了3%、5%。")
    assert [(f.span.anchor, f.direction[len(PK) :]) for f in found] == [
        ("1.8%", "Increase"),
        ("4.3%", "Increase"),
        ("3%", "Decrease"),
        ("5%", "Decrease"),
    ]


def test_range_and_baseline():
    span = one("经济增长6%—6.5%。")
    assert (span.value, span.min_value, span.max_value, span.span.anchor) == (
        Decimal("6"),
        Decimal("6"),
        Decimal("6.5"),
        "6%—6.5%",
    )
    days = one("审批时限由35个工作日压缩至10个工作日。")
    assert (days.value, days.baseline, days.unit) == (Decimal("10"), Decimal("35"), UNIT + "DAY")


def test_threshold_is_a_plain_figure():
    found = figures("实施5000万元以上项目120个。")
    assert [(f.span.anchor, f.kind) for f in found] == [("5000万元以上", "Figure"), ("120个", "Result")]
    assert found[0].subject is None


def test_target_modality_and_years():
    assert one("力争粮食产量达到50亿斤。").kind == "Target"
    figure = one("到2025年，数字经济核心产业增加值占比达到10%。")
    assert (figure.kind, figure.year) == ("Target", 2025)


@pytest.mark.parametrize(
    "text",
    [
        "2023年1月9日在第十六届人民代表大会第二次会议上",
        "全面贯彻党的二十大精神，实施“十四五”规划",
        "聚焦“1+6”产业体系，建设5G网络和P3实验室",
        "深入推进“六城联动”“十大工程”，打造一号工程",
        "我市荣获“2022年冰雪旅游十佳城市”，排名跃升到第35位",
        "奥迪一期竣工，二期开工，三季度加速回升，唯一一家企业，360集团入驻",
        "实施国企改革三年行动，坚持“最多跑一次”，落实“三个1亿元”政策",
    ],
)
def test_names_ordinals_and_dates_are_not_figures(text):
    assert figures(text) == ()


def test_every_figure_span_is_the_text():
    text = REPORT + "全市出口额增长29.1%，肉牛发展到14万头。"
    for figure in figures(text):
        assert text[figure.span.begin : figure.span.end] == figure.span.anchor
        assert text[figure.sentence.begin : figure.sentence.end] == figure.sentence.anchor


def test_full_width_digits_in_the_date_line():
    from policykg.extract.zh.layout import read_meta

    assert read_meta("政府工作报告\n——201４年1月5日在某市第十四届人民代表大会上\n", None).date == "2014-01-05"
