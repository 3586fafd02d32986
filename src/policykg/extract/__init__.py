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

from policykg.extract.assemble import extract

__all__ = ["extract"]
