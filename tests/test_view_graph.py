"""Small contract-following graphs for the view tests, and tests of the networkx projection.

The texts are written for these tests (fictional places): a city with a "1 plus 6" system, six
visions, initiatives, a target and a result with NIF evidence; and a hostile document whose names
carry markup and script.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from policykg.namespaces import ID, NIF, PK, UNIT

TEXT = (
    'Alderford will build the "1 plus 6" industrial system. The automobile industry is the pillar. '
    "The emerging industries are biomedicine, new energy, new materials, digital economy, aviation "
    "and ice-snow tourism. Alderford will become International Motor City, Seed Capital, Green Valley "
    "City, Science Harbour, Culture Town and Garden City. The Harbour Battery Plant will support new "
    "energy. By 2025, the output of the automobile industry will reach more than 300 billion yuan. "
    "In 2021, the Smart Clinic programme grew by 17%. The Old Canal campaign continued."
)
PILLAR = "automobile industry"
EMERGING = ("biomedicine", "new energy", "new materials", "digital economy", "aviation", "ice-snow tourism")
VISIONS = (
    "International Motor City",
    "Seed Capital",
    "Green Valley City",
    "Science Harbour",
    "Culture Town",
    "Garden City",
)
PWN = "window.__pwned=1"
HOSTILE_CITY = f"<script>{PWN}</script>Evilton"
HOSTILE_INDUSTRY = f'</script><script>{PWN}</script> "quoted" industry'
HOSTILE_VISION = f"<img src=x onerror={PWN}> 'Vision' href=javascript:{PWN}"
HOSTILE_TITLE = f'<b onmouseover="{PWN}">Hostile</b> href="javascript:{PWN}"'
HOSTILE_TEXT = (
    f'{HOSTILE_CITY} will build the "1 plus 1" industrial system with {HOSTILE_INDUSTRY} and tea. '
    f"{HOSTILE_CITY} will become {HOSTILE_VISION}. By 2030, {HOSTILE_INDUSTRY} will grow by 12%."
)


def slug(text: str) -> str:
    """A plain IRI slug for test resources."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class Builder:
    """Writes resources of one document, each with evidence at the n-th occurrence of a phrase."""

    def __init__(self, graph: Graph, name: str, text: str, title: str) -> None:
        self.graph, self.text = graph, text
        self.doc = ID[f"document/{name}"]
        graph.add((self.doc, RDF.type, PK.Document))
        graph.add((self.doc, RDF.type, NIF.Context))
        graph.add((self.doc, DCTERMS.title, Literal(title)))
        graph.add((self.doc, DCTERMS.source, Literal(f"{name}.txt")))
        graph.add((self.doc, NIF.isString, Literal(text)))

    def span(self, phrase: str, occurrence: int = 0) -> URIRef:
        """An evidence node for the phrase, with its sentence node."""
        begin = -1
        for _ in range(occurrence + 1):
            begin = self.text.index(phrase, begin + 1)
        end = begin + len(phrase)
        start = max(self.text.rfind(". ", 0, begin) + 2, 0) if ". " in self.text[:begin] else 0
        stop = self.text.find(". ", end)
        stop = len(self.text) if stop < 0 else stop + 1
        sentence = self._string(start, stop, NIF.Sentence)
        phrase_node = self._string(begin, end, NIF.Phrase)
        self.graph.add((phrase_node, NIF.sentence, sentence))
        return phrase_node

    def _string(self, begin: int, end: int, cls: URIRef) -> URIRef:
        node = URIRef(f"{self.doc}#offset_{begin}_{end}")
        g = self.graph
        g.add((node, RDF.type, cls))
        g.add((node, RDF.type, NIF.String))
        g.add((node, NIF.referenceContext, self.doc))
        g.add((node, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.anchorOf, Literal(self.text[begin:end])))
        return node

    def entity(self, kind: str, label: str, phrase: str | None = None, occurrence: int = 0) -> URIRef:
        """A typed, labelled resource mentioned in the document."""
        node = ID[f"{kind.lower()}/{slug(label)}"]
        self.graph.add((node, RDF.type, PK[kind]))
        self.graph.add((node, RDFS.label, Literal(label, lang="en")))
        self.graph.add((node, PK.mentionedIn, self.doc))
        self.graph.add((node, PK.evidence, self.span(phrase or label, occurrence)))
        return node

    def figure(self, kind: str, phrase: str, value: str, unit: URIRef, **extra: object) -> URIRef:
        """A Target or Result with value, unit and the optional figure attributes."""
        node = ID[f"figure/{self.doc.rsplit('/', 1)[-1]}/{self.text.index(phrase)}"]
        g = self.graph
        g.add((node, RDF.type, PK[kind]))
        g.add((node, RDFS.label, Literal(phrase, lang="en")))
        g.add((node, PK.value, Literal(Decimal(value), datatype=XSD.decimal)))
        g.add((node, PK.unit, unit))
        g.add((node, PK.mentionedIn, self.doc))
        g.add((node, PK.evidence, self.span(phrase)))
        if "year" in extra:
            g.add((node, PK.year, Literal(str(extra["year"]), datatype=XSD.gYear)))
        for name in ("comparator", "direction"):
            if name in extra:
                g.add((node, PK[name], extra[name]))
        if "indicator" in extra:
            g.add((node, PK.indicator, Literal(extra["indicator"])))
        return node


