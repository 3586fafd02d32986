"""A streaming Turtle and TriG writer with one byte-stable layout (rdflib's pretty layout, fast).

Subjects in code-point order of their N-Triples form; ``a`` first, then ``rdfs:label``, then the other
predicates in IRI order; objects sorted; one blank line between subjects; strings on one line with the
escapes of canonical N-Triples (so U+2028, U+0085, vertical tab or form feed never break a line).
Canonical xsd:decimal and xsd:integer literals are written bare, as Turtle reads them back.
May import: rdflib, ``policykg.terms``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.term import Node

from policykg.terms import nt

_LOCAL = re.compile(r"[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?|[0-9][A-Za-z0-9_-]*")
_BARE = {str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+"), str(XSD.integer): re.compile(r"[+-]?[0-9]+")}
_TYPE = str(RDF.type)
_FIRST = {_TYPE: "0", str(RDFS.label): "1"}  # as rdflib's Turtle: the type, then the label, then by IRI


class TurtleTerms:
    """Turtle forms of terms with ``prefixes`` (name → namespace), computed once per term."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.forms: dict[Node, str] = {}
        self.keys: dict[Node, str] = {}

    def key(self, term: Node) -> str:
        """The sort key of a term: its N-Triples form."""
        found = self.keys.get(term)
        if found is None:
            found = self.keys[term] = nt(term)
        return found

    def form(self, term: Node) -> str:
        """How the term is written."""
        found = self.forms.get(term)
        if found is None:
            found = self.forms[term] = self._form(term)
        return found

    def _form(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self._name(str(term)) or self.key(term)
        if isinstance(term, Literal) and term.datatype is not None and not term.language:
            datatype = str(term.datatype)
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(str(term)):
                return str(term)
            text = self.key(term)
            return text[: text.rindex("^^") + 2] + (self._name(datatype) or f"<{datatype}>")
        return self.key(term)

    def _name(self, iri: str) -> str | None:
        """``prefix:local`` when a prefix covers ``iri`` and the rest is a plain local name."""
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None


def _statements(triples: Iterable[tuple[Node, Node, Node]], terms: TurtleTerms, indent: str) -> list[str]:
    """One Turtle statement per subject (with its trailing `` .``), subjects sorted."""
    key, form = terms.key, terms.form
    rows = sorted((key(s), "" if str(p) == _TYPE else form(p), key(o), s, p, o) for s, p, o in triples)
    statements: list[str] = []
    lines: list[str] = []
    subject = predicate = None
    for skey, _, _, s, p, o in rows:
        if skey != subject:
            if lines:
                statements.append("".join(lines) + " .")
            subject, predicate = skey, None
            lines = [indent + form(s)]
        if p != predicate:
            verb = "a" if str(p) == _TYPE else form(p)
            lines.append(f" {verb} " if predicate is None else f" ;\n{indent}    {verb} ")
            predicate = p
        else:
            lines.append(f",\n{indent}        ")
        lines.append(form(o))
    if lines:
        statements.append("".join(lines) + " .")
    return statements


def _header(prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(prefixes.items()))


def turtle(triples: Iterable[tuple[Node, Node, Node]], prefixes: Mapping[str, str]) -> str:
    """The triples as Turtle.

    >>> print(turtle([(URIRef("http://x.org/a"), RDF.type, URIRef("http://x.org/C")),
    ...               (URIRef("http://x.org/a"), URIRef("http://x.org/v"), Literal("1.5", datatype=XSD.decimal))],
    ...              {"x": "http://x.org/"}), end="")
    @prefix x: <http://x.org/> .
    <BLANKLINE>
    x:a a x:C ;
        x:v 1.5 .
    """
    terms = TurtleTerms(prefixes)
    body = "\n\n".join(_statements(triples, terms, ""))
    return _header(prefixes) + ("\n" + body + "\n" if body else "")


def trig(graphs: Mapping[str, Iterable[tuple[Node, Node, Node]]], prefixes: Mapping[str, str]) -> str:
    """Named graphs as TriG: the default graph (name ``""``) unwrapped, then one block per graph."""
    terms = TurtleTerms(prefixes)
    blocks = []
    for name in sorted(graphs):
        if name == "":
            blocks.append("\n\n".join(_statements(graphs[name], terms, "")))
        else:
            inner = "\n\n".join(_statements(graphs[name], terms, "    "))
            blocks.append(f"{terms.form(URIRef(name))} {{\n{inner}\n}}")
    body = "\n\n".join(block for block in blocks if block)
    return _header(prefixes) + ("\n" + body + "\n" if body else "")
