"""Choose the one subject of a figure: the thing or place its own clause or sentence is about.

The rules, tried in order (each a small function below):

1. a thing named right after the number ("2 billion yuan Chitwing invested");
2. a place that owns the clause's noun phrase ("Jilin's digital industry grew 10 percent");
3. an initiative, industry or organization of the clause (before the number, else after it);
4. an anaphor of the clause ("the province", "the company", "nationwide") → the last place or
   thing of that kind named before it;
5. a place of the clause;
6. the subject of the sentence (a place, an anaphor or an organization opening it);
7. the subject of one of the two sentences before ("Its sales reached ...");
8. the paragraph's topic: the subject of the paragraph's first sentence;
9. the document's main place.

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator

from policykg.extract.mentions import Mention
from policykg.extract.patterns import Patterns
from policykg.extract.readings import Context, Reading

PLACES = ("Country", "Province", "City")
THINGS = ("Initiative", "Industry", "Organization")


def main_place(mentions: list[Mention], ctx: Context) -> str | None:
    """The place the document is about: the most named city, province or country (its anaphors count,
    "the province" for the last province named); the first named wins a tie."""
    places = [m for m in mentions if m.kind in PLACES]
    counts = Counter(m.key for m in places)
    last_of_kind = {kind: _last_of_kind(places, kind) for kind in {m.kind for m in places}}
    for _, kind in _anaphors(ctx.work, ctx.patterns):
        counts.update(k for k in [last_of_kind.get(kind)] if k)
    if not counts:
        return None
    first: dict[str, int] = {}
    for m in places:
        first.setdefault(m.key, m.begin)
    return min(counts, key=lambda k: (-counts[k], first.get(k, 0)))


def _last_of_kind(places: list[Mention], kind: str) -> str | None:
    of_kind = [m.key for m in places if m.kind == kind]
    return Counter(of_kind).most_common(1)[0][0] if of_kind else None


def choose_subject(
    r: Reading, ctx: Context, mentions: list[Mention], begins: list[int], main: str | None
) -> tuple[str | None, tuple[str, ...]]:
    """The one subject of a figure and the industries it concerns."""
    c_begin, c_end = ctx.sentences.clause(r.begin, r.end)
    s_begin, s_end = ctx.sentences.sentence(r.begin)
    s_begin, s_end = max(s_begin, r.begin - 400), min(s_end, r.end + 400)  # bounded on run-on sentences
    lo, hi = bisect.bisect_left(begins, s_begin), bisect.bisect_right(begins, s_end)
    in_sentence = mentions[lo:hi]
    in_clause = [m for m in in_sentence if m.begin >= c_begin and m.end <= c_end]
    concerns = tuple(sorted({m.key for m in in_clause if m.kind == "Industry"}))
    at = r.at if r.at >= 0 else r.begin  # the value itself: "raise the output of X to 40 billion yuan"
    subject = (
        _named_right_after(r, in_sentence)
        or _possessor(ctx.work, in_clause, at)
        or _thing_of_clause(in_clause, at, r.end)
        or _anaphor(ctx, mentions, begins, (c_begin, at), (r.end, c_end))
        or _place_of_clause(in_clause, r.begin)
        or _sentence_subject(ctx, mentions, begins, s_begin, r.begin)
        or _previous_subject(ctx, mentions, begins, s_begin)
        or _paragraph_topic(ctx, mentions, begins, s_begin)
        or main
    )
    return subject, concerns


def _named_right_after(r: Reading, in_sentence: list[Mention]) -> str | None:
    after = [m for m in in_sentence if m.kind in THINGS and 0 <= m.begin - r.end <= 3]
    return after[0].key if after else None


def _possessor(work: str, in_clause: list[Mention], at: int) -> str | None:
    """ "Jilin's electronic information industry saw growth of 10 percent": the owning place (in "China's
    Tibet" the place after the possessive)."""
    places = [m for m in in_clause if m.kind in PLACES and m.end <= at]
    for i in range(len(places) - 1, -1, -1):
        owner = places[i]
        possessive = _POSSESSIVE.match(work, owner.end)
        if possessive is None:
            continue
        nxt = places[i + 1] if i + 1 < len(places) else None
        return nxt.key if nxt is not None and nxt.begin == possessive.end() else owner.key
    return None


_POSSESSIVE = re.compile(r"['’]s\s+")


_AFTER = 30  # characters: a thing further after the number belongs to a clause of its own ("land that
# used to belong to mining enterprises")


def _thing_of_clause(in_clause: list[Mention], at: int, end: int) -> str | None:
    things = [m for m in in_clause if m.kind in THINGS]
    before = [m for m in things if m.end <= at]
    after = [m for m in things if end <= m.begin <= end + _AFTER]
    if before:
        return before[-1].key
    return after[0].key if after else None


def _anaphor(
    ctx: Context, mentions: list[Mention], begins: list[int], before: tuple[int, int], after: tuple[int, int]
) -> str | None:
    """ "the province", "the company", "nationwide" in the clause: the last such thing named before it.
    After the number only a plain one counts ("70 percent of services in the province"), not a
    possessive comparison base ("12 percent of the country's total")."""
    found = _anaphors(ctx.work, ctx.patterns, *before)
    found += [
        (o, k)
        for o, k in _anaphors(ctx.work, ctx.patterns, *after)
        if _IN_OF.search(ctx.work, max(0, o - 4), o) and not _owns(ctx.work, o, k, ctx.patterns)
    ]
    for offset, kind in found:
        subject = _last_before(mentions, begins, offset, kind)
        if subject:
            return subject
    return None


_IN_OF = re.compile(r"\b(?:in|of)\s+$")  # "70 percent of services in the province", not "across the country"


def _owns(work: str, offset: int, kind: str, patterns: Patterns) -> bool:
    m = patterns.anaphors.match(work, offset)
    return m is not None and _POSSESSIVE.match(work, m.end()) is not None


def _last_before(mentions: list[Mention], begins: list[int], offset: int, kind: str) -> str | None:
    if kind == "Country":  # "nationwide", "the country": China, named or not
        return "country/china"
    for j in range(bisect.bisect_left(begins, offset) - 1, -1, -1):
        m = mentions[j]
        if m.kind == kind and not (kind == "Organization" and _GOVERNMENT.search(m.label)):
            return m.key  # "the company" is no government body
    return None


_GOVERNMENT = re.compile(
    r"\b(?:[Gg]overnment|[Cc]ommittee|[Bb]ureau|[Cc]ommission|Ministry|[Dd]epartment|[Oo]ffice|[Aa]dministration"
    r"|Council|Congress|Party|Court|Procuratorate)\b"
)


def _place_of_clause(in_clause: list[Mention], begin: int) -> str | None:
    places = [m for m in in_clause if m.kind in PLACES]
    return min(places, key=lambda m: abs(m.begin - begin)).key if places else None


def _sentence_subject(
    ctx: Context, mentions: list[Mention], begins: list[int], s_begin: int, limit: int | None = None
) -> str | None:
    """The place, anaphor or organization that opens the sentence ("Jilin has ...", "The city will ...",
    "As of 2015, all of the region's 74 counties ..."), in its opening (cut at ``limit``); worked out once
    per sentence and opening."""
    memo = ctx.memo
    start = memo.get(("lead", s_begin))
    if start is None:
        lead = _LEAD.match(ctx.work, s_begin, s_begin + 60)
        start = memo[("lead", s_begin)] = lead.end() if lead else s_begin
    end = min(start + _OPENING, limit) if limit is not None and limit > start else start + _OPENING
    key = ("sentence subject", s_begin, end)
    if key not in memo:
        memo[key] = _opening_subject(ctx, mentions, begins, s_begin, start, end)
    return memo[key]


def _opening_subject(
    ctx: Context, mentions: list[Mention], begins: list[int], s_begin: int, start: int, end: int
) -> str | None:
    i = bisect.bisect_left(begins, start)
    named = next((m for m in _from(mentions, i, end) if m.kind in _SUBJECTS), None)
    if named is not None:  # "China (Shanghai) Pilot Free Trade Zone": the whole name, not "China"
        same = [
            m for m in _from(mentions, i, named.begin + 1) if m.begin == named.begin and m.kind in _SUBJECTS
        ]
        named = max(same, key=lambda m: m.end)
    if i < len(mentions) and mentions[i].kind == "Person" and mentions[i].begin == start:
        return _speaker_organization(ctx.work, mentions, begins, i)
    if named is not None and not _NOUN_PHRASE_START.fullmatch(ctx.work, start, named.begin):
        named = None  # "We shall implement the X project": an object, not the subject
    anaphors = [
        (o, k)
        for o, k in _anaphors(ctx.work, ctx.patterns, start, end)
        if k != "Initiative" and _NOUN_PHRASE_START.fullmatch(ctx.work, start, o)
    ]
    if anaphors and (named is None or anaphors[0][0] < named.begin):
        return _last_before(mentions, begins, anaphors[0][0], anaphors[0][1])
    if named is None:
        return _place_of_lead(mentions, begins, s_begin, start)
    return _owned_place(ctx.work, mentions, begins, named)


def _from(mentions: list[Mention], i: int, end: int) -> Iterator[Mention]:
    """The mentions from index ``i`` on that begin before ``end`` (they are sorted by where they begin)."""
    for j in range(i, len(mentions)):
        if mentions[j].begin >= end:
            return
        yield mentions[j]


def _place_of_lead(mentions: list[Mention], begins: list[int], begin: int, end: int) -> str | None:
    """ "In China's Tibet, 150,000 people ...": the place of the opening phrase."""
    places = [m for m in mentions[bisect.bisect_left(begins, begin) : bisect.bisect_left(begins, end)]]
    places = [m for m in places if m.kind in PLACES]
    return places[-1].key if places else None


def _owned_place(work: str, mentions: list[Mention], begins: list[int], named: Mention) -> str:
    possessive = _POSSESSIVE.match(work, named.end)
    j = bisect.bisect_left(begins, possessive.end()) if possessive else len(mentions)
    if (
        possessive
        and j < len(mentions)
        and mentions[j].begin == possessive.end()
        and mentions[j].kind in PLACES
    ):
        return mentions[j].key  # "China's Tibet has ..."
    return named.key


def _speaker_organization(work: str, mentions: list[Mention], begins: list[int], i: int) -> str | None:
    """ "X, company representative ..., said sales will ...": the last company named before; "X, chairwoman
    of the Y company, said ...": Y. The organization a speaker talks for owns what the sentence reports."""
    person = mentions[i]
    said = _SAID.search(work, person.end, person.end + 200)
    if said is None:
        return None
    if _COMPANY_WORD.match(work, person.end):
        return _last_before(mentions, begins, person.begin, "Organization")
    inside = [m for m in mentions[i + 1 :] if m.begin < said.start() and m.kind == "Organization"]
    return inside[0].key if inside and not _GOVERNMENT.search(inside[0].label) else None


_SAID = re.compile(r",? (?:said|says|told|added|noted)\b")
_COMPANY_WORD = re.compile(r", (?:the |a |an )?(?:company|firm|enterprise)\b")


_SUBJECTS = (*PLACES, "Organization", "Initiative")
_NOUN_PHRASE_START = re.compile(  # what may stand before a subject's name in its noun phrase
    r"(?:(?:[Aa]ll|[Mm]ost|[Ss]ome|[Mm]any|[Ee]ach|[Oo]ne|[Pp]arts?|[Hh]alf) of\s+)?"
    r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+)?(?:[a-z][\w-]*\s+){0,2}"
)
_OPENING = 40  # characters after the opener in which a sentence's subject stands


