"""A streaming Turtle and TriG writer with one byte-stable layout (rdflib's pretty layout, fast).

Subjects in code-point order of their N-Triples form; ``a`` first, then ``rdfs:label``, then the other
predicates in IRI order; objects sorted; one blank line between subjects; strings on one line with the
escapes of canonical N-Triples (so U+2028, U+0085, vertical tab or form feed never break a line).
Canonical xsd:decimal and xsd:integer literals are written bare, as Turtle reads them back.
It reads sorted N-Triples lines (``policykg.terms.nt_lines``), so it never hashes an rdflib term.
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


def _statements(lines: Iterable[str], terms: TurtleTerms, indent: str) -> list[str]:
    """One Turtle statement per subject from sorted N-Triples ``lines`` (each ``s p o .``)."""
    statements: list[str] = []
    group: list[tuple[int, str, str]] = []
    subject = None
    for line in lines:
        s, p, o = line[:-2].split(" ", 2)
        if s != subject:
            if group:
                statements.append(_statement(subject, group, terms, indent))
            subject, group = s, []
        group.append((_RANK.get(p, 2), p, o))
    if group:
        statements.append(_statement(subject, group, terms, indent))
    return statements


def _statement(subject: str, group: list[tuple[int, str, str]], terms: TurtleTerms, indent: str) -> str:
    form = terms.form
    parts = [indent, form(subject)]
    predicate = None
    for _, p, o in sorted(group):
        if p != predicate:
            verb = "a" if p == _TYPE else form(p)
            parts.append(f" {verb} " if predicate is None else f" ;\n{indent}    {verb} ")
            predicate = p
        else:
            parts.append(f",\n{indent}        ")
        parts.append(form(o))
    parts.append(" .")
    return "".join(parts)


def _header(prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(prefixes.items()))


def turtle(lines: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """Sorted N-Triples ``lines`` (without newlines) as Turtle.

    >>> print(turtle(['<http://x.org/a> <http://x.org/v> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
    ...               '<http://x.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x.org/C> .'],
    ...              {"x": "http://x.org/"}), end="")
    @prefix x: <http://x.org/> .
    <BLANKLINE>
    x:a a x:C ;
        x:v 1.5 .
    """
    body = "\n\n".join(_statements(lines, TurtleTerms(prefixes), ""))
    return _header(prefixes) + ("\n" + body + "\n" if body else "")


def trig(graphs: Mapping[str, Iterable[str]], prefixes: Mapping[str, str]) -> str:
    """Named graphs of sorted N-Triples lines as TriG: the default graph (``""``) first, unwrapped."""
    terms = TurtleTerms(prefixes)
    blocks = []
    for name in sorted(graphs):
        if name == "":
            blocks.append("\n\n".join(_statements(graphs[name], terms, "")))
        else:
            inner = "\n\n".join(_statements(graphs[name], terms, "    "))
            blocks.append(f"{terms.form(f'<{name}>')} {{\n{inner}\n}}")
    body = "\n\n".join(block for block in blocks if block)
    return _header(prefixes) + ("\n" + body + "\n" if body else "")
