"""Corpus builds into a store: named graph per document, skip/replace/prune, parallel, crash-safe."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policykg.corpus import build_corpus, plan
from policykg.errors import InputError, OutputError, PolicyKGError
from policykg.fingerprints import FILE_NAME, Fingerprints, content_hash
from policykg.store import CONTENT_HASH, open_store

DOC = "https://w3id.org/policykg/id/document/corpus/"  # the texts are in a folder named corpus

# Hand-written test texts (not from any real report): a few sentences each, with places, industries
# and figures so that extraction has something to find.
TEXTS = {
    "north": "Shenyang will build an automobile industry cluster. By 2025, output will exceed RMB 50 billion.\n",
    "south": "Harbin promoted the biomedicine industry. In 2021, exports rose by 12% year on year.\n",
    "east": "Dalian plans 30 new projects in the digital economy, with investment of RMB 8 billion.\n",
}
QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def write_folder(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def quads(store) -> set[tuple]:
    """Every (graph, s, p, o) in the store, blank nodes named by their graph (none are expected)."""
    return set(store.query(QUADS).rows)


@pytest.fixture
def folder(tmp_path):
    return write_folder(tmp_path / "corpus", TEXTS)


def test_each_document_gets_its_own_named_graph_with_its_hash(folder, tmp_path):
    store = open_store("oxigraph", str(tmp_path / "db"))
    report = build_corpus([str(folder)], store)
    expected = {DOC + name: content_hash(TEXTS[name].encode()) for name in TEXTS}
    assert store.hashes() == expected
    assert sorted(report.added) == sorted(expected)
    graphs = {row[0] for row in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows}
    assert {str(g) for g in graphs} == set(expected)
    typed = store.query(f"ASK {{ GRAPH <{DOC}north> {{ <{DOC}north> a pk:Document }} }}", prefixes=PK)
    assert typed.boolean is True


PK = {"pk": "https://w3id.org/policykg/ontology#"}


def test_second_run_skips_unchanged_documents(folder, tmp_path):
    store = open_store("oxigraph", str(tmp_path / "db"))
    build_corpus([str(folder)], store)
    before = quads(store)
    report = build_corpus([str(folder)], store)
    assert (report.added, report.replaced, report.removed) == ([], [], [])
    assert sorted(report.unchanged) == sorted(DOC + name for name in TEXTS)
    assert quads(store) == before


def test_incremental_rebuild_equals_a_fresh_build(folder, tmp_path):
    store = open_store("oxigraph", str(tmp_path / "db"))
    build_corpus([str(folder)], store)
    (folder / "north.txt").write_text("Changchun will double its output of new energy vehicles by 2025.\n")
    (folder / "south.txt").unlink()
    (folder / "west.txt").write_text(
        "Xi'an set up 4 innovation centres for the aerospace industry in 2022.\n"
    )
    report = build_corpus([str(folder)], store, prune=True)
    assert report.summary() == "1 added, 1 replaced, 1 unchanged, 1 removed, 0 failed"
    assert (report.added, report.replaced, report.removed) == (
        [DOC + "west"],
        [DOC + "north"],
        [DOC + "south"],
    )
    fresh = open_store("oxigraph", str(tmp_path / "fresh"))
    build_corpus([str(folder)], fresh)
    assert quads(store) == quads(fresh)
    assert set(store.to_graph()) == set(fresh.to_graph())


def test_without_prune_deleted_documents_stay(folder, tmp_path):
    store = open_store("memory")
    build_corpus([str(folder)], store)
    (folder / "east.txt").unlink()
    report = build_corpus([str(folder)], store)
    assert report.removed == []
    assert DOC + "east" in store.hashes()


def test_parallel_build_gives_the_same_store(folder, tmp_path):
    one = open_store("oxigraph", str(tmp_path / "one"))
    two = open_store("oxigraph", str(tmp_path / "two"))
    build_corpus([str(folder)], one, jobs=1)
    report = build_corpus([str(folder)], two, jobs=2)
    assert len(report.added) == 3
    assert quads(one) == quads(two)


def test_memory_and_oxigraph_hold_the_same_quads(folder):
    memory, oxigraph = open_store("memory"), open_store("oxigraph")
    build_corpus([str(folder)], memory)
    build_corpus([str(folder)], oxigraph)
    assert memory.hashes() == oxigraph.hashes()
    assert len(quads(memory)) == len(quads(oxigraph))


def test_a_bad_document_is_reported_and_the_others_are_built(folder, tmp_path):
    (folder / "empty.txt").write_text("   \n")
    store = open_store("oxigraph")
    report = build_corpus([str(folder)], store)
    assert report.failed == [
        (str(folder / "empty.txt"), f"'{folder / 'empty.txt'}' is empty: give a text with some words in it")
    ]
    assert sorted(store.hashes()) == sorted(DOC + name for name in TEXTS)


def test_force_rebuilds_everything(folder):
    store = open_store("memory")
    build_corpus([str(folder)], store)
    report = build_corpus([str(folder)], store, force=True)
    assert sorted(report.replaced) == sorted(DOC + name for name in TEXTS)


def test_stdin_is_not_a_corpus():
    with pytest.raises(PolicyKGError, match="^a corpus build reads files, not stdin"):
        plan(["-"])


def test_progress_goes_to_the_given_stream_only(folder):
    stream = io.StringIO()
    build_corpus([str(folder)], open_store("memory"), progress=stream)
    assert stream.getvalue().endswith("] 3/3 documents\n")
    assert "\r[##########" in stream.getvalue()


def test_a_failed_replace_keeps_the_old_graph(tmp_path):
    store = open_store("oxigraph", str(tmp_path / "db"))
    store.replace_ntriples(DOC + "a", f'<{DOC}a> <{CONTENT_HASH}> "sha256:old" .')
    with pytest.raises(OutputError, match=f"^cannot write the graph <{DOC}a> into the Oxigraph store: "):
        store.replace_ntriples(DOC + "a", f'<{DOC}a> <{CONTENT_HASH}> "sha256:new" .\n<broken')
    assert store.hashes() == {DOC + "a": "sha256:old"}


def test_killing_a_build_leaves_whole_documents(tmp_path):
    texts = {f"doc{i:03d}": TEXTS["north"].replace("50", str(50 + i)) * 3 for i in range(40)}
    folder = write_folder(tmp_path / "big", texts)
    location = tmp_path / "db"
    code = (
        "import sys; from policykg.corpus import build_corpus; from policykg.store import open_store; "
        f"build_corpus([{str(folder)!r}], open_store('oxigraph', {str(location)!r}))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    builder = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        committed = wait_for_documents(location, builder)
    finally:
        builder.send_signal(signal.SIGKILL)
        builder.wait()
    assert committed >= 1
    after = open_store("oxigraph", str(location))
    fresh = open_store("oxigraph")
    build_corpus([str(folder)], fresh)
    every = {name: graph_rows(fresh, name) for name in fresh.hashes()}
    for name in after.hashes():
        assert graph_rows(after, name) == every[name], name
    report = build_corpus([str(folder)], after)
    assert quads(after) == quads(fresh)
    assert len(report.unchanged) >= committed


def graph_rows(store, name: str) -> set:
    return set(store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows)


def wait_for_documents(location: Path, builder: subprocess.Popen, seconds: float = 30.0) -> int:
    """Poll read-only snapshots until the build has committed a document (or ended); the count."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        finished = builder.poll() is not None
        try:
            count = len(open_store("oxigraph", str(location), read_only=True).hashes())
        except InputError:  # not created yet, or being created
            count = 0
        if count or finished:
            return count
        time.sleep(0.02)
    return 0


