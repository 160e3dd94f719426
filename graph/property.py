"""Property-graph sink: a :class:`~medkg.base.model.Registry` → labelled nodes and typed relationships.

One mapping, used by the embedded Cypher engine and by Neo4j (docs/property-graph.md draws it):

* ``(:Model {id, name, name_en, name_zh, aliases, search_keys, model_type, medical, release_date, release_year,
  release_quarter, filing_no, hf_repo, wikidata, description, source_url, source_note})`` — in Neo4j also
  ``:GeneralModel | :SpecialtyModel | :TCMModel | :OtherModel | :FoundationModel``
* ``(:Organization {id, name, name_en, name_zh, aliases, search_keys, org_type, province, city, ticker, website,
  wikidata, source_url, source_note})`` — in Neo4j also ``:Enterprise | :University | :ResearchInstitute | :Hospital | :Government``
* ``(:Specialty)``, ``(:Scenario)``, ``(:Tier)``, ``(:Segment)`` ``{id, name_en, name_zh}``; ``(:Source {url})``;
  ``(:MarketSize)``, ``(:Statistic)``, ``(:Stage)``
* ``(Model)-[:DEVELOPED_BY {role:'developer'}]->(Organization)``, ``(Organization)-[:PARTNER_IN {role:'partner'}]->(Model)``,
  ``(Model)-[:BASED_ON {kind}]->(Model)``, ``(Model)-[:SUCCESSOR_OF]->(Model)``, ``(Model)-[:IN_FAMILY]->(Model)``,
  ``(Model)-[:HAS_SPECIALTY]->(Specialty)``,
  ``(Model)-[:HAS_SCENARIO]->(Scenario)``, ``(Organization)-[:PART_OF]->(Organization)``,
  ``(Organization|Segment)-[:IN_TIER]->(Tier)``, ``(Organization)-[:IN_SEGMENT]->(Segment)``,
  ``(Organization)-[:COLLABORATES_WITH {id, kind, model, since, inferred, source_url}]->(Organization)``,
  ``(Organization)-[:SUPPLIES {id, relation, product, source_url}]->(Model)``,
  ``(Organization)-[:DEPLOYS {id, date, scope, vendor, hardware, source_url}]->(Model)``,
  ``(Model|Organization|MarketSize|Statistic|Stage)-[:SOURCED_FROM]->(Source)``

Relationship types and secondary labels are read from the ontology (``mk:neo4jLabel``), never from user data.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from medkg.loaders.schema import TABLES
from medkg.ontology import concept_by_iri, relationship_type, vocabulary

from medkg.base.model import Registry
from medkg.base.names import is_chinese, search_keys

# Structural properties of each node table (Ladybug DDL types; Neo4j takes the same values untyped); the scalar
# fields of the registry tables are appended from the schema (loaders/schema.py).
_NAMES = {"name": "STRING", "name_en": "STRING", "name_zh": "STRING", "aliases": "STRING[]", "search_keys": "STRING[]"}
_STRUCTURAL: dict[str, dict[str, str]] = {
    "Model": {"id": "STRING", **_NAMES, "model_type": "STRING", "medical": "BOOLEAN", "release_year": "INT64",
              "release_quarter": "STRING", "source_url": "STRING", "source_note": "STRING"},
    "Organization": {"id": "STRING", **_NAMES, "org_type": "STRING", "source_url": "STRING", "source_note": "STRING"},
    "Specialty": {"id": "STRING", "name_en": "STRING", "name_zh": "STRING"},
    "Scenario": {"id": "STRING", "name_en": "STRING", "name_zh": "STRING"},
    "Tier": {"id": "STRING", "name_en": "STRING", "name_zh": "STRING"},
    "Segment": {"id": "STRING", "name_en": "STRING", "name_zh": "STRING", "tier": "STRING"},
    "Source": {"id": "STRING"},
    "MarketSize": {"id": "STRING", "source_url": "STRING"},
    "Statistic": {"id": "STRING", "model_type": "STRING", "source_url": "STRING"},
    "Stage": {"id": "STRING", "name": "STRING", "name_en": "STRING", "source_url": "STRING"},
}
# Node label of each registry table whose records are nodes.
TABLE_LABELS = {"models": "Model", "organizations": "Organization", "market_sizes": "MarketSize",
                "statistics": "Statistic", "stages": "Stage"}


def _node_schema() -> dict[str, dict[str, str]]:
    schema = {label: dict(props) for label, props in _STRUCTURAL.items()}
    for table, label in TABLE_LABELS.items():
        schema[label].update({c.property_name: c.graph_type for c in TABLES[table].scalar_columns})
    return schema


NODE_SCHEMA: dict[str, dict[str, str]] = _node_schema()


def _scalar_types(table: str) -> dict[str, str]:
    return {c.property_name: c.graph_type for c in TABLES[table].scalar_columns}


def scalar_properties(table: str, record: Any) -> dict[str, Any]:
    """Property-graph values of *record*'s scalar fields, typed as :data:`NODE_SCHEMA` says."""
    out: dict[str, Any] = {}
    for column in TABLES[table].scalar_columns:
        value = getattr(record, column.name)
        if value is not None and column.kind == "decimal":
            value = float(value)
        elif value is not None and column.kind == "date":
            value = str(value)
        out[column.property_name] = value
    return out


