"""Typed, frozen records passed between the stages (text → extraction → graph).

Plain Python only: no rdflib, so the extraction stage stays fast and testable on strings.
IRIs that extraction needs (units, comparators, properties) travel as plain strings.
May import: the standard library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

PK_IRI = "https://w3id.org/policykg/ontology#"
ID_IRI = "https://w3id.org/policykg/id/"

_Record = TypeVar("_Record", bound=type)


def fast_init(cls: _Record) -> _Record:
    """A frozen, slotted dataclass whose ``__init__`` sets each field through its slot (the same
    parameters and defaults; still frozen), not through ``object.__setattr__`` by name: about 40 %
    faster, and a build makes many thousands of records. Put it above ``@dataclass(frozen=True, slots=True)``.

    >>> @fast_init
    ... @dataclass(frozen=True, slots=True)
    ... class Pair:
    ...     left: int
    ...     right: str = "r"
    >>> Pair(1), Pair(1, right="x") == Pair(1, "x")
    (Pair(left=1, right='r'), True)
    """
    fields = dataclasses.fields(cls)
    simple = all(f.init and not f.kw_only and f.default_factory is dataclasses.MISSING for f in fields)
    if not simple or hasattr(cls, "__post_init__") or not all(f.name in cls.__dict__ for f in fields):
        return cls  # the generated __init__ of dataclasses (what this one cannot write)
    scope = {f"_set_{f.name}": cls.__dict__[f.name].__set__ for f in fields}
    scope |= {f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    names = [f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}" for f in fields]
    body = "".join(f"\n    _set_{f.name}(self, {f.name})" for f in fields) or "\n    pass"
    code: dict = {}
    exec(f"def __init__(self, {', '.join(names)}):{body}", scope, code)  # noqa: S102 (our own field names)
    init = code["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(cls.__init__.__annotations__)
    cls.__init__ = init
    return cls


@dataclass(frozen=True, slots=True)
class Document:
    """One source text, exactly as decoded from its file (offsets count into ``text``)."""

    text: str
    source: str  # the file name or URL it was read from ("stdin" for standard input)
    slug: str  # stable identifier used in IRIs, e.g. "changchun-2022-interview"
    language: str = "en"  # "en", "zh", or "und" when the engine reads neither
    title: str | None = None  # from a front-matter block
    primary_source: str | None = None  # the original URL a front-matter block names


@fast_init
@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's text; ``document.text[begin:end] == anchor`` always holds."""

    begin: int
    end: int
    anchor: str


@fast_init
@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the text's header states about itself."""

    title: str | None = None
    date: str | None = None  # ISO 8601: "2022-01-12", or "2022" when only the year is known
    publisher: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Entity:
    """A thing the text names, with every place one document mentions it.

    ``key`` is the IRI path under ``ID_IRI`` ("city/changchun", "industry/new-energy"): the same
    key in two documents is the same resource.  ``kind`` is the class's local name in ``pk:``.
    """

    key: str
    kind: str
    label: str
    spans: tuple[Span, ...]
    alt_labels: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()  # external IRIs, e.g. "https://sws.geonames.org/2038180/"
    properties: tuple[tuple[str, str], ...] = ()  # (property IRI, literal text), e.g. a person's position
    language: str = "en"  # the language of ``label`` and ``alt_labels``
    other_labels: tuple[tuple[str, str], ...] = ()  # (label, language) the lexicon knows in other languages


@fast_init
@dataclass(frozen=True, slots=True)
class Figure:
    """A quantified statement: a Target (to be reached) or a Result (reported)."""

    key: str  # "figure/<document slug>/<begin>"
    kind: str  # "Target" or "Result"
    value: Decimal
    unit: str  # unit IRI, e.g. "http://qudt.org/vocab/unit/PERCENT"
    span: Span  # the words the figure was read from
    sentence: Span  # the sentence around it
    subject: str | None = None  # key of the Entity the figure is about
    comparator: str | None = None  # comparator IRI (pk:MoreThan, ...)
    year: int | None = None
    baseline: Decimal | None = None
    min_value: Decimal | None = None  # both ends of a range ("6-6.5%")
    max_value: Decimal | None = None
    direction: str | None = None  # pk:Increase or pk:Decrease IRI
    indicator: str | None = None  # what is measured, in the text's words
    concerns: tuple[str, ...] = ()  # keys of the Industry entities it measures


@fast_init
@dataclass(frozen=True, slots=True)
class Fact:
    """A relation between two extracted things, by key: (subject key, property IRI, object key)."""

    subject: str
    predicate: str
    object: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    meta: DocumentMeta
    entities: tuple[Entity, ...]
    figures: tuple[Figure, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class IndustryTerm:
    """An industry of the lexicon: a SKOS concept with its labels and broader concepts (by key)."""

    key: str  # "industry/new-energy"
    label: str
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    zh_labels: tuple[str, ...] = ()  # Chinese name first, then variants ("汽车", "汽车制造")


@dataclass(frozen=True, slots=True)
class PlaceTerm:
    """A city or province of the gazetteer."""

    key: str  # "city/changchun", "province/jilin"
    kind: str  # "City" or "Province"
    label: str
    alt_labels: tuple[str, ...] = ()
    geonames_id: str | None = None
    province_key: str | None = None
    population: int = 0
    ambiguous: bool = False  # the bare name is also a common word: match only with a suffix
    zh_labels: tuple[str, ...] = ()  # Chinese name first, then variants ("长春", "长春市")
    city_key: str | None = None  # a district's city ("city/changchun" for 朝阳区)


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Every domain word extraction uses, read from ``ontology/lexicon.ttl`` and ``ontology/gazetteer.tsv``.

    ``cues`` maps a cue list's name ("targetCues") to its surface forms; ``tables`` maps a table's
    name ("Unit") to surface form → value (an IRI or a number as text).  Compared by identity, so
    compiled patterns can be cached per lexicon.
    """

    industries: tuple[IndustryTerm, ...]
    places: tuple[PlaceTerm, ...]
    cues: Mapping[str, tuple[str, ...]]
    tables: Mapping[str, Mapping[str, str]]
    districts: tuple[PlaceTerm, ...] = ()  # districts and counties of cities (gazetteer-zh.tsv), Chinese only

    def cue(self, name: str) -> tuple[str, ...]:
        """The surface forms of one cue list (empty when the lexicon has none of that name)."""
        return self.cues.get(name, ())

    def table(self, name: str) -> Mapping[str, str]:
        """One surface-form table (empty when the lexicon has none of that name)."""
        return self.tables.get(name, {})
