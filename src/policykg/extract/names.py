"""Find capitalised names and sort them by their head word: city visions, organizations, initiatives.

"International Auto City" (vision head City), "Jilin University (JLU)" (organization head
University, acronym as alt label), "Gongzhuling National Modern Seed Industrial Park" (initiative
head Park), "Regulations of Changchun City on Sci-Tech Innovation" (initiative head first).
May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.mentions import Mention, Occupied, slug, tidy
from policykg.extract.patterns import (
    Folded,
    Patterns,
    after_boundary,
    alternation,
    finditer_at,
    scanned,
    whole_words,
)

_TOKEN = r"(?<![\w.,])\d{1,3}(?:st|nd|rd|th)(?= [A-Z])|Co\.,? ?Ltd\.?|(?:Mt|St|No|Co|Inc|Corp|Ltd)\.|\([A-Z][a-z]+\)|[A-Z][\w'&-]*|“[^”\n]{1,40}”|(?<=Line )\d+"
# _TOKEN after its first character (each branch checks that character behind it), so that a run begins
# with one character class that ``re`` skips ahead to: the same matches as (?<![\w'“-])(?:_TOKEN)
_TOKEN_REST = (
    r"(?<=\d)(?<![\w.,].)\d{0,2}(?:st|nd|rd|th)(?= [A-Z])|(?<=C)o\.,? ?Ltd\.?"
    r"|(?:(?<=M)t|(?<=S)t|(?<=N)o|(?<=C)o|(?<=I)nc|(?<=C)orp|(?<=L)td)\.|(?<=\()[A-Z][a-z]+\)"
    r"|(?<=[A-Z])[\w'&-]*|(?<=“)[^”\n]{1,40}”|(?<=Line \d)\d*"
)
_RUN = re.compile(
    rf"[\dA-Z(“](?<![\w'“-].)(?:{_TOKEN_REST})(?:(?: (?:of|on|for|and|the|&)){{0,2}} (?:{_TOKEN}))*"
)
_CONNECTORS = {"of", "on", "for", "and", "the", "&"}
_TITLE_AFTER = re.compile(r" (?:secretary|chief|leader|head|boss)\b")
_COMPANY = re.compile(r"Co\.|Ltd\.?|Inc\.|Corp\.|Co\.,? ?Ltd\.?")


def find_names(
    work: str, patterns: Patterns, headings: list[tuple[int, int]], places: frozenset[str]
) -> list[Mention]:
    """Visions, organizations and initiatives named by capitalised runs ending in a head word."""
    mentions: list[Mention] = []
    heads = _heads(patterns)
    titled = Occupied(headings)
    for run in _RUN.finditer(work):
        if not _has_head(run.group(), heads):
            continue
        for begin, end in split_names(work, run.start(), run.end(), heads):
            mention = _classify(work, begin, end, patterns, places)
            if mention is None:
                continue
            if mention.kind != "Organization" and titled.hits(begin, begin + 1):
                continue
            mentions.append(mention)
    mentions += _lower_visions(work, patterns)
    quoted = _quoted_names(work, patterns, places)
    held = Occupied((m.begin, m.end) for m in quoted)
    mentions = [m for m in mentions if not held.hits(m.begin, m.end)] + quoted
    known = _known_organizations(work, patterns)
    orgs = Occupied((m.begin, m.end) for m in mentions if m.kind == "Organization")
    known = [m for m in known if not orgs.hits(m.begin, m.end)]
    bodies = _government_bodies(work, patterns, places)
    taken = Occupied((m.begin, m.end) for m in mentions + known)
    bodies = [m for m in bodies if not taken.hits(m.begin, m.end)]
    found = mentions + _acronyms(work, mentions) + known + bodies
    return found + _short_names(work, found, patterns, places)


@functools.cache
def _heads(patterns: Patterns) -> frozenset[str]:
    """Head words of visions, organizations and initiatives (one set per lexicon: ``_has_head`` is cached)."""
    return (
        patterns.words["organizationHeads"]
        | patterns.words["visionHeads"]
        | patterns.words["initiativeHeads"]
    )


def _short_names(
    work: str, mentions: list[Mention], patterns: Patterns, places: frozenset[str]
) -> list[Mention]:
    """ "Dongguan Chitwing Technologies ... Chitwing": a company's own first word, named alone later, is
    the company (a word the text also writes in lower case, a place or a head word is not)."""
    heads = patterns.words["organizationHeads"] | patterns.words["initiativeHeads"]
    taken = Occupied((m.begin, m.end) for m in mentions)
    found = []
    for org in (m for m in mentions if m.kind == "Organization" and " " in m.label):
        word = next((w for w in org.label.split() if w not in places), "")
        if (
            not _SHORT_NAME.fullmatch(word)
            or word.lower() in heads
            or next(whole_words(work, word.lower()), None) is not None
        ):
            continue
        for start in whole_words(work, word, org.end):
            if not taken.hits(start, start + len(word)):
                found.append(Mention(org.key, "Organization", org.label, start, start + len(word), (word,)))
    return found


_SHORT_NAME = re.compile(r"[A-Z][a-z]{2,}")


@functools.cache
def _body_regex(patterns: Patterns) -> re.Pattern[str]:
    levels = alternation(patterns.lexicon.cue("governmentLevels"))
    bodies = alternation(patterns.lexicon.cue("governmentBodies"))
    return re.compile(
        rf"(?:(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?) |(?<![\w-]))(?:{levels}) (?:(?:[A-Z]{{2,4}}|Party) )?"
        rf"(?:{bodies})(?![\w-])(?P<tail> of(?: (?:[a-z-]+|and)){{1,6}})?"
    )


def _government_bodies(work: str, patterns: Patterns, places: frozenset[str]) -> list[Mention]:
    """ "the Suining municipal Party committee", "the municipal bureau of economy and information technology":
    government bodies written in lower case, one name each (never split at "and")."""
    found = []
    ends = patterns.words["listEnds"]
    for m in finditer_at(_body_regex(patterns), work, _body_starts(work, patterns)):
        begin = m.start() + len(m.group("place") or "") + (1 if m.group("place") else 0)
        place = m.group("place") or ""
        for name in (place, place.split(" ")[-1]):
            if name in places:
                begin = m.end("place") - len(name)
                break
        end = m.end("tail") if m.group("tail") else m.end()
        if m.group("tail"):
            words = m.group("tail").split()[1:]
            while words and (words[-1] in ends or words[-1] == "and"):
                words.pop()
            end = m.start("tail") + len(" of " + " ".join(words)) if words else m.start("tail")
        label = work[begin:end]
        found.append(Mention(f"organization/{slug(label)}", "Organization", label, begin, end))
    return found


def _body_starts(work: str, patterns: Patterns) -> list[int]:
    """Where a government body may begin: at a level word ("municipal bureau") or at one of the two
    capitalised words before it ("Suining municipal Party committee")."""
    starts = set()
    for level in patterns.cue["governmentLevels"].starts(work):
        starts.add(level)
        first = _capitalised_before(work, level)
        if first >= 0:
            starts.add(first)
            second = _capitalised_before(work, first)
            if second >= 0:
                starts.add(second)
    return sorted(starts)


def _capitalised_before(work: str, end: int) -> int:
    """Where the "[A-Z][a-z]+ " that ends at ``end`` begins, or -1."""
    if work[end - 1 : end] != " ":
        return -1
    begin = end - 2
    while begin >= 0 and "a" <= work[begin] <= "z":
        begin -= 1
    return begin if 0 <= begin < end - 2 and "A" <= work[begin] <= "Z" else -1


@functools.cache
def _lower_vision_regexes(patterns: Patterns) -> tuple[re.Pattern[str] | Folded, ...]:
    """ "build X (and Y) into (a) ... hub(s)", "the construction of a national ... city", "make X a pioneer
    of ...": visions written in lower case."""
    heads = alternation(patterns.lexicon.cue("visionLowerHeads"))
    roles = alternation(patterns.lexicon.cue("visionRoles"))
    phrase = rf"((?:{_MODIFIER}){{1,5}}?(?:{heads})(?:s|es)?)\b"
    return (
        scanned(
            _VERBS_INTO + r"\s+" rf"[\w' ,-]{{1,80}}?\binto\s+(?:(?:a|an)\s+)?{phrase}",
            patterns.scanner,
            "names: build X into",
            folds=False,
        ),
        scanned(rf"{_VERBS_BUILD}\s+(?:a|an)\s+{phrase}", patterns.scanner, "names: build a", folds=False),
        scanned(
            _VERBS_MAKE + r"\s+(?:[A-Z][\w'-]*\s+){0,3}(?:into\s+)?"
            rf"(?:a|an)\s+((?:[a-z][\w-]*\s+){{0,2}}(?:{roles})\s+(?:of|in|for)\s+[^,.;\n]{{3,60}}?)(?=[,.;\n]|\s+and\s+(?:a|an)\s)",
            patterns.scanner,
            "names: make X a",
            folds=False,
        ),
        re.compile(
            rf"\s(?<=,.)\s*and\s+(?:a|an)\s+((?:[a-z][\w-]*\s+){{0,2}}(?:{roles})\s+(?:of|in|for)\s+[^,.;\n]{{3,60}}?)(?=[,.;\n])"
        ),
    )


