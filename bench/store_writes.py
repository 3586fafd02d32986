"""Ways of writing a corpus build's N-Triples into Oxigraph, side by side (issue 10).

The texts are extracted once (``--jobs`` workers, as ``policykg build`` does) and the N-Triples
cached in one file; then each way of writing runs in its own process on the same bytes, so only
the parent's side of a build is measured: CPU time of the process (every thread: RocksDB's
compactions run in background threads), wall time, peak RSS and the size of the store on disk.

    .venv/bin/python bench/store_writes.py [--corpus ../shared/corpus-zh] [--ways current,named_only]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from policykg.store.oxigraph import JOURNAL, OxigraphStore

BATCH = 32 << 20  # policykg.corpus.BATCH_BYTES
NQ = ox.RdfFormat.N_QUADS


def cache(corpus: Path, target: Path, jobs: int) -> None:
    """Extract every text of ``corpus`` once; write (name, hash line, N-Triples) records to ``target``."""
    from policykg.corpus import extract_tasks, plan
    from policykg.store import hash_line

    with target.open("wb") as out:
        for built in extract_tasks(plan([str(corpus)]), jobs, "utf-8"):
            if built.error is None:
                line = hash_line(built.task.name, built.task.digest)
                out.write(f"{built.task.name}\t{line}\t{len(built.ntriples)}\n".encode())
                out.write(built.ntriples)


def records(path: Path) -> Iterator[tuple[str, bytes, str]]:
    with path.open("rb") as source:
        while head := source.readline():
            name, line, size = head.decode().rstrip("\n").split("\t")
            yield name, source.read(int(size)), line


def batches(path: Path, size: int) -> Iterator[list[tuple[str, bytes, str]]]:
    batch, total = [], 0
    for record in records(path):
        batch.append(record)
        total += len(record[1])
        if total >= size:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def named(documents) -> bytes:  # noqa: ANN001
    return b"".join(data.replace(b" .\n", f" <{name}> .\n".encode()) for name, data, _ in documents)


def hashes(db: ox.Store, documents) -> None:  # noqa: ANN001
    lines = "\n".join(f"GRAPH <{name}> {{ {line} }}\n{line}" for name, _, line in documents)
    db.update(f"INSERT DATA {{\n{lines}\n}} ;\nDROP SILENT GRAPH <{JOURNAL}>")


class Feed:
    """A file-like object reading the N-Quads (named graph, then default graph) of documents one by one."""

    def __init__(self, documents) -> None:  # noqa: ANN001
        self.documents, self.buffer, self.at = iter(documents), b"", 0

    def read(self, size: int = -1) -> bytes:
        while self.at >= len(self.buffer):
            name, data, _ = next(self.documents, (None, b"", None))
            if name is None:
                return b""
            self.buffer, self.at = data.replace(b" .\n", f" <{name}> .\n".encode()) + data, 0
        end = len(self.buffer) if size is None or size < 0 else self.at + size
        chunk = self.buffer[self.at : end]
        self.at += len(chunk)
        return chunk


def run(way: str, path: Path, location: Path) -> dict:
    """Write the cached records into a fresh store at ``location`` the way ``way`` says."""
    shutil.rmtree(location, ignore_errors=True)
    store = OxigraphStore(str(location))
    db = store.db
    started, cpu = time.monotonic(), time.process_time()
    if way == "current":  # policykg's own write path
        for batch in batches(path, BATCH):
            store.write_documents(batch)
    elif way == "named_only":  # no copy into the default graph: the lower bound of dropping it
        for batch in batches(path, BATCH):
            db.bulk_load(named(batch), format=NQ, lenient=True)
            hashes(db, batch)
    elif way == "one_payload":  # named graphs and the default-graph copy in one N-Quads load
        for batch in batches(path, BATCH):
            db.bulk_load(named(batch) + b"".join(data for _, data, _ in batch), format=NQ, lenient=True)
            hashes(db, batch)
    elif way == "streamed":  # one bulk load per 256 MB, read from a file-like object
        for batch in batches(path, 256 << 20):
            db.bulk_load(Feed(batch), format=NQ, lenient=True)
            hashes(db, batch)
    elif way == "transactional":  # Store.load: one transaction per batch (no journal needed)
        for batch in batches(path, BATCH):
            db.load(named(batch) + b"".join(data for _, data, _ in batch), format=NQ)
            hashes(db, batch)
    else:
        raise SystemExit(f"unknown way {way!r}")
    store.close()
    return {
        "way": way,
        "cpu_s": round(time.process_time() - cpu, 1),
        "wall_s": round(time.monotonic() - started, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "disk_mb": round(sum(e.stat().st_size for e in os.scandir(location)) / 1e6),
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus-zh")
    )
    options.add_argument("--ways", default="current,named_only,one_payload,streamed,transactional")
    options.add_argument("--jobs", type=int, default=2)
    options.add_argument("--work", default=os.environ.get("TMPDIR", "/tmp") + "/policykg-store-writes")
    options.add_argument("--run", help=argparse.SUPPRESS)
    args = options.parse_args()
    work = Path(args.work)
    records_path = work / "records"
    if args.run:
        print(json.dumps(run(args.run, records_path, work / f"store-{args.run}")))
        return
    work.mkdir(parents=True, exist_ok=True)
    if not records_path.exists():
        cache(Path(args.corpus), records_path, args.jobs)
    for way in args.ways.split(","):
        command = [sys.executable, __file__, "--work", str(work), "--run", way]
        print(subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip(), flush=True)
        shutil.rmtree(work / f"store-{way}", ignore_errors=True)


if __name__ == "__main__":
    main()
