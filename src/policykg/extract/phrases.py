"""Find initiatives and industries written in lower case: quoted names, objects of trigger verbs, lists.

* quoted names: “five ones” mechanism, implement “river-river connectivity” and “river-lake connectivity”;
* objects of trigger verbs that end in an initiative head noun: "implement the modern, innovative
  seed project", or that a figure measures: "implement conservation tillage of 10.57 million mu";
* lists after "such as", "including", "such X as": industries when the list's head is an industry
  noun, initiatives when it is an initiative noun; "Hongqi's new energy plant" also names Hongqi.
May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.grammar import DETERMINERS, PHRASE_BREAKS
from policykg.extract.industries import industry_index, industry_mention
from policykg.extract.mentions import Mention, Occupied, overlaps, slug, tidy
from policykg.extract.names import split_names
from policykg.extract.patterns import (
    Folded,
    Patterns,
    alternation,
    finditer_at,
    fold,
    run_around,
    scanned,
    word_branches,
)
from policykg.extract.sentences import Sentences

_WORD = re.compile(r"[\w][\w'-]*|,")


def initiative(label: str, begin: int, end: int, alt: tuple[str, ...] = ()) -> Mention:
    """An Initiative mention keyed by its label's slug."""
    label = tidy(label)
    return Mention(f"initiative/{slug(label)}", "Initiative", label, begin, end, alt)


def find_quoted(
    work: str, quotes: list[tuple[int, int]], patterns: Patterns, skip: list[tuple[int, int]]
) -> list[Mention]:
    """Quoted names that are initiatives: after a trigger verb, before or ending in a head noun, or chained."""
    skip = Occupied(skip) if not isinstance(skip, Occupied) else skip
    heads = patterns.words["initiativeHeads"]
    triggers = patterns.cue["initiativeTriggers"]
    found: list[Mention] = []
    previous_end = -100
    for begin, end in quotes:
        content = work[begin:end]
        words = content.split()
        if overlaps(begin, end, skip) or not re.search(r"[a-z]", content) or len(words) > 16:
            continue
        before = work[max(0, begin - 40) : begin - 1]
        after = re.match(r"”\s+([a-z]+)", work[end : end + 30])
        head_after = after is not None and after.group(1) in heads
        triggered = any(m.end() >= len(before) - 14 for m in triggers.finditer(before))
        chained = (
            begin - previous_end < 16
            and re.fullmatch(r"”\s*(?:,|and|as well as|or)\s*(?:the\s+)?“?", work[previous_end:begin])
            is not None
        )
        own_head = words[-1].lower() in heads and "," not in content and len(words) > 1
        if head_after or (len(words) > 1 and (triggered or chained)) or own_head:
            alt = (f"{tidy(content)} {after.group(1)}",) if head_after else ()
            found.append(initiative(content, begin, end, alt))
            previous_end = end
    return found


def find_objects(
    work: str, patterns: Patterns, sentences: Sentences, skip: list[tuple[int, int]]
) -> list[Mention]:
    """Lower-case objects of trigger verbs that end in a head noun or are measured by a figure."""
    skip = Occupied(skip) if not isinstance(skip, Occupied) else skip
    heads = patterns.words["initiativeHeads"]
    ends = patterns.words["listEnds"] | PHRASE_BREAKS
    found = []
    for trig in patterns.cue["initiativeTriggers"].finditer(work):
        words = _phrase(work, trig.end(), ends)
        if not words or (words[0].group()[0].isupper() and not words[-1].group().islower()):
            continue
        begin, end = words[0].start(), words[-1].end()
        last = words[-1].group().lower()
        measured = _MEASURED.match(work[end : end + 30]) is not None
        if last in heads and len(words) == 1:
            tail = re.match(
                r"\s+of\s+[a-z][a-z -]{3,60}?(?=[,.;]|\s+(?:to|in|for|and|with)\b)", work[end : end + 80]
            )
            if tail is None or _CLAUSE_IN_TAIL.search(tail.group()):
                continue  # "development of the region by issuing measures": a clause, not a name
            end += tail.end()
        elif not ((last in heads and len(words) >= 2) or measured):
            continue
        elif all(w.group().lower() in patterns.words["vagueModifiers"] for w in words[:-1]) and not measured:
            continue  # "multiple measures", "specially tailored measures": no programme named
        if not overlaps(begin, end, skip) and end <= sentences.sentence(begin)[1]:
            found.append(initiative(work[begin:end], begin, end))
    return found


