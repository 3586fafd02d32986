"""Entities, relations and header metadata read by the extraction engine from hand-written texts."""

from __future__ import annotations

import pytest

from policykg.extract import extract
from policykg.lexicon import load_lexicon
from policykg.model import PK_IRI, Document, DocumentMeta

POSITION = PK_IRI + "position"


def run(text: str):
    return extract(Document(text, "test.txt", "test"), load_lexicon())


def kinds(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for entity in run(text).entities:
        out.setdefault(entity.kind, set()).add(entity.label)
    return out


def facts(text: str) -> set[tuple[str, str, str]]:
    return {(f.subject, f.predicate.removeprefix(PK_IRI), f.object) for f in run(text).facts}


def test_places_with_geonames_and_containment():
    extraction = run("Officials of Jilin Province met in Changchun City. Changchun is growing.")
    entities = {e.key: e for e in extraction.entities}
    city = entities["city/changchun"]
    assert (city.kind, city.label, city.same_as) == (
        "City",
        "Changchun",
        ("https://sws.geonames.org/2038180/",),
    )
    assert [s.anchor for s in city.spans] == ["Changchun City", "Changchun"]
    assert entities["province/jilin"].spans[0].anchor == "Jilin Province"
    assert ("city/changchun", "locatedIn", "province/jilin") in facts(
        "Officials of Jilin Province met in Changchun City."
    )


def test_bare_name_of_a_province_and_a_city_is_the_province():
    keys = {e.key for e in run("The CPC Jilin Provincial Committee met. Jilin is cold.").entities}
    assert "province/jilin" in keys and "city/jilin" not in keys
    assert "city/jilin" in {e.key for e in run("Jilin City hosts a fair.").entities}


def test_county_level_city_inside_a_name():
    keys = {e.key for e in run("The Gongzhuling National Modern Seed Industrial Park opened.").entities}
    assert {"city/gongzhuling", "initiative/gongzhuling-national-modern-seed-industrial-park"} <= keys


def test_industrial_system_roles_from_cue_words():
    text = (
        "Riverton will build a “1 plus 3” industrial system, that is, a pillar of automobile industry, "
        "and three new industries such as biomedicine, new materials and cultural tourism."
    )
    assert facts(text) >= {
        ("industrial-system/city-1-plus-3", "pillarIndustry", "industry/automobile"),
        ("industrial-system/city-1-plus-3", "emergingIndustry", "industry/biomedicine"),
        ("industrial-system/city-1-plus-3", "emergingIndustry", "industry/new-materials"),
        ("industrial-system/city-1-plus-3", "emergingIndustry", "industry/cultural-tourism"),
    }


def test_industrial_system_over_following_sentences_with_a_city():
    text = (
        "Wenzhou is known for its “2+2” industrial system. The first two are the traditional pillar industries: "
        "footwear and apparel. The other two are emerging industries, namely robotics and hydrogen energy."
    )
    found = facts(text)
    system = "industrial-system/wenzhou-2-plus-2"
    assert ("city/wenzhou", "industrialSystem", system) in found
    assert {(p, o) for s, p, o in found if s == system} == {
        ("pillarIndustry", "industry/footwear"),
        ("pillarIndustry", "industry/textiles"),
        ("emergingIndustry", "industry/robotics"),
        ("emergingIndustry", "industry/hydrogen-energy"),
    }


def test_industry_not_in_the_lexicon_gets_its_own_key():
    entities = {
        e.key: e.label for e in run("The city grows its mushroom industry and tea industry.").entities
    }
    assert entities["industry/mushroom"] == "mushroom industry"
    assert entities["industry/tea"] == "tea industry"


def test_city_visions_capitalised_and_quoted():
    text = (
        "Riverton will accelerate the construction of International Port City, Modern Logistics Hub "
        "and Cultural and Creative City. Officials aim to build Riverton into a “World-Class Battery Base”."
    )
    assert kinds(text)["CityVision"] == {
        "International Port City",
        "Modern Logistics Hub",
        "Cultural and Creative City",
        "World-Class Battery Base",
    }


def test_initiatives_from_names_quotes_triggers_and_lists():
    text = (
        "We will implement the “river-lake connectivity” project and the “five ones” mechanism. "
        "We set up the Riverton Natural Science Foundation and issued the Regulations of Riverton on Innovation. "
        "We will implement conservation tillage of 2 million mu and build a modern logistics platform. "
        "A number of projects including Hongqi's new battery plant were completed."
    )
    initiatives = kinds(text)["Initiative"]
    assert {
        "river-lake connectivity",
        "five ones",
        "Riverton Natural Science Foundation",
        "Regulations of Riverton on Innovation",
        "conservation tillage",
        "modern logistics platform",
        "Hongqi's new battery plant",
    } <= initiatives
    assert ("initiative/hongqi-s-new-battery-plant", "undertakenBy", "organization/hongqi") in facts(text)


def test_organizations_and_acronyms():
    text = "Jilin University (JLU) and Riverton Precision Machinery Co., Ltd. signed a deal. JLU will lead."
    entities = {e.label: e for e in run(text).entities if e.kind == "Organization"}
    assert set(entities) == {"Jilin University", "Riverton Precision Machinery Co., Ltd."}
    assert entities["Jilin University"].alt_labels == ("JLU",)
    assert [s.anchor for s in entities["Jilin University"].spans] == ["Jilin University", "JLU", "JLU"]


def test_persons_with_positions_and_speaker_turns():
    text = (
        "Interview with Wang Haitao, Secretary of the CPC Riverton Municipal Committee\n\n"
        "Reporter: What is next?\n\nWang Haitao: We will grow.\n"
    )
    persons = [e for e in run(text).entities if e.kind == "Person"]
    assert [(p.key, p.label, len(p.spans)) for p in persons] == [("person/wang-haitao", "Wang Haitao", 2)]
    assert persons[0].properties == ((POSITION, "Secretary of the CPC Riverton Municipal Committee"),)


def test_bylines():
    text = (
        "Riverton grows By Li Qing, Zhou Jie ( People's Daily Online ) 11:22, October 28, 2020 Riverton grew."
    )
    assert kinds(text)["Person"] == {"Li Qing", "Zhou Jie"}


@pytest.mark.parametrize(
    ("text", "meta"),
    [
        (
            "A Title Line\n\nUpdated : 2022-01-12Source : XYZ News\n【Fonts: A+ A A- Print\n\nBody.",
            DocumentMeta("A Title Line", "2022-01-12", "XYZ News"),
        ),
        (
            "City turns mines into forests By Li Qing ( People's Daily ) 09:20, November 19, 2020 Body text.",
            DocumentMeta("City turns mines into forests", "2020-11-19", "People's Daily"),
        ),
    ],
)
def test_header_metadata(text, meta):
    assert run(text).meta == meta


def test_publisher_is_an_organization_with_its_span():
    extraction = run("Title\nUpdated : 2022-01-12Source : CCFAO\nBody.")
    org = next(e for e in extraction.entities if e.key == "organization/ccfao")
    assert org.spans[0].anchor == "CCFAO"


def test_debris_is_not_read():
    extraction = run("Title\n【Fonts: A+ A A- Print\n[Print] [Close]\n【2】 Riverton grew 5%.")
    assert [f.span.anchor for f in extraction.figures] == ["grew 5%"]


def test_every_entity_has_spans_and_one_iri_per_thing():
    extraction = run(
        "Changchun grows. Changchun City builds. The automobile industry and auto industry grow."
    )
    keys = [e.key for e in extraction.entities]
    assert len(keys) == len(set(keys))
    assert all(e.spans for e in extraction.entities)
    auto = next(e for e in extraction.entities if e.key == "industry/automobile")
    assert len(auto.spans) == 2


def test_ordinal_plans_keep_their_number():
    labels = kinds("The 14th Five-Year Plan follows the 13th Five-Year Plan.")["Initiative"]
    assert labels == {"14th Five-Year Plan", "13th Five-Year Plan"}


def test_titled_person_before_the_name():
    extraction = run("Report delivered by Acting Mayor Luo Yunfeng on January 15, 2024.")
    person = next(e for e in extraction.entities if e.kind == "Person")
    assert (person.label, person.properties) == ("Luo Yunfeng", ((POSITION, "Acting Mayor"),))


def test_four_plus_four_roles_from_each_industry_noun():
    text = (
        "Hefei built a “4+4” industrial system. The four leading industries are new display, integrated "
        "circuits, new energy vehicles and artificial intelligence; the four emerging industries are "
        "biomedicine, quantum information, new materials and low-altitude economy."
    )
    found = facts(text)
    roles = {o: p for s, p, o in found if s == "industrial-system/hefei-4-plus-4" and p != "industrialSystem"}
    assert roles == {
        "industry/new-display": "pillarIndustry",
        "industry/integrated-circuits": "pillarIndustry",
        "industry/new-energy-vehicles": "pillarIndustry",
        "industry/artificial-intelligence": "pillarIndustry",
        "industry/biomedicine": "emergingIndustry",
        "industry/quantum-information": "emergingIndustry",
        "industry/new-materials": "emergingIndustry",
        "industry/low-altitude-economy": "emergingIndustry",
    }


def test_lower_case_vision_after_build_into():
    text = "The plan will build the city into an international consumption center by 2030."
    assert kinds("Riverton grows. " + text)["CityVision"] == {"international consumption center"}


def test_system_with_dash_lists_and_letter_part():
    text = (
        "Guiyang follows a “3+3+X” structure: three traditional pillars — liquor, tobacco and phosphorus "
        "chemicals; three new pillars — big data, new energy vehicles and new materials; and X, a set of "
        "specialty industries such as tea."
    )
    extraction = run(text)
    roles = {
        (f.predicate.removeprefix(PK_IRI), f.object)
        for f in extraction.facts
        if f.subject.startswith("industrial")
    }
    assert {
        ("pillarIndustry", "industry/liquor"),
        ("pillarIndustry", "industry/tobacco"),
        ("emergingIndustry", "industry/big-data"),
        ("emergingIndustry", "industry/new-materials"),
    } <= roles
    assert extraction.figures == ()  # "three traditional pillars" restates the formula


def test_possessive_after_an_organization_head():
    assert "Moutai Group" in kinds("Moutai Group's sales exceeded 150 billion yuan.")["Organization"]


def test_route_between_two_places_and_industries_listed_before_their_class():
    text = (
        "The Chengdu-Yibin high-speed railway opened. The city backs the car industry, "
        "with robots, new display, and integrated circuits as strategic emerging industries."
    )
    found = kinds(text)
    assert "Chengdu-Yibin high-speed railway" in found["Initiative"]
    assert {"robotics", "new display", "integrated circuits"} <= found["Industry"]


@pytest.mark.parametrize("text", ["The “1+N” policy system is in place.", "The 2+26 cities cut coal use."])
def test_formulas_that_are_not_industrial_systems(text):
    extraction = run(text)
    assert not [e for e in extraction.entities if e.kind == "IndustrialSystem"]
    assert extraction.figures == ()


def test_list_of_capitalised_names_splits_between_complete_names():
    text = "Scenic areas including Riverton Ice and Snow World and Mt. Lushan Ski Resort have opened."
    assert {"Riverton Ice and Snow World", "Mt. Lushan Ski Resort"} <= kinds(text)["Initiative"]


def test_a_city_name_two_cities_share_is_resolved_by_the_named_province():
    keys = {e.key for e in run("Taizhou, in Zhejiang Province, grew fast.").entities}
    assert {"city/taizhou-zhejiang", "province/zhejiang"} <= keys
    assert not any(k.startswith("city/taizhou") for k in (e.key for e in run("Taizhou grew fast.").entities))


def test_pipe_byline_gives_person_and_publisher():
    extraction = run(
        "City plans AI fund\nBy Chen Lu | China Daily | Updated: 2024-03-05 14:22\n\nThe city grows."
    )
    assert extraction.meta == DocumentMeta("City plans AI fund", "2024-03-05", "China Daily")
    assert "Chen Lu" in {e.label for e in extraction.entities if e.kind == "Person"}


def test_part_of_from_under_and_as_part_of():
    text = "We built the Riverside Industrial Park under the Green Valley Development Plan."
    assert (
        "initiative/riverside-industrial-park",
        "partOf",
        "initiative/green-valley-development-plan",
    ) in facts(text)


def test_counted_role_lists_make_the_city_industrial_system():
    text = (
        "Huainan City Plan for 2025\n"
        "• Consolidate two pillar industries: coal mining and electric power.\n"
        "• Foster two emerging industries: biomedicine and new materials.\n"
    )
    extraction = run(text)
    systems = [e for e in extraction.entities if e.kind == "IndustrialSystem"]
    assert [(s.label, [sp.anchor for sp in s.spans]) for s in systems] == [
        (
            "two pillar industries and two emerging industries",
            ["two pillar industries", "two emerging industries"],
        )
    ]
    key = systems[0].key
    found = facts(text)
    assert ("city/huainan", "industrialSystem", key) in found
    roles = {(p, o) for s, p, o in found if s == key}
    assert ("emergingIndustry", "industry/biomedicine") in roles
    assert {p for p, o in roles if o == "industry/electric-power"} == {"pillarIndustry"}


def test_one_role_list_alone_is_no_system():
    kinds_found = kinds("Huainan will foster two emerging industries: biomedicine and new materials.")
    assert "IndustrialSystem" not in kinds_found


def test_a_place_name_before_river_or_lake_is_not_the_place():
    keys = {e.key for e in run("Boats on the Huangpu River pass the Taihu Lake Resort near Suzhou.").entities}
    assert "city/suzhou-jiangsu" in keys
    assert not {k for k in keys if k.startswith("city/huangpu") or k.startswith("city/taihu")}


def test_a_bullet_verb_is_not_part_of_an_organization():
    labels = kinds("• Help the Hunan Key Laboratory of Battery Materials recruit 40 engineers.")[
        "Organization"
    ]
    assert labels == {"Hunan Key Laboratory of Battery Materials"}


def test_the_subject_organization_undertakes_the_initiative():
    text = "In Wuhu, Anhui Polytechnic University has set up the Robot Testing Base this spring."
    found = facts(text)
    owners = {o for s, p, o in found if p == "undertakenBy"}
    assert owners == {"organization/anhui-polytechnic-university"}
    with_partner = facts("Wuhu worked with Anhui Polytechnic University to launch the Robot Testing Base.")
    assert {o for s, p, o in with_partner if p == "undertakenBy"} == {"city/wuhu"}


def test_a_list_ends_with_its_and():
    text = (
        "The three leading industries, ship building, port logistics and marine chemicals, "
        "earned combined revenue of 90 billion yuan."
    )
    labels = kinds(text)["Industry"]
    assert not {label for label in labels if "revenue" in label}
    assert "marine chemicals" in labels


def test_services_is_the_service_industry_only_unmodified():
    assert "service industry" in kinds("Sales of services above designated size rose.")["Industry"]
    for text in ("The lab offers testing services.", "The city now offers 1,136 services online."):
        assert "service industry" not in kinds(text).get("Industry", set()), text


def test_vague_and_body_names_are_no_visions():
    assert "CityVision" not in kinds("Hefei will build itself into an important hub for trade.")
    found = kinds("Hefei will build itself into an international consumption center.")
    assert found["CityVision"] == {"international consumption center"}
    found = kinds("Hefei supports the National Engineering Research Centre for Quantum Devices.")
    assert found.get("Organization") == {"National Engineering Research Centre for Quantum Devices"}
    assert "CityVision" not in found


def test_a_small_far_town_is_not_meant_inside_a_longer_name():
    keys = {e.key for e in run("Jiangyin works with Jiangnan University on fibres.").entities}
    assert "city/jiangnan" not in keys and "city/jiangyin" in keys
    assert "province/jilin" in {e.key for e in run("Jilin University opened a lab.").entities}


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Output is up, Bayin Chaolu, Party secretary of the region, said on Monday.",
            "Bayin Chaolu",
            "Party secretary of the region",
        ),
        (
            "Demand will grow, said Oliver Grant, an economist at a bank.",
            "Oliver Grant",
            "economist at a bank",
        ),
        (
            "Zhou Min, deputy general manager of a logistics firm, said costs fell.",
            "Zhou Min",
            "deputy general manager of a logistics firm",
        ),
        (
            "A speech by Xi Jinping, general secretary of the CPC Central Committee, was read.",
            "Xi Jinping",
            "general secretary of the CPC Central Committee",
        ),
        ("Saplings come by truck, said worker Yang Hong.", "Yang Hong", "worker"),
        ("Tang Lei, who runs a tea house, told us the story.", "Tang Lei", None),
        ("He and his wife Luo Fang came home in 2019.", "Luo Fang", None),
    ],
)
def test_persons_with_positions(text, name, position):
    persons = {e.label: dict(e.properties).get(POSITION) for e in run(text).entities if e.kind == "Person"}
    assert persons == {name: position}


