"""The one model of a registry in the middle: loaders produce it, sinks (RDF, Neo4j, networkx, files) consume it.

>>> org = Organization(id="cuhk-sz", name="香港中文大学（深圳）", org_type="university", source_url="https://example.org")
>>> m = Model(id="huatuogpt", name="华佗GPT", model_type="general", developers=("cuhk-sz",), source_url="https://example.org")
>>> reg = Registry(models=(m,), organizations=(org,))
>>> reg.counts()["models"]
1
>>> m.is_medical
True
"""
from __future__ import annotations

import hashlib
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, TextIO

from medkg.base.dates import PartialDate, parse_date

MEDICAL_TYPES = ("general", "specialty", "tcm", "other")


@dataclass(frozen=True)
class BaseModelRef:
    """A base model a model is built on, with the kind of derivation when the source states it."""

    model_id: str
    kind: str | None = None

    def __str__(self) -> str:
        return f"{self.model_id}:{self.kind}" if self.kind else self.model_id


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    model_type: str
    developers: tuple[str, ...]
    source_url: str
    name_en: str | None = None
    aliases: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    base_models: tuple[BaseModelRef, ...] = ()
    successor_of: str | None = None
    family: str | None = None
    release_date: PartialDate | None = None
    scenarios: tuple[str, ...] = ()
    filing_no: str | None = None
    hf_repo: str | None = None
    wikidata: str | None = None
    source_note: str | None = None
    description: str | None = None
    modality: str | None = None
    access: str | None = None
    license: str | None = None
    parameters: Decimal | None = None

    @property
    def is_medical(self) -> bool:
        return self.model_type in MEDICAL_TYPES

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the model is known by: name, English name, aliases."""
        return tuple(n for n in (self.name, self.name_en, *self.aliases) if n)


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    org_type: str
    source_url: str | None = None
    name_en: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    province: str | None = None
    city: str | None = None
    listed: str | None = None
    value_chain: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    country: str | None = None
    website: str | None = None
    wikidata: str | None = None
    source_note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.name_en, *self.aliases) if n)


@dataclass(frozen=True)
class Collaboration:
    """Two organizations working together; ``derived`` when implied by a model they both built."""

    org_a: str
    org_b: str
    kind: str
    source_url: str
    model: str | None = None
    since: PartialDate | None = None
    source_note: str | None = None
    derived: bool = False

    @property
    def id(self) -> str:
        return f"{self.org_a}--{self.org_b}" + (f"--{self.model}" if self.model else "")


@dataclass(frozen=True)
class Supply:
    """An upstream organization's chip, server, cloud or framework that a model was trained or runs on."""

    model: str
    relation: str
    provider: str
    source_url: str
    product: str | None = None
    source_note: str | None = None

    @property
    def id(self) -> str:
        product = f"--{hashlib.sha1(self.product.encode()).hexdigest()[:8]}" if self.product else ""
        return f"{self.provider}--{self.relation}--{self.model}{product}"


@dataclass(frozen=True)
class Deployment:
    """A model deployed by an organization, usually a hospital."""

    deployer: str
    model: str
    source_url: str
    date: PartialDate | None = None
    scope: str | None = None
    vendor: str | None = None
    hardware: str | None = None
    source_note: str | None = None

    @property
    def id(self) -> str:
        return f"{self.deployer}--{self.model}" + (f"--{self.date}" if self.date else "")


@dataclass(frozen=True)
class MarketSize:
    id: str
    segment: str
    year: int
    value: Decimal
    unit: str
    status: str
    source_url: str
    source_note: str | None = None


@dataclass(frozen=True)
class ReportedStatistic:
    id: str
    as_of: PartialDate
    measure: str
    value: Decimal
    unit: str
    source_url: str
    source_note: str | None = None


@dataclass(frozen=True)
class DevelopmentStage:
    id: str
    name: str
    start_year: int
    source_url: str
    name_en: str | None = None
    end_year: int | None = None
    description: str | None = None
    source_note: str | None = None


