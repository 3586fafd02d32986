"""Hand-made Chinese extractions for the promise tests (the figures an extractor would give).

Each figure is named by its words in a tiny hand-written report; offsets are found in the text, so
the tests exercise indicators, aspects, years and checks on real Chinese wording without depending
on the Chinese extractor.
"""

from __future__ import annotations

from decimal import Decimal

from policykg.model import Document, DocumentMeta, Extraction, Figure, Span

PK = "https://w3id.org/policykg/ontology#"
UNITS = {
    "%": "http://qudt.org/vocab/unit/PERCENT",
    "cny": "http://qudt.org/vocab/currency/CNY",
    "jin": PK + "Jin",
    "mu": PK + "Mu",
    "count": "http://qudt.org/vocab/unit/NUM",
}
COMPARATORS = {">": PK + "MoreThan", "~": PK + "About", "<=": PK + "AtMost", None: None}

REPORT_2023 = """---
title: 2023年政府工作报告
---
政府工作报告
——2023年1月9日在青城市人民代表大会上

一、2022年工作回顾
地区生产总值增长5%。

二、2023年工作安排
全市经济社会发展主要预期目标是：地区生产总值增长6.5％左右，粮食产量达到250亿斤，地方级财政收入增长2%，城镇调查失业率控制在6%以下，单位GDP能耗下降3.4%。
新认定高新技术企业600户，城镇新增就业10万人。
"""

REPORT_2024 = """政府工作报告
——2024年1月10日在青城市人民代表大会上

一、2023年工作回顾
全年地区生产总值增长6.1%，粮食产量达到248.5亿斤，一般公共预算收入459.7亿元。单位GDP能耗下降4%。
新认定高新技术企业980户，城镇新增就业10.5万人。

二、2024年工作安排
地区生产总值增长6%左右。
"""

# (kind, words, value, unit, comparator, decrease)
FIGURES_2023 = [
    ("Result", "增长5%", "5", "%", None, False),
    ("Target", "增长6.5％左右", "6.5", "%", "~", False),
    ("Target", "粮食产量达到250亿斤", "25000000000", "jin", None, False),
    ("Target", "增长2%", "2", "%", None, False),
    ("Target", "控制在6%以下", "6", "%", "<=", False),
    ("Target", "下降3.4%", "3.4", "%", None, True),
    ("Target", "新认定高新技术企业600户", "600", "count", None, False),
    ("Target", "城镇新增就业10万人", "100000", "count", None, False),
]
FIGURES_2024 = [
    ("Result", "增长6.1%", "6.1", "%", None, False),
    ("Result", "粮食产量达到248.5亿斤", "24850000000", "jin", None, False),
    ("Result", "一般公共预算收入459.7亿元", "45970000000", "cny", None, False),
    ("Result", "下降4%", "4", "%", None, True),
    ("Result", "新认定高新技术企业980户", "980", "count", None, False),
    ("Result", "城镇新增就业10.5万人", "105000", "count", None, False),
    ("Target", "增长6%左右", "6", "%", "~", False),
]


def sentence_around(text: str, begin: int, end: int) -> Span:
    start = max(text.rfind(mark, 0, begin) for mark in "。\n") + 1
    stop = min((i for i in (text.find("。", end), text.find("\n", end)) if i >= 0), default=len(text))
    stop = stop + 1 if text[stop : stop + 1] == "。" else stop
    return Span(start, stop, text[start:stop])


def _direction(words: str, decrease: bool) -> str | None:
    if decrease:
        return PK + "Decrease"
    return PK + "Increase" if "增长" in words else None


def extraction(text: str, source: str, slug: str, specs: list[tuple]) -> Extraction:
    """An Extraction of ``text`` with the figures ``specs`` (found in order, left to right)."""
    doc = Document(text, source, slug)
    figures, at = [], 0
    for kind, words, value, unit, comparator, decrease in specs:
        begin = text.index(words, at)
        end = begin + len(words)
        at = end
        figures.append(
            Figure(
                key=f"figure/{slug}/{begin}",
                kind=kind,
                value=Decimal(value),
                unit=UNITS[unit],
                span=Span(begin, end, words),
                sentence=sentence_around(text, begin, end),
                comparator=COMPARATORS[comparator],
                direction=_direction(words, decrease),
            )
        )
    return Extraction(doc, DocumentMeta(), (), tuple(figures), ())


def reports(folder: str = "Changchun") -> list[Extraction]:
    """The two hand-written reports of one city, as if read from ``<folder>/2023.md`` and ``/2024.md``."""
    slug = folder.lower()
    return [
        extraction(REPORT_2023, f"{folder}/2023.md", f"{slug}-2023", FIGURES_2023),
        extraction(REPORT_2024, f"{folder}/2024.md", f"{slug}-2024", FIGURES_2024),
    ]
