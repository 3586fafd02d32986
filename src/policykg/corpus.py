"""Corpus builds into a store: one named graph per document, incremental and parallel.

Each document's graph is named by its document IRI and records the SHA-256 of its text
(``pk:contentHash``).  A rebuild skips unchanged documents, replaces changed ones, and with
``prune`` removes the graphs of documents no longer in the folder, so the store equals a fresh
build.  Extraction runs in worker processes (``jobs``), which send each graph as UTF-8 N-Triples
(bytes: nothing to re-encode in the parent); the parent writes them into the store in batches
(``Store.write_documents``: Oxigraph's bulk loader behind a journal), so an interrupted build
leaves every document whole or absent.
May import: every module below the CLI (it chains read_document → extract → build_graph).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from policykg.errors import PolicyKGError
from policykg.fingerprints import Fingerprints
from policykg.model import ID_IRI
from policykg.promises import Tolerance, check_inputs, update_store_checks
from policykg.store import Store, hash_line, open_store, open_target
from policykg.text import STDIN, expand_inputs

CHUNK = 8  # documents per task sent to a worker: amortises pickling without starving a core
BATCH_BYTES = 32 << 20  # N-Triples written into the store at once: few, large bulk loads
BATCH_DOCUMENTS = 1000  # ... at most this many documents,
BATCH_SECONDS = 30.0  # ... collected for at most this long, so progress keeps moving
DOCUMENT_IRI = ID_IRI + "document/"  # + slug: policykg.iris.document_iri, without a URIRef per text


@dataclass(frozen=True, slots=True)
class Task:
    """One document to (re)build: where it is, its slug, graph IRI and content hash."""

    source: str
    slug: str
    name: str
    digest: str


@dataclass(frozen=True, slots=True)
class Built:
    """A built document graph as UTF-8 N-Triples (its content hash not included), or the error that stopped it.

    ``figures`` are the rows its promise checks read (``promises.figure_rows``): a fresh store's
    checks take them from the workers instead of reading every figure back from the store.
    """

    task: Task
    ntriples: bytes = b""
    figures: tuple = ()
    error: str | None = None
    warning: str | None = None


@dataclass(slots=True)
class CorpusReport:
    """What a corpus build did, by document graph IRI."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    warnings: list[str] = field(default_factory=list)  # e.g. a text in a language policykg cannot read
    checks: int = 0  # promise checks recomputed (of the subjects the changed documents touch)

    def summary(self) -> str:
        """One line for the terminal.

        >>> CorpusReport(added=["a"], unchanged=["b", "c"]).summary()
        '1 added, 0 replaced, 2 unchanged, 0 removed, 0 failed'
        """
        counts = (self.added, self.replaced, self.unchanged, self.removed, self.failed)
        words = ("added", "replaced", "unchanged", "removed", "failed")
        return ", ".join(f"{len(c)} {w}" for c, w in zip(counts, words, strict=True))


def plan(inputs: Sequence[str], fingerprints: Fingerprints | None = None) -> list[Task]:
    """One Task per text in ``inputs`` (files or folders; stdin cannot be part of a corpus).

    ``fingerprints`` gives the content hashes of texts unchanged since the last build without
    reading them (see ``policykg.fingerprints``).
    """
    known = fingerprints if fingerprints is not None else Fingerprints()
    tasks = []
    for source, slug in expand_inputs(inputs):
        if source == STDIN:
            raise PolicyKGError("a corpus build reads files, not stdin: name a folder or text files")
        tasks.append(Task(source, slug, f"{DOCUMENT_IRI}{slug}", known.digest(source)))
    return tasks