def test_a_place_is_no_person():
    assert "Person" not in kinds("Hong Kong said it would invest more, and Hong Kong grew.")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Makers such as Huawei, Oppo and Vivo moved in.", {"Huawei", "Oppo", "Vivo"}),
        ("China Mobile and PwC opened offices.", {"China Mobile", "PwC"}),
        ("Ningbo Bright Star Technologies grew fast.", {"Ningbo Bright Star Technologies"}),
        ("The Yantai Chamber of Commerce met.", {"Yantai Chamber of Commerce"}),
        (
            "It won support from the Yichang municipal Party committee and municipal government.",
            {"Yichang municipal Party committee", "municipal government"},
        ),
        (
            "Sales rose, according to the municipal bureau of commerce and information technology.",
            {"municipal bureau of commerce and information technology"},
        ),
    ],
)
def test_organizations_without_head_words_and_government_bodies(text, names):
    assert kinds(text).get("Organization", set()) == names


def test_counted_role_list_of_the_city_is_its_system():
    found = facts("Harbin grows. Its three pillar industries are steel, tourism and logistics.")
    systems = {o for s, p, o in found if p == "industrialSystem" and s == "city/harbin"}
    assert len(systems) == 1
    (system,) = systems
    pillars = {o for s, p, o in found if s == system and p == "pillarIndustry"}
    assert pillars == {"industry/steel", "industry/tourism", "industry/logistics"}


