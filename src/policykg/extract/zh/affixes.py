"""Word tables looked up by length: which of their words a text ends with, or has at an offset.

What a loop over the words, longest first, with ``str.endswith`` / ``str.startswith`` finds (of two
words of one length only one can stand at one place), in one slice and one dict lookup per length.
May import: the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Affixes:
    """Words with a value each, grouped by their lengths (longest first)."""

    lengths: tuple[int, ...]
    values: dict[str, str]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Affixes:
        values = {word: value for word, value in pairs if word}
        return cls(tuple(sorted({len(word) for word in values}, reverse=True)), values)

    def ending(self, text: str) -> str | None:
        """The longest word ``text`` ends with.

        >>> Affixes.of([("增长", "up"), ("长", "long")]).ending("同比增长")
        '增长'
        """
        size = len(text)
        for length in self.lengths:
            if length <= size and text[size - length :] in self.values:
                return text[size - length :]
        return None

    def at(self, text: str, offset: int) -> str | None:
        """The longest word that stands in ``text`` at ``offset``.

        >>> Affixes.of([("以上", "more"), ("以", "by")]).at("5%以上", 2)
        '以上'
        """
        for length in self.lengths:
            word = text[offset : offset + length]
            if len(word) == length and word in self.values:
                return word
        return None

    def starting(self, text: str, longer_by: int = 0) -> str | None:
        """The longest word ``text`` starts with that leaves more than ``longer_by`` characters after it.

        >>> Affixes.of([("全市", ""), ("全", "")]).starting("全市地区生产总值", 1)
        '全市'
        """
        size = len(text)
        for length in self.lengths:
            if size > length + longer_by and text[:length] in self.values:
                return text[:length]
        return None