# Relationship types: ontology property → (endpoint label pairs, property types).
REL_SCHEMA: dict[str, tuple[tuple[tuple[str, str], ...], dict[str, str]]] = {
    "developedBy": ((("Model", "Organization"),), {"role": "STRING"}),
    "partner": ((("Organization", "Model"),), {"role": "STRING"}),
    "basedOn": ((("Model", "Model"),), {"kind": "STRING"}),
    "successorOf": ((("Model", "Model"),), {}),
    "inFamily": ((("Model", "Model"),), {}),
    "hasSpecialty": ((("Model", "Specialty"),), {}),
    "hasScenario": ((("Model", "Scenario"),), {}),
    "parentOrganization": ((("Organization", "Organization"),), {}),
    "inTier": ((("Organization", "Tier"), ("Segment", "Tier")), {}),
    "inSegment": ((("Organization", "Segment"),), {}),
    "participant": ((("Organization", "Organization"),), {"id": "STRING", "kind": "STRING", "model": "STRING",
                                                          "since": "STRING", "inferred": "BOOLEAN", "source_url": "STRING"}),
    "source": ((("Model", "Source"), ("Organization", "Source"), ("MarketSize", "Source"), ("Statistic", "Source"),
                ("Stage", "Source")), {}),
    "supplier": ((("Organization", "Model"),), {"id": "STRING", **_scalar_types("supplies"), "source_url": "STRING"}),
    "deployer": ((("Organization", "Model"),), {"id": "STRING", **_scalar_types("deployments"), "vendor": "STRING",
                                                "source_url": "STRING"}),
}


@dataclass
class Relationships:
    """Relationships of one type between two labels; each row has ``from_id``, ``to_id`` and properties."""

    type: str
    start_label: str
    end_label: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PropertyGraph:
    nodes: dict[str, list[dict[str, Any]]]
    relationships: list[Relationships]

    def counts(self) -> dict[str, int]:
        counts = {label: len(rows) for label, rows in self.nodes.items()}
        for rels in self.relationships:
            counts[rels.type] = counts.get(rels.type, 0) + len(rels.rows)
        return counts


def secondary_labels(label: str) -> dict[str, str]:
    """Neo4j secondary labels by type notation, for ``Model`` (model types) and ``Organization`` (org types)."""
    scheme = {"Model": "model-type", "Organization": "org-type"}[label]
    return {notation: c.neo4j_label for notation, c in vocabulary(scheme).items() if c.neo4j_label}


def _names(name: str, name_en: str | None, aliases: tuple[str, ...], registry_id: str) -> dict[str, Any]:
    return {"name": name, "name_en": name_en, "name_zh": name if is_chinese(name) else None, "aliases": list(aliases),
            "search_keys": search_keys(registry_id, name, name_en, *aliases)}


def _concept_nodes(scheme: str) -> list[dict[str, Any]]:
    return [{"id": c.notation, "name_en": c.label_en, "name_zh": c.label_zh} for c in vocabulary(scheme).values()]


