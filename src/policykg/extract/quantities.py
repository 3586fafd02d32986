"""Read quantities: digits with commas and decimals, number words, scale words, currencies, units, ranges.

A Quantity is what the number says, before context decides whether it is a figure at all.
May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from policykg.extract.patterns import Patterns, Scanned, alternation, fold
from policykg.extract.sentences import blank_dates
from policykg.model import fast_init

PERCENT = "http://qudt.org/vocab/unit/PERCENT"


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """One number as written: value (scaled), unit IRI or None, and where it stands."""

    begin: int
    end: int
    value: Decimal
    unit: str | None
    scaled: bool  # a scale word ("million") was written
    word: bool  # written as a word ("three")
    digits: str  # the first number as written ("1,560")
    range_end: Decimal | None = None
    range_word: str | None = None  # "-", "to" ...


def parse_number(text: str, patterns: Patterns) -> Decimal | None:
    """The value of one written number: digits with commas and decimals, or a number word.

    >>> from policykg.lexicon import load_lexicon
    >>> from policykg.extract.patterns import compile_patterns
    >>> p = compile_patterns(load_lexicon())
    >>> parse_number("1,560", p), parse_number("ten", p), parse_number("2.5", p)
    (Decimal('1560'), Decimal('10'), Decimal('2.5'))
    """
    word = patterns.number_words.get(text.lower())
    if word is not None:
        return word
    if "-" in text and all(part.lower() in patterns.number_words for part in text.split("-")):
        return sum((patterns.number_words[part.lower()] for part in text.split("-")), Decimal(0))
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def scale_of(text: str | None, patterns: Patterns) -> Decimal:
    """The product of the scale words in ``text`` (" million", "-billion").

    >>> from policykg.lexicon import load_lexicon
    >>> from policykg.extract.patterns import compile_patterns
    >>> scale_of(" hundred million", compile_patterns(load_lexicon()))
    Decimal('100000000')
    """
    factor = Decimal(1)
    if not text:
        return factor
    for m in _scale_regex(patterns).finditer(text.lower()):
        factor *= patterns.scales[m.group()]
    return factor


@functools.cache
def _scale_regex(patterns: Patterns) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(patterns.scales)})\b")


def find_quantities(text: str, patterns: Patterns) -> list[Quantity]:
    """Every number the text writes (ISO dates and clock times left out), scaled and with its unit when one
    is written."""
    work, blanked = blank_dates(text)
    starts = _worded_starts(text, blanked, patterns)
    found = []
    pos = 0
    while (c := _candidate(work, starts, pos, patterns)) is not None:
        m = patterns.number.match(work, c.start())
        if m is None or m.end() == m.start():
            pos = c.end()
            continue
        pos = m.end()
        if m.group("n2") and _year_like(m.group("n1")) != _year_like(m.group("n2")):
            m = patterns.number.match(work, m.start(), m.end("n1"))  # "2015 to 9,328 yuan": two numbers
            pos = m.end()
        quantity = _quantity(m, work[m.start("n1") : m.end("n1")], patterns)
        if quantity is not None:
            found.append(quantity)
    return found


def _worded_starts(text: str, blanked: list[tuple[int, int]], patterns: Patterns) -> list[int] | None:
    """Where a quantity written with a word may start once ``blanked`` is blanked in ``text`` (the words
    found in ``text``, and every offset from which one may reach into a blanked span); None: anywhere."""
    worded = patterns.worded
    if not isinstance(worded, Scanned):
        return None
    starts = worded.starts(text)
    if not blanked:
        return starts
    near = {at for begin, end in blanked for at in range(max(0, begin - worded.longest + 1), end)}
    return sorted(near.union(starts))


_DIGIT = re.compile(r"\d")


def _candidate(work: str, starts: list[int] | None, pos: int, patterns: Patterns) -> re.Match[str] | None:
    """``patterns.candidates.search(work, pos)``: the next digit, or an earlier word start that is one."""
    if starts is None:
        return patterns.candidates.search(work, pos)
    folded = fold(work)
    digit = _DIGIT.search(folded, pos)
    end = digit.start() if digit is not None else len(folded)
    regex = patterns.candidates.regex
    for start in starts[bisect.bisect_left(starts, pos) :]:
        if start >= end:
            break
        if (m := regex.match(folded, start)) is not None:
            return m
    return regex.match(folded, end) if digit is not None else None


def _year_like(digits: str) -> bool:
    return re.fullmatch(r"1\d{3}|20\d\d", digits) is not None


def _quantity(m: re.Match[str], written: str, patterns: Patterns) -> Quantity | None:
    value = parse_number(m.group("n1"), patterns)
    if value is None:
        return None
    factor = scale_of(m.group("s1"), patterns)
    end_value = None
    if m.group("n2"):
        end_value = parse_number(m.group("n2"), patterns)
        end_factor = scale_of(m.group("s2"), patterns)
        if end_value is not None:
            if not m.group("s1") and m.group("s2"):
                factor = end_factor
            end_value = _normal(end_value * end_factor)
    return Quantity(
        m.start(),
        m.end(),
        _normal(value * factor),
        _unit(m, patterns),
        bool(m.group("s1") or m.group("s2")),
        not written[0].isdigit(),
        written,
        end_value,
        m.group("conn"),
    )


def _unit(m: re.Match[str], patterns: Patterns) -> str | None:
    written = (m.group("unit") or "").strip(" -").lower()
    if written in ("%", "％"):
        return PERCENT
    if written:
        return patterns.units.get(written)
    if m.group("cur"):
        return patterns.prefixes.get(m.group("cur").strip()) or patterns.prefixes.get(
            m.group("cur").strip().upper()
        )
    return None


def _normal(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation.

    >>> _normal(Decimal("10570000.00")), _normal(Decimal("8.20"))
    (Decimal('10570000'), Decimal('8.2'))
    """
    value = value.normalize()
    return Decimal(int(value)) if value == value.to_integral_value() else value
