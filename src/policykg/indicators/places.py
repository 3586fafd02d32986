"""Whose figure: the place or organization it is about, by default the place its document is about.

May import: policykg.model, policykg.extract.patterns, policykg.lexicon, policykg.indicators.scheme, the standard library.
"""

from __future__ import annotations

import functools
from pathlib import PurePath

from policykg.extract.patterns import Folded
from policykg.indicators.scheme import word_pattern
from policykg.model import Document, Figure, Lexicon

SUBJECT_KINDS = ("city/", "province/", "country/", "district/", "organization/")


def about(doc: Document, figure: Figure, lexicon: Lexicon | None = None) -> str | None:
    """The place or organization whose quantity the figure is (the document's place by default)."""
    if figure.subject and figure.subject.startswith(SUBJECT_KINDS):
        return figure.subject
    return document_place(doc, lexicon)


def document_place(doc: Document, lexicon: Lexicon | None = None) -> str | None:
    """The place a document is about: its folder's name, else the place its opening names most."""
    if lexicon is None:
        from policykg.lexicon import load_lexicon

        lexicon = load_lexicon()
    return _document_place(_folder(doc.source, doc.slug), doc.text[:400], lexicon)


@functools.lru_cache(maxsize=64)
def _folder(source: str, slug: str) -> str:
    """The name of the folder a document comes from ("" for none)."""
    folder = PurePath(source).parent.name if source not in ("-", "stdin") else ""
    if not folder and "/" in slug:
        folder = slug.rsplit("/", 1)[0].rsplit("/", 1)[-1]  # "长春市/2023": the parent folder's name
    return folder


@functools.lru_cache(maxsize=64)
def _document_place(folder: str, head: str, lexicon: Lexicon) -> str | None:
    names = _place_names(lexicon)
    if folder and _strip_suffix(folder) in names:
        return names[_strip_suffix(folder)]
    counts: dict[str, int] = {}
    for match in _place_pattern(lexicon).finditer(head):
        key = names.get(_strip_suffix(match.group()))
        if key:
            counts[key] = counts.get(key, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def _strip_suffix(name: str) -> str:
    """A place name without its administrative suffix, folded.

    >>> _strip_suffix("长春市"), _strip_suffix("Changchun City")
    ('长春', 'changchun')
    """
    name = name.strip().casefold()
    for suffix in ("市", "省", " city", " province", " municipality"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)].strip()
    return name


@functools.cache
def _place_names(lexicon: Lexicon) -> dict[str, str]:
    """Folded place name → key, for every unambiguous place of the gazetteer (most populous wins)."""
    names: dict[str, str] = {}
    stops = {_strip_suffix(s) for s in lexicon.cue("placeStops")}  # "( Xinhua )": the agency, not the town
    for place in sorted(lexicon.places, key=lambda p: p.population):
        if place.ambiguous:
            continue
        for label in _labels(place):
            if len(_strip_suffix(label)) >= 2 and _strip_suffix(label) not in stops:
                names[_strip_suffix(label)] = place.key
    return names


def _labels(place) -> tuple[str, ...]:
    """Every name of a gazetteer place, English and Chinese."""
    return (place.label, *place.alt_labels, *getattr(place, "zh_labels", ()))


@functools.cache
def _place_pattern(lexicon: Lexicon) -> Folded:
    names = [n for n in _place_names(lexicon) if not n.isascii()]
    names += [n for n in _place_names(lexicon) if n.isascii()]
    return word_pattern(names)
