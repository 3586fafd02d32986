"""Score a built graph against a hand-written gold annotation (``policykg evaluate``).

Public functions (the CLI command ``policykg evaluate DATA --gold GOLD.json [--text TEXT]`` calls
them in this order and prints the report):

- ``load_gold(path: str | os.PathLike[str]) -> dict`` reads and checks a gold JSON file; raises
  ``InputError`` with a one-line message for a missing file, bad JSON (line and column) or a
  wrong shape.
- ``evaluate(graph: rdflib.Graph, gold: dict, text: str | None = None) -> Evaluation`` computes
  the measures below. With ``text``, every evidence span is checked against it; without, against
  the ``nif:isString`` of the document its ``nif:referenceContext`` names.
- ``format_report(evaluation: Evaluation) -> str`` is the readable report; its last line is the
  ``SCORE ...`` line, with the same fields as ``../shared/eval/score.py``.

Measures (the same as ``score.py``): per class, entity recall (required alias lists matched by
some instance's label) and precision (instances whose label matches any required or optional
alias); figure recall and precision (a figure matches a gold figure by value, within 1e-9
relative, and unit family; ``"any"`` matches every unit); forbidden hits; attribute accuracy
(year, comparator, baseline, kind of the matched required figures); relations (paths of
``pk:`` properties from the matching subjects, reaching labels or figure values); evidence
validity (figures and initiatives with at least one span whose ``text[begin:end] == anchorOf``).
One deliberate difference: when several figures could match a gold figure, the one with the most
correct attributes is taken (then the smallest IRI), so results do not depend on set order.

May import: the standard library, rdflib, policykg.namespaces, policykg.errors, policykg.model.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from policykg.errors import InputError
from policykg.model import PK_IRI
from policykg.namespaces import NIF

STOP_WORDS = frozenset({"the", "of", "a", "an", "and", "for", "to", "in", "on", "its", "s"})
UNIT_FAMILIES: dict[str, frozenset[str]] = {
    "percent": frozenset({"percent", "pct", "percentage"}),
    "mu": frozenset({"mu"}),
    "cny": frozenset({"cny", "yuan", "rmb", "renminbi"}),
    "day": frozenset({"day", "days", "workingday"}),
    "tonne": frozenset({"tonne", "ton_metric", "ton", "tonnes", "t", "ton_m"}),
    "count": frozenset({"num", "count", "number", "item", "items", "one", "unitless", "piece"}),
    "factor": frozenset({"times", "fold", "factor", "multiple", "x", "ratio"}),
    "year": frozenset({"yr", "year", "years"}),
    "hectare": frozenset({"ha", "hectare"}),
    "km": frozenset({"kilom", "km", "kilometre", "kilometer"}),
}
COMPARATORS: dict[str, frozenset[str]] = {
    "more": frozenset({"morethan", "greaterthan", "over", "above", "exceeds"}),
    "atleast": frozenset({"atleast", "nolessthan", "minimum"}),
    "about": frozenset({"about", "approximately", "around", "roughly"}),
    "atmost": frozenset({"atmost", "within", "nomorethan", "maximum"}),
    "less": frozenset({"lessthan", "below", "under"}),
}
ATTRIBUTES = ("year", "comparator", "baseline", "kind")
FIGURE_CLASSES = ("Figure", "Target", "Result")
EVIDENCE_CLASSES = ("Figure", "Target", "Result", "Initiative")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ClassScore:
    """Recall and precision of one entity class."""

    name: str
    required: int
    found: int
    missing: tuple[str, ...]
    instances: int
    unmatched: tuple[str, ...]
    precision: float | None


@dataclass(frozen=True, slots=True)
class FigureScore:
    """Figure recall, precision, forbidden hits and attribute accuracy."""

    required: int
    found: int
    missing: tuple[str, ...]
    figures: int
    precision: float | None
    forbidden_hits: tuple[str, ...]
    unmatched: tuple[tuple[float | None, str | None], ...]
    attributes_ok: int
    attributes_total: int
    attributes_wrong: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RelationScore:
    """How many relation objects and values the gold paths reach."""

    total: int
    found: int
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvidenceScore:
    """Figures and initiatives with at least one valid evidence span."""

    subjects: int
    valid: int
    invalid: int
    without_evidence: int
    bad_examples: tuple[tuple[int | None, int | None, str, str | None], ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every measure of one graph against one gold annotation."""

    entities: tuple[ClassScore, ...]
    figures: FigureScore
    relations: RelationScore
    evidence: EvidenceScore
    triples: int

    @property
    def entity_recall(self) -> float:
        """Required entities found, over all classes (0 when nothing is required)."""
        required = sum(score.required for score in self.entities)
        return sum(score.found for score in self.entities) / required if required else 0.0

    @property
    def figure_recall(self) -> float:
        """Required figures found (0 when none is required)."""
        figures = self.figures
        return figures.found / figures.required if figures.required else 0.0

    @property
    def figure_precision(self) -> float:
        """Output figures that match a required or optional gold figure (0 when there are none)."""
        return self.figures.precision or 0.0

    @property
    def attribute_accuracy(self) -> float | None:
        """Correct attributes of the matched required figures (None when none was checked)."""
        figures = self.figures
        return figures.attributes_ok / figures.attributes_total if figures.attributes_total else None

    @property
    def evidence_validity(self) -> float:
        """Figures and initiatives with a valid span (0 when there are none)."""
        evidence = self.evidence
        return evidence.valid / evidence.subjects if evidence.subjects else 0.0

    def as_dict(self) -> dict:
        """Plain JSON-ready data, with the headline measures under ``"scores"``."""
        data = asdict(self)
        data["scores"] = {
            "entity_recall": self.entity_recall,
            "figure_recall": self.figure_recall,
            "figure_precision": self.figure_precision,
            "attribute_accuracy": self.attribute_accuracy,
            "evidence_validity": self.evidence_validity,
        }
        return data


