"""Promise checks: each target of year N against the result for the same subject, indicator and year.

Reads figures that carry ``pk:measures``, ``pk:aspect``, ``pk:about`` and ``pk:year`` (see
``policykg.indicators``) from an rdflib Graph or a Store, pairs targets with results and judges them
by the verdict rules of ONTOLOGY-CONTRACT.md ("Promise checks"); writes ``pk:PromiseCheck`` nodes.
A store keeps each subject's checks in its own named graph, so an incremental build recomputes only
the subjects whose documents changed.
May import: policykg.model, policykg.namespaces, policykg.indicators, policykg.store, policykg.terms, rdflib.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from policykg.errors import InputError
from policykg.model import ID_IRI, PK_IRI
from policykg.namespaces import NIF, PK
from policykg.terms import iri, literal, unescape

CHECKS_GRAPH = ID_IRI + "graph/checks/"  # + subject key: a store's named graph of one subject's checks
PERCENT = "http://qudt.org/vocab/unit/PERCENT"
DEFAULT_POINTS = Decimal("0.5")  # the contract's tolerance for an "about" percent target
DEFAULT_SHARE = Decimal("0.02")  # and for any other unit, as a share of the target's value
UNIT_FAMILY = {"Yuan": "CNY"}
COMPANY = "/organization/"  # in the IRI of an Organization: its results may count for a city's target
DOC_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月")

FIGURE_COLUMNS = (
    "?f ?kind ?value ?unit ?comparator ?direction ?year ?measures ?aspect ?about ?ev ?doc ?begin ?anchor"
)
"""What the checks read of a figure (``_figures`` takes rows of these columns)."""
_FIGURE_PATTERN = """?f a ?kind ; pk:measures ?measures ; pk:aspect ?aspect ; pk:about ?about ; pk:year ?year ;
     pk:value ?value ; pk:unit ?unit ; pk:evidence ?ev .
  ?ev nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:anchorOf ?anchor .
  OPTIONAL { ?f pk:comparator ?comparator }
  OPTIONAL { ?f pk:direction ?direction }"""
FIGURES_QUERY = f"""
SELECT {FIGURE_COLUMNS}
WHERE {{
  FILTER_ABOUT
  VALUES ?kind {{ pk:Target pk:Result }}
  {_FIGURE_PATTERN}
}}"""
DOCUMENTS_QUERY = """
SELECT ?doc ?date (SUBSTR(?text, 1, 600) AS ?opening) WHERE {
  FILTER_DOCS
  ?doc a pk:Document .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc nif:isString ?text }
}"""
STORE_FIGURES_QUERY = (
    f"\nSELECT {FIGURE_COLUMNS}\n"
    + """WHERE {
  { SELECT ?f ?kind WHERE { VALUES ?kind { pk:Target pk:Result } ?f a ?kind } }
  { SELECT ?f ?measures WHERE { ?f pk:measures ?measures } }
  { SELECT ?f ?aspect WHERE { ?f pk:aspect ?aspect } }
  { SELECT ?f ?about WHERE { ?f pk:about ?about } }
  { SELECT ?f ?year WHERE { ?f pk:year ?year } }
  { SELECT ?f ?value WHERE { ?f pk:value ?value } }
  { SELECT ?f ?unit WHERE { ?f pk:unit ?unit } }
  { SELECT ?f ?ev WHERE { ?f pk:evidence ?ev } }
  { SELECT ?ev ?doc WHERE { ?ev nif:referenceContext ?doc } }
  { SELECT ?ev ?begin WHERE { ?ev nif:beginIndex ?begin } }
  { SELECT ?ev ?anchor WHERE { ?ev nif:anchorOf ?anchor } }
  OPTIONAL { ?f pk:comparator ?comparator }
  OPTIONAL { ?f pk:direction ?direction }
}"""
)
"""FIGURES_QUERY for every subject of a store at once: each property in its own sub-select, so
Oxigraph scans each once and hash-joins them instead of looking each figure's properties up one by
one (782 reports: 3 s instead of 5 s, and 10 s as 94 queries of one subject each)."""
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

    node: str  # IRIs as plain strings (rdflib is not needed to judge)
    kind: str  # "Target" or "Result"
    value: Decimal
    unit: str
    comparator: str | None
    decrease: bool
    year: int
    measures: str
    aspect: str
    about: str
    evidence: str
    doc: str
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


def _rows(source, sparql: str) -> list[tuple]:
    """Rows of a SELECT as tuples of plain terms: an IRI a ``str``, a literal its lexical form in a
    1-tuple, unbound None.  A store that can (Oxigraph) builds no rdflib term for them."""
    plain_rows = getattr(source, "plain_rows", None)
    if plain_rows is not None:
        return [
            tuple(v if v is None or type(v) is str else v[:1] for v in row)
            for row in plain_rows(PREFIXES + sparql)
        ]
    rows = []
    for row in _select(source, sparql):
        rows.append(tuple(_plain_term(term) for term in row.values()))
    return rows


def _plain_term(term):  # noqa: ANN001, ANN202 - rdflib term -> str, (str,) or None
    if term is None:
        return None
    if isinstance(term, Literal):
        return (str(term),)
    if isinstance(term, URIRef):
        return str(term)
    return f"_:{term}"


def _text(value) -> str:  # noqa: ANN001 - a plain term (see _rows)
    """An IRI, or a literal's lexical form."""
    return value if type(value) is str else value[0]


