"""The extraction stage's own working record: one mention of one thing, plus small text helpers.

May import: the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def slug(text: str) -> str:
    """Lower-case ASCII slug for keys.

    >>> slug("“1 plus 6” Industrial System")
    '1-plus-6-industrial-system'
    >>> slug("4+4")
    '4-plus-4'
    """
    text = text.replace("+", " plus ")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def tidy(label: str) -> str:
    """A label as written, without surrounding quotes, a leading article or doubled spaces.

    >>> tidy(" the “five ones”  mechanism ")
    'five ones mechanism'
    """
    label = re.sub(r"[“”\"]", "", label)
    label = re.sub(r"\s+", " ", label).strip(" ,.;:'")
    return re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.IGNORECASE)


def overlaps(begin: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [begin, end) overlaps any of ``spans``."""
    return any(b < end and begin < e for b, e in spans)
