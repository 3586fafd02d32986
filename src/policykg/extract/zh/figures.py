"""Chinese figures: a number with its unit, comparator, change, range, baseline, year and kind.

A number is a figure only with a unit after it (%, 亿元, 万亩, 个 …); ordinals (第十六届), names
(5G, “1+6”, 吉林一号, numbers inside quotes), dates and years are not figures. Target or Result
comes from the section (工作回顾 → results of that year; 主要预期目标 / 工作安排 → targets) and
from the sentence's modality (力争, 确保 …).
May import: policykg.model, policykg.extract.readings (the Reading record), policykg.extract.patterns, the other zh modules and the standard library.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from policykg.extract.patterns import alternation
from policykg.extract.readings import Reading, evolve
from policykg.extract.zh.affixes import Affixes
from policykg.extract.zh.layout import PLAN_YEARS, YEAR, Layout
from policykg.extract.zh.numerals import NUMBER, PERCENT_WORDS, number_value
from policykg.model import PK_IRI, Lexicon

NUM_UNIT = "http://qudt.org/vocab/unit/NUM"
PERCENT = "http://qudt.org/vocab/unit/PERCENT"
RANGE_DASH = "—–~～至到\\-"
QUOTES = (("“", "”"), ("「", "」"), ("《", "》"), ('"', '"'), ("『", "』"))
# The regular expressions of the steps below, compiled once (``re``'s own cache costs a lookup per call).
LATIN_AFTER = re.compile(r"[A-Za-z+＋]")
LATIN = re.compile(r"[A-Za-z]")
SMALL_COUNT = re.compile(r"[零〇一二两三四五六七八九]+")
OPENS_RANGE = re.compile(r"\s*[" + RANGE_DASH + r"]\s*[0-9０-９]")
RANGE_START = re.compile(r"([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*(?:%|％)?\s*[" + RANGE_DASH + r"]\s*$")
DIRECTION_FILLERS = re.compile(r"(?:分别|了|约|达|为|近|超过|超|年均|平均)+$")
TARGET_YEAR = re.compile(r"(?:到|至)\s*(?:19|20)\d\d\s*年")
PLAN_END = re.compile(r"(?:期末|末|到|至)")
PLAN_YEAR = re.compile(alternation(PLAN_YEARS))
NOT_BEFORE = ("赶超", "最近", "附近", "接近", "将近")  # 超, 近 here are no comparators
JOINED = re.compile(r"[、和及与]")
DIGIT = re.compile(r"[0-9０-９]")
SPACES = re.compile(r"\s+")
AMOUNT = re.compile(r"[0-9０-９][0-9０-９.．%％]*(?:万亿|亿|万)?[^\u4e00-\u9fff]{0,3}")
LEADING_CLASSIFIERS = re.compile(r"^[个户项家人名亩元斤吨辆次场条颗所套座]+")
YEAR_WORD = re.compile(r"(?:19|20)\d\d年(?:底|末)?")
BRACKETS = re.compile(r"[“”「」《》（）()]")
WORDS_AFTER = re.compile(r"[\u4e00-\u9fff“”A-Za-z]{2,12}")
NAMED = re.compile(r"[\u4e00-\u9fffA-Z]")
FROM_BEFORE = re.compile(r"[从由][^，。；]{0,12}$")


@dataclass(frozen=True, slots=True)
class Words:
    """The cue words and tables of the Chinese lexicon, longest first where order matters."""

    units: tuple[tuple[str, str], ...]
    before: tuple[tuple[str, str], ...]
    after: tuple[tuple[str, str], ...]
    directions: tuple[tuple[str, str], ...]
    not_after: tuple[str, ...]
    thresholds: tuple[str, ...]
    baseline_verbs: tuple[str, ...]
    target_cues: tuple[str, ...]
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    unit_pattern: re.Pattern[str]  # any unit of ``units``, the longest at a place
    unit_iris: dict[str, str] = field(compare=False)  # ``units`` as a dict
    # the tables above looked up by length (``Affixes``), and the target cues as one regex
    after_unit: Affixes = field(compare=False)  # ``after`` without 余 and 多 (read with the unit)
    before_number: Affixes = field(compare=False)
    direction_verbs: Affixes = field(compare=False)
    tail_words: Affixes = field(compare=False)
    head_words: Affixes = field(compare=False)
    target_pattern: re.Pattern[str] = field(compare=False)

    @classmethod
    @functools.cache
    def of(cls, lexicon: Lexicon) -> Words:
        """The words of ``lexicon`` (cached: one per lexicon)."""

        def table(name: str) -> tuple[tuple[str, str], ...]:
            return tuple(sorted(lexicon.table(name).items(), key=lambda kv: -len(kv[0])))

        def cue(name: str) -> tuple[str, ...]:
            return tuple(sorted(lexicon.cue(name), key=len, reverse=True))

        units, after, tails, heads = (
            table("ZhUnit"),
            table("ZhComparatorAfter"),
            cue("zhIndicatorTails"),
            cue("zhIndicatorHeads"),
        )
        before, directions, targets = table("ZhComparatorBefore"), table("ZhDirection"), cue("zhTargetCues")
        return cls(
            units,
            before,
            after,
            directions,
            cue("zhNotAfterNumber"),
            cue("zhThresholdHeads"),
            cue("zhBaselineVerbs"),
            targets,
            heads,
            tails,
            re.compile(alternation(surface for surface, _ in units)),
            dict(units),
            Affixes.of((surface, iri) for surface, iri in after if surface not in ("余", "多")),
            Affixes.of(before),
            Affixes.of(directions),
            Affixes.of((word, word) for word in tails),
            Affixes.of((word, word) for word in heads),
            re.compile(alternation(targets) or r"(?!x)x"),
        )


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotes and book-title marks (“…”, 《…》), which hold names, not figures."""
    spans = []
    for opening, closing in QUOTES:
        for match in re.finditer(
            re.escape(opening) + r"[^\n" + re.escape(closing) + r"]{1,40}?" + re.escape(closing), text
        ):
            spans.append((match.start(), match.end()))
    return spans


