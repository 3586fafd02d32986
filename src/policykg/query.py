"""Prepare and run SPARQL safely; named queries; result formats.

Read-only and offline: SPARQL Update, ``SERVICE`` and dataset clauses (``FROM``, ``FROM NAMED``) are
refused before anything runs, so a query never writes, fetches from the network or reads from disk.
The contract's prefixes are predeclared. Every engine answers with the one ``QueryResult``
(``policykg.results``); ``format_result`` renders it (table, csv, tsv, json, md; Turtle for graphs).
May import: rdflib, ``policykg.errors``, ``policykg.namespaces``, ``policykg.results``,
``policykg.sparql_guard``, ``policykg.terms``; ``policykg.store`` for the empty store of ``checked``.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node, Variable

from policykg.errors import QueryError, RowCapError
from policykg.namespaces import PREFIXES as GRAPH_PREFIXES
from policykg.results import GRAPH_KINDS, QueryResult, from_rdflib
from policykg.sparql_guard import refuse_keywords, refuse_unsafe, shape
from policykg.terms import canonical_decimal, nt, plain_decimal

PREFIXES: dict[str, Namespace] = {
    **{name: namespace for name, namespace in GRAPH_PREFIXES.items() if name != "qudt"},
    "dcterms": Namespace(str(DCTERMS)),
    "skos": Namespace(str(SKOS)),
    "rdfs": Namespace(str(RDFS)),
    "rdf": Namespace(str(RDF)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "prov": Namespace(str(PROV)),
}
"""The predeclared prefixes: policykg's own (those graphs are written with, but qudt's schema, which
queries never need) and the W3C vocabularies queries use."""


def shadowed_labels_query(lang: str) -> str:
    """The labels of resources that also have a label in ``lang`` (Changchun when 长春 exists for "zh")."""
    return (
        "SELECT DISTINCT ?label WHERE { ?s rdfs:label ?label , ?preferred . "
        f'FILTER (lang(?preferred) = "{lang}" && lang(?label) != "{lang}") }}'
    )


def prefer_language(result: QueryResult, shadowed: QueryResult) -> QueryResult:
    """Drop the SELECT rows that show a label the ``shadowed_labels_query`` answer lists: the same
    resource's label in the chosen language is in a sibling row.

    >>> from rdflib import Literal
    >>> rows = ((Literal("Changchun", lang="en"), Literal(6)), (Literal("长春", lang="zh"), Literal(6)))
    >>> hidden = QueryResult("SELECT", ("label",), ((Literal("Changchun", lang="en"),),))
    >>> [str(r[0]) for r in prefer_language(QueryResult("SELECT", ("c", "v"), rows), hidden).rows]
    ['长春']
    """
    hidden = {row[0] for row in shadowed.rows}
    if result.kind != "SELECT" or not hidden:
        return result
    return replace(result, rows=tuple(row for row in result.rows if not hidden.intersection(row)))


DOCUMENT_LANGUAGES = "SELECT ?lang WHERE { ?document dcterms:language ?lang }"


def documents_language(result: QueryResult) -> str:
    """The language most documents state (the answer of ``DOCUMENT_LANGUAGES``); "en" on a tie or none."""
    counts = Counter(str(row[0]) for row in result.rows)
    return "zh" if counts["zh"] > counts["en"] else "en"


def store_language(store: Any) -> str:
    """``documents_language`` of a store, asked with our own query (no safety check to pay for)."""
    return documents_language(own_query(store, DOCUMENT_LANGUAGES))


def run_in_language(store: Any, text: str, language: str | None = None) -> QueryResult:
    """``run_on_store``, then the rows showing a label the same resource has in ``language`` too dropped.

    ``language`` defaults to the documents' language (``store_language``).
    """
    result = run_on_store(store, text)
    if result.kind != "SELECT":
        return result
    language = language or store_language(store)
    return prefer_language(result, own_query(store, shadowed_labels_query(language)))


def own_query(store: Any, text: str) -> QueryResult:
    """A query policykg wrote itself, run on the store as it is: no safety check (nothing to refuse),
    no ordering of the rows (the caller orders what it needs)."""
    return store.query(text, prefixes=PREFIX_IRIS)


# ---- preparing ------------------------------------------------------------------------------------


_PARSING = threading.Lock()


def prepare_query(text: str) -> Any:
    """Parse ``text`` into an rdflib prepared query, refusing updates, SERVICE and FROM.

    One parse at a time: rdflib's pyparsing grammar keeps state, and two threads parsing at
    once corrupt it (``<lambda>() missing 1 required positional argument`` until restart)."""
    with _PARSING:
        return _prepare_query(text)


def _prepare_query(text: str) -> Any:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    if not text.strip():
        raise QueryError("the query is empty; give a SPARQL query with -q, -f FILE or -n NAME")
    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except ParseException as error:
        if _is_update(text, parseUpdate):
            raise QueryError(
                "SPARQL Update is refused: policykg query is read-only "
                "(use SELECT, ASK, CONSTRUCT or DESCRIBE)"
            ) from None
        where = f"line {error.lineno}, column {error.col}"
        raise QueryError(f"SPARQL syntax error at {where}: {_syntax_detail(error)}") from None
    except Exception as error:  # rdflib raises a bare Exception for an undeclared prefix
        raise _prefix_error(text, error) from None
    refuse_unsafe(prepared.algebra)
    return prepared


def _syntax_detail(error: Any) -> str:
    """pyparsing's complaint in words a SPARQL user reads; its generic "Expected SelectQuery" is dropped."""
    found = getattr(error, "found", "")
    if found == "end of text":
        return "the query ends too early (is a '}' or ')' missing?)"
    if re.fullmatch(r"Expected (\{.*\}|\w+Query|end of text)", error.msg):
        return f"unexpected {found}" if found else "this is not valid SPARQL"
    return f"{error.msg}, found {found}" if found else error.msg


