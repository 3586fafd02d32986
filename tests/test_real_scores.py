"""Score floors on the shared set of real published English texts (``../shared/eval/real``, gold beside
each; the texts of the corpus part are in ``../shared/corpus``). Skipped when the shared folder is not
on this machine. The texts are copyrighted and never copied into the project: this test only reads them.

The floors are the means measured on 2026-11-27 rounded down to 0.01; raise them when the engine
improves, never lower them to make a change pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.evaluate import evaluate, load_gold
from policykg.extract import extract
from policykg.graph import build_graph
from policykg.lexicon import load_lexicon
from policykg.model import Document

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
REAL = SHARED / "eval" / "real"

# mean over the texts: the same measures as ../shared/eval/scoreboard.py
FLOORS = {
    "entity_recall": 0.91,
    "entity_precision": 0.92,
    "figure_recall": 0.99,
    "figure_precision": 0.98,
    "attribute_accuracy": 0.96,
    "relations": 0.84,
}
MOST_FORBIDDEN = 0  # numbers that are not figures, read as figures, over all texts


def text_of(gold: Path) -> Path | None:
    for candidate in (gold.with_suffix(".txt"), SHARED / "corpus" / f"{gold.stem}.txt"):
        if candidate.exists():
            return candidate
    return None


def scores() -> tuple[dict[str, float], int]:
    rows, forbidden = [], 0
    for gold in sorted(REAL.glob("*.json")):
        path = text_of(gold)
        if path is None:
            continue
        text = path.read_text(encoding="utf-8")
        extraction = extract(Document(text, path.name, path.stem), load_lexicon())
        result = evaluate(build_graph([extraction]), load_gold(gold), text)
        rel = result.relations
        rows.append(
            {
                "entity_recall": result.entity_recall,
                "entity_precision": result.entity_precision,
                "figure_recall": result.figure_recall,
                "figure_precision": result.figure_precision,
                "attribute_accuracy": result.attribute_accuracy or 0.0,
                "relations": rel.found / max(1, rel.total),
            }
        )
        forbidden += len(result.figures.forbidden_hits)
    return {key: sum(r[key] for r in rows) / len(rows) for key in FLOORS}, forbidden


@pytest.mark.skipif(not REAL.is_dir(), reason="the shared real texts are not on this machine")
def test_real_texts_hold_their_floors():
    means, forbidden = scores()
    low = {key: round(value, 3) for key, value in means.items() if value < FLOORS[key]}
    assert not low, f"below the floors {FLOORS}: {low}"
    assert forbidden <= MOST_FORBIDDEN