# --------------------------------------------------------------------------- gold files


def load_gold(path: str | os.PathLike[str]) -> dict:
    """Read a gold annotation and check its shape; every problem is one ``InputError`` line."""
    where = Path(path)
    try:
        raw = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{where}: gold file not found; check the --gold path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{where}: cannot read the gold file ({error})") from None
    try:
        gold = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{where}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    problem = shape_problem(gold)
    if problem:
        raise InputError(f"{where}: {problem}")
    return gold


def shape_problem(gold: object) -> str | None:
    """What is wrong with a parsed gold annotation, or None."""
    if not isinstance(gold, dict):
        return "the gold annotation must be a JSON object"
    for key in ("entities", "figures"):
        if not isinstance(gold.get(key), dict):
            return f'"{key}" must be an object'
    relations = gold.get("relations", [])
    if not isinstance(relations, list) or not all(isinstance(r, dict) for r in relations):
        return '"relations" must be a list of objects'
    return entity_problem(gold["entities"]) or figure_problem(gold["figures"]) or relation_problem(relations)


def entity_problem(entities: dict) -> str | None:
    """What is wrong with the ``entities`` part, or None."""
    for cls, spec in entities.items():
        if not isinstance(spec, dict):
            return f'entities["{cls}"] must be an object with "required" and "optional" lists'
        for part in ("required", "optional"):
            aliases = spec.get(part, [])
            if not isinstance(aliases, list) or not all(is_alias_list(a) for a in aliases):
                return f'entities["{cls}"]["{part}"] must be a list of lists of labels'
    return None


def is_alias_list(value: object) -> bool:
    """True for a non-empty list of strings."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def figure_problem(figures: dict) -> str | None:
    """What is wrong with the ``figures`` part, or None."""
    for part in ("required", "optional", "forbidden"):
        items = figures.get(part, [])
        if not isinstance(items, list):
            return f'figures["{part}"] must be a list'
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("unit"), str):
                return f'figures["{part}"][{index}] must be an object with "value" and "unit"'
            if isinstance(item.get("value"), bool) or not isinstance(item.get("value"), int | float):
                return f'figures["{part}"][{index}]["value"] must be a number'
            if part == "required" and not isinstance(item.get("id"), str):
                return f'figures["required"][{index}] needs an "id"'
    return None


def relation_problem(relations: list[dict]) -> str | None:
    """What is wrong with the ``relations`` part, or None."""
    for index, rel in enumerate(relations):
        if "path" not in rel:
            continue
        path, subject = rel.get("path"), rel.get("subject")
        if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            return f'relations[{index}]["path"] must be a list of property names'
        if not isinstance(subject, list) or not isinstance(rel.get("from"), str):
            return f'relations[{index}] needs "from" (a class or "any") and "subject" (labels)'
    return None


# --------------------------------------------------------------------------- matching


def local_name(term: Node) -> str:
    """The last segment of an IRI: ``local_name(PK.Mu) == "Mu"``."""
    return re.split(r"[#/]", str(term).rstrip("/#"))[-1]


def unit_family(unit: Node | None) -> str | None:
    """The evaluation's family name of a unit IRI (its own local name when unknown).

    >>> unit_family(URIRef("http://qudt.org/vocab/unit/PERCENT"))
    'percent'
    """
    if unit is None:
        return None
    name = local_name(unit).lower().replace("-", "_")
    return next((family for family, names in UNIT_FAMILIES.items() if name in names), name)


def comparator_key(term: Node | None) -> str | None:
    """The evaluation's comparator key of a comparator IRI (``pk:MoreThan`` -> ``"more"``)."""
    if term is None:
        return None
    name = local_name(term).lower().replace("_", "").replace("-", "")
    return next((key for key, names in COMPARATORS.items() if name in names or name == key), name)


