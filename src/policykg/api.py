"""The Python API for notebooks: ``build``, ``figures`` and ``track`` (re-exported by ``policykg``).

Records are plain dicts, one per figure or check, so ``pandas.DataFrame(policykg.figures(g))``
works when pandas is installed (the ``pandas`` extra) and nothing needs it otherwise.
May import: every module below the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

from rdflib import Graph

from policykg.query import run_query

FIGURES_QUERY = """
SELECT ?figure ?kind ?subject ?about ?document ?year ?indicator ?measures ?aspect ?value ?unit
       ?comparator ?direction ?anchor ?begin ?end
WHERE {
  VALUES ?kindNode { pk:Target pk:Result pk:Figure }
  ?figure a ?kindNode ; pk:value ?value ; pk:unit ?unit ; pk:evidence ?ev .
  FILTER (?kindNode != pk:Figure || NOT EXISTS { ?figure a pk:Target } && NOT EXISTS { ?figure a pk:Result })
  BIND (STRAFTER(STR(?kindNode), "#") AS ?kind)
  ?ev nif:referenceContext ?document ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?anchor .
  OPTIONAL { ?subjectNode pk:hasTarget|pk:hasResult ?figure . ?subjectNode rdfs:label ?subject . }
  OPTIONAL { ?figure pk:about/rdfs:label ?about . }
  OPTIONAL { ?figure pk:year ?year . }
  OPTIONAL { ?figure pk:indicator ?indicator . }
  OPTIONAL { ?figure pk:measures ?measuresNode . BIND (STRAFTER(STR(?measuresNode), "/indicator/") AS ?measures) }
  OPTIONAL { ?figure pk:aspect ?aspectNode . BIND (STRAFTER(STR(?aspectNode), "#") AS ?aspect) }
  OPTIONAL { ?figure pk:comparator ?comparator . }
  OPTIONAL { ?figure pk:direction ?direction . }
}
ORDER BY ?document ?begin ?figure
"""


def build(items: str | Iterable[str], tolerance=None) -> Graph:
    """One graph (with its promise checks) from paths of texts or folders, or from texts themselves.

    >>> g = build(["In 2023, GDP grew by 5%.", "GDP will grow by about 6% in 2024."])
    >>> len(figures(g))
    2
    """
    from policykg.extract import extract
    from policykg.graph import build_graph
    from policykg.lexicon import load_lexicon
    from policykg.model import Document
    from policykg.pipeline import extract_all
    from policykg.promises import add_promise_checks

    items = [items] if isinstance(items, str) else list(items)
    paths = [item for item in items if _is_path(item)]
    texts = [item for item in items if not _is_path(item)]
    lexicon = load_lexicon()
    extractions = list(extract_all(paths)) if paths else []
    for number, text in enumerate(texts, start=1):
        extractions.append(extract(Document(text, f"text-{number}", f"text-{number}"), lexicon))
    graph = build_graph(extractions)
    if len(extractions) > 1:
        add_promise_checks(graph, tolerance)
    return graph


def _is_path(item: str) -> bool:
    return "\n" not in item and len(item) < 4096 and Path(item).exists()


def _plain(name: str, term):
    """A cell as plain Python: numbers as int/float, everything else as its string."""
    if term is None:
        return None
    if name == "year":
        return int(str(term)[:4])
    python = term.toPython() if hasattr(term, "toPython") else term
    if isinstance(python, Decimal):
        return float(python)
    return python if isinstance(python, int | float | str) else str(term)


def figures(graph: Graph) -> list[dict]:
    """One record per figure: kind, subject, about, document, year, indicator words, measures, aspect, value, unit ..."""
    result = run_query(graph, FIGURES_QUERY)
    records = []
    seen = set()
    for row in result.rows:
        record = {name: _plain(name, term) for name, term in zip(result.variables, row, strict=True)}
        key = record["figure"]
        if key in seen:
            continue
        seen.add(key)
        records.append(record)
    return records


def track(
    graph: Graph, about: str | None = None, year: int | None = None, indicator: str | None = None
) -> list[dict]:
    """One record per promise check (the rows of ``policykg track``)."""
    from policykg.tracker import promise_rows

    return [asdict(row) for row in promise_rows(graph, about=about, year=year, indicator=indicator)]


__all__ = ["build", "figures", "track"]
