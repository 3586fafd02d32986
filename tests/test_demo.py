"""examples/output/ is exactly what `make demo` writes today (regenerate it with `make demo`)."""

from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "examples" / "output"


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
def test_examples_output_is_up_to_date(tmp_path):
    subprocess.run(["make", "-s", "demo", f"OUT={tmp_path}"], cwd=ROOT, check=True, capture_output=True)
    assert listing(tmp_path) == listing(OUTPUT), "run `make demo` and commit examples/output/"
    stale = [
        name for name in listing(OUTPUT) if not filecmp.cmp(OUTPUT / name, tmp_path / name, shallow=False)
    ]
    assert not stale, f"stale files in examples/output/ (run `make demo`): {stale}"
