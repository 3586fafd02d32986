"""Turn quantities into figures: drop numbers that are names or dates, read comparators, changes,
baselines, years, Target vs Result, the indicator and the one subject of each figure.

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from decimal import Decimal

from policykg.extract.figure_context import (
    comparator,
    direction,
    indicator,
    kind,
    scan_cues,
    section_years,
    year_of,
)
from policykg.extract.grammar import AFTER_BARE_NUMBER
from policykg.extract.patterns import Patterns
from policykg.extract.quantities import Quantity, find_quantities
from policykg.extract.readings import Context, Marks, Reading, evolve
from policykg.extract.sentences import inside
from policykg.model import PK_IRI

TIMES = PK_IRI + "Times"
UNIT = "http://qudt.org/vocab/unit/"
LONG_TIMES = (UNIT + "YR", UNIT + "MO")  # "over the past 10 years" is a period, "within 30 days" a limit
TIME_UNITS = (*LONG_TIMES, UNIT + "DAY", UNIT + "WK", UNIT + "HR", UNIT + "MIN")
_ENUMERATION = re.compile(r"(?:^|\n)[ \t]*\(?$")


def read_figures(ctx: Context) -> tuple[list[Reading], list[tuple[int, int]]]:
    """Figures of the text, and the (offset, year) of every year it mentions."""
    quantities = find_quantities(ctx.work, ctx.patterns)
    years = [
        (q.begin, int(q.value))
        for q in quantities
        if _is_year(q)
        and q.range_end is None
        and not _base_year(ctx.work, q.begin)  # "(2024-2026)": a period
    ]
    years = sorted(years + _relative_years(ctx))
    kept = _between_ranges([q for q in quantities if not _is_year(q) and _is_figure(q, ctx)], ctx.work)
    kept = _without_conversions(kept, ctx)
    kept += _multiples(ctx)
    kept.sort(key=lambda q: q.begin)
    readings = [_read(q, ctx) for q in _pair_baselines(kept, ctx)]
    marks = Marks(years, section_years(ctx, years), scan_cues(ctx))
    return [_with_context(r, ctx, marks) for r in readings], years


def _between_ranges(quantities: list[Quantity], work: str) -> list[Quantity]:
    """ "between 8 and 10 percent": one quantity with both ends and the unit written after the second."""
    out: list[Quantity] = []
    skip = False
    for i, q in enumerate(quantities):
        nxt = quantities[i + 1] if i + 1 < len(quantities) else None
        if skip:
            skip = False
            continue
        if (
            nxt
            and _BETWEEN.search(work[max(0, q.begin - 9) : q.begin])
            and _AND.fullmatch(work, q.end, nxt.begin)
        ):
            unit = q.unit or nxt.unit
            out.append(replace(q, end=nxt.end, unit=unit, range_end=nxt.value, range_word="and"))
            skip = True
            continue
        out.append(q)
    return out


def _without_conversions(quantities: list[Quantity], ctx: Context) -> list[Quantity]:
    """ "600 million yuan ($89 million)": an amount in brackets right after an amount in another currency
    restates it (a conversion), it is no figure of its own."""
    currencies = set(ctx.patterns.prefixes.values())
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if (
            prev is not None
            and q.unit in currencies
            and prev.unit in currencies
            and q.unit != prev.unit
            and _CONVERSION.fullmatch(ctx.work, prev.end, q.begin)
        ):
            continue
        out.append(q)
    return out


_CONVERSION = re.compile(r"\s*[(\[]\s*(?:about |around |approximately |roughly |nearly |some |or )?")


def _is_year(q: Quantity) -> bool:
    return (
        q.unit is None
        and not q.scaled
        and not q.word
        and len(q.digits) == 4
        and q.digits[:2] in ("19", "20")
        and q.digits.isdecimal()
    )


_BETWEEN = re.compile(r"\bbetween\s+$")
_AND = re.compile(r"\s+and\s+")


def _base_year(work: str, offset: int) -> bool:
    """ "three times the figure of 2021", "compared with 2020": a year the figure is compared with."""
    before = work[max(0, offset - 24) : offset]
    if _BASE_AFTER.match(work[offset : offset + 16]):
        return True
    return _BASE_BEFORE.search(before) is not None


_BASE_AFTER = re.compile(r"\d{4}\s+(?:level|figure|base|baseline)\b")
_BASE_BEFORE = re.compile(r"\b(?:figure of|that of|level of|than(?: in)?|compared (?:with|to)|over|from)\s+$")


def _relative_years(ctx: Context) -> list[tuple[int, int]]:
    if ctx.year is None:
        return []
    found = []
    for m in ctx.patterns.cue["yearCues"].finditer(ctx.work):
        word = m.group().lower()
        offset = (
            -1 if ("last" in word or "previous" in word or "past" in word) else 1 if "next" in word else 0
        )
        found.append((m.start(), ctx.year + offset))
    return found


def _is_figure(q: Quantity, ctx: Context) -> bool:
    """False for numbers that are names, dates, ordinals, list markers or inside quoted names."""
    work = ctx.work
    before, after = work[max(0, q.begin - 2) : q.begin], work[q.end : q.end + 2]
    if inside(ctx.quotes, q.begin, q.end) or inside(ctx.skip, q.begin, q.end):
        return False
    if before[-1:].isalnum() or (before[-1:] in "-./+" and before[:1].isalnum()):
        return False
    if after[:1].isalpha() or (after[:1] in "-+/" and after[1:2].isalnum()) or after[:1] == ":":
        return False
    if ((q.word and q.unit in TIME_UNITS) or q.unit in LONG_TIMES) and _PERIOD.search(
        work[max(0, q.begin - 24) : q.begin]
    ):
        return False
    if q.word and _ORDINAL_BEFORE.search(work[max(0, q.begin - 12) : q.begin]):
        return False
    if q.unit in TIME_UNITS and work[q.begin : q.end].count("-"):
        return False
    if q.word and q.value == 1 and q.unit is None:
        return False
    if q.word and q.digits[0].isupper():
        return False
    if (
        q.word
        and q.unit is None
        and (not _WORD_AFTER.match(work, q.end, q.end + 2) or _next_word(work, q.end) in AFTER_BARE_NUMBER)
    ):
        return False
    if q.unit is None and (_ENUMERATION.search(work[max(0, q.begin - 6) : q.begin]) and after[:1] in ".)、"):
        return False
    if (
        _rank(work, q.begin, ctx.patterns)
        or _age(work, q)
        or _old_year(work, q)
        or _denomination(work, q, ctx)
    ):
        return False
    return not _near_month(work, q, ctx.patterns) and not _after_name(work, q, ctx.patterns)


_WORD_AFTER = re.compile(r" [a-z“]")
_ORDINAL_BEFORE = re.compile(r"\b(?:first|last|past|next|coming|recent|previous)\s+$")


def _old_year(work: str, q: Quantity) -> bool:
    """ "In the year of 1131, ...", "in 1368 the city ...": a year before 1900 is a date, not a quantity."""
    return (
        q.unit is None
        and not q.scaled
        and len(q.digits) == 4
        and q.digits.isdecimal()
        and 1000 <= int(q.digits) < 1900
        and _OLD_YEAR_BEFORE.search(work, max(0, q.begin - 20), q.begin) is not None
    )


_OLD_YEAR_BEFORE = re.compile(r"(?:\b[Ii]n|\byear(?: of)?|\b[Ss]ince|\buntil|\bbefore|\bafter)\s+$")


def _denomination(work: str, q: Quantity, ctx: Context) -> bool:
    """ "a 50-yuan bank note": a hyphenated amount before a note or a coin names the note's value."""
    return (
        "-" in work[q.begin : q.end]
        and ctx.patterns.cue["denominations"].search(work, q.end, q.end + 30) is not None
    )


