"""Which year a figure is of: the year its sentence names, else the section heading above it, else the document's.

May import: policykg.model, the standard library.
"""

from __future__ import annotations

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
    text = doc.text
    end = text.rfind("\n", 0, number)
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if len(line) <= 60 and HEADING.match(line):
            years = YEAR.findall(line)
            if len(years) == 1:
                return int(years[0])
            if "今年" in line:
                return document_year(doc)
            if years or TOP_HEADING.match(line):
                return None
        end = begin - 1
    return None
