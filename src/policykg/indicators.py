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
SUBJECT_KINDS = ("city/", "province/", "country/", "district/", "organization/")
LOOKBACK = 240  # characters before a number searched for its indicator words
QUOTES = re.compile('[“”"「」『』‘’《》]')  # left out of the words compared with labels
CLAUSE_END = re.compile(r"[，,；;。：:！？!?\n、（）()]|\.\s|\band\b")
LIST_END = re.compile(r"[，,；;。：:！？!?\n（）()]|\.\s|\band\b")  # a clause end, but not 、
COORDINATED = re.compile(r"[、和及与]")
SENTENCE_END = re.compile(r"[；;。！？!?\n]|\.\s")
DIGIT = re.compile(r"[0-9０-９]")
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_WORDS = re.compile(
    r"(?:19|20)[0-9]{2}年|[0-9０-９.．,，%％、\s]"
)  # numbers between a label and its figure
SCALES = "十百千万亿"
NUM = "http://qudt.org/vocab/unit/NUM"
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
    count_words: tuple[str, ...] = ()  # lex:countWord: the classifiers a count of it takes (家, 户)


@dataclass(frozen=True, slots=True, eq=False)
class Scheme:
    """The indicator scheme and the cue words that decide a figure's aspect."""

    indicators: dict[str, Indicator]
    pattern: Folded  # every label, longest first
    by_label: dict[str, str]  # folded label -> indicator key
    change_cues: Folded
    addition_cues: Folded
    share_cues: Folded
    link_cues: re.Pattern[str]  # words that may stand between an indicator's label and its number
    level_cues: Folded  # words that keep a count a total inside a list opened by an addition word
    noun_heads: Folded  # nouns that end what a count before them counts (项目, 事项 …)
    joint_words: tuple[tuple[str, str], ...] = ()  # lex:JointWord: 城乡 → 城镇、农村 (in 分别 lists)

    def linked(self, words: str) -> bool:
        """Whether ``words``, between an indicator's label and its number, name nothing else.

        >>> scheme = load_scheme()
        >>> scheme.linked("同比增长"), scheme.linked("大宗商品交易额突破"), scheme.linked("就业")
        (True, False, False)
        """
        rest = NOT_WORDS.sub("", self.link_cues.sub("", fold(words)))
        return not CJK.search(rest)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every indicator named in ``text``: (begin, end, key), left to right, not overlapping.

        A phrase of lex:notIndicators is found with the key "" (it names no indicator).

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


@functools.lru_cache(maxsize=1 << 12)
def _fold(label: str) -> str:
    """A label as ``by_label`` holds it (the labels a text names repeat: cached)."""
    return _unquoted(label).casefold()


def _unquoted(text: str) -> str:
    """``text`` without quotes and book-title marks (``re.sub`` is many times faster than ``str.translate`` on CJK).

    >>> _unquoted("“十四五”规划《纲要》")
    '十四五规划纲要'
    """
    return QUOTES.sub("", text)


def _words(words: list[str]) -> Folded:
    """Any of ``words``, case-insensitive, longest first; Latin words match as whole words."""
    return Folded(_literal_first(alternation((fold(word) for word in words), latin_bounds=True)) or r"(?!x)x")


LATIN_START = re.compile(r"\(\?<!\[A-Za-z0-9\]\)([A-Za-z0-9])")  # alternation's guard before a Latin word


def _literal_first(pattern: str) -> str:
    """``pattern`` with the guard before each Latin word moved after the word's first character.

    The same matches, but every branch then begins with a literal character, so ``re`` skips ahead to
    those characters instead of trying every branch at every position (several times faster on Chinese).

    >>> _literal_first(alternation(["gdp", "增速"], latin_bounds=True))
    '(?:g(?<![A-Za-z0-9].)dp(?![A-Za-z0-9])|增速)'
    """
    return LATIN_START.sub(r"\1(?<![A-Za-z0-9].)", pattern)


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
            count_words=tuple(sorted(str(o) for o in graph.objects(node, LEX.countWord))),
        )
    by_label = {_fold(label): ind.key for ind in indicators.values() for label in ind.labels}
    blocked = [str(o) for o in graph.objects(LEX.notIndicators, SKOS.hiddenLabel)]
    by_label.update({_fold(phrase): "" for phrase in blocked})  # found, but measures nothing

    def cues(name: str) -> re.Pattern[str]:
        words = [str(o) for o in graph.objects(LEX[name], SKOS.hiddenLabel)]
        return _words(words)

    labels = [_unquoted(label) for ind in indicators.values() for label in ind.labels] + blocked
    return Scheme(
        indicators=indicators,
        pattern=_words(labels),
        by_label=by_label,
        change_cues=cues("changeCues"),
        addition_cues=cues("additionCues"),
        share_cues=cues("shareCues"),
        level_cues=cues("levelCues"),
        noun_heads=cues("nounHeads"),
        joint_words=tuple(
            sorted(
                (str(graph.value(node, SKOS.hiddenLabel)), str(graph.value(node, LEX.expandsTo)))
                for node in graph.subjects(RDF.type, LEX.JointWord)
            )
        ),
        link_cues=re.compile(
            alternation(
                fold(str(o))
                for name in ("linkCues", "changeCues")
                for o in graph.objects(LEX[name], SKOS.hiddenLabel)
            )
        ),
    )


