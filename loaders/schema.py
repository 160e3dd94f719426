"""The registry interchange format: tables, columns and what each cell must hold.

Documented for users in docs/registry-format.md; this module is what the loader enforces.
"""
from __future__ import annotations

from dataclasses import dataclass

from medkg.base.settings import SETTINGS


@dataclass(frozen=True)
class Column:
    """A column of a registry table.

    ``kind`` is one of: text, list (``;``-separated text), id, ref (an id of ``ref``), refs (``;``-separated ids),
    base_models (``id[:kind]`` list), enum / enums (notations of ontology vocabulary ``vocab``), date, year,
    decimal, url, ticker, qid.

    A column with a ``predicate`` (a property declared in ``ontology/medkg.ttl``) is a *scalar field*: its RDF
    triple, its property-graph property (named ``graph_name``, default the column name) and its type in both graphs
    are derived from this declaration. Columns without one are structural (names, references, sources) and are
    mapped by hand in the sinks.

    >>> MODELS.column("hf_repo").graph_type
    'STRING'
    >>> MARKET_SIZES.column("value").graph_type
    'DOUBLE'
    """

    name: str
    kind: str = "text"
    required: bool = False
    vocab: str | None = None
    ref: str | None = None
    doc: str = ""
    predicate: str | None = None
    graph_name: str | None = None

    @property
    def property_name(self) -> str:
        """Name of the property-graph property of a scalar field."""
        return self.graph_name or self.name

    @property
    def graph_type(self) -> str:
        """Property-graph type (Ladybug DDL; Neo4j stores the same values untyped)."""
        return GRAPH_TYPES.get(self.kind, "STRING")


GRAPH_TYPES = {"year": "INT64", "decimal": "DOUBLE"}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    doc: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def scalar_columns(self) -> tuple[Column, ...]:
        """Columns whose RDF and property-graph form is derived from their declaration."""
        return tuple(c for c in self.columns if c.predicate)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SOURCE = (Column("source_url", "url", required=True, doc="page, paper or repository you read (http/https URL)"),
          Column("source_note", doc="what the source supports"))

MODELS = Table("models", required=True, doc="One row per model; versions are separate rows linked by successor_of.", columns=(
    Column("id", "id", required=True, doc="stable registry id: letters, digits, '.', '_' or '-'"),
    Column("name", required=True, doc="name as the developer writes it"),
    Column("model_type", "enum", required=True, vocab="model-type", doc="general | specialty | tcm | other | foundation"),
    Column("developers", "refs", required=True, ref="organizations", doc="organization ids of the builders"),
    SOURCE[0],
    Column("name_en", doc="English name"),
    Column("aliases", "list", doc="other names, Traditional forms, abbreviations"),
    Column("specialties", "enums", vocab="specialty", doc="specialty notations (see vocabularies)"),
    Column("partners", "refs", ref="organizations", doc="organization ids of named partners"),
    Column("base_models", "base_models", ref="models",
           doc="model ids it was built on, optionally id:kind (finetune | adapter | continued_pretraining | merge | distillation)"),
    Column("successor_of", "ref", ref="models", doc="id of the previous version"),
    Column("family", "ref", ref="models",
           doc="model family a foundation version belongs to (e.g. qwen2.5-7b → qwen2.5 → qwen), so 'built on Qwen' finds every generation"),
    Column("release_date", "date", predicate="releaseDate", doc="YYYY, YYYY-MM, YYYY-MM-DD, 2023年5月 or 2023年5月12日"),
    Column("scenarios", "enums", vocab="scenario", doc="clinical | management | education | public_health | research | patient_service"),
    Column("filing_no", predicate="filingNumber", doc="generative-AI service filing number"),
    Column("hf_repo", predicate="hfRepo", doc="Hugging Face repository id"),
    Column("wikidata", "qid", predicate="wikidata", doc="Wikidata QID"),
    SOURCE[1],
    Column("description", predicate="description", doc="one sentence"),
    Column("modality", "enum", vocab="modality", predicate="modality",
           doc="language | vision-language | multimodal | vision | signal | molecular | speech"),
    Column("access", "enum", vocab="access", predicate="access",
           doc="open-weights | api | product | research (paper or internal use only) | closed (not open, form not stated)"),
    Column("license", predicate="license", doc="licence of open weights as the repository states it (SPDX id where one exists)"),
    Column("parameters", "decimal", predicate="parametersBillions", doc="largest size, in billions of parameters, where stated"),
))