def _age(work: str, q: Quantity) -> bool:
    """ "Zhang Wei, 45, a farmer": a person's age."""
    return (
        q.unit is None
        and not q.scaled
        and q.value <= 120
        and _AGE_BEFORE.search(work, max(0, q.begin - 30), q.begin) is not None
        and _AGE_AFTER.match(work, q.end) is not None
    )


_AGE_BEFORE = re.compile(r"[A-Z][a-z]+, $")
_AGE_AFTER = re.compile(r",|\s+years? old\b")


def _rank(work: str, begin: int, patterns: Patterns) -> bool:
    """ "top 100 counties", "No. 1": a rank or a list's name (but "is to top 150 billion" is a quantity)."""
    window = work[max(0, begin - 40) : begin]
    previous = _PREVIOUS_WORD.match(window[::-1])
    if previous is None or previous.group(1)[::-1].lower() not in patterns.words["rankWords"]:
        return False
    return _MODAL.search(window[: len(window) - previous.end()]) is None


_PERIOD = re.compile(
    r"\b(?:first|last|past|next|coming|recent|previous|over|within|after|for|in|during)(?:\s+the)?\s+$",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:to|will|shall|would|should|must|can|could|may|plan to|aim to)\s+(?:\w+ly\s+)?$")
_VERB_SLOT = re.compile(
    r"(?:\b(?:to|will|shall|would|should|must|can|could|may|plan to|aim to)\s+(?:\w+ly\s+)?|(?:^|[,;:•\-]|\band)\s*)$"
)