_MEASURED = re.compile(r"\s+of\s+(?:about\s+|more than\s+|over\s+)?\d")
_CLAUSE_IN_TAIL = re.compile(r"\b(?:by|through|via)\b|\b[a-z]+ing\b")


def _phrase(work: str, start: int, ends: frozenset[str]) -> list[re.Match[str]]:
    """The noun phrase after a verb: up to 8 words, stopping at punctuation, quotes or a function word."""
    text = work[start : start + 120]
    if not text.startswith(" "):
        return []
    words: list[re.Match[str]] = []
    last = 0
    for m in _WORD.finditer(text):
        if text[last : m.start()].strip() or len(words) >= 8:
            break
        token = m.group()
        last = m.end()
        if token == ",":
            if not words or not re.match(
                r",\s+[a-z]+(?:\s+[a-z]+){0,2}\s+(?:project|programme|plan|system)\b", text[m.start() :]
            ):
                break
            continue
        if token.lower() in ends or token.isdigit():
            break
        if not words and token.lower() in DETERMINERS:
            continue
        words.append(m)
    return [_Shift(w, start) for w in words]


class _Shift:
    """A word match moved to offsets in the whole text."""

    __slots__ = ("_m", "_d")

    def __init__(self, match: re.Match[str], delta: int) -> None:
        self._m, self._d = match, delta

    def start(self) -> int:
        return self._m.start() + self._d

    def end(self) -> int:
        return self._m.end() + self._d

    def group(self) -> str:
        return self._m.group()


def find_lists(
    work: str, patterns: Patterns, sentences: Sentences, skip: list[tuple[int, int]]
) -> list[Mention]:
    """Items of "X such as A, B and C" and "such X as A and B" lists, by the kind of X."""
    skip = Occupied(skip) if not isinstance(skip, Occupied) else skip
    found: list[Mention] = []
    for cue in _list_regex(patterns).finditer(work):
        s_begin, s_end = sentences.sentence(cue.start())
        head = cue.group(1) if cue.group(1) else work[max(s_begin, cue.start() - 50) : cue.start()]
        kind = _list_kind(head, patterns)
        if kind is None or (cue.group() == "," and not _counted(work, cue.end(), head, patterns)):
            continue
        if cue.group().strip() in "—–" and not _counted(work, cue.end(), head, patterns):
            continue
        for begin, end in _items(work, cue.end(), s_end, patterns):
            if overlaps(begin, end, skip):
                continue
            found.extend(_item_mentions(work, begin, end, kind, patterns))
    return found


@functools.cache
def _list_regex(patterns: Patterns) -> Folded:
    """A list cue: "such X as", a colon, "industries, " / "industries are", a dash, a listCues word.

    Every branch begins with a literal character and checks what comes before it after that
    character, so the regex engine skips ahead to those characters.
    """
    counted = r",(?<=industries,)(?=\s[a-z])"  # "two leading industries, A and B" (checked below)
    counted += (
        r"|a(?<=industries a)re(?= [a-z])|i(?<=industries i)nclude(?= [a-z])|c(?<=industries c)over(?= [a-z])"
    )
    counted += (
        r"|—(?<=[a-z]—) ?(?=[a-z])|–(?<=[a-z]–) ?(?=[a-z])|—(?<=[a-z] —) ?(?=[a-z])|–(?<=[a-z] –) ?(?=[a-z])"
    )
    listed = word_branches(fold(w) for w in patterns.lexicon.cue("listCues"))
    pattern = rf"s(?<!\w.)uch\s+((?:[\w-]+\s+){{1,4}}?)as\b|:(?<=[a-z]:)(?=\s)|{counted}|{listed}"
    return scanned(pattern, patterns.scanner, "phrases: list cues")


