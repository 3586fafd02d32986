"""Find persons (bylines, "Interview with X, <position>", "X, Mayor of Y", speaker turns "X: ...") and
the document's header (title, date, publisher).

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.grammar import NOT_FIRST_NAMES
from policykg.extract.mentions import Mention, slug
from policykg.extract.patterns import AFTER_FIRST, Folded, Patterns, alternation, scanned, whole_words
from policykg.model import PK_IRI, DocumentMeta

_NAME_REST = r"[a-z]+(?:[ -][A-Z][a-z]+){1,2}"  # a name after its first letter
_NAME = rf"[A-Z]{_NAME_REST}"
_BYLINE = re.compile(
    rf"B(?<!\w.)y ((?:{_NAME})(?:(?:, | and ){_NAME})*)(?= ?[(\n|]| [0-9]|, [A-Z][a-z]+ of )"
)
_PIPE_PUBLISHER = re.compile(r"B(?<!\w.)y [^|\n]{3,60}\|\s*([A-Z][^|\n]{2,60}?)\s*\|")
_INTERVIEW = rf"[Ii](?<!\w.)nterview with ({_NAME}), ([^\n]+?)(?=\n|$|\. [A-Z])"
_SPEAKER = re.compile(rf"^({_NAME}): ", re.MULTILINE)
# Regexes that begin with a literal character, with the check of what stands before it written after it
# (``(?<!\w.)`` after a letter is ``\b`` before it): ``re`` skips ahead to that character.
_AFTER_LETTER = r"(?<!\w.)"
POSITION = PK_IRI + "position"


@functools.cache
def _interview(patterns: Patterns) -> re.Pattern[str] | Folded:
    return scanned(_INTERVIEW, patterns.scanner, "people: interview with", folds=False)


def find_persons(work: str, patterns: Patterns, not_names: frozenset[str] = frozenset()) -> list[Mention]:
    """Every person the text names, each occurrence of each name; positions as ``pk:position``.
    ``not_names``: capitalised names that are something else (places: "Hong Kong")."""
    surnames = patterns.lexicon.cue("surnames")
    stops = set(patterns.lexicon.cue("speakerStops"))
    names: dict[str, str | None] = {}
    for m in _BYLINE.finditer(work[:600]):
        for name in re.split(r", | and ", m.group(1)):
            names.setdefault(name, None)
    for m in _interview(patterns).finditer(work):
        names[m.group(1)] = m.group(2).strip()
    for m in _SPEAKER.finditer(work):
        if m.group(1).split()[0] not in stops and m.group(1).split()[0] in surnames:
            names.setdefault(m.group(1), None)
    _named_in_context(work, patterns, names)
    _appositions(work, patterns, names)
    for name in [n for n in names if n in not_names or _not_a_person(n, patterns)]:
        del names[name]
    return _occurrences(work, names)


def _named_in_context(work: str, patterns: Patterns, names: dict[str, str | None]) -> None:
    """Names with a known family name that a title or a reporting verb marks as a person:
    "X, Mayor of Y", "Acting Mayor X", "said worker X", "his wife X", "said X", "X said", "X, who"."""
    titles = patterns.words["personTitles"]
    relations = patterns.words["personRelations"]
    name_regex, before_regex = _context_regexes(patterns)
    for m in name_regex.finditer(work):
        name = m.group()
        after = work[m.end() : m.end() + 160]
        before = work[max(0, m.start() - 40) : m.start()]
        titled = _TITLED_AFTER.match(after)
        if titled and any(w.lower() in titles for w in titled.group(1).split()[:3]):
            names[name] = names.get(name) or titled.group(1).strip()
        elif (title := before_regex.search(before)) is not None:
            position = None if title.group(1).lower() in relations else title.group(1)
            names[name] = names.get(name) or position
        elif _SAID_AFTER.match(after) or _SAID_BEFORE.search(before) or _WHO_AFTER.match(after):
            names.setdefault(name, None)


_TITLED_AFTER = re.compile(r", ((?:[a-z]+ ){0,2}[A-Za-z][a-z-]+(?: [a-z-]+)*? of (?:the )?[^,.;\n]+)")
_SAID_AFTER = re.compile(r",? (?:said|says|told|added|noted)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to|told by) $")
_WHO_AFTER = re.compile(r", who\b")


def _appositions(work: str, patterns: Patterns, names: dict[str, str | None]) -> None:
    """Any capitalised name (Chinese, Mongolian or Western) with a position beside a reporting verb:
    "X, Party secretary of the province, said", "said X, an analyst at Y", "according to X, head of Y"."""
    for m in _apposition_regex(patterns).finditer(work):
        name, position = m.group("name"), m.group("position").strip()
        if name.split()[0].lower() in NOT_FIRST_NAMES:
            name = name.split(" ", 1)[1]
            if " " not in name:
                continue
        reported = _SAID_AFTER.match(work, m.end()) or _SAID_BEFORE.search(
            work, max(0, m.start() - 16), m.start()
        )
        if reported is None and not _REPORT_END.match(work, m.end()):
            continue
        names[name] = names.get(name) or position


_REPORT_END = re.compile(r"[,.]? *(?:\n|$)|\.\s")  # "..., said Y, an analyst at Z."


@functools.cache
def _apposition_regex(patterns: Patterns) -> re.Pattern[str]:
    titles = alternation(t.lower() for t in patterns.lexicon.cue("personTitles"))
    titles += "|" + alternation(t.title() for t in patterns.lexicon.cue("personTitles"))
    return re.compile(
        rf"(?P<name>[A-Z](?<![\w'-].){_NAME_REST}), (?:an? |the )?"
        rf"(?P<position>(?:[\w'&-]+ ){{0,3}}?(?:{titles})(?![\w-])[^,;\n]{{0,100}}?)(?=,|\.\s|\.$)"
    )


def _not_a_person(name: str, patterns: Patterns) -> bool:
    """A capitalised pair that is an organization, an initiative or a common word ("Party Secretary")."""
    not_names = _not_name_words(patterns)
    return any(w.lower() in not_names for w in name.split()) or bool(
        patterns.cue["organizationNames"].search(name)
    )


@functools.cache
def _not_name_words(patterns: Patterns) -> frozenset[str]:
    """Words no person's name holds: head words of organizations and initiatives, titles, speaker stops, months."""
    words = patterns.words
    return (
        words["organizationHeads"]
        | words["initiativeHeads"]
        | words["personTitles"]
        | words["speakerStops"]
        | words["months"]
    )