def read_figures(text: str, layout: Layout, words: Words) -> list[Reading]:
    """Every figure of the text, in text order."""
    quoted = _Spans(quoted_spans(text))
    out: list[Reading] = []
    pending_baseline: Decimal | None = None
    last_indicator: tuple[int, str] | None = None
    for match in _numbers(text):
        begin, end = match
        if quoted.inside(begin) or not _free_standing(text, begin, end, words):
            continue
        value = number_value(text[begin:end])
        unit, end_unit, more = _unit(text, begin, end, words)
        if value is None or unit is None or _opens_range(text, end_unit):
            continue
        reading = _read_one(text, layout, words, begin, end_unit, value, unit, more)
        if reading is None:
            continue
        if _baseline_of_next(text, reading.end, words):
            pending_baseline = reading.value
            continue
        if pending_baseline is not None and _follows_baseline(text, reading.begin, words):
            reading = evolve(reading, baseline=pending_baseline)
        pending_baseline = None
        clause = layout.clause_start(reading.at)
        if not reading.indicator and last_indicator and last_indicator[0] >= layout.sentence(begin)[0]:
            reading = evolve(reading, indicator=last_indicator[1])
        if reading.indicator:
            last_indicator = (clause, reading.indicator)
        if out and reading.direction is None and JOINED.fullmatch(text[out[-1].end : reading.begin]):
            reading = evolve(reading, direction=out[-1].direction)  # 分别增长1.8%和4.3%
        out.append(reading)
    return out


def _numbers(text: str) -> list[tuple[int, int]]:
    """The spans of numbers written in words (百分之六) first, then of the others not inside one."""
    worded = [match.span() for match in PERCENT_WORDS.finditer(text)]
    if not worded:
        return [match.span() for match in NUMBER.finditer(text)]
    seen = sorted({begin for begin, _ in worded})
    out = worded
    for match in NUMBER.finditer(text):
        k = bisect.bisect_right(seen, match.start())  # seen[k - 1]: the last start at or before it
        if not (k and match.start() < seen[k - 1] + 8):
            out.append(match.span())
    return out


