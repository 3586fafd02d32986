"""Extraction engine: fill the ontology from any text of the genre, with exact evidence.

Regressions found by the property tests of issue 3.
"""

from __future__ import annotations

from policykg.extract import extract
from policykg.lexicon import load_lexicon
from policykg.model import Document


def industries(text: str) -> list[tuple[str, int, int, str]]:
    found = extract(Document(text=text, source="t.txt", slug="t"), load_lexicon())
    return [
        (e.label, s.begin, s.end, s.anchor) for e in found.entities if e.kind == "Industry" for s in e.spans
    ]


def test_x_industry_with_two_spaces_between_words_does_not_crash():
    """hypothesis found 'b  b industry': the phrase start was searched with single spaces."""
    assert industries("b  b industry") == [("b b industry", 0, 13, "b  b industry")]


def test_x_industry_starts_at_its_own_words_not_an_earlier_repeat():
    assert industries("the b b b industry grew") == [("b b industry", 6, 18, "b b industry")]


def test_a_figure_at_the_start_of_a_heading_line_does_not_crash():
    """A figure on a heading line compared None with a number while looking for its section."""
    text = "reachZhang Zhijun into aLine\nwhenever\n1 plus 6 will"
    found = extract(Document(text=text, source="t.txt", slug="t"), load_lexicon())
    assert all(text[f.span.begin : f.span.end] == f.span.anchor for f in found.figures)
