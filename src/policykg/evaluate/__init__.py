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

Modules: ``gold`` (reading and checking gold files), ``match`` (label tokens, units, numbers),
``score`` (the measures), ``records`` (the result records), ``report`` (the readable report).
May import: the standard library, rdflib, policykg.namespaces, policykg.errors, policykg.model,
policykg.evaluate.*.
"""

from __future__ import annotations

from rdflib import Graph

from policykg.errors import InputError
from policykg.evaluate.gold import load_gold, shape_problem
from policykg.evaluate.match import label_matches, tokens
from policykg.evaluate.records import (
    ClassScore,
    Evaluation,
    EvidenceScore,
    FigureScore,
    RelationScore,
)
from policykg.evaluate.report import format_report
from policykg.evaluate.score import score_class, score_evidence, score_figures, score_relations

__all__ = [
    "ClassScore",
    "Evaluation",
    "EvidenceScore",
    "FigureScore",
    "RelationScore",
    "evaluate",
    "format_report",
    "label_matches",
    "load_gold",
    "tokens",
]


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