class _Spans:
    """Spans that answer "is ``offset`` strictly inside one of them?" by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.begins = [b for b, _ in spans]
        self.reach = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def inside(self, offset: int) -> bool:
        k = bisect.bisect_left(self.begins, offset)  # spans [0, k) begin before offset
        return bool(k) and self.reach[k - 1] > offset


def _free_standing(text: str, begin: int, end: int, words: Words) -> bool:
    """Not an ordinal (第…), not a part of a name (5G, P3, 1+6), not a date or a year, not 一个/两个."""
    before = text[begin - 1 : begin]
    after = text[end : end + 4]
    if before in ("第", "+", "＋", "/", "·", "—", "-") and not text[begin - 1 : begin + 1].startswith("—"):
        if before == "第" or before in "+＋/·":
            return False
    if LATIN_AFTER.match(after) or LATIN.match(before):
        return False
    if after.startswith(words.not_after):
        return text[begin:end].startswith("百分之")
    token = text[begin:end]
    if SMALL_COUNT.fullmatch(token):
        return False  # 一个, 两个, 唯一一家: idioms and counts of parts of names, never reported quantities
    return True


def _unit(text: str, begin: int, end: int, words: Words) -> tuple[str | None, int, bool]:
    """The unit right after a number, where it ends, and whether 余/多 ("more than") stood between."""
    if text.startswith("百分之", begin):
        return PERCENT, end, False
    k = end
    while k < len(text) and text[k] in " \u3000":
        k += 1
    more = text[k : k + 1] in ("余", "多")
    k += more
    unit = words.unit_pattern.match(text, k)
    if unit:
        return words.unit_iris[unit.group()], unit.end(), more
    return None, end, False


def _opens_range(text: str, end: int) -> bool:
    """``6%—6.5%``: the first number is the range's lower end, read with the second."""
    return bool(OPENS_RANGE.match(text[end : end + 4]))


def _read_one(text, layout: Layout, words: Words, begin, end, value, unit, more) -> Reading | None:
    number_begin = begin
    begin, value, low, high = _range(text, begin, value)
    comparator, end = _comparator(text, begin, end, words)
    if more and comparator is None:
        comparator = PK_IRI + "MoreThan"
    direction = _direction(text, begin, words)
    kind, year = _kind_and_year(text, layout, words, number_begin)
    if unit == CNY and _is_threshold(text, end, comparator, words):
        kind, year = "Figure", None
    indicator = _indicator(text, layout, words, begin, end)
    return Reading(
        begin,
        end,
        value,
        unit,
        comparator=comparator,
        direction=direction,
        year=year,
        min_value=low,
        max_value=high,
        kind=kind,
        indicator=indicator,
        at=number_begin,
    )


def _range(text, begin, value) -> tuple[int, Decimal, Decimal | None, Decimal | None]:
    """``6%—6.5%``, ``7至7.5%``: the figure starts at the first number; value is the lower end."""
    match = RANGE_START.search(text[max(0, begin - 14) : begin])
    if not match:
        return begin, value, None, None
    low = number_value(match.group(1))
    if low is None or low >= value:
        return begin, value, None, None
    start = max(0, begin - 14) + match.start()
    return start, low, low, value


def _comparator(text, begin, end, words) -> tuple[str | None, int]:
    """A comparator after the unit (以上, 左右, 以内 …; the figure's span takes it in) or before the number."""
    surface = words.after_unit.at(text, end)
    if surface is not None:
        return words.after_unit.values[surface], end + len(surface)
    window = text[max(0, begin - 4) : begin]
    surface = words.before_number.ending(window) if not window.endswith(NOT_BEFORE) else None
    return (words.before_number.values[surface] if surface is not None else None), end


