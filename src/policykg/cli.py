"""The ``policykg`` command line: parse options, call one library function per command, print.

The only module that imports click. Any ``PolicyKGError`` becomes one ``Error: …`` line and exit 1
(``PolicyKGGroup.invoke``); usage errors stay click's exit 2. Shared options are the decorators at
the top; each command is one function below them. Library modules are imported inside commands so
``policykg --help`` stays light.
May import: everything in policykg.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

import click

from policykg import __version__
from policykg.errors import InputError, PolicyKGError, PolicyKGWarning

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

EXIT_CODES = """\b
Exit codes:
  0  success (validate: the graph conforms)
  1  error: bad input, query or output (one "Error: ..." line), or a graph that does not conform
  2  usage error: unknown option, missing argument, bad option value"""

BUILD_FORMATS = ("turtle", "longturtle", "nt", "nquads", "jsonld", "xml", "trig")
EXPORT_FORMATS = BUILD_FORMATS + ("graphml", "gexf")
QUERY_FORMATS = ("table", "csv", "tsv", "json", "md", "turtle")

F = Callable[..., Any]


class PolicyKGGroup(click.Group):
    """A click group that reports every PolicyKGError as ``Error: <message>`` with exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKGError as error:
            raise click.ClickException(str(error)) from error


# ---- shared options ----------------------------------------------------------------------------------


def data_arguments(required: bool = True) -> Callable[[F], F]:
    """``DATA...``: RDF files (.ttl .nt .jsonld .rdf .trig .nq), text files, folders of texts, or ``-``."""
    return click.argument("data", nargs=-1, required=required, metavar="DATA...")


def output_option(function: F) -> F:
    """``-o/--output PATH``: where to write (``-`` = standard output); written atomically."""
    return click.option(
        "-o",
        "--output",
        default="-",
        show_default=True,
        metavar="PATH",
        help="Output file ('-' for standard output); written atomically.",
    )(function)


