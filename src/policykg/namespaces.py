"""The vocabularies policykg writes, as closed rdflib namespaces and IRI constants.

``PK`` is closed: a term that the ontology does not declare fails at import or test time.
May import: rdflib.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from policykg.model import ID_IRI, PK_IRI

ID = Namespace(ID_IRI)
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
GEONAMES = Namespace("https://sws.geonames.org/")


class PK(DefinedNamespace):
    """The policykg ontology (``ontology/policykg.ttl``)."""

    _NS = Namespace(PK_IRI)
    _fail = True

    # classes
    Place: URIRef
    Country: URIRef
    City: URIRef
    Province: URIRef
    District: URIRef
    Industry: URIRef
    IndustrialSystem: URIRef
    CityVision: URIRef
    Initiative: URIRef
    Figure: URIRef
    Target: URIRef
    Result: URIRef
    Organization: URIRef
    Person: URIRef
    Document: URIRef
    Comparator: URIRef
    Direction: URIRef
    Indicator: URIRef
    Aspect: URIRef
    Verdict: URIRef
    PromiseCheck: URIRef
    # relations
    locatedIn: URIRef
    districtOf: URIRef
    industrialSystem: URIRef
    pillarIndustry: URIRef
    emergingIndustry: URIRef
    vision: URIRef
    undertakenBy: URIRef
    concerns: URIRef
    partOf: URIRef
    hasTarget: URIRef
    hasResult: URIRef
    mentionedIn: URIRef
    evidence: URIRef
    measures: URIRef
    aspect: URIRef
    about: URIRef
    checksTarget: URIRef
    checksResult: URIRef
    verdict: URIRef
    # figure attributes
    value: URIRef
    minValue: URIRef
    maxValue: URIRef
    unit: URIRef
    comparator: URIRef
    year: URIRef
    baseline: URIRef
    direction: URIRef
    indicator: URIRef
    # other attributes
    position: URIRef
    contentHash: URIRef
    higherIsBetter: URIRef
    yearlyAmount: URIRef
    percentAspect: URIRef
    # individuals
    MoreThan: URIRef
    AtLeast: URIRef
    About: URIRef
    AtMost: URIRef
    LessThan: URIRef
    Increase: URIRef
    Decrease: URIRef
    Mu: URIRef
    PercentagePoint: URIRef
    Times: URIRef
    Jin: URIRef
    Level: URIRef
    Change: URIRef
    Kept: URIRef
    Missed: URIRef
    NotReported: URIRef
    NotComparable: URIRef


PREFIXES: dict[str, Namespace] = {
    "pk": Namespace(PK_IRI),
    "id": ID,
    "nif": NIF,
    "unit": UNIT,
    "cur": CUR,
    "qudt": QUDT,
}