def test_cli_build_store_then_read_it_back(folder, tmp_path):
    from click.testing import CliRunner

    from policykg.cli import cli

    runner = CliRunner()
    db = str(tmp_path / "db")
    first = runner.invoke(cli, ["build", str(folder), "--store", db, "--jobs", "2"], catch_exceptions=False)
    assert (first.exit_code, first.stdout, first.stderr) == (
        0,
        "",
        "3 added, 0 replaced, 0 unchanged, 0 removed, 0 failed\n",
    )
    again = runner.invoke(cli, ["build", str(folder), "--store", db], catch_exceptions=False)
    assert again.stderr == "0 added, 0 replaced, 3 unchanged, 0 removed, 0 failed\n"
    listed = runner.invoke(
        cli,
        ["query", "--store", db, "-q", "SELECT ?d WHERE { ?d a pk:Document } ORDER BY ?d", "--format", "csv"],
    )
    assert listed.stdout.splitlines() == ["d"] + [f"{DOC}{name}" for name in ("east", "north", "south")]
    exported = runner.invoke(cli, ["export", "--store", db, "--format", "nt"], catch_exceptions=False)
    store = open_store("oxigraph", db, read_only=True)
    assert len(exported.stdout.splitlines()) == len(store.to_graph())


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "trig"])
def test_export_from_a_store_streams_the_bytes_of_its_graphs(folder, tmp_path, monkeypatch, fmt):
    """``export --store`` reads a graph or a batch of subjects at a time, and writes what the whole graphs give."""
    from click.testing import CliRunner

    from policykg import export
    from policykg.cli import cli

    db = str(tmp_path / "db")
    assert CliRunner().invoke(cli, ["build", str(folder), "--store", db]).exit_code == 0
    store = open_store("oxigraph", db, read_only=True)
    whole = export.export_graph(store.graphs(), fmt)
    store.close()
    monkeypatch.setattr(export, "SUBJECT_BATCH", 3)  # several batches even for three small documents
    out = tmp_path / f"all.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--store", db, "--format", fmt, "-o", str(out)])
    assert (result.exit_code, result.output) == (0, "")
    assert out.read_bytes() == whole
    assert sorted(os.listdir(tmp_path)) == ["all." + fmt, "corpus", "db"]


def test_cli_build_store_reports_a_bad_document(folder, tmp_path):
    from click.testing import CliRunner

    from policykg.cli import cli

    (folder / "empty.txt").write_text("")
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(tmp_path / "db")])
    assert result.exit_code == 1
    assert result.stderr == (
        "3 added, 0 replaced, 0 unchanged, 0 removed, 1 failed\n"
        f"Error: not built: '{folder / 'empty.txt'}' is empty: give a text with some words in it\n"
    )


