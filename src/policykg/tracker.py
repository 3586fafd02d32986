"""The promise table (``policykg track``) and the comparison across cities (``policykg compare``).

Reads the promise checks and comparable figures with the shipped queries ``promises.rq`` and
``indicator-by-city.rq`` from an rdflib Graph or a Store, filters them, and writes them as a
table, Markdown, CSV, JSON or one self-contained HTML page (no script, no network: an inline SVG).
May import: policykg.query, policykg.promises, policykg.errors, rdflib, the standard library.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from rdflib import Graph, Literal

from policykg.errors import InputError
from policykg.query import QueryResult, bind_parameters, format_result, named_query, run_on_store, run_query

TABLE_FORMATS = ("table", "md", "csv", "json")
TRACK_FORMATS = (*TABLE_FORMATS, "html", "summary")
COMPARE_FORMATS = (*TABLE_FORMATS, "html")
VERDICTS = ("Kept", "Missed", "NotReported", "NotComparable")
VERDICT_WORDS = {
    "Kept": "kept",
    "Missed": "missed",
    "NotReported": "not reported",
    "NotComparable": "not comparable",
}
COMPARATOR_SIGNS = {"MoreThan": ">", "AtLeast": "≥", "About": "≈", "AtMost": "≤", "LessThan": "<"}
UNIT_SIGNS = {
    "PERCENT": "%",
    "CNY": " yuan",
    "Mu": " mu",
    "Jin": " jin",
    "TONNE": " t",
    "NUM": "",
    "DAY": " days",
}
NAME_SUFFIXES = ("市", "省", " city", " province", " municipality")
TABLE_COLUMNS = (
    "subject", "indicator", "year", "aspect", "target", "result", "verdict",
    "target_quote", "target_document", "target_offsets", "result_quote", "result_document", "result_offsets",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PromiseRow:
    """One promise check as the table shows it."""

    subject: str
    indicator: str
    indicator_id: str
    year: int
    aspect: str
    verdict: str
    target: str  # value with comparator and unit, e.g. "≈6.5%"
    result: str
    target_quote: str
    target_sentence: str
    target_document: str
    target_offsets: str  # "152-170"
    result_quote: str
    result_sentence: str
    result_document: str
    result_offsets: str
    comment: str


def _run(source, text: str) -> QueryResult:
    return run_query(source, text) if isinstance(source, Graph) else run_on_store(source, text)


def _records(result: QueryResult) -> list[dict]:
    return [
        {name: (None if term is None else term) for name, term in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def _number(term) -> str:
    """A decimal literal without trailing zeros.

    >>> _number(Literal("6.50", datatype="http://www.w3.org/2001/XMLSchema#decimal"))
    '6.5'
    """
    try:
        value = Decimal(str(term)).normalize()
    except ArithmeticError:
        return str(term)
    return format(value, "f") if value == value.to_integral() or "E" not in str(value) else str(value)


def _amount(value, unit, comparator=None, direction=None) -> str:
    """A figure as one short cell: comparator, sign, number, unit ("≈6.5%", "-3.4%", "250亿 → 25000000000 jin")."""
    if value is None:
        return ""
    sign = "-" if direction is not None and str(direction).endswith("Decrease") else ""
    local = re.split(r"[#/]", str(unit))[-1] if unit is not None else ""
    unit_text = UNIT_SIGNS.get(local, " " + local.lower())
    prefix = COMPARATOR_SIGNS.get(str(comparator).rsplit("#", 1)[-1], "") if comparator is not None else ""
    return f"{prefix}{sign}{_number(value)}{unit_text}"


def _document(term) -> str:
    return str(term).rsplit("/document/", 1)[-1] if term is not None else ""


def _offsets(begin, end) -> str:
    return f"{begin}-{end}" if begin is not None else ""


def _text(term) -> str:
    return "" if term is None else str(term)


def promise_rows(
    source, about: str | None = None, year: int | None = None, indicator: str | None = None
) -> list[PromiseRow]:
    """The promise checks of ``source`` (a Graph or a Store), optionally of one subject/year/indicator."""
    records = _records(_run(source, named_query("promises").text))
    names = _subject_names(source) if about else {}
    wanted = _fold(about) if about else None
    rows = []
    for r in records:
        if year is not None and str(r["year"]) != str(year):
            continue
        if indicator is not None and str(r["indicatorId"]) != indicator:
            continue
        if wanted is not None and wanted not in names.get(str(r["subject"]), {_fold(str(r["subject"]))}):
            continue
        rows.append(
            PromiseRow(
                subject=str(r["subject"]),
                indicator=str(r["indicator"]),
                indicator_id=str(r["indicatorId"]),
                year=int(str(r["year"])),
                aspect=str(r["aspect"]),
                verdict=str(r["verdict"]),
                target=_amount(
                    r["targetValue"], r["targetUnit"], r.get("comparator"), r.get("targetDirection")
                ),
                result=_amount(r.get("resultValue"), r.get("resultUnit"), None, r.get("resultDirection")),
                target_quote=_text(r["targetAnchor"]),
                target_sentence=_text(r.get("targetSentence")) or _text(r["targetAnchor"]),
                target_document=_document(r["targetDocument"]),
                target_offsets=_offsets(r["targetBegin"], r["targetEnd"]),
                result_quote=_text(r.get("resultAnchor")),
                result_sentence=_text(r.get("resultSentence")) or _text(r.get("resultAnchor")),
                result_document=_document(r.get("resultDocument")),
                result_offsets=_offsets(r.get("resultBegin"), r.get("resultEnd")),
                comment=_text(r.get("comment")),
            )
        )
    if about and not rows and wanted not in {n for ns in names.values() for n in ns}:
        raise InputError(f"--about {about}: no promise checks about a subject of that name")
    return rows


def _fold(name: str) -> str:
    """A subject name for matching: case-folded, without 市/省/City/Province.

    >>> _fold("长春市"), _fold("Changchun City")
    ('长春', 'changchun')
    """
    name = name.strip().casefold()
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)].strip()
    return name


def _subject_names(source) -> dict[str, set[str]]:
    """The subject label the table shows → every name (labels, IRI slug) of that subject, folded."""
    query = (
        "SELECT ?about ?label WHERE { ?c a pk:PromiseCheck ; pk:about ?about . "
        "?about rdfs:label|skos:altLabel|skos:prefLabel ?label }"
    )
    labels: dict[str, set[str]] = defaultdict(set)
    for r in _records(_run(source, query)):
        labels[str(r["about"])].add(str(r["label"]))
    names = {}
    for iri, found in labels.items():
        every = {_fold(label) for label in found} | {_fold(iri.rsplit("/", 1)[-1])}
        names[min(found)] = every
    return names


# ---- formats ----------------------------------------------------------------------------------------


def format_track(rows: Sequence[PromiseRow], fmt: str = "table") -> str:
    """The promise table in one of TRACK_FORMATS."""
    if fmt == "html":
        return track_html(rows)
    if fmt == "summary":
        return _summary(rows)
    if fmt == "json":
        import json

        return json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2) + "\n"
    columns = TABLE_COLUMNS if fmt != "csv" else tuple(f.name for f in fields(PromiseRow))
    result = QueryResult(
        "SELECT",
        variables=columns,
        rows=tuple(tuple(Literal(str(getattr(row, c))) for c in columns) for row in rows),
    )
    return format_result(result, fmt)


def _summary(rows: Sequence[PromiseRow]) -> str:
    """Per year, then per subject: targets kept, missed, not reported, not comparable, and the kept share.

    The kept share is kept / (kept + missed): of the targets a later report allows to judge, how many
    were reached.
    """
    lines = _tally("year", _count_by(rows, lambda row: str(row.year)), rows)
    lines += [""] + _tally("subject", _count_by(rows, lambda row: row.subject), rows)
    return "\n".join(lines) + "\n"


def _count_by(rows: Sequence[PromiseRow], key) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[key(row)][row.verdict] += 1
    return counts


def _tally(name: str, counts: dict[str, Counter[str]], rows: Sequence[PromiseRow]) -> list[str]:
    """One fixed-width table: a line per key, then the line of all rows."""
    header = [name, *(VERDICT_WORDS[v] for v in VERDICTS), "checks", "kept share"]
    table = [header]
    total = Counter(row.verdict for row in rows)
    for key, counter in [*sorted(counts.items()), ("all", total)]:
        judged = counter["Kept"] + counter["Missed"]
        share = f"{counter['Kept'] / judged:.0%}" if judged else "—"
        table.append([key, *(str(counter[v]) for v in VERDICTS), str(sum(counter.values())), share])
    width = max(_width(row[0]) for row in table)
    return [
        _pad(row[0], width)
        + "  "
        + "  ".join(f"{cell:>{max(len(h), 6)}s}" for cell, h in zip(row[1:], header[1:], strict=True))
        for row in table
    ]


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (a CJK character takes two)."""
    return len(text) + sum(1 for ch in text if "\u2e80" <= ch <= "\uffef")


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def summary_html(rows: Sequence[PromiseRow]) -> str:
    """The per-year counts as an HTML table (the top of the report)."""
    counts = _count_by(rows, lambda row: str(row.year))
    head = "".join(f'<th class="{v}">{VERDICT_WORDS[v]}</th>' for v in VERDICTS)
    out = [f"<table><tr><th>year</th>{head}<th>checks</th><th>kept share</th></tr>"]
    for year, counter in [*sorted(counts.items()), ("all", Counter(row.verdict for row in rows))]:
        judged = counter["Kept"] + counter["Missed"]
        share = f"{counter['Kept'] / judged:.0%}" if judged else "—"
        cells = "".join(f"<td>{counter[v]}</td>" for v in VERDICTS)
        out.append(f"<tr><th>{year}</th>{cells}<td>{sum(counter.values())}</td><td>{share}</td></tr>")
    out.append("</table>")
    return "".join(out)


STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:4px 8px;font-size:.9em}
th{background:#f4f4f4;text-align:left}a.cell{display:block;text-decoration:none;color:#111}
.Kept{background:#c8e6c9}.Missed{background:#ffcdd2}.NotReported{background:#eeeeee}
.NotComparable{background:#fff3c4}.legend span{padding:2px 8px;margin-right:6px}
dl{margin:0}dt{font-weight:bold;margin-top:1em}dd{margin:0 0 0 1em}mark{background:#ffe082}
.doc{color:#666;font-size:.85em}
"""


def _sentence(sentence: str, quote: str) -> str:
    """The sentence, escaped, with the figure's words marked."""
    at = sentence.find(quote) if quote else -1
    if at < 0:
        return html.escape(sentence)
    end = at + len(quote)
    return f"{html.escape(sentence[:at])}<mark>{html.escape(quote)}</mark>{html.escape(sentence[end:])}"


def track_html(rows: Sequence[PromiseRow], title: str = "Promise tracker") -> str:
    """One self-contained HTML page: per subject a timeline (indicator × year), cells linked to quotes."""
    by_subject: dict[str, list[PromiseRow]] = defaultdict(list)
    for row in rows:
        by_subject[row.subject].append(row)
    legend = "".join(f'<span class="{v}">{VERDICT_WORDS[v]}</span>' for v in VERDICTS)
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>",
        f'<p class="legend">{legend}</p><p>{_plural(len(rows), "check")} of {_plural(len(by_subject), "subject")}. '
        "Each cell links to the target's and the result's sentences.</p>",
        summary_html(rows),
    ]
    number = 0
    for subject in sorted(by_subject):
        subject_rows = by_subject[subject]
        anchors = {}
        for row in subject_rows:
            number += 1
            anchors[id(row)] = f"check-{number}"
        parts.append(_timeline(subject, subject_rows, anchors))
        parts.append(_details(subject_rows, anchors))
    parts.append("</body></html>\n")
    return "".join(parts)


def _plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless one.

    >>> _plural(1, "subject"), _plural(2, "check")
    ('1 subject', '2 checks')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _timeline(subject: str, rows: Sequence[PromiseRow], anchors: dict[int, str]) -> str:
    years = sorted({row.year for row in rows})
    cells: dict[tuple[str, int], list[PromiseRow]] = defaultdict(list)
    for row in rows:
        cells[(row.indicator, row.year)].append(row)
    counts = Counter(row.verdict for row in rows)
    tally = ", ".join(f"{counts[v]} {VERDICT_WORDS[v]}" for v in VERDICTS if counts[v])
    out = [f"<h2>{html.escape(subject)}</h2><p>{tally}</p><table><tr><th>indicator</th>"]
    out += [f"<th>{year}</th>" for year in years]
    out.append("</tr>")
    for indicator in sorted({row.indicator for row in rows}):
        out.append(f"<tr><th>{html.escape(indicator)}</th>")
        for year in years:
            found = cells.get((indicator, year), [])
            inner = "".join(
                f'<a class="cell {row.verdict}" href="#{anchors[id(row)]}" title="{html.escape(row.comment)}">'
                f"{html.escape(row.target)} → {html.escape(row.result or '—')}: {VERDICT_WORDS[row.verdict]}</a>"
                for row in found
            )
            out.append(f"<td>{inner}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _details(rows: Sequence[PromiseRow], anchors: dict[int, str]) -> str:
    out = ["<dl>"]
    for row in sorted(rows, key=lambda r: (r.year, r.indicator, r.target_document, r.target_offsets)):
        out.append(
            f'<dt id="{anchors[id(row)]}" class="{row.verdict}">{html.escape(row.indicator)}, {row.year}, '
            f"{html.escape(row.aspect.lower())}: {VERDICT_WORDS[row.verdict]}</dt>"
            f"<dd>Target {html.escape(row.target)}: {_sentence(row.target_sentence, row.target_quote)} "
            f'<span class="doc">({html.escape(row.target_document)}, {row.target_offsets})</span></dd>'
        )
        if row.result_quote:
            out.append(
                f"<dd>Result {html.escape(row.result)}: {_sentence(row.result_sentence, row.result_quote)} "
                f'<span class="doc">({html.escape(row.result_document)}, {row.result_offsets})</span></dd>'
            )
        out.append(f"<dd><em>{html.escape(row.comment)}</em></dd>")
    out.append("</dl>")
    return "".join(out)


# ---- compare ----------------------------------------------------------------------------------------


def compare_result(source, indicator: str, year: int) -> QueryResult:
    """Each subject's targets and results for one indicator and year (``indicator-by-city.rq``)."""
    text = bind_parameters(named_query("indicator-by-city").text, {"indicator": indicator, "year": str(year)})
    return _run(source, text)


def format_compare(result: QueryResult, fmt: str = "table", title: str = "") -> str:
    """The comparison as a table format, or an HTML page with one SVG bar chart per aspect and unit."""
    if fmt != "html":
        return format_result(result, fmt)
    records = _records(result)
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in records:
        groups[(str(r["aspect"]), str(r["unit"]))].append(r)
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>",
    ]
    if not records:
        parts.append("<p>No figures for this indicator and year.</p>")
    for (aspect, unit), rows in sorted(groups.items()):
        parts.append(
            f"<h2>{html.escape(aspect)} ({html.escape(_amount(1, unit)[1:].strip() or 'count')})</h2>"
        )
        parts.append(bar_chart(rows))
    parts.append(_compare_table(records))
    parts.append("</body></html>\n")
    return "".join(parts)


def _compare_table(records: Sequence[dict]) -> str:
    head = ("subject", "kind", "aspect", "value", "anchor", "document", "begin")
    out = ["<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for r in records:
        cells = (
            r["subject"], r["kind"], r["aspect"], _amount(r["value"], r["unit"], r.get("comparator"), r.get("direction")),
            r["anchor"], _document(r["document"]), r["begin"],
        )  # fmt: skip
        out.append("<tr>" + "".join(f"<td>{html.escape(_text(c))}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def bar_chart(records: Sequence[dict], width: int = 720) -> str:
    """An inline SVG: per subject a target bar and a result bar (first figure of each kind)."""
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for r in records:
        sign = -1 if r.get("direction") is not None and str(r["direction"]).endswith("Decrease") else 1
        values[str(r["subject"])].setdefault(str(r["kind"]), sign * float(str(r["value"])))
    subjects = sorted(values)
    top = max([abs(v) for kinds in values.values() for v in kinds.values()] or [1.0]) or 1.0
    row_height, label_width = 34, 160
    scale = (width - label_width - 80) / top
    colours = {"Target": "#90a4ae", "Result": "#1e88e5"}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row_height * len(subjects) + 30}" '
        'role="img" font-family="sans-serif" font-size="12">'
    ]
    for i, subject in enumerate(subjects):
        y = 10 + i * row_height
        out.append(f'<text x="0" y="{y + 16}">{html.escape(subject)}</text>')
        for j, kind in enumerate(("Target", "Result")):
            if kind not in values[subject]:
                continue
            value = values[subject][kind]
            length = max(1.0, abs(value) * scale)
            out.append(
                f'<rect x="{label_width}" y="{y + j * 13}" width="{length:.1f}" height="12" fill="{colours[kind]}">'
                f"<title>{html.escape(subject)} {kind.lower()}: {value:g}</title></rect>"
                f'<text x="{label_width + length + 4:.1f}" y="{y + j * 13 + 10}">{kind.lower()} {value:g}</text>'
            )
    out.append("</svg>")
    return "".join(out)