# ---- one figure ------------------------------------------------------------------------------------


def annotate(
    doc: Document, figure: Figure, lexicon: Lexicon | None = None, scheme: Scheme | None = None
) -> Notes:
    """The indicator, aspect, subject and year of ``figure`` as its document states them."""
    scheme = scheme or load_scheme()
    text = doc.text
    number = _number_position(figure)
    before = _Before.of(text, number)
    key, cue_text = _indicator(scheme, before, text, number, figure)
    indicator = scheme.indicators.get(key) if key else None
    return Notes(
        measures=key or None,
        aspect=_aspect(scheme, indicator, figure, cue_text, _listed_addition(scheme, before, cue_text)),
        about=about(doc, figure, lexicon),
        year=figure.year if figure.year is not None else _year(doc, number, before.sentence),
    )


@dataclass(frozen=True, slots=True)
class _Before:
    """The words before a figure's number, without quotes: all ``LOOKBACK`` of them, its sentence's and its clause's."""

    words: str
    sentence: str
    clause: str

    @classmethod
    def of(cls, text: str, number: int) -> _Before:
        words = _unquoted(text[max(0, number - LOOKBACK) : number])
        sentence = words[_clause_start(words, SENTENCE_END) :]
        return cls(words, sentence, words[_clause_start(words, CLAUSE_END) :])


def _listed_addition(scheme: Scheme, before: _Before, cue_text: str) -> bool:
    """Whether the figure stands in a list that an addition word opens ("新增A 300家、B 300家以上").

    A figure with a word of its own that makes it a total (达到, 总量 …) stays a total.
    """
    own = before.clause
    listed = before.words[_clause_start(before.words, LIST_END) :]
    if listed == own or scheme.level_cues.search(cue_text):
        return False
    return bool(scheme.addition_cues.search(listed.split("、", 1)[0]))


def _number_position(figure: Figure) -> int:
    """Where the figure's number starts in the document (the first digit of its words)."""
    match = DIGIT.search(figure.span.anchor)
    return figure.span.begin + (match.start() if match else 0)


def _clause_start(text: str, pattern: re.Pattern[str]) -> int:
    """Where the last match of ``pattern`` in ``text`` ends (0 without one).

    >>> _clause_start("增长6%，其中工业增长8%", CLAUSE_END), _clause_start("no break", CLAUSE_END)
    (5, 0)
    """
    match = _last_of(pattern).match(text)
    return match.end() if match else 0