def format_option(choices: tuple[str, ...], help_text: str, default: str | None = None) -> Callable[[F], F]:
    """``--format NAME`` restricted to ``choices`` (an unknown name is a usage error, exit 2)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default,
        help=help_text,
    )


def encoding_option(function: F) -> F:
    """``--encoding NAME``: how text inputs are decoded (default utf-8)."""
    return click.option(
        "--encoding",
        default="utf-8",
        show_default=True,
        metavar="NAME",
        help="Encoding of text inputs, e.g. latin-1 or gb18030.",
    )(function)


INPUT_FORMATS = ("auto", "text", "turtle", "nt", "nquads", "trig", "jsonld", "xml", "n3")
"""The choices of ``--input-format``: policykg.rdf_input.INPUT_FORMATS (a test checks)."""


def input_format_option(function: F) -> F:
    """``--input-format NAME``: what DATA given as ``-`` (standard input) is; sniffed by default."""
    return click.option(
        "--input-format",
        type=click.Choice(INPUT_FORMATS, case_sensitive=False),
        default="auto",
        show_default=True,
        help="Format of standard input (DATA '-'): auto detects RDF, else reads a text.",
    )(function)


def store_options(function: F) -> F:
    """``--store PATH`` / ``--endpoint URL``: read from an Oxigraph store or a SPARQL endpoint instead of DATA.

    They become the command's ``store`` and ``endpoint`` parameters.
    """
    function = click.option(
        "--endpoint",
        metavar="URL",
        help="Read from this SPARQL 1.1 query endpoint "
        "(credentials: POLICYKG_ENDPOINT_USER/POLICYKG_ENDPOINT_PASSWORD or ~/.netrc).",
    )(function)
    return click.option(
        "--store",
        metavar="PATH",
        help="Read from the Oxigraph store in PATH (made by build --store).",
    )(function)


def tolerance_option(function: F) -> F:
    """``--tolerance PP[,SHARE%]``: how far an "about" target may be missed and still be kept."""

    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        from policykg.promises import Tolerance

        try:
            return Tolerance.parse(value)
        except PolicyKGError as error:
            raise click.BadParameter(str(error).removeprefix("--tolerance: "), ctx=ctx, param=param) from None

    return click.option(
        "--tolerance",
        metavar="PP[,SHARE%]",
        callback=parse,
        help="Promise checks: slack for targets stated as 'about' (左右), in percentage points for a "
        "percent and a share of the value otherwise [default: 0.5pp,2%].",
    )(function)


def _load(
    data: tuple[str, ...], store: str | None, endpoint: str | None, encoding: str, input_format: str = "auto"
) -> Any:
    """DATA, --store or --endpoint as one rdflib Graph (the union), for the readers that need rdflib
    (SHACL validation, evaluation): DATA opens as a store as for every reading command, on rdflib's
    engine, which keeps each literal as written (Oxigraph would read "5"^^xsd:int as an xsd:integer)."""
    from policykg.corpus import open_data

    _require_data(data, store, endpoint)
    source = open_data(data, store, endpoint, encoding=encoding, engine="memory", input_format=input_format)
    try:
        return source.to_graph()
    finally:
        source.close()


def _require_data(data: tuple[str, ...], store: str | None, endpoint: str | None) -> None:
    if not data and not (store or endpoint):
        raise click.UsageError("missing DATA: give RDF or text files, or --store PATH / --endpoint URL")


def _refuse_input_as_output(output: str, *inputs: str | None) -> None:
    """Stop before any work when ``-o`` names one of the inputs (it would be replaced)."""
    from policykg.output import refuse_inputs_as_output

    refuse_inputs_as_output(output, [item for item in inputs if item])


def _emit(text: str, output: str = "-") -> None:
    from policykg.output import write_atomic

    write_atomic(output, text.encode("utf-8"))


# ---- the group ---------------------------------------------------------------------------------------


@click.group(cls=PolicyKGGroup, context_settings=CONTEXT_SETTINGS, epilog=EXIT_CODES)
@click.version_option(__version__, "-V", "--version", prog_name="policykg")
def cli() -> None:
    """Turn English-language Chinese local-government policy texts into an RDF knowledge graph.

    \b
    Typical use:
      policykg build examples/changchun-2022-interview.txt -o graph.ttl
      policykg query graph.ttl -n targets
      policykg validate graph.ttl
    """


# ---- commands ----------------------------------------------------------------------------------------


@cli.command(epilog=EXIT_CODES)
@data_arguments()
@output_option
@format_option(BUILD_FORMATS, "RDF format [default: from the output's extension, else turtle].")
@encoding_option
@click.option(
    "--store",
    "store_path",
    metavar="PATH",
    help="Build into the Oxigraph store PATH: a named graph per document; unchanged ones are skipped.",
)
@click.option(
    "--endpoint", metavar="URL", help="Build into the SPARQL 1.1 store whose query endpoint is URL."
)
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=1), help="Extraction processes."
)
@click.option("--prune", is_flag=True, help="With --store/--endpoint: remove documents no longer in DATA.")
@click.option("--force", is_flag=True, help="With --store/--endpoint: rebuild unchanged documents too.")
@click.option(
    "--lang",
    "language",
    type=click.Choice(["zh", "en"]),
    help="Language of the texts [default: detected per document].",
)
@tolerance_option
def build(
    data: tuple[str, ...],
    output: str,
    fmt: str | None,
    encoding: str,
    store_path: str | None,
    endpoint: str | None,
    jobs: int,
    prune: bool,
    force: bool,
    language: str | None,
    tolerance: Any,
) -> None:
    """Build the knowledge graph of policy texts.

    DATA are text files, folders (every *.txt and *.md inside, recursively, sorted) or '-' for
    standard input; English and Chinese texts are read.

    \b
    Examples:
      policykg build examples/changchun-2022-interview.txt -o graph.ttl
      policykg build corpus/ --format jsonld -o graph.jsonld
      cat text.txt | policykg build - > graph.ttl
    """
    if store_path or endpoint:  # before the imports below: a store build needs no exporter
        _build_store(
            data,
            store_path,
            endpoint,
            jobs=jobs,
            prune=prune,
            force=force,
            encoding=encoding,
            language=language,
            tolerance=tolerance,
        )
        return
    from policykg.export import export_graph, resolve_format
    from policykg.output import write_atomic
    from policykg.pipeline import build_graphs

    _refuse_input_as_output(output, *data)
    fmt = resolve_format(fmt, output)
    graphs = build_graphs(list(data), encoding=encoding, language=language, tolerance=tolerance)
    write_atomic(output, export_graph(graphs, fmt))


def _parse_params(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """``-p NAME=VALUE`` options as a dict (a malformed one is a usage error)."""
    parsed: dict[str, str] = {}
    for item in values:
        name, equals, value = item.partition("=")
        if not equals or not name.isidentifier():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", ctx=ctx, param=param)
        parsed[name] = value
    return parsed


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@click.option("-q", "--query", "query_text", metavar="SPARQL", help="The SPARQL query text.")
@click.option("-f", "--file", "query_file", metavar="FILE", help="Read the query from FILE ('-' = stdin).")
@click.option("-n", "--name", "query_name", metavar="NAME", help="Run a named query (see --list).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    callback=_parse_params,
    help="Set a parameter of the query (a VALUES ?NAME block): a number, <iri>, pk:Name or text.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@format_option(QUERY_FORMATS, "Result format [default: table; turtle for CONSTRUCT/DESCRIBE].")
@output_option
@encoding_option
@input_format_option
@click.option(
    "--lang",
    "language",
    type=click.Choice(["zh", "en"]),
    help="Show labels in this language where a resource has one [default: the documents' language].",
)
def query(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    query_text: str | None,
    query_file: str | None,
    query_name: str | None,
    params: dict[str, str],
    list_queries: bool,
    fmt: str | None,
    output: str,
    encoding: str,
    input_format: str,
    language: str | None,
) -> None:
    """Run a read-only SPARQL query on DATA.

    SELECT and ASK results are a table, csv, tsv, json (SPARQL 1.1 Query Results JSON) or md;
    CONSTRUCT and DESCRIBE results are Turtle.

    The prefixes pk, id, nif, unit, cur, dcterms, skos, rdfs, rdf, owl, xsd and prov are predeclared.
    SPARQL Update, SERVICE and FROM are refused: nothing is written, fetched or read from disk.

    \b
    Examples:
      policykg query graph.ttl -q 'SELECT ?c WHERE { ?c a pk:City }'
      policykg query graph.ttl -n targets --format csv
      policykg query graph.ttl -n results-of-year -p year=2022
      policykg query examples/changchun-2022-interview.txt -f my.rq
      policykg query --list
    """
    from policykg.corpus import open_data
    from policykg.query import bind_parameters, checked, format_result, run_in_language

    if list_queries:
        _emit(_query_list())
        return
    _refuse_input_as_output(output, *data, query_file)
    text = bind_parameters(_query_text(query_text, query_file, query_name, data, store or endpoint), params)
    checked(text)  # a bad query is reported before any DATA is read
    source = open_data(data, store, endpoint, encoding=encoding, input_format=input_format)
    try:
        result = run_in_language(source, text, language)
    finally:
        source.close()
    _emit(format_result(result, fmt), output)


def _query_list() -> str:
    """One line per named query: its name and title."""
    from policykg.query import named_queries

    queries = named_queries().values()
    width = max((len(entry.name) for entry in queries), default=0)
    return "".join(f"{entry.name.ljust(width)}  {entry.title}\n" for entry in queries)


def _query_text(
    text: str | None, file: str | None, name: str | None, data: tuple[str, ...], target: str | None
) -> str:
    """The SPARQL to run, from exactly one of -q, -f and -n (``target``: the --store or --endpoint)."""
    given = [flag for flag, value in (("-q", text), ("-f", file), ("-n", name)) if value is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of -q SPARQL, -f FILE or -n NAME (or --list)")
    if not data and not target:
        raise click.UsageError("missing DATA: give at least one RDF or text file")
    if file == "-" and "-" in data:
        raise click.UsageError("standard input cannot hold both the query (-f -) and the data (-)")
    if text is not None:
        return text
    if name is not None:
        from policykg.query import named_query

        return named_query(name).text
    return _read_query_file(file or "-")


def _read_query_file(path: str) -> str:
    """The text of a query file, or of standard input for ``-``."""
    if path == "-":
        return sys.stdin.read().removeprefix("\ufeff")
    try:
        with open(path, encoding="utf-8-sig") as stream:  # a byte-order mark is not part of the query
            return stream.read()
    except FileNotFoundError:
        raise InputError(f"query file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"query file is a directory: {path}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"query file {path} is not valid UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise InputError(f"cannot read query file {path}: {error.strerror}") from None


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@format_option(EXPORT_FORMATS, "Export format [default: from the output's extension, else turtle].")
@output_option
@encoding_option
@input_format_option
def export(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    fmt: str | None,
    output: str,
    encoding: str,
    input_format: str,
) -> None:
    """Export DATA as RDF, GraphML or GEXF.

    The RDF formats round-trip to the same graph; GraphML and GEXF (for Gephi and Cytoscape) carry
    labels and classes as node attributes. JSON-LD has an inline context (nothing is fetched).
    From --store, every RDF format is streamed: one document graph or a batch of subjects in
    memory at a time, never the whole store; GraphML and GEXF load the whole store first.

    \b
    Examples:
      policykg export graph.ttl -o graph.jsonld
      policykg export graph.ttl --format graphml -o graph.graphml
      policykg export examples/changchun-2022-interview.txt --format nt
    """
    from policykg.corpus import load_graphs, open_data
    from policykg.export import STREAMED, export_graph, export_store, resolve_format
    from policykg.output import atomic_output, write_atomic

    _refuse_input_as_output(output, *data)
    fmt = resolve_format(fmt, output)
    _require_data(data, store, endpoint)
    if store and not (data or endpoint) and fmt in STREAMED:  # streamed: a store may not fit in memory
        target = open_data((), store)
        try:
            with atomic_output(output) as stream:
                export_store(target, fmt, stream)
        finally:
            target.close()
        return
    graphs = load_graphs(list(data), store, endpoint, encoding=encoding, input_format=input_format)
    write_atomic(output, export_graph(graphs, fmt))


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@encoding_option
@input_format_option
@click.pass_context
def validate(  # noqa: PLR0913 (one parameter per option)
    ctx: click.Context,
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    encoding: str,
    input_format: str,
) -> None:
    """Check DATA against the contract's SHACL shapes.

    Exit 0 when the graph conforms; otherwise exit 1 with one line per problem (node label, node,
    property path, message).

    \b
    Example:
      policykg validate graph.ttl
    """
    from policykg.validate import format_report
    from policykg.validate import validate as validate_graph

    report = validate_graph(_load(data, store, endpoint, encoding, input_format))
    _emit(format_report(report))
    if not report.conforms:
        ctx.exit(1)


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0), help="Entities to list.")
@encoding_option
@input_format_option
def stats(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...], store: str | None, endpoint: str | None, top: int, encoding: str, input_format: str
) -> None:
    """Count classes, units and links in DATA.

    Instances per class, figures per unit, and the entities with the most links to other entities.

    \b
    Example:
      policykg stats graph.ttl
    """
    from policykg.corpus import open_data
    from policykg.stats import compute_stats, format_stats

    _require_data(data, store, endpoint)
    source = open_data(data, store, endpoint, encoding=encoding, input_format=input_format)
    try:
        _emit(format_stats(compute_stats(source, top=top)))
    finally:
        source.close()


VIEW_NAMES = ("industries", "initiatives", "full")  # the keys of policykg.view.VIEWS (a test checks)


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@output_option
@click.option(
    "--view",
    "view_name",
    type=click.Choice(VIEW_NAMES),
    default=VIEW_NAMES[0],
    show_default=True,
    help="industries: cities, systems, pillar/emerging industries, visions; initiatives: initiatives "
    "with figures, industries, organizations; full: everything (smaller graphs).",
)
@click.option("--document", metavar="ID", help="Only what this document mentions (its slug or IRI).")
@click.option(
    "--lang",
    "language",
    type=click.Choice(["zh", "en"]),
    help="Language of the labels [default: the documents' language].",
)
@encoding_option
@input_format_option
def view(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    output: str,
    view_name: str,
    document: str | None,
    language: str | None,
    encoding: str,
    input_format: str,
) -> None:
    """Draw DATA as one interactive, self-contained HTML page (works offline; open it in a browser).

    \b
    Examples:
      policykg view examples/changchun-2022-interview.txt -o industries.html
      policykg view graph.ttl --view initiatives -o initiatives.html
      policykg view a.ttl b.ttl --view full --document changchun-2022-interview -o full.html
    """
    from policykg.corpus import open_data
    from policykg.output import write_atomic
    from policykg.view import write_view

    _require_data(data, store, endpoint)
    _refuse_input_as_output(output, *data)
    source = open_data(data, store, endpoint, encoding=encoding, input_format=input_format)
    try:
        page = write_view(source, view_name, document, language)
    finally:
        source.close()
    write_atomic(output, page)


def _build_store(data: tuple[str, ...], store_path: str | None, endpoint: str | None, **options: Any) -> None:
    """Bring a store up to date with DATA; one summary line on stderr; exit 1 if a document failed."""
    from policykg.corpus import build_corpus, usable_jobs
    from policykg.output import refuse_foreign_folder
    from policykg.store import open_target

    jobs, note = usable_jobs(options.pop("jobs"))
    if note:
        click.echo(note, err=True)
    if store_path:
        refuse_foreign_folder(store_path)
    target = open_target(store_path, endpoint)
    try:
        report = build_corpus(list(data), target, jobs=jobs, **options)
    finally:
        target.close()
    for message in report.warnings:
        click.echo(f"Warning: {message}", err=True)
    click.echo(report.summary(), err=True)
    if report.failed:
        raise PolicyKGError("not built: " + "; ".join(message for _, message in report.failed))


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; other than loopback exposes the data.",
)
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds per query (or view); past them the query is stopped.",
)
@click.option(
    "--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1), help="Row cap per query."
)
@click.option(
    "--workers",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Queries that run at once, each in its own process.",
)
@click.option(
    "--max-memory",
    default=2048,
    show_default=True,
    type=click.IntRange(min=64),
    metavar="MB",
    help="Memory one query may use; past it the query is stopped.",
)
@click.option(
    "--cors",
    is_flag=False,
    flag_value="*",
    default=None,
    metavar="[ORIGIN]",
    help="Let web pages from ORIGIN (any, without a value) read answers; off by default.",
)
@encoding_option
def serve(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    max_memory: int,
    cors: str | None,
    encoding: str,
) -> None:
    """Serve DATA (or --store / --endpoint) as a read-only SPARQL 1.1 endpoint at /sparql.

    GET or POST query=; JSON, CSV, TSV or XML results by Accept header (or format=); Turtle,
    N-Triples, RDF/XML, JSON-LD, N-Quads or TriG for CONSTRUCT; updates are refused. Each query runs
    in a worker process, stopped at --timeout or --max-memory. --cors lets browser tools such as
    YASGUI use it. The page at / has a query box, the example queries and the views.

    \b
    Examples:
      policykg serve graph.ttl
      policykg serve --store corpus.db --port 8000
      policykg serve --store corpus.db --cors https://yasgui.org
    """
    from policykg.serve import Limits, open_source
    from policykg.serve import serve as run_server

    _require_data(data, store, endpoint)
    source = open_source(data, store, endpoint, encoding=encoding)
    limits = Limits(timeout=timeout, max_rows=max_rows, running=workers, memory=max_memory)
    run_server(source, host, port, limits, cors=cors)


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@click.option(
    "--gold", "gold_path", required=True, metavar="GOLD.json", help="The hand-written gold annotation."
)
@click.option(
    "--text",
    "text_path",
    metavar="TEXT",
    help="Check evidence offsets against this text [default: the document text stored in the graph].",
)
@encoding_option
def evaluate(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    gold_path: str,
    text_path: str | None,
    encoding: str,
) -> None:
    """Score DATA against a gold annotation.

    Recall and precision per class and for figures, attribute accuracy, relations and evidence.

    The last line is one SCORE line, comparable with the shared score.py.

    \b
    Example:
      policykg evaluate graph.ttl --gold gold.json --text examples/changchun-2022-interview.txt
    """
    from policykg.evaluate import evaluate as score
    from policykg.evaluate import format_report, load_gold

    gold = load_gold(gold_path)
    text = None
    if text_path is not None:
        from policykg.text import read_document

        text = read_document(text_path, encoding=encoding).text
    _emit(format_report(score(_load(data, store, endpoint, encoding), gold, text)))


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Our own warnings as one ``Warning: …`` line on stderr; others as Python shows them."""
    if issubclass(category, PolicyKGWarning):
        sys.stderr.write(f"Warning: {message}\n")
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


