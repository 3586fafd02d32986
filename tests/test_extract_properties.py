"""Invariants of the extraction engine on random and adversarial text: it never raises, every span
satisfies ``text[begin:end] == anchor``, and extracting twice gives the same result."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policykg.extract import extract
from policykg.lexicon import load_lexicon
from policykg.model import Document, Extraction

PIECES = [
    "Changchun",
    "Jilin Province",
    "City",
    " ",
    "  ",
    "\n",
    "\n\n",
    ".",
    ",",
    ";",
    ":",
    "“",
    "”",
    '"',
    "'",
    "’",
    "\u00a0",
    "—",
    "-",
    "(",
    ")",
    "【1】",
    "【Fonts: A+ A A- Print",
    "[Print]",
    "1",
    "2021",
    "10,000",
    "1.5",
    "million",
    "billion",
    "%",
    "percent",
    "mu",
    "yuan",
    "RMB",
    "$",
    "more than",
    "about",
    "increased by",
    "reduced to",
    "from",
    "to",
    "between",
    "and",
    "will",
    "was",
    "tripled",
    "the",
    "industry",
    "industries",
    "such as",
    "including",
    "namely",
    "1 plus 6",
    "4+4",
    "N+M+X",
    "“3+N”",
    "Park",
    "Zone",
    "University",
    "Co., Ltd.",
    "Zhang Zhijun",
    "Zhang Zhijun: ",
    "By Li Qing",
    "Interview with Wang Wei, Mayor of ",
    "Mt.",
    "No.",
    "U.S.",
    "e.g.",
    "new energy",
    "automobile",
    "build",
    "into a",
    "International Auto City",
    "Source : X",
    "Updated : 2022-01-12",
    "11:22, October 28, 2020",
    "( People's Daily Online )",
    "last year",
    "this year",
    "14th",
    "5G",
    "Line 3",
    "twenty-one",
    "one",
    "three",
    "6-6.5%",
    "\t",
    "\r\n",
    "é",
    "中文",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=60).map("".join),
)


def spans_of(extraction: Extraction):
    for entity in extraction.entities:
        yield from entity.spans
    for figure in extraction.figures:
        yield figure.span
        yield figure.sentence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("10000000000000000000000000000 trillion yuan")
@example("“" * 50 + "1 plus 6" + "”" * 50)
def test_never_raises_and_every_span_is_exact(text):
    extraction = extract(Document(text, "random.txt", "random"), load_lexicon())
    for span in spans_of(extraction):
        assert 0 <= span.begin <= span.end <= len(text)
        assert text[span.begin : span.end] == span.anchor
    for entity in extraction.entities:
        assert entity.spans, entity.key
    keys = {e.key for e in extraction.entities}
    for fact in extraction.facts:
        assert fact.subject in keys and fact.object in keys
    for figure in extraction.figures:
        assert figure.kind in ("Target", "Result")
        assert figure.subject is None or figure.subject in keys


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_deterministic(text):
    first = extract(Document(text, "random.txt", "random"), load_lexicon())
    second = extract(Document(text, "random.txt", "random"), load_lexicon())
    assert first == second


@pytest.mark.parametrize(
    "text",
    [
        "with " + "alpha beta, " * 3000 + "as new industries.",
        "“" + "Alpha Beta and " * 3000 + "Park”",
        "such as " + "new energy and " * 3000,
        "1" * 5000 + " plus " + "2 plus " * 2000,
        "increased by " * 3000 + "5%",
    ],
)
def test_long_adversarial_lines_stay_linear(text):
    started = time.process_time()
    extract(Document(text, "long.txt", "long"), load_lexicon())
    assert time.process_time() - started < 2.0


def test_run_on_lines_are_cut_into_bounded_sentences():
    text = "Exports grew 5%, " * 2000
    extraction = extract(Document(text, "long.txt", "long"), load_lexicon())
    assert len(extraction.figures) == 2000
    assert max(len(f.sentence.anchor) for f in extraction.figures) <= 1200
    assert all(text[f.sentence.begin : f.sentence.end] == f.sentence.anchor for f in extraction.figures)
