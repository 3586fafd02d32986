"""``make bench``: measure corpus builds, queries, start-up and views; write bench/results.md.

Usage: python bench/run.py [--sizes 1000,10000] [--runs 3] [--work DIR]

Measurements are kept in bench/results.json, so sizes can be run separately (``--sizes 1000``, then
``--sizes 10000``) and the report always shows everything measured so far.  Figures are medians of
``--runs`` runs (one run for builds of 10,000 documents, which take minutes); ratios compare two
engines measured in the same run of this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import extraction  # noqa: E402
from corpus_gen import generate  # noqa: E402
from measure import ROOT, cli, median_command, median_seconds, python, run_measured  # noqa: E402
from report import write_report  # noqa: E402

RESULTS = HERE / "results.json"
RESULTS_PARTIAL = Path("/tmp/policykg-bench-partial.json")  # builds of the size in progress
SEED = ROOT / "examples" / "changchun-2022-interview.txt"
BUILD = (
    "import json, sys; from policykg.corpus import build_corpus; from policykg.store import open_store; "
    "s = open_store(sys.argv[1], sys.argv[2] or None); "
    "r = build_corpus([sys.argv[3]], s, jobs=int(sys.argv[4])); s.close(); "
    "print(json.dumps({'built': len(r.added) + len(r.replaced), 'failed': len(r.failed)}))"
)
BASELINE = "34d69da"  # main before issue 10 (one road on Oxigraph): the "before" of the real-text table
RDFLIB_MAX_DOCS = 1000  # rdflib holds ~1.4 GB per million triples: larger corpora only on Oxigraph
RDFLIB_BUDGET_S = 30.0  # seconds one rdflib query may take before it is cut off (reported as such)


def machine() -> dict:
    """What ran the benchmark."""
    import pyoxigraph
    import rdflib

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1048576, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "rdflib": rdflib.__version__,
        "pyoxigraph": pyoxigraph.__version__,
    }


def baseline_tree(work: Path, baseline: str) -> Path:
    """The ``src`` and ``ontology`` of commit ``baseline``, extracted once under ``work``."""
    import subprocess

    before = work / f"baseline-{baseline}"
    if not (before / "src").exists():
        before.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", baseline, "src", "ontology"],
                                 check=True, capture_output=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
    return before


def real_texts(runs: int, work: Path, baseline: str = BASELINE) -> dict:
    """Real-text throughput of this code and of ``baseline`` (a commit), each in its own process."""
    import subprocess

    before = baseline_tree(work, baseline)
    figures: dict = {"before_commit": baseline}
    for label, src in (("before", before / "src"), ("after", ROOT / "src")):
        command = [sys.executable, str(HERE / "realtexts.py"), "--runs", str(runs), "--src", str(src)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        figures[label] = json.loads(out)
        print(f"  real texts ({label}): {figures[label]}", file=sys.stderr)
    return figures


def issue10(runs: int, work: Path, before_src: str | None = None, baseline: str = BASELINE) -> dict:
    """The reading lines of issue 10 (help, query, view), the code before and after side by side.

    "Before" is the policykg in ``before_src`` (e.g. a worktree of main before a change), else the
    ``baseline`` commit; each before run is followed by the matching after run, so both see the
    same machine load.
    """
    import subprocess

    before = Path(before_src) if before_src else work / f"baseline-{baseline}" / "src"
    commit = subprocess.run(["git", "-C", str(before), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or baseline  # fmt: skip
    envs = {
        "before": {**os.environ, "PYTHONPATH": str(before)},
        "after": {**os.environ, "PYTHONPATH": str(ROOT / "src")},
    }
    corpus = generate(work / "corpus-10", 10)
    ttl = work / "corpus-10.ttl"
    run_measured(cli("build", str(corpus), "-o", str(ttl)))
    commands = {"help_s": ["--help"], "query_10_docs_s": ["query", str(ttl), "-n", "targets"]}
    figures: dict = {"before_commit": commit, "before": {}, "after": {}}
    for key, args in commands.items():
        times: dict = {"before": [], "after": []}
        for _ in range(max(runs, 5)):
            for side, env in envs.items():
                times[side].append(_seconds([sys.executable, "-m", "policykg", *args], env))
        for side in envs:
            figures[side][key] = statistics.median(wall for wall, _ in times[side])
            figures[side][key.replace("_s", "_cpu_s")] = statistics.median(cpu for _, cpu in times[side])
    for side in envs:
        command = [
            sys.executable,
            str(HERE / "viewtime.py"),
            "--src",
            envs[side]["PYTHONPATH"],
            "--runs",
            str(runs),
        ]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        figures[side]["view_10000_from_store"] = json.loads(out)
    print(f"  issue 10: {figures}", file=sys.stderr)
    return figures


def _seconds(command: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``command``."""
    import resource
    import subprocess
    import time

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def zh_corpus_build(work: Path, jobs: int = 2) -> dict:
    """All reports of ../shared/corpus-zh into a fresh Oxigraph store: time, CPU, peak memory, contents.

    Peak memory is the largest sum of the RSS of the parent and its workers (``run_measured``);
    CPU is user + system seconds of the whole process tree (what the machine's load cannot inflate
    much); the load average is noted before and after.  Then ``stats --store`` and
    ``track --store`` are timed on the store.
    """
    corpus = ROOT.parent / "shared" / "corpus-zh"
    store = work / "store-zh"
    shutil.rmtree(store, ignore_errors=True)
    figures = _measured_build(cli("build", str(corpus), "--store", str(store), "--jobs", str(jobs)))
    del figures["stdout"]
    figures.update(_corpus_size(corpus), jobs=jobs, **_store_contents(store))
    for command in ("stats", "track"):
        seconds, _, out = run_measured(cli(command, "--store", str(store)))
        figures[f"{command}_s"], figures[f"{command}_lines"] = seconds, len(out.splitlines())
    print(f"  corpus-zh build: {figures}", file=sys.stderr)
    return figures


