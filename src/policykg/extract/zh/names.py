"""Chinese names found by their shape: quoted names, suffixed names, listed names, known names.

A name ends in a suffix of the lexicon (…示范区 → Initiative, …集团 → Organization, …示范城 →
CityVision) and starts after the nearest punctuation mark or the last verb of ``zhNameVerbs``.
May import: policykg.model, policykg.extract.mentions, policykg.extract.patterns, the other zh modules and the standard library.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from itertools import accumulate

from policykg.extract.mentions import Mention
from policykg.extract.patterns import alternation
from policykg.extract.zh.entities import key_of, tidy
from policykg.model import Lexicon

NAME_CHARS = r"\u4e00-\u9fffA-Za-z0-9０-９·“”"
STOP = "，。、；：！？,.;:!?（）()《》\n 　"
QUOTE = re.compile(r"“([^“”\n]{2,14})”")
COUNTED = re.compile(r"[0-9０-９.]+(?:万亿|亿|万)?(?:元|个|家|项|大|条|所|场|批)(?:以上|以下|以内)?")
COUNT_END = re.compile(r"[个家项大条所场批](?:以上|以下|以内)?$")
QUOTE_MARKS = re.compile(r"[“”]")
NAME = re.compile(f"[{NAME_CHARS}]+")
LAST_STOP = re.compile(f"(?s:.*)[{re.escape(STOP)}]")  # up to the last stop (``re`` tries from the end)
LIST_BREAK = "，。；\n"  # no listed name and no 等… holds one of these
CLAUSE_MARKS = re.compile(r"[，。；：、]")
NOT_NAMES = re.compile(r"[\d+＋]+|[一二三四五六七八九十]+(?:五|连[丰冠增胜])?")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
JOINING = re.compile(r"[和及与的等]")


@functools.cache
def _cues(lexicon: Lexicon, name: str) -> tuple[str, ...]:
    return tuple(sorted(lexicon.cue(name), key=len, reverse=True))


@functools.cache
def _suffixes(lexicon: Lexicon) -> tuple[re.Pattern[str], dict[str, str]]:
    suffixes = {
        s: kind
        for kind, cue in (
            ("Initiative", "zhInitiativeSuffixes"),
            ("Organization", "zhOrganizationSuffixes"),
            ("CityVision", "zhVisionSuffixes"),
        )
        for s in lexicon.cue(cue)
    }
    return re.compile(alternation(suffixes)), suffixes  # a trie: the longest suffix, as longest-first would


def _start(text: str, end: int, lexicon: Lexicon, limit: int = 32) -> int | None:
    """Where a name whose suffix starts at ``end`` begins: after punctuation or the last verb before it.

    None when no start is found within ``limit`` characters or a count stands right before the
    name (10个创意设计园区 is a number of parks, not a park's name).
    """
    window = text[max(0, end - limit - 1) : end]
    stop = LAST_STOP.match(window)
    piece = window[stop.end() :] if stop else window
    if len(piece) > limit:
        return None
    k = end - len(piece)
    verb = _verbs_reversed(lexicon).search(piece[::-1])  # the first verb from the end
    cut = len(piece) - verb.start() if verb else 0  # the end of the verb that ends last
    number = list(COUNTED.finditer(piece))
    if number and number[-1].end() >= cut:  # 以 of 100个以上 is no verb before a name
        if COUNT_END.search(number[-1].group()):
            return None
        cut = number[-1].end()
    return k + cut


@functools.cache
def _verbs_reversed(lexicon: Lexicon) -> re.Pattern[str]:
    """The verbs before names, each written backwards."""
    return re.compile(alternation(verb[::-1] for verb in _cues(lexicon, "zhNameVerbs")) or r"(?!x)x")


def find_suffixed(text: str, lexicon: Lexicon, quoted: list[tuple[int, int]]) -> list[Mention]:
    """Names ending in an initiative, organization or vision suffix (the longest of a shared start)."""
    suffixes, kinds = _suffixes(lexicon)
    not_suffix = _cues(lexicon, "zhNotSuffixWords")
    quoted = _Covering(quoted)
    found: dict[int, Mention] = {}
    for match in suffixes.finditer(text):
        start, end = match.span()
        suffix = text[start:end]
        if text.startswith(not_suffix, start) or (end < len(text) and text[end] in "区园城圈"):
            continue
        if suffix.endswith("城") and text.startswith("市", end):  # 食品安全示范城市 is a title
            continue
        begin = _start(text, start, lexicon)
        if begin is None:
            continue
        label = text[begin:end]
        kind = kinds[suffix]
        if not _plausible(label, suffix, kind, begin, quoted, lexicon):
            continue
        held = found.get(begin)
        if held is None or held.end < end:
            found[begin] = Mention(key_of(kind, tidy(label)), kind, tidy(label), begin, end)
    return sorted(found.values(), key=lambda m: m.begin)


class _Covering:
    """Spans sorted, with the furthest end up to each: "does one of them cover ``offset``?" by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.begins = [b for b, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))


