"""Find persons (bylines, "Interview with X, <position>", "X, Mayor of Y", speaker turns "X: ...") and
the document's header (title, date, publisher).

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.mentions import Mention, slug
from policykg.extract.patterns import Patterns, alternation
from policykg.model import PK_IRI, DocumentMeta

_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
_BYLINE = re.compile(rf"\bBy ((?:{_NAME})(?:(?:, | and ){_NAME})*)(?= ?[(\n|]| [0-9]|, [A-Z][a-z]+ of )")
_PIPE_PUBLISHER = re.compile(r"\bBy [^|\n]{3,60}\|\s*([A-Z][^|\n]{2,60}?)\s*\|")
_INTERVIEW = re.compile(rf"\b[Ii]nterview with ({_NAME}), ([^\n]+?)(?=\n|$|\. [A-Z])")
_SPEAKER = re.compile(rf"^({_NAME}): ", re.MULTILINE)
POSITION = PK_IRI + "position"


def find_persons(work: str, patterns: Patterns) -> list[Mention]:
    """Every person the text names, each occurrence of each name; positions as ``pk:position``."""
    surnames = patterns.lexicon.cue("surnames")
    stops = set(patterns.lexicon.cue("speakerStops"))
    names: dict[str, str | None] = {}
    for m in _BYLINE.finditer(work[:600]):
        for name in re.split(r", | and ", m.group(1)):
            names.setdefault(name, None)
    for m in _INTERVIEW.finditer(work):
        names[m.group(1)] = m.group(2).strip()
    for m in _SPEAKER.finditer(work):
        if m.group(1).split()[0] not in stops and m.group(1).split()[0] in surnames:
            names.setdefault(m.group(1), None)
    _named_in_context(work, patterns, names)
    return _occurrences(work, names)


def _named_in_context(work: str, patterns: Patterns, names: dict[str, str | None]) -> None:
    """Names with a known family name that a title or a reporting verb marks as a person:
    "X, Mayor of Y", "Acting Mayor X", "said X", "X said"."""
    titles = patterns.words["personTitles"]
    name_regex, before_regex = _context_regexes(patterns)
    for m in name_regex.finditer(work):
        name = m.group()
        after = work[m.end() : m.end() + 160]
        before = work[max(0, m.start() - 40) : m.start()]
        titled = _TITLED_AFTER.match(after)
        if titled and titled.group(1).split()[0].lower() in titles:
            names[name] = names.get(name) or titled.group(1).strip()
        elif (title := before_regex.search(before)) is not None:
            names[name] = names.get(name) or title.group(1)
        elif _SAID_AFTER.match(after) or _SAID_BEFORE.search(before):
            names.setdefault(name, None)


_TITLED_AFTER = re.compile(r", ((?:[a-z]+ )?[A-Z][a-z-]+(?: [a-z-]+)*? of (?:the )?[^,.;\n]+)")
_SAID_AFTER = re.compile(r",? (?:said|says)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to) $")


@functools.cache
def _context_regexes(patterns: Patterns) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name that starts with a known family name; a capitalised title right before a name."""
    titles = alternation(
        t.title() for t in patterns.lexicon.cue("personTitles") if " " not in t and t.islower()
    )
    prefix = r"(?:(?:Acting|Vice|Deputy|Executive|Party) )*"
    name = re.compile(rf"(?<![\w-]){patterns.surname_name}(?![\w-])")
    return name, re.compile(rf"\b({prefix}(?:{titles}))\s+$")


def _occurrences(work: str, names: dict[str, str | None]) -> list[Mention]:
    if not names:
        return []
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    mentions = []
    for m in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", work):
        name = m.group()
        properties = ((POSITION, names[name]),) if names[name] else ()
        mentions.append(
            Mention(f"person/{slug(name)}", "Person", name, m.start(), m.end(), (), (), properties)
        )
    return mentions


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_LONG_DATE = re.compile(rf"\b({_MONTHS})\.? (\d{{1,2}}), (\d{{4}})\b")
_SOURCE = re.compile(r"(?<![A-Za-z])Source\s*:\s*([^\n|]+?)\s*(?=\n|$|\s{2}|【|\[|\|)")
_PAREN_PUBLISHER = re.compile(r"\(\s*([A-Z][^()\n]{2,60}?)\s*\)\s*\d{1,2}:\d{2}")


def read_meta(work: str) -> tuple[DocumentMeta, tuple[int, int] | None]:
    """Title, ISO date and publisher from the header; with the publisher's span when stated."""
    head = work[:800]
    date = None
    if m := _ISO_DATE.search(head):
        date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    elif m := _LONG_DATE.search(head):
        month = _MONTHS.split("|").index(m.group(1)) + 1
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
