"""Relate the mentions of one document: industrial systems and their pillar/emerging industries,
city visions, administrative containment, who undertakes an initiative, what it concerns.

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter

from policykg.extract.industries import SystemMention
from policykg.extract.mentions import Mention, slug
from policykg.extract.patterns import Patterns
from policykg.extract.sentences import Sentences
from policykg.model import PK_IRI, Fact, Lexicon


def main_city(mentions: list[Mention]) -> str | None:
    """The place the document is about: the most mentioned city (first mentioned on a tie), else province."""
    cities = [m for m in mentions if m.kind == "City"] or [m for m in mentions if m.kind == "Province"]
    if not cities:
        return None
    counts = Counter(m.key for m in cities)
    first = {}
    for m in cities:
        first.setdefault(m.key, m.begin)
    return min(counts, key=lambda k: (-counts[k], first[k]))


def system_facts(
    systems: list[SystemMention],
    mentions: list[Mention],
    sentences: Sentences,
    patterns: Patterns,
    city: str | None,
) -> tuple[list[Mention], list[Fact]]:
    """An IndustrialSystem per formula, its industries by role, and the city's industrialSystem fact."""
    found, facts = [], []
    industries = sorted((m for m in mentions if m.kind == "Industry"), key=lambda m: m.begin)
    begins = [m.begin for m in industries]
    for system in systems:
        label = f"{system.formula} industrial system"
        key = f"industrial-system/{(city or 'city').split('/')[-1]}-{slug(system.formula)}"
        found.append(Mention(key, "IndustrialSystem", label, system.begin, system.end, (system.formula,)))
        if city and city.startswith("city/"):
            facts.append(Fact(city, PK_IRI + "industrialSystem", key))
        members = _members(system, industries, begins, sentences)
        for industry, role in _roles(system, members, sentences.work, patterns):
            facts.append(Fact(key, PK_IRI + role, industry.key))
    return found, facts


def _members(
    system: SystemMention, industries: list[Mention], begins: list[int], sentences: Sentences
) -> list[Mention]:
    """Industries named after the formula in its sentence, and in the next ones until the count is reached."""
    wanted = sum(system.parts) if all(system.parts) else 0
    index = sentences.index(system.begin)
    members: list[Mention] = []
    seen: set[str] = set()
    for i in range(index, min(index + 3, len(sentences.spans))):
        begin, end = sentences.spans[i]
        begin = max(begin, system.end)
        for m in industries[bisect.bisect_left(begins, begin) : bisect.bisect_left(begins, end)]:
            if m.key not in seen:
                seen.add(m.key)
                members.append(m)
        if wanted and len(members) >= wanted:
            break
    return members


def _roles(
    system: SystemMention, members: list[Mention], work: str, patterns: Patterns
) -> list[tuple[Mention, str]]:
    """pillarIndustry or emergingIndustry for each member: by the role of the nearest industry noun before it
    ("four leading industries are ..."), else by any cue word before it, else by formula order."""
    last = max((m.end for m in members), default=system.end)
    blanked = list(work[system.end : last])
    for m in members:
        blanked[m.begin - system.end : m.end - system.end] = " " * (m.end - m.begin)
    text = "".join(blanked)
    heads = _head_roles(text, patterns)
    as_roles = _as_roles(work, system.end, sentences_end(work, last), patterns)
    out = []
    for position, m in enumerate(members):
        at = max(0, m.begin - system.end)
        named = [role for offset, role in heads if offset < at]
        following = [role for offset, role in as_roles if 0 <= offset - m.end <= 150]
        role = following[0] if following else named[-1] if named else _cue_role(text[:at], patterns)
        if role is None and system.parts and system.parts[0]:
            role = "pillarIndustry" if position < system.parts[0] else "emergingIndustry"
        if role is not None:
            out.append((m, role))
    return out


def sentences_end(work: str, offset: int) -> int:
    """The end of the sentence around ``offset`` (its full stop), or the end of the text."""
    found = _SENTENCE_END.search(work, offset)
    return found.start() if found else len(work)


_SENTENCE_END = re.compile(r"[.;](?:\s|$)")


def _as_roles(work: str, begin: int, end: int, patterns: Patterns) -> list[tuple[int, str]]:
    """(offset, role) of each "as the pillar industry", "as strategic emerging industries" after a list:
    the role of the industries listed right before it."""
    found = []
    for m in _AS_ROLE.finditer(work, begin, end):
        role = _cue_role(m.group(1), patterns)
        if role is not None:
            found.append((m.start(), role))
    return found


_AS_ROLE = re.compile(
    r"\bas\s+(?:the\s+|an?\s+|its\s+|their\s+)?((?:[a-z][\w-]*\s+){1,3})(?:industry|industries|sectors?|pillars?)\b"
)


def _head_roles(text: str, patterns: Patterns) -> list[tuple[int, str]]:
    """(offset, role) of each industry head noun whose modifiers say pillar or emerging."""
    found = []
    for head in patterns.cue["industryHeads"].finditer(text):
        before = " ".join(text[max(0, head.end() - 50) : head.end()].split()[-4:-1])  # the noun's modifiers
        role = _cue_role(before, patterns)
        if role is not None:
            found.append((head.start(), role))
    return found


def _cue_role(text: str, patterns: Patterns) -> str | None:
    pillar = [c.end() for c in patterns.cue["pillarCues"].finditer(text)]
    emerging = [c.end() for c in patterns.cue["emergingCues"].finditer(text)]
    if not pillar and not emerging:
        return None
    return "pillarIndustry" if max(pillar, default=-1) > max(emerging, default=-1) else "emergingIndustry"


