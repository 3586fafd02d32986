"""Promise checks: each target of year N against the result for the same subject, indicator and year.

Reads figures that carry ``pk:measures``, ``pk:aspect``, ``pk:about`` and ``pk:year`` (see
``policykg.indicators``) from an rdflib Graph or a Store, pairs targets with results and judges them
by the verdict rules of ONTOLOGY-CONTRACT.md ("Promise checks"); writes ``pk:PromiseCheck`` nodes.
A store keeps each subject's checks in its own named graph, so an incremental build recomputes only
the subjects whose documents changed.
May import: policykg.model, policykg.namespaces, policykg.indicators, policykg.store, rdflib.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from policykg.errors import InputError
from policykg.model import ID_IRI, PK_IRI
from policykg.namespaces import NIF, PK

CHECKS_GRAPH = ID_IRI + "graph/checks/"  # + subject key: a store's named graph of one subject's checks
PERCENT = "http://qudt.org/vocab/unit/PERCENT"
DEFAULT_POINTS = Decimal("0.5")  # the contract's tolerance for an "about" percent target
DEFAULT_SHARE = Decimal("0.02")  # and for any other unit, as a share of the target's value
UNIT_FAMILY = {"Yuan": "CNY"}
DOC_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月")

FIGURES_QUERY = """
SELECT ?f ?kind ?value ?unit ?comparator ?direction ?year ?measures ?aspect ?about ?ev ?doc ?begin ?anchor
WHERE {
  FILTER_ABOUT
  VALUES ?kind { pk:Target pk:Result }
  ?f a ?kind ; pk:measures ?measures ; pk:aspect ?aspect ; pk:about ?about ; pk:year ?year ;
     pk:value ?value ; pk:unit ?unit ; pk:evidence ?ev .
  ?ev nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:anchorOf ?anchor .
  OPTIONAL { ?f pk:comparator ?comparator }
  OPTIONAL { ?f pk:direction ?direction }
}"""
DOCUMENTS_QUERY = """
SELECT ?doc ?date ?text WHERE {
  FILTER_DOCS
  ?doc a pk:Document .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc nif:isString ?text }
}"""
MENTIONS_QUERY = "SELECT ?about ?doc WHERE { VALUES ?about { SUBJECTS } ?about pk:mentionedIn ?doc }"
HIGHER_QUERY = "SELECT ?i ?better WHERE { ?i a pk:Indicator ; pk:higherIsBetter ?better }"
PREFIXES = (
    f"PREFIX pk: <{PK_IRI}>\nPREFIX nif: <{NIF}>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far short of an ``About`` target a result may fall and still keep it (the contract's)."""

    points: Decimal = DEFAULT_POINTS  # percentage points, for a percent
    share: Decimal = DEFAULT_SHARE  # of the target's value, for any other unit

    @classmethod
    def parse(cls, text: str) -> Tolerance:
        """``"0.5"`` (points), ``"1pp,5%"`` (points and share of the value).

        >>> Tolerance.parse("1pp,5%")
        Tolerance(points=Decimal('1'), share=Decimal('0.05'))
        """
        points, share = DEFAULT_POINTS, DEFAULT_SHARE
        for part in filter(None, (p.strip() for p in text.split(","))):
            try:
                if part.endswith("%"):
                    share = Decimal(part[:-1]) / 100
                else:
                    points = Decimal(part.removesuffix("pp"))
            except InvalidOperation:
                raise InputError(
                    f"--tolerance: '{part}' is not a number (write e.g. 0.5 or 0.5pp,2%)"
                ) from None
            if points < 0 or share < 0:
                raise InputError(f"--tolerance: '{part}' is negative")
        return cls(points, share)


@dataclass(frozen=True, slots=True)
class Fig:
    """A figure as the checks need it."""

    node: URIRef
    kind: str  # "Target" or "Result"
    value: Decimal
    unit: str
    comparator: str | None
    decrease: bool
    year: int
    measures: URIRef
    aspect: URIRef
    about: URIRef
    evidence: URIRef
    doc: URIRef
    begin: int
    anchor: str

    @property
    def signed(self) -> Decimal:
        """The value with a decrease negative (the contract compares signed values)."""
        return -self.value if self.decrease else self.value

    @property
    def family(self) -> str:
        local = re.split(r"[#/]", self.unit)[-1]
        return UNIT_FAMILY.get(local, local)


