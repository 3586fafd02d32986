"""Read a figure's context: comparator, direction of change, year, Target vs Result, indicator.

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import bisect
import functools
import re

from policykg.extract.grammar import INDICATOR_OPENERS
from policykg.extract.patterns import Folded, Patterns, alternation, fold
from policykg.extract.readings import Context, Marks, Reading, comparator_regex, evolve
from policykg.extract.sentences import inside
from policykg.model import PK_IRI

_GAP = r"(?:\s+(?:by|of|to|at|a|an|the|rate|year-on-year|year\s+on\s+year|nearly|almost|about|around|more|than|over|some|a\s+total\s+of|on\s+average))*"
_AFTER_CHANGE = re.compile(
    r"^\s+(?:year-on-year\s+|year\s+on\s+year\s+)?(?:an?\s+)?(?P<d>increase|growth|rise|decline|drop|decrease|reduction|gain)\b",
    re.IGNORECASE,
)


@functools.cache
def _direction_regex(patterns: Patterns) -> Folded:
    words = alternation(patterns.directions)
    comps = alternation(patterns.comparators)
    near = rf"{_GAP}(?:\s+(?:{comps}))?"
    far = rf"(?:\s+[\w-]+){{1,8}}?\s+(?:by|to)(?:\s+(?:{comps}))?"  # "cut water use per unit of GDP by 12%"
    return Folded(rf"(?<![\w-])(?P<d>{words})(?![\w-])(?:{near}|{far})\s+$")


def comparator(r: Reading, ctx: Context) -> Reading:
    """Attach "more than", "about", "within" ... written right before the number."""
    at = r.at if r.at >= 0 else r.begin
    window = ctx.work[max(0, at - 40) : at]
    backwards = _comparator_backwards(ctx.patterns)
    if backwards is None:
        m = comparator_regex(ctx.patterns).search(window)
        if m is None:
            return r
        written, start = m.group("c"), m.start()
    else:
        m = backwards.match(fold(window)[::-1])
        if m is None:
            return r
        written, start = m.group("c")[::-1], len(window) - m.end()
    value = ctx.patterns.comparators[written.lower()]
    return evolve(r, comparator=value, begin=min(r.begin, at - len(window) + start))


@functools.cache
def _comparator_backwards(patterns: Patterns) -> re.Pattern[str] | None:
    r"""``comparator_regex`` written backwards, matched from the end of the reversed folded window (not
    searched for from each of its offsets): the same comparator, when none ends in the word "by" (then
    " ... by " could end a comparator or precede the number, and the two would choose differently)."""
    if any(re.search(r"(?:^|\s)by$", word) for word in patterns.comparators):
        return None
    words = alternation(word[::-1] for word in patterns.comparators)
    return re.compile(rf"\s+(?:yb\s+)?(?P<c>{words})(?![\w-])")


def direction(r: Reading, ctx: Context) -> Reading:
    """ "increased by 17%", "an increase of more than 10%", "up 17%", "a 10% increase"."""
    c_begin, c_end = ctx.sentences.clause(r.begin, r.end)
    window = ctx.work[max(c_begin, r.begin - 60) : r.begin]
    m = _direction_regex(ctx.patterns).search(window)
    if m is not None and not _not_change(window[: m.end("d")], ctx.patterns):
        value = r.direction or ctx.patterns.directions[m.group("d").lower()]
        return evolve(r, direction=value, begin=r.begin - len(window) + m.start())
    if r.direction is not None:
        return r
    if ctx.work[max(0, r.begin - 1) : r.begin] == "+":  # "(+6.0%)"
        return evolve(r, direction=PK_IRI + "Increase")
    after = _AFTER_CHANGE.match(ctx.work[r.end : min(c_end, r.end + 40)])
    if after is not None:
        return evolve(r, direction=ctx.patterns.directions.get(after.group("d").lower()))
    if _RESPECTIVELY.match(ctx.work, r.end):  # "grew by 8.7% and 12.3% respectively"
        words = list(_direction_words(ctx.patterns).finditer(ctx.work, max(c_begin, r.begin - 120), r.begin))
        if words:
            return evolve(r, direction=ctx.patterns.directions[words[-1].group().lower()])
    return r


_RESPECTIVELY = re.compile(r",?\s*respectively\b")


@functools.cache
def _direction_words(patterns: Patterns) -> Folded:
    return Folded(rf"(?<![\w-])(?:{alternation(patterns.directions)})(?![\w-])")


def _not_change(text: str, patterns: Patterns) -> bool:
    """ "set up a fund": a change word that belongs to another phrase."""
    tail = text[-16:].lower()
    return any(tail.endswith(phrase) for phrase in patterns.words["notChanges"])


def year_of(
    r: Reading, ctx: Context, years: list[tuple[int, int]], sections: list[tuple[int, int | None, str | None]]
) -> tuple[int | None, bool]:
    """The year nearest the figure in its sentence; and whether it was written "by <year>"."""
    s_begin, s_end = ctx.sentences.sentence(r.begin)
    lo, hi = bisect.bisect_left(years, (s_begin, -1)), bisect.bisect_left(years, (s_end, -1))
    near = [(r.at - at if at < r.at else at - r.end, at, y) for at, y in years[lo:hi]]
    if not near:
        return _carried_year(ctx, years, s_begin) or _section(r, sections)[0], False
    _, at, year = min(near)
    by = _BY_YEAR.search(ctx.work[max(0, at - 20) : at])
    return year, by is not None


_BY_YEAR = re.compile(r"\b(?:by|until|till|through)\s+(?:the\s+end\s+of\s+)?$")


def _carried_year(ctx: Context, years: list[tuple[int, int]], s_begin: int) -> int | None:
    """ "In 2019, GDP reached ... . The budget revenue was ...": a year that opens one of the two sentences
    before, in the same paragraph, scopes this one too (never across a paragraph break)."""
    index = ctx.sentences.index(s_begin)
    for i in range(index - 1, max(-1, index - 3), -1):
        begin, end = ctx.sentences.spans[i]
        if "\n" in ctx.work[end:s_begin]:
            return None
        opening = _OPENING_YEAR.match(ctx.work, begin, min(end, begin + 40))
        if opening is not None:
            found = years[
                bisect.bisect_left(years, (begin, -1)) : bisect.bisect_left(years, (opening.end(), -1))
            ]
            return found[0][1] if found else None
        if years[bisect.bisect_left(years, (begin, -1)) : bisect.bisect_left(years, (end, -1))]:
            return None  # a year inside an earlier sentence scopes that sentence only
    return None


_OPENING_YEAR = re.compile(
    r"(?:In|By|As of|At the end of|Since|During)\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d\b"
)


def section_years(ctx: Context, years: list[tuple[int, int]]) -> list[tuple[int, int | None, str | None]]:
    """(offset, year, kind) of each heading line: "1. Review of 2022" (2022, Result), "Key Tasks" (None, Target)."""
    found = []
    target, result = ctx.patterns.cue["targetHeadings"], ctx.patterns.cue["resultHeadings"]
    for begin, end in ctx.sentences.spans:
        line = ctx.work[begin:end]
        if line.rstrip()[-1:] in ".?!;:," or len(line.split()) > 12 or ":" in line or "|" in line:
            continue
        inside = years[bisect.bisect_left(years, (begin, -1)) : bisect.bisect_left(years, (end, -1))]
        year = inside[0][1] if inside and not _DAY_YEAR.search(line) else None
        kind = "Target" if target.search(line) else "Result" if result.search(line) else None
        if (begin, end) == ctx.sentences.spans[0]:
            kind = None  # a news title ("... unveils plan to ...") says nothing about the figures below
        if year is not None or kind is not None:
            found.append((begin, year, kind))
    return found


_DAY_YEAR = re.compile(r"\d{1,2},\s*\d{4}")  # "May 5, 2020": a date line, not a heading's year


def _section(r: Reading, sections: list[tuple[int, int | None, str | None]]) -> tuple[int | None, str | None]:
    """The year and kind of the nearest heading above the figure that states one."""
    k = bisect.bisect_left(sections, r.begin, key=lambda section: section[0])
    year = next((sections[i][1] for i in range(k - 1, -1, -1) if sections[i][1] is not None), None)
    kind = sections[k - 1][2] if k else None
    return year, kind


WINDOW = 400  # characters of context read around a figure (bounds the work on run-on "sentences")


def kind(r: Reading, year: int | None, ctx: Context, marks: Marks, by_year: bool) -> str:
    """Target or Result, from the last modal or past-tense cue before the figure in its sentence (``year``:
    the figure's)."""
    s_begin, s_end = ctx.sentences.sentence(r.begin)
    cues = _cues(marks.cues, max(s_begin, r.begin - WINDOW), r.end)
    if cues:
        return cues[-1][1]
    if _imperative(r, ctx):
        return "Target"
    later = _cues(marks.cues, r.end, min(s_end, r.end + WINDOW))
    if later:
        return later[0][1]
    if by_year:
        return "Target"
    heading = _section(r, marks.sections)[1]
    if heading is not None:
        return heading
    if year is not None and ctx.year is not None and year > ctx.year:
        return "Target"
    return "Result"


def _cues(cues: list[tuple[int, str]], begin: int, end: int) -> list[tuple[int, str]]:
    return cues[bisect.bisect_left(cues, (begin, "")) : bisect.bisect_left(cues, (end, ""))]


_PASSIVE = re.compile(
    r"\b(?:be|to|will|shall|would|should|must|can|could|may)\s+(?:\w+ly\s+|also\s+|further\s+|still\s+)?$"
)


def scan_cues(ctx: Context) -> list[tuple[int, str]]:
    """(offset, kind) of every Target cue (modal, plan word) and Result cue (past tense) outside quoted names;
    a past form after a modal ("will be completed", "to be doubled") is not a Result cue."""
    text = ctx.work
    found: list[tuple[int, str]] = []
    for m in ctx.patterns.cue["targetCues"].finditer(text):
        if not inside_quote(ctx, m.start()):
            found.append((m.start(), "Target"))
    verbs = ctx.patterns.words["imperativeVerbs"]
    for m in ctx.patterns.cue["resultCues"].finditer(text):
        if inside_quote(ctx, m.start()) or _PASSIVE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if m.group().lower() in verbs and _LINE_START.search(text, max(0, m.start() - 12), m.start()):
            continue  # "• Cut energy use by 3%": a bullet's imperative, not the past tense
        found.append((m.start(), "Result"))
    return sorted(found + _past_verbs(ctx))


@functools.cache
def _past_regex(patterns: Patterns) -> re.Pattern[str]:
    r"""r"(?:<subject>)\s+(?:also\s+|have\s+|has\s+)?([a-z]{2,}ed)(?![\w-])" (a subject whole-word) written
    backwards, for the reversed folded text: it begins with the verb's last letter, which ``re`` skips ahead
    to, and there are far fewer verbs in -ed than words that begin like a subject."""
    subjects = alternation(word[::-1] for word in patterns.lexicon.cue("pastSubjects"))
    return re.compile(rf"(d(?<![\w-].)e[a-z]{{2,}})\s+(?:osla\s+|evah\s+|sah\s+)?(?:{subjects})(?![\w-])")


def _past_verbs(ctx: Context) -> list[tuple[int, str]]:
    """ "we placed 3,600 graduates": a verb in -ed right after its subject is the past tense."""
    present = ctx.patterns.words["notPastTense"]
    backwards = fold(ctx.work)[::-1]
    size = len(backwards)
    verbs = [(size - m.end(1), m.group(1)[::-1]) for m in _past_regex(ctx.patterns).finditer(backwards)]
    return [
        (start, "Result")
        for start, verb in reversed(verbs)
        if verb not in present and not inside_quote(ctx, start)
    ]


_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[\-•*·]|\d{1,2}[.)])?[ \t]*$")