def _next_word(work: str, end: int) -> str:
    m = _NEXT_WORD.match(work, end, end + 30)
    return m.group(1).lower() if m else ""


# The last word before a number and the spaces after it, matched on the reversed window from its end (what
# a search of r"(?<![\w.])([\w.]+)\s+$" finds, read backwards, without trying every offset of the window)
_PREVIOUS_WORD = re.compile(r"\s+([\w.]+)")
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
_MONTH_BEFORE = re.compile(r"\s+(\.?[A-Za-z]+)")  # r"([A-Za-z]+\.?)\s+$" read backwards (as _PREVIOUS_WORD)
_MONTH_AFTER = re.compile(r"\s+([A-Za-z]+\.?)")


def _near_month(work: str, q: Quantity, patterns: Patterns) -> bool:
    months = patterns.words["months"]
    previous = _MONTH_BEFORE.match(work[max(0, q.begin - 12) : q.begin][::-1])
    following = _MONTH_AFTER.match(work, q.end, q.end + 12)
    return bool(previous and previous.group(1)[::-1].lower() in months) or bool(
        following and following.group(1).lower() in months and q.unit is None
    )


_NAME_BEFORE = re.compile(r"(?<![\w'])([A-Z][\w'-]*\.?) $")


def _after_name(work: str, q: Quantity, patterns: Patterns) -> bool:
    """ "Metro Line 3", "Smart Manufacturing 2025", "No. 1": a capitalised word right before a bare number."""
    if q.unit is not None and q.unit != TIMES:
        return False
    previous = _NAME_BEFORE.search(work[max(0, q.begin - 30) : q.begin])
    if previous is None:
        return False
    word = previous.group(1).lower().rstrip(".")
    return (
        word not in _before_number(patterns) and word not in patterns.words["imperativeVerbs"]
    )  # "Complete 50 villages"


@functools.cache
def _before_number(patterns: Patterns) -> frozenset[str]:
    """Capitalised words that may stand right before a figure (modifiers, list ends, comparators)."""
    return patterns.words["industryModifiers"] | patterns.words["listEnds"] | frozenset(patterns.comparators)


def _multiples(ctx: Context) -> list[Quantity]:
    table = ctx.patterns.lexicon.table("Multiple")
    found = []
    for m in ctx.patterns.multiples.finditer(ctx.work):
        word = m.group().lower()
        if not word.endswith(("ed", "ing")) and not _VERB_SLOT.search(
            ctx.work[max(0, m.start() - 30) : m.start()]
        ):
            continue  # "double" is a verb only after a modal ("will double"); else "a double bed"
        value = Decimal(table.get(m.group()) or table.get(word, "0"))
        if value and not inside(ctx.quotes, m.start(), m.end()):
            found.append(Quantity(m.start(), m.end(), value, TIMES, False, True, m.group()))
    return found


