"""The extraction engine: one Document and the Lexicon in, everything read from it out (an Extraction).

``extract`` runs the steps in order: prepare the text (same-length working copy), sentences,
header, places, industries and systems, names, quoted and lower-case initiatives, persons,
figures, relations; then merges mentions into Entities with every span.
May import: policykg.model, policykg.errors and the standard library (no rdflib).
"""

from __future__ import annotations

from policykg.extract.assemble import extract

__all__ = ["extract"]