TRACK_FORMATS = (
    "table",
    "md",
    "csv",
    "json",
    "html",
    "summary",
)  # policykg.tracker.TRACK_FORMATS (a test checks)


def _open_source(
    data: tuple[str, ...], store: str | None, endpoint: str | None, encoding: str, tolerance: Any = None
) -> Any:
    """DATA, --store or --endpoint as one store; DATA without promise checks, or with ``--tolerance``,
    as its graph with the checks computed (a store's checks are those its build computed)."""
    from policykg.corpus import open_data
    from policykg.query import own_query

    _require_data(data, store, endpoint)
    source = open_data(data, store, endpoint, encoding=encoding)
    if store or endpoint or (tolerance is None and own_query(source, HAS_CHECKS).boolean):
        return source
    from policykg.promises import PK, add_promise_checks

    try:
        graph = source.to_graph()
    finally:
        source.close()
    for check in list(graph.subjects(None, PK.PromiseCheck)):
        graph.remove((check, None, None))
    add_promise_checks(graph, tolerance)
    return graph


HAS_CHECKS = "ASK { ?check ?p pk:PromiseCheck }"


def _close(source: Any) -> None:
    if hasattr(source, "close"):
        source.close()


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@click.option(
    "--about", metavar="NAME", help="Only checks about this city, province or company (长春, Changchun)."
)
@click.option("--year", type=int, metavar="N", help="Only targets for year N.")
@click.option("--indicator", metavar="ID", help="Only this indicator (its id, e.g. gdp, grain-output).")
@format_option(
    TRACK_FORMATS,
    "table, md, csv, json, html (a self-contained report) or summary (counts per year).",
    "table",
)
@tolerance_option
@output_option
@encoding_option
def track(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    about: str | None,
    year: int | None,
    indicator: str | None,
    fmt: str,
    tolerance: Any,
    output: str,
    encoding: str,
) -> None:
    """Print the promise table: each target of year N against the result of year N.

    Columns: subject, indicator, year, aspect, target (with comparator), result, verdict (kept,
    missed, not reported, not comparable) and both quotes with their documents and offsets.
    DATA are texts (targets of year N and the next year's report) or built graphs.

    \b
    Examples:
      policykg track 长春市/2023.md 长春市/2024.md
      policykg track --store corpus.db --about 长春 --format html -o changchun.html
      policykg track --store corpus.db --year 2023 --format summary
    """
    from policykg.tracker import format_track, promise_rows

    source = _open_source(data, store, endpoint, encoding, tolerance)
    try:
        rows = promise_rows(source, about=about, year=year, indicator=indicator)
    finally:
        _close(source)
    _emit(format_track(rows, fmt.lower()), output)


