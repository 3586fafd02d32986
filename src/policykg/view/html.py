"""Draw a view's networkx DiGraph as one self-contained, offline, escaped, deterministic HTML page.

pyvis 0.3.2 holds the nodes and edges and renders the page, but with our own template (loaded by
``policykg.view.resources``) in an autoescaping Jinja environment: pyvis's template pulls Bootstrap
from a CDN, writes ``heading`` unescaped and switches every tooltip to raw HTML once one contains
"href". Here vis-network is inlined, nothing is fetched, the heading is escaped, node data travel
as HTML-safe JSON, and tooltips are built in the browser from text nodes (never ``innerHTML``).
Nodes and edges are appended to the pyvis network directly (``add_node``/``from_nx`` are quadratic).
May import: ``policykg.view.*``; networkx, pyvis and jinja2 inside functions.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from policykg.view.layout import radial_positions
from policykg.view.resources import styles, template, vis_network_js

if TYPE_CHECKING:
    import networkx

    from policykg.view import View

IMPROVED_LAYOUT_MAX = 150
NARROW_VIEWS = ("industries", "initiatives")
NODE_FIELDS = (
    "iri", "label", "class", "group", "sentence", "mark_begin", "mark_end", "document", "indicator",
)  # fmt: skip


def render(digraph: networkx.DiGraph, view: View, subtitle: str | None = None) -> bytes:
    """The page for ``digraph`` drawn as ``view`` (above ``max_nodes`` nodes: a notice instead).

    ``subtitle`` (e.g. the document's title) is appended to the heading, escaped like everything else.
    """
    from pyvis.network import Network

    limit = styles()["max_nodes"]
    heading = view.title if subtitle is None else f"{view.title} — {subtitle}"
    net = Network(directed=True, heading=heading, cdn_resources="in_line")
    notice = ""
    if digraph.number_of_nodes() == 0:
        notice = f"Nothing to draw: the {view.name} view selects nothing in this graph." + (
            " Try --view full." if view.name != "full" else ""
        )
    elif digraph.number_of_nodes() > limit:
        others = " or ".join(f"--view {name}" for name in NARROW_VIEWS if name != view.name)
        notice = (
            f"This view has {digraph.number_of_nodes():,} nodes, more than {limit:,}: too many to read. "
            f"Choose a narrower view ({others}) or one document (--document ID)."
        )
    else:
        _append(net, digraph, view)
    net.options = _options(view, len(net.nodes))
    return _generate(net, view, notice).encode("utf-8")


def _append(net: Any, digraph: networkx.DiGraph, view: View) -> None:
    """Append node and edge dicts straight to the pyvis network, in a stable order."""
    positions = radial_positions(digraph) if view.layout == "radial" else {}
    cities = [node for node, data in digraph.nodes(data=True) if data.get("class") == "City"]
    groups = styles()["groups"]
    for node in sorted(digraph.nodes, key=str):
        data = digraph.nodes[node]
        entry = _node_entry(str(node), data, groups.get(data.get("group"), groups["Resource"]))
        entry["size"] = round(10 + 6 * math.sqrt(digraph.degree(node)), 2)
        attached = attached_figures(digraph, node)
        if attached:
            entry["figures"] = attached
        if node in positions:
            entry["x"], entry["y"] = positions[node]
            entry["fixed"] = data.get("class") == "City" and len(cities) == 1
        net.nodes.append(entry)
        net.node_ids.append(str(node))
        net.node_map[str(node)] = entry
    ends = sorted((str(subject), str(obj), subject, obj) for subject, obj in digraph.edges)
    adjacency = digraph.adj
    for subject, obj, node, other in ends:
        data = adjacency[node][other]
        edge = {"from": subject, "to": obj, "label": data.get("label", ""), "arrows": "to"}
        edge["predicate"] = data.get("predicate", "")
        net.edges.append(edge)


def _node_entry(node_id: str, data: dict[str, Any], style: dict[str, str]) -> dict[str, Any]:
    """One vis node: id, label, style, and the fields the page's tooltip shows (no ``title``)."""
    entry: dict[str, Any] = {"id": node_id, "shape": style["shape"], "color": style["color"]}
    for field in NODE_FIELDS:
        if field in data:
            entry[field] = data[field]
    entry["classLabel"] = style["label"]
    figure = figure_text(data)
    if figure:
        entry["figure"] = figure
    return entry


def attached_figures(digraph: networkx.DiGraph, node: Any) -> list[str]:
    """The view's targets and results of a node, in words ("target: more than 5 mu (2025)")."""
    lines = []
    for other in digraph.successors(node):
        data = digraph.nodes[other]
        if data.get("class") in ("Target", "Result") and figure_text(data):
            lines.append(f"{data['class'].lower()}: {figure_text(data)}")
    return sorted(lines)


def figure_text(data: dict[str, Any]) -> str:
    """A figure in words: comparator, value, unit, direction, baseline, year.

    >>> figure_text({"comparator": "more than", "value_text": "23900000", "unit": "mu", "year": 2025})
    'more than 23,900,000 mu (2025)'
    >>> figure_text({"value_text": "8.2", "unit": "days", "baseline_text": "22.1", "direction": "decrease"})
    '8.2 days, decrease, from 22.1 (baseline)'
    """
    if "value_text" not in data:
        return ""
    value = _grouped(data["value_text"])
    unit = data.get("unit", "")
    text = f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
    if data.get("comparator"):
        text = f"{data['comparator']} {text}"
    if data.get("direction"):
        text += f", {data['direction']}"
    if "baseline_text" in data:
        text += f", from {_grouped(data['baseline_text'])} (baseline)"
    if "year" in data:
        text += f" ({data['year']})"
    return text


def _grouped(number: str) -> str:
    """Thousands separators: "23900000" → "23,900,000"."""
    return format(Decimal(number), ",f")


def _options(view: View, size: int) -> dict[str, Any]:
    """vis-network options: physics that settles (seeded) and then stops, labelled arrows, hover."""
    solver = "barnesHut" if view.layout == "radial" else "forceAtlas2Based"
    iterations = 120 if view.layout == "radial" else 400
    return {
        # vis's improved layout is slow on big graphs and gives up (with a console message) on them
        "layout": {
            "randomSeed": 7,
            "improvedLayout": view.layout != "radial" and size <= IMPROVED_LAYOUT_MAX,
        },
        "physics": {
            "enabled": True,
            "solver": solver,
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 160, "avoidOverlap": 0.3},
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "springLength": 130,
                "avoidOverlap": 0.5,
                "centralGravity": 0.03,
            },
            "stabilization": {"enabled": True, "iterations": iterations, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "edges": {"font": {"size": 11, "align": "middle"}, "color": {"inherit": False}, "smooth": False},
        "nodes": {"font": {"size": 16}, "widthConstraint": {"maximum": 220}},
    }


def _generate(net: Any, view: View, notice: str) -> str:
    """Render our template through pyvis with an autoescaping environment."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(template), autoescape=True, keep_trailing_newline=True
    )
    environment.globals.update(
        description=view.description,
        view_name=view.name,
        notice=notice,
        legend=_legend(net.nodes),
        vis_js=vis_network_js(),
        view_js=template("view.js"),
        view_css=template("view.css"),
    )
    net.templateEnv = environment
    net.path = "view.html"
    return net.generate_html(name="view.html")


def _legend(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One legend row per style group present, in the styles' order, with its node count."""
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.get("group", "Resource")] = counts.get(node.get("group", "Resource"), 0) + 1
    rows = []
    for group, style in styles()["groups"].items():
        if group in counts:
            rows.append({"group": group, "count": counts[group], **style})
    return rows


def options_json(view: View, size: int = 0) -> str:
    """The options as compact, key-sorted JSON (for tests and debugging)."""
    return json.dumps(_options(view, size), sort_keys=True, separators=(",", ":"))
