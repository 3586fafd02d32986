"""Run the extraction steps on one document and merge their mentions into the Extraction record.

May import: policykg.model, policykg.errors, the standard library and the other extract modules.
"""

from __future__ import annotations

import bisect
import functools
import re

from policykg.extract import figures as fig
from policykg.extract.industries import find_industries, find_systems, industries_inside
from policykg.extract.mentions import Mention, Occupied, group_mentions, overlaps, slug
from policykg.extract.names import find_names, headings
from policykg.extract.patterns import compile_patterns
from policykg.extract.people import find_persons, read_meta
from policykg.extract.phrases import (
    find_as_lists,
    find_lists,
    find_named_facilities,
    find_objects,
    find_programmes,
    find_quoted,
    find_routes,
)
from policykg.extract.places import find_places, places_named
from policykg.extract.readings import Context
from policykg.extract.relations import (
    initiative_facts,
    main_city,
    place_facts,
    system_facts,
    vision_facts,
)
from policykg.extract.role_lists import role_system
from policykg.extract.sentences import Sentences, prepare, quote_spans, split_sentences
from policykg.extract.subjects import choose_subject, main_place
from policykg.model import Document, Entity, Extraction, Fact, Figure, Lexicon, Span

_PRIORITY = {
    "Person": 0,
    "City": 1,
    "Province": 1,
    "Organization": 2,
    "CityVision": 3,
    "IndustrialSystem": 3,
    "Initiative": 4,
    "Industry": 5,
}


def extract(document: Document, lexicon: Lexicon) -> Extraction:
    """Everything the text says that the ontology can hold, each with the exact spans it was read from."""
    patterns = compile_patterns(lexicon)
    text = document.text
    work = prepare(text, patterns)
    sentences = Sentences(work, split_sentences(work, patterns))
    meta, publisher_span = read_meta(work, patterns)
    quotes = quote_spans(work)
    systems = find_systems(work, patterns)
    system_spans = [(s.begin, s.end) for s in systems]
    mentions = _entity_mentions(
        work, patterns, sentences, quotes, system_spans, publisher_span, meta.publisher
    )
    city = main_city(mentions)
    found, facts = system_facts(systems, mentions, sentences, patterns, city)
    if not systems:
        found, facts = role_system(mentions, sentences, patterns, city)
        system_spans += [(m.begin, m.end) for m in found]  # "three pillar industries": a count, no figure
    mentions = sorted(mentions + found, key=lambda m: (m.begin, m.end))
    facts += vision_facts(mentions, sentences, city) + place_facts(mentions, lexicon)
    facts += initiative_facts(mentions, sentences, city, patterns)
    year = _document_year(meta)
    named_numbers = [(m.start(), m.end()) for m in patterns.cue["numberedNames"].finditer(work)]
    ctx = Context(work, patterns, sentences, quotes, sorted(system_spans + named_numbers), year)
    place = main_place(mentions, ctx)
    figures = _without_system_counts(_figures(document, ctx, mentions, place), systems, sentences)
    return Extraction(document, meta, _entities(text, mentions), tuple(figures), _facts(facts, mentions))


def _document_year(meta) -> int | None:
    """The year "this year" means: the date's, else the first year the title names ("2023 Work Report")."""
    if meta.date and meta.date[:4].isdigit():
        return int(meta.date[:4])
    found = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", meta.title or "")
    return int(found.group()) if found else None


def _entity_mentions(
    work, patterns, sentences, quotes, system_spans, publisher_span, publisher
) -> list[Mention]:
    lexicon = patterns.lexicon
    place_names = places_named(lexicon)
    persons = find_persons(work, patterns, place_names)
    person_spans = Occupied((m.begin, m.end) for m in persons)
    places = [m for m in find_places(work, lexicon) if not overlaps(m.begin, m.end, person_spans)]
    titles = [h for h in headings(work, sentences.spans) if h != sentences.spans[0]]
    names = find_names(work, patterns, titles, place_names)
    names = [m for m in names if not overlaps(m.begin, m.end, person_spans)]
    visions = [(m.begin, m.end) for m in names if m.kind == "CityVision"]
    quoted = find_quoted(work, quotes, patterns, system_spans + visions)
    taken = system_spans + [(m.begin, m.end) for m in names + quoted]
    lower = find_objects(work, patterns, sentences, taken) + find_lists(
        work, patterns, sentences, system_spans
    )
    industries = find_industries(work, patterns) + find_as_lists(work, patterns)
    lower += find_routes(work, patterns, place_names) + find_programmes(work, patterns)
    lower += find_named_facilities(work, patterns, place_names)
    named = [(m.begin, m.end) for m in names if m.kind == "Initiative"]
    industries += industries_inside(work, named, patterns)
    mentions = persons + places + names + quoted + lower + industries
    if publisher and publisher_span:
        key = f"organization/{slug(publisher)}"
        mentions.append(Mention(key, "Organization", publisher, *publisher_span))
    return _resolve_overlaps(mentions)


