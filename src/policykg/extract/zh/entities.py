"""Chinese entities: places of the gazetteer, industries of the lexicon, industrial systems, city
visions, initiatives, organizations and the speaker of the header.

Chinese has no spaces, so a name is found by its shape: a lexicon or gazetteer name, a quoted
name, or words ending in a suffix that says what they are (…工程, …示范区, …集团, …城) and
starting after a punctuation mark or a verb of the cue lists.
May import: policykg.model, policykg.extract.mentions, policykg.extract.patterns, the other zh modules and the standard library.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.mentions import Mention, slug
from policykg.extract.patterns import alternation, finditer_at
from policykg.extract.zh.layout import person
from policykg.model import PK_IRI, Lexicon

CJK = r"\u4e00-\u9fff"
CJK_CHAR = re.compile(f"[{CJK}]")
POSITION = PK_IRI + "position"
BARE_CITY_POPULATION = 500_000
SUFFIXES = (
    "市",
    "省",
    "县",
    "自治区",
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "特别行政区",
)  # smaller cities are matched only with 市: their bare names are often words
SYSTEM = re.compile(
    r"[“\"]?(\d+(?:[+＋]\d+)+|[0-9]{3,5})[”\"]?((?:现代化?|先进制造业|现代工业|特色)?产业(?:体系|集群)?)"
)
# where a SYSTEM match may begin (its first character starts the regex: ``re`` skips ahead to those)
SYSTEM_START = re.compile(r"[“\"\d](?=[\d+＋]*[”\"]?(?:现代化?|先进制造业|现代工业|特色)?产业)")


NOT_KEY = re.compile(r"[^\w+＋]")
CAPITAL = re.compile(r"(?<!^)([A-Z])")


@functools.lru_cache(maxsize=1 << 13)
def key_of(kind: str, label: str) -> str:
    """The key of a Chinese-named entity: its kind's folder and the name itself (IRIs may hold Chinese).

    >>> key_of("Initiative", "“旗E春城”行动")
    'initiative/旗e春城行动'
    """
    name = NOT_KEY.sub("", label.lower()).replace("＋", "+")
    folder = CAPITAL.sub(r"-\1", kind).lower()
    return f"{folder}/{name or slug(label)}"


@functools.lru_cache(maxsize=1 << 13)
def tidy(label: str) -> str:
    """A Chinese label without surrounding quotes and blanks (full-width punctuation inside is kept).

    >>> tidy("“最多跑一次”")
    '最多跑一次'
    """
    label = label.strip()
    if len(label) > 2 and label[0] in '“"「' and label[-1] in '”"」' and label.count("“") <= 1:
        return label[1:-1]
    return label


@functools.cache
def _place_names(lexicon: Lexicon) -> dict[str, tuple]:
    """Chinese surface form → place, a province winning a bare name it shares with a city (吉林)."""
    names: dict[str, tuple] = {}
    for place in sorted(lexicon.places, key=lambda p: (p.kind != "Province", -p.population)):
        if not place.zh_labels:
            continue
        bare = place.zh_labels[0]
        big = place.kind == "Province" or place.population >= BARE_CITY_POPULATION
        forms = [bare] if big else []
        for label in place.zh_labels[1:]:
            if label.startswith(bare) and label[len(bare) :] in SUFFIXES and (big or len(label) >= 4):
                forms.append(label)
        for form in forms:
            names.setdefault(form, place)
    return names


@functools.cache
def _place_pattern(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern]:
    """The names as a trie (the longest name at a place, as longest-first would) and where one may begin.

    ``re`` tries the branch of every first character (several hundred) at each character that begins a
    name; the trie is tried only where the first two characters can begin one (a fifth as many places).
    """
    names = list(_place_names(lexicon))
    return re.compile(alternation(names)), _may_begin(names)


def _may_begin(words: list[str]) -> re.Pattern:
    """Where one of ``words`` may begin: its first character, then the second character of one (if any).

    >>> [m.start() for m in _may_begin(["长春", "吉林", "林"]).finditer("长春、吉林和森林")]
    [0, 3, 4, 7]
    """
    firsts = "".join(sorted({re.escape(word[0]) for word in words if word}))
    seconds = "".join(sorted({re.escape(word[1]) for word in words if len(word) > 1}))
    if any(len(word) == 1 for word in words) or not seconds:
        return re.compile(f"[{firsts}]" if firsts else r"(?!x)x")
    return re.compile(f"[{firsts}](?=[{seconds}])")


def find_places(text: str, lexicon: Lexicon) -> list[Mention]:
    """Provinces and cities named in Chinese (长春, 长春市, 吉林省).

    Not a place: a name inside a set phrase of ``zhNotPlaces`` (金山 in 金山银山) or right before a
    word of ``zhPlaceFeatures`` (包头大街 is a street, 广安门 a gate).
    """
    names = _place_names(lexicon)
    features = tuple(lexicon.cue("zhPlaceFeatures"))
    phrases = _not_place_spans(text, lexicon)
    out = []
    pattern, starts = _place_pattern(lexicon)
    for match in finditer_at(pattern, text, [m.start() for m in starts.finditer(text)]):
        start, stop = match.span()
        if text.startswith(features, stop) or any(begin < stop and start < end for begin, end in phrases):
            continue
        place = names[text[start:stop]]
        alts = tuple(a for a in (place.label, *place.alt_labels) if a)
        out.append(Mention(place.key, place.kind, place.zh_labels[0], start, stop, alts, _same_as(place)))
    return out


DISTRICT_ENDS = ("区", "县", "旗")
LIST_MARK = "、"


def find_districts(text: str, lexicon: Lexicon, city: str | None) -> list[Mention]:
    """The districts and counties of ``city``: named in full (朝阳区, 农安县, 彭水县), or by their short
    names in a list of two or more of them (临安、淳安、富阳等). A district of another city is not looked
    for (朝阳区 is in Beijing and in Changchun); a short name alone is mostly part of another name
    (西湖大学, 钱塘江, 萧山国际机场); 中原区域 is a region, not 中原区."""
    names = _district_names(lexicon, city) if city else {}
    if not names:
        return []
    found = []
    for match in _district_pattern(lexicon, city).finditer(text):
        begin, end = match.span()
        full = text[begin:end].endswith(DISTRICT_ENDS)
        if full and text[begin:end].endswith("区") and text.startswith("域", end):
            continue
        found.append((begin, end, full))
    listed = _in_lists(text, found)
    out = []
    for begin, end, full in found:
        if full or (begin, end) in listed:
            district = names[text[begin:end]]
            alts = tuple(a for a in district.zh_labels if a != district.zh_labels[0])
            out.append(Mention(district.key, "District", district.zh_labels[0], begin, end, alts))
    return out


def _in_lists(text: str, found: list[tuple[int, int, bool]]) -> set[tuple[int, int]]:
    """The names joined to another district name by 、 (临安、淳安): a list of places."""
    listed = set()
    for (b1, e1, _), (b2, e2, _) in zip(found, found[1:], strict=False):
        if text[e1:b2] == LIST_MARK:
            listed |= {(b1, e1), (b2, e2)}
    return listed


def district_city(lexicon: Lexicon, key: str) -> str | None:
    """The city a district of the gazetteer belongs to."""
    return _districts_by_key(lexicon).get(key)


@functools.cache
def _districts_by_key(lexicon: Lexicon) -> dict[str, str | None]:
    return {d.key: d.city_key for d in lexicon.districts}


@functools.cache
def _district_names(lexicon: Lexicon, city: str) -> dict[str, object]:
    """Full names (ending in 区, 县, 旗) and short names of two or more characters → district."""
    return {
        form: d for d in lexicon.districts if d.city_key == city for form in d.zh_labels if len(form) >= 2
    }


@functools.cache
def _district_pattern(lexicon: Lexicon, city: str) -> re.Pattern:
    return re.compile(alternation(_district_names(lexicon, city)))


def as_municipality(places: list[Mention], lexicon: Lexicon, city: str | None) -> list[Mention]:
    """In the report of a municipality (北京市/2023.md), its name is the city, not the province-level
    division of the same name (the bare name 北京 goes to the province elsewhere): the report's figures
    are the city's. A province is a municipality when its own name ends in 市 (北京市, not 吉林省)."""
    by_key = {p.key: p for p in lexicon.places}
    place = by_key.get(city) if city else None
    if place is None or place.kind != "City" or not place.zh_labels:
        return places
    name = place.zh_labels[0]
    alts = tuple(a for a in (place.label, *place.alt_labels) if a)

    def twin(m: Mention) -> bool:
        province = by_key.get(m.key)
        return (
            m.kind == "Province"
            and m.label == name
            and province is not None
            and name + "市" in province.zh_labels
        )

    return [
        Mention(place.key, "City", name, m.begin, m.end, alts, _same_as(place)) if twin(m) else m
        for m in places
    ]


