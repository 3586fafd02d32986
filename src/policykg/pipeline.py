"""Chain the stages: read_document → extract → build_graph; and load DATA (RDF files or texts).

The one place where stages meet.
May import: every module below the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from rdflib import Dataset, Graph

from policykg.errors import InputError
from policykg.extract import extract
from policykg.graph import Graphs, collect, new_graph
from policykg.lexicon import load_lexicon
from policykg.model import Extraction
from policykg.text import STDIN, expand_inputs, read_document

RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}


def extract_all(
    inputs: Sequence[str], encoding: str = "utf-8", language: str | None = None
) -> Iterator[Extraction]:
    """Read and extract every input text, in input order (folders sorted); ``language`` overrides detection."""
    lexicon = load_lexicon()
    for source, slug in expand_inputs(inputs):
        yield extract(read_document(source, slug=slug, encoding=encoding, language=language), lexicon)


def build(inputs: Sequence[str], encoding: str = "utf-8", language: str | None = None) -> Graph:
    """Build one knowledge graph from text files, folders of *.txt/*.md files or "-" (stdin), in rdflib."""
    return build_graphs(inputs, encoding, language).to_rdflib()


def build_graphs(inputs: Sequence[str], encoding: str = "utf-8", language: str | None = None) -> Graphs:
    """Build the named graphs (one per document) of texts, folders or "-": the fast road."""
    return collect(extract_all(inputs, encoding, language))


def load_graphs(inputs: Sequence[str], encoding: str = "utf-8", language: str | None = None) -> Graphs:
    """DATA as named graphs: each text in its document's graph, RDF files in the default graph."""
    if not inputs:
        raise InputError("no data given: name RDF files (.ttl .nt .jsonld .rdf .trig .nq) or text files")
    texts = [item for item in inputs if not _is_rdf(item)]
    graphs = build_graphs(texts, encoding, language) if texts else Graphs()
    files = [item for item in inputs if _is_rdf(item)]
    if files:
        from policykg.export import as_graphs

        for name, triples in as_graphs(load(files, encoding)).named.items():
            graphs.graph(name).update(triples)
    return graphs


def _is_rdf(item: str) -> bool:
    return item != STDIN and Path(item).suffix.lower() in RDF_FORMATS and not Path(item).is_dir()


def load(inputs: Sequence[str], encoding: str = "utf-8") -> Graph:
    """One graph from DATA: RDF files (by extension) are parsed, text files and folders are built."""
    if not inputs:
        raise InputError("no data given: name RDF files (.ttl .nt .jsonld .rdf .trig .nq) or text files")
    graph = new_graph()
    texts: list[str] = []
    for item in inputs:
        if _is_rdf(item):
            _parse_rdf(graph, Path(item))
        else:
            texts.append(item)
    if texts:
        for triple in build_graphs(texts, encoding).union():
            graph.add(triple)
    return graph


def _parse_rdf(graph: Graph, path: Path) -> None:
    fmt = RDF_FORMATS[path.suffix.lower()]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"cannot read '{path}': no such file") from None
    except OSError as err:
        raise InputError(f"cannot read '{path}': {err.strerror or err}") from None
    if fmt == "json-ld":
        _refuse_remote_context(data, path)
    try:
        if fmt in ("trig", "nquads"):
            dataset = Dataset()
            dataset.parse(data=data, format=fmt)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=data, format=fmt)
    except Exception as err:  # rdflib raises many unrelated types for bad syntax
        message = " ".join(str(err).split())[:300]
        raise InputError(f"cannot parse '{path}' as {fmt}: {message}") from None


def _refuse_remote_context(data: bytes, path: Path) -> None:
    """JSON-LD with a remote @context would make the parser fetch it: refuse instead."""
    try:
        document = json.loads(data)
    except ValueError as err:
        raise InputError(f"cannot parse '{path}' as json-ld: {err}") from None

    def remote(node: object) -> bool:
        if isinstance(node, dict):
            context = node.get("@context")
            if isinstance(context, str) or (
                isinstance(context, list) and any(isinstance(c, str) for c in context)
            ):
                return True
            return any(remote(v) for v in node.values())
        if isinstance(node, list):
            return any(remote(v) for v in node)
        return False

    if remote(document):
        raise InputError(
            f"'{path}' refers to a remote JSON-LD @context, which policykg never fetches: inline the context"
        )
