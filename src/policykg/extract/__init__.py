"""The extraction engine: one Document and the Lexicon in, everything read from it out (an Extraction).

``extract(document, lexicon)`` (in ``assemble.py``) runs the steps in order:

- ``sentences``: a same-length working copy of the text (typography unified, web debris blanked),
  sentences and clauses with exact code-point offsets;
- ``people``: the header (title, date, publisher) and persons with their positions;
- ``places``, ``industries``, ``names``, ``phrases``: gazetteer places, lexicon industries and
  industrial systems, capitalised names (visions, organizations, initiatives), quoted names,
  objects of trigger verbs and lists;
- ``quantities``, ``figures``, ``figure_context``: numbers, then figures with comparator, change,
  baseline, range, year, Target/Result, indicator and subject;
- ``relations``: pillar/emerging industries, visions, containment, who undertakes an initiative.

Every domain word comes from the Lexicon (compiled once per Lexicon in ``patterns``).
May import: policykg.model, policykg.errors and the standard library (no rdflib).
"""

from __future__ import annotations

import warnings

from policykg.errors import PolicyKGWarning
from policykg.extract.assemble import extract as extract_english
from policykg.model import Document, Extraction, Lexicon

__all__ = ["extract"]


def extract(document: Document, lexicon: Lexicon) -> Extraction:
    """Everything the text says, read by the engine of its language (``extract.zh`` for Chinese)."""
    if document.language == "zh":
        from policykg.extract.zh import extract_chinese

        return extract_chinese(document, lexicon)
    if document.language not in ("en", "zh"):
        warnings.warn(
            f"'{document.source}' is in a language policykg cannot read (neither English nor Chinese): "
            "little will be extracted from it; if it is English or Chinese, say so with --lang en or --lang zh",
            PolicyKGWarning,
            stacklevel=2,
        )
    return extract_english(document, lexicon)
