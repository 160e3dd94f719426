"""The ontology is the contract: code takes IRIs, vocabularies and property-graph labels from the Turtle here.

>>> MK.developedBy
'https://w3id.org/medkg/ontology#developedBy'
>>> vocabulary("model-type")["tcm"].type_class
'https://w3id.org/medkg/ontology#TCMModel'
>>> MK.noSuchTerm
Traceback (most recent call last):
...
AttributeError: mk:noSuchTerm is not declared in ontology/medkg.ttl
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ONTOLOGY_PATH = HERE / "medkg.ttl"
VOCAB_PATH = HERE / "vocab.ttl"
SHAPES_PATH = HERE / "shapes.ttl"

ONTOLOGY_NS = "https://w3id.org/medkg/ontology#"
VOCAB_NS = "https://w3id.org/medkg/vocab/"
ID_NS = "https://w3id.org/medkg/id/"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {
    "mk": ONTOLOGY_NS, "mkv": VOCAB_NS, "mkid": ID_NS, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "owl": OWL, "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/", "org": "http://www.w3.org/ns/org#", "schema": "https://schema.org/",
}


@functools.lru_cache(maxsize=1)
def _graph() -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    for path in (ONTOLOGY_PATH, VOCAB_PATH):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


@functools.lru_cache(maxsize=1)
def declared_terms() -> frozenset[str]:
    """Local names of every class and property declared in ``medkg.ttl``."""
    rows = _graph().query(
        "SELECT DISTINCT ?t WHERE { ?t a ?k . FILTER(STRSTARTS(STR(?t), STR(mk:))) }", prefixes=PREFIXES)
    return frozenset(row["t"].value[len(ONTOLOGY_NS):] for row in rows)


class _Namespace:
    """Attribute access to ontology IRIs that fails loudly for undeclared terms."""

    def __getattr__(self, local: str) -> str:
        if local.startswith("_"):
            raise AttributeError(local)
        if local not in declared_terms():
            raise AttributeError(f"mk:{local} is not declared in ontology/medkg.ttl")
        return ONTOLOGY_NS + local

    def __getitem__(self, local: str) -> str:
        return self.__getattr__(local)


MK = _Namespace()


@dataclass(frozen=True)
class Concept:
    """A SKOS concept: a controlled value of the registry format."""

    iri: str
    notation: str
    label_en: str
    label_zh: str
    type_class: str | None = None
    neo4j_label: str | None = None
    broader: str | None = None
    first_type: str | None = None
    second_type: str | None = None
    for_type: str | None = None


_OPTIONAL = {"type_class": "mk:typeClass", "neo4j_label": "mk:neo4jLabel", "broader": "skos:broader",
             "first_type": "mk:firstType", "second_type": "mk:secondType", "for_type": "mk:forType"}


@functools.cache
def vocabulary(scheme: str) -> dict[str, Concept]:
    """Concepts of ``mkv:<scheme>`` keyed by notation, in file order of notation."""
    optional = " ".join(f"OPTIONAL {{ ?c {p} ?{k} }}" for k, p in _OPTIONAL.items())
    query = f"""SELECT ?c ?notation ?en ?zh ?{' ?'.join(_OPTIONAL)} WHERE {{
        ?c skos:inScheme <{VOCAB_NS}{scheme}> ; skos:notation ?notation ;
           skos:prefLabel ?en , ?zh . FILTER(LANG(?en) = "en" && LANG(?zh) = "zh") {optional} }}"""
    concepts: dict[str, Concept] = {}
    for row in _graph().query(query, prefixes=PREFIXES):
        extra = {k: row[k].value for k in _OPTIONAL if row[k] is not None}
        concepts[row["notation"].value] = Concept(row["c"].value, row["notation"].value,
                                                  row["en"].value, row["zh"].value, **extra)
    if not concepts:
        raise KeyError(f"no vocabulary {scheme!r} in ontology/vocab.ttl")
    return dict(sorted(concepts.items()))


def concept_by_iri(iri: str) -> Concept:
    """The concept with this IRI, from any scheme."""
    scheme = iri[len(VOCAB_NS):].split("/", 1)[0]
    return next(c for c in vocabulary(scheme).values() if c.iri == iri)


@functools.cache
def relationship_type(local: str) -> str:
    """The property-graph relationship type of ontology property ``mk:<local>``."""
    rows = list(_graph().query(f"SELECT ?l WHERE {{ <{MK[local]}> mk:neo4jLabel ?l }}", prefixes=PREFIXES))
    if not rows:
        raise KeyError(f"mk:{local} has no mk:neo4jLabel")
    return rows[0]["l"].value