def _direction(text, begin, words) -> str | None:
    """Increase/Decrease when a change verb stands right before the number (分别, 了, 约 allowed)."""
    window = DIRECTION_FILLERS.sub("", text[max(0, begin - 10) : begin])
    surface = words.direction_verbs.ending(window)
    return words.direction_verbs.values[surface] if surface is not None else None


def _kind_and_year(text, layout: Layout, words: Words, offset: int) -> tuple[str, int | None]:
    s_begin, _ = layout.sentence(offset)
    section = layout.section(offset)
    kind = section.kind if section and section.kind else None
    year = section.year if section and section.kind else None
    before = text[s_begin:offset]
    stated = [int(m.group(1)) for m in YEAR.finditer(before)] if "年" in before else []
    target_cue = words.target_pattern.search(before) or TARGET_YEAR.search(before)
    if stated:
        year = stated[-1]
    elif "今年" in before and layout.year:
        year = layout.year
    elif "去年" in before and layout.year:
        year = layout.year - 1
    elif PLAN_YEAR.search(before) and PLAN_END.search(before):
        year = next(v for k, v in PLAN_YEARS.items() if k in before)
    if target_cue or (kind is None and year and layout.year and year >= layout.year):
        kind = "Target"
    if kind is None:
        kind = "Result"
        year = year if year is not None else None
    if kind == "Target" and year is None:
        year = layout.year
    return kind, year


def _is_threshold(text, end, comparator, words) -> bool:
    """``5000万元以上项目``, ``超10亿元项目``: an amount qualifying a noun."""
    if comparator is None:
        return False
    return any(text.startswith(head, end) for head in words.thresholds)


CNY = "http://qudt.org/vocab/currency/CNY"


def _indicator(text, layout: Layout, words: Words, begin: int, end: int) -> str | None:
    """What is measured: the clause's words before the number, without time words, verbs and comparators."""
    start = layout.clause_start(begin)
    words_before = text[start:begin]
    words_before = JOINED.split(words_before)[0] if DIGIT.search(words_before) else words_before
    phrase = SPACES.sub("", words_before)
    phrase = AMOUNT.split(phrase)[-1]
    phrase = LEADING_CLASSIFIERS.sub("", phrase)
    phrase = YEAR_WORD.sub("", phrase)
    phrase = BRACKETS.sub("", phrase)
    changed = True
    while changed and phrase and (phrase.endswith(words.tails) or phrase.startswith(words.heads)):
        tail = words.tail_words.ending(phrase)  # the longest tail (all of the phrase, when it is one)
        phrase = phrase[: -len(tail)] if tail else phrase
        head = words.head_words.starting(phrase, 1)  # the longest head that leaves two characters
        phrase = phrase[len(head) :] if head else phrase
        changed = bool(tail or head)
    phrase = phrase.strip("，、：:的")
    if len(phrase) < 4 or phrase.startswith(("以", "为", "用", "在")):
        after = WORDS_AFTER.match(text, end)
        if after:
            phrase = after.group().strip("“”")
    return phrase if len(phrase) >= 2 and NAMED.search(phrase) else None


def _baseline_of_next(text: str, end: int, words: Words) -> bool:
    """``从12%提高到30%``: the number after 从/由 and before a change-to verb is a baseline."""
    after = text[end : end + 12]
    return bool(_baseline_verb(words.baseline_verbs).match(after)) and bool(
        FROM_BEFORE.search(text[max(0, end - 30) : end])
    )


@functools.lru_cache(maxsize=8)
def _baseline_verb(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """Up to three Chinese characters, then one of ``verbs``."""
    return re.compile(
        r"[\u4e00-\u9fff]{0,3}(?:" + "|".join(map(re.escape, verbs)) + r")" if verbs else r"(?!x)x"
    )


def _follows_baseline(text: str, begin: int, words: Words) -> bool:
    return any(
        text[max(0, begin - 6) : begin].endswith(v) or v in text[max(0, begin - 6) : begin]
        for v in words.baseline_verbs
    )
