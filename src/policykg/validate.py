"""Check a graph against the shipped SHACL shapes (``ontology/shapes.ttl``) and report readably.

pySHACL is imported inside ``validate`` only, so the CLI starts without it.
May import: rdflib, ``policykg.errors``, ``policykg.ontology``, ``policykg.query`` (prefixes).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from policykg.ontology import load_shapes
from policykg.query import compact


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    """One way a node breaks a shape: the node, its label, the property path and the message."""

    focus: str
    label: str
    path: str
    message: str
    severity: str = "Violation"


@dataclass(frozen=True, slots=True)
class Report:
    """Whether the graph conforms, and every violation found (sorted)."""

    conforms: bool
    violations: tuple[Violation, ...] = ()


def validate(graph: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``graph`` against ``shapes`` (default: the shipped contract shapes)."""
    import pyshacl

    conforms, results, _text = pyshacl.validate(
        graph,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    violations = sorted({_violation(graph, results, node) for node in results.subjects(SH.resultSeverity)})
    return Report(conforms=bool(conforms), violations=tuple(violations))


def _violation(data: Graph, results: Graph, node: Node) -> Violation:
    """One sh:ValidationResult as a Violation."""
    focus = results.value(node, SH.focusNode)
    path = results.value(node, SH.resultPath)
    message = results.value(node, SH.resultMessage)
    severity = results.value(node, SH.resultSeverity)
    return Violation(
        focus=compact(focus),
        label=_label(data, focus),
        path=_path(results, path),
        message=str(message) if message is not None else "",
        severity=compact(severity).removeprefix(str(SH)).split(":")[-1] if severity else "Violation",
    )


def _label(data: Graph, node: Node | None) -> str:
    """The node's rdfs:label, else its compact IRI."""
    label = data.value(node, RDFS.label) if node is not None else None
    return str(label) if label is not None else compact(node)


def _path(results: Graph, path: Node | None) -> str:
    """A SHACL property path in SPARQL-like syntax (``^pk:hasTarget|^pk:hasResult``)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return compact(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(results, inverse)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path(results, item) for item in results.items(alternatives))
    return compact(path)


def format_report(report: Report) -> str:
    """A readable text report: one block per violation (label, node, path, message)."""
    if report.conforms:
        return "Conforms: yes (the graph follows the policykg contract shapes)\n"
    count = len(report.violations)
    lines = [f"Conforms: no ({count} problem{'s' if count != 1 else ''})"]
    for item in report.violations:
        who = f"<{item.focus}>" if item.label == item.focus else f"{item.label} <{item.focus}>"
        where = f" {item.path}" if item.path else ""
        lines.append(f"- {who}{where}: {item.message}")
    return "\n".join(lines) + "\n"
