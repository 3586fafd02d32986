"""Shared fixtures: the seed graph (built once), a hand-written mini graph, and ``assert_isomorphic``.

The mini text below is invented for the tests (a fictional city); it goes through the real
``policykg.graph.build_graph`` so its triples follow the contract exactly.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import settings
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from policykg.model import PK_IRI, Document, DocumentMeta, Entity, Extraction, Fact, Figure, Span

ROOT = Path(__file__).resolve().parent.parent

# In CI the property tests replay one fixed sequence of examples (hypothesis's advice for CI), so a
# submission is judged on the same inputs every run; locally every run explores new ones. No example
# has a deadline: speed is measured by the benchmarks, and a loaded machine must not fail a test.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")
SEED = ROOT / "examples" / "changchun-2022-interview.txt"

UNIT = "http://qudt.org/vocab/unit/"
CUR = "http://qudt.org/vocab/currency/"

MINI_TEXT = (
    "Riverton Daily\n"
    'Riverton, in Northland Province, builds a "2 plus 1" industrial system: shipbuilding as the pillar, '
    "software and robotics as emerging industries, to become a Green Port City. "
    "In 2021, software revenue increased by 12%. "
    "By 2025, Riverton will plant more than 1.5 million mu of forest and invest RMB20 billion in the Harbour Park.\n"
)


def _span(anchor: str, start: int = 0) -> Span:
    begin = MINI_TEXT.index(anchor, start)
    return Span(begin, begin + len(anchor), anchor)


def _entity(key: str, kind: str, label: str, anchor: str | None = None) -> Entity:
    return Entity(key=key, kind=kind, label=label, spans=(_span(anchor or label),))


def _figure(
    key: str, kind: str, value: str, unit: str, anchor: str, sentence: str, **extra: object
) -> Figure:
    return Figure(
        key=key,
        kind=kind,
        value=Decimal(value),
        unit=unit,
        span=_span(anchor),
        sentence=_span(sentence),
        **extra,
    )


def mini_extraction() -> Extraction:
    """Riverton: a city, a province, a 2+1 system, a vision, an initiative, two targets and a result."""
    entities = (
        _entity("city/riverton", "City", "Riverton"),
        _entity("province/northland", "Province", "Northland", "Northland Province"),
        _entity("system/riverton-2-plus-1", "IndustrialSystem", '"2 plus 1" industrial system'),
        _entity("industry/shipbuilding", "Industry", "shipbuilding"),
        _entity("industry/software", "Industry", "software"),
        _entity("industry/robotics", "Industry", "robotics"),
        _entity("vision/green-port-city", "CityVision", "Green Port City"),
        _entity("initiative/harbour-park", "Initiative", "Harbour Park"),
    )
    last = "By 2025, Riverton will plant more than 1.5 million mu of forest and invest RMB20 billion in the Harbour Park."
    figures = (
        _figure(
            "figure/mini/revenue",
            "Result",
            "12",
            UNIT + "PERCENT",
            "increased by 12%",
            "In 2021, software revenue increased by 12%.",
            subject="industry/software",
            year=2021,
            direction=PK_IRI + "Increase",
            indicator="software revenue",
            concerns=("industry/software",),
        ),
        _figure(
            "figure/mini/forest",
            "Target",
            "1500000",
            PK_IRI + "Mu",
            "more than 1.5 million mu",
            last,
            subject="city/riverton",
            year=2025,
            comparator=PK_IRI + "MoreThan",
        ),
        _figure(
            "figure/mini/invest",
            "Target",
            "20000000000",
            CUR + "CNY",
            "RMB20 billion",
            last,
            subject="initiative/harbour-park",
            year=2025,
        ),
    )
    pk = PK_IRI
    facts = (
        Fact("city/riverton", pk + "locatedIn", "province/northland"),
        Fact("city/riverton", pk + "industrialSystem", "system/riverton-2-plus-1"),
        Fact("system/riverton-2-plus-1", pk + "pillarIndustry", "industry/shipbuilding"),
        Fact("system/riverton-2-plus-1", pk + "emergingIndustry", "industry/software"),
        Fact("system/riverton-2-plus-1", pk + "emergingIndustry", "industry/robotics"),
        Fact("city/riverton", pk + "vision", "vision/green-port-city"),
        Fact("initiative/harbour-park", pk + "undertakenBy", "city/riverton"),
        Fact("initiative/harbour-park", pk + "concerns", "industry/software"),
    )
    document = Document(text=MINI_TEXT, source="riverton.txt", slug="riverton")
    meta = DocumentMeta(title="Riverton Daily", date="2022", publisher="Riverton Press")
    return Extraction(document, meta, entities, figures, facts)


@pytest.fixture(scope="session")
def mini_graph() -> Graph:
    """The mini text's graph (do not modify it)."""
    from policykg.graph import build_graph

    return build_graph([mini_extraction()])


@pytest.fixture(scope="session")
def mini_ttl(tmp_path_factory: pytest.TempPathFactory, mini_graph: Graph) -> Path:
    """The mini graph as a Turtle file."""
    path = tmp_path_factory.mktemp("mini") / "mini.ttl"
    path.write_text(mini_graph.serialize(format="turtle"), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    """The seed text's graph, built once with the real pipeline (do not modify it)."""
    from policykg.pipeline import build

    return build([str(SEED)])


@pytest.fixture(scope="session")
def seed_ttl(tmp_path_factory: pytest.TempPathFactory, seed_graph: Graph) -> Path:
    """The seed graph as a Turtle file."""
    path = tmp_path_factory.mktemp("seed") / "seed.ttl"
    path.write_text(seed_graph.serialize(format="turtle"), encoding="utf-8")
    return path


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    """Fail with the triples only in one graph, sorted, when the graphs are not isomorphic."""
    iso_actual, iso_expected = to_isomorphic(actual), to_isomorphic(expected)
    if iso_actual == iso_expected:
        return
    _, only_actual, only_expected = graph_diff(iso_actual, iso_expected)
    lines = ["graphs differ", "only in actual:"]
    lines += sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in only_actual)
    lines += ["only in expected:"]
    lines += sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in only_expected)
    pytest.fail("\n".join(lines), pytrace=False)