def seed_like_graph() -> Graph:
    """The city, its "1 plus 6" system, 1 pillar + 6 emerging industries, 6 visions, 3 initiatives,
    a target about the pillar industry and a result of an initiative."""
    g = Graph()
    b = Builder(g, "alderford-test", TEXT, "Alderford test interview")
    city = b.entity("City", "Alderford")
    system = b.entity("IndustrialSystem", '"1 plus 6" industrial system', '"1 plus 6" industrial system')
    g.add((city, PK.industrialSystem, system))
    pillar = b.entity("Industry", PILLAR)
    g.add((system, PK.pillarIndustry, pillar))
    industries = {PILLAR: pillar}
    for name in EMERGING:
        industries[name] = b.entity("Industry", name)
        g.add((system, PK.emergingIndustry, industries[name]))
    for name in VISIONS:
        g.add((city, PK.vision, b.entity("CityVision", name)))
    plant = b.entity("Initiative", "Harbour Battery Plant")
    g.add((plant, PK.concerns, industries["new energy"]))
    g.add((plant, PK.undertakenBy, city))
    clinic = b.entity("Initiative", "Smart Clinic programme")
    g.add((clinic, PK.concerns, industries["biomedicine"]))
    b.entity("Initiative", "Old Canal campaign")
    target = b.figure(
        "Target", "more than 300 billion yuan", "300000000000", URIRef("http://qudt.org/vocab/currency/CNY"),
        year=2025, comparator=PK.MoreThan, indicator="output of the automobile industry",
    )  # fmt: skip
    g.add((pillar, PK.hasTarget, target))
    g.add((target, PK.concerns, pillar))
    result = b.figure("Result", "grew by 17%", "17", UNIT.PERCENT, year=2021, direction=PK.Increase)
    g.add((clinic, PK.hasResult, result))
    return g


def hostile_graph() -> Graph:
    """A document whose names and title carry markup, script, quotes and "href"."""
    g = Graph()
    b = Builder(g, "hostile", HOSTILE_TEXT, HOSTILE_TITLE)
    city = b.entity("City", HOSTILE_CITY)
    system = b.entity("IndustrialSystem", '"1 plus 1" industrial system')
    g.add((city, PK.industrialSystem, system))
    industry = b.entity("Industry", HOSTILE_INDUSTRY)
    g.add((system, PK.pillarIndustry, industry))
    g.add((system, PK.emergingIndustry, b.entity("Industry", "tea")))
    g.add((city, PK.vision, b.entity("CityVision", HOSTILE_VISION)))
    target = b.figure("Target", "grow by 12%", "12", UNIT.PERCENT, year=2030, direction=PK.Increase)
    g.add((industry, PK.hasTarget, target))
    return g


# ---- tests of policykg.view.network ---------------------------------------------------------------


def test_to_networkx_has_every_resource_and_relation() -> None:
    from policykg.view.network import to_networkx

    digraph = to_networkx(seed_like_graph())
    # 1 document, 1 city, 1 system, 7 industries, 6 visions, 3 initiatives, 2 figures
    assert digraph.number_of_nodes() == 21
    # 1 industrialSystem + 7 industries + 6 visions + 3 initiative edges + 3 figure edges
    # + 20 mentionedIn (every resource but the document)
    assert digraph.number_of_edges() == 40
    city = digraph.nodes[str(ID["city/alderford"])]  # nodes are keyed by the IRI string
    assert (city["label"], city["class"], city["group"]) == ("Alderford", "City", "City")


def test_to_networkx_attributes_are_graphml_safe() -> None:
    import networkx

    from policykg.view.network import to_networkx

    digraph = to_networkx(seed_like_graph())
    for _, data in digraph.nodes(data=True):
        assert all(isinstance(value, str | int | float) for value in data.values())
    for _, _, data in digraph.edges(data=True):
        assert all(isinstance(value, str) for value in data.values())
    assert "<graphml" in "\n".join(networkx.generate_graphml(digraph))


def test_figure_attributes_and_evidence() -> None:
    from policykg.view.network import to_networkx

    digraph = to_networkx(seed_like_graph())
    target = digraph.nodes[str(ID[f"figure/alderford-test/{TEXT.index('more than 300 billion')}"])]
    assert target["class"] == "Target"
    assert (target["value"], target["value_text"], target["unit"]) == (3e11, "300000000000", "yuan")
    assert (target["comparator"], target["year"]) == ("more than", 2025)
    sentence = target["sentence"]
    assert sentence.startswith("By 2025,") and sentence.endswith("yuan.")
    assert sentence[target["mark_begin"] : target["mark_end"]] == "more than 300 billion yuan"
    assert target["document"] == "Alderford test interview"


def test_pillar_and_emerging_industries_are_distinguished() -> None:
    from policykg.view.network import to_networkx

    digraph = to_networkx(seed_like_graph())
    groups = [data["group"] for _, data in digraph.nodes(data=True) if data["class"] == "Industry"]
    assert sorted(groups) == ["EmergingIndustry"] * 6 + ["PillarIndustry"]


def test_edge_labels_come_from_the_ontology() -> None:
    from policykg.view.network import to_networkx

    digraph = to_networkx(seed_like_graph())
    edge = digraph.edges[
        str(ID["industrialsystem/1-plus-6-industrial-system"]), str(ID["industry/automobile-industry"])
    ]
    assert edge == {"predicate": str(PK.pillarIndustry), "label": "pillar industry"}