_PARAGRAPH = 1500  # characters: a longer "paragraph" is a text whose line breaks were lost
_LEAD = re.compile(  # openers before a sentence's subject: "In 2018, ", "Meanwhile, ", "Last year "
    r"(?:(?:In|By|During|Over|Since|As of|At the end of|Last|This|With|Located|Having|After|Thanks to)\s+"
    r"[\w '.-]{0,60}?,\s+"
    r"|(?:Meanwhile|Moreover|In addition|Besides|Also|Furthermore|However|Currently|Now),?\s+)?",
    re.IGNORECASE,
)


def _previous_subject(ctx: Context, mentions: list[Mention], begins: list[int], s_begin: int) -> str | None:
    """A sentence without a subject of its own ("Its sales reached ...", "Sales will reach ...") goes on
    about the subject of one of the two sentences before it (worked out once per sentence)."""
    key = ("previous subject", s_begin)
    if key not in ctx.memo:
        ctx.memo[key] = _earlier_subject(ctx, mentions, begins, s_begin)
    return ctx.memo[key]


def _earlier_subject(ctx: Context, mentions: list[Mention], begins: list[int], s_begin: int) -> str | None:
    index = ctx.sentences.index(s_begin)
    for i in range(index - 1, max(-1, index - 3), -1):
        begin = ctx.sentences.spans[i][0]
        subject = _sentence_subject(ctx, mentions, begins, begin)
        if subject:
            return subject
    return None


def _paragraph_topic(ctx: Context, mentions: list[Mention], begins: list[int], s_begin: int) -> str | None:
    """The subject of the first sentence of the figure's paragraph."""
    para = ctx.work.rfind("\n", 0, s_begin) + 1
    first = ctx.sentences.sentence(para)[0]
    if first == s_begin or first < para or s_begin - first > _PARAGRAPH:
        return None  # a text without paragraph breaks has no paragraph topic
    return _sentence_subject(ctx, mentions, begins, first)


def _anaphors(work: str, patterns: Patterns, begin: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(offset, kind) of every anaphor ("the province" → Province) in work[begin:end]."""
    table = patterns.lexicon.table("Anaphor")
    regex = patterns.anaphors
    starts = regex.starts(work)  # most windows hold none: first ask where one may begin
    i = bisect.bisect_left(starts, begin)
    if i == len(starts) or (end is not None and starts[i] >= end):
        return []
    bounds = (begin,) if end is None else (begin, end)
    return [
        (m.start(), table.get(m.group()) or _folded_get(table, m.group()))
        for m in regex.finditer(work, *bounds)
    ]


def _folded_get(table, surface: str) -> str:
    return next((v for k, v in table.items() if k.lower() == surface), "")