def _counted(work: str, after: int, head: str, patterns: Patterns) -> bool:
    """ "two leading industries, A and B": a number before the head noun, and no other list cue after."""
    if patterns.cue["listCues"].match(work, after + 1):
        return False
    words = head.lower().split()[-4:]
    return any(w.isdigit() or w in patterns.number_words for w in words)


def _list_kind(head: str, patterns: Patterns) -> str | None:
    words = re.findall(r"[a-z][\w-]*", head.lower())[-6:]
    text = " ".join(words)
    industry = max((m.end() for m in patterns.cue["industryHeads"].finditer(text)), default=-1)
    initiative_end = max(
        (m.end() for m in re.finditer(r"[\w-]+", text) if m.group() in patterns.words["initiativeHeads"]),
        default=-1,
    )
    if industry < 0 and initiative_end < 0:
        return None
    return "Industry" if industry >= initiative_end else "Initiative"


def _items(work: str, start: int, stop: int, patterns: Patterns) -> list[tuple[int, int]]:
    """(begin, end) of each list item after a list cue, up to the end of the list."""
    text = work[start:stop]
    cut = re.search(r"[;:()“”]|\s—|\s-\s|\.\s*$", text)
    text = text[: cut.start()] if cut else text
    ends = patterns.words["listEnds"]
    stop_word = next(
        (m for m in re.finditer(r"(?<![\w'-])[a-z]+(?![\w'-])", text) if m.group() in ends), None
    )
    text = text[: stop_word.start()].rstrip() if stop_word else text  # "A, B and C were completed"
    items: list[tuple[int, int]] = []
    for piece_begin, piece in _pieces(text, start, patterns):
        words = piece.split()
        keep = []
        for w in words:
            if w.lower() in ends:
                break
            keep.append(w)
        if keep and len(keep) <= 7:
            items.append((piece_begin, piece_begin + len(" ".join(keep))))
        if keep != words:
            break
    return items


def _pieces(text: str, start: int, patterns: Patterns) -> list[tuple[int, str]]:
    """Split a list at commas, then at "and"/"or" unless the whole piece is a lexicon industry."""
    labels = industry_index(patterns.lexicon).by_label
    pieces = []
    closed = False  # "A, B and C, earned ...": the list ended with its "and"
    for m in re.finditer(r"[^,]+", text):
        raw = m.group()
        lead = _LEAD.match(raw).end()
        if closed and not lead_conjunction(raw, lead):
            break
        body = raw[lead:].rstrip()
        inner = bool(pieces) and _CONJUNCTION.search(body) is not None  # not "wind and solar, hydrogen"
        closed = lead_conjunction(raw, lead) or inner
        if body.lower() in labels:
            pieces.append((start + m.start() + lead, body))
            continue
        if re.fullmatch(r"[A-Z][\w'.-]*(?: (?:and |of |the |for )*[A-Z][\w'.-]*)+", body):
            pieces.extend(_name_pieces(body, start + m.start() + lead, patterns))
            continue
        at = 0
        for sep in [*_CONJUNCTION.finditer(body), None]:
            piece_end = sep.start() if sep else len(body)
            if body[at:piece_end].strip():
                pieces.append((start + m.start() + lead + at, body[at:piece_end].strip()))
            at = sep.end() if sep else at
    return pieces


_LEAD = re.compile(r"\s*(?:(?:and|or|as well as)\s+)?")
_CONJUNCTION = re.compile(r"\s+(?:and|or|as well as)\s+")


def lead_conjunction(raw: str, lead: int) -> bool:
    return bool(raw[:lead].strip())


