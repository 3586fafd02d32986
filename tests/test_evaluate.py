"""evaluate(): exact measures on a hand-made graph, gold-file errors, and parity with score.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from policykg.errors import InputError
from policykg.evaluate import evaluate, format_report, label_matches, load_gold

SCORE_PY = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "score.py"
TEXT = (
    "Xian will cut approval time to 8 days from 20 days by 2023. In 2022 steel output rose 5.5%. "
    "The Blue Sky Campaign plants 300 hectares.\n"
)
TURTLE = """
@prefix pk: <https://w3id.org/policykg/ontology#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix unit: <http://qudt.org/vocab/unit/> .

id:doc a pk:Document, nif:Context ; nif:isString "TEXT" .
id:city/xian a pk:City ; rdfs:label "Xi'an" ; skos:altLabel "Xian City" ;
    pk:hasTarget id:figure/f1 .
id:city/ghost a pk:City ; rdfs:label "Ghost Town" .
id:industry/steel a pk:Industry ; rdfs:label "steel industry" .
id:initiative/blue-sky a pk:Initiative ; rdfs:label "“Blue Sky” Campaign" ;
    pk:concerns id:industry/steel ; pk:evidence id:ev/blue .
id:initiative/mystery a pk:Initiative ; rdfs:label "Mystery Plan" .
id:figure/f1 a pk:Figure, pk:Target ; pk:value 8.0 ; pk:unit unit:DAY ; pk:baseline 20.0 ;
    pk:year "2023"^^xsd:gYear ; pk:evidence id:ev/f1 .
id:figure/f2 a pk:Figure, pk:Result ; pk:value 5.5 ; pk:unit unit:PERCENT ;
    pk:year "2022"^^xsd:gYear ; pk:evidence id:ev/f2 .
id:figure/f3 a pk:Figure, pk:Result ; pk:value 300.0 ; pk:unit unit:HA ; pk:evidence id:ev/f3 .
id:figure/f4 a pk:Figure, pk:Result ; pk:value 2022.0 ; pk:unit unit:NUM ; pk:evidence id:ev/f4 .
id:figure/f5 a pk:Figure, pk:Target ; pk:value 7.0 ; pk:unit unit:PERCENT .
id:ev/f1 a nif:String ; nif:referenceContext id:doc ; nif:beginIndex 31 ; nif:endIndex 37 ;
    nif:anchorOf "8 days" .
id:ev/f2 a nif:String ; nif:referenceContext id:doc ; nif:beginIndex 81 ; nif:endIndex 90 ;
    nif:anchorOf "rose 5.5%" .
id:ev/f3 a nif:String ; nif:referenceContext id:doc ; nif:beginIndex 120 ; nif:endIndex 132 ;
    nif:anchorOf "300 hectares" .
id:ev/f4 a nif:String ; nif:referenceContext id:doc ; nif:beginIndex 60 ; nif:endIndex 67 ;
    nif:anchorOf "In 2022" .
id:ev/blue a nif:String ; nif:referenceContext id:doc ; nif:beginIndex 96 ; nif:endIndex 113 ;
    nif:anchorOf "Blue Sky Campaign" .