@dataclass(frozen=True)
class Registry:
    """A validated registry. Build one with :func:`medkg.loaders.load_registry`.

    ``collaborations`` holds the explicit rows and, marked ``derived``, one per pair of organizations that built or
    partnered in the same model (the loader adds those, with their kinds resolved from the ontology).
    """

    models: tuple[Model, ...] = ()
    organizations: tuple[Organization, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    market_sizes: tuple[MarketSize, ...] = ()
    statistics: tuple[ReportedStatistic, ...] = ()
    stages: tuple[DevelopmentStage, ...] = ()
    supplies: tuple[Supply, ...] = ()
    deployments: tuple[Deployment, ...] = ()

    @cached_property
    def model_by_id(self) -> dict[str, Model]:
        return {m.id: m for m in self.models}

    @cached_property
    def org_by_id(self) -> dict[str, Organization]:
        return {o.id: o for o in self.organizations}

    @property
    def medical_models(self) -> tuple[Model, ...]:
        return tuple(m for m in self.models if m.is_medical)

    def counts(self) -> dict[str, int]:
        return {"models": len(self.models), "medical_models": len(self.medical_models),
                "organizations": len(self.organizations), "collaborations": len(self.collaborations),
                "market_sizes": len(self.market_sizes), "statistics": len(self.statistics), "stages": len(self.stages),
                "supplies": len(self.supplies), "deployments": len(self.deployments)}

    # -- snapshot: the build keeps the model beside the store so sinks never re-read the user's files
    def write_json(self, out: TextIO) -> None:
        """The registry as one JSON object of record lists, written a record at a time (the whole text of a
        1M-model registry is gigabytes; built in memory it was the build's peak).

        >>> import io
        >>> out = io.StringIO(); Registry().write_json(out); out.getvalue()[:40]
        '{"models": [], "organizations": [], "col'
        """
        out.write("{")
        for i, table in enumerate(fields(self)):
            out.write(f"{', ' if i else ''}{json.dumps(table.name)}: [")
            for j, record in enumerate(getattr(self, table.name)):
                out.write(f"{', ' if j else ''}{json.dumps(encode_record(record), ensure_ascii=False)}")
            out.write("]")
        out.write("}")

    @classmethod
    def from_json(cls, text: str) -> Registry:
        data = json.loads(text)
        return cls(**{name: tuple(_decode(record_type, r) for r in data.get(name, ()))
                      for name, record_type in RECORD_TYPES.items()})


RECORD_TYPES: dict[str, type] = {"models": Model, "organizations": Organization, "collaborations": Collaboration,
                                 "market_sizes": MarketSize, "statistics": ReportedStatistic,
                                 "stages": DevelopmentStage, "supplies": Supply, "deployments": Deployment}


def _encode_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_encode_value(v) for v in value]
    if isinstance(value, (Decimal, PartialDate, BaseModelRef)):
        return str(value)
    return value


def encode_record(record: Any) -> dict[str, Any]:
    return {f.name: _encode_value(getattr(record, f.name)) for f in fields(record)}


@cache
def _field_types(record_type: type) -> dict[str, Any]:
    """Each field's type with ``None`` taken out of optional ones: the snapshot is decoded by type, not by name."""
    hints = typing.get_type_hints(record_type)
    out = {}
    for name, hint in hints.items():
        if isinstance(hint, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        out[name] = hint
    return out


def _decoder(hint: Any) -> Callable[[Any], Any] | None:
    """How a JSON value of type *hint* becomes the field's value; ``None`` where it is used as it is."""
    if typing.get_origin(hint) is tuple:
        item = _decoder(typing.get_args(hint)[0])
        return tuple if item is None else (lambda values: tuple(item(v) for v in values))
    decoders: dict[Any, Callable[[Any], Any]] = {PartialDate: parse_date, Decimal: Decimal, BaseModelRef: _base_model_ref}
    return decoders.get(hint)


def _base_model_ref(text: str) -> BaseModelRef:
    model_id, _, kind = text.partition(":")
    return BaseModelRef(model_id, kind or None)


@cache
def _decoders(record_type: type) -> tuple[frozenset[str], dict[str, Callable[[Any], Any]]]:
    """The field names of *record_type*, and a decoder for each field that needs one (decided once per type: at
    100k models, asking the type of every value took most of reading a snapshot)."""
    hints = _field_types(record_type)
    return frozenset(hints), {name: decode for name, hint in hints.items() if (decode := _decoder(hint)) is not None}


def _decode(record_type: type, record: dict[str, Any]) -> Any:
    names, decoders = _decoders(record_type)
    values = {name: value for name, value in record.items() if name in names}
    for name, decode in decoders.items():
        value = values.get(name)
        if value is not None:
            values[name] = decode(value)
    return record_type(**values)
