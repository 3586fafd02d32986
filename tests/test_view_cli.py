"""``policykg view``: CliRunner with exact outputs and exit codes, plus one real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner
from test_view_html import page_data

from policykg.cli import VIEW_NAMES, cli
from policykg.view import VIEWS


def test_view_names_match_the_registry() -> None:
    assert sorted(VIEW_NAMES) == sorted(VIEWS)


def test_view_writes_the_page(mini_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "industries.html"
    result = CliRunner().invoke(cli, ["view", str(mini_ttl), "-o", str(out)], catch_exceptions=False)
    assert (result.exit_code, result.output) == (0, "")
    nodes, edges = page_data(out.read_bytes())
    assert (len(nodes), len(edges)) == (9, 9)
    assert BeautifulSoup(out.read_bytes(), "html.parser").find(id="pk-heading").get_text() == "Industries"


def test_view_options(mini_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "full.html"
    args = ["view", str(mini_ttl), "--view", "full", "--document", "riverton", "-o", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    assert len(page_data(out.read_bytes())[0]) == 11
    heading = BeautifulSoup(out.read_bytes(), "html.parser").find(id="pk-heading").get_text()
    assert heading == "Full graph — Riverton Daily"


def test_unknown_document_is_an_error(mini_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    result = CliRunner().invoke(cli, ["view", str(mini_ttl), "--document", "nowhere", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: no document 'nowhere' in the graph; known documents: riverton (see --document)\n"
    )
    assert not out.exists()


def test_unknown_view_is_a_usage_error(mini_ttl: Path) -> None:
    result = CliRunner().invoke(cli, ["view", str(mini_ttl), "--view", "cities"])
    assert result.exit_code == 2
    assert (
        "Invalid value for '--view': 'cities' is not one of 'industries', 'initiatives', 'full'."
        in result.output
    )


def test_view_in_a_subprocess(mini_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "initiatives.html"
    command = [
        sys.executable,
        "-m",
        "policykg",
        "view",
        str(mini_ttl),
        "--view",
        "initiatives",
        "-o",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert len(page_data(out.read_bytes())[0]) == 4