def test_as_roles_after_each_list():
    text = (
        'Taiyuan will build a "1 plus 3" industrial system, with the steel industry as the pillar industry '
        "and the biomedicine, tourism and logistics industries as strategic emerging industries."
    )
    roles = {(p, o) for s, p, o in facts(text) if s.startswith("industrial-system/")}
    assert roles == {
        ("pillarIndustry", "industry/steel"),
        ("emergingIndustry", "industry/biomedicine"),
        ("emergingIndustry", "industry/tourism"),
        ("emergingIndustry", "industry/logistics"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "The county pressed on with targeted poverty alleviation in 2019.",
        "Supply-side structural reform was deepened.",
        "It built 5,000 mu of high-standard farmland.",
    ],
)
def test_programmes_named_in_lower_case_are_initiatives(text):
    assert len(kinds(text).get("Initiative", set())) == 1


def test_generated_benchmark_reports_give_pillar_and_emerging_industries():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench" / "corpus_gen.py"
    spec = importlib.util.spec_from_file_location("corpus_gen", path)
    corpus_gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus_gen)
    text = corpus_gen.document(0, [("Taiyuan", "Shanxi")], ["steel", "biomedicine", "tourism", "logistics"])
    roles = [p for s, p, o in facts(text) if s.startswith("industrial-system/")]
    assert roles.count("pillarIndustry") == 1
    assert roles.count("emergingIndustry") == 3


