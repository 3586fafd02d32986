"""The engine's scores on the hand-written texts of tests/data stay at or above their measured level.

Each text is built with the real pipeline and scored with ``policykg.evaluate`` against its gold
file. The floors are the scores measured when this test was written (2026-11-27), rounded down
to 0.05; raise them when the engine improves, never lower them to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.evaluate import Evaluation, evaluate, format_report, load_gold
from policykg.pipeline import build

DATA = Path(__file__).parent / "data"
# text -> floors of (entity recall, figure recall, figure precision, attribute accuracy)
FLOORS = {
    "baotou-2023-interview": (1.0, 1.0, 1.0, 0.95),
    "jiangyin-2024-plan-brief": (0.85, 1.0, 1.0, 0.95),
    "kunshan-2024-plan-summary": (1.0, 1.0, 1.0, 1.0),
    "liuzhou-2023-mayor-interview": (0.9, 1.0, 1.0, 1.0),
    "wuhu-2023-work-report": (1.0, 1.0, 1.0, 1.0),
    "xuzhou-2023-press-conference": (1.0, 1.0, 1.0, 1.0),
    "yibin-2023-news-feature": (1.0, 1.0, 1.0, 1.0),
    "zhuzhou-2024-government-work-report": (1.0, 1.0, 1.0, 0.95),
}


def score(name: str) -> Evaluation:
    """Build one text of tests/data and score it against its gold file."""
    text_path = DATA / f"{name}.txt"
    graph = build([str(text_path)])
    return evaluate(graph, load_gold(DATA / f"{name}.json"), text_path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_hold(name: str) -> None:
    result = score(name)
    report = format_report(result)
    entity, figure_recall, figure_precision, attributes = FLOORS[name]
    assert result.entity_recall >= entity, report
    assert result.figure_recall >= figure_recall, report
    assert result.figure_precision >= figure_precision, report
    assert (result.attribute_accuracy or 0.0) >= attributes, report
    assert result.figures.forbidden_hits == (), report
    assert result.evidence_validity == 1.0, report


def test_every_text_has_floors() -> None:
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(FLOORS)
