"""The indicator scheme: its indicators with every label, and the cue words that decide a figure's aspect.

The scheme is data (``ontology/indicators.ttl``), read once by ``load_scheme``; labels are compared
folded (``fold_label``: no quotes, case-folded).
May import: policykg.model, policykg.extract.patterns, policykg.ontology, rdflib, the standard library.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rdflib import RDF, Literal, Namespace
from rdflib.namespace import SKOS

from policykg.extract.patterns import Folded, Words, alternation, fold
from policykg.model import ID_IRI, PK_IRI

INDICATORS_FILE = "indicators.ttl"
LEX = Namespace("https://w3id.org/policykg/lexicon#")
QUOTES = re.compile('[“”"「」『』‘’《》]')  # left out of the words compared with labels
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_WORDS = re.compile(
    r"(?:19|20)[0-9]{2}年|[0-9０-９.．,，%％、\s]"
)  # numbers between a label and its figure


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
    labels: Words  # every label (and phrase of lex:notIndicators), longest first
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
        if not CJK.search(words):  # taking words out adds no Chinese character (English text: every clause)
            return True
        rest = NOT_WORDS.sub("", self.link_cues.sub("", fold(words)))
        return not CJK.search(rest)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every indicator named in ``text``: (begin, end, key), left to right, not overlapping.

        A phrase of lex:notIndicators is found with the key "" (it names no indicator).

        >>> [key for _, _, key in load_scheme().find("地方级财政收入和GDP")]
        ['indicator/general-budget-revenue', 'indicator/gdp']
        """
        folded = fold(text)
        return [
            (begin, end, self.by_label[fold_label(folded[begin:end])])
            for begin, end in self.labels.folded_spans(folded)
        ]


@functools.lru_cache(maxsize=1 << 12)
def fold_label(label: str) -> str:
    """A label as ``by_label`` holds it (the labels a text names repeat: cached)."""
    return unquoted(label).casefold()


def unquoted(text: str) -> str:
    """``text`` without quotes and book-title marks (``re.sub`` is many times faster than ``str.translate`` on CJK).

    >>> unquoted("“十四五”规划《纲要》")
    '十四五规划纲要'
    """
    return QUOTES.sub("", text)


def word_pattern(words: list[str]) -> Folded:
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
    by_label = {fold_label(label): ind.key for ind in indicators.values() for label in ind.labels}
    blocked = [str(o) for o in graph.objects(LEX.notIndicators, SKOS.hiddenLabel)]
    by_label.update({fold_label(phrase): "" for phrase in blocked})  # found, but measures nothing

    def cues(name: str) -> re.Pattern[str]:
        words = [str(o) for o in graph.objects(LEX[name], SKOS.hiddenLabel)]
        return word_pattern(words)

    labels = [unquoted(label) for ind in indicators.values() for label in ind.labels] + blocked
    return Scheme(
        indicators=indicators,
        labels=Words(fold(label) for label in labels),
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