def build_corpus(
    inputs: Sequence[str],
    store: Store,
    *,
    jobs: int = 1,
    prune: bool = False,
    force: bool = False,
    encoding: str = "utf-8",
    progress: TextIO | None = None,
    language: str | None = None,
    tolerance: Tolerance | None = None,
) -> CorpusReport:
    """Bring ``store`` up to date with the texts in ``inputs``; see the module docstring.

    Then the promise checks of the subjects whose documents changed are recomputed.
    """
    fingerprints = Fingerprints(getattr(store, "location", None), trust=not force)
    tasks = plan(inputs, fingerprints)
    fingerprints.save()
    existing = store.hashes()
    report = CorpusReport()
    todo = []
    for task in tasks:
        if not force and existing.get(task.name) == task.digest:
            report.unchanged.append(task.name)
        else:
            todo.append(task)
    gone = sorted(set(existing) - {task.name for task in tasks}) if prune else []
    before = check_inputs(
        store, [task.name for task in todo if task.name in existing] + gone, keys_only=force
    )
    ticker = _ticker(progress if progress is not None else _terminal(), len(todo))
    rows: list[tuple] | None = None if existing or _holds_data(store) else []  # a fresh store: see Built
    for batch in _batches(extract_tasks(todo, jobs, encoding, language)):
        _commit(store, batch, existing, report, ticker)
        if rows is not None:
            rows += (row for built in batch if built.error is None for row in built.figures)
    for name in gone:
        store.remove(name)
        report.removed.append(name)
    built = report.added + report.replaced
    if built or gone:
        report.checks = update_store_checks(store, before, built, tolerance, every=force, rows=rows)
    return report


def _holds_data(store: Store) -> bool:
    """Whether ``store`` has any triple (documents, checks or data another tool wrote)."""
    return store.query("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }").boolean


def _batches(built: Iterator[Built]) -> Iterator[list[Built]]:
    """Built documents grouped for one store write each (see BATCH_BYTES and its neighbours)."""
    batch: list[Built] = []
    size, started = 0, 0.0
    for one in built:
        if not batch:
            started = time.monotonic()
        batch.append(one)
        size += len(one.ntriples)
        if (
            size >= BATCH_BYTES
            or len(batch) >= BATCH_DOCUMENTS
            or time.monotonic() - started >= BATCH_SECONDS
        ):
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _commit(
    store: Store,
    batch: Sequence[Built],
    existing: dict[str, str],
    report: CorpusReport,
    tick: Callable[[], None],
) -> None:
    """Write a batch of built documents into the store and note them in ``report``."""
    done = [built for built in batch if built.error is None]
    store.write_documents([(b.task.name, b.ntriples, hash_line(b.task.name, b.task.digest)) for b in done])
    for built in batch:
        name = built.task.name
        if built.error is not None:
            report.failed.append((built.task.source, built.error))
        else:
            (report.replaced if name in existing else report.added).append(name)
        if built.warning is not None:
            report.warnings.append(built.warning)
        tick()


def extract_tasks(
    tasks: Sequence[Task], jobs: int, encoding: str, language: str | None = None
) -> Iterator[Built]:
    """Build every task's graph, in input order, in ``jobs`` worker processes (1 = in this process).

    At most ``4 * jobs`` chunks are in flight: enough to keep the workers busy while the parent
    writes a batch, few enough that finished graphs never pile up in memory.
    """
    if jobs <= 1 or len(tasks) <= 1:
        yield from (build_one(task, encoding, language) for task in tasks)
        return
    from concurrent.futures import ProcessPoolExecutor  # here: a one-document rebuild never imports it

    batches = [tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)]
    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    try:
        pending: deque = deque()
        for batch in batches:
            pending.append(executor.submit(build_batch, batch, encoding, language))
            if len(pending) >= 4 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops between two whole documents."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def build_batch(tasks: Sequence[Task], encoding: str, language: str | None = None) -> list[Built]:
    """``build_one`` for each task of a batch (one round trip to a worker process)."""
    return [build_one(task, encoding, language) for task in tasks]


def build_one(task: Task, encoding: str = "utf-8", language: str | None = None) -> Built:
    """Read, extract and build one document's graph as N-Triples (runs in a worker process)."""
    from policykg.extract import extract
    from policykg.graph import collect
    from policykg.lexicon import load_lexicon
    from policykg.pipeline import sparse_warning
    from policykg.promises import figure_rows
    from policykg.text import read_document

    try:
        document = read_document(task.source, slug=task.slug, encoding=encoding, language=language)
        extraction = extract(document, load_lexicon())
        triples = collect([extraction]).union()
    except PolicyKGError as exc:
        return Built(task, error=str(exc))
    lines = triples.sorted_lines()
    lines.append("")  # a newline after the last line
    ntriples = "\n".join(lines).encode("utf-8")
    return Built(task, ntriples, tuple(figure_rows(triples.nt)), warning=sparse_warning(extraction))