def _not_place_spans(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Where the set phrases that contain a place name without naming the place stand in ``text``."""
    pattern = _not_place_pattern(lexicon)
    return [match.span() for match in pattern.finditer(text)] if pattern else []


@functools.cache
def _not_place_pattern(lexicon: Lexicon) -> re.Pattern | None:
    words = lexicon.cue("zhNotPlaces")
    return re.compile(alternation(words)) if words else None


def _same_as(place) -> tuple[str, ...]:
    return (f"https://sws.geonames.org/{place.geonames_id}/",) if place.geonames_id else ()


@functools.cache
def _industry_forms(lexicon: Lexicon) -> dict[str, object]:
    forms: dict[str, object] = {}
    for term in lexicon.industries:
        for label in term.zh_labels:
            variants = [label, label + "产业", label + "产业集群", label + "行业"]
            if not label.endswith("业"):
                variants.append(label + "业")
            for form in variants:
                forms.setdefault(form, term)
    return forms


@functools.cache
def _industry_pattern(lexicon: Lexicon) -> re.Pattern:
    return re.compile(alternation(_industry_forms(lexicon)))


def find_industries(text: str, lexicon: Lexicon) -> list[Mention]:
    """Industries of the lexicon by their Chinese names, with their X产业 / X业 forms."""
    forms = _industry_forms(lexicon)
    out = []
    for match in _industry_pattern(lexicon).finditer(text):
        begin, end = match.span()
        term = forms[text[begin:end]]
        bare = not text[begin:end].endswith(("产业", "业", "集群", "经济"))
        if bare and _inside_compound(text, end):
            continue
        english = (term.label,) if not CJK_CHAR.search(term.label) else ()
        out.append(Mention(term.key, "Industry", term.zh_labels[0], begin, end, english))
    return out


INDUSTRY_FOLLOWERS = "、，。；：！？和与及等的（）()“”\n 为在是上"
INDUSTRY_WORDS = (
    "产业",
    "行业",
    "领域",
    "企业",
    "集群",
    "发展",
    "产品",
    "产值",
    "总产值",
    "增加值",
    "项目",
    "营业收入",
)


def _inside_compound(text: str, end: int) -> bool:
    """汽车 in 汽车交易中心, 航空 in 航空展: a bare industry name right before more of a word names a thing,
    not the industry (X产业 / X业 forms and a following 、，和 … are the industry)."""
    follower = text[end : end + 1]
    if not follower or follower in INDUSTRY_FOLLOWERS:
        return False
    return not text.startswith(INDUSTRY_WORDS, end)


def find_systems(text: str, city: str | None) -> list[Mention]:
    """Industrial systems named by a formula: “1+6”产业体系, “4+4”现代产业体系, “4567”现代产业."""
    out = []
    for match in finditer_at(SYSTEM, text, [m.start() for m in SYSTEM_START.finditer(text)]):
        formula = match.group(1).replace("＋", "+")
        if "+" not in formula and not match.group(2).startswith("现代"):
            continue
        key = f"industrial-system/{(city or 'city').split('/')[-1]}-{slug(formula)}"
        label = tidy(match.group())
        out.append(Mention(key, "IndustrialSystem", label, match.start(), match.end(), (formula,)))
    return out


def find_person(text: str) -> list[Mention]:
    """The speaker named under the title ("市长 王子联"), with the position."""
    found = person(text)
    if not found:
        return []
    position, name, begin, end = found
    return [Mention(key_of("Person", name), "Person", name, begin, end, (), (), ((POSITION, position),))]
