"""Prepare a text for reading and cut it into sentences and clauses, keeping exact code-point offsets.

``prepare`` returns a working copy of the same length as the text: typographic variants are
unified (curly single quotes, non-breaking spaces, straight double quotes → “ ”) and web-page
debris is blanked, so offsets found in the copy are offsets in the original text.
May import: the standard library and the other extract modules.
"""

from __future__ import annotations

import bisect
import re

from policykg.extract.patterns import Patterns

_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\t": " ",
        "\r": " ",
        "（": "(",
        "）": ")",
        "，": ",",
        "：": ":",
        "；": ";",
        "\u201e": "\u201c",
        "\u00ab": "\u201c",
        "\u00bb": "\u201d",
    }
)
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _SAME_LENGTH) + "]")
_STRAIGHT_QUOTE = re.compile(r'"')
# r"[.!?。！？]+[”'\")\]]*(?=\s+[“\"'(\[]?[A-Z0-9])|\n+|[.!?。]+[”'\")\]]*\s*$", written to begin with one
# character class (re skips ahead to it) and to tell its three branches apart by that character
_SENTENCE_END = re.compile(
    r"[.!?。！？\n](?:(?<=[.!?。！？])[.!?。！？]*[”'\")\]]*(?=\s+[“\"'(\[]?[A-Z0-9])"
    r"|(?<=\n)\n*|(?<=[.!?。])[.!?。]*[”'\")\]]*\s*$)"
)
_BLANK_DATES = re.compile(
    r"\d(?<!\w.)(?:\d{3}-\d{2}-\d{2}|\d?:\d{2}(?::\d{2})?)\b"
)  # \b checked after the digit


def prepare(text: str, patterns: Patterns) -> str:
    """Working copy of ``text``: same length, unified typography, debris blanked."""
    work = _SPECIAL.sub(
        lambda m: _SAME_LENGTH[ord(m.group())], text
    )  # rare characters: faster than translate
    work = _STRAIGHT_QUOTE.sub(_curl, work)
    return patterns.debris.sub(lambda m: _blank(m.group()), work)


def _curl(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1] if match.start() else " "
    return "\u201c" if before.isspace() or before in "([{—–-/" else "\u201d"


def _blank(fragment: str) -> str:
    return re.sub(r"[^\n]", " ", fragment)