def _iri(value) -> bool:  # noqa: ANN001 - a plain term (see _rows)
    return type(value) is str and not value.startswith("_:")


def read_figures(source, about: Iterable[str] | None = None) -> list[Fig]:
    """The comparable figures of ``source`` (of the subjects ``about`` only, when given)."""
    subjects = list(about) if about is not None else None
    where = ""
    if subjects is not None:
        where = "VALUES ?about { " + " ".join(f"<{s}>" for s in subjects) + " }"
    return _chosen(_figures(_rows(source, FIGURES_QUERY.replace("FILTER_ABOUT", where))))


def _chosen(rows: Iterable[Fig]) -> list[Fig]:
    """One Fig per figure (its first evidence; ties broken on every field, so the order the rows
    come in does not matter), in document order."""
    figures: dict[str, Fig] = {}
    for fig in rows:
        old = figures.get(fig.node)
        if old is None or _row_order(fig) < _row_order(old):
            figures[fig.node] = fig
    return sorted(figures.values(), key=lambda f: (str(f.doc), f.begin, str(f.node)))


def _row_order(fig: Fig) -> tuple:
    return (
        fig.begin, fig.about, fig.evidence, fig.kind, fig.value, fig.unit, fig.comparator or "", fig.decrease,
        fig.year, fig.measures, fig.aspect, fig.doc, fig.anchor,
    )  # fmt: skip


def _figures(rows: Iterable[tuple]) -> Iterator[Fig]:
    """Every row of FIGURES_QUERY (or a query of the same columns, or ``figure_rows``) as a Fig."""
    kind_at = len(PK_IRI)
    for (
        f,
        kind,
        value,
        unit,
        comparator,
        direction,
        year,
        measures,
        aspect,
        about,
        ev,
        doc,
        begin,
        anchor,
    ) in rows:
        try:
            yield Fig(
                node=f,
                kind=kind[kind_at:],
                value=Decimal(_text(value)),
                unit=_text(unit),
                comparator=_text(comparator)[kind_at:] if comparator else None,
                decrease=_text(direction).endswith("Decrease") if direction else False,
                year=int(_text(year)[:4]),
                measures=measures,
                aspect=aspect,
                about=about,
                evidence=ev,
                doc=doc,
                begin=int(_text(begin)),
                anchor=_text(anchor),
            )
        except (InvalidOperation, ValueError):
            continue


_ROW_COLUMNS = (
    PK.value,
    PK.unit,
    PK.comparator,
    PK.direction,
    PK.year,
    PK.measures,
    PK.aspect,
    PK.about,
    PK.evidence,
)
"""A figure's properties in the order of the columns of STORE_FIGURES_QUERY after ?f ?kind."""
_COLUMNS = {
    iri(str(p)): column
    for column, p in enumerate((RDF.type, *_ROW_COLUMNS, NIF.referenceContext, NIF.beginIndex, NIF.anchorOf))
}
"""Property → its column: 0-9 a figure's (``_ROW_COLUMNS``), 10-12 its evidence's (document, begin, anchor)."""
_KINDS = frozenset(iri(str(PK[kind])) for kind in ("Target", "Result"))
_TYPE_NT = iri(str(RDF.type))