ORGANIZATIONS = Table("organizations", required=True, doc="One row per organization.", columns=(
    Column("id", "id", required=True),
    Column("name", required=True, doc="official name (Chinese where it has one)"),
    Column("org_type", "enum", required=True, vocab="org-type",
           doc="enterprise | university | research_institute | hospital | government"),
    Column("name_en"), Column("aliases", "list"),
    Column("parent", "ref", ref="organizations", doc="parent organization id (university of a hospital, group of a subsidiary)"),
    Column("province", predicate="province"), Column("city", predicate="city"),
    Column("listed", "ticker", predicate="ticker", graph_name="ticker", doc="stock ticker such as 09988.HK or 300253.SZ"),
    Column("value_chain", "enums", vocab="tier", doc="upstream | midstream | downstream"),
    Column("segments", "enums", vocab="segment", doc="value-chain segments (see vocabularies)"),
    Column("country", predicate="country", doc="ISO 3166 code of the country of its headquarters (CN, US, …)"),
    Column("website", "url", predicate="website"), Column("wikidata", "qid", predicate="wikidata"),
    Column("source_url", "url"), SOURCE[1],
))

COLLABORATIONS = Table("collaborations", doc="Explicit collaborations between two organizations.", columns=(
    Column("org_a", "ref", required=True, ref="organizations"),
    Column("org_b", "ref", required=True, ref="organizations"),
    SOURCE[0],
    Column("kind", "enum", vocab="collaboration-kind",
           doc="hospital-enterprise, university-enterprise, ...; derived from the two org types when empty, checked when given"),
    Column("model", "ref", ref="models", doc="model the collaboration produced"),
    Column("since", "date", predicate="since"), SOURCE[1],
))

MARKET_SIZES = Table("market_sizes", doc="Market-size observations (a series per segment).", columns=(
    Column("id", "id", required=True),
    Column("segment", "enum", required=True, vocab="market-segment", predicate="segment", doc="medical_llm | ai_llm"),
    Column("year", "year", required=True, predicate="year"),
    Column("value", "decimal", required=True, predicate="value"),
    Column("unit", required=True, predicate="unit", doc="e.g. CNY_bn"),
    Column("status", "enum", required=True, vocab="status", predicate="status", doc="actual | estimate | forecast"),
    SOURCE[0], SOURCE[1],
))

STATISTICS = Table("statistics", doc="Statistics reported by a source (counts and shares by type).", columns=(
    Column("id", "id", required=True),
    Column("as_of", "date", required=True, predicate="asOf"),
    Column("measure", "enum", required=True, vocab="measure", predicate="measure"),
    Column("value", "decimal", required=True, predicate="value"),
    Column("unit", required=True, predicate="unit", doc="models or percent"),
    SOURCE[0], SOURCE[1],
))

STAGES = Table("stages", doc="Development stages of medical AI.", columns=(
    Column("id", "id", required=True),
    Column("name", required=True),
    Column("start_year", "year", required=True, predicate="startYear"),
    SOURCE[0],
    Column("name_en"), Column("end_year", "year", predicate="endYear"), Column("description", predicate="description"), SOURCE[1],
))

SUPPLIES = Table("supplies", doc="Upstream supply of a model: the compute it was trained or runs on, or its framework.", columns=(
    Column("model", "ref", required=True, ref="models", doc="the model supplied"),
    Column("relation", "enum", required=True, vocab="supply-relation", predicate="supplyRelation",
           doc="trained_on | runs_on | framework"),
    Column("provider", "ref", required=True, ref="organizations", doc="organization that makes the chip, server, cloud or framework"),
    SOURCE[0],
    Column("product", predicate="product", doc="the named product, e.g. Ascend 910B, H800, MindSpore"),
    SOURCE[1],
))

DEPLOYMENTS = Table("deployments", doc="A model deployed by an organization (usually a hospital): the downstream of the chain.",
                    columns=(
    Column("deployer", "ref", required=True, ref="organizations", doc="organization that deployed the model"),
    Column("model", "ref", required=True, ref="models", doc="the model deployed (medical or general)"),
    SOURCE[0],
    Column("date", "date", predicate="deploymentDate", doc="when it was deployed or announced"),
    Column("scope", "enum", vocab="deployment-scope", predicate="deploymentScope", doc="pilot | production"),
    Column("vendor", "ref", ref="organizations", doc="vendor or integrator, where stated"),
    Column("hardware", predicate="hardware", doc="hardware as stated, e.g. Ascend 910B all-in-one"),
    SOURCE[1],
))

TABLES: dict[str, Table] = {t.name: t for t in (MODELS, ORGANIZATIONS, COLLABORATIONS, MARKET_SIZES, STATISTICS, STAGES,
                                                SUPPLIES, DEPLOYMENTS)}


@dataclass(frozen=True)
class Limits:
    """Input limits; past them the loader stops with a clear error instead of exhausting memory."""

    max_cell_chars: int = SETTINGS["max_cell_chars"].default
    max_rows: int = SETTINGS["max_rows"].default
    max_file_bytes: int = SETTINGS["max_file_bytes"].default