def _name_pieces(body: str, begin: int, patterns: Patterns) -> list[tuple[int, str]]:
    """Capitalised names joined by "and": split only between complete names ("Changchun Ice and Snow
    New World and Mt. Tianding Ski Resort" is two names)."""
    heads = (
        patterns.words["organizationHeads"]
        | patterns.words["visionHeads"]
        | patterns.words["initiativeHeads"]
    )
    return [(begin + b, body[b:e]) for b, e in split_names(body, 0, len(body), heads)]


def _item_mentions(work: str, begin: int, end: int, kind: str, patterns: Patterns) -> list[Mention]:
    text = work[begin:end]
    text_words = text.split()
    while text_words and text_words[0].lower() in DETERMINERS:
        begin += len(text_words.pop(0)) + 1
    text = work[begin:end]
    if not text or not re.search(r"[a-z]", text) or (kind == "Initiative" and re.match(r"[a-z]+ing\b", text)):
        return []
    if kind == "Industry":
        if (text[0].isupper() and not text.isupper()) or _verb_phrase(text, patterns):
            return []
        return [industry_mention(text, begin, end, text, patterns.lexicon)]
    if industry_index(patterns.lexicon).regex.fullmatch(text):
        return []
    mentions = [initiative(text.rstrip("."), begin, end - (text.endswith(".")))]
    owner = re.match(r"([A-Z][\w-]*)(?:'s)?\s+[a-z]", text)
    stops = patterns.words["acronymStops"]
    if (
        owner
        and (text[owner.end(1) :].startswith("'s") or owner.group(1).isupper())
        and owner.group(1).lower() not in stops
    ):
        name = owner.group(1)
        mentions.append(Mention(f"organization/{slug(name)}", "Organization", name, begin, begin + len(name)))
    return mentions


def _verb_phrase(text: str, patterns: Patterns) -> bool:
    """ "improving livelihoods", "upgrading": a list item that is an action, not an industry (a lexicon
    industry such as "manufacturing" or "mining" stays one)."""
    first = text.split()[0].lower()
    return first.endswith("ing") and not industry_index(patterns.lexicon).regex.match(text.lower())


_AS_INDUSTRIES = re.compile(r"as (?<= as )(?:[a-z][\w-]* ){0,3}industries\b")  # literal first
_WITH_LIST = re.compile(r"\bwith ((?:[a-z][\w-]*,? ){1,24}?)$")


def find_as_lists(work: str, patterns: Patterns) -> list[Mention]:
    """ "with A, B and C as strategic emerging industries": industries listed before their class (after
    "with", or after an earlier "X as the pillar industry and")."""
    found = []
    for m in _AS_INDUSTRIES.finditer(work):
        window_start = max(0, m.start() - 200)
        listed = _WITH_LIST.search(work, window_start, m.start())
        if listed is None:
            continue
        start = listed.start(1)
        for previous in _AS_BEFORE.finditer(work, start, m.start()):
            start = previous.end()
        text = _TRAILING_HEAD.sub("", work[start : m.start()].rstrip(", "))
        for begin, piece in _pieces(text, start, patterns):
            piece = _DETERMINER.sub("", piece)
            begin = work.find(piece, begin)
            if 0 < len(piece.split()) <= 4:
                found.append(industry_mention(piece, begin, begin + len(piece), piece, patterns.lexicon))
    return found


_AS_BEFORE = re.compile(
    r"\bas\s+(?:the\s+|an?\s+)?(?:[a-z][\w-]*\s+){0,3}(?:industry|industries|sectors?),?\s+and\s+"
)
_TRAILING_HEAD = re.compile(r"\s+(?:industry|industries|sectors?)\s*$")
_DETERMINER = re.compile(r"^(?:the|its|their)\s+")


