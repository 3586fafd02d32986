"""The extraction stage's own working record: one mention of one thing, plus small text helpers.

May import: the standard library and policykg.model.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from policykg.model import Span, fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text that names an entity (merged into Entities by key at the end)."""

    key: str
    kind: str
    label: str
    begin: int
    end: int
    alt: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class MentionGroup:
    """Every mention of one key: the first names the entity; spans, links and properties are merged."""

    key: str
    mentions: tuple[Mention, ...]
    spans: tuple[Span, ...]
    same_as: tuple[str, ...]
    properties: tuple[tuple[str, str], ...]

    @property
    def first(self) -> Mention:
        return self.mentions[0]


def group_mentions(text: str, mentions: Iterable[Mention]) -> list[MentionGroup]:
    """The mentions of ``text`` grouped by key (keys sorted, mentions in their given order)."""
    grouped: dict[str, list[Mention]] = {}
    for m in mentions:
        grouped.setdefault(m.key, []).append(m)
    out = []
    for key in sorted(grouped):
        group = grouped[key]
        spans = [Span(b, e, text[b:e]) for b, e in sorted({(m.begin, m.end) for m in group})]
        same_as = tuple(sorted({s for m in group for s in m.same_as}))
        properties = tuple(sorted({p for m in group for p in m.properties}))
        out.append(MentionGroup(key, tuple(group), tuple(spans), same_as, properties))
    return out


@functools.lru_cache(maxsize=8192)
def slug(text: str) -> str:
    """Lower-case ASCII slug for keys.

    >>> slug("“1 plus 6” Industrial System")
    '1-plus-6-industrial-system'
    >>> slug("4+4")
    '4-plus-4'
    """
    text = text.replace("+", " plus ")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


@functools.lru_cache(maxsize=8192)
def tidy(label: str) -> str:
    """A label as written, without surrounding quotes, a leading article or doubled spaces.

    >>> tidy(" the “five ones”  mechanism ")
    'five ones mechanism'
    """
    label = re.sub(r"[“”\"]", "", label)
    label = re.sub(r"\s+", " ", label).strip(" ,;:'")
    if label.endswith(".") and not re.search(r"\b(?:Ltd|Co|Inc|Corp|No|St|Mt)\.$", label):
        label = label[:-1]
    return re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.IGNORECASE)


class Occupied:
    """A set of spans that answers "does [begin, end) overlap any of them?" in O(log n)."""

    __slots__ = ("_begins", "_max_ends")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._begins = [b for b, _ in ordered]
        self._max_ends = list(itertools.accumulate((e for _, e in ordered), max))

    def hits(self, begin: int, end: int) -> bool:
        """Whether [begin, end) overlaps a span of the set.

        >>> Occupied([(0, 5), (10, 12)]).hits(4, 6), Occupied([(0, 5), (10, 12)]).hits(5, 10)
        (True, False)
        """
        k = bisect.bisect_left(self._begins, end)
        return k > 0 and self._max_ends[k - 1] > begin


def overlaps(begin: int, end: int, spans: Occupied | list[tuple[int, int]]) -> bool:
    """Whether [begin, end) overlaps any of ``spans``."""
    occupied = spans if isinstance(spans, Occupied) else Occupied(spans)
    return occupied.hits(begin, end)
