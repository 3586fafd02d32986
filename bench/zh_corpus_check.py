"""Check every report of the Chinese corpus: each one built alone (as ``policykg build REPORT``) must
have only valid evidence spans (``text[begin:end] == anchorOf``, offsets inside the text, the span's
document the report's) and conform to the SHACL shapes of ``ontology/shapes.ttl``.

usage (from the project's root):
    .venv/bin/python bench/zh_corpus_check.py [--jobs N] [--limit N] [--every N] [FOLDER]

FOLDER defaults to ../shared/corpus-zh. Prints one line per failing report and a summary; exit 1 when
any report fails. ``--every N`` checks every N-th report only (a quick sample).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus-zh"


def check_report(item: tuple[str, str]) -> tuple[str, int, list[str], list[str]]:
    """Build one report; return (source, spans checked, span errors, SHACL violation lines)."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from policykg.namespaces import NIF
    from policykg.pipeline import build
    from policykg.text import read_document
    from policykg.validate import validate

    source, slug = item
    text = read_document(source, slug=slug).text
    graph = build([source])
    document = URIRef("https://w3id.org/policykg/id/document/" + slug)
    bad: list[str] = []
    spans = set(graph.subjects(NIF.anchorOf, None)) | set(graph.subjects(RDF.type, NIF.Phrase))
    for span in sorted(spans):
        begin, end = graph.value(span, NIF.beginIndex), graph.value(span, NIF.endIndex)
        anchor, context = graph.value(span, NIF.anchorOf), graph.value(span, NIF.referenceContext)
        if begin is None or end is None or anchor is None:
            bad.append(f"{span}: no begin, end or anchorOf")
        elif not 0 <= int(begin) <= int(end) <= len(text) or text[int(begin) : int(end)] != str(anchor):
            bad.append(f"{span}: text[{begin}:{end}] != {str(anchor)[:30]!r}")
        elif context != document:
            bad.append(f"{span}: referenceContext {context}")
    report = validate(graph)
    violations = [f"{v.focus} {v.path}: {v.message}" for v in report.violations if v.severity == "Violation"]
    if not report.conforms and not violations:
        violations = ["does not conform"]
    return source, len(spans), bad, violations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="check at most N reports")
    parser.add_argument("--every", type=int, default=1, help="check every N-th report only")
    args = parser.parse_args(argv)

    from policykg.text import expand_inputs

    items = expand_inputs([args.folder])[:: args.every]
    if args.limit:
        items = items[: args.limit]
    start = time.perf_counter()
    spans = failed_spans = failed_shapes = 0
    messages: Counter[str] = Counter()
    with multiprocessing.Pool(args.jobs) as pool:
        for done, (source, checked, bad, violations) in enumerate(
            pool.imap_unordered(check_report, items), 1
        ):
            if done % 50 == 0:
                print(f"... {done}/{len(items)} checked, {failed_spans + failed_shapes} failing", flush=True)
            spans += checked
            name = "/".join(Path(source).parts[-2:])
            if bad:
                failed_spans += 1
                print(f"{name}: {len(bad)} invalid spans, e.g. {bad[0]}", flush=True)
            if violations:
                failed_shapes += 1
                print(
                    f"{name}: does not conform: {len(violations)} violations, e.g. {violations[0]}",
                    flush=True,
                )
                messages.update(v.split(": ", 1)[-1] for v in violations)
    seconds = time.perf_counter() - start
    print(
        f"{len(items)} reports, {spans} evidence spans: {failed_spans} reports with invalid spans, "
        f"{failed_shapes} not conforming to the shapes ({seconds:.0f} s, --jobs {args.jobs})"
    )
    for message, count in messages.most_common(10):
        print(f"  {count:6d}  {message}")
    return 1 if failed_spans or failed_shapes else 0


if __name__ == "__main__":
    sys.exit(main())
