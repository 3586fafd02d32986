"""``policykg track`` and ``policykg compare``: the promise table, its formats, the HTML report."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from zh_figures import reports

import policykg
from policykg.cli import TRACK_FORMATS, cli
from policykg.graph import build_graph
from policykg.promises import add_promise_checks
from policykg.tracker import TRACK_FORMATS as LIBRARY_FORMATS
from policykg.tracker import format_track, promise_rows

DATA = Path(__file__).parent / "data" / "promises"
TEXTS = [str(DATA / "harbin-2023.txt"), str(DATA / "harbin-2024.txt")]
CHROMIUM = Path("/usr/bin/chromium")


COUNT_COLUMNS = ["kept", "missed", "not", "reported", "not", "comparable", "checks", "kept", "share"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("track") / "harbin.ttl"
    assert run("build", *TEXTS, "-o", str(path))[0] == 0
    return str(path)


def test_cli_and_library_offer_the_same_formats():
    assert TRACK_FORMATS == LIBRARY_FORMATS


def test_track_table_shows_target_result_verdict_and_both_quotes(graph_file):
    code, out = run("track", graph_file, "--indicator", "gdp")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "subject", "indicator", "year", "aspect", "target", "result", "verdict", "target_quote",
        "target_document", "target_offsets", "result_quote", "result_document", "result_offsets",
    ]  # fmt: skip
    assert lines[2].split() == [
        "Harbin", "regional", "GDP", "2023", "Change", "≈6%", "5.1%", "Missed", "growth", "of", "about", "6%",
        "promises/harbin-2023", "152-170", "grew", "by", "5.1%", "promises/harbin-2024", "68-80",
    ]  # fmt: skip
    assert len(lines) == 3


def test_track_csv_and_json_carry_documents_offsets_and_comments(graph_file):
    rows = list(csv.DictReader(io.StringIO(run("track", graph_file, "--format", "csv")[1])))
    assert {r["verdict"] for r in rows} == {"Kept", "Missed", "NotReported", "NotComparable"}
    farmland = next(r for r in rows if r["indicator_id"] == "high-standard-farmland")
    assert (farmland["target"], farmland["result"], farmland["target_document"]) == (
        "700000 mu",
        "877000 mu",
        "promises/harbin-2023",
    )
    assert farmland["result_sentence"] == "In 2023, Harbin built 877,000 mu of high-standard farmland."
    records = json.loads(run("track", graph_file, "--format", "json", "--year", "2023")[1])
    assert len(records) == 6 and all(r["year"] == 2023 for r in records)
    assert run("track", graph_file, "--year", "2019", "--format", "json")[1] == "[]\n"


def test_track_by_subject_name_and_summary(graph_file):
    assert len(json.loads(run("track", graph_file, "--about", "Harbin City", "--format", "json")[1])) == 6
    code, out = run("track", graph_file, "--format", "summary")
    lines = out.splitlines()
    assert lines[0].split() == ["year", *COUNT_COLUMNS]
    assert lines[1].split() == ["2023", "2", "2", "1", "1", "6", "50%"]  # kept share: 2 of 2 + 2 judged
    assert lines[4].split() == ["subject", *COUNT_COLUMNS]
    assert lines[5].split() == ["Harbin", "2", "2", "1", "1", "6", "50%"]
    result = CliRunner().invoke(cli, ["track", graph_file, "--about", "Atlantis"])
    assert (result.exit_code, result.output) == (
        1,
        "Error: --about Atlantis: no promise checks about a subject of that name\n",
    )


def test_track_builds_texts_on_the_fly_with_a_tolerance():
    out = run("track", *TEXTS, "--indicator", "gdp", "--tolerance", "1pp", "--format", "csv")[1]
    assert next(csv.DictReader(io.StringIO(out)))["verdict"] == "Kept"  # 5.1 is within 1 point of about 6
    result = CliRunner().invoke(cli, ["track", *TEXTS, "--tolerance", "x"])
    assert result.exit_code == 2 and "'x' is not a number" in result.output


def test_html_report_links_each_cell_to_its_two_sentences(tmp_path):
    graph = build_graph(reports())
    add_promise_checks(graph)
    page = format_track(promise_rows(graph), "html")
    assert (
        page.startswith("<!DOCTYPE html>")
        and "<script" not in page
        and "http" not in page.split("</style>")[0]
    )
    assert "<h2>Changchun</h2>" in page
    assert '<a class="cell Missed" href="#check-' in page
    assert "<mark>粮食产量达到250亿斤</mark>" in page and "<mark>粮食产量达到248.5亿斤</mark>" in page
    assert "<tr><th>2023</th><td>4</td><td>1</td><td>1</td><td>1</td><td>7</td><td>80%</td></tr>" in page
    cells = page.count('class="cell ')
    assert cells == 7 and page.count('<dt id="check-') == 7


def test_python_api_builds_lists_figures_and_tracks():
    graph = policykg.build(TEXTS)
    records = policykg.figures(graph)
    gdp = [r for r in records if r["measures"] == "gdp" and r["year"] == 2023]
    assert {(r["kind"], r["value"], r["aspect"], r["about"]) for r in gdp} == {
        ("Target", 6.0, "Change", "Harbin"),
        ("Result", 5.1, "Change", "Harbin"),
    }
    assert all(r["document"].endswith(("harbin-2023", "harbin-2024")) for r in records)
    checks = policykg.track(graph, indicator="retail-sales")
    assert [(c["target"], c["result"], c["verdict"]) for c in checks] == [("≈6%", "8.6%", "Kept")]


def test_compare_lists_each_city_and_draws_an_offline_chart(graph_file, tmp_path):
    out = run("compare", graph_file, "--indicator", "gdp", "--year", "2023", "--format", "csv")[1]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["subject"], r["kind"], r["value"], r["document"].rsplit("/", 1)[-1]) for r in rows] == [
        ("Harbin", "Target", "6.0", "harbin-2023"),
        ("Harbin", "Result", "5.1", "harbin-2024"),
    ]
    page = tmp_path / "gdp.html"
    assert (
        run(
            "compare", graph_file, "--indicator", "gdp", "--year", "2023", "--format", "html", "-o", str(page)
        )[0]
        == 0
    )
    html = page.read_text()
    assert "<svg" in html and "<script" not in html and "target 6" in html and "result 5.1" in html
    result = CliRunner().invoke(cli, ["compare", graph_file, "--indicator", "happiness", "--year", "2023"])
    assert result.exit_code == 1 and result.output.startswith(
        "Error: --indicator happiness: no such indicator"
    )


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_reports_render_in_chromium_offline(graph_file, tmp_path):
    for name, args in (
        ("track", ["track", graph_file]),
        ("compare", ["compare", graph_file, "--indicator", "gdp", "--year", "2023"]),
    ):
        page = tmp_path / f"{name}.html"
        assert run(*args, "--format", "html", "-o", str(page))[0] == 0
        shot = tmp_path / f"{name}.png"
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             f"--screenshot={shot}", "--window-size=1000,700", page.as_uri()],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
        assert shot.exists() and shot.stat().st_size > 5000
