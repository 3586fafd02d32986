"""A streaming Turtle and TriG writer with one byte-stable layout (rdflib's pretty layout, fast).

Subjects in code-point order of their N-Triples form; ``a`` first, then ``rdfs:label``, then the other
predicates in IRI order; objects sorted; one blank line between subjects; strings on one line with the
escapes of canonical N-Triples (so U+2028, U+0085, vertical tab or form feed never break a line).
Canonical xsd:decimal and xsd:integer literals are written bare, as Turtle reads them back.
It reads sorted triples of N-Triples term forms (``policykg.graph.TripleSet``), so it never makes an
rdflib term; each term's Turtle form is computed once.
May import: the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_LOCAL = re.compile(r"[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?|[0-9][A-Za-z0-9_-]*")
_BARE = {
    "<http://www.w3.org/2001/XMLSchema#decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    "<http://www.w3.org/2001/XMLSchema#integer>": re.compile(r"[+-]?[0-9]+"),
}
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_RANK = {
    _TYPE: 0,
    "<http://www.w3.org/2000/01/rdf-schema#label>": 1,
}  # as rdflib: the type, the label, the rest


class TurtleTerms:
    """Turtle forms of N-Triples terms with ``prefixes`` (name → namespace), computed once per term."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.forms: dict[str, str] = {}

    def form(self, term: str) -> str:
        """How the N-Triples term ``term`` is written in Turtle."""
        found = self.forms.get(term)
        if found is None:
            found = self.forms[term] = self._form(term)
        return found

    def _form(self, term: str) -> str:
        if term.startswith("<"):
            return self._name(term[1:-1]) or term
        if term.startswith('"') and term.endswith(">"):
            cut = term.rindex('"^^<')
            datatype = term[cut + 3 :]
            bare = _BARE.get(datatype)
            lexical = term[1:cut]
            if bare is not None and bare.fullmatch(lexical):
                return lexical
            return term[: cut + 3] + (self._name(datatype[1:-1]) or datatype)
        return term

    def _name(self, iri: str) -> str | None:
        """``prefix:local`` when a prefix covers ``iri`` and the rest is a plain local name."""
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None


def used_prefixes(terms: Iterable[str], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The ``prefixes`` whose namespace starts an IRI among the N-Triples ``terms`` (or appears in one)."""
    text = "\n".join(terms)
    return {name: iri for name, iri in prefixes.items() if f"<{iri}" in text}


def _statements(triples: Iterable[tuple[str, str, str]], terms: TurtleTerms, indent: str) -> list[str]:
    """One Turtle statement per subject from sorted ``(s, p, o)`` N-Triples forms."""
    statements: list[str] = []
    group: list[tuple[str, str]] = []
    subject = None
    for s, p, o in triples:
        if s != subject:
            if group:
                statements.append(_statement(subject, group, terms, indent))
            subject, group = s, []
        group.append((p, o))
    if group:
        statements.append(_statement(subject, group, terms, indent))
    return statements


def _statement(subject: str, group: list[tuple[str, str]], terms: TurtleTerms, indent: str) -> str:
    """``group`` is in (predicate, object) order; written with the type first, then the label, then the rest."""
    form = terms.form
    parts = [indent, form(subject)]
    predicate = None
    ranked = [po for po in group if po[0] in _RANK]
    if ranked:
        ranked.sort(key=_rank)  # stable: (predicate, object) order within a rank
        group = ranked + [po for po in group if po[0] not in _RANK]
    for p, o in group:
        if p != predicate:
            verb = form(p)  # the form of rdf:type too: its namespace counts as used (``used_prefixes``)
            verb = "a" if p == _TYPE else verb
            parts.append(f" {verb} " if predicate is None else f" ;\n{indent}    {verb} ")
            predicate = p
        else:
            parts.append(f",\n{indent}        ")
        parts.append(form(o))
    parts.append(" .")
    return "".join(parts)


def _rank(po: tuple[str, str]) -> int:
    return _RANK[po[0]]


def _header(prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(prefixes.items()))


def turtle(triples: Iterable[tuple[str, str, str]], prefixes: Mapping[str, str]) -> str:
    """Sorted ``(s, p, o)`` N-Triples forms as Turtle, declaring the ``prefixes`` it uses.

    >>> print(turtle([('<http://x.org/a>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '<http://x.org/C>'),
    ...               ('<http://x.org/a>', '<http://x.org/v>', '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>')],
    ...              {"x": "http://x.org/", "y": "http://y.org/"}), end="")
    @prefix x: <http://x.org/> .
    <BLANKLINE>
    x:a a x:C ;
        x:v 1.5 .
    """
    terms = TurtleTerms(prefixes)  # a term starting with a namespace makes its prefix used: same forms
    body = "\n\n".join(_statements(triples, terms, ""))
    used = used_prefixes(terms.forms, prefixes)
    return _header(used) + ("\n" + body + "\n" if body else "")


def trig(graphs: Mapping[str, Iterable[tuple[str, str, str]]], prefixes: Mapping[str, str]) -> str:
    """Named graphs of sorted ``(s, p, o)`` forms as TriG: the default graph (``""``) first, unwrapped."""
    terms = TurtleTerms(prefixes)
    blocks = []
    for name in sorted(graphs):
        if name == "":
            blocks.append("\n\n".join(_statements(graphs[name], terms, "")))
        else:
            blocks.append(("<" + name + ">", "\n\n".join(_statements(graphs[name], terms, "    "))))
    used = used_prefixes(terms.forms, prefixes)
    names = TurtleTerms(used)  # a graph name takes only a prefix its triples use
    blocks = [
        block if isinstance(block, str) else f"{names.form(block[0])} {{\n{block[1]}\n}}" for block in blocks
    ]
    body = "\n\n".join(block for block in blocks if block)
    return _header(used) + ("\n" + body + "\n" if body else "")