def figure_rows(triples: Iterable[tuple[str, str, str]]) -> Iterator[tuple]:
    """The rows ``STORE_FIGURES_QUERY`` gives over ``triples`` alone (N-Triples forms, e.g. one
    document's graph), in the plain terms ``_rows`` gives, in no particular order.

    A corpus build's workers send them with each document, so the checks of a fresh store need not
    read every figure back (782 reports: ~6 s of a 90 s build).  The union of the documents' rows
    is the store's when no figure or evidence node is in two documents (their IRIs are the document's).
    """
    triples = triples if isinstance(triples, Collection) else list(triples)
    columns_of = _COLUMNS.get
    figures: dict[str, list[list[str]]] = {
        s: [[] for _ in range(10)] for s, p, o in triples if o in _KINDS and p == _TYPE_NT
    }
    for s, p, o in triples:  # the figures' own properties (many other nodes have evidence, a year...)
        if s in figures and (column := columns_of(p)) is not None and column < 10 and (column or o in _KINDS):
            figures[s][column].append(o)
    evidence = {ev for columns in figures.values() for ev in columns[9]}
    spans: dict[str, list[list[str]]] = {ev: [[], [], []] for ev in evidence}
    for s, p, o in triples:  # then its evidence's (a document has many more spans than figures)
        if s in evidence and (column := columns_of(p)) is not None and column >= 10:
            spans[s][column - 10].append(o)
    plain = functools.cache(_plain_form)  # one object per term: a worker pickles each once
    for node, columns in figures.items():
        kinds, values, units, comparators, directions, years, measures, aspects, abouts, evidence = columns
        if not (kinds and values and units and years and measures and aspects and abouts and evidence):
            continue
        for ev in evidence:
            docs, begins, anchors = spans.get(ev, ([], [], []))
            for row in itertools.product(
                kinds, values, units, comparators or [None], directions or [None], years, measures, aspects,
                abouts, [ev], docs, begins, anchors,
            ):  # fmt: skip
                yield (plain(node), *map(plain, row))


def _plain_form(form: str | None):  # noqa: ANN202 - str, (str,) or None: a plain term (see _rows)
    """The plain term (see ``_rows``) of an N-Triples form."""
    if form is None or form.startswith("_:"):
        return form
    if form.startswith("<"):
        return unescape(form[1:-1])
    return (unescape(form[1 : form.rindex('"')]),)


def document_years(source, figures: Sequence[Fig], documents: Iterable[str] | None = None) -> dict[str, int]:
    """The year of each document: its dcterms:date, its opening's date, else after its latest result.

    ``documents`` limits the documents read from ``source`` (and the figures' own documents).
    """
    if documents is not None:
        wanted = set(documents) | {fig.doc for fig in figures}
        if not wanted:
            return {}
        return _after_results(_dated(source, sorted(wanted)), figures)
    return _after_results(_dated(source, None), figures)


def _dated(source, documents: Sequence[str] | None) -> dict[str, int]:
    """The year of each document (of ``documents`` only, when given) its date or its opening states."""
    years: dict[str, int] = {}
    where = "" if documents is None else "VALUES ?doc { " + " ".join(f"<{d}>" for d in documents) + " }"
    for doc, date, text in _rows(source, DOCUMENTS_QUERY.replace("FILTER_DOCS", where)):
        if date is not None and _text(date)[:4].isdigit():
            years[doc] = int(_text(date)[:4])
        elif text is not None and (match := DOC_DATE.search(_text(text)[:600])):
            years[doc] = int(match.group(1))
    return years


def _after_results(dated: dict[str, int], figures: Iterable[Fig]) -> dict[str, int]:
    """``dated`` and, for the figures' documents without a date, the year after their latest result
    (their latest year when they give no result)."""
    latest: dict[str, int] = {}
    results: dict[str, int] = {}
    for fig in figures:
        if fig.doc not in dated:
            latest[fig.doc] = max(latest.get(fig.doc, fig.year), fig.year)
            if fig.kind == "Result":
                results[fig.doc] = max(results.get(fig.doc, fig.year), fig.year)
    years = dict(dated)
    for doc, year in latest.items():
        years[doc] = results[doc] + 1 if doc in results else year
    return years


