"""stats.py: exact counts per class and unit, and the best-connected entities, on the mini graph."""

from __future__ import annotations

import pytest
from rdflib import Graph

from policykg.export import as_graphs
from policykg.stats import Connected, compute_stats, format_stats
from policykg.store import open_store


@pytest.fixture(params=["oxigraph", "memory"])
def mini_store(request, mini_graph: Graph):
    store = open_store(request.param)
    store.load(as_graphs(mini_graph))
    yield store
    store.close()


def test_counts(mini_store, mini_graph: Graph) -> None:
    stats = compute_stats(mini_store, top=3)
    assert stats.triples == len(mini_graph) == 180
    assert stats.classes[:9] == (
        ("pk:Figure", 3),
        ("pk:Industry", 3),
        ("pk:Target", 2),
        ("pk:City", 1),
        ("pk:CityVision", 1),
        ("pk:Document", 1),
        ("pk:IndustrialSystem", 1),
        ("pk:Initiative", 1),
        ("pk:Province", 1),
    )
    assert ("nif:Context", 1) in stats.classes
    assert stats.units == (("cur:CNY", 1), ("pk:Mu", 1), ("unit:PERCENT", 1))
    assert stats.connected == (
        Connected("id:city/riverton", "Riverton", 6),
        Connected("id:industry/software", "software", 4),
        Connected("id:system/riverton-2-plus-1", '"2 plus 1" industrial system', 4),
    )


def test_text(mini_store, mini_graph: Graph) -> None:
    text = format_stats(compute_stats(mini_store, top=2))
    assert text.startswith(f"Triples: {len(mini_graph)}\n\nInstances per class:\n  pk:Figure ")
    assert "Figures per unit:\n  cur:CNY       1\n  pk:Mu         1\n  unit:PERCENT  1\n" in text
    assert text.endswith(
        "Best-connected entities (links to other entities):\n"
        "  Riverton <id:city/riverton>      6\n"
        "  software <id:industry/software>  4\n"
    )


def test_ties_at_the_cut_are_ordered_by_name(mini_store) -> None:
    """Two entities have 4 links: with ``top=2`` the engine's LIMIT cuts between them, and the
    one with the smaller name is kept whatever order the engine gave them in."""
    assert compute_stats(mini_store, top=2).connected == (
        Connected("id:city/riverton", "Riverton", 6),
        Connected("id:industry/software", "software", 4),
    )
    assert compute_stats(mini_store, top=0).connected == ()


def test_empty_store() -> None:
    assert format_stats(compute_stats(open_store("oxigraph"))) == (
        "Triples: 0\n\nInstances per class:\n  (none)\n\nFigures per unit:\n  (none)\n\n"
        "Best-connected entities (links to other entities):\n  (none)\n"
    )