def query_kind(prepared: Any) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE for a prepared query."""
    return prepared.algebra.name.removesuffix("Query").upper()


def _is_update(text: str, parse_update: Callable[[str], Any]) -> bool:
    """Whether ``text`` parses as SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...)."""
    try:
        parse_update(text)
    except Exception:
        return False
    return True


def _prefix_error(text: str, error: Exception) -> QueryError:
    """Turn rdflib's ``Exception('Unknown namespace prefix : foo')`` into a located QueryError."""
    match = re.fullmatch(r"Unknown namespace prefix : (.*)", str(error))
    if match is None:
        return QueryError(f"SPARQL error: {error}")
    prefix = match.group(1)
    line, column = _locate(text, re.compile(rf"(?<![\w:<]){re.escape(prefix)}:"))
    known = ", ".join(sorted(PREFIXES))
    return QueryError(
        f"SPARQL syntax error at line {line}, column {column}: unknown prefix '{prefix}:'; "
        f"declare it with PREFIX or use a predeclared one ({known})"
    )


def _locate(text: str, pattern: re.Pattern[str]) -> tuple[int, int]:
    """1-based line and column of the first match of ``pattern`` in ``text`` (1, 1 if none)."""
    match = pattern.search(text)
    if match is None:
        return 1, 1
    before = text[: match.start()]
    return before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1


# ---- running --------------------------------------------------------------------------------------


def run_query(graph: Graph, text: str) -> QueryResult:
    """Run the SPARQL ``text`` on an rdflib graph (the same record, rows and order as ``run_on_store``)."""
    prepared = prepare_query(text)
    try:
        result = from_rdflib(graph.query(prepared))
    except Exception as error:  # rdflib evaluates lazily and raises bare Exceptions
        raise QueryError(_running_error(error)) from None
    return _as_text_says(result, text, query_kind(prepared), "projection" not in prepared.algebra)


def run_on_store(
    store: Any, text: str, *, limit: int | None = None, deadline: float | None = None
) -> QueryResult:
    """Run the SPARQL ``text`` directly on a store (``policykg.store.Store``: Oxigraph or remote).

    The same safety check as ``run_query`` (cached per text), then the store's own engine answers:
    nothing is copied into rdflib. ``limit`` caps SELECT rows (RowCapError past it) and
    ``deadline`` (``time.monotonic()``) stops a query between rows.
    """
    kind, in_text_order = checked(text)
    result = store.query(text, limit=limit, deadline=deadline, prefixes=PREFIX_IRIS)
    if result.truncated:
        raise RowCapError(f"the query returns more than {limit} rows, the row cap: add LIMIT or narrow it")
    return _as_text_says(result, text, kind, in_text_order)


