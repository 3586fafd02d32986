"""The layout of a Chinese text: sentences, clauses, headings, sections and what the header says.

Sentences end at 。！？； and line ends; a top-level heading (一、… or a **bold** line) opens a
section that reports results (…年工作回顾) or states targets (主要预期目标, …年工作安排).
May import: policykg.model, policykg.extract.zh.numerals and the standard library.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from policykg.model import DocumentMeta

SENTENCE_END = "。！？；!?;\n"
CLAUSE_END = SENTENCE_END + "，,：:"
SENTENCE_MARK = re.compile(f"[{re.escape(SENTENCE_END)}]")
CLAUSE_MARK = re.compile(f"[{re.escape(CLAUSE_END)}]")
TOP_HEADING = re.compile(r"^\s*(?:\*\*)?\s*[一二三四五六七八九十]{1,3}[、.．]\s*(.+?)(?:\*\*)?\s*$", re.M)
BOLD_LINE = re.compile(r"^\s*\*\*(.+?)\*\*\s*$", re.M)
SUB_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]")
DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
YEAR = re.compile(r"(?<![\d０-９])((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)")
PERSON_LINE = re.compile(
    r"^\s*(?:\*\*)?[^\n]{0,24}?(代市长|市长|代区长|区长|县长|主任|书记|代县长)\s*([\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3})\s*(?:\*\*)?\s*$",
    re.M,
)
CONGRESS_CITY = re.compile(r"在([\u4e00-\u9fff]{2,6}?[市区县州])第")
PLAN_YEARS = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of text under one top-level heading: what its figures are and which year."""

    begin: int
    kind: str | None  # "Result", "Target" or None (no heading says)
    year: int | None


@dataclass(frozen=True, slots=True)
class Layout:
    """Sentences, clauses and sections of one text, searchable by offset."""

    text: str
    sentences: tuple[tuple[int, int], ...]
    sections: tuple[Section, ...]
    year: int | None
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)  # where each sentence begins
    clauses: tuple[int, ...] = field(init=False, repr=False, compare=False)  # right after each clause end
    section_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(b for b, _ in self.sentences))
        object.__setattr__(self, "clauses", tuple(m.end() for m in CLAUSE_MARK.finditer(self.text)))
        object.__setattr__(self, "section_starts", tuple(s.begin for s in self.sections))

    def sentence(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.sentences[max(k, 0)]

    def clause_start(self, offset: int) -> int:
        """Where the clause holding ``offset`` begins (right after the last clause end before it)."""
        k = bisect.bisect_right(self.clauses, offset)
        return self.clauses[k - 1] if k else 0

    def clause_end(self, offset: int) -> int:
        """Where the clause holding ``offset`` ends."""
        k = offset
        while k < len(self.text) and self.text[k] not in CLAUSE_END:
            k += 1
        return k

    def section(self, offset: int) -> Section | None:
        """The section holding ``offset`` (None before the first heading)."""
        k = bisect.bisect_right(self.section_starts, offset) - 1
        return self.sections[k] if k >= 0 else None


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans (stripped of surrounding blanks), ending at 。！？； or a line end.

    >>> split_sentences("增长6%。下降2%；\\n完成")
    ((0, 5), (5, 10), (11, 13))
    """
    spans, start = [], 0
    for mark in SENTENCE_MARK.finditer(text):
        k = mark.start()
        _add(spans, text, start, k + 1 if mark.group() != "\n" else k)
        start = k + 1
    _add(spans, text, start, len(text))
    return tuple(spans)


def _add(spans: list, text: str, begin: int, end: int) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end > begin:
        spans.append((begin, end))


def document_year(text: str, title: str | None) -> int | None:
    """The year the document speaks in: its date line's, else its title's, else a review heading's + 1."""
    found = DATE.search(text[:1500])
    if found:
        return int(found.group(1))
    match = YEAR.search(title or "")
    if match:
        return int(match.group(1))
    for heading in TOP_HEADING.finditer(text):
        match = YEAR.search(heading.group(1))
        if match and "回顾" in heading.group(1):
            return int(match.group(1)) + 1
    return None


def read_meta(text: str, title: str | None) -> DocumentMeta:
    """Title (the first bold line or the front matter's), date and nothing else the header states."""
    found = DATE.search(text[:1500])
    # int() reads full-width digits too (“201４年”): the ISO date is written in ASCII digits
    date = f"{int(found.group(1))}-{int(found.group(2)):02d}-{int(found.group(3)):02d}" if found else None
    if date is None:
        year = document_year(text, title)
        date = str(year) if year else None
    return DocumentMeta(title=title or _first_title(text), date=date)


def _first_title(text: str) -> str | None:
    for line in text[:400].splitlines():
        line = line.strip().strip("*").strip()
        if line:
            return line if len(line) <= 40 else None
    return None


def headings(text: str) -> list[tuple[int, int, str]]:
    """Top-level headings: (begin, end, words) for 一、… lines and **bold** lines of a heading's shape."""
    found = {}
    for match in TOP_HEADING.finditer(text):
        found[match.start()] = (match.start(), match.end(), match.group(1))
    for match in BOLD_LINE.finditer(text):
        words = match.group(1)
        if match.start() not in found and re.match(r"[一二三四五六七八九十]{1,3}[、.．]", words):
            found[match.start()] = (match.start(), match.end(), words)
    return [found[k] for k in sorted(found)]


def sections(
    text: str, year: int | None, review: tuple[str, ...], plan: tuple[str, ...]
) -> tuple[Section, ...]:
    """One Section per top-level heading; a plan section lasts until a review heading."""
    out: list[Section] = []
    planning = False
    for begin, _, words in headings(text):
        stated = YEAR.search(words)
        span = next((v for k, v in PLAN_YEARS.items() if k in words), None)
        if any(w in words for w in review):
            planning = False
            when = int(stated.group(1)) if stated else (span if span else (year - 1 if year else None))
            out.append(Section(begin, "Result", when))
        elif planning or any(w in words for w in plan):
            planning = True
            when = int(stated.group(1)) if stated else (span if span else year)
            out.append(Section(begin, "Target", when))
        else:
            out.append(Section(begin, None, None))
    return tuple(out)


def layout(text: str, title: str | None, review: tuple[str, ...], plan: tuple[str, ...]) -> Layout:
    """Sentences and sections of ``text``."""
    year = document_year(text, title)
    return Layout(text, split_sentences(text), sections(text, year, review, plan), year)


def person(text: str) -> tuple[str, str, int, int] | None:
    """The speaker of the header ("市长 王子联"): (position, name, begin, end of the name)."""
    match = PERSON_LINE.search(text[:1500])
    if not match:
        return None
    return match.group(1), re.sub(r"\s", "", match.group(2)), match.start(2), match.end(2)


def congress_city(text: str) -> str | None:
    """The city whose people's congress heard the report ("在长春市第十六届人民代表大会" → 长春市)."""
    match = CONGRESS_CITY.search(text[:1500])
    return match.group(1) if match else None