@pytest.mark.parametrize(
    ("text", "visions"),
    [
        (
            "Work went on building Hefei and Wuhu into national logistics hubs.",
            {"national logistics hubs"},
        ),
        (
            "Anqing started the construction of a national forest city and a national garden city.",
            {"national forest city", "national garden city"},
        ),
        (
            "The plan is making Lishui a pioneer of green development, and a model in rural revival, he said.",
            {"pioneer of green development", "model in rural revival"},
        ),
    ],
)
def test_visions_written_in_lower_case(text, visions):
    assert kinds(text).get("CityVision", set()) == visions


def test_a_plain_new_facility_is_no_vision():
    assert "CityVision" not in kinds("They are building a new plant and an important hub.")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Flights to Xi'an doubled.", "city/xian"),
        ("Flights to Xi’an doubled.", "city/xian"),
        ("Yan'an is an old town.", "city/yanan"),
        ("Huai'an grew.", "city/huaian"),
        ("Lu'an grew.", "city/luan"),
        ("Tai'an grew.", "city/taian-shandong"),
        ("Huhhot grew.", "city/hohhot"),
        ("Ürümqi grew.", "city/urumqi"),
        ("Urumqi grew.", "city/urumqi"),
    ],
)
def test_place_names_with_apostrophes_and_other_spellings_are_one_place(text, key):
    assert {e.key for e in run(text).entities if e.kind == "City"} == {key}