def _as_text_says(result: QueryResult, text: str, kind: str, in_text_order: bool) -> QueryResult:
    """An engine's answer as the query text asks for it: its form named (DESCRIBE is not CONSTRUCT),
    SELECT rows in the one order every engine gives (``_same_rows``), ``SELECT *`` columns in text order."""
    if result.kind != "SELECT":
        return replace(result, kind=kind) if result.kind != kind else result
    result = replace(result, rows=_same_rows(result.variables, result.rows, text))
    return _in_text_order(result, text) if in_text_order else result


def _same_rows(variables: tuple[str, ...], rows: Iterable[tuple], text: str) -> tuple[tuple, ...]:
    """Rows as every engine gives them: decimals in XSD canonical form, ties in one order.

    Without ORDER BY the rows are sorted (by their N-Triples forms); with ORDER BY on variables the
    rows that tie on those variables are sorted the same way; other ORDER BY keys are left as they are.
    """
    rows = [  # an IRI is never a decimal: the common case costs no call
        tuple(term if term is None or term.__class__ is URIRef else canonical_decimal(term) for term in row)
        for row in rows
    ]
    order = ordering(text)
    if order == ():
        return tuple(rows)
    forms: dict = {}

    def key(row: tuple) -> tuple[str, ...]:
        return tuple(
            "" if term is None else forms.get(term) or forms.setdefault(term, nt(term)) for term in row
        )

    if order is None:
        return tuple(sorted(rows, key=key))
    columns = [variables.index(name) for name in order]
    ordered: list[tuple] = []
    for _, tied in itertools.groupby(rows, key=lambda row: tuple(row[i] for i in columns)):
        ordered += sorted(tied, key=key)
    return tuple(ordered)


@functools.lru_cache(maxsize=512)
def ordering(text: str) -> tuple[str, ...] | None:
    """The variables a SELECT is ordered by: None without ORDER BY, () when a key is not a projected variable."""
    read, probe = shape(text), _probe(text)
    if read is not None and probe is not None:
        if read.order is None:
            return None
        projected = set(probe.variables)
        return () if not all(key in projected for key in read.order) else tuple(read.order)  # type: ignore[arg-type]
    found: list = []
    algebra = _prepared(text).algebra
    _find_order(algebra, found)
    if not found:
        return None
    projected = set(_projected(algebra))
    names = []
    for condition in found[0]:
        expr = condition.get("expr") if hasattr(condition, "get") else condition
        if not isinstance(expr, Variable) or str(expr) not in projected:
            return ()
        names.append(str(expr))
    return tuple(names)


