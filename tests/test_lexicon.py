"""The lexicon loader: the packaged lexicon and gazetteer, and its errors on malformed data."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.errors import OntologyError
from policykg.lexicon import load_lexicon, read_gazetteer, read_lexicon
from policykg.model import PK_IRI

LEXICON = Path(__file__).resolve().parent.parent / "ontology" / "lexicon.ttl"
HEADER = "key\tkind\tlabel\talt_labels\tgeonames_id\tprovince_key\tpopulation\tambiguous\n"


def test_load_lexicon_is_cached():
    assert load_lexicon() is load_lexicon()


def test_packaged_tables_and_cues():
    lexicon = load_lexicon()
    assert lexicon.table("Unit")["percent"] == "http://qudt.org/vocab/unit/PERCENT"
    assert lexicon.table("Unit")["mu"] == PK_IRI + "Mu"
    assert lexicon.table("Unit")["tons"] == "http://qudt.org/vocab/unit/TONNE"
    assert lexicon.table("Scale")["billion"] == "1000000000"
    assert lexicon.table("NumberWord")["twenty"] == "20"
    assert lexicon.table("Comparator")["no less than"] == PK_IRI + "AtLeast"
    assert lexicon.table("Direction")["reduced"] == PK_IRI + "Decrease"
    assert "will" in lexicon.cue("targetCues")
    assert "Park" not in lexicon.cue("initiativeHeads") and "park" in lexicon.cue("initiativeHeads")
    assert lexicon.cue("no such list") == () and lexicon.table("no such table") == {}


def test_word_lists_moved_out_of_the_code_are_in_the_lexicon():
    lexicon = load_lexicon()
    assert lexicon.table("Month")["December"] == "12"
    assert len(lexicon.table("Month")) == 12
    assert "reached" in lexicon.cue("indicatorEnds")
    assert "Autonomous Region" in lexicon.cue("provinceSuffixes")
    assert "District" in lexicon.cue("citySuffixes")
    assert "District" not in lexicon.cue("placeSuffixes")
    assert "Municipality" in lexicon.cue("labelSuffixes")
    assert "township" in lexicon.cue("placeWords")


def test_a_written_date_reads_the_month_table():
    from policykg.extract.patterns import compile_patterns
    from policykg.extract.people import read_meta

    patterns = compile_patterns(load_lexicon())
    assert read_meta("A title\nUpdated: December 3, 2021 10:00\n", patterns)[0].date == "2021-12-03"
    assert read_meta("A title\nMay 30, 2019\n", patterns)[0].date == "2019-05-30"


def test_industries_are_keyed_under_industry():
    industries = {term.key: term for term in load_lexicon().industries}
    auto = industries["industry/automobile"]
    assert auto.label == "automobile" and "automotive" in auto.alt_labels
    assert auto.broader == ("industry/manufacturing",)
    assert all(key.startswith("industry/") for key in industries)


def test_gazetteer_is_read(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(
        HEADER
        + "city/riverton\tCity\tRiverton\tRiverton City\t123\tprovince/north\t500000\t0\n"
        + "province/north\tProvince\tNorth\tNorth Province\t\t\t\t0\n",
        encoding="utf-8",
    )
    lexicon = read_lexicon(LEXICON, path)
    city, province = lexicon.places
    assert (city.key, city.alt_labels, city.geonames_id, city.province_key, city.population) == (
        "city/riverton",
        ("Riverton City",),
        "123",
        "province/north",
        500000,
    )
    assert (province.geonames_id, province.province_key, province.ambiguous) == (None, None, False)


def test_gazetteer_with_a_wrong_header(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("name\tkind\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="must start with the header key kind label"):
        read_gazetteer(path)


def test_gazetteer_row_too_short(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "city/x\tCity\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=r"g.tsv, line 2: expected 8 tab-separated columns"):
        read_gazetteer(path)


def test_missing_files(tmp_path):
    with pytest.raises(OntologyError, match="the gazetteer file .* is missing"):
        read_gazetteer(tmp_path / "none.tsv")
    with pytest.raises(OntologyError, match="the lexicon file .* is missing"):
        read_lexicon(tmp_path / "none.ttl", tmp_path / "none.tsv")


def test_malformed_lexicon(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix lex: <x#> . lex:a lex:b", encoding="utf-8")
    with pytest.raises(OntologyError, match="the lexicon file .* is malformed"):
        read_lexicon(bad, tmp_path / "none.tsv")


def test_a_surface_mapped_twice_is_an_error(tmp_path):
    path = tmp_path / "dup.ttl"
    path.write_text(
        "@prefix lex: <https://w3id.org/policykg/lexicon#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'lex:a a lex:Unit ; lex:maps "1" ; skos:hiddenLabel "mu" .\n'
        'lex:b a lex:Unit ; lex:maps "2" ; skos:hiddenLabel "mu" .\n',
        encoding="utf-8",
    )
    gazetteer = tmp_path / "g.tsv"
    gazetteer.write_text(HEADER, encoding="utf-8")
    with pytest.raises(OntologyError, match="maps 'mu' twice in its Unit table"):
        read_lexicon(path, gazetteer)


def test_adding_an_industry_is_a_data_edit(tmp_path):
    text = LEXICON.read_text(encoding="utf-8") + (
        '\nind:mushrooms a skos:Concept, pk:Industry ; skos:prefLabel "edible fungi"@en ;'
        ' skos:altLabel "mushrooms"@en .\n'
    )
    path = tmp_path / "lexicon.ttl"
    path.write_text(text, encoding="utf-8")
    gazetteer = tmp_path / "g.tsv"
    gazetteer.write_text(HEADER, encoding="utf-8")
    from policykg.extract import extract
    from policykg.model import Document

    extraction = extract(Document("Farmers grow mushrooms.", "t.txt", "t"), read_lexicon(path, gazetteer))
    assert [(e.key, e.label) for e in extraction.entities] == [("industry/mushrooms", "edible fungi")]
