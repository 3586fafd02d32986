"""The measures of one graph against a gold annotation: entities, figures, relations, evidence.

May import: the standard library, rdflib, policykg.namespaces, policykg.evaluate.*.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph
from rdflib.term import Node

from policykg.evaluate.match import (
    any_match,
    comparator_key,
    first,
    instances,
    labels_of,
    local_name,
    number,
    pk,
    same_number,
    unit_family,
)
from policykg.evaluate.records import ClassScore, EvidenceScore, FigureScore, RelationScore
from policykg.namespaces import NIF

ATTRIBUTES = ("year", "comparator", "baseline", "kind")
FIGURE_CLASSES = ("Figure", "Target", "Result")
EVIDENCE_CLASSES = ("Figure", "Target", "Result", "Initiative")


# --------------------------------------------------------------------------- entities


def score_class(graph: Graph, cls: str, spec: dict) -> ClassScore:
    """Recall and precision of one class of the gold annotation."""
    required, optional = spec.get("required", []), spec.get("optional", [])
    node_labels = {node: labels_of(graph, node) for node in sorted(instances(graph, cls))}
    all_labels = [label for labels in node_labels.values() for label in labels]
    missing = tuple(aliases[0] for aliases in required if not any_match(all_labels, [aliases]))
    unmatched = tuple(
        labels[0] if labels else str(node)
        for node, labels in node_labels.items()
        if not any_match(labels, required + optional)
    )
    count = len(node_labels)
    return ClassScore(
        name=cls,
        required=len(required),
        found=len(required) - len(missing),
        missing=missing,
        instances=count,
        unmatched=unmatched,
        precision=(count - len(unmatched)) / count if count else None,
    )


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True, slots=True)
class _Figure:
    node: str
    value: float | None
    unit: str | None
    year: str | None
    comparator: str | None
    baseline: float | None
    kinds: frozenset[str]


def figures_of(graph: Graph) -> list[_Figure]:
    """Every figure of the graph, in IRI order."""
    nodes: set[Node] = set()
    for cls in FIGURE_CLASSES:
        nodes |= instances(graph, cls)
    return [read_figure(graph, node) for node in sorted(nodes)]


def read_figure(graph: Graph, node: Node) -> _Figure:
    """The attributes the evaluation compares."""
    year = first(graph, node, pk("year"))
    return _Figure(
        node=str(node),
        value=number(first(graph, node, pk("value"))),
        unit=unit_family(first(graph, node, pk("unit"))),
        year=str(year)[:4] if year is not None else None,
        comparator=comparator_key(first(graph, node, pk("comparator"))),
        baseline=number(first(graph, node, pk("baseline"))),
        kinds=frozenset(local_name(t) for t in graph.objects(node, RDF.type)),
    )


def attribute_ok(figure: _Figure, gold: dict, key: str) -> bool:
    """Whether one stated gold attribute holds for the figure."""
    if key == "year":
        return figure.year == str(gold["year"])
    if key == "comparator":
        return figure.comparator == gold["comparator"]
    if key == "baseline":
        return same_number(figure.baseline, float(gold["baseline"]))
    return gold["kind"] in figure.kinds


def take(pool: list[_Figure], gold: dict) -> _Figure | None:
    """Remove and return the pool's best match for a gold figure (most correct attributes)."""
    unit = gold["unit"]
    candidates = [
        f for f in pool if same_number(f.value, float(gold["value"])) and (unit == "any" or f.unit == unit)
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda f: sum(attribute_ok(f, gold, k) for k in ATTRIBUTES if k in gold))
    pool.remove(best)
    return best


