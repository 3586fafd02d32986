"""Make figures comparable: which indicator a figure measures, its aspect, whose it is and its year.

The indicator scheme is data (``ontology/indicators.ttl``, loaded once by ``load_scheme``).
``annotate`` reads one figure in its document — the words before the number in its clause, the
section heading above it — and returns ``Notes``; ``graph.add_figure`` turns them into
``pk:measures``, ``pk:aspect``, ``pk:about`` and ``pk:year`` (ONTOLOGY-CONTRACT.md, "Indicators").
May import: policykg.model, policykg.extract.patterns, policykg.ontology, policykg.lexicon, rdflib, the standard library.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import PurePath

from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from policykg.extract.patterns import Folded, alternation, fold
from policykg.model import ID_IRI, PK_IRI, Document, Figure, Lexicon

INDICATORS_FILE = "indicators.ttl"
LEX = Namespace("https://w3id.org/policykg/lexicon#")
PERCENT = "http://qudt.org/vocab/unit/PERCENT"
SUBJECT_KINDS = ("city/", "province/", "country/", "organization/")
LOOKBACK = 240  # characters before a number searched for its indicator words
QUOTES = str.maketrans("", "", '“”"「」『』‘’《》')
CLAUSE_END = re.compile(r"[，,；;。：:！？!?\n、（）()]|\.\s|\band\b")
SENTENCE_END = re.compile(r"[；;。！？!?\n]|\.\s")
DIGIT = re.compile(r"[0-9０-９]")
NUMBER = re.compile(r"[0-9０-９](?:[0-9０-９]|,(?=[0-9]{3}))*(?:[.．][0-9０-９]+)?")
UNIT_WORD = re.compile(r"\s*(?:[A-Za-z%]+\s+)?(?:of\s+|in\s+)?")
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年(?![0-9])")
BASELINE_YEAR = re.compile(r"(?:比|较|与|同|于|从)\s*$")
DOC_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月")
HEADING = re.compile(r"^\s*(?:#+|\*\*|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
TOP_HEADING = re.compile(
    r"^\s*(?:#{1,2}\s|\*\*[一二三四五六七八九十]+、|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"
)
RESPECTIVELY = ("分别", "respectively")
SHARE_OF = ("占", "share of")  # "X达到570亿元，占GDP比重7.8%": the share is X's, not GDP's


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the scheme, with every label it is written with."""

    key: str  # "indicator/gdp"
    label_en: str
    label_zh: str
    labels: tuple[str, ...]
    higher_is_better: bool
    yearly: bool = False  # pk:yearlyAmount: an addition is its level
    percent_aspect: str | None = None  # "Level" or "Change"
    broader: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Scheme:
    """The indicator scheme and the cue words that decide a figure's aspect."""

    indicators: dict[str, Indicator]
    pattern: Folded  # every label, longest first
    by_label: dict[str, str]  # folded label -> indicator key
    change_cues: Folded
    addition_cues: Folded
    share_cues: Folded

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every indicator named in ``text``: (begin, end, key), left to right, not overlapping.

        >>> [key for _, _, key in load_scheme().find("地方级财政收入和GDP")]
        ['indicator/general-budget-revenue', 'indicator/gdp']
        """
        return [(m.start(), m.end(), self.by_label[_fold(m.group())]) for m in self.pattern.finditer(text)]


@dataclass(frozen=True, slots=True)
class Notes:
    """What ``annotate`` adds to a figure (None where it cannot tell)."""

    measures: str | None = None  # indicator key
    aspect: str | None = None  # "Level" or "Change"
    about: str | None = None  # key of the place or organization
    year: int | None = None


def _fold(label: str) -> str:
    return label.translate(QUOTES).casefold()


def _words(words: list[str]) -> Folded:
    """Any of ``words``, case-insensitive, longest first; Latin words match as whole words."""
    return Folded(alternation((fold(word) for word in words), latin_bounds=True) or r"(?!x)x")


@functools.cache
def load_scheme() -> Scheme:
    """The packaged indicator scheme (cached: one per process)."""
    from policykg.ontology import load_turtle

    return read_scheme(load_turtle(INDICATORS_FILE))


def read_scheme(graph) -> Scheme:
    """A Scheme from the RDF graph of an indicators file."""
    pk = Namespace(PK_IRI)
    indicators = {}
    for node in sorted(graph.subjects(RDF.type, pk.Indicator)):
        labels = {lang: str(o) for o in graph.objects(node, SKOS.prefLabel) for lang in [o.language]}
        alts = [str(o) for o in graph.objects(node, SKOS.altLabel)]
        aspect = graph.value(node, pk.percentAspect)
        key = str(node)[len(ID_IRI) :]
        indicators[key] = Indicator(
            key=key,
            label_en=labels.get("en", key),
            label_zh=labels.get("zh", labels.get("en", key)),
            labels=tuple(sorted({*labels.values(), *alts})),
            higher_is_better=bool(graph.value(node, pk.higherIsBetter).toPython()),
            yearly=bool(graph.value(node, pk.yearlyAmount, default=Literal(False)).toPython()),
            percent_aspect=str(aspect)[len(PK_IRI) :] if aspect is not None else None,
            broader=tuple(sorted(str(b)[len(ID_IRI) :] for b in graph.objects(node, SKOS.broader))),
        )
    by_label = {_fold(label): ind.key for ind in indicators.values() for label in ind.labels}

    def cues(name: str) -> re.Pattern[str]:
        words = [str(o) for o in graph.objects(LEX[name], SKOS.hiddenLabel)]
        return _words(words)

    labels = [label.translate(QUOTES) for ind in indicators.values() for label in ind.labels]
    return Scheme(
        indicators=indicators,
        pattern=_words(labels),
        by_label=by_label,
        change_cues=cues("changeCues"),
        addition_cues=cues("additionCues"),
        share_cues=cues("shareCues"),
    )


# ---- one figure ------------------------------------------------------------------------------------


def annotate(
    doc: Document, figure: Figure, lexicon: Lexicon | None = None, scheme: Scheme | None = None
) -> Notes:
    """The indicator, aspect, subject and year of ``figure`` as its document states them."""
    scheme = scheme or load_scheme()
    text = doc.text
    number = _number_position(figure)
    start = max(0, number - LOOKBACK)
    before = text[start:number].translate(QUOTES)
    key, cue_text = _indicator(scheme, before, text, number, figure)
    indicator = scheme.indicators.get(key) if key else None
    return Notes(
        measures=key,
        aspect=_aspect(scheme, indicator, figure, cue_text),
        about=_about(doc, figure, lexicon),
        year=figure.year if figure.year is not None else _year(doc, number, before),
    )


def _number_position(figure: Figure) -> int:
    """Where the figure's number starts in the document (the first digit of its words)."""
    match = DIGIT.search(figure.span.anchor)
    return figure.span.begin + (match.start() if match else 0)


