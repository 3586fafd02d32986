"""Find industries (lexicon labels, "X industry") and industrial systems ("1 plus 6", "4+4", "N+M+X").

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from policykg.extract.grammar import NOT_MODIFIERS
from policykg.extract.mentions import Mention, Occupied, overlaps, slug, tidy
from policykg.extract.patterns import Folded, Patterns, Scanned, alternation, finditer_at, fold, run_around
from policykg.model import IndustryTerm, Lexicon, fast_init

_SUFFIX = r"(?:\s+(?:industry|industries|sector|sectors))?"
_FORMULA = re.compile(
    r"(?=[“'\dA-Z])(?P<q>[“'])?(?P<f>(?<![\w.,])(?:\d{1,2}|[A-Z])(?:\s*(?:\+|plus)\s*(?:\d{1,2}|[A-Z]))+)(?![\w%])[”']?"
)


@dataclass(frozen=True, slots=True)
class IndustryIndex:
    """Compiled industry labels of one lexicon."""

    regex: Folded  # case-insensitive labels
    folded: tuple[str, ...]  # those labels folded
    acronyms: re.Pattern[str]  # all-caps labels, case-sensitive
    by_label: dict[str, IndustryTerm]  # lower-cased label → term
    capitalised: frozenset[str]  # labels the lexicon writes with a capital ("IoT", "Internet of Things")


@functools.cache
def industry_index(lexicon: Lexicon) -> IndustryIndex:
    """Index the lexicon's industries by every label (cached per lexicon)."""
    by_label: dict[str, IndustryTerm] = {}
    plain, caps = [], []
    for term in lexicon.industries:
        for label in (term.label, *term.alt_labels):
            by_label.setdefault(label.lower(), term)
            (caps if label.isupper() else plain).append(label)
    folded = tuple(fold(label) for label in plain)
    body = alternation(folded) or "(?!x)x"
    return IndustryIndex(
        regex=Folded(rf"(?<![\w-])(?:{body}){_SUFFIX}(?![\w-])"),
        folded=folded,
        acronyms=re.compile(_acronym_pattern(caps)),
        by_label=by_label,
        capitalised=frozenset(label for label in plain if label[:1].isupper()),
    )


@functools.cache
def _labels(patterns: Patterns) -> Scanned:
    """The industry labels' regex, found over whole documents by the lexicon's one ``Scanner`` pass."""
    index = industry_index(patterns.lexicon)
    return Scanned(index.regex.pattern, patterns.scanner, "industries: labels", index.folded)


def _acronym_pattern(labels: list[str]) -> str:
    r"""All-caps labels as whole words; ``\b`` checked after the first letter (``re`` skips ahead to capitals).

    >>> _acronym_pattern(["AI", "NEV"]), _acronym_pattern(["(AI)"])
    ('(?:A(?<!\\w.)I|N(?<!\\w.)EV)\\b', '\\b(?:\\(AI\\))\\b')
    """
    if labels and all(label[0].isalnum() or label[0] == "_" for label in labels):
        return alternation(labels, after_first=_NO_WORD_BEFORE_FIRST) + r"\b"
    return rf"\b(?:{alternation(labels) or '(?!x)x'})\b"


_PLURAL_HEAD = re.compile(r"\s+(?:industries|sectors)$", re.IGNORECASE)
_LOWER_WORD = re.compile(r"[a-z][\w-]*")
_PLUS = re.compile(r"\s*(?:\+|plus)\s*")
_HEAD_NOUN = re.compile(r"\s+(?:industry|industries|sector|sectors)$")
_NO_WORD_BEFORE_FIRST = r"(?<!\w.)"


def industry_mention(label: str, begin: int, end: int, surface: str, lexicon: Lexicon) -> Mention:
    """The Mention of an industry named ``label``: the lexicon concept when it has one."""
    index = industry_index(lexicon)
    base = _HEAD_NOUN.sub("", label.lower())
    term = next(
        (
            index.by_label[k]
            for k in (label.lower(), base, base + "s", base.removesuffix("s"))
            if k in index.by_label
        ),
        None,
    )
    surface = tidy(surface)
    if term is not None:
        alt = (surface,) if surface.lower() != term.label.lower() else ()
        return Mention(term.key, "Industry", term.label, begin, end, alt)
    plain = _PLURAL_HEAD.sub(" industry", tidy(label))  # one name
    return Mention(
        f"industry/{slug(base)}", "Industry", plain, begin, end, (tidy(surface),) if surface != plain else ()
    )


def find_industries(work: str, patterns: Patterns) -> list[Mention]:
    """Industries named by a lexicon label, then "X industry" phrases not in the lexicon."""
    lexicon = patterns.lexicon
    index = industry_index(lexicon)
    mentions = []
    generic = patterns.words["genericLabels"]
    for regex in (_labels(patterns), index.acronyms):
        for m in regex.finditer(work):
            surface = work[m.start() : m.end()]
            if surface.lower() in generic and _modified(work, m.start(), patterns):
                continue  # "testing services", "1,136 services": not the service industry
            bare = _HEAD_NOUN.sub("", surface)
            if regex is index.acronyms or not surface[0].isupper() or bare in index.capitalised:
                mentions.append(industry_mention(surface, m.start(), m.end(), surface, lexicon))
    taken = Occupied((m.begin, m.end) for m in mentions)
    mentions += _coordinated(work, patterns, taken)
    taken = Occupied((m.begin, m.end) for m in mentions)
    modifiers = patterns.words["industryModifiers"]
    for head in _INDUSTRY_NOUN.finditer(work):
        m = _WORDS_BEFORE.match(work[max(0, head.start() - 60) : head.start()][::-1])
        if m is None:
            continue
        words = m.group(1)[::-1]
        tokens = list(_TOKEN.finditer(words))
        kept = 0
        for token in reversed(tokens):
            if token.group().lower() in modifiers or kept == 2:
                break
            kept += 1
        if not kept:
            continue
        begin = head.start() - len(words) + tokens[-kept].start()
        if _INFINITIVE.search(work, max(0, begin - 12), begin):
            continue  # "designed to draft industry standards": a verb, not an industry's name
        if not overlaps(begin, head.end(), taken):
            surface = work[begin : head.end()]
            mentions.append(industry_mention(surface, begin, head.end(), surface, lexicon))
    return sorted(mentions, key=lambda x: (x.begin, x.end))


