"""RDF sink: a :class:`~medkg.base.model.Registry` → pyoxigraph quads in the default graph.

>>> from medkg.base.model import Model, Organization, Registry
>>> reg = Registry(models=(Model("m1", "华佗GPT", "general", ("o1",), "https://example.org/m1"),),
...                organizations=(Organization("o1", "某医院", "hospital"),))
>>> any(q.predicate.value.endswith("#developedBy") for q in registry_quads(reg))
True
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from medkg.graph.schema_org import with_schema_org
from medkg.loaders.schema import TABLES, Column
from medkg.ontology import ID_NS, MK, ONTOLOGY_PATH, RDF_TYPE, RDFS, SKOS, VOCAB_NS, VOCAB_PATH, XSD, vocabulary

from medkg.base.dates import PartialDate
from medkg.base.model import Collaboration, Deployment, DevelopmentStage, MarketSize, Model, Organization, Registry, ReportedStatistic, Supply
from medkg.base.names import is_chinese, search_keys
from medkg.base.progress import Reporter, counted, steps

_TYPE = ox.NamedNode(RDF_TYPE)
_LABEL = ox.NamedNode(RDFS + "label")
_ALT = ox.NamedNode(SKOS + "altLabel")


# Terms are cached: building a NamedNode validates its IRI, and the same few thousand recur across the graph.
@functools.lru_cache(maxsize=1 << 20)
def node(kind: str, registry_id: str) -> ox.NamedNode:
    """IRI of a registry record, e.g. ``node("model", "huatuogpt")``."""
    return ox.NamedNode(f"{ID_NS}{kind}/{registry_id}")


@functools.cache
def concept(scheme: str, notation: str) -> ox.NamedNode:
    return ox.NamedNode(f"{VOCAB_NS}{scheme}/{notation}")


@functools.cache
def _p(local: str) -> ox.NamedNode:
    return ox.NamedNode(MK[local])


@functools.cache
def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _date(value: PartialDate) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + value.xsd_datatype))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _scalar(column: Column, value: Any) -> ox.NamedNode | ox.Literal:
    """The RDF object of a scalar field's value, by the column's kind."""
    if column.kind == "enum":
        return concept(column.vocab or "", value)
    if column.kind == "date":
        return _date(value)
    if column.kind == "year":
        return _int(value)
    if column.kind == "decimal":
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    return ox.Literal(str(value))


class _Triples:
    """Collects triples about one subject, skipping empty values."""

    def __init__(self, out: list[ox.Quad], subject: ox.NamedNode) -> None:
        self.out, self.subject = out, subject

    def add(self, predicate: ox.NamedNode, obj: ox.NamedNode | ox.Literal | None) -> None:
        if obj is not None:
            self.out.append(ox.Quad(self.subject, predicate, obj))

    def text(self, local: str, value: str | None) -> None:
        if value:
            self.add(_p(local), ox.Literal(value))

    def names(self, name: str, name_en: str | None, aliases: Iterable[str], registry_id: str) -> None:
        self.text("name", name)
        self.text("nameEn", name_en)
        self.add(_LABEL, ox.Literal(name, language="zh" if is_chinese(name) else "en"))
        if name_en and name_en != name:
            self.add(_LABEL, ox.Literal(name_en, language="en"))
        for alias in aliases:
            self.add(_ALT, ox.Literal(alias))
        for key in search_keys(registry_id, name, name_en, *aliases):
            self.add(_p("searchKey"), ox.Literal(key))

    def scalars(self, table: str, record: Any) -> None:
        """Every scalar field of *record* declared in the schema of *table*."""
        for column in TABLES[table].scalar_columns:
            value = getattr(record, column.name)
            if value is not None and value != "":
                self.add(_p(column.predicate or ""), _scalar(column, value))

    def source(self, url: str | None, note: str | None) -> None:
        if url:
            self.add(_p("source"), _iri(url))
        self.text("sourceNote", note)


def _model(model: Model, out: list[ox.Quad]) -> None:
    s = node("model", model.id)
    t = _Triples(out, s)
    model_type = vocabulary("model-type")[model.model_type]
    for cls in (model_type.type_class, MK.LanguageModel, MK.MedicalModel if model.is_medical else None):
        t.add(_TYPE, _iri(cls) if cls else None)
    t.text("registryId", model.id)
    t.names(model.name, model.name_en, model.aliases, model.id)
    t.add(_p("modelType"), _iri(model_type.iri))
    for org in model.developers:
        t.add(_p("developedBy"), node("org", org))
    for org in model.partners:
        t.add(_p("partner"), node("org", org))
    for base in model.base_models:
        t.add(_p("basedOn"), node("model", base.model_id))
        if base.kind:
            derivation = node("derivation", f"{model.id}--{base.model_id}")
            t.add(_p("qualifiedDerivation"), derivation)
            d = _Triples(out, derivation)
            d.add(_TYPE, ox.NamedNode(MK.Derivation))
            d.add(_p("baseModel"), node("model", base.model_id))
            d.add(_p("derivationKind"), concept("derivation-kind", base.kind))
    if model.successor_of:
        t.add(_p("successorOf"), node("model", model.successor_of))
    if model.family:
        t.add(_p("inFamily"), node("model", model.family))
    if model.release_date:
        t.add(_p("releaseYear"), _int(model.release_date.year))
        t.text("releaseQuarter", model.release_date.quarter_label)
    for specialty in model.specialties:
        t.add(_p("hasSpecialty"), concept("specialty", specialty))
    for scenario in model.scenarios:
        t.add(_p("hasScenario"), concept("scenario", scenario))
    t.scalars("models", model)
    t.source(model.source_url, model.source_note)


def _organization(org: Organization, out: list[ox.Quad]) -> None:
    t = _Triples(out, node("org", org.id))
    org_type = vocabulary("org-type")[org.org_type]
    t.add(_TYPE, _iri(org_type.type_class or MK.Organization))
    t.add(_TYPE, _iri(MK.Organization))
    t.text("registryId", org.id)
    t.names(org.name, org.name_en, org.aliases, org.id)
    t.add(_p("orgType"), _iri(org_type.iri))
    if org.parent:
        t.add(_p("parentOrganization"), node("org", org.parent))
    for tier in org.value_chain:
        t.add(_p("inTier"), concept("tier", tier))
    for segment in org.segments:
        t.add(_p("inSegment"), concept("segment", segment))
    t.scalars("organizations", org)
    t.source(org.source_url, org.source_note)


def _collaboration(collab: Collaboration, out: list[ox.Quad]) -> None:
    t = _Triples(out, node("collaboration", collab.id))
    t.add(_TYPE, ox.NamedNode(MK.Collaboration))
    t.text("registryId", collab.id)
    t.add(_p("firstParty"), node("org", collab.org_a))
    t.add(_p("secondParty"), node("org", collab.org_b))
    t.add(_p("participant"), node("org", collab.org_a))
    t.add(_p("participant"), node("org", collab.org_b))
    t.add(_p("collaborationKind"), concept("collaboration-kind", collab.kind))
    if collab.model:
        t.add(_p("produced"), node("model", collab.model))
    t.scalars("collaborations", collab)
    t.add(_p("inferred"), ox.Literal("true" if collab.derived else "false", datatype=ox.NamedNode(XSD + "boolean")))
    t.source(collab.source_url, collab.source_note)


def _market_size(obs: MarketSize, out: list[ox.Quad]) -> None:
    t = _Triples(out, node("market-size", obs.id))
    t.add(_TYPE, ox.NamedNode(MK.MarketSizeObservation))
    t.text("registryId", obs.id)
    t.scalars("market_sizes", obs)
    t.source(obs.source_url, obs.source_note)


def _statistic(stat: ReportedStatistic, out: list[ox.Quad]) -> None:
    t = _Triples(out, node("statistic", stat.id))
    t.add(_TYPE, ox.NamedNode(MK.ReportedStatistic))
    t.text("registryId", stat.id)
    t.scalars("statistics", stat)
    t.source(stat.source_url, stat.source_note)


def _stage(stage: DevelopmentStage, out: list[ox.Quad]) -> None:
    t = _Triples(out, node("stage", stage.id))
    t.add(_TYPE, ox.NamedNode(MK.DevelopmentStage))
    t.text("registryId", stage.id)
    t.names(stage.name, stage.name_en, (), stage.id)
    t.scalars("stages", stage)
    t.source(stage.source_url, stage.source_note)


def _supply(supply: Supply, out: list[ox.Quad]) -> None:
    t = _Triples(out, node("supply", supply.id))
    t.add(_TYPE, ox.NamedNode(MK.Supply))
    t.text("registryId", supply.id)
    t.add(_p("supplier"), node("org", supply.provider))
    t.add(_p("suppliedModel"), node("model", supply.model))
    t.scalars("supplies", supply)
    t.source(supply.source_url, supply.source_note)


def _deployment(deployment: Deployment, out: list[ox.Quad]) -> None:
    t = _Triples(out, node("deployment", deployment.id))
    t.add(_TYPE, ox.NamedNode(MK.Deployment))
    t.text("registryId", deployment.id)
    t.add(_p("deployer"), node("org", deployment.deployer))
    t.add(_p("deployedModel"), node("model", deployment.model))
    if deployment.vendor:
        t.add(_p("vendor"), node("org", deployment.vendor))
    t.scalars("deployments", deployment)
    t.source(deployment.source_url, deployment.source_note)


def registry_quads(registry: Registry, advance: Callable[[int], None] | None = None) -> Iterator[ox.Quad]:
    """Every triple of the registry (without the ontology), in a stable order, with the schema.org triples that the
    ontology's sub-property and sub-class axioms imply (:mod:`medkg.graph.schema_org`); ``advance(n)`` hears how
    many records are done."""
    writers: tuple[tuple[Iterable[Any], Callable[[Any, list[ox.Quad]], None]], ...] = (
        (registry.organizations, _organization), (registry.models, _model),
        (registry.collaborations, _collaboration), (registry.market_sizes, _market_size),
        (registry.statistics, _statistic), (registry.stages, _stage), (registry.supplies, _supply),
        (registry.deployments, _deployment))
    for records, write in writers:
        for record in counted(records, advance or (lambda _n: None), every=1000):
            out: list[ox.Quad] = []
            write(record, out)
            yield from with_schema_org(out)


def write_store(registry: Registry, build_dir: Path, progress: Reporter | None = None) -> dict[str, int]:
    """Build sink: the ontology and the registry as an on-disk pyoxigraph store in *build_dir*; counts for the build."""
    from medkg.graph.sparql import STORE_DIR

    store = ox.Store(str(build_dir / STORE_DIR))
    store.bulk_extend(ontology_quads())
    with steps(progress, "records", total=sum(registry.counts().values())) as advance:
        store.bulk_extend(registry_quads(registry, advance))
    store.flush()
    triples = len(store)
    store.optimize()
    del store
    return {"triples": triples}


def ontology_quads() -> Iterator[ox.Quad]:
    """The ontology and vocabularies, so queries can use labels, notations and subclass paths."""
    for path in (ONTOLOGY_PATH, VOCAB_PATH):
        yield from ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
