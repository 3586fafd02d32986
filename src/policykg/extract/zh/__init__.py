"""The Chinese engine: one Chinese Document and the Lexicon in, the same Extraction the English
engine gives out (entities, figures, facts, each with exact spans).

``extract_chinese`` runs: ``layout`` (sentences, headings, sections, year, date), ``entities``
(places, industries, systems, visions, initiatives, organizations, the speaker), ``figures``
(numbers with units, comparators, changes, ranges, years, Target/Result) and the subject of each
figure, then ``relations`` (the city's system, visions, locatedIn).
May import: policykg.model, policykg.errors, policykg.extract.mentions and the standard library.
"""

from __future__ import annotations

from policykg.extract.zh.assemble import extract_chinese

__all__ = ["extract_chinese"]
