"""Run the Chinese steps on one document and merge them into the Extraction record.

May import: policykg.model, policykg.extract.mentions, policykg.extract.relations, the other zh
modules and the standard library.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from itertools import accumulate

from policykg.extract.mentions import Mention, group_mentions
from policykg.extract.readings import Reading
from policykg.extract.relations import place_facts
from policykg.extract.zh import entities as ent
from policykg.extract.zh import names
from policykg.extract.zh.figures import Words, read_figures
from policykg.extract.zh.layout import Layout, congress_city, layout, read_meta
from policykg.model import PK_IRI, Document, Entity, Extraction, Fact, Figure, Lexicon, Span

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SUBJECT_KINDS = ("Industry", "Initiative", "Organization", "District")
_PRIORITY = {
    "Person": 0,
    "City": 1,
    "Province": 1,
    "District": 1,
    "Organization": 2,
    "IndustrialSystem": 3,
    "CityVision": 3,
    "Initiative": 4,
    "Industry": 5,
}


def extract_chinese(document: Document, lexicon: Lexicon) -> Extraction:
    """Everything a Chinese text says that the ontology can hold, with the exact spans it was read from."""
    text = document.text
    words = Words.of(lexicon)
    page = layout(text, document.title, lexicon.cue("zhReviewHeadings"), lexicon.cue("zhPlanHeadings"))
    meta = read_meta(text, document.title)
    places = ent.find_places(text, lexicon)
    located = _city_of_document(document, lexicon)
    districts = ent.find_districts(text, lexicon, located or _main_city(text, places, lexicon))
    places = _without_overlaps(places + districts, "District", ("City",))  # 浦东 in 浦东新区
    places = ent.as_municipality(places, lexicon, located)
    city = _main_city(text, places, lexicon)
    if located and any(m.key == located for m in places):
        city = located  # the folder or the source names it and the text mentions it
    mentions = _entity_mentions(text, page, lexicon, places, city)
    facts = _facts(mentions, city, lexicon, page)
    readings = read_figures(text, page, words)
    subjects = [m for m in mentions if m.kind in SUBJECT_KINDS]
    begins = [m.begin for m in subjects]
    figures = tuple(_figure(document, page, r, subjects, begins, city) for r in readings)
    return Extraction(document, meta, _entities(text, mentions), figures, _kept(facts, mentions))


def _main_city(text: str, places: list[Mention], lexicon: Lexicon) -> str | None:
    """The city whose congress heard the report, else the most mentioned city."""
    named = congress_city(text)
    if named:
        for m in places:
            if m.kind == "City" and text[m.begin : m.end] in (named, named.rstrip("市")):
                return m.key
    counts = Counter(m.key for m in places if m.kind == "City")
    return counts.most_common(1)[0][0] if counts else None


def _city_of_document(document: Document, lexicon: Lexicon) -> str | None:
    """The city a document's place says it is about: its folder (长春市/2023.md) or its source's host
    (www.changchun.gov.cn); the city must be a gazetteer city."""
    folder = document.slug.split("/")[0] if "/" in document.slug else None
    host = re.sub(r"^[a-z]+://", "", document.primary_source or "").split("/")[0].split(".")
    for place in lexicon.places:
        if place.kind != "City":
            continue
        if folder and folder in place.zh_labels:
            return place.key
        if place.key.split("/")[-1] in host:
            return place.key
    return None


def _entity_mentions(text, page: Layout, lexicon, places, city) -> list[Mention]:
    systems = ent.find_systems(text, city)
    mentions = ent.find_person(text) + places + ent.find_industries(text, lexicon) + systems
    quoted = names.find_quoted(text, lexicon, [(m.begin, m.end) for m in systems])
    quote_spans = [(m.begin, m.end) for m in quoted]
    mentions += quoted + names.find_known(text, lexicon) + names.find_listed(text, lexicon)
    mentions += names.find_suffixed(text, lexicon, quote_spans) + names.find_vision_lists(text, lexicon)
    mentions = _without_overlaps(mentions, "Person")
    mentions = _without_overlaps(mentions, "CityVision", ("Initiative", "Organization"))
    return _resolve_overlaps(_without_nested(mentions, lexicon))


def _without_nested(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Drop a quoted initiative inside a longer initiative (“黑土粮仓” in “黑土粮仓”科技会战), a bare
    industry inside a name (动力电池 in 比亚迪动力电池), and names that are an industry's name."""
    industry_labels = {label for term in lexicon.industries for label in term.zh_labels}
    holders = {
        "Initiative": _Holders([m for m in mentions if m.kind == "Initiative"]),
        "Industry": _Holders([m for m in mentions if m.kind in ("Initiative", "Organization")]),
    }

    def nested(m: Mention) -> bool:
        if m.kind in ("Initiative", "Organization") and m.label in industry_labels:
            return True
        if m.kind not in ("Initiative", "Industry") or m.end - m.begin != len(m.label):
            return False
        return holders[m.kind].contain(m.begin, m.end)

    return [m for m in mentions if not nested(m)]


