"""RDF sink: a :class:`~medkg.base.model.Registry` → pyoxigraph quads in the default graph.

>>> from medkg.base.model import Model, Organization, Registry
>>> reg = Registry(models=(Model("m1", "华佗GPT", "general", ("o1",), "https://example.org/m1"),),
...                organizations=(Organization("o1", "某医院", "hospital"),))
>>> any(q.predicate.value.endswith("#developedBy") for q in registry_quads(reg))
True
"""
from __future__ import annotations

import functools
import io
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from medkg.graph.schema_org import mappings
from medkg.loaders.schema import TABLES, Column
from medkg.ontology import ID_NS, MK, ONTOLOGY_PATH, RDF_TYPE, RDFS, SKOS, VOCAB_NS, VOCAB_PATH, XSD, vocabulary

from medkg.base.dates import PartialDate
from medkg.base.model import Collaboration, Deployment, DevelopmentStage, MarketSize, Model, Organization, Registry, ReportedStatistic, Supply
from medkg.base.names import is_chinese, search_keys
from medkg.base.progress import Reporter, counted, steps

Term = str  # an RDF term in N-Triples syntax: ``<iri>`` or a quoted literal with its datatype or language

_TYPE = f"<{RDF_TYPE}>"
_LABEL = f"<{RDFS}label>"
_ALT = f"<{SKOS}altLabel>"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


# Terms are cached: the same few thousand IRIs recur across the graph, and pyoxigraph checks each IRI once here, so
# a bad one fails before the load starts, not in the middle of it.
@functools.lru_cache(maxsize=1 << 20)
def _iri(value: str) -> Term:
    return str(ox.NamedNode(value))


@functools.lru_cache(maxsize=1 << 20)
def node(kind: str, registry_id: str) -> Term:
    """IRI of a registry record, e.g. ``node("model", "huatuogpt")``."""
    return _iri(f"{ID_NS}{kind}/{registry_id}")


@functools.cache
def concept(scheme: str, notation: str) -> Term:
    return _iri(f"{VOCAB_NS}{scheme}/{notation}")


@functools.cache
def _p(local: str) -> Term:
    return _iri(MK[local])


def _literal(value: str, suffix: str = "") -> Term:
    """A literal: plain (xsd:string), or with ``@lang`` or ``^^<datatype>`` as *suffix*."""
    return f'"{value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value}"{suffix}'


def _typed(value: Any, datatype: str) -> Term:
    return _literal(str(value), f"^^<{XSD}{datatype}>")


def _date(value: PartialDate) -> Term:
    return _typed(value, value.xsd_datatype)


def _int(value: int) -> Term:
    return _typed(value, "integer")


def _scalar(column: Column, value: Any) -> Term:
    """The RDF object of a scalar field's value, by the column's kind."""
    if column.kind == "enum":
        return concept(column.vocab or "", value)
    if column.kind == "date":
        return _date(value)
    if column.kind == "year":
        return _int(value)
    if column.kind == "decimal":
        return _typed(value, "decimal")
    return _literal(str(value))


