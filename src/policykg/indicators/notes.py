"""The notes of one figure: the indicator it measures, its aspect (Level or Change), whose it is and its year.

``annotate`` reads one figure in its document and returns ``Notes``; ``graph.add_figure`` turns them
into ``pk:measures``, ``pk:aspect``, ``pk:about`` and ``pk:year`` (ONTOLOGY-CONTRACT.md, "Indicators").
May import: policykg.model, the other policykg.indicators modules, the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.indicators.context import LIST_END, Before, clause_start, number_position
from policykg.indicators.measures import indicator_of
from policykg.indicators.places import about
from policykg.indicators.scheme import Indicator, Scheme, load_scheme
from policykg.indicators.years import year_of
from policykg.model import Document, Figure, Lexicon, fast_init

PERCENT = "http://qudt.org/vocab/unit/PERCENT"


@fast_init
@dataclass(frozen=True, slots=True)
class Notes:
    """What ``annotate`` adds to a figure (None where it cannot tell)."""

    measures: str | None = None  # indicator key
    aspect: str | None = None  # "Level" or "Change"
    about: str | None = None  # key of the place or organization
    year: int | None = None


def annotate(
    doc: Document, figure: Figure, lexicon: Lexicon | None = None, scheme: Scheme | None = None
) -> Notes:
    """The indicator, aspect, subject and year of ``figure`` as its document states them."""
    scheme = scheme or load_scheme()
    text = doc.text
    number = number_position(figure)
    before = Before.of(text, number)
    key, cue_text = indicator_of(scheme, before, text, number, figure)
    indicator = scheme.indicators.get(key) if key else None
    return Notes(
        measures=key or None,
        aspect=_aspect(scheme, indicator, figure, cue_text, _listed_addition(scheme, before, cue_text)),
        about=about(doc, figure, lexicon),
        year=figure.year if figure.year is not None else year_of(doc, number, before.sentence),
    )


def _listed_addition(scheme: Scheme, before: Before, cue_text: str) -> bool:
    """Whether the figure stands in a list that an addition word opens ("新增A 300家、B 300家以上").

    A figure with a word of its own that makes it a total (达到, 总量 …) stays a total.
    """
    own = before.clause
    listed = before.words[clause_start(before.words, LIST_END) :]
    if listed == own or scheme.level_cues.search(cue_text):
        return False
    return bool(scheme.addition_cues.search(listed.split("、", 1)[0]))


def _aspect(
    scheme: Scheme, indicator: Indicator | None, figure: Figure, cue_text: str, listed_addition: bool = False
) -> str:
    """Level or Change, by the contract's rules (cues from ``ontology/indicators.ttl``)."""
    if figure.baseline is not None:
        return "Level"  # "reduced to 8.2 days from 22.1 days": the value is the new level
    changed = bool(scheme.change_cues.search(cue_text))
    if figure.unit == PERCENT:
        if changed:
            return "Change"
        if indicator is not None and indicator.percent_aspect:
            return indicator.percent_aspect
        return "Change" if figure.direction else "Level"
    if indicator is not None and indicator.yearly:
        return "Level"
    if changed or listed_addition or scheme.addition_cues.search(cue_text) or figure.direction:
        return "Change"
    return "Level"