def blank_dates(work: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank ISO dates and clock times (they hold no figures), keeping the length; and the blanked spans."""
    spans = [m.span() for m in _BLANK_DATES.finditer(work)]
    if not spans:
        return work, spans
    pieces, last = [], 0
    for begin, end in spans:
        pieces += [work[last:begin], " " * (end - begin)]
        last = end
    return "".join(pieces) + work[last:], spans


def split_sentences(work: str, patterns: Patterns) -> list[tuple[int, int]]:
    """(begin, end) of every sentence or heading line, trimmed of surrounding spaces."""
    abbreviations = patterns.words["abbreviations"]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(work):
        if match.group()[0] == "." and _ends_with_abbreviation(work, match.start(), abbreviations):
            continue
        _add_trimmed(spans, work, start, match.end())
        start = match.end()
    _add_trimmed(spans, work, start, len(work))
    return [piece for span in spans for piece in _cap(work, *span)]


MAX_SENTENCE = 1200  # a "sentence" longer than this is a run-on line: cut it at a ; , or space


def _cap(work: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Cut an overlong sentence into pieces of at most MAX_SENTENCE characters."""
    pieces = []
    while end - begin > MAX_SENTENCE:
        limit = begin + MAX_SENTENCE
        cut = max(work.rfind(";", begin, limit), work.rfind(",", begin, limit))
        cut = cut + 1 if cut > begin + MAX_SENTENCE // 2 else max(work.rfind(" ", begin, limit), begin + 1)
        _add_trimmed(pieces, work, begin, cut)
        begin = cut
    _add_trimmed(pieces, work, begin, end)
    return pieces


def _ends_with_abbreviation(work: str, dot: int, abbreviations: frozenset[str]) -> bool:
    m = _LAST_TOKEN.match(work[max(0, dot - 24) : dot + 1][::-1])
    token = m.group()[::-1].lower() if m else ""
    return token in abbreviations or bool(_INITIALS.fullmatch(token))


_INITIALS = re.compile(r"(?:[a-z]\.)+")
_LAST_TOKEN = re.compile(r"[^\s(“]+")  # on the reversed text: what r"[^\s(“]+$" finds, from the end


def _add_trimmed(spans: list[tuple[int, int]], work: str, begin: int, end: int) -> None:
    while begin < end and work[begin].isspace():
        begin += 1
    while end > begin and work[end - 1].isspace():
        end -= 1
    if end > begin:
        spans.append((begin, end))


_PUNCTUATION_BREAK = re.compile(r"[,;:—–()]")
_DASH_BREAK = re.compile(r"-(?<=\s-)(?=\s)")  # r"\s-\s" from its hyphen (re skips ahead to hyphens)


def _dash_breaks(work: str) -> list[int]:
    r"""Where r"\s-\s" matches in ``work`` (one after the other, as ``finditer`` finds them)."""
    found: list[int] = []
    for m in _DASH_BREAK.finditer(work):
        if not found or m.start() - 1 >= found[-1] + 3:
            found.append(m.start() - 1)
    return found


class Sentences:
    """Look up the sentence and the comma-clause around any offset."""

    def __init__(self, work: str, spans: list[tuple[int, int]]) -> None:
        self.work = work
        self.spans = spans
        self._begins = [b for b, _ in spans]
        # two regexes that each begin with a literal or a class run faster than r"[,;:—–()]|\s-\s"
        self._breaks = sorted([m.start() for m in _PUNCTUATION_BREAK.finditer(work)] + _dash_breaks(work))
        self._clauses: dict[tuple[int, int], tuple[int, int]] = {}

    def index(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the nearest one before it when between sentences)."""
        return max(0, bisect.bisect_right(self._begins, offset) - 1)

    def sentence(self, offset: int) -> tuple[int, int]:
        """(begin, end) of the sentence holding ``offset``."""
        if not self.spans:
            return (0, len(self.work))
        i = bisect.bisect_right(self._begins, offset) - 1  # ``index``, inline: it runs a dozen times a figure
        return self.spans[i if i > 0 else 0]

    def clause(self, begin: int, end: int | None = None) -> tuple[int, int]:
        """(begin, end) of the comma-clause around [begin, end), inside its sentence (remembered: a figure's
        steps ask for the same clause several times)."""
        end = begin if end is None else end
        found = self._clauses.get((begin, end))
        if found is None:
            found = self._clauses[(begin, end)] = self._clause(begin, end)
        return found

    def _clause(self, begin: int, end: int) -> tuple[int, int]:
        s_begin, s_end = self.sentence(begin)
        i = bisect.bisect_left(self._breaks, begin)
        left = self._breaks[i - 1] + 1 if i > 0 and self._breaks[i - 1] >= s_begin else s_begin
        j = bisect.bisect_left(self._breaks, end)
        right = self._breaks[j] if j < len(self._breaks) and self._breaks[j] < s_end else s_end
        return max(left, s_begin), min(max(right, end), s_end)


def quote_spans(work: str) -> list[tuple[int, int]]:
    """(begin, end) of the text inside each pair of curly double quotes that holds a name, not speech
    (an unclosed “ is skipped; “We aim to raise ... by 2025,” is speech: its numbers are figures)."""
    spans = []
    for match in re.finditer(r"“([^“”\n]{1,300})”", work):
        content = match.group(1)
        if len(content.split()) > 20 or _SPEECH_END.search(content):
            continue
        spans.append((match.start(1), match.end(1)))
    return spans


_SPEECH_END = re.compile(r"[.!?,]$|[.!?]\s")


def inside(spans: list[tuple[int, int]], begin: int, end: int) -> tuple[int, int] | None:
    """The span of ``spans`` (sorted, disjoint) that holds [begin, end), if any."""
    i = bisect.bisect_right(spans, (begin, len(spans) and 10**12)) - 1
    if i >= 0 and spans[i][0] <= begin and end <= spans[i][1]:
        return spans[i]
    return None
