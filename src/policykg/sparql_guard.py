"""The SPARQL safety check: what a query may not say before any engine runs it.

Two barriers, each enough on its own for the cases it covers:

* ``refuse_keywords`` reads the query as *text*: it refuses any query whose raw text, or its text
  after SPARQL's ``\\u``/``\\U`` escapes are expanded (repeatedly), or the NFKC form of either,
  contains ``SERVICE``, ``LOAD`` or ``FROM`` in any letter case, anywhere: inside a comment, a
  string, an IRI or glued to another word.  Oxigraph's parser, which executes store queries, reads
  keywords without word boundaries (``1SERVICE<…>``, ``ASKFROM<…>`` parse) and ends a comment at a
  lone carriage return, while rdflib's ends it at a line feed and expands escapes first: a check
  that depends on where tokens start can disagree with the engine; one that looks for the letters
  anywhere cannot.  A rare false refusal (a literal "services") is the price; the message says how
  to rephrase.
* ``refuse_unsafe`` reads rdflib's algebra of the parsed query (dataset clauses, SERVICE), which is
  exact for rdflib's own engine (``policykg query`` on files parses and runs with rdflib).

``shape`` reads what the result's row order depends on (the query form, the top-level ORDER BY)
from the query's tokens, so a query Oxigraph accepts needs no rdflib parse (``policykg.query.checked``).
May import: ``policykg.errors``, the standard library.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policykg.errors import QueryError

KEYWORDS = ("SERVICE", "LOAD", "FROM")
_KEYWORD = re.compile("|".join(KEYWORDS), re.IGNORECASE)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ROUNDS = 8  # nested escapes (``\u005Cu0053``) unfold one level per round

_WHY = {
    "SERVICE": "a query never contacts other SPARQL endpoints",
    "LOAD": "a query never loads data from the network or disk",
    "FROM": "a query never names its own dataset (query a document graph with GRAPH <iri> { … })",
}


def expand_escapes(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by their characters.

    >>> expand_escapes(r"SERVIC\\u0045 \\U00000046ROM")
    'SERVICE FROM'
    """
    return _ESCAPE.sub(lambda m: _char(m.group(1) or m.group(2)), text)


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def readings(text: str) -> list[str]:
    """Every text an engine could see in ``text``: raw, escapes expanded until stable, and NFKC.

    >>> readings(r"\\u005Cu0041")[:3]
    ['\\\\u005Cu0041', '\\\\u0041', 'A']
    """
    seen = [text]
    for _ in range(_ROUNDS):
        expanded = expand_escapes(seen[-1])
        if expanded == seen[-1]:
            break
        seen.append(expanded)
    else:
        raise QueryError(
            f"the query nests \\u escapes more than {_ROUNDS} levels deep; write the characters themselves"
        )
    return seen + [unicodedata.normalize("NFKC", reading) for reading in seen]


def refuse_keywords(text: str) -> None:
    """Refuse ``text`` when any reading of it contains SERVICE, LOAD or FROM, in any case, anywhere.

    >>> refuse_keywords("SELECT * WHERE { ?s ?p ?o }")
    >>> try:
    ...     refuse_keywords("SELECT * { # x\\rSERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\\n}")
    ... except QueryError as error:
    ...     print(str(error)[:91])
    SERVICE is refused: a query never contacts other SPARQL endpoints; the word 'SERVICE' is at
    """
    for reading in readings(text):
        match = _KEYWORD.search(reading)
        if match is not None:
            raise _keyword_error(reading, match)


def _keyword_error(reading: str, match: re.Match[str]) -> QueryError:
    word = match.group(0)
    keyword = next(k for k in KEYWORDS if k.casefold() == word.casefold())
    before = reading[: match.start()]
    line, column = before.count("\n") + 1, match.start() - before.rfind("\n")
    half = len(keyword) // 2
    split = f'CONCAT("{keyword[:half].lower()}", "{keyword[half:].lower()}")'
    return QueryError(
        f"{keyword} is refused: {_WHY[keyword]}; the word {word!r} is at line {line}, column {column} "
        "and policykg refuses it anywhere in a query, even inside a string, an IRI or a comment "
        f"(write a string as {split} or match it with REGEX; drop the word from comments)"
    )


def refuse_unsafe(algebra: Any) -> None:
    """Refuse dataset clauses and SERVICE anywhere in rdflib's algebra of a parsed query."""
    for clause in algebra.get("datasetClause") or ():
        keyword = "FROM NAMED" if "named" in clause else "FROM"
        raise QueryError(
            f"{keyword} is refused: policykg query never loads graphs from the network or disk; "
            "give the data files on the command line instead"
        )
    if _contains(algebra, "ServiceGraphPattern"):
        raise QueryError("SERVICE is refused: policykg query never contacts remote SPARQL endpoints")