@cli.command(epilog=EXIT_CODES)
@data_arguments(required=False)
@store_options
@click.option("--indicator", required=True, metavar="ID", help="The indicator's id, e.g. gdp, retail-sales.")
@click.option("--year", required=True, type=int, metavar="N", help="The year the figures are for.")
@format_option(
    ("table", "md", "csv", "json", "html"), "table, md, csv, json or html (with a bar chart).", "table"
)
@output_option
@encoding_option
def compare(  # noqa: PLR0913 (one parameter per option)
    data: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    indicator: str,
    year: int,
    fmt: str,
    output: str,
    encoding: str,
) -> None:
    """Compare one indicator's targets and results for one year across cities.

    \b
    Examples:
      policykg compare --store corpus.db --indicator gdp --year 2024
      policykg compare --store corpus.db --indicator gdp --year 2024 --format html -o gdp-2024.html
    """
    from policykg.indicators.scheme import load_scheme
    from policykg.tracker import compare_result, format_compare

    scheme = load_scheme()
    if f"indicator/{indicator}" not in scheme.indicators:
        known = ", ".join(sorted(k.split("/", 1)[1] for k in scheme.indicators))
        raise InputError(f"--indicator {indicator}: no such indicator; known: {known}")
    source = _open_source(data, store, endpoint, encoding)
    try:
        result = compare_result(source, indicator, year)
    finally:
        _close(source)
    name = scheme.indicators[f"indicator/{indicator}"].label_en
    _emit(format_compare(result, fmt.lower(), title=f"{name}, {year}"), output)


def main() -> None:
    """Console-script entry point; a closed pipe (``policykg query … | head``) ends quietly."""
    warnings.showwarning = _show_warning
    try:
        cli(prog_name="policykg")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