_INTO = (
    "build",
    "builds",
    "building",
    "make",
    "makes",
    "making",
    "turn",
    "turns",
    "turning",
    "develop",
    "developing",
)
_BUILD = ("build", "builds", "building", "construct", "constructing", "construction of", "create", "creating")
_MAKE = ("make", "makes", "making", "turn", "turns", "turning", "become", "becomes", "becoming")
_VERBS_INTO, _VERBS_BUILD, _VERBS_MAKE = (
    after_boundary(*_INTO),
    after_boundary(*_BUILD),
    after_boundary(*_MAKE),
)


def _lower_visions(work: str, patterns: Patterns) -> list[Mention]:
    """ "build the city into an international consumption center": a vision written in lower case."""
    found = []
    vague = patterns.words["vagueModifiers"]
    regexes = _lower_vision_regexes(patterns)
    matches = [list(regex.finditer(work)) for regex in regexes]
    role_spans = [(m.start(1), m.end(1)) for found_by in matches[2:] for m in found_by]
    for regex, found_by in zip(regexes, matches, strict=True):
        for m in found_by:
            label = m.group(1)
            if regex is regexes[3] and not any(e <= m.start() <= e + 3 for _, e in role_spans):
                continue  # "..., and a vanguard in ...": only right after a first role
            if regex in regexes[:2] and all(w in vague for w in label.lower().split()[:-1]):
                continue  # "an important hub": no identity named
            found.append(Mention(f"city-vision/{slug(label)}", "CityVision", label, m.start(1), m.end(1)))
            more = _and_head(patterns).match(work, m.end(1)) if regex in regexes[:2] else None
            if more is not None:
                label = more.group(1)
                found.append(
                    Mention(f"city-vision/{slug(label)}", "CityVision", label, more.start(1), more.end(1))
                )
    return found


