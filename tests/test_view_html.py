"""Structural tests of the HTML views: parse the page, check data, escaping, offline-ness, determinism."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from rdflib import Graph
from test_view_graph import (
    EMERGING,
    HOSTILE_CITY,
    HOSTILE_INDUSTRY,
    HOSTILE_TITLE,
    HOSTILE_VISION,
    PILLAR,
    TEXT,
    VISIONS,
    hostile_graph,
    seed_like_graph,
)

from policykg.errors import InputError, QueryError
from policykg.view import VIEWS, select_view, write_view

ROOT = Path(__file__).resolve().parents[1]


def page_data(html: bytes) -> tuple[list[dict], list[dict]]:
    """The node and edge lists embedded in a page."""
    text = html.decode("utf-8")
    nodes = re.search(r"^var PK_NODES = (.*);$", text, re.MULTILINE)
    edges = re.search(r"^var PK_EDGES = (.*);$", text, re.MULTILINE)
    assert nodes and edges
    return json.loads(nodes.group(1)), json.loads(edges.group(1))


@pytest.fixture(scope="module")
def seed_like() -> Graph:
    return seed_like_graph()


@pytest.fixture(scope="module")
def industries_page(seed_like: Graph) -> bytes:
    return write_view(seed_like, "industries")


def test_industries_view_nodes_and_edges(industries_page: bytes) -> None:
    nodes, edges = page_data(industries_page)
    by_group: dict[str, list[str]] = {}
    for node in nodes:
        by_group.setdefault(node["group"], []).append(node["label"])
    assert {group: sorted(labels) for group, labels in by_group.items()} == {
        "City": ["Alderford"],
        "IndustrialSystem": ['"1 plus 6" industrial system'],
        "PillarIndustry": [PILLAR],
        "EmergingIndustry": sorted(EMERGING),
        "CityVision": sorted(VISIONS),
        "Initiative": ["Harbour Battery Plant", "Smart Clinic programme"],
        "Target": ["more than 300 billion yuan"],
        "Result": ["grew by 17%"],
    }
    labels = sorted(edge["label"] for edge in edges)
    assert labels == sorted(
        ["industrial system"] + ["pillar industry"] + ["emerging industry"] * 6 + ["vision"] * 6
        + ["concerns"] * 3 + ["has target", "has result"]
    )  # fmt: skip


def test_views_counts(seed_like: Graph) -> None:
    counts = {name: select_view(seed_like, name) for name in VIEWS}
    sizes = {name: (g.number_of_nodes(), g.number_of_edges()) for name, g in counts.items()}
    assert sizes == {"industries": (19, 19), "initiatives": (7, 4), "full": (20, 20)}


def test_figure_node_carries_its_sentence(industries_page: bytes) -> None:
    nodes, _ = page_data(industries_page)
    target = next(node for node in nodes if node["group"] == "Target")
    assert target["figure"] == "more than 300,000,000,000 yuan (2025)"
    assert (
        target["sentence"]
        == "By 2025, the output of the automobile industry will reach more than 300 billion yuan."
    )
    assert target["sentence"][target["mark_begin"] : target["mark_end"]] == "more than 300 billion yuan"
    assert target["document"] == "Alderford test interview"
    assert target["indicator"] == "output of the automobile industry"
    assert "title" not in target  # tooltips are built in the browser from text, never raw HTML


def test_page_is_self_contained(industries_page: bytes) -> None:
    soup = BeautifulSoup(industries_page, "html.parser")
    assert soup.find("link") is None
    assert all(not tag.get("src") for tag in soup.find_all(True))
    assert all(not tag.get("href") for tag in soup.find_all(True))
    assert not re.search(rb"url\(\s*['\"]?(?!data:)", industries_page)
    assert not re.search(rb"@import|cdn|bootstrap", industries_page, re.IGNORECASE)
    assert len(soup.find_all("script")) == 3
    assert soup.find("meta", charset="utf-8") is not None
    assert (
        "default-src 'none'" in soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    )


def test_heading_description_and_legend(industries_page: bytes) -> None:
    soup = BeautifulSoup(industries_page, "html.parser")
    assert soup.title.string == "Industries"
    assert soup.find(id="pk-heading").get_text() == "Industries"
    assert soup.find(id="pk-description").get_text().startswith("Each city with its industrial systems")
    rows = [" ".join(row.get_text().split()) for row in soup.select(".pk-legend-row")]
    assert rows == [
        "city (1)",
        "industrial system (1)",
        "pillar industry (1)",
        "emerging industry (6)",
        "city vision (6)",
        "initiative (2)",
        "target (1)",
        "result (1)",
    ]


def test_same_graph_same_bytes(seed_like: Graph, industries_page: bytes) -> None:
    shuffled = Graph()
    for triple in sorted(seed_like, reverse=True):
        shuffled.add(triple)
    assert write_view(shuffled, "industries") == industries_page


def test_hostile_text_is_escaped() -> None:
    page = write_view(hostile_graph(), "industries", document="hostile")
    text = page.decode("utf-8")
    for hostile in (HOSTILE_CITY, HOSTILE_INDUSTRY, HOSTILE_VISION, HOSTILE_TITLE, "<img", "<b "):
        assert hostile not in text
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("script")) == 3
    assert soup.find("img") is None and soup.find("b") is None
    assert soup.find(id="pk-heading").get_text() == f"Industries — {HOSTILE_TITLE}"
    nodes, _ = page_data(page)
    assert sorted(node["label"] for node in nodes) == sorted(
        [HOSTILE_CITY, '"1 plus 1" industrial system', HOSTILE_INDUSTRY, "tea", HOSTILE_VISION, "grow by 12%"]
    )


def test_document_filter() -> None:
    graph = seed_like_graph() + hostile_graph()
    assert select_view(graph, "industries").number_of_nodes() == 25
    assert select_view(graph, "industries", document="alderford-test").number_of_nodes() == 19
    with pytest.raises(InputError) as error:
        select_view(graph, "industries", document="nowhere")
    assert str(error.value) == (
        "no document 'nowhere' in the graph; known documents: alderford-test, hostile (see --document)"
    )


def test_unknown_view() -> None:
    with pytest.raises(QueryError) as error:
        write_view(Graph(), "cities")
    assert (
        str(error.value)
        == "unknown view 'cities'; known views: full, industries, initiatives (choose one with --view)"
    )


def test_empty_graph_gives_an_empty_page() -> None:
    page = write_view(Graph())
    assert page_data(page) == ([], [])
    notice = BeautifulSoup(page, "html.parser").find(id="pk-notice").get_text()
    assert notice == "Nothing to draw: the industries view selects nothing in this graph. Try --view full."
    notice = BeautifulSoup(write_view(Graph(), "full"), "html.parser").find(id="pk-notice").get_text()
    assert notice == "Nothing to draw: the full view selects nothing in this graph."


def test_too_many_nodes_gives_a_notice_instead() -> None:
    import networkx

    from policykg.view.html import render

    digraph = networkx.DiGraph()
    digraph.add_nodes_from(
        (f"n{i}", {"label": f"n{i}", "class": "Initiative", "group": "Initiative"}) for i in range(2001)
    )
    page = render(digraph, VIEWS["full"])
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find(id="pk-notice").get_text() == (
        "This view has 2,001 nodes, more than 2,000: too many to read. Choose a narrower view "
        "(--view industries or --view initiatives) or one document (--document ID)."
    )
    assert page_data(page) == ([], [])


def test_evidence_offsets_hold_in_the_fixture() -> None:
    from policykg.namespaces import NIF

    graph = seed_like_graph()
    for span in set(graph.subjects(NIF.anchorOf, None)):
        begin, end = int(graph.value(span, NIF.beginIndex)), int(graph.value(span, NIF.endIndex))
        assert TEXT[begin:end] == str(graph.value(span, NIF.anchorOf))


def test_view_package_imports_nothing_heavy() -> None:
    code = (
        "import policykg.view, sys; heavy = {'pyvis', 'networkx', 'jinja2'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_views_of_a_graph_built_by_graph_py(mini_graph: Graph) -> None:
    """The conftest's mini text goes through the real build_graph: the views read its shape."""
    sizes = {name: select_view(mini_graph, name) for name in VIEWS}
    assert {name: (g.number_of_nodes(), g.number_of_edges()) for name, g in sizes.items()} == {
        "industries": (9, 9),
        "initiatives": (4, 3),
        "full": (11, 12),
    }
    nodes, _ = page_data(write_view(mini_graph, "industries"))
    robotics = next(node for node in nodes if node["label"] == "robotics")
    assert robotics["group"] == "EmergingIndustry"
    # entity evidence without nif:sentence: the sentence is cut from the document's nif:isString
    assert robotics["sentence"].startswith("Riverton, in Northland Province, builds")
    assert robotics["sentence"].endswith("to become a Green Port City.")
    assert robotics["sentence"][robotics["mark_begin"] : robotics["mark_end"]] == "robotics"


