"""Load test of ``policykg serve`` (issue 8): 50 concurrent clients for 30 s on a 1,000-document store.

Builds a store from generated texts (kept between runs), starts ``policykg serve --store`` cold in a
subprocess, then 50 client threads send a mix of lookups, counts, ASK, small SELECTs and CONSTRUCTs
(different texts, so the per-text check cache does not hide the parsing) and one runaway query every
few seconds.  Prints latency percentiles, errors and the RSS of the server and its workers.

    .venv/bin/python bench/load.py [--documents 1000] [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate  # noqa: E402

PK = "https://w3id.org/policykg/ontology#"
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ {' '.join(str(n) for n in range(200))} }}" for v in "abcd")
    + " }"
)


def build(work: Path, documents: int) -> Path:
    store = work / f"store-{documents}"
    if not store.exists():
        corpus = generate(work / f"corpus-{documents}", documents)
        command = [
            sys.executable,
            "-m",
            "policykg",
            "build",
            str(corpus),
            "--store",
            str(store),
            "--jobs",
            "2",
        ]
        subprocess.run(command, check=True)
    return store


def fetch(url: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


def mix(documents: list[str], cities: list[str]) -> list[str]:
    """The query texts the clients cycle through."""
    texts = []
    for index, document in enumerate(documents):
        city = cities[index % len(cities)]
        texts += [
            f"SELECT ?p ?o WHERE {{ <{document}> ?p ?o }}",
            f"SELECT ?l WHERE {{ <{city}> rdfs:label ?l }}",
            f"ASK {{ <{city}> a pk:City }}",
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{document}> {{ ?s ?p ?o }} }}",
            f"CONSTRUCT {{ <{document}> ?p ?o }} WHERE {{ <{document}> ?p ?o }}",
            f"SELECT ?t ?v WHERE {{ ?t a pk:Target ; pk:value ?v }} LIMIT {10 + index % 40}",
        ]
    return texts


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB (Linux /proc)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def start_server(store: Path, timeout: float) -> tuple[subprocess.Popen, str, float]:
    started = time.monotonic()
    command = [sys.executable, "-m", "policykg", "serve", "--store", str(store), "--port", "0"]
    command += ["--timeout", str(timeout)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()  # drain the access log
    return server, line.split()[3], time.monotonic() - started


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--documents", type=int, default=1000)
    options.add_argument("--clients", type=int, default=50)
    options.add_argument("--seconds", type=float, default=30.0)
    options.add_argument("--timeout", type=float, default=10.0)
    options.add_argument("--work", default=os.environ.get("TMPDIR", "/tmp") + "/policykg-load")
    args = options.parse_args()
    store = build(Path(args.work), args.documents)
    server, endpoint, startup = start_server(store, args.timeout)
    try:
        report = run(endpoint, server.pid, args)
    finally:
        server.terminate()
        server.wait(30)
    report["startup_s"] = round(startup, 2)
    print(json.dumps(report, indent=2))


def pick(endpoint: str, query: str) -> list[str]:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    status, body = fetch(url, timeout=300)
    if status != 200:
        raise SystemExit(f"setup query failed: {status} {body[:200]!r}")
    return [row[next(iter(row))]["value"] for row in json.loads(body)["results"]["bindings"]]


def run(endpoint: str, pid: int, args: argparse.Namespace) -> dict:
    documents = pick(endpoint, "SELECT ?d WHERE { ?d a pk:Document } ORDER BY ?d LIMIT 200")
    cities = pick(endpoint, "SELECT DISTINCT ?c WHERE { ?c a pk:City } ORDER BY ?c LIMIT 50")
    texts = mix(documents, cities)
    latencies: list[float] = []
    errors: list[str] = []
    runaways: list[tuple[int, float]] = []
    rss: list[float] = []
    stop = time.monotonic() + args.seconds

    def client(index: int) -> None:
        position = index * 7
        while time.monotonic() < stop:
            text = texts[position % len(texts)]
            position += 1
            started = time.monotonic()
            status, body = fetch(endpoint + "?" + urllib.parse.urlencode({"query": text}))
            latencies.append(time.monotonic() - started)
            if status != 200:
                errors.append(f"{status} {body[:120]!r}")

    def runaway() -> None:
        while time.monotonic() < stop - args.timeout - 2:
            started = time.monotonic()
            status, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": RUNAWAY}))
            runaways.append((status, time.monotonic() - started))
            time.sleep(2)

    def sample() -> None:
        while time.monotonic() < stop:
            rss.append(rss_mb(pid))
            time.sleep(1)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    threads += [threading.Thread(target=runaway), threading.Thread(target=sample)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)
    return {
        "documents": args.documents,
        "clients": args.clients,
        "seconds": args.seconds,
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": errors[:5],
        "per_second": round(len(latencies) / args.seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "runaway_answers": [f"{status} after {seconds:.2f} s" for status, seconds in runaways],
        "rss_mb_first_last_max": [round(rss[0]), round(rss[-1]), round(max(rss))] if rss else [],
    }


if __name__ == "__main__":
    main()