def zh_subset_builds(work: Path, baseline: str, every: int = 8, jobs: int = 2) -> dict:
    """Every ``every``-th report of corpus-zh built by ``baseline`` (a commit) and by this code, in turn."""

    corpus = ROOT.parent / "shared" / "corpus-zh"
    subset = work / f"corpus-zh-every-{every}"
    shutil.rmtree(subset, ignore_errors=True)
    for number, path in enumerate(sorted(corpus.rglob("*.md"))):
        if path.name != "SOURCES.md" and number % every == 0:
            target = subset / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    before = baseline_tree(work, baseline)
    figures: dict = {"baseline": baseline, **_corpus_size(subset)}
    for label, src in (("before", before / "src"), ("after", ROOT / "src")):
        store = work / f"store-zh-subset-{label}"
        shutil.rmtree(store, ignore_errors=True)
        command = cli("build", str(subset), "--store", str(store), "--jobs", str(jobs))
        figures[label] = {**_measured_build(command, {"PYTHONPATH": str(src)}), **_store_contents(store)}
        del figures[label]["stdout"]
        print(f"  corpus-zh subset ({label}): {figures[label]}", file=sys.stderr)
    return figures


def _measured_build(command: list[str], env: dict | None = None) -> dict:
    """Wall seconds, CPU seconds of the process tree, peak RSS and load averages of one build."""
    import resource

    load = os.getloadavg()[0]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, peak, out = run_measured(command, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return {"seconds": seconds, "cpu_s": cpu_s, "peak_rss_mb": peak / 1048576,
            "load_before": load, "load_after": os.getloadavg()[0], "stdout": out}  # fmt: skip


def _corpus_size(corpus: Path) -> dict:
    texts = [p for p in corpus.rglob("*.md") if p.name != "SOURCES.md"]
    return {"documents": len(texts), "megabytes": sum(p.stat().st_size for p in texts) / 1e6}


def _store_contents(location: Path) -> dict:
    """Documents (graphs with a content hash) and triples (quads of the named graphs) in a store."""
    from policykg.store import open_store

    store = open_store("oxigraph", str(location), read_only=True)
    stored = len(store.hashes())
    triples = int(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])
    store.close()
    return {"stored": stored, "triples": triples}


def cold_starts(runs: int) -> dict:
    """Median wall time of ``policykg --help`` and of one named query on the seed text."""
    return {
        "help_s": median_command(cli("--help"), runs),
        "query_seed_s": median_command(cli("query", str(SEED), "-n", "targets"), runs),
    }


def build_once(engine: str, jobs: int, corpus: Path, location: Path | None) -> dict:
    """One build of ``corpus`` into a fresh store: seconds, peak RSS, documents built."""
    if location is not None:
        shutil.rmtree(location, ignore_errors=True)
    command = [*python(BUILD), engine, str(location or ""), str(corpus), str(jobs)]
    figures = _measured_build(command)
    return {**figures, **json.loads(figures.pop("stdout"))}


