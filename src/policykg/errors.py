"""The one exception family: every error a user can cause is a PolicyKGError.

The CLI turns these into one ``Error: …`` line and exit code 1; anything else is a bug.
May import: the standard library.
"""


class PolicyKGError(Exception):
    """An error the user can fix; its message says what happened and what to do."""


class InputError(PolicyKGError):
    """A text, graph or gold file cannot be read or is not what it should be."""


class OntologyError(PolicyKGError):
    """The shipped ontology, lexicon or gazetteer is missing or malformed."""


class QueryError(PolicyKGError):
    """A SPARQL query is malformed, unsafe or unknown."""


class QueryTimeoutError(QueryError):
    """A query ran past its time limit."""


class RowCapError(QueryError):
    """A query returned more rows than the cap it was run with."""


class OutputError(PolicyKGError):
    """An output cannot be written, or a format is unknown."""


class PolicyKGWarning(UserWarning):
    """Something the user should know although the command goes on (shown as ``Warning: …``)."""