def higher_is_better(source) -> dict[str, bool]:
    """Indicator → whether higher is better, as the graph states it (the scheme's otherwise)."""
    from policykg.indicators.scheme import load_scheme

    better = {ID_IRI + key: ind.higher_is_better for key, ind in load_scheme().indicators.items()}
    for row in _select(source, HIGHER_QUERY):
        better[str(row["i"])] = bool(row["better"].toPython())
    return better


# ---- judging ---------------------------------------------------------------------------------------


def compute_checks(
    source, tolerance: Tolerance | None = None, about: Iterable[str] | None = None
) -> list[Check]:
    """Every promise check the figures of ``source`` allow, by the contract's rules."""
    return judge_figures(source, read_figures(source, about), tolerance)


def judge_figures(source, figures: Sequence[Fig], tolerance: Tolerance | None = None) -> list[Check]:
    """The checks among ``figures`` (document years and better directions read from ``source``)."""
    mentions = _documents_of(source, {fig.about for fig in figures})
    wanted = set().union(*mentions.values()) | {fig.doc for fig in figures}
    dated = _dated(source, sorted(wanted)) if wanted else {}
    return _judge(figures, mentions, dated, higher_is_better(source), tolerance)


def _judge(
    figures: Sequence[Fig],
    mentions: dict[str, set[str]],
    dated: dict[str, int],
    better: dict[str, bool],
    tolerance: Tolerance | None = None,
) -> list[Check]:
    """The checks among ``figures``, given the documents that mention each subject (``mentions``),
    the documents' own years (``dated``, see ``_dated``) and the indicators' better directions."""
    tolerance = tolerance or Tolerance()
    docs_of: dict[str, set[str]] = defaultdict(set)
    for subject in {fig.about for fig in figures}:
        docs_of[subject] = set(mentions.get(subject, ()))
    wanted = set().union(*docs_of.values()) | {fig.doc for fig in figures}
    years = _after_results({doc: dated[doc] for doc in wanted if doc in dated}, figures)
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
    return [r for r in found if r.doc in docs and _company_pair(target.about, r.about)]


def _company_pair(target_about: str, result_about: str) -> bool:
    """Whether a result about ``result_about`` may count for a target about ``target_about``
    although they are different subjects: one of them is an organization (``_company_results``)."""
    return target_about != result_about and (COMPANY in str(result_about) or COMPANY in str(target_about))


def _documents_of(source, subjects: set[str]) -> dict[str, set[str]]:
    """Subject → the documents that mention it (a later one makes a silent target NotReported)."""
    docs: dict[str, set[str]] = defaultdict(set)
    if subjects:
        values = " ".join(f"<{s}>" for s in sorted(subjects))
        for about, doc in _rows(source, MENTIONS_QUERY.replace("SUBJECTS", values)):
            docs[about].add(doc)
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
    return [(URIRef(s), URIRef(p), _rdflib_term(o)) for s, p, o in _check_statements(check)]


def _rdflib_term(term):  # noqa: ANN001, ANN202 - a plain term (see _check_statements) -> Node
    if type(term) is tuple:
        lexical, language, datatype = term
        return Literal(lexical, lang=language, datatype=URIRef(datatype) if datatype else None)
    return URIRef(term)


def check_lines(check: Check) -> list[str]:
    """The N-Triples lines of ``check_triples`` (without newlines), written from plain strings."""
    return [f"{iri(s)} {iri(p)} {_nt(o)} ." for s, p, o in _check_statements(check)]


def _nt(term) -> str:  # noqa: ANN001 - a plain term (see _check_statements)
    if type(term) is tuple:
        lexical, language, datatype = term
        return literal(lexical, language, iri(datatype) if datatype else None)
    return iri(term)


_TYPE, _LABEL, _COMMENT = str(RDF.type), str(RDFS.label), str(RDFS.comment)
_PROMISE_CHECK, _ABOUT, _MEASURES, _ASPECT, _YEAR = (
    str(PK.PromiseCheck), str(PK.about), str(PK.measures), str(PK.aspect), str(PK.year)
)  # fmt: skip
_TARGET, _RESULT, _VERDICT, _EVIDENCE = (
    str(PK.checksTarget),
    str(PK.checksResult),
    str(PK.verdict),
    str(PK.evidence),
)
_GYEAR = str(XSD.gYear)
_DERIVED = str(PROV.wasDerivedFrom)