@functools.cache
def _and_head(patterns: Patterns) -> re.Pattern[str]:
    """ "... a national water-conserving city and a national ecological city": the second vision."""
    heads = alternation(patterns.lexicon.cue("visionLowerHeads"))
    return re.compile(rf",?\s+and\s+(?:a|an)\s+((?:{_MODIFIER}){{1,5}}?(?:{heads}))\b")


_MODIFIER = r"(?!(?:and|or|a|an|the|of|to|in|with|for|as)\s)[a-z][\w-]*\s+"  # one word of a vision's name


@functools.lru_cache(maxsize=8192)
def _has_head(run: str, heads: frozenset[str]) -> bool:
    return (
        any(w.lower().strip("“”").removesuffix("'s") in heads for w in run.split())
        or "Co." in run
        or "Ltd" in run
    )


def _quoted_names(work: str, patterns: Patterns, places: frozenset[str]) -> list[Mention]:
    """A capitalised name in quotes: a “World Rare Earth City”, the “Strong Manufacturing City” Action."""
    found = []
    vision_end = -100
    for m in re.finditer(r"“([A-Za-z][^“”\n]{2,80})”", work):
        mention = _classify(work, m.start(1), m.end(1), patterns, places) if m.group(1)[0].isupper() else None
        if mention is not None and (mention.begin, mention.end) != (m.start(1), m.end(1)):
            continue
        if _vision_context(work, m.start(), vision_end, patterns):
            label = tidy(m.group(1))
            found.append(Mention(f"city-vision/{slug(label)}", "CityVision", label, m.start(1), m.end(1)))
            vision_end = m.end()
            continue
        follower = _FOLLOWER.match(work, m.end(), m.end() + 20)
        if follower and follower.group(1).lower() in patterns.words["initiativeHeads"]:
            continue
        if mention is not None:
            found.append(mention)
    return found