def _clause_start(text: str, pattern: re.Pattern[str]) -> int:
    last = 0
    for match in pattern.finditer(text):
        last = match.end()
    return last


def _indicator(scheme: Scheme, before: str, text: str, number: int, figure: Figure) -> tuple[str | None, str]:
    """The indicator key and the words that may decide the aspect (the clause without the label).

    A share (占比, 比重, "accounting for") measures only a share indicator: "工业投资占固定资产投资比重…
    占比为29.3%" is no figure of fixed-asset investment, so it measures nothing when the scheme has no
    indicator for that share.
    """
    key, cue_text = _indicator_words(scheme, before, text, number, figure)
    if key and not _is_share(scheme, key) and scheme.share_cues.search(_after_label(scheme, before, key)):
        return None, cue_text
    return key, cue_text


def _after_label(scheme: Scheme, before: str, key: str) -> str:
    """The words between the last mention of indicator ``key`` in the sentence and the number (or the clause)."""
    sentence = before[_clause_start(before, SENTENCE_END) :]
    ends = [end for _, end, found in scheme.find(sentence) if found == key]
    return sentence[ends[-1] :] if ends else before[_clause_start(before, CLAUSE_END) :]


def _is_share(scheme: Scheme, key: str) -> bool:
    """Whether the indicator ``key`` is itself a share (one of its labels says so)."""
    return any(scheme.share_cues.search(label) for label in scheme.indicators[key].labels)


def _indicator_words(
    scheme: Scheme, before: str, text: str, number: int, figure: Figure
) -> tuple[str | None, str]:
    own = before[_clause_start(before, CLAUSE_END) :]
    found = scheme.find(own) if not own.lstrip().startswith(SHARE_OF) else []
    if found:
        begin, end, key = _pick(found, own, text, number)
        return key, own[:begin] + " " + own[end:]
    after = _after(scheme, text, number)
    if after:
        return after, own
    sentence = before[_clause_start(before, SENTENCE_END) :]
    found = scheme.find(
        sentence[: len(sentence) - len(own)] if own.lstrip().startswith(SHARE_OF) else sentence
    )
    if found:
        begin, end, key = found[-1]
        head = sentence[_clause_start(sentence[:begin], CLAUSE_END) : begin]
        joined = scheme.find(sentence[begin:end] + own)  # "X达到570亿元，占GDP比重达到": X占GDP比重
        if joined and joined[0][0] == 0 and joined[0][1] > end - begin:
            return joined[0][2], head + " " + own[joined[0][1] - (end - begin) :]
        return key, head + " " + own
    if figure.indicator:
        found = scheme.find(figure.indicator.translate(QUOTES))
        if found:
            return found[-1][2], own
    return None, own