def vision_facts(mentions: list[Mention], sentences: Sentences, city: str | None) -> list[Fact]:
    """Each vision belongs to the city named in its sentence, else to the document's city."""
    facts = []
    cities = sorted((m for m in mentions if m.kind == "City"), key=lambda m: m.begin)
    begins = [c.begin for c in cities]
    for vision in (m for m in mentions if m.kind == "CityVision"):
        span = sentences.sentence(vision.begin)
        lo, hi = bisect.bisect_left(begins, span[0]), bisect.bisect_left(begins, span[1])
        near = next((c.key for c in cities[lo:hi] if not (vision.begin <= c.begin < vision.end)), None)
        owner = near if near is not None else city
        if owner and owner.startswith("city/"):
            facts.append(Fact(owner, PK_IRI + "vision", vision.key))
    return facts


@functools.cache
def _places_by_key(lexicon: Lexicon) -> dict:
    return {p.key: p for p in lexicon.places}


def place_facts(mentions: list[Mention], lexicon: Lexicon) -> list[Fact]:
    """City locatedIn Province, when the province is mentioned too."""
    provinces = {m.key for m in mentions if m.kind == "Province"}
    by_key = _places_by_key(lexicon)
    facts = []
    for key in sorted({m.key for m in mentions if m.kind == "City"}):
        place = by_key.get(key)
        if place and place.province_key in provinces and place.province_key != key:
            facts.append(Fact(key, PK_IRI + "locatedIn", place.province_key))
    return facts


def initiative_facts(
    mentions: list[Mention], sentences: Sentences, city: str | None, patterns: Patterns
) -> list[Fact]:
    """undertakenBy (an organization or city inside or right before the name, else the document's city),
    concerns (industries inside the name), partOf (a quoted initiative inside another's name)."""
    facts = []
    others = sorted(
        (m for m in mentions if m.kind in ("Organization", "City", "Industry", "Initiative")),
        key=lambda m: m.begin,
    )
    begins = [m.begin for m in others]
    for ini in (m for m in mentions if m.kind == "Initiative"):
        lo, hi = bisect.bisect_left(begins, ini.begin), bisect.bisect_left(begins, ini.end)
        inner = [m for m in others[lo:hi] if m.end <= ini.end and m is not ini]
        owners = [m.key for m in inner if m.kind in ("Organization", "City")]
        owner = owners[0] if owners else _doer(ini, others[max(0, lo - 8) : lo], sentences, patterns)
        owner = owner or (city if city and city.startswith("city/") else None)
        if owner:
            facts.append(Fact(ini.key, PK_IRI + "undertakenBy", owner))
        for m in inner:
            if m.kind == "Industry":
                facts.append(Fact(ini.key, PK_IRI + "concerns", m.key))
            elif m.kind == "Initiative" and m.key != ini.key:
                facts.append(Fact(m.key, PK_IRI + "partOf", ini.key))
    return facts + _part_of_phrases(mentions, sentences.work)


def _doer(initiative: Mention, before: list[Mention], sentences: Sentences, patterns: Patterns) -> str | None:
    """ "Sunshine Group will open a new plant": the organization that is the subject of the initiative's
    clause (the nearest one before it, at most 80 characters away, no semicolon between, an auxiliary after)."""
    start = sentences.sentence(initiative.begin)[0]
    for m in reversed(before):
        if m.end > initiative.begin or m.kind == "Initiative":
            continue
        if (
            m.begin < start
            or initiative.begin - m.end > 80
            or ";" in sentences.work[m.end : initiative.begin]
        ):
            return None
        if m.kind == "Organization":
            doing = _SUBJECT.match(sentences.work, m.end) or _acts(
                sentences.work, m.end, initiative.begin, patterns
            )
            return m.key if doing else None
    return None


_SUBJECT = re.compile(  # the organization is the clause's subject: an auxiliary follows it
    r"\s+(?:also\s+|then\s+)?(?:will|shall|is going to|plans? to|aims? to|is to|has|have|had|is|are|was|were)\b"
)


def _acts(work: str, end: int, begin: int, patterns: Patterns) -> bool:
    """ "FAW Group launched the X zone": the organization's own trigger verb opens the initiative."""
    gap = _GAP.fullmatch(work, end, begin)
    return gap is not None and patterns.cue["initiativeTriggers"].fullmatch(gap.group(1)) is not None


_GAP = re.compile(r"\s+(?:also\s+)?([a-z]+(?: [a-z]+)??)\s+(?:the\s+|a\s+|an\s+|its\s+)?")


_PART_OF = re.compile(
    r"\s*,?\s+(?:under|as part of|within|in the framework of|a part of)\s+(?:the\s+|its\s+)?"
)


def _part_of_phrases(mentions: list[Mention], work: str) -> list[Fact]:
    """ "the X project under the Y plan", "X, as part of the Y campaign": X partOf Y."""
    initiatives = sorted((m for m in mentions if m.kind == "Initiative"), key=lambda m: m.begin)
    facts = []
    for part, whole in zip(initiatives, initiatives[1:], strict=False):
        gap = work[part.end : whole.begin].replace("“", "").replace("”", "")
        if part.key != whole.key and _PART_OF.fullmatch(gap):
            facts.append(Fact(part.key, PK_IRI + "partOf", whole.key))
    return facts


def is_place_label(text: str) -> bool:
    """A label that is only a capitalised name plus City/Province (never a vision)."""
    return re.fullmatch(r"[A-Z][a-z]+ (?:City|Province)", text) is not None