_MAKE_INTO = re.compile(
    r"\b(?:make|makes|making|build|builds|building|turn|turns|turning|position|positions)\s+"
    r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+(?:into\s+|as\s+)?(?:a|an|the)\s*$"
)


def _vision_context(work: str, quote: int, vision_end: int, patterns: Patterns) -> bool:
    """A quoted name after "into a", "make Xuzhou a", or coordinated with a vision just before it."""
    before = work[max(0, quote - 60) : quote]
    tail = before[-16:].rstrip().lower()
    if any(tail.endswith(" " + t) for t in patterns.words["visionTriggers"]) or _MAKE_INTO.search(before):
        return True
    between = work[vision_end:quote] if 0 <= quote - vision_end < 12 else None
    return between is not None and _COORDINATION.fullmatch(between) is not None


_HEADING_WORD = re.compile(r"[A-Za-z][\w'-]*")
_FOLLOWER = re.compile(r"\s+([A-Za-z]+)")
_COORDINATION = re.compile(r"\s*(?:,|and|or)\s*(?:the\s+|a\s+|an\s+)?")
_AND = re.compile(r" and ")


def split_names(work: str, begin: int, end: int, heads: frozenset[str]) -> list[tuple[int, int]]:
    """Split a run at " and " between two complete names, never inside one ("Cultural and Creative City")."""
    pieces = []
    start = begin
    ands = list(_AND.finditer(work[begin:end]))
    segment_start = begin
    left_named = False  # whether the piece begun at ``start`` already holds a head word
    for i, m in enumerate(ands):
        segment = work[segment_start : begin + m.start()].split()
        left_named = left_named or any(w.lower() in heads for w in segment)
        right_end = begin + ands[i + 1].start() if i + 1 < len(ands) else end
        right = work[begin + m.end() : right_end].split()
        right_named = len(right) >= 3 and right[-1].lower() in heads
        last = segment[-1].lower() if segment else ""
        if last in heads or len(right) > 3 or (left_named and right_named):
            pieces.append((start, begin + m.start()))
            start = begin + m.end()
            left_named = False
        segment_start = begin + m.end()
    pieces.append((start, end))
    return pieces


def _tokens(work: str, begin: int, end: int) -> list[re.Match[str]]:
    return list(_WORD_TOKEN.finditer(work[begin:end]))


_WORD_TOKEN = re.compile(rf"{_TOKEN}|[a-z&]+")


def _classify(work, begin, end, patterns: Patterns, places: frozenset[str]) -> Mention | None:
    tokens = _strip_leading(_tokens(work, begin, end), patterns)
    tokens = _drop_title(tokens, patterns)
    while tokens and tokens[-1].group() in _CONNECTORS:
        tokens.pop()
    if len(tokens) < 2:
        return None
    words = [t.group() for t in tokens]
    kind, last = _kind(words, work, begin + tokens[-1].end(), patterns)
    if kind is None:
        return None
    if kind == "CityVision" and last + 1 < len(words) and words[last + 1] == "for":
        kind = "Organization"  # "National Engineering Research Centre for X": a body, not an identity
    if (
        kind in ("Organization", "Initiative")
        and last + 1 < len(words)
        and words[last + 1] in ("of", "for", "on")
    ):
        last = len(words) - 1
    elif last + 1 < len(words) and words[last + 1].isdigit():
        last += 1
    if last == 0:
        return None
    b, e = begin + tokens[0].start(), begin + tokens[last].end()
    if work[b:e].endswith("'s"):
        e -= 2  # "Moutai Group's sales"
    label = tidy(work[b:e])
    rest = " ".join(w for w in words[:last] if w not in _CONNECTORS)
    if kind == "CityVision" and (rest in places or len(words[: last + 1]) > 7):
        return None
    if kind == "CityVision" and (words[0] in places or " ".join(words[:2]) in places):
        kind = "Initiative"  # "Hefei Binhu Science City": a named development, not an identity
    prefix = {"CityVision": "city-vision", "Organization": "organization", "Initiative": "initiative"}[kind]
    return Mention(f"{prefix}/{slug(label)}", kind, label, b, e)


