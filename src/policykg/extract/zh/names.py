"""Chinese names found by their shape: quoted names, suffixed names, listed names, known names.

A name ends in a suffix of the lexicon (…示范区 → Initiative, …集团 → Organization, …示范城 →
CityVision) and starts after the nearest punctuation mark or the last verb of ``zhNameVerbs``.
May import: policykg.model, policykg.extract.mentions, policykg.extract.patterns, the other zh modules and the standard library.
"""

from __future__ import annotations

import bisect
import functools
import re
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


@functools.cache
def _cues(lexicon: Lexicon, name: str) -> tuple[str, ...]:
    return tuple(sorted(lexicon.cue(name), key=len, reverse=True))


@functools.cache
def _suffix_pattern(lexicon: Lexicon) -> re.Pattern:
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
    k = end
    while k > 0 and text[k - 1] not in STOP:
        k -= 1
        if end - k > limit:
            return None
    piece = text[k:end]
    verbs = _cues(lexicon, "zhNameVerbs")
    cut = next((e for e in range(len(piece), 0, -1) if piece.endswith(verbs, 0, e)), 0)  # the last verb's end
    number = list(COUNTED.finditer(piece))
    if number and number[-1].end() >= cut:  # 以 of 100个以上 is no verb before a name
        if COUNT_END.search(number[-1].group()):
            return None
        cut = number[-1].end()
    return k + cut


def find_suffixed(text: str, lexicon: Lexicon, quoted: list[tuple[int, int]]) -> list[Mention]:
    """Names ending in an initiative, organization or vision suffix (the longest of a shared start)."""
    pattern, kinds = _suffix_pattern(lexicon)
    not_suffix = _cues(lexicon, "zhNotSuffixWords")
    quoted = _Covering(quoted)
    found: dict[int, Mention] = {}
    for match in pattern.finditer(text):
        end = match.end()
        if text.startswith(not_suffix, match.start()) or (end < len(text) and text[end] in "区园城圈"):
            continue
        if match.group().endswith("城") and text.startswith("市", end):  # 食品安全示范城市 is a title
            continue
        begin = _start(text, match.start(), lexicon)
        if begin is None:
            continue
        label = text[begin:end]
        kind = kinds[match.group()]
        if not _plausible(label, match.group(), kind, begin, quoted, lexicon):
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
        if any(b <= begin < e for b, e in taken) or re.search(r"[，。；：、]", inner):
            continue
        after = text[end : end + 4]
        if text[max(0, begin - 3) : begin].endswith(_cues(lexicon, "zhAwardVerbs")) or inner.endswith("城市"):
            continue
        if after.startswith(("企业", "产业体系", "现代产业", "品牌")):
            continue
        if len(inner) < 3 and not after.startswith(("示范城", "城")):
            continue
        if re.fullmatch(r"[\d+＋]+|[一二三四五六七八九十]+(?:五|连[丰冠增胜])?", inner):
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
    out = []
    for entry in _cues(lexicon, "zhOrganizations"):
        names = entry.split("|")
        chinese = [n for n in names if re.search(r"[\u4e00-\u9fff]", n)]
        english = tuple(n for n in names if n not in chinese)
        key = key_of("Organization", chinese[0])
        for name in sorted(chinese, key=len, reverse=True):
            for match in re.finditer(re.escape(name), text):
                out.append(Mention(key, "Organization", chinese[0], match.start(), match.end(), english))
    for name in _cues(lexicon, "zhInitiatives"):
        for match in re.finditer(re.escape(name), text):
            out.append(Mention(key_of("Initiative", name), "Initiative", name, match.start(), match.end()))
    return out


LIST_ITEM = r"[\u4e00-\u9fffA-Za-z]{2,10}"


def find_listed(text: str, lexicon: Lexicon) -> list[Mention]:
    """X、Y等(N个)…企业 / …项目, X、Y、Z N大生产基地, and X、Y 跻身 / 获评 … : the listed names."""
    heads = "|".join(map(re.escape, _cues(lexicon, "zhListedHeads")))
    items = rf"((?:{LIST_ITEM}、)+{LIST_ITEM})"
    listed = re.compile(rf"{items}(?:等[^，。；、\n]{{0,10}}?|[0-9０-９]+[个家大])({heads})")
    ranked = re.compile(rf"{items}({'|'.join(map(re.escape, _cues(lexicon, 'zhRankVerbs')))})")
    out = []
    for pattern in (listed, ranked):
        for match in pattern.finditer(text):
            kind = "Initiative" if "项目" in match.group(2) else "Organization"
            out += _items(text, match.start(1), match.group(1), kind, lexicon)
    return out


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
        if len(part) >= 2 and not re.search(r"[和及与的等]", part):
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