def tokens(label: str) -> list[str]:
    """Normalised content words of a label; "+" and "plus" join their neighbours.

    >>> tokens("The “1 plus 6” industrial system")
    ['1+6', 'industrial', 'system']
    """
    text = unicodedata.normalize("NFKC", label).lower()
    text = text.replace("’", "'").replace("“", " ").replace("”", " ").replace('"', " ")
    text = re.sub(r"\s*(\+|\bplus\b)\s*", "+", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s\+\-\.]", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    words = (word.strip("-") for word in text.split())
    return [word for word in words if word and word not in STOP_WORDS]


def label_matches(label: str, alias: str) -> bool:
    """True when a system label names the gold alias: same words, or close sub/supersets."""
    want, have = set(tokens(alias)), set(tokens(label))
    if not want or not have:
        return False
    if want == have:
        return True
    if want <= have and len(have) <= len(want) + 3:
        return True
    return have <= want and len(have) >= max(1, round(0.6 * len(want)))


def any_match(labels: Iterable[str], alias_lists: Iterable[Sequence[str]]) -> bool:
    """True when some label matches some alias of some alias list."""
    labels = list(labels)
    return any(
        label_matches(label, alias) for aliases in alias_lists for alias in aliases for label in labels
    )


def labels_of(graph: Graph, node: Node) -> list[str]:
    """``rdfs:label`` first, then ``skos:prefLabel`` and ``skos:altLabel`` values."""
    out: list[str] = []
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        out += sorted(str(o) for o in graph.objects(node, prop))
    return out


def same_number(a: float | None, b: float | None) -> bool:
    """Equal within a relative 1e-9 (both must be present)."""
    if a is None or b is None:
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def number(term: Node | None) -> float | None:
    """A literal's numeric value, or None."""
    if term is None:
        return None
    try:
        return float(term.toPython() if isinstance(term, Literal) else str(term))
    except (TypeError, ValueError, ArithmeticError):
        return None


def pk(name: str) -> URIRef:
    """The ``pk:`` IRI of a class or property named in a gold file."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        raise InputError(f'gold annotation names "{name}", which is not a pk: class or property name')
    return URIRef(PK_IRI + name)


def first(graph: Graph, node: Node, prop: URIRef) -> Node | None:
    """One value of a property, the same on every run (the smallest by kind and text)."""
    return min(graph.objects(node, prop), key=lambda term: (type(term).__name__, str(term)), default=None)


def instances(graph: Graph, cls: str) -> set[Node]:
    """Everything typed ``pk:<cls>``."""
    return set(graph.subjects(RDF.type, pk(cls)))


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


# --------------------------------------------------------------------------- entry points


def evaluate(graph: Graph, gold: dict, text: str | None = None) -> Evaluation:
    """Score ``graph`` against ``gold`` (as returned by ``load_gold``)."""
    problem = shape_problem(gold)
    if problem:
        raise InputError(f"gold annotation: {problem}")
    return Evaluation(
        entities=tuple(score_class(graph, cls, spec) for cls, spec in gold["entities"].items()),
        figures=score_figures(graph, gold["figures"]),
        relations=score_relations(graph, gold.get("relations", [])),
        evidence=score_evidence(graph, text),
        triples=len(graph),
    )


def ratio(value: float | None) -> str:
    """Two decimals, or "-" when there is nothing to divide."""
    return "-" if value is None else f"{value:.2f}"


def format_report(evaluation: Evaluation) -> str:
    """The readable report; the last line is the ``SCORE`` line ``score.py`` also prints."""
    figures, rel, ev = evaluation.figures, evaluation.relations, evaluation.evidence
    lines = [
        f"{c.name:17s} recall {c.found}/{c.required}  instances {c.instances}  "
        f"precision {ratio(c.precision)}  missing {list(c.missing)}"
        for c in evaluation.entities
    ]
    lines += [
        f"figures           recall {figures.found}/{figures.required}  output {figures.figures}  "
        f"precision {ratio(figures.precision)}  attributes {figures.attributes_ok}/{figures.attributes_total}"
        f"  forbidden {list(figures.forbidden_hits)}",
        f"  missing {list(figures.missing)}",
        f"  unmatched output {list(figures.unmatched[:15])}",
        f"  wrong attributes {list(figures.attributes_wrong)}",
        f"relations         {rel.found}/{rel.total}  missing {list(rel.missing)}",
        f"evidence          valid {ev.valid}/{ev.subjects}  without {ev.without_evidence}"
        f"  bad {list(ev.bad_examples)}",
        f"SCORE entity_recall={evaluation.entity_recall:.2f} figure_recall={evaluation.figure_recall:.2f} "
        f"figure_precision={evaluation.figure_precision:.2f} "
        f"attributes={figures.attributes_ok}/{figures.attributes_total} "
        f"relations={rel.found}/{rel.total} evidence={evaluation.evidence_validity:.2f} "
        f"triples={evaluation.triples}",
    ]
    return "\n".join(lines) + "\n"
