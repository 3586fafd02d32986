"""The records figure reading passes between its steps: the document context and a figure being read.

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from decimal import Decimal

from policykg.extract.patterns import Folded, Patterns, alternation
from policykg.extract.sentences import Sentences
from policykg.model import fast_init


@dataclass(frozen=True, slots=True)
class Context:
    """What figure reading needs to know about the document."""

    work: str
    patterns: Patterns
    sentences: Sentences
    quotes: list[tuple[int, int]]
    skip: list[tuple[int, int]]  # spans whose numbers are names (industrial-system formulas)
    year: int | None  # the document's year
    memo: dict = field(
        default_factory=dict, repr=False, compare=False
    )  # answers worked out once per document


@fast_init
@dataclass(frozen=True, slots=True)
class Reading:
    """A quantity read as a figure, before its subject is chosen."""

    begin: int
    end: int
    value: Decimal
    unit: str
    comparator: str | None = None
    direction: str | None = None
    baseline: Decimal | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    year: int | None = None
    kind: str = "Result"
    indicator: str | None = None
    at: int = -1  # where the value itself is written (a change's span may start at its baseline)


_READING_FIELDS = tuple(Reading.__dataclass_fields__)
_READING_VALUES = operator.attrgetter(*_READING_FIELDS)
_READING_INDEX = {name: i for i, name in enumerate(_READING_FIELDS)}


def evolve(reading: Reading, **changes) -> Reading:
    """``dataclasses.replace(reading, **changes)`` without its per-call field introspection (it runs a
    few times per figure).

    >>> evolve(Reading(0, 4, Decimal(5), "u"), end=6, year=2020)
    Reading(begin=0, end=6, value=Decimal('5'), unit='u', comparator=None, direction=None, baseline=None, \
min_value=None, max_value=None, year=2020, kind='Result', indicator=None, at=-1)
    """
    values = list(_READING_VALUES(reading))
    for name, value in changes.items():
        i = _READING_INDEX.get(name)
        if i is None:
            raise TypeError(f"Reading has no field {name!r}")
        values[i] = value
    return Reading(*values)


@dataclass(frozen=True, slots=True)
class Marks:
    """Positions read once per document: years, section-heading years, Target/Result cue words."""

    years: list[tuple[int, int]]  # (offset, year)
    sections: list[tuple[int, int | None, str | None]]  # (heading offset, year, Target/Result)
    cues: list[tuple[int, str]]  # (offset, "Target" | "Result")


@functools.cache
def comparator_regex(patterns: Patterns) -> Folded:
    """Comparator words right before a number (optionally "by" between)."""
    return Folded(rf"(?<![\w-])(?P<c>{alternation(patterns.comparators)})\s+(?:by\s+)?$")
