"""Load the extraction lexicon: ``ontology/lexicon.ttl`` (SKOS) and ``ontology/gazetteer.tsv`` → Lexicon.

The only bridge from the data files to extraction: extraction itself never reads RDF.
May import: policykg.model, policykg.errors, rdflib, the standard library.
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from policykg.errors import OntologyError
from policykg.model import ID_IRI, PK_IRI, IndustryTerm, Lexicon, PlaceTerm

LEX = Namespace("https://w3id.org/policykg/lexicon#")
LEXICON_FILE = "lexicon.ttl"
LEXICON_ZH_FILE = "lexicon-zh.ttl"
GAZETTEER_FILE = "gazetteer.tsv"
GAZETTEER_ZH_FILE = "gazetteer-zh.tsv"
GAZETTEER_COLUMNS = (
    "key",
    "kind",
    "label",
    "alt_labels",
    "geonames_id",
    "province_key",
    "population",
    "ambiguous",
)


@functools.cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon and gazetteer (cached: one Lexicon per process)."""
    root = files("policykg") / "ontology"
    return read_lexicon(
        Path(str(root / LEXICON_FILE)),
        Path(str(root / GAZETTEER_FILE)),
        Path(str(root / LEXICON_ZH_FILE)),
        Path(str(root / GAZETTEER_ZH_FILE)),
    )


def read_lexicon(
    lexicon_path: Path,
    gazetteer_path: Path,
    lexicon_zh_path: Path | None = None,
    gazetteer_zh_path: Path | None = None,
) -> Lexicon:
    """Read a lexicon file and a gazetteer file (and their Chinese halves, when given) into one Lexicon."""
    graph = _parse(lexicon_path)
    if lexicon_zh_path is not None:
        graph += _parse(lexicon_zh_path)
    cues, case_sensitive = _cue_lists(graph)
    tables = _tables(graph)
    tables["caseSensitive"] = MappingProxyType({name: "true" for name in sorted(case_sensitive)})
    return Lexicon(
        industries=_industries(graph),
        places=_with_chinese_names(read_gazetteer(gazetteer_path), gazetteer_zh_path),
        cues=MappingProxyType(cues),
        tables=MappingProxyType(tables),
        districts=read_districts(gazetteer_zh_path),
    )


def _parse(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=path.read_bytes(), format="turtle")
    except FileNotFoundError:
        raise OntologyError(f"the lexicon file '{path}' is missing: reinstall policykg") from None
    except Exception as err:  # rdflib's parser raises several types
        raise OntologyError(f"the lexicon file '{path}' is malformed: {err}") from None
    return graph