@dataclass(frozen=True, slots=True)
class Check:
    """One target judged: its result (None when not reported) and the verdict's local name."""

    target: Fig
    result: Fig | None
    verdict: str  # Kept, Missed, NotReported, NotComparable
    comment: str

    @property
    def node(self) -> URIRef:
        return URIRef(str(self.target.node).replace(ID_IRI + "figure/", ID_IRI + "check/", 1))


# ---- reading ---------------------------------------------------------------------------------------


def _select(source, sparql: str) -> list[dict]:
    """Rows of a SELECT on an rdflib Graph or a Store, as dicts of rdflib terms."""
    if isinstance(source, Graph):
        result = source.query(PREFIXES + sparql)
        names = [str(v) for v in result.vars]
        return [dict(zip(names, row, strict=True)) for row in result]
    result = source.query(PREFIXES + sparql)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def read_figures(source, about: Iterable[URIRef] | None = None) -> list[Fig]:
    """The comparable figures of ``source`` (of the subjects ``about`` only, when given)."""
    subjects = list(about) if about is not None else None
    where = ""
    if subjects is not None:
        where = "VALUES ?about { " + " ".join(f"<{s}>" for s in subjects) + " }"
    figures: dict[URIRef, Fig] = {}
    for fig in _figures(source, where):
        old = figures.get(fig.node)
        if old is None or (fig.begin, str(fig.about)) < (old.begin, str(old.about)):
            figures[fig.node] = fig
    return sorted(figures.values(), key=lambda f: (str(f.doc), f.begin, str(f.node)))


def _figures(source, where: str) -> Iterator[Fig]:
    """Every row of FIGURES_QUERY (restricted by the VALUES clause ``where``) as a Fig."""
    for row in _select(source, FIGURES_QUERY.replace("FILTER_ABOUT", where)):
        try:
            yield Fig(
                node=row["f"],
                kind=str(row["kind"])[len(PK_IRI) :],
                value=Decimal(str(row["value"])),
                unit=str(row["unit"]),
                comparator=str(row["comparator"])[len(PK_IRI) :] if row.get("comparator") else None,
                decrease=str(row.get("direction") or "").endswith("Decrease"),
                year=int(str(row["year"])[:4]),
                measures=row["measures"],
                aspect=row["aspect"],
                about=row["about"],
                evidence=row["ev"],
                doc=row["doc"],
                begin=int(row["begin"]),
                anchor=str(row["anchor"]),
            )
        except (InvalidOperation, ValueError):
            continue


def document_years(
    source, figures: Sequence[Fig], documents: Iterable[URIRef] | None = None
) -> dict[URIRef, int]:
    """The year of each document: its dcterms:date, its opening's date, else after its latest result.

    ``documents`` limits the documents read from ``source`` (and the figures' own documents).
    """
    if documents is not None:
        wanted = set(documents) | {fig.doc for fig in figures}
        if not wanted:
            return {}
        return _after_results(_dated(source, sorted(wanted)), figures)
    return _after_results(_dated(source, None), figures)


def _dated(source, documents: Sequence[URIRef] | None) -> dict[URIRef, int]:
    """The year of each document (of ``documents`` only, when given) its date or its opening states."""
    years: dict[URIRef, int] = {}
    where = "" if documents is None else "VALUES ?doc { " + " ".join(f"<{d}>" for d in documents) + " }"
    for row in _select(source, DOCUMENTS_QUERY.replace("FILTER_DOCS", where)):
        doc, date, text = row["doc"], row.get("date"), row.get("text")
        if date is not None and str(date)[:4].isdigit():
            years[doc] = int(str(date)[:4])
        elif text is not None and (match := DOC_DATE.search(str(text)[:600])):
            years[doc] = int(match.group(1))
    return years


