"""The HTML views in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Every network request is routed and blocked, and counts as a failure; console errors fail too.
Screenshots of each view go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from test_view_graph import (
    HOSTILE_CITY,
    HOSTILE_INDUSTRY,
    HOSTILE_TITLE,
    HOSTILE_VISION,
    hostile_graph,
    seed_like_graph,
)
from test_view_html import page_data

from policykg.view import VIEWS, write_view

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class ViewPage:
    """A page showing one view, with the requests it tried and the console errors it logged."""

    def __init__(self, browser: Any, html: bytes) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._block)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.set_content(html.decode("utf-8"), wait_until="load")
        # poll from Python: wait_for_function evaluates strings with eval, which the page's CSP forbids
        deadline = time.monotonic() + 60
        while self.page.evaluate("window.__pkReady !== true"):
            assert time.monotonic() < deadline, "the view did not settle within 60 s"
            self.page.wait_for_timeout(50)

    def _block(self, route: Any) -> None:
        self.requests.append(route.request.url)
        route.abort()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates, once the drawing has stopped moving (vis.js may
        still fit the view to the page just after it settled), checked with the network's own hit test."""
        deadline = time.monotonic() + 30
        last = None
        while True:
            point, hit = self.js(
                """id => { const n = window.pkView.network;
                   const p = n.canvasToDOM(n.getPositions([id])[id]);
                   const box = document.getElementById('mynetwork').getBoundingClientRect();
                   return [[box.left + p.x, box.top + p.y], n.getNodeAt(p)]; }""",
                node_id,
            )
            if point == last and hit == node_id:
                return tuple(point)
            assert time.monotonic() < deadline, f"node {node_id} did not come to rest under its point"
            last = point
            self.page.wait_for_timeout(100)

    def check_clean(self) -> None:
        assert self.requests == [], f"the page tried to fetch {self.requests}"
        assert self.errors == [], f"console errors: {self.errors}"

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(`make test` installs it; or run `apt-get install chromium`)"
        )
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def seed_like_html() -> bytes:
    return write_view(seed_like_graph(), "industries")


@pytest.fixture()
def industries(browser: Any, seed_like_html: bytes) -> Iterator[ViewPage]:
    view = ViewPage(browser, seed_like_html)
    yield view
    view.page.close()


def test_datasets_hold_the_view(industries: ViewPage, seed_like_html: bytes) -> None:
    nodes, edges = page_data(seed_like_html)
    shown = industries.js("window.pkView.nodes.get().map(n => [n.id, n.label, n.group]).sort()")
    assert shown == sorted([node["id"], node["label"], node["group"]] for node in nodes)
    assert industries.js("window.pkView.edges.length") == len(edges) == 19
    groups = industries.js("window.pkView.nodes.get().map(n => n.group)")
    assert (groups.count("PillarIndustry"), groups.count("EmergingIndustry"), groups.count("CityVision")) == (
        1,
        6,
        6,
    )
    assert industries.js("window.pkView.network.physics.physicsEnabled") is False  # settled, then stopped
    industries.check_clean()


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_view_loads_offline(browser: Any, name: str) -> None:
    view = ViewPage(browser, write_view(seed_like_graph(), name))
    assert view.js("window.pkView.nodes.length") > 0
    assert view.screenshot(f"view-{name}.png").stat().st_size > 10_000
    view.check_clean()
    view.page.close()


def figure_id(view: ViewPage) -> str:
    return view.js("window.pkView.nodes.get().find(n => n.group === 'Target').id")


def test_hover_shows_the_figure_sentence(industries: ViewPage) -> None:
    x, y = industries.node_point(figure_id(industries))
    industries.page.mouse.move(x, y)
    tooltip = industries.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert "more than 300,000,000,000 yuan (2025)" in text
    assert "By 2025, the output of the automobile industry will reach more than 300 billion yuan." in text
    assert "from: Alderford test interview" in text
    assert tooltip.locator("mark").inner_text() == "more than 300 billion yuan"
    industries.check_clean()


def test_click_shows_the_figure_sentence(industries: ViewPage) -> None:
    node = figure_id(industries)
    x, y = industries.node_point(node)
    industries.page.mouse.click(x, y)
    assert industries.js("window.pkView.network.getSelectedNodes()") == [node]
    details = industries.page.locator("#pk-details")
    assert details.locator(".pk-tip-label").inner_text() == "more than 300 billion yuan"
    assert details.locator(".pk-tip-class").inner_text() == "target"
    assert details.locator("mark").inner_text() == "more than 300 billion yuan"
    assert "indicator: output of the automobile industry" in details.inner_text()
    industries.check_clean()


