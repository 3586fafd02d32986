"""Find cities and provinces of the gazetteer ("Jilin Province" vs Jilin city, "Changchun City").

May import: policykg.model, the standard library and the other extract modules.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.mentions import Mention
from policykg.extract.patterns import alternation
from policykg.model import Lexicon, PlaceTerm

_CAPITAL = re.compile(  # the look-behind after the capital lets ``re`` skip to capitals (same matches)
    r"[A-ZÀ-Þ](?<![\w'’].)[a-zA-Zß-ÿ]+(?:['’](?!s\b)[a-z]+)?(?!\w)"
)  # Xi'an, Ürümqi, Jilin's
_NAME_GOES_ON = re.compile(r" [A-Z]")
_SMALL = 100_000  # people (GeoNames): a town this small is meant inside a longer name only when its province is named


@functools.cache
def place_index(lexicon: Lexicon) -> dict[str, tuple[PlaceTerm, ...]]:
    """Gazetteer label or alt label (without a City/Province suffix) → places, biggest first."""
    index: dict[str, list[PlaceTerm]] = {}
    suffix = re.compile(rf"\s+(?:{alternation(lexicon.cue('labelSuffixes'))})$")
    for place in lexicon.places:
        names = {place.label, *place.alt_labels}
        for name in names:
            base = suffix.sub("", name)
            if not any("\u3400" <= ch <= "\u9fff" for ch in base):  # Latin names (Ürümqi), not Chinese
                index.setdefault(base, []).append(place)
    return {
        name: tuple(sorted(set(places), key=lambda p: (p.kind != "City", -p.population, p.key)))
        for name, places in index.items()
    }


@functools.cache
def places_named(lexicon: Lexicon) -> frozenset[str]:
    """Every name of ``place_index`` (cached: a document's steps ask for it several times)."""
    return frozenset(place_index(lexicon))


@functools.cache
def _provinces_named(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Name of ``place_index`` → the keys of the provinces it may name."""
    return {
        name: tuple(p.key for p in places if p.kind == "Province")
        for name, places in place_index(lexicon).items()
    }


@functools.cache
def _longest(lexicon: Lexicon) -> int:
    return max((n.count(" ") + 1 for n in place_index(lexicon)), default=1)


@functools.cache
def _first_tokens(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(name.split()[0] for name in place_index(lexicon))


def find_places(work: str, lexicon: Lexicon) -> list[Mention]:
    """Every gazetteer place the text names, one Mention per occurrence."""
    index = place_index(lexicon)
    stops = set(lexicon.cue("placeStops"))
    longest = _longest(lexicon)
    found: list[tuple[int, int, str, tuple[PlaceTerm, ...]]] = []
    firsts = _first_tokens(lexicon)
    matches = list(_CAPITAL.finditer(work))
    tokens = [m.span() for m in matches]
    after = 0  # the first token not yet part of a name
    for i in [i for i, m in enumerate(matches) if m.group() in firsts]:
        hit = _longest_name(work, tokens, i, index, longest, stops) if i >= after else None
        if hit is not None:
            n, name = hit
            found.append((tokens[i][0], tokens[i + n - 1][1], name, index[name]))
            after = i + n
    provinces_of = _provinces_named(lexicon)
    mentioned_provinces = {key for _, _, name, _ in found for key in provinces_of[name]}
    mentions = []
    features = tuple(lexicon.cue("placeFeatures"))
    for begin, end, name, candidates in found:
        if _suffix(work, end, features):
            continue  # "Yangcheng Lake", "Xiang River": a lake or a river, not the city
        mention = _resolve(work, begin, end, name, candidates, mentioned_provinces, lexicon)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _longest_name(work, tokens, i, index, longest, stops) -> tuple[int, str] | None:
    """The most tokens from ``i`` on (each one space after the last) that spell a gazetteer name."""
    run = 1  # tokens from i on, each one space after the one before
    limit = min(longest, len(tokens) - i)
    while (
        run < limit
        and tokens[i + run - 1][1] + 1 == tokens[i + run][0]
        and work[tokens[i + run][0] - 1] == " "
    ):
        run += 1
    begin = tokens[i][0]
    for n in range(run, 0, -1):
        name = work[begin : tokens[i + n - 1][1]]
        if name in index and name not in stops:
            return n, name
    return None


def _suffix(work: str, end: int, options: tuple[str, ...]) -> str | None:
    """The first of ``options`` written right after ``end`` (after one space) as a whole word."""
    if work[end : end + 1] != " ":
        return None
    buckets, empty = _by_first_character(options)
    for option in buckets.get(work[end + 1 : end + 2], empty):
        if (
            work.startswith(option, end + 1)
            and not work[end + 1 + len(option) : end + 2 + len(option)].isalpha()
        ):
            return option
    return None


@functools.lru_cache(maxsize=64)
def _by_first_character(options: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """``options`` that may follow each first character, in their order; and the empty ones (any)."""
    buckets = {o[:1]: tuple(p for p in options if p[:1] in (o[:1], "")) for o in options if o}
    return buckets, tuple(o for o in options if not o)


def _resolve(work, begin, end, name, candidates, provinces, lexicon) -> Mention | None:
    """Pick the place a name means from the word after it and the rest of the text."""
    if _suffix(work, end, lexicon.cue("provinceSuffixes")):
        pool = [p for p in candidates if p.kind == "Province"]
    elif _suffix(work, end, lexicon.cue("citySuffixes")):
        pool = [p for p in candidates if p.kind == "City"] or list(candidates)
    else:
        pool = [p for p in candidates if not p.ambiguous]
        if not pool and len(candidates) > 1:  # a name several cities share: the one whose province is named
            pool = [p for p in candidates if p.province_key in provinces]
        if work[end : end + 1].isalpha() or (begin > 0 and work[begin - 1] in "-'"):
            pool = []
        if _NAME_GOES_ON.match(work, end):  # "Jiangnan University": a small town far away is not meant
            pool = [
                p for p in pool if p.kind != "City" or p.population >= _SMALL or p.province_key in provinces
            ]
    if not pool:
        return None
    pool.sort(key=lambda p: (p.province_key not in provinces and p.kind == "City", p.kind != "City"))
    place = pool[0]
    suffix = _suffix(work, end, lexicon.cue("placeSuffixes"))
    span_end = end + 1 + len(suffix) if suffix else end
    same_as = (f"https://sws.geonames.org/{place.geonames_id}/",) if place.geonames_id else ()
    surface = work[begin:span_end]
    alt = (surface,) if surface != place.label else ()
    return Mention(place.key, place.kind, place.label, begin, span_end, alt, same_as)