def score_figures(graph: Graph, spec: dict) -> FigureScore:
    """Recall, precision, forbidden hits and attribute accuracy of the figures."""
    figures = figures_of(graph)
    pool = list(figures)
    missing: list[str] = []
    ok, total, wrong = 0, 0, []
    for gold in spec.get("required", []):
        figure = take(pool, gold)
        if figure is None:
            missing.append(f"{gold['id']} ({gold.get('anchor', gold['value'])})")
            continue
        for key in (k for k in ATTRIBUTES if k in gold):
            total += 1
            if attribute_ok(figure, gold, key):
                ok += 1
            else:
                wrong.append(f"{gold['id']}.{key}")
    optional = sum(take(pool, gold) is not None for gold in spec.get("optional", []))
    forbidden = tuple(
        gold.get("id", str(gold["value"]))
        for gold in spec.get("forbidden", [])
        if take(pool, gold) is not None
    )
    found = len(spec.get("required", [])) - len(missing)
    return FigureScore(
        required=len(spec.get("required", [])),
        found=found,
        missing=tuple(missing),
        figures=len(figures),
        precision=(found + optional) / len(figures) if figures else None,
        forbidden_hits=forbidden,
        unmatched=tuple((f.value, f.unit) for f in figures if f in pool),
        attributes_ok=ok,
        attributes_total=total,
        attributes_wrong=tuple(wrong),
    )


# --------------------------------------------------------------------------- relations


def relation_starts(graph: Graph, rel: dict) -> set[Node]:
    """The nodes a gold relation starts from: its class (or anything) with a matching label."""
    candidates = set(graph.subjects()) if rel["from"] == "any" else instances(graph, rel["from"])
    return {node for node in candidates if any_match(labels_of(graph, node), [rel["subject"]])}


def score_relations(graph: Graph, relations: list[dict]) -> RelationScore:
    """Follow each relation path; count the gold objects and values reached."""
    found = total = 0
    missing: list[str] = []
    for rel in (r for r in relations if "path" in r):
        frontier = relation_starts(graph, rel)
        for prop in rel["path"]:
            frontier = {o for s in frontier for o in graph.objects(s, pk(prop))}
        end_labels = [label for node in frontier for label in labels_of(graph, node)]
        values = [number(o) for node in frontier for o in graph.objects(node, pk("value"))]
        for aliases in rel.get("objects", []):
            total += 1
            hit = any_match(end_labels, [aliases])
            found += hit
            missing += [] if hit else [f"{rel['id']}:{aliases[0]}"]
        for value in rel.get("values", []):
            total += 1
            hit = any(same_number(v, float(value)) for v in values)
            found += hit
            missing += [] if hit else [f"{rel['id']}:{value}"]
    return RelationScore(total=total, found=found, missing=tuple(missing))


# --------------------------------------------------------------------------- evidence


def span_of(graph: Graph, evidence: Node) -> tuple[int | None, int | None, str | None, Node | None]:
    """Begin, end, anchor and reference context of one evidence node."""
    begin = number(first(graph, evidence, NIF.beginIndex))
    end = number(first(graph, evidence, NIF.endIndex))
    anchor = first(graph, evidence, NIF.anchorOf)
    context = first(graph, evidence, NIF.referenceContext)
    return (
        int(begin) if begin is not None else None,
        int(end) if end is not None else None,
        str(anchor) if anchor is not None else None,
        context,
    )


def score_evidence(graph: Graph, text: str | None) -> EvidenceScore:
    """Count figures and initiatives with at least one span that matches its text."""
    subjects: set[Node] = set()
    for cls in EVIDENCE_CLASSES:
        subjects |= instances(graph, cls)
    valid = none = 0
    bad: list[tuple[int | None, int | None, str, str | None]] = []
    for subject in sorted(subjects):
        spans = [span_of(graph, ev) for ev in sorted(graph.objects(subject, pk("evidence")))]
        if not spans:
            none += 1
            continue
        good = False
        for begin, end, anchor, context in spans:
            source = text if text is not None else document_text(graph, context)
            ok = None not in (begin, end, anchor, source) and source[begin:end] == anchor
            good = good or ok
            if not ok and len(bad) < 3:
                shown = source[begin:end][:40] if None not in (begin, end, source) else None
                bad.append((begin, end, (anchor or "")[:40], shown))
        valid += good
    return EvidenceScore(
        subjects=len(subjects),
        valid=valid,
        invalid=len(subjects) - valid - none,
        without_evidence=none,
        bad_examples=tuple(bad),
    )


def document_text(graph: Graph, context: Node | None) -> str | None:
    """The full text a document carries as ``nif:isString``."""
    if context is None:
        return None
    value = first(graph, context, NIF.isString)
    return str(value) if value is not None else None