def test_search_focuses_the_node(industries: ViewPage) -> None:
    page = industries.page
    page.fill("#pk-search", "BIOMEDICINE")
    page.press("#pk-search", "Enter")
    node = industries.js("window.pkView.nodes.get().find(n => n.label === 'biomedicine').id")
    assert industries.js("window.pkView.network.getSelectedNodes()") == [node]
    centre = industries.js(
        "id => { const n = window.pkView.network; const v = n.getViewPosition(); const p = n.getPositions([id])[id];"
        " return Math.hypot(v.x - p.x, v.y - p.y); }",
        node,
    )
    assert centre < 1
    assert industries.js("window.pkView.network.getScale()") == pytest.approx(1.3)
    assert page.locator("#pk-details .pk-tip-label").inner_text() == "biomedicine"
    page.fill("#pk-search", "no such thing")
    page.press("#pk-search", "Enter")
    assert page.locator("#pk-search-status").inner_text() == "No node matches \u201cno such thing\u201d."
    industries.check_clean()


def test_legend_toggle_hides_a_class(industries: ViewPage) -> None:
    industries.page.uncheck("#pk-legend input[data-group='CityVision']")
    hidden = industries.js("window.pkView.nodes.get().filter(n => n.hidden).map(n => n.group)")
    assert hidden == ["CityVision"] * 6
    industries.page.check("#pk-legend input[data-group='CityVision']")
    assert industries.js("window.pkView.nodes.get().filter(n => n.hidden).length") == 0
    industries.check_clean()


def test_hostile_document_runs_no_script(browser: Any) -> None:
    view = ViewPage(browser, write_view(hostile_graph(), "industries", document="hostile"))
    page = view.page
    assert page.locator("#pk-heading").inner_text() == f"Industries — {HOSTILE_TITLE}"
    assert page.title() == f"Industries — {HOSTILE_TITLE}"
    for label in (HOSTILE_CITY, HOSTILE_INDUSTRY, HOSTILE_VISION):
        view.js("window.pkView.network.fit({animation: false})")  # the last search zoomed in
        node = view.js("label => window.pkView.nodes.get().find(n => n.label === label).id", label)
        x, y = view.node_point(node)
        page.mouse.move(x, y)
        expect(page.locator("div.vis-tooltip .pk-tip-label")).to_have_text(label, timeout=5_000)
        page.mouse.click(x, y)
        assert page.locator("#pk-details .pk-tip-label").inner_text() == label
        page.fill("#pk-search", label)
        page.press("#pk-search", "Enter")
        assert view.js("window.pkView.network.getSelectedNodes()") == [node]
    assert page.locator("#pk-details img, #pk-details script, #pk-details b").count() == 0
    assert view.js("typeof window.__pwned") == "undefined"
    view.screenshot("view-hostile.png")
    view.check_clean()
    page.close()


@pytest.fixture(scope="module")
def seed_pages(seed_graph: Any) -> dict[str, bytes]:
    return {name: write_view(seed_graph, name) for name in sorted(VIEWS)}


def test_seed_industries_view(browser: Any, seed_pages: dict[str, bytes]) -> None:
    """The seed's "1 plus 6" system and its six cities, at a glance (the README's screenshot)."""
    html = seed_pages["industries"]
    view = ViewPage(browser, html)
    nodes, edges = page_data(html)
    shown = view.js("window.pkView.nodes.get().map(n => [n.id, n.label, n.group]).sort()")
    assert shown == sorted([node["id"], node["label"], node["group"]] for node in nodes)
    assert view.js("window.pkView.edges.length") == len(edges)
    groups: dict[str, list[str]] = {}
    for node in nodes:
        groups.setdefault(node["group"], []).append(node["label"])
    assert "Changchun" in groups["City"]
    assert len(groups["IndustrialSystem"]) == 1 and "1 plus 6" in groups["IndustrialSystem"][0]
    assert (len(groups["PillarIndustry"]), len(groups["EmergingIndustry"]), len(groups["CityVision"])) == (
        1,
        6,
        6,
    )
    view.screenshot("seed-view-industries.png")
    view.check_clean()
    view.page.close()


@pytest.mark.parametrize("name", ["initiatives", "full"])
def test_seed_other_views(browser: Any, seed_pages: dict[str, bytes], name: str) -> None:
    view = ViewPage(browser, seed_pages[name])
    nodes, edges = page_data(seed_pages[name])
    assert view.js("[window.pkView.nodes.length, window.pkView.edges.length]") == [len(nodes), len(edges)]
    view.screenshot(f"seed-view-{name}.png")
    view.check_clean()
    view.page.close()


def test_click_an_industry_lists_its_figures(industries: ViewPage) -> None:
    node = industries.js("window.pkView.nodes.get().find(n => n.group === 'PillarIndustry').id")
    industries.page.mouse.click(*industries.node_point(node))
    details = industries.page.locator("#pk-details")
    assert details.locator(".pk-tip-label").inner_text() == "automobile industry"
    assert details.locator(".pk-tip-class").inner_text() == "pillar industry"
    assert details.locator(".pk-tip-figure").all_inner_texts() == [
        "target: more than 300,000,000,000 yuan (2025)"
    ]
    industries.check_clean()