def inside_quote(ctx: Context, offset: int) -> bool:
    return inside(ctx.quotes, offset, offset + 1) is not None


_OPENING_VERB = re.compile(
    r"[\s\-•*·]*(?:and\s+|then\s+|also\s+|firstly\s+|secondly\s+|thirdly\s+)?([A-Za-z]+(?:\s+up)?)"
)


def _imperative(r: Reading, ctx: Context) -> bool:
    """The figure's clause or sentence opens with a bare verb ("- Build X of 320 hectares", "and build three")."""
    verbs = ctx.patterns.words["imperativeVerbs"]
    at = r.at if r.at >= 0 else r.begin  # a change's span starts at its verb ("Increase X to 3.6%")
    for begin in (ctx.sentences.clause(r.begin, r.end)[0], ctx.sentences.sentence(r.begin)[0]):
        opening = ctx.work[begin:at]
        m = _OPENING_VERB.match(opening)
        if m and m.group(1).lower() in verbs:
            return True
    return False


def indicator(r: Reading, ctx: Context) -> str | None:
    """What is measured, in the text's words: the noun phrase before the figure (or after a count)."""
    c_begin, c_end = ctx.sentences.clause(r.begin, r.end)
    inner = _INNER.match(ctx.work[r.begin : max(r.begin, r.at)])
    if inner and len(inner.group(1).split()) <= 8:
        return inner.group(1)  # "cut coal use by 1.2 million tons"
    if r.unit.endswith("/NUM"):
        after = _COUNTED.match(ctx.work[r.end : c_end])
        if after:
            return after.group(1)
    words = _WORDS.findall(ctx.work, max(c_begin, r.begin - 160), r.begin)
    while words and (
        words[-1].lower() in ctx.patterns.words["indicatorEnds"]
        or words[-1].lower() in ctx.patterns.directions
    ):
        words.pop()
    while words and (
        words[0].lower() in INDICATOR_OPENERS
        or words[0].lower() in ctx.patterns.words["imperativeVerbs"]
        or words[0].isdigit()
    ):
        words.pop(0)
    words = words[-10:]
    if words:
        return " ".join(words)
    line = _LABEL_LINE.search(ctx.work, max(0, r.begin - 80), r.begin)  # "- GDP: 3.46 trillion yuan"
    return line.group(1).strip() if line else None


_INNER = re.compile(r"[\w-]+\s+(?:the\s+)?(.+?)\s+(?:by|to)\b")
_COUNTED = re.compile(
    r"\s+((?:[a-z][\w-]*\s+){0,4}?[a-z][\w-]*)"
    r"(?=\s+(?:of|in|to|for|with|were|was|are|is|have|has|had|will|that|which)\b|[,.;:]|$)"
)
_WORDS = re.compile(r"[\w'-]+")
_LABEL_LINE = re.compile(r"(?:^|\n)[ \t\-•*·]*([^:\n]{2,60}):[ \t]*$")
