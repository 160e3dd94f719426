"""schema.org terms on the data, not only in the axioms: every triple whose predicate (or rdf:type class) the ontology
declares a sub-property (sub-class) of a schema.org term is accompanied by the schema.org triple, so a consumer that
knows schema.org and nothing of medkg (a search engine, a JSON-LD tool, Wikidata mappings) sees ``schema:name``,
``schema:Organization``, ``schema:SoftwareApplication``, ``schema:creator``, ``schema:dateCreated`` and so on.

The mapping is read from ``ontology/medkg.ttl`` (``rdfs:subPropertyOf`` / ``rdfs:subClassOf`` paths ending in a
``https://schema.org/`` term), not written down here.

>>> props, classes = mappings()
>>> props["https://w3id.org/medkg/ontology#developedBy"][0].value
'https://schema.org/creator'
>>> sorted(c.value for c in classes["https://w3id.org/medkg/ontology#Hospital"])
['https://schema.org/Hospital', 'https://schema.org/Organization']
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from medkg.ontology import PREFIXES, RDF_TYPE

SCHEMA = PREFIXES["schema"]
_TYPE = ox.NamedNode(RDF_TYPE)


@functools.lru_cache(maxsize=1)
def mappings() -> tuple[dict[str, tuple[ox.NamedNode, ...]], dict[str, tuple[ox.NamedNode, ...]]]:
    """(medkg property → schema.org properties, medkg class → schema.org classes), transitively."""
    from medkg.ontology import _graph

    out: list[dict[str, tuple[ox.NamedNode, ...]]] = []
    for path in ("rdfs:subPropertyOf+", "rdfs:subClassOf+"):
        found: dict[str, set[str]] = {}
        query = f"SELECT ?t ?s WHERE {{ ?t {path} ?s . FILTER(STRSTARTS(STR(?s), STR(schema:)) && STRSTARTS(STR(?t), STR(mk:))) }}"
        for row in _graph().query(query, prefixes=PREFIXES):
            found.setdefault(row["t"].value, set()).add(row["s"].value)
        out.append({k: tuple(ox.NamedNode(v) for v in sorted(vs)) for k, vs in found.items()})
    return out[0], out[1]


def with_schema_org(quads: Iterable[Any]) -> Iterator[Any]:
    """*quads* (about one record) followed by the schema.org triples they imply, each once."""
    props, classes = mappings()
    seen: set[tuple[str, str, str]] = set()
    extra: list[Any] = []
    for quad in quads:
        yield quad
        if quad.predicate == _TYPE:
            targets = [(_TYPE, c) for c in classes.get(quad.object.value, ())]
        else:
            targets = [(p, quad.object) for p in props.get(quad.predicate.value, ())]
        for predicate, obj in targets:
            key = (str(quad.subject), predicate.value, str(obj))
            if key not in seen:
                seen.add(key)
                extra.append(ox.Quad(quad.subject, predicate, obj, quad.graph_name))
    yield from extra
