"""English function words the rules read by their grammatical role (no domain vocabulary: that is the lexicon's).

Each set is named for the role it plays in a rule; a rule that needs another role gets a set of its own here
rather than a literal in its module.
May import: the standard library only.
"""

from __future__ import annotations

DETERMINERS = frozenset({"the", "a", "an", "such", "another", "its", "our", "their", "this", "these"})
"""Words that open a noun phrase and are no part of its name ("the new energy vehicle industry")."""

AFTER_BARE_NUMBER = frozenset(
    {"of", "to", "and", "or", "in", "on", "at", "by", "for", "from", "with", "as", "is", "are", "was"}
)
"""Prepositions, conjunctions and copulas: after a number they leave it without a counted noun."""

NOT_MODIFIERS = frozenset(
    {"of", "the", "and", "or", "a", "an", "its", "our", "their", "his", "her", "this", "these", "more"}
)
"""Determiners, possessives and connectives: before an industry name they do not modify it."""

PHRASE_BREAKS = frozenset({"of", "and", "or", "to", "in", "for"})
"""Connectives that end the object phrase of a trigger verb."""

INDICATOR_OPENERS = frozenset({"in", "the", "a", "an", "and", "of", "that", "to", "so", "this", "with"})
"""Words trimmed from the start of an indicator phrase ("in the added value" -> "added value")."""

NOT_FIRST_NAMES = frozenset({"said", "says", "by", "and", "the", "according", "with", "from"})
"""Reporting verbs and function words a capitalised run may start with: no person's first name."""
