"""Generate a corpus of distinct policy texts from one template of our own writing.

Each document varies the city (from the packaged gazetteer), its province, the industries (from
the packaged lexicon), the years and every number, so no two documents are alike.  The template
is written for this benchmark; it quotes no real report.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TEMPLATE = """\
{city} Municipal People's Government Work Report {year}

Delivered at the First Session of the {session}th {city} Municipal People's Congress on January {day}, {year}

In {prev}, the gross domestic product of {city} reached RMB {gdp} billion, up {growth}% year on year.
The output of the {ind1} industry grew by {g1}%, and {firms} enterprises of the {ind2} industry were
newly listed above designated size. Investment in fixed assets rose by {inv_growth}%, and the per capita
disposable income of urban residents reached RMB {income} yuan.

{city} will build a "1 plus 3" modern industrial system, with the {ind1} industry as the pillar
industry and the {ind2}, {ind3} and {ind4} industries as strategic emerging industries. {city}, a city
of {province}, will strive to become a national demonstration city for the {ind3} industry.

In {year}, we will start {projects} major projects with a total investment of RMB {invest} billion.
The {city} {ind2} Industrial Park will attract more than {park_firms} enterprises. By {target_year}, the
output of the {ind1} industry will exceed RMB {target} billion, and the added value of the {ind4}
industry will account for {share}% of the regional economy.

We will plant {trees} million trees, build {roads} kilometres of rural roads and renovate {homes} old
residential communities. The number of days with good air quality will reach {days}, and the grain
output will remain above {grain} million tonnes.
"""


def cities() -> list[tuple[str, str]]:
    """(city label, province label) for the unambiguous cities of the packaged gazetteer."""
    rows = list(csv.DictReader((ROOT / "ontology" / "gazetteer.tsv").open(encoding="utf-8"), delimiter="\t"))
    provinces = {r["key"]: r["label"] for r in rows if r["kind"] == "Province"}
    return [
        (r["label"], provinces.get(r["province_key"], "China"))
        for r in rows
        if r["kind"] == "City" and r["ambiguous"] == "0" and int(r["population"] or 0) > 300_000
    ]


def industries() -> list[str]:
    """The preferred labels of the industries in the packaged lexicon."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    lexicon = Graph().parse(ROOT / "ontology" / "lexicon.ttl")
    industry = lexicon.namespace_manager.expand_curie("pk:Industry")
    labels = (str(lexicon.value(s, SKOS.prefLabel)) for s in lexicon.subjects(RDF.type, industry))
    return sorted({label.removesuffix(" industry") for label in labels})


def document(index: int, places: list[tuple[str, str]], kinds: list[str]) -> str:
    """The ``index``-th generated text (deterministic)."""
    rng = random.Random(index)
    city, province = places[index % len(places)]
    year = 2018 + index // len(places) % 8
    ind1, ind2, ind3, ind4 = rng.sample(kinds, 4)
    numbers = {
        "gdp": f"{rng.randint(80, 2500)}.{rng.randint(0, 9)}",
        "growth": f"{rng.randint(2, 9)}.{rng.randint(0, 9)}",
        "g1": rng.randint(3, 40),
        "firms": rng.randint(5, 400),
        "inv_growth": f"{rng.randint(1, 15)}.{rng.randint(0, 9)}",
        "income": f"{rng.randint(28, 75)},{rng.randint(100, 999)}",
        "projects": rng.randint(50, 900),
        "invest": rng.randint(20, 3000),
        "park_firms": rng.randint(20, 500),
        "target": rng.randint(50, 3000),
        "share": rng.randint(5, 45),
        "trees": f"{rng.randint(1, 30)}.{rng.randint(1, 9)}",
        "roads": rng.randint(100, 3000),
        "homes": rng.randint(50, 1500),
        "days": rng.randint(280, 350),
        "grain": f"{rng.randint(1, 30)}.{rng.randint(1, 9)}",
    }
    return TEMPLATE.format(
        city=city, province=province, year=year, prev=year - 1, target_year=year + 3 + index % 3,
        session=14 + index % 3, day=1 + index % 28, ind1=ind1, ind2=ind2, ind3=ind3, ind4=ind4, **numbers,
    )  # fmt: skip


def generate(folder: Path, count: int) -> Path:
    """Write ``count`` distinct texts into ``folder`` (kept when it already holds them)."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.txt"))) == count:
        return folder
    places, kinds = cities(), industries()
    for index in range(count):
        (folder / f"report-{index:05d}.txt").write_text(document(index, places, kinds), encoding="utf-8")
    return folder
