"""The one model of a registry in the middle: loaders produce it, sinks (RDF, Neo4j, networkx, files) consume it.

>>> org = Organization(id="cuhk-sz", name="香港中文大学（深圳）", org_type="university", source_url="https://example.org")
>>> m = Model(id="huatuogpt", name="华佗GPT", model_type="general", developers=("cuhk-sz",), source_url="https://example.org")
>>> reg = Registry(models=(m,), organizations=(org,))
>>> [c.kind for c in reg.all_collaborations()]
[]
>>> m.is_medical
True
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from functools import cache, cached_property
from itertools import combinations
from typing import Any

from medkg.dates import PartialDate, parse_date

MEDICAL_TYPES = ("general", "specialty", "tcm", "other")


@cache
def kind_of_pair() -> dict[tuple[str, str], str]:
    """``(first org type, second org type) -> collaboration kind``, from the ontology's collaboration-kind scheme."""
    from medkg.ontology import concept_by_iri, vocabulary

    return {(concept_by_iri(c.first_type).notation, concept_by_iri(c.second_type).notation): c.notation
            for c in vocabulary("collaboration-kind").values() if c.first_type and c.second_type}


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
    """A validated registry. Build one with :func:`medkg.loaders.load_registry`."""

    models: tuple[Model, ...] = ()
    organizations: tuple[Organization, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    market_sizes: tuple[MarketSize, ...] = ()
    statistics: tuple[ReportedStatistic, ...] = ()
    stages: tuple[DevelopmentStage, ...] = ()

    @cached_property
    def model_by_id(self) -> dict[str, Model]:
        return {m.id: m for m in self.models}

    @cached_property
    def org_by_id(self) -> dict[str, Organization]:
        return {o.id: o for o in self.organizations}

    @property
    def medical_models(self) -> tuple[Model, ...]:
        return tuple(m for m in self.models if m.is_medical)

    def all_collaborations(self) -> tuple[Collaboration, ...]:
        """Explicit collaborations plus one per pair of organizations that built or partnered in the same model.

        A derived collaboration carries the model's source; an explicit row for the same pair and model wins.
        """
        explicit = {(frozenset((c.org_a, c.org_b)), c.model): c for c in self.collaborations}
        derived: list[Collaboration] = []
        for model in self.models:
            involved = sorted(set(model.developers) | set(model.partners))
            for a, b in combinations(involved, 2):
                if (frozenset((a, b)), model.id) in explicit:
                    continue
                first, second, kind = self.ordered_pair(a, b)
                derived.append(Collaboration(first, second, kind, model.source_url, model=model.id, derived=True))
        return tuple(self.collaborations) + tuple(derived)

    def ordered_pair(self, a: str, b: str) -> tuple[str, str, str]:
        """Order two organization ids as their collaboration kind names them, and return the kind."""
        ta, tb = self.org_by_id[a].org_type, self.org_by_id[b].org_type
        kinds = kind_of_pair()
        if (ta, tb) in kinds:
            if ta == tb and b < a:
                a, b = b, a
            return a, b, kinds[(ta, tb)]
        return b, a, kinds[(tb, ta)]

    def counts(self) -> dict[str, int]:
        return {"models": len(self.models), "medical_models": len(self.medical_models),
                "organizations": len(self.organizations), "collaborations": len(self.all_collaborations()),
                "market_sizes": len(self.market_sizes), "statistics": len(self.statistics), "stages": len(self.stages)}

    # -- snapshot: the build keeps the model beside the store so sinks never re-read the user's files
    def to_json(self) -> str:
        return json.dumps({f.name: [_encode(asdict(r)) for r in getattr(self, f.name)]
                           for f in fields(self)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Registry":
        data = json.loads(text)
        record_types = {"models": Model, "organizations": Organization, "collaborations": Collaboration,
                        "market_sizes": MarketSize, "statistics": ReportedStatistic, "stages": DevelopmentStage}
        return cls(**{name: tuple(_decode(rt, r) for r in data.get(name, ())) for name, rt in record_types.items()})


def _encode(record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, dict) and "year" in value:  # PartialDate
            value = str(PartialDate(**value))
        elif isinstance(value, (list, tuple)):
            value = [str(BaseModelRef(**v)) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out


def _decode(record_type: type, record: dict[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for f in fields(record_type):
        if f.name not in record:
            continue
        value = record[f.name]
        if f.name == "base_models":
            value = tuple(BaseModelRef(*(v.split(":", 1) if ":" in v else (v, None))) for v in value)
        elif isinstance(value, list):
            value = tuple(value)
        elif f.name in ("release_date", "since", "as_of") and value is not None:
            value = parse_date(value)
        elif f.name == "value":
            value = Decimal(value)
        values[f.name] = value
    return record_type(**values)
