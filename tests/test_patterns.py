"""The shared matching helpers: a Scanned word list finds what its plain regex finds."""

from __future__ import annotations

from policykg.extract.patterns import Scanned, Scanner, whole_word_pattern

WORDS = ["the city", "city", "cities", "new", "new energy", "e-commerce", "gdp"]
TEXT = (
    "The City of X: city-wide, the cities grew; New energy and NEW Energy vehicles, e-commerce (GDP) "
    "newly, renew, gdp-based, cityscape, the city. "
) * 8  # longer than the texts folded once per document


def scanned_and_plain():
    pattern = whole_word_pattern(WORDS)
    return Scanned(pattern, Scanner({"words": WORDS}), "words"), pattern


def test_a_scanned_list_finds_what_its_regex_finds():
    scanned, pattern = scanned_and_plain()
    plain = [(m.start(), m.group()) for m in super(Scanned, scanned).finditer(TEXT)]
    assert plain[:6] == [
        (0, "the city"),
        (30, "cities"),
        (43, "new energy"),
        (58, "new energy"),
        (79, "e-commerce"),
        (91, "gdp"),
    ]
    assert len(plain) == 8 * 7
    assert [(m.start(), m.group()) for m in scanned.finditer(TEXT)] == plain


def test_a_scanned_list_honours_bounds_like_its_regex():
    scanned, _ = scanned_and_plain()
    for bounds in [(0,), (5,), (13, 17), (12, 16), (40, 400), (-3, 10_000), (300, 100)]:
        expected = [m.span() for m in super(Scanned, scanned).finditer(TEXT, *bounds)]
        assert [m.span() for m in scanned.finditer(TEXT, *bounds)] == expected, bounds


def test_an_empty_scanner_finds_nothing():
    scanned = Scanned(whole_word_pattern([]), Scanner({"words": []}), "words")
    assert list(scanned.finditer(TEXT)) == []
