"""The engine's scores on the seed and on the annotated texts of ``tests/data`` stay at least at their
current level (measured with ``policykg.evaluate``, the same measures as ``../shared/eval/score.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.evaluate import evaluate, load_gold
from policykg.extract import extract
from policykg.graph import build_graph
from policykg.lexicon import load_lexicon
from policykg.model import Document

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED_GOLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "changchun-2022-interview.json"

# name: (entity recall, figure recall, figure precision, attribute accuracy, relations found share)
FLOORS = {
    "baotou-2023-interview": (1.00, 1.00, 1.00, 0.97, 1.00),
    "kunshan-2024-plan-summary": (1.00, 1.00, 1.00, 1.00, 1.00),
    "wuhu-2023-work-report": (1.00, 1.00, 1.00, 1.00, 1.00),
    "xuzhou-2023-press-conference": (1.00, 1.00, 1.00, 1.00, 1.00),
    "yibin-2023-news-feature": (1.00, 1.00, 1.00, 1.00, 1.00),
}


def score(text_path: Path, gold_path: Path):
    text = text_path.read_text(encoding="utf-8")
    extraction = extract(Document(text, text_path.name, text_path.stem), load_lexicon())
    return evaluate(build_graph([extraction]), load_gold(gold_path), text)


def check(evaluation, floors) -> None:
    entity, fig_recall, fig_precision, attributes, relations = floors
    assert evaluation.entity_recall >= entity
    assert evaluation.figure_recall >= fig_recall, evaluation.figures.missing
    assert evaluation.figure_precision >= fig_precision, evaluation.figures.unmatched
    assert (evaluation.attribute_accuracy or 0) >= attributes, evaluation.figures.attributes_wrong
    rel = evaluation.relations
    assert (rel.found / rel.total if rel.total else 1.0) >= relations, rel.missing
    assert evaluation.evidence_validity == 1.0
    assert not evaluation.figures.forbidden_hits


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_annotated_texts_hold_their_scores(name):
    check(score(DATA / f"{name}.txt", DATA / f"{name}.json"), FLOORS[name])


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="the shared seed gold is not on this machine")
def test_seed_scores():
    check(
        score(ROOT / "examples" / "changchun-2022-interview.txt", SEED_GOLD), (1.00, 1.00, 1.00, 1.00, 1.00)
    )
