"""Every shipped example query gives exactly its expected rows on the seed graph.

Cells are shown as ``policykg query`` shows them (prefixed names, plain decimals); cells longer
than 60 characters are compared on their first 60 (the sentences; a separate test checks that
each target's anchor lies inside its sentence).
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from policykg.query import compact, named_queries, run_query

EXPECTED: dict[str, list[tuple[str, ...]]] = {
    "city-visions": [
        ("Changchun", "Cultural and Creative City"),
        ("Changchun", "Dual Carbon Demonstration City"),
        ("Changchun", "Emerging Consumption City"),
        ("Changchun", "International Auto City"),
        ("Changchun", "Modern Agriculture City"),
        ("Changchun", "Sci-Tech Innovation City"),
    ],
    "documents": [
        (
            "id:document/examples/changchun-2022-interview",
            "Interview with Zhang Zhijun, Member of the Standing Committe…",
            "2022-01-12",
            "CCFAO",
            "changchun-2022-interview.txt",
            "8924",
        ),
    ],
    "figures-above": [
        ("pk:Target", "high-end equipment manufacturing", "100000000000", "cur:CNY", "", "100 billion"),
    ],
    "indicator-by-city": [],  # the seed has no 2024 GDP figure (see tests/test_track.py)
    "industrial-systems": [
        ("Changchun", "1 plus 6 industrial system", "pillar", "automobile"),
        ("Changchun", "1 plus 6 industrial system", "emerging", "agricultural processing"),
        ("Changchun", "1 plus 6 industrial system", "emerging", "biomedicine"),
        ("Changchun", "1 plus 6 industrial system", "emerging", "cultural tourism"),
        ("Changchun", "1 plus 6 industrial system", "emerging", "high-end equipment manufacturing"),
        ("Changchun", "1 plus 6 industrial system", "emerging", "new energy"),
        ("Changchun", "1 plus 6 industrial system", "emerging", "optoelectronic information"),
    ],
    "industries": [
        ("seed industry", "3", "1"),
        ("automobile", "1", "0"),
        ("new energy", "1", "0"),
        ("power batteries", "1", "0"),
        ("agricultural processing", "0", "1"),
        ("high-end equipment manufacturing", "0", "1"),
        ("service industry", "0", "1"),
        ("agriculture", "0", "0"),
        ("biomedicine", "0", "0"),
        ("cultural tourism", "0", "0"),
        ("digital economy", "0", "0"),
        ("e-commerce", "0", "0"),
        ("ice and snow economy", "0", "0"),
        ("manufacturing", "0", "0"),
        ("night economy", "0", "0"),
        ("optoelectronic information", "0", "0"),
        ("tourism", "0", "0"),
    ],
    "initiative": [
        ("Northern Exquisite Paddy Seed Production Base", "->", "rdf:type", "pk:Initiative"),
        (
            "Northern Exquisite Paddy Seed Production Base",
            "->",
            "rdfs:label",
            "Northern Exquisite Paddy Seed Production Base",
        ),
        ("Northern Exquisite Paddy Seed Production Base", "->", "pk:concerns", "seed industry"),
        ("Northern Exquisite Paddy Seed Production Base", "->", "pk:hasTarget", "100,000 mu"),
        ("Northern Exquisite Paddy Seed Production Base", "->", "pk:undertakenBy", "Changchun"),
        (
            "Northern Exquisite Paddy Seed Production Base",
            "text",
            "nif:anchorOf",
            "Northern Exquisite Paddy Seed Production Base",
        ),
    ],
    "initiatives-by-industry": [
        ("automobile", "automotive independent innovation", "Changchun"),
        ("new energy", "Hongqi's new energy plant", "Hongqi"),
        ("power batteries", "BYD power battery", "BYD"),
        ("seed industry", "Gongzhuling National Modern Seed Industrial Park", "Gongzhuling"),
        ("seed industry", "Northern Exquisite Paddy Seed Production Base", "Changchun"),
        ("seed industry", "modern, innovative seed project", "Changchun"),
    ],
    "places": [
        ("pk:City", "Changchun", "Jilin"),
        ("pk:City", "Gongzhuling", "Jilin"),
        ("pk:Province", "Jilin", ""),
    ],
    "promises": [],  # one document makes no promise checks (see tests/test_promises.py)
    "results-of-year": [
        (
            "agricultural processing",
            "output of agricultural processing enterprises above designat…",
            "17",
            "unit:PERCENT",
            "pk:Increase",
            "increased by 17%",
            "2021",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "service industry",
            "sales of services above designated size in Changchun City",
            "18.5",
            "unit:PERCENT",
            "pk:Increase",
            "increased by 18.5%",
            "2021",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "Changchun",
            "total retail sales of social consumer goods",
            "8",
            "unit:PERCENT",
            "pk:Increase",
            "increased by more than 8%",
            "2021",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "Changchun",
            "special",
            "27",
            "unit:NUM",
            "",
            "27",
            "2021",
            "id:document/examples/changchun-2022-interview",
        ),
    ],
    "targets": [
        (
            "conservation tillage",
            "10570000",
            "pk:Mu",
            "",
            "",
            "10.57 million mu",
            "Specifically, firstly, protect the roots, and the “fertile b…",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "10000 mu new high standard farmland demonstration areas",
            "3",
            "unit:NUM",
            "",
            "",
            "three",
            "Specifically, firstly, protect the roots, and the “fertile b…",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "Northern Exquisite Paddy Seed Production Base",
            "100000",
            "pk:Mu",
            "",
            "",
            "100,000 mu",
            "We shall implement the modern, innovative seed project, acce…",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "Changchun",
            "23900000",
            "pk:Mu",
            "pk:MoreThan",
            "",
            "more than 23.9 million mu",
            "Thirdly, stabilize output, keep the red line of cultivated l…",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "high-end equipment manufacturing",
            "100000000000",
            "cur:CNY",
            "",
            "",
            "100 billion",
            "We will build a “1 plus 6” industrial system, that is, a pil…",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "Changchun",
            "1000",
            "unit:NUM",
            "pk:MoreThan",
            "2022",
            "more than 1,000",
            "The “five ones” mechanism of one project, one leader, one te…",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "Changchun",
            "100000000",
            "cur:CNY",
            "pk:MoreThan",
            "2022",
            "more than RMB100 million",
            "The “five ones” mechanism of one project, one leader, one te…",
            "id:document/examples/changchun-2022-interview",
        ),
        (
            "Changchun",
            "10",
            "unit:PERCENT",
            "pk:MoreThan",
            "2022",
            "increase of more than 10%",
            "The “five ones” mechanism of one project, one leader, one te…",
            "id:document/examples/changchun-2022-interview",
        ),
    ],
}


def shown(row: tuple) -> tuple[str, ...]:
    cells = (compact(term) for term in row)
    return tuple(cell if len(cell) <= 60 else cell[:60] + "…" for cell in cells)


def test_every_example_query_is_covered() -> None:
    assert sorted(EXPECTED) == sorted(name for name in named_queries() if not name.startswith("view-"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_query_rows(seed_graph: Graph, name: str) -> None:
    result = run_query(seed_graph, named_queries()[name].text)
    assert [shown(row) for row in result.rows] == EXPECTED[name]


def test_target_anchors_lie_in_their_sentences(seed_graph: Graph) -> None:
    result = run_query(seed_graph, named_queries()["targets"].text)
    anchor, sentence = result.variables.index("anchor"), result.variables.index("sentence")
    assert result.rows
    for row in result.rows:
        assert str(row[anchor]) in str(row[sentence])


def test_results_query_keeps_to_its_year(seed_graph: Graph) -> None:
    text = named_queries()["results-of-year"].text.replace('"2021"', '"1999"')
    assert run_query(seed_graph, text).rows == ()
