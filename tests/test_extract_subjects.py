"""Whose figure it is: the subject of each figure comes from its own clause or sentence (hand-written
sentences, one per rule of ``policykg.extract.subjects``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.extract import extract
from policykg.lexicon import load_lexicon
from policykg.model import Document

HEADER = "Updated : 2023-03-01\n"


def subjects(text: str) -> dict[Decimal, str | None]:
    found = extract(Document(HEADER + text, "test.txt", "test"), load_lexicon()).figures
    return {f.value: f.subject for f in found}


@pytest.mark.parametrize(
    ("text", "value", "subject"),
    [
        # the province named as the sentence's subject, not the capital named in a caption
        (
            "Harbin hosts a fair.\nHeilongjiang exported 300 million tons of grain in 2022.",
            "300000000",
            "province/heilongjiang",
        ),
        # "the province" refers back to the last province named
        (
            "Guizhou is building data centers in Guiyang. Guiyang hosts many firms. "
            "About 70 percent of applications in the province are handled online.",
            "70",
            "province/guizhou",
        ),
        # a possessive place owns the clause's noun phrase, the industry is what it concerns
        ("Hunan's steel industry grew 8 percent in 2022.", "8", "province/hunan"),
        # "China's Tibet": the place after the possessive
        ("In China's Tibet, 150,000 people moved to new homes.", "150000", "province/tibet"),
        # national figures belong to China, not to the city of the dateline
        ("Nanjing, March 3. China's GDP grew 5.2 percent in 2023.", "5.2", "country/china"),
        ("Wuhan, March 3. Nationwide, retail sales rose 7 percent in 2023.", "7", "country/china"),
        # a comparison base after the figure does not take the figure from the sentence's subject
        (
            "Xiamen made 20 million phones, accounting for 12 percent of the country's total.",
            "12",
            "city/xiamen",
        ),
    ],
)
def test_subject_from_clause_and_sentence(text: str, value: str, subject: str) -> None:
    assert subjects(text)[Decimal(value)] == subject


def test_a_company_anaphor_goes_to_the_last_company_named() -> None:
    text = "Ningbo welcomes Haier. The company's output reached 2 billion yuan in 2022."
    assert subjects(text)[Decimal("2000000000")] == "organization/haier"


def test_a_company_named_by_its_own_first_word_later() -> None:
    text = (
        "Ningbo Zorvex Technologies opened in Ningbo. The county government helped it. "
        "Zorvex is expecting a 40 percent rise in sales this year."
    )
    found = extract(Document(HEADER + text, "test.txt", "test"), load_lexicon()).figures
    assert [(f.value, f.kind, f.subject) for f in found] == [
        (Decimal("40"), "Target", "organization/ningbo-zorvex-technologies")
    ]


def test_the_company_is_no_government_body() -> None:
    text = (
        "Wang Jun, chairman of Ningbo Lanshan Technologies, thanked the county government. "
        "The company's output reached 3 billion yuan."
    )
    assert subjects(text)[Decimal("3000000000")] == "organization/ningbo-lanshan-technologies"


def test_a_sentence_without_subject_continues_the_one_before() -> None:
    text = "Guizhou has lifted 2 million people out of poverty. Their average income rose 12 percent."
    assert subjects(text)[Decimal("12")] == "province/guizhou"


def test_a_company_name_before_township_is_a_place() -> None:
    found = extract(Document(HEADER + "Changan township grew fast.", "t.txt", "t"), load_lexicon())
    assert not [e for e in found.entities if e.kind == "Organization"]


def test_an_opening_clause_with_the_figure_takes_the_main_clause_subject() -> None:
    text = "Xiamen hosts Fujian Zorvex Motor Co., Ltd., a bus maker. With an investment of 2 billion yuan, the company grew."
    assert subjects(text)[Decimal("2000000000")] == "organization/fujian-zorvex-motor-co-ltd"


def test_a_spokesperson_reports_for_the_last_company_named() -> None:
    text = (
        "Suzhou Zorvex Technologies makes lenses.\n\nZhou Ping, company representative, said sales will reach "
        "300 million yuan in 2024."
    )
    assert subjects(text)[Decimal("300000000")] == "organization/suzhou-zorvex-technologies"


def test_an_initiative_as_object_is_no_sentence_subject() -> None:
    text = "Dalian grows. We shall build the Harbour Tech Park. Thirdly, ensure a grain area of 2 million mu."
    assert subjects(text)[Decimal("2000000")] == "city/dalian"


def test_a_whole_name_opens_the_sentence_not_the_country_inside_it() -> None:
    text = (
        "China (Hainan) Pilot Free Trade Zone was set up in 2018. "
        "Some 90 new rules tried out there have been copied across the country."
    )
    assert subjects(text)[Decimal("90")] == "initiative/china-hainan-pilot-free-trade-zone"


def test_a_thing_far_after_the_number_is_in_a_clause_of_its_own() -> None:
    text = (
        "Xining grew. In 2019, 5,000 hectares of land that used to belong to mining enterprises were planted."
    )
    assert subjects(text)[Decimal("5000")] == "city/xining"