def usable_jobs(jobs: int) -> tuple[int, str | None]:
    """``jobs`` capped at the CPU cores this process may use, with a note when it was capped.

    >>> usable_jobs(1)
    (1, None)
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if jobs <= cores:
        return jobs, None
    return cores, f"Note: --jobs {jobs} is more than the {cores} CPU cores here: using {cores} processes"


def _terminal() -> TextIO | None:
    """stderr when it is a terminal (progress is shown), else None (quiet)."""
    return sys.stderr if sys.stderr.isatty() else None


def _ticker(stream: TextIO | None, total: int) -> Callable[[], None]:
    """A function that advances a one-line progress bar on ``stream`` (a no-op without one)."""
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if stream is None:
            return
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents")
        if done == total:
            stream.write("\n")
        stream.flush()

    return tick


def open_data(
    data: Sequence[str] = (),
    store: str | None = None,
    endpoint: str | None = None,
    encoding: str = "utf-8",
    engine: str = "oxigraph",
    language: str | None = None,
    input_format: str = "auto",
    location: str | None = None,
) -> Store:
    """The Store a reading command works on: ``--store PATH`` (read-only), ``--endpoint URL``, or DATA.

    DATA (RDF files, texts, folders) is loaded into a fresh store of ``engine`` (Oxigraph by
    default: it answers SPARQL 10-60x faster than rdflib), in memory or at ``location`` (``serve``'s
    workers read it from there): each text in its document's named graph, RDF files in the default
    graph, which also holds the union of the documents.
    """
    if data and (store or endpoint):
        raise PolicyKGError("give DATA files or --store/--endpoint, not both")
    if store or endpoint:
        return open_target(store, endpoint, read_only=True)
    if not data:
        raise PolicyKGError("missing DATA: give RDF or text files, or --store PATH / --endpoint URL")
    target = open_store(engine, location)
    if hasattr(target, "load_quads") and _load_rdf_files(target, data, input_format):
        return target
    from policykg.pipeline import load_graphs

    target.load(load_graphs(list(data), encoding=encoding, language=language, input_format=input_format))
    return target


def _load_rdf_files(target: Store, data: Sequence[str], input_format: str) -> bool:
    """Load DATA that are RDF files only, without blank nodes, straight into ``target``; False otherwise.

    The extraction is not even imported (``policykg query graph.ttl`` starts faster); blank nodes
    take the other road, which labels them canonically so results do not vary between runs.
    """
    from policykg.rdf_input import rdf_format, read_rdf_quads

    formats = [rdf_format(item, input_format) for item in data]
    if None in formats:
        return False
    quads = [quad for item, fmt in zip(data, formats, strict=True) for quad in read_rdf_quads(item, fmt)]
    plain = ("NamedNode", "Literal")
    if any(type(q.subject).__name__ != "NamedNode" or type(q.object).__name__ not in plain for q in quads):
        return False  # a blank node: the other road labels it canonically
    target.load_quads(quads)
    return True


def load_graphs(
    data: Sequence[str] = (),
    store: str | None = None,
    endpoint: str | None = None,
    encoding: str = "utf-8",
    language: str | None = None,
    input_format: str = "auto",
):  # noqa: ANN201 - policykg.graph.Graphs
    """The named graphs of DATA, or of everything in ``--store PATH`` / ``--endpoint URL`` (streamed)."""
    if not (store or endpoint):
        from policykg.pipeline import load_graphs as load

        return load(list(data), encoding=encoding, language=language, input_format=input_format)
    target = open_data(data, store, endpoint)
    try:
        if hasattr(target, "graphs"):
            return target.graphs()
        from policykg.export import as_graphs

        return as_graphs(target.to_graph())
    finally:
        target.close()
