"""The shared matching helpers: a Scanned word list finds what its plain regex finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from policykg.extract.patterns import (
    Folded,
    Scanned,
    Scanner,
    Words,
    alternation,
    literal_starts,
    scanned,
    whole_word_pattern,
)

WORDS = ["the city", "city", "cities", "new", "new energy", "e-commerce", "gdp"]
TEXT = (
    "The City of X: city-wide, the cities grew; New energy and NEW Energy vehicles, e-commerce (GDP) "
    "newly, renew, gdp-based, cityscape, the city. "
) * 8  # longer than the texts folded once per document


def scanned_and_plain():
    pattern = whole_word_pattern(WORDS)
    return Scanned(pattern, Scanner(), "words", WORDS), pattern


def test_a_scanned_list_finds_what_its_regex_finds():
    words, pattern = scanned_and_plain()
    plain = [(m.start(), m.group()) for m in re.compile(pattern).finditer(TEXT.lower())]
    assert plain[:6] == [
        (0, "the city"),
        (30, "cities"),
        (43, "new energy"),
        (58, "new energy"),
        (79, "e-commerce"),
        (91, "gdp"),
    ]
    assert len(plain) == 8 * 7
    assert [(m.start(), m.group()) for m in words.finditer(TEXT)] == plain


def test_a_scanned_list_honours_bounds_like_its_regex():
    words, pattern = scanned_and_plain()
    for bounds in [(0,), (5,), (13, 17), (12, 16), (40, 400), (-3, 10_000), (300, 100)]:
        expected = [m.span() for m in re.compile(pattern).finditer(TEXT.lower(), *bounds)]
        assert [m.span() for m in words.finditer(TEXT, *bounds)] == expected, bounds


def test_an_empty_scanner_finds_nothing():
    empty = Scanned(whole_word_pattern([]), Scanner(), "words", [])
    assert list(empty.finditer(TEXT)) == []


def test_a_regex_scanned_by_its_literal_beginnings_finds_what_it_finds():
    pattern = r"(?:C(?<!\w.)ity|N(?<!\w.)ew) ([A-Z]\w+)|, (?:and|or) (?:a|an) \w+|e-(?:commerce|government)"
    assert literal_starts(re.compile(pattern)) == [
        ", and a ", ", and an ", ", or a ", ", or an ", "City ", "New ", "e-commerce", "e-government"
    ]  # fmt: skip
    regex = scanned(pattern, Scanner(), "case-sensitive", folds=False)
    assert isinstance(regex, Scanned)
    text = TEXT.replace("cities", "City Hall, or an office") + " NEW Energy"
    expected = [m.span() for m in re.finditer(pattern, text)]
    assert len(expected) == 8 * 3
    assert [m.span() for m in regex.finditer(text)] == expected


def test_a_regex_that_may_begin_with_a_character_class_is_not_scanned():
    assert literal_starts(re.compile(r"[A-Z]\w+ City")) is None
    assert literal_starts(re.compile(r"(?i:city)")) is None
    assert not isinstance(scanned(r"\d+ cities", Scanner(), "digits"), Scanned)


def test_words_find_what_the_alternation_finds():
    words = Words(["gdp", "gdp增速", "增速", "gross domestic product", "gross"])
    text = "GDPs, GDP增速 and gdp; GROSS Domestic Product, grossly, 增速增速"
    assert words.spans(text) == [(6, 11), (16, 19), (21, 43), (54, 56), (56, 58)]
    assert Words([]).spans(text) == []


LETTERS = st.sampled_from(list("ab1 增速-Ä"))


@given(st.lists(st.text(LETTERS, min_size=1, max_size=4), max_size=8), st.text(LETTERS, max_size=40))
def test_words_spans_equal_the_latin_bounded_alternation(words, text):
    regex = Folded(alternation(words, latin_bounds=True) or r"(?!x)x")
    assert Words(words).spans(text) == [(m.start(), m.end()) for m in regex.finditer(text)]


NAME_CHARS = st.sampled_from(list("Ab -_é.1"))


@given(
    st.lists(st.text(NAME_CHARS, min_size=1, max_size=5), min_size=1, max_size=4),
    st.text(st.sampled_from(list("Ab -_é.1xZ")), max_size=40),
)
def test_person_occurrences_equal_the_whole_word_alternation(names, work):
    """people._occurrences finds by str.find what the trie alternation between [\\w-] bounds finds."""
    from policykg.extract.patterns import AFTER_FIRST
    from policykg.extract.people import _occurrences

    regex = re.compile(rf"{alternation(names, after_first=AFTER_FIRST)}(?![\w-])")
    found = _occurrences(work, dict.fromkeys(names))
    assert [(m.begin, m.end, m.label) for m in found] == [
        (m.start(), m.end(), m.group()) for m in regex.finditer(work)
    ]