class _Record:
    """The N-Triples lines about one registry record, then the schema.org triples they imply
    (:mod:`medkg.graph.schema_org`), each once."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.implied: dict[str, None] = {}

    def text(self) -> str:
        return "".join(self.lines) + "".join(self.implied)


class _Triples:
    """Collects triples about one subject into a record, skipping empty values."""

    def __init__(self, out: _Record, subject: Term) -> None:
        self.out, self.subject = out, subject
        self.schema_props, self.schema_classes = _schema_org()

    def add(self, predicate: Term, obj: Term | None) -> None:
        if obj is None:
            return
        self.out.lines.append(f"{self.subject} {predicate} {obj} .\n")
        if predicate == _TYPE:
            for cls in self.schema_classes.get(obj, ()):
                self.out.implied[f"{self.subject} {_TYPE} {cls} .\n"] = None
        else:
            for prop in self.schema_props.get(predicate, ()):
                self.out.implied[f"{self.subject} {prop} {obj} .\n"] = None

    def text(self, local: str, value: str | None) -> None:
        if value:
            self.add(_p(local), _literal(value))

    def names(self, name: str, name_en: str | None, aliases: Iterable[str], registry_id: str) -> None:
        self.text("name", name)
        self.text("nameEn", name_en)
        self.add(_LABEL, _literal(name, "@zh" if is_chinese(name) else "@en"))
        if name_en and name_en != name:
            self.add(_LABEL, _literal(name_en, "@en"))
        for alias in aliases:
            self.add(_ALT, _literal(alias))
        for key in search_keys(registry_id, name, name_en, *aliases):
            self.add(_p("searchKey"), _literal(key))

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


@functools.cache
def _schema_org() -> tuple[dict[Term, tuple[Term, ...]], dict[Term, tuple[Term, ...]]]:
    """(medkg property → schema.org properties, medkg class → schema.org classes) as N-Triples terms."""
    props, classes = mappings()
    return ({f"<{k}>": tuple(str(v) for v in vs) for k, vs in props.items()},
            {f"<{k}>": tuple(str(v) for v in vs) for k, vs in classes.items()})


def _model(model: Model, out: _Record) -> None:
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
            d.add(_TYPE, _iri(MK.Derivation))
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


def _organization(org: Organization, out: _Record) -> None:
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


def _collaboration(collab: Collaboration, out: _Record) -> None:
    t = _Triples(out, node("collaboration", collab.id))
    t.add(_TYPE, _iri(MK.Collaboration))
    t.text("registryId", collab.id)
    t.add(_p("firstParty"), node("org", collab.org_a))
    t.add(_p("secondParty"), node("org", collab.org_b))
    t.add(_p("participant"), node("org", collab.org_a))
    t.add(_p("participant"), node("org", collab.org_b))
    t.add(_p("collaborationKind"), concept("collaboration-kind", collab.kind))
    if collab.model:
        t.add(_p("produced"), node("model", collab.model))
    t.scalars("collaborations", collab)
    t.add(_p("inferred"), _typed("true" if collab.derived else "false", "boolean"))
    t.source(collab.source_url, collab.source_note)


def _market_size(obs: MarketSize, out: _Record) -> None:
    t = _Triples(out, node("market-size", obs.id))
    t.add(_TYPE, _iri(MK.MarketSizeObservation))
    t.text("registryId", obs.id)
    t.scalars("market_sizes", obs)
    t.source(obs.source_url, obs.source_note)


def _statistic(stat: ReportedStatistic, out: _Record) -> None:
    t = _Triples(out, node("statistic", stat.id))
    t.add(_TYPE, _iri(MK.ReportedStatistic))
    t.text("registryId", stat.id)
    t.scalars("statistics", stat)
    t.source(stat.source_url, stat.source_note)


def _stage(stage: DevelopmentStage, out: _Record) -> None:
    t = _Triples(out, node("stage", stage.id))
    t.add(_TYPE, _iri(MK.DevelopmentStage))
    t.text("registryId", stage.id)
    t.names(stage.name, stage.name_en, (), stage.id)
    t.scalars("stages", stage)
    t.source(stage.source_url, stage.source_note)


def _supply(supply: Supply, out: _Record) -> None:
    t = _Triples(out, node("supply", supply.id))
    t.add(_TYPE, _iri(MK.Supply))
    t.text("registryId", supply.id)
    t.add(_p("supplier"), node("org", supply.provider))
    t.add(_p("suppliedModel"), node("model", supply.model))
    t.scalars("supplies", supply)
    t.source(supply.source_url, supply.source_note)


def _deployment(deployment: Deployment, out: _Record) -> None:
    t = _Triples(out, node("deployment", deployment.id))
    t.add(_TYPE, _iri(MK.Deployment))
    t.text("registryId", deployment.id)
    t.add(_p("deployer"), node("org", deployment.deployer))
    t.add(_p("deployedModel"), node("model", deployment.model))
    if deployment.vendor:
        t.add(_p("vendor"), node("org", deployment.vendor))
    t.scalars("deployments", deployment)
    t.source(deployment.source_url, deployment.source_note)


def registry_ntriples(registry: Registry, advance: Callable[[int], None] | None = None) -> Iterator[str]:
    """Every triple of the registry (without the ontology) as N-Triples text, a record at a time, in a stable order,
    with the schema.org triples that the ontology's sub-property and sub-class axioms imply; ``advance(n)`` hears
    how many records are done.

    Text, not pyoxigraph terms: making a ``Quad`` object per triple cost half the build (``bulk_load`` then parses
    the text in Rust)."""
    writers: tuple[tuple[Iterable[Any], Callable[[Any, _Record], None]], ...] = (
        (registry.organizations, _organization), (registry.models, _model),
        (registry.collaborations, _collaboration), (registry.market_sizes, _market_size),
        (registry.statistics, _statistic), (registry.stages, _stage), (registry.supplies, _supply),
        (registry.deployments, _deployment))
    for records, write in writers:
        for record in counted(records, advance or (lambda _n: None), every=1000):
            out = _Record()
            write(record, out)
            yield out.text()


def registry_quads(registry: Registry) -> Iterator[ox.Quad]:
    """The triples of :func:`registry_ntriples` as pyoxigraph quads (for tools that want terms, not text)."""
    return ox.parse(input=_readable(registry_ntriples(registry)), format=ox.RdfFormat.N_TRIPLES)


class _TextStream(io.RawIOBase):
    """A readable binary stream over chunks of text, so ``bulk_load`` parses while Python is still writing (the
    text of a 1M-model registry is gigabytes). A thread writes the text ahead in blocks of about a megabyte: pyoxigraph
    parses without holding the GIL, so writing and parsing run on two cores (at 100k models the RDF sink took 25% less
    time than with the text written on demand in ``readinto``)."""

    BLOCK = 1 << 20

    def __init__(self, chunks: Iterator[str]) -> None:
        self.pending = memoryview(b"")
        self.blocks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)
        self.closed_by_reader = threading.Event()
        threading.Thread(target=self._write_ahead, args=(chunks,), name="ntriples-writer", daemon=True).start()

    def _write_ahead(self, chunks: Iterator[str]) -> None:
        try:
            block: list[bytes] = []
            size = 0
            for chunk in chunks:
                data = chunk.encode("utf-8")
                block.append(data)
                size += len(data)
                if size >= self.BLOCK:
                    self._put(b"".join(block))
                    block, size = [], 0
            self._put(b"".join(block))
            self._put(None)
        except BaseException as error:  # handed to the reader, which raises it in the loader's thread
            self._put(error)

    def _put(self, item: bytes | BaseException | None) -> None:
        while not self.closed_by_reader.is_set():
            try:
                self.blocks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            item = self.blocks.get()
            if item is None:
                self.blocks.put(None)  # every later read is the end too
                return 0
            if isinstance(item, BaseException):
                raise item
            self.pending = memoryview(item)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def close(self) -> None:
        self.closed_by_reader.set()  # a writer still waiting for room stops
        super().close()


def _readable(chunks: Iterator[str]) -> io.BufferedReader:
    return io.BufferedReader(_TextStream(chunks), 1 << 20)


def write_store(registry: Registry, build_dir: Path, progress: Reporter | None = None) -> dict[str, int]:
    """Build sink: the ontology and the registry as an on-disk pyoxigraph store in *build_dir*; counts for the build."""
    from medkg.graph.sparql import STORE_DIR

    store = ox.Store(str(build_dir / STORE_DIR))
    store.bulk_extend(ontology_quads())
    with steps(progress, "records", total=sum(registry.counts().values())) as advance, \
            _readable(registry_ntriples(registry, advance)) as text:
        store.bulk_load(input=text, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    triples = len(store)
    store.optimize()
    del store
    return {"triples": triples}


def ontology_quads() -> Iterator[ox.Quad]:
    """The ontology and vocabularies, so queries can use labels, notations and subclass paths."""
    for path in (ONTOLOGY_PATH, VOCAB_PATH):
        yield from ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
