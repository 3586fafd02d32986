"""Mint the stable IRIs of documents, extracted resources and text spans (no randomness, no clock).

May import: policykg.namespaces, rdflib.
"""

from __future__ import annotations

from rdflib import URIRef

from policykg.model import ID_IRI


def resource_iri(key: str) -> URIRef:
    """IRI of an extracted resource from its key.

    >>> str(resource_iri("city/changchun"))
    'https://w3id.org/policykg/id/city/changchun'
    """
    return URIRef(ID_IRI + key)


def document_iri(slug: str) -> URIRef:
    """IRI of a document (also its nif:Context).

    >>> str(document_iri("changchun-2022-interview"))
    'https://w3id.org/policykg/id/document/changchun-2022-interview'
    """
    return URIRef(f"{ID_IRI}document/{slug}")


def span_iri(slug: str, begin: int, end: int) -> URIRef:
    """NIF offset-based IRI of a span of a document.

    >>> str(span_iri("doc", 3, 9))
    'https://w3id.org/policykg/id/document/doc#offset_3_9'
    """
    return URIRef(f"{ID_IRI}document/{slug}#offset_{begin}_{end}")
