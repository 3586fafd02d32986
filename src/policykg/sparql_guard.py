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

May import: ``policykg.errors``, the standard library.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
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