def _local(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _texts(graph: Graph, node: URIRef, *predicates: URIRef) -> tuple[str, ...]:
    found = {str(o) for p in predicates for o in graph.objects(node, p) if isinstance(o, Literal)}
    return tuple(sorted(found))


def _cue_lists(graph: Graph) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    cues: dict[str, tuple[str, ...]] = {}
    case_sensitive: set[str] = set()
    for node in sorted(graph.subjects(RDF.type, LEX.CueList)):
        name = _local(node)
        cues[name] = _texts(graph, node, SKOS.hiddenLabel, LEX.pattern)
        if any(
            o.toPython() is True for o in graph.objects(node, LEX.caseSensitive) if isinstance(o, Literal)
        ):
            case_sensitive.add(name)
    return cues, case_sensitive


def _tables(graph: Graph) -> dict[str, MappingProxyType]:
    tables: dict[str, dict[str, str]] = defaultdict(dict)
    for entry, value in sorted(graph.subject_objects(LEX.maps)):
        kinds = sorted(_local(k) for k in graph.objects(entry, RDF.type))
        for kind in kinds:
            for surface in _texts(graph, entry, SKOS.hiddenLabel):
                if surface in tables[kind]:
                    raise OntologyError(f"the lexicon maps '{surface}' twice in its {kind} table: keep one")
                tables[kind][surface] = str(value)
    return {kind: MappingProxyType(dict(sorted(rows.items()))) for kind, rows in sorted(tables.items())}


def _industries(graph: Graph) -> tuple[IndustryTerm, ...]:
    terms = []
    for node in sorted(graph.subjects(RDF.type, URIRef(PK_IRI + "Industry"))):
        iri = str(node)
        if not iri.startswith(ID_IRI):
            raise OntologyError(f"the lexicon industry <{iri}> is not under {ID_IRI}: rename it")
        labels = _texts_in(graph, node, SKOS.prefLabel, "en")
        zh = _texts_in(graph, node, SKOS.prefLabel, "zh")
        if len(labels) > 1 or len(zh) > 1 or not (labels or zh):
            raise OntologyError(f"the lexicon industry <{iri}> needs exactly one skos:prefLabel per language")
        broader = tuple(sorted(str(b)[len(ID_IRI) :] for b in graph.objects(node, SKOS.broader)))
        alts = _texts_in(graph, node, SKOS.altLabel, "en") if labels else ()
        zh_alts = tuple(a for a in _texts_in(graph, node, SKOS.altLabel, "zh") if a not in zh)
        terms.append(
            IndustryTerm(iri[len(ID_IRI) :], (labels or zh)[0], alts, broader, zh_labels=zh + zh_alts)
        )
    return tuple(terms)


def _texts_in(graph: Graph, node: URIRef, predicate: URIRef, language: str) -> tuple[str, ...]:
    """The literals of one language ("en" also takes untagged ones), sorted."""
    found = {
        str(o)
        for o in graph.objects(node, predicate)
        if isinstance(o, Literal) and (o.language == language or (language == "en" and not o.language))
    }
    return tuple(sorted(found))


def _with_chinese_names(places: tuple[PlaceTerm, ...], path: Path | None) -> tuple[PlaceTerm, ...]:
    """Add the Chinese names of ``gazetteer-zh.tsv`` (key, zh label, zh variants) to the places."""
    if path is None or not path.exists():
        return places
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row][1:]
    names = {row[0]: (row[1], *(a for a in row[2].split("|") if a)) for row in rows if len(row) >= 3}
    return tuple(replace(p, zh_labels=names[p.key]) if p.key in names else p for p in places)


def read_districts(path: Path | None) -> tuple[PlaceTerm, ...]:
    """The districts and counties of ``gazetteer-zh.tsv``: rows keyed ``district/…`` naming their city."""
    if path is None or not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row][1:]
    return tuple(
        PlaceTerm(
            key=row[0],
            kind="District",
            label="",
            zh_labels=(row[1], *(a for a in row[2].split("|") if a)),
            city_key=row[3],
        )
        for row in rows
        if len(row) >= 4 and row[0].startswith("district/") and row[3]
    )


def read_gazetteer(path: Path) -> tuple[PlaceTerm, ...]:
    """Read the places of a gazetteer TSV (columns as GAZETTEER_COLUMNS, header line first)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except FileNotFoundError:
        raise OntologyError(f"the gazetteer file '{path}' is missing: reinstall policykg") from None
    if not rows or tuple(rows[0][: len(GAZETTEER_COLUMNS)]) != GAZETTEER_COLUMNS:
        raise OntologyError(
            f"the gazetteer file '{path}' must start with the header {' '.join(GAZETTEER_COLUMNS)}"
        )
    return tuple(_place(path, number, row) for number, row in enumerate(rows[1:], start=2) if any(row))


def _place(path: Path, number: int, row: list[str]) -> PlaceTerm:
    if len(row) < len(GAZETTEER_COLUMNS):
        raise OntologyError(f"{path}, line {number}: expected {len(GAZETTEER_COLUMNS)} tab-separated columns")
    key, kind, label, alts, geonames_id, province_key, population, ambiguous = row[: len(GAZETTEER_COLUMNS)]
    return PlaceTerm(
        key=key,
        kind=kind,
        label=label,
        alt_labels=tuple(a for a in alts.split("|") if a),
        geonames_id=geonames_id or None,
        province_key=province_key or None,
        population=int(population) if population.strip().isdigit() else 0,
        ambiguous=ambiguous.strip() == "1",
    )
