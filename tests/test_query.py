"""query.py: safe preparation, exact error messages, neutral results and every result format."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from policykg.errors import QueryError
from policykg.query import (
    PREFIXES,
    RESULT_FORMATS,
    QueryResult,
    bind_parameters,
    format_result,
    named_queries,
    named_query,
    prepare_query,
    run_query,
    sparql_term,
)

ID = "https://w3id.org/policykg/id/"
PK = "https://w3id.org/policykg/ontology#"

CITIES = "SELECT ?city ?label WHERE { ?city a pk:City ; rdfs:label ?label } ORDER BY ?label"


def error_of(text: str) -> str:
    with pytest.raises(QueryError) as caught:
        prepare_query(text)
    return str(caught.value)


def test_contract_prefixes_are_predeclared() -> None:
    assert sorted(PREFIXES) == sorted(
        ["pk", "id", "nif", "unit", "cur", "dcterms", "skos", "rdfs", "rdf", "owl", "xsd", "prov"]
    )


def test_select(mini_graph: Graph) -> None:
    result = run_query(mini_graph, CITIES)
    assert result == QueryResult(
        "SELECT", ("city", "label"), ((URIRef(ID + "city/riverton"), Literal("Riverton", lang="en")),)
    )


def test_optional_unbound_is_none(mini_graph: Graph) -> None:
    text = "SELECT ?p ?x WHERE { ?p a pk:Province OPTIONAL { ?p pk:locatedIn ?x } }"
    assert run_query(mini_graph, text).rows == ((URIRef(ID + "province/northland"), None),)


def test_ask(mini_graph: Graph) -> None:
    assert run_query(mini_graph, "ASK { ?c a pk:City }") == QueryResult("ASK", boolean=True)
    assert run_query(mini_graph, "ASK { ?c a pk:Person }") == QueryResult("ASK", boolean=False)


def test_construct_is_turtle(mini_graph: Graph) -> None:
    text = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a pk:City ; rdfs:label ?l }"
    result = run_query(mini_graph, text)
    assert result == QueryResult(
        "CONSTRUCT",
        triples=(
            (
                URIRef(ID + "city/riverton"),
                URIRef(PREFIXES["rdfs"] + "label"),
                Literal("Riverton", lang="en"),
            ),
        ),
    )
    assert format_result(result) == (
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        f'<{ID}city/riverton> rdfs:label "Riverton"@en .\n'
    )


def test_describe(mini_graph: Graph) -> None:
    result = run_query(mini_graph, f"DESCRIBE <{ID}province/northland>")
    assert result.kind == "DESCRIBE"
    assert (
        URIRef(ID + "province/northland"),
        URIRef(PREFIXES["rdfs"] + "label"),
        Literal("Northland", lang="en"),
    ) in result.triples


def test_graph_result_refuses_a_table_format(mini_graph: Graph) -> None:
    result = run_query(mini_graph, "CONSTRUCT WHERE { ?c a pk:City }")
    with pytest.raises(QueryError) as caught:
        format_result(result, "csv")
    assert (
        str(caught.value) == "CONSTRUCT returns a graph, written as Turtle; drop --format csv or use turtle"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "SPARQL Update is refused: policykg query is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)",
        ),
        (
            "DELETE WHERE { ?s ?p ?o }",
            "SPARQL Update is refused: policykg query is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)",
        ),
        (
            "LOAD <http://example.org/data.ttl>",
            "SPARQL Update is refused: policykg query is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)",
        ),
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE is refused: policykg query never contacts remote SPARQL endpoints",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://e.org/q> { ?s ?q ?r } } }",
            "SERVICE is refused: policykg query never contacts remote SPARQL endpoints",
        ),
        (
            "SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }",
            "FROM is refused: policykg query never loads graphs from the network or disk; "
            "give the data files on the command line instead",
        ),
        (
            "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
            "FROM NAMED is refused: policykg query never loads graphs from the network or disk; "
            "give the data files on the command line instead",
        ),
        (
            "SELECT * WHERE {\n  ?s ?p\n}",
            "SPARQL syntax error at line 2, column 3: unexpected '?'",
        ),
        ("   ", "the query is empty; give a SPARQL query with -q, -f FILE or -n NAME"),
        (
            "SELECT ?s WHERE {\n  ?s foo:name ?n }",
            "SPARQL syntax error at line 2, column 6: unknown prefix 'foo:'; declare it with PREFIX or use a "
            "predeclared one (cur, dcterms, id, nif, owl, pk, prov, rdf, rdfs, skos, unit, xsd)",
        ),
    ],
)
def test_refused_and_malformed(text: str, message: str) -> None:
    assert error_of(text) == message


def test_from_is_refused_before_anything_is_fetched(mini_graph: Graph) -> None:
    with pytest.raises(QueryError, match="^FROM is refused"):
        run_query(mini_graph, "SELECT * FROM <http://127.0.0.1:9/never> WHERE { ?s ?p ?o }")


# ---- result formats --------------------------------------------------------------------------------

TABLE = (
    "kind         place      province\n"
    "-----------  ---------  ---------\n"
    "pk:City      Riverton   Northland\n"
    "pk:Province  Northland\n"
)


@pytest.fixture(scope="module")
def places(mini_graph: Graph) -> QueryResult:
    return run_query(mini_graph, named_query("places").text)


def test_table(places: QueryResult) -> None:
    assert format_result(places) == TABLE
    assert format_result(places, "table") == TABLE


def test_csv(places: QueryResult) -> None:
    assert format_result(places, "csv") == (
        f"kind,place,province\r\n{PK}City,Riverton,Northland\r\n{PK}Province,Northland,\r\n"
    )


def test_tsv(places: QueryResult) -> None:
    assert format_result(places, "tsv") == (
        "?kind\t?place\t?province\n"
        f'<{PK}City>\t"Riverton"@en\t"Northland"@en\n'
        f'<{PK}Province>\t"Northland"@en\t\n'
    )


def test_json(places: QueryResult) -> None:
    assert json.loads(format_result(places, "json")) == {
        "head": {"vars": ["kind", "place", "province"]},
        "results": {
            "bindings": [
                {
                    "kind": {"type": "uri", "value": PK + "City"},
                    "place": {"type": "literal", "value": "Riverton", "xml:lang": "en"},
                    "province": {"type": "literal", "value": "Northland", "xml:lang": "en"},
                },
                {
                    "kind": {"type": "uri", "value": PK + "Province"},
                    "place": {"type": "literal", "value": "Northland", "xml:lang": "en"},
                },
            ]
        },
    }


def test_md(places: QueryResult) -> None:
    assert format_result(places, "md") == (
        "| kind | place | province |\n|---|---|---|\n| pk:City | Riverton | Northland |\n| pk:Province | Northland |  |\n"
    )


def test_json_typed_literal_and_ask() -> None:
    result = QueryResult("SELECT", ("v",), ((Literal("0", datatype=XSD.decimal),),))
    assert json.loads(format_result(result, "json"))["results"]["bindings"] == [
        {"v": {"type": "literal", "value": "0", "datatype": str(XSD.decimal)}}
    ]
    assert json.loads(format_result(QueryResult("ASK", boolean=False), "json")) == {
        "head": {},
        "boolean": False,
    }


@pytest.mark.parametrize("fmt", sorted(RESULT_FORMATS))
def test_every_format_ends_with_a_newline(places: QueryResult, fmt: str) -> None:
    assert format_result(places, fmt).endswith("\n")
    assert format_result(QueryResult("ASK", boolean=True), fmt).endswith("\n")


def test_table_keeps_values_on_one_line() -> None:
    result = QueryResult(
        "SELECT", ("a", "b"), ((Literal("two\nlines"), Literal("20000000000.0", datatype=XSD.decimal)),)
    )
    assert format_result(result) == "a          b\n---------  -----------\ntwo lines  20000000000\n"


def test_md_escapes_pipes() -> None:
    result = QueryResult("SELECT", ("a",), ((Literal("x|y"),),))
    assert format_result(result, "md") == "| a |\n|---|\n| x\\|y |\n"


# ---- named queries ---------------------------------------------------------------------------------


def test_named_queries_have_titles_and_parse() -> None:
    queries = named_queries()
    assert len([name for name in queries if not name.startswith("view-")]) >= 8
    for entry in queries.values():
        assert entry.title, entry.name
        prepare_query(entry.text)


def test_unknown_named_query() -> None:
    with pytest.raises(QueryError) as caught:
        named_query("nope")
    known = ", ".join(named_queries())
    assert str(caught.value) == f"unknown query name 'nope'; known: {known} (see policykg query --list)"


# ---- parameters ------------------------------------------------------------------------------------


def test_named_query_parameters() -> None:
    assert named_query("results-of-year").parameters == {"year": '"2021"'}
    assert named_query("figures-above").parameters == {"unit": "cur:CNY", "threshold": "10000000000"}
    assert named_query("initiative").parameters == {"word": '"paddy"'}


def test_bind_parameters(mini_graph: Graph) -> None:
    text = bind_parameters(named_query("figures-above").text, {"unit": "pk:Mu", "threshold": "1000000"})
    assert "VALUES ?unit { pk:Mu }" in text and "VALUES ?threshold { 1000000 }" in text
    rows = run_query(mini_graph, text).rows
    assert [str(row[1]) for row in rows] == ["Riverton"]


def test_year_parameter(mini_graph: Graph) -> None:
    query = named_query("results-of-year").text
    assert len(run_query(mini_graph, query).rows) == 1
    assert run_query(mini_graph, bind_parameters(query, {"year": "2020"})).rows == ()


def test_unknown_parameter() -> None:
    with pytest.raises(QueryError) as caught:
        bind_parameters(named_query("figures-above").text, {"year": "2021"})
    assert (
        str(caught.value)
        == "the query has no parameter 'year' (a VALUES ?year block); its parameters: threshold, unit"
    )


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("2022", "2022"),
        ("-1.5", "-1.5"),
        ("unit:PERCENT", "unit:PERCENT"),
        ("<https://w3id.org/policykg/id/city/x>", "<https://w3id.org/policykg/id/city/x>"),
        ("foo:bar", '"foo:bar"'),
        ('x" } } DROP ALL #', '"x\\" } } DROP ALL #"'),
        ("<a b>", '"<a b>"'),
    ],
)
def test_parameter_values_become_one_term(value: str, term: str) -> None:
    assert sparql_term(value) == term


# ---- properties ------------------------------------------------------------------------------------

SPARQL_BITS = st.sampled_from(
    [
        "SELECT",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "WHERE",
        "{",
        "}",
        "?s",
        "?p",
        "?o",
        "pk:City",
        "foo:bar",
        "<urn:x>",
        '"x"',
        "1.5",
        ".",
        ";",
        ",",
        "FILTER",
        "(",
        ")",
        "OPTIONAL",
        "UNION",
        "SERVICE",
        "FROM",
        "INSERT",
        "DATA",
        "PREFIX",
        "a",
        "*",
        "\n",
        "#",
        "LIMIT",
        "ORDER BY",
        "VALUES",
        "GRAPH",
        "BIND",
        "AS",
        "=",
        "LOAD",
        "CLEAR",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(SPARQL_BITS, max_size=14).map(" ".join) | st.text(max_size=40))
def test_any_text_is_prepared_or_refused_with_a_query_error(text: str) -> None:
    try:
        prepare_query(text)
    except QueryError as error:
        assert "\n" not in str(error)


@settings(max_examples=60, deadline=None)
@given(st.lists(SPARQL_BITS, max_size=14).map(lambda bits: "SELECT * WHERE { " + " ".join(bits) + " }"))
def test_any_query_runs_or_fails_with_a_query_error(mini_graph: Graph, text: str) -> None:
    try:
        run_query(mini_graph, text)
    except QueryError as error:
        assert "\n" not in str(error)


def test_select_star_keeps_the_order_of_the_query(mini_graph: Graph) -> None:
    result = run_query(
        mini_graph, "SELECT * WHERE { ?s a pk:Province ; rdfs:label ?label ; pk:mentionedIn ?doc }"
    )
    assert result.variables == ("s", "label", "doc")
    assert result.rows == (
        (
            URIRef(ID + "province/northland"),
            Literal("Northland", lang="en"),
            URIRef(ID + "document/riverton"),
        ),
    )


def test_table_clips_long_cells_but_csv_does_not() -> None:
    result = QueryResult("SELECT", ("text",), ((Literal("x" * 200),),))
    assert format_result(result).splitlines()[2] == "x" * 119 + "…"
    assert format_result(result, "csv").splitlines()[1] == "x" * 200


SHAPE_QUERIES = [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT ?o ?s WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) ?s",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(?s)",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY (?s)",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o < 3) } ORDER BY ASC(?s) LIMIT 2",
    "SELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DESCRIBE <urn:x>",
    "select distinct * { ?s ?p ?o } order by desc(?o)",
    "SELECT ?s # ORDER BY ?s\n WHERE { ?s ?p '} ORDER BY ?p' }",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s <urn:f>(?o)",
]


@pytest.mark.parametrize(
    "text", SHAPE_QUERIES + [entry.text for entry in named_queries().values()], ids=lambda text: text[:40]
)
def test_kind_and_order_read_from_tokens_are_rdflib_algebras(text: str) -> None:
    """Issue 10: ``checked``/``ordering`` read from Oxigraph and the tokens answer as rdflib's algebra does."""
    from rdflib.term import Variable

    from policykg.query import _find_order, _projected, checked, ordering, prepare_query, query_kind

    algebra = prepare_query(text).algebra
    found: list = []
    _find_order(algebra, found)
    expected = None
    if found:
        keys = [key.get("expr") if hasattr(key, "get") else key for key in found[0]]
        projected = set(_projected(algebra))
        plain = all(isinstance(key, Variable) and str(key) in projected for key in keys)
        expected = tuple(str(key) for key in keys) if plain else ()
    kind = query_kind(prepare_query(text))
    assert checked(text) == (kind, kind == "SELECT")
    if kind == "SELECT":
        assert ordering(text) == expected
