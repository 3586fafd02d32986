"""Extraction throughput: extraction alone and the whole build, beside one compiled-regex pass.

Usage: python bench/extraction.py [--runs 5] [--megabytes 1]

The text is the example and the hand-written texts of tests/data, repeated to about ``--megabytes``
MB and split back into documents of their natural size, so per-document costs count as in real use.
Each figure is the median of ``--runs`` runs measured in this one process; the ratio says how many
times longer than one ``re.compile(r"[\\u3400-\\u9fff]|\\w+").findall`` pass over the same text each
stage takes. The whole build is the one ``policykg build`` runs: graph building and our Turtle writer.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policykg.export import export_graph  # noqa: E402
from policykg.extract import extract  # noqa: E402
from policykg.graph import collect  # noqa: E402
from policykg.lexicon import load_lexicon  # noqa: E402
from policykg.model import Document  # noqa: E402


def documents(megabytes: float) -> list[Document]:
    """The sample texts repeated until they hold about ``megabytes`` MB of UTF-8."""
    sources = [
        ROOT / "examples" / "changchun-2022-interview.txt",
        *sorted((ROOT / "tests" / "data").glob("*.txt")),
    ]
    texts = [path.read_text(encoding="utf-8") for path in sources]
    docs, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        text = texts[n % len(texts)]
        docs.append(Document(text=text, source=f"doc{n}.txt", slug=f"doc{n}"))
        size += len(text.encode())
        n += 1
    return docs


def median(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(runs: int, megabytes: float) -> dict:
    docs = documents(megabytes)
    lexicon = load_lexicon()
    size = sum(len(d.text.encode()) for d in docs) / 1_000_000
    word = re.compile(r"[\u3400-\u9fff]|\w+")
    regex = median(lambda: [word.findall(d.text) for d in docs], runs)
    alone = median(lambda: [extract(d, lexicon) for d in docs], runs)
    whole = median(lambda: export_graph(collect(extract(d, lexicon) for d in docs), "turtle"), runs)
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


def markdown(figures: dict) -> str:
    f = figures
    return "\n".join(
        [
            f"## Extraction throughput ({f['documents']} documents, {f['megabytes']} MB, median of {f['runs']} runs)",
            "",
            "| stage | MB/s | time ÷ one regex pass |",
            "|---|---:|---:|",
            f'| one `re.compile(r"[\\u3400-\\u9fff]\\|\\w+").findall` pass | {f["regex_mb_s"]} | 1× |',
            f"| extraction alone (`extract`) | {f['extraction_mb_s']} | {f['extraction_ratio']}× |",
            f"| whole build (extract + graph + Turtle) | {f['build_mb_s']} | {f['build_ratio']}× |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    figures = measure(args.runs, args.megabytes)
    print(json.dumps(figures))
    print(markdown(figures))


if __name__ == "__main__":
    main()