def _covered(offset: int, spans: _Covering) -> bool:
    """Whether ``offset`` is in one of the spans (``begin <= offset < end``)."""
    k = bisect.bisect_right(spans.begins, offset)
    return bool(k) and spans.reach[k - 1] > offset


def _plausible(label: str, suffix: str, kind: str, begin: int, quoted, lexicon: Lexicon) -> bool:
    plain = QUOTE_MARKS.sub("", label)
    if len(plain) < 3 or len(plain) == len(suffix) or not NAME.fullmatch(label):
        return False
    if label.count("“") != label.count("”"):
        return False
    if kind == "CityVision" and label.endswith(_cues(lexicon, "zhNotVisionEnds")):
        return False
    if _covered(begin, quoted) and not label.startswith("“"):
        return False
    return True


def find_quoted(text: str, lexicon: Lexicon, taken: list[tuple[int, int]]) -> list[Mention]:
    """“…” names: campaigns and strategies (Initiative), …城 / …之都 identities (CityVision); awards and
    qualities of enterprises (“专精特新”企业) are left out."""
    out = []
    for match in QUOTE.finditer(text):
        inner = match.group(1)
        begin, end = match.start(), match.end()
        if any(b <= begin < e for b, e in taken) or CLAUSE_MARKS.search(inner):
            continue
        after = text[end : end + 4]
        if text[max(0, begin - 3) : begin].endswith(_cues(lexicon, "zhAwardVerbs")) or inner.endswith("城市"):
            continue
        if after.startswith(("企业", "产业体系", "现代产业", "品牌")):
            continue
        if len(inner) < 3 and not after.startswith(("示范城", "城")):
            continue
        if NOT_NAMES.fullmatch(inner):
            continue  # “十四五” is a plan period, “十九连丰” a record
        vision = inner.endswith(_cues(lexicon, "zhVisionSuffixes")) or after.startswith(("示范城", "城"))
        kind = "CityVision" if vision else "Initiative"
        if after.startswith("示范城"):
            end += 3
        label = tidy(text[begin:end])
        out.append(
            Mention(key_of(kind, inner if kind == "Initiative" else label), kind, label, begin, end, (inner,))
        )
    return out


def find_known(text: str, lexicon: Lexicon) -> list[Mention]:
    """Organizations and initiatives of the lexicon's name lists."""
    return [
        Mention(key, kind, label, match.start(), match.end(), english)
        for key, kind, label, english, pattern in _known(lexicon)
        for match in pattern.finditer(text)
    ]


@functools.cache
def _known(lexicon: Lexicon) -> tuple[tuple[str, str, str, tuple[str, ...], re.Pattern[str]], ...]:
    """(key, kind, label, English names, regex of one Chinese name) of each known name, in the order
    they are looked for: organizations (their names longest first), then initiatives."""
    out = []
    for entry in _cues(lexicon, "zhOrganizations"):
        names = entry.split("|")
        chinese = [n for n in names if CHINESE.search(n)]
        english = tuple(n for n in names if n not in chinese)
        key = key_of("Organization", chinese[0])
        for name in sorted(chinese, key=len, reverse=True):
            out.append((key, "Organization", chinese[0], english, re.compile(re.escape(name))))
    for name in _cues(lexicon, "zhInitiatives"):
        out.append((key_of("Initiative", name), "Initiative", name, (), re.compile(re.escape(name))))
    return tuple(out)