def test_a_possessive_place_is_still_the_place():
    assert {e.key for e in run("Xi'an's output and Jilin's output rose.").entities} == {
        "city/xian",
        "province/jilin",
    }


@pytest.mark.parametrize(
    ("text", "initiatives"),
    [
        ("Located near the river, the new Qianhai area grew fast.", {"Qianhai area"}),
        ("The Mianyang high-tech zone hosts 300 firms.", {"Mianyang high-tech zone"}),
        ("They built the Dragon smart town.", {"Dragon smart town"}),
        ("The Chengdu area is large.", set()),
    ],
)
def test_capitalised_names_before_a_facility_noun_are_initiatives(text, initiatives):
    assert kinds(text).get("Initiative", set()) == initiatives


@pytest.mark.parametrize(
    ("text", "industries"),
    [
        (
            "The province leads in smart agriculture and smart tourism.",
            {"smart agriculture", "smart tourism"},
        ),
        ("Ningbo's IoT industry grew.", {"internet of things"}),
        ("The next-generation IT industry grew.", {"information technology"}),
        ("Makers of mobile phones moved in.", {"mobile phones"}),
    ],
)
def test_industries_as_whole_noun_phrases(text, industries):
    assert kinds(text).get("Industry", set()) == industries


@pytest.mark.parametrize(
    "text",
    [
        "The region adopted multiple measures to help farmers.",
        "It promoted the development of the region by issuing specially tailored measures.",
    ],
)
def test_clause_fragments_are_no_initiatives(text):
    assert "Initiative" not in kinds(text)


def test_a_party_secretary_is_no_organization():
    assert "Organization" not in kinds("Wuxi Party secretary Li Min spoke.")


def test_verb_phrases_are_no_industries():
    text = "It has several industries such as improving livelihoods, upgrading, tourism and manufacturing."
    assert kinds(text)["Industry"] == {"tourism", "manufacturing"}
    assert "Industry" not in kinds("The center is designed to draft industry standards.")
