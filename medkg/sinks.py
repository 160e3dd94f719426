"""Where a registry goes: the sinks written into every build, and the on-demand exports and pushes.

A new sink is one function in ``graph/`` and one entry here. Build sinks, pushes and the exports marked
``reports_progress`` take a keyword ``progress`` (a :mod:`medkg.base.progress` reporter): the long work shows a bar.
Build sinks take ``(registry, build_dir)`` and return
counts for the build's metadata; they succeed or fail with the build. Exports and pushes read the current build's
RDF store (``reads="store"``) or its registry snapshot (``reads="registry"``).

>>> list(BUILD_SINKS)
['rdf', 'snapshot', 'cypher', 'summaries']
>>> EXPORTS["neo4j-csv"].to_folder, EXPORTS["ttl"].to_folder
(True, False)
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["BUILD_SINKS", "EXPORTS", "PUSHES", "Sink", "load"]


@dataclass(frozen=True)
class Sink:
    """A named writer: what it says while working, what it reads, and where its function lives."""

    name: str
    description: str
    implementation: str  # "module:function", imported only when used
    reads: str = "registry"
    to_folder: bool = False
    reports_progress: bool = False


def load(sink: Sink) -> Callable[..., Any]:
    module, _, function = sink.implementation.partition(":")
    return getattr(importlib.import_module(module), function)


BUILD_SINKS: dict[str, Sink] = {s.name: s for s in (
    Sink("rdf", "writing RDF store", "medkg.graph.rdf:write_store"),
    Sink("snapshot", "writing registry snapshot", "medkg.graph.snapshot:write_snapshot"),
    Sink("cypher", "writing Cypher database", "medkg.graph.cypher_embedded:write_build"),
    Sink("summaries", "precomputing whole-graph summaries", "medkg.graph.summaries:write_summaries"),
)}

EXPORTS: dict[str, Sink] = {s.name: s for s in (
    Sink("ttl", "Turtle", "medkg.graph.rdf_files:dump_turtle", reads="store", reports_progress=True),
    Sink("nt", "N-Triples", "medkg.graph.rdf_files:dump_ntriples", reads="store", reports_progress=True),
    Sink("nq", "N-Quads in medkg's named graph", "medkg.graph.rdf_files:dump_nquads", reads="store", reports_progress=True),
    Sink("trig", "TriG in medkg's named graph", "medkg.graph.rdf_files:dump_trig", reads="store", reports_progress=True),
    Sink("jsonld", "compact JSON-LD with an @context", "medkg.graph.rdf_files:dump_jsonld", reads="store", reports_progress=True),
    Sink("neo4j-csv", "neo4j-admin import files", "medkg.graph.neo4j_csv:write_registry", to_folder=True),
    Sink("csv", "the registry tables (UTF-8 CSV with BOM)", "medkg.graph.tables_export:write_csv_tables", to_folder=True),
    Sink("xlsx", "the registry tables as one workbook", "medkg.graph.tables_export:write_xlsx", to_folder=True),
    Sink("graphml", "collaboration network (GraphML)", "medkg.graph.network_export:write_graphml"),
    Sink("gexf", "collaboration network (GEXF)", "medkg.graph.network_export:write_gexf"),
)}

PUSHES: dict[str, Sink] = {s.name: s for s in (
    Sink("neo4j", "pushing to Neo4j", "medkg.graph.neo4j:push_registry"),
    Sink("sparql", "pushing to a SPARQL store", "medkg.graph.sparql_remote:push_store", reads="store"),
)}
