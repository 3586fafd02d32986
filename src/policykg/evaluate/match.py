"""How graph terms are compared with a gold annotation: label tokens, units, comparators, numbers.

Also the small graph readers the scorers share (labels, one value of a property, instances).
May import: the standard library, rdflib, policykg.errors, policykg.model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from policykg.errors import InputError
from policykg.model import PK_IRI

STOP_WORDS = frozenset({"the", "of", "a", "an", "and", "for", "to", "in", "on", "its", "s"})
UNIT_FAMILIES: dict[str, frozenset[str]] = {
    "percent": frozenset({"percent", "pct", "percentage"}),
    "mu": frozenset({"mu"}),
    "cny": frozenset({"cny", "yuan", "rmb", "renminbi"}),
    "day": frozenset({"day", "days", "workingday"}),
    "tonne": frozenset({"tonne", "ton_metric", "ton", "tonnes", "t", "ton_m"}),
    "count": frozenset({"num", "count", "number", "item", "items", "one", "unitless", "piece"}),
    "factor": frozenset({"times", "fold", "factor", "multiple", "x", "ratio"}),
    "year": frozenset({"yr", "year", "years"}),
    "hectare": frozenset({"ha", "hectare"}),
    "km": frozenset({"kilom", "km", "kilometre", "kilometer"}),
}
COMPARATORS: dict[str, frozenset[str]] = {
    "more": frozenset({"morethan", "greaterthan", "over", "above", "exceeds"}),
    "atleast": frozenset({"atleast", "nolessthan", "minimum"}),
    "about": frozenset({"about", "approximately", "around", "roughly"}),
    "atmost": frozenset({"atmost", "within", "nomorethan", "maximum"}),
    "less": frozenset({"lessthan", "below", "under"}),
}


def local_name(term: Node) -> str:
    """The last segment of an IRI: ``local_name(PK.Mu) == "Mu"``."""
    return re.split(r"[#/]", str(term).rstrip("/#"))[-1]


def unit_family(unit: Node | None) -> str | None:
    """The evaluation's family name of a unit IRI (its own local name when unknown).

    >>> unit_family(URIRef("http://qudt.org/vocab/unit/PERCENT"))
    'percent'
    """
    if unit is None:
        return None
    name = local_name(unit).lower().replace("-", "_")
    return next((family for family, names in UNIT_FAMILIES.items() if name in names), name)


def comparator_key(term: Node | None) -> str | None:
    """The evaluation's comparator key of a comparator IRI (``pk:MoreThan`` -> ``"more"``)."""
    if term is None:
        return None
    name = local_name(term).lower().replace("_", "").replace("-", "")
    return next((key for key, names in COMPARATORS.items() if name in names or name == key), name)


def tokens(label: str) -> list[str]:
    """Normalised content words of a label; "+" and "plus" join their neighbours.

    >>> tokens("The “1 plus 6” industrial system")
    ['1+6', 'industrial', 'system']
    """
    text = unicodedata.normalize("NFKC", label).lower()
    text = text.replace("’", "'").replace("“", " ").replace("”", " ").replace('"', " ")
    text = re.sub(r"\s*(\+|\bplus\b)\s*", "+", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s\+\-\.]", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    words = (word.strip("-") for word in text.split())
    return [word for word in words if word and word not in STOP_WORDS]


def label_matches(label: str, alias: str) -> bool:
    """True when a system label names the gold alias: same words, or close sub/supersets."""
    want, have = set(tokens(alias)), set(tokens(label))
    if not want or not have:
        return False
    if want == have:
        return True
    if want <= have and len(have) <= len(want) + 3:
        return True
    return have <= want and len(have) >= max(1, round(0.6 * len(want)))


def any_match(labels: Iterable[str], alias_lists: Iterable[Sequence[str]]) -> bool:
    """True when some label matches some alias of some alias list."""
    labels = list(labels)
    return any(
        label_matches(label, alias) for aliases in alias_lists for alias in aliases for label in labels
    )


def labels_of(graph: Graph, node: Node) -> list[str]:
    """``rdfs:label`` first, then ``skos:prefLabel`` and ``skos:altLabel`` values."""
    out: list[str] = []
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        out += sorted(str(o) for o in graph.objects(node, prop))
    return out


def same_number(a: float | None, b: float | None) -> bool:
    """Equal within a relative 1e-9 (both must be present)."""
    if a is None or b is None:
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def number(term: Node | None) -> float | None:
    """A literal's numeric value, or None."""
    if term is None:
        return None
    try:
        return float(term.toPython() if isinstance(term, Literal) else str(term))
    except (TypeError, ValueError, ArithmeticError):
        return None


def pk(name: str) -> URIRef:
    """The ``pk:`` IRI of a class or property named in a gold file."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        raise InputError(f'gold annotation names "{name}", which is not a pk: class or property name')
    return URIRef(PK_IRI + name)


def first(graph: Graph, node: Node, prop: URIRef) -> Node | None:
    """One value of a property, the same on every run (the smallest by kind and text)."""
    return min(graph.objects(node, prop), key=lambda term: (type(term).__name__, str(term)), default=None)


def instances(graph: Graph, cls: str) -> set[Node]:
    """Everything typed ``pk:<cls>``."""
    return set(graph.subjects(RDF.type, pk(cls)))
