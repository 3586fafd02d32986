"""RDF term helpers in one place: N-Triples forms and the canonical forms of decimals.

Builds write terms straight in their canonical N-Triples form (``iri``, ``literal``) and writers
start from those strings (``nt_lines``), so every output format starts from the same text, whatever
characters the terms hold; ``from_nt`` turns such a form back into an rdflib term, ``from_oxigraph``
turns an Oxigraph term into one.
May import: rdflib, ``policykg.model``; pyoxigraph inside ``from_oxigraph`` only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = str(XSD.string)
_XSD_DECIMAL = XSD.decimal

# Canonical N-Triples (https://www.w3.org/TR/rdf12-n-triples/#canonical-ntriples): ECHAR for
# " \ LF CR BS TAB FF, UCHAR for the other control characters; everything else is written as is.
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\b": "\\b", "\t": "\\t", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def escape_string(text: str) -> str:
    r"""A string's content as canonical N-Triples writes it between quotes (U+2028, U+0085 stay as they are).

    >>> print(escape_string('a "b"\n\x0b\x0c'))
    a \"b\"\n\u000B\f
    """
    return _NEEDS_ESCAPE.sub(_escape_char, text) if _NEEDS_ESCAPE.search(text) else text


def nt(term: Node) -> str:
    """The N-Triples form of an rdflib term.

    >>> nt(URIRef("http://x.org/a")), nt(Literal("7", datatype=XSD.integer)), nt(Literal("é", lang="fr"))
    ('<http://x.org/a>', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>', '"é"@fr')
    """
    kind = type(term)  # exact types first: isinstance on rdflib's abstract Node is slow
    if kind is URIRef or (kind is not Literal and isinstance(term, URIRef)):
        iri = str(term)
        return f"<{_IRI_UNSAFE.sub(_uchar, iri) if _IRI_UNSAFE.search(iri) else iri}>"
    if kind is Literal or isinstance(term, Literal):
        lexical = str(term)
        text = f'"{_NEEDS_ESCAPE.sub(_escape_char, lexical) if _NEEDS_ESCAPE.search(lexical) else lexical}"'
        language = term.language
        if language:
            return f"{text}@{language}"
        datatype = term.datatype
        if datatype is not None and datatype != _XSD_STRING:
            return f"{text}^^{nt(datatype)}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def _uchar(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def iri(value: str) -> str:
    r"""The N-Triples form of the IRI ``value`` (what ``nt(URIRef(value))`` gives, without rdflib).

    >>> print(iri("http://x.org/a b"))
    <http://x.org/a\u0020b>
    """
    return f"<{_IRI_UNSAFE.sub(_uchar, value) if _IRI_UNSAFE.search(value) else value}>"


def literal(lexical: str, language: str | None = None, datatype: str | None = None) -> str:
    """The N-Triples form of a literal; ``datatype`` is the N-Triples form of its datatype IRI.

    >>> literal('say "hi"', "en"), literal("7", datatype="<http://www.w3.org/2001/XMLSchema#integer>")
    ('"say \\\\"hi\\\\""@en', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    text = _NEEDS_ESCAPE.sub(_escape_char, lexical) if _NEEDS_ESCAPE.search(lexical) else lexical
    if language:
        return f'"{text}"@{language}'
    if datatype is not None:  # as ``nt``: an explicit xsd:string stays explicit
        return f'"{text}"^^{datatype}'
    return f'"{text}"'


_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape_match(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHARS[match.group(3)]


def unescape(text: str) -> str:
    r"""The characters an N-Triples string or IRI body stands for (ECHAR and UCHAR escapes undone).

    >>> unescape(r'a\"b\n\u00e9')
    'a"b\né'
    """
    return _UNESCAPE.sub(_unescape_match, text) if "\\" in text else text


def from_nt(term: str) -> Node:
    """The rdflib term of an N-Triples form (as ``nt`` or ``iri``/``literal`` write it).

    >>> from_nt('"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>').n3()
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> from_nt('"長"@zh').language, from_nt("<http://x.org/a>"), from_nt("_:b0").n3()
    ('zh', rdflib.term.URIRef('http://x.org/a'), '_:b0')
    """
    if term.startswith("<"):
        return URIRef(unescape(term[1:-1]))
    if term.startswith('"'):
        cut = term.rindex('"')
        lexical = unescape(term[1:cut])
        rest = term[cut + 1 :]
        if rest.startswith("@"):
            return Literal(lexical, lang=rest[1:])
        if rest.startswith("^^<"):
            return Literal(lexical, datatype=URIRef(unescape(rest[3:-1])))
        return Literal(lexical)
    if term.startswith("_:"):
        return BNode(term[2:])
    raise ValueError(f"not an N-Triples term: {term!r}")


def nt_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """One N-Triples line (without its newline) per triple.

    A set of triples that holds N-Triples forms already (``policykg.graph.TripleSet``) gives its
    lines as they are. No cache of term forms: rdflib hashes and compares literals in Python, which
    costs more than writing them again.
    """
    lines = getattr(triples, "lines", None)
    if lines is not None:
        return lines()
    return [f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in triples]


def canonical_decimal(term: Node) -> Node:
    """An xsd:decimal literal in its XSD canonical form (the form Turtle's shorthand reads back).

    Turtle writes ``"12"^^xsd:decimal`` as ``12.0``, so without this a round trip would change the term.

    >>> canonical_decimal(Literal("12", datatype=XSD.decimal)).n3()
    '"12.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> canonical_decimal(Literal("1.90", datatype=XSD.decimal)).n3()
    '"1.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if not (isinstance(term, Literal) and term.datatype == _XSD_DECIMAL):
        return term
    try:
        value = Decimal(str(term))
    except InvalidOperation:
        return term
    if not value.is_finite():
        return term
    return Literal(decimal_lexical(value), datatype=_XSD_DECIMAL)


def decimal_lexical(value: Decimal) -> str:
    """The XSD 1.0 canonical lexical form of a decimal: no exponent, no trailing zeros, at least ``.0``.

    >>> decimal_lexical(Decimal("10570000")), decimal_lexical(Decimal("1.90")), decimal_lexical(Decimal("1E+3"))
    ('10570000.0', '1.9', '1000.0')
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "+0"):
        text = "0"
    return text if "." in text else text + ".0"


def plain_decimal(lexical: str) -> str:
    """A decimal for people: no exponent, no trailing zeros, no ``.0`` (the lexical form if not a number).

    >>> plain_decimal("20000000000.0"), plain_decimal("1.90"), plain_decimal("1E+3"), plain_decimal("x")
    ('20000000000', '1.9', '1000', 'x')
    """
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if not value.is_finite():
        return lexical
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/policykg/ontology#pillarIndustry"), local_name("http://x.org/a/b")
    ('pillarIndustry', 'b')
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else iri


def from_oxigraph(term: object) -> Node | None:
    """The rdflib term equal to an Oxigraph term (None stays None: an unbound value).

    The one conversion for every reader of Oxigraph's terms (stores, RDF input); a term rdflib has
    no kind for (an RDF 1.2 triple term) raises TypeError, which the caller words as its own error.

    >>> import pyoxigraph as ox
    >>> from_oxigraph(ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('7', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> from_oxigraph(ox.Literal("chūn", language="zh-latn")), from_oxigraph(ox.BlankNode("b0")).n3()
    (rdflib.term.Literal('chūn', lang='zh-latn'), '_:b0')
    """
    import pyoxigraph as ox  # only callers holding Oxigraph terms get here: it is loaded already

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        raise TypeError(f"no rdflib term for <<( {term} )>>: RDF 1.2 triple terms are not supported")
    raise TypeError(f"no rdflib term for {term!r}")