def test_chinese_text_is_written_as_utf8() -> None:
    from rdflib import RDFS, Literal
    from rdflib.namespace import DCTERMS

    from policykg.namespaces import ID

    graph = seed_like_graph()
    graph.set((ID["document/alderford-test"], DCTERMS.title, Literal("奥德福市 访谈")))
    graph.add((ID["city/alderford"], RDFS.label, Literal("奥德福")))  # untagged: the @en label still wins
    graph.set((ID["industry/new-energy"], RDFS.label, Literal("新能源 new energy", lang="en")))
    page = write_view(graph, "industries", document="alderford-test")
    assert '<h1 id="pk-heading">Industries — 奥德福市 访谈</h1>'.encode() in page
    nodes, _ = page_data(page)
    labels = {node["label"] for node in nodes}
    assert {"Alderford", "新能源 new energy"} <= labels and "奥德福" not in labels


def test_page_script_never_writes_html() -> None:
    """Tooltips and panels are built from text nodes: pyvis's innerHTML popup is not used."""
    from policykg.view.resources import template

    script = template("view.js") + template("view.html")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "tooltip_link"):
        assert sink not in script


def test_same_bytes_across_processes() -> None:
    code = (
        "import sys, hashlib; sys.path.insert(0, 'tests'); from test_view_graph import seed_like_graph, hostile_graph;"
        "from policykg.view import write_view; g = seed_like_graph() + hostile_graph();"
        "print(hashlib.sha256(b''.join(write_view(g, v) for v in ('industries', 'initiatives', 'full'))).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        digests.add(done.stdout)
    assert len(digests) == 1


def test_nodes_list_their_figures(industries_page: bytes) -> None:
    nodes, _ = page_data(industries_page)
    figures = {node["label"]: node.get("figures") for node in nodes if node.get("figures")}
    assert figures == {
        "automobile industry": ["target: more than 300,000,000,000 yuan (2025)"],
        "Smart Clinic programme": ["result: 17%, increase (2021)"],
    }
