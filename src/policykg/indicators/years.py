"""Which year a figure is of: the year its sentence names, else the section heading above it, else the document's.

May import: policykg.model, the standard library.
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import PurePath

from policykg.model import Document

YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年(?![0-9])")
BASELINE_YEAR = re.compile(r"(?:比|较|与|同|于|从)\s*$")
DOC_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月")
HEADING = re.compile(r"^\s*(?:#+|\*\*|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
TOP_HEADING = re.compile(
    r"^\s*(?:#{1,2}\s|\*\*[一二三四五六七八九十]+、|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"
)


def document_year(doc: Document) -> int | None:
    """The year a document was written: the date in its opening, else a year as its file name."""
    match = DOC_DATE.search(doc.text[:600])
    if match:
        return int(match.group(1))
    stem = PurePath(doc.source).stem
    return int(stem) if re.fullmatch(r"(?:19|20)[0-9]{2}", stem) else None


def year_of(doc: Document, number: int, sentence: str) -> int | None:
    """The year the sentence or, failing that, the section heading above the figure gives."""
    for match in reversed(list(YEAR.finditer(sentence))):
        if not BASELINE_YEAR.search(sentence[: match.start()]):
            return int(match.group(1))
    if "今年" in sentence or "this year" in sentence.lower():
        return document_year(doc)
    return _section_year(doc, number)


def _section_year(doc: Document, number: int) -> int | None:
    """The year named by the nearest heading above ``number`` that names one (今年 = the document's)."""
    ends, decisions = _headings(doc.text)
    at = bisect.bisect_left(ends, number)  # the lines that end before the figure's line
    if not at:
        return None
    decision = decisions[at - 1]
    return document_year(doc) if decision == "今年" else decision


@functools.lru_cache(maxsize=16)
def _headings(text: str) -> tuple[list[int], list[int | str | None]]:
    """Where each line of ``text`` that settles a figure's section year ends, and what it settles: a
    year, None, or "今年" (the document's year); the nearest such line above a figure decides.

    A line settles when it is a heading of at most 60 characters that names one year, 今年, several
    years or none at a top heading; other lines are passed over (read once per text, not per figure).
    """
    ends: list[int] = []
    decisions: list[int | str | None] = []
    begin = 0
    end = text.find("\n")
    while end >= 0:
        line = text[begin:end]
        if end > 0 and len(line) <= 60 and HEADING.match(line):
            years = YEAR.findall(line)
            if len(years) == 1:
                ends.append(end), decisions.append(int(years[0]))
            elif "今年" in line:
                ends.append(end), decisions.append("今年")
            elif years or TOP_HEADING.match(line):
                ends.append(end), decisions.append(None)
        begin = end + 1
        end = text.find("\n", begin)
    return ends, decisions