def builds(
    corpus: Path, size: int, work: Path, runs: int, jobs_order: tuple[int, ...] = (1, 2)
) -> list[dict]:
    """Build throughput and peak memory per --jobs into Oxigraph, as ``policykg build --store`` does
    (each row saved as soon as measured).

    The in-memory rdflib store is not built here: the CLI never builds a corpus into it (it serves
    small in-memory work such as validation), and it builds corpora slowly and worse than linearly
    (40 generated documents ~16-19 CPU s, 200 over 4 minutes).
    """
    megabytes = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
    rows = []
    for jobs in jobs_order:
        location = work / f"store-{size}-j{jobs}"
        done = [build_once("oxigraph", jobs, corpus, location) for _ in range(runs)]
        seconds = statistics.median(d["seconds"] for d in done)
        rows.append({
            "engine": "oxigraph", "jobs": jobs, "runs": runs, "seconds": seconds,
            "docs_per_s": size / seconds, "mb_per_s": megabytes / seconds,
            "cpu_s": statistics.median(d["cpu_s"] for d in done),
            "peak_rss_mb": max(d["peak_rss_mb"] for d in done), "failed": done[-1]["failed"],
        })  # fmt: skip
        print(f"  build oxigraph jobs={jobs}: {seconds:.1f} s", file=sys.stderr)
        RESULTS_PARTIAL.write_text(json.dumps({"size": size, "builds": rows}, indent=1) + "\n")
    return rows


def rebuild_builds(size: int, work: Path, runs: int, jobs_order: tuple[int, ...], earlier: dict) -> dict:
    """``earlier`` (a measured size) with its build rows of ``jobs_order`` and its one-document
    rebuild measured again by this code; its queries and lookups are kept as they are."""
    corpus = generate(work / f"corpus-{size}", size)
    more = builds(corpus, size, work, 1 if size >= 10000 else runs, jobs_order)
    kept = [row for row in earlier["builds"] if row["engine"] == "oxigraph" and row["jobs"] not in jobs_order]
    result = {**earlier, "builds": sorted(kept + more, key=lambda row: row["jobs"])}
    result["builds_timed"] = time.strftime("%Y-%m-%d", time.gmtime())
    queried = work / f"store-{size}-j{2 if 2 in jobs_order else jobs_order[-1]}"
    if queried.exists():
        result["rebuild_one_s"] = rebuild_one_changed(corpus, queried, runs)
        print(f"  rebuild one: {result['rebuild_one_s']:.2f} s", file=sys.stderr)
    return result


