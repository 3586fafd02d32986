"""Read RDF that a user hands in (files and standard input), safely: Oxigraph parses, policykg bounds.

Every RDF syntax is parsed by Oxigraph (linear time, no network: a remote JSON-LD ``@context`` or
``@import`` is never fetched); what Oxigraph would still choke on is refused first with one
``InputError`` line: files over ``MAX_RDF_BYTES``, JSON nested deeper than ``MAX_JSON_DEPTH``, and
RDF/XML whose entity declarations would expand beyond ``MAX_ENTITY_EXPANSION`` ("billion laughs") or
name an external entity. Standard input is sniffed: RDF is read as RDF, anything else is a text.
May import: pyoxigraph, rdflib, ``policykg.errors``, ``policykg.terms``, ``policykg.text``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib.term
from rdflib import RDF, Graph

from policykg.errors import InputError
from policykg.terms import from_oxigraph
from policykg.text import STDIN, read_stdin

if TYPE_CHECKING:
    import pyoxigraph as ox

MAX_RDF_BYTES = 256 * 1024 * 1024
MAX_JSON_DEPTH = 256
MAX_ENTITY_EXPANSION = 1024 * 1024

RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}
"""File extension → RDF format name (rdflib's names)."""

INPUT_FORMATS = ("auto", "text", "turtle", "nt", "nquads", "trig", "jsonld", "xml", "n3")
"""The choices of ``--input-format`` (for standard input)."""

_OXIGRAPH = {  # format name → Oxigraph's RdfFormat attribute
    "turtle": "TRIG",  # TriG is a superset of Turtle: a named graph is not an error
    "nt": "N_QUADS",
    "nquads": "N_QUADS",
    "trig": "TRIG",
    "json-ld": "JSON_LD",
    "jsonld": "JSON_LD",
    "xml": "RDF_XML",
    "n3": "N3",
}

# rdflib parses every rdf:XMLLiteral with minidom: a DOCTYPE or bad XML in a literal logs a traceback.
# The lexical form is all policykg needs, so the literal keeps it as its value.
rdflib.term._toPythonMapping[RDF.XMLLiteral] = None


def rdf_format(item: str, input_format: str = "auto") -> str | None:
    """The RDF format of DATA item ``item``, or None when it is a text (or a folder of texts).

    Standard input is sniffed unless ``input_format`` names a format (or ``text``).

    >>> rdf_format("graph.TTL"), rdf_format("report.txt")
    ('turtle', None)
    """
    if item == STDIN:
        if input_format == "text":
            return None
        if input_format != "auto":
            return "json-ld" if input_format == "jsonld" else input_format
        return sniff_format(read_stdin())
    path = Path(item)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    return None if fmt is None or path.is_dir() else fmt


_NT_LINE = re.compile(rb"(<[^>\s]*>|_:\S+)[ \t]+<[^>\s]*>[ \t]+\S")
_TURTLE_START = re.compile(rb"(@prefix|@base|prefix[ \t]|base[ \t])", re.IGNORECASE)


def sniff_format(data: bytes) -> str | None:
    """The RDF syntax ``data`` starts with, or None for a text.

    >>> sniff_format(b"@prefix pk: <https://w3id.org/policykg/ontology#> .")
    'turtle'
    >>> sniff_format(b'<http://e/s> <http://e/p> "o" .')
    'nquads'
    >>> sniff_format(b"Changchun will build a '1 plus 6' industrial system.") is None
    True
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    while head.startswith(b"#"):  # comments of Turtle and N-Triples
        head = head.partition(b"\n")[2].lstrip()
    if _TURTLE_START.match(head):
        return "turtle"
    if head.startswith((b"<?xml", b"<rdf:RDF", b"<!DOCTYPE rdf:RDF")):
        return "xml"
    if head.startswith((b"{", b"[")):
        return "json-ld"
    if _NT_LINE.match(head):
        return "nquads"
    if re.match(rb"(<[^>\s]*>|_:\S+|\[)\s*(<[^>\s]*>|[A-Za-z][\w-]*:\w*|a\s)", head):
        return "trig"
    return None


def read_rdf_quads(item: str, fmt: str) -> list[ox.Quad]:
    """The quads of DATA item ``item`` (a file or ``-``) in ``fmt``, each with its graph."""
    if item == STDIN:
        data, name, base = read_stdin(), "stdin", Path.cwd().as_uri() + "/"
    else:
        data, name, base = _read_file(Path(item)), item, Path(item).resolve().as_uri()
    return parse_quads(data, fmt, name, base)


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_RDF_BYTES:
            raise _too_big(str(path), size)
        with path.open("rb") as handle:
            return handle.read(MAX_RDF_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"cannot read '{path}': no such file") from None
    except OSError as err:
        raise InputError(f"cannot read '{path}': {err.strerror or err}") from None


def _too_big(name: str, size: int) -> InputError:
    return InputError(
        f"'{name}' is {size / 1048576:.0f} MiB, more than the {MAX_RDF_BYTES // 1048576} MiB an RDF input may "
        "have: load it into a store (policykg build --store) or split it"
    )


def parse_quads(data: bytes, fmt: str, name: str, base: str | None = None) -> list[ox.Quad]:
    """The quads of ``data`` in ``fmt``, parsed by Oxigraph after the checks of the module docstring."""
    import pyoxigraph as ox

    if len(data) > MAX_RDF_BYTES:
        raise _too_big(name, len(data))
    shown = "json-ld" if fmt == "jsonld" else fmt
    if fmt in ("json-ld", "jsonld"):
        check_json_depth(data, name)
    elif fmt == "xml":
        check_xml_entities(data, name)
    try:
        quads = list(ox.parse(data, getattr(ox.RdfFormat, _OXIGRAPH[fmt]), base_iri=base))
    except SyntaxError as err:
        raise InputError(f"cannot parse '{name}' as {shown}: {_syntax_message(err)}") from None
    except MemoryError as err:  # Oxigraph caps one token (a literal, an IRI) at 16 MiB
        raise InputError(f"cannot parse '{name}' as {shown}: {err}; no literal may be that long") from None
    except (ValueError, OSError) as err:
        raise InputError(f"cannot parse '{name}' as {shown}: {_one_line(str(err))}") from None
    refuse_triple_terms(quads, name)
    return quads


def refuse_triple_terms(quads: list[ox.Quad], name: str) -> None:
    """Refuse RDF 1.2 triple terms (RDF-star): rdflib has no term for them."""
    import pyoxigraph as ox

    for quad in quads:
        for term in (quad.subject, quad.object):
            if type(term) is ox.Triple:
                raise InputError(
                    f"cannot read '{name}': it holds an RDF 1.2 triple term (<<( {_one_line(str(term))[:200]} )>>), "
                    "which policykg does not support"
                )


def _syntax_message(err: SyntaxError) -> str:
    message = _one_line(str(err))
    if "LoadDocumentCallback" in message:
        return (
            "it refers to a remote JSON-LD @context or @import, which policykg never fetches: "
            "inline the context"
        )
    return message


def _one_line(message: str) -> str:
    return " ".join(message.split())[:300]


def check_json_depth(data: bytes, name: str) -> None:
    """Refuse JSON nested deeper than ``MAX_JSON_DEPTH`` (parsers recurse: stack overflow, quadratic time).

    >>> check_json_depth(b'{"a": [[1], "]]]"]}', "x.jsonld")
    """
    text = re.sub(rb'"[^"\\]*(?:\\.[^"\\]*)*"', b'""', data)  # brackets inside strings do not nest
    depth = 0
    for match in re.finditer(rb"[\[\]{}]", text):
        depth += 1 if match.group() in b"[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise InputError(
                f"'{name}' nests JSON more than {MAX_JSON_DEPTH} levels deep (at byte {match.start()}): "
                "policykg reads JSON-LD up to that depth"
            )


_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s%;&<>\"']+)\s+(SYSTEM|PUBLIC|\"[^\"]*\"|'[^']*')")
_REFERENCE = re.compile(rb"[&%]([^\s%;&<>\"']+);")


def check_xml_entities(data: bytes, name: str) -> None:
    """Refuse external entities and entity declarations that would expand past ``MAX_ENTITY_EXPANSION``.

    >>> check_xml_entities(b'<!DOCTYPE r [<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">]><r a="&xsd;x"/>', "o.rdf")
    """
    if b"<!ENTITY" not in data:
        return
    values: dict[bytes, bytes] = {}
    for match in _ENTITY.finditer(data):
        if match.group(3) in (b"SYSTEM", b"PUBLIC"):
            raise InputError(
                f"'{name}' declares an external XML entity ({match.group(2).decode(errors='replace')}), "
                "which policykg never fetches: write its text into the file"
            )
        values[match.group(2)] = match.group(3)[1:-1]
    sizes: dict[bytes, int] = {}

    def size(entity: bytes, seen: tuple[bytes, ...] = ()) -> int:
        if entity not in sizes:
            if entity in seen:
                raise InputError(
                    f"'{name}' declares a recursive XML entity ({entity.decode(errors='replace')})"
                )
            value = values.get(entity, b"")
            sizes[entity] = len(value) + sum(
                size(ref.group(1), (*seen, entity)) for ref in _REFERENCE.finditer(value)
            )
        return sizes[entity]

    body = data[data.rfind(b"]>") + 2 :] if b"]>" in data else data
    total = sum(size(ref.group(1)) for ref in _REFERENCE.finditer(body) if ref.group(1) in values)
    if total > MAX_ENTITY_EXPANSION or any(size(entity) > MAX_ENTITY_EXPANSION for entity in values):
        raise InputError(
            f"'{name}' declares XML entities that expand to more than {MAX_ENTITY_EXPANSION // 1048576} MiB "
            '("billion laughs"): policykg refuses such RDF/XML'
        )


def add_triples(graph: Graph, quads: list[ox.Quad]) -> None:
    """Add the triples of ``quads`` (whatever their graph) to the rdflib ``graph``."""
    term = functools.cache(from_oxigraph)
    add = graph.add
    for quad in quads:
        add((term(quad.subject), term(quad.predicate), term(quad.object)))
