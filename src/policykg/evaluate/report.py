"""The readable report of an evaluation (``format_report``); its last line is the ``SCORE`` line.

May import: the standard library, policykg.evaluate.records.
"""

from __future__ import annotations

from policykg.evaluate.records import Evaluation


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
        f"SCORE entity_recall={evaluation.entity_recall:.2f} "
        f"entity_precision={evaluation.entity_precision:.2f} figure_recall={evaluation.figure_recall:.2f} "
        f"figure_precision={evaluation.figure_precision:.2f} "
        f"attributes={figures.attributes_ok}/{figures.attributes_total} "
        f"relations={rel.found}/{rel.total} evidence={evaluation.evidence_validity:.2f} "
        f"triples={evaluation.triples}",
    ]
    return "\n".join(lines) + "\n"