def _contains(node: Any, name: str) -> bool:
    """Whether an algebra tree (CompValues, dicts and lists) contains a node called ``name``."""
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, Mapping):
        return any(_contains(value, name) for value in node.values())
    if isinstance(node, list | tuple):
        return any(_contains(value, name) for value in node)
    return False


# ---- the shape of a query, read from its text ----------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<comment>\#[^\n\r]*)
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
       |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<var>[?$]\w+)
    |(?P<word>[^\s{}()\[\]<>"'\#,;*?$]+)
    |(?P<mark>.)""",
    re.VERBOSE | re.DOTALL,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_AFTER_ORDER = ("LIMIT", "OFFSET", "VALUES")


def tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of each SPARQL token that matters for the query's shape (no spaces, comments).

    >>> tokens("SELECT * { ?s <urn:p> 'a # b' } # c")
    [('word', 'SELECT'), ('mark', '*'), ('mark', '{'), ('var', '?s'), ('iri', '<urn:p>'), ('string', "'a # b'"), ('mark', '}')]
    """
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "mark"
        if kind not in ("space", "comment"):
            found.append((kind, match.group()))
    return found


@dataclass(frozen=True, slots=True)
class Shape:
    """What the result order depends on: the query form and the top-level ORDER BY.

    ``order`` is None without ORDER BY, else its keys: a variable name each, or None for a key
    that is not a plain variable (an expression).
    """

    form: str
    order: tuple[str | None, ...] | None


@functools.lru_cache(maxsize=512)
def shape(text: str) -> Shape | None:
    """The ``Shape`` of a query read from its text, or None where the text is not plain enough to be sure.

    >>> shape("PREFIX x: <urn:x#> SELECT DISTINCT * WHERE { ?s ?p ?o } ORDER BY DESC(?p) ?s LIMIT 3")
    Shape(form='SELECT', order=('p', 's'))
    >>> shape("ASK { ?s ?p ?o }")
    Shape(form='ASK', order=None)
    >>> shape("SELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }") is None
    True
    >>> shape("SELECT ?s { ?s ?p ?o } ORDERBY ?s") is None
    True
    """
    found = tokens(text)
    words = [value.upper() if kind == "word" else None for kind, value in found]
    if any(word and "ORDER" in word and word != "ORDER" for word in words):
        return None  # ORDER glued to something (ORDERBY, ex:order): let rdflib's parser decide
    start = next((i for i, word in enumerate(words) if word in _FORMS), None)
    if start is None:
        return None
    form = words[start]
    depth, order_at, deeper_order = 0, None, False
    for index in range(start, len(found)):
        mark = found[index][1] if found[index][0] == "mark" else ""
        depth += (mark in "{(") - (mark in "})") if mark else 0
        if words[index] == "ORDER" and index + 1 < len(words) and words[index + 1] == "BY":
            if depth == 0 and order_at is None:
                order_at = index + 2
            elif depth:
                deeper_order = True
    if order_at is None:
        return None if deeper_order else Shape(form, None)
    keys = _order_keys(found, words, order_at)
    return None if keys is None else Shape(form, keys)


def _order_keys(found: list, words: list, index: int) -> tuple[str | None, ...] | None:
    """The ORDER BY keys from ``index`` on; None when one is not plain (a bracketted expression)."""
    keys: list[str | None] = []
    while index < len(found) and words[index] not in _AFTER_ORDER:
        kind, value = found[index]
        if kind == "var":
            keys.append(value[1:])
            index += 1
            continue
        if words[index] in ("ASC", "DESC") and found[index + 1 : index + 2] == [("mark", "(")]:
            inner = found[index + 2 : index + 4]
            if len(inner) == 2 and inner[0][0] == "var" and inner[1] == ("mark", ")"):
                keys.append(inner[0][1][1:])
                index += 4
                continue
        if (
            kind == "mark"
            or (kind == "word" and found[index + 1 : index + 2] != [("mark", "(")])
            or kind == "string"
        ):
            return None  # a bracketted expression, or something this reading does not know
        keys.append(None)  # a function call: skip to its closing bracket
        index = _after_brackets(found, index + 1)
        if index is None:
            return None
    return tuple(keys) if keys else None


def _after_brackets(found: list, index: int) -> int | None:
    """The index after the bracket group opening at ``index``."""
    depth = 0
    for position in range(index, len(found)):
        if found[position] == ("mark", "("):
            depth += 1
        elif found[position] == ("mark", ")"):
            depth -= 1
            if depth == 0:
                return position + 1
    return None
