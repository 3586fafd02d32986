"""The result records of an evaluation: per-class, figure, relation and evidence scores.

``Evaluation`` holds them all and derives the headline measures of the ``SCORE`` line.
May import: the standard library.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
    def entity_precision(self) -> float:
        """Instances whose label matches a gold entity, pooled over classes (0 when there are none)."""
        instances = sum(score.instances for score in self.entities)
        good = sum((score.precision or 0.0) * score.instances for score in self.entities)
        return good / instances if instances else 0.0

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
            "entity_precision": self.entity_precision,
            "figure_recall": self.figure_recall,
            "figure_precision": self.figure_precision,
            "attribute_accuracy": self.attribute_accuracy,
            "evidence_validity": self.evidence_validity,
        }
        return data