def _kind(words: list[str], work: str, end: int, patterns: Patterns) -> tuple[str | None, int]:
    """The kind and head index of a name: "Regulations of X" (head first), else by its last head word."""
    if words[0].lower() in patterns.words["initiativeHeads"] and words[1] in ("of", "on"):
        return "Initiative", len(words) - 1
    kind, last = _head(words, patterns)
    if (
        kind is not None
        and words[last] == "Party"
        and last == len(words) - 1
        and _TITLE_AFTER.match(work, end)
    ):
        return None, -1  # "Wuxi Party secretary": a title, no organization named
    return kind, last


def _strip_leading(tokens: list[re.Match[str]], patterns: Patterns) -> list[re.Match[str]]:
    """Drop articles, prepositions and a bullet's verb ("Help the X Laboratory ...") before a name."""
    verbs = patterns.words["imperativeVerbs"]
    while tokens and (
        tokens[0].group().lower() in patterns.words["leadingWords"]
        or tokens[0].group() in _CONNECTORS
        or tokens[0].group().lower() in verbs
    ):
        tokens.pop(0)
    return tokens


def _drop_title(tokens: list[re.Match[str]], patterns: Patterns) -> list[re.Match[str]]:
    """ "Member of the Standing Committee": a person's title before an organization is not part of it."""
    titles = patterns.words["personTitles"]
    while tokens and tokens[0].group().lower() in titles:
        rest = [i for i, t in enumerate(tokens) if t.group() == "of"]
        if not rest:
            return tokens
        tokens = tokens[rest[0] + 1 :]
        while tokens and tokens[0].group() in _CONNECTORS:
            tokens.pop(0)
    return tokens


def _head(words: list[str], patterns: Patterns) -> tuple[str | None, int]:
    """The kind named by the last head word in ``words``, and its index."""
    org = patterns.words["organizationHeads"]
    vision = patterns.words["visionHeads"]
    initiative = patterns.words["initiativeHeads"]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if _COMPANY.fullmatch(word):
            return "Organization", i
        if not word[:1].isupper() or word.isupper():
            continue
        low = word.lower().removesuffix("'s")
        if low in vision:
            return "CityVision", i
        if low in org:
            return "Organization", i
        if low in initiative:
            return "Initiative", i
    return None, -1


_ACRONYM_AFTER = re.compile(r" ?\(([A-Z][A-Za-z&]{1,9})\)")


def _acronyms(work: str, organizations: list[Mention]) -> list[Mention]:
    """ "Jilin University (JLU)": the acronym becomes an alt label, and each later "JLU" a mention."""
    found = []
    seen: set[tuple[str, str]] = set()
    for org in organizations:
        if org.kind != "Organization":
            continue
        m = _ACRONYM_AFTER.match(work[org.end : org.end + 14])
        if m is None or (org.key, m.group(1)) in seen:
            continue
        acronym = m.group(1)
        seen.add((org.key, acronym))
        found.append(Mention(org.key, org.kind, org.label, org.begin, org.end, (acronym,)))
        for start in whole_words(work, acronym):
            found.append(Mention(org.key, org.kind, org.label, start, start + len(acronym), (acronym,)))
    return found


@functools.cache
def _place_word(patterns: Patterns) -> re.Pattern[str]:
    """A lower-case place word of the lexicon right after a name ("Changan township")."""
    return re.compile(rf" (?:{alternation(patterns.lexicon.cue('placeWords'))})\b")


def _known_organizations(work: str, patterns: Patterns) -> list[Mention]:
    found = []
    for m in patterns.cue["organizationNames"].finditer(work):
        if _place_word(patterns).match(work, m.end()):
            continue  # "Changan township": a place that shares a company's name
        found.append(
            Mention(f"organization/{slug(m.group())}", "Organization", m.group(), m.start(), m.end())
        )
    return found


def headings(work: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences that are title-case headings (most words capitalised, no final full stop)."""
    found = []
    for begin, end in sentences:
        if work[end - 1] in ".?!":
            continue
        words = _HEADING_WORD.findall(work, begin, end)
        if len(words) < 2:
            continue
        capitals = sum(w[0].isupper() for w in words if len(w) > 3)
        long_words = sum(len(w) > 3 for w in words)
        if long_words and capitals / long_words >= 0.6:
            found.append((begin, end))
    return found
