"""A streaming Turtle and TriG writer with one byte-stable layout (rdflib's pretty layout, fast).

Subjects in code-point order of their N-Triples form; ``a`` first, then ``rdfs:label``, then the other
predicates in IRI order; objects sorted; one blank line between subjects; strings on one line with the
escapes of canonical N-Triples (so U+2028, U+0085, vertical tab or form feed never break a line).
Canonical xsd:decimal and xsd:integer literals are written bare, as Turtle reads them back.
It reads triples of N-Triples term forms (``policykg.graph.TripleSet``), so it never makes an
rdflib term; each term's Turtle form is computed once. ``write_turtle`` and ``write_trig`` write the
same bytes batch by batch (a store's export), holding one batch or graph at a time.
May import: the standard library.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import BinaryIO

_LOCAL = re.compile(r"[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?|[0-9][A-Za-z0-9_-]*")
_BARE = {
    "<http://www.w3.org/2001/XMLSchema#decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    "<http://www.w3.org/2001/XMLSchema#integer>": re.compile(r"[+-]?[0-9]+"),
}
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"  # as rdflib: the type, the label, the rest
Triple = tuple[str, str, str]


class TurtleTerms(dict):
    """Turtle forms of N-Triples terms with ``prefixes`` (name → namespace): ``terms[term]`` is the
    form of ``term``, computed on its first lookup (a dict, so a known term costs one lookup).
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        super().__init__()
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        # A local name holds no "/" or "#": when every namespace ends with one, the only namespace
        # that can cover an IRI is the IRI up to its last "/" or "#" (one dict lookup, not a loop).
        self.by_namespace = {namespace: prefix for prefix, namespace in reversed(self.prefixes)}
        self.split = all(namespace.endswith(("/", "#")) for _, namespace in self.prefixes)
        self.last_datatype: tuple[str, str, re.Pattern[str] | None] = ("\0", "", None)  # '"^^<iri>', its form

    def __missing__(self, term: str) -> str:
        if term[-1:] != ">":  # a plain or language-tagged literal: as in N-Triples
            form = term
        elif term[0] != "<":  # a typed literal
            ending, written, bare = self.last_datatype  # a run of literals of one datatype (offsets)
            if term.endswith(ending):  # (an IRI holds no '"': its '"^^<' is the last)
                cut = len(term) - len(ending)
            else:
                cut = term.rindex('"^^<')
                datatype = term[cut + 3 :]
                bare = _BARE.get(datatype)  # the datatype's form is looked up here too: its prefix is used
                ending, written = term[cut:], '"^^' + self[datatype]
                self.last_datatype = (ending, written, bare)
            if bare is not None and bare.fullmatch(term, 1, cut):
                form = term[1:cut]
            else:
                form = term[:cut] + written
        elif self.split:  # ``_name`` of the IRI, read in place
            cut = max(term.rfind("/"), term.rfind("#"), 0) + 1
            prefix = self.by_namespace.get(term[1:cut])
            local = prefix is not None and _LOCAL.fullmatch(term, cut, len(term) - 1)
            form = f"{prefix}:{term[cut:-1]}" if local else term
        else:
            form = self._name(term[1:-1]) or term
        self[term] = form
        return form

    def _name(self, iri: str) -> str | None:
        """``prefix:local`` when a prefix covers ``iri`` and the rest is a plain local name."""
        if self.split:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self.by_namespace.get(iri[:cut])
            return f"{prefix}:{iri[cut:]}" if prefix is not None and _LOCAL.fullmatch(iri[cut:]) else None
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None


