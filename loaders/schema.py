"""The registry interchange format: tables, columns and what each cell must hold.

Documented for users in docs/registry-format.md; this module is what the loader enforces.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A column of a registry table.

    ``kind`` is one of: text, list (``;``-separated text), id, ref (an id of ``ref``), refs (``;``-separated ids),
    base_models (``id[:kind]`` list), enum / enums (notations of ontology vocabulary ``vocab``), date, year,
    decimal, url, ticker, qid.
    """

    name: str
    kind: str = "text"
    required: bool = False
    vocab: str | None = None
    ref: str | None = None
    doc: str = ""


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
    Column("release_date", "date", doc="YYYY, YYYY-MM, YYYY-MM-DD, 2023年5月 or 2023年5月12日"),
    Column("scenarios", "enums", vocab="scenario", doc="clinical | management | education | public_health | research | patient_service"),
    Column("filing_no", doc="generative-AI service filing number"),
    Column("hf_repo", doc="Hugging Face repository id"),
    Column("wikidata", "qid", doc="Wikidata QID"),
    SOURCE[1],
    Column("description", doc="one sentence"),
))

ORGANIZATIONS = Table("organizations", required=True, doc="One row per organization.", columns=(
    Column("id", "id", required=True),
    Column("name", required=True, doc="official name (Chinese where it has one)"),
    Column("org_type", "enum", required=True, vocab="org-type",
           doc="enterprise | university | research_institute | hospital | government"),
    Column("name_en"), Column("aliases", "list"),
    Column("parent", "ref", ref="organizations", doc="parent organization id (university of a hospital, group of a subsidiary)"),
    Column("province"), Column("city"),
    Column("listed", "ticker", doc="stock ticker such as 09988.HK or 300253.SZ"),
    Column("value_chain", "enums", vocab="tier", doc="upstream | midstream | downstream"),
    Column("segments", "enums", vocab="segment", doc="value-chain segments (see vocabularies)"),
    Column("website", "url"), Column("wikidata", "qid"),
    Column("source_url", "url"), SOURCE[1],
))

COLLABORATIONS = Table("collaborations", doc="Explicit collaborations between two organizations.", columns=(
    Column("org_a", "ref", required=True, ref="organizations"),
    Column("org_b", "ref", required=True, ref="organizations"),
    SOURCE[0],
    Column("kind", "enum", vocab="collaboration-kind",
           doc="hospital-enterprise, university-enterprise, ...; derived from the two org types when empty, checked when given"),
    Column("model", "ref", ref="models", doc="model the collaboration produced"),
    Column("since", "date"), SOURCE[1],
))

MARKET_SIZES = Table("market_sizes", doc="Market-size observations (a series per segment).", columns=(
    Column("id", "id", required=True),
    Column("segment", "enum", required=True, vocab="market-segment", doc="medical_llm | ai_llm"),
    Column("year", "year", required=True),
    Column("value", "decimal", required=True),
    Column("unit", required=True, doc="e.g. CNY_bn"),
    Column("status", "enum", required=True, vocab="status", doc="actual | estimate | forecast"),
    SOURCE[0], SOURCE[1],
))

STATISTICS = Table("statistics", doc="Statistics reported by a source (counts and shares by type).", columns=(
    Column("id", "id", required=True),
    Column("as_of", "date", required=True),
    Column("measure", "enum", required=True, vocab="measure"),
    Column("value", "decimal", required=True),
    Column("unit", required=True, doc="models or percent"),
    SOURCE[0], SOURCE[1],
))

STAGES = Table("stages", doc="Development stages of medical AI.", columns=(
    Column("id", "id", required=True),
    Column("name", required=True),
    Column("start_year", "year", required=True),
    SOURCE[0],
    Column("name_en"), Column("end_year", "year"), Column("description"), SOURCE[1],
))

TABLES: dict[str, Table] = {t.name: t for t in (MODELS, ORGANIZATIONS, COLLABORATIONS, MARKET_SIZES, STATISTICS, STAGES)}


@dataclass(frozen=True)
class Limits:
    """Input limits; past them the loader stops with a clear error instead of exhausting memory."""

    max_cell_chars: int = 20_000
    max_rows: int = 5_000_000
    max_file_bytes: int = 2 * 1024**3