def _after_results(dated: dict[URIRef, int], figures: Sequence[Fig]) -> dict[URIRef, int]:
    """``dated`` and, for the figures' documents without a date, the year after their latest result."""
    years = dict(dated)
    for fig in figures:
        if fig.doc not in years:
            latest = max((f.year for f in figures if f.doc == fig.doc), default=fig.year)
            results = [f.year for f in figures if f.doc == fig.doc and f.kind == "Result"]
            years[fig.doc] = max(results) + 1 if results else latest
    return years


def higher_is_better(source) -> dict[URIRef, bool]:
    """Indicator → whether higher is better, as the graph states it (the scheme's otherwise)."""
    from policykg.indicators.scheme import load_scheme

    better = {URIRef(ID_IRI + key): ind.higher_is_better for key, ind in load_scheme().indicators.items()}
    for row in _select(source, HIGHER_QUERY):
        better[row["i"]] = bool(row["better"].toPython())
    return better


# ---- judging ---------------------------------------------------------------------------------------


def compute_checks(
    source, tolerance: Tolerance | None = None, about: Iterable[URIRef] | None = None
) -> list[Check]:
    """Every promise check the figures of ``source`` allow, by the contract's rules."""
    return judge_figures(source, read_figures(source, about), tolerance)


def judge_figures(source, figures: Sequence[Fig], tolerance: Tolerance | None = None) -> list[Check]:
    """The checks among ``figures`` (document years and better directions read from ``source``)."""
    tolerance = tolerance or Tolerance()
    docs_of = _documents_of(source, {fig.about for fig in figures})
    years = document_years(source, figures, set().union(*docs_of.values()))
    better = higher_is_better(source)
    results: dict[tuple, list[Fig]] = defaultdict(list)
    by_indicator: dict[tuple, list[Fig]] = defaultdict(list)
    for fig in figures:
        docs_of[fig.about].add(fig.doc)
        if fig.kind == "Result":
            results[(fig.about, fig.measures, fig.year)].append(fig)
            by_indicator[(fig.measures, fig.year)].append(fig)
    checks = []
    for target in (f for f in figures if f.kind == "Target"):
        found = results.get((target.about, target.measures, target.year), []) + _company_results(
            target, by_indicator[(target.measures, target.year)], docs_of[target.about]
        )
        check = judge(target, found, years, better.get(target.measures, True), tolerance)
        if check is None and any(years.get(d, 0) > target.year for d in docs_of[target.about] - {target.doc}):
            check = Check(target, None, "NotReported", _reason(target, None, "NotReported"))
        if check is not None:
            checks.append(check)
    return checks


def _company_results(target: Fig, found: Sequence[Fig], docs: set[URIRef]) -> list[Fig]:
    """Results of a company in its city's reports for a city's target, or the other way round.

    A city report may state a company's target as the city's ("力争在长口径生产整车260万辆") and its
    result as the company's ("一汽在长生产整车155.8万辆"): the same indicator and year in a later
    report of the same subject count when one side is an organization.
    """
    company = "/organization/"
    return [
        r for r in found
        if r.doc in docs and r.about != target.about and (company in str(r.about) or company in str(target.about))
    ]  # fmt: skip


def _documents_of(source, subjects: set[URIRef]) -> dict[URIRef, set[URIRef]]:
    """Subject → the documents that mention it (a later one makes a silent target NotReported)."""
    docs: dict[URIRef, set[URIRef]] = defaultdict(set)
    if subjects:
        values = " ".join(f"<{s}>" for s in sorted(subjects))
        for row in _select(source, MENTIONS_QUERY.replace("SUBJECTS", values)):
            docs[row["about"]].add(row["doc"])
    return docs


