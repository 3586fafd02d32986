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
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import BinaryIO

_LOCAL = re.compile(r"[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?|[0-9][A-Za-z0-9_-]*")
_BARE = {
    "<http://www.w3.org/2001/XMLSchema#decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    "<http://www.w3.org/2001/XMLSchema#integer>": re.compile(r"[+-]?[0-9]+"),
}
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"  # as rdflib: the type, the label, the rest
# _TYPE < _LABEL: _statements moves both predicates' triples to the front in this order
_PREDICATE = itemgetter(1)
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

    def __missing__(self, term: str) -> str:
        form = term
        if not term.endswith(">"):  # a plain or language-tagged literal: as in N-Triples
            pass
        elif term.startswith("<"):
            form = self._name(term[1:-1]) or term
        else:  # a typed literal
            cut = term.rindex('"^^<')
            datatype = term[cut + 3 :]
            bare = _BARE.get(datatype)
            lexical = term[1:cut]
            if bare is not None and bare.fullmatch(lexical):
                form = lexical
            else:
                form = term[: cut + 3] + (self._name(datatype[1:-1]) or datatype)
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


def _by_subject(triples: Iterable[Triple]) -> list[list[Triple]]:
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
    """One Turtle statement per subject from ``(s, p, o)`` N-Triples forms, subjects in code-point
    order, a blank line between two.

    Within a subject the type comes first, then the label, then the rest in (predicate, object)
    order: the type and label triples are found by bisection, since the group is sorted.
    """
    verbs = _Verbs(terms, f" ;\n{indent}    ")  # a predicate's verb after the previous predicate's objects
    next_object = f",\n{indent}        "
    parts: list[str] = []
    put = parts.append
    for group in _by_subject(triples):
        t0 = bisect_left(group, _TYPE, key=_PREDICATE)
        t1 = bisect_right(group, _TYPE, t0, key=_PREDICATE)
        l0 = bisect_left(group, _LABEL, t1, key=_PREDICATE)
        l1 = bisect_right(group, _LABEL, l0, key=_PREDICATE)
        if t0 or l0 > t1:
            group = group[t0:t1] + group[l0:l1] + group[:t0] + group[t1:l0] + group[l1:]
        put(f"\n\n{indent}" if parts else indent)
        put(terms[group[0][0]])
        first = len(parts)
        predicate = None
        for _, p, o in group:
            if p == predicate:
                put(next_object)
            else:
                put(verbs[p])
                predicate = p
            put(terms[o])
        parts[first] = verbs.first[parts[first]]
        put(" .")
    return "".join(parts)


class _Verbs(dict):
    """Predicate → its verb (``a`` for rdf:type) after ``before``; ``first`` maps that to the
    subject's first verb (after a space)."""

    def __init__(self, terms: TurtleTerms, before: str) -> None:
        super().__init__()
        self.terms, self.before, self.first = terms, before, {}

    def __missing__(self, predicate: str) -> str:
        verb = self.terms[predicate]  # rdf:type's too: its form marks its prefix used
        verb = "a" if predicate == _TYPE else verb
        found = self[predicate] = f"{self.before}{verb} "
        self.first[found] = f" {verb} "
        return found


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
    body = _statements(triples, terms, "")
    used = used_prefixes(terms, prefixes)
    return "".join((_header(used), "\n", body, "\n")) if body else _header(used)  # one copy of the body


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