def _pair_baselines(quantities: list[Quantity], ctx: Context) -> list[Quantity | tuple[Quantity, Quantity]]:
    """Join "from X ... to Y" and "to Y from X" into (value, baseline) pairs."""
    out: list[Quantity | tuple[Quantity, Quantity]] = []
    used: set[int] = set()
    for i, q in enumerate(quantities):
        if i in used:
            continue
        j = _partner(quantities, i, ctx)
        if j is None:
            out.append(q)
            continue
        used.add(j)
        out.append((quantities[j], q) if _ends_with(ctx.work, q.begin, "from") else (q, quantities[j]))
    used_ids = {id(quantities[i]) for i in used}
    return [item for item in out if not (isinstance(item, Quantity) and id(item) in used_ids)]


def _partner(quantities: list[Quantity], i: int, ctx: Context) -> int | None:
    """Index of the other end of a from/to change that starts at quantity ``i``."""
    q, work = quantities[i], ctx.work
    sentence = ctx.sentences.sentence(q.begin)
    for j in range(i + 1, min(i + 3, len(quantities))):
        other = quantities[j]
        if ctx.sentences.sentence(other.begin) != sentence or other.begin - q.end > 70:
            return None
        gap = work[q.end : other.begin]
        if _ends_with(work, q.begin, "from") and re.search(r"\bto\s+(?:[a-z]+\s+){0,2}$", gap):
            return j
        if _ends_with(work, q.begin, "to") and re.fullmatch(r"\s+from\s+", gap):
            return j
    return None


def _ends_with(work: str, offset: int, word: str) -> bool:
    return _ending(word).search(work[max(0, offset - len(word) - 3) : offset]) is not None


@functools.cache
def _ending(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{word}\s+$")


def _read(item: Quantity | tuple[Quantity, Quantity], ctx: Context) -> Reading:
    q, base = item if isinstance(item, tuple) else (item, None)
    unit = q.unit or (base.unit if base else None) or _default_unit(q, ctx)
    reading = Reading(q.begin, q.end, q.value, unit, at=q.begin)
    if q.range_end is not None and q.range_word and not _ends_with(ctx.work, q.begin, "from"):
        low, high = sorted((q.value, q.range_end))
        reading = evolve(reading, value=low, min_value=low, max_value=high)
    if base is not None:
        direction = PK_IRI + ("Decrease" if base.value > q.value else "Increase")
        reading = evolve(
            reading,
            baseline=base.value,
            direction=direction,
            begin=min(q.begin, base.begin),
            end=max(q.end, base.end),
        )
    if q.unit == TIMES and q.word:
        reading = evolve(reading, direction=PK_IRI + ("Decrease" if q.value < 1 else "Increase"))
    return reading


def _default_unit(q: Quantity, ctx: Context) -> str:
    defaults = ctx.patterns.lexicon.table("DefaultUnit")
    nxt = _next_word(ctx.work, q.end)
    bare = not nxt or nxt in AFTER_BARE_NUMBER or nxt in ctx.patterns.words["listEnds"] or nxt == "such"
    money = ctx.patterns.cue["moneyWords"].search(ctx.work, max(0, q.begin - 80), q.begin) is not None
    if q.scaled and q.value >= 100_000_000 and bare and money:
        return defaults.get("amount", "")
    return defaults.get("count", "")


def _with_context(r: Reading, ctx: Context, marks: Marks) -> Reading:
    r = comparator(r, ctx)
    r = direction(r, ctx)
    year, by = year_of(r, ctx, marks.years, marks.sections)
    return evolve(r, year=year, kind=kind(r, year, ctx, marks, by), indicator=indicator(r, ctx))