def rebuild_one_changed(corpus: Path, store: Path, runs: int) -> float:
    """Median seconds of ``policykg build CORPUS --store`` after changing one document."""
    target = sorted(corpus.glob("*.txt"))[len(list(corpus.glob("*.txt"))) // 2]
    original = target.read_text(encoding="utf-8")
    times = []
    try:
        for run in range(runs):
            target.write_text(original + f"\nThe city will open {run + 3} new libraries.\n", encoding="utf-8")
            times.append(run_measured(cli("build", str(corpus), "--store", str(store)))[0])
    finally:
        target.write_text(original, encoding="utf-8")
        run_measured(cli("build", str(corpus), "--store", str(store)))
    return statistics.median(times)


def query_latencies(
    store_path: Path, size: int, runs: int, work: Path, rdflib_runs: int | None = None
) -> list[dict]:
    """Median CPU time of each shipped query on Oxigraph and (small corpora) rdflib, side by side
    (CPU, not wall: five engineers share the machine; each engine answers in one thread).

    "checked" is ``policykg.query.run_on_store`` (safety check + Oxigraph + rows as rdflib terms),
    what ``policykg query --store`` and ``serve`` run; "engine" is the store's ``query`` alone.
    """
    from rdflib_worker import RdflibTimer

    from policykg.query import PREFIX_IRIS, named_queries, run_on_store
    from policykg.store import open_store

    store = open_store("oxigraph", str(store_path), read_only=True)
    timer = None
    if size <= RDFLIB_MAX_DOCS:
        dump = work / f"union-{size}.nt"
        if not dump.exists():
            store.to_graph().serialize(dump, format="nt", encoding="utf-8")
        timer = RdflibTimer(dump, RDFLIB_BUDGET_S)
    rows = []
    for name, entry in named_queries().items():
        count = len(run_on_store(store, entry.text).rows)  # also warms the check cache, as serve does
        cpu = time.process_time
        oxigraph_s = median_seconds(lambda text=entry.text: run_on_store(store, text), max(runs, 3), cpu)
        engine_s = median_seconds(
            lambda text=entry.text: store.query(text, prefixes=PREFIX_IRIS), max(runs, 3), cpu
        )
        rdflib_s = timer.median(entry.text, rdflib_runs or runs) if timer else None
        rows.append({"query": name, "rdflib_ms": rdflib_s and rdflib_s * 1000, "oxigraph_ms": oxigraph_s * 1000,
                     "engine_ms": engine_s * 1000, "rows": count,
                     "rdflib_cut": bool(timer) and rdflib_s is None})  # fmt: skip
        print(f"  query {name}: {rows[-1]}", file=sys.stderr, flush=True)
    if timer:
        timer.close()
    return rows


LOOKUP = "SELECT ?p ?o WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?o ?p <{iri}> }} }}"


def lookups(store_path: Path, runs: int) -> dict:
    """Median latency of looking up one city and one initiative by IRI (engine, and through serve)."""
    from policykg.serve import execute
    from policykg.store import open_store

    store = open_store("oxigraph", str(store_path), read_only=True)
    found = {}
    for kind in ("City", "Initiative"):
        pick = store.query(
            f"SELECT ?x WHERE {{ ?x a pk:{kind} }} ORDER BY ?x LIMIT 1 OFFSET 7", prefixes=PK
        ).rows
        if not pick:
            continue
        text = LOOKUP.format(iri=pick[0][0])
        found[kind] = {
            "iri": str(pick[0][0]),
            "engine_ms": median_seconds(lambda t=text: store.query(t), max(runs, 20)) * 1000,
            "checked_ms": median_seconds(lambda t=text: execute(store, t), max(runs, 20)) * 1000,
            "rows": len(store.query(text).rows),
        }
    return found


PK = {"pk": "https://w3id.org/policykg/ontology#"}


def view_times(runs: int) -> list[dict]:
    """Selection and drawing times of the ``full`` view at 100, 1,000, 10,000 nodes.

    The graph is selected from an in-memory Oxigraph store, as ``policykg view FILE`` reads a file.
    """
    from synthetic import graph_with_nodes

    from policykg.export import as_graphs
    from policykg.store import open_store
    from policykg.view import get_view, html, select_view
    from policykg.view.html import render

    shipped = html.styles
    html.styles = lambda: {**shipped(), "max_nodes": 10**9}  # draw every node: time the drawing itself

    rows = []
    for nodes in (100, 1000, 10000):
        store = open_store("oxigraph")
        store.load(as_graphs(graph_with_nodes(nodes)))
        digraph = select_view(store, "full")
        select_s = median_seconds(lambda s=store: select_view(s, "full"), runs)
        render_s = median_seconds(lambda d=digraph: render(d, get_view("full")), runs)
        rows.append({"nodes": digraph.number_of_nodes(), "edges": digraph.number_of_edges(),
                     "select_s": select_s, "render_s": render_s})  # fmt: skip
        print(f"  view {nodes}: {rows[-1]}", file=sys.stderr)
    html.styles = shipped
    return rows


def corpus_size(
    size: int, work: Path, runs: int, earlier: dict | None = None, jobs_order: tuple[int, ...] = (1, 2)
) -> dict:
    """Every measurement on a generated corpus of ``size`` documents (builds kept from ``earlier``)."""
    corpus = generate(work / f"corpus-{size}", size)
    queried_jobs = 2 if 2 in jobs_order else jobs_order[-1]  # the store that is rebuilt and queried
    store = work / f"store-{size}-j{queried_jobs}"
    if earlier and store.exists():
        result = {key: earlier[key] for key in ("documents", "megabytes", "builds", "rebuild_one_s")}
    else:
        build_runs = 1 if size >= 10000 else runs
        result = {"documents": size, "megabytes": sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6}
        result["builds"] = builds(corpus, size, work, build_runs, jobs_order)
        result["rebuild_one_s"] = rebuild_one_changed(corpus, store, runs)
        print(f"  rebuild one: {result['rebuild_one_s']:.2f} s", file=sys.stderr)
    result["triples"] = triple_count(store)
    RESULTS_PARTIAL.write_text(json.dumps(result, indent=1) + "\n")
    # Some shipped queries take 30 s on 1,000 documents (ORDER BY over 10,000s of rows), and
    # Oxigraph cannot be interrupted: on larger corpora only the lookups are timed.
    result["queries"] = query_latencies(store, size, runs, work) if size <= RDFLIB_MAX_DOCS else []
    result["queries_cpu"] = True
    result["lookups"] = lookups(store, runs)
    return result


def triple_count(store_path: Path) -> int:
    from policykg.store import open_store

    store = open_store("oxigraph", str(store_path), read_only=True)
    return int(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line of bench/run.py."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per median")
    parser.add_argument("--work", default="/tmp/policykg-bench", help="scratch folder (corpora, stores)")
    parser.add_argument("--skip-general", action="store_true", help="keep the start-up and view figures")
    parser.add_argument("--skip-builds", action="store_true", help="keep the build figures and stores")
    parser.add_argument("--jobs", default="1,2", help="--jobs values to build with, in this order")
    parser.add_argument(
        "--add-builds",
        action="store_true",
        help="only (re-)measure the builds of a measured size for --jobs, and its rebuild (queries kept)",
    )
    parser.add_argument("--queries-only", action="store_true", help="only re-time the shipped queries")
    parser.add_argument("--rdflib-runs", type=int, help="runs per rdflib median [default: --runs]")
    parser.add_argument("--report-only", action="store_true", help="rewrite results.md from results.json")
    parser.add_argument("--extraction-only", action="store_true", help="only re-time extraction throughput")
    parser.add_argument("--real-only", action="store_true", help="only re-time the real-text throughput")
    parser.add_argument(
        "--issue10-only", action="store_true", help="only the issue-10 lines (query, view, help)"
    )
    parser.add_argument("--before-src", help="--issue10-only: the src folder of the code to compare with")
    parser.add_argument("--zh-only", action="store_true", help="only build all of ../shared/corpus-zh")
    parser.add_argument(
        "--zh-subset",
        metavar="COMMIT",
        help="only build every 8th corpus-zh report with COMMIT and this code",
    )
    return parser.parse_args(argv)


def _only_parts(args: argparse.Namespace, results: dict, work: Path) -> bool:
    """Measure the parts the ``--*-only`` options ask for into ``results``; False when none is asked."""
    parts = {
        "issue10": args.issue10_only and (lambda: issue10(args.runs, work, args.before_src)),
        "zh_subset": args.zh_subset and (lambda: zh_subset_builds(work, args.zh_subset)),
        "zh_build": args.zh_only and (lambda: zh_corpus_build(work)),
        "extraction": args.extraction_only and (lambda: extraction.measure(max(args.runs, 5), 1.0)),
        "real": args.real_only and (lambda: real_texts(args.runs, work)),
    }
    for key, measure in parts.items():
        if measure:
            results[key] = measure()
    return any(parts.values())


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"sizes": {}}
    if args.report_only:
        write_report(results, HERE / "results.md")
        return
    if _only_parts(args, results, work):
        RESULTS.write_text(json.dumps(results, indent=1) + "\n")
        write_report(results, HERE / "results.md")
        return
    jobs_order = tuple(int(j) for j in args.jobs.split(","))
    results["machine"] = machine()
    if not args.queries_only and (not args.skip_general or "cold" not in results):
        results["cold"] = cold_starts(max(args.runs, 5))
        results["views"] = view_times(args.runs)
        results["extraction"] = extraction.measure(max(args.runs, 5), 1.0)
        results["real"] = real_texts(args.runs, work)
    for size in (int(s) for s in args.sizes.split(",") if s):
        print(f"corpus of {size} documents", file=sys.stderr)
        if args.queries_only:  # re-time the shipped queries on the store built earlier
            store = work / f"store-{size}-j{2 if 2 in jobs_order else jobs_order[-1]}"
            queries = query_latencies(store, size, args.runs, work, args.rdflib_runs)
            results["sizes"][str(size)]["queries"] = queries
            results["sizes"][str(size)]["triples"] = triple_count(store)
            results["sizes"][str(size)]["queries_timed"] = time.strftime("%Y-%m-%d", time.gmtime())
            results["sizes"][str(size)]["queries_cpu"] = True
            continue
        if args.add_builds:  # builds of a size measured already, by this code
            earlier = results["sizes"][str(size)]
            results["sizes"][str(size)] = rebuild_builds(size, work, args.runs, jobs_order, earlier)
            continue
        earlier = results["sizes"].get(str(size)) if args.skip_builds else None
        results["sizes"][str(size)] = corpus_size(size, work, args.runs, earlier, jobs_order)
        RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    write_report(results, HERE / "results.md")


if __name__ == "__main__":
    main()