def _check_statements(check: Check) -> list[tuple]:
    """The triples of one check in plain terms: an IRI a ``str``, a literal (lexical, language, datatype)."""
    node, target = str(check.node), check.target
    label = f"{target.anchor} ({target.year}): {check.verdict}"
    triples = [
        (node, _TYPE, _PROMISE_CHECK),
        (node, _LABEL, (label, "zh" if _cjk(target.anchor) else "en", None)),
        (node, _ABOUT, str(target.about)),
        (node, _MEASURES, str(target.measures)),
        (node, _ASPECT, str(target.aspect)),
        (node, _YEAR, (f"{target.year:04d}", None, _GYEAR)),
        (node, _TARGET, str(target.node)),
        (node, _VERDICT, PK_IRI + check.verdict),
        (node, _COMMENT, (check.comment, "en", None)),
    ]
    if check.result is not None:
        triples.append((node, _RESULT, str(check.result.node)))
    triples += [(node, _EVIDENCE, str(fig.evidence)) for fig in (target, check.result) if fig is not None]
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


MANY_SUBJECTS = 32
"""From this many subjects on, ``update_store_checks`` reads every figure of the store in one query
(``STORE_FIGURES_QUERY``) instead of one query per subject (each ~0.02-0.1 s on 10,000 documents
or 782 reports; the whole store's figures 3-5 s)."""
MANY_DOCUMENTS = 64
"""From this many documents on, a store's subjects are read from every document (``MANY_KEYS_QUERY``)."""
MANY_DATED = 1000
"""From this many documents on, ``_dated`` reads every document of the store, not a VALUES list of them
(10,000 documents: 40 or 500 listed 0.006-0.035 s, 2,000 listed 0.45 s, all 0.47 s)."""
KEYS_QUERY = "SELECT DISTINCT ?about WHERE { DOCS GRAPH ?doc { ?f pk:about ?about ; pk:measures ?m } }"
MANY_KEYS_QUERY = """SELECT DISTINCT ?about WHERE { DOCS {
  SELECT DISTINCT ?doc ?about WHERE {
    { SELECT ?doc ?f WHERE { GRAPH ?doc { ?f pk:measures ?m } } }
    { SELECT ?doc ?f ?about WHERE { GRAPH ?doc { ?f pk:about ?about } } }
  } } }"""
"""KEYS_QUERY for many documents: two scans hash-joined, not one look-up per figure (1.3 -> 0.2 s
on 782 reports); for one document, KEYS_QUERY reads only that document's figures."""


MENTIONED_QUERY = """SELECT ?about ?doc WHERE { DOCS ?about pk:mentionedIn ?doc .
  FILTER EXISTS { ?f pk:about ?about } }"""
"""The subjects the documents mention that some figure is about (only they can have checks): a
document mentions ~30 nodes, each looked up once (10,000 documents, one listed: 0.4 ms)."""
MANY_MENTIONED_QUERY = """SELECT ?about ?doc WHERE { DOCS
  { SELECT ?about ?doc WHERE { ?about pk:mentionedIn ?doc } }
  { SELECT DISTINCT ?about WHERE { ?f pk:about ?about } } }"""
"""MENTIONED_QUERY for many documents: two scans hash-joined (10,000 documents, all listed:
4.1 -> 0.3 s; 1,000 listed: 0.5 -> 0.2 s)."""


