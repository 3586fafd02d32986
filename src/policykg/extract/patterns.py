"""Compile the lexicon's word lists into regular expressions, once per Lexicon.

May import: policykg.model, the standard library and pyahocorasick (one pass over a text for many word lists).
"""

from __future__ import annotations

import bisect
import functools
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from re import _constants, _parser

import ahocorasick

from policykg.model import Lexicon

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def alternation(words: Iterable[str], latin_bounds: bool = False, after_first: str = "") -> str:
    r"""A regex alternation of literal words as a character trie (fast in ``re``; longest match first).

    With ``latin_bounds``, a word that begins or ends with a Latin letter or digit matches only where
    no letter or digit touches it there ("gdp" not inside "gdps"; Chinese words match anywhere).

    >>> alternation(["a", "a b", "ab"])
    'a(?:(?:\\ b|b))?'
    >>> re.findall(alternation(["gdp", "gdp增速"], latin_bounds=True), "gdps gdp增速 gdp")
    ['gdp增速', 'gdp']

    ``after_first`` is written after the first character of every word (a look-behind guard there
    leaves the regex starting with literal characters, which ``re`` skips ahead to).

    >>> alternation(["ab", "c"], after_first="(?<!x.)")
    '(?:a(?<!x.)b|c(?<!x.))'
    """
    branches = _branches(words, latin_bounds, after_first)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")" if branches else ""


def word_branches(words: Iterable[str]) -> str:
    r"""``words`` as whole words, in top-level branches that each begin with a literal character, for
    joining with other such branches into one regex that ``re`` runs by skipping ahead to those characters.

    >>> word_branches(["ab", "c"])
    'a(?<![\\w-].)b(?![\\w-])|c(?<![\\w-].)(?![\\w-])'
    """
    branches = _branches(words, False, AFTER_FIRST)
    return "|".join(b + r"(?![\w-])" for b in branches) if branches else r"(?!x)x"


def after_boundary(*words: str) -> str:
    r"""``\b(?:w1|w2|...)`` for words that begin with a word character, written so that the regex begins
    with their first letters (``re`` skips ahead to them): the same matches, in the same order of trial.

    >>> after_boundary("build", "builds", "make")
    '(?:b(?<!\\w.)(?:uild|uilds)|m(?<!\\w.)(?:ake))'
    """
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(rf"{re.escape(c)}(?<!\w.)(?:{'|'.join(r)})" for c, r in rests.items()) + ")"