def judge(target: Fig, found: Sequence[Fig], years: dict, better: bool, tolerance: Tolerance) -> Check | None:
    """The check of ``target`` against the results ``found`` for its subject, indicator and year.

    Counts pair only in the same classifier (1.6万套 of housing and 7个 projects are unlike things),
    unless the indicator lists the classifiers it is counted in (家 and 户 both count enterprises).
    """
    found = [r for r in found if (r.doc != target.doc or r.begin != target.begin) and _same_count(target, r)]
    if not found:
        return None

    def nearness(r: Fig) -> tuple:
        later = years.get(r.doc, 0) > target.year
        return (
            r.about != target.about,
            not later,
            abs(years.get(r.doc, 0) - target.year - 1),
            str(r.doc),
            r.begin,
        )

    same = [r for r in found if r.aspect == target.aspect and r.family == target.family]
    if not same:
        result = min(found, key=nearness)
        return Check(target, result, "NotComparable", _reason(target, result, "NotComparable"))
    result = min(same, key=nearness)
    slack = Decimal(0)
    if target.comparator == "About":
        slack = tolerance.points if target.unit == PERCENT else abs(target.value) * tolerance.share
    if better:
        kept = result.signed >= target.signed - slack
    else:
        kept = result.signed <= target.signed + slack
    verdict = "Kept" if kept else "Missed"
    return Check(target, result, verdict, _reason(target, result, verdict, better))


def _same_count(target: Fig, result: Fig) -> bool:
    from policykg.indicators.counts import anchor_count_word
    from policykg.indicators.scheme import load_scheme

    if target.family != "NUM" or result.family != "NUM":
        return True
    indicator = load_scheme().indicators.get(str(target.measures)[len(ID_IRI) :])
    if indicator is not None and indicator.count_words:
        return True  # annotate measured both only in the indicator's classifiers
    words = anchor_count_word(target.anchor), anchor_count_word(result.anchor)
    return None in words or words[0] == words[1]


def _show(fig: Fig) -> str:
    unit = "%" if fig.unit == PERCENT else " " + fig.family
    return f"{format(fig.signed.normalize(), 'f')}{unit}"


def _reason(target: Fig, result: Fig | None, verdict: str, better: bool = True) -> str:
    """The one-sentence rdfs:comment of a check."""
    about = "about " if target.comparator == "About" else ""
    aim = f"the {target.year} target of {about}{_show(target)}"
    if verdict == "NotReported":
        return f"A later report exists but gives no result for {aim}."
    assert result is not None
    if verdict == "NotComparable":
        return f"The only result, {_show(result)}, is not in the aspect or unit of {aim}."
    word = "meets" if verdict == "Kept" else "misses"
    return f"The result {_show(result)} {word} {aim} ({'higher' if better else 'lower'} is better)."


# ---- writing ---------------------------------------------------------------------------------------


def check_triples(check: Check) -> list[tuple]:
    """The triples of one check (its evidence is the union of its two figures' evidence)."""
    node, target = check.node, check.target
    triples = [
        (node, RDF.type, PK.PromiseCheck),
        (
            node,
            RDFS.label,
            Literal(
                f"{target.anchor} ({target.year}): {check.verdict}",
                lang="zh" if _cjk(target.anchor) else "en",
            ),
        ),
        (node, PK.about, target.about),
        (node, PK.measures, target.measures),
        (node, PK.aspect, target.aspect),
        (node, PK.year, Literal(f"{target.year:04d}", datatype=XSD.gYear)),
        (node, PK.checksTarget, target.node),
        (node, PK.verdict, PK[check.verdict]),
        (node, RDFS.comment, Literal(check.comment, lang="en")),
    ]
    if check.result is not None:
        triples.append((node, PK.checksResult, check.result.node))
    triples += [(node, PK.evidence, fig.evidence) for fig in (target, check.result) if fig is not None]
    return triples


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def add_checks(graph: Graph, checks: Iterable[Check]) -> int:
    """Add ``checks`` to ``graph`` with their evidence; the number added."""
    count = 0
    for check in checks:
        for triple in check_triples(check):
            graph.add(triple)
        count += 1
    return count


def add_checks_by_subject(graphs, checks: Iterable[Check]) -> int:
    """Add ``checks`` to ``graphs`` (policykg.graph.Graphs), each subject's in its own named graph."""
    count = 0
    for check in checks:
        count += add_checks(graphs.graph(CHECKS_GRAPH + str(check.target.about)[len(ID_IRI) :]), [check])
    return count


def add_promise_checks(graph: Graph, tolerance: Tolerance | None = None) -> int:
    """Compute the checks of every subject in ``graph`` and add them to it; the number added."""
    return add_checks(graph, compute_checks(graph, tolerance))


