"""Indicator coverage of the main-targets paragraphs (主要预期目标) of the Chinese work reports.

Usage: python bench/indicator_coverage.py [CORPUS] [--figures] [--top 40] [--missing 30]

The denominator is every number with a unit in the paragraph that states a report's main targets
(from 主要预期目标 to the end of its line), counted on the text, not by the extractor. A number is
covered when ``policykg.indicators.notes.annotate`` gives it a ``pk:measures`` from the words around it.
``--figures`` also builds each report and counts the extractor's figures in those paragraphs that
carry ``pk:measures`` (once Chinese extraction gives figures). Prints the indicators used most and
the words before the numbers left uncovered (what to add to ``ontology/indicators.ttl``).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policykg.indicators.notes import annotate  # noqa: E402
from policykg.indicators.scheme import load_scheme  # noqa: E402
from policykg.model import Document, Figure, Span  # noqa: E402
from policykg.text import read_document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus-zh"
SCOPE = "主要预期目标"
UNITS = (
    "个百分点|百分点|%|％|‰|万亿元|亿元|万元|元|亿美元|万美元|美元|亿斤|万斤|斤|万吨|吨|万亩|亩|万千瓦|千瓦|万标箱|"
    "万人次|人次|万人|人|万户|户|万个|个|家|项|天|公里|平方米|万平方米|套|座|所|辆|万辆|倍|微克/立方米|小时"
)
TARGET_NUMBER = re.compile(
    rf"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:[-—~～至到][0-9.]+)?\s*(?:万|亿)?(?:{UNITS})"
)
PERCENT = "http://qudt.org/vocab/unit/PERCENT"


def paragraphs(root: Path):
    """(path, document, begin, end) of each report's main-targets paragraph."""
    for path in sorted(root.rglob("*.md")):
        if path.name.upper().startswith(("README", "SOURCES")):
            continue
        doc = read_document(str(path), slug=f"{path.parent.name}-{path.stem}")
        at = doc.text.find(SCOPE)
        if at < 0:
            continue
        end = doc.text.find("\n", at)
        yield path, doc, at, end if end > 0 else len(doc.text)


def pseudo_figure(doc: Document, match: re.Match[str], begin: int, end: int) -> Figure:
    """A figure for a number found on the text (what an extractor would hand to ``annotate``)."""
    span = Span(match.start(), match.end(), match.group())
    unit = PERCENT if match.group().endswith(("%", "％")) else "urn:unit"
    return Figure(f"figure/{doc.slug}/{match.start()}", "Target", 0, unit, span, Span(begin, end, ""))


def text_coverage(root: Path, top: int, missing: int) -> tuple[int, int, int]:
    scheme = load_scheme()
    used: collections.Counter[str] = collections.Counter()
    left: collections.Counter[str] = collections.Counter()
    total = covered = reports = 0
    for _, doc, begin, end in paragraphs(root):
        reports += 1
        for match in TARGET_NUMBER.finditer(doc.text, begin, end):
            total += 1
            notes = annotate(doc, pseudo_figure(doc, match, begin, end), scheme=scheme)
            if notes.measures:
                covered += 1
                used[notes.measures] += 1
            else:
                clause = re.split(
                    r"[，,；;。：:、]", doc.text[max(begin, match.start() - 16) : match.start()]
                )[-1]
                left[clause] += 1
    print(
        f"main-targets paragraphs: {reports}; numbers with a unit: {total}; with pk:measures: {covered} "
        f"({covered / max(total, 1):.1%}); indicators used: {len(used)} of {len(scheme.indicators)}"
    )
    print(f"\nmost used indicators (top {top}):")
    for key, count in used.most_common(top):
        print(f"  {count:5d}  {key}")
    print(f"\nwords before uncovered numbers (top {missing}):")
    for words, count in left.most_common(missing):
        print(f"  {count:5d}  {words}")
    return reports, total, covered


def figure_coverage(root: Path) -> None:
    """Share of extracted figures in the paragraphs that carry pk:measures (needs Chinese extraction)."""
    from policykg.extract import extract
    from policykg.lexicon import load_lexicon

    lexicon = load_lexicon()
    total = covered = 0
    for _, doc, begin, end in paragraphs(root):
        for figure in extract(doc, lexicon).figures:
            if begin <= figure.span.begin < end:
                total += 1
                covered += annotate(doc, figure, lexicon).measures is not None
    print(
        f"\nextracted figures in main-targets paragraphs: {total}; with pk:measures: {covered} "
        f"({covered / max(total, 1):.1%})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(CORPUS))
    parser.add_argument("--figures", action="store_true", help="also count the extractor's figures")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--missing", type=int, default=30)
    args = parser.parse_args(argv)
    text_coverage(Path(args.corpus), args.top, args.missing)
    if args.figures:
        figure_coverage(Path(args.corpus))


if __name__ == "__main__":
    main()