def check_inputs(store, documents: Sequence[str], keys_only: bool = False) -> dict[str, tuple | None]:
    """Subject → what its checks take from ``documents``: their figures about it, mentions of it and years.

    The subjects are those the documents give comparable figures about or mention (of the
    mentioned, those some figure of the store is about: only they can have checks).  A subject
    whose inputs are the same before and after a build keeps the same checks: the rest of the
    store did not change (``update_store_checks``).  ``keys_only``: the subjects alone (None each).
    """
    if not documents:
        return {}
    values = "VALUES ?doc { " + " ".join(f"<{d}>" for d in sorted(documents)) + " }"
    many = len(documents) >= MANY_DOCUMENTS
    mentioned = _rows(store, (MANY_MENTIONED_QUERY if many else MENTIONED_QUERY).replace("DOCS", values))
    if keys_only:
        keys = _rows(store, (MANY_KEYS_QUERY if many else KEYS_QUERY).replace("DOCS", values))
        return {about: None for (about, *_) in keys + mentioned if _iri(about)}
    figures: dict[str, set[Fig]] = defaultdict(set)
    results: dict[str, list[Fig]] = defaultdict(list)  # document → its results, of every subject
    for fig in _document_figures(store, documents):
        figures[fig.about].add(fig)
        if fig.kind == "Result":
            results[fig.doc].append(fig)
    mentions: dict[str, set[str]] = defaultdict(set)
    for about, doc in mentioned:
        if _iri(about):
            mentions[about].add(doc)
    years = _after_results(_dated(store, sorted(documents)), (fig for own in figures.values() for fig in own))
    inputs: dict[str, tuple | None] = {}
    for subject in figures.keys() | mentions.keys():
        own = figures[subject]
        docs = mentions[subject] | {fig.doc for fig in own}
        company = frozenset(r for d in docs for r in results[d] if _company_pair(subject, r.about))
        seen = frozenset((d, years[d]) for d in docs if d in years)
        inputs[subject] = (frozenset(own), frozenset(mentions[subject]), seen, company)
    return inputs


def _document_figures(store, documents: Iterable[str]) -> Iterator[Fig]:
    """Every figure row of ``documents`` (of any subject)."""
    for document in documents:  # one query each: Oxigraph joins from a single ?doc, not from a list
        yield from _figures(
            _rows(store, FIGURES_QUERY.replace("FILTER_ABOUT", f"VALUES ?doc {{ <{document}> }}"))
        )


def update_store_checks(
    store,
    before: dict[str, tuple | None],
    documents: Sequence[str],
    tolerance: Tolerance | None = None,
    every: bool = False,
    rows: Iterable[tuple] | None = None,
) -> int:
    """Recompute the checks of the subjects the changed documents give figures about or mention,
    before or after (see ``check_inputs``).

    ``before`` is ``check_inputs`` of the replaced and removed documents before the build,
    ``documents`` the added and replaced ones (read after it); a subject whose inputs did not
    change keeps its checks (a document that changed in words but not in figures, years or
    mentions costs no recomputation).  With nothing to compare (only added documents) or
    ``every``, every subject of the documents is recomputed.  What the checks read is read once
    for all subjects (``_store_inputs``); a store that can (Oxigraph) writes only the triples of
    a subject's checks that changed, and the graphs of new subjects in one load.  ``rows``, when
    given, are the rows of every figure of the store (``figure_rows`` of each document of a store
    built afresh), which are then not read back.
    """
    if every or not before:
        changed = set(before) | set(check_inputs(store, documents, keys_only=True))
    else:
        after = check_inputs(store, documents)
        changed = {s for s in before.keys() | after.keys() if before.get(s) != after.get(s)}
    subjects = sorted(changed)
    figures, mentions, dated, better = _store_inputs(store, subjects, rows)
    count, size = 0, 0
    graphs: list[tuple[str, str | None]] = []
    for subject in subjects:
        checks = _judge(figures[subject], mentions, dated, better, tolerance)
        name = CHECKS_GRAPH + subject[len(ID_IRI) :]
        if not checks:
            graphs.append((name, None))
            continue
        lines = [f"{iri(name)} {iri(_ABOUT)} {iri(subject)} ."]
        derived = {f.doc for f in figures[subject] if f.about == subject}
        derived |= {check.result.doc for check in checks if check.result is not None}
        lines += [f"{iri(name)} {iri(_DERIVED)} {iri(doc)} ." for doc in sorted(derived)]
        for check in checks:
            lines += check_lines(check)
        graphs.append((name, "".join(line + "\n" for line in lines)))
        size += len(graphs[-1][1])
        count += len(checks)
        if size >= WRITE_BYTES:
            _write_graphs(store, graphs)
            graphs, size = [], 0
    _write_graphs(store, graphs)
    return count


WRITE_BYTES = 1 << 24
"""``update_store_checks`` writes the checks graphs of its subjects in batches of about this much N-Triples."""


