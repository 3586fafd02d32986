"""N-Triples term forms written without rdflib are rdflib's forms, and read back to the same terms.

Builds write every term as a string (``policykg.terms.iri`` / ``literal``) into ``TripleSet``s and
make rdflib terms only when something iterates them (``from_nt``): both directions must agree with
rdflib exactly, or outputs and stores would change.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rdflib import XSD, BNode, Literal, URIRef

from policykg.graph import Graphs, TripleSet
from policykg.terms import from_nt, iri, literal, nt

PICKY = '\u2028\u0085\x0b\x0c\r\n\t\x00\x1f\x7f"\\<>{}|^` 长春\U0001f600'
TEXTS = st.text(st.characters(codec="utf-8"), max_size=30) | st.text(
    st.sampled_from(PICKY + "ab"), max_size=20
)
DATATYPES = st.sampled_from([XSD.string, XSD.decimal, XSD.gYear, XSD.nonNegativeInteger, XSD.date])


@given(TEXTS, st.sampled_from([None, "en", "zh"]))
def test_a_plain_or_tagged_literal_is_written_as_rdflib_writes_it_and_read_back(text: str, lang) -> None:
    term = Literal(text, lang=lang)
    assert literal(text, lang) == nt(term)
    assert from_nt(literal(text, lang)) == term


@given(st.sampled_from(["1.5", "2023", "0", "2023-01-05"]), DATATYPES)
def test_a_typed_literal_is_written_as_rdflib_writes_it_and_read_back(lexical: str, datatype) -> None:
    term = Literal(lexical, datatype=datatype)
    assert literal(lexical, datatype=nt(datatype)) == nt(term)
    assert from_nt(nt(term)) == term


@given(TEXTS)
def test_an_iri_is_written_as_rdflib_writes_it_and_read_back(tail: str) -> None:
    term = URIRef("https://w3id.org/policykg/id/document/" + tail)
    assert iri(str(term)) == nt(term)
    assert from_nt(iri(str(term))) == term


def test_a_blank_node_reads_back() -> None:
    assert from_nt(nt(BNode("cb0"))) == BNode("cb0")


def test_a_triple_set_takes_and_gives_rdflib_triples() -> None:
    triples = TripleSet()
    city = URIRef("https://w3id.org/policykg/id/city/changchun")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    triples.add((city, label, Literal("长春", lang="zh")))
    triples.add((city, label, Literal("长春", lang="zh")))
    triples.add((city, label, Literal('say "hi"\n', lang="en")))
    assert len(triples) == 2
    assert (city, label, Literal("长春", lang="zh")) in triples
    assert set(triples) == {
        (city, label, Literal("长春", lang="zh")),
        (city, label, Literal('say "hi"\n', lang="en")),
    }
    triples.discard((city, label, Literal("长春", lang="zh")))
    assert (city, label, Literal("长春", lang="zh")) not in triples
    assert triples.lines() == [f'{nt(city)} {nt(label)} "say \\"hi\\"\\n"@en .']


def test_the_union_of_graphs_holds_each_triple_once() -> None:
    graphs = Graphs()
    triple = (URIRef("urn:a"), URIRef("urn:p"), Literal("x"))
    graphs.graph("urn:g1").add(triple)
    graphs.graph("urn:g2").add(triple)
    graphs.graph("urn:g2").add((URIRef("urn:b"), URIRef("urn:p"), Literal("y")))
    assert len(graphs) == 2
    assert triple in graphs.union()
    assert len(graphs.to_rdflib()) == 2