class _Holders:
    """Spans of mentions that answer "does another of them contain this span?" by bisection."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.spans = sorted((m.begin, m.end) for m in mentions)
        self.begins = [b for b, _ in self.spans]
        self.reach = list(accumulate((e for _, e in self.spans), max))  # furthest end up to each span

    def cover(self, begin: int, end: int) -> bool:
        """Whether one of the spans holds (begin, end) (``begin <= b`` and ``e <= end``), itself included."""
        k = bisect.bisect_right(self.begins, begin)  # spans that begin at begin or earlier
        return bool(k) and self.reach[k - 1] >= end

    def contain(self, begin: int, end: int) -> bool:
        """Whether a span other than (begin, end) itself holds (begin, end)."""
        before = bisect.bisect_left(self.begins, begin)  # spans that begin earlier
        if before and self.reach[before - 1] >= end:
            return True
        upto = bisect.bisect_right(
            self.begins, begin
        )  # spans [before, upto) begin at begin, the last ends last
        return upto > before and self.spans[upto - 1][1] > end


def _without_overlaps(
    mentions: list[Mention], winner: str, losers: tuple[str, ...] | None = None
) -> list[Mention]:
    """Drop mentions (of the ``losers`` kinds, or of any other kind) inside a ``winner`` mention."""
    winners = _Holders([m for m in mentions if m.kind == winner])

    def loses(m: Mention) -> bool:
        if m.kind == winner or (losers is not None and m.kind not in losers):
            return False
        return winners.cover(m.begin, m.end)

    return [m for m in mentions if not loses(m)]


def _resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Of mentions sharing a span keep the higher-priority kind; a mention inside a longer one of
    another entity stays (汽车 inside 汽车产业集群 is the same industry anyway)."""
    best: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        held = best.get((m.begin, m.end))
        if held is None or _PRIORITY.get(m.kind, 9) < _PRIORITY.get(held.kind, 9):
            best[(m.begin, m.end)] = m
    return sorted(best.values(), key=lambda m: (m.begin, m.end, m.key))


GENERIC_INDUSTRIES = (
    "industry/industry",
    "industry/manufacturing",
    "industry/services",
    "industry/strategic-emerging",
    "industry/real-economy",
)


def _role_facts(text: str, mentions: list[Mention], lexicon: Lexicon) -> list[Fact]:
    """In a paragraph, an industry after a pillar cue (主导优势产业) is a pillar of the document's first
    industrial system, after an emerging cue (战略性新兴产业) an emerging one."""
    system = next((m.key for m in mentions if m.kind == "IndustrialSystem"), None)
    if system is None:
        return []
    cues = [(c, "pillarIndustry") for c in lexicon.cue("zhPillarCues")]
    cues += [(c, "emergingIndustry") for c in lexicon.cue("zhEmergingCues")]
    facts = []
    for m in mentions:
        if m.kind != "Industry" or m.key in GENERIC_INDUSTRIES:
            continue
        start = text.rfind("\n", 0, m.begin) + 1
        before = text[start : m.begin]
        found = [(before.rfind(c), role) for c, role in cues if before.rfind(c) >= 0]
        if found:
            facts.append(Fact(system, PK_IRI + max(found)[1], m.key))
    return facts