def _store_inputs(
    store, subjects: Sequence[str], rows: Iterable[tuple] | None = None
) -> tuple[dict, dict, dict, dict]:
    """What the checks of ``subjects`` read from ``store``, as a file build's ``_judge`` sees them.

    Each subject's figures (``read_figures``; from ``rows`` when given, see ``update_store_checks``)
    with the results of other subjects ``_company_results`` may count for its targets, the
    documents that mention each, the documents' years (dated, else after the latest result of all
    their figures) and the indicators' better directions.
    """
    every: dict[str, list[Fig]] | None = None
    if rows is None and len(subjects) < MANY_SUBJECTS:
        figures = {subject: read_figures(store, [subject]) for subject in subjects}
    else:
        found: dict[str, list[Fig]] = defaultdict(list)
        for fig in _figures(_rows(store, STORE_FIGURES_QUERY) if rows is None else rows):
            found[fig.about].append(fig)
        every = {about: _chosen(figs) for about, figs in found.items()}
        figures = {subject: every.get(subject, []) for subject in subjects}
    mentions = _documents_of(store, {subject for subject in subjects if figures[subject]})
    docs_of = {s: mentions.get(s, set()) | {f.doc for f in figures[s]} for s in subjects if figures[s]}
    wanted = set().union(*docs_of.values())
    dated = {}
    if wanted:
        dated = _dated(store, None if len(wanted) >= MANY_DATED else sorted(wanted))
    if every is None:
        dated, others = _read_company_inputs(store, figures, docs_of, dated)
        pool = _company_pool(others)
    else:
        dated = _after_results(dated, (fig for figs in every.values() for fig in figs))
        pool = _company_pool(fig for figs in every.values() for fig in figs)
    judged = {
        subject: sorted(
            own + _company_candidates(subject, own, docs_of.get(subject, set()), pool), key=_in_document
        )
        for subject, own in figures.items()
    }
    return judged, mentions, dated, higher_is_better(store)


def _in_document(fig: Fig) -> tuple:
    return (str(fig.doc), fig.begin, str(fig.node))  # the order of _chosen


def _company_pool(figures: Iterable[Fig]) -> tuple[dict, dict]:
    """The results of ``figures`` by (indicator, year): all of them, and those about an organization."""
    every: dict[tuple, list[Fig]] = defaultdict(list)
    company: dict[tuple, list[Fig]] = defaultdict(list)
    for fig in figures:
        if fig.kind == "Result":
            every[(fig.measures, fig.year)].append(fig)
            if COMPANY in fig.about:
                company[(fig.measures, fig.year)].append(fig)
    return every, company


def _company_candidates(
    subject: str, own: Sequence[Fig], docs: set[str], pool: tuple[dict, dict]
) -> list[Fig]:
    """The results of other subjects ``_company_results`` may count for the targets of ``subject``."""
    pairs = {(f.measures, f.year) for f in own if f.kind == "Target"}
    found = pool[0] if COMPANY in subject else pool[1]
    return [
        r for pair in pairs for r in found.get(pair, ()) if r.doc in docs and _company_pair(subject, r.about)
    ]


_IN_GRAPH = f"""{{ GRAPH <DOC> {{
  {_FIGURE_PATTERN} }} }}"""
DOCUMENTS_FIGURES_QUERY = f"""
SELECT {FIGURE_COLUMNS}
WHERE {{ VALUES ?kind {{ pk:Target pk:Result }} {{ BLOCKS }} }}"""
"""Every figure of some documents, each read in its own graph: a UNION of one constant GRAPH each
(see ``_union_rows``; a VALUES list of the documents: 13 s for 114 of 782 reports, Oxigraph scans
every graph)."""
_COMPANY_RESULTS = """{ ?about a pk:Organization .
  GRAPH ?doc { ?f pk:about ?about ; pk:measures ?measures ; pk:year ?year } }"""
"""Where the figures about an organization are, in a store of many documents to search (the
extractor types every organization a figure is about): 2,000 generated documents, 2,012 figures,
0.05 s; 782 reports, 0.06 s."""
_ORGANIZATION_IN = """{ GRAPH <DOC> { ?f pk:about ?about } FILTER (CONTAINS(STR(?about), "COMPANY"))
  GRAPH <DOC> { ?f pk:measures ?measures ; pk:year ?year } BIND (<DOC> AS ?doc) }"""