def property_graph(registry: Registry) -> PropertyGraph:
    """Map *registry* to nodes and relationships (see module docstring)."""
    rel: dict[tuple[str, str, str], Relationships] = {}

    def link(prop: str, start_label: str, start: str, end_label: str, end: str, **props: Any) -> None:
        rel_type = relationship_type(prop)
        key = (rel_type, start_label, end_label)
        if key not in rel:
            rel[key] = Relationships(rel_type, start_label, end_label)
        rel[key].rows.append({"from_id": start, "to_id": end, **props})

    sources: set[str] = set()
    models = []
    for m in registry.models:
        models.append({"id": m.id, **_names(m.name, m.name_en, m.aliases, m.id), "model_type": m.model_type,
                       "medical": m.is_medical, "release_year": m.release_date.year if m.release_date else None,
                       "release_quarter": m.release_date.quarter_label if m.release_date else None,
                       **scalar_properties("models", m), "source_url": m.source_url, "source_note": m.source_note})
        for org in m.developers:
            link("developedBy", "Model", m.id, "Organization", org, role="developer")
        for org in m.partners:
            link("partner", "Organization", org, "Model", m.id, role="partner")
        for base in m.base_models:
            link("basedOn", "Model", m.id, "Model", base.model_id, kind=base.kind)
        if m.successor_of:
            link("successorOf", "Model", m.id, "Model", m.successor_of)
        if m.family:
            link("inFamily", "Model", m.id, "Model", m.family)
        for specialty in m.specialties:
            link("hasSpecialty", "Model", m.id, "Specialty", specialty)
        for scenario in m.scenarios:
            link("hasScenario", "Model", m.id, "Scenario", scenario)
        link("source", "Model", m.id, "Source", m.source_url)
        sources.add(m.source_url)

    organizations = []
    for o in registry.organizations:
        organizations.append({"id": o.id, **_names(o.name, o.name_en, o.aliases, o.id), "org_type": o.org_type,
                              **scalar_properties("organizations", o), "source_url": o.source_url,
                              "source_note": o.source_note})
        if o.parent:
            link("parentOrganization", "Organization", o.id, "Organization", o.parent)
        for tier in o.value_chain:
            link("inTier", "Organization", o.id, "Tier", tier)
        for segment in o.segments:
            link("inSegment", "Organization", o.id, "Segment", segment)
        if o.source_url:
            link("source", "Organization", o.id, "Source", o.source_url)
            sources.add(o.source_url)

    for c in registry.collaborations:
        link("participant", "Organization", c.org_a, "Organization", c.org_b, id=c.id, kind=c.kind, model=c.model,
             since=str(c.since) if c.since else None, inferred=c.derived, source_url=c.source_url)

    for s in registry.supplies:
        link("supplier", "Organization", s.provider, "Model", s.model, id=s.id, **scalar_properties("supplies", s),
             source_url=s.source_url)
    for d in registry.deployments:
        link("deployer", "Organization", d.deployer, "Model", d.model, id=d.id, **scalar_properties("deployments", d),
             vendor=d.vendor, source_url=d.source_url)

    segments = []
    for notation, seg in vocabulary("segment").items():
        segment_tier = concept_by_iri(seg.broader).notation if seg.broader else None
        segments.append({"id": notation, "name_en": seg.label_en, "name_zh": seg.label_zh, "tier": segment_tier})
        if segment_tier:
            link("inTier", "Segment", notation, "Tier", segment_tier)

    market = [{"id": s.id, **scalar_properties("market_sizes", s), "source_url": s.source_url}
              for s in registry.market_sizes]
    measures = vocabulary("measure")
    statistics = [{"id": s.id, **scalar_properties("statistics", s),
                   "model_type": (concept_by_iri(measures[s.measure].for_type).notation
                                  if measures[s.measure].for_type else ""),
                   "source_url": s.source_url} for s in registry.statistics]
    stages = [{"id": s.id, "name": s.name, "name_en": s.name_en, **scalar_properties("stages", s),
               "source_url": s.source_url} for s in registry.stages]
    for label, rows in (("MarketSize", market), ("Statistic", statistics), ("Stage", stages)):
        for row in rows:
            link("source", label, row["id"], "Source", row["source_url"])
            sources.add(row["source_url"])

    nodes = {"Model": models, "Organization": organizations, "Specialty": _concept_nodes("specialty"),
             "Scenario": _concept_nodes("scenario"), "Tier": _concept_nodes("tier"), "Segment": segments,
             "Source": [{"id": url} for url in sorted(sources)], "MarketSize": market, "Statistic": statistics,
             "Stage": stages}
    return PropertyGraph(nodes, list(rel.values()))


def relationship_schema() -> Iterator[tuple[str, tuple[tuple[str, str], ...], dict[str, str]]]:
    """(relationship type, endpoint label pairs, property types) from :data:`REL_SCHEMA` and the ontology."""
    for prop, (pairs, props) in REL_SCHEMA.items():
        yield relationship_type(prop), pairs, props