def _find_order(node: Any, found: list) -> None:
    if getattr(node, "name", None) == "OrderBy":
        found.append(node["expr"])
    if isinstance(node, Mapping):
        for value in node.values():
            _find_order(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _find_order(value, found)


def _projected(algebra: Any) -> list[str]:
    return [str(v) for v in (algebra.get("PV") or [])] if isinstance(algebra, Mapping) else []


PREFIX_IRIS: dict[str, str] = {name: str(namespace) for name, namespace in PREFIXES.items()}
"""The predeclared prefixes as plain strings, the form stores take."""


@functools.lru_cache(maxsize=512)
def checked(text: str) -> tuple[str, bool]:
    """(kind, whether SELECT columns go in text order as ``run_query`` puts them) once ``text`` is
    found safe and well-formed; cached per text.

    The text is checked word by word (``policykg.sparql_guard.refuse_keywords``: no SERVICE, LOAD
    or FROM anywhere), then parsed by Oxigraph on an empty store, and its shape read from its
    tokens (``sparql_guard.shape``). Only when Oxigraph refuses it, or the shape is not plain, is
    it parsed by rdflib (``prepare_query``: its located error messages, its algebra), whose SPARQL
    parser alone takes longer to import than a small query takes to load and answer."""
    refuse_keywords(text)
    read, probe = shape(text), _probe(text)
    if read is None or probe is None or read.form not in _FORMS[probe.kind]:
        prepared = _prepared(text)
        kind = query_kind(prepared)
        return kind, kind == "SELECT" and "projection" not in prepared.algebra
    return read.form, read.form == "SELECT"  # rdflib's algebra never has "projection": as before


_FORMS = {"SELECT": ("SELECT",), "ASK": ("ASK",), "CONSTRUCT": ("CONSTRUCT", "DESCRIBE")}
"""The query forms each kind of store answer comes from."""


@functools.lru_cache(maxsize=512)
def _probe(text: str) -> Any:
    """Oxigraph's answer to ``text`` on an empty store (its kind and variables), or None if it refuses it."""
    try:
        answer = _empty_store().query(text, prefixes=PREFIX_IRIS)
    except QueryError:
        return None
    return answer


@functools.cache
def _empty_store() -> Any:
    from policykg.store import open_store

    return open_store("oxigraph")


@functools.lru_cache(maxsize=64)
def _prepared(text: str) -> Any:
    """``prepare_query(text)``, parsed once for the checks that read its algebra (never evaluated)."""
    return prepare_query(text)


def result_graph(result: QueryResult) -> Graph:
    """The triples of a CONSTRUCT or DESCRIBE result as an rdflib Graph, the predeclared prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in result.triples:
        graph.add(triple)
    return graph


def _in_text_order(result: QueryResult, text: str) -> QueryResult:
    """``SELECT *`` columns in the order the variables first appear in the query (not alphabetical).

    >>> r = QueryResult("SELECT", ("o", "p", "s"), ((1, 2, 3),))
    >>> _in_text_order(r, "SELECT * { ?s ?p $o }").rows
    ((3, 2, 1),)
    """
    first = {}
    for match in re.finditer(r"[?$](\w+)", text):
        first.setdefault(match.group(1), match.start())
    order = sorted(range(len(result.variables)), key=lambda i: (first.get(result.variables[i], len(text)), i))
    if order == list(range(len(order))):  # the columns are in text order already: no row is copied
        return result
    variables = tuple(result.variables[i] for i in order)
    rows = tuple(tuple(row[i] for i in order) for row in result.rows)
    return replace(result, variables=variables, rows=rows)


def _running_error(error: Exception) -> str:
    """A one-line message for a failure while the query runs."""
    if "requiring a dataset" in str(error):
        return (
            "GRAPH needs named graphs, but the DATA files are merged into one graph: "
            "drop the GRAPH pattern (or query a store with --store)"
        )
    return "the query failed while running: " + " ".join(str(error).split())


# ---- named queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedQuery:
    """A packaged query: its name (file stem), its title (from ``# title:``) and its SPARQL text.

    ``parameters`` are the variables given a default by a one-variable ``VALUES ?name { … }``
    block, which ``--param name=value`` replaces (``bind_parameters``).
    """

    name: str
    title: str
    text: str

    @property
    def parameters(self) -> dict[str, str]:
        """Parameter name → its default, as written in the query."""
        return {match["name"]: match["value"].strip() for match in _VALUES.finditer(self.text)}


@functools.cache
def named_queries() -> dict[str, NamedQuery]:
    """Every ``queries/*.rq`` shipped in the package, by name, sorted."""
    folder = resources.files("policykg") / "queries"
    found: dict[str, NamedQuery] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            name = entry.name.removesuffix(".rq")
            found[name] = NamedQuery(name, _title(text), text)
    return found


def named_query(name: str) -> NamedQuery:
    """The named query ``name``, or a QueryError listing the known names."""
    queries = named_queries()
    if name not in queries:
        known = ", ".join(queries)
        raise QueryError(f"unknown query name '{name}'; known: {known} (see policykg query --list)")
    return queries[name]


_VALUES = re.compile(r"VALUES\s+\?(?P<name>\w+)\s*\{(?P<value>[^{}]*)\}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def bind_parameters(text: str, parameters: Mapping[str, str]) -> str:
    """Replace the default of each ``VALUES ?name { … }`` block by the given value.

    >>> bind_parameters('SELECT * { VALUES ?year { "2021" } }', {"year": "2022"})
    'SELECT * { VALUES ?year { 2022 } }'
    """
    defaults = {match["name"] for match in _VALUES.finditer(text)}
    for name, value in parameters.items():
        if name not in defaults:
            known = ", ".join(sorted(defaults)) or "none"
            raise QueryError(
                f"the query has no parameter '{name}' (a VALUES ?{name} block); its parameters: {known}"
            )
        block = f"VALUES ?{name} {{ {sparql_term(value)} }}"
        pattern = re.compile(rf"VALUES\s+\?{name}\s*\{{[^{{}}]*\}}")
        text = pattern.sub(lambda _match, block=block: block, text)
    return text


def sparql_term(value: str) -> str:
    """A parameter value as one safe SPARQL term: a number, <iri>, known prefixed name, or a string.

    >>> [sparql_term(v) for v in ["12.5", "pk:Mu", "<http://x.org/a>", 'say "hi"']]
    ['12.5', 'pk:Mu', '<http://x.org/a>', '"say \\\\"hi\\\\""']
    """
    if _NUMBER.fullmatch(value):
        return value
    if re.fullmatch(r"<[^<>\"{}|^`\\\s]*>", value):
        return value
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[\w.-]*", local) and not local.endswith("."):
        return value
    return json.dumps(value, ensure_ascii=False)


def _title(text: str) -> str:
    """The ``# title:`` header of a query file, continued by the comment lines indented under it.

    >>> _title("# title: Targets with values\\n#   and their year\\nSELECT * {}")
    'Targets with values and their year'
    """
    parts: list[str] = []
    for line in text.splitlines():
        if line.startswith("# title:"):
            parts.append(line.removeprefix("# title:").strip())
        elif parts and re.match(r"#\s{2,}\S", line):
            parts.append(line.lstrip("#").strip())
        elif parts or not line.startswith("#"):
            break
    return " ".join(parts)


# ---- result formats -------------------------------------------------------------------------------


def format_result(result: QueryResult, fmt: str | None = None) -> str:
    """Render a result: SELECT/ASK in ``fmt`` (default table), CONSTRUCT/DESCRIBE as Turtle."""
    if result.kind in GRAPH_KINDS:
        if fmt not in (None, "turtle"):
            raise QueryError(
                f"{result.kind} returns a graph, written as Turtle; drop --format {fmt} or use turtle"
            )
        return _turtle(result_graph(result))
    fmt = fmt or "table"
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format '{fmt}'; known: {', '.join(RESULT_FORMATS)}")
    return RESULT_FORMATS[fmt](result)


def _turtle(graph: Graph) -> str:
    """Deterministic Turtle for a result graph, ending with a newline."""
    return graph.serialize(format="turtle").rstrip("\n") + "\n"


def compact(term: Node | None) -> str:
    """A short readable form: prefixed names for known namespaces, lexical forms for literals.

    >>> compact(URIRef("https://w3id.org/policykg/ontology#City"))
    'pk:City'
    >>> compact(Literal("12.50", datatype=XSD.decimal))
    '12.5'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace) :]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return plain_decimal(str(term))
    return str(term)


def _ask_text(result: QueryResult) -> str:
    return ("true" if result.boolean else "false") + "\n"


TABLE_CELL = 120
"""The widest cell of a ``table``; longer values end in "…" (csv, tsv, json and md keep them whole)."""


def _table(result: QueryResult) -> str:
    """An aligned plain-text table with a header and a dashed rule."""
    if result.kind == "ASK":
        return _ask_text(result)
    cells = [[_clip(_one_line(compact(term))) for term in row] for row in result.rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.variables)]
    lines = [_aligned(result.variables, widths), _aligned(["-" * width for width in widths], widths)]
    lines += [_aligned(row, widths) for row in cells]
    return "\n".join(lines) + "\n"


def _aligned(values: Iterable[str], widths: list[int]) -> str:
    return "  ".join(value.ljust(width) for value, width in zip(values, widths, strict=True)).rstrip()


def _clip(text: str) -> str:
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split()) if "\n" in text or "\r" in text or "\t" in text else text


def _markdown(result: QueryResult) -> str:
    """A GitHub-flavoured Markdown table (``|`` escaped)."""
    if result.kind == "ASK":
        return _ask_text(result)
    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    for row in result.rows:
        cells = (_one_line(compact(term)).replace("|", "\\|") for term in row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain IRIs and lexical forms, CRLF line ends."""
    if result.kind == "ASK":
        return _ask_text(result)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else _csv_term(term) for term in row])
    return out.getvalue()


def _csv_term(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` headers and terms in Turtle/N-Triples syntax."""
    if result.kind == "ASK":
        return _ask_text(result)
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if term is None else term.n3() for term in row))
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.kind == "ASK":
        document: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {name: _json_term(term) for name, term in _bound(result.variables, row)} for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _bound(variables: tuple[str, ...], row: tuple[Node | None, ...]) -> list[tuple[str, Node]]:
    return [(name, term) for name, term in zip(variables, row, strict=True) if term is not None]


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value


RESULT_FORMATS: dict[str, Callable[[QueryResult], str]] = {
    "table": _table,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
    "md": _markdown,
}