"""Where the figures about an organization are, in one document (0.15-0.25 ms a document)."""
_MEASURED_RESULTS = """{ ?f pk:measures <MEASURES> ; a pk:Result ; pk:about ?about ; pk:year ?year ; pk:evidence ?ev .
  ?ev nif:referenceContext ?doc BIND (<MEASURES> AS ?measures) }"""
"""Where the results of one indicator are (782 reports, vehicle output: 44 results, 3 ms)."""
MANY_SEARCHED = 2000
"""From this many documents to search for an organization's results on, ``_read_company_inputs``
searches every organization's figures instead (10,000 generated documents: 0.25 s, and 566
documents searched 0.045 s)."""


def _read_company_inputs(
    store, figures: dict[str, list[Fig]], docs_of: dict[str, set[str]], dated: dict[str, int]
) -> tuple[dict[str, int], list[Fig]]:
    """``dated`` with the years of the undated documents of ``docs_of`` (after the latest result of
    all their figures), and the results ``_company_candidates`` may pick for ``figures``' targets.

    Two reads (each a few queries, see ``_union_rows``): where the candidates may be (an
    organization's figures in the documents of the other subjects, and the results of the
    indicators an organization has targets of), then every figure of the documents that hold one,
    or have no date, each read in its own graph.  Every property of every organization's result
    read in one query costs 0.6-0.7 s on 782 reports; a VALUES list of documents, 13 s.
    """
    wants: dict[tuple, list[str]] = defaultdict(list)  # (indicator, year) of a target → its subjects
    for subject, own in figures.items():
        for pair in {(f.measures, f.year) for f in own if f.kind == "Target"}:
            wants[pair].append(subject)
    blocks = [
        _MEASURED_RESULTS.replace("MEASURES", measures)
        for measures in sorted(
            {m for (m, _), subjects in wants.items() if any(COMPANY in s for s in subjects)}
        )
    ]
    searched = set().union(*(docs_of[s] for subjects in wants.values() for s in subjects if COMPANY not in s))
    if len(searched) >= MANY_SEARCHED:
        blocks.append(_COMPANY_RESULTS)
    else:
        blocks += [
            _ORGANIZATION_IN.replace("COMPANY", COMPANY).replace("DOC", doc) for doc in sorted(searched)
        ]
    read = set().union(*docs_of.values()) - dated.keys()
    for about, measures, year, doc in _union_rows(
        store, "SELECT ?about ?measures ?year ?doc WHERE { BLOCKS }", blocks
    ):
        if _text(year)[:4].isdigit():
            subjects = wants.get((measures, int(_text(year)[:4])), ())
            if any(doc in docs_of[s] and _company_pair(s, about) for s in subjects):
                read.add(doc)
    graphs = [_IN_GRAPH.replace("DOC", doc) for doc in sorted(read)]
    found = _chosen(_figures(_union_rows(store, DOCUMENTS_FIGURES_QUERY, graphs)))
    return _after_results(dated, found), [f for f in found if f.kind == "Result"]


UNION_BLOCKS = 16
"""``_union_rows`` asks at most this many blocks of a UNION in one query: Oxigraph's time grows
faster than their number (566 documents searched: 0.78 s in one query, 0.12 s by 100, 0.045 s by 10)."""


def _union_rows(store, sparql: str, blocks: Sequence[str]) -> list[tuple]:
    """The rows of ``sparql`` with BLOCKS replaced by the UNION of ``blocks``, UNION_BLOCKS at a time."""
    rows: list[tuple] = []
    for start in range(0, len(blocks), UNION_BLOCKS):
        rows += _rows(store, sparql.replace("BLOCKS", " UNION ".join(blocks[start : start + UNION_BLOCKS])))
    return rows


def _write_graphs(store, graphs: Sequence[tuple[str, str | None]]) -> None:
    """Replace each named graph by its N-Triples text (None: remove it), writing only what changed
    when the store can."""
    replace_graphs = getattr(store, "replace_graphs", None)
    if replace_graphs is not None:
        replace_graphs(graphs)
        return
    for name, ntriples in graphs:
        if ntriples is None:
            store.remove(name)
        else:
            store.replace_ntriples(name, ntriples)