# r"(?<![\w'-])((?:[a-z][a-z-]*\s+){1,3})$" (the one to three lower-case words before a noun) written backwards,
# for the reversed text before it: matched from its end, not searched for from every offset
_WORDS_BEFORE = re.compile(r"((?:\s+[a-z-]*[a-z]){1,3})(?![\w'-])")
_TOKEN = re.compile(r"\S+")
_INDUSTRY_NOUN = re.compile(r"industr(?<=[a-z] industr)(?:y|ies)\b")  # literal first: re skips ahead
_INFINITIVE = re.compile(r"\b(?:to|will|shall|can|must|should|would|could)\s+$")


def _modified(work: str, begin: int, patterns: Patterns) -> bool:
    """Whether a lower-case word or a number (not a function word) comes right before ``begin``."""
    previous = _PREVIOUS.search(work, max(0, begin - 30), begin)
    if previous is None:
        return False
    word = previous.group(1)
    if word[-1] in ",." or word.lower() in NOT_MODIFIERS or word.lower() in patterns.words["listEnds"]:
        return False
    return word[0].isdigit() or word[0].islower()


_PREVIOUS = re.compile(r"([\w,.-]+) $")
_COORDINATED = re.compile(
    r"(?<![\w'-])((?:[a-z][\w-]*, )+(?:[a-z][\w-]*,? )?and [a-z][\w-]*)(?= industries\b)"
)


def _coordinated(work: str, patterns: Patterns, taken: Occupied) -> list[Mention]:
    """ "the liquor, energy and chemical industries": one industry per coordinated word."""
    modifiers = patterns.words["industryModifiers"]
    found = []
    for m in _coordinations(work):
        for w in _LOWER_WORD.finditer(m.group(1)):
            word = w.group()
            if word in modifiers or word == "and":
                continue
            begin, end = m.start(1) + w.start(), m.start(1) + w.end()
            if not overlaps(begin, end, taken):
                found.append(industry_mention(word, begin, end, word, patterns.lexicon))
    return found


def _coordinations(work: str) -> list[re.Match[str]]:
    """What ``_COORDINATED.finditer(work)`` finds, searched only in the runs of letters, digits, hyphens, commas
    and spaces (all a match is made of; none crosses another character) that hold " industries"."""
    found: list[re.Match[str]] = []
    done = 0  # the text before it is searched
    at = work.find(" industries")
    while at >= 0:
        if at >= done:
            begin, end = run_around(work, at, at + len(" industries"), _NOT_IN_LIST)
            found += _COORDINATED.finditer(work, begin, min(end + 1, len(work)))
            done = end
        at = work.find(" industries", at + 1)
    return found


_NOT_IN_LIST = re.compile(r"[^\w, -]")  # what no coordinated list holds


@fast_init
@dataclass(frozen=True, slots=True)
class SystemMention:
    """An industrial-system formula and the words that follow it."""

    formula: str  # "1 plus 6"
    begin: int
    end: int
    parts: tuple[int, ...]  # (1, 6); a letter ("N") counts as 0


def find_systems(work: str, patterns: Patterns) -> list[SystemMention]:
    """Formulas like "1 plus 6" or “4+4” that name an industrial system (quoted or followed by a system noun)."""
    heads = patterns.cue["systemHeads"]
    found = []
    for m in finditer_at(_FORMULA, work, _formula_starts(work)):
        after = work[m.end() : m.end() + 60]
        head = heads.search(after)
        near = head is not None and len(after[: head.start()].split()) <= 2
        other = patterns.cue["notSystemHeads"].search(" ".join(after.split()[:2]))
        if not (m.group("q") or near) or other is not None:
            continue
        pieces = _PLUS.split(m.group("f"))
        parts = tuple(int(p) if p.isdigit() else 0 for p in pieces)
        found.append(SystemMention(m.group("f"), m.start("f"), m.end("f"), parts))
    return found


def _formula_starts(work: str) -> list[int]:
    """Where a formula may begin: at the one or two digits or the capital before each "+" or "plus" (and
    at a quote before them); a text without one has none."""
    starts = set()
    for operator in ("+", "plus"):
        at = work.find(operator)
        while at >= 0:
            end = at
            while end > 0 and work[end - 1].isspace():
                end -= 1
            operand = (
                [end - 1] if end > 0 and ("A" <= work[end - 1] <= "Z" or work[end - 1].isdigit()) else []
            )
            if operand and end > 1 and work[end - 1].isdigit() and work[end - 2].isdigit():
                operand.append(end - 2)
            for begin in operand:
                starts.add(begin)
                if begin > 0 and work[begin - 1] in "“'":
                    starts.add(begin - 1)
            at = work.find(operator, at + 1)
    return sorted(starts)


def industries_inside(work: str, spans: list[tuple[int, int]], patterns: Patterns) -> list[Mention]:
    """Lexicon industries inside capitalised names ("Kunshan Semiconductor Industrial Park")."""
    found = []
    for begin, end in spans:
        for m in _labels(patterns).finditer(work, begin, end):
            surface = work[m.start() : m.end()]
            found.append(industry_mention(surface, m.start(), m.end(), surface, patterns.lexicon))
    return found
