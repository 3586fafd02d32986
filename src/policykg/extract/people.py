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
_BYLINE = re.compile(rf"\bBy ((?:{_NAME})(?:(?:, | and ){_NAME})*)(?= ?[(\n]| [0-9]|, [A-Z][a-z]+ of )")
_INTERVIEW = re.compile(rf"\b[Ii]nterview with ({_NAME}), ([^\n]+?)(?=\n|$|\. [A-Z])")
_TITLED = r"(?<![\w-])({name}), ((?:[a-z]+ )?[A-Z][a-z-]+(?: [a-z-]+)*? of (?:the )?[^,.;\n]+)"
_SAID = r"\b(?:said|says|according to) ({name})\b|(?<![\w-])({name}),? (?:said|says)\b"
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
    titles = patterns.words["personTitles"]
    titled, said = _surname_regexes(patterns)
    for m in titled.finditer(work):
        if m.group(2).split()[0].lower() in titles:
            names[m.group(1)] = names.get(m.group(1)) or m.group(2).strip()
    for m in said.finditer(work):
        names.setdefault(m.group(1) or m.group(2), None)
    for m in _titled_before(patterns).finditer(work):
        names[m.group(2)] = names.get(m.group(2)) or m.group(1)
    return _occurrences(work, names)


@functools.cache
def _surname_regexes(patterns: Patterns) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "X, Mayor of Y" and "said X" where X starts with a known family name."""
    name = patterns.surname_name
    return re.compile(_TITLED.format(name=name)), re.compile(_SAID.format(name=name))


@functools.cache
def _titled_before(patterns: Patterns) -> re.Pattern[str]:
    """ "Acting Mayor Luo Yunfeng": a capitalised title right before a name with a known family name."""
    titles = alternation(
        t.title() for t in patterns.lexicon.cue("personTitles") if " " not in t and t.islower()
    )
    prefix = r"(?:(?:Acting|Vice|Deputy|Executive|Party) )*"
    return re.compile(rf"\b({prefix}(?:{titles}))\s+({patterns.surname_name})\b")


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
    if m := (_SOURCE.search(head) or _PAREN_PUBLISHER.search(head)):
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