def _branches(words: Iterable[str], latin_bounds: bool, after_first: str) -> list[str]:
    """One regex per first character of ``words``: that character, then the trie of the rest."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = _LATIN_END if latin_bounds and _latin(word[-1:]) else ""
    branches = []
    for char, child in sorted(trie.items()):
        guard = _LATIN_START if latin_bounds and _latin(char) else ""
        branches.append(guard + re.escape(char) + after_first + _trie_regex(child))
    return branches


_LATIN_START = r"(?<![A-Za-z0-9])"
_LATIN_END = r"(?![A-Za-z0-9])"


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _trie_regex(node: dict) -> str:
    end = node.get("")  # None: no word ends here; "" or a guard: one does
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return end or ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end is None:
        return body
    if end:
        return f"(?:{body}|{end})"
    return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"


def whole_words(text: str, word: str, start: int = 0) -> Iterator[int]:
    r"""Offsets of ``word`` in ``text`` from ``start`` where no word character or hyphen touches it: what
    ``re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, start)`` finds, by ``str.find``.

    >>> list(whole_words("Chitwing, Chitwings, e-Chitwing and Chitwing", "Chitwing"))
    [0, 36]
    """
    size = len(word)
    at = text.find(word, start)
    while at >= 0:
        before = text[at - 1 : at] if at > 0 else ""
        after = text[at + size : at + size + 1]
        if not _word_char(before) and not _word_char(after):
            yield at
            at = text.find(word, at + size)
        else:
            at = text.find(word, at + 1)


def _word_char(char: str) -> bool:
    r"""Whether ``char`` (one character or none) is what ``[\w-]`` matches."""
    return char.isalnum() or char == "_" or char == "-"


_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _ascii_lower(text: str) -> str:
    return text.translate(_FOLD)


_FOLDED: dict[int, tuple[str, str]] = {}  # id(text) -> (text, folded): looked up by identity, not content


def _fold_long(text: str) -> str:
    """``_fold`` of a long text, remembered for the last few texts (an equal text read again is a new object:
    comparing it by content on every search would cost a full scan)."""
    hit = _FOLDED.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    folded = _fold(text)
    if len(_FOLDED) >= 16:
        _FOLDED.pop(next(iter(_FOLDED)), None)
    _FOLDED[id(text)] = (text, folded)
    return folded


def _fold(text: str) -> str:
    lowered = text.lower()  # fast; falls back when a character lowers to two ("İ")
    return lowered if len(lowered) == len(text) else text.translate(_FOLD)


def fold(text: str) -> str:
    """``text`` in lower case with the same length, so offsets still hold.

    >>> fold("RMB100 İs")
    'rmb100 İs'
    >>> fold("RMB100 Ān")
    'rmb100 ān'
    """
    return _fold_long(text) if len(text) > _CACHED else _fold(text)


_CACHED = 512  # texts longer than this are folded once (a document is searched many times)


class Folded:
    """A case-insensitive regex that runs on folded text (``re.IGNORECASE`` is about twice as slow).

    Offsets of its matches are offsets in the given text; the matched strings are folded.
    """

    __slots__ = ("regex", "pattern")

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)
        self.pattern = pattern

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        return self.regex.finditer(fold(text), *bounds)

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.search(fold(text), *bounds)

    def match(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.match(fold(text), *bounds)

    def fullmatch(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.fullmatch(fold(text), *bounds)


class Words:
    """The words of a list in a text, as ``re`` finds them with ``alternation(words, latin_bounds=True)``
    (leftmost, longest first, not overlapping; a Latin word not touched by a letter or digit), by one
    Aho-Corasick pass over the folded text: on English text that regex tries a branch at every letter.

    >>> Words(["gdp", "gdp增速", "增速"]).spans("GDPs, GDP增速 and gdp")
    [(6, 11), (16, 19)]
    """

    __slots__ = ("_ascii", "_automaton")

    def __init__(self, words: Iterable[str]) -> None:
        words = {word for word in words if word}
        self._automaton = _words_automaton(words)
        self._ascii = _words_automaton(
            {word for word in words if word.isascii()}
        )  # all an ASCII text can hold

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(begin, end) of every word found in ``text`` (folded first), left to right."""
        return self.folded_spans(fold(text))

    def folded_spans(self, folded: str) -> list[tuple[int, int]]:
        """``spans`` of a text that is ``fold``-ed already."""
        automaton = self._ascii if folded.isascii() else self._automaton  # (fewer words: a faster pass)
        if not len(automaton):
            return []
        longest: dict[int, int] = {}
        for last, (length, latin_start, latin_end) in automaton.iter(folded):
            begin = last - length + 1
            if latin_start and begin and _latin(folded[begin - 1]):
                continue
            if latin_end and last + 1 < len(folded) and _latin(folded[last + 1]):
                continue
            if longest.get(begin, 0) < length:
                longest[begin] = length
        if not longest:  # most short texts: no word at all
            return []
        spans, free = [], 0
        for begin in sorted(longest):
            if begin >= free:
                free = begin + longest[begin]
                spans.append((begin, free))
        return spans