def _pick(found: list[tuple[int, int, str]], own: str, text: str, number: int) -> tuple[int, int, str]:
    """The label a number belongs to: the last one, or the i-th of "A和B分别增长x%和y%"."""
    for word in RESPECTIVELY:
        at = own.find(word)
        if at >= 0 and len(found) > 1:
            # numbers between the clause's end and this one (the list after 分别 spans clauses)
            tail = text[number - (len(own) - at) + len(word) : number]
            index = len(NUMBER.findall(tail))
            listed = [f for f in found if f[1] <= at]
            if listed:
                return listed[min(index, len(listed) - 1)]
    return found[-1]


def _after(scheme: Scheme, text: str, number: int) -> str | None:
    """An indicator named right after the number and its unit ("525个重点项目")."""
    match = NUMBER.match(text, number)
    end = match.end() if match else number
    window = text[end : end + 40].translate(QUOTES)
    window = window[: CLAUSE_END.search(window).start()] if CLAUSE_END.search(window) else window
    skip = UNIT_WORD.match(window).end() if window[:1].isascii() else 3
    for begin, _, key in scheme.find(window):
        if begin <= skip:
            return key
    return None


def _aspect(scheme: Scheme, indicator: Indicator | None, figure: Figure, cue_text: str) -> str:
    """Level or Change, by the contract's rules (cues from ``ontology/indicators.ttl``)."""
    if figure.baseline is not None:
        return "Level"  # "reduced to 8.2 days from 22.1 days": the value is the new level
    changed = bool(scheme.change_cues.search(cue_text))
    if figure.unit == PERCENT:
        if changed:
            return "Change"
        if indicator is not None and indicator.percent_aspect:
            return indicator.percent_aspect
        return "Change" if figure.direction else "Level"
    if indicator is not None and indicator.yearly:
        return "Level"
    if changed or scheme.addition_cues.search(cue_text) or figure.direction:
        return "Change"
    return "Level"


# ---- whose figure and which year -------------------------------------------------------------------


def _about(doc: Document, figure: Figure, lexicon: Lexicon | None) -> str | None:
    """The place or organization whose quantity the figure is (the document's place by default)."""
    if figure.subject and figure.subject.startswith(SUBJECT_KINDS):
        return figure.subject
    return document_place(doc, lexicon)


def document_place(doc: Document, lexicon: Lexicon | None = None) -> str | None:
    """The place a document is about: its folder's name, else the place its opening names most."""
    if lexicon is None:
        from policykg.lexicon import load_lexicon

        lexicon = load_lexicon()
    folder = PurePath(doc.source).parent.name if doc.source not in ("-", "stdin") else ""
    if not folder and "/" in doc.slug:
        folder = doc.slug.rsplit("/", 1)[0].rsplit("/", 1)[-1]  # "长春市/2023": the parent folder's name
    return _document_place(folder, doc.text[:400], lexicon)


@functools.lru_cache(maxsize=64)
def _document_place(folder: str, head: str, lexicon: Lexicon) -> str | None:
    names = _place_names(lexicon)
    if folder and _strip_suffix(folder) in names:
        return names[_strip_suffix(folder)]
    counts: dict[str, int] = {}
    for match in _place_pattern(lexicon).finditer(head):
        key = names.get(_strip_suffix(match.group()))
        if key:
            counts[key] = counts.get(key, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def _strip_suffix(name: str) -> str:
    """A place name without its administrative suffix, folded.

    >>> _strip_suffix("长春市"), _strip_suffix("Changchun City")
    ('长春', 'changchun')
    """
    name = name.strip().casefold()
    for suffix in ("市", "省", " city", " province", " municipality"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)].strip()
    return name


@functools.cache
def _place_names(lexicon: Lexicon) -> dict[str, str]:
    """Folded place name → key, for every unambiguous place of the gazetteer (most populous wins)."""
    names: dict[str, str] = {}
    stops = {_strip_suffix(s) for s in lexicon.cue("placeStops")}  # "( Xinhua )": the agency, not the town
    for place in sorted(lexicon.places, key=lambda p: p.population):
        if place.ambiguous:
            continue
        for label in _labels(place):
            if len(_strip_suffix(label)) >= 2 and _strip_suffix(label) not in stops:
                names[_strip_suffix(label)] = place.key
    return names