@functools.cache
def _context_regexes(patterns: Patterns) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name that starts with a known family name; a title right before a name ("Mayor X", "worker X")."""
    forms = [t for t in patterns.lexicon.cue("personTitles") if " " not in t and t.islower()]
    titles = alternation([t.title() for t in forms] + forms + list(patterns.lexicon.cue("personRelations")))
    prefix = r"(?:(?:Acting|Vice|Deputy|Executive|Party) )*"
    surnames = alternation(patterns.lexicon.cue("surnames"), after_first=AFTER_FIRST)
    name = re.compile(rf"(?:{surnames})(?:[ -][A-Z][a-z]+){{1,2}}(?![\w-])")
    return name, re.compile(rf"\b({prefix}(?:{titles}))\s+$")


def _occurrences(work: str, names: dict[str, str | None]) -> list[Mention]:
    """Every whole-word occurrence of the ``names``, left to right, the longest name where several begin, none
    inside another: what ``re.finditer`` of their trie alternation between ``[\\w-]`` bounds finds, by
    ``str.find`` (a document's few names are no regex to build and compile)."""
    longest: dict[int, int] = {}  # where a name begins -> the end of the longest one there
    for name in names:
        for at in whole_words(work, name) if name else ():
            longest[at] = max(longest.get(at, at), at + len(name))
    mentions, free = [], 0
    for begin in sorted(longest):
        if begin < free:
            continue
        free = longest[begin]
        name = work[begin:free]
        properties = ((POSITION, names[name]),) if names[name] else ()
        mentions.append(Mention(f"person/{slug(name)}", "Person", name, begin, free, (), (), properties))
    return mentions


_ISO_DATE = re.compile(r"(\d(?<!\d.)\d{3})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_SOURCE = re.compile(r"S(?<![A-Za-z].)ource\s*:\s*([^\n|]+?)\s*(?=\n|$|\s{2}|【|\[|\|)")
_PAREN_PUBLISHER = re.compile(r"\(\s*([A-Z][^()\n]{2,60}?)\s*\)\s*\d{1,2}:\d{2}")


@functools.cache
def _long_date(patterns: Patterns) -> re.Pattern[str]:
    """ "May 5, 2020": a month name of the lexicon's Month table, a day and a year."""
    months = alternation(patterns.lexicon.table("Month"), after_first=_AFTER_LETTER)
    return re.compile(rf"({months})\.? (\d{{1,2}}), (\d{{4}})\b")


def read_meta(work: str, patterns: Patterns) -> tuple[DocumentMeta, tuple[int, int] | None]:
    """Title, ISO date and publisher from the header; with the publisher's span when stated."""
    head = work[:800]
    date = None
    if m := _ISO_DATE.search(head):
        date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    elif m := _long_date(patterns).search(head):
        month = int(patterns.lexicon.table("Month")[m.group(1)])
        date = f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"
    publisher, span = None, None
    if m := (_SOURCE.search(head) or _PAREN_PUBLISHER.search(head) or _PIPE_PUBLISHER.search(head)):
        publisher, span = m.group(1).strip(), (m.start(1), m.start(1) + len(m.group(1).strip()))
    return DocumentMeta(title=_title(work), date=date, publisher=publisher), span


def _title(work: str) -> str | None:
    lines = [line.strip() for line in work[:2000].split("\n") if line.strip()]
    if not lines:
        return None
    first = lines[0]
    cut = re.search(r"\s(?:By [A-Z]|\(|\d{1,2}:\d{2})", first[:300])
    if cut:
        return first[: cut.start()].strip()
    return first if len(first) <= 300 else None