def _facts(mentions: list[Mention], city: str | None, lexicon: Lexicon, page: Layout) -> list[Fact]:
    facts = place_facts(mentions, lexicon) + _role_facts(page.text, mentions, lexicon)
    for key in sorted({m.key for m in mentions if m.kind == "District"}):
        facts.append(Fact(key, PK_IRI + "districtOf", ent.district_city(lexicon, key) or ""))
    if city:
        for m in mentions:
            if m.kind == "IndustrialSystem":
                facts.append(Fact(city, PK_IRI + "industrialSystem", m.key))
            elif m.kind == "CityVision":
                facts.append(Fact(city, PK_IRI + "vision", m.key))
    return facts


def _kept(facts: list[Fact], mentions: list[Mention]) -> tuple[Fact, ...]:
    keys = {m.key for m in mentions}
    kept = {f for f in facts if f.subject in keys and f.object in keys and f.subject != f.object}
    return tuple(sorted(kept, key=lambda f: (f.subject, f.predicate, f.object)))


def _figure(
    document: Document, page: Layout, r: Reading, mentions: list[Mention], begins: list[int], city: str | None
) -> Figure:
    text = document.text
    subject, concerns = _subject(page, r, mentions, begins, city)
    s_begin, s_end = page.sentence(r.at)
    return Figure(
        key=f"figure/{document.slug}/{r.begin}",
        kind=r.kind,
        value=r.value,
        unit=r.unit,
        span=Span(r.begin, r.end, text[r.begin : r.end]),
        sentence=Span(s_begin, s_end, text[s_begin:s_end]),
        subject=None if r.kind == "Figure" else subject,
        comparator=r.comparator,
        year=r.year,
        baseline=r.baseline,
        min_value=r.min_value,
        max_value=r.max_value,
        direction=r.direction,
        indicator=r.indicator,
        concerns=concerns,
    )


def _subject(
    page: Layout, r: Reading, mentions: list[Mention], begins: list[int], city: str | None
) -> tuple[str | None, tuple]:
    """The industry, initiative, organization or district named last in the clause before the number
    (or right after the amount: 组建300亿元长兴基金), else the document's city; a figure of several
    districts named together is the city's."""
    start = page.clause_start(r.at)  # ``mentions``: those of SUBJECT_KINDS; ``begins``: where each begins
    inside = mentions[bisect.bisect_left(begins, start) : bisect.bisect_right(begins, r.end)]
    if len({m.key for m in inside if m.kind == "District"}) > 1:  # 龙岗、坪山、光明3个高中园: the city's
        inside = [m for m in inside if m.kind != "District"]
    concerns = tuple(sorted({m.key for m in inside if m.kind == "Industry"}))
    after = [m for m in inside if m.begin == r.end]
    before = [m for m in inside if m.end <= r.at]
    if after:
        return after[0].key, concerns
    if before:
        return before[-1].key, concerns
    return city, concerns


def _entities(text: str, mentions: list[Mention]) -> tuple[Entity, ...]:
    out = []
    for g in group_mentions(text, mentions):
        zh_alts = {ent.tidy(s.anchor) for s in g.spans} | {
            a for m in g.mentions for a in m.alt if _is_chinese(a)
        }
        english = sorted({a for m in g.mentions for a in m.alt if not _is_chinese(a)})
        other = ((english[0], "en"),) if english else ()
        alts = tuple(sorted(a for a in zh_alts - {g.first.label} if a))
        out.append(
            Entity(g.key, g.first.kind, g.first.label, g.spans, alts, g.same_as, g.properties, "zh", other)
        )
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _is_chinese(label: str) -> bool:
    return CHINESE.search(label) is not None