def find_routes(work: str, patterns: Patterns, places: frozenset[str]) -> list[Mention]:
    """ "the Chengdu-Yibin high-speed railway": a named link between two places is an initiative."""
    found = []
    for m in finditer_at(_route_regex(patterns), work, _route_starts(work)):
        if all(end in places for end in m.group(1).split("-")):
            found.append(initiative(m.group(), m.start(), m.end()))
    return found


def _route_starts(work: str) -> list[int]:
    """Where a route's name may begin: at the capital before the lower-case letters before a hyphen that a
    capital follows ("Chengdu-Yibin")."""
    starts = []
    for m in _HYPHEN_CAPITAL.finditer(work):
        begin = m.start()
        while begin > 0 and "a" <= work[begin - 1] <= "z":
            begin -= 1
        if begin < m.start() and begin > 0 and "A" <= work[begin - 1] <= "Z":
            starts.append(begin - 1)
    return starts


_HYPHEN_CAPITAL = re.compile(r"-(?=[A-Z])")


@functools.cache
def _route_regex(patterns: Patterns) -> re.Pattern[str]:
    heads = alternation(h for h in patterns.lexicon.cue("initiativeHeads") if h.islower())
    return re.compile(rf"([A-Z](?<!\w.)[a-z]+(?:-[A-Z][a-z]+)+)(?: [a-z][\w-]*){{0,3}}? (?:{heads})\b")


def find_programmes(work: str, patterns: Patterns) -> list[Mention]:
    """Well-known programmes named in lower case ("targeted poverty alleviation", "supply-side structural
    reform", "high-standard farmland"): the lexicon's list, longest form first."""
    return [
        initiative(work[m.start() : m.end()], m.start(), m.end())
        for m in patterns.cue["programmes"].finditer(work)
    ]


def find_named_facilities(work: str, patterns: Patterns, places: frozenset[str]) -> list[Mention]:
    """ "the new Lingang area", "Suining high-tech zone", "Hongqi smart town": a capitalised name before a
    lower-case facility noun (a place name alone before it is the place's area, not an initiative)."""
    found = []
    leading = patterns.words["leadingWords"]
    for m in finditer_at(_facility_regex(patterns), work, _facility_starts(work, patterns)):
        name, modifiers = m.group("name"), m.group("modifiers") or ""
        words = name.split()
        while words and words[0].lower() in leading:
            words.pop(0)
        if not words or (" ".join(words) in places and not modifiers.strip()):
            continue
        begin = m.start("name") + name.index(words[0])
        found.append(initiative(work[begin : m.end()], begin, m.end()))
    return found


def _facility_starts(work: str, patterns: Patterns) -> list[int]:
    """Where a named facility may begin: a name is made of word characters, apostrophes, hyphens and spaces
    and ends in a facility noun after a space, so at the capitals of the runs of such characters that hold one.
    """
    starts: list[int] = []
    done = 0  # the end of the last run read
    for head in _facility_heads(patterns).finditer(work):
        if head.start() < done:
            continue
        begin, end = run_around(work, head.start(), head.end(), _NOT_NAME)
        starts += [m.start() for m in _CAPITAL_START.finditer(work, begin, end)]
        done = end
    return starts


_NOT_NAME = re.compile(r"[^\w\s'-]")
_CAPITAL_START = re.compile(r"[A-Z](?<![\w'-].)")


@functools.cache
def _facility_heads(patterns: Patterns) -> re.Pattern[str]:
    return re.compile(rf"\s(?:{alternation(patterns.lexicon.cue('facilityHeads'))})(?![\w-])")


@functools.cache
def _facility_regex(patterns: Patterns) -> re.Pattern[str]:
    heads = alternation(patterns.lexicon.cue("facilityHeads"))
    return re.compile(
        r"(?P<name>[A-Z](?<![\w'-].)[\w'-]*\s+(?:[A-Z][\w'-]*\s+){0,2})(?P<modifiers>(?:[a-z][\w-]*\s+){0,2}?)"
        rf"(?:{heads})(?![\w-])"
    )
