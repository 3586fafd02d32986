"""The triples a figure's notes add to a graph, with the indicator and the place they name.

May import: policykg.model, policykg.lexicon, policykg.indicators.scheme, policykg.indicators.notes, rdflib, the standard library.
"""

from __future__ import annotations

import functools

from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from policykg.indicators.notes import Notes
from policykg.indicators.scheme import load_scheme
from policykg.model import ID_IRI, PK_IRI, Lexicon


def notes_triples(
    node: URIRef, notes: Notes, lexicon: Lexicon | None = None, lang: str = "en"
) -> list[tuple]:
    """The triples ``notes`` add to the figure ``node``, with the indicator and place they name.

    The place gets its class and its names in the document's language ``lang`` (so a figure's
    subject always has a name, as the entity extractor would give it).
    """
    pk = Namespace(PK_IRI)
    triples: list[tuple] = []
    if notes.measures:
        triples += [(node, pk.measures, URIRef(ID_IRI + notes.measures))]
        triples += indicator_triples(notes.measures)
    if notes.aspect:
        triples.append((node, pk.aspect, pk[notes.aspect]))
    if notes.about:
        triples.append((node, pk.about, URIRef(ID_IRI + notes.about)))
        triples += _place_triples(notes.about, lexicon, lang)
    return triples


@functools.cache
def indicator_triples(key: str) -> tuple[tuple, ...]:
    """What a graph says about an indicator it uses: class, scheme, labels, better direction."""
    pk = Namespace(PK_IRI)
    ind = load_scheme().indicators[key]
    node = URIRef(ID_IRI + key)
    out = [
        (node, RDF.type, pk.Indicator),
        (node, RDF.type, SKOS.Concept),
        (node, SKOS.inScheme, URIRef(ID_IRI + "indicator/scheme")),
        (node, SKOS.prefLabel, Literal(ind.label_en, lang="en")),
        (node, SKOS.prefLabel, Literal(ind.label_zh, lang="zh")),
        (node, pk.higherIsBetter, Literal(ind.higher_is_better)),
    ]
    out += [(node, SKOS.broader, URIRef(ID_IRI + b)) for b in ind.broader]
    return tuple(out)


def _place_triples(key: str, lexicon: Lexicon | None, lang: str) -> list[tuple]:
    """Class and names (in ``lang``) of a gazetteer place."""
    if lexicon is None:
        from policykg.lexicon import load_lexicon

        lexicon = load_lexicon()
    place = _places_by_key(lexicon).get(key)
    if place is None:
        return []
    node = URIRef(ID_IRI + key)
    names = getattr(place, "zh_labels", ()) if lang == "zh" else (place.label, *place.alt_labels)
    out = [(node, RDF.type, Namespace(PK_IRI)[place.kind])]
    out += [
        (node, RDFS.label if i == 0 else SKOS.altLabel, Literal(n, lang=lang)) for i, n in enumerate(names)
    ]
    return out


@functools.cache
def _places_by_key(lexicon: Lexicon) -> dict:
    return {place.key: place for place in lexicon.places}