def _words_automaton(words: set[str]) -> ahocorasick.Automaton:
    """``Words``' automaton of ``words``: each valued (its length, whether it begins / ends with a Latin letter or digit)."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, (len(word), _latin(word[0]), _latin(word[-1])))
    if len(automaton):
        automaton.make_automaton()
    return automaton


class Scanner:
    """Where the literal beginnings of several regexes' matches stand in a long text: one Aho-Corasick pass
    over the folded text finds the words of every list (remembered for the last few texts)."""

    __slots__ = ("_built", "_lists", "_seen")

    def __init__(self) -> None:
        self._lists: dict[
            str, tuple[str, ...]
        ] = {}  # replaced, never changed: a scan keeps the lists it read
        self._built: tuple[dict[str, tuple[str, ...]], ahocorasick.Automaton] | None = None
        self._seen: dict[
            int, tuple[str, dict, dict[str, list[int]]]
        ] = {}  # id(text) -> (text, lists, starts)

    def add(self, name: str, words: Iterable[str]) -> None:
        """Find the (folded) ``words`` as list ``name`` from now on."""
        self._lists = {**self._lists, name: tuple(words)}

    def starts(self, text: str, name: str) -> list[int]:
        """The sorted offsets where one of the words of list ``name`` begins in ``fold(text)``."""
        hit = self._seen.get(id(text))
        if hit is None or hit[0] is not text or hit[1] is not self._lists:
            lists = self._lists
            hit = (text, lists, self._scan(fold(text), lists))
            if len(self._seen) >= 16:
                self._seen.pop(next(iter(self._seen)), None)
            self._seen[id(text)] = hit
        return hit[2][name]

    def _scan(self, folded: str, lists: dict[str, tuple[str, ...]]) -> dict[str, list[int]]:
        built = self._built
        if built is None or built[0] is not lists:
            built = self._built = (lists, _automaton(lists))
        found: list[set[int]] = [set() for _ in lists]
        if built[1].kind != ahocorasick.EMPTY:
            for end, (last, slots) in built[1].iter(folded):
                for slot in slots:
                    found[slot].add(end - last)
        return {name: sorted(offsets) for name, offsets in zip(lists, found, strict=True)}


def _automaton(lists: dict[str, tuple[str, ...]]) -> ahocorasick.Automaton:
    """Every word of ``lists``, valued (its length - 1, the indexes of the lists that hold it)."""
    owners: dict[str, dict[int, None]] = {}
    for slot, words in enumerate(lists.values()):
        for word in words:
            owners.setdefault(word, {})[slot] = None
    automaton = ahocorasick.Automaton()
    for word, slots in owners.items():
        automaton.add_word(word, (len(word) - 1, tuple(slots)))
    automaton.make_automaton()
    return automaton


class Scanned(Folded):
    """A regex (on folded text when ``folds``) whose every match begins with one of a few literal texts:
    on a long text, ``finditer`` tries it only where the ``Scanner`` found one of them (the same matches).
    """

    __slots__ = ("folds", "longest", "name", "scanner")

    def __init__(self, pattern: str, scanner: Scanner, name: str, words: Iterable[str], folds: bool = True):
        super().__init__(pattern)
        self.scanner, self.name, self.folds = scanner, name, folds
        words = tuple(words)
        self.longest = max(map(len, words), default=0)
        # where the text is not folded, a word may stand in the folded text as either fold of it
        scanner.add(name, words if folds else {f(w) for w in words for f in (str.lower, _ascii_lower)})

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        if len(text) <= _CACHED:
            return self.regex.finditer(self._text(text), *bounds)
        return finditer_at(self.regex, self._text(text), self.scanner.starts(text, self.name), *bounds)

    def starts(self, text: str) -> list[int]:
        """Where a match may begin in ``text``."""
        return self.scanner.starts(text, self.name)

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.search(self._text(text), *bounds)

    def match(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.match(self._text(text), *bounds)

    def fullmatch(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.fullmatch(self._text(text), *bounds)

    def _text(self, text: str) -> str:
        return fold(text) if self.folds else text


def scanned(
    pattern: str, scanner: Scanner, name: str, folds: bool = True
) -> Scanned | Folded | re.Pattern[str]:
    """``pattern`` compiled as a ``Scanned`` regex when ``literal_starts`` can tell how its matches begin
    (else as a ``Folded`` one, or a plain one when it runs on the text as written)."""
    regex = re.compile(pattern)
    words = literal_starts(regex)
    if words is None:
        return Folded(pattern) if folds else regex
    return Scanned(pattern, scanner, name, words, folds)


def literal_starts(regex: re.Pattern[str], limit: int = 4096) -> list[str] | None:
    r"""The literal texts one of which begins every match of ``regex``, or None when a match may begin
    otherwise (with a character class, an optional part, a flagged group; zero-width checks are passed over).

    >>> literal_starts(re.compile(r"s(?<!\w.)uch\s+as|:(?=\s)|[Ii]n(?:to|side)?\b|(?:ab|ac)+"))
    [':', 'In', 'ab', 'ac', 'in', 'such']
    >>> literal_starts(re.compile(r"\d|one")) is None
    True
    """
    if regex.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _starts(list(_parser.parse(regex.pattern).data), "", limit)
    return sorted(found) if found and "" not in found else None


def _starts(items: list, prefix: str, limit: int) -> set[str] | None:
    """The literal beginnings of ``items`` (a parsed regex) after ``prefix``; None past ``limit`` of them."""
    for i, (op, av) in enumerate(items):
        if op is _constants.LITERAL:
            prefix += chr(av)
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT, _constants.AT):
            continue
        elif op is _constants.SUBPATTERN and not av[1] and not av[2]:
            return _starts(list(av[3]) + items[i + 1 :], prefix, limit)
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and av[0] >= 1:
            return _starts(list(av[2]), prefix, limit)  # the first time round
        elif op is _constants.BRANCH or (op is _constants.IN and all(o is _constants.LITERAL for o, _ in av)):
            options = av[1] if op is _constants.BRANCH else [[item] for item in av]
            found: set[str] = set()
            for option in options:
                more = _starts(list(option) + items[i + 1 :], prefix, limit)
                if more is None or len(found | more) > limit:
                    return None
                found |= more
            return found
        else:
            break
    return {prefix}


def finditer_at(
    regex: re.Pattern[str], text: str, starts: list[int], pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """What ``regex.finditer(text, pos, endpos)`` finds, for a regex that never matches the empty string,
    when every match begins at one of ``starts`` (sorted; extra offsets do no harm): the regex is tried
    only there.

    >>> [m.group() for m in finditer_at(re.compile("ab|b"), "abab b", [0, 1, 2, 5])]
    ['ab', 'ab', 'b']
    """
    pos, endpos = max(pos, 0), len(text) if endpos is None else min(max(endpos, 0), len(text))
    for start in starts[bisect.bisect_left(starts, pos) :]:
        if start >= endpos:
            return
        if start >= pos and (m := regex.match(text, start, endpos)) is not None:
            yield m
            pos = m.end()


def run_around(text: str, begin: int, end: int, outside: re.Pattern[str]) -> tuple[int, int]:
    """The widest span around ``text[begin:end]`` that holds no character ``outside`` matches (a regex of
    one character class): read forwards by ``search``, backwards by searching the reversed text before
    ``begin`` in growing pieces.

    >>> run_around("ab, cd ef. gh", 5, 6, re.compile(r"[,.]"))
    (3, 9)
    """
    after = outside.search(text, end)
    stop = after.start() if after is not None else len(text)
    size = 256
    while True:
        low = max(0, begin - size)
        before = outside.search(text[low:begin][::-1])
        if before is not None:
            return begin - before.start(), stop
        if low == 0:
            return 0, stop
        size *= 8


def word_regex(
    words: Iterable[str], case_sensitive: bool = False, scanner: Scanner | None = None, name: str = ""
) -> re.Pattern[str] | Folded:
    """Match any of ``words`` as whole words (never inside a longer word); with a ``scanner``, a ``Scanned``
    regex (list ``name`` of the scanner)."""
    words = list(words) if case_sensitive else [fold(w) for w in words]
    pattern = whole_word_pattern(words)
    if scanner is not None:
        return Scanned(pattern, scanner, name, words, folds=not case_sensitive)
    return re.compile(pattern) if case_sensitive else Folded(pattern)


def whole_word_pattern(words: list[str]) -> str:
    r"""A regex of ``words`` where no word character or hyphen touches them.

    Words that begin with letters rare in English text get their look-behind after the first
    character, so ``re`` skips ahead to those letters (the same matches, several times faster);
    words that begin with common letters keep it in front (it fails fast inside a word).

    >>> whole_word_pattern(["Mr", "Dr"])
    '(?:D(?<![\\w-].)r|M(?<![\\w-].)r)(?![\\w-])'
    >>> whole_word_pattern(["the", "in", "on", "new", "a"])
    '(?<![\\w-])(?:(?:a|in|new|on|the))(?![\\w-])'
    """
    if not words:
        return r"(?<![\w-])(?:(?!x)x)(?![\w-])"
    if sum(_LETTER_SHARE.get(first, 0.0) for first in {w[:1] for w in words}) < _RARE:
        return rf"{alternation(words, after_first=AFTER_FIRST)}(?![\w-])"
    return rf"(?<![\w-])(?:{alternation(words)})(?![\w-])"


AFTER_FIRST = r"(?<![\w-].)"  # at a word's second character: no word character or hyphen before it
# Share of each lower-case letter among the characters of English prose (per cent); others count 0.
_LETTER_SHARE = {
    pair[0]: float(pair[1:])
    for pair in "e9.3 t6.7 a6.4 o6.1 i6.7 n6.9 s4.9 r4.4 h3.5 c3.2 l3.1 d3.0 u2.2 p2.1 g2.1 m2.0 f1.5 y1.3 "
    "v1.2 w1.0 b0.9 k0.3 x0.2 z0.2 j0.2 q0.1".split()
}
_RARE = 30.0  # per cent of the characters: below it, skipping ahead to the first letters pays


@dataclass(frozen=True, slots=True, eq=False)
class Patterns:
    """Every compiled pattern of one lexicon."""

    lexicon: Lexicon
    cue: dict[str, re.Pattern[str] | Folded]
    words: dict[str, frozenset[str]]  # cue list name -> lower-cased forms (for token lookups)
    number: Folded
    debris: re.Pattern[str]
    units: dict[str, str]  # lower-cased surface -> unit IRI
    prefixes: dict[str, str]
    scales: dict[str, Decimal]
    number_words: dict[str, Decimal]
    multiples: re.Pattern[str] | Folded
    comparators: dict[str, str]
    directions: dict[str, str]
    candidates: Folded  # where a quantity may start
    worded: Folded  # where a quantity written with a word or a currency may start (``candidates`` but digits)
    anaphors: Folded  # "the province", "nationwide" ... (the Anaphor table)
    scanner: Scanner  # one Aho-Corasick pass per text for the Scanned regexes of this lexicon


# The cue lists read over whole documents (where their words stand is found by the one Scanner pass)
SCANNED = (
    "targetCues",
    "resultCues",
    "initiativeTriggers",
    "programmes",
    "yearCues",
    "numberedNames",
    "governmentLevels",
    "organizationNames",
)


@functools.cache
def compile_patterns(lexicon: Lexicon) -> Patterns:
    """Compile ``lexicon`` (cached per Lexicon object)."""
    sensitive = set(lexicon.table("caseSensitive"))
    scanner = Scanner()
    cue = {
        name: word_regex(forms, name in sensitive, scanner if name in SCANNED else None, name)
        for name, forms in lexicon.cues.items()
        if name != "debris"
    }
    anaphors = [w.lower() for w in lexicon.table("Anaphor")]
    words = {name: frozenset(f.lower() for f in forms) for name, forms in lexicon.cues.items()}
    return Patterns(
        lexicon=lexicon,
        cue=cue,
        words=words,
        number=_number_regex(lexicon),
        debris=re.compile(_debris_regex(lexicon.cue("debris")), re.MULTILINE),
        units={k.lower(): v for k, v in lexicon.table("Unit").items()},
        prefixes={fold(k): v for k, v in lexicon.table("CurrencyPrefix").items()},
        scales={k.lower(): Decimal(v) for k, v in lexicon.table("Scale").items()},
        number_words={k.lower(): Decimal(v) for k, v in lexicon.table("NumberWord").items()},
        multiples=word_regex(lexicon.table("Multiple"), scanner=scanner, name=" Multiple"),
        comparators={k.lower(): v for k, v in lexicon.table("Comparator").items()},
        directions={k.lower(): v for k, v in lexicon.table("Direction").items()},
        candidates=Folded(rf"\d|{_candidates(lexicon)}"),
        worded=scanned(_candidates(lexicon), scanner, " NumberWord"),
        anaphors=Scanned(whole_word_pattern(anaphors), scanner, " Anaphor", anaphors),
        scanner=scanner,
    )


def _debris_regex(patterns: tuple[str, ...]) -> str:
    """One regex of the debris patterns, tried only where one of their first characters stands: when every
    pattern begins with a literal text, as their alternation (``re`` skips ahead to those characters by
    itself), else behind a look-ahead for them."""
    if not patterns:
        return r"(?!x)x"
    firsts = {p.lstrip("\\")[:1] for p in patterns if p}
    debris = "|".join(f"(?:{p})" for p in patterns)
    starts = [literal_starts(re.compile(p)) for p in patterns]
    if all(found is not None and all(w[:1] in firsts for w in found) for found in starts):
        return debris  # the look-ahead would always hold
    return f"(?=[{''.join(sorted(re.escape(c) for c in firsts))}])(?:{debris})"


def _folded(table: Iterable[str]) -> str:
    return alternation(fold(w) for w in table)


def _candidates(lexicon: Lexicon) -> str:
    """Where a quantity written with a word can start: a currency sign or prefix, or a number word."""
    words = _folded(lexicon.table("NumberWord"))
    prefix = _folded(lexicon.table("CurrencyPrefix"))
    return rf"(?<![\w-])(?:{prefix}|(?:{words})(?![\w]))"


def _number_regex(lexicon: Lexicon) -> Folded:
    """One regex for a quantity: [currency] number [scale…] [range end] [unit] (on folded text)."""
    scale = _folded(lexicon.table("Scale"))
    words = _folded(lexicon.table("NumberWord"))
    units = _folded(lexicon.table("Unit"))
    prefix = _folded(lexicon.table("CurrencyPrefix"))
    num = rf"(?:{NUMBER}|(?<![\w-])(?:{words})(?:-(?:{words}))?(?![\w]))"
    scales = rf"(?:[ -](?:{scale})(?![\w]))*"
    return Folded(
        rf"(?P<cur>(?:{prefix})\s?)?(?P<n1>{num})(?P<s1>{scales})"
        rf"(?:\s?(?P<conn>-|–|~|\bto\b)\s?(?:{prefix})?\s?(?P<n2>{NUMBER})(?P<s2>{scales}))?"
        rf"(?P<unit>(?:[ -]?(?:%|％)|[ -](?:{units})(?![\w])))?"
    )