@functools.cache
def _last_of(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` after as much text as possible: re tries it from the end backwards (no scan of every match)."""
    return re.compile(f"(?s:.*)(?:{pattern.pattern})", pattern.flags)


def _indicator(
    scheme: Scheme, before: _Before, text: str, number: int, figure: Figure
) -> tuple[str | None, str]:
    """The indicator key and the words that may decide the aspect (the clause without the label).

    A share (占比, 比重, "accounting for") measures only a share indicator: "工业投资占固定资产投资比重…
    占比为29.3%" is no figure of fixed-asset investment, so it measures nothing when the scheme has no
    indicator for that share.
    """
    key, cue_text = _indicator_words(scheme, before, text, number, figure)
    if key and not _is_share(scheme, key) and scheme.share_cues.search(_after_label(scheme, before, key)):
        return None, cue_text
    if key and figure.unit == NUM and not _counts(scheme.indicators[key], count_word(text, number)):
        return None, cue_text  # "前20名" counts persons, not enterprises (家, 户)
    return key, cue_text


def _counts(indicator: Indicator, word: str | None) -> bool:
    """Whether a count in the classifier ``word`` can be a count of ``indicator`` (lex:countWord)."""
    return word is None or not indicator.count_words or word in indicator.count_words


def count_word(text: str, at: int = 0) -> str | None:
    """The classifier after the number at ``at`` (its scale skipped), from the lexicon's count units.

    >>> count_word("新开工保障性租赁住房1.6万套", 10), count_word("1万人次以上"), count_word("6.5%")
    ('套', '万人次', None)
    """
    match = NUMBER.match(text, at)
    if match is None:
        return None
    end = match.end()
    found = _count_words().match(text, end) or _count_words().match(text, end + 1)
    if found and (found.start() == end or text[end] in SCALES):
        return found.group()
    return None


def anchor_count_word(anchor: str) -> str | None:
    """The classifier of the last number in a figure's words.

    >>> anchor_count_word("新认定高新技术企业600户"), anchor_count_word("1万人以上")
    ('户', '人')
    """
    numbers = list(NUMBER.finditer(anchor))
    return count_word(anchor, numbers[-1].start()) if numbers else None


@functools.cache
def _count_words() -> re.Pattern[str]:
    from policykg.lexicon import load_lexicon

    table = load_lexicon().table("ZhUnit")
    return re.compile(alternation(word for word, unit in table.items() if unit == NUM))


def _after_label(scheme: Scheme, before: _Before, key: str) -> str:
    """The words between the last mention of indicator ``key`` in the sentence and the number (or the clause)."""
    sentence = before.sentence
    ends = [end for _, end, found in scheme.find(sentence) if found == key]
    return sentence[ends[-1] :] if ends else before.clause


@functools.lru_cache(maxsize=1024)
def _is_share(scheme: Scheme, key: str) -> bool:
    """Whether the indicator ``key`` is itself a share (one of its labels says so)."""
    return any(scheme.share_cues.search(label) for label in scheme.indicators[key].labels)


def _indicator_words(
    scheme: Scheme, before: _Before, text: str, number: int, figure: Figure
) -> tuple[str | None, str]:
    """The indicator whose label the figure's clause (or, when the clause only links, its sentence) names.

    Only words that name nothing else (lex:linkCues, change words, numbers) may stand between the
    label and the number: "重点企业重大项目就业1万人" counts persons, not projects, and
    "大宗商品交易额突破1100亿元" after a clause on retail sales is no retail sales figure.
    """
    own = before.clause
    listed, key = _respective(scheme, before.sentence, text, number)
    if listed:
        return key, own
    share = own.lstrip().startswith(SHARE_OF)
    found = scheme.find(own) if not share else []
    if found and not _counts_next_noun(scheme, text, number, figure):
        begin, end, key = _pick(found, own, text, number)
        if any(word in own for word in RESPECTIVELY) or scheme.linked(own[end:]):
            return key, own[:begin] + " " + own[end:]
        return _after(scheme, text, number), own
    after = _after(scheme, text, number)
    if after:
        return after, own
    if not share and not scheme.linked(own) and not any(word in own for word in RESPECTIVELY):
        return None, own
    if not _ends_noun(scheme, _unquoted(text[figure.span.end : figure.span.end + 4])):
        return None, own  # "完成30万亩小田变大田" after a clause on farmland measures the noun after it
    sentence = before.sentence
    found = scheme.find(sentence[: len(sentence) - len(own)] if share else sentence)
    if found:
        begin, end, key = found[-1]
        head = sentence[_clause_start(sentence[:begin], CLAUSE_END) : begin]
        joined = scheme.find(sentence[begin:end] + own)  # "X达到570亿元，占GDP比重达到": X占GDP比重
        if joined and joined[0][0] == 0 and joined[0][1] > end - begin:
            key, own = joined[0][2], own[joined[0][1] - (end - begin) :]
        return key, own if CJK.search(own) else head + " " + own  # "新增A 20万户、总量突破200万户": a level
    if figure.indicator:
        words = _unquoted(figure.indicator)
        found = scheme.find(words)
        if found and scheme.linked(words[found[-1][1] :]):
            return found[-1][2], own
    return None, own


def _respective(scheme: Scheme, sentence: str, text: str, number: int) -> tuple[bool, str | None]:
    """Whether the number stands in a list after 分别, and the label it takes there.

    The i-th number takes the i-th label of the clause before 分别; when labels and numbers do not
    pair off ("城镇、农村居民人均可支配收入分别增长7%、7.5%" names one label for two numbers), none.
    """
    at = sentence.rfind(RESPECTIVELY[0])
    if at < 0 or LIST_END.search(sentence, at):
        return False, None
    keys: list[str | None] = []
    for clause in reversed(LIST_END.split(sentence[:at])):
        clause = clause.split(RESPECTIVELY[0], 1)[0]  # "A、B分别达x、y，分别增长…": the list of A and B
        for word, parts in scheme.joint_words:
            clause = clause.replace(word, parts)
        if scheme.find(clause):
            keys = _elements(scheme, clause)
            break
    start = number - (len(sentence) - at)
    stop = LIST_END.search(text, number)
    count = len(NUMBER.findall(text, start, stop.start() if stop else len(text)))
    index = len(NUMBER.findall(text, start, number))
    if len(keys) != count or index >= count:
        return True, None
    return True, keys[index]


def _elements(scheme: Scheme, clause: str) -> list[str | None]:
    """The indicator of each item of a list (A、B和C), None for an item that names none.

    An item without a label of its own may share the end of the next item's label (elision).

    >>> [k and k[10:] for k in _elements(load_scheme(), "城镇、农村居民人均可支配收入")]
    ['urban-disposable-income', 'rural-disposable-income']
    >>> [k and k[10:] for k in _elements(load_scheme(), "万元地区生产总值能耗、水耗和二氧化碳排放量")]
    ['energy-intensity', None, None]
    """
    found = scheme.find(clause)
    cuts = [
        m.start() for m in COORDINATED.finditer(clause) if not any(b <= m.start() < e for b, e, _ in found)
    ]
    items = [(b, e) for b, e in zip([0, *(c + 1 for c in cuts)], [*cuts, len(clause)], strict=True) if e > b]
    labels = [[f for f in found if b <= f[0] < e] for b, e in items]
    keys: list[str | None] = []
    for i, (b, e) in enumerate(items):
        if labels[i]:
            keys.append(labels[i][-1][2] or None)
            continue
        later = next((f[-1] for f in labels[i + 1 :] if f), None)
        keys.append(_elide(scheme, clause[b:e], clause[later[0] : later[1]]) if later else None)
    return keys


def _elide(scheme: Scheme, word: str, label: str) -> str | None:
    """The indicator named by ``word`` with the end of ``label`` ("城镇" + "居民人均可支配收入")."""
    for start in range(max(len(word) - 1, 0)):
        for cut in range(1, min(5, len(label))):
            key = scheme.by_label.get(_fold(word[start:] + label[cut:]))
            if key:
                return key
    return None


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
    window = _unquoted(text[end : end + 40])
    stop = CLAUSE_END.search(window)
    window = window[: stop.start()] if stop else window
    skip = UNIT_WORD.match(window).end() if window[:1].isascii() else 3
    for begin, label_end, key in scheme.find(window):
        if begin <= skip and not _counts_noun(scheme, window[label_end:]):
            return key
    return None


def _counts_next_noun(scheme: Scheme, text: str, number: int, figure: Figure) -> bool:
    """Whether a count's classifier is followed by the noun it counts ("重点项目1560项联审联批事项")."""
    word = count_word(text, number) if figure.unit == NUM else None
    if word is None:
        return False
    at = text.find(word, number) + len(word)
    return _counts_noun(scheme, text[at : at + 12])


def _counts_noun(scheme: Scheme, rest: str) -> bool:
    """Whether ``rest``, after a count, goes on to name what is counted ("先导项目", "联审事项")."""
    rest = _unquoted(rest)
    stop = CLAUSE_END.search(rest)
    return (
        bool(CJK.match(rest))
        and scheme.noun_heads.search(rest[: stop.start() if stop else len(rest)]) is not None
    )


def _ends_noun(scheme: Scheme, rest: str) -> bool:
    """Whether a label ends the noun the number counts ("7个保障性住房先导项目" counts projects)."""
    return not CJK.match(rest) or scheme.link_cues.match(fold(rest)) is not None


def _aspect(
    scheme: Scheme, indicator: Indicator | None, figure: Figure, cue_text: str, listed_addition: bool = False
) -> str:
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
    if changed or listed_addition or scheme.addition_cues.search(cue_text) or figure.direction:
        return "Change"
    return "Level"


# ---- whose figure and which year -------------------------------------------------------------------


def about(doc: Document, figure: Figure, lexicon: Lexicon | None = None) -> str | None:
    """The place or organization whose quantity the figure is (the document's place by default)."""
    if figure.subject and figure.subject.startswith(SUBJECT_KINDS):
        return figure.subject
    return document_place(doc, lexicon)


def document_place(doc: Document, lexicon: Lexicon | None = None) -> str | None:
    """The place a document is about: its folder's name, else the place its opening names most."""
    if lexicon is None:
        from policykg.lexicon import load_lexicon

        lexicon = load_lexicon()
    return _document_place(_folder(doc.source, doc.slug), doc.text[:400], lexicon)


@functools.lru_cache(maxsize=64)
def _folder(source: str, slug: str) -> str:
    """The name of the folder a document comes from ("" for none)."""
    folder = PurePath(source).parent.name if source not in ("-", "stdin") else ""
    if not folder and "/" in slug:
        folder = slug.rsplit("/", 1)[0].rsplit("/", 1)[-1]  # "长春市/2023": the parent folder's name
    return folder


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


def _year(doc: Document, number: int, sentence: str) -> int | None:
    """The year the sentence or, failing that, the section heading above the figure gives."""
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