"""
TURTLE = re.sub(
    r"\bid:([\w/-]+)", r"<https://w3id.org/policykg/id/\1>", TURTLE.replace('"TEXT"', json.dumps(TEXT))
)
GOLD = {
    "entities": {
        "City": {"required": [["Xian"], ["Baotou"]], "optional": []},
        "Industry": {"required": [["steel"]], "optional": []},
        "Initiative": {"required": [["Blue Sky Campaign"], ["Green Fund"]], "optional": []},
    },
    "figures": {
        "required": [
            {"id": "approval", "value": 8, "unit": "day", "baseline": 20, "year": 2023, "kind": "Target"},
            {
                "id": "steel",
                "value": 5.5,
                "unit": "percent",
                "year": 2021,
                "comparator": "more",
                "kind": "Result",
            },
            {"id": "trees", "value": 300, "unit": "hectare"},
            {"id": "absent", "value": 99, "unit": "count", "anchor": "ninety-nine"},
        ],
        "optional": [{"id": "baseline", "value": 20, "unit": "day"}],
        "forbidden": [{"id": "year", "value": 2022, "unit": "any"}],
    },
    "relations": [
        {"id": "targets", "from": "City", "subject": ["Xian"], "path": ["hasTarget"], "values": [8, 7]},
        {
            "id": "concerns",
            "from": "any",
            "subject": ["Blue Sky Campaign"],
            "path": ["concerns"],
            "objects": [["steel"]],
        },
    ],
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=TURTLE, format="turtle")


def test_entities(graph: Graph) -> None:
    result = evaluate(graph, GOLD, TEXT)
    city, industry, initiative = result.entities
    assert (city.name, city.found, city.required, city.missing) == ("City", 1, 2, ("Baotou",))
    assert (city.instances, city.precision, city.unmatched) == (2, 0.5, ("Ghost Town",))
    assert (industry.found, industry.precision) == (1, 1.0)
    assert (initiative.found, initiative.missing, initiative.unmatched) == (
        1,
        ("Green Fund",),
        ("Mystery Plan",),
    )
    assert result.entity_recall == pytest.approx(3 / 5)


def test_figures(graph: Graph) -> None:
    figures = evaluate(graph, GOLD, TEXT).figures
    assert (figures.required, figures.found, figures.figures) == (4, 3, 5)
    assert figures.missing == ("absent (ninety-nine)",)
    assert figures.precision == pytest.approx(3 / 5)
    assert figures.forbidden_hits == ("year",)
    assert figures.unmatched == ((7.0, "percent"),)
    assert (figures.attributes_ok, figures.attributes_total) == (4, 6)
    assert figures.attributes_wrong == ("steel.year", "steel.comparator")


def test_relations_and_evidence(graph: Graph) -> None:
    result = evaluate(graph, GOLD, TEXT)
    assert (result.relations.found, result.relations.total, result.relations.missing) == (
        2,
        3,
        ("targets:7",),
    )
    evidence = result.evidence
    assert (evidence.subjects, evidence.valid, evidence.invalid, evidence.without_evidence) == (7, 4, 1, 2)
    assert evidence.bad_examples == ((120, 132, "300 hectares", " 300 hectare"),)


def test_evidence_read_from_the_document_when_no_text_is_given(graph: Graph) -> None:
    assert evaluate(graph, GOLD).evidence == evaluate(graph, GOLD, TEXT).evidence
    assert evaluate(graph, GOLD, "x" * 200).evidence.valid == 0


def test_report_ends_with_score_line(graph: Graph) -> None:
    report = format_report(evaluate(graph, GOLD, TEXT))
    assert report.splitlines()[-1] == (
        "SCORE entity_recall=0.60 entity_precision=0.60 figure_recall=0.75 figure_precision=0.60 attributes=4/6 "
        f"relations=2/3 evidence=0.57 triples={len(Graph().parse(data=TURTLE, format='turtle'))}"
    )
    assert (
        report.splitlines()[0]
        == "City              recall 1/2  instances 2  precision 0.50  missing ['Baotou']"
    )


def test_label_matching() -> None:
    assert label_matches("the “1 plus 6” industrial system", "1+6")
    assert label_matches("steel industry", "steel")
    assert not label_matches("steel", "rare earth steel alloy industry")


@pytest.mark.skipif(not SCORE_PY.exists(), reason="the shared scorer is not on this machine")
def test_parity_with_score_py(graph: Graph, tmp_path: Path) -> None:
    (tmp_path / "g.ttl").write_text(TURTLE, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    args = [sys.executable, str(SCORE_PY), *(str(tmp_path / n) for n in ("g.ttl", "gold.json", "t.txt"))]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    expected = done.stdout.splitlines()[-1]
    assert format_report(evaluate(graph, GOLD, TEXT)).splitlines()[-1] == expected


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(content, encoding="utf-8")
    return path


def test_load_gold_reads_a_good_file(tmp_path: Path) -> None:
    assert load_gold(write(tmp_path, json.dumps(GOLD))) == GOLD


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"entities": {}, \n "figures": [}', "not valid JSON: Expecting value at line 2, column 14"),
        ("[]", "the gold annotation must be a JSON object"),
        ('{"entities": {}}', '"figures" must be an object'),
        (
            '{"entities": {"City": {"required": ["Xian"]}}, "figures": {}}',
            'entities["City"]["required"] must be a list of lists of labels',
        ),
        (
            '{"entities": {}, "figures": {"required": [{"value": "8", "unit": "day", "id": "a"}]}}',
            'figures["required"][0]["value"] must be a number',
        ),
        (
            '{"entities": {}, "figures": {"required": [{"value": 8, "unit": "day"}]}}',
            'figures["required"][0] needs an "id"',
        ),
        (
            '{"entities": {}, "figures": {}, "relations": [{"path": "hasTarget", "from": "any", "subject": []}]}',
            'relations[0]["path"] must be a list of property names',
        ),
    ],
)
def test_load_gold_errors(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InputError) as error:
        load_gold(path)
    assert str(error.value) == f"{path}: {message}"


def test_load_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        load_gold(tmp_path / "none.json")
    assert str(error.value) == f"{tmp_path / 'none.json'}: gold file not found; check the --gold path"


def test_gold_with_a_bad_class_name(graph: Graph) -> None:
    with pytest.raises(InputError, match='names "City Hall", which is not a pk: class'):
        evaluate(graph, {"entities": {"City Hall": {"required": []}}, "figures": {}})


def test_shipped_gold_files_load() -> None:
    for path in sorted((Path(__file__).parent / "data").glob("*.json")):
        assert load_gold(path)["figures"]["required"], path


def test_as_dict_is_json_ready(graph: Graph) -> None:
    data = json.loads(json.dumps(evaluate(graph, GOLD, TEXT).as_dict()))
    assert data["scores"] == {
        "entity_recall": 0.6,
        "entity_precision": 0.6,
        "figure_recall": 0.75,
        "figure_precision": 0.6,
        "attribute_accuracy": 4 / 6,
        "evidence_validity": 4 / 7,
    }
    assert data["figures"]["forbidden_hits"] == ["year"]
