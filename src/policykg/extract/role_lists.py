"""An industrial structure declared without a formula: "three pillar industries: A, B and C" and
"three emerging industries: D, E and F" make one IndustrialSystem of the city, its lists' items
pillarIndustry or emergingIndustry by the role words of each list's head.

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import bisect
import functools
import re

from policykg.extract.mentions import Mention, slug
from policykg.extract.patterns import Patterns, alternation, finditer_at, run_around
from policykg.extract.sentences import Sentences
from policykg.model import PK_IRI, Fact


@functools.cache
def _head_regex(patterns: Patterns) -> re.Pattern[str]:
    """A counted role phrase that opens a list: "three pillar industries:", "4 emerging industries, namely"."""
    words = alternation(patterns.number_words)
    return re.compile(
        rf"(?<![\w-])(?:\d{{1,2}}|(?i:{words}))\s+((?:[a-z][\w-]*\s+){{1,3}})(?:industries|sectors)"
        r"(?=\s*:|,?\s+(?:namely|including|such as|which are|are|include|includes)\b)"
    )


def _heads(work: str, patterns: Patterns) -> list[re.Match[str]]:
    """What ``_head_regex(patterns).finditer(work)`` finds: a head is made of word characters, hyphens and
    spaces and ends in "industries" or "sectors", so it is tried only at the word starts of the runs of such
    characters that hold one of the two words."""
    regex = _head_regex(patterns)
    if not _heads_in_runs(patterns):
        return list(regex.finditer(work))
    found = sorted(
        at for word in ("industries", "sectors") for at in _offsets(work, word)
    )  # (a text without the two words has no head)
    starts: list[int] = []
    done = 0  # the end of the last run read
    for at in found:
        if at < done:
            continue
        begin, end = run_around(work, at, at, _NOT_HEAD)
        starts += [m.start() for m in _WORD_START.finditer(work, begin, end)]
        done = end
    return list(finditer_at(regex, work, starts))


def _offsets(text: str, word: str) -> list[int]:
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _in_run(char: str) -> bool:
    return char.isalnum() or char.isspace() or char in "_-"


_NOT_HEAD = re.compile(r"[^\w\s-]")  # what no head holds


@functools.cache
def _heads_in_runs(patterns: Patterns) -> bool:
    """Whether every number word begins with a word character and is made of run characters."""
    return all(_WORD_START.match(w) and all(_in_run(c) for c in w) for w in patterns.number_words)


_WORD_START = re.compile(r"(?<![\w-])\w")


def role_system(
    mentions: list[Mention], sentences: Sentences, patterns: Patterns, city: str | None
) -> tuple[list[Mention], list[Fact]]:
    """One IndustrialSystem for the counted role lists of a document (none when it has fewer than two)."""
    if not city or not city.startswith("city/"):
        return [], []
    industries = sorted((m for m in mentions if m.kind == "Industry"), key=lambda m: m.begin)
    begins = [m.begin for m in industries]
    lists = []
    work = sentences.work
    for head in _heads(work, patterns):
        role = _role(head.group(1), patterns)
        end = sentences.sentence(head.start())[1]
        items = industries[bisect.bisect_left(begins, head.end()) : bisect.bisect_left(begins, end)]
        if role is not None and items:
            lists.append((head, role, items))
    if len({role for _, role, _ in lists}) < 2 and not any(
        _enumerated(sentences.work, h) for h, _, _ in lists
    ):
        return [], []  # one partial list ("such as") is an example, not the city's declared structure
    label = " and ".join(head.group() for head, _, _ in lists)
    key = f"industrial-system/{city.split('/')[-1]}-{slug(label)}"
    found = [Mention(key, "IndustrialSystem", label, h.start(), h.end()) for h, _, _ in lists]
    facts = [Fact(city, PK_IRI + "industrialSystem", key)]
    facts += [Fact(key, PK_IRI + role, m.key) for _, role, items in lists for m in items]
    return found, facts


def _enumerated(work: str, head: re.Match[str]) -> bool:
    """ "its three pillar industries are A, B and C": the city's own list, naming all of them (not "will
    foster two emerging industries: A and B")."""
    owned = _OWNER.search(work, max(0, head.start() - 24), head.start()) is not None
    return owned and _ENUMERATION.match(work, head.end()) is not None


_OWNER = re.compile(r"(?:\b(?:its|their)|['’]s)\s+$", re.IGNORECASE)
_ENUMERATION = re.compile(r"\s*:|,?\s+(?:namely|which are|are)\b")


def _role(modifiers: str, patterns: Patterns) -> str | None:
    words = modifiers.lower().split()
    if any(w in patterns.words["emergingCues"] for w in words):
        return "emergingIndustry"
    if any(w in patterns.words["pillarCues"] for w in words):
        return "pillarIndustry"
    return None