def _resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention that has exactly the span of a higher-priority one of another kind; dedupe."""
    best: dict[tuple[int, int], Mention] = {}
    extra: list[Mention] = []
    for m in mentions:
        span = (m.begin, m.end)
        held = best.get(span)
        if held is None or _PRIORITY.get(m.kind, 9) < _PRIORITY.get(held.kind, 9):
            best[span] = m
        elif held.key == m.key:
            extra.append(m)
    kept = list(best.values()) + [m for m in extra if best[(m.begin, m.end)].key == m.key]
    return sorted(kept, key=lambda m: (m.begin, m.end, m.key))


def _entities(text: str, mentions: list[Mention]) -> tuple[Entity, ...]:
    entities = []
    for g in group_mentions(text, mentions):
        alts = {a for m in g.mentions for a in m.alt} | {_clean(s.anchor) for s in g.spans}
        alts -= {g.first.label}
        entities.append(
            Entity(
                g.key,
                g.first.kind,
                g.first.label,
                g.spans,
                tuple(sorted(a for a in alts if a)),
                g.same_as,
                g.properties,
            )
        )
    return tuple(entities)


@functools.lru_cache(maxsize=8192)
def _clean(anchor: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[“”\"]", "", anchor.replace("\u2019", "'"))).strip(" '")


def _figures(document: Document, ctx: Context, mentions: list[Mention], place: str | None) -> list[Figure]:
    readings, _ = fig.read_figures(ctx)
    text = document.text
    out = []
    begins = [m.begin for m in mentions]
    for r in readings:
        subject, concerns = choose_subject(r, ctx, mentions, begins, place)
        s_begin, s_end = ctx.sentences.sentence(r.begin)
        out.append(
            Figure(
                key=f"figure/{document.slug}/{r.begin}",
                kind=r.kind,
                value=r.value,
                unit=r.unit,
                span=Span(r.begin, r.end, text[r.begin : r.end]),
                sentence=Span(s_begin, s_end, text[s_begin:s_end]),
                subject=subject,
                comparator=r.comparator,
                year=r.year,
                baseline=r.baseline,
                min_value=r.min_value,
                max_value=r.max_value,
                direction=r.direction,
                indicator=r.indicator,
                concerns=concerns,
            )
        )
    return out


def _without_system_counts(figures: list[Figure], systems, sentences: Sentences) -> list[Figure]:
    """ "three traditional pillars", "six new industries": a count that restates a part of an industrial
    system's formula, in the sentences that explain the formula, is not a figure."""
    windows = []
    for system in systems:
        first = sentences.index(system.begin)
        last = min(first + 3, len(sentences.spans) - 1)
        windows.append((sentences.spans[first][0], sentences.spans[last][1], set(system.parts)))
    windows.sort(key=lambda w: w[0])
    begins = [b for b, _, _ in windows]
    longest = max((e - b for b, e, _ in windows), default=0)
    return [f for f in figures if not _restates_part(f, windows, begins, longest)]


def _restates_part(f: Figure, windows: list, begins: list[int], longest: int) -> bool:
    if not f.unit.endswith("/NUM") or f.comparator is not None:
        return False
    lo = bisect.bisect_left(begins, f.span.begin - longest)
    hi = bisect.bisect_right(begins, f.span.begin)
    return any(b <= f.span.begin < e and f.value in parts for b, e, parts in windows[lo:hi])


def _facts(facts: list[Fact], mentions: list[Mention]) -> tuple[Fact, ...]:
    keys = {m.key for m in mentions}
    kept = {f for f in facts if f.subject in keys and f.object in keys and f.subject != f.object}
    return tuple(sorted(kept, key=lambda f: (f.subject, f.predicate, f.object)))