# ---- stores ----------------------------------------------------------------------------------------


def check_inputs(store, documents: Sequence[str], keys_only: bool = False) -> dict[URIRef, tuple | None]:
    """Subject → what its checks take from ``documents``: their figures about it, mentions of it and years.

    The subjects are those the documents give comparable figures about.  A subject whose inputs
    are the same before and after a build keeps the same checks: the rest of the store did not
    change (``update_store_checks``).  ``keys_only``: the subjects alone (None each), in one query.
    """
    if not documents:
        return {}
    values = "VALUES ?doc { " + " ".join(f"<{d}>" for d in sorted(documents)) + " }"
    if keys_only:
        query = f"SELECT DISTINCT ?about WHERE {{ {values} GRAPH ?doc {{ ?f pk:about ?about ; pk:measures ?m }} }}"
        return {row["about"]: None for row in _select(store, query) if isinstance(row["about"], URIRef)}
    figures: dict[URIRef, set[Fig]] = defaultdict(set)
    for document in documents:  # one query each: Oxigraph joins from a single ?doc, not from a list
        for fig in _figures(store, f"VALUES ?doc {{ <{document}> }}"):
            figures[fig.about].add(fig)
    mentions: dict[URIRef, set[URIRef]] = defaultdict(set)
    for row in _select(store, f"SELECT ?about ?doc WHERE {{ {values} ?about pk:mentionedIn ?doc }}"):
        if row["about"] in figures:
            mentions[row["about"]].add(row["doc"])
    dated = _dated(store, sorted(URIRef(d) for d in documents))
    inputs: dict[URIRef, tuple | None] = {}
    for subject, own in figures.items():
        docs = mentions[subject] | {fig.doc for fig in own}
        years = _after_results({d: dated[d] for d in docs if d in dated}, sorted(own, key=_figure_order))
        inputs[subject] = (frozenset(own), frozenset(mentions[subject]), frozenset(years.items()))
    return inputs


def _figure_order(fig: Fig) -> tuple:
    return (str(fig.doc), fig.begin, str(fig.node), str(fig.evidence))


def update_store_checks(
    store,
    before: dict[URIRef, tuple | None],
    documents: Sequence[str],
    tolerance: Tolerance | None = None,
    every: bool = False,
) -> int:
    """Recompute the checks of the subjects the changed documents give figures about, before or after.

    ``before`` is ``check_inputs`` of the replaced and removed documents before the build,
    ``documents`` the added and replaced ones (read after it); a subject whose inputs did not
    change keeps its checks (a document that changed in words but not in figures, years or
    mentions costs no recomputation).  With nothing to compare (only added documents) or
    ``every``, every subject of the documents is recomputed.  A store that can (Oxigraph) writes
    only the triples of a subject's checks that changed.
    """
    if every or not before:
        changed = set(before) | set(check_inputs(store, documents, keys_only=True))
    else:
        after = check_inputs(store, documents)
        changed = {s for s in before.keys() | after.keys() if before.get(s) != after.get(s)}
    count = 0
    for subject in sorted(changed):
        figures = read_figures(store, [subject])
        checks = judge_figures(store, figures, tolerance)
        name = URIRef(CHECKS_GRAPH + str(subject)[len(ID_IRI) :])
        if not checks:
            store.remove(str(name))
            continue
        triples = [(name, PK.about, subject)]
        triples += [(name, PROV.wasDerivedFrom, doc) for doc in sorted({fig.doc for fig in figures})]
        for check in checks:
            triples += check_triples(check)
        _write_graph(store, name, triples)
        count += len(checks)
    return count


def _write_graph(store, name: URIRef, triples: list[tuple]) -> None:
    """Replace the named graph ``name`` by ``triples``, writing only what changed when the store can."""
    replace_changes = getattr(store, "replace_changes", None)
    if replace_changes is None:
        graph = Graph()
        for triple in triples:
            graph.add(triple)
        store.replace(str(name), graph)
        return
    from policykg.terms import nt_lines

    replace_changes(str(name), "".join(line + "\n" for line in nt_lines(triples)))
