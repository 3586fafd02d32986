"""Throughput on the real texts: extraction alone and the whole build, beside one regex pass.

Usage: python bench/realtexts.py [--runs 3] [--src DIR]

The corpora are the shared real texts, outside the repository: the English texts of
``../shared/corpus`` and ``../shared/eval/real``, and a sample of ``../shared/corpus-zh`` (the latest
report of every city). Each figure is the median of ``--runs`` runs in one process, timed as the
CPU time of the process (``time.process_time``: one core's work; the other processes of a busy
machine do not count), and each stage is also given as its time divided by the time of one
``re.compile(r"[\\u3400-\\u9fff]|\\w+").findall`` pass over the same texts measured in the same
process, so what load remains (a shared core's caches) cancels out of the ratio.
``--src`` runs another checkout's ``src`` (e.g. the code before a change): bench/run.py measures
before and after side by side this way. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from measure import median_seconds

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CPU = time.process_time  # every figure here is this process's CPU time
WORD = re.compile(r"[\u3400-\u9fff]|\w+")


def corpora() -> dict[str, list[Path]]:
    """Corpus name → its files (sorted); corpora that are not on this machine are left out."""
    english = sorted((SHARED / "corpus").glob("*.txt")) + sorted((SHARED / "eval" / "real").glob("*.txt"))
    chinese = [max(city.glob("*.md")) for city in sorted((SHARED / "corpus-zh").glob("*/*")) if city.is_dir()]
    found = {"en (real English texts)": english, "zh (latest report of each city)": chinese}
    return {name: files for name, files in found.items() if files}


def measure_corpus(files: list[Path], runs: int) -> dict:
    """Regex pass, extraction alone and whole build (extract + graph + Turtle) on ``files``."""
    from policykg.export import export_graph
    from policykg.extract import extract

    try:
        from policykg.graph import collect as build_graph  # named graphs without rdflib (issue 10)
    except ImportError:  # the code before issue 10
        from policykg.graph import build_graph
    from policykg.lexicon import load_lexicon
    from policykg.text import read_document

    lexicon = load_lexicon()
    docs = [read_document(str(path), slug=f"doc{n}") for n, path in enumerate(files)]
    size = sum(path.stat().st_size for path in files) / 1e6
    regex = median_seconds(lambda: [WORD.findall(doc.text) for doc in docs], max(runs, 5), CPU)
    alone = median_seconds(lambda: [extract(doc, lexicon) for doc in docs], runs, CPU)
    whole = median_seconds(
        lambda: export_graph(build_graph(extract(doc, lexicon) for doc in docs), "turtle"), runs, CPU
    )
    return {
        "documents": len(docs),
        "megabytes": round(size, 3),
        "runs": runs,
        "regex_mb_s": round(size / regex, 2),
        "extraction_mb_s": round(size / alone, 3),
        "build_mb_s": round(size / whole, 3),
        "extraction_ratio": round(alone / regex, 1),
        "build_ratio": round(whole / regex, 1),
    }


def measure(runs: int) -> dict:
    """Every corpus, by name."""
    return {name: measure_corpus(files, runs) for name, files in corpora().items()}


def markdown(figures: dict) -> str:
    """The table of ``{"after": {corpus: ...}, "before": {...}}`` (before is optional)."""
    lines = [
        "## Real texts: build throughput (median CPU time of runs; ratios measured in the same process)",
        "",
        'Time ÷ one `re.compile(r"[\\u3400-\\u9fff]|\\w+").findall` pass over the same texts; '
        '"before" is the code before issue 10 (commit '
        f"{figures.get('before_commit', '–')}), measured in the same run of bench/run.py.",
        "",
        "| corpus | documents | MB | code | regex MB/s | extraction MB/s | ÷ regex | whole build MB/s | ÷ regex |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for name in figures["after"]:
        for label in ("before", "after"):
            f = figures.get(label, {}).get(name)
            if f is None:
                continue
            lines.append(
                f"| {name} | {f['documents']} | {f['megabytes']} | {label} | {f['regex_mb_s']} "
                f"| {f['extraction_mb_s']} | {f['extraction_ratio']}× | {f['build_mb_s']} | {f['build_ratio']}× |"
            )
    return "\n".join([*lines, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", default=str(ROOT / "src"), help="the src folder of the code to measure")
    args = parser.parse_args()
    sys.path.insert(0, args.src)
    print(json.dumps(measure(args.runs)))


if __name__ == "__main__":
    main()