def _labels(place) -> tuple[str, ...]:
    """Every name of a gazetteer place, English and Chinese."""
    return (place.label, *place.alt_labels, *getattr(place, "zh_labels", ()))


@functools.cache
def _place_pattern(lexicon: Lexicon) -> Folded:
    names = [n for n in _place_names(lexicon) if not n.isascii()]
    names += [n for n in _place_names(lexicon) if n.isascii()]
    return _words(names)


def document_year(doc: Document) -> int | None:
    """The year a document was written: the date in its opening, else a year as its file name."""
    match = DOC_DATE.search(doc.text[:600])
    if match:
        return int(match.group(1))
    stem = PurePath(doc.source).stem
    return int(stem) if re.fullmatch(r"(?:19|20)[0-9]{2}", stem) else None


def _year(doc: Document, number: int, before: str) -> int | None:
    """The year the sentence or, failing that, the section heading above the figure gives."""
    sentence = before[_clause_start(before, SENTENCE_END) :]
    for match in reversed(list(YEAR.finditer(sentence))):
        if not BASELINE_YEAR.search(sentence[: match.start()]):
            return int(match.group(1))
    if "今年" in sentence or "this year" in sentence.lower():
        return document_year(doc)
    return _section_year(doc, number)


def _section_year(doc: Document, number: int) -> int | None:
    """The year named by the nearest heading above ``number`` that names one (今年 = the document's)."""
    text = doc.text
    end = text.rfind("\n", 0, number)
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if len(line) <= 60 and HEADING.match(line):
            years = YEAR.findall(line)
            if len(years) == 1:
                return int(years[0])
            if "今年" in line:
                return document_year(doc)
            if years or TOP_HEADING.match(line):
                return None
        end = begin - 1
    return None


# ---- graph triples ----------------------------------------------------------------------------------


def notes_triples(
    node: URIRef, notes: Notes, lexicon: Lexicon | None = None, lang: str = "en"
) -> list[tuple]:
    """The triples ``notes`` add to the figure ``node``, with the indicator and place they name.

    The place gets its class and its names in the document's language ``lang`` (so a figure's
    subject always has a name, as the entity extractor would give it).
    """
    pk = Namespace(PK_IRI)
    triples: list[tuple] = []
    if notes.measures:
        triples += [(node, pk.measures, URIRef(ID_IRI + notes.measures))]
        triples += indicator_triples(notes.measures)
    if notes.aspect:
        triples.append((node, pk.aspect, pk[notes.aspect]))
    if notes.about:
        triples.append((node, pk.about, URIRef(ID_IRI + notes.about)))
        triples += _place_triples(notes.about, lexicon, lang)
    return triples


@functools.cache
def indicator_triples(key: str) -> tuple[tuple, ...]:
    """What a graph says about an indicator it uses: class, scheme, labels, better direction."""
    pk = Namespace(PK_IRI)
    ind = load_scheme().indicators[key]
    node = URIRef(ID_IRI + key)
    out = [
        (node, RDF.type, pk.Indicator),
        (node, RDF.type, SKOS.Concept),
        (node, SKOS.inScheme, URIRef(ID_IRI + "indicator/scheme")),
        (node, SKOS.prefLabel, Literal(ind.label_en, lang="en")),
        (node, SKOS.prefLabel, Literal(ind.label_zh, lang="zh")),
        (node, pk.higherIsBetter, Literal(ind.higher_is_better)),
    ]
    out += [(node, SKOS.broader, URIRef(ID_IRI + b)) for b in ind.broader]
    return tuple(out)


def _place_triples(key: str, lexicon: Lexicon | None, lang: str) -> list[tuple]:
    """Class and names (in ``lang``) of a gazetteer place."""
    if lexicon is None:
        from policykg.lexicon import load_lexicon

        lexicon = load_lexicon()
    place = _places_by_key(lexicon).get(key)
    if place is None:
        return []
    node = URIRef(ID_IRI + key)
    names = getattr(place, "zh_labels", ()) if lang == "zh" else (place.label, *place.alt_labels)
    out = [(node, RDF.type, Namespace(PK_IRI)[place.kind])]
    out += [
        (node, RDFS.label if i == 0 else SKOS.altLabel, Literal(n, lang=lang)) for i, n in enumerate(names)
    ]
    return out


@functools.cache
def _places_by_key(lexicon: Lexicon) -> dict:
    return {place.key: place for place in lexicon.places}