def test_cli_reading_a_missing_store_says_how_to_make_one(tmp_path):
    from click.testing import CliRunner

    from policykg.cli import cli

    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(cli, ["stats", "--store", str(missing)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: no Oxigraph store at {missing}: build one with policykg build CORPUS --store {missing}\n"
    )


def test_a_bulk_write_cut_short_is_removed_on_the_next_opening(folder, tmp_path):
    """The state a crash inside ``write_documents`` leaves: journal listed, graphs half-written, no hash."""
    import pyoxigraph as ox

    from policykg.store.oxigraph import JOURNAL

    location = str(tmp_path / "db")
    store = open_store("oxigraph", location)
    build_corpus([str(folder)], store)
    before, union = quads(store), set(store.to_graph())
    half = f'<{DOC}west> <{CONTENT_HASH}x> "half" .\n<{DOC}north> <{CONTENT_HASH}x> "half" .\n'
    store.db.update(f"INSERT DATA {{ GRAPH <{JOURNAL}> {{ <{JOURNAL}> <{RDFS_MEMBER}> <{DOC}west> }} }}")
    store.db.bulk_load(half.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(DOC + "west"))
    store.db.bulk_load(half.encode(), format=ox.RdfFormat.N_TRIPLES)
    store.close()
    reopened = open_store("oxigraph", location)
    assert quads(reopened) == before
    assert set(reopened.to_graph()) == union
    assert reopened.query(f"ASK {{ ?s <{CONTENT_HASH}x> ?o }}").boolean is False


RDFS_MEMBER = "http://www.w3.org/2000/01/rdf-schema#member"


def test_bulk_written_documents_equal_documents_replaced_one_by_one(folder, tmp_path, monkeypatch):
    from policykg.store import oxigraph
    from policykg.terms import nt_lines

    monkeypatch.setattr(oxigraph, "SMALL_WRITE_BYTES", 0)  # the bulk loader even for three small texts
    bulk = open_store("oxigraph", str(tmp_path / "bulk"))
    build_corpus([str(folder)], bulk)
    one_by_one = open_store("oxigraph", str(tmp_path / "one"))
    for name in sorted(bulk.hashes()):
        graph = bulk.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").triples
        text = "".join(line + "\n" for line in nt_lines(graph))
        one_by_one.replace_ntriples(name, text)
    assert quads(bulk) == quads(one_by_one)
    union = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert set(bulk.query(union).rows) == set(one_by_one.query(union).rows)


def test_fingerprints_give_the_remembered_hash_while_the_file_status_is_unchanged(folder, tmp_path):
    north = str(folder / "north.txt")
    first = Fingerprints(str(tmp_path), racy_ns=0)
    assert first.digest(north) == content_hash(TEXTS["north"].encode())
    first.save()
    saved = json.loads((tmp_path / FILE_NAME).read_text())
    saved["files"][os.path.abspath(north)][-1] = "sha256:remembered"
    (tmp_path / FILE_NAME).write_text(json.dumps(saved))
    assert Fingerprints(str(tmp_path)).digest(north) == "sha256:remembered"  # the file is not read
    assert Fingerprints(str(tmp_path), trust=False).digest(north) == content_hash(TEXTS["north"].encode())
    (folder / "north.txt").write_text(TEXTS["north"] + "More.\n")  # new size and times: read again
    assert Fingerprints(str(tmp_path)).digest(north) == content_hash((TEXTS["north"] + "More.\n").encode())


def test_fingerprints_forget_files_changed_just_before_they_were_read(folder, tmp_path):
    recent = Fingerprints(str(tmp_path))  # the texts were written a moment ago: racy
    recent.digest(str(folder / "north.txt"))
    recent.save()
    assert json.loads((tmp_path / FILE_NAME).read_text()) == {"version": 1, "files": {}}
    (tmp_path / FILE_NAME).write_text("{not json")
    assert Fingerprints(str(tmp_path)).known == {}
    with pytest.raises(PolicyKGError, match=r"^cannot read '.*gone.txt': No such file or directory$"):
        Fingerprints().digest(str(folder / "gone.txt"))


def test_a_store_build_trusts_the_fingerprints_in_the_store_folder_unless_forced(folder, tmp_path):
    store = open_store("oxigraph", str(tmp_path / "db"))
    build_corpus([str(folder)], store)
    remembered = Fingerprints(str(tmp_path / "db"), racy_ns=0)
    plan([str(folder)], remembered)
    remembered.seen[os.path.abspath(folder / "north.txt")][-1] = "sha256:other"
    remembered.save()
    report = build_corpus([str(folder)], store)
    assert report.replaced == [DOC + "north"]  # the remembered hash differs from the stored one
    assert store.hashes()[DOC + "north"] == "sha256:other"
    report = build_corpus([str(folder)], store, force=True)
    assert store.hashes()[DOC + "north"] == content_hash(TEXTS["north"].encode())