LIST_ITEM = r"[\u4e00-\u9fffA-Za-z]{2,10}"


def find_listed(text: str, lexicon: Lexicon) -> list[Mention]:
    """X、Y等(N个)…企业 / …项目, X、Y、Z N大生产基地, and X、Y 跻身 / 获评 … : the listed names."""
    lists = _Lists.of(lexicon)
    pieces = lists.pieces(text)
    out = []
    for pattern, words in lists.patterns:
        for begin, end in pieces:
            if words.search(text, begin, end):
                for match in pattern.finditer(text, begin, end):
                    kind = "Initiative" if "项目" in match.group(2) else "Organization"
                    out += _items(text, match.start(1), match.group(1), kind, lexicon)
    return out


@dataclass(frozen=True, slots=True, eq=False)
class _Lists:
    """The regexes of listed names (before head words, before rank verbs), each with the regex of its
    words, and the marks no list holds: a list is looked for only between two marks, where a 、 stands
    and one of its words does (the same matches as a search of the whole text)."""

    patterns: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    mark: re.Pattern[str]
    last_mark: re.Pattern[str]

    @classmethod
    @functools.cache
    def of(cls, lexicon: Lexicon) -> _Lists:
        heads, verbs = _cues(lexicon, "zhListedHeads"), _cues(lexicon, "zhRankVerbs")
        marks = "".join(m for m in LIST_BREAK if not any(m in word for word in heads + verbs))
        items = rf"((?:{LIST_ITEM}、)+{LIST_ITEM})"
        ending = r"(?:等[^，。；、\n]{0,10}?|[0-9０-９]+[个家大])"
        return cls(
            (
                (re.compile(rf"{items}{ending}({'|'.join(map(re.escape, heads))})"), _any_of(heads)),
                (re.compile(rf"{items}({'|'.join(map(re.escape, verbs))})"), _any_of(verbs)),
            ),
            re.compile(f"[{re.escape(marks)}]" if marks else r"(?!x)x"),
            re.compile(f"(?s:.*)[{re.escape(marks)}]" if marks else r"(?!x)x"),
        )

    def pieces(self, text: str) -> list[tuple[int, int]]:
        """The stretches between two marks that hold a 、.

        >>> from policykg.lexicon import load_lexicon
        >>> _Lists.of(load_lexicon()).pieces("甲、乙等企业，丙丁。戊、己")
        [(0, 6), (10, 13)]
        """
        out = []
        done = 0
        at = text.find("、")
        while at >= 0:
            before = self.last_mark.match(text, done, at)
            after = self.mark.search(text, at)
            begin, end = before.end() if before else done, after.start() if after else len(text)
            out.append((begin, end))
            done = end
            at = text.find("、", end)
        return out


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(alternation(words) or r"(?!x)x")


def _items(text: str, offset: int, joined: str, kind: str, lexicon: Lexicon) -> list[Mention]:
    out = []
    for number, part in enumerate(joined.split("、")):
        begin = offset
        offset += len(part) + 1
        if number == 0:
            start = _start(text, begin + len(part), lexicon, limit=len(part) + 1)
            if start is None or start >= begin + len(part):
                continue
            part, begin = text[max(start, begin) : begin + len(part)], max(start, begin)
        if len(part) >= 2 and not JOINING.search(part):
            out.append(Mention(key_of(kind, part), kind, part, begin, begin + len(part)))
    return out


def find_vision_lists(text: str, lexicon: Lexicon) -> list[Mention]:
    """城市性质确定为A、B、C和D: each listed identity is a CityVision."""
    out = []
    for cue in _cues(lexicon, "zhVisionLists"):
        for match in re.finditer(re.escape(cue), text):
            k = match.end()
            end = k
            while end < len(text) and text[end] not in "，。；\n":
                end += 1
            offset = k
            for part in re.split(r"、", text[k:end]):
                out.append(
                    Mention(key_of("CityVision", part), "CityVision", part, offset, offset + len(part))
                )
                offset += len(part) + 1
    return [m for m in out if len(m.label) >= 4]
