"""Compile the lexicon's word lists into regular expressions, once per Lexicon.

May import: policykg.model and the standard library.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from policykg.model import Lexicon

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def alternation(words: Iterable[str]) -> str:
    r"""A regex alternation of literal words as a character trie (fast in ``re``; longest match first).

    >>> alternation(["a", "a b", "ab"])
    'a(?:(?:\\ b|b))?'
    """
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
    return body


def word_regex(words: Iterable[str], case_sensitive: bool = False) -> re.Pattern[str]:
    """Match any of ``words`` as whole words (never inside a longer word)."""
    flags = 0 if case_sensitive else re.IGNORECASE
    body = alternation(words) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


@dataclass(frozen=True, slots=True, eq=False)
class Patterns:
    """Every compiled pattern of one lexicon."""

    lexicon: Lexicon
    cue: dict[str, re.Pattern[str]]
    words: dict[str, frozenset[str]]  # cue list name -> lower-cased forms (for token lookups)
    number: re.Pattern[str]
    debris: re.Pattern[str]
    units: dict[str, str]  # lower-cased surface -> unit IRI
    prefixes: dict[str, str]
    scales: dict[str, Decimal]
    number_words: dict[str, Decimal]
    multiples: re.Pattern[str]
    comparators: dict[str, str]
    directions: dict[str, str]
    surname_name: str  # regex of a name that starts with a known family name
    candidates: re.Pattern[str]  # where a quantity may start


@functools.cache
def compile_patterns(lexicon: Lexicon) -> Patterns:
    """Compile ``lexicon`` (cached per Lexicon object)."""
    sensitive = set(lexicon.table("caseSensitive"))
    cue = {
        name: word_regex(forms, name in sensitive) for name, forms in lexicon.cues.items() if name != "debris"
    }
    words = {name: frozenset(f.lower() for f in forms) for name, forms in lexicon.cues.items()}
    firsts = "".join(sorted({re.escape(p.lstrip("\\")[:1]) for p in lexicon.cue("debris") if p}))
    debris = "|".join(f"(?:{p})" for p in lexicon.cue("debris"))
    debris = f"(?=[{firsts}])(?:{debris})" if debris else r"(?!x)x"
    return Patterns(
        lexicon=lexicon,
        cue=cue,
        words=words,
        number=_number_regex(lexicon),
        debris=re.compile(debris, re.MULTILINE),
        units={k.lower(): v for k, v in lexicon.table("Unit").items()},
        prefixes=dict(lexicon.table("CurrencyPrefix")),
        scales={k.lower(): Decimal(v) for k, v in lexicon.table("Scale").items()},
        number_words={k.lower(): Decimal(v) for k, v in lexicon.table("NumberWord").items()},
        multiples=word_regex(lexicon.table("Multiple")),
        comparators={k.lower(): v for k, v in lexicon.table("Comparator").items()},
        directions={k.lower(): v for k, v in lexicon.table("Direction").items()},
        surname_name=rf"(?:{alternation(lexicon.cue('surnames'))})(?:[ -][A-Z][a-z]+){{1,2}}",
        candidates=_candidates(lexicon),
    )


def _candidates(lexicon: Lexicon) -> re.Pattern[str]:
    """Where a quantity can start: a digit, a currency sign or prefix, or a number word."""
    words = alternation(lexicon.table("NumberWord"))
    prefix = alternation(lexicon.table("CurrencyPrefix"))
    return re.compile(rf"\d|(?<![\w-])(?:{prefix}|{words})", re.IGNORECASE)


def _number_regex(lexicon: Lexicon) -> re.Pattern[str]:
    """One regex for a quantity: [currency] number [scale…] [range end] [unit]."""
    scale = alternation(lexicon.table("Scale"))
    words = alternation(lexicon.table("NumberWord"))
    units = alternation(lexicon.table("Unit"))
    prefix = alternation(lexicon.table("CurrencyPrefix"))
    num = rf"(?:{NUMBER}|(?<![\w-])(?:{words})(?:-(?:{words}))?(?![\w]))"
    scales = rf"(?:[ -](?:{scale})(?![\w]))*"
    return re.compile(
        rf"(?P<cur>(?:{prefix})\s?)?(?P<n1>{num})(?P<s1>{scales})"
        rf"(?:\s?(?P<conn>-|–|~|\bto\b)\s?(?:{prefix})?\s?(?P<n2>{NUMBER})(?P<s2>{scales}))?"
        rf"(?P<unit>(?:[ -]?(?:%|％)|[ -](?:{units})(?![\w])))?",
        re.IGNORECASE,
    )