def used_prefixes(terms: Iterable[str], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The ``prefixes`` whose namespace starts an IRI among the N-Triples ``terms`` (or appears in one)."""
    text = "\n".join(terms)
    return {name: iri for name, iri in prefixes.items() if f"<{iri}" in text}


def by_subject(triples: Iterable[Triple]) -> list[list[Triple]]:
    """The triples by subject, subjects in code-point order, each subject's triples sorted.

    The order of the sorted N-Triples lines (the forms of a position never extend one another, and
    every character of a canonical form sorts after the space); grouping first sorts faster.
    """
    groups: defaultdict[str, list[Triple]] = defaultdict(list)
    for triple in triples:
        groups[triple[0]].append(triple)
    ordered = [groups[subject] for subject in sorted(groups)]
    for group in ordered:
        group.sort()
    return ordered


def _statements(triples: Iterable[Triple], terms: TurtleTerms, indent: str) -> str:
    """``_statement_list`` with a blank line between two statements."""
    return "\n\n".join(_statement_list(triples, terms, indent))


def _statement_list(triples: Iterable[Triple], terms: TurtleTerms, indent: str) -> list[str]:
    """One Turtle statement per subject from ``(s, p, o)`` N-Triples forms, subjects in code-point order.

    Within a subject the type comes first, then the label, then the rest in (predicate, object)
    order: one walk over the sorted group writes each predicate's verb and objects into one of
    three lists (type, label, rest), joined at the end.
    """
    next_object = f",\n{indent}        "
    next_verb = f" ;\n{indent}    "
    verbs: dict[str, str] = {}
    statements: list[str] = []
    put = statements.append
    for group in by_subject(triples):
        types: list[str] = []
        labels: list[str] = []
        rest: list[str] = []
        predicate = target = None
        for _, p, o in group:
            if p == predicate:
                target.append(next_object)
            else:
                predicate = p
                verb = verbs.get(p)
                if verb is None:
                    verb = terms[p]  # rdf:type's too: its form marks its prefix used
                    verb = verbs[p] = ("a" if p == _TYPE else verb) + " "
                target = types if p == _TYPE else labels if p == _LABEL else rest
                if target:
                    target.append(next_verb)
                target.append(verb)
            target.append(terms[o])
        if labels:
            if types:
                types.append(next_verb)
            types += labels
        if rest:
            if types:
                types.append(next_verb)
            types += rest
        put(f"{indent}{terms[group[0][0]]} {''.join(types)} .")
    return statements


def _header(prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(prefixes.items()))


def turtle(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    """``(s, p, o)`` N-Triples forms as Turtle, declaring the ``prefixes`` it uses.

    >>> print(turtle([('<http://x.org/a>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '<http://x.org/C>'),
    ...               ('<http://x.org/a>', '<http://x.org/v>', '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>')],
    ...              {"x": "http://x.org/", "y": "http://y.org/"}), end="")
    @prefix x: <http://x.org/> .
    <BLANKLINE>
    x:a a x:C ;
        x:v 1.5 .
    """
    terms = TurtleTerms(prefixes)  # a term starting with a namespace makes its prefix used: same forms
    statements = _statement_list(triples, terms, "")
    used = used_prefixes(terms, prefixes)
    if not statements:
        return _header(used)
    statements[0] = f"{_header(used)}\n{statements[0]}"  # the header and the last newline joined in:
    statements[-1] += "\n"  # one copy of the body
    return "\n\n".join(statements)


def trig(graphs: Mapping[str, Iterable[Triple]], prefixes: Mapping[str, str]) -> str:
    """Named graphs of ``(s, p, o)`` forms as TriG: the default graph (``""``) first, unwrapped."""
    terms = TurtleTerms(prefixes)
    blocks = []
    for name in sorted(graphs):
        if name == "":
            blocks.append(_statements(graphs[name], terms, ""))
        else:
            blocks.append(("<" + name + ">", _statements(graphs[name], terms, "    ")))
    used = used_prefixes(terms, prefixes)
    names = TurtleTerms(used)  # a graph name takes only a prefix its triples use
    blocks = [
        block if isinstance(block, str) else f"{names[block[0]]} {{\n{block[1]}\n}}" for block in blocks
    ]
    body = "\n\n".join(block for block in blocks if block)
    return "".join((_header(used), "\n", body, "\n")) if body else _header(used)  # one copy of the body


def write_turtle(batches: Iterable[Iterable[Triple]], prefixes: Mapping[str, str], out: BinaryIO) -> None:
    """``turtle`` of the union of ``batches`` written to ``out``, one batch in memory at a time.

    Each batch holds whole subjects, all after the previous batch's in code-point order: the bytes
    are those of ``turtle`` (ending with one newline). The statements wait in a temporary file
    until the prefixes they use are known.
    """
    used: dict[str, str] = {}
    with tempfile.TemporaryFile() as body:
        for batch in batches:
            terms = TurtleTerms(prefixes)
            text = _statements(batch, terms, "")
            if text:
                body.write((("\n\n" if body.tell() else "") + text).encode("utf-8"))
            used.update(used_prefixes(terms, prefixes))
        header = _header(used).encode("utf-8")
        out.write(header)
        if body.tell():
            body.seek(0)
            out.write(b"\n")
            shutil.copyfileobj(body, out)
            out.write(b"\n")
        elif not header:
            out.write(b"\n")


def write_trig(
    graphs: Iterable[tuple[str, Iterable[Triple]]], prefixes: Mapping[str, str], out: BinaryIO
) -> None:
    """``trig`` of ``(name, triples)`` pairs (names in code-point order, ``""`` the default graph,
    first) written to ``out``, one graph in memory at a time: the bytes of ``trig``, ending with one
    newline. Graphs without triples are left out, as TriG of a build leaves them out.
    """
    used: dict[str, str] = {}
    blocks: list[tuple[str, int]] = []
    with tempfile.TemporaryFile() as body:
        for name, triples in graphs:
            terms = TurtleTerms(prefixes)
            text = _statements(triples, terms, "" if name == "" else "    ").encode("utf-8")
            if not text:
                continue
            used.update(used_prefixes(terms, prefixes))
            body.write(text)
            blocks.append((name, len(text)))
        header = _header(used).encode("utf-8")
        out.write(header)
        names = TurtleTerms(used)  # a graph name takes only a prefix its triples use
        body.seek(0)
        for number, (name, length) in enumerate(blocks):
            out.write(b"\n\n" if number else b"\n")
            if name != "":
                out.write(f"{names['<' + name + '>']} {{\n".encode())
            out.write(body.read(length))
            if name != "":
                out.write(b"\n}")
        if blocks:
            out.write(b"\n")
        elif not header:
            out.write(b"\n")
