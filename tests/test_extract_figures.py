"""Figures read by the extraction engine from small hand-written texts: values, units, comparators,
changes, baselines, ranges, years, Target vs Result, and numbers that are not figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.extract import extract
from policykg.lexicon import load_lexicon
from policykg.model import PK_IRI, Document

UNIT = "http://qudt.org/vocab/unit/"
CUR = "http://qudt.org/vocab/currency/"


def figures(text: str, header: str = "Updated : 2023-03-01\n"):
    document = Document(header + text, "test.txt", "test")
    return extract(document, load_lexicon()).figures


def one(text: str, header: str = "Updated : 2023-03-01\n"):
    found = figures(text, header)
    assert len(found) == 1, [f.span.anchor for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Output reached 1,234.5 tons last year.", "1234.5", UNIT + "TONNE"),
        ("The plan covers 10.57 million mu of farmland.", "10570000", PK_IRI + "Mu"),
        ("Exports were worth 549 billion yuan.", "549000000000", CUR + "CNY"),
        ("Each project was worth RMB100 million.", "100000000", CUR + "CNY"),
        ("The city set up a 10-billion-yuan fund.", "10000000000", CUR + "CNY"),
        ("Forest cover grew to 45 percent.", "45", UNIT + "PERCENT"),
        ("Forest cover grew to 45 per cent.", "45", UNIT + "PERCENT"),
        ("The wetland spans 3,200 hectares.", "3200", UNIT + "HA"),
        ("Approval now takes 8.5 days.", "8.5", UNIT + "DAY"),
        ("The city opened 27 new schools.", "27", UNIT + "NUM"),
        ("The district built twenty new clinics.", "20", UNIT + "NUM"),
        ("Sales rose twenty-one percent.", "21", UNIT + "PERCENT"),
        ("The number of start-ups tripled.", "3", PK_IRI + "Times"),
        ("Emissions per unit of GDP were halved.", "0.5", PK_IRI + "Times"),
        ("Six industries at the level of 100 billion each will grow.", "100000000000", CUR + "CNY"),
    ],
)
def test_value_and_unit(text, value, unit):
    found = [f for f in figures(text) if f.value == Decimal(value)]
    assert found, [(f.value, f.unit) for f in figures(text)]
    assert found[0].unit == unit


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("Grain output was more than 9 million tons.", "MoreThan"),
        ("Grain output exceeded 9 million tons.", "MoreThan"),
        ("Grain output was no less than 9 million tons.", "AtLeast"),
        ("Grain output was at least 9 million tons.", "AtLeast"),
        ("Grain output was about 9 million tons.", "About"),
        ("Grain output was around 9 million tons.", "About"),
        ("Approval is completed within 9 days.", "AtMost"),
        ("Approval is completed within 30 working days.", "AtMost"),
        ("Commuting takes less than 45 minutes.", "LessThan"),
        ("Unemployment was kept below 3.5%.", "LessThan"),
    ],
)
def test_comparator(text, comparator):
    assert one(text).comparator == PK_IRI + comparator


def test_change_with_direction_and_year():
    f = one("In 2022, the output of processing enterprises increased by 17% year on year.")
    assert (f.value, f.unit, f.direction, f.year, f.kind) == (
        Decimal(17),
        UNIT + "PERCENT",
        PK_IRI + "Increase",
        2022,
        "Result",
    )
    assert f.span.anchor == "increased by 17%"
    assert f.indicator == "output of processing enterprises"


def test_reduced_to_from_keeps_the_baseline():
    f = one("The average approval time has been reduced to 8.2 days from 22.1 days.")
    assert (f.value, f.baseline, f.direction, f.kind) == (
        Decimal("8.2"),
        Decimal("22.1"),
        PK_IRI + "Decrease",
        "Result",
    )
    assert f.span.anchor == "reduced to 8.2 days from 22.1 days"


def test_from_to_across_a_parenthesis():
    f = one("Net income increased from 1,499 yuan in 2015 to 9,328 yuan in 2019.")
    assert (f.value, f.baseline, f.year, f.direction) == (
        Decimal(9328),
        Decimal(1499),
        2019,
        PK_IRI + "Increase",
    )


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Revenue will grow by 6-6.5% this year.", "6", "6.5", UNIT + "PERCENT"),
        ("Investment will grow between 8 and 10 percent.", "8", "10", UNIT + "PERCENT"),
        ("The holes are 70 to 80 centimeters deep.", "70", "80", UNIT + "CentiM"),
    ],
)
def test_ranges_keep_both_ends(text, low, high, unit):
    f = one(text)
    assert (f.min_value, f.max_value, f.value, f.unit) == (Decimal(low), Decimal(high), Decimal(low), unit)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We will plant 5,000 hectares of forest.", "Target"),
        ("The city shall complete 300 projects.", "Target"),
        ("We strive to attract 50 companies.", "Target"),
        ("Revenue is expected to reach 40 billion yuan.", "Target"),
        ("Implement conservation tillage of 10 million mu.", "Target"),
        ("- Build the Riverside Industrial Park, with a planned area of 320 hectares.", "Target"),
        ("By 2025, the city will have 60 parks.", "Target"),
        ("Last year 215 new enterprises were recognized.", "Result"),
        ("The city's GDP reached 450.2 billion yuan.", "Result"),
        ("The district contributes about 1.9% to national output.", "Result"),
    ],
)
def test_target_or_result(text, kind):
    assert one(text).kind == kind


def test_relative_years_read_against_the_document_date():
    found = figures("Last year exports grew by 8%. This year we will raise them by 10%.")
    assert [(f.value, f.year, f.kind) for f in found] == [
        (Decimal(8), 2022, "Result"),
        (Decimal(10), 2023, "Target"),
    ]


def test_section_heading_gives_the_year():
    text = "1. Review of 2022\n\n(1) Retail sales grew by 3.8%.\n\n2. Targets for 2023\n\nGDP will grow by about 7 percent.\n"
    found = figures(text, header="")
    assert [(f.value, f.year, f.kind) for f in found] == [
        (Decimal("3.8"), 2022, "Result"),
        (Decimal(7), 2023, "Target"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The 14th Five-Year Plan sets the course.",
        "The 39th ice festival opened.",
        "Metro Line 3 opened to traffic.",
        "The city rolled out 5G networks.",
        "The Smart Manufacturing 2025 strategy continues.",
        "We continued the campaign “10,000 people for 10,000 enterprises”.",
        "The festival was held on October 28, 2020 in the city.",
        "【1】 The report follows.",
        "In 2021, the city celebrated.",
        "The city is 7/10 mountains.",
        "1. Review of the year\n(2) Tasks ahead",
        "One project, one leader and one team work together.",
        "Three Measures to Optimize Business Environment",
        "Within five years the city changed.",
        "Over the past 10 years the city changed.",
        "The COVID-19 epidemic slowed trade.",
        "The 2+26 cities cut coal use.",
        "The top 100 counties were listed.",
        "Zhang Wei, 45, sells tea.",
    ],
)
def test_numbers_that_are_not_figures(text):
    assert figures(text) == (), [f.span.anchor for f in figures(text)]


def test_subject_is_the_initiative_or_industry_of_the_clause():
    text = (
        "Riverton will implement conservation tillage of 10 million mu. "
        "In 2022, sales of the biomedicine industry increased by 12%. "
        "Riverton will also ensure a farmland area of more than 2 million mu."
    )
    found = figures(text)
    assert [f.subject for f in found] == ["initiative/conservation-tillage", "industry/biomedicine", None]
    assert found[1].concerns == ("industry/biomedicine",)


def test_main_city_is_the_fallback_subject():
    found = figures("Changchun is growing. The city will build 40 schools.")
    assert [f.subject for f in found] == ["city/changchun"]


def test_figure_keys_and_spans_point_into_the_text():
    header = "Updated : 2023-03-01\n"
    text = "Riverton's exports rose 8%, and imports fell 3%."
    found = figures(text, header)
    full = header + text
    assert [f.key for f in found] == [f"figure/test/{f.span.begin}" for f in found]
    assert all(full[f.span.begin : f.span.end] == f.span.anchor for f in found)
    assert [f.direction for f in found] == [PK_IRI + "Increase", PK_IRI + "Decrease"]


def test_numbers_in_quoted_speech_are_figures():
    found = figures("“We aim to raise cargo throughput to 1 million tonnes by 2025,” the director said.")
    assert [(f.value, f.unit, f.year, f.kind) for f in found] == [
        (Decimal(1000000), UNIT + "TONNE", 2025, "Target")
    ]


def test_respectively_shares_the_change():
    found = figures("Output and exports grew by 8.7 percent and 12.3 percent respectively.")
    assert [(f.value, f.direction) for f in found] == [
        (Decimal("8.7"), PK_IRI + "Increase"),
        (Decimal("12.3"), PK_IRI + "Increase"),
    ]


def test_indicator_lines_and_signed_changes():
    found = figures("Key indicators:\n- GDP: 3.46 trillion yuan (+6.0%)\n- Unemployment rate: 2.9 percent\n")
    assert [(f.value, f.indicator, f.direction) for f in found] == [
        (Decimal("3460000000000"), "GDP", None),
        (Decimal(6), None, PK_IRI + "Increase"),
        (Decimal("2.9"), "Unemployment rate", None),
    ]


def test_heading_kind_and_title_year_without_a_date():
    text = "Riverton 2023 Work Report\n\nMain Targets\nGDP growth of about 6 percent.\n\nKey Indicators\nGDP growth of 4 percent.\n"
    found = figures(text, header="")
    assert [(f.value, f.kind, f.year) for f in found] == [
        (Decimal(6), "Target", 2023),
        (Decimal(4), "Result", 2023),
    ]
    assert (
        extract(Document(text + "This year exports will grow 5%.", "t.txt", "t"), load_lexicon())
        .figures[-1]
        .year
        == 2023
    )


def test_a_period_in_a_name_is_not_the_figure_year():
    f = one("Under the Action Plan (2024-2026), the city aims to have 100 AI companies by 2026.")
    assert (f.value, f.year, f.kind) == (Decimal(100), 2026, "Target")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The number of tourists reached 120 million, a record high.", UNIT + "NUM"),
        ("Revenue reached 120 billion, a record high.", CUR + "CNY"),
    ],
)
def test_bare_scaled_amounts_are_money_only_after_money_words(text, unit):
    assert one(text).unit == unit


@pytest.mark.parametrize(
    "line",
    [
        "• Cut water use per unit of output by 4.5 percent.",
        "• Increase the share of clean buses to 70 percent.",
        "- Install 900 charging piles, so that the city has more charging points.",
    ],
)
def test_a_bullet_opening_with_a_verb_is_a_target(line):
    assert one("Tasks for the year\n" + line).kind == "Target"


def test_a_past_verb_after_its_subject_is_a_result_even_before_a_plan():
    figure = figures("This year we trained 2,400 nurses, and we aim to train more next year.")[0]
    assert (figure.value, figure.kind) == (Decimal(2400), "Result")


def test_by_the_end_of_the_year_is_the_documents_year():
    figure = one("Build 300 kilometres of cycle lanes by the end of the year.")
    assert (figure.year, figure.kind) == (2023, "Target")


@pytest.mark.parametrize(
    "text",
    [
        "Sales will reach 600 million yuan ($89 million) in 2024.",
        "Sales will reach 600 million yuan (about $89 million) in 2024.",
        "Investment hit RMB 600 million (US$89 million) last year.",
    ],
)
def test_a_bracketed_conversion_is_no_figure(text):
    found = figures(text)
    assert [(f.value, f.unit) for f in found] == [(Decimal("600000000"), CUR + "CNY")]


def test_a_dollar_amount_on_its_own_is_a_figure():
    assert one("Exports reached $89 million in 2022.").unit == CUR + "USD"


def test_percentage_points_are_their_own_unit():
    found = one("The urbanization rate rose 2.5 percentage points in 2022.")
    assert (found.value, found.unit) == (Decimal("2.5"), PK_IRI + "PercentagePoint")


@pytest.mark.parametrize(
    "text",
    [
        "In the year of 1368, merchants built the port.",
        "A visitor held a 20-yuan bank note with the lake printed on it.",
        "During the two sessions, deputies met.",
    ],
)
def test_old_years_denominations_and_numbered_names_are_no_figures(text):
    assert figures(text) == ()


def test_an_opening_year_scopes_the_next_sentence_of_its_paragraph():
    found = figures(
        "In 2019, GDP reached 50 billion yuan. Budget revenue was 3 billion yuan.\n\nExports were 9 tons."
    )
    assert [(f.value, f.year) for f in found] == [
        (Decimal("50000000000"), 2019),
        (Decimal("3000000000"), 2019),
        (Decimal("9"), None),
    ]
