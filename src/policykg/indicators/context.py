"""The words before a figure's number: all that is looked at, its sentence's and its clause's.

May import: policykg.model, policykg.indicators.scheme, the standard library.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from policykg.indicators.scheme import unquoted
from policykg.model import Figure, fast_init

LOOKBACK = 240  # characters before a number searched for its indicator words
CLAUSE_END = re.compile(r"[，,；;。：:！？!?\n、（）()]|\.\s|\band\b")
LIST_END = re.compile(r"[，,；;。：:！？!?\n（）()]|\.\s|\band\b")  # a clause end, but not 、
SENTENCE_END = re.compile(r"[；;。！？!?\n]|\.\s")
DIGIT = re.compile(r"[0-9０-９]")


@fast_init
@dataclass(frozen=True, slots=True)
class Before:
    """The words before a figure's number, without quotes: all ``LOOKBACK`` of them, its sentence's and its clause's."""

    words: str
    sentence: str
    clause: str

    @classmethod
    def of(cls, text: str, number: int) -> Before:
        words = unquoted(text[max(0, number - LOOKBACK) : number])
        sentence = words[clause_start(words, SENTENCE_END) :]
        return cls(words, sentence, words[clause_start(words, CLAUSE_END) :])


def number_position(figure: Figure) -> int:
    """Where the figure's number starts in the document (the first digit of its words)."""
    match = DIGIT.search(figure.span.anchor)
    return figure.span.begin + (match.start() if match else 0)


def clause_start(text: str, pattern: re.Pattern[str]) -> int:
    """Where the last match of ``pattern`` in ``text`` ends (0 without one).

    >>> clause_start("增长6%，其中工业增长8%", CLAUSE_END), clause_start("no break", CLAUSE_END)
    (5, 0)
    """
    match = _last_of(pattern.pattern, pattern.flags).match(text)  # (a compiled regex hashes its whole code)
    return match.end() if match else 0


@functools.cache
def _last_of(pattern: str, flags: int) -> re.Pattern[str]:
    """``pattern`` after as much text as possible: re tries it from the end backwards (no scan of every match)."""
    return re.compile(f"(?s:.*)(?:{pattern})", flags)
